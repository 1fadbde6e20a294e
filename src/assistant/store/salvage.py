"""Reading what can still be read from a damaged project database into a fresh one.

One damaged page must not cost every project. The damaged file (already moved aside) is
opened read-only and read table by table, the records first, then the conversation: every
row is looked up on its own by its key, so a damaged page loses only the rows on it. Records
and turns that SQLite cannot reach (a damaged root page hides a whole table) are read from
the pages themselves, and so are a project's name, step and turns where SQLite cannot list them
(a garbled file label, a damaged index, a file cut short). A record whose project row was lost
gets its project back under the record's own title. A project in the bin comes back in the bin,
and a project's former names with it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Collection, Iterable
from contextlib import closing
from pathlib import Path
from typing import Any

from assistant.store.errors import Recovered
from assistant.core.textsafe import clean_project_name, name_key

_PROJECT_COLS = "id, name, name_key, organisation, language, created, updated, deleted"
_INSERT_PROJECT = f"INSERT INTO projects ({_PROJECT_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
_FORMER_COLS = "name_key, name, project_id, renamed"
#: The page size SQLite gives a new database (ours never set another).
DEFAULT_PAGE_SIZE = 4096
_TURN_COLS = "project_id, seq, role, kind, text, step, field, sources, created, remarks"


def _turn_columns(src: sqlite3.Connection) -> str:
    """`_TURN_COLS` as `src` can give them: a file from before the turns' remarks (migration 10)
    gives none (NULL), rather than no turns at all."""
    try:
        names = {row[1] for row in src.execute("PRAGMA table_info(turns)")}
    except sqlite3.Error:
        names = set()
    return _TURN_COLS if "remarks" in names else _TURN_COLS.replace("remarks", "NULL")


def _project_columns(src: sqlite3.Connection) -> str:
    """`_PROJECT_COLS` as `src` can give them: a file from before the bin (migration 11) has no
    `deleted` (NULL: every project live)."""
    try:
        names = {row[1] for row in src.execute("PRAGMA table_info(projects)")}
    except sqlite3.Error:
        names = set()
    return _PROJECT_COLS if "deleted" in names else _PROJECT_COLS.replace("deleted", "NULL")


#: How the name key of a project in the bin begins (db._binned_key): such a project comes back
#: from a damaged file or a backup in the bin, with its record and conversation, restorable as
#: before (left out, it was lost for good where the user had meant to restore it).
BINNED_KEY_PREFIX = "\x00bin "


def _as_kept(row: tuple) -> tuple:
    """A project row (_PROJECT_COLS) to write: one in the bin whose time of deletion was lost
    is dated by its last update, so that it is purged in time rather than taken for live."""
    binned = str(row[2]).startswith(BINNED_KEY_PREFIX)
    if binned and not isinstance(row[7], str):
        return (*row[:7], row[6])
    return row if binned or row[7] is None else (*row[:7], None)


def open_read_only(path: Path) -> sqlite3.Connection:
    """``path`` opened so that nothing is ever written to it; ``immutable`` when even the
    shared-memory file beside a WAL database cannot be made (a read-only folder; a full disk,
    where its -wal holds nothing that immutable would pass over)."""
    uri = path.absolute().as_uri()
    try:
        conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, isolation_level=None, check_same_thread=False)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError as exc:
        low = str(exc).lower()
        no_room = "i/o error" in low and _file_size(Path(f"{path}-wal")) == 0
        if "unable to open" not in low and "readonly" not in low and not no_room:
            raise
    return sqlite3.connect(f"{uri}?immutable=1", uri=True, isolation_level=None, check_same_thread=False)


def _file_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def salvage(dest: sqlite3.Connection, damaged: Path) -> Recovered:
    """Copy what can be read from ``damaged`` into ``dest`` (a fresh, empty store database)
    in one transaction. Never raises for what the damaged file holds."""
    projects: dict = {}
    records: dict = {}
    states: dict = {}
    by_id: dict = {}
    turn_ids: list[int] = []
    listed: int | None = None
    former: list[tuple] = []
    try:
        if Path(f"{damaged}-wal").exists():  # its last commits are there
            src = open_read_only(damaged)
        else:  # read as it lies, leaving no -wal or -shm beside it
            src = sqlite3.connect(f"{damaged.absolute().as_uri()}?immutable=1", uri=True, isolation_level=None)
    except sqlite3.Error:  # not even opened: what its pages hold
        src = None
    if src is not None:
        with closing(src):
            projects = {row[0]: row for row in _scan(src, f"SELECT {_project_columns(src)} FROM projects")}
            ids = sorted({*projects, *_scan_column(src, "SELECT project_id FROM records"),
                          *_scan_column(src, "SELECT project_id FROM state")})
            records = {pid: row for pid in ids
                       if (row := _one(src, "SELECT project_id, schema_version, json, updated FROM records "
                                            "WHERE project_id = ?", pid))}
            states = {pid: row for pid in ids
                      if (row := _one(src, "SELECT project_id, current_step, pending, data, updated FROM state "
                                           "WHERE project_id = ?", pid))}
            turn_ids, listed = _turn_ids(src, ids)
            columns = _turn_columns(src)
            by_id = {tid: row for tid in turn_ids
                     if (row := _one(src, f"SELECT {columns} FROM turns WHERE id = ?", tid))}
            former = _scan(src, f"SELECT {_FORMER_COLS} FROM former_names")  # none before migration 9
    # records SQLite cannot reach (a damaged root page), read from the pages themselves; and
    # records no table lists any more (the projects' and the records' root pages both damaged:
    # every project was said to be lost while each record lay intact on its page)
    lost = set(projects) - set(records)
    records.update({pid: (pid, *row) for pid, row in rows_from_pages(damaged, lost, _as_record).items()})
    records.update(_stray_records(damaged, records))
    # the rest of a recovered project from its pages too: its name (not the record's title), where
    # it was in the conversation, and its turns where the file could not list any (a damaged
    # header or index: every turn was lost while each lay intact on its page)
    projects.update({pid: (pid, *row) for pid, row
                     in rows_from_pages(damaged, None, _as_project, stamp=_project_stamp).items()
                     if pid not in projects})
    stateless = set(records) - set(states)
    states.update({pid: (pid, *row) for pid, row in rows_from_pages(damaged, stateless, _as_state).items()})
    missing = set(turn_ids) - set(by_id)
    if missing and listed is not None:  # the index lists them, the table cannot reach them
        by_id.update(rows_from_pages(damaged, missing, _as_turn))
    turns = [by_id[tid] for tid in turn_ids if tid in by_id]
    silent = {*records, *projects} - {row[0] for row in turns}
    if silent and (listed is None or src is None or not turn_ids):
        on_pages = [row for row in rows_from_pages(damaged, None, _as_turn).values() if row[0] in silent]
        turns += sorted(on_pages, key=lambda row: (row[0], row[1]))
    return _write(dest, projects, records, states, turns, listed, former)


def _stray_records(damaged: Path, found: dict) -> dict:
    """Records on the file's pages that are not among those `found`, each a project's record by
    its title."""
    return {pid: (pid, *row) for pid, row in rows_from_pages(damaged, None, _as_record).items()
            if pid not in found and _title(row[1])}


def _scan(conn: sqlite3.Connection, sql: str, args: tuple = ()) -> list[tuple]:
    """The rows a query yields before the damage stops it."""
    rows: list[tuple] = []
    try:
        for row in conn.execute(sql, args):
            rows.append(row)
    except sqlite3.Error:
        pass
    return rows


def _scan_column(conn: sqlite3.Connection, sql: str) -> list[Any]:
    return [row[0] for row in _scan(conn, sql)]


def _one(conn: sqlite3.Connection, sql: str, key: Any) -> tuple | None:
    try:
        return conn.execute(sql, (key,)).fetchone()
    except sqlite3.Error:
        return None


def _turn_ids(src: sqlite3.Connection, project_ids: Iterable[int]) -> tuple[list[int], int | None]:
    """Ids of the conversation turns, from the (project, seq) index where it is readable, else
    from the table itself; and how many the file lists (None when it cannot tell)."""
    ids: list[int] = []
    complete = True
    for pid in project_ids:
        try:
            ids.extend(row[0] for row in src.execute(
                "SELECT id FROM turns WHERE project_id = ? ORDER BY seq", (pid,)))
        except sqlite3.Error:
            complete = False
    if not complete:  # the table itself: SQLite read the ids from the damaged index otherwise
        ids = sorted({*ids, *_scan_column(src, "SELECT id FROM turns NOT INDEXED")})
    return ids, (len(ids) if complete else None)


def _write(dest: sqlite3.Connection, projects: dict, records: dict, states: dict, turns: list,
           listed: int | None, former: list[tuple]) -> Recovered:
    dest.execute("BEGIN IMMEDIATE")
    try:
        kept = _write_projects(dest, projects, records)
        # a project whose step was lost starts at its first step
        steps = [states.get(pid) or (pid, None, None, "{}", _updated(projects, pid)) for pid in kept]
        n_records, n_turns = _write_rows(dest, kept, records.values(), steps, turns)
        _write_former_names(dest, kept, former)
        dest.execute("COMMIT")
    except BaseException:
        if dest.in_transaction:
            dest.execute("ROLLBACK")
        raise
    # those in the bin came back to the bin: the notice counts what the projects list shows
    live = sum(1 for pid in kept if not (pid in projects and str(projects[pid][2]).startswith(BINNED_KEY_PREFIX)))
    return Recovered(projects=live, records=n_records, turns=n_turns, turns_listed=listed)


def _write_projects(dest: sqlite3.Connection, projects: dict, records: dict) -> set[int]:
    """The projects as they were; one whose row was lost but whose record survived comes back
    under the record's title. Returns the ids written."""
    kept: set[int] = set()
    for pid in sorted({*projects, *records}):
        row = projects.get(pid)
        if row is not None and _insert(dest, _INSERT_PROJECT, _as_kept(row)):
            kept.add(pid)
            continue
        if pid not in records:
            continue
        name = free_name(dest, _title(records[pid][2]) or f"Project {pid}")
        updated = str(records[pid][3] or "")
        if _insert(dest, _INSERT_PROJECT, (pid, name, name_key(name), "", "nl", updated, updated, None)):
            kept.add(pid)
    return kept


