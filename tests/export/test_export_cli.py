"""`stappenplan export` and `stappenplan import` against the project store."""

from __future__ import annotations

import io
import json
import sys

import pytest
from docx import Document

from assistant.cli.main import main
from assistant.export import export_record, import_json, to_json
from assistant.plan.record import ProjectRecord, new_record
from assistant.core.settings import load_settings
from assistant.store import Store

from export_support import full_record, half_record


def _store() -> Store:
    return Store(load_settings().database_path)


@pytest.fixture
def exported_json(tmp_path):
    return export_record(full_record("nl"), "json", tmp_path / "dossier.json")


def _import(path, *extra) -> int:
    return main(["import", str(path), *extra])


def test_import_creates_project_and_export_gives_same_bytes(tmp_path, exported_json, capsys):
    assert _import(exported_json) == 0
    title = full_record("nl").project.title
    out = capsys.readouterr().out
    assert f"'{title}'" in out and "Niet in het bestand" not in out and "Criterium" not in out
    back = tmp_path / "back.json"
    assert main(["export", "--project", title, "--format", "json", "-o", str(back)]) == 0
    assert back.read_bytes() == exported_json.read_bytes()


@pytest.mark.parametrize("old_label", ["Later openbaar aanbesteden", "Open future tenders"])
def test_import_reads_the_short_old_label_of_the_strategy_as_chat_does(tmp_path, exported_json, old_label):
    # the full old label was read, its short form refused (rc 1) though chat took it as an answer
    from assistant.plan.record import ProcurementStrategy

    data = json.loads(exported_json.read_text(encoding="utf-8"))
    data["step6"]["procurement_strategy"] = old_label
    path = tmp_path / "oud.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert _import(path) == 0
    with _store() as store:
        [project] = store.list_projects()
        record = store.load_record(project.id, ProjectRecord)
        assert record.step6.procurement_strategy is ProcurementStrategy.OPEN_TENDER


def test_importing_a_record_a_project_holds_already_is_refused_unless_named(exported_json, capsys):
    assert _import(exported_json) == 0
    title = full_record("nl").project.title
    assert "had al precies dit dossier" not in capsys.readouterr().out
    # "… (2)", "… (3)" came with every import of the same file, and only then was said to be a copy
    assert _import(exported_json) == 1
    said = capsys.readouterr()
    assert said.out == ""
    assert (f"Project '{title}' heeft al precies dit dossier; er is niets geïmporteerd. Een kopie maakt u met "
            f"--name en een nieuwe naam; om het project bij te werken: stappenplan import {exported_json} "
            f"--replace '{title}'") in " ".join(said.err.split())
    assert _import(exported_json, "--name", "Kopie") == 0  # a name chosen is a copy on purpose
    assert f"Project '{title}' had al precies dit dossier" in capsys.readouterr().out  # the first, not "Kopie"
    assert _import(exported_json, "--replace", title, "--yes") == 0
    with _store() as store:
        names = sorted(p.name for p in store.list_projects())
    assert names == sorted([title, "Kopie"])


def test_a_changed_record_under_a_taken_name_is_imported_beside_it(tmp_path, exported_json):
    assert _import(exported_json) == 0
    changed = full_record("nl")
    changed.step0.need = changed.step0.need + " (bijgewerkt)"
    path = tmp_path / "bijgewerkt.json"
    path.write_text(to_json(changed), encoding="utf-8")
    assert _import(path) == 0
    assert _import(path) == 1  # now held by "… (2)"
    with _store() as store:
        names = sorted(p.name for p in store.list_projects())
    assert names == sorted([changed.project.title, f"{changed.project.title} (2)"])


