"""Every benchmark, one after the other, their output as it comes (`make bench`).

    .venv/bin/python bench/run.py

1. bench/retrieval.py: retrieval quality on the five question sets side by side (targets checked
   on test and faq), index and query speed, peak memory, beside the LangChain tutorial pipeline
   and multilingual-e5-small alone (several minutes: e5 embeds the tutorial's chunks).
2. bench/found.py: how `found` judges our own off-topic and on-topic questions.
3. bench/steps.py: how often a question naming a step is answered from that step.
4. bench/tui_first_frame.py: time to the app's first frame, beside a bare Textual app.
5. bench/tui_long_conversation.py: time per answer late in a long conversation, and to reopen it,
   beside the same early on and for a short one (a minute and a half).

Speed and memory are measured here, not in timed tests: each figure is printed beside a baseline
run in the same invocation (a ratio), because these machines are noisy. The exit status is
non-zero when a benchmark failed or a target was not met.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCHES = [["bench/retrieval.py"], ["bench/found.py"], ["bench/steps.py"], ["bench/tui_first_frame.py"],
           ["bench/tui_long_conversation.py"]]


def main() -> int:
    worst = 0
    print(f"stappenplan benchmarks: {os.cpu_count()} CPUs, load average "
          f"{' '.join(f'{v:.2f}' for v in os.getloadavg())} (CPUs may be shared: timings are noisy, "
          "read the ratios)", flush=True)
    for bench in BENCHES:
        print(f"\n===== {' '.join(bench)} =====", flush=True)
        started = time.perf_counter()
        rc = subprocess.run([sys.executable, *bench], cwd=ROOT).returncode
        print(f"----- {bench[0]}: exit {rc} after {time.perf_counter() - started:.0f} s", flush=True)
        worst = max(worst, rc)
    return worst


if __name__ == "__main__":
    raise SystemExit(main())
