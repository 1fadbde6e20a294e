"""Questions to the guidance during the conversation, a step's opening quote, and the glossary.

The guidance itself lies above the plan (the knowledge base, a language model): it comes in
through the `Guidance` port of :mod:`assistant.plan.ports`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from assistant.answer import quoted
from assistant.answer.messages import question_problem
from assistant.core.errors import error_message
from assistant.core.textsafe import escape_markdown
from assistant.knowledge.step_numbers import step_asked_about, with_current_step
from assistant.knowledge.types import QuestionError
from assistant.plan import glossary
from assistant.plan.glossary import glossary_note
from assistant.plan import intent as intents
from assistant.plan.conversation.turns import Turn
from assistant.plan.messages import msg
from assistant.plan.ports import Guidance
from assistant.plan.steps import StepSpec
from assistant.store import StoreReadOnly

if TYPE_CHECKING:
    from assistant.plan.conversation.engine import Conversation

log = logging.getLogger(__name__)

#: Where the conversation gets its guidance: the port itself, a factory called the first time
#: it is needed (building a knowledge base is slow; a Guidance is not callable), or none.
GuidanceSource = Guidance | Callable[[], Guidance] | None


def names_a_term_of_its_own(question: str, asked: str) -> bool:
    """Whether `question` names a glossary term that the question `asked` does not: "Mag ik hier
    een innovatiepartnerschap voor gebruiken?" asks about the procedure ("hier … voor": for this
    project), not about what to fill in, and searched with step 0's question about the need it
    was answered from a survey's list; "Wat bedoelt u hier met draagvlak?" at "Is er voldoende
    draagvlak?" still asks about the question."""
    asked_terms = {term.key for term in glossary.dutch_terms_for(asked)}
    return any(term.key not in asked_terms for term in glossary.dutch_terms_for(question))


@runtime_checkable
class _Bilingual(Protocol):
    """An error of this project that says itself in Dutch and English."""

    def message(self, lang: str = "nl") -> str: ...


def error_text(exc: BaseException, lang: str) -> str:
    """An error for the conversation, escaped: in the user's language where it has one."""
    if isinstance(exc, _Bilingual):
        return escape_markdown(str(exc.message(lang)))
    return escape_markdown(error_message(exc, lang))



def glossary_overview(lang: str) -> str:
    """Every term of the glossary, alphabetically, with how to read one."""
    names = sorted((term.name(lang) for term in glossary.load_glossary()), key=str.casefold)
    return msg("term_overview", lang, count=len(names)) + "\n\n" + "\n".join(
        f"- {escape_markdown(name)}" for name in names)


