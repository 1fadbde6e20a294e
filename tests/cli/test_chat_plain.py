"""Plain line mode: `stappenplan chat --plain` as a real subprocess, and its input/output helpers."""

from __future__ import annotations

import io
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from assistant.cli.chat import QUOTE_INDENT, markdown_to_plain, read_turns, render_turn
from assistant.plan import record as rec
from assistant.plan.steps import load_plan
from assistant.core.settings import load_settings
from assistant.store import Store

PROJECT_ROOT = Path(__file__).resolve().parents[2]  # the checkout: its .venv runs the CLI
PYTHON = str(PROJECT_ROOT / ".venv" / "bin" / "python")
if not Path(PYTHON).exists():  # e.g. running the tests with another interpreter
    PYTHON = sys.executable


def _env(shared_home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["STAPPENPLAN_INDEX_DIR"] = str(shared_home / "data" / "index")  # reuse the built index
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def _record(name: str) -> rec.ProjectRecord:
    with Store(load_settings().database_path) as store:
        project = store.find_project(name)
        assert project is not None
        return store.load_record(project.id, rec.ProjectRecord)


# ---------------------------------------------------------------------------------------------
# helpers (in-process)
# ---------------------------------------------------------------------------------------------
def test_read_turns_groups_continuations_and_blocks():
    lines = [
        "een\n",
        "twee \\\n", "drie\n",
        '"""\n', "eis een?\n", "eis twee\n", '"""\n',
        '"""alles op een regel"""\n',
        '"""begin\n', "midden\n", 'eind"""\n',
        "\n",
        "open blok aan het eind \\\n",
    ]
    assert list(read_turns(lines)) == [
        "een", "twee \ndrie", "eis een?\neis twee", "alles op een regel", "begin\nmidden\neind", "",
        "open blok aan het eind ",
    ]
    assert list(read_turns(['"""\n', "nooit gesloten\n"])) == ["nooit gesloten"]
    # each line that does not end a turn asks for more: at a terminal a block printed nothing
    asked: list[int] = []
    lines = ['"""\n', "een\n", "twee\n", '"""\n', "drie \\\n", "vier\n", "vijf\n"]
    turns = []
    for turn in read_turns(lines, on_more=lambda: asked.append(len(turns))):
        turns.append(turn)
    assert turns == ["een\ntwee", "drie \nvier", "vijf"] and asked == [0, 0, 0, 1]


class _Interrupted(io.StringIO):
    """Standard input whose user presses ctrl+c after the lines given."""

    def __iter__(self):
        yield from self.getvalue().splitlines(keepends=True)
        raise KeyboardInterrupt


@pytest.mark.parametrize("typed", ['"""\nVoorspellend onderhoud; potentie: hoog; TRL 5\n',
                                   "Voorspellend onderhoud; potentie: hoog; TRL 5 \\\n"])
def test_ctrl_c_amid_a_block_keeps_the_lines_already_sent(monkeypatch, capsys, typed):
    # "Afgebroken. Wat u al verstuurde, is bewaard" while the block's lines sent with enter were lost
    from assistant.cli.main import main

    monkeypatch.setattr(sys, "stdin", _Interrupted(f"/stap 2\n{typed}"))
    assert main(["chat", "--plain", "--project", "Onderbroken"]) == 130
    assert "Wat u al verstuurde, is bewaard" in capsys.readouterr().err
    assessments = _record("Onderbroken").step2.assessments
    assert [(a.technology, a.potential, a.trl) for a in assessments] == [("Voorspellend onderhoud", "hoog", 5)]


def test_plain_rendering_shows_user_text_literally():
    from assistant.plan.conversation import Turn
    from assistant.core.textsafe import escape_markdown

    typed = "[bold]x[/bold] **y** `z` \\ [@click=app.quit] 1. a # b"
    turn = Turn("assistant", "stored", f"**Opgeslagen** `ok`\n> {escape_markdown(typed)}")
    assert render_turn(turn) == f"Opgeslagen ok\n    {typed}"
    assert markdown_to_plain("## Stap 1 · Titel") == "Stap 1 · Titel"


def test_at_a_terminal_only_an_answer_stored_as_typed_goes_unquoted():
    # "Dit vervangt het vorige antwoord:" was followed by nothing, and "ja, de DG …" kept as
    # "✓ de DG …" was never said: a screen reader heard neither
    from assistant.plan.conversation import Turn

    stored = Turn("assistant", "stored", "Opgeslagen bij “Budget”:\n> € 250.000\n\n"
                                         "Dit vervangt het vorige antwoord:\n> € 300.000")
    assert render_turn(stored, typed="€ 250.000") == \
        "Opgeslagen bij “Budget”.\n\nDit vervangt het vorige antwoord: € 300.000"
    changed = Turn("assistant", "stored", "Opgeslagen bij “Mandaat”:\n> ✓ de DG heeft mandaat")
    assert render_turn(changed, typed="ja, de DG heeft mandaat") == "Opgeslagen bij “Mandaat”: ✓ de DG heeft mandaat"


def test_a_saved_answer_reads_as_one_sentence_and_no_line_looks_like_the_prompt():
    # "Opgeslagen bij “Wie ervaart deze behoefte?”:" ended with nothing after it (the answer
    # typed is not said again), and an answer the app changed came on a line of its own that
    # began with "> ", the prompt: a screen reader user took it for a line to type on
    from assistant.plan.conversation import Turn

    said = Turn("assistant", "stored", "Opgeslagen bij “Wie ervaart deze behoefte?”:\n> Bewoners\n\n⚠ Let op.")
    assert render_turn(said, typed="Bewoners") == "Opgeslagen bij “Wie ervaart deze behoefte?”.\n\n⚠ Let op."
    changed = Turn("assistant", "stored", "Opgeslagen bij “Is er mandaat?”:\n> ✗ not really, nog geen besluit")
    assert render_turn(changed, typed="not really, nog geen besluit") == \
        "Opgeslagen bij “Is er mandaat?”: ✗ not really, nog geen besluit"
    lines = Turn("assistant", "stored", "Opgeslagen bij “Wie?”:\n> - Bewoners\n> - Chauffeurs")
    assert render_turn(lines, typed="Bewoners; Chauffeurs") == "Opgeslagen bij “Wie?”:\n    - Bewoners\n    - Chauffeurs"
    prose = Turn("assistant", "stored", "Opgeslagen bij “Wat?”:\n> Eerste alinea.\n>\n> Tweede alinea.")
    assert render_turn(prose) == "Opgeslagen bij “Wat?”:\n    Eerste alinea.\n\n    Tweede alinea."
    quote = Turn("assistant", "quote", "Uit de handreiking:\n\n> “U moet helder voor ogen krijgen …” [1]")
    assert render_turn(quote) == "Uit de handreiking:\n\n    “U moet helder voor ogen krijgen …” [1]"
    typed = Turn("assistant", "stored", "Opgeslagen bij “Wat?”:\n> \\> geen quote")
    assert render_turn(typed) == "Opgeslagen bij “Wat?”: > geen quote"  # a ">" typed stays as typed


# ---------------------------------------------------------------------------------------------
# the full walk as a subprocess
# ---------------------------------------------------------------------------------------------
def _walk_script() -> tuple[list[str], dict[str, str]]:
    """Input lines that answer every question of every step (with the examples of the step
    files), with guidance questions, commands and bad input mixed in."""
    plan = load_plan("nl")
    lines: list[str] = [
        "",  # empty line
        "/onbekend",  # unknown command
        "/stap 11",  # out of range
        "\x1b[31m\x1b[0m",  # only escape sequences
    ]
    expected: dict[str, str] = {}
    for spec in plan:
        n = spec.number
        if n == 9:
            # one judgement per requirement (5, see step 3 below) and criterion (1)
            lines += ["voldaan — DPIA goedgekeurd", "voldaan — werkt offline", "1 — getoetst door jurist",
                      "voldaan", "voldaan: gelijke servicegraad gemeten", "voldaan — 93% binnen 48 uur"]
        for q in spec.questions:
            answer = q.example
            if q.field == "step0.need":
                lines.append(answer)
                lines.append("wat is een behoefteanalyse?")  # a question to the guidance
                lines.append("/dossier")
                continue
            if q.field == "step0.duration":
                answer = "x" * (1024 * 1024)  # a 1 MB paste: cut, with a message
            if q.field == "step1.technologies":
                lines += ['"""', answer, "Beeldherkenning op vuilniswagens (onderzoek) — kan ook dat?", '"""']
                continue
            if q.field == "step1.ideas":
                answer = "[bold]vet[/bold] en [@click=app.quit] \x1b[1mbel\x07"
                expected[q.field] = "[bold]vet[/bold] en [@click=app.quit] bel"
            if q.field == "step3.requirements":
                answer = (f"{answer}; Werkt ook zonder netwerk (technisch, uit de behoefte); "
                          "Voldoet aan de Aanbestedingswet (juridisch); "
                          "Camerabeelden identificeren geen personen (ethisch, randvoorwaarde); "
                          # the step file's example is now the servicegraad one: the data aspect here
                          "Verwerking van persoonsgegevens is AVG-conform (data, randvoorwaarde)")
            if q.field == "step3.budget_ceiling":
                lines += ["Maximaal € 250.000 voor ontwikkeling \\", "en test"]
                expected[q.field] = "Maximaal € 250.000 voor ontwikkeling\nen test"
                continue
            if q.field == "step7.procedure":
                lines.append("Innovatiepartnerschap?")  # may be a question: piped in, it is the answer
                continue
            lines.append(answer)
            if q.kind == "list":  # a list ends with an empty line (one of one line waits for more)
                lines.append("")
    lines.append("/export json")
    return lines, expected


def test_scripted_walk_through_all_steps(shared_home, tmp_path):
    lines, expected = _walk_script()
    started = time.monotonic()
    proc = subprocess.run(
        [PYTHON, "-m", "assistant", "chat", "--plain", "--project", "Afval / ../walk"],
        input="\n".join(lines) + "\n", capture_output=True, text=True, encoding="utf-8",
        env=_env(shared_home), cwd=PROJECT_ROOT, timeout=300,
    )
    # the script's one answer over the length limit is kept in part: the status says so
    assert proc.returncode == 1 and "1 invoer ingekort bewaard" in proc.stderr, proc.stderr[-3000:]
    out = proc.stdout
    assert time.monotonic() - started < 120
    # bad input got clear messages and the conversation went on
    assert "Er kwam geen tekst door" in out
    assert "Onbekende opdracht /onbekend" in out
    assert "Stap 11 bestaat niet" in out
    assert "te lang" in out
    # guidance answered with numbered sources (document · section · quote)
    assert "Bronnen:" in out and "[1] " in out and " · " in out
    assert "Ik neem “Innovatiepartnerschap?” als antwoord op de vraag" in out
    # markup is shown literally, never interpreted or escaped
    assert "[bold]vet[/bold] en [@click=app.quit] bel" in out
    assert "Alle stappen zijn ingevuld" in out
    assert "Dossier geëxporteerd als " in out and "in de map " in out

    record = _record("afval / ../walk")
    assert {n: s for n, s in record.statuses().items()} == {n: "done" for n in rec.STEP_NUMBERS}
    for n in rec.STEP_NUMBERS:
        assert rec.missing_fields(record, n) == []
    from assistant.plan.checks import run_checks

    assert run_checks(record) == []
    assert record.step1.ideas == expected["step1.ideas"]
    assert record.step3.budget_ceiling == expected["step3.budget_ceiling"]
    assert len(record.step0.duration) == 20_000
    assert [t.name for t in record.step1.technologies][1].startswith("Beeldherkenning")
    assert len(record.step3.requirements) == 5
    assert record.step7.procedure == rec.Procedure.INNOVATIEPARTNERSCHAP
    assert record.step9.verdict == rec.FinalVerdict.SCALE_UP
    exports = list((load_settings().data_path / "exports").glob("*.json"))
    assert len(exports) == 1 and ".." not in exports[0].name

    # `stappenplan projects` shows the progress
    listing = subprocess.run([PYTHON, "-m", "assistant", "projects"], capture_output=True, text=True,
                             encoding="utf-8", env=_env(shared_home), cwd=PROJECT_ROOT, timeout=60)
    assert listing.returncode == 0
    assert "Afval / ../walk: 11/11 stappen klaar" in listing.stdout


# ---------------------------------------------------------------------------------------------
# kill -9 in the middle of a step, then resume
# ---------------------------------------------------------------------------------------------
class _Reader:
    def __init__(self, stream) -> None:
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._pump, args=(stream,), daemon=True).start()

    def _pump(self, stream) -> None:
        for line in stream:
            self.lines.put(line)

    def wait_for(self, text: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(text in line for line in self.seen):
                return
            try:
                self.seen.append(self.lines.get(timeout=0.2))
            except queue.Empty:
                pass
        raise AssertionError(f"no {text!r} in output:\n{''.join(self.seen)[-2000:]}")


def test_resume_after_kill_9_in_the_middle_of_a_step(shared_home):
    cmd = [PYTHON, "-m", "assistant", "chat", "--plain", "--project", "Kill"]
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            text=True, encoding="utf-8", env=_env(shared_home), cwd=PROJECT_ROOT)
    try:
        reader = _Reader(proc.stdout)
        reader.wait_for("Vraag 1 van 8")
        for answer, next_prompt in (("Containers raken vol", "Vraag 2 van 8"),
                                    ("Bewoners en chauffeurs", "Vraag 3 van 8"),
                                    ("Sensoren meten de vulgraad", "Vraag 4 van 8")):
            proc.stdin.write(answer + "\n")
            proc.stdin.flush()
            reader.wait_for(next_prompt)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL

    record = _record("kill")
    assert record.step0.need == "Containers raken vol"
    assert record.step0.who == "Bewoners en chauffeurs"
    assert record.step0.why_digital == "Sensoren meten de vulgraad"

    again = subprocess.run(cmd, input="ja, de wethouder steunt het\n", capture_output=True, text=True,
                           encoding="utf-8", env=_env(shared_home), cwd=PROJECT_ROOT, timeout=120)
    assert again.returncode == 0, again.stderr[-2000:]
    head = again.stdout.split("Opgeslagen", 1)[0]
    assert "Welkom terug" in head and "Vraag 4 van 8" in head and "draagvlak" in head
    assert _record("kill").step0.preconditions.support.ok is True


