"""The procedures view: the four forms in columns where the terminal is wide enough, one after
the other where it is not, and an intro that says which."""

from __future__ import annotations

import re

import pytest
from fakes import FakeKB
from textual import events
from textual.pilot import Pilot
from textual.widgets import Markdown
from tui_support import make_app, settle

from assistant.core.settings import load_settings
from assistant.learn.messages import say
from assistant.learn.procedures import load_comparison
from assistant.tui.i18n import t
from assistant.tui.screens.procedures import SIDE_BY_SIDE, ProceduresScreen


async def _open(pilot: Pilot) -> ProceduresScreen:
    await settle(pilot)
    pilot.app.action_procedures()
    await settle(pilot)
    assert isinstance(pilot.app.screen, ProceduresScreen)
    return pilot.app.screen


def _rows(screen: ProceduresScreen) -> list[list]:
    """Each aspect's cells, as laid out."""
    return [list(row.query(".procedure-cell")) for row in screen.query("#procedures-table .procedures-row")]


def _assert_side_by_side(screen: ProceduresScreen) -> None:
    comparison = screen.comparison
    view = screen.query_one("#procedures-view")
    rows = _rows(screen)
    assert len(rows) == len(comparison.aspects) and not screen.query_one("#procedures-text").display
    names = list(screen.query(".procedure-name"))
    for cells in rows:
        regions = [cell.region for cell in cells]
        assert len(regions) == len(comparison.procedures)
        assert len({r.y for r in regions}) == 1  # one row
        for left, right in zip(regions, regions[1:]):
            assert left.right < right.x  # apart, in order
        # each column as wide as its name above it, the last clear of the scrollbar
        assert [(r.x, r.width) for r in regions] == [(n.region.x, n.region.width) for n in names]
        assert regions[-1].right <= view.region.right - view.styles.scrollbar_size_vertical
        assert min(r.width for r in regions) >= 30


def _assert_one_after_the_other(screen: ProceduresScreen, lang: str) -> None:
    text = screen.query_one("#procedures-text", Markdown)
    assert text.display and text.region.height > 0
    assert not screen.query_one("#procedures-table").display and not screen.query_one("#procedures-names").display
    # the intro does not promise columns it does not show
    assert text.source.startswith(say("procedures_in_turn", lang))
    assert (screen.comparison.intro_en if lang == "en" else screen.comparison.intro_nl) not in text.source


async def test_at_140_columns_the_four_forms_stand_side_by_side_with_an_intro_that_says_so():
    app = make_app(FakeKB())
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await _open(pilot)
        _assert_side_by_side(screen)
        intro = screen.query_one("#procedures-table .procedures-part", Markdown)
        assert intro.source == screen.comparison.intro_nl and intro.region.height > 0
        first = _rows(screen)[0][1]
        assert first.source.startswith(screen.comparison.cell("sbir", "when").text_nl)


async def test_at_80_columns_they_come_one_after_the_other_and_the_intro_says_so():
    app = make_app(FakeKB())
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot)
        _assert_one_after_the_other(screen, "nl")
        assert all(not cell.region for cells in _rows(screen) for cell in cells)


async def test_a_resize_across_the_threshold_refits_the_view():
    app = make_app(FakeKB())
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot)
        await pilot.resize_terminal(SIDE_BY_SIDE + 10, 40)
        await settle(pilot)
        _assert_side_by_side(screen)
        await pilot.resize_terminal(SIDE_BY_SIDE - 1, 40)
        await settle(pilot)
        _assert_one_after_the_other(screen, "nl")


async def test_the_columns_are_built_the_first_time_the_view_is_wide_and_kept_after():
    # their cells were built at every width: the view opened 0.3 to 0.5 s later at 80 columns,
    # where they are never shown
    comparison = load_comparison()
    app = make_app(FakeKB())
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot)
        assert not screen.query("#procedures-table .procedures-part")
        await app.action_switch_language()  # built later, they are in the language of then
        await settle(pilot)
        await pilot.resize_terminal(SIDE_BY_SIDE, 40)
        await settle(pilot)
        _assert_side_by_side(screen)
        cells = list(screen.query(".procedure-cell"))
        assert len(cells) == len(comparison.aspects) * len(comparison.procedures)
        assert _rows(screen)[1][0].source.startswith(comparison.cell("proeftuin", "bought").text_en)
        await pilot.resize_terminal(SIDE_BY_SIDE - 1, 40)
        await settle(pilot)
        _assert_one_after_the_other(screen, "en")
        await pilot.resize_terminal(SIDE_BY_SIDE + 10, 40)
        await settle(pilot)
        assert list(screen.query(".procedure-cell")) == cells  # the same, not built again
        _assert_side_by_side(screen)


