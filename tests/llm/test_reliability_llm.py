"""What the assistant promises about a language model's output and its server (issue 23).

Read as a list of promises; each test failed before its fix:

- nothing a model returns (streamed tokens, the answer, a server's error text) writes to the
  terminal: escape sequences and control characters are cleaned as typed input is, in `ask`,
  `chat --plain` and in what is stored;
- a model's reply is capped (MAX_MODEL_CHARS) in what is streamed, shown and stored, with a note;
- the timeout the user set is the whole wait, as the message says (not once per retry);
- cancelling reaches the model: the app's cancel event stops a streamed answer;
- a malformed server address gives one clear line, not a traceback;
- a cited sentence its passage does not support loses the citation, with a warning, and links
  in model output are shown as text, naming hosts the passages do not.

The model is langchain's fake chat models or the local stand-in server (tests/_llm_support.py).
"""

from __future__ import annotations

import io
import threading
import time

import pytest
from fakes import StandInServer, completion, recording_model, slow_model, stream_reply
from fakes import QUESTION, build_small_kb

from assistant.cli.main import main
from assistant.cli.llm_cmd import check
from assistant.llm import make_answerer
from assistant.llm.answerer import GenerativeAnswerer
from assistant.core.settings import Settings, load_settings
from assistant.services import Knowledge

MODEL = "stand-in-model"
#: What a hostile or broken model sends: a title change, a hidden OSC 8 hyperlink, a screen
#: clear and a bell, split over the stream's chunks.
HOSTILE_TOKENS = ["Beperk de eisen \x1b]0;GEHACKT\x07tot wat ", "echt nodig is \x1b]8;;http://evil.example/\x1b",
                  "\\klik\x1b]8;;\x1b\\ [1]. \x1b[", "2J\x1b[H\x07Orden de eisen naar behoefte [1]."]
ESCAPE_BYTES = ("\x1b", "\x07", "\x9b")


@pytest.fixture(scope="module")
def small_kb(tmp_path_factory):
    return build_small_kb(tmp_path_factory.mktemp("small-kb"))


def _settings(base_url: str, *, timeout: float = 5.0) -> Settings:
    settings = load_settings({"llm.provider": "openai", "llm.base_url": base_url, "llm.model": MODEL})
    settings.llm.timeout_s = timeout
    return settings


def _answerer(kb, base_url: str, **kw) -> GenerativeAnswerer:
    answerer = make_answerer(_settings(base_url, **kw), kb)
    assert isinstance(answerer, GenerativeAnswerer)
    return answerer


def _assert_clean(*texts: str) -> None:
    for text in texts:
        for byte in ESCAPE_BYTES:
            assert byte not in text, (byte, text)


# --- escapes -------------------------------------------------------------------------------------
def test_escape_sequences_in_a_streamed_answer_reach_neither_tokens_nor_the_answer(small_kb):
    tokens: list[str] = []
    with StandInServer(stream_reply(HOSTILE_TOKENS)) as server:
        answer = _answerer(small_kb, server.base_url).ask(QUESTION, on_token=tokens.append)
    assert answer.generated
    _assert_clean("".join(tokens), answer.text, *answer.warnings)
    assert answer.text == "Beperk de eisen tot wat echt nodig is klik [1]. Orden de eisen naar behoefte [1]."
    assert "".join(tokens) == answer.text
    assert "GEHACKT" not in answer.text and "evil.example" not in answer.text


def test_a_servers_error_text_with_escapes_is_shown_clean(small_kb):
    def hostile_error(handler, body):
        handler.send_json(500, {"error": {"message": "kapot\x1b]0;GEHACKT\x07\x1b[2J", "type": "server_error"}})

    with StandInServer(hostile_error) as server:
        answer = _answerer(small_kb, server.base_url).ask(QUESTION)
    assert not answer.generated and "fout 500" in answer.warnings[0]
    _assert_clean(*answer.warnings)


