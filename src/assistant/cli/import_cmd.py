"""`stappenplan import FILE [--replace NAME] [--yes]`: read a JSON export back.

Without ``--replace`` the record becomes a new project, named after its title (made unique
with " (2)", " (3)" … when that name is taken). A record that a project holds already is not
imported again: that project is named, with --replace to update it and --name to make a copy
(a copy made with --name is said to be one). With ``--replace NAME`` it replaces that
project's record after confirmation: a question on a terminal, ``--yes`` in scripts; without
a terminal and without ``--yes`` nothing is replaced. A file that is not a valid record
changes nothing.
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
from pathlib import Path

from assistant.core.i18n import catalog
from assistant.core.textsafe import MAX_NAME_CHARS, clean_line, clean_project_name, short

_TEXT = catalog("cli.import")


def add_parser(subparsers, name: str) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        name,
        help="projectdossier importeren uit JSON / import a project record from JSON",
        description="Lees een JSON-export (stappenplan export --format json) in als nieuw project, "
                    "of vervang er een. / Read a JSON export as a new project, or replace one.",
    )
    parser.add_argument("file", metavar="FILE", help="JSON-bestand (- leest de standaardinvoer) / JSON file (- reads standard input)")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--replace", metavar="NAME",
                       help="vervang het dossier van dit project / replace this project's record")
    where.add_argument("--name", metavar="NAME",
                       help="importeer als nieuw project met deze naam (standaard: de titel in het bestand) / "
                            "import as a new project with this name (default: the title in the file)")
    parser.add_argument("--yes", "-y", action="store_true",
                        help="niet om bevestiging vragen / do not ask for confirmation")
    parser.add_argument("--lang", choices=["nl", "en"], default=argparse.SUPPRESS,
                        help="taal van de meldingen / language of the messages")
    return parser


def fitted_name(wanted: str, limit: int = MAX_NAME_CHARS) -> tuple[str, int]:
    """`wanted` as a project name of at most `limit` characters, cut between words where it is
    longer ("…op alle provin" was a name nobody typed), and the length of what was wanted.
    Raises ValueError when nothing is left."""
    whole = clean_line(wanted or "", max_chars=10 * MAX_NAME_CHARS)
    if len(whole) <= limit:
        return clean_project_name(whole), len(whole)
    at_word = whole[: limit + 1].rsplit(" ", 1)[0].rstrip()
    cut = at_word if len(at_word) >= limit // 2 else whole[:limit]  # one long word: cut inside it
    return clean_project_name(cut), len(whole)


def unique_name(store, wanted: str, fallback: str) -> str:
    """`wanted` cleaned, or with " (2)", " (3)" … appended until no project has that name."""
    try:
        base, _ = fitted_name(wanted)
    except ValueError:
        base = fallback
    if store.find_project(base) is None:
        return base
    n = 2
    while True:
        suffix = f" ({n})"
        candidate = fitted_name(base, MAX_NAME_CHARS - len(suffix))[0] + suffix
        if store.find_project(candidate) is None:
            return candidate
        n += 1


def _content(data: dict) -> dict:
    """A record's dict without what an import or a rename changes beside the answers (its title
    and date): the same dossier imported twice is the same content under another name."""
    project = {key: value for key, value in data.get("project", {}).items() if key not in ("title", "updated")}
    return {**data, "project": project}


def same_record(store, record) -> str | None:
    """The name of a project whose stored record holds what `record` holds, or None: importing
    a file twice made "Name (2)" without a word."""
    wanted = _content(record.model_dump(mode="json"))
    for project in sorted(store.list_projects(), key=lambda p: p.id):  # the first copy, not "(2)"
        stored = store.load_record_json(project.id)
        try:
            if stored is not None and _content(json.loads(stored)) == wanted:
                return project.name
        except (ValueError, AttributeError):  # a damaged record is nobody's copy
            continue
    return None


def _same_record(text, name: str, file: str) -> str:
    """That `name` held the record already, with the command that updates it instead, its path
    and name quoted for the shell ("sub dir/gemaal export.json" was split in two)."""
    return text["same_record"].format(name=name, file=shlex.quote(file), quoted_name=shlex.quote(name))


def _same_named(store, wanted: str, made) -> str | None:
    """The name of the project that the import's own name was taken by ("Zout" where `made` is
    "Zout (2)"), or None."""
    try:
        base, _ = fitted_name(wanted)
    except ValueError:
        return None
    there = store.find_project(base)
    return there.name if there is not None and there.id != made.id else None


def _restore_step(store, project, notes) -> None:
    """The step the project was at where it was exported, where the file says it (a project at
    step 6 opened at step 5, its first step not done); a question pending there is asked afresh."""
    from assistant.store import ConversationState

    if notes.current_step is not None:
        store.set_state(project.id, ConversationState(current_step=notes.current_step))


#: Paths of fields left out named at most: a file written by hand may leave out most.
_ABSENT_NAMED = 6


def _say_notes(notes, text) -> None:
    """What the import mended or left empty, one line each, after the line that says it is in."""
    from assistant.cli.common import say_on_stdout

    if notes.read_as is not None:
        say_on_stdout(text["read_as_legacy"])
    for mended in notes.relinked:
        typed = short(clean_line(mended.typed, max_chars=200), 60)  # cut between words
        if mended.unknown_id:
            unknown = short(clean_line(mended.unknown_id, max_chars=200), 60)
            say_on_stdout(text["relink_unknown"].format(n=mended.number, id=unknown))
        elif mended.now is None:
            say_on_stdout(text["relink_none"].format(n=mended.number, typed=typed))
        elif mended.kept_id:
            say_on_stdout(text["relink_kept"].format(n=mended.number, typed=typed, req=mended.now))
        else:
            say_on_stdout(text["relinked"].format(n=mended.number, typed=typed, req=mended.now))
    if notes.absent:
        more = len(notes.absent) - _ABSENT_NAMED
        say_on_stdout(text["absent"].format(fields=", ".join(notes.absent[:_ABSENT_NAMED]),
                                            more=text["more_fields"].format(count=more) if more > 0 else ""))


def run(args) -> int:
    from assistant.cli.common import (confirm, open_cli_store, say_on_stderr, say_on_stdout, settings_from_args,
                                      similar_hint)
    from assistant.export import MAX_IMPORT_BYTES, RecordImportError, read_export
    from assistant.store import ProjectExists, StoreError

    settings = settings_from_args(args)
    ui = getattr(args, "lang", None) or settings.language
    text = _TEXT.language(ui)

    # 1. read and validate the whole file first: a bad file changes nothing
    try:
        # "-": the standard input, as `export -o -` writes it (read up to the size limit, plus one)
        source = sys.stdin.buffer.read(MAX_IMPORT_BYTES + 1) if args.file == "-" else Path(args.file).expanduser()
        record, notes = read_export(source)
    except RecordImportError as exc:
        say_on_stderr(f"stappenplan: {exc.message(ui)}")
        return 1
    done = sum(1 for s in record.statuses().values() if s == "done")

    store = open_cli_store(settings, ui)
    if store is None:
        return 1
    try:
        lang = record.project.language if record.project.language in ("nl", "en") else "nl"
        if args.replace:
            project = store.find_project(args.replace)
            if project is None:
                hint = similar_hint(store, args.replace, text)
                say_on_stderr(f"stappenplan: "
                              f"{text['not_found'].format(name=args.replace.strip(), hint=hint)}")
                return 1
            if not args.yes:
                if not (sys.stdin.isatty() and sys.stdout.isatty()):
                    say_on_stderr(f"stappenplan: {text['no_tty'].format(name=project.name)}")
                    return 1
                if not confirm(text["confirm"].format(name=project.name, file=args.file)):
                    say_on_stdout(text["cancelled"])
                    return 1
            with store.transaction():
                store.save_record(project.id, record)
                store.update_project(project.id, organisation=record.project.organisation, language=lang)
                _restore_step(store, project, notes)
            say_on_stdout(text["replaced"].format(name=project.name, done=done))
            _say_notes(notes, text)
            return 0

        if args.name is not None:
            # a name chosen is that name or nothing: "… (2)" would be a project the user did not name
            try:
                name, typed_chars = fitted_name(args.name)
            except ValueError:
                say_on_stderr(f"stappenplan: {text['name_empty']}")
                return 1
            try:
                if store.find_project(name) is not None:
                    raise ProjectExists(name)
                if (binned := store.deleted_project(name)) is not None:
                    say_on_stderr("stappenplan: " + text["name_in_bin"].format(
                        name=binned.name, quoted_name=shlex.quote(binned.name), file=shlex.quote(args.file)))
                    return 1
                twin = same_record(store, record)
                with store.transaction():
                    project = store.create_project(name, organisation=record.project.organisation, language=lang)
                    store.save_record(project.id, record)
                    _restore_step(store, project, notes)
            except ProjectExists:
                taken = store.find_project(name)  # as it is called, not as typed
                say_on_stderr(f"stappenplan: {text['name_taken'].format(name=taken.name if taken else name)}")
                return 1
            say_on_stdout(text["created"].format(name=project.name, done=done))
            if typed_chars > MAX_NAME_CHARS:
                say_on_stdout(text["name_cut"].format(count=typed_chars, max=MAX_NAME_CHARS, name=project.name))
            if twin is not None:
                say_on_stdout(_same_record(text, twin, args.file))
            _say_notes(notes, text)
            return 0

        twin = same_record(store, record)
        if twin is not None:
            # a copy nobody asked for: each import of the same file added "… (2)", "… (3)", and only
            # then said it was a copy; --name makes one on purpose, --replace updates the project
            say_on_stderr(f"stappenplan: " + text["same_record_refused"].format(
                name=twin, file=shlex.quote(args.file), quoted_name=shlex.quote(twin)))
            return 1
        # standard input has no file name to go by ("-" was a project's name)
        wanted = record.project.title or ("" if args.file == "-" else Path(args.file).stem)
        for _attempt in range(5):  # another process may take the same name meanwhile
            name = unique_name(store, wanted, text["untitled"])
            try:
                with store.transaction():
                    project = store.create_project(name, organisation=record.project.organisation,
                                                   language=lang)
                    store.save_record(project.id, record)
                    _restore_step(store, project, notes)
                break
            except ProjectExists:
                continue
        else:  # pragma: no cover - five races in a row
            raise ProjectExists(name)
        say_on_stdout(text["created"].format(name=project.name, done=done))
        same_named = _same_named(store, wanted, project)
        if same_named is not None:
            # the usual way an updated record comes back: named first, as the one to replace
            say_on_stdout(text["name_exists"].format(name=same_named, new=project.name, file=shlex.quote(args.file),
                                                     quoted_name=shlex.quote(same_named)))
        title = clean_line(record.project.title or "", max_chars=10 * MAX_NAME_CHARS)
        if not title:  # the name came from elsewhere without a word
            say_on_stdout(text["no_title"].format(name=project.name))
        if len(title) > MAX_NAME_CHARS:  # cut to the name's limit without a word before
            say_on_stdout(text["name_shortened"].format(count=len(title), max=MAX_NAME_CHARS, name=project.name))
        _say_notes(notes, text)
        return 0
    except StoreError as exc:
        say_on_stderr(f"stappenplan: {exc.message(ui)}")
        return 1
    finally:
        store.close()
