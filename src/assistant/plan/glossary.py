"""The domain glossary: `prompts/glossary.toml`, loaded and validated once.

- `lookup(term, lang)`: the `Term` for a Dutch or English name, alias or synonym (or None).
- `suggest(term, lang)`: close names when the lookup fails.
- `term_card(name, lang)`: the card for a name, saying under which term it was found where the card
  does not show that name.
- `dutch_terms_for(text)` / `expand_query(text)`: the Dutch words the guidance uses for the
  English (or Dutch) domain vocabulary in a question, for query expansion.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.core.resources import PROMPTS_DIR
from assistant.core.textsafe import escape_markdown, short
from assistant.knowledge.definitions import definition_pattern, definition_subject, defines, subject_asked_about
from assistant.knowledge.text import (english_dutch_lexicon, english_dutch_phrases, fold, lexicon_translations,
                                      looks_english, stopwords)
from assistant.plan.datafile import DataFileError, locate, read_toml
from assistant.plan.messages import msg
from assistant.plan.titles import guidance_source

GLOSSARY_PATH = PROMPTS_DIR / "glossary.toml"


class GlossaryError(DataFileError):
    """The glossary file cannot be used; names the file and (when known) the line."""


class _TermModel(BaseModel):
    model_config = ConfigDict(extra="forbid")

    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    nl: str = Field(min_length=1)
    en: str = Field(min_length=1)
    aliases_nl: list[str] = Field(default_factory=list)
    synonyms_en: list[str] = Field(default_factory=list)
    definition_nl: str = Field(min_length=1)
    definition_en: str = Field(min_length=1)
    source: str = ""
    see_also: list[str] = Field(default_factory=list)


class _FileModel(BaseModel):
    model_config = ConfigDict(extra="forbid")

    term: list[_TermModel] = Field(min_length=1)


def _norm(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form for matching names."""
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[\-_/‘’'`´\"“”()\[\].,:;!?]+", " ", text)  # ‘ too: ‘v1.0 product’ named no term
    return re.sub(r"\s+", " ", text).strip()


@dataclass(frozen=True)
class Term:
    key: str
    nl: str
    en: str
    definition_nl: str
    definition_en: str
    aliases_nl: tuple[str, ...] = ()
    synonyms_en: tuple[str, ...] = ()
    source: str = ""
    see_also: tuple[str, ...] = ()

    def name(self, lang: str = "nl") -> str:
        return self.en if lang == "en" else self.nl

    def definition(self, lang: str = "nl") -> str:
        return self.definition_en if lang == "en" else self.definition_nl

    @property
    def dutch_names(self) -> tuple[str, ...]:
        return (self.nl, *self.aliases_nl)

    @property
    def english_names(self) -> tuple[str, ...]:
        return (self.en, *self.synonyms_en)

    def names(self) -> tuple[str, ...]:
        return (self.key.replace("_", " "), *self.dutch_names, *self.english_names)

    def render(self, lang: str = "nl", glossary: Glossary | None = None, *, see_also: bool = True) -> str:
        """A short Markdown card: name — other language's name, definition, source, see also
        (`see_also` False: the caller lists them itself)."""
        other = self.nl if lang == "en" else self.en
        head = f"**{self.name(lang)}**"
        if _norm(other) != _norm(self.name(lang)):
            # always after a dash: in brackets where the name had none, after a dash where it had
            # ("EMVI (economisch …)" in brackets read "(NL: EMVI (…))"), the cards had two formats
            head += f" — {'NL' if lang == 'en' else 'EN'}: {other}"
        lines = [head, self.definition(lang)]
        if self.source:
            lines.append(f"{'Source' if lang == 'en' else 'Bron'}: {guidance_source(self.source, lang)}")
        if self.see_also and see_also:
            g = glossary or load_glossary()
            names = [g.terms[k].name(lang) for k in self.see_also if k in g.terms]
            if names:
                lines.append(f"{'See also' if lang == 'en' else 'Zie ook'}: {', '.join(names)}")
        # paragraphs: single line breaks run together in Markdown ("… kan raken. Bron: …")
        return "\n\n".join(lines)

    def __str__(self) -> str:
        return self.render("nl")


#: A name written as an abbreviation: "PCP", "TRL", "IE"
_ABBREVIATION = re.compile(r"[A-Z]{2,6}")


def name_initials(name: str) -> str:
    """The first letters of a name's words, hyphenated parts too: "pre-commercial procurement" -> "pcp"."""
    return "".join(word[0] for word in re.split(r"[\s\-–]+", name.lower()) if word)


def _other_number(name: str) -> str | None:
    """An English name in the other grammatical number, its last word changed ("boundary
    conditions" <-> "boundary condition", "policies" -> "policy"); None for an abbreviation or
    a word that has no plain plural."""
    if not name or _ABBREVIATION.fullmatch(name) or not name[-1].isalpha():
        return None
    low = name.lower()
    if low.endswith("ies") and len(low) > 4:
        return name[:-3] + "y"
    if low.endswith(("ss", "us", "is")):
        return None
    if low.endswith("s"):
        return name[:-1]
    if low.endswith(("sh", "ch", "x", "z")):
        return name + "es"
    if low.endswith("y") and len(low) > 2 and low[-2] not in "aeiou":
        return name[:-1] + "ies"
    return name + "s"


#: A suggestion besides the closest must be within this much of its closeness (difflib's ratio)
#: and at least SUGGEST_FLOOR close: the second candidates a fixed count filled in were far-fetched.
SUGGEST_MARGIN = 0.1
SUGGEST_FLOOR = 0.7
#: How close a name must be to be suggested at all (difflib.get_close_matches' default).
SUGGEST_CUTOFF = 0.6


@dataclass
class Glossary:
    terms: dict[str, Term]
    _index: dict[str, str] = field(default_factory=dict, repr=False)  # normalised name -> key
    _english: list[tuple[str, list[str]]] = field(default_factory=list, repr=False)
    _own_names: dict[str, set[str]] = field(default_factory=dict, repr=False)  # key -> its own names, normalised

    def __post_init__(self) -> None:
        # first come, first served: a term's own names win over others' aliases
        for term in self.terms.values():
            own = (term.key.replace("_", " "), term.nl, term.en)
            self._own_names[term.key] = {_norm(name) for name in own}
            for name in own:
                self._index.setdefault(_norm(name), term.key)
        # then an abbreviation, for the term whose name it abbreviates: SBIR lists "PCP" among
        # its synonyms, and "what does PCP stand for?" got SBIR, not pre-commercial procurement
        for term in self.terms.values():
            initials = {name_initials(name) for name in (term.nl, term.en)}
            for name in term.names():
                if _ABBREVIATION.fullmatch(name) and name.lower() in initials:
                    self._index.setdefault(_norm(name), term.key)
        for term in self.terms.values():
            for name in term.names():
                self._index.setdefault(_norm(name), term.key)
        # last, an English name in the other number: "boundary condition" was no term while
        # "boundary conditions" was, and the app's own texts use both
        for term in self.terms.values():
            for name in term.english_names:
                if (other := _other_number(name)) is not None:
                    self._index.setdefault(_norm(other), term.key)
        by_name: dict[str, list[str]] = {}
        for t in self.terms.values():
            for n in (*t.english_names, *t.dutch_names):
                if _norm(n) and t.key not in by_name.setdefault(_norm(n), []):
                    by_name[_norm(n)].append(t.key)
        for t in self.terms.values():
            for n in t.english_names:
                other = _other_number(n)
                if other is not None and _norm(other) not in by_name:
                    by_name[_norm(other)] = [t.key]
        self._english = sorted(by_name.items(), key=lambda p: (-len(p[0]), p[0]))

    def __iter__(self):
        return iter(self.terms.values())

    def __len__(self) -> int:
        return len(self.terms)

    def lookup(self, term: str, lang: str = "nl") -> Term | None:
        """The term named `term` in Dutch or English (name, alias, synonym or key)."""
        q = _norm(term or "")
        if not q:
            return None
        key = self._index.get(q)
        if key is None and q.endswith("s"):
            key = self._index.get(q[:-1])
        if key is None:
            key = self._index.get(re.sub(r"\s*\(.*$", "", q))
        return self.terms.get(key) if key else None

    def suggest(self, term: str, lang: str = "nl", n: int = 5) -> list[str]:
        """Names of terms close to `term` (for 'did you mean'), the closest first: each term by
        its name closest to `term`, its own name in `lang`, then in the other language, before
        its synonyms where they are as close."""
        q = _norm(term or "")
        if not q:
            return []
        # per term: (closeness, which kind of name, whether a name is in the query or it in one)
        found: dict[str, tuple[float, int, bool]] = {}
        for t in self.terms.values():
            for rank, name in self._names_ranked(t, lang):
                within = q in name or (len(name) > 3 and name in q)
                # spaces and hyphens aside: "precomercial procurment" is nearer SBIR's synonym
                # "precommercial procurement" than "pre-commercial procurement", the term's own name
                closeness = difflib.SequenceMatcher(None, q.replace(" ", ""), name.replace(" ", "")).ratio()
                if not within and closeness < SUGGEST_CUTOFF:
                    continue
                best = found.get(t.key)
                if best is None or (closeness, -rank) > (best[0], -best[1]):
                    found[t.key] = (closeness, rank, within or (best is not None and best[2]))
                elif within:
                    found[t.key] = (*best[:2], True)
        # by closeness: "innovation partnrship" offered "digital innovation" (a synonym, "innovation",
        # is in it) before "innovation partnership"
        keys = sorted(found, key=lambda k: (-found[k][0], found[k][1], self.terms[k].name(lang)))
        # a name in the query or the query in a name, the closest, and others only as close as it
        # nearly is: "prijsvaag" offered "prijsvraag, privacy" and "launching costumer" "launching
        # customer, vendor lock-in" (by "switching cost")
        if keys:
            floor = max(found[keys[0]][0] - SUGGEST_MARGIN, SUGGEST_FLOOR)
            keys = [k for i, k in enumerate(keys) if i == 0 or found[k][2] or found[k][0] >= floor]
        return list(dict.fromkeys(self.terms[k].name(lang) for k in keys))[:n]

    def _names_ranked(self, term: Term, lang: str) -> list[tuple[int, str]]:
        """`term`'s names, normalised, each with its kind: 0 its own name in `lang`, 1 in the
        other language, 2 an alias, synonym, abbreviation or its key that the lookup finds it by,
        3 one the lookup gives another term ("PCP" is pre-commercial procurement's, and SBIR's)."""
        own = _norm(term.name(lang))
        other = _norm(term.name("nl" if lang == "en" else "en"))
        rest = {name for name, key in self._index.items() if key == term.key}
        rest |= {_norm(name) for name in term.names()}
        return [(0, own), (1, other),
                *((2 if self._index.get(name) == term.key else 3, name) for name in sorted(rest - {own, other}))]

    def dutch_terms_for(self, text: str) -> list[Term]:
        """Terms whose English or Dutch names occur in `text` (longest match first, no overlaps)."""
        return list(dict.fromkeys(term for _, term in self._mentions(text, own_names_first=False)))

    def named_terms(self, text: str) -> list[tuple[str, Term]]:
        """The terms `text` names, each with its name as the term lists it ("living lab", the
        proeftuin's synonym); a name that is one term's own and others' synonym is that term's
        alone ("pre-commercial procurement" is pre-commercieel inkopen, which SBIR is a form of)."""
        named: dict[str, tuple[str, Term]] = {}
        for name, term in self._mentions(text, own_names_first=True):
            as_listed = next((n for n in (*term.english_names, *term.dutch_names) if _norm(n) == name), name)
            named.setdefault(term.key, (as_listed, term))
        return list(named.values())

    def _mentions(self, text: str, *, own_names_first: bool) -> Iterator[tuple[str, Term]]:
        """Each name of a term in `text` (normalised, longest first, no overlaps) with its terms."""
        hay = f" {_norm(text or '')} "
        taken = [False] * len(hay)
        for name, keys in self._english:
            needle = f" {name} "
            start = 0
            while (i := hay.find(needle, start)) >= 0:
                span = range(i + 1, i + len(needle) - 1)
                if not any(taken[j] for j in span):
                    for j in span:
                        taken[j] = True
                    owners = [key for key in keys if name in self._own_names[key]] if own_names_first else []
                    if own_names_first and not owners and len(keys) > 1 and self._index.get(name) in keys:
                        # a synonym of several ("PCP": SBIR and pre-commercieel inkopen) is the term
                        # a lookup gives; "PCP → SBIR; PCP → pre-commercieel inkopen" equated the two
                        owners = [self._index[name]]
                    for key in owners or keys:
                        yield name, self.terms[key]
                start = i + 1

    def expand_query(self, text: str, max_terms: int = 8) -> str:
        """`text` plus the Dutch names of the domain terms it mentions (not already in it)."""
        extra: list[str] = []
        hay = _norm(text or "")
        for term in self.dutch_terms_for(text)[:max_terms]:
            added = 0
            for name in term.dutch_names:
                clean = re.sub(r"\s*\(.*?\)", "", name).strip()
                n = _norm(clean)
                if not n or f" {n} " in f" {hay} " or any(n == _norm(e) for e in extra):
                    continue
                extra.append(clean)
                added += 1
                if added >= 2 or name != term.nl:
                    break
        return f"{text} {' '.join(extra)}".strip() if extra else text


def load_glossary_file(path: Path) -> Glossary:
    path = Path(path)
    text, raw = read_toml(path, GlossaryError)
    try:
        model = _FileModel.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = err["loc"]
        raise GlossaryError(path, locate(text, loc),
                            f"{'.'.join(str(p) for p in loc)}: {err['msg']}") from exc
    terms: dict[str, Term] = {}
    for i, t in enumerate(model.term):
        if t.key in terms:
            raise GlossaryError(path, locate(text, ("term", i, "key")), f"dubbele sleutel / duplicate key '{t.key}'")
        terms[t.key] = Term(key=t.key, nl=t.nl, en=t.en, definition_nl=t.definition_nl.strip(),
                            definition_en=t.definition_en.strip(),
                            aliases_nl=tuple(t.aliases_nl), synonyms_en=tuple(t.synonyms_en),
                            source=t.source, see_also=tuple(t.see_also))
    for i, t in enumerate(model.term):
        for ref in t.see_also:
            if ref not in terms:
                raise GlossaryError(path, locate(text, ("term", i, "see_also")),
                                    f"see_also: onbekende term / unknown term '{ref}'")
    return Glossary(terms)


@lru_cache(maxsize=4)
def _cached(path: str) -> Glossary:
    return load_glossary_file(Path(path))


def load_glossary(path: Path | None = None) -> Glossary:
    """The validated glossary (cached)."""
    return _cached(str(Path(path or GLOSSARY_PATH).resolve()))


def lookup(term: str, lang: str = "nl") -> Term | None:
    return load_glossary().lookup(term, lang)


def suggest(term: str, lang: str = "nl", n: int = 5) -> list[str]:
    return load_glossary().suggest(term, lang, n)


def found_under_other_name(term: Term, query: str, lang: str) -> bool:
    """Whether `term`, found for `query` (an alias or synonym), does not show it: its card (its
    Dutch and English names, the initials of either, its definition in `lang`) holds no `query`,
    hyphens, spaces and a plural's "s" aside (as the lookup sets them aside). "DPIA" found privacy by an alias
    the card does not show, and seemed to be its name; "Europese aanbesteding" the card of
    "aanbesteding"."""
    q = _compact(query)
    if not q:
        return False
    asked = {q, q.removesuffix("s")} if len(q) > 3 else {q}
    names = (term.nl, term.en)
    shown = [_compact(text) for text in (*names, term.definition(lang))]
    initials = {name_initials(_norm(name)) for name in names}
    return not asked & initials and not any(a in text for a in asked for text in shown)


def term_card(name: str, lang: str = "nl") -> str | None:
    """The card of the term named `name` (None: no term is), under a line saying under which term
    it was found where the card does not show `name`: "/begrip Europese aanbesteding" quietly showed
    "aanbesteding", read as the card of the phrase asked for."""
    term = lookup(name, lang)
    if term is None:
        return None
    card = term.render(lang)
    if found_under_other_name(term, name, lang):
        said = msg("term_found_under", lang, term=escape_markdown(short(name.strip(), 60)),
                   name=escape_markdown(term.name(lang)))
        card = f"{said}\n\n{card}"
    return card


def dutch_terms_for(text: str) -> list[Term]:
    return load_glossary().dutch_terms_for(text)


def expand_query(text: str, max_terms: int = 8) -> str:
    return load_glossary().expand_query(text, max_terms)


__all__ = ["Term", "Glossary", "GlossaryError", "GLOSSARY_PATH", "load_glossary",
           "load_glossary_file", "lookup", "suggest", "found_under_other_name", "term_card", "dutch_terms_for", "expand_query"]

def _asked_term(question: str, lang: str) -> tuple[str, Term] | None:
    """The subject of a definition question and its glossary term, where the glossary has one."""
    subject = definition_subject(question)
    term = lookup(subject, lang) if subject else None
    return (subject, term) if subject and term is not None else None


def glossary_note(question: str, lang: str) -> str | None:
    """For a definition question the guidance does not cover, the assistant's own glossary entry
    for its subject, said to be that: "Wat is een grondrechtentoets?" is not the guidance's word,
    but the glossary has it (under "grondrechten")."""
    asked = _asked_term(question, lang)
    return msg("glossary_fallback", lang, entry=asked[1].render(lang)) if asked else None


def glossary_supplement(question: str, answer_text: str, lang: str) -> str | None:
    """For a definition question the guidance covers without saying what its subject is (the
    answer names it in passing: "Wat is de valley of death?" got the sentences around it), the
    assistant's own glossary entry for it, said to be that; None where the answer defines it,
    unless the interface is English: the answer's definition is Dutch, and the entry says it in
    English ("What is an innovation partnership?" got only Dutch)."""
    asked = _asked_term(question, lang)
    if asked is None:
        return None
    subject, term = asked
    if lang != "en" and defines(definition_pattern([subject], english=looks_english(question)), answer_text):
        return None
    return msg("glossary_supplement", lang, entry=term.render(lang))


def english_term_card(question: str, answer_text: str, lang: str) -> str | None:
    """For an English-interface question about one glossary term as a whole (what it is, how it
    works, "tell me about …", the subject being the term's name or alias), answered with Dutch
    quotes, the term's English entry, said to be the glossary's: "How does an innovation
    partnership work?" got only Dutch. None in Dutch (the quotes are its language), for an answer
    not in Dutch, and for a question that only names a term: "How do I avoid getting locked in to
    one supplier?" got the card of "entrepreneur" (one of whose names is "supplier"), "How long
    does an innovation trajectory take?" that of "development trajectory"."""
    if lang != "en" or not answer_text or looks_english(answer_text):
        return None
    subject = subject_asked_about(question)
    term = lookup(subject, lang) if subject else None
    return msg("glossary_supplement", lang, entry=term.render(lang)) if term is not None else None


def _without_aside(name: str) -> str:
    """A name without what it says in brackets: "TRL (Technology Readiness Level)" is "TRL"."""
    return re.sub(r"\s*\(.*?\)", "", name)


#: How many of an English question's terms the note names: the few it is about.
TERMS_NOTED = 3


def _compact(name: str) -> str:
    """A name without case, accents, hyphens and spaces: "pre commercial procurement",
    "precommercial procurement" and "pre-commercial procurement" are one name."""
    return _norm(name).replace(" ", "")


def _same_word(name: str, dutch: str) -> bool:
    """Whether `dutch` is `name` itself, in either number ("start ups" and "startup")."""
    forms = {_compact(name)} | ({_compact(other)} if (other := _other_number(name)) else set())
    return _compact(dutch) in forms


def _english_name_of(name: str, glossary: Glossary) -> Term | None:
    """The term whose English name `name` is, spelt with or without hyphens or spaces, in either
    number, or the name's expansion in brackets ("small business innovation research"): a
    synonym many terms list ("precommercial procurement" is also SBIR's) is not asked."""
    asked = {_compact(name)} | ({_compact(other)} if (other := _other_number(name)) else set())
    for term in glossary:
        aside = re.search(r"\((.*?)\)", term.en)
        if asked & {_compact(_without_aside(term.en)), *([_compact(aside.group(1))] if aside else [])}:
            return term
    return None


def _used_in(dutch: str, text: str) -> bool:
    return bool(text) and f" {_norm(dutch)} " in f" {_norm(text)} "


@lru_cache(maxsize=1)
def _phrases_by_norm() -> dict[str, tuple[str, ...]]:
    """The lexicon's phrases (english_dutch_phrases) under their _norm form, the Dutch words of
    the phrases that share one in the file's order: a name the file writes otherwise ("start-up",
    "start up") is looked up once, not by normalising its every row for each term."""
    by_norm: dict[str, tuple[str, ...]] = {}
    for key, words in english_dutch_phrases().items():
        normed = _norm(key)
        by_norm[normed] = tuple(dict.fromkeys(by_norm.get(normed, ()) + words))
    return by_norm


def _guidance_word(name: str, term: Term, glossary: Glossary, answer_text: str) -> str | None:
    """The Dutch word the guidance uses for `name` (by which the question named `term`), where
    that is known: the Dutch name of the term whose English name or abbreviation it is, or a
    translation the lexicon gives for the whole phrase; the one the answer quotes first. A
    glossary synonym alone is no translation: "end users" is one of the stakeholders, "buy
    directly" one procurement strategy, and the note said "end users → stakeholder" beside
    quotes that say "eindgebruikers"."""
    bare = _without_aside(name)
    listed = english_dutch_phrases().get(bare.lower()) or _phrases_by_norm().get(_norm(bare), ())
    dutch_names = {_norm(n) for n in term.dutch_names}
    own = _english_name_of(bare, glossary)
    if own is None and bare.isupper() and len(bare) > 1 \
            and bare.lower() in {name_initials(term.en), name_initials(term.nl)}:
        own = term  # its abbreviation: "IP", "PCP"
    if own is not None:
        # the term's Dutch name, or another of its names the lexicon also gives and the answer uses
        own_names = {_norm(n) for n in own.dutch_names}
        candidates = [own.nl, *(w for w in listed if _norm(w) in own_names)]
        return next((w for w in candidates if _used_in(w, answer_text)), own.nl)
    if len(bare.split()) < 2 and not bare.isupper():
        # a word, not a phrase: often a wider word the search finds a term by ("funding" finds
        # raming, "subsidy" staatssteun), given as the guidance's name it said what is not so
        return None
    own_words = {_compact(word) for word in _norm(bare).split()}
    candidates = [w for w in listed if not _same_word(bare, w) and _compact(w) not in own_words]
    if any(_same_word(bare, w) for w in listed):
        # the guidance also says it in English ("proof of concept"): the lexicon's other words
        # are what the search widens it to (haalbaarheid), unless they are the term's name (proeftuin)
        candidates = [w for w in candidates if _norm(w) == _norm(term.nl)]
    elif not candidates:  # the lexicon lacks the phrase: a name of the term that says it word for word
        candidates = [n for n in term.dutch_names if _compact(n) not in own_words and _word_for_word(bare, n)]
    return next((w for w in candidates if _used_in(w, answer_text)),
                next((w for w in candidates if _norm(w) in dutch_names), candidates[0] if candidates else None))


def _word_for_word(english: str, dutch: str) -> bool:
    """Whether `dutch` is made of `english`'s words, each as it is or as the lexicon translates
    it ("purchasing strategy": inkoopstrategie; "market dialogue": marktdialoog), not a wider or
    related word ("exit strategy": vendor lock-in)."""
    made_of = fold(_compact(dutch))
    words = [w for w in fold(_norm(english)).split() if w not in stopwords()]
    lexicon = english_dutch_lexicon()

    def found(word: str) -> bool:
        # a translation's stem: "minimaal" is in "minimaleeisen", "stap" in "stappenplan"
        return any((t if len(t) <= 4 else t[:max(4, len(t) - 2)]) in made_of
                   for t in (word, *lexicon_translations(lexicon, (word,))))

    return bool(words) and all(found(word) for word in words)


def english_terms_note(question: str, lang: str, answer_text: str = "") -> str | None:
    """For an English question answered from the Dutch guidance, its terms as the guidance names
    them ("market consultation → marktconsultatie"), so the Dutch quote (`answer_text`) can be
    read against the question; None when the question names none whose Dutch word is known
    (_guidance_word) and differs."""
    glossary = load_glossary()
    pairs: dict[str, str] = {}
    for name, term in glossary.named_terms(question):
        dutch = _guidance_word(name, term, glossary, answer_text)
        if dutch and not _same_word(_without_aside(name), _without_aside(dutch)) and dutch not in pairs.values():
            pairs[name] = dutch
    shown = [f"{name} → {dutch}" for name, dutch in pairs.items()][:TERMS_NOTED]
    return msg("english_terms", lang, terms="; ".join(shown)) if shown else None
