"""A whole project's conversation in the app: the time per answer late in it, beside the time per
answer at its start, and the time to reopen it, beside reopening a project of one answer.

Textual lays out every mounted widget whenever one is added, so a conversation that keeps every
turn mounted gets slower with each answer (before the conversation kept only its last turns:
0.49 s per answer at the start, 5.7 s after 150 answers; reopening 480 turns took 11 s). The app
runs headless under Textual's Pilot with the tests' stand-in knowledge base: this measures the
interface, not retrieval.

    .venv/bin/python bench/tui_long_conversation.py [-n 150]

Targets: the last ten answers take at most 3 times as long as the first ten; reopening the long
project takes at most 3 times as long as reopening the short one.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

RATIO_TARGET = 3.0


async def converse(answers: int) -> list[float]:
    """Seconds per answer, for `answers` answers in a new project (every third one a question)."""
    from tui_support import FakeKB, make_app, settle, type_and_send

    app = make_app(FakeKB())
    seconds = []
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.press(*"Lang gesprek", "enter", *"Gemeente", "enter")
        await settle(pilot)
        for n in range(answers):
            text = "Wat zijn minimale eisen?" if n % 3 == 0 else f"Antwoord {n}, met een zin tekst erbij."
            started = time.perf_counter()
            await type_and_send(pilot, text)
            seconds.append(time.perf_counter() - started)
    return seconds


async def reopen() -> tuple[float, int]:
    """Seconds until the last project is open and settled, and how many turns it holds."""
    from tui_support import FakeKB, make_app, settle

    started = time.perf_counter()
    app = make_app(FakeKB())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        return time.perf_counter() - started, len(app.main.conversation.turns)


def in_home(home: str, job):
    os.environ["STAPPENPLAN_HOME"] = home
    return asyncio.run(job)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=150, help="answers in the long conversation")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as short_home, tempfile.TemporaryDirectory() as long_home:
        in_home(short_home, converse(1))
        short_open, short_turns = in_home(short_home, reopen())
        seconds = in_home(long_home, converse(args.n))
        long_open, long_turns = in_home(long_home, reopen())
    first, last = statistics.mean(seconds[:10]), statistics.mean(seconds[-10:])
    answer_ratio, open_ratio = last / first, long_open / short_open
    print(f"per answer: first 10 {first * 1000:.0f} ms, last 10 (answers {args.n - 9}-{args.n}) "
          f"{last * 1000:.0f} ms: ratio {answer_ratio:.2f} (target ≤ {RATIO_TARGET})")
    print(f"reopen: {long_turns} turns {long_open:.2f} s, {short_turns} turns {short_open:.2f} s: "
          f"ratio {open_ratio:.2f} (target ≤ {RATIO_TARGET})")
    return 0 if answer_ratio <= RATIO_TARGET and open_ratio <= RATIO_TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
