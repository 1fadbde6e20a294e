"""What the project store promises when its file or its disk fails.

Each test is one promise, and each failed before (issue 23):

- one damaged page costs only what was on it: the records and what else can be read come back
  into a new database, the damaged file is kept, and the user is told what came back and where
  that file is, once;
- a database cut to 0 bytes is damage, never silently an empty database;
- a read-only data folder still shows every project and says why nothing can be saved;
- a full disk is called a full disk, also where SQLite says "disk I/O error";
- a project name is kept whole or refused: two long names never become one project.

The read-only and full-disk cases use real file systems (a small tmpfs, remounted read-only),
so they run as root, where permission bits would not stop a write; without root they use the
permission bits, or are skipped.
"""

from __future__ import annotations

import io
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.cli.main import main
from assistant.plan.record import ProjectRecord, new_record
from assistant.core.settings import load_settings
from assistant.store import (
    ConversationState,
    DatabaseKeptAside,
    DatabaseMovedAside,
    InvalidProjectName,
    ProjectNameTooLong,
    Store,
    StoreDiskFull,
    StoreError,
    StoreReadOnly,
    StoreUnavailable,
)
from fs_support import made_read_only

IS_ROOT = os.geteuid() == 0


def _db() -> Path:
    return load_settings().database_path


def _fill(path: Path, *, turns: int = 50, text: str = "antwoord {i} " * 10) -> dict[str, str]:
    """Two projects with records and a conversation; returns {name: record JSON}."""
    records = {}
    with Store(path) as store:
        for name in ("Dijkversterking", "Slimme lantaarnpalen"):
            project = store.create_project(name)
            record = new_record(title=name, organisation="Waterschap")
            record.step0.need = f"De behoefte van {name}"
            store.save_record(project.id, record)
            records[name] = store.load_record_json(project.id)
            for i in range(turns):
                store.add_turn(project.id, "user", "answer", text.format(i=i))
    return records


def _page_size_and_root(path: Path, table: str) -> tuple[int, int]:
    conn = sqlite3.connect(path)
    try:
        size = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    finally:
        conn.close()
    return size, root


def _overwrite(path: Path, offset: int, data: bytes) -> None:
    with path.open("r+b") as fh:
        fh.seek(offset)
        fh.write(data)


def _kept(path: Path) -> list[Path]:
    return sorted(p for p in path.parent.glob(f"{path.name}.unusable-*")
                  if not p.name.endswith(("-wal", "-shm", ".json")))


# --- a damaged page --------------------------------------------------------------------------
def test_damaged_root_page_of_the_conversation_keeps_every_project_record_and_turn(capsys):
    """The issue's case: 24 bytes overwritten at the root page of the conversation table. SQLite
    then reaches none of the turns; they are read from the intact leaf pages (long ones from
    their overflow pages too)."""
    db = _db()
    records = _fill(db, text="antwoord {i} " + "lang " * 1500)  # 7.5 kB: overflow pages
    with Store(db) as store:
        before = {p.name: [(t.seq, t.text) for t in store.turns(p.id)] for p in store.list_projects()}
    page_size, root = _page_size_and_root(db, "turns")
    _overwrite(db, (root - 1) * page_size, b"\xff" * 24)
    damaged = db.read_bytes()

    with Store(db) as store:
        notice = store.notice
        assert isinstance(notice, DatabaseMovedAside)
        assert sorted(p.name for p in store.list_projects()) == sorted(records)
        for project in store.list_projects():
            assert store.load_record_json(project.id) == records[project.name]
            assert store.load_record(project.id, ProjectRecord).step0.need.startswith("De behoefte")
            assert [(t.seq, t.text) for t in store.turns(project.id)] == before[project.name]
    assert notice.moved_to.read_bytes() == damaged  # kept exactly as it was
    for lang, words in (("nl", ("2 project", "2 dossier", "100 gespreksbeurt")),
                        ("en", ("2 project", "2 record", "100 conversation turn"))):
        message = notice.message(lang)
        assert str(notice.moved_to) in message and all(w in message for w in words), message

    # said once: every start and every command after it said it again, for as long as the file lay there
    assert main(["projects"]) == 0
    out, err = capsys.readouterr()
    assert "Dijkversterking" in out and "Slimme lantaarnpalen" in out
    assert str(notice.moved_to) not in err and err == ""
    with Store(db) as store:
        assert store.notice is None


def test_a_damaged_page_of_the_conversation_loses_only_the_turns_on_it():
    db = _db()
    _fill(db, turns=300, text="beurt-{i}-" + "x" * 300)
    page_size, _root = _page_size_and_root(db, "turns")
    raw = db.read_bytes()
    page = raw.index(b"beurt-150-") // page_size  # a leaf page in the middle of the conversation
    _overwrite(db, page * page_size, b"\xff" * 24)

    with Store(db) as store:
        notice = store.notice
        assert isinstance(notice, DatabaseMovedAside)
        projects = store.list_projects()
        assert len(projects) == 2
        turns = [t for p in projects for t in store.turns(p.id)]
    recovered = notice.recovered
    assert recovered.records == 2 and recovered.turns_listed == 600
    assert 500 < recovered.turns == len(turns) < 600
    assert f"{recovered.turns} van de 600" in notice.message("nl")


