"""Whether the guidance covers a question: its signals, each a small pure function of what
retrieval already has (the question's word masks, the lexical candidates in BM25 order, the
dense model's similarity to every passage), and the calibrated model that weighs them
(params.CoverageModel, fitted by bench/fit_coverage.py).

The signals read the lexical candidates and the raw similarities, never the fused ranking, so
that a change to the ranking's order leaves them, and the fitted model, as they were.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Collection, Sequence

import numpy as np

from assistant.core.numbers import NUMBER_WORDS
from assistant.knowledge.params import RankingParams
from assistant.knowledge.ranking import Mask
from assistant.knowledge.text import LETTER_WORD_RE, english_lexicon_words, fold, looks_english
from assistant.knowledge.types import CoverageSignals

#: How many of the closest passages the margin of the best one is measured against.
STANDOUT_PASSAGES = 10
#: How many of the best lexical and of the closest passages are compared (overlap).
AGREEMENT_PASSAGES = 5
#: How many of the closest passages may hold the question's words (meaning_focus).
MEANING_FOCUS_PASSAGES = 3
#: How many of the best lexical and of the closest passages may hold the fact a question asks for.
FACT_PASSAGES = 3
#: How many of the question's words a sentence must hold to be near them (or half of them).
NEAR_WORDS = 2

#: Questions that ask for a fact of one kind, in Dutch and English (on the folded question): an
#: amount, number or duration (also by naming one: a threshold, a tariff, a maximum or minimum
#: of a sum, a term or a number; not "de minimale eisen", which are requirements); a person; a
#: date or moment; a legal reference (an article or provision of a law).
ASKS_FOR = {
    # first: "hoeveel tijd" is a duration, not any number
    "duration": re.compile(r"\b(hoe ?lang|hoeveel tijd|how long|how much time|(door)?looptijd|lead time)\b"),
    "amount": re.compile(r"\b(hoeveel|wat kost|wat kosten|tot welk bedrag|welk bedrag|hoe hoog|hoe duur|"
                         r"hoe groot|how much|how many|how high|how big|"
                         r"(maximum|minimum|maximale|minimale|maximaal|minimaal)\s+(\w+\s+)?"
                         r"(bedrag|bedragen|waarde|value|amount|termijn|duur|looptijd|period|duration|aantal|number|"
                         r"percentage|subsidie|grant|budget|omzet|turnover|prijs|price|contractwaarde|opdrachtwaarde|"
                         r"fee|rate)|drempelwaarden?|drempelbedrag(en)?|thresholds?|tarieven|tarief|uurtarief)\b"),
    "person": re.compile(r"\b(wie (is|zijn|was|waren) (de|het)|who (is|are|was|were) the)\b"),
    "moment": re.compile(r"\b(in welk jaar|what year|which year|welke datum|what date|sinds wanneer|since when|"
                         r"deadline|(wanneer|when)\b.*\b(volgende|next))\b"),
    "reference": re.compile(r"\b((welk|welke|which|what) (wets)?(artikel|artikelen|article|articles|bepaling|"
                            r"wetsbepaling|provision|clause|section)|artikelnummer|article number)\b"),
}
_MONTHS = (r"januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|january|"
           r"february|march|may|june|july|august|october")
#: What holds a fact of each kind (on the passage's text as written). An amount: a number standing
#: alone (not a footnote's, glued to a word; not a step's, a chapter's or a year alone), a number
#: written as a word (core.numbers: "tweehonderd"), a percentage or a euro sign. A person: two
#: capitalised words (with a Dutch "van", "de"). A moment: a year, a month, a date, a quarter.
#: A reference: an article, a paragraph sign or a provision with its number.
_TIME_UNITS = (r"(?:jaar|jaren|maand|maanden|week|weken|dag|dagen|uur|uren|kwartaal|kwartalen|halfjaar|years?|"
               r"months?|weeks?|days?|hours?|quarters?)")
HOLDS = {
    # a number with a unit of time ("drie maanden", "6 tot 12 weken", "anderhalf jaar"): a number
    # alone ("twee grote marktconsultaties") or the years of one project ("van 2016 tot 2020")
    # say nothing of how long such a thing takes
    "duration": re.compile(r"(?:\b(?:\d[\d.,]*|" + NUMBER_WORDS + r"|half|halve|anderhalf|enkele|een paar|meerdere|"
                           r"een|several|a few|one|a)\b(?:\s+(?:tot|à|a|to|or|of|-|–)\s+(?:\d[\d.,]*|" + NUMBER_WORDS
                           + r"))?\s+(?:\w+\s+)?" + _TIME_UNITS + r"\b)", re.IGNORECASE),
    "amount": re.compile(r"(?<![\w.,])(?<!stap )(?<!step )(?<!fase )(?<!phase )(?<!hoofdstuk )(?<!chapter )"
                         r"(?!(?:19|20)\d\d(?![\d.,]))\d[\d.,]*(?![\w])|%|€|\b(?:" + NUMBER_WORDS + r")\b",
                         re.IGNORECASE),
    "person": re.compile(r"\b[A-Z][a-zà-ÿ]+\s+(?:(?:van|de|der|den|ter|ten)\s+)*[A-Z][a-zà-ÿ]+"),
    "moment": re.compile(r"\b(?:19|20)\d\d\b|\d{1,2}[-/]\d{1,2}[-/]\d{2,4}|\b(?:" + _MONTHS
                         + r"|kwartaal|quarter)\b", re.IGNORECASE),
    "reference": re.compile(r"\b(?:artikel(?:en)?|art\.|articles?|bepaling|section)\s*\d|§\s*\d", re.IGNORECASE),
}
#: Words of a question that say what it asks, not what it is about.
_ASKING = frozenset("hoeveel kost kosten bedrag bedraagt duurt duren krijg krijgt krijgen verdient lang hoog duur "
                    "groot wanneer welke welk waar wordt worden heeft hebben moet moeten kunnen mogen maximaal "
                    "minimaal voor naar deze over zijn mijn onze much many long high cost costs what when which "
                    "does have with that this from there about should could would most least take takes last "
                    "lasts earn earns".split())
_SENTENCE = re.compile(r"(?<=[.!?;:])\s+|\n+")
_WORD = re.compile(r"[a-z0-9]{4,}")


def asked_fact(question: str) -> str | None:
    """The kind of fact a question asks for ("duration", "amount", "person", "moment", "reference"),
    or None."""
    folded = fold(question)
    return next((kind for kind, asks in ASKS_FOR.items() if asks.search(folded)), None)


def question_stems(question: str) -> list[frozenset[str]]:
    """The words of a question that say what it is about, each as the set of its first five
    letters (so other forms count)."""
    return [frozenset({stem}) for stem in dict.fromkeys(w[:5] for w in _WORD.findall(fold(question))
                                                        if w not in _ASKING)]


def best_sentences(words: Sequence[frozenset[str]], text: str) -> list[str]:
    """The sentences of a passage that hold the most of the question's `words` (each a set of
    five-letter prefixes: a word and its translations), if that is half of them, or at least
    NEAR_WORDS: where the fact it asks for would be."""
    sentences = [s for s in _SENTENCE.split(text) if s.strip()]
    held = [sum(bool(word & prefixes) for word in words)
            for prefixes in ({w[:5] for w in _WORD.findall(fold(s))} for s in sentences)]
    most = max(held, default=0)
    if not most or most < min(NEAR_WORDS, (len(words) + 1) // 2):
        return []
    return [s for s, count in zip(sentences, held) if count == most]


def _fact_sentences(question: str, text: str, translated: Sequence[Sequence[str]] | None) -> list[str]:
    """The sentences of a passage where the fact a question asks for would be: those that hold
    its words (an English question's through their `translated` terms); without them, for an
    English question, the whole passage."""
    if translated is not None:
        return best_sentences([frozenset(t[:5] for t in terms) for terms in translated if terms], text)
    if looks_english(question):
        return [text]
    return best_sentences(question_stems(question), text)


def _holds_fact(kind: str, question: str, text: str, translated: Sequence[Sequence[str]] | None) -> bool:
    return any(HOLDS[kind].search(s) for s in _fact_sentences(question, text, translated))


def lacks_fact(question: str, texts: Sequence[str], translated: Sequence[Sequence[str]] | None = None) -> float:
    """1 when the question asks for a fact of a kind (asked_fact) and none of the best passages'
    `texts` holds one in its sentences that hold the question's words; else 0. "Tot welk bedrag
    ...?" about passages that name no amount is answered by nothing in the guidance. An English
    question's words are its `translated` ones (per word, the index's terms the lexicon gives);
    without them the whole passages count."""
    kind = asked_fact(question)
    if kind is None:
        return 0.0
    return 0.0 if any(_holds_fact(kind, question, text, translated) for text in texts) else 1.0


#: Where one sentence of a question ends and the next begins
_QUESTION_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def fact_of_others(question: str, texts: Sequence[str], headings: Sequence[str],
                   translated: Sequence[Sequence[str]] | None = None,
                   english_only: Callable[[str], bool] = lambda part: False) -> bool:
    """Whether a question asks for a fact (asked_fact) of something it names (question_names) and
    none of the best passages (`texts`, under their section `headings`) that hold a fact of that
    kind near its words names any of it: the fact is someone else's. "Hoeveel SBIR-projecten deed
    Groningen in 2019?" finds the national yearly counts, and Groningen only elsewhere in the
    guidance. False when no passage holds such a fact: lacks_fact says so. (`english_only`: see
    question_names.)"""
    kind = asked_fact(question)
    # the names of the sentence that asks: "Ik werk bij Rijkswaterstaat. Hoeveel kost een
    # marktconsultatie?" asks nothing of Rijkswaterstaat
    asking = " ".join(s for s in _QUESTION_SENTENCE.split(question) if asked_fact(s) is not None)
    names = question_names(asking or question, english_only)
    if kind is None or not names:
        return False
    holding = [f"{heading}\n{text}" for text, heading in zip(texts, headings)
               if _holds_fact(kind, question, text, translated)]
    # one of its names will do: a question that names a programme and its place is answered by
    # the programme's passage, which need not name the place
    return bool(holding) and not any(names_it(text, name) for text in holding for name in names)


_CITATION = re.compile(r"\s*\[\d+\]")
_ANY_WORD = re.compile(r"[a-z0-9]+")
#: A length of time or a quantity said without a number ("enkele jaren", "a few months"): an
#: answer to "Hoe lang …?" all the same.
_ROUGH_AMOUNT = re.compile(r"\b(?:enkele|een paar|meerdere|vele|ruim|bijna|circa|ongeveer|several|a few|many|"
                           r"about|almost)\s+(?:jaren|jaar|maanden|maand|weken|week|dagen|uren|years?|months?|"
                           r"weeks?|days?|hours?)\b", re.IGNORECASE)


def gives_fact(kind: str, text: str, question: str) -> bool:
    """Whether `text` (an answer, its [n] markers aside) gives a fact of `kind` (HOLDS) that is
    not made of the question's own words: "Economische Zaken" does not answer "Wie is de
    minister van Economische Zaken?"."""
    text = _CITATION.sub("", text)
    if kind in ("amount", "duration") and _ROUGH_AMOUNT.search(text):
        return True
    own = set(_ANY_WORD.findall(fold(question)))
    for match in HOLDS[kind].finditer(text):
        words = _ANY_WORD.findall(fold(match.group(0)))
        if not words or not own.issuperset(words):
            return True
    return False


