"""The project record -> an :class:`ExportDocument` (format-neutral), in Dutch or English.

Each step becomes one chapter: its status (and which required fields are still open), the
answers as labelled prose, list fields as tables, the open checks with their guidance
reference. Fields the layout below does not know (a newer record model) are still shown,
generically, so an export never silently drops data.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Callable, Protocol, runtime_checkable

from pydantic import BaseModel

from assistant.answer import quoted
from assistant.export import labels as L
from assistant.export.model import (
    Bullets,
    CheckItem,
    Checks,
    ExportDocument,
    Note,
    Open,
    Prose,
    Section,
    Table,
)
from assistant.plan.checks import Check, is_measurable, measured_target
from assistant.plan.datafile import DataFileError
from assistant.plan.open_items import OpenItems, open_items
from assistant.plan.record import (REQUIRED_FIELDS, Criterion, Entry, LabeledEnum, ProjectRecord, find_requirement,
                                    reads_as_judged, weight_in_words, without_answer_word)
from assistant.plan.steps import StepSpec, load_plan
from assistant.plan.titles import guidance_source, title_in

log = logging.getLogger(__name__)

STEPS = tuple(range(11))
_RIGHTS = ("dignity", "autonomy", "privacy", "non_discrimination", "expression", "fair_trial")
_IP = ("ownership", "licences", "source_code", "patents", "data", "confidentiality", "vendor_lock_in")
_PRECONDITIONS = ("support", "time", "budget", "mandate")
_OUTCOMES = ("success", "failure", "unclear")


# --------------------------------------------------------------------------------------------
# what the plan provides: step titles and sources, checks
# --------------------------------------------------------------------------------------------
def load_step_specs(lang: str) -> dict[int, StepSpec]:
    """The step specs (title, sources) from the step files; {} when they cannot be loaded
    (e.g. a language whose step files are incomplete); the sources are left out then."""
    try:
        plan = load_plan(lang)
    except (DataFileError, ValueError) as exc:  # the document must not fail on a step file
        log.info("step files for %s unavailable, sources left out: %s", lang, exc)
        return {}
    return {n: plan.step(n) for n in STEPS}


def step_title(n: int, lang: str, specs: dict[int, StepSpec] | None = None) -> str:
    """The step's title from the step files (prompts/steps), the one place it is kept."""
    spec = specs[n] if specs else load_plan(lang).step(n)
    return spec.title.strip()


def step_sources(n: int, lang: str, specs: dict[int, StepSpec] | None = None) -> list[str]:
    """The guidance sections the step's explanation rests on (from the step file)."""
    specs = load_step_specs(lang) if specs is None else specs
    spec = specs.get(n)
    return [guidance_source(str(x).strip(), lang) for x in (spec.sources if spec is not None else ()) if str(x).strip()]


@dataclass(slots=True)
class OpenCheck:
    step: int | None
    field: str | None
    message: str
    reference: str | None
    entry_id: str | None = None  # the list entry it is about (a requirement, a criterion), if any


def _check_reference(check: Check, lang: str = "nl") -> str | None:
    """'Handreiking · Stap 4: “quote”' from the check's guidance reference; in English, with the
    quote said to be Dutch ("… (in Dutch): “…”"), as a step's quote is."""
    label = check.ref.label(lang).strip()
    if not label:
        return None
    quote = re.sub(r"\s+", " ", check.ref.quote).strip()
    if not quote:
        return label
    if len(quote) > 160:
        quote = quote[:157].rsplit(" ", 1)[0] + " …"
    return f"{label}{L.t('quote_language', lang)}: {quoted(quote)}"


def _open_check(check: Check, lang: str) -> OpenCheck:
    return OpenCheck(check.step, check.field, check.document_message(lang) or str(check), _check_reference(check, lang),
                     check.entry_id)


def open_checks(record: ProjectRecord, lang: str) -> list[OpenCheck]:
    """The checks (warnings) that apply to the record (:func:`assistant.plan.checks.run_checks`),
    each said as a document says it (what to fix in words, no commands of the app)."""
    return [_open_check(check, lang) for items in _open_items(record).steps for check in items.checks]


def _open_items(record: ProjectRecord, to_review: Mapping[str, int] | None = None) -> OpenItems:
    """What is open in the record, as the app counts it (:func:`assistant.plan.open_items.open_items`)."""
    try:
        return open_items(record, to_review=to_review)
    except Exception as exc:  # noqa: BLE001 - a failing check must not block the export
        log.warning("checks failed during export: %s", exc)
        return OpenItems()


