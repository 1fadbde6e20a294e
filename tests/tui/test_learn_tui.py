"""The learning screen in the app: reachable from the start screen, the palette and `learn`; answers are kept."""

from __future__ import annotations

import io
import sys

import pytest
from textual.pilot import Pilot
from textual.widgets import Markdown, OptionList
from fakes import FakeKB
from fs_support import made_read_only
from tui_support import make_app, palette_search, settle

from assistant.core.settings import load_settings
from assistant.learn.lessons import load_course
from assistant.learn.progress import Progress
from assistant.store import open_store
from assistant.tui.screens.learn import LearnScreen
from assistant.tui.widgets.conversation import AssistantTurn
from assistant.tui.widgets.learn import QuestionCard

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


def _markdown(screen, selector: str) -> str:
    return screen.query_one(selector, Markdown).source


async def test_the_start_screen_names_the_three_ways_in_and_ctrl_l_opens_the_lessons():
    app = make_app(FakeKB())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        (welcome,) = app.main.query(AssistantTurn)
        text = welcome.turn.text
        assert "Een project starten" in text and "De stappen leren" in text and "Een vraag stellen" in text
        assert "`ctrl+l`" in text
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert isinstance(app.screen, LearnScreen)
        lessons = app.screen.query_one("#lesson-list", OptionList)
        assert lessons.option_count == 11 and lessons.has_focus
        assert "0 van 11 lessen gedaan" in _markdown(app.screen, "#lesson-text")
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is app.main


async def test_the_palette_finds_learn_in_both_languages():
    app = make_app(FakeKB())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Leren: de tien stappen, met lessen en een quiz (ctrl+l)" in titles
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"leren")
        await pilot.pause(0.3)
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, LearnScreen)
        await pilot.press("escape")
        await app.action_switch_language()
        await settle(pilot)
        assert "Learn: the ten steps, with lessons and a quiz (ctrl+l)" in [c.title for c in app.get_system_commands(app.screen)]


async def test_a_lesson_is_read_and_answered_and_the_answers_are_kept():
    app = make_app(FakeKB())
    course = load_course("nl")
    lesson = course.lesson(7)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.action_learn()
        await settle(pilot)
        await pilot.press(*["down"] * 7, "enter")
        await settle(pilot)
        text = _markdown(app.screen, "#lesson-text")
        assert text.startswith("## Stap 7 · Ontwerp het ontwikkeltraject")
        assert "Stap 7: Ontwerp het ontwikkeltraject en stel specificaties op › Ontwerp het ontwikkeltraject" in text
        assert "Slimme afvalinzameling" in text and "innovatiepartnerschap" in text
        card = app.screen.query_one(QuestionCard)
        answers = card.query_one("#answers", OptionList)
        assert "Vraag 1 van 4" in _markdown(card, "#question") and answers.option_count == 3
        # a wrong answer by keyboard: tab from the lesson text to the answers, an arrow, enter
        await pilot.press("tab")
        await settle(pilot)
        assert answers.has_focus and answers.highlighted is None  # no option chosen in advance
        assert str(card.query_one("#answer-hint").render()) == \
            "Kies met een letter (a, b, c), een cijfer (1, 2, 3), ↑↓ of een klik, en geef het antwoord met enter of een tweede klik."
        view = app.screen.query_one("#lesson-view")
        assert view.scroll_y > 0  # scrolled down to the questions
        first = lesson.questions[0]
        wrong = next(i for i in range(len(first.options)) if i != first.correct_index)
        await pilot.press(*["down"] * (wrong + 1), "enter")
        await settle(pilot)
        feedback = _markdown(card, "#feedback")
        right = "abc"[first.correct_index]
        assert feedback.startswith("**Niet goed.**") and f"Het goede antwoord: {right})" in feedback
        assert answers.disabled and not card.query_one("#answer-hint").display
        # the list says which was chosen and which is right
        marks = [str(answers.get_option_at_index(i).prompt)[0] for i in range(answers.option_count)]
        assert marks[wrong] == "✗" and marks[first.correct_index] == "✓" and marks.count(" ") == 1
        assert card.query_one("#next").has_focus  # enter goes on to the next question
        await pilot.press("enter")
        await settle(pilot)
        assert "Vraag 2 van 4" in _markdown(card, "#question") and not answers.disabled
        await pilot.press("enter")  # enter pressed twice: it answered the next question with a)
        await settle(pilot)
        assert not answers.disabled and not card.query_one("#feedback").display
        for q in lesson.questions[1:]:
            await card.answer(q.correct_index)
            await settle(pilot)
            if q is not lesson.questions[-1]:
                await card.next_question()
        assert "Les 7 klaar: 3 van 4 goed." in _markdown(card, "#feedback")
        onward = card.query_one("#next-lesson")
        assert onward.display and onward.has_focus and str(card.query_one("#next").label) == "Les opnieuw"
        listed = app.screen.query_one("#lesson-list", OptionList).get_option_at_index(7).prompt
        assert "gedaan, 3 van 4 goed · 1 nog eens bekijken" in str(listed)
        await pilot.press("enter")  # on to lesson 8
        await settle(pilot)
        assert _markdown(app.screen, "#lesson-text").startswith("## Stap 8 · Doorloop het ontwikkeltraject")
        assert "Vraag 1 van 3" in _markdown(card, "#question") and not card.query_one("#card-buttons").display
    store = open_store(app.settings)
    try:
        status = Progress(store).statuses(course)[7]
        assert (status.done, status.right) == (True, 3)
    finally:
        store.close()


async def _open_lesson(pilot: Pilot, step: int) -> None:
    await settle(pilot)
    pilot.app.action_learn()
    await settle(pilot)
    await pilot.app.screen.open_lesson(step)
    await settle(pilot)


async def test_answers_a_read_only_data_folder_refused_still_count_when_the_lessons_open_again(read_only_data):
    # the answers kept in memory were in a Progress made per visit: leaving the lessons and
    # coming back showed the lesson as never started
    lesson = load_course("nl").lesson(0)
    total = len(lesson.questions)
    app = make_app(FakeKB())
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_lesson(pilot, 0)
        for i, q in enumerate(lesson.questions):
            card = app.screen.query_one(QuestionCard)
            await card.answer(q.correct_index)
            await settle(pilot)
            if i + 1 < len(lesson.questions):
                await card.next_question()
                await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, LearnScreen)
        app.action_learn()
        await settle(pilot)
        assert isinstance(app.screen, LearnScreen)
        listed = app.screen.query_one("#lesson-list", OptionList).get_option_at_index(0).prompt
        assert f"gedaan, {total} van {total} goed" in str(listed)


async def test_the_last_lesson_ends_the_course_with_its_summary_and_no_retake_under_enter():
    # after lesson 10's last question: "Les 10 klaar" and one button, "Les opnieuw", focused: the
    # enter that went on to the next lesson everywhere else took lesson 10 again
    lesson = load_course("nl").lesson(10)
    app = make_app(FakeKB())
    async with app.run_test(size=(100, 30)) as pilot:
        await _open_lesson(pilot, 10)
        card = app.screen.query_one(QuestionCard)
        for i, q in enumerate(lesson.questions):
            await card.answer((q.correct_index + 1) % len(q.options) if i == 0 else q.correct_index)
            await settle(pilot)
            if i + 1 < len(lesson.questions):
                await card.next_question()
                await settle(pilot)
        total = sum(len(each.questions) for each in load_course("nl"))
        feedback = _markdown(card, "#feedback")
        assert "Dit was de laatste les van de cursus." in feedback
        assert f"1 van 11 lessen gedaan, {len(lesson.questions) - 1} van {total} vragen goed." in feedback
        assert "Nog eens bekijken: Les 10." in feedback and "Volgende les: Stap 0" in feedback
        onward = card.query_one("#to-lessons")
        assert onward.has_focus and str(onward.label) == "Naar de lessen"
        assert not card.query_one("#next-lesson").display
        await pilot.press("enter")
        await settle(pilot)
        lessons = app.screen.query_one("#lesson-list", OptionList)
        assert lessons.has_focus and lessons.highlighted == 0  # the first lesson not done
        assert card.query_one("#answers").disabled and "laatste les" in _markdown(card, "#feedback")


