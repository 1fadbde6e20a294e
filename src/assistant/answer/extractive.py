"""Extractive answers: the sentences of the retrieved passages that best answer the question."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable

from assistant.answer import SearchIndex, balanced_quotes
from assistant.answer.messages import message, spelling_note
from assistant.answer.outline import asks_for_outline, outline_answer
from assistant.knowledge.chunk import is_name_list, split_sentences
from assistant.knowledge.clean import CAPTION_RE, DUTCH_NAME_PARTICLES, FOOTNOTE_LABEL, TABLE_ROW_RE, is_table_row
from assistant.knowledge.coverage import asked_fact, gives_fact
from assistant.knowledge.dense import passage_windows
from assistant.knowledge.definitions import (compared_subjects, defined_subjects, definition_pattern, defines,
                                             explained_subject, term_pattern)
from assistant.knowledge.text import ITEM_MARKER_RE, fold, looks_english
from assistant.knowledge.types import SECTION_SEPARATOR, Answer, Citation, Passage, Retrieval

class ExtractiveAnswerer:
    """Answers from the guidance's own sentences, each cited (the `answer.Answerer` used when
    no language model is configured, and the one a generative answer falls back on)."""

    def __init__(self, kb: SearchIndex) -> None:
        self.kb = kb

    def ask(self, question: str, *, k: int = 5, lang: str = "nl", on_token: Callable[[str], None] | None = None,
            cancel: threading.Event | None = None) -> Answer:
        """The sentences that best answer the question, each cited; `on_token` gets the whole
        text at once (nothing is generated, so there is nothing to cancel)."""
        retrieval = self.kb.retrieve(question, k=max(k, 10))
        answer = compose_answer(retrieval, self.kb, lang=lang)
        if note := spelling_note(retrieval.corrections, lang):
            answer.notes.append(note)
        if answer.found and looks_english(retrieval.question):
            answer.standing_notes.append(message("dutch_quotes", lang))
        answer.passages = retrieval.passages[:max(k, 1)] if k < len(retrieval.passages) else retrieval.passages
        if on_token and answer.text:
            on_token(answer.text)
        return answer

    def quote(self, question: str, passage: Passage, size: int = 2) -> str:
        """The sentences of `passage` that best match `question` (a step's guidance quote)."""
        return best_window(question, passage, self.kb, size=size)


#: How many passages the answer may draw sentences from, and how many sentences it shows.
SOURCE_PASSAGES = 3
MIN_SENTENCE_CHARS = 20
#: The answer's core: this many consecutive sentences of one passage (a lead-in and what follows).
WINDOW = 3
#: Sentences that follow the first of a window count for this share of their match. Lower, the
#: best-matching sentence leads the window; higher, a run of middling sentences can outweigh it
#: (0.8 -> 0.6, with windows kept whole at a passage's end: answer holds gold 20 -> 20 of 40 on
#: dev, 19 -> 24 of 40 on bench/heldout.jsonl).
PAIR_WEIGHT = 0.6
#: Each rank down costs a window this much. The ranking weighs more than a sentence can show
#: (section headings, feedback terms, the dense model), so the best passage is the answer's
#: home; a later one adds a sentence below. (0.08 -> 1.0: answer holds gold 18 -> 19 of 40 on dev
#: and 18 -> 19 of 40 on bench/heldout.jsonl.)
RANK_PENALTY = 1.0
#: A sentence shaped like the kind of answer asked for (a number for "hoeveel", a reason for
#: "waarom", a definition for "wat is") gets this much extra.
CUE_BONUS = 0.2
#: For a definition question ("Wat is SBIR?"), the sentence that defines the term gets this much
#: extra: otherwise a run of sentences that each mention it outweighs the one that says what it is.
DEFINITION_BONUS = 1.0
#: Each later passage quoted from (of SOURCE_PASSAGES) adds its best sentence when that matches at
#: least this share as well as the answer's core. The ranking often puts the passage that answers
#: second or third: on the tuning questions, 12 of 37 answers whose passage is in the top 3 had it
#: there, and 3 of those 12 held it with one best sentence of one later passage at 0.9. (One
#: sentence of each later passage at 0.7: answer holds gold 26 -> 28 of 56 on tune, 23 -> 24 of 40
#: on dev, 34 -> 35 of 40 on bench/heldout.jsonl, with footnotes' text quotable; 80 -> 95 words.)
OTHER_PASSAGE_SHARE = 0.7
#: ... and of those, the best this many: the answer stays a few sentences to read in a terminal.
OTHER_SENTENCES = 2
#: ... and matches at least this share of the question by itself: next to an answer that matches
#: weakly, "nearly as well" let in sentences that share a word or two with the question ("Dat ga
#: je vaak doen in een pilot in de openbare omgeving."). (0.4 -> 0.25, with the share above at
#: 0.7: answer holds gold 28 -> 28 of 56 on tune, 23 -> 24 of 40 on dev.)
OTHER_MIN_MATCH = 0.25
#: Which sentence a later passage adds, its meaning counts beside its words: the dense model's
#: similarity of the question to the window the sentence is in (dense.passage_windows), less that
#: of the closest window of the passages quoted from, times this. A 0.03 lower cosine costs as
#: much as a tenth of the question's words. (0 -> 3, with the two above: answer holds gold
#: 27 -> 28 of 56 on tune, 24 of 40 on dev either way, and answers of 88 -> 83 words on dev; 5 was
#: no better. Choosing the answer's core by meaning as well held no more gold, and lost the
#: definition that leads "Wat is SBIR?" and the opening of "Wat moet ik doen in stap 4?".)
MEANING_WEIGHT = 3.0
#: A sentence is found in a window by its first words (a window may break off inside the last).
SENTENCE_OPENING_WORDS = 8
#: For a comparison ("Wat is het verschil tussen A en B?"), a side the answer does not yet define
#: is looked for in this many of the best passages.
COMPARISON_PASSAGES = 10
#: A window that introduces a list shows up to this many of its items ...
LIST_ITEMS = 10
#: For a question that asks for several things (asks_for_list), a sentence that announces a list
#: ("De uitwerking maakt u voor de volgende drie mogelijke uitkomsten:") leads the answer, or is
#: quoted from a later passage, with its items when it matches at least this share as well as the
#: sentences chosen: the question's words are in the sentences around a list more often than in
#: its lead-in (its items name the rest), and those were quoted without the list they asked for.
#: (0.3 to 0.6 changed no answer of the 597 training questions: none of their 41 list questions
#: has such a list in its best passages; at 0.6 "What are the three possible outcomes of the
#: development process?" missed the lead-in that matched 0.51 against 0.85.)
LIST_SHARE = 0.5
#: ... and a table's title this many of its rows: a row is a label and a number, and the row a
#: question asks for may be the last ("2021 6" was the 11th)
TABLE_ROWS = 20


#: A line that only joins the list items on either side of it ("of/en", "en/of", "and/or"): no
#: part of the item above it ("… door middel van een SBIR. of/en"), and no sentence
_CONNECTOR = re.compile(r"(?i)(?:en|of|and|or)(?:\s*/\s*(?:en|of|and|or))?")


#: A regulation's or a ruling's number ("Verordening (EG) nr. 800/2008", "zaak C-280/00", "Mededeling
#: Staatssteun C262/1"): a list item that carries one is an entry of a reference list, which names
#: a source and answers nothing (it was quoted as the last "sentence" of an answer on the
#: Aanbestedingswet).
_CITED_BY_NUMBER = re.compile(r"\b(?:[A-Z]-?\d+/\d+|nr\. \d+/\d+|\d+/(?:19|20)\d\d)\b")
#: An entry of a bibliography: who, then the year ("Dialogic, 2017, Evaluatie SBIR (https://…)",
#: "Dialogic (2017), Innoveren in de keten …"). It names a source and answers nothing: quoted, it
#: read as a statement of the guidance ("Hoeveel SBIR-trajecten …?" ended on one).
_REFERENCE_ENTRY = re.compile(r"^[A-ZÀ-Ý][^.!?:;]{0,80}?(?:,\s*(?:19|20)\d\d\s*[,.:]|\s\((?:19|20)\d\d\)\s*[,.:])")
_URL = re.compile(r"(?:https?://|www\.)\S+", re.I)
#: ... and so is a line that is mostly a web address: fewer words than this beside it, or a
#: title with its address in brackets ("Brochure ‘…’ van RVO (https://…)"), half the line or more.
#: A sentence that says where to look ("Deze is … te vinden op: https://…") says something.
REFERENCE_WORDS = 4
_ADDRESS_IN_BRACKETS = re.compile(r"\((?:https?://|www\.)[^()\s]+\)", re.I)


#: Verbs a statement citing its source has and a reference entry lacks: "Volgens Dialogic (2017),
#: is de SBIR een succes." says something; "Dialogic, 2017, Evaluatie SBIR" names a work
_STATEMENT_VERB = re.compile(r"\b(?:is|zijn|was|waren|wordt|worden|werd|heeft|hebben|had|kan|kunnen|moet|moeten|"
                             r"mag|mogen|zal|zullen|blijkt|zegt|stelt|toont|besteedt|besteden|deed|deden|doet|"
                             r"are|were|has|have|shows|says)\b", re.I)


def is_reference_entry(sentence: str) -> bool:
    """Whether a sentence is an entry of a reference list (a name and a year, then a title or an
    address, no verb of a statement), or mostly a web address."""
    if _REFERENCE_ENTRY.match(sentence) and (_URL.search(sentence) or not _STATEMENT_VERB.search(sentence)):
        return True
    if _URL.search(sentence) and len(_URL.sub(" ", sentence).split()) < REFERENCE_WORDS:
        return True
    return 2 * sum(len(m.group()) for m in _ADDRESS_IN_BRACKETS.finditer(sentence)) >= len(sentence) > 0


def table_caption(passage: Passage) -> str | None:
    """The title of the table a passage stands under ("Tabel 2. Aantal SBIR-trajecten …"), as its
    section's last heading names it; None for a passage of no table."""
    title = passage.section.rsplit(SECTION_SEPARATOR, 1)[-1].strip()
    return title if CAPTION_RE.match(title) else None


def table_row(row: str) -> str:
    """A table's row as shown in an answer: its label, then its number ("2019 4" -> "2019: 4")."""
    match = TABLE_ROW_RE.match(row)
    return f"{match['label']}: {match['value']}" if match else row


def sentence_lines(passage: Passage, *, notes: bool = True) -> list[tuple[str, int | None]]:
    """The passage's sentences, without the section heading it starts with, each with the
    number of the list item (a line that opens with "•" or "1.") it belongs to, or None;
    without `notes`, those of its running text only (not its footnotes')."""
    return [(sentence, item) for sentence, item, _ in _sentence_rows(passage, notes=notes)]


def _sentence_rows(passage: Passage, *, notes: bool) -> list[tuple[str, int | None, int | None]]:
    """`sentence_lines`, each sentence also with the number of the footnote it is in, or None for
    the running text."""
    heading = passage.section.rsplit(SECTION_SEPARATOR, 1)[-1].strip()
    caption = table_caption(passage)
    lines: list[tuple[str, int | None]] = []
    footnotes: dict[int, int] = {}  # the lines that are footnotes, by their place in `lines`: their numbers
    captions: set[int] = set()  # the lines that are a table's title, not split into sentences
    for n, line in enumerate(passage.text.split("\n")):
        if (match := _FOOTNOTE_LINE.match(line)) is not None:
            footnotes[len(lines)] = footnote_number(match)
            lines.append((line[match.end():].strip(), None))
            continue
        marker = ITEM_MARKER_RE.match(line.strip())
        item = n if marker else None
        line = line.strip()[marker.end() if marker else 0:].strip()
        if not line or (n == 0 and line == heading):
            continue
        if caption and not marker and is_table_row(line):
            # a table's rows are a list under its title: quoted without it, the numbers said
            # nothing of what they count ("2018 3 2019 4 2020 9")
            if not (lines and lines[-1][1] is not None and is_table_row(lines[-1][0])):
                captions.add(len(lines))
                lines.append((caption if caption.endswith(":") else f"{caption}:", None))
            lines.append((line, n))
            continue
        if item is None and lines and line[:1].islower() and not _ENDS_SENTENCE.search(lines[-1][0]) \
                and len(lines) - 1 not in footnotes:
            # a sentence the page layout broke off ("… de (eventuele)" / "opschaling. …")
            lines[-1] = (f"{lines[-1][0]} {line}", lines[-1][1])
            continue
        lines.append((line, item))
    for n in range(1, len(lines) - 1):
        line, item = lines[n]
        before, after = lines[n - 1][1], lines[n + 1][1]
        if item is None and before is not None and after is not None and not line.rstrip().endswith((":", "?")) \
                and not _CONNECTOR.fullmatch(line.strip()):
            # a line printed between two items explains the one above it ("• De steun wordt door
            # de staat verleend …" / "Bij het delen van kennis is er …" / "• De begunstigde …"):
            # part of that item, so the list it is in is shown whole
            lines[n] = (line, before)
    sentences = [(without_page_pointer(s), n, item) for n, (line, item) in enumerate(lines)
                 for s in ([line] if n in captions else split_sentences(line))]
    # a reference list's entries stay only in the list its lead-in introduces ("… onder meer:"),
    # where they read as what they are: sources the guidance names (compose_answer never quotes
    # one without that lead-in)
    introduced, lead = [], ""
    for line, item in lines:
        lead = line if item is None else lead
        introduced.append(item is not None and lead.rstrip().endswith(":"))
    # a list's short items stay ("Financiële dekking", "Inkoopstrategie"): without them a list
    # was quoted as if it ended before them
    return [(s, item, footnotes.get(n)) for s, n, item in sentences if s is not None
            and (len(s) >= MIN_SENTENCE_CHARS or item is not None and s[:1].isalnum() or n in captions)
            and not holds_note_number(s) and not is_byline(s)
            and not (item is not None and _CITED_BY_NUMBER.search(s))
            and not (is_reference_entry(s) and not introduced[n])
            and (n not in footnotes or notes and says(s))]


#: A line that names a speaker and their role or organisation, no sentence ("Gerben Hofmeijer,
#: consultant bij AT Osborne", "Ministerie van Onderwijs, Cultuur en Wetenschap"): it says who,
#: not what, so it answers nothing (an answer names the speaker after their quote: quote_speaker).
_BYLINE = re.compile(r"^(?:(?:[Pp]rof|[Dd]rs?|[Mm]r|[Ii]r)\. )*[A-Z][\w'’-]+(?: (?:van|de|der|den|ten|ter|het|"
                     r"[A-Z][\w'’.&-]*)){1,4},\s+[^.!?]{3,90}$")


def is_byline(sentence: str) -> bool:
    return bool(_BYLINE.match(sentence))


#: Who took part, who wrote: a question that a list of names answers.
_ASKS_WHO = re.compile(r"\b(?:wie|who|whom)\b")


#: Words that say who spoke a quote beside it: "…”, legt Louwerse uit.", "…” vertelt Irene Duyn van
#: Cumulus Park.", "Rutger Zuidam zegt hierover: “…", "Harchaoui: “…".
_SAYS = (r"(?:zegt|zeggen|zei|vertelt|vertelde|legt|legde|stelt|stelde|aldus|adviseert|benadrukt|verwoordt|"
         r"verwoordde|erkent|herkent|concludeert|merkt|vult|vindt|vond|meent|meende|denkt|dacht|geeft|gaf|noemt|"
         r"noemde|voegt|voegde|waarschuwt|waarschuwde|ziet|zag|licht|lichtte|beaamt|vervolgt|besluit|antwoordt|"
         r"reageert|says|said|explains|adds|thinks|believes|warns|notes)")
_PARTICLES = "|".join(DUTCH_NAME_PARTICLES)
_NAME = rf"[A-Z][\w'’-]+(?: (?:(?:{_PARTICLES})\b|[A-Z][\w'’&-]*)){{0,5}}"
_SPEAKER_AFTER = re.compile(rf"[,.]?\s*{_SAYS}\s+({_NAME})")
_SPEAKER_BEFORE = re.compile(rf"(?:^|[.!?][”’]?\s+)({_NAME})(?:\s+\([^()]*\))?\s+{_SAYS}\b[^.!?:“”]{{0,30}}:"
                             rf"\s*$"
                             rf"|(?:^|[.!?][”’]?\s+)({_NAME}):\s*$"
                             # ... or after the quote before it, which the same speaker goes on from
                             rf"|”[,.]?\s*{_SAYS}\s+({_NAME})[^.!?“”]{{0,30}}[.!?]\s*$")
#: A byline's later lines, where it runs over several ("Sanne Borger," / "Werkplaats Digitaal" / …), are short.
BYLINE_LINE_CHARS = 40


def quote_speaker(passage: Passage, sentence: str) -> str | None:
    """Who speaks the quote (“…”) that `sentence` is part of, where the passage says: an attribution
    before or after the quote, the byline under it, or an interview's section that names the
    person ("Irene Duyn, Cumulus Park"); None for a sentence of no quote, or a quote of nobody named.
    Shown without it, an interviewee's opinion read as the guidance's own advice."""
    text = passage.chunk.text
    found = re.search(r"\s+".join(re.escape(word) for word in sentence.split()), text)
    if found is None:
        return None
    start, end = found.span()
    opening = text.find("“", start, end)
    if opening < 0:
        opening = text.rfind("“", 0, start)
        if opening < 0 or "”" in text[opening:start]:
            return None
    closing, depth = -1, 0
    for mark in re.finditer(r"[“”]", text[opening:]):
        depth += 1 if mark.group() == "“" else -1
        if depth == 0:
            closing = opening + mark.start()
            break
    if closing >= 0 and (after := _SPEAKER_AFTER.match(text, closing + 1)):
        return fuller_name(passage, after.group(1))
    if before := _SPEAKER_BEFORE.search(" ".join(text[:opening].split()) + " "):
        return fuller_name(passage, next(name for name in before.groups() if name))
    if closing >= 0 and not text[closing + 1:].split("\n", 1)[0].strip():
        byline = ""
        for line in text[closing + 1:].split("\n")[1:]:
            line = line.strip()
            if not line or byline and len(line) > BYLINE_LINE_CHARS or line.startswith("“") \
                    or re.search(r"[.!?:]$", line):
                break
            byline = f"{byline} {line}".strip()
        if is_byline(byline):
            return byline
    return _interview_of_one(passage)


def _interview_of_one(passage: Passage) -> str | None:
    """The byline that heads the passage's section ("Irene Duyn, Cumulus Park") where it names
    one person: a section that names two ("Rutger van Zuidam, Odyssey, Wouter Welling,
    ministerie …") says nothing of which one speaks."""
    section = passage.section.split(SECTION_SEPARATOR, 1)[0].strip()
    return section if is_byline(section) and not _names_another(section) else None


def _names_another(byline: str) -> bool:
    """Whether a byline names a second person after the first one's role ("A B, Org, C D, Org")."""
    rest = byline.split(", ", 1)[1]
    return any(is_byline(rest[at.end():]) for at in re.finditer(r"(?:^|, )", rest))


def fuller_name(passage: Passage, name: str) -> str:
    """The speaker as the passage's section or text names them most fully: "Van Zuidam" ->
    "Rutger van Zuidam"; their section's byline where it names them alone ("Irene Duyn, Cumulus
    Park"); else `name` as the attribution gave it."""
    section = passage.section.split(SECTION_SEPARATOR, 1)[0].strip()
    surname = " ".join(rf"(?i:{re.escape(word)})" if word.casefold() in DUTCH_NAME_PARTICLES else re.escape(word)
                          for word in name.split())
    if (interviewee := _interview_of_one(passage)) and re.search(rf"\b{surname}$", interviewee.split(",", 1)[0]):
        return interviewee
    # on one line: a name that ends one sentence and a surname that opens the next are no name
    full = re.search(rf"\b[A-Z][\w'’-]+(?: (?:{_PARTICLES}))* {surname}\b",
                     f"{section}\n{passage.chunk.text}")
    return " ".join(full.group().split()) if full and len(full.group()) > len(name) else name


def names(run: str, speaker: str) -> bool:
    """Whether `run` names the speaker: any word of their name (before a comma), not a title."""
    words = re.findall(r"[\w'’-]+\.?", speaker.split(",", 1)[0])
    return any(re.search(rf"\b{re.escape(word)}\b", run) for word in words
               if word[:1].isupper() and not word.endswith(".") and len(word) > 2)


#: A footnote's number is no part of an answer: the cleaner moves a note to its section's end as
#: "Voetnoot N: …", and a page's notes that the PDF printed as one run stay a line that opens with
#: a bare note number ("39 Zo stelde bijvoorbeeld Rijkswaterstaat …", "35 Bron: Dialogic, 2019, …").
_FOOTNOTE_LINE = re.compile(rf"^\s*(?:{FOOTNOTE_LABEL} (?P<number>\d+):\s*|(?P<bare>\d{{1,2}}) (?=[A-Z]))")
#: A note that names a source rather than says something ("Bron: Dialogic, 2019, …", "O.a.
#: ABDTOPConsult, 2018, Transitie …", "Kamerbrief met Actieplan … | Rijksoverheid.nl", "Berekening
#: gebaseerd op … ‘Monitor …’ i.o.v. EZK.", commissioned by): no answer. A note's sentence after its
#: source that says something ("In 2017 was het bbp circa 700 miljard euro …") is one.
_CITES = re.compile(r"^(?:bron|zie|o\.a\.|source|see|link)\b|,\s*(?:19|20)\d\d\b|\||\bdd\.|\bi\.o\.v\.|"
                    r"\bin opdracht van\b|\bcommissioned by\b|"
                    # a publication's title: its kind, then what it is called ("Benchmark rapport, The
                    # strategic use of …", "Mededeling van de Commissie - Richtsnoeren …")
                    r"^(?:[\w-]+ )?(?:rapport|report|mededeling|communication|kamerbrief|brochure|handreiking|"
                    r"richtsnoeren|guidelines)\b\s*(?:[,:–-]|van de\b)", re.I)
#: A bare one- or two-digit number before a capitalised word, inside a sentence: a note's number
#: where notes run on in the text ("… (europa.eu) 34 Europese Commissie, 2021, …") ...
_NOTE_NUMBER = re.compile(r"(?<!\S)\d{1,2} [A-ZÀ-Ý][a-zà-ÿ]")
#: ... unless it numbers what the word before it names ("stap 3 Beschrijf …", "figuur 2 Overzicht").
_NUMBERED_WORDS = frozenset({"stap", "step", "fase", "phase", "pagina", "page", "hoofdstuk", "chapter", "figuur",
                             "figure", "tabel", "table", "artikel", "article", "bijlage", "annex", "paragraaf",
                             "nummer", "nr", "no"})


def footnote_text(line: str) -> str | None:
    """A footnote's text without its label or number ("Voetnoot 8: In 1982 trad …" -> "In 1982
    trad …"); None for a line of the guidance's running text. A note can answer ("… is Nederland
    in 2005 gestart met een eigen SBIR-programma"); its number never shows."""
    match = _FOOTNOTE_LINE.match(line)
    return line[match.end():].strip() if match else None


def footnote_number(match: re.Match[str]) -> int:
    """The number of the note a `_FOOTNOTE_LINE` match opens ("Voetnoot 8: …", "39 Zo stelde …")."""
    return int(match["number"] or match["bare"])


#: A pointer to a page of the printed guidance ("op de volgende pagina", "zie pagina 94"): the
#: user reads an answer in a terminal, where there are no pages.
_PAGE = r"(?:\b(?:pagina|page)'?s?\s+\d+|\b(?:volgende|vorige|next|previous)\s+(?:pagina|page)\b)"
_PAGE_ASIDE = re.compile(rf"\s*\([^()]*{_PAGE}[^()]*\)", re.I)
_PAGE_POINTER = re.compile(_PAGE, re.I)


def without_page_pointer(sentence: str) -> str | None:
    """The sentence without an aside that points to a page ("Het intellectuele eigendom (zie het
    oranje kader op de volgende pagina)" -> "Het intellectuele eigendom"); None for a sentence
    that is about a page ("Meer uitleg over digitale technologie vindt u op pagina 6.")."""
    sentence = _PAGE_ASIDE.sub("", sentence).strip()
    return None if _PAGE_POINTER.search(sentence) else sentence


def says(note: str) -> bool:
    """Whether a footnote's sentence says something: not a source it names, nor a piece of a
    sentence split at an abbreviation ("… EZK dd." / "8 juli 2022 lijkt hierin te voorzien"), nor a
    gloss on the word it is set to, which no full stop ends ("Het jaar waarin de gewijzigde
    Aanbestedingswet in werking trad, …" explains a year: quoted, it read as a sentence cut off)."""
    return note[:1].isupper() and note.rstrip().endswith(_COMPLETE_END) and not _CITES.search(note)


def holds_note_number(sentence: str) -> bool:
    """Whether a sentence carries a footnote's bare number before a capitalised word: page
    debris, a note's text run into another's."""
    for match in _NOTE_NUMBER.finditer(sentence):
        before = re.findall(r"\w+", sentence[:match.start()])
        if not before or before[-1].casefold() not in _NUMBERED_WORDS:
            return True
    return False


def _sentences(passage: Passage) -> list[str]:
    """The sentences of a passage's running text (not its footnotes': see only_notes)."""
    return [sentence for sentence, _ in sentence_lines(passage, notes=False)]


def introduces_list(sentences: list[str], items: list[int | None], at: int) -> bool:
    """Whether the sentence at `at` introduces a list: a line of its own, ending in ":" or "?" or
    announcing what follows ("Er zijn drie mogelijkheden."), with list items after it."""
    return at + 1 < len(sentences) and items[at] is None and items[at + 1] is not None \
        and leads_in(sentences[at])


def leads_in(sentence: str) -> bool:
    """Whether a sentence leads in to what follows it: ends in ":" or "?", or announces it."""
    return sentence.rstrip().endswith((":", "?")) or announces(sentence)


def asks_for_list(question: str) -> bool:
    """Whether a question asks for several things, which the guidance may list."""
    return bool(_ASKS_LIST.search(fold(question)))


def announced_list(sentences: list[str], items: list[int | None], scores: list[float], least: float) -> int | None:
    """The sentence of a passage that announces a list of two or more items ("… de volgende drie
    mogelijke uitkomsten:", "Er zijn drie mogelijkheden.") and matches the question at least
    `least` (its best; the first of equals); None where none does. A lead-in that asks a question
    opens a checklist, not an answer, and a sentence that leans on the one before it does not
    read as a lead."""
    intros = [j for j in range(len(sentences))
              if introduces_list(sentences, items, j) and not sentences[j].rstrip().endswith("?")
              and scores[j] > 0 and scores[j] >= least and not goes_on(sentences[j])
              and (j + 2 < len(sentences) and items[j + 2] is not None and items[j + 2] != items[j + 1]
                   or all(item is not None for item in items[j + 1:]))]
    return max(intros, key=lambda j: (scores[j], -j), default=None)


def list_start(sentences: list[str], items: list[int | None], scores: list[float], start: int) -> int:
    """Where a window that opens inside a list should start: at the sentence that introduces the
    list ("Menno Lanting onderscheidt daarbij drie modellen:") when the question's words are in
    more than one of its items, as in a comparison of two of them; else at `start`."""
    if items[start] is None:
        return start
    intro = start
    while intro > 0 and items[intro] is not None:
        intro -= 1
    if not introduces_list(sentences, items, intro):
        return start
    after = next((j for j in range(intro + 1, len(sentences)) if items[j] is None), len(sentences))
    matched = {items[j] for j in range(intro + 1, after) if scores[j] > 0}
    return intro if len(matched) >= 2 else start


def list_end(sentences: list[str], items: list[int | None], start: int, end: int, limit: int = LIST_ITEMS) -> int:
    """Where a window [start, end) should end so that a list it introduces ("… zijn:", "Hoe
    staat u ervoor na het lezen van onderstaande regels?") is not cut after its first items:
    the list's items that follow, up to `limit` items in all."""
    introduces = any(introduces_list(sentences, items, j) for j in range(start, end))
    if not introduces or not (items[end - 1] is not None or leads_in(sentences[end - 1])):
        return end
    shown = {items[j] for j in range(start, end) if items[j] is not None}
    while end < len(sentences) and items[end] is not None:
        if items[end] not in shown:
            if len(shown) >= limit:
                break
            shown.add(items[end])
        end += 1
    return end


def sentence_scorer(question: str, kb: SearchIndex) -> Callable[[str], float]:
    """How well a sentence answers the question: the IDF-weighted share of the question's
    content words it contains (translations and synonyms count), plus a bonus when it has the
    shape of the answer asked for."""
    lexical = kb.lexical
    analyzer = lexical.analyzer if lexical else None
    concepts = kb.concepts(question)
    weights = []
    for concept in concepts:
        known = [lexical.idf(t) for t in concept.terms if lexical and lexical.document_frequency(t)]
        if not known and lexical:  # a word the guidance says in other words only
            known = [lexical.idf(t) for p in concept.phrases if all(lexical.document_frequency(x) for x in p)
                     for t in p]
        weights.append(max(known) if known else 0.0)
    total = sum(weights) or 1.0
    cue = answer_cue(question)

    def value(sentence: str) -> float:
        stems = set(analyzer.document_terms(sentence)) if analyzer else set()
        matched = sum(w for c, w in zip(concepts, weights)
                      if c.terms & stems or any(p and p <= stems for p in (c.parts, *c.phrases)))
        return matched / total + (CUE_BONUS if cue is not None and cue.search(sentence) else 0.0)

    return value


def lead_bonus(question: str) -> Callable[[str], float]:
    """What a sentence gains as the first of the answer: for a definition question ("Wat is
    SBIR?"), the sentence that defines the term, and for a comparison one that defines either side.
    Otherwise a run of sentences that each mention the term outweighs the one that says what it is."""
    subjects = defined_subjects(question) or [s for s in (explained_subject(question),) if s]
    if not subjects:
        return lambda sentence: 0.0
    pattern = definition_pattern(subjects, english=looks_english(question))
    contrasts = contrast_finder(question)
    return lambda sentence: DEFINITION_BONUS if defines(pattern, sentence) or contrasts(sentence) else 0.0


#: Words that set two things against each other in a sentence ("Anders dan bij de SBIR-aanpak
#: mag via Innovatiepartnerschap …"), folded.
_CONTRAST = re.compile(r"\b(?:anders dan|in tegenstelling tot|verschil\w*|terwijl|daarentegen|vergeleken met|"
                       r"tegenover|unlike|whereas|differen\w*|compared (?:with|to))\b")


def contrast_finder(question: str) -> Callable[[str], bool]:
    """For a comparison ("Wat is het verschil tussen X en Y?"), whether a sentence sets its sides
    against each other: it names every side and a word of contrast. Always False otherwise."""
    sides = compared_subjects(question)
    if not sides:
        return lambda sentence: False
    patterns = [term_pattern(side, english=looks_english(question)) for side in sides]

    def contrasts(sentence: str) -> bool:
        folded = fold(sentence)
        return bool(_CONTRAST.search(folded)) and all(p.search(folded) for p in patterns)

    return contrasts


def window_value(leads: list[float], scores: list[float], start: int, size: int) -> float:
    """A window of `size` sentences from `start`: its first sentence as a lead, the rest for
    PAIR_WEIGHT of their match."""
    return leads[start] + PAIR_WEIGHT * sum(scores[start + 1:start + size])


def best_window(question: str, passage: Passage, kb: SearchIndex, size: int = 2) -> str:
    """The `size` consecutive sentences of a passage that best match the question, and the
    items of a list they introduce (step 1's quote ended "… nieuwsberichten over: nationale
    sleuteltechnologieën,")."""
    rows = _sentence_rows(passage, notes=True)
    if not rows:
        return ""
    sentences, items = [s for s, *_ in rows], [item for _, item, _ in rows]
    value, bonus = sentence_scorer(question, kb), lead_bonus(question)
    scores = [value(s) for s in sentences]
    leads = [score + bonus(s) for score, s in zip(scores, sentences)]
    start = max(range(len(sentences)), key=lambda i: (window_value(leads, scores, i, size), -i))
    notes = [note for *_, note in rows]
    start = whole_window_start(start, size, len(sentences), notes)
    end = list_end(sentences, items, start, announced_end(sentences, items, start, min(start + size, len(sentences)),
                                                          notes))
    lead_in = ""
    if goes_on(sentences[start]):
        # a quote that leans on the sentence before it takes that one too (step 10's began "Dat er
        # genoeg financiële dekking is …"), from the passage before where this one opens so
        if start > 0 and items[start - 1] == items[start]:
            start -= 1
        elif start == 0 and items[0] is None and (before := _lead_in(passage, kb)) is not None:
            lead_in = f"{before[1]} "
    quoted = lead_in + " ".join(sentences[start:end])
    # a list the passage breaks off goes on in the guidance: said, not ended on its comma
    return f"{quoted[:-1]} …" if quoted.endswith((",", ";")) else quoted


def only_notes(passage: Passage) -> bool:
    """Whether a passage is footnotes only: the cleaner closes a section with the notes of the
    page it ends on, which are often not its own (the EZK report prints a page's notes under the
    next section's title), so a note in a passage of running text is never quoted there, as if it
    were that text; a passage of notes alone is what it is, and is quoted marked as a note."""
    lines = [line for line in passage.chunk.text.split("\n") if line.strip()]
    return bool(lines) and all(_FOOTNOTE_LINE.match(line) for line in lines)


def whole_window_start(start: int, size: int, count: int, notes: list[int | None] | None = None) -> int:
    """A window that would run off the passage's end takes the sentences before it instead:
    a passage's last sentence alone is rarely an answer without what leads up to it. Not from
    another footnote (`notes`: each sentence's, _sentence_rows): each note is a text of its own, and "wat is
    precommercieel inkopen?" was answered from the end of the note before the one that says it."""
    moved = max(0, min(start, count - size))
    while notes is not None and moved < start and notes[moved] != notes[start]:
        moved += 1
    return moved


#: Sentences that open by leaning on the one before them ("Vandaar dat …", "Daarom …"), or with a
#: pronoun for what came before, as the verb after it shows ("Dat is de missie van …", "Dat ga je
#: vaak doen …"), or a personal pronoun ("Zij staan als bestuurslaag …": who they are was said before). A
#: pronoun before a noun ("Deze aanpak …") opens a sentence that says its piece; the pronominal
#: adverbs do not ("Daartegenover staat …", "Daarbij …": what is "daar"?), nor does "Die" before
#: anything ("Die toetsing is …").
_LEANS_BACK = re.compile(r"^(vandaar|daarom|daardoor|hierdoor|hiermee|hierbij|hiervoor|zo|ook|dan|bovendien|"
                         r"daarnaast|tevens|dus|thus|hence|also|zij|ze|hij|daar|die|"
                         # connectives that take a point made before further ("Anderzijds kunt u ook …",
                         # "Bijkomend voordeel is …", "Tot slot …")
                         r"anderzijds|bijkomend|verder|evenmin|eveneens|overigens|daarentegen|wel|"
                         r"ten (tweede|derde|vierde|slotte)|tenslotte|tot slot|moreover|furthermore|"
                         r"(daar|hier)(bij|mee|voor|in|na|op|over|uit|aan|van|toe|tegenover|entegen|door|naast|om)|"
                         r"(dat|dit|die|deze) (is|was|zijn|waren|betekent|houdt|geldt|kan|kon|kun|moet|moest|zal|"
                         r"zou|wil|wilde|wilden|ga|gaat|ging|doet|deed|doen|heeft|had|hebben|wordt|werd|worden|"
                         r"maakt|vraagt|lukt|gebeurt|kost|voelt|werkt|levert|zorgt|helpt|zeggen|zegt|om)|"
                         # a clause of the sentence before, set apart ("… bij machte bent om te blijven
                         # ontwikkelen. Dat er genoeg financiële dekking is …")
                         r"dat (er|u|je|we|wij|ze|zij|hij|men|de|het|een))\b", re.I)
_ENDS_SENTENCE = re.compile(r"[.!?:;][\"”’)]*$")
_COMPLETE_END = tuple(".!?”\"’)")


#: Conjunctions that open a sentence going on from the one before ("Maar wat doet dit precies …?").
#: Such a sentence often says its piece ("Echter, een procedure … leidt niet per definitie tot
#: meer vernieuwing"): one added from another passage may open so; the answer's lead takes the
#: sentence before it too.
_GOES_ON = re.compile(r"^(maar|en|of|want|echter|toch|immers|vervolgens|desondanks|kortom|in short)\b", re.I)
#: A demonstrative after a preposition names what the sentence before said ("… om die vraag te
#: beantwoorden", "… voor deze opgaven …"): the sentence says its piece only with that one.
_REFERS_BACK = re.compile(r"\b(om|op|voor|aan|bij|met|van|in|over|naar|uit) (die|deze|dit|dat"
                          # not "dat" that opens a clause ("Het gaat er dus om dat u bij machte bent …")
                          r"(?! (?:u|je|er|we|wij|ze|zij|hij|men|de|het|een)\b)) [a-zà-ÿ]+", re.I)
#: A pronominal adverb in a sentence's main clause names what came before ("Van Heukelom van DBC
#: zegt daarover: …": over what?); one in a clause of its own points inside the sentence ("… en
#: vervolgens overgaan tot het inkopen (zonder daarbij alle stappen …)").
_POINTS_BACK = re.compile(r"\b(?:daar|hier)(?:over|van|bij|mee|voor|in|op|uit|aan|door|toe)\b", re.I)
#: Where a sentence's main clause ends: a comma, a bracket, a colon's list or a subordinate clause.
_CLAUSE_ENDS = re.compile(r"[,(;]|\s(?:dat|die|om|zonder|als|wanneer|omdat|waarbij|waarin|terwijl|zodat|"
                          r"doordat|nadat|voordat|indien|of)\s", re.I)


#: A sentence this short has no room to name what its demonstrative points at ("Een
#: marktverkenning is een manier om dit te ontdekken."); a longer one often names it before.
SHORT_SENTENCE_WORDS = 20


def refers_back(sentence: str) -> bool:
    """Whether a sentence names what the one before it said: a demonstrative after a preposition
    (_REFERS_BACK) or a pronominal adverb (_POINTS_BACK) in its main clause, or anywhere in a short
    sentence ("… het inkopen van die oplossing (zonder daarbij …)" names its own)."""
    if len(sentence.split()) <= SHORT_SENTENCE_WORDS:
        return bool(_REFERS_BACK.search(sentence) or _POINTS_BACK.search(sentence))
    main_clause = _CLAUSE_ENDS.split(sentence, maxsplit=1)[0]
    return bool(_REFERS_BACK.search(main_clause) or _POINTS_BACK.search(main_clause))


#: A demonstrative as the subject of a verb in the present that _LEANS_BACK does not name ("Dat
#: creëert …", "Dit roept …"): the word after it ends in t as such a verb does, and not as a noun
#: does ("Dit project", "Dit instrument", "Deze markt", "Dit soort").
_DEMONSTRATIVE_VERB = re.compile(r"^(?:dit|dat|deze) ([a-zà-ÿ]+t)\b", re.I)
_NOUN_ENDS_IN_T = ("ent", "ect", "cept", "uct", "act", "aat", "eit", "uut", "ant", "cht", "st", "arkt", "unt", "ijt",
                   "get", "ket", "soort", "port")


def leans_back(sentence: str) -> bool:
    """Whether a sentence opens by leaning on the one before it ("Vandaar dat …", "Daarom …")."""
    opening = sentence.lstrip("“‘\"'(")
    if _LEANS_BACK.match(opening):
        return True
    verb = _DEMONSTRATIVE_VERB.match(opening)
    return verb is not None and not verb.group(1).lower().endswith(_NOUN_ENDS_IN_T)


def goes_on(sentence: str) -> bool:
    """Whether a sentence opens by leaning on the one before it or going on from it ("Maar …")."""
    return leans_back(sentence) or bool(_GOES_ON.match(sentence.lstrip("“‘\"'("))) \
        or refers_back(sentence)


def stands_alone(sentence: str) -> bool:
    """Whether a sentence reads on its own, cut from its passage: a whole sentence (not a list
    item or a line ending in a colon) that does not refer back to what came before it."""
    return _is_whole(sentence) and not leans_back(sentence) and not refers_back(sentence)


def _is_whole(sentence: str) -> bool:
    """Whether a sentence is whole: capitalised and ended (no list item's fragment, no lead-in to a list)."""
    first = sentence.lstrip("“‘\"'(")[:1]
    return (first.isupper() or first.isdigit()) and sentence.rstrip().endswith(_COMPLETE_END)


def compose_answer(retrieval: Retrieval, kb: SearchIndex, *, lang: str = "nl") -> Answer:
    """The best-matching pair of consecutive sentences of the best passage, plus the best
    sentence of the next passages when it matches nearly as well.

    The sentence that names the question's words often only leads in to the answer, which
    follows it: a pair keeps both.
    """
    if asks_for_outline(retrieval.question) and (outline := outline_answer(
            retrieval.question, kb.step_openings(), retrieval.passages, lang=lang)) is not None:
        return outline
    if not retrieval.found or not retrieval.passages:
        return Answer(retrieval.question, False, message("not_covered", lang), [], retrieval.passages)
    value, bonus = sentence_scorer(retrieval.question, kb), lead_bonus(retrieval.question)

    # per passage: its sentences, the list item each belongs to, and how well each matches
    scored: dict[int, tuple[list[str], list[int | None], list[float]]] = {}
    closeness: dict[int, list[float]] = {}
    note_of: dict[int, list[int | None]] = {}  # per passage, the footnote each sentence is in
    # a list of names gives no sentences to a question that does not ask who ("wat is het
    # inkoopbeleid van de gemeente Rotterdam …" opened with a working group's members)
    asks_who = bool(_ASKS_WHO.search(fold(retrieval.question)))
    for p_index, passage in enumerate(retrieval.passages[:SOURCE_PASSAGES]):
        rows = _sentence_rows(passage, notes=only_notes(passage)) if asks_who or not is_name_list(passage.text) else []
        if rows:
            sentences = [sentence for sentence, *_ in rows]
            scored[p_index] = (sentences, [item for _, item, _ in rows], [value(x) for x in sentences])
            note_of[p_index] = [note for *_, note in rows]
            closeness[p_index] = sentence_closeness(retrieval.question, passage, sentences, kb)
    if not scored:
        return Answer(retrieval.question, False, message("not_covered", lang), [], retrieval.passages)
    home = defining_passage(retrieval)
    if home is not None and home not in scored:
        passage = retrieval.passages[home]
        rows = _sentence_rows(passage, notes=only_notes(passage))
        sentences = [sentence for sentence, *_ in rows]
        scored[home] = (sentences, [item for _, item, _ in rows], [value(x) for x in sentences])
        note_of[home] = [note for *_, note in rows]
        closeness[home] = sentence_closeness(retrieval.question, passage, sentences, kb)
    # how well a later passage's sentence answers: its words, and its meaning next to the closest
    # sentence's (the answer's core is chosen by its words: the ranking already weighed the meaning)
    closest = max((c for values in closeness.values() for c in values), default=0.0)
    valued = {p_index: [score + MEANING_WEIGHT * (c - closest) for score, c in zip(scores, closeness[p_index])]
              for p_index, (_, _, scores) in scored.items()}
    # the best window of consecutive sentences, preferring better-ranked passages
    windows = []
    for p_index, (sentences, _, scores) in scored.items():
        leads = [score + bonus(x) for score, x in zip(scores, sentences)]
        for i in range(len(sentences)):
            windows.append((window_value(leads, scores, i, WINDOW) - RANK_PENALTY * p_index, p_index, i))
    # a question how a term works is answered from the passage that says what it is (a question
    # what it is, the ranking answers: ranking.with_definitions)
    candidates = windows if home is None else [w for w in windows if w[1] == home]
    _, best_passage, start = max(candidates, key=lambda item: (item[0], -item[1], -item[2]))
    sentences, items, scores = scored[best_passage]
    start = list_start(sentences, items, scores, start)
    table = table_caption(retrieval.passages[best_passage]) is not None
    if items[start] is not None and (table and is_table_row(sentences[start]) or is_reference_entry(sentences[start])):
        # a table's row opens no answer, nor does an entry of a list of sources: the lead-in of
        # their list does, which says what the numbers count or that the entries are sources
        start = next((i for i in range(start, -1, -1) if items[i] is None), start)
    start = whole_window_start(start, WINDOW, len(sentences), note_of[best_passage])
    if start + 1 < len(sentences) and not _ENDS_SENTENCE.search(sentences[start]) and items[start + 1] is None \
            and (start == 0 or items[start - 1] is None):
        # a heading inside the passage, a line of its own or a bullet of none ("• Overheden willen
        # risico’s en kosten van innovatie mijden"), leads nothing: the text under it does
        start += 1
    asks_list = asks_for_list(retrieval.question)
    window = range(start, min(start + WINDOW, len(sentences)))
    if asks_list and not any(introduces_list(sentences, items, j) for j in window) and (intro := announced_list(
            sentences, items, scores, LIST_SHARE * max(scores[j] for j in window))) is not None:
        # a question that asks for several things is answered by the list the passage gives, not
        # by the sentences around it that share more of its words: the list's lead-in leads
        start = intro
    end = min(start + WINDOW, len(sentences))
    if start > 0 and items[start] == items[start - 1] and goes_on(sentences[start]):
        start -= 1  # "Vandaar dat …" needs the sentence it follows from (in its list item, if in one)
    opened_in = items[start] if start > 0 and items[start - 1] == items[start] else None
    kept_to_item = False
    if opened_in is not None:
        # a window that opens inside a list item, and would run on into items that share no word
        # with the question, keeps to its item: the next item is another point ("… Octrooicentrum
        # Nederland (RVO) kan hen hierbij ondersteunen." / "• Eigendom en gebruiksvoorwaarden …"),
        # and a lone last sentence takes the one before it, which it leans on ("hen hierbij")
        first = next(i for i in range(start, -1, -1) if i == 0 or items[i - 1] != opened_in)
        last = next(i for i in range(start, len(sentences) + 1) if i == len(sentences) or items[i] != opened_in)
        if end > last and not any(scores[last:end]):
            start, end, kept_to_item = min(start, max(first, last - 2)), last, True
    # the window does not end on a sentence that announces what follows ("… bestaat uit een aantal
    # stappen."): what it announces follows
    end = announced_end(sentences, items, start, end, note_of[best_passage])
    if not kept_to_item:
        if introduces_list(sentences, items, end) and scores[end] > 0:
            end += 1  # the window leads into a list that the question's words introduce: show it
        end = list_end(sentences, items, start, end, TABLE_ROWS if table else LIST_ITEMS)
    comparison = bool(compared_subjects(retrieval.question))
    if comparison:
        # a comparison's definitions of its sides follow: the lead's passage adds only what
        # still shares a word with the question (after "Anders dan bij de SBIR-aanpak …" a
        # story ran on with its interviewee's quotes)
        end = next((i for i in range(start + 1, end) if not any(scores[i:end])), end)
        end = announced_end(sentences, items, start, end, note_of[best_passage])
    picked = [(best_passage, i, sentences[i], None if opened_in is not None and items[i] == opened_in else items[i])
              for i in range(start, end)]
    if not comparison:  # a comparison's later passages say what each side is
        picked.extend(_from_other_passages(scored, valued, bonus, best_passage,
                                           max(valued[best_passage][start:start + WINDOW]), picked, note_of,
                                           lists=asks_list))
    picked.extend(_other_sides(retrieval, [sentence for *_, sentence, _ in picked]))
    picked.sort(key=lambda item: (item[0] != best_passage, item[0], item[1]))
    if not picked:
        return Answer(retrieval.question, False, message("not_covered", lang), [], retrieval.passages)
    sources = list(retrieval.passages)
    if start == 0 and items[0] is None and goes_on(sentences[0]) \
            and (lead_in := _lead_in(retrieval.passages[best_passage], kb)) is not None:
        # the lead leans on the sentence before it, which the passage before holds ("Bent u
        # niet van plan een vervolgafname al vast te leggen? Dan passen een proeftuin of pilot goed.")
        source, sentence = lead_in
        number = next((n for n, p in enumerate(sources) if p.chunk.id == source.chunk.id), len(sources))
        if number == len(sources):
            sources.append(source)
        at = next(n for n, item in enumerate(picked) if item[0] == best_passage)
        picked.insert(at, (number, -1, sentence, None))
    continuing: frozenset[int] = frozenset()  # where the picked items of a list run on from the passage before
    shown = {items[i] for i in range(start, end) if items[i] is not None}
    announced = max((announced_count(sentences[j]) for j in range(start, end)
                     if introduces_list(sentences, items, j)), default=0)
    runs_past = end == len(sentences) and (items[end - 1] is not None or sentences[end - 1].rstrip().endswith(":"))
    # a lead-in that names its count ("drie redenen …:") over items that each head a paragraph, one
    # passage each: the window ends in the first item's text, and the items it announced follow
    # (the answer read "three reasons" and gave one)
    headed = not runs_past and len(shown) < announced and all(item is None for item in items[end:])
    if headed and shown:
        # ... in place of the first item's text, which would part it from the items that follow
        last_item = max(i for i in range(start, end) if items[i] is not None)
        picked = [pick for pick in picked if pick[0] != best_passage or pick[1] <= last_item]
    if runs_past or headed:
        # the list the window shows runs on into the section's next passage: its items follow
        run_on = []
        numbered = {p.chunk.id: n for n, p in enumerate(sources)}  # a passage already retrieved keeps its number
        room = announced - len(shown) if headed else LIST_ITEMS - len(shown)
        for i, (source, sentence, item) in enumerate(list_run_on(retrieval.passages[best_passage], kb, room,
                                                                  headed=headed)):
            if source.chunk.id not in numbered:
                numbered[source.chunk.id] = len(sources)
                sources.append(source)
            run_on.append((numbered[source.chunk.id], i, sentence, item))
        at = max(n for n, item in enumerate(picked) if item[0] == best_passage) + 1
        picked[at:at] = run_on
        continuing = frozenset(range(at, at + len(run_on)))

    numbers: dict[int, int] = {}
    quotes: dict[int, list[str]] = {}
    text = ""
    previous_item: tuple[int, int | None] | None = None
    # whether each picked sentence runs on into the next: it then carries no note number; nor does
    # a list's lead-in or item that the list's next item follows (the quote keeps its "…" there)
    runs_on = [continues_run(picked[n:n + 2], sources[p_index].chunk.text) for n, (p_index, *_) in enumerate(picked)]
    cited_after = [on or continues_list(picked[n:n + 2], sources[p_index].chunk.text)
                   for n, ((p_index, *_), on) in enumerate(zip(picked, runs_on))]
    lone = lone_items(picked, continuing)
    in_note = {(p_index, sentence): note for p_index, notes in note_of.items()
               for sentence, note in zip(scored[p_index][0], notes) if note is not None}
    speakers = [quote_speaker(sources[p_index], sentence) for p_index, _, sentence, _ in picked]
    for n, (p_index, _s_index, sentence, item) in enumerate(picked):
        number = numbers.setdefault(p_index, len(numbers) + 1)
        opens_item = item is not None and (p_index, item) != previous_item and n not in lone
        # a numbered item keeps its number ("1. Succes: …"), which the lead-in may count, in the
        # answer and in the quote of its source
        item_mark = item_number(sources[p_index].chunk.text, item) if opens_item else None
        row = item is not None and is_table_row(sentence) and table_caption(sources[p_index]) is not None
        if row:
            sentence = table_row(sentence)  # "2019: 4"
        if n and runs_on[n - 1]:
            quotes[p_index][-1] += f" {sentence}"  # the source's quote, too, runs on without a "…"
        elif row and n and cited_after[n - 1]:
            # the rows go on from their title or the row before: one quote, a row after a "; "
            quotes[p_index][-1] += f"{'' if quotes[p_index][-1].endswith(':') else ';'} {sentence}"
        else:
            quotes.setdefault(p_index, []).append(f"{item_mark} {sentence}" if item_mark else sentence)
        # list items as a Markdown list, one per line; the text after a list starts a paragraph,
        # as does an item shown alone (a list of one read as a stray bullet)
        if n in lone and (p_index, item) != previous_item:
            separator = "\n\n" if text else ""
        elif opens_item:
            separator = f"\n{item_mark or '-'} " if text else f"{item_mark or '-'} "
        elif item is None and previous_item is not None:
            separator = "\n\n"
        else:
            separator = " " if text else ""
        if n == 0 or not cited_after[n - 1]:
            run_start = len(text) + len(separator)  # a run of sentences cited once starts here
            run_first = n
        text += f"{separator}{sentence}"
        if not cited_after[n]:
            run = balanced_quotes(text[run_start:])
            # a quote says whose it is, where the run does not: else it reads as the guidance's advice
            unnamed = [s for s in dict.fromkeys(speakers[run_first:n + 1]) if s and not names(run, s)]
            # a footnote's sentences say whose note they are: else they read as the running text
            marks = [*unnamed, *(message("footnote_mark", lang).format(number=note) for note in dict.fromkeys(
                in_note.get((p, said)) for p, _, said, _ in picked[run_first:n + 1]) if note is not None)]
            text = text[:run_start] + run + (f" ({'; '.join(marks)})" if marks else "") + f" [{number}]"
        previous_item = (p_index, item) if item is not None else None
    citations = [Citation(numbers[p], sources[p], " … ".join(balanced_quotes(q) for q in quotes[p])) for p in numbers]
    answer = Answer(retrieval.question, True, text, citations, retrieval.passages)
    if (kind := asked_fact(retrieval.question)) and not gives_fact(kind, text, retrieval.question):
        # the best passages hold the question's words but not the amount, name or date it asks
        # for ("Hoeveel tijd kost een marktconsultatie?"): the answer says so, plainly
        answer.notes.append(message(f"no_fact_{kind}", lang))
    return answer


def lone_items(picked: list[tuple[int, int, str, int | None]], run_on: frozenset[int] = frozenset()) -> set[int]:
    """Which picked sentences are of a list item shown alone: no other item of its list and no
    lead-in beside it. It is a paragraph, not a list of one ("- Overheden willen risico's en
    kosten van innovatie mijden [1]" opened an answer). An item of `run_on` (the picked items of a
    list that runs on from the passage before) goes on with the list."""
    lone: set[int] = set()
    n = 0
    while n < len(picked):
        p_index, s_index, _, item = picked[n]
        if item is None:
            n += 1
            continue
        end = n
        while end + 1 < len(picked) and picked[end + 1][0] == p_index and picked[end + 1][3] is not None:
            end += 1
        items = {picked[i][3] for i in range(n, end + 1)}
        before = picked[n - 1] if n else None
        led_in = before is not None and before[0] == p_index and before[1] == s_index - 1 \
            and before[2].rstrip().endswith(":") or n in run_on
        if len(items) == 1 and not led_in:
            lone.update(range(n, end + 1))
        n = end + 1
    return lone


def continues_run(pair: list[tuple[int, int, str, int | None]], text: str) -> bool:
    """Whether the second of two picked sentences follows the first in the same passage, whose
    `text` has them one after the other, in running text or within one list item (no item begins
    or ends between them): the run is cited once, after its last sentence, so the answer reads as the guidance
    wrote it, not with a note number between each two sentences. (A sentence left out between
    them, too short to quote or a footnote, breaks the run: its quote then shows the gap.)"""
    if not _next_in_passage(pair):
        return False
    (*_, first, item), (*_, second, next_item) = pair
    return item == next_item and f"{first} {second}" in " ".join(text.split())


def _next_in_passage(pair: list[tuple[int, int, str, int | None]]) -> bool:
    """Whether there are two picked sentences and the second is the next of the first's passage."""
    return len(pair) == 2 and pair[1][0] == pair[0][0] and pair[1][1] == pair[0][1] + 1


#: What may stand between a list's lead-in or item and its next item: line breaks, bullets, numbers.
_BETWEEN_ITEMS = re.compile(r"(?:[\s•·*\-–\d.)]|(?<=\d)[a-z]\.)*")


def item_number(text: str, item: int) -> str | None:
    """The number of the list item that opens line `item` of a passage's `text` ("1.", "2a."), or
    None for a bullet."""
    marker = ITEM_MARKER_RE.match(text.split("\n")[item].strip())
    return marker.group() if marker and marker.group() != "•" else None


def continues_list(pair: list[tuple[int, int, str, int | None]], text: str) -> bool:
    """Whether the second of two picked sentences is the next item of a list in the same passage
    and the first is the item before it or the sentence that leads into it ("… kunnen onder
    andere zijn:"), with nothing left out between them in `text`: the list is cited once, after
    its last item shown, not after every line."""
    if not _next_in_passage(pair):
        return False
    (*_, first, item), (*_, second, next_item) = pair
    if next_item is None or (item is None and not first.rstrip().endswith(":")):
        return False
    # an aside that points to a page was left out of the item ("Het intellectuele eigendom (zie
    # het oranje kader op de volgende pagina)"): the list goes on after it
    text = _PAGE_ASIDE.sub("", text)
    start = text.find(first)
    after = text.find(second, start + len(first)) if start >= 0 else -1
    return after >= 0 and _BETWEEN_ITEMS.fullmatch(text, start + len(first), after) is not None


def defining_passage(retrieval: Retrieval) -> int | None:
    """For a question how a term works ("Hoe werkt SBIR?"), the best-ranked of the
    first COMPARISON_PASSAGES passages whose running text says what it is ("De kern van SBIR is
    dat …"), by its place in the retrieval; None for other questions or when none does. The
    words of "Hoe werkt SBIR?" favour the passage that repeats the term most: its statistics.
    For a comparison, the passage that sets its sides against each other, else one that says
    what a side is (comparing_passage)."""
    if compared_subjects(retrieval.question):
        return comparing_passage(retrieval)
    subject = explained_subject(retrieval.question)
    if subject is None:
        return None
    pattern = definition_pattern(subject, english=looks_english(retrieval.question), spelled_out=False)
    return _first_passage_saying(retrieval, lambda sentence: defines(pattern, sentence))


def _first_passage_saying(retrieval: Retrieval, says: Callable[[str], bool]) -> int | None:
    """The best-ranked of the first COMPARISON_PASSAGES passages with a sentence of its running
    text that `says` and reads on its own; None when none has one."""
    return next((p_index for p_index, passage in enumerate(retrieval.passages[:COMPARISON_PASSAGES])
                 if any(says(s) and stands_alone(s) for s, _ in sentence_lines(passage, notes=False))), None)


def comparing_passage(retrieval: Retrieval) -> int | None:
    """For a comparison, the best-ranked of the first COMPARISON_PASSAGES passages with a
    sentence that sets its sides against each other (contrast_finder), else with one that says
    what a side is; None when none has either. The passage whose words match the question best is
    often a story that names both sides in passing (a wildfire project "via SBIR", then "het
    Innovatiepartnerschap"): it led the answer, the sides' definitions after it."""
    question = retrieval.question
    pattern = definition_pattern(compared_subjects(question), english=looks_english(question), spelled_out=False)
    found = _first_passage_saying(retrieval, contrast_finder(question))
    return found if found is not None else _first_passage_saying(retrieval, lambda sentence: defines(pattern, sentence))


def _from_other_passages(scored: dict[int, tuple[list[str], list[int | None], list[float]]],
                         valued: dict[int, list[float]], bonus: Callable[[str], float], home: int, best: float,
                         picked: list[tuple[int, int, str, int | None]],
                         note_of: dict[int, list[int | None]], *,
                         lists: bool = False) -> list[tuple[int, int, str, int | None]]:
    """From each other passage quoted from, its best sentence, when it matches nearly as well as
    the answer's core (OTHER_PASSAGE_SHARE), reads on its own, and says something new: the
    guidance repeats itself (a story's quote again in a summary chapter). The ranking often has
    the passage that answers second or third, after one that shares more of the question's words.
    A sentence that announces what follows comes with the sentence after it (_quote_close). With
    `lists` (the question asks for several things), a passage's list whose lead-in matches
    LIST_SHARE as well as its best sentence is quoted in that one's place, lead-in and items."""
    shown = {_said(sentence) for *_, sentence, _ in picked}
    # (its value, passage, first sentence's place, last one's, whether it is a list's lead-in and items)
    added: list[tuple[float, int, int, int, bool]] = []
    for p_index, (sentences, items, scores) in scored.items():
        if p_index == home:
            continue
        values = valued[p_index]
        # where a quote of each sentence that matches enough would open and close (the costly part)
        matching = [i for i in range(len(sentences)) if scores[i] >= OTHER_MIN_MATCH]
        opening = {i: _quote_opening(sentences, items, i) for i in matching}
        closing = {i: _quote_close(sentences, items, note_of[p_index], i) for i in matching}
        # a question the guidance asks ("Wat is de volwassenheid van de technologie?") answers
        # nothing, nor does an entry of a list of sources quoted alone ("Dialogic, 2017, …")
        fit = [i for i in matching if opening[i] is not None and closing[i] is not None
               and not is_reference_entry(sentences[i])
               and not any(_repeats(sentences[j], shown) for j in range(opening[i], closing[i] + 1))
               and not sentences[closing[i]].rstrip("”’\"') ").endswith("?")]
        if not fit:
            continue
        i = max(fit, key=lambda j: (values[j] + bonus(sentences[j]), -j))
        if values[i] >= best - (1 - OTHER_PASSAGE_SHARE) * abs(best):
            first, last, listed = opening[i], closing[i], False
            if lists and (intro := announced_list(sentences, items, scores, LIST_SHARE * scores[i])) is not None \
                    and _is_whole(f"{sentences[intro].rstrip()[:-1]}.") \
                    and not any(_repeats(sentences[j], shown) for j in range(intro, list_end(
                        sentences, items, intro, intro + 1))):
                first, last, listed = intro, list_end(sentences, items, intro, intro + 1) - 1, True
            added.append((values[i], p_index, first, last, listed))
            shown.update(_said(sentences[j]) for j in range(first, last + 1))
    # the best of them, a few sentences in all; one sentence from elsewhere is no list
    best_added = sorted(added, key=lambda item: (-item[0], item[1]))[:OTHER_SENTENCES]
    return [(p_index, j, scored[p_index][0][j], scored[p_index][1][j] if listed else None)
            for _, p_index, first, last, listed in sorted(best_added, key=lambda a: a[1])
            for j in range(first, last + 1)]


def _quote_opening(sentences: list[str], items: list[int | None], i: int) -> int | None:
    """Where a quote of sentence `i` cut from its passage opens: at `i` when it stands alone; at the
    sentence before, in its list item, when `i` names what that one said ("Een marktverkenning is
    een manier om dit te ontdekken." after "… wat de markt kan bieden.") and that one stands
    alone; None when neither reads on its own."""
    if stands_alone(sentences[i]):
        return i
    if i > 0 and items[i - 1] == items[i] and _is_whole(sentences[i]) and not leans_back(sentences[i]) \
            and stands_alone(sentences[i - 1]):
        return i - 1
    return None


def _quote_close(sentences: list[str], items: list[int | None], notes: list[int | None], i: int) -> int | None:
    """Where a quote of sentence `i` cut from its passage closes: at `i`; at the sentence after it,
    in its list item and footnote, when `i` announces what follows ("Het innovatiepartnerschap
    bestaat uit een aantal stappen.") and that one begins it, a whole sentence; None when it does
    not: the quote would end on what announces nothing it shows ("… een aantal stappen. [3]")."""
    if not announces(sentences[i]):
        return i
    after = i + 1
    if after < len(sentences) and items[after] == items[i] and notes[after] == notes[i] \
            and _is_whole(sentences[after]) and not announces(sentences[after]):
        return after
    return None


def sentence_closeness(question: str, passage: Passage, sentences: list[str], kb: SearchIndex) -> list[float]:
    """The dense model's similarity of the question to each sentence: that of the closest window
    of the passage (dense.passage_windows) the sentence is in; all 0 without the model. The
    windows were scored by the search: nothing is embedded again."""
    similarities = kb.window_closeness(question, passage.chunk)
    if not similarities:
        return [0.0] * len(sentences)
    windows = [f" {_said(window)} " for window in passage_windows(passage.chunk)][:len(similarities)]
    out = []
    for sentence in sentences:
        said = f" {' '.join(_said(sentence).split()[:SENTENCE_OPENING_WORDS])} "
        inside = [similarity for window, similarity in zip(windows, similarities) if said in window]
        out.append(max(inside) if inside else max(similarities))
    return out


def _other_sides(retrieval: Retrieval, shown: list[str]) -> list[tuple[int, int, str, None]]:
    """For a comparison, a sentence that defines each side the `shown` sentences leave undefined,
    from the best passage that has one: an answer to "Wat is het verschil tussen SBIR en een
    innovatiepartnerschap?" that says only what one of them is leaves the user to guess the other."""
    english = looks_english(retrieval.question)
    added: list[tuple[int, int, str, None]] = []
    for side in compared_subjects(retrieval.question):
        pattern = definition_pattern(side, english=english, spelled_out=False)
        if any(defines(pattern, sentence) for sentence in shown):
            continue
        found = next(((p_index, i, sentence, None)
                      for p_index, passage in enumerate(retrieval.passages[:COMPARISON_PASSAGES])
                      for i, sentence in enumerate(_sentences(passage))
                      if defines(pattern, sentence) and stands_alone(sentence)), None)
        if found is not None:
            added.append(found)
            shown = [*shown, found[2]]
    return added


def _said(sentence: str) -> str:
    """A sentence as words only, to tell the same sentence printed twice."""
    return " ".join(re.findall(r"\w+", sentence.casefold()))


def _repeats(sentence: str, shown: set[str]) -> bool:
    """Whether `sentence` says again what a shown sentence (as _said) says: the same words, or
    the one's words within the other's ("Bij X leerden ze dat: “Uit een review kwam …”" quotes
    the interview's "Uit een review kwam …")."""
    said = f" {_said(sentence)} "
    return any(f" {s} " in said or said in f" {s} " for s in shown if s)


def _lead_in(passage: Passage, kb: SearchIndex) -> tuple[Passage, str] | None:
    """The last sentence of the passage before `passage` in its section, with that passage, where
    it is a whole sentence of running text (no list item, no title); None otherwise."""
    before = kb.preceding(passage.chunk)
    if before is None:
        return None
    lines = sentence_lines(Passage(before, rank=passage.rank, score=passage.score), notes=False)
    if not lines or lines[-1][1] is not None or not lines[-1][0].rstrip().endswith(_COMPLETE_END):
        return None
    return Passage(before, rank=passage.rank, score=passage.score), lines[-1][0]


def list_run_on(passage: Passage, kb: SearchIndex, room: int, *,
                headed: bool = False) -> list[tuple[Passage, str, int]]:
    """The list items (up to `room` of them) that open the passages after `passage` in its
    section: where a list runs on past a passage's end, into one or more passages. Each as
    (its passage, sentence, item). With `headed`, each item heads a text of its own, which is
    left out: the items alone answer what the lead-in announced."""
    out: list[tuple[Passage, str, int]] = []
    chunk = passage.chunk
    while room > 0 and (chunk := kb.following(chunk)) is not None:
        run_on = Passage(chunk, rank=passage.rank, score=passage.score)
        seen: set[int] = set()
        lines = sentence_lines(run_on)
        for sentence, item in lines:
            if item is None and headed and seen:
                continue
            if item is None or (item not in seen and len(seen) >= room):
                return out
            seen.add(item)
            out.append((run_on, sentence, item))
        room -= len(seen)
        if not lines:
            break
    return out


#: The counts a list's lead-in announces ("drie redenen", "four steps").
_COUNTS = {"twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7, "acht": 8, "negen": 9, "tien": 10,
           "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_ANNOUNCED = re.compile(rf"\b({'|'.join(_COUNTS)}|[2-9])\s+[a-zà-ÿ]", re.I)

#: A question that asks for several things: "Wat zijn de …", "Welke (mogelijke) uitkomsten …",
#: "What are the …", "Which steps …", or a count before a plural ("drie uitkomsten", "three outcomes").
#: (Folded. A word before the plural that ends in "e" is an adjective, "ie" a noun: "welke
#: informatie kunnen …" asks for one thing.)
_ASKS_LIST = re.compile(r"\b(?:wat zijn (?:de|die)|what are the|"
                        r"welke (?:[a-z-]+(?<!i)e )?[a-z-]{2,}(?:en|s|’s|'s)|which [a-z-]{2,}(?<!s)s|"
                        # an English verb ends in s too ("Which procedure applies?"): a plural after a
                        # word is one where a verb follows it
                        r"which [a-z-]+ [a-z-]{2,}(?<!s)s (?:are|were|do|does|did|have|has|can|could|should|must|"
                        r"may|will|would|exist)|"
                        rf"(?:{'|'.join(_COUNTS)}|(?:de|the) [2-9])(?: [a-z-]+e)? [a-z-]{{2,}}(?:en|s|’s|'s))\b")


def announced_count(lead_in: str) -> int:
    """How many items a list's lead-in says it has ("… drie redenen voor organisaties …:" -> 3);
    0 where it names no count."""
    match = _ANNOUNCED.search(lead_in)
    return 0 if match is None else _COUNTS.get(match.group(1).lower(), 0) or int(match.group(1))


#: A whole sentence that only announces what follows it: it ends on a number of things of a kind
#: that is set out one by one ("Het innovatiepartnerschap bestaat uit een aantal stappen.", "Er
#: zijn drie mogelijkheden.", "… has several causes.") or on a pointer to what follows ("Dit gaat
#: als volgt.", "… de volgende stappen.", "… as follows."). A count after an article or a
#: demonstrative names things said before ("… de bestuurders van de vier partijen.").
_SET_OUT = (r"(?:stappen|fasen|fases|mogelijkheden|opties|manieren|wegen|routes|redenen|oorzaken|onderdelen|delen|"
            r"elementen|vormen|tussenvormen|soorten|typen|types|varianten|modellen|aspecten|punten|categorieën|"
            r"voorwaarden|kenmerken|principes|uitgangspunten|scenario’s|niveaus|rollen|lessen|voordelen|nadelen|"
            r"risico’s|steps|phases|stages|options|possibilities|ways|reasons|causes|parts|components|elements|"
            r"forms|kinds|variants|models|aspects|points|categories|conditions|features|principles|scenarios|"
            r"levels|roles|lessons|advantages|disadvantages|risks)")
_ANNOUNCES = re.compile(r"(?:(?<!\bde )(?<!\bhet )(?<!\bdeze )(?<!\bdie )(?<!\bthe )(?<!\bthese )(?<!\bthose )"
                        r"\b(?:een aantal|enkele|meerdere|verschillende|diverse|een paar|"
                        rf"a number of|several|various|multiple|a few|{'|'.join(_COUNTS)}|[2-9])"
                        rf"(?: [a-zà-ÿ-]+)? {_SET_OUT}"
                        rf"|\bals volgt(?: uit)?|\bas follows|\b(?:de|het) volgende(?: {_SET_OUT})?"
                        rf"|\bthe following(?: {_SET_OUT})?)[.!][\"”’)]*$", re.I)


def announces(sentence: str) -> bool:
    """Whether a sentence only announces what follows it (_ANNOUNCES): a quote that ends on it
    leaves out what it announces."""
    return bool(_ANNOUNCES.search(sentence.rstrip()))


def announced_end(sentences: list[str], items: list[int | None], start: int, end: int,
                  notes: list[int | None]) -> int:
    """Where a window [start, end) should end so that it does not end on a sentence that announces
    what follows it ("Het innovatiepartnerschap bestaat uit een aantal stappen."): after the
    sentence that follows it in its passage, list item and footnote (`notes`, as whole_window_start),
    which begins what it announces; where none does, before it (a lone sentence stays). One that
    introduces a list ends the window: list_end adds the items."""
    while end < len(sentences) and announces(sentences[end - 1]) and items[end] == items[end - 1] \
            and notes[end] == notes[end - 1]:
        end += 1
    while end - 1 > start and announces(sentences[end - 1]) and not introduces_list(sentences, items, end - 1):
        end -= 1
    return end


_NUMBER = r"(?:\d+|één|een|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|twaalf|honderd|duizend|miljoen)"
_CUES: list[tuple[re.Pattern[str], re.Pattern[str]]] = [
    # how many / how long / how far ahead: a number, often with a unit
    (re.compile(r"\b(hoeveel|hoe (lang|ver|vaak|groot|veel)|how (many|much|long|far|often)|welk jaar|which year)\b", re.I),
     re.compile(rf"\b{_NUMBER}\b|%|€", re.I)),
    # which N things / what phases: an enumeration
    (re.compile(rf"\b(welke|which|what)\s+{_NUMBER}?\s*(\w+\s+)?(fases|fasen|stappen|punten|aspecten|redenen|"
                rf"voorbeelden|onderdelen|phases|steps|points|aspects|reasons|examples)\b", re.I),
     re.compile(r":|\b(eerst|vervolgens|ten slotte|first|then)\b|,.*,", re.I)),
    # what it depends on: what determines it
    (re.compile(r"\b(waarvan hangt|hangt\b.*\baf|afhankelijk|wat bepaalt|waardoor wordt .* bepaald|depends? on|"
                r"what determines)\b", re.I),
     re.compile(r"\b(bepaald|bepaalt|afhankelijk|hangt af|afhangt|aan de hand van|depends|determined)\b", re.I)),
    # why: a reason
    (re.compile(r"\b(waarom|why|om welke reden|reden)\b", re.I),
     re.compile(r"\b(omdat|doordat|daarom|want|zodat|reden|vanwege|because|since)\b", re.I)),
    # what is / what is meant by: a definition
    (re.compile(r"\b(wat (is|zijn|houdt|betekent|bedoelt|wordt (verstaan|bedoeld))|what (is|are|does|do)|"
                r"verstaan onder|meant by|mean by)\b", re.I),
     re.compile(r"\b(is|zijn|betekent|houdt in|staat voor|verwijst naar|wordt verstaan)\b\s+(een|de|het|dat|a|an|the)\b",
                re.I)),
    # when / at what moment: a moment
    (re.compile(r"\b(wanneer|op welk moment|when|at what (point|stage|moment))\b", re.I),
     re.compile(r"\b(bij de start|start|begin|vooraf|voordat|nadat|tijdens|aan het einde|moment|fase)\b", re.I)),
]


def answer_cue(question: str) -> re.Pattern[str] | None:
    """What an answer sentence to this kind of question tends to contain."""
    for asks, answer_shape in _CUES:
        if asks.search(question):
            return answer_shape
    return None


_MARKER_RE = re.compile(r"\[(\d{1,2})\]")


def citation_numbers(text: str) -> list[int]:
    return [int(n) for n in _MARKER_RE.findall(text)]
