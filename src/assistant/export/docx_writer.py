"""Render an :class:`ExportDocument` as a Word document (python-docx).

Word's built-in styles carry the structure: ``Title`` and ``Subtitle`` on the title page,
``TOC Heading`` plus a real TOC field over the chapters (entries already filled in, so the list shows
even before Word updates the field), ``Heading 1`` per step and ``Heading 2`` for its parts,
tables in ``Light Grid Accent 1`` with a repeating header row. The navigation pane and an
updated TOC therefore work in Word and LibreOffice.
"""

from __future__ import annotations

import io
import re
from datetime import datetime, timezone

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from assistant.export.model import Bullets, Checks, ExportDocument, Note, Open, Prose, Section, Table, text_runs

TABLE_STYLE = "Light Grid Accent 1"
FALLBACK_TABLE_STYLE = "Table Grid"
_OPEN_COLOUR = RGBColor(0x80, 0x80, 0x80)
_WARN_COLOUR = RGBColor(0x9C, 0x57, 0x00)
# Characters XML 1.0 does not allow (python-docx refuses them); record text may hold them
# after a hand edit of the JSON.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_LANG_TAGS = {"nl": "nl-NL", "en": "en-GB"}
#: A4 with 2.2 cm margins: 16.6 cm of text width
_PAGE_W, _PAGE_H, _MARGIN = Cm(21.0), Cm(29.7), Cm(2.2)
_TEXT_WIDTH_CM = 21.0 - 2 * 2.2
_TABLE_FONT = Pt(9)
#: roughly the width of one character at 9 pt, in cm (for column widths)
_CHAR_CM = 0.21
#: left + right cell padding of the table styles, in cm
_PAD_CM = 0.45


def column_widths(headers: list[str], rows: list[list[str]], total_cm: float = _TEXT_WIDTH_CM) -> list[float]:
    """Column widths (cm) from the content: every column fits its longest word (where the
    page allows), wider columns for longer text."""
    n = len(headers)
    longest_word = [0] * n
    longest_line = [0] * n
    for row in [headers, *rows]:
        for c in range(n):
            text = row[c] if c < len(row) else ""
            for line in str(text).split("\n"):
                longest_line[c] = max(longest_line[c], len(line))
                for word in re.split(r"[ \t]+", line):  # not at no-break spaces
                    longest_word[c] = max(longest_word[c], len(word))
    # short columns (status, numbers, "Yes") should not wrap at all; long ones fit their
    # longest word
    chars = [line if line <= 20 else min(max(word, 2), 18)
             for line, word in zip(longest_line, longest_word)]
    minimum = [c * _CHAR_CM + _PAD_CM for c in chars]
    if sum(minimum) > total_cm:
        # no room for every short line: each column still fits its longest word (a header
        # such as "TRL" must not break into letters), squeezed alike when even that is too much
        words = [min(max(word, 2), 18) * _CHAR_CM + _PAD_CM for word in longest_word]
        squeeze = min(1.0, total_cm / sum(words))
        minimum = [w * squeeze for w in words]
    weight = [min(max(line, c), 45) for line, c in zip(longest_line, chars)]
    widths = [total_cm * w / sum(weight) for w in weight]
    # lift columns below their minimum, taking the room from the others
    for _ in range(n):
        short = [c for c in range(n) if widths[c] < minimum[c] - 1e-6]
        if not short:
            break
        need = sum(minimum[c] - widths[c] for c in short)
        donors = [c for c in range(n) if c not in short and widths[c] > minimum[c]]
        room = sum(widths[c] - minimum[c] for c in donors)
        if room <= 0:
            break
        take = min(need, room)
        lift = {c: minimum[c] - widths[c] for c in short}
        spare = {c: widths[c] - minimum[c] for c in donors}
        for c in short:
            widths[c] += take * lift[c] / need
        for c in donors:
            widths[c] -= take * spare[c] / room
    return widths


def _clean(text: str) -> str:
    return _XML_INVALID.sub("", str(text))


def _set_language(document, lang: str) -> None:
    """Proofing language of the default run style, so Word spell-checks in the right one."""
    tag = _LANG_TAGS.get(lang, "nl-NL")
    styles_el = document.styles.element
    rpr_default = styles_el.find(qn("w:docDefaults"))
    if rpr_default is None:
        return
    rpr = rpr_default.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
    if rpr is None:
        return
    lang_el = rpr.find(qn("w:lang"))
    if lang_el is None:
        lang_el = OxmlElement("w:lang")
        rpr.append(lang_el)
    lang_el.set(qn("w:val"), tag)


