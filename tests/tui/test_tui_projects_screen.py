"""The projects screen with a dozen projects: typing finds one (no letter is an action), the open
one in sight, and a deleted project goes to the bin, from where it is restored."""

from __future__ import annotations

import re

import pytest
from textual.widgets import Input, OptionList

from assistant.core.settings import load_settings
from assistant.tui.screens.dialogs import ConfirmDialog, NameDialog
from assistant.tui.screens.projects import BinChoiceDialog, ProjectsScreen, project_prompt
from assistant.tui.views import ProjectView
from fakes import FakeKB
from tui_support import app_with_projects, create_projects, fix_dates, make_app, settle, type_and_send

NAMES = ["Kademuren", "Parkeerbeheer", "Digitale balie", "Rioolrenovatie", "Groenbeheer", "Bruggen",
         "Fietspaden", "Straatverlichting", "Afvalinzameling", "Sluizen", "Gemalen", "Speelplaatsen",
         "Marktplein", "Havenkranen"]


async def test_typing_filters_the_projects_and_opens_nothing_else():
    # "park" opened rename on its "r", "n" the new-project dialog, "dig" the delete dialog
    app = app_with_projects(*((name, "") for name in NAMES))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        screen = app.screen
        assert screen.query_one("#project-filter", Input).has_focus
        for typed, found in (("park", ["Parkeerbeheer"]), ("dig", ["Digitale balie"]), ("n", None)):
            screen.query_one("#project-filter", Input).value = ""
            await pilot.press(*typed)
            await pilot.pause()
            assert app.screen is screen, typed  # no dialog opened
            names = [p.name for p in screen.projects]
            assert names == (found or [n for n in reversed(NAMES) if "n" in n.casefold()]), typed
        await pilot.press("backspace", *"rioo", "enter")
        await settle(pilot)
        assert not isinstance(app.screen, ProjectsScreen)
        assert app.main.work.session.name == "Rioolrenovatie"


async def test_the_open_project_is_in_sight_among_a_dozen_at_80x24():
    settings = load_settings()
    create_projects(settings, *((name, "") for name in NAMES))
    app = make_app(FakeKB(), settings=settings, project=NAMES[0])  # the oldest: last in the list
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        fix_dates(settings)  # opening it made it the one changed last, first in the list
        await pilot.press("ctrl+o")
        await settle(pilot)
        listing = app.screen.query_one("#project-list", OptionList)
        at = [p.name for p in app.screen.projects].index(NAMES[0])
        assert at == len(NAMES) - 1 and listing.highlighted == at
        top, rows = listing.scroll_offset.y, listing.scrollable_content_region.height
        assert top <= 2 * at and 2 * at + 1 < top + rows  # both its lines in sight


async def test_a_deleted_project_goes_to_the_bin_and_is_restored_there():
    app = app_with_projects(("Alpha", ""), ("Beta", "Gemeente B"), ("Gamma", ""))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        screen = app.screen
        await pilot.press(*"beta")
        await pilot.press("ctrl+d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        question = str(app.screen.query_one(".dialog-title").render())
        assert "prullenbak" in question and "30 dagen" in question and "ctrl+t" in question
        await pilot.click("#confirm")
        await pilot.pause()
        screen.query_one("#project-filter", Input).value = ""
        await pilot.pause()
        assert "Beta" not in [p.name for p in screen.projects]
        await pilot.press("ctrl+t")  # the bin
        await pilot.pause()
        assert [p.name for p in screen.projects] == ["Beta"]
        await pilot.press("ctrl+r", "ctrl+d")  # in the bin: not renamed, not deleted again
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("enter")  # restores
        await pilot.pause()
        assert not screen.in_bin and "Beta" in [p.name for p in screen.projects]
        assert screen.projects[screen.query_one("#project-list", OptionList).highlighted].name == "Beta"
        assert app.main.work.workspace.store.deleted_projects() == []


async def test_a_new_project_named_as_one_in_the_bin_offers_it_back():
    app = app_with_projects(("Alpha", ""), ("Beta", ""))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        store = app.main.work.workspace.store
        store.delete_project(store.find_project("Beta").id)
        await pilot.press("ctrl+o")
        await settle(pilot)
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen, NameDialog)
        await pilot.press(*"beta", "enter")
        await pilot.pause()
        assert isinstance(app.screen, BinChoiceDialog)
        await pilot.click("#new")  # a new, empty one: the deleted one stays in the bin
        await settle(pilot)
        assert app.main.work.session.name == "beta" and store.deleted_project("Beta") is not None
        await pilot.press("ctrl+o")
        await settle(pilot)
        await pilot.press("ctrl+t", "enter")  # restored beside it, under a fitted name
        await pilot.pause()
        assert {p.name for p in app.screen.projects} == {"Alpha", "beta", "Beta (2)"}