def fact_passages(candidates: Sequence[int], similarities: np.ndarray | None,
                  passages: int = FACT_PASSAGES) -> list[int]:
    """The best lexical candidates and the closest passages, `passages` of each: where a fact the
    question asks for would be."""
    closest = [] if similarities is None else [int(i) for i in np.argsort(-similarities)[:passages]]
    return list(dict.fromkeys([*candidates[:passages], *closest]))


def unseen_share(masks: Sequence[Mask]) -> float:
    """The weighted share of the question's words that no passage addresses."""
    total = sum(weight for _, weight in masks)
    unseen = sum(weight for mask, weight in masks if not mask.any())
    return unseen / total if total else 1.0


#: A name in a question: a capitalised word that does not open it, with a lower-case letter in
#: it ("Negometrix", "Wet Bibob", "KvK-uittreksel"; not "TRL", which the spelling and the
#: lexicon read as a term).
_NAME = re.compile(r"(?<=\S)(?<![.!?:]) +([A-Z][\w'’-]*[a-z][\w'’-]*)")
#: The shortest piece of a compound looked up alone: "Gunningswet" is no "gunnings" + "wet".
COMPOUND_PIECE = 4


def unknown_names(question: str, words: Sequence[str], common: Collection[str]) -> list[str]:
    """The names a question gives that the guidance never mentions: a capitalised word none of
    whose parts begins a word of the guidance (`words`, folded and sorted: PassageTable.words;
    "Groeifonds" would be found in "groeifondsen") and that is no `common` word of Dutch or
    English or a word the lexicon translates ("Market Consultation" typed capitalised). A
    question about the Wet Bibob or Negometrix is about something the guidance does not cover,
    however close its other words."""

    def mentioned(part: str) -> bool:
        at = bisect_left(words, part)
        return at < len(words) and words[at].startswith(part)

    def known(part: str, pieces: int = 3) -> bool:
        # the word itself, with a linking or plural s, or a Dutch compound of words of the
        # guidance ("Veiligheidsnetwerk", "Innovatiepartnerschapsprocedure")
        if mentioned(part) or (part.endswith("s") and mentioned(part[:-1])):
            return True
        return pieces > 1 and any(known(part[:i], 1) and known(part[i:], pieces - 1)
                                  for i in range(COMPOUND_PIECE, len(part) - COMPOUND_PIECE + 1))

    unknown = []
    for name in _NAME.findall(question):
        parts = LETTER_WORD_RE.findall(fold(name))
        if not parts or any(p in common or p in english_lexicon_words() for p in parts):
            continue
        if not any(known(p) for p in parts):
            unknown.append(name)
    return unknown