def test_damaged_root_page_of_the_records_brings_back_each_latest_record():
    """Records first: with the records table's root page damaged, each project's record comes
    back from the leaf pages, in its latest version (older versions lie on freed pages)."""
    db = _db()
    latest = {}
    with Store(db) as store:
        for n in range(8):
            project = store.create_project(f"Project {n}")
            for version in range(3):
                record = new_record(title=f"Project {n}")
                record.step0.need = f"Versie {version} van project {n}: " + "behoefte " * 400
                store.save_record(project.id, record)
            latest[project.name] = store.load_record_json(project.id)
    page_size, root = _page_size_and_root(db, "records")
    _overwrite(db, (root - 1) * page_size, b"\xff" * 24)
    with Store(db) as store:
        assert isinstance(store.notice, DatabaseMovedAside)
        assert store.notice.recovered.records == 8
        for project in store.list_projects():
            assert store.load_record_json(project.id) == latest[project.name]
            assert store.load_record(project.id, ProjectRecord).step0.need.startswith("Versie 2")


def test_a_database_cut_to_zero_bytes_is_damage_not_a_new_start():
    db = _db()
    _fill(db, turns=1)
    db.write_bytes(b"")
    for side in ("-wal", "-shm"):
        Path(f"{db}{side}").unlink(missing_ok=True)
    with Store(db) as store:
        notice = store.notice
        assert isinstance(notice, DatabaseMovedAside)
        assert "0 bytes" in notice.message("nl") and "0 bytes" in notice.message("en")
        assert store.list_projects() == []
    assert notice.moved_to.exists() and notice.moved_to.stat().st_size == 0
    with Store(db) as store:  # said once
        assert store.notice is None


def test_damaged_copies_no_message_named_are_counted_and_named_once(capsys):
    # three kept by an earlier version: "verwijder of verplaats dat bestand", at every start and
    # on every command
    db = _db()
    _fill(db, turns=1)
    for n in (1, 2, 3):
        Path(f"{db}.unusable-20260101-000000-{n}").write_bytes(b"kapot")
    assert main(["projects"]) == 0
    err = capsys.readouterr().err
    assert "3 eerder beschadigde" in err and "die bestanden" in err and "dat bestand" not in err
    assert all(f"unusable-20260101-000000-{n}" in err for n in (1, 2, 3))
    assert main(["projects"]) == 0
    assert capsys.readouterr().err == ""
    Path(f"{db}.unusable-20260102-000000").write_bytes(b"kapot")  # a new one: named, alone
    with Store(db) as store:
        assert isinstance(store.notice, DatabaseKeptAside) and store.notice.kept == [Path(f"{db}.unusable-20260102-000000")]
        assert "dat bestand" in store.notice.message("nl")


# --- names -----------------------------------------------------------------------------------
def test_long_project_names_are_refused_not_cut_into_another_project(capsys):
    shared = "Aanbesteding slimme verkeerslichten voor de provincie Zuid-Holland, perceel oost"
    assert len(shared) == 80
    with Store(_db()) as store:
        store.create_project(shared)
        with pytest.raises(ProjectNameTooLong) as info:
            store.create_project(shared + " en zuid")
        assert isinstance(info.value, InvalidProjectName)
        assert "80" in info.value.message("nl") and "88" in info.value.message("en")
        assert store.find_project(shared + " en zuid") is None
        opened, created = store.open_project(shared)
        assert not created and opened.name == shared
    assert main(["export", "-p", shared + " en zuid", "-f", "md", "-o", "x.md"]) == 1
    assert "bestaat niet" in capsys.readouterr().err


