"""Field paths: what lives at ``"step3.requirements"`` (`field_spec`), reading and setting a
value by path (entry ids allowed), parsing a typed answer for a path, list entries by id, and
recording a step-9 judgement."""

from __future__ import annotations

import re
import types
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from assistant.core.i18n import catalog
from assistant.plan.record.enums import JudgementVerdict, LabeledEnum
from assistant.plan.record.errors import FieldPathError, ParseError
from assistant.plan.record.model import (
    STEP_NUMBERS,
    Criterion,
    Entry,
    Judgement,
    OneLine,
    Precondition,
    ProjectRecord,
    Requirement,
    _trl,
    find_requirement,
    new_id,
)
from assistant.plan.record.parsing import _lines, _norm, clean_text, header_row, keyed_labels, parse_bool, parse_number
from assistant.plan.record.status import find_judgement, judgement_items


def _both(key: str, **fields: object) -> tuple[str, str]:
    """The text `key` of resources/messages/plan.record.paths.toml in Dutch and in English."""
    return catalog("plan.record.paths").both(key, **fields)


def judge(record: ProjectRecord, ref_id: str, verdict: JudgementVerdict | str | None = None,
          evidence: str = "", *, text: str | None = None) -> Judgement:
    """Record (or replace) the judgement of a requirement/criterion; returns it.

    Either `verdict` (+ `evidence`) or a typed `text` like "deels — 80% gehaald".
    """
    items = {i[0]: i for i in judgement_items(record)}
    if ref_id not in items:
        raise FieldPathError(*_both("no_judged_item", ref_id=ref_id))
    _, kind, ref_text = items[ref_id]
    # a criterion's verdict is measured against its target as well: a target changed later asks for
    # a new verdict (see `reads_as_judged`)
    ref_target = next((c.target for c in record.step4.criteria if c.id == ref_id), None)
    if text is not None:
        parsed = Judgement.from_text(text, record)
        verdict, evidence = parsed.verdict, parsed.evidence
    elif isinstance(verdict, str):
        v = JudgementVerdict.parse(verdict)
        if v is None:
            raise ParseError(*_both("unknown_verdict", verdict=verdict))
        verdict = v
    existing = find_judgement(record, ref_id)
    if existing is not None:
        existing.verdict = verdict
        existing.evidence = evidence
        existing.ref_text = ref_text
        existing.ref_target = ref_target
        existing.ref_kind = kind
        return existing
    j = Judgement(ref_id=ref_id, ref_kind=kind, ref_text=ref_text, ref_target=ref_target,
                  verdict=verdict, evidence=evidence)
    record.step9.judgements.append(j)
    return j


# ---------------------------------------------------------------------------------------------
# field paths: introspection, get/set
# ---------------------------------------------------------------------------------------------
FieldKind = Literal["text", "list", "choice", "number", "bool"]


class FieldSpec:
    """What lives at a dotted path: its kind, and the enum/entry/sub-model type when relevant."""

    __slots__ = ("path", "kind", "annotation", "enum", "entry", "model")

    def __init__(self, path: str, kind: FieldKind, annotation: Any, enum: type[LabeledEnum] | None = None,
                 entry: type[Entry] | None = None, model: type[BaseModel] | None = None) -> None:
        self.path = path
        self.kind = kind
        self.annotation = annotation
        self.enum = enum
        self.entry = entry
        self.model = model

    def __repr__(self) -> str:
        return f"FieldSpec({self.path!r}, kind={self.kind!r})"


