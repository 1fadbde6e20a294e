"""Definition questions ("Wat is een proeftuin?", "What is meant by vendor lock-in?"): what they
ask to have defined, and whether a passage defines it.

The question's words alone favour the passage that repeats the term most, which is seldom the
one that says what it is ("In Nederland is met name RVO de partij die SBIR-trajecten opzet" over
"De kern van SBIR is dat de overheid ondernemers uitdaagt …").
"""

from __future__ import annotations

import re

from assistant.knowledge.text import (ABBREVIATION_WORDS, QUESTION_WORDS, english_dutch_lexicon, fold, stopwords,
                                      with_contractions)

#: The subject of a definition question is a term, not a clause: at most this many words.
MAX_SUBJECT_WORDS = 4

_ARTICLE = r"(?:(?:een|de|het|a|an|the)\s+)?"
# "de afkorting TRL": the same words that shape the question for search (text.ABBREVIATION_WORDS)
_ABBREVIATION = rf"(?:(?:{'|'.join(sorted(ABBREVIATION_WORDS - {'stand'}, key=len, reverse=True))})\s+)?"
_ASKS = [
    re.compile(rf"^(?:wat|wie)\s+(?:is|zijn)\s+{_ARTICLE}(?P<subject>.+)$"),
    re.compile(rf"^wat\s+(?:betekent|betekenen)\s+{_ARTICLE}{_ABBREVIATION}(?P<subject>.+)$"),
    re.compile(rf"^wat\s+(?:houdt|houden)\s+{_ARTICLE}(?P<subject>.+?)\s+in\b(?P<rest>.*)$"),
    re.compile(rf"^wat\s+(?:wordt|worden)\s+(?:er\s+)?(?:verstaan|bedoeld)\s+(?:onder|met)\s+{_ARTICLE}(?P<subject>.+)$"),
    # "wat bedoelen jullie met TRL?": the plural and first person too, as the user addresses us
    re.compile(rf"^wat\s+(?:bedoelt|bedoelen|bedoel|verstaat|verstaan)\s+(?:\w+\s+){{0,3}}?(?:met|onder)\s+{_ARTICLE}(?P<subject>.+)$"),
    re.compile(rf"^(?:what|who)\s+(?:is|are)\s+(?:meant\s+by\s+)?{_ARTICLE}(?P<subject>.+)$"),
    re.compile(rf"^what\s+(?:does|do)\s+(?:\w+\s+){{0,3}}?mean\s+by\s+{_ARTICLE}(?P<subject>.+)$"),
    re.compile(rf"^what\s+(?:does|do)\s+{_ARTICLE}(?P<subject>.+?)\s+mean\b(?P<rest>.*)$"),
    re.compile(rf"^(?:definitie|definition)\s+(?:van|of)\s+{_ARTICLE}(?P<subject>.+)$"),
    # abbreviations: "Waar staat PCP voor?", "Wat betekent de afkorting TRL?", "What does SBIR stand for?"
    re.compile(rf"^waar\s+(?:staat|staan)\s+{_ARTICLE}{_ABBREVIATION}(?P<subject>.+?)\s+voor\b(?P<rest>.*)$"),
    re.compile(rf"^what\s+(?:does|do)\s+{_ARTICLE}{_ABBREVIATION}(?P<subject>.+?)\s+stand\s+for\b(?P<rest>.*)$"),
]
#: Where the term ends and the rest of the question begins ("…, en waarom …", "… volgens …").
_SUBJECT_END = re.compile(r"\s*(?:[,;:?!(]|(?:^|\s)(?:en|and|in|bij|voor|volgens|according|binnen|within|"
                          r"tijdens|during|nodig|needed)\s).*$")
_QUOTES = re.compile(r"[\"'‘’“”]")
#: A subject that is itself a question ("het verschil tussen …", "de eerste voorwaarde …").
_NOT_A_TERM = re.compile(r"^(?:verschil|difference|doel|aim|purpose|rol|role|eerste|first|beste|best|volgende|next|"
                         r"belangrijkste|main)\b")


#: A name with "in" inside it ("Startup in Residence"), not a term followed by where it applies
#: ("SBIR in Nederland"): capitalised words either side, the first not an abbreviation.
_NAME_WITH_IN = re.compile(r"\b([A-Z][a-z][\w-]*) in ([A-Z][\w-]*)")
_JOINED_IN = "_in_"


