"""Whether the guidance covers a question: the signals as pure functions on small arrays, the
calibrated models, and the real knowledge base on questions of no question set."""

import dataclasses

import numpy as np
import pytest

from assistant.knowledge import coverage
from assistant.knowledge.params import DEFAULT_PARAMS, WITH_MEANING, WORDS_ONLY, CoverageModel
from assistant.knowledge.types import CoverageSignals

#: Three question words over four passages: "a" (weight 2) in passages 0 and 1, "b" (1) in
#: passage 1, "c" (1) nowhere.
MASKS = [(np.array([True, True, False, False]), 2.0), (np.array([False, True, False, False]), 1.0),
         (np.array([False, False, False, False]), 1.0)]


def test_the_unseen_share_is_the_weight_of_the_words_no_passage_holds():
    assert coverage.unseen_share(MASKS) == pytest.approx(0.25)
    assert coverage.unseen_share(MASKS[:2]) == 0.0
    assert coverage.unseen_share([]) == 1.0


def test_the_margin_is_the_closest_passage_above_the_median_one():
    assert coverage.similarity_margin(np.array([0.9, 0.5, 0.6, 0.7, 0.2])) == pytest.approx(0.3)
    assert coverage.similarity_margin(np.array([])) == 0.0


def test_a_passage_stands_out_by_how_far_it_is_above_the_next_closest():
    assert coverage.standout(np.array([0.5, 0.9, 0.6, 0.7]), passages=2) == pytest.approx(0.25)
    assert coverage.standout(np.array([0.8, 0.8, 0.8])) == 0.0
    assert coverage.standout(np.array([0.8])) == 0.0


def test_agreement_is_where_the_lexical_candidates_place_the_closest_passage():
    similarities = np.array([0.1, 0.9, 0.3, 0.2])
    assert coverage.agreement([1, 0], similarities) == 1.0
    assert coverage.agreement([2, 0, 1], similarities) == pytest.approx(1 / 3)
    assert coverage.agreement([2, 0], similarities) == 0.0


def test_overlap_is_the_share_of_the_closest_passages_among_the_best_candidates():
    similarities = np.array([0.1, 0.9, 0.3, 0.8])
    assert coverage.overlap([3, 0, 1], similarities, passages=2) == 0.5
    assert coverage.overlap([], similarities, passages=2) == 0.0


def test_the_meaning_focus_is_how_much_of_the_question_one_of_the_closest_passages_holds():
    # passage 1 holds "a" and "b" (3 of 4) but is the least close; passage 0 holds "a" (2 of 4)
    similarities = np.array([0.9, 0.1, 0.8, 0.7])
    assert coverage.meaning_focus(MASKS, similarities, passages=3) == pytest.approx(0.5)
    assert coverage.meaning_focus(MASKS, similarities, passages=4) == pytest.approx(0.75)
    assert coverage.meaning_focus([], similarities) == 0.0


def test_without_similarities_only_the_words_signals_are_there():
    found = coverage.signals(MASKS, 0.75, 0.75, [1, 0], None, english=True)
    assert not found.meaning and found.similarity == 0.0 and found.meaning_focus == 0.0
    assert (found.focus, found.coverage, found.unseen, found.english) == (0.75, 0.75, 0.25, 1.0)
    with_meaning = coverage.signals(MASKS, 0.75, 0.75, [1, 0], np.array([0.9, 0.1, 0.8, 0.7]), english=False)
    assert with_meaning.meaning and with_meaning.similarity == pytest.approx(0.9)
    assert with_meaning.agreement == 0.5 and with_meaning.meaning_focus == pytest.approx(0.5)


def test_a_model_adds_each_signal_times_its_weight_to_the_bias():
    model = CoverageModel(bias=-1.0, threshold=0.0, focus=2.0, meaning_focus=1.0)
    assert model.score(CoverageSignals(focus=0.5, coverage=1.0, unseen=0.0, english=1.0, meaning_focus=0.5)) == 0.5
    assert not model.covers(CoverageSignals(focus=0.2, coverage=1.0, unseen=0.0, english=1.0))


def test_the_words_only_model_judges_until_there_is_a_similarity():
    words = CoverageSignals(focus=0.5, coverage=0.6, unseen=0.0, english=0.0)
    meaning = dataclasses.replace(words, similarity=0.9, margin=0.08, meaning_focus=0.5, meaning=True)
    never_words = dataclasses.replace(DEFAULT_PARAMS, words_only=dataclasses.replace(WORDS_ONLY, threshold=99.0))
    never_meaning = dataclasses.replace(DEFAULT_PARAMS, with_meaning=dataclasses.replace(WITH_MEANING, threshold=99.0))
    assert coverage.covers(never_meaning, words) == WORDS_ONLY.covers(words)
    assert not coverage.covers(never_words, words)
    assert coverage.covers(never_words, meaning) == WITH_MEANING.covers(meaning)
    assert not coverage.covers(never_meaning, meaning)


def test_a_question_about_a_step_its_step_answers_is_covered_whatever_the_model_says():
    never = dataclasses.replace(DEFAULT_PARAMS, words_only=dataclasses.replace(WORDS_ONLY, threshold=99.0))
    assert coverage.covers(never, CoverageSignals(focus=0.0, coverage=0.0, unseen=1.0, english=0.0, about_step=True))


# Written for these tests (none is in a question set): off-topic questions of several kinds,
# some in the guidance's own words, and short on-topic ones.
OFF_TOPIC = [
    "Hoeveel kost een abonnement op de bibliotheek?",  # municipal service
    "What is the speed limit on Dutch motorways?",
    "Welke drempel geldt voor sociale en andere specifieke diensten?",  # a threshold
    "Is TenderNed vandaag bereikbaar?",  # a portal's outage
    "Hoe verleng ik mijn eHerkenning machtiging?",
    "Hoeveel subsidie geeft de provincie voor zonnepanelen?",  # a subsidy amount
    "Waar haal ik een parkeerkaart voor bezoekers?",
    "Hoeveel ziektedagen mag een ambtenaar hebben?",  # HR
    "What is the retention period for invoices?",
    "Which tablets should our inspectors buy?",  # ordinary ICT goods
    "Hoe lang duurt de bezwaartermijn bij een omgevingsvergunning?",  # a legal deadline
]
ON_TOPIC = ["Wat is een opschalingsplan?", "how do I write a challenge", "Wat is precommercieel inkopen?",
            "Why involve end users early?", "Hoe kies ik tussen SBIR en innovatiepartnerschap?",
            "wat is een marktconsultatie", "What is a minimum requirement?", "Hoe evalueer ik een pilot?"]


@pytest.mark.parametrize("question", OFF_TOPIC)
def test_off_topic_questions_of_several_kinds_are_not_covered(kb, question):
    retrieval = kb.retrieve(question)
    assert retrieval.signals.meaning and not retrieval.found


@pytest.mark.parametrize("question", ON_TOPIC)
def test_short_on_topic_questions_are_covered(kb, question):
    assert kb.retrieve(question).found
