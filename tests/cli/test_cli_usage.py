"""argparse's own texts (usage, the help's headings, usage errors) follow the run's language:
`stappenplan foo`, `--lang de` and `export --format pdf` said "error: argument COMMAND: invalid
choice" to Dutch users, and --help "positional arguments", "options", "usage:"."""

from __future__ import annotations

import argparse
import gettext
import inspect
import json
import re

import pytest

from assistant.cli.main import parse_args
from assistant.core.i18n import catalog

ENGLISH = ("usage:", "error:", "invalid choice", "positional arguments", "options:", "show this help message",
           "expected one argument", "show program's version number")


def said(argv: list[str], capsys) -> tuple[int, str]:
    with pytest.raises(SystemExit) as info:
        parse_args(argv)
    out, err = capsys.readouterr()
    return info.value.code, out + err


@pytest.mark.parametrize(("argv", "expected"), [
    (["foo"], "stappenplan: fout: COMMAND: ongeldige keuze: 'foo' (kies uit 'ask', "),
    (["--lang", "de"], "stappenplan: fout: --lang: ongeldige keuze: 'de' (kies uit 'nl', 'en')"),
    (["export", "--format", "pdf"], "stappenplan export: fout: --format/-f: ongeldige keuze: 'pdf' (kies uit "),
    (["--llm"], "stappenplan: fout: --llm: hier hoort één waarde achter"),
])
def test_a_usage_error_is_dutch_by_default(argv, expected, capsys):
    code, text = said(argv, capsys)
    assert code == 2 and expected in text and "gebruik: stappenplan" in text
    assert not any(words in text for words in ENGLISH), text


def test_the_help_is_dutch_by_default_and_english_with_lang_en(capsys):
    code, text = said(["-h"], capsys)
    assert code == 0 and text.startswith("gebruik: stappenplan")
    assert "\nargumenten:\n" in text and "\nopties:\n" in text and "toon deze hulp en stop" in text
    assert "toon het versienummer en stop" in text and not any(words in text for words in ENGLISH), text
    code, text = said(["--lang", "en", "-h"], capsys)
    assert text.startswith("usage: stappenplan") and "\noptions:\n" in text and "show this help message" in text


def test_a_usage_error_follows_the_language_chosen_in_the_app(isolated_home, capsys):
    (isolated_home / "data").mkdir()
    (isolated_home / "data" / "interface.json").write_text(json.dumps({"language": "en"}), encoding="utf-8")
    code, text = said(["export", "--format", "pdf"], capsys)
    assert "stappenplan export: error: argument --format/-f: invalid choice: 'pdf'" in text
    code, text = said(["--lang", "nl", "foo"], capsys)  # --lang over the remembered one
    assert "fout: COMMAND: ongeldige keuze" in text


def test_a_usage_error_follows_stappenplan_lang_over_the_language_chosen_in_the_app(isolated_home, monkeypatch,
                                                                                       capsys):
    (isolated_home / "data").mkdir()
    (isolated_home / "data" / "interface.json").write_text(json.dumps({"language": "nl"}), encoding="utf-8")
    monkeypatch.setenv("STAPPENPLAN_LANG", "en")
    code, text = said(["foo"], capsys)
    assert "stappenplan: error: argument COMMAND: invalid choice: 'foo'" in text


def test_argparse_is_left_as_it_was():
    parse_args(["--lang", "en"])
    assert argparse._ is gettext.gettext and argparse.ngettext is gettext.ngettext


def test_every_text_translated_is_one_argparse_says():
    # a Python that rewords one of argparse's texts would leave it English: said here instead
    source = inspect.getsource(argparse)
    texts = catalog("cli.usage")
    for key in texts.entries:
        assert repr(texts.text(key, "en"))[1:-1] in source, key


def test_every_command_is_described_in_both_languages_and_a_default_is_said_in_both():
    # `ask` and `projects` had no description, `chat --help` said "op standaardinvoer en -uitvoer"
    # where `chat` opens the app, and `ask --k` said "(default 5)" in English only

    from assistant.cli.main import COMMANDS, build_parser

    commands = build_parser()._subparsers._group_actions[0].choices
    assert sorted(commands) == sorted(COMMANDS)
    for name, parser in commands.items():
        assert parser.description and " / " in parser.description, name
        for action in parser._actions:
            said = (action.help or "").lower()
            assert len(re.findall(r"\bdefault\b", said)) <= len(re.findall(r"\bstandaard\b", said)), (name, said)
    assert "--plain" in commands["chat"].description and " app" in commands["chat"].description
