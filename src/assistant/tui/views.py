"""Plain, immutable view data for the widgets: what to show, never how to decide it.

The session adapter (`assistant.tui.session`) builds these from the domain objects; widgets only
render them. Keeping them here keeps Textual out of the domain and the domain out of widgets.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

StepState = Literal["not_started", "in_progress", "done"]


@dataclass(frozen=True, slots=True)
class SourceView:
    """One numbered source under an answer: [n] title · section · quoted passage."""

    number: int
    title: str
    section: str
    quote: str


@dataclass(frozen=True, slots=True)
class TurnView:
    role: Literal["user", "assistant"]
    text: str  # user: literal text; assistant: Markdown
    kind: str = "message"  # e.g. "question", "guidance", "answer", "error"
    step: int | None = None
    sources: tuple[SourceView, ...] = ()
    label: str | None = None  # heading shown beside the speaker (e.g. "Stap 3 · …")
    options: int = 0  # a question's choices listed last, numbered: each a link that types its number (3 of a 1-or-2 question: a third link)


@dataclass(frozen=True, slots=True)
class StepView:
    number: int
    title: str
    state: StepState = "not_started"
    warnings: int = 0  # the step's open checks and required questions still open (⚠)
    current: bool = False
    #: its answers to look at again after a change in another step (⟳), counted apart
    to_review: int = 0


@dataclass(frozen=True, slots=True)
class RecordItem:
    label: str
    value: str  # literal text, may hold several lines
    question: int | None = None  # the step's question (1-based) that fills it: a click opens it
    #: a group of answers (step 0's preconditions): the question of each line of `value`
    line_questions: tuple[int | None, ...] = ()
    #: the lines of `value` that go on with the line before (a group's answer of several lines):
    #: indented under it, not an item of their own
    continued: tuple[int, ...] = ()
    #: a text of several lines or paragraphs, not a list: shown as typed, without a bullet per line
    prose: bool = False
    #: beside the label, an answer given with another in view that was replaced since: "⟳ na
    #: wijziging van stap 6 nagaan" ("" where there is nothing to look at again)
    review: str = ""


@dataclass(frozen=True, slots=True)
class CheckGroup:
    """What is open in one step: its required questions still open and its checks."""

    step: int
    title: str  # e.g. "Stap 3 · Minimale eisen"
    messages: tuple[str, ...]
    #: per message, the (step, question) that a click on it opens; None where no question fills it
    opens: tuple[tuple[int, int] | None, ...] = ()
    #: how many of `messages`, the last ones, are answers to review (⟳, each its own mark), not
    #: checks (⚠)
    to_review: int = 0


@dataclass(frozen=True, slots=True)
class RecordView:
    step: int
    title: str
    items: tuple[RecordItem, ...] = ()
    checks: tuple[CheckGroup, ...] = ()  # of all steps, in step order


@dataclass(frozen=True, slots=True)
class ProjectView:
    id: int
    name: str
    organisation: str = ""
    updated: str = ""  # the day its record last changed, e.g. "23 november 2026"
    done: int = 0
    total: int = 11
    #: steps with answers and not done: such a project is not an empty one, though "0/11" done
    started: int = 0
    deleted: str = ""  # the day it went to the bin (a deleted project's view), else ""


@dataclass(slots=True)
class Reply:
    """What one input produced: new turns, and the state to show afterwards."""

    turns: list[TurnView] = field(default_factory=list)
    history: list[TurnView] = field(default_factory=list)  # on opening a project: the conversation so far
    steps: list[StepView] | None = None
    record: RecordView | None = None
    current_step: int | None = None
    notice: str | None = None  # shown as a notification (e.g. "exported to …")
    exported: Path | None = None  # the file an export (/export) wrote
    unsaved_input: str | None = None  # typed text that could not be saved: back into the prompt
    draft: str | None = None  # on opening a project: what was typed and not sent when it was last closed
    draft_question: str | None = None  # the question the draft was typed for (Session._question_key)
    #: a draft typed for another question than the one asked now (another window moved on):
    #: into the input's history, not the input, with the question it was for (`draft_for`)
    draft_elsewhere: str | None = None
    draft_for: str | None = None
    #: on opening a project: the inputs sent the last time that got no answer (the app was
    #: killed), in the order they were sent
    unanswered: list[str] = field(default_factory=list)
    question: str | None = None  # with steps: the question the next answer goes to, shortened (None: none open)
    question_key: str | None = None  # with steps: that question's key (Session._question_key)
    choosing: bool = False  # with steps: the next input is "1" (answer) or "2" (question)
    adding: bool = False  # with steps: the next input is another line of a list; an empty one moves on
    quit: bool = False
