"""The main screen: steps | conversation + input | record, a status line and the footer."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from textual import events, on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingsMap
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Header, TextArea

from assistant.core.numbers import grouped
from assistant.core.prefs import load_prefs, remember
from assistant.core.textsafe import MAX_TEXT_CHARS, clean_text
from assistant.plan.command_syntax import is_quit, parse_command
from assistant.tui.i18n import t
from assistant.tui.prefs import EXPORT_FOLDER_PREF, EXPORT_FORMAT_PREF, export_folder, gone_export_folder
from assistant.tui.project_exports import EXPORT_FORMATS
from assistant.tui.views import RecordView, Reply, StepView, TurnView
from assistant.tui.widgets.conversation import AssistantTurn, ConversationView, SourcesPanel
from assistant.tui.widgets.footer import FittingFooter
from assistant.tui.widgets.prompt import PromptInput
from assistant.tui.widgets.record import RecordPanel
from assistant.tui.widgets.status import StatusLine
from assistant.tui.widgets.steps import StepsPanel

if TYPE_CHECKING:  # the first frame needs neither (the conversation's types come after it)
    from textual.widgets.markdown import MarkdownStream

    from assistant.plan.ports import CancelFlag, TokenSink
    from assistant.tui.project_work import ProjectWork
    from assistant.tui.session import Session

#: Below this width the record panel hides itself (f3 shows it again, the steps hidden for it):
#: with both panels at their least widths (27 and 32, app.tcss) the conversation's text keeps 55
#: columns from here, as at 80 with the steps alone; at 100 it had 37.
NARROW = 118
#: Below this width the steps panel hides itself too (f2 shows it).
VERY_NARROW = 70
#: Below this width the footer's keys have their short labels: the full ones take 120 columns in
#: Dutch ("^q stoppen" was cut to "^q st" at 100, and at 100 in English "^q qu").
KEYS_NARROW = 120
#: A click on a line of the record, with unsent text in the input, goes there only when the same
#: line is clicked again within this many seconds: a mouse user clicks in a panel to focus or
#: scroll it, and one click left the question being answered, the text set aside.
CONFIRM_CLICK_SECONDS = 4.0


def known_command(text: str) -> bool:
    """Whether `text` is a command the conversation knows (`/volgende`, `/stap 4`)."""
    command = parse_command(text)
    return command is not None and bool(command.name)


class InputOwner(Protocol):
    """What the main screen's input worker needs of the work behind it: the domain, and the
    app's state (the index being built, the app closing)."""

    @property
    def closing(self) -> bool: ...

    @property
    def conversation_open(self) -> bool: ...

    def queue_input(self, text: str) -> int: ...

    def keep_sent(self, turn: int) -> None: ...

    def input_turn(self, turn: int) -> AbstractContextManager[None]: ...

    def take_input(self, turn: int) -> tuple[str, Session | None] | None: ...

    def wait_for_knowledge(self) -> None: ...

    def answer_input(self, text: str, session: Session | None, *, on_token: TokenSink,
                     cancel: CancelFlag) -> Reply: ...

    def report_from_thread(self, exc: BaseException) -> None: ...

    def shows(self, session: Session | None) -> bool: ...

    async def show_reply(self, reply: Reply, session: Session | None) -> None: ...