def test_a_renamed_or_second_imported_project_exports_under_its_own_name(tmp_path, exported_json, monkeypatch,
                                                                         capsys):
    # the record kept the name it was created with: "… (2)" and a renamed project exported as the first
    title = full_record("nl").project.title
    _import(exported_json)
    _import(exported_json, "--name", f"{title} (2)")
    assert main(["export", "-p", f"{title} (2)", "-f", "md", "-o", str(tmp_path / "second.md")]) == 0
    assert (tmp_path / "second.md").read_text(encoding="utf-8").startswith(f"# {title} (2)\n")
    with _store() as store:
        project = store.find_project(f"{title} (2)")
        store.update_project(project.id, name="Bruggen Zuid", organisation="Provincie Z")
    monkeypatch.chdir(tmp_path)
    assert main(["export", "-p", "Bruggen Zuid", "-f", "json"]) == 0
    data = json.loads((tmp_path / "Bruggen-Zuid-nl.json").read_text(encoding="utf-8"))
    assert (data["project"]["title"], data["project"]["organisation"]) == ("Bruggen Zuid", "Provincie Z")
    assert main(["export", "-p", "Bruggen Zuid", "-f", "docx", "-o", str(tmp_path / "z.docx")]) == 0
    assert Document(str(tmp_path / "z.docx")).paragraphs[0].text == "Bruggen Zuid"
    with _store() as store:  # the first project is as it was
        assert store.load_record(store.find_project(title).id, type(full_record("nl"))).project.title == title


def test_export_docx_and_md_from_store(tmp_path, exported_json, capsys):
    _import(exported_json)
    title = full_record("nl").project.title
    assert main(["export", "-p", title, "-o", str(tmp_path / "d.docx")]) == 0  # format from suffix
    doc = Document(str(tmp_path / "d.docx"))
    assert doc.paragraphs[0].style.name == "Title" and doc.paragraphs[0].text == title
    assert main(["export", "-p", title.upper(), "-f", "md", "-o", str(tmp_path / "d.md")]) == 0
    assert (tmp_path / "d.md").read_text(encoding="utf-8").startswith(f"# {title}")
    # --lang overrides the project's language for the document
    assert main(["export", "-p", title, "-f", "md", "--lang", "en", "-o", str(tmp_path / "e.md")]) == 0
    assert "## Contents" in (tmp_path / "e.md").read_text(encoding="utf-8")


def test_export_default_file_name(tmp_path, exported_json, monkeypatch, capsys):
    _import(exported_json)
    monkeypatch.chdir(tmp_path)
    title = full_record("nl").project.title
    capsys.readouterr()
    assert main(["export", "-p", title, "-f", "md"]) == 0
    from assistant.core.textsafe import safe_filename

    written = tmp_path / f"{safe_filename(title)}-nl.md"
    assert written.is_file()
    # said with its folder: "Geëxporteerd: Jeugdzorg-WMO-matching.docx" left where to look out
    assert capsys.readouterr().out.strip() == f"Geëxporteerd: {written}"
    # no format and no file named: Markdown, as ctrl+e in the app (it asked for a format)
    written.unlink()
    assert main(["export", "-p", title]) == 0
    assert written.read_text(encoding="utf-8").startswith(f"# {title}")
    # the English document is told apart from the Dutch one by its name
    assert main(["export", "-p", title, "--lang", "en"]) == 0
    assert (tmp_path / f"{safe_filename(title)}-en.md").read_text(encoding="utf-8").startswith(f"# {title}")
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".md") == \
        [f"{safe_filename(title)}-en.md", f"{safe_filename(title)}-nl.md"]


def test_export_unknown_project_and_bad_path(tmp_path, exported_json, capsys):
    assert main(["export", "-p", "bestaat niet", "-f", "md", "-o", str(tmp_path / "x.md")]) == 1
    assert "bestaat niet" in capsys.readouterr().err
    _import(exported_json)
    title = full_record("nl").project.title
    target = tmp_path / "geen-map" / "x.md"
    assert main(["export", "-p", title, "-f", "md", "-o", str(target)]) == 1
    err = capsys.readouterr().err
    assert str(target.parent) in err and "bestaat niet" in err
    assert main(["export", "-p", title, "-o", str(tmp_path / "x.pdf")]) == 2  # no format
    assert "--format" in capsys.readouterr().err


def test_export_project_without_stored_record(tmp_path, capsys):
    with _store() as store:
        store.create_project("Leeg project", organisation="Gemeente Y", language="en")
    assert main(["export", "-p", "Leeg project", "-f", "md", "-o", str(tmp_path / "e.md")]) == 0
    text = (tmp_path / "e.md").read_text(encoding="utf-8")
    assert text.startswith("# Leeg project") and "0 of 11 steps done" in text


def _record_json(store, name) -> str:
    project = store.find_project(name)
    return store.load_record_json(project.id)


