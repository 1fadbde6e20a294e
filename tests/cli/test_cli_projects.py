"""`stappenplan projects`: each project's progress, and when it last changed in the user's own time."""

from __future__ import annotations

import io
import json
import re
import sys
import time

import pytest

from assistant.cli.main import main
from assistant.cli.projects import local_time
from assistant.export.labels import local_date
from assistant.core.settings import load_settings
from assistant.store import Store


@pytest.fixture
def amsterdam(monkeypatch):
    # the Netherlands' rule written out: it needs no time zone database on the machine
    monkeypatch.setenv("TZ", "CET-1CEST,M3.5.0,M10.5.0/3")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_the_stores_utc_stamp_reads_as_the_users_day_and_time(amsterdam):
    """It printed "2026-12-05T15:45:37+00:00": an hour off in the Netherlands, and not a date as
    the rest of the product writes one."""
    assert local_time("2026-12-05T15:45:37+00:00", "nl") == "5 december 2026, 16:45"
    assert local_time("2026-07-01T22:30:00+00:00", "en") == "2 July 2026, 00:30"  # summer time, the next day
    assert local_time("not a time", "nl") == "not a time"
    # the day alone, as the exports and the app's projects screen write it ("2026-07-01" was the UTC day)
    assert local_date("2026-07-01T22:30:00+00:00", "en") == "2 July 2026"


@pytest.mark.parametrize("lang, expected", [
    ("nl", r"^Lantaarnpalen \(Gemeente Delft\): 0/11 stappen klaar, huidige stap -, bijgewerkt \d{1,2} [a-z]+ \d{4}, \d\d:\d\d$"),
    ("en", r"^Lantaarnpalen \(Gemeente Delft\): 0/11 steps done, current step -, updated \d{1,2} [A-Z][a-z]+ \d{4}, \d\d:\d\d$"),
])
def test_each_project_is_listed_with_its_progress_in_the_language_asked(capsys, lang, expected):
    assert main(["--lang", lang, "projects"]) == 0
    folder = load_settings().data_path
    assert capsys.readouterr().out.strip() == (f"Nog geen projecten in {folder}. Begin er een met: stappenplan chat "
                                               "--plain --project NAAM" if lang == "nl" else
                                               f"No projects yet in {folder}. Start one with: stappenplan chat "
                                               "--plain --project NAME")
    with Store(load_settings().database_path) as store:
        store.create_project("Lantaarnpalen", organisation="Gemeente Delft")
    assert main(["--lang", lang, "projects"]) == 0
    first, marks = capsys.readouterr().out.splitlines()
    assert re.match(expected, first), first
    assert marks == ("    niet begonnen: 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10" if lang == "nl" else
                     "    not started: 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10")


@pytest.mark.parametrize(("lang", "said"), [
    ("nl", "    klaar: 0, 1, 2, 3, 4 · bezig: 5 · niet begonnen: 6, 7, 8, 9, 10"),
    ("en", "    done: 0, 1, 2, 3, 4 · in progress: 5 · not started: 6, 7, 8, 9, 10"),
])
def test_which_steps_are_done_and_in_progress_is_said_in_words(capsys, lang, said):
    # "0◐ 1✓ 2✓ 3○ …": which step was in progress was said by its symbol alone
    from assistant.plan.example import half_filled_record
    from assistant.plan.record import OutcomePlan

    record = half_filled_record("nl")
    record.step5.success = OutcomePlan(description="Een werkend prototype wordt opgeschaald")
    with Store(load_settings().database_path) as store:
        project = store.create_project("Half")
        store.save_record(project.id, record)
    assert main(["--lang", lang, "projects"]) == 0
    assert capsys.readouterr().out.splitlines()[1] == said


def test_a_current_step_the_plan_does_not_have_is_listed_as_none(capsys):
    # a hand-edited state said "huidige stap 99"
    from assistant.store import ConversationState

    with Store(load_settings().database_path) as store:
        project = store.create_project("Lantaarnpalen")
        store.set_state(project.id, ConversationState(current_step=99))
    assert main(["projects"]) == 0
    assert "huidige stap -," in capsys.readouterr().out


