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


@pytest.mark.parametrize("old_label", ["later openbaar aanbesteden (functioneel gespecificeerd)",
                                       "open future tenders (functional specifications)"])
def test_a_file_with_the_strategys_label_from_before_it_lost_openbaar_reads_as_that_choice(tmp_path, old_label):
    from assistant.export import to_markdown
    from assistant.plan.record import ProcurementStrategy

    data = json.loads(to_json(full_record("nl")))
    data["step6"]["procurement_strategy"] = old_label  # as a file written with the old label holds it
    path = tmp_path / "oud.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    record = import_json(path)
    assert record.step6.procurement_strategy is ProcurementStrategy.OPEN_TENDER
    assert json.loads(to_json(record))["step6"]["procurement_strategy"] == "open_tender"
    assert "**Inkoopstrategie:** Later aanbesteden (functioneel gespecificeerd)\n" in to_markdown(record, "nl")
    assert "**Procurement strategy:** Tender later (functionally specified)\n" in to_markdown(record, "en")


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


#: the fields above with a position, as their messages say them
SAID_AS_COUNTED = {"step3.requirements[1].aspect": ("step3.requirements[2e].aspect", "step3.requirements[2nd].aspect"),
                   "step2.assessments[0].trl": ("step2.assessments[1e].trl", "step2.assessments[1st].trl")}


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
    # the message counts positions as people do (test_positions_are_said_as_people_count_them)
    said_nl, said_en = SAID_AS_COUNTED.get(field, (field, field))
    assert said_nl in err.message("nl") and said_en in err.message("en")
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


# --- a record edited by hand and imported again: each problem said in the reader's words ---

def test_a_validators_reason_is_said_in_the_readers_language_without_pydantics_prefix(tmp_path, capsys):
    # `"trl": "eight"` under --lang en said "(Value error, de TRL is een geheel getal …)"
    from assistant.cli.main import main

    path = tmp_path / "edited.json"
    path.write_text(_edited(lambda d: d["step2"]["assessments"][0].__setitem__("trl", "eight")), encoding="utf-8")
    assert main(["import", str(path), "--name", "N", "--lang", "en"]) == 1
    said = capsys.readouterr().err
    assert "is invalid (the TRL is a whole number from 1 to 9, not “eight”)" in said
    assert "Value error" not in said and "geheel getal" not in said
    err = _error(path)
    assert "is ongeldig (de TRL is een geheel getal van 1 tot en met 9, niet “eight”)" in err.message("nl")
    assert "Value error" not in err.message("nl") and "whole number" not in err.message("nl")


def test_any_validators_reason_is_said_without_pydantics_prefix():
    # the mechanism, not the one field: a reason in both languages, and one in a single text
    from pydantic import BaseModel, field_validator

    from assistant.plan.record.errors import ParseError

    class Tiny(BaseModel):
        schema_version: int
        both: str = ""
        one: str = ""

        @field_validator("both")
        @classmethod
        def _both(cls, v):
            raise ParseError("Nederlandse reden.", "English reason.")

        @field_validator("one")
        @classmethod
        def _one(cls, v):
            raise ValueError("only reason")

    with pytest.raises(RecordImportError) as info:
        import_json('{"schema_version": 1, "both": "x", "one": "y"}', model=Tiny)
    assert "both is ongeldig (Nederlandse reden)" in info.value.message("nl")
    assert "both is invalid (English reason)" in info.value.message("en")
    assert "one is invalid (only reason)" in info.value.message("en")
    assert "Value error" not in str(info.value)


def test_positions_are_said_as_people_count_them():
    # "step4.criteria[1]" was what the app and the document call "Criterion 2"
    from assistant.export.jsonio import field_path

    data = json.loads(to_json(full_record()))
    data["step4"]["criteria"][1]["target"] = 90
    err = _error(json.dumps(data))
    assert "step4.criteria[2nd].target must be text" in err.message("en")
    assert "step4.criteria[2e].target moet tekst zijn" in err.message("nl")
    assert err.field == "step4.criteria[1].target"  # the field itself stays the data's path
    data = json.loads(to_json(full_record()))
    data["step9"]["judgements"][6]["verdict"] = "misschien"
    assert "step9.judgements[7th].verdict" in _error(json.dumps(data)).message("en")
    assert [field_path(("step9", "judgements", n), "en").split("[")[1] for n in (0, 1, 2, 3, 10, 11, 12, 20, 21, 102)] == \
        ["1st]", "2nd]", "3rd]", "4th]", "11th]", "12th]", "13th]", "21st]", "22nd]", "103rd]"]
    assert field_path(("step9", "judgements", 10), "nl") == "step9.judgements[11e]"