@pytest.fixture
def existing(exported_json, capsys):
    """A stored half-filled project named like the full record, to be replaced."""
    half = half_record("nl")
    with _store() as store:
        project = store.create_project(half.project.title, organisation="Oud", language="nl")
        store.save_record(project.id, half)
    capsys.readouterr()
    return half.project.title


def test_replace_with_yes(existing, exported_json, capsys):
    assert _import(exported_json, "--replace", existing, "--yes") == 0
    with _store() as store:
        stored = import_json(_record_json(store, existing))
        assert len(store.list_projects()) == 1
        assert store.find_project(existing).organisation == full_record("nl").project.organisation
    assert to_json(stored) == exported_json.read_text(encoding="utf-8")


def test_replace_without_tty_and_without_yes_refuses(existing, exported_json, monkeypatch, capsys):
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False, raising=False)
    with _store() as store:
        before = _record_json(store, existing)
    assert _import(exported_json, "--replace", existing) == 1
    assert "--yes" in capsys.readouterr().err
    with _store() as store:
        assert _record_json(store, existing) == before


class _TTY:
    def __init__(self, answer: str):
        self.answer = answer

    def isatty(self):
        return True

    def readline(self):
        return self.answer + "\n"


@pytest.mark.parametrize("answer, replaced", [("j", True), ("ja", True), ("y", True), ("n", False), ("", False)])
def test_replace_asks_on_a_terminal(existing, exported_json, monkeypatch, capsys, answer, replaced):
    monkeypatch.setattr(sys, "stdin", _TTY(answer))
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    asked = []
    monkeypatch.setattr("builtins.input", lambda prompt="": asked.append(prompt) or answer)
    with _store() as store:
        before = _record_json(store, existing)
    code = _import(exported_json, "--replace", existing)
    assert asked and existing in asked[0]
    with _store() as store:
        after = _record_json(store, existing)
    assert (code == 0) is replaced
    assert (after != before) is replaced


def test_replace_unknown_project(exported_json, capsys):
    assert _import(exported_json, "--replace", "nergens", "--yes") == 1
    assert "bestaat niet" in capsys.readouterr().err
    with _store() as store:
        assert store.list_projects() == []


@pytest.mark.parametrize("content", ["{ kapot", "[]", '{"schema_version": 99}'])
def test_bad_file_changes_nothing(tmp_path, existing, content, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    with _store() as store:
        before = [(p.name, _record_json(store, p.name)) for p in store.list_projects()]
    assert _import(bad) == 1
    assert _import(bad, "--replace", existing, "--yes") == 1
    assert capsys.readouterr().err.count("stappenplan:") == 2
    with _store() as store:
        after = [(p.name, _record_json(store, p.name)) for p in store.list_projects()]
    assert after == before


def test_wrong_type_names_field_on_the_command_line(tmp_path, capsys):
    data = json.loads(to_json(full_record("nl")))
    data["step3"]["requirements"][0]["kind"] = 7
    bad = tmp_path / "edited.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    assert main(["--lang", "en", "import", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "step3.requirements[1st].kind" in err and "Nothing was changed" in err  # counted as people count


def test_two_entries_with_one_id_are_refused(tmp_path, capsys):
    # imported, "/wijzig 2" then changed line 1: entries are found by their id
    data = json.loads(to_json(full_record("nl")))
    requirements = data["step3"]["requirements"]
    assert len(requirements) >= 2
    requirements[1]["id"] = requirements[0]["id"]
    bad = tmp_path / "dubbel.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    assert main(["import", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "dubbel.json: in step3.requirements staan twee regels met dezelfde id" in err and "niets veranderd" in err
    assert f'dezelfde id ("{requirements[0]["id"]}")' in err  # quoted once: it read ('"2a1ecfdc"')
    with _store() as store:
        assert store.list_projects() == []


def test_a_schema_version_that_is_no_number_names_the_file(tmp_path, capsys):
    bad = tmp_path / "v0.json"
    bad.write_text('{"schema_version": 0}', encoding="utf-8")
    assert main(["import", str(bad)]) == 1
    assert "v0.json: schema_version moet een positief geheel getal zijn" in capsys.readouterr().err


def test_import_reads_standard_input_as_export_writes_it(exported_json, monkeypatch, capsys):
    # "Het bestand - bestaat niet.", while `export -o -` writes to standard output
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(exported_json.read_bytes())))
    assert main(["import", "-"]) == 0
    with _store() as store:
        assert [p.name for p in store.list_projects()] == [full_record("nl").project.title]
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"{ kapot")))
    assert main(["import", "-"]) == 1
    assert "geen geldige JSON" in capsys.readouterr().err


