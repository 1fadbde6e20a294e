"""JSON export and import: canonical bytes, exact round trip, and clear errors for bad files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.export import RecordImportError, export_record, import_json, read_export, to_json
from assistant.plan.record import SCHEMA_VERSION, ProjectRecord, new_record

from export_support import full_record, half_record, nasty_record, own_full_record

RECORDS = {"full": full_record, "own_full": own_full_record, "half": half_record, "nasty": nasty_record}


@pytest.fixture(params=sorted(RECORDS))
def record(request):
    return RECORDS[request.param]("nl")


def test_export_import_export_is_byte_identical(tmp_path, record):
    first = export_record(record, "json", tmp_path / "a.json")
    again = import_json(first)
    assert isinstance(again, ProjectRecord)
    second = export_record(again, "json", tmp_path / "b.json")
    assert first.read_bytes() == second.read_bytes()
    assert again == record


def test_round_trip_through_text_and_bytes(record):
    text = to_json(record)
    assert to_json(import_json(text)) == text
    assert to_json(import_json(text.encode("utf-8"))) == text


def test_json_is_canonical(record):
    text = to_json(record)
    assert text.endswith("}\n") and not text.endswith("\n\n")
    data = json.loads(text)
    assert data["schema_version"] == SCHEMA_VERSION

    def check_sorted(pairs):
        keys = [k for k, _ in pairs]
        assert keys == sorted(keys)
        return dict(pairs)

    json.loads(text, object_pairs_hook=check_sorted)
    assert text == json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def test_json_is_utf8_with_literal_characters(tmp_path):
    record = full_record("nl")
    record.project.title = "Privacy-één: € 250k — ‘test’"
    path = export_record(record, "json", tmp_path / "r.json")
    raw = path.read_bytes()
    assert "Privacy-één: € 250k — ‘test’".encode("utf-8") in raw
    assert b"\\u20ac" not in raw


def _error(source) -> RecordImportError:
    with pytest.raises(RecordImportError) as info:
        import_json(source)
    return info.value


def test_newer_schema_is_refused(tmp_path):
    data = json.loads(to_json(full_record()))
    data["schema_version"] = SCHEMA_VERSION + 1
    path = tmp_path / "new.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    err = _error(path)
    assert err.field == "schema_version"
    assert "nieuwere versie" in err.message("nl") and str(SCHEMA_VERSION + 1) in err.message("nl")
    assert "newer version" in err.message("en")
    assert str(path) in err.message("nl")


@pytest.mark.parametrize("cut", [0.5, 0.99])
def test_truncated_file_names_line_and_column(tmp_path, cut):
    text = to_json(full_record())
    short = text[: int(len(text) * cut)]
    path = tmp_path / "cut.json"
    path.write_text(short, encoding="utf-8")
    err = _error(path)
    line = short.count("\n") + 1
    assert "regel" in err.message("nl") and "line" in err.message("en")
    assert "afgebroken" in err.message("nl") and "cut off" in err.message("en")
    # the reported line is where the parser gave up: at or before the end of what is there
    reported = int(err.message("en").split("line ")[1].split(",")[0])
    assert 1 <= reported <= line


def test_a_markdown_export_given_to_import_is_said_to_be_no_json_not_cut_off(tmp_path):
    path = tmp_path / "dossier.md"
    path.write_text("# Slimme afvalinzameling\n\n## Inhoud\n", encoding="utf-8")
    err = _error(path)
    assert "afgebroken" not in err.message("nl") and "cut off" not in err.message("en")
    assert "geen JSON-dossier" in err.message("nl") and "--format json" in err.message("en")


def _edited(change) -> str:
    data = json.loads(to_json(own_full_record()))
    change(data)
    return json.dumps(data, ensure_ascii=False, indent=2)


@pytest.mark.parametrize(
    "change, field",
    [
        (lambda d: d["step3"]["requirements"][1].__setitem__("aspect", 42), "step3.requirements[1].aspect"),
        (lambda d: d["step3"]["requirements"][1].__setitem__("aspect", "astrologisch"),
         "step3.requirements[1].aspect"),
        (lambda d: d["step0"].__setitem__("need", ["een", "lijst"]), "step0.need"),
        (lambda d: d["step2"]["assessments"][0].__setitem__("trl", 12), "step2.assessments[0].trl"),
        (lambda d: d["step2"]["assessments"][0].__setitem__("trl", "hoog"), "step2.assessments[0].trl"),
        (lambda d: d["step1"].__setitem__("technologies", "sensoren"), "step1.technologies"),
        (lambda d: d["project"].__setitem__("created", "gisteren"), "project.created"),
        (lambda d: d["step7"].__setitem__("procedure", "aanbesteding"), "step7.procedure"),
        (lambda d: d["step6"]["ip"].__setitem__("onbekend_veld", "x"), "step6.ip.onbekend_veld"),
        (lambda d: d["step0"]["preconditions"]["budget"].__setitem__("ok", "misschien"),
         "step0.preconditions.budget.ok"),
    ],
)
def test_wrong_types_name_the_field(change, field):
    err = _error(_edited(change))
    assert err.field == field
    assert field in err.message("nl") and field in err.message("en")
    assert "niets veranderd" in err.message("nl") and "Nothing was changed" in err.message("en")


@pytest.mark.parametrize(
    "content, expect_nl",
    [
        ("dit is geen json", "geen geldige JSON"),
        ("[1, 2, 3]", "geen projectdossier"),
        ('{"naam": "iets anders"}', "geen projectdossier"),
        ('"tekst"', "geen projectdossier"),
        ("", "leeg"),
        ('{"schema_version": "een"}', "schema_version"),
    ],
)
def test_not_a_record(tmp_path, content, expect_nl):
    path = tmp_path / "x.json"
    path.write_text(content, encoding="utf-8")
    err = _error(path)
    assert expect_nl in err.message("nl")
    assert err.message("en") and err.message("en") != err.message("nl")


def test_a_trailing_comma_is_named_on_its_own_line(tmp_path):
    # the parser named the line after it ("regel 168, kolom 3") and said nothing of a comma
    lines = to_json(new_record(title="Gladheid")).splitlines()
    comma_line = next(n for n, line in enumerate(lines, 1) if line == "  },") - 1  # a group's last item
    lines[comma_line - 1] += ","
    text = "\n".join(lines)
    err = _error(text)
    assert f"een komma te veel op regel {comma_line}, kolom " in err.message("nl")
    assert f"one comma too many at line {comma_line}, column " in err.message("en")


def test_an_export_saved_in_windows_1252_is_read_and_said(tmp_path, capsys):
    # an "é" saved by an older Windows editor: "geen UTF-8-tekst (byte 424)", and doubt that
    # the file was an export at all
    from assistant.cli.main import main

    path = tmp_path / "bewerkt.json"
    path.write_bytes(to_json(new_record(title="Café Zuid")).encode("cp1252"))
    record, notes = read_export(path)
    assert record.project.title == "Café Zuid" and notes.read_as == "cp1252"
    assert main(["import", str(path)]) == 0
    assert "is gelezen als Windows-tekst (Windows-1252)" in capsys.readouterr().out


def test_bytes_that_are_no_text_in_any_encoding_are_named_by_line():
    data = to_json(new_record(title="x")).replace('"x"', '"\x81\x8d"').encode("latin-1")
    line = next(n for n, row in enumerate(data.split(b"\n"), 1) if b"\x81" in row)
    err = _error(data)
    assert f"geen UTF-8-tekst: regel {line}, kolom " in err.message("nl")
    assert f"not UTF-8 text: line {line}, column " in err.message("en")


def test_binary_file_and_missing_file(tmp_path):
    path = tmp_path / "photo.json"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe\x00")
    assert "UTF-8" in _error(path).message("nl")
    missing = tmp_path / "nergens.json"
    assert "bestaat niet" in _error(missing).message("nl")
    assert "is a folder" in _error(tmp_path).message("en")


def test_bom_is_accepted(tmp_path):
    text = to_json(full_record())
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert to_json(import_json(path)) == text


def test_older_fields_missing_get_defaults():
    """A hand-trimmed file that leaves out optional parts still imports (defaults)."""
    data = json.loads(to_json(half_record()))
    del data["step10"]
    del data["step0"]["duration"]
    record = import_json(json.dumps(data))
    assert record.step10.barriers == []


def test_str_path_and_str_text(tmp_path, monkeypatch):
    text = to_json(half_record())
    (tmp_path / "r.json").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert to_json(import_json("r.json")) == text
    assert to_json(import_json(str(tmp_path / "r.json"))) == text
    assert "bestaat niet" in _error("weg.json").message("nl")
    assert "geen geldige JSON" in _error("geen json").message("nl")


def test_a_cut_off_file_is_said_so_in_one_language(tmp_path):
    # the parser's English words stood in the Dutch message: "(Unterminated string starting at)"
    path = tmp_path / "afgebroken.json"
    path.write_text('{"schema_version": 1, "project": {"name": "Verkeerslich', encoding="utf-8")
    err = _error(path)
    assert err.message("nl").endswith("fout op regel 1, kolom 43. Het bestand lijkt afgebroken (onvolledig).")
    assert "Unterminated" not in err.message("nl") and "Unterminated" not in err.message("en")


def test_a_text_longer_than_can_be_typed_is_refused_naming_its_field(tmp_path):
    # 15 million characters in the need were imported, and the app that opened the project froze
    data = json.loads(to_json(full_record("nl")))
    data["step0"]["need"] = "x" * 30_001
    path = tmp_path / "groot.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    err = _error(path)
    assert err.field == "step0.need"
    assert "30.001 tekens" in err.message("nl") and "hoogstens 20.000" in err.message("nl")
    assert "30,001 characters" in err.message("en")


def test_a_file_that_reports_no_size_is_read_no_further_than_the_limit(tmp_path):
    # a pipe or device reports no size: /dev/zero was read until the memory ran out
    import os
    import threading

    from assistant.export.jsonio import MAX_IMPORT_BYTES

    pipe = tmp_path / "pijp.json"
    os.mkfifo(pipe)

    def write() -> None:
        try:
            with open(pipe, "wb") as out:
                out.write(b"[" + b" " * (MAX_IMPORT_BYTES + 10) + b"]")
        except BrokenPipeError:  # the reader stopped at the limit
            pass

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    err = _error(pipe)
    writer.join(timeout=10)
    assert "te groot" in err.message("nl") and "too large" in err.message("en")