async def test_page_down_among_the_answers_pages_the_lesson_and_leaves_the_choice_alone():
    # page down in the answers highlighted the last option, and the next enter answered with it
    app = make_app(FakeKB())
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_lesson(pilot, 0)
        answers = app.screen.query_one(QuestionCard).query_one("#answers", OptionList)
        answers.focus()
        await settle(pilot)
        view = app.screen.query_one("#lesson-view")
        before, highlighted = view.scroll_y, answers.highlighted
        await pilot.press("pageup")
        await settle(pilot)
        assert view.scroll_y < before and answers.highlighted == highlighted
        await pilot.press("pagedown")
        await settle(pilot)
        assert view.scroll_y > 0 and answers.highlighted == highlighted and answers.has_focus


@pytest.mark.parametrize("size", SIZES)
async def test_home_and_end_among_the_answers_scroll_the_lesson_and_an_arrow_marks_in_sight(size):
    # end in the answers marked c) ("c) marked: enter or another click gives this answer"), for
    # the next enter to give; after home, ↓ marked a) out of sight, only the hint said so
    app = make_app(FakeKB(), start="learn")
    app.settings.language = "en"
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        screen = app.screen
        lessons = screen.query_one("#lesson-list", OptionList)
        await pilot.press("end")  # in the list: its last lesson, as before
        assert lessons.highlighted == lessons.option_count - 1
        await screen.open_lesson(1)
        await settle(pilot)
        view, card = screen.query_one("#lesson-view"), screen.query_one(QuestionCard)
        answers = card.query_one("#answers", OptionList)
        await pilot.press("tab", "home")
        await settle(pilot)
        assert answers.has_focus and view.scroll_y == 0 and answers.highlighted is None
        await pilot.press("end")
        await settle(pilot)
        assert view.scroll_y == view.max_scroll_y > 0 and answers.highlighted is None
        assert str(card.query_one("#answer-hint").render()).startswith("Choose with a letter")
        await pilot.press("home", "down")
        await settle(pilot)
        assert answers.has_focus and answers.highlighted == 0
        assert view.region.y <= answers.region.y and answers.region.bottom <= view.region.bottom


async def test_end_typed_as_a_finished_lesson_opens_goes_to_its_end_at_once():
    # enter on a finished lesson and end at once: the lesson stayed at its top (or stopped at
    # its tips), and only a second end reached the check questions
    lesson = load_course("nl").lesson(7)
    app = make_app(FakeKB())
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_lesson(pilot, 7)
        await _answered_with_the_first_wrong(pilot, lesson, (lesson.questions[0].correct_index + 1) % 3)
    for size in ((80, 24), (120, 40)):
        again = make_app(FakeKB(), start="learn")
        async with again.run_test(size=size) as pilot:
            await settle(pilot)
            screen = again.screen
            lessons = screen.query_one("#lesson-list", OptionList)
            lessons.highlighted = 7
            lessons.action_select()
            await pilot.press("end")
            await settle(pilot)
            view, card = screen.query_one("#lesson-view"), screen.query_one(QuestionCard)
            assert "Vraag 1 van 4" in _markdown(card, "#question") and card.reviewing
            assert view.has_focus and view.scroll_y == view.max_scroll_y > 0
            buttons = card.query_one("#card-buttons")
            assert buttons.region.bottom <= view.region.bottom and buttons.region.height > 0


async def test_the_arrows_stop_at_the_first_and_the_last_answer():
    # down then up went from a) round to c), and enter recorded c) for a learner who meant a)
    app = make_app(FakeKB())
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_lesson(pilot, 0)
        answers = app.screen.query_one(QuestionCard).query_one("#answers", OptionList)
        answers.focus()
        await settle(pilot)
        await pilot.press("down", "up")
        assert answers.highlighted == 0
        await pilot.press("up")
        assert answers.highlighted == 0
        await pilot.press(*["down"] * 5)
        assert answers.highlighted == answers.option_count - 1


async def _switch_language(pilot: Pilot, word: str) -> None:
    """The language switched as users do: the palette, the word, enter."""
    _options, shown = await palette_search(pilot, word)
    assert "English" in shown[0] or "Nederlands" in shown[0], shown
    await pilot.press("enter")
    await settle(pilot)


async def _lessons_glossary(pilot, number: int):
    """The screen f5 opens from lesson `number` (its terms)."""
    await _open_lesson(pilot, number)
    await pilot.press("f5")
    await settle(pilot)
    return pilot.app.screen


async def _answered_with_the_first_wrong(pilot, lesson, wrong: int):
    """The open lesson's questions answered, the first with option `wrong` and the rest right: its card."""
    card = pilot.app.screen.query_one(QuestionCard)
    first = lesson.questions[0]
    for q in lesson.questions:
        await card.answer(wrong if q is first else q.correct_index)
        await settle(pilot)
        if q is not lesson.questions[-1]:
            await card.next_question()
    return card


def _first_question_and_a_wrong_option(number: int):
    """The Dutch lesson `number`, its first check question, and the index of a wrong option of it."""
    lesson = load_course("nl").lesson(number)
    first = lesson.questions[0]
    return lesson, first, next(i for i, o in enumerate(first.options) if not o.correct)


async def test_a_language_switch_shows_the_open_lesson_glossary_and_procedures_in_it_at_once():
    # the lesson list and the lesson stayed Dutch after a switch to English, with no word; back
    # to Dutch from inside the lessons, f5 then opened in one language and f8 in the other
    from assistant.tui.screens.glossary import GlossaryScreen
    from assistant.tui.screens.procedures import ProceduresScreen

    lesson, first, wrong = _first_question_and_a_wrong_option(7)
    app = make_app(FakeKB())
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_lesson(pilot, 7)
        screen = app.screen
        card = screen.query_one(QuestionCard)
        await card.answer(wrong)
        await settle(pilot)
        await _switch_language(pilot, "language")
        assert app.screen is screen and screen.title == "Learn: the step plan in eleven lessons"
        assert _markdown(screen, "#lesson-text").startswith("## Step 7 · Design the development trajectory")
        assert "Question 1 of 4" in _markdown(card, "#question")  # the same question, answered
        assert _markdown(card, "#feedback").startswith("**Not right.**")
        assert str(card.query_one("#next").label) == "Next question" and card.border_title == "Check questions"
        listed = str(screen.query_one("#lesson-list", OptionList).get_option_at_index(7).prompt)
        assert "started, 1 of 4 questions answered" in listed
        assert screen.active_bindings["escape"].binding.description == "back"
        await card.next_question()
        await settle(pilot)
        await pilot.press("down")  # a) marked: it stays marked through the switch
        await pilot.press("f5")
        await settle(pilot)
        assert isinstance(app.screen, GlossaryScreen) and app.screen.title == "Terms in lesson 7"
        await _switch_language(pilot, "taal")
        glossary = app.screen
        assert isinstance(glossary, GlossaryScreen) and glossary.title == "Begrippen in les 7"
        assert glossary.query_one("#glossary-search").placeholder.startswith("Zoek")
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen and "Vraag 2 van 4" in _markdown(card, "#question")
        answers = card.query_one("#answers", OptionList)
        assert answers.highlighted == 0 and str(answers.get_option_at_index(0).prompt).startswith("› a) ")
        assert str(card.query_one("#answer-hint").render()).startswith("a) gemarkeerd: enter of nog een klik geeft dit antwoord")
        await pilot.press("f8")
        await settle(pilot)
        assert isinstance(app.screen, ProceduresScreen) and app.screen.title == "De procedures na elkaar"
        await _switch_language(pilot, "language")
        assert app.screen.title == "The procedures one after the other"  # 120 columns: stacked
        assert "When do you use it?" in app.screen.query_one("#procedures-text", Markdown).source
    with open_store(app.settings) as store:  # progress is as it was: one answer
        assert Progress(store).latest_answers(lesson) == {first.id: False}


