"""What export and import promise about paths, names and the size of what they read.

Each test is one promise, and each failed before (issue 23):

- an export never replaces what its path points at: a device, a FIFO, /dev/stdout and the
  like are written as streams, a symlink stays a link (the file it points to is written), a
  hard link keeps all its names; ``-o -`` is standard output;
- a full device is an error with a clear message, never "Geëxporteerd";
- a default export name never overwrites another project's export;
- a bad or empty file name is a clear message, never a traceback or a file nobody asked for;
- an import refuses what is too big to be a record with a clear message.
"""

from __future__ import annotations

import json
import os
import stat
import time
from pathlib import Path

import pytest

from assistant.cli.main import main
from assistant.export import ExportError, RecordImportError, export_record, import_json, to_json
from assistant.plan.record import MAX_LIST_ENTRIES
from assistant.plan.record import TextEntry, new_record
from assistant.core.settings import load_settings
from assistant.store import Store

from export_support import half_record

IS_ROOT = os.geteuid() == 0


def _char_device(tmp_path: Path, name: str, minor: int) -> Path:
    """A character device of the memory driver (3 = null, 7 = full): our own node as root,
    so a failing test can never replace the system's; the system's node otherwise."""
    if IS_ROOT:
        node = tmp_path / name
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, minor))
        return node
    return Path(f"/dev/{name}")


@pytest.fixture
def cwd(tmp_path, monkeypatch) -> Path:
    """An empty current folder (tmp_path also holds the test's STAPPENPLAN_HOME)."""
    folder = tmp_path / "cwd"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


def _make_projects(*names: str) -> None:
    with Store(load_settings().database_path) as store:
        for name in names:
            project = store.create_project(name)
            store.save_record(project.id, new_record(title=name))


# --- what a path points at is never replaced --------------------------------------------------
def test_export_to_a_device_writes_to_it_and_keeps_the_node(tmp_path):
    node = _char_device(tmp_path, "null", 3)
    assert export_record(half_record(), "md", node) == node
    assert stat.S_ISCHR(node.stat().st_mode)


def test_full_device_is_an_error_and_the_node_stays(tmp_path, capsys):
    node = _char_device(tmp_path, "full", 7)
    with pytest.raises(ExportError) as info:
        export_record(half_record(), "json", node)
    assert "vol" in info.value.message("nl") and "full" in info.value.message("en")
    assert str(node) in info.value.message("nl")
    assert stat.S_ISCHR(node.stat().st_mode)
    _make_projects("Dijk")
    assert main(["export", "-p", "Dijk", "-f", "md", "-o", str(node)]) == 1
    captured = capsys.readouterr()
    assert "vol" in captured.err and "Geëxporteerd" not in captured.out


def test_fifo_is_written_as_a_stream(tmp_path):
    record = half_record()
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # a reader waits, as `cat pipe` would
    try:
        export_record(record, "json", fifo)
        data = os.read(reader, 1 << 20)
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert data.decode("utf-8") == to_json(record)


def test_a_link_to_a_descriptor_like_dev_stdout_is_written_through(tmp_path):
    """/dev/stdout is a link to /proc/self/fd/1; ours points at a pipe we hold."""
    record = half_record()
    read_end, write_end = os.pipe()
    link = tmp_path / "stdout"
    link.symlink_to(f"/proc/self/fd/{write_end}")
    try:
        export_record(record, "json", link)
        os.close(write_end)
        data = b"".join(iter(lambda: os.read(read_end, 65536), b""))
    finally:
        os.close(read_end)
    assert link.is_symlink() and os.readlink(link) == f"/proc/self/fd/{write_end}"
    assert data.decode("utf-8") == to_json(record)


def test_dash_is_standard_output(cwd, capsysbinary):
    _make_projects("Dijk")
    assert main(["export", "-p", "Dijk", "-f", "json", "-o", "-"]) == 0
    out = capsysbinary.readouterr().out
    assert json.loads(out)["project"]["title"] == "Dijk"  # only the document: no "Geëxporteerd"
    assert list(cwd.iterdir()) == []


def test_without_a_format_or_an_extension_the_export_is_markdown_as_the_help_says(cwd, capsysbinary):
    # "-o -" and "-o notes" failed, asking for a format; ".txt" names none and still asks
    _make_projects("Dijk")
    assert main(["export", "-p", "Dijk", "-o", "-"]) == 0
    assert capsysbinary.readouterr().out.decode("utf-8").startswith("# ")
    assert main(["export", "-p", "Dijk", "-o", "notities"]) == 0
    assert (cwd / "notities").read_text(encoding="utf-8").startswith("# ")
    assert main(["export", "-p", "Dijk", "-o", "notities.txt"]) == 2


