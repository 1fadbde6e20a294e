"""Right area: the record of the current step as it fills, with its open checks."""

from __future__ import annotations

from dataclasses import dataclass

from rich.segment import Segment
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.geometry import Region, Spacing
from textual.message import Message
from textual.strip import Strip
from textual.style import Style
from textual.widgets import Label, Static

from assistant.tui.views import RecordView

_LABEL = Style(bold=True)
#: the line that enter opens, while the record has the keys
_CHOSEN = Style(reverse=True)


def _opens(step: int, question: int) -> Style:
    """A click on the text asks that question of the step again."""
    return Style.from_meta({"@click": f"open_question({step}, {question})"})


#: per line of an area's content: the entry it belongs to (its number among them) and the
#: (step, question) it opens, or None
LineEntries = list[tuple[int, int, int] | None]


class RecordItems(Static):
    """The step's answers, or the open checks: a click anywhere on an entry (a label with its
    answer, a line of a group, a check, on every row they wrap to) opens the question that fills
    it, and the mouse on it marks all its rows. Only the words of a label opened it: a click on
    the answer under it, beside it or on a check's second row did nothing."""

    COMPONENT_CLASSES = {"record-items--hover"}

    def __init__(self, content: Content, **kwargs) -> None:
        super().__init__(content, **kwargs)
        self._shown = content
        self.line_entries: LineEntries = []
        self._line_rows: tuple[tuple[int, int], list[int]] | None = None  # (width, content id), rows per line
        self._hovered: range | None = None  # the rows of the entry under the mouse

    def show(self, content: Content, line_entries: LineEntries | None = None) -> None:
        self._shown = content
        self.line_entries = line_entries or []
        self._hovered = None
        self.update(content)

    def entry_at(self, row: int) -> tuple[range, int, int] | None:
        """The rows of the entry drawn on `row` of the content, and the step and question it opens."""
        width = self.content_size.width
        if width <= 0 or not self.line_entries:
            return None
        if self._line_rows is None or self._line_rows[0] != (width, id(self._shown)):
            lines = self._shown.split("\n", allow_blank=True)
            self._line_rows = ((width, id(self._shown)), [max(1, len(line.wrap(width))) for line in lines])
        rows = self._line_rows[1]
        top = 0
        for line, height in enumerate(rows):
            if top + height > row:
                break
            top += height
        else:
            return None
        entry = self.line_entries[line] if line < len(self.line_entries) else None
        if entry is None:
            return None
        first = last = line
        while first > 0 and self.line_entries[first - 1] is not None and self.line_entries[first - 1][0] == entry[0]:
            first -= 1
        while (last + 1 < min(len(rows), len(self.line_entries)) and self.line_entries[last + 1] is not None
               and self.line_entries[last + 1][0] == entry[0]):
            last += 1
        start = sum(rows[:first])
        return range(start, start + sum(rows[first:last + 1])), entry[1], entry[2]

    def _entry_under(self, event: events.MouseEvent) -> tuple[range, int, int] | None:
        offset = event.get_content_offset(self)
        return None if offset is None else self.entry_at(offset.y)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        entry = self._entry_under(event)
        hovered = entry[0] if entry is not None else None
        if hovered != self._hovered:
            self._hovered = hovered
            self.refresh()

    def on_leave(self, _event: events.Leave) -> None:
        if self._hovered is not None:
            self._hovered = None
            self.refresh()

    def on_click(self, event: events.Click) -> None:
        if "@click" in event.style.meta:
            return  # on the words: their own action opens it
        entry = self._entry_under(event)
        if entry is not None:
            self.post_message(RecordPanel.QuestionChosen(entry[1], entry[2], clicked=True))

    def render_line(self, y: int) -> Strip:
        line = super().render_line(y)
        if self._hovered is not None and y in self._hovered:
            # over the text's own styles (Strip.apply_style puts it under them)
            hover = self.get_component_rich_style("record-items--hover")
            line = Strip(Segment.apply_style(line, post_style=hover), line.cell_length)
        return line

    def action_open_question(self, step: int, question: int) -> None:
        self.post_message(RecordPanel.QuestionChosen(step, question, clicked=True))


