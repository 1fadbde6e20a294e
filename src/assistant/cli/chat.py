"""`stappenplan chat --plain`: the guided conversation on standard input and output.

For scripts, screen-reader users and tests: one user turn per input line, the assistant's
turns printed as plain text (sources numbered: document · section · quoted passage). End of
input saves and exits with 0 (every answer is already committed when it is given).

Multi-line input: end a line with a backslash to continue on the next line, or put the lines
between two lines holding only three double quotes. On one line, ``;`` separates the entries
of a list question, except where the question takes an entry's parts with it (step 2's assessment).
"""

from __future__ import annotations

import argparse
import re
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from typing import TextIO

from assistant.answer import quoted
from assistant.cli.common import (ClosableOutput, EditedInput, markdown_to_plain, plain_heading, remark_lines,
                                  say_interrupted, say_on_stderr, source_line, stdin_lines, terminal_input,
                                  terminal_width, with_leading_notes, wrap_plain)
from assistant.core.i18n import catalog
from assistant.core.prefs import remember, remembered_project
from assistant.core.settings import Settings
from assistant.core.numbers import grouped
from assistant.core.textsafe import MAX_TEXT_CHARS, clean_text, strip_escapes
from assistant.plan.conversation import Turn
from assistant.plan.command_syntax import is_quit
from assistant.plan.messages import msg
from assistant.services import Knowledge, lazy_knowledge
from assistant.services.conversation import open_conversation, project_to_open
from assistant.services.guidance import GuidanceService
from assistant.store import Store

#: Typed alone, these end the plain session too, as in `ask` and `learn` (the README says so):
#: "stop" was stored as the answer to the question asked. A one-word answer "stop" is rare;
#: one that means it can say more ("we stoppen het project").
_STOP_WORDS = frozenset({"stop", "stoppen"})


def _ends_session(text: str) -> bool:
    """Whether the line leaves the conversation: is_quit's words and commands, or a stop word."""
    return is_quit(text) or text.strip().lower().rstrip(".!") in _STOP_WORDS


#: The project `chat --plain` opens without --project, by language ("Welcome to project Mijn
#: project" greeted English users); one made earlier in the other language is resumed.
DEFAULT_PROJECTS = {"nl": "Mijn project", "en": "My project"}
BLOCK = '"""'


def add_parser(subparsers, name: str) -> None:
    parser = subparsers.add_parser(
        name,
        help="het begeleide gesprek: de app, of met --plain platte tekst / the guided conversation: the app, "
             "or plain text with --plain",
        description="Het begeleide gesprek over het stappenplan: op een terminal de app, met --plain (of zonder "
                    "terminal) als platte tekst op standaardinvoer en -uitvoer. / The guided conversation on the "
                    "ten steps: at a terminal the app, with --plain (or without a terminal) as plain text on "
                    "standard input and output.",
    )
    parser.add_argument("--plain", action="store_true",
                        help="platte tekst, zonder de terminal-app / plain text, without the terminal app")
    parser.add_argument("--project", default=argparse.SUPPRESS,
                        help=f"projectnaam (standaard het laatst gebruikte project, of '{DEFAULT_PROJECTS['nl']}'; wordt "
                             f"aangemaakt als die niet bestaat) / project name (default: the project used last, or "
                             f"'{DEFAULT_PROJECTS['en']}'; created when missing)")
    parser.add_argument("--new", action="store_true", default=argparse.SUPPRESS,
                        help="begin --project als nieuw project, ook als een ander project bijna zo heet "
                             "(anders: de vraag of u dat bedoelde; een project met precies die naam wordt "
                             "geopend, en dat wordt gezegd) / start --project as a new project even if another's "
                             "name is nearly the same (else: asked whether you meant that one; a project with "
                             "that very name is opened, and that is said)")
    parser.add_argument("--organisation", default="", help="organisatie bij een nieuw project / organisation")
    parser.add_argument("--lang", choices=["nl", "en"], default=argparse.SUPPRESS,
                        help="taal van de assistent / assistant language")
    parser.add_argument("--lexical", action="store_true",
                        help="alleen op woorden zoeken, zonder het betekenismodel (zoals ask --lexical) / "
                             "words only, without the meaning model (as ask --lexical)")
    # the default now (the meaning model, as `ask`): still taken, for scripts that pass it
    parser.add_argument("--dense", action="store_true", help=argparse.SUPPRESS)


