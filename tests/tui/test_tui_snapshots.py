"""Snapshots of the main screen states at 80×24 and 120×40 (reviewed by eye before accepting).

Deterministic on purpose: a fixed stand-in knowledge base (no index, no model), fixed project
names and dates, no clock in the header, the prompt's cursor not blinking.
Update with `pytest tests/test_tui_snapshots.py --snapshot-update`, then look at the SVGs.
"""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from fakes import FakeKB
from tui_support import app_with_projects, app_with_warnings, fix_dates, make_app, settle, type_and_send

from assistant.tui.widgets.conversation import SourcesPanel

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


async def _steady(pilot: Pilot) -> None:
    await settle(pilot)
    pilot.app.main.prompt.cursor_blink = False
    pilot.app.clear_notifications()
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_first_start_without_projects(snap_compare, size):
    app = make_app(FakeKB())
    assert snap_compare(app, terminal_size=size, run_before=_steady)


@pytest.mark.parametrize("size", SIZES)
def test_project_with_answer_and_open_sources(snap_compare, size):
    app = app_with_projects(("Slimme afvalinzameling", "Gemeente X"))

    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        await type_and_send(pilot, "Bewoners klagen over volle containers bij [b]de markt[/b].")
        await type_and_send(pilot, "Wat zijn minimale eisen?")
        panel = pilot.app.screen.query(SourcesPanel).last()
        panel.collapsed = False
        await _steady(pilot)
        pilot.app.main.conversation.scroll_end(animate=False)
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)


def test_projects_screen(snap_compare):
    app = app_with_projects(("Slimme afvalinzameling", "Gemeente X"), ("Drones voor inspectie", ""))

    async def run_before(pilot: Pilot) -> None:
        await _steady(pilot)
        fix_dates(app.settings)  # opening a project touched its date
        await pilot.press("ctrl+o")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_narrow_with_record_panel_shown(snap_compare):
    app = app_with_projects(("Slimme afvalinzameling", "Gemeente X"))

    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        await type_and_send(pilot, "Bewoners klagen over volle containers.")
        await pilot.press("f3")
        await _steady(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_project_with_warnings_in_several_steps(snap_compare, size):
    """The ⚠ marks of steps 4 to 7 stay in sight at 80 columns; at 120 the Controles panel
    lists the open checks of every step under their step (scrolled down to them)."""
    app = app_with_warnings()

    async def run_before(pilot: Pilot) -> None:
        await _steady(pilot)
        pilot.app.main.query_one("#record").scroll_end(animate=False)
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)
