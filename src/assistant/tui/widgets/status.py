"""Bottom line: index build progress and which search is active (lexical / semantic)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Label, ProgressBar


class StatusLine(Horizontal):
    """A one-line status: a label and, while the index is built, a progress bar. The bar (four
    widgets, and a timer that redraws it) is mounted with the first progress, not in the first
    frame."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._bar: ProgressBar | None = None
        #: shown whenever nothing passing is (set_standing)
        self._standing = Content("")
        self._passing = False  # a passing text is shown

    def compose(self) -> ComposeResult:
        # shown only where the steps panel is hidden (app.tcss): below 70 columns nothing else
        # on screen said which step the answers went to
        yield Label(Content(""), id="status-step")
        yield Label(Content(""), id="status-text")
        yield Label(Content(""), id="search-mode")

    def set_text(self, text: str) -> None:
        """Something passing (busy, the index built); empty: the standing text again."""
        self._passing = bool(text)
        self.query_one("#status-text", Label).update(Content(text) if text else self._standing)

    def set_standing(self, text: str) -> None:
        """A state that lasts until the app closes (nothing is saved any more): a toast was gone
        in seconds, and every answer after it was lost without a word. Said again unchanged
        (looked for every few seconds), the line is not laid out and painted again."""
        standing = Content.styled(text, "bold $text-error")
        if standing == self._standing:
            return
        self._standing = standing
        if not self._passing:
            # a look at the database every few seconds may come as the app takes its screen down
            for label in self.query("#status-text").results(Label):
                label.update(self._standing)

    def set_step(self, text: str) -> None:
        """The step being answered ("Stap 3/10 · Minimale eisen"); empty: none."""
        self.query_one("#status-step", Label).update(Content(text))

    def set_mode(self, text: str) -> None:
        self.query_one("#search-mode", Label).update(Content(text))

    def set_progress(self, done: int, total: int | None) -> None:
        """A bar with the time left; `total` None: busy for a time nobody can tell."""
        bar = self._bar
        if bar is None:
            bar = self._bar = ProgressBar(total=None, show_eta=True, id="index-progress")
            self.mount(bar, before="#search-mode")
        bar.display = True
        bar.set_class(total is None, "-busy")  # no "--% --:--:--" when nobody can tell
        bar.update(total=None if total is None else max(total, 1), progress=done)

    def hide_progress(self) -> None:
        if self._bar is not None:
            self._bar.display = False
