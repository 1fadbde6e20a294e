"""Draw corpus passages at random, before any question is written, so the bank covers the
corpus as it is and not the parts the system already handles well.

Paragraphs are blank-line separated blocks of a corpus .txt with at least MIN_WORDS words.
The draw is stratified over the documents in proportion to their number of such paragraphs'
words, with at least MIN_PER_DOC per document. Run: python bench/questions/sample_passages.py
"""
import json
import random
import re
import sys
from pathlib import Path

SEED = 20261204
TARGET = 130
MIN_PER_DOC = 15
MIN_WORDS = 25

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parents[1] / "corpus"
OUT = HERE / "sampled_passages.jsonl"


def paragraphs(path: Path) -> list[tuple[int, str]]:
    """(index among all blank-line blocks, text with collapsed whitespace) of long blocks."""
    blocks = re.split(r"\n\s*\n", path.read_text(encoding="utf-8"))
    out = []
    for index, block in enumerate(blocks):
        text = " ".join(block.split())
        if len(text.split()) >= MIN_WORDS:
            out.append((index, text))
    return out


def quotas(sizes: dict[str, int]) -> dict[str, int]:
    total = sum(sizes.values())
    return {stem: max(MIN_PER_DOC, round(TARGET * size / total)) for stem, size in sizes.items()}


def main() -> int:
    docs = {p.stem: paragraphs(p) for p in sorted(CORPUS.glob("*.txt"))}
    sizes = {stem: sum(len(t.split()) for _, t in paras) for stem, paras in docs.items()}
    rng = random.Random(SEED)
    rows = []
    for stem, quota in quotas(sizes).items():
        drawn = rng.sample(docs[stem], min(quota, len(docs[stem])))
        for index, text in sorted(drawn):
            rows.append({"doc": stem, "paragraph": index, "text": text})
    with OUT.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    for stem, quota in quotas(sizes).items():
        print(stem, "paragraphs", len(docs[stem]), "words", sizes[stem], "drawn", quota)
    print("total", len(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
