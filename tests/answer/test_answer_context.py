"""An answer's sentences read in their context: a lead that goes on from the sentence before it
brings that sentence along, and a comparison opens with what sets its sides apart (the real
corpus, the shared `kb` fixture)."""

import re

import pytest

from assistant.answer.extractive import (compose_answer, contrast_finder, goes_on, leans_back, sentence_lines,
                                         stands_alone)
from assistant.knowledge.definitions import compared_subjects, definition_pattern, defines
from assistant.knowledge.text import looks_english
from assistant.knowledge.types import Passage, Retrieval


@pytest.mark.parametrize(("sentence", "leans", "goes"), [
    ("Daartegenover staat dat het intellectuele eigendom waardevol is voor ondernemers.", True, True),
    ("Daarbij heeft PIANOo meegedacht op het gebied van aanbesteding.", True, True),
    ("Die toetsing is gericht op ICT-projecten van meer dan 5 miljoen euro.", True, True),
    # a conjunction goes on from the sentence before, yet often says its piece
    ("Maar wat doet dit precies met het gevoel van onschuldige mensen?", False, True),
    ("Echter, een procedure gericht op co-creatie leidt niet per definitie tot meer vernieuwing.", False, True),
    # what "die vraag" / "deze opgaven" is, the sentence before said; "Kortom" sums it up
    ("Een marktconsultatie is een mooi instrument om die vraag te beantwoorden.", False, True),
    ("De kans is groot dat het innovatiepartnerschap voor deze opgaven veelvuldig en succesvol toegepast gaat "
     "worden.", False, True),
    ("Kortom, samenwerken met de markt vraagt om vertrouwen.", False, True),
    # a long sentence that names what its "die oplossing" and "daarbij" point at itself: the
    # partnership's definition was left out of "Wat is het verschil tussen SBIR en …?"
    ("De kern van innovatiepartnerschap is dat overheden een ontwikkeltraject starten met ondernemers en "
     "vervolgens overgaan tot het inkopen van die oplossing (zonder daarbij alle stappen in het inkoopproces "
     "te hoeven doorlopen).", False, False),
    # a connective that takes a point made before further: leads read "Anderzijds kunt u ook …"
    ("Anderzijds kunt u ook kiezen voor een innovatiepartnerschap.", True, True),
    ("Bijkomend voordeel is dat de leverancier de oplossing kan doorverkopen.", True, True),
    ("Tot slot is het van belang om de resultaten te delen.", True, True),
    ("Wel is het verstandig om vooraf afspraken te maken.", True, True),
    ("Welke partijen zijn betrokken bij de marktconsultatie?", False, False),
    ("Een marktconsultatie is een manier om marktpartijen te raadplegen.", False, False),
    ("Deze aanpak werkt goed in kleine gemeenten.", False, False),
    # a demonstrative as the subject of a verb the pattern does not name: leads read "Dat creëert …"
    ("Dat creëert gevoel van eigenaarschap bij de deelnemers.", True, True),
    ("Dit roept de vraag op hoe gemeenten het innovatiemanagement invullen.", True, True),
    ("Dit voorkomt dat de maatregel als verboden staatssteun wordt bestempeld.", True, True),
    ("Dit instrument helpt overheden bij het inkopen van innovatie.", False, False),  # a noun ending in t
    ("Dit soort trajecten vraagt om een lange adem.", False, False),
    # a pronominal adverb anywhere names what was said before: "daarover", "om dit te ontdekken"
    ("Van Heukelom van DBC zegt daarover: “De mate waarin je in staat bent is de kracht.”", False, True),
    ("Een marktverkenning is een manier om dit te ontdekken.", False, True),
])
def test_what_a_sentence_leans_on(sentence, leans, goes):
    assert leans_back(sentence) is leans
    assert goes_on(sentence) is goes
    # one added from another passage must read on its own: a conjunction may open it, but what
    # "die vraag" or "daarover" is, only the sentence before it says
    assert stands_alone(sentence) is (not leans and (not goes or sentence.startswith(("Maar", "Echter", "Kortom"))))