# ---------------------------------------------------------------------------------------------
# input: lines -> user turns
# ---------------------------------------------------------------------------------------------
class Unfinished(str):
    """A turn the input ended amid: end of input or ctrl+c in a block, after a backslash or
    before the line's enter. At a terminal the cursor is still on the line typed on, and the
    conversation is over: what comes next is not asked."""


def read_turns(lines: Iterable[str], on_more: Callable[[], None] | None = None,
               pasted: Callable[[], bool] | None = None) -> Iterator[str]:
    """Group input lines into user turns (backslash continuation, triple-quote blocks, and, with
    `pasted`, lines that came at once: a paste). `on_more` is called for each line read that
    does not end a turn: a prompt that more is awaited (at a terminal nothing was printed, and
    a block read as a hang). Ctrl+c amid a block or a continuation gives the lines already sent
    with enter as a turn, as the end of input does, before it goes on: "Afgebroken" said they were
    kept, and they were lost."""
    buffer: list[str] = []
    try:
        yield from _grouped_turns(lines, buffer, on_more or (lambda: None), pasted)
    except KeyboardInterrupt:
        if buffer:
            yield Unfinished("\n".join(buffer))
        raise


def _grouped_turns(lines: Iterable[str], buffer: list[str], more: Callable[[], None],
                   pasted: Callable[[], bool] | None) -> Iterator[str]:
    """`read_turns`' grouping; `buffer` holds the lines of the turn not ended yet."""
    in_block = False
    for raw in lines:
        line = raw.rstrip("\r\n")
        if in_block:
            if line.strip() == BLOCK or line.rstrip().endswith(BLOCK):
                tail = line.rstrip()[: -len(BLOCK)]
                if tail.strip():
                    buffer.append(tail)
                in_block = False
                yield "\n".join(buffer)
                buffer.clear()
            else:
                buffer.append(line)
                more()
            continue
        stripped = line.strip()
        if stripped.startswith(BLOCK) and not buffer:
            rest = stripped[len(BLOCK):]
            if rest.endswith(BLOCK) and len(rest) >= len(BLOCK):  # """one line"""
                yield rest[: -len(BLOCK)]
                continue
            in_block = True
            if rest.strip():
                buffer.append(rest)
            more()
            continue
        if line.endswith("\\") and not line.endswith("\\\\"):
            buffer.append(line[:-1])
            more()
            continue
        buffer.append(line)
        if pasted is not None and pasted():
            continue  # the next line came with this one: one answer
        turn = "\n".join(buffer)
        yield turn if raw.endswith("\n") else Unfinished(turn)
        buffer.clear()
    if buffer:
        yield Unfinished("\n".join(buffer))


# ---------------------------------------------------------------------------------------------
# output: turns -> plain text
# ---------------------------------------------------------------------------------------------
def render_turn(turn: Turn, lang: str = "nl", *, typed: str | None = None, width: int | None = None,
                note: Turn | None = None) -> str:
    """One assistant turn as plain text, with its sources, wrapped at `width` (a terminal's; None:
    lines whole). A saved answer that is exactly what was `typed` at a terminal is not quoted
    back: the user's own line is on screen above it. Anything else is: an answer stored
    otherwise than typed ("ja, …" kept as "✓ …"), and the answer it replaced ("Dit vervangt het
    vorige antwoord:" was followed by nothing, for a screen reader the one moment it matters)."""
    text = markdown_to_plain(_quotes_as_plain(turn.text, typed if turn.kind == "stored" else None))
    if turn.kind == "step" and text:
        first, _, rest = text.partition("\n")
        text = f"{plain_heading(first, width)}{(chr(10) + rest) if rest else ''}"
    if turn.answer is not None:
        text = with_leading_notes(text, turn.answer)
    if note is not None:
        text = f"{text}\n\n{render_turn(note, lang)}"
    if turn.citations and turn.kind in ("guidance", "quote"):
        lines = [text, "", f"{msg('sources', lang)}:"]
        for c in turn.citations:
            p = c.passage
            lines.append(source_line(c.number, p.title or p.doc, p.section, lang))
            # a step's quote is in the text already, and so is an extractive answer's where it
            # quotes the passage word for word: read out again under the sources, a screen
            # reader said every sentence twice
            if turn.kind == "guidance" and not says_quote(text, c.quote):
                lines.append(f"    {quoted(' '.join(c.quote.split()))}")
        text = "\n".join(lines)
    if turn.answer is not None:
        text = "\n".join([text, *remark_lines(turn.answer)])
    return wrap_plain(text, width)


