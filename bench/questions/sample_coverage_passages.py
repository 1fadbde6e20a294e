"""Draw a second set of corpus passages at random, for the labelled questions that calibrate
whether the guidance covers a question (coverage_train.jsonl), before any of them is written.

Same blocks as sample_passages.py (blank-line separated, at least 25 words), a new seed, and
none of the passages the question bank drew already. Stratified over the documents in proportion
to their words, at least 12 per document. Run: python bench/questions/sample_coverage_passages.py
"""
import json
import random
import sys
from pathlib import Path

from sample_passages import CORPUS, paragraphs

SEED = 20261205
TARGET = 90
MIN_PER_DOC = 12

HERE = Path(__file__).resolve().parent
TAKEN = HERE / "sampled_passages.jsonl"
OUT = HERE / "coverage_passages.jsonl"


def main() -> int:
    taken = {(row["doc"], row["paragraph"]) for row in map(json.loads, TAKEN.read_text(encoding="utf-8").splitlines())}
    docs = {p.stem: [(i, t) for i, t in paragraphs(p) if (p.stem, i) not in taken] for p in sorted(CORPUS.glob("*.txt"))}
    sizes = {stem: sum(len(t.split()) for _, t in paras) for stem, paras in docs.items()}
    total = sum(sizes.values())
    rng = random.Random(SEED)
    rows = []
    for stem, paras in docs.items():
        quota = max(MIN_PER_DOC, round(TARGET * sizes[stem] / total))
        for index, text in sorted(rng.sample(paras, min(quota, len(paras)))):
            rows.append({"doc": stem, "paragraph": index, "text": text})
    with OUT.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print("total", len(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