def _title(record_json: Any) -> str:
    try:
        return str(json.loads(record_json)["project"]["title"] or "")
    except (TypeError, ValueError, KeyError):
        return ""


def free_name(dest: sqlite3.Connection, wanted: str) -> str:
    """`wanted` as a project name, or with " (2)", " (3)" … where a project has that name."""
    try:
        base = clean_project_name(wanted)
    except ValueError:
        base = "Project"
    name, n = base, 1
    while dest.execute("SELECT 1 FROM projects WHERE name_key = ?", (name_key(name),)).fetchone():
        n += 1
        name = f"{base[:70]} ({n})"
    return name


def fill_from_backup(dest: sqlite3.Connection, backup: Path) -> tuple[int, int, int] | None:
    """What the backup copy (made at a start whose check passed) holds and `dest` (what was read
    from the damaged file, newer) lacks, added to `dest`: projects with their record and step,
    records, turns. Returns how many projects, records and turns came from it; None when there
    is no sound backup. Rows already in `dest` win: they are newer."""
    if not backup.is_file():
        return None
    try:
        src = sqlite3.connect(f"{backup.absolute().as_uri()}?immutable=1", uri=True, isolation_level=None)
    except sqlite3.Error:
        return None
    with closing(src):
        try:
            if src.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                return None
            projects = src.execute(f"SELECT {_project_columns(src)} FROM projects").fetchall()
            records = src.execute("SELECT project_id, schema_version, json, updated FROM records").fetchall()
            states = src.execute("SELECT project_id, current_step, pending, data, updated FROM state").fetchall()
            turns = src.execute(f"SELECT {_turn_columns(src)} FROM turns ORDER BY project_id, seq").fetchall()
            former = _scan(src, f"SELECT {_FORMER_COLS} FROM former_names")  # none before migration 9
        except sqlite3.Error:
            return None
    dest.execute("BEGIN IMMEDIATE")
    try:
        n_projects = sum(_insert(dest, _INSERT_PROJECT, _as_kept(row)) for row in projects)
        there = {row[0] for row in dest.execute("SELECT id FROM projects")}
        n_records, n_turns = _write_rows(dest, there, records, states, turns)
        _write_former_names(dest, there, former)
        dest.execute("COMMIT")
    except BaseException:
        if dest.in_transaction:
            dest.execute("ROLLBACK")
        raise
    return n_projects, n_records, n_turns


