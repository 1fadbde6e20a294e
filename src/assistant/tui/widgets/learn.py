"""A lesson's check questions, one at a time: the question, its options, then the feedback."""

from __future__ import annotations

import time

from textual import events, on
from textual.app import ComposeResult
from rich.cells import cell_len
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.visual import Visual
from textual.widgets import Button, Markdown, OptionList, Static
from textual.widgets.option_list import Option

from assistant.learn.lessons import LESSON_NUMBERS, Lesson, load_course
from assistant.learn.messages import say
from assistant.learn.render import (LETTERS, MIN_OPENING, feedback_markdown, letters, numbers, option_mark, parse_choice,
                                    question_markdown)
from assistant.tui.i18n import t

#: A letter typed this long before the next question shows marks its option there (typed in one
#: burst with the Enter on "Volgende vraag"); one typed earlier, while the feedback was read, does not.
EARLY_CHOICE_SECONDS = 1.0


#: How long after keys that name no option, with no key after them, a notice says so (the first
#: letters of a word being typed name none either, and the word may name one).
REFUSED_PAUSE_SECONDS = 0.5


#: Beside the option the arrows have marked (its colour alone was missed: ↓ then enter gave a),
#: meant as b), for the first ↓ marks a))
POINTER = "›"


class HangingOption(Visual):
    """An option as `lead` ("› a) ") and its text, the text's wrapped lines under the text: they
    began under the letters, and at 80 columns the options ran together."""

    def __init__(self, lead: str, text: str) -> None:
        self.lead = lead
        self.text = Content(text)

    def __str__(self) -> str:
        return f"{self.lead}{self.text.plain}"

    def _lines(self, width: int) -> list[Content]:
        indent = cell_len(self.lead)
        body = self.text.wrap(max(1, width - indent))
        return [Content(self.lead if i == 0 else " " * indent) + line for i, line in enumerate(body)]

    def render_strips(self, width, height, style, options):
        return Content("\n").join(self._lines(width)).render_strips(width, height, style, options)

    def get_optimal_width(self, rules, container_width: int) -> int:
        return cell_len(self.lead) + self.text.cell_length

    def get_height(self, rules, width: int) -> int:
        return len(self._lines(width))


