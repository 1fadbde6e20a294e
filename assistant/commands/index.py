"""`stappenplan index [PATH…]`: build or refresh the index (optionally with extra folders)."""

from __future__ import annotations

import sys
import tomllib

from assistant.commands.common import open_knowledge_base, settings_from_args, setup_logging


def add_parser(subparsers, name: str) -> None:
    parser = subparsers.add_parser(name, help="bouw of vernieuw de index / build or refresh the index")
    parser.add_argument("paths", nargs="*", help="extra mappen of bestanden om te indexeren / extra folders")
    parser.add_argument("--lexical", action="store_true", help="alleen de lexicale index / lexical index only")


def run(args) -> int:
    settings = settings_from_args(args)
    setup_logging(settings)
    if args.paths:
        from pathlib import Path

        extra = [Path(p).expanduser().resolve() for p in args.paths]
        settings.corpus_dirs = list(dict.fromkeys([*settings.corpus_dirs, *extra]))
    kb = open_knowledge_base(settings, dense=not args.lexical)
    report = kb.last_report
    docs = len(kb.documents)
    state = "opnieuw opgebouwd / rebuilt" if report.rebuilt_lexical else "ongewijzigd / unchanged"
    print(f"{docs} documenten, {report.chunks} passages; index {state}; "
          f"{report.embedded} passages ingebed / embedded ({report.seconds:.1f} s)")
    print(f"index: {settings.index_path}")
    return 0
