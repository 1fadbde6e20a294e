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

The app keeps what is app-wide (settings, theme, language, title, signals, the palette, help,
quit, the other screens); the work on the open project is the main screen's (project_work),
and the knowledge base's start in the background is knowledge_start's.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import os
import signal
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.filter import LineFilter, Monochrome, NoColor
from textual.notifications import Notification, Notify
from textual.screen import Screen

from assistant.core.errors import BilingualError, error_message
from assistant.core.settings_file import SettingsError, StartSettings, relative_home, stappenplan_home
from assistant.tui.i18n import has_label, t
from assistant.tui.knowledge_start import KnowledgeStart
from assistant.core.private import private_folder
from assistant.core.prefs import language_named, load_prefs, remember, remembered_language
from assistant.tui.prefs import screenshot_dir
from assistant.tui.screens.keys import OwnKeysScreen, palette_binding
from assistant.tui.screens.main import MainScreen
from assistant.tui.project_exports import EXPORT_FORMATS
from assistant.tui.project_work import ProjectWork
from assistant.tui.views import ProjectView, TurnView

if TYPE_CHECKING:  # the domain is imported after the first frame (see the module's docstring)
    from assistant.tui.screens.projects import ProjectsScreen
    from assistant.answer import Answerer
    from assistant.core.settings import Settings
    from assistant.knowledge.base import KnowledgeBase
    from assistant.store import Store

log = logging.getLogger("assistant.tui")


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
        Binding("ctrl+e", "export", label("key.export"), priority=True),
        Binding("ctrl+n", "app.new_project", label("key.new"), priority=True),
        Binding("ctrl+o", "app.projects", label("key.projects"), priority=True),
        # kept in the footer after help, quit and the panels (screens/main.py, _keys_needed)
        Binding("ctrl+l", "app.learn", label("key.learn"), priority=True),
        Binding("f5", "app.answer_terms", label("key.terms"), show=False, priority=True),  # f6/f7 select in the prompt
        Binding("f1", "app.help", label("key.help"), priority=True),
        Binding("f2", "toggle_panel('steps')", label("key.steps"), priority=True),
        Binding("f3", "toggle_panel('record')", label("key.record"), priority=True),
        Binding("f4", "toggle_sources", label("key.sources"), show=not narrow, priority=True),
        Binding("ctrl+q", "app.quit", label("key.quit"), priority=True),
        palette_binding(lang),
        Binding("escape", "cancel_answer", t("key.cancel_answer", lang), show=False),  # the status line says so
        Binding("alt+up", "step(-1)", t("key.prev_step", lang), show=False, priority=True),
        Binding("alt+down", "step(1)", t("key.next_step", lang), show=False, priority=True),
        # the conversation pages while the cursor stays in the input: a long reply is shown from
        # its start, and the question it ends with is a page down
        Binding("pageup", "page_conversation(-1)", t("key.page_up", lang), show=False, priority=True),
        Binding("pagedown", "page_conversation(1)", t("key.page_down", lang), show=False, priority=True),
    ]


def screen_for(lang: str, work: ProjectWork) -> MainScreen:
    """A main screen whose footer speaks `lang`, doing `work`."""
    return MainScreen(lang, main_bindings, work)