async def test_the_first_arrow_marks_a_in_sight_and_enter_with_nothing_marked_says_how():
    # ↓ then enter gave a), meant as b): nothing was marked as the question appeared, and the
    # first ↓ marked a) in colour only; enter with nothing marked did nothing, and said nothing
    lesson = load_course("nl").lesson(2)
    first = lesson.questions[0]
    app = make_app(FakeKB())
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_lesson(pilot, 2)
        card = app.screen.query_one(QuestionCard)
        answers = card.query_one("#answers", OptionList)
        hint = card.query_one("#answer-hint")
        answers.focus()
        await settle(pilot)

        def prompts() -> list[str]:
            return [str(answers.get_option_at_index(i).prompt) for i in range(answers.option_count)]

        assert answers.highlighted is None and not any(p.startswith("›") for p in prompts())
        await pilot.press("enter")
        await settle(pilot)
        assert Progress(open_store(app.settings)).latest_answers(lesson) == {} and not answers.disabled
        assert str(hint.render()) == "Nog geen antwoord gemarkeerd: typ een letter (a, b, c) of druk ↓, en dan enter."
        await pilot.press("down")
        await settle(pilot)
        assert answers.highlighted == 0 and prompts()[0].startswith("› a) ")
        assert str(hint.render()).startswith("a) gemarkeerd: enter of nog een klik geeft dit antwoord")  # which enter gives
        await pilot.press("down")
        await settle(pilot)
        assert prompts()[0].startswith("  a) ") and prompts()[1].startswith("› b) ")
        await pilot.press("enter")
        await settle(pilot)
        assert Progress(open_store(app.settings)).latest_answers(lesson) == {first.id: first.options[1].correct}


async def test_f1_shows_the_keys_of_the_lessons_the_glossary_and_the_procedures():
    # f1 did nothing on the learning screen (its help was the main screen's only)
    from assistant.tui.screens.dialogs import HelpScreen

    app = make_app(FakeKB())
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_lesson(pilot, 3)
        for key, heading in ((None, "## Toetsen bij het leren"), ("f5", "## Toetsen in de woordenlijst"),
                             ("f8", "## De procedures vergeleken")):
            if key is not None:
                await pilot.press(key)
                await settle(pilot)
            shown = app.screen
            await pilot.press("f1")
            await settle(pilot)
            assert isinstance(app.screen, HelpScreen), key
            assert app.screen.query_one(Markdown).source.strip().startswith(heading)
            await pilot.press("escape")
            await settle(pilot)
            assert app.screen is shown
            if key is not None:
                await pilot.press("escape")
                await settle(pilot)
        # at 80 columns the footer names f1, and f6 too (a compact footer)
        footer = {binding.key for (_, binding, enabled, _) in app.screen.active_bindings.values() if binding.show}
        assert {"f1", "f6"} <= footer


@pytest.mark.parametrize("lang", ["nl", "en"])
async def test_at_80_by_24_a_wrapped_option_keeps_under_its_text_and_the_footer_shows_the_keys_the_intro_names(lang):
    # "a) Een ruime lijst van veelbelovende" went on under the letters, and the options ran
    # together; the footer left out "f6 lessen", which the intro names
    from rich.cells import cell_len
    from textual.widgets._footer import FooterKey

    app = make_app(FakeKB(), start="learn")
    app.settings.language = lang
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        intro = _markdown(screen, "#lesson-text")
        keys = {k.key: k for k in screen.query(FooterKey)}
        palette = keys.pop("ctrl+p").region
        named = {key for key in ("f1", "f5", "f6", "f8") if f"`{key}`" in intro}
        assert "f6" in named and named | {"ctrl+q"} <= set(keys)
        assert all(0 < key.region.width and key.region.right <= palette.x for key in keys.values())
        await screen.open_lesson(1)
        await settle(pilot)
        answers = screen.query_one("#answers", OptionList)
        options = load_course(lang).lesson(1).questions[0].options
        rows = ["".join(segment.text for segment in answers.render_line(y)).rstrip() for y in range(answers.size.height)]
        starts = [y for y, row in enumerate(rows) if row.lstrip().startswith(("a) ", "b) ", "c) "))]
        assert len(starts) == len(options) and len(rows) > len(options)  # an option wraps here
        column = rows[starts[0]].index(")") + 2  # where the options' text begins
        for y, row in enumerate(rows):
            if y not in starts and row.strip():
                assert cell_len(row) - cell_len(row.lstrip()) == column, row
        await pilot.press("tab", "down")  # a) marked: its pointer keeps the text where it was
        await settle(pilot)
        assert rows[starts[0]].index(")") == "".join(s.text for s in answers.render_line(starts[0])).index(")")


async def test_the_letters_mark_enter_answers_and_a_lesson_left_halfway_goes_on_where_it_was():
    # the options read a), b), c) but their letters did nothing while the lesson text had the
    # focus; a lesson opened again began at question 1 while the list said "1 of 4" answered
    course = load_course("nl")
    lesson = course.lesson(2)
    app = make_app(FakeKB())
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_lesson(pilot, 2)
        card = app.screen.query_one(QuestionCard)
        assert app.screen.query_one("#lesson-view").has_focus
        first = lesson.questions[0]
        shown = [str(card.query_one("#answers", OptionList).get_option_at_index(i).prompt)
                 for i in range(len(first.options))]
        right = "abcdef"[first.correct_index]
        assert shown[first.correct_index].startswith(f"  {right}) ")  # after the column of the arrows' mark
        await pilot.press(right)
        await settle(pilot)
        assert card.choosing and str(card.query_one("#answers", OptionList).get_option_at_index(
            first.correct_index).prompt).startswith(f"› {right}) ")
        await pilot.press("enter")
        await settle(pilot)
        assert _markdown(card, "#feedback").startswith("**Goed!**")
        await pilot.press("b")  # answered: a letter changes nothing
        await settle(pilot)
        assert Progress(open_store(app.settings)).latest_answers(lesson) == {first.id: True}
        await pilot.press("escape")
        await _open_lesson(pilot, 2)
        card = app.screen.query_one(QuestionCard)
        assert "Vraag 2 van" in _markdown(card, "#question") and card.right == 1


async def test_at_80_by_24_an_answer_shows_its_marks_and_right_or_wrong_in_sight():
    # the view went down to the "Volgende vraag" button: whether the answer was right was above
    lesson = load_course("nl").lesson(2)
    app = make_app(FakeKB())
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_lesson(pilot, 2)
        card = app.screen.query_one(QuestionCard)
        wrong = "abcdef"[next(i for i, o in enumerate(lesson.questions[0].options) if not o.correct)]
        await pilot.press(wrong, "enter")
        await settle(pilot)
        await pilot.pause()
        shown = app.screen.query_one("#lesson-view").region
        answers, feedback = card.query_one("#answers", OptionList), card.query_one("#feedback", Markdown)
        assert shown.y <= answers.region.y < feedback.region.y < shown.bottom
        assert _markdown(card, "#feedback").startswith("**Niet goed.**")


