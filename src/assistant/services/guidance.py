"""Questions to the guidance, answered one way for every front end.

`answer_question` is the one path from a question to a `GuidanceReply`: the TUI without a
project, `stappenplan ask` and (through `GuidanceService`, the conversation's `Guidance` port)
the guided conversation all use it, so the glossary note and the error policy are the same
everywhere. The policy: the answerer is asked once, whatever it raises is passed on (a
`QuestionError` when nothing in the question can be searched for: the caller says so; anything
else: the caller says the guidance is unavailable). Model trouble never gets here: a generative
answerer turns it into a warning on the extractive answer.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

from assistant.answer import Answerer
from assistant.knowledge.definitions import definition_subject
from assistant.knowledge.types import Answer, Citation, Passage
from assistant.plan import glossary
from assistant.plan.messages import msg
from assistant.plan.ports import CancelFlag, GuidanceReply, TokenSink
from assistant.services import Knowledge, KnowledgeSearch

log = logging.getLogger(__name__)

#: A step's quote is at most this long (the sentences that fit).
QUOTE_MAX_CHARS = 320
#: Passages searched for a step's quote; one of the step itself is preferred among them.
QUOTE_CANDIDATES = 20


def answer_question(answerer: Answerer, question: str, *, lang: str, k: int = 5,
                    on_token: TokenSink | None = None, cancel: CancelFlag | None = None) -> GuidanceReply:
    """The answer to `question` from the guidance, and the glossary's entry for its subject when
    the guidance does not cover a definition question. `on_token` receives a language model's
    words as it writes them; `cancel`, once set, stops it (the answer then says it is
    incomplete). Raises `QuestionError` when nothing in `question` can be searched for."""
    answer = answerer.ask(question, k=k, lang=lang, on_token=on_token, cancel=cancel)
    return GuidanceReply(answer, None if answer.found else glossary_note(question, lang))


def glossary_note(question: str, lang: str) -> str | None:
    """For a definition question the guidance does not cover, the assistant's own glossary entry
    for its subject, said to be that: "Wat is een grondrechtentoets?" is not the guidance's word,
    but the glossary has it (under "grondrechten")."""
    subject = definition_subject(question)
    term = glossary.lookup(subject, lang) if subject else None
    return msg("glossary_fallback", lang, entry=term.render(lang)) if term is not None else None


class GuidanceService:
    """The conversation's `Guidance` (assistant.plan.ports) over the app's knowledge base.

    `knowledge` gives the open knowledge base and its answerer; it is called on every question,
    so that a knowledge base still being built (the app starts before its index is ready) is
    used once it is there. It raises when there is none yet; the conversation says so.
    """

    def __init__(self, knowledge: Callable[[], Knowledge]) -> None:
        self._knowledge = knowledge

    def answer(self, question: str, *, lang: str, on_token: TokenSink | None = None,
               cancel: CancelFlag | None = None) -> GuidanceReply:
        return answer_question(self._knowledge().answerer, question, lang=lang, on_token=on_token, cancel=cancel)

    def step_quote(self, query: str, step: int) -> Citation | None:
        """The passage of step `step` that best matches the step's guidance query (any passage
        when none of the step's own is found), with the sentences of it that say what the step
        is about rather than its opening words."""
        kb = self._knowledge().kb
        passages = kb.retrieve(query, k=QUOTE_CANDIDATES).passages
        pick = [p for p in passages if p.step == step] or passages
        if not pick:
            return None
        passage: Passage = pick[0]
        quote = kb.quote(query, passage) or first_sentences(passage.text)
        return Citation(1, passage, quote) if quote else None


def first_sentences(text: str, limit: int = QUOTE_MAX_CHARS) -> str:
    """The whole sentences at the start of `text` that fit in `limit` characters (the first
    words, cut at a word, when even the first sentence does not fit)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    out = ""
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        if out and len(out) + len(sentence) + 1 > limit:
            break
        out = f"{out} {sentence}".strip()
    if not out or len(out) > limit:
        out = text[:limit].rsplit(" ", 1)[0] + " …"
    return out




class ConversationAnswerer:
    """What today's conversation engine asks (`ask`, and `kb` for its step quotes), answered
    through `answer_question` with the token sink and cancel flag of the input being handled.

    Temporary: once the conversation takes a `Guidance` and passes on_token/cancel to it
    (issue 24, the conversation's part), it gets a `GuidanceService` and this goes.
    """

    def __init__(self, knowledge: Callable[[], Knowledge]) -> None:
        self._knowledge = knowledge
        #: set by the front end around one input (`handle`), None otherwise
        self.on_token: TokenSink | None = None
        self.cancel: CancelFlag | None = None

    @property
    def kb(self) -> KnowledgeSearch:
        return self._knowledge().kb

    def ask(self, question: str, *, lang: str) -> Answer:
        return answer_question(self._knowledge().answerer, question, lang=lang,
                               on_token=self.on_token, cancel=self.cancel).answer


__all__ = ["ConversationAnswerer", "GuidanceService", "answer_question", "first_sentences", "glossary_note"]
