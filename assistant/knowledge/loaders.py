"""Read guidance documents (.txt, .md, .pdf, .docx) from folders into raw text."""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from assistant.knowledge.clean import MARKUP, PDF_TEXT, PLAIN_TEXT, REVIEWED_PDF_TEXT, Debris
from assistant.settings import DEFAULT_CORPUS_DIR

log = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = {".txt", ".md", ".pdf", ".docx"}
#: Files in a corpus folder that describe the corpus rather than being guidance.
META_FILES = {"sources.md", "notes.md", "readme.md", "license.md", "license.txt"}
MAX_FILE_BYTES = 50 * 1024 * 1024


class DocumentError(Exception):
    """A file that cannot be read as a guidance document."""


@dataclass(frozen=True, slots=True)
class RawDocument:
    doc: str  # stable id: file stem, made unique per folder
    title: str
    source: str  # path as given
    text: str
    fingerprint: str  # sha256 of the file's bytes: what incremental indexing compares
    debris: Debris = PLAIN_TEXT  # what cleaning may remove from it (clean.Debris)


@dataclass(frozen=True, slots=True)
class Skipped:
    path: str
    reason: str


def _decode(data: bytes, path: Path) -> str:
    if b"\x00" in data[:4096]:
        raise DocumentError(f"{path.name}: binair bestand, geen tekst / binary file, not text")
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DocumentError(f"{path.name}: onbekende tekstcodering / unknown text encoding")


def _read_pdf(path: Path) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        # a leading space marks a page start, as in the shipped corpus extraction
        pages = [" " + (page.extract_text() or "").strip() for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        raise DocumentError(f"{path.name}: PDF onleesbaar / unreadable PDF ({exc})") from exc
    text = "\n\n".join(p for p in pages if p.strip())
    if not text.strip():
        raise DocumentError(f"{path.name}: PDF zonder tekstlaag (gescand?) / PDF without a text layer")
    return text


def _read_docx(path: Path) -> str:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, ValueError, KeyError, OSError) as exc:
        raise DocumentError(f"{path.name}: DOCX onleesbaar / unreadable DOCX ({exc})") from exc
    lines: list[str] = []
    for paragraph in document.paragraphs:
        text = paragraph.text.strip()
        if not text:
            continue
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        if style.lower().startswith(("heading", "kop", "title", "titel")):
            lines.extend(["", text.upper() if style.lower().startswith(("heading 1", "kop 1", "title", "titel")) else text, ""])
        elif style.lower().startswith(("list", "lijst")):
            lines.append(f"• {text}")
        else:
            lines.extend([text, ""])
    for table in document.tables:
        for row in table.rows:
            lines.append(" ".join(cell.text.strip() for cell in row.cells if cell.text.strip()))
        lines.append("")
    return "\n".join(lines)


def read_text(path: Path) -> str:
    suffix = path.suffix.lower()
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise DocumentError(f"{path.name}: niet leesbaar / not readable ({exc.strerror})") from exc
    if size > MAX_FILE_BYTES:
        raise DocumentError(f"{path.name}: te groot ({size // 1_000_000} MB) / too large")
    if suffix == ".pdf":
        return _read_pdf(path)
    if suffix == ".docx":
        return _read_docx(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError(f"{path.name}: niet leesbaar / not readable ({exc.strerror})") from exc
    return _decode(data, path)


def source_attribution(folder: Path) -> dict[str, tuple[str, str]]:
    """(document, publisher) per file stem, from a SOURCES.md table: | file | document | publisher |."""
    rows: dict[str, tuple[str, str]] = {}
    try:
        text = (folder / "SOURCES.md").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return rows
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 2 and Path(cells[0]).suffix.lower() in SUPPORTED_SUFFIXES:
            rows[Path(cells[0]).stem] = (cells[1], cells[2] if len(cells) > 2 else "")
    return rows


def source_titles(folder: Path) -> dict[str, str]:
    """Display titles from SOURCES.md (a trailing parenthesised note is dropped)."""
    titles: dict[str, str] = {}
    for stem, (document, _publisher) in source_attribution(folder).items():
        titles[stem] = re.sub(r"\s*\(.*?\)\s*$", "", document).strip() or document
    return titles


def _fallback_title(path: Path, text: str) -> str:
    for line in text.splitlines():
        line = line.strip()
        if 4 <= len(line) <= 100 and any(c.isalpha() for c in line):
            return line if not line.isupper() else line.capitalize()
    return path.stem


def debris_of(path: Path) -> Debris:
    """What a file's text can hold of a PDF's debris: the shipped guidance was checked by hand;
    a PDF is extracted here; Markdown and Word have neither pages nor footnotes in their text."""
    if path.parent.resolve() == DEFAULT_CORPUS_DIR.resolve():
        return REVIEWED_PDF_TEXT
    return {".pdf": PDF_TEXT, ".txt": PLAIN_TEXT}.get(path.suffix.lower(), MARKUP)


def discover(folders: list[Path]) -> tuple[list[Path], list[Skipped]]:
    files: list[Path] = []
    skipped: list[Skipped] = []
    for folder in folders:
        folder = Path(folder).expanduser()
        if not folder.exists():
            skipped.append(Skipped(str(folder), "map bestaat niet / folder does not exist"))
            continue
        if folder.is_file():
            candidates = [folder]
        else:
            try:
                candidates = sorted(p for p in folder.rglob("*") if p.is_file())
            except OSError as exc:
                skipped.append(Skipped(str(folder), f"map onleesbaar / unreadable folder ({exc.strerror})"))
                continue
        found = [p for p in candidates if p.suffix.lower() in SUPPORTED_SUFFIXES and p.name.lower() not in META_FILES
                 and not p.name.startswith(".")]
        if not found and folder.is_dir():
            skipped.append(Skipped(str(folder), "geen documenten (.txt, .md, .pdf, .docx) / no documents"))
        for p in candidates:
            if p not in found and not p.name.startswith(".") and p.name.lower() not in META_FILES:
                skipped.append(Skipped(str(p), f"bestandstype {p.suffix or '(geen)'} wordt niet ondersteund / unsupported"))
        files.extend(found)
    return files, skipped


def load_documents(folders: list[Path]) -> tuple[list[RawDocument], list[Skipped]]:
    """Read every supported file; unreadable ones are reported, never fatal."""
    files, skipped = discover(folders)
    documents: list[RawDocument] = []
    used_ids: set[str] = set()
    titles_by_folder: dict[Path, dict[str, str]] = {}
    for path in files:
        try:
            data = path.read_bytes()
            text = read_text(path)
        except DocumentError as exc:
            skipped.append(Skipped(str(path), str(exc)))
            log.warning("skipped %s: %s", path, exc)
            continue
        except OSError as exc:
            skipped.append(Skipped(str(path), f"niet leesbaar / not readable ({exc.strerror})"))
            continue
        if not text.strip():
            skipped.append(Skipped(str(path), "leeg bestand / empty file"))
            continue
        titles = titles_by_folder.setdefault(path.parent, source_titles(path.parent))
        doc_id = re.sub(r"[^\w.-]+", "_", path.stem)[:80] or "document"
        base, n = doc_id, 2
        while doc_id in used_ids:
            doc_id, n = f"{base}_{n}", n + 1
        used_ids.add(doc_id)
        documents.append(RawDocument(
            doc=doc_id,
            title=titles.get(path.stem) or _fallback_title(path, text),
            source=str(path),
            text=text,
            fingerprint=hashlib.sha256(data).hexdigest(),
            debris=debris_of(path),
        ))
    return documents, skipped
