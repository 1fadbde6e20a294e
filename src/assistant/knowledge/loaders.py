"""Read guidance documents (.txt, .md, .pdf, .docx) from folders into raw text."""

from __future__ import annotations

import codecs
import hashlib
import io
import logging
import os
import re
import time
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from assistant.knowledge.clean import MARKUP, PDF_TEXT, PLAIN_TEXT, REVIEWED_PDF_TEXT, Debris
from assistant.core.errors import BilingualError, os_reason
from assistant.core.i18n import catalog
from assistant.core.resources import DEFAULT_CORPUS_DIR

log = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = {".txt", ".md", ".pdf", ".docx"}
#: Files in a corpus folder that describe the corpus rather than being guidance.
META_FILES = {"sources.md", "notes.md", "readme.md", "license.md", "license.txt"}
MAX_FILE_BYTES = 50 * 1024 * 1024
#: What a Word file may unpack to: it is read into memory and its XML parsed whole (a zip bomb
#: of 262 KB unpacked to 100 MB of XML and ran for 15 minutes at 1.3 GB). A book of a thousand
#: pages is about 5 MB of XML; pictures count too.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_XML_BYTES = 20 * 1024 * 1024
#: How long reading one document may take; it is checked between pages and paragraphs.
MAX_READ_SECONDS = 60


class DocumentError(BilingualError):
    """A file that cannot be read as a guidance document."""

    @classmethod
    def said(cls, key: str, **fields: object) -> DocumentError:
        """The error whose reason is the text `key` (`_reason`)."""
        return cls(*_reason(key, **fields))


class TooCostlyError(DocumentError):
    """A file that costs too much to read (a zip bomb, a document that takes minutes): it is
    remembered and not tried again until it changes. Other failures are cheap to try again,
    and may be gone at the next start (a package installed, a password removed)."""


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
    reason: str  # in Dutch
    #: sha256 of a file too costly to read (TooCostlyError): it is not read again until it changes
    fingerprint: str | None = None
    #: None: `reason` says it in both languages (a reason an index from before kept)
    reason_en: str | None = None

    def reason_in(self, lang: str | None) -> str:
        return self.reason_en if lang == "en" and self.reason_en is not None else self.reason


def _reason(key: str, **fields: object) -> tuple[str, str]:
    """The text `key` in Dutch and in English; a field given as a (nl, en) pair is said in each."""
    def said(lang: str, index: int) -> str:
        return _TEXT.text(key, lang, **{name: value[index] if isinstance(value, tuple) else value
                                         for name, value in fields.items()})

    return said("nl", 0), said("en", 1)


def _skipped(path: object, key: str, **fields: object) -> Skipped:
    nl, en = _reason(key, **fields)
    return Skipped(str(path), nl, reason_en=en)


_TEXT = catalog("knowledge.loaders")


