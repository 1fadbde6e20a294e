"""`stappenplan ask`: answer a question from the guidance, with sources."""

from __future__ import annotations

import errno
import os
import sys
import threading
import time
from argparse import SUPPRESS, ArgumentTypeError, Namespace
from contextlib import ExitStack
from typing import TextIO

from assistant.answer import Answerer, quoted
from assistant.answer.extractive import ExtractiveAnswerer
from assistant.answer.messages import message, question_problem
from assistant.cli.common import (line_editing, markdown_to_plain, open_knowledge_base, remark_lines,
                                  settings_from_args, setup_logging, source_line, stdin_lines, terminal_width,
                                  with_leading_notes, wrap_plain)
from assistant.core.i18n import catalog
from assistant.core.numbers import grouped
from assistant.core.settings import Settings
from assistant.core.textsafe import MAX_TEXT_CHARS, json_for_terminal, strip_escapes
from assistant.knowledge.types import Answer, QuestionError
from assistant.learn.messages import QUIT_WORDS
from assistant.plan.command_syntax import is_quit
from assistant.services import knowledge_for
from assistant.services.guidance import GuidanceReply, answer_question, with_standing_notes

_TEXT = catalog("cli.ask")
#: A question's index check and model loading take a few hundred ms: their progress is shown
#: only for a stage that takes longer than this (a first index build, a changed library).
PROGRESS_AFTER_S = 1.0


class OutputError(Exception):
    """Standard output cannot be written (a full device such as /dev/full, a closed file)."""


def emit(text: str) -> None:
    """One piece of output for the terminal: no escape sequence or control character from a
    question, an id, a document or a model gets through. Raises OutputError."""
    try:
        print(strip_escapes(text), flush=True)
    except BrokenPipeError:
        raise  # the reader stopped (`| head`): the CLI ends quietly
    except OSError as exc:
        raise OutputError(exc) from exc


def emit_plain(text: str) -> None:
    """`emit` for text to be read (not JSON): at a terminal, its lines broken between words at
    its width (the terminal cut words in half); piped, whole."""
    emit(wrap_plain(text, terminal_width(sys.stdout)))


def _report_unwritable(exc: OutputError, lang: str) -> int:
    cause = exc.__cause__
    text = _TEXT.language(lang)
    reason = text["full"] if getattr(cause, "errno", None) == errno.ENOSPC else getattr(cause, "strerror", None) or cause
    # what is still buffered for stdout would fail again at exit, with a traceback
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    print(text["unwritable"].format(reason=reason), file=sys.stderr)
    return 1


def add_parser(subparsers, name: str) -> None:
    parser = subparsers.add_parser(
        name, help="beantwoord een vraag uit de handreikingen / answer a question",
        description="Beantwoord een vraag uit de handreikingen, met de passages als bronnen; zonder vraag "
                    "interactief (stoppen met stop). / Answer a question from the guidance, with its passages "
                    "as sources; without a question, interactively (quit with stop).")
    parser.add_argument("question", nargs="*", help="de vraag (leeg: interactief) / the question")
    parser.add_argument("--json", action="store_true", help="JSON-regels als uitvoer / JSON lines output")
    parser.add_argument("--k", type=passage_count, default=5,
                        help=f"aantal passages, 1 tot {MAX_K} (standaard 5) / number of passages, 1 to {MAX_K} (default 5)")
    parser.add_argument("--batch", metavar="QUESTIONS.jsonl",
                        help="vragen uit een JSONL-bestand (id, question; - leest de standaardinvoer) / "
                             "questions from a JSONL file (id, question; - reads standard input)")
    parser.add_argument("--lexical", action="store_true",
                        help="alleen zoeken op woorden, sneller opstarten / words only, a faster start")
    # SUPPRESS: a --lang given before the subcommand ("stappenplan --lang en ask …") is not reset
    parser.add_argument("--lang", choices=["nl", "en"], default=SUPPRESS, help="taal / language")


#: The status of a run without a question (`ask ""`, blank lines piped in, a batch without one):
#: a usage error, the same everywhere (a blank line piped in ended with 0, a batch with 1)
NO_QUESTION = 2

#: The most passages a question is answered with ("--k 100000" gave 33 without a word).
MAX_K = 50


