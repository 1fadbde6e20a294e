"""One way from a question to an answer from the guidance (issue 24): `answer_question`, and the
conversation's `Guidance` port over it (`GuidanceService`)."""

from __future__ import annotations

import threading
import time

import pytest
from fakes import slow_model
from fakes import QUESTION, build_small_kb

from assistant.answer.extractive import ExtractiveAnswerer
from assistant.knowledge.types import QuestionError
from assistant.llm.answerer import GenerativeAnswerer
from assistant.plan.ports import Guidance
from assistant.plan.steps import load_plan
from assistant.services import Knowledge
from assistant.services.guidance import GuidanceService, answer_question


@pytest.fixture(scope="module")
def small_kb(tmp_path_factory):
    return build_small_kb(tmp_path_factory.mktemp("small-kb"))


class _Counting:
    """The small knowledge base as answerer, counting the questions it is asked."""

    def __init__(self, kb) -> None:
        self.kb = kb
        self.asked = 0

    def ask(self, question, *, k=5, lang="nl", on_token=None, cancel=None):
        self.asked += 1
        return ExtractiveAnswerer(self.kb).ask(question, k=k, lang=lang, on_token=on_token, cancel=cancel)


def test_an_uncovered_definition_question_gets_the_glossarys_entry_said_to_be_the_glossarys(small_kb):
    reply = answer_question(ExtractiveAnswerer(small_kb), "Wat is een grondrechtentoets?", lang="nl")
    assert not reply.answer.found
    assert "begrippenlijst" in reply.glossary_note and "**grondrechten**" in reply.glossary_note


def test_a_covered_question_or_one_the_glossary_lacks_gets_no_glossary_note(small_kb):
    covered = answer_question(ExtractiveAnswerer(small_kb), QUESTION, lang="nl")
    assert covered.answer.found and covered.glossary_note is None
    unknown = answer_question(ExtractiveAnswerer(small_kb), "Wat is een appeltaart?", lang="nl")
    assert not unknown.answer.found and unknown.glossary_note is None


def test_an_english_question_answered_from_the_dutch_text_gets_its_terms_as_the_guidance_names_them(kb):
    reply = answer_question(ExtractiveAnswerer(kb), "Who owns the intellectual property?", lang="en")
    assert reply.answer.found
    assert reply.glossary_note == ("Terms of your question as the guidance names them: "
                                   "intellectual property → intellectueel eigendom.")
    dutch = answer_question(ExtractiveAnswerer(kb), "Wie is eigenaar van het intellectueel eigendom?", lang="en")
    assert dutch.answer.found and dutch.glossary_note is None  # a Dutch question reads the quotes as they are


def test_the_terms_note_of_an_english_question_gives_the_word_its_dutch_quotes_use(kb):
    # the note said "end users → stakeholder" under quotes that say "eindgebruikers"
    reply = answer_question(ExtractiveAnswerer(kb), "Do end users have to be involved?", lang="en")
    assert reply.answer.found and "eindgebruikers" in reply.answer.text
    assert reply.glossary_note == ("Terms of your question as the guidance names them: "
                                   "end users → eindgebruikers.")


def test_a_covered_definition_question_whose_quotes_only_name_the_term_is_led_by_the_glossarys_entry(kb):
    # the guidance names the valley of death in passing; the answer quotes the sentences around it.
    # The entry comes first: "what is a tender?" led with a Dutch sentence that said nothing of it
    reply = answer_question(ExtractiveAnswerer(kb), "Wat is de valley of death?", lang="nl")
    assert reply.answer.found and "valley of death" in reply.answer.text.lower()
    assert reply.lead_note.startswith("Kort gezegd, uit de begrippenlijst van deze assistent")
    assert "**Valley of death**" in reply.lead_note and reply.glossary_note is None
    # where the quote says what the term is, the glossary is not needed
    defined = answer_question(ExtractiveAnswerer(kb), "Wat is een marktconsultatie?", lang="nl")
    assert defined.answer.text.startswith("Een marktconsultatie is") and defined.lead_note is None
    english = answer_question(ExtractiveAnswerer(kb), "What is the valley of death?", lang="en")
    assert english.lead_note.startswith("In short, from this assistant's glossary")
    # in English the entry comes also where the Dutch quote defines the term: it is Dutch
    defined_en = answer_question(ExtractiveAnswerer(kb), "What is a market consultation?", lang="en")
    assert defined_en.answer.text.startswith("Een marktconsultatie is")
    assert defined_en.lead_note.startswith("In short, from this assistant's glossary")
    assert "**market consultation** — NL: marktconsultatie" in defined_en.lead_note