def _broken(old: str, new: str) -> str:
    text = to_json(new_record(title="Gladheid"))
    assert old in text
    return text.replace(old, new, 1)


@pytest.mark.parametrize("old, new, said_en, said_nl", [
    # the comma at the end of the line before is missing: the reader named the next line
    ('"ideas": "",', '"ideas": ""', "a comma is missing after line {ideas}, column 15", "er ontbreekt een komma na regel {ideas}, kolom 15"),
    ('"ideas": ""', '"ideas": "C:\\docs\\plan"', "the backslash (\\) at line {ideas}, column 17 must be written twice",
     "de backslash (\\) op regel {ideas}, kolom 17 moet in een tekst dubbel staan"),
    ('"ideas": ""', '"ideas": "C:\\users"', "the backslash (\\) at line {ideas}, column 17", "op regel {ideas}, kolom 17"),
    ('"ideas": ""', '"ideas": “Camera op paal”', "line {ideas}, column 14 has a typographic quote (“)", "typografisch aanhalingsteken (“)"),
    ('"ideas": ""', '"ideas": "Camera op paal”', "line {ideas}, column 29 has a typographic quote (”)", "regel {ideas}, kolom 29"),
    ('"ideas": ""', '“ideas”: ""', "line {ideas}, column 5 has a typographic quote (“)", "regel {ideas}, kolom 5"),
    ('"ideas": ""', '"ideas": "Camera\nop paal"', "the text on line {ideas} runs over a line break", "loopt door over een regeleinde"),
    ('"ideas": ""', '"ideas": "de "slimme" camera"', 'the quote (") at line {ideas}, column 18 ends the text too early',
     "beëindigt de tekst te vroeg"),
    ('"ideas": ""', "'ideas': \"\"", "line {ideas}, column 5 has a single quote (')", "enkel aanhalingsteken"),
    ('"ideas": ""', '"ideas" ""', "a colon (:) is missing after the name that ends at line {ideas}, column 11", "dubbele punt"),
    ('"ideas": ""', '"ideas": camera', "at line {ideas}, column 14 a value is missing or is not written as JSON", "ontbreekt een waarde"),
])
def test_the_usual_causes_of_broken_json_are_said_in_a_sentence(old, new, said_en, said_nl):
    # "is not valid JSON: error at line 7, column 5." said where, never what
    ideas = next(n for n, line in enumerate(to_json(new_record(title="Gladheid")).splitlines(), 1) if '"ideas"' in line)
    err = _error(_broken(old, new))
    assert err.message("en").startswith("The file is not valid JSON: ")
    assert said_en.format(ideas=ideas) in err.message("en")
    assert said_nl.format(ideas=ideas) in err.message("nl")
    assert "error at line" not in err.message("en") and "fout op regel" not in err.message("nl")


def test_more_after_the_record_is_said():
    text = to_json(new_record(title="Gladheid"))
    err = _error(text + "}\n")
    assert f"the record ends before line {text.count(chr(10)) + 1}, column 1, but more follows" in err.message("en")


def test_a_word_or_pdf_document_is_said_to_be_one(tmp_path):
    # a DOCX was told it "is not UTF-8 text …: save the file as UTF-8"
    docx = export_record(full_record("en"), "docx", tmp_path / "record.docx")
    err = _error(docx)
    assert err.message("en") == (f"{docx} is a Word document, not a JSON record. Import a JSON export instead; "
                                 "make one with `stappenplan export --format json`.")
    assert "is een Word-document, geen JSON-dossier" in err.message("nl")
    pdf = tmp_path / "record.pdf"
    pdf.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    assert "is a PDF document, not a JSON record" in _error(pdf).message("en")
    assert "UTF-8" not in _error(docx).message("en") + _error(pdf).message("en")


