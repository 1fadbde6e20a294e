"""Small modal dialogs: ask for a name, confirm a deletion, show help."""

from __future__ import annotations

from collections.abc import Callable

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, ScreenResultType
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Markdown

from assistant.tui.i18n import t
from assistant.tui.widgets.field import FieldInput

#: Below this many rows a dialog is compact: no blank lines, fields and buttons without their
#: borders. At 12 rows the new-project dialog showed its name field only, not the organisation
#: nor its buttons; in full it needs 19 rows, and may take 90% of the screen.
SHORT_ROWS = 22


class DialogScreen(ModalScreen[ScreenResultType]):
    """A modal dialog that goes compact on a short terminal (SHORT_ROWS)."""

    def on_mount(self) -> None:
        self._fit(self.app.size.height)

    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size.height)

    def _fit(self, rows: int) -> None:
        short = rows < SHORT_ROWS
        self.set_class(short, "-short")
        for widget in self.query("Input, Button"):
            widget.compact = short


class ButtonGrid(Grid):
    """A dialog's buttons, on as many rows as they need: in one row at 60 columns the projects
    screen's last button ("Open") was cut off. Each column is as wide as its widest button."""

    DEFAULT_CSS = """
    ButtonGrid { width: auto; max-width: 100%; height: auto; grid-rows: auto; grid-gutter: 0; }
    """

    _grid: tuple[int, str] | None = None  # the columns set last: their number and widths

    def on_resize(self) -> None:
        self.call_after_refresh(self.fit)

    def fit(self) -> None:
        parent = self.parent
        room = parent.content_region.width if isinstance(parent, Widget) else self.size.width
        # a button's width: its label's (or its least), its border and its margin (the space between)
        widths = [max(button.get_content_width(self.size, self.size) + button.styles.gutter.width,
                      int(button.styles.min_width.value) if button.styles.min_width else 0)
                  + button.styles.margin.width for button in self.query_children(Button)]
        columns = next((n for n in range(len(widths), 0, -1)
                        if sum(max(widths[i::n]) for i in range(n)) <= room), 1)
        # the widths given: Textual's "auto" left out the buttons' borders ("Verwijderen (d)" lost "(d)")
        grid = (columns, " ".join(str(max(widths[i::columns])) for i in range(columns)))
        if grid != self._grid:
            self._grid = grid
            self.styles.grid_size_columns, self.styles.grid_columns = grid


class NameDialog(DialogScreen[tuple[str, str] | None]):
    """Asks for a project name and, optionally, the organisation. Enter in either field is OK:
    the organisation may stay empty (and can be filled in later, on the projects screen)."""

    BINDINGS = [Binding("escape", "cancel", show=False)]

    def __init__(self, title: str, lang: str, *, name: str = "", organisation: str = "",
                 ask_organisation: bool = True, check: Callable[[str], str | None] | None = None,
                 problem: str = "") -> None:
        super().__init__(classes="dialog-screen")
        self._title = title
        self._lang = lang
        self._name = name
        self._organisation = organisation
        self._ask_organisation = ask_organisation
        # what is wrong with a name (taken, too long), said here: the dialog stays open with what was typed
        self._check = check
        self._problem = problem  # said as it opens (no project can be made: why)

    def compose(self) -> ComposeResult:
        lang = self._lang
        with Vertical(classes="dialog"):
            yield Label(Content(self._title), classes="dialog-title")
            # each field named in its border: a placeholder is gone once the field has a value
            # (renaming showed two values, nothing said which was which)
            name = FieldInput(self._name, placeholder=t("projects.name", lang), id="name", on_enter=self._ok)
            name.border_title = t("projects.name", lang)
            yield name
            if self._ask_organisation:
                organisation = FieldInput(self._organisation, placeholder=t("projects.organisation", lang),
                                          id="organisation", on_enter=self._ok)
                organisation.border_title = t("projects.organisation", lang)
                yield organisation
            yield Label(Content(self._problem), id="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("button.cancel", lang), id="cancel")
                yield Button(t("button.ok", lang), id="ok", variant="primary")

    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        name = self.query_one("#name", Input).value.strip()
        problem = t("projects.name_required", self._lang) if not name else self._check(name) if self._check else None
        if problem:
            self.query_one("#dialog-error", Label).update(Content(problem))
            self.query_one("#name", Input).focus()
            return
        org = self.query_one("#organisation", Input).value.strip() if self._ask_organisation else ""
        self.dismiss((name, org))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmDialog(DialogScreen[bool]):
    """Yes/no before something that cannot be undone."""

    BINDINGS = [Binding("escape", "cancel", show=False)]

    def __init__(self, question: str, lang: str, *, confirm_label: str) -> None:
        super().__init__(classes="dialog-screen")
        self._question = question
        self._lang = lang
        self._confirm = confirm_label

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Content(self._question), classes="dialog-title")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("button.cancel", self._lang), id="cancel")
                yield Button(self._confirm, id="confirm", variant="error")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#cancel", Button).focus()

    @on(Button.Pressed, "#confirm")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)


class HelpScreen(DialogScreen[None]):
    """Keys and commands, as Markdown: the text under `body` (a screen's `HELP_KEY`)."""

    BINDINGS = [Binding("escape,f1,q", "close", t("key.close"))]

    def __init__(self, lang: str, body: str = "help.body") -> None:
        super().__init__(classes="dialog-screen")
        self._lang = lang
        self._body = body

    def compose(self) -> ComposeResult:
        # the title and the button stay in sight; the text scrolls between them (at 80×24 the
        # button was two pages down)
        with Vertical(classes="dialog help"):
            yield Label(Content(t("help.title", self._lang)), classes="dialog-title")
            with VerticalScroll(classes="help-body"):
                yield Markdown(t(self._body, self._lang))
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("button.ok", self._lang), id="close", variant="primary")

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(None)
