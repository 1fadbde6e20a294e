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
