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

import dataclasses
import logging
from collections.abc import Callable, MutableSet

from assistant.answer import Answerer, SearchIndex
from assistant.answer.extractive import ExtractiveAnswerer
from assistant.answer.outline import asks_for_outline, outline_answer
from assistant.knowledge.step_numbers import neighbour_step, step_itself_asked_about
from assistant.knowledge.text import looks_english
from assistant.knowledge.types import Answer, Citation, Passage
from assistant.plan.conversation.text import first_sentences
from assistant.plan.glossary import english_term_card, english_terms_note, glossary_note, glossary_supplement
from assistant.plan.messages import msg
from assistant.plan.ports import CancelFlag, GuidanceReply, TokenSink
from assistant.plan.steps import load_plan
from assistant.services import Knowledge

log = logging.getLogger(__name__)

#: Passages searched for a step's quote; one of the step itself is preferred among them.
QUOTE_CANDIDATES = 20


def answer_question(answerer: Answerer, question: str, *, lang: str, k: int = 5,
                    on_token: TokenSink | None = None, cancel: CancelFlag | None = None,
                    said: MutableSet[str] | None = None, kb: SearchIndex | None = None) -> GuidanceReply:
    """The answer to `question` from the guidance, and the glossary's entry for its subject when
    the guidance does not cover a definition question, or covers it with quotes that only name
    the term, or answers an English-interface question about one term with Dutch quotes (for an
    English question it does cover, also the glossary's Dutch names of its terms). `on_token` receives a language model's
    words as it writes them; `cancel`, once set, stops it (the answer then says it is
    incomplete). `said` holds the standing notes a conversation has shown ("the quotes are in
    Dutch"): each comes once, under the first answer that has it; without `said`, every time.
    `kb`: the knowledge base `answerer` answers from, for the plan's outline in its own words.
    Raises `QuestionError` when nothing in `question` can be searched for."""
    answer = with_standing_notes(answerer.ask(question, k=k, lang=lang, on_token=on_token, cancel=cancel), said)
    answer = with_step_order(question, answer, lang)
    answer = with_plan_titles(kb, answer, lang)
    step_note = step_summary(question, lang)
    if not answer.found:
        return GuidanceReply(answer, glossary_note(question, lang), step_note=step_note)
    if answer.generated:  # a language model says what the term is in its own words
        return GuidanceReply(answer, None, step_note=step_note)
    # a quote that only names the term asked about is helped by the glossary's entry, and so are
    # Dutch quotes about one term to an English reader; the Dutch quotes of an English question
    # read better beside the question's terms in Dutch
    terms = english_terms_note(question, lang, answer.text) if looks_english(question) else None
    lead = glossary_supplement(question, answer.text, lang) or english_term_card(question, answer.text, lang)
    return GuidanceReply(answer, terms, lead_note=lead, step_note=step_note)


def step_summary(question: str, lang: str) -> str | None:
    """For a question what one step of the plan is ("What is step 0 for?"), the plan's own title
    and first paragraph of that step in `lang`, said to be this assistant's summary; None for
    any other question, one about something within a step included."""
    step = step_itself_asked_about(question)
    if step is None:  # most questions: the plan is not read for them
        return None
    plan = load_plan(lang)
    if step not in plan.steps:
        return None
    spec = plan.step(step)
    return msg("step_in_short", lang, step=step, title=spec.title, intro=spec.explanation.strip().split("\n")[0])


def with_step_order(question: str, answer: Answer, lang: str) -> Answer:
    """An answer to "Wat komt na stap 3?" opening with the step that comes there, by its title
    ("Na stap 3 komt stap 4 · …"): the quotes of step 4 alone never said which step they were."""
    neighbour = neighbour_step(question)
    if neighbour is None:
        return answer
    named, step = neighbour
    lead = msg("step_after" if step > named else "step_before", lang, named=named, step=step,
               title=load_plan(lang).step(step).title)
    return dataclasses.replace(answer, text=f"{lead}\n\n{answer.text}" if answer.text else lead)


def with_plan_titles(kb: SearchIndex | None, answer: Answer, lang: str) -> Answer:
    """The plan's outline ("Welke stappen heeft het stappenplan?") with the plan's own steps: each
    step's title in `lang` (in English beside the guidance's Dutch heading), and step 0, the need,
    which the guidance has no heading for, cited to its passage. Any other answer as it is."""
    if kb is None or answer.generated or not answer.found or not asks_for_outline(answer.question):
        return answer
    plan = load_plan(lang)
    need = step_citation(kb, plan.step(0).guidance_query, 0) if 0 in plan.steps else None
    outline = outline_answer(answer.question, kb.step_openings(), answer.passages, lang=lang,
                             titles={spec.number: spec.title for spec in plan}, need=need)
    return answer if outline is None else dataclasses.replace(answer, text=outline.text,
                                                              citations=outline.citations)


def step_citation(kb: SearchIndex, query: str, step: int) -> Citation | None:
    """The passage of step `step` that best matches the step's guidance query (any passage when
    none of the step's own is found), with the sentences of it that say what the step is about
    rather than its opening words."""
    passages = kb.retrieve(query, k=QUOTE_CANDIDATES).passages
    pick = [p for p in passages if p.step == step] or passages
    if not pick:
        return None
    passage: Passage = pick[0]
    quote = ExtractiveAnswerer(kb).quote(query, passage) or first_sentences(passage.text)
    return Citation(1, passage, quote) if quote else None


def with_standing_notes(answer: Answer, said: MutableSet[str] | None) -> Answer:
    """`answer` with those of its standing notes that `said` lacks among its notes (all of them
    when `said` is None); `said` then holds them."""
    unsaid = [note for note in answer.standing_notes if said is None or note not in said]
    if said is not None:
        said.update(unsaid)
    return dataclasses.replace(answer, notes=[*answer.notes, *unsaid]) if unsaid else answer


class GuidanceService:
    """The conversation's `Guidance` (assistant.plan.ports) over the app's knowledge base.

    `knowledge` gives the open knowledge base and its answerer; it is called on every question,
    so that a knowledge base still being built (the app starts before its index is ready) is
    used once it is there. It raises when there is none yet; the conversation says so.
    """

    def __init__(self, knowledge: Callable[[], Knowledge]) -> None:
        self._knowledge = knowledge
        self._said: set[str] = set()  # the standing notes this conversation has shown

    def answer(self, question: str, *, lang: str, on_token: TokenSink | None = None,
               cancel: CancelFlag | None = None) -> GuidanceReply:
        knowledge = self._knowledge()
        return answer_question(knowledge.answerer, question, lang=lang, on_token=on_token, cancel=cancel,
                               said=self._said, kb=knowledge.kb)

    def step_quote(self, query: str, step: int) -> Citation | None:
        """`step_citation` in this conversation's knowledge base."""
        return step_citation(self._knowledge().kb, query, step)

__all__ = ["GuidanceService", "answer_question", "with_standing_notes"]