class _Deadline:
    """Stops the reading of one document that takes too long (MAX_READ_SECONDS)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.ends = time.monotonic() + MAX_READ_SECONDS

    def check(self) -> None:
        if time.monotonic() > self.ends:
            raise TooCostlyError.said("too_slow", name=self.name, seconds=MAX_READ_SECONDS)


def _decode(data: bytes, path: Path) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Notepad's "Unicode": text with a NUL in every other byte, refused as a binary file
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise DocumentError.said("utf16_damaged", name=path.name) from None
    if b"\x00" in data[:4096]:
        raise DocumentError.said("binary", name=path.name)
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DocumentError.said("unknown_encoding", name=path.name)


def _read_pdf(path: Path, data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

    deadline = _Deadline(path.name)
    pages = []
    try:
        reader = PdfReader(io.BytesIO(data))
        for page in reader.pages:
            deadline.check()
            # a leading space marks a page start, as in the shipped corpus extraction
            pages.append(" " + (page.extract_text() or "").strip())
    except (DependencyError, FileNotDecryptedError) as exc:
        raise DocumentError.said("pdf_encrypted", name=path.name, error=exc) from exc
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        raise DocumentError.said("pdf_unreadable", name=path.name, error=exc) from exc
    text = "\n\n".join(p for p in pages if p.strip())
    if not text.strip():
        raise DocumentError.said("pdf_no_text", name=path.name)
    return text


def _check_unpacked_size(path: Path, data: bytes) -> None:
    """Refuse a Word file that unpacks to more than it may (MAX_UNPACKED_BYTES, MAX_XML_BYTES).
    The sizes are the ones the zip declares; zipfile never unpacks more than declared."""
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise DocumentError.said("docx_damaged", name=path.name, error=exc) from exc
    unpacked = sum(m.file_size for m in members)
    xml = sum(m.file_size for m in members if m.filename.endswith((".xml", ".rels")))
    if unpacked > MAX_UNPACKED_BYTES or xml > MAX_XML_BYTES:
        raise TooCostlyError.said("docx_too_big", name=path.name, mb=unpacked // 1_000_000)


def _read_docx(path: Path, data: bytes) -> str:
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    _check_unpacked_size(path, data)
    deadline = _Deadline(path.name)
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, ValueError, KeyError, OSError) as exc:
        raise DocumentError.said("docx_unreadable", name=path.name, error=exc) from exc
    except (zipfile.BadZipFile, zlib.error, EOFError, XMLSyntaxError) as exc:
        raise DocumentError.said("docx_damaged", name=path.name, error=exc) from exc
    # style names looked up once: paragraph.style searched the styles for each paragraph (2 ms each)
    style_names = {style.style_id: style.name or "" for style in document.styles}
    lines: list[str] = []
    for paragraph in document.paragraphs:
        deadline.check()
        text = paragraph.text.strip()
        if not text:
            continue
        style = style_names.get(paragraph._p.style, "")  # the paragraph's style id, None for the default
        if style.lower().startswith(("heading", "kop", "title", "titel")):
            lines.extend(["", text.upper() if style.lower().startswith(("heading 1", "kop 1", "title", "titel")) else text, ""])
        elif style.lower().startswith(("list", "lijst")):
            lines.append(f"• {text}")
        else:
            lines.extend([text, ""])
    for table in document.tables:
        for row in table.rows:
            deadline.check()
            lines.append(" ".join(cell.text.strip() for cell in row.cells if cell.text.strip()))
        lines.append("")
    return "\n".join(lines)


#: A Markdown heading ("## Uitvoering"), its closing hashes optional.
MD_HEADING_RE = re.compile(r"^ {0,3}#{1,6}[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$")
MD_BULLET_RE = re.compile(r"^(\s*)[-*+][ \t]+")
MD_FENCE_RE = re.compile(r"^ {0,3}(```|~~~)")
MD_RULE_RE = re.compile(r"^ {0,3}([-*_])( {0,2}\1){2,}\s*$")
MD_IMAGE_RE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
MD_LINK_RE = re.compile(r"\[([^\]]+)\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
MD_EMPHASIS_RE = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1|(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])")
MD_CODE_RE = re.compile(r"`([^`]+)`")
MD_COMMENT_RE = re.compile(r"<!--.*?-->", re.S)


def markdown_as_text(markdown: str) -> str:
    """Markdown as the text the chunker reads, as Word's is: a heading a paragraph of its own
    ("# Titel" was the document's title and its answers' first words, "#" and all), list items
    as bullets, and no marks around words ("**", "`", "[tekst](adres)" as "tekst (adres)")."""
    lines: list[str] = []
    in_code = False
    for line in MD_COMMENT_RE.sub("", markdown).splitlines():
        if MD_FENCE_RE.match(line):
            in_code = not in_code
            continue
        if in_code:
            lines.append(line)
            continue
        heading = MD_HEADING_RE.match(line)
        if heading:
            lines.extend(["", _inline_markdown(heading.group(1).strip()), ""])
        elif MD_RULE_RE.match(line):
            lines.append("")
        else:
            lines.append(_inline_markdown(MD_BULLET_RE.sub(r"\1• ", line)))
    return "\n".join(lines)


def _inline_markdown(text: str) -> str:
    text = MD_IMAGE_RE.sub(r"\1", text)
    text = MD_LINK_RE.sub(lambda m: m.group(1) if m.group(1) == m.group(2) else f"{m.group(1)} ({m.group(2)})", text)
    text = MD_EMPHASIS_RE.sub(lambda m: m.group(2) if m.group(2) is not None else m.group(3), text)
    return MD_CODE_RE.sub(r"\1", text)


def read_text(path: Path, data: bytes) -> str:
    """The text of a document whose bytes are `data`; DocumentError if it cannot be read."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return _read_pdf(path, data)
    if suffix == ".docx":
        return _read_docx(path, data)
    if suffix == ".md":
        return markdown_as_text(_decode(data, path))
    return _decode(data, path)


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise DocumentError.said("too_large", name=path.name, mb=size // 1_000_000)
        return path.read_bytes()
    except OSError as exc:
        raise DocumentError.said("not_readable", name=path.name, reason=os_reason(exc)) from exc


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


def _leads_outside(link: Path, root: Path) -> bool:
    try:
        return not link.resolve().is_relative_to(root)
    except (OSError, RuntimeError):  # a loop of links leads nowhere
        return True


def _files_within(folder: Path) -> tuple[list[Path], list[Skipped]]:
    """The files in `folder` and its subfolders, and what is skipped there: a link that leads
    out of the folder (to /etc/shadow, to another user's files) is not followed, an unreadable
    subfolder is reported. A link that stays within the folder is read like its other files."""
    root = folder.resolve()
    files: list[Path] = []
    skipped: list[Skipped] = []

    def unreadable(exc: OSError) -> None:
        skipped.append(_skipped(exc.filename, "folder_unreadable", reason=os_reason(exc)))

    for top, subfolders, names in os.walk(folder, onerror=unreadable):  # never into linked folders
        for name in [*subfolders, *names]:
            path = Path(top, name)
            if path.is_symlink() and _leads_outside(path, root):
                skipped.append(_skipped(path, "link_outside"))
            elif name in names and path.is_file():
                files.append(path)
    return sorted(files), skipped


#: why a folder to read is skipped where it is not there
MISSING_FOLDER = "map bestaat niet / folder does not exist"


def discover(folders: list[Path]) -> tuple[list[Path], list[Skipped]]:
    files: list[Path] = []
    skipped: list[Skipped] = []
    for folder in folders:
        folder = Path(folder).expanduser()
        if not folder.exists():
            skipped.append(Skipped(str(folder), MISSING_FOLDER))
            continue
        if folder.is_file():
            candidates = [folder]
        else:
            candidates, within = _files_within(folder)
            skipped.extend(within)
        found = [p for p in candidates if p.suffix.lower() in SUPPORTED_SUFFIXES and p.name.lower() not in META_FILES
                 and not p.name.startswith(".")]
        if not found and folder.is_dir():
            skipped.append(_skipped(folder, "no_documents"))
        for p in candidates:
            if p not in found and not p.name.startswith(".") and p.name.lower() not in META_FILES:
                skipped.append(_skipped(p, "unsupported", suffix=p.suffix or _reason("no_suffix")))
        files.extend(found)
    return files, skipped


def kept_failure(skipped: Skipped) -> list[str]:
    """Why a file was skipped, as the index's manifest keeps it (`known_failures`)."""
    return [skipped.reason, skipped.reason_in("en")]


def _known_failure(path: Path, kept: object, fingerprint: str) -> Skipped:
    """The file skipped for the reason the manifest kept (`kept_failure`; one text in both
    languages where an index from before kept it)."""
    if isinstance(kept, list) and len(kept) == 2:
        return Skipped(str(path), str(kept[0]), fingerprint, str(kept[1]))
    return Skipped(str(path), str(kept), fingerprint)


def load_documents(folders: list[Path], known_failures: Mapping[str, object] | None = None,
                   ) -> tuple[list[RawDocument], list[Skipped]]:
    """Read every supported file; unreadable ones are reported, never fatal. A file that was
    too costly to read before (`known_failures`: its sha256 -> the reason, `kept_failure`) is
    not read again until it changes."""
    files, skipped = discover(folders)
    known_failures = known_failures if isinstance(known_failures, Mapping) else {}  # as read from the manifest
    documents: list[RawDocument] = []
    used_ids: set[str] = set()
    titles_by_folder: dict[Path, dict[str, str]] = {}
    for path in files:
        try:
            data = _read_bytes(path)
        except DocumentError as exc:
            skipped.append(Skipped(str(path), exc.nl, reason_en=exc.en))
            continue
        fingerprint = hashlib.sha256(data).hexdigest()
        if fingerprint in known_failures:
            skipped.append(_known_failure(path, known_failures[fingerprint], fingerprint))
            continue
        try:
            text = read_text(path, data)
        except DocumentError as exc:
            skipped.append(Skipped(str(path), exc.nl, fingerprint if isinstance(exc, TooCostlyError) else None, exc.en))
            log.warning("skipped %s: %s", path, exc)
            continue
        except Exception as exc:  # noqa: BLE001 - a parser's failure on one file must not stop the others
            skipped.append(_skipped(path, "unreadable", name=path.name, error=f"{type(exc).__name__}: {exc}"))
            log.warning("skipped %s", path, exc_info=True)
            continue
        if not text.strip():
            skipped.append(_skipped(path, "empty"))
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
            fingerprint=fingerprint,
            debris=debris_of(path),
        ))
    return documents, skipped