def test_output_closed_early_still_saves_every_answer_piped_in(shared_home, tmp_path):
    # `chat --plain < answers.txt | head` stopped at the first write after head left, with
    # status 0: the answers after it were never saved
    answers = tmp_path / "antwoorden.txt"
    # more output first than a pipe holds (64 KiB), so that the answers come after the break
    answers.write_text("/help\n" * 60 + "Bruggen slijten te snel\nDe afdeling Beheer\nSensoren meten slijtage\n",
                       encoding="utf-8")
    cmd = [PYTHON, "-m", "assistant", "chat", "--plain", "--project", "Pijp"]
    with answers.open("rb") as given:
        proc = subprocess.Popen(cmd, stdin=given, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                env=_env(shared_home), cwd=PROJECT_ROOT)
        proc.stdout.read(40)
        proc.stdout.close()  # the reader leaves, as head does
        err = proc.stderr.read().decode("utf-8")
        assert proc.wait(timeout=120) == 0
    assert "Traceback" not in err and "de invoer is wel helemaal verwerkt" in err
    record = _record("Pijp")
    assert (record.step0.need, record.step0.why_digital) == ("Bruggen slijten te snel", "Sensoren meten slijtage")


# ---------------------------------------------------------------------------------------------
# a broken data dir
# ---------------------------------------------------------------------------------------------
def test_corrupt_database_is_moved_aside_and_the_chat_goes_on(shared_home):
    db = load_settings().database_path
    db.parent.mkdir(parents=True, exist_ok=True)
    db.write_bytes(b"\x00garbage, not a database\n" * 50)
    proc = subprocess.run([PYTHON, "-m", "assistant", "chat", "--plain", "--project", "Na crash"],
                          input="Containers vol\n", capture_output=True, text=True, encoding="utf-8",
                          env=_env(shared_home), cwd=PROJECT_ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    moved = [p for p in db.parent.iterdir() if ".unusable-" in p.name]
    assert len(moved) == 1 and moved[0].read_bytes().startswith(b"\x00garbage")
    assert "onbruikbaar" in proc.stderr and str(moved[0]) in proc.stderr
    assert _record("na crash").step0.need == "Containers vol"


def test_unusable_data_dir_gives_a_clear_error_and_exit_1(shared_home, tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the data dir should be")
    env = _env(shared_home) | {"STAPPENPLAN_DATA_DIR": str(blocker / "data")}
    for args in (["chat", "--plain"], ["projects"]):
        proc = subprocess.run([PYTHON, "-m", "assistant", *args], input="", capture_output=True, text=True,
                              encoding="utf-8", env=env, cwd=PROJECT_ROOT, timeout=60)
        assert proc.returncode == 1, args
        assert "gegevensmap" in proc.stderr and "Traceback" not in proc.stderr


# ---------------------------------------------------------------------------------------------
# issue 22: at a terminal, a saved answer is not echoed back a second time
# ---------------------------------------------------------------------------------------------
class _Typed(io.StringIO):
    """Standard input as a terminal: the lines a user types."""

    def __init__(self, text: str, tty: bool) -> None:
        super().__init__(text)
        self._tty = tty

    def isatty(self) -> bool:
        return self._tty


@pytest.mark.parametrize("tty", [True, False])
def test_plain_chat_echoes_an_answer_only_when_input_is_not_a_terminal(monkeypatch, capsys, tty):
    from assistant.cli.main import main

    monkeypatch.setattr(sys, "stdin", _Typed("Containers raken onvoorspelbaar vol\n", tty))
    assert main(["chat", "--plain", "--project", "Echo"]) == 0
    out = capsys.readouterr().out
    said = "Opgeslagen bij “Welke behoefte heeft uw organisatie precies?”"
    assert (f"{said}: Containers raken onvoorspelbaar vol\n" in out) is (not tty)
    assert (f"{said}.\n" in out) is tty


def test_plain_chat_says_a_question_in_full_once_and_after_a_command_in_one_line(monkeypatch, capsys):
    # the whole question (help, example: 12 to 15 lines) came again after every command and
    # every line added to a list: a screen reader read it all each time
    from assistant.cli.main import main

    plan = load_plan("nl")
    who, technologies = plan.step(0).questions[1], plan.step(1).questions[0]
    typed = ["Containers raken onvoorspelbaar vol", "/help", "/begrip TRL", "/stap 12", "/export pdf", "/export md",
             "/stap 1", "Vulgraadsensoren (pilots)", "Slimme routeplanning (marktverkenning)"]
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n".join(typed) + "\n"))
    main(["chat", "--plain", "--project", "Eenmaal"])
    out = capsys.readouterr().out
    for q in (who, technologies):
        assert out.count(q.help.strip()) == 1 and out.count(q.example.strip()) == 1
    assert out.count("Terug naar de vraag: Vraag 2 van 8 · verplicht · Wie ervaart deze behoefte?\n") == 5
    # in one line after the list's first line only: after each, a piped list repeated it
    assert out.count(f"Vraag 1 van 3 · verplicht · {' '.join(technologies.prompt.split())}\n") == 1


def test_plain_chat_shows_one_step_of_the_record_with_dossier_n(monkeypatch, capsys):
    # the record's later steps could only be read in a whole /dossier; `/dossier 7` gives step 7
    from assistant.cli.main import main

    typed = ["/stap 7", "Proeftuin", "/dossier 7", "/dossier 99"]
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n".join(typed) + "\n"))
    assert main(["chat", "--plain", "--project", "Stapdossier"]) == 0
    out = capsys.readouterr().out
    shown = out.split("Dossier · Stapdossier", 1)[1]
    assert "Stap 7 · Traject ontwerpen" in shown and "proeftuin" in shown and "Controles:" in shown
    assert "Stap 0 · " not in shown and "Stap 99 bestaat niet" in shown


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_step_title_is_a_heading_read_once_set_apart_by_space(monkeypatch, capsys, lang):
    # a line of "=" above and under every step's title: a screen reader read both out as noise
    from assistant.cli.main import main

    monkeypatch.setattr(sys, "stdin", _Typed("/stap 2\n", False))
    assert main(["--lang", lang, "chat", "--plain", "--project", "Koppen"]) == 0
    lines = capsys.readouterr().out.splitlines()
    plan = load_plan(lang)
    for n in (0, 2):
        at = next(i for i, line in enumerate(lines) if line.endswith(f"{n} · {plan.step(n).title}"))
        assert lines[at - 1] == lines[at + 1] == ""
    assert not any(set(line) == {"="} for line in lines)


def test_stop_at_a_terminal_says_that_all_is_saved(monkeypatch, capsys):
    # "/stop" printed nothing at all: a screen reader user heard no end
    from assistant.cli.main import main

    monkeypatch.setattr(sys, "stdin", _Typed("/stop\n", True))
    assert main(["chat", "--plain", "--project", "Stop"]) == 0
    assert "Gestopt. Alles is opgeslagen; de volgende keer gaat u verder waar u was." in capsys.readouterr().out


def test_without_a_project_name_english_opens_my_project_and_resumes_a_dutch_one(monkeypatch, capsys):
    # "Welcome to project Mijn project." greeted English users
    import io

    from assistant.cli.main import main
    from assistant.core.settings import load_settings
    from assistant.store import Store

    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert main(["--lang", "en", "chat", "--plain"]) == 0
    assert "Welcome to project My project." in capsys.readouterr().out
    with Store(load_settings().database_path) as store:
        store.delete_project(store.find_project("My project").id)
        store.create_project("Mijn project")
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert main(["--lang", "en", "chat", "--plain"]) == 0  # the default made in Dutch is resumed
    assert "project Mijn project" in capsys.readouterr().out
    with Store(load_settings().database_path) as store:
        assert [p.name for p in store.list_projects()] == ["Mijn project"]


@pytest.mark.parametrize("leave", ["quit", "exit", "/stop", "/quit", "/afsluiten", "stop", "Stop.", "stoppen"])
def test_quit_or_stop_leaves_the_conversation_and_is_stored_nowhere(monkeypatch, capsys, leave):
    # "exit" was saved as the answer to the question asked, "/quit" was an unknown command;
    # "stop", which the README says ends it, was saved as the answer too
    import io

    from assistant.cli.main import main
    from assistant.core.settings import load_settings
    from assistant.store import Store

    monkeypatch.setattr(sys, "stdin", io.StringIO(f"Containers raken vol\n{leave}\nBewoners\n"))
    assert main(["chat", "--plain", "--project", "Stoppen"]) == 0
    assert "Onbekende opdracht" not in capsys.readouterr().out
    with Store(load_settings().database_path) as store:
        record = store.load_record(store.find_project("Stoppen").id, rec.ProjectRecord)
    assert (record.step0.need, record.step0.who) == ("Containers raken vol", "")


def test_input_lines_read_utf8_and_a_legacy_line_as_windows_1252():
    from assistant.cli.common import text_lines

    legacy: list[int] = []
    raw = [b"\xef\xbb\xbfEerste regel\r\n", "één\n".encode(), "coöperatie én €5\n".encode("cp1252"), b"laatste"]
    lines = list(text_lines(raw, lambda: legacy.append(1)))
    assert lines == ["Eerste regel\n", "één\n", "coöperatie én €5\n", "laatste"]
    assert legacy == [1]  # only the line that was not UTF-8


def test_an_answer_piped_in_windows_1252_is_kept_with_its_accents_and_said_once(monkeypatch, capsys):
    # piped from a file saved by an older Windows editor, "één" was stored as "��n"
    from assistant.cli.main import main

    typed = "Eén kruispunt met één verkeerslicht\nDe coördinator\n".encode("cp1252")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(typed), encoding="utf-8"))
    assert main(["chat", "--plain", "--project", "Accenten"]) == 0
    err = capsys.readouterr().err
    assert err.count("niet in UTF-8") == 1 and "Windows-1252" in err
    record = _record("Accenten")
    assert (record.step0.need, record.step0.who) == ("Eén kruispunt met één verkeerslicht", "De coördinator")