@pytest.mark.parametrize(("question", "head"), [
    ("How does an innovation partnership work?", "**innovation partnership** — NL: innovatiepartnerschap"),
    ("what is a market consultation for", "**market consultation** — NL: marktconsultatie"),
    ("how does TRL work", "**TRL (Technology Readiness Level)**"),
    ("Hoe werkt een innovatiepartnerschap?", "**innovation partnership** — NL: innovatiepartnerschap"),
])
def test_an_english_reader_asking_about_one_term_gets_its_english_entry_before_the_dutch_quotes(kb, question, head):
    # "What is SBIR?" got the glossary's English card, "How does an innovation partnership work?"
    # only Dutch quotes, though the glossary says it in English
    reply = answer_question(ExtractiveAnswerer(kb), question, lang="en")
    assert reply.answer.found and not reply.answer.generated
    assert reply.lead_note.startswith("In short, from this assistant's glossary")
    assert reply.lead_note.split("\n\n")[1] == head
    # in Dutch the quotes are the reader's language: no entry where the quote is not a definition's
    dutch = answer_question(ExtractiveAnswerer(kb), question, lang="nl")
    assert dutch.answer.found and dutch.lead_note is None


@pytest.mark.parametrize(("question", "head"), [
    ("What is an innovation partnership?", "**innovation partnership** — NL: innovatiepartnerschap"),
    ("What is pre-commercial procurement?", "**pre-commercial procurement** — NL: pre-commercieel inkopen"),
    ("Explain SBIR", "**SBIR (Small Business Innovation Research)**"),
    ("What does TRL mean?", "**TRL (Technology Readiness Level)**"),
    ("Tell me about vendor lock-in", "**vendor lock-in**"),
])
def test_an_english_question_about_a_term_as_a_whole_keeps_its_card(kb, question, head):
    reply = answer_question(ExtractiveAnswerer(kb), question, lang="en")
    # before the Dutch quotes, or in their place where the guidance does not cover it (TRL)
    card = reply.lead_note or reply.glossary_note
    assert card is not None and f"\n\n{head}" in card


@pytest.mark.parametrize("question", [
    "How do I avoid getting locked in to one supplier?",  # "supplier" is one of entrepreneur's names
    "How long does an innovation trajectory take?",  # not the development trajectory
    "How long is the minimum tender period for an open procedure?",  # a period, not the tender
])
def test_an_english_question_that_only_names_a_term_gets_no_card(kb, question):
    # the card of the term named in passing stood above the answer as if it were what was asked
    reply = answer_question(ExtractiveAnswerer(kb), question, lang="en")
    assert reply.answer.found and reply.lead_note is None


def test_an_english_comparison_of_two_terms_or_a_models_answer_gets_no_terms_entry(kb):
    # the answer covers both terms: one entry before it would read as the answer to half the question
    both = answer_question(ExtractiveAnswerer(kb), "difference between SBIR and innovation partnership", lang="en")
    assert both.answer.found and both.lead_note is None
    # a model says what the term is in English in its own words
    model = GenerativeAnswerer(kb, slow_model("An innovation partnership develops and buys [1].", sleep=0))
    generated = answer_question(model, "How does an innovation partnership work?", lang="en")
    assert generated.answer.generated and generated.lead_note is None


