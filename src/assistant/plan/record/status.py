"""Whether fields and steps are filled: step status, the fields a step still needs, and the
requirements and criteria step 9 judges. Reads a record; never changes one."""

from __future__ import annotations

from functools import reduce
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict

from assistant.plan.record.parsing import says_not_known_yet

if TYPE_CHECKING:  # the models use these functions, so they are imported only for typing
    from assistant.plan.record.model import Judgement, ProjectRecord

StepStatus = Literal["not_started", "in_progress", "done"]
STEP_NUMBERS: tuple[int, ...] = tuple(range(11))


class _Model(BaseModel):
    """The base of every model in the record (see model.py); it lives here because whether a
    value is filled asks the model, and the models ask `is_filled` about their fields."""

    model_config = ConfigDict(validate_assignment=True, extra="forbid", use_enum_values=False)

    def is_filled(self) -> bool:
        return any(is_filled(getattr(self, name)) for name in type(self).model_fields
                   if name != "id")

    def has_content(self) -> bool:
        """Whether it holds anything to show: what is filled, and more where a part may be
        stored while the field stays open (a precondition's note without its yes or no)."""
        return any(has_content(getattr(self, name)) for name in type(self).model_fields
                   if name != "id")


def is_filled(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, bool):
        return True
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, (int, float)):
        return True
    if isinstance(value, list):
        return any(is_filled(v) for v in value)
    if isinstance(value, _Model):
        return value.is_filled()
    return bool(value)


def counts_as_answered(value: Any) -> bool:
    """Whether `value` answers its question: filled, and not a text that says it is not known
    yet ("weet ik nog niet, hangt af van de pilot": kept with its reason, the question open)."""
    return is_filled(value) and not (isinstance(value, str) and says_not_known_yet(value))


def has_content(value: Any) -> bool:
    """Whether `value` holds anything to show (is_filled, but a model answers has_content):
    the record and the conversation show what was stored, filled or not."""
    if isinstance(value, _Model):
        return value.has_content()
    if isinstance(value, list):
        return any(has_content(v) for v in value)
    return is_filled(value)


#: Fields that must be filled for a step to be "done" (dotted paths).
REQUIRED_FIELDS: dict[int, tuple[str, ...]] = {
    0: ("step0.need", "step0.who", "step0.why_digital", "step0.preconditions.support",
        "step0.preconditions.time", "step0.preconditions.budget", "step0.preconditions.mandate"),
    1: ("step1.technologies",),
    2: ("step2.assessments", "step2.shortlist"),
    3: ("step3.requirements", "step3.budget_ceiling", "step3.pm_funding", "step3.timeline",
        "step3.expertise"),
    4: ("step4.criteria", "step4.deliverables"),
    5: ("step5.success", "step5.failure", "step5.unclear"),
    6: ("step6.policy_changes", "step6.training", "step6.ip.ownership", "step6.ip.vendor_lock_in",
        "step6.financial_cover", "step6.procurement_strategy", "step6.market_consultation",
        "step6.project_manager"),
    7: ("step7.procedure", "step7.rationale", "step7.finish_line", "step7.people",
        "step7.suitability", "step7.tender_contents"),
    8: ("step8.agreements", "step8.risk_allocation", "step8.test_environment"),
    # not the ten BIT rules: the guidance calls them only "ook goed bruikbaar" for step 10
    9: ("step9.judgements", "step9.external_vs_own", "step9.lessons", "step9.verdict"),
    10: ("step10.plan_changes", "step10.barriers", "step10.keeping_current"),
}


def _value_at(record: ProjectRecord, path: str) -> Any:
    """The value at a plain dotted path (no entry ids), as `REQUIRED_FIELDS` names them.
    (`paths.get_field` also resolves entry ids, but the models use this module, not paths.)"""
    return reduce(getattr, path.split("."), record)


def missing_fields(record: ProjectRecord, n: int) -> list[str]:
    """Required fields of step `n` that are still empty or not known yet (step 9: also unjudged
    items)."""
    missing = [p for p in REQUIRED_FIELDS[n] if not counts_as_answered(_value_at(record, p))]
    if n == 9 and "step9.judgements" not in missing and unjudged_items(record):
        missing.insert(0, "step9.judgements")
    return missing


def step_status(record: ProjectRecord, n: int) -> StepStatus:
    step = record.step(n)
    if n == 9:
        started = step.is_filled() and (
            any(j.verdict is not None for j in record.step9.judgements)
            or any(is_filled(getattr(step, f)) for f in type(step).model_fields if f != "judgements"))
    else:
        started = step.is_filled()
    if not started:
        return "not_started"
    return "done" if not missing_fields(record, n) else "in_progress"


def next_open_step(record: ProjectRecord, after: int = -1) -> int | None:
    """The first step after `after` that is not done (wrapping around), or None when all are."""
    order = [n for n in STEP_NUMBERS if n > after] + [n for n in STEP_NUMBERS if n <= after]
    for n in order:
        if step_status(record, n) != "done":
            return n
    return None


# ---------------------------------------------------------------------------------------------
# step 9 helpers
# ---------------------------------------------------------------------------------------------
def judgement_items(record: ProjectRecord) -> list[tuple[str, Literal["requirement", "criterion"], str]]:
    """(ref_id, kind, text) for every step-3 requirement and step-4 criterion, in order."""
    items: list[tuple[str, Literal["requirement", "criterion"], str]] = []
    items += [(r.id, "requirement", r.text) for r in record.step3.requirements if r.text.strip()]
    items += [(c.id, "criterion", c.text) for c in record.step4.criteria if c.text.strip()]
    return items


def find_judgement(record: ProjectRecord, ref_id: str) -> Judgement | None:
    for j in record.step9.judgements:
        if j.ref_id == ref_id:
            return j
    return None


def _reads_the_same(then: str, now: str) -> bool:
    return " ".join(then.split()).casefold() == " ".join(now.split()).casefold()


def reads_as_judged(record: ProjectRecord, judgement: Judgement) -> bool:
    """Whether what `judgement` is about reads as it did when it was given: what the verdict was
    measured against, a requirement's text, a criterion's text and target (spaces and case
    aside; a weight or link changes no verdict). What the judgement did not keep counts as given
    on what it says now (no text; no target, in records exported before targets were kept), and
    so does one whose requirement or criterion is gone."""
    text_same = lambda now: not judgement.ref_text.strip() or _reads_the_same(judgement.ref_text, now)  # noqa: E731
    for requirement in record.step3.requirements:
        if requirement.id == judgement.ref_id:
            return text_same(requirement.text)
    for criterion in record.step4.criteria:
        if criterion.id == judgement.ref_id:
            return text_same(criterion.text) and (
                judgement.ref_target is None or _reads_the_same(judgement.ref_target, criterion.target))
    return True


def unjudged_items(record: ProjectRecord) -> list[tuple[str, Literal["requirement", "criterion"], str]]:
    """Requirements and criteria without a verdict in step 9."""
    out = []
    for ref_id, kind, text in judgement_items(record):
        j = find_judgement(record, ref_id)
        if j is None or j.verdict is None:
            out.append((ref_id, kind, text))
    return out
