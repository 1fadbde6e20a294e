"""The guidance as the conversation's `Guidance` port (assistant.plan.ports).

Engineer D's services/guidance.py (one `answer_question`, one error policy) replaces this
module; it keeps the name and constructor the conversation's callers use.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from assistant.answer import Answerer
from assistant.knowledge.types import Answer, Citation
from assistant.plan.conversation import glossary_note
from assistant.plan.conversation.text import first_sentences
from assistant.plan.ports import CancelFlag, GuidanceReply, TokenSink

if TYPE_CHECKING:  # the knowledge base is imported only where it is opened (slow)
    from assistant.knowledge.base import KnowledgeBase

#: How many passages a step's quote is chosen from.
QUOTE_CANDIDATES = 20


class GuidanceService:
    """Answers from `answerer`, step quotes from `knowledge`; both are factories, called on
    each use, so that an index still loading is tried again (they raise until it is ready).
    `lang`: the language of a step quote taken from an answer (a knowledge base that cannot
    search, like the TUI tests' stand-in)."""

    def __init__(self, answerer: Callable[[], Answerer], knowledge: Callable[[], object], *,
                 lang: str = "nl") -> None:
        self._answerer = answerer
        self._knowledge = knowledge
        self._lang = lang

    def answer(self, question: str, *, lang: str, on_token: TokenSink | None = None,
               cancel: CancelFlag | None = None) -> GuidanceReply:
        answer = self._ask(question, lang, on_token, cancel)
        return GuidanceReply(answer, None if answer.found else glossary_note(question, lang))

    def _ask(self, question: str, lang: str, on_token: TokenSink | None, cancel: CancelFlag | None) -> Answer:
        """As the TUI's relay asked until now (interim: D's answer_question replaces this): an
        answerer that cannot stream or be cancelled is asked without what it does not take."""
        target = self._answerer()
        if on_token is None:
            return target.ask(question, lang=lang)
        for extra in ({"on_token": on_token, "cancel": cancel}, {"on_token": on_token}):
            try:
                return target.ask(question, lang=lang, **extra)  # type: ignore[arg-type]
            except TypeError:
                pass
        return target.ask(question, lang=lang)

    def step_quote(self, query: str, step: int) -> Citation | None:
        """The step's own passage that best answers its guidance query (any passage when the
        step has none), with the sentences that say what the step is about."""
        from assistant.knowledge.base import KnowledgeBase  # slow: only once a step opens

        kb = self._knowledge()
        if not isinstance(kb, KnowledgeBase):  # it cannot search: the answer's first source
            answer = self._answerer().ask(query, lang=self._lang)
            if not answer.citations:
                return None
            first = answer.citations[0]
            quote = first_sentences(first.quote or first.passage.text)
            return Citation(1, first.passage, quote) if quote else None
        passages = list(kb.retrieve(query, k=QUOTE_CANDIDATES).passages)
        pick = [p for p in passages if p.step == step] or passages
        if not pick:
            return None
        passage = pick[0]
        # the sentences that say what the step is about, not the passage's opening words
        quote = kb.quote(query, passage) or first_sentences(passage.text)
        return Citation(1, passage, quote) if quote else None


def guidance_over(answerer: Answerer | KnowledgeBase, *, lang: str = "nl") -> GuidanceService:
    """The guidance of a built answerer: a generative one quotes steps from the knowledge base
    it wraps, the knowledge base (the extractive answerer) from itself."""
    from assistant.llm.answerer import GenerativeAnswerer  # the language-model layer: slow

    kb = answerer.kb if isinstance(answerer, GenerativeAnswerer) else answerer
    return GuidanceService(lambda: answerer, lambda: kb, lang=lang)  # type: ignore[arg-type,return-value]
