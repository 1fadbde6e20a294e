"""Telling an answer from a question to the guidance (commands: `command_syntax`).

The rules, in order (with a question pending):

1. Text starting with ``/`` followed by a letter is a command; so is a navigation word alone
   ("overslaan", "volgende", "terug") or "ga naar stap N".
2. A request for an example or an explanation of the question asked, naming nothing else ("geef
   een voorbeeld", "voorbeeld?", "leg uit", "explain"): a question; its noun alone
   ("Voorbeelden") at a list question, where it may be a line: ambiguous.
3. Several lines, a ``;``-separated list, or bullet lines: an answer, even with ``?`` in it; but a
   part of a ``;``-separated line that asks with an asking word ("…; fit: wat bedoelen ze met
   fit?"), a question after the last part, set off by a dash or a sentence's end ("De
   inspecteurs; de omwonenden — is dat genoeg?"), or a last line that opens as a question:
   ambiguous. A part that is a requirement put as a yes or no ("AVG-conform; werkt het
   offline?") stays an answer.
4. One line that starts with a question word (or a preposition and an asking word: "Binnen
   hoeveel dagen …?", "Met wie …?"), or has no word at all, and ends in ``?``: a question.
5. One line ending in ``?`` without a question word, or framed as a "hoe kunnen wij"-question
   (the usual way to put a need: "Hoe kunnen we fietsers sneller laten doorrijden?"): ambiguous,
   so we ask.
6. One line without ``?`` that reads as a question ("hoe lang duurt zo'n traject", "kan ik een
   SBIR gebruiken"): ambiguous too. Stored as an answer it would fill the record with a question;
   asked as a question it would lose an answer that opens like one ("Wanneer het regent, …").
   So reads: its subject first, then an asking word with a verb before its subject
   ("innovatiepartnerschap wat is dat", "opschalen hoe doe je dat", "the pilot, how long does
   that take"; not "…, want wat we nu doen werkt niet"); a preposition and an asking word that no
   subject follows ("op welk platform zet ik …", "in which step do I …"; not "bij wie we
   beginnen, …"); a comparison named by its subjects alone ("verschil SBIR en PCP").
7. The whole line says only that the answer is not known yet ("weet ik nog niet", "geen idee",
   "I don't know"), or puts it off ("later", "kom ik op terug", "not now"), also with one slip in
   one of its words of four letters or more ("weet nie", "geen iede"; a letter changed only in
   a word of seven or more, "onbekent"; a reply of one word is not mended): unsure. Stored, it
   would read as an answer and close a required question. At a yes or no question "niet nu"
   and "not now" are a no: an answer.
8. The whole line is a greeting ("hallo", "goedemorgen!", "hi there"): a greeting. A newcomer's
   first "hallo" was stored as the organisation's need.
9. At a text question, the whole line is one of the glossary's abbreviations in any case
   ("trl", "SBIR"): ambiguous; typed at "Wie ervaart deze behoefte?" it asked what the term
   means. A term's word ("Eindgebruikers", "Privacy") answers as often: an answer. At a choice or
   a list an abbreviation is an answer too.
10. Anything else: an answer.

With no question pending, everything that is not a command is a question.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

from assistant.knowledge.text import REFERRING_WORDS, TOKEN_RE, fold, folded_words, stopwords, with_contractions
from assistant.plan.command_syntax import as_command
from assistant.plan.glossary import load_glossary

Intent = Literal["empty", "command", "answer", "question", "ambiguous", "unsure", "greeting"]

QUESTION_WORDS = {
    "nl": {
        "wat", "wie", "wiens", "wanneer", "waar", "waarom", "waarvoor", "waardoor", "waarmee",
        "waarover", "waarop", "waaraan", "waarin", "hoe", "hoeveel", "hoelang", "welk", "welke",
        "mag", "mogen", "kan", "kun", "kunt", "kunnen", "moet", "moeten", "is", "zijn", "ben",
        "heb", "hebben", "heeft", "hebt", "wordt", "worden", "zal", "zullen", "zou", "zouden",
        "geldt", "gelden", "bestaat", "bestaan", "klopt", "betekent", "valt", "vallen",
        "welk", "wil", "willen", "doe", "doen", "gaat", "komt", "hoort", "leg", "noem", "geef",
        "vertel", "bedoel",
    },
    "en": {
        "what", "how", "when", "where", "why", "which", "who", "whom", "whose", "can", "could",
        "may", "might", "must", "should", "shall", "would", "will", "is", "are", "am", "was",
        "were", "do", "does", "did", "has", "have", "had", "explain", "tell", "define", "describe",
    },
}
_ALL_QUESTION_WORDS = QUESTION_WORDS["nl"] | QUESTION_WORDS["en"]
#: Words that ask (who, what, how …), as opposed to the verbs that may open a question too.
_ASKING_WORDS = frozenset({
    "wat", "wie", "wanneer", "waar", "waarom", "waarvoor", "waardoor", "waarmee", "waarover", "waarop",
    "waaraan", "waarin", "hoe", "welk", "welke",
    "what", "how", "when", "where", "why", "which", "who",
    "hoever", "hoeverre", "wiens", "whom", "whose",
})
#: A question may open with a preposition before its asking word ("Binnen hoeveel dagen …?",
#: "Met wie …?", "In which step …?", "For how long …?"); an answer opens with one before
#: anything else ("Binnen de gemeente willen we …"), and a verb never follows one as it opens a
#: question ("In is …").
_PREPOSITIONS = frozenset({
    "aan", "achter", "bij", "binnen", "boven", "buiten", "door", "in", "met", "na", "naar", "namens",
    "om", "onder", "op", "over", "per", "sinds", "tegen", "tijdens", "tot", "tussen", "uit", "van",
    "vanaf", "vanuit", "via", "volgens", "voor", "zonder",
    "about", "after", "at", "before", "between", "by", "during", "for", "from", "in", "into", "of",
    "on", "since", "through", "to", "under", "until", "with", "within", "without",
})
_ASKED_AFTER_PREPOSITION = _ASKING_WORDS | {"hoeveel", "hoelang"}
#: After an asking word, a finite verb makes a question ("wat moet ik …", "hoe werkt …"); a
#: subject makes a clause that can open an answer ("wat we willen is …", "wanneer het regent, …").
_FINITE_VERBS = frozenset({
    "is", "zijn", "was", "waren", "moet", "moeten", "kan", "kun", "kunt", "kunnen", "mag", "mogen",
    "wordt", "worden", "heb", "hebt", "heeft", "hebben", "doe", "doet", "doen", "gaat", "gaan", "komt",
    "komen", "duurt", "werkt", "werken", "betekent", "houdt", "zit", "zitten", "staat", "staan", "valt",
    "vallen", "gebeurt", "kost", "kosten", "geldt", "gelden", "bedoelt", "weet", "zal", "zullen", "zou",
    "zouden", "wil", "wilt", "willen", "hoort", "horen", "past", "passen", "regel", "regelt", "kies",
    "kiest", "begin", "begint", "stel", "stelt", "maak", "maakt", "vind", "vindt", "krijg", "krijgt",
    # the plural and first person of verbs above ("wat bedoelen jullie met …" was stored)
    "bedoel", "bedoelen", "betekenen", "vinden", "krijgen", "maken", "kiezen", "beginnen", "regelen",
    "verstaan", "versta", "verstaat", "noem", "noemt", "noemen", "heet", "heten", "verwacht", "verwachten",
    "are", "do", "does", "did", "can", "could", "should", "must", "will", "would", "may", "happens",
    "works", "means", "counts",
})
#: "hoe lang", "hoe vaak", "how many": a question about an amount.
_AMOUNT_WORDS = frozenset({"lang", "vaak", "veel", "groot", "snel", "ver", "duur", "long", "often", "many", "much"})
#: A verb first and a subject after it asks yes or no ("kan ik …", "is er …", "should we …").
_YES_NO_VERBS = frozenset({
    "kan", "kun", "kunt", "kunnen", "mag", "mogen", "moet", "moeten", "is", "zijn", "heb", "hebt",
    "heeft", "hebben", "wordt", "worden", "zal", "zullen", "zou", "zouden", "wil", "wilt", "willen",
    "klopt", "geldt", "bestaat", "telt",
    "can", "could", "should", "must", "is", "are", "do", "does", "did", "may", "will", "would",
})
#: After an asking word and a verb, one of these makes the verb go before its subject: a
#: question in Dutch word order, whatever the verb ("hoe pak ik …", "waar vind je …").
_INVERTED_SUBJECTS = frozenset({"ik", "je", "jij", "u", "we", "wij"})
_PRONOUNS = frozenset({"ik", "we", "wij", "je", "jij", "u", "ze", "zij", "men", "i", "you", "they"})
_SUBJECTS = frozenset({"ik", "we", "wij", "je", "jij", "u", "het", "er", "dat", "dit", "men", "een",
                       "de", "deze", "die", "onze", "ons", "hun", "hij", "zij", "ze",
                       "i", "you", "it", "there", "this", "that", "a", "an",
                       "the", "these", "those", "our", "their", "they", "he", "she"})
#: An English modal, a subject of up to three words, then "be": "can maintenance be paid from
#: …", "should the pilot costs be …" (an answer's fragment has "be" straight after the modal:
#: "must be open source").
_MODAL_SUBJECT_BE_RE = re.compile(
    r"^\s*(?:can|could|should|must|may|might|will|would|shall)\s+(?!not\b|be\b)[\w'-]+(?:\s+[\w'-]+){0,2}\s+be\b",
    re.I)
_WORD_RE = re.compile(r"[\w'’-]+", re.UNICODE)
#: "Hoe kunnen we …?", "Hoe kunnen wij …?": how a need or challenge is put, as often as a question.
_HOW_CAN_WE_RE = re.compile(r"^\s*hoe\s+kunnen\s+(?:we|wij)\b|^\s*how\s+(?:can|could|might)\s+we\b", re.I)
_BULLET_RE = re.compile(r"^\s*(?:[-*•·]|\d+[.)])\s+")

#: Replies to "als antwoord of als vraag?": the number, the choice's name, or yes ("Bedoelt u …
#: als antwoord?" is answered "ja" as often as "1").
ANSWER_WORDS = {"1", "a", "antwoord", "answer", "het antwoord", "the answer", "als antwoord", "as an answer",
                "ja", "j", "jawel", "ja, als antwoord", "ja, antwoord", "yes", "y", "yes, as an answer"}
QUESTION_CHOICE_WORDS = {"2", "v", "q", "vraag", "question", "een vraag", "a question", "als vraag",
                         "as a question", "nee, een vraag", "nee, als vraag", "no, a question", "no, as a question"}
#: The third choice, where the text is an answer followed by a question: store the one, ask the other.
BOTH_CHOICE_WORDS = {"3", "beide", "allebei", "both"}


#: An English contraction's tail on the first word: "what's", "who're", "how'd".
_CONTRACTION_TAIL = re.compile(r"['’](?:s|re|d|ll|ve)$")


def first_word(text: str) -> str:
    """The first word in lower case, without a contraction's tail ("What's" -> "what": it was no
    question word, and "What's a TRL?" was asked whether it was an answer; "whats", typed without
    its apostrophe, is written out first)."""
    match = _WORD_RE.search(with_contractions(text))
    return _CONTRACTION_TAIL.sub("", match.group(0).lower()).strip("'’-") if match else ""


def _words(text: str) -> list[str]:
    """The words in lower case, an English contraction written out ("what's a TRL": "what is …")."""
    return [w.lower() for w in _WORD_RE.findall(with_contractions(text))]


def asked_after_preposition(words: list[str]) -> bool:
    """Whether the words open with a preposition and an asking word ("binnen hoeveel dagen",
    "met wie", "in which step", "for how long"). Dutch "wat" there is "some" ("met wat hulp"),
    save in "wat voor" ("in wat voor situatie"): Dutch asks "waarmee", not "met wat"."""
    if len(words) < 2 or words[0] not in _PREPOSITIONS or words[1] not in _ASKED_AFTER_PREPOSITION:
        return False
    return words[1] != "wat" or words[2:3] == ["voor"]


def starts_with_question_word(text: str) -> bool:
    """Whether the text opens with a question word, or with a preposition and an asking word."""
    return first_word(text) in _ALL_QUESTION_WORDS or asked_after_preposition(_words(text))


#: "Wat moet ik hier invullen?", "Wat bedoelt u met deze vraag?": about the question asked.
_ABOUT_THIS_QUESTION_RE = re.compile(
    r"\b(?:hier|deze vraag|die vraag|dit veld|dit antwoord|here|this question|that question|this field)\b", re.I)
#: The same asked without naming "here": the whole text asks what to answer or what is meant
#: ("What do you mean?", "Wat moet ik invullen?", "Wat wordt ermee bedoeld?"); "What do you mean
#: by TRL?" asks about TRL.
_WHAT_TO_ANSWER_RE = re.compile(
    r"(?:sorry\W+|eh+\W+|um+\W+)?(?:"
    r"wat (?:moet|kan|zal|mag) ik (?:dan |nu |precies |eigenlijk )*(?:invullen|antwoorden|opschrijven|neerzetten|zeggen|typen)"
    r"|wat vul ik (?:dan |nu |precies )*in|wat bedoel(?:t|en)? (?:je|jij|u|jullie)(?: (?:daar|hier)?mee)?"
    r"|wat (?:wordt|is) (?:er )?(?:daar|hier)?(?:mee )?bedoeld|wat betekent (?:dit|dat)"
    r"|what (?:do|should|must|can|shall) i (?:exactly |actually )?(?:fill in|fill out|put|enter|write|answer|say|type)"
    r"(?: (?:in|down))?"
    r"|what (?:do|did) you mean(?: (?:by (?:this|that|it)|exactly))?|what is meant(?: by (?:this|that|it))?"
    r"|what does (?:this|that|it) mean|what goes (?:in|there)"
    r")(?: (?:now|then|exactly|precisely|nu|dan|precies))?\W*", re.I)
#: Longer questions say what they are about themselves.
ABOUT_THIS_QUESTION_MAX_WORDS = 10


#: A request for an example or an explanation with nothing else named: of the question asked
#: ("geef een voorbeeld", "voorbeeld?", "leg uit", "give an example", "explain"). Stored, it
#: filled a list's line, a criterion or a yes or no with the request.
_EXAMPLE_OR_EXPLANATION_RE = re.compile(
    r"(?:(?:graag|alsjeblieft|alstublieft|svp|please|sorry|eh+|um+)\W+)*(?:"
    r"(?:geef|noem|toon|laat)\s+(?:me\s+|mij\s+|eens\s+|even\s+|nog\s+)*(?:een\s+|nog\s+een\s+|wat\s+)?"
    r"(?:voorbeeld(?:en|je)?|uitleg|toelichting)(?:\s+zien)?"
    r"|(?:(?:een|nog\s+een)\s+)?(?:voorbeeld(?:en|je)?|uitleg|toelichting)"
    r"|(?:heb|hebt|heeft)\s+(?:je|jij|u)\s+(?:een\s+|wat\s+)?(?:voorbeeld(?:en)?|uitleg|toelichting)"
    r"|(?:kan|kun|kunt|mag|wil|wilt)\s+(?:ik|je|jij|u)\s+(?:(?:me|mij)\s+)?(?:een\s+|wat\s+)?(?:voorbeeld(?:en)?|uitleg|toelichting)"
    r"(?:\s+(?:krijgen|geven|zien|hebben))?"
    r"|(?:leg|licht)\s+(?:(?:het|dat|dit|de\s+vraag|deze\s+vraag|eens|even|nog\s+eens|me|mij)\s+)*(?:uit|toe)"
    r"|(?:(?:can|could|would)\s+you\s+)?(?:give|show)\s+(?:me\s+)?(?:an?\s+|some\s+|another\s+)?examples?"
    r"|(?:an?\s+|some\s+|another\s+)?examples?|for\s+(?:example|instance)"
    r"|(?:(?:can|could|would)\s+you\s+)?explain(?:\s+(?:it|this|that|this\s+question|the\s+question))?"
    r"|(?:more\s+)?explanation|(?:do\s+you\s+)?have\s+an?\s+example"
    r")(?:\s+(?:graag|alsjeblieft|alstublieft|svp|please|hier|here|van|bij|of|for)(?:\s+(?:deze|die|de|this|the)\s+(?:vraag|question))?)*\W*",
    re.I)


def asks_for_example_or_explanation(text: str) -> bool:
    """Whether the whole text asks for an example or an explanation of the question asked, naming
    nothing else ("geef een voorbeeld", "voorbeeld?", "leg uit", "give an example", "explain");
    "leg uit wat een SBIR is" names what."""
    return bool(_EXAMPLE_OR_EXPLANATION_RE.fullmatch(" ".join(text.replace("’", "'").split())))


def about_this_question(text: str) -> bool:
    """Whether a short question asks about the question the assistant asked ("Wat moet ik hier
    invullen?", "What do you mean?", "geef een voorbeeld"), so that it is searched with that
    question's words and the question is asked again in full."""
    if _WHAT_TO_ANSWER_RE.fullmatch(" ".join(text.replace("’", "'").split())) or asks_for_example_or_explanation(text):
        return True
    return len(_WORD_RE.findall(text)) <= ABOUT_THIS_QUESTION_MAX_WORDS and bool(_ABOUT_THIS_QUESTION_RE.search(text))


#: Words that point at the open question or step instead of naming a subject ("Is dit verplicht?").
_POINTING_WORDS = frozenset(
    "dit dat deze hier hiermee daarmee ermee hierbij daarbij hiervoor daarvoor zoiets this that here it".split())
#: What a question about the open question asks of it (on the folded text): whether it must be
#: answered, why it is asked, or an example of an answer.
_ASKS_OF_QUESTION = (
    ("required", re.compile(r"\b(?:verplicht\w*|optione\w*|overslaan|oversla\w*|per se|niet van toepassing"
                            r"|mandatory|compulsory|required|optional|skip\w*|not applicable"
                            r"|(?:have|need) to (?:fill|answer|complete))\b")),
    ("why", re.compile(r"^(?:en |maar )?(?:waarom|why)\b|\b(?:belangrijk|important|matter|matters)\b")),
    ("example", re.compile(r"\b(?:voorbeeld\w*|example\w*|sample)\b")),
)
#: Passing a question by ("Mag ik overslaan?", "Can I skip?") is about the question itself.
_SKIPPING_RE = re.compile(r"\b(?:overslaan|oversla\w*|skip\w*)\b")
#: Words such a question asks with besides its cue; they name no subject of their own.
_ASKING_ABOUT_WORDS = frozenset("""
    invullen vul beantwoorden antwoorden noemen noem geven geef schrijven opschrijven bedoeld bedoelen
    bedoelt betekent toepassing precies eigenlijk goed goede eens nodig waarom belangrijk onderdeel vraag vraagt
    kun kunt can could fill answer name give write mean meant applicable important matter question part show one put
""".split())


#: Words a question points back with ("is dat realistisch?", "does that work?").
_REFERS_BACK_WORDS = REFERRING_WORDS | {"daarmee", "hiermee", "ermee"}


def refers_back(text: str) -> bool:
    """Whether a question points back at something said before it ("is dat realistisch?")."""
    return any(w in _REFERS_BACK_WORDS for w in TOKEN_RE.findall(fold(text)))


def asks_of_question(text: str) -> str | None:
    """What a question asks of a question: "required", "why", "example", or None."""
    folded = " ".join(fold(text).split())
    return next((kind for kind, cue in _ASKS_OF_QUESTION if cue.search(folded)), None)


def points_at_question(text: str, question_words: str) -> bool:
    """Whether a short question is about the open question or step without a subject of its
    own: it points at it ("Waarom is dit belangrijk?", "Is that required?", "Mag ik overslaan?")
    and each of its other words is one of `question_words` (the open question's and its step's
    text, by the first letters of a word: "criterium", "criteria"), or it asks what
    asks_of_question knows with no other word at all ("Verplicht?"). "Is een SBIR verplicht?" at
    a prompt that names SBIR points at nothing: it asks the guidance."""
    folded = " ".join(fold(text.replace("’", "'")).split())
    words = [w for w in TOKEN_RE.findall(folded) if not w.isdigit()]
    if len(words) > POINTING_MAX_WORDS:
        return False
    points = any(w in _POINTING_WORDS for w in words)
    pointing = points or _SKIPPING_RE.search(folded) is not None
    if not pointing and asks_of_question(text) is None:
        return False
    for _kind, cue in _ASKS_OF_QUESTION:  # the cue's own words ("per se") name no subject
        folded = cue.sub(" ", folded)
    # the question's own words stand for it only beside a word that points at it: "Is een SBIR
    # verplicht?" at a prompt that lists SBIR asks the guidance, "Is dit verplicht?" the plan; a
    # skipping verb alone does not point ("Can we skip the pilot?" at a prompt that lists the
    # pilot asks the guidance, "Mag ik deze overslaan?" the plan)
    own = {w[:SAME_WORD_LETTERS] for w in (*_PLAN_PART_WORDS, *(TOKEN_RE.findall(fold(question_words)) if points else ()))}
    ignored = stopwords() | _POINTING_WORDS | _ASKING_ABOUT_WORDS | _ALL_QUESTION_WORDS
    return all(w in ignored or w[:SAME_WORD_LETTERS] in own for w in TOKEN_RE.findall(folded) if not w.isdigit())


#: What a question about the plan may name besides its pointing words: the plan's own parts ("Kan ik
#: stap 7 overslaan?", "Can I skip this step?").
_PLAN_PART_WORDS = ("stap", "step", "vraag", "vragen", "question", "questions")
#: A question about the open question may be longer than one about what to fill in: the words
#: it asks with name no subject ("Kun je een voorbeeld geven van wat ik hier kan noemen?").
POINTING_MAX_WORDS = 14
#: Two words are taken for one where they share this many first letters ("criterium", "criteria").
SAME_WORD_LETTERS = 6


#: "Ik ben de weg kwijt", "ik snap het niet", "geen idee wat ik hier moet", "I'm lost", "I don't
#: get it": lost in the conversation, said as a whole. Typed under a list question it was stored
#: as a line, and a check called it a criterion without a measurable target.
_LOST = (
    r"(?:ik ben|ik raak) (?:nu |even |een beetje |helemaal |totaal |echt )*"
    r"(?:de weg|het spoor|de draad|het overzicht|de kluts|het) (?:kwijt|bijster)"
    r"|ik ben (?:nu |even |een beetje |helemaal |echt )*(?:in de war|verward|verdwaald)"
    r"|ik (?:snap|begrijp|volg|vat) (?:het|er|dit|dat|deze vraag|het hier|hier|u|je|jou)? ?"
    r"(?:nu |echt |eigenlijk |helemaal |even |gewoon )*(?:niet|niks|niets|geen bal|geen snars)(?: meer| van| hiervan| goed)*"
    r"|(?:ik heb )?geen (?:flauw )?idee wat ik (?:hier |nu |nou |dan )*(?:moet|kan|ga)(?: (?:doen|invullen|antwoorden|zeggen|typen))?"
    r"|ik weet (?:het |even |echt )*niet (?:meer )?wat ik (?:hier |nu |nou |dan )*(?:moet|kan|ga) (?:doen|invullen|antwoorden|zeggen|typen)"
    r"|i(?: am|'m) (?:so |a bit |totally |completely |really )*(?:lost|confused|stuck)(?: here| now)?"
    r"|i(?: have|'ve)? (?:got |gotten )?lost(?: track)?"
    r"|i (?:don't|do not|dont) (?:really )?(?:get|understand|follow)(?: (?:it|this|that|this question|what you mean))?"
    r"(?: at all| anymore)?"
    r"|(?:i have )?no idea what (?:i should|i must|to) (?:do|fill in|answer|enter|say|type)(?: here| now)?"
    r"|i (?:don't|do not|dont) know what (?:to do|i should do|to fill in|to answer)(?: here| now)?"
)
#: "Waar begin ik?", "Ik ben nieuw, hoe werkt dit?", "What do I do now?": about going through the
#: plan with the assistant, not about the guidance. Only the whole text: "Waar begin ik met een
#: marktconsultatie?" asks the guidance.
_PROCEED = (
    r"(?:waar|hoe|waarmee) (?:begin|start) ik(?: (?:nu|dan|eigenlijk|precies))?"
    r"|(?:waar|hoe|waarmee) (?:moet|kan|zal) ik(?: (?:nu|dan|eigenlijk|precies))? (?:beginnen|starten)"
    r"|wat (?:moet|doe|kan) ik(?: (?:nu|eerst|hier|dan))?(?: doen)?"
    r"|wat (?:nu|is de bedoeling)"
    r"|hoe (?:werkt|gaat) (?:dit|het|deze assistent|dit programma)(?: in zijn werk)?"
    r"|ik ben (?:hier )?nieuw(?: hier)?"
    r"|where (?:do|should|can) i (?:start|begin)"
    r"|how (?:do|should|can) i (?:start|begin)"
    r"|what (?:do|should|can) i do(?: (?:now|first|next|here))?"
    r"|what now"
    r"|how does (?:this|it|this assistant) work"
    r"|i(?: am|'m) new(?: here)?"
    # "help" typed without its slash got passages that hold the word ("te hulp schoot")
    r"|help(?: me| mij| please| alstublieft| aub)?|hulp(?: nodig)?|ik heb hulp nodig|i need help"
    r"|(?:wat|waar) (?:moet|kan|zal) ik(?: eerst| het eerst| als eerste)? (?:leren|mee beginnen)"
    r"|what (?:should|do|can) i learn(?: first)?"
)
_HOW_TO_PROCEED_RE = re.compile(
    r"(?:(?:hallo|hoi|goedemorgen|hello|hi)\W+)?(?:(?:sorry|eh+|uh+|um+|hm+|pff+|tja)\W+)*"
    r"(?:(?:ik ben (?:hier )?nieuw(?: hier)?|i am new(?: here)?|i'm new(?: here)?)\W*(?:en\W+|and\W+)?)?"
    rf"(?:(?:{_LOST})(?:\W+(?:(?:en|and|dus|so|maar|but)\W+)?(?:{_PROCEED}))?|{_PROCEED})"
    r"\W*", re.I)


def asks_how_to_proceed(text: str) -> bool:
    """Whether the text asks how to go on with the plan ("Waar begin ik?"): answered with where
    the user is and how the conversation works, not with a passage of the guidance."""
    return bool(_HOW_TO_PROCEED_RE.fullmatch(" ".join(text.replace("’", "'").split())))


#: A request to explain, told or asked without a question mark: "leg uit wat een finishlijn
#: is", "ik snap niet wat een SBIR is, kun je dat uitleggen", "explain the TRL scale",
#: "I don't understand what a finish line is". No answer to a question of the plan is worded so.
_ASKS_TO_EXPLAIN_RE = re.compile(
    r"^\s*(?:(?:graag|alsjeblieft|alstublieft|svp|please)\W+)?leg\b(?:\s+\S+){0,6}?\s+uit\b"
    r"|\b(?:kun|kunt|kan|wil|wilt|zou)\s+(?:je|jij|u)\b(?:\s+\S+){0,8}?\s+(?:uitleggen|toelichten|verklaren|uitleg\s+geven)\b"
    r"|\bik\s+(?:snap|begrijp)\s+(?:niet|nog\s+niet|het\s+niet|eigenlijk\s+niet|niet\s+goed|niet\s+precies)\s+(?:goed\s+|precies\s+)?(?:wat|hoe|waarom|wanneer|welke|wie)\b"
    r"|^\s*(?:(?:please|could\s+you|can\s+you|would\s+you)\s+)?explain\b"
    r"|\b(?:can|could|would)\s+you\s+(?:please\s+)?explain\b"
    r"|\bi\s+(?:don'?t|do\s+not)\s+(?:really\s+)?(?:understand|get|know)\s+(?:what|how|why|when|which|who)\b"
    # ... or an example of something shown: "geef een voorbeeld van een goed criterium" was stored
    # as a criterion (the request alone, "geef een voorbeeld", is about the question asked)
    r"|^\s*(?:(?:graag|alsjeblieft|alstublieft|svp|please)\W+)?(?:geef|noem|toon)\s+(?:me\s+|mij\s+|eens\s+|even\s+)*"
    r"(?:een\s+paar\s+|een\s+|nog\s+een\s+|wat\s+|enkele\s+)?voorbeeld(?:en|je)?\b"
    r"|\b(?:kun|kunt|kan|wil|wilt|zou|heb|hebt|heeft)\s+(?:je|jij|u)\b(?:\s+\S+){0,4}?\s+voorbeeld(?:en|je)?\b"
    r"|^\s*(?:(?:please|could\s+you|can\s+you|would\s+you)\s+)?(?:give|show)\s+(?:me\s+)?(?:an?\s+|some\s+|another\s+)?examples?\b",
    re.I)


def asks_to_explain(text: str) -> bool:
    """Whether the text asks to have something explained ("leg uit wat …", "kun je dat
    uitleggen", "I don't understand what …"), with or without a question word or mark."""
    return bool(_ASKS_TO_EXPLAIN_RE.search(" ".join(text.replace("’", "'").split())))


#: A request for information put as its subject alone: "difference between SBIR and innovation
#: partnership", "verschil tussen …", "uitleg over …", "meaning of …". Typed without a project, it
#: was offered as an answer there was no project to store in.
_INFORMATION_ASKED_RE = re.compile(
    r"(?:(?:het|de|een|the|an?|graag|please|meer|more)\s+)*"
    r"(?:(?:verschil(?:len)?|vergelijking|differences?|comparison)\s+(?:tussen|between)"
    r"|(?:voor-?\s+en\s+nadelen|betekenis|definitie|pros\s+and\s+cons|meaning|definition)\s+(?:van|of)"
    r"|(?:uitleg|explanation)\s+(?:over|van|about|of|on))\s+\S", re.I)


#: The same comparison typed without its "tussen" or "between", the line nothing but its two
#: subjects ("verschil sbir en innovatiepartnerschap"); a preposition or an article after the noun
#: makes it part of an answer ("verschil in kosten en tijd").
_BARE_COMPARISON_RE = re.compile(
    r"(?:(?:het|de|the)\s+)?(?:verschil(?:len)?|differences?)\s+"
    rf"(?!(?:{'|'.join(sorted(_PREPOSITIONS))}|de|het|een|the|an?)\b)[\w'’-]+(?:\s+[\w'’-]+){{0,3}}"
    r"\s+(?:en|and|vs\.?|versus|of|or)\s+[\w'’-]+(?:\s+[\w'’-]+){0,3}\W*", re.I)


def asks_for_information(text: str) -> bool:
    """Whether one line is a request for information named by its subject alone ("verschil tussen
    SBIR en een prijsvraag", "verschil SBIR en PCP", "meaning of TRL"), with no verb or subject that
    would make it a statement ("het verschil tussen oud en nieuw is groot", "uitleg over de
    resultaten geven we", "verschil maken voor bewoners en ondernemers")."""
    words = set(w.lower() for w in _WORD_RE.findall(text)[1:])
    stripped = " ".join(text.split())
    return bool(_INFORMATION_ASKED_RE.match(stripped) or _BARE_COMPARISON_RE.fullmatch(stripped)) \
        and not words & (_FINITE_VERBS | _PRONOUNS | {"was", "were", "wordt", "werd", "has", "have", "had", "wij"})


#: Asking words a noun may follow before the verb ("welk platform zet ik", "which step do we").
_ASKING_BEFORE_A_NOUN = frozenset({"welk", "welke", "hoeveel", "which", "what", "whose"})
#: English asking words that open relative clauses as well ("drivers who are the first to see it",
#: "a system which does the routing"): a question only with a person after the verb ("who do we ask").
_RELATIVE_IN_ENGLISH = frozenset({"who", "whom", "whose", "which"})
_PERSONS = frozenset({"ik", "je", "jij", "u", "we", "wij", "ze", "zij", "i", "you", "they", "he", "she", "it"})


def _opens_clause(words: list[str]) -> bool:
    """Whether the words after an asking word (and the noun it may take) open with a subject: a
    clause that an answer may open with ("bij wie we beginnen, …", "binnen welke termijn we
    leveren, …"), not a question's verb ("met wie moet ik praten", "op welk platform zet ik …")."""
    takes_one = words[0] in _ASKING_BEFORE_A_NOUN or (words[0] in ("hoe", "how") and words[1:2]
                                                       and words[1] in _AMOUNT_WORDS)  # "hoe lang"
    rest = words[2:] if takes_one else words[1:]
    return bool(rest) and rest[0] in _SUBJECTS


def _asks_with_verb_first(words: list[str], at: int) -> bool:
    """Whether the asking word at `at` opens a question in Dutch (and English) word order: a verb,
    then its subject ("wat is dat", "hoe doe je dat", "hoe formuleer ik …", "how long does that
    take", "welke procedure past het best"). A relative or subordinate clause puts its subject
    first or has none ("wat we nu doen", "alles wat is afgesproken", "wat betreft beheer")."""
    asking = words[at]
    starts = [at + 1]
    if asking in ("hoe", "how") and words[at + 1:at + 2] and words[at + 1] in _AMOUNT_WORDS:
        starts = [at + 2]  # "hoe lang duurt dat"
    elif asking in _ASKING_BEFORE_A_NOUN:
        starts = [at + 1, at + 2]  # "what is it", "what budget do we need"
    if asking == "wie" and words[at + 1:at + 2] == ["weet"]:
        return False  # "wie weet de provincie": who knows, perhaps
    for verb_at in starts:
        verb, subject = words[verb_at:verb_at + 1], words[verb_at + 1:verb_at + 2]
        if not (verb and subject) or verb[0] in _SUBJECTS | _PRONOUNS:
            continue
        if words[verb_at + 2:verb_at + 3] in (["niet"], ["nog"]) and verb[0] == "weet":
            continue  # "welke afdeling weet ik niet": what is not known, said
        if asking in _RELATIVE_IN_ENGLISH:
            if verb[0] in _FINITE_VERBS and subject[0] in _PERSONS:
                return True
        elif verb[0] in _FINITE_VERBS and subject[0] in _SUBJECTS:
            return True
        elif subject[0] in _INVERTED_SUBJECTS and not (asking in ("hoe", "how") and words.count(asking) > 1):
            return True  # any verb before "ik", "je", "we"; not "hoe meer we meten, hoe beter"
    return False


def asks_after_its_subject(text: str) -> bool:
    """Whether a line names its subject first and then asks about it, without a question mark
    ("innovatiepartnerschap wat is dat", "opschalen hoe doe je dat", "the pilot, how long does that
    take"): after the first word, an asking word that a verb and its subject follow."""
    words = _words(text)
    return any(w in _ASKED_AFTER_PREPOSITION and _asks_with_verb_first(words, i) and not _ever_clause(words, i)
               and not (i == 1 and words[0] in _PREPOSITIONS)  # "met welke partij we …": asked_after_preposition's
               for i, w in enumerate(words) if i > 0)


def _ever_clause(words: list[str], at: int) -> bool:
    """Whether the asking word at `at` opens a clause of "… dan ook" ("in welke vorm dan ook",
    "met wie dan ook"): whichever, no question."""
    return any(words[j:j + 2] == ["dan", "ook"] for j in range(at + 1, min(at + 4, len(words) - 1)))


#: A line that opens with a short label and a colon, then says something: an answer's item
#: ("Hoe vaak: minimaal elke week een vlucht (technisch)"), however its label opens.
_LABELLED_RE = re.compile(r"^\s*[^\W\d][^:?\n]{0,24}:\s+\S")


def _label_asks(label: str) -> bool:
    """Whether a line's label before its colon asks itself ("Wat bedoel je met:", "Moet ik hier:",
    "How does this work:"), unlike one that names what follows ("Hoe vaak:", "Wanneer:")."""
    words = _words(label)
    return bool(words) and (words[0] in _YES_NO_VERBS or (
        words[0] in _ASKING_WORDS and len(words) > 1 and (words[1] in _FINITE_VERBS or words[2:3] and words[2] in _INVERTED_SUBJECTS)))


def reads_as_question(text: str) -> bool:
    """Whether one line without a question mark is shaped like a question: an asking word and a
    finite verb ("hoe werkt een SBIR", "welke eisen gelden hier", "hoe lang duurt het"), a verb
    and a subject ("kan ik een SBIR gebruiken"), or a request for information ("verschil tussen
    SBIR en een prijsvraag")."""
    if asks_for_information(text):
        return True
    if text.rstrip().endswith((".", "!", ":")):
        return False  # a statement
    labelled = _LABELLED_RE.match(text)
    if labelled and not _label_asks(text[:labelled.end() - 1]):
        # a label and what it says ("Hoe vaak: minimaal elke week een vlucht"), unless what it
        # says asks ("SBIR: wanneer kies je dat")
        return reads_as_question(text[labelled.end() - 1:])
    words = _words(text)
    if asked_after_preposition(words):
        if not _opens_clause(words[1:]) and not _ever_clause(words, 1):
            return True  # "op welk platform zet ik …", "in which step do I …": no answer opens so
        words = words[1:]  # "bij wie we beginnen, …": read as from its asking word
    if asks_after_its_subject(text):
        return True  # "innovatiepartnerschap wat is dat", "sbir hoe werkt dat"
    if len(words) < 3:
        return False  # "Wie: de gemeente", "Hoe dan ook": too short to tell
    first, second = words[0], words[1]
    if (first == "who" and second not in _PRONOUNS) or (first == "what" and second == "if"):
        return True  # "who owns the source code if …", "what if the supplier goes bankrupt"
    if first in _ASKING_WORDS:
        if first in ("hoe", "how") and (second in _AMOUNT_WORDS or words[2] in _FINITE_VERBS):
            return True  # "hoe lang …", and "hoe hoog moet het budget zijn": a measure, then its verb
        if first in ("welk", "welke", "which", "what", "wat") and second not in _PRONOUNS \
                and words[2] in _FINITE_VERBS:
            return True  # "welke eisen gelden …", "what rules apply …"
        if second not in _PRONOUNS and words[2] in _INVERTED_SUBJECTS and words.count(first) == 1:
            # a verb before its subject: "hoe pak ik een marktconsultatie aan" (not "hoe eerder
            # we beginnen, hoe beter")
            return True
        return second in _FINITE_VERBS
    if first in ("hoeveel", "hoelang"):
        return True
    if _MODAL_SUBJECT_BE_RE.match(text) or (first in ("does", "did") and second not in ("not", "n't")):
        return True  # "does maintenance count as …": no answer opens so ("does not apply" does)
    return first in _YES_NO_VERBS and second in _SUBJECTS


#: Filler around a reply that holds no answer ("eh, weet ik niet, sorry").
_FILLER = r"(?:sorry|eh+|uh+|um+|hm+|tja|nou|pff+|helaas|eerlijk gezegd|honestly|to be honest)"
#: Words that soften such a reply without adding to it ("weet ik eigenlijk nog niet precies").
_SOFT = r"(?:(?:nu|nog|eigenlijk|echt|helaas|precies|zo|even|op dit moment|really|yet|exactly|right now)\s+)*"
_UNSURE_RE = re.compile(
    rf"(?:{_FILLER}\W+)*(?:"
    rf"(?:dat\s+|ik\s+)?weet\s+ik\s+(?:het\s+|dat\s+)?{_SOFT}niet(?:\s+precies|\s+zeker|\s+goed)?"
    rf"|(?:ik\s+)?weet\s+(?:het\s+|dat\s+)?{_SOFT}niet(?:\s+precies|\s+zeker|\s+goed)?"
    rf"|{_SOFT}geen\s+(?:flauw\s+)?(?:idee|benul)"
    rf"|{_SOFT}(?:onbekend|onduidelijk|niet\s+bekend|niet\s+duidelijk|niet\s+zeker|twijfel)"
    rf"|(?:dat\s+)?(?:kan|moet)\s+ik\s+{_SOFT}niet\s+zeggen"
    rf"|(?:dat\s+)?moet\s+ik\s+{_SOFT}(?:uitzoeken|navragen|nagaan|opzoeken)"
    rf"|(?:dat\s+)?zoek\s+ik\s+{_SOFT}uit|(?:nader|nog)\s+te\s+bepalen|n\.?\s?t\.?\s?b\.?"
    rf"|(?:i\s+)?(?:don'?t|do\s+not)\s+know(?:\s+yet|\s+exactly)?|dunno"
    rf"|(?:i'?m\s+|i\s+am\s+)?{_SOFT}not\s+sure(?:\s+yet)?|{_SOFT}no\s+idea(?:\s+yet)?"
    rf"|{_SOFT}(?:unknown|unclear|not\s+known)(?:\s+yet)?|tbd|to\s+be\s+(?:determined|decided|confirmed)"
    rf"|(?:i\s+)?(?:need|have)\s+to\s+(?:find\s+out|check)|i'?ll\s+(?:find\s+out|check)(?:\s+later)?"
    rf"|idk|(?:no|not\s+a)\s+clue"
    # put off: nothing to store yet ("later", "kom ik op terug", "not now")
    rf"|{_SOFT}(?:(?:dat\s+|dit\s+)?(?:doe|vul|beantwoord)\s+ik\s+(?:\w+\s+)?later(?:\s+in)?|later|straks|(?:een\s+)?andere\s+keer"
    rf"|(?:daar\s+|hier\s+)?kom\s+ik\s+(?:nog\s+|later\s+)*(?:op\s+)?terug|ik\s+kom\s+(?:er|hier|daar)\s*(?:nog\s+|later\s+)*op\s+terug"
    rf"|komt\s+(?:nog|later)|volgt(?:\s+nog)?(?:\s+later)?|niet\s+nu|nu\s+niet)"
    rf"|(?:maybe\s+)?later(?:\s+on)?|not\s+now|not\s+right\s+now|(?:i'?ll|i\s+will|let\s+me)\s+(?:come|get)\s+back\s+to\s+(?:it|this|that)(?:\s+later)?"
    rf"|(?:i'?ll\s+)?(?:fill\s+(?:it|this)\s+in|answer\s+(?:it|this))\s+later|to\s+follow|skip\s+for\s+now"
    # and when: "dunno yet", "no idea for now", "weet ik niet, voorlopig"
    rf")(?:\W*(?:yet|(?:for\s+)?now|at\s+the\s+moment|so\s+far|nog|nu|voorlopig|op\s+dit\s+moment))*"
    rf"(?:\W+{_FILLER})*\W*", re.I)


#: A reply that says only what is not known: "ik weet niet wat een behoefteanalyse is", "I don't
#: know who experiences it". A clause after it says more ("…, maar maximaal 2 ton"): an answer;
#: so does "ik weet niet of er budget is" (to "Is er budget?", an answer left open with its note).
_NOT_KNOWING_RE = re.compile(
    rf"(?:{_FILLER}\W+)*(?:(?:ik\s+)?weet\s+(?:het\s+|ik\s+)?{_SOFT}niet|(?:i\s+)?(?:don'?t|do\s+not)\s+{_SOFT}know)"
    r"\s+(?:(?:precies|exactly|really)\s+)?(?:wat|wie|hoe|welke?|waar|waarom|wanneer|what|who|how|which|where|why|when)\b"
    r"(?![^,;:]*[,;:])(?!.*\b(?:maar|but)\b)[^?]*", re.I)
#: The term such a reply names: "wat een behoefteanalyse is", "what a TRL means"
_TERM_NOT_KNOWN_RE = re.compile(
    r"\b(?:wat|what)\s+(?:(?:een|de|het|a|an|the)\s+)?(?P<term>\S.{0,60}?)\s+"
    r"(?:is|zijn|betekent|betekenen|inhoudt|means|mean|are)\W*$", re.I)


#: A put-off that is a no as well: "niet nu", "not (right) now" answer "Moet het nu al …?".
_NO_FOR_NOW_RE = re.compile(
    rf"(?:{_FILLER}\W+)*(?:(?:nu\s+)?niet\s+(?:nu|op\s+dit\s+moment)|nu\s+niet|not\s+(?:right\s+)?now|not\s+at\s+the\s+moment)"
    rf"(?:\W+{_FILLER})*\W*", re.I)


def says_no_for_now(text: str) -> bool:
    """Whether the whole reply puts the answer off with a "not" ("niet nu", "not right now"): at a
    yes or no question that is a no, where "later" or "kom ik op terug" only puts it off."""
    return bool(_NO_FOR_NOW_RE.fullmatch(" ".join(text.split())))


#: A request made by its noun alone: "Voorbeelden", "Uitleg", "Example?".
_REQUEST_WORD_RE = re.compile(r"(?:voorbeeld(?:en|je)?|uitleg|toelichting|examples?|explanation)[.!]?", re.I)


def is_lone_request_word(text: str) -> bool:
    """Whether the text is a request's noun alone, without "?" ("Voorbeelden", "Uitleg"): under a
    list question as likely a line of the list as a request."""
    return bool(_REQUEST_WORD_RE.fullmatch(text.strip()))


def _says_not_known(text: str) -> bool:
    return bool(_UNSURE_RE.fullmatch(text) or _NOT_KNOWING_RE.fullmatch(text))


#: The words of the phrases that say an answer is not known (read from the patterns themselves),
#: long enough for a slip in one of them to be told from another word.
_NOT_KNOWN_WORDS = frozenset(re.findall(r"[a-z]{4,}", _UNSURE_RE.pattern + _NOT_KNOWING_RE.pattern))
#: Up to this many words a reply is read again with a slip mended: longer ones say more.
SLIP_MAX_WORDS = 8


#: One letter changed counts as a slip in words this long only: in short ones it makes other
#: words ("water" is no "later", "kost nog" no "komt nog"), and a reply read as "not known" is
#: not stored; "onbekent" is "onbekend".
CHANGED_LETTER_MIN = 7


def _one_slip(typed: str, word: str) -> bool:
    """Whether `typed` is `word` with one letter left out, added, or two swapped, or in a long
    word one letter changed."""
    if typed == word or abs(len(typed) - len(word)) > 1:
        return False
    if len(typed) == len(word):
        diff = [i for i, (a, b) in enumerate(zip(typed, word)) if a != b]
        return (len(diff) == 1 and len(word) >= CHANGED_LETTER_MIN) or (
            len(diff) == 2 and diff[1] == diff[0] + 1
            and typed[diff[0]] == word[diff[1]] and typed[diff[1]] == word[diff[0]])
    short_one, long_one = sorted((typed, word), key=len)
    return any(long_one[:i] + long_one[i + 1:] == short_one for i in range(len(long_one)))


def unsure_reading(text: str) -> str | None:
    """The reply as it says that the answer is not known (itself, or with one slip in one of the
    phrase's words of four letters or more mended: "weet nie", "geen iede"), or None. A reply of
    one word is not mended: mending "latr" to "later" also made "Strak", "Late", "Volt" and
    "Nuclear" not known, and stored nothing of them; nor one whose other words are filler only."""
    text = " ".join(text.replace("’", "'").split())
    if _says_not_known(text):
        return text
    spans = [m.span() for m in _WORD_RE.finditer(text)]
    if not 2 <= len(spans) <= SLIP_MAX_WORDS:
        return None  # one word alone is too often a word of its own ("Strak", "Late", "Volt")
    for i, (start, end) in enumerate(spans):
        typed = text[start:end].lower()
        others = [text[s:e] for j, (s, e) in enumerate(spans) if j != i]
        if len(typed) < 3 or typed in _NOT_KNOWN_WORDS or all(re.fullmatch(_FILLER, w, re.I) for w in others):
            continue
        for word in _NOT_KNOWN_WORDS:
            mended = text[:start] + word + text[end:]
            if _one_slip(typed, word) and _says_not_known(mended):
                return mended
    return None


def is_unsure(text: str) -> bool:
    """Whether the whole reply says only that the answer is not known yet ("weet ik nog niet",
    "geen idee", "I don't know yet", "weet nie" with its slip), or only what is not known ("ik weet
    niet wat een behoefteanalyse is"). "Weet ik niet, hangt af van de begroting" says more."""
    return unsure_reading(text) is not None


def term_not_known(text: str) -> str | None:
    """The term a reply says it does not know ("ik weet niet wat een behoefteanalyse is":
    "behoefteanalyse"), or None."""
    text = " ".join(text.replace("’", "'").split())
    m = _TERM_NOT_KNOWN_RE.search(text) if _NOT_KNOWING_RE.fullmatch(text) else None
    return m.group("term").strip(" “”\"'") if m else None


_GREETING_RE = re.compile(
    r"(?:hallo|hoi|hey|hi|hello|hiya|dag|goedemorgen|goedemiddag|goedenavond|goeiemorgen|"
    r"good\s+(?:morning|afternoon|evening))(?:\s+(?:daar|allemaal|there|all|assistent|assistant))?\W*", re.I)


def is_greeting(text: str) -> bool:
    """Whether the whole reply is a greeting ("Hallo!", "goedemorgen", "hi there")."""
    return bool(_GREETING_RE.fullmatch(" ".join(text.split())))


def has_words(text: str) -> bool:
    """Whether the text holds a word ("?" or "??" holds none)."""
    return _WORD_RE.search(text) is not None


def looks_like_list(text: str) -> bool:
    """Several lines, bullets or ``;``-separated entries."""
    stripped = text.strip()
    if "\n" in stripped:
        return True
    if _BULLET_RE.match(stripped):
        return True
    parts = [p for p in stripped.split(";") if p.strip()]
    return len(parts) >= 2


def classify(text: str, *, pending: bool, question_kind: str | None = None) -> Intent:
    """What the user meant by ``text`` (see the module docstring for the rules); `question_kind`
    is the kind of the question pending ("bool", "list", …) where it is known."""
    stripped = text.strip()
    if not stripped:
        return "empty"
    if as_command(stripped) is not None:
        return "command"
    if not pending:
        return "question"
    if "\n" in stripped and question_part(stripped) is not None:
        # a pasted e-mail that ends in its question ("… Kunnen we de leverancier vooraf
        # spreken?"): stored as the answer without a word, where one line was asked about
        return "ambiguous"
    if asks_for_example_or_explanation(stripped):
        if question_kind == "list" and is_lone_request_word(stripped):
            return "ambiguous"  # "Voorbeelden" is a list's line as often as a request
        return "question"  # about the question asked: its help and example, not an answer
    if looks_like_list(stripped):
        # a field or entry that asks, by an asking word ("…; fit: wat bedoelen ze met fit?"), or a
        # question after the last entry ("…; de omwonenden — is dat genoeg?"): stored, the record
        # kept the question as the field's value
        asked = asked_in_a_part(stripped) is not None or question_after_list(stripped) is not None
        return "ambiguous" if asked else "answer"
    if stripped.endswith("?"):
        # "?" or "??" holds no answer: as a question it is told to ask one
        if _HOW_CAN_WE_RE.match(stripped):
            return "ambiguous"
        if starts_with_question_word(stripped) or not _WORD_RE.search(stripped):
            return "question"
        return "ambiguous"
    unsure = unsure_reading(stripped)
    if unsure is not None and not (question_kind == "bool" and says_no_for_now(unsure)):
        # "I don't know what a TRL is": no answer, and no request to explain; but "niet nu" to
        # a yes or no is a no
        return "unsure"
    if reads_as_question(stripped) or asks_to_explain(stripped):
        return "ambiguous"
    if is_greeting(stripped):
        return "greeting"
    if question_kind == "text" and names_a_term(stripped):
        # "trl" at "Wie ervaart deze behoefte?": a term typed to have it explained, as often as an
        # answer; a choice or a list's line names one as an answer
        return "ambiguous"
    return "answer"


@lru_cache(maxsize=1)
def _term_names() -> frozenset[str]:
    """The abbreviations that name a glossary term ("TRL", "SBIR"), each as `folded_words` writes it;
    not "AI"."""
    # the abbreviations that are a term's own name only ("TRL", "SBIR", "EMVI"): a term's word
    # alone ("Eindgebruikers", "Privacy") or a law's ("AVG") answers "Wie ervaart …?" or "Welke
    # risico's …?" as often as it asks what the term is
    names: set[str] = set()
    for term in load_glossary():
        own = set(re.findall(r"[\w-]+", f"{term.nl} {term.en}"))
        names.update(name for name in term.names()
                     if name.isupper() and len(name) <= ABBREVIATION_MAX_LETTERS and name in own)
    return frozenset(name for name in map(folded_words, names) if len(name) >= TERM_NAME_MIN_LETTERS)


#: An abbreviation of the glossary is a name in capitals of at most this many letters.
ABBREVIATION_MAX_LETTERS = 6
#: A shorter name is an everyday word, typed as an answer as often as not ("AI" at "Welke ideeën
#: …?", at the 1-or-2 question a new answer).
TERM_NAME_MIN_LETTERS = 3


def names_a_term(text: str) -> bool:
    """Whether the whole line is one of the glossary's abbreviations, in any case ("trl", "SBIR")."""
    return folded_words(text) in _term_names()


def question_part(text: str) -> str | None:
    """The question that text of several lines ends in (its last line, when that ends in "?" and
    opens as a question does), or None: what is asked of the guidance when it was meant as one."""
    raw = [line for line in text.strip().split("\n") if line.strip(" \t>•-*")]
    if len(raw) < 2 or _BULLET_RE.match(raw[-1].lstrip(" \t>")):  # a list's item that asks ("- welke data?")
        return None
    last = raw[-1].strip(" \t>")
    if not last.endswith("?"):
        return None
    return last if starts_with_question_word(last) or reads_as_question(last) else None


#: "Label: value" in a structured line: the label's words before the colon.
_FIELD_LABEL_RE = re.compile(r"^\s*[^\W\d][\w '’()/-]{0,30}:\s+(?=\S)")


def _asks(part: str) -> bool:
    """Whether one part of a structured line is a question put to someone: it ends in "?" and opens
    with an asking word ("wat bedoelen ze met fit?"), not a requirement put as a yes or no
    ("werkt het offline?", "Is de oplossing uitlegbaar?")."""
    words = _words(part)
    return part.rstrip().endswith("?") and bool(words) and (words[0] in _ASKING_WORDS or asked_after_preposition(words))


def asked_in_a_part(text: str) -> str | None:
    """The question one part of a ``;``-separated line asks, after its label if it has one
    ("Camera's; TRL 9; fit: wat bedoelen ze met fit?": "wat bedoelen ze met fit?"), or None.
    A line whose every part asks is a list of questions: an answer."""
    stripped = text.strip()
    if "\n" in stripped:
        return None
    parts = [_FIELD_LABEL_RE.sub("", part, count=1).strip() for part in stripped.split(";") if part.strip()]
    asking = [part for part in parts if _asks(part)]
    return asking[-1] if asking and len(asking) < len(parts) else None


#: Where a line's answer ends and the question after it begins: a dash, or a sentence's end.
_BEFORE_QUESTION_RE = re.compile(r"\s+[—–-]+\s+|(?<=[.!:;])\s+")
#: A question put after an answer opens with a question word or a verb ("— is dat realistisch?",
#: "— werkt dat ook 's nachts?").
_OPENS_QUESTION = _ALL_QUESTION_WORDS | _FINITE_VERBS | _YES_NO_VERBS
#: The same within a ``;``-separated line's last part, where the ``;`` itself parts entries: a
#: part after one that asks yes or no ("…; werkt het offline?") is a requirement, not a question.
_BEFORE_QUESTION_IN_PART_RE = re.compile(r"\s+[—–-]+\s+|(?<=[.!])\s+")


def _split_at(text: str, cuts: list[re.Match[str]]) -> tuple[str, str] | None:
    """The answer before the last of `cuts` (where `text` may part) that a question follows, and
    that question; or None."""
    for cut in reversed(cuts):
        answer, asked = text[:cut.start()].strip(" ;:"), text[cut.end():].strip()
        if first_word(asked) in _OPENS_QUESTION and len(_words(asked)) >= 2 and len(_words(answer)) >= 2:
            return answer, asked
    return None


def question_after_list(text: str) -> tuple[str, str] | None:
    """A ``;``-separated line, on one line, that ends in a question set off by a dash or a
    sentence's end in its last part ("De dijkinspecteurs; de omwonenden — is dat genoeg?"): the
    line without its question, and the question; or None. The ``;`` made it read as a list, whose
    parts are answers, and the line was stored whole with its question."""
    stripped = text.strip()
    if "\n" in stripped or ";" not in stripped or not stripped.endswith("?"):
        return None
    return _split_at(stripped, list(_BEFORE_QUESTION_IN_PART_RE.finditer(stripped, stripped.rindex(";") + 1)))


def answer_and_question(text: str) -> tuple[str, str] | None:
    """An answer followed by a question, each on its own: the text without its question, and the
    question ("Sensoren gaan 5 jaar mee (technisch) — is dat realistisch?": "Sensoren gaan 5 jaar
    mee (technisch)" and "is dat realistisch?"), or None where the text is not so made."""
    stripped = text.strip()
    if "\n" in stripped:
        asked = question_part(stripped)
        if asked is None:
            return None
        lines = stripped.split("\n")
        at = max(i for i, line in enumerate(lines) if line.strip(" \t>") == asked)
        answer = "\n".join(lines[:at]).strip()
        return (answer, asked) if _WORD_RE.search(answer) else None
    asked = asked_in_a_part(stripped)
    if asked is not None:
        rest = [part.strip() for part in stripped.split(";")
                if part.strip() and _FIELD_LABEL_RE.sub("", part, count=1).strip() != asked]
        return ("; ".join(rest), asked) if rest else None
    if looks_like_list(stripped):
        return question_after_list(stripped)
    if not stripped.endswith("?"):
        return None
    return _split_at(stripped, list(_BEFORE_QUESTION_RE.finditer(stripped)))


def resolve_choice(text: str) -> Literal["answer", "question", "both"] | None:
    """The reply to "did you mean an answer (1) or a question (2)?" ("ja" is an answer: "Bedoelt
    u … als antwoord?"), the third choice (3: store the answer, ask the question), or None."""
    low = " ".join(text.strip().lower().rstrip(".!").split())
    if low in ANSWER_WORDS:
        return "answer"
    if low in QUESTION_CHOICE_WORDS:
        return "question"
    if low in BOTH_CHOICE_WORDS:
        return "both"
    return None


def is_no_new_input(text: str) -> bool:
    """Whether a reply to the 1-or-2 question is neither a choice nor plausibly a new answer: no
    word ("?"), a lone digit or letter ("3" where there is no third choice), or a reply word of its
    own ("nee", "ok", "prima"). Taken as new input, it replaced the line waiting for the choice."""
    low = " ".join(text.strip().lower().split())
    words = _WORD_RE.findall(low)
    if not words:
        return True
    if len(words) > 1:
        return False
    word = low.strip(" .!?,")
    # a letter alone too; two letters may be a new answer ("AI")
    return len(word) <= 1 or word in CONFIRM_ALL_WORDS | CONFIRM_NONE_WORDS


CONFIRM_ALL_WORDS = {
    "ja", "j", "jawel", "ja graag", "ja, graag", "akkoord", "goed", "prima", "ok", "oké", "oke",
    "okay", "alles", "allemaal", "ja alles", "yes", "y", "yes please", "all", "accept", "sure",
}
CONFIRM_NONE_WORDS = {
    "nee", "n", "neen", "nee dank je", "nee, dank je", "niets", "geen", "geen van alle",
    "no", "none", "no thanks", "nothing", "reject",
}
_NUMBER_LIST_RE = re.compile(
    r"^#?\d{1,3}(?:\s*[-–]\s*\d{1,3})?(?:\s*(?:[,;/&+ ]|\ben\b|\band\b)\s*#?\d{1,3}(?:\s*[-–]\s*\d{1,3})?)*$"
)


def resolve_confirmation(text: str) -> Literal["all", "none"] | list[int] | None:
    """The reply to a proposal: "ja"/"yes" (all), "nee"/"no" (none), numbers such as
    ``1,3`` or ``1-3`` (those, in order, without repeats), or None when it is neither."""
    low = " ".join(text.strip().lower().rstrip(".!").split())
    if low in CONFIRM_ALL_WORDS:
        return "all"
    if low in CONFIRM_NONE_WORDS:
        return "none"
    if not _NUMBER_LIST_RE.match(low):
        return None
    numbers: list[int] = []
    for start, end, single in re.findall(r"(\d+)\s*[-–]\s*(\d+)|(\d+)", low):
        span = [int(single)] if single else list(range(int(start), int(end) + 1)) \
            if int(start) <= int(end) else list(range(int(start), int(end) - 1, -1))
        numbers += [n for n in span[:1000] if n not in numbers]
    return numbers or None


def split_entries(text: str) -> list[str]:
    """List entries from an answer: one per line, or ``;``-separated; bullets removed."""
    stripped = text.strip()
    if "\n" in stripped:
        parts = stripped.split("\n")
    else:
        parts = stripped.split(";")
    entries = []
    for part in parts:
        part = _BULLET_RE.sub("", part, count=1).strip()
        if part:
            entries.append(part)
    return entries