def _unwrap(annotation: Any) -> Any:
    """Strip Optional[...] / X | None and Annotated[...]."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _unwrap(get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return _unwrap(args[0])
    return annotation


def _spec_for(path: str, annotation: Any) -> FieldSpec:
    ann = _unwrap(annotation)
    origin = get_origin(ann)
    if origin is list:
        (item,) = get_args(ann)
        return FieldSpec(path, "list", ann, entry=item)
    if isinstance(ann, type):
        if issubclass(ann, LabeledEnum):
            return FieldSpec(path, "choice", ann, enum=ann)
        if issubclass(ann, bool):
            return FieldSpec(path, "bool", ann)
        if issubclass(ann, (int, float)):
            return FieldSpec(path, "number", ann)
        if issubclass(ann, Precondition):
            return FieldSpec(path, "bool", ann, model=ann)
        if issubclass(ann, str):
            return FieldSpec(path, "text", ann)
        if issubclass(ann, datetime):
            return FieldSpec(path, "text", ann)
        if issubclass(ann, BaseModel):
            # a sub-model that parses from one line of text (RightImpact, OutcomePlan) is "text";
            # a plain group (Step3, IPArrangements) has no kind of its own but is addressable
            return FieldSpec(path, "text", ann, model=ann)
    if origin is Literal:
        return FieldSpec(path, "choice", ann)
    return FieldSpec(path, "text", ann)


def field_spec(path: str) -> FieldSpec:
    """The spec of a dotted path in ProjectRecord; raises FieldPathError when it doesn't exist.

    Entry ids inside a path are not allowed here (the spec is per model, not per record);
    use ``"step3.requirements"`` or ``"step3.requirements.text"`` (a field of the entry model).
    """
    if not isinstance(path, str) or not path.strip():
        raise FieldPathError(*_both("empty_path"))
    model: Any = ProjectRecord
    spec: FieldSpec | None = None
    parts = path.strip().split(".")
    for i, part in enumerate(parts):
        if spec is not None and spec.kind == "list":
            model = spec.entry
        elif spec is not None:
            model = spec.model
        is_model = isinstance(model, type) and issubclass(model, BaseModel)
        fields = model.model_fields if is_model else None
        if not fields or part not in fields or part.startswith("_"):
            raise FieldPathError(*_both("unknown_field", path=path, part=part))
        spec = _spec_for(".".join(parts[: i + 1]), fields[part].annotation)
    assert spec is not None
    return spec


def is_valid_path(path: str) -> bool:
    try:
        field_spec(path)
        return True
    except FieldPathError:
        return False


def _resolve(record: ProjectRecord, path: str) -> tuple[Any, str | None, Any]:
    """(parent object, attribute name or None, value) for a dotted path with entry ids."""
    if not isinstance(path, str) or not path.strip():
        raise FieldPathError(*_both("empty_path"))
    obj: Any = record
    parent: Any = None
    name: str | None = None
    for part in path.strip().split("."):
        if isinstance(obj, list):
            match = next((e for e in obj if e.id == part), None)
            if match is None:
                raise FieldPathError(*_both("no_entry", entry_id=part, path=path))
            parent, name, obj = obj, part, match
        elif isinstance(obj, BaseModel) and part in type(obj).model_fields:
            parent, name, obj = obj, part, getattr(obj, part)
        else:
            raise FieldPathError(*_both("unknown_field", path=path, part=part))
    return parent, name, obj


def get_field(record: ProjectRecord, path: str) -> Any:
    """The value at a dotted path (entry ids allowed: 'step3.requirements.<id>.text')."""
    return _resolve(record, path)[2]


def set_field(record: ProjectRecord, path: str, value: Any) -> None:
    """Set the value at a dotted path (validated). A str for a non-text field is parsed.

    ``set_field(record, "step9.judgements.<ref_id>", "deels — …")`` records a judgement.
    """
    parts = path.strip().split(".")
    if len(parts) == 3 and parts[:2] == ["step9", "judgements"] and not any(
            j.id == parts[2] for j in record.step9.judgements):
        if isinstance(value, Judgement):
            judge(record, parts[2], value.verdict, value.evidence)
        else:
            judge(record, parts[2], text=str(value))
        record.touch()
        return
    parent, name, _old = _resolve(record, path)
    if parent is None or name is None:
        raise FieldPathError(*_both("whole_record"))
    if isinstance(parent, list):
        # replacing a whole entry
        idx = next(i for i, e in enumerate(parent) if e.id == name)
        entry_type = type(parent[idx])
        if isinstance(value, str):
            value = entry_type.from_text(value, record)
        elif isinstance(value, dict):
            value = entry_type.model_validate(value)
        value.id = name
        parent[idx] = value
        record.touch()
        return
    spec = _spec_for(path, type(parent).model_fields[name].annotation)
    if isinstance(value, str) and spec.kind != "text":
        value = parse_value(spec.path if "." not in path else _generic_path(path), value, record)
    elif isinstance(value, str) and spec.model is not None:
        value = parse_value(_generic_path(path), value, record)
    elif isinstance(value, str):
        value = clean_text(value).strip()
    try:
        setattr(parent, name, value)
    except ValidationError as exc:
        raise ParseError(*_both("invalid_value", path=path, problem=exc.errors()[0]["msg"])) from exc
    record.touch()


def clear_field(record: ProjectRecord, path: str) -> None:
    """Empty the one-value field at a dotted path, as it was before it was answered."""
    parent, name, _old = _resolve(record, path)
    if parent is None or name is None or isinstance(parent, list):
        raise FieldPathError(*_both("clear_one_value"))
    setattr(parent, name, type(parent).model_fields[name].get_default(call_default_factory=True))
    record.touch()


def _generic_path(path: str) -> str:
    """Drop entry ids from a path so it can be used with `field_spec`."""
    parts = path.split(".")
    out: list[str] = []
    for part in parts:
        trial = ".".join([*out, part])
        if is_valid_path(trial):
            out.append(part)
    return ".".join(out)


# ---------------------------------------------------------------------------------------------
# parsing typed answers
# ---------------------------------------------------------------------------------------------
def parse_entry(field_path: str, text: str, record: ProjectRecord | None = None) -> Entry:
    """One line of text -> one entry of the list field at `field_path`.

    >>> parse_entry("step3.requirements", "AVG-conform (data, randvoorwaarde)").aspect
    <Aspect.DATA: 'data'>
    """
    spec = field_spec(field_path)
    if spec.kind != "list" or spec.entry is None:
        raise FieldPathError(*_both("not_a_list", path=field_path))
    text = clean_text(text).strip()
    if not text:
        raise ParseError(*_both("empty_answer"))
    entry = spec.entry.from_text(text, record)
    if not entry.is_filled():
        raise ParseError(*_both("no_entry_made", text=text))
    return entry


def pasted_header(field_path: str, text: str) -> list[str] | None:
    """The cells of a pasted table's first row where it names the table's columns and is no entry
    of the list at `field_path` (parsing.header_row), else None. A row most of whose cells name
    the entry's parts ("Criterium<tab>Doel<tab>Eis") is not given: the list reads that one itself,
    as the key of each column's cells."""
    cells = header_row(text)
    entry = field_spec(field_path).entry
    if cells is None or entry is None:
        return cells
    named = sum(_norm(cell) in entry._KEYS for cell in cells)
    return None if named >= max(2, (len(cells) + 1) // 2) else cells


def typed_parts(field_path: str, text: str) -> list[str]:
    """The keys typed in `text` ("doel", "eis") that name parts of an entry of the list at
    `field_path` other than its main one: what makes a line one of that list's and no other's."""
    entry = field_spec(field_path).entry
    if entry is None or not entry._KEYS:
        return []
    return [typed for field, typed in keyed_labels(text, entry._KEYS).items() if field != entry._main]


def entry_name(entry: Entry) -> str:
    """The main part of a list entry: a criterion's or a deliverable's own words, without its parts."""
    return str(getattr(entry, entry._main))


def parse_value(field_path: str, text: str, record: ProjectRecord | None = None) -> Any:
    """Typed text -> a value for the field at `field_path` (a list of entries for list fields)."""
    spec = field_spec(field_path)
    text = clean_text(text)
    if spec.kind == "list":
        return [parse_entry(field_path, line, record) for line in _lines(text)]
    text = text.strip()
    if spec.kind == "choice":
        if spec.enum is None:
            return text
        member = spec.enum.parse(text)
        if member is None:
            # allow "innovatiepartnerschap, omdat …": first segment
            head = _CHOICE_REST.split(text, maxsplit=1)[0]
            member = spec.enum.parse(head)
        if member is None:
            say = catalog("plan.record.paths").text
            options = {lang: ", ".join(lbl for _, lbl in spec.enum.choices(lang)) for lang in ("nl", "en")}
            raise ParseError(say("choose_one_of", "nl", options=options["nl"]),
                             say("choose_one_of", "en", options=options["en"]))
        return member
    if spec.kind == "number":
        if field_path.endswith("trl"):
            return _trl(text)
        n = parse_number(text)
        if n is None:
            raise ParseError(*_both("not_a_number", text=text))
        return int(n) if spec.annotation is int or n == int(n) else n
    if spec.kind == "bool":
        if spec.model is not None:
            return spec.model.from_text(text, record)
        ok, _note = parse_bool(text)
        if ok is None:
            raise ParseError(*_both("yes_or_no"))
        return ok
    if spec.model is not None:
        if not issubclass(spec.model, OneLine):
            raise FieldPathError(*_both("group_not_field", path=field_path))
        return spec.model.from_text(text, record)
    return text


#: Where what follows a choice begins: "innovatiepartnerschap, omdat …", "opschalen (met A)".
_CHOICE_REST = re.compile(r"[,;:(—–]|\s-\s")


def choice_rest(field_path: str, text: str) -> str:
    """What an answer to the choice at `field_path` says after the choice itself ("opschalen, met
    leverancier A" -> "met leverancier A"), which the record has no place for; "" where the
    answer is the choice alone, or its first segment is not the choice by itself."""
    spec = field_spec(field_path)
    text = clean_text(text).strip()
    if spec.kind != "choice" or spec.enum is None or spec.enum.parse_exact(text) is not None:
        return ""
    parts = _CHOICE_REST.split(text, maxsplit=1)
    head = spec.enum.parse(parts[0]) if len(parts) == 2 else None
    if head is None or head is not (spec.enum.parse(text) or head):  # the whole read as another choice
        return ""
    rest = parts[1].strip(" ,;:—–-")
    if text[len(parts[0]):].lstrip().startswith("(") and "(" not in rest:
        rest = rest.removesuffix(")").strip()
    return rest


#: Most entries one list of a record may hold (requirements, lessons …), and all lists
#: together: far above any real procurement, low enough that every export stays fast. The
#: conversation and an import keep the same limits (a record of 1,100 lines was exported and
#: then refused on import).
MAX_LIST_ENTRIES = 1000
MAX_TOTAL_ENTRIES = 5000


def check_room(record: ProjectRecord, path: str, adding: int) -> None:
    """Refuse (ParseError) `adding` entries more for the list at `path` beyond the limits."""
    _check_room(record, _list_at(record, path), adding)


def _check_room(record: ProjectRecord, items: list, adding: int) -> None:
    if len(items) + adding > MAX_LIST_ENTRIES:
        raise ParseError(*_both("list_full", limit=MAX_LIST_ENTRIES, count=len(items), adding=adding))
    total = sum(len(get_field(record, path)) for path in list_fields())
    if total + adding > MAX_TOTAL_ENTRIES:
        raise ParseError(*_both("record_full", limit=MAX_TOTAL_ENTRIES, count=total))


def apply_text(record: ProjectRecord, field_path: str, text: str) -> list[Entry] | Any:
    """Store a typed answer: list fields get one new entry per line (appended, returned);
    other fields are set (the new value is returned)."""
    generic = _generic_path(field_path) if not is_valid_path(field_path) else field_path
    spec = field_spec(generic)
    if spec.kind == "list" and generic == field_path:
        entries = parse_value(field_path, text, record)
        if not entries:
            raise ParseError(*_both("empty_answer"))
        target = get_field(record, field_path)
        _check_room(record, target, len(entries))
        target.extend(entries)
        if entries and isinstance(entries[0], Requirement):
            _link_waiting_criteria(record)
        record.touch()
        return entries
    set_field(record, field_path, text)
    return get_field(record, field_path) if not field_path.startswith("step9.judgements.") else \
        find_judgement(record, field_path.split(".")[2]) or get_field(record, field_path)


# ---------------------------------------------------------------------------------------------
# list helpers
# ---------------------------------------------------------------------------------------------
def _list_at(record: ProjectRecord, path: str) -> list:
    spec = field_spec(_generic_path(path) or path)
    value = get_field(record, path)
    if spec.kind != "list" or not isinstance(value, list):
        raise FieldPathError(*_both("not_a_list", path=path))
    return value


def add_entry(record: ProjectRecord, path: str, entry: Entry | str | dict) -> Entry:
    """Append an entry (an Entry, a dict of its fields, or one line of text); returns it."""
    items = _list_at(record, path)
    spec = field_spec(path)
    if isinstance(entry, str):
        entry = parse_entry(path, entry, record)
    elif isinstance(entry, dict):
        entry = spec.entry.model_validate(entry)
    elif not isinstance(entry, spec.entry):
        raise ParseError(*_both("wrong_entry_kind", path=path))
    if any(e.id == entry.id for e in items):
        entry.id = new_id()
    _check_room(record, items, 1)
    items.append(entry)
    if isinstance(entry, Requirement):
        _link_waiting_criteria(record)
    record.touch()
    return entry


def _link_waiting_criteria(record: ProjectRecord) -> None:
    """Criteria that name a requirement step 3 did not have yet ("eis: 2" typed before step 3)
    link to it once it is there: unlinked, "2" meant whichever requirement was second at the
    time, and after one was removed the criterion named another without a word."""
    for c in record.step4.criteria:
        if not c.requirement_id:
            c.link(record)


def edit_entry(record: ProjectRecord, path: str, entry_id: str, change: str | dict | Entry) -> Entry:
    """Change an entry in place, keeping its id: a line of text (re-parsed), or a dict of fields."""
    items = _list_at(record, path)
    idx = next((i for i, e in enumerate(items) if e.id == entry_id), None)
    if idx is None:
        raise FieldPathError(*_both("no_entry", entry_id=entry_id, path=path))
    old = items[idx]
    if isinstance(change, str):
        new = parse_entry(path, change, record)
    elif isinstance(change, Entry):
        new = change.model_copy()
    else:
        try:
            new = type(old).model_validate({**old.model_dump(), **change})
        except ValidationError as exc:
            raise ParseError(*_both("invalid_change", problem=exc.errors()[0]["msg"])) from exc
    new.id = old.id
    if isinstance(new, Criterion) and isinstance(change, dict) and "requirement" in change:
        new.requirement_id = None
        new.link(record)
    items[idx] = new
    if isinstance(new, Requirement) and new.text != old.text:
        _follow_reworded_requirement(record, new)
    record.touch()
    return new


def _is_number_ref(typed: str) -> bool:
    return re.fullmatch(r"#?\d{1,3}", typed.strip()) is not None


def _follow_reworded_requirement(record: ProjectRecord, requirement: Requirement) -> None:
    """A criterion linked to a reworded requirement names it in its new words: the exported
    file said the old words beside the id, and a reviewer who edited them changed nothing."""
    for c in record.step4.criteria:
        if c.requirement_id == requirement.id and c.requirement.strip() and not _is_number_ref(c.requirement):
            c.requirement = requirement.text


@dataclass(frozen=True)
class RelinkedCriterion:
    """A criterion whose link was mended on import: its named requirement (`typed`) and its
    `requirement_id` disagreed. `number` is the criterion's, `now` the requirement's it links
    to after (1-based; None: none in step 3), `kept_id`: the words named none, so the id stayed;
    `unknown_id`: the id that named no requirement where the words were empty (now its words)."""

    number: int
    typed: str
    now: int | None
    kept_id: bool = False
    unknown_id: str = ""


def relink_criteria(record: ProjectRecord) -> list[RelinkedCriterion]:
    """Make each criterion's link agree with the requirement its words name, as an edited file
    may not: words that name a step-3 requirement win over an id (a person edits the words, not
    the id); an id that points nowhere goes, into the words where they are empty, so that the
    check on unknown requirements names it. Words that name nothing beside a valid id keep the
    link and are reported (the file may be older than the rewording of its requirement)."""
    numbers = {r.id: n for n, r in enumerate(record.step3.requirements, 1)}
    mended: list[RelinkedCriterion] = []
    for n, c in enumerate(record.step4.criteria, 1):
        typed = c.requirement.strip()
        named = find_requirement(record, typed) if typed else None
        if named is not None and c.requirement_id and named.id != c.requirement_id:
            c.requirement_id = named.id
            mended.append(RelinkedCriterion(n, typed, numbers[named.id]))
        elif named is not None and not c.requirement_id:
            # an older file, the link typed by hand, or an empty id: no news (an empty id was
            # said to have "pointed at another requirement")
            c.requirement_id = named.id
        elif named is None and c.requirement_id:
            if c.requirement_id not in numbers:
                unknown = "" if typed else c.requirement_id
                # an id with no words was dropped unsaid: the link was lost and no check named it
                c.requirement = typed or unknown
                c.requirement_id = None
                mended.append(RelinkedCriterion(n, typed, None, unknown_id=unknown))
            elif typed:
                mended.append(RelinkedCriterion(n, typed, numbers[c.requirement_id], kept_id=True))
    return mended


def remove_entry(record: ProjectRecord, path: str, entry_id: str) -> Entry:
    """Remove an entry by id; returns it. Removing a requirement/criterion also drops its
    step-9 judgement, so step 9 never judges something that no longer exists."""
    items = _list_at(record, path)
    idx = next((i for i, e in enumerate(items) if e.id == entry_id), None)
    if idx is None:
        raise FieldPathError(*_both("no_entry", entry_id=entry_id, path=path))
    removed = items.pop(idx)
    if isinstance(removed, (Requirement, Criterion)):
        record.step9.judgements = [j for j in record.step9.judgements if j.ref_id != removed.id]
    if isinstance(removed, Requirement):
        numbers = {r.id: n for n, r in enumerate(record.step3.requirements, 1)}
        for c in record.step4.criteria:
            if c.requirement_id == removed.id:
                # the link names what is gone, so the check on unknown requirements says so (a
                # link typed as "2" silently moved to the requirement that became number 2)
                c.requirement_id = None
                c.requirement = removed.text
            elif c.requirement_id in numbers and re.fullmatch(r"#?\d{1,3}", c.requirement.strip()):
                c.requirement = str(numbers[c.requirement_id])  # its number moves with the requirement
    record.touch()
    return removed


def find_entry(record: ProjectRecord, entry_id: str) -> tuple[str, Entry] | None:
    """(list path, entry) for an entry id anywhere in the record."""
    for n in STEP_NUMBERS:
        step = record.step(n)
        for name in type(step).model_fields:
            value = getattr(step, name)
            if isinstance(value, list):
                for e in value:
                    if e.id == entry_id:
                        return f"step{n}.{name}", e
    return None


def list_fields() -> list[str]:
    """Every list field path in the record."""
    out = []
    for n in STEP_NUMBERS:
        model = ProjectRecord.model_fields[f"step{n}"].annotation
        for name, info in model.model_fields.items():
            if _spec_for(name, info.annotation).kind == "list":
                out.append(f"step{n}.{name}")
    return out
