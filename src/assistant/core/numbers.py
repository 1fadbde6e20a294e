"""Numbers written as words, in Dutch and English ("tweehonderd", "vijfentwintig", "zestig",
"twenty-five", "hundreds"): a passage that says "meer dan tweehonderd verschillende producten"
answers "Hoeveel …?" as one with "200" does (knowledge.coverage), and a goal of "zestig
deelnemers" is as measurable as one of "60" (plan.checks).

"een" and "one" are left out: they are mostly articles ("een aanbesteding", "one of the").
"""

from __future__ import annotations

import re

_UNITS_NL = "twee|drie|vier|vijf|zes|zeven|acht|negen"
_TEENS_NL = "tien|elf|twaalf|dertien|veertien|vijftien|zestien|zeventien|achttien|negentien"
_TENS_NL = "twintig|dertig|veertig|vijftig|zestig|zeventig|tachtig|negentig"
#: Dutch writes a number as one word: a unit joined to a ten ("vijfentwintig", "tweeëntwintig"),
#: a count of hundreds or thousands ("tweehonderd", "drieduizend"), and so on; any word that
#: ends in a ten, "honderd" or "duizend" is one.
_DUTCH = (rf"\w*(?:{_TENS_NL}|honderd|duizend)|{_UNITS_NL}|{_TEENS_NL}|miljoen|miljard|"
          r"honderden|duizenden|tientallen|miljoenen|miljarden|helft|procent")
_ENGLISH = (r"two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
            r"seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundreds?|"
            r"thousands?|millions?|billions?|dozens?|half|percent")
#: The alternatives, to be used between word boundaries: rf"\b(?:{NUMBER_WORDS})\b".
NUMBER_WORDS = f"{_DUTCH}|{_ENGLISH}"
NUMBER_WORD_RE = re.compile(rf"\b(?:{NUMBER_WORDS})\b", re.IGNORECASE)


def names_number(text: str) -> bool:
    """Whether `text` writes a number as a word ("tweehonderd", "twenty-five")."""
    return bool(NUMBER_WORD_RE.search(text))


def grouped(number: int, lang: str) -> str:
    """`number` with its thousands grouped as the language writes them: "20.000" in Dutch,
    "20,000" in English."""
    return f"{number:,}".replace(",", "," if lang == "en" else ".")


_EN_VALUES = {word: n for n, word in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen".split())} | {
    word: 10 * n for n, word in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)}
_NL_UNITS = {word: n for n, word in enumerate("nul een twee drie vier vijf zes zeven acht negen".split())} | {"één": 1}
_NL_VALUES = _NL_UNITS | {word: n for n, word in enumerate(_TEENS_NL.split("|"), 10)} | {
    word: 10 * n for n, word in enumerate(_TENS_NL.split("|"), 2)}
#: The words that multiply what comes before them; "ton" (a hundred thousand euros) is left to
#: the reader of amounts, which reads "2 ton" as it reads "2 miljoen".
_SCALES = {"hundred": 100, "honderd": 100, "thousand": 1_000, "duizend": 1_000, "million": 10**6,
           "miljoen": 10**6, "billion": 10**9, "miljard": 10**9}
#: Words that say a half: "half a million", "een half miljoen", "anderhalve ton" (1.5)
_HALVES = {"half": 0.5, "halve": 0.5, "anderhalf": 1.5, "anderhalve": 1.5}
#: Words that join the words of one number: "two hundred and fifty", "one and a half", "a million"
_JOINERS = {"and", "en", "a", "an", "een", "één"}


def _dutch_word(word: str) -> float | None:
    """The value of one Dutch number word, compounds too: "tweehonderdvijftigduizend" -> 250000,
    "vijfentwintig" -> 25, "tweeënhalf" -> 2.5; None if it is none."""
    if word in _NL_VALUES:
        return _NL_VALUES[word]
    if word in _HALVES:
        return _HALVES[word]
    for scale in ("miljard", "miljoen", "duizend", "honderd"):
        head, found, tail = word.partition(scale)
        if found:
            left = _dutch_word(head) if head else 1
            right = _dutch_word(tail) if tail else 0
            return None if left is None or right is None else left * _SCALES[scale] + right
    m = re.fullmatch(r"(\w+?)[eë]n(\w+)", word)  # a unit joined to a ten, or to a half: "vijfentwintig"
    if m and m.group(1) in _NL_UNITS and (m.group(2) in _NL_VALUES and _NL_VALUES[m.group(2)] >= 20
                                          or m.group(2) in ("half", "halve")):
        return _NL_UNITS[m.group(1)] + (_NL_VALUES.get(m.group(2)) or 0.5)
    return None


