"""Right area: the record of the current step as it fills, with its open checks."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.style import Style
from textual.widgets import Label, Static

from assistant.tui.views import RecordView

_LABEL = Style(bold=True)


def _opens(step: int, question: int) -> Style:
    """A click on the text asks that question of the step again."""
    return Style.from_meta({"@click": f"open_question({step}, {question})"})


class RecordItems(Static):
    """The step's answers, or the open checks: a label, a line of a group, or a check clicked
    opens the question that fills it."""

    def action_open_question(self, step: int, question: int) -> None:
        self.post_message(RecordPanel.QuestionChosen(step, question))


class RecordPanel(VerticalScroll):
    """Shows a `RecordView`; all values are literal text (never markup)."""

    @dataclass
    class QuestionChosen(Message):
        """A label (or a line of a group) in the record was clicked: its question is to be asked again."""

        step: int
        question: int

    def __init__(self, labels: dict[str, str], **kwargs) -> None:
        super().__init__(**kwargs)
        self._labels = labels  # area.record (with {step}), area.record_empty, area.checks, area.no_checks
        self.view: RecordView | None = None

    def compose(self) -> ComposeResult:
        yield Label(Content(self._labels["title"].format(step="–")), id="record-title", classes="area-title")
        yield Static(Content(""), id="record-step-title", classes="record-step")
        yield RecordItems(Content(self._labels["empty"]), id="record-items")
        yield Label(Content(self._labels["checks"]), classes="area-subtitle")
        yield RecordItems(Content(self._labels["no_checks"]), id="record-checks")

    def show(self, view: RecordView | None) -> None:
        self.view = view
        if view is None:  # no project open
            self.query_one("#record-title", Label).update(Content(self._labels["title"].format(step="–")))
            self.query_one("#record-step-title", Static).update(Content(""))
            self.query_one("#record-items", Static).update(Content(self._labels["empty"]))
            self.query_one("#record-checks", Static).update(Content(self._labels["no_checks"]))
            return
        self.query_one("#record-title", Label).update(Content(self._labels["title"].format(step=view.step)))
        self.query_one("#record-step-title", Static).update(Content(view.title))
        if view.items:
            parts: list = []
            for item in view.items:
                if parts:
                    parts.append("\n")
                parts.append((item.label, _LABEL + _opens(view.step, item.question)
                              if item.question is not None else _LABEL))
                lines = item.value.splitlines() or [""]
                for i, line in enumerate(lines):
                    if not line.strip() and len(lines) > 1:
                        # a blank line between pasted paragraphs showed as an empty "·"; in a
                        # text of paragraphs it stays, once (they ran into each other)
                        if item.prose and i and lines[i - 1].strip():
                            parts.append("\n")
                        continue
                    parts.append("\n")
                    # a list's lines each with a bullet; a text of paragraphs as typed
                    shown = "· " + line if len(lines) > 1 and not item.prose else line
                    asked = item.line_questions[i] if i < len(item.line_questions) else None
                    parts.append((shown, _opens(view.step, asked)) if asked is not None else shown)
            self.query_one("#record-items", Static).update(Content.assemble(*parts))
        else:
            self.query_one("#record-items", Static).update(Content(self._labels["empty"]))
        checks = self.query_one("#record-checks", Static)
        if view.checks:
            checks.update(check_groups_content(view))
            checks.add_class("-warn")
        else:
            checks.update(Content(self._labels["no_checks"]))
            checks.remove_class("-warn")


def check_groups_content(view: RecordView) -> Content:
    """The open checks under the title of their step; the step shown in the record comes with
    a ▶ so that its own checks are easy to find among the others."""
    parts: list = []
    for group in view.checks:
        if parts:
            parts.append("\n\n")
        mark = "▶ " if group.step == view.step else ""
        parts.append((mark + group.title, "bold"))
        for i, message in enumerate(group.messages):
            opens = group.opens[i] if i < len(group.opens) else None
            parts += ["\n", ("⚠ ", "$text-warning"), (message, _opens(*opens)) if opens is not None else message]
    return Content.assemble(*parts)
