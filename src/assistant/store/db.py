"""SQLite storage for projects, their records, the conversation and where each one stands.

Durability: the connection runs in autocommit mode with WAL journaling; every write method
commits before it returns, and :meth:`Store.transaction` groups the writes of one user turn
into one atomic commit. Killing the process at any moment loses nothing that was committed.

Concurrency: two processes on the same data dir share the file safely (WAL, a busy timeout,
and ``BEGIN IMMEDIATE`` for every write so writers queue instead of failing halfway).

A database file that is not SQLite, is damaged (also: empty), or holds someone else's tables
is renamed (never deleted or overwritten) and a fresh database is created, holding what could
still be read from a damaged one (:mod:`assistant.store.salvage`); ``Store.notice`` then holds
a :class:`DatabaseMovedAside` that says what was recovered and where the old file went, once
(a kept file no message named, as an earlier version kept them, is named at the next start in
a :class:`DatabaseKeptAside`, once).

A new database is built under a temporary name and linked into place when complete, so a
file of 0 bytes at the database's path is never ours in the making: it is damage.

A data folder that cannot be written opens read-only: everything can be read, every write
raises :class:`StoreReadOnly`, which ``Store.notice`` also holds, saying why. A full disk does
the same (:class:`StoreDiskFull`), opening or at the write that finds it: listing, exporting
elsewhere and asking need no room; each later write tries again.
"""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
import json
import logging
import os
import re
import secrets
import socket
import sqlite3
import stat
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from dataclasses import field as dc_field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError

from assistant.store import held
from assistant.store.errors import (
    DatabaseChanged,
    DatabaseKeptAside,
    DatabaseMovedAside,
    DatabaseReplaced,
    DatabaseTooNew,
    DatabaseUpgraded,
    InvalidProjectName,
    ProjectExists,
    ProjectInBin,
    ProjectNameNearlyTaken,
    ProjectNameTooLong,
    ProjectNotFound,
    Recovered,
    StoreDiskFull,
    StoreError,
    StoreReadOnly,
    StoreUnavailable,
)
from assistant.store.repair import RecordRepaired, repaired
from assistant.store.salvage import BINNED_KEY_PREFIX, fill_from_backup, free_name, open_read_only, salvage
from assistant.core.errors import file_in_the_way, folder_problem, os_reason
from assistant.core.private import private_file, private_folder
from assistant.core.textsafe import (MAX_NAME_CHARS, MAX_TEXT_CHARS, clean_line, clean_project_name, learner_key,
                                     name_key)

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000
#: Below this much free space, an I/O error while writing is a full disk.
DISK_FULL_BYTES = 1024 * 1024
#: Why SQLite refuses to write where the folder and the file can be written (nl, en).
_READ_ONLY_BESIDE = ("het bestand of een -wal- of -shm-bestand ernaast is alleen-lezen",
                     "the file or a -wal or -shm file beside it is read-only")
#: Beside the database: its copy from the last start whose check passed.
BACKUP_SUFFIX = ".bak"
#: Beside a kept-aside database: what was recovered from it (JSON).
RECOVERED_SUFFIX = ".recovered.json"
#: Beside the database: the kept-aside files a message has named (each is named once, not at
#: every start), one JSON list of their names.
SAID_SUFFIX = ".said.json"
#: How alike (difflib's ratio of the name keys) a name must be to another project's to be taken
#: for a typo of it: one letter off in a name of five or more letters.
SIMILAR_NAME_RATIO = 0.8
#: At most this many projects are offered for a name that starts theirs or is a run of their
#: words ("Jeugdzorg" for "Jeugdzorg/WMO matching"); a name shared by more is too general to say
#: which one was meant, and makes a project of its own.
NAME_PART_CANDIDATES = 3
#: Fewer letters than this are no part of a name worth asking about ("a" starts half of them).
NAME_PART_MIN_CHARS = 3
_WORDS = re.compile(r"\w+")
#: A number with the letters straight after it, its variant's label: "2b" is not "2"
_NUMBERS = re.compile(r"\d+[^\W\d_]*")
#: How long a deleted project is kept in the bin (hidden, restorable) before a start purges it.
BIN_DAYS = 30


def _binned_key(project_id: int) -> str:
    """The name key of a project in the bin: its name free for a new project meanwhile. A stored
    name has no control characters (clean_project_name), so no name's key is ever this one."""
    return f"{BINNED_KEY_PREFIX}{project_id}"


def _labelled_apart(one: str, other: str) -> bool:
    """Whether two name keys differ only in letters standing alone ("proef y", "proef z";
    "variant a brug", "variant b brug"): labels of variants, meant apart as numbers are."""
    words, others = one.split(), other.split()
    differ = [(a, b) for a, b in zip(words, others) if a != b]
    return len(words) == len(others) and bool(differ) and all(len(a) == len(b) == 1 for a, b in differ)


def _part_of(key: str, other: str) -> bool:
    """Whether name key `key` is a run of whole words of `other`, at its start or inside it: "parkeren
    binnenstad" of "parkeren binnenstad / vughterpoort", "jeugdzorg" of "jeugdzorg/wmo matching";
    not "brug 1" of "brug 10", nor "fase 2" of "fase 2b" (letters started "brug 10" as well)."""
    words, others = _WORDS.findall(key), _WORDS.findall(other)
    return bool(words) and any(others[at:at + len(words)] == words for at in range(len(others) - len(words) + 1))


def _numbered_apart(key: str, other: str) -> bool:
    """Whether name key `key`, which has numbers, is meant apart from `other`, which has others
    beside them ("brug 1" and "brug 1 / brug 2"); a key without a number names none."""
    numbers = _NUMBERS.findall(key)
    return bool(numbers) and _NUMBERS.findall(other) != numbers


#: A number and a one-letter label glued to it ("2b"): a variant, meant apart from "2" and "2c".
_NUMBER_LABEL = re.compile(r"(\d+)([^\W\d_](?![^\W\d_]))?")


#: A one-letter word straight after a number: its label typed apart ("meetnet 3 d" for "3d").
_LABEL_APART = re.compile(r"(\d) ([^\W\d_])(?![^\W\d_])")


def _typo_numbers(key: str) -> list[tuple[str, str]]:
    """The numbers of a name key as a typo keeps them: its digits, with a one-letter label glued
    to them or typed apart ("fase 2b", "meetnet 3 d"); an ordinal's "e" ("2e", "2de") and longer
    letters after them ("2pilot") may be a slip."""
    joined = _LABEL_APART.sub(r"\1\2", key)
    return [(digits, "" if label == "e" else label) for digits, label in _NUMBER_LABEL.findall(joined)]


def _close_keys(key: str, keys: list[str]) -> list[str]:
    """The other name keys in `keys` that `key` looks like a typo of, the closest first: alike by
    SIMILAR_NAME_RATIO, with the same numbers and no variant's label apart."""
    return [k for k in difflib.get_close_matches(key, keys, n=3, cutoff=SIMILAR_NAME_RATIO)
            if k != key and _typo_numbers(k) == _typo_numbers(key) and not _labelled_apart(k, key)]


def _close_key(key: str, keys: list[str]) -> str | None:
    """The closest of `_close_keys`, or None."""
    close = _close_keys(key, keys)
    return close[0] if close else None


def _next_project_number(c: sqlite3.Connection) -> int:
    """A number no project ever had here (counters.last, kept up to date), taken."""
    given = c.execute("SELECT last FROM counters WHERE name = 'projects'").fetchone()
    in_use = c.execute("SELECT COALESCE(MAX(id), 0) FROM projects").fetchone()[0]
    number = max(given[0] if given else 0, in_use) + 1
    c.execute("INSERT INTO counters (name, last) VALUES ('projects', ?) "
              "ON CONFLICT(name) DO UPDATE SET last = excluded.last", (number,))
    return number