def guidance_documents(lang: str) -> list[tuple[str, str]]:
    """(title, publisher) of each guidance document, in the export's language: its Dutch title,
    with its English gloss in English, and what the language says after it."""
    return [(title_in(title, lang) + (after[1] if lang == "en" else after[0]), publisher[1] if lang == "en" else publisher[0])
            for title, after, publisher in L.GUIDANCE_DOCUMENTS.values()]


# --------------------------------------------------------------------------------------------
# value formatting
# --------------------------------------------------------------------------------------------
def _filled(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list):
        return any(_filled(v) for v in value)
    if isinstance(value, Entry):  # an entry counts by its main field
        return value.is_filled()
    if isinstance(value, BaseModel):
        return any(_filled(getattr(value, k)) for k in type(value).model_fields if k != "id")
    return True


@runtime_checkable
class _Summarised(Protocol):
    """A record part that says itself in one line (entries, preconditions, rights, outcomes)."""

    def summary(self, lang: str = "nl") -> str: ...


def fmt(value: Any, lang: str) -> str:
    """A display text for a scalar value ('' when empty)."""
    if value is None:
        return ""
    if isinstance(value, LabeledEnum):
        text = value.label(lang)
        return text[:1].upper() + text[1:]
    if isinstance(value, bool):
        return L.t("yes" if value else "no", lang)
    if isinstance(value, datetime | date):
        return L.format_date(value, lang)
    if isinstance(value, list):
        return "\n".join(fmt(v, lang) for v in value if _filled(v))
    if isinstance(value, _Summarised):
        return str(value.summary(lang))
    if isinstance(value, BaseModel):
        return "; ".join(f"{k}: {fmt(getattr(value, k), lang)}" for k in type(value).model_fields
                         if _filled(getattr(value, k)))
    return str(value).strip()


def _cell(value: Any, lang: str) -> str:
    text = fmt(value, lang)
    return text if text else "—"


# --------------------------------------------------------------------------------------------
# building blocks
# --------------------------------------------------------------------------------------------
#: After a cell whose row an open check of the step is about
CHECKED_MARK = "⚠"


class _StepBuilder:
    def __init__(self, record, n: int, lang: str, checks: list[OpenCheck]) -> None:
        self.record = record
        self.n = n
        self.lang = lang
        self.step = getattr(record, f"step{n}")
        self.blocks: list = []
        self.used: set[str] = set()
        # the fields and entries the step's open checks are about: their rows are marked, as a
        # table alone read as settled ("Mandate | Yes") above a check that said it was not
        self.checked_fields = {c.field for c in checks if c.field}
        self.checked_entries = {c.entry_id for c in checks if c.entry_id}
        self.marked = False  # a cell marked since the last table was added

    def flagged(self, cell: str, *, path: str | None = None, entry_id: str | None = None) -> str:
        """`cell` marked where an open check is about its row's field (`path`) or entry."""
        if (path is not None and path in self.checked_fields) or (entry_id is not None
                                                                  and entry_id in self.checked_entries):
            self.marked = True
            return f"{cell} {CHECKED_MARK}"
        return cell

    def add_table(self, table: Table) -> None:
        """`table` added, with a note that says what its marks mean where it has any."""
        self.blocks.append(table)
        if self.marked:
            self.blocks.append(Note(L.t("row_checked", self.lang)))
        self.marked = False

    def label(self, path: str) -> str:
        return L.field_label(path, self.lang)

    def prose(self, name: str) -> None:
        self.used.add(name)
        value = getattr(self.step, name)
        text = fmt(value, self.lang)
        self.blocks.append(Prose(self.label(f"step{self.n}.{name}"), text or None))

    def table(self, name: str, columns: list[str], *, numbered: bool = False) -> None:
        """A list field as a table; columns are entry field names."""
        self.used.add(name)
        path = f"step{self.n}.{name}"
        entries = [e for e in getattr(self.step, name) if _filled(e)]
        title = self.label(path)
        if not entries:
            self.blocks.append(Prose(title, None))
            return
        headers = ([self.label(f"{path}.number")] if numbered else []) + [
            self.label(f"{path}.{c}") for c in columns]
        rows = []
        for i, entry in enumerate(entries, 1):
            row = [str(i)] if numbered else []
            cells = [_cell(getattr(entry, c, None), self.lang) for c in columns]
            row += [self.flagged(cells[0], entry_id=entry.id)] + cells[1:]
            rows.append(row)
        self.add_table(Table(title, headers, rows))

    def bullets(self, name: str) -> None:
        self.used.add(name)
        path = f"step{self.n}.{name}"
        items = [fmt(e, self.lang) for e in getattr(self.step, name) if _filled(e)]
        if not items:
            self.blocks.append(Prose(self.label(path), None))
        else:
            self.blocks.append(Bullets(self.label(path), items))

    def rest(self) -> None:
        """Any field not laid out explicitly (e.g. added by a newer record model)."""
        for name in type(self.step).model_fields:
            if name in self.used:
                continue
            value = getattr(self.step, name)
            path = f"step{self.n}.{name}"
            if isinstance(value, list):
                entries = [e for e in value if _filled(e)]
                if entries and all(isinstance(e, BaseModel) for e in entries):
                    cols = [c for c in type(entries[0]).model_fields if c != "id"]
                    headers = [self.label(f"{path}.{c}") for c in cols]
                    rows = [[_cell(getattr(e, c), self.lang) for c in cols] for e in entries]
                    self.blocks.append(Table(self.label(path), headers, rows))
                elif entries:
                    self.blocks.append(Bullets(self.label(path), [fmt(e, self.lang) for e in entries]))
                else:
                    self.blocks.append(Prose(self.label(path), None))
            elif isinstance(value, BaseModel) and not hasattr(value, "summary"):
                cols = [c for c in type(value).model_fields]
                rows = [[self.label(f"{path}.{c}"), _cell(getattr(value, c), self.lang)] for c in cols]
                self.blocks.append(Table(self.label(path), [self.label("step6.ip.subject"),
                                                            self.label("step6.ip.arrangement")], rows))
            else:
                self.blocks.append(Prose(self.label(path), fmt(value, self.lang) or None))


