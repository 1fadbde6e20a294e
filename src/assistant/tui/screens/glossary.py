"""The glossary browser: every term, searchable, with its card (definition, English term,
source) and its see-also links. Opened from the palette ("Woordenlijst"/"Glossary") or from a
lesson, where it first lists the terms that lesson uses."""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Header, Input, Label, Markdown, OptionList
from textual.widgets.option_list import Option

from assistant.learn.terms import search_terms
from assistant.plan.glossary import Glossary, Term, found_under_other_name
from assistant.tui.i18n import t
from assistant.tui.screens.keys import OwnKeysScreen, help_binding, palette_binding, screen_bindings
from assistant.tui.widgets.footer import FittingFooter


class GlossaryScreen(OwnKeysScreen):
    """Search on top; the terms on the left; the chosen term's card and its links on the right."""

    HELP_KEY = "help.glossary"

    DEFAULT_CSS = """
    GlossaryScreen #glossary-search { margin: 0 1; }
    GlossaryScreen #glossary-body { height: 1fr; }
    /* at most 48%: at 60 columns a list of 36 left the card 18, and words broke in the middle */
    GlossaryScreen #term-list { width: 36; max-width: 48%; height: 1fr; border: round $primary 50%; }
    GlossaryScreen #term-list:focus { border: round $primary; }
    GlossaryScreen #term-side { width: 1fr; height: 1fr; padding: 0 1; }
    GlossaryScreen #term-card { height: auto; }
    GlossaryScreen #see-also { height: auto; max-height: 8; border: round $accent 50%; }
    /* wraps: at 80 columns "… Bedoelt u: innovatiepartnersc" was cut off */
    GlossaryScreen #glossary-count { color: $text-muted; margin: 0 1; width: 1fr; height: auto; }
    """

    def __init__(self, glossary: Glossary, lang: str, *, only: list[Term] | None = None,
                 title: Callable[[str], str] | None = None, at: str | None = None) -> None:
        """`title`: the title of `only` in a language (it follows a switch of language); `at`:
        the key of the term to open at."""
        super().__init__(id="glossary")
        self.glossary = glossary
        self.lang = lang
        self.only = list(only or [])  # shown while the search is empty (a lesson's terms)
        self._title = title or (lambda lang: t("glossary.title", lang))
        self.shown: list[Term] = []
        self.term: Term | None = None
        self.suggested: list[str] = []  # the names offered when the search found nothing, the closest first
        self.at = at
        self._bindings_for(lang)

    def _bindings_for(self, lang: str) -> None:
        self._bindings = screen_bindings(
            help_binding(lang),
            Binding("escape", "close", t("key.back", lang)),
            Binding("ctrl+f", "search", t("key.search", lang)),
            Binding("ctrl+q", "app.quit", t("key.quit", lang), priority=True),
            palette_binding(lang),
        )

    def compose(self) -> ComposeResult:
        yield Header(icon="§")
        # not all of it selected when it gets the focus: a letter typed in the term list goes on
        # with the search, and the backspace after it emptied the whole search
        yield Input(placeholder=t("glossary.search", self.lang), id="glossary-search", select_on_focus=False)
        yield Label("", id="glossary-count")
        with Horizontal(id="glossary-body"):
            yield OptionList(id="term-list")
            with VerticalScroll(id="term-side"):
                yield Markdown("", id="term-card")
                yield OptionList(id="see-also")
        yield FittingFooter()

    def on_mount(self) -> None:
        self.title = self._title(self.lang)
        self.query_one("#see-also", OptionList).border_title = t("glossary.see_also", self.lang)
        self.show_terms("")
        if self.at is not None:
            self.call_later(self.open_term, self.at)  # after the first term's card, which it replaces
        else:
            self.query_one("#glossary-search").focus()

    async def set_language(self, lang: str) -> None:
        """The glossary in `lang` at once: the same search, and the same term where it is listed."""
        self.lang = lang
        self._bindings_for(lang)
        self.refresh_bindings()
        search = self.query_one("#glossary-search", Input)
        search.placeholder = t("glossary.search", lang)
        self.query_one("#see-also", OptionList).border_title = t("glossary.see_also", lang)
        self.show_terms(search.value, keep=self.term)

    def on_key(self, event) -> None:
        # a letter the search did not get goes to it: typed right after the glossary opened (before
        # the search had the keys, "trl" was lost), or while the term list has them
        search = self.query_one("#glossary-search", Input)
        if event.is_printable and event.character and not search.has_focus and not isinstance(self.focused, Input):
            event.stop()
            search.focus()
            # it goes on from the end of the search (the cursor stayed where the search had left it)
            search.insert(event.character, len(search.value))

    def show_terms(self, query: str, keep: Term | None = None) -> None:
        """The terms `query` finds, the first (or `keep`, where found) shown."""
        searching = bool(query.strip()) or not self.only
        self.shown = search_terms(self.glossary, query, self.lang) if searching else self.only
        # a search goes through every term: "Begrippen in les 3" over it said otherwise
        self.title = t("glossary.title", self.lang) if searching else self._title(self.lang)
        terms = self.query_one("#term-list", OptionList)
        terms.clear_options()
        terms.add_options([Option(Content(term.name(self.lang)), id=term.key) for term in self.shown])
        count = self.query_one("#glossary-count", Label)
        self.suggested = []
        if self.shown:
            counted = t("glossary.count", self.lang, n=len(self.shown), total=len(self.glossary))
            first = keep if keep in self.shown else self.shown[0]
            if searching and found_under_other_name(self.shown[0], query, self.lang):
                # as a typo gets "Bedoelt u …": the card was read as the term searched for
                counted = t("glossary.nearest", self.lang, query=query.strip(), name=self.shown[0].name(self.lang)) \
                    + " · " + counted
            count.update(Content(counted))
            terms.highlighted = self.shown.index(first)
            self.call_later(self.show_card, first)
        else:
            # no term: no card either (the last one shown stayed, read as the answer to the search)
            self.suggested = self.glossary.suggest(query, self.lang, n=3)
            count.update(self._none_found(query.strip()))
            self.term = None
            self.call_later(self.query_one("#term-card", Markdown).update, "")
            self.query_one("#see-also", OptionList).display = False

    def _none_found(self, query: str) -> Content:
        """"No term found", with the suggestions (if any) as links that show them."""
        if not self.suggested:
            return Content(t("glossary.none", self.lang, query=query))
        before, _, after = t("glossary.none_like", self.lang, query=query, like="\0").partition("\0")
        links = Content(", ").join(Content.from_markup(f"[@click=screen.take_suggestion({i})]$name[/]", name=name)
                                   for i, name in enumerate(self.suggested))
        return Content(before) + links + Content(after)

    def _set_search(self, text: str) -> None:
        """The search set to `text`, the cursor at its end (setting the value leaves it where it was)."""
        search = self.query_one("#glossary-search", Input)
        search.value = text
        search.cursor_position = len(text)

    def action_take_suggestion(self, index: int) -> None:
        """Show suggestion `index` (a click on it)."""
        if 0 <= index < len(self.suggested):
            self._set_search(self.suggested[index])
            self.show_terms(self.suggested[index])

    @on(Input.Changed, "#glossary-search")
    def _search(self, event: Input.Changed) -> None:
        self.show_terms(event.value)

    @on(Input.Submitted, "#glossary-search")
    def _to_list(self) -> None:
        if not self.shown and self.suggested:  # nothing found: enter takes the closest suggestion
            self.action_take_suggestion(0)
        self.query_one("#term-list").focus()

    @on(OptionList.OptionHighlighted, "#term-list")
    async def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        await self.show_card(self.glossary.terms[event.option.id])

    @on(OptionList.OptionSelected, "#see-also")
    async def _follow(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        await self.open_term(event.option.id)

    async def open_term(self, key: str) -> None:
        """Show term `key`, also when the current list does not hold it (a see-also link)."""
        term = self.glossary.terms[key]
        terms = self.query_one("#term-list", OptionList)
        if term not in self.shown:
            self._set_search(term.name(self.lang))  # lists it
            self.show_terms(term.name(self.lang))
        terms.highlighted = self.shown.index(term)
        await self.show_card(term)
        terms.focus()

    async def show_card(self, term: Term) -> None:
        # a burst of keys (typed fast, pasted) leaves earlier searches' cards to show after a
        # later search found nothing: a card for a term no longer listed is not shown
        if term not in self.shown:
            return
        other = term != self.term
        self.term = term
        card = self.query_one("#term-card", Markdown)
        # its see-also links are the box under the card: in the card too, "Zie ook" showed twice
        await card.update(term.render(self.lang, self.glossary, see_also=False))
        if other:
            # another term's card opens at its top: followed from "Zie ook", below the card,
            # it opened scrolled as far down as the previous one, its heading out of sight
            self.call_after_refresh(self.query_one("#term-side", VerticalScroll).scroll_home, animate=False)
        if term not in self.shown:  # the search changed while the card was written
            self.term = None
            await card.update("")
            self.query_one("#see-also", OptionList).display = False
            return
        links = self.query_one("#see-also", OptionList)
        links.clear_options()
        related = [self.glossary.terms[k] for k in term.see_also if k in self.glossary.terms]
        links.add_options([Option(Content(f"→ {r.name(self.lang)}"), id=r.key) for r in related])
        links.display = bool(related)
        if related:
            links.highlighted = 0

    def action_search(self) -> None:
        search = self.query_one("#glossary-search", Input)
        search.focus()
        search.select_all()  # ctrl+f starts another search: what is typed replaces the last

    def action_close(self) -> None:
        self.dismiss(None)