# Ordered migrations: MIGRATIONS[i] brings the schema from user_version i to i + 1.
# Never edit a released entry; append a new one.
MIGRATIONS: list[str] = [
    # 1: the initial schema
    """
    CREATE TABLE projects (
        id            INTEGER PRIMARY KEY,
        name          TEXT NOT NULL,
        name_key      TEXT NOT NULL UNIQUE,
        organisation  TEXT NOT NULL DEFAULT '',
        language      TEXT NOT NULL DEFAULT 'nl',
        created       TEXT NOT NULL,
        updated       TEXT NOT NULL
    );
    CREATE TABLE records (
        project_id      INTEGER PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
        schema_version  INTEGER,
        json            TEXT NOT NULL,
        updated         TEXT NOT NULL
    );
    CREATE TABLE turns (
        id          INTEGER PRIMARY KEY,
        project_id  INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        seq         INTEGER NOT NULL,
        role        TEXT NOT NULL,
        kind        TEXT NOT NULL,
        text        TEXT NOT NULL,
        step        INTEGER,
        field       TEXT,
        sources     TEXT,
        created     TEXT NOT NULL,
        UNIQUE (project_id, seq)
    );
    CREATE TABLE state (
        project_id    INTEGER PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
        current_step  INTEGER,
        pending       TEXT,
        data          TEXT NOT NULL DEFAULT '{}',
        updated       TEXT NOT NULL
    );
    """,
    # 2: learner progress in the lessons (assistant.learn); one row per learner and question
    """
    CREATE TABLE lesson_answers (
        learner   TEXT NOT NULL,
        lesson    INTEGER NOT NULL,
        question  TEXT NOT NULL,
        correct   INTEGER NOT NULL,
        attempts  INTEGER NOT NULL DEFAULT 1,
        updated   TEXT NOT NULL,
        PRIMARY KEY (learner, lesson, question)
    );
    """,
    # 3: what was typed in a project's input and not sent when the app closed (the app puts it back)
    """
    CREATE TABLE drafts (
        project_id  INTEGER PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
        text        TEXT NOT NULL,
        updated     TEXT NOT NULL
    );
    """,
    # 4: the highest project number ever given. SQLite gives the highest number in use plus one,
    # so a deleted project's number went to the next new one, and a window that still had the
    # deleted project open saved its answers into the new project.
    """
    CREATE TABLE counters (
        name  TEXT PRIMARY KEY,
        last  INTEGER NOT NULL
    );
    INSERT INTO counters (name, last) SELECT 'projects', COALESCE(MAX(id), 0) FROM projects;
    """,
    # 5: the question a draft was typed for: reopened after another window moved the project on,
    # it went into the input under another question, and Enter stored it there
    """
    ALTER TABLE drafts ADD COLUMN question TEXT;
    """,
    # 6: a draft per window: two windows on one project wrote one row, so one colleague's typing
    # replaced, and sending removed, the text the other had left unsent. `closed`: kept as its
    # window left the project (else saved while typing: a window that may still be open).
    # Drafts from before are kept as left.
    """
    CREATE TABLE window_drafts (
        project_id  INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        window      TEXT NOT NULL,
        text        TEXT NOT NULL,
        updated     TEXT NOT NULL,
        question    TEXT,
        closed      INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (project_id, window)
    );
    INSERT INTO window_drafts (project_id, window, text, updated, question, closed)
        SELECT project_id, '', text, updated, question, 1 FROM drafts;
    DROP TABLE drafts;
    ALTER TABLE window_drafts RENAME TO drafts;
    """,
    # 7: a finished lesson taken again: its answers wait in `retake` until the retake's last one,
    # so that the lesson's result stands meanwhile (a retake left after one question had changed
    # "3 of 4 right" into "2 of 4", and reopened at question 1 with nothing answered)
    """
    ALTER TABLE lesson_answers ADD COLUMN retake INTEGER;
    """,
    # 8: the option chosen (its place as shown), for the answer that counts and the retake's: a
    # finished lesson opened again showed no answers, and nothing said which went wrong
    """
    ALTER TABLE lesson_answers ADD COLUMN choice INTEGER;
    ALTER TABLE lesson_answers ADD COLUMN retake_choice INTEGER;
    """,
    # 9: the names a project had before it was renamed: opened by its old name, --project made a
    # new, empty project beside it; now the old name is said to be that project's
    """
    CREATE TABLE former_names (
        name_key    TEXT PRIMARY KEY,
        name        TEXT NOT NULL,
        project_id  INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        renamed     TEXT NOT NULL
    );
    """,
    # 10: what an answer said about itself ("ℹ Geen duur gevonden …", "⚠ …"), as JSON: only the
    # answer's text was kept, and a reopened conversation showed it without the note that it
    # does not answer the question
    """
    ALTER TABLE turns ADD COLUMN remarks TEXT;
    """,
    # 11: a deleted project goes to the bin (`deleted`: when; NULL for a live one), restorable for
    # BIN_DAYS: one wrong row and Enter on the projects screen lost a project and its conversation
    # for good. Its name key is freed meanwhile (_binned_key), so the name can be given again.
    """
    ALTER TABLE projects ADD COLUMN deleted TEXT;
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)
OUR_TABLES = {"projects", "records", "turns", "state"}

T = TypeVar("T")
log = logging.getLogger(__name__)


def _json_of(text: str | None, kind: type[list] | type[dict]) -> Any:
    """A JSON column's value where it holds a `kind`; else an empty one (none stored, or damaged)."""
    try:
        value = json.loads(text) if text else kind()
    except ValueError:
        return kind()
    return value if isinstance(value, kind) else kind()


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass(frozen=True, slots=True)
class ProjectInfo:
    id: int
    name: str
    organisation: str
    language: str
    created: str
    updated: str  # anything done in the project: an answer, a question asked, a step opened, a rename
    #: when the project's record last changed in this store (its import or copy included): what
    #: every view calls "last updated"; the project's creation while it has no record yet
    record_updated: str = ""
    #: when it went to the bin (Store.deleted_projects); "" for a live project
    deleted: str = ""


@dataclass(frozen=True, slots=True)
class StoredTurn:
    seq: int
    role: str  # "user" | "assistant"
    kind: str
    text: str
    step: int | None = None
    field: str | None = None
    sources: list[dict[str, Any]] = dc_field(default_factory=list)
    created: str = ""
    #: an answer's notes and warnings, as the conversation wrote them (`Store.add_turn`)
    remarks: dict[str, Any] = dc_field(default_factory=dict)


@dataclass(slots=True)
class ConversationState:
    current_step: int | None = None
    pending: str | None = None  # id of the question awaiting an answer
    data: dict[str, Any] = dc_field(default_factory=dict)  # engine extras (e.g. disambiguation)


@dataclass(frozen=True, slots=True)
class LessonAnswer:
    lesson: int
    question: str
    correct: bool
    attempts: int
    updated: str
    #: the answer given in a retake of the finished lesson that is not finished yet (right or
    #: wrong), None when there is none; `correct` is the answer that counts until it is
    retake: bool | None = None
    #: the option chosen in the answer that counts (0-based, as shown), None where not kept
    #: (answers given before it was)
    choice: int | None = None


def _unusable_reason(path: Path) -> tuple[str, str, bool | None] | None:
    """Why an existing file cannot be our database (nl, en, whether it may hold something of
    ours to recover), or None when it looks fine/new."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return None
    if size == 0:  # we never leave an empty file there (see _create_fresh): it was cut off
        return ("leeg bestand, 0 bytes", "empty file, 0 bytes", True)  # its -wal may hold data
    try:
        header = held.read_start(path, len(SQLITE_HEADER))
    except OSError as exc:
        nl, en = os_reason(exc)
        raise StoreUnavailable(
            f"De projectdatabase {path} is niet leesbaar: {nl}.",
            f"The project database {path} cannot be read: {en}.",
            path=path,
        ) from exc
    if header != SQLITE_HEADER:
        # ours with its header damaged, or another file: its pages are searched for records
        # (a garbled header lost every project, whose records lay intact)
        return ("geen SQLite-database", "not an SQLite database", None)
    return None


class Store:
    """The project database. Thread-safe; one instance per process is enough."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.notice: StoreError | None = None
        #: why nothing can be saved (the data folder is read-only, or its disk full), else None
        self.read_only: StoreReadOnly | None = None
        self._lock = threading.RLock()
        self._in_tx = 0
        #: this process's window, which its drafts are kept under (see save_draft)
        self.window = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"
        #: records read back in part (load_record), by project
        self._repairs: dict[int, RecordRepaired] = {}
        #: the device and inode of the database file as opened (_check_same_file); None in memory
        self._opened: tuple[int, int] | None = None
        #: the largest size of that file this store saw (_changed_in_place)
        self._size_seen = 0
        #: why nothing more is written: the file was changed by something else (_check_same_file)
        self._changed: DatabaseChanged | None = None
        #: a read-only connection holding the file's lock (_lock_holder)
        self._guard: sqlite3.Connection | None = None
        #: the descriptor held while connected, through which its header is read (held.py)
        self._held: tuple[int, int] | None = None
        try:
            private_folder(self.path.parent)
        except OSError as exc:
            nl, en = folder_problem(exc, self.path.parent, named=True)
            raise StoreUnavailable(
                f"De gegevensmap {self.path.parent} kan niet worden aangemaakt: {nl}.",
                f"The data folder {self.path.parent} cannot be created: {en}.",
                path=file_in_the_way(self.path.parent) or self.path.parent,
            ) from exc
        why = _not_writable(self.path)
        if why:
            self._open_read_only(*why)
            return
        reason = _unusable_reason(self.path)
        if reason:
            nl, en, ours = reason
            self._replace(nl, en, salvage_from=ours)
        else:
            try:
                self._create_fresh()
                self._conn = self._connect()
                self._migrate()
            except DatabaseTooNew:
                self._close_quietly()
                raise
            except StoreUnavailable as exc:
                if self._disk_full(exc.__cause__):
                    # read as the read-only folder is: "cannot save" was the answer to a list
                    self._close_quietly()
                    self._open_read_only("de schijf is vol", "the disk is full", full=exc)
                    return
                if not (isinstance(exc.__cause__, sqlite3.Error) and _is_read_only(exc.__cause__)):
                    raise
                # a -wal or -shm beside it still read-only, or held so by a connection of this
                # process: read-only until a write finds it writable (_writable_again)
                self._close_quietly()
                self._open_read_only(*_READ_ONLY_BESIDE)
                return
            except _Unusable as bad:
                self._close_quietly()
                self._replace(bad.nl, bad.en, salvage_from=bad.salvage)
            else:
                self._make_backup()
                self._purge_bin()
        if self.notice is None:
            self.notice = self._kept_aside_reminder()

    @property
    def backup_path(self) -> Path:
        """The copy of the database made at the last start whose check passed (_make_backup)."""
        return self.path.with_name(f"{self.path.name}{BACKUP_SUFFIX}")

    def _make_backup(self) -> None:
        """A copy of the database, checked sound just now, beside it: what a damaged one is
        restored from (_replace). Written aside and renamed, so a failed copy keeps the last."""
        target = self.backup_path
        tmp = target.with_name(f".{target.name}.new-{os.getpid()}-{secrets.token_hex(4)}")
        try:
            with self._lock:
                _backup_into(self._conn, tmp)
            os.replace(tmp, target)
        except (sqlite3.Error, OSError) as exc:
            log.warning("no backup copy of the database: %s", exc)
        finally:
            try:
                os.unlink(tmp)
            except OSError:
                pass

    def _replace(self, reason_nl: str, reason_en: str, *, salvage_from: bool | None) -> None:
        """Move the unusable file aside, start a fresh database and, for a damaged one of
        ours, recover into it what can still be read; `salvage_from` None: a file that may be
        ours (its header is no SQLite header), searched, but said to hold nothing only when
        something came back from it."""
        moved = self._move_aside(reason_nl, reason_en)
        self._create_fresh()
        self._conn = self._connect()
        self._migrate()
        recovered = None
        if salvage_from is not False:
            backup = self.backup_path
            with self._lock:
                try:
                    recovered = salvage(self._conn, moved)
                    # what the damage took, from the copy of the last sound start (a record's
                    # only page overwritten lost the record, every answer in it)
                    restored = fill_from_backup(self._conn, backup)
                except sqlite3.Error as exc:
                    raise self._unavailable(exc) from exc
            if restored and any(restored):
                recovered = dataclasses.replace(
                    recovered, projects=recovered.projects + restored[0], records=recovered.records + restored[1],
                    turns=recovered.turns + restored[2], backup=str(backup), from_backup=restored)
            if salvage_from is None and not (recovered.projects or recovered.records or recovered.turns):
                recovered = None  # another file, most likely: nothing to say of it
            else:
                _write_recovered(moved, recovered)
        self.notice = DatabaseMovedAside(self.path, moved, reason_nl, reason_en, recovered)
        self._mark_said([moved])

    def _create_fresh(self) -> None:
        """A new database with the whole schema, built under a temporary name and linked into
        place: the database's path never holds half a database, nor an empty file."""
        if os.path.lexists(self.path):
            return
        tmp = self.path.with_name(f".{self.path.name}.new-{os.getpid()}-{secrets.token_hex(4)}")
        try:
            # made for its owner only: SQLite gives its journal and WAL files the same mode
            conn = sqlite3.connect(private_file(tmp), isolation_level=None)
            try:
                # a rollback journal while building: the schema is in the file once COMMIT
                # returns. Built in WAL mode, the pages were still in the -wal file, which closing
                # checkpoints without a word when the disk is full, and which is removed below:
                # a full disk left a damaged database in place (it opens in WAL mode later).
                conn.execute("PRAGMA journal_mode = DELETE").fetchone()
                conn.execute("BEGIN IMMEDIATE")
                for number, script in enumerate(MIGRATIONS):
                    for statement in _split_sql(script):
                        conn.execute(statement)
                    conn.execute(f"PRAGMA user_version = {number + 1}")
                conn.execute("COMMIT")
            finally:
                conn.close()
            _link_into_place(tmp, self.path)
        except sqlite3.Error as exc:
            raise self._unavailable(exc) from exc
        except OSError as exc:
            raise self._unavailable(sqlite3.OperationalError(exc.strerror or str(exc))) from exc
        finally:
            for suffix in ("", "-wal", "-shm", "-journal"):
                try:
                    os.unlink(f"{tmp}{suffix}")
                except OSError:
                    pass

    def _open_read_only(self, why_nl: str, why_en: str, *, full: StoreError | None = None) -> None:
        """Everything readable, nothing written: an existing database opened read-only, or an
        empty one in memory when there is none yet. `full`: what opening it for writing raised on
        a full disk, raised again where the file cannot be read as it is."""
        folder = self.path.parent
        file = self.path if self.path.exists() and os.access(folder, os.W_OK) else None
        if full is not None:
            self.read_only, self.notice = StoreDiskFull(self.path, writing=True), StoreDiskFull(self.path)
        else:
            self.read_only = StoreReadOnly(folder, why_nl, why_en, writing=True, file=file)
            self.notice = StoreReadOnly(folder, why_nl, why_en, file=file)
        if not _has_content(self.path):
            self._conn = self._read_only_connection()
            return
        if full is None and _unusable_reason(self.path):
            raise StoreUnavailable(
                f"De projectdatabase {self.path} is onbruikbaar en de gegevensmap is alleen-lezen "
                f"({why_nl}), dus het bestand kan niet opzij worden gezet.",
                f"The project database {self.path} is unusable and the data folder is read-only "
                f"({why_en}), so the file cannot be moved aside.", path=self.path)
        try:
            self._conn = self._read_only_connection()
            check = self._conn.execute("PRAGMA quick_check").fetchone()
            version = self._conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.Error as exc:
            self._close_quietly()
            raise (full or self._unavailable(exc)) from exc
        if version > SCHEMA_VERSION:
            self._close_quietly()
            raise DatabaseTooNew(self.path, version, SCHEMA_VERSION)
        if not check or check[0] != "ok" or version < SCHEMA_VERSION:
            self._close_quietly()
            if full is not None:  # to be upgraded or repaired: that needs room first
                raise full
            raise StoreUnavailable(
                f"De projectdatabase {self.path} moet worden hersteld of bijgewerkt, maar de "
                f"gegevensmap is alleen-lezen ({why_nl}).",
                f"The project database {self.path} needs to be repaired or upgraded, but the data "
                f"folder is read-only ({why_en}).", path=self.path)

    def _read_only_connection(self) -> sqlite3.Connection:
        """The database opened so that nothing is written to it; an empty one in memory when
        there is none yet."""
        self._opened = None
        if _has_content(self.path):
            return open_read_only(self.path)
        conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        for script in MIGRATIONS:
            for statement in _split_sql(script):
                conn.execute(statement)
        return conn

    def _became_read_only(self, exc: sqlite3.Error) -> StoreReadOnly:
        """A write refused as read-only: the store goes on read-only, saying why, and the next
        write opens the database anew (`_writable_again`). The connection that was refused stays
        so, whatever the folder becomes: saving failed until a restart."""
        log.info("database refused a write as read-only: %s", exc)
        why = _not_writable(self.path) or _READ_ONLY_BESIDE
        file = self.path if os.access(self.path.parent, os.W_OK) else None
        self._close_quietly()
        try:
            self._conn = self._read_only_connection()
        except sqlite3.Error as again:
            raise self._unavailable(again) from exc
        self.read_only = StoreReadOnly(self.path.parent, *why, writing=True, file=file)
        return self.read_only

    def _became_full(self, exc: sqlite3.Error) -> StoreDiskFull:
        """A write refused for want of room: the store goes on read-only, as it would have
        opened on a full disk, so that questions are answered and exports written elsewhere;
        the next write tries again (`_writable_again`)."""
        log.info("database refused a write, the disk is full: %s", exc)
        self._close_quietly()
        try:
            self._conn = self._read_only_connection()
        except sqlite3.Error as again:
            raise self._unavailable(again) from exc
        self.read_only = StoreDiskFull(self.path, writing=True)
        return self.read_only

    def _kept_aside_reminder(self) -> DatabaseKeptAside | None:
        """Damaged files kept beside the database that no message named yet: named now, once
        (said at every start and by every command, the one notice became noise)."""
        said = self._said()
        kept = sorted(
            file for file in self.path.parent.glob(f"{self.path.name}.unusable-*")
            if not file.name.endswith(("-wal", "-shm", "-journal", RECOVERED_SUFFIX)) and file.name not in said
        )
        if not kept:
            return None
        self._mark_said(kept)
        return DatabaseKeptAside(self.path, [(file, _read_recovered(file)) for file in kept])

    @property
    def _said_path(self) -> Path:
        return self.path.with_name(f"{self.path.name}{SAID_SUFFIX}")

    def _said(self) -> set[str]:
        """The names of the kept-aside files a message has named (_mark_said)."""
        try:
            names = json.loads(self._said_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return set()
        return {name for name in names if isinstance(name, str)} if isinstance(names, list) else set()

    def _mark_said(self, files: list[Path]) -> None:
        """Note that a message has named `files`; the names of files no longer there are let go."""
        names = {name for name in self._said() if (self.path.parent / name).exists()}
        names |= {file.name for file in files}
        try:
            _write_new_file(self._said_path, json.dumps(sorted(names)))
        except OSError:
            pass  # named again at the next start

    @classmethod
    def from_settings(cls, settings) -> Store:
        return cls(settings.database_path)

    def _writable_again(self) -> bool:
        """A store opened read-only takes writes again once its folder and file can be written:
        made writable while the app ran (a shared folder back, chmod u+w), it said "not saved"
        until a restart. A file that needs repair or an upgrade waits for the next start."""
        if _not_writable(self.path) is not None:
            return False
        with self._lock:
            if self._in_tx or self.read_only is None:
                return self.read_only is None
            try:
                if _unusable_reason(self.path):
                    return False
            except StoreError as exc:
                log.info("data folder still not writable: %s", exc)
                return False
            # the read-only connection closed first: SQLite shares a file's shared memory between
            # the connections of one process, and one opened read-only kept every later one so
            # ("attempt to write a readonly database" after chmod u+w, until a restart)
            self._close_quietly()
            conn = None
            try:
                self._create_fresh()  # there was none: the read-only store held one in memory
                conn = self._connect()
                if conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION:
                    conn.execute("BEGIN IMMEDIATE")  # a -wal or -shm beside it may still be read-only
                    conn.execute("ROLLBACK")
                    self._conn, self.read_only = conn, None
                    log.info("data folder writable again: %s", self.path.parent)
                    return True
            except Exception as exc:  # noqa: BLE001 - still not writable, or damaged: as it was
                log.info("data folder still not writable: %s", exc)
            if conn is not None:
                conn.close()
            self._conn = self._read_only_connection()
            return False

    # --- opening ---------------------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        try:
            conn = sqlite3.connect(
                self.path, isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000
            )
        except sqlite3.Error as exc:
            raise self._unavailable(exc) from exc
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA foreign_keys = ON")
            mode = _retry_locked(lambda: conn.execute("PRAGMA journal_mode = WAL").fetchone())
            if mode and str(mode[0]).lower() != "wal":  # e.g. a file system without shared memory
                conn.execute("PRAGMA journal_mode = DELETE")
            conn.execute("PRAGMA synchronous = NORMAL" if mode and str(mode[0]).lower() == "wal"
                         else "PRAGMA synchronous = FULL")
        except sqlite3.DatabaseError as exc:
            conn.close()
            if isinstance(exc, sqlite3.OperationalError) and not _is_corruption(exc):
                raise self._unavailable(exc) from exc
            raise _Unusable("beschadigd bestand", "damaged file") from exc
        opened = _file_stat(self.path)
        self._opened = _identity(opened)
        self._size_seen = opened.st_size if opened else 0
        held.release(self._held)
        self._held = held.hold(self.path, self._opened)
        if mode and str(mode[0]).lower() == "wal":
            self._guard = self._lock_holder()
        return conn

    def _lock_holder(self) -> sqlite3.Connection | None:
        """A read-only connection that holds the database file's shared lock while the store is
        open: closing, SQLite writes the -wal into the file only where it is the last to hold it,
        so `_close_quietly` can leave a file changed by something else untouched."""
        try:
            guard = open_read_only(self.path)
            guard.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
            return guard
        except sqlite3.Error as exc:
            log.info("no lock holder for %s: %s", self.path, exc)
            return None

    @property
    def changed(self) -> DatabaseChanged | None:
        """Why nothing more is written, for as long as this store is open: the file was written
        over or cut short by something else (None: it was not, or no write has noticed yet)."""
        return self._changed

    def _check_same_file(self) -> None:
        """Raise before a commit when the file at the database's path is no longer the one this
        connection writes: removed or replaced while the program ran, SQLite went on writing
        into the unlinked file, said "saved", and lost it all at exit. The file's size, from
        the same look, is noted as seen (a checkpoint of this commit's is seen at the next)."""
        if self._changed is not None:
            raise self._changed
        if self._opened is None:  # the read-only store's database in memory
            return
        now = _file_stat(self.path)
        if now is None or _identity(now) != self._opened:
            raise DatabaseReplaced(self.path)
        if self._changed_in_place(now):
            # written over or cut short where it lies (cp, truncate): nothing more goes into it,
            # at this write or any later one, nor at closing
            self._changed = DatabaseChanged(self.path, self.backup_path if self.backup_path.is_file() else None)
            raise self._changed
        self._size_seen = now.st_size

    def _changed_in_place(self, now: os.stat_result) -> bool:
        """Whether the file, the same one as its stat `now` shows, no longer starts as SQLite's or
        is smaller than this store saw it (SQLite never makes ours smaller: nothing here vacuums)."""
        try:
            header = held.read_start(self.path, len(SQLITE_HEADER), _identity(now))
        except OSError:
            return False  # unreadable: the commit says why
        return header != SQLITE_HEADER or now.st_size < self._size_seen

    def _migrate(self) -> None:
        conn = self._conn
        try:
            check = _retry_locked(lambda: conn.execute("PRAGMA quick_check").fetchone())
            if not check or check[0] != "ok":
                raise _Unusable("beschadigd bestand", "damaged file")
            # a copy of an earlier version's database before it is upgraded; made outside the
            # upgrade's transaction (a backup inside it waits on that transaction for ever)
            before = conn.execute("PRAGMA user_version").fetchone()[0]
            kept = self._copy_before_upgrade(conn, before) if 0 < before < SCHEMA_VERSION else None
            _retry_locked(lambda: conn.execute("BEGIN IMMEDIATE"))
            try:
                version = conn.execute("PRAGMA user_version").fetchone()[0]
                tables = {
                    row[0]
                    for row in conn.execute(
                        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                    )
                }
                if version > SCHEMA_VERSION:
                    raise DatabaseTooNew(self.path, version, SCHEMA_VERSION)
                if version == 0 and tables:
                    raise _Unusable("tabellen van een ander programma", "tables of another program",
                                    salvage=False)
                if version > 0 and not OUR_TABLES <= tables:
                    raise _Unusable("onvolledig schema", "incomplete schema")
                if 0 < version < SCHEMA_VERSION:
                    # an earlier version's database, upgraded: the user is told (an older version,
                    # a colleague's on a shared folder, cannot open it afterwards)
                    self.notice = DatabaseUpgraded(self.path, kept, version)
                for number in range(version, SCHEMA_VERSION):
                    for statement in _split_sql(MIGRATIONS[number]):
                        conn.execute(statement)
                    conn.execute(f"PRAGMA user_version = {number + 1}")
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.OperationalError) and not _is_corruption(exc):
                raise self._unavailable(exc) from exc
            raise _Unusable("beschadigd bestand", "damaged file") from exc

    def _copy_before_upgrade(self, conn: sqlite3.Connection, version: int) -> Path | None:
        """A copy of the database as an earlier version left it, beside it; None where it could
        not be written (the upgrade goes on: it is one transaction, and undone if it fails)."""
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        target = self.path.with_name(f"{self.path.name}.v{version}-{stamp}.bak")
        try:
            _backup_into(conn, target)
        except (sqlite3.Error, OSError) as exc:
            log.warning("no copy of the database before its upgrade: %s", exc)
            return None
        log.info("database upgraded from schema %s; copy from before: %s", version, target)
        return target

    def _move_aside(self, reason_nl: str, reason_en: str) -> Path:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        target = self.path.with_name(f"{self.path.name}.unusable-{stamp}")
        n = 1
        while target.exists():
            n += 1
            target = self.path.with_name(f"{self.path.name}.unusable-{stamp}-{n}")
        try:
            self.path.rename(target)
            for suffix in ("-wal", "-shm", "-journal"):
                side = self.path.with_name(self.path.name + suffix)
                if side.exists():
                    side.rename(target.with_name(target.name + suffix))
        except OSError as exc:
            nl, en = os_reason(exc)
            raise StoreUnavailable(
                f"De projectdatabase {self.path} is onbruikbaar ({reason_nl}) en kan niet opzij "
                f"worden gezet: {nl}. Verplaats het bestand zelf.",
                f"The project database {self.path} is unusable ({reason_en}) and cannot be moved "
                f"aside: {en}. Please move the file yourself.",
                path=self.path,
            ) from exc
        return target

    def _close_quietly(self) -> None:
        conn, guard = getattr(self, "_conn", None), self._guard
        self._guard = None
        # the last connection to close writes the -wal into the file: into one changed by
        # something else only when the store is closed while it holds the lock (read-only: it
        # writes nothing)
        now = _file_stat(self.path) if guard is not None else None
        changed = guard is not None and (self._changed is not None or now is None or _identity(now) != self._opened
                                         or self._changed_in_place(now))
        for each in ((conn, guard) if changed else (guard, conn)):
            if each is not None:
                try:
                    each.close()
                except sqlite3.Error:
                    pass
        held.release(self._held)  # after the connections: closing it drops this process's locks
        self._held = None

    def close(self) -> None:
        with self._lock:
            self._close_quietly()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- errors ----------------------------------------------------------------------
    def _disk_full(self, exc: BaseException | None) -> bool:
        """Whether SQLite's error `exc` means there is no room on the data folder's disk."""
        if not isinstance(exc, sqlite3.Error):
            return False
        low = str(exc).lower()
        return ("full" in low or "no space left" in low
                or ("i/o error" in low and _little_space(self.path.parent)))

    def _unavailable(self, exc: sqlite3.Error) -> StoreError:
        text = str(exc)
        low = text.lower()
        if self._disk_full(exc):
            full = StoreDiskFull(self.path, writing=True)
            return StoreUnavailable(full.nl, full.en, path=self.path)
        if "readonly" in low or "read-only" in low or "unable to open" in low or "permission" in low:
            log.info("cannot open or write %s: %s", self.path, text)  # SQLite's English: the log's, not the user's
            return StoreUnavailable(
                f"Kan de projectdatabase {self.path} niet openen of beschrijven. Controleer de rechten "
                f"op de gegevensmap en de bestanden erin, of kies een andere map met STAPPENPLAN_DATA_DIR.",
                f"Cannot open or write the project database {self.path}. Check the permissions of the "
                f"data folder and the files in it, or choose another folder with STAPPENPLAN_DATA_DIR.",
                path=self.path,
            )
        if "locked" in low or "busy" in low:
            return StoreUnavailable(
                f"De projectdatabase {self.path} is te lang bezet door een ander proces. Probeer het opnieuw.",
                f"The project database {self.path} was locked by another process for too long. Try again.",
                path=self.path,
            )
        if "i/o error" in low:
            # not a full disk by its free space: a quota, a file-size limit, a failing drive or a
            # network folder gone. "disk I/O error" alone said nothing a user can act on
            log.warning("cannot write %s: %s", self.path, text)  # SQLite's English: the log's, not the user's
            return StoreUnavailable(
                f"Schrijven naar de projectdatabase {self.path} mislukte. Mogelijk is uw "
                f"quotum of de toegestane bestandsgrootte bereikt, of is de schijf of netwerkmap niet "
                f"bereikbaar. Controleer dat en probeer opnieuw; wat u typte is niet opgeslagen.",
                f"Writing to the project database {self.path} failed. Your quota or the "
                f"allowed file size may be reached, or the disk or network folder may be unreachable. "
                f"Check that and try again; what you typed was not saved.",
                path=self.path,
            )
        if _is_corruption(exc):
            log.warning("project database %s damaged: %s", self.path, text)
            return StoreError(
                f"De projectdatabase {self.path} is beschadigd geraakt. Start stappenplan "
                f"opnieuw: het bestand wordt dan opzij gezet.",
                f"The project database {self.path} has become damaged. Restart "
                f"stappenplan: the file will then be moved aside.",
                path=self.path,
            )
        return StoreError(
            f"Fout in de projectdatabase {self.path}: {text}",
            f"Error in the project database {self.path}: {text}",
            path=self.path,
        )

    def _run(self, fn: Callable[[sqlite3.Connection], T], *, write: bool = False) -> T:
        """Run ``fn`` under the lock; a write outside a transaction gets its own one."""
        if write:
            self._refuse_if_read_only()
        with self._lock:
            try:
                if write and self._in_tx == 0:
                    self._conn.execute("BEGIN IMMEDIATE")
                    try:
                        result = fn(self._conn)
                    except BaseException:
                        self._roll_back()
                        raise
                    self._commit()
                    return result
                return fn(self._conn)
            except sqlite3.Error as exc:
                if write and self._in_tx == 0:
                    raise self._write_error(exc) from exc
                raise self._unavailable(exc) from exc  # in a transaction: its end says it, once undone

    @contextmanager
    def transaction(self) -> Iterator[Store]:
        """Group writes into one atomic commit (one user turn). Re-entrant."""
        self._refuse_if_read_only()
        with self._lock:
            if self._in_tx:
                self._in_tx += 1
                try:
                    yield self
                finally:
                    self._in_tx -= 1
                return
            try:
                self._conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise self._write_error(exc) from exc
            self._in_tx = 1
            try:
                yield self
            except BaseException as exc:
                self._in_tx = 0
                self._roll_back()
                if isinstance(exc.__cause__, sqlite3.Error) and _is_read_only(exc.__cause__):
                    raise self._became_read_only(exc.__cause__) from exc
                if isinstance(exc.__cause__, sqlite3.Error) and self._disk_full(exc.__cause__):
                    raise self._became_full(exc.__cause__) from exc
                raise
            self._in_tx = 0
            try:
                self._commit()
            except sqlite3.Error as exc:
                raise self._write_error(exc) from exc

    def _refuse_if_read_only(self) -> None:
        """Before a write: raise StoreReadOnly while the store is read-only and its folder or
        file still cannot be written (_writable_again)."""
        if self.read_only is not None and not self._writable_again():
            raise self.read_only

    def _write_error(self, exc: sqlite3.Error) -> StoreError:
        """What a write SQLite refused raises: refused as read-only, the store goes on read-only
        and says why (_became_read_only)."""
        if _is_read_only(exc):
            return self._became_read_only(exc)
        if self._disk_full(exc):
            return self._became_full(exc)
        return self._unavailable(exc)

    def _commit(self) -> None:
        """Commit the open transaction into the file this store opened, else undo it: a file
        replaced or changed by something else (_check_same_file) or a refused COMMIT leaves no
        transaction, nor its write lock, open."""
        try:
            self._check_same_file()
            self._conn.execute("COMMIT")
        except BaseException:
            self._roll_back()
            raise

    def _roll_back(self) -> None:
        """Undo the open transaction, if any; a rollback that fails leaves the error being raised."""
        try:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
        except sqlite3.Error:
            pass

    @property
    def schema_version(self) -> int:
        return self._run(lambda c: c.execute("PRAGMA user_version").fetchone()[0])

    @property
    def journal_mode(self) -> str:
        return self._run(lambda c: str(c.execute("PRAGMA journal_mode").fetchone()[0]).lower())

    # --- projects --------------------------------------------------------------------
    @staticmethod
    def _project(row) -> ProjectInfo:
        return ProjectInfo(*row)

    _RECORD_UPDATED = "COALESCE((SELECT records.updated FROM records WHERE records.project_id = projects.id), created)"
    _PROJECT_COLS = f"id, name, organisation, language, created, updated, {_RECORD_UPDATED}"

    def create_project(self, name: str, *, organisation: str = "", language: str = "nl") -> ProjectInfo:
        clean = _checked_name(name)
        key = name_key(clean)
        org = clean_project_name(organisation) if organisation and organisation.strip() else ""
        lang = language if language in ("nl", "en") else "nl"

        def op(c: sqlite3.Connection) -> ProjectInfo:
            if taken := c.execute("SELECT name FROM projects WHERE name_key = ?", (key,)).fetchone():
                raise ProjectExists(taken[0])
            now = _now()
            number = _next_project_number(c)
            c.execute(
                "INSERT INTO projects (id, name, name_key, organisation, language, created, updated) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (number, clean, key, org, lang, now, now),
            )
            c.execute(
                "INSERT INTO state (project_id, current_step, pending, data, updated) VALUES (?, NULL, NULL, '{}', ?)",
                (number, now),
            )
            return ProjectInfo(number, clean, org, lang, now, now, now)

        return self._run(op, write=True)

    def find_project(self, name: str) -> ProjectInfo | None:
        """The project with this name (case-insensitive), or None."""
        try:
            key = name_key(_checked_name(name))
        except InvalidProjectName:  # also too long: never the project whose name starts alike
            return None
        row = self._run(
            lambda c: c.execute(
                f"SELECT {self._PROJECT_COLS} FROM projects WHERE name_key = ?", (key,)
            ).fetchone()
        )
        return self._project(row) if row else None

    def get_project(self, project_id: int) -> ProjectInfo:
        row = self._run(
            lambda c: c.execute(
                f"SELECT {self._PROJECT_COLS} FROM projects WHERE id = ? AND deleted IS NULL", (project_id,)
            ).fetchone()
        )
        if not row:  # also one in the bin: a window that still has it open saves nothing into it
            raise ProjectNotFound(str(project_id))
        return self._project(row)

    def similar_project(self, name: str) -> ProjectInfo | None:
        """The project `name` most likely meant (`similar_projects`' first), or None."""
        similar = self.similar_projects(name)
        return similar[0] if similar else None

    def similar_projects(self, name: str) -> list[ProjectInfo]:
        """The projects `name` may have meant where no project has it, the likeliest first: one
        that had it before a rename, one whose name it looks like a typo of ("Fietspadd" for
        "Fietspad"), then the few whose name has it as a run of whole words ("Jeugdzorg"
        of "Jeugdzorg/WMO matching"). Names that differ in a number ("Brug 2" beside "Brug 1",
        "Brug 1" beside "Brug 10") or a lone letter are meant apart."""
        try:
            key = name_key(_checked_name(name))
        except InvalidProjectName:
            return []
        projects = {name_key(p.name): p for p in self.list_projects()}
        if key in projects:
            return []
        by_id = {p.id: p for p in projects.values()}
        former = self._run(lambda c: c.execute(
            "SELECT project_id FROM former_names WHERE name_key = ?", (key,)).fetchone())
        found = [by_id[former[0]]] if former and former[0] in by_id else []
        found += [projects[k] for k in _close_keys(key, list(projects))]
        parts = [p for k, p in projects.items() if len(key) >= NAME_PART_MIN_CHARS and _part_of(key, k)
                 and not _numbered_apart(key, k) and not _labelled_apart(k, key)]
        found += parts if len(parts) <= NAME_PART_CANDIDATES else []
        return list({p.id: p for p in found}.values())

    def open_project(
        self, name: str, *, organisation: str = "", language: str = "nl", refuse_similar: bool = False,
    ) -> tuple[ProjectInfo, bool]:
        """Find the project by name or create it. Returns (project, created). With
        `refuse_similar`, a name that is not there but nearly another's is refused
        (ProjectNameNearlyTaken) rather than made into a new, empty project, and so is the name of
        a project in the bin (ProjectInBin): the user's own would come back as "NAME (2)", or be
        purged while they worked in the empty one."""
        found = self.find_project(name)
        if found:
            return found, False
        if refuse_similar and (binned := self.deleted_project(name)):
            raise ProjectInBin(binned.name)
        if refuse_similar and (similar := self.similar_projects(name)):
            raise ProjectNameNearlyTaken(clean_project_name(name), *(p.name for p in similar))
        try:
            return self.create_project(name, organisation=organisation, language=language), True
        except ProjectExists:  # another process created it just now
            found = self.find_project(name)
            assert found is not None
            return found, False

    def list_projects(self) -> list[ProjectInfo]:
        """The projects, the one whose record changed last first: by the "last updated" every
        view shows (`record_updated`). By the last thing done in a project (a question asked, a
        step opened) one updated at 16:15 stood above one updated at 16:16."""
        rows = self._run(
            lambda c: c.execute(
                f"SELECT {self._PROJECT_COLS} FROM projects WHERE deleted IS NULL "
                f"ORDER BY {self._RECORD_UPDATED} DESC, id DESC"
            ).fetchall()
        )
        return [self._project(r) for r in rows]

    def last_worked_on(self) -> ProjectInfo | None:
        """The project whose conversation had the last turn, or None where none has had one:
        a project imported or copied and never opened has none."""
        row = self._run(
            lambda c: c.execute(
                f"SELECT {self._PROJECT_COLS} FROM projects WHERE id = "
                "(SELECT project_id FROM turns WHERE project_id IN (SELECT id FROM projects WHERE deleted IS NULL) "
                "ORDER BY created DESC, id DESC LIMIT 1)"
            ).fetchone()
        )
        return self._project(row) if row else None

    def name_problem(self, name: str, project_id: int | None = None) -> StoreError | None:
        """Why `name` cannot name a project (empty, too long, another project's), or None;
        `project_id` is the project being renamed, which may keep its own name. Asked before
        creating or renaming, so a dialog can say it and keep what was typed."""
        try:
            clean = _checked_name(name)
        except StoreError as exc:
            return exc
        other = self.find_project(clean)
        # named as it is stored: "PARKEREN BINNENSTAD" typed is "Parkeren binnenstad" there
        return ProjectExists(other.name) if other is not None and other.id != project_id else None

    def update_project(
        self, project_id: int, *, name: str | None = None, organisation: str | None = None,
        language: str | None = None,
    ) -> ProjectInfo:
        def op(c: sqlite3.Connection) -> ProjectInfo:
            if not c.execute("SELECT 1 FROM projects WHERE id = ? AND deleted IS NULL", (project_id,)).fetchone():
                raise ProjectNotFound(str(project_id))
            if name is not None:
                clean = _checked_name(name)
                key = name_key(clean)
                other = c.execute(
                    "SELECT name FROM projects WHERE name_key = ? AND id != ?", (key, project_id)
                ).fetchone()
                if other:
                    raise ProjectExists(other[0])
                before = c.execute("SELECT name, name_key FROM projects WHERE id = ?", (project_id,)).fetchone()
                if before[1] != key:  # its old name is remembered as this project's, the new one is no former name
                    c.execute("INSERT INTO former_names (name_key, name, project_id, renamed) VALUES (?, ?, ?, ?) "
                              "ON CONFLICT(name_key) DO UPDATE SET name = excluded.name, "
                              "project_id = excluded.project_id, renamed = excluded.renamed",
                              (before[1], before[0], project_id, _now()))
                    c.execute("DELETE FROM former_names WHERE name_key = ?", (key,))
                c.execute("UPDATE projects SET name = ?, name_key = ? WHERE id = ?", (clean, key, project_id))
            if organisation is not None:
                org = clean_project_name(organisation) if organisation.strip() else ""
                c.execute("UPDATE projects SET organisation = ? WHERE id = ?", (org, project_id))
            if language in ("nl", "en"):
                c.execute("UPDATE projects SET language = ? WHERE id = ?", (language, project_id))
            c.execute("UPDATE projects SET updated = ? WHERE id = ?", (_now(), project_id))
            row = c.execute(f"SELECT {self._PROJECT_COLS} FROM projects WHERE id = ?", (project_id,)).fetchone()
            return self._project(row)

        return self._run(op, write=True)

    def delete_project(self, project_id: int) -> None:
        """Put the project in the bin: hidden from every list and lookup, kept with its record and
        conversation for BIN_DAYS (restore_project brings it back), then purged at a start."""
        def op(c: sqlite3.Connection) -> None:
            c.execute("UPDATE projects SET deleted = ?, name_key = ? WHERE id = ? AND deleted IS NULL",
                      (_now(), _binned_key(project_id), project_id))
            # what windows typed and did not send goes (as with the project before the bin)
            c.execute("DELETE FROM drafts WHERE project_id = ?", (project_id,))

        self._run(op, write=True)

    def deleted_projects(self) -> list[ProjectInfo]:
        """The projects in the bin, the one deleted last first (`deleted`: when)."""
        rows = self._run(lambda c: c.execute(
            f"SELECT {self._PROJECT_COLS}, deleted FROM projects WHERE deleted IS NOT NULL "
            "ORDER BY deleted DESC, id DESC").fetchall())
        return [self._project(r) for r in rows]

    def deleted_project(self, name: str) -> ProjectInfo | None:
        """The project in the bin with this name (case-insensitive; the one deleted last), or None."""
        try:
            key = name_key(_checked_name(name))
        except InvalidProjectName:
            return None
        return next((p for p in self.deleted_projects() if name_key(p.name) == key), None)

    def restore_project(self, project_id: int) -> ProjectInfo:
        """Bring a project back from the bin, under its name, or where a live project took that
        name meanwhile under "NAME (2)", "NAME (3)" … (as a salvaged project is named)."""
        def op(c: sqlite3.Connection) -> ProjectInfo:
            row = c.execute("SELECT name FROM projects WHERE id = ? AND deleted IS NOT NULL", (project_id,)).fetchone()
            if row is None:
                raise ProjectNotFound(str(project_id))
            name = free_name(c, row[0])
            c.execute("UPDATE projects SET name = ?, name_key = ?, deleted = NULL, updated = ? WHERE id = ?",
                      (name, name_key(name), _now(), project_id))
            return self._project(c.execute(f"SELECT {self._PROJECT_COLS} FROM projects WHERE id = ?",
                                           (project_id,)).fetchone())

        return self._run(op, write=True)

    def purge_bin(self, *, now: datetime | None = None) -> int:
        """Delete for good the projects in the bin for longer than BIN_DAYS; how many."""
        cutoff = ((now or datetime.now(timezone.utc)) - timedelta(days=BIN_DAYS)).isoformat(timespec="seconds")
        return self._run(lambda c: c.execute(
            "DELETE FROM projects WHERE deleted IS NOT NULL AND deleted < ?", (cutoff,)).rowcount, write=True)

    def _purge_bin(self) -> None:
        """purge_bin at a start, quietly: a store that cannot write now keeps them till the next."""
        try:
            purged = self.purge_bin()
        except StoreError as exc:
            log.info("bin not purged: %s", exc)
            return
        if purged:
            log.info("%d project(s) purged from the bin after %d days", purged, BIN_DAYS)

    def _touch(self, c: sqlite3.Connection, project_id: int) -> None:
        cur = c.execute("UPDATE projects SET updated = ? WHERE id = ? AND deleted IS NULL", (_now(), project_id))
        if cur.rowcount == 0:
            raise ProjectNotFound(str(project_id))

    # --- records ---------------------------------------------------------------------
    def save_record(self, project_id: int, record: Any) -> None:
        """Store the project record: a pydantic model (``model_dump_json``) or a JSON string."""
        if isinstance(record, str):
            text = record
            version = None
        else:
            text = record.model_dump_json()
            version = getattr(record, "schema_version", None)
            if not isinstance(version, int):
                version = None

        def op(c: sqlite3.Connection) -> None:
            self._touch(c, project_id)
            c.execute(
                "INSERT INTO records (project_id, schema_version, json, updated) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(project_id) DO UPDATE SET schema_version = excluded.schema_version, "
                "json = excluded.json, updated = excluded.updated",
                (project_id, version, text, _now()),
            )

        self._run(op, write=True)

    def load_record_json(self, project_id: int) -> str | None:
        row = self._run(
            lambda c: c.execute("SELECT json FROM records WHERE project_id = ?", (project_id,)).fetchone()
        )
        return row[0] if row else None

    def load_record(self, project_id: int, model: type[T]) -> T | None:
        """The stored record validated as ``model`` (a pydantic class), or None if none stored.
        One that does not validate is read as far as it can be (repair.repaired: what the model
        refuses is left out; None when nothing can be read), its text first kept aside in a file
        beside the database; `record_repair` says what was left out and where the text is."""
        text = self.load_record_json(project_id)
        if text is None:
            return None
        try:
            return model.model_validate_json(text)  # type: ignore[attr-defined]
        except ValidationError:
            pass
        kept = self._keep_record_text(project_id, text)
        record, dropped = repaired(model, text)  # type: ignore[type-var]
        self._repairs[project_id] = RecordRepaired(kept, tuple(dropped))
        return record  # type: ignore[return-value]

    def record_repair(self, project_id: int) -> RecordRepaired | None:
        """What was left out of the project's record when it was last read, if it did not validate."""
        return self._repairs.get(project_id)

    def _keep_record_text(self, project_id: int, text: str) -> Path | None:
        """The record's text in a file beside the database, before a repaired record is saved
        over it (once per text; None in a read-only data folder, where nothing is saved over it)."""
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]
        path = self.path.with_name(f"{self.path.stem}.record-{project_id}-{digest}.json")
        if self.read_only is not None:
            return None
        if path.exists():
            return path
        try:
            _write_new_file(path, text)
        except OSError as exc:
            # not kept: it must not be written over either
            nl, en = os_reason(exc)
            raise StoreError(
                f"Het dossier van project {project_id} is beschadigd en kan niet apart worden bewaard "
                f"({nl}); er wordt niets overschreven. Maak ruimte vrij of controleer {path.parent}.",
                f"The record of project {project_id} is damaged and cannot be kept aside "
                f"({en}); nothing is written over it. Free some space or check {path.parent}.",
                path=self.path) from exc
        return path

    # --- conversation ----------------------------------------------------------------
    def add_turn(
        self, project_id: int, role: str, kind: str, text: str, *, step: int | None = None,
        field: str | None = None, sources: list[dict[str, Any]] | None = None,
        remarks: dict[str, Any] | None = None,
    ) -> int:
        """Append one turn to the project's conversation; returns its sequence number.
        `remarks`: what an answer says about itself beside its text (its notes and warnings),
        any JSON object; given back as `StoredTurn.remarks`."""
        sources_json = json.dumps(sources, ensure_ascii=False) if sources else None
        remarks_json = json.dumps(remarks, ensure_ascii=False) if remarks else None

        def op(c: sqlite3.Connection) -> int:
            self._touch(c, project_id)
            seq = c.execute(
                "SELECT COALESCE(MAX(seq), 0) + 1 FROM turns WHERE project_id = ?", (project_id,)
            ).fetchone()[0]
            c.execute(
                "INSERT INTO turns (project_id, seq, role, kind, text, step, field, sources, created, remarks) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (project_id, seq, role, kind, text, step, field, sources_json, _now(), remarks_json),
            )
            return seq

        return self._run(op, write=True)

    def turns(self, project_id: int, *, limit: int | None = None) -> list[StoredTurn]:
        """The conversation in order; with ``limit``, only the last ``limit`` turns."""
        def op(c: sqlite3.Connection):
            if limit is None:
                return c.execute(
                    "SELECT seq, role, kind, text, step, field, sources, created, remarks FROM turns "
                    "WHERE project_id = ? ORDER BY seq", (project_id,)
                ).fetchall()
            rows = c.execute(
                "SELECT seq, role, kind, text, step, field, sources, created, remarks FROM turns "
                "WHERE project_id = ? ORDER BY seq DESC LIMIT ?", (project_id, int(limit))
            ).fetchall()
            return list(reversed(rows))

        result = []
        for seq, role, kind, text, step, fld, sources, created, remarks in self._run(op):
            result.append(StoredTurn(seq, role, kind, text, step, fld, _json_of(sources, list), created,
                                     _json_of(remarks, dict)))
        return result

    def remove_turns_from(self, project_id: int, seq: int) -> None:
        """Remove the turn ``seq`` and every later turn of the project; ProjectNotFound for one in
        the bin, whose conversation a window that still had it open would cut into."""
        def op(c: sqlite3.Connection) -> None:
            if not c.execute("SELECT 1 FROM projects WHERE id = ? AND deleted IS NULL", (project_id,)).fetchone():
                raise ProjectNotFound(str(project_id))
            c.execute("DELETE FROM turns WHERE project_id = ? AND seq >= ?", (project_id, int(seq)))

        self._run(op, write=True)

    def turn_count(self, project_id: int) -> int:
        return self._run(
            lambda c: c.execute("SELECT COUNT(*) FROM turns WHERE project_id = ?", (project_id,)).fetchone()[0]
        )

    # --- state -----------------------------------------------------------------------
    def get_state(self, project_id: int) -> ConversationState:
        row = self._run(
            lambda c: c.execute(
                "SELECT current_step, pending, data FROM state WHERE project_id = ?", (project_id,)
            ).fetchone()
        )
        if not row:
            return ConversationState()
        try:
            data = json.loads(row[2]) if row[2] else {}
        except ValueError:
            data = {}
        return ConversationState(row[0], row[1], data if isinstance(data, dict) else {})

    def set_state(self, project_id: int, state: ConversationState) -> None:
        data = json.dumps(state.data or {}, ensure_ascii=False)

        def op(c: sqlite3.Connection) -> None:
            self._touch(c, project_id)
            c.execute(
                "INSERT INTO state (project_id, current_step, pending, data, updated) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT(project_id) DO UPDATE SET current_step = excluded.current_step, "
                "pending = excluded.pending, data = excluded.data, updated = excluded.updated",
                (project_id, state.current_step, state.pending, data, _now()),
            )

        self._run(op, write=True)


    # --- unsent input ----------------------------------------------------------------
    def save_draft(self, project_id: int, text: str, question: str | None = None, *, left: bool = False) -> None:
        """Keep what was typed in this window's input for the project and not sent, and the
        question it was typed for (the caller's key for it); blank text forgets it. `left`: the
        window is leaving the project (closing, or opening another), else it is saved while
        typing. Another window's draft is left alone. The project's last change stays as it
        was: a draft is not work on the record."""
        def op(c: sqlite3.Connection) -> None:
            if text.strip():
                # a project deleted meanwhile (the projects screen, another process) keeps nothing
                c.execute(
                    "INSERT INTO drafts (project_id, window, text, updated, question, closed) "
                    "SELECT ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM projects WHERE id = ? AND deleted IS NULL) "
                    "ON CONFLICT(project_id, window) DO UPDATE SET text = excluded.text, "
                    "updated = excluded.updated, question = excluded.question, closed = excluded.closed",
                    (project_id, self.window, text, _now(), question, int(left), project_id),
                )
            else:
                c.execute("DELETE FROM drafts WHERE project_id = ? AND window = ?", (project_id, self.window))

        self._run(op, write=True)

    def take_draft(self, project_id: int) -> str:
        """The project's unsent input (save_draft), forgotten once taken; "" when there is none.
        A read-only store gives it and keeps it."""
        return self.take_draft_and_question(project_id)[0]

    def take_draft_and_question(self, project_id: int) -> tuple[str, str | None]:
        """`take_draft`, with the question it was typed for (None: not known): the latest draft
        this window kept, or one whose window has gone (left the project, or its process ended:
        a kill, a power cut); never the draft of a window still typing in it."""
        def read(c: sqlite3.Connection) -> tuple[str, str, str | None] | None:
            rows = c.execute("SELECT window, text, question, closed, updated FROM drafts WHERE project_id = ? "
                             "ORDER BY updated DESC", (project_id,)).fetchall()
            for window, text, question, closed, updated in rows:
                if str(window).endswith(SENT_SUFFIX):  # sent, not typed (take_unanswered)
                    continue
                if window == self.window or closed or not _window_open(str(window), str(updated)):
                    return str(window), str(text), question
            return None

        if self.read_only is not None:
            found = self._run(read)
            return ("", None) if found is None else found[1:]

        def take(c: sqlite3.Connection) -> tuple[str, str | None]:
            found = read(c)
            if found is None:
                return "", None
            c.execute("DELETE FROM drafts WHERE project_id = ? AND window = ?", (project_id, found[0]))
            return found[1:]

        return self._run(take, write=True)

    def keep_sent(self, project_id: int, text: str, turn: int) -> None:
        """Keep an input this window sent as its `turn` until it has been handled (`forget_sent`):
        killed before its answer, the question was gone, or stood in the history without one.
        Each input sent apart: a second one sent before the first was answered replaced it.
        This window's draft of the same text goes in the same write: kept while it was typed and
        killed after its answer was stored, it came back as typed and never sent."""
        def op(c: sqlite3.Connection) -> None:
            c.execute(
                "INSERT INTO drafts (project_id, window, text, updated, question, closed) "
                "SELECT ?, ?, ?, ?, NULL, 0 WHERE EXISTS (SELECT 1 FROM projects WHERE id = ? AND deleted IS NULL) "
                "ON CONFLICT(project_id, window) DO UPDATE SET text = excluded.text, updated = excluded.updated",
                (project_id, _sent_key(self.window, turn), text, _now(), project_id),
            )
            typed = c.execute("SELECT text FROM drafts WHERE project_id = ? AND window = ?",
                              (project_id, self.window)).fetchone()
            if typed is not None and str(typed[0]).strip() == text.strip():
                c.execute("DELETE FROM drafts WHERE project_id = ? AND window = ?", (project_id, self.window))

        self._run(op, write=True)

    def forget_sent(self, project_id: int, turn: int) -> None:
        """The input sent as `turn` was handled (answered, or given back to the user): no longer
        kept; the others sent meanwhile stay."""
        self._run(lambda c: c.execute("DELETE FROM drafts WHERE project_id = ? AND window = ?",
                                      (project_id, _sent_key(self.window, turn))), write=True)

    def take_unanswered(self, project_id: int) -> list[str]:
        """The inputs windows sent and never saw handled, their process gone (a kill, a crash),
        in the order they were sent; forgotten once taken; [] when there are none."""
        def read(c: sqlite3.Connection) -> list[tuple[str, str]]:
            rows = c.execute("SELECT window, text, updated FROM drafts WHERE project_id = ? AND window LIKE ?",
                             (project_id, f"%{SENT_SUFFIX}")).fetchall()
            found: list[tuple[str, int, str, str]] = []
            began: dict[str, str] = {}
            for window, text, updated in rows:
                owner, turn = _sent_owner(str(window))
                if owner != self.window and not _window_open(owner, str(updated)):
                    found.append((owner, turn, str(window), str(text)))
                    began[owner] = min(began.get(owner, str(updated)), str(updated))
            # a window's inputs in their turns (kept by a thread each: in any order, any second);
            # the windows in the order they began sending
            found.sort(key=lambda row: (began[row[0]], row[0], row[1]))
            return [(window, text) for _, _, window, text in found]

        def take(c: sqlite3.Connection) -> list[str]:
            found = read(c)  # another window may have taken some meanwhile
            c.executemany("DELETE FROM drafts WHERE project_id = ? AND window = ?",
                          [(project_id, window) for window, _ in found])
            return [text for _, text in found]

        # read first: opening a project writes nothing for it in the common case, none left
        if self.read_only is not None or not self._run(read):
            return []
        return self._run(take, write=True)

    # --- learner progress ------------------------------------------------------------
    def save_lesson_answer(self, learner: str, lesson: int, question: str, correct: bool,
                           choice: int | None = None) -> None:
        """Keep the latest answer of `learner` to a lesson's check question (and count tries);
        `choice`: the option chosen."""
        def op(c: sqlite3.Connection) -> None:
            c.execute(
                "INSERT INTO lesson_answers (learner, lesson, question, correct, attempts, updated, choice) "
                "VALUES (?, ?, ?, ?, 1, ?, ?) ON CONFLICT(learner, lesson, question) DO UPDATE SET "
                "correct = excluded.correct, attempts = attempts + 1, updated = excluded.updated, "
                "choice = excluded.choice",
                (learner, int(lesson), question, int(bool(correct)), _now(), choice),
            )

        self._run(op, write=True)

    def save_retake_answer(self, learner: str, lesson: int, question: str, correct: bool, *,
                           finish: bool, choice: int | None = None) -> None:
        """Keep an answer given in a retake of a finished lesson beside the answer that counts
        (`choice`: the option chosen). `finish`: it is the retake's last answer, and the retake's
        answers become the ones that count (each a try more), in the same transaction."""
        def op(c: sqlite3.Connection) -> None:
            now = _now()
            c.execute("UPDATE lesson_answers SET retake = ?, retake_choice = ?, updated = ? "
                      "WHERE learner = ? AND lesson = ? AND question = ?",
                      (int(bool(correct)), choice, now, learner, int(lesson), question))
            if finish:
                c.execute("UPDATE lesson_answers SET correct = retake, choice = retake_choice, retake = NULL, "
                          "retake_choice = NULL, attempts = attempts + 1, "
                          "updated = ? WHERE learner = ? AND lesson = ? AND retake IS NOT NULL",
                          (now, learner, int(lesson)))

        self._run(op, write=True)

    def learners(self) -> list[str]:
        """The names progress is kept under, as each was first written, the first one written first."""
        rows = self._run(lambda c: c.execute(
            "SELECT learner FROM lesson_answers GROUP BY learner ORDER BY MIN(rowid)").fetchall())
        return [learner for (learner,) in rows]

    def _learner_spellings(self) -> dict[str, str]:
        """Per learner_key, the stored spelling progress is found under: of those written alike
        but for case, accents or spacing ("ingrid" and "Ingrid", each with answers), the one with
        the most answers, of equals the one answered last. The one written first won: a try
        under "ingrid" hid months of progress under "Ingrid"."""
        rows = self._run(lambda c: c.execute(
            "SELECT learner FROM lesson_answers GROUP BY learner "
            "ORDER BY COUNT(*), MAX(updated), MAX(rowid)").fetchall())
        return {learner_key(known): known for (known,) in rows}  # the preferred last, so it stays

    def known_learner(self, name: str) -> str | None:
        """The stored name of the learner `name` is (learner_key: case, accents and spacing
        aside; `_learner_spellings`), or None for a new learner."""
        return self._learner_spellings().get(learner_key(name))

    def similar_learner(self, name: str) -> str | None:
        """Another learner's stored name that the new name `name` looks like a typo of
        ("Ingird" beside "Ingrid"), as `similar_project` finds a project's; None if none is.
        Said, never merged: it may be another person."""
        learners = self._learner_spellings()
        close = _close_key(learner_key(name), list(learners))
        return None if close is None else learners[close]

    def lesson_answers(self, learner: str) -> list[LessonAnswer]:
        rows = self._run(lambda c: c.execute(
            "SELECT lesson, question, correct, attempts, updated, retake, choice FROM lesson_answers "
            "WHERE learner = ? ORDER BY lesson, question", (learner,)).fetchall())
        return [LessonAnswer(lesson, question, bool(correct), attempts, updated,
                             None if retake is None else bool(retake), choice)
                for lesson, question, correct, attempts, updated, retake, choice in rows]

