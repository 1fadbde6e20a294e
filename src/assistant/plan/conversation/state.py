"""Where the conversation stands beyond the step and the pending question, as typed objects.

The store keeps this as the JSON object in the state's ``data``; :meth:`ConversationData.from_json`
reads exactly what earlier versions wrote and :meth:`ConversationData.to_json` writes the same keys
back, so a project opens the same in either version. Keys this version does not know are kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Any

from assistant.plan import proposals as props


@dataclass(slots=True)
class Refill:
    """The part of the last list answer that could not be read, asked for again (step 2's TRL)."""

    field: str  # the part's path: "step2.assessments.<id>.trl"
    part: str  # which part: "trl"
    entry: str  # the entry's name, to say which one is meant
    stays: bool = False  # the list waits for its next line once the part is given

    @classmethod
    def from_json(cls, data: object) -> Refill | None:
        if not isinstance(data, dict) or not all(k in data for k in ("field", "part", "entry")):
            return None
        return cls(str(data["field"]), str(data["part"]), str(data["entry"]), data.get("stays") is True)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"field": self.field, "part": self.part, "entry": self.entry}
        if self.stays:
            out["stays"] = True
        return out


@dataclass(slots=True)
class ListFilling:
    """A list whose lines are being typed one per Enter: the checks on the whole list wait until
    it is closed (after its first line, "the weights add up to 40%, not 100%" was said, and the
    90% of the finished list never)."""

    question: str  # "N:id" of the list's question
    before: list[str]  # the keys of the checks open before its first line (said already)

    @classmethod
    def from_json(cls, data: object) -> ListFilling | None:
        if not isinstance(data, dict) or not isinstance(data.get("question"), str):
            return None
        return cls(data["question"], [str(k) for k in data.get("before") or []])

    def to_json(self) -> dict[str, Any]:
        return {"question": self.question, "before": list(self.before)}


@dataclass(slots=True)
class PendingProposal:
    """A proposal of the language model waiting for the user's confirmation."""

    kind: str  # props.EXTRACT (from an answer) or props.DRAFT ("Stel voor")
    step: Any  # the step it was made in (an int; as stored)
    question_id: str | None  # the question pending when it was made
    field: str  # the pending question's field, or the drafted list
    answer: str  # the typed answer it was made from ("" for a draft)
    changes: Any  # the changes as props.dump_change wrote them (read by `proposal`)
    warnings: list[str] = dc_field(default_factory=list)
    draft: bool = False

    @classmethod
    def made(cls, kind: str, step: int, question_id: str | None, field: str, answer: str,
             proposal: props.Proposal) -> PendingProposal:
        pending = cls(kind, step, question_id, field, answer, [])
        pending.keep(proposal)
        return pending

    @classmethod
    def from_json(cls, data: object) -> PendingProposal | None:
        if not isinstance(data, dict):
            return None
        return cls(
            kind=str(data.get("kind") or ""), step=data.get("step"), question_id=data.get("question_id"),
            field=str(data.get("field") or ""), answer=str(data.get("answer") or ""),
            changes=data.get("changes"), warnings=[str(w) for w in data.get("warnings") or []],
            draft=bool(data.get("draft")),
        )

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "step": self.step, "question_id": self.question_id, "field": self.field,
                "answer": self.answer, "changes": self.changes, "warnings": self.warnings, "draft": self.draft}

    @property
    def is_draft(self) -> bool:
        return self.kind == props.DRAFT

    def proposal(self) -> props.Proposal:
        """The proposal, its values validated again; ValueError when it no longer fits."""
        return props.load_proposal(self.to_json())

    def keep(self, proposal: props.Proposal) -> None:
        """Store `proposal` (changed by the user) in place of the one held."""
        dumped = props.dump_proposal(proposal)
        self.changes, self.warnings, self.draft = dumped["changes"], dumped["warnings"], dumped["draft"]


