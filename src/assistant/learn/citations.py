"""The lessons' quotes against the guidance itself.

The guidance is cleaned exactly as the index cleans it (`assistant.knowledge.clean`), so a quote
is checked against the text and the section headings a user also sees in the sources of an
answer. Cleaning the five documents takes about a second and is done once per process.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from assistant.knowledge.clean import clean_document, word_counts
from assistant.knowledge.loaders import load_documents, source_titles
from assistant.learn.lessons import Course, Quote
from assistant.plan.titles import section_in, title_in
from assistant.core.resources import DEFAULT_CORPUS_DIR


def normalise(text: str) -> str:
    """Whitespace-insensitive form of a passage."""
    return re.sub(r"\s+", " ", text).strip()


@dataclass(frozen=True)
class GuidanceDocument:
    doc: str  # the file's number, "000"
    title: str
    sections: dict[str, str]  # heading -> the section's text, normalised


@lru_cache(maxsize=2)
def guidance(corpus_dir: str = str(DEFAULT_CORPUS_DIR)) -> dict[str, GuidanceDocument]:
    """The guidance documents by number, cleaned as the index cleans them."""
    documents, _skipped = load_documents([Path(corpus_dir)])
    vocabulary = word_counts([d.text for d in documents])
    out: dict[str, GuidanceDocument] = {}
    for d in documents:
        cleaned = clean_document(d.doc, d.text, title=d.title, source=d.source, vocabulary=vocabulary)
        sections: dict[str, list[str]] = {}
        for s in cleaned.sections:
            # a bullet's mark is layout, not text: a quote may run over the items of a list
            sections.setdefault(s.heading, []).extend(p.removeprefix("• ") for p in s.paragraphs)
        number = d.doc[:3]
        out[number] = GuidanceDocument(number, d.title, {h: normalise(" ".join(p)) for h, p in sections.items()})
    return out


def document_title(doc: str, corpus_dir: Path = DEFAULT_CORPUS_DIR) -> str:
    """The title of guidance document `doc` ("000") as SOURCES.md names it."""
    for stem, title in _titles(str(corpus_dir)).items():
        if stem.startswith(doc):
            return title
    return doc


def citation(quote: Quote, lang: str = "nl") -> str:
    """Where a quote comes from: document · section; in English the Dutch titles with their glosses."""
    return f"{title_in(document_title(quote.doc), lang)} · {section_in(quote.section, lang)}"


@lru_cache(maxsize=2)
def _titles(corpus_dir: str) -> dict[str, str]:
    return source_titles(Path(corpus_dir))


def quote_problem(quote: Quote, corpus_dir: Path = DEFAULT_CORPUS_DIR) -> str | None:
    """Why `quote` is not a verbatim passage of its section, or None when it is."""
    docs = guidance(str(corpus_dir))
    document = docs.get(quote.doc)
    if document is None:
        return f"geen document {quote.doc} / no document {quote.doc}"
    passage = normalise(quote.text)
    section = document.sections.get(quote.section)
    if section is not None and passage in section:
        return None
    found = [h for h, text in document.sections.items() if passage in text]
    if found:
        return f"staat in sectie / is in section '{found[0]}', niet / not '{quote.section}'"
    if section is None:
        return f"geen sectie / no section '{quote.section}' in {quote.doc}"
    return f"niet letterlijk in / not verbatim in '{quote.section}': {passage[:80]}…"


def course_problems(course: Course, corpus_dir: Path = DEFAULT_CORPUS_DIR) -> list[str]:
    """Every quote of the course that is not in the guidance, with its lesson."""
    problems = []
    for lesson in course:
        for quote in lesson.quotes():
            problem = quote_problem(quote, corpus_dir)
            if problem:
                problems.append(f"{course.lang} les/lesson {lesson.step}: {problem}")
    return problems
