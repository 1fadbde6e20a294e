"""Textual's command palette with all of its text in the interface's language, and its theme
list with a word on the themes that follow the terminal's own colours."""

from __future__ import annotations

import re

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits
from textual.system_commands import SystemCommandsProvider
from textual.theme import ThemeProvider
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


class ThemeChoices(ThemeProvider):
    """Textual's themes, where each ansi theme says that it shows the terminal's own colours
    (a high-contrast terminal's too; they stay readable with NO_COLOR). The list gave no hint
    which theme suits low vision, and "contrast" found nothing: a theme is also found by the
    words of its line."""

    def _help(self, name: str) -> str | None:
        theme = self.app.available_themes.get(name)
        return self.app.tr("theme.terminal_colours") if theme is not None and theme.ansi else None

    async def discover(self) -> Hits:
        for name, callback in self.commands:
            yield DiscoveryHit(name, callback, help=self._help(name))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback in self.commands:
            help_text = self._help(name)
            score = max(matcher.match(name), matcher.match(help_text) if help_text else 0)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)


def says(text: str, query: str) -> bool:
    """Whether each word of `query` begins a word of `text` (case aside)."""
    words = re.findall(r"\w+", text.lower())
    return all(any(word.startswith(part) for word in words) for part in re.findall(r"\w+", query.lower()))


#: Each way of finding a command (words of its title, words of its line, letters of its title)
#: scores within its own third, so the ways stay in that order whatever the letters' match.
TIER = 1 / 3


class CommandChoices(SystemCommandsProvider):
    """The app's commands, found by their title or by the words of their line under it: "projects"
    found only "Example project…", not "Open project" ("Pick, rename or delete projects"). A line
    counts by whole words only, each typed word beginning one (matched letter by letter, the
    long lines matched nearly everything). Whole words count before letters: a title whose words
    the typed ones begin first ("voorbeeld": "Voorbeeldproject"), then a line whose words they
    begin ("projects": "Open project"; "Leren", whose line names the example project, after
    "Voorbeeldproject"), then a title matched letter by letter ("Example project" for "projects")."""

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback, *_ in self.app.get_system_commands(self.screen):
            letters = matcher.match(name)
            if says(name, query):
                score = 2 * TIER + TIER * letters
            elif help_text and says(help_text, query):
                score = TIER + TIER * matcher.match(help_text)
            else:
                score = TIER * letters
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
