"""The ranking's pure scoring functions and its params object (no index, no model)."""

import dataclasses

import numpy as np
import pytest

from assistant.knowledge import ranking
from assistant.knowledge.params import DEFAULT_PARAMS, WORDS_ONLY, RankingParams


def test_the_params_are_frozen_and_another_set_is_made_by_replacing_fields():
    with pytest.raises(dataclasses.FrozenInstanceError):
        DEFAULT_PARAMS.dense_weight = 1.0  # type: ignore[misc]
    other = dataclasses.replace(DEFAULT_PARAMS, synonym_weight=0.0)
    assert other.synonym_weight == 0.0 and DEFAULT_PARAMS.synonym_weight == 1.0
    assert DEFAULT_PARAMS == RankingParams()


def test_the_named_boost_multiplies_the_named_steps_passages_and_its_opening_more():
    chunk_step = np.array([3, 3, 4, -1])
    opens = np.array([True, False, True, False])
    boost = ranking.named_boost(4, DEFAULT_PARAMS, step=3, chunk_step=chunk_step, chunk_opens=opens,
                                figure=None, subject=np.array([False, False, False, True]))
    assert boost.tolist() == pytest.approx([2.0 * 1.2, 2.0, 1.0, 1.6])
    plain = ranking.named_boost(4, DEFAULT_PARAMS, step=None, chunk_step=chunk_step, chunk_opens=opens,
                                figure=None, subject=None)
    assert plain.tolist() == [1.0] * 4


def test_another_params_object_changes_the_boost():
    params = dataclasses.replace(DEFAULT_PARAMS, figure_boost=3.0)
    boost = ranking.named_boost(2, params, step=None, chunk_step=np.array([-1, -1]),
                                chunk_opens=np.array([False, False]), figure=np.array([True, False]), subject=None)
    assert boost.tolist() == [3.0, 1.0]


def test_a_passage_that_matches_nothing_itself_gets_nothing_from_its_section():
    scores = np.array([2.0, 0.0, 1.0])
    sections = np.array([1.0, 4.0])
    combined = ranking.with_section_context(scores, sections, np.array([0, 1, 1]), np.ones(3), DEFAULT_PARAMS)
    assert combined.tolist() == pytest.approx([1.0 + 0.3 * 0.25, 0.0, 0.5 + 0.3 * 1.0])


def test_the_named_steps_term_counts_only_in_that_steps_passages():
    scores = np.array([3.0, 3.0, 1.0])
    mention = np.array([1.0, 3.0, 0.0])
    kept = ranking.without_step_mentions(scores, mention, np.array([5, 2, 2]), 5)
    assert kept.tolist() == [3.0, 0.0, 1.0]


def test_candidates_are_the_best_that_score_at_all_best_first():
    params = dataclasses.replace(DEFAULT_PARAMS, candidates=3)
    assert ranking.candidates(np.array([0.1, 0.0, 0.9, 0.5, 0.3]), params) == [2, 3, 4]
    assert ranking.candidates(np.array([0.0, 0.2]), params) == [1]


def test_coordination_adds_to_the_candidates_only_and_leaves_its_input_alone():
    scores = np.array([2.0, 1.0, 1.0])
    boosted = ranking.with_coordination(np.array([0.5, 1.0, 1.0]), [0, 1], scores, DEFAULT_PARAMS)
    assert boosted.tolist() == pytest.approx([2.0 + 1.5 * 2.0 * 0.5, 1.0 + 1.5 * 2.0, 1.0])
    assert scores.tolist() == [2.0, 1.0, 1.0]
    off = dataclasses.replace(DEFAULT_PARAMS, coordination_weight=0.0)
    assert ranking.with_coordination(np.array([1.0, 1.0, 1.0]), [0, 1], scores, off) is scores


def test_shares_weigh_each_question_word_by_its_weight():
    masks = [(np.array([True, False]), 3.0), (np.array([True, True]), 1.0)]
    assert ranking.addressed_shares(masks, 2).tolist() == pytest.approx([1.0, 0.25])
    assert ranking.covered_share(masks, [1]) == pytest.approx(0.25)
    assert ranking.covered_share(masks, []) == 0.0
    assert ranking.addressed_shares([], 2).tolist() == [0.0, 0.0]


