"""Render an :class:`ExportDocument` as CommonMark (with GitHub-style tables).

Record text is written literally: characters that would change its meaning in Markdown
(emphasis, links, HTML, a leading ``#`` or list marker, ``|`` inside table cells) are escaped
with a backslash, and the document stays readable as plain text.
"""

from __future__ import annotations

import re

from assistant.export.model import Bullets, Checks, ExportDocument, Note, Open, Prose, Section, Table, text_runs

# Escaped anywhere: they start emphasis, code, links, HTML, autolinks, entities or strike. Not
# ">": only a line's first one means something (a quote), and "->" read "-\>" in the file.
_INLINE = re.compile(r"([\\`*_\[\]<|~])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
# Escaped at the start of a line only: headings, quotes, list markers, rules, setext underlines.
_LINE_START = re.compile(r"^([#>+=\-])")
_ORDERED = re.compile(r"^(\d{1,9})([.)])")


def escape_inline(text: str) -> str:
    """Escape one line of record text for use inside a Markdown paragraph or table cell."""
    text = _INLINE.sub(r"\\\1", text)
    return _ENTITY.sub(r"\\&", text)


def escape_line(line: str) -> str:
    """Escape a line that starts a Markdown block (it may look like a heading or list item)."""
    line = line.strip()
    line = escape_inline(line)
    line = _LINE_START.sub(r"\\\1", line)
    return _ORDERED.sub(r"\1\\\2", line)


def escape_paragraphs(text: str) -> list[str]:
    """Record text -> Markdown paragraphs. Blank lines separate paragraphs; single line
    breaks are kept as hard breaks; lines typed as a list ("- fietsers") stay a list, also
    under a line of their own ("Planning:" and its "- Q3 2025 …" lines read "\\- Q3 2025 …\\")."""
    paragraphs: list[str] = []
    # a list and the lines around it apart, by a blank line: a list after a line of text
    # would otherwise be read into it, or the text after it into its last item
    for is_list, run in text_runs(text):
        paragraphs.append("\n".join(f"- {escape_line(item)}" for item in run) if is_list
                          else "\\\n".join(escape_line(line) for line in run))
    return paragraphs


def escape_cell(text: str) -> str:
    """A table cell holds inline text only: a "#", "-" or "3." at its start makes no block there,
    so only what acts inline is escaped ("400\\.000 euro" and "3\\. Sensoren" read badly as text)."""
    lines = [escape_inline(line.strip()) for line in str(text).split("\n") if line.strip()]
    return "<br>".join(lines) if lines else " "


def _table(table: Table, level: int) -> list[str]:
    out = []
    if table.title:
        out += [f"{'#' * (level + 1)} {escape_line(table.title)}", ""]
    out.append("| " + " | ".join(escape_cell(h) for h in table.headers) + " |")
    out.append("|" + "|".join(" --- " for _ in table.headers) + "|")
    for row in table.rows:
        cells = list(row) + [""] * (len(table.headers) - len(row))
        out.append("| " + " | ".join(escape_cell(c) for c in cells) + " |")
    out.append("")
    return out


def _block(block, open_text: str, level: int = 2) -> list[str]:
    if isinstance(block, Prose):
        label = escape_inline(block.label)
        if block.text is None:
            return [f"**{label}:** _{escape_inline(open_text)}_", ""]
        paragraphs = escape_paragraphs(block.text)
        if len(paragraphs) == 1 and len(block.text) <= 120 and "\n" not in block.text:
            # A short answer on one line; escape_line already guards a leading marker.
            return [f"**{label}:** {paragraphs[0]}", ""]
        out = [f"**{label}**", ""]
        for para in paragraphs:
            out += [para, ""]
        return out
    if isinstance(block, Bullets):
        out = [f"**{escape_inline(block.label)}**", ""] if block.label else []
        out += [f"- {escape_line(item).replace(chr(10), ' ')}" for item in block.items]
        return out + [""]
    if isinstance(block, Table):
        return _table(block, level)
    if isinstance(block, Open):
        return [f"_{escape_inline(block.text)}_", ""]
    if isinstance(block, Note):
        return [f"_{escape_inline(block.text)}_", ""]
    if isinstance(block, Checks):
        out = [f"{'#' * (level + 1)} {escape_line(block.title)}", ""]
        for item in block.items:
            line = f"- ⚠ {escape_line(item.message)}"
            if item.reference:
                line += f" ({escape_inline(item.reference)})"
            out.append(line)
        return out + [""]
    raise TypeError(f"unknown block {block!r}")


def _section(section: Section, open_text: str) -> list[str]:
    hashes = "#" * (section.level + 1)
    out = [f"{hashes} {escape_line(section.title)}", ""]
    if section.status:
        out += [f"_{escape_inline(section.status)}_", ""]
    for block in section.blocks:
        out += _block(block, open_text, section.level + 1)
    for sub in section.subsections:
        out += _section(sub, open_text)
    return out


def render_markdown(doc: ExportDocument) -> str:
    open_text = doc.open_text
    out = [f"# {escape_line(doc.title)}", ""]
    if doc.subtitle:
        out += [f"_{escape_inline(doc.subtitle)}_", ""]
    meta = [f"**{escape_inline(label)}:** {escape_inline(value)}" for label, value in doc.meta]
    if meta:
        out += ["  \n".join(meta), ""]
    out += ["---", "", f"## {escape_line(doc.toc_title)}", ""]
    for section in doc.sections:
        out.append(f"- {escape_line(section.title)}")
    out += ["", "---", ""]
    for section in doc.sections:
        out += _section(section, open_text)
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"
