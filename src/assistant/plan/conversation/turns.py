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


def turn_from_stored(t: StoredTurn) -> Turn:
    return Turn(
        role=t.role, kind=t.kind, text=t.text, step=t.step, field=t.field,
        citations=[citation_from_dict(s) for s in t.sources if isinstance(s, dict)], seq=t.seq,
    )