def test_ask_prints_no_escape_from_the_model(small_kb, monkeypatch, capsys):
    with StandInServer(stream_reply(HOSTILE_TOKENS)) as server:
        monkeypatch.setenv("STAPPENPLAN_LLM_PROVIDER", "openai")
        monkeypatch.setenv("STAPPENPLAN_LLM_BASE_URL", server.base_url)
        monkeypatch.setenv("STAPPENPLAN_LLM_MODEL", MODEL)
        monkeypatch.setattr("assistant.cli.ask.open_knowledge_base", lambda *a, **kw: small_kb)
        code = main(["ask", "--lexical", QUESTION])
    out = capsys.readouterr()
    assert code == 0 and "Beperk de eisen tot wat echt nodig is" in out.out
    _assert_clean(out.out, out.err)


def test_chat_plain_shows_and_stores_no_escape_from_the_model(small_kb, monkeypatch, capsys):
    from assistant.cli import chat

    with StandInServer(stream_reply(HOSTILE_TOKENS)) as server:
        monkeypatch.setenv("STAPPENPLAN_LLM_PROVIDER", "openai")
        monkeypatch.setenv("STAPPENPLAN_LLM_BASE_URL", server.base_url)
        monkeypatch.setenv("STAPPENPLAN_LLM_MODEL", MODEL)
        monkeypatch.setattr(chat, "_knowledge",
                            lambda settings, dense, lang, early=False, **kwargs: lambda: Knowledge(small_kb, make_answerer(settings, small_kb)))
        monkeypatch.setattr("sys.stdin", io.StringIO(QUESTION + "\n"))
        assert main(["chat", "--plain", "--project", "Escapes"]) == 0
    out = capsys.readouterr().out
    assert "Beperk de eisen tot wat echt nodig is" in out and server.requests
    _assert_clean(out)

    # what was stored shows clean when the project is opened again, with no model at all
    for var in ("STAPPENPLAN_LLM_PROVIDER", "STAPPENPLAN_LLM_BASE_URL", "STAPPENPLAN_LLM_MODEL"):
        monkeypatch.delenv(var)
    from assistant.store import Store

    store = Store(load_settings().database_path)
    project = store.find_project("Escapes")
    stored = " ".join(turn.text for turn in store.turns(project.id))
    store.close()
    assert "Beperk de eisen tot wat echt nodig is" in stored
    _assert_clean(stored)


def test_values_a_model_proposes_for_the_record_are_cleaned():
    from assistant.llm.extraction import _plain

    assert _plain(["Budget \x1b]0;x\x07200.000 euro\x1b[2J", {"note": "a\x00b"}]) == ["Budget 200.000 euro", {"note": "ab"}]


# --- size --------------------------------------------------------------------------------------
def test_a_huge_answer_is_cut_with_a_note_and_the_stream_stops(small_kb):
    from assistant.core.textsafe import MAX_MODEL_CHARS

    piece = "Beperk de eisen tot wat echt nodig is [1]. " * 25  # about 1 kB a chunk
    tokens: list[str] = []
    with StandInServer(stream_reply([piece] * 5000)) as server:  # 5 MB in all
        started = time.monotonic()
        answer = _answerer(small_kb, server.base_url).ask(QUESTION, on_token=tokens.append)
        elapsed = time.monotonic() - started
    assert elapsed < 10
    assert sum(map(len, tokens)) <= MAX_MODEL_CHARS
    assert len(answer.text) <= MAX_MODEL_CHARS
    assert any("afgekapt" in w and f"{MAX_MODEL_CHARS}" in w for w in answer.warnings)


# --- time-out and cancel ----------------------------------------------------------------------------
def _sleep_then_reply(seconds: float):
    def behave(handler, body):
        time.sleep(seconds)
        try:
            handler.send_json(200, completion({"content": "te laat [1]"}))
        except OSError:
            pass

    return behave


def test_the_timeout_is_the_whole_wait_as_the_message_says(small_kb):
    # the HTTP client times out per attempt and retries once: 2 × 1 s (and a 4 s backstop)
    with StandInServer(_sleep_then_reply(4.0)) as server:
        started = time.monotonic()
        answer = _answerer(small_kb, server.base_url, timeout=1.0).ask(QUESTION)
        elapsed = time.monotonic() - started
    assert " 1 s " in answer.warnings[0] and "(time-out)" in answer.warnings[0]
    assert elapsed < 1.6