def test_the_language_chosen_in_the_app_and_its_last_project_are_plain_modes_too(monkeypatch, capsys):
    # chosen English in the app, `chat --plain` greeted in Dutch, and made an empty "Mijn project"
    # beside the user's own, which the app then opened
    from assistant.cli.main import main
    from assistant.core.prefs import remember

    settings = load_settings()
    remember(settings, "language", "en")
    with Store(settings.database_path) as store:
        store.create_project("Practice: chatbot")
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert main(["chat", "--plain"]) == 0
    assert "Welcome to project Practice: chatbot." in capsys.readouterr().out
    with Store(settings.database_path) as store:
        assert [p.name for p in store.list_projects()] == ["Practice: chatbot"]
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert main(["--lang", "nl", "chat", "--plain"]) == 0  # a flag still decides
    assert "Welkom terug bij project Practice: chatbot." in capsys.readouterr().out


def test_a_project_made_in_english_reopens_in_english_without_a_language_asked_for(monkeypatch, capsys):
    # made with --lang en, `chat --plain --project` greeted it in Dutch the next time
    from assistant.cli.main import main

    monkeypatch.setattr(sys, "stdin", io.StringIO("We need better dike inspection\n"))
    assert main(["chat", "--plain", "--lang", "en", "--project", "Smart Dike"]) == 0
    capsys.readouterr()
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert main(["chat", "--plain", "--project", "Smart Dike"]) == 0
    assert capsys.readouterr().out.startswith("Welcome back to project Smart Dike.")
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert main(["chat", "--plain", "--lang", "nl", "--project", "Smart Dike"]) == 0  # a flag still decides
    assert capsys.readouterr().out.startswith("Welkom terug bij project Smart Dike.")


