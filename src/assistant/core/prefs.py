"""What the app remembers between runs (the theme and language chosen in the palette), in a
small JSON file in the data dir: not the user's config file, which we never rewrite. The
commands read it too, so a language chosen in the app is every command's."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from assistant.core.private import private_file, private_folder
from assistant.core.settings_file import LANGUAGES

log = logging.getLogger(__name__)

PREFS_FILE = "interface.json"


def prefs_path(settings) -> Path:
    return settings.data_path / PREFS_FILE


def load_prefs(settings) -> dict[str, str]:
    """The remembered choices (each a name: a theme, a language); empty when there are none or
    the file cannot be read. A value of another type is left out: {"theme": ["nord"]} stopped
    the app at its start."""
    try:
        data = json.loads(prefs_path(settings).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        # info: said before logging is set up, a warning reached the terminal in English, beside
        # the message that says what is wrong with the data folder
        log.info("interface preferences unreadable: %s", exc)
        return {}
    if not isinstance(data, dict):
        return {}
    return {key: value for key, value in data.items() if isinstance(key, str) and isinstance(value, str)}


def remember(settings, key: str, value) -> None:
    """Store one choice (a failure is logged: the app goes on without remembering it)."""
    data = load_prefs(settings)
    data[key] = value
    path = prefs_path(settings)
    try:
        private_folder(path.parent)
        tmp = path.with_suffix(".tmp")
        tmp.unlink(missing_ok=True)  # one left behind keeps its mode: made anew, for its owner only
        private_file(tmp).write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        log.warning("interface preferences not saved: %s", exc)


def language_named(flag: str | None = None) -> bool:
    """Whether this run names its language: `--lang` (`flag`) or STAPPENPLAN_LANG. Then the
    language chosen in the app does not decide it; the order is --lang > STAPPENPLAN_LANG > the
    app's remembered choice > config.toml (STAPPENPLAN_LANG=en was ignored beside a Dutch choice)."""
    return flag is not None or bool(os.environ.get("STAPPENPLAN_LANG"))


def remembered_language(settings) -> str | None:
    """The language last chosen in the app, or None (whether it decides: `language_named`)."""
    language = load_prefs(settings).get("language")
    return language if language in LANGUAGES else None


def run_language(settings, flag: str | None = None) -> str:
    """This run's language: `settings.language` where --lang (`flag`) or STAPPENPLAN_LANG named
    it, else the one chosen in the app, else the file's (`settings.language` too)."""
    return (None if language_named(flag) else remembered_language(settings)) or settings.language


def remembered_project(settings) -> int | None:
    """The number of the project last opened (in the app or the plain mode), or None."""
    value = load_prefs(settings).get("project", "")
    return int(value) if value.isdigit() else None
