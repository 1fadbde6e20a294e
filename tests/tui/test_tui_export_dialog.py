"""The export dialog (ctrl+e, the palette's "Exporteren als …"): the format, the folder and the
file name chosen, the file written there. ctrl+e wrote Markdown into the hidden data folder,
and a newcomer looked for it in Documents."""

from __future__ import annotations

import os
import subprocess
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
from tui_support import make_app, settle

PROJECT = "Slimme gemalen"


async def _open_dialog(pilot) -> ExportDialog:
    await pilot.press("ctrl+e")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ExportDialog)
    return pilot.app.screen


def _fields(dialog: ExportDialog) -> tuple[Input, Input]:
    return dialog.query_one("#folder", Input), dialog.query_one("#name", Input)


def _said(dialog: ExportDialog) -> str:
    return str(dialog.query_one("#dialog-error", Label).render())


def _toasts(app) -> list[str]:
    return [n.message.replace("\n", "") for n in app._notifications]


@pytest.fixture
def read_only_folder(tmp_path):
    """A folder no file can be written in, for real: a small file system mounted read-only as
    root (root writes past the permission bits), the permission bits otherwise."""
    folder = tmp_path / "alleen-lezen"
    folder.mkdir()
    as_root = os.geteuid() == 0
    if as_root and subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m,ro", "tmpfs", str(folder)],
                                  capture_output=True).returncode != 0:
        pytest.skip("cannot mount a small file system here")
    if not as_root:
        folder.chmod(0o555)
    try:
        yield folder
    finally:
        if as_root:
            subprocess.run(["umount", "-l", str(folder)], capture_output=True)
        else:
            folder.chmod(0o755)


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
    target = tmp_path / "mijn documenten"
    target.mkdir()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        dialog = await _open_dialog(pilot)
        await pilot.click("#format-docx")
        await pilot.pause()
        folder, name = _fields(dialog)
        assert name.value.endswith(".docx")  # the extension follows the format
        folder.value = str(target)
        name.value = "dossier gemalen"  # no extension: the format's is added
        await pilot.press("enter")  # on the formats (the click gave them the keys): exports
        await settle(pilot)
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
    target = tmp_path / "uit"
    target.mkdir()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        dialog = await _open_dialog(pilot)
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
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        dialog = await _open_dialog(pilot)
        folder, name = _fields(dialog)
        folder.value = str(read_only_folder)
        name.value = "dossier.md"
        await pilot.click("#export")
        await settle(pilot)
        assert app.screen is dialog
        said = _said(dialog)
        assert said.startswith("Niet geëxporteerd:") and str(read_only_folder) in said, said
        assert "Kies een andere map of naam." in said
        assert (folder.value, name.value) == (str(read_only_folder), "dossier.md")
        assert not dialog.query_one("#export", Button).disabled
        assert list(read_only_folder.iterdir()) == []
        folder.value = str(tmp_path)  # another folder: written, the dialog closed
        await pilot.click("#export")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert (tmp_path / "dossier.md").read_text(encoding="utf-8").strip()


async def test_a_file_that_is_there_is_replaced_only_after_a_yes(tmp_path):
    app = make_app(FakeKB(), project=PROJECT)
    there = tmp_path / "dossier.md"
    there.write_text("mijn eigen aantekeningen", encoding="utf-8")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        dialog = await _open_dialog(pilot)
        folder, name = _fields(dialog)
        folder.value, name.value = str(tmp_path), "dossier.md"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")  # no: back in the dialog, the file as it was
        await settle(pilot)
        assert app.screen is dialog and _fields(dialog)[1].value == "dossier.md"
        assert there.read_text(encoding="utf-8") == "mijn eigen aantekeningen"
        await pilot.press("enter")
        await settle(pilot)
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
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        dialog = await _open_dialog(pilot)
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
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        dialog = await _open_dialog(pilot)
        folder, name = _fields(dialog)
        folder.value, name.value = str(tmp_path), "dossier.md"
        await pilot.press("enter")
        await settle(pilot)
        said = app.main.conversation.turns[-1].text
        assert said.startswith("Dossier geëxporteerd als dossier.md") and "in de map /" in said
        assert "`/export" not in said and "Ook" not in said, said
