"""Errors of export and import, each with a Dutch and an English message."""

from __future__ import annotations

from pathlib import Path

from assistant.core.errors import BilingualError


class ExportError(BilingualError):
    """The record could not be written to the given path. An existing file there is untouched."""


class RecordImportError(BilingualError):
    """A file could not be read as a project record. Nothing was changed."""

    def __init__(self, nl: str, en: str, *, path: str | Path | None = None, field: str | None = None):
        super().__init__(nl, en, path=path)
        #: the record field the problem is about, e.g. "step3.requirements[1].aspect"
        self.field = field
