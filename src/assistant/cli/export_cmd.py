"""`stappenplan export --project NAME --format md|docx|json -o PATH`: write a project's record.

Without ``--project`` the only project there is, if there is one. The document (md, docx)
follows the project's language unless ``--lang`` is given. Without ``-o`` the file is written
in the current folder, named after the project and the language ("Naam-nl.md"), said with its
folder, and never over an existing file (another
project's export can have the same name): then a numbered name is used and the user is told.
``-o -`` writes to standard output. An existing file named with ``-o`` is replaced only with
``--force`` or after a yes on a terminal. The file is written atomically: a failure leaves an
existing file at PATH untouched; devices, pipes and links are written, never replaced.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from assistant.core.i18n import catalog
from assistant.core.textsafe import has_control_chars

_TEXT = catalog("cli.export")


def add_parser(subparsers, name: str) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        name,
        help="projectdossier exporteren (md, docx, json) / export a project record",
        description="Schrijf het dossier van een project naar Markdown, Word (docx) of JSON. "
                    "/ Write a project's record as Markdown, Word (docx) or JSON.",
    )
    # SUPPRESS: `stappenplan --project X export` (the global flag) keeps working too
    parser.add_argument("--project", "-p", default=argparse.SUPPRESS, metavar="NAME",
                        help="het project (standaard: het enige project) / the project (default: the only one)")
    parser.add_argument("--format", "-f", choices=["md", "docx", "json"], dest="export_format",
                        help="formaat / format (standaard: uit de extensie van -o, anders md / "
                             "default: from -o's extension, else md)")
    parser.add_argument("-o", "--output", metavar="PATH",
                        help="bestand om te schrijven, - voor de standaarduitvoer / file to write, - for "
                             "standard output (standaard / default: <project>-<taal>.<formaat> / <project>-<lang>.<format>)")
    parser.add_argument("--force", action="store_true",
                        help="overschrijf een bestaand bestand bij -o zonder te vragen (anders: gevraagd op "
                             "een terminal, geweigerd zonder) / overwrite an existing -o file without asking "
                             "(else: asked at a terminal, refused without one)")
    parser.add_argument("--lang", choices=["nl", "en"], default=argparse.SUPPRESS,
                        help="taal van het document (standaard: die van het project) / document language")
    return parser


_SUFFIX_FORMATS = {"md": "md", "markdown": "md", "docx": "docx", "json": "json"}


def _suffix(output: str | None) -> str:
    """The output file's extension ("" for none, and for "-", the standard output)."""
    return Path(output).suffix.lower().lstrip(".") if output and output != "-" else ""


def _format(args) -> str | None:
    if args.export_format:
        return args.export_format
    suffix = _suffix(args.output)
    if suffix:  # one that names no format (".txt") is asked about, not guessed
        return _SUFFIX_FORMATS.get(suffix)
    # as ctrl+e in the app, and as the help says: `export -p NAME` alone, `-o -` and a file
    # without an extension failed, asking for a format
    return "md"


def _may_overwrite(output: str, text: dict[str, str]) -> bool | None:
    """Whether `output` may be written, and how: None where nothing is there yet (written only
    while that stays so: two exports at once both said "Geëxporteerd", one over the other);
    True where a device or a pipe is there (written, not replaced), or a file and the user
    says yes at a terminal; `echo notes > notities.md` was replaced without a word. Without a
    terminal it is refused, naming --force (False)."""
    # with run()'s: the help needs none of them
    from assistant.cli.common import confirm, say_on_stderr, say_on_stdout

    path = Path(output).expanduser()
    try:
        there, exists = os.path.lexists(path), path.is_file()
    except OSError:  # a name too long for the file system: the writing says so, in words
        there = exists = False
    if not there:
        return None
    if not exists:
        return True
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        say_on_stderr(f"stappenplan: {text['exists_no_tty'].format(path=output)}")
        return False
    if confirm(text["exists_confirm"].format(path=output)):
        return True
    say_on_stdout(text["not_overwritten"].format(path=output))
    return False


def _meant_hint(similar: list, text: dict[str, str]) -> str:
    """" Bedoelde u '…'?" naming the projects a name not there may have meant (a typo of one, part
    of a few, one's name before a rename), else ""."""
    if not similar:
        return ""
    if len(similar) == 1:
        return f" {text['did_you_mean'].format(name=similar[0].name)}"
    names = ", ".join(f"'{p.name}'" for p in similar)
    return f" {text['did_you_mean_several'].format(names=names)}"


