"""Export and import of the project record.

- :func:`export_record` writes Markdown, DOCX or JSON (atomically: never a half-written file).
- :func:`to_markdown`, :func:`write_docx`, :func:`to_json` give the formats directly.
- :func:`import_json` reads a JSON export back (or raises :class:`RecordImportError`).

Markdown and DOCX are rendered from the same :class:`~assistant.export.model.ExportDocument`
(``build_document``), so both show the same headings, tables and text.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Literal

from assistant.export.atomic import atomic_write_bytes, atomic_write_text, check_target
from assistant.export.errors import ExportError, RecordImportError
from assistant.export.jsonio import import_json, to_json

Format = Literal["md", "docx", "json"]
FORMATS: tuple[str, ...] = ("md", "docx", "json")
SUFFIXES: dict[str, str] = {"md": ".md", "docx": ".docx", "json": ".json"}


def _lang(record, lang: str | None) -> str:
    if lang in ("nl", "en"):
        return lang
    value = getattr(getattr(record, "project", None), "language", "nl")
    return value if value in ("nl", "en") else "nl"


def to_markdown(record, lang: str | None = None, *, today: date | None = None) -> str:
    """The record as a Markdown document (title page, contents, one chapter per step, sources)."""
    from assistant.export.build import build_document
    from assistant.export.markdown import render_markdown

    return render_markdown(build_document(record, _lang(record, lang), today=today))


def to_docx_bytes(record, lang: str | None = None, *, today: date | None = None) -> bytes:
    from assistant.export.build import build_document
    from assistant.export.docx_writer import render_docx

    return render_docx(build_document(record, _lang(record, lang), today=today))


def write_docx(record, path: str | os.PathLike, lang: str | None = None) -> Path:
    """Write the record as a Word document to ``path`` (atomically); returns the path."""
    check_target(path)  # fail before the (slower) rendering when the folder is wrong
    return atomic_write_bytes(path, to_docx_bytes(record, lang))


def default_filename(record, fmt: str) -> str:
    """A safe file name for the export, from the project title."""
    from assistant.textsafe import safe_filename

    return safe_filename(getattr(record.project, "title", "") or "", default="projectdossier") + SUFFIXES[fmt]


def export_record(record, fmt: str, path: str | os.PathLike, *, lang: str | None = None) -> Path:
    """Write ``record`` as ``fmt`` ("md", "docx" or "json") to ``path``; returns the path.

    ``lang`` ("nl"/"en") defaults to the record's language (not used for JSON). Raises
    :class:`ExportError` (with a message naming the path) when the file cannot be written; an
    existing file at ``path`` is then left exactly as it was.
    """
    if fmt not in FORMATS:
        raise ExportError(f"Onbekend exportformaat '{fmt}': kies md, docx of json.",
                          f"Unknown export format '{fmt}': choose md, docx or json.", path=path)
    check_target(path)
    if fmt == "json":
        return atomic_write_text(path, to_json(record))
    if fmt == "md":
        return atomic_write_text(path, to_markdown(record, lang))
    return atomic_write_bytes(path, to_docx_bytes(record, lang))


__all__ = [
    "ExportError",
    "FORMATS",
    "RecordImportError",
    "default_filename",
    "export_record",
    "import_json",
    "to_docx_bytes",
    "to_json",
    "to_markdown",
    "write_docx",
]
