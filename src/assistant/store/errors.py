"""Errors of the project store, each with a Dutch and an English message."""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from pathlib import Path

from assistant.core.errors import BilingualError
from assistant.core.i18n import catalog

#: the store's texts (resources/messages/store.toml)
_AREA = "store"


def _both(key: str, **fields: object) -> tuple[str, str]:
    """The store's text `key` in Dutch and in English, formatted with the same `fields`."""
    return catalog(_AREA).both(key, **fields)


class StoreError(BilingualError):
    """Something is wrong with the project database. ``str()`` gives Dutch, then English."""

    def __init__(self, nl: str, en: str, *, path: Path | None = None) -> None:
        super().__init__(nl, en, path=path)


@dataclass(frozen=True, slots=True)
class Recovered:
    """What was read back from a damaged database into the new one."""

    projects: int = 0
    records: int = 0
    turns: int = 0
    #: conversation turns the damaged file still listed (None when even that was unreadable)
    turns_listed: int | None = None
    #: the backup copy made at an earlier start, where it filled in what the damaged file lost
    backup: str = ""
    #: projects, records and turns (of those above) that came from the backup
    from_backup: tuple[int, int, int] = (0, 0, 0)

    def describe(self) -> tuple[str, str]:
        if not (self.projects or self.records or self.turns):
            return _both("nothing_recovered")
        counts = {"projects": self.projects, "records": self.records, "turns": self.turns}
        # how many the damaged file listed, where some are missing; not beside a backup's turns
        if self.turns_listed and self.turns_listed != self.turns and not self.backup:
            nl, en = _both("recovered_of", **counts, listed=self.turns_listed)
        else:
            nl, en = _both("recovered", **counts)
        if self.backup and any(self.from_backup):
            projects, records, turns = self.from_backup
            from_nl, from_en = _both("recovered_from_backup", projects=projects, records=records, turns=turns,
                                     backup=self.backup)
            nl, en = nl + from_nl, en + from_en
        return nl, en


class DatabaseMovedAside(StoreError):
    """The database file was corrupt or not ours; it was renamed and a fresh one created,
    with what could still be read from a damaged one (``recovered``).

    Not raised by :class:`~assistant.store.Store` itself: it is kept as ``store.notice`` so
    the caller can tell the user where the old file went.
    """

    def __init__(self, path: Path, moved_to: Path, reason_nl: str, reason_en: str,
                 recovered: Recovered | None = None) -> None:
        self.moved_to = moved_to
        self.reason_nl = reason_nl
        self.reason_en = reason_en
        self.recovered = recovered
        say = catalog(_AREA).text
        if recovered is None:
            super().__init__(say("moved_aside", "nl", path=path, reason=reason_nl, moved_to=moved_to),
                             say("moved_aside", "en", path=path, reason=reason_en, moved_to=moved_to),
                             path=path)
            return
        got_nl, got_en = recovered.describe()
        super().__init__(
            say("moved_aside_recovered", "nl", path=path, reason=reason_nl, recovered=got_nl, moved_to=moved_to)
            + " " + say("kept_aside_until", "nl"),
            say("moved_aside_recovered", "en", path=path, reason=reason_en, recovered=got_en, moved_to=moved_to)
            + " " + say("kept_aside_until", "en"),
            path=path,
        )


class DatabaseKeptAside(StoreError):
    """A reminder, at a start: damaged database files lie beside the database that no message
    named yet (kept aside by an earlier version), and what was recovered from them (when known)."""

    def __init__(self, path: Path, kept: list[tuple[Path, Recovered | None]]) -> None:
        self.kept = [file for file, _ in kept]
        parts_nl, parts_en = [], []
        for file, recovered in kept:
            got_nl, got_en = recovered.describe() if recovered else ("", "")
            parts_nl.append(f"{file}" + (f" ({got_nl.rstrip('.')})" if got_nl else ""))
            parts_en.append(f"{file}" + (f" ({got_en.rstrip('.')})" if got_en else ""))
        say = catalog(_AREA).text
        key = "kept_aside_one" if len(kept) == 1 else "kept_aside_many"
        super().__init__(say(key, "nl", files="; ".join(parts_nl), count=len(kept)),
                         say(key, "en", files="; ".join(parts_en), count=len(kept)), path=path)


class DatabaseUpgraded(StoreError):
    """Kept as ``store.notice`` once a database of an earlier version was upgraded: where its
    copy from before went, and that older versions (a colleague's, on a shared folder) can no
    longer open it. The upgrade was silent, and an older version said to move the file away."""

    def __init__(self, path: Path, kept: Path | None, version: int) -> None:
        self.kept = kept
        say = catalog(_AREA).text
        copy_nl, copy_en = _both("upgraded_copy", kept=kept) if kept else ("", "")
        super().__init__(say("upgraded", "nl", path=path, version=version, next=version + 1, copy=copy_nl),
                         say("upgraded", "en", path=path, version=version, next=version + 1, copy=copy_en),
                         path=path)


