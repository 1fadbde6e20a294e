"""What the assistant promises about the terminal (issue 23).

Read as a list of promises; each test failed before its fix:

- nothing from an imported file, a question file or a document writes to the terminal: imported
  JSON is cleaned as typed input is (ESC and NUL never reach `chat --plain`, `/dossier` or the
  Markdown export), and `ask --batch` prints ids and questions clean (its JSON stays valid JSON);
- `ask` into a full device says so in one line and exits 1, without a traceback;
- zero-width joiners stay (an emoji family stays one family); bidi controls go;
- the app reads keyboard input that is not UTF-8 (a Latin-1 "é") instead of exiting, and a
  paste with an escape sequence in it arrives whole and in order.
"""

from __future__ import annotations

import asyncio
import io
import json
import os
import signal
import subprocess
import sys
import threading

import pytest
from fakes import QUESTION, build_small_kb
from textual import events
from textual._xterm_parser import XTermParser

from assistant.cli.main import main
from assistant.core.textsafe import clean_text, strip_escapes

FAMILY = "\U0001F468\u200d\U0001F469\u200d\U0001F467\u200d\U0001F466"
TERMINAL_CONTROLS = ("\x1b", "\x00", "\x07", "\x9b")


def _assert_clean(*texts: str) -> None:
    for text in texts:
        for control in TERMINAL_CONTROLS:
            assert control not in text, (control, text[:200])


@pytest.fixture(scope="module")
def small_kb(tmp_path_factory):
    return build_small_kb(tmp_path_factory.mktemp("small-kb"))


# --- text cleaning --------------------------------------------------------------------------------
def test_zero_width_joiners_stay_and_bidi_controls_go():
    text, _ = clean_text(f"Ons team {FAMILY} en \u200cmi\u200cs \u202eevil\u202c \u2066x\u2069 \u200fy\u061c")
    assert FAMILY in text and "\u200c" in text
    assert text == f"Ons team {FAMILY} en \u200cmi\u200cs evil x y"


def test_a_sequence_split_over_pieces_of_a_stream_never_gets_through():
    from assistant.core.textsafe import StreamCleaner

    pieces = ["ab\x1b", "]0;titel\x07cd\x1b[", "2", "J e\r", "\nf\x9b3", "1mg\x1b", "é"]
    cleaner = StreamCleaner()
    shown = [cleaner.feed(piece) for piece in pieces] + [cleaner.flush()]
    _assert_clean(*shown)
    assert "".join(shown) == "abcd e\nfgé" == strip_escapes("".join(pieces))


def test_json_for_the_terminal_escapes_every_control_and_stays_the_same_data():
    from assistant.core.textsafe import json_for_terminal

    value = {"id": "a\x1b]0;x\x07", "question": "b\x9b31m\u202ec\x7f"}
    line = json_for_terminal(value)
    _assert_clean(line)
    assert "\u202e" not in line and "\x7f" not in line
    assert json.loads(line) == value


# --- imported JSON --------------------------------------------------------------------------------
def _hostile_record_file(tmp_path):
    from assistant.export import to_json
    from assistant.plan.record import ProjectRecord

    data = json.loads(to_json(ProjectRecord()))
    data["project"]["title"] = "Dijk\x1b]0;GEHACKT\x07 project\x00"
    data["project"]["organisation"] = "Gemeente\x1b[2J \x9b31mRood"
    data["step1"]["ideas"] = "Eerste idee\x1b[31m rood\x1b[0m\nTweede\x00 idee"
    path = tmp_path / "vijandig.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_imported_text_is_cleaned_as_typed_text(tmp_path):
    from assistant.export import import_json, to_markdown

    record = import_json(_hostile_record_file(tmp_path))
    assert record.project.title == "Dijk project"
    assert record.project.organisation == "Gemeente Rood"
    assert record.step1.ideas == "Eerste idee rood\nTweede idee"
    _assert_clean(to_markdown(record))


def test_an_imported_project_shows_clean_in_chat_plain_and_its_dossier(tmp_path, monkeypatch, capsys):
    assert main(["import", str(_hostile_record_file(tmp_path))]) == 0
    capsys.readouterr()
    monkeypatch.setattr("sys.stdin", io.StringIO("/dossier\n"))
    assert main(["chat", "--plain", "--project", "Dijk project"]) == 0
    out = capsys.readouterr()
    assert "Tweede idee" in out.out
    _assert_clean(out.out, out.err)


def test_a_turn_stored_with_escapes_before_this_fix_shows_clean():
    """Turns stored by an older version may hold a model's escapes; reopening must not replay them."""
    from assistant.cli.chat import print_turns
    from assistant.plan.conversation import Turn
    from assistant.tui.session import turn_view

    stored = Turn(role="assistant", kind="guidance", text="Beperk\x1b[2J\x1b]0;GEHACKT\x07 de eisen.")
    assert turn_view(stored).text == "Beperk de eisen."
    out = io.StringIO()
    print_turns([stored], out, "nl")
    assert out.getvalue() == "Beperk de eisen.\n\n"


