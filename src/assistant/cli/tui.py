"""`stappenplan` without a subcommand: the terminal app."""

from __future__ import annotations

import argparse
import gc
import logging
import os
import sys
import threading


def _setup_logging(settings) -> None:
    """Log to the data dir; nothing goes to the terminal while the app owns it."""
    from assistant.core.logfile import LogFile
    from assistant.core.private import private_file, private_folder

    try:
        private_folder(settings.log_path.parent)
        handler: logging.Handler = LogFile(private_file(settings.log_path), encoding="utf-8")
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)


def _has_terminal() -> bool:
    """Whether keys come from a terminal and the screen goes to one."""
    try:
        return sys.stdin is not None and sys.stdout is not None and sys.stdin.isatty() and sys.stdout.isatty()
    except (OSError, ValueError):  # a closed stream
        return False


def _dumb_terminal() -> bool:
    """Whether the terminal says it can do no more than print lines (TERM=dumb: an editor's
    shell, a serial console): no cursor movement, no colour."""
    return os.environ.get("TERM", "").strip().lower() == "dumb"


def opens_app(args: argparse.Namespace) -> bool:
    """Whether `chat` or `learn` open the app: at a terminal,
    unless asked for plain text."""
    return not getattr(args, "plain", False) and sys.stdin.isatty() and sys.stdout.isatty()


def _plain_instead(args: argparse.Namespace, settings) -> int:
    """The plain text mode of what was asked for (the conversation, or the lessons), with a
    notice why: on a dumb terminal the app drew its full screen of colour and box characters
    anyway, as garbage."""
    from assistant.core.prefs import run_language
    from assistant.tui.i18n import t

    learning = getattr(args, "start", None) == "learn"
    command = "stappenplan learn --plain" if learning else "stappenplan chat --plain"
    from assistant.cli.common import say_on_stderr

    lang = run_language(settings, getattr(args, "lang", None))
    say_on_stderr(f"stappenplan: {t('dumb_terminal', lang, command=command)}")
    from assistant.cli.main import say_relative_home

    say_relative_home(lang)
    args.plain = True
    if learning:
        from assistant.cli import learn

        return learn.run(args)
    from assistant.cli import chat

    for name, default in (("lexical", False), ("organisation", "")):  # the app's options lack them
        if not hasattr(args, name):
            setattr(args, name, default)
    return chat.run(args)


def run(args: argparse.Namespace) -> int:
    # No garbage collections until the first frame (the app turns the collector back on then):
    # what the start makes lives as long as the app, and collecting it cost the frame ~10 ms
    gc.disable()
    try:
        return _run(args)
    finally:
        gc.enable()


def _run(args: argparse.Namespace) -> int:
    from assistant.cli.main import settings_overrides
    from assistant.core.settings_file import SettingsError, StartSettings

    try:  # the settings as written: the app validates them after its first frame
        settings = StartSettings.read(settings_overrides(args))
    except SettingsError as exc:
        print(exc.said_in(getattr(args, "lang", None)), file=sys.stderr)
        return 2
    if not _has_terminal():
        # without one the app drew into a pipe or a file and waited for keys forever
        from assistant.tui.i18n import t

        print(f"stappenplan: {t('no_terminal', settings.language)}", file=sys.stderr)
        return 2
    if _dumb_terminal():
        return _plain_instead(args, settings)
    _setup_logging(settings)

    from assistant.tui.app import StappenplanApp

    app = StappenplanApp(settings, project=getattr(args, "project", None),
                         new_project=getattr(args, "new", False), start=getattr(args, "start", None),
                         remembered_language=getattr(args, "lang", None) is None,
                         learner=getattr(args, "learner", None), lesson=getattr(args, "lesson", None))
    # The modules' objects live as long as the app: out of the collector's full scans, which
    # otherwise walk them all (once before the first frame, about 15 ms, and again later)
    gc.freeze()
    before = set(threading.enumerate())
    try:
        app.run()
        if app.settings_error is not None:
            print(app.settings_error.message(app.lang), file=sys.stderr)
            return 2
        code = int(app.return_code or 0)
        work = app.work
        drafts = work.drafts
        if drafts.unkept_text:
            # a read-only data folder: what was typed and not sent would be gone with the window
            from assistant.tui.i18n import t

            print(f"stappenplan: {t('unkept_text', app.lang, reason=drafts.unkept_reason)}\n{drafts.unkept_text}",
                  file=sys.stderr)
        # An answer being saved finishes first; what the app started and still runs is not waited
        # for: the index build or model load (threads that cannot be interrupted, and that are safe
        # to stop: the index repairs itself), or a language model's call, cancelled, that still waits
        # on its server (a daemon thread, but langchain runs it on a thread pool whose workers Python
        # joins at exit: a blank terminal for two timeouts after ctrl+q)
        work.finish_user_work(timeout=15)
    finally:
        # the temporary index's folder, also where the app raised or stopped on its settings;
        # before os._exit below, which runs no clean-up
        app.knowledge.close()
    busy = [t for t in threading.enumerate() if t is not threading.main_thread()
            and (not t.daemon or t not in before)]
    if busy:
        logging.getLogger("assistant.tui").info("leaving %d background thread(s) behind", len(busy))
        logging.shutdown()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    return code
