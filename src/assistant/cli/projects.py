"""`stappenplan projects`: the projects in the data dir with their progress; `--rename OLD NEW`
and `--delete NAME` do what the app's projects screen does, through the same store functions."""

from __future__ import annotations

import argparse
import json

from assistant.core.i18n import catalog
from assistant.export.labels import local_time

_TEXT = catalog("cli.projects")


def add_parser(subparsers, name: str) -> None:
    parser = subparsers.add_parser(
        name, help="projecten en hun voortgang / projects and their progress",
        description="Toon de projecten in de gegevensmap met hun voortgang en wanneer hun dossier het laatst "
                    "veranderde; hernoem of verwijder er een, zoals in het projectenscherm van de app. / List the "
                    "projects in the data folder with their progress and when their record last changed; rename "
                    "or delete one, as on the app's projects screen.")
    parser.add_argument("--json", action="store_true", help="JSON als uitvoer / JSON output")
    change = parser.add_mutually_exclusive_group()
    change.add_argument("--rename", nargs=2, metavar=("OUD", "NIEUW"),
                        help="geef project OUD de naam NIEUW / rename project OLD to NEW")
    change.add_argument("--delete", metavar="NAAM",
                        help="verwijder project NAAM (gevraagd op een terminal, anders met --yes) / delete "
                             "project NAME (asked at a terminal, else with --yes)")
    parser.add_argument("--yes", "-y", action="store_true",
                        help="verwijder zonder te vragen / delete without asking")
    parser.add_argument("--lang", choices=["nl", "en"], default=argparse.SUPPRESS,
                        help="taal / language")
    add_bin_options(parser)


def add_bin_options(parser) -> None:
    """--deleted and --restore: the bin, where a deleted project is kept BIN_DAYS days."""
    bin_options = parser.add_mutually_exclusive_group()
    bin_options.add_argument("--deleted", action="store_true",
                             help="de verwijderde projecten in de prullenbak / the deleted projects in the bin")
    bin_options.add_argument("--restore", metavar="NAAM", default=None,
                             help="een verwijderd project terugzetten (uit de prullenbak) / restore a deleted "
                                  "project (from the bin)")


def project_progress(store, project) -> dict:
    """Progress of one project: steps done (of 11), per-step status, current step."""
    from assistant.plan.record import STEP_NUMBERS, ProjectRecord, new_record, next_open_step
    from assistant.store import StoreError

    try:
        record = store.load_record(project.id, ProjectRecord)
    except StoreError:
        record = None
    record = record or new_record(title=project.name)
    statuses = record.statuses()
    state = store.get_state(project.id)
    # a step the plan does not have (a hand edit: "99") is none, as for a project never opened
    current = state.current_step if state.current_step in STEP_NUMBERS else None
    if state.current_step is None and any(s != "not_started" for s in statuses.values()):
        # filled before it was ever opened (an import, the example's copy): the step the
        # conversation opens it at, its first step not done; "-" read as if it had none
        current = next_open_step(record)
        current = 0 if current is None else current
    return {
        "name": project.name,
        "organisation": project.organisation,
        "language": project.language,
        "updated": project.record_updated,  # when its record last changed here, as the exports say
        "done": sum(1 for s in statuses.values() if s == "done"),
        "total": len(STEP_NUMBERS),
        "statuses": {str(n): s for n, s in statuses.items()},
        "current_step": current,
    }


def steps_by_status(statuses: dict[str, str], lang: str) -> str:
    """Which steps are done, in progress and not started, in words ("klaar: 1, 2 · bezig: 0 ·
    niet begonnen: 3, …"): "0◐ 1✓ 2✓ 3○" said which step was in progress by its symbol alone."""
    from assistant.plan.messages import msg

    groups = []
    for status in ("done", "in_progress", "not_started"):
        steps = [step for step, state in statuses.items() if state == status]
        if steps:
            groups.append(f"{msg(f'status_{status}', lang)}: {', '.join(steps)}")
    return " · ".join(groups)


def _named(store, name: str, text: dict[str, str]):
    """The project called `name` (in any capitals), or None, said with the projects it may have
    meant (a typo of one, part of a few names, one's name before a rename), as `--project` says them."""
    from assistant.cli.common import say_on_stderr

    project = store.find_project(name)
    if project is None:
        similar = store.similar_projects(name)
        meant = text["meant"].format(names=", ".join(f"'{p.name}'" for p in similar)) if similar else ""
        say_on_stderr(f"stappenplan: {text['not_found'].format(name=name.strip(), meant=meant)}")
    return project


