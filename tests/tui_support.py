"""Helpers for the TUI tests: building the app with injected parts, waiting for workers."""

from __future__ import annotations

import os
import select
import sqlite3
import subprocess
import time
from fakes import FakeKB
from textual.pilot import Pilot

from assistant.answer.extractive import ExtractiveAnswerer
from assistant.knowledge.base import KnowledgeBase
from assistant.core.settings import load_settings
from assistant.tui.app import StappenplanApp

FIXED_DATE = "2026-01-15T09:30:00+00:00"





def make_app(kb=None, **kwargs) -> StappenplanApp:
    settings = kwargs.pop("settings", None) or load_settings()
    kwargs.setdefault("load_model", False)
    kwargs.setdefault("build_index", False)
    # a real knowledge base answers through the extractive answerer; a stand-in answers itself
    kwargs.setdefault("answerer_factory", lambda s, kb: ExtractiveAnswerer(kb) if isinstance(kb, KnowledgeBase) else kb)
    return StappenplanApp(settings, kb=kb, **kwargs)


def app_in(lang: str, **kwargs) -> StappenplanApp:
    """The app (stand-in knowledge base) with its interface in `lang`; `kwargs` go to make_app."""
    settings = load_settings()
    settings.language = lang
    return make_app(FakeKB(), settings=settings, **kwargs)


async def settle(pilot: Pilot) -> None:
    """Let workers and background threads (index, model) finish and the screen catch up."""
    await pilot.pause()
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        for thread in pilot.app.knowledge.background:
            while thread.is_alive():
                await pilot.pause(0.05)
        await pilot.pause()


async def type_and_send(pilot: Pilot, text: str) -> None:
    """Type `text` into the prompt (newlines via ctrl+j) and press enter."""
    pilot.app.main.prompt.focus()
    for i, line in enumerate(text.split("\n")):
        if i:
            await pilot.press("ctrl+j")
        pilot.app.main.prompt.insert(line)
    await pilot.press("enter")
    await settle(pilot)


def fix_dates(settings) -> None:
    """Pin the projects' dates (snapshots must not change from day to day)."""
    with sqlite3.connect(settings.database_path) as conn:
        conn.execute("UPDATE projects SET created = ?, updated = ?", (FIXED_DATE, FIXED_DATE))
        conn.execute("UPDATE records SET updated = ?", (FIXED_DATE,))


def create_projects(settings, *names: tuple[str, str]) -> list[int]:
    from assistant.store import open_store

    store = open_store(settings)
    ids = [store.create_project(name, organisation=org).id for name, org in names]
    store.close()
    fix_dates(settings)
    return ids


def app_with_projects(*projects: tuple[str, str], **kwargs) -> StappenplanApp:
    """The app (stand-in knowledge base) over a store that holds `projects` (name,
    organisation); the last one created is the one it reopens. `kwargs` go to make_app."""
    settings = load_settings()
    create_projects(settings, *projects)
    return make_app(FakeKB(), settings=settings, **kwargs)


def record_with_warnings():
    """The example project with open checks in steps 4, 5, 6 and 7."""
    from assistant.plan.example import example_record
    from assistant.plan.record import OutcomePlan, Procedure

    from assistant.plan.record import find_judgement

    record = example_record("nl")
    record.step4.criteria[0].target = ""
    record.step4.criteria[0].text = "Bewoners zijn tevreden"
    judgement = find_judgement(record, record.step4.criteria[0].id)
    judgement.ref_text, judgement.ref_target = "Bewoners zijn tevreden", ""  # judged as it is
    record.step5.unclear = OutcomePlan()
    record.step6.ip.ownership = ""
    record.step7.procedure = Procedure.SBIR
    return record


def app_with_warnings(name: str = "Slimme afvalinzameling") -> StappenplanApp:
    """The app over one project whose record has open checks in several steps."""
    from assistant.store import open_store

    settings = load_settings()
    (project_id,) = create_projects(settings, (name, "Gemeente X"))
    store = open_store(settings)
    store.save_record(project_id, record_with_warnings())
    store.close()
    fix_dates(settings)
    return make_app(FakeKB(), settings=settings)


def refuse_writes(store, error: Exception) -> None:
    """Every write of `store` fails with `error` from now on (a full disk, a read-only folder
    reached mid-session); reads go on."""
    run = store._run

    def refusing(op, write=False):
        if write:
            raise error
        return run(op)

    store._run = refusing


async def click_record_line(pilot: Pilot, words: str, area: str = "#record-items") -> None:
    """Click the first line that holds `words` in the record panel's answers (or, with
    area "#record-checks", its Controles), as a user points at it."""
    from assistant.tui.widgets.record import RecordItems

    items = pilot.app.main.query_one(area, RecordItems)
    items.scroll_visible(animate=False)
    await settle(pilot)
    rows = [items.render_line(y).text for y in range(items.size.height)]
    row = next(y for y, text in enumerate(rows) if words in text)
    await pilot.click(area, offset=(4, row))
    await settle(pilot)


async def palette_search(pilot: Pilot, query: str):
    """Open the palette and type `query`: its list of commands, and their titles as shown."""
    await pilot.press("ctrl+p")
    await settle(pilot)
    await pilot.press(*query)
    await pilot.pause(0.3)
    await settle(pilot)
    options = pilot.app.screen.query_one("CommandList")
    return options, [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def open_glossary(pilot: Pilot, lang: str):
    """The glossary screen opened over the app, settled: the screen."""
    from assistant.plan.glossary import load_glossary
    from assistant.tui.screens.glossary import GlossaryScreen

    pilot.app.push_screen(GlossaryScreen(load_glossary(), lang))
    await settle(pilot)
    return pilot.app.screen


def read_until(master: int, proc: subprocess.Popen, marker: bytes, seen: bytes = b"") -> bytes:
    """What an app run in a pseudo-terminal (`master` its side of it) has written, read until
    `marker` shows, the app ends, or a minute has passed."""
    started = time.monotonic()
    while marker not in seen and time.monotonic() - started < 60 and proc.poll() is None:
        if select.select([master], [], [], 0.1)[0]:
            seen += os.read(master, 65536)
    return seen