def _run_language(run, lang: str) -> None:
    """Proofing language of one run (Word marked the guidance's Dutch in an English document
    as misspelt)."""
    rpr = run._r.get_or_add_rPr()
    lang_el = rpr.find(qn("w:lang"))
    if lang_el is None:
        lang_el = OxmlElement("w:lang")
        rpr.append(lang_el)
    lang_el.set(qn("w:val"), _LANG_TAGS[lang])


def _toc_style(document, level: int):
    name = f"TOC {level}"
    styles = document.styles
    try:
        return styles[name]
    except KeyError:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles["Normal"]
        style.paragraph_format.left_indent = Pt(12 * (level - 1))
        style.paragraph_format.space_after = Pt(2)
        return style


def _field_run(paragraph, kind: str, instr: str | None = None):
    run = paragraph.add_run()
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    run._r.append(char)
    if instr is not None:
        instr_run = paragraph.add_run()
        text = OxmlElement("w:instrText")
        text.set(qn("xml:space"), "preserve")
        text.text = instr
        instr_run._r.append(text)
    return run


def _add_toc(document, doc: ExportDocument) -> None:
    """A TOC field over the chapters (Heading 1) whose current result already lists them (no page
    numbers until Word/LibreOffice updates the field)."""
    document.add_paragraph(_clean(doc.toc_title), style="TOC Heading")
    entries = [s.title for s in doc.sections] or [""]
    style = _toc_style(document, 1)
    for index, title in enumerate(entries):
        para = document.add_paragraph(style=style)
        if index == 0:
            _field_run(para, "begin", ' TOC \\o "1-1" \\h \\z \\u ')
            _field_run(para, "separate")
        para.add_run(_clean(title))
        if index == len(entries) - 1:
            _field_run(para, "end")


def _add_page_number_footer(document, text: str) -> None:
    section = document.sections[0]
    para = section.footer.paragraphs[0] if section.footer.paragraphs else section.footer.add_paragraph()
    para.style = document.styles["Footer"] if "Footer" in [s.name for s in document.styles] else para.style
    run = para.add_run(_clean(text) + "  ·  ")
    run.font.size = Pt(8)
    _field_run(para, "begin", " PAGE ")
    _field_run(para, "separate")
    num = para.add_run("1")
    num.font.size = Pt(8)
    _field_run(para, "end")


def _row_flag(row, tag: str) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement(tag)
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def _repeat_header(row) -> None:
    """The header row repeats at the top of every page the table runs onto."""
    _row_flag(row, "w:cantSplit")
    _row_flag(row, "w:tblHeader")


def _set_cell(cell, text: str, *, bold: bool = False, open_text: str | None = None) -> None:
    is_open = open_text is not None and text == open_text
    lines = _clean(text).split("\n") or [""]
    first = cell.paragraphs[0]
    for index, line in enumerate(lines):
        para = first if index == 0 else cell.add_paragraph()
        para.paragraph_format.space_after = Pt(0)
        run = para.add_run(line)
        run.font.size = _TABLE_FONT
        if bold:
            run.bold = True
        if is_open:
            run.italic = True
            run.font.color.rgb = _OPEN_COLOUR


def _add_table(document, table: Table, level: int, open_text: str | None = None) -> None:
    if table.title:
        document.add_heading(_clean(table.title), level=min(level, 9))
    grid = document.add_table(rows=1, cols=len(table.headers))
    try:
        grid.style = document.styles[TABLE_STYLE]
    except KeyError:  # pragma: no cover - a template without it
        grid.style = document.styles[FALLBACK_TABLE_STYLE]
    grid.alignment = WD_TABLE_ALIGNMENT.LEFT
    grid.autofit = False
    widths = [Cm(w) for w in column_widths(table.headers, table.rows)]
    for column, width in zip(grid.columns, widths):
        column.width = width
    header = grid.rows[0]
    _repeat_header(header)
    for cell, text, width in zip(header.cells, table.headers, widths):
        cell.width = width
        _set_cell(cell, text, bold=True)
    for row in table.rows:
        added = grid.add_row()
        _row_flag(added, "w:cantSplit")  # a row is never torn over two pages
        cells = added.cells
        for cell, text, width in zip(cells, list(row) + [""] * (len(table.headers) - len(row)), widths):
            cell.width = width
            _set_cell(cell, text, open_text=open_text)
    document.add_paragraph()  # breathing space after the table


