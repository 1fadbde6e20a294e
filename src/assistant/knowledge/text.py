"""Analysis for lexical search: tokens, Dutch stemming, compound splitting, English expansion."""

from __future__ import annotations

import math
import re
import tomllib
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import Stemmer

from assistant.core.resources import PROMPTS_DIR

LEXICON_DIR = PROMPTS_DIR / "lexicon"
TOKEN_RE = re.compile(r"[0-9]+(?:\.[0-9]+)+|[a-z0-9]+(?:[-'][a-z0-9]+)*")
#: A list item's marker where a line of a passage opens with one (clean.sections_from_blocks):
#: a bullet "•", or a numbered item's own number ("1.", "10.", "2a.")
ITEM_MARKER_RE = re.compile(r"^(?:•|\d{1,2}[a-z]?\.)(?= )")
#: A numbered item's marker at the start of any line of a text, its number and letter the group
NUMBERED_ITEM_RE = re.compile(r"^(\d{1,2}[a-z]?)\.(?= )", re.MULTILINE)
#: A lookbehind for a sentence split, compiled with re.MULTILINE: not right after a numbered
#: item's marker, which opens the item's sentence and ends none ("uitkomsten:" / "1. Succes: …")
AFTER_NO_ITEM_NUMBER = r"(?<!^\d\.)(?<!^\d\d\.)(?<!^\d[a-z]\.)(?<!^\d\d[a-z]\.)"


def without_item_numbers(text: str) -> str:
    """`text` without its numbered items' markers: an item's number is its place in a list, no
    word of it ("stappen:" over "1. Zorg …" is no "stap 1")."""
    return NUMBERED_ITEM_RE.sub("", text) if "." in text else text


#: Runs of three letters or more: the words a name in a question is looked up by, in the
#: question ("KvK", "uittreksel") and in the guidance (index.PassageTable.words), read alike.
LETTER_WORD_RE = re.compile(r"[^\W\d_]{3,}")
#: Part of a compound gets this weight next to the whole word in a query.
COMPOUND_PART_WEIGHT = 0.5
#: Dutch translations of an English query word share this weight.
TRANSLATION_WEIGHT = 0.9
#: An English word with a translation also counts itself, with this weight: names and loanwords
#: (pilot, blockchain, SBIR) are spelled the same in the Dutch text. It also finds English names
#: ("partnership": "Partnership Talking Traffic"), yet less did not pay: at 0.3 MRR@10 on tune
#: 0.612 -> 0.621 and on the coverage questions 0.723 -> 0.735, but their English recall@5 0.846
#: -> 0.821 and dev's MRR 0.716 -> 0.703; at 0 worse on each.
TRANSLATED_SELF_WEIGHT = 0.6
#: Words that name who asks (prompts/lexicon/roles.txt: "een aanbestedende dienst", "de gemeente",
#: "a public body") weigh this much in the ranking, their translations too: a question's actor is
#: seldom its subject, and the guidance names these bodies nearly everywhere. On the training
#: questions, at 1 / 0.7 / 0.5 / 0.3 / 0.15 / 0: MRR@10 tune 0.612 / 0.616 from 0.7 down, the
#: coverage set 0.729 / 0.729 / 0.749 from 0.5 down, dev recall@5 0.875 / 0.900 from 0.7 down, the
#: FAQ-style set recall@5 0.875 / 0.875 / 0.875 / 0.896 from 0.3 down; tune's recall@20 0.911 down to
#: 0.893 below 0.3. 0.3: the plateau's edge that keeps a role that is the subject ("Welke rol heeft
#: de gemeente?") in the question.
ROLE_WORD_WEIGHT = 0.3
#: Synonyms of a question word that the guidance never uses stand in for it with this weight.
UNSEEN_SYNONYM_WEIGHT = 0.8

MIN_PART = 4
MIN_COMPOUND = 9
#: Words that, with a number, name a step of the plan ("stap 9", "step 9").
STEP_WORDS = frozenset({"stap", "step", "stappen"})


#: A question's closing marks and the blanks around them (meaning_text).
_CLOSING_MARKS_RE = re.compile(r"[\s?!.…]+$")


def meaning_text(question: str) -> str:
    """The question as the meaning model reads it: without its closing "?" (or "!", "."). Users
    type a question with or without one, and the model read the two apart: an off-topic
    question was judged covered without its "?" and rejected with it. Measured on the 597
    training questions (each with the mark stripped against as written): ranked first 213 ->
    220, MRR@10 summed 248.5 -> 251.8, answer holds gold 234 -> 237, answerable judged not
    covered 6 -> 3, off-topic rejected 179 -> 178 of 237, with the "not covered" model as it was;
    five of the seven sets gained, tune and dev lost a fraction of a rank."""
    return _CLOSING_MARKS_RE.sub("", question) or question


def fold(text: str) -> str:
    """Lower case without accents: 'Technologieën' -> 'technologieen'."""
    text = text.lower()
    if text.isascii():
        return text
    # per character, cached: indexing a library folds millions of characters, a few hundred
    # distinct ones (decomposing a character alone gives what decomposing the text gives, once
    # the combining marks, the only ones reordering would move, are dropped)
    for char in set(text) - _FOLDED_SEEN:
        _FOLDED[ord(char)] = _fold_char(char)
        _FOLDED_SEEN.add(char)
    return text.translate(_FOLDED)