def question_names(question: str, english_only: Callable[[str], bool] = lambda part: False) -> list[list[str]]:
    """The names a question gives (_NAME), each as its folded parts: not the words the lexicon
    translates ("Market Consultation" typed capitalised), nor an `english_only` word (English,
    not Dutch: "The Hague", "Flanders"), which the Dutch guidance writes otherwise ("Den Haag").
    Ordinary Dutch words count, unlike in unknown_names: the word lists hold the places
    ("groningen", "almere"), and a word written capitalised within a question is a name of
    something ("de Tweede Kamer")."""
    english = english_lexicon_words()
    names = [LETTER_WORD_RE.findall(fold(name)) for name in _NAME.findall(question)]
    return [parts for parts in names if parts and not any(p in english or english_only(p) for p in parts)]


#: The endings a Dutch place and its adjective differ by ("Groningen", "Groningse").
_NAME_ENDINGS = ("en", "se", "e")
#: The fewest letters of a name left when its ending is set aside: "Groningen" is "groning…",
#: "Britse" "brits…", but "Delden" is no "deld…".
NAME_STEM = 5


def names_it(text: str, name: Sequence[str]) -> bool:
    """Whether `text` names `name` (its folded parts): each part begins a word of it, or does so
    without a plural s ("IKCs": "IKC's") or its ending ("Groningse" names Groningen)."""
    words = set(LETTER_WORD_RE.findall(fold(text)))

    def named(part: str) -> bool:
        stems = {part, *(part[:-len(e)] for e in _NAME_ENDINGS if part.endswith(e) and len(part) - len(e) >= NAME_STEM)}
        if part.endswith("s") and len(part) > 1:  # a plural s
            stems.add(part[:-1])
        return any(w.startswith(stem) for w in words for stem in stems)

    return all(named(part) for part in name)


