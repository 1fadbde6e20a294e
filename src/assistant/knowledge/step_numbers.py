"""Steps named in words: "stap drie", "de derde stap", "step three", "the third step", and in
the conversation "deze stap" / "the next step".

Search and the plan know a step by its number ("stap 3"); users as often write it out. The
words are data (prompts/lexicon/step_numbers.tsv), in Dutch and English.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

from assistant.core.resources import PROMPTS_DIR
from assistant.knowledge.query import mentioned_step
from assistant.knowledge.text import TOKEN_RE, fold, stopwords

STEP_NUMBERS_FILE = PROMPTS_DIR / "lexicon" / "step_numbers.tsv"

# "een" is also the article, where "stap" is the verb: "ik stap een bus in", "ga stap een voor
# een" ("one by one"). After a pronoun or before "voor een", "stap een" is not step 1.
_ARTICLE_ONE = "een"
_VERB_BEFORE = re.compile(r"\b(?:ik|je|jij|we|wij|u|hij|zij|ze|men)\s+$", re.I)
_ONE_BY_ONE_AFTER = re.compile(r"\s+voor\s+een\b", re.I)
# "een (goede) eerste stap" / "a first step" is any first move, not step 1 of the plan
_INDEFINITE = re.compile(r"\b(?:een|a|an)\s+(?:\w+\s+)?$", re.I)


@lru_cache(maxsize=1)
def _step_words() -> dict[str, dict[str, int]]:
    """kind ("cardinal", "ordinal", "relative", "neighbour", "subject") -> word (lower case) ->
    number or offset."""
    kinds: dict[str, dict[str, int]] = {"cardinal": {}, "ordinal": {}, "relative": {}, "neighbour": {},
                                        "subject": {}}
    try:
        lines = STEP_NUMBERS_FILE.read_text(encoding="utf-8").splitlines()
    except OSError:
        return kinds
    for line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        kind, number, words = (line.split("\t") + ["", ""])[:3]
        if kind not in kinds or not re.fullmatch(r"-?\d{1,2}", number.strip()):
            continue
        for word in words.split("|"):
            if word.strip():
                kinds[kind][word.strip().lower()] = int(number)
    return kinds


def step_number_words() -> tuple[dict[str, int], dict[str, int]]:
    """(cardinal word -> number, ordinal word -> number), in lower case."""
    kinds = _step_words()
    return kinds["cardinal"], kinds["ordinal"]


def _alternatives(words: dict[str, int]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) or r"(?!)"


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    cardinals, ordinals = step_number_words()
    cardinal = re.compile(rf"\b(stap|step)\s+({_alternatives(cardinals)})(?![\w-])", re.I)
    ordinal = re.compile(rf"(?<![\w-])(?:(?:de|het|the)\s+)?({_alternatives(ordinals)})\s+(stap|step)\b", re.I)
    return cardinal, ordinal


def step_number(text: str) -> int | None:
    """The number a step is given as: "3", "drie", "three", "derde", "3e", "third"."""
    word = text.strip().lower()
    if word.isdigit():
        return int(word)
    cardinals, ordinals = step_number_words()
    return cardinals.get(word, ordinals.get(word))


def with_step_numbers(text: str) -> str:
    """`text` with each step written in words given its number: "Wat houdt de derde stap in?"
    -> "Wat houdt stap 3 in?", a step named from another given its own (with_neighbouring_steps),
    and a step without a heading of its own followed by what it is about (with_step_subjects);
    the rest is left as typed."""
    return with_step_subjects(with_neighbouring_steps(with_numbers_for_words(text)))


def with_step_subjects(text: str) -> str:
    """`text` with a step the guidance has no heading for followed by the guidance's words for
    what it is about: "Wat houdt stap 0 in?" -> "Wat houdt stap 0 (behoefte behoefteanalyse
    randvoorwaarden) in?". No passage says "stap 0": the question found step 10's ("In de
    laatste stap …"), or nothing."""
    subjects = _step_words()["subject"]

    def with_subject(match: re.Match[str]) -> str:
        words = [word for word, step in subjects.items() if step == int(match.group(1))]
        return f"{match.group(0)} ({' '.join(words)})" if words else match.group(0)

    return _STEP_NUMBER.sub(with_subject, text)


def with_numbers_for_words(text: str) -> str:
    """`text` with each step written in words given its number ("de derde stap" -> "stap 3")."""
    cardinal, ordinal = _patterns()
    cardinals, ordinals = step_number_words()

    def by_cardinal(match: re.Match[str]) -> str:
        word = match.group(2).lower()
        if word == _ARTICLE_ONE and (_VERB_BEFORE.search(text, 0, match.start())
                                     or _ONE_BY_ONE_AFTER.match(text, match.end())):
            return match.group(0)
        return f"{match.group(1)} {cardinals[word]}"

    numbered = cardinal.sub(by_cardinal, text)

    def by_ordinal(match: re.Match[str]) -> str:
        if _INDEFINITE.search(numbered, 0, match.start()):  # positions are in `numbered`
            return match.group(0)
        return f"{match.group(2)} {ordinals[match.group(1).lower()]}"

    return ordinal.sub(by_ordinal, numbered)