class RecordPanel(VerticalScroll):
    """Shows a `RecordView`; all values are literal text (never markup). With the keys, ↑/↓ go
    from one line that opens a question to the next (a label, a line of a group, a check) and
    enter opens it: a click was the only way, and enter said "Typ eerst iets."."""

    BINDINGS = [
        Binding("up", "choose(-1)", show=False),
        Binding("down", "choose(1)", show=False),
    ]

    @dataclass
    class QuestionChosen(Message):
        """A label (or a line of a group) in the record was clicked: its question is to be asked again."""

        step: int
        question: int
        #: by the mouse, which also clicks to focus or scroll the panel (enter on a line chosen
        #: with the arrows is meant)
        clicked: bool = False

    def __init__(self, labels: dict[str, str], **kwargs) -> None:
        super().__init__(**kwargs)
        self._labels = labels  # area.record (with {step}), area.record_empty, area.checks, area.no_checks
        self.view: RecordView | None = None
        #: the lines that open a question, in the order shown: (area, step, question, the parts of
        #: the area's content, its part's place among them); where it is drawn is measured only
        #: when ↑/↓ go to it (_rows): measured for each line at every fill, the parts before it
        #: wrapped again and again, a record of 80 such lines took 0.3 s to show after an answer
        self.targets: list[tuple[str, int, int, list, int]] = []
        #: per item shown: the parts of the answers' content, its label's place among them, and
        #: the places of its value's lines (by their number in the value)
        self._item_parts: list[tuple[list, int, dict[int, int]]] = []
        self.chosen: int | None = None  # which of them enter opens

    def compose(self) -> ComposeResult:
        yield Label(Content(self._labels["title"].format(step="–")), id="record-title", classes="area-title")
        yield Static(Content(""), id="record-step-title", classes="record-step")
        yield RecordItems(Content(self._labels["empty"]), id="record-items")
        yield Label(Content(self._labels["checks"]), classes="area-subtitle")
        yield RecordItems(Content(self._labels["no_checks"]), id="record-checks")

    def show(self, view: RecordView | None) -> None:
        before = [target[1:3] for target in self.targets]
        shown = self.view
        self.view = view
        self._fill()
        if [target[1:3] for target in self.targets] != before:
            self.chosen = None
            self._fill()
        changed = _changed_line(shown, view)
        if changed is not None:
            # the answer just saved in sight: it was filled in below the rows shown, out of sight
            self.call_after_refresh(self._scroll_to_line, *changed)

    def _fill(self) -> None:
        view = self.view
        self.targets = []
        self._item_parts = []
        items = self.query_one("#record-items", RecordItems)
        checks = self.query_one("#record-checks", RecordItems)
        if view is None:  # no project open
            self.query_one("#record-title", Label).update(Content(self._labels["title"].format(step="–")))
            self.query_one("#record-step-title", Static).update(Content(""))
            items.show(Content(self._labels["empty"]))
            checks.show(Content(self._labels["no_checks"]))
            return
        self.query_one("#record-title", Label).update(Content(self._labels["title"].format(step=view.step)))
        # not said twice: step 0's title is its first answer's label ("Behoefte" / "Behoefte")
        same = bool(view.items) and view.items[0].label.casefold() == view.title.casefold()
        step_title = self.query_one("#record-step-title", Static)
        step_title.update(Content(view.title))
        step_title.display = not same
        if view.items:
            parts: list = []
            entries: LineEntries = []  # each line's entry: the label and its answer are one
            for item in view.items:
                if parts:
                    parts.append("\n")
                self._item_parts.append((parts, len(parts), {}))
                whole = (len(entries), view.step, item.question) if item.question is not None else None
                entries.append(whole)
                parts.append(self._opening("#record-items", parts, item.label, _LABEL, view.step, item.question))
                if item.review:  # on the label's line: the answer below reads as settled without it
                    parts += [" ", (item.review, "$text-warning")]
                lines = item.value.splitlines() or [""]
                for i, line in enumerate(lines):
                    if not line.strip() and len(lines) > 1:
                        # a blank line between pasted paragraphs showed as an empty "·"; in a
                        # text of paragraphs it stays, once (they ran into each other)
                        if item.prose and i and lines[i - 1].strip():
                            parts.append("\n")
                            entries.append(whole)
                        continue
                    parts.append("\n")
                    # a list's lines each with a bullet; a text of paragraphs as typed
                    shown = "· " + line if len(lines) > 1 and not item.prose else line
                    if i in item.continued:  # under the line it goes on with, where its text starts
                        shown = "  " + line
                    asked = item.line_questions[i] if i < len(item.line_questions) else None
                    # a line of a group opens its own question, the rest what the label opens
                    entries.append((len(entries), view.step, asked) if asked is not None else whole)
                    self._item_parts[-1][2][i] = len(parts)
                    parts.append(self._opening("#record-items", parts, shown, Style(), view.step, asked))
            items.show(Content.assemble(*parts), entries)
        else:
            items.show(Content(self._labels["empty"]))
        if view.checks:
            entries = []
            checks.show(check_groups_content(view, self._opening, entries), entries)
            checks.add_class("-warn")
        else:
            checks.show(Content(self._labels["no_checks"]))
            checks.remove_class("-warn")

    def _opening(self, area: str, before: list, text: str, style: Style, step: int, question: int | None):
        """`text` as a part of the content: one that opens `question` of `step` when clicked,
        counted among the targets (and marked, where enter opens it), or plain `style`."""
        if question is None:
            return (text, style) if style else text
        if self.chosen == len(self.targets) and self.has_focus:
            style = style + _CHOSEN
        self.targets.append((area, step, question, before, len(before)))  # appended there next
        return text, style + _opens(step, question)

    def _rows(self, target: int) -> tuple[int, int]:
        """The first row of a target's line in its area, and how many rows it takes."""
        area, _, _, parts, at = self.targets[target]
        width = max(1, self.query_one(area).content_size.width or self.scrollable_content_region.width)
        row, below = _rows_of_parts(parts, at, at, width)
        return row, below - row

    def _scroll_to_line(self, item: int, line: int | None) -> None:
        """Scroll so that the item's label and its value's `line` (None: all its lines) show."""
        if item >= len(self._item_parts):
            return
        parts, label, lines = self._item_parts[item]
        area = self.query_one("#record-items", RecordItems)
        width = max(1, area.content_size.width)
        last = lines.get(line, max(lines.values(), default=label)) if line is not None else \
            max(lines.values(), default=label)
        top, bottom = _rows_of_parts(parts, label, last, width)
        room = self.scrollable_content_region.height - 1  # the title is docked over the top row
        if bottom - top > room:  # the label too: the line saved at least
            top = max(top, bottom - room)
        self.scroll_to_region(Region(0, area.virtual_region.y + top, 1, max(1, bottom - top)),
                              spacing=Spacing(1, 0, 0, 0), animate=False, immediate=True)

    def action_choose(self, delta: int) -> None:
        if not self.targets:  # nothing opens a question: the arrows scroll, as they did
            self.scroll_relative(y=delta, animate=False)
            return
        if self.chosen is None:
            self.chosen = 0 if delta > 0 else len(self.targets) - 1
        else:
            self.chosen = max(0, min(len(self.targets) - 1, self.chosen + delta))
        self._fill()
        area = self.targets[self.chosen][0]
        row, rows = self._rows(self.chosen)
        top = self.query_one(area).virtual_region.y + row
        # the title is docked over the top row: the line chosen is kept below it
        self.scroll_to_region(Region(0, top, 1, rows), spacing=Spacing(1, 0, 0, 0), animate=False, immediate=True)

    def on_key(self, event: events.Key) -> None:
        if event.key == "enter" and self.chosen is not None and self.targets:
            event.stop()
            _, step, question, _, _ = self.targets[self.chosen]
            self.post_message(self.QuestionChosen(step, question))

    def on_focus(self) -> None:
        self._fill()

    def on_blur(self) -> None:
        self._fill()