def _requirement_ref(record: ProjectRecord, criterion: Criterion, lang: str) -> str:
    reqs = [r for r in record.step3.requirements if _filled(r)]
    typed = criterion.requirement.strip()
    by_text = found.id if typed and (found := find_requirement(record, typed)) else None
    # the link by id first; an id that points nowhere (edited in an exported file) falls back
    # on the words, as the checks read them: it said "(staat niet in stap 3)" beside a
    # requirement that was there, and no check said a word
    for linked in (criterion.requirement_id, by_text):
        for i, req in enumerate(reqs, 1):
            if linked and req.id == linked:
                return f"{i}. {req.text}"
    # the requirement it named is not (or no longer) in step 3: its words alone read as linked
    return f"{typed} {L.t('not_in_step3', lang)}" if typed else "—"


def _target_cell(criterion: Criterion, lang: str) -> str:
    """A criterion's measurable target as the check reads it: its target part, else "in the
    criterion" where its own words state one ("daalt met 20%"): "Nog niet ingevuld" stood
    beside a criterion no check found without a target."""
    if criterion.target.strip():
        return criterion.target.strip()
    return L.t("target_in_text" if is_measurable(measured_target(criterion)) else "open", lang)


def _precondition_note(pc) -> str:
    """A precondition's note without the yes, no or partly word its answer column says already
    ("Deels | partly, the team …")."""
    return without_answer_word(pc.note, pc.ok) or "—"