def _first_run(text: str) -> str:
    return text.split(" [1]")[0]


def test_a_lead_that_goes_on_from_the_sentence_before_brings_that_sentence_along(kb):
    # "Maar wat doet dit precies …?" asks about sensors the answer did not quote
    answer = compose_answer(kb.retrieve("Welke grondrechten kunnen in het geding zijn bij AI?"), kb)
    assert "Maar wat doet dit precies" in answer.text
    first = _first_run(answer.text)
    assert not goes_on(first), answer.text
    assert first.index("zakkenrollers") < first.index("Maar wat doet dit precies")


def test_a_lead_that_names_what_was_said_before_mid_sentence_brings_that_sentence_along(kb):
    # the answer opened "Van Heukelom van DBC zegt daarover: …": over what?
    answer = compose_answer(kb.retrieve("Wat zegt Van Heukelom over vrijwilligheid en vrijblijvendheid?"), kb)
    assert "Van Heukelom van DBC zegt daarover" in answer.text
    assert not answer.text.startswith("Van Heukelom"), answer.text


def test_a_sentence_from_another_passage_that_names_what_its_passage_said_before_comes_with_that(kb):
    # "Een marktconsultatie is een mooi instrument om die vraag te beantwoorden. [2]": which question?
    answer = compose_answer(kb.retrieve("Welke instrumenten zijn er om te weten wat de markt kan bieden?"), kb)
    said = "Een marktconsultatie is een mooi instrument om die vraag te beantwoorden."
    assert said in answer.text
    before = answer.text[:answer.text.index(said)]
    assert before.rstrip().endswith("welke innovatie is er al op de markt?’."), answer.text


def test_a_heading_inside_a_passage_leads_no_answer(kb):
    # an answer was the heading "Overheden willen risico’s en kosten van innovatie mijden [1]", a
    # bullet of none over the text that says why
    heading = "Overheden willen risico’s en kosten van innovatie mijden"
    chunk = next(c for c in kb.chunks if c.text.startswith(f"3. {heading}\n"))
    question = "Waarom willen overheden de risico's en kosten van innovatie mijden?"
    answer = compose_answer(Retrieval(question, [Passage(chunk, rank=1, score=1.0)], found=True, relevance=1.0), kb)
    assert answer.found and not answer.text.startswith(heading), answer.text
    assert answer.text.startswith("Naast de voordelen en potentie"), answer.text


def test_a_question_the_guidance_asks_is_added_from_no_other_passage(kb):
    # an answer ended "Wat is de volwassenheid van de technologie? [2]": a question, no answer
    from assistant.knowledge.types import Chunk

    texts = ["De volwassenheid van de technologie bepaalt u met de Technology Readiness Levels. Een hoog niveau "
             "betekent dat de technologie in de praktijk is beproefd.",
             "Stel uzelf vooraf enkele vragen. Wat is de volwassenheid van de technologie?"]
    passages = [Passage(Chunk(f"synthetic-{n}", "000_0a8fe956f5fc1910", "Handreiking", "Proef", text), rank=n + 1,
                        score=1.0) for n, text in enumerate(texts)]
    answer = compose_answer(Retrieval("Wat is de volwassenheid van de technologie?", passages, found=True,
                                      relevance=1.0), kb)
    assert answer.found and "Technology Readiness Levels" in answer.text
    assert not re.search(r"\?”? \[\d\]", answer.text), answer.text


def test_a_lead_in_a_list_item_brings_the_sentence_before_it_in_that_item(kb):
    # the condition "Dan passen een proeftuin of pilot goed." answers is the question before it
    answer = compose_answer(kb.retrieve("Should I choose a pilot or an innovation partnership?"), kb)
    assert "Dan passen een proeftuin of pilot goed." in answer.text
    assert answer.text.index("vervolgafname") < answer.text.index("Dan passen")


