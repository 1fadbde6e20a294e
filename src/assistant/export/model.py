"""A small, format-neutral document model.

The record is turned into an :class:`ExportDocument` once (``assistant.export.build``), and
the Markdown and DOCX writers render that same document: both formats show the same
headings, tables and text by construction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(slots=True)
class Prose:
    """A labelled answer. ``text`` None means: not filled in yet (rendered as open)."""

    label: str
    text: str | None


@dataclass(slots=True)
class Bullets:
    """A plain list of short texts (e.g. a list of strings in the record)."""

    label: str | None
    items: list[str]


@dataclass(slots=True)
class Table:
    """A table with a header row. Cells are plain text (may contain newlines)."""

    title: str | None
    headers: list[str]
    rows: list[list[str]]


@dataclass(slots=True)
class Open:
    """A marker for something not filled in yet (the whole step or a list)."""

    text: str


@dataclass(slots=True)
class Note:
    """A short remark in italics (e.g. explanation of a table)."""

    text: str


@dataclass(slots=True)
class CheckItem:
    message: str
    reference: str | None = None


@dataclass(slots=True)
class Checks:
    """The open checks (warnings) of a step."""

    title: str
    items: list[CheckItem]


Block = Prose | Bullets | Table | Open | Note | Checks


@dataclass(slots=True)
class Section:
    """A heading (level 1 = a chapter, e.g. one step; level 2 = a part of it) with its blocks."""

    title: str
    level: int = 1
    status: str | None = None
    blocks: list[Block] = field(default_factory=list)
    subsections: list["Section"] = field(default_factory=list)
    page_break_before: bool = False  # paged formats (docx) start it on a new page

    def walk(self):
        yield self
        for sub in self.subsections:
            yield from sub.walk()


@dataclass(slots=True)
class ExportDocument:
    lang: str
    title: str
    subtitle: str
    meta: list[tuple[str, str]]  # (label, value) on the title page
    toc_title: str
    sections: list[Section]
    open_text: str = "—"  # shown for a field that is not filled in
    author: str = ""
    subject: str = ""
    keywords: str = ""

    def walk(self):
        for section in self.sections:
            yield from section.walk()


#: A line typed as a list item: "- fietsers", "• scholieren", "* forenzen"
_ITEM_MARK = re.compile(r"^\s*[-*•·–]\s+(?=\S)")


def typed_item(line: str) -> str | None:
    """A line's text without its bullet where it is typed as a list item, else None."""
    return _ITEM_MARK.sub("", line).strip() if _ITEM_MARK.match(line) else None


def text_runs(text: str) -> list[tuple[bool, list[str]]]:
    """Record text as the runs both writers render: (is_list, lines). Blank lines part
    paragraphs; within one, lines typed as a list ("- fietsers") form a list run, also under a
    line of text of their own ("Planning:" and its "- Q3 2025 …" lines); the text lines around
    them stay text runs. A single line alone is never a list."""
    runs: list[tuple[bool, list[str]]] = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = [line for line in block.split("\n") if line.strip()]
        start = len(runs)  # runs never join across a blank line
        for line in lines:
            item = typed_item(line) if len(lines) > 1 else None
            if len(runs) > start and runs[-1][0] == (item is not None):
                runs[-1][1].append(item if item is not None else line)
            else:
                runs.append((item is not None, [item if item is not None else line]))
    return runs