def test_an_imported_project_is_listed_at_the_step_it_opens_at(capsys, tmp_path):
    # a record with steps 0-4 done, imported: "huidige stap -" until it was opened, where the
    # conversation goes on at step 5
    from assistant.export import export_record
    from assistant.plan.example import half_filled_record

    record = half_filled_record("nl")
    export_record(record, "json", tmp_path / "half.json", lang="nl")
    assert main(["import", str(tmp_path / "half.json"), "--name", "Half"]) == 0
    capsys.readouterr()
    assert main(["projects"]) == 0
    assert "5/11 stappen klaar, huidige stap 5," in capsys.readouterr().out
    assert main(["projects", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["current_step"] == 5


def test_the_language_goes_flag_then_environment_then_the_apps_choice_then_the_file(capsys, monkeypatch,
                                                                                     isolated_home):
    # config.toml English and the app's remembered Dutch: STAPPENPLAN_LANG=en was ignored, only
    # --lang en was English
    from assistant.core.prefs import remember

    dutch, english = "Nog geen projecten in ", "No projects yet in "
    (isolated_home / "config.toml").write_text('language = "en"\n', encoding="utf-8")

    def said(*argv: str) -> str:
        assert main([*argv, "projects"]) == 0
        return capsys.readouterr().out

    assert english in said()  # the file, with nothing chosen in the app
    remember(load_settings(), "language", "nl")
    assert dutch in said()  # the app's choice goes over the file
    monkeypatch.setenv("STAPPENPLAN_LANG", "en")
    assert english in said()  # the environment over the app's choice
    assert dutch in said("--lang", "nl")  # and the flag over the environment


class _TerminalOut(io.StringIO):
    """Standard output that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def test_projects_at_a_terminal_are_broken_between_words(monkeypatch):
    # at 80 columns the terminal cut the time in two: "… bijgewerkt 7 december 2026, 15:4" / "7"
    with Store(load_settings().database_path) as store:
        store.create_project("Slimme lantaarnpalen in de binnenstad", organisation="Gemeente 's-Hertogenbosch")
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    assert main(["projects"]) == 0
    piped = sys.stdout.getvalue()
    assert len(piped.splitlines()[0]) > 80  # whole where it is piped
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setattr(sys, "stdout", _TerminalOut())
    assert main(["projects"]) == 0
    shown = sys.stdout.getvalue()
    assert all(len(line) <= 80 for line in shown.splitlines())
    assert shown.split() == piped.split()
    assert re.search(r"\d\d:\d\d$", shown.splitlines()[1])  # the time whole, at the end of its line


def test_a_relative_home_is_the_folder_it_names_from_where_the_run_starts_and_is_said_to_be(tmp_path, monkeypatch,
                                                                                            capsys):
    # STAPPENPLAN_HOME=relhome: in another folder `projects` said "Nog geen projecten" without a
    # word of where it looked, and made an empty relhome there
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    monkeypatch.setenv("STAPPENPLAN_HOME", "relhome")
    monkeypatch.chdir(first)
    with Store(load_settings().database_path) as store:
        store.create_project("Lantaarnpalen")
    monkeypatch.chdir(second)
    assert main(["--lang", "en", "projects"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith(f"No projects yet in {second / 'relhome' / 'data'}.")
    assert err.strip() == (f"stappenplan: STAPPENPLAN_HOME (relhome) is a relative path: this time it is "
                           f"{second / 'relhome'}. From another folder it is another folder, without your "
                           "projects; set it to a full path.")
    monkeypatch.chdir(first)
    assert main(["projects"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("Lantaarnpalen: 0/11") and f"dat {first / 'relhome'}." in err


def test_projects_are_renamed_and_deleted_from_the_command_line(monkeypatch, capsys):
    # only the app's projects screen could rename or delete a project
    with Store(load_settings().database_path) as store:
        parking = store.create_project("Parkeren binnenstad")
        store.create_project("Fietspad")
        store.create_project("Jeugdzorg/WMO matching")
    assert main(["projects", "--rename", "parkeren binnenstad", "Vughterpoort"]) == 0
    assert "Project “Parkeren binnenstad” heet nu “Vughterpoort”." in capsys.readouterr().out
    # the app's checks of the new name: taken (named as it is), empty
    assert main(["projects", "--rename", "Vughterpoort", "FIETSPAD"]) == 2
    assert "Er is al een project met de naam 'Fietspad'." in capsys.readouterr().err
    assert main(["projects", "--rename", "Vughterpoort", "  "]) == 2
    assert "mag niet leeg" in capsys.readouterr().err
    assert main(["projects", "--delete", "Jeugdzorg", "--yes"]) == 1  # part of a name: the project named
    assert "Er is geen project 'Jeugdzorg'. Bedoelde u 'Jeugdzorg/WMO matching'?" in capsys.readouterr().err
    assert main(["projects", "--delete", "Parkeren binnenstad", "--yes"]) == 1  # a former name: named, not taken
    assert "Bedoelde u 'Vughterpoort'?" in capsys.readouterr().err
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # no terminal: only with --yes
    assert main(["projects", "--delete", "vughterpoort"]) == 2
    assert "--yes" in capsys.readouterr().err
    assert main(["projects", "--delete", "Vughterpoort", "--yes", "--lang", "en"]) == 0
    assert "Project “Vughterpoort” deleted: restorable for 30 days" in capsys.readouterr().out
    with Store(load_settings().database_path) as store:
        assert sorted(p.name for p in store.list_projects()) == ["Fietspad", "Jeugdzorg/WMO matching"]
        assert store.find_project("Vughterpoort") is None and parking.id not in {p.id for p in store.list_projects()}


@pytest.mark.parametrize("reply, deleted", [("j", True), ("", False)])
def test_deleting_a_project_at_a_terminal_asks_first(monkeypatch, capsys, reply, deleted):
    with Store(load_settings().database_path) as store:
        store.create_project("Fietspad")
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    asked = []
    monkeypatch.setattr("builtins.input", lambda question: asked.append(question) or reply)
    assert main(["projects", "--delete", "fietspad"]) == (0 if deleted else 1)
    assert asked == ["Project “Fietspad” verwijderen? Het blijft 30 dagen in de prullenbak, terug te zetten met --restore. [j/N] "]
    with Store(load_settings().database_path) as store:
        assert (store.find_project("Fietspad") is None) == deleted


def test_a_deleted_project_is_listed_with_deleted_and_restored_by_name(capsys):
    """Deleting was final: a project deleted by mistake was gone with its conversation."""
    with Store(load_settings().database_path) as store:
        gone = store.create_project("Parkeerbeheer", organisation="Gemeente P")
        store.add_turn(gone.id, "user", "answer", "de parkeerdruk is hoog")
        store.delete_project(gone.id)
    assert main(["--lang", "nl", "projects"]) == 0
    assert "Parkeerbeheer" not in capsys.readouterr().out  # hidden from the list
    assert main(["--lang", "nl", "projects", "--deleted"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Parkeerbeheer (Gemeente P): verwijderd ") and "terug te zetten tot" in out
    assert main(["projects", "--deleted", "--json"]) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert row["name"] == "Parkeerbeheer" and row["purged_after"] > row["deleted"]
    # meanwhile a new project took the name: the deleted one comes back beside it
    with Store(load_settings().database_path) as store:
        store.create_project("Parkeerbeheer")
    assert main(["--lang", "en", "projects", "--restore", "parkeerbeheer"]) == 0
    assert capsys.readouterr().out.strip() == (
        "Project “Parkeerbeheer” restored as “Parkeerbeheer (2)”: the name was taken meanwhile.")
    with Store(load_settings().database_path) as store:
        assert [t.text for t in store.turns(store.find_project("Parkeerbeheer (2)").id)] == ["de parkeerdruk is hoog"]
    assert main(["--lang", "en", "projects", "--restore", "Parkeerbeheer"]) == 1  # no longer in the bin
    assert "no deleted project “Parkeerbeheer” in the bin" in capsys.readouterr().err


def test_the_name_of_a_project_in_the_bin_is_refused_by_chat_and_import_and_restored_instead(
        monkeypatch, capsys, tmp_path):
    # `chat --plain --project Gemaal` and `import --name Gemaal` with "Gemaal" in the bin made a
    # new, empty "Gemaal": the deleted one came back as "Gemaal (2)", or was purged after 30 days
    from assistant.export import export_record
    from assistant.plan.example import half_filled_record

    with Store(load_settings().database_path) as store:
        gone = store.create_project("Gemaal")
        store.add_turn(gone.id, "user", "answer", "de pomp is oud")
        store.delete_project(gone.id)
    monkeypatch.setattr(sys, "stdin", io.StringIO("De pomp moet vervangen\n"))
    assert main(["--lang", "en", "chat", "--plain", "--project", "gemaal"]) == 1
    assert "Project 'Gemaal' is in the bin (deleted). Restore it with `stappenplan projects --restore Gemaal`" \
        in capsys.readouterr().err
    export_record(half_filled_record("nl"), "json", tmp_path / "half.json", lang="nl")
    assert main(["--lang", "nl", "import", str(tmp_path / "half.json"), "--name", "GEMAAL"]) == 1
    assert "Project 'Gemaal' staat in de prullenbak (verwijderd); er is niets geïmporteerd." in capsys.readouterr().err
    with Store(load_settings().database_path) as store:
        assert store.list_projects() == []
    assert main(["projects", "--restore", "Gemaal"]) == 0
    with Store(load_settings().database_path) as store:  # back under its own name, not "Gemaal (2)"
        assert [t.text for t in store.turns(store.find_project("Gemaal").id)] == ["de pomp is oud"]
