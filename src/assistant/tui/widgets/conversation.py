"""Middle area: the conversation. Assistant turns are Markdown; user turns are literal text."""

from __future__ import annotations

import re

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from typing import TYPE_CHECKING

from textual.widgets import Collapsible, Label, Static

from assistant.core.textsafe import short
from assistant.tui.views import SourceView, TurnView

if TYPE_CHECKING:  # Markdown (markdown-it, ~30 ms) is imported with the first assistant turn
    from textual.widgets import Markdown
    from textual.widgets.markdown import MarkdownStream


#: Where a link in a turn chooses what the last input was: "…1" an answer, "…2" a question, "…3"
#: the answer stored and the question asked (a scheme of our own: the 1-or-2 question could only
#: be answered by typing, not by a click)
CHOICE_LINK = "stappenplan:choice/"
#: Where a link in a question picks one of its answer choices ("…2": as if 2 were typed)
OPTION_LINK = "stappenplan:option/"
#: A numbered line of a question's choices: "2. direct afnemen bij een deelnemer"
_OPTION_LINE = re.compile(r"^(\d{1,2})\. (.+)$")


def options_as_links(text: str, options: int) -> str:
    """`text`, a question with its `options` choices listed last ("1. …" to "N. …" in a block of
    their own), each choice a link that sends its number: they could only be typed."""
    blocks = text.split("\n\n")
    for at in range(len(blocks) - 1, -1, -1):
        found = [_OPTION_LINE.match(line) for line in blocks[at].split("\n")]
        if len(found) == options and all(m is not None and m.group(1) == str(n) for n, m in enumerate(found, 1)):
            blocks[at] = "\n".join(f"{m.group(1)}. [{m.group(2)}]({OPTION_LINK}{m.group(1)})" for m in found if m)
            break
    return "\n\n".join(blocks)

#: The longest source quote shown (an answer quotes at most a few sentences of each passage).
QUOTE_SHOWN_CHARS = 3000


def source_content(source: SourceView) -> Content:
    """`[n] title · section` and the quoted passage below it, all literal."""
    head = [(f"[{source.number}] ", "bold $text-accent"), (source.title, "bold")]
    if source.section:
        head += [" · ", (source.section, "italic")]
    # the answer's package (and the knowledge base's types under it) comes with the first
    # sources, not with the first frame
    from assistant.answer import quoted

    # on one line, whole: cut at 400 characters it stopped before the sentence the answer cited
    # ("… houden om een…”"), and a reader could not check it; only a quote beyond any passage's
    # length is cut, between words ("… een recht op het in…" was cut in a word)
    quote = short(source.quote, QUOTE_SHOWN_CHARS)
    return Content.assemble(*head, "\n", (quoted(quote), "dim"))


class SourcesPanel(Collapsible):
    """The numbered sources of one answer; collapsed until the user opens it."""

    def __init__(self, title: str, sources: tuple[SourceView, ...], *, collapsed: bool = True) -> None:
        super().__init__(
            *[Static(source_content(s), classes="source") for s in sources],
            title=title, collapsed=collapsed, classes="sources",
        )
        self.sources = sources

    def on_mount(self) -> None:
        # no tab stop on each answer's sources: tab went through every "Bronnen" of the
        # conversation, oldest first, scrolling back to each (42 presses round); f4 opens those
        # of the latest answer in view (page up to an earlier one), a click any
        self.query_one("CollapsibleTitle").can_focus = False


class UserTurn(Vertical):
    """What the user typed, shown exactly as typed."""

    def __init__(self, who: str, text: str) -> None:
        super().__init__(classes="turn user-turn")
        self.text = text
        self._who = who

    def compose(self) -> ComposeResult:
        yield Label(Content(self._who), classes="speaker")
        yield Static(Content(self.text), classes="user-text")