async def test_a_lessons_subheading_wraps_at_80_columns():
    # "Zo ziet het dossier eruit (voorbeeldproject “S": cut at the edge (an H3 is as wide as its text)
    from textual.widgets._markdown import MarkdownH3

    app = make_app(FakeKB())
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_lesson(pilot, 1)
        view = app.screen.query_one("#lesson-view").region
        headings = list(app.screen.query_one("#lesson-text").query(MarkdownH3))
        assert headings
        for heading in headings:
            assert heading.region.right <= view.right
            assert heading.region.height >= 1 and heading.size.width < view.width


@pytest.mark.parametrize("key", ["capital", "number"])
async def test_a_capital_letter_or_the_options_number_marks_it_too(key):
    # with caps lock on, "C" did nothing, and neither did "3"
    lesson = load_course("nl").lesson(2)
    first = lesson.questions[0]
    app = make_app(FakeKB())
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_lesson(pilot, 2)
        card = app.screen.query_one(QuestionCard)
        await pilot.press("abcdef"[first.correct_index].upper() if key == "capital" else str(first.correct_index + 1))
        await settle(pilot)
        assert card.query_one("#answers", OptionList).highlighted == first.correct_index
        await pilot.press("enter")
        await settle(pilot)
        assert _markdown(card, "#feedback").startswith("**Goed!**")
        assert Progress(open_store(app.settings)).latest_answers(lesson) == {first.id: True}


async def test_learn_command_opens_the_app_on_the_lessons_and_progress_resumes():
    first = make_app(FakeKB(), start="learn")
    async with first.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(first.screen, LearnScreen)
        first.screen.query_one(QuestionCard)
        await first.screen.open_lesson(0)
        await first.screen.query_one(QuestionCard).answer(load_course("nl").lesson(0).questions[0].correct_index)
        await settle(pilot)
    again = make_app(FakeKB(), start="learn")
    async with again.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        listed = again.screen.query_one("#lesson-list", OptionList).get_option_at_index(0).prompt
        assert "begonnen, 1 van 4 vragen beantwoord" in str(listed)
        assert "0 van 11 lessen gedaan, 1 van 39 vragen goed" in _markdown(again.screen, "#lesson-text")


async def test_learn_with_a_learner_shows_that_learners_progress_and_says_whose_it_is():
    # `learn --learner fatima` showed the login name's progress (none), not fatima's lessons
    # done in `learn --plain --learner fatima`, and said nowhere whose progress it showed
    settings = load_settings()
    lesson = load_course("nl").lesson(0)
    with open_store(settings) as store:
        Progress(store, "fatima").answer(lesson, lesson.questions[0], lesson.questions[0].correct_index)
    app = make_app(FakeKB(), settings=settings, start="learn", learner="fatima")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LearnScreen)
        listed = app.screen.query_one("#lesson-list", OptionList).get_option_at_index(0).prompt
        assert "begonnen, 1 van 4 vragen beantwoord" in str(listed)
        assert "Voortgang van fatima: 0 van 11 lessen gedaan, 1 van 39 vragen goed." in \
            _markdown(app.screen, "#lesson-text")
        await app.screen.open_lesson(0)
        await app.screen.query_one(QuestionCard).answer(lesson.questions[1].correct_index)
        await settle(pilot)
    with open_store(settings) as store:  # kept under fatima's name, as `learn --plain --learner fatima` does
        assert set(Progress(store, "fatima").latest_answers(lesson)) == {q.id for q in lesson.questions[:2]}
        assert Progress(store).latest_answers(lesson) == {}
    own = make_app(FakeKB(), settings=settings, start="learn")
    async with own.run_test(size=(120, 40)) as pilot:  # the login name's own progress names no one
        await settle(pilot)
        assert _markdown(own.screen, "#lesson-text").count("Voortgang van") == 0


def test_stappenplan_learn_hands_the_learner_and_the_lesson_to_the_app(monkeypatch):
    # `stappenplan learn --learner fatima --lesson 10` opened the overview, with the progress of
    # the login name: the app was never given either option (the Pilot test above shows what the
    # app does with them; a real terminal's byte stream was too loose a thing to test on)
    from assistant.cli import tui as tui_command
    from assistant.cli.main import main
    from assistant.tui.app import StappenplanApp

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    started: list[StappenplanApp] = []
    monkeypatch.setattr(sys, "stdin", Terminal())
    monkeypatch.setattr(sys, "stdout", Terminal())
    monkeypatch.setattr(tui_command, "_has_terminal", lambda: True)
    monkeypatch.setattr(StappenplanApp, "run", lambda app, *args, **kwargs: started.append(app))
    assert main(["learn", "--learner", "fatima", "--lesson", "10"]) == 0
    (app,) = started
    assert (app.learner, app._start_lesson, app._start_screen) == ("fatima", 10, "learn")


