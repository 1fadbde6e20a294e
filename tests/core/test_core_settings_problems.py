"""A settings file or value that cannot be used is said in the user's language, with where it
is and what to do: the TOML reader and the validator say it in English only ("Invalid value
(at line 1, column 12)", "Input should be 'nl' or 'en'") and named no way to fix it."""

from __future__ import annotations

import pytest

from assistant.cli.main import main
from assistant.core.settings import SettingsError, load_settings

#: what the reader, decoder and validator say, which no message may pass on
ENGLISH_ONLY = ("Invalid value", "codec can't decode", "Input should be", "Illegal character", "Unescaped")


def refused(home, written: bytes) -> SettingsError:
    (home / "config.toml").write_bytes(written)
    with pytest.raises(SettingsError) as info:
        load_settings()
    for lang in ("nl", "en"):
        assert not any(words in info.value.message(lang) for words in ENGLISH_ONLY), info.value.message(lang)
    return info.value


def test_an_unquoted_word_is_said_with_its_place_and_how_to_quote_it(isolated_home):
    exc = refused(isolated_home, b'# mijn instellingen\nlanguage = en\n')
    path = isolated_home / "config.toml"
    assert exc.message("nl") == (
        f"Instellingenbestand {path} is onleesbaar: op regel 2, kolom 12 staat tekst zonder aanhalingstekens; "
        'zet tekst tussen rechte aanhalingstekens, zoals language = "en". '
        f"Pas regel 2 van {path} aan, of verwijder het bestand om de standaardinstellingen te gebruiken.")
    assert exc.message("en") == (
        f"Settings file {path} is unreadable: line 2, column 12 has text without quotes; put text between "
        f'straight quotes, as in language = "en". Edit line 2 of {path}, or remove the file to use the defaults.')


@pytest.mark.parametrize(("written", "nl", "en"), [
    (b'language = "\xe9n"\n', "het is geen UTF-8-tekst: regel 1, kolom 13", "it is not UTF-8 text: line 1, column 13"),
    (b'language = "en\n', "de tekst op regel 1 heeft geen sluitend aanhalingsteken",
     "the text on line 1 has no closing quote"),
    (b'data_dir = "C:\\docs"\n', "de backslash (\\) op regel 1, kolom 15", "the backslash (\\) at line 1, column 15"),
    (b'language "en"\n', "regel 1, kolom 10 is geen geldige TOML", "line 1, column 10 is not valid TOML"),
])
def test_a_file_that_does_not_read_is_said_with_its_line_and_what_to_do(isolated_home, written, nl, en):
    exc = refused(isolated_home, written)
    assert nl in exc.message("nl") and "Pas regel 1 van" in exc.message("nl")
    assert en in exc.message("en") and "or remove the file to use the defaults" in exc.message("en")


@pytest.mark.parametrize(("written", "nl", "en"), [
    (b'language = "de"\n', """language ({path}) moet een van deze waarden zijn: 'nl' of 'en' (gevonden: "de")""",
     """language ({path}) must be one of: 'nl' or 'en' (found: "de")"""),
    (b'[llm]\ntimeout_s = "lang"\n', 'llm.timeout_s ({path}) moet een getal zijn (gevonden: "lang")',
     'llm.timeout_s ({path}) must be a number (found: "lang")'),
    (b'[llm]\napi_key = 5\n', "llm.api_key ({path}) moet tekst zijn, tussen aanhalingstekens (gevonden: 5)",
     "llm.api_key ({path}) must be text, between quotes (found: 5)"),
])
def test_a_wrong_value_names_what_it_must_be_and_its_line(isolated_home, written, nl, en):
    exc = refused(isolated_home, written)
    path = isolated_home / "config.toml"
    line = written.count(b"\n")
    assert exc.message("nl") == (f"Ongeldige instelling: {nl.format(path=path)}. Pas regel {line} van {path} aan, "
                                 "of verwijder het bestand om de standaardinstellingen te gebruiken.")
    assert exc.message("en") == (f"Invalid setting: {en.format(path=path)}. Edit line {line} of {path}, "
                                 "or remove the file to use the defaults.")


def test_a_wrong_variable_says_to_change_the_variable(isolated_home, monkeypatch):
    monkeypatch.setenv("STAPPENPLAN_EMBEDDING_DEVICE", "gpu")
    exc = refused(isolated_home, b"")
    assert exc.message("en") == ("Invalid setting: embedding_device (STAPPENPLAN_EMBEDDING_DEVICE) must be one of: "
                                 "'auto', 'cpu', 'cuda' or 'mps' (found: \"gpu\"). Change or unset the environment "
                                 "variable STAPPENPLAN_EMBEDDING_DEVICE.")


@pytest.mark.parametrize(("argv", "written", "said", "not_said"), [
    (["projects"], b"language = en\n", "Instellingenbestand", "Settings file"),
    (["projects", "--lang", "en"], b"language = en\n", "Settings file", "Instellingenbestand"),
    # the language the file names, where the file reads
    (["projects"], b'language = "en"\n[llm]\ntimeout_s = "x"\n', "Invalid setting", "Ongeldige"),
    (["llm"], b'language = "en"\n[llm]\ntimeout_s = "x"\n', "Settings unusable: Invalid setting", "Ongeldige"),
])
def test_a_command_says_it_in_the_runs_language_only(isolated_home, capsys, argv, written, said, not_said):
    (isolated_home / "config.toml").write_bytes(written)
    with pytest.raises(SystemExit) as info:
        raise SystemExit(main(argv))
    err = capsys.readouterr().err
    assert info.value.code == 2 and said in err and not_said not in err


def test_a_folder_in_the_settings_files_place_is_said_as_such_and_stops_a_command(isolated_home, capsys):
    # it was passed over without a word, the defaults used, where a file that did not read stopped with status 2
    path = isolated_home / "config.toml"
    path.mkdir()
    with pytest.raises(SettingsError) as info:
        load_settings()
    assert info.value.message("nl") == (f"Instellingenbestand {path} is onleesbaar: er staat een map waar een "
                                        "bestand hoort. Verplaats of verwijder die map; zonder instellingenbestand "
                                        "gelden de standaardinstellingen.")
    assert info.value.message("en") == (f"Settings file {path} is unreadable: a folder is where a file should be. "
                                        "Move or remove that folder; without a settings file the defaults apply.")
    with pytest.raises(SystemExit) as stopped:
        raise SystemExit(main(["projects"]))
    assert stopped.value.code == 2
    assert f"Instellingenbestand {path} is onleesbaar: er staat een map" in capsys.readouterr().err


def test_llm_settings_written_without_their_table_are_said_to_belong_under_it(isolated_home):
    # 'provider = "openai"' without [llm] above it was only "Onbekende instelling: provider; …"
    exc = refused(isolated_home, b'provider = "openai"\nmodel = "nep-model"\nlangauge = "nl"\n')
    path = isolated_home / "config.toml"
    assert exc.message("nl").startswith(
        f"Onbekende instelling ({path}): langauge (bedoelt u language?); "
        "provider, model (horen onder [llm]: zet de regel [llm] erboven).")
    assert "provider, model (belong under [llm]: put the line [llm] above them)" in exc.message("en")
