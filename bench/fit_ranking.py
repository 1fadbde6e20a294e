"""Fit a linear ranking of the candidates over a few per-candidate features, and measure it
against the hand-set fusion of words and meaning, each training set held out in turn.

    PYTHONPATH=src .venv/bin/python bench/fit_ranking.py [--dense-pool 20] [--cache FILE]

Runs the real KnowledgeBase (default settings and model, a fresh temporary home) on the
answerable questions of three sets: the tuning half of the question bank
(bench/questions/tune.jsonl), the development set (../shared/eval/dev.jsonl) and the answerable
coverage questions (bench/questions/coverage_train.jsonl). Never the test half or the FAQ set.

A passage is relevant when it holds the gold (evaluation.holds, the scorer's rule). The coverage
questions have no gold span: each names a document and a paragraph of the passage sampling
(sample_coverage_passages.py, its text in coverage_passages.jsonl); a passage is relevant to one
when it holds a run of at least 8 words of that paragraph (normalised as the scorer does).

The pool of each question: the lexical candidates plus the dense model's --dense-pool closest
passages; its features: ranking.candidate_features (ranking.FEATURES). The fits, each at L2 of
C 0.01 to 10: pairwise logistic regression (scikit-learn, no intercept: each relevant passage
against each other one of its question), listwise (the softmax over a question's pool on its
relevant passages, scipy), each over the nine features and with the fused score as a tenth; and
the fusion plus a learned correction (listwise, the fused score at a fixed weight). The ranking
then adds, as KnowledgeBase.retrieve does, the definitions' boost and the compared sides.

Prints recall@1 / @5 / MRR@10 per held-out set beside the current ranking's, whether the best fit
clears the bar for adoption (MRR +0.02 on average over the held-out sets, no set 0.01 worse),
and its weights fitted on all three sets (params.RankingParams.learned_weights).
"""

from __future__ import annotations

import argparse
import os
import pickle
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from fresh_home import use_fresh_home  # noqa: E402 - bench/ is on sys.path

QUESTIONS = ROOT / "bench" / "questions"
SETS = {"tune": QUESTIONS / "tune.jsonl", "dev": ROOT.parent / "shared" / "eval" / "dev.jsonl",
        "coverage": QUESTIONS / "coverage_train.jsonl"}
PARAGRAPHS = QUESTIONS / "coverage_passages.jsonl"
FEATURES_ORDER: tuple[str, ...] = ()  # ranking.FEATURES, once the package is imported (main)
RUN = 8  # words of the sampled paragraph in a row that make a passage relevant to a coverage question
K = 10


@dataclass
class Case:
    """One question: its pool, the pool's features, which are relevant, and the current order."""

    set: str
    qid: str
    text: str
    pool: list[int]
    features: np.ndarray
    relevant: np.ndarray
    current: list[int]  # the current ranking's first K
    others: np.ndarray  # the learned score outside the pool (ranking.learned_scores)


def relevance_rule(row: dict, paragraphs: dict):
    """Whether a passage's text is relevant to the question `row`: it holds the gold, or (a
    coverage question) a run of RUN words of its paragraph."""
    from assistant.knowledge.evaluation import holds, normalise

    if row.get("gold"):
        gold = normalise(row["gold"])
        return lambda text: holds(normalise(text), gold)
    words = normalise(paragraphs[(row["doc"], row["paragraph"])])
    runs = {" " + " ".join(words[s:s + RUN]) + " " for s in range(len(words) - RUN + 1)}
    return lambda text: any(run in " " + " ".join(normalise(text)) + " " for run in runs)


def labelled() -> dict[tuple[str, str], tuple[str, object]]:
    """(set, id) -> (question, relevance rule) of every answerable training question."""
    from assistant.knowledge.evaluation import load_jsonl

    paragraphs = {(r["doc"], r["paragraph"]): r["text"] for r in load_jsonl(PARAGRAPHS, required=())}
    return {(name, row["id"]): (row["question"], relevance_rule(row, paragraphs))
            for name, path in SETS.items() for row in load_jsonl(path) if row.get("gold") or row.get("covered")}


