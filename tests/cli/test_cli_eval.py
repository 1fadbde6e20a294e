"""`stappenplan eval` on several question sets at once: one knowledge base, one column per set."""

import json
import os
import subprocess
import sys

import pytest


def run_cli(args, shared_home, tmp_path, timeout=240):
    env = dict(os.environ)
    env["STAPPENPLAN_HOME"] = str(tmp_path / "home")
    env["STAPPENPLAN_INDEX_DIR"] = str(shared_home / "data" / "index")
    env["PYTHONIOENCODING"] = "utf-8"
    return subprocess.run([sys.executable, "-m", "assistant", *args], capture_output=True, text=True, env=env,
                          timeout=timeout)


def write_set(path, rows):
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


VENDOR_LOCK_IN = {"id": "a1", "question": "Wat is een vendor lock-in?", "lang": "nl",
                  "gold": "een organisatie zo afhankelijk wordt van een leverancier dat afscheid nemen"}
PANCAKES = {"id": "a2", "question": "Hoe bak ik pannenkoeken?", "lang": "nl", "gold": None}
NOWHERE = {"id": "b1", "question": "What is a vendor lock-in?", "lang": "en",
           "gold": "deze zin staat nergens in de handreikingen van het stappenplan"}


def two_sets(tmp_path):
    first = write_set(tmp_path / "kort.jsonl", [VENDOR_LOCK_IN, PANCAKES])
    second = write_set(tmp_path / "engels.jsonl", [VENDOR_LOCK_IN | {"id": "b0"}, NOWHERE])
    return first, second


def columns(table: str, label: str) -> list[str]:
    """The cells of the row that starts with `label`, split on the two-space column gaps."""
    row = next(line for line in table.splitlines() if line.startswith(label))
    return row[len(label):].split()


def test_several_sets_are_printed_side_by_side(shared_home, tmp_path):
    first, second = two_sets(tmp_path)
    result = run_cli(["eval", "--lexical", str(first), str(second)], shared_home, tmp_path)
    assert result.returncode == 0, result.stderr
    table = result.stdout
    assert table.splitlines()[0].split() == ["kort", "engels"]
    assert columns(table, "beantwoordbaar / answerable (n)") == ["1", "2"]
    assert columns(table, "recall@5") == ["1.000", "0.500"]
    assert columns(table, "Engels / English recall@5 (n)") == ["-", "0.000", "(1)"]
    assert columns(table, "onbeantwoordbaar afgewezen / unanswerable rejected") == ["1", "/", "1", "-"]


def test_several_sets_as_json_give_one_object_per_set(shared_home, tmp_path):
    first, second = two_sets(tmp_path)
    result = run_cli(["eval", "--lexical", "--json", str(first), str(second)], shared_home, tmp_path)
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(line["set"], line["file"]) for line in lines] == [("kort", str(first)), ("engels", str(second))]
    assert [line["all"]["n"] for line in lines] == [1, 2]
    assert [line["unanswerable"]["n"] for line in lines] == [1, 0]


def test_a_broken_second_file_is_reported_before_anything_is_answered(shared_home, tmp_path):
    first, _ = two_sets(tmp_path)
    broken = tmp_path / "kapot.jsonl"
    broken.write_text('{"id": 1,\n', encoding="utf-8")
    result = run_cli(["eval", "--lexical", str(first), str(broken)], shared_home, tmp_path)
    assert result.returncode == 2
    assert "kapot.jsonl:1" in result.stderr and "JSON" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(("content", "said"), [
    (b"[1, 2]\n", "l.jsonl:1: geen JSON-object / not a JSON object"),
    (b'"just a string"\n', "l.jsonl:1: geen JSON-object"),
    (b'{"question": "Wat is SBIR?", "gold": "kern"}\n', "l.jsonl:1: id ontbreekt / missing"),
    (b'{"id": 1, "gold": "kern"}\n', "l.jsonl:1: question ontbreekt"),
    (b'{"id": 1, "question": "Wat is SBIR?"}\n\xd0\xff\n', "l.jsonl:2: geen UTF-8-tekst / not UTF-8 text"),
])
def test_a_question_file_with_a_line_that_is_no_question_is_refused_by_name_and_line(tmp_path, capsys, content, said):
    # '[1,2]' or a line without its id ended `eval` and `ask --batch` in a traceback
    from assistant.cli.main import main

    path = tmp_path / "l.jsonl"
    path.write_bytes(content)
    assert main(["eval", "--lexical", str(path)]) == 2
    assert said in capsys.readouterr().err


def test_a_question_file_that_is_not_there_is_said_so_in_both_languages(tmp_path, capsys):
    from assistant.cli.main import main

    assert main(["eval", "--lexical", str(tmp_path / "nope.jsonl")]) == 2
    assert "nope.jsonl: bestand niet gevonden / file not found" in capsys.readouterr().err
