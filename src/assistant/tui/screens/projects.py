"""The projects screen: find (a filter), create, open, rename and delete projects; a deleted one
goes to the bin (ctrl+t shows it), from where it is restored for BIN_DAYS days."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.content import Content
from textual.widgets import Button, Input, Label, OptionList
from textual.widgets.option_list import Option

from assistant.core.errors import BilingualError
from assistant.store import BIN_DAYS
from assistant.tui.i18n import t
from assistant.tui.screens.dialogs import ButtonGrid, ConfirmDialog, DialogScreen, NameDialog
from assistant.tui.screens.keys import screen_bindings
from assistant.tui.views import ProjectView
from assistant.tui.widgets.footer import FittingFooter

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
    if p.organisation:  # apart from the name: "(Gemeente X)" read as part of a name with brackets
        parts += [("  │ ", "dim"), (p.organisation, "dim italic")]
    parts += ["\n  ", (bar, "$text-success"), " ", t("projects.progress", lang, done=p.done, total=p.total)]
    if p.started:  # answers given: "0/11" alone read as an empty project
        parts += [", ", (t("projects.started", lang, count=p.started), "$text-warning")]
    if p.deleted:
        parts += ["  ·  ", (t("projects.deleted_on", lang, date=p.deleted), "dim")]
    elif p.updated:
        parts += ["  ·  ", (t("projects.updated", lang, date=p.updated), "dim")]
    return Content.assemble(*parts)


def matches(p: ProjectView, typed: str) -> bool:
    """Whether each word typed is in the project's name or organisation (any case)."""
    words = f"{p.name} {p.organisation}".casefold()
    return all(word in words for word in typed.casefold().split())


def match_rank(p: ProjectView, typed: str) -> int:
    """How well the name matches what is typed, best first: 0 the whole text at the name's start,
    1 each word at the start of one of its words, 2 anywhere (name or organisation). Listed by
    recency alone, "sensoren dijk" put "Dijksensoren kopie" above "Sensoren dijkmonitoring"."""
    name = p.name.casefold()
    text = " ".join(typed.casefold().split())
    if name.startswith(text):
        return 0
    starts = re.findall(r"\w+", name)
    if all(any(start.startswith(word) for start in starts) for word in text.split()):
        return 1
    return 2


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


class ProjectFilter(Input, inherit_bindings=False):
    """The filter: an Input whose ctrl+d deletes the project (the screen's key), not a letter;
    `delete` still deletes the letter right of the cursor."""

    BINDINGS = [*(b for b in Input.BINDINGS if "ctrl+d" not in b.key.split(",")),
                Binding("delete", "delete_right", show=False)]