def _updated(projects: dict, pid: int) -> str:
    row = projects.get(pid)
    return str(row[6]) if row else ""


def _write_rows(dest: sqlite3.Connection, projects: Collection[int], records: Iterable[tuple],
                states: Iterable[tuple], turns: Iterable[tuple]) -> tuple[int, int]:
    """The records, steps and turns of the `projects` in `dest` (each row's first column is its
    project's id); how many records and turns went in."""
    n_records = sum(_insert(dest, "INSERT INTO records (project_id, schema_version, json, updated) "
                                  "VALUES (?, ?, ?, ?)", row) for row in records if row[0] in projects)
    for row in states:
        if row[0] in projects:
            _insert(dest, "INSERT INTO state (project_id, current_step, pending, data, updated) "
                          "VALUES (?, ?, ?, ?, ?)", row)
    n_turns = sum(_insert(dest, f"INSERT INTO turns ({_TURN_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", row)
                  for row in turns if row[0] in projects)
    return n_records, n_turns


def _write_former_names(dest: sqlite3.Connection, projects: Collection[int], former: Iterable[tuple]) -> None:
    """The former names (_FORMER_COLS) of the `projects` in `dest`: opened by an old name, the
    project is named, not a new, empty one made beside it. One `dest` has already wins."""
    for row in former:
        if row[2] in projects:
            _insert(dest, f"INSERT INTO former_names ({_FORMER_COLS}) VALUES (?, ?, ?, ?)", row)


