"""Whether the guidance covers a question: its signals, each a small pure function of what
retrieval already has (the question's word masks, the lexical candidates in BM25 order, the
dense model's similarity to every passage), and the calibrated model that weighs them
(params.CoverageModel, fitted by bench/fit_coverage.py).

The signals read the lexical candidates and the raw similarities, never the fused ranking, so
that a change to the ranking's order leaves them, and the fitted model, as they were.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from assistant.knowledge.params import RankingParams
from assistant.knowledge.ranking import Mask
from assistant.knowledge.types import CoverageSignals

#: How many of the closest passages the margin of the best one is measured against.
STANDOUT_PASSAGES = 10
#: How many of the best lexical and of the closest passages are compared (overlap).
AGREEMENT_PASSAGES = 5
#: How many of the closest passages may hold the question's words (meaning_focus).
MEANING_FOCUS_PASSAGES = 3


def unseen_share(masks: Sequence[Mask]) -> float:
    """The weighted share of the question's words that no passage addresses."""
    total = sum(weight for _, weight in masks)
    unseen = sum(weight for mask, weight in masks if not mask.any())
    return unseen / total if total else 1.0


def similarity_margin(similarities: np.ndarray) -> float:
    """How far the closest passage is above the median passage: a question about the guidance's
    subject lifts a few passages well above the rest; one about something else lifts none."""
    return float(similarities.max() - np.median(similarities)) if similarities.size else 0.0


def standout(similarities: np.ndarray, passages: int = STANDOUT_PASSAGES) -> float:
    """How far the closest passage is above the mean of the next `passages` closest: one passage
    that means what the question asks stands out; a question the guidance only brushes has many
    passages about as close."""
    if similarities.size < 2:
        return 0.0
    closest = np.sort(similarities)[::-1][:passages + 1]
    return float(closest[0] - closest[1:].mean())


def agreement(candidates: Sequence[int], similarities: np.ndarray) -> float:
    """1 / (1 + the place of the closest passage among the lexical candidates, best first), 0
    when the words did not find it at all: words and meaning agree on the passage."""
    if not similarities.size:
        return 0.0
    closest = int(np.argmax(similarities))
    places = {passage: place for place, passage in enumerate(candidates)}
    return 1.0 / (1 + places[closest]) if closest in places else 0.0


def overlap(candidates: Sequence[int], similarities: np.ndarray, passages: int = AGREEMENT_PASSAGES) -> float:
    """The share of the `passages` closest passages that are among the `passages` best lexical
    candidates."""
    if not similarities.size or not passages:
        return 0.0
    closest = np.argsort(-similarities)[:passages]
    best = set(candidates[:passages])
    return sum(int(i) in best for i in closest) / passages


def meaning_focus(masks: Sequence[Mask], similarities: np.ndarray, passages: int = MEANING_FOCUS_PASSAGES) -> float:
    """The largest weighted share of the question's words that one of the `passages` closest
    passages holds: the passage that means what the question asks also uses its words. A
    question in the guidance's words about something else has its words in passages the meaning
    does not favour."""
    total = sum(weight for _, weight in masks)
    if not total or not similarities.size:
        return 0.0
    closest = np.argsort(-similarities)[:passages]
    return float(max(sum(weight * bool(mask[i]) for mask, weight in masks) for i in closest) / total)


def signals(masks: Sequence[Mask], focus: float, coverage: float, candidates: Sequence[int],
            similarities: np.ndarray | None, *, english: bool, about_step: bool = False) -> CoverageSignals:
    """The coverage signals of a question, from its word `masks`, the `focus` and `coverage` of
    the lexical candidates (in BM25 order), and the dense `similarities` (None before the model
    has loaded)."""
    words = {"focus": focus, "coverage": coverage, "unseen": unseen_share(masks), "english": float(english),
             "about_step": about_step}
    if similarities is None or not similarities.size:
        return CoverageSignals(**words)
    return CoverageSignals(**words, similarity=float(similarities.max()), margin=similarity_margin(similarities),
                           standout=standout(similarities), agreement=agreement(candidates, similarities),
                           overlap=overlap(candidates, similarities),
                           meaning_focus=meaning_focus(masks, similarities), meaning=True)


def covers(params: RankingParams, found: CoverageSignals) -> bool:
    """Whether the guidance covers the question: a question about a step that its step's passage
    answers always; otherwise the coverage model with the meaning's signals, or the words-only
    one while there are none."""
    if found.about_step:
        return True
    model = params.with_meaning if found.meaning else params.words_only
    return model.covers(found)
