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
from assistant.knowledge.types import SECTION_SEPARATOR
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
    #: heading -> where in the section's text a paragraph or a list item begins
    starts: dict[str, frozenset[int]]


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
            paragraphs = (normalise(p.removeprefix("• ")) for p in s.paragraphs)
            sections.setdefault(s.heading, []).extend(p for p in paragraphs if p)
        number = d.doc[:3]
        out[number] = GuidanceDocument(number, d.title, {h: " ".join(p) for h, p in sections.items()},
                                       {h: _paragraph_starts(p) for h, p in sections.items()})
    return out


def _paragraph_starts(paragraphs: list[str]) -> frozenset[int]:
    """The offsets in `" ".join(paragraphs)` where each paragraph begins."""
    starts, offset = [], 0
    for p in paragraphs:
        starts.append(offset)
        offset += len(p) + 1
    return frozenset(starts)


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
        if not _begins_sentence(section, document.starts[quote.section], passage):
            return f"begint midden in een zin / starts mid-sentence: {passage[:80]}…"
        return None
    found = [h for h, text in document.sections.items() if passage in text]
    if found:
        return f"staat in sectie / is in section '{found[0]}', niet / not '{quote.section}'"
    if section is None:
        return f"geen sectie / no section '{quote.section}' in {quote.doc}"
    return f"niet letterlijk in / not verbatim in '{quote.section}': {passage[:80]}…"


#: What ends a sentence, closing quotation marks and brackets behind it allowed: "… langskomen.’"
_SENTENCE_END = r"[.!?][’”'\")]*"


def _begins_sentence(section: str, starts: frozenset[int], passage: str) -> bool:
    """Whether `passage` occurs in `section` where a sentence begins, or is one or more whole items
    of a list that do not run on into the next sentence. A lesson quoted “resultaten van
    proefprojecten bij andere overheden. Of vraag …”: the tail of a sentence whose start ("Als
    startpunt … kunt u op zoek gaan naar …:") it left off, and the start of the next one."""
    at = section.find(passage)
    while at >= 0:
        # a paragraph, an item, or a capital after a label's colon ("Voetnoot 1: SBIR (…) is …")
        opens = at in starts or re.search(r"(?:" + _SENTENCE_END + "|:)$", section[:at].rstrip())
        if opens and not passage[0].islower():
            return True
        end = at + len(passage)
        if at in starts and not re.search(_SENTENCE_END + r" \w", passage):  # items of a list, whole:
            item_end = min((s for s in starts if s > end), default=len(section) + 1) - 1
            if section[end:item_end].strip() in ("", ",", ";"):  # up to the next, its comma aside
                return True
        at = section.find(passage, at + 1)
    return False


#: Between the places a glossary card's source names: "Handreiking, Stap 2, kader '…'; Innovatiepartnerschap in praktijk"
_DOCUMENT_SEPARATOR = "; "
_PLACE_SEPARATOR = re.compile(r", (?=(?:[^']*'[^']*')*[^']*$)")  # not inside a quoted title
#: What a place adds to the title it names: "kader 'Blockchain technologie'", "'…' (GVB)"
_PLACE_WRAPPING = re.compile(r"^(?:kader |box )|\s*\([^()]*\)$")


def sections_named(source: str, corpus_dir: Path = DEFAULT_CORPUS_DIR) -> tuple[list[tuple[str, str]], list[str]]:
    """The (document, heading) of each section a glossary card's `source` names, and the places it
    names that are no document or section of the guidance. A document named alone stands for all
    its sections; a step ("Stap 2"), a number ("1.2") or a title names each section under it."""
    docs = guidance(str(corpus_dir))
    found: list[tuple[str, str]] = []
    unknown: list[str] = []
    for part in source.split(_DOCUMENT_SEPARATOR):
        name, *places = _PLACE_SEPARATOR.split(part.strip())
        document = next((d for d in docs.values() if _words(name) <= _words(d.title)), None)
        if document is None:
            unknown.append(name)
            continue
        if not places:
            found += [(document.doc, heading) for heading in document.sections]
        for place in places:
            title = _PLACE_WRAPPING.sub("", place).strip("'")
            under = [(document.doc, h) for h in document.sections if _heads(title, h)]
            found += under
            if not under:
                unknown.append(place)
    return found, unknown


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.casefold()))


def _heads(title: str, heading: str) -> bool:
    """Whether `title` is a part of `heading`, or its start up to a word's end ("Stap 1" heads
    "Stap 1: Verken …", not "Stap 10: …"); a space the PDF put inside a word aside ("Innoveren
    met de onder handelingsprocedure")."""
    title = title.casefold()
    for part in (p.casefold() for p in heading.split(SECTION_SEPARATOR)):
        if part.startswith(title) and (len(part) == len(title) or not part[len(title)].isalnum()):
            return True
        if re.sub(r"\s+", "", part) == re.sub(r"\s+", "", title):
            return True
    return False


def course_problems(course: Course, corpus_dir: Path = DEFAULT_CORPUS_DIR) -> list[str]:
    """Every quote of the course that is not in the guidance, with its lesson."""
    problems = []
    for lesson in course:
        for quote in lesson.quotes():
            problem = quote_problem(quote, corpus_dir)
            if problem:
                problems.append(f"{course.lang} les/lesson {lesson.step}: {problem}")
    return problems