#: A definition question wrapped in a request or a confession ("Kun je uitleggen wat een TRL is?",
#: "I don't understand what TRL means", "Leg uit wat SBIR inhoudt", "explain TRL", "the meaning
#: of TRL"), read as the question itself ("wat is een TRL", "what is TRL").
_WRAPPED = [
    (re.compile(r"^(?:(?:kun|kunt|kan)\s+(?:je|jij|u)\s+(?:mij\s+|me\s+)?(?:eens\s+|even\s+)?uitleggen"
                r"|leg\s+(?:mij\s+|me\s+)?(?:eens\s+|even\s+)?uit"
                r"|ik\s+(?:begrijp|snap)\s+(?:het\s+)?niet(?:\s+(?:goed|precies|helemaal))?)"
                r"\s*,?\s+wat\s+(?P<subject>.+?)\s+(?:is|zijn|betekent|betekenen|inhoudt|inhouden)\W*$"), "wat is "),
    (re.compile(r"^(?:(?:can|could|would)\s+you\s+(?:please\s+)?explain(?:\s+to\s+me)?"
                r"|(?:please\s+)?explain(?:\s+to\s+me)?"
                r"|i\s+(?:do\s+not|don't|dont)\s+(?:really\s+|quite\s+|fully\s+)?(?:understand|get))"
                r"\s*,?\s+what\s+(?P<subject>.+?)\s+(?:is|are|means|mean|stands\s+for)\W*$"), "what is "),
    (re.compile(r"^leg\s+(?:mij\s+|me\s+)?(?:eens\s+|even\s+)?(?P<subject>.+?)(?:\s+(?:eens|even|nog\s+eens))?"
                r"\s+uit\W*$"), "wat is "),
    (re.compile(r"^(?:wat\s+is\s+)?de\s+betekenis\s+van\s+(?P<subject>.+?)\W*$"), "wat is "),
    (re.compile(r"^(?:(?:please\s+)?(?:explain|define)|(?:what\s+is\s+)?the\s+meaning\s+of|meaning\s+of)"
                r"\s+(?P<subject>.+?)\W*$"), "what is "),
]


def unwrapped_question(question: str) -> str:
    """`question` without a request or confession around its definition question (_WRAPPED)."""
    text = " ".join(question.replace("’", "'").split())
    for pattern, asks in _WRAPPED:
        match = pattern.match(text.lower())
        # "explain how SBIR works" asks how it works, not what "how SBIR works" is
        if match and match.group("subject").split()[0] not in QUESTION_WORDS:
            start, end = match.span("subject")
            return asks + text[start:end]
    return question


def definition_subject(question: str) -> str | None:
    """The term a definition question asks about, folded; None for other questions. A term typed
    alone ("marktconsultatie", "vendor lock-in?") asks what it is: someone looking a word up."""
    question = unwrapped_question(with_contractions(question))  # "what's a TRL?" asks what a TRL is
    subject = _asked_subject(question, _ASKS)
    return subject if subject is not None else _bare_term(question)


def _bare_term(question: str) -> str | None:
    """The question as a term: at most MAX_SUBJECT_WORDS words, none a function word, a question
    word ("hoe werkt sbir") or a number ("stap 4" names a step)."""
    text = " ".join(_QUOTES.sub(" ", fold(question)).split()).strip(" .?!")
    words = text.split()
    if not words or len(words) > MAX_SUBJECT_WORDS or _NOT_A_TERM.match(text) \
            or any(word in stopwords() or word in QUESTION_WORDS or any(c.isdigit() for c in word) for word in words):
        return None
    return text


#: "Hoe werkt SBIR?", "How does pre-commercial procurement work?": what the term is, and how it
#: goes, asked as one. The ranking leaves these to the words; the answer opens with what it is.
_EXPLAINS = [
    re.compile(rf"^hoe\s+(?:werkt|werken|functioneert|functioneren|verloopt|verlopen)\s+{_ARTICLE}(?P<subject>.+)$"),
    re.compile(rf"^how\s+(?:does|do)\s+{_ARTICLE}(?P<subject>.+?)\s+work\b(?P<rest>.*)$"),
]


