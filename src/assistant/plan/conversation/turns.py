"""The turns of the conversation as shown and stored, and citations as the store keeps them."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Any

from assistant.knowledge.types import Answer, Chunk, Citation, Passage
from assistant.store import StoredTurn


@dataclass(slots=True)
class Turn:
    """One turn of the conversation as shown to the user.

    ``text`` is Markdown written by the assistant; any user text inside it is escaped.
    User turns (``role == "user"``) hold the text literally as typed (cleaned of escapes).

    Assistant kinds: ``welcome``, ``step`` (a step's explanation), ``quote`` (a cited passage
    opening a step), ``ask`` (a question), ``stored`` (what an answer stored), ``summary``
    (end of a step), ``guidance`` (an answer from the guidance; ``answer`` is set),
    ``disambiguate``, ``record``, ``help``, ``term``, ``export``, ``info``, ``error``.
    User kinds: ``answer``, ``question``, ``command``, ``choice``, ``input``.
    """

    role: str
    kind: str
    text: str
    step: int | None = None
    field: str | None = None
    question_id: str | None = None
    citations: list[Citation] = dc_field(default_factory=list)
    answer: Answer | None = None
    seq: int | None = None
    #: of a question asked with its choices listed last ("1. …", "2. …"): how many; of the 1-or-2
    #: question, 3 where it offers the third choice (store the answer, ask the question)
    options: int = 0

    @property
    def sources(self) -> list[Citation]:
        return self.citations


def citation_to_dict(c: Citation) -> dict[str, Any]:
    ch = c.passage.chunk
    return {
        "number": c.number, "quote": c.quote, "doc": ch.doc, "title": ch.title,
        "section": ch.section, "text": ch.text, "step": ch.step, "chunk_id": ch.id,
        "source": ch.source, "position": ch.position, "rank": c.passage.rank,
        "score": c.passage.score,
    }


def citation_from_dict(d: dict[str, Any]) -> Citation:
    chunk = Chunk(
        id=str(d.get("chunk_id", "")), doc=str(d.get("doc", "")), title=str(d.get("title", "")),
        section=str(d.get("section", "")), text=str(d.get("text", "")), step=d.get("step"),
        source=str(d.get("source", "")), position=int(d.get("position") or 0),
    )
    passage = Passage(chunk, rank=int(d.get("rank") or 0), score=float(d.get("score") or 0.0))
    return Citation(int(d.get("number") or 0), passage, str(d.get("quote", "")))


def answer_remarks(answer: Answer | None) -> dict[str, list[str]] | None:
    """What an answer says about itself beside its text, as the store keeps it with its turn: its
    leading notes ("The guidance is in Dutch …"), the notes after it ("Geen duur gevonden …") and
    its warnings. None where it says nothing."""
    if answer is None:
        return None
    remarks = {"leading": answer.leading_notes, "trailing": answer.trailing_notes, "warnings": list(answer.warnings)}
    return {key: notes for key, notes in remarks.items() if notes} or None


def _texts(value: Any) -> list[str]:
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def answer_from_stored(t: StoredTurn, citations: list[Citation]) -> Answer | None:
    """The answer of a stored turn as far as it is shown again: its text, citations, notes and
    warnings (`answer_remarks`), so that a reopened conversation shows it as it was shown (its
    numbered items too, which the front ends lay out for answers only); None for a turn that
    is no answer."""
    if t.kind != "guidance" and not t.remarks:
        return None
    leading, trailing = _texts(t.remarks.get("leading")), _texts(t.remarks.get("trailing"))
    return Answer(question="", found=True, text=t.text, citations=citations, notes=[*leading, *trailing],
                  standing_notes=leading, warnings=_texts(t.remarks.get("warnings")))


def turn_from_stored(t: StoredTurn) -> Turn:
    citations = [citation_from_dict(s) for s in t.sources if isinstance(s, dict)]
    return Turn(
        role=t.role, kind=t.kind, text=t.text, step=t.step, field=t.field,
        citations=citations, answer=answer_from_stored(t, citations), seq=t.seq,
    )
