"""The record's errors: each carries a Dutch and an English message."""

from __future__ import annotations


class RecordError(ValueError):
    """Base error of this module; carries a Dutch and an English message."""

    def __init__(self, nl: str, en: str | None = None) -> None:
        super().__init__(nl)
        self.nl = nl
        self.en = en or nl

    def message(self, lang: str = "nl") -> str:
        return self.en if lang == "en" else self.nl


class FieldPathError(RecordError, KeyError):
    """A dotted field path that does not exist in ProjectRecord (or an unknown entry id)."""

    def __str__(self) -> str:  # KeyError would quote the message
        return self.nl


class ParseError(RecordError):
    """Typed text that cannot become a value for the field (e.g. TRL 12, unknown procedure)."""
