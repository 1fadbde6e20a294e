"""Short fixed texts of the answerer, per language (resources/messages/answer.toml)."""

from __future__ import annotations

from assistant.core.i18n import catalog

_TEXTS = catalog("answer")


def message(key: str, lang: str = "nl") -> str:
    """The text `key` in `lang` (Dutch unless "en"), unformatted."""
    return _TEXTS.text(key, lang)


def question_problem(refers_to: str, lang: str = "nl") -> str:
    """What to say of a question with nothing to search for (knowledge.types.QuestionError): one
    that only refers back asks what it refers to; any other, to ask a question."""
    return message("refers_back", lang).format(word=refers_to) if refers_to else message("empty_question", lang)


def spelling_note(corrections: tuple[tuple[str, str], ...], lang: str = "nl") -> str | None:
    """"Gezocht op ‘marktconsultatie’ (u typte ‘marktconsulatie’)." for words the search corrected."""
    if not corrections:
        return None
    pairs = [message("spelling_pair", lang).format(searched=searched, typed=typed) for typed, searched in corrections]
    return message("spelling", lang).format(corrections=", ".join(pairs))
