"""The open project's exports: asked for in the export dialog (ctrl+e, the palette) or by
`/export` in the conversation, written in a thread worker on the main screen, and said where
in a toast and in the conversation.

The work on the open project (assistant.tui.project_work) owns them; the main screen reaches
them as `work.exports`.
"""

from __future__ import annotations

import asyncio
import re
import threading
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from assistant.tui.views import Reply

if TYPE_CHECKING:  # the domain is imported after the first frame (see assistant.tui.app)
    from textual.notifications import Notification

    from assistant.tui.project_work import ProjectHost
    from assistant.tui.screens.main import MainScreen
    from assistant.tui.session import Session

EXPORT_FORMATS = ("md", "docx", "json")

#: A toast's width (Textual's Toast: 60 columns, at most half the screen's), and what its
#: border and padding take of it: the room its text has
TOAST_WIDTH = 60
TOAST_FRAME = 3


class ExportOwner(Protocol):
    """What the exports need of the work that owns them: the project open, the conversation's
    lock (an export waits for an answer being written), and where to show what they say."""

    @property
    def session(self) -> Session | None: ...

    @property
    def busy(self) -> threading.Lock: ...

    @property
    def main(self) -> MainScreen: ...

    async def show_reply(self, reply: Reply, session: Session | None) -> None: ...


class ProjectExports:
    """The open project written as Markdown, Word or JSON (see the module's docstring)."""

    def __init__(self, app: ProjectHost, owner: ExportOwner) -> None:
        self._app = app
        self._owner = owner
        self.written: list[Path] = []
        self._toast: Notification | None = None  # the last export's toast

    def export_to(self, session: Session, fmt: str, path: Path, *, replace: bool) -> asyncio.Future[Path]:
        """Export `session`'s project as `fmt` to `path` (the export dialog; not `replace`: an
        existing file is left as it is). The future gets the path written, or what kept it from
        being written, for the dialog to say; once the dialog is gone (escape while the export
        waited for an answer) the toast and the conversation say it, as for any export."""
        outcome: asyncio.Future[Path] = asyncio.get_running_loop().create_future()
        # the project asked for, not the one open when the thread runs (it waits for an answer first)
        self._owner.main.run_worker(partial(self.write, fmt, session, path, replace=replace, outcome=outcome),
                                    name="write_export", group="export", thread=True, exit_on_error=False)
        return outcome

    def write(self, fmt: str, session: Session, path: Path, *, replace: bool, outcome: asyncio.Future[Path]) -> None:
        """Export `session`'s project as `fmt` to `path`, and say where (a thread worker); see export_to."""
        with self._owner.busy:
            try:
                path = Path(session.export(fmt, path, replace=replace))
            except Exception as exc:
                self._app.call_from_thread(self._failed, exc, session, outcome)
                return
            # a toast goes in seconds and cuts a long path at 80 columns: the conversation keeps
            # it, stored as /export's turn is; the other formats and their /export are not said:
            # the dialog, where one was just chosen, shows them all ("Ook als Word (/export
            # docx) …" was written for ctrl+e exporting at once)
            said = session.say_exported(path)
        self._app.call_from_thread(self.say_written, path)
        self._app.call_from_thread(_settle, outcome, path)
        self._app.call_from_thread(self._owner.show_reply, Reply(turns=[said]), session)

    def _failed(self, exc: BaseException, session: Session, outcome: asyncio.Future[Path]) -> None:
        if not outcome.done():  # the dialog says it, and stays open
            outcome.set_exception(exc)
        else:
            self._app.report(exc, "export.failed", name=session.name)

    def say_written(self, path: Path) -> None:
        """A toast that names the file just written (ctrl+e, or /export in the conversation), in
        place of the one before: after /export docx, an export to Markdown's toast still named
        the .md file."""
        self.written.append(path)
        # the name and folder broken at their dashes and slashes: wrapped by the toast, at 60
        # columns both broke anywhere ("…-binnenst" / "ad-2026…"), and at 80 the name did
        room = min(TOAST_WIDTH, self._app.size.width // 2) - TOAST_FRAME
        done = self._app.tr("export.done", name=broken_at_separators(path.name, room),
                            folder=broken_at_separators(str(path.parent), room))
        self._toast = self._app.notify_instead(self._toast, done, timeout=8)


def _settle(outcome: asyncio.Future[Path], path: Path) -> None:
    if not outcome.done():  # a dialog cancelled meanwhile no longer waits
        outcome.set_result(path)


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
