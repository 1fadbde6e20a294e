"""Reading what can still be read from a damaged project database into a fresh one.

One damaged page must not cost every project. The damaged file (already moved aside) is
opened read-only and read table by table, the records first, then the conversation: every
row is looked up on its own by its key, so a damaged page loses only the rows on it. A
record whose project row was lost gets its project back under the record's own title.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from contextlib import closing
from pathlib import Path
from typing import Any

from assistant.store.errors import Recovered
from assistant.textsafe import clean_project_name, name_key

_PROJECT_COLS = "id, name, name_key, organisation, language, created, updated"
_TURN_COLS = "project_id, seq, role, kind, text, step, field, sources, created"


def open_read_only(path: Path) -> sqlite3.Connection:
    """``path`` opened so that nothing is ever written to it; ``immutable`` when even the
    shared-memory file beside a WAL database cannot be made (a read-only folder)."""
    uri = path.absolute().as_uri()
    try:
        conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, isolation_level=None, check_same_thread=False)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError as exc:
        if "unable to open" not in str(exc).lower() and "readonly" not in str(exc).lower():
            raise
    return sqlite3.connect(f"{uri}?immutable=1", uri=True, isolation_level=None, check_same_thread=False)


def salvage(dest: sqlite3.Connection, damaged: Path) -> Recovered:
    """Copy what can be read from ``damaged`` into ``dest`` (a fresh, empty store database)
    in one transaction. Never raises for what the damaged file holds."""
    try:
        if Path(f"{damaged}-wal").exists():  # its last commits are there
            src = open_read_only(damaged)
        else:  # read as it lies, leaving no -wal or -shm beside it
            src = sqlite3.connect(f"{damaged.absolute().as_uri()}?immutable=1", uri=True, isolation_level=None)
    except sqlite3.Error:
        return Recovered()
    with closing(src):
        projects = {row[0]: row for row in _scan(src, f"SELECT {_PROJECT_COLS} FROM projects")}
        ids = sorted({*projects, *_scan_column(src, "SELECT project_id FROM records"),
                      *_scan_column(src, "SELECT project_id FROM state")})
        records = {pid: row for pid in ids
                   if (row := _one(src, "SELECT project_id, schema_version, json, updated FROM records "
                                        "WHERE project_id = ?", pid))}
        states = {pid: row for pid in ids
                  if (row := _one(src, "SELECT project_id, current_step, pending, data, updated FROM state "
                                       "WHERE project_id = ?", pid))}
        turn_ids, listed = _turn_ids(src, ids)
        turns = [row for tid in turn_ids if (row := _one(src, f"SELECT {_TURN_COLS} FROM turns WHERE id = ?", tid))]
    return _write(dest, projects, records, states, turns, listed)


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
    if not complete:
        ids = sorted({*ids, *_scan_column(src, "SELECT id FROM turns")})
    return ids, (len(ids) if complete else None)


def _write(dest: sqlite3.Connection, projects: dict, records: dict, states: dict, turns: list,
           listed: int | None) -> Recovered:
    dest.execute("BEGIN IMMEDIATE")
    try:
        kept = _write_projects(dest, projects, records)
        n_records = sum(_insert(dest, "INSERT INTO records (project_id, schema_version, json, updated) "
                                      "VALUES (?, ?, ?, ?)", row) for pid, row in records.items() if pid in kept)
        for pid in kept:
            row = states.get(pid) or (pid, None, None, "{}", _updated(projects, pid))
            _insert(dest, "INSERT INTO state (project_id, current_step, pending, data, updated) "
                          "VALUES (?, ?, ?, ?, ?)", row)
        n_turns = sum(_insert(dest, f"INSERT INTO turns ({_TURN_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", row)
                      for row in turns if row[0] in kept)
        dest.execute("COMMIT")
    except BaseException:
        if dest.in_transaction:
            dest.execute("ROLLBACK")
        raise
    return Recovered(projects=len(kept), records=n_records, turns=n_turns, turns_listed=listed)


def _write_projects(dest: sqlite3.Connection, projects: dict, records: dict) -> set[int]:
    """The projects as they were; one whose row was lost but whose record survived comes back
    under the record's title. Returns the ids written."""
    kept: set[int] = set()
    for pid in sorted({*projects, *records}):
        row = projects.get(pid)
        if row is not None and _insert(dest, f"INSERT INTO projects ({_PROJECT_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?)", row):
            kept.add(pid)
            continue
        if pid not in records:
            continue
        name = _free_name(dest, _title(records[pid][2]) or f"Project {pid}")
        updated = str(records[pid][3] or "")
        if _insert(dest, f"INSERT INTO projects ({_PROJECT_COLS}) VALUES (?, ?, ?, '', 'nl', ?, ?)",
                   (pid, name, name_key(name), updated, updated)):
            kept.add(pid)
    return kept


def _title(record_json: Any) -> str:
    try:
        return str(json.loads(record_json)["project"]["title"] or "")
    except (TypeError, ValueError, KeyError):
        return ""


def _free_name(dest: sqlite3.Connection, wanted: str) -> str:
    try:
        base = clean_project_name(wanted)
    except ValueError:
        base = "Project"
    name, n = base, 1
    while dest.execute("SELECT 1 FROM projects WHERE name_key = ?", (name_key(name),)).fetchone():
        n += 1
        name = f"{base[:70]} ({n})"
    return name


def _updated(projects: dict, pid: int) -> str:
    row = projects.get(pid)
    return str(row[6]) if row else ""


def _insert(dest: sqlite3.Connection, sql: str, row: tuple) -> bool:
    """One row; a row the damage garbled (a NULL where none may be, a duplicate) is skipped."""
    try:
        dest.execute(sql, row)
        return True
    except sqlite3.Error:
        return False