class GuidanceDesk:
    """Asks the guidance for the conversation and says what it answered."""

    def __init__(self, conversation: Conversation, source: GuidanceSource) -> None:
        self.c = conversation
        self._source = source
        self._guidance: Guidance | None = None
        self._error: str | None = None
        self._quotes: dict[int, Turn | None] = {}

    @property
    def lang(self) -> str:
        return self.c.lang

    def available(self) -> bool:
        return self.get() is not None

    def get(self) -> Guidance | None:
        """The guidance, built from its factory on first use; None when there is none (the
        reason is kept for the message)."""
        if self._guidance is not None:
            return self._guidance
        source = self._source
        if source is None:
            self._error = self._error or ("no knowledge base" if self.lang == "en" else "geen kennisbank")
            return None
        if not callable(source):
            self._guidance = source
            return source
        try:
            self._guidance = source()
        except Exception as exc:  # noqa: BLE001 - no guidance, with the reason; the conversation goes on
            log.warning("building the answerer failed: %s", exc)
            self._error = error_text(exc, self.lang)
            self._source = None
            return None
        return self._guidance

    def ask(self, question: str, *, after: str | None = None, again: bool = True) -> list[Turn]:
        """Answer `question` from the guidance, then (`again`) ask the pending question again.
        `after`: the answer the question was typed behind ("… — is dat realistisch?"), which it
        may point at; that answer is stored after this, and the conversation goes on from there."""
        try:
            self.c.commit([])  # the question itself is saved before the (slow) search
            saving = True
        except StoreReadOnly:  # a read-only data folder (said when it opened): answered, not kept
            self.c.forget_user_turn()
            saving = False
        out = self._answer(question, after=after)
        q = self.c.pending
        if q is not None and again:
            # in short, but after a question about the question ("Wat moet ik hier invullen?"), and
            # in full where the guidance had nothing for a question pointing at it: its help is all there is
            helped = any(t.kind == "info" and t.text == msg("pointing_not_in_guidance", self.lang) for t in out)
            full = intents.about_this_question(question) or helped
            out.append(self.c.render.ask_again_turn(q, full=full, back=True))
        if saving:
            self.c.commit(out)
        return out

    def _answer(self, question: str, *, after: str | None = None) -> list[Turn]:
        guidance = self.get()
        if guidance is None:
            return [self.c.render.say("error", msg("guidance_unavailable", self.lang, error=self._error or "—"))]
        # a question typed behind an answer points at that answer, not at the open question:
        # "is dat realistisch?" alone was searched for "realistisch" anywhere in the guidance
        refers = after is not None and intents.refers_back(question)
        pointing = not refers and self.points_at_open_question(question)
        asked = intents.asks_of_question(question) if pointing else None
        from_step = self.step_data_turns(asked)
        if asked == "required":  # the step data says it; the guidance knows nothing of this plan's questions
            return from_step
        on_token, cancel = self.c.stream
        try:
            searched = f"{after.rstrip(' .;:—–-')} — {question}" if refers else self.search_text(question)
            reply = guidance.answer(searched, lang=self.lang, on_token=on_token, cancel=cancel)
        except QuestionError as exc:  # "?" alone, "wat betekent dat?": nothing to search for
            return from_step or [self.c.render.say("info", question_problem(exc.refers_to, self.lang))]
        except Exception as exc:  # noqa: BLE001 - any failure: a message, the conversation goes on
            log.warning("guidance failed: %s", exc)
            return [self.c.render.say("error", msg("guidance_unavailable", self.lang, error=error_text(exc, self.lang)))]
        answer = reply.answer
        if from_step and not answer.found:  # the step data answered; no "not covered" under it
            return from_step
        if pointing and not answer.found:
            # "Wat moet ik hier invullen?" at a question whose help quotes the guidance was told
            # "De handreikingen gaan hier niet over": the question's own help answers it (shown in full)
            return [self.c.render.say("info", msg("pointing_not_in_guidance", self.lang))]
        text = answer.text.strip() if answer.text else ""
        if not answer.found and not text:
            text = msg("not_in_guidance", self.lang)
        # the step's summary only where the user asked about a step: a question about the open
        # question is searched for with its step's number, and the step was shown when it opened
        named = step_asked_about(with_current_step(question, self.c.current_step))
        leading = reply.leading_notes if named is not None else [reply.lead_note] if reply.lead_note else []
        out = from_step + [self.c.render.say("term", note) for note in leading]
        out.append(Turn("assistant", "guidance", text, step=self.c.current_step,
                        citations=list(answer.citations), answer=answer))
        if reply.glossary_note:
            out.append(self.c.render.say("term", reply.glossary_note))
        return out

    def search_text(self, question: str) -> str:
        """What to search the guidance for: "deze stap" / "the next step" named by number, and a
        short question about the question asked ("Wat moet ik hier invullen?") with its words."""
        # the guidance numbers steps 1 to 10: step 0 is found by what it is about
        unnumbered = {0: self.c.step_spec(0).guidance_query}
        text = with_current_step(question, self.c.current_step, unnumbered=unnumbered)
        q = self.c.pending
        if q is not None and (self.points_at_open_question(question) or (
                intents.about_this_question(question) and not names_a_term_of_its_own(question, q.prompt))):
            step = f" (stap {self.c.current_step})" if self.c.current_step in range(1, 11) else ""
            text = f"{text} {q.prompt}{step}"
        return text

    def points_at_open_question(self, question: str) -> bool:
        """Whether `question` is about the open question or its step without a subject of its
        own (intents.points_at_question, with the question's and the step's own words)."""
        q = self.c.pending
        if q is None or names_a_term_of_its_own(question, q.prompt):
            return False
        spec = self.c.step_spec()
        return intents.points_at_question(question, " ".join((q.prompt, q.help, q.example, spec.title)))

    def step_data_turns(self, asked: str | None) -> list[Turn]:
        """What the plan itself says of the open question for what a question asks of it
        (intents.asks_of_question): whether it is required, why it is asked (its step's
        explanation), an example of an answer; nothing for anything else."""
        q, step = self.c.pending, self.c.current_step
        if q is None or asked is None:
            return []
        spec = self.c.step_spec()
        if asked == "required":
            text = msg("question_is_required" if q.required else "question_is_optional", self.lang, step=step)
        elif asked == "why":
            reason = spec.explanation.strip().split("\n")[0]
            text = msg("question_why", self.lang, step=step, title=spec.title, reason=escape_markdown(reason))
        elif asked == "example" and q.example:
            text = msg("question_example", self.lang, example=escape_markdown(q.example))
        else:
            return []
        return [self.c.render.say("info", text)]

    def quote_turn(self, spec: StepSpec) -> Turn | None:
        """The passage of the guidance that says what step `spec` is about (kept per step; a
        failure, e.g. the index still loading, is tried again next time)."""
        if spec.number not in self._quotes:
            guidance = self.get()
            if guidance is None:
                return None
            try:
                citation = guidance.step_quote(spec.guidance_query, spec.number)
            except Exception as exc:  # noqa: BLE001 - e.g. the index is still loading: try again later
                log.warning("step quote failed: %s", exc)
                return None
            self._quotes[spec.number] = None if citation is None else Turn(
                "assistant", "quote",
                f"{msg('guidance_quote_intro', self.lang)}\n\n> {quoted(escape_markdown(citation.quote))} [1]",
                step=spec.number, citations=[citation])
        cached = self._quotes[spec.number]
        return None if cached is None else Turn(
            cached.role, cached.kind, cached.text, step=cached.step, citations=list(cached.citations))