# --- read-only data folder and a full disk ---------------------------------------------------
def _mount_tmpfs(folder: Path, size: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    if not IS_ROOT:
        pytest.skip("mounting a small file system needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                          capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")


def _umount(folder: Path) -> None:
    subprocess.run(["umount", "-l", str(folder)], capture_output=True)


@pytest.fixture
def read_only_data(tmp_path, monkeypatch):
    """A data folder holding two projects, then made read-only for real: a tmpfs remounted
    read-only as root, the permission bits otherwise."""
    folder = tmp_path / "ro-data"
    monkeypatch.setenv("STAPPENPLAN_DATA_DIR", str(folder))
    with made_read_only(folder, "4m", fill=lambda: _fill(load_settings().database_path, turns=3)):
        yield folder


def test_read_only_data_folder_shows_every_project_and_says_why(read_only_data, capsys):
    assert main(["projects"]) == 0
    out, err = capsys.readouterr()
    assert "Dijkversterking" in out and "Slimme lantaarnpalen" in out
    assert "alleen-lezen" in err and str(read_only_data) in err
    with Store(_db()) as store:
        assert isinstance(store.notice, StoreReadOnly)
        project = store.find_project("dijkversterking")
        assert len(store.turns(project.id)) == 3
        assert store.load_record(project.id, ProjectRecord).project.organisation == "Waterschap"
        with pytest.raises(StoreReadOnly) as info:
            store.add_turn(project.id, "user", "answer", "nieuw")
        assert "Niet opgeslagen" in info.value.message("nl") and "read-only" in info.value.message("en")
    assert main(["export", "-p", "Dijkversterking", "-f", "json", "-o", "-"]) == 0
    assert '"Dijkversterking"' in capsys.readouterr().out


def test_read_only_data_folder_chat_goes_on_and_says_why_an_answer_is_not_saved(read_only_data, monkeypatch,
                                                                                capsys):
    # it stopped at the greeting ("Niet opgeslagen", exit 1), though the notice promised that
    # projects can be looked at; and a refused answer took the conversation back to the step
    # the disk still had
    monkeypatch.setattr("sys.stdin", io.StringIO("/stap 3\nca. 4 ton\n/dossier\n/quit\n"))
    # the status says what was not kept (it was 0, as if every answer had been saved)
    assert main(["chat", "--plain", "--project", "Dijkversterking"]) == 1
    out, err = capsys.readouterr()
    assert "alleen-lezen" in err and "Traceback" not in err
    assert "invoer niet opgeslagen of geëxporteerd" in err
    assert "Opslaan is mislukt" in out and "Niet opgeslagen" in out
    refused = out.index("Opslaan is mislukt")
    assert "Dossier · Dijkversterking" in out[refused:]  # /dossier after it still answered
    assert "Vraag 1 van 7" in out[refused:]  # and the conversation stayed at step 3
    with Store(_db()) as store:
        project = store.find_project("dijkversterking")
        assert store.get_state(project.id).current_step != 3


def test_a_store_opened_read_only_saves_again_once_the_folder_can_be_written(read_only_data):
    # a shared folder back, or chmod u+w: "Niet opgeslagen" until the app was started again
    with Store(_db()) as store:
        project = store.find_project("dijkversterking")
        with pytest.raises(StoreReadOnly):
            store.add_turn(project.id, "user", "answer", "nog alleen-lezen")
        if IS_ROOT:
            subprocess.run(["mount", "-o", "remount,rw", str(read_only_data)], check=True)
        else:
            read_only_data.chmod(0o755)
        store.add_turn(project.id, "user", "answer", "weer schrijfbaar")
        assert store.read_only is None
    with Store(_db()) as store:
        texts = [t.text for t in store.turns(store.find_project("dijkversterking").id)]
        assert texts[-1] == "weer schrijfbaar" and "nog alleen-lezen" not in texts


def _left_read_only_with_its_wal(tmp_path: Path) -> Path:
    """A data folder as an app that was open when the folder was made read-only leaves it: the
    database with its -wal and -shm beside it, all read-only (a tmpfs remounted read-only as
    root, the permission bits otherwise)."""
    source, folder = tmp_path / "open", tmp_path / "left"
    _fill(source / "stappenplan.sqlite3", turns=3)
    if IS_ROOT:
        _mount_tmpfs(folder, "4m")
    else:
        folder.mkdir()
    with Store(source / "stappenplan.sqlite3") as store:  # open: its -wal and -shm are there
        store.add_turn(store.find_project("Dijkversterking").id, "user", "answer", "in de wal")
        for suffix in ("", "-wal", "-shm"):
            shutil.copyfile(source / f"stappenplan.sqlite3{suffix}", folder / f"stappenplan.sqlite3{suffix}")
    if IS_ROOT:
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
    else:
        for file in folder.iterdir():
            file.chmod(0o444)
        folder.chmod(0o555)
    return folder


def _writable_again(folder: Path) -> None:
    if IS_ROOT:
        subprocess.run(["mount", "-o", "remount,rw", str(folder)], check=True)
    else:
        folder.chmod(0o755)
        for file in folder.iterdir():
            file.chmod(0o644)


def test_saving_works_again_once_a_folder_left_read_only_with_its_wal_is_writable(tmp_path):
    # "Niet opgeslagen … Maak de map schrijfbaar", then after chmod u+w every answer failed with
    # "attempt to write a readonly database" until a restart: the read-only connection kept the
    # -shm open read-only, and SQLite gave the new connection that same read-only memory
    folder = _left_read_only_with_its_wal(tmp_path)
    db = folder / "stappenplan.sqlite3"
    try:
        with Store(db) as store:
            project = store.find_project("Dijkversterking")
            with pytest.raises(StoreReadOnly):
                store.add_turn(project.id, "user", "answer", "nog alleen-lezen")
            _writable_again(folder)
            store.add_turn(project.id, "user", "answer", "weer schrijfbaar")
            store.add_turn(project.id, "user", "answer", "en nog een")
        with Store(db) as store:
            texts = [t.text for t in store.turns(store.find_project("Dijkversterking").id)]
        assert texts[-3:] == ["in de wal", "weer schrijfbaar", "en nog een"]
    finally:
        if IS_ROOT:
            _umount(folder)


def test_a_write_refused_as_read_only_is_said_in_dutch_and_the_next_one_opens_the_database_anew(tmp_path):
    # a second store opened while the first still holds the -shm read-only is refused in the
    # same way: said in the user's language (it carried SQLite's English), and once the first
    # has let go, the next write opens the database anew and is saved
    folder = _left_read_only_with_its_wal(tmp_path)
    db = folder / "stappenplan.sqlite3"
    try:
        first = Store(db)
        _writable_again(folder)
        with Store(db) as second:
            project = second.find_project("Dijkversterking")
            with pytest.raises(StoreReadOnly) as refused:
                second.add_turn(project.id, "user", "answer", "geweigerd")
            assert "Niet opgeslagen" in refused.value.nl and "readonly" not in str(refused.value).lower()
            first.close()
            second.add_turn(project.id, "user", "answer", "opgeslagen")
            assert [t.text for t in second.turns(project.id)][-1] == "opgeslagen"
    finally:
        if IS_ROOT:
            _umount(folder)


def test_a_read_only_folder_without_a_database_gets_one_once_it_can_be_written(tmp_path, monkeypatch):
    folder = tmp_path / "leeg-rw"
    _mount_tmpfs(folder, "1m")
    try:
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        with Store(folder / "stappenplan.sqlite3") as store:
            with pytest.raises(StoreReadOnly):
                store.create_project("Eerste")
            subprocess.run(["mount", "-o", "remount,rw", str(folder)], check=True)
            store.create_project("Eerste")
        with Store(folder / "stappenplan.sqlite3") as store:
            assert [p.name for p in store.list_projects()] == ["Eerste"]
    finally:
        _umount(folder)


def test_read_only_folder_without_a_database_has_no_projects_yet(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "leeg"
    _mount_tmpfs(folder, "1m")
    try:
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        monkeypatch.setenv("STAPPENPLAN_DATA_DIR", str(folder))
        assert main(["projects"]) == 0
        out, err = capsys.readouterr()
        assert "Nog geen projecten" in out and "alleen-lezen" in err
    finally:
        _umount(folder)


def test_full_disk_when_creating_the_database_says_the_disk_is_full(tmp_path):
    """With 16 KiB left SQLite said "disk I/O error"; and no empty file may stay behind to be
    taken for damage once there is room again."""
    folder = tmp_path / "vol"
    _mount_tmpfs(folder, "128k")
    try:
        (folder / "ballast").write_bytes(b"\0" * (112 * 1024))
        db = folder / "stappenplan.sqlite3"
        with pytest.raises(StoreUnavailable) as info:
            with Store(db) as store:
                store.add_turn(store.create_project("P").id, "user", "answer", "x" * 3000)
        assert "schijf is vol" in info.value.message("nl") and "disk is full" in info.value.message("en")
        (folder / "ballast").unlink()
        with Store(db) as store:
            assert store.notice is None
            store.create_project("P")
    finally:
        _umount(folder)


def _fill_up(folder: Path) -> None:
    """Write ballast into `folder`'s file system until it has no room left."""
    subprocess.run(["dd", "if=/dev/zero", f"of={folder / 'ballast'}", "bs=4k"], capture_output=True)


@pytest.fixture
def full_data(tmp_path, monkeypatch):
    """A data folder holding two projects on a small file system, then filled to the last byte."""
    folder = tmp_path / "vol"
    _mount_tmpfs(folder, "2m")
    monkeypatch.setenv("STAPPENPLAN_DATA_DIR", str(folder))
    try:
        _fill(load_settings().database_path, turns=3)
        _fill_up(folder)
        yield folder
    finally:
        _umount(folder)


def test_a_full_disk_opens_the_store_to_read_and_saving_says_the_disk_is_full(full_data):
    """Opening on a full disk said "the disk is full; cannot save" to a command that only lists;
    now it opens as a read-only folder does, and saves again once there is room."""
    db = full_data / "stappenplan.sqlite3"
    with Store(db) as store:
        assert isinstance(store.notice, StoreDiskFull) and "schijf" in store.notice.message("nl")
        assert sorted(p.name for p in store.list_projects()) == ["Dijkversterking", "Slimme lantaarnpalen"]
        project = store.find_project("Dijkversterking")
        assert len(store.turns(project.id)) == 3
        with pytest.raises(StoreDiskFull) as info:
            store.add_turn(project.id, "user", "answer", "niet opgeslagen")
        assert "schijf is vol" in info.value.message("nl") and str(db) in info.value.message("nl")
        (full_data / "ballast").unlink()
        store.add_turn(project.id, "user", "answer", "wel opgeslagen")
        assert store.read_only is None and store.turns(project.id)[-1].text == "wel opgeslagen"


def test_a_write_that_finds_the_disk_full_leaves_the_store_readable(tmp_path):
    """The disk filled while the store was open: the write says the disk is full, as a read-only
    store does (so a question is answered, not lost to "saving failed"), and reads go on."""
    folder = tmp_path / "vol"
    _mount_tmpfs(folder, "2m")
    try:
        with Store(folder / "stappenplan.sqlite3") as store:
            project = store.create_project("P")
            _fill_up(folder)
            with pytest.raises(StoreDiskFull):
                for _ in range(20):
                    store.add_turn(project.id, "user", "answer", "x" * 20_000)
            assert store.read_only is not None and [p.name for p in store.list_projects()] == ["P"]
    finally:
        _umount(folder)


def test_a_full_disk_still_lists_and_exports_elsewhere(full_data, tmp_path, capsys):
    target = tmp_path / "elders" / "dijk.md"
    target.parent.mkdir()
    assert main(["projects"]) == 0
    out, err = capsys.readouterr()
    assert "Dijkversterking" in out and "schijf" in err
    assert main(["export", "--project", "Dijkversterking", "-f", "md", "-o", str(target)]) == 0
    assert "Dijkversterking" in target.read_text(encoding="utf-8")


def test_a_read_only_database_file_in_a_writable_folder_is_named_as_the_file(tmp_path):
    """Only the file read-only (chmod, or as here a read-only bind mount as root): the message
    said the data folder was read-only, and sent the user to choose another folder."""
    db = tmp_path / "stappenplan.sqlite3"
    with Store(db) as store:
        store.create_project("P")
    if not IS_ROOT:
        db.chmod(0o444)
    elif subprocess.run(["mount", "--bind", "-o", "ro", str(db), str(db)], capture_output=True).returncode:
        pytest.skip("cannot bind-mount the file read-only here")
    try:
        with Store(db) as store:
            assert store.find_project("P") is not None  # read, not written
            message = store.notice.message("nl")
            assert f"databasebestand {db} is alleen-lezen" in message and "chmod u+w" in message
            assert "gegevensmap" not in message
            with pytest.raises(StoreReadOnly) as info:
                store.create_project("Q")
            assert "Niet opgeslagen: het databasebestand" in info.value.message("nl")
    finally:
        if IS_ROOT:
            _umount(db)
        else:
            db.chmod(0o644)


def test_a_write_refused_with_room_on_the_disk_says_what_to_check(tmp_path):
    """A file-size limit (ulimit -f, a quota) made SQLite say "disk I/O error": the message was
    "Fout in de projectdatabase …: disk I/O error", nothing a user can act on."""
    code = (
        "import resource, sys\n"
        "from assistant.store import Store, StoreUnavailable\n"
        f"db = {str(tmp_path / 'stappenplan.sqlite3')!r}\n"
        "with Store(db) as store:\n"
        "    project = store.create_project('P')\n"
        "    resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, resource.RLIM_INFINITY))\n"
        "    try:\n"
        "        for i in range(100):\n"
        "            store.add_turn(project.id, 'user', 'answer', 'x' * 19_000)\n"
        "    except StoreUnavailable as exc:\n"
        "        print(exc.message('nl'))\n"
        "        print(exc.message('en'))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "Mogelijk is uw quotum of de toegestane bestandsgrootte bereikt" in out.stdout, out.stderr[-2000:]
    assert "Your quota or the allowed file size may be reached" in out.stdout
    # SQLite's own words are for the log: they stood, in English, in the Dutch message
    assert "I/O" not in out.stdout


def test_a_database_damaged_while_open_says_so_without_sqlites_words():
    # "… is beschadigd geraakt (database disk image is malformed)": SQLite's English in Dutch
    db = _db()
    _fill(db, turns=300, text="beurt-{i}-" + "x" * 10_000)  # more than SQLite's page cache holds
    page_size, _root = _page_size_and_root(db, "turns")
    with Store(db) as store:
        assert store.notice is None
        _overwrite(db, db.read_bytes().index(b"beurt-150-") // page_size * page_size, b"\xff" * 24)
        with pytest.raises(StoreError) as info:
            for project in store.list_projects():
                store.turns(project.id)
    assert "is beschadigd geraakt. Start stappenplan opnieuw" in info.value.message("nl")
    assert "has become damaged. Restart stappenplan" in info.value.message("en")
    assert "malformed" not in str(info.value)


# --- a read-only data folder with an index built before ---------------------------------------
PROEFTUIN = ("Proeftuin\n\nEen proeftuin is een afgebakende omgeving waarin een opdrachtgever een innovatie "
             "onder echte omstandigheden test met gebruikers, voordat hij op grote schaal inkoopt.\n")


@pytest.fixture
def read_only_index(tmp_path, monkeypatch):
    """A STAPPENPLAN_HOME whose index (words and vectors) was built, then remounted read-only;
    the guidance it indexes lies outside it."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "proeftuin.txt").write_text(PROEFTUIN, encoding="utf-8")
    home = tmp_path / "ro-home"
    _mount_tmpfs(home, "64m")
    try:
        (home / "config.toml").write_text(f'use_default_corpus = false\ncorpus_dirs = ["{corpus}"]\n')
        monkeypatch.setenv("STAPPENPLAN_HOME", str(home))
        # built by another process, which closes every file in it: a file open for writing
        # would stop the remount
        built = subprocess.run([sys.executable, "-m", "assistant", "ask", "Wat is een proeftuin?"],
                               capture_output=True, text=True, timeout=300)
        assert built.returncode == 0 and "afgebakende omgeving" in built.stdout, built.stderr
        subprocess.run(["mount", "-o", "remount,ro", str(home)], check=True)
        yield home, corpus
    finally:
        _umount(home)


def _files(folder: Path) -> dict[str, int]:
    return {str(p): p.stat().st_mtime_ns for p in folder.rglob("*")}


def test_ask_on_a_read_only_data_folder_answers_from_the_index_built_before(read_only_index, capsys):
    home, _ = read_only_index
    capsys.readouterr()
    before = _files(home)
    assert main(["ask", "Wat is een proeftuin?"]) == 0
    out, err = capsys.readouterr()
    assert "afgebakende omgeving" in out and "[1]" in out
    # the meaning model cannot be used: said once, with the reason; no traceback, nothing written
    assert err.count("alleen zoeken op woorden") == 1 and "alleen-lezen" in err and "read-only" not in err
    assert "Traceback" not in err and "niet schrijfbaar" not in err
    assert _files(home) == before


def test_ask_on_a_read_only_data_folder_says_why_a_needed_rebuild_cannot_happen(read_only_index, capsys):
    home, corpus = read_only_index
    (corpus / "proeftuin.txt").write_text(PROEFTUIN + "\nEen proeftuin duurt meestal een jaar.\n", encoding="utf-8")
    capsys.readouterr()
    before = _files(home)
    # a question needs no project: it is answered from an index kept elsewhere for this run
    assert main(["ask", "Wat is een proeftuin?"]) == 0
    out, err = capsys.readouterr()
    assert "proeftuin" in out.lower()
    # in the run's language only (both languages, run into one line, before)
    assert "moet opnieuw worden opgebouwd" in err and "alleen-lezen" in err and "needs rebuilding" not in err
    assert str(home / "data" / "index") in err and "Traceback" not in err
    assert _files(home) == before


async def test_the_app_on_a_read_only_data_folder_greets_and_keeps_what_is_typed(read_only_data):
    """The greeting was a write that failed: the conversation stayed empty. Now it shows with
    the step, one notice says why nothing is saved, and a typed answer is refused plainly and
    stays in the input."""
    from fakes import FakeKB
    from tui_support import make_app, settle

    app = make_app(FakeKB(), project="Dijkversterking")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        turns = app.main.conversation.turns
        kinds = [turn.kind for turn in turns]
        assert "welcome" in kinds and "step" in kinds, kinds
        assert sum("alleen-lezen" in turn.text and "niets opgeslagen" in turn.text for turn in turns) == 1
        assert not [n for n in app._notifications if "alleen-lezen" in n.message]  # not twice
        assert app.main.work.session.current_step == 0
        app.main.prompt.insert("Een sterkere dijk")
        await pilot.press("enter")
        await settle(pilot)
        last = app.main.conversation.turns[-1]
        assert last.kind == "error" and "Niet opgeslagen" in last.text and str(read_only_data) in last.text
        assert app.main.prompt.text == "Een sterkere dijk"
        # a question is answered all the same (it is not kept)
        app.main.prompt.clear_input()
        shown = len(app.main.conversation.turns)
        app.main.prompt.insert("Wat zijn minimale eisen?")
        await pilot.press("enter")
        await settle(pilot)
        kinds = [turn.kind for turn in app.main.conversation.turns[shown:]]
        assert "guidance" in kinds and "error" not in kinds, kinds
        assert app.main.prompt.text == ""
        assert app.is_running


def test_records_no_table_lists_any_more_come_back_under_their_titles():
    # the projects' and the records' root pages both damaged: "nothing could be recovered",
    # while every record lay intact on its own page
    db = _db()
    latest = {}
    with Store(db) as store:
        for n in range(6):
            project = store.create_project(f"Project {n}")
            record = new_record(title=f"Project {n}")
            record.step0.need = f"Behoefte van project {n}: " + "tekst " * 300
            store.save_record(project.id, record)
            latest[project.name] = store.load_record_json(project.id)
    page_size, projects_root = _page_size_and_root(db, "projects")
    _, records_root = _page_size_and_root(db, "records")
    for root in (projects_root, records_root):
        _overwrite(db, (root - 1) * page_size, b"\xff" * 24)
    with Store(db) as store:
        assert isinstance(store.notice, DatabaseMovedAside)
        assert store.notice.recovered.records == 6
        assert sorted(p.name for p in store.list_projects()) == sorted(latest)
        for project in store.list_projects():
            assert store.load_record_json(project.id) == latest[project.name]


def test_records_come_back_from_a_file_whose_header_is_garbled():
    db = _db()
    with Store(db) as store:
        for n in range(3):
            project = store.create_project(f"Kop {n}")
            record = new_record(title=f"Kop {n}")
            record.step0.need = f"Behoefte {n}"
            store.save_record(project.id, record)
    for side in ("-wal", "-shm"):
        Path(f"{db}{side}").unlink(missing_ok=True)
    _overwrite(db, 0, os.urandom(100))
    with Store(db) as store:
        assert isinstance(store.notice, DatabaseMovedAside)
        assert sorted(p.name for p in store.list_projects()) == ["Kop 0", "Kop 1", "Kop 2"]
        assert store.load_record(store.find_project("Kop 2").id, ProjectRecord).step0.need == "Behoefte 2"


def _conversation(db: Path) -> dict[str, tuple]:
    """Per project name: its turns (seq, text) and where it was (current step, pending)."""
    with Store(db) as store:
        return {p.name: ([(t.seq, t.text) for t in store.turns(p.id)],
                         (store.get_state(p.id).current_step, store.get_state(p.id).pending))
                for p in store.list_projects()}


def _three_projects_one_deleted(db: Path, turns: int = 40) -> dict[str, tuple]:
    with Store(db) as store:
        for n, name in enumerate(("Kruispunten", "Weg ermee", "Lantaarnpalen")):
            project = store.create_project(name)
            store.save_record(project.id, new_record(title=name))
            for i in range(turns):
                store.add_turn(project.id, "user", "answer", f"{name} beurt {i} " + "woord " * 30)
            store.set_state(project.id, ConversationState(n + 2, "need"))
        store.delete_project(store.find_project("Weg ermee").id)
    before = _conversation(db)
    assert sorted(before) == ["Kruispunten", "Lantaarnpalen"]
    for side in ("-wal", "-shm"):
        Path(f"{db}{side}").unlink(missing_ok=True)
    return before


def test_a_garbled_file_label_loses_no_turn_and_no_step_and_keeps_the_deleted_one_in_the_bin():
    # 16 bytes of the header overwritten: the records came back, but not one turn of the
    # conversation, and every project's step was gone ("huidige stap -")
    db = _db()
    before = _three_projects_one_deleted(db)
    _overwrite(db, 0, b"garbage garbage!")
    with Store(db) as store:
        assert isinstance(store.notice, DatabaseMovedAside) and store.notice.recovered.turns == 120
        # the notice counts the projects the list shows ("Teruggehaald: 3" beside two read as two lost)
        assert store.notice.recovered.projects == len(store.list_projects()) == 2
        [binned] = store.deleted_projects()  # from the pages: in the bin still, with its conversation
        assert binned.name == "Weg ermee" and len(store.turns(binned.id)) == 40
    assert _conversation(db) == before  # "Weg ermee", deleted, stays out of the list


@pytest.mark.parametrize("damage", ["conversation root page", "garbage over the file"])
def test_a_damaged_database_keeps_the_bin_and_the_former_names(damage):
    # recovery left the projects in the bin out (lost for good, where the user meant to restore
    # one) and dropped the former names (an old name opened a new, empty project again)
    from assistant.store import ProjectInBin

    db = _db()
    with Store(db) as store:
        gone = store.create_project("Gemaal", organisation="Waterschap")
        store.save_record(gone.id, new_record(title="Gemaal"))
        for i in range(30):
            store.add_turn(gone.id, "user", "answer", f"gemaal beurt {i} " + "woord " * 30)
        store.set_state(gone.id, ConversationState(4, "need"))
        store.delete_project(gone.id)
        renamed = store.create_project("Brug oost")
        store.update_project(renamed.id, name="Brug Oost-Zuid")
        store.add_turn(renamed.id, "user", "answer", "de brug is smal")
        [before] = store.deleted_projects()
        record = store.load_record_json(gone.id)
    with Store(db):
        pass  # a start whose check passed: the backup copy is made
    if damage == "garbage over the file":  # all from the backup
        db.write_bytes(os.urandom(40_000))
        for side in ("-wal", "-shm"):
            Path(f"{db}{side}").unlink(missing_ok=True)
    else:  # the projects as the file lists them, the turns from its pages
        page_size, root = _page_size_and_root(db, "turns")
        _overwrite(db, (root - 1) * page_size, b"\xff" * 24)
    with Store(db) as store:
        assert isinstance(store.notice, DatabaseMovedAside)
        assert [p.name for p in store.list_projects()] == ["Brug Oost-Zuid"]
        assert store.deleted_projects() == [before]  # its time of deletion too: purged when it was due
        assert len(store.turns(gone.id)) == 30 and store.load_record_json(gone.id) == record
        assert store.get_state(gone.id).current_step == 4
        assert store.similar_projects("brug oost") == store.list_projects()  # its name before the rename
        with pytest.raises(ProjectInBin):
            store.open_project("Gemaal", refuse_similar=True)
        assert store.restore_project(gone.id).name == "Gemaal"


def test_a_damaged_index_of_the_conversation_loses_no_turn():
    # the (project, seq) index's root page overwritten: half the turns were lost, read through it
    db = _db()
    before = _three_projects_one_deleted(db)
    page_size, root = _page_size_and_root(db, "sqlite_autoindex_turns_1")
    _overwrite(db, (root - 1) * page_size + 8, b"\xff" * 200)
    with Store(db) as store:
        assert isinstance(store.notice, DatabaseMovedAside)
    assert _conversation(db) == before


def test_a_file_cut_short_brings_back_the_projects_it_still_names_with_their_turns():
    # cut in half: "nothing could be recovered", with the projects' page and many turns intact
    db = _db()
    before = _three_projects_one_deleted(db, turns=200)  # the first half holds turns too
    raw = db.read_bytes()
    db.write_bytes(raw[: len(raw) // 2])
    with Store(db) as store:
        assert isinstance(store.notice, DatabaseMovedAside)
    after = _conversation(db)
    assert sorted(after) == ["Kruispunten", "Lantaarnpalen"]
    for name, (turns, _where) in after.items():
        assert set(turns) <= set(before[name][0])
    assert sum(len(turns) for turns, _where in after.values()) > 0


async def test_the_app_says_an_answer_is_not_saved_when_its_database_file_was_replaced():
    """With the database's files removed and a folder put in its place while the app ran,
    SQLite wrote the answer into the unlinked file and the app said "Opgeslagen"; at exit it
    was gone. Now nothing is committed, the app says why, and the answer stays in the input."""
    from fakes import FakeKB
    from tui_support import make_app, settle

    db = _db()
    _fill(db, turns=1)
    app = make_app(FakeKB(), project="Dijkversterking")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        db.mkdir()
        app.main.prompt.insert("Een sterkere dijk")
        await pilot.press("enter")
        await settle(pilot)
        last = app.main.conversation.turns[-1]
        assert last.kind == "error" and "Niet opgeslagen" in last.text and "vervangen" in last.text
        assert not [turn for turn in app.main.conversation.turns if "Opgeslagen" in turn.text]
        assert app.main.prompt.text == "Een sterkere dijk"


def test_a_write_after_the_database_file_was_swapped_for_another_is_refused(tmp_path):
    """A file renamed into the database's place (a restored copy) is another file: a write of
    this connection would go to the old one, so it is refused, in a transaction too."""
    path = tmp_path / "stappenplan.sqlite3"
    with Store(path) as store:
        project = store.create_project("Dijkversterking")
        other = tmp_path / "copy.sqlite3"
        with Store(other) as copy:
            copy.create_project("Elders")
        os.replace(other, path)
        with pytest.raises(StoreUnavailable, match="vervangen"):
            store.add_turn(project.id, "user", "answer", "weg")
        with pytest.raises(StoreUnavailable, match="vervangen"), store.transaction():
            store.add_turn(project.id, "user", "answer", "weg")


def test_a_folder_in_the_databases_place_is_said_in_each_language_not_in_the_systems_english(tmp_path):
    # "… is niet leesbaar: Is a directory." put the system's English inside a Dutch sentence
    path = tmp_path / "stappenplan.sqlite3"
    path.mkdir()
    with pytest.raises(StoreUnavailable) as refused:
        Store(path)
    assert refused.value.nl.endswith("is niet leesbaar: er staat een map waar een bestand hoort.")
    assert refused.value.en.endswith("cannot be read: a folder is where a file should be.")
    assert "Is a directory" not in str(refused.value)


def test_a_record_whose_only_page_was_overwritten_comes_back_from_the_backup_of_the_last_start():
    """Two pages of the closed database overwritten, one the records table's only page: the
    record came back empty though every answer was in the conversation. The start before made a
    backup copy (its check passed); the record comes back from it, the answers given since
    from the damaged file, and the message names both files."""
    db = _db()
    with Store(db) as store:
        project = store.create_project("Dijkversterking")
        record = new_record(title="Dijkversterking", organisation="Waterschap")
        record.step0.need = "Een sterkere dijk"
        store.save_record(project.id, record)
        for i in range(40):
            store.add_turn(project.id, "user", "answer", f"voor de kopie {i}")
    with Store(db) as store:  # this start's copy holds the record and 40 turns
        assert store.backup_path.is_file() and store.backup_path.stat().st_mode & 0o077 == 0
        for i in range(40):
            store.add_turn(project.id, "user", "answer", f"na de kopie {i}")
    page_size, root = _page_size_and_root(db, "records")
    _overwrite(db, (root - 1) * page_size, b"\xff" * page_size)
    with Store(db) as store:
        notice = store.notice
        assert isinstance(notice, DatabaseMovedAside)
        project = store.find_project("Dijkversterking")
        assert store.load_record(project.id, ProjectRecord).step0.need == "Een sterkere dijk"
        texts = [t.text for t in store.turns(project.id)]
    assert texts == [f"voor de kopie {i}" for i in range(40)] + [f"na de kopie {i}" for i in range(40)]
    for lang, words in (("nl", ("1 dossier(s)", "reservekopie")), ("en", ("1 record(s)", "backup copy"))):
        message = notice.message(lang)
        assert str(db) + ".bak" in message and str(notice.moved_to) in message, message
        assert all(w in message for w in words), message


def test_garbage_copied_over_the_database_is_restored_from_the_backup():
    db = _db()
    _fill(db, turns=5)
    with Store(db):
        pass  # a start whose check passed: the copy is made
    db.write_bytes(os.urandom(40_000))
    for side in ("-wal", "-shm"):
        Path(f"{db}{side}").unlink(missing_ok=True)
    with Store(db) as store:
        assert isinstance(store.notice, DatabaseMovedAside)
        assert sorted(p.name for p in store.list_projects()) == ["Dijkversterking", "Slimme lantaarnpalen"]
        assert "reservekopie" in store.notice.message("nl")


@pytest.mark.parametrize("change", ["garbage", "truncate"])
def test_a_database_file_written_over_while_open_is_not_written_into_and_comes_back(change):
    """`cp garbage stappenplan.sqlite3` or `truncate -s 0` with the app open: two answers were
    "Opgeslagen", and quitting wrote the -wal into the file; the next start lost a project's
    whole record. Now every write is refused, saying so and naming the backup copy, closing
    leaves the file as it was put there, and the next start brings the projects back."""
    db = _db()
    records = _fill(db, turns=20)
    with Store(db) as store:
        project = store.find_project("Dijkversterking")
        store.add_turn(project.id, "user", "answer", "na de start")
        if change == "garbage":
            db.write_bytes(os.urandom(20_000))  # the same file, written over
        else:
            os.truncate(db, 0)
        changed = db.read_bytes()
        for attempt in range(2):  # said at every write, not once
            with pytest.raises(StoreUnavailable) as refused:
                store.add_turn(project.id, "user", "answer", f"geweigerd {attempt}")
            message = refused.value.nl
            assert "Niet opgeslagen" in message and "overschreven of ingekort" in message, message
            assert f"{db}.bak" in message and f"{db}.bak" in refused.value.en
    assert db.read_bytes() == changed  # closing wrote nothing into it
    with Store(db) as store:
        assert isinstance(store.notice, DatabaseMovedAside) and "reservekopie" in store.notice.message("nl")
        assert sorted(p.name for p in store.list_projects()) == sorted(records)
        for project in store.list_projects():
            assert store.load_record_json(project.id) == records[project.name]
            assert not [t for t in store.turns(project.id) if t.text.startswith("geweigerd")]


def test_a_transaction_refused_because_the_file_was_written_over_is_undone_and_every_later_write_says_why():
    """The transaction's commit refused for a file cut short kept its transaction open (only a
    replaced file was rolled back): the write lock stayed held, and the next answer said SQLite's
    "cannot start a transaction within a transaction" instead of what happened to the file."""
    db = _db()
    _fill(db, turns=5)
    with Store(db) as store:
        project = store.find_project("Dijkversterking")
        store.add_turn(project.id, "user", "answer", "na de start")  # its pages read from the -wal
        with pytest.raises(StoreUnavailable, match="overschreven of ingekort"), store.transaction():
            store.add_turn(project.id, "user", "answer", "in de transactie")
            os.truncate(db, 0)
        with pytest.raises(StoreUnavailable, match="overschreven of ingekort"):
            store.add_turn(project.id, "user", "answer", "daarna")


def _in_another_process(path: Path, code: str) -> None:
    """`code` run on a Store of the database at `path` in a process of its own, as a second
    command (`stappenplan projects`, `export`) runs beside the app."""
    import assistant

    src = str(Path(assistant.__file__).resolve().parents[1])
    script = f"from assistant.store.db import Store\nstore = Store({str(path)!r})\n{code}\nstore.close()\n"
    subprocess.run([sys.executable, "-c", script], check=True, env={**os.environ, "PYTHONPATH": src}, timeout=60)


def _open_files() -> list[str]:
    names = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            names.append(os.readlink(f"/proc/self/fd/{fd}"))
        except OSError:  # closed in between
            pass
    return names


def test_another_command_beside_the_app_never_takes_the_wal_the_app_writes_into(tmp_path):
    # reading the file's header at a commit closed a descriptor of it, which drops every POSIX
    # lock of this process on it: the next command to close found the database unused and
    # deleted the -wal, and every answer saved after it went into a deleted file
    path = tmp_path / "stappenplan.sqlite3"
    store = Store(path)
    project = store.create_project("Dijkbewaking")
    store.add_turn(project.id, "user", "answer", "eerste antwoord")
    _in_another_process(path, "store.list_projects()")
    assert path.with_name(path.name + "-wal").exists()
    store.add_turn(project.id, "user", "answer", "tweede antwoord")
    _in_another_process(path, f"store.add_turn({project.id}, 'user', 'answer', 'uit de andere')")
    store.add_turn(project.id, "user", "answer", "derde antwoord")
    assert f"{path}-wal (deleted)" not in _open_files()
    # the app still open: what it saved is in the files already, as a second reader finds it
    again = sqlite3.connect(path)
    texts = [row[0] for row in again.execute("SELECT text FROM turns ORDER BY seq")]
    again.close()
    assert texts == ["eerste antwoord", "tweede antwoord", "uit de andere", "derde antwoord"]
    store.close()
    assert sqlite3.connect(path).execute("PRAGMA integrity_check").fetchone() == ("ok",)