@dataclass(slots=True)
class ConversationData:
    """What the conversation waits for or remembers between turns."""

    ambiguous: str | None = None  # text that may be an answer or a question: "1 or 2?" is pending
    refill: Refill | None = None  # a part of the last answer asked for again
    last_list: str | None = None  # the list answered last (what /wijzig and /verwijder work on)
    proposal: PendingProposal | None = None  # a proposal waiting for "ja" / "nee" / numbers
    #: "N:id", the open question of step N left for an earlier one (a click, /stap N V, /terug):
    #: where the conversation goes back to next (/volgende walked the answered ones in between,
    #: and an answer corrected in an earlier step moved on to the step after it)
    return_to: str | None = None
    #: "N:id", `return_to` where it holds an answer and text typed there waits for it (set aside
    #: by a jump in the app): gone back to all the same, where the text comes back into the input
    draft_at: str | None = None
    #: "N:id", the question text typed for was set aside at by a jump in the app (it waits there
    #: to come back into the input): opening its step (a click, /stap N) opens that question
    parked: str | None = None
    #: "N:id" of the open questions the user passed on purpose (/volgende, "weet ik nog niet"):
    #: going back to `return_to` passes them again, but not one only looked at or never asked
    skipped: list[str] = dc_field(default_factory=list)
    #: "N:id", the question asked in step N when an earlier step was opened to correct it (/stap 0,
    #: a label clicked): once that step is done, the conversation goes back there, not on to the
    #: first open step
    came_from: str | None = None
    #: the step the user worked in on this visit (stored something there, or went to one of its
    #: questions): a step only looked at (clicked in passing) is not where they were (came_from)
    worked_in: int | None = None
    filling: ListFilling | None = None  # the list being typed line by line
    #: field -> step: the answers given with another one in view (Question.given_with) that was
    #: replaced since, in that step, to be looked at again: after the one note in the
    #: conversation, the record, `/dossier`, the checks and the exports showed them as settled.
    #: Answered again or kept with /volgende, the mark goes
    to_review: dict[str, int] = dc_field(default_factory=dict)
    extra: dict[str, Any] = dc_field(default_factory=dict)  # keys of another version, kept

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ConversationData:
        rest = dict(data)
        ambiguous = rest.pop("ambiguous", None)
        refill = Refill.from_json(rest.get("refill"))
        last_list = rest.get("last_list")
        return_to = rest.get("return_to")
        came_from = rest.get("came_from")
        draft_at = rest.get("draft_at")
        parked = rest.get("parked")
        skipped = rest.get("skipped")
        worked_in = rest.get("worked_in")
        proposal = PendingProposal.from_json(rest.pop("proposal", None))
        filling = ListFilling.from_json(rest.get("filling"))
        to_review = rest.get("to_review")
        # a value of a shape this version cannot use is kept as it was, and otherwise ignored
        if refill is not None:
            del rest["refill"]
        if isinstance(last_list, str):
            del rest["last_list"]
        if filling is not None:
            del rest["filling"]
        if isinstance(return_to, str):
            del rest["return_to"]
        if isinstance(came_from, str):
            del rest["came_from"]
        if isinstance(draft_at, str):
            del rest["draft_at"]
        if isinstance(parked, str):
            del rest["parked"]
        if isinstance(worked_in, int):
            del rest["worked_in"]
        review_marks = isinstance(to_review, dict) and all(isinstance(k, str) and type(v) is int
                                                           for k, v in to_review.items())
        if review_marks:
            del rest["to_review"]
        skipped_keys = isinstance(skipped, list) and all(isinstance(k, str) for k in skipped)
        if skipped_keys:
            del rest["skipped"]
        return cls(
            ambiguous=None if ambiguous is None else str(ambiguous),
            refill=refill,
            last_list=last_list if isinstance(last_list, str) else None,
            proposal=proposal,
            return_to=return_to if isinstance(return_to, str) else None,
            skipped=list(skipped) if skipped_keys else [],
            came_from=came_from if isinstance(came_from, str) else None,
            draft_at=draft_at if isinstance(draft_at, str) else None,
            parked=parked if isinstance(parked, str) else None,
            worked_in=worked_in if isinstance(worked_in, int) else None,
            filling=filling,
            to_review=dict(to_review) if review_marks else {},
            extra=rest,
        )

    def to_json(self) -> dict[str, Any]:
        out = dict(self.extra)
        if self.last_list is not None:
            out["last_list"] = self.last_list
        if self.return_to is not None:
            out["return_to"] = self.return_to
        if self.skipped:
            out["skipped"] = list(self.skipped)
        if self.came_from is not None:
            out["came_from"] = self.came_from
        if self.draft_at is not None:
            out["draft_at"] = self.draft_at
        if self.parked is not None:
            out["parked"] = self.parked
        if self.worked_in is not None:
            out["worked_in"] = self.worked_in
        if self.ambiguous is not None:
            out["ambiguous"] = self.ambiguous
        if self.refill is not None:
            out["refill"] = self.refill.to_json()
        if self.proposal is not None:
            out["proposal"] = self.proposal.to_json()
        if self.filling is not None:
            out["filling"] = self.filling.to_json()
        if self.to_review:
            out["to_review"] = dict(self.to_review)
        return out