def test_fusion_adds_the_closeness_above_the_mean_boosted_like_the_words():
    final = np.zeros(3)
    similarities = np.array([0.9, 0.5, 0.1])  # mean 0.5: closeness 1, 0, -1
    fused, closest = ranking.fused(final, similarities, np.array([2.0, 1.0, 2.0]), DEFAULT_PARAMS)
    assert fused.tolist() == pytest.approx([0.5 * 2.0, 0.0, -0.5])  # a boost never deepens a negative
    assert closest == [0, 1, 2]
    few = dataclasses.replace(DEFAULT_PARAMS, dense_candidates=1, dense_weight=1.0)
    assert ranking.fused(final, similarities, np.ones(3), few)[1] == [0]


def test_a_passage_is_as_close_as_its_best_window_moved_towards_its_second_best():
    window_scores = np.array([0.9, 0.5, 0.7, 0.8, 0.6])
    owners = np.array([0, 0, 0, 1, 3])  # passage 0 has three windows, 1 and 3 one, 2 none
    best_only = dataclasses.replace(DEFAULT_PARAMS, second_window_weight=0.0)
    assert ranking.passage_similarities(window_scores, owners, 4, best_only).tolist() == pytest.approx(
        [0.9, 0.8, -1.0, 0.6])
    # what the coverage model reads, whatever the params
    assert ranking.best_windows(window_scores, owners, 4).tolist() == pytest.approx([0.9, 0.8, -1.0, 0.6])
    half = dataclasses.replace(DEFAULT_PARAMS, second_window_weight=0.5)
    # 0.9 towards 0.7 (not 0.5, its third); a passage of one window keeps it
    assert ranking.passage_similarities(window_scores, owners, 4, half).tolist() == pytest.approx(
        [0.8, 0.8, -1.0, 0.6])
    # windows in any order, two passages of two windows each
    mixed = ranking.passage_similarities(np.array([0.2, 0.6, 0.4, 0.9]), np.array([1, 0, 0, 1]), 2, half)
    assert mixed.tolist() == pytest.approx([0.5, 0.55])
    assert ranking.passage_similarities(np.array([]), np.array([], dtype=np.int64), 2, half).tolist() == [-1.0, -1.0]


def test_the_closeness_is_scaled_per_question_by_the_mean_the_spread_or_the_rank():
    similarities = np.array([0.9, 0.5, 0.1, 0.5])
    assert ranking.closeness(similarities, DEFAULT_PARAMS).tolist() == pytest.approx([1.0, 0.0, -1.0, 0.0])
    z = dataclasses.replace(DEFAULT_PARAMS, fusion="z", closeness_z=2.0)
    std = float(similarities.std())
    assert ranking.closeness(similarities, z).tolist() == pytest.approx([0.4 / std / 2, 0.0, -0.4 / std / 2, 0.0])
    rank = dataclasses.replace(DEFAULT_PARAMS, fusion="rank", rrf_k=1.0)
    assert sorted(ranking.closeness(similarities, rank).tolist()) == pytest.approx([2 / 5, 2 / 4, 2 / 3, 1.0])


def test_a_candidates_features_are_its_words_share_closeness_ranks_and_named_boost():
    words = np.array([1.0, 0.5, 0.0, 0.2])
    coordinated = np.array([0.4, 1.0, 0.0, 0.1])  # coordination put passage 1 first
    shares = np.array([0.5, 1.0, 0.0, 0.25])
    similarities = np.array([0.5, 0.3, 0.9, 0.3])  # mean 0.5: closeness 0, -0.5, 1, -0.5
    best = np.array([0.6, 0.2, 0.8, 0.4])  # mean 0.5: 1/3, -1, 1, -1/3
    boost = np.array([1.0, 2.0, 1.0, 1.0])
    fused = np.array([0.4, 0.75, 0.5, -0.15])
    features = ranking.candidate_features([1, 2, 0], [0, 1, 3], words, coordinated, shares, similarities, best,
                                          boost, fused, english=True)
    assert features.shape == (3, len(ranking.FEATURES))
    row = dict(zip(ranking.FEATURES, features[0]))  # passage 1
    assert row == pytest.approx({"words": 0.5, "coordinated": 1.0, "share": 1.0, "closeness": -0.5,
                                 "best_closeness": -1.0, "word_rank": 1.0, "meaning_rank": 1 / np.log2(4),
                                 "named": np.log(2.0), "english_closeness": -0.5, "fused": 0.75})
    meaning_only = dict(zip(ranking.FEATURES, features[1]))  # passage 2: not a lexical candidate
    assert meaning_only["word_rank"] == 0.0 and meaning_only["meaning_rank"] == 1.0
    assert dict(zip(ranking.FEATURES, features[2]))["word_rank"] == pytest.approx(1 / np.log2(3))
    dutch = ranking.candidate_features([1], [0, 1, 3], words, coordinated, shares, similarities, best, boost,
                                       fused, english=False)
    assert dutch[0, ranking.FEATURES.index("english_closeness")] == 0.0


