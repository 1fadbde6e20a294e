"""The question as the index reads it: cleaned, its typing slips corrected, what it names (a
step, a table or figure, a story's speaker), and which passages address each of its words."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence

import numpy as np

from assistant.core.textsafe import strip_escapes
from assistant.knowledge.clean import NAME_PARTICLES
from assistant.knowledge.lexical import LexicalIndex
from assistant.knowledge.params import RankingParams
from assistant.knowledge.ranking import Mask
from assistant.knowledge.spelling import MIN_COUNT, WORD_LIST, Speller, one_edit_apart
from assistant.knowledge.text import (REFERRING_WORDS, Analyzer, Concept, english_lexicon_words, fold, looks_english,
                                      stopwords)
from assistant.knowledge.types import SECTION_SEPARATOR, Chunk

#: Characters of a question that are searched; the rest is ignored (and the user told).
MAX_QUESTION_CHARS = 2000
# a word as typed, accents and all: "technologieën", not "technologie" + "n"
_LETTERS_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
#: Console markup ("[bold]", "[/red]", "[link=…]") and HTML tags ("<script>", "</b>") in a
#: question: shown literally, but not searched: their words ("red", "script") are no part of it.
_MARKUP_RE = re.compile(r"\[/?[a-z@#][^\[\]\n]{0,40}\]|\[/\]|</?[a-z][^<>\n]{0,80}>", re.IGNORECASE)


def without_markup(text: str) -> str:
    return " ".join(_MARKUP_RE.sub("", text).split())


#: Words that only ask about something (beside text.REFERRING_WORDS, which point at it). A question made
#: of both alone ("wat betekent dat?", "What does it mean?", "Hoe werkt dit?") names nothing to
#: search for: the search found any passage saying "betekent".
_ASKING_ABOUT = frozenset("""
    betekent betekenen betekenis bedoel bedoelt bedoeld bedoeling mean means meant meaning
    hoe waarom wie waar werkt werken work works kun kunt kan can could uitleggen leg uitleg explain
    houdt inhoud involve involves entail zeg zegt say says vertel tell meer more precies exactly
    eigenlijk actually nou now nogmaals again