def _rename(store, old: str, new: str, text: dict[str, str], lang: str) -> int:
    """The app's rename: the same check of the new name (empty, too long, taken), the same store call."""
    from assistant.cli.common import say_on_stderr, say_on_stdout

    project = _named(store, old, text)
    if project is None:
        return 1
    problem = store.name_problem(new, project.id)
    if problem is not None:
        say_on_stderr(f"stappenplan: {problem.message(lang)}")
        return 2
    renamed = store.update_project(project.id, name=new)
    say_on_stdout(text["renamed"].format(old=project.name, new=renamed.name))
    return 0


def _delete(store, name: str, yes: bool, text: dict[str, str]) -> int:
    """The app's delete (to the bin): asked first at a terminal, refused without one unless `yes`."""
    import sys

    from assistant.cli.common import confirm, say_on_stderr, say_on_stdout
    from assistant.store import BIN_DAYS

    project = _named(store, name, text)
    if project is None:
        return 1
    if not yes:
        if not (sys.stdin.isatty() and sys.stdout.isatty()):
            say_on_stderr(f"stappenplan: {text['delete_no_tty'].format(name=project.name)}")
            return 2
        if not confirm(text["confirm_delete"].format(name=project.name, days=BIN_DAYS)):
            say_on_stdout(text["not_deleted"].format(name=project.name))
            return 1
    store.delete_project(project.id)
    say_on_stdout(text["deleted"].format(name=project.name, days=BIN_DAYS))
    return 0


def run(args) -> int:
    from assistant.cli.common import open_cli_store, say_on_stderr, say_on_stdout, settings_from_args
    from assistant.store import StoreError

    settings = settings_from_args(args)
    lang = getattr(args, "lang", None) or settings.language
    store = open_cli_store(settings, lang)
    if store is None:
        return 1
    if args.rename or args.delete is not None:
        try:
            if args.rename:
                return _rename(store, *args.rename, _TEXT.language(lang), lang)
            return _delete(store, args.delete, args.yes, _TEXT.language(lang))
        except StoreError as exc:  # read-only data folder, deleted meanwhile: said, no traceback
            say_on_stderr(f"stappenplan: {exc.message(lang)}")
            return 1
        finally:
            store.close()
    if args.deleted or args.restore is not None:
        try:
            return run_bin(args, store, lang)
        finally:
            store.close()
    try:
        rows = [project_progress(store, p) for p in store.list_projects()]
    except StoreError as exc:
        say_on_stderr(f"stappenplan: {exc.message(lang)}")
        return 1
    finally:
        store.close()
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    text = _TEXT.language(lang)
    if not rows:
        say_on_stdout(text["none"].format(folder=settings.data_path))
        return 0
    for row in rows:
        current = row["current_step"]
        say_on_stdout(text["row"].format(name=" ".join(row["name"].split()),
                                         organisation=f" ({row['organisation']})" if row["organisation"] else "",
                                         done=row["done"], total=row["total"],
                                         step="-" if current is None else current,
                                         updated=local_time(row["updated"], lang)))
        say_on_stdout("    " + steps_by_status(row["statuses"], lang))
    return 0


def run_bin(args, store, lang: str) -> int:
    """`--deleted`: the projects in the bin and until when each can be restored; `--restore NAME`:
    the one deleted last of that name back, as "NAME (2)" where a project has the name now."""
    from datetime import datetime, timedelta

    from assistant.cli.common import say_on_stderr, say_on_stdout
    from assistant.store import BIN_DAYS, StoreError

    text = _TEXT.language(lang)
    try:
        if args.restore is not None:
            binned = store.deleted_project(args.restore)
            if binned is None:
                say_on_stderr("stappenplan: " + text["not_in_bin"].format(name=" ".join(args.restore.split())))
                return 1
            back = store.restore_project(binned.id)
            key = "restored" if back.name == binned.name else "restored_as"
            say_on_stdout(text[key].format(name=binned.name, new=back.name))
            return 0
        deleted = store.deleted_projects()
    except StoreError as exc:
        say_on_stderr(f"stappenplan: {exc.message(lang)}")
        return 1
    rows = [{"name": p.name, "organisation": p.organisation, "deleted": p.deleted,
             "purged_after": (datetime.fromisoformat(p.deleted) + timedelta(days=BIN_DAYS)).isoformat()}
            for p in deleted]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not rows:
        say_on_stdout(text["bin_empty"].format(days=BIN_DAYS))
        return 0
    for row in rows:
        say_on_stdout(text["bin_row"].format(name=" ".join(row["name"].split()),
                                             organisation=f" ({row['organisation']})" if row["organisation"] else "",
                                             deleted=local_time(row["deleted"], lang),
                                             until=local_time(row["purged_after"], lang)))
    return 0
