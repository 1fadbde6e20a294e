"""`stappenplan llm check`: does the configured language model answer? One line, exit code."""

from __future__ import annotations

import argparse
import time

from assistant.core.i18n import catalog

_TEXT = catalog("cli.llm")


def add_parser(subparsers: argparse._SubParsersAction, name: str) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        name,
        help="taalmodel controleren / check the language model",
        description="Controleer of het ingestelde taalmodel antwoordt (stappenplan llm check). / Check whether "
                    "the configured language model answers.",
    )
    # "check" is the only action: `stappenplan llm` alone does it too, instead of a usage error
    parser.add_argument("action", nargs="?", default="check", choices=["check"],
                        help="check (standaard / default): antwoordt het model? / does the model answer?")
    return parser


def run(args: argparse.Namespace) -> int:
    from assistant.cli.common import say_on_stderr, say_on_stdout
    from assistant.cli.main import settings_overrides
    from assistant.core.prefs import run_language
    from assistant.core.settings import SettingsError, load_settings
    from assistant.core.settings_file import chosen_language, config_path

    overrides = settings_overrides(args)
    try:
        settings = load_settings(overrides)
    except SettingsError as exc:
        lang = chosen_language(exc.written, exc.path or config_path(), overrides["language"])
        say_on_stderr(_TEXT.text("settings", lang, reason=exc.message(lang)))
        return 2
    # the language chosen in the app, as every other command speaks it (this one spoke the file's)
    settings.language = run_language(settings, overrides["language"])
    lang = settings.language
    text = _TEXT.language(lang)
    llm = settings.llm
    if llm.provider == "none":
        say_on_stdout(text["none"])
        return 0
    ok, line = check(settings)
    (say_on_stdout if ok else say_on_stderr)(line)
    return 0 if ok else 1


def check(settings) -> tuple[bool, str]:
    """(usable, one line) for the configured model: a tiny prompt, its latency, or why not."""
    from assistant.llm.models import (
        LLMConfigError,
        build_chat_model,
        call_within,
        describe_error,
        display_url,
        message,
    )

    lang = settings.language
    text = _TEXT.language(lang)
    llm = settings.llm
    names = {"provider": llm.provider, "model": llm.model or "?"}
    try:
        model = build_chat_model(llm, lang=lang)
        started = time.monotonic()
        reply = call_within(llm.timeout_s, model.invoke, text["probe"])
        latency = time.monotonic() - started
    except LLMConfigError as exc:
        return False, text["fail"].format(reason=exc, **names)
    except Exception as exc:  # noqa: BLE001 - every failure is reported in one line
        return False, text["fail"].format(reason=describe_error(exc, llm, lang), **names)
    if not (getattr(reply, "text", "") or "").strip():
        return False, text["fail"].format(reason=message("empty", lang, model=names["model"]), **names)
    return True, text["ok"].format(url=display_url(llm), latency=latency, **names)
