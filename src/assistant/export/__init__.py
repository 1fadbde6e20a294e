"""Export and import of the project record.

- :func:`export_record` writes Markdown, DOCX or JSON (atomically: never a half-written file).
- :func:`to_markdown`, :func:`write_docx`, :func:`to_json` give the formats directly.
- :func:`import_json` reads a JSON export back (or raises :class:`RecordImportError`).

Markdown and DOCX are rendered from the same :class:`~assistant.export.model.ExportDocument`
(``build_document``), so both show the same headings, tables and text.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Literal

from assistant.export.atomic import STDOUT, check_target, write_bytes
from assistant.export.errors import ExportError, RecordImportError
from assistant.export.jsonio import MAX_IMPORT_BYTES, ImportNotes, import_json, read_export, to_json

Format = Literal["md", "docx", "json"]
FORMATS: tuple[str, ...] = ("md", "docx", "json")
SUFFIXES: dict[str, str] = {"md": ".md", "docx": ".docx", "json": ".json"}


def _lang(record, lang: str | None) -> str:
    if lang in ("nl", "en"):
        return lang
    value = record.project.language
    return value if value in ("nl", "en") else "nl"


def to_markdown(record, lang: str | None = None, *, today: date | None = None,
                to_review: Mapping[str, int] | None = None) -> str:
    """The record as a Markdown document (title page, contents, one chapter per step, sources);
    `to_review`: the answers to look at again (field -> the step whose replaced answer they were
    given with), noted under their step."""
    from assistant.export.build import build_document
    from assistant.export.markdown import render_markdown

    return render_markdown(build_document(record, _lang(record, lang), today=today, to_review=to_review))


def to_docx_bytes(record, lang: str | None = None, *, today: date | None = None,
                  to_review: Mapping[str, int] | None = None) -> bytes:
    from assistant.export.build import build_document
    from assistant.export.docx_writer import render_docx

    return render_docx(build_document(record, _lang(record, lang), today=today, to_review=to_review))


def write_docx(record, path: str | os.PathLike, lang: str | None = None) -> Path:
    """Write the record as a Word document to ``path`` (atomically); returns the path."""
    check_target(path)  # fail before the (slower) rendering when the folder is wrong
    return write_bytes(path, to_docx_bytes(record, lang))


def default_filename(record, fmt: str, lang: str | None = None) -> str:
    """A safe file name for the export, from the project title and the language of the export
    (`lang`, else the record's), so that a Dutch and an English one are told apart."""
    from assistant.core.textsafe import safe_filename

    stem = safe_filename(record.project.title or "", default="projectdossier")
    return f"{stem}-{_lang(record, lang)}{SUFFIXES[fmt]}"


def render_record(record, fmt: str, lang: str | None = None, *, current_step: int | None = None,
                  to_review: Mapping[str, int] | None = None) -> bytes:
    """The bytes of ``record`` as ``fmt`` ("md", "docx" or "json"); JSON keeps ``current_step``,
    the step the project is at, beside the record; a document notes the answers ``to_review``."""
    if fmt not in FORMATS:
        raise ExportError(f"Onbekend exportformaat '{fmt}': kies md, docx of json.",
                          f"Unknown export format '{fmt}': choose md, docx or json.")
    if fmt == "json":
        return to_json(record, current_step).encode("utf-8")
    if fmt == "md":
        return to_markdown(record, lang, to_review=to_review).encode("utf-8")
    return to_docx_bytes(record, lang, to_review=to_review)


def export_record(record, fmt: str, path: str | os.PathLike, *, lang: str | None = None,
                  replace: bool = True, current_step: int | None = None,
                  to_review: Mapping[str, int] | None = None) -> Path:
    """Write ``record`` as ``fmt`` ("md", "docx" or "json") to ``path``; returns the path.

    ``lang`` ("nl"/"en") defaults to the record's language (not used for JSON). ``-`` is
    standard output; devices, pipes, symlinks and hard links are written without replacing
    them (see :func:`assistant.export.atomic.write_bytes`). Raises :class:`ExportError` (with
    a message naming the path) when the file cannot be written; an existing file at ``path``
    is then left exactly as it was. With ``replace=False`` an existing file is never
    overwritten: :class:`FileExistsError` is raised and nothing is written.
    """
    if fmt not in FORMATS:
        raise ExportError(f"Onbekend exportformaat '{fmt}': kies md, docx of json.",
                          f"Unknown export format '{fmt}': choose md, docx or json.", path=path)
    check_target(path)
    return write_bytes(path, render_record(record, fmt, lang, current_step=current_step, to_review=to_review),
                       replace=replace)


#: How many numbered names :func:`export_to_new_file` tries before giving up.
MAX_NAME_ATTEMPTS = 1000


def export_to_new_file(record, fmt: str, folder: str | os.PathLike = ".", *,
                       lang: str | None = None, current_step: int | None = None,
                       to_review: Mapping[str, int] | None = None) -> tuple[Path, Path | None]:
    """Write the record under its default name in ``folder`` without overwriting any file:
    when that name is taken (another project's export may have the same name: ``..`` and
    ``CON`` both become ``projectdossier``), ``name-2``, ``name-3`` … is used.

    Returns (the path written, the default path when it was taken, else None).
    """
    data = render_record(record, fmt, lang, current_step=current_step, to_review=to_review)
    first = Path(folder) / default_filename(record, fmt, lang)
    check_target(first)
    for n in range(1, MAX_NAME_ATTEMPTS + 1):
        candidate = first if n == 1 else first.with_name(f"{first.stem}-{n}{first.suffix}")
        try:
            written = write_bytes(candidate, data, replace=False)
        except FileExistsError:
            continue
        return written, (first if n > 1 else None)
    raise ExportError(
        f"{first} en de genummerde namen tot en met {first.stem}-{MAX_NAME_ATTEMPTS}{first.suffix} "
        f"bestaan al; kies een naam met -o.",
        f"{first} and the numbered names up to {first.stem}-{MAX_NAME_ATTEMPTS}{first.suffix} "
        f"already exist; choose a name with -o.", path=first)


__all__ = [
    "ExportError",
    "FORMATS",
    "MAX_IMPORT_BYTES",
    "RecordImportError",
    "default_filename",
    "STDOUT",
    "export_record",
    "export_to_new_file",
    "render_record",
    "import_json",
    "read_export",
    "ImportNotes",
    "to_docx_bytes",
    "to_json",
    "to_markdown",
    "write_docx",
]