#: How often the app checks that its terminal is still there.
TERMINAL_CHECK_SECONDS = 2.0
#: How often the open project is looked at for changes made in another window or by an import.
OTHER_WINDOWS_SECONDS = 3.0
#: Threads for the app's thread workers (each input, jump, export, draft, the index build, the
#: model load): enough that those waiting for one another never leave the screen's work none.
WORKER_THREADS = 32
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
        self._first_frame_exit = first_frame_exit
        self._start_screen = start  # "learn": open on the learning screen (`stappenplan learn`)
        self._start_lesson = lesson  # `learn --lesson N`: the lesson it opens on
        self.learner = learner  # `learn --learner NAME`: whose progress the lessons keep (None: the login name)
        self._lesson_left: int | None = None  # a lesson left halfway: the lessons open on it again
        # one per run: the answers a read-only store refused live in it, and a fresh one per
        # visit to the lessons forgot them
        self._progress = None
        self._cancel = threading.Event()  # set when the app closes
        #: the knowledge base, started in the background once the first frame is drawn
        self.knowledge = KnowledgeStart(self, self._cancel, kb=kb, answerer_factory=answerer_factory,
                                        build_index=build_index, load_model=load_model)
        #: the main screen's work on the open project (the screen runs its workers): made here, so
        #: that what it leaves to do as the app closes is there also where the app never drew
        self.work = ProjectWork(self, self.knowledge, self._cancel, store=store, project=project,
                                new_project=new_project)

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
        self._main = screen_for(self.lang, self.work)
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

    def notify_instead(self, earlier: Notification | None, message: str, *, timeout: float) -> Notification:
        """A toast (plain text) in place of `earlier` (one gone already: only the new one), which
        would say what is no longer so beside it."""
        if earlier is not None:
            self._unnotify(earlier)  # Textual's own; forgetting one it no longer holds is allowed
        notification = Notification(message, timeout=timeout, markup=False)
        self.post_message(Notify(notification))
        return notification

    def show_title(self) -> None:
        session = self.work.session
        name = session.name if session else self.tr("app.no_project")
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
        self.show_title()
        if not self.is_headless and _terminal_attached():
            self.set_interval(TERMINAL_CHECK_SECONDS, self._quit_if_terminal_gone)
            self._stop_on_signals()
        self.set_interval(OTHER_WINDOWS_SECONDS, self.work.look_for_changes_elsewhere)
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
        self._say_relative_home()
        self.main.fit_width(self.size.width)
        self.main.show_steps(self.work.placeholder_steps())
        self.knowledge.start(self.work)
        self.work.open_workspace()
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

    def _say_relative_home(self) -> None:
        """Where STAPPENPLAN_HOME is a relative path, which folder it is this time: started from
        another folder, the app opened another, empty one without a word."""
        given = relative_home()
        if given is not None:
            from assistant.core.i18n import catalog

            self.notify(catalog("core.settings").text("relative_home", self.lang, given=given, path=stappenplan_home()),
                        severity="warning", timeout=20, markup=False)

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
        self.work.drafts.keep()
        self.exit()

    def _quit_if_terminal_gone(self) -> None:
        # A closed terminal whose hangup signal never reaches the app (under `make run` make is
        # the session leader and gets it) left Textual's input thread reading end-of-file in a
        # loop: 100% of a core, forever. Every answer is already saved; what is typed and not sent is kept: stop.
        if not _terminal_attached():
            log.info("terminal gone: stopping")
            self.work.drafts.keep()
            self.exit()

    def _say_no_workspace(self) -> None:
        """Why there are no projects to open or make: the reason the store could not open (it
        opens as the first frame is drawn, so there is one once a key can reach this)."""
        error = self.work.workspace_error
        if error is not None:
            self.report(error, "error.store", path=self.settings.database_path)

    def action_projects(self) -> None:
        from assistant.tui.screens.projects import ProjectsScreen

        work = self.work
        if work.workspace is None:
            self._say_no_workspace()
            return

        def chosen(project_id: int | None) -> None:
            if project_id is not None and project_id == screen.created:
                work.open_new_project(project_id)
            elif project_id is not None and (work.session is None or work.session.project.id != project_id):
                work.open_project(project_id)
            elif work.session is not None:
                # the open project chosen again stays as it is (opened anew, it said that text
                # typed earlier was under ↑ beside the same text in the input); it, or the one
                # chosen, may have been renamed or deleted on the projects screen
                try:
                    info = work.workspace.store.get_project(work.session.project.id)
                    work.session.project = info
                    self.show_title()
                except Exception:
                    work.close_project()
            if project_id is not None:
                self._project_to_front(project_id)

        open_project = work.session.project.id if work.session is not None else None
        screen = ProjectsScreen(work.workspace, self.lang, open_project)
        self.push_screen(screen, chosen)

    def on_projects_screen_open_project_deleted(self, _event: ProjectsScreen.OpenProjectDeleted) -> None:
        """The open project deleted on the projects screen: closed at once, the welcome behind.
        What was typed for it leaves the input for its history (↑): it stayed, and the next
        project opened took it as the answer to its own question."""
        self.work.close_project()

    def action_new_project(self) -> None:
        from assistant.tui.screens.dialogs import NameDialog
        from assistant.tui.screens.projects import unless_in_bin

        work = self.work
        if work.workspace is None and work.workspace_error is not None:
            # the dialog opens with the reason, and what is typed next goes into it: a name typed
            # after a toast went to the conversation as a message
            log.info("new project without a projects database: %s", work.workspace_error)
            problem = self.tr("projects.cannot_create", error=error_message(work.workspace_error, self.lang).rstrip())
            self.push_screen(NameDialog(self.tr("projects.new"), self.lang, problem=problem,
                                        check=lambda _name: problem), lambda _result: None)
            return
        if work.workspace is None:
            return

        def created(result: tuple[str, str] | ProjectView | None) -> None:
            if not result:
                return
            if isinstance(result, ProjectView):  # the name was nearly this one's, and it was meant
                work.open_project(result.id)
                self._project_to_front(result.id)
                return
            unless_in_bin(self, work.workspace, self.lang, result[0], lambda: create(*result), restored)

        def create(name: str, organisation: str) -> None:
            try:
                p = work.workspace.create(name, organisation)
            except Exception as exc:
                self.report(exc)
                return
            # no toast: its welcome names the project, and a toast covered the welcome's first lines
            work.open_new_project(p.id)
            self._project_to_front(p.id)

        def restored(project_id: int) -> None:  # the name was a deleted project's, and that one was meant
            work.open_project(project_id)
            self._project_to_front(project_id)

        self.push_screen(NameDialog(self.tr("projects.new"), self.lang, check=work.workspace.name_problem,
                                    similar=work.workspace.similar), created)

    def action_learn(self, step: int | None = None) -> None:
        """The lessons on the ten steps, without a project; progress is kept in the store."""
        from assistant.learn.lessons import load_course
        from assistant.learn.progress import Progress
        from assistant.tui.screens.learn import LearnScreen

        workspace = self.work.workspace
        if workspace is None:
            self._say_no_workspace()
            return
        try:
            course = load_course(self.lang)
        except Exception as exc:
            self.report(exc)
            return
        if step is None:
            # back at the question left to ask one (as F1 says): ctrl+l opened the overview on
            # another lesson, and the half-done one was only a line in the list
            step = self._lesson_left
        if self._progress is None or self._progress.store is not workspace.store:
            self._progress = Progress(workspace.store, self.learner)
        self.push_screen(LearnScreen(course, self._progress, self.lang, step=step),
                         callback=self._left_lessons)

    def _left_lessons(self, step: int | None) -> None:
        self._lesson_left = step

    def action_glossary(self) -> None:
        from assistant.plan.glossary import load_glossary
        from assistant.tui.screens.glossary import GlossaryScreen

        self.push_screen(GlossaryScreen(load_glossary(), self.lang))

    def action_example(self) -> None:
        """A copy of the complete example project, opened to explore and change freely."""
        from assistant.learn.example_project import copy_example

        work = self.work
        if work.workspace is None:
            self._say_no_workspace()
            return
        try:
            info = copy_example(work.workspace.store, self.lang)
        except Exception as exc:
            self.report(exc, "error.store", path=self.settings.database_path)
            return
        self.notify(self.tr("example.opened", name=info.name), timeout=10, markup=False)
        work.open_project(info.id)
        self._project_to_front(info.id)

    def _project_to_front(self, project_id: int) -> None:
        """The main screen in front once a project opens, the screens over it closed: chosen over
        the lessons, the project opened behind them, out of sight until Esc. The lessons close as
        Esc closes them, keeping a lesson left halfway to open on again."""
        from assistant.tui.screens.learn import LearnScreen

        session = self.work.session
        if session is None or session.project.id != project_id:  # it did not open (the error says why)
            return
        while self.screen is not self.main and len(self.screen_stack) > 1:
            if isinstance(self.screen, LearnScreen):
                self.screen.action_close()
            else:
                self.pop_screen()

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

    async def action_quit(self) -> None:
        if self.work.session is not None:
            # keys typed right before ctrl+q may still wait in the input's queue (a burst on a busy
            # machine): the draft is read once the input has taken them (it ended mid-word)
            taken = asyncio.Event()
            self.main.prompt.call_later(taken.set)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(taken.wait(), QUEUED_KEYS_WAIT_S)
        self.work.drafts.keep()
        await super().action_quit()

    def action_help_quit(self) -> None:
        """ctrl+c (Textual's binding): it copies in the input, so a reflexive ctrl+c to stop is told
        how, in the interface's language (Textual's own hint is English); and, with a project
        open, that what is typed and not sent is kept too (without one there is nothing to keep it
        with)."""
        body = "quit_hint.body_project" if self.work.session is not None else "quit_hint.body"
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
        work = self.work
        if work.session is not None:
            work.session.language_changed()
        await work.redraw()
        for screen in self.screen_stack:
            # the screens open over the main one too (the lessons, the glossary, the procedures):
            # they stayed in the old language, and f5 and f8 then opened in different ones
            if isinstance(screen, OwnKeysScreen):
                try:
                    await screen.set_language(self.lang)
                except Exception as exc:  # the switch itself is done: the main screen speaks it
                    self.report(exc)
        if work.session is not None:
            try:
                again = work.session.question_again()
            except Exception as exc:  # the database gone a moment: the switch itself is done
                self.report(exc)
                again = None
            if again is not None:
                await self.main.add_turns([again], reply=True)

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
        from assistant.tui.screens.learn import LearnScreen
        from assistant.tui.session import glossary_titles, step_title

        tr = self.tr
        # each command with the main screen's key for it, where it has one: only "Begrippen … (f5)"
        # said its key, in its text, and ctrl+e, f1, f2 … were learnt from the footer or not at all
        keys = {binding.action.removeprefix("app."): binding.key for binding in main_bindings(self.lang)}

        def keyed(title: str, action: str) -> str:
            return f"{title} ({keys[action]})" if action in keys else title

        yield SystemCommand(keyed(tr("cmd.new_project"), "new_project"), tr("cmd.new_project.help"),
                            self.action_new_project)
        yield SystemCommand(keyed(tr("cmd.open_project"), "projects"), tr("cmd.open_project.help"),
                            self.action_projects)
        yield SystemCommand(keyed(tr("cmd.learn"), "learn"), tr("cmd.learn.help"), self.action_learn)
        yield SystemCommand(tr("cmd.glossary"), tr("cmd.glossary.help"), self.action_glossary)
        yield SystemCommand(keyed(tr("cmd.answer_terms"), "answer_terms"), tr("cmd.answer_terms.help"),
                            self.action_answer_terms)
        yield SystemCommand(tr("cmd.procedures"), tr("cmd.procedures.help"), self.action_procedures)
        yield SystemCommand(tr("cmd.example"), tr("cmd.example.help"), self.action_example)
        if isinstance(screen, LearnScreen):
            # over the lessons "Ga naar stap 6" went to the project behind them (none: "Er is nog
            # geen project"), the lessons unchanged: there it opens the step's lesson, and says
            # so where a project is open too
            lesson_help = tr("cmd.lesson.help_project" if self.work.session is not None else "cmd.lesson.help")
            for n in range(11):
                yield SystemCommand(tr("cmd.lesson", n=n, title=step_title(n, self.lang)), lesson_help,
                                    lambda n=n: screen.open_lesson(n), discover=n == 0)
        else:
            for n in range(11):
                yield SystemCommand(
                    tr("cmd.jump", n=n, title=step_title(n, self.lang)), tr("cmd.jump.help"),
                    lambda n=n: self.work.jump(n), discover=n == 0,
                )
        for fmt in EXPORT_FORMATS:  # the export dialog, with the format chosen
            yield SystemCommand(keyed(tr("cmd.export", fmt=fmt.upper() if fmt != "md" else "Markdown"), "export"),
                                tr("cmd.export.help"), lambda fmt=fmt: self.main.action_export(fmt))
        # what choosing it does now: a hidden panel said "more room for the conversation" too
        for panel in ("steps", "record"):
            shown = self.main.query_one(f"#{panel}").display
            yield SystemCommand(keyed(tr(f"cmd.toggle_{panel}"), f"toggle_panel('{panel}')"),
                                tr("cmd.toggle.help" if shown else "cmd.toggle.help_hidden"),
                                lambda panel=panel: self.main.action_toggle_panel(panel))
        yield SystemCommand(keyed(tr("cmd.sources"), "toggle_sources"), tr("cmd.sources.help"),
                            self.main.action_toggle_sources)
        yield SystemCommand(tr("cmd.language"), tr("cmd.language.help"), self.action_switch_language)
        yield SystemCommand(tr("cmd.settings"), tr("cmd.settings.help"), self.action_settings)
        yield SystemCommand(keyed(tr("cmd.help"), "help"), tr("cmd.help.help"), self.action_help)
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
            if command.callback == self.action_quit:  # ctrl+q, as the footer says
                command = command._replace(title=keyed(command.title, "quit"))
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

    def on_unmount(self) -> None:
        self._cancel.set()
        self.work.app_closed()  # turns still waiting go on, and see the app closing
        self.main.stop_answer()  # a model still writing stops too
