"""Textual's command palette with all of its text in the interface's language."""

from __future__ import annotations

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette
from textual.widgets.option_list import Option


class LocalCommandPalette(CommandPalette):
    """The palette, whose "No matches found" line Textual writes in English only."""

    def __init__(self, *args, no_matches: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._no_matches_text = no_matches

    def _start_no_matches_countdown(self, search_value: str) -> None:
        # Textual shows the line from a timer it starts here; ours does the same with our text.
        # Should a later Textual rename what this relies on, its own English line is shown.
        if not hasattr(self, "_no_matches_timer") or not hasattr(self, "_NO_MATCHES_COUNTDOWN"):
            super()._start_no_matches_countdown(search_value)
            return
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if not search_value:
                self._list_visible = False  # nothing typed: nothing to say
                return
            self.query_one(CommandList).add_option(
                Option(Align.center(Text(self._no_matches_text, style="not bold")),
                       disabled=True, id=self._NO_MATCHES))
            self._list_visible = True

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)
