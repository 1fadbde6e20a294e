"""The learning screen: the eleven lessons beside one lesson's text and its check questions.

Reachable without a project (start screen, palette "Leren"/"Learn", `stappenplan learn`).
The lessons, feedback and progress come from `assistant.learn`; this screen only shows them.
"""

from __future__ import annotations

from textual import on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Header, Markdown, OptionList
from textual.widgets.option_list import Option

from assistant.learn.lessons import MAX_OPTIONS, Course, load_course, translations
from assistant.learn.messages import say
from assistant.learn.progress import LessonStatus, Progress
from assistant.learn.render import LETTERS, lesson_markdown
from assistant.learn.terms import lesson_terms
from assistant.plan.glossary import load_glossary
from assistant.tui.i18n import t
from assistant.tui.screens.glossary import GlossaryScreen
from assistant.tui.screens.keys import OwnKeysScreen, help_binding, palette_binding, screen_bindings
from assistant.tui.widgets.footer import FittingFooter
from assistant.tui.widgets.learn import AnswerList, LessonView, QuestionCard

#: Below this width the lesson list is narrower.
NARROW = 100


def lesson_prompt(title: str, status: LessonStatus, lang: str) -> Content:
    """A lesson in the list: its mark (○ ◐ ✓ ↻), its title (which names the step) and its status."""
    return Content.assemble((f"{status.mark} ", "$text-success" if status.done and not status.revisit else ""),
                            title, "\n  ", (status.text(lang), "dim"))


