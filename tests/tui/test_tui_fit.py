"""What the app shows fits the terminal and says what it does: the footer's keys, the steps'
titles, the record after an answer, the palette's and the settings' words, the toasts."""

from __future__ import annotations

import pytest
from textual.widgets import OptionList

from assistant.tui.i18n import t
from assistant.tui.screens.projects import ProjectsScreen
from fakes import FakeKB
from tui_support import app_in, app_with_projects, make_app, settle, type_and_send


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_settings_name_the_palettes_language_entry_as_the_palette_shows_it(lang):
    # the English settings said "ctrl+p → Taal / language", the English palette "Language / taal"
    entry = t("cmd.language", lang).split(":")[0]
    assert f"ctrl+p → {entry};" in t("settings.body", lang)


@pytest.mark.parametrize("lang", ["nl", "en"])
async def test_the_palettes_panel_entries_say_what_choosing_them_does_now(lang):
    # over a hidden panel the entry said "more room for the conversation": choosing it gave less
    app = make_app(FakeKB(), project="Paneel")
    app.settings.language = lang
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)

        def helps() -> dict[str, str]:
            return {c.title: c.help for c in app.get_system_commands(app.screen)}

        steps, record = f"{t('cmd.toggle_steps', lang)} (f2)", f"{t('cmd.toggle_record', lang)} (f3)"
        assert helps()[record] == helps()[steps] == t("cmd.toggle.help", lang)
        await pilot.press("f3")
        await settle(pilot)
        assert helps()[record] == t("cmd.toggle.help_hidden", lang)
        assert helps()[steps] == t("cmd.toggle.help", lang)


@pytest.mark.parametrize("lang", ["nl", "en"])
async def test_the_projects_list_says_which_is_open_on_one_line_at_80_columns(lang):
    # "· nu / open" was broken over two lines after a long name
    app = app_with_projects(("Andere", ""), ("Inkoop slimme verkeerslichten", "Gemeente Amersfoort-Noord"))
    app.settings.language = lang
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert isinstance(app.screen, ProjectsScreen)
        listing = app.screen.query_one("#project-list", OptionList)
        width = listing.scrollable_content_region.width
        label = t("projects.open_here", lang)
        lines = [str(line) for i in range(listing.option_count)
                 for line in listing.get_option_at_index(i).prompt.wrap(width)]
        assert sum(label in line for line in lines) == 1, lines


async def test_an_answer_of_paragraphs_is_echoed_in_its_paragraphs():
    # "Opgeslagen bij …": the blank line between two pasted paragraphs was dropped, and each line
    # shown right under the one before, so the paragraphs ran together (the exports kept it)
    from textual.widgets._markdown import MarkdownBlockQuote, MarkdownParagraph

    from assistant.tui.widgets.conversation import AssistantTurn

    app = make_app(FakeKB(), project="Alinea's")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await type_and_send(pilot, "Eerste regel van de eerste alinea.\nNog een regel ervan.\n\n"
                                   "De tweede alinea.")
        await pilot.pause()
        echo = next(turn for turn in app.main.query(AssistantTurn) if turn.turn.kind == "stored")
        paragraphs = list(echo.query_one(MarkdownBlockQuote).query(MarkdownParagraph))
        texts = [str(p._content) for p in paragraphs]
        assert texts == ["Eerste regel van de eerste alinea.\nNog een regel ervan.", "De tweede alinea."]
        first, second = (p.region for p in paragraphs)
        assert first.height == 2 and second.y == first.bottom + 1  # one blank row between them


def _footer_keys(app) -> set[str]:
    """The keys the main screen's footer shows, each whole, left of the palette's key."""
    shown = [key for key in app.main.query("FooterKey") if key.display]
    palette = next(key for key in shown if key.has_class("-command-palette"))
    for key in shown:
        if key is not palette:
            assert key.region.width > 0 and key.region.right <= palette.region.x, key.key
    return {key.key for key in shown}


@pytest.mark.parametrize("lang", ["nl", "en"])
async def test_a_narrow_footer_keeps_the_keys_of_the_hidden_panels(lang):
    # at 72×20 f3 was left out (the record hidden, no key in sight to bring it back), at 60×18 f2
    # and f3 too, before the export's key; widened to 200 columns every key comes back, ^l too
    app = app_in(lang, project="Voet")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for size in ((72, 20), (60, 18)):
            await pilot.resize_terminal(*size)
            await settle(pilot)
            assert {"f1", "f2", "f3", "ctrl+q", "ctrl+p"} <= _footer_keys(app), size
        await pilot.resize_terminal(200, 55)
        await settle(pilot)
        assert {"ctrl+e", "ctrl+n", "ctrl+o", "ctrl+l", "f1", "f2", "f3", "f4", "ctrl+q"} <= _footer_keys(app)


@pytest.mark.parametrize("lang", ["nl", "en"])
async def test_the_footer_keeps_the_learn_key_at_80_and_120_columns(lang):
    # the learn key was the first to go: at 80×24 neither language showed ^l, nor Dutch at
    # 120×40, though learning is what a newcomer comes for
    app = app_in(lang, project="Leren")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert {"ctrl+l", "f1", "f2", "f3", "ctrl+q"} <= _footer_keys(app)
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        assert {"ctrl+l", "f1", "f2", "f3", "ctrl+q"} <= _footer_keys(app)


