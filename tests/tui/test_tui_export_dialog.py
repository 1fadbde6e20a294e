"""The export dialog (ctrl+e, the palette's "Exporteren als …"): the format, the folder and the
file name chosen, the file written there. ctrl+e wrote Markdown into the hidden data folder,
and a newcomer looked for it in Documents."""

from __future__ import annotations

import json
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from docx import Document
from textual.widgets import Button, Input, Label, RadioButton
from textual.widgets._footer import FooterKey

from assistant.core.prefs import load_prefs
from assistant.core.settings import load_settings
from assistant.tui.prefs import export_folder
from assistant.tui.screens.dialogs import ConfirmDialog, ExportDialog
from assistant.tui.screens.main import MainScreen
from fakes import FakeKB
from fs_support import made_read_only
from tui_support import make_app, settle

PROJECT = "Slimme gemalen"


async def _open_dialog(pilot) -> ExportDialog:
    await pilot.press("ctrl+e")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ExportDialog)
    return pilot.app.screen


@asynccontextmanager
async def _dialog_open(app, size=(80, 24)):
    """`app` run and settled, ctrl+e's dialog open over it: the pilot and the dialog."""
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        yield pilot, await _open_dialog(pilot)


def _fields(dialog: ExportDialog) -> tuple[Input, Input]:
    return dialog.query_one("#folder", Input), dialog.query_one("#name", Input)


def _fill(dialog: ExportDialog, folder: str, name: str) -> tuple[Input, Input]:
    """The folder and the file's name put in their fields: the two fields."""
    fields = _fields(dialog)
    fields[0].value, fields[1].value = folder, name
    return fields


async def _click_export(pilot) -> None:
    await pilot.click("#export")
    await settle(pilot)


async def _press_enter(pilot) -> None:
    await pilot.press("enter")
    await settle(pilot)


def _said(dialog: ExportDialog) -> str:
    return str(dialog.query_one("#dialog-error", Label).render())


def _new_folder(folder: Path) -> Path:
    folder.mkdir()
    return folder


def _toasts(app) -> list[str]:
    return [n.message.replace("\n", "") for n in app._notifications]


@pytest.fixture
def read_only_folder(tmp_path):
    """A folder no file can be written in, for real."""
    with made_read_only(tmp_path / "alleen-lezen", "1m") as folder:
        yield folder


@pytest.mark.parametrize("lang", ["nl", "en"])
async def test_ctrl_e_opens_the_export_dialog_whole_at_80x24_with_its_key_in_the_footer(lang):
    settings = load_settings()
    settings.language = lang
    app = make_app(FakeKB(), settings=settings, project=PROJECT)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.pause()
        # at 80 columns the footer showed no ^e ("^n nieuw ^o open ^l leren f1 hulp …")
        shown = {key.key for key in app.screen.query(FooterKey) if key.display}
        assert {"ctrl+e", "ctrl+l", "f1", "ctrl+q"} <= shown
        dialog = await _open_dialog(pilot)
        box = dialog.query_one(".dialog").region
        parts = [*dialog.query(RadioButton), *_fields(dialog), *dialog.query(Button)]
        assert len(parts) == 7
        for part in parts:  # each whole inside the box: none cut off nor scrolled out of sight
            assert part.region.height > 0 and box.contains_region(part.region), part
        assert box.bottom <= 24
        folder, name = _fields(dialog)
        assert folder.value == str(settings.data_path / "exports")  # no Documents folder in a test
        assert name.value.startswith("Slimme-gemalen-") and name.value.endswith(".md")
        assert dialog.query_one("#format-md", RadioButton).value


