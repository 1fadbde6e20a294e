"""Pending proposals of the language model in the conversation (issue 6, record extraction).

A proposal (values extracted from a free-text answer, or "Stel voor" drafts) waits for the
user's confirmation in the conversation state (``Conversation.data["proposal"]``), so it has
to survive a restart: this module turns it into plain JSON and back, and renders it for the
conversation with every value escaped (model output and user text are never interpreted).

The proposal types live here, in the plan: the conversation works with them, and the language
model layer (:mod:`assistant.llm.extraction`, above the plan) makes them.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from assistant.core.textsafe import escape_markdown
from assistant.plan import record as rec

#: kinds of pending proposal
EXTRACT = "extract"  # from a free-text answer to the pending question
DRAFT = "draft"  # "Stel voor": drafted entries for a list field

#: What a proposal says when the model found nothing to fill in: no failure, so the conversation
#: gives no notice for it.
NOTHING_FOUND = {
    "nl": "Het taalmodel vond in het antwoord niets om in te vullen.",
    "en": "The language model found nothing to fill in from the answer.",
}
#: An accepted change that no longer fits the record (it changed since the proposal).
_STALE = {
    "nl": "Het dossier is veranderd sinds dit voorstel: '{label}' kan niet meer worden opgeslagen ({reason}).",
    "en": "The record changed since this proposal: '{label}' can no longer be stored ({reason}).",
}


class ProposedChange(BaseModel):
    """One value the assistant would store: shown to the user, written only when accepted."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    id: str = Field(default_factory=lambda: uuid.uuid4().hex[:8])
    path: str  # dotted field path in ProjectRecord
    label: str  # the question or field name, for display
    mode: Literal["set", "append"]  # append: `value` is one new list entry
    value: Any  # validated value: an Entry for append, the field's value for set
    display: str  # the value as the user sees it
    previous: str = ""  # the current value as displayed (set only)
    draft: bool = False  # drafted by the model ("Stel voor"), not taken from the user's words


class Proposal(BaseModel):
    """What the assistant would store, for the user to confirm or edit. Nothing is written yet."""

    changes: list[ProposedChange] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    draft: bool = False

    @property
    def empty(self) -> bool:
        return not self.changes

    def change(self, change_id: str) -> ProposedChange:
        for change in self.changes:
            if change.id == change_id:
                return change
        raise KeyError(change_id)

    def render(self, lang: str = "nl") -> str:
        """Markdown list of the proposed values (drafts marked), for the conversation."""
        mark = "concept" if lang != "en" else "draft"
        lines = []
        for change in self.changes:
            tag = f" _({mark})_" if change.draft else ""
            value = change.display.replace("\n", "; ")
            lines.append(f"- **{change.label}**: {value}{tag}")
        return "\n".join(lines)


def nothing_found(proposal: Proposal) -> bool:
    """Whether an empty proposal only says the model found nothing (not a failure)."""
    return not proposal.changes and bool(proposal.warnings) and proposal.warnings[0] in NOTHING_FOUND.values()


def edit_change(record: rec.ProjectRecord, change: ProposedChange, text: str, lang: str = "nl") -> None:
    """Replace a proposed value by what the user typed, parsed like a typed answer.

    Raises RecordError (with `.message(lang)`) when the text is not a valid value.
    """
    if change.mode == "append":
        value = rec.parse_entry(change.path, text, record)
    else:
        value = rec.parse_value(change.path, text, record)
        trial = record.model_copy(deep=True)
        rec.set_field(trial, change.path, value)
        value = rec.get_field(trial, change.path)
    change.value = value
    change.display = rec.format_value(value, lang)
    change.draft = False  # the user's own words now