def _add_prose(document, block: Prose, open_text: str) -> None:
    para = document.add_paragraph()
    label = para.add_run(_clean(block.label) + (": " if block.text is None or _is_short(block.text) else ""))
    label.bold = True
    if block.text is None:
        run = para.add_run(_clean(open_text))
        run.italic = True
        run.font.color.rgb = _OPEN_COLOUR
        return
    if _is_short(block.text):
        para.add_run(_clean(block.text))
        return
    para.paragraph_format.keep_with_next = True
    para.paragraph_format.space_after = Pt(2)
    style_id = document.styles["List Bullet"].style_id
    for is_list, run in text_runs(block.text):
        if not is_list:
            document.add_paragraph(_clean("\n".join(line.strip() for line in run)))
            continue
        for item in run:  # typed as a list: real bullets
            _bullet(document, _clean(item), style_id)


def _is_short(text: str) -> bool:
    return len(text) <= 120 and "\n" not in text


def _bullet(document, text: str, style_id: str) -> None:
    """``document.add_paragraph(text, style="List Bullet")`` in constant time: python-docx
    looks the style up among all styles and searches the body for its end at every call, which
    made a list of 16,000 entries take minutes."""
    body = document.element.body
    p = OxmlElement("w:p")
    try:
        last = body[-1]  # from the end: constant time, where len(body) counts every child
    except IndexError:
        last = None
    if last is not None and last.tag == qn("w:sectPr"):
        last.addprevious(p)
    else:
        body.append(p)
    p.style = style_id
    Paragraph(p, document._body).add_run(text)


def _add_block(document, block, open_text: str, level: int = 2) -> None:
    if isinstance(block, Prose):
        _add_prose(document, block, open_text)
    elif isinstance(block, Bullets):
        if block.label:
            para = document.add_paragraph()
            para.add_run(_clean(block.label)).bold = True
            para.paragraph_format.keep_with_next = True
        style_id = document.styles["List Bullet"].style_id
        for item in block.items:
            _bullet(document, _clean(item), style_id)
    elif isinstance(block, Table):
        _add_table(document, block, level, open_text)
    elif isinstance(block, Open):
        run = document.add_paragraph().add_run(_clean(block.text))
        run.italic = True
        run.font.color.rgb = _OPEN_COLOUR
    elif isinstance(block, Note):
        document.add_paragraph().add_run(_clean(block.text)).italic = True
    elif isinstance(block, Checks):
        document.add_heading(_clean(block.title), level=min(level, 9))
        for item in block.items:
            para = document.add_paragraph(style="List Bullet")
            warn = para.add_run("⚠ ")
            warn.font.color.rgb = _WARN_COLOUR
            para.add_run(_clean(item.message))
            if item.reference:
                ref = para.add_run(f" ({_clean(item.reference)})")
                ref.italic = True
                _run_language(ref, "nl")  # the guidance's words, Dutch in an English document too
    else:  # pragma: no cover
        raise TypeError(f"unknown block {block!r}")


def _add_section(document, section: Section, open_text: str) -> None:
    document.add_heading(_clean(section.title), level=min(max(section.level, 1), 9))
    if section.status:
        run = document.add_paragraph().add_run(_clean(section.status))
        run.italic = True
    for block in section.blocks:
        _add_block(document, block, open_text, section.level + 1)
    for sub in section.subsections:
        _add_section(document, sub, open_text)


def render_docx(doc: ExportDocument, *, created: datetime | None = None) -> bytes:
    """The document as .docx bytes."""
    document = Document()
    _set_language(document, doc.lang)
    page = document.sections[0]
    page.page_width, page.page_height = _PAGE_W, _PAGE_H
    page.left_margin = page.right_margin = page.top_margin = page.bottom_margin = _MARGIN

    props = document.core_properties
    props.title = _clean(doc.title)[:255]
    props.author = _clean(doc.author)[:255]
    props.subject = _clean(doc.subject)[:255]
    props.keywords = _clean(doc.keywords)[:255]
    props.language = _LANG_TAGS.get(doc.lang, "nl-NL")
    props.comments = ""
    props.last_modified_by = _clean(doc.author)[:255]
    stamp = created or datetime.now(timezone.utc).replace(microsecond=0)
    props.created = stamp
    props.modified = stamp
    props.revision = 1

    # Title page.
    title = document.add_paragraph(_clean(doc.title), style="Title")
    title.paragraph_format.space_before = Pt(140)
    if doc.subtitle:
        document.add_paragraph(_clean(doc.subtitle), style="Subtitle")
    for label, value in doc.meta:
        para = document.add_paragraph()
        para.add_run(_clean(label) + ": ").bold = True
        para.add_run(_clean(value))
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    # Table of contents.
    _add_toc(document, doc)

    for section in doc.sections:
        if section.page_break_before:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        _add_section(document, section, doc.open_text)

    _add_page_number_footer(document, doc.title)

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