def test_an_empty_project_name_is_refused_not_taken_for_the_default(monkeypatch, capsys):
    from assistant.cli.main import main

    monkeypatch.setattr(sys, "stdin", io.StringIO("Containers raken vol\n"))
    assert main(["chat", "--plain", "--project", ""]) == 1
    assert "mag niet leeg zijn" in capsys.readouterr().err
    with Store(load_settings().database_path) as store:
        assert store.list_projects() == []


def test_an_answer_cut_to_the_limit_ends_the_plain_mode_with_status_1(monkeypatch, capsys):
    # 30,000 characters piped in kept 20,000, and the status said all was well
    from assistant.cli.main import main

    monkeypatch.setattr(sys, "stdin", io.StringIO("Lang " + "z" * 30_000 + "\n"))
    assert main(["chat", "--plain", "--project", "Lang"]) == 1
    out, err = capsys.readouterr()
    # said as what happened: kept in part ("niet opgeslagen" contradicted the line above it)
    assert "de eerste 20000 tekens zijn bewaard" in out
    assert "1 invoer ingekort bewaard" in err and "niet opgeslagen" not in err


def test_an_answer_cut_to_the_limit_is_quoted_back_by_its_start(monkeypatch, capsys):
    # 200,000 x's to a yes-or-no question were quoted back as "open,…", as if "open" was saved
    from assistant.cli.main import main

    monkeypatch.setattr(sys, "stdin", io.StringIO("/stap 0 4\n" + "x" * 200_000 + "\n"))
    assert main(["chat", "--plain", "--project", "Lang"]) == 1
    out = capsys.readouterr().out
    quoted = out.split("Opgeslagen bij “Is er voldoende draagvlak in de organisatie?”:")[1].split("\n")[0]
    assert quoted.startswith(" (nog geen ja of nee) xxxxxxxxxx") and quoted.endswith("x…"), quoted[:80]
    assert len(quoted) > 200


def test_piped_stop_says_goodbye_as_at_a_terminal(monkeypatch, capsys):
    # typed at a terminal, /stop said that everything was saved; piped in, it printed nothing
    from assistant.cli.main import main

    monkeypatch.setattr(sys, "stdin", io.StringIO("Containers raken vol\n/stop\n"))
    assert main(["chat", "--plain", "--project", "Weg"]) == 0
    assert capsys.readouterr().out.rstrip().endswith("Gestopt. Alles is opgeslagen; de volgende keer gaat u verder waar u was.")


def test_the_project_opened_last_opens_next_not_a_copy_imported_since(monkeypatch, capsys, tmp_path):
    # after `import`, the app and the plain mode reopened the imported copy: it had changed last
    from assistant.cli.main import main
    from assistant.core.settings import load_settings
    from assistant.tui.session import Workspace

    for name in ("Dijk", "Weg"):
        monkeypatch.setattr(sys, "stdin", io.StringIO("Het water stijgt\n"))
        assert main(["chat", "--plain", "--project", name]) == 0
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert main(["chat", "--plain", "--project", "Dijk"]) == 0  # opened last
    assert main(["export", "--project", "Weg", "-f", "json", "-o", str(tmp_path / "weg.json")]) == 0
    assert main(["import", str(tmp_path / "weg.json"), "--name", "Weg kopie"]) == 0  # a copy, changed last
    capsys.readouterr()
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert main(["chat", "--plain"]) == 0
    assert "project Dijk." in capsys.readouterr().out
    workspace = Workspace(load_settings())
    try:
        assert workspace.last_project().name == "Dijk"
    finally:
        workspace.store.close()


def test_a_former_name_or_part_of_a_name_asks_which_project_was_meant_and_makes_nothing(monkeypatch, capsys, tmp_path):
    # after a rename, `--project "Parkeren binnenstad"` greeted a new, empty project by the old
    # name; `--project Jeugdzorg` beside "Jeugdzorg/WMO matching" did the same
    from assistant.cli.main import main

    with Store(load_settings().database_path) as store:
        parking = store.create_project("Parkeren binnenstad")
        store.update_project(parking.id, name="Parkeren binnenstad / Vughterpoort 🚗")
        store.create_project("Jeugdzorg/WMO matching")
    for typed, meant in (("Parkeren binnenstad", "Parkeren binnenstad / Vughterpoort 🚗"),
                         ("jeugdzorg", "Jeugdzorg/WMO matching"), ("Vughterpoort", "Parkeren binnenstad / Vughterpoort 🚗")):
        monkeypatch.setattr(sys, "stdin", io.StringIO("/stop\n"))
        assert main(["chat", "--plain", "--project", typed]) == 1
        captured = capsys.readouterr()
        assert "Welkom" not in captured.out and f"Bedoelde u dat? Open het met --project '{meant}'" in captured.err
        assert main(["export", "--project", typed, "-f", "md", "-o", str(tmp_path / "x.md")]) == 1
        assert f"Bedoelde u '{meant}'?" in capsys.readouterr().err
    with Store(load_settings().database_path) as store:
        assert len(store.list_projects()) == 2


def test_new_with_the_name_of_a_project_there_says_it_was_opened(monkeypatch, capsys):
    # `--new` opened the project there ("Welkom terug") as if it were the new one asked for
    from assistant.cli.main import main

    monkeypatch.setattr(sys, "stdin", io.StringIO("Het fietspad is te smal\n"))
    assert main(["chat", "--plain", "--project", "Fietspad"]) == 0
    capsys.readouterr()
    monkeypatch.setattr(sys, "stdin", io.StringIO("/stop\n"))
    assert main(["chat", "--plain", "--project", "FIETSPAD", "--new"]) == 0
    err = capsys.readouterr().err
    assert "er is al een project “Fietspad”; --new begint geen tweede" in err and "geopend" in err
    with Store(load_settings().database_path) as store:
        assert [p.name for p in store.list_projects()] == ["Fietspad"]