def test_llm_check_waits_no_longer_than_the_timeout():
    with StandInServer(_sleep_then_reply(4.0)) as server:
        started = time.monotonic()
        ok, line = check(_settings(server.base_url, timeout=1.0))
        elapsed = time.monotonic() - started
    assert not ok and "binnen 1 s" in line
    # well before the server's reply at 4 s: a busy machine took 1.9 s (imports, thread start-up)
    assert elapsed < 3.0


def test_the_apps_cancel_event_reaches_the_model(small_kb):
    """Closing the app (which sets its cancel event) stops a model that is still writing."""
    from fakes import FakeKB
    from tui_support import make_app, settle

    answerer = GenerativeAnswerer(small_kb, slow_model("Beperk de eisen tot wat nodig is [1]. " * 10, sleep=0.05))
    answers: list = []
    ask = answerer.ask
    answerer.ask = lambda *args, **kwargs: answers.append(ask(*args, **kwargs)) or answers[-1]
    app = make_app(FakeKB(), answerer_factory=lambda settings, kb: answerer)

    async def run() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            app.main.prompt.insert(QUESTION)
            await pilot.press("enter")
            await pilot.pause(0.5)  # the answer is streaming (it takes 20 s)
            assert not answers

    import asyncio

    asyncio.run(run())
    started = time.monotonic()
    assert app.main.work.finish_user_work(timeout=5)
    assert time.monotonic() - started < 2
    assert len(answers) == 1 and "Antwoord afgebroken: het is onvolledig." in answers[0].warnings


def test_a_token_the_closing_app_can_no_longer_show_ends_the_answer_as_cancelled(small_kb):
    """Closing the app sets the cancel event and then drops the token being handed to the screen
    (its future is cancelled): the answer was reported as the model failing ("faalde:
    CancelledError") instead of cut short, now and then, as the two raced."""
    from concurrent.futures import CancelledError

    cancel = threading.Event()
    shown: list[str] = []

    def closing_screen(token: str) -> None:
        if len(shown) == 5:
            cancel.set()
            raise CancelledError()
        shown.append(token)

    answerer = GenerativeAnswerer(small_kb, slow_model("Beperk de eisen tot wat nodig is [1]. " * 10, sleep=0.001))
    answer = answerer.ask(QUESTION, on_token=closing_screen, cancel=cancel)
    assert "Antwoord afgebroken: het is onvolledig." in answer.warnings
    assert not any("faalde" in warning for warning in answer.warnings)
    # a failure that is not a stop is still said to be one
    failing = GenerativeAnswerer(small_kb, slow_model("Beperk de eisen. " * 10, sleep=0.001))
    broken = failing.ask(QUESTION, on_token=lambda token: (_ for _ in ()).throw(RuntimeError("scherm weg")),
                         cancel=threading.Event())
    assert any("scherm weg" in warning for warning in broken.warnings)


def test_a_session_passes_its_cancel_event_to_the_answerer(small_kb):
    from assistant.tui.session import ask_guidance

    cancel = threading.Event()
    tokens: list[str] = []

    def on_token(token: str) -> None:
        tokens.append(token)
        cancel.set()

    answerer = GenerativeAnswerer(small_kb, slow_model("Beperk de eisen tot wat nodig is [1]. " * 10, sleep=0.05))
    started = time.monotonic()
    view = ask_guidance(answerer, QUESTION, "nl", on_token=on_token, cancel=cancel)
    assert time.monotonic() - started < 2
    assert "afgebroken" in view.text


def test_an_open_projects_conversation_passes_the_cancel_event_to_the_model(small_kb):
    """A question asked in a project goes through the conversation: escape stops the model there
    too, and the answer says it was cut short."""
    from assistant.tui.session import Workspace

    cancel = threading.Event()
    reply_text = "Beperk de eisen tot wat nodig is [1]. " * 10
    answerer = GenerativeAnswerer(small_kb, slow_model(reply_text, sleep=0.05))
    workspace = Workspace(load_settings())
    session = workspace.open(workspace.create("Afbreken", "").id, kb=small_kb, answerer=answerer)
    session.start()
    started = time.monotonic()
    reply = session.handle(f"/vraag {QUESTION}", on_token=lambda token: cancel.set(), cancel=cancel)
    assert time.monotonic() - started < 2
    guidance = next(turn for turn in reply.turns if turn.kind == "guidance")
    assert "Antwoord afgebroken: het is onvolledig." in guidance.text
    partial, _, rest = guidance.text.partition(" … (⚠ afgebroken)")
    assert partial and _uncited(reply_text).startswith(partial) and len(partial) < len(reply_text) // 2
    assert "Uit de leidraad (zonder taalmodel)" in rest  # with the guidance's own answer and sources


