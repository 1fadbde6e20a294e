"""The knowledge base started in the background, after the app's first frame: the index built
(or opened) in a thread of its own, then the embedding model loaded, with their progress on the
status line. The heavy imports (bm25s, chromadb, the model) happen in these threads.

What it opens it hands to its user (the main screen's project work, a `KnowledgeUser`): the
knowledge base and answerer once they are ready, or why the index failed.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from contextlib import ExitStack
from typing import TYPE_CHECKING, Any, Protocol

from assistant.core.errors import BilingualError

if TYPE_CHECKING:  # the domain is imported after the first frame (see assistant.tui.app)
    from assistant.answer import Answerer
    from assistant.core.settings import Settings
    from assistant.knowledge.base import KnowledgeBase
    from assistant.knowledge.index import Repair
    from assistant.tui.screens.main import MainScreen

log = logging.getLogger("assistant.tui")

#: How often a Chroma server that did not answer is asked again (it may start after the app).
SERVER_RETRY_S = 60.0


class KnowledgeHost(Protocol):
    """What the knowledge start needs of the app: its settings and language, the main screen's
    status line, and a way to say things (also from a thread)."""

    settings: Any  # the validated Settings by the time the knowledge starts

    @property
    def lang(self) -> str: ...

    @property
    def main(self) -> MainScreen: ...

    def tr(self, key: str, **values: Any) -> str: ...

    def notify(self, message: str, *, title: str = "", severity: Any = "information",
               timeout: float | None = None, markup: bool = True) -> None: ...

    def report(self, exc: BaseException, key: str = "error.generic", **values: Any) -> None: ...

    def report_from_thread(self, exc: BaseException, key: str = "error.generic", **values: Any) -> None: ...

    def call_from_thread(self, callback: Callable[..., Any], *args: Any, **kwargs: Any) -> Any: ...


class KnowledgeUser(Protocol):
    """Who uses the knowledge base once it is there: told on the event loop that it is ready,
    and from the index's thread (before anyone waiting is let go) that the index failed."""

    @property
    def workspace_error(self) -> BaseException | None: ...

    def use_knowledge(self, kb: KnowledgeBase | None, answerer: Answerer | None) -> None: ...

    def index_failed(self, exc: BaseException) -> None: ...