def test_a_typo_in_the_project_name_asks_whether_another_was_meant_and_makes_nothing(monkeypatch, capsys, tmp_path):
    # `chat --plain --project Fietspadd` began a new, empty project beside "Fietspad"
    from assistant.cli.main import main

    monkeypatch.setattr(sys, "stdin", io.StringIO("Het fietspad is te smal\n"))
    assert main(["chat", "--plain", "--project", "Fietspad"]) == 0
    monkeypatch.setattr(sys, "stdin", io.StringIO("Het fietspad is te druk\n"))
    assert main(["chat", "--plain", "--project", "Fietspadd"]) == 1
    assert "Bedoelde u dat? Open het met --project 'Fietspad'" in capsys.readouterr().err
    with Store(load_settings().database_path) as store:
        assert [p.name for p in store.list_projects()] == ["Fietspad"]
    assert _record("Fietspad").step0.need == "Het fietspad is te smal"
    assert main(["export", "--project", "fietspat", "-f", "md", "-o", str(tmp_path / "f.md")]) == 1
    assert "Bedoelde u 'Fietspad'?" in capsys.readouterr().err
    monkeypatch.setattr(sys, "stdin", io.StringIO("Het fietspad is te druk\n"))
    assert main(["chat", "--plain", "--project", "Fietspadd", "--new"]) == 0  # meant new after all
    assert _record("Fietspadd").step0.need == "Het fietspad is te druk"


def test_piped_lines_that_could_be_questions_each_answer_one_question(monkeypatch, capsys):
    # a need put as "Hoe kunnen we …?" got "1 or 2?", the next line was taken as the reply to it:
    # the need was dropped and every later line stored one question early, with status 0
    from assistant.cli.main import main

    lines = ["Hoe kunnen we fietspaden sneller repareren?", "Fietsers en bewoners.", "Omdat meldingen nu op papier gaan."]
    monkeypatch.setattr(sys, "stdin", _Typed("\n".join(lines) + "\n", False))
    assert main(["chat", "--plain", "--project", "Amb"]) == 0
    out = capsys.readouterr().out
    assert "Typ 1 (antwoord) of 2 (vraag)" not in out and "laten liggen" not in out
    assert "Ik neem “Hoe kunnen we fietspaden sneller repareren?” als antwoord op de vraag" in out
    assert "typ dan /vraag met de vraag erachter" in out
    record = _record("Amb")
    assert (record.step0.need, record.step0.who, record.step0.why_digital) == tuple(lines)


def test_a_piped_semicolon_line_ending_in_a_question_is_stored_and_says_ask_would_ask_it(monkeypatch, capsys):
    # the ";" made it read as a list's answer: stored whole without the note README promises
    from assistant.cli.main import main

    line = "De dijkinspecteurs; de omwonenden — is dat genoeg?"
    monkeypatch.setattr(sys, "stdin", _Typed(f"Dijken worden handmatig geïnspecteerd\n{line}\n", False))
    assert main(["chat", "--plain", "--project", "Dijk", "--lexical"]) == 0
    out = capsys.readouterr().out
    assert f"Ik neem “{line}” als antwoord op de vraag" in out and "typ dan /vraag met de vraag erachter" in out
    assert _record("Dijk").step0.who == line


def test_input_that_ends_while_answer_or_question_is_asked_says_the_line_was_not_saved(monkeypatch, capsys):
    # the line was dropped without a word, with status 0 (asked at a terminal or in the app, the
    # choice waits in the project; piped input that ends before it is chosen says so)
    from assistant.cli.main import main
    from assistant.services.conversation import open_conversation

    with Store(load_settings().database_path) as store:
        asked = open_conversation(load_settings(), store, "Open keuze", lang="nl", guidance=None)
        asked.start()
        asked.handle("hoe lang duurt zo'n traject meestal")
        assert asked.awaiting_choice
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert main(["chat", "--plain", "--project", "Open keuze"]) == 1
    err = capsys.readouterr().err
    assert "“hoe lang duurt zo'n traject meestal” een antwoord (1) of een vraag (2)" in err
    assert _record("Open keuze").step0.need == ""
    monkeypatch.setattr(sys, "stdin", io.StringIO("1\n"))  # asked again next time: nothing lost
    assert main(["chat", "--plain", "--project", "Open keuze"]) == 0
    assert _record("Open keuze").step0.need == "hoe lang duurt zo'n traject meestal"


