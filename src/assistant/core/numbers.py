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
