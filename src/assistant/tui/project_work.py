"""The main screen's work on the open project: the projects opened, a project's conversation
shown and each reply applied to the areas, jumps to steps and questions, the typed inputs in
their turn, and changes made in another window looked for. Its drafts (assistant.tui.drafts)
and exports (assistant.tui.project_exports) are parts it owns.

The main screen owns it; its thread workers, which run the blocking parts here, are started on
that screen (its workers go with it); the app reaches it as `app.main.work`. Like the app's first frame, this module imports no
domain: the store and the conversation come with the methods that need them.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any, Protocol

from textual.geometry import Size
from textual.timer import Timer

from assistant.core.errors import BilingualError, error_message
from assistant.core.prefs import remember
from assistant.core.textsafe import escape_markdown
from assistant.tui.drafts import Drafts
from assistant.tui.knowledge_start import KnowledgeHost
from assistant.tui.ordering import TurnOrder
from assistant.tui.project_exports import ProjectExports
from assistant.tui.views import ProjectView, Reply, StepView, TurnView
from assistant.tui.widgets.prompt import looks_like_command

if TYPE_CHECKING:  # the domain is imported after the first frame (see assistant.tui.app)
    from assistant.answer import Answerer
    from assistant.knowledge.base import KnowledgeBase
    from assistant.plan.ports import CancelFlag, TokenSink
    from assistant.store import Store
    from assistant.tui.knowledge_start import KnowledgeStart
    from assistant.tui.screens.main import MainScreen
    from assistant.tui.session import Session, Workspace

log = logging.getLogger("assistant.tui")


class ProjectHost(KnowledgeHost, Protocol):
    """What the project work needs of the app: what the knowledge start needs (its settings and
    language, its main screen, its ways to say things), and its size and title, its ways to
    replace a toast, to run on the event loop later and to close."""

    @property
    def size(self) -> Size: ...

    def show_title(self) -> None: ...

    def notify_instead(self, earlier: Any, message: str, *, timeout: float) -> Any: ...

    def call_later(self, callback: Callable[..., Any], *args: Any, **kwargs: Any) -> bool: ...

    def set_timer(self, delay: float, callback: Callable[[], Any] | None = None) -> Timer: ...

    def exit(self) -> None: ...


class ProjectWork:
    """The open project and its conversation, behind the main screen (see the module's docstring)."""

    def __init__(
        self,
        app: ProjectHost,
        knowledge: KnowledgeStart,
        closing: threading.Event,
        *,
        store: Store | None = None,
        project: str | None = None,
        new_project: bool = False,
    ) -> None:
        self._app = app
        self._knowledge = knowledge
        self._closing = closing  # set when the app closes
        self._store = store
        self._project_name = project
        self._new_project = new_project  # --new: `project` is meant new even if another's name is alike
        self.workspace: Workspace | None = None
        #: why the projects could not be opened
        self._workspace_error: BaseException | None = None
        self.session: Session | None = None
        self._said_without_project: set[str] = set()  # standing notes shown to questions without a project
        #: the session whose opening is on screen: until then its draft is still to be taken
        #: from the store, and an empty input saved to it would delete it
        self.shown_session: Session | None = None
        self._steps = None
        self._record = None
        self._busy = threading.Lock()
        #: inputs and jumps take the conversation in the order they were asked for
        self._order = TurnOrder(self._busy, self._closing.is_set)
        #: typed inputs sent and not yet taken by their worker, by turn, with the session they
        #: were typed in: handled before the database closes (sent right before ctrl+q, lost)
        self._inputs: dict[int, tuple[str, Session | None]] = {}
        #: the step (and question) of each jump waiting for its turn: a burst of jumps (digits
        #: typed into the steps list, alt+down held) is one jump to the last, where nothing was
        #: asked between them; and whether text typed was set aside for the question asked then
        self._jumps: dict[int, tuple[int, int | None, Session | None, bool]] = {}
        self._queued_lock = threading.Lock()  # over `_inputs` and `_jumps`: the loop writes, workers take
        #: the question asked now, with its project: text typed for it and set aside comes back to it
        self._asked: tuple[int, str] | None = None
        #: a jump to the step shown, with text in the input: the question it was typed for, and
        #: whether the step was chosen elsewhere (the keys left the input)
        self._typed_before_jump: tuple[tuple[int, str] | None, bool] | None = None
        #: whether the last reply shown asks whether its input was an answer (1) or a question (2)
        self._choosing = False
        #: the question text was set aside from by the jump on its way (said once it shows)
        self._set_aside_for: tuple[int, str] | None = None
        #: what the store said as it opened, shown once as the conversation's first turn
        self._start_notice: TurnView | None = None
        #: the last line typed without a project that read as an answer: the first answer of the
        #: project made next (it was lost, and had to be typed again)
        self._answer_without_project: str | None = None
        #: a project just made, with that line: put in its input once its first question shows
        self._first_answer: tuple[int, str] | None = None
        self.drafts = Drafts(app, self, closing)
        self.exports = ProjectExports(app, self)

    @property
    def main(self) -> MainScreen:
        return self._app.main

    def report_from_thread(self, exc: BaseException) -> None:
        self._app.report_from_thread(exc)

    # --- start -----------------------------------------------------------------------
    def open_workspace(self) -> None:
        """Open the projects, and the project to start with (--project, else the last one)."""
        from assistant.store import ProjectInBin, ProjectNameNearlyTaken
        from assistant.tui.session import Workspace

        try:
            self.workspace = Workspace(self._app.settings, store=self._store)
        except Exception as exc:
            self._workspace_error = exc  # said again where projects are asked for (ctrl+n, ctrl+o)
            log.error("%s", exc, exc_info=exc)
            # said in the conversation, where it stays: a toast of ten seconds, and a welcome
            # that offered ctrl+n to make a project, left the user typing into a dead end
            unusable = TurnView("assistant", self._app.tr("error.store_start", error=escape_markdown(
                error_message(exc, self._app.lang).rstrip())), kind="error")
            self._app.call_later(self.main.add_turns, [unusable])
            self._app.call_later(self.main.show_steps, self.placeholder_steps())
            return
        project = None
        try:
            if self._project_name:
                info, created = self.workspace.store.open_project(
                    self._project_name, language=self._app.lang, refuse_similar=not self._new_project)
                project = ProjectView(info.id, info.name)
                if self._new_project and not created:  # --new opened the project of that name: said
                    self._app.notify(self._app.tr("projects.new_but_exists", name=info.name), severity="warning",
                                     timeout=30, markup=False)
            else:
                project = self.workspace.last_project()
        except (ProjectNameNearlyTaken, ProjectInBin) as exc:  # a typo, a deleted one: no new, empty project
            log.info("%s", exc)
            self._app.notify(exc.message(self._app.lang), severity="warning", timeout=30, markup=False)
        except Exception as exc:
            self._app.report(exc, "error.store", path=self._app.settings.database_path)
        notice = self.workspace.store.notice
        # a project opened read-only says so in its conversation (Session.start): once is enough
        if notice is not None and (project is None or self.workspace.store.read_only is None):
            # the first turn of the conversation, to be read at leisure: a toast of 15 seconds was
            # gone before the user had read which file was kept and what came from the backup
            from assistant.store import DatabaseUpgraded

            self._start_notice = TurnView("assistant", escape_markdown(notice.message(self._app.lang)),
                                          kind="info" if isinstance(notice, DatabaseUpgraded) else "error")
        if project is None:
            self._show_welcome()
        else:
            self.open_project(project.id)

    def _take_start_notice(self) -> list[TurnView]:
        """What the store said as it opened (a damaged file kept aside), once: [] after that."""
        notice, self._start_notice = self._start_notice, None
        return [] if notice is None else [notice]

    def _show_welcome(self) -> None:
        welcome = TurnView("assistant", self._app.tr("welcome"), kind="welcome")
        # shown from its start where it is taller than the view (at 40×12 only its last lines showed)
        self._app.call_later(self.main.add_turns, [*self._take_start_notice(), welcome], reply=True)
        self._app.call_later(self.main.show_steps, self.placeholder_steps())

    def placeholder_steps(self) -> list[StepView]:
        from assistant.tui.session import step_title  # the session module loads the domain

        return [StepView(n, step_title(n, self._app.lang)) for n in range(11)]

    # --- the knowledge base's user (see assistant.tui.knowledge_start) ----------------------
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
    def open_new_project(self, project_id: int) -> None:
        """Open the project just made: a line typed as an answer without a project (said to wait
        for one) is put in its input once its first question shows."""
        if self.session is None and self._answer_without_project is not None:
            self._first_answer = (project_id, self._answer_without_project)
        self._answer_without_project = None
        self.open_project(project_id)

    def open_project(self, project_id: int) -> None:
        if self.workspace is None:
            return
        if self.session is not None and self.session.project.id != project_id:
            # half an answer to this project must not be sent to the next one: it waits here
            self.drafts.keep()
            self.main.prompt.clear_input()
        try:
            self.session = self.workspace.open(project_id, kb=self._knowledge.kb, answerer=self._knowledge.answerer)
            self.session.index_error = self._knowledge.index_error
        except Exception as exc:
            self._app.report(exc, "error.store", path=self._app.settings.database_path)
            if self._start_notice is not None:
                self._app.call_later(self.main.add_turns, self._take_start_notice(), reply=True)
            return
        # ↑ recalls what was typed in this project only: another's answer came back, and Enter stored it here
        self.main.prompt.use_history(project_id)
        if self.workspace.store.read_only is None:
            remember(self._app.settings, "project", str(project_id))  # the next start opens it
        self._app.show_title()
        # its own group: exclusive in "engine", it cancelled inputs and jumps not yet begun, whose
        # turns then never came (they are dropped in their turn instead: take_input, jump_in_turn)
        self.main.run_worker(partial(self.start_session, self.session), name="start_session", group="start",
                             exclusive=True, thread=True, exit_on_error=False)

    def start_session(self, session: Session) -> None:
        """Start `session`'s conversation (a thread worker): shown once it is read."""
        self.wait_for_knowledge()  # the step opens with a quote from the guidance
        if self._closing.is_set():
            return
        try:
            reply = session.start()
        except Exception as exc:
            self._app.report_from_thread(exc)
            return
        self._app.call_from_thread(self._show_session, session, reply)

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
        self.shown_session = session
        reply.turns[:0] = self._take_start_notice()  # above the opening words, shown from its start
        await self.apply_reply(reply, panels_shown=True)
        first, self._first_answer = self._first_answer, None
        if first is not None and first[0] == session.project.id and not self.main.prompt.text.strip():
            self.main.prompt.put_back(first[1], self._asked)
            self._app.notify(self._app.tr("input_back_from_no_project"), markup=False, timeout=10)
        self.drafts.schedule_save()  # typed while the project opened

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
            self._keep_for_later(reply.unsaved_input, session)

    async def apply_reply(self, reply: Reply, *, panels_shown: bool = False) -> None:
        """Show what one step of the conversation produced; `panels_shown`: its steps and record
        are on screen already (_show_session shows them before the conversation so far)."""
        turns = reply.turns
        typed_on = self.main.prompt.text
        if reply.unsaved_input and typed_on.strip() and typed_on != reply.unsaved_input:
            # typed on while it was handled (the database locked for half a minute): the refused
            # text does not replace it, it is under ↑, and the refusal says so (it did not)
            self.main.prompt.remember_unsent(reply.unsaved_input)
            turns = self._with_note(turns, self._app.tr("refused_under_up"))
        if turns:
            await self.main.add_turns(turns, reply=True)
            self._knowledge.note_meaning()
        if reply.steps is not None:
            self._steps = reply.steps
            if not panels_shown:
                self.main.show_steps(reply.steps)
            self.show_question(reply.question, choosing=reply.choosing, adding=reply.adding)
            self._asked = (self.session.project.id, reply.question_key) if self.session and reply.question_key else None
        if reply.record is not None:
            self._record = reply.record
            if not panels_shown:
                self.main.show_record(reply.record)
        if reply.notice:
            self._app.notify(reply.notice, markup=False)
        if reply.exported is not None:  # /export: its turn names the file, and so does the toast
            self.exports.say_written(reply.exported)
        self.say_if_not_saving()
        if reply.unsaved_input and not self.main.prompt.text:
            # a refused command comes back selected: the next one typed replaces it ("/verwijder
            # 2/wijzig 1 …" ran the refused one again), a key that moves (end, an arrow) keeps it
            # to mend; a command typed right after a refused answer runs alone ("…meten/export md"
            # was sent as the answer)
            self.main.prompt.put_back(reply.unsaved_input, self._asked, select=looks_like_command(reply.unsaved_input))
        self.drafts.restore(reply)
        if self._asked is not None and reply.steps is not None:
            # back at the question text was typed for (a click on step 3, then on step 0 again):
            # it is in the input again, not only under ↑
            self._bring_back(self._asked)
        if reply.quit:
            self._app.exit()

    def _keep_for_later(self, text: str, session: Session | None) -> None:
        """`text`, typed in `session`'s project (None: without one) and not kept there, under ↑
        when that project is open again, not in the one open now; said, by name."""
        self.main.prompt.remember_unsent(text, session.project.id if session is not None else None)
        said = (self._app.tr("input_kept_for_project", project=session.name) if session is not None
                else self._app.tr("input_not_sent_no_project"))
        self._app.notify(said, markup=False)

    def say_recalled_for(self, question: object) -> None:
        """↑ brought back text set aside for `question` (project, question key): where another
        question is asked now, said which it was typed for. At question 3 ↑ brought back a line
        typed for question 2, and Enter stored it as question 3's answer without a word."""
        session = self.session
        if session is None or question == self._asked or not isinstance(question, tuple) \
                or question[0] != session.project.id:
            return
        self._app.notify(self._app.tr("input_recalled_elsewhere", question=session.question_named(question[1])),
                         severity="warning", markup=False, timeout=10)

    def _bring_back(self, question: tuple[int, str] | None) -> None:
        """Text set aside for `question` back in the input, said: keys typed on without a look at
        the input went after it unseen."""
        if question is not None and self.main.prompt.bring_back(question):
            self._app.notify(self._app.tr("input_back"), markup=False, timeout=8)

    def _with_note(self, turns: list[TurnView], note: str) -> list[TurnView]:
        """`turns` with `note` added to the last refusal among them (a toast where there is none)."""
        for i in range(len(turns) - 1, -1, -1):
            if turns[i].kind == "error":
                return [*turns[:i], replace(turns[i], text=f"{turns[i].text}\n\n{note}"), *turns[i + 1:]]
        self._app.notify(note, severity="warning", markup=False)
        return turns

    def show_question(self, label: str | None, *, choosing: bool = False, adding: bool = False) -> None:
        """The input's placeholder names the question an answer goes to (or none is open), or
        asks for 1 or 2 (or 3, where offered) while the last input could be either, or for a
        list's next line."""
        self.main.empty_moves_on = adding and label is not None
        self._choosing = choosing
        tr = self._app.tr
        # "3 · beide" offered under the question (turn.options): the input named 1 and 2 only
        asking = [turn for turn in self.main.conversation.turns if turn.kind == "disambiguate"]
        split = choosing and bool(asking) and asking[-1].options == 3
        self.main.prompt.placeholder = (tr("prompt.placeholder_choice_split") if split
                                        else tr("prompt.placeholder_choice") if choosing
                                        else tr("prompt.placeholder_more", question=label) if adding and label
                                        else tr("prompt.placeholder_question", question=label) if label
                                        else tr("prompt.placeholder"))

    def asks_choice(self, turn: TurnView) -> bool:
        """Whether `turn` (a 1-or-2 question in the conversation) is the one waiting for its
        answer: the last of its kind, shown with the last reply, and nothing sent or chosen since
        (an input before the click's would answer it first, and the click's "1" be taken as an
        answer to the question asked then)."""
        asked = [shown for shown in self.main.conversation.turns if shown.kind == "disambiguate"]
        return self._choosing and self._order.idle and bool(asked) and asked[-1] is turn

    def asks_option(self, turn: TurnView) -> bool:
        """Whether `turn` (a question with its choices) is the question waiting for its answer:
        the last question asked, nothing sent since, and no 1-or-2 question asked meanwhile."""
        asked = [shown for shown in self.main.conversation.turns if shown.kind == "ask"]
        return not self._choosing and self._order.idle and bool(asked) and asked[-1] is turn \
            and turn.options > 0

    def show_welcome_again(self) -> None:
        async def reset() -> None:
            await self.main.conversation.clear_turns()
            self._steps = self._record = None
            self._show_welcome()
            self.main.show_record(None)
            self.show_question(None)

        self._app.call_later(reset)

    # --- input (the main screen's input worker calls these: InputOwner) ------------------
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
        with self.drafts.write_lock:  # the database is closed only after it (finish_user_work)
            if not self._closing.is_set():
                session.keep_sent(text, turn)

    def input_turn(self, turn: int) -> AbstractContextManager[None]:
        """The input's turn, then the conversation's lock (a context manager, for its worker)."""
        return self._order.held(turn)

    def take_input(self, turn: int) -> tuple[str, Session | None] | None:
        """In its turn: the input sent as `turn` and the session it was typed in, or None (the app
        closed before its turn: it is handled as the database closes; or typed in a project no
        longer open: put back in the input's history, and said)."""
        with self._queued_lock:
            if self._closing.is_set():  # the app closed first: it is stored as the database closes
                return None
            text, session = self._inputs.pop(turn, (None, None))
        if text is not None and session is not self.session:
            if session is not None:
                session.sent_handled(turn)  # given back here
            self._app.call_from_thread(self._keep_for_later, text, session)
            return None
        return None if text is None else (text, session)

    @property
    def closing(self) -> bool:
        return self._closing.is_set()

    @property
    def conversation_open(self) -> bool:
        """Whether a project's conversation takes the input (an empty one too: it asks again)."""
        return self.session is not None

    def wait_for_knowledge(self) -> None:
        """From a worker: wait for the index on first start (the status line says so)."""
        if not self._knowledge.settled.is_set():
            self._app.call_from_thread(self.main.status.set_text, self._app.tr("status.waiting_for_index"))
            self._knowledge.wait()

    def answer_input(self, text: str, session: Session | None, *, on_token: TokenSink, cancel: CancelFlag) -> Reply:
        """One typed input (blocking): the conversation of the project it was typed in
        (`session`) decides what it is, also where another has been opened since; without a
        project it is a question to the guidance or a command that needs none."""
        from assistant.tui.session import answer_without_project, reads_as_answer

        if session is not None:
            return session.handle(text, on_token=on_token, cancel=cancel)
        if reads_as_answer(text):
            self._answer_without_project = text
        return Reply(turns=[answer_without_project(self._knowledge.answerer, text, self._app.lang,
                                                   kb=self._knowledge.kb, on_token=on_token,
                                                   cancel=cancel,
                                                   index_error=self._knowledge.index_error,
                                                   said=self._said_without_project)])

    def jump(self, step: int, question: int | None = None, *, chosen_elsewhere: bool = False) -> None:
        """Go to `step` (and its `question`); text typed and not sent is set aside first, or with
        `chosen_elsewhere` (the steps list, the record) what was typed before the keys left."""
        if not 0 <= step <= 10:
            return
        if self.session is None:
            self._app.notify(self._app.tr("error.no_project"), severity="warning", markup=False)
            return
        moves = step != self.session.current_step or question is not None
        draft_left = moves and self.main.prompt.set_aside(since_left=chosen_elsewhere, question=self._asked)
        if draft_left:
            # text typed for this question, sent after a click on another step or question, was
            # stored as that one's answer: it waits in the history instead, said once the jump
            # shows (a line of the list asked now brought it straight back: nothing to say); the
            # conversation goes back to its question, answered or not (Conversation.goto)
            self._set_aside_for = self._asked
        elif not moves and self.main.prompt.text.strip():
            # the step it is on opens at the question it waits for, which need not be the one
            # asked now (reopened from the record): that is known once it shows (_show_jump)
            self._typed_before_jump = (self._asked, chosen_elsewhere)
        with self._queued_lock:
            last = self._order.last_given
            if last in self._jumps:  # the work asked for last is a jump still waiting: it goes here
                draft_left = draft_left or self._jumps[last][3]
                self._jumps[last] = (step, question, self.session, draft_left)
                return
            turn = self._order.take()
            self._jumps[turn] = (step, question, self.session, draft_left)
        self.main.run_worker(partial(self.jump_in_turn, turn), name="jump_in_turn", group="engine",
                             thread=True, exit_on_error=False)

    def jump_in_turn(self, turn: int) -> None:
        """The jump asked for as `turn`, in its turn (a thread worker)."""
        with self._order.held(turn):
            try:
                with self._queued_lock:
                    target = self._jumps.get(turn)
                if target is None or target[2] is not self.session:  # another project opened since
                    return
                session = target[2]
                try:
                    reply = session.jump(target[0], target[1], draft_left=target[3])
                except Exception as exc:
                    self._app.report_from_thread(exc)
                    return
            finally:
                with self._queued_lock:
                    self._jumps.pop(turn, None)
            self._app.call_from_thread(self._show_jump, reply, session)

    async def _show_jump(self, reply: Reply, session: Session) -> None:
        typed_before, self._typed_before_jump = self._typed_before_jump, None
        set_aside_for, self._set_aside_for = self._set_aside_for, None
        await self.show_reply(reply, session)
        if not self.shows(session):
            return
        if set_aside_for is not None and set_aside_for != self._asked:
            # it comes back by itself once that question is asked again (bring_back)
            self._app.notify(self._app.tr("input_set_aside_until_back"), markup=False)
        if typed_before is None:
            return
        asked, chosen_elsewhere = typed_before
        if asked != self._asked and self.main.prompt.set_aside(since_left=chosen_elsewhere, question=asked):
            # the step reopened at another question than the one it was typed for: Enter stored it there
            self._app.notify(self._app.tr("input_set_aside_until_back"), markup=False)
            self._bring_back(self._asked)

    def step(self, delta: int) -> None:
        # from the step a jump still on its way goes to: alt+down pressed four times went one step
        current = self.session.current_step if self.session else 0
        with self._queued_lock:
            if self._jumps:  # the last jump asked for (its turn the latest) goes there
                current = self._jumps[max(self._jumps)][0]
        self.jump(min(10, max(0, current + delta)))

    def say_if_not_saving(self) -> None:
        """The database file changed by something else (the store writes nothing more into it):
        said in the status line until the app closes, not only in the refusal that found it."""
        if self.workspace is not None and self.workspace.store.changed is not None:
            self.main.status.set_standing(self._app.tr("status.not_saving"))

    # --- another window ---------------------------------------------------------------
    def look_for_changes_elsewhere(self) -> None:
        self.say_if_not_saving()  # a draft kept as typing paused may be what found it
        if self.session is not None and self.shown_session is self.session and not self.closing:
            # read here, the worker being a thread; no panel while the app takes its screen down
            record_shown = any(panel.display for panel in self.main.query("#record"))
            self.main.run_worker(partial(self.changes_elsewhere, self.session, record_shown=record_shown),
                                 name="changes_elsewhere", group="elsewhere", exclusive=True, thread=True,
                                 exit_on_error=False)

    def changes_elsewhere(self, session: Session, *, record_shown: bool) -> None:
        """What another window or an import changed in `session`'s project, shown (a thread
        worker); `record_shown`: whether the record panel is on screen."""
        if not self._busy.acquire(blocking=False):
            return  # an input is being handled: it reads the stored record itself
        try:
            if session is not self.session:
                return
            if session.renamed_elsewhere():
                self._app.call_from_thread(self._app.show_title)
            reply = session.changed_elsewhere(record_shown=record_shown)
        except BilingualError:  # the database busy or gone a moment: looked at again on the next tick
            return
        finally:
            self._busy.release()
        if reply is not None:
            self._app.call_from_thread(self.show_reply, reply, session)

    # --- language, closing -----------------------------------------------------------
    async def redraw(self) -> None:
        """Rebuild the main screen in the current language, keeping what it showed."""
        new = self.main
        turns = new.conversation.turns  # the conversation is composed anew
        # the start screen's welcome is the interface's own text: in the new language, as the
        # menus are (it stayed Dutch until a restart)
        turns = [TurnView("assistant", self._app.tr("welcome"), kind="welcome") if turn.kind == "welcome"
                 and self.session is None else turn for turn in turns
                 if turn.kind != "streaming"]  # an answer being written shows itself again, whole
        await new.set_language(self._app.lang)
        await new.add_turns(turns, reply=[turn.kind for turn in turns] == ["welcome"])  # from its start
        if self.session is not None:
            try:
                self._steps = self.session.steps()
                self._record = self.session.record_view()
                self.show_question(self.session.question_label(), choosing=self.session.choosing(),
                                    adding=self.session.adding_lines())
            except Exception as exc:
                self._app.report(exc)
        new.show_steps(self._steps or self.placeholder_steps())
        new.show_record(self._record)
        self.say_if_not_saving()  # the status line is composed anew
        self._app.show_title()
        self._knowledge.show_mode()

    def finish_user_work(self, timeout: float = 15.0) -> bool:
        """Wait (after the app has closed) for an input still being handled to be saved, then
        close the project database: its last answers move from the write-ahead log into the
        database file (a copy of that file alone, as a backup, lacked them)."""
        if not self._busy.acquire(timeout=timeout):
            return False
        try:
            self._handle_inputs_left()
            if not self.drafts.write_lock.acquire(timeout=timeout):
                return False
            try:
                if self.workspace is not None:
                    self.workspace.store.close()
            finally:
                self.drafts.write_lock.release()
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


    def app_closed(self) -> None:
        """The app is closing (`closing` is set): turns still waiting go on, and see it."""
        self._order.release_all()

    def close_project(self) -> None:
        """The open project gone (deleted, or no longer found): closed, with the welcome behind.
        What was typed for it leaves the input for its history (↑), and waits to come back with
        the project restored from the bin."""
        self.drafts.keep_in_bin()
        self.session = None
        # the project is gone: what was typed for it stays under ↑ here, where it can still be had
        self.main.prompt.use_history(None)
        self.main.prompt.set_aside()
        self._app.show_title()
        self.show_welcome_again()