class AssistantTurn(Vertical):
    """An assistant turn: Markdown body, optional heading and sources."""

    def __init__(self, who: str, turn: TurnView, sources_title: str = "", cut_note: str = "",
                 answer_cut_note: str = "", choices: str = "") -> None:
        classes = "turn assistant-turn" + (f" -{turn.kind}" if turn.kind else "")
        super().__init__(classes=classes)
        self.turn = turn
        self._who = who
        self._sources_title = sources_title
        self._cut_note = cut_note  # said under a turn shown cut: "{n} more characters"
        self._answer_cut_note = answer_cut_note or cut_note  # said where an answer is shown cut
        self._choices = choices  # under the 1-or-2 question: its choices as links ({answer}, {question})

    def compose(self) -> ComposeResult:
        head = self._who if not self.turn.label else f"{self._who}  {self.turn.label}"
        from textual.widgets import Markdown  # deliberately late: not needed for the first frame

        yield Label(Content(head), classes="speaker")
        if self.turn.kind == "guidance":
            # an answer's end is kept: its warnings, and the guidance's own answer under a model's
            head, left_out, tail = shown_ends(self.turn.text)
            text = head + ("\n\n*" + self._answer_cut_note.format(n=left_out) + "*\n\n" + tail if left_out else "")
        else:
            text, left_out = shown_part(self.turn.text)
            if left_out:
                text += "\n\n*" + self._cut_note.format(n=left_out) + "*"
        if self.turn.kind == "ask" and self.turn.options:
            text = options_as_links(text, self.turn.options)
        if self.turn.kind == "disambiguate" and self._choices:
            text += "\n\n" + self._choices.format(answer=f"{CHOICE_LINK}1", question=f"{CHOICE_LINK}2",
                                                   both=f"{CHOICE_LINK}3")
        # links are opened by the conversation, which keeps its own (CHOICE_LINK) from the browser
        yield Markdown(text, classes="assistant-text", open_links=False)
        if self.turn.sources:
            yield SourcesPanel(self._sources_title, self.turn.sources)

    @property
    def markdown(self) -> Markdown:
        return self.query_one(".assistant-text")

    def stream(self) -> MarkdownStream:
        """A stream that appends the words of an answer being written to this turn."""
        markdown = self.markdown
        return type(markdown).get_stream(markdown)


#: The most of one turn's text shown. Markdown is laid out again with every turn added and
#: every resize: a /dossier of a whole project (108,000 characters) made each command take 4 to
#: 7 s, and opening the project 14 s. The rest is in the export, a record in the record panel.
SHOWN_CHARS = 12_000


def shown_part(text: str, limit: int = SHOWN_CHARS) -> tuple[str, int]:
    """`text` up to the last paragraph or line break before `limit`, and how many characters
    were left out (0: all of it)."""
    if len(text) <= limit:
        return text, 0
    cut = text.rfind("\n\n", 0, limit)
    if cut < limit // 2:
        cut = text.rfind("\n", 0, limit)
    if cut < limit // 2:
        cut = limit
    return text[:cut].rstrip(), len(text) - cut


