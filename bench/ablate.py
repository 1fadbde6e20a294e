"""Ablations of the ranking on the tuning half (and dev, as a sanity check), in one run.

    PYTHONPATH=src .venv/bin/python bench/ablate.py [--sets tune,dev] [--only NAME,...]

One knowledge base (default settings, a fresh temporary home) answers every set once per
variant; a variant is the default RankingParams with some fields replaced (VARIANTS). Prints
per variant and set: recall@1, recall@5, MRR@10, answer holds gold, English recall@5, answerable
falsely rejected. Decide on tune only (bench/questions/METHOD.md); dev is overfitted.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from fresh_home import use_fresh_home  # noqa: E402 - bench/ is on sys.path

SETS = {"tune": ROOT / "bench" / "questions" / "tune.jsonl", "dev": ROOT.parent / "shared" / "eval" / "dev.jsonl"}
K = 10

#: The ranking before this ablation (main 68fe3c4): a passage's similarity its best window's alone.
BEFORE = {"second_window_weight": 0.0}

#: name -> the RankingParams fields it replaces in DEFAULT_PARAMS (each row changes one thing of
#: the ranking as it is, unless it says "before")
VARIANTS: dict[str, dict] = {
    "default": {},
    "before": BEFORE,
    # what a passage's similarity is: its best window's, towards its second best's
    "second window 0": {"second_window_weight": 0.0},
    "second window .15": {"second_window_weight": 0.15},
    "second window .25": {"second_window_weight": 0.25},
    "second window .5": {"second_window_weight": 0.5},
    "second window .5, no synonyms": {"second_window_weight": 0.5, "synonym_weight": 0.0},
    # how the meaning is fused with the words
    "dense .3": {"dense_weight": 0.3, "dense_weight_english": 0.3},
    "dense .7": {"dense_weight": 0.7, "dense_weight_english": 0.7},
    "dense 1": {"dense_weight": 1.0, "dense_weight_english": 1.0},
    "english dense .7": {"dense_weight_english": 0.7},
    "english dense 1": {"dense_weight_english": 1.0},
    "z .5": {"fusion": "z"},
    "z .7": {"fusion": "z", "dense_weight": 0.7, "dense_weight_english": 0.7},
    "z 1": {"fusion": "z", "dense_weight": 1.0, "dense_weight_english": 1.0},
    "rrf k10 .5": {"fusion": "rank"},
    "rrf k10 1": {"fusion": "rank", "dense_weight": 1.0, "dense_weight_english": 1.0},
    "rrf k60 .5": {"fusion": "rank", "rrf_k": 60},
    "dense candidates 10": {"dense_candidates": 10},
    "dense candidates 30": {"dense_candidates": 30},
    # the lexical side's boosts and rules, each off (or on again)
    "no synonyms": {"synonym_weight": 0.0},
    "no subject boost": {"subject_boost": 1.0},
    "no figure boost": {"figure_boost": 1.0},
    "no step opening boost": {"step_opening_boost": 1.0},
    "no definitions": {"definition_boost": 0.0},
    "no compared sides": {"comparison_side_share": 0.0},
    "no coordination": {"coordination_weight": 0.0},
    "no section context": {"section_weight": 0.0},
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", default="tune,dev")
    parser.add_argument("--only", default="", help="comma-separated variant names")
    args = parser.parse_args()
    use_fresh_home("sp-bench-ablate-")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")

    from assistant.answer.extractive import ExtractiveAnswerer
    from assistant.cli.ask import answer_record
    from assistant.core.settings import load_settings
    from assistant.knowledge.base import KnowledgeBase
    from assistant.knowledge.evaluation import load_jsonl, score, summarise
    from assistant.knowledge.params import DEFAULT_PARAMS

    settings = load_settings()
    kb = KnowledgeBase(settings)
    kb.ensure_index(dense=True)
    if not kb.dense_ready:
        raise SystemExit(f"dense search unavailable: {kb.dense_error}")
    sets = {name: load_jsonl(SETS[name]) for name in args.sets.split(",")}
    chosen = [n for n in args.only.split(",") if n] or list(VARIANTS)

    def figures(questions: list[dict]) -> str:
        records = [answer_record(row["id"], row["question"],
                                 ExtractiveAnswerer(kb).ask(row["question"], k=K, lang=settings.language), K)
                   for row in questions]
        s = summarise(score(questions, records))
        a, en = s["all"], s.get("en", {})
        return (f"{a['recall@1']:.3f} {a['recall@5']:.3f} {a['mrr@10']:.3f} {a['answer_holds_gold']:.3f} "
                f"{en.get('recall@5', float('nan')):.3f} {a['falsely_rejected']:2d}")

    head = "r@1   r@5   mrr   holds en@5  fr"
    print(f"{'variant':24s}" + "".join(f" | {name:^33s}" for name in sets))
    print(f"{'':24s}" + f" | {head}" * len(sets))
    for name in chosen:
        kb.params = replace(DEFAULT_PARAMS, **VARIANTS[name])
        print(f"{name:24s}" + "".join(f" | {figures(questions)}" for questions in sets.values()), flush=True)


if __name__ == "__main__":
    main()
