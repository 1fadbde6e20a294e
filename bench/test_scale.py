"""The library bench's own checks (no timings): the synthesised libraries keep every word of the
shipped text, N times, in many files, the same for the same seed.

    .venv/bin/python -m pytest -q bench/test_scale.py
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import scale  # noqa: E402 - bench/ is on sys.path


def words_of(folder: Path) -> Counter:
    return Counter(w for f in sorted(folder.glob("*.txt")) for w in f.read_text(encoding="utf-8").split())


def test_a_library_holds_every_shipped_word_scale_times(tmp_path):
    shipped = Counter(w for text in scale.shipped_documents() for w in text.split())

    made = scale.synthesise(3, tmp_path / "lib")

    assert words_of(tmp_path / "lib") == Counter({w: 3 * n for w, n in shipped.items()})
    assert made["files"] >= 3 * 3  # several files per copy of the five shipped documents
    assert made["mb"] > 3 * 0.4


def test_the_same_seed_makes_the_same_library_and_another_seed_another(tmp_path):
    scale.synthesise(2, tmp_path / "a", seed=7)
    scale.synthesise(2, tmp_path / "b", seed=7)
    scale.synthesise(2, tmp_path / "c", seed=8)

    def texts(name: str) -> list[str]:
        return [f.read_text(encoding="utf-8") for f in sorted((tmp_path / name).glob("*.txt"))]

    assert texts("a") == texts("b")
    assert texts("a") != texts("c")


def test_blocks_end_where_a_sentence_ends_and_lose_nothing():
    text = scale.shipped_documents()[0]

    blocks = scale.blocks_of(text)

    assert Counter(" ".join(blocks).split()) == Counter(text.split())
    assert all(b.rstrip().endswith((".", "!", "?", ":")) for b in blocks[:-1])
    assert len(blocks) > 10


def test_the_sample_holds_about_the_passages_asked_for(tmp_path):
    scale.synthesise(1, tmp_path / "lib")

    made = scale.sample_library(tmp_path / "lib", tmp_path / "sample", passages=100)

    assert 100 * 780 / 1e6 <= made["mb"] < 2 * 100 * 780 / 1e6


def test_index_output_is_read_into_its_figures():
    run = scale.Run(1.0, 0, "12 documenten, 345 passages; index opnieuw opgebouwd / rebuilt; 67 passages "
                            "ingebed / embedded (8.9 s)\nindex: /x\n", "", 0.0)

    assert scale.summary(run) == {"documents": 12, "passages": 345, "state": "opnieuw opgebouwd / rebuilt",
                                  "embedded": 67}


def test_percentiles_are_taken_from_the_samples():
    samples = [float(n) for n in range(1, 101)]

    assert scale.percentile(samples, 50) == 50.0
    assert scale.percentile(samples, 95) == 95.0


def test_a_childs_own_peak_memory_and_output_are_kept():
    allocate = "x = bytearray(200 * 1024 * 1024); x[::4096] = b'1' * len(x[::4096]); print(len(x))"

    run = scale.run_child([sys.executable, "-c", allocate], {})

    assert run.rc == 0
    assert run.stdout.strip() == str(200 * 1024 * 1024)
    assert 200 <= run.peak_mb < 400


def test_a_child_past_its_timeout_is_killed():
    run = scale.run_child(["sleep", "30"], {}, timeout=0.5)

    assert run.rc == -9
