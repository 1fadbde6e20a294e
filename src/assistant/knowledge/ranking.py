"""The ranking's scoring, as small pure functions over per-passage arrays.

Each takes scores (one float per passage), masks (one bool per passage) and the
`RankingParams`, and returns new arrays: the arrays it is given are left as they were. The
knowledge base (base.py) asks the indexes for the raw scores and chains these.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from re import Pattern

import numpy as np

from assistant.knowledge.definitions import (compared_subjects, defined_subjects, definition_needles,
                                             definition_pattern)
from assistant.knowledge.lexical import LexicalIndex
from assistant.knowledge.params import RankingParams
from assistant.knowledge.text import looks_english

#: One question word's passages (a bool per passage) and its weight (query.question_masks).
Mask = tuple[np.ndarray, float]


def named_boost(count: int, params: RankingParams, *, step: int | None, chunk_step: np.ndarray,
                chunk_opens: np.ndarray, figure: np.ndarray | None, subject: np.ndarray | None) -> np.ndarray:
    """Per passage, how much more it weighs because the question names its step (`step`; its
    opening passage a little more again), its table or figure (`figure`: a mask), or its story's
    speaker or organisation (`subject`: a mask); 1 for the rest."""
    boost = np.ones(count)
    if step is not None:
        boost = np.where(chunk_step == step, boost * params.step_boost, boost)
        boost = np.where((chunk_step == step) & chunk_opens, boost * params.step_opening_boost, boost)
    if figure is not None:
        boost = np.where(figure, boost * params.figure_boost, boost)
    if subject is not None:
        boost = np.where(subject, boost * params.subject_boost, boost)
    return boost


def without_step_mentions(scores: np.ndarray, mention: np.ndarray, chunk_step: np.ndarray, step: int) -> np.ndarray:
    """`scores` without what the named step's term (`mention`) adds outside that step's own
    passages: "Na Stap 1 heeft u …" in step 2 refers to step 1, it is not about it ("Wat is stap
    1?" was answered from step 2). What is left of the term alone is nothing."""
    scores = scores - np.where(chunk_step == step, 0.0, mention)
    return np.where(scores > 1e-6, scores, 0.0)


def with_section_context(scores: np.ndarray, section_scores: np.ndarray | None, chunk_section: np.ndarray,
                         boost: np.ndarray, params: RankingParams) -> np.ndarray:
    """Each passage's BM25 scaled to the best, plus section_weight of its whole section's BM25
    (scaled likewise), times the named `boost`; 0 for a passage that matches nothing itself."""
    combined = scores / float(scores.max())
    if section_scores is not None:
        section_top = float(section_scores.max())
        if section_top > 0:
            combined = combined + params.section_weight * (section_scores / section_top)[chunk_section]
    return np.where(scores > 0, combined * boost, 0.0)  # a passage must itself match something


def candidates(combined: np.ndarray, params: RankingParams) -> list[int]:
    """The best `candidates` passages by `combined` that score at all, best first."""
    k = min(params.candidates, len(combined))
    best = np.argpartition(-combined, k - 1)[:k]
    best = best[np.argsort(-combined[best])]
    return [int(i) for i in best if combined[i] > 0]


def with_synonyms(combined: np.ndarray, ranking: list[int], matches: np.ndarray, scale: np.ndarray,
                  params: RankingParams) -> np.ndarray:
    """The best candidates (synonym_pool of `ranking`) also score for the question's synonyms:
    their BM25 for them (`matches`), in the scale of `combined` (`scale`), times synonym_weight.

    Only the candidates, which match the question's own words: expanding the query itself pulled
    in as many wrong passages as right ones."""
    pool = ranking[:params.synonym_pool]
    combined = combined.copy()
    combined[pool] += params.synonym_weight * matches[pool] * scale[pool]
    return combined


def feedback_terms(terms: dict[str, float], scores: np.ndarray, lexical: LexicalIndex, texts: Sequence[str],
                   params: RankingParams) -> dict[str, float]:
    """Pseudo-relevance feedback: `terms` and the terms that dominate the best passages (of
    `texts`, by `scores`), at prf_weight.

    Questions paraphrase the guidance; the best lexical matches often use the guidance's own
    words for the same thing ("uitkomsten" for "scenario's"), which finds its neighbours.
    """
    k = min(params.prf_docs, len(scores))
    best = np.argpartition(-scores, k - 1)[:k]
    weights: dict[str, float] = {}
    for index in best:
        if scores[index] <= 0:
            continue
        counts: dict[str, int] = {}
        for term in lexical.analyzer.document_terms(texts[index]):
            counts[term] = counts.get(term, 0) + 1
        share = float(scores[index] / scores[best].max())
        for term, count in counts.items():
            if lexical.document_frequency(term) < 2 or term in terms:
                continue
            weights[term] = weights.get(term, 0.0) + share * (1 + np.log(count)) * lexical.idf(term)
    if not weights:
        return terms
    chosen = sorted(weights.items(), key=lambda item: -item[1])[:params.prf_terms]
    top = chosen[0][1]
    return {**terms, **{term: params.prf_weight * weight / top for term, weight in chosen}}


def addressed_shares(masks: Sequence[Mask], count: int) -> np.ndarray:
    """Per passage, the weighted share of the question (its `masks`) it addresses by itself."""
    total = sum(weight for _, weight in masks)
    if not total:
        return np.zeros(count)
    return sum(weight * mask for mask, weight in masks) / total


def covered_share(masks: Sequence[Mask], positions: list[int]) -> float:
    """The weighted share of the question that the passages at `positions`, together, address."""
    total = sum(weight for _, weight in masks)
    covered = sum(weight for mask, weight in masks if positions and bool(mask[positions].any()))
    return covered / total if total else 0.0


def with_coordination(shares: np.ndarray, ranking: list[int], scores: np.ndarray,
                      params: RankingParams) -> np.ndarray:
    """The candidates' scores plus coordination_weight (times the best candidate's score) for
    how much of the question each addresses (`shares`, from addressed_shares)."""
    if not params.coordination_weight or not ranking:
        return scores
    scores = scores.copy()
    positions = np.asarray(ranking)
    scores[positions] += params.coordination_weight * float(scores[ranking[0]]) * shares[positions]
    return scores


def scaled(scores: np.ndarray, ranking: list[int]) -> np.ndarray:
    """`scores` divided by the best candidate's, or zeros when nothing matched."""
    top = float(scores.max()) if len(ranking) else 0.0
    return scores / top if top > 0 else np.zeros(len(scores))


def best_windows(window_scores: np.ndarray, owners: np.ndarray, count: int) -> np.ndarray:
    """Each passage's best window's similarity (-1, the lowest cosine, for a passage without
    windows); `owners` names each window's passage."""
    best = np.full(count, -1.0)
    np.maximum.at(best, owners, window_scores)
    return best


def passage_similarities(window_scores: np.ndarray, owners: np.ndarray, count: int,
                         params: RankingParams) -> np.ndarray:
    """Each passage's similarity to the question: its best window's (best_windows), moved
    second_window_weight of the way to its second best window's where it has one (a passage that
    says it twice means it more than one aside)."""
    best = best_windows(window_scores, owners, count)
    if not params.second_window_weight or not len(owners):
        return best
    order = np.lexsort((-window_scores, owners))  # by passage, each passage's best window first
    ranked_owners, ranked_scores = owners[order], window_scores[order]
    starts = np.flatnonzero(np.r_[True, ranked_owners[1:] != ranked_owners[:-1]])
    after = np.minimum(starts + 1, len(order) - 1)
    seconds = after[(after > starts) & (ranked_owners[after] == ranked_owners[starts])]
    second = np.full(count, np.nan)
    second[ranked_owners[seconds]] = ranked_scores[seconds]
    blended = best + params.second_window_weight * (second - best)
    return np.where(np.isnan(second), best, blended)


def scaled_closeness(similarities: np.ndarray) -> np.ndarray:
    """Similarity above the mean over the closest one's: 1 for the closest, 0 at the mean."""
    mean = float(similarities.mean())
    return (similarities - mean) / (float(similarities.max()) - mean or 1.0)


def closeness(similarities: np.ndarray, params: RankingParams) -> np.ndarray:
    """How much closer than the rest each passage is to the question, the closest near 1:
    "scaled": similarity above the mean over the closest one's; "z": above the mean in standard
    deviations, over closeness_z (a question the model is sure of keeps a wide gap);
    "rank": reciprocal rank, 1 for the closest, (1 + rrf_k) / (rank + rrf_k) below it."""
    if params.fusion == "z":
        return (similarities - float(similarities.mean())) / ((float(similarities.std()) or 1.0) * params.closeness_z)
    if params.fusion == "rank":
        ranks = np.empty(len(similarities))
        ranks[np.argsort(-similarities)] = np.arange(1, len(similarities) + 1)
        return (1 + params.rrf_k) / (ranks + params.rrf_k)
    return scaled_closeness(similarities)


def fused(final: np.ndarray, similarities: np.ndarray, boost: np.ndarray,
          params: RankingParams, *, english: bool = False) -> tuple[np.ndarray, list[int]]:
    """`final` plus the dense model's closeness of each passage to the question (closeness(),
    times the named `boost` where it is positive) times dense_weight (dense_weight_english for
    an English question: its words reach the Dutch text through a lexicon, its meaning directly);
    and the dense_candidates closest passages."""
    near = closeness(similarities, params)
    # what the question names (a step, a story) weighs in the meaning as in the words
    near = np.where(near > 0, near * boost, near)
    closest = [int(i) for i in np.argsort(-similarities)[:params.dense_candidates]]
    weight = params.dense_weight_english if english else params.dense_weight
    if params.fusion == "rank":  # reciprocal rank fusion: the words by their rank too
        final = np.where(final > 0, closeness(final, params), 0.0)
    return final + weight * near, closest


#: Each passage's text folded (text.fold), without its footnotes: made on first use (index.PassageTable.folded).
FoldedTexts = Callable[[], Sequence[str]]


def defining(positions: Iterable[int], folded: Sequence[str], pattern: Pattern[str], needles: Iterable[str]) -> list[int]:
    """The passages at `positions` whose folded text `pattern` finds defining its subject; each
    is first tested for one of the subject's words (`needles`), which is quick."""
    needles = tuple(needles)
    return [i for i in positions if any(n in folded[i] for n in needles) and pattern.search(folded[i])]


def with_definitions(text: str, candidates: list[int], scores: np.ndarray, folded: FoldedTexts,
                     params: RankingParams) -> np.ndarray:
    """For a definition question ("Wat is X?"), the candidates that define X weigh
    definition_boost times more; for a comparison ("Wat is het verschil tussen X en Y?"), those
    that define X or Y."""
    subjects = defined_subjects(text)
    if not subjects or not params.definition_boost or not candidates:
        return scores
    english = looks_english(text)
    found = defining(candidates, folded(), definition_pattern(subjects, english=english),
                     {n for subject in subjects for n in definition_needles(subject, english=english)})
    if not found:
        return scores
    scores = scores.copy()
    scores[found] *= params.definition_boost
    return scores


def with_compared_sides(text: str, candidates: list[int], scores: np.ndarray, folded: FoldedTexts,
                        params: RankingParams) -> tuple[list[int], np.ndarray]:
    """For a comparison ("Wat is het verschil tussen X en Y?"), the best definition of each side
    scores at least comparison_side_share of the best candidate, and joins the candidates: found
    among all passages that match the question, since otherwise the side the question's other
    words favour crowds out what the other one is (SBIR's definition was 16th for "What is the
    difference between SBIR and an innovation partnership?", outside the candidates)."""
    sides = compared_subjects(text)
    if not sides or not candidates:
        return candidates, scores
    scores = scores.copy()
    top = float(scores[candidates].max())
    matching = [int(i) for i in np.flatnonzero(scores > 0)]
    english = looks_english(text)
    candidates = list(candidates)
    for side in sides:
        found = defining(matching, folded(), definition_pattern(side, english=english, spelled_out=False),
                         definition_needles(side, english=english))
        best = max(found, key=lambda i: scores[i], default=None)
        if best is not None:
            scores[best] = max(scores[best], params.comparison_side_share * top)
            if best not in candidates:
                candidates.append(best)
    return candidates, scores



#: The features of a candidate that the learned ranking weighs (candidate_features; the weights
#: are params.learned_weights, fitted by bench/fit_ranking.py), in order.
FEATURES = ("words", "coordinated", "share", "closeness", "best_closeness", "word_rank", "meaning_rank", "named",
            "english_closeness", "fused")
#: A passage outside the learned ranking's pool scores at most this (learned_scores): below all of
#: the pool, above nothing, so a compared side may still be found among the passages that match.
OUTSIDE = 1e-6


def _rank_feature(order: Sequence[int], count: int) -> np.ndarray:
    """Per passage, 1 / log2(1 + its rank) in `order` (1 for the first), 0 outside it."""
    feature = np.zeros(count)
    feature[np.asarray(order, dtype=np.int64)] = 1.0 / np.log2(np.arange(2, len(order) + 2))
    return feature


def candidate_features(pool: list[int], candidates: list[int], words: np.ndarray, coordinated: np.ndarray,
                       shares: np.ndarray, similarities: np.ndarray, best: np.ndarray, boost: np.ndarray,
                       fused_: np.ndarray, *, english: bool) -> np.ndarray:
    """One row per passage of `pool`, one column per FEATURES: its lexical score scaled to the best
    before coordination (`words`) and after (`coordinated`), the share of the question it
    addresses (`shares`), its closeness in meaning (similarity, with the second window, above the
    mean, scaled: 1 for the closest) and its best window's the same way (`best`), its rank among the
    lexical `candidates` (by `coordinated`) and among all passages by similarity (1 / log2(1 +
    rank)), the log of the named `boost`, the closeness again for an English question, and the
    hand-set fusion's score (`fused_`, from fused()): a model may learn only what it lacks."""
    count = len(words)
    by_words = sorted(candidates, key=lambda i: -coordinated[i])
    closeness_ = scaled_closeness(similarities)
    columns = (words, coordinated, shares, closeness_, scaled_closeness(best), _rank_feature(by_words, count),
               _rank_feature(np.argsort(-similarities), count), np.log(boost), closeness_ * float(english), fused_)
    return np.column_stack([column[pool] for column in columns])


def learned_scores(pool: list[int], features: np.ndarray, weights: np.ndarray, others: np.ndarray) -> np.ndarray:
    """The learned ranking: each passage of `pool` scores its features . `weights`, scaled so the
    best has 1 as the fused score is (0 where all features are: no words, meaning at the mean; a
    definition's boost then multiplies it as it did the fused score); the rest keep `others` (at
    most OUTSIDE: below the pool's positive scores)."""
    scores = others.copy()
    linear = features @ weights
    top = float(linear.max()) if len(linear) else 0.0
    scores[np.asarray(pool, dtype=np.int64)] = linear / top if top > 0 else linear
    return scores