def test_the_learned_ranking_weighs_the_features_and_keeps_the_rest_below_its_pool():
    features = np.array([[1.0, 0.0], [0.0, 1.0], [0.5, 0.5]])  # passages 3, 0, 1
    others = np.array([0.0, 0.0, 1e-7, 0.0])  # passage 2 matches a word but is not in the pool
    words_first = ranking.learned_scores([3, 0, 1], features, np.array([2.0, 1.0]), others)
    assert words_first.tolist() == pytest.approx([0.5, 0.75, 1e-7, 1.0])  # scaled: the best 1
    meaning_first = ranking.learned_scores([3, 0, 1], features, np.array([1.0, 2.0]), others)
    assert np.argsort(-meaning_first).tolist() == [0, 1, 3, 2]
    assert others.tolist() == [0.0, 0.0, 1e-7, 0.0]  # the arrays it is given stay as they were


def test_reciprocal_rank_fusion_ranks_the_words_too_and_an_english_question_has_its_own_weight():
    final = np.array([3.0, 1.0, 0.0])
    similarities = np.array([0.1, 0.9, 0.5])
    rank = dataclasses.replace(DEFAULT_PARAMS, fusion="rank", rrf_k=1.0, dense_weight=1.0, dense_weight_english=0.0)
    fused, _ = ranking.fused(final, similarities, np.ones(3), rank)
    assert fused.tolist() == pytest.approx([1.0 + 2 / 4, 2 / 3 + 1.0, 0.0 + 2 / 3])  # no words: no rank for them
    english, _ = ranking.fused(final, similarities, np.ones(3), rank, english=True)
    assert english.tolist() == pytest.approx([1.0, 2 / 3, 0.0])


FOLDED = ["sbir wordt hier vaak genoemd, sbir sbir", "sbir is een vorm van precommerciele inkoop",
          "een innovatiepartnerschap is een aanbestedingsprocedure voor innovatie"]


def test_a_candidate_that_defines_the_asked_term_weighs_more():
    scores = np.array([1.0, 0.5, 0.2])
    defined = ranking.with_definitions("Wat is SBIR?", [0, 1], scores, lambda: FOLDED, DEFAULT_PARAMS)
    assert defined.tolist() == [1.0, 1.0, 0.2]  # the passage that says what SBIR is, twice
    assert scores.tolist() == [1.0, 0.5, 0.2]
    off = dataclasses.replace(DEFAULT_PARAMS, definition_boost=0.0)
    assert ranking.with_definitions("Wat is SBIR?", [0, 1], scores, lambda: FOLDED, off) is scores


def test_each_side_of_a_comparison_has_its_definition_near_the_top_even_outside_the_candidates():
    scores = np.array([1.0, 0.5, 0.2])
    question = "Wat is het verschil tussen SBIR en een innovatiepartnerschap?"
    candidates, compared = ranking.with_compared_sides(question, [0], scores, lambda: FOLDED, DEFAULT_PARAMS)
    assert candidates == [0, 1, 2] and compared.tolist() == pytest.approx([1.0, 0.95, 0.95])
    assert scores.tolist() == [1.0, 0.5, 0.2]


def test_the_folded_texts_are_not_made_for_a_question_that_asks_no_definition():
    def never() -> list[str]:
        raise AssertionError("folded without need")

    scores = np.array([1.0])
    assert ranking.with_definitions("Hoe lang duurt een SBIR?", [0], scores, never, DEFAULT_PARAMS) is scores
    assert ranking.with_compared_sides("Hoe lang duurt een SBIR?", [0], scores, never, DEFAULT_PARAMS)[1] is scores


def test_the_knowledge_base_ranks_with_the_params_it_is_given(tmp_path):
    from fakes import QUESTION, build_small_kb

    from assistant.knowledge.base import KnowledgeBase

    kb = build_small_kb(tmp_path)
    assert kb.params is DEFAULT_PARAMS and kb.retrieve(QUESTION).found
    strict = dataclasses.replace(DEFAULT_PARAMS, words_only=dataclasses.replace(WORDS_ONLY, threshold=99.0))
    other = KnowledgeBase(kb.settings, folders=kb.folders, params=strict)
    other.ensure_index(dense=False)
    assert not other.retrieve(QUESTION).found
