"""Answer composition: extractive by default, generative through an LLM when configured."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from assistant.knowledge.types import Answer, Chunk, Retrieval

if TYPE_CHECKING:  # bm25s and numpy: only their types are needed here
    from assistant.knowledge.lexical import LexicalIndex
    from assistant.knowledge.text import Concept


class Answerer(Protocol):
    """Anything that answers a question from the guidance (extractive or LLM-backed).

    `on_token` receives streamed text as it is produced (generative answerers only);
    `cancel`, when set, asks a running answer to stop as soon as it can.
    """

    def ask(
        self,
        question: str,
        *,
        k: int = 5,
        lang: str = "nl",
        on_token: Callable[[str], None] | None = None,
        cancel: threading.Event | None = None,
    ) -> Answer: ...


@runtime_checkable
class SearchIndex(Protocol):
    """What the extractive answerer uses of the knowledge base (knowledge.base.KnowledgeBase):
    its search, its lexical index (to weigh a sentence's words), the question's content words,
    the passage after another (a list that runs on) and before it (what a sentence leans on), the
    dense model's closeness of the question to a passage's windows (to weigh a sentence's
    meaning), and each step's opening passage (the plan's outline)."""

    @property
    def lexical(self) -> LexicalIndex | None: ...

    def retrieve(self, question: str, k: int = 10) -> Retrieval: ...

    def concepts(self, text: str) -> list[Concept]: ...

    def following(self, chunk: Chunk) -> Chunk | None: ...

    def preceding(self, chunk: Chunk) -> Chunk | None: ...

    def window_closeness(self, text: str, chunk: Chunk) -> list[float]: ...

    def step_openings(self) -> list[Chunk]: ...


def quoted(passage: str) -> str:
    """A passage between quotation marks, for showing it as a source; one that opens or closes
    with the guidance's own quote (an interview: "“Ook de financiering …", "… het mkb.”") keeps
    that mark instead of getting a second one."""
    opening = "" if passage.startswith("“") else "“"
    closing = "" if passage.endswith("”") else "”"
    return f"{opening}{passage}{closing}"