def _insert(dest: sqlite3.Connection, sql: str, row: tuple) -> bool:
    """One row; a row the damage garbled (a NULL where none may be, a duplicate) is skipped."""
    try:
        dest.execute(sql, row)
        return True
    except sqlite3.Error:
        return False


# --- reading rows straight from the pages ------------------------------------------------------
# When a table's root page is damaged SQLite cannot reach any of its rows, although the leaf
# pages that hold them are intact. These functions read the table-leaf pages of the file
# directly (the SQLite file format, sections 1.5, 1.6 and 2.1) for rows that are known to be
# live: the records of the projects that are there, the turns that the intact (project, seq)
# index still lists. Freed pages are passed over, so nothing deleted comes back.

_LEAF_TABLE = 0x0D


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    value = 0
    for i in range(9):
        byte = data[pos + i]
        if i == 8:
            return (value << 8) | byte, pos + 9
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value, pos + i + 1
    raise ValueError("varint")  # pragma: no cover - the loop always returns


def _value(serial: int, data: bytes, pos: int) -> tuple[Any, int]:
    sizes = {1: 1, 2: 2, 3: 3, 4: 4, 5: 6, 6: 8}
    if serial == 0:
        return None, pos
    if serial in sizes:
        n = sizes[serial]
        return int.from_bytes(data[pos:pos + n], "big", signed=True), pos + n
    if serial in (8, 9):
        return serial - 8, pos
    if serial >= 13 and serial % 2:
        n = (serial - 13) // 2
        return data[pos:pos + n].decode("utf-8"), pos + n
    raise ValueError("not a turn's column type")  # floats and blobs: not a turn


def _payload(raw: bytes, pos: int, size: int, usable: int, page_size: int) -> bytes:
    """A cell's payload, following its overflow pages."""
    max_local = usable - 35
    if size <= max_local:
        return raw[pos:pos + size]
    min_local = (usable - 12) * 32 // 255 - 23
    local = min_local + (size - min_local) % (usable - 4)
    if local > max_local:
        local = min_local
    out = bytearray(raw[pos:pos + local])
    page = int.from_bytes(raw[pos + local:pos + local + 4], "big")
    seen = set()
    while len(out) < size and page and page not in seen:
        seen.add(page)
        start = (page - 1) * page_size
        out += raw[start + 4:start + usable][: size - len(out)]
        page = int.from_bytes(raw[start:start + 4], "big")
    if len(out) != size:
        raise ValueError("overflow chain broken")
    return bytes(out)


def _columns(payload: bytes) -> list[Any]:
    header_size, pos = _varint(payload, 0)
    serials = []
    while pos < header_size:
        serial, pos = _varint(payload, pos)
        serials.append(serial)
    values = []
    pos = header_size
    for serial in serials:
        value, pos = _value(serial, payload, pos)
        values.append(value)
    return values


def _as_turn(values: list[Any]) -> tuple | None:
    """A row of ``turns`` (11 columns, the id the rowid; 10 in a row written before migration 10
    added the remarks) in ``_TURN_COLS`` order, or None."""
    if len(values) == 10:
        values = [*values, None]
    if len(values) != 11:
        return None
    _id, project_id, seq, role, kind, text, step, fld, sources, created, remarks = values
    if not (isinstance(project_id, int) and isinstance(seq, int) and role in ("user", "assistant")
            and isinstance(kind, str) and isinstance(text, str) and isinstance(created, str)):
        return None
    return (project_id, seq, role, kind, text, step, fld, sources, created,
            remarks if isinstance(remarks, str) else None)