async def test_word_chosen_with_the_mouse_and_enter_writes_a_docx_where_asked_and_remembers_it(tmp_path):
    app = make_app(FakeKB(), project=PROJECT)
    target = _new_folder(tmp_path / "mijn documenten")
    async with _dialog_open(app) as (pilot, dialog):
        await pilot.click("#format-docx")
        await pilot.pause()
        folder, name = _fields(dialog)
        assert name.value.endswith(".docx")  # the extension follows the format
        folder.value = str(target)
        name.value = "dossier gemalen"  # no extension: the format's is added
        await _press_enter(pilot)  # on the formats (the click gave them the keys): exports
        assert isinstance(app.screen, MainScreen)
        written = target / "dossier gemalen.docx"
        assert [p.name for p in target.iterdir()] == [written.name]
        text = "\n".join(p.text for p in Document(str(written)).paragraphs)
        assert PROJECT in text
        assert not (app.settings.data_path / "exports").exists()
        # the toast names the file and its folder (broken to fit it)
        assert any(written.name in toast and str(target) in toast for toast in _toasts(app))
        prefs = load_prefs(app.settings)
        assert (prefs["export_folder"], prefs["export_format"]) == (str(target), "docx")
        dialog = await _open_dialog(pilot)  # the next export offers the same folder and format
        assert _fields(dialog)[0].value == str(target)
        assert dialog.query_one("#format-docx", RadioButton).value


async def test_escape_cancels_and_writes_nothing(tmp_path):
    app = make_app(FakeKB(), project=PROJECT)
    target = _new_folder(tmp_path / "uit")
    async with _dialog_open(app) as (pilot, dialog):
        _fields(dialog)[0].value = str(target)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert list(target.iterdir()) == []
        assert not (app.settings.data_path / "exports").exists()
        assert app.main.work.exports.written == []
        assert "export_folder" not in load_prefs(app.settings)


async def test_a_folder_that_cannot_be_written_is_said_in_the_dialog_which_keeps_what_was_typed(
        read_only_folder, tmp_path):
    app = make_app(FakeKB(), project=PROJECT)
    async with _dialog_open(app) as (pilot, dialog):
        folder, name = _fill(dialog, str(read_only_folder), "dossier.md")
        await _click_export(pilot)
        assert app.screen is dialog
        said = _said(dialog)
        assert said.startswith("Niet geëxporteerd. ") and str(read_only_folder) in said, said
        assert "Kies een andere map of naam." in said
        assert (folder.value, name.value) == (str(read_only_folder), "dossier.md")
        assert not dialog.query_one("#export", Button).disabled
        assert list(read_only_folder.iterdir()) == []
        folder.value = str(tmp_path)  # another folder: written, the dialog closed
        await _click_export(pilot)
        assert isinstance(app.screen, MainScreen)
        assert (tmp_path / "dossier.md").read_text(encoding="utf-8").strip()


