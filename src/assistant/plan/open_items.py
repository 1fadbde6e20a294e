"""What the record still leaves open, counted and named the same way by every view: the app's
steps list (its ⚠ count) and Controles, `/dossier`, and the exported documents.

Two kinds, kept apart so each view can label them: the open checks of a step
(`assistant.plan.checks`), and the required questions still open in a step under way (in the
app's steps list and Controles not in the step being asked now: those are the questions still
to come, and so are step 9's judgements not given yet and the checks about such a question;
the checks about a question passed over with /volgende are counted, and so is one about what a
question holds, a verdict given before its criterion changed; `/dossier` reads the whole record
out, as a document does). A step not begun has neither (its questions are all still to come); a done step has no open required
question by definition. A required question that one of the step's own checks is already
about is not counted twice ("Werk alle drie de uitkomsten uit; nog open: onduidelijk"); a
document's count of required questions still open counts it all the same (`every_required`):
its cover said "Verplichte vragen nog open: 0" while the app said "Nog open (verplicht): Uitkomst
3, onduidelijk".

A third kind, where the conversation passes them (`to_review`): the answers given with another
one in view that has been replaced since (step 7's procedure after step 6's strategy changed),
to be looked at again. They are counted apart from the checks wherever a count is shown (⚠
the checks and required questions, ⟳ the answers to review): one sum of both stood as "6 open
checks" in a document beside a step's list of one check.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from assistant.plan.checks import Check, run_checks
from assistant.plan.record import (STEP_NUMBERS, ProjectRecord, RecordError, get_field, has_content, missing_fields,
                                    step_status, unjudged_items)

#: the field of step 9's judgements; each judgement's question is this field and the item's id
JUDGEMENTS_FIELD = "step9.judgements"


@dataclass(frozen=True, slots=True)
class StepOpenItems:
    """What is open in one step: the required questions (dotted field paths, in the step's order)
    and the checks shown with the step."""

    step: int
    required: tuple[str, ...] = ()
    checks: tuple[Check, ...] = ()
    #: every required question still open, those a check is about too: what a document counts and
    #: names as "required questions still open" (the lines above say each once)
    every_required: tuple[str, ...] = ()
    #: (field, step) of each answer to look at again since an answer in that step was replaced
    review: tuple[tuple[str, int], ...] = ()

    @property
    def count(self) -> int:
        """What the step's ⚠ counts: one per required question and check (its answers to review
        are counted apart, ⟳)."""
        return len(self.required) + len(self.checks)


@dataclass(frozen=True, slots=True)
class OpenItems:
    """What is open in the whole record, by step (only the steps with something open)."""

    steps: tuple[StepOpenItems, ...] = ()

    def of_step(self, n: int) -> StepOpenItems:
        return next((items for items in self.steps if items.step == n), StepOpenItems(n))

    @property
    def checks(self) -> int:
        return sum(len(items.checks) for items in self.steps)

    @property
    def required(self) -> int:
        return sum(len(items.required) for items in self.steps)

    @property
    def every_required(self) -> int:
        return sum(len(items.every_required) for items in self.steps)

    @property
    def review(self) -> int:
        return sum(len(items.review) for items in self.steps)


def still_to_review(record: ProjectRecord, to_review: Mapping[str, int]) -> dict[str, int]:
    """The marks of `to_review` (field -> the step whose changed answer it was given with) on
    fields that still hold an answer: one since cleared has nothing left to look at."""
    def holds(path: str) -> bool:
        try:
            return has_content(get_field(record, path))
        except RecordError:  # a field of another version of the record
            return False
    return {path: step for path, step in to_review.items() if holds(path)}


def open_required(record: ProjectRecord, n: int, checks: tuple[Check, ...] | list[Check] = ()) -> tuple[str, ...]:
    """The required questions still open in step `n` while it is under way, less those that one
    of `checks` (the step's own) is about."""
    if step_status(record, n) != "in_progress":
        return ()
    said = {check.field for check in checks}
    return tuple(path for path in missing_fields(record, n) if path not in said)


def fields_open(record: ProjectRecord, n: int) -> set[str]:
    """The fields of step `n`'s questions that hold nothing yet, as the record alone tells them:
    its required fields still open, and for step 9 each requirement and criterion not judged
    (its own question's field, JUDGEMENTS_FIELD and the item's id)."""
    fields = set(missing_fields(record, n))
    if JUDGEMENTS_FIELD in fields:
        fields.discard(JUDGEMENTS_FIELD)
        fields.update(f"{JUDGEMENTS_FIELD}.{ref_id}" for ref_id, _, _ in unjudged_items(record))
    return fields


def _about_one_of(check: Check, fields: Collection[str]) -> bool:
    """Whether `check` is about one of the questions whose fields are `fields` (a check about
    one entry of a list, a judgement, is about that entry's question)."""
    return check.field in fields or (check.entry_id is not None and f"{check.field}.{check.entry_id}" in fields)


def open_items(record: ProjectRecord, found: list[Check] | None = None, *,
               answering: int | None = None, to_come: Collection[str] | None = None,
               to_review: Mapping[str, int] | None = None) -> OpenItems:
    """What is open in `record`, by step; `found`: its checks where the caller ran them already.
    `answering`: the step the app is asking now: its required questions still open are the ones
    still to come, not yet left open ("0 Behoefte ⚠6" after the first answer); a document and
    `/dossier` read the record as it stands and name them all. `to_come`: the fields of that
    step's questions still to be asked that hold nothing yet, as the conversation knows them
    (Conversation.fields_to_come: not those passed on purpose); None: as the record alone
    tells them (fields_open). `to_review`: the conversation's marks on answers to look at again
    (ConversationData.to_review), field -> the step of the replaced answer."""
    found = run_checks(record) if found is None else found
    marked = still_to_review(record, to_review or {})
    steps = []
    for n in STEP_NUMBERS:
        checks = tuple(check for check in found if check.step == n)
        if n == answering:
            # a check about a question still to come waits for it: "nog open: mislukt" stood after
            # step 5's first answer, and "… heeft nog geen oordeel" counted ⚠6 down while step 9
            # was being judged. Only those: a criterion changed after its verdict, or a verdict to
            # scale up despite one not met, is about what the record holds, and step 9 listed six
            # checks beside "⚠1" (all of step9.judgements was taken as to come while any was)
            waiting = fields_open(record, n) if to_come is None else to_come
            checks = tuple(check for check in checks if not _about_one_of(check, waiting))
        every_required = open_required(record, n) if n != answering else ()
        required = open_required(record, n, checks) if n != answering else ()
        review = tuple((path, step) for path, step in marked.items() if path.startswith(f"step{n}."))
        if checks or every_required or review:
            steps.append(StepOpenItems(n, required, checks, every_required, review))
    return OpenItems(tuple(steps))


__all__ = ["JUDGEMENTS_FIELD", "OpenItems", "StepOpenItems", "fields_open", "open_items", "open_required",
           "still_to_review"]