def explained_subject(question: str) -> str | None:
    """The term a question asks to have explained ("Hoe werkt SBIR?"), folded; None for other
    questions (a definition question is definition_subject's)."""
    return _asked_subject(question, _EXPLAINS)


#: Other questions about a term as a whole: "Tell me about SBIR", "Vertel eens over een
#: proeftuin", and what it is for ("What is a market consultation for?", "Waar is SBIR voor?").
_ABOUT = [
    re.compile(rf"^(?:(?:can|could|would)\s+you\s+)?(?:please\s+)?tell\s+(?:me|us)\s+(?:(?:a\s+bit|a\s+little|more|something)\s+)?"
               rf"about\s+{_ARTICLE}(?P<subject>.+)$"),
    re.compile(rf"^(?:(?:kun|kunt|kan)\s+(?:je|jij|u)\s+)?(?:mij\s+|me\s+)?vertel(?:len)?\s+(?:mij\s+|me\s+|ons\s+)?"
               rf"(?:eens\s+|even\s+)?(?:(?:iets|wat|meer)\s+)?over\s+{_ARTICLE}(?P<subject>.+)$"),
    re.compile(rf"^what\s+(?:is|are)\s+{_ARTICLE}(?P<subject>.+?)\s+for\W*$"),
    re.compile(rf"^waar\s+(?:is|zijn)\s+{_ARTICLE}(?P<subject>.+?)\s+voor(?:\s+bedoeld)?\W*$"),
]


def subject_asked_about(question: str) -> str | None:
    """The term a question is about as a whole, folded: what it asks to have defined ("What is
    SBIR?"), explained ("How does SBIR work?"), told about ("Tell me about SBIR") or what it is for;
    None for a question that only names a term on the way to asking something else ("How long
    does an innovation trajectory take?")."""
    return _asked_subject(question, _ABOUT) or definition_subject(question) or explained_subject(question)


def _asked_subject(question: str, asks: list[re.Pattern[str]]) -> str | None:
    question = _NAME_WITH_IN.sub(rf"\1{_JOINED_IN}\2", question)
    text = " ".join(_QUOTES.sub(" ", fold(question)).split())
    for pattern in asks:
        match = pattern.match(text)
        if not match:
            continue
        subject = _SUBJECT_END.sub("", match.group("subject")).strip(" .?!")
        words = subject.split()
        if not words or len(words) > MAX_SUBJECT_WORDS or _NOT_A_TERM.match(subject) \
                or all(word in stopwords() for word in words):  # "Wat is er nodig …"
            return None
        return subject.replace(_JOINED_IN, " in ")
    return None


#: "Wat is het verschil tussen A en B?", "Wat zijn volgens de handreiking de verschillen tussen
#: A en B?", "What is the difference between A and B?": a comparison is answered by what each is.
_COMPARES = [
    re.compile(r"^(?:wat\s+(?:is|zijn)\s+(?:\S+\s+){0,4}?)?(?:het|de)\s+verschil(?:len)?\s+tussen\s+"
               r"(?P<first>.+?)\s+en\s+(?P<second>.+)$"),
    re.compile(r"^(?:what\s+(?:is|are)\s+(?:\S+\s+){0,4}?)?(?:the\s+)?differences?\s+between\s+"
               r"(?P<first>.+?)\s+and\s+(?P<second>.+)$"),
]
_LEADING_ARTICLE = re.compile(r"^(?:een|de|het|a|an|the)\s+")


def compared_subjects(question: str) -> list[str]:
    """The terms a comparison question sets side by side, folded; [] for other questions or when
    a side is a clause rather than a term."""
    text = " ".join(_QUOTES.sub(" ", fold(question)).split())
    for pattern in _COMPARES:
        match = pattern.match(text)
        if not match:
            continue
        subjects = []
        for side in (match.group("first"), match.group("second")):
            subject = _LEADING_ARTICLE.sub("", _SUBJECT_END.sub("", side).strip(" .?!"))
            words = subject.split()
            if not words or len(words) > MAX_SUBJECT_WORDS or all(word in stopwords() for word in words):
                return []
            subjects.append(subject)
        return subjects
    return []