async def test_a_file_that_is_there_is_replaced_only_after_a_yes(tmp_path):
    app = make_app(FakeKB(), project=PROJECT)
    there = tmp_path / "dossier.md"
    there.write_text("mijn eigen aantekeningen", encoding="utf-8")
    async with _dialog_open(app) as (pilot, dialog):
        _fill(dialog, str(tmp_path), "dossier.md")
        await _press_enter(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")  # no: back in the dialog, the file as it was
        await settle(pilot)
        assert app.screen is dialog and _fields(dialog)[1].value == "dossier.md"
        assert there.read_text(encoding="utf-8") == "mijn eigen aantekeningen"
        await _press_enter(pilot)
        await pilot.click("#confirm")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert PROJECT in there.read_text(encoding="utf-8")
        assert [p.name for p in tmp_path.iterdir() if p.suffix == ".md"] == ["dossier.md"]


async def test_the_palettes_export_as_json_opens_the_dialog_with_json_chosen():
    app = make_app(FakeKB(), project=PROJECT)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.main.action_export("json")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        assert dialog.query_one("#format-json", RadioButton).value
        assert _fields(dialog)[1].value.endswith(".json")
        assert "JSON" in str(dialog.query_one("#format-json", RadioButton).label)


def test_the_folder_offered_is_the_last_one_then_documents_then_the_data_folders_exports(tmp_path, monkeypatch):
    from assistant.core.prefs import remember

    settings = load_settings()
    home = tmp_path / "gebruiker"
    (home / "Documenten").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setattr("assistant.tui.prefs.DOCUMENTS_FOLDERS", ("Documenten", "Documents"))
    assert export_folder(settings) == home / "Documenten"
    last = tmp_path / "projecten"
    last.mkdir()
    remember(settings, "export_folder", str(last))
    assert export_folder(settings) == last
    last.rmdir()  # gone since: not offered
    assert export_folder(settings) == home / "Documenten"
    (home / "Documenten").rmdir()
    assert export_folder(settings) == Path(settings.data_path) / "exports"


def _drawn(button: RadioButton) -> str:
    """The button's text as drawn, without its colours."""
    return "".join(strip.text for strip in button.render_lines(button.region.reset_offset))


@pytest.mark.parametrize("theme", ["textual-dark", "ansi-dark"])
async def test_the_chosen_format_is_shown_by_more_than_its_colour(monkeypatch, theme):
    # in a capture without colour (NO_COLOR, a monochrome terminal) all three buttons read "▐●▌"
    from assistant.core.prefs import remember

    monkeypatch.setenv("NO_COLOR", "1")
    settings = load_settings()
    remember(settings, "theme", theme)
    app = make_app(FakeKB(), settings=settings, project=PROJECT)
    async with _dialog_open(app) as (pilot, dialog):
        for chosen in ("md", "json"):
            if chosen != "md":
                await pilot.click(f"#format-{chosen}")
                await pilot.pause()
            drawn = {fmt: _drawn(dialog.query_one(f"#format-{fmt}", RadioButton)) for fmt in ("md", "docx", "json")}
            assert ["▐●▌" in text for text in drawn.values()] == [fmt == chosen for fmt in drawn], drawn
            assert all("▐ ▌" in text for fmt, text in drawn.items() if fmt != chosen), drawn


async def test_after_the_dialogs_export_the_conversation_names_the_file_without_offering_the_others(tmp_path):
    # "Ook als Word (/export docx) of als JSON …" was written for ctrl+e exporting at once: after
    # the dialog, where a format was just chosen from all three, it was noise
    app = make_app(FakeKB(), project=PROJECT)
    async with _dialog_open(app) as (pilot, dialog):
        _fill(dialog, str(tmp_path), "dossier.md")
        await _press_enter(pilot)
        said = app.main.conversation.turns[-1].text
        assert said.startswith("Dossier geëxporteerd als dossier.md") and "in de map /" in said
        assert "`/export" not in said and "Ook" not in said, said


async def test_after_a_refusal_ctrl_u_clears_the_name_the_dialog_completed_and_its_extension_is_not_doubled(
        tmp_path):
    # the dialog made "abc" "abc.json" with the cursor before ".json": ctrl+u kept ".json", and
    # "rapport.json" typed then was written as rapport.json.json
    app = make_app(FakeKB(), project=PROJECT)
    async with _dialog_open(app) as (pilot, dialog):
        await pilot.click("#format-json")
        folder, name = _fill(dialog, str(tmp_path / "bestaat-niet"), "abc")
        await _click_export(pilot)
        assert app.screen is dialog and name.value == "abc.json"
        folder.value = str(tmp_path)
        name.focus()
        await pilot.press("ctrl+u", *"rapport.JSON")
        assert name.value == "rapport.JSON"
        await _press_enter(pilot)
        assert isinstance(app.screen, MainScreen)
        assert json.loads((tmp_path / "rapport.JSON").read_text(encoding="utf-8"))
        assert not [p for p in tmp_path.iterdir() if p.name.lower().endswith(".json.json")]


async def test_a_name_that_is_no_plain_file_name_is_refused_with_a_message_and_nothing_is_written(tmp_path):
    # "../ontsnapt" was written outside the folder, " " after ctrl+u a hidden ".docx.docx",
    # and a tab or a BEL went into the file's name while the message showed it cleaned
    app = make_app(FakeKB(), project=PROJECT)
    target = _new_folder(tmp_path / "uit")
    refused = {"   .md": "begint niet met een punt", ".md": "begint niet met een punt", "..": "punt",
               "../ontsnapt": "tekens", "sub/naam": "tekens", "a\\b": "tekens", "a<b": "tekens", "a>b": "tekens",
               "a:b": "tekens", 'a"b': "tekens", "a|b": "tekens", "a?b": "tekens", "a*b": "tekens",
               "ver\tslag": "stuurteken", "ver\aslag": "stuurteken", "ver\nslag": "stuurteken",
               "ver\x85slag": "stuurteken", "ver\x7fslag": "stuurteken",
               # as `stappenplan export -f md -o rapport.docx`: Word would not open it
               "rapport.docx": "eindigt op .docx, maar het gekozen formaat is md"}
    async with _dialog_open(app) as (pilot, dialog):
        folder, name = _fields(dialog)
        folder.value = str(target)
        name.focus()
        for typed, said in refused.items():
            name.value = typed
            await pilot.press("enter")
            await settle(pilot)
            assert app.screen is dialog, typed
            assert said in _said(dialog), (typed, _said(dialog))
            assert name.value == typed and app.focused is name
        assert list(target.iterdir()) == [] and sorted(p.name for p in tmp_path.iterdir()) == ["stappenplan-home", "uit"]


async def test_a_relative_folder_is_shown_and_remembered_as_the_folder_it_stands_for(tmp_path, monkeypatch):
    app = make_app(FakeKB(), project=PROJECT)
    (tmp_path / "hier").mkdir()
    (tmp_path / "uit").mkdir()
    monkeypatch.chdir(tmp_path / "hier")
    async with _dialog_open(app) as (pilot, dialog):
        folder, _ = _fill(dialog, "../uit", "dossier")
        await _click_export(pilot)
        assert isinstance(app.screen, MainScreen)
        assert (tmp_path / "uit" / "dossier.md").is_file()
        assert load_prefs(app.settings)["export_folder"] == str(tmp_path / "uit")  # not ".../hier/../uit"
        assert folder.value == str(tmp_path / "uit")


async def test_a_folder_with_the_files_name_is_said_at_once_not_asked_to_be_replaced(tmp_path):
    app = make_app(FakeKB(), project=PROJECT)
    (tmp_path / "dossier.md").mkdir()
    async with _dialog_open(app) as (pilot, dialog):
        _fill(dialog, str(tmp_path), "dossier.md")
        await _click_export(pilot)
        assert app.screen is dialog  # no "Vervangen?" first
        assert _said(dialog) == f"dossier.md is een map in {tmp_path}. Kies een andere naam."


async def test_a_missing_folder_is_said_with_its_advice_once(tmp_path):
    # "Niet geëxporteerd: De map … bestaat niet; maak hem eerst aan of kies een andere plek. Kies
    # een andere map of naam.": the advice twice, a capital after the colon
    app = make_app(FakeKB(), project=PROJECT)
    async with _dialog_open(app) as (pilot, dialog):
        _fill(dialog, str(tmp_path / "nergens"), "dossier.md")
        await _click_export(pilot)
        said = _said(dialog)
        assert said == (f"Niet geëxporteerd. De map {tmp_path / 'nergens'} bestaat niet; maak hem eerst aan. "
                        f"Kies een andere map of naam."), said
        assert said.lower().count("kies een andere") == 1


async def test_a_file_written_meanwhile_by_another_window_is_asked_about_as_any_file_there(tmp_path, monkeypatch):
    # the other window won the race: "Niet geëxporteerd: exists (/tmp/…/zelfde.json)"
    from assistant.tui.project_exports import ProjectExports

    app = make_app(FakeKB(), project=PROJECT)
    target = tmp_path / "zelfde.json"
    export_to = ProjectExports.export_to

    def the_other_window_first(self, session, fmt, path, *, replace):
        if not path.exists():
            path.write_text("van het andere venster", encoding="utf-8")
        return export_to(self, session, fmt, path, replace=replace)

    monkeypatch.setattr(ProjectExports, "export_to", the_other_window_first)
    async with _dialog_open(app) as (pilot, dialog):
        await pilot.click("#format-json")
        _fill(dialog, str(tmp_path), "zelfde.json")
        await _click_export(pilot)
        assert isinstance(app.screen, ConfirmDialog), _said(dialog)
        question = str(app.screen.query_one(".dialog-title", Label).render())
        assert question == f"zelfde.json bestaat al in de map {tmp_path}. Vervangen?"
        assert target.read_text(encoding="utf-8") == "van het andere venster"
        await pilot.click("#confirm")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert json.loads(target.read_text(encoding="utf-8"))["project"]["title"] == PROJECT


async def test_a_huge_pasted_name_is_said_shortened_and_the_dialog_still_fits(tmp_path):
    app = make_app(FakeKB(), project=PROJECT)
    async with _dialog_open(app) as (pilot, dialog):
        _fill(dialog, str(tmp_path), "a" * 200_000)
        await _click_export(pilot)
        await pilot.pause()
        assert app.screen is dialog
        said = _said(dialog)
        assert "te lang" in said and len(said) < 400 and "…" in said, said[:500]
        box = dialog.query_one(".dialog").region
        for button in dialog.query(Button):
            assert button.region.height > 0 and box.contains_region(button.region), button
        assert box.bottom <= 24


async def test_a_remembered_folder_that_is_gone_is_said_above_the_one_offered(tmp_path):
    from assistant.core.prefs import remember

    app = make_app(FakeKB(), project=PROJECT)
    gone = tmp_path / "weg"
    remember(app.settings, "export_folder", str(gone))
    async with _dialog_open(app) as (pilot, dialog):
        assert _fields(dialog)[0].value == str(app.settings.data_path / "exports")
        assert _said(dialog) == f"De map van de vorige keer ({gone}) bestaat niet meer."


async def test_the_palettes_export_while_the_dialog_is_open_chooses_its_format_in_that_dialog():
    app = make_app(FakeKB(), project=PROJECT)
    async with _dialog_open(app, size=(100, 30)) as (pilot, dialog):
        app.main.action_export("docx")  # the palette's "Exporteren als Word", over the dialog
        await settle(pilot)
        assert [type(each) for each in app.screen_stack].count(ExportDialog) == 1
        assert app.screen is dialog and dialog.query_one("#format-docx", RadioButton).value
        assert _fields(dialog)[1].value.endswith(".docx")


async def test_tab_goes_through_the_dialog_in_the_order_shown_from_the_name_and_the_formats_show_their_focus():
    # a keyboard user found ↓ in the name field did nothing and took the dialog for frozen:
    # shift+tab from the name reaches the formats, which then show that they have the keys
    app = make_app(FakeKB(), project=PROJECT)
    async with _dialog_open(app) as (pilot, dialog):
        shown = ["format", "folder", "name", "cancel", "export"]  # top to bottom, left to right
        assert app.focused.id == "name"
        ahead = []
        for _ in shown:
            await pilot.press("tab")
            ahead.append(app.focused.id)
        assert ahead == ["cancel", "export", "format", "folder", "name"]
        back = []
        for _ in shown:
            await pilot.press("shift+tab")
            back.append(app.focused.id)
        assert back == ["folder", "format", "export", "cancel", "name"]
        choice = dialog.query_one("#format")
        unfocused = choice.styles.border_top, _label_style(dialog)
        await pilot.press("shift+tab", "shift+tab")
        await pilot.pause()
        assert app.focused is choice
        assert (choice.styles.border_top, _label_style(dialog)) != unfocused
        assert _label_style(dialog).bold  # bold as well: seen without colour too
        await pilot.press("down")  # the arrows choose there
        await pilot.pause()
        assert dialog.chosen_format == "docx"


def _label_style(dialog: ExportDialog):
    """The style the chosen format's label is drawn in."""
    button = dialog.query_one("#format-md", RadioButton)
    return [seg.style for seg in button.render_line(0) if seg.text.strip() and "Markdown" in seg.text][0]


def _field_shown(field: Input) -> str:
    """What the field shows of its value: its text as drawn, without the border."""
    return "".join(strip.text for strip in field.render_lines(field.content_region.reset_offset
                                                              .translate(field.styles.gutter.top_left))).strip()


async def test_a_name_too_long_for_its_field_is_shown_from_its_start_until_the_user_types():
    # at 100×30 the name read "orbeeld-Slimme-afvalinzameling-…docx" once Word was chosen: the
    # dialog's own change of the extension scrolled the start of the name out of sight
    app = make_app(FakeKB(), project="Voorbeeld Slimme afvalinzameling in de regio Noord-Holland")
    async with _dialog_open(app, size=(100, 30)) as (pilot, dialog):
        name = _fields(dialog)[1]
        assert len(name.value) > name.content_size.width  # too long to be shown whole
        assert _field_shown(name).startswith("Voorbeeld-Slimme-")
        await pilot.press("shift+tab", "shift+tab", "down")  # Word, with the keys
        await settle(pilot)
        assert name.value.endswith(".docx") and name.cursor_position == len(name.value)
        assert _field_shown(name).startswith("Voorbeeld-Slimme-"), _field_shown(name)
        await pilot.press("tab", "tab", "-", "2")  # typed: the view follows the cursor, at its end
        await settle(pilot)
        assert _field_shown(name).endswith(".docx-2") and not _field_shown(name).startswith("Voorbeeld-")


async def test_a_default_name_at_80_columns_is_shown_whole_with_its_extension():
    # "Zoutstrooien-op-provinciale-wegen-20261207-205814.do": the extension, which says the
    # format, was cut off by the field's width
    app = make_app(FakeKB(), project="Zoutstrooien op provinciale wegen")
    async with _dialog_open(app) as (pilot, dialog):
        name = _fields(dialog)[1]
        await pilot.press("shift+tab", "shift+tab", "down")  # Word: the longest extension
        await settle(pilot)
        assert name.value.endswith(".docx")
        assert _field_shown(name) == name.value


async def test_the_dialogs_export_is_still_in_the_conversation_after_the_project_is_reopened(tmp_path):
    # said in a turn that was never stored: a reopened project did not show which file was
    # written where, while what /export wrote it did show
    app = make_app(FakeKB(), project=PROJECT)
    async with _dialog_open(app) as (pilot, dialog):
        _fill(dialog, str(tmp_path), "dossier.md")
        await _press_enter(pilot)
        said = app.main.conversation.turns[-1].text
    again = make_app(FakeKB(), project=PROJECT)  # a new process, the same STAPPENPLAN_HOME
    async with again.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert said in [turn.text for turn in again.main.conversation.turns]


async def test_a_name_typed_as_the_dialog_opens_keeps_its_extension(tmp_path):
    # the cursor stood after the extension: "X" typed made "…-234420.mdX", written as "…mdX.md"
    app = make_app(FakeKB(), project=PROJECT)
    async with _dialog_open(app) as (pilot, dialog):
        folder, name = _fields(dialog)
        folder.value = str(tmp_path)
        await pilot.press(*"verslag")
        assert name.value == "verslag.md"
        await _press_enter(pilot)
        assert isinstance(app.screen, MainScreen)
        assert sorted(p.name for p in tmp_path.iterdir()) == ["stappenplan-home", "verslag.md"]


async def test_the_keys_on_the_formats_start_on_the_remembered_format(tmp_path):
    # Word remembered: ↓ on the formats kept Word (the keys started on Markdown) and a user who
    # wanted JSON after Word pressed it once more and got Markdown's neighbour, a second .docx
    app = make_app(FakeKB(), project=PROJECT)
    target = _new_folder(tmp_path / "uit")
    async with _dialog_open(app) as (pilot, dialog):
        await pilot.click("#format-docx")
        _fill(dialog, str(target), "eerste")
        await _click_export(pilot)
        dialog = await _open_dialog(pilot)
        assert dialog.chosen_format == "docx"
        await pilot.press("shift+tab", "shift+tab", "down")
        await settle(pilot)
        assert dialog.chosen_format == "json"
        assert _fields(dialog)[1].value.endswith(".json")
        await pilot.press("up")
        await settle(pilot)
        assert dialog.chosen_format == "docx"


@pytest.mark.parametrize(("typed", "expected"), [
    ("Fietsers wachten te lang bij verkeerslichten.", "Fietsers wachten te lang bij verkeerslichten.md"),
    ("dossier", "dossier.md"), ("dossier. ", "dossier.md"), ("v1.2", "v1.2.md"),
])
def test_a_name_that_ends_a_sentence_gets_its_extension_without_a_second_dot(typed, expected):
    # a pasted first line was written as "… verkeerslichten..md"
    from assistant.tui.screens.dialogs import file_name

    assert file_name(typed, "md", ("md", "docx", "json"), "nl") == (expected, None)
