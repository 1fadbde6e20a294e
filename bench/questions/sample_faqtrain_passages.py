"""Draw a fourth set of corpus passages at random, for labelled questions phrased as procurement
bodies' FAQ pages phrase them (faq_train.jsonl), before any of them is written.

Same blocks as sample_passages.py (blank-line separated, at least 25 words), a new seed, and none
of the passages the question bank, the coverage questions or the fact questions drew already.
Stratified over the documents in proportion to their words, at least MIN_PER_DOC per document
(as sample_coverage_passages.py). Run: python bench/questions/sample_faqtrain_passages.py
"""
import json
import random
import sys
from pathlib import Path

from sample_passages import CORPUS, paragraphs

SEED = 20261207
TARGET = 47  # with the minimum per document and rounding: 50 drawn
MIN_PER_DOC = 6

HERE = Path(__file__).resolve().parent
TAKEN = (HERE / "sampled_passages.jsonl", HERE / "coverage_passages.jsonl", HERE / "fact_passages.jsonl")
OUT = HERE / "faqtrain_passages.jsonl"


def main() -> int:
    taken = {(row["doc"], row["paragraph"]) for path in TAKEN
             for row in map(json.loads, path.read_text(encoding="utf-8").splitlines())}
    docs = {p.stem: [(i, t) for i, t in paragraphs(p) if (p.stem, i) not in taken] for p in sorted(CORPUS.glob("*.txt"))}
    sizes = {stem: sum(len(t.split()) for _, t in paras) for stem, paras in docs.items()}
    total = sum(sizes.values())
    rng = random.Random(SEED)
    rows = []
    for stem, paras in docs.items():
        quota = max(MIN_PER_DOC, round(TARGET * sizes[stem] / total))
        for index, text in sorted(rng.sample(paras, min(quota, len(paras)))):
            rows.append({"doc": stem, "paragraph": index, "text": text})
    OUT.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print("total", len(rows), {stem: sum(r["doc"] == stem for r in rows) for stem in docs})
    return 0


if __name__ == "__main__":
    sys.exit(main())
