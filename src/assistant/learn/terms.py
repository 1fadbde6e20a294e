"""The glossary for browsing: all terms in name order, a search over names and definitions,
and the terms a lesson uses."""

from __future__ import annotations

import re
import unicodedata

from assistant.learn.lessons import Lesson
from assistant.plan.glossary import Glossary, Term


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower())
    return re.sub(r"\s+", " ", "".join(c for c in text if not unicodedata.combining(c))).strip()


def sorted_terms(glossary: Glossary, lang: str) -> list[Term]:
    return sorted(glossary, key=lambda term: _fold(term.name(lang)))


def search_terms(glossary: Glossary, query: str, lang: str) -> list[Term]:
    """Terms whose name, other-language name, aliases or synonyms contain `query` first, then
    those whose definition does; all terms for an empty query."""
    q = _fold(query)
    terms = sorted_terms(glossary, lang)
    if not q:
        return terms
    by_name = [t for t in terms if _named(t, q)]
    by_name.sort(key=lambda t: _rank(t, q))  # stable: name order within a rank
    by_definition = [t for t in terms if t not in by_name
                     and any(_holds(_fold(text), q, whole=True) for text in (t.definition_nl, t.definition_en))]
    return by_name + by_definition


#: The longest query found only where a word starts: "IP" listed 23 of the 71 terms, by the
#: letters inside "partnership", "entrepreneur" and "principe".
WORD_START_QUERY = 3


def _holds(text: str, q: str, *, whole: bool = False) -> bool:
    """Whether the folded `text` holds the folded query `q`: a short one at a word's start, or
    as a `whole` word (in a definition, "ie" began "iedereen" by chance)."""
    if len(q) > WORD_START_QUERY:
        return q in text
    return re.search(r"(?<!\w)" + re.escape(q) + (r"(?!\w)" if whole else ""), text) is not None


def _named(term: Term, q: str) -> bool:
    """Whether a name of `term` holds the folded query `q`, other than inside a longer
    abbreviation of it: "mvi" listed EMVI alone, as if it were MVI (another term, not in the
    glossary); "sbi" still finds SBIR, which it begins. The key ("emvi") writes it in lower case."""
    inside = {_fold(word) for name in term.names() for word in re.findall(r"\w+", name)
              if len(word) > 1 and word.isupper() and q in _fold(word) and not _fold(word).startswith(q)}
    names = [_fold(name) for name in term.names()]
    if inside:
        abbreviations = re.compile(r"\b(?:" + "|".join(map(re.escape, inside)) + r")\b")
        names = [abbreviations.sub(" ", name) for name in names]
    return any(_holds(name, q) for name in names)


#: The longest query read as an abbreviation (IP, PCP, TRL, SBIR).
MAX_ABBREVIATION = 4


def _rank(term: Term, q: str) -> int:
    """-1: its name is the query, or an abbreviation of it is ("IP" is intellectual property's,
    where "innovation partnership" only holds the letters and came first; a longer synonym, such as
    the entrepreneur's "vendor", does not outrank "vendor lock-in"); 0: its Dutch or English name
    starts with the query; 1: an alias or synonym does; 2: contains."""
    if any(_fold(n) == q for n in (term.nl, term.en)) or (
            len(q) <= MAX_ABBREVIATION and any(_fold(n) == q for n in term.names())):
        return -1
    if any(_fold(n).startswith(q) for n in (term.nl, term.en)):
        return 0
    return 1 if any(_fold(n).startswith(q) for n in term.names()) else 2


def lesson_terms(glossary: Glossary, lesson: Lesson, *translations: Lesson) -> list[Term]:
    """The glossary terms a lesson's text and quotes mention, or its `translations` do (its "terms
    in this lesson"), in the glossary's order. Each language finds names the other misses (English
    plurals are matched, Dutch ones are not: "entrepreneurs" found a term "ondernemers" did not), and
    one lesson's lists differed between its languages. A name that is one term's own and another's
    alias is that term's alone ("randvoorwaarden" listed the boundary requirements too)."""
    named: set[str] = set()
    for version in (lesson, *translations):
        text = " ".join([version.title, version.purpose, version.place, *version.decisions,
                         *(q.text for q in version.quotes()), *(t.text for t in version.tips)])
        named.update(term.key for _, term in glossary.named_terms(text))
    return [term for term in glossary if term.key in named]