def _uncited(text: str) -> str:
    return text.replace(" [1]", "")


async def _stream_then_escape(pilot, question: str) -> float:
    """Send `question`, wait until the model's answer is streaming, press escape; returns how
    long the answer took to stop."""
    app = pilot.app
    app.main.prompt.insert(question)
    await pilot.press("enter")
    for _ in range(100):
        await pilot.pause(0.05)
        if any(turn.kind == "streaming" for turn in app.main.conversation.turns):
            break
    assert any(turn.kind == "streaming" for turn in app.main.conversation.turns), "the answer never streamed"
    status = str(app.main.status.query_one("#status-text").render())
    assert "Esc" in status and "afbreken" in status, status
    started = time.monotonic()
    await pilot.press("escape")
    for _ in range(100):
        await pilot.pause(0.05)
        if not any(turn.kind == "streaming" for turn in app.main.conversation.turns):
            break
    stopped = time.monotonic() - started
    await settle_app(pilot)
    return stopped


async def settle_app(pilot) -> None:
    from tui_support import settle

    await settle(pilot)


def test_escape_stops_a_streaming_answer_and_the_app_stays_usable(small_kb):
    """The app had no key to stop a model that was still writing (20 s here)."""
    from fakes import FakeKB
    from tui_support import make_app

    reply = "Beperk de eisen tot wat nodig is [1]. " * 10
    answerer = GenerativeAnswerer(small_kb, slow_model(reply, sleep=0.05))
    app = make_app(FakeKB(), answerer_factory=lambda settings, kb: answerer)

    async def run() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            await settle_app(pilot)
            for question in (QUESTION, "Wat zijn eisen?"):  # the second streams too: escape is not left set
                assert await _stream_then_escape(pilot, question) < 2
                last = app.main.conversation.turns[-1]
                assert last.kind == "guidance" and "Antwoord afgebroken: het is onvolledig." in last.text
                # the part that came is kept, marked as cut short, the guidance's answer under it
                partial, _, rest = last.text.partition(" … (⚠ afgebroken)")
                assert partial and _uncited(reply).startswith(partial) and len(partial) < len(reply) // 2
                assert "Uit de leidraad (zonder taalmodel)" in rest and last.sources
                assert str(app.main.status.query_one("#status-text").render()) == ""
            assert app.is_running and app.main.prompt.has_focus

    import asyncio

    asyncio.run(run())


# --- a malformed server address ------------------------------------------------------------------
@pytest.mark.parametrize("command", [["llm", "check"], ["ask", "--lexical", QUESTION]])
def test_a_malformed_base_url_gives_one_clear_line(command, small_kb, monkeypatch, capsys):
    monkeypatch.setenv("STAPPENPLAN_LLM_PROVIDER", "openai")
    monkeypatch.setenv("STAPPENPLAN_LLM_BASE_URL", "http://[::1")
    monkeypatch.setenv("STAPPENPLAN_LLM_MODEL", MODEL)
    monkeypatch.setattr("assistant.cli.ask.open_knowledge_base", lambda *a, **kw: small_kb)
    main(command)
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    assert "adres van de LLM-server is ongeldig (http://[::1)" in out.out + out.err


def test_a_server_name_that_is_unknown_is_said_to_be_one(small_kb):
    # "niet-een-url" as the address was "connection refused or server down"
    answer = _answerer(small_kb, "http://stappenplan-llm.invalid/v1", timeout=5.0).ask(QUESTION)
    assert "niet vinden: de naam stappenplan-llm.invalid is onbekend" in answer.warnings[0]
    assert not answer.generated and answer.text


