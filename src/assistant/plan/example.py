"""A realistic example trajectory: a municipality's smart waste collection.

`example_record(lang)` is complete: every step is done and no check is open. It is deterministic
(fixed ids and dates), so export and TUI tests can compare output. `half_filled_record(lang)` stops
halfway: steps 0-4 done, step 5 in progress, the rest not started. Both are for tests, demos and
onboarding ("practise on an example"); the story is invented, the method follows the guidance.

The records are data, one file per example and language in ``assistant/resources/examples``
(``example-nl.json``, ``half-filled-en.json`` …), in the record's own JSON export format, so
``stappenplan import`` reads them as well. Each is validated when first read.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from pydantic import ValidationError

from assistant.core.resources import RESOURCES_DIR
from assistant.plan.datafile import DataFileError, dotted
from assistant.plan.record import ProjectRecord

#: The example records, as JSON exports.
EXAMPLES_DIR = RESOURCES_DIR / "examples"
#: The examples by name: the complete one and the one that stops at step 5.
EXAMPLE_NAMES = ("example", "half-filled")


class ExampleFileError(DataFileError):
    """An example record file that cannot be read or is not a valid record; names the file
    and the field."""


def example_record(lang: str = "nl") -> ProjectRecord:
    """A complete, deterministic example: every step done, no open checks."""
    return _fresh("example", lang)


def half_filled_record(lang: str = "nl") -> ProjectRecord:
    """Steps 0-4 done, step 5 in progress (only 'success' written), steps 6-10 not started."""
    return _fresh("half-filled", lang)


def example_path(name: str, lang: str) -> Path:
    """The file of example `name` in `lang` (English for "en", Dutch for anything else)."""
    return EXAMPLES_DIR / f"{name}-{'en' if lang == 'en' else 'nl'}.json"


def _fresh(name: str, lang: str) -> ProjectRecord:
    # a copy per call: callers change what they get (the example project takes a new title)
    return _loaded(example_path(name, lang)).model_copy(deep=True)


@cache
def _loaded(path: Path) -> ProjectRecord:
    return load_example_file(path)


def load_example_file(path: Path) -> ProjectRecord:
    """The record in a JSON export file; `ExampleFileError` naming the file and the line (broken
    JSON) or the field (a value the record does not accept)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ExampleFileError(path, None, f"onleesbaar / unreadable: {exc}") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ExampleFileError(path, exc.lineno, f"ongeldige JSON / invalid JSON: {exc.msg}") from exc
    try:
        return ProjectRecord.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        raise ExampleFileError(path, None, f"{dotted(tuple(err['loc'])) or '(bestand)'}: {err['msg']}") from exc


__all__ = ["EXAMPLES_DIR", "EXAMPLE_NAMES", "ExampleFileError", "example_path", "example_record",
           "half_filled_record", "load_example_file"]
