"""A question which steps the plan has is answered with the plan's outline: each step's own
heading, cited to the step's opening passage."""

import re

import pytest

from assistant.answer.extractive import ExtractiveAnswerer
from assistant.answer.outline import asks_for_outline, outline_answer
from assistant.knowledge.types import Chunk


@pytest.mark.parametrize(("question", "outline"), [
    ("Welke stappen kent het stappenplan?", True),
    ("Uit hoeveel stappen bestaat de handreiking?", True),
    ("Geef een overzicht van alle stappen", True),
    ("Which steps does the guide have?", True),
    ("Can you list the steps?", True),
    ("Hoe ziet het stappenplan eruit?", True),
    ("Welke stappen zet ik bij een marktconsultatie?", False),  # steps within the plan: searched
    ("What are the steps of an innovation partnership?", False),
    ("Wat doe ik in stap 3?", False),
    ("Moet ik altijd alle stappen doen?", False),  # asks whether, not which: searched
    ("Do I have to go through all the steps?", False),
    ("Wie heeft het stappenplan geschreven?", False),
    ("Wat is een opschalingsplan?", False),
])
def test_a_question_about_the_plans_steps_and_nothing_else_asks_for_the_outline(question, outline):
    assert asks_for_outline(question) is outline


def _chunk(step: int, section: str) -> Chunk:
    return Chunk(id=f"c{step}", doc="d", title="Handreiking", section=section, text=f"{section}\nU doet in deze stap iets.", step=step,
                 source="d.txt", position=step)


def test_the_outline_lists_each_steps_heading_cited_to_its_opening_passage():
    openings = [_chunk(1, "Stap 1: Verken"), _chunk(2, "Stap 2: Kies")]
    answer = outline_answer("Welke stappen?", openings, [], lang="en")
    assert answer.found
    assert answer.text.splitlines()[1:] == ["- Stap 1: Verken [1]", "- Stap 2: Kies [2]"]
    # the lead says how many steps there are ("deze stappen" left a reader counting them)
    assert answer.text.splitlines()[0].startswith("The plan consists of 2 steps")
    # each source quotes what its heading does not say already (it quoted the heading again)
    assert [(c.number, c.passage.chunk.id, c.quote) for c in answer.citations] == [
        (1, "c1", "U doet in deze stap iets."), (2, "c2", "U doet in deze stap iets.")]
    assert outline_answer("Welke stappen?", [], []) is None  # a library without step headings: searched


def test_the_ten_steps_are_the_guidances_step_headings_not_another_list_of_ten(kb):
    # "tien" and "stappen" found the ten rules of Bureau ICT-Toetsing in step 9
    for question in ("Wat zijn de tien stappen?", "What are the steps of the plan?"):
        answer = ExtractiveAnswerer(kb).ask(question)
        items = [line for line in answer.text.splitlines() if line.startswith("- ")]
        assert [int(re.match(r"- Stap (\d+):", item).group(1)) for item in items] == list(range(1, 11)), question
        assert all(c.passage.chunk.step == n for n, c in enumerate(answer.citations, start=1))
        assert "BIT" not in answer.text and "regels" not in answer.text
