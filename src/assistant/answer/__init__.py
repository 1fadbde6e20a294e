"""Answer composition: extractive by default, generative through an LLM when configured."""

from __future__ import annotations

import re
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


#: An opening mark the PDF set apart from its first word ("“ Ik denk …").
_OPENING_SPACE = re.compile(r"([“‘]) +")
#: A nested quote's opening mark (not "‘80"), and its closing one (not the apostrophe of "risico’s").
_SINGLE_OPENING = re.compile(r"‘(?=[^\W\d])")
_SINGLE_CLOSING = re.compile(r"(?<=\S)’(?!\w)")


def balanced_quotes(run: str) -> str:
    """A run of quoted sentences with its quotation marks paired: an interview's speech opens in
    one sentence and closes sentences later, so a run cut from it began "“Ook de financiering
    bespreken we …" and never closed (or closed what it never opened, or opened a nested quote,
    "‘Niet elke innovatie …", that it never closed)."""
    run = _OPENING_SPACE.sub(r"\1", run)
    unclosed = unopened = 0
    for _, mark in _double_marks(run):
        if mark == "“":
            unclosed += 1
        elif unclosed:
            unclosed -= 1
        else:
            unopened += 1
    nested = len(_SINGLE_OPENING.findall(run)) - len(_SINGLE_CLOSING.findall(run))
    if nested > 0:  # the nested quote closes inside the outer one
        body = run.rstrip("”")
        run = body + "’" * nested + run[len(body):]
    return "“" * unopened + run + "”" * unclosed


#: A quotation's own quotation marks, inside the source's: the other pair, as in print
_INNER_QUOTES = str.maketrans("“”", "‘’")


def quoted(passage: str) -> str:
    """A passage between quotation marks, for showing it as a source; one that is the
    guidance's own quote (an interview: "“Ook de financiering …", "… het mkb.”") keeps its
    marks instead of getting a second pair, and a quote inside it gets ‘…’ ("“‘De kans bestaat
    … mislukt’, legt Louwerse uit.”": its own mark had closed the source's)."""
    passage = balanced_quotes(passage)
    if passage.startswith("“") and _closes_at(passage) == len(passage) - 1:
        return passage
    return f"“{passage.translate(_INNER_QUOTES)}”"


#: A speech of several paragraphs opens each of them with “ and closes only the last ("… winst te
#: behalen. “Deze gemeenschappelijke vraagstukken …”"): an opening mark after a sentence's end,
#: inside a quote, goes on with that quote rather than nesting one in it.
_GOES_ON_QUOTE = re.compile(r"(?<=[.!?…]\s)“|(?<=[.!?…]\s\s)“")


def _double_marks(text: str) -> list[tuple[int, str]]:
    """The quotation marks (“, ”) that open or close a quote in `text`, by where they are: the
    opening of a speech's next paragraph left out."""
    marks, depth = [], 0
    for found in re.finditer(r"[“”]", text):
        if found.group() == "“" and depth and _GOES_ON_QUOTE.match(text, found.start()):
            continue
        depth = depth + 1 if found.group() == "“" else max(depth - 1, 0)
        marks.append((found.start(), found.group()))
    return marks


def _closes_at(text: str) -> int:
    """Where the quotation that opens `text` closes; -1 when it does not."""
    depth = 0
    for at, mark in _double_marks(text):
        depth += 1 if mark == "“" else -1
        if depth == 0:
            return at
    return -1