def folded_words(text: str) -> str:
    """The words of `text`, folded, one space apart, its punctuation gone: how a short phrase
    typed is compared with a listed one ("Vendor lock-in" -> "vendor lock in", "Zie boven!" ->
    "zie boven")."""
    return " ".join(TOKEN_RE.findall(fold(text)))

def _fold_char(char: str) -> str:
    char = {"’": "'", "‘": "'"}.get(char, char)
    return "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))


_FOLDED: dict[int, str] = {}
_FOLDED_SEEN: set[str] = set()


#: Question words: they shape a question but say little about its subject.
ENGLISH_QUESTION_WORDS = frozenset({"how", "when", "why", "where", "who", "which", "what", "whom", "whose"})
QUESTION_WORDS = frozenset({
    "hoe", "wanneer", "waarom", "waar", "hoeveel", "wie", "welke", "welk", "wat", "waarvan", "waarmee", "waarover",
}) | ENGLISH_QUESTION_WORDS
QUESTION_WORD_WEIGHT = 0.2
#: After "hoe"/"how" these ask for a quantity ("hoe lang", "how many"): the kind of answer, not
#: its subject, so there they count as question words.
QUANTITY_WORDS = frozenset({
    "lang", "vaak", "veel", "groot", "ver", "laat", "snel", "hoog", "oud",
    "long", "many", "much", "often", "far", "big", "large", "soon", "old",
})
#: "Wat staat er in …?", "Wat moet er in … staan?": asking what something holds; "Waar staat
#: PCP voor?": asking what an abbreviation stands for.
HOLDS_WORDS = frozenset({"staat", "staan"})
#: "Wat houdt X in?": asking what X is, as "Wat is X?" does (definitions.py reads it so); its verb
#: ("inhouden") names no subject, and whole it is the guidance's noun "inhoud" (content).
ENTAILS_WORDS = frozenset({"houdt", "houden"})
#: "Wat is het verschil tussen A en B?": asks for a comparison of A and B, which the guidance
#: makes without the word "verschil", so the word shapes the question but names no subject.
COMPARISON_WORDS = frozenset({"verschil", "verschillen", "difference", "differences"})
COMPARISON_FOLLOWERS = frozenset({"tussen", "between"})
#: "Wat betekent de afkorting TRL?": the kind of answer (a spelled-out name), not its subject;
#: the guidance never says "afkorting", so as a content word it made such questions look off-topic.
ABBREVIATION_WORDS = frozenset({"afkorting", "afkortingen", "acroniem", "acroniemen",
                                "abbreviation", "abbreviations", "acronym", "acronyms", "stand"})


#: "Wat zegt de handreiking over X?", "What does the guide say about X?", "Wat staat er volgens het
#: document over X?": the question points at the guidance itself and asks what it says; these
#: words do not name its subject, and counted as if they did they made a question about a subject
#: the guidance treats look half off-topic.
SAYING_WORDS = frozenset({"zegt", "zeggen", "noemt", "noemen", "beschrijft", "beschrijven", "schrijft", "vermeldt",
                          "say", "says", "mention", "mentions", "describe", "describes", "write", "writes"})
#: Words that point at something said before ("wat betekent dat?", "is dat realistisch?").
REFERRING_WORDS = frozenset("dat dit het die deze dergelijke zoiets that it this these those such".split())


#: "Wat bedoelen ze met TRL?", "Wat wordt verstaan onder X?", "What do they mean by X?": in a
#: question that opens with a question word, a verb of meaning asks what X is, as "Wat is X?"
#: does; counted as a word of the subject, it made half of such a question look off-topic.
MEANING_WORDS = frozenset({"bedoel", "bedoelt", "bedoelen", "bedoeld", "betekent", "betekenen", "verstaat",
                           "verstaan", "mean", "means", "meant"})
SOURCE_WORDS = frozenset({"handreiking", "handreikingen", "document", "documenten", "tekst", "publicatie",
                          "guidance", "guide", "guides", "documents", "text", "publication"})
_SOURCE_POINTERS = ("volgens", "according", "in")


#: Particles of Dutch separable verbs: one that ends a question belongs to its verb ("Hoe schaal ik
#: een innovatie op?" asks about "opschalen", not a "schaal"; "Hoe vraag ik … aan?" about
#: "aanvragen", not a "vraag").
SEPARABLE_PARTICLES = frozenset({"aan", "af", "bij", "door", "in", "los", "mee", "na", "neer", "om", "op", "over",
                                 "samen", "tegen", "terug", "toe", "uit", "vast", "voor", "weg"})