def _rows_of_parts(parts: list, first: int, last: int, width: int) -> tuple[int, int]:
    """Where parts `first` to `last` of an area's content show, wrapped at `width`: the row the
    first begins on (that of the part before it ends), and the row below the last."""
    top = len(Content.assemble(*parts[:first]).wrap(width)) - 1 if first else 0
    return top, len(Content.assemble(*parts[:last + 1]).wrap(width))


def _changed_line(before: RecordView | None, after: RecordView | None) -> tuple[int, int | None] | None:
    """The first item of `after`'s step that `before` showed otherwise, and the first line of its
    value that changed (None: it is new); None where nothing did, or the step is another."""
    if before is None or after is None or before.step != after.step:
        return None
    was = {item.label: item for item in before.items}
    for at, item in enumerate(after.items):
        old = was.get(item.label)
        if old is None:
            return at, None
        if old.value != item.value:
            new_lines, old_lines = item.value.splitlines(), old.value.splitlines()
            line = next((i for i, text in enumerate(new_lines) if i >= len(old_lines) or old_lines[i] != text),
                        len(new_lines) - 1)
            return at, line
    return None


def check_groups_content(view: RecordView, opening=None, entries: LineEntries | None = None) -> Content:
    """The open checks under the title of their step; the step shown in the record comes with
    a ▶ so that its own checks are easy to find among the others. `opening` makes the part of a
    check that opens its question (RecordPanel._opening); `entries` gets each line's entry."""
    parts: list = []
    lines: LineEntries = [] if entries is None else entries
    for group in view.checks:
        if parts:
            parts.append("\n\n")
            lines.append(None)
        mark = "▶ " if group.step == view.step else ""
        parts.append((mark + group.title, "bold"))
        lines.append(None)
        for i, message in enumerate(group.messages):
            opens = group.opens[i] if i < len(group.opens) else None
            lines.append((len(lines), *opens) if opens is not None else None)
            # an answer to review carries its own mark (⟳), counted apart from the checks
            if i < len(group.messages) - group.to_review:
                parts += ["\n", ("⚠ ", "$text-warning")]
            else:
                parts.append("\n")
            if opens is None:
                parts.append(message)
            elif opening is None:
                parts.append((message, _opens(*opens)))
            else:
                parts.append(opening("#record-checks", parts, message, Style(), *opens))
    return Content.assemble(*parts)
