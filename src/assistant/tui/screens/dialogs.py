"""Small modal dialogs: ask for a name, confirm a deletion, export the record, show help."""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, ScreenResultType
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Markdown, RadioButton, RadioSet
from textual.widgets.input import Selection

from assistant.core.errors import error_message
from assistant.core.textsafe import has_control_chars, short
from assistant.tui.i18n import t
from assistant.tui.views import ProjectView
from assistant.tui.widgets.field import FieldInput

#: Below this many rows a dialog is compact: no blank lines, fields and buttons without their
#: borders. At 12 rows the new-project dialog showed its name field only, not the organisation
#: nor its buttons; in full it needs 19 rows, and may take 90% of the screen.
SHORT_ROWS = 22


class DialogScreen(ModalScreen[ScreenResultType]):
    """A modal dialog that goes compact on a short terminal (SHORT_ROWS)."""

    #: a click on the dimmed background around the dialog closes it, as escape does: only where
    #: closing loses nothing (help, the projects list); a dialog that holds what was typed (a name,
    #: a file name) stays, as a mouse user clicks beside a box by mistake
    CLOSED_BY_CLICK_OUTSIDE = False

    def on_click(self, event: events.Click) -> None:
        # the screen itself under the mouse, not the dialog or anything in it (as Textual's palette tells them apart)
        if self.CLOSED_BY_CLICK_OUTSIDE and self.get_widget_at(event.screen_x, event.screen_y)[0] is self:
            event.stop()
            self.dismiss(None)

    def on_mount(self) -> None:
        self._fit(self.app.size.height)

    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size.height)

    def _fit(self, rows: int) -> None:
        short = rows < SHORT_ROWS
        self.set_class(short, "-short")
        for widget in self.query("Input, Button"):
            widget.compact = short


def labelled(field: Input, label: str) -> tuple[Label, Input]:
    """`field` named `label` in its border, and the same name on a line above it, shown only on a
    short terminal: compact, the field has no border, and "Map" and "Bestandsnaam" were gone,
    two paths shown with nothing said which was which."""
    field.border_title = label
    return Label(Content(label), classes="field-label"), field


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