#: What a quote's words are compared without: citation marks, quotation marks and "…".
_NOT_WORDS = re.compile(r"\[\d+\]|[“”\"‘’…]")


def says_quote(text: str, quote: str) -> bool:
    """Whether `text` reads out every part of `quote` word for word (its parts are the runs
    between "…": items of one list quoted apart)."""
    said = " ".join(_NOT_WORDS.sub(" ", text).split())
    parts = [" ".join(part.split()) for part in _NOT_WORDS.sub(lambda m: "\0" if m.group() == "…" else " ",
                                                             quote).split("\0")]
    parts = [part for part in parts if part]
    return bool(parts) and all(part in said for part in parts)


#: Quoted lines ("> …") in a turn's Markdown; a ">" typed by the user is escaped ("\\>").
_QUOTE_MARK = re.compile(r"^>[ ]?")
#: A quote set off from the text around it, in plain text.
QUOTE_INDENT = "    "


def _quotes_as_plain(text: str, typed: str | None = None) -> str:
    """`text` (Markdown) with its quotes as plain text has them. "> " is the prompt at a terminal:
    a saved answer quoted so read as a line to type on ("> nee, not really"). A quote of one
    line that ends the line above it ("Opgeslagen bij “Wie …?”:") goes on that line, so the
    sentence reads whole; a longer one is indented. With `typed`, the first quote goes where it
    is exactly what was typed at a terminal, and the sentence it ended ends there: a screen
    reader read "Opgeslagen bij …:" followed by nothing."""
    lines = text.split("\n")
    out: list[str] = []
    at = 0
    while at < len(lines):
        if not _QUOTE_MARK.match(lines[at]):
            out.append(lines[at])
            at += 1
            continue
        end = at
        while end < len(lines) and _QUOTE_MARK.match(lines[end]):
            end += 1
        quote = [_QUOTE_MARK.sub("", line, count=1) for line in lines[at:end]]
        introduced = bool(out) and out[-1].rstrip().endswith(":")
        if typed is not None and " ".join(markdown_to_plain("\n".join(quote)).split()) == " ".join(typed.split()):
            if introduced:
                out[-1] = out[-1].rstrip()[:-1] + "."
        elif introduced and len(quote) == 1:
            out[-1] = f"{out[-1].rstrip()} {quote[0]}"
        else:
            out += [QUOTE_INDENT + line if line.strip() else "" for line in quote]
        typed = None  # only the first quote can be the answer typed
        at = end
    return "\n".join(out)


#: The turns that go on to what comes next: the next question, a step's end and the next step.
_NEXT_KINDS = frozenset({"ask", "summary", "step", "quote"})


def until_what_comes_next(turns: list[Turn]) -> list[Turn]:
    """`turns` up to what comes next (and the note that leads to it, "question 5 is still
    open"): the conversation ends there, and the next step's introduction was printed before
    the goodbye."""
    at = next((i for i, turn in enumerate(turns) if turn.kind in _NEXT_KINDS), len(turns))
    while at and turns[at - 1].kind == "info" and at < len(turns):
        at -= 1
    return turns[:at]


def print_turns(turns: list[Turn], out: TextIO | ClosableOutput, lang: str, *, typed: str | None = None,
                width: int | None = None) -> None:
    shown: set[int] = set()
    for at, turn in enumerate(turns):
        if at in shown:
            continue
        # the glossary's note after an answer (an English question's terms in Dutch) right under
        # the answer, as the app shows it: its own turn, it came after all the sources
        after = turns[at + 1] if at + 1 < len(turns) else None
        note = after if turn.kind == "guidance" and turn.citations and after is not None and after.kind == "term" else None
        if note is not None:
            shown.add(at + 1)
        # nothing from a model, an imported file or a document may write to the terminal
        out.write(strip_escapes(render_turn(turn, lang, typed=typed, width=width, note=note)).rstrip() + "\n\n")
    out.flush()


# ---------------------------------------------------------------------------------------------
# run
# ---------------------------------------------------------------------------------------------
def _knowledge(settings: Settings, *, dense: bool, lang: str, elsewhere: ExitStack,
               early: bool = False) -> Callable[[], Knowledge]:
    """The knowledge base and answerer, opened when the conversation first needs them; `early`
    (at a terminal): opened at once, in the background, so the meaning model loads while the
    user reads and types the first line. What opening it says (a folder of corpus_dirs that is
    not there) goes to stderr, as `ask` says it: into the log, a typo in the settings went unseen.
    Where the index folder cannot be used, a temporary index in `elsewhere`, as `ask` has it."""
    opened = lazy_knowledge(settings, dense=dense, lang=lang, elsewhere=elsewhere,
                            warn=lambda line: say_on_stderr(f"stappenplan: {line}"))
    lock = threading.Lock()  # the question asked meanwhile waits for it, not a second opening

    def knowledge() -> Knowledge:
        with lock:
            return opened()

    def open_early() -> None:
        try:
            knowledge()
        except Exception:  # noqa: BLE001 - the same error comes again when a question needs it
            pass

    if early:
        threading.Thread(target=open_early, name="chat-knowledge", daemon=True).start()
    return knowledge


