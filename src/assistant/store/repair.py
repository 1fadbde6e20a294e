"""A stored record that no longer validates (edited by hand, written by another version, damaged
on disk), read back as far as it can be: each value the model refuses is left out, so it takes
its default, and the rest stays. The original text is kept aside by the store before anything
is written over it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)
#: A record refused more often than this is past repairing value by value.
MAX_ROUNDS = 50
#: Stands for the whole record in `dropped`: nothing of it could be read.
WHOLE = "*"


@dataclass(frozen=True, slots=True)
class RecordRepaired:
    """A record read back in part: where its text was kept, and what was left out of it."""

    kept_at: Path | None  # None in a read-only data folder (nothing is saved over it there)
    dropped: tuple[str, ...]  # dotted paths, or ("*",): nothing could be read

    @property
    def nothing_read(self) -> bool:
        return WHOLE in self.dropped


def repaired(model: type[M], text: str) -> tuple[M | None, list[str]]:
    """The record in `text` as `model`, less what it refuses, and the dotted paths left out
    ("step0.need", "step1.technologies.0.name"); (None, ["*"]) when the text holds no object."""
    try:
        data = json.loads(text)
    except ValueError:
        return None, [WHOLE]
    if not isinstance(data, dict):
        return None, [WHOLE]
    dropped: list[str] = []
    for _ in range(MAX_ROUNDS):
        try:
            return model.model_validate(data), dropped
        except ValidationError as exc:
            removed = [path for error in exc.errors() if (path := _remove(data, _refused_at(error)))]
        if not removed:
            break
        dropped += [p for p in removed if p not in dropped]
    return None, [WHOLE]


def _refused_at(error: Any) -> tuple[Any, ...]:
    """Where to leave a value out: where it was refused, or, for a value that is missing and has
    no default, the object that needs it."""
    loc = tuple(error["loc"])
    return loc[:-1] if error["type"] == "missing" else loc


def _remove(data: Any, loc: tuple[Any, ...]) -> str | None:
    """Remove the value at `loc` (keys and list positions) from `data`; its dotted path, or None
    when there is nothing there (or `loc` is the whole record)."""
    if not loc:
        return None
    parent = data
    for key in loc[:-1]:
        try:
            parent = parent[key]
        except (KeyError, IndexError, TypeError):
            return None
    last = loc[-1]
    if isinstance(parent, dict) and last in parent:
        del parent[last]
    elif isinstance(parent, list) and isinstance(last, int) and 0 <= last < len(parent):
        del parent[last]  # a list's entry that cannot be read at all
    else:
        return None
    return ".".join(str(part) for part in loc)