def _step_blocks(record, n: int, lang: str, checks: list[OpenCheck]) -> list:
    b = _StepBuilder(record, n, lang, checks)
    s = b.step
    open_text = L.t("open", lang)
    if n == 0:
        b.prose("need")
        b.prose("who")
        b.prose("why_digital")
        b.used.add("preconditions")
        rows = []
        for name in _PRECONDITIONS:
            pc = getattr(s.preconditions, name)
            # "Deels: …" said as "Nee" read as a no the user never gave
            ok = L.t("partly", lang) if pc.partly else {True: L.t("yes", lang), False: L.t("no", lang)}.get(pc.ok, "")
            path = f"step0.preconditions.{name}"
            if not ok and not pc.note.strip():
                rows.append([b.label(path), b.flagged(open_text, path=path), "—"])
            else:
                rows.append([b.label(path), b.flagged(ok or L.t("unknown", lang), path=path),
                             _precondition_note(pc)])
        b.add_table(Table(b.label("step0.preconditions"),
                          [b.label("step0.preconditions.name"), b.label("step0.preconditions.ok"),
                           b.label("step0.preconditions.note")], rows))
        b.prose("duration")
    elif n == 1:
        b.table("technologies", ["name", "source_kind", "note"])
        b.table("contacts", ["name", "note"])
        b.prose("ideas")
    elif n == 2:
        b.table("assessments", ["technology", "potential", "trl", "fit", "market_parties", "risks"])
        b.used.add("rights")
        rights = s.rights
        if _filled(rights):
            rows = []
            for name in _RIGHTS:
                impact = getattr(rights, name)
                path = f"step2.rights.{name}"
                if _filled(impact):
                    rows.append([b.label(path), b.flagged(impact.impact.strip() or "—", path=path),
                                 impact.mitigation.strip() or "—"])
                else:
                    rows.append([b.label(path), b.flagged(open_text, path=path), "—"])
            b.add_table(Table(b.label("step2.rights"),
                              [b.label("step2.rights.right"), b.label("step2.rights.impact"),
                               b.label("step2.rights.mitigation")], rows))
        else:
            b.blocks.append(Prose(b.label("step2.rights"), None))
        b.prose("public_values")
        b.table("shortlist", ["name", "reason"])
    elif n == 3:
        b.table("requirements", ["text", "aspect", "kind"], numbered=True)
        for name in ("budget_ceiling", "pm_funding", "timeline", "expertise", "basis", "use_case"):
            b.prose(name)
    elif n == 4:
        b.used.add("criteria")
        crits = [c for c in s.criteria if _filled(c)]
        if crits:
            rows = [[str(i), b.flagged(c.text.strip() or "—", entry_id=c.id), _target_cell(c, lang),
                     _requirement_ref(record, c, lang)] for i, c in enumerate(crits, 1)]
            header = [b.label("step4.criteria.number"), b.label("step4.criteria.text"),
                      b.label("step4.criteria.target"), b.label("step4.criteria.requirement")]
            # a weight still in a criterion's name (typed before it became the weight part, or
            # imported) is shown as the weight check reads it: the column said "—" beside it
            weights = [c.weight.strip() or (found[2] if (found := weight_in_words(c.text, c.target)) else "")
                       for c in crits]
            if any(weights):  # criteria without weights keep their four columns
                header.append(b.label("step4.criteria.weight"))
                for row, weight in zip(rows, weights):
                    row.append(weight or "—")
            b.add_table(Table(b.label("step4.criteria"), header, rows))
        else:
            b.blocks.append(Prose(b.label("step4.criteria"), None))
        b.bullets("deliverables")
        b.prose("communication")
    elif n == 5:
        b.used.update(_OUTCOMES)
        rows = []
        for name in _OUTCOMES:
            plan = getattr(s, name)
            path = f"step5.{name}"
            if _filled(plan) or any(getattr(plan, f, "").strip() for f in ("expectations", "objections")):
                rows.append([b.label(path), b.flagged(plan.description.strip() or "—", path=path),
                             plan.who.strip() or "—", plan.expectations.strip() or "—",
                             plan.objections.strip() or "—"])
            else:
                rows.append([b.label(path), b.flagged(open_text, path=path), "—", "—", "—"])
        b.add_table(Table(b.label("step5.outcomes"),
                          [b.label("step5.outcome"), b.label("step5.description"), b.label("step5.who"),
                           b.label("step5.expectations"), b.label("step5.objections")], rows))
        for name in ("trends", "scenarios"):
            b.used.add(name)
            items = [fmt(e, lang) for e in getattr(s, name) if _filled(e)]
            if items:  # optional: only shown when used
                b.blocks.append(Bullets(b.label(f"step5.{name}"), items))
    elif n == 6:
        b.prose("policy_changes")
        b.prose("training")
        b.used.add("ip")
        rows = [[b.label(f"step6.ip.{name}"), b.flagged(getattr(s.ip, name).strip() or open_text,
                                                        path=f"step6.ip.{name}")] for name in _IP]
        b.add_table(Table(b.label("step6.ip"), [b.label("step6.ip.subject"),
                                                 b.label("step6.ip.arrangement")], rows))
        for name in ("financial_cover", "procurement_strategy", "market_consultation", "project_manager"):
            b.prose(name)
    elif n == 7:
        for name in ("procedure", "rationale", "finish_line", "duration", "people", "suitability",
                     "tender_contents", "selection"):
            b.prose(name)
    elif n == 8:
        for name in ("agreements", "risk_allocation", "test_environment"):
            b.prose(name)
        b.bullets("course_corrections")
    elif n == 9:
        b.used.add("judgements")
        judgements = _judgement_table(record, lang, b.flagged)
        if isinstance(judgements, Table):
            b.add_table(judgements)
        else:
            b.blocks.append(judgements)
        b.prose("external_vs_own")
        b.prose("imperfections")
        b.bullets("lessons")
        for name in ("bit_rules", "support", "verdict", "verdict_note"):
            b.prose(name)
    elif n == 10:
        b.prose("plan_changes")
        b.prose("alignment")
        b.table("barriers", ["barrier", "handling"])
        b.prose("keeping_current")
    b.rest()
    return b.blocks