async def test_the_record_scrolls_to_the_answer_just_saved():
    # after an answer the record showed the entries above it: the one saved was below, out of sight
    from assistant.tui.widgets.record import RecordPanel

    app = make_app(FakeKB(), project="Dossier")
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        record = app.main.query_one(RecordPanel)
        for n in range(1, 8):
            await type_and_send(pilot, f"Antwoord {n}: " + "een lang antwoord dat over meer regels loopt " * 3)
            await pilot.pause()
            if record.max_scroll_y > 0:
                break
        assert record.max_scroll_y > 0  # the record is taller than its panel
        record.scroll_home(animate=False, immediate=True)
        await type_and_send(pilot, "Het antwoord dat net is opgeslagen.")
        await settle(pilot)  # the scroll follows the record's refresh: under load one pause fell short
        items = record.query_one("#record-items")
        rows = [items.render_line(y).text for y in range(items.size.height)]
        saved = items.region.y + next(y for y, text in enumerate(rows) if "opgeslagen." in text)
        # on screen, below the record's title (docked over its top row)
        assert record.region.y + 1 <= saved < record.region.bottom, (saved, record.region)


async def test_the_main_screens_toasts_do_not_cover_the_lessons():
    # ctrl+e, then ctrl+l: "Dossier geëxporteerd als …" covered the lessons' introduction for seconds
    from textual.widgets._toast import Toast

    from assistant.tui.screens.learn import LearnScreen

    app = make_app(FakeKB(), project="Toast")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+e")
        await settle(pilot)
        await pilot.press("enter")  # the export dialog, as it offers
        await settle(pilot)
        assert list(app._notifications)  # the export said so, on the main screen
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert isinstance(app.screen, LearnScreen)
        assert not app.screen.query(Toast) and not list(app._notifications)


@pytest.mark.parametrize("key, labels", [("ctrl+e", ("Map", "Bestandsnaam")),
                                         ("ctrl+n", ("Naam van het project", "Organisatie (mag leeg)"))])
async def test_a_short_terminals_dialog_names_its_fields(key, labels):
    # at 60x20 the fields go without their borders, and with them their names: the export dialog
    # showed a folder and a file name with no "Map" or "Bestandsnaam", the name dialogs the same
    app = app_with_projects(("Slimme verkeerslichten", ""))
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        await pilot.press(key)
        await settle(pilot)
        for field in app.screen.query("Input"):
            field.value = "x"  # a placeholder that says the name is gone once the field has a value
        await settle(pilot)
        shown = [strip.text.strip(" │") for strip in app.screen._compositor.render_strips()]
        for label in labels:
            assert label in shown, shown


async def test_a_narrow_screen_says_the_step_being_answered_where_the_steps_are_hidden():
    # below 70 columns the steps and the record are hidden: nothing on screen said which step
    # the answers went to
    app = app_with_projects(("Smal", ""))
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        await type_and_send(pilot, "/stap 3")

        def status_line() -> str:
            return app.screen._compositor.render_strips()[-2].text

        assert not app.main.query_one("#steps").display
        assert status_line().strip().startswith("Stap 3/10 · Minimale eisen")
        await pilot.press("f2")  # the steps shown: they say it
        await settle(pilot)
        assert app.main.query_one("#steps").display and "Stap 3/10" not in status_line()
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        assert "Stap 3/10" not in status_line()


@pytest.mark.parametrize("lang", ["nl", "en"])
async def test_the_palette_says_each_commands_key(lang):
    # only "Begrippen in het laatste antwoord (f5)" said its key: export, help, a new project
    # and the panels were learnt from the footer, where it had room for them, or not at all
    app = make_app(FakeKB(), project="Toetsen")
    app.settings.language = lang
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for key, command in (("ctrl+n", "cmd.new_project"), ("ctrl+o", "cmd.open_project"), ("f1", "cmd.help"),
                             ("f2", "cmd.toggle_steps"), ("f3", "cmd.toggle_record"), ("f4", "cmd.sources"),
                             ("f5", "cmd.answer_terms"), ("ctrl+l", "cmd.learn")):
            assert f"{t(command, lang)} ({key})" in titles, (command, titles)
        assert f"{t('cmd.export', lang, fmt='DOCX')} (ctrl+e)" in titles
        assert f"{t('cmd.system.Quit', lang)} (ctrl+q)" in titles
        assert all(title.count("(f5)") <= 1 for title in titles)


async def test_the_record_says_a_steps_title_once_where_its_first_answer_has_that_label():
    # "Dossier · stap 0 / Behoefte / Behoefte": the step's title, then its first answer's label
    app = app_with_projects(("Dossier", ""))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await type_and_send(pilot, "Containers raken te snel vol in de binnenstad")
        record = app.main.query_one("#record")
        shown = [strip.text[record.region.x:record.region.right].strip(" ▏")
                 for strip in app.screen._compositor.render_strips()[record.region.y:record.region.bottom]]
        assert shown[:3] == ["Dossier · stap 0", "Behoefte", "Containers raken te snel vol"], shown
        await type_and_send(pilot, "/stap 3")  # a step whose title is no label: said
        await type_and_send(pilot, "AVG-conform (data)")
        shown = [strip.text[record.region.x:record.region.right].strip(" ▏")
                 for strip in app.screen._compositor.render_strips()[record.region.y:record.region.bottom]]
        assert shown[:2] == ["Dossier · stap 3", "Minimale eisen"], shown


@pytest.mark.parametrize("size", [(100, 30), (120, 40)])
async def test_the_conversation_keeps_55_columns_beside_the_panels(size):
    # at 100 columns both side panels showed and the conversation was some 38 letters a line
    app = make_app(FakeKB(), project="Breedte")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        record = app.main.query_one("#record")
        assert record.display == (size[0] >= 120)  # at 100 hidden, at 120 beside the steps
        assert app.main.conversation.content_size.width >= 55
        await pilot.press("f3")  # still at hand: shown at 100 (the steps step aside), hidden at 120
        await settle(pilot)
        assert record.display == (size[0] < 120)
        assert app.main.conversation.content_size.width >= 55
