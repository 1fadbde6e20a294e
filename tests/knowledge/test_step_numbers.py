"""Steps named in words are the numbered steps to search and to the plan's /stap command."""

import pytest

from assistant.knowledge.step_numbers import (neighbour_step, step_itself_asked_about, step_number, with_current_step,
                                              with_step_numbers)


@pytest.mark.parametrize(("typed", "meant"), [
    ("Wat houdt de derde stap in?", "Wat houdt stap 3 in?"),
    ("Wat doe ik in stap drie?", "Wat doe ik in stap 3?"),
    ("Wat moet ik bij de zesde stap opschrijven?", "Wat moet ik bij stap 6 opschrijven?"),
    ("Wat is stap één?", "Wat is stap 1?"),
    ("Wat is stap een?", "Wat is stap 1?"),
    ("Wat houdt stap een in?", "Wat houdt stap 1 in?"),
    ("Wie doet wat in de 4e stap?", "Wie doet wat in stap 4?"),
    ("Wat is de laatste stap?", "Wat is stap 10?"),
    ("What happens in the third step?", "What happens in step 3?"),
    ("What is Step Seven about?", "What is Step 7 about?"),
    # both ways in one question: the first replacement shortens the text before the second
    ("Wat verschilt stap zeven van een goede achtste stap?", "Wat verschilt stap 7 van een goede achtste stap?"),
    ("Komt stap negentien... nee, stap negen na de achtste stap?", "Komt stap negentien... nee, stap 9 na stap 8?"),
])
def test_a_step_written_in_words_gets_its_number(typed, meant):
    assert with_step_numbers(typed) == meant


@pytest.mark.parametrize("typed", [
    "Wat is een goede eerste stap?",  # any first move, not step 1 of the plan
    "Doe het stap een voor een",  # "een voor een": one by one
    "Waar stap ik een traject in?",
    "Ik stap een traject in, wat nu?",  # "stap" the verb, "een" the article
    "Hoeveel stappen drie keer herhalen?",
    "De stapdrie-methode",
    "Wat is stap 3?",
])
def test_other_uses_of_those_words_are_left_as_typed(typed):
    assert with_step_numbers(typed) == typed


def test_step_numbers_from_digits_words_and_ordinals():
    assert [step_number(x) for x in ("3", " drie ", "Three", "derde", "3e", "tenth", "nul")] == [3, 3, 3, 3, 3, 10, 0]
    assert step_number("elf") is None and step_number("") is None


@pytest.mark.parametrize(("typed", "at", "meant"), [
    ("Wat houdt deze stap in?", 4, "Wat houdt stap 4 in?"),
    ("Welke voorbeelden horen bij de huidige stap?", 4, "Welke voorbeelden horen bij stap 4?"),
    ("Wat komt er in de volgende stap?", 4, "Wat komt er in stap 5?"),
    ("What did the previous step decide?", 4, "What did step 3 decide?"),
    ("Wat houdt deze stap in?", None, "Wat houdt deze stap in?"),  # outside the conversation
    ("Wat komt er in de volgende stap?", 10, "Wat komt er in de volgende stap?"),  # there is no step 11
    ("Wat houdt deze stap in?", 0, "Wat houdt deze stap in?"),  # before step 1 of the guidance
    ("Wat is de volgende stap na de marktconsultatie?", 4, "Wat is de volgende stap na de marktconsultatie?"),
    ("Wat zijn de volgende stappen?", 4, "Wat zijn de volgende stappen?"),
])
def test_a_step_named_from_where_the_user_is_gets_its_number(typed, at, meant):
    assert with_current_step(typed, at) == meant


def test_a_step_the_guidance_does_not_number_is_named_by_the_words_given_for_it():
    stands_in = {0: "behoefte behoefteanalyse randvoorwaarden"}
    assert with_current_step("Wat houdt deze stap in?", 0, unnumbered=stands_in) == \
        "Wat houdt behoefte behoefteanalyse randvoorwaarden in?"
    assert with_current_step("Wat was de vorige stap?", 1, unnumbered=stands_in) == \
        "Wat was behoefte behoefteanalyse randvoorwaarden?"


@pytest.mark.parametrize(("typed", "meant"), [
    ("Wat gebeurt er na stap 8?", "Wat gebeurt er na stap 9?"),
    ("Wat komt na stap acht?", "Wat komt na stap 9?"),
    ("What comes after the third step?", "What comes after step 4?"),
    ("What do I do before step 3?", "What do I do before step 2?"),
    # after the last step there is none, before the first none the guidance numbers
    ("Wat gebeurt er na stap 10?", "Wat gebeurt er na stap 10?"),
    ("Wat komt er vóór stap 1?", "Wat komt er vóór stap 1?"),
    # the Dutch "voor" is "for" as often as "before"
    ("Wat doe ik voor stap 3?", "Wat doe ik voor stap 3?"),
])
def test_a_step_named_from_a_numbered_one_gets_its_own_number(typed, meant):
    assert with_step_numbers(typed) == meant


def test_a_step_the_guidance_has_no_heading_for_is_searched_by_what_it_is_about(kb):
    # no passage says "stap 0": "Wat houdt stap 0 in?" was answered from step 10's "In de laatste
    # stap …", and "What does step 0 ask me to do?" was judged not covered
    assert with_step_numbers("Wat houdt stap 0 in?") == \
        "Wat houdt stap 0 (behoefte behoefteanalyse randvoorwaarden) in?"
    assert with_step_numbers("Wat houdt stap 3 in?") == "Wat houdt stap 3 in?"
    assert with_step_numbers("Wat is stap nul?").startswith("Wat is stap 0 (behoefte")
    for question in ("Wat houdt stap 0 in?", "What does step 0 ask me to do?"):
        retrieval = kb.retrieve(question, k=3)
        assert retrieval.found, question
        assert "behoefte" in retrieval.passages[0].text.lower(), question
        assert retrieval.passages[0].chunk.step is None  # before step 1, as the guidance has it


def test_a_question_what_follows_a_step_is_answered_from_the_next_step(kb):
    assert kb.retrieve("Wat gebeurt er na stap 8?", k=3).passages[0].chunk.step == 9
    assert kb.retrieve("What comes before step 5?", k=3).passages[0].chunk.step == 4


@pytest.mark.parametrize(("typed", "steps"), [
    ("Wat komt na stap 3?", (3, 4)), ("Wat komt na stap acht?", (8, 9)), ("What comes before the fifth step?", (5, 4)),
    ("Wat komt er vóór stap 1?", (1, 0)),  # the plan's step 0, which the guidance does not number
    ("Wat gebeurt er na stap 10?", None), ("Wat doe ik voor stap 3?", None), ("Wat vraagt stap 3?", None),
    ("Komt stap 4 na stap 3?", None),
])
def test_the_step_a_question_names_from_another(typed, steps):
    assert neighbour_step(typed) == steps


@pytest.mark.parametrize(("question", "step"), [
    ("Wat houdt de derde stap in?", 3),
    ("Waar gaat stap 4 over?", 4),
    ("Wat is het doel van stap 2?", 2),
    ("What is step 0 for?", 0),
    ("What does the third step involve?", 3),
    # something within a step: not the step itself
    ("Welke rol heeft de budgethouder in stap 1?", None),
    ("Welke criteria stel ik op in stap 4?", None),
    ("Wat komt na stap 3?", None),
])
def test_a_step_itself_is_asked_about_only_with_words_that_ask_what_it_is(question, step):
    assert step_itself_asked_about(question) == step
