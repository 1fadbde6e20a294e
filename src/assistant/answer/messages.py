"""Short fixed texts of the answerer, per language."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "not_covered": {
        "nl": "De handreikingen gaan hier niet over: ik vond geen passage die deze vraag beantwoordt.",
        "en": "The guidance does not cover this: I found no passage that answers this question.",
    },
    "empty_question": {
        "nl": "Stel een vraag: er stond geen woord in.",
        "en": "Please ask a question: there was no word in it.",
    },
    "truncated": {
        "nl": "Uw vraag was erg lang; alleen het begin is gebruikt om te zoeken.",
        "en": "Your question was very long; only its beginning was used for the search.",
    },
    "sources": {"nl": "Bronnen", "en": "Sources"},
    # an English question answered from the Dutch text, without a language model to translate
    "dutch_quotes": {
        "nl": "De handreiking is Nederlandstalig: het antwoord citeert haar zoals ze geschreven is. "
              "Bij de bronnen staat uit welk hoofdstuk elk citaat komt.",
        "en": "The guidance is written in Dutch: the answer quotes it as written. The sources say "
              "which section each quote comes from.",
    },
    "spelling": {
        "nl": "Gezocht op {corrections}.",
        "en": "Searched for {corrections}.",
    },
    "spelling_pair": {
        "nl": "‘{searched}’ (u typte ‘{typed}’)",
        "en": "‘{searched}’ (you typed ‘{typed}’)",
    },
}


def message(key: str, lang: str = "nl") -> str:
    texts = MESSAGES[key]
    return texts.get(lang) or texts["nl"]


def spelling_note(corrections: tuple[tuple[str, str], ...], lang: str = "nl") -> str | None:
    """"Gezocht op ‘marktconsultatie’ (u typte ‘marktconsulatie’)." for words the search corrected."""
    if not corrections:
        return None
    pairs = [message("spelling_pair", lang).format(searched=searched, typed=typed) for typed, searched in corrections]
    return message("spelling", lang).format(corrections=", ".join(pairs))