def defined_subjects(question: str) -> list[str]:
    """What a passage or sentence should define to answer `question`: the subject of a definition
    question, or both sides of a comparison."""
    subject = definition_subject(question)
    return [subject] if subject else compared_subjects(question)


def _term(subject: str) -> str:
    words = [re.escape(w) for w in re.split(r"[\s-]+", subject) if w]
    # each word with its inflections ("proeftuin" -> "proeftuinen"), hyphens or spaces between
    return r"[\s-]*".join(rf"{w}(?:en|e|n|s|'s)?\b" for w in words)


def _with_translations(subjects: list[str], english: bool) -> list[str]:
    """The subjects, and for an English question their Dutch translations as well."""
    if english:
        subjects = subjects + [fold(d) for s in subjects for d in english_dutch_lexicon().get(tuple(s.split()), ())]
    return list(dict.fromkeys(subjects))


def definition_needles(subject: str, *, english: bool = False) -> tuple[str, ...]:
    """Words of which a text that defines `subject` holds at least one (each subject's, or
    translation's, first word): a cheap test before the definition pattern's search."""
    return tuple({s.split()[0].split("-")[0] for s in _with_translations([subject], english) if s.split()})


def term_pattern(subject: str, *, english: bool = False) -> re.Pattern[str]:
    """Folded text that names `subject` (or, for an `english` question, its Dutch translation)
    in any of its inflections: "sbir" finds "SBIR-aanpak", "innovation partnership" finds
    "Innovatiepartnerschap"."""
    return re.compile(r"\b(?:" + "|".join(_term(s) for s in _with_translations([subject], english)) + ")")


def definition_pattern(subject: str | list[str], *, english: bool = False, spelled_out: bool = True) -> re.Pattern[str]:
    """Sentences that define `subject` (folded text): "X is …", "Een X (…) is …", "Onder X
    verstaan we …", "De kern van X is …", "X staat voor …", "… X zijn: …", "Bij X gaat het om …",
    and for an abbreviation
    "Spelled Out Name (X)". ("X: …" is left out: in the guidance that is mostly a heading.)
    For an `english` question the Dutch guidance defines the subject's translation: "What is a
    market consultation?" is answered by "Een marktconsultatie is …". Without `spelled_out`, a
    name spelled out does not count: it says what an abbreviation stands for, not what it is."""
    asked = [subject] if isinstance(subject, str) else list(subject)
    subjects = _with_translations(asked, english)
    term = "(?:" + "|".join(_term(s) for s in subjects) + ")"
    start = r"(?:^|[.!?:;•]\s*|\n\s*)"  # a sentence's or a list item's start
    lead = rf"{start}(?:{_ARTICLE}|(?:de\s+)?kern\s+van\s+{_ARTICLE})"
    defines = r"(?:\s*\([^)]{0,80}\))?\s+(?:is|zijn|betekent|betekenen|houdt\s+in|staat\s+voor|staan\s+voor|" \
              r"wordt\s+(?:gedefinieerd|omschreven|verstaan)|refers\s+to|means)\b"
    # an abbreviation is also defined where it is spelled out: "Small Business Innovation Research (SBIR)"
    names = "".join(rf"|[a-z]{{3,}}\s+\({re.escape(s)}\)" for s in asked
                    if spelled_out and re.fullmatch(r"[a-z]{2,6}", s))
    # mid-sentence, a colon after the verb announces the definition: "Daarnaast zullen er
    # randvoorwaardelijke eisen zijn: deze eisen geven de grenzen …"
    announced = rf"|\b{term}\W?\s+(?:is|zijn):"
    # "Bij pre-commercieel inkopen gaat het om …": what a practice comes down to (a word may
    # follow the term: the English question's translation names the practice's first word)
    about = rf"|{start}bij\s+{_ARTICLE}\W?{term}(?:\s+[a-z]+)?\s+gaat\s+het\s+(?:om|erom)\b"
    return re.compile(rf"{lead}\W?{term}\W?{defines}|(?:onder|met)\s+{_ARTICLE}\W?{term}\W?\s+"
                      rf"(?:wordt|worden|verstaan|bedoel){announced}{about}{names}")


def defines(pattern: re.Pattern[str], text: str) -> bool:
    return bool(pattern.search(fold(text)))
