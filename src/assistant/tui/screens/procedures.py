"""The procedures of step 7 side by side, each cell cited or marked as not in the guidance."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Header, Markdown

from assistant.learn.messages import say
from assistant.learn.procedures import Comparison, comparison_markdown
from assistant.tui.i18n import t
from assistant.tui.screens.keys import OwnKeysScreen, help_binding, palette_binding, screen_bindings
from assistant.tui.widgets.footer import FittingFooter


class ProceduresScreen(OwnKeysScreen):
    HELP_KEY = "help.procedures"

    DEFAULT_CSS = """
    ProceduresScreen #procedures-view { height: 1fr; padding: 0 1; }
    """

    def __init__(self, comparison: Comparison, lang: str) -> None:
        super().__init__(id="procedures")
        self.comparison = comparison
        self.lang = lang
        self._bindings_for(lang)

    def _bindings_for(self, lang: str) -> None:
        self._bindings = screen_bindings(
            help_binding(lang),
            Binding("escape", "close", t("key.back", lang)),
            Binding("ctrl+q", "app.quit", t("key.quit", lang), priority=True),
            palette_binding(lang),
        )

    async def set_language(self, lang: str) -> None:
        """The comparison in `lang` at once, at the same place."""
        self.lang = lang
        self._bindings_for(lang)
        self.refresh_bindings()
        self.title = say("procedures_title", lang)
        view = self.query_one("#procedures-view", VerticalScroll)
        place = view.scroll_y
        await self.query_one("#procedures-text", Markdown).update(self._text())
        self.call_after_refresh(view.scroll_to, y=place, animate=False)

    def compose(self) -> ComposeResult:
        yield Header(icon="§")
        with VerticalScroll(id="procedures-view"):
            # the header holds the title: the text said it a second time under it
            yield Markdown(self._text(), id="procedures-text")
        yield FittingFooter()

    def _text(self) -> str:
        return comparison_markdown(self.comparison, self.lang, heading=False)

    def on_mount(self) -> None:
        self.title = say("procedures_title", self.lang)
        self.query_one("#procedures-view").focus()

    def action_close(self) -> None:
        self.dismiss(None)