class LearnScreen(OwnKeysScreen):
    """Pick a lesson on the left; read it and answer its questions on the right."""

    HELP_KEY = "help.learn"

    DEFAULT_CSS = """
    LearnScreen #learn-body { height: 1fr; }
    LearnScreen #lesson-list { width: 38; height: 1fr; border: round $primary 50%; scrollbar-gutter: stable; }
    LearnScreen #lesson-list:focus { border: round $primary; }
    LearnScreen.-narrow #lesson-list { width: 26; }
    LearnScreen #lesson-view { width: 1fr; height: 1fr; padding: 0 1; }
    LearnScreen #lesson-text { margin: 0; }
    /* a subheading wraps (Textual sizes an H3 to its text: "Zo ziet het dossier eruit (voorbeeldproject
       “S" was cut at 80 columns) */
    LearnScreen #lesson-text MarkdownH3 { width: 1fr; }
    """

    def __init__(self, course: Course, progress: Progress, lang: str, *, step: int | None = None) -> None:
        super().__init__(classes="learn-screen", id="learn")
        self.course = course
        self.progress = progress
        self.lang = lang
        self.step = step
        self._opening = False  # a lesson is being opened (`open_lesson`)
        self._end_asked = False  # end was typed while it opened: it opens at its end
        self.set_reactive(Screen.sub_title, "")
        self._bindings_for(lang)

    def _bindings_for(self, lang: str) -> None:
        self._bindings = screen_bindings(
            help_binding(lang),
            Binding("escape", "close", t("key.back", lang)),
            Binding("f5", "terms", t("key.terms", lang)),
            # in the footer at 80 columns too (a compact one there): the intro names it
            Binding("f6", "focus_lessons", t("key.lessons", lang)),
            Binding("f8", "app.procedures", t("key.procedures", lang)),
            Binding("ctrl+q", "app.quit", t("key.quit", lang), priority=True),
            palette_binding(lang),
            # the lesson pages wherever the focus is: in the answers, page down highlighted the
            # last option, and the next enter gave it as the answer
            Binding("pageup", "page_lesson(-1)", t("key.lesson_up", lang), show=False, priority=True),
            Binding("pagedown", "page_lesson(1)", t("key.lesson_down", lang), show=False, priority=True),
            # and so do home and end (in the answers, end marked the last option, for the next
            # enter to give), but in the lesson list they go to its first and last lesson
            Binding("home", "lesson_edge(False)", t("key.lesson_top", lang), show=False, priority=True),
            Binding("end", "lesson_edge(True)", t("key.lesson_end", lang), show=False, priority=True),
            # the options are labelled a), b), c): their letters mark them, wherever the focus is,
            # in capitals too (with caps lock on, "C" did nothing), and so do their numbers; typed
            # while the question waits they reach `on_key` first, typed while the next question
            # comes they mark its option (`QuestionCard.choose_when_shown`)
            *(Binding(f"{letter},{letter.upper()},{i + 1}", f"choose({i})", letter, show=False)
              for i, letter in enumerate(LETTERS[:MAX_OPTIONS])),
        )

    def action_choose(self, choice: int) -> None:
        card = self.query_one("#question-card", QuestionCard)
        if card.lesson is not None and card.display and not card.choosing:
            card.choose_when_shown(choice)

    def on_key(self, event) -> None:
        # a key typed while a question waits marks the option the keys typed with it name, and
        # enter gives it: a letter answered at once, the "a" of "antwoord b" too (before the
        # bindings, which take "d" as the fourth option)
        card = self.query_one("#question-card", QuestionCard)
        character = event.character
        if character and len(character) == 1 and character.isprintable() and card.choosing:
            event.stop()
            event.prevent_default()
            card.type_key(character)

    def action_page_lesson(self, direction: int) -> None:
        view = self.query_one("#lesson-view", VerticalScroll)
        if direction > 0:
            view.scroll_page_down()
        else:
            view.scroll_page_up()

    def action_lesson_edge(self, end: bool) -> None:
        if self._opening:  # typed with the enter that opens the lesson: it was lost
            self._end_asked = end
            return
        view = self.query_one("#lesson-view", VerticalScroll)
        if self.focused is None or view not in self.focused.ancestors_with_self:
            raise SkipAction()
        if end:
            self._to_lesson_end()
        else:
            view.scroll_home(animate=False)

    def _to_lesson_end(self) -> None:
        view = self.query_one("#lesson-view", VerticalScroll)
        view.scroll_end(animate=False)
        # again once the layout has settled: content mounted just before (the questions) had
        # no height yet, and end stopped at the lesson's tips
        self.call_after_refresh(view.scroll_end, animate=False)

    def _marked_in_sight(self, marked: int | None) -> None:
        # ↓ marked a) while the lesson was scrolled away from the options (after home or page up)
        if marked is not None and self.query_one("#question-card", QuestionCard).choosing:
            answers = self.query_one("#answers", AnswerList)
            self.call_after_refresh(answers.scroll_visible, animate=False)

    def compose(self) -> ComposeResult:
        yield Header(icon="§")
        with Horizontal(id="learn-body"):
            yield OptionList(id="lesson-list")
            with LessonView(id="lesson-view"):
                yield Markdown(self._intro(), id="lesson-text")
                yield QuestionCard(self.progress, self.lang, id="question-card")
        yield FittingFooter()

    def on_mount(self) -> None:
        self.title = say("course_title", self.lang)
        self.fit_width(self.app.size.width)
        self.reload()
        self.query_one("#question-card").display = False
        self.watch(self.query_one("#answers", AnswerList), "highlighted", self._marked_in_sight, init=False)
        if self.step is not None:
            self.call_after_refresh(self.open_lesson, self.step)
        else:
            self.query_one("#lesson-list").focus()

    async def set_language(self, lang: str) -> None:
        """Show the lessons in `lang` at once, at the same lesson, question and place (the list
        and the open lesson stayed in the old language until the screen was opened again)."""
        self.course = load_course(lang)
        self.lang = lang
        self._bindings_for(lang)
        self.refresh_bindings()
        self.title = say("course_title", lang)
        self.reload()
        view = self.query_one("#lesson-view", VerticalScroll)
        place = view.scroll_y
        lesson = None if self.step is None else self.course.lesson(self.step)
        text = self.query_one("#lesson-text", Markdown)
        await text.update(self._intro() if lesson is None else lesson_markdown(lesson, lang))
        await self.query_one("#question-card", QuestionCard).set_language(lang, lesson)
        self.call_after_refresh(view.scroll_to, y=place, animate=False)

    def on_resize(self, event) -> None:
        self.fit_width(event.size.width)

    def fit_width(self, width: int) -> None:
        self.set_class(width < NARROW, "-narrow")
        # compact below 100 columns: the keys the intro names (f6 too) and ctrl+q fit in 80
        self.query_one(FittingFooter).compact = width < NARROW

    def _intro(self) -> str:
        return "\n\n".join([f"## {say('course_title', self.lang)}", say("course_intro", self.lang),
                            self.progress.summary(self.course), t("learn.pick", self.lang)])

    def reload(self) -> None:
        """The lesson list with each lesson's status, the open one highlighted."""
        statuses = self.progress.statuses(self.course)
        options = self.query_one("#lesson-list", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        options.add_options([Option(lesson_prompt(lesson.title, statuses[lesson.step], self.lang),
                                    id=str(lesson.step)) for lesson in self.course])
        target = self.step if self.step is not None else highlighted
        if target is None:
            target = self.progress.next_lesson(self.course) or 0
        options.highlighted = target

    @on(OptionList.OptionSelected, "#lesson-list")
    async def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        await self.open_lesson(int(event.option.id))

    async def open_lesson(self, step: int, *, onward: bool = False) -> None:
        """Show lesson `step` and its questions; `onward`: from "Volgende les" (QuestionCard.start)."""
        self.step = step
        lesson = self.course.lesson(step)
        self._opening, self._end_asked = True, False
        try:
            await self.query_one("#lesson-text", Markdown).update(lesson_markdown(lesson, self.lang))
            card = self.query_one("#question-card", QuestionCard)
            card.display = True
            await card.start(lesson, onward=onward)
        finally:
            self._opening = False
        self.query_one("#lesson-list", OptionList).highlighted = step
        view = self.query_one("#lesson-view")
        if self._end_asked:
            self._to_lesson_end()
        elif card.choosing and card.index > 0:
            # left halfway: it goes on at the question it was left at, as `--plain` does (it
            # opened at the lesson's top, "Vraag 2 van 3" out of sight); the text is above it
            view.scroll_home(animate=False)
            card.query_one("#answers", AnswerList).focus(scroll_visible=False)
            self.call_after_refresh(card.scroll_visible, animate=False, top=True)
            return
        else:
            view.scroll_home(animate=False)
        view.focus()

    @on(Button.Pressed, "#next-lesson")
    async def _next_lesson(self) -> None:
        if self.step is not None and self.step < 10:
            await self.open_lesson(self.step + 1, onward=True)

    @on(Button.Pressed, "#to-lessons")
    def _to_lessons(self) -> None:
        """After the last lesson: the list, at the first lesson not done (or to look at again)."""
        lessons = self.query_one("#lesson-list", OptionList)
        upcoming = self.progress.next_lesson(self.course)
        revisit = self.progress.to_revisit(self.course)
        if upcoming is not None or revisit:
            lessons.highlighted = upcoming if upcoming is not None else revisit[0]
        lessons.focus()

    @on(QuestionCard.Answered)
    def _answered(self, event: QuestionCard.Answered) -> None:
        self.reload()
        refusal = self.progress.refusal()
        if refusal is not None:  # a read-only data folder: the lesson goes on, said once
            self.notify(say("progress_not_saved", self.lang, reason=refusal.message(self.lang)),
                        severity="warning", timeout=20, markup=False)

    def action_terms(self) -> None:
        """The glossary, listing first the terms the open lesson uses."""
        glossary = load_glossary()
        if self.step is None:
            self.app.push_screen(GlossaryScreen(glossary, self.lang))
            return
        lesson = self.course.lesson(self.step)
        step = self.step
        terms = lesson_terms(glossary, lesson, *translations(step, self.lang))
        self.app.push_screen(GlossaryScreen(glossary, self.lang, only=terms,
                                            title=lambda lang: t("learn.terms_title", lang, step=step)))

    def action_focus_lessons(self) -> None:
        self.query_one("#lesson-list").focus()

    def action_close(self) -> None:
        """Back; with the open lesson when it is left halfway (or its retake is), for the
        lessons to open on it again."""
        status = None if self.step is None else self.progress.statuses(self.course)[self.step]
        halfway = status is not None and (status.started and not status.done or status.retaken > 0)
        self.dismiss(self.step if halfway else None)
