"""Left area: the steps 0-10 with their state and open warnings; click or enter to jump."""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from assistant.tui.views import StepView

#: How long a "1" typed in the steps list waits for a "0" (step 10) before it opens step 1.
TEN_AFTER_ONE_SECONDS = 0.4
#: A digit typed this soon after one that jumped is part of typed text, not another jump.
TYPED_ON_SECONDS = 0.15

GLYPHS = {"done": "✓", "in_progress": "◐", "not_started": "○"}
CURRENT = "▶"


def step_prompt(step: StepView, width: int | None = None) -> Content:
    """One line of the list: state, whether it is the step being answered, number, title and
    open warnings (⚠) and answers to review (⟳), counted apart as the Controles mark them.
    Within `width` cells the title is shortened (…), never the marks after it."""
    glyph = GLYPHS.get(step.state, "○")
    style = {"done": "$text-success", "in_progress": "$text-warning"}.get(step.state, "")
    mark = (f" ⚠{step.warnings}" if step.warnings else "") + (f" ⟳{step.to_review}" if step.to_review else "")
    title = step.title if width is None else shorten(step.title, width - len("✓▶10 ") - cell_len(mark))
    # the step being answered keeps its state beside the ▶ (the ▶ stood in its place: a step
    # done was "▶ 1 Verkennen" here and "1✓", "Afgerond", counted done everywhere else)
    parts: list[tuple[str, str] | str] = [(glyph, "bold " + style if step.current else style),
                                          (CURRENT, "bold") if step.current else " "]
    parts.append((f"{step.number:>2} ", "dim"))
    parts.append(title)  # literal text
    if mark:
        parts.append((mark, "$text-warning"))
    return Content.assemble(*parts)


def shorten(text: str, cells: int) -> str:
    """`text` in at most `cells` cells, ending in … when cut."""
    if cell_len(text) <= cells:
        return text
    if cells <= 1:
        return "…"[:max(cells, 0)]
    cut = text
    while cut and cell_len(cut) > cells - 1:
        cut = cut[:-1]
    return cut.rstrip() + "…"


class StepsPanel(Vertical):
    """The steps as a list; posts `StepsPanel.JumpRequested` when the user picks one."""

    @dataclass
    class JumpRequested(Message):
        step: int

    def __init__(self, title: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self._title = title
        self._steps: list[StepView] = []
        self._one: Timer | None = None  # a "1" waiting for a "0": step 10
        self._jumped_at = float("-inf")  # when the last digit that jumped was typed

    def compose(self) -> ComposeResult:
        yield Label(Content(self._title), classes="area-title")
        yield OptionList(id="steps-list")

    def show(self, steps: list[StepView]) -> None:
        self._steps = list(steps)
        options = self.query_one(OptionList)
        highlighted = options.highlighted
        width = options.scrollable_content_region.width or None  # None: not laid out yet
        options.clear_options()
        options.add_options([Option(step_prompt(s, width), id=f"step-{s.number}") for s in steps])
        current = next((i for i, s in enumerate(steps) if s.current), highlighted)
        if current is not None:
            options.highlighted = current

    def on_descendant_focus(self) -> None:
        # the keys go to the list now (digits jump, enter opens a step): the title says so
        self.query_one(".area-title").add_class("-keys")

    def on_descendant_blur(self) -> None:
        self.query_one(".area-title").remove_class("-keys")

    def on_resize(self) -> None:
        # the titles are shortened to the width: show them again for the new one
        if self._steps:
            self.call_after_refresh(self.show, self._steps)

    @on(OptionList.OptionSelected, "#steps-list")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id and event.option.id.startswith("step-"):
            self.post_message(self.JumpRequested(int(event.option.id.removeprefix("step-"))))

    def on_key(self, event) -> None:
        # digits jump straight to a step while the list has focus (1 for step 1, 0 for step 0,
        # 1 and 0 typed together for step 10: it went to step 1 and then to step 0)
        if event.character and event.character.isdigit() and self.query_one(OptionList).has_focus:
            if self._one is None and event.time - self._jumped_at < TYPED_ON_SECONDS:
                # digits that came with the one that jumped ("250000 euro" typed into the list
                # for the budget question) are typed text: they go on to the input, not to
                # step 5 and then step 0
                return
            self._jumped_at = event.time
            event.stop()
            if self._one is not None:
                self._one.stop()
                self._one = None
                if event.character == "0":
                    self.post_message(self.JumpRequested(10))
                    return
                self.post_message(self.JumpRequested(1))
            if event.character == "1":
                self._one = self.set_timer(TEN_AFTER_ONE_SECONDS, self._one_alone)
                return
            self.post_message(self.JumpRequested(int(event.character)))

    def _one_alone(self) -> None:
        self._one = None
        self.post_message(self.JumpRequested(1))
