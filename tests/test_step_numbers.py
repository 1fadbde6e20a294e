"""Steps named in words are the numbered steps to search and to the plan's /stap command."""

import pytest

from assistant.knowledge.step_numbers import step_number, with_step_numbers


@pytest.mark.parametrize(("typed", "meant"), [
    ("Wat houdt de derde stap in?", "Wat houdt stap 3 in?"),
    ("Wat doe ik in stap drie?", "Wat doe ik in stap 3?"),
    ("Wat moet ik bij de zesde stap opschrijven?", "Wat moet ik bij stap 6 opschrijven?"),
    ("Wat is stap één?", "Wat is stap 1?"),
    ("Wat is stap een?", "Wat is stap 1?"),
    ("Wie doet wat in de 4e stap?", "Wie doet wat in stap 4?"),
    ("Wat is de laatste stap?", "Wat is stap 10?"),
    ("What happens in the third step?", "What happens in step 3?"),
    ("What is Step Seven about?", "What is Step 7 about?"),
])
def test_a_step_written_in_words_gets_its_number(typed, meant):
    assert with_step_numbers(typed) == meant


@pytest.mark.parametrize("typed", [
    "Wat is een goede eerste stap?",  # any first move, not step 1 of the plan
    "Zet stap een voor een",  # "een" as the article
    "Hoeveel stappen drie keer herhalen?",
    "De stapdrie-methode",
    "Wat is stap 3?",
])
def test_other_uses_of_those_words_are_left_as_typed(typed):
    assert with_step_numbers(typed) == typed


def test_step_numbers_from_digits_words_and_ordinals():
    assert [step_number(x) for x in ("3", " drie ", "Three", "derde", "3e", "tenth", "nul")] == [3, 3, 3, 3, 3, 10, 0]
    assert step_number("elf") is None and step_number("") is None