class BinChoiceDialog(DialogScreen[str | None]):
    """A new project's name is a deleted one's, in the bin: that one restored ("restore"), or a
    new, empty project under the name ("new"); None: neither (escape)."""

    BINDINGS = [Binding("escape", "cancel", show=False)]

    def __init__(self, question: str, lang: str) -> None:
        super().__init__(classes="dialog-screen")
        self._question = question
        self._lang = lang

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Content(self._question), classes="dialog-title")
            with Horizontal(classes="dialog-buttons"), ButtonGrid():
                yield Button(t("button.cancel", self._lang), id="cancel")
                yield Button(t("projects.bin_new", self._lang), id="new")
                yield Button(t("button.restore", self._lang), id="restore", variant="primary")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#restore", Button).focus()

    @on(Button.Pressed)
    def _chosen(self, event: Button.Pressed) -> None:
        self.dismiss(None if event.button.id == "cancel" else event.button.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


def unless_in_bin(app, workspace, lang: str, name: str, create: Callable[[], None],
                  restored: Callable[[int], None]) -> None:
    """`create` where no deleted project has `name`; else asked first: that one restored (then
    `restored` with its id), or `create` still (the deleted one then comes back as "NAME (2)")."""
    binned = workspace.in_bin(name)
    if binned is None:
        create()
        return

    def chosen(choice: str | None) -> None:
        if choice == "new":
            create()
        elif choice == "restore":
            try:
                back = workspace.restore(binned.id)
            except Exception as exc:
                app.notify(exc.message(lang) if isinstance(exc, BilingualError) else str(exc),
                           severity="error", markup=False)
                return
            restored(back.id)

    app.push_screen(BinChoiceDialog(t("projects.name_in_bin", lang, name=binned.name, date=binned.deleted), lang),
                    chosen)


class ProjectsScreen(DialogScreen[int | None]):
    """Lists the projects of the workspace, those the filter's words are in. Dismisses with the
    id of the project to open. The actions are on ctrl keys: letters go to the filter (typing
    "park" opened rename on its "r", and "dig" the delete dialog)."""

    # a name typed for a new project or a rename is in a dialog of its own, over this one
    CLOSED_BY_CLICK_OUTSIDE = True

    class OpenProjectDeleted(Message):
        """The project the conversation has open was deleted here: it closes at once (it stood
        behind this screen, title and all, until Escape)."""

    def __init__(self, workspace, lang: str, open_project: int | None = None) -> None:
        super().__init__(classes="dialog-screen", id="projects")
        self.workspace = workspace
        self.lang = lang
        self.open_project = open_project  # the one the conversation has open (deleting it says so)
        self.deleted_open: int | None = None  # ... deleted here: restored, it is opened again
        self.projects: list[ProjectView] = []  # those shown: the filter's
        self.listed: list[ProjectView] = []  # all of them (or all in the bin)
        self.in_bin = False  # the deleted projects shown (ctrl+t), to restore one
        self.created: int | None = None  # the project made here (what was typed without one is its first answer)
        # priority: before the filter's own keys (ctrl+d deletes a letter there); none a letter,
        # and none the terminal's (ctrl+s, ctrl+q: flow control) nor tmux's prefix (ctrl+b)
        self._bindings = screen_bindings(
            Binding("escape", "close", t("key.close", lang)),
            Binding("ctrl+n", "new", t("key.new", lang), priority=True),
            Binding("ctrl+r", "rename", t("key.rename", lang), priority=True),
            Binding("ctrl+d", "delete", t("key.delete", lang), priority=True),
            Binding("ctrl+t", "toggle_bin", t("key.bin", lang), priority=True),
            Binding("up", "move(-1)", show=False), Binding("down", "move(1)", show=False),
            Binding("pageup", "move(-5)", show=False), Binding("pagedown", "move(5)", show=False),
        )

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Vertical(classes="dialog projects"):
            yield Label(Content(t("projects.title", lang)), classes="dialog-title", id="projects-title")
            yield ProjectFilter(placeholder=t("projects.filter", lang), id="project-filter", select_on_focus=False)
            yield ProjectList(id="project-list")
            yield Label(Content(t("projects.empty", lang)), id="projects-empty")
            with Horizontal(classes="dialog-buttons"), ButtonGrid():
                yield Button(t("button.new", lang), id="new")
                yield Button(t("button.rename", lang), id="rename")
                yield Button(t("button.delete_key", lang), id="delete", variant="error")
                yield Button(t("button.open", lang), id="open", variant="primary")
        yield FittingFooter()

    def on_mount(self) -> None:
        # the way out said: only escape closed it, and nothing on screen told so
        self.query_one(".dialog").border_subtitle = f"esc {t('key.close', self.lang)}"
        self._fit(self.app.size.height)
        self.reload(select=self.open_project)  # the one open here in sight, among a dozen
        self.query_one("#project-filter", Input).focus()

    def _fit(self, rows: int) -> None:
        super()._fit(rows)
        # on one row at every height: with its border it took three of the list's at 80×24
        for field in self.query("#project-filter"):
            field.compact = True

    def on_screen_resume(self) -> None:
        # back from a dialog (a button clicked opened it): typing filters again, and the arrows
        # move through the list, not between the buttons
        self.query_one("#project-filter", Input).focus()

    def reload(self, select: int | None = None, at: int | None = None) -> None:
        """The list anew, `select` (a project id) or else the line `at` (or the first) highlighted."""
        try:
            self.listed = self.workspace.projects(deleted=self.in_bin)
        except Exception as exc:  # the store went away under us
            log.exception("listing projects failed")
            self.app.notify(str(exc), severity="error", markup=False)
            self.listed = []
        self._show(select, at)

    def _show(self, select: int | None = None, at: int | None = None) -> None:
        """Those of `listed` that the filter's words are in."""
        typed = self.query_one("#project-filter", Input).value
        self.projects = [p for p in self.listed if matches(p, typed)]
        if typed.strip():  # the best match first (and highlighted: Enter opens it), recency after
            self.projects.sort(key=lambda p: match_rank(p, typed))
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options([Option(project_prompt(p, self.lang, is_open=p.id == self.open_project), id=str(p.id))
                             for p in self.projects])
        empty = "projects.bin_empty" if self.in_bin else "projects.empty"
        self.query_one("#projects-empty", Label).update(
            Content(t("projects.no_match", self.lang, typed=typed.strip()) if self.listed else t(empty, self.lang)))
        self.query_one("#projects-empty").display = not self.projects
        options.display = bool(self.projects)
        if self.projects:
            index = next((i for i, p in enumerate(self.projects) if p.id == select), None)
            options.highlighted = index if index is not None else min(at or 0, len(self.projects) - 1)
            # in sight once laid out: highlighted before, a project far down stayed below the fold
            self.call_after_refresh(options.scroll_to_highlight)

    @on(Input.Changed, "#project-filter")
    def _filtered(self) -> None:
        self._show()

    @on(Input.Submitted, "#project-filter")
    def _entered(self) -> None:
        self.action_open()

    def on_key(self, event: events.Key) -> None:
        # a letter typed with the list focused (a click, tab) goes on in the filter, not lost
        field = self.query_one("#project-filter", Input)
        if event.is_printable and event.character and not field.has_focus and self.focused is not None \
                and self.focused.id == "project-list":
            event.stop()
            field.focus()
            field.insert_text_at_cursor(event.character)

    def action_move(self, by: int) -> None:
        options = self.query_one(OptionList)
        if self.projects:
            at = options.highlighted if options.highlighted is not None else 0
            options.highlighted = max(0, min(len(self.projects) - 1, at + by))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # in the bin a project is restored (Enter) or left; renamed, deleted or made it is not
        if self.in_bin and action in ("new", "rename", "delete"):
            return False
        return True

    def action_toggle_bin(self) -> None:
        """The deleted projects (to restore one) or the projects again."""
        self.in_bin = not self.in_bin
        lang = self.lang
        title = t("projects.bin_title", lang, days=BIN_DAYS) if self.in_bin else t("projects.title", lang)
        self.query_one("#projects-title", Label).update(Content(title))
        for button in ("#new", "#rename", "#delete"):
            self.query_one(button, Button).display = not self.in_bin
        self.query_one("#open", Button).label = t("button.restore" if self.in_bin else "button.open", lang)
        self.query_one("#project-filter", Input).value = ""
        self.reload()
        self.refresh_bindings()

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
        self.action_open()

    @on(Button.Pressed, "#open")
    def action_open(self) -> None:
        p = self._selected()
        if p is None:
            return
        if self.in_bin:
            self._restore(p)
        else:
            self.dismiss(p.id)

    def _restore(self, p: ProjectView) -> None:
        try:
            back = self.workspace.restore(p.id)
        except Exception as exc:
            self._error(exc)
            return
        key = "projects.restored" if back.name == p.name else "projects.restored_as"
        self.app.notify(t(key, self.lang, name=p.name, new=back.name), markup=False)
        if back.id == self.deleted_open and self.open_project is None:
            # the project that was open, deleted by mistake: open again, as it was (Escape left
            # "geen project" open, and it had to be looked up once more)
            self.dismiss(back.id)
            return
        self.action_toggle_bin()  # back among the projects, the one restored highlighted
        self._show(select=back.id)

    @on(Button.Pressed, "#new")
    def action_new(self) -> None:
        def create(name: str, organisation: str) -> None:
            try:
                p = self.workspace.create(name, organisation)
            except Exception as exc:
                self._error(exc)
                return
            self.created = p.id
            # no toast: its welcome names the project, and a toast covered the welcome's first lines
            self.dismiss(p.id)

        def done(result: tuple[str, str] | ProjectView | None) -> None:
            if not result:
                return
            if isinstance(result, ProjectView):  # the name was nearly this one's, and it was meant
                self.dismiss(result.id)
                return
            unless_in_bin(self.app, self.workspace, self.lang, result[0], lambda: create(*result), self.dismiss)

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
            self.app.notify(t("projects.deleted", self.lang, name=p.name, days=BIN_DAYS), markup=False)
            if p.id == self.open_project:
                self.open_project, self.deleted_open = None, p.id
                self.post_message(self.OpenProjectDeleted())
            self.reload(at=at)  # the next one down, where the deleted one was: not the first

        question = t("projects.confirm_delete", self.lang, name=p.name, days=BIN_DAYS)
        if p.id == self.open_project:
            question += " " + t("projects.confirm_delete_open", self.lang)
        self.app.push_screen(ConfirmDialog(question, self.lang, confirm_label=t("button.delete", self.lang)), done)

    def action_close(self) -> None:
        self.dismiss(None)