class _Terminal:
    """`chat --plain` in a pseudo-terminal that is its controlling terminal (ctrl+c is a signal),
    80 columns wide, as a user's: keys are sent as a terminal sends them."""

    def __init__(self, shared_home: Path, *args: str, env: dict[str, str] | None = None) -> None:
        import fcntl
        import struct
        import termios

        import readline  # noqa: F401 - part of the supported platform: missing, this fails, not skips

        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 80, 0, 0))

        def controlling_terminal() -> None:
            os.setsid()
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)

        env = dict(_env(shared_home), PYTHONPATH=str(PROJECT_ROOT / "src"), TERM="xterm", **(env or {}))
        self.proc = subprocess.Popen([PYTHON, "-m", "assistant", "chat", "--plain", "--lexical", *args],
                                     stdin=slave, stdout=slave, stderr=slave, env=env,
                                     preexec_fn=controlling_terminal)
        os.close(slave)
        self.seen = b""

    def read(self, until: bytes | None = b"> ", seconds: float = 60) -> bytes:
        """What comes until the prompt `until` and the program waits (None: for `seconds`)."""
        import select

        start, deadline = len(self.seen), time.monotonic() + seconds
        while time.monotonic() < deadline:
            if select.select([self.master], [], [], 0.2)[0]:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:  # the program ended
                    break
                if not chunk:
                    break
                self.seen += chunk
            elif until is not None and self.seen.endswith(until):
                break
        return self.seen[start:]

    def send(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def status(self) -> int:
        return self.proc.wait(timeout=30)

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        os.close(self.master)


_LEFT, _UP, _BACKSPACE, _ENTER = "\x1b[D", "\x1b[A", "\x7f", "\r"


def _pasted(text: str) -> str:
    """`text` as a terminal pastes it where the program asked for bracketed paste."""
    return f"\x1b[200~{text}\x1b[201~"


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal")
def test_at_a_terminal_a_line_is_edited_a_paste_waits_for_enter_and_up_brings_a_line_back(shared_home):
    # ← and backspace were stored as "^[[D" and "[7"; a paste without a final newline was sent at
    # once and the next thing typed was stored with its last line; ↑ printed "^[[A"
    terminal = _Terminal(shared_home, "--project", "Bewerkt")
    try:
        terminal.read()
        terminal.send("TRL 8 bereikt" + _LEFT * 8 + _BACKSPACE + "7" + _ENTER)  # 8 -> 7
        assert "Vraag 2 van 8" in terminal.read().decode()
        terminal.send(_pasted("Gemalen schakelen te laat op\nDaardoor lopen polders onder"))
        assert b"Opgeslagen" not in terminal.read(None, seconds=1.5)  # nothing sent before enter
        terminal.send(_ENTER)
        assert "Vraag 3 van 8" in terminal.read().decode()
        terminal.send(_UP + _ENTER)  # the paste again
        assert "Vraag 4 van 8" in terminal.read().decode()
        terminal.send("\x04")  # ctrl+d
        said = terminal.read(None, seconds=30).decode()
        assert terminal.status() == 0
    finally:
        terminal.close()
    assert "^[" not in terminal.seen.decode() and said.endswith(f"\r\n{_BYE}\r\n")
    record = _record("Bewerkt")
    paste = ["Gemalen schakelen te laat op", "Daardoor lopen polders onder"]
    assert record.step0.need == "TRL 7 bereikt"
    assert [line.strip("- ") for line in record.step0.who.splitlines()] == paste
    assert [line.strip("- ") for line in record.step0.why_digital.splitlines()] == paste


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal")
@pytest.mark.parametrize("io_encoding", ["", "utf-8"])
def test_at_a_terminal_in_a_c_locale_what_backspace_leaves_of_a_character_is_dropped_and_said_once(
        shared_home, io_encoding):
    # LANG=C: readline's Backspace erases one byte of "€", not the character; the two bytes left
    # reached the database as surrogates, and the answer was lost with a traceback (with
    # PYTHONIOENCODING=utf-8, stdin strict: input() raised UnicodeDecodeError)
    terminal = _Terminal(shared_home, "--project", "Bytes",
                         env={"LANG": "C", "LC_ALL": "C", "PYTHONIOENCODING": io_encoding})
    try:
        terminal.read()
        terminal.send("ja, tot € 1 mln €" + _BACKSPACE + _ENTER)
        assert "Vraag 2 van 8" in terminal.read().decode(errors="replace")
        terminal.send("bewoners é" + _BACKSPACE + _ENTER)  # a 2-byte character: its first byte left
        assert "Vraag 3 van 8" in terminal.read().decode(errors="replace")
        terminal.send("\x04")  # ctrl+d
        terminal.read(None, seconds=30)
        assert terminal.status() == 0
    finally:
        terminal.close()
    said = " ".join(terminal.seen.decode(errors="replace").split())
    assert "Traceback" not in said
    assert said.count("een teken in wat u typte kon niet worden gelezen en is weggelaten") == 1
    record = _record("Bytes")
    assert (record.step0.need, record.step0.who) == ("ja, tot € 1 mln", "bewoners")


def test_a_terminals_line_is_read_as_utf8_where_the_locale_reads_ascii_without_what_is_not(monkeypatch, capsys):
    # LANG=C without Python's UTF-8 mode: stdin is ASCII, "€" came as three undecodable bytes;
    # a byte-wise erase at a terminal without iutf8 leaves two bytes of the last "€"
    from assistant.cli.common import TerminalInput, stdin_lines

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(), encoding="ascii", errors="surrogateescape"))
    read_end, write_end = os.pipe()
    try:
        os.write(write_end, "ja, tot € 1 mln €".encode()[:-1] + "\nnog één\n".encode())
        os.close(write_end)
        lines = list(stdin_lines("en", TerminalInput(read_end)))
    finally:
        os.close(read_end)
    assert lines == ["ja, tot € 1 mln \n", "nog één\n"]
    assert capsys.readouterr().err.count("a character in what you typed could not be read") == 1


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal")
def test_at_a_terminal_ctrl_c_in_a_block_keeps_its_lines_and_says_so_on_lines_of_their_own(shared_home):
    terminal = _Terminal(shared_home, "--project", "Blokkeren")
    try:
        terminal.read()
        terminal.send('"""' + _ENTER)
        terminal.read(b"... ")
        terminal.send("bewoners" + _ENTER)
        terminal.read(b"... ")
        terminal.send("half getypt")
        terminal.read(None, seconds=0.5)
        terminal.send("\x03")  # ctrl+c
        said = terminal.read(None, seconds=30).decode()
        assert terminal.status() == 130
    finally:
        terminal.close()
    lines = said.replace("\x1b[?2004l", "").split("\r\n")
    assert "Opgeslagen bij “Welke behoefte heeft uw organisatie precies?”." in lines
    stopped = " ".join(lines[next(i for i, line in enumerate(lines) if line.startswith("Afgebroken")):])
    assert stopped.split() == "Afgebroken. Wat u al verstuurde, is bewaard; de regel die u nog aan het typen was niet.".split()
    assert _record("Blokkeren").step0.need == "bewoners"


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal")
def test_lines_pasted_at_a_terminal_are_one_answer(shared_home):
    # rows pasted from a spreadsheet into `chat --plain` were an answer each: the header row was
    # stored as a criterion, and a row was taken as the answer to a follow-up question
    import select

    master, slave = os.openpty()
    env = dict(_env(shared_home), PYTHONPATH=str(PROJECT_ROOT / "src"))
    proc = subprocess.Popen([PYTHON, "-m", "assistant", "chat", "--plain", "--project", "Geplakt"],
                            stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True)
    os.close(slave)
    seen = b""

    def read_until(marker: bytes, seconds: float = 60) -> None:
        """Until the prompt, and the program quiet for a while: it waits for input."""
        nonlocal seen
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if select.select([master], [], [], 0.5)[0]:
                chunk = os.read(master, 65536)
                if not chunk:
                    break
                seen += chunk
            elif seen.rstrip(b" ").endswith(marker.rstrip()):
                break

    try:
        read_until(b"> ")
        os.write(master, b"/stap 4\n")
        read_until(b"> ")
        seen = b""
        os.write(master, b"Criterium\tDoel\tEis\nZoekverkeer daalt\t30% minder\tgeen\n"
                         b"Tevreden bewoners\tcijfer 8 of hoger\t\n")  # at once, as a paste
        read_until(b"> ")
        os.write(master, b"/stop\n")
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)
    criteria = _record("Geplakt").step4.criteria
    assert [(c.text, c.target) for c in criteria] == [("Zoekverkeer daalt", "30% minder"),
                                                      ("Tevreden bewoners", "cijfer 8 of hoger")]


def test_plain_text_is_wrapped_between_words_and_a_quote_keeps_its_mark():
    from assistant.cli.common import plain_heading, wrap_plain

    text = ("Een marktconsultatie is een manier om marktpartijen te raadplegen.\n"
            "> “Bij deze voorselectie bepaalt u welke technologieën de meeste potentie hebben.”\n"
            "[1] Handreiking: stappenplan voor het inkopen en ontwikkelen · Stap 2\n"
            "- Per kandidaat: potentie, volwassenheid (TRL), aansluiting bij de organisatie\n"
            "zie https://www.pianoo.nl/nl/themas/innovatiegericht-inkopen/een-lange-link")
    assert wrap_plain(text, None) == text  # piped: every line whole
    lines = wrap_plain(text, 30).split("\n")
    assert all(len(line) <= 30 for line in lines if " " in line.strip())  # a link stays whole
    assert " ".join(text.replace("\n> ", " ").split()) == " ".join(" ".join(lines).replace(" > ", " ").split())
    quote = [line for line in lines if "voorselectie" in line or "potentie hebben" in line]
    assert quote[0].startswith("> “") and all(line.startswith("> ") for line in quote)
    assert "    ontwikkelen · Stap 2" in lines and "  volwassenheid (TRL)," in lines  # under the text, not the mark
    assert plain_heading("Stap 2 · Maak een voorselectie van relevante technologieën", 30).split("\n") == [
        "", "Stap 2 · Maak een voorselectie", "van relevante technologieën"]


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal")
def test_chat_at_a_terminal_breaks_its_lines_between_words_at_its_width(shared_home):
    # a terminal cut words in half ("inkop|en") where a line was wider than it; piped, the lines
    # stay whole
    import fcntl
    import re
    import struct
    import termios

    from rich.cells import cell_len

    env = dict(_env(shared_home), PYTHONPATH=str(PROJECT_ROOT / "src"))
    command = [PYTHON, "-m", "assistant", "chat", "--plain", "--project", "Smal"]
    piped = subprocess.run(command, input="/stap 2\n", capture_output=True, text=True, env=env, timeout=120).stdout
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 48, 0, 0))
    proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=slave, stderr=subprocess.DEVNULL, env=env)
    os.close(slave)
    proc.communicate(b"/stap 2\n", timeout=120)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the other end closed
            break
        if not chunk:
            break
        seen += chunk
    os.close(master)
    shown = seen.decode("utf-8").replace("\r\n", "\n")

    def step_2(out: str) -> str:
        return out[out.index("Stap 2 · Maak"):]

    def words(out: str) -> str:  # without the quotes' marks and the title's frame
        return " ".join(re.sub(r"(?m)^(?:(?:> ?)+|=+$)", "", out).split())

    assert any(cell_len(line) > 48 for line in piped.splitlines())
    assert all(cell_len(line) <= 48 for line in shown.splitlines() if " " in line.strip())
    assert words(step_2(shown)) == words(step_2(piped))  # no word cut, lost or added
    # a quote is set off by its indent ("> " read as the prompt): its wrapped lines keep it
    quoted = [line for line in step_2(shown).splitlines() if line.startswith(QUOTE_INDENT)]
    assert len(quoted) > 2 and not any(line.startswith(">") for line in step_2(shown).splitlines())
    assert len(quoted) > len([line for line in step_2(piped).splitlines() if line.startswith(QUOTE_INDENT)])