class MainScreen(Screen):
    """Composes the three areas; its work (`work`, on the open project) fills them with view
    data. Typed input is this screen's: it shows the user's turn, streams the answer into the
    conversation as it is written (escape stops it) and hands the result to its work, which
    runs its other thread workers on this screen too."""

    def __init__(self, lang: str, bindings: Callable[[str, bool], list[Binding]], work: ProjectWork) -> None:
        super().__init__(classes="main-screen")
        self.lang = lang
        self.work = work
        self._make_bindings = bindings
        self._narrow_keys = False
        self._keys_fitted_to = 0  # the width the footer's keys were fitted to last
        self._answer_cancel: threading.Event | None = None  # the answer being written: escape stops it
        self.empty_moves_on = False  # a list waits for its next line: Enter on nothing goes on
        #: questions sent while an answer before them was being written, by turn: what the
        #: assistant says goes above them (it went below, and read as the answer to the next one)
        self._waiting: dict[int, TurnView] = {}
        #: the record's line clicked once with unsent text in the input, and when (monotonic)
        self._click_to_confirm: tuple[int, int, float] | None = None
        self._label_keys()

    def _label_keys(self) -> None:
        # The footer shows these labels; they follow the interface language, and are short
        # when the terminal is narrow (every key must stay in sight).
        # Screen's own (tab, shift+tab between the areas; copy) are kept: the help sends the
        # user to the steps list with tab
        self._bindings = BindingsMap([*Screen.BINDINGS, *self._make_bindings(self.lang, self._narrow_keys)])

    async def set_language(self, lang: str) -> None:
        """Rebuild the areas and the footer in `lang` (the app refills them)."""
        self.lang = lang
        self._label_keys()
        # the input is composed anew: what is typed, and what ↑ brings back, go with it (a
        # switch by the palette while typing emptied the input)
        typed = self.prompt.text
        histories, history_of = self.prompt.histories, self.prompt.history_of
        await self.recompose()
        self.prompt.histories = histories
        self.prompt.use_history(history_of)
        if typed:
            self.prompt.load_text(typed)
            self.prompt.move_cursor(self.prompt.document.end)
        self.refresh_bindings()
        self.fit_width(self.size.width)
        self.prompt.focus()

    def compose(self) -> ComposeResult:
        lang = self.lang
        yield Header(icon="§")
        with Horizontal(id="body"):
            yield StepsPanel(t("area.steps", lang), id="steps")
            with Vertical(id="middle"):
                yield ConversationView(
                    {"user": t("turn.user", lang), "assistant": t("turn.assistant", lang),
                     "sources": t("turn.sources", lang), "earlier": t("turn.earlier", lang),
                     "cut": t("turn.cut", lang), "answer_cut": t("turn.answer_cut", lang),
                     "choices": t("turn.choices", lang), "choices_split": t("turn.choices_split", lang)},
                    id="conversation",
                )
                yield PromptInput(t("prompt.placeholder", lang), is_command=known_command, id="prompt")
            yield RecordPanel(
                {"title": t("area.record", lang), "empty": t("area.record_empty", lang),
                 "checks": t("area.checks", lang), "no_checks": t("area.no_checks", lang)},
                id="record",
            )
        yield StatusLine(id="status")
        yield FittingFooter(needed=self._keys_needed)

    def on_mount(self) -> None:
        # the panels fitted to the terminal before the first frame: at 60 columns the full layout
        # left the input no width, and Textual's placeholder wrap failed on it (the app was gone)
        self.fit_width(self.app.size.width)
        self.prompt.focus()
        self.app.screen_change_signal.subscribe(self, self._screen_changed)

    @property
    def focus_chain(self) -> list:
        """Tab from the input goes to the steps, the conversation and the record, as the help
        says: in the order on screen the steps came before the input, and tab went to the record."""
        chain = super().focus_chain
        prompt = next(iter(self.query(PromptInput)), None)
        if prompt in chain:
            chain.remove(prompt)
            chain.insert(0, prompt)
        return chain

    def _screen_changed(self, screen: Screen) -> None:
        # this screen's toasts go with it when a screen of its own comes over it (they stayed,
        # and "Dossier geëxporteerd als …" covered the lessons' introduction for seconds); a
        # dialog keeps them, as this screen is still seen behind it
        if screen is not self and not isinstance(screen, ModalScreen):
            self.app.clear_notifications()

    def on_resize(self, event) -> None:
        self.fit_width(event.size.width)
        # fitted again at every width, whatever else changed (after 60 columns widened to 200
        # the keys of 60 columns stayed until a key was pressed); not before it is composed (the
        # first size comes before it is), nor for a height alone: a terminal that gave no size
        # (a pty of 0×0) was 80×24 and 80×25 by turns, and each fit brought the other
        if event.size.width != self._keys_fitted_to:
            for footer in self.query(FittingFooter):
                self._keys_fitted_to = event.size.width
                self.call_after_refresh(footer.fit_keys)

    def _keys_needed(self) -> list[str]:
        """The footer's keys in order of need, the ways out and to help first. f2 and f3 come
        before the other keys while their panel is hidden (at 72 columns f3 was left out first,
        and the record could not be found again); the rest are left out before them. Learning
        comes next: it went first, and at 80 columns no key in sight led a newcomer to the
        lessons. f4 goes first (each answer's "Bronnen" opens them too), then ^n: a new project
        is also the projects screen's (ctrl+o, "Nieuw"), and at 80 columns the export's key
        was the one left out, so that a newcomer did not find how to export."""
        toggles = {panel: f"toggle_panel('{panel}')" for panel in ("steps", "record")}
        hidden = [toggles[panel] for panel in toggles if not self.query_one(f"#{panel}").display]
        shown = [action for action in toggles.values() if action not in hidden]
        return ["app.help", "app.quit", *hidden, *shown, "app.learn", "app.projects", "export",
                "app.new_project", "toggle_sources"]

    def fit_width(self, width: int) -> None:
        if (width < NARROW) != self.has_class("-narrow") and self.is_mounted:
            # narrowed: one side panel at a time, as f2/f3 keep it there. Both panels chosen at
            # full width stayed, and the conversation was 28 columns wide. Widened again: both
            # panels (the steps hidden for the record at 80 columns stayed hidden at 120)
            self.remove_class("-show-record", "-show-steps", "-hide-steps")
        elif (width < VERY_NARROW) != self.has_class("-very-narrow") and self.is_mounted:
            # between narrow and very narrow, the record stays if it was shown, alone: the steps
            # shown by f2 at 60 columns and the record by f3 at 80 both showed back at 60, and
            # the conversation was 6 columns wide
            record = self.has_class("-show-record")
            self.remove_class("-show-record", "-show-steps", "-hide-steps")
            self.set_class(record, "-show-record")
            self.set_class(record and width >= VERY_NARROW, "-hide-steps")
        self.set_class(width < NARROW, "-narrow")
        self.set_class(width < VERY_NARROW, "-very-narrow")
        narrow = width < KEYS_NARROW
        self.query_one(Footer).compact = narrow
        if narrow != self._narrow_keys:
            self._narrow_keys = narrow
            self._label_keys()
            self.refresh_bindings()

    # --- typed input -----------------------------------------------------------------
    def on_key(self, event: events.Key) -> None:
        # a click on the conversation or the record gives it the keys (to scroll it), and neither
        # takes text: a printable key that no area used goes to the input, so nothing typed is
        # lost; so does enter, which neither acts on (an empty enter, "next" to a list
        # question, did nothing after a click in the record)
        if self.prompt.has_focus:
            return
        if event.key == "enter" and isinstance(self.focused, (ConversationView, RecordPanel)):
            event.stop()
            self.prompt.focus()
            # nothing typed and no list waiting: the keys go back to the input, with no "Typ
            # eerst iets." (enter on a panel is no empty answer)
            if self.prompt.text.strip() or self.empty_moves_on:
                self.prompt.action_submit()
            return
        if not event.is_printable or not event.character:
            return
        event.stop()
        self.prompt.focus()
        self.prompt.insert(event.character)

    @on(SourcesPanel.Toggled)
    def _sources_toggled(self) -> None:
        # a click on an answer's sources gives their title the keys, and a title takes no text:
        # the next question typed would be lost (and its Enter toggle the sources again)
        self.prompt.focus()

    @on(PromptInput.RecalledWaiting)
    def _recalled_waiting(self, event: PromptInput.RecalledWaiting) -> None:
        self.work.say_recalled_for(event.question)

    @on(PromptInput.Submitted)
    async def _submitted(self, event: PromptInput.Submitted) -> None:
        text = event.text
        # a list waiting for its next line: Enter on an empty input goes on, as the list says (the
        # conversation reads the empty input so); on another question it asks it again in full, as
        # the README says (it was "Typ eerst iets."); nothing was typed, so no turn of the user's is
        # shown (it read "/volgende", which the user never typed)
        moving_on = not text.strip() and (self.empty_moves_on or self.work.conversation_open)
        if moving_on:
            text = ""
        elif not text.strip():
            self.notify(t("prompt.empty", self.lang), severity="warning", timeout=3)
            return
        if event.kept is not None:
            if is_quit(text):  # back in the input, it is kept with the project as the app closes
                self.prompt.load_text(event.kept)
            else:
                self.notify(t("input_back_kept", self.lang, command=text), markup=False, timeout=8)
        if is_quit(text):  # "/stop", "quit": stored as an answer, or an unknown command, before
            await self.app.action_quit()
            return
        if clean_text(text)[1]:
            # over the limit, the rest was cut off and lost (a 120,000-character paste kept
            # 20,000): nothing is sent, and the whole text stays in the input to be shortened
            # a command typed right after it runs alone, and the text waits under ↑
            self.prompt.put_back(text)
            self.notify(t("prompt.too_long", self.lang, count=grouped(len(text), self.lang),
                          max=grouped(MAX_TEXT_CHARS, self.lang)), severity="warning", timeout=8)
            return
        await self._send(text, shown=not moving_on)

    async def _send(self, text: str, *, shown: bool = True) -> None:
        """`text` to the conversation, as the user's turn where `shown`, answered in its turn."""
        # its turn now, as it was sent: an answer sent right before alt+down went to the next step
        turn = self.work.queue_input(text)
        if shown:
            question = TurnView("user", text)
            await self.conversation.add_turns([question])
            self._waiting[turn] = question
        self.handle_input(turn)

    @on(ConversationView.ChoiceClicked)
    async def _choice_clicked(self, event: ConversationView.ChoiceClicked) -> None:
        # what typing 1 or 2 does, while that question waits; an old question's link does nothing
        self.prompt.focus()
        if not self.work.asks_choice(event.turn):
            self.notify(t("turn.choice_gone", self.lang), severity="warning", markup=False)
            return
        await self._send(event.choice)

    @on(ConversationView.OptionClicked)
    async def _option_clicked(self, event: ConversationView.OptionClicked) -> None:
        # what typing the choice's number does, while its question waits; an old one's does nothing
        self.prompt.focus()
        if not self.work.asks_option(event.turn):
            self.notify(t("turn.choice_gone", self.lang), severity="warning", markup=False)
            return
        await self._send(event.option)

    @work(thread=True, group="engine", exit_on_error=False)
    def handle_input(self, turn: int) -> None:
        """Answer the input sent as `turn`, in its turn (a thread worker: the conversation may
        search, or wait for a model)."""
        app = self.app  # kept: once the app closes, a screen no longer finds it
        owner = self.work
        if self._answer_cancel is None:  # no answer being written says so already
            # busy from Enter on: keeping the input waits up to 5 s where the database is locked,
            # and the status line said nothing meanwhile
            app.call_from_thread(self.status.set_text, t("status.busy", self.lang))
        # before its turn, and the wait for the index: a kill -9 while an answer before it was
        # being written lost it
        owner.keep_sent(turn)
        with owner.input_turn(turn):
            app.call_from_thread(self._answer_begins, turn)
            taken = owner.take_input(turn)
            if taken is None:
                return
            # the project it was typed in answers it, and only its conversation shows the answer,
            # whichever project is open by the time it comes
            text, session = taken
            cancel = self._answer_cancel = threading.Event()
            if owner.closing:  # the app closed before this answer began
                cancel.set()
            owner.wait_for_knowledge()
            app.call_from_thread(self.status.set_text, t("status.busy_cancel", self.lang))
            stream = _TokenStream(self, app, owner, session)
            try:
                reply: Reply | None = owner.answer_input(text, session, on_token=stream.token, cancel=cancel)
            except Exception as exc:
                owner.report_from_thread(exc)
                reply = None
            finally:
                self._answer_cancel = None
                if session is not None:
                    session.sent_handled(turn)
                app.call_from_thread(self.status.set_text, "")
            app.call_from_thread(stream.finish, reply)

    def _answer_begins(self, turn: int) -> None:
        self._waiting.pop(turn, None)  # its answer goes below it now

    def stop_answer(self) -> bool:
        """Stop the answer being written, if one is; returns whether one was."""
        answer = self._answer_cancel
        if answer is None or answer.is_set():
            return False
        answer.set()
        return True

    def action_cancel_answer(self) -> None:
        """Escape while an answer is being written: the model stops; what came is kept, marked
        as cut short."""
        self._drop_click_to_confirm()  # the question stays: a second click asks again
        if self.stop_answer():
            self.status.set_text(t("status.cancelling", self.lang))
        elif self.app.screen.query("HelpPanel"):
            # the palette's "Keys" panel stays until the palette closes it again; escape closes it,
            # as it closes a dialog (at 100 columns it squeezed the conversation to a few letters)
            self.app.action_hide_help_panel()

    @on(TextArea.Changed, "#prompt")
    def _prompt_changed(self, event: TextArea.Changed) -> None:
        self._drop_click_to_confirm()  # typing on: the question stays
        self.work.drafts.schedule_save()

    # --- steps -----------------------------------------------------------------------
    @on(StepsPanel.JumpRequested)
    def _jump_requested(self, event: StepsPanel.JumpRequested) -> None:
        # a step chosen by mouse or key: what is typed next is the answer to its question, so
        # the cursor goes back to the input (a digit typed in the list would jump again)
        self.prompt.focus()
        self.work.jump(event.step, chosen_elsewhere=True)

    @on(RecordPanel.QuestionChosen)
    def _question_chosen(self, event: RecordPanel.QuestionChosen) -> None:
        self.prompt.focus()  # what is typed next answers it (or goes on with what is typed)
        armed, self._click_to_confirm = self._click_to_confirm, None
        if event.clicked and self._unsent_typed() and (
                armed is None or armed[:2] != (event.step, event.question)
                or time.monotonic() - armed[2] > CONFIRM_CLICK_SECONDS):
            armed = self._click_to_confirm = (event.step, event.question, time.monotonic())
            # on the status line, not a toast: toasts sit at the top right, over the record's
            # first lines, and covered the very line to click again
            self.status.set_text(t("record.click_again", self.lang))
            self.set_timer(CONFIRM_CLICK_SECONDS, lambda: self._click_notice_over(armed))
            return
        if armed is not None:
            self.status.set_text("")
        self.work.jump(event.step, event.question, chosen_elsewhere=True)

    def _drop_click_to_confirm(self) -> None:
        if self._click_to_confirm is not None:
            self._click_to_confirm = None
            self.status.set_text("")

    def _click_notice_over(self, armed: tuple[int, int, float]) -> None:
        """The notice of a click to confirm goes when its time is up, unless the click was
        confirmed or dropped meanwhile (which cleared it: the status may say something else now)."""
        if self._click_to_confirm == armed:
            self._click_to_confirm = None
            self.status.set_text("")

    def _unsent_typed(self) -> bool:
        """Whether the input holds text that a jump would set aside: not blank, and not an answer
        the record shown already holds (↑ brought back one sent)."""
        typed = self.prompt.text.strip()
        view = self.query_one(RecordPanel).view
        return bool(typed) and (view is None or all(item.value.strip() != typed for item in view.items))

    def action_step(self, delta: int) -> None:
        self.work.step(delta)

    def action_export(self, fmt: str | None = None) -> None:
        """The export dialog (ctrl+e; the palette's "Exporteren als …" with `fmt` chosen): the
        format, the folder and the name; `/export` in the conversation writes at once."""
        from assistant.tui.screens.dialogs import ExportDialog

        open_already = next((each for each in self.app.screen_stack if isinstance(each, ExportDialog)), None)
        if open_already is not None:  # the palette over the dialog stacked a second one
            if fmt in EXPORT_FORMATS:
                open_already.choose_format(fmt)
            return
        session = self.work.session
        if session is None:
            self.notify(t("export.no_project", self.lang), severity="warning", markup=False)
            return
        settings = self.app.settings
        if fmt not in EXPORT_FORMATS:
            remembered = load_prefs(settings).get(EXPORT_FORMAT_PREF)
            fmt = remembered if remembered in EXPORT_FORMATS else "md"

        def exported(path: Path | None) -> None:
            if path is not None:  # the next export offers the same folder and format
                remember(settings, EXPORT_FOLDER_PREF, str(path.parent.absolute()))
                remember(settings, EXPORT_FORMAT_PREF, path.suffix.lstrip(".").lower())

        formats = [(each, t(f"export.format_{each}", self.lang)) for each in EXPORT_FORMATS]
        gone = gone_export_folder(settings)
        self.app.push_screen(ExportDialog(
            self.lang, formats=formats, fmt=fmt, folder=export_folder(settings), name=session.export_name(fmt),
            write=lambda chosen, path, replace: self.work.exports.export_to(session, chosen, path, replace=replace),
            notice=t("export.folder_gone", self.lang, folder=gone) if gone is not None else "",
        ), exported)

    # --- filling the areas -----------------------------------------------------------
    @property
    def conversation(self) -> ConversationView:
        return self.query_one(ConversationView)

    @property
    def prompt(self) -> PromptInput:
        return self.query_one(PromptInput)

    @property
    def status(self) -> StatusLine:
        return self.query_one(StatusLine)

    def show_steps(self, steps: list[StepView]) -> None:
        self.query_one(StepsPanel).show(steps)
        current = next((step for step in steps if step.current), None)
        self.status.set_step("" if current is None else t("status.step", self.lang, step=current.number,
                                                           last=steps[-1].number, title=current.title))

    def show_record(self, view: RecordView | None) -> None:
        self.query_one(RecordPanel).show(view)

    async def add_turns(self, turns: list[TurnView], *, reply: bool = False, earlier: bool = False):
        """Show turns below the others, above the questions waiting for their answer."""
        waiting = self._waiting[min(self._waiting)] if self._waiting and not earlier else None
        return await self.conversation.add_turns(turns, reply=reply, earlier=earlier, before=waiting)

    def action_toggle_panel(self, which: str) -> None:
        self.toggle_panel(which)

    def action_page_conversation(self, direction: int) -> None:
        self.conversation.page(direction)

    def action_toggle_sources(self) -> None:
        """Open or close the sources under the latest answer in view that has them: paged up to
        an earlier answer, its sources (the keys reached only the latest answer's)."""
        panels = self.query(SourcesPanel)
        if panels:
            view = self.conversation.region
            in_view = [panel for panel in panels
                       if view.contains_region(panel.query_one("CollapsibleTitle").region)]
            panel = in_view[-1] if in_view else panels.last()
            panel.collapsed = not panel.collapsed
            if not panel.collapsed:
                self.app.call_after_refresh(panel.scroll_visible, animate=False)
        else:  # f4 did nothing, and said nothing
            self.app.notify(t("sources.none", self.lang), markup=False)

    def toggle_panel(self, which: str) -> None:
        """Show or hide a side panel (f2 steps, f3 record).

        Wide: each panel toggles on its own. Narrow: the record is hidden by default and only
        one side panel shows at a time, so the conversation keeps its room. Very narrow: both
        are hidden by default, again one at a time.
        """
        steps_shown = self.query_one("#steps").display
        record_shown = self.query_one("#record").display
        # the key of a panel hidden now is needed more, that of one shown less
        self.call_after_refresh(self.query_one(FittingFooter).fit_keys)
        # the keys leave a panel being hidden for the input (f3 on the record that had them left
        # them nowhere: the arrows did nothing, and tab went on to the steps list)
        self.call_after_refresh(self._keys_out_of_hidden_panels)
        if not self.has_class("-narrow"):
            self.toggle_class(f"-hide-{which}")
            return
        very = self.has_class("-very-narrow")
        if which == "record":
            show = not record_shown
            self.set_class(show, "-show-record")
            if very:
                self.remove_class("-show-steps")
            else:
                self.set_class(show, "-hide-steps")
        else:
            show = not steps_shown
            if very:
                self.set_class(show, "-show-steps")
            else:
                self.set_class(not show, "-hide-steps")
            if show:
                self.remove_class("-show-record")

    def _keys_out_of_hidden_panels(self) -> None:
        focused = self.app.focused
        if focused is None:
            self.prompt.focus()
            return
        for panel in self.query("#steps, #record"):
            if not panel.display and (focused is panel or panel in focused.ancestors):
                self.prompt.focus()