def similarity_margin(similarities: np.ndarray) -> float:
    """How far the closest passage is above the median passage: a question about the guidance's
    subject lifts a few passages well above the rest; one about something else lifts none."""
    return float(similarities.max() - np.median(similarities)) if similarities.size else 0.0


def standout(similarities: np.ndarray, passages: int = STANDOUT_PASSAGES) -> float:
    """How far the closest passage is above the mean of the next `passages` closest: one passage
    that means what the question asks stands out; a question the guidance only brushes has many
    passages about as close."""
    if similarities.size < 2:
        return 0.0
    closest = np.sort(similarities)[::-1][:passages + 1]
    return float(closest[0] - closest[1:].mean())


def agreement(candidates: Sequence[int], similarities: np.ndarray) -> float:
    """1 / (1 + the place of the closest passage among the lexical candidates, best first), 0
    when the words did not find it at all: words and meaning agree on the passage."""
    if not similarities.size:
        return 0.0
    closest = int(np.argmax(similarities))
    places = {passage: place for place, passage in enumerate(candidates)}
    return 1.0 / (1 + places[closest]) if closest in places else 0.0


def overlap(candidates: Sequence[int], similarities: np.ndarray, passages: int = AGREEMENT_PASSAGES) -> float:
    """The share of the `passages` closest passages that are among the `passages` best lexical
    candidates."""
    if not similarities.size or not passages:
        return 0.0
    closest = np.argsort(-similarities)[:passages]
    best = set(candidates[:passages])
    return sum(int(i) in best for i in closest) / passages


