"""Everything the learning path says, in Dutch and English (resources/messages/learn.toml)."""

from __future__ import annotations

from assistant.core.i18n import catalog

_TEXTS = catalog("learn")
#: key -> {"nl": …, "en": …}, read from resources/messages/learn.toml
MESSAGES = _TEXTS.entries

#: words that end the plain session or leave a lesson, in both languages
QUIT_WORDS = {"stop", "quit", "q", "exit", "/stop", "/quit"}
NEXT_WORDS = {"volgende", "next", "verder", "/volgende", "/next"}
PROCEDURE_WORDS = {"procedures", "procedure", "/procedures"}
#: words that take the finished lesson just shown again (a retake)
AGAIN_WORDS = {"opnieuw", "again", "/opnieuw", "/again"}
LIST_WORDS = {"lijst", "list", "overzicht", "overview", "l", "/lijst", "/list"}
#: words that look a term up in the glossary (`begrip SBIR`), or alone list the lesson's terms
TERM_WORDS = {"begrip", "term", "begrippen", "terms", "woordenlijst", "glossary"}
#: what a learner who does not know the answer types: a wrong answer, its explanation shown
NOT_KNOWN_WORDS = {"weet ik niet", "ik weet het niet", "geen idee", "overslaan", "sla over", "i don't know",
                   "i do not know", "don't know", "dont know", "no idea", "skip", "pass"}
#: words asking how it works: the menu, or in a lesson the question with how to answer it
HELP_WORDS = {"help", "hulp", "?", "/help", "/hulp", "/?"}
#: words a question opens with, in both languages (a line of a few words that opens with one, or
#: ends in "?", is a question, not an answer)
QUESTION_WORDS = {"wat", "waarom", "hoe", "wanneer", "waar", "wie", "welk", "welke", "what", "why", "how", "when",
                  "where", "who", "which", "does", "do", "can", "should", "is", "are", "kan", "mag", "moet"}
#: the fewest words a line opening with a question word has to be read as a question
QUESTION_MIN_WORDS = 3


def is_question(text: str) -> bool:
    """Whether a typed line is clearly a question: a few words that end in "?" or open with a question word."""
    words = text.split()
    if len(words) < 2:
        return False
    return text.rstrip().endswith("?") or (len(words) >= QUESTION_MIN_WORDS
                                           and words[0].lower().strip(",.:") in QUESTION_WORDS)


def glossary_query(text: str) -> str | None:
    """What a glossary command looks up ("begrip SBIR", "/term TRL": the term; "woordenlijst":
    ""), or None when `text` is no glossary command."""
    head, _, rest = text.strip().partition(" ")
    return rest.strip() if head.lower().removeprefix("/") in TERM_WORDS else None


def not_known(text: str) -> bool:
    """Whether a typed answer says the learner does not know it ("Weet ik niet.", "skip")."""
    words = " ".join(text.casefold().replace("’", "'").strip(" .!/").split())
    return words in NOT_KNOWN_WORDS


def say(key: str, lang: str = "nl", /, **values: object) -> str:
    """The message ``key`` in ``lang`` (Dutch when unknown), formatted with ``values``."""
    return _TEXTS.text(key, lang, **values)
