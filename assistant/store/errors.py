"""Errors of the project store, each with a Dutch and an English message."""

from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """Something is wrong with the project database. ``str()`` gives Dutch, then English."""

    def __init__(self, nl: str, en: str, *, path: Path | None = None) -> None:
        self.nl = nl
        self.en = en
        self.path = path
        super().__init__(f"{nl}\n{en}")

    def message(self, lang: str = "nl") -> str:
        return self.en if lang == "en" else self.nl


class DatabaseMovedAside(StoreError):
    """The database file was corrupt or not ours; it was renamed and a fresh one created.

    Not raised by :class:`~assistant.store.Store` itself: it is kept as ``store.notice`` so
    the caller can tell the user where the old file went.
    """

    def __init__(self, path: Path, moved_to: Path, reason_nl: str, reason_en: str) -> None:
        self.moved_to = moved_to
        self.reason_nl = reason_nl
        self.reason_en = reason_en
        super().__init__(
            f"De projectdatabase {path} was onbruikbaar ({reason_nl}). Het bestand is bewaard "
            f"als {moved_to}; er is een nieuwe, lege database aangemaakt.",
            f"The project database {path} was unusable ({reason_en}). The file was kept as "
            f"{moved_to}; a new, empty database was created.",
            path=path,
        )


class DatabaseTooNew(StoreError):
    """The database was written by a newer version of this program."""

    def __init__(self, path: Path, found: int, supported: int) -> None:
        self.found = found
        self.supported = supported
        super().__init__(
            f"De projectdatabase {path} is gemaakt door een nieuwere versie van stappenplan "
            f"(schemaversie {found}, deze versie kent t/m {supported}). Werk stappenplan bij, "
            f"of verplaats het bestand om met een lege database te beginnen.",
            f"The project database {path} was written by a newer version of stappenplan "
            f"(schema version {found}, this version knows up to {supported}). Upgrade "
            f"stappenplan, or move the file away to start with an empty database.",
            path=path,
        )


class StoreUnavailable(StoreError):
    """The data dir or database cannot be written (permissions, full disk, locked too long)."""


class ProjectNotFound(StoreError):
    def __init__(self, name: str) -> None:
        super().__init__(f"Project '{name}' bestaat niet.", f"Project '{name}' does not exist.")


class ProjectExists(StoreError):
    def __init__(self, name: str) -> None:
        super().__init__(
            f"Er is al een project met de naam '{name}'.", f"A project named '{name}' already exists."
        )


class InvalidProjectName(StoreError):
    def __init__(self) -> None:
        super().__init__(
            "Een projectnaam mag niet leeg zijn.", "A project name must not be empty."
        )