@pytest.mark.parametrize(("question", "lang"), [("wat bedoelen jullie met TRL?", "nl"),
                                              ("what do you mean by TRL", "en")])
def test_asking_us_what_we_mean_by_a_term_gets_the_glossarys_entry(kb, question, lang):
    # a beginner asked it back instead of answering, and got only a passage naming TRL in passing
    reply = answer_question(ExtractiveAnswerer(kb), question, lang=lang)
    note = reply.lead_note or reply.glossary_note
    assert note is not None and "TRL" in note and ("1" in note and "9" in note)


@pytest.mark.parametrize(("question", "lang", "lead"), [
    ("What is step 0 for?", "en", "**Step 0 · Map the need and the preconditions**\n\nBefore step 1, be clear"),
    ("what happens in step 4", "en", "**Step 4 · Determine the criteria to assess the innovation**"),
    ("What does the third step involve?", "en", "**Step 3 · Describe the minimum requirements**"),
    ("Wat is stap 3?", "nl", "**Stap 3 · Beschrijf de minimale eisen**\n\nDe hoofdvraag van stap 3"),
])
def test_a_question_about_a_step_is_led_by_the_plans_own_summary_of_it_in_the_users_language(kb, question, lang, lead):
    # "What is step 0 for?" got Dutch quotes only, while the plan has its own words for each step
    reply = answer_question(ExtractiveAnswerer(kb), question, lang=lang)
    label = "This assistant's summary of the step:" if lang == "en" else "Zo vat deze assistent de stap samen:"
    assert reply.answer.found and reply.step_note.startswith(label) and lead in reply.step_note
    assert reply.leading_notes[0] == reply.step_note  # before the glossary's entry, if any


def test_a_steps_summary_leads_a_models_answer_too_and_no_other_question(kb):
    model = GenerativeAnswerer(kb, slow_model("Stap 3 gaat over de minimale eisen [1].", sleep=0))
    reply = answer_question(model, "What is step 3 about?", lang="en")
    assert reply.answer.generated and "**Step 3 · Describe the minimum requirements**" in reply.step_note
    # after step 3 comes step 4: said by the answer's first line, not summed up as step 3; two steps, none
    for question in ("What comes after step 3?", "How do step 3 and step 4 differ?", QUESTION):
        assert answer_question(ExtractiveAnswerer(kb), question, lang="en").step_note is None


def test_a_question_about_something_within_a_step_is_not_summed_up_as_the_step_and_judged_as_any(kb):
    # "Welke rol heeft de budgethouder in stap 1?" got step 1's summary, and was always judged
    # covered, although the guidance never names a budgethouder
    reply = answer_question(ExtractiveAnswerer(kb), "Welke rol heeft de budgethouder in stap 1?", lang="nl")
    assert reply.step_note is None and not reply.answer.found
    assert not kb.retrieve("Welke rol heeft de budgethouder in stap 1?").signals.about_step
    # what a step is or is for still leads with it, and is covered
    assert kb.retrieve("Wat houdt stap 4 in?").signals.about_step


def test_a_question_with_nothing_to_search_for_is_the_callers_to_say_and_asked_once(small_kb):
    answerer = _Counting(small_kb)
    with pytest.raises(QuestionError):
        answer_question(answerer, "?", lang="nl")
    assert answerer.asked == 1


def test_the_service_answers_with_the_answerer_it_finds_when_asked(small_kb):
    """The app's knowledge base is built after it starts: the service looks it up per question."""
    ready: list[Knowledge] = []

    def knowledge() -> Knowledge:
        if not ready:
            raise RuntimeError("index not ready")
        return ready[0]

    guidance: Guidance = GuidanceService(knowledge)
    with pytest.raises(RuntimeError, match="not ready"):
        guidance.answer(QUESTION, lang="nl")
    answerer = _Counting(small_kb)
    ready.append(Knowledge(small_kb, answerer))
    reply = guidance.answer(QUESTION, lang="en")
    assert reply.answer.found and reply.answer.citations and answerer.asked == 1