def knowledge_base(dense_pool: int, dense: bool = True):
    use_fresh_home("sp-bench-fit-ranking-")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from dataclasses import replace

    from assistant.core.settings import load_settings
    from assistant.knowledge.base import KnowledgeBase
    from assistant.knowledge.params import DEFAULT_PARAMS

    kb = KnowledgeBase(load_settings(), params=replace(DEFAULT_PARAMS, learned_pool=dense_pool))
    kb.ensure_index(dense=dense)
    if dense and not kb.dense_ready:
        raise SystemExit(f"dense search unavailable: {kb.dense_error}")
    return kb


def collect(kb, questions: dict) -> list[Case]:
    cases = []
    for (name, qid), (question, relevant) in questions.items():
        current = [kb.table.position[p.chunk.id] for p in kb.retrieve(question, k=K).passages]
        state = kb.ranking_state(question, features=True)
        cases.append(Case(name, qid, state.text, state.wide_pool, state.features,
                          np.array([relevant(kb.chunks[i].text) for i in state.wide_pool], dtype=bool),
                          current, state.others))
    return cases


def usable(cases: list[Case]) -> list[Case]:
    """The questions with a relevant and an irrelevant passage in the pool: the others teach nothing."""
    return [c for c in cases if c.relevant.any() and (~c.relevant).any()]


def fit_pairwise(cases: list[Case], c: float, columns: list[int]) -> np.ndarray:
    """Pairwise logistic regression without intercept: each relevant passage's features minus each
    irrelevant one's of the same question is 1, the reverse 0; each question weighs 1 in all."""
    from sklearn.linear_model import LogisticRegression

    rows, weights = [], []
    for case in usable(cases):
        x = case.features[:, columns]
        good, bad = x[case.relevant], x[~case.relevant]
        differences = (good[:, None, :] - bad[None, :, :]).reshape(-1, len(columns))
        rows.append(differences)
        weights.append(np.full(len(differences), 1.0 / len(differences)))
    x, w = np.vstack(rows), np.concatenate(weights) * len(rows)
    model = LogisticRegression(C=c, fit_intercept=False, max_iter=5000)
    model.fit(np.vstack([x, -x]), np.r_[np.ones(len(x)), np.zeros(len(x))], sample_weight=np.r_[w, w])
    return model.coef_[0]


def fit_softmax(cases: list[Case], c: float, columns: list[int], offset: float = 0.0) -> np.ndarray:
    """Listwise: the softmax of the scores over each question's pool puts as much as it can on its
    relevant passages (the log of their share, averaged over the questions), L2 of 1 / C. With an
    `offset`, each score is `offset` times the fused score plus the learned part: a correction
    of the hand-set fusion, which a small C leaves as it is."""
    from scipy.optimize import minimize

    fused = FEATURES_ORDER.index("fused")
    data = [(case.features[:, columns], offset * case.features[:, fused], case.relevant) for case in usable(cases)]

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        total, grad = 0.0, np.zeros(len(w))
        for x, base, relevant in data:
            scores = base + x @ w
            e = np.exp(scores - scores.max())
            total -= np.log(e[relevant].sum() / e.sum())
            grad -= e[relevant] @ x[relevant] / e[relevant].sum() - e @ x / e.sum()
        n = len(data)
        return total / n + 0.5 * w @ w / (c * n), grad / n + w / (c * n)

    return minimize(loss, np.zeros(len(columns)), jac=True, method="L-BFGS-B").x


#: The fused score's fixed weight in a correction of the fusion ("residual"; 5 / 20 measured alike).
RESIDUAL = 10.0


def fit(cases: list[Case], objective: str, c: float, columns: list[int]) -> np.ndarray:
    """The weights of all FEATURES (0 for those not in `columns`)."""
    weights = np.zeros(cases[0].features.shape[1])
    if objective == "pairwise":
        weights[columns] = fit_pairwise(cases, c, columns)
    elif objective == "softmax":
        weights[columns] = fit_softmax(cases, c, columns)
    else:  # residual: the fusion plus what the other features add to it
        weights[columns] = fit_softmax(cases, c, columns, offset=RESIDUAL)
        weights[FEATURES_ORDER.index("fused")] += RESIDUAL
    return weights


