"""The one base of the errors a user gets to read: a Dutch and an English message."""

from __future__ import annotations

from pathlib import Path


class BilingualError(Exception):
    """An error with a message in Dutch (``nl``) and English (``en``); show it with
    :meth:`message` in the user's language.

    ``str(error)`` gives Dutch, then English on the next line. Errors whose one text already
    holds both ("onleesbaar / unreadable") pass only ``nl``: that text is then both messages and
    ``str()``. ``path``: the file the problem is about, where there is one.
    """

    def __init__(self, nl: str, en: str | None = None, *, path: str | Path | None = None) -> None:
        super().__init__(nl if en is None else f"{nl}\n{en}")
        self.nl = nl
        self.en = nl if en is None else en
        self.path = Path(path) if path is not None else None

    def message(self, lang: str | None = "nl") -> str:
        return self.en if lang == "en" else self.nl


def folder_problem(exc: OSError) -> tuple[str, str]:
    """Why a folder cannot be made, in Dutch and English: a file where the folder (or one above
    it) should be is named as such ("File exists" said nothing of what was in the way)."""
    if isinstance(exc, (FileExistsError, NotADirectoryError)):
        return ("er staat een bestand op die plaats (of op die van een map erboven); verplaats het of kies een andere map",
                "a file is in its place (or in that of a folder above it); move it or choose another folder")
    reason = exc.strerror or str(exc)
    return reason, reason