# --- grounding -----------------------------------------------------------------------------------
def test_an_answer_its_passage_does_not_support_is_flagged_and_its_link_is_text(small_kb):
    reply = "HACKED [1] … [de site](http://evil.example/login)"
    with StandInServer(stream_reply([reply])) as server:
        answer = _answerer(small_kb, server.base_url).ask(QUESTION)
    assert any("steunt de zin die ernaar verwijst niet" in w for w in answer.warnings)
    assert any("evil.example" in w for w in answer.warnings)
    assert "](http" not in answer.text and "`http://evil.example/login`" in answer.text
    # no citation of the model's remains on the unsupported claim; the guidance's answer is beside it
    assert "HACKED [1]" not in answer.text and "Uit de leidraad" in answer.text


def test_a_supported_answer_keeps_its_citations_and_a_source_host_draws_no_warning(small_kb):
    reply = "Beperk de eisen tot wat echt nodig is [1]. Zie [de handreiking](https://www.pianoo.nl/eisen)."
    model = recording_model(reply)
    answer = GenerativeAnswerer(small_kb, model).ask(QUESTION)
    assert answer.warnings == []
    assert [c.number for c in answer.citations] == [1]
    assert answer.text == ("Beperk de eisen tot wat echt nodig is [1]. "
                           "Zie de handreiking (`https://www.pianoo.nl/eisen`).")


def test_an_english_answer_citing_dutch_passages_says_its_citations_were_not_checked(small_kb):
    # "After an SBIR you may always buy directly [1]" was shown with [1] and no word, beside a
    # quote saying the opposite: English sentences against Dutch passages are not checked
    model = recording_model("Keep only the requirements that are really needed [1].")
    answer = GenerativeAnswerer(small_kb, model).ask(QUESTION, lang="en")
    assert [c.number for c in answer.citations] == [1]
    assert any(w.startswith("Whether the passages behind [1] support the sentences citing them was not checked")
               for w in answer.warnings)


def test_a_quotation_the_sources_do_not_hold_is_said(small_kb):
    # 'Zoals de leidraad letterlijk zegt: "Elke aanbesteding … innovatiepartnerschap lopen"'
    # stayed in the answer, attributed to the guidance
    passages = small_kb.retrieve(QUESTION, k=3).passages
    words = passages[0].text.split()
    real = " ".join(words[2:10])
    reply = (f'De handreiking zegt: "{real}" [1]. Zoals de leidraad letterlijk zegt: "Elke aanbesteding boven '
             'de drempel moet altijd via een innovatiepartnerschap lopen" [1].')
    answer = GenerativeAnswerer(small_kb, recording_model(reply)).ask(QUESTION)
    said = [w for w in answer.warnings if w.startswith("Het citaat")]
    assert said == ["Het citaat “Elke aanbesteding boven de drempel moet altijd via een…” in het antwoord staat "
                    "niet in de bronnen: het taalmodel heeft het zo niet uit de handreiking."]


def test_check_support_removes_only_the_unsupported_citation(small_kb):
    from assistant.llm.answerer import check_support

    passages = small_kb.retrieve(QUESTION, k=1).passages
    text, removed, _ = check_support("Orden de eisen naar behoefte [1]. De maan is van kaas [1].", passages)
    assert text == "Orden de eisen naar behoefte [1]. De maan is van kaas." and removed == [1]
    # a citation after the full stop belongs to the sentence before it
    text, removed, _ = check_support("Orden de eisen naar behoefte. [1] Meer niet.", passages)
    assert removed == []


def test_an_english_answer_about_dutch_passages_is_not_judged_by_word_overlap(small_kb):
    from assistant.llm.answerer import check_support

    passages = small_kb.retrieve(QUESTION, k=1).passages
    _, removed, unchecked = check_support("Keep only the requirements that are really needed [1].", passages)
    assert removed == [] and unchecked == [1]  # kept, and said to be unchecked (it was kept unsaid)