def run(args) -> int:
    from assistant.cli.common import open_cli_store, say_on_stderr, say_on_stdout, settings_from_args
    from assistant.export import STDOUT, ExportError, export_record, export_to_new_file
    from assistant.plan.conversation.state import ConversationData
    from assistant.plan.record import ProjectRecord, named_as, new_record
    from assistant.store import StoreError

    settings = settings_from_args(args)
    doc_lang = getattr(args, "lang", None)
    ui = doc_lang or settings.language
    text = _TEXT.language(ui)
    name = getattr(args, "project", None)
    if name is not None and not name.strip():
        say_on_stderr(f"stappenplan: {text['no_project']}")
        return 2
    if args.output is not None and not args.output.strip():
        say_on_stderr(f"stappenplan: {text['no_output']}")
        return 2
    fmt = _format(args)
    if fmt is None:
        say_on_stderr(f"stappenplan: {text['no_format']}")
        return 2
    if fmt == "docx" and args.output == "-" and sys.stdout.isatty():
        # a zip archive on the screen: 40 kB of bytes, escape sequences among them
        say_on_stderr(f"stappenplan: {text['docx_to_terminal']}")
        return 2
    # "-f md -o x.docx" wrote Markdown into a file Word will not open: refused, as the app's
    # export dialog refuses it (--force is about replacing a file, not this)
    named = _SUFFIX_FORMATS.get(_suffix(args.output))
    if args.export_format and named is not None and named != fmt:
        output = Path(args.output)
        say_on_stderr(f"stappenplan: " + text["format_not_name"].format(
            format=fmt, suffix=output.suffix, name=output.name,
            fitting=output.with_suffix(f".{fmt}").name, named=named))
        return 2
    # a tab or a newline in -o went into the file's name, while the message showed it cleaned
    if args.output not in (None, STDOUT) and has_control_chars(args.output):
        say_on_stderr(f"stappenplan: {text['control_chars'].format(name=ascii(args.output))}")
        return 2
    store = open_cli_store(settings, ui)
    if store is None:
        return 1
    try:
        if name is None:
            # no --project: the only project there is; with several, which one is the user's call
            projects = store.list_projects()
            if len(projects) != 1:
                names = ", ".join(p.name for p in projects[:5]) + (", …" if len(projects) > 5 else "")
                message = text["which_project"].format(count=len(projects), names=names) if projects \
                    else text["no_projects"]
                say_on_stderr(f"stappenplan: {message}")
                return 2 if projects else 1
            project = projects[0]
        else:
            project = store.find_project(name)
        if project is None:
            hint = _meant_hint(store.similar_projects(name), text)
            say_on_stderr(f"stappenplan: {text['not_found'].format(name=name.strip(), hint=hint)}")
            return 1
        try:
            record = store.load_record(project.id, ProjectRecord)
            state = store.get_state(project.id)
            current_step = state.current_step  # a JSON export takes it along
            # the answers marked in the conversation to look at again: a document notes them
            to_review = ConversationData.from_json(dict(state.data)).to_review
        except StoreError as exc:
            say_on_stderr(f"stappenplan: "
                          f"{text['record_unreadable'].format(name=project.name, reason=exc.message(ui))}")
            return 1
    except StoreError as exc:
        say_on_stderr(f"stappenplan: {exc.message(ui)}")
        return 1
    finally:
        store.close()
    if record is None:  # a project that has not stored a record yet: export it empty
        record = new_record(title=project.name, organisation=project.organisation,
                            language=project.language if project.language in ("nl", "en") else "nl")
    # renamed or imported as "… (2)"; a document's "last updated" is when this store last wrote
    # the record, as `projects` says (an import kept the file's date); JSON gives it back as it is
    record = named_as(record, project.name, project.organisation, "" if fmt == "json" else project.record_updated)
    replace = args.output in (None, STDOUT) or args.force or _may_overwrite(args.output, text)
    if replace is False:
        return 1
    taken = None
    try:
        if args.output is None:
            # said with its folder: "Geëxporteerd: Jeugdzorg-WMO-matching.docx" left where to look out
            path, taken = export_to_new_file(record, fmt, Path.cwd(), lang=doc_lang, current_step=current_step,
                                             to_review=to_review)
        else:
            path = export_record(record, fmt, args.output, lang=doc_lang, replace=replace is True,
                                 current_step=current_step, to_review=to_review)
    except ExportError as exc:
        say_on_stderr(f"stappenplan: {exc.message(ui)}")
        return 1
    except FileExistsError:  # written meanwhile by another export: it stays as that one wrote it
        say_on_stderr(f"stappenplan: {text['exists_no_tty'].format(path=args.output)}")
        return 1
    if taken is not None:
        say_on_stderr(f"stappenplan: {text['name_taken'].format(taken=taken)}")
    if args.output != STDOUT:  # the document itself is on standard output
        say_on_stdout(text["done"].format(path=path))
    return 0