class NameDialog(DialogScreen[tuple[str, str] | ProjectView | None]):
    """Asks for a project name and, optionally, the organisation. Enter in either field is OK:
    the organisation may stay empty (and can be filled in later, on the projects screen). With
    `similar`, a name one letter off another project's is said first: Enter again on the same
    name makes it anyway, the button beside opens that project (dismissed with its view); a
    name taken is refused with the same button."""

    BINDINGS = [Binding("escape", "cancel", show=False)]

    def __init__(self, title: str, lang: str, *, name: str = "", organisation: str = "",
                 ask_organisation: bool = True, check: Callable[[str], str | None] | None = None,
                 problem: str = "", similar: Callable[[str], ProjectView | None] | None = None) -> None:
        super().__init__(classes="dialog-screen")
        self._title = title
        self._lang = lang
        self._name = name
        self._organisation = organisation
        self._ask_organisation = ask_organisation
        # what is wrong with a name (taken, too long), said here: the dialog stays open with what was typed
        self._check = check
        self._problem = problem  # said as it opens (no project can be made: why)
        # a typo of another's name made an empty project beside it at once, as --project no longer does
        self._similar = similar
        self._nearly: tuple[str, ProjectView] | None = None  # the name said to be nearly another's, and that one

    def compose(self) -> ComposeResult:
        lang = self._lang
        with Vertical(classes="dialog"):
            yield Label(Content(self._title), classes="dialog-title")
            # each field named in its border (above it without one): a placeholder is gone once the field has a value
            # (renaming showed two values, nothing said which was which)
            yield from labelled(FieldInput(self._name, placeholder=t("projects.name", lang), id="name",
                                           on_enter=self._ok), t("projects.name", lang))
            if self._ask_organisation:
                yield from labelled(FieldInput(self._organisation, placeholder=t("projects.organisation", lang),
                                               id="organisation", on_enter=self._ok),
                                    t("projects.organisation", lang))
            yield Label(Content(self._problem), id="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("button.cancel", lang), id="cancel")
                if self._similar is not None:
                    # shown where the name is nearly another project's: that one opened instead
                    open_similar = Button(t("projects.open_similar", lang), id="open-similar")
                    open_similar.display = False
                    yield open_similar
                yield Button(t("button.ok", lang), id="ok", variant="primary")

    def on_mount(self) -> None:
        super().on_mount()
        if self._name:
            # a rename: the whole name selected, the cursor at its start (typed, a new name replaces
            # it; End keeps it to add to): with the cursor after it, a new name typed was appended
            field = self.query_one("#name", Input)
            field.focus()
            field.selection = Selection(len(field.value), 0)

    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        name = self.query_one("#name", Input).value.strip()
        problem = t("projects.name_required", self._lang) if not name else self._check(name) if self._check else None
        if problem or self._nearly is None or self._nearly[0] != name:  # Enter again on the same name: meant
            self._nearly = None
            existing = self._similar(name) if name and self._similar is not None else None
            if existing is not None:
                self._nearly = (name, existing)
                # a name taken is that project's: offered to open, as a name nearly another's is
                problem = f"{problem} {t('projects.name_taken_open', self._lang)}" if problem else \
                    t("projects.name_similar", self._lang, name=name, existing=existing.name)
        if self._similar is not None:
            self.query_one("#open-similar", Button).display = self._nearly is not None
        if problem:
            self.query_one("#dialog-error", Label).update(Content(problem))
            self.query_one("#name", Input).focus()
            return
        org = self.query_one("#organisation", Input).value.strip() if self._ask_organisation else ""
        self.dismiss((name, org))

    @on(Button.Pressed, "#open-similar")
    def _open_similar(self) -> None:
        if self._nearly is not None:
            self.dismiss(self._nearly[1])

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


class FormatChoice(RadioSet, inherit_bindings=False):
    """One format of several: the arrows choose (Textual's only moved a highlight, and space
    then chose), and enter is left to the dialog, which exports."""

    BINDINGS = [
        Binding("down,right", "choose(1)", show=False),
        Binding("up,left", "choose(-1)", show=False),
        Binding("space", "toggle_button", show=False),
    ]

    def on_mount(self) -> None:
        # the keys start on the chosen format: Textual's start on the first, and with Word
        # remembered ↓ chose Word again (Markdown was the highlight), ↓↓ JSON. Later than the
        # mount, which RadioSet's own handler (run after this one) ends on the first
        self.call_later(self._highlight_pressed)

    def _highlight_pressed(self) -> None:
        if self.pressed_index >= 0:
            self._selected = self.pressed_index

    def action_choose(self, step: int) -> None:
        if step > 0:
            self.action_next_button()
        else:
            self.action_previous_button()
        self.action_toggle_button()


class FormatButton(RadioButton):
    """A format to choose: the chosen one's button holds a dot, the others are empty. Textual's
    show the same dot in each and mark the chosen one by its colour alone: without colour
    (NO_COLOR, a capture, a monochrome terminal) all three read "▐●▌"."""

    BUTTON_INNER = " "  # not chosen (the button's value changes this widget's own)

    def watch_value(self) -> None:
        self.BUTTON_INNER = RadioButton.BUTTON_INNER if self.value else FormatButton.BUTTON_INNER
        super().watch_value()


#: What the export dialog's `write` does: write the format to the path (replacing a file there
#: only when told), and give the path written, or raise what kept it from being written.
ExportWriter = Callable[[str, Path, bool], Awaitable[Path]]


#: What a file's name may not hold beside control characters: what Windows and SMB shares
#: refuse, and the folder separators (the folder has a field of its own: "../x.docx" was
#: written outside the folder chosen)
NOT_IN_A_NAME = '/\\<>:"|?*'
#: The most of a path or name quoted in the dialog's messages: a 200,000-character name was
#: said whole, and the buttons went off the screen
QUOTED_CHARS = 120
#: The most a message in the dialog says
SAID_CHARS = 300


def fitted(text: str) -> str:
    """`text` as the dialog shows it: each word (a path, a name) longer than QUOTED_CHARS cut
    in its middle, so that its start and its end are seen, and the whole at most SAID_CHARS."""
    half = (QUOTED_CHARS - 1) // 2
    words = [word if len(word) <= QUOTED_CHARS else f"{word[:half]}…{word[-half:]}" for word in text.split(" ")]
    return short(" ".join(words), SAID_CHARS)


def file_name(typed: str, fmt: str, formats: Sequence[str], lang: str) -> tuple[str, str | None]:
    """The file's name for `typed` as `fmt`, with the format's extension where it has none;
    or what is wrong with it (the name given back as typed)."""
    name = typed.strip()
    if not name:
        return typed, t("export.name_required", lang)
    if has_control_chars(name):
        return typed, t("export.name_control", lang)
    if any(char in name for char in NOT_IN_A_NAME):
        return typed, t("export.name_chars", lang, chars=" ".join(NOT_IN_A_NAME))
    if name.startswith("."):  # hidden, or only an extension (".docx" became ".docx.docx")
        return typed, t("export.name_dot", lang, suffix=f".{fmt}")
    suffix = os.path.splitext(name)[1].lower()
    if suffix == f".{fmt}":
        return name, None
    if suffix.lstrip(".") in formats:  # as `stappenplan export -f md -o x.docx`: Word would not open it
        return typed, t("export.name_other_format", lang, name=fitted(name), suffix=suffix, format=fmt,
                        named=suffix.lstrip("."))
    # "dossier" as Word: dossier.docx, as the dialog then shows; a name ending a sentence ("…
    # verkeerslichten.", pasted) gets no second dot: "verkeerslichten..md" was written
    return f"{name.rstrip('. ')}.{fmt}", None


def _set_value(field: Input, value: str) -> None:
    """A field's value changed by the dialog, the cursor at its end: left where it was, ctrl+u
    kept the extension added and "rapport.json" typed then became "rapport.json.json". Shown
    from its start, as it was when the dialog opened: a name longer than the field read
    "orbeeld-Slimme-afvalinzameling-…docx" once Word was chosen. The view follows the cursor
    again as the user types or moves it."""
    field.value = value
    field.cursor_position = len(value)
    field.scroll_to(x=0, animate=False)  # after the scroll to the cursor, which waits for a refresh too


class ExportDialog(DialogScreen[Path | None]):
    """Where and how to export: the format, the folder and the file name (its extension follows
    the format). Enter exports, escape cancels. A file that is there already is replaced only
    after a yes; what kept the file from being written is said here, and the dialog stays open
    with what was typed. Dismissed with the path written. `notice`: said as it opens."""

    BINDINGS = [Binding("escape", "cancel", show=False), Binding("enter", "export", show=False)]

    def __init__(self, lang: str, *, formats: Sequence[tuple[str, str]], fmt: str, folder: Path, name: str,
                 write: ExportWriter, notice: str = "") -> None:
        super().__init__(classes="dialog-screen")
        self._lang = lang
        self._formats = formats  # (format, its label), in the order shown
        self._fmt = fmt
        self._folder = folder
        self._file_name = name  # not _name: a widget's own (its name in the DOM)
        self._write = write
        self._notice = notice
        self._writing = False

    def compose(self) -> ComposeResult:
        lang = self._lang
        with Vertical(classes="dialog export"):
            yield Label(Content(t("export.title", lang)), classes="dialog-title")
            with FormatChoice(id="format") as choice:
                choice.border_title = t("export.format", lang)
                for fmt, label in self._formats:
                    yield FormatButton(label, value=fmt == self._fmt, name=fmt, id=f"format-{fmt}")
            yield from labelled(FieldInput(str(self._folder), placeholder=t("export.folder", lang), id="folder",
                                           on_enter=self.action_export), t("export.folder", lang))
            yield from labelled(FieldInput(self._file_name, placeholder=t("export.name", lang), id="name",
                                           on_enter=self.action_export), t("export.name", lang))
            yield Label(Content(fitted(self._notice)), id="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("button.cancel", lang), id="cancel")
                yield Button(t("button.export", lang), id="export", variant="primary")

    def on_mount(self) -> None:
        super().on_mount()
        # as a "save as" does: the name ready to change, its stem selected: with the cursor after
        # the extension, "X" typed made "…-234420.mdX", written as "…mdX.md"
        field = self.query_one("#name", Input)
        field.focus()
        stem = os.path.splitext(field.value)[0]
        if stem:
            # the cursor at the selection's start: a long name stays in view from its start
            field.selection = Selection(len(stem), 0)

    @property
    def chosen_format(self) -> str:
        pressed = self.query_one(FormatChoice).pressed_button
        return pressed.name if pressed is not None and pressed.name else self._fmt

    def choose_format(self, fmt: str) -> None:
        """`fmt` chosen, as a click on it would (the palette's "Exporteren als …" while the
        dialog is open: a second dialog was stacked on the first)."""
        button = self.query_one(f"#format-{fmt}", RadioButton)
        if not button.value:
            button.value = True

    @on(RadioSet.Changed)
    def _format_changed(self) -> None:
        # the name's extension follows the format: "…-182107.md" stayed as Word was chosen
        field = self.query_one("#name", Input)
        stem, suffix = os.path.splitext(field.value.strip())
        if stem and suffix.lower().lstrip(".") in (fmt for fmt, _label in self._formats):
            _set_value(field, f"{stem}.{self.chosen_format}")

    @on(Button.Pressed, "#export")
    def action_export(self) -> None:
        if self._writing:  # enter twice: one file
            return
        fmt = self.chosen_format
        folder_field, field = self.query_one("#folder", Input), self.query_one("#name", Input)
        if not folder_field.value.strip():
            self._refuse(folder_field, t("export.folder_required", self._lang))
            return
        name, problem = file_name(field.value, fmt, [each for each, _label in self._formats], self._lang)
        if problem is not None:
            self._refuse(field, problem)
            return
        if name != field.value:
            _set_value(field, name)
        # "../x" was shown and remembered as it was typed: the folder it stands for now
        folder = Path(folder_field.value.strip()).expanduser()
        try:
            folder = folder.resolve()
        except (OSError, RuntimeError):  # a loop of links: the writing says what is wrong
            folder = folder.absolute()
        if str(folder) != folder_field.value:
            _set_value(folder_field, str(folder))
        path = folder / name
        try:
            problem = self._place_problem(path)
            there = os.path.lexists(path)
        except OSError:  # a name too long: the writing says so, in words
            problem, there = None, False
        if problem is not None:
            self._refuse(field, problem)
            return
        if there:
            self._ask_replace(fmt, path)
        else:
            self._start(fmt, path, replace=False)

    def _place_problem(self, path: Path) -> str | None:
        """A folder where the file would go: said at once (it was asked "Vervangen?" first,
        then refused). A folder that is not there is the writing's to say: the data folder's
        exports/ is made as it is written to."""
        if path.is_dir():
            return t("export.name_is_folder", self._lang, name=path.name, folder=path.parent)
        return None

    def _ask_replace(self, fmt: str, path: Path) -> None:
        def answered(replace: bool | None) -> None:
            if replace:
                self._start(fmt, path, replace=True)

        self.app.push_screen(ConfirmDialog(fitted(t("export.exists", self._lang, name=path.name, folder=path.parent)),
                                           self._lang, confirm_label=t("button.replace", self._lang)), answered)

    def _refuse(self, field: Input, problem: str) -> None:
        self._say(problem)
        field.focus()

    def _start(self, fmt: str, path: Path, *, replace: bool) -> None:
        self._writing = True
        self.query_one("#export", Button).disabled = True
        self._say(t("export.writing", self._lang), busy=True)
        self.run_worker(self._written(fmt, path, replace), group="export", exit_on_error=False)

    async def _written(self, fmt: str, path: Path, replace: bool) -> None:
        try:
            written = await self._write(fmt, path, replace)
        except Exception as exc:
            self._writing = False
            self.query_one("#export", Button).disabled = False
            if isinstance(exc, FileExistsError) and not replace:
                # written meanwhile (another window): asked as a file there before is, not
                # "exists (/tmp/…)" from the system
                self._say("")
                self._ask_replace(fmt, path)
                return
            # the messages end their sentence where {error} ends (as the app's report)
            self._say(t("export.not_written", self._lang,
                        error=error_message(exc, self._lang).rstrip().removesuffix(".")))
            return
        self.dismiss(written)

    def _say(self, text: str, *, busy: bool = False) -> None:
        said = self.query_one("#dialog-error", Label)
        said.update(Content(fitted(text)))
        said.set_class(busy, "-busy")

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class HelpScreen(DialogScreen[None]):
    """Keys and commands, as Markdown: the text under `body` (a screen's `HELP_KEY`)."""

    BINDINGS = [Binding("escape,f1,q", "close", t("key.close"))]
    CLOSED_BY_CLICK_OUTSIDE = True

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