@pytest.mark.skipif(sys.platform == "win32", reason="waits on a file descriptor")
def test_lines_typed_ahead_while_busy_stay_answers_of_their_own():
    # "ja" and "nee" typed while the program was busy were there before it waited: two answers,
    # as before; lines that come together while it waits are one (a paste)
    from assistant.cli.common import TerminalInput

    read_end, write_end = os.pipe()
    try:
        os.write(write_end, b"ja\nnee\n")  # typed ahead
        source = TerminalInput(read_end)
        lines = (line.decode() for line in source)
        turns = read_turns(lines, pasted=source.waiting)
        assert [next(turns), next(turns)] == ["ja", "nee"]
        threading.Timer(0.2, os.write, (write_end, b"eis een\neis twee\n")).start()  # while it waits
        assert next(turns) == "eis een\neis twee"
    finally:
        os.close(write_end)
        os.close(read_end)


def test_a_source_whose_quote_the_answer_reads_out_is_named_not_read_again():
    # read out to a screen reader, every sentence of an extractive answer came twice: in the
    # answer and again under its source
    from assistant.knowledge.types import Answer, Chunk, Citation, Passage
    from assistant.plan.conversation import Turn

    def passage(text: str) -> Passage:
        return Passage(Chunk("c1", "000", "Handreiking", "Stap 6", text, step=6), rank=1, score=1.0)

    said = "Intellectueel eigendom speelt een rol."
    other = "De opdrachtgever maakt afspraken over licenties."
    answer = Answer("Wie is eigenaar?", True, f"{said} [1] Zo ook elders. [2]",
                    [Citation(1, passage(said), f"“{said}”"), Citation(2, passage(other), other)])
    text = render_turn(Turn("assistant", "guidance", answer.text, citations=answer.citations, answer=answer))
    sources = text.split("Bronnen:", 1)[1]
    assert "[1] Handreiking · Stap 6" in sources and said not in sources  # named, not read again
    assert "[2] Handreiking · Stap 6" in sources and other in sources  # not in the answer: quoted
    # items of one list quoted apart ("a … b") are read out when each is in the answer
    listed = Answer("?", True, "- Eerste punt [1]\n- Tweede punt [1]",
                    [Citation(1, passage("Eerste punt Tweede punt"), "Eerste punt … Tweede punt")])
    text = render_turn(Turn("assistant", "guidance", listed.text, citations=listed.citations, answer=listed))
    assert "Eerste punt" not in text.split("Bronnen:", 1)[1]


def test_a_source_before_its_documents_first_heading_is_named_by_its_document_alone():
    # the report's opening summary has no heading above it: its source read "Rapport … EZK · —"
    from assistant.cli.ask import format_answer
    from assistant.knowledge.types import Answer, Chunk, Citation, Passage
    from assistant.plan.conversation import Turn

    said = "De Werkgroep werd in 2021 gevraagd knelpunten te identificeren."
    passage = Passage(Chunk("c1", "002", "Rapport aan EZK", "", said), rank=1, score=1.0)
    answer = Answer("Wat deed de werkgroep?", True, f"{said} [1]", [Citation(1, passage, said)])
    plain = render_turn(Turn("assistant", "guidance", answer.text, citations=answer.citations, answer=answer))
    for text in (plain, format_answer(answer, "nl")):
        assert "[1] Rapport aan EZK" in text.splitlines() and "—" not in text


def test_plain_chat_says_once_in_its_language_that_a_folder_of_corpus_dirs_is_not_there(monkeypatch, capsys,
                                                                                         tmp_path):
    # `ask` and the app said it; the plain mode put it in the log, and a typo in the settings went unseen
    from assistant.cli.main import main

    missing = tmp_path / "bestaat-niet"
    monkeypatch.setenv("STAPPENPLAN_CORPUS_DIRS", str(missing))
    monkeypatch.setattr(sys, "stdin", io.StringIO("What is SBIR?\nWhat is a market consultation?\n"))
    main(["--lang", "en", "chat", "--plain", "--project", "Typo"])
    err = capsys.readouterr().err
    assert err.count(f"skipped {missing}: folder does not exist\n") == 1 and "map bestaat niet" not in err


def test_a_draft_line_reads_without_markdown_marks_in_plain_text():
    # chat --plain printed "… _(concept)_" after each drafted line
    from assistant.plan.conversation import Turn
    from assistant.plan.proposals import Proposal, ProposedChange, render_lines

    proposal = Proposal(changes=[ProposedChange(path="step4.criteria", label="Criteria", mode="append",
                                                value="Gebruiksgemak", display="Gebruiksgemak", draft=True)],
                        draft=True)
    shown = render_turn(Turn("assistant", "proposal", "\n".join(render_lines(proposal, "nl"))))
    assert "Gebruiksgemak (concept)" in shown and "_" not in shown


_BYE = "Gestopt. Alles is opgeslagen; de volgende keer gaat u verder waar u was."


@pytest.mark.parametrize("tty", [True, False])
def test_ctrl_d_at_a_terminal_says_goodbye_as_stop_does(monkeypatch, capsys, tty):
    # ctrl+d on an empty prompt ended in silence, where /stop and `learn --plain` say goodbye;
    # piped in, the input's end says nothing, as before
    from assistant.cli.main import main

    monkeypatch.setattr(sys, "stdin", _Typed("", tty))
    assert main(["chat", "--plain", "--project", "Eind"]) == 0
    out = capsys.readouterr().out
    assert out.endswith(f"> \n{_BYE}\n") if tty else _BYE not in out


class _TypedThenInterrupted(_Typed):
    """A terminal's input where ctrl+c comes after the lines typed."""

    def __next__(self) -> str:
        line = self.readline()
        if not line:
            raise KeyboardInterrupt
        return line


def test_the_input_ending_in_a_block_starts_a_new_line_and_asks_nothing_more(monkeypatch, capsys):
    # after ctrl+d in an open """ block, "... 2 regels toegevoegd …" began on the prompt's line,
    # and the next question came before the program ended
    from assistant.cli.main import main

    monkeypatch.setattr(sys, "stdin", _Typed('Containers raken vol\n"""\nbewoners\nchauffeurs\n', True))
    assert main(["chat", "--plain", "--project", "Blok"]) == 0
    out = capsys.readouterr().out
    stored = "Opgeslagen bij “Wie ervaart deze behoefte?”"
    assert f"... ... ... \n{stored}" in out and "Vraag 3 van 8" not in out
    assert out.rstrip().endswith(_BYE)
    assert _record("Blok").step0.who.split() == ["bewoners", "chauffeurs"]


def test_ctrl_c_in_a_block_keeps_its_lines_on_a_new_line_and_says_the_line_typed_is_lost(monkeypatch, capsys):
    from assistant.cli.main import main

    monkeypatch.setattr(sys, "stdin", _TypedThenInterrupted('Containers raken vol\n"""\nbewoners\n', True))
    assert main(["chat", "--plain", "--project", "Blok"]) == 130
    said = capsys.readouterr()
    assert "... ... \nOpgeslagen bij “Wie ervaart deze behoefte?”" in said.out and "Vraag 3 van 8" not in said.out
    assert said.err.strip() == ("Afgebroken. Wat u al verstuurde, is bewaard; de regel die u nog aan het typen "
                                "was niet.")


class _StopsWhileAnswering(io.StringIO):
    """A terminal's output where ctrl+c comes while the answer to a line is being written."""

    def write(self, text: str) -> int:
        if "Opgeslagen" in text:
            raise KeyboardInterrupt
        return super().write(text)