def _judgement_table(record, lang: str, flagged: Callable[..., str]):
    """Every step-3 requirement and step-4 criterion with its step-9 judgement (or 'not yet
    judged'), then judgements whose requirement/criterion has since been removed. `flagged`:
    a verdict's cell marked where a check is about its requirement or criterion."""
    label = lambda key: L.field_label(key, lang)  # noqa: E731
    judgements = list(record.step9.judgements)
    by_ref = {j.ref_id: j for j in judgements}
    rows = []
    seen = set()
    reqs = [r for r in record.step3.requirements if _filled(r)]
    crits = [c for c in record.step4.criteria if _filled(c)]
    items = [("requirement", i, r) for i, r in enumerate(reqs, 1)] + \
            [("criterion", i, c) for i, c in enumerate(crits, 1)]
    for kind, i, item in items:
        j = by_ref.get(item.id)
        seen.add(item.id)
        verdict = fmt(j.verdict, lang) if j is not None and j.verdict is not None else L.t("not_judged", lang)
        if j is not None and j.verdict is not None and not reads_as_judged(record, j):
            # a verdict on the earlier wording read as one on the text beside it ("Voldaan")
            verdict += f" ({L.t('judged_earlier', lang).format(text=' '.join(j.judged_on(lang).split()))})"
        evidence = (j.evidence.strip() if j is not None else "") or "—"
        rows.append([f"{L.t(kind, lang)}\u00a0{i}", item.text.strip() or "—", flagged(verdict, entry_id=item.id),
                     evidence])
    for j in judgements:
        if j.ref_id in seen or not _filled(j):
            continue
        kind = L.t("criterion" if j.ref_kind == "criterion" else "requirement", lang)
        rows.append([f"{kind} {L.t('removed', lang)}", j.ref_text.strip() or "—",
                     fmt(j.verdict, lang) or L.t("not_judged", lang), j.evidence.strip() or "—"])
    if not rows:
        return Prose(label("step9.judgements"), None)
    return Table(label("step9.judgements"),
                 [label("step9.judgements.kind"), label("step9.judgements.ref_text"),
                  label("step9.judgements.verdict"), label("step9.judgements.evidence")], rows)


# --------------------------------------------------------------------------------------------
# the document
# --------------------------------------------------------------------------------------------
def _status(record: ProjectRecord, n: int) -> str:
    value = record.status(n)
    return value if value in ("not_started", "in_progress", "done") else "not_started"


def _required(n: int) -> list[str]:
    return list(REQUIRED_FIELDS.get(n, ()))


def _checks_cell(checks: int, review: int) -> str:
    """A step's open checks in the overview, with its answers to review beside them as the app's
    steps list marks them ("1 ⟳3")."""
    return f"{checks} ⟳{review}" if review else str(checks)


def _step_heading(n: int, lang: str, specs: dict[int, Any]) -> str:
    return f"{L.t('step', lang)} {n} · {step_title(n, lang, specs)}"