class _Unusable(Exception):
    """Internal: the file is not a usable database of ours (reason in nl and en); ``salvage``
    when it is ours and damaged, so that what can be read is worth recovering."""

    def __init__(self, nl: str, en: str, *, salvage: bool = True) -> None:
        self.nl = nl
        self.en = en
        self.salvage = salvage
        super().__init__(en)


def _checked_name(name: str) -> str:
    """The project name as stored. Too long is refused, not cut: two names that share their
    first 80 characters were one project."""
    whole = clean_line(name or "", max_chars=MAX_TEXT_CHARS)
    if not whole:
        raise InvalidProjectName()
    if len(whole) > MAX_NAME_CHARS:
        raise ProjectNameTooLong(len(whole), MAX_NAME_CHARS)
    return clean_project_name(whole)


def _not_writable(path: Path) -> tuple[str, str] | None:
    """Why the database cannot be written (nl, en), or None. Asked of the system rather than
    read from the mode bits, so a read-only file system counts for root too."""
    folder = path.parent
    if os.access(folder, os.W_OK) and (not path.exists() or os.access(path, os.W_OK)):
        return None
    try:
        read_only_fs = bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # AttributeError: no statvfs on Windows
        read_only_fs = False
    if read_only_fs:
        return ("de map staat op een alleen-lezen schijf", "the folder is on a read-only file system")
    return ("u hebt geen schrijfrechten", "you have no permission to write there")