#: ... whose verb stands among the question's first this many words (V2: the question's opening,
#: then the verb: "Op welke manier stel ik …"). 3 -> 5: on 12 questions from section headings
#: asked "Op welke manier …?", MRR@10 0.748 -> 0.859; asked "Hoe …?" 0.889 either way.
SEPARABLE_VERB_WITHIN = 5
#: ... with this weight beside the verb as typed: the guidance splits its verbs too ("U stelt
#: alvast een opschalingsplan op"), so the whole verb adds to the split one rather than outweighing it.
SEPARABLE_VERB_WEIGHT = 0.5
#: After these the particle is the rest of a pronominal adverb ("Waar begin je mee?": waarmee).
_PRONOMINAL_OPENINGS = frozenset({"waar", "daar", "hier"})
#: ... and these such rests are no stop words: after "waar" they shape the question, as "waarmee"
#: would ("Waar moet ik rekening mee houden?" is not about "mee").
_ADVERB_RESTS = frozenset({"mee", "toe"})
#: The particles longest first: a word is read with the longest particle it starts with.
_PARTICLES_LONGEST_FIRST = tuple(sorted(SEPARABLE_PARTICLES, key=lambda p: (-len(p), p)))


def guidance_word_positions(words: list[str]) -> set[int]:
    """Positions of the words that point at the guidance itself (SAYING_WORDS, SOURCE_WORDS):
    a verb of saying in a question that opens with a question word, and a name of the guidance
    in such a question or after "volgens", "according" or "in"."""
    saying = bool(words) and words[0] in QUESTION_WORDS and any(word in SAYING_WORDS for word in words)
    return {i for i, word in enumerate(words)
            if (saying and word in SAYING_WORDS)
            or (word in SOURCE_WORDS and (saying or any(w in _SOURCE_POINTERS for w in words[max(0, i - 3):i])))}


def question_word_positions(words: list[str]) -> set[int]:
    """Positions of the words that shape the question rather than name its subject."""
    return guidance_word_positions(words) | {
        i for i, word in enumerate(words)
        if word in QUESTION_WORDS or (word in QUANTITY_WORDS and i and words[i - 1] in ("hoe", "how"))
        or (word in HOLDS_WORDS and words[0] == "wat" and "er" in words)
        or (word in HOLDS_WORDS and words[0] == "waar" and "voor" in words[i + 1:])
        or (word in ENTAILS_WORDS and words[0] == "wat" and words[-1] == "in")
        or (word in _ADVERB_RESTS and words[0] == "waar")
        or (word in ABBREVIATION_WORDS and words[0] in QUESTION_WORDS)
        or (word in MEANING_WORDS and words[0] in QUESTION_WORDS)
        or (word in COMPARISON_WORDS and words[i + 1:i + 2] and words[i + 1] in COMPARISON_FOLLOWERS)}


def _data_lines(path: Path) -> list[str]:
    """The lines of a lexicon file that hold data (not blank, not a # comment); none when the
    file cannot be read."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    return [line for line in lines if line.strip() and not line.startswith("#")]


def _read_words(path: Path) -> set[str]:
    return {fold(line.strip()) for line in _data_lines(path)}


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    words = _read_words(LEXICON_DIR / "stopwords_nl.txt") | _read_words(LEXICON_DIR / "stopwords_en.txt")
    return frozenset(words)


@lru_cache(maxsize=1)
def _lexicon_rows() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The rows of prompts/lexicon/en_nl.tsv: the English word or phrase as written, and its
    Dutch words and phrases as written (split at "|"), read once for the search's lexicon and
    for the phrases a note names."""
    rows = []
    for line in _data_lines(LEXICON_DIR / "en_nl.tsv"):
        if "\t" in line:
            english, dutch = line.split("\t", 1)
            rows.append((english, tuple(dutch.split("|"))))
    return tuple(rows)


@lru_cache(maxsize=1)
def english_dutch_lexicon() -> dict[tuple[str, ...], tuple[str, ...]]:
    """English word or phrase -> Dutch words (prompts/lexicon/en_nl.tsv), and the glossary's
    English names of its terms where the file does not reach each of their words
    (glossary_english_names)."""
    lexicon: dict[tuple[str, ...], tuple[str, ...]] = {}
    for english, dutch in _lexicon_rows():
        key = tuple(TOKEN_RE.findall(fold(english)))
        values = tuple(w for part in dutch for w in TOKEN_RE.findall(fold(part)))
        if key and values:
            lexicon[key] = tuple(dict.fromkeys(lexicon.get(key, ()) + values))
    listed = dict(lexicon)
    for key, values in glossary_english_names().items():
        # a name whose every word the file translates is read word by word, as its plural is
        if key not in listed and not all(lexicon_translations(listed, (word,)) for word in key
                                         if word not in stopwords()):
            lexicon[key] = values
    return lexicon


@lru_cache(maxsize=1)
def english_dutch_phrases() -> dict[str, tuple[str, ...]]:
    """English word or phrase (lower case, as the lexicon file writes it) -> its Dutch words and
    phrases as written, in the file's order (english_dutch_lexicon splits them into words for
    the search; a note that names the guidance's word needs it whole: "eindgebruikers")."""
    phrases: dict[str, tuple[str, ...]] = {}
    for english, dutch in _lexicon_rows():
        values = tuple(part.strip() for part in dutch if part.strip())
        if english.strip() and values:
            key = english.strip().lower()
            phrases[key] = tuple(dict.fromkeys(phrases.get(key, ()) + values))
    return phrases