def default_project(store: Store, lang: str, opened: int | None = None) -> str:
    """The project opened last (`opened`, where it is still there) or else changed last, as the
    app opens it (a new "Mijn project" beside the user's own became the one the app opened next);
    with none, the default project's name in `lang`."""
    project = project_to_open(store, opened)
    return DEFAULT_PROJECTS["en" if lang == "en" else "nl"] if project is None else project.name


def _set_organisation(store: Store, name: str, organisation: str, lang: str) -> None:
    """--organisation for a project that is there already: set, and said (it was ignored without
    a word; a new project is made with it). In a read-only data folder: said not to be used."""
    project = store.find_project(name) if organisation.strip() else None
    if project is None or project.organisation == organisation.strip():
        return
    if store.read_only is not None:
        said = catalog("cli.input").text("organisation_not_set", lang, project=project.name)
    else:
        project = store.update_project(project.id, organisation=organisation)
        said = catalog("cli.input").text("organisation_set", lang, project=project.name,
                                         organisation=project.organisation)
    say_on_stderr(f"stappenplan: {said}")


def run(args: argparse.Namespace) -> int:
    from assistant.cli import tui
    from assistant.cli.common import open_cli_store, settings_from_args, setup_logging

    if tui.opens_app(args):
        return tui.run(args)

    settings = settings_from_args(args)
    setup_logging(settings)
    lang = getattr(args, "lang", None) or settings.language

    from assistant.store import StoreError

    store = open_cli_store(settings, lang)
    if store is None:
        return 1
    elsewhere = ExitStack()  # a temporary index, where the index folder cannot hold one
    try:
        name = getattr(args, "project", None)
        named = name is not None
        if name is None:  # given empty, it is refused as "   " is, not taken for the default
            name = default_project(store, lang, remembered_project(settings))
        chosen = getattr(args, "lang", None) or "language" in settings.model_fields_set
        interactive = sys.stdin.isatty()
        terminal = terminal_input() if interactive else None
        try:
            found = None if chosen else store.find_project(name)
            if found is not None and found.language in ("nl", "en"):
                # no language asked for: the project's own (one made with --lang en reopened in Dutch)
                lang = found.language
            _set_organisation(store, name, getattr(args, "organisation", "") or "", lang)
            # --project opens a project of that name: --new said nothing, and the user typed into it as new
            existing = store.find_project(name) if named and getattr(args, "new", False) else None
            conversation = open_conversation(
                settings, store, name, lang=lang,
                # the meaning model as `ask` uses it: by words alone, "What is an SBIR?" was
                # answered from passages on a field lab and innovation partnerships
                guidance=GuidanceService(_knowledge(settings, dense=not getattr(args, "lexical", False),
                                                    lang=lang, early=terminal is not None, elsewhere=elsewhere)),
                organisation=getattr(args, "organisation", "") or "",
                refuse_similar=named and not getattr(args, "new", False),
                # piped in, each line is one answer: the line after one that could be a question
                # is no reply to "1 or 2?"
                asks_which_meant=interactive,
            )
        except StoreError as exc:
            say_on_stderr(f"stappenplan: {exc.message(lang)}")
            return 1
        if existing is not None:
            say_on_stderr(f"stappenplan: {catalog('cli.input').text('new_but_exists', lang, project=existing.name)}")
        if store.read_only is None:
            remember(settings, "project", str(conversation.project.id))  # the app opens it next
        out = ClosableOutput(sys.stdout)
        width = terminal_width(sys.stdout)  # at a terminal, lines broken between words; piped, whole
        waiting = False  # at a prompt, where ctrl+c loses a line half typed
        unfinished = quit_said = False
        try:
            # in a read-only data folder the greeting is only shown, as in the app
            print_turns(conversation.resume(save=store.read_only is None)[1].turns, out, lang, width=width)
            edited = isinstance(terminal, EditedInput)

            echo_prompt = ""  # piped in: the prompt each line read is echoed after

            def prompt(text: str) -> None:
                nonlocal echo_prompt
                if edited:  # said by input(): readline redraws the line after it
                    terminal.prompt = text
                elif interactive:
                    out.write(text)
                    out.flush()
                else:
                    echo_prompt = text

            def echoed(lines: Iterable[str]) -> Iterator[str]:
                """Piped in, each line read after its prompt, so that the transcript reads as a
                session (it showed the answers alone, not what they answered)."""
                for line in lines:
                    out.write(wrap_plain(strip_escapes(echo_prompt + line.rstrip("\r\n")), width) + "\n")
                    yield line

            def line_ended() -> bool:  # by readline, at ctrl+d (at ctrl+c it is not)
                return edited and terminal.ended

            prompt("> ")
            not_saved = cut = 0
            def prompt_more() -> None:
                prompt("... ")

            waiting = True
            lines = stdin_lines(lang, terminal)
            for text in read_turns(lines if interactive else echoed(lines), on_more=prompt_more,
                                   pasted=terminal.waiting if terminal is not None else None):
                waiting = False
                unfinished = interactive and isinstance(text, Unfinished)
                if unfinished and not line_ended():  # the cursor is still on the prompt's line ("... ^C")
                    out.write("\n")
                if _ends_session(text):  # "/stop", "stop", "exit": every answer is saved already
                    # said, as learn says it, piped in too: "/stop" printed nothing at all
                    out.write(msg("bye_saved", lang) + "\n")
                    quit_said = True
                    break
                if interactive and clean_text(text)[1]:
                    # refused whole, as the app refuses it: cut, it was stored mid-word (piped in it
                    # is cut as before: refused, each later line would answer the question before)
                    out.write(wrap_plain(catalog("cli.input").text(
                        "too_long", lang, count=grouped(len(text), lang), max=grouped(MAX_TEXT_CHARS, lang)),
                        width) + "\n\n")
                else:
                    # typed at a terminal, the answer is on screen already; piped in, it is not
                    outcome = conversation.handle(text)
                    not_saved += outcome.not_saved
                    cut += outcome.cut and not outcome.not_saved
                    # the input ends with this turn: what it stored, not the next question or step
                    turns = until_what_comes_next(outcome.turns) if unfinished else outcome.turns
                    print_turns(turns, out, lang, typed=text if interactive else None, width=width)
                if not unfinished:
                    prompt("> ")
                waiting = True
        except StoreError as exc:  # e.g. a read-only data folder: say why, never a traceback
            say_on_stderr(f"stappenplan: {exc.message(lang)}")
            return 1
        except KeyboardInterrupt:
            # a line half typed is lost only at a prompt for one (or in a block); not while the
            # answer was being made, nor at "1 or 2?" (its reply is a digit, not an answer)
            typing = unfinished or (waiting and not conversation.awaiting_choice)
            said = "interrupted_chat" if typing else "interrupted_chat_sent"
            say_interrupted(catalog("cli.input").text(said, lang))
            return 130
        if interactive:
            # past the prompt's "> " (a turn the input ended amid is on a line of its own)
            if not unfinished and not line_ended():
                out.write("\n")
            if not quit_said and not conversation.awaiting_choice:  # ctrl+d: as /stop says (it was silent)
                out.write(msg("bye_saved", lang) + "\n")
        if out.closed:
            say_on_stderr(f"stappenplan: {catalog('cli.input').text('output_closed', lang)}")
        if conversation.awaiting_choice:  # the last line is neither stored nor asked: say so
            held = conversation.data.ambiguous or ""
            say_on_stderr(f"stappenplan: {catalog('cli.input').text('choice_pending', lang, text=held[:80])}")
            not_saved += 1
        # said under each; the status tells a script its input was not all kept. An input cut short
        # and kept in part is said so: "niet opgeslagen" contradicted "de eerste 20000 tekens zijn bewaard"
        for count, key in ((cut, "inputs_cut"), (not_saved, "inputs_not_saved")):
            if count:
                say_on_stderr(f"stappenplan: {msg(key + '_one' if count == 1 else key, lang, count=count)}")
        if not interactive and not quit_said:  # as /stop says it: the input's end was silent
            ended = "input_ended_not_all_saved" if not_saved or cut else "input_ended"
            out.write(wrap_plain(catalog("cli.input").text(ended, lang), width) + "\n")
            out.flush()
        return 1 if not_saved or cut else 0
    finally:
        store.close()
        elsewhere.close()