def passage_count(text: str) -> int:
    """--k: a whole number from 1 to MAX_K (0 and -1 gave one passage, silently)."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= MAX_K:
        raise ArgumentTypeError(f"kies 1 tot {MAX_K} / choose 1 to {MAX_K}: {text!r}")
    return value


def answer_record(qid: object, question: str, answer: Answer, k: int) -> dict[str, object]:
    return {
        "id": qid,
        "question": question,
        "found": answer.found,
        "answer": answer.text if answer.found else "",
        "passages": [
            {"rank": p.rank, "doc": p.doc, "title": p.title, "section": p.section, "text": p.text, "score": p.score}
            for p in answer.passages[:k]
        ],
    }


def format_answer(answer: Answer, lang: str, note: str | None = None) -> str:
    # plain text, as chat --plain prints it ("**Uit de leidraad …:**" above the guidance's answer);
    # `note` (an English question's terms in Dutch, the glossary's entry) right under the answer,
    # as the app shows it: printed after the sources, it stood below them all
    lines = [with_leading_notes(markdown_to_plain(answer.text), answer), *remark_lines(answer)]
    if note:
        lines += ["", markdown_to_plain(note)]
    if answer.found and answer.citations:
        lines.append("")
        lines.append(f"{message('sources', lang)}:")
        for citation in answer.citations:
            p = citation.passage
            lines.append(source_line(citation.number, p.title, p.section, lang))
            lines.append(f"    {quoted(citation.quote)}")
    return "\n".join(lines)


class WritingLine:
    """While a language model writes an answer, one line on a terminal's standard error says so
    and counts its words (a model can take a minute, and `ask` showed nothing until the answer
    was whole); wiped before the answer is printed. Nothing where standard error is no terminal."""

    def __init__(self, lang: str, stream: TextIO | None = None, every_s: float = 0.25) -> None:
        self._text = _TEXT.language(lang)
        self._stream = stream if stream is not None else sys.stderr
        self._shown = self._stream.isatty()
        self._every_s = every_s
        self._words = 0
        self._last = 0.0
        self._mid_word = False

    def show(self, text: str) -> None:
        if self._shown:
            self._stream.write("\r\x1b[K" + text)
            self._stream.flush()

    def start(self) -> None:
        self.show(self._text["writing"].format(words=0))

    def token(self, token: str) -> None:
        """Counts the words a token begins (a word may come in several tokens)."""
        for char in token:
            if char.isspace():
                self._mid_word = False
            elif not self._mid_word:
                self._mid_word = True
                self._words += 1
        now = time.monotonic()
        if now - self._last >= self._every_s:
            self._last = now
            self.show(self._text["writing"].format(words=self._words))

    def stopping(self) -> None:
        self.show(self._text["stopping"])

    def close(self) -> None:
        self.show("")


def written_by_model(answerer: Answerer, question: str, *, lang: str, k: int, said: set[str],
                     stream: TextIO | None = None) -> GuidanceReply:
    """`answer_question` for a language model: a line counts the words as it writes, and ctrl+c
    stops it, keeping what it wrote as an answer cut short (with its sources), as Escape does in
    the app; it ended in "Afgebroken." and nothing. A second ctrl+c leaves at once."""
    line = WritingLine(lang, stream)
    cancel = threading.Event()
    finished = threading.Event()  # waited on, not joined: a join cut by ctrl+c can leave the
    # thread looking ended while it still runs (CPython 3.11)
    done: list[GuidanceReply] = []
    failed: list[BaseException] = []

    def write() -> None:
        try:
            done.append(answer_question(answerer, question, lang=lang, k=k, on_token=line.token,
                                        cancel=cancel, said=said))
        except BaseException as exc:  # noqa: BLE001 - raised again in the calling thread
            failed.append(exc)
        finally:
            finished.set()

    worker = threading.Thread(target=write, name="ask-model", daemon=True)
    line.start()
    try:
        worker.start()
        try:
            while not finished.wait(0.1):
                pass
        except KeyboardInterrupt:
            cancel.set()
            line.stopping()
            while not finished.wait(0.1):  # the model stops at its next word, or its time-out
                pass
    finally:
        line.close()
    if failed:
        raise failed[0]
    return done[0]


def _too_long(question: str, lang: str) -> str:
    return _TEXT.text("too_long", lang, count=grouped(len(question), lang), max=grouped(MAX_TEXT_CHARS, lang))


def run(args: Namespace) -> int:
    settings = settings_from_args(args)
    setup_logging(settings)
    lang = args.lang or settings.language
    try:
        with ExitStack() as elsewhere:  # a temporary index, where the data folder cannot hold one
            return _run(args, settings, lang, elsewhere)
    except OutputError as exc:
        return _report_unwritable(exc, lang)


def _run(args: Namespace, settings: Settings, lang: str, elsewhere: ExitStack) -> int:
    k = args.k
    if args.question and len(" ".join(args.question)) > MAX_TEXT_CHARS:
        # the app refuses it too; here it was searched whole, however long
        print(_too_long(" ".join(args.question), lang), file=sys.stderr)
        return 2
    # one question does not wait for another process embedding a library: it is answered by words
    kb = open_knowledge_base(settings, dense=not args.lexical, quiet=args.json, wait_for_vectors=False,
                             progress_after=PROGRESS_AFTER_S, elsewhere=elsewhere)
    # JSON lines are for measuring retrieval: the extractive answer, never a model's
    answerer = knowledge_for(settings, kb).answerer if not args.json else ExtractiveAnswerer(kb)

    if args.batch and args.question:  # the question given too was left unanswered, without a word
        print(_TEXT.text("batch_and_question", lang), file=sys.stderr)
        return 2
    if args.batch:
        from assistant.knowledge.evaluation import load_jsonl

        try:
            # "-": standard input, as `import -` reads it ("bestand niet gevonden")
            rows = load_jsonl(args.batch, data=sys.stdin.buffer.read() if args.batch == "-" else None)
        except (OSError, ValueError) as exc:
            print(f"stappenplan: {exc}", file=sys.stderr)
            return 2
        if not rows:  # no question, as `ask ""` has none
            print(message("empty_question", lang), file=sys.stderr)
            return NO_QUESTION
        failures = empty = 0
        said: set[str] = set()  # the Dutch-quotes note comes once, under the first answer that needs it
        for row in rows:
            question = str(row.get("question", ""))
            if len(question) > MAX_TEXT_CHARS:
                failures += 1
                record = {"id": row.get("id"), "question": question, "found": False, "answer": "",
                          "passages": [], "error": _too_long(question, lang)}
                if args.json:
                    emit(json_for_terminal(record))
                else:
                    emit_plain(f"# {row.get('id')}\n{record['error']}\n")
                continue
            try:
                answer = with_standing_notes(ExtractiveAnswerer(kb).ask(question, k=k, lang=lang), said)
                record = answer_record(row.get("id"), question, answer, k)
            except QuestionError as exc:
                failures += 1
                empty += 1
                record = {"id": row.get("id"), "question": question, "found": False, "answer": "",
                          "passages": [], "error": str(exc)}
                problem = question_problem(exc.refers_to, lang)
            # a line without an id is headed by its question alone ("# None: …")
            heading = f"# {question}" if row.get("id") is None else f"# {row.get('id')}: {question}"
            if args.json:
                emit(json_for_terminal(record))
            elif "error" in record:
                emit_plain(f"{heading}\n{problem}\n")
            else:
                emit_plain(f"{heading}\n{format_answer(answer, lang)}\n")
        if empty == len(rows):  # not one question in the file, as `ask ""`
            return NO_QUESTION
        return 0 if failures < len(rows) else 1

    questions = [" ".join(args.question)] if args.question else None
    interactive = questions is None
    # at a terminal input() edits the line; piped questions are read as bytes, so a file that
    # is not UTF-8 is read, and said, rather than ending in a decoding error
    piped = None if not interactive or sys.stdin.isatty() else stdin_lines(lang)
    said_in_session: set[str] = set()
    answered = 0
    asked = empty_lines = 0  # piped in: the lines that held a question (refused too), and those with none
    # input() edits the line only where both are a terminal; readline is there on POSIX systems
    edited = os.name == "posix" and interactive and piped is None and sys.stdout.isatty()
    if edited:
        line_editing()
    if interactive and piped is None:
        emit_plain(_TEXT.text("prompt_intro", lang))
    while True:
        if interactive:
            prompt = "vraag> " if lang == "nl" else "question> "
            try:
                if piped is None:
                    question = input(prompt)
                else:  # no prompt: piped output is read by a program (JSON lines must stay JSON)
                    question = next(piped).rstrip("\n")
            except EOFError:  # ctrl+d at the prompt: the shell's next prompt on a line of its own
                if not edited:  # readline ends the line itself
                    print()
                return 0
            except StopIteration:
                if asked:
                    return 0
                # piped in, not one question (blank lines, nothing at all): as `ask ""`
                if not empty_lines:
                    print(message("empty_question", lang), file=sys.stderr)
                return NO_QUESTION
            if is_quit(question) or question.strip().lower().rstrip(".!") in QUIT_WORDS:
                return 0  # the words that leave chat and learn
        else:
            question = questions[0]
        if len(question) > MAX_TEXT_CHARS:  # as on the command line (_run's start)
            print(_too_long(question, lang), file=sys.stderr)
            asked += 1  # a question, refused
            continue
        try:
            if settings.llm.provider != "none" and not args.json:
                reply = written_by_model(answerer, question, lang=lang, k=k, said=said_in_session)
            else:
                reply = answer_question(answerer, question, lang=lang, k=k, said=said_in_session, kb=kb)
        except QuestionError as exc:
            print(question_problem(exc.refers_to, lang), file=sys.stderr)
            empty_lines += 1
            if interactive:
                continue
            return NO_QUESTION
        asked += 1
        if args.json:
            emit(json_for_terminal(answer_record(None, question, reply.answer, k)))
        else:
            if piped is not None:
                # questions piped in: each answer headed by its question, as --batch does (they
                # ran together, nothing on the screen or in the file said where one began)
                emit_plain(f"{chr(10) if answered else ''}# {question.strip()}")
                answered += 1
            # the glossary's entry before the answer, as the app shows it: after the sources, the
            # English summary of a Dutch answer came last; notes are Markdown there, here plain
            for note in reply.leading_notes:
                emit_plain(f"{markdown_to_plain(note).strip()}\n")
            emit_plain(format_answer(reply.answer, lang, reply.glossary_note))
        if not interactive:
            return 0
