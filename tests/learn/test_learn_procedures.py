"""The procedures compared: every cell cited verbatim or marked as not in the guidance."""

from __future__ import annotations

import shutil

import pytest
from textual.pilot import Pilot
from textual.widgets import Markdown
from fakes import FakeKB
from tui_support import make_app, settle

from assistant.cli.learn import PlainTutor
from assistant.learn.citations import quote_problem
from assistant.learn.lessons import LessonFileError, load_course
from assistant.learn.messages import say
from assistant.learn.procedures import PROCEDURES_PATH, comparison_markdown, load_comparison, load_comparison_file
from assistant.learn.progress import Progress
from assistant.store import Store
from assistant.tui.screens.procedures import ProceduresScreen

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40"),
         pytest.param((140, 40), id="140x40")]  # side by side


def test_every_cited_cell_is_verbatim_in_the_guidance():
    comparison = load_comparison()
    assert [p.key for p in comparison.procedures] == ["proeftuin", "sbir", "innovatiepartnerschap", "prijsvraag"]
    assert len(comparison.cells) == len(comparison.procedures) * len(comparison.aspects) == 28
    assert [q for q in comparison.quotes() if quote_problem(q)] == []
    assert sum(c.silent for c in comparison.cells) >= 5  # the guidance is silent on several points


def test_the_view_answers_the_newcomers_questions_and_says_where_the_guidance_is_silent():
    comparison = load_comparison()
    nl = comparison_markdown(comparison, "nl")
    sbir = comparison.cell("sbir", "buy_after")
    assert "reguliere aanbesteding" in sbir.quote.text and sbir.text_nl.startswith("Nee")
    assert comparison.cell("innovatiepartnerschap", "buy_after").text_nl.startswith("Ja")
    # the documents, as the intro and the other cells say: the guidance alone was named
    assert "**Prijsvraag**: *De documenten zeggen hier niets over.*" in nl
    assert nl.count("De documenten zeggen hier niets over.") == sum(c.silent for c in comparison.cells)
    assert "de handreiking of de achtergronddocumenten" in nl and "handreiking zegt" not in nl
    assert "Innovatiepartnerschap in praktijk · Minder natuurbranden door slim datagebruik › Bijzonder" in nl
    assert "### Uw keuze in stap 7" in nl and "procedure tegenover inkoopstrategie" in nl
    en = comparison_markdown(comparison, "en")
    assert "### May you buy directly afterwards?" in en and "*The documents say nothing about this.*" in en


@pytest.mark.parametrize("old, new, message", [
    ('[[cells]]\nprocedure = "proeftuin"\naspect = "duration_cost"\nsilent = true\n', "", "cells missing"),
    ('aspect = "ip"\nsilent = true', 'aspect = "ip"\nsilent = true\ntext_nl = "x"', "a silent cell has no text"),
    ('procedure = "sbir"\naspect = "phases"', 'procedure = "sbir"\naspect = "fasen"', "unknown procedure or aspect"),
])
def test_a_missing_uncited_or_unknown_cell_is_refused(tmp_path, old, new, message):
    path = tmp_path / "procedures.toml"
    shutil.copy(PROCEDURES_PATH, path)
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(LessonFileError, match=message):
        load_comparison_file(path)


def test_plain_mode_shows_the_comparison(tmp_path):
    with Store(tmp_path / "p.db") as store:
        tutor = PlainTutor(load_course("en"), Progress(store, "anna"))
        out = tutor.handle("procedures")
    assert out.startswith("The procedures one after the other")
    # one after the other, as plain text has them: the comparison's own intro promises columns
    assert say("procedures_in_turn", "en") in out and load_comparison().intro_en not in out
    assert "Innovation partnership: Yes: unlike after an SBIR" in out
    assert "Type a lesson number" in out


async def test_the_palette_and_f8_in_the_lessons_open_the_comparison():
    app = make_app(FakeKB())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert any(t.startswith("Procedures vergeleken") for t in titles)
        app.action_learn()
        await settle(pilot)
        await pilot.press("f8")
        await settle(pilot)
        assert isinstance(app.screen, ProceduresScreen)
        assert "### Mag u daarna direct inkopen?" in app.screen.query_one("#procedures-text", Markdown).source
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.id == "learn"


async def _open(pilot: Pilot) -> None:
    await settle(pilot)
    pilot.app.action_procedures()
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_procedures(snap_compare, size):
    assert snap_compare(make_app(FakeKB()), terminal_size=size, run_before=_open)


def test_in_english_the_comparison_and_a_lesson_say_once_that_their_quotes_are_dutch():
    # "From the guidance (in Dutch):" stood before every quote: 17 times in the comparison, and up
    # to eight times on a lesson's screen with its feedback
    from assistant.learn.render import feedback_markdown, lesson_markdown

    comparison = load_comparison()
    english = comparison_markdown(comparison, "en")
    assert english.count("in Dutch") == 1 and english.count("“") > len(comparison.quotes()) // 2
    assert english.index("in Dutch") < english.index("“")
    assert "in Dutch" not in comparison_markdown(comparison, "nl")
    lesson = load_course("en").lesson(3)
    feedback = [feedback_markdown(q, choice, "en") for q in lesson.questions for choice in range(len(q.options))]
    screen = "\n".join([lesson_markdown(lesson, "en"), *feedback])
    assert screen.count("(in Dutch)") == 1 and screen.count("> “") > 10
    # the one English handle on each Dutch quote: its section's title in English
    assert "· Stap 3: Beschrijf de minimale eisen › Minimale eisen (step 3: describe the minimum " \
           "requirements › minimum requirements)" in screen