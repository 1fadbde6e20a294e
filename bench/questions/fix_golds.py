"""Golds copied from the raw corpus keep the PDF's broken words ("aanbe- stedende") and a
footnote number ("SBIR-aanpak1"), which the indexed (cleaned) passages do not. Run once on
2026-12-04, before any measurement: for each gold that no cleaned passage holds, the first
variant (a broken word joined, a number glued to a word dropped) that one does hold replaces
it. Questions, ids and the split are untouched. Usage: fix_golds.py CHUNKS.jsonl FILE…"""

import itertools
import json
import re
import sys

sys.path.insert(0, ".")
from assistant.knowledge.evaluation import holds, normalise  # noqa: E402

BREAK = re.compile(r"(\w)-? (\w)")


def variants(gold: str):
    spots = [m.start() for m in re.finditer(r"\w-? \w", gold)]
    for n in range(1, 4):
        for chosen in itertools.combinations(spots, n):
            text = gold
            for at in sorted(chosen, reverse=True):
                text = text[:at] + BREAK.sub(r"\1\2", text[at:], count=1)
            yield text
            yield re.sub(r"(?<=[a-z])\d\b", "", text)


def main() -> None:
    chunks = [normalise(json.loads(line)["text"]) for line in open(sys.argv[1], encoding="utf-8")]
    held = lambda gold: any(holds(c, normalise(gold)) for c in chunks)  # noqa: E731
    for path in sys.argv[2:]:
        rows = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
        for row in rows:
            if row["gold"] and not held(row["gold"]):
                fixed = next((v for v in variants(row["gold"]) if held(v)), None)
                print(path, row["id"], repr(row["gold"]), "->", repr(fixed))
                row["gold"] = fixed or row["gold"]
        with open(path, "w", encoding="utf-8") as fh:
            fh.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


if __name__ == "__main__":
    main()