def test_links_of_every_form_become_text():
    from markdown_it import MarkdownIt

    from assistant.llm.answerer import defuse_links

    reply = ("a <http://x.example/a> b http://y.example/b. `http://z.example` [c](mailto:someone@q.example) "
             "Ga naar evil.com/login of www.pianoo.nl, mail x@bad.org. Dat is o.a. stap 3.")
    text, hosts = defuse_links(reply, [])
    assert text == ("a `http://x.example/a` b `http://y.example/b`. `http://z.example` c (`mailto:someone@q.example`) "
                    "Ga naar `evil.com/login` of `www.pianoo.nl`, mail `x@bad.org`. Dat is o.a. stap 3.")
    assert hosts == ["x.example", "q.example", "y.example", "evil.com", "www.pianoo.nl", "bad.org"]
    # the app's Markdown (Textual's, with linkify) finds no link left to click
    tokens = [t for block in MarkdownIt("gfm-like").parse(text) for t in (block.children or [])]
    assert [t for t in tokens if t.type == "link_open"] == []
    assert [t for t in (tk for block in MarkdownIt("gfm-like").parse(reply) for tk in (block.children or []))
            if t.type == "link_open"]  # and it did before


@pytest.mark.parametrize("url", ["not a url", "ftp://server/v1", "http://ser ver:8000/v1", "foo", "localhost:8000/v1",
                                 "http://", "https:///v1"])
def test_a_server_address_that_is_no_address_is_said_to_be_one(url, capsys):
    # "not a url" was reported as a server that refused the connection
    main(["--llm", "openai", "--llm-base-url", url, "--llm-model", "m", "llm", "check"])
    said = capsys.readouterr()
    assert "adres van de LLM-server is ongeldig" in said.out + said.err
    assert "begint met http:// of https:// en noemt een server, zoals http://localhost:11434" in said.err
    assert "verbinding geweigerd" not in said.out + said.err


def test_an_address_without_http_is_said_to_be_no_address_in_english(capsys):
    main(["--lang", "en", "--llm", "openai", "--llm-base-url", "foo", "--llm-model", "m", "llm", "check"])
    assert ("The LLM server's address is invalid (foo): it starts with http:// or https:// and names a server, "
            "like http://localhost:11434") in capsys.readouterr().err


# --- `ask` while a model writes ------------------------------------------------------------------------
class _Terminal(io.StringIO):
    """Standard error as a terminal: the writing line is shown only there."""

    def isatty(self) -> bool:
        return True


def test_ask_says_while_the_model_writes_and_wipes_the_line_before_the_answer(small_kb):
    # `ask` with a model showed nothing until the whole answer was in (a minute on a slow server)
    from assistant.cli.ask import written_by_model

    answerer = GenerativeAnswerer(small_kb, slow_model("Beperk de eisen tot wat nodig is [1].", sleep=0.01))
    terminal = _Terminal()
    reply = written_by_model(answerer, QUESTION, lang="nl", k=5, said=set(), stream=terminal)
    assert "Beperk de eisen" in reply.answer.text
    shown = terminal.getvalue()
    assert "Het taalmodel schrijft het antwoord … 0 woorden (ctrl+c breekt af)" in shown
    assert "woorden" in shown.rsplit("\r", 2)[-2]  # counted as it wrote
    assert shown.endswith("\r\x1b[K")  # wiped: the answer is printed on a clean line
    piped = io.StringIO()  # no terminal: nothing
    written_by_model(answerer, QUESTION, lang="en", k=5, said=set(), stream=piped)
    assert piped.getvalue() == ""


def test_ctrl_c_while_the_model_writes_keeps_what_it_wrote_as_an_answer_cut_short(small_kb):
    # ctrl+c ended `ask` with "Afgebroken." and nothing of what the model had written
    import os
    import signal

    from assistant.cli.ask import written_by_model

    answerer = GenerativeAnswerer(small_kb, slow_model("Beperk de eisen tot wat nodig is [1]. " * 10, sleep=0.05))
    timer = threading.Timer(0.6, lambda: os.kill(os.getpid(), signal.SIGINT))
    timer.start()
    started = time.monotonic()
    terminal = _Terminal()
    reply = written_by_model(answerer, QUESTION, lang="en", k=5, said=set(), stream=terminal)
    assert time.monotonic() - started < 5  # the whole answer takes 20 s
    assert reply.answer.text.startswith("Beperk")  # what it wrote, one letter each 0.05 s
    assert "Answer cancelled: it is incomplete." in reply.answer.warnings
    assert "Stopping …" in terminal.getvalue()