""".split())


def refers_back_only(question: str) -> str | None:
    """The word a question refers back with when that and asking words are all it has ("wat
    betekent dat?" -> "dat"); None where it names something ("wat betekent innovatie?")."""
    words = re.findall(r"\w+", fold(question))
    referring = next((w for w in words if w in REFERRING_WORDS), None)
    if referring is None:
        return None
    rest = [w for w in words if w not in stopwords() and w not in REFERRING_WORDS]
    return referring if all(w in _ASKING_ABOUT for w in rest) else None


def clean_question(question: str) -> tuple[str, bool]:
    """Strip control characters and collapse whitespace; cap the length. Returns (text, truncated)."""
    text = " ".join(strip_escapes(question or "").split())
    if len(text) <= MAX_QUESTION_CHARS:
        return text, False
    # cut between words: a word cut in half reads as a slip ("aanbestedin") and is "corrected"
    cut = text[:MAX_QUESTION_CHARS + 1].rsplit(" ", 1)[0] if " " in text[:MAX_QUESTION_CHARS + 1] else ""
    return cut or text[:MAX_QUESTION_CHARS], True


# ---------------------------------------------------------------------------------- spelling
def build_speller(lexical: LexicalIndex, chunks: Sequence[Chunk]) -> Speller:
    """The guidance's words, and the English words its lexicon translates ("partnershp" is
    "partnership" mistyped: the guidance is Dutch, the question may not be)."""
    words = lexical.analyzer.words
    english = [w for w in english_lexicon_words() for _ in range(MIN_COUNT)]
    return Speller([*(w for c in chunks for w in words(f"{c.section} {c.text}")), *english])


def with_spelling(text: str, lexical: LexicalIndex,
                  speller: Callable[[], Speller]) -> tuple[str, tuple[tuple[str, str], ...]]:
    """`text` with each word the index does not know, and the guidance has one edit away,
    replaced by that word; and the (typed, searched) pairs to say, less those that are the same
    word inflected. `speller` is asked for only when a word needs it (it takes a moment to build)."""
    analyzer = lexical.analyzer
    known_english = english_lexicon_words()
    corrections: dict[str, str] = {}

    def corrected(match: re.Match[str]) -> str:
        typed = match.group(0)
        word = fold(typed)
        if word in stopwords() or word in known_english or lexical.document_frequency(analyzer.stem(word)):
            return typed
        if any(form in WORD_LIST for form in {typed.lower(), word}):
            return typed  # a real word the guidance does not use
        better = speller().correction(word)
        if better is None:
            # a function word mistyped ("shoud", "welek") is phrasing, not a word the guidance
            # lacks: it read as one, and the question as one the guidance does not cover
            slip = function_word_slip(word)
            return typed if slip is None else slip
        # the stemmer reads the word as typed, before folding takes its diaeresis: "precommerciële"
        # is "precommercieel" inflected, not a slip to announce ("u typte ‘precommerciële’")
        if analyzer.stem(typed.lower()) != analyzer.stem(better):
            corrections[typed] = better
        return _cased_like(better, typed)

    text = _LETTERS_RE.sub(corrected, text)
    return text, tuple(corrections.items())


#: The shortest function word read back from a slip: a shorter one has too many neighbours
#: one edit away ("wat", "was", "wet", "met").
FUNCTION_WORD_MIN = 4


def function_word_slip(word: str) -> str | None:
    """The function word (a stopword) one edit away from `word`, a word of at least
    FUNCTION_WORD_MIN letters that is no word itself; else None. Two letters swapped, the
    commonest slip in typing fast, comes first ("waht" is "what" before "want")."""
    if len(word) < FUNCTION_WORD_MIN:
        return None
    near = [s for s in stopwords() if len(s) >= FUNCTION_WORD_MIN and one_edit_apart(word, s)]
    return min(near, key=lambda s: (sorted(s) != sorted(word), s), default=None)


def _cased_like(word: str, typed: str) -> str:
    """`word` in the case of `typed` ("Toetsing" for "Toetsng"): the meaning model reads the
    corrected question, and reads case (a capital moved the ranking's near ties)."""
    if typed.isupper() and len(typed) > 1:
        return word.upper()
    return word[:1].upper() + word[1:] if typed[:1].isupper() else word


# ---------------------------------------------------------------------- what a question names
_STEP_RE = re.compile(r"\b(?:stap|step)\s*(10|[0-9])\b", re.IGNORECASE)


def mentioned_step(text: str) -> int | None:
    """The step of the plan a question names, if exactly one is named."""
    steps = {int(m) for m in _STEP_RE.findall(text)}
    return steps.pop() if len(steps) == 1 else None


_FIGURE_RE = re.compile(r"\b(tabel|figuur|table|figure)\s+(\d{1,2}(?:\.\d{1,2})?)\b", re.IGNORECASE)
_FIGURE_WORDS = {"tabel": "tabel", "table": "tabel", "figuur": "figuur", "figure": "figuur"}


def mentioned_figure(text: str) -> str | None:
    """The table or figure a question names ("tabel 2.1", "figure 2.3"), as the guidance
    titles it ("tabel 2.1"), if exactly one is named."""
    named = {f"{_FIGURE_WORDS[kind.lower()]} {number}" for kind, number in _FIGURE_RE.findall(text)}
    return named.pop() if len(named) == 1 else None


def titles_figure(section: str, figure: str) -> bool:
    """Whether a section heading is the title of `figure` ("… › Tabel 2.1: Interne en externe
    innovatie" for "tabel 2.1", not for "tabel 2" nor "tabel 2.10")."""
    title = section.rsplit(SECTION_SEPARATOR, 1)[-1].lower()
    return title.startswith(figure) and not re.match(r"\.?\d", title[len(figure):])


def figure_mask(figure: str, chunks: Sequence[Chunk]) -> np.ndarray:
    """Passages under the heading of the table or figure `figure`."""
    return np.array([titles_figure(c.section, figure) for c in chunks], dtype=bool)


_SUBJECT_PART_RE = re.compile(r",\s+|\s+/\s+")
#: Small words inside a name: a person's ("Kees van der Klauw") and an organisation's ("Start-up in
#: Residence", "Werkplaats voor Digitaal Vakmanschap").
_NAME_LINKS = NAME_PARTICLES | {"in", "voor", "of", "for", "and"}
_ARTICLES = frozenset({"the", "de", "het"})


def subject_names(top_heading: str) -> set[str]:
    """Who or what a story's top heading names, as folded words: its speaker and organisation
    ("Marjan Kreijns, The Green Village" -> "marjan kreijns", "the green village", "green
    village"; "Start-up in Residence gemeente Den Haag" also -> "start-up in residence"). Only a
    heading that names a speaker (parts between commas) counts, and one word only when it is a
    part by itself ("Odyssey"): a chapter's title is not a name a question would use."""
    parts = _SUBJECT_PART_RE.split(top_heading)
    if len(parts) < 2:
        return set()
    names: set[str] = set()
    for part in parts:
        words = Analyzer.words(part)
        if len(words) >= 2 or (words and len(words[0]) >= 5):
            names.add(" ".join(words))
        if len(words) > 2 and words[0] in _ARTICLES:
            names.add(" ".join(words[1:]))  # "Green Village" for "The Green Village"
        # the name the part opens with, up to its first small common word ("gemeente")
        run = part.split()
        end = next((n for n, w in enumerate(run) if not (w[:1].isupper() or (n and w in _NAME_LINKS))), len(run))
        while end and run[end - 1] in _NAME_LINKS:
            end -= 1
        opening = Analyzer.words(" ".join(run[:end]))
        if len(opening) >= 2:
            names.add(" ".join(opening))
    return names


def subject_mask(text: str, names: dict[str, set[str]], chunk_top: Sequence[str]) -> np.ndarray | None:
    """Passages of the story whose speaker or organisation the question names ("Hoe financiert
    The Green Village …" for "Marjan Kreijns, The Green Village › …"), or None. `names`: each
    story's top heading and its subject_names; `chunk_top`: each passage's top heading."""
    words = f" {' '.join(Analyzer.words(text))} "
    tops = {top for top, named in names.items() if any(f" {name} " in words for name in named)}
    if not tops:
        return None
    return np.array([top in tops for top in chunk_top], dtype=bool)


# ------------------------------------------------------------- which passages address a word
def known_terms(concept: Concept, lexical: LexicalIndex, params: RankingParams) -> list[str]:
    """The index terms that show a passage addresses `concept`: its own, or for a word that
    the stemmer left in a form the guidance never uses ("duurt", "precommerciële",
    "opschrijf"), the terms that share most of its beginning. Without them a question in
    other verb forms than the guidance's looked off-topic."""
    known = [t for t in concept.terms if lexical.document_frequency(t)]
    if known or concept.translated or len(concept.word) < params.unseen_prefix_min:
        return known
    prefix = concept.word[:max(params.unseen_prefix_min, math.ceil(params.unseen_prefix_share * len(concept.word)))]
    return [t for t in lexical.terms_with_prefix(prefix) if len(t) <= len(concept.word) + 1]


def weighted_concepts(text: str, lexical: LexicalIndex,
                      params: RankingParams) -> list[tuple[Concept, list[str], float]]:
    """The question's content words, each with the index terms that address it (known_terms)
    and how much it says about the subject."""
    english = looks_english(text)
    weighted = []
    for concept in lexical.analyzer.concepts(text):
        known = known_terms(concept, lexical, params)
        if known:
            weight = max(lexical.idf(t) for t in known)
        elif concept.translated:
            weight = lexical.max_idf() * 0.5  # translated, but none of the Dutch words occur
        elif all(lexical.document_frequency(p) for p in concept.parts) and concept.parts:
            weight = max(lexical.idf(p) for p in concept.parts)
        elif phrases := [p for p in concept.phrases if all(lexical.document_frequency(t) for t in p)]:
            weight = max(lexical.idf(t) for p in phrases for t in p)  # said in other words
        else:
            # a word the guidance never uses at all: strong evidence the question is about
            # something else; English words without a translation are mostly phrasing
            weight = lexical.max_idf() * (params.unseen_english_weight if english else params.unseen_weight)
        weighted.append((concept, known, weight))
    return weighted


def question_masks(text: str, lexical: LexicalIndex, params: RankingParams) -> tuple[list[Mask], list[Mask]]:
    """Per content word of the question, which passages address it (its word or a translation,
    or all its compound parts in one passage), with the word's weight; and the same with a
    stem's verb -t, which the stemmer leaves on ("stel" for "stelt"), addressing it too: for the
    ranking only."""
    masks, inflected = [], []
    for concept, known, weight in weighted_concepts(text, lexical, params):
        hit = np.zeros(lexical.num_docs, dtype=bool)
        for term in known:
            hit |= lexical.mask(term)
        for together in (concept.parts, *concept.phrases):
            if together:
                hit |= np.logical_and.reduce([lexical.mask(p) for p in together])
        masks.append((hit, weight))
        variants = [t + "t" for t in known if len(t) >= params.inflected_min and not t.endswith("t")
                    and lexical.document_frequency(t + "t")]
        for variant in variants:
            hit = hit | lexical.mask(variant)  # a copy: the first mask stays as it was
        inflected.append((hit, weight))
    return masks, inflected