def _reason(exc: BaseException, lang: str) -> str:
    """The first, most useful line of an error (pydantic: the first failing field and why)."""
    if isinstance(exc, rec.RecordError):
        return exc.message(lang)
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain and len(chain) < 10:
        chain.append(current)
        current = current.__cause__ or current.__context__
    for error in chain:
        if isinstance(error, ValidationError) and error.errors():
            first = error.errors()[0]
            where = ".".join(str(p) for p in first.get("loc", ())).replace("__", ".")
            return f"{where}: {first.get('msg', '')}" if where else str(first.get("msg", ""))
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def apply_proposal(
    record: rec.ProjectRecord,
    proposal: Proposal,
    accept: Iterable[str] | None = None,
    *,
    lang: str = "nl",
) -> list[ProposedChange]:
    """Write the accepted changes (ids; None = all) into `record`, all or nothing.

    Everything is tried on a copy first; if any accepted change no longer fits the record,
    RecordError is raised and `record` is untouched. Returns the changes written.
    """
    wanted = None if accept is None else set(accept)
    chosen = [c for c in proposal.changes if wanted is None or c.id in wanted]

    def write(target: rec.ProjectRecord) -> None:
        for change in chosen:
            try:
                if change.mode == "append":
                    rec.add_entry(target, change.path, change.value.model_copy(deep=True))
                else:
                    value = change.value.model_copy(deep=True) if isinstance(change.value, BaseModel) else change.value
                    rec.set_field(target, change.path, value)
            except (rec.RecordError, ValidationError, ValueError, TypeError) as exc:
                reason = _reason(exc, lang)
                raise rec.ParseError(
                    _STALE["nl"].format(label=change.label, reason=reason),
                    _STALE["en"].format(label=change.label, reason=reason),
                ) from exc

    write(record.model_copy(deep=True))
    write(record)
    return chosen


def dump_change(change: ProposedChange) -> dict[str, Any]:
    return change.model_dump(mode="json")


def load_change(data: dict[str, Any]) -> ProposedChange:
    """A stored change with its value validated again against the record's models.

    Raises ValueError (or a pydantic ValidationError, a subclass) when it no longer fits.
    """
    if not isinstance(data, dict):
        raise ValueError("not a change")
    path = str(data.get("path", ""))
    spec = rec.field_spec(path)
    raw = data.get("value")
    if data.get("mode") == "append":
        if spec.entry is None:
            raise ValueError(f"{path} is not a list field")
        value: Any = spec.entry.model_validate(raw)
    else:
        value = TypeAdapter(spec.annotation).validate_python(raw)
    return ProposedChange.model_validate({**data, "value": value})


def dump_proposal(proposal: Proposal) -> dict[str, Any]:
    return {
        "changes": [dump_change(c) for c in proposal.changes],
        "warnings": [str(w) for w in proposal.warnings],
        "draft": bool(proposal.draft),
    }


def load_proposal(data: dict[str, Any]) -> Proposal:
    """The Proposal stored by :func:`dump_proposal`; ValueError when unreadable."""
    if not isinstance(data, dict) or not isinstance(data.get("changes"), list):
        raise ValueError("not a proposal")
    try:
        changes = [load_change(c) for c in data["changes"]]
    except (rec.RecordError, TypeError, KeyError) as exc:
        raise ValueError(str(exc)) from exc
    warnings = [str(w) for w in data.get("warnings") or []]
    return Proposal(changes=changes, warnings=warnings, draft=bool(data.get("draft")))


def render_lines(proposal: Proposal, lang: str, *, label: Callable[[str], str] | None = None, show_label: bool = True,
                 numbered: bool = True) -> list[str]:
    """Numbered Markdown lines, like :meth:`Proposal.render` but numbered (the user picks by
    number) and with labels and values escaped. ``label``: callable shortening a label;
    ``show_label`` False for drafts of one list (the field is named above the lines);
    ``numbered`` False for bullets (what was stored: list positions differ from these numbers)."""
    mark = "draft" if lang == "en" else "concept"
    lines = []
    for i, change in enumerate(proposal.changes, 1):
        name = label(change.label) if label is not None else change.label
        value = escape_markdown(" ".join(change.display.replace("\n", "; ").split()))
        tag = f" _({mark})_" if change.draft else ""
        previous = ""
        if change.mode == "set" and change.previous and change.previous != change.display:
            previous = f" (was: {escape_markdown(' '.join(change.previous.split())[:120])})"
        head = f"**{escape_markdown(name)}**: " if show_label else ""
        lines.append(f"{f'{i}.' if numbered else '-'} {head}{value}{tag}{previous}")
    return lines


__all__ = [
    "DRAFT", "EXTRACT", "NOTHING_FOUND", "Proposal", "ProposedChange", "apply_proposal", "dump_change",
    "dump_proposal", "edit_change", "load_change", "load_proposal", "nothing_found", "render_lines",
]
