"""argparse's own texts ("usage:", "invalid choice", "show this help message and exit") in the
run's language. argparse says them through gettext's `_` and `ngettext`, names it looks up in its
own module when it says them: `argparse_in(lang)` puts a lookup in the table of
resources/messages/cli.usage.toml there while the command line is read, and restores gettext's
after."""

from __future__ import annotations

import argparse
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from assistant.core.i18n import catalog
from assistant.core.settings_file import SettingsError, chosen_language, config_path, raw_settings


def translations(lang: str) -> dict[str, str]:
    """argparse's English text -> the one to say in `lang`."""
    texts = catalog("cli.usage")
    return {texts.text(key, "en"): texts.text(key, lang) for key in texts.entries}


@contextmanager
def argparse_in(lang: str) -> Iterator[None]:
    """argparse speaks `lang` in the block (a text the table lacks stays argparse's own)."""
    table = translations(lang)

    def gettext(message: str) -> str:
        return table.get(message, message)

    def ngettext(singular: str, plural: str, n: int) -> str:
        return gettext(singular if n == 1 else plural)

    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = gettext, ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


def usage_language(argv: Sequence[str]) -> str:
    """The language to read `argv` in, before it is read: its --lang where that is one, else the
    one last chosen in the app, else the settings' (file or STAPPENPLAN_LANG), else Dutch. A
    settings file that does not read is said later, by the command."""
    flag = None
    for at, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and at + 1 < len(argv):
            flag = argv[at + 1]
        elif arg.startswith("--lang="):
            flag = arg.partition("=")[2]
    try:
        written, path = raw_settings()
    except SettingsError as exc:
        written, path = exc.written, exc.path or config_path()
    return chosen_language(written, path, flag)
