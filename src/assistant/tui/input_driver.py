"""Textual's Linux driver with an input reader that survives what terminals really send.

Textual 8 decodes keyboard input with a strict UTF-8 decoder in its input thread: one byte that
is not UTF-8 (a Latin-1 "é" typed or pasted) raised UnicodeDecodeError, the thread died and the
app exited with code 0, losing what was typed. Here such a byte is read as Latin-1 instead.

A bracketed paste that holds an escape sequence ("een \\x1b[31mtwee drie") was scrambled: the
parser ends the paste's text at the escape and types the rest as keys, before the pasted text
("^[31mtwee^[0m drieeen"). Here escape sequences inside a paste are removed before the parser
sees them, so the paste arrives whole and in order.
"""

from __future__ import annotations

import codecs
import os
import selectors
from typing import IO

from textual._loop import loop_last
from textual._xterm_parser import XTermParser
from textual.drivers.linux_driver import LinuxDriver

from assistant.core.textsafe import strip_escape_sequences, unfinished_escape

PASTE_START = "\x1b[200~"
PASTE_END = "\x1b[201~"
#: Bytes asked of the terminal per read (as Textual does).
READ_SIZE = 4096
_LATIN1_FALLBACK = "stappenplan-latin1"


def _latin1_fallback(error: UnicodeDecodeError) -> tuple[str, int]:
    """Bytes that are not UTF-8 read as Latin-1; its C1 controls (0x80-0x9f) as U+FFFD."""
    bad = error.object[error.start : error.end]
    return "".join(chr(b) if b >= 0xA0 else "\ufffd" for b in bad), error.end


codecs.register_error(_LATIN1_FALLBACK, _latin1_fallback)


class PasteCleaner:
    """Removes escape sequences inside bracketed pastes from text read in pieces.

    Outside a paste the text passes unchanged (Textual's parser reads keys, mouse and paste
    markers from it); inside, an unfinished sequence at the end of a piece waits for the next.
    """

    def __init__(self) -> None:
        self._in_paste = False
        self._seen = ""  # the last characters outside a paste: a start marker split over reads
        self._held = ""  # an unfinished sequence inside a paste

    def feed(self, text: str) -> str:
        out: list[str] = []
        while text:
            if not self._in_paste:
                seen = self._seen + text
                start = seen.find(PASTE_START)
                if start < 0:
                    out.append(text)
                    self._seen = seen[-(len(PASTE_START) - 1) :]
                    break
                after = start + len(PASTE_START) - len(self._seen)
                out.append(text[:after])
                text, self._in_paste, self._seen = text[after:], True, ""
                continue
            text, self._held = self._held + text, ""
            end = text.find(PASTE_END)
            if end < 0:
                cut = unfinished_escape(text)
                out.append(strip_escape_sequences(text[:cut]))
                self._held = text[cut:]
                break
            out.append(strip_escape_sequences(text[:end]) + PASTE_END)
            text, self._in_paste = text[end + len(PASTE_END) :], False
        return "".join(out)


class InputDecoder:
    """Bytes from the terminal -> text for Textual's parser (see the module's docstring)."""

    def __init__(self) -> None:
        self._utf8 = codecs.getincrementaldecoder("utf-8")(errors=_LATIN1_FALLBACK)
        self._paste = PasteCleaner()

    def decode(self, data: bytes, final: bool = False) -> str:
        return self._paste.feed(self._utf8.decode(data, final=final))

    def idle(self) -> str:
        """Called when no more input came for a moment: bytes held as the start of a UTF-8
        character that never completed were a Latin-1 character, shown now, not at the next
        key."""
        pending, _ = self._utf8.getstate()
        return self.decode(b"", final=True) if pending else ""


class TerminalOutput:
    """The stream the screen is written to, quiet once its terminal is gone: Textual's output
    thread died at the first write that failed (EIO after a hangup), the screen's next writes
    filled its queue, and the app hung waiting for room in it, holding the database."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream
        self.gone = False

    def write(self, text: str) -> None:
        if not self.gone:
            try:
                self._stream.write(text)
            except OSError:
                self.gone = True

    def flush(self) -> None:
        if not self.gone:
            try:
                self._stream.flush()
            except OSError:
                self.gone = True

    def fileno(self) -> int:
        return self._stream.fileno()


class SafeInputDriver(LinuxDriver):
    """LinuxDriver whose input thread decodes with :class:`InputDecoder`, and whose output
    survives its terminal hanging up (:class:`TerminalOutput`)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._file = TerminalOutput(self._file)

    def run_input_thread(self) -> None:
        """Wait for input and dispatch events (Textual 8's loop, with our decoder)."""
        selector = selectors.SelectSelector()
        selector.register(self.fileno, selectors.EVENT_READ)
        fileno = self.fileno
        parser = XTermParser(self._debug)
        decoder = InputDecoder()

        def process_selector_events(events: list[tuple[selectors.SelectorKey, int]], final: bool = False) -> None:
            if not events and (text := decoder.idle()):
                for event in parser.feed(text):
                    self.process_message(event)
            for last, (_key, mask) in loop_last(events):
                if mask & selectors.EVENT_READ:
                    text = decoder.decode(os.read(fileno, READ_SIZE), final=final and last)
                    if not text:
                        break  # stdin is a pipe at its end
                    for event in parser.feed(text):
                        self.process_message(event)
            for event in parser.tick():
                self.process_message(event)

        try:
            while not self.exit_event.is_set():
                process_selector_events(selector.select(0.1))
            selector.unregister(self.fileno)
            process_selector_events(selector.select(0.1), final=True)
        finally:
            selector.close()
            try:
                for _event in parser.feed(""):
                    pass
            except Exception:  # noqa: BLE001 - EOFError / ParseError at the end, as Textual
                pass