#: A step named by its number: a text naming two relates them (with_neighbouring_steps).
_NUMBERED_STEP = re.compile(r"\b(?:stap|step)\s+\d{1,2}\b", re.I)
_STEP_NUMBER = re.compile(r"\b(?:stap|step)\s+(\d{1,2})\b(?![\w.,-]\d)", re.I)


@lru_cache(maxsize=1)
def _neighbour_pattern() -> re.Pattern[str]:
    words = _step_words()["neighbour"]
    return re.compile(rf"(?<![\w-])({_alternatives(words)})\s+(stap|step)\s+(\d{{1,2}})(?![\w.,-])", re.I)


def _named_from_another(text: str) -> tuple[re.Match[str], int] | None:
    """The step a text names from a numbered one ("na stap 8"): the words that name it, and its
    number (none where the text names two steps: "stap 9 na stap 8" relates them)."""
    if len(_NUMBERED_STEP.findall(text)) != 1:
        return None
    match = _neighbour_pattern().search(text)
    if match is None:
        return None
    return match, int(match.group(3)) + _step_words()["neighbour"][match.group(1).lower()]


def with_neighbouring_steps(text: str, steps: range = range(1, 11)) -> str:
    """`text` with a step named from a numbered one given its own number: "Wat gebeurt er na
    stap 8?" -> "Wat gebeurt er na stap 9?", "before step 3" -> "before step 2"; one outside
    `steps` (after step 10) is left as typed, and so is a text that names two steps: "stap 9 na
    stap 8" relates them."""
    found = _named_from_another(text)
    if found is None or found[1] not in steps:
        return text
    match, number = found
    return f"{text[:match.start()]}{match.group(1)} {match.group(2)} {number}{text[match.end():]}"


def neighbour_step(text: str, steps: range = range(0, 11)) -> tuple[int, int] | None:
    """The step a text names from a numbered one, with that one: "Wat komt na stap 3?" ->
    (3, 4), "What comes before the fifth step?" -> (5, 4); None where it names no step so,
    names two, or one outside `steps`."""
    found = _named_from_another(with_numbers_for_words(text))
    if found is None:
        return None
    match, step = found
    named = int(match.group(3))
    return (named, step) if named in steps and step in steps else None


@lru_cache(maxsize=1)
def _relative_pattern() -> re.Pattern[str]:
    words = _step_words()["relative"]
    # "de volgende stap na de marktconsultatie" is what follows that, not the plan's next step
    return re.compile(rf"(?<![\w-])(?:(?:de|het|the)\s+)?({_alternatives(words)})\s+(stap|step)\b"
                      r"(?!\s+(?:na|nadat|after|once|when|wanneer|als)\b)", re.I)


def with_current_step(text: str, current: int | None, steps: range = range(1, 11),
                      unnumbered: Mapping[int, str] | None = None) -> str:
    """`text` with a step named from where the user is given its number: at step 4, "Wat vraagt
    deze stap?" -> "Wat vraagt stap 4?" and "the next step" -> "step 5". A step the guidance
    does not number (not in `steps`: the plan's step 0) is replaced by the words `unnumbered`
    gives for it, such as its search query; without them the words are left as typed."""
    if current is None:
        return text
    offsets = _step_words()["relative"]

    def by_offset(match: re.Match[str]) -> str:
        number = current + offsets[match.group(1).lower()]
        if number in steps:
            return f"{match.group(2)} {number}"
        return (unnumbered or {}).get(number) or match.group(0)

    return _relative_pattern().sub(by_offset, text)


def step_asked_about(text: str) -> int | None:
    """The one step of the plan a question is about, by number or in words ("What is step 0
    for?", "Wat houdt de derde stap in?"); None where it names none or two, or names one to ask
    about the step beside it ("Wat komt na stap 3?")."""
    if neighbour_step(text) is not None:
        return None
    return mentioned_step(with_numbers_for_words(text))


#: Words that ask what a step is, asks, is for or means. A question about a step with any other
#: content word asks about something within it ("Welke rol heeft de budgethouder in stap 1?"),
#: which the search answers and judges.
_STEP_ITSELF_WORDS = frozenset("""
    stap step wat welke what which is houdt inhoud in betekent betekenis beteken bedoeling doel
    waar waarvoor waarom dient nodig vraagt gebeurt doe doen gaat over uitleg leg uit vertel samenvatting vat samen
    kern hoofdvraag omschrijving beschrijf mean means meaning purpose goal aim for about involve
    involves entail entails happens happen do explain describe summary summarise summarize tell
    ask asks require requires point why needed
""".split())


def step_itself_asked_about(text: str) -> int | None:
    """The step a question asks about as such: what it is, asks, is for or means ("Wat houdt
    stap 4 in?", "What is step 0 for?"); None for a question about something within a step
    ("Welke rol heeft de budgethouder in stap 1?") and where step_asked_about finds none."""
    step = step_asked_about(text)
    if step is None:
        return None
    rest = _STEP_NUMBER.sub(" ", with_numbers_for_words(text))
    words = [w for w in TOKEN_RE.findall(fold(rest)) if w not in stopwords()]
    return step if all(w in _STEP_ITSELF_WORDS for w in words) else None
