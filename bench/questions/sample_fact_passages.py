"""Draw a third set of corpus passages at random, for labelled questions that ask for a fact (an
amount, a number, a duration, a date, a person) that the passage gives (fact_train.jsonl), before
any of them is written.

Same blocks as sample_passages.py (blank-line separated, at least 25 words) that hold a number
standing alone (a digit not glued to a letter, so not a footnote's alone), a new seed, none of the
passages the question bank or the coverage questions drew already; uniform over the blocks. Run:
python bench/questions/sample_fact_passages.py
"""
import json
import random
import re
import sys
from pathlib import Path

from sample_passages import CORPUS, paragraphs

SEED = 20261206
TARGET = 60
NUMBER = re.compile(r"(?<![A-Za-z.])\d")

HERE = Path(__file__).resolve().parent
TAKEN = (HERE / "sampled_passages.jsonl", HERE / "coverage_passages.jsonl")
OUT = HERE / "fact_passages.jsonl"


def main() -> int:
    taken = {(row["doc"], row["paragraph"]) for path in TAKEN
             for row in map(json.loads, path.read_text(encoding="utf-8").splitlines())}
    blocks = [(p.stem, i, t) for p in sorted(CORPUS.glob("*.txt")) for i, t in paragraphs(p)
              if (p.stem, i) not in taken and NUMBER.search(t)]
    rng = random.Random(SEED)
    rows = [{"doc": d, "paragraph": i, "text": t} for d, i, t in sorted(rng.sample(blocks, TARGET))]
    OUT.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print("blocks", len(blocks), "drawn", len(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