class KnowledgeStart:
    """Opens the knowledge base and its answerer in background threads, says how far it is on
    the status line (and the search mode: by meaning or by words), and lets workers wait for it."""

    def __init__(
        self,
        app: KnowledgeHost,
        closing: threading.Event,
        *,
        kb: KnowledgeBase | None = None,
        answerer_factory: Callable[[Settings, KnowledgeBase], Answerer] | None = None,
        build_index: bool = True,
        load_model: bool = True,
    ) -> None:
        self._app = app
        self._closing = closing  # set when the app closes
        self._user: KnowledgeUser | None = None
        self.kb = kb
        self.answerer: Answerer | None = None
        #: why the index could not be built, said to each question (not "not ready yet")
        self.index_error: BaseException | None = None
        self._answerer_factory = answerer_factory
        self._build_index = build_index
        self._load_model = load_model
        self.search_mode = ""  # what the status line says of the search (by meaning, by words)
        self._meaning_failing = False  # search by meaning failed for the last answer (said once)
        self._repairs_said: set[Repair] = set()  # the index's repairs said so far
        self.settled = threading.Event()  # set once the index is ready (or failed)
        #: a temporary index, where the index folder cannot hold one (removed by `close`)
        self.elsewhere = ExitStack()
        #: `close` and the index's thread take turns on `elsewhere`: a temporary index made after
        #: the close was registered on a stack no one closes again, and stayed on the disk
        self._elsewhere_lock = threading.Lock()
        self._closed = False
        self.temporary = False  # the index is that temporary one: search by words only
        self.background: list[threading.Thread] = []  # index build and model load

    def start(self, user: KnowledgeUser) -> None:
        """Open the knowledge base in the background (or use the one given); `user` is told
        when it is ready, or that the index failed."""
        self._user = user
        if self.kb is not None:
            self._knowledge_ready()
            if self._load_model and not self.kb.dense_ready:
                self._in_background("model", self._load_dense_now)
            else:
                self.show_mode()
            return
        if self._build_index:
            self._in_background("index", self._prepare_index)
        else:
            self.settled.set()

    def _in_background(self, name: str, work: Callable[[], None]) -> None:
        """Run `work` in a daemon thread of its own. Not a Textual thread worker: those run in
        asyncio's default executor, which is joined when the app ends, so quitting while the
        model loaded left a blank terminal for 8-15 s. Nothing here needs saving: the index
        repairs itself, and the model is loaded again on the next start."""

        def run() -> None:
            _background_priority()
            try:
                work()
            except Exception as exc:  # the app may have closed under it: log, never print
                log.warning("background %s stopped: %s", name, exc, exc_info=exc)

        thread = threading.Thread(target=run, name=f"stappenplan-{name}", daemon=True)
        self.background.append(thread)
        thread.start()

    def wait(self, timeout: float = 120.0) -> None:
        """Wait for the index (the first start builds it), but not past the app's end."""
        deadline = time.monotonic() + timeout
        while not self.settled.wait(0.2) and not self._closing.is_set() and time.monotonic() < deadline:
            pass

    def close(self) -> None:
        """Remove the temporary index, if any: once no question can be asked any more. One made
        after this is removed by the thread that made it."""
        with self._elsewhere_lock:
            self._closed = True
            self.elsewhere.close()

    def _prepare_index(self) -> None:
        from assistant.services import open_knowledge_base_or_temporary

        status = self._app.main.status
        self._app.call_from_thread(status.set_text, self._app.tr("status.index_building", stage="…"))
        def progress(stage: str, done: int, total: int) -> None:
            self._app.call_from_thread(self._index_progress, stage, done, total)

        made = ExitStack()  # a temporary index, kept by `elsewhere` unless the app closed meanwhile
        try:
            # the semantic phase follows in _load_dense_now, after the first answers can be given
            kb, temporary = open_knowledge_base_or_temporary(self._app.settings, elsewhere=made,
                                                             dense=False, progress=progress, lang=self._app.lang)
        except Exception as exc:
            made.close()
            self.index_error = exc
            self._user.index_failed(exc)
            self.settled.set()
            self._app.call_from_thread(status.hide_progress)
            self._app.call_from_thread(status.set_text, self._app.tr("status.index_failed"))
            self._app.call_from_thread(self._say_index_failed, exc)
            return
        with self._elsewhere_lock:
            if self._closed:  # the app is gone: nothing will ask, and nothing would remove it later
                made.close()
                self.settled.set()
                return
            self.elsewhere.enter_context(made)
        self.kb = kb
        if temporary is not None:  # as `ask` says it: every question was refused ("index niet beschikbaar")
            self.temporary = True
            self._app.call_from_thread(self._app.notify, temporary, severity="warning", timeout=20, markup=False)
        if kb.last_report is not None:
            self._app.call_from_thread(self._say_repairs, list(kb.last_report.repaired))
        if kb.missing_folders:  # a typo in corpus_dirs was searched without a word
            self._app.call_from_thread(self._app.notify, self._app.tr("notice.folder_missing", paths=", ".join(
                map(str, kb.missing_folders))), severity="warning", timeout=15, markup=False)
        self._app.call_from_thread(self._knowledge_ready)
        if self._load_model and not self.temporary:  # embedding the library anew: minutes at every start
            self._load_dense_now()
        else:
            self._app.call_from_thread(self.show_mode)

    def _say_repairs(self, repaired: list[Repair]) -> None:
        """What was found damaged in the index and made anew, said once each in the user's
        language (`stappenplan index` says it; the app said only "passages inbedden" for minutes)."""
        new = [repair for repair in repaired if repair not in self._repairs_said]
        if not new:
            return
        self._repairs_said.update(new)
        problems = "; ".join(repair.message(self._app.lang) for repair in new)
        self._app.notify(self._app.tr("notice.index_repaired", problems=problems), severity="warning",
                         timeout=10, markup=False)

    def _say_index_failed(self, exc: BaseException) -> None:
        """Why the index could not be built. An index folder that cannot be made is not mended by
        `stappenplan index` (which meets the same folder: it was advised, and failed the same
        way); one inside a data folder that the conversation already says cannot be used is not
        said again."""
        folder = exc.path if isinstance(exc, BilingualError) else None
        if folder is None:
            self._app.report(exc, "error.index")
        elif not (self._user.workspace_error is not None and folder.is_relative_to(self._app.settings.data_path)):
            self._app.report(exc, "error.index_folder")
        else:
            log.error("%s", exc, exc_info=exc)

    def _index_progress(self, stage: str, done: int, total: int) -> None:
        status = self._app.main.status
        tr = self._app.tr
        status.set_text(tr("status.index_building", stage=tr(f"stage.{stage}")
                           if tr(f"stage.{stage}") != f"stage.{stage}" else stage))
        status.set_progress(done, total)

    def _knowledge_ready(self) -> None:
        from assistant.answer import SearchIndex
        from assistant.answer.extractive import ExtractiveAnswerer
        from assistant.services import knowledge_for

        status = self._app.main.status
        status.hide_progress()
        status.set_text(self._app.tr("status.index_ready"))
        try:
            if self._answerer_factory is not None:
                self.answerer = self._answerer_factory(self._app.settings, self.kb)
            else:
                self.answerer = knowledge_for(self._app.settings, self.kb).answerer
        except Exception as exc:
            self._app.report(exc)
            self.answerer = ExtractiveAnswerer(self.kb) if isinstance(self.kb, SearchIndex) else self.kb
        self._user.use_knowledge(self.kb, self.answerer)
        self.settled.set()
        self.show_mode()

    def _load_dense_now(self) -> None:
        """The semantic phase (a background thread): load the model, embed what is new."""
        # the line is the semantic phase's now ("index klaar" goes: at 80 columns the bar,
        # the time left and what it does fill it)
        self._app.call_from_thread(self._app.main.status.set_text, "")
        self._app.call_from_thread(self._dense_progress, "model laden", 0, 0)

        from assistant.knowledge.index import IndexReport, Notice

        report = IndexReport()  # a damaged vector store, removed to be made anew

        said = 0  # repairs handed on: each progress tick need not hand them on again

        def progress(stage: str, done: int, total: int) -> None:
            nonlocal said
            self._app.call_from_thread(self._dense_progress, stage, done, total)
            if len(report.repaired) > said:  # said as the vectors are made anew, not only once they are
                said = len(report.repaired)
                self._app.call_from_thread(self._say_repairs, list(report.repaired))

        def notice(said: Notice) -> None:  # a new index of many windows: minutes of "embedden" otherwise
            self._app.call_from_thread(self._app.notify, said.message(self._app.lang), timeout=20, markup=False)

        server = self._app.settings.chroma_url
        try:
            self.kb.load_dense(progress, report=report, notice=notice)
            self.kb.prepare_spelling()  # while the user reads the first screen
            problem = self.kb.dense_error_in(self._app.lang)
            if problem:
                # with a server, that it is asked again (_ask_server_again): said only in the settings
                said = (self._app.tr("notice.server_retrying", error=problem, seconds=f"{SERVER_RETRY_S:g}")
                        if server and not self.kb.dense_ready else self._app.tr("error.model", error=problem))
                self._app.call_from_thread(self._app.notify, said, severity="warning", timeout=15 if server else 8,
                                           markup=False)
        except Exception as exc:
            self._app.report_from_thread(exc, "error.model")
        self._app.call_from_thread(self._say_repairs, list(report.repaired))
        self._app.call_from_thread(self._dense_done)
        if server and not self.kb.dense_ready:
            # not one of self.background: it runs until the server answers or the app ends
            threading.Thread(target=self._ask_server_again, name="stappenplan-server", daemon=True).start()
        elif not self.kb.dense_ready and self.kb.read_only:
            threading.Thread(target=self._wait_for_writable_index, name="stappenplan-index-writable",
                             daemon=True).start()

    def _ask_server_again(self) -> None:
        """Try the Chroma server again every SERVER_RETRY_S until it answers: started after the
        app, or back after a restart, it was used only once the app was started again."""
        _background_priority()
        while not self._closing.wait(SERVER_RETRY_S):
            try:
                self.kb.load_dense()
            except Exception as exc:  # the app may have closed under it: log, never print
                log.warning("Chroma server asked again: %s", exc)
            if self.kb.dense_ready:
                self._app.call_from_thread(self._app.notify, self._app.tr("notice.server_back"), timeout=6, markup=False)
                self._app.call_from_thread(self.show_mode)
                return

    def _wait_for_writable_index(self) -> None:
        """Look every SERVER_RETRY_S whether the index folder, read-only when the app started (its
        vectors could not be opened there), can be written, and then load them: made writable
        while the app ran, answers were saved again but searched by words until a restart."""
        _background_priority()
        while not self._closing.wait(SERVER_RETRY_S):
            try:
                if self.kb.writable_again():
                    self._load_dense_now()
                    return
            except Exception as exc:  # the app may have closed under it: log, never print
                log.warning("index folder looked at again: %s", exc)
                return

    def note_meaning(self) -> None:
        """After an answer: where search by meaning failed for it though its vectors had loaded
        (a Chroma server gone since), say so once and show search by words; and once it works
        again, that. The status line said "semantic search active" throughout."""
        kb = self.kb
        if kb is None or not kb.dense_ready or self._meaning_failing == (not kb.meaning_works):
            return
        self._meaning_failing = not kb.meaning_works
        if self._meaning_failing:
            self._app.notify(self._app.tr("notice.meaning_failing", error=kb.dense_error_in(self._app.lang) or "?"),
                             severity="warning", timeout=10, markup=False)
        else:
            self._app.notify(self._app.tr("notice.meaning_back"), timeout=6, markup=False)
        self.show_mode()

    def _dense_progress(self, stage: str, done: int, total: int) -> None:
        """What the semantic phase is doing: embedding passages (a bar with the time left), or
        loading the model (a bar that only says it is busy: its duration is unknown)."""
        status = self._app.main.status
        if stage == "embedden" and total:
            self.show_mode(self._app.tr("status.embedding", done=done, total=total))
            status.set_progress(done, total)
        elif done < max(total, 1):
            self.show_mode(self._app.tr("status.model_loading"))
            status.set_progress(0, None)

    def _dense_done(self) -> None:
        self._app.main.status.hide_progress()
        self.show_mode()

    def show_mode(self, text: str | None = None) -> None:
        if text is None:
            if self.kb is None:
                text = ""
            elif self.kb.meaning_works:
                text = self._app.tr("status.semantic")
            else:
                text = self._app.tr("status.lexical")
        self.search_mode = text
        self._app.main.status.set_mode(text)


def _background_priority() -> None:
    """Lower this worker thread's CPU priority (Linux: per thread; threads it starts, such
    as torch's, inherit it), so typing stays smooth while the index or the model is built."""
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)
    except (AttributeError, OSError):
        pass
