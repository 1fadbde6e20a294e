"""Optional language model: generative answers, record extraction, drafts (issue 6).

Nothing here imports langchain_openai / langchain_ollama until a provider is configured.
"""

from __future__ import annotations

import dataclasses
import logging
from typing import TYPE_CHECKING

from assistant.answer import Answerer, SearchIndex
from assistant.answer.extractive import ExtractiveAnswerer
from assistant.core.settings import Settings
from assistant.knowledge.types import Answer
from assistant.plan.ports import CancelFlag, TokenSink

if TYPE_CHECKING:  # loads bm25s and numpy; only its type is needed here
    from assistant.knowledge.base import KnowledgeBase

log = logging.getLogger(__name__)


class UnavailableAnswerer:
    """The extractive answers of `kb`, each carrying the reason the configured LLM is unusable."""

    def __init__(self, kb: SearchIndex, reason: str) -> None:
        self.kb = kb
        self.reason = reason

    def ask(
        self,
        question: str,
        *,
        k: int = 5,
        lang: str = "nl",
        on_token: TokenSink | None = None,
        cancel: CancelFlag | None = None,
    ) -> Answer:
        answer = ExtractiveAnswerer(self.kb).ask(question, k=k, lang=lang)
        return dataclasses.replace(answer, warnings=[self.reason, *answer.warnings])


def make_answerer(settings: Settings, kb: KnowledgeBase) -> Answerer:
    """The Answerer for these settings: generative when an LLM is configured, else
    the extractive answers of `kb`.

    A configured but unusable LLM (extra not installed, no model name) gives answers from `kb`
    with the reason as a warning, instead of an exception.
    """
    llm = settings.llm
    if llm.provider == "none":
        return ExtractiveAnswerer(kb)
    from assistant.llm.answerer import GenerativeAnswerer
    from assistant.llm.models import LLMConfigError, build_chat_model

    try:
        model = build_chat_model(llm, lang=settings.language)
    except LLMConfigError as exc:
        log.warning("LLM not usable: %s", exc)
        return UnavailableAnswerer(kb, str(exc))
    return GenerativeAnswerer(kb, model, llm=llm)


__all__ = ["UnavailableAnswerer", "make_answerer"]
