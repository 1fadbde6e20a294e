"""Typing slips in questions: corrected to the guidance's words, real words left alone."""

import pytest

from assistant.answer.extractive import ExtractiveAnswerer
from assistant.knowledge import query
from assistant.knowledge.spelling import Speller, WordList, one_edit_apart


@pytest.mark.parametrize(("a", "b", "apart"), [
    ("marktconsulatie", "marktconsultatie", True),  # a letter left out
    ("staatssteun", "staatsteun", True),
    ("minimlae", "minimale", True),  # two neighbours swapped
    ("toetsong", "toetsing", True),  # a letter changed
    ("minimale", "minimale", False),
    ("schreven", "schrijven", False),  # two edits
    ("milaeni", "minimale", False),
])
def test_one_edit(a, b, apart):
    assert one_edit_apart(a, b) is apart and one_edit_apart(b, a) is apart


def test_a_slip_is_corrected_to_the_most_frequent_word_one_edit_away():
    speller = Speller(["aanbesteding"] * 5 + ["aanbestedingen"] * 2 + ["marktconsultatie"] * 2 + ["eenmalig"])
    assert speller.correction("aanbestding") == "aanbesteding"
    assert speller.correction("marktconsulatie") == "marktconsultatie"
    assert speller.correction("aanbesteding") is None  # a word of the guidance
    assert speller.correction("eenmalgi") is None  # "eenmalig" is used once: maybe a slip itself
    assert speller.correction("kantoormeubilair") is None  # nothing near
    assert speller.correction("ebsten") is None  # too short to guess


def test_the_word_lists_know_dutch_and_english_words_and_not_slips():
    words = WordList()
    assert words.available()
    assert "berekenen" in words and "storing" in words and "latter" in words
    assert "marktconsulatie" not in words and "innovatiepartnerchap" not in words


def test_the_word_lists_tell_english_words_from_dutch_ones():
    words = WordList()
    assert words.in_language("latter", "en") and not words.in_language("latter", "nl")
    assert words.in_language("berekenen", "nl") and not words.in_language("berekenen", "en")
    assert words.in_language("hague", "en") and not words.in_language("hague", "nl")  # "Den Haag" in Dutch


@pytest.mark.parametrize(("typed", "meant"), [
    ("Hoe werkt een marktconsulatie?", "Hoe werkt een marktconsultatie?"),
    ("Wat is een innovatiepartnerchap?", "Wat is een innovatiepartnerschap?"),
    ("Wat zijn minimlae eisen?", "Wat zijn minimale eisen?"),
    ("Wat doet Bureau ICT Toetsng?", "Wat doet Bureau ICT Toetsing?"),
    ("What is an inovation partnership?", "What is an innovation partnership?"),
    ("What is an innovation partnershp?", "What is an innovation partnership?"),  # an English word of the lexicon
    ("What are minimum requirments?", "What are minimum requirements?"),
])
def test_a_question_with_a_slip_finds_what_the_right_spelling_finds(kb, typed, meant):
    slipped, right = kb.retrieve(typed, k=3), kb.retrieve(meant, k=3)
    assert slipped.found and slipped.corrections
    assert [p.chunk.id for p in slipped.passages] == [p.chunk.id for p in right.passages]


def test_a_corrected_word_keeps_the_case_it_was_typed_in(kb):
    # the meaning model reads the corrected question as it would read the right spelling
    text, corrections = query.with_spelling("Wat doet Bureau ICT Toetsng? marktconsulatie", kb.lexical, kb._get_speller)
    assert text == "Wat doet Bureau ICT Toetsing? marktconsultatie"
    assert dict(corrections) == {"Toetsng": "toetsing", "marktconsulatie": "marktconsultatie"}


@pytest.mark.parametrize("question", [
    "Hoe bereken ik de WOZ-waarde van een woning?",  # "bereken" is a word, not "bereiken" mistyped
    "Which cloud provider is cheapest for storing municipal archives?",  # not "sturing"
    "Welke vier punten beoordeelt The Green Village bij een partij?",
])
def test_real_words_the_guidance_does_not_use_are_not_corrected(kb, question):
    assert kb.retrieve(question).corrections == ()


def test_the_answer_says_what_was_searched_for(kb):
    answer = ExtractiveAnswerer(kb).ask("Hoe werkt een marktconsulatie?")
    assert answer.found
    assert answer.notes == ["Gezocht op ‘marktconsultatie’ (u typte ‘marktconsulatie’)."]
    english = ExtractiveAnswerer(kb).ask("What is an inovation partnership?", lang="en")
    assert english.notes[0] == "Searched for ‘innovation’ (you typed ‘inovation’)."
    assert len(english.notes) == 1 and english.standing_notes[0].startswith("The guidance is written in Dutch")
    assert ExtractiveAnswerer(kb).ask("Hoe werkt een marktconsultatie?").notes == []


def test_without_the_word_lists_nothing_is_corrected(monkeypatch):
    import assistant.knowledge.spelling as spelling

    def missing(package):
        raise ModuleNotFoundError(package)

    monkeypatch.setattr(spelling.resources, "files", missing)
    words = WordList()
    assert not words.available()
    assert "marktconsulatie" in words  # every word counts as a word: no correction is made


@pytest.mark.parametrize(("typed", "meant"), [
    ("shoud we involve end users in innovation procurement", "should we involve end users in innovation procurement"),
    ("Welek eisen stel ik aan een pilot?", "Welke eisen stel ik aan een pilot?"),
    ("waht is a market consultation", "what is a market consultation"),
])
def test_a_mistyped_function_word_is_phrasing_not_a_word_the_guidance_lacks(kb, typed, meant):
    # "shoud" read as a word the guidance never uses, and the question as not covered
    slipped, right = kb.retrieve(typed, k=3), kb.retrieve(meant, k=3)
    assert slipped.found and right.found
    assert [p.chunk.id for p in slipped.passages] == [p.chunk.id for p in right.passages]
    assert slipped.corrections == ()  # nothing to say: the word carried no search


def test_only_a_slip_of_a_long_enough_function_word_is_read_as_one(kb):
    text, _ = query.with_spelling("shoud wich waht", kb.lexical, kb._get_speller)
    # "wich" is an English word (a witch-elm): a real word is never read as another
    assert text == "should wich what"
    assert query.function_word_slip("teh") is None  # too short: "the", "te", "ten", "met" …


def test_a_word_inflected_is_searched_as_the_guidance_writes_it_without_a_note(kb):
    # "Gezocht op ‘precommercieel’ (u typte ‘precommerciële’)": a Dutch inflection said as a slip
    text, corrections = query.with_spelling("Wat is een precommerciële inkoop?", kb.lexical, kb._get_speller)
    assert text == "Wat is een precommercieel inkoop?" and corrections == ()  # searched as before
    answer = ExtractiveAnswerer(kb).ask("Wat is een precommerciële inkoop?")
    assert not any("Gezocht op" in note for note in answer.notes)
    # a slip in the same question is still said
    _, corrections = query.with_spelling("Wat is een precommerciële marktconsulatie?", kb.lexical, kb._get_speller)
    assert corrections == (("marktconsulatie", "marktconsultatie"),)