def test_untitled_record_gets_name_from_file(tmp_path, monkeypatch, capsys):
    path = export_record(new_record(), "json", tmp_path / "mijn-dossier.json")
    assert _import(path) == 0
    with _store() as store:
        assert [p.name for p in store.list_projects()] == ["mijn-dossier"]
    # the name was the file's without a word on why
    assert ("Het dossier in het bestand heeft geen titel; het project heet daarom 'mijn-dossier'."
            in capsys.readouterr().out)
    import io

    # standard input has no file name: "-" was the project's name
    other = new_record()
    other.step0.need = "Een andere behoefte"  # not the record 'mijn-dossier' holds
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(to_json(other).encode("utf-8"))))
    assert main(["import", "-", "--lang", "en"]) == 0
    assert "The record in the file has no title, so the project is named 'Imported project'." in capsys.readouterr().out


def test_global_project_flag_works_for_export(tmp_path, exported_json, capsys):
    _import(exported_json)
    title = full_record("nl").project.title
    out = tmp_path / "g.json"
    assert main(["--project", title, "export", "-o", str(out)]) == 0
    assert out.read_bytes() == exported_json.read_bytes()


def test_export_without_a_project_name_takes_the_only_project(tmp_path, exported_json, capsys):
    out = tmp_path / "only.json"
    assert main(["export", "-o", str(out)]) == 1  # none yet
    assert "nog geen project" in capsys.readouterr().err
    _import(exported_json)
    assert main(["export", "-o", str(out)]) == 0
    assert out.read_bytes() == exported_json.read_bytes()
    with _store() as store:
        store.create_project("Tweede project")
    capsys.readouterr()
    assert main(["export", "-o", str(tmp_path / "which.json")]) == 2  # which one is the user's call
    err = capsys.readouterr().err
    assert "--project" in err and "Tweede project" in err and full_record("nl").project.title in err
    assert not (tmp_path / "which.json").exists()


