"""Errors of export and import, each with a Dutch and an English message."""

from __future__ import annotations

from pathlib import Path


class _BilingualError(Exception):
    """An error with a message in Dutch (``nl``) and English (``en``).

    ``str(error)`` gives Dutch, then English (like the store's errors); use :meth:`message`
    with the user's language where it is shown.
    """

    def __init__(self, nl: str, en: str, *, path: str | Path | None = None, field: str | None = None):
        super().__init__(f"{nl}\n{en}")
        self.nl = nl
        self.en = en
        self.path = Path(path) if path is not None else None
        #: the record field the problem is about, e.g. "step3.requirements[1].aspect"
        self.field = field

    def message(self, lang: str | None = "nl") -> str:
        return self.en if lang == "en" else self.nl


class ExportError(_BilingualError):
    """The record could not be written to the given path. An existing file there is untouched."""


class RecordImportError(_BilingualError):
    """A file could not be read as a project record. Nothing was changed."""