# --- ask ---------------------------------------------------------------------------------------------
def test_ask_batch_prints_ids_and_questions_clean_and_its_json_stays_valid(small_kb, tmp_path, monkeypatch, capsys):
    rows = [{"id": "a\x1b]0;GEHACKT\x07", "question": QUESTION + "\x1b[2J\x9b31m"}]
    batch = tmp_path / "vragen.jsonl"
    batch.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    monkeypatch.setattr("assistant.cli.ask.open_knowledge_base", lambda *a, **kw: small_kb)

    assert main(["ask", "--lexical", "--batch", str(batch)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"# a: {QUESTION}\n")
    _assert_clean(out)

    assert main(["ask", "--lexical", "--json", "--batch", str(batch)]) == 0
    out = capsys.readouterr().out
    _assert_clean(out)
    line = json.loads(out)
    assert line["id"] == rows[0]["id"] and line["question"] == rows[0]["question"] and line["found"]


def test_ask_into_a_full_device_says_so_without_a_traceback(tmp_path):
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    env = {**os.environ, "STAPPENPLAN_HOME": str(tmp_path / "home"), "PYTHONIOENCODING": "utf-8"}
    with open("/dev/full", "w") as full:
        result = subprocess.run([sys.executable, "-m", "assistant", "ask", "--lexical", "Wat zijn randvoorwaardelijke eisen?"],
                                stdout=full, stderr=subprocess.PIPE, text=True, env=env, timeout=240)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr
    assert "de uitvoer kan niet worden geschreven: de schijf of het apparaat is vol" in result.stderr


# --- the app's keyboard input ----------------------------------------------------------------------
def _parse(decoder, *chunks: bytes | None) -> list:
    parser = XTermParser()
    found = []
    for chunk in chunks:
        text = decoder.idle() if chunk is None else decoder.decode(chunk)
        found.extend(parser.feed(text))
    return found


def _typed(found) -> str:
    return "".join(e.character or "" for e in found if isinstance(e, events.Key))


def test_a_latin1_byte_is_read_as_its_character():
    from assistant.tui.input_driver import InputDecoder

    found = _parse(InputDecoder(), b"caf\xe9", None, b" na\xefef\r")
    assert _typed(found) == "café naïef\r"
    # a UTF-8 character split over two reads is still one character
    assert _typed(_parse(InputDecoder(), b"x\xc3", b"\xa9")) == "xé"


def test_a_paste_with_an_escape_arrives_whole_and_in_order():
    from assistant.tui.input_driver import InputDecoder

    found = _parse(InputDecoder(), b"\x1b[200~een \x1b[31mtwee\x1b[0m drie\x1b[201~")
    assert [(type(e).__name__, getattr(e, "text", None)) for e in found] == [("Paste", "een twee drie")]
    # the same paste split over reads in the middle of its sequences and its end marker
    found = _parse(InputDecoder(), b"\x1b[200~een \x1b[3", b"1mtwee\x1b", b"[0m drie\x1b[20", b"1~x")
    assert [(type(e).__name__, getattr(e, "text", None) or e.character) for e in found] == \
        [("Paste", "een twee drie"), ("Key", "x")]


def test_the_apps_input_thread_survives_bytes_that_are_not_utf8():
    """The real input loop, fed through a pipe: it reads on, where Textual's own one died."""
    from textual.app import App

    from assistant.tui.app import StappenplanApp
    from assistant.tui.input_driver import SafeInputDriver

    app = StappenplanApp.__new__(StappenplanApp)  # only the driver class is asked for
    assert StappenplanApp.get_driver_class(app) is SafeInputDriver

    async def read_through_a_pipe() -> list:
        saved = {sig: signal.getsignal(sig) for sig in (signal.SIGTSTP, signal.SIGCONT)}
        driver = SafeInputDriver(App())  # needs the running loop; sets SIGTSTP/SIGCONT handlers
        for sig, handler in saved.items():
            signal.signal(sig, handler)
        read_end, write_end = os.pipe()
        driver.fileno = read_end
        received: list = []
        driver.process_message = received.append
        worker = threading.Thread(target=driver.run_input_thread, daemon=True)
        worker.start()
        os.write(write_end, b"caf\xe9")
        await asyncio.sleep(0.3)
        os.write(write_end, b"!\x1b[200~een \x1b[31mtwee drie\x1b[201~")
        await asyncio.sleep(0.3)
        driver.exit_event.set()
        worker.join(2)
        os.close(write_end)
        os.close(read_end)
        assert not worker.is_alive()
        return received

    received = asyncio.run(read_through_a_pipe())
    assert _typed(received) == "café!"
    assert [e.text for e in received if isinstance(e, events.Paste)] == ["een twee drie"]


def test_a_log_file_on_a_full_disk_puts_nothing_on_the_terminal(tmp_path, capsys):
    # `chat --plain` on a full disk printed "--- Logging error ---" and two tracebacks on stderr
    import logging

    from assistant.core.logfile import LogFile

    folder = tmp_path / "vol"
    folder.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(folder)],
                                            capture_output=True).returncode != 0:
        pytest.skip("mounting a small file system needs root")
    try:
        handler = LogFile(folder / "stappenplan.log", encoding="utf-8")
        subprocess.run(["dd", "if=/dev/zero", f"of={folder / 'ballast'}", "bs=4k"], capture_output=True)
        logger = logging.getLogger("test.full-disk-log")
        logger.addHandler(handler)
        try:
            logger.warning("x" * 20_000)
        finally:
            logger.removeHandler(handler)
            handler.close()
        assert capsys.readouterr().err == ""
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)