def glossary_english_names() -> dict[tuple[str, ...], tuple[str, ...]]:
    """Each glossary term's English name and English synonyms (prompts/glossary.toml; "finish
    line", "market sounding", "RFI") -> the words of its Dutch name ("finishlijn").
    english_dutch_lexicon takes a name where the lexicon file reaches not every word of it: an
    English question that names a term reaches the passages that use it. Measured on the 597
    training questions: so, MRR@10 summed 251.8 -> 251.9, nothing lower; every name the file
    lacks (also "knowledge institute", whose words it translates): recall@5 299 -> 300, English
    103 -> 104, but "What is a knowledge institute?" judged not covered while its plural, read
    word by word, was; merged into the file's entries: first place 212 against 213, off-topic
    rejected 177 against 179 of 237; the terms' Dutch aliases added nothing. The glossary is
    validated where it is loaded for reading (plan.glossary); a file this cannot read adds no
    names."""
    try:
        terms = tomllib.loads((PROMPTS_DIR / "glossary.toml").read_text(encoding="utf-8")).get("term", [])
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}
    names: dict[tuple[str, ...], tuple[str, ...]] = {}
    for term in terms if isinstance(terms, list) else ():
        if not isinstance(term, dict):
            continue
        dutch = tuple(TOKEN_RE.findall(fold(str(term.get("nl", "")))))
        for english in (term.get("en", ""), *term.get("synonyms_en", ())):
            key = tuple(TOKEN_RE.findall(fold(str(english))))
            if key and dutch:
                names.setdefault(key, dutch)
    return names


#: English words shorter than this are looked up only as typed: "does", "goes", "news" are no
#: inflections of lexicon keys worth guessing at.
INFLECTED_MIN = 5


def english_base_forms(word: str) -> list[str]:
    """Base forms a plural or a verb's -s, -ing or -ed form may have, most likely first
    ("licences" -> "licence", "applies" -> "apply", "identifying" -> "identify", "consulted" ->
    "consult"): the lexicon lists words mostly in one form. (The past forms: on the training
    questions one rose from 11th to 2nd, none fell; "Not covered" judged the same.)"""
    if len(word) < INFLECTED_MIN:
        return []
    forms: list[str] = []
    if word.endswith("ies"):
        forms.append(word[:-3] + "y")
    if word.endswith("s") and not word.endswith("ss"):
        forms += [word[:-1], word[:-2]] if word.endswith("es") else [word[:-1]]
    if word.endswith("ing"):
        stem = word[:-3]
        forms += [stem, stem + "e", *_undoubled(stem)]
    if word.endswith("ed"):
        stem = word[:-2]
        forms += ([word[:-3] + "y"] if word.endswith("ied") else []) + [word[:-1], stem, *_undoubled(stem)]
    return forms


def _undoubled(stem: str) -> list[str]:
    """A stem whose last consonant was doubled before -ing or -ed, single ("stopp" -> "stop")."""
    return [stem[:-1]] if len(stem) > 2 and stem[-1] == stem[-2] else []


def english_related_forms(word: str) -> list[str]:
    """Words of the same root that the lexicon may list instead: an adverb's adjective
    ("personally" -> "personal", "easily" -> "easy"), a verb's noun and back ("contribute" ->
    "contribution", "adoption" -> "adopt"), a noun in -ment and its verb ("commitment" ->
    "commit")."""
    if len(word) < INFLECTED_MIN:
        return []
    forms: list[str] = []
    if word.endswith("ily"):
        forms.append(word[:-3] + "y")
    if word.endswith("ly"):
        forms.append(word[:-2])
    if word.endswith("e"):
        forms.append(word[:-1] + "ion")
    if word.endswith("ion"):
        forms += [word[:-3] + "e", word[:-3]]
    forms.append(word[:-4] if word.endswith("ment") else word + "ment")
    return [form for form in forms if len(form) >= 3]


def lexicon_translations(lexicon: dict[tuple[str, ...], tuple[str, ...]], key: tuple[str, ...]) -> tuple[str, ...]:
    """The lexicon's Dutch words for an English word or phrase; for a word not listed as typed,
    those of its base form ("licences" as "licence") or else of a word of its root ("personally"
    as "personal"). A phrase only as listed: "innovation budgets" as "innovation budget"
    (innovatiebudget) outranked the passage on fragmented budgets that its words found."""
    found = lexicon.get(key)
    if found or len(key) != 1:
        return found or ()
    return next((lexicon[(form,)] for form in (*english_base_forms(key[0]), *english_related_forms(key[0]))
                 if (form,) in lexicon), ())


@lru_cache(maxsize=1)
def english_contractions() -> dict[str, str]:
    """English contraction -> the words it stands for (prompts/lexicon/contractions_en.tsv)."""
    contractions: dict[str, str] = {}
    for line in _data_lines(LEXICON_DIR / "contractions_en.tsv"):
        if "\t" in line:
            short, written = (part.strip().lower() for part in line.split("\t", 1))
            if short and written:
                contractions[short] = written
    return contractions