def test_ctrl_c_says_no_line_was_lost_where_none_was_being_typed(monkeypatch, capsys):
    # "… de regel die u nog aan het typen was niet" came while the app was answering, and at
    # "Typ 1 (antwoord) of 2 (vraag)" with nothing typed
    from assistant.cli.main import main

    sent_only = "Afgebroken. Wat u al verstuurde, is bewaard."
    monkeypatch.setattr(sys, "stdin", _Typed("Containers raken vol\n", True))
    monkeypatch.setattr(sys, "stdout", _StopsWhileAnswering())
    assert main(["chat", "--plain", "--project", "Bezig"]) == 130
    assert capsys.readouterr().err.strip() == sent_only
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    monkeypatch.setattr(sys, "stdin", _TypedThenInterrupted("/stap 0 4\nWat is een marktconsultatie\n", True))
    assert main(["chat", "--plain", "--project", "Keuze"]) == 130
    assert "Typ 1 (antwoord) of 2 (vraag)" in sys.stdout.getvalue()
    assert capsys.readouterr().err.strip() == sent_only


def test_an_amount_stays_with_its_currency_sign_and_a_numbered_column_keeps_its_indent():
    from assistant.cli.common import wrap_plain

    # "Maximaal €" / "250.000" at the line's end
    lines = wrap_plain("Budgetplafond: Maximaal € 250.000 voor ontwikkeling", 28).split("\n")
    assert lines == ["Budgetplafond: Maximaal", "€ 250.000 voor ontwikkeling"]
    # learn --plain's lessons: "gedaan" came under the number, not under the lesson's title
    lesson = "   2  Stap 2 · Maak een voorselectie van relevante technologieën — nog niet gedaan"
    assert wrap_plain(lesson, 80).split("\n") == [
        "   2  Stap 2 · Maak een voorselectie van relevante technologieën — nog niet",
        "      gedaan"]


def test_a_failed_export_points_to_the_command_that_writes_elsewhere(monkeypatch, capsys):
    # "… verplaats dat bestand of kies een andere map", while /export takes no folder
    from assistant.cli.main import main

    exports = load_settings().data_path / "exports"
    exports.parent.mkdir(parents=True, exist_ok=True)
    exports.write_text("in de weg", encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", io.StringIO("/export md\n/stop\n"))
    main(["chat", "--plain", "--project", "Fiets_*pad"])  # 1: something was not saved
    out = capsys.readouterr().out
    assert "Exporteren mislukt:" in out
    assert 'stappenplan export --project "Fiets_*pad" -o BESTAND' in out


def test_a_text_over_the_limit_at_a_terminal_is_refused_whole_on_a_line_of_its_own(monkeypatch, capsys):
    # a 200 KB paste was cut at 20,000 characters mid-word ("…waterstand sen") and stored, the
    # warning glued to the text; the app refuses it and keeps it
    from assistant.cli.main import main

    monkeypatch.setattr(sys, "stdin", _Typed("Peilbeheer " + "waterstand " * 3000 + "\nGemalen schakelen te laat\n",
                                             True))
    assert main(["chat", "--plain", "--project", "Te lang"]) == 0
    out = capsys.readouterr().out
    said = ("Niet opgeslagen: uw tekst telt 33.011 tekens, een antwoord hoogstens 20.000. "
            "Plak of typ hem in delen.")
    # on a line of its own: after the prompt, where the terminal's enter ended the line typed
    assert f"\n> {said}\n\n" in out and "ingekort" not in out
    assert _record("Te lang").step0.need == "Gemalen schakelen te laat"


def test_piped_lines_are_echoed_after_the_prompt_and_the_end_of_input_is_said(monkeypatch, capsys):
    # piped in, a transcript showed only the answers, not what they answered; at the end of the
    # input nothing was said, where /stop says that all is saved
    from assistant.cli.main import main

    monkeypatch.setattr(sys, "stdin", io.StringIO('Containers raken vol\n"""\nbewoners\n"""\n/help\n'))
    assert main(["chat", "--plain", "--project", "Verslag"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    start = lines.index("> Containers raken vol")
    assert lines[start - 1] == "" and lines[start + 1].startswith("Opgeslagen bij “Welke behoefte")
    assert lines[lines.index('> """') + 1:][:2] == ["... bewoners", '... """']
    assert "> /help" in lines
    assert out.endswith("\nEinde van de invoer. Alles is opgeslagen; de volgende keer gaat u verder waar u was.\n")


def test_the_organisation_given_for_a_project_that_is_there_is_set_and_said(monkeypatch, capsys):
    # `--organisation "Gemeente Utrecht"` for an existing project was ignored without a word
    from assistant.cli.main import main

    monkeypatch.setattr(sys, "stdin", io.StringIO("Het water stijgt\n"))
    assert main(["chat", "--plain", "--project", "Dijk"]) == 0
    capsys.readouterr()
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert main(["chat", "--plain", "--project", "Dijk", "--organisation", "Gemeente Utrecht"]) == 0
    assert "de organisatie van project “Dijk” is nu “Gemeente Utrecht”." in capsys.readouterr().err
    with Store(load_settings().database_path) as store:
        assert store.find_project("Dijk").organisation == "Gemeente Utrecht"
    assert _record("Dijk").step0.need == "Het water stijgt"


def test_help_in_plain_text_names_the_commands_that_list_projects_and_export_to_a_file(monkeypatch, capsys):
    from assistant.cli.main import main

    monkeypatch.setattr(sys, "stdin", io.StringIO("/help\n"))
    assert main(["chat", "--plain", "--project", "Hulp"]) == 0
    out = capsys.readouterr().out
    assert "stappenplan projects" in out and "stappenplan export --project NAAM -o BESTAND" in out


def test_chat_with_an_index_folder_it_cannot_make_answers_from_a_temporary_index_as_ask_does(tmp_path):
    # "De handreiking kan nu niet worden doorzocht: Indexmap … is niet schrijfbaar", where `ask`
    # answered the same question from a temporary index
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = dict(os.environ, STAPPENPLAN_HOME=str(tmp_path / "home"), STAPPENPLAN_INDEX_DIR=str(blocker / "index"),
               PYTHONIOENCODING="utf-8", TMPDIR=str(scratch))
    result = subprocess.run([sys.executable, "-m", "assistant", "chat", "--plain", "--lexical", "--project", "X"],
                            input="Wat is een SBIR?\n/stop\n", capture_output=True, text=True, env=env, timeout=180)
    assert result.returncode == 0, result.stderr
    assert "Bronnen:" in result.stdout and "niet worden doorzocht" not in result.stdout
    said = [line for line in result.stderr.splitlines() if str(blocker) in line]
    assert len(said) == 1 and "Er wordt toch geantwoord, met een tijdelijke index" in said[0], result.stderr
    assert not list(scratch.iterdir())  # the temporary index is gone


def test_a_stored_answer_reads_with_its_notes_and_warnings_as_it_did_when_it_was_given():
    # only the answer's text was stored: read back, "Geen duur gevonden …" was gone from under it
    from fakes import FakeKB

    from assistant.services import Knowledge
    from assistant.services.conversation import open_conversation
    from assistant.services.guidance import GuidanceService

    standing = "De handreiking is Nederlandstalig."

    class NotingKB(FakeKB):
        def ask(self, question, **kwargs):
            answer = FakeKB.ask(self, question, **kwargs)
            answer.notes = [standing, "Geen duur gevonden: de geciteerde passages noemen er geen."]
            answer.standing_notes = [standing]
            answer.warnings = ["Het taalmodel gaf geen antwoord."]
            return answer

    settings = load_settings()
    kb = NotingKB()
    with Store(settings.database_path) as store:
        conversation = open_conversation(settings, store, "Duur", lang="nl",
                                         guidance=GuidanceService(lambda: Knowledge(kb, kb)))
        conversation.start()
        [given] = [turn for turn in conversation.handle("Hoe lang duurt een SBIR-traject?") if turn.kind == "guidance"]
        [stored] = [turn for turn in open_conversation(settings, store, "Duur", lang="nl", guidance=None).history()
                    if turn.kind == "guidance"]
    said = render_turn(given)
    assert "Geen duur gevonden" in said and "! Het taalmodel" in said and said.startswith(standing)
    assert render_turn(stored) == said