def test_cancelling_stops_a_model_that_is_writing_and_the_answer_says_so(small_kb):
    text = "Beperk de eisen tot wat nodig is [1]. " * 10
    answerer = GenerativeAnswerer(small_kb, slow_model(text, sleep=0.05))
    guidance = GuidanceService(lambda: Knowledge(small_kb, answerer))
    cancel = threading.Event()
    tokens: list[str] = []

    def on_token(token: str) -> None:
        tokens.append(token)
        if len(tokens) == 5:
            cancel.set()

    started = time.monotonic()
    reply = guidance.answer(QUESTION, lang="nl", on_token=on_token, cancel=cancel)
    assert time.monotonic() - started < 10  # the whole answer takes 20 s: cancelled, not waited out
    assert "Antwoord afgebroken: het is onvolledig." in reply.answer.warnings
    fragment, _, rest = reply.answer.text.partition(" … (⚠ afgebroken)")
    assert fragment and text.startswith(fragment) and len(fragment) < len(text) // 2
    assert "Uit de leidraad" in rest and reply.answer.citations  # the guidance's answer, with its sources


def _words(text: str) -> str:
    """The text's words in order (a quote runs list items on without their bullets)."""
    return " ".join(text.replace("•", " ").split())


def _quotes_agree(kb, lang: str, tmp_path) -> int:
    """Each step's quote: a passage of that step whenever the search finds one among its
    candidates, else the best passage, and sentences quoted from it as they stand; returns how
    many steps had one."""
    guidance = GuidanceService(lambda: Knowledge(kb, ExtractiveAnswerer(kb)))
    plan = load_plan(lang)
    quoted = 0
    for step in range(11):
        spec = plan.step(step)
        candidates = kb.retrieve(spec.guidance_query, k=20).passages
        citation = guidance.step_quote(spec.guidance_query, step)
        if not candidates:
            assert citation is None
            continue
        quoted += 1
        assert citation is not None and citation.number == 1
        own = [p for p in candidates if p.step == step]
        assert citation.passage == (own or candidates)[0]
        assert _words(citation.quote).rstrip(" …") in _words(citation.passage.text)
    return quoted


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_steps_quote_is_of_the_step_and_quoted_as_it_stands(small_kb, lang, tmp_path):
    """The search's best passage of the step, else its best, and its best sentences."""
    assert _quotes_agree(small_kb, lang, tmp_path) >= 5  # one document: not every step is in it


def test_every_step_has_a_quote_from_the_guidance(kb, tmp_path):
    assert _quotes_agree(kb, "nl", tmp_path) == 11


def test_a_knowledge_base_that_cannot_be_opened_is_tried_once_and_its_error_kept(monkeypatch):
    """Plain mode opens the knowledge base when the conversation first needs it: a failure is
    said on every question, but the index is not rebuilt for each."""
    from assistant import services
    from assistant.core.settings import load_settings
    from assistant.knowledge.base import KnowledgeError

    tries: list[bool] = []

    def unreadable(settings, **kwargs):
        tries.append(kwargs["dense"])
        raise KnowledgeError("index onleesbaar")

    monkeypatch.setattr(services, "open_knowledge_base", unreadable)
    knowledge = services.lazy_knowledge(load_settings(), dense=False)
    for _ in range(3):
        with pytest.raises(KnowledgeError, match="onleesbaar"):
            knowledge()
    assert tries == [False]


