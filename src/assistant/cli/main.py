"""Command line: `stappenplan` (the TUI) and its subcommands.

Each subcommand lives in its own module under `assistant/commands/` and registers itself
through `COMMANDS`; heavy imports (torch, chromadb, textual) happen inside the command, so
`stappenplan --help` stays instant.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from assistant import __version__

#: subcommand name -> module in assistant.cli exposing `add_parser(subparsers)` and `run(args)`
COMMANDS: dict[str, str] = {
    "ask": "ask",
    "index": "index",
    "eval": "evaluate",
    "llm": "llm_cmd",
    "chat": "chat",
    "projects": "projects",
    "export": "export_cmd",
    "import": "import_cmd",
    "learn": "learn",
}


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", choices=["nl", "en"], help="taal van de assistent / interface language")


def _add_llm_flags(parser: argparse.ArgumentParser, default: object = None) -> None:
    """The language-model flags; a subcommand takes them with ``argparse.SUPPRESS`` as default,
    so that given before the subcommand they are not reset after it."""
    parser.add_argument("--llm", choices=["none", "ollama", "openai"], default=default,
                        help="taalmodel-aanbieder / LLM provider")
    parser.add_argument("--llm-base-url", default=default, help="URL van de LLM-server / LLM server URL")
    parser.add_argument("--llm-model", default=default, help="naam van het model / model name")


def _app_options(parser_class: type[argparse.ArgumentParser] = argparse.ArgumentParser) -> argparse.ArgumentParser:
    """The options of `stappenplan` itself (the app), without the subcommands."""
    parser = parser_class(
        prog="stappenplan",
        description="Assistent voor het PIANOo-stappenplan voor het inkopen van digitale innovaties. / "
                    "Assistant for PIANOo's ten-step plan for procuring digital innovations. Zonder opdracht: de "
                    "app / without a command: the app.",
    )
    # argparse's default help for --version is not looked up through gettext: asked for here
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}",
                        help=argparse._("show program's version number and exit"))  # type: ignore[attr-defined]
    _add_common(parser)
    parser.add_argument("--project", help="open dit project / open this project")
    parser.add_argument("--new", action="store_true",
                        help="begin --project als nieuw project, ook als een ander project bijna zo heet (een "
                             "project met precies die naam wordt geopend, en dat wordt gezegd) / start --project as "
                             "a new project, even if another's name is alike (a project with that very name is "
                             "opened, and that is said)")
    _add_llm_flags(parser)
    return parser


def build_parser() -> argparse.ArgumentParser:
    parser = _app_options()
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, module_name in COMMANDS.items():
        module = importlib.import_module(f"assistant.cli.{module_name}")
        module.add_parser(sub, name)
        # `stappenplan ask --llm ollama …` as well as `stappenplan --llm ollama ask …`
        _add_llm_flags(sub.choices[name], default=argparse.SUPPRESS)
    return parser


class _NotTheAppOnly(Exception):
    """The command line is more than the app's own options: the full parser reads it."""


class _AppOnlyParser(argparse.ArgumentParser):
    def error(self, message: str):
        raise _NotTheAppOnly(message)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The command line. Starting the app (no subcommand, no help) reads the app's own options
    only: the full parser imports every subcommand's module, and with them the domain (0.4 s
    before the app's first frame). Anything else, errors included, goes to the full parser.
    argparse's own texts (usage, help headings, errors) are said in the run's language."""
    argv = list(sys.argv[1:] if argv is None else argv)
    from assistant.cli.usage import argparse_in, usage_language

    with argparse_in(usage_language(argv)):
        return _parse_args(argv)


def _parse_args(argv: list[str]) -> argparse.Namespace:
    if not any(arg in COMMANDS or arg.startswith(("-h", "--h")) for arg in argv):
        parser = _app_options(_AppOnlyParser)
        parser.set_defaults(command=None)
        try:
            args, rest = parser.parse_known_args(argv)
        except _NotTheAppOnly:
            rest = argv
        if not rest:
            return args
    return build_parser().parse_args(argv)


def settings_overrides(args: argparse.Namespace) -> dict:
    """CLI flags that override settings (None means: not given)."""
    return {
        "language": getattr(args, "lang", None),
        "llm.provider": getattr(args, "llm", None),
        "llm.base_url": getattr(args, "llm_base_url", None),
        "llm.model": getattr(args, "llm_model", None),
    }


def _language(args: argparse.Namespace) -> str:
    """The run's language for a last word, as `settings_from_args` decides it: --lang, else
    STAPPENPLAN_LANG, else the one chosen in the app, else the config file's, else Dutch."""
    if args.lang is not None:
        return args.lang
    from assistant.core.prefs import run_language  # the settings load pydantic: only now
    from assistant.core.settings import load_settings

    try:
        return run_language(load_settings())
    except Exception:  # noqa: BLE001 - a broken setting was said already; a ctrl+c is still said
        return "nl"


def say_relative_home(lang: str) -> None:
    """Where STAPPENPLAN_HOME is a relative path, which folder it is this time, once, on stderr:
    from another folder `projects` said "no projects yet" and made an empty data folder there."""
    from assistant.core.settings_file import relative_home, stappenplan_home

    given = relative_home()
    if given is not None:
        from assistant.cli.common import say_on_stderr
        from assistant.core.i18n import catalog

        said = catalog("core.settings").text("relative_home", lang, given=given, path=stappenplan_home())
        say_on_stderr(f"stappenplan: {said}")


def _replace_unencodable() -> None:
    """Standard output and error write a character their encoding lacks as "?" (ASCII, Latin-1:
    `LANG=C`, `PYTHONIOENCODING=ascii`): `ask`'s "·" ended in a UnicodeEncodeError traceback."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="replace")  # type: ignore[union-attr]
        except (AttributeError, ValueError):  # not a text file (a test's stream), or closed
            pass


def main(argv: Sequence[str] | None = None) -> int:
    _replace_unencodable()
    if sys.stdin is None:
        # started with its input closed ("<&-"): read as an empty input, not a traceback where
        # a command asks whether it is a terminal or reads a line
        sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115 - for the whole run
    args = parse_args(argv)
    from assistant.cli import tui

    if args.command is None:
        return tui.run(args)
    if not (args.command in ("chat", "learn") and tui.opens_app(args)):  # the app says it as a notice
        say_relative_home(_language(args))
    module = importlib.import_module(f"assistant.cli.{COMMANDS[args.command]}")
    try:
        return int(module.run(args) or 0)
    except KeyboardInterrupt:
        from assistant.core.i18n import catalog

        from assistant.cli.common import say_interrupted

        # chat's own, once its conversation is open, says whether a line being typed was lost
        say_interrupted(catalog("cli.input").text("interrupted_chat", _language(args)) if args.command == "chat"
                        else catalog("cli.ask").language(_language(args))["interrupted"])
        return 130
    except BrokenPipeError:
        return 0