#: Beside a window's name in the drafts: the input it sent and has not yet seen handled.
SENT_SUFFIX = ":sent"


def _sent_key(window: str, turn: int) -> str:
    """The drafts' key of the input `window` sent as `turn`: one row per input. It ends in
    SENT_SUFFIX, so that a version before the turn was in it does not read it as typed."""
    return f"{window}#{turn}{SENT_SUFFIX}"


def _sent_owner(key: str) -> tuple[str, int]:
    """The window and turn of a sent input's key (`_sent_key`); turn 0 for a key from before."""
    base = key[: -len(SENT_SUFFIX)]
    owner, mark, turn = base.rpartition("#")
    return (owner, int(turn)) if mark and turn.isdigit() else (base, 0)

#: A draft saved while typing, by a window whose state cannot be asked (another computer on a
#: shared folder), is taken as abandoned after this long.
DRAFT_ABANDONED_AFTER = timedelta(days=7)


def _window_open(window: str, updated: str) -> bool:
    """Whether the window that saved a draft while typing may still be open: its process runs on
    this computer, or, on another, it saved less than DRAFT_ABANDONED_AFTER ago."""
    host, _, rest = window.partition(":")
    pid_text = rest.partition(":")[0]
    if host == socket.gethostname() and pid_text.isdigit() and os.name == "posix":
        try:
            os.kill(int(pid_text), 0)  # signal 0: asks whether the process exists, sends nothing
        except ProcessLookupError:
            return False
        except OSError:  # another user's process: it exists
            return True
        return True
    try:
        saved = datetime.fromisoformat(updated)
    except ValueError:
        return False
    return datetime.now(timezone.utc) - saved < DRAFT_ABANDONED_AFTER