def test_docx_is_not_written_to_a_terminal_but_to_a_pipe(tmp_path, exported_json, monkeypatch, capsys):
    # `export -f docx -o -` at a terminal filled the screen with 40 kB of zip bytes and escapes
    _import(exported_json)
    capsys.readouterr()
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    assert main(["export", "-f", "docx", "-o", "-"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "DOCX-bestand wordt niet naar het scherm geschreven" in err
    monkeypatch.setattr(sys.stdout, "isatty", lambda: False, raising=False)
    assert main(["export", "-f", "md", "-o", "-"]) == 0  # text at a pipe or a terminal is fine


def test_a_format_that_is_not_the_file_names_is_refused_naming_both_ways_out(tmp_path, exported_json, capsys):
    # Markdown written into verslag.docx with only a warning: Word would not open it
    _import(exported_json)
    capsys.readouterr()
    out = tmp_path / "verslag.docx"
    for extra in ([], ["--force"]):  # --force replaces a file; it does not make md a docx
        assert main(["export", "-f", "md", "-o", str(out), *extra]) == 2
        err = capsys.readouterr().err
        assert "het formaat is md, maar de naam verslag.docx eindigt op .docx (docx)" in err, err
        assert "-o verslag.md" in err and "--format docx" in err
        assert not out.exists()
    assert main(["export", "-f", "md", "-o", str(tmp_path / "verslag.txt")]) == 0  # a name that says no format is the user's
    assert (tmp_path / "verslag.txt").read_text(encoding="utf-8").startswith("#")


@pytest.mark.parametrize("char", ["\a", "\t", "\n", "\x85", "\x7f"])
def test_a_control_character_in_the_output_name_is_refused(tmp_path, exported_json, capsys, char):
    # the file got the BEL or the newline in its name, while "Geëxporteerd" showed it cleaned
    _import(exported_json)
    capsys.readouterr()
    folder = tmp_path / "uit"
    folder.mkdir()
    assert main(["export", "-f", "md", "-o", str(folder / f"ver{char}slag.md")]) == 2
    assert "stuurteken" in capsys.readouterr().err
    assert list(folder.iterdir()) == []


def test_two_exports_to_one_new_name_at_once_write_one_and_refuse_the_other(tmp_path, exported_json, monkeypatch,
                                                                           capsys):
    # both said "Geëxporteerd" and the second replaced the first without --force
    import threading

    import assistant.export as export

    _import(exported_json)
    capsys.readouterr()
    folder = tmp_path / "uit"
    folder.mkdir()
    target = folder / "race.md"
    both_checked = threading.Barrier(2, timeout=20)
    render = export.render_record

    def render_after_both_checked(*args, **kwargs):  # both have seen no file there, then both write
        both_checked.wait()
        return render(*args, **kwargs)

    monkeypatch.setattr(export, "render_record", render_after_both_checked)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False, raising=False)
    codes: list[int] = []
    runs = [threading.Thread(target=lambda: codes.append(main(["export", "-f", "md", "-o", str(target)])))
            for _ in range(2)]
    for run in runs:
        run.start()
    for run in runs:
        run.join(30)
    assert sorted(codes) == [0, 1]
    out, err = capsys.readouterr()
    assert out.count("Geëxporteerd") == 1 and "bestaat al en is niet overschreven" in err
    assert [p.name for p in folder.iterdir()] == ["race.md"]  # no temporary file left


def test_a_title_longer_than_a_project_name_is_shortened_and_said(tmp_path, capsys):
    # a 300-character title became an 80-character name without a word
    record = new_record(title="Slimme sensoren " + "X" * 300)
    path = tmp_path / "lang.json"
    path.write_text(to_json(record), encoding="utf-8")
    assert main(["import", str(path)]) == 0
    out = capsys.readouterr().out
    assert "De titel in het bestand telt 316 tekens; een projectnaam hoogstens 80" in out


def test_an_edited_link_and_fields_taken_out_are_said_on_import(tmp_path, capsys):
    # the criterion's words and its id named different requirements, and the import kept the id
    # without a word; a step or field taken out of the file came back empty unsaid
    record = full_record("nl")
    data = json.loads(to_json(record))
    requirements = data["step3"]["requirements"]
    criterion = data["step4"]["criteria"][0]
    linked = next(n for n, r in enumerate(requirements, 1) if r["id"] == criterion["requirement_id"])
    other = 1 if linked != 1 else 2
    criterion["requirement"] = requirements[other - 1]["text"]
    del data["step0"]["need"], data["step9"]
    path = tmp_path / "bewerkt.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert _import(path) == 0
    out = capsys.readouterr().out
    assert (f"Criterium 1 noemt eis “{requirements[other - 1]['text']}” en is nu daaraan gekoppeld "
            f"(eis {other})") in out
    assert "Niet in het bestand, dus leeg gelaten: step0.need, step9." in out
    back = tmp_path / "terug.json"
    assert main(["export", "--project", record.project.title, "--format", "json", "-o", str(back)]) == 0
    again = json.loads(back.read_text(encoding="utf-8"))
    assert again["step4"]["criteria"][0]["requirement_id"] == requirements[other - 1]["id"]


def test_a_link_to_an_unknown_requirement_without_words_is_kept_and_checked(tmp_path, capsys):
    # "deadbeef" as requirement_id and no words: the import said (“”) and "the checks say so",
    # dropped the link, and no check said a word
    from assistant.plan.checks import run_checks

    data = json.loads(to_json(full_record("nl")))
    data["step4"]["criteria"][1].update(requirement="", requirement_id="deadbeef")
    path = tmp_path / "bewerkt.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert _import(path) == 0
    out = capsys.readouterr().out
    assert "Criterium 2 is gekoppeld aan een onbekende eis (deadbeef), die niet in stap 3 staat" in out
    assert "“”" not in out
    with _store() as store:
        project = store.find_project(data["project"]["title"])
        record = store.load_record(project.id, ProjectRecord)
    said = [c for c in run_checks(record) if c.id == "criterion_unknown_requirement"]
    assert [c.entry_id for c in said] == [data["step4"]["criteria"][1]["id"]]
    assert "“deadbeef”" in said[0].message_nl


def test_import_under_a_name_chosen_and_never_beside_a_project_of_that_name(exported_json, capsys):
    # a reviewer had to edit "title" in the file to import under another name, and a title in
    # use silently became "… (2)"
    assert _import(exported_json, "--name", "Review Gladheid") == 0
    assert "Geïmporteerd als nieuw project 'Review Gladheid'" in capsys.readouterr().out
    assert _import(exported_json, "--name", "review gladheid") == 1
    # named as the project is called, not as typed
    assert "Er is al een project 'Review Gladheid'; er is niets geïmporteerd." in capsys.readouterr().err
    assert _import(exported_json, "--name", "  ") == 1
    with _store() as store:
        assert [p.name for p in store.list_projects()] == ["Review Gladheid"]
    with pytest.raises(SystemExit):
        _import(exported_json, "--name", "x", "--replace", "y")


def test_export_to_an_existing_file_asks_or_refuses_and_force_overwrites(tmp_path, exported_json, monkeypatch,
                                                                         capsys):
    # `echo notes > notities.md; stappenplan export -o notities.md` replaced the notes without a word
    _import(exported_json)
    title = full_record("nl").project.title
    notes = tmp_path / "notities.md"
    notes.write_text("notes\n", encoding="utf-8")
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False, raising=False)
    assert main(["export", "-p", title, "-o", str(notes)]) == 1
    assert "--force" in capsys.readouterr().err and notes.read_text(encoding="utf-8") == "notes\n"
    monkeypatch.setattr(sys, "stdin", _TTY("n"))
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    for answer, code in (("n", 1), ("", 1), ("j", 0)):
        asked = []
        monkeypatch.setattr("builtins.input", lambda prompt="": asked.append(prompt) or answer)
        assert main(["export", "-p", title, "-o", str(notes)]) == code
        assert str(notes) in asked[0]
        assert notes.read_text(encoding="utf-8").startswith(f"# {title}") is (code == 0)
    notes.write_text("notes\n", encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", _TTY("n"))
    monkeypatch.setattr("builtins.input", lambda prompt="": pytest.fail("--force asks nothing"))
    assert main(["export", "-p", title, "-o", str(notes), "--force"]) == 0
    assert notes.read_text(encoding="utf-8").startswith(f"# {title}")


def test_the_replace_command_suggested_quotes_a_path_and_a_name_for_the_shell(tmp_path, capsys):
    # `import "sub dir/gemaal export.json"` suggested `stappenplan import sub dir/gemaal export.json
    # --replace '…'`, which the shell splits in two; a name like 's-Hertogenbosch broke its quotes
    import shlex

    record = full_record("nl")
    record.project.title = "Gemaal 's-Hertogenbosch"
    (tmp_path / "sub dir").mkdir()
    path = export_record(record, "json", tmp_path / "sub dir" / "gemaal export.json")
    assert _import(path) == 0 and _import(path) == 1
    suggested = capsys.readouterr().err.split("bij te werken: ", 1)[1].splitlines()[0]
    assert shlex.split(suggested) == ["stappenplan", "import", str(path), "--replace", "Gemaal 's-Hertogenbosch"]


class _TerminalOut(io.StringIO):
    """Standard output that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def test_import_breaks_its_lines_between_words_and_keeps_the_command_whole(tmp_path, monkeypatch):
    # at 80 columns: "…dus dit is een kopie. O" / "m een project bij te werken … stappenplan import
    # /tmp/p" / "26d-out/sv.json --replace …": the terminal cut words, the path and the command
    folder = tmp_path / ("map-met-een-lange-naam-" * 3)
    folder.mkdir()
    path = export_record(full_record("nl"), "json", folder / "sv.json")
    assert _import(path) == 0
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setattr(sys, "stdout", _TerminalOut())
    assert _import(path, "--name", "Kopie3") == 0
    lines = sys.stdout.getvalue().splitlines()
    command = f"stappenplan import {path} --replace '{full_record('nl').project.title}'"
    assert command in lines  # longer than the line: whole, on its own
    assert all(len(line) <= 80 for line in lines if line != command)
    said = " ".join(sys.stdout.getvalue().split())
    assert "dus dit is een kopie. Om een project bij te werken in plaats van te kopiëren: " + command in said
    monkeypatch.setattr(sys, "stdout", io.StringIO())  # piped: each line whole, as before
    assert _import(path, "--name", "Kopie4") == 0
    assert sys.stdout.getvalue().splitlines()[1].endswith("te kopiëren: " + command)


def test_an_updated_record_imported_beside_a_project_of_its_name_says_so_and_how_to_replace(tmp_path, exported_json,
                                                                                            capsys):
    # a record changed in one answer and imported where its project is became "… (2)" without a
    # word that a project of that name exists, nor of --replace; with a copy under another name
    # ("Zout A") holding the changed record, the hint named that copy, not the same-named project
    title = full_record("nl").project.title
    assert _import(exported_json) == 0
    data = json.loads(exported_json.read_text(encoding="utf-8"))
    data["step0"]["need"] = "Een andere behoefte, na overleg bijgewerkt."
    changed = tmp_path / "bijgewerkt.json"
    changed.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    capsys.readouterr()
    assert _import(changed) == 0
    said = " ".join(capsys.readouterr().out.split())
    exists = (f"Er is al een project '{title}', dus dit dossier staat ernaast als '{title} (2)'. Om '{title}' "
              f"bij te werken in plaats van er een kopie naast te zetten: stappenplan import {changed} "
              f"--replace '{title}'")
    assert exists in said
    assert _import(changed, "--name", "Zout A") == 0
    assert _import(changed) == 1  # held by "… (2)" and "Zout A" now: the first is named
    said = " ".join(capsys.readouterr().err.split())
    assert f"Project '{title} (2)' heeft al precies dit dossier" in said and "Er is al een project" not in said
    assert _import(exported_json) == 1  # the same record as the same-named project: said once
    said = capsys.readouterr().err
    assert f"Project '{title}' heeft al precies dit dossier" in said and "Er is al een project" not in said


def test_a_name_taken_is_said_as_the_existing_project_is_called(exported_json, capsys):
    title = full_record("nl").project.title
    assert _import(exported_json) == 0
    assert _import(exported_json, "--name", title.lower()) == 1
    assert f"Er is al een project '{title}'; er is niets geïmporteerd." in capsys.readouterr().err


def test_a_long_name_is_cut_between_words_and_the_name_stored_said(tmp_path, exported_json, capsys):
    # --name of 350 characters became "…op alle provin" without a word, and exporting by the name
    # typed then said the project does not exist
    words = "Zoutstrooien op provinciale wegen met sensoren en voorspellingen " * 6
    assert _import(exported_json, "--name", words) == 0
    with _store() as store:
        [project] = store.list_projects()
    assert len(project.name) <= 80 and words.startswith(project.name + " ")
    out = " ".join(capsys.readouterr().out.split())
    assert f"Geïmporteerd als nieuw project '{project.name}'" in out
    assert f"De naam telt {len(words.strip())} tekens; een projectnaam hoogstens 80, dus het project heet " \
           f"'{project.name}'." in out
    record = full_record("nl")
    record.project.title = words
    record.step0.need += " (bijgewerkt)"  # not the record the project holds: imported beside it
    path = tmp_path / "lang.json"
    path.write_text(to_json(record), encoding="utf-8")
    assert _import(path) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "dus de naam is ingekort tot '" in out
    with _store() as store:
        names = [p.name for p in store.list_projects()]
    assert all(words.startswith(name.removesuffix(" (2)") + " ") for name in names), names


def test_the_current_step_goes_with_a_json_export_and_comes_back_on_import(tmp_path, exported_json, monkeypatch,
                                                                           capsys):
    # a project at step 6 came back at step 5 (its first step not done) in the other home
    from assistant.store import ConversationState

    title = full_record("nl").project.title
    assert _import(exported_json) == 0
    with _store() as store:
        store.set_state(store.find_project(title).id, ConversationState(current_step=6))
    out = tmp_path / "met-stap.json"
    assert main(["export", "-p", title, "-f", "json", "-o", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["current_step"] == 6
    monkeypatch.setenv("STAPPENPLAN_HOME", str(tmp_path / "home2"))
    assert _import(out) == 0
    with _store() as store:
        assert store.get_state(store.find_project(title).id).current_step == 6
        store.set_state(store.find_project(title).id, ConversationState(current_step=2))
    assert _import(out, "--replace", title, "--yes") == 0  # the file's step, as its answers
    with _store() as store:
        assert store.get_state(store.find_project(title).id).current_step == 6
    again = tmp_path / "terug.json"
    assert main(["export", "-p", title, "-f", "json", "-o", str(again)]) == 0
    assert again.read_bytes() == out.read_bytes()
    data = json.loads(out.read_text(encoding="utf-8"))
    data["current_step"] = 11
    out.write_text(json.dumps(data), encoding="utf-8")
    capsys.readouterr()
    assert _import(out) == 1
    assert "current_step" in capsys.readouterr().err


def test_an_imported_project_opens_at_the_step_it_was_exported_at(tmp_path):
    # the file said "current_step": 3, and the copy opened at step 0, the first step not done,
    # while the original opened at step 3
    from assistant.plan.conversation import Conversation

    record = half_record("nl")  # step 0 has a required question open
    path = tmp_path / "halverwege.json"
    path.write_text(to_json(record, 3), encoding="utf-8")
    assert _import(path) == 0
    with _store() as store:
        conversation = Conversation(store, record.project.title)
        conversation.start()
        assert conversation.current_step == 3
        assert conversation.pending is not None and not conversation.is_answered(conversation.pending)


def test_a_json_export_of_a_project_never_opened_holds_no_current_step(exported_json):
    # older files and projects never opened have none: the file stays as it was
    assert "current_step" not in json.loads(exported_json.read_text(encoding="utf-8"))
    assert _import(exported_json) == 0
    with _store() as store:
        [project] = store.list_projects()
        assert store.get_state(project.id).current_step is None


def test_an_answer_marked_to_review_is_noted_under_its_step_in_md_and_docx(tmp_path):
    # step 7's procedure, given with step 6's "direct afnemen", stood as settled in the documents
    # once the strategy had become "later aanbesteden": the conversation had said so once only
    from assistant.services.conversation import open_conversation

    settings = load_settings()
    with _store() as store:
        c = open_conversation(settings, store, "Herzien", lang="nl", guidance=None)
        c.start()
        number = next(i for i, q in enumerate(c.questions(6), 1) if q.id == "procurement_strategy")
        for text in (f"/stap 6 {number}", "direct afnemen", "/stap 7 1", "innovatiepartnerschap",
                     f"/stap 6 {number}", "later openbaar aanbesteden"):
            c.handle(text)
        md_from_app = c.export("md", tmp_path / "app.md").read_text(encoding="utf-8")
    note = "⟳ Vorm van het ontwikkeltraject: gegeven met het vorige antwoord in stap 6 in gedachten"
    step7 = md_from_app.split("\n# Stap 7")[-1].split("\n# Stap 8")[0]
    assert note in step7
    # counted apart from the step's checks, as the app counts them (⚠, ⟳): the cover's "Open
    # controles: 6" and step 7's "4" stood beside a list of one check under step 7
    checks = step7.split("### Open controles")[-1].split("\n\n#")[0].count("\n- ") if "### Open controles" in step7 else 0
    reviews = step7.count("\n_⟳ ")
    assert reviews == 1
    [row] = [line for line in md_from_app.splitlines() if line.startswith("| 7 |")]
    assert row.split(" | ")[3] == f"{checks} ⟳{reviews}"
    # the cover counts the bullets of every step's "Open controles", as the app counts its ⚠
    listed = sum(part.split("\n\n#")[0].count("\n- ") for part in md_from_app.split("### Open controles")[1:])
    assert f"**Open controles:** {listed}  \n" in md_from_app
    assert "**Antwoorden na te gaan (⟳):** 1  \n" in md_from_app
    # `stappenplan export` reads the mark from the project's conversation as the app does
    assert main(["export", "-p", "Herzien", "-f", "md", "-o", str(tmp_path / "cli.md")]) == 0
    assert note in (tmp_path / "cli.md").read_text(encoding="utf-8").split("\n# Stap 7")[-1].split("\n# Stap 8")[0]
    assert main(["export", "-p", "Herzien", "-o", str(tmp_path / "cli.docx")]) == 0
    texts = [p.text for p in Document(str(tmp_path / "cli.docx")).paragraphs]
    at = next(i for i, text in enumerate(texts) if text.startswith(note))
    assert next(text for text in reversed(texts[:at]) if text.startswith("Stap ")).startswith("Stap 7 ·")
