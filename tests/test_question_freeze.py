"""The question sets measured on were frozen (sha256) before the system saw them: a change to
any of them would make the figures measured on them before the change mean something else."""

import hashlib
from pathlib import Path

import pytest

QUESTIONS = Path(__file__).resolve().parent.parent / "bench" / "questions"
FREEZES = sorted(QUESTIONS.glob("*FROZEN.sha256"))


def frozen_entries() -> list[tuple[str, str, str]]:
    entries = []
    for freeze in FREEZES:
        for line in freeze.read_text(encoding="utf-8").splitlines():
            if line.strip():
                digest, name = line.split(maxsplit=1)
                entries.append((freeze.name, name.strip(), digest))
    return entries


def test_every_question_set_has_a_freeze() -> None:
    frozen = {name for _, name, _ in frozen_entries()}
    questions = {p.name for p in QUESTIONS.glob("*.jsonl")}
    assert len(FREEZES) >= 4
    assert questions <= frozen, f"question files without a freeze: {sorted(questions - frozen)}"


@pytest.mark.parametrize(("freeze", "name", "digest"), frozen_entries(),
                         ids=lambda value: value if isinstance(value, str) and len(value) < 60 else "")
def test_frozen_file_is_unchanged(freeze: str, name: str, digest: str) -> None:
    assert hashlib.sha256((QUESTIONS / name).read_bytes()).hexdigest() == digest, f"{name} changed since {freeze}"