def _word_value(word: str) -> float | None:
    return _EN_VALUES.get(word) if word in _EN_VALUES else _dutch_word(word)


def _phrase_value(words: list[str]) -> float | None:
    """The value of the words of one number ("two hundred and fifty thousand", "half a million",
    "one and a half million", "twee en een half miljoen"); None where they make none."""
    total, current, half, last_scale = 0.0, 0.0, 0.0, 1
    for at, word in enumerate(words):
        if word in ("and", "en") and not (at and words[at - 1] in _SCALES
                                           or words[at + 1:at + 2] in (["a"], ["an"], ["een"], ["half"], ["halve"])):
            return None  # "twee en drie jaar" is two numbers, not five; "two hundred and fifty" is one
        if word in _JOINERS:
            continue
        if word in ("half", "halve"):
            half = 0.5
            continue
        scale = _SCALES.get(word)
        if scale is not None:
            part = (current + half) or 1
            if scale == 100:
                current = part * 100
            else:
                total, current = total + part * scale, 0.0
            half, last_scale = 0.0, scale
            continue
        value = _word_value(word)
        # one number: a unit after a ten ("twenty five"), anything after a hundred; "one two" is none
        if value is None or current and not (current % 100 == 0 or current % 10 == 0 and current < 100 and value < 10):
            return None
        # a compound word holds its own scale ("tweehonderdduizend"): a scale word after it multiplies it whole
        current += value
    if not current and half:  # "a million and a half": half of the last scale
        return total + half * last_scale
    return total + current + half


_WORD_RE = re.compile(r"[^\W\d_]+")
#: Words that are a number alone, and another word too: "ten" in "ten hoogste", "one" and "een"
#: as articles; within a number ("ten thousand", "een miljoen") they are read
_NOT_ALONE = frozenset({"ten", "one", "een", "één"})


def _is_number_word(word: str) -> bool:
    return word in _JOINERS or word in _HALVES or word in _SCALES or _word_value(word) is not None


def _dutch_digits(value: float) -> str:
    """`value` in digits as Dutch writes them, its thousands grouped ("1.500.000", "2,5"): one
    way, that a reader of either language's amounts reads (plan.record.parse_number), and that
    reads as an amount without a currency beside it ("anderhalf miljoen")."""
    whole = f"{int(value):,}".replace(",", ".")
    cents = f"{value - int(value):.2f}"[1:].rstrip("0").rstrip(".").replace(".", ",")
    return whole + cents


def with_digits(text: str) -> str:
    """`text` with the numbers it writes in words written in digits, in either language:
    "up to half a million euros" -> "up to 500.000 euros", "twee ton" -> "2 ton", "een half
    miljoen" -> "500.000", "anderhalve ton" -> "1,5 ton", "twenty-five" -> "25". A word that is
    mostly something else alone (an article: "a", "one", "een"; "half"; "ten" of "ten hoogste")
    is left as it is, and so are words that make no one number ("twee en drie")."""
    out, at = [], 0
    run: list[re.Match[str]] = []

    def close() -> None:
        nonlocal at
        words = [m.group(0).casefold() for m in run]
        while words and words[-1] in _JOINERS:  # "two and" ends at "two"
            words.pop()
            run.pop()
        while len(words) > 1 and words[0] in _JOINERS and words[1] not in _SCALES and words[1] not in _HALVES:
            words.pop(0)  # "a" before "million" or "half" belongs to the number; "and" before "two" does not
            run.pop(0)
        numbers = [w for w in words if w not in _JOINERS and w not in ("half", "halve")]
        # "1.2 million" keeps its scale word: it is the unit of the digits before it
        after_digits = bool(words) and words[0] in _SCALES and re.search(r"\d\s*$", text[:run[0].start()])
        if numbers and not after_digits and not (len(words) == 1 and words[0] in _NOT_ALONE):
            value = _phrase_value(words)
            if value is not None:
                out.append(text[at:run[0].start()])
                out.append(_dutch_digits(value))
                at = run[-1].end()
        run.clear()

    for m in _WORD_RE.finditer(text):
        # the words of one number stand apart by spaces or a hyphen ("twenty-five") only
        if run and not re.fullmatch(r"\s+|-", text[run[-1].end():m.start()]):
            close()
        if _is_number_word(m.group(0).casefold()):
            run.append(m)
        else:
            close()
    close()
    out.append(text[at:])
    return "".join(out)