async def _answer_wrong(pilot: Pilot) -> None:
    await _open_lesson(pilot, 3)
    card = pilot.app.screen.query_one(QuestionCard)
    first = load_course("nl").lesson(3).questions[0]
    await card.answer(next(i for i in range(len(first.options)) if i != first.correct_index))
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_lesson_list(snap_compare, size):
    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        pilot.app.action_learn()
        await settle(pilot)

    assert snap_compare(make_app(FakeKB()), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_feedback_on_a_wrong_answer(snap_compare, size):
    assert snap_compare(make_app(FakeKB()), terminal_size=size, run_before=_answer_wrong)


@pytest.mark.parametrize("word, expected", [("begrip", "Woordenlijst"), ("woordenlijst", "Woordenlijst"),
                                            ("quiz", "Leren"), ("voorbeeld", "Voorbeeldproject"),
                                            ("leren", "Leren"), ("sbir", "Procedures vergeleken"),
                                            # a newcomer who reads no Dutch looks for the language
                                            ("language", "English"), ("english", "English")])
async def test_the_palette_finds_what_a_newcomer_types(word, expected):
    app = make_app(FakeKB())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        _commands, shown = await palette_search(pilot, word)
        assert shown and expected in shown[0], shown


async def test_the_lessons_terms_are_titled_so_and_a_search_through_all_terms_is_titled_the_glossary():
    # "Begrippen in les 3" stayed over a search through all 66 terms
    from textual.widgets import Input

    from assistant.tui.screens.glossary import GlossaryScreen

    app = make_app(FakeKB())
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _lessons_glossary(pilot, 3)
        assert isinstance(screen, GlossaryScreen) and screen.title == "Begrippen in les 3"
        screen.query_one("#glossary-search", Input).value = "sbir"
        await settle(pilot)
        assert screen.title == "Woordenlijst"
        screen.query_one("#glossary-search", Input).value = ""
        await settle(pilot)
        assert screen.title == "Begrippen in les 3"


async def test_answering_keeps_every_lessons_status_line_in_a_narrow_list():
    # at 80x24 in English, step 0's "not done yet" went missing once a question was answered:
    # the list was built again with its lines measured a column wider than they are drawn
    app = make_app(FakeKB())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await app.action_switch_language()
        await settle(pilot)
        await _open_lesson(pilot, 2)
        listed = app.screen.query_one("#lesson-list", OptionList)

        def top_lines() -> list[str]:
            """The lines of steps 0 and 1 (step 2's mark changes with the answer)."""
            lines = ["".join(segment.text for segment in listed.render_line(y)).strip() for y in range(8)]
            return lines[:next(i for i, line in enumerate(lines) if "Step 2 ·" in line)]

        before = top_lines()
        assert before.count("not done yet") == 2  # steps 0 and 1
        await app.screen.query_one(QuestionCard).answer(1)
        await settle(pilot)
        assert top_lines() == before


async def test_a_letter_typed_with_the_enter_for_the_next_question_marks_its_option():
    # "Volgende vraag" and "b" in one burst: the "b" came before the question, and was lost
    from textual import events

    lesson = load_course("nl").lesson(2)
    app = make_app(FakeKB())
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_lesson(pilot, 2)
        card = app.screen.query_one(QuestionCard)
        await pilot.press("a", "enter")
        await settle(pilot)
        assert card.query_one("#next").has_focus
        for key, character in (("enter", "\r"), ("b", "b")):  # as a terminal sends them
            app.post_message(events.Key(key, character))
        await settle(pilot)
        answers = card.query_one("#answers", OptionList)
        assert "Vraag 2 van" in _markdown(card, "#question") and card.choosing and answers.highlighted == 1
        await pilot.press("enter")
        await settle(pilot)
        assert lesson.questions[1].id in Progress(open_store(app.settings)).latest_answers(lesson)


async def test_a_letter_typed_with_the_enter_on_next_lesson_marks_its_first_questions_option():
    # "Volgende les" and "b" in one burst: the "b" reached the lesson before its question, and
    # was dropped as typed in another lesson; letters seemed to work only after another enter
    from textual import events

    course = load_course("nl")
    app = make_app(FakeKB())
    async with app.run_test(size=(100, 30)) as pilot:
        await _open_lesson(pilot, 2)
        card = app.screen.query_one(QuestionCard)
        for i, q in enumerate(course.lesson(2).questions):
            await card.answer(q.correct_index)
            await settle(pilot)
            if i + 1 < len(course.lesson(2).questions):
                await card.next_question()
                await settle(pilot)
        assert card.query_one("#next-lesson").has_focus
        for key, character in (("enter", "\r"), ("b", "b")):  # as a terminal sends them
            app.post_message(events.Key(key, character))
        await settle(pilot)
        assert card.lesson.step == 3 and card.choosing and card.query_one("#answers", OptionList).highlighted == 1
        await pilot.press("enter")
        await settle(pilot)
        answers = Progress(open_store(app.settings)).latest_answers(course.lesson(3))
        assert course.lesson(3).questions[0].id in answers
        assert card.chosen == 1 and card.query_one("#feedback").display


async def test_a_see_also_link_opens_the_new_terms_card_at_its_top():
    # Tab to "Zie ook", enter on "→ SBIR": SBIR's card opened scrolled to where the previous
    # card had been, its heading line out of sight
    from assistant.tui.screens.glossary import GlossaryScreen

    app = make_app(FakeKB())
    async with app.run_test(size=(80, 20)) as pilot:  # the links below the card, out of sight
        screen = await _lessons_glossary(pilot, 7)
        assert isinstance(screen, GlossaryScreen)
        terms = screen.query_one("#term-list", OptionList)
        terms.highlighted = [term.key for term in screen.shown].index("innovatiepartnerschap")
        await settle(pilot)
        links = screen.query_one("#see-also", OptionList)
        while not links.has_focus:
            await pilot.press("tab")
        side = screen.query_one("#term-side")
        await settle(pilot)
        assert side.scroll_y > 0  # the links in sight, below the card
        links.highlighted = next(i for i in range(links.option_count) if links.get_option_at_index(i).id == "sbir")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.pause()
        card = screen.query_one("#term-card", Markdown)
        assert screen.term.key == "sbir" and card.source.startswith("**SBIR**")
        assert side.scroll_y == 0 and card.region.y >= side.region.y  # its heading line in sight


async def test_the_keys_the_hint_names_reach_the_first_questions_options_from_the_lesson_text():
    # ctrl+l, enter on "Stap 0", page down to the questions: ↓ and enter did nothing there (the
    # focus stayed in the lesson text), where the hint says "met ↑↓ en enter"; only tab, a
    # letter or a click reached the options
    lesson = load_course("nl").lesson(0)
    first = lesson.questions[0]
    app = make_app(FakeKB())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+l")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        view = screen.query_one("#lesson-view")
        card = screen.query_one(QuestionCard)
        answers = card.query_one("#answers", OptionList)
        assert view.has_focus and view.scroll_y == 0
        await pilot.press("down")  # in the text, ↓ scrolls it
        await settle(pilot)
        assert view.has_focus and view.scroll_y == 1
        view.scroll_end(animate=False, immediate=True)  # as page down does, page by page
        await settle(pilot)
        assert view.scroll_y == view.max_scroll_y
        assert "Vraag 1 van 4" in _markdown(card, "#question") and view.has_focus
        await pilot.press("down")  # at the end of the text: ↓ marks a), as in the options
        await settle(pilot)
        assert answers.has_focus and answers.highlighted == 0
        assert str(answers.get_option_at_index(0).prompt).startswith("› a) ")
        await pilot.press("down", "enter")
        await settle(pilot)
        assert Progress(open_store(app.settings)).latest_answers(lesson) == {first.id: first.options[1].correct}
        # page up, and enter in the text goes to the next question's options, in sight
        await card.next_question()
        await settle(pilot)
        view.focus()
        await pilot.press("pageup", "pageup")
        await settle(pilot)
        assert view.has_focus and view.scroll_y < view.max_scroll_y
        await pilot.press("enter")
        await settle(pilot)
        await pilot.pause()
        assert answers.has_focus and answers.highlighted is None
        assert view.region.y <= answers.region.y and answers.region.bottom <= view.region.bottom
        await pilot.press("down")
        assert answers.highlighted == 0


async def test_a_finished_lesson_opened_again_shows_its_answers_and_only_les_opnieuw_takes_it_again():
    # a finished lesson opened from the list began a retake: "Vraag 1 van 4", blank options,
    # no marks, and the first answer counted in it; the end card said to re-read the quotes of
    # the questions that went wrong, and once left, nothing showed which
    lesson = load_course("nl").lesson(7)
    first, *rest = lesson.questions
    wrong = next(i for i, o in enumerate(first.options) if not o.correct)
    app = make_app(FakeKB())
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_lesson(pilot, 7)
        card = await _answered_with_the_first_wrong(pilot, lesson, wrong)
    again = make_app(FakeKB(), start="learn")
    async with again.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = again.screen
        await pilot.press("f6")
        screen.query_one("#lesson-list", OptionList).highlighted = 7
        await pilot.press("enter")
        await settle(pilot)
        card = screen.query_one(QuestionCard)
        answers = card.query_one("#answers", OptionList)

        def marks() -> list[str]:
            return [str(answers.get_option_at_index(i).prompt)[0] for i in range(answers.option_count)]

        assert "Vraag 1 van 4" in _markdown(card, "#question") and answers.disabled
        assert marks()[wrong] == "✗" and marks()[first.correct_index] == "✓"
        assert _markdown(card, "#feedback").startswith("**Niet goed.**")
        assert str(card.query_one("#review-note").render()).startswith(
            "Uw laatste antwoorden: 3 van 4 goed, niet goed bij vraag 1.")
        assert str(card.query_one("#next").label) == "Volgende vraag" and card.query_one("#retake").display
        await pilot.press("abcdef"[first.correct_index])  # a letter answers nothing here
        await settle(pilot)
        listed = screen.query_one("#lesson-list", OptionList)
        assert "opnieuw" not in str(listed.get_option_at_index(7).prompt)
        for n, q in enumerate(rest, 2):  # "Volgende vraag" pages through the answers
            card.query_one("#next").press()
            await settle(pilot)
            assert f"Vraag {n} van 4" in _markdown(card, "#question") and answers.disabled
            assert marks()[q.correct_index] == "✓" and "✗" not in marks()
            assert _markdown(card, "#feedback").startswith("**Goed!**")
        assert "Les 7 klaar: 3 van 4 goed." in _markdown(card, "#feedback")
        assert str(card.query_one("#next").label) == "Les opnieuw" and not card.query_one("#retake").display
        assert card.query_one("#next-lesson").display
        with open_store(again.settings) as store:
            assert Progress(store).latest_answers(lesson) == {q.id: q is not first for q in lesson.questions}
        await screen.open_lesson(7)  # and "Les opnieuw" beside any of them takes the lesson again
        await settle(pilot)
        card.query_one("#retake").press()
        await settle(pilot)
        assert "Vraag 1 van 4" in _markdown(card, "#question") and not answers.disabled
        assert answers.has_focus and set(marks()) == {" "} and not card.query_one("#review-note").display
        await pilot.press("abcdef"[first.correct_index], "enter")
        await settle(pilot)
        # the result stands until the retake is finished, and the retake resumes where it was
        # ("Les opnieuw", question 1, ctrl+q: "3 van 4 goed" had become "2 van 4 goed", and the
        # lesson opened again at question 1 with nothing answered)
        assert "gedaan, 3 van 4 goed · 1 nog eens bekijken · opnieuw begonnen, 1 van 4 beantwoord" in str(
            listed.get_option_at_index(7).prompt)
    third = make_app(FakeKB(), start="learn")
    async with third.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await third.screen.open_lesson(7)
        await settle(pilot)
        card = third.screen.query_one(QuestionCard)
        assert "Vraag 2 van 4" in _markdown(card, "#question") and card.right == 1
        for q in rest:
            await card.answer(q.correct_index)
            await settle(pilot)
            if q is not lesson.questions[-1]:
                await card.next_question()
        assert "Les 7 klaar: 4 van 4 goed." in _markdown(card, "#feedback")
        listed = str(third.screen.query_one("#lesson-list", OptionList).get_option_at_index(7).prompt)
        assert "gedaan, 4 van 4 goed" in listed and "opnieuw" not in listed


@pytest.mark.parametrize(("lang", "query", "heading"), [("en", "TRL", "**TRL"), ("en", "finish line", "**finish line"),
                                                        ("nl", "finishlijn", "**finishlijn")])
async def test_a_term_chosen_in_the_palette_over_the_lessons_opens_the_glossary_at_it(lang, query, heading):
    # the card was put in the conversation behind the lessons: the palette closed and nothing showed
    from assistant.tui.screens.glossary import GlossaryScreen

    app = make_app(FakeKB())
    app.settings.language = lang
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.action_learn()
        await settle(pilot)
        turns = len(app.main.conversation.turns)
        options, shown = await palette_search(pilot, query)
        assert shown[0].endswith("in the glossary" if lang == "en" else "in de woordenlijst"), shown
        await pilot.press("enter")
        await settle(pilot)
        glossary = app.screen
        assert isinstance(glossary, GlossaryScreen)
        assert glossary.query_one("#term-card", Markdown).source.startswith(heading)
        assert len(app.main.conversation.turns) == turns  # nothing behind the lessons
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, LearnScreen)


