"""Work on the conversation in the order the user asked for it.

Each input and each jump runs in a thread of its own (a search, or a language model, takes time),
and the threads took the conversation in whatever order they reached it: an answer sent just
before alt+down was stored as an answer to the next step's question, when the jump's thread came
first. Here each piece of work takes a turn on the event loop, as its key arrives, and waits for
that turn before it takes the conversation's lock.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

log = logging.getLogger(__name__)

#: A turn not taken within this many seconds is passed over (its worker never ran: the app was
#: closing), so that the work after it does not wait for ever.
TURN_WAIT_SECONDS = 30.0


class TurnOrder:
    """Turns handed out in order (`take`, on the event loop) and served in that order (`held`,
    in the worker: the turn, then `lock`). `lock` stays the conversation's lock for the work that
    needs no turn (a look for changes made elsewhere, closing the database)."""

    def __init__(self, lock: threading.Lock, closing: Callable[[], bool]) -> None:
        self.lock = lock
        self._closing = closing
        self._changed = threading.Condition()
        self._given = 0  # the next turn to hand out
        self._due = 0  # the turn served now, or next

    def take(self) -> int:
        """A new turn, after every turn taken before it."""
        with self._changed:
            turn = self._given
            self._given += 1
            return turn

    @property
    def last_given(self) -> int:
        """The turn handed out last (-1: none yet)."""
        return self._given - 1

    @property
    def idle(self) -> bool:
        """Every turn handed out has been served: no work waits, none is being done."""
        with self._changed:
            return self._due >= self._given

    @contextmanager
    def held(self, turn: int) -> Iterator[None]:
        """Wait for `turn` (those before it served, or passed over), then hold the lock."""
        with self._changed:
            if not self._changed.wait_for(lambda: self._due >= turn or self._closing(), TURN_WAIT_SECONDS):
                log.warning("turn %d served before turn %d ended", turn, self._due)
        self.lock.acquire()
        try:
            yield
        finally:
            self.lock.release()
            with self._changed:
                self._due = max(self._due, turn + 1)
                self._changed.notify_all()

    def release_all(self) -> None:
        """Wake every waiting turn (the app is closing: they go on, and see it)."""
        with self._changed:
            self._changed.notify_all()
