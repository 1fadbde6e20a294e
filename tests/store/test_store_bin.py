"""The bin: a deleted project is kept BIN_DAYS days, hidden and restorable, then purged at a start."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone

import pytest

from assistant.store import BIN_DAYS, MIGRATIONS, ConversationState, ProjectNotFound, Store


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "data" / "stappenplan.sqlite3"


def test_a_deleted_project_is_hidden_everywhere_and_comes_back_with_its_conversation(db_path):
    with Store(db_path) as store:
        kept = store.create_project("Kademuren")
        gone = store.create_project("Parkeerbeheer", organisation="Gemeente P")
        store.save_record(gone.id, '{"answers": "bewaard"}')
        store.add_turn(gone.id, "user", "answer", "de parkeerdruk is hoog")
        store.set_state(gone.id, ConversationState(3, "need"))
        store.delete_project(gone.id)
        assert [p.name for p in store.list_projects()] == ["Kademuren"]
        assert store.find_project("parkeerbeheer") is None
        assert store.last_worked_on() is None  # its turn was the last: not a project to reopen
        assert store.similar_project("Parkeerbeheerr") is None
        with pytest.raises(ProjectNotFound):
            store.get_project(gone.id)
        with pytest.raises(ProjectNotFound):  # a window that still has it open saves nothing into it
            store.add_turn(gone.id, "user", "answer", "te laat")
        [binned] = store.deleted_projects()
        assert (binned.name, binned.organisation) == ("Parkeerbeheer", "Gemeente P") and binned.deleted
        assert store.deleted_project("PARKEERBEHEER").id == gone.id
    with Store(db_path) as store:  # across a start: well inside BIN_DAYS
        back = store.restore_project(gone.id)
        assert back.name == "Parkeerbeheer"
        assert {p.name for p in store.list_projects()} == {"Kademuren", "Parkeerbeheer"}
        assert [t.text for t in store.turns(gone.id)] == ["de parkeerdruk is hoog"]
        assert store.load_record_json(gone.id) == '{"answers": "bewaard"}'
        assert store.get_state(gone.id).current_step == 3
        assert store.deleted_projects() == [] and kept.id != gone.id


def test_a_name_in_the_bin_is_free_and_the_deleted_one_comes_back_under_a_fitted_name(db_path):
    with Store(db_path) as store:
        old = store.create_project("Brug")
        store.delete_project(old.id)
        new = store.create_project("brug")  # the name can be given again meanwhile
        assert store.deleted_project("Brug").id == old.id
        back = store.restore_project(old.id)
        assert back.name == "Brug (2)" and store.find_project("Brug").id == new.id
        assert store.find_project("Brug (2)").id == old.id
        with pytest.raises(ProjectNotFound):  # restored once: no longer in the bin
            store.restore_project(old.id)


def test_a_start_purges_what_was_in_the_bin_longer_than_the_kept_period(db_path):
    with Store(db_path) as store:
        old = store.create_project("Oud")
        store.add_turn(old.id, "user", "answer", "weg")
        recent = store.create_project("Recent")
        store.delete_project(old.id)
        store.delete_project(recent.id)
    long_ago = (datetime.now(timezone.utc) - timedelta(days=BIN_DAYS, hours=1)).isoformat(timespec="seconds")
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE projects SET deleted = ? WHERE id = ?", (long_ago, old.id))
    with Store(db_path) as store:
        assert [p.name for p in store.deleted_projects()] == ["Recent"]
    with sqlite3.connect(db_path) as conn:  # its conversation went with it
        assert conn.execute("SELECT count(*) FROM turns WHERE project_id = ?", (old.id,)).fetchone()[0] == 0


def test_a_database_of_the_version_before_the_bin_gets_it_and_keeps_its_projects(db_path):
    version = MIGRATIONS.index(next(m for m in MIGRATIONS if "ADD COLUMN deleted" in m))
    conn = sqlite3.connect(db_path.parent.mkdir(parents=True) or db_path)
    for script in MIGRATIONS[:version]:
        conn.executescript(script)
    conn.execute(f"PRAGMA user_version = {version}")
    conn.execute("INSERT INTO projects (name, name_key, created, updated) VALUES ('Oud', 'oud', 'x', 'x')")
    conn.commit()
    conn.close()
    with Store(db_path) as store:
        old = store.find_project("oud")
        assert [p.name for p in store.list_projects()] == ["Oud"] and store.deleted_projects() == []
        store.delete_project(old.id)
        assert store.deleted_project("Oud").id == old.id


def test_opening_the_name_of_a_project_in_the_bin_makes_nothing_and_says_how_to_restore_it(db_path):
    # `--project Gemaal` with "Gemaal" in the bin made a new, empty "Gemaal": the user's own came
    # back as "Gemaal (2)" on restoring, or was purged after BIN_DAYS while they worked in the empty one
    from assistant.store import ProjectInBin

    with Store(db_path) as store:
        gone = store.create_project("Gemaal Zuid")
        store.add_turn(gone.id, "user", "answer", "de pomp is oud")
        store.delete_project(gone.id)
        with pytest.raises(ProjectInBin) as refused:
            store.open_project("gemaal zuid", refuse_similar=True)
        assert refused.value.name == "Gemaal Zuid"
        assert "`stappenplan projects --restore 'Gemaal Zuid'`" in refused.value.message("en")
        assert "prullenbak" in refused.value.message("nl") and "--new" in refused.value.message("nl")
        assert store.list_projects() == [] and store.deleted_project("Gemaal Zuid").id == gone.id
        new, created = store.open_project("Gemaal Zuid")  # --new: meant new after all
        assert created and new.id != gone.id and store.turns(new.id) == []


def test_a_window_that_still_has_a_binned_project_open_cuts_nothing_from_its_conversation(db_path):
    # remove_turns_from (an unanswered greeting tidied away) had no guard for the bin, as every
    # other write has: a stale window deleted turns of a project in the bin
    with Store(db_path) as store:
        gone = store.create_project("Gemaal")
        for text in ("welkom", "de pomp is oud", "welkom terug"):
            store.add_turn(gone.id, "assistant", "answer", text)
        store.delete_project(gone.id)
        with pytest.raises(ProjectNotFound):
            store.remove_turns_from(gone.id, 1)
        assert [t.text for t in store.turns(gone.id)] == ["welkom", "de pomp is oud", "welkom terug"]
        store.restore_project(gone.id)
        store.remove_turns_from(gone.id, 3)  # back from the bin: as any project's
        assert [t.text for t in store.turns(gone.id)] == ["welkom", "de pomp is oud"]
