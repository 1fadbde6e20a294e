"""The procedures of step 7 compared: side by side where the terminal is wide, one after the other
where it is not; each answer cited or marked as not in the guidance."""

from __future__ import annotations

from collections.abc import Iterator

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical, VerticalScroll
from textual.widgets import Header, Markdown, Static

from assistant.learn.messages import say
from assistant.learn.procedures import Comparison, cell_markdown, choice_markdown, comparison_markdown
from assistant.tui.i18n import t
from assistant.tui.screens.keys import OwnKeysScreen, help_binding, palette_binding, screen_bindings
from assistant.tui.widgets.footer import FittingFooter

#: From this width the four procedures stand in columns, each with some 30 characters of text;
#: narrower, a column's long quotes ran to a word or two a line, and they come one after the other.
SIDE_BY_SIDE = 130


class ProceduresScreen(OwnKeysScreen):
    HELP_KEY = "help.procedures"

    DEFAULT_CSS = """
    ProceduresScreen #procedures-view { height: 1fr; padding: 0 1; }
    ProceduresScreen #procedures-table, ProceduresScreen #procedures-names { display: none; }
    ProceduresScreen.-side-by-side #procedures-text { display: none; }
    ProceduresScreen.-side-by-side #procedures-table { display: block; height: auto; }
    /* the scrollbar's room kept, so that the names above line up with the columns under them */
    ProceduresScreen.-side-by-side #procedures-view { scrollbar-gutter: stable; }
    ProceduresScreen.-side-by-side #procedures-names {
        display: block; padding: 0 3 0 1; background: $boost; text-style: bold;
    }
    ProceduresScreen .procedures-row {
        grid-size: 4; grid-columns: 1fr; grid-rows: auto; grid-gutter: 0 2; height: auto;
    }
    /* the Markdown's own padding went between the columns, and their texts stood off their names */
    ProceduresScreen #procedures-table Markdown { padding: 0; }
    ProceduresScreen .procedure-cell { height: auto; }
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
        self._title()
        view = self.query_one("#procedures-view", VerticalScroll)
        place = view.scroll_y
        await self.query_one("#procedures-text", Markdown).update(self._text())
        for name, procedure in zip(self.query(".procedure-name").results(Static), self.comparison.procedures):
            name.update(procedure.name(lang))
        for part, text in zip(self.query(".procedures-part").results(Markdown), self._table_texts()):
            await part.update(text)
        self.call_after_refresh(view.scroll_to, y=place, animate=False)

    def compose(self) -> ComposeResult:
        yield Header(icon="§")
        # the names stay in sight above the columns while they scroll
        with Grid(id="procedures-names", classes="procedures-row"):
            for procedure in self.comparison.procedures:
                yield Static(procedure.name(self.lang), classes="procedure-name")
        with VerticalScroll(id="procedures-view"):
            # the header holds the title: the text said it a second time under it
            yield Markdown(self._text(), id="procedures-text")
            # its parts are built the first time the view is wide enough (`fit_width`): built at
            # every width, they made the view open 0.3 to 0.5 s later where they were never shown
            yield Vertical(id="procedures-table")
        yield FittingFooter()

    def _table_parts(self) -> list[Markdown | Grid]:
        """The columns' parts: the intro, each aspect over its row of cells, the choice."""
        texts = self._table_texts()
        parts: list[Markdown | Grid] = [Markdown(next(texts), classes="procedures-part")]
        for _ in self.comparison.aspects:
            parts.append(Markdown(next(texts), classes="procedures-part"))
            parts.append(Grid(*(Markdown(next(texts), classes="procedures-part procedure-cell")
                                for _ in self.comparison.procedures), classes="procedures-row"))
        parts.append(Markdown(next(texts), classes="procedures-part"))
        return parts

    def _text(self) -> str:
        return comparison_markdown(self.comparison, self.lang, heading=False)

    def _table_texts(self) -> Iterator[str]:
        """The columns' texts in the order composed: the intro, each aspect and its row of
        cells, the choice."""
        lang = self.lang
        yield self.comparison.intro_en if lang == "en" else self.comparison.intro_nl
        for aspect in self.comparison.aspects:
            yield f"### {aspect.name(lang)}"
            for procedure in self.comparison.procedures:
                yield cell_markdown(self.comparison.cell(procedure.key, aspect.key), lang)
        yield choice_markdown(self.comparison, lang)

    def on_mount(self) -> None:
        self.fit_width(self.app.size.width)
        self.query_one("#procedures-view").focus()

    def on_resize(self, event: events.Resize) -> None:
        self.fit_width(event.size.width)

    def fit_width(self, width: int) -> None:
        wide = width >= SIDE_BY_SIDE
        table = self.query_one("#procedures-table", Vertical)
        if wide and not table.children:  # kept once built: a resize across SIDE_BY_SIDE only swaps them
            table.mount_all(self._table_parts())
        self.set_class(wide, "-side-by-side")
        self._title()

    def _title(self) -> None:
        # as laid out: "naast elkaar" over the stacked view contradicted its intro ("na elkaar")
        wide = self.has_class("-side-by-side")
        self.title = say("procedures_title" if wide else "procedures_title_in_turn", self.lang)

    def action_close(self) -> None:
        self.dismiss(None)
