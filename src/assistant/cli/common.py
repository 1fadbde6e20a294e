"""Helpers shared by the command-line commands."""

from __future__ import annotations

import codecs
import io
import logging
import os
import re
import select
import shutil
import sys
import textwrap
import time
from argparse import Namespace
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from typing import TYPE_CHECKING, TextIO

from rich.cells import cell_len

from assistant import services
from assistant.cli.main import COMMANDS, settings_overrides
from assistant.core.i18n import catalog
from assistant.core.logfile import LogFile
from assistant.core.prefs import run_language
from assistant.core.private import private_file, private_folder
from assistant.core.settings import Settings, SettingsError, load_settings
from assistant.core.textsafe import unescape_markdown
from assistant.knowledge.types import Answer
from assistant.plan.titles import section_in, title_in
from assistant.store import Store, StoreError, open_store

if TYPE_CHECKING:  # loads bm25s and numpy: imported where a command needs it
    from assistant.knowledge.base import KnowledgeBase


#: What a user types at a terminal to say yes to a question (Dutch and English).
YES = frozenset({"j", "ja", "y", "yes"})


def confirm(question: str) -> bool:
    """Whether the user, asked `question` at a terminal, says yes (end of input: no)."""
    try:
        answer = input(question)
    except EOFError:
        return False
    return answer.strip().lower() in YES


def settings_from_args(args: Namespace) -> Settings:
    """The settings, with the flags over them; without --lang or STAPPENPLAN_LANG, the language
    last chosen in the app (chosen there as English, `learn --plain` and `ask` spoke Dutch)."""
    overrides = settings_overrides(args)
    try:
        settings = load_settings(overrides)
    except SettingsError as exc:
        print(f"stappenplan: {exc.said_in(overrides['language'])}", file=sys.stderr)
        raise SystemExit(2) from exc
    language = run_language(settings, overrides["language"])
    if language != settings.language:  # only then: a language set counts as one asked for (chat)
        settings.language = language
    return settings


