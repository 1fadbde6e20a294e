"""Typing slips in a question ("innovatiepartnerchap", "marktconsulatie") corrected to the
guidance's own words, so that a slip does not read as a question the guidance does not cover.

Only a word the index does not know is corrected, only when it is no Dutch or English word
either ("berekenen", "storing" are words, just not the guidance's), and only to a word of the
guidance one edit away (a letter left out, added, changed, or two letters swapped): further than
that, a "correction" is as likely to be another word the user did not mean.
"""

from __future__ import annotations

import gzip
import logging
import re
import threading
from collections import Counter, defaultdict
from collections.abc import Iterable
from importlib import resources

log = logging.getLogger(__name__)

#: Shorter words have too many neighbours one edit away to guess which was meant.
MIN_LENGTH = 6
#: A word the guidance uses once may itself be a slip or extraction debris.
MIN_COUNT = 2


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


def one_edit_apart(a: str, b: str) -> bool:
    """Whether `b` is `a` with one letter left out, added, changed, or two neighbours swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1:] == short for i in range(len(long)))


class Speller:
    """The guidance's words (folded, as the analyzer sees them), indexed by their one-letter
    deletions: a word one edit away from a slip shares a deletion with it, or is one."""

    def __init__(self, words: Iterable[str]) -> None:
        counts = Counter(w for w in words if w.isalpha())
        self.counts = {w: n for w, n in counts.items() if n >= MIN_COUNT and len(w) >= MIN_LENGTH - 1}
        self._by_deletion: dict[str, list[str]] = defaultdict(list)
        for word in self.counts:
            for deletion in _deletes(word):
                self._by_deletion[deletion].append(word)

    def correction(self, word: str) -> str | None:
        """The guidance's most frequent word one edit away from `word`, if `word` is long enough
        and not one of the guidance's words itself."""
        if len(word) < MIN_LENGTH or not word.isalpha() or word in self.counts:
            return None
        deletions = _deletes(word)
        candidates = set(self._by_deletion.get(word, ()))  # a letter left out
        candidates.update(d for d in deletions if d in self.counts)  # a letter added
        for deletion in deletions:  # a letter changed, two letters swapped
            candidates.update(self._by_deletion.get(deletion, ()))
        candidates = {c for c in candidates if one_edit_apart(word, c)}
        if not candidates:
            return None
        return max(candidates, key=lambda c: (self.counts[c], c))


class WordList:
    """Whether a word is Dutch or English: the word frequency lists of pyspellchecker, read once
    into newline-separated strings, one per language and first two letters (a few MB; the
    package's own checker holds ~70 MB of dictionaries, a set of the words ~40 MB). A lookup
    searches one of those strings per language (most under 1 KB, the largest, Dutch "ge", ~180
    KB): microseconds, fast enough for the index build's thousand words. Without the lists,
    every word counts as a word of each: nothing is corrected."""

    LANGUAGES = ("nl", "en")
    _ENTRY = re.compile(r'^"(.*)": \d+,?$', re.M)

    def __init__(self) -> None:
        self._words: dict[str, dict[str, str]] | None = None
        self._lock = threading.Lock()

    def _load(self) -> dict[str, dict[str, str]]:
        with self._lock:
            if self._words is None:
                languages: dict[str, dict[str, str]] = {}
                for language in self.LANGUAGES:
                    groups: dict[str, list[str]] = defaultdict(list)
                    try:
                        path = resources.files("spellchecker") / "resources" / f"{language}.json.gz"
                        with gzip.open(path.open("rb"), "rt", encoding="utf-8") as handle:
                            for word in self._ENTRY.findall(handle.read()):
                                groups[word[:2]].append(word)
                    except (OSError, ImportError, ValueError, EOFError) as exc:
                        log.warning("word list %s unavailable, no spelling corrections: %s", language, exc)
                        languages.clear()
                        break
                    languages[language] = {prefix: f"\n{chr(10).join(words)}\n" for prefix, words in groups.items()}
                self._words = languages
            return self._words

    def available(self) -> bool:
        return bool(self._load())

    def in_language(self, word: str, language: str) -> bool:
        """Whether `word` is a word of `language` ("nl", "en")."""
        languages = self._load()
        return not languages or f"\n{word}\n" in languages[language].get(word[:2], "")

    def __contains__(self, word: str) -> bool:
        return any(self.in_language(word, language) for language in self.LANGUAGES)


WORD_LIST = WordList()  # Dutch and English words, read on the first question that needs them
