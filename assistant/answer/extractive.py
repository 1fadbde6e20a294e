"""Extractive answers: the sentences of the retrieved passages that best answer the question."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from assistant.answer.messages import message
from assistant.knowledge.chunk import split_sentences
from assistant.knowledge.types import Answer, Citation, Passage, Retrieval

if TYPE_CHECKING:
    from assistant.knowledge.base import KnowledgeBase

#: How many passages the answer may draw sentences from, and how many sentences it shows.
SOURCE_PASSAGES = 4
MAX_SENTENCES = 3
MIN_SENTENCE_CHARS = 20
RANK_PRIOR = 0.25


def _sentences(passage: Passage) -> list[str]:
    out: list[str] = []
    for line in passage.text.split("\n"):
        line = line.strip().lstrip("• ").strip()
        if not line:
            continue
        out.extend(s for s in split_sentences(line) if len(s) >= MIN_SENTENCE_CHARS)
    return out


def compose_answer(retrieval: Retrieval, kb: KnowledgeBase, *, lang: str = "nl") -> Answer:
    if not retrieval.found or not retrieval.passages:
        return Answer(retrieval.question, False, message("not_covered", lang), [], retrieval.passages)
    lexical = kb.lexical
    concepts = kb.concepts(retrieval.question)
    analyzer = lexical.analyzer if lexical else None
    weights = []
    for concept in concepts:
        known = [lexical.idf(t) for t in concept.terms if lexical and lexical.document_frequency(t)]
        weights.append(max(known) if known else 0.0)
    total = sum(weights) or 1.0

    scored: list[tuple[float, int, int, str]] = []
    for p_index, passage in enumerate(retrieval.passages[:SOURCE_PASSAGES]):
        for s_index, sentence in enumerate(_sentences(passage)):
            stems = set(analyzer.document_terms(sentence)) if analyzer else set()
            overlap = 0.0
            for concept, weight in zip(concepts, weights):
                if concept.terms & stems or (concept.parts and concept.parts <= stems):
                    overlap += weight
            score = overlap / total + RANK_PRIOR / (1 + p_index)
            scored.append((score, p_index, s_index, sentence))
    if not scored:
        return Answer(retrieval.question, False, message("not_covered", lang), [], retrieval.passages)
    chosen = sorted(scored, key=lambda item: -item[0])[:MAX_SENTENCES]
    chosen.sort(key=lambda item: (item[1], item[2]))

    numbers: dict[int, int] = {}
    quotes: dict[int, list[str]] = {}
    parts: list[str] = []
    for _score, p_index, _s_index, sentence in chosen:
        number = numbers.setdefault(p_index, len(numbers) + 1)
        quotes.setdefault(p_index, []).append(sentence)
        parts.append(f"{sentence} [{number}]")
    citations = [Citation(numbers[p], retrieval.passages[p], " … ".join(quotes[p])) for p in numbers]
    citations.sort(key=lambda c: c.number)
    return Answer(retrieval.question, True, " ".join(parts), citations, retrieval.passages)


_MARKER_RE = re.compile(r"\[(\d{1,2})\]")


def citation_numbers(text: str) -> list[int]:
    return [int(n) for n in _MARKER_RE.findall(text)]
