"""A dialog's text field that moves on to the next field in order with the typed keys.

A terminal delivers pasted or fast-typed text together, and so does a busy app (the model
loading in a worker): "name", tab, "organisation" arrive in one burst. Input leaves tab to the
screen's binding and enter to a message the dialog handles, both of which run after the keys
already queued for the field, so the organisation was typed onto the end of the name, and
a question typed right after the name's enter became the organisation.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import events
from textual.widgets import Input


class FieldInput(Input):
    """An Input where tab and shift+tab move the focus at once, enter (with `on_enter`)
    submits at once, and keys still queued for it after the focus moved
    go to the field that has it now, or, once the dialog has closed, to what has the focus then
    (the conversation's input: a line typed after the project's name is not lost)."""

    def __init__(self, *args, on_enter: Callable[[], object] | None = None, **kwargs) -> None:
        # tab puts the cursor at the end: with all of it selected, what was typed to add to a
        # value (an organisation's department) replaced it
        kwargs.setdefault("select_on_focus", False)
        super().__init__(*args, **kwargs)
        self.on_enter = on_enter

    async def _on_key(self, event: events.Key) -> None:
        closed = self.app.screen is not self.screen
        focused = self.app.focused if closed else self.screen.focused
        if focused is not None and focused is not self and (closed or isinstance(focused, Input)):
            # typed after a tab or enter that this field handled: the next field's keys
            event.stop()
            event.prevent_default()
            focused.post_message(events.Key(event.key, event.character))
            return
        if closed:
            return
        if event.key == "enter" and self.on_enter is not None:
            event.stop()
            event.prevent_default()
            self.on_enter()
            return
        if event.key in ("tab", "shift+tab"):
            event.stop()
            event.prevent_default()
            if event.key == "shift+tab":
                self.screen.focus_previous()
            else:
                self.screen.focus_next()
            return
        await super()._on_key(event)
