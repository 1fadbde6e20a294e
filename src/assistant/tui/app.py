"""The Stappenplan terminal app.

Startup is cheap on purpose: this module imports Textual, the settings as written and the main
screen only, so the first frame comes as soon as a bare Textual app's would; the settings are
validated (pydantic) right after it, and a wrong value closes the app with its message. The domain (projects, the
conversation, lessons, glossary, the other screens) is imported by the methods that need it,
all of them after the first frame; the knowledge base (bm25s, chromadb, the embedding model) in
background threads; typed input runs through the conversation engine in a thread worker, so the
interface never freezes.

Dependencies can be injected (tests): settings, an open store, a ready knowledge base, an
answerer factory, and switches to skip building the index or loading the embedding model.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import os
import re
import signal
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.css.query import NoMatches
from textual.filter import LineFilter, Monochrome, NoColor
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import TextArea

from assistant.core.errors import BilingualError, error_message
from assistant.core.settings_file import SettingsError, StartSettings
from assistant.core.textsafe import escape_markdown, short
from assistant.tui.i18n import has_label, t
from assistant.tui.knowledge_start import KnowledgeStart
from assistant.core.private import private_folder
from assistant.core.prefs import language_named, load_prefs, remember, remembered_language
from assistant.tui.ordering import TurnOrder
from assistant.tui.prefs import screenshot_dir
from assistant.tui.screens.keys import OwnKeysScreen, palette_binding
from assistant.tui.screens.main import MainScreen
from assistant.tui.views import ProjectView, Reply, TurnView
from assistant.tui.widgets.conversation import SourcesPanel
from assistant.tui.widgets.record import RecordPanel
from assistant.tui.widgets.steps import StepsPanel

if TYPE_CHECKING:  # the domain is imported after the first frame (see the module's docstring)
    from assistant.tui.screens.projects import ProjectsScreen
    from assistant.answer import Answerer
    from assistant.core.settings import Settings
    from assistant.knowledge.base import KnowledgeBase
    from assistant.plan.ports import CancelFlag, TokenSink
    from assistant.store import Store
    from assistant.tui.session import Session, Workspace

log = logging.getLogger("assistant.tui")

EXPORT_FORMATS = ("md", "docx", "json")

#: A toast's width (Textual's Toast: 60 columns, at most half the screen's), and what its
#: border and padding take of it: the room its text has
TOAST_WIDTH = 60
TOAST_FRAME = 3


def main_bindings(lang: str, narrow: bool = False) -> list[Binding]:
    """The keys of the main screen, labelled in `lang` (shown in the footer). Narrow: short
    labels, and f4 (the sources, also under each answer's "Bronnen") left out of the footer, so
    that the rest fits in 80 columns: a newcomer at 80×24 saw no key for help."""

    def label(key: str) -> str:
        return t(f"{key}.short", lang) if narrow and has_label(f"{key}.short") else t(key, lang)

    # priority: a key bound here is acted on as it arrives, before the keys after it (bubbling
    # up from the input, ctrl+o was overtaken by the Enter typed after it, which went to the input,
    # and ctrl+n by the name typed for it, stored as an answer)
    return [
        Binding("ctrl+e", "app.export('md')", label("key.export"), priority=True),
        Binding("ctrl+n", "app.new_project", label("key.new"), priority=True),
        Binding("ctrl+o", "app.projects", label("key.projects"), priority=True),
        Binding("ctrl+l", "app.learn", label("key.learn"), show=False, priority=True),  # the start screen names it
        Binding("f5", "app.answer_terms", label("key.terms"), show=False, priority=True),  # f6/f7 select in the prompt
        Binding("f1", "app.help", label("key.help"), priority=True),
        Binding("f2", "app.toggle_panel('steps')", label("key.steps"), priority=True),
        Binding("f3", "app.toggle_panel('record')", label("key.record"), priority=True),
        Binding("f4", "app.toggle_sources", label("key.sources"), show=not narrow, priority=True),
        Binding("ctrl+q", "app.quit", label("key.quit"), priority=True),
        palette_binding(lang),
        Binding("escape", "app.cancel_answer", t("key.cancel_answer", lang), show=False),  # the status line says so
        Binding("alt+up", "app.step(-1)", t("key.prev_step", lang), show=False, priority=True),
        Binding("alt+down", "app.step(1)", t("key.next_step", lang), show=False, priority=True),
        # the conversation pages while the cursor stays in the input: a long reply is shown from
        # its start, and the question it ends with is a page down
        Binding("pageup", "app.page_conversation(-1)", t("key.page_up", lang), show=False, priority=True),
        Binding("pagedown", "app.page_conversation(1)", t("key.page_down", lang), show=False, priority=True),
    ]


def screen_for(lang: str) -> MainScreen:
    """A main screen whose footer speaks `lang`."""
    return MainScreen(lang, main_bindings)


#: How often the app checks that its terminal is still there.
TERMINAL_CHECK_SECONDS = 2.0
#: How often the open project is looked at for changes made in another window or by an import.
OTHER_WINDOWS_SECONDS = 3.0
#: Threads for the app's thread workers (each input, jump, export, draft, the index build, the
#: model load): enough that those waiting for one another never leave the screen's work none.
WORKER_THREADS = 32
#: How long typing must pause before what is typed is kept on disk (a crash, a power cut or
#: kill -9 gives the app no chance to keep it when it closes).
DRAFT_SAVE_SECONDS = 1.5
#: How long ctrl+q waits for keys still queued for the input before it keeps the draft.
QUEUED_KEYS_WAIT_S = 1.0


def _terminal_attached() -> bool:
    try:
        return os.isatty(0)
    except (OSError, ValueError):
        return False


def latest_reply(turns: list[TurnView]) -> list[TurnView]:
    """The assistant's turns since the user last typed, without the question asked again after
    an answer ("Terug naar de vraag: …": its terms are not the answer's); before anything was
    typed, the last of the assistant's turns."""
    last_typed = max((i for i, turn in enumerate(turns) if turn.role == "user"), default=-1)
    replies = [turn for turn in turns[last_typed + 1:] if turn.role == "assistant"]
    if not replies:
        return [turn for turn in turns if turn.role == "assistant"][-1:]
    return [turn for turn in replies if turn.kind != "ask"] or replies


#: NO_COLOR's two filters (see StappenplanApp.get_line_filters); neither holds any state
_NO_COLOR_FILTER = NoColor()
_MONOCHROME_FILTER = Monochrome()


def _command_choices():
    from assistant.tui.screens.palette import CommandChoices  # imported when the palette opens

    return CommandChoices


class StappenplanApp(App):
    """`stappenplan` without arguments."""

    CSS_PATH = "app.tcss"
    TITLE = "Stappenplan"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = {lambda: _command_choices()}  # found by their help line too (screens/palette.py)
    BINDINGS = [Binding("ctrl+q", "quit", "quit", show=False, priority=True)]

    def __init__(
        self,
        settings: Settings | StartSettings | None = None,
        *,
        store: Store | None = None,
        kb: KnowledgeBase | None = None,
        answerer_factory: Callable[[Settings, KnowledgeBase], Answerer] | None = None,
        project: str | None = None,
        new_project: bool = False,
        build_index: bool = True,
        load_model: bool = True,
        first_frame_exit: bool = False,
        start: str | None = None,
        remembered_language: bool = True,
        learner: str | None = None,
        lesson: int | None = None,
    ) -> None:
        super().__init__()
        #: StartSettings until the first frame is drawn, then the validated Settings
        self.settings: Settings | StartSettings = settings if settings is not None else StartSettings.read()
        # the language last chosen in the app, unless --lang (remembered_language False) or
        # STAPPENPLAN_LANG names one; it goes over the config file's
        if remembered_language and not language_named():
            self._use_remembered_language()
        self.settings_error: SettingsError | None = None  # a wrong setting closed the app
        self._store = store
        #: why the projects could not be opened
        self._workspace_error: BaseException | None = None
        self._said_without_project: set[str] = set()  # standing notes shown to questions without a project
        self._project_name = project
        self._draft_timer: Timer | None = None
        #: the session whose opening is on screen: until then its draft is still to be taken
        #: from the store, and an empty input saved to it would delete it
        self._shown_session: Session | None = None
        self._new_project = new_project  # --new: `project` is meant new even if another's name is alike
        self._first_frame_exit = first_frame_exit
        self._start_screen = start  # "learn": open on the learning screen (`stappenplan learn`)
        self._start_lesson = lesson  # `learn --lesson N`: the lesson it opens on
        self.learner = learner  # `learn --learner NAME`: whose progress the lessons keep (None: the login name)
        self.workspace: Workspace | None = None
        self.session: Session | None = None
        self._steps = None
        self._record = None
        self._busy = threading.Lock()
        self._cancel = threading.Event()  # set when the app closes
        #: the knowledge base, started in the background once the first frame is drawn
        self.knowledge = KnowledgeStart(self, self._cancel, kb=kb, answerer_factory=answerer_factory,
                                        build_index=build_index, load_model=load_model)
        #: inputs and jumps take the conversation in the order they were asked for
        self._order = TurnOrder(self._busy, self._cancel.is_set)
        #: typed inputs sent and not yet taken by their worker, by turn, with the session they
        #: were typed in: handled before the database closes (sent right before ctrl+q, lost)
        self._inputs: dict[int, tuple[str, Session | None]] = {}
        #: the step (and question) of each jump waiting for its turn: a burst of jumps (digits
        #: typed into the steps list, alt+down held) is one jump to the last, where nothing was
        #: asked between them
        self._jumps: dict[int, tuple[int, int | None, Session | None]] = {}
        self._queued_lock = threading.Lock()  # over `_inputs` and `_jumps`: the loop writes, workers take
        #: held while a draft is written: apart from `_busy`, which an answer being written holds
        #: for as long as a language model takes (the draft waited, and kill -9 then lost it)
        self._draft_lock = threading.Lock()
        #: typed, not sent, and not kept as the app closed (nothing can be written): printed after
        self.unkept_text: str | None = None
        #: the question asked now, with its project: text typed for it and set aside comes back to it
        self._asked: tuple[int, str] | None = None
        #: a jump to the step shown, with text in the input: the question it was typed for, and
        #: whether the step was chosen elsewhere (the keys left the input)
        self._typed_before_jump: tuple[tuple[int, str] | None, bool] | None = None
        self.unkept_reason = ""  # why it could not be kept (a read-only folder, a lock)
        self.exports: list[Path] = []

    # --- small helpers -------------------------------------------------------------------
    @property
    def lang(self) -> str:
        return self.settings.language

    def tr(self, key: str, **values) -> str:
        return t(key, self.lang, **values)

    @property
    def main(self) -> MainScreen:
        return self._main

    def get_driver_class(self):
        """Textual's driver; on Linux and macOS one whose input reader survives bytes that are
        not UTF-8 and pastes that hold escape sequences (see assistant.tui.input_driver)."""
        driver = super().get_driver_class()
        if driver.__name__ == "LinuxDriver":  # the import needs termios: not on Windows
            from assistant.tui.input_driver import SafeInputDriver

            return SafeInputDriver
        return driver

    def get_line_filters(self) -> list[LineFilter]:
        """Textual's filters, with NO_COLOR's filter for the theme now shown. Textual picks it
        once, for the theme at start: Monochrome then stayed on for an ansi theme chosen later,
        and it turns the terminal's own colours (no RGB to grey) all into black, so text was
        black on black. An ansi theme gets NoColor (the terminal's default colours), the others
        Monochrome (grey levels)."""
        filters = list(super().get_line_filters())
        if self.no_color:
            wanted = _NO_COLOR_FILTER if self.native_ansi_color else _MONOCHROME_FILTER
            filters = [wanted if isinstance(f, (NoColor, Monochrome)) else f for f in filters]
        return filters

    def get_default_screen(self) -> Screen:
        self._main = screen_for(self.lang)
        return self._main

    def report(self, exc: BaseException, key: str = "error.generic", **values) -> None:
        """Log `exc` with its traceback and show a notification with a way forward."""
        log.error("%s", exc, exc_info=exc)
        message = error_message(exc, self.lang)
        if isinstance(exc, BilingualError) and exc.path is not None and "path" in values:
            values["path"] = exc.path  # the file or folder the problem is about, not the one expected
        # the messages end their sentence where {error} ends: "… aangemaakt: Not a directory.."
        text = self.tr(key, error=message.rstrip().removesuffix("."), log=self.settings.log_path, **values)
        self.notify(text, severity="error", timeout=10, markup=False)

    def report_from_thread(self, exc: BaseException, key: str = "error.generic", **values) -> None:
        self.call_from_thread(self.report, exc, key, **values)

    def _set_title(self) -> None:
        name = self.session.name if self.session else self.tr("app.no_project")
        self.title = f"Stappenplan · {name}"
        self.sub_title = ""

    # --- start -----------------------------------------------------------------------
    def on_mount(self) -> None:
        # thread workers run in the loop's default pool, six threads on two cores: six of them
        # waiting for `_busy` left none for the screen's own work, and the app froze (digits typed
        # quickly into the steps list; ctrl+q no longer answered)
        asyncio.get_running_loop().set_default_executor(
            ThreadPoolExecutor(max_workers=WORKER_THREADS, thread_name_prefix="stappenplan"))
        theme = load_prefs(self.settings).get("theme") or self.settings.theme
        if theme in self.available_themes:
            self.theme = theme
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self._set_title()
        if not self.is_headless and _terminal_attached():
            self.set_interval(TERMINAL_CHECK_SECONDS, self._quit_if_terminal_gone)
            self._stop_on_signals()
        self.set_interval(OTHER_WINDOWS_SECONDS, self._look_for_changes_elsewhere)
        # The main screen composes after this; everything else waits for the first frame.
        self.call_after_refresh(self._first_frame_drawn)

    def _first_frame_drawn(self) -> None:
        gc.enable()  # `stappenplan` keeps the collector off until now (see assistant.cli.tui)
        if self._first_frame_exit:
            self.exit()
        else:
            self._startup()

    def _use_remembered_language(self) -> None:
        language = remembered_language(self.settings)
        if language is not None and language != self.settings.language:
            if isinstance(self.settings, StartSettings):
                self.settings.prefer_language(language)
            else:
                self.settings.language = language

    def _remember_theme(self, theme) -> None:
        # chosen in the palette: the next start opens with it
        if load_prefs(self.settings).get("theme") != theme.name:
            remember(self.settings, "theme", theme.name)

    def _startup(self) -> None:
        if not self._validate_settings():
            return
        self.main.fit_width(self.size.width)
        self.main.show_steps(self._placeholder_steps())
        self.knowledge.start(self)
        self._open_workspace()
        if self._start_screen == "learn":
            self.action_learn(self._start_lesson)

    def _validate_settings(self) -> bool:
        """The full settings, now that the first frame is drawn. A value they refuse closes the
        app with return code 2; `settings_error` says what is wrong (the CLI prints it)."""
        if isinstance(self.settings, StartSettings):
            try:
                self.settings = self.settings.validated()
            except SettingsError as exc:
                self.settings_error = exc
                self.exit(return_code=2)
                return False
        return True

    def _stop_on_signals(self) -> None:
        """A closed terminal window (SIGHUP) or a kill (SIGTERM) stops the app as ctrl+q does:
        what is typed and not sent is kept. Python's default for both ended the process at once."""
        loop = asyncio.get_running_loop()
        for number in (signal.SIGHUP, signal.SIGTERM):
            try:
                loop.add_signal_handler(number, self._stopped_by_signal, number)
            except (NotImplementedError, RuntimeError, ValueError):  # not the main thread, or no such signal
                log.info("cannot handle signal %s", number)

    def _stopped_by_signal(self, number: int) -> None:
        log.info("signal %s: stopping", number)
        self._keep_draft()
        self.exit()

    def _quit_if_terminal_gone(self) -> None:
        # A closed terminal whose hangup signal never reaches the app (under `make run` make is
        # the session leader and gets it) left Textual's input thread reading end-of-file in a
        # loop: 100% of a core, forever. Every answer is already saved; what is typed and not sent is kept: stop.
        if not _terminal_attached():
            log.info("terminal gone: stopping")
            self._keep_draft()
            self.exit()

    def _open_workspace(self) -> None:
        from assistant.store import ProjectNameNearlyTaken
        from assistant.tui.session import Workspace

        try:
            self.workspace = Workspace(self.settings, store=self._store)
        except Exception as exc:
            self._workspace_error = exc  # said again where projects are asked for (ctrl+n, ctrl+o)
            log.error("%s", exc, exc_info=exc)
            # said in the conversation, where it stays: a toast of ten seconds, and a welcome
            # that offered ctrl+n to make a project, left the user typing into a dead end
            unusable = TurnView("assistant", self.tr("error.store_start", error=escape_markdown(
                error_message(exc, self.lang).rstrip())), kind="error")
            self.call_later(self.main.add_turns, [unusable])
            self.call_later(self.main.show_steps, self._placeholder_steps())
            return
        project = None
        try:
            if self._project_name:
                info, _created = self.workspace.store.open_project(
                    self._project_name, language=self.lang, refuse_similar=not self._new_project)
                project = ProjectView(info.id, info.name)
            else:
                project = self.workspace.last_project()
        except ProjectNameNearlyTaken as exc:  # a typo in --project: no new, empty project beside it
            log.info("%s", exc)
            self.notify(exc.message(self.lang), severity="warning", timeout=30, markup=False)
        except Exception as exc:
            self.report(exc, "error.store", path=self.settings.database_path)
        notice = self.workspace.store.notice
        # a project opened read-only says so in its conversation (Session.start): once is enough
        if notice is not None and (project is None or self.workspace.store.read_only is None):
            self.notify(notice.message(self.lang), severity="warning", timeout=15, markup=False)
        if project is None:
            self._show_welcome()
        else:
            self.open_project(project.id)

    def _show_welcome(self) -> None:
        welcome = TurnView("assistant", self.tr("welcome"), kind="welcome")
        # shown from its start where it is taller than the view (at 40×12 only its last lines showed)
        self.call_later(self.main.add_turns, [welcome], reply=True)
        self.call_later(self.main.show_steps, self._placeholder_steps())

    def _placeholder_steps(self):
        from assistant.tui.session import step_title

        from assistant.tui.views import StepView

        return [StepView(n, step_title(n, self.lang)) for n in range(11)]

    # --- the knowledge base's user (see KnowledgeStart) ------------------------------------
    @property
    def workspace_error(self) -> BaseException | None:
        return self._workspace_error

    def use_knowledge(self, kb: KnowledgeBase | None, answerer: Answerer | None) -> None:
        if self.session is not None:
            self.session.set_knowledge(kb=kb, answerer=answerer)

    def index_failed(self, exc: BaseException) -> None:
        if self.session is not None:
            self.session.index_error = exc

    # --- projects --------------------------------------------------------------------
    def open_project(self, project_id: int) -> None:
        if self.workspace is None:
            return
        if self.session is not None and self.session.project.id != project_id:
            # half an answer to this project must not be sent to the next one: it waits here
            self._keep_draft()
            self.main.prompt.clear_input()
        try:
            self.session = self.workspace.open(project_id, kb=self.knowledge.kb, answerer=self.knowledge.answerer)
            self.session.index_error = self.knowledge.index_error
        except Exception as exc:
            self.report(exc, "error.store", path=self.settings.database_path)
            return
        if self.workspace.store.read_only is None:
            remember(self.settings, "project", str(project_id))  # the next start opens it
        self._set_title()
        self._start_session(self.session)

    # its own group: exclusive in "engine", it cancelled inputs and jumps not yet begun, whose
    # turns then never came (they are dropped in their turn instead: take_input, _jump)
    @work(thread=True, exclusive=True, group="start", exit_on_error=False)
    def _start_session(self, session: Session) -> None:
        if not self.knowledge.settled.is_set():  # the step opens with a quote from the guidance
            self.call_from_thread(self.main.status.set_text, self.tr("status.waiting_for_index"))
            self.knowledge.wait()
            if self._cancel.is_set():
                return
        try:
            reply = session.start()
        except Exception as exc:
            self.report_from_thread(exc)
            return
        self.call_from_thread(self._show_session, session, reply)

    async def _show_session(self, session: Session, reply: Reply) -> None:
        if session is not self.session:
            return
        # its steps and record at once: reading the conversation so far is the slow part (1.6 s
        # for 20 turns on a loaded machine), and meanwhile the project before stood beside it
        if reply.steps is not None:
            self.main.show_steps(reply.steps)
        if reply.record is not None:
            self.main.show_record(reply.record)
        await self.main.conversation.clear_turns()
        # the conversation so far above, and the opening words shown from their start: the user
        # reads where they left off, not the first turn of the project
        await self.main.add_turns(reply.history, earlier=True)
        if session is not self.session:  # another opened as this one was shown: that one's turn now
            return
        self._shown_session = session
        await self.apply_reply(reply, panels_shown=True)
        self._schedule_draft_save()  # typed while the project opened

    def shows(self, session: Session | None) -> bool:
        """Whether the conversation on screen is `session`'s (None: the questions asked without a
        project), or is about to be (opened, its turns still being read)."""
        return session is self.session

    async def show_reply(self, reply: Reply, session: Session | None) -> None:
        """What one step of `session`'s conversation produced, shown while that conversation is
        the one on screen. Once another project is open it is not (it put one project's answer,
        and the question asked again after it, in another's conversation): the reply is stored
        with its own project and is there when that opens again; only text typed for it and not
        kept goes under ↑, said so."""
        if self.shows(session):
            await self.apply_reply(reply)
        elif reply.unsaved_input:
            self.main.prompt.remember_unsent(reply.unsaved_input)
            self.notify(self.tr("input_set_aside"), markup=False)

    async def apply_reply(self, reply: Reply, *, panels_shown: bool = False) -> None:
        """Show what one step of the conversation produced; `panels_shown`: its steps and record
        are on screen already (_show_session shows them before the conversation so far)."""
        if reply.turns:
            await self.main.add_turns(reply.turns, reply=True)
            self.knowledge.note_meaning()
        if reply.steps is not None:
            self._steps = reply.steps
            if not panels_shown:
                self.main.show_steps(reply.steps)
            self._show_question(reply.question, choosing=reply.choosing, adding=reply.adding)
            self._asked = (self.session.project.id, reply.question_key) if self.session and reply.question_key else None
        if reply.record is not None:
            self._record = reply.record
            if not panels_shown:
                self.main.show_record(reply.record)
        if reply.notice:
            self.notify(reply.notice, markup=False)
        if reply.unsaved_input and not self.main.prompt.text:
            self.main.prompt.load_text(reply.unsaved_input)
            if reply.unsaved_input.lstrip().startswith("/"):
                # a refused command comes back selected: the next one typed replaces it ("/verwijder
                # 2/wijzig 1 …" ran the refused one again), a key that moves (end, an arrow) keeps it to mend
                self.main.prompt.select_all()
            else:
                self.main.prompt.move_cursor(self.main.prompt.document.end)
        if reply.draft_elsewhere and self.session is not None:
            self.main.prompt.remember_unsent(reply.draft_elsewhere)
            self.notify(self.tr("draft_elsewhere", question=reply.draft_for or "?"), markup=False, timeout=12)
        if reply.draft and self.session is not None:
            if self.main.prompt.text.strip():
                # typed while the project opened: that stays, and is kept as typing goes on (it
                # waited, unsaved, behind the draft, and was lost at ctrl+q); the draft goes under ↑
                self.main.prompt.remember_unsent(reply.draft)
                self.notify(self.tr("draft_under_up"), markup=False, timeout=12)
            else:
                self.main.prompt.load_text(reply.draft)
                self.main.prompt.move_cursor(self.main.prompt.document.end)
                self.notify(self.tr("draft_restored"), markup=False)
        if reply.unanswered and self.session is not None:
            first, *rest = reply.unanswered
            if self.main.prompt.text.strip():  # the draft, or typed while the project opened
                self.main.prompt.remember_unsent(first)
                said = self.tr("unanswered_under_up")
            else:
                self.main.prompt.load_text(first)
                self.main.prompt.move_cursor(self.main.prompt.document.end)
                said = self.tr("unanswered_restored")
            for text in rest:  # the first into the input, the rest under ↑ in their order, named
                self.main.prompt.remember_unsent(text)
            if rest:
                said += " " + self.tr("unanswered_more", texts=" · ".join(f"“{short(text, 60)}”" for text in rest))
            self.notify(said, markup=False, timeout=12 + 4 * len(rest))
        if self._asked is not None and reply.steps is not None:
            # back at the question text was typed for (a click on step 3, then on step 0 again):
            # it is in the input again, not only under ↑
            self.main.prompt.bring_back(self._asked)
        if reply.quit:
            self.exit()

    def _say_no_workspace(self) -> None:
        """Why there are no projects to open or make: the reason the store could not open (it
        opens as the first frame is drawn, so there is one once a key can reach this)."""
        if self._workspace_error is not None:
            self.report(self._workspace_error, "error.store", path=self.settings.database_path)

    def action_projects(self) -> None:
        from assistant.tui.screens.projects import ProjectsScreen

        if self.workspace is None:
            self._say_no_workspace()
            return

        def chosen(project_id: int | None) -> None:
            if project_id is not None and (self.session is None or self.session.project.id != project_id):
                self.open_project(project_id)
            elif self.session is not None:
                # the open project chosen again stays as it is (opened anew, it said that text
                # typed earlier was under ↑ beside the same text in the input); it, or the one
                # chosen, may have been renamed or deleted on the projects screen
                try:
                    info = self.workspace.store.get_project(self.session.project.id)
                    self.session.project = info
                    self._set_title()
                except Exception:
                    self.session = None
                    self.main.prompt.set_aside()
                    self._set_title()
                    self._show_welcome_again()

        open_project = self.session.project.id if self.session is not None else None
        self.push_screen(ProjectsScreen(self.workspace, self.lang, open_project), chosen)

    def _show_question(self, label: str | None, *, choosing: bool = False, adding: bool = False) -> None:
        """The input's placeholder names the question an answer goes to (or none is open), or
        asks for 1 or 2 while the last input could be either, or for a list's next line."""
        self.main.empty_moves_on = adding and label is not None
        self.main.prompt.placeholder = (self.tr("prompt.placeholder_choice") if choosing
                                        else self.tr("prompt.placeholder_more", question=label) if adding and label
                                        else self.tr("prompt.placeholder_question", question=label) if label
                                        else self.tr("prompt.placeholder"))

    def on_projects_screen_open_project_deleted(self, _event: ProjectsScreen.OpenProjectDeleted) -> None:
        """The open project deleted on the projects screen: closed at once, the welcome behind.
        What was typed for it leaves the input for its history (↑): it stayed, and the next
        project opened took it as the answer to its own question."""
        self.session = None
        self.main.prompt.set_aside()
        self._set_title()
        self._show_welcome_again()

    def _show_welcome_again(self) -> None:
        async def reset() -> None:
            await self.main.conversation.clear_turns()
            self._steps = self._record = None
            self._show_welcome()
            self.main.show_record(None)
            self._show_question(None)

        self.call_later(reset)

    def action_new_project(self) -> None:
        from assistant.tui.screens.dialogs import NameDialog

        if self.workspace is None and self._workspace_error is not None:
            # the dialog opens with the reason, and what is typed next goes into it: a name typed
            # after a toast went to the conversation as a message
            log.info("new project without a projects database: %s", self._workspace_error)
            problem = self.tr("projects.cannot_create", error=error_message(self._workspace_error, self.lang).rstrip())
            self.push_screen(NameDialog(self.tr("projects.new"), self.lang, problem=problem,
                                        check=lambda _name: problem), lambda _result: None)
            return
        if self.workspace is None:
            return

        def created(result: tuple[str, str] | None) -> None:
            if not result:
                return
            try:
                p = self.workspace.create(*result)
            except Exception as exc:
                self.report(exc)
                return
            self.notify(self.tr("projects.created", name=p.name), markup=False)
            self.open_project(p.id)

        self.push_screen(NameDialog(self.tr("projects.new"), self.lang, check=self.workspace.name_problem), created)

    def action_learn(self, step: int | None = None) -> None:
        """The lessons on the ten steps, without a project; progress is kept in the store."""
        from assistant.learn.lessons import load_course
        from assistant.learn.progress import Progress
        from assistant.tui.screens.learn import LearnScreen

        if self.workspace is None:
            self._say_no_workspace()
            return
        try:
            course = load_course(self.lang)
        except Exception as exc:
            self.report(exc)
            return
        self.push_screen(LearnScreen(course, Progress(self.workspace.store, self.learner), self.lang, step=step))

    def action_glossary(self) -> None:
        from assistant.plan.glossary import load_glossary
        from assistant.tui.screens.glossary import GlossaryScreen

        self.push_screen(GlossaryScreen(load_glossary(), self.lang))

    def action_example(self) -> None:
        """A copy of the complete example project, opened to explore and change freely."""
        from assistant.learn.example_project import copy_example

        if self.workspace is None:
            self._say_no_workspace()
            return
        try:
            info = copy_example(self.workspace.store, self.lang)
        except Exception as exc:
            self.report(exc, "error.store", path=self.settings.database_path)
            return
        self.notify(self.tr("example.opened", name=info.name), timeout=10, markup=False)
        self.open_project(info.id)

    def action_answer_terms(self) -> None:
        """The glossary cards of the terms in the latest reply of the assistant."""
        from assistant.plan.glossary import load_glossary
        from assistant.tui.screens.glossary import GlossaryScreen

        glossary = load_glossary()
        terms = glossary.dutch_terms_for(" ".join(
            part for turn in latest_reply(self.main.conversation.turns)
            for part in (turn.text, *(source.quote for source in turn.sources))))
        if not terms:
            self.notify(self.tr("glossary.no_terms"), severity="warning", markup=False)
            return
        self.push_screen(GlossaryScreen(glossary, self.lang, only=terms,
                                        title=lambda lang: t("glossary.answer_title", lang)))

    def action_procedures(self) -> None:
        from assistant.learn.procedures import load_comparison
        from assistant.tui.screens.procedures import ProceduresScreen

        self.push_screen(ProceduresScreen(load_comparison(), self.lang))

    # --- input (the main screen's input worker calls these) -----------------------------
    @property
    def busy(self) -> threading.Lock:
        """Held while an input is handled: one at a time, and the app waits for it on closing."""
        return self._busy

    def queue_input(self, text: str) -> int:
        """On the event loop, as it is sent: the input's turn (inputs and jumps are handled in
        the order they came)."""
        turn = self._order.take()
        with self._queued_lock:
            self._inputs[turn] = (text, self.session)
        return turn

    def keep_sent(self, turn: int) -> None:
        """From its worker, before its turn: the input sent as `turn` kept on disk with the
        project it was typed in, until it is handled (each, while those before it are answered)."""
        with self._queued_lock:
            text, session = self._inputs.get(turn, ("", None))
        if session is None or not text.strip():
            return
        with self._draft_lock:  # the database is closed only after it (finish_user_work)
            if not self._cancel.is_set():
                session.keep_sent(text, turn)

    def input_turn(self, turn: int) -> AbstractContextManager[None]:
        """The input's turn, then the conversation's lock (a context manager, for its worker)."""
        return self._order.held(turn)

    def take_input(self, turn: int) -> tuple[str, Session | None] | None:
        """In its turn: the input sent as `turn` and the session it was typed in, or None (the app
        closed before its turn: it is handled as the database closes; or typed in a project no
        longer open: put back in the input's history, and said)."""
        with self._queued_lock:
            if self._cancel.is_set():  # the app closed first: it is stored as the database closes
                return None
            text, session = self._inputs.pop(turn, (None, None))
        if text is not None and session is not self.session:
            if session is not None:
                session.sent_handled(turn)  # given back here
            self.call_from_thread(self.main.prompt.remember_unsent, text)
            self.call_from_thread(self.notify, self.tr("input_set_aside"), markup=False)
            return None
        return None if text is None else (text, session)

    @property
    def closing(self) -> bool:
        return self._cancel.is_set()

    def wait_for_knowledge(self) -> None:
        """From a worker: wait for the index on first start (the status line says so)."""
        if not self.knowledge.settled.is_set():
            self.call_from_thread(self.main.status.set_text, self.tr("status.waiting_for_index"))
            self.knowledge.wait()

    def answer_input(self, text: str, session: Session | None, *, on_token: TokenSink, cancel: CancelFlag) -> Reply:
        """One typed input (blocking): the conversation of the project it was typed in
        (`session`) decides what it is, also where another has been opened since; without a
        project it is a question to the guidance or a command that needs none."""
        from assistant.tui.session import answer_without_project

        if session is not None:
            return session.handle(text, on_token=on_token, cancel=cancel)
        return Reply(turns=[answer_without_project(self.knowledge.answerer, text, self.lang, kb=self.knowledge.kb,
                                                   on_token=on_token,
                                                   cancel=cancel,
                                                   index_error=self.knowledge.index_error,
                                                   said=self._said_without_project)])

    # --- steps -----------------------------------------------------------------------
    @on(StepsPanel.JumpRequested)
    def _jump_requested(self, event: StepsPanel.JumpRequested) -> None:
        # a step chosen by mouse or key: what is typed next is the answer to its question, so
        # the cursor goes back to the input (a digit typed in the list would jump again)
        self.main.prompt.focus()
        self.jump(event.step, chosen_elsewhere=True)

    @on(RecordPanel.QuestionChosen)
    def _question_chosen(self, event: RecordPanel.QuestionChosen) -> None:
        self.main.prompt.focus()  # what is typed next answers it
        self.jump(event.step, event.question, chosen_elsewhere=True)

    def jump(self, step: int, question: int | None = None, *, chosen_elsewhere: bool = False) -> None:
        """Go to `step` (and its `question`); text typed and not sent is set aside first, or with
        `chosen_elsewhere` (the steps list, the record) what was typed before the keys left."""
        if not 0 <= step <= 10:
            return
        if self.session is None:
            self.notify(self.tr("error.no_project"), severity="warning", markup=False)
            return
        moves = step != self.session.current_step or question is not None
        if moves and self.main.prompt.set_aside(since_left=chosen_elsewhere, question=self._asked):
            # text typed for this question, sent after a click on another step or question, was
            # stored as that one's answer: it waits in the history instead
            self.notify(self.tr("input_set_aside"), markup=False)
        elif not moves and self.main.prompt.text.strip():
            # the step it is on opens at the question it waits for, which need not be the one
            # asked now (reopened from the record): that is known once it shows (_show_jump)
            self._typed_before_jump = (self._asked, chosen_elsewhere)
        with self._queued_lock:
            last = self._order.last_given
            if last in self._jumps:  # the work asked for last is a jump still waiting: it goes here
                self._jumps[last] = (step, question, self.session)
                return
            turn = self._order.take()
            self._jumps[turn] = (step, question, self.session)
        self._jump(turn)

    @work(thread=True, group="engine", exit_on_error=False)
    def _jump(self, turn: int) -> None:
        with self._order.held(turn):
            try:
                with self._queued_lock:
                    target = self._jumps.get(turn)
                if target is None or target[2] is not self.session:  # another project opened since
                    return
                session = target[2]
                try:
                    reply = session.jump(target[0], target[1])
                except Exception as exc:
                    self.report_from_thread(exc)
                    return
            finally:
                with self._queued_lock:
                    self._jumps.pop(turn, None)
            self.call_from_thread(self._show_jump, reply, session)

    async def _show_jump(self, reply: Reply, session: Session) -> None:
        typed_before, self._typed_before_jump = self._typed_before_jump, None
        await self.show_reply(reply, session)
        if typed_before is None or not self.shows(session):
            return
        asked, chosen_elsewhere = typed_before
        if asked != self._asked and self.main.prompt.set_aside(since_left=chosen_elsewhere, question=asked):
            # the step reopened at another question than the one it was typed for: Enter stored it there
            self.notify(self.tr("input_set_aside"), markup=False)
            self.main.prompt.bring_back(self._asked)

    def action_step(self, delta: int) -> None:
        # from the step a jump still on its way goes to: alt+down pressed four times went one step
        current = self.session.current_step if self.session else 0
        with self._queued_lock:
            if self._jumps:  # the last jump asked for (its turn the latest) goes there
                current = self._jumps[max(self._jumps)][0]
        self.jump(min(10, max(0, current + delta)))

    # --- another window ---------------------------------------------------------------
    def _look_for_changes_elsewhere(self) -> None:
        if self.session is not None and self._shown_session is self.session and not self.closing:
            self._changes_elsewhere(self.session)

    @work(thread=True, group="elsewhere", exclusive=True, exit_on_error=False)
    def _changes_elsewhere(self, session) -> None:
        if not self._busy.acquire(blocking=False):
            return  # an input is being handled: it reads the stored record itself
        try:
            if session is not self.session:
                return
            if session.renamed_elsewhere():
                self.call_from_thread(self._set_title)
            reply = session.changed_elsewhere()
        except BilingualError:  # the database busy or gone a moment: looked at again on the next tick
            return
        finally:
            self._busy.release()
        if reply is not None:
            self.call_from_thread(self.show_reply, reply, session)

    # --- export ----------------------------------------------------------------------
    def action_export(self, fmt: str = "md") -> None:
        if self.session is None:
            self.notify(self.tr("export.no_project"), severity="warning", markup=False)
            return
        self._export(fmt, self.session)

    # the project asked for, not the one open when the thread runs (it waits for an answer first)
    @work(thread=True, group="export", exit_on_error=False)
    def _export(self, fmt: str, session: Session) -> None:
        with self._busy:
            try:
                path = Path(session.export(fmt))
            except Exception as exc:
                self.report_from_thread(exc, "export.failed", name=session.name)
                return
        self.exports.append(path)
        # the name and folder broken at their dashes and slashes: wrapped by the toast, at 60
        # columns both broke anywhere ("…-binnenst" / "ad-2026…"), and at 80 the name did
        room = min(TOAST_WIDTH, self.size.width // 2) - TOAST_FRAME
        self.call_from_thread(self.notify, self.tr("export.done", name=broken_at_separators(path.name, room),
                                                   folder=broken_at_separators(str(path.parent), room)),
                              timeout=8, markup=False)
        # a toast goes in seconds and cuts a long path at 80 columns: the conversation keeps it
        # the other formats: "As Word or JSON" followed an export to Word or JSON as well
        others = f" {self.tr('export.or')} ".join(self.tr(f"export.as_{other}") for other in EXPORT_FORMATS if other != fmt)
        said = TurnView("assistant", self.tr("export.done_turn", name=escape_markdown(path.name),
                                             folder=escape_markdown(str(path.parent)), others=others), kind="info")
        self.call_from_thread(self.show_reply, Reply(turns=[said]), session)

    # --- panels, help, language ------------------------------------------------------
    def action_toggle_panel(self, which: str) -> None:
        self.main.toggle_panel(which)

    def action_page_conversation(self, direction: int) -> None:
        self.main.conversation.page(direction)

    def action_toggle_sources(self) -> None:
        """Open or close the sources under the latest answer in view that has them: paged up to
        an earlier answer, its sources (the keys reached only the latest answer's)."""
        panels = self.main.query(SourcesPanel)
        if panels:
            view = self.main.conversation.region
            in_view = [panel for panel in panels
                       if view.contains_region(panel.query_one("CollapsibleTitle").region)]
            panel = in_view[-1] if in_view else panels.last()
            panel.collapsed = not panel.collapsed
            if not panel.collapsed:
                self.call_after_refresh(panel.scroll_visible, animate=False)
        else:  # f4 did nothing, and said nothing
            self.notify(self.tr("sources.none"), markup=False)

    async def action_quit(self) -> None:
        if self.session is not None:
            # keys typed right before ctrl+q may still wait in the input's queue (a burst on a busy
            # machine): the draft is read once the input has taken them (it ended mid-word)
            taken = asyncio.Event()
            self.main.prompt.call_later(taken.set)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(taken.wait(), QUEUED_KEYS_WAIT_S)
        self._keep_draft()
        await super().action_quit()

    def _keep_draft(self) -> None:
        """What is typed and not sent stays with the open project: the next time it opens, it is
        back in the input (without a project there is nothing to keep it with). Where it cannot
        be kept (a read-only data folder, a lock), it is printed when the app has closed
        (`unkept_text`), with why (`unkept_reason`)."""
        if self.session is not None:
            text = self.main.prompt.text
            why = self.session.keep_draft(text, left=True)
            if why is not None and text.strip():
                self.unkept_text = text
                self.unkept_reason = why.message(self.lang)

    @on(TextArea.Changed, "#prompt")
    def _prompt_changed(self, event: TextArea.Changed) -> None:
        self._schedule_draft_save()

    def _schedule_draft_save(self) -> None:
        """Keep what is typed once typing pauses, not only when the app closes as it should."""
        if self.session is None:
            return
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._draft_timer = self.set_timer(DRAFT_SAVE_SECONDS, self._save_draft_soon)

    def _save_draft_soon(self) -> None:
        self._draft_timer = None
        if self.session is None or self.session is not self._shown_session:
            return
        try:
            text = self.main.prompt.text
        except NoMatches:  # the screen is being composed anew (a language switch): once it is back
            self._schedule_draft_save()
            return
        self._save_draft(self.session, text)

    @work(thread=True, exclusive=True, group="draft", exit_on_error=False)
    def _save_draft(self, session: Session, text: str) -> None:
        # a thread: another process holding the database waits here, not in the keys typed;
        # the draft lock: the database is closed only after it (finish_user_work)
        with self._draft_lock:
            if not self._cancel.is_set():
                session.keep_draft(text)

    def action_help_quit(self) -> None:
        """ctrl+c (Textual's binding): it copies in the input, so a reflexive ctrl+c to stop is told
        how, in the interface's language (Textual's own hint is English); and, with a project
        open, that what is typed and not sent is kept too (without one there is nothing to keep it
        with)."""
        body = "quit_hint.body_project" if self.session is not None else "quit_hint.body"
        self.notify(self.tr(body), title=self.tr("quit_hint.title"), markup=False)

    def action_help(self) -> None:
        """The help of the screen in front (its keys): f1 on the lessons showed nothing, and the
        palette's "Hulp" there showed the main screen's."""
        from assistant.tui.screens.dialogs import HelpScreen

        screen = self.screen
        self.push_screen(HelpScreen(self.lang, screen.HELP_KEY if isinstance(screen, OwnKeysScreen) else "help.body"))

    async def action_switch_language(self) -> None:
        self.settings.language = "en" if self.lang == "nl" else "nl"
        remember(self.settings, "language", self.settings.language)  # the next start opens in it
        if self.session is not None:
            self.session.language_changed()
        await self.redraw()
        for screen in self.screen_stack:
            # the screens open over the main one too (the lessons, the glossary, the procedures):
            # they stayed in the old language, and f5 and f8 then opened in different ones
            if isinstance(screen, OwnKeysScreen):
                try:
                    await screen.set_language(self.lang)
                except Exception as exc:  # the switch itself is done: the main screen speaks it
                    self.report(exc)
        if self.session is not None:
            try:
                again = self.session.question_again()
            except Exception as exc:  # the database gone a moment: the switch itself is done
                self.report(exc)
                again = None
            if again is not None:
                await self.main.add_turns([again], reply=True)

    async def redraw(self) -> None:
        """Rebuild the main screen in the current language, keeping what it showed."""
        new = self.main
        turns = new.conversation.turns  # the conversation is composed anew
        # the start screen's welcome is the interface's own text: in the new language, as the
        # menus are (it stayed Dutch until a restart)
        turns = [TurnView("assistant", self.tr("welcome"), kind="welcome") if turn.kind == "welcome"
                 and self.session is None else turn for turn in turns
                 if turn.kind != "streaming"]  # an answer being written shows itself again, whole
        await new.set_language(self.lang)
        await new.add_turns(turns, reply=[turn.kind for turn in turns] == ["welcome"])  # from its start
        if self.session is not None:
            try:
                self._steps = self.session.steps()
                self._record = self.session.record_view()
                self._show_question(self.session.question_label(), choosing=self.session.choosing(),
                                    adding=self.session.adding_lines())
            except Exception as exc:
                self.report(exc)
        new.show_steps(self._steps or self._placeholder_steps())
        new.show_record(self._record)
        self._set_title()
        self.knowledge.show_mode()

    def save_screen(self) -> Path | None:
        """Save the screen as SVG under the data dir, and say where (or why not)."""
        folder = screenshot_dir(self.settings)
        try:
            private_folder(folder)
            name = f"stappenplan-{datetime.now():%Y%m%d-%H%M%S-%f}.svg"
            path = Path(self.save_screenshot(name, str(folder)))
        except OSError as exc:
            self.report(exc, "screenshot.failed", folder=folder)
            return None
        self.notify(self.tr("screenshot.saved", path=path), timeout=10, markup=False)
        return path

    def action_settings(self) -> None:
        """The settings in use and how to change them, as a turn of the interface's own."""
        if isinstance(self.settings, StartSettings):
            return  # not validated yet: the app is still starting
        from assistant.tui.settings_view import settings_turn  # the settings' model: after the first frame

        kb = self.knowledge.kb
        self.show_turn(settings_turn(self.settings, dense_ready=kb is not None and kb.meaning_works,
                                     dense_problem=kb.dense_error_in(self.lang) if kb is not None else None,
                                     lang=self.lang))

    def show_turn(self, turn: TurnView) -> None:
        """Show a turn of the interface's own (a glossary card) in the conversation; the
        project's conversation in the store is not changed."""
        self.call_later(self.main.add_turns, [turn], reply=True)

    async def show_term(self, name: str, over: Screen) -> None:
        """The glossary's card for `name`: in the conversation when chosen over the main screen,
        else in the glossary, at that term (the glossary in front shows it itself)."""
        from assistant.plan.glossary import load_glossary
        from assistant.tui.screens.glossary import GlossaryScreen
        from assistant.tui.session import glossary_card

        term = load_glossary().lookup(name, self.lang)
        if over is self.main or term is None:
            self.show_turn(glossary_card(name, self.lang))
        elif isinstance(over, GlossaryScreen):
            await over.open_term(term.key)
        else:
            self.push_screen(GlossaryScreen(load_glossary(), self.lang, at=term.key))

    # --- command palette -------------------------------------------------------------
    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        from assistant.tui.session import glossary_titles, step_title

        tr = self.tr
        yield SystemCommand(tr("cmd.new_project"), tr("cmd.new_project.help"), self.action_new_project)
        yield SystemCommand(tr("cmd.open_project"), tr("cmd.open_project.help"), self.action_projects)
        yield SystemCommand(tr("cmd.learn"), tr("cmd.learn.help"), self.action_learn)
        yield SystemCommand(tr("cmd.glossary"), tr("cmd.glossary.help"), self.action_glossary)
        yield SystemCommand(tr("cmd.answer_terms"), tr("cmd.answer_terms.help"), self.action_answer_terms)
        yield SystemCommand(tr("cmd.procedures"), tr("cmd.procedures.help"), self.action_procedures)
        yield SystemCommand(tr("cmd.example"), tr("cmd.example.help"), self.action_example)
        for n in range(11):
            yield SystemCommand(
                tr("cmd.jump", n=n, title=step_title(n, self.lang)), tr("cmd.jump.help"),
                lambda n=n: self.jump(n), discover=n == 0,
            )
        for fmt in EXPORT_FORMATS:
            yield SystemCommand(tr("cmd.export", fmt=fmt.upper() if fmt != "md" else "Markdown"),
                                tr("cmd.export.help"), lambda fmt=fmt: self.action_export(fmt))
        yield SystemCommand(tr("cmd.toggle_steps"), tr("cmd.toggle.help"),
                            lambda: self.action_toggle_panel("steps"))
        yield SystemCommand(tr("cmd.toggle_record"), tr("cmd.toggle.help"),
                            lambda: self.action_toggle_panel("record"))
        yield SystemCommand(tr("cmd.sources"), tr("cmd.sources.help"), self.action_toggle_sources)
        yield SystemCommand(tr("cmd.language"), tr("cmd.language.help"), self.action_switch_language)
        yield SystemCommand(tr("cmd.settings"), tr("cmd.settings.help"), self.action_settings)
        yield SystemCommand(tr("cmd.help"), tr("cmd.help.help"), self.action_help)
        # over the main screen a card shows in the conversation; over another (the lessons) it was
        # put in the conversation behind it, out of sight: there the glossary opens at the term
        term_help = tr("cmd.term.help" if screen is self.main else "cmd.term.help_glossary")
        for title, name in glossary_titles(self.lang):
            yield SystemCommand(tr("cmd.term", name=title), term_help,
                                lambda name=name: self.show_term(name, screen), discover=False)
        for command in super().get_system_commands(screen):
            # Textual's own (quit, keys, screenshot …) in the interface's language too
            key = f"cmd.system.{command.title}"
            if command.title == "Screenshot":  # Textual's saves to a Downloads folder that may not exist
                command = command._replace(callback=lambda: self.set_timer(0.1, self.save_screen))
            if has_label(key):
                command = command._replace(title=tr(key), help=tr(f"{key}.help"))
            yield command

    def action_command_palette(self) -> None:
        """Textual's palette, with its prompt in the interface's language."""
        from assistant.tui.screens.palette import LocalCommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(LocalCommandPalette(id="--command-palette", placeholder=self.tr("palette.placeholder"),
                                                 no_matches=self.tr("palette.no_matches")))

    def search_themes(self) -> None:
        """Textual's theme list ("Thema"), with its prompt in the interface's language and a
        line on each theme that follows the terminal's colours."""
        from assistant.tui.screens.palette import LocalCommandPalette, ThemeChoices

        self.push_screen(LocalCommandPalette(providers=[ThemeChoices], placeholder=self.tr("palette.themes"),
                                             no_matches=self.tr("palette.no_matches")))

    def action_cancel_answer(self) -> None:
        """Escape while an answer is being written: the model stops; what came is kept, marked
        as cut short."""
        if self.main.stop_answer():
            self.main.status.set_text(self.tr("status.cancelling"))
        elif self.screen.query("HelpPanel"):
            # the palette's "Keys" panel stays until the palette closes it again; escape closes it,
            # as it closes a dialog (at 100 columns it squeezed the conversation to a few letters)
            self.action_hide_help_panel()

    def on_unmount(self) -> None:
        self._cancel.set()
        self._order.release_all()  # turns still waiting go on, and see the app closing
        self.main.stop_answer()  # a model still writing stops too

    def finish_user_work(self, timeout: float = 15.0) -> bool:
        """Wait (after the app has closed) for an input still being handled to be saved, then
        close the project database: its last answers move from the write-ahead log into the
        database file (a copy of that file alone, as a backup, lacked them)."""
        if not self._busy.acquire(timeout=timeout):
            return False
        try:
            self._handle_inputs_left()
            if not self._draft_lock.acquire(timeout=timeout):
                return False
            try:
                if self.workspace is not None:
                    self.workspace.store.close()
            finally:
                self._draft_lock.release()
        finally:
            self._busy.release()
        return True


    def _handle_inputs_left(self) -> None:
        """Inputs sent whose worker never ran (ctrl+q right after Enter): stored now, in their
        order, before the database closes (the answer was lost, or came back as a draft). A
        question among them is not answered: nobody is there to read it."""
        stop = threading.Event()
        stop.set()
        with self._queued_lock:
            left = sorted(self._inputs.items())
            self._inputs.clear()
        for turn, (text, session) in left:
            if session is None or session is not self.session:
                continue
            try:
                session.handle(text, on_token=None, cancel=stop)
            except Exception:  # noqa: BLE001 - closing: the rest are still tried
                log.exception("an input left at closing could not be handled")
            else:
                session.sent_handled(turn)


def broken_at_separators(text: str, width: int) -> str:
    """`text` (a file's name, a folder) in lines of at most `width`, each broken after a "-",
    "_", ".", "/", "\\" or a space where one allows it; a part longer than a line is cut."""
    lines: list[str] = []
    line = ""
    for part in re.findall(r"[^-_./\\ ]*[-_./\\ ]|[^-_./\\ ]+$", text):
        if line and len(line) + len(part) > width:
            lines.append(line)
            line = ""
        line += part
        while len(line) > width:
            lines.append(line[:width])
            line = line[width:]
    return "\n".join([*lines, line] if line else lines)

