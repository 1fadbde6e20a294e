"""What is typed and not sent, kept with the open project: written once typing pauses and as
the app closes, and put back into the input when the project opens again.

The work on the open project (assistant.tui.project_work) owns the drafts; the main screen
reaches them as `work.drafts`. Their writes run in a thread worker on the main screen.
"""

from __future__ import annotations

import threading
from functools import partial
from typing import TYPE_CHECKING, Protocol

from textual.css.query import NoMatches
from textual.timer import Timer

from assistant.core.textsafe import short
from assistant.tui.views import Reply
from assistant.tui.widgets.prompt import looks_like_command

if TYPE_CHECKING:  # the domain is imported after the first frame (see assistant.tui.app)
    from assistant.tui.project_work import ProjectHost
    from assistant.tui.screens.main import MainScreen
    from assistant.tui.session import Session

#: How long typing must pause before what is typed is kept on disk (a crash, a power cut or
#: kill -9 gives the app no chance to keep it when it closes).
DRAFT_SAVE_SECONDS = 1.5


class DraftOwner(Protocol):
    """What the drafts need of the work that owns them: the project open, whether its opening
    is on screen yet, and the main screen's input."""

    @property
    def session(self) -> Session | None: ...

    @property
    def shown_session(self) -> Session | None: ...

    @property
    def main(self) -> MainScreen: ...


class Drafts:
    """The open project's text typed and not sent (see the module's docstring)."""

    def __init__(self, app: ProjectHost, owner: DraftOwner, closing: threading.Event) -> None:
        self._app = app
        self._owner = owner
        self._closing = closing  # set when the app closes
        self._timer: Timer | None = None
        #: held while a draft (or an input sent) is written: apart from the conversation's lock,
        #: which an answer being written holds for as long as a language model takes (the draft
        #: waited, and kill -9 then lost it); the database is closed only after it
        self.write_lock = threading.Lock()
        #: typed, not sent, and not kept as the app closed (nothing can be written): printed after
        self.unkept_text: str | None = None
        self.unkept_reason = ""  # why it could not be kept (a read-only folder, a lock)

    def keep(self) -> None:
        """What is typed and not sent stays with the open project: the next time it opens, it is
        back in the input (without a project there is nothing to keep it with). Where it cannot
        be kept (a read-only data folder, a lock), it is printed when the app has closed
        (`unkept_text`), with why (`unkept_reason`)."""
        session = self._owner.session
        if session is not None:
            text, question = self._unsent(session)
            why = session.keep_draft(text, question, left=True)
            if why is not None and text.strip():
                self.unkept_text = text
                self.unkept_reason = why.message(self._app.lang)

    def keep_in_bin(self) -> None:
        """The open project deleted: what is typed and not sent waits for it to be restored from
        the bin (the store drops a deleted project's drafts; switching projects kept it)."""
        session = self._owner.session
        if session is not None:
            session.keep_in_bin(*self._unsent(session))

    def schedule_save(self) -> None:
        """Keep what is typed once typing pauses, not only when the app closes as it should."""
        if self._owner.session is None:
            return
        if self._timer is not None:
            self._timer.stop()
        self._timer = self._app.set_timer(DRAFT_SAVE_SECONDS, self._save_soon)

    def _save_soon(self) -> None:
        self._timer = None
        session = self._owner.session
        if session is None or session is not self._owner.shown_session:
            return
        try:
            text, question = self._unsent(session)
        except NoMatches:  # the screen is being composed anew (a language switch): once it is back
            self.schedule_save()
            return
        self._owner.main.run_worker(partial(self.save, session, text, question), name="save_draft",
                                    group="draft", exclusive=True, thread=True, exit_on_error=False)

    def save(self, session: Session, text: str, question: str | None = None) -> None:
        # a thread: another process holding the database waits here, not in the keys typed;
        # the write lock: the database is closed only after it (ProjectWork.finish_user_work)
        with self.write_lock:
            if not self._closing.is_set():
                session.keep_draft(text, question)

    def _unsent(self, session: Session) -> tuple[str, str | None]:
        """What to keep with `session`'s project, and the question it was typed for (None: the one
        asked now): the text in the input; with none there, the text last set aside by a click
        for a question of this project (it waited in memory only, and ctrl+q lost it). The project
        keeps one draft: text in the input is for the question reopened with the project."""
        prompt = self._owner.main.prompt
        if prompt.text.strip():
            return prompt.text, None
        for question, text in reversed(prompt.waiting()):
            project_id, key = question  # as ProjectWork._asked: (project, question key)
            if project_id == session.project.id:
                return text, key
        return prompt.text, None

    def restore(self, reply: Reply) -> None:
        """Text kept with the project as it opens again: the draft, one typed for a question
        elsewhere, and inputs sent and never answered, back in the input or under ↑."""
        if self._owner.session is None or not (reply.draft_elsewhere or reply.draft or reply.unanswered):
            return
        prompt = self._owner.main.prompt
        project_id = self._owner.session.project.id
        if reply.draft_elsewhere:
            # back in the input once its question is asked again, as when it was set aside
            prompt.wait_for((project_id, reply.draft_question), reply.draft_elsewhere)
            self._app.notify(self._app.tr("draft_elsewhere", question=reply.draft_for or "?"), markup=False, timeout=12)
        if reply.draft:
            if prompt.text.strip():
                # typed while the project opened: that stays, and is kept as typing goes on (it
                # waited, unsaved, behind the draft, and was lost at ctrl+q); the draft goes under ↑
                prompt.remember_unsent(reply.draft)
                self._app.notify(self._app.tr("draft_under_up"), markup=False, timeout=12)
            else:
                # "/volgende" typed on after it runs alone, and the draft waits for its question
                # a command (one refused before the app closed) comes back selected, as it was
                prompt.put_back(reply.draft, (project_id, reply.question_key) if reply.question_key else None,
                                select=looks_like_command(reply.draft))
                self._app.notify(self._app.tr("draft_restored"), markup=False)
        if reply.unanswered:
            first, *rest = reply.unanswered
            if prompt.text.strip():  # the draft, or typed while the project opened
                prompt.remember_unsent(first)
                said = self._app.tr("unanswered_under_up")
            else:
                # as a restored draft: "/volgende" typed on after it runs alone, the text waits under ↑
                prompt.put_back(first, select=looks_like_command(first))
                said = self._app.tr("unanswered_restored")
            for text in rest:  # the first into the input, the rest under ↑ in their order, named
                prompt.remember_unsent(text)
            if rest:
                said += " " + self._app.tr("unanswered_more", texts=" · ".join(f"“{short(text, 60)}”" for text in rest))
            self._app.notify(said, markup=False, timeout=12 + 4 * len(rest))
