"""Errors of the project store, each with a Dutch and an English message."""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from pathlib import Path

from assistant.core.errors import BilingualError
from assistant.core.i18n import catalog



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
            return ("Er kon niets uit worden teruggehaald.", "Nothing could be recovered from it.")
        # how many the damaged file listed, where some are missing; not beside a backup's turns
        listed = self.turns_listed and self.turns_listed != self.turns and not self.backup
        of_nl = f" van de {self.turns_listed}" if listed else ""
        of_en = f" of the {self.turns_listed}" if listed else ""
        nl = (f"Teruggehaald: {self.projects} project(en), {self.records} dossier(s) en "
              f"{self.turns}{of_nl} gespreksbeurt(en).")
        en = (f"Recovered: {self.projects} project(s), {self.records} record(s) and "
              f"{self.turns}{of_en} conversation turn(s).")
        if self.backup and any(self.from_backup):
            projects, records, turns = self.from_backup
            nl += (f" Daarvan kwamen {projects} project(en), {records} dossier(s) en {turns} "
                   f"gespreksbeurt(en) uit de reservekopie {self.backup}; wat na die kopie veranderde "
                   f"en op de beschadigde plek stond, ontbreekt.")
            en += (f" Of these, {projects} project(s), {records} record(s) and {turns} conversation "
                   f"turn(s) came from the backup copy {self.backup}; what changed after that copy "
                   f"and lay where the file was damaged is missing.")
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
        if recovered is None:
            super().__init__(
                f"De projectdatabase {path} was onbruikbaar ({reason_nl}). Het bestand is bewaard "
                f"als {moved_to}; er is een nieuwe, lege database aangemaakt.",
                f"The project database {path} was unusable ({reason_en}). The file was kept as "
                f"{moved_to}; a new, empty database was created.",
                path=path,
            )
            return
        got_nl, got_en = recovered.describe()
        until = catalog("store").text
        super().__init__(
            f"De projectdatabase {path} was onbruikbaar ({reason_nl}). {got_nl} Het beschadigde "
            f"bestand is bewaard als {moved_to}. {until('kept_aside_until', 'nl')}",
            f"The project database {path} was unusable ({reason_en}). {got_en} The damaged file "
            f"was kept as {moved_to}. {until('kept_aside_until', 'en')}",
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
        say = catalog("store").text
        key = "kept_aside_one" if len(kept) == 1 else "kept_aside_many"
        super().__init__(say(key, "nl", files="; ".join(parts_nl), count=len(kept)),
                         say(key, "en", files="; ".join(parts_en), count=len(kept)), path=path)


class DatabaseUpgraded(StoreError):
    """Kept as ``store.notice`` once a database of an earlier version was upgraded: where its
    copy from before went, and that older versions (a colleague's, on a shared folder) can no
    longer open it. The upgrade was silent, and an older version said to move the file away."""

    def __init__(self, path: Path, kept: Path | None, version: int) -> None:
        self.kept = kept
        where_nl = f" Een kopie van vóór de update staat in {kept}." if kept else ""
        where_en = f" A copy from before the update is in {kept}." if kept else ""
        super().__init__(
            f"De projectdatabase {path} is bijgewerkt voor deze versie van stappenplan (schemaversie "
            f"{version} naar {version + 1} of hoger).{where_nl} Oudere versies van stappenplan, ook die "
            f"van collega's die deze map delen, openen hem pas als ze ook zijn bijgewerkt.",
            f"The project database {path} was upgraded for this version of stappenplan (schema version "
            f"{version} to {version + 1} or later).{where_en} Older versions of stappenplan, colleagues' "
            f"sharing this folder too, open it only once they are upgraded as well.",
            path=path,
        )


class DatabaseTooNew(StoreError):
    """The database was written by a newer version of this program."""

    def __init__(self, path: Path, found: int, supported: int) -> None:
        self.found = found
        self.supported = supported
        super().__init__(
            f"De projectdatabase {path} is gemaakt door een nieuwere versie van stappenplan "
            f"(schemaversie {found}, deze versie kent t/m {supported}). Werk stappenplan bij om "
            f"het te openen. Het bestand is in orde: verplaats het niet (in een gedeelde map zijn dan "
            f"de projecten van iedereen weg).",
            f"The project database {path} was written by a newer version of stappenplan "
            f"(schema version {found}, this version knows up to {supported}). Upgrade "
            f"stappenplan to open it. The file is fine: do not move it away (in a shared folder, "
            f"everyone's projects would be gone).",
            path=path,
        )


class StoreUnavailable(StoreError):
    """The data dir or database cannot be written (permissions, full disk, locked too long)."""


class DatabaseReplaced(StoreUnavailable):
    """The file at the database's path was removed or replaced while the program ran: what this
    connection would commit goes into a file nobody can find again, so nothing is committed."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"Niet opgeslagen: het databasebestand {path} is verwijderd of vervangen terwijl "
            f"stappenplan liep. Zet het terug, of sluit stappenplan en start het opnieuw.",
            f"Not saved: the database file {path} was removed or replaced while stappenplan ran. "
            f"Put it back, or close stappenplan and start it again.",
            path=path,
        )


class DatabaseChanged(StoreUnavailable):
    """The database file was written over or cut short where it lies while the program ran
    (cp, truncate): nothing more is written into it, at closing neither; `backup` is the copy
    made at the start, where there is one."""

    def __init__(self, path: Path, backup: Path | None) -> None:
        self.backup = backup
        copy_nl = f", aangevuld uit de reservekopie {backup} (van de start van stappenplan)" if backup else ""
        copy_en = f", filled in from the backup copy {backup} (made when stappenplan started)" if backup else ""
        super().__init__(
            f"Niet opgeslagen: het databasebestand {path} is door iets anders overschreven of "
            f"ingekort terwijl stappenplan liep. stappenplan schrijft er niets meer in, ook niet bij "
            f"het afsluiten; wat u typte, blijft staan. Sluit stappenplan en start het opnieuw: het "
            f"veranderde bestand wordt dan bewaard en teruggehaald wat er nog uit te lezen is{copy_nl}; "
            f"wat sinds die start is opgeslagen, kan daarbij ontbreken.",
            f"Not saved: the database file {path} was written over or cut short by something else "
            f"while stappenplan ran. stappenplan writes nothing more into it, not when closing "
            f"either; what you typed stays. Close stappenplan and start it again: the changed file "
            f"is then kept and what can still be read from it is recovered{copy_en}; what was saved since "
            f"that start may be missing.",
            path=path,
        )


class StoreReadOnly(StoreUnavailable):
    """The data folder cannot be written: projects can be read, nothing is saved.

    Kept as ``store.notice`` when the store opens read-only; raised by every write.
    """

    def __init__(self, folder: Path, why_nl: str, why_en: str, *, writing: bool = False,
                 file: Path | None = None) -> None:
        self.why_nl = why_nl
        self.why_en = why_en
        if file is not None:
            # the folder can be written, the database file cannot: "the data folder is
            # read-only" sent the user to the wrong place
            lead_nl, lead_en = ("Niet opgeslagen: het" if writing else "Het"), ("Not saved: the" if writing else "The")
            super().__init__(
                f"{lead_nl} databasebestand {file} is alleen-lezen ({why_nl}); de map zelf is "
                f"schrijfbaar. Maak het bestand schrijfbaar (bijvoorbeeld: chmod u+w \"{file}\") om "
                f"verder te werken; tot dan kunt u uw projecten bekijken, maar wordt niets opgeslagen.",
                f"{lead_en} database file {file} is read-only ({why_en}); the folder itself is "
                f"writable. Make the file writable (for example: chmod u+w \"{file}\") to carry on; "
                f"until then you can look at your projects, but nothing is saved.",
                path=file,
            )
            return
        if writing:
            super().__init__(
                f"Niet opgeslagen: de gegevensmap {folder} is alleen-lezen ({why_nl}). Maak de map "
                f"schrijfbaar (dan wordt het volgende antwoord weer opgeslagen), of kies een andere "
                f"met STAPPENPLAN_DATA_DIR.",
                f"Not saved: the data folder {folder} is read-only ({why_en}). Make the folder "
                f"writable (the next answer is then saved again), or choose another with "
                f"STAPPENPLAN_DATA_DIR.",
                path=folder,
            )
            return
        super().__init__(
            f"De gegevensmap {folder} is alleen-lezen ({why_nl}): u kunt uw projecten bekijken en "
            f"vragen stellen, maar er wordt niets opgeslagen. Kies een schrijfbare map met "
            f"STAPPENPLAN_DATA_DIR om verder te werken.",
            f"The data folder {folder} is read-only ({why_en}): you can look at your projects and "
            f"ask questions, but nothing is saved. Choose a writable folder with "
            f"STAPPENPLAN_DATA_DIR to carry on working.",
            path=folder,
        )


class StoreDiskFull(StoreReadOnly):
    """The disk of the data folder is full: like a read-only folder, projects can be read (and
    exported to another disk), nothing is saved; each write tries again, so saving starts
    once there is room. Kept as ``store.notice`` when the store opens so; raised by a write."""

    def __init__(self, path: Path, *, writing: bool = False) -> None:
        self.why_nl, self.why_en = "de schijf is vol", "the disk is full"
        say = catalog("store").text
        if writing:
            StoreError.__init__(self, say("disk_full_write", "nl", path=path),
                                say("disk_full_write", "en", path=path), path=path)
        else:
            StoreError.__init__(self, say("disk_full_open", "nl", folder=path.parent),
                                say("disk_full_open", "en", folder=path.parent), path=path.parent)


class ProjectNotFound(StoreError):
    def __init__(self, name: str) -> None:
        super().__init__(f"Project '{name}' bestaat niet.", f"Project '{name}' does not exist.")


class ProjectExists(StoreError):
    def __init__(self, name: str) -> None:
        super().__init__(
            f"Er is al een project met de naam '{name}'.", f"A project named '{name}' already exists."
        )


class ProjectNameNearlyTaken(StoreError):
    """A name given to open a project that is not there, but nearly another's, or part of a few
    others', or one's before a rename: a typo would otherwise start an empty project beside
    the user's own. `existing` is the likeliest, `candidates` all of them."""

    def __init__(self, name: str, existing: str, *others: str) -> None:
        self.name = name
        self.existing = existing
        self.candidates = (existing, *others)
        if not others:
            super().__init__(
                f"Er is geen project '{name}', wel '{existing}'. Bedoelde u dat? Open het met --project "
                f"'{existing}'; begin een nieuw project '{name}' met --new.",
                f"There is no project '{name}', but there is '{existing}'. Did you mean that one? Open it "
                f"with --project '{existing}'; start a new project '{name}' with --new.",
            )
            return
        listed = ", ".join(f"'{n}'" for n in self.candidates[:-1])
        super().__init__(
            f"Er is geen project '{name}', wel {listed} en '{self.candidates[-1]}'. Bedoelde u een daarvan? "
            f"Open het met --project en zijn naam; begin een nieuw project '{name}' met --new.",
            f"There is no project '{name}', but there are {listed} and '{self.candidates[-1]}'. Did you mean "
            f"one of those? Open it with --project and its name; start a new project '{name}' with --new.",
        )


class ProjectInBin(StoreError):
    """A name given to open a project that no project has, but a deleted one in the bin has: a
    new, empty project of that name was made, the one in the bin came back as "NAME (2)" and was
    purged after BIN_DAYS while the user worked in the empty one. `name`: the binned one's."""

    def __init__(self, name: str) -> None:
        self.name = name
        say = catalog("store").text
        super().__init__(say("in_bin", "nl", name=name, quoted=shlex.quote(name)),
                         say("in_bin", "en", name=name, quoted=shlex.quote(name)))


class InvalidProjectName(StoreError):
    def __init__(self) -> None:
        super().__init__(
            "Een projectnaam mag niet leeg zijn.", "A project name must not be empty."
        )


class ProjectNameTooLong(InvalidProjectName):
    """Refused rather than cut: two long names that start alike must stay two projects."""

    def __init__(self, length: int, limit: int) -> None:
        self.length = length
        self.limit = limit
        StoreError.__init__(
            self,
            f"Een projectnaam mag hoogstens {limit} tekens hebben; deze heeft er {length}. "
            f"Kies een kortere naam.",
            f"A project name may have at most {limit} characters; this one has {length}. "
            f"Choose a shorter name.",
        )