def _file_stat(path: Path) -> os.stat_result | None:
    """The stat of the regular file at `path`; None when there is none."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st if stat.S_ISREG(st.st_mode) else None


def _identity(st: os.stat_result | None) -> tuple[int, int] | None:
    """The device and inode of a file's stat: which file it is."""
    return None if st is None else (st.st_dev, st.st_ino)


def _file_size(path: Path) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def _backup_into(conn: sqlite3.Connection, target: Path) -> None:
    """A copy of `conn`'s database in a new private file at `target` (SQLite's backup: sound
    while the database is in use); raises what SQLite or the file system raises."""
    copy = sqlite3.connect(private_file(target))
    try:
        conn.backup(copy)
    finally:
        copy.close()


def _has_content(path: Path) -> bool:
    return _file_size(path) > 0


def _little_space(folder: Path) -> bool:
    """SQLite reports some writes on a full disk as a plain "disk I/O error"."""
    try:
        st = os.statvfs(folder)
    except (OSError, AttributeError):  # AttributeError: no statvfs on Windows
        return False
    return st.f_bavail * st.f_frsize < DISK_FULL_BYTES


def _link_into_place(tmp: Path, path: Path) -> None:
    """``tmp`` becomes ``path`` unless another process put a database there first."""
    try:
        os.link(tmp, path)
    except FileExistsError:
        return  # theirs is as new as ours
    except OSError:  # a file system without hard links
        if not os.path.lexists(path):
            os.rename(tmp, path)


