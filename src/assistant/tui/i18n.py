"""Interface labels of the terminal app, Dutch and English.

Only words of the interface live here (buttons, titles, hints); what the assistant says comes
from the domain (`assistant.plan`, `prompts/`). `t(key, lang, **values)` formats a label; the
labels are in resources/messages/tui.toml.
"""

from __future__ import annotations

from assistant.core.i18n import catalog

LANGUAGES = ("nl", "en")

_TEXTS = catalog("tui")


def has_label(key: str) -> bool:
    return _TEXTS.has(key)


def t(key: str, lang: str = "nl", /, **values: object) -> str:
    """The label `key` in `lang` (falls back to Dutch, then to the key itself)."""
    return _TEXTS.text(key, lang, **values) if _TEXTS.has(key) else key


def keys() -> list[str]:
    return list(_TEXTS.entries)