class AnswerList(OptionList):
    """A check question's options. None is marked when the question appears (an enter meant for
    "Volgende vraag", pressed twice, gave a)); the first ↓ or ↑ marks a), with `POINTER` beside
    it; a click marks its option too, and a second click on it gives it. Enter with none marked
    answers nothing and says how (`NothingMarked`). The cursor stops
    at the first and the last: ↓ then ↑ went from a) round to c), and enter recorded an answer
    not meant."""

    class NothingMarked(Message):
        """Enter was pressed while no option was marked."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._texts: list[str] = []  # the options of the question waiting for an answer

    def ask(self, texts: list[str]) -> None:
        """Offer `texts` as the options a), b), …, none marked."""
        self._texts = list(texts)
        self.clear_options()
        self.add_options([Option(self._prompt(i, marked=False), id=str(i)) for i in range(len(texts))])
        self.disabled = False
        self.highlighted = None

    def show_answered(self, texts: list[str], marks: list[str]) -> None:
        """The options of the answered question, each after its mark; no longer chosen from."""
        self._texts = []
        self.clear_options()
        self.add_options([Option(HangingOption(f"{mark} {LETTERS[i]}) ", text), id=str(i))
                          for i, (mark, text) in enumerate(zip(marks, texts))])
        self.disabled = True

    def _prompt(self, index: int, *, marked: bool) -> HangingOption:
        return HangingOption(f"{POINTER if marked else ' '} {LETTERS[index]}) ", self._texts[index])

    def watch_highlighted(self, old: int | None, new: int | None) -> None:
        for index, marked in ((old, False), (new, True)):
            if index is not None and index < min(self.option_count, len(self._texts)):
                self.replace_option_prompt_at_index(index, self._prompt(index, marked=marked))
        super().watch_highlighted(new)

    def action_cursor_up(self) -> None:
        self.highlighted = 0 if self.highlighted is None else max(0, self.highlighted - 1)

    def action_cursor_down(self) -> None:
        last = self.option_count - 1
        self.highlighted = 0 if self.highlighted is None else min(last, self.highlighted + 1)

    def action_select(self) -> None:
        if self.highlighted is None:
            self.post_message(self.NothingMarked())
            return
        super().action_select()

    async def _on_click(self, event: events.Click) -> None:
        # a click marks its option as a key does, and a second click on it gives it: a click one
        # row off gave that option at once, recorded as wrong for good
        event.prevent_default()
        clicked = event.style.meta.get("option")
        if clicked is None or self.get_option_at_index(clicked).disabled:
            return
        if clicked == self.highlighted:
            self.action_select()
        else:
            self.highlighted = clicked

class QuestionCard(Vertical):
    """Asks the lesson's questions in order; records each answer through `progress`. A finished
    lesson is shown with its answers that count, question by question (`reviewing`), until
    "Les opnieuw" takes it again."""

    DEFAULT_CSS = """
    QuestionCard { height: auto; border: round $accent; padding: 0 1; margin: 1 0; }
    QuestionCard #answers { height: auto; max-height: 12; margin: 1 0 0 0; }
    QuestionCard #answer-hint { color: $text-muted; }
    QuestionCard #answer-hint.-unmarked { color: $text-warning; }
    QuestionCard #review-note { color: $text-muted; margin: 0 0 1 0; }
    QuestionCard #feedback { margin: 1 0 0 0; }
    QuestionCard #card-buttons { height: auto; margin: 1 0 0 0; }
    QuestionCard #card-buttons Button { margin: 0 2 0 0; }
    """

    class Answered(Message):
        """A question was answered (the lesson list shows the new status)."""

        def __init__(self, right: bool) -> None:
            super().__init__()
            self.right = right

    def __init__(self, progress, lang: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.progress = progress
        self.lang = lang
        self.lesson: Lesson | None = None
        self.index = 0
        self.right = 0
        self.chosen: int | None = None  # the option given for the shown question; None while it waits
        # a finished lesson shown with its answers: question id -> the option chosen (None: a
        # wrong answer whose option was not kept); no answer is asked for until "Les opnieuw"
        self.reviewing = False
        self._shown: dict[str, int | None] = {}
        self._early: tuple[int, float] | None = None  # a letter typed before its question showed
        self._typed = ""  # the keys typed for the shown question (`type_key`)
        self._answer_in_sight = False  # an answer just given: its options go to the view's top (`_bring_answer`)

    def compose(self) -> ComposeResult:
        yield Static("", id="review-note", markup=False)
        yield Markdown("", id="question")
        yield AnswerList(id="answers")
        yield Static("", id="answer-hint", markup=False)
        yield Markdown("", id="feedback")
        with Horizontal(id="card-buttons"):
            yield Button(t("learn.next", self.lang), id="next", variant="primary")
            # a finished lesson shown again: take it again from any of its questions
            yield Button(t("learn.again", self.lang), id="retake")
            # after the last question: on to the next lesson (the lesson screen opens it)
            yield Button(t("learn.next_lesson", self.lang), id="next-lesson", variant="success")
            # after the last lesson's last question, in its place: back to the list (the lesson
            # screen focuses it), where "Les opnieuw" had the focus and enter retook the lesson
            yield Button(t("learn.to_lessons", self.lang), id="to-lessons", variant="success")

    @property
    def question(self):
        return self.lesson.questions[self.index]

    async def start(self, lesson: Lesson, *, onward: bool = False) -> None:
        """The lesson's first question not answered yet (a lesson or a retake left halfway goes
        on where it was), the right answers before it counted; a finished lesson shows its
        answers that count from question 1 (opening one began a retake, its answers out of sight).
        `onward`: opened by "Volgende les", whose enter a letter typed with it followed."""
        self.lesson = lesson
        self.border_title = say("h_questions", self.lang)
        shown = self.progress.last_choices(lesson)
        self.reviewing = shown is not None
        if not onward or shown is not None:
            # a letter typed in another lesson answers nothing here; one typed with the enter on
            # "Volgende les" answers its first question (it was lost, and the letters seemed dead)
            self._early = None
        if shown is not None:
            self._shown = shown
            latest = self.progress.latest_answers(lesson)
            self.index, self.right = 0, sum(bool(latest.get(q.id)) for q in lesson.questions)
            self.chosen = shown[self.question.id]
            await self._show_question()
            return
        self.index, self.right = self.progress.resume_at(lesson)
        await self._show()

    def choose_when_shown(self, choice: int) -> None:
        """A letter typed before the next question is shown ("Volgende vraag" and "b" in one
        burst: the "b" came first, and was lost): it marks its option there, if it comes soon."""
        self._early = (choice, time.monotonic())

    def type_key(self, character: str) -> None:
        """A key typed while the question waits: it marks an option, and only enter or a click
        on the marked option gives it (the "a" of "antwoord b" and the "c" of "voorselectie" were taken as the answer,
        for good). The last words typed mark the option they open ("stap 3"), else a letter or
        number its option; a letter or number that is none unmarks, and says so of the word."""
        self._typed += character
        if not character.isalnum():  # a space or "b)": the words go on, the mark stays
            return
        question = self.question
        words = self._typed.split()
        tails = (" ".join(words[i:]) for i in range(len(words)))
        choice = next((c for tail in tails if len(tail) >= MIN_OPENING
                       and (c := parse_choice(tail, question)) is not None), None)
        if choice is None:
            choice = parse_choice(character, question)
        answers = self.query_one("#answers", AnswerList)
        answers.highlighted = choice
        if choice is None:
            self._hint(refused=words[-1])
            typed = self._typed  # said in a notice too, unless more keys follow (a word being typed)
            self.set_timer(REFUSED_PAUSE_SECONDS, lambda: self._refuse_in_notice(typed))
            return
        self._hint()
        self.take_focus()  # enter, wherever the focus was, gives the marked option

    @property
    def choosing(self) -> bool:
        """Whether the shown question waits for an answer."""
        return self.lesson is not None and self.display and not self.query_one("#answers", AnswerList).disabled

    async def set_language(self, lang: str, lesson: Lesson | None) -> None:
        """Show the card in `lang` (`lesson`: the open lesson in it), at the same question, in the
        same state: waiting with the same option marked, or answered with its feedback."""
        self.lang = lang
        self.border_title = say("h_questions", lang)
        self.query_one("#next-lesson", Button).label = t("learn.next_lesson", lang)
        self.query_one("#to-lessons", Button).label = t("learn.to_lessons", lang)
        self.query_one("#next", Button).label = t("learn.next", lang)
        self.query_one("#retake", Button).label = t("learn.again", lang)
        if self.lesson is None or lesson is None:
            return
        self.lesson = lesson
        await self._show_question(marked=self.query_one("#answers", AnswerList).highlighted)

    async def _show(self) -> None:
        """The question at `index`, waiting for its answer."""
        self.chosen = None
        self._typed = ""
        # no option chosen in advance: an enter meant for "Volgende vraag", pressed twice, gave a)
        early, self._early = self._early, None
        if early is not None and (time.monotonic() - early[1] >= EARLY_CHOICE_SECONDS
                                  or early[0] >= len(self.question.options)):
            early = None
        await self._show_question(marked=None if early is None else early[0])

    async def _show_question(self, marked: int | None = None) -> None:
        """The question at `index` in the card's language: waiting for an answer, with `marked`
        the option the arrows mark, or answered (`chosen`), with its marks and feedback."""
        question = self.question
        await self.query_one("#question", Markdown).update(question_markdown(self.lesson, question, self.lang, options=False))
        answers = self.query_one("#answers", AnswerList)
        answered = self.chosen is not None or self.reviewing
        self._answer_in_sight = False  # until `answer` sets it again
        self._review_note()
        if answered:
            # which option was chosen and which is right, in the list itself (read again later)
            answers.show_answered([o.text for o in question.options],
                                  [option_mark(i, self.chosen, o.correct) for i, o in enumerate(question.options)])
            self.query_one("#answer-hint", Static).display = False
        else:
            answers.ask([o.text for o in question.options])
            answers.highlighted = marked
            self._hint()
        feedback = self.query_one("#feedback", Markdown)
        feedback.display = answered
        await feedback.update(self._feedback() if answered else "")
        last = self.index + 1 >= len(self.lesson.questions)
        self.query_one("#next", Button).label = t("learn.again" if last else "learn.next", self.lang)
        final = self.lesson.step == LESSON_NUMBERS[-1]
        self.query_one("#next-lesson", Button).display = answered and last and not final
        self.query_one("#to-lessons", Button).display = answered and last and final
        self.query_one("#retake", Button).display = self.reviewing and not last
        self.query_one("#card-buttons").display = answered

    def _review_note(self) -> None:
        """Over a finished lesson's answers shown again: its score, which went wrong, and how to
        take it again."""
        note = self.query_one("#review-note", Static)
        note.display = self.reviewing
        if not self.reviewing:
            return
        total = len(self.lesson.questions)
        wrong = [str(n) for n, q in enumerate(self.lesson.questions, 1)
                 if self._shown.get(q.id) is None or not q.options[self._shown[q.id]].correct]
        note.update(t("learn.review_wrong", self.lang, score=self.right, total=total, questions=", ".join(wrong))
                    if wrong else t("learn.review", self.lang, total=total))

    def _feedback(self) -> str:
        """Right or wrong and why; after the last question, the lesson's score too."""
        text = feedback_markdown(self.question, self.chosen, self.lang)
        if self.index + 1 >= len(self.lesson.questions):
            total = len(self.lesson.questions)
            text += "\n\n---\n\n**" + say("lesson_score", self.lang, step=self.lesson.step, score=self.right,
                                          total=total) + "**"
            if self.right < total:
                text += "\n\n" + say("lesson_revisit", self.lang)
            if self.lesson.step == LESSON_NUMBERS[-1]:  # the course's end: where the learner stands
                course = load_course(self.lang)
                text += "\n\n**" + say("course_end", self.lang) + "** " + self.progress.summary(course)
                if self.progress.next_lesson(course) is None:
                    text += "\n\n" + say("practice_app", self.lang)
        return text

    def _hint(self, *, unmarked: bool = False, refused: str | None = None) -> None:
        """How the shown question is answered, or with an option marked, that enter gives it;
        `unmarked`: how, after an enter with no option marked; `refused`: keys typed that name no
        option (they did nothing, and said nothing)."""
        hint = self.query_one("#answer-hint", Static)
        marked = self.query_one("#answers", AnswerList).highlighted
        if refused is not None:
            text = self._refusal(refused)
        elif unmarked:
            text = t("learn.answer_unmarked", self.lang, letters=letters(self.question))
        elif marked is not None:  # which option enter gives, before it counts ("3" marked c) Stap 8)
            text = t("learn.answer_marked", self.lang, letter=LETTERS[marked])
        else:
            text = t("learn.answer_hint", self.lang, letters=letters(self.question), numbers=numbers(self.question))
        hint.update(text)
        hint.set_class(unmarked or refused is not None, "-unmarked")
        hint.display = True

    def _refuse_in_notice(self, typed: str) -> None:
        """A notice that the keys `typed` name no option ("d" of three), if no key followed: the
        hint under the options may be out of sight, or already said it, and the key seemed dead."""
        if self.choosing and self._typed == typed:
            self.notify(self._refusal(typed.split()[-1]), severity="warning", timeout=4, markup=False)

    def _refusal(self, typed: str) -> str:
        """That `typed` answers the shown question with no option, and which keys do."""
        return say("plain_bad_answer", self.lang, text=typed, letters=letters(self.question),
                   numbers=numbers(self.question))

    @on(AnswerList.NothingMarked)
    def _nothing_marked(self, event: AnswerList.NothingMarked) -> None:
        event.stop()
        self._hint(unmarked=True)

    @on(OptionList.OptionHighlighted, "#answers")
    def _marked(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        # unless keys typed since took the mark away again (their refusal stays)
        if self.choosing and event.option_index == self.query_one("#answers", AnswerList).highlighted:
            self._hint()

    @on(OptionList.OptionSelected, "#answers")
    async def _answer(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        await self.answer(int(event.option.id))

    async def answer(self, choice: int) -> None:
        """Record `choice` (0-based) for the current question and show the feedback."""
        right = self.progress.answer(self.lesson, self.question, choice)
        self.right += right
        self.chosen = choice
        await self._show_question()
        # without the focus's own scroll: it centred the button under a long feedback, after the
        # scroll below, and "Goed!" or "Niet goed." went out of sight at 80×24
        self._focus_onward(scroll=False)
        self.post_message(self.Answered(right))
        self._answer_in_sight = True
        self.call_after_refresh(self._bring_answer)

    def _bring_answer(self) -> None:
        """The options with their ✓ and ✗ at the view's top, "Goed!" or "Niet goed." under them
        (at 80×24 the view went down to the button, and whether the answer was right was above
        it). Again as the card grows (`on_resize`): scrolled before the feedback had its height,
        the scroll stopped at the old end, and the last question's result stayed below the edge."""
        if self._answer_in_sight:
            self.query_one("#answers", AnswerList).scroll_visible(animate=False, top=True)

    def on_resize(self) -> None:
        if self._answer_in_sight:
            self.call_after_refresh(self._bring_answer)

    def take_focus(self, *, mark: bool = False) -> bool:
        """Focus the shown question's options (`mark`: with a) marked, as a first ↓ there does),
        or once answered its button, the card in sight; False when no lesson is open."""
        if self.lesson is None or not self.display:
            return False
        if self.choosing:
            answers = self.query_one("#answers", AnswerList)
            answers.focus()
            if mark and answers.highlighted is None:
                answers.highlighted = 0
        else:
            self._focus_onward()
        self.call_after_refresh(self.scroll_visible, animate=False)
        return True

    def _focus_onward(self, *, scroll: bool = True) -> None:
        """Focus the button enter should press on an answered question: on to the next lesson,
        after the last lesson back to the list, else the next question ("Les opnieuw" after the
        last, which only a deliberate choice should press)."""
        shown = [self.query_one(f"#{name}", Button) for name in ("next-lesson", "to-lessons", "next")]
        self.screen.set_focus(next(button for button in shown if button.display), scroll_visible=scroll)

    @on(Button.Pressed, "#next")
    async def next_question(self) -> None:
        last = self.index + 1 >= len(self.lesson.questions)
        if self.reviewing and not last:  # the finished lesson's next answer, shown again
            self.index += 1
            self.chosen = self._shown[self.question.id]
            await self._show_question()
            self._focus_onward()
            self.call_after_refresh(self.scroll_visible, animate=False)
            return
        await self._ask_at(0 if last else self.index + 1)

    @on(Button.Pressed, "#retake")
    async def retake(self) -> None:
        """The lesson again, beside a finished lesson's answers: its retake, from question 1."""
        await self._ask_at(0)

    async def _ask_at(self, index: int) -> None:
        """Ask the question at `index` (0: the lesson from its start, or its retake)."""
        self.reviewing = False
        self.index = index
        if index == 0:
            self.right = 0
        await self._show()
        self.query_one("#answers", OptionList).focus()
        self.call_after_refresh(self.scroll_visible, animate=False)


class LessonView(VerticalScroll):
    """The lesson's text with its question card below. The keys the card's hint names reach it
    from the text, which has the focus as a lesson opens (↓ and enter did nothing there on the
    first question): enter goes to the question's options (or gives the one marked), and ↓ at
    the end of the text marks a) in them; elsewhere ↓ and ↑ scroll the text, as page up and
    page down do."""

    BINDINGS = [Binding("enter", "to_question", show=False)]

    async def action_to_question(self) -> None:
        card = self.query_one(QuestionCard)
        marked = card.query_one("#answers", AnswerList).highlighted
        if card.choosing and marked is not None:  # as the hint says: enter gives the marked option
            await card.answer(marked)
            return
        card.take_focus()

    def action_scroll_down(self) -> None:
        card = self.query_one(QuestionCard)
        if self.scroll_y >= self.max_scroll_y and card.choosing and card.take_focus(mark=True):
            return
        super().action_scroll_down()
