"""Keys of the screens that label their own bindings in the interface's language."""

from __future__ import annotations

from textual.binding import Binding, BindingsMap


def screen_bindings(*bindings: Binding) -> BindingsMap:
    """`bindings`, with tab and shift+tab still moving the focus (a screen's own keys replace
    Screen's, which hold those two)."""
    return BindingsMap([Binding("tab", "app.focus_next", show=False),
                        Binding("shift+tab", "app.focus_previous", show=False), *bindings])