def test_a_markdown_export_is_said_to_be_one(tmp_path):
    # "geen geldige JSON: fout op regel 1, kolom 1", where a Word export was named as one
    md = export_record(full_record("nl"), "md", tmp_path / "dossier.md")
    err = _error(md)
    assert err.message("nl") == (f"{md} is een Markdown-document, geen JSON-dossier. Importeer de JSON-export van "
                                 "het project; maak die met `stappenplan export --format json`.")
    assert "is a Markdown document, not a JSON record" in err.message("en")
    assert "Markdown" not in _error("Hallo #1").message("en")  # only a heading opens a Markdown document


def test_an_export_saved_as_utf16_is_read(tmp_path):
    # Notepad's "Unicode": two bytes a character, with a mark in front that says so
    text = to_json(full_record())
    for encoding in ("utf-16-le", "utf-16-be"):
        path = tmp_path / f"{encoding}.json"
        mark = "\ufeff".encode(encoding)
        path.write_bytes(mark + text.encode(encoding))
        record, notes = read_export(path)
        assert to_json(record) == text and notes.read_as is None


def test_bytes_that_cannot_be_read_are_said_in_plain_english():
    data = to_json(new_record(title="x")).replace('"x"', '"\x81\x8d"').encode("latin-1")
    assert "holds a byte that cannot be read as text" in _error(data).message("en")
    assert "no text" not in _error(data).message("en")


def test_a_choice_names_its_codes_with_the_readers_names_for_them():
    # only 'proeftuin', 'sbir', 'innovatiepartnerschap' or 'prijsvraag' were named, while
    # "innovation partnership" is read as well
    err = _error(_edited(lambda d: d["step7"].__setitem__("procedure", "tender")))
    assert ("must be one of: 'proeftuin' (or “proeftuin (test bed / pilot)”), 'sbir' (or “SBIR (pre-commercial "
            "procurement)”), 'innovatiepartnerschap' (or “innovation partnership”) or 'prijsvraag' (or “prize "
            "contest (prijsvraag)”)") in err.message("en")
    assert "'sbir' (of “SBIR (pre-commercieel inkopen)”), 'innovatiepartnerschap' of 'prijsvraag'" in err.message("nl")
    # a code whose name says the same is named once
    err = _error(_edited(lambda d: d["step3"]["requirements"][1].__setitem__("aspect", "astrologisch")))
    assert "'legal' or 'public_values' (found" in err.message("en")
    assert "'legal' (of “juridisch”) of 'public_values' (of “publieke waarden”)" in err.message("nl")
    # and each name said is read
    for name in ("proeftuin (test bed / pilot)", "SBIR (pre-commercial procurement)", "innovation partnership",
                 "prize contest (prijsvraag)"):
        assert import_json(_edited(lambda d: d["step7"].__setitem__("procedure", name))).step7.procedure is not None


def test_a_name_written_twice_in_one_group_is_refused():
    # the first "ideas" was lost without a word
    text = to_json(own_full_record()).replace('"ideas": ', '"ideas": "FIRST DUP", "ideas": ', 1)
    err = _error(text)
    assert err.field == "step1.ideas"
    assert err.message("en") == ("step1.ideas is written twice in the same group; only the last would be read. "
                                 "Keep one of them. Nothing was changed.")
    assert "step1.ideas staat twee keer" in err.message("nl")
    entry = to_json(full_record()).replace('"target": ', '"target": "x", "target": ', 2)
    assert _error(entry).field == "step4.criteria[0].target"  # the first in the file
    assert "step4.criteria[1st].target is written twice" in _error(entry).message("en")


@pytest.mark.parametrize("written, hint_en", [("Need", " (did you mean need?)"), ("neeed", " (did you mean need?)"),
                                              ("wens", "")])
def test_a_name_that_is_nearly_a_field_gets_a_hint(written, hint_en):
    err = _error(_edited(lambda d: d["step0"].__setitem__(written, d["step0"].pop("need"))))
    assert f"step0.{written} is not a field of a project record{hint_en} (found" in err.message("en")
    if hint_en:
        assert f"step0.{written} is geen veld van een projectdossier (bedoelt u need?)" in err.message("nl")


def test_a_criterions_weight_goes_out_and_comes_back_and_a_file_without_it_imports():
    record = own_full_record()
    record.step4.criteria[0].weight = "40%"
    data = json.loads(to_json(record))
    assert data["step4"]["criteria"][0]["weight"] == "40%"
    assert import_json(json.dumps(data)).step4.criteria[0].weight == "40%"
    del data["step4"]["criteria"][0]["weight"]  # written before criteria had a weight
    assert import_json(json.dumps(data)).step4.criteria[0].weight == ""


