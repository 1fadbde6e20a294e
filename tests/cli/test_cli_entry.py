"""`stappenplan` without a subcommand starts the app without importing the subcommands (issue 26:
they import the domain, 0.4 s before the first frame), and reads its command line exactly as the
full parser does."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.cli.main import build_parser, parse_args
from assistant.cli.usage import argparse_in

SRC = Path(__file__).resolve().parents[2] / "src"

APP_LINES = [[], ["--lang", "en"], ["--project", "Dijk", "--llm", "ollama", "--llm-model", "m"],
             ["--lang=nl", "--llm-base-url", "http://localhost:11434"], ["--proj", "Dijk"]]
OTHER_LINES = [["ask", "wat is een marktconsultatie"], ["--lang", "en", "chat", "--plain"],
               ["--project", "ask"], ["index", "--lexical"]]


@pytest.mark.parametrize("argv", APP_LINES + OTHER_LINES)
def test_the_command_line_reads_as_the_full_parser_reads_it(argv):
    assert parse_args(argv) == build_parser().parse_args(argv)


@pytest.mark.parametrize("argv", [["--lang", "fr"], ["onbekend"], ["--onbekend"], ["--llm"], ["-h"],
                                  ["--version"]])
def test_errors_help_and_version_are_the_full_parsers(argv, capsys):
    with pytest.raises(SystemExit) as ours:
        parse_args(argv)
    said = capsys.readouterr()
    with pytest.raises(SystemExit) as full, argparse_in("nl"):  # argparse's texts as parse_args says them
        build_parser().parse_args(argv)
    assert ours.value.code == full.value.code and capsys.readouterr() == said
    if argv == ["-h"]:
        assert "ask" in said.out and "index" in said.out  # the subcommands are listed
        out = " ".join(said.out.split())
        assert "Assistent voor het PIANOo-stappenplan" in out and "Assistant for PIANOo's ten-step plan" in out


def test_starting_the_app_imports_no_subcommand():
    code = ("import sys; from assistant.cli.main import COMMANDS, parse_args; "
            "args = parse_args(['--lang', 'en', '--project', 'Dijk']); "
            "print(args.command, args.lang, args.project, "
            "[m for m in COMMANDS.values() if 'assistant.cli.' + m in sys.modules])")
    env = dict(os.environ, PYTHONPATH=str(SRC))
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[0] == "None en Dijk []"


def _stappenplan(argv: list[str], tmp_path, **kw) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(SRC), STAPPENPLAN_HOME=str(tmp_path / "home"))
    return subprocess.run([sys.executable, "-m", "assistant", *argv], env=env, capture_output=True, text=True,
                          timeout=120, **kw)


def test_the_app_without_a_terminal_says_what_works_instead(tmp_path):
    # it drew into the pipe and waited for keys until it was killed
    done = _stappenplan([], tmp_path, stdin=subprocess.DEVNULL)
    assert done.returncode == 2 and "stappenplan chat --plain" in done.stderr and not done.stdout


@pytest.mark.parametrize("argv", [["chat", "--plain"], ["learn", "--plain"], []])
def test_a_closed_input_is_read_as_an_empty_one(argv, tmp_path):
    # "<&-": tracebacks ('NoneType' object has no attribute 'isatty') where a command read it
    done = _stappenplan(argv, tmp_path, pass_fds=(), preexec_fn=lambda: os.close(0))
    assert "Traceback" not in done.stderr and done.returncode in (0, 2), done.stderr


@pytest.mark.parametrize("argv, said", [
    (["--lang", "en", "projects"], "Stopped."), (["projects"], "Afgebroken."),
    # in a conversation, what was sent is saved: "Afgebroken." alone read as if all was lost
    (["chat", "--plain"], "Afgebroken. Wat u al verstuurde, is bewaard; de regel die u nog aan het typen was niet.")])
def test_ctrl_c_is_said_in_the_runs_language(argv, said, monkeypatch, capsys):
    # "Afgebroken." was said under --lang en too
    from assistant.cli import chat, projects
    from assistant.cli import main as entry

    def interrupted(args):
        raise KeyboardInterrupt

    monkeypatch.setattr(projects, "run", interrupted)
    monkeypatch.setattr(chat, "run", interrupted)
    assert entry.main(argv) == 130
    assert capsys.readouterr().err.strip() == said


def test_the_version_said_is_the_packages():
    # two releases both said "stappenplan 0.1.0": a colleague told to upgrade could not tell
    import tomllib

    from assistant import __version__

    project = tomllib.loads((Path(__file__).resolve().parents[2] / "pyproject.toml").read_text(encoding="utf-8"))
    assert __version__ == project["project"]["version"] != "0.1.0"


class _Terminal(io.StringIO):
    """A stream that says it is a terminal."""

    def __init__(self, text: str = "") -> None:
        super().__init__(text)

    def isatty(self) -> bool:
        return True


def _unbroken(text: str, width: int) -> bool:
    """Whether every line of `text` fits `width` (its words are whole where they are the same)."""
    return all(len(line) <= width for line in text.splitlines())


def test_ctrl_c_at_a_terminal_is_said_on_a_line_of_its_own_broken_between_words(monkeypatch):
    # it began right after the "^C" on the input line, and the terminal broke it mid-word
    from assistant.cli import chat
    from assistant.cli import main as entry

    def interrupted(args):
        raise KeyboardInterrupt

    monkeypatch.setattr(chat, "run", interrupted)
    monkeypatch.setattr(sys, "stderr", _Terminal())
    monkeypatch.setenv("COLUMNS", "30")
    assert entry.main(["chat", "--plain"]) == 130
    said = sys.stderr.getvalue()
    assert said.startswith("\nAfgebroken. Wat u al") and _unbroken(said, 30)
    assert " ".join(said.split()) == ("Afgebroken. Wat u al verstuurde, is bewaard; de regel die u nog aan het "
                                      "typen was niet.")


def test_the_dumb_terminals_notice_is_broken_between_words(monkeypatch):
    # "kan het sch" / "erm van de app niet tekenen" in a pane 50 columns wide
    from assistant.cli import main as entry

    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.setenv("COLUMNS", "50")
    for name, text in (("stdin", "stop\n"), ("stdout", ""), ("stderr", "")):
        monkeypatch.setattr(sys, name, _Terminal(text))
    assert entry.main(["learn"]) == 0
    notice = sys.stderr.getvalue()
    assert "(TERM=dumb) kan het scherm" in " ".join(notice.split()) and _unbroken(notice, 50)
    assert notice.count("\n") > 1 and _unbroken(sys.stdout.getvalue(), 50)


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal")
def test_the_width_of_a_terminal_is_columns_where_it_is_set(monkeypatch):
    # `COLUMNS=50` was ignored at a terminal: answers were broken at its 80 columns
    import fcntl
    import struct
    import termios

    from assistant.cli.common import terminal_width

    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    with open(slave, "w", encoding="utf-8") as terminal:
        assert terminal_width(terminal) == 80
        monkeypatch.setenv("COLUMNS", "50")
        assert terminal_width(terminal) == 50
        assert terminal_width(io.StringIO()) is None  # piped: lines whole
    os.close(master)