class DatabaseTooNew(StoreError):
    """The database was written by a newer version of this program."""

    def __init__(self, path: Path, found: int, supported: int) -> None:
        self.found = found
        self.supported = supported
        super().__init__(*_both("too_new", path=path, found=found, supported=supported), path=path)


class StoreUnavailable(StoreError):
    """The data dir or database cannot be written (permissions, full disk, locked too long)."""


class DatabaseReplaced(StoreUnavailable):
    """The file at the database's path was removed or replaced while the program ran: what this
    connection would commit goes into a file nobody can find again, so nothing is committed."""

    def __init__(self, path: Path) -> None:
        super().__init__(*_both("replaced", path=path), path=path)


class DatabaseChanged(StoreUnavailable):
    """The database file was written over or cut short where it lies while the program ran
    (cp, truncate): nothing more is written into it, at closing neither; `backup` is the copy
    made at the start, where there is one."""

    def __init__(self, path: Path, backup: Path | None) -> None:
        self.backup = backup
        say = catalog(_AREA).text
        copy_nl, copy_en = _both("changed_copy", backup=backup) if backup else ("", "")
        super().__init__(say("changed", "nl", path=path, copy=copy_nl),
                         say("changed", "en", path=path, copy=copy_en), path=path)


class StoreReadOnly(StoreUnavailable):
    """The data folder cannot be written: projects can be read, nothing is saved.

    Kept as ``store.notice`` when the store opens read-only; raised by every write.
    """

    def __init__(self, folder: Path, why_nl: str, why_en: str, *, writing: bool = False,
                 file: Path | None = None) -> None:
        self.why_nl = why_nl
        self.why_en = why_en
        say = catalog(_AREA).text
        if file is not None:
            # the folder can be written, the database file cannot: "the data folder is
            # read-only" sent the user to the wrong place
            key = "file_read_only_write" if writing else "file_read_only_open"
            super().__init__(say(key, "nl", file=file, why=why_nl), say(key, "en", file=file, why=why_en),
                             path=file)
            return
        key = "folder_read_only_write" if writing else "folder_read_only_open"
        super().__init__(say(key, "nl", folder=folder, why=why_nl), say(key, "en", folder=folder, why=why_en),
                         path=folder)


class StoreDiskFull(StoreReadOnly):
    """The disk of the data folder is full: like a read-only folder, projects can be read (and
    exported to another disk), nothing is saved; each write tries again, so saving starts
    once there is room. Kept as ``store.notice`` when the store opens so; raised by a write."""

    def __init__(self, path: Path, *, writing: bool = False) -> None:
        self.why_nl, self.why_en = _both("disk_full_reason")
        if writing:
            StoreError.__init__(self, *_both("disk_full_write", path=path), path=path)
        else:
            StoreError.__init__(self, *_both("disk_full_open", folder=path.parent), path=path.parent)


class ProjectNotFound(StoreError):
    def __init__(self, name: str) -> None:
        super().__init__(*_both("not_found", name=name))


class ProjectExists(StoreError):
    def __init__(self, name: str) -> None:
        super().__init__(*_both("exists", name=name))


class ProjectNameNearlyTaken(StoreError):
    """A name given to open a project that is not there, but nearly another's, or part of a few
    others', or one's before a rename: a typo would otherwise start an empty project beside
    the user's own. `existing` is the likeliest, `candidates` all of them."""

    def __init__(self, name: str, existing: str, *others: str) -> None:
        self.name = name
        self.existing = existing
        self.candidates = (existing, *others)
        if not others:
            super().__init__(*_both("nearly_taken", name=name, existing=existing))
            return
        listed = ", ".join(f"'{n}'" for n in self.candidates[:-1])
        super().__init__(*_both("nearly_taken_several", name=name, listed=listed, last=self.candidates[-1]))


class ProjectInBin(StoreError):
    """A name given to open a project that no project has, but a deleted one in the bin has: a
    new, empty project of that name was made, the one in the bin came back as "NAME (2)" and was
    purged after BIN_DAYS while the user worked in the empty one. `name`: the binned one's."""

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(*_both("in_bin", name=name, quoted=shlex.quote(name)))


class InvalidProjectName(StoreError):
    def __init__(self) -> None:
        super().__init__(*_both("name_empty"))


class ProjectNameTooLong(InvalidProjectName):
    """Refused rather than cut: two long names that start alike must stay two projects."""

    def __init__(self, length: int, limit: int) -> None:
        self.length = length
        self.limit = limit
        StoreError.__init__(self, *_both("name_too_long", limit=limit, length=length))
