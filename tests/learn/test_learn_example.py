"""The example project opened as a copy to play with: complete, independent, and the checks respond."""

from __future__ import annotations

import pytest
from fakes import FakeKB
from tui_support import make_app, settle

from assistant.learn.example_project import copy_example
from assistant.plan.checks import run_checks
from assistant.plan.record import STEP_NUMBERS, Procedure, ProjectRecord
from assistant.store import Store, open_store


def test_an_unchanged_copy_is_opened_again_and_changing_one_fires_a_check_and_makes_the_next_new(tmp_path):
    with Store(tmp_path / "p.db") as store:
        first = copy_example(store, "nl")
        # asked again before anything changed: the same copy (each time the palette made one)
        assert copy_example(store, "nl").id == first.id
        assert first.name == "Voorbeeld: Slimme afvalinzameling"
        assert first.organisation == "Gemeente Voorbeeldstad"
        record = store.load_record(first.id, ProjectRecord)
        assert all(record.status(n) == "done" for n in STEP_NUMBERS)
        assert record.project.title == first.name and run_checks(record) == []
        # playing with the copy: SBIR while the strategy is to buy directly
        record.step7.procedure = Procedure.SBIR
        store.save_record(first.id, record)
        second = copy_example(store, "nl")  # the changed copy is kept; a new one comes beside it
        assert second.name == "Voorbeeld: Slimme afvalinzameling (2)"
        fired = run_checks(store.load_record(first.id, ProjectRecord))
        assert [c.id for c in fired] == ["procedure_strategy_mismatch"]
        assert "reguliere aanbesteding" in fired[0].message_nl
        # ... and back: the check clears; the other copy was never touched
        record.step7.procedure = Procedure.INNOVATIEPARTNERSCHAP
        store.save_record(first.id, record)
        assert run_checks(store.load_record(first.id, ProjectRecord)) == []
        assert store.load_record(second.id, ProjectRecord).step7.procedure == Procedure.INNOVATIEPARTNERSCHAP
        assert copy_example(store, "en").name == "Example: Smart waste collection"


async def test_the_palette_opens_a_copy_of_the_example_from_the_start_screen():
    app = make_app(FakeKB())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.main.work.session is None
        welcome = app.main.conversation.turns[0].text
        assert "Voorbeeldproject" in welcome
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert any(t.startswith("Voorbeeldproject") for t in titles)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"voorbeeldproject")
        await pilot.pause(0.3)
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.main.work.session is not None and app.main.work.session.name == "Voorbeeld: Slimme afvalinzameling"
        assert app.title == "Stappenplan · Voorbeeld: Slimme afvalinzameling"
        assert any("Kopie van het voorbeeldproject geopend" in n.message for n in app._notifications)
        assert [s.state for s in app.main.work._steps][1:] == ["done"] * 10
    store = open_store(app.settings)
    try:
        assert [p.name for p in store.list_projects()] == ["Voorbeeld: Slimme afvalinzameling"]
    finally:
        store.close()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_each_example_criterion_is_linked_to_the_minimum_requirement_it_works_out(lang):
    # lesson 4 teaches that a criterion is linked to its minimum requirement, and its example linked
    # the time to collect dumped rubbish to "Camera images are not used to identify people" and
    # the accuracy of the fill-level measurement to a link with the route planning
    from assistant.plan.example import example_record, half_filled_record

    # the requirement each criterion works out: the service level every district gets, and the
    # fill levels the route planning is given
    works_out = {"crit0001": "req00005", "crit0002": "req00005", "crit0003": "req00002"}
    fill_level = {"nl": ("vulgraad", "Vulgraden"), "en": ("fill-level", "Fill levels")}[lang]
    for record in (example_record(lang), half_filled_record(lang)):
        requirements = {r.id: r.text for r in record.step3.requirements}
        links = {c.id: (c.requirement_id, c.requirement) for c in record.step4.criteria}
        assert {crit: req for crit, (req, _) in links.items()} == works_out
        assert all(requirements[req] == text for req, text in links.values())
        accuracy = next(c for c in record.step4.criteria if c.id == "crit0003")
        assert fill_level[0] in accuracy.text and fill_level[1] in accuracy.requirement