def test_symlink_is_followed_and_stays_a_link(tmp_path):
    record = half_record()
    target = tmp_path / "echt.json"
    target.write_text("oud", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(target.name)
    export_record(record, "json", link)
    assert link.is_symlink() and os.readlink(link) == target.name
    assert target.read_text(encoding="utf-8") == to_json(record)


def test_hard_link_keeps_both_names_on_the_same_file(tmp_path):
    record = half_record()
    first = tmp_path / "a.json"
    first.write_bytes(b"x" * 100_000)  # longer than the record: no old tail may remain
    second = tmp_path / "b.json"
    os.link(first, second)
    export_record(record, "json", second)
    assert first.stat().st_ino == second.stat().st_ino and first.stat().st_nlink == 2
    assert first.read_text(encoding="utf-8") == to_json(record)


# --- names ------------------------------------------------------------------------------------
def test_default_export_names_never_overwrite_another_project(cwd, capsys):
    """`..` and `CON` both give the default name projectdossier-nl.json."""
    _make_projects("..", "CON")
    assert main(["export", "-p", "..", "-f", "json"]) == 0
    assert main(["export", "-p", "CON", "-f", "json"]) == 0
    err = capsys.readouterr().err
    titles = sorted(json.loads(p.read_text(encoding="utf-8"))["project"]["title"]
                    for p in cwd.iterdir())
    assert titles == ["..", "CON"]
    assert f"{cwd / 'projectdossier-nl.json'} bestond al" in err and "niet overschreven" in err


def test_empty_output_name_is_refused(cwd, capsys):
    _make_projects("Dijk")
    assert main(["export", "-p", "Dijk", "-f", "md", "-o", ""]) == 2
    assert "-o" in capsys.readouterr().err
    assert list(cwd.iterdir()) == []


def test_a_file_name_too_long_for_the_file_system_is_a_message(tmp_path, capsys):
    target = tmp_path / ("x" * 300 + ".md")
    with pytest.raises(ExportError) as info:
        export_record(half_record(), "md", target)
    assert "te lang" in info.value.message("nl") and "too long" in info.value.message("en")
    _make_projects("Dijk")
    assert main(["export", "-p", "Dijk", "-o", str(target)]) == 1
    assert "te lang" in capsys.readouterr().err


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs procfs")
def test_a_folder_that_takes_no_new_files_is_not_said_to_be_missing(capsys):
    # "/proc/x.md": the folder is there, it only makes no files ("De map /proc bestaat niet")
    with pytest.raises(ExportError) as info:
        export_record(half_record(), "md", "/proc/stappenplan-x.md")
    said = info.value.message("nl")
    assert "bestaat niet" not in said and "In de map /proc kan geen bestand worden gemaakt" in said
    with pytest.raises(ExportError) as info:
        export_record(half_record(), "md", "/geen-map-hier/x.md")
    assert "De map /geen-map-hier bestaat niet" in info.value.message("nl")


def test_a_long_name_that_fits_is_written(tmp_path):
    """250 characters fit in a name; the temporary file beside it must fit too."""
    record = half_record()
    target = tmp_path / ("x" * 245 + ".json")
    export_record(record, "json", target)
    assert target.read_text(encoding="utf-8") == to_json(record)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


# --- import limits ----------------------------------------------------------------------------
def test_schema_version_with_thousands_of_digits_is_a_message(tmp_path):
    path = tmp_path / "groot.json"
    path.write_text('{"schema_version": ' + "9" * 5001 + "}", encoding="utf-8")
    with pytest.raises(RecordImportError) as info:
        import_json(path)
    assert "cijfers" in info.value.message("nl") and "digits" in info.value.message("en")


def test_a_list_too_long_for_a_record_is_refused_with_a_message(tmp_path, capsys):
    """200,000 entries (12.7 MB) were accepted and made a DOCX export run for 11 minutes."""
    record = new_record(title="Groot")
    record.step4.deliverables = [TextEntry(text=f"Levering {i}") for i in range(MAX_LIST_ENTRIES + 1)]
    path = tmp_path / "groot.json"
    path.write_text(to_json(record), encoding="utf-8")
    with pytest.raises(RecordImportError) as info:
        import_json(path)
    assert "step4.deliverables" in info.value.message("nl")
    assert str(MAX_LIST_ENTRIES) in info.value.message("en")
    assert main(["import", str(path)]) == 1
    assert "step4.deliverables" in capsys.readouterr().err
    with Store(load_settings().database_path) as store:
        assert store.list_projects() == []


def test_the_conversation_keeps_a_list_within_what_an_import_takes(tmp_path, capsys):
    # 1,100 lines typed in one answer were kept; their export was then refused on import
    import io
    import sys

    lines = "; ".join(f"O{i} — x" for i in range(MAX_LIST_ENTRIES + 100))
    sys_stdin = sys.stdin
    try:
        sys.stdin = io.StringIO(f"/stap 1 2\n{lines}\nOrganisatie A — ervaring\n")
        assert main(["chat", "--plain", "--project", "Veel"]) == 0
    finally:
        sys.stdin = sys_stdin
    out = capsys.readouterr().out
    assert f"hoogstens {MAX_LIST_ENTRIES} regels hebben; hier staan er 0, en dit antwoord heeft er 1100" in out
    assert "Er is niets toegevoegd" in out
    path = tmp_path / "veel.json"
    assert main(["export", "--project", "Veel", "-o", str(path)]) == 0
    assert main(["import", str(path), "--name", "Veel terug"]) == 0  # what the conversation kept imports again
    with Store(load_settings().database_path) as store:
        assert len(store.list_projects()) == 2


def test_bulleted_lists_at_the_import_limit_export_quickly(tmp_path):
    """Four bulleted lists at the limit (4,000 entries): the DOCX export takes under a second
    here. Before, it took 11.7 s (python-docx searched every style and the whole body at each
    paragraph: quadratic), and 200,000 entries over 11 minutes."""
    record = new_record(title="Vol")
    for step, field in (("step4", "deliverables"), ("step5", "trends"), ("step8", "course_corrections"),
                        ("step9", "lessons")):
        setattr(getattr(record, step), field,
                [TextEntry(text=f"{field} {i}") for i in range(MAX_LIST_ENTRIES)])
    path = tmp_path / "vol.json"
    path.write_text(to_json(record), encoding="utf-8")
    back = import_json(path)
    start = time.monotonic()
    export_record(back, "docx", tmp_path / "vol.docx")
    assert time.monotonic() - start < 5