async def test_side_by_side_the_keys_and_the_mouse_scroll_and_the_names_stay_in_sight():
    app = make_app(FakeKB())
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await _open(pilot)
        view = screen.query_one("#procedures-view")
        names = screen.query_one("#procedures-names")
        await pilot.press("pagedown")
        await settle(pilot)
        assert view.scroll_y > 0
        await pilot.press("end")
        await settle(pilot)
        assert view.scroll_y == view.max_scroll_y > 0
        assert names.region.y == 1 and names.region.height > 0  # under the header, as at the top
        choice = list(screen.query("#procedures-table .procedures-part"))[-1]
        assert view.region.contains_region(choice.region)  # the last part in sight, whole
        await pilot.press("home")
        await settle(pilot)
        cell = _rows(screen)[0][2]
        x, y = cell.region.x + 2, cell.region.y + 1
        under, _ = app.get_widget_at(x, y)
        under.post_message(events.MouseScrollDown(under, x, y, 0, 1, 0, False, False, False, screen_x=x, screen_y=y))
        await settle(pilot)
        assert view.scroll_y > 0


async def test_side_by_side_a_language_switch_shows_names_and_cells_in_it():
    comparison = load_comparison()
    app = make_app(FakeKB())
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await _open(pilot)
        await app.action_switch_language()
        await settle(pilot)
        assert app.screen is screen and screen.title == say("procedures_title", "en")
        assert [str(n.render()) for n in screen.query(".procedure-name")] == [p.name_en for p in comparison.procedures]
        cell = _rows(screen)[1][0]
        assert cell.source.startswith(comparison.cell("proeftuin", "bought").text_en)
        assert screen.query_one("#procedures-table .procedures-part", Markdown).source == comparison.intro_en
        _assert_side_by_side(screen)


async def test_the_title_says_side_by_side_only_where_the_procedures_are():
    # under 130 columns the title said "De procedures naast elkaar" over an intro saying "per vraag
    # na elkaar"; the title follows the layout, across a resize and in either language
    app = make_app(FakeKB())
    async with app.run_test(size=(80, 40)) as pilot:
        screen = await _open(pilot)
        for lang, side, stacked in (("nl", "naast elkaar", "na elkaar"), ("en", "side by side", "one after the other")):
            if app.lang != lang:
                await app.action_switch_language()
                await settle(pilot)
            await pilot.resize_terminal(80, 40)
            await settle(pilot)
            assert screen.query_one("#procedures-text").display  # stacked
            assert side not in screen.title and stacked in screen.title
            assert stacked in screen.query_one("#procedures-text", Markdown).source
            await pilot.resize_terminal(140, 40)
            await settle(pilot)
            _assert_side_by_side(screen)
            assert side in screen.title


@pytest.mark.parametrize("lang, side, cell", [("nl", "naast elkaar", "cel"), ("en", "side by side", "cell")])
async def test_where_the_procedures_are_named_the_name_holds_at_80_columns(lang, side, cell):
    # the lessons' intro ("f8 the procedures side by side"), the palette and F1 ("each cell names
    # where the guidance says it") promised a table over a screen that was a list below 130 columns
    from assistant.tui.screens.dialogs import HelpScreen
    from assistant.tui.screens.learn import LearnScreen

    settings = load_settings()
    settings.language = lang
    app = make_app(FakeKB(), settings=settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert isinstance(app.screen, LearnScreen)
        names = ["\n".join(str(m.source) for m in app.screen.query(Markdown))]
        names += [f"{c.title} {c.help}" for c in app.get_system_commands(app.screen) if c.title == t("cmd.procedures", lang)]
        await pilot.press("f8")
        await settle(pilot)
        assert isinstance(app.screen, ProceduresScreen)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        names.append(app.screen.query_one(Markdown).source)
        assert len(names) == 3
        for text in names:
            assert side not in text and not re.search(rf"\b{cell}", text, re.IGNORECASE), text
