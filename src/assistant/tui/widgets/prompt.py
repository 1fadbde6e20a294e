"""The input under the conversation: one line by default, grows for lists, with history.

enter sends; ctrl+j (or shift+enter / alt+enter where the terminal reports them) starts a new
line; up on the first line recalls earlier input, down on the last line goes forward again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual.binding import Binding
from textual.message import Message
from textual.strip import Strip
from textual.widgets import TextArea

from assistant.core.textsafe import short

MAX_LINES = 6


def fit_label(label: str, width: int) -> str:
    """The input's label in `width` columns: its last phrases (" · of stel een vraag · /help")
    left out whole, then the first cut between words. Cut where it wrapped, it read "Antwoord
    op: Waarom zou digitale technologie (een… · of" at 60 columns."""
    phrases = label.split(" · ")
    while len(phrases) > 1 and len(" · ".join(phrases)) > width:
        phrases.pop()
    return short(" · ".join(phrases), width)


def looks_like_command(text: str) -> bool:
    """Whether `text` reads as a command ("/stap 7", "/stpe 7"), known or not."""
    return text.lstrip().startswith("/")


class PromptInput(TextArea):
    """A TextArea that submits on enter and keeps a history of what was sent."""

    #: Keys that start a new line instead of sending (terminals report shift+enter rarely).
    NEWLINE_KEYS = ("ctrl+j", "shift+enter", "alt+enter")

    # ctrl+g: free in the app and in TextArea, and every terminal sends it (ctrl+shift+… and
    # ctrl+backspace they do not tell apart); ctrl+a is the line's start, as in a shell
    BINDINGS = [Binding("ctrl+g", "clear_all", "clear the input", show=False)]

    @dataclass
    class Submitted(Message):
        prompt: PromptInput
        text: str
        #: text that came back into the input (bring_back) with a command typed right after it:
        #: only the command was sent, this waits for its question again
        kept: str | None = None

        @property
        def control(self) -> PromptInput:
            return self.prompt

    @dataclass
    class RecalledWaiting(Message):
        """↑ or ↓ brought back a text set aside that waits for `question` (bring_back): Enter
        sends it to the question asked now, which may be another."""
        prompt: PromptInput
        question: object

        @property
        def control(self) -> PromptInput:
            return self.prompt

    def render_line(self, y: int) -> Strip:
        # no room for text (both side panels shown in a narrow terminal): Textual's placeholder
        # wrap fails on a width of 0, and took the app with it
        width = self.content_size.width
        if width <= 0:
            return Strip.blank(self.size.width, self.rich_style)
        label = self.placeholder
        if self.text or not isinstance(label, str) or len(label) <= width:
            return super().render_line(y)
        # drawn for this width only: the placeholder stays whole for the next resize
        self.set_reactive(PromptInput.placeholder, fit_label(label, width))
        try:
            return super().render_line(y)
        finally:
            self.set_reactive(PromptInput.placeholder, label)

    def __init__(self, placeholder: str = "", *, is_command: Callable[[str], bool] = lambda text: False,
                 **kwargs) -> None:
        super().__init__(
            "", soft_wrap=True, show_line_numbers=False, tab_behavior="focus",
            placeholder=placeholder, compact=True, highlight_cursor_line=False, **kwargs,
        )
        #: what was typed and sent or set aside, by the project it was typed in (None: without a
        #: project); ↑ and ↓ go through the open one's only (use_history): one list for all sent
        #: one project's answer into another, where Enter stored it
        self.histories: dict[object, list[str]] = {}
        self._history_of: object = None
        self._history_index: int | None = None
        self._draft = ""
        #: the text last taken out of the input unsent (set_aside), until it is brought back
        self._set_aside: str | None = None
        #: text set aside as the question changed, by the question it was typed for: it comes back
        #: when that question is asked again (bring_back)
        self._aside_for: dict[object, str] = {}
        #: the question and text last brought back into the input, while it may still be there
        self._brought_back: tuple[object, str] | None = None
        #: whether a line is a command the app knows (what is typed after text brought back)
        self._is_command = is_command
        #: the text in the input when it last lost the keys: what was typed for the question
        #: asked then, apart from keys that reached it afterwards
        self._text_when_left: str | None = None

    @property
    def past(self) -> list[str]:
        """What ↑ brings back: the history of the project open (use_history), the last sent last."""
        return self.histories.setdefault(self._history_of, [])

    @property
    def history_of(self) -> object:
        """The project whose history ↑ and ↓ go through (None: the one typed without a project)."""
        return self._history_of

    def use_history(self, project: object) -> None:
        """↑ and ↓ go through what was typed in `project` from now on (None: without a project);
        the other projects' histories are kept for when they are open again."""
        if project == self._history_of:
            return
        self._history_of = project
        self._history_index = None
        self._draft = ""
        self._set_aside = None  # that project's: ↑ here does not join it to what is typed
        self._brought_back = None

    def _on_blur(self, event) -> None:
        self._text_when_left = self.text
        super()._on_blur(event)

    # --- size follows the number of lines -------------------------------------------
    def _on_text_area_changed(self, event: TextArea.Changed) -> None:
        self._fit()

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        lines = max(1, min(MAX_LINES, self.wrapped_document.height if self.size.width else self.document.line_count))
        self.styles.height = lines

    # --- keys ------------------------------------------------------------------------
    async def _on_key(self, event) -> None:
        # Handled here, in order with the typed characters (a priority binding would run
        # before characters still queued for this widget, and send half a line).
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.action_submit()
            return
        if event.key in self.NEWLINE_KEYS:
            event.stop()
            event.prevent_default()
            self.action_newline()
            return
        await super()._on_key(event)

    # --- actions ---------------------------------------------------------------------
    def action_submit(self) -> None:
        kept, text = self._command_after_brought_back(self.text)
        self._set_aside = None
        if text.strip():
            self._remember(text)
            # sent (brought back with ↑, perhaps elsewhere): not put back for its question again
            self._aside_for = {question: aside for question, aside in self._aside_for.items() if aside != text}
        if kept is not None:
            self._remember(kept)  # after the command: ↑ brings it back first
        self._history_index = None
        self._draft = ""
        if text:
            # now, in order with the keys typed after enter; spaces alone too: left there, they hid
            # the question the input names, and the next answer began with them
            self.clear_input()
        self.post_message(self.Submitted(self, text, kept))

    def _command_after_brought_back(self, text: str) -> tuple[str | None, str]:
        """The text brought back into the input, where `text` is a known command typed right after
        it or over it (it came back selected), and what to send: the command alone. That text
        waits for its question again (in `_aside_for`): keys typed on without a look at the input
        ("/volgende" after it came back) stored "…hoeveel/volgende" as the answer. None: `text`
        is sent as it is."""
        brought_back, self._brought_back = self._brought_back, None
        if brought_back is None:
            return None, text
        question, back = brought_back
        if text.startswith(back):
            command = text[len(back):].strip()
        elif looks_like_command(back):
            return None, text  # a refused command typed over is no text to wait for its question
        else:
            command = text.strip()
        if not self._is_command(command):
            return None, text
        if question is not None:
            self._wait_for(question, back)
        return back, command

    def action_newline(self) -> None:
        self.insert("\n")

    # ctrl+u and ctrl+k act on the whole line typed, as in a shell: Textual's act on the screen
    # row, and a 25,000-character paste took 600 presses of ctrl+u to clear
    def action_delete_to_start_of_line(self) -> None:
        row, column = self.selection.end
        if column == 0 or not self.selection.is_empty:
            super().action_delete_to_start_of_line()
            return
        self.delete((row, 0), (row, column))

    def action_delete_to_end_of_line(self) -> None:
        row, column = self.selection.end
        self.delete((row, column), (row, len(self.document.get_line(row))))

    def action_clear_all(self) -> None:
        """All of the input cleared at once, kept under ↑: a 200 KB paste refused as too long took
        a ctrl+u per line, 16,000 of them, and came back as a draft after every restart."""
        self.remember_unsent(self.text)
        self._brought_back = None
        self.clear_input()

    def action_cursor_up(self, select: bool = False) -> None:
        if not select and self.cursor_location[0] == 0 and self.past:
            self._recall(-1)
            return
        super().action_cursor_up(select)

    def action_cursor_down(self, select: bool = False) -> None:
        last = self.document.line_count - 1
        if not select and self._history_index is not None and self.cursor_location[0] == last:
            self._recall(+1)
            return
        super().action_cursor_down(select)

    def _recall(self, delta: int) -> None:
        if self._history_index is None:
            if delta > 0:
                return
            if self._set_aside is not None and self.past and self.past[-1] == self._set_aside and self.text.strip():
                # typed on after a click set the text aside: ↑ brings it back before what was
                # typed since, not instead of it (the words typed after the click were lost)
                joined = self._set_aside + ("" if self.text[:1].isspace() else " ") + self.text
                self._set_aside = None
                self.load_text(joined)
                self.move_cursor(self.document.end)
                return
            self._draft = self.text
            index = len(self.past) - 1
        else:
            index = self._history_index + delta
        if index < 0:
            return
        if index >= len(self.past):
            self._history_index = None
            self.load_text(self._draft)
        else:
            self._history_index = index
            self.load_text(self.past[index])
            waits_for = next((question for question, aside in self._aside_for.items() if aside == self.past[index]),
                             None)
            if waits_for is not None:
                self.post_message(self.RecalledWaiting(self, waits_for))
        self.move_cursor(self.document.end)

    def set_aside(self, *, since_left: bool = False, question: object = None) -> bool:
        """Take unsent text out of the input into its history (↑ brings it back); whether there
        was any. `since_left` (a step or a line of the record chosen, the keys elsewhere): only
        the text that was there when the keys left; what reached the input since (digits typed
        on into the steps list, "250000 euro" after the "2" that opened step 2) is meant for the
        question now asked, and stays. `question`: the one it was typed for (bring_back)."""
        text = self.text
        before = self._text_when_left
        if since_left and before is not None and text.startswith(before):
            typed_since, text = text[len(before):], before
        else:
            typed_since = ""
        if not text.strip():
            return False
        self._remember(text)
        self.clear_input()
        if typed_since:
            self.insert(typed_since.lstrip())
        self._set_aside = text
        self._text_when_left = None
        self._brought_back = None
        if question is not None:
            self._wait_for(question, text)
        return True

    def _wait_for(self, question: object, text: str) -> None:
        # set aside last, last in the dict: the one kept with the project (Drafts._unsent)
        self._aside_for.pop(question, None)
        self._aside_for[question] = text

    def wait_for(self, question: object, text: str) -> None:
        """`text`, typed for `question` and not sent (a draft kept for it), under ↑ now and back in
        the input when that question is asked (bring_back), as if set aside from it."""
        if text.strip():
            self._remember(text)
            self._wait_for(question, text)

    def waiting(self) -> list[tuple[object, str]]:
        """The texts set aside that wait for their question, with it, the last set aside last."""
        return list(self._aside_for.items())

    def bring_back(self, question: object) -> bool:
        """The text set aside for `question` back in the input, now that it is asked again, where
        the input is empty (it stays in the history too); whether it came back. It comes back
        selected: what is typed next replaces it (ctrl+z brings it back), a key that moves keeps
        it to add to; with the cursor at its end, an answer typed on without a look at the input
        was stored glued to it ("abc defBurgers worden …")."""
        text = self._aside_for.get(question)
        if text is None or self.text.strip():
            return False
        del self._aside_for[question]
        if self._set_aside == text:
            self._set_aside = None  # ↑ does not join it to itself
        self.put_back(text, question, select=True)
        return True

    def put_back(self, text: str, question: object = None, *, select: bool = False) -> None:
        """`text`, typed earlier for `question` and not sent (a draft, or refused), into the input,
        the cursor at its end: a known command typed right after it runs alone, and the text waits
        for its question again (action_submit); None: no question known, it waits under ↑ only.
        `select`: it comes back selected, and what is typed next replaces it (it stays under ↑)."""
        self.load_text(text)
        if select:
            self._remember(text)  # typed over, it is not lost
            self.select_all()
        else:
            self.move_cursor(self.document.end)
        self._brought_back = (question, text)

    def remember_unsent(self, text: str, project: object = ...) -> None:
        """Put `text`, typed earlier and not sent, last in the history (↑ brings it back) without
        touching what is in the input; `project`: in that project's history (None: the one
        without a project), not the open one's."""
        if text.strip():
            self._remember(text, self.past if project is ... else self.histories.setdefault(project, []))

    def _remember(self, text: str, past: list[str] | None = None) -> None:
        """`text` last in the history (`past`: another project's), once (sent twice running, it
        is there once)."""
        past = self.past if past is None else past
        if not past or past[-1] != text:
            past.append(text)

    def clear_input(self) -> None:
        self.load_text("")
        self._history_index = None