def test_fields_taken_out_of_list_entries_are_named(tmp_path):
    # an entry's aspect, target or source kind taken out came back empty without a word; only
    # fields outside the lists were named
    data = json.loads(to_json(full_record()))
    del data["step3"]["requirements"][0]["aspect"], data["step4"]["criteria"][0]["target"]
    del data["step1"]["technologies"][1]["source_kind"], data["step0"]["preconditions"]["mandate"]
    del data["step4"]["criteria"][1]["id"]  # made anew, not left empty
    path = tmp_path / "bewerkt.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    record, notes = read_export(path)
    assert notes.absent == ("step0.preconditions.mandate", "step1.technologies[1].source_kind",
                            "step3.requirements[0].aspect", "step4.criteria[0].target")
    assert record.step4.criteria[0].target == "" and record.step4.criteria[1].id


def test_the_final_verdicts_why_goes_out_and_comes_back_and_a_file_without_it_imports(tmp_path):
    # step 9's verdict kept its why only in the conversation ("meer onderzoek nodig: …")
    record = own_full_record()
    record.step9.verdict_note = "camerabeelden opnieuw auditen en de API sneller maken"
    data = json.loads(to_json(record))
    assert data["step9"]["verdict_note"] == record.step9.verdict_note
    assert import_json(json.dumps(data)) == record
    del data["step9"]["verdict_note"]  # exported before the verdict kept its why
    path = tmp_path / "ouder.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    older, notes = read_export(path)
    assert older.step9.verdict_note == "" and older.step9.verdict == record.step9.verdict
    assert "step9.verdict_note" not in notes.absent  # not said taken out by hand
    assert data["schema_version"] == SCHEMA_VERSION == 1


def test_a_file_from_before_judgements_kept_their_target_and_criteria_their_weight_imports_unsaid():
    # every judgement's "ref_target" was said taken out by hand, of a file exported a day before
    data = json.loads(to_json(own_full_record()))
    for judgement in data["step9"]["judgements"]:
        del judgement["ref_target"]
    for criterion in data["step4"]["criteria"]:
        del criterion["weight"]
    del data["step4"]["criteria"][0]["target"]  # a field of old, taken out by hand: still said
    older, notes = read_export(json.dumps(data).encode())
    assert data["step9"]["judgements"] and all(j.ref_target == "" or j.ref_target is None
                                               for j in older.step9.judgements)
    assert notes.absent == ("step4.criteria[0].target",)


def test_a_list_of_records_is_said_to_be_several_to_import_one_at_a_time(tmp_path):
    # a list of two dossiers was "no project record (the field 'schema_version' is missing)"
    path = tmp_path / "twee.json"
    record = json.loads(to_json(full_record("nl")))
    path.write_text(json.dumps([record, record], ensure_ascii=False), encoding="utf-8")
    err = _error(path)
    assert "bevat 2 projectdossiers in een lijst" in err.message("nl")
    assert "importeer ze één voor één" in err.message("nl") and "one at a time" in err.message("en")


def test_a_record_without_its_version_line_is_told_which_line_to_add(tmp_path):
    data = json.loads(to_json(full_record("nl")))
    del data["schema_version"]
    path = tmp_path / "zonder.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    err = _error(path)
    assert "geen projectdossier van stappenplan" not in err.message("nl")
    assert f'"schema_version": {SCHEMA_VERSION}' in err.message("nl")
    assert f'"schema_version": {SCHEMA_VERSION}' in err.message("en") and err.field == "schema_version"
    assert "geen projectdossier van stappenplan" in _error('{"naam": "x"}').message("nl")  # no record at all


def test_an_unknown_field_is_said_to_be_the_one_thing_to_take_out():
    data = json.loads(to_json(full_record("nl")))
    data["step0"]["opmerking"] = "Let op: besproken met manager"
    err = _error(json.dumps(data, ensure_ascii=False))
    assert "step0.opmerking is geen veld van een projectdossier" in err.message("nl")
    assert "Haal dat veld weg, dan is het bestand te importeren. Er is niets veranderd." in err.message("nl")
    assert "Take that field out and the file can be imported. Nothing was changed." in err.message("en")
    data["step0"]["need"] = 5  # another error beside it: taking the field out is not enough
    assert "Haal dat veld weg" not in _error(json.dumps(data, ensure_ascii=False)).message("nl")