def test_a_row_sets_the_organisation_apart_and_says_a_project_has_answers():
    # "Brug (oost) (Gemeente X)": which brackets were the organisation's; and "0/11" read as empty
    row = str(project_prompt(ProjectView(1, "Brug (oost)", "Gemeente X", "vandaag 10:00", 0, 11, 2), "nl"))
    assert "(Gemeente X)" not in row and "│ Gemeente X" in row
    assert "0/11 stappen klaar, 2 bezig" in row
    assert "bezig" not in str(project_prompt(ProjectView(1, "Leeg", "", "vandaag 10:00", 0, 11, 0), "nl"))


async def test_ctrl_n_in_the_conversation_offers_back_a_deleted_project_of_that_name():
    app = app_with_projects(("Alpha", ""), ("Beta", ""))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        store = app.main.work.workspace.store
        beta = store.find_project("Beta").id
        store.delete_project(beta)
        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.press(*"Beta", "enter")
        await pilot.pause()
        assert isinstance(app.screen, BinChoiceDialog)
        await pilot.press("enter")  # "Terugzetten", focused
        await settle(pilot)
        assert app.main.work.session.project.id == beta and store.deleted_projects() == []


async def test_the_filter_lists_the_best_matching_name_first_and_enter_opens_it():
    # "sensoren dijk" listed the open copy "Dijksensoren kopie" (changed last) first and
    # "Sensoren dijkmonitoring" last, highlighted the copy, and Enter opened it
    app = app_with_projects(("Sensoren dijkmonitoring", ""), ("Dijksensoren proef", ""),
                            ("Dijkmonitoring plain", ""), ("Dijksensoren kopie", ""))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.main.work.session.name == "Dijksensoren kopie"
        await pilot.press("ctrl+o")
        await settle(pilot)
        screen = app.screen
        listing = screen.query_one("#project-list", OptionList)
        for typed, first in (("sensoren dijk", "Sensoren dijkmonitoring"), ("sensoren", "Sensoren dijkmonitoring"),
                             ("dijk plain", "Dijkmonitoring plain"), ("proef dijk", "Dijksensoren proef")):
            screen.query_one("#project-filter", Input).value = ""
            await pilot.press(*typed)
            await pilot.pause()
            names = [p.name for p in screen.projects]
            assert names[0] == first and listing.highlighted == 0, (typed, names)
        # the whole text at the start, then each word at a word's start, then anywhere: recency after
        screen.query_one("#project-filter", Input).value = ""
        await pilot.press(*"sensoren")
        await pilot.pause()
        assert [p.name for p in screen.projects] == ["Sensoren dijkmonitoring", "Dijksensoren kopie",
                                                     "Dijksensoren proef"]
        screen.query_one("#project-filter", Input).value = ""
        await pilot.press(*"sensoren dijk", "enter")
        await settle(pilot)
        assert not isinstance(app.screen, ProjectsScreen)
        assert app.main.work.session.name == "Sensoren dijkmonitoring"


