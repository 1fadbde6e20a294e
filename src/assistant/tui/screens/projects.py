"""The projects screen: create, open, rename and delete (with confirmation) projects."""

from __future__ import annotations

import logging
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.content import Content
from textual.widgets import Button, Label, OptionList
from textual.widgets.option_list import Option

from assistant.core.errors import BilingualError
from assistant.tui.i18n import t
from assistant.tui.screens.dialogs import ButtonGrid, ConfirmDialog, DialogScreen, NameDialog
from assistant.tui.views import ProjectView

log = logging.getLogger("assistant.tui")


def project_prompt(p: ProjectView, lang: str, *, is_open: bool = False) -> Content:
    """A project's name (and which one is open here), its organisation, progress and last change."""
    filled = round(10 * p.done / max(p.total, 1))
    bar = "█" * filled + "░" * (10 - filled)
    parts: list = []
    if is_open:  # a copy imported beside it has nearly the same name
        # first on its line: after the name, "· nu open" was broken over two lines at 80 columns
        parts += [(t("projects.open_here", lang), "$text-accent"), " "]
    parts.append((p.name, "bold"))
    if p.organisation:
        parts += ["  ", (f"({p.organisation})", "dim")]
    parts += ["\n  ", (bar, "$text-success"), " ", t("projects.progress", lang, done=p.done, total=p.total)]
    if p.updated:
        parts += ["  ·  ", (t("projects.updated", lang, date=p.updated), "dim")]
    return Content.assemble(*parts)


class ProjectList(OptionList):
    """The projects: a click picks one (rename and delete act on it), a double click opens it, as
    in a file picker. One click opened it at once: with the mouse, rename and delete reached only
    the project open here."""

    async def _on_click(self, event: events.Click) -> None:
        event.prevent_default()  # not OptionList's, which opens at the first click
        clicked = event.style.meta.get("option")
        if clicked is None or self.get_option_at_index(clicked).disabled:
            return
        self.highlighted = clicked
        if event.chain >= 2:
            self.action_select()


class ProjectsScreen(DialogScreen[int | None]):
    """Lists the projects of the workspace. Dismisses with the id of the project to open."""

    class OpenProjectDeleted(Message):
        """The project the conversation has open was deleted here: it closes at once (it stood
        behind this screen, title and all, until Escape)."""

    BINDINGS = [
        Binding("escape", "close", t("key.close")),
        Binding("n", "new", t("key.new")),
        Binding("r", "rename", t("key.rename")),
        Binding("d,delete", "delete", t("key.delete")),
    ]

    def __init__(self, workspace, lang: str, open_project: int | None = None) -> None:
        super().__init__(classes="dialog-screen", id="projects")
        self.workspace = workspace
        self.lang = lang
        self.open_project = open_project  # the one the conversation has open (deleting it says so)
        self.projects: list[ProjectView] = []
        self.created: int | None = None  # the project made here (what was typed without one is its first answer)

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Vertical(classes="dialog projects"):
            yield Label(Content(t("projects.title", lang)), classes="dialog-title")
            yield ProjectList(id="project-list")
            yield Label(Content(t("projects.empty", lang)), id="projects-empty")
            with Horizontal(classes="dialog-buttons"), ButtonGrid():
                yield Button(t("button.new", lang), id="new")
                yield Button(t("button.rename", lang), id="rename")
                yield Button(t("button.delete_key", lang), id="delete", variant="error")
                yield Button(t("button.open", lang), id="open", variant="primary")

    def on_mount(self) -> None:
        # the way out said: only escape closed it, and nothing on screen told so
        self.query_one(".dialog").border_subtitle = f"esc {t('key.close', self.lang)}"
        self._fit(self.app.size.height)
        self.reload()
        self.query_one(OptionList).focus()

    def on_screen_resume(self) -> None:
        # back from a dialog (a button clicked opened it): the arrows move through the list again,
        # not between the buttons, where "d" then deleted a project other than the one meant
        if self.projects:
            self.query_one(OptionList).focus()

    def reload(self, select: int | None = None, at: int | None = None) -> None:
        """The list anew, `select` (a project id) or else the line `at` (or the first) highlighted."""
        try:
            self.projects = self.workspace.projects()
        except Exception as exc:  # the store went away under us
            log.exception("listing projects failed")
            self.app.notify(str(exc), severity="error", markup=False)
            self.projects = []
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options([Option(project_prompt(p, self.lang, is_open=p.id == self.open_project), id=str(p.id))
                             for p in self.projects])
        self.query_one("#projects-empty").display = not self.projects
        options.display = bool(self.projects)
        if self.projects:
            index = next((i for i, p in enumerate(self.projects) if p.id == select), None)
            options.highlighted = index if index is not None else min(at or 0, len(self.projects) - 1)

    def _selected(self) -> ProjectView | None:
        index = self.query_one(OptionList).highlighted
        if index is None or not (0 <= index < len(self.projects)):
            return None
        return self.projects[index]

    def _error(self, exc: Exception) -> None:
        message = exc.message(self.lang) if isinstance(exc, BilingualError) else str(exc)
        self.app.notify(message, severity="error", markup=False)

    # --- actions ---------------------------------------------------------------------
    @on(OptionList.OptionSelected, "#project-list")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(int(event.option.id))

    @on(Button.Pressed, "#open")
    def action_open(self) -> None:
        p = self._selected()
        if p is not None:
            self.dismiss(p.id)

    @on(Button.Pressed, "#new")
    def action_new(self) -> None:
        def done(result: tuple[str, str] | ProjectView | None) -> None:
            if not result:
                return
            if isinstance(result, ProjectView):  # the name was nearly this one's, and it was meant
                self.dismiss(result.id)
                return
            try:
                p = self.workspace.create(*result)
            except Exception as exc:
                self._error(exc)
                return
            self.created = p.id
            # no toast: its welcome names the project, and a toast covered the welcome's first lines
            self.dismiss(p.id)

        self.app.push_screen(NameDialog(t("projects.new", self.lang), self.lang, check=self.workspace.name_problem,
                                        similar=self.workspace.similar), done)

    @on(Button.Pressed, "#rename")
    def action_rename(self) -> None:
        p = self._selected()
        if p is None:
            return

        def done(result: tuple[str, str] | None) -> None:
            if not result:
                return
            try:
                self.workspace.rename(p.id, *result)
            except Exception as exc:
                self._error(exc)
                return
            self.reload(select=p.id)

        self.app.push_screen(
            NameDialog(t("projects.rename", self.lang), self.lang, name=p.name, organisation=p.organisation,
                       check=lambda name: self.workspace.name_problem(name, p.id)), done)

    @on(Button.Pressed, "#delete")
    def action_delete(self) -> None:
        p = self._selected()
        if p is None:
            return
        at = self.projects.index(p)

        def done(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self.workspace.delete(p.id)
            except Exception as exc:
                self._error(exc)
                return
            self.app.notify(t("projects.deleted", self.lang, name=p.name), markup=False)
            if p.id == self.open_project:
                self.open_project = None
                self.post_message(self.OpenProjectDeleted())
            self.reload(at=at)  # the next one down, where the deleted one was: not the first

        question = t("projects.confirm_delete", self.lang, name=p.name)
        if p.id == self.open_project:
            question += " " + t("projects.confirm_delete_open", self.lang)
        self.app.push_screen(ConfirmDialog(question, self.lang, confirm_label=t("button.delete", self.lang)), done)

    def action_close(self) -> None:
        self.dismiss(None)
