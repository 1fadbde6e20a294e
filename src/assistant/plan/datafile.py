"""Data files under prompts/ (TOML): errors that name the file and line, and finding that line."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from assistant.core.errors import BilingualError

Model = TypeVar("Model", bound=BaseModel)
#: Makes the file's error for a value at a pydantic location: fail(loc, message).
Failure = Callable[[tuple[Any, ...], str], "DataFileError"]


class DataFileError(BilingualError):
    """A data file that cannot be used; names the file and (when known) the line. Its one text
    holds both languages ("ongeldige TOML / invalid TOML")."""

    def __init__(self, path: Path | str, line: int | None, message: str) -> None:
        where = f"{Path(path)}" + (f", regel/line {line}" if line else "")
        super().__init__(f"{where}: {message}", path=path)
        self.line = line
        self.detail = message


def read_toml(path: Path, error: type[DataFileError]) -> tuple[str, dict[str, Any]]:
    """(text, parsed table) of a data file; `error` (file + line) when unreadable or not TOML.
    The text is kept to locate later validation errors."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise error(path, None, f"onleesbaar / unreadable: {exc}") from exc
    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        raise error(path, int(m.group(1)) if m else None, f"ongeldige TOML / invalid TOML: {exc}") from exc


def dotted(loc: tuple[Any, ...]) -> str:
    """A pydantic location as "questions.2.field"."""
    return ".".join(str(part) for part in loc)


def load_validated(path: Path, model: type[Model], error: type[DataFileError],
                   where: Callable[[tuple[Any, ...]], str] = dotted) -> tuple[Model, Failure]:
    """A data file read and validated as `model`, and `fail(loc, message)` for the checks that
    follow: both raise or make `error` naming the file, the line of `loc` and `where(loc)`."""
    text, raw = read_toml(path, error)

    def fail(loc: tuple[Any, ...], message: str) -> DataFileError:
        return error(path, locate(text, loc), f"{where(loc) or '(bestand)'}: {message}")

    try:
        return model.model_validate(raw), fail
    except ValidationError as exc:
        err = exc.errors()[0]
        raise fail(tuple(err["loc"]), err["msg"]) from exc


_HEADER = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_.\-]+)\s*\]\]?\s*(?:#.*)?$")


def _key_line(lines: list[str], start: int, end: int, key: str) -> int | None:
    pat = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
    for i in range(start, end):
        if pat.match(lines[i]):
            return i + 1
    return None


def locate(text: str, loc: tuple[Any, ...]) -> int | None:
    """1-based line in `text` of the value at pydantic location `loc`, best effort.

    ('questions', 2, 'field') -> the `field =` line of the third [[questions]] table;
    when the key is missing, the table's header line; ('title',) -> the top-level `title =`.
    """
    lines = text.splitlines()
    headers = [(i, m.group(1)) for i, line in enumerate(lines) if (m := _HEADER.match(line))]
    if not loc:
        return None
    first_header = headers[0][0] if headers else len(lines)
    if len(loc) >= 2 and isinstance(loc[0], str) and isinstance(loc[1], int):
        tables = [i for i, name in headers if name == loc[0]]
        if loc[1] < len(tables):
            start = tables[loc[1]]
            later = [i for i, _ in headers if i > start]
            end = later[0] if later else len(lines)
            if len(loc) >= 3 and isinstance(loc[2], str):
                found = _key_line(lines, start + 1, end, loc[2])
                if found:
                    return found
            return start + 1
        # inline array `questions = [...]`
        found = _key_line(lines, 0, len(lines), loc[0])
        return found
    if isinstance(loc[0], str):
        tables = [i for i, name in headers if name == loc[0]]
        if tables:
            if len(loc) >= 2 and isinstance(loc[1], str):
                later = [i for i, _ in headers if i > tables[0]]
                end = later[0] if later else len(lines)
                found = _key_line(lines, tables[0] + 1, end, loc[1])
                if found:
                    return found
            return tables[0] + 1
        return _key_line(lines, 0, first_header, loc[0]) or (1 if lines else None)
    return None
