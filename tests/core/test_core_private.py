"""On a shared machine the data folder and what the app writes in it are its user's alone: the
folder was made 755 and the database, the log and interface.json 644, readable by everyone."""

from __future__ import annotations

import io
import stat
import sys
from pathlib import Path

import pytest

from assistant.core.private import private_file, private_folder


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")


def test_what_the_app_makes_is_its_users_alone_and_a_folder_given_keeps_its_mode(isolated_home, monkeypatch, capsys):
    from assistant.cli.main import main
    from assistant.core.settings import load_settings

    isolated_home.chmod(0o755)  # STAPPENPLAN_HOME, made by the user: left as it is
    monkeypatch.setattr(sys, "stdin", io.StringIO("Containers raken onvoorspelbaar vol\n/export md\n"))
    assert main(["chat", "--plain", "--project", "Gedeelde machine"]) == 0
    assert main(["--lang", "en", "ask", "--lexical", "Wat is SBIR?"]) == 0  # remembers nothing, builds the index
    settings = load_settings()
    data = settings.data_path
    assert mode(isolated_home) == 0o755
    assert {name: mode(data / name) for name in ("", "index", "exports")} == dict.fromkeys(("", "index", "exports"), 0o700)
    files = [settings.database_path, settings.log_path, data / "interface.json"]
    assert {path.name: mode(path) for path in files} == {path.name: 0o600 for path in files}


def test_a_folder_or_file_that_is_there_already_is_left_as_it_is(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o775)
    shared.chmod(0o775)
    (shared / "log").write_text("x", encoding="utf-8")
    (shared / "log").chmod(0o664)
    assert mode(private_folder(shared)) == 0o775 and mode(private_file(shared / "log")) == 0o664
    assert (shared / "log").read_text(encoding="utf-8") == "x"
    assert mode(private_folder(shared / "new" / "deeper")) == 0o700
    assert mode(private_file(shared / "new.log")) == 0o600