_CONTRACTION_RE = re.compile(r"(?<![\w'’])[A-Za-z]+(?:['’][A-Za-z]+)?(?![\w'’])")


def with_contractions(text: str) -> str:
    """`text` with its English contractions written out: "What's SBIR?" -> "What is SBIR?", so
    it reads as the question what SBIR is; a capital stays a capital."""
    contractions = english_contractions()

    def written(match: re.Match[str]) -> str:
        word = match.group(0)
        out = contractions.get(word.lower().replace("’", "'"))
        if out is None:
            return word
        return out[0].upper() + out[1:] if word[0].isupper() else out

    return _CONTRACTION_RE.sub(written, text)


@lru_cache(maxsize=1)
def role_phrases() -> frozenset[tuple[str, ...]]:
    """The words and phrases that name who asks (prompts/lexicon/roles.txt), as token tuples."""
    return frozenset(phrase for line in _data_lines(LEXICON_DIR / "roles.txt")
                     if (phrase := tuple(TOKEN_RE.findall(fold(line.strip())))))


def role_word_positions(words: list[str]) -> set[int]:
    """Positions of the question's words that name who asks (role_phrases)."""
    phrases = role_phrases()
    longest = max(map(len, phrases), default=0)
    return {i for size in range(longest, 0, -1) for start in range(len(words) - size + 1)
            if tuple(words[start:start + size]) in phrases for i in range(start, start + size)}


@lru_cache(maxsize=1)
def english_lexicon_words() -> frozenset[str]:
    """Every English word of the lexicon: a word to translate, not a typing slip to correct."""
    return frozenset(w for key in english_dutch_lexicon() for w in key)