def setup_logging(settings: Settings) -> None:
    """Log to a file in the data dir; the terminal only gets clear messages."""
    try:
        private_folder(settings.data_path)
        handler: logging.Handler = LogFile(private_file(settings.log_path), encoding="utf-8")
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    if not any(isinstance(h, type(handler)) for h in root.handlers):
        root.addHandler(handler)
    root.setLevel(logging.INFO)
    for noisy in ("chromadb", "httpx", "sentence_transformers", "bm25s", "urllib3"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


class ProgressReport:
    """How far a long index build is, on stderr. On a terminal: one line per stage that fills,
    with counts and, once it can be told, the time left, narrowed to the terminal's width (a
    line that wraps cannot be redrawn in place: each redraw left a line behind at 80 columns).
    Otherwise (a log, a cron job): a line at each tenth, so a build of hours shows it is alive.
    A stage that starts while another is unfinished (the model loading amid the embedding) gets
    a line of its own. With `show_after`, a stage is shown only once it has run that long: a
    one-shot question's few hundred ms of reading and loading make no noise. Stage names and
    the time left are in `lang`."""

    WIDTH = 30
    #: ... and no narrower than this: on a narrower terminal the line goes without one
    MIN_WIDTH = 10
    #: The time left is said once a stage has run this long (earlier it is a guess).
    ESTIMATE_AFTER_S = 3.0

    def __init__(self, stream: TextIO, *, terminal: bool, clock: Callable[[], float] = time.monotonic,
                 show_after: float = 0.0, lang: str = "nl",
                 columns: Callable[[], int] = lambda: shutil.get_terminal_size((80, 24)).columns) -> None:
        self.stream = stream
        self.terminal = terminal
        self.clock = clock
        self.show_after = show_after
        self.lang = lang
        self.columns = columns
        self._started: dict[str, float] = {}
        self._shown: dict[str, int] = {}
        self._open_line: str | None = None  # the stage whose line is not ended yet
        self._texts = catalog("cli.index")
        self._labels = {key.removeprefix("stage."): self._texts.text(key, lang)
                        for key in self._texts.entries if key.startswith("stage.")}
        self._label_width = max(map(len, self._labels.values()))

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = self.clock()
        started = self._started.setdefault(stage, now)
        if stage not in self._shown and now - started < self.show_after:
            return
        step = 100 if self.terminal else 10
        shown = (100 * done // total if total else 100) * step // 100
        if self._shown.get(stage) == shown:
            return
        self._shown[stage] = shown
        line = self._line(stage, done, total, now - started)
        if self.terminal:
            if self._open_line not in (None, stage):
                self.stream.write("\n")
            self.stream.write(f"\r{line}")
            self._open_line = stage
            if done >= total:
                self.stream.write("\n")
                self._open_line = None
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def _line(self, stage: str, done: int, total: int, elapsed: float) -> str:
        label = f"{self._labels.get(stage, stage):<{self._label_width}}"
        tail = f"{self._percent(done, total)} {done}/{total}{self._left(elapsed, done, total)}"
        if not self.terminal:
            return f"{label} {self._bar(done, total, self.WIDTH)} {tail}"
        room = self.columns() - 1  # the last column wraps on some terminals
        width = min(self.WIDTH, room - len(label) - len(tail) - 4)
        if width < self.MIN_WIDTH:  # the counts and the time left say more than a stub of a bar
            return f"{label} {tail}"[:room]
        return f"{label} {self._bar(done, total, width)} {tail}"

    @staticmethod
    def _bar(done: int, total: int, width: int) -> str:
        filled = width * done // total if total else width
        return f"[{'█' * filled}{'·' * (width - filled)}]"

    @staticmethod
    def _percent(done: int, total: int) -> str:
        return f"{100 * done // total if total else 100:3d}%"

    def _left(self, elapsed: float, done: int, total: int) -> str:
        if done <= 0 or done >= total or elapsed < self.ESTIMATE_AFTER_S:
            return ""
        left = elapsed / done * (total - done)
        return self._texts.text("left", self.lang, left=_duration(left)) if left >= 1 else ""


def _duration(seconds: float) -> str:
    minutes, secs = divmod(int(round(seconds)), 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    return f"{minutes} min {secs:02d} s" if minutes else f"{secs} s"


def stderr_progress(enabled: bool = True, show_after: float = 0.0,
                    lang: str = "nl") -> Callable[[str, int, int], None]:
    """The index build's progress on stderr, in `lang` (`enabled=False`: silent, e.g. for JSON
    output); a stage shown once it has run `show_after` seconds."""
    if not enabled:
        return lambda stage, done, total: None
    return ProgressReport(sys.stderr, terminal=sys.stderr.isatty(), show_after=show_after, lang=lang)


def open_knowledge_base(settings: Settings, *, dense: bool = True, quiet: bool = False,
                        wait_for_vectors: bool = True, progress_after: float = 0.0,
                        every_skipped: bool = False, elsewhere: ExitStack | None = None) -> KnowledgeBase:
    """Build or reuse the index (`services.open_knowledge_base`), with a progress bar and what
    was skipped or repaired on stderr; a knowledge base that cannot be opened ends the command.
    `progress_after`: a stage's bar appears only once it has run that long. `elsewhere`: where
    the index cannot be opened in its folder (a data folder that is a file, or not writable),
    this run searches by words in a temporary folder that `elsewhere` removes, and says why once."""
    from assistant.knowledge.base import KnowledgeError  # slow: bm25s, numpy

    progress = stderr_progress(not quiet, progress_after, settings.language)

    def warn(line: str) -> None:
        say_on_stderr(f"stappenplan: {line}")

    options = dict(dense=dense, progress=progress, warn=warn, wait_for_vectors=wait_for_vectors,
                   every_skipped=every_skipped)
    try:
        if elsewhere is None:
            return services.open_knowledge_base(settings, **options)
        # the app's and plain chat's fallback too: where no temporary index can be made either,
        # the first reason is the one to fix
        kb, temporary = services.open_knowledge_base_or_temporary(settings, elsewhere=elsewhere, **options)
    except KnowledgeError as exc:
        print(f"stappenplan: {exc.message(settings.language)}", file=sys.stderr)
        raise SystemExit(1) from exc
    if temporary is not None:
        warn(temporary)
    return kb


def open_cli_store(settings: Settings, lang: str) -> Store | None:
    """The projects database for a command, or None after printing why it cannot be opened.

    A damaged file that was moved aside is reported here too, so every command says so.
    """
    try:
        store = open_store(settings)
    except StoreError as exc:
        say_on_stderr(f"stappenplan: {exc.message(lang)}")
        return None
    if store.notice is not None:
        say_on_stderr(f"stappenplan: {store.notice.message(lang)}")
    return store


def text_lines(raw_lines: Iterable[bytes], on_legacy: Callable[[], None]) -> Iterator[str]:
    """Lines of bytes as text: UTF-8, a byte-order mark at the start dropped. A line that is not
    UTF-8 (a file saved by an older Windows editor) is read as Windows-1252, so "één" comes
    through rather than as "��n", and `on_legacy` is called for it."""
    first = True
    for raw in raw_lines:
        if first:
            raw, first = raw.removeprefix(codecs.BOM_UTF8), False
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            on_legacy()
            text = raw.decode("cp1252", errors="replace")  # its five unused bytes as "�"
        yield text[:-2] + "\n" if text.endswith("\r\n") else text  # as text mode reads it


#: How long after a line more input must arrive for the two to be one paste: a person pressing
#: enter and typing on is far slower, a terminal handing over pasted lines far quicker.
PASTE_GAP_S = 0.03


class TerminalInput:
    """Standard input at a terminal whose output goes elsewhere (`| tee`: input() does not edit
    the line there), line by line, that can tell a paste: lines pasted while the
    program waited for input arrive together, and are one answer (pasted rows of a list were
    each an answer of their own, and a follow-up question took the next row as its answer).
    Lines typed ahead while it was busy were there before it waited: each stays an answer."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self._buffer = b""
        self._grouping = False  # the lines read since the last turn ended are being grouped
        self._waited_for = False  # the first of those lines was waited for (no typed-ahead line)

    def __iter__(self) -> Iterator[bytes]:
        while True:
            if not self._grouping:
                self._waited_for = b"\n" not in self._buffer and not self._ready(0)
            while b"\n" not in self._buffer:
                chunk = os.read(self.fd, 65536)
                if not chunk:  # end of input (ctrl+d)
                    if self._buffer:
                        yield self._buffer
                        self._buffer = b""
                    return
                self._buffer += chunk
            line, _, self._buffer = self._buffer.partition(b"\n")
            yield line + b"\n"

    def _ready(self, seconds: float) -> bool:
        return bool(select.select([self.fd], [], [], seconds)[0])

    def waiting(self) -> bool:
        """Whether the line just read was pasted with more: more came with it, or comes within
        PASTE_GAP_S, after the program had waited for the first of them."""
        self._grouping = self._waited_for and (bool(self._buffer) or self._ready(PASTE_GAP_S))
        return self._grouping


def line_editing() -> None:
    """GNU readline under input(): at a terminal the line is edited (←, →, backspace: they were
    stored as "^[[D") and ↑ brings back an earlier line, kept in memory only (answers can be
    confidential: nothing is written to a history file)."""
    import readline

    # Python turns readline's bracketed paste off (bpo-42819). On, a paste is put into the line,
    # newlines and all, and sent with enter: a paste without a final newline was sent at once
    # and the next thing typed was stored with its last line
    readline.parse_and_bind("set enable-bracketed-paste on")
    readline.parse_and_bind("set enable-active-region off")  # a paste not shown in reverse video
    readline.parse_and_bind("tab: self-insert")  # a spreadsheet's cells, not a file name to complete


class EditedInput:
    """Standard input at a terminal, read by input() with line editing (`line_editing`). A paste
    comes as one line that holds its newlines: its lines are one answer. A terminal without
    bracketed paste hands pasted lines over one by one, far quicker than anyone types: those
    are grouped as TerminalInput groups them. `prompt` is what the next read says first (its
    "> "): readline must know it to redraw the line."""

    def __init__(self, fd: int) -> None:
        line_editing()
        self.fd = fd
        self.prompt = ""
        self._pasted: list[str] = []  # the lines of the paste last read not given yet
        self.ended = False  # by ctrl+d, where readline ends the line typed on itself
        self._grouping = False
        self._waited_for = False

    def __iter__(self) -> Iterator[str]:
        while True:
            if not self._pasted:
                if not self._grouping:
                    self._waited_for = not self._ready(0)
                prompt, self.prompt = self.prompt, ""
                try:
                    text = input(prompt)
                except EOFError:  # ctrl+d
                    self.ended = True
                    return
                # a paste that ends with a newline waits for enter all the same: not an empty line
                self._pasted = text.rstrip("\n").split("\n")
            yield self._pasted.pop(0) + "\n"

    def _ready(self, seconds: float) -> bool:
        return bool(select.select([self.fd], [], [], seconds)[0])

    def waiting(self) -> bool:
        """Whether the line just read was pasted with more: the rest of its paste, or lines that
        come within PASTE_GAP_S after the program had waited for the first of them."""
        if self._pasted:
            return True
        self._grouping = self._waited_for and self._ready(PASTE_GAP_S)
        return self._grouping


def terminal_input() -> EditedInput | TerminalInput | None:
    """Standard input where it is a terminal (and the system can wait on it): an EditedInput
    where standard output is one too (input() edits a line only then), else a TerminalInput.
    Their lines are read as `stdin_lines` reads them."""
    if os.name != "posix" or not sys.stdin.isatty() or not isinstance(sys.stdin, io.TextIOWrapper):
        return None
    # input() decodes as sys.stdin does: a byte it cannot read is kept for `terminal_text`, not
    # raised as UnicodeDecodeError (strict in a UTF-8 locale or with PYTHONIOENCODING)
    sys.stdin.reconfigure(errors="surrogateescape")
    if sys.stdout.isatty():
        return EditedInput(sys.stdin.fileno())
    return TerminalInput(sys.stdin.fileno())


#: Bytes the locale's encoding could not read, as surrogateescape keeps them (U+DC80..U+DCFF).
_UNDECODED = re.compile("[\udc80-\udcff]+")


def terminal_text(line: str) -> tuple[str, bool]:
    """A line from a terminal, decoded in the locale's encoding with surrogateescape, as valid
    text, and whether something in it was dropped. The bytes that encoding could not read are
    read as UTF-8, which terminals send under LANG=C too (there, with Python's UTF-8 mode off,
    stdin is ASCII); what is not UTF-8 either goes: what a Backspace leaves of "€" where it
    erases a byte, not a character (readline in a C locale). Kept, the line raised
    UnicodeEncodeError in the database and the answer was lost."""
    dropped = False

    def as_utf8(match: re.Match[str]) -> str:
        nonlocal dropped
        raw = bytes(ord(char) - 0xDC00 for char in match.group())
        text = raw.decode("utf-8", errors="ignore")
        dropped = dropped or len(text.encode()) < len(raw)
        return text

    return _UNDECODED.sub(as_utf8, line), dropped


def stdin_lines(lang: str, source: EditedInput | TerminalInput | None = None) -> Iterator[str]:
    """Standard input's lines as `text_lines` reads them, or a terminal's (`source`) as
    `terminal_text` reads them; the first line read as Windows-1252 is said once on stderr, as
    the text may still hold a character that was misread, and so is the first character that
    could not be read at a terminal (the rest of its line is used)."""
    said: set[str] = set()

    def say_once(key: str) -> None:
        if key not in said:
            said.add(key)
            say_on_stderr(f"stappenplan: {catalog('cli.input').text(key, lang)}")

    def readable(lines: Iterable[str]) -> Iterator[str]:
        for line in lines:
            text, dropped = terminal_text(line)
            if dropped:
                say_once("unreadable_character")
            yield text

    if isinstance(source, EditedInput):  # text already, decoded by input() as sys.stdin decodes
        return readable(source)
    if source is not None:
        return readable(raw.decode(sys.stdin.encoding, errors="surrogateescape") for raw in source)
    if isinstance(sys.stdin, io.TextIOWrapper):
        return text_lines(sys.stdin.buffer, lambda: say_once("legacy_encoding"))
    return iter(sys.stdin)  # a stream of text already (a test's StringIO)


def similar_hint(store: Store, name: str, text: dict[str, str]) -> str:
    """" Bedoelde u '…'?" (the command's `did_you_mean`) where another project's name is nearly
    `name`, else "": for a project named that is not there."""
    similar = store.similar_project(name)
    return f" {text['did_you_mean'].format(name=similar.name)}" if similar else ""


class ClosableOutput:
    """Standard output that a reader may close (`| head`, `less` quit early): what is written
    after that is dropped, and the caller goes on with its input (piped answers were not saved
    once the output was gone)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.closed = False

    def write(self, text: str) -> None:
        if not self.closed:
            self._guard(lambda: self.stream.write(text))

    def flush(self) -> None:
        if not self.closed:
            self._guard(self.stream.flush)

    def _guard(self, act: Callable[[], object]) -> None:
        try:
            act()
        except BrokenPipeError:
            self.closed = True
            # the interpreter's own flush at exit would say it again, as a traceback
            try:
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, self.stream.fileno())
                os.close(devnull)
            except (OSError, ValueError, io.UnsupportedOperation):
                pass


def plain_heading(title: str, width: int | None = None) -> str:
    """A title as a heading: after a blank line more than the text has between its paragraphs,
    wrapped at `width` as `wrap_plain` does. A screen reader reads it once (the lines of "="
    above and under it were read out as noise); the space sets it apart on screen."""
    return f"\n{wrap_plain(title, width)}"


def terminal_width(stream: TextIO) -> int | None:
    """The width to wrap plain output at: the terminal's where `stream` is one (COLUMNS first, as
    shutil.get_terminal_size takes it: `COLUMNS=50` was ignored); None where it is piped (a
    script or a file gets each line whole)."""
    try:
        if not stream.isatty():
            return None
        columns = os.environ.get("COLUMNS", "")
        return int(columns) if columns.isdigit() and int(columns) > 0 else os.get_terminal_size(stream.fileno()).columns
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
        return None


def say_on_stderr(text: str) -> None:
    """A message on standard error, its lines broken between words at a terminal's width (the
    terminal broke "sch|erm" in two), whole where it is piped."""
    print(wrap_plain(text, terminal_width(sys.stderr)), file=sys.stderr, flush=True)


def say_interrupted(text: str) -> None:
    """What ctrl+c ended, on standard error: at a terminal on a line of its own (it began right
    after the "^C" on the input line)."""
    say_on_stderr(f"\n{text}" if terminal_width(sys.stderr) else text)


def say_on_stdout(text: str) -> None:
    """A command's message on standard output, its lines broken between words at a terminal's
    width as chat's are (`projects` and `import` broke "15:4|7"), whole where it is piped."""
    print(wrap_plain(text, terminal_width(sys.stdout)))


#: What a line begins with that its wrapped lines repeat (a quote's "> ") or stand under (the
#: text after a list's bullet, a source's number, an indent)
_QUOTE = re.compile(r"(?:> ?)+")
#: (and a number in a column of its own: `learn --plain`'s lessons, "  2  Stap 2 · …")
_HANGING = re.compile(r"\s*(?:[-·•*✓✗!] |\[\d+\] |\d+[.)] |[a-z]\) |\d+ {2,})?")
#: What stays on one line: a command to type that ends a line ("…: stappenplan import FILE
#: --replace NAME" was broken between FILE and --replace); the program's name alone is a word
#: ("Handreiking: stappenplan voor het inkopen")
_UNBROKEN = re.compile(rf"(?<=: )stappenplan (?:-|(?:{'|'.join(COMMANDS)})\b).*$")
#: stands for a space that must not break a line while `wrap_plain` wraps (textwrap breaks at
#: whitespace only)
_GLUE = "\x00"
#: a currency sign and the amount after it: "Maximaal €" / "250.000" read as two things
_CURRENCY = re.compile(r"(?<=[€$£]) (?=\d)")


def wrap_plain(text: str, width: int | None) -> str:
    """`text` with each line wider than `width` broken between words, as a terminal showed it
    cut in the middle of one ("inkop|en"); a quote's lines keep its "> ", a list item's and an
    indented line's stand under its text. A word wider than `width` (a link, a path) stays
    whole, on a line of its own, and so does a command that ends a line. `width` None: `text`
    as it is."""
    if not width:
        return text
    out: list[str] = []
    for line in text.split("\n"):
        if cell_len(line) <= width:
            out.append(line)
            continue
        quote = _QUOTE.match(line)
        if quote:
            first = rest = quote.group()
        else:
            first = _HANGING.match(line).group()
            rest = " " * len(first)
        body = _UNBROKEN.sub(lambda m: m.group().replace(" ", _GLUE), line[len(first):])
        body = _CURRENCY.sub(_GLUE, body)
        out += [wrapped.replace(_GLUE, " ") for wrapped in
                textwrap.wrap(body, width, initial_indent=first, subsequent_indent=rest,
                              break_long_words=False, break_on_hyphens=False)] or [line]
    return "\n".join(out)


def remark_lines(answer: Answer) -> list[str]:
    """An answer's notes about it ("Gezocht op …") and its warnings ("! …"), a line each, for
    under it after a blank line; its leading notes go before it (`with_leading_notes`). A note
    has no "i" icon before it (a screen reader read it out as the letter): the blank line sets
    it apart from the text above."""
    remarks = [*answer.trailing_notes, *(f"! {warning}" for warning in answer.warnings)]
    return ["", *remarks] if remarks else []


def source_line(number: int, title: str, section: str, lang: str = "nl") -> str:
    """A source under an answer: "[1] title · section", or "[1] title" for a passage that comes
    before its document's first heading (it has none; "· —" read as a section named "—"). In
    English the Dutch titles with their glosses: for a reader of no Dutch the one handle on the quote."""
    title, section = title_in(title, lang), section_in(section, lang)
    return f"[{number}] {title} · {section}" if section else f"[{number}] {title}"


def with_leading_notes(text: str, answer: Answer) -> str:
    """`text` after the answer's leading notes ("The guidance is written in Dutch …"), each a
    paragraph of its own: said after the Dutch text, it came too late."""
    return "\n\n".join([*answer.leading_notes, text]) if answer.leading_notes else text


_HEADING = re.compile(r"^#{1,6}\s+", re.MULTILINE)
_BOLD = re.compile(r"(?<!\\)\*\*")
_CODE = re.compile(r"(?<!\\)`")


#: *emphasis* between word characters' edges (not a bullet's "* " nor "2 * 3")
_EMPHASIS = re.compile(r"(?<![\w*\\])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
#: emphasis by underscores ("_(concept)_" after a drafted line); not inside a word (step4_criteria)
_UNDERSCORE_EMPHASIS = re.compile(r"(?<![\w\\])_(?=\S)([^_\n]+?)(?<=\S)_(?!\w)")
#: two spaces at a line's end: Markdown's hard line break
_HARD_BREAK = re.compile(r" {2,}$", re.MULTILINE)


def markdown_to_plain(text: str) -> str:
    """Our Markdown as plain text: headings, bold, emphasis and code marks and hard-break
    spaces go ("*De documenten zeggen hier niets over.*" kept its stars); escapes are undone."""
    text = _HEADING.sub("", text)
    text = _BOLD.sub("", text)
    text = _EMPHASIS.sub(r"\1", text)
    text = _UNDERSCORE_EMPHASIS.sub(r"\1", text)
    text = _CODE.sub("", text)
    text = _HARD_BREAK.sub("", text)
    return unescape_markdown(text)