async def test_a_card_put_in_the_conversation_behind_another_screen_is_in_sight_after_escape():
    # with a project open, the card sat at the bottom out of sight and the view at the very top
    from tui_support import app_with_projects

    from assistant.tui.session import glossary_card

    app = app_with_projects(("Afvalcontainers", "Gemeente"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.action_learn()
        await settle(pilot)
        app.show_turn(glossary_card("TRL", "nl"))
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        conversation = app.main.conversation
        card = app.main.query(AssistantTurn).last()
        assert card.turn.text.startswith("**TRL")
        assert conversation.max_scroll_y > 0  # taller than the view
        assert card.region.y >= conversation.region.y and card.region.bottom <= conversation.region.bottom


@pytest.mark.parametrize("key", ["x", "d", "4"])
async def test_a_key_that_is_no_option_says_which_keys_answer(key):
    # "x" or "d" with three options did nothing and said nothing; plain mode says it is no answer
    app = make_app(FakeKB())
    app.settings.language = "en"
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.action_learn(step=0)
        await settle(pilot)
        card = app.screen.query_one("#question-card", QuestionCard)
        assert card.choosing and len(card.question.options) == 3
        await pilot.press(key)
        await settle(pilot)
        hint = str(app.screen.query_one("#answer-hint").render())
        assert hint == f"“{key}” is not an answer. Choose a letter (a, b, c) or a number (1, 2, 3)."
        assert card.choosing and card.index == 0  # nothing answered
        await pilot.press("b")
        await settle(pilot)
        assert card.query_one("#answers", OptionList).highlighted == 1  # the letters still mark
        await pilot.press("enter")
        await settle(pilot)
        assert not card.choosing


async def test_a_key_that_is_no_option_left_alone_is_said_in_a_notice_and_a_word_being_typed_is_not():
    # the refusal under the options was out of sight, or already there: "d" seemed to do nothing
    app = make_app(FakeKB())
    app.settings.language = "en"
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.action_learn(step=0)
        await settle(pilot)
        await pilot.press("d")
        await pilot.pause(0.7)
        refused = "“d” is not an answer. Choose a letter (a, b, c) or a number (1, 2, 3)."
        assert [n.message for n in app._notifications] == [refused]
        await pilot.press(*"stap")  # a word typed on: no notice for its first letter
        await pilot.pause(0.2)
        await pilot.press("space", "1")
        await pilot.pause(0.7)
        assert [n.message for n in app._notifications if n.message != refused] == []


async def test_the_course_end_with_every_lesson_done_points_to_a_project_of_ones_own():
    # the course's end said where the learner stands and nothing of what to do next
    course = load_course("en")
    app = make_app(FakeKB())
    app.settings.language = "en"
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        progress = Progress(app.main.work.workspace.store, app.learner)
        for lesson in course:
            if lesson.step != 10:
                for q in lesson.questions:
                    progress.answer(lesson, q, q.correct_index)
        await _open_lesson(pilot, 10)
        card = app.screen.query_one(QuestionCard)
        for i, q in enumerate(course.lesson(10).questions):
            await card.answer(q.correct_index)
            await settle(pilot)
            if i + 1 < len(course.lesson(10).questions):
                await card.next_question()
                await settle(pilot)
        feedback = _markdown(card, "#feedback")
        assert "This was the last lesson of the course." in feedback
        assert "You have done every lesson. Practise now with a project of your own: `ctrl+n` starts one." in feedback


@pytest.mark.parametrize(("lang", "ask", "term"), [
    ("nl", "een vraag stellen: `esc` terug naar het gesprek", "wat een begrip betekent: `f5`"),
    ("en", "ask a question: `esc` back to the conversation", "what a term means: `f5`")])
async def test_f1_on_the_lessons_says_how_to_ask_a_question_and_look_up_a_term(lang, ask, term):
    # a learner could not find how to ask while learning: no input there, and f1 did not say
    from assistant.tui.screens.dialogs import HelpScreen

    app = make_app(FakeKB())
    app.settings.language = lang
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_lesson(pilot, 3)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        shown = app.screen.query_one(Markdown).source
        assert ask in shown and term in shown
        await pilot.press("escape", "escape")  # the help, then the lessons: the conversation it names
        await settle(pilot)
        assert app.screen is app.main and app.main.prompt.has_focus


async def _at_question(pilot: Pilot, step: int, number: int) -> QuestionCard:
    """Lesson `step` open at its question `number` (1-based), those before it answered right."""
    await _open_lesson(pilot, step)
    card = pilot.app.screen.query_one(QuestionCard)
    for q in card.lesson.questions[:number - 1]:
        await card.answer(q.correct_index)
        await card.next_question()
        await settle(pilot)
    return card


def _typed(text: str) -> list[str]:
    return ["space" if c == " " else c for c in text]


async def test_a_letter_in_a_word_answers_nothing_and_only_enter_gives_the_marked_option():
    # "antwoord b" answered a) at its first letter, and "voorselectie" answered c) at its "c",
    # for good; `learn --plain` said such text is no answer
    app = make_app(FakeKB())
    async with app.run_test(size=(120, 40)) as pilot:
        card = await _at_question(pilot, 1, 3)
        question, answers = card.question, card.query_one("#answers", OptionList)
        right = question.correct_index
        word = question.options[right].text.split()[-1]  # "voorselectie"
        assert any(c in word for c in "abc"[:len(question.options)] if c != "abc"[right])
        await pilot.press(*_typed(word))
        await settle(pilot)
        assert card.choosing and answers.highlighted is None
        assert str(card.query_one("#answer-hint").render()).startswith(f"“{word}” is geen antwoord.")
        assert Progress(open_store(app.settings)).latest_answers(card.lesson).get(question.id) is None
        await pilot.press(*_typed(f"antwoord {'abc'[right]}"))  # the letter that stands alone
        await settle(pilot)
        assert card.choosing and answers.highlighted == right
        assert str(answers.get_option_at_index(right).prompt).startswith(f"› {'abc'[right]}) ")
        assert str(card.query_one("#answer-hint").render()).startswith(f"{'abc'[right]}) gemarkeerd")
        await pilot.press("a", "abc"[right])  # a letter after a letter: the second meant
        await settle(pilot)
        assert answers.highlighted == right
        await pilot.press("enter")
        await settle(pilot)
        assert _markdown(card, "#feedback").startswith("**Goed!**")


async def test_a_number_that_names_a_step_marks_by_position_and_shows_which_before_enter():
    # "a) Stap 3 … c) Stap 8": "3", meant as Stap 3, answered c) Stap 8 at once
    app = make_app(FakeKB())
    async with app.run_test(size=(120, 40)) as pilot:
        card = await _at_question(pilot, 2, 4)
        question, answers = card.question, card.query_one("#answers", OptionList)
        named = {i: int(o.text.split()[1].rstrip(",")) for i, o in enumerate(question.options)
                 if o.text.startswith("Stap ")}
        meant, step = next((i, n) for i, n in named.items() if 1 <= n <= len(question.options) and n - 1 != i)
        await pilot.press(str(step))
        await settle(pilot)
        letter = "abc"[step - 1]
        assert card.choosing and answers.highlighted == step - 1
        assert str(answers.get_option_at_index(step - 1).prompt).startswith(f"› {letter}) ")
        assert str(card.query_one("#answer-hint").render()).startswith(f"{letter}) gemarkeerd: enter of nog een klik geeft dit antwoord")
        await pilot.press(*_typed(f" stap {step}"))  # the step's words mark the option that names it
        await settle(pilot)
        assert answers.highlighted == meant
        await pilot.press("enter")
        await settle(pilot)
        assert card.chosen == meant


async def test_at_80_by_24_a_long_feedback_starts_in_sight_and_the_next_question_has_nothing_marked():
    # the focus's own scroll, centring "Volgende vraag" under a long feedback, could come after
    # the card's and leave "Goed!" or "Niet goed." above the view (a race: one run in three)
    app = make_app(FakeKB())
    async with app.run_test(size=(80, 24)) as pilot:
        card = await _at_question(pilot, 0, 2)
        last = len(card.question.options) - 1
        await pilot.press("tab", "abc"[last], "enter")
        await settle(pilot)
        await pilot.pause(0.3)  # any scrolling animation over
        view = app.screen.query_one("#lesson-view").region
        answers, feedback = card.query_one("#answers", OptionList), card.query_one("#feedback", Markdown)
        assert feedback.region.height > view.height // 2  # a long one
        assert view.y <= answers.region.y < feedback.region.y < view.bottom
        await pilot.press("enter")
        await settle(pilot)
        assert "Vraag 3 van" in _markdown(card, "#question") and answers.highlighted is None
        assert all(str(answers.get_option_at_index(i).prompt).startswith("  ") for i in range(answers.option_count))


async def test_ctrl_l_after_a_question_asked_from_a_lesson_left_halfway_goes_back_to_its_question():
    # ctrl+l opened the overview on "Volgende les: Stap 2", the half-done lesson 4 only a line
    # in the list
    from tui_support import type_and_send

    app = make_app(FakeKB())
    async with app.run_test(size=(120, 40)) as pilot:
        await _at_question(pilot, 4, 3)
        await pilot.press("escape")
        await settle(pilot)
        await type_and_send(pilot, "Wat is een marktconsultatie?")
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert isinstance(app.screen, LearnScreen) and app.screen.step == 4
        card = app.screen.query_one(QuestionCard)
        assert card.choosing and "Vraag 3 van 3" in _markdown(card, "#question")
        await card.answer(card.question.correct_index)
        await pilot.press("escape", "ctrl+l")  # the lesson done: the overview, which goes on at a new one
        await settle(pilot)
        assert app.screen.step is None and not app.screen.query_one(QuestionCard).display


async def test_the_overview_offers_the_lesson_left_halfway_before_a_new_one():
    # it said "Volgende les: Stap 2" and highlighted lesson 2, lesson 4 half done
    app = make_app(FakeKB())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        lesson = load_course("nl").lesson(4)
        progress = Progress(open_store(app.settings))
        for q in lesson.questions[:2]:
            progress.answer(lesson, q, q.correct_index)
        app.action_learn()
        await settle(pilot)
        intro = _markdown(app.screen, "#lesson-text")
        assert "Verder met: Stap 4" in intro and "Volgende les" not in intro
        assert app.screen.query_one("#lesson-list", OptionList).highlighted == 4


async def test_the_last_questions_result_and_buttons_come_into_view_when_the_card_grows_after_the_scroll():
    # typed "b" then enter on lesson 4's last question: the scroll came before the feedback had
    # its height and stopped at the old end, "Les 4 klaar" and the buttons below the edge
    app = make_app(FakeKB())
    async with app.run_test(size=(120, 40)) as pilot:
        card = await _at_question(pilot, 4, 3)
        await pilot.press("abc"[card.question.correct_index], "enter")
        await settle(pilot)
        view = app.screen.query_one("#lesson-view")
        view.scroll_to(y=view.scroll_y - 12, animate=False)  # where that scroll stopped
        await pilot.resize_terminal(118, 40)  # the card's size changes as its feedback gets its height
        await settle(pilot)
        await pilot.pause(0.3)
        shown = view.region
        answers, buttons = card.query_one("#answers", OptionList), card.query_one("#card-buttons")
        assert "Les 4 klaar: 3 van 3 goed." in _markdown(card, "#feedback")
        assert shown.y <= answers.region.y and buttons.region.bottom <= shown.bottom


async def test_a_click_marks_an_option_and_a_second_click_on_it_gives_it():
    # a click on an option gave it at once, where keys only mark: a click one row off was
    # recorded as a wrong answer, with no way back
    lesson = load_course("nl").lesson(7)
    first = lesson.questions[0]
    wrong = next(i for i in range(len(first.options)) if i != first.correct_index)
    app = make_app(FakeKB())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.action_learn()
        await settle(pilot)
        await pilot.press(*["down"] * 7, "enter", "tab")
        await settle(pilot)
        card = app.screen.query_one(QuestionCard)
        answers = card.query_one("#answers", OptionList)
        assert answers.virtual_size.height == len(first.options)
        top = answers.content_region.y - answers.region.y  # below the list's border; one line an option

        def on_option(index: int) -> tuple[int, int]:
            return (6, top + index)

        await pilot.click(answers, offset=on_option(wrong))
        await settle(pilot)
        assert answers.highlighted == wrong and not answers.disabled and card.chosen is None
        assert str(answers.get_option_at_index(wrong).prompt).startswith(f"› {'abc'[wrong]}) ")
        assert str(card.query_one("#answer-hint").render()).startswith(f"{'abc'[wrong]}) gemarkeerd: enter of nog een klik geeft dit antwoord")
        assert Progress(open_store(app.settings)).latest_answers(lesson) == {}
        await pilot.click(answers, offset=on_option(first.correct_index))  # the click meant: it moves the mark
        await settle(pilot)
        assert answers.highlighted == first.correct_index and card.chosen is None
        await pilot.click(answers, offset=on_option(first.correct_index))  # on the marked option: given
        await settle(pilot)
        assert card.chosen == first.correct_index and answers.disabled
        assert _markdown(card, "#feedback").startswith("**Goed!**")
        assert Progress(open_store(app.settings)).latest_answers(lesson) == {first.id: True}


@pytest.fixture
def read_only_data(tmp_path, monkeypatch):
    """A data folder with its database, then made read-only for real."""
    folder = tmp_path / "ro-data"
    monkeypatch.setenv("STAPPENPLAN_DATA_DIR", str(folder))
    with made_read_only(folder, "4m", fill=lambda: open_store(load_settings()).close()):
        yield folder


async def test_a_read_only_data_folder_lets_the_lesson_go_on_and_says_once_that_answers_are_not_kept(read_only_data):
    # the first answer stopped the app with "StoreReadOnly: Niet opgeslagen"
    lesson = load_course("nl").lesson(0)
    app = make_app(FakeKB())
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_lesson(pilot, 0)
        card = app.screen.query_one(QuestionCard)
        for i, q in enumerate(lesson.questions):
            await card.answer(q.correct_index)
            await settle(pilot)
            if i + 1 < len(lesson.questions):
                await card.next_question()
                await settle(pilot)
        assert isinstance(app.screen, LearnScreen)
        total = len(lesson.questions)
        assert f"Les 0 klaar: {total} van {total} goed." in _markdown(card, "#feedback")
        listed = app.screen.query_one("#lesson-list", OptionList).get_option_at_index(0).prompt
        assert f"gedaan, {total} van {total} goed" in str(listed)  # counted in this session
        said = [n.message for n in app._notifications if "De les gaat door" in n.message]
        assert len(said) == 1 and "alleen-lezen" in said[0] and str(read_only_data) in said[0]
    store = open_store(app.settings)
    try:
        assert not Progress(store).statuses(load_course("nl"))[0].started  # nothing was written
    finally:
        store.close()


@pytest.mark.parametrize("with_project", [False, True])
async def test_a_step_chosen_in_the_palette_over_the_lessons_opens_its_lesson(with_project):
    # "Ga naar stap 6" went to the project behind the lessons ("Er is nog geen project"), the
    # lessons as they were
    from tui_support import app_with_projects

    app = app_with_projects(("Afvalcontainers", "Gemeente")) if with_project else make_app(FakeKB())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        step_before = app.work.session.current_step if with_project else None
        app.action_learn()
        await settle(pilot)
        lessons = app.screen
        commands = {c.title: c.help for c in app.get_system_commands(lessons)}
        assert not any(title.startswith("Ga naar stap") for title in commands)
        help_text = commands["Les over stap 6 openen: Opschalingsplan"]
        assert help_text.startswith("De les over deze stap") and ("eerst Esc" in help_text) == with_project
        _, shown = await palette_search(pilot, "stap 6")
        assert shown[0].startswith("Les over stap 6 openen: Opschalingsplan\nDe les over deze stap"), shown
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is lessons and lessons.step == 6
        assert _markdown(lessons, "#lesson-text").startswith("## Stap 6 · Maak een opschalingsplan")
        assert lessons.query_one("#lesson-list", OptionList).highlighted == 6
        assert not any("nog geen project" in n.message for n in app._notifications)
        if with_project:
            assert app.work.session.current_step == step_before  # the project stays where it was
        await pilot.press("escape")
        await settle(pilot)
        # over the main screen the same words go to the step
        assert any(c.title.startswith("Ga naar stap 6") for c in app.get_system_commands(app.main))


async def _choose_in_palette(pilot: Pilot, query: str) -> None:
    _, shown = await palette_search(pilot, query)
    assert shown, query
    await pilot.press("enter")
    await settle(pilot)


@pytest.mark.parametrize("choice", ["example", "new", "open"])
async def test_a_project_opened_over_the_lessons_comes_to_the_front(choice):
    # "Kopie van het voorbeeldproject geopend" while the lessons stayed on top: the project showed
    # only after escape
    from tui_support import app_with_projects

    from assistant.tui.screens.dialogs import NameDialog
    from assistant.tui.screens.projects import ProjectsScreen

    app = app_with_projects(("Alpha", ""), ("Beta", ""))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.work.session.name == "Beta"
        await _at_question(pilot, 4, 2)  # a lesson left halfway
        assert isinstance(app.screen, LearnScreen)
        if choice == "example":
            await _choose_in_palette(pilot, "voorbeeldproject")
            expected = next(n.message for n in app._notifications if "voorbeeldproject" in n.message)
            assert expected.startswith("Kopie van het voorbeeldproject geopend")
        elif choice == "new":
            await _choose_in_palette(pilot, "nieuw project")
            assert isinstance(app.screen, NameDialog)
            await pilot.press(*"Gamma", "enter")
            await settle(pilot)
            assert app.work.session.name == "Gamma"
        else:
            await _choose_in_palette(pilot, "project openen")
            assert isinstance(app.screen, ProjectsScreen)
            await pilot.press("escape")  # none chosen: the lessons stay
            await settle(pilot)
            assert isinstance(app.screen, LearnScreen)
            await _choose_in_palette(pilot, "project openen")
            listing = app.screen.query_one("#project-list", OptionList)
            listing.highlighted = [p.name for p in app.screen.projects].index("Alpha")
            await pilot.click("#open")
            await settle(pilot)
            assert app.work.session.name == "Alpha"
        assert app.screen is app.main and len(app.screen_stack) == 1
        assert app.work.session.name != "Beta"
        # the lessons closed as escape closes them: ctrl+l goes back to the question left
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert isinstance(app.screen, LearnScreen) and app.screen.step == 4
        assert "Vraag 2 van" in _markdown(app.screen.query_one(QuestionCard), "#question")


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("way", ["list", "ctrl+l"])
async def test_a_lesson_left_halfway_opens_at_the_question_it_was_left_at_the_text_above_it(size, way):
    # it opened at the top of the lesson's text, "Vraag 2 van 3" out of sight below it
    app = make_app(FakeKB())
    async with app.run_test(size=size) as pilot:
        await _at_question(pilot, 4, 2)
        await pilot.press("escape")
        await settle(pilot)
        if way == "list":
            app.action_learn(4)
        else:
            await pilot.press("ctrl+l")
        await settle(pilot)
        await pilot.pause(0.2)
        screen = app.screen
        assert isinstance(screen, LearnScreen) and screen.step == 4
        card = screen.query_one(QuestionCard)
        view = screen.query_one("#lesson-view")
        answers = card.query_one("#answers", OptionList)
        assert "Vraag 2 van 3" in _markdown(card, "#question")
        assert answers.has_focus and card.choosing
        assert view.scroll_y > 0
        question = card.query_one("#question")
        assert view.region.y <= question.region.y and answers.region.bottom <= view.region.bottom
        # the lesson's text is above it: page up goes back to its top
        for _ in range(20):
            await pilot.press("pageup")
        await settle(pilot)
        assert view.scroll_y == 0
        assert _markdown(screen, "#lesson-text").startswith("## Stap 4")
        # and a lesson not begun opens at its top
        await screen.open_lesson(5)
        await settle(pilot)
        assert view.scroll_y == 0 and view.has_focus
