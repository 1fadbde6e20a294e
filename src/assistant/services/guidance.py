"""The guidance as the conversation's `Guidance` port (assistant.plan.ports).

Engineer D's services/guidance.py (one `answer_question`, one error policy) replaces this
module; it keeps the name and constructor the conversation's callers use.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from assistant.answer import Answerer
from assistant.knowledge.types import Citation
from assistant.plan.conversation import glossary_note
from assistant.plan.conversation.text import first_sentences
from assistant.plan.ports import CancelFlag, GuidanceReply, TokenSink

if TYPE_CHECKING:  # the knowledge base is imported only where it is opened (slow)
    from assistant.knowledge.base import KnowledgeBase

#: How many passages a step's quote is chosen from.
QUOTE_CANDIDATES = 20


class GuidanceService:
    """Answers from `answerer`, step quotes from `knowledge`; both are factories, called on
    each use, so that an index still loading is tried again (they raise until it is ready)."""

    def __init__(self, answerer: Callable[[], Answerer], knowledge: Callable[[], KnowledgeBase]) -> None:
        self._answerer = answerer
        self._knowledge = knowledge

    def answer(self, question: str, *, lang: str, on_token: TokenSink | None = None,
               cancel: CancelFlag | None = None) -> GuidanceReply:
        answer = self._answerer().ask(question, lang=lang, on_token=on_token, cancel=cancel)  # type: ignore[arg-type]
        return GuidanceReply(answer, None if answer.found else glossary_note(question, lang))

    def step_quote(self, query: str, step: int) -> Citation | None:
        """The step's own passage that best answers its guidance query (any passage when the
        step has none), with the sentences that say what the step is about."""
        kb = self._knowledge()
        passages = list(kb.retrieve(query, k=QUOTE_CANDIDATES).passages)
        pick = [p for p in passages if p.step == step] or passages
        if not pick:
            return None
        passage = pick[0]
        # the sentences that say what the step is about, not the passage's opening words
        quote = kb.quote(query, passage) or first_sentences(passage.text)
        return Citation(1, passage, quote) if quote else None


def guidance_over(answerer: Answerer | KnowledgeBase) -> GuidanceService:
    """The guidance of a built answerer: a generative one quotes steps from the knowledge base
    it wraps, the knowledge base (the extractive answerer) from itself."""
    from assistant.llm.answerer import GenerativeAnswerer  # the language-model layer: slow

    kb = answerer.kb if isinstance(answerer, GenerativeAnswerer) else answerer
    return GuidanceService(lambda: answerer, lambda: kb)  # type: ignore[arg-type,return-value]
