"""The extractive answer on the real corpus (the shared `kb` fixture): what it quotes, and what
it never quotes."""

import re
from pathlib import Path

from assistant.answer.extractive import ExtractiveAnswerer, holds_note_number, is_footnote, sentence_lines
from assistant.knowledge.evaluation import load_jsonl
from assistant.knowledge.types import Passage

ROOT = Path(__file__).resolve().parents[2]

#: Page debris and footnotes as they would show in an answer: a note's label or bare number
#: opening a sentence ("Voetnoot 32: …", "39 Zo stelde …"), a note number run into the text
#: ("… (europa.eu) 34 Europese Commissie …"), a note number glued to a sentence's last word
#: ("… innovatiegericht inkopen.39").
_DEBRIS = [re.compile(r"(?:^|\] |\n- |\n)(?:Voetnoot \d+:|\d{1,2} [A-Z][a-z])"),
           re.compile(r"\)\s\d{1,2} [A-Z][a-z]"),
           re.compile(r"[a-zà-ÿ][.,;:]?\d{1,2}[.!?]?(?= \[\d+\])")]


def _debris(text: str) -> list[str]:
    return [m.group(0) for pattern in _DEBRIS for m in pattern.finditer(text)]


def test_no_sentence_the_answer_can_quote_is_a_footnote_or_page_debris(kb):
    # every answer is made of these sentences: none of the corpus's passages offers debris
    quotable = [s for chunk in kb.chunks for s, _ in sentence_lines(Passage(chunk, rank=1, score=1.0))]
    assert len(quotable) > 3000
    assert [s for s in quotable if _debris(f"{s} [1]")] == []


def test_the_corpus_has_the_footnotes_the_answer_leaves_out(kb):
    # the test above can fail: the guidance's passages hold notes in both shapes
    lines = [line for chunk in kb.chunks for line in chunk.text.split("\n")]
    assert sum(line.startswith("Voetnoot ") for line in lines) >= 20
    assert any(is_footnote(line) and line.startswith("39 Zo stelde") for line in lines)
    assert any(holds_note_number(line) for line in lines if line.startswith("Commission (europa.eu)"))


def test_a_number_that_names_a_step_or_figure_is_no_footnote():
    assert not holds_note_number("Dit staat beschreven in Stap 3 Beschrijf de minimale eisen.")
    assert not holds_note_number("Zie figuur 2 Overzicht van de fases.")
    assert not holds_note_number("In 2021 zijn 55 SBIR-trajecten uitgevoerd.")
    assert holds_note_number("Richtsnoeren (europa.eu) 34 Europese Commissie, 2021.")


def test_no_answer_to_many_questions_carries_a_footnote_or_page_debris(kb):
    questions = [row["question"] for path in (ROOT / "bench" / "questions" / "tune.jsonl", ROOT / "bench" / "heldout.jsonl")
                 for row in load_jsonl(path)]
    answerer = ExtractiveAnswerer(kb)
    answers = [answerer.ask(question, k=10) for question in questions]
    assert sum(answer.found for answer in answers) > 50
    assert {a.question: _debris(a.text) for a in answers if _debris(a.text)} == {}
