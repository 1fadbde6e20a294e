"""Pending proposals of the language model in the conversation (issue 6, record extraction).

A proposal (values extracted from a free-text answer, or "Stel voor" drafts) waits for the
user's confirmation in the conversation state (``Conversation.data["proposal"]``), so it has
to survive a restart: this module turns it into plain JSON and back, and renders it for the
conversation with every value escaped (model output and user text are never interpreted).

Nothing here imports langchain: :mod:`assistant.llm.extraction` only needs pydantic.
"""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter

from assistant.llm.extraction import Proposal, ProposedChange
from assistant.plan import record as rec
from assistant.core.textsafe import escape_markdown

#: kinds of pending proposal
EXTRACT = "extract"  # from a free-text answer to the pending question
DRAFT = "draft"  # "Stel voor": drafted entries for a list field


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


def render_lines(proposal: Proposal, lang: str, *, label: Any = None, show_label: bool = True,
                 numbered: bool = True) -> list[str]:
    """Numbered Markdown lines, like :meth:`Proposal.render` but numbered (the user picks by
    number) and with labels and values escaped. ``label``: callable shortening a label;
    ``show_label`` False for drafts of one list (the field is named above the lines);
    ``numbered`` False for bullets (what was stored: list positions differ from these numbers)."""
    mark = "draft" if lang == "en" else "concept"
    lines = []
    for i, change in enumerate(proposal.changes, 1):
        name = label(change.label) if callable(label) else change.label
        value = escape_markdown(" ".join(change.display.replace("\n", "; ").split()))
        tag = f" _({mark})_" if change.draft else ""
        previous = ""
        if change.mode == "set" and change.previous and change.previous != change.display:
            previous = f" (was: {escape_markdown(' '.join(change.previous.split())[:120])})"
        head = f"**{escape_markdown(name)}**: " if show_label else ""
        lines.append(f"{f'{i}.' if numbered else '-'} {head}{value}{tag}{previous}")
    return lines


__all__ = ["DRAFT", "EXTRACT", "dump_change", "dump_proposal", "load_change", "load_proposal", "render_lines"]
