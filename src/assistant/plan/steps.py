"""The steps as data: `prompts/steps/<lang>/step_NN.toml`, loaded and validated at load time.

A step file holds the step's number, title, short title, an explanation written for this product
(with the guidance sections it rests on), a `guidance_query` the engine uses to fetch a quotable
passage, the questions in order (each mapped to a `ProjectRecord` field) and the step's
checklists. Any mistake in a file (bad TOML, a missing or unknown key, a field path that does not
exist in the record, a kind that does not fit the field, a duplicate id) raises `StepFileError`
naming the file and the line.

Step 9's judgement questions are made from the record at runtime (`step9_judgement_questions`),
from the templates in `[judgement]` of step_09.toml.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from assistant.plan.record import (
    REQUIRED_FIELDS,
    STEP_NUMBERS,
    FieldPathError,
    JudgementVerdict,
    ProjectRecord,
    field_spec,
    is_valid_path,
    judgement_items,
    unjudged_items,
)
from assistant.plan.datafile import DataFileError, load_validated, locate
from assistant.core.resources import PROMPTS_DIR

QuestionKind = Literal["text", "list", "choice", "number", "bool"]
LANGS = ("nl", "en")
STEPS_DIR = PROMPTS_DIR / "steps"
#: a question of an earlier step in `given_with`: "step6.procurement_strategy"
_GIVEN_WITH_OTHER_STEP = re.compile(r"step(\d+)\.([a-z][a-z0-9_]*)")


class StepFileError(DataFileError):
    """A step file that cannot be used; names the file and (when known) the line."""


# ---------------------------------------------------------------------------------------------
# schema
# ---------------------------------------------------------------------------------------------
class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Choice(_Strict):
    value: str
    label: str


class Question(_Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    field: str
    kind: QuestionKind
    prompt: str = Field(min_length=1)
    help: str = ""
    example: str = ""
    required: bool = False
    choices: tuple[Choice, ...] = ()
    #: the questions whose answer this one is given with in view (the reasons for a choice): that
    #: answer replaced by another, this one may need a look again. An id names a question of this
    #: step; "step6.procurement_strategy" one of an earlier step (step 7's procedure and its
    #: reasons follow from step 6's strategy)
    given_with: tuple[str, ...] = ()
    #: a choice's text field that keeps what its answer says after the choice ("meer onderzoek
    #: nodig: camerabeelden opnieuw auditen"): the why of the choice, replaced with it
    note_field: str | None = None
    #: a yes-or-no question about money ("Is er budget?") that an amount alone answers with yes:
    #: "50k" is stored as "ja, 50k", not left open for want of a "ja"
    amount_means_yes: bool = False
    #: step 9 runtime questions: the requirement/criterion being judged
    ref_id: str | None = None
    ref_kind: Literal["requirement", "criterion"] | None = None

    @property
    def is_list(self) -> bool:
        return self.kind == "list"


class Checklist(_Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: str = Field(min_length=1)
    intro: str = ""
    items: tuple[str, ...] = Field(min_length=1)
    source: str = ""


class JudgementTemplate(_Strict):
    """Templates for step 9's generated questions; `{text}` is the requirement/criterion,
    `{target}` the criterion's measurable target (may be empty)."""

    requirement_prompt: str
    criterion_prompt: str
    #: a criterion without a target of its own (it may be in its words): "(doel: —)" beside a
    #: measurable criterion said it had none
    criterion_prompt_untargeted: str
    help: str = ""
    example: str = ""

    def prompt(self, kind: str, text: str, target: str = "") -> str:
        """The question for a requirement or criterion (`kind`), with its target where it has one."""
        if kind == "requirement":
            return self.requirement_prompt.format(text=text)
        if target:
            return self.criterion_prompt.format(text=text, target=target)
        return self.criterion_prompt_untargeted.format(text=text)


class StepSpec(_Strict):
    number: int = Field(ge=0, le=10)
    title: str = Field(min_length=1)
    short_title: str = Field(min_length=1)
    explanation: str = Field(min_length=1)
    sources: tuple[str, ...] = ()
    guidance_query: str = Field(min_length=1)
    terms: tuple[str, ...] = ()
    questions: tuple[Question, ...] = Field(min_length=1)
    checklists: tuple[Checklist, ...] = ()
    judgement: JudgementTemplate | None = None

    @field_validator("explanation", "title", "short_title", "guidance_query")
    @classmethod
    def _strip(cls, v: str) -> str:
        v = v.strip()
        if not v:
            raise ValueError("mag niet leeg zijn / must not be empty")
        return v

    def question(self, qid: str) -> Question | None:
        return next((q for q in self.questions if q.id == qid), None)

    def question_for_field(self, field: str) -> Question | None:
        return next((q for q in self.questions if q.field == field), None)

    def checklist(self, cid: str) -> Checklist | None:
        return next((c for c in self.checklists if c.id == cid), None)