def test_a_lead_that_opens_its_passage_brings_the_last_sentence_of_the_passage_before(kb):
    answer = compose_answer(kb.retrieve("Hoe weet je of een digitale identiteit klopt?"), kb)
    lead = next(c for c in answer.citations if "Maar hoe weet je of zo’n identiteit klopt?" in c.quote)
    before = kb.preceding(lead.passage.chunk)
    assert before is not None and kb.following(before) == lead.passage.chunk
    # what "zo'n identiteit" is, the passage before says last: it opens the answer, cited to it
    first = answer.citations[0]
    assert first.passage.chunk == before and first.number == 1
    last = sentence_lines(Passage(before, rank=1, score=1.0))[-1][0]
    assert answer.text.startswith(last), answer.text
    assert answer.text.index(last) < answer.text.index("Maar hoe weet je")


def test_the_first_passage_of_a_section_has_none_before_it(kb):
    firsts = [c for n, c in enumerate(kb.chunks) if n == 0 or (kb.chunks[n - 1].doc, kb.chunks[n - 1].section)
              != (c.doc, c.section)]
    assert firsts and all(kb.preceding(c) is None for c in firsts)


@pytest.mark.parametrize("question", [
    "Wat is het verschil tussen SBIR en een innovatiepartnerschap?",
    "What is the difference between SBIR and an innovation partnership?",
    "Wat is het verschil tussen een proeftuin en een innovatiepartnerschap?",
])
def test_a_comparison_opens_with_what_sets_its_sides_apart_or_what_one_is(kb, question):
    # the passage whose words match best was a story naming both sides in passing (a wildfire
    # map "via SBIR", then "het Innovatiepartnerschap"): it led the English answer
    answer = compose_answer(kb.retrieve(question), kb)
    sides = compared_subjects(question)
    pattern = definition_pattern(sides, english=looks_english(question), spelled_out=False)
    first = _first_run(answer.text)
    lead = [s for s, _ in sentence_lines(answer.citations[0].passage) if s in first][0]
    assert contrast_finder(question)(lead) or defines(pattern, lead), answer.text
    # and each side is said, the guidance's words for it
    for side in sides:
        side_pattern = definition_pattern(side, english=looks_english(question), spelled_out=False)
        assert any(defines(side_pattern, c.quote) for c in answer.citations) or \
            contrast_finder(question)(answer.text), (side, answer.text)


def test_where_the_guidance_sets_the_sides_against_each_other_that_sentence_leads_alone(kb):
    question = "Wat is het verschil tussen SBIR en een innovatiepartnerschap?"
    answer = compose_answer(kb.retrieve(question), kb)
    first = _first_run(answer.text)
    assert contrast_finder(question)(first), answer.text
    # the story it stands in goes on with its interviewee's quotes: they share no word with
    # the question, and the sides' definitions follow instead
    assert len([s for s, _ in sentence_lines(answer.citations[0].passage) if s in first]) == 1
    assert len(answer.citations) == 3


def test_only_a_sentence_naming_every_side_with_a_word_of_contrast_sets_them_apart():
    contrasts = contrast_finder("Wat is het verschil tussen SBIR en een innovatiepartnerschap?")
    assert contrasts("Anders dan bij de SBIR-aanpak mag via Innovatiepartnerschap de oplossing direct ingekocht.")
    assert not contrasts("Via SBIR en daarna een innovatiepartnerschap werd de kaart ontwikkeld.")  # no contrast
    assert not contrasts("Anders dan bij SBIR mag de oplossing direct worden ingekocht.")  # one side
    english = contrast_finder("What is the difference between SBIR and an innovation partnership?")
    assert english("In tegenstelling tot SBIR kan het innovatiepartnerschap de oplossing direct inkopen.")
    assert not contrast_finder("Wat is SBIR?")("Anders dan bij de SBIR-aanpak mag via Innovatiepartnerschap …")
