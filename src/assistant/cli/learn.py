"""`stappenplan learn`: the lessons on the ten steps, without a project.

In a terminal it opens the app on the learning screen; with `--plain` (or when input or output
is not a terminal) the lessons run on standard input and output: one answer per line. Progress
is kept per learner in the projects database, so a later run resumes where this one stopped.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from typing import TextIO

from assistant.core.i18n import catalog

_TEXT = catalog("cli.learn")


def add_parser(subparsers, name: str) -> None:
    parser = subparsers.add_parser(
        name,
        help="leer de tien stappen, met lessen en controlevragen / learn the ten steps",
        description="Lessen over het stappenplan, met citaten uit de handreiking, het voorbeeldproject "
                    "en controlevragen: op een terminal in de app, met --plain (of zonder terminal) als platte "
                    "tekst. / Lessons on the step plan, with quotes, the example project and check questions: at "
                    "a terminal in the app, with --plain (or without a terminal) as plain text.",
    )
    parser.add_argument("--plain", action="store_true",
                        help="platte tekst, zonder de terminal-app / plain text, without the terminal app")
    parser.add_argument("--lesson", type=int, choices=range(11), metavar="N",
                        help="begin met les N (0-10) / start with lesson N")
    parser.add_argument("--learner", default="",
                        help="naam waaronder de voortgang wordt bewaard (standaard: uw loginnaam) / "
                             "name progress is kept under (default: your login name)")
    parser.add_argument("--lang", choices=["nl", "en"], default=argparse.SUPPRESS,
                        help="taal / language")


def plain_say(key: str, lang: str, /, **values: object) -> str:
    """A learning message as plain text: its `code` marks were printed as typed (`volgende`)."""
    from assistant.learn.messages import say

    return say(key, lang, **values).replace("`", "")


class PlainTutor:
    """The lessons as a line-by-line dialogue: `opening()` first, then `handle(line)` per line.
    `width`: the terminal's, to wrap at (None: lines whole)."""

    def __init__(self, course, progress, width: int | None = None) -> None:
        self.course = course
        self.progress = progress
        self.width = width
        self.lang = course.lang
        self.lesson = None
        self.index = 0  # the question being asked in self.lesson
        self.shown = None  # the finished lesson whose answers were just shown (`opnieuw` takes it again)
        self.finished = False

    # --- what it says -------------------------------------------------------------
    def overview(self, *, intro: bool = False) -> str:
        """The lessons with their status, the summary and the menu; `intro`: what the course is,
        under the title (it was printed above it)."""
        statuses = self.progress.statuses(self.course)
        lines = [plain_say("course_title", self.lang), ""]
        if intro:
            lines += [plain_say("course_intro", self.lang), ""]
        for lesson in self.course:
            # the status in words only: its mark before the number (○ ◐ ✓ ↻) was read out as noise
            lines.append(f"  {lesson.step:>2}  {lesson.title} — {statuses[lesson.step].text(self.lang)}")
        lines += ["", self.progress.summary(self.course), "", plain_say("plain_menu", self.lang)]
        return "\n".join(lines)

    def opening(self, lesson: int | None = None) -> str:
        overview = self.overview(intro=True)
        return overview if lesson is None else f"{overview}\n\n{self._start(lesson)}"

    def _plain(self, markdown: str) -> str:
        from assistant.cli.common import markdown_to_plain

        return markdown_to_plain(markdown)

    def _procedures(self) -> str:
        from assistant.learn.procedures import comparison_markdown, load_comparison

        return self._plain(comparison_markdown(load_comparison(), self.lang))

    def _start(self, step: int) -> str:
        from assistant.learn.render import lesson_markdown

        from assistant.cli.common import plain_heading

        lesson = self.course.lesson(step)
        title, _, body = self._plain(lesson_markdown(lesson, self.lang)).partition("\n")
        text = f"{plain_heading(title, self.width)}\n{body}\n\n"
        # a finished lesson shows its answers (opening it began a retake, and nothing showed
        # which answers went wrong); `opnieuw` takes it again
        shown = self.progress.last_choices(lesson)
        if shown is not None:
            self.shown = step
            return text + self._review(lesson, shown)
        return text + self._retake(step)

    def _retake(self, step: int) -> str:
        """The lesson's questions from where they go on: a lesson or a retake left halfway where
        it was (it began again at question 1), a finished lesson's retake at question 1."""
        self.lesson = self.course.lesson(step)
        self.index, _right = self.progress.resume_at(self.lesson)
        return self._ask()

    def _review(self, lesson, shown: dict[str, int | None]) -> str:
        from assistant.learn.render import answered_markdown

        out = [plain_say("plain_review", self.lang, step=lesson.step)]
        out += [self._plain(answered_markdown(lesson, q, shown[q.id], self.lang)) for q in lesson.questions]
        status = self.progress.statuses(self.course)[lesson.step]
        out.append(plain_say("lesson_score", self.lang, step=lesson.step, score=status.right, total=status.total))
        out.append(plain_say("plain_again", self.lang, step=lesson.step))
        return "\n\n".join(out)

    def _ask(self) -> str:
        from assistant.learn.render import letters, numbers, question_markdown

        question = self.lesson.questions[self.index]
        return (f"{self._plain(question_markdown(self.lesson, question, self.lang))}\n\n"
                f"{plain_say('plain_answer', self.lang, letters=letters(question), numbers=numbers(question))}")

    def as_kept(self, key: str) -> str:
        """`key`, or its variant that does not say the answers were kept, where some were not."""
        return key if self.progress.all_kept else f"{key}_not_kept"

    # --- what the user types -----------------------------------------------------------
    def handle(self, line: str) -> str:
        from assistant.learn.messages import (AGAIN_WORDS, HELP_WORDS, LIST_WORDS, NEXT_WORDS, PROCEDURE_WORDS,
                                              QUIT_WORDS, glossary_query)
        from assistant.learn.render import parse_choice

        text = line.strip()
        word = text.lower()
        term = glossary_query(text)
        if self.lesson is not None:
            if word in QUIT_WORDS:
                self.lesson = None
                return f"{plain_say(self.as_kept('plain_left'), self.lang)}\n\n{self.overview()}"
            if word in PROCEDURE_WORDS:  # looked up amid a check question, which is then asked again
                return f"{self._procedures()}\n\n{self._ask()}"
            if term is not None and parse_choice(text, self.lesson.questions[self.index]) is None:
                # looked up amid a check question (it was "“begrip SBIR” is geen antwoord"), asked again
                return f"{self._term(term, self.lesson)}\n\n{self._ask()}"
            if word in HELP_WORDS:  # "/help" was "“/help” is geen antwoord"; it only asked the question again
                from assistant.learn.render import letters, numbers

                question = self.lesson.questions[self.index]
                return (f"{plain_say('plain_lesson_help', self.lang, letters=letters(question), numbers=numbers(question))}"
                        f"\n\n{self._ask()}")
            return self._answer(text)
        if term is not None:  # the finished lesson just shown stays the one `opnieuw` takes again
            shown = None if self.shown is None else self.course.lesson(self.shown)
            return f"{self._term(term, shown)}\n\n{plain_say('plain_menu', self.lang)}"
        shown, self.shown = self.shown, None
        if word in AGAIN_WORDS and shown is not None:  # the finished lesson just shown, taken again
            return self._retake(shown)
        if word in QUIT_WORDS:
            self.finished = True
            return plain_say(self.as_kept("plain_bye"), self.lang)
        if word in LIST_WORDS or word in HELP_WORDS or not text:
            return self.overview()
        if word in NEXT_WORDS:  # the first lesson not done yet
            upcoming = self.progress.next_lesson(self.course)
            if upcoming is None:  # it reopened lesson 0 without a word: what to do next instead
                return f"{plain_say('practice_plain', self.lang)}\n\n{plain_say('plain_menu', self.lang)}"
            return self._start(upcoming)
        if word in PROCEDURE_WORDS:
            return f"{self._procedures()}\n\n{plain_say('plain_menu', self.lang)}"
        if text.isdigit() and int(text) in self.course.lessons:
            return self._start(int(text))
        return plain_say("plain_bad_choice", self.lang, text=text)

    def _term(self, query: str, lesson) -> str:
        """A glossary lookup (`begrip SBIR`); alone, the terms of `lesson` (None: every term)."""
        from assistant.learn.render import term_markdown

        return self._plain(term_markdown(query, self.lang, lesson))

    def _answer(self, text: str) -> str:
        from assistant.learn.messages import is_question, not_known
        from assistant.learn.render import LETTERS, feedback_markdown, letters, numbers, parse_choice

        question = self.lesson.questions[self.index]
        if not text:  # an empty enter asks again (it was "“” is geen antwoord.")
            return self._ask()
        choice = parse_choice(text, question)
        unknown = choice is None and not_known(text)
        if choice is None and not unknown and is_question(text):  # it was "… is not an answer"
            return f"{self._pointer(text)}\n\n{self._ask()}"
        if choice is None and not unknown:
            refused = plain_say("plain_bad_answer", self.lang, text=text, letters=letters(question),
                                numbers=numbers(question))
            if text.isdigit() and int(text) in self.course.lessons:  # a lesson's number, maybe meant as one
                refused += " " + _TEXT.text("to_lesson", self.lang, step=int(text))
            return refused
        self.progress.answer(self.lesson, question, choice)
        out = [self._plain(feedback_markdown(question, choice, self.lang, not_known=unknown))]
        refusal = self.progress.refusal()
        if refusal is not None:  # a read-only data folder: the lesson goes on, said once
            out.append(plain_say("progress_not_saved", self.lang, reason=refusal.message(self.lang)))
        if choice is not None:
            # what was taken, said back however it was given: a number or words could mean something
            # else ("2" for lesson 2), and piped answers showed which option a number took, not a letter
            option = f"{LETTERS[choice]}) {question.options[choice].text}"
            out.insert(0, _TEXT.text("chosen", self.lang, option=option))
        self.index += 1
        if self.index < len(self.lesson.questions):
            out.append(self._ask())
            return "\n\n".join(out)
        status = self.progress.statuses(self.course)[self.lesson.step]
        out.append(plain_say("lesson_score", self.lang, step=self.lesson.step, score=status.right, total=status.total))
        if status.revisit:
            out.append(plain_say("lesson_revisit", self.lang))
        if self.progress.next_lesson(self.course) is None:  # the course's end
            out.append(plain_say("practice_plain", self.lang))
        self.lesson = None
        out.append(self.overview())
        return "\n\n".join(out)


    def _pointer(self, question: str) -> str:
        """A question typed amid a check question: how to ask the guidance, and the glossary's
        card of a term it names."""
        from assistant.plan.glossary import load_glossary

        out = plain_say("plain_question", self.lang)
        named = load_glossary().named_terms(question)
        if named:
            _name, term = named[0]
            out += f"\n\n{plain_say('plain_term', self.lang)}\n\n{self._plain(term.render(self.lang))}"
        return out


