"""How often a question that names a step is answered from that step, on our own step questions:
ten forms for each of the ten steps, the step given as a number ("stap 4"), in words ("stap
vier", "de vierde stap", "the fourth step") and as a slip of the keyboard.

    .venv/bin/python bench/steps.py [--show]

Prints how many questions have their best passage in the step they name, per way of naming it,
and with --show every miss. Lexical only (the model's share is small and the step does not
depend on it). No timings here, so no baseline.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))  # the package, also without an installed venv

from fresh_home import lexical_knowledge_base  # noqa: E402 - bench/ is on sys.path

FORMS = [
    "Wat is {step}?", "Wat houdt {step} in?", "Wat doe ik bij {step}?", "Waar gaat {step} over?",
    "Welke vragen horen bij {step}?", "Wat moet ik bij {step} opschrijven?", "Wie betrek ik bij {step}?",
    "Hoe lang duurt {step}?", "Welke voorbeelden geeft {step}?", "Wat is het doel van {step}?",
]
WORDS = ["een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien"]
ORDINALS = ["eerste", "tweede", "derde", "vierde", "vijfde", "zesde", "zevende", "achtste", "negende", "tiende"]
NAMINGS = {
    "stap N": lambda n: f"stap {n}",
    "stap in woorden": lambda n: f"stap {WORDS[n - 1]}",
    "de N-de stap": lambda n: f"de {ORDINALS[n - 1]} stap",
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="print every question answered from another step")
    args = parser.parse_args()
    kb = lexical_knowledge_base("sp-bench-steps-")
    for naming, name_step in NAMINGS.items():
        right = total = 0
        for n in range(1, 11):
            for form in FORMS:
                question = form.format(step=name_step(n))
                best = kb.retrieve(question, k=1).passages[0]
                right += best.step == n
                total += 1
                if args.show and best.step != n:
                    print(f"  miss: {question}  ->  {best.section[:60]}")
        print(f"{naming:16s}: {right} of {total} answered from the step they name")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
