"""The record's errors: each carries a Dutch and an English message."""

from __future__ import annotations

from assistant.core.errors import BilingualError


class RecordError(BilingualError, ValueError):
    """Base error of this module; carries a Dutch and an English message."""

    def __init__(self, nl: str, en: str | None = None) -> None:
        super().__init__(nl, en or None)

    def __str__(self) -> str:  # Dutch alone, as pydantic shows it inside its own messages
        return self.nl


class FieldPathError(RecordError, KeyError):
    """A dotted field path that does not exist in ProjectRecord (or an unknown entry id)."""

    def __str__(self) -> str:  # KeyError would quote the message
        return self.nl


class ParseError(RecordError):
    """Typed text that cannot become a value for the field (e.g. TRL 12, unknown procedure)."""