def ranked(case: Case, weights: np.ndarray, kb) -> list[int]:
    """The learned order of the question's passages, with the definitions and compared sides
    (as KnowledgeBase.retrieve adds them)."""
    from assistant.knowledge import ranking

    final = ranking.learned_scores(case.pool, case.features, weights, case.others)
    final = ranking.with_definitions(case.text, case.pool, final, kb.table.folded, kb.params)
    pool, final = ranking.with_compared_sides(case.text, case.pool, final, kb.table.folded, kb.params)
    return sorted(set(pool), key=lambda i: -final[i])[:K]


def figures(orders: list[list[int]], cases: list[Case], kb, questions: dict) -> tuple[float, float, float]:
    """recall@1, recall@5, MRR@10 of the orders (a compared side may come from outside the pool:
    relevance by the question's rule on the text)."""
    ranks = []
    for order, case in zip(orders, cases):
        relevant = questions[(case.set, case.qid)][1]
        ranks.append(next((n + 1 for n, i in enumerate(order) if relevant(kb.chunks[i].text)), None))
    n = len(ranks)
    return (sum(1 for r in ranks if r == 1) / n, sum(1 for r in ranks if r and r <= 5) / n,
            sum(1 / r for r in ranks if r) / n)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dense-pool", type=int, default=20)
    parser.add_argument("--cache", default="", help="keep the features in this file (pickle) between runs")
    args = parser.parse_args()
    from assistant.knowledge.ranking import FEATURES

    global FEATURES_ORDER
    FEATURES_ORDER = FEATURES
    questions = labelled()
    cache = Path(args.cache) if args.cache else None
    if cache and cache.exists():
        kb, cases = knowledge_base(args.dense_pool, dense=False), pickle.loads(cache.read_bytes())
    else:
        kb = knowledge_base(args.dense_pool)
        cases = collect(kb, questions)
        if cache:
            cache.write_bytes(pickle.dumps(cases))
    held = {name: ([c for c in cases if c.set != name], [c for c in cases if c.set == name]) for name in SETS}
    now = {name: figures([c.current for c in test], test, kb, questions) for name, (_, test) in held.items()}
    print("each set held out, fitted on the other two; recall@1 recall@5 MRR@10")
    print(f"{'':28s}" + "".join(f" | {name} (n {len(held[name][1])})".ljust(22) for name in SETS) + " | MRR gain mean, worst")
    print(f"{'current (hand-set fusion)':28s}" + "".join(f" | {r1:.3f} {r5:.3f} {mrr:.3f}" for r1, r5, mrr in now.values()))
    plain = [n for n, f in enumerate(FEATURES) if f != "fused"]
    best = None
    variants = [(objective, label, columns) for objective in ("pairwise", "softmax")
                for label, columns in (("plain", plain), ("+fused", list(range(len(FEATURES)))))]
    for objective, label, columns in [*variants, ("residual", "fusion+", plain)]:
        for c in (0.01, 0.1, 1.0, 10.0):
            out = {name: figures(_held_out_orders(train, test, objective, c, columns, kb), test, kb, questions)
                   for name, (train, test) in held.items()}
            gains = [out[name][2] - now[name][2] for name in SETS]
            row = f"{objective} {label} C {c:g}"
            print(f"{row:28s}" + "".join(f" | {r1:.3f} {r5:.3f} {mrr:.3f}" for r1, r5, mrr in out.values())
                  + f" | {np.mean(gains):+.3f} {min(gains):+.3f}", flush=True)
            if best is None or np.mean(gains) > best[0]:
                best = (float(np.mean(gains)), float(min(gains)), objective, columns, c, row)
    mean, worst, objective, columns, c, row = best
    adopt = mean >= 0.02 and worst >= -0.01
    print(f"best: {row} (MRR gain {mean:+.3f}, worst set {worst:+.3f}): "
          + ("adopt" if adopt else "not adopted (needs +0.02 on average, no set below -0.01)"))
    weights = fit(cases, objective, c, columns)
    print("fitted on all three sets: learned_weights=(" + ", ".join(f"{w:.3f}" for w in weights) + ")")
    for name, w in zip(FEATURES, weights):
        print(f"  {name:18s} {w:+.3f}")


def _held_out_orders(train: list[Case], test: list[Case], objective: str, c: float, columns: list[int], kb):
    weights = fit(train, objective, c, columns)
    return [ranked(case, weights, kb) for case in test]


if __name__ == "__main__":
    main()