def _write_new_file(path: Path, text: str) -> None:
    """`text` in a new file at `path`, whole or not at all (written aside, synced, renamed)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8", errors="surrogatepass") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    finally:
        try:
            os.unlink(tmp)
        except OSError:
            pass


def _write_recovered(moved: Path, recovered: Recovered) -> None:
    """What was recovered, beside the damaged file, for the reminder at later starts."""
    try:
        private_file(Path(f"{moved}{RECOVERED_SUFFIX}")).write_text(json.dumps({
            "projects": recovered.projects, "records": recovered.records,
            "turns": recovered.turns, "turns_listed": recovered.turns_listed,
            "backup": recovered.backup, "from_backup": list(recovered.from_backup)}), encoding="utf-8")
    except OSError:
        pass  # the reminder then names the file without the figures


def _read_recovered(moved: Path) -> Recovered | None:
    try:
        data = json.loads(Path(f"{moved}{RECOVERED_SUFFIX}").read_text(encoding="utf-8"))
        projects, records, turns = (int(n) for n in data.get("from_backup", (0, 0, 0)))
        return Recovered(int(data["projects"]), int(data["records"]), int(data["turns"]),
                         None if data.get("turns_listed") is None else int(data["turns_listed"]),
                         str(data.get("backup", "")), (projects, records, turns))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _retry_locked(fn: Callable[[], T], timeout_s: float = BUSY_TIMEOUT_MS / 1000) -> T:
    """Run ``fn``, retrying while another connection holds the lock. Switching the journal
    mode can report "database is locked" at once, without waiting for the busy timeout, when
    another process opens the same new database at the same moment."""
    deadline = time.monotonic() + timeout_s
    delay = 0.01
    while True:
        try:
            return fn()
        except sqlite3.OperationalError as exc:
            low = str(exc).lower()
            if ("locked" not in low and "busy" not in low) or time.monotonic() > deadline:
                raise
        time.sleep(delay)
        delay = min(delay * 2, 0.2)


def _is_read_only(exc: sqlite3.Error) -> bool:
    low = str(exc).lower()
    return "readonly" in low or "read-only" in low


def _is_corruption(exc: sqlite3.Error) -> bool:
    low = str(exc).lower()
    return any(
        s in low for s in ("malformed", "not a database", "file is encrypted", "corrupt", "disk image")
    )


def _split_sql(script: str) -> list[str]:
    """Split a migration script into statements (no semicolons inside our DDL strings)."""
    return [s.strip() for s in script.split(";") if s.strip()]


def open_store(settings) -> Store:
    """The store for these settings (``settings.database_path``)."""
    return Store(settings.database_path)


__all__ = [
    "ConversationState",
    "LessonAnswer",
    "MIGRATIONS",
    "ProjectInfo",
    "SCHEMA_VERSION",
    "Store",
    "StoredTurn",
    "open_store",
]
