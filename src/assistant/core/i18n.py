"""The one catalog of everything the assistant says, in Dutch and English.

The texts live in data files, ``resources/messages/<area>.toml`` (plan, answer, learn, tui, and
the smaller ones of llm, export and cli, named after their module), one table per key with its Dutch and English text side by side. They are read once and checked
then: every key has both languages, and both have the same ``{placeholders}``, so a missing
translation or a misspelt field fails at start with the file and key named, not in front of a
user. ``catalog(area).text(key, lang, **fields)`` formats one text; the areas' own modules
(``plan.messages.msg``, ``answer.messages.message``, ``learn.messages.say``, ``tui.i18n.t``) are
thin bindings onto it.
"""

from __future__ import annotations

import string
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType

from assistant.core.resources import MESSAGES_DIR

LANGS = ("nl", "en")


class CatalogError(ValueError):
    """A messages file that cannot be used; names the file and the key."""

    def __init__(self, path: Path, key: str | None, problem: str) -> None:
        self.path, self.key = path, key
        super().__init__(f"{path}" + (f", key '{key}'" if key is not None else "") + f": {problem}")


@dataclass(frozen=True, slots=True)
class Texts:
    """The texts of one area: key -> {"nl": …, "en": …}, in the file's order."""

    area: str
    entries: Mapping[str, Mapping[str, str]]

    def text(self, key: str, lang: str | None = "nl", /, **fields: object) -> str:
        """The text `key` in `lang` (Dutch unless "en"), formatted with `fields` when given.
        An unknown key raises KeyError."""
        text = self.entries[key]["en" if lang == "en" else "nl"]
        return text.format(**fields) if fields else text

    def both(self, key: str, /, **fields: object) -> tuple[str, str]:
        """The text `key` in Dutch and in English, formatted with the same `fields`: the two
        messages of a BilingualError."""
        return self.text(key, "nl", **fields), self.text(key, "en", **fields)

    def has(self, key: str) -> bool:
        return key in self.entries

    def language(self, lang: str | None) -> dict[str, str]:
        """Every text of the area in `lang` (Dutch unless "en"), unformatted, by key."""
        chosen = "en" if lang == "en" else "nl"
        return {key: texts[chosen] for key, texts in self.entries.items()}


@cache
def catalog(area: str) -> Texts:
    """The texts of `area` (the name of its file under resources/messages), read and checked
    once, when the area is first used: the interface need not parse the commands' files."""
    return load_texts(MESSAGES_DIR / f"{area}.toml")


def load_texts(path: Path) -> Texts:
    """One messages file, read and checked; CatalogError naming the file (and key) if broken."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise CatalogError(path, None, f"unreadable: {exc}") from exc
    entries = {key: MappingProxyType(_checked(path, key, texts)) for key, texts in raw.items()}
    return Texts(path.stem, MappingProxyType(entries))


def _checked(path: Path, key: str, texts: object) -> dict[str, str]:
    """The key's {"nl", "en"} table, after checking both are there, are text and agree."""
    if not isinstance(texts, dict):
        raise CatalogError(path, key, 'expected a table with nl = "…" and en = "…"')
    if set(texts) != set(LANGS):
        raise CatalogError(path, key, f"needs exactly the languages nl and en, has {sorted(texts)}")
    fields = {}
    for lang in LANGS:
        text = texts[lang]
        if not isinstance(text, str) or not text:
            raise CatalogError(path, key, f"{lang}: expected a non-empty text")
        fields[lang] = _placeholders(path, key, lang, text)
    if fields["nl"] != fields["en"]:
        raise CatalogError(path, key, f"placeholders differ: nl {sorted(fields['nl'])}, "
                                      f"en {sorted(fields['en'])}")
    return {lang: texts[lang] for lang in LANGS}


def _placeholders(path: Path, key: str, lang: str, text: str) -> set[str]:
    """The {names} that `text` formats; CatalogError for a stray brace."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError as exc:
        raise CatalogError(path, key, f"{lang}: {exc} (write a literal brace as {{{{ or }}}})") from exc