def _as_record(values: list[Any]) -> tuple | None:
    """A row of ``records`` (4 columns; the project id is the rowid) without its id, or None."""
    if len(values) != 4:
        return None
    _id, version, text, updated = values
    if not (isinstance(text, str) and text.startswith("{") and isinstance(updated, str)
            and (version is None or isinstance(version, int))):
        return None
    return (version, text, updated)


def _as_project(values: list[Any]) -> tuple | None:
    """A row of ``projects`` (7 columns, 8 in a row written since migration 11 added `deleted`;
    the id is the rowid) without its id, in ``_PROJECT_COLS`` order, or None."""
    if len(values) == 7:
        values = [*values, None]
    if len(values) != 8:
        return None
    _id, name, key, organisation, language, created, updated, deleted = values
    if not (isinstance(name, str) and name.strip() and isinstance(key, str) and isinstance(organisation, str)
            and language in ("nl", "en") and isinstance(created, str) and isinstance(updated, str)
            and (deleted is None or isinstance(deleted, str))):
        return None
    return (name, key, organisation, language, created, updated, deleted)


def _project_stamp(row: tuple) -> str:
    """When a project row (`_as_project`) was written last: its update, or its going to the bin."""
    return max(row[5], row[6] or "")


def _as_state(values: list[Any]) -> tuple | None:
    """A row of ``state`` (5 columns; the project id is the rowid) without its id, or None."""
    if len(values) != 5:
        return None
    _id, step, pending, data, updated = values
    if not ((step is None or isinstance(step, int)) and (pending is None or isinstance(pending, str))
            and isinstance(data, str) and data.startswith("{") and isinstance(updated, str)):
        return None
    return (step, pending, data, updated)


def _freelist(raw: bytes, page_size: int) -> set[int]:
    """Pages SQLite has freed: what lies on them is old, never to be brought back."""
    free: set[int] = set()
    trunk = int.from_bytes(raw[32:36], "big")
    while trunk and trunk not in free and trunk * page_size <= len(raw):
        free.add(trunk)
        start = (trunk - 1) * page_size
        count = int.from_bytes(raw[start + 4:start + 8], "big")
        for i in range(min(count, page_size // 4 - 2)):
            free.add(int.from_bytes(raw[start + 8 + 4 * i:start + 12 + 4 * i], "big"))
        trunk = int.from_bytes(raw[start:start + 4], "big")
    return free


def rows_from_pages(path: Path, wanted: set[int] | None, as_row,
                    stamp: Callable[[tuple], str] = lambda row: str(row[-1])) -> dict[int, tuple]:
    """Rows with these rowids (None: any) found on the file's table-leaf pages (not on freed
    pages), as ``as_row`` makes them from the columns; where one is found twice, the one whose
    time stamp (`stamp`; its last column) is the latest. Anything that does not decode is passed over."""
    try:
        raw = path.read_bytes()
    except OSError:
        return {}
    if len(raw) < 100 or wanted is not None and not wanted:
        return {}
    page_size = int.from_bytes(raw[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    usable = page_size - raw[20]
    header_read = 512 <= page_size and not page_size & (page_size - 1) and 480 <= usable <= page_size
    if not header_read:  # a damaged header: SQLite's own page size, and no free list to trust
        page_size = usable = DEFAULT_PAGE_SIZE
    free = _freelist(raw, page_size) if header_read else set()
    found: dict[int, tuple] = {}
    for number, start in enumerate(range(0, len(raw) - page_size + 1, page_size), start=1):
        head = start + (100 if start == 0 else 0)
        if number in free or raw[head] != _LEAF_TABLE:
            continue
        cells = int.from_bytes(raw[head + 3:head + 5], "big")
        for i in range(cells):
            try:
                offset = int.from_bytes(raw[head + 8 + 2 * i:head + 10 + 2 * i], "big")
                size, pos = _varint(raw, start + offset)
                rowid, pos = _varint(raw, pos)
                if wanted is not None and rowid not in wanted:
                    continue
                row = as_row(_columns(_payload(raw, pos, size, usable, page_size)))
            except (IndexError, ValueError, UnicodeDecodeError):
                continue
            if row is not None and (rowid not in found or stamp(row) > stamp(found[rowid])):
                found[rowid] = row
    return found
