"""The one place where the parts are wired: settings → knowledge base → answerer (→ store).

The front ends (tui, cli) open what they need through here instead of each wiring the layers
below in its own way. Reporting (a progress bar, messages on stderr or in the status line)
stays with the front end: it is handed in as callbacks.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.answer import Answerer, SearchIndex
from assistant.core.i18n import catalog
from assistant.core.settings import Settings
from assistant.llm import make_answerer

if TYPE_CHECKING:  # importing the knowledge base loads bm25s and numpy: the app starts without
    from assistant.knowledge.base import KnowledgeBase, Progress

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Knowledge:
    """An open knowledge base and the answerer built on it (generative or extractive)."""

    kb: SearchIndex
    answerer: Answerer


def open_knowledge_base(settings: Settings, *, dense: bool = True, progress: Progress | None = None,
                        warn: Callable[[str], None] = log.warning, wait_for_vectors: bool = True,
                        every_skipped: bool = False, lang: str | None = None) -> KnowledgeBase:
    """Build or reuse the index. What was repaired, what was skipped when the index was built
    (`every_skipped`: also when it was reused; `ask` said six skipped files before every
    answer), and a semantic search that is unavailable, is said through `warn` (one line
    each), in `lang` (default: the settings' language). Raises `KnowledgeError`.
    `wait_for_vectors=False`: while another process embeds the index, search by words now."""
    from assistant.knowledge.base import KnowledgeBase  # slow: see above
    from assistant.knowledge.loaders import MISSING_FOLDER

    lang = lang or settings.language
    say = catalog("services").text
    # said in both languages at once, each line was twice as long as it needed to be
    missing = say("folder_missing", lang)
    kb = KnowledgeBase(settings)
    # a new index of many windows is said before its minutes of "embedden", with its model
    report = kb.ensure_index(progress, dense=dense, wait_for_vectors=wait_for_vectors,
                             notice=lambda said: warn(said.message(lang)))
    for problem in report.repaired:
        warn(say("repaired", lang, problem=problem.message(lang)))
    said_skipped = report.rebuilt_lexical or every_skipped
    for skipped in report.skipped if said_skipped else ():
        reason = missing if skipped.reason == MISSING_FOLDER else skipped.reason_in(lang)
        warn(say("skipped", lang, path=skipped.path, reason=reason))
    # a folder the settings name that is not there is said each time (once per start): unlike a
    # file that cannot be read, it is a mistake in the settings
    for folder in () if said_skipped else kb.missing_folders:
        warn(say("skipped", lang, path=folder, reason=missing))
    if dense and kb.dense_error:
        warn(say("lexical_only", lang, reason=kb.dense_error_in(lang)))
    return kb


def open_knowledge_base_or_temporary(settings: Settings, *, elsewhere: ExitStack, dense: bool = True,
                                     progress: Progress | None = None, warn: Callable[[str], None] = log.warning,
                                     wait_for_vectors: bool = True, every_skipped: bool = False,
                                     lang: str | None = None) -> tuple[KnowledgeBase, str | None]:
    """`open_knowledge_base`; where the index cannot be opened in its folder (a data folder that
    is a file, or one the user may not write), the index by words in a temporary folder that
    `elsewhere` removes: a question needs no project, and nothing at all was answered. Second:
    for that temporary index, why and that it is one, in `lang`, for the caller to say once;
    else None. Raises the first `KnowledgeError` where no temporary index can be made either
    (then its reason is the one to fix)."""
    from assistant.knowledge.base import KnowledgeError  # slow: see above

    lang = lang or settings.language
    try:
        return open_knowledge_base(settings, dense=dense, progress=progress, warn=warn,
                                   wait_for_vectors=wait_for_vectors, every_skipped=every_skipped, lang=lang), None
    except KnowledgeError as exc:
        try:
            folder = Path(elsewhere.enter_context(tempfile.TemporaryDirectory(prefix="stappenplan-index-")))
            # by words only: embedding the library anew would take minutes, at every start
            kb = open_knowledge_base(settings.model_copy(update={"index_dir": folder}), dense=False,
                                     progress=progress, warn=warn, lang=lang)
        except (KnowledgeError, OSError):
            raise exc from None
        return kb, f"{exc.message(lang)} {catalog('services').text('index_elsewhere', lang)}"


def knowledge_for(settings: Settings, kb: KnowledgeBase) -> Knowledge:
    """`kb` with the answerer the settings ask for: generative when a language model is
    configured, else the extractive answers of `kb` itself."""
    return Knowledge(kb, make_answerer(settings, kb))


def lazy_knowledge(settings: Settings, *, elsewhere: ExitStack | None = None, dense: bool = True,
                   warn: Callable[[str], None] = log.warning, lang: str | None = None) -> Callable[[], Knowledge]:
    """A function that opens the knowledge base the first time it is called; later calls give
    the same, or raise the same error (the index is not built again on every question). Plain
    mode starts before the index is needed. What opening it says goes to `warn`, in `lang`
    (open_knowledge_base), once; with `elsewhere`, so does a temporary index there, where the
    index folder cannot be used (`open_knowledge_base_or_temporary`)."""
    opened: list[Knowledge] = []
    failed: list[Exception] = []

    def knowledge() -> Knowledge:
        if failed:
            raise failed[0]
        if not opened:
            try:
                # a question typed now does not wait for another process's hours of embedding
                options = dict(dense=dense, wait_for_vectors=False, warn=warn, lang=lang)
                if elsewhere is None:
                    kb = open_knowledge_base(settings, **options)
                else:
                    kb, temporary = open_knowledge_base_or_temporary(settings, elsewhere=elsewhere, **options)
                    if temporary is not None:
                        warn(temporary)
                opened.append(knowledge_for(settings, kb))
            except Exception as exc:
                failed.append(exc)
                raise
        return opened[0]

    return knowledge


__all__ = ["Knowledge", "knowledge_for", "lazy_knowledge", "open_knowledge_base", "open_knowledge_base_or_temporary"]