class _TokenStream:
    """Streams a model's words from the input worker into a pending assistant turn, while the
    conversation the input was typed in (`session`'s) is the one on screen."""

    def __init__(self, screen: MainScreen, app: App, owner: InputOwner, session: Session | None) -> None:
        self.screen = screen
        self.app = app
        self.owner = owner
        self.session = session
        self.widget: AssistantTurn | None = None
        self.stream: MarkdownStream | None = None
        self.written = ""  # every word so far

    def token(self, token: str) -> None:
        if token:
            self.app.call_from_thread(self._write, token)

    async def _write(self, token: str) -> None:
        self.written += token
        # another project opened since: its words went into that one's conversation, or into a
        # turn the switch was removing (NoMatches, raised into the answer and stored as the
        # guidance failing); the answer is stored with its own project all the same
        if not self.owner.shows(self.session):
            return
        if self.widget is None or not self.widget.is_attached:
            # the first words, or the conversation composed anew (a language switch) took the
            # turn: a new one, with every word so far
            if self.stream is not None:
                await self.stream.stop()
            self.widget = self.stream = None
            added = await self.screen.add_turns([TurnView("assistant", "", kind="streaming")])
            if not added or not added[0].is_attached:  # cleared as it was mounted
                return
            self.widget = added[0]
            self.stream = self.widget.stream()
            token = self.written
        await self.stream.write(token)

    async def finish(self, reply: Reply | None) -> None:
        if self.stream is not None:
            await self.stream.stop()
        if self.widget is not None:
            await self.screen.conversation.remove_turn(self.widget)
        if reply is not None:
            await self.owner.show_reply(reply, self.session)