@lru_cache(maxsize=1)
def dutch_synonyms() -> dict[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """Word or phrase -> the other members of its synonym groups (prompts/lexicon/synonyms_nl.tsv)."""
    synonyms: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    for line in _data_lines(LEXICON_DIR / "synonyms_nl.tsv"):
        members = [tuple(TOKEN_RE.findall(fold(m))) for m in line.split("|")]
        members = [m for m in members if m]
        for member in members:
            bucket = synonyms.setdefault(member, [])
            bucket.extend(m for m in members if m != member and m not in bucket)
    return {k: tuple(v) for k, v in synonyms.items()}


@lru_cache(maxsize=1)
def _language_markers() -> tuple[frozenset[str], frozenset[str]]:
    """(English function words and question words, Dutch function words), neither holding a word
    of both languages ("is", "in", "we"): "why is innovation procurement hard to measure" read
    "is" as Dutch and "why", kept out of the stop words to count as a question word, as nothing.
    On our training questions 11 English ones were read as Dutch; none is now, and no Dutch one
    turned English."""
    english = _read_words(LEXICON_DIR / "stopwords_en.txt")
    dutch = _read_words(LEXICON_DIR / "stopwords_nl.txt")
    return frozenset((english - dutch) | ENGLISH_QUESTION_WORDS), frozenset(dutch - english)


def translated_spans(words: list[str], *, blocked: AbstractSet[int] = frozenset(),
                     translates: Callable[[tuple[str, ...]], bool] | None = None) -> list[tuple[range, tuple[str, ...]]]:
    """The runs of words that the English lexicon translates, each with its Dutch words, longest
    phrases first ("vendor lock in", "contracting authority"), a word also by its base form or
    root (lexicon_translations); no word in two runs, none in `blocked`. A run that `translates`
    refuses stays open to shorter runs."""
    lexicon = english_dutch_lexicon()
    covered: set[int] = set(blocked)
    spans: list[tuple[range, tuple[str, ...]]] = []
    for size in (4, 3, 2, 1):
        for start in range(0, len(words) - size + 1):
            span = range(start, start + size)
            if any(i in covered for i in span):
                continue
            key = tuple(words[start:start + size])
            if (dutch := lexicon_translations(lexicon, key)) and (translates is None or translates(key)):
                covered.update(span)
                spans.append((span, dutch))
    return spans


def translated_positions(words: list[str]) -> set[int]:
    """Positions of the words that the English lexicon translates (translated_spans)."""
    return {i for span, _ in translated_spans(words) for i in span}


def looks_english(text: str) -> bool:
    tokens = TOKEN_RE.findall(fold(text))
    if not tokens:
        return False
    english, dutch = _language_markers()
    en = sum(1 for t in tokens if t in english)
    nl = sum(1 for t in tokens if t in dutch)
    if not en and not nl:
        # bare words ("innovation partnership", "marktconsultatie"): English when the lexicon
        # translates all of them; abbreviations alone ("SBIR") are either language's, also typed
        # in lower case ("sbir?", "trl": the lexicon gives them as themselves), and the Dutch
        # interface said an English speaker's notice over them
        positions = {i for i, token in enumerate(tokens) if not token.isdigit()}  # "step 3"
        lexicon = english_dutch_lexicon()
        own = {i for i in positions if tokens[i] in lexicon_translations(lexicon, (tokens[i],))}
        return text.upper() != text and bool(positions - own) and positions <= translated_positions(tokens)
    # a short question can draw ("What happens in step 6?": "what" against "in"): its first
    # word, a question word as a rule, decides
    return en > nl or (en == nl and tokens[0] in english)


@dataclass(frozen=True, slots=True)
class Concept:
    """One content word of a question with every index term that would show it is addressed."""

    word: str
    terms: frozenset[str]  # the word's stem and its translations' stems
    parts: frozenset[str]  # compound parts: all of them together also address the word
    translated: bool  # an English word with Dutch translations
    # for a word the guidance never uses, its synonyms of several words ("ip-rechten":
    # "intellectueel eigendom"): all the words of one of them together address it
    phrases: tuple[frozenset[str], ...] = ()


class Analyzer:
    """Turns text into weighted index terms.

    Terms are Dutch Snowball stems of non-stopword tokens. Long compounds also yield their
    parts ("innovatiepartnerschap" -> "innovatie", "partnerschap") when both parts are
    words of the corpus, so a question about "partnerschap" finds the compound and back.
    """

    def __init__(self, vocabulary: Iterable[str] = ()) -> None:
        self._stemmer = Stemmer.Stemmer("dutch")
        self._stops = stopwords()
        self.vocabulary: set[str] = set(vocabulary)
        self._split_cache: dict[str, tuple[str, ...]] = {}
        #: A token's index terms, worked out once per distinct token: a library repeats its
        #: words millions of times, and stemming them was a quarter of indexing it.
        self._document_term_cache: dict[str, tuple[str, ...]] = {}
        #: Whether an index term occurs in the corpus; the lexical index sets this.
        self.known_term: Callable[[str], bool] = lambda term: False

    @staticmethod
    def words(text: str) -> list[str]:
        # a list's numbers are no words of it, as its bullets are none
        return TOKEN_RE.findall(fold(without_item_numbers(text)))

    def stem(self, word: str) -> str:
        # Snowball's Dutch stemmer leaves some plurals alone: "technologieën", "scenario's"
        if word.endswith("'s"):
            word = word[:-2]
        if word.endswith(("ieen", "eeen")) and len(word) > 6:
            word = word[:-2]
        stem = self._stemmer.stemWord(word)
        # and stems nouns and verbs apart: "innovatie" -> "innoveer", "innoveren" -> "innover"
        if stem.endswith("eer") and len(stem) > 5:
            stem = stem[:-2] + "r"
        return stem

    def _word_terms(self, word: str) -> list[str]:
        """Index terms of one token: its stem, its hyphen parts, its compound parts."""
        terms = [self.stem(word)]
        if "-" in word:
            terms.extend(self.stem(p) for p in word.split("-") if len(p) >= 2 and p not in self._stops)
        else:
            terms.extend(self.stem(p) for p in self.compound_parts(word))
        return terms

    def compound_parts(self, word: str) -> tuple[str, ...]:
        if len(word) < MIN_COMPOUND or not self.vocabulary or "-" in word:
            return ()
        cached = self._split_cache.get(word)
        if cached is not None:
            return cached
        best: tuple[str, ...] = ()
        best_score = 0
        for i in range(MIN_PART, len(word) - MIN_PART + 1):
            head, tail = word[:i], word[i:]
            candidates = [head]
            if head.endswith("s") and len(head) > MIN_PART:
                candidates.append(head[:-1])  # linking s: aanbestedings|procedure
            if head.endswith("en") and len(head) > MIN_PART + 1:
                candidates.append(head[:-2])
            for h in candidates:
                if h in self.vocabulary and tail in self.vocabulary:
                    score = min(len(h), len(tail))
                    if score > best_score:
                        best, best_score = (h, tail), score
        self._split_cache[word] = best
        return best

    @staticmethod
    def step_terms(words: list[str]) -> list[str]:
        """'stap 9' / 'step 9' -> 'stap9': the number alone is too short to index."""
        return [f"stap{b}" for a, b in zip(words, words[1:]) if a in STEP_WORDS and b.isdigit()
                and 0 <= int(b) <= 10]

    def separable_verb(self, words: list[str], shaping: set[int]) -> tuple[int, str] | None:
        """In a Dutch question that ends in a verb's particle (SEPARABLE_PARTICLES), the verb's
        position and the stem of verb and particle together ("schaal" … "op" -> "opschaal"),
        when the guidance uses that verb; None otherwise. The index decides: "Waar begin je een
        traject mee?" has no "meebeginnen" to find. `shaping`: question_word_positions(words)."""
        if len(words) < 3 or words[-1] not in SEPARABLE_PARTICLES or words[0] in _PRONOMINAL_OPENINGS:
            return None
        particle = words[-1]
        for i, word in enumerate(words[:min(SEPARABLE_VERB_WITHIN, len(words) - 1)]):
            if word in self._stops or i in shaping or len(word) < 2 or not word.isalpha():
                continue
            # the stemmer keeps a verb's -t ("stelt"): "opstelt" is the guidance's "opstellen"
            for joined in (particle + word, particle + word[:-1] if word.endswith("t") else None):
                if joined and self.known_term(stem := self.stem(joined)):
                    return i, stem
        return None

    def joined_verbs(self, words: list[str], shaping: set[int]) -> dict[int, str]:
        """The Dutch question's verbs that it splits from their particle (separable_verb,
        split_infinitives): each verb's position and the stem of the verb whole."""
        joined = self.split_infinitives(words)
        if (separable := self.separable_verb(words, shaping)) is not None:
            joined[separable[0]] = separable[1]
        return joined

    def split_infinitives(self, words: list[str]) -> dict[int, str]:
        """The verbs of a question written as particle, "te" and verb ("om de eisen op te
        stellen"): each verb's position and the stem of particle and verb together ("opstel"),
        when the guidance uses that verb. The guidance often writes it whole ("Opstellen van de
        eisen"), where the question's "stellen" alone finds every other "stellen"."""
        return {i: stem for i in range(2, len(words))
                if words[i - 1] == "te" and words[i - 2] in SEPARABLE_PARTICLES and words[i].isalpha()
                and self.known_term(stem := self.stem(words[i - 2] + words[i]))}

    def unwritten_separable(self, word: str) -> str | None:
        """For a separable verb the guidance never writes whole ("inschakelen"), the stem of the
        verb without its particle ("schakel"), when the guidance uses that: it writes the verb
        split ("Schakel op tijd een jurist in"). None otherwise."""
        if not word.endswith("en") or self.known_term(self.stem(word)):
            return None
        for particle in _PARTICLES_LONGEST_FIRST:
            rest = word[len(particle):]
            if word.startswith(particle) and len(rest) >= 5 and rest not in self._stops:
                return stem if self.known_term(stem := self.stem(rest)) else None
        return None

    def document_terms(self, text: str) -> list[str]:
        words = self.words(text)
        return self.step_terms(words) + self.word_terms(words)

    def word_terms(self, words: list[str]) -> list[str]:
        """The index terms of tokenised `words` one by one (document_terms without the step
        terms, which pair neighbouring words)."""
        terms: list[str] = []
        cache = self._document_term_cache
        for word in words:
            found = cache.get(word)
            if found is None:
                found = cache[word] = () if word in self._stops or len(word) < 2 else tuple(self._word_terms(word))
            terms.extend(found)
        return terms

    def synonym_stems(self, word: str) -> set[str]:
        """Stems of single-word synonyms of `word` (prompts/lexicon/synonyms_nl.tsv).

        Used to judge whether passages address a question, not to search: as query
        expansion they pulled in as many wrong passages as right ones (bench/retrieval.py)."""
        return {self.stem(m[0]) for m in dutch_synonyms().get((word,), ()) if len(m) == 1}

    def synonym_phrases(self, word: str) -> list[frozenset[str]]:
        """Stems of the content words of each synonym of `word` of several words
        ("intellectueel eigendom" for "ip-rechten"); one left with a single content word
        ("in eigendom") is a one-word synonym."""
        phrases = []
        for member in dutch_synonyms().get((word,), ()):
            stems = frozenset(self.stem(w) for w in member if w not in self._stops and len(w) >= 2)
            if len(member) > 1 and stems:
                phrases.append(stems)
        return phrases

    def query_terms(self, text: str, *, expand_english: bool = True, unseen_synonyms: bool = False) -> dict[str, float]:
        """Weighted query terms; English words also contribute their Dutch translations, and with
        `unseen_synonyms` a word the guidance never uses ("AGVV") its synonyms
        ("groepsvrijstellingsverordening")."""
        words = self.words(text)
        weights: dict[str, float] = {}

        def add(term: str, weight: float) -> None:
            if term and weight > weights.get(term, 0.0):
                weights[term] = weight

        # a word that points at the guidance ("What does the guide say …") is not translated
        covered: set[int] = guidance_word_positions(words)
        english = looks_english(text)
        roles = role_word_positions(words)
        if expand_english:
            def translates(key: tuple[str, ...]) -> bool:
                # in a Dutch question an English-looking word the guidance itself uses ("AI",
                # "pilot", "data") is a loanword: it needs no translation
                return english or not all(self.known_term(self.stem(w)) for w in key)

            for span, translations in translated_spans(words, blocked=covered, translates=translates):
                covered.update(span)
                dutch = [d for d in translations if d not in self._stops]
                # the translations of one word share its weight
                share = TRANSLATION_WEIGHT / math.sqrt(max(1, len(dutch)))
                if any(i in roles for i in span):
                    share *= ROLE_WORD_WEIGHT
                for d in dutch:
                    add(self.stem(d), share)
                    for part in self.compound_parts(d):
                        add(self.stem(part), share * COMPOUND_PART_WEIGHT)
        for term in self.step_terms(words):
            add(term, 1.0)
        shaping = question_word_positions(words)
        if not english:
            for stem in self.joined_verbs(words, shaping).values():
                add(stem, SEPARABLE_VERB_WEIGHT)
        for i, word in enumerate(words):
            if word in self._stops or len(word) < 2:
                continue
            if i in shaping:
                add(self.stem(word), QUESTION_WORD_WEIGHT)
                continue
            whole, *parts = self._word_terms(word)
            role = ROLE_WORD_WEIGHT if i in roles else 1.0
            add(whole, role * (1.0 if i not in covered else TRANSLATED_SELF_WEIGHT))
            for part in parts:
                add(part, role * (COMPOUND_PART_WEIGHT if "-" not in word else 0.8))
            if not english and (verb := self.unwritten_separable(word)) is not None:
                add(verb, COMPOUND_PART_WEIGHT)
            if unseen_synonyms and i not in covered and not self.known_term(whole):
                for synonym in self.synonym_stems(word):
                    add(synonym, UNSEEN_SYNONYM_WEIGHT)
                for phrase in self.synonym_phrases(word):  # its words share the synonym's weight
                    for stem in phrase:
                        add(stem, UNSEEN_SYNONYM_WEIGHT / len(phrase))
        return weights

    def synonym_terms(self, text: str, typed: dict[str, float]) -> dict[str, float]:
        """Stems of the synonyms of the question's words that occur in the corpus and are not
        among its `typed` terms; a word's synonyms share its weight, as its translations do.
        "stap" has none: it names a step, and its synonym "stappenplan" would favour the
        overview over the step named."""
        terms: dict[str, float] = {}
        for word in self.words(text):
            if word in self._stops or word in STEP_WORDS:
                continue
            stems = [stem for stem in self.synonym_stems(word) if stem not in typed and self.known_term(stem)]
            for stem in stems:
                terms[stem] = max(terms.get(stem, 0.0), 1 / math.sqrt(len(stems)))
        return terms

    def concepts(self, text: str) -> list[Concept]:
        """Content words of a question, for judging whether passages address all of it."""
        words = self.words(text)
        lexicon = english_dutch_lexicon()
        translations: dict[int, set[str]] = {}
        for span, dutch in translated_spans(words):
            stems = {self.stem(d) for d in dutch if d not in self._stops}
            for i in span:
                translations.setdefault(i, set()).update(stems)
        concepts: list[Concept] = []
        seen: set[str] = set()
        shaping = question_word_positions(words)
        english = looks_english(text)
        joined = {} if english else self.joined_verbs(words, shaping)
        for i, word in enumerate(words):
            if word in self._stops or len(word) < 2 or word in seen or i in shaping:
                continue
            seen.add(word)
            if word in STEP_WORDS and (step := self.step_terms(words[i:i + 2])):
                # "stap" in "Wat doe ik bij stap 4?" is addressed by step 4, not by "bij Stap 8"
                concepts.append(Concept(word, frozenset(step), frozenset(), False))
                continue
            if "-" in word and i not in translations and not self.known_term(self.stem(word)) \
                    and not dutch_synonyms().get((word,)):
                # a hyphenated word the guidance never writes ("TRL-niveaus"), and has no synonym
                # for ("IP-rechten"), is its parts, each with its own translations, as if typed
                # apart: "TRL niveaus"
                for part in word.split("-"):
                    if len(part) < 2 or part in self._stops or part in seen:
                        continue
                    seen.add(part)
                    dutch = lexicon_translations(lexicon, (part,))
                    terms = {self.stem(part)} | {self.stem(d) for d in dutch if d not in self._stops} \
                        | self.synonym_stems(part)
                    concepts.append(Concept(part, frozenset(terms), frozenset(self._word_terms(part)[1:]), bool(dutch)))
                continue
            terms = {self.stem(word)} | translations.get(i, set()) | self.synonym_stems(word)
            if i in joined:
                terms.add(joined[i])  # the verb with its particle, as the guidance writes it whole
            parts = frozenset(self._word_terms(word)[1:])
            if not english and (verb := self.unwritten_separable(word)) is not None:
                parts = frozenset({verb})
            phrases: list[frozenset[str]] = []
            if i not in translations and not self.known_term(self.stem(word)):
                for phrase in self.synonym_phrases(word):
                    if len(phrase) == 1:
                        terms |= phrase
                    else:
                        phrases.append(phrase)
            concepts.append(Concept(word, frozenset(terms), parts, i in translations, tuple(phrases)))
        return concepts


def corpus_vocabulary(texts: Iterable[str], min_count: int = 2) -> set[str]:
    """Words frequent enough in the corpus to count as compound parts. A short word seen once
    may be a fragment the PDF broke off; one as long as a compound ("monitoring" in
    "monitoringsmethoden") is a word. (Long words once seen too: dev MRR 0.749 -> 0.756, the
    held-out questions and the off-topic ones the same.)"""
    return vocabulary_of(token_counts(texts), min_count)


def token_counts(texts: Iterable[str]) -> Counter[str]:
    """How often `texts` write each token: counted per document where it is cleaned (in a
    worker process for a large library) and added up, as corpus_vocabulary counts them."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(TOKEN_RE.findall(fold(text)))
    return counts


def vocabulary_of(counts: Counter[str], min_count: int = 2) -> set[str]:
    """corpus_vocabulary of the texts with these token_counts."""
    stops = stopwords()
    return {w for w, n in counts.items() if (n >= min_count or len(w) >= MIN_COMPOUND) and len(w) >= MIN_PART
            and w not in stops and w.isalpha()}
