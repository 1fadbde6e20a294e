"""A dialog's text field that moves on to the next field in order with the typed keys.

A terminal delivers pasted or fast-typed text together, and so does a busy app (the model
loading in a worker): "name", tab, "organisation" arrive in one burst. Input leaves tab to the
screen's binding and enter to a message the dialog handles, both of which run after the keys
already queued for the field, so the organisation was typed onto the end of the name.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input


class FieldInput(Input):
    """An Input where tab, shift+tab and (with `enter_moves_on`) enter move the focus at once,
    and keys still queued for it after the focus moved go to the field that has it now."""

    def __init__(self, *args, enter_moves_on: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.enter_moves_on = enter_moves_on

    async def _on_key(self, event: events.Key) -> None:
        focused = self.screen.focused
        if focused is not self and isinstance(focused, Input):
            # typed after a tab or enter that this field handled: the next field's keys
            event.stop()
            event.prevent_default()
            focused.post_message(events.Key(event.key, event.character))
            return
        if event.key in ("tab", "shift+tab") or (event.key == "enter" and self.enter_moves_on):
            event.stop()
            event.prevent_default()
            if event.key == "shift+tab":
                self.screen.focus_previous()
            else:
                self.screen.focus_next()
            return
        await super()._on_key(event)