def converse(tutor: PlainTutor, lines: Iterable[str], out: TextIO, *, lesson: int | None = None,
             interactive: bool = False) -> None:
    """Run the dialogue over `lines` until they end or the user stops."""

    def write(text: str) -> None:
        from assistant.cli.common import wrap_plain

        out.write(wrap_plain(text, tutor.width).rstrip() + "\n\n")
        if interactive and not tutor.finished:  # after "Tot ziens" a prompt looked as if it still waited
            out.write("> ")
        out.flush()

    write(tutor.opening(lesson))
    for line in lines:
        write(tutor.handle(line))
        if tutor.finished:
            return
    out.write(("\n" if interactive else "") + plain_say(tutor.as_kept("plain_bye"), tutor.lang) + "\n")
    out.flush()


def run(args) -> int:
    from assistant.cli import tui  # light: the app's modules load in tui.run
    from assistant.cli.common import open_cli_store, settings_from_args, setup_logging, stdin_lines

    if tui.opens_app(args):
        args.start = "learn"
        return tui.run(args)

    settings = settings_from_args(args)
    setup_logging(settings)
    lang = getattr(args, "lang", None) or settings.language

    from assistant.learn.lessons import LessonFileError, load_course
    from assistant.learn.progress import Progress

    try:
        course = load_course(lang)
    except LessonFileError as exc:
        print(f"stappenplan: {exc}", file=sys.stderr)
        return 1
    store = open_cli_store(settings, lang)
    if store is None:
        return 1
    try:
        from assistant.cli.common import terminal_width

        tutor = PlainTutor(course, Progress(store, args.learner), width=terminal_width(sys.stdout))
        converse(tutor, stdin_lines(lang), sys.stdout, lesson=args.lesson, interactive=sys.stdin.isatty())
        return 0
    finally:
        store.close()