async def test_the_rename_dialog_opens_with_the_whole_name_selected():
    # the cursor stood after the name, nothing selected: the new name typed was appended
    # ("Dijksensoren kopie 2SENSOREN dijkmonitoring"), and Enter saved that
    app = app_with_projects(("Dijksensoren kopie 2", ""))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, NameDialog)
        await pilot.press(*"Sensoren dijkmonitoring", "enter")
        await settle(pilot)
        assert [p.name for p in app.main.work.workspace.projects()] == ["Sensoren dijkmonitoring"]
        await pilot.press("ctrl+r")  # End keeps the name, to add to it
        await pilot.pause()
        await pilot.press("end", *" 2", "enter")
        await settle(pilot)
        assert [p.name for p in app.main.work.workspace.projects()] == ["Sensoren dijkmonitoring 2"]


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
async def test_the_projects_screen_is_wider_on_a_wide_terminal_and_nothing_shows_beside_it(size):
    # at 120 columns the box kept 76: "bijgewerkt vandaag 00:33" wrapped onto a line of its own;
    # and the status line behind showed through beside the box, "╯f" at 80 columns
    app = app_with_projects(("Sensoren dijkmonitoring", "Waterschap Rivierenland"), ("Dijksensoren kopie", ""))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await type_and_send(pilot, "Dijken worden te laat geïnspecteerd")  # "1 bezig" beside the progress
        await pilot.press("ctrl+o")
        await settle(pilot)
        shown = [strip.text for strip in app.screen._compositor.render_strips()]
        box = app.screen.query_one(".dialog")
        bottom = shown[box.region.bottom - 1]
        assert not bottom[box.region.right:].strip() and not bottom[:box.region.x].strip(), bottom
        if size == (120, 40):
            row = next(line for line in shown if "stappen klaar, 1 bezig" in line)
            assert re.search(r"bijgewerkt vandaag \d\d:\d\d", row), row


async def test_a_click_beside_a_dialog_closes_it_where_nothing_typed_is_lost():
    # help (f1) and the projects screen closed only by their buttons or escape: a mouse user
    # clicks on the dimmed background around them; a dialog holding what was typed stays
    from assistant.tui.screens.dialogs import ExportDialog, HelpScreen

    app = app_with_projects(("Kademuren", "Gemeente X"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        await pilot.click(".help-body", offset=(2, 2))  # in the dialog: it stays
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        await pilot.click(offset=(1, 10))  # beside it, on the background
        await settle(pilot)
        assert app.screen is app.main
        await pilot.press("ctrl+o")
        await settle(pilot)
        projects = app.screen
        assert isinstance(projects, ProjectsScreen)
        await pilot.press("ctrl+r")  # renaming: a name being typed, in a dialog over the list
        await settle(pilot)
        await pilot.press(*" Oost")
        await pilot.click(offset=(1, 10))
        await settle(pilot)
        assert isinstance(app.screen, NameDialog) and app.screen.query_one("#name", Input).value.endswith(" Oost")
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is projects
        await pilot.click(offset=(0, 10))
        await settle(pilot)
        assert app.screen is app.main
        await pilot.press("ctrl+e")  # a file name to type: it stays
        await settle(pilot)
        assert isinstance(app.screen, ExportDialog)
        await pilot.click(offset=(1, 10))
        await settle(pilot)
        assert isinstance(app.screen, ExportDialog)


@pytest.mark.parametrize("lang, button, said", [("nl", "Naam en organisatie (^r)", "`ctrl+r` naam en organisatie"),
                                                ("en", "Name and organisation (^r)", "`ctrl+r` name and organisation")])
async def test_the_button_that_sets_the_organisation_says_so_and_help_names_it(lang, button, said):
    # "Hernoemen (^r)" opened "Naam en organisatie wijzigen", the only place to set the
    # organisation the exports print ("Organisatie: Nog niet ingevuld"): nobody looked there
    from textual.widgets import Button

    from assistant.tui.i18n import t

    settings = load_settings()
    settings.language = lang
    create_projects(settings, ("Kademuren", ""))
    app = make_app(FakeKB(), settings=settings)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert said in str(app.screen.query_one(".help-body Markdown").source)
        await pilot.press("escape", "ctrl+o")
        await settle(pilot)
        assert str(app.screen.query_one("#rename", Button).label) == button
        await pilot.click("#rename")
        await settle(pilot)
        assert isinstance(app.screen, NameDialog)
        assert str(app.screen.query_one(".dialog-title").render()) == t("projects.rename", lang)
        await pilot.press("tab", *"Gemeente X", "enter")  # the organisation, under the name
        await settle(pilot)
        assert app.main.work.workspace.projects()[0].organisation == "Gemeente X"