def build_document(record, lang: str | None = None, *, today: date | None = None,
                   to_review: Mapping[str, int] | None = None) -> ExportDocument:
    """The document of `record`; `to_review`: the answers the conversation marked to look at
    again (field -> the step whose replaced answer they were given with), noted under their step."""
    lang = lang if lang in ("nl", "en") else record.project.language
    lang = lang if lang in ("nl", "en") else "nl"
    today = today or date.today()
    specs = load_step_specs(lang)
    meta = record.project
    title = meta.title.strip() or L.t("no_title", lang)
    statuses = {n: _status(record, n) for n in STEPS}
    done = sum(1 for s in statuses.values() if s == "done")
    # what is open, counted and named as the app counts it: the checks, and apart from them the
    # required questions still open in a step under way (the app's ⚠ counts both)
    found = _open_items(record, to_review)
    by_step = {items.step: [_open_check(check, lang) for check in items.checks] for items in found.steps}

    open_text = L.t("open", lang)
    doc_meta = [(L.t("organisation", lang), meta.organisation.strip() or open_text)]
    if meta.owner.strip():  # never asked in the conversation: no "not yet filled in" for it
        doc_meta.append((L.t("owner", lang), meta.owner.strip()))
    doc_meta.append((L.t("date", lang), L.format_date(today, lang)))
    updated = getattr(meta, "updated", None)
    if isinstance(updated, datetime) and updated.tzinfo is not None:
        updated = updated.astimezone()  # the user's day, as `stappenplan projects` and the app say it
    if isinstance(updated, datetime | date):
        doc_meta.append((L.t("updated", lang), L.format_date(updated, lang)))
    doc_meta.append((L.t("progress", lang),
                     L.t("progress_value", lang).format(done=done, total=len(STEPS))))
    # the checks and the answers to look at again after a change counted apart, as the app
    # counts them (⚠, ⟳): "Open controles: 6" stood beside a step's list of one check
    doc_meta.append((L.t("open_checks_count", lang), str(found.checks)))
    if found.review:
        doc_meta.append((L.t("to_review_count", lang), str(found.review)))
    # every required question still open, as the app names one ("Nog open (verplicht)"), those a
    # check is about too: "0" stood beside the app's "Uitkomst 3, onduidelijk"
    doc_meta.append((L.t("open_required_count", lang), str(found.every_required)))

    sections: list[Section] = []
    overview_rows = [[str(n), step_title(n, lang, specs), L.t(f"status.{statuses[n]}", lang),
                      _checks_cell(len(by_step.get(n, [])), len(found.of_step(n).review)),
                      str(len(found.of_step(n).every_required))] for n in STEPS]
    overview = Section(L.t("overview", lang), 1, None, [
        Table(None, [L.t("step_col", lang), L.t("title_col", lang), L.t("status_col", lang),
                     L.t("checks_col", lang), L.t("required_col", lang)], overview_rows)])
    sections.append(overview)

    for n in STEPS:
        status = f"{L.t('status', lang)}: {L.t(f'status.{statuses[n]}', lang)}"
        missing = found.of_step(n).every_required
        if missing:
            names = ", ".join(L.field_label(p, lang) for p in missing)
            status += f" · {L.t('still_open', lang)}: {names}"
        section = Section(_step_heading(n, lang, specs), 1, status, page_break_before=(n == 0))
        if statuses[n] == "not_started":
            # nothing in this step yet: say so once, and what it asks, instead of a list of
            # empty fields
            section.blocks.append(Open(L.t("step_empty", lang)))
            asks = _required(n)
            if asks:
                section.blocks.append(Note(f"{L.t('to_answer', lang)}: "
                                           + ", ".join(L.field_label(p, lang) for p in asks) + "."))
        else:
            section.blocks.extend(_step_blocks(record, n, lang, by_step.get(n, [])))
        # an answer given with one replaced since reads as settled in a table or prose alone
        section.blocks += [Note(L.t("to_review", lang).format(field=L.field_label(path, lang), step=step))
                           for path, step in found.of_step(n).review]
        if by_step.get(n):
            section.blocks.append(Checks(L.t("checks", lang),
                                         [CheckItem(c.message, _ref(c, lang)) for c in by_step[n]]))
        sources = step_sources(n, lang, specs)
        if sources:
            section.blocks.append(Note(f"{L.t('based_on', lang)}: " + "; ".join(sources) + "."))
        sections.append(section)

    source_blocks: list = [Note(L.t("sources_intro", lang)),
                           Table(None, [L.t("doc_col", lang), L.t("publisher_col", lang)],
                                 [[title_, pub] for title_, pub in guidance_documents(lang)]),
                           Note(L.t("closing_note", lang))]
    sections.append(Section(L.t("sources", lang), 1, None, source_blocks))

    return ExportDocument(
        lang=lang,
        title=title,
        subtitle=L.t("subtitle", lang),
        meta=doc_meta,
        toc_title=L.t("toc", lang),
        sections=sections,
        open_text=open_text,
        author=meta.owner.strip() or meta.organisation.strip(),
        subject=L.t("subtitle", lang),
        keywords=L.t("keywords", lang),
    )


def _ref(check: OpenCheck, lang: str) -> str | None:
    if not check.reference:
        return None
    return re.sub(r"\s+", " ", check.reference).strip()
