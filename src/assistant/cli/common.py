"""Helpers shared by the command-line commands."""

from __future__ import annotations

import logging
import sys
from argparse import Namespace
from collections.abc import Callable
from typing import TYPE_CHECKING

from assistant import services
from assistant.cli.main import settings_overrides
from assistant.core.settings import Settings, SettingsError, load_settings
from assistant.knowledge.types import Answer
from assistant.store import Store, StoreError, open_store

if TYPE_CHECKING:  # loads bm25s and numpy: imported where a command needs it
    from assistant.knowledge.base import KnowledgeBase


def settings_from_args(args: Namespace) -> Settings:
    try:
        return load_settings(settings_overrides(args))
    except SettingsError as exc:
        print(f"stappenplan: {exc}", file=sys.stderr)
        raise SystemExit(2) from exc


def setup_logging(settings: Settings) -> None:
    """Log to a file in the data dir; the terminal only gets clear messages."""
    try:
        settings.data_path.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.FileHandler(settings.log_path, encoding="utf-8")
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    if not any(isinstance(h, type(handler)) for h in root.handlers):
        root.addHandler(handler)
    root.setLevel(logging.INFO)
    for noisy in ("chromadb", "httpx", "sentence_transformers", "bm25s", "urllib3"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def stderr_progress(enabled: bool = True) -> Callable[[str, int, int], None]:
    """A one-line progress bar on stderr (only on a terminal)."""
    interactive = enabled and sys.stderr.isatty()
    last: dict[str, int] = {}

    def progress(stage: str, done: int, total: int) -> None:
        if not interactive:
            return
        width = 30
        filled = int(width * done / total) if total else width
        pct = int(100 * done / total) if total else 100
        if last.get(stage) == pct:
            return
        last[stage] = pct
        sys.stderr.write(f"\r{stage:<16} [{'█' * filled}{'·' * (width - filled)}] {pct:3d}%")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return progress


def open_knowledge_base(settings: Settings, *, dense: bool = True, quiet: bool = False,
                        wait_for_vectors: bool = True) -> KnowledgeBase:
    """Build or reuse the index (`services.open_knowledge_base`), with a progress bar and what
    was skipped or repaired on stderr; a knowledge base that cannot be opened ends the command."""
    from assistant.knowledge.base import KnowledgeError  # slow: bm25s, numpy

    try:
        return services.open_knowledge_base(settings, dense=dense, progress=stderr_progress(not quiet),
                                             warn=lambda line: print(f"stappenplan: {line}", file=sys.stderr),
                                             wait_for_vectors=wait_for_vectors)
    except KnowledgeError as exc:
        print(f"stappenplan: {exc}", file=sys.stderr)
        raise SystemExit(1) from exc


def open_cli_store(settings: Settings, lang: str) -> Store | None:
    """The projects database for a command, or None after printing why it cannot be opened.

    A damaged file that was moved aside is reported here too, so every command says so.
    """
    try:
        store = open_store(settings)
    except StoreError as exc:
        print(f"stappenplan: {exc.message(lang)}", file=sys.stderr)
        return None
    if store.notice is not None:
        print(f"stappenplan: {store.notice.message(lang)}", file=sys.stderr)
    return store


def remark_lines(answer: Answer) -> list[str]:
    """An answer's notes ("i Gezocht op …") and warnings ("! …"), a line each, for the terminal."""
    return [*(f"i {note}" for note in answer.notes), *(f"! {warning}" for warning in answer.warnings)]