@dataclass(frozen=True)
class Plan:
    """All steps of one language."""

    lang: str
    steps: dict[int, StepSpec]

    def step(self, n: int) -> StepSpec:
        return self.steps[n]

    def __iter__(self):
        return iter(self.steps[n] for n in sorted(self.steps))

    def questions(self, n: int, record: ProjectRecord | None = None) -> list[Question]:
        """The questions of step `n` in order; for step 9 with a record, the judgement
        questions for every unjudged requirement and criterion come first."""
        qs = list(self.steps[n].questions)
        if n == 9 and record is not None:
            qs = step9_judgement_questions(record, self.lang) + qs
        return qs

    def question(self, n: int, qid: str) -> Question | None:
        return self.steps[n].question(qid)

    def question_number(self, field: str, record: ProjectRecord) -> tuple[int, int]:
        """(step, number) of the question that asks for `field`, numbered as `/stap 4 1` counts
        them (step 9's judgement questions, one per requirement and criterion, come before its
        own): the way to a list from anywhere, for a message that names a line of it."""
        for spec in self.steps.values():
            for number, q in enumerate(spec.questions, 1):
                if q.field == field:
                    return spec.number, number + (len(judgement_items(record)) if spec.number == 9 else 0)
        raise KeyError(field)


# ---------------------------------------------------------------------------------------------
# locating a key in the file text
# ---------------------------------------------------------------------------------------------
def _fmt_loc(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


# ---------------------------------------------------------------------------------------------
# loading
# ---------------------------------------------------------------------------------------------
def load_step_file(path: Path, expected_number: int | None = None,
                   lang: str | None = None, earlier: Mapping[int, StepSpec] | None = None) -> StepSpec:
    """Read and validate one step file; raises StepFileError (file + line) on any problem.

    `lang` picks the labels of choices filled in from the enum (default: from the path);
    `earlier`, the steps before it, where its questions given with theirs are looked up."""
    path = Path(path)
    spec, fail = load_validated(path, StepSpec, StepFileError, _fmt_loc)
    n = spec.number
    if expected_number is not None and n != expected_number:
        raise fail(("number",), f"stap {n} in het bestand voor stap {expected_number} / "
                                f"step {n} in the file for step {expected_number}")
    if spec.judgement is not None and n != 9:
        raise fail(("judgement",), "[judgement] hoort alleen bij stap 9 / only belongs to step 9")
    if n == 9 and spec.judgement is None:
        raise fail(("number",), "stap 9 mist [judgement] / step 9 lacks [judgement]")
    seen: set[str] = set()
    fields_required: set[str] = set()
    for i, q in enumerate(spec.questions):
        if q.id in seen:
            raise fail(("questions", i, "id"), f"dubbele vraag-id / duplicate question id '{q.id}'")
        seen.add(q.id)
        try:
            fs = field_spec(q.field)
        except FieldPathError as exc:
            raise fail(("questions", i, "field"),
                       f"veld bestaat niet in ProjectRecord / field does not exist: '{q.field}'"
                       ) from exc
        if not q.field.startswith(f"step{n}."):
            raise fail(("questions", i, "field"),
                       f"veld '{q.field}' hoort niet bij stap {n} / does not belong to step {n}")
        if fs.kind != q.kind:
            raise fail(("questions", i, "kind"),
                       f"soort '{q.kind}' past niet bij veld '{q.field}' (verwacht '{fs.kind}') / "
                       f"kind does not fit the field (expected '{fs.kind}')")
        if q.kind == "choice":
            if fs.enum is None:
                raise fail(("questions", i, "field"), "keuzeveld zonder keuzelijst / no choices")
            values = {m.value for m in fs.enum}
            for c in q.choices:
                if fs.enum.parse(c.value) is None or fs.enum.parse(c.value).value not in values:
                    raise fail(("questions", i, "choices"),
                               f"onbekende keuze / unknown choice '{c.value}' "
                               f"(mogelijk / allowed: {', '.join(sorted(values))})")
        elif q.choices:
            raise fail(("questions", i, "choices"), "keuzes alleen bij kind = 'choice' / "
                                                    "choices only with kind = 'choice'")
        for other in q.given_with:
            if (found := _GIVEN_WITH_OTHER_STEP.fullmatch(other)) is not None:
                m, qid = int(found[1]), found[2]
                if m >= n or (earlier is not None and (m not in earlier or earlier[m].question(qid) is None)):
                    raise fail(("questions", i, "given_with"),
                               f"geen vraag van een eerdere stap / no question of an earlier step: '{other}'")
            elif other == q.id or spec.question(other) is None:
                raise fail(("questions", i, "given_with"),
                           f"geen andere vraag van stap {n} / no other question of step {n}: '{other}'")
        if q.note_field is not None:
            note = field_spec(q.note_field) if is_valid_path(q.note_field) else None
            if q.kind != "choice" or note is None or note.kind != "text" or not q.note_field.startswith(f"step{n}.") \
                    or any(x.field == q.note_field for x in spec.questions):
                raise fail(("questions", i, "note_field"),
                           f"geen tekstveld van stap {n} zonder eigen vraag bij een keuzevraag / "
                           f"no text field of step {n} without a question of its own, with a choice: '{q.note_field}'")
        if q.amount_means_yes and q.kind != "bool":
            raise fail(("questions", i, "amount_means_yes"),
                       "alleen bij kind = 'bool' / only with kind = 'bool'")
        if q.ref_id is not None or q.ref_kind is not None:
            raise fail(("questions", i, "ref_id"), "ref_id wordt tijdens het gesprek gezet / "
                                                   "ref_id is set at runtime")
        if q.required:
            if q.field not in REQUIRED_FIELDS[n]:
                raise fail(("questions", i, "required"),
                           f"'{q.field}' is geen verplicht veld van stap {n} (REQUIRED_FIELDS) / "
                           f"not a required field of step {n}")
            fields_required.add(q.field)
    expected = set(REQUIRED_FIELDS[n]) - ({"step9.judgements"} if n == 9 else set())
    missing = sorted(expected - fields_required)
    if missing:
        raise fail(("questions",), "geen verplichte vraag voor / no required question for: "
                                   + ", ".join(missing))
    cseen: set[str] = set()
    for i, c in enumerate(spec.checklists):
        if c.id in cseen:
            raise fail(("checklists", i, "id"), f"dubbele checklist-id / duplicate id '{c.id}'")
        cseen.add(c.id)
    # fill choices from the enum when the file leaves them out
    questions = []
    for q in spec.questions:
        if q.kind == "choice" and not q.choices:
            enum = field_spec(q.field).enum
            assert enum is not None
            label_lang = lang or ("en" if "/en/" in path.as_posix() else "nl")
            q = q.model_copy(update={"choices": tuple(Choice(value=v, label=lbl)
                                                      for v, lbl in enum.choices(label_lang))})
        questions.append(q)
    return spec.model_copy(update={"questions": tuple(questions)})


def load_steps_dir(directory: Path, lang: str = "nl") -> Plan:
    """Load step_00.toml … step_10.toml from `directory` (all eleven must be there)."""
    directory = Path(directory)
    if not directory.is_dir():
        raise StepFileError(directory, None, "map met stapbestanden ontbreekt / "
                                             "step directory missing")
    steps: dict[int, StepSpec] = {}
    for n in STEP_NUMBERS:
        path = directory / f"step_{n:02d}.toml"
        if not path.is_file():
            raise StepFileError(path, None, "bestand ontbreekt / file missing")
        steps[n] = load_step_file(path, expected_number=n, lang=lang, earlier=steps)
    return Plan(lang=lang, steps=steps)


@lru_cache(maxsize=8)
def _cached(lang: str, directory: str) -> Plan:
    return load_steps_dir(Path(directory), lang)


def load_plan(lang: str = "nl", directory: Path | None = None) -> Plan:
    """The validated plan for `lang` ('nl' or 'en'), cached per language and directory."""
    if lang not in LANGS:
        raise ValueError(f"unknown language '{lang}' (nl, en)")
    directory = Path(directory) if directory else STEPS_DIR / lang
    return _cached(lang, str(directory.resolve()))


def clear_cache() -> None:
    _cached.cache_clear()


# ---------------------------------------------------------------------------------------------
# step 9: questions from the record
# ---------------------------------------------------------------------------------------------
def step9_judgement_questions(record: ProjectRecord, lang: str = "nl",
                              plan: Plan | None = None) -> list[Question]:
    """One question per step-3 requirement and step-4 criterion that has no verdict yet.

    Each question's `field` is ``step9.judgements.<ref_id>``: storing an answer with
    `record.apply_text(record, q.field, text)` records the judgement (e.g. "deels — 80% gehaald").
    """
    plan = plan or load_plan(lang)
    tpl = plan.step(9).judgement
    assert tpl is not None
    criteria = {c.id: c for c in record.step4.criteria}
    choices = tuple(Choice(value=v, label=lbl) for v, lbl in JudgementVerdict.choices(lang))
    out = []
    for ref_id, kind, text in unjudged_items(record):
        target = criteria[ref_id].target if kind == "criterion" else ""
        prompt = tpl.prompt(kind, text, target)
        out.append(Question(id=f"judge_{ref_id}", field=f"step9.judgements.{ref_id}",
                            kind="choice", prompt=prompt, help=tpl.help, example=tpl.example,
                            required=True, choices=choices, ref_id=ref_id, ref_kind=kind))
    return out


__all__ = [
    "StepFileError", "Choice", "Question", "Checklist", "JudgementTemplate", "StepSpec", "Plan",
    "load_step_file", "load_steps_dir", "load_plan", "clear_cache", "locate",
    "step9_judgement_questions", "STEPS_DIR", "LANGS",
]
