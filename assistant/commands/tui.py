"""`stappenplan` without a subcommand: the terminal app."""

from __future__ import annotations

import argparse
import logging
import sys


def _setup_logging(settings) -> None:
    """Log to the data dir; nothing goes to the terminal while the app owns it."""
    try:
        settings.log_path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.FileHandler(settings.log_path, encoding="utf-8")
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)


def run(args: argparse.Namespace) -> int:
    from assistant.cli import settings_overrides
    from assistant.settings import SettingsError, load_settings

    try:
        settings = load_settings(settings_overrides(args))
    except SettingsError as exc:
        print(exc, file=sys.stderr)
        return 2
    _setup_logging(settings)

    from assistant.tui.app import StappenplanApp

    app = StappenplanApp(settings, project=getattr(args, "project", None))
    app.run()
    return int(app.return_code or 0)