def shown_ends(text: str, limit: int = SHOWN_CHARS) -> tuple[str, int, str]:
    """`text` as its start, how many characters are left out after it, and its end: the last
    paragraphs that fit in a third of `limit` (an answer's warnings and what follows the model's
    text); all of `text` and 0 where it fits."""
    if len(text) <= limit:
        return text, 0, ""
    start = text.find("\n\n", len(text) - limit // 3)
    tail = text[start:].strip() if start >= 0 else ""
    rest = text[:start] if start >= 0 else text
    head, _ = shown_part(rest, limit - len(tail))
    return head, len(rest) - len(head), tail


#: Turns kept mounted. Textual lays out every mounted widget whenever one is added, so a whole
#: project's conversation made each reply slower: with every turn mounted, 0.3 s at the start
#: and 2.6 s after 150 answers, and reopening 480 turns took 11 s (bench/tui_long_conversation.py).
#: Older turns come back, EARLIER_BATCH at a time, when the user goes up past the top.
VISIBLE_TURNS = 30
EARLIER_BATCH = 15


def first_paragraph_bottom(turn: Widget) -> int:
    """Where the first paragraph of a turn's text ends in the conversation (an assistant turn
    that asks: the question), or the whole turn where its text is not laid out in blocks."""
    blocks = turn.query(".assistant-text > *")
    if not blocks:
        return turn.virtual_region.bottom
    block = blocks.first()
    bottom = block.virtual_region.bottom  # each widget's region is within its parent's
    for parent in block.ancestors:
        if parent is turn.parent:
            break
        bottom += parent.virtual_region.y
    return bottom


class EarlierTurns(Static):
    """Above the oldest shown turn: how many earlier ones there are, and how to see them."""


class ConversationView(VerticalScroll):
    """The scrolling list of turns; stays anchored to the newest turn, except that a reply
    taller than the view is shown from its start. Only the last VISIBLE_TURNS are mounted."""

    class ChoiceClicked(Message):
        """A choice of the 1-or-2 question clicked: `choice` ("1" answer, "2" question) in `turn`,
        which may be an old one (whoever answers it knows whether it is still asked)."""

        def __init__(self, turn: TurnView, choice: str) -> None:
            super().__init__()
            self.turn = turn
            self.choice = choice

    class OptionClicked(Message):
        """A question's answer choice clicked: `option` ("2") in `turn`, which may be an old one
        (whoever answers it knows whether that question is still asked)."""

        def __init__(self, turn: TurnView, option: str) -> None:
            super().__init__()
            self.turn = turn
            self.option = option

    def __init__(self, labels: dict[str, str], **kwargs) -> None:
        super().__init__(**kwargs)
        self._labels = labels  # user, assistant, sources ({n}), earlier ({n}), cut, answer_cut, choices, choices_split
        # a tall reply (its first and last turn) shown from its start, and where that was
        self._reading: tuple[Widget, Widget, float] | None = None
        self._views: list[TurnView] = []  # every turn of the conversation, oldest first
        self._shown: list[Widget] = []  # the mounted turns: the last ones of _views
        self._earlier: EarlierTurns | None = None
        self._loading_earlier = False

    @property
    def turns(self) -> list[TurnView]:
        """Every turn of the conversation, oldest first, mounted or not."""
        return list(self._views)

    @property
    def hidden_turns(self) -> int:
        """How many of the oldest turns are not mounted."""
        return len(self._views) - len(self._shown)

    def on_mount(self) -> None:
        self.anchor()

    def make_turn(self, turn: TurnView):
        if turn.role == "user":
            return UserTurn(self._labels["user"], turn.text)
        title = self._labels["sources"].format(n=len(turn.sources))
        # a 1-or-2 question with its third choice (store the answer, ask the question) has 3 options
        choices = self._labels["choices_split"] if turn.kind == "disambiguate" and turn.options == 3 \
            else self._labels["choices"]
        return AssistantTurn(self._labels["assistant"], turn, title, self._labels["cut"], self._labels["answer_cut"],
                             choices)

    def on_markdown_link_clicked(self, event: Markdown.LinkClicked) -> None:
        event.stop()
        if not event.href.startswith((CHOICE_LINK, OPTION_LINK)):
            self.app.open_url(event.href)  # what a Markdown widget does with a link (a web page)
            return
        turn = next((each for each in event.markdown.ancestors if isinstance(each, AssistantTurn)), None)
        if turn is None:
            return
        if event.href.startswith(OPTION_LINK):
            self.post_message(self.OptionClicked(turn.turn, event.href.removeprefix(OPTION_LINK)))
        else:
            self.post_message(self.ChoiceClicked(turn.turn, event.href.removeprefix(CHOICE_LINK)))

    async def add_turns(self, turns: list[TurnView], *, reply: bool = False, earlier: bool = False,
                        before: TurnView | None = None) -> list:
        """Show turns below the others. A `reply` (what the assistant said to one line of the
        user's) that is taller than the view is shown from its start: a new step's explanation
        and quote would otherwise be read from their middle. Page down reaches its end.
        `earlier` turns (a reopened project's conversation so far) mount only their last
        EARLIER_BATCH: a project opens as fast, however long its conversation. They go `before`
        that turn where it is shown (a question waiting for its answer), else at the end. Returns
        the widgets shown: none where the turns were cleared while these were mounted."""
        at = next((i for i, view in enumerate(self._views[self.hidden_turns:]) if view is before), None)
        # all of them where they go between others: the views and widgets must stay side by side
        keep = len(turns) if at is not None else EARLIER_BATCH if earlier else VISIBLE_TURNS
        widgets = [self.make_turn(t) for t in turns[-keep:]]
        if widgets:
            self._reading = None
            shown = self._shown
            anchor = shown[at] if at is not None else None
            await self.mount_all(widgets, before=anchor)
            if shown is not self._shown:
                # cleared meanwhile (another project opened): they went with the rest. Kept, they
                # stood among the next project's turns, and the views and widgets no longer matched
                await self.remove_children(widgets)
                return []
            # counted once they are shown: counted while they were mounted, they were hidden turns
            # to bring back (the view at its top wanted earlier ones), and one stood there twice
            if anchor is None or anchor not in self._shown:
                self._views.extend(turns)
                self._shown.extend(widgets)
            else:  # where the question is now: turns may have come or gone while these mounted
                at = self._shown.index(anchor)
                self._views[self.hidden_turns + at:self.hidden_turns + at] = turns
                self._shown[at:at] = widgets
            if len(self._shown) > VISIBLE_TURNS:
                # in place: a new list is how clear_turns tells work still mounting that it cleared
                old = self._shown[:-VISIBLE_TURNS]
                del self._shown[:-VISIBLE_TURNS]
                await self.remove_children(old)
            await self._update_earlier()
            self.scroll_end(animate=False)
            if reply:
                # a reply that ends a step (its last answer, /volgende at its last question) is
                # read from the next step's title: from its start, the finished step's summary
                # filled the view and the new question was pages below (the summary is above)
                kinds = [w.turn.kind if isinstance(w, AssistantTurn) else "" for w in widgets]
                start = next((w for at, w in enumerate(widgets) if kinds[at] == "step" and "summary" in kinds[:at]),
                             widgets[0])
                self.call_after_refresh(self._show_from, start, widgets[-1])
        return widgets

    async def remove_turn(self, widget: Widget) -> None:
        """Take a shown turn out of the conversation (a streamed reply, once the final one is
        there), from what is mounted and from what scrolling up brings back."""
        if widget in self._shown:
            at = self._shown.index(widget)
            del self._views[self.hidden_turns + at], self._shown[at]
        await widget.remove()

    async def _update_earlier(self) -> None:
        """The line above the oldest shown turn, while there are older ones."""
        hidden = self.hidden_turns
        if hidden and self._earlier is None:
            self._earlier = EarlierTurns(classes="earlier-turns")
            await self.mount(self._earlier, before=0)
        elif not hidden and self._earlier is not None:
            await self._earlier.remove()
            self._earlier = None
        if self._earlier is not None:
            self._earlier.update(Content(self._labels["earlier"].format(n=hidden)))

    # earlier turns come back when the view reaches the top, when the user tries to go further up
    # from there (the turns shown may not fill the view, so it cannot scroll), or clicks the line
    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        if new <= 0 < old:
            self._want_earlier()

    def on_mouse_scroll_up(self) -> None:
        if self.scroll_y <= 0:
            self._want_earlier()

    def on_click(self, event: events.Click) -> None:
        if self._earlier is not None and event.widget is self._earlier:
            self._want_earlier()

    def page(self, direction: int) -> None:
        """Page up (direction < 0) or down; up from the top brings back earlier turns."""
        if direction < 0 and self.scroll_y <= 0:
            self._want_earlier()
        elif direction < 0:
            self.scroll_page_up(animate=False)
        else:
            self.scroll_page_down(animate=False)

    def _want_earlier(self) -> None:
        if self.hidden_turns and not self._loading_earlier:
            self._loading_earlier = True
            self.call_later(self.show_earlier)

    async def show_earlier(self) -> None:
        """Mount the EARLIER_BATCH turns before the oldest shown one, keeping the view where it was."""
        try:
            hidden = self.hidden_turns
            # the turns may have been cleared since this was asked for (the open project deleted)
            if not hidden or not self._shown or self._shown[0].parent is not self:
                return
            views = self._views[max(0, hidden - EARLIER_BATCH):hidden]
            widgets = [self.make_turn(t) for t in views]
            height = self.virtual_size.height
            shown = self._shown
            await self.mount_all(widgets, before=shown[0])
            if shown is not self._shown:  # cleared while they were mounted
                await self.remove_children(widgets)
                return
            shown[:0] = widgets
            await self._update_earlier()
            self.call_after_refresh(self._keep_view, height, self.scroll_y)
        finally:
            self._loading_earlier = False

    def _keep_view(self, height_before: int, y_before: float) -> None:
        # what the user was reading moved down by the height of what was mounted above it
        self.scroll_to(y=y_before + self.virtual_size.height - height_before, animate=False, immediate=True)

    def _show_from(self, start: Widget, end: Widget, tries: int = 20) -> None:
        """A reply from `start` to `end` (its last turn) from its start where it is taller than the
        view; lower by the few lines that keep the first paragraph of `end` whole."""
        if not start.is_mounted:
            return
        if not start.virtual_region.height:
            # not laid out yet (a busy machine refreshed before the layout): its place is unknown,
            # and taken as 0 the view stayed at the conversation's end. Still unknown after the
            # tries (the palette that chose a glossary card closing meanwhile), the view stays
            # at the end: taken as 0, it went to the conversation's top, the card out of sight
            if tries:
                self.call_after_refresh(self._show_from, start, end, tries - 1)
            return
        top = start.virtual_region.y
        height = self.scrollable_content_region.height
        if self.virtual_size.height - top <= height:
            return
        # the question an answer goes back to, cut by the bottom edge ("Waarom zou digitale
        # technologie (een deel van) de" at 60x20), read as if it ended there: the view goes down
        # to its end, which hides no more of the reply's top than the line is tall (the scroll
        # bar shows there is more above); the help and example below it may stay out of sight
        if end is not start and end.is_mounted and end.virtual_region.y < top + height:
            top = max(top, min(self.max_scroll_y, first_paragraph_bottom(end) - height))
        self._reading = (start, end, top)
        self.scroll_to(y=top, animate=False, immediate=True)  # releases the anchor until the end is reached

    def on_resize(self) -> None:
        # narrower (a side panel shown), the text above the reply wraps into more lines: keep
        # the reply's start on top, unless the user has scrolled away from it since
        if self._reading is not None and abs(self.scroll_y - self._reading[2]) < 1:
            start, end, _ = self._reading
            self._reading = None
            self.call_after_refresh(self._show_from, start, end)

    async def clear_turns(self) -> None:
        # forget the turns before removing them: the view scrolls to the top as they go, and
        # earlier turns asked for then must find none
        self._views, self._shown, self._earlier, self._reading = [], [], None, None
        await self.remove_children()
