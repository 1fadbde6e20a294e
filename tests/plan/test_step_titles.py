"""Step titles are kept in one place, the step files (prompts/steps): the interface and the
export read them there, and no copy elsewhere can drift from them or hide a broken file."""

from __future__ import annotations

import shutil

import pytest

from assistant.export import build, labels
from assistant.plan import steps
from assistant.plan.steps import StepFileError
from assistant.tui import session
from assistant.tui.i18n import has_label


@pytest.fixture
def step_files(tmp_path, monkeypatch):
    """A copy of the shipped step files that the loader reads instead."""
    root = tmp_path / "steps"
    shutil.copytree(steps.STEPS_DIR, root)
    monkeypatch.setattr(steps, "STEPS_DIR", root)
    steps.clear_cache()
    yield root
    steps.clear_cache()


def _replace(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_titles_follow_the_step_files(step_files):
    _replace(step_files / "nl" / "step_03.toml", 'short_title = "Minimale eisen"', 'short_title = "Eisen"')
    _replace(step_files / "en" / "step_03.toml", 'title = "Describe the minimum requirements"',
             'title = "Write down the minimum requirements"')
    assert session.step_title(3, "nl") == "Eisen"
    assert build.step_title(3, "en") == "Write down the minimum requirements"


def test_a_broken_step_file_is_not_hidden_behind_a_copy(step_files):
    _replace(step_files / "nl" / "step_03.toml", 'short_title = "Minimale eisen"', 'short_title = ')
    with pytest.raises(StepFileError, match="step_03.toml"):
        session.step_title(3, "nl")
    with pytest.raises(StepFileError, match="step_03.toml"):
        build.step_title(3, "nl")


def test_no_other_copy_of_the_titles():
    assert not any(has_label(f"step.{n}") for n in range(11))
    assert not hasattr(labels, "STEP_TITLES")