def test_a_conversation_says_once_that_the_quotes_are_dutch(kb):
    """The issue: without a language model the quote stays Dutch, "say so once, plainly"."""
    note = "The guidance is written in Dutch"
    said: set[str] = set()
    questions = ["What is a market consultation?", "Who owns the intellectual property?", "What is SBIR?"]
    replies = [answer_question(ExtractiveAnswerer(kb), q, lang="en", said=said) for q in questions]
    assert all(reply.answer.found for reply in replies)
    shown = [[n for n in reply.answer.notes if n.startswith(note)] for reply in replies]
    assert [len(notes) for notes in shown] == [1, 0, 0]
    # one question on its own (`stappenplan ask`) is told every time
    alone = answer_question(ExtractiveAnswerer(kb), questions[1], lang="en")
    assert any(n.startswith(note) for n in alone.answer.notes)
    # the conversation's port remembers it across questions
    service = GuidanceService(lambda: Knowledge(kb, ExtractiveAnswerer(kb)))
    first, second = (service.answer(q, lang="en").answer for q in questions[:2])
    assert sum(n.startswith(note) for n in first.notes) == 1
    assert not any(n.startswith(note) for n in second.notes)


@pytest.mark.parametrize(("question", "lead"), [
    ("Wat komt na stap 3?", "Na stap 3 komt stap 4 · Bepaal criteria om de innovatie te beoordelen.\n\n"),
    ("What comes before step 1?", "Before step 1 comes step 0 · Map the need and the preconditions.\n\n"),
])
def test_a_question_what_comes_after_a_step_is_told_which_step_by_its_title(kb, question, lead):
    # the quotes of step 4 alone never said which step comes after step 3
    lang = "en" if question.startswith("What") else "nl"
    reply = answer_question(ExtractiveAnswerer(kb), question, lang=lang)
    assert reply.answer.found and reply.answer.text.startswith(lead)
    plain = answer_question(ExtractiveAnswerer(kb), "Wat vraagt stap 3?", lang="nl")
    assert not plain.answer.text.startswith(("Na stap", "Vóór stap"))


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_plans_outline_names_its_own_steps_from_the_need_on_with_sources_that_say_more(kb, lang):
    # "What are the steps?" listed the guidance's Dutch headings of steps 1 to 10 only, each source
    # quoting its heading again; the plan has step 0 (the need), and English steps by their titles
    plan = load_plan(lang)
    answer = answer_question(ExtractiveAnswerer(kb), "What are the steps?", lang=lang, kb=kb).answer
    items = [line for line in answer.text.splitlines() if line.startswith("- ")]
    assert len(items) == len(answer.citations) == 11
    # eleven lines read as eleven steps: the lead says there are ten, with step 0 before them
    lead = answer.text.splitlines()[0]
    assert lead.startswith("The plan consists of 10 steps, steps 1 to 10" if lang == "en"
                           else "Het stappenplan bestaat uit 10 stappen, stap 1 tot en met 10")
    assert ("Before them comes step 0" if lang == "en" else "Daarvóór komt stap 0") in lead
    assert items[0] == f"- {'Step' if lang == 'en' else 'Stap'} 0 · {plan.step(0).title} [1]"
    assert answer.citations[0].passage.step in (None, 0) and "behoefte" in answer.citations[0].quote
    if lang == "en":
        assert items[1] == f"- Step 1 · {plan.step(1).title} (Stap 1: Verken nieuwe technologieën) [2]"
    else:
        assert items[1] == "- Stap 1: Verken nieuwe technologieën [2]"
    for n, (item, citation) in enumerate(zip(items[1:], answer.citations[1:]), start=1):
        assert citation.passage.step == n and citation.number == n + 1
        heading = citation.passage.section.split(" › ")[0]
        assert heading in item and heading not in citation.quote and citation.quote


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_steps_guidance_quote_opens_with_a_sentence_that_reads_on_its_own(kb, lang):
    # step 10's quote began mid-sentence, "Dat er genoeg financiële dekking is …" (the guidance
    # set that clause apart after "Het gaat er dus om dat u bij machte bent …"), step 7's with "Dan passen …"
    from assistant.answer.extractive import goes_on
    from assistant.knowledge.chunk import split_sentences
    from assistant.services.guidance import step_citation

    plan = load_plan(lang)
    for n in plan.steps:
        citation = step_citation(kb, plan.step(n).guidance_query, n)
        assert citation is not None and citation.quote, n
        assert not goes_on(split_sentences(citation.quote)[0]), (n, citation.quote)
