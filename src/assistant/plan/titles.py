"""The guidance's Dutch titles with their English glosses (resources/prompts/guidance_titles.toml).

The titles of documents, sections and boxes stay Dutch in English, as the guidance names them
(a reader searches the PDF for them); in English each is followed by its gloss:
"Stap 6 · Leveranciersafhankelijkheid (supplier dependency)".
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from assistant.core.resources import PROMPTS_DIR
from assistant.knowledge.types import SECTION_SEPARATOR
from assistant.plan.datafile import DataFileError, load_validated
from assistant.plan.messages import source_label

TITLES_PATH = PROMPTS_DIR / "guidance_titles.toml"


class TitlesError(DataFileError):
    """The titles file cannot be used; names the file and (when known) the line."""


class _TitlesModel(BaseModel):
    model_config = ConfigDict(extra="forbid")

    #: titles a gloss would only repeat (names, titles in English already)
    as_is: list[str] = Field(default_factory=list)
    gloss: dict[str, str] = Field(min_length=1)


def load_glosses(path: Path = TITLES_PATH) -> dict[str, str]:
    """Dutch title -> English gloss, read and checked: each title and gloss a line of text, the
    gloss not the title itself (then it says nothing)."""
    model, fail = load_validated(path, _TitlesModel, TitlesError)
    for title in model.as_is:
        if title in model.gloss:
            raise fail(("gloss", title), "staat ook bij as_is / also listed as_is")
    glosses = model.gloss
    for title, gloss in glosses.items():
        problem = ("leeg / empty" if not title.strip() or not gloss.strip()
                   else "meer dan één regel / more than one line" if "\n" in title + gloss
                   else "de vertaling is de titel zelf / the gloss is the title itself"
                   if gloss.strip().casefold() == title.strip().casefold() else None)
        if problem:
            raise fail(("gloss", title), problem)
    return glosses


@cache
def glosses() -> dict[str, str]:
    """The shipped glosses (read once)."""
    return load_glosses()


@cache
def titles_as_is(path: Path = TITLES_PATH) -> frozenset[str]:
    """The titles that are shown without a gloss on purpose: names, and titles in English already."""
    return frozenset(load_validated(path, _TitlesModel, TitlesError)[0].as_is)


def title_in(title: str, lang: str = "nl") -> str:
    """A Dutch title as `lang` shows it: itself in Dutch, with its gloss in English
    ("Innoveren over grenzen heen (innovating across borders)"); unglossed where it has none."""
    gloss = glosses().get(title) if lang == "en" else None
    return f"{title} ({gloss})" if gloss else title


#: Where a source names a section or a box: between its separators ("Handreiking, Stap 3,
#: kader '…'", "Stap 6 · Leveranciersafhankelijkheid").
_SEPARATOR = re.compile(r", |; | · ")
#: a step's heading: "Stap 1: Verken nieuwe technologieën" (its title after the colon)
_HEADING = re.compile(r"^Stap \d+: (?P<title>.+)$")
#: a box or section by its quoted title: "kader 'Zijn regels echt regels?'"
_QUOTED = re.compile(r"'(?P<title>[^']+)'")
#: what names no title: the document ("Handreiking (guidance)"), a step or a section by its number
#: ("Stap 6", "3.3"), and a box described, not named ("box with examples": a name is quoted)
_NO_TITLE = re.compile(r"^(?:Handreiking(?: \(guidance\))?|Stap \d+|\d+(?:\.\d+)+|(?:box|kader) [^']*)$")
#: an aside after a title: "'Testen in de praktijk' (Talking Traffic)"
_ASIDE = re.compile(r"\s*\([^()]*\)$")


def source_titles(source: str) -> list[tuple[int, int]]:
    """The (start, end) of each Dutch title `source` names: a step's heading after its colon,
    a quoted title, or a segment that is neither the document nor a step number."""
    spans: list[tuple[int, int]] = []
    start = 0
    for end in [m.start() for m in _SEPARATOR.finditer(source)] + [len(source)]:
        segment = source[start:end]
        quoted = list(_QUOTED.finditer(segment))
        if quoted:
            spans += [(start + m.start(), start + m.end()) for m in quoted]  # after the closing quote
        elif (heading := _HEADING.match(segment)) is not None:
            spans.append((start + heading.start("title"), end))
        elif segment and not _NO_TITLE.match(segment):
            spans.append((start, start + len(_ASIDE.sub("", segment))))
        start = end + (len(m.group()) if (m := _SEPARATOR.match(source, end)) else 0)
    return spans


def titles_named(source: str) -> list[str]:
    """The Dutch titles `source` names, without their quotes."""
    return [source[a:b].strip("'") for a, b in source_titles(source)]


def guidance_source(source: str, lang: str = "nl") -> str:
    """A source as `lang` shows it: its step and box in `lang` (source_label), and in English each
    Dutch title it names followed by its gloss ("Step 6 · Leveranciersafhankelijkheid (supplier
    dependency)", "box 'Zijn regels echt regels?' (are rules really rules?)")."""
    if lang == "en":
        for a, b in reversed(source_titles(source)):
            gloss = glosses().get(source[a:b].strip("'"))
            if gloss:
                source = f"{source[:b]} ({gloss}){source[b:]}"
    return source_label(source, lang)


#: a step's own heading in a section's path: "Stap 6: Maak een opschalingsplan"
_STEP_HEADING = re.compile(r"^Stap (?P<number>\d+): (?P<title>.+)$")


def heading_gloss(heading: str) -> str | None:
    """The English gloss of one heading of a section's path; a step's heading as "step 6: " and
    its title's gloss (the step's English title). None where it has none."""
    step = _STEP_HEADING.match(heading)
    if step is None:
        return glosses().get(heading)
    gloss = glosses().get(step["title"])
    return f"step {step['number']}: {gloss}" if gloss else None


def section_in(section: str, lang: str = "nl") -> str:
    """A section's path ("Inleiding › Wat is digitale innovatie?") as `lang` shows it: itself in
    Dutch; in English followed by the glosses of its headings in one bracket ("… (introduction ›
    what is digital innovation?)"), so the Dutch path stays whole to search the PDF for. A heading
    with no gloss (a name) stays as it is in the bracket; no bracket where none has one."""
    if lang != "en" or not section:
        return section
    headings = [h.strip() for h in section.split(SECTION_SEPARATOR)]
    english = [heading_gloss(h) for h in headings]
    if not any(english):
        return section
    return f"{section} ({SECTION_SEPARATOR.join(g or h for g, h in zip(english, headings))})"
