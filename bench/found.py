"""How well `found` separates questions the guidance covers from those it does not, on our own
questions (bench/found_questions.tsv): off-topic ones made of words the guidance uses, and
short on-topic ones.

    .venv/bin/python bench/found.py [--show]

Prints how many of each kind are judged covered, and with --show each question with its
coverage (the best passages together) and focus (the best passage alone). Lexical only: `found`
does not depend on the model. No timings here, so no baseline: the dev-set rejections stand
beside the tutorial pipeline's in bench/retrieval.py.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))  # the package, also without an installed venv

from fresh_home import lexical_knowledge_base  # noqa: E402 - bench/ is on sys.path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="print every question with its scores")
    args = parser.parse_args()
    kb = lexical_knowledge_base("sp-bench-found-")
    counts = {"off": [0, 0], "on": [0, 0]}  # label -> [judged covered, total]
    for line in (ROOT / "bench" / "found_questions.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        label, question = line.split("\t", 1)
        retrieval = kb.retrieve(question)
        counts[label][0] += retrieval.found
        counts[label][1] += 1
        if args.show:
            verdict = "covered" if retrieval.found else "not covered"
            print(f"{label:3s} {retrieval.relevance:.2f} {retrieval.focus:.2f} {verdict:11s} {question}")
    off, on = counts["off"], counts["on"]
    print(f"off-topic judged covered: {off[0]} of {off[1]}; on-topic judged not covered: {on[1] - on[0]} of {on[1]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
