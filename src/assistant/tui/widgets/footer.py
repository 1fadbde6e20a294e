"""The footer's keys, each whole or not at all: Textual's footer scrolls its keys under the
palette's key at the right edge, so a narrow terminal showed "^o ope▏^p opdrachtent" (a label
cut, and a letter of the next one after the palette's) and no key for quitting or for help."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual.widgets import Footer
from textual.widgets._footer import FooterKey

#: The actions whose keys stay in sight as long as any do: the ways out and to help.
KEPT_ACTIONS = ("app.quit", "app.help", "close")


class FittingFooter(Footer):
    """A Footer that leaves out whole keys where they do not all fit left of the palette's
    key: first the rightmost of those `needed` does not name, then those it names, the last
    named first. `needed` (asked at each fit: what is needed may change) gives the actions in
    order of need; KEPT_ACTIONS where it is not given."""

    def __init__(self, *, needed: Callable[[], Sequence[str]] | None = None) -> None:
        super().__init__()
        self.needed = needed or (lambda: KEPT_ACTIONS)

    def bindings_changed(self, screen) -> None:
        # Textual leaves the keys as they were while the terminal has no focus (resized from
        # another tmux pane or window): the labels of the width before stayed, and at 70 columns
        # English read "^q qu▏^p commands"
        super().bindings_changed(screen)
        if not screen.app.app_focus and self.is_attached and screen is self.screen:
            self.call_after_refresh(self.recompose)

    async def recompose(self) -> None:
        await super().recompose()
        self.call_after_refresh(self.fit_keys)

    def on_resize(self) -> None:
        self.call_after_refresh(self.fit_keys)

    def fit_keys(self) -> None:
        keys = [key for key in self.query(FooterKey) if not key.has_class("-command-palette")]
        palette = [key for key in self.query(FooterKey) if key.has_class("-command-palette")]
        room = self.size.width - sum(map(_width, palette))
        widths = {key: _width(key) for key in keys}
        shown = list(keys)
        needed = list(self.needed())
        dropping = [key for key in reversed(keys) if key.action not in needed] + \
                   sorted((key for key in keys if key.action in needed), key=lambda key: -needed.index(key.action))
        # the last key's right margin may lie under the palette's key
        while shown and sum(widths[key] for key in shown) - shown[-1].styles.margin.right > room:
            shown.remove(dropping.pop(0))
        for key in keys:
            key.display = key in shown


def _width(key: FooterKey) -> int:
    """The columns `key` takes, margins included, from its label and style, not from the layout:
    a key left out has no place there, nor has any on a screen under a dialog."""
    return key.render().cell_len + key.styles.gutter.width + key.styles.margin.width