def meaning_focus(masks: Sequence[Mask], similarities: np.ndarray, passages: int = MEANING_FOCUS_PASSAGES) -> float:
    """The largest weighted share of the question's words that one of the `passages` closest
    passages holds: the passage that means what the question asks also uses its words. A
    question in the guidance's words about something else has its words in passages the meaning
    does not favour."""
    total = sum(weight for _, weight in masks)
    if not total or not similarities.size:
        return 0.0
    closest = np.argsort(-similarities)[:passages]
    return float(max(sum(weight * bool(mask[i]) for mask, weight in masks) for i in closest) / total)


def signals(masks: Sequence[Mask], focus: float, coverage: float, candidates: Sequence[int],
            similarities: np.ndarray | None, *, english: bool, about_step: bool = False,
            lacks: float = 0.0, unknown_name: bool = False, fact_of_others: bool = False) -> CoverageSignals:
    """The coverage signals of a question, from its word `masks`, the `focus` and `coverage` of
    the lexical candidates (in BM25 order), the dense `similarities` (None before the model has
    loaded), whether its best passages lack the fact it asks for (`lacks`, lacks_fact), whether
    it names something the guidance never mentions (`unknown_name`, unknown_names), and whether the
    fact they hold is of something other than it names (`fact_of_others`)."""
    words = {"focus": focus, "coverage": coverage, "unseen": unseen_share(masks), "english": float(english),
             "about_step": about_step, "lacks_fact": lacks, "unknown_name": unknown_name,
             "fact_of_others": fact_of_others}
    if similarities is None or not similarities.size:
        return CoverageSignals(**words)
    return CoverageSignals(**words, similarity=float(similarities.max()), margin=similarity_margin(similarities),
                           standout=standout(similarities), agreement=agreement(candidates, similarities),
                           overlap=overlap(candidates, similarities),
                           meaning_focus=meaning_focus(masks, similarities), meaning=True)


def covers(params: RankingParams, found: CoverageSignals) -> bool:
    """Whether the guidance covers the question: a question about a step that its step's passage
    answers always; one that names something the guidance never mentions never, nor one that asks
    for a fact its best passages give only of others than it names; otherwise the coverage model
    with the meaning's signals, or the words-only one while there are none."""
    if found.about_step:
        return True
    if found.unknown_name or found.fact_of_others:
        return False
    model = params.with_meaning if found.meaning else params.words_only
    return model.covers(found)
