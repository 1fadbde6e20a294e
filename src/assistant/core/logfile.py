"""The log file the commands and the app write: for us, never for the user's terminal."""

from __future__ import annotations

import logging


class LogFile(logging.FileHandler):
    """A log file that drops a record it cannot write (a full disk): Python printed
    "--- Logging error ---" and a traceback on stderr for each, amid what the command said."""

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging's name
        pass
