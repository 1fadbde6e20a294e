"""The project store: schema and migrations, WAL, durability, corrupt files, concurrency."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import threading

import pytest

from assistant.core.i18n import catalog
from assistant.store import (
    MIGRATIONS,
    SCHEMA_VERSION,
    ConversationState,
    DatabaseMovedAside,
    DatabaseTooNew,
    InvalidProjectName,
    ProjectExists,
    Store,
    StoreError,
    StoreUnavailable,
)


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "data" / "stappenplan.sqlite3"


def test_fresh_database_has_schema_version_and_wal(db_path):
    with Store(db_path) as store:
        assert store.notice is None
        assert store.schema_version == SCHEMA_VERSION == len(MIGRATIONS)
        assert store.journal_mode == "wal"
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"projects", "records", "turns", "state"} <= tables


def test_reopening_keeps_data_and_does_not_migrate_again(db_path):
    with Store(db_path) as store:
        p = store.create_project("Slimme afvalinzameling", organisation="Gemeente X")
        store.add_turn(p.id, "user", "answer", "eerste antwoord", step=0, field="need.statement")
    with Store(db_path) as store:
        assert store.schema_version == SCHEMA_VERSION
        [turn] = store.turns(p.id)
        assert turn.text == "eerste antwoord" and turn.field == "need.statement"
        assert store.find_project("slimme AFVALinzameling").organisation == "Gemeente X"


def test_migrations_run_in_order_from_an_older_version(db_path, monkeypatch):
    import assistant.store.db as db

    extra = "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)"
    with Store(db_path) as store:
        p = store.create_project("Oud")
    monkeypatch.setattr(db, "MIGRATIONS", [*db.MIGRATIONS, extra])
    monkeypatch.setattr(db, "SCHEMA_VERSION", len(db.MIGRATIONS))
    with Store(db_path) as store:
        assert store.schema_version == len(MIGRATIONS) + 1
        assert store.find_project("oud").id == p.id  # data kept across the migration
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT count(*) FROM notes").fetchone()[0] == 0


def test_project_names_unique_case_insensitive_and_cleaned(db_path):
    with Store(db_path) as store:
        p = store.create_project("  Ärger\x1b[31m met\tafval  ")
        assert p.name == "Ärger met afval"
        with pytest.raises(ProjectExists):
            store.create_project("ärger MET afval")
        with pytest.raises(InvalidProjectName):
            store.create_project(" \x07 ")
        odd = store.create_project("../../etc/passwd")
        assert odd.name == "../../etc/passwd"  # a value, never a path
        assert store.find_project("../../ETC/passwd").id == odd.id
        with pytest.raises(InvalidProjectName):  # too long: refused, never cut (issue 23)
            store.create_project("x" * 500)
        again, created = store.open_project("ärger met afval")
        assert again.id == p.id and not created
        assert {q.name for q in store.list_projects()} == {p.name, odd.name}


def test_a_name_one_letter_off_another_projects_is_taken_for_a_typo_of_it(db_path):
    # `--project Fietspadd` made a new, empty project beside "Fietspad" without a word
    from assistant.store import ProjectNameNearlyTaken

    with Store(db_path) as store:
        own = store.create_project("Fietspad Utrecht")
        store.create_project("Brug 1")
        assert store.similar_project("fietspad utrect").id == own.id
        assert store.similar_project("Fietspad Utrecht") is None  # the project itself is no typo of it
        assert store.similar_project("Brug 2") is None  # a number tells projects apart on purpose
        assert store.similar_project("Dijkversterking") is None
        with pytest.raises(ProjectNameNearlyTaken) as refused:
            store.open_project("Fietspad Utrect", refuse_similar=True)
        assert "'Fietspad Utrecht'" in str(refused.value) and "--new" in str(refused.value)
        assert len(store.list_projects()) == 2
        meant, created = store.open_project("Fietspad Utrect")  # as --new opens it
        assert created and meant.name == "Fietspad Utrect"


def test_a_name_that_starts_or_is_part_of_a_few_projects_names_is_not_made_a_new_project(db_path):
    # `--project "Jeugdzorg"` beside "Jeugdzorg/WMO matching" made a new, empty project
    from assistant.store import ProjectNameNearlyTaken

    with Store(db_path) as store:
        parking = store.create_project("Parkeren binnenstad / Vughterpoort 🚗")
        youth = store.create_project("Jeugdzorg/WMO matching")
        store.create_project("Inkoop jeugdzorg 2025")
        assert store.similar_projects("Parkeren binnenstad") == [parking]
        assert {p.name for p in store.similar_projects("jeugdzorg")} == {youth.name, "Inkoop jeugdzorg 2025"}
        assert store.similar_projects("WMO matching") == [youth]  # a run of whole words inside it
        assert store.similar_projects("matchin") == []  # not a whole word, and no typo of a name
        assert store.similar_projects("Brug") == []
        with pytest.raises(ProjectNameNearlyTaken) as refused:
            store.open_project("Jeugdzorg", refuse_similar=True)
        assert "'Jeugdzorg/WMO matching'" in str(refused.value) and "'Inkoop jeugdzorg 2025'" in str(refused.value)
        for n in range(4):
            store.create_project(f"Dijk {n}")
        assert store.similar_projects("Dijk") == []  # a name shared by many says nothing of which was meant
        assert len(store.list_projects()) == 7


def test_a_projects_former_name_finds_it_after_a_rename(db_path):
    from assistant.store import ProjectNameNearlyTaken

    with Store(db_path) as store:
        own = store.create_project("Parkeren binnenstad")
        store.update_project(own.id, name="Vughterpoort")
        assert [p.id for p in store.similar_projects("parkeren BINNENSTAD")] == [own.id]
        with pytest.raises(ProjectNameNearlyTaken) as refused:
            store.open_project("Parkeren binnenstad", refuse_similar=True)
        assert refused.value.existing == "Vughterpoort"
        store.update_project(own.id, name="Parkeren binnenstad")  # its old name back: no former name of itself
        assert store.similar_projects("Vughterpoort") == [store.get_project(own.id)]
        assert store.find_project("Parkeren binnenstad").id == own.id
        store.delete_project(own.id)
        assert store.similar_projects("Vughterpoort") == []
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION >= 9


def test_a_name_taken_is_said_as_the_project_is_named(db_path):
    # "Er is al een project met de naam 'PARKEREN BINNENSTAD'" echoed what was typed
    with Store(db_path) as store:
        store.create_project("Parkeren binnenstad")
        other = store.create_project("Fietspad")
        assert "'Parkeren binnenstad'" in str(store.name_problem("PARKEREN BINNENSTAD"))
        with pytest.raises(ProjectExists, match="'Parkeren binnenstad'"):
            store.update_project(other.id, name="parkeren Binnenstad")
        with pytest.raises(ProjectExists, match="'Parkeren binnenstad'"):
            store.create_project("PARKEREN binnenstad")


def test_names_that_differ_in_a_letter_of_their_own_are_meant_apart(db_path):
    # `chat --project "Proef Y"` was refused as a typo of "Proef Z": a letter standing alone
    # labels a variant, as a number does
    with Store(db_path) as store:
        store.create_project("Proef Z")
        store.create_project("Variant A brug")
        assert store.similar_project("Proef Y") is None
        assert store.similar_project("Variant B brug") is None
        assert store.similar_project("Proef Zz").name == "Proef Z"  # a letter typed twice is a typo
        assert store.similar_project("Variant A bruh").name == "Variant A brug"


def test_record_state_and_turns_roundtrip(db_path):
    from pydantic import BaseModel

    class Rec(BaseModel):
        schema_version: int = 1
        title: str = ""
        items: list[str] = []

    with Store(db_path) as store:
        p = store.create_project("P")
        assert store.load_record(p.id, Rec) is None
        store.save_record(p.id, Rec(title="[bold]t[/bold]", items=["a?", "b"]))
        store.set_state(p.id, ConversationState(3, "step3.requirements", {"ambiguous": "x?"}))
        store.add_turn(p.id, "assistant", "guidance", "antwoord [1]", step=3,
                       sources=[{"number": 1, "title": "Handreiking", "quote": "q"}])
    with Store(db_path) as store:
        rec = store.load_record(p.id, Rec)
        assert rec == Rec(title="[bold]t[/bold]", items=["a?", "b"])
        st = store.get_state(p.id)
        assert (st.current_step, st.pending, st.data) == (3, "step3.requirements", {"ambiguous": "x?"})
        [turn] = store.turns(p.id)
        assert turn.sources[0]["title"] == "Handreiking" and turn.kind == "guidance"


def test_transaction_is_atomic(db_path):
    with Store(db_path) as store:
        p = store.create_project("P")
        with pytest.raises(RuntimeError):
            with store.transaction():
                store.add_turn(p.id, "user", "answer", "weg")
                store.set_state(p.id, ConversationState(1, "q"))
                raise RuntimeError("boom")
        assert store.turns(p.id) == []
        assert store.get_state(p.id).pending is None
        with store.transaction():
            store.add_turn(p.id, "user", "answer", "blijft")
            with store.transaction():  # re-entrant
                store.add_turn(p.id, "assistant", "ask", "volgende vraag")
        assert [t.seq for t in store.turns(p.id)] == [1, 2]
        assert [t.text for t in store.turns(p.id, limit=1)] == ["volgende vraag"]


def _moved_files(db_path):
    return sorted(p for p in db_path.parent.iterdir()
                  if ".unusable-" in p.name and not p.name.endswith(".recovered.json"))


def test_not_sqlite_file_is_moved_aside_with_message(db_path):
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b"this is my shopping list, not a database\n" * 100)
    with Store(db_path) as store:
        notice = store.notice
        assert isinstance(notice, DatabaseMovedAside) and isinstance(notice, StoreError)
        assert notice.moved_to.exists()
        assert notice.moved_to.read_bytes().startswith(b"this is my shopping list")
        assert str(notice.moved_to) in notice.message("nl") and str(notice.moved_to) in notice.message("en")
        assert "bewaard" in notice.nl and "kept" in notice.en
        assert store.create_project("nieuw").id == 1  # fresh, working database


def test_foreign_sqlite_database_is_moved_aside(db_path):
    db_path.parent.mkdir(parents=True)
    conn = sqlite3.connect(db_path)
    conn.execute("CREATE TABLE moz_places (id INTEGER, url TEXT)")
    conn.execute("INSERT INTO moz_places VALUES (1, 'https://example.org')")
    conn.commit()
    conn.close()
    with Store(db_path) as store:
        assert isinstance(store.notice, DatabaseMovedAside)
        assert "ander programma" in store.notice.nl
        assert store.list_projects() == []
    [moved] = _moved_files(db_path)
    kept = sqlite3.connect(moved)
    assert kept.execute("SELECT url FROM moz_places").fetchone()[0] == "https://example.org"


def test_damaged_sqlite_file_is_moved_aside(db_path):
    with Store(db_path) as store:
        p = store.create_project("P")
        for i in range(200):
            store.add_turn(p.id, "user", "answer", "x" * 500)
    raw = bytearray(db_path.read_bytes())
    raw[100:4096 * 3] = os.urandom(4096 * 3 - 100)  # trash the schema pages, keep the header
    db_path.write_bytes(bytes(raw))
    for side in ("-wal", "-shm"):
        db_path.with_name(db_path.name + side).unlink(missing_ok=True)
    with Store(db_path) as store:
        assert isinstance(store.notice, DatabaseMovedAside)
        assert store.list_projects() == []
    assert len(_moved_files(db_path)) == 1


def _refused_as_too_new(db_path) -> DatabaseTooNew:
    """The error of opening a database a newer version wrote."""
    with Store(db_path):
        pass
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.commit()
    conn.close()
    with pytest.raises(DatabaseTooNew) as err:
        Store(db_path)
    return err.value


def test_newer_schema_is_refused_and_left_in_place(db_path):
    refused = _refused_as_too_new(db_path)
    assert "nieuwere versie" in refused.nl and "newer version" in refused.en
    assert db_path.exists() and _moved_files(db_path) == []


def test_the_refusal_is_the_catalogs_text_in_both_languages(db_path):
    """The store's messages are content (resources/messages/store.toml), shown as written there."""
    refused = _refused_as_too_new(db_path)
    fields = {"path": db_path, "found": SCHEMA_VERSION + 5, "supported": SCHEMA_VERSION}
    nl, en = catalog("store").text("too_new", "nl", **fields), catalog("store").text("too_new", "en", **fields)
    assert (refused.message("nl"), refused.message("en")) == (nl, en)
    assert str(refused) == f"{nl}\n{en}" and en.startswith(f"The project database {db_path} was written by")


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_unwritable_data_dir_gives_store_error(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        with pytest.raises(StoreUnavailable) as err:
            Store(locked / "sub" / "db.sqlite3")
        assert "gegevensmap" in err.value.nl
    finally:
        locked.chmod(0o700)


def test_data_dir_that_is_a_file_gives_store_error(tmp_path):
    blocker = tmp_path / "data"
    blocker.write_text("i am a file")
    with pytest.raises(StoreUnavailable) as err:
        Store(blocker / "stappenplan.sqlite3")
    assert "data folder" in err.value.en


def test_full_disk_maps_to_clear_error(db_path):
    with Store(db_path) as store:
        p = store.create_project("P")
        # Cap the database size so the next large write fails like a full disk would.
        store._conn.execute("PRAGMA max_page_count = " + str(store._conn.execute("PRAGMA page_count").fetchone()[0]))
        with pytest.raises(StoreUnavailable) as err:
            store.add_turn(p.id, "user", "answer", "x" * 200_000)
        assert "vol" in err.value.nl and "full" in err.value.en
        assert store.turn_count(p.id) == 0  # the failed turn left nothing half-written


def test_two_connections_writing_concurrently(db_path):
    a = Store(db_path)
    b = Store(db_path)
    p = a.create_project("Gedeeld")
    errors: list[Exception] = []

    def writer(store: Store, tag: str) -> None:
        try:
            for i in range(100):
                with store.transaction():
                    store.add_turn(p.id, "user", "answer", f"{tag}{i}")
                    store.set_state(p.id, ConversationState(1, f"{tag}{i}"))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(s, t)) for s, t in ((a, "a"), (b, "b"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    turns = a.turns(p.id)
    assert len(turns) == 200
    assert [t.seq for t in turns] == list(range(1, 201))
    a.close()
    b.close()


_WRITER = r"""
import sys
from assistant.store import Store, ConversationState
store = Store(sys.argv[1])
p, _ = store.open_project("Gedeeld")
for i in range(60):
    with store.transaction():
        store.add_turn(p.id, "user", "answer", sys.argv[2] + str(i))
        store.set_state(p.id, ConversationState(2, sys.argv[2]))
"""


def test_processes_on_the_same_data_dir(db_path):
    # several processes open the same *new* database at once (the journal-mode switch races)
    tags = ("p", "q", "r", "s", "t", "u")
    procs = [
        subprocess.Popen([sys.executable, "-c", _WRITER, str(db_path), tag], stderr=subprocess.PIPE)
        for tag in tags
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err.decode()
    with Store(db_path) as store:
        assert store.notice is None
        [p] = store.list_projects()
        texts = [t.text for t in store.turns(p.id)]
        assert sorted(texts) == sorted(f"{tag}{i}" for tag in tags for i in range(60))
        assert [p.name for p in db_path.parent.iterdir() if ".unusable-" in p.name] == []
        assert store._conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_killed_process_loses_nothing_committed(db_path):
    script = r"""
import os, sys, signal
from assistant.store import Store
store = Store(sys.argv[1])
p = store.create_project("K")
store.add_turn(p.id, "user", "answer", "bewaard")
with store.transaction():
    store.add_turn(p.id, "user", "answer", "half")
    os.kill(os.getpid(), signal.SIGKILL)
"""
    proc = subprocess.run([sys.executable, "-c", script, str(db_path)], capture_output=True)
    assert proc.returncode == -9
    with Store(db_path) as store:
        assert store.notice is None
        p = store.find_project("k")
        assert [t.text for t in store.turns(p.id)] == ["bewaard"]


def test_a_draft_is_kept_per_project_taken_once_and_forgotten_when_blank(db_path):
    with Store(db_path) as store:
        a = store.create_project("Afval")
        b = store.create_project("Bruggen")
        updated = store.get_project(a.id).updated
        store.save_draft(a.id, "De containers lopen\nhalf", left=True)
        store.save_draft(b.id, "iets anders")
        store.save_draft(b.id, "  \n")  # blank: forgotten
        assert store.get_project(a.id).updated == updated  # a draft is no work on the record
    with Store(db_path) as store:  # kept on disk, across a restart
        assert store.take_draft(a.id) == "De containers lopen\nhalf"
        assert store.take_draft(a.id) == ""  # taken once
        assert store.take_draft(b.id) == ""
        store.save_draft(a.id, "weer iets")
        store.delete_project(a.id)
        store.save_draft(a.id, "na het verwijderen")  # deleted meanwhile: nothing to keep it with
        assert sqlite3.connect(db_path).execute("SELECT count(*) FROM drafts").fetchone()[0] == 0


def test_another_windows_draft_is_left_alone_until_that_window_has_gone(db_path):
    # two colleagues on one project: B's typing replaced, and B's sending removed, the text A had
    # left unsent; A restarted and got nothing back
    with Store(db_path) as a_window, Store(db_path) as b_window:
        project = a_window.create_project("Gemaal").id
        a_window.save_draft(project, "A typt nog")  # saved while A types
        b_window.save_draft(project, "ja")
        b_window.save_draft(project, "")  # B sends its answer
        assert b_window.take_draft(project) == ""  # A's window is open: its text is not B's to take
        a_window.save_draft(project, "A sluit af", left=True)  # A closes
        assert b_window.take_draft(project) == "A sluit af"
    # a window whose process ended without closing (a kill, a power cut): whoever opens it next
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    with Store(db_path) as gone, Store(db_path) as next_window:
        gone.window = f"{socket.gethostname()}:{int(ended.stdout)}:killed"
        gone.save_draft(project, "half getypt voor de stroomstoring")
        assert next_window.take_draft(project) == "half getypt voor de stroomstoring"


def test_an_input_sent_and_not_handled_is_taken_once_its_window_has_gone_and_is_no_draft(db_path):
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    with Store(db_path) as gone, Store(db_path) as next_window:
        project = gone.create_project("Gemaal").id
        gone.keep_sent(project, "Wat is een marktconsultatie?", 0)
        assert next_window.take_unanswered(project) == []  # its window is still open
        gone.keep_sent(project, "Wat is SBIR?", 1)
        gone.forget_sent(project, 0)  # handled: a later one stays
        gone.window = f"{socket.gethostname()}:{int(ended.stdout)}:killed"
        gone.keep_sent(project, "Wat is een proeftuin?", 2)
        gone.save_draft(project, "half getypt")
        assert next_window.take_draft(project) == "half getypt"  # the typed draft, not what was sent
        assert next_window.take_unanswered(project) == ["Wat is een proeftuin?"]
        assert next_window.take_unanswered(project) == []  # taken once


def test_an_input_sent_takes_its_draft_along(db_path):
    # typed, kept as typing paused, sent and answered, then kill -9 before the emptied input was
    # kept: the next start offered the stored answer as typed "for another question", not sent
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    with Store(db_path) as gone, Store(db_path) as next_window:
        project = gone.create_project("Gemaal").id
        gone.window = f"{socket.gethostname()}:{int(ended.stdout)}:killed"
        gone.save_draft(project, "Bruggen slijten sneller\n", "step0.need")
        gone.keep_sent(project, "Bruggen slijten sneller", 0)
        assert next_window.take_draft_and_question(project) == ("", None)
        gone.save_draft(project, "nog niet verstuurd", "step0.need")
        gone.keep_sent(project, "iets anders", 1)  # another text sent: the draft stays
        assert next_window.take_draft_and_question(project) == ("nog niet verstuurd", "step0.need")


def test_inputs_sent_before_the_first_was_answered_are_each_kept_and_given_back_in_order(db_path):
    # the second input sent while the first was being answered shared its slot: a kill then lost
    # the first; the same text sent twice is two inputs
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    with Store(db_path) as gone, Store(db_path) as next_window:
        project = gone.create_project("Gemaal").id
        gone.window = f"{socket.gethostname()}:{int(ended.stdout)}:killed"
        sent = ["Wat is SBIR?", "Wat is een proeftuin?", "Wat is SBIR?", "Wat kost dat?"]
        for turn in (3, 0, 2, 1):  # each input's worker keeps it: in whatever order they run
            gone.keep_sent(project, sent[turn], turn)
        gone.forget_sent(project, 2)  # answered: the other one with the same text stays
        assert next_window.take_unanswered(project) == ["Wat is SBIR?", "Wat is een proeftuin?", "Wat kost dat?"]
        # one a version before kept (its key held no turn) is given back too
        with sqlite3.connect(db_path) as disk:
            disk.execute("INSERT INTO drafts (project_id, window, text, updated) VALUES (?, ?, ?, ?)",
                         (project, gone.window + ":sent", "Wat is een PCP?", "2025-01-01T00:00:00+00:00"))
        assert next_window.take_unanswered(project) == ["Wat is een PCP?"]
        assert next_window.take_draft(project) == ""  # none of them is a draft


def test_an_upgrade_keeps_a_copy_from_before_and_says_older_versions_cannot_open_it(db_path):
    # the first start of a new version upgraded a shared folder's database without a word or a
    # copy: a colleague's older version could not open any project, and was told to move the file
    from assistant.store import DatabaseUpgraded

    _database_of_version(db_path, 5, "INSERT INTO projects (name, name_key, created, updated) "
                                     "VALUES ('Oud', 'oud', 'x', 'x')")
    with Store(db_path) as store:
        assert isinstance(store.notice, DatabaseUpgraded) and store.notice.kept is not None
        assert "Oudere versies van stappenplan" in store.notice.message("nl") and str(store.notice.kept) in store.notice.message("nl")
        kept = store.notice.kept
    copy = sqlite3.connect(kept)
    assert copy.execute("PRAGMA user_version").fetchone()[0] == 5
    assert copy.execute("SELECT name FROM projects").fetchall() == [("Oud",)]
    copy.close()
    with Store(db_path) as store:  # upgraded once: said once
        assert store.notice is None and store.find_project("oud") is not None


def test_drafts_of_the_version_before_windows_are_kept(db_path):
    _database_of_version(db_path, 5, "INSERT INTO projects (name, name_key, created, updated) "
                                     "VALUES ('Oud', 'oud', 'x', 'x')")
    with sqlite3.connect(db_path) as conn:
        project = conn.execute("SELECT id FROM projects").fetchone()[0]
        conn.execute("INSERT INTO drafts (project_id, text, updated, question) VALUES (?, 'bewaard', ?, 'need')",
                     (project, "2026-12-01T10:00:00+00:00"))
    with Store(db_path) as store:
        assert store.take_draft_and_question(project) == ("bewaard", "need")


def _database_of_version(db_path, version: int, project: str) -> None:
    """A database as an older release left it: its first `version` migrations, one project."""
    conn = sqlite3.connect(db_path.parent.mkdir(parents=True) or db_path)
    for script in MIGRATIONS[:version]:
        conn.executescript(script)
    conn.execute(f"PRAGMA user_version = {version}")
    conn.execute(project)
    conn.commit()
    conn.close()


def test_a_database_of_the_version_before_drafts_gets_the_table_and_keeps_its_projects(db_path):
    _database_of_version(db_path, 2, "INSERT INTO projects (name, name_key, created, updated) "
                                     "VALUES ('Oud', 'oud', 'x', 'x')")
    with Store(db_path) as store:
        project = store.find_project("oud")
        store.save_draft(project.id, "half getypt")
        assert store.take_draft(project.id) == "half getypt"


def test_a_deleted_projects_number_is_never_given_again(db_path):
    # SQLite gave the highest number in use plus one: a window that still had the deleted project
    # open saved its answers into the next new project
    from assistant.store import ProjectNotFound

    with Store(db_path) as store:
        first = store.create_project("Alpha").id
        deleted = store.create_project("Gamma").id
        store.delete_project(deleted)
        new = store.create_project("Epsilon").id
        assert new not in (first, deleted)
        with pytest.raises(ProjectNotFound):
            store.save_record(deleted, '{"stale": true}')
    with Store(db_path) as store:  # kept across opening again
        store.delete_project(new)
        assert store.create_project("Zeta").id > new


def test_a_database_of_the_version_before_the_counter_gives_numbers_above_its_projects(db_path):
    _database_of_version(db_path, 3, "INSERT INTO projects (id, name, name_key, created, updated) "
                                     "VALUES (7, 'Oud', 'oud', 'x', 'x')")
    with Store(db_path) as store:
        assert store.find_project("oud").id == 7
        store.delete_project(7)  # the counter starts at the highest number the file had
        assert store.create_project("Nieuw").id == 8


def test_an_answers_remarks_are_kept_with_its_turn_and_a_database_from_before_gets_the_column(db_path):
    # only an answer's text was kept: reopened, "ℹ Geen duur gevonden …" was gone from under it
    _database_of_version(db_path, 8, "INSERT INTO projects (name, name_key, created, updated) "
                                     "VALUES ('Oud', 'oud', 'x', 'x')")
    with sqlite3.connect(db_path) as conn:
        project = conn.execute("SELECT id FROM projects").fetchone()[0]
        conn.execute("INSERT INTO turns (project_id, seq, role, kind, text, created) "
                     "VALUES (?, 1, 'assistant', 'guidance', 'eerder antwoord', 'x')", (project,))
    remarks = {"trailing": ["Geen duur gevonden."], "warnings": ["Het taalmodel gaf geen antwoord."]}
    with Store(db_path) as store:
        assert store.schema_version == SCHEMA_VERSION
        store.add_turn(project, "assistant", "guidance", "antwoord [1]", remarks=remarks)
        store.add_turn(project, "assistant", "info", "niets erbij", remarks={})
    with Store(db_path) as store:
        assert [turn.remarks for turn in store.turns(project)] == [{}, remarks, {}]


@pytest.mark.parametrize("values", [
    [5, 1, 2, "assistant", "guidance", "antwoord", 3, None, None, "x"],  # written before migration 9
    [5, 1, 2, "assistant", "guidance", "antwoord", 3, None, None, "x", '{"trailing": ["n"]}'],
])
def test_a_turn_is_read_from_its_page_with_and_without_its_remarks(values):
    from assistant.store.salvage import _as_turn

    assert _as_turn(values) == (1, 2, "assistant", "guidance", "antwoord", 3, None, None, "x",
                                values[10] if len(values) == 11 else None)


def test_a_name_is_no_part_of_a_name_with_another_number_or_a_longer_word(db_path):
    # `--project "Brug 1"` beside "Brug 10" was refused as a typo of it ("Fase 2" beside "Fase 2b"):
    # the part-of-name rule matched letters, and passed over the numbers that tell projects apart
    with Store(db_path) as store:
        store.create_project("Brug 10")
        store.create_project("Fase 2b")
        both = store.create_project("Sluis 1 / Sluis 2")
        station = store.create_project("Station 3 oost")
        assert store.similar_projects("Brug 1") == []
        assert store.similar_projects("Fase 2") == []
        assert store.similar_projects("Sluis 1") == []  # another number beside its own
        assert store.similar_projects("Sluis") == [both]  # no number: the name without one
        assert store.similar_projects("Station 3") == [station]  # its own number: still a part
        assert store.open_project("Brug 1", refuse_similar=True)[1]  # made, as meant


def test_a_learner_written_two_ways_is_the_spelling_with_the_most_progress(db_path):
    # "ingrid" (one answer) written before "Ingrid" (months of lessons): every spelling went to
    # "ingrid", the first written, and Ingrid's progress could not be reached any more
    with Store(db_path) as store:
        store.save_lesson_answer("ingrid", 1, "q1", True)
        for lesson in range(1, 5):
            for question in ("q1", "q2", "q3"):
                store.save_lesson_answer("Ingrid", lesson, question, True)
        store.save_lesson_answer("Bob", 1, "q1", True)
        store.save_lesson_answer("bob", 1, "q1", False)  # as many: the one answered last
        assert store.learners() == ["ingrid", "Ingrid", "Bob", "bob"]
        assert {store.known_learner(typed) for typed in ("ingrid", "Ingrid", " INGRID ")} == {"Ingrid"}
        assert store.known_learner("BOB") == "bob"
        assert store.similar_learner("Ingird") == "Ingrid"
        assert store.known_learner("Piet") is None


@pytest.mark.parametrize(("typed", "existing", "meant"), [
    ("Fase 2pilot", "Fase 2 pilot", True), ("Meetnet 3 D", "Meetnet 3D", True),
    ("Project 2de fase", "Project 2e fase", True), ("Fase 2", "Fase 2b", False), ("Fase 2a", "Fase 2b", False),
    ("Brug 1", "Brug 10", False)])
def test_a_number_typed_a_little_otherwise_is_a_typo_and_a_variants_label_is_not(db_path, typed, existing, meant):
    # with a number's letters counted as its label, "Fase 2pilot" beside "Fase 2 pilot" made a new,
    # empty project; "Fase 2b" beside "Fase 2" is a variant of its own
    with Store(db_path) as store:
        store.create_project(existing)
        assert [p.name for p in store.similar_projects(typed)] == ([existing] if meant else [])
