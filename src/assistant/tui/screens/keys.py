"""Keys of the screens that label their own bindings in the interface's language."""

from __future__ import annotations

from textual.binding import Binding, BindingsMap
from textual.screen import Screen

from assistant.tui.i18n import t


class OwnKeysScreen(Screen):
    """A screen over the main one with help of its own (f1 shows its `HELP_KEY`), shown anew in
    another language when the interface's changes (the lessons, the glossary, the procedures)."""

    HELP_KEY = "help.body"

    async def set_language(self, lang: str) -> None:
        raise NotImplementedError


def screen_bindings(*bindings: Binding) -> BindingsMap:
    """`bindings`, with tab and shift+tab still moving the focus (a screen's own keys replace
    Screen's, which hold those two)."""
    return BindingsMap([Binding("tab", "app.focus_next", show=False),
                        Binding("shift+tab", "app.focus_previous", show=False), *bindings])


def help_binding(lang: str) -> Binding:
    """f1: the help of the screen it is pressed on (its `HELP_KEY`), as on the main screen."""
    return Binding("f1", "app.help", t("key.help", lang), priority=True)


def palette_binding(lang: str) -> Binding:
    """The palette's key, named in `lang` in the footer's corner (Textual's own said "palette")."""
    return Binding("ctrl+p", "app.command_palette", t("key.palette", lang), show=False, priority=True)
