"""The one base of the errors a user gets to read: a Dutch and an English message."""

from __future__ import annotations

import errno
from pathlib import Path

from assistant.core.i18n import catalog


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


def folder_problem(exc: OSError, folder: Path | None = None, *, named: bool = False) -> tuple[str, str]:
    """Why a folder cannot be made, in Dutch and English: a file where the folder (or one above
    it) should be is named as such ("File exists" said nothing of what was in the way), by its
    path where `folder` (the one to be made) leads to it; any other reason with the folder the
    system refused ("geen rechten om daar te schrijven" did not say where), unless the caller's
    message names it (`named`)."""
    if isinstance(exc, (FileExistsError, NotADirectoryError)):
        blocker = file_in_the_way(folder) if folder is not None else None
        if blocker is not None:
            return (f"{blocker} is een bestand, geen map; verplaats dat bestand of kies een andere map",
                    f"{blocker} is a file, not a folder; move that file or choose another folder")
        return ("er staat een bestand op die plaats (of op die van een map erboven); verplaats het of kies een andere map",
                "a file is in its place (or in that of a folder above it); move it or choose another folder")
    return os_reason(exc) if named else os_problem(exc)


def file_in_the_way(folder: Path) -> Path | None:
    """The file that stands where `folder` or a folder above it should be, or None."""
    for place in (folder, *folder.parents):
        if place.exists() and not place.is_dir():
            return place
    return None


#: The system's reasons a user meets are said in their words (resources/messages/core.os.toml,
#: by errno name); the system says them in English only.
_OS_REASONS_AREA = "core.os"


def os_reason(exc: OSError) -> tuple[str, str]:
    """Why the system refused, in Dutch and English ("[Errno 13] Permission denied" stood in a
    Dutch message)."""
    said = exc.strerror or str(exc)
    name = errno.errorcode.get(exc.errno or -1, "")
    texts = catalog(_OS_REASONS_AREA)
    if not texts.has(name):
        return said, said
    return texts.text(name, "nl"), texts.text(name, "en")


def os_problem(exc: OSError) -> tuple[str, str]:
    """`os_reason`, with the file or folder it was about."""
    nl, en = os_reason(exc)
    if exc.filename:
        return f"{nl} ({exc.filename})", f"{en} ({exc.filename})"
    return nl, en


def error_message(exc: BaseException, lang: str) -> str:
    """What went wrong, for the user: in their language where it has one."""
    if isinstance(exc, BilingualError):
        return exc.message(lang)
    if isinstance(exc, OSError):
        nl, en = os_problem(exc)
        return en if lang == "en" else nl
    return str(exc) or type(exc).__name__
