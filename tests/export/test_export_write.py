"""Writing exports: never a half-written file, clear messages for bad paths and full disks."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from assistant.core.i18n import catalog
from assistant.export import ExportError, export_record, import_json, to_json, write_docx
from assistant.export import atomic

from export_support import full_record, half_record

FORMATS = ["md", "docx", "json"]
OLD = b"old content that must survive\n"


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.mark.parametrize("fmt", FORMATS)
def test_missing_folder(tmp_path, fmt):
    target = tmp_path / "bestaat-niet" / f"dossier.{fmt}"
    with pytest.raises(ExportError) as info:
        export_record(full_record(), fmt, target)
    err = info.value
    assert str(target.parent) in err.message("nl") and "bestaat niet" in err.message("nl")
    assert "does not exist" in err.message("en")
    assert not target.parent.exists()


def test_the_missing_folder_is_said_in_the_catalogs_words_in_both_languages(tmp_path):
    """The message is content (resources/messages/export.atomic.toml), shown as written there."""
    target = tmp_path / "bestaat-niet" / "dossier.md"
    with pytest.raises(ExportError) as info:
        export_record(full_record(), "md", target)
    say = catalog("export.atomic").text
    assert info.value.message("nl") == say("folder_missing", "nl", folder=target.parent)
    assert info.value.message("en") == say("folder_missing", "en", folder=target.parent)
    assert info.value.message("en") == f"The folder {target.parent} does not exist; create it first."


@pytest.mark.parametrize("fmt", FORMATS)
def test_folder_is_a_regular_file(tmp_path, fmt):
    """An unwritable place that works as root too: a path below a regular file."""
    blocker = tmp_path / "notes.txt"
    blocker.write_text("x")
    for target in (blocker / f"dossier.{fmt}", blocker / "sub" / f"dossier.{fmt}"):
        with pytest.raises(ExportError) as info:
            export_record(full_record(), fmt, target)
        assert str(blocker) in info.value.message("nl")
        assert "geen map" in info.value.message("nl") and "not a folder" in info.value.message("en")
    assert blocker.read_text() == "x"


def test_target_is_a_folder(tmp_path):
    with pytest.raises(ExportError) as info:
        export_record(full_record(), "md", tmp_path)
    assert "is een map" in info.value.message("nl")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can write anywhere")
def test_read_only_folder(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(ExportError) as info:
            export_record(full_record(), "json", folder / "r.json")
        assert "schrijfrechten" in info.value.message("nl")
    finally:
        folder.chmod(0o700)


@pytest.mark.parametrize("fmt", FORMATS)
def test_disk_full_on_fsync_keeps_old_file(tmp_path, monkeypatch, fmt):
    target = tmp_path / f"dossier.{fmt}"
    target.write_bytes(OLD)

    def full_disk(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(atomic.os, "fsync", full_disk)
    with pytest.raises(ExportError) as info:
        export_record(full_record(), fmt, target)
    assert "schijf is vol" in info.value.message("nl") and str(target) in info.value.message("nl")
    assert "disk is full" in info.value.message("en")
    assert target.read_bytes() == OLD
    assert _leftovers(tmp_path) == []


def test_disk_full_halfway_through_write(tmp_path, monkeypatch):
    """os.write manages part of the data, then the disk is full."""
    target = tmp_path / "dossier.docx"
    target.write_bytes(OLD)
    real_write = os.write
    calls = {"n": 0}

    def partial_write(fd, data):
        calls["n"] += 1
        if calls["n"] == 1:
            return real_write(fd, bytes(data[: len(data) // 3]))
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "write", partial_write)
    with pytest.raises(ExportError):
        write_docx(full_record(), target)
    monkeypatch.undo()
    assert target.read_bytes() == OLD
    assert _leftovers(tmp_path) == []
    assert calls["n"] >= 2


def test_rename_failure_keeps_old_file(tmp_path, monkeypatch):
    target = tmp_path / "r.json"
    target.write_bytes(OLD)

    def no_replace(src, dst):
        raise OSError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(atomic.os, "replace", no_replace)
    with pytest.raises(ExportError) as info:
        export_record(full_record(), "json", target)
    assert "schrijfrechten" in info.value.message("nl")
    assert target.read_bytes() == OLD
    assert _leftovers(tmp_path) == []


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
def test_dev_full_gives_a_clear_message():
    """/dev/full is not a folder we can put a temporary file in: the message names it."""
    with pytest.raises(ExportError) as info:
        export_record(full_record(), "json", "/dev/full/r.json")
    assert "/dev/full" in info.value.message("nl")


def test_overwrite_replaces_completely_and_keeps_mode(tmp_path):
    target = tmp_path / "r.json"
    target.write_bytes(b"x" * 500_000)  # longer than the new content
    target.chmod(0o640)
    export_record(half_record(), "json", target)
    assert to_json(import_json(target)) == target.read_text(encoding="utf-8")
    assert (target.stat().st_mode & 0o777) == 0o640
    assert _leftovers(tmp_path) == []


def test_new_file_gets_normal_permissions(tmp_path):
    old = os.umask(0o022)
    try:
        path = export_record(full_record(), "md", tmp_path / "r.md")
    finally:
        os.umask(old)
    assert (path.stat().st_mode & 0o777) == 0o644


def test_unknown_format(tmp_path):
    with pytest.raises(ExportError) as info:
        export_record(full_record(), "pdf", tmp_path / "r.pdf")
    assert "md, docx of json" in info.value.message("nl")


def test_tilde_and_str_paths(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    path = export_record(full_record(), "md", "~/r.md")
    assert path == tmp_path / "r.md" and path.read_text(encoding="utf-8").startswith("# ")
