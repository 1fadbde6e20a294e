"""What the guided conversation needs from the layers above it, as typed Protocols.

The conversation (plan) must not import the language-model or export layers, which sit above
it; `assistant.services` builds the real implementations and hands them in. Tests hand in
their own (a small knowledge base, langchain's fake chat models).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from assistant.knowledge.types import Answer, Citation

if TYPE_CHECKING:  # the record module is large; only its type is needed here
    from assistant.plan.proposals import Proposal
    from assistant.plan.record import ProjectRecord
    from assistant.plan.steps import Question

#: Receives the words of an answer as a language model writes them.
TokenSink = Callable[[str], None]


class CancelFlag(Protocol):
    """Set by the interface when the user cancels (Escape); a threading.Event is one."""

    def is_set(self) -> bool: ...


@dataclass(frozen=True, slots=True)
class GuidanceReply:
    """An answer from the guidance, and when the guidance does not cover the question but the
    assistant's own glossary defines its subject, that entry (said to be the glossary's), after
    it; `lead_note` goes before it: the glossary's entry for what a definition question asks
    about where the quotes only name it, or are Dutch to an English interface ("what is a
    tender?" led with a Dutch sentence that says nothing of what one is)."""

    answer: Answer
    glossary_note: str | None = None
    lead_note: str | None = None
    #: the assistant's own summary of the one step the question is about (the step's title and
    #: the first paragraph of its explanation), before anything else: the guidance's quotes are
    #: Dutch, and "What is step 0 for?" got only those
    step_note: str | None = None

    @property
    def leading_notes(self) -> list[str]:
        """What goes before the answer, in order."""
        return [note for note in (self.step_note, self.lead_note) if note]


class Guidance(Protocol):
    """Answers questions from the indexed guidance, with citations."""

    def answer(self, question: str, *, lang: str, on_token: TokenSink | None = None,
               cancel: CancelFlag | None = None) -> GuidanceReply:
        """The answer to `question`; raises `knowledge.types.QuestionError` when nothing in it
        can be searched for."""
        ...

    def step_quote(self, query: str, step: int) -> Citation | None:
        """The passage and the sentences in it that say what step `step` is about (`query` is
        the step's guidance query), or None when nothing fits."""
        ...


class RecordExporter(Protocol):
    """Writes a project record as a document."""

    def __call__(self, record: ProjectRecord, fmt: str, path: Path, *, lang: str, replace: bool = True,
                 current_step: int | None = None, to_review: Mapping[str, int] | None = None) -> Path:
        """Write `record` as `fmt` (md, docx, json) to `path`; returns the path written. Not
        `replace`: an existing file raises FileExistsError and is left as it was. A JSON file
        takes `current_step` along (an import opens the project there again); a document notes
        the answers `to_review` (field -> the step whose replaced answer they were given with)."""
        ...


class ProposalMaker(Protocol):
    """A language model that proposes record values; nothing it proposes is written until the
    user accepts it. A failure of the model itself raises (the conversation then stores the
    answer as typed, with a notice); a proposal that could not be made is an empty Proposal
    whose first warning says why."""

    def unusable(self) -> str | None:
        """None when the model can be used; otherwise why not (the model is built on first
        use, and a failure to build it is kept and said here)."""
        ...

    def propose(self, record: ProjectRecord, questions: Sequence[Question], answer: str, *,
                lang: str, cancel: CancelFlag | None = None) -> Proposal:
        """Values for the questions' fields (the pending question and the step's open ones)
        taken from one free-text answer. `cancel` set (Escape) ends the wait: it raises."""
        ...

    def draft(self, record: ProjectRecord, field: str, *, label: str, lang: str,
              cancel: CancelFlag | None = None) -> Proposal:
        """Drafted new entries for the list field `field` ("Stel voor"), each marked draft;
        `cancel` as for `propose`."""
        ...
