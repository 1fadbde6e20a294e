"""Turn text extracted from PDFs into clean paragraphs with section headings.

Extraction debris handled here (see corpus/SOURCES.md for the documents):
- words broken across lines, with a hyphen ("aanbeste-" / "den") and without ("bestrij" / "den");
- paragraphs and bullets broken over blank lines (double-spaced boxes);
- page numbers, running headers, link-annotation URL lines, U+FFFD and private-use glyphs, NBSP;
- footnote numbers glued to words ("miljoen17", "201618") or to a quotation ("vraagt.’26"), and
  the footnotes themselves, which the PDF prints mid-text at the foot of each page: a footnote
  with content of its own moves to the end of its section as "Voetnoot N: …", a bare reference
  ("Zie Van Dijk (2015).") is dropped;
- headings: ALL-CAPS titles, numbered section titles and short title lines become section
  metadata; in a ten-step plan ("STAP N: ...") or another document that opens each chapter on
  a page of its own, a chapter title that the PDF put after or inside the chapter's first page
  is moved back to the start of that page.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Container, Iterable
from dataclasses import dataclass, field, replace
from itertools import groupby, takewhile

from assistant.knowledge.text import stopwords
from assistant.knowledge.types import SECTION_SEPARATOR

# a dash glued to a word is no bullet: "onderzoeksmethoden en" / "–instrumenten combineren"
BULLET_RE = re.compile(r"^(?:[•▪■●◦*]|[\-–—](?=\s)|\d{1,2}[a-z]?[.)](?=\s))\s*")
#: A numbered list item's own marker ("1.", "2)", "2a."): its number, letter and all
_ITEM_NUMBER_RE = re.compile(r"^(\d{1,2}[a-z]?)[.)]")
CHAPTER_NUMBER_RE = re.compile(r"^\d{1,2}\.\s+(?=\S)")
URL_RE = re.compile(r"(?:https?://|www\.|mailto:)\S*", re.IGNORECASE)
URL_FRAGMENT_RE = re.compile(r"^[\w.\-%?=&#~+]*/[\w.\-/%?=&#~+]*$")
PAGE_NUMBER_RE = re.compile(r"^\d{1,4}$")
#: A piece of a web address: small letters, digits and the signs addresses use, with one of them
_ADDRESS_PIECE_RE = re.compile(r"[a-z0-9%?=&#~+_]*[\-./_][a-z0-9\-./%?=&#~+_]*")
STEP_HEADING_RE = re.compile(r"^STAP\s+(\d{1,2})\s*:\s*(.*)$")
NUMBERED_HEADING_RE = re.compile(r"^\d{1,2}(?:\.\d{1,2})+\.?\s+[A-ZÀ-Ý]")
TERMINAL = tuple(".!?:;”\"’)»")
#: A line this long was wrapped by the page's width, not ended by the writer.
FULL_WIDTH = 50
#: A compound broken at a line end is mended only from parts at least this long.
MIN_COMPOUND_PART = 4
#: In a narrow column a wrapped line is at least this share of the line above it.
WRAPPED_SHARE = 0.8
#: A footnote's leftovers: a web address, or a note number between a source and the next note
#: ("Commission (europa.eu) 34 Europese Commissie, 2021, …").
_NOTE_LIKE = re.compile(r"https?://|www\.|\(\w+\.(?:eu|nl|com|org)\)|[a-z)]\s+\d{1,3}\s+[A-Z]")
YEAR_FOOTNOTE_RE = re.compile(r"\b((?:19|20)\d{2})(\d{1,2})\b")
WORD_FOOTNOTE_RE = re.compile(r"(?<!\w)([A-Za-zÀ-ÿ]*[a-zà-ÿ]{2,})(\d{1,2})(?=[\s,.;:)]|$)")
# after an upper-case word or an apostrophe too: "FIWARE.27 Dit", "programma’s,43 en", "(KIC).37"
PUNCT_FOOTNOTE_RE = re.compile(r"([A-Za-zÀ-ÿ’)]{2}[.,;:])(\d{1,2})(?=\s|$)")
#: An acronym with a note number glued on ("Evaluatie SBIR23", "DEDA34 ontwikkeld"). Names end
#: in numbers too ("PSD2", "COVID19"), so it is a marker only when the number has two digits, the
#: document has that footnote, and either writes the acronym bare in its running text
#: (acronyms_in) or that footnote names it ("34 Zie dataschool.nl/deda.").
ACRONYM_FOOTNOTE_RE = re.compile(r"\b([A-Z]{3,})(\d{2})(?=[\s,.;:)]|$)")
BRACKET_FOOTNOTE_RE = re.compile(r"([A-Za-zÀ-ÿ]{2}\))(\d{1,2})(?=[\s,.;:]|$)")  # "(… tot aan opschaling)10 en"
#: After a quotation that ends its sentence, behind the closing quotation mark ("… om politieke
#: keuzes vraagt.’26 Het gebrek …").
QUOTE_FOOTNOTE_RE = re.compile(r"([A-Za-zÀ-ÿ)]{2}[.!?][’”'\"])(\d{1,2})(?=\s|$)")
#: A note number set apart by a space before the sentence's punctuation ("… van een
#: marktconsultatie 42. Door …"), after a word that does not count things ("bij Stap 3.", "pagina
#: 6.", "ongeveer 10.").
_COUNTS = ("stap|stappen|step|steps|fase|fasen|phase|pagina|page|hoofdstuk|chapter|paragraaf|tabel|table|figuur|"
           "figure|afbeelding|bijlage|annex|artikel|article|niveau|level|versie|version|nummer|number|punt|ronde|"
           "deel|part|categorie|groep|sprint|week|weken|weeks|dagen|days|jaar|jaren|years|maand|maanden|months|uur|"
           "uren|hours|minuten|procent|percent|ongeveer|circa|about|around|maximaal|minimaal|hooguit|totaal|total|"
           "bijna|nearly|ruim|slechts|only|zeker|meer|minder|more|less|over|under|boven|onder")
SPACED_FOOTNOTE_RE = re.compile(rf"(?<![\w-])((?!(?:{_COUNTS})\b)[a-zà-ÿ]{{4,}}) (\d{{1,2}})(?=[.,;:](?:\s|$))")
WORD_RE = re.compile(r"[A-Za-zÀ-ÿ]+")
_WORD_OR_LINE_END_RE = re.compile(r"[A-Za-zÀ-ÿ]+|\n")
#: The characters outside WORD_RE that lower-case into it ("K", the kelvin sign, to "k"): a
#: text without them can be lower-cased before its words are found (tested)
_LOWERING_INTO_WORDS = "\u0130\u0178\u1e9e\u212a\u212b"
_DIGIT_RE = re.compile(r"\d")
FOOTNOTE_RE = re.compile(r"^(\d{1,2}) (?=\S)")
TABBED_NOTE_RE = re.compile(r"^\d{1,2}\t")
#: Footnotes run the full page width; body text is set in narrower columns.
WIDE_LINE = 90
#: Fewer numbered lines than this in sequence are more likely a list than footnotes.
MIN_FOOTNOTES = 3
#: A footnote shorter than this, or one that only points elsewhere ("Zie …"), is a reference.
MIN_FOOTNOTE_WORDS = 12
TRAILING_REFERENCE_RE = re.compile(r"(?<=[.!?])\s+Zie(?: ook)?:?(?:\s+\S+)?\s*$")
#: Words a sentence cannot end on: a line that stops on one runs on, even over a blank line.
#: (Particles such as "in", "op", "door" can end a Dutch sentence: "… vult u in".)
MID_SENTENCE_WORDS = frozenset({
    "de", "het", "een", "van", "bij", "met", "voor", "naar", "tot", "om", "te", "en", "of", "als",
    "zoals", "tussen", "zonder", "binnen", "tegen", "onder", "the", "and", "to", "for", "with",
})


#: A figure's label on a line of its own: "TIP 3"
FIGURE_LABEL_RE = re.compile(r"([^\W\d_]{2,12}) (\d{1,2})")


def _ends_mid_sentence(text: str) -> bool:
    """Whether a line stops on a word no sentence ends on ("… Octrooicentrum Nederland van")."""
    return text.rsplit(" ", 1)[-1] in MID_SENTENCE_WORDS


# A hyphen before these words marks a shared-suffix ellipsis ("inkoop- en implementatiefase").
ELLIPSIS_WORDS = {"en", "of", "tot", "and", "or", "to", "noch"}


@dataclass(slots=True)
class Block:
    """A heading or a paragraph in reading order."""

    kind: str  # "heading" | "paragraph" | "bullet"
    text: str
    line: int  # 1-based line number where it starts in the source
    level: int = 2  # headings: 1 = top (chapter, step), 2 = sub (box, table title)
    step: int | None = None  # for "STAP N" headings
    #: a list item's mark as written in the passage: "•", or its number ("1.", "2a."), which the
    #: guidance's text refers to ("de volgende drie mogelijke uitkomsten:") and its quotes hold
    marker: str = "•"


@dataclass(slots=True)
class Section:
    heading: str
    step: int | None
    paragraphs: list[str] = field(default_factory=list)
    line: int = 0
    resumed: bool = False  # goes on after a table in the section of that name: its heading is not written again


@dataclass(slots=True)
class CleanDocument:
    doc: str
    title: str
    source: str
    sections: list[Section]

    @property
    def text(self) -> str:
        parts = []
        for section in self.sections:
            if section.heading:
                parts.append(section.heading)
            parts.extend(section.paragraphs)
        return "\n\n".join(parts)


# --------------------------------------------------------------------------- characters
def normalise_characters(text: str) -> str:
    """NFC; narrow and non-breaking spaces as spaces; control, format, private-use characters,
    soft hyphens and the replacement character dropped. Decided once per distinct character (a
    library has millions of characters, a few hundred distinct ones)."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # replaced one by one: a few distinct characters change, and str.translate looks up every
    # character of the text (2 s of counting a 42 MB library's words); no replacement makes
    # another character to replace
    for ch in set(text):
        if (out := _normal_char(ch)) != ch:
            text = text.replace(ch, out)
    return text


def _normal_char(ch: str) -> str:
    code = ord(ch)
    if ch in "\n\t":
        return ch
    if ch in "\u00a0\u2007\u202f\u2009\u200a":
        return " "
    if ch == "\ufffd" or 0xE000 <= code <= 0xF8FF or ch in "\u200b\u200c\u200d\ufeff\u00ad":
        return ""
    if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co"):
        return ""
    return ch


#: A sentence that ends on a bracket and runs into the next without a space: "(IPS).Verder".
_GLUED_SENTENCE_RE = re.compile(r"(?<=\w\))\.(?=[A-Z][a-z])")


def mend_glued_sentences(text: str) -> str:
    return _GLUED_SENTENCE_RE.sub(". ", text) if ")." in text else text


@dataclass(frozen=True, slots=True)
class Debris:
    """Which debris of a PDF's extraction a document can hold: only that is cleaned away. A
    number is a figure of the writer's unless the document proves otherwise."""

    pages: bool  # page numbers and running headers on lines of their own
    footnotes: bool  # footnotes printed mid-text ("12 Zie …"), their numbers glued to words ("miljoen17")
    #: every number glued to a word is a footnote's, also where its footnote is not recognised:
    #: only for text that was checked by hand (the shipped guidance)
    unproven_markers: bool = False


#: A PDF extracted here: a number glued to a word goes only when the document has that footnote.
PDF_TEXT = Debris(pages=True, footnotes=True)
#: A user's plain text: perhaps copied from a PDF, footnotes and all, but no page furniture assumed.
PLAIN_TEXT = Debris(pages=False, footnotes=True)
#: Markdown and Word: no printed pages, no footnotes in the text; nothing of the kind is removed.
MARKUP = Debris(pages=False, footnotes=False)
#: The shipped guidance (corpus/), PDF extractions checked by hand: some of its footnotes are not
#: recognised as such (001's only one, "1<tab> SBIR …"; 003's "1. <tab>Art. 106 …"), their
#: markers ("SBIR-aanpak1", "Mededelingen2") go all the same.
REVIEWED_PDF_TEXT = Debris(pages=True, footnotes=True, unproven_markers=True)


def strip_footnote_markers(text: str, notes: Container[int] | None = None) -> str:
    """`text` without the footnote numbers glued to its words ("miljoen17", "201618") or to a
    quotation's closing mark ("vraagt.’26"), or set apart before a sentence's end
    ("marktconsultatie 42."): those of the document's `notes` only; a number glued on that is no
    footnote's stays as written ("200000 euro", "parkeersensoren3"). None: every one goes
    (REVIEWED_PDF_TEXT)."""
    # every marker is digits: most lines have none, and with no notes nothing goes (a library's
    # lines pass here twice, four patterns each)
    if (notes is not None and not notes) or not _DIGIT_RE.search(text):
        return text

    def strip(match: re.Match[str]) -> str:
        return match.group(1) if notes is None or int(match.group(2)) in notes else match.group(0)

    for pattern in (YEAR_FOOTNOTE_RE, PUNCT_FOOTNOTE_RE, QUOTE_FOOTNOTE_RE, BRACKET_FOOTNOTE_RE, WORD_FOOTNOTE_RE,
                    SPACED_FOOTNOTE_RE):
        text = pattern.sub(strip, text)
    return text


def _is_url_line(line: str) -> bool:
    s = line.strip()
    if not s:
        return False
    if URL_RE.match(s) and (" " not in s or URL_RE.sub("", s).strip() == ""):
        return True
    # pieces of a URL broken over lines: "fase-1-voorbereiden/mogelijke-procedures/"
    return " " not in s and bool(URL_FRAGMENT_RE.match(s)) and ("/" in s) and len(s) > 6


def _caps_ratio(line: str) -> float:
    """The share of upper-case letters among the line's letters (0 for fewer than four).
    Counted by deleting characters (str.translate) rather than one by one in Python: every
    line of a library is asked this several times."""
    if line.isascii():
        letters = line.encode("ascii").translate(None, _ASCII_NOT_LETTERS)
        upper = len(letters.translate(None, _ASCII_LOWER))
    else:
        _classify_characters(line)
        letters = line.translate(_NOT_LETTERS)
        upper = len(letters.translate(_NOT_UPPER))
    if len(letters) < 4:
        return 0.0
    return upper / len(letters)


_ASCII_LETTERS = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_ASCII_NOT_LETTERS = bytes(b for b in range(128) if b not in _ASCII_LETTERS)
_ASCII_LOWER = b"abcdefghijklmnopqrstuvwxyz"
#: str.translate tables that delete the characters seen so far that are no letters / no
#: upper-case letters (a library has a few hundred distinct characters)
_NOT_LETTERS: dict[int, None] = {}
_NOT_UPPER: dict[int, None] = {}
_CLASSIFIED: set[str] = set()


def _classify_characters(text: str) -> None:
    for char in set(text) - _CLASSIFIED:
        if not char.isalpha():
            _NOT_LETTERS[ord(char)] = None
        if not char.isupper():
            _NOT_UPPER[ord(char)] = None
        _CLASSIFIED.add(char)


def _is_caps_heading(line: str) -> bool:
    s = line.strip()
    # a chapter number before it is no list item: "1. OVER INNOVATIEGERICHT INKOPEN"
    chapter = CHAPTER_NUMBER_RE.match(s)
    body = s[chapter.end():] if chapter else s
    return 4 <= len(body) <= 90 and _caps_ratio(body) >= 0.9 and (chapter is not None or not BULLET_RE.match(s)) \
        and not s.startswith("“")


def _only_acronyms(heading: str, acronyms: set[str]) -> bool:
    """Whether every word of `heading` is an acronym the document writes in its running text."""
    words = re.findall(r"\w+", heading)
    return bool(words) and all(word in acronyms for word in words)


def acronyms_in(text: str) -> set[str]:
    """Upper-case words used in running text (SBIR, TCO, IFV): they stay upper case in headings."""
    found: set[str] = set()
    for line in text.split("\n"):
        if _caps_ratio(line) < 0.5:
            found.update(re.findall(r"\b[A-Z][A-Z0-9]{1,6}\b", line))
    return found


#: A capitalised word after a small letter, a digit or a comma: not a sentence's first word
_MID_SENTENCE_CAPITAL_RE = re.compile(r"(?<=[a-zà-ÿ0-9,] )[A-ZÀ-Ý][a-zà-ÿ]+\b")


def names_in(text: str) -> set[str]:
    """Words the running text writes capitalised mid-sentence, more than once, and never in small
    letters ("Almere", "Rivierenland"): a caps title that is recased keeps their capital. Once
    is a name's part in a byline ("Innovation Studies"), not the word's spelling."""
    capitalised: Counter[str] = Counter()
    small: set[str] = set()
    for line in text.split("\n"):
        if _caps_ratio(line) < 0.5:
            capitalised.update(_MID_SENTENCE_CAPITAL_RE.findall(line))
            small.update(re.findall(r"\b[a-zà-ÿ]+\b", line))
    return {word for word, count in capitalised.items() if count >= MIN_NAME_USES and word.lower() not in small}


#: How often the running text writes a word capitalised mid-sentence for it to be a name
MIN_NAME_USES = 2


def sentence_case(heading: str, acronyms: set[str] = frozenset(), names: set[str] = frozenset()) -> str:
    """'STAP 3: BESCHRIJF DE MINIMALE EISEN' -> 'Stap 3: Beschrijf de minimale eisen'; a word of
    `names` keeps its capital ('ZO KAN ALMERE …' -> 'Zo kan Almere …')."""
    if _caps_ratio(heading) < 0.9:
        return heading
    out = []
    capitalise = True
    for original in heading.split():
        word = original.lower()
        core = re.sub(r"[^\w]", "", original)
        if core and core in acronyms:
            out.append(original)
        elif core[:1] + core[1:].lower() in names:
            out.append(word[:1].upper() + word[1:])
        elif "-" in original and any(re.sub(r"[^\w]", "", p) in acronyms for p in original.split("-")):
            # "SBIR-TRAJECTEN" -> "SBIR-trajecten"
            parts = [p if re.sub(r"[^\w]", "", p) in acronyms else p.lower() for p in original.split("-")]
            out.append("-".join(parts))
        elif capitalise:
            out.append(word[:1].upper() + word[1:])
        else:
            out.append(word)
        capitalise = word.endswith((":", ".", "?"))
    return " ".join(out)


# --------------------------------------------------------------------------- lines
@dataclass(slots=True)
class _Line:
    text: str  # stripped
    number: int
    page_start: bool  # PDF page break (the extractor starts a page with one space)
    blank_before: bool = False
    hanging: bool = False  # starts with a tab: the hanging indent of a footnote's later lines
    tabbed: bool = False  # "1<tab> …": a number and a tab, as the PDF sets a footnote
    #: a note number ended it ("sociale zorg21" / "en dergelijke"): its last word is whole, not
    #: the head of a word broken at the line end ("zorg" + "en" read as "zorgen")
    noted_end: bool = False


def _running_headers(lines: list[str]) -> set[str]:
    """Short lines that recur (digits ignored) are page headers or footers."""
    keys = Counter()
    for line in lines:
        s = line.strip()
        if 3 <= len(s) <= 70:
            keys[_EDGE_DIGITS_RE.sub("", s).strip().lower()] += 1
    return {k for k, n in keys.items() if n >= 3 and not BULLET_RE.match(k)
            and sum(1 for w in k.split() if w.isalpha()) >= 2}


#: A link's address is looked for in at most this many lines before it: a page's worth, also in
#: text without page breaks (.md, .docx).
LINK_LOOKBACK = 80
#: Words of a web address that say nothing about what it links to.
_ADDRESS_WORDS = frozenset({"https", "http", "www", "html", "htm", "index", "default", "files", "sites", "pdf",
                            "docx", "page", "nl", "com", "org", "eu"})


def _address_words(url: str) -> list[str]:
    """The words of a web address's last path segment ("…/inkopen-van-ict/vendor-lock-in" ->
    "vendor", "lock"): what its link text is about."""
    segments = [p for p in re.sub(r"^(?:https?://|www\.)", "", url, flags=re.I).split("/") if p]
    if len(segments) < 2:
        return []
    words = re.split(r"[-_.%?=&@+]+", segments[-1].lower())
    return [w for w in words if len(w) >= 4 and w not in _ADDRESS_WORDS and not w.isdigit()]


def _ends_its_item(lines: list[_Line], at: int) -> bool:
    """Whether line `at` is a whole list item: what follows starts another block, not the rest
    of the item's sentence ("• Geef aandacht aan innovatiegericht inkopen ‘in" / "de hele …")."""
    text = lines[at].text
    if text.rsplit(" ", 1)[-1].lower().strip("‘’'\"“") in MID_SENTENCE_WORDS or text.endswith(("‘", "“", ",")):
        return False
    if at + 1 == len(lines):
        return True
    nxt = lines[at + 1]
    return (nxt.blank_before or nxt.page_start or bool(BULLET_RE.match(nxt.text))) and not nxt.text[:1].islower()


def _link_text_for(url: str, lines: list[_Line]) -> int | None:
    """Which list item of the page (`lines`) a link annotation printed at the page's foot
    belongs to: the one item that names most of the address's words, at least two of them
    (or its only one). None when no item does, or two do equally."""
    words = _address_words(url)
    if not words:
        return None
    need = min(2, len(words))
    scored = []
    for at, ln in enumerate(lines):
        if not BULLET_RE.match(ln.text) or _is_caps_heading(ln.text) or url in ln.text or not _ends_its_item(lines, at):
            continue
        text = ln.text.lower()
        hits = sum(1 for w in words if w in text or (len(w) > 6 and w[:-2] in text))
        if hits >= need:
            scored.append((hits, at))
    scored.sort(reverse=True)
    if not scored or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return None
    return scored[0][1]


_SPACES_RE = re.compile(r"[ \t]+")
#: A running header's key: its text without a page number before or after it.
_EDGE_DIGITS_RE = re.compile(r"^\d+|\d+$")
#: A running header or footer that ends in its page number
_PAGE_FOOTER_RE = re.compile(r"\D \d{1,4}$")
#: A line of only these is a rule or a row of dots, not text.
_RULE_CHARS = frozenset("»>•-–·. ")


def _significant_lines(raw: str, debris: Debris, notes: Container[int] | None) -> list[_Line]:
    """The lines worth reading, without page furniture (if `debris` has pages) and without the
    markers of the footnotes `notes` (strip_footnote_markers)."""
    raw_lines = raw.split("\n")
    headers = _running_headers(raw_lines) if debris.pages else set()
    seen_headers: set[str] = set()
    out: list[_Line] = []
    page_begins = 0  # where in `out` the current page begins
    blank = True
    address_goes_on = False  # the line before was an address broken after a "/"
    page_turned = False  # a running header with its page number was dropped: a page begins after it
    for number, line in enumerate(raw_lines, start=1):
        page_start = line.startswith(" ") and not line.startswith("  ") and bool(line.strip())
        # runs of spaces and tabs as one space (only where there is such a run: most lines have none)
        s = (_SPACES_RE.sub(" ", line) if "\t" in line or "  " in line else line).strip()
        if not s:
            blank, address_goes_on = True, False
            continue
        if address_goes_on and _ADDRESS_PIECE_RE.fullmatch(s):
            # an address's last piece, without a "/" of its own: "…/mogelijke-procedures/" /
            # "europese-specifieke-procedures" had ended a passage (a title such as
            # "Samenwerking" after an address is no piece of it)
            address_goes_on = _is_url_line(s) and s.endswith("/")
            continue
        address_goes_on = False
        if _is_url_line(s):
            address_goes_on = s.endswith("/")
            # the PDF lists its links' addresses at the foot of the page: one goes with the
            # list item whose words it names ("• Meer informatie over vendor lock-in")
            url = s.split()[0]
            since = max(page_begins, len(out) - LINK_LOOKBACK)
            at = _link_text_for(url, out[since:]) if URL_RE.match(url) and not url.startswith("mailto") else None
            if at is not None:
                item = out[since + at]
                out[since + at] = replace(item, text=f"{item.text} ({url})")
            continue
        if debris.pages and PAGE_NUMBER_RE.match(s):
            continue
        if headers and _PAGE_FOOTER_RE.search(s) and _EDGE_DIGITS_RE.sub("", s).strip().lower() in headers:
            page_turned = True  # "Innovatiepartnerschap in praktijk 19": the foot of a page
            continue
        page_start, page_turned = page_start or page_turned, False
        if page_start:
            page_begins = len(out)
        if s.startswith("Bron: http") or s.startswith("Bron:http"):
            continue
        if headers and (key := _EDGE_DIGITS_RE.sub("", s).strip().lower()) in headers:
            # keep the first occurrence when it is a real heading; later ones are page furniture
            if key in seen_headers or not _is_caps_heading(s):
                seen_headers.add(key)
                continue
            seen_headers.add(key)
        if not s or set(s) <= _RULE_CHARS:
            continue
        unmarked = strip_footnote_markers(s, notes)
        noted_end = s[-1:].isdigit() and not unmarked[-1:].isdigit()
        out.append(_Line(mend_glued_sentences(unmarked), number, page_start, blank,
                         line.startswith("\t"), bool(TABBED_NOTE_RE.match(line)), noted_end))
        blank = False
    return _without_figure_labels(out)


def _without_figure_labels(lines: list[_Line]) -> list[_Line]:
    """`lines` less runs of a figure's labels ("TIP 1", "TIP 3", "TIP 4", "TIP 2"): two or more
    lines in a row that are one word and a number each, the same word. Out of their figure they
    say nothing, and together they had become the heading "TIP 1: TIP 3: TIP 4: TIP 2"."""
    def label_word(line: _Line) -> str | None:
        label = FIGURE_LABEL_RE.fullmatch(line.text)
        return label.group(1) if label else None

    kept: list[_Line] = []
    for word, run in groupby(lines, key=label_word):
        run = list(run)
        if word is None or len(run) < 2:
            kept.extend(run)
    return kept


#: A document sets each chapter on a page of its own when at least this many of its caps titles
#: open a page ...
MIN_PAGE_TITLES = 3
#: ... and this many times as many as do not (a cover's or a box's caps line)
PAGE_TITLES_SHARE = 2


def _chapter_titles(lines: list[_Line]) -> list[_Line]:
    """The first lines of the document's caps titles that open a chapter, if the document sets
    each chapter on a page of its own ("STAP N:" headings in a ten-step plan); else none."""
    steps = [ln for ln in lines if STEP_HEADING_RE.match(ln.text) and _is_caps_heading(ln.text)]
    if len(steps) >= 3:
        return steps
    caps = [_is_caps_heading(ln.text) for ln in lines]
    # a title's first line: its later lines follow it without a gap
    titles = [ln for at, ln in enumerate(lines) if caps[at] and not ln.text.endswith(":")
              and (at == 0 or ln.blank_before or ln.page_start or not caps[at - 1])]
    opening = sum(1 for ln in titles if ln.page_start)
    if opening < MIN_PAGE_TITLES or opening < PAGE_TITLES_SHARE * (len(titles) - opening):
        return []
    return titles


def _relocate_chapter_titles(lines: list[_Line]) -> list[_Line]:
    """Move each chapter's title ('STAP N:' in a ten-step plan) to the first line of the page
    its chapter starts on, in a document that sets each chapter on a page of its own.

    The PDF lays a chapter's title over its page, so text extraction often emits it after the
    chapter's opening paragraphs (or inside a sentence): a story's introduction was cited to the
    story before it. The chapter starts at the latest page break after the previous top-level
    heading.
    """
    headings = _chapter_titles(lines)
    if not headings:
        return lines
    lines = list(lines)
    floor = -1  # last line of the previous top-level heading: a chapter never starts before it
    for heading in headings:
        idx = next(i for i, ln in enumerate(lines) if ln is heading)
        end = idx
        while end + 1 < len(lines) and _is_caps_heading(lines[end + 1].text) \
                and not STEP_HEADING_RE.match(lines[end + 1].text) and not lines[end + 1].text.endswith(":"):
            end += 1
        target = idx
        if not heading.page_start:
            for j in range(idx - 1, floor, -1):
                if _is_caps_heading(lines[j].text) and not lines[j].text.endswith(":"):
                    break
                if lines[j].page_start:
                    # under its own caps line ("… VERWEZENLIJKT GROENE DROOM:") it opens the page
                    if not all(_is_caps_heading(ln.text) for ln in lines[j:idx]):
                        target = j
                    break
        if target != idx:
            moved = lines[idx:end + 1]
            del lines[idx:end + 1]
            if idx < len(lines):
                # what the title interrupted goes on; what it set apart stays apart
                follower = lines[idx]
                apart = follower.page_start and lines[idx - 1].text.endswith(TERMINAL)
                lines[idx] = _Line(follower.text, follower.number, follower.page_start, apart)
            moved[0] = _Line(moved[0].text, moved[0].number, True, True)
            lines[target:target] = moved
        floor = target + (end - idx)
    return lines


def _separate_footnotes(lines: list[_Line]) -> tuple[list[_Line], list[tuple[int, list[_Line]]]]:
    """Split the footnotes off the body text.

    A footnote starts a line with the next number in the document's sequence (1, 2, 3, …)
    after a break, and runs on over indented or full-width lines and hyphenated breaks. Left
    in place they would interrupt a paragraph and be quoted as if they answered a question.
    """
    body: list[_Line] = []
    notes: list[tuple[int, list[_Line]]] = []
    expected = 1
    in_note = False
    for at, ln in enumerate(lines):
        m = FOOTNOTE_RE.match(ln.text)
        if m and int(m.group(1)) == expected and (ln.blank_before or ln.page_start or in_note):
            notes.append((expected, [ln]))
            expected += 1
            in_note = True
            continue
        if in_note and not ln.page_start:
            last = notes[-1][1][-1].text
            if ln.blank_before:
                # after a gap only a line finishing the sentence still belongs to it: a full-width
                # one, or one set apart on both sides after a full-width line that stopped
                # mid-sentence ("… Programme: Interconnected Innovation" / "" / "Ecosystems
                # (2022.2) (HORIZON-…)" / "": it was the title over the text after it), or with
                # the next note under it ("… Link: DocsRoom - European" / "" / "Commission
                # (europa.eu)" / "34 …": the notes after it were read as text)
                after = lines[at + 1] if at + 1 < len(lines) else None
                numbered = FOOTNOTE_RE.match(after.text) if after is not None else None
                next_note = numbered is not None and int(numbered.group(1)) == expected
                stands_alone = after is None or after.blank_before or after.page_start or next_note
                goes_on = ln.hanging or (not last.endswith(TERMINAL) and (
                    len(ln.text) >= WIDE_LINE or (len(last) >= WIDE_LINE and stands_alone)))
            else:
                # a note the PDF set with a tab runs on until a gap or a new page
                goes_on = (ln.hanging or last.endswith("-") or max(len(last), len(ln.text)) >= WIDE_LINE
                           or notes[-1][1][0].tabbed)
            if goes_on:
                notes[-1][1].append(ln)
                continue
        in_note = False
        body.append(ln)
    # fewer notes than that may be numbered lines of the text, unless the PDF set each as a
    # note, its number followed by a tab (the report's one note on SBIR)
    if len(notes) < MIN_FOOTNOTES and not (notes and all(first.tabbed for _, (first, *_) in notes)):
        return lines, []
    return body, notes


def _without_acronym_markers(lines: list[_Line], notes: dict[int, str], acronyms: set[str]) -> list[_Line]:
    """`lines` with the note numbers glued to acronyms removed (ACRONYM_FOOTNOTE_RE), for the
    document's `notes` (number -> the footnote's text) and the acronyms it writes bare."""
    def strip(match: re.Match[str]) -> str:
        acronym, number = match.group(1), int(match.group(2))
        marker = number in notes and (acronym in acronyms or acronym.casefold() in notes[number].casefold())
        return acronym if marker else match.group(0)

    out = []
    for ln in lines:
        text = ACRONYM_FOOTNOTE_RE.sub(strip, ln.text)
        out.append(ln if text == ln.text else replace(ln, text=text))
    return out


# --------------------------------------------------------------------------- joining
def _join(left: str, right: str, vocabulary: CorpusWords | None, *, whole_end: bool = False) -> str:
    """Join two wrapped lines, repairing a word broken at the line end (not where `whole_end`:
    a note number ended the left one, after a whole word)."""
    if left.endswith("-") and not left.endswith(" -") and len(left) > 1:
        first = right.split(" ", 1)[0]
        stem = re.split(r"[-\s/]", left[:-1])[-1]
        if vocabulary is not None and stem.isupper() and first.isupper() \
                and vocabulary[(stem + first.rstrip(",.;:)")).lower()] >= 1:
            return f"{left[:-1]}{right}"  # a word broken in a caps heading: "AANGEKON-" + "DIGD DOOR"
        if "-" in first and first.split("-", 1)[0].lower() in ELLIPSIS_WORDS:
            return f"{left}{right}"  # a hyphenated phrase: "kant-" + "en-klare" ("kanten-klare")
        if first.lower().strip(",.;:") in ELLIPSIS_WORDS or not first[:1].islower():
            return f"{left} {right}" if first[:1].islower() or first.lower() in ELLIPSIS_WORDS else f"{left}{right}"
        if stem[-1:].isupper() or stem[-1:].isdigit():
            return f"{left}{right}"  # "SBIR-" + "trajecten"
        if len(stem) <= 2:
            # a short piece keeps its hyphen ("as-" + "a-Service", "co-" + "creatie") unless the
            # corpus writes the whole word elsewhere: "ge-" + "meente", "on-" + "derzoek"
            whole = (stem + first.rstrip(",.;:)’”")).lower()
            if vocabulary is None or vocabulary[whole] < 2:
                return f"{left}{right}"
        return f"{left[:-1]}{right}"
    if re.search(r"\w/$", left) and right[:1].isalnum():
        return f"{left}{right}"  # a number or pair broken after its slash: "richtlijn 2014/24/" + "EU"
    if vocabulary is not None and not whole_end:
        last = left.rsplit(" ", 1)[-1].lstrip("(‘“'\"")  # "een ‘bias’ (vooringe" / "nomenheid)"
        first = right.split(" ", 1)[0]
        core = re.sub(r"['’]s$", "", first.rstrip(",.;:)’”"))  # "twee aanbe" / "stedingsprogramma's"
        # small letters, or a caps title's ("INNOVEREN MET DE ONDER" / "HANDELINGSPROCEDURE")
        capitals = last.isupper() and core.isupper()
        if last.isalpha() and core.isalpha() and (last[-1:].islower() and core[:1].islower() or capitals):
            merged = (last + core).lower()
            fragment = min(vocabulary[last.lower()], vocabulary[core.lower()]) <= 2
            never_apart = vocabulary[f"{last.lower()} {core.lower()}"] <= 1
            if vocabulary[merged] >= 1 and never_apart and (fragment or vocabulary[merged] >= 2):
                return f"{left}{right}"
            if never_apart and vocabulary[merged] == 0 and fragment \
                    and (last[:1].islower() or capitals) and vocabulary.broken_word(last.lower(), core.lower()):
                return f"{left}{right}"
    return f"{left} {right}"


def _fills_its_column(lines: list[_Line], at: int) -> bool:
    """Whether line `at` runs to the edge of its column, as a wrapped line does: full width, or
    (in a narrow column) about as long as the line above it in the same paragraph. A short last
    line ("Dit zegt de directeur van") ends a paragraph or a byline instead."""
    line = lines[at]
    if len(line.text) >= FULL_WIDTH:
        return True
    above = lines[at - 1] if at > 0 and not line.blank_before else None
    return above is not None and len(line.text) >= WRAPPED_SHARE * len(above.text)


def _starts_like_continuation(text: str) -> bool:
    first = text[:1]
    return first.islower() or first.isdigit() or first in "(‘'"


def _opens_like_title(text: str) -> bool:
    """Capitalised, and neither a list item nor a quotation."""
    return text[:1].isupper() and not BULLET_RE.match(text) and not text.startswith(("“", "‘", '"', "'"))


def _is_title_line(lines: list[_Line], at: int, prev_text: str | None) -> bool:
    line, nxt = lines[at], lines[at + 1] if at + 1 < len(lines) else None
    s = line.text
    words = s.split()
    if not (1 <= len(words) <= 8 and len(s) <= 70):
        return False
    if not _opens_like_title(s):
        return False
    if s.endswith((".", ",", ";", ":", "-", "”", "’", '"', "!")):
        return False  # "Veel leesplezier!" closes a text, over its authors' names
    if _ends_mid_sentence(s):
        return False  # a wrapped sentence's line ("Onderstaande personen zijn deelnemers aan de")
    if prev_text is not None and not (line.blank_before or line.page_start):
        return False  # a line glued to the text before it continues that text
    if prev_text is not None and _ends_mid_sentence(prev_text):
        return False  # … and so does one after "… het Octrooicentrum Nederland van" / "" / "RVO via …"
    if nxt is None or not (nxt.text[:1].isupper() or nxt.text[:1] in "•“‘\"" or BULLET_RE.match(nxt.text)):
        return False
    if _numbers_on(s, nxt.text):
        return False  # an item of a numbered run ("Stap 4: Bepalen criteria" / "Stap 5: …"), a figure's list
    # a heading is followed by more text than itself, not by another short line; a question
    # over a paragraph is one however that paragraph's first line was wrapped ("Hoe ziet het
    # innovatiepartnerschap eruit?" / "In een innovatiepartnerschap start de" / …), and no
    # heading when a list answers it ("Wat legt een basis voor vertrouwen?" / "• …")
    asks = s.endswith("?") and not BULLET_RE.match(nxt.text)
    if nxt.blank_before or _opens_with_function_word(nxt.text):
        # no sentence runs on into a capitalised "Op", "De", "Het": the line above it ended
        # unpunctuated, as a title does ("Gebruik van innovatiepartnerschap in Nederland" / "Op
        # basis van …", however long the paragraph's first line was wrapped)
        return True
    return len(s) < len(nxt.text) + asks * sum(
        len(ln.text) for ln in takewhile(lambda ln: not ln.blank_before and not ln.page_start, lines[at + 2:at + 4]))


def _is_titled_item(line: _Line, nxt: _Line | None) -> bool:
    """A list item that is a title, its text glued under it: "3. Risico’s delen en efficiënter
    innoveren" / "De eerste publiek-private samenwerkingen …". A short line without an end,
    where a sentence could not have stopped, over a sentence's opening ("De eerste", not a
    name's "Engineering by Design") is no wrapped sentence."""
    s = line.text
    if nxt is None or nxt.blank_before or nxt.page_start or len(s) >= FULL_WIDTH:
        return False
    if s.endswith(TERMINAL + (",", "-")) or _ends_mid_sentence(s):
        return False
    return _opens_with_function_word(nxt.text)


def _opens_with_function_word(text: str) -> bool:
    """Whether `text` opens a sentence with a capitalised function word ("Op basis van …"); not
    a name's particle ("Van Kessel", "De Verkeersonderneming"): a capital follows that."""
    first, _, rest = text.partition(" ")
    return first[:1].isupper() and first[1:].islower() and first.lower() in stopwords() and rest[:1].islower()


#: A line's label: a word and a number ("Stap 4: Bepalen criteria", "Fase 2 …")
_NUMBERED_LABEL_RE = re.compile(r"([^\W\d_]+) (\d{1,2})\b")


def _numbers_on(line: str, nxt: str) -> bool:
    """Whether `nxt` goes on counting where `line` is: the same word, the next number."""
    here, there = _NUMBERED_LABEL_RE.match(line), _NUMBERED_LABEL_RE.match(nxt)
    return here is not None and there is not None and here.group(1).lower() == there.group(1).lower() \
        and int(there.group(2)) == int(here.group(2)) + 1


def _is_two_line_title(line: _Line, nxt: _Line | None, after: _Line | None) -> bool:
    """A title wrapped over two lines with the text glued under it: "Demografische krimp vraagt
    om nieuwe" / "oplossingen" / "De gemeente …". The short second line without punctuation,
    followed at once by a capitalised line, is where a sentence could not have ended."""
    if nxt is None or after is None or not (line.blank_before or line.page_start):
        return False
    s, tail = line.text, nxt.text
    if not _opens_like_title(s):
        return False
    if s.endswith(TERMINAL + (",", "-")) or tail.endswith(TERMINAL + (",", "-")):
        return False
    if nxt.blank_before or not tail[:1].islower() or len(tail) > 0.6 * len(s):
        return False
    # ... or by a list: "Vooraf enkele tips en randvoorwaarden bij innovatie" / "met digitale
    # technologie" / "• Zorg voor voldoende draagvlak …" (its tips were cited to the section before)
    if after.blank_before or not (after.text[:1].isupper() or BULLET_RE.match(after.text)):
        return False
    joined = f"{s} {tail}"
    return len(joined.split()) <= 10 and len(joined) <= 80


def _is_wrapped_title(line: _Line, nxt: _Line | None, after: _Line | None, *, opens: bool) -> bool:
    """A title or byline wrapped where no line can end, set apart below and opening a block
    (after a gap, or under a title): "Wouter Welling, ministerie van" / "Binnenlandse Zaken en
    Koninkrijksrelaties" / "". Its first line alone is no title (see `_is_title_line`)."""
    if nxt is None or nxt.blank_before or nxt.page_start or not (opens or line.blank_before or line.page_start):
        return False
    if not (_opens_like_title(line.text) and _ends_mid_sentence(line.text)):
        return False
    if nxt.text.endswith(TERMINAL + (",", "-")) or _ends_mid_sentence(nxt.text) or BULLET_RE.match(nxt.text):
        return False
    if after is not None and not (after.blank_before or after.page_start):
        return False
    joined = f"{line.text} {nxt.text}"
    return len(joined.split()) <= WRAPPED_TITLE_WORDS and len(joined) <= WRAPPED_TITLE_CHARS


#: The longest title `_is_wrapped_title` takes, in words and characters.
WRAPPED_TITLE_WORDS = 12
WRAPPED_TITLE_CHARS = 90


def _closes_a_quote(text: str) -> bool:
    """Whether a paragraph is a quote that has ended ("“Er moet … in de coalitie.”"): a line that
    opens the next page after it starts a paragraph of its own, such as the next story's
    introduction."""
    return text.startswith("“") and text.endswith("”") and text.count("“") == text.count("”")


#: A title printed at the top of a page over two or three short lines ("Bouwen" / "aan vertrouwen").
PAGE_TITLE_LINES = 3
PAGE_TITLE_LINE_WORDS = 5
PAGE_TITLE_LINE_CHARS = 40


def _page_title_lines(lines: list[_Line], at: int) -> int:
    """How many lines make the title that opens a page at `at` ("Bouwen" / "aan vertrouwen",
    "Tips van ervaringsexperts" / "uit 12 succesvolle" / "collaboratieve innovaties"): short
    lines without an end, the later ones going on in small letters, and a blank line after
    them (or a new column); 0 if none does. One such line alone may be anything (a figure's label)."""
    def short(text: str) -> bool:
        return len(text) <= PAGE_TITLE_LINE_CHARS and len(text.split()) <= PAGE_TITLE_LINE_WORDS \
            and not text.endswith(TERMINAL + (",", "-", "…"))

    first = lines[at]
    if not (first.page_start and _opens_like_title(first.text) and short(first.text)):
        return 0
    end = at + 1
    while end < len(lines) and end - at < PAGE_TITLE_LINES and not lines[end].blank_before \
            and lines[end].text[:1].islower() and short(lines[end].text):
        end += 1
    # what follows is set apart: a blank line, or a new column or page ("Verhalen van" /
    # "collaboratieve" / "innovatie" / " Samenwerking en innovatie faciliteren, …")
    if end - at < 2 or (end < len(lines) and not lines[end].blank_before and not lines[end].page_start):
        return 0
    return end - at


def _footnoted_lines(raw: str, debris: Debris) -> tuple[list[_Line], list[tuple[int, list[_Line]]]]:
    """The document's lines in reading order and its footnotes, separated from them; a number
    glued to a word is removed as a marker only when a footnote has that number."""
    if not debris.footnotes:
        return _relocate_chapter_titles(_significant_lines(raw, debris, frozenset())), []
    notes: Container[int] | None = None
    if not debris.unproven_markers:
        # which footnotes the document has, read with every number as written
        first = _separate_footnotes(_relocate_chapter_titles(_significant_lines(raw, debris, frozenset())))
        notes = frozenset(number for number, _ in first[1])
        if not notes:  # no marker to strip: read again, the lines would be these
            return first
    return _separate_footnotes(_relocate_chapter_titles(_significant_lines(raw, debris, notes)))


def blocks_from_text(raw: str, vocabulary: CorpusWords | None = None, debris: Debris = PDF_TEXT) -> list[Block]:
    raw = normalise_characters(raw)
    acronyms, names = acronyms_in(raw), names_in(raw)
    lines, footnotes = _footnoted_lines(raw, debris)
    if footnotes:
        notes = {number: " ".join(ln.text for ln in note) for number, note in footnotes}
        lines = _without_acronym_markers(lines, notes, acronyms)
    blocks: list[Block] = []
    current: Block | None = None

    def flush() -> None:
        nonlocal current
        if current is not None and current.text.strip():
            blocks.append(current)
        current = None

    i = 0
    while i < len(lines):
        ln = lines[i]
        s = ln.text
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        prev_text = current.text if current is not None else None
        step_match = STEP_HEADING_RE.match(s)
        if _is_caps_heading(s) and not (current is not None and not ln.blank_before
                                         and not current.text.endswith(TERMINAL) and current.kind != "heading"
                                         and not step_match and (len(s) < 4 or len(s.split()) <= 2)):
            flush()
            text = s
            # consecutive caps lines form one heading ("STAP 5: UITWERKEN VAN MOGELIJKE" / "UITKOMSTEN …")
            # … but the next of a numbered run opens its own ("BIJLAGE 1. …" / "BIJLAGE 2. …"), and
            # so does one after a gap or a page break (the cover's title over "VOORWOORD", a page's
            # header "MANAGEMENTSAMENVATTING" over "INLEIDING")
            while i + 1 < len(lines) and _is_caps_heading(lines[i + 1].text) \
                    and not (lines[i + 1].blank_before or lines[i + 1].page_start) \
                    and not STEP_HEADING_RE.match(lines[i + 1].text) and not text.endswith((":", "?")) \
                    and not _numbers_on(text, lines[i + 1].text):
                i += 1
                text = _join(text, lines[i].text, vocabulary)
            m = STEP_HEADING_RE.match(text)
            # a title of acronyms only ("SBIR") is upper case because its words are, not in the
            # style of the document's chapter titles: a sub-title beside its siblings ("SBIR" /
            # "Innovatiepartnerschap"), not a chapter over them
            level = 1 if (m or not text.endswith(":")) and not _only_acronyms(text, acronyms) else 2
            blocks.append(Block("heading", sentence_case(text, acronyms, names), ln.number, level, int(m.group(1)) if m else None))
            i += 1
            continue
        title_lines = _page_title_lines(lines, i)
        if title_lines:
            flush()
            text = s
            for follow in lines[i + 1:i + title_lines]:
                text = _join(text, follow.text, vocabulary)
            blocks.append(Block("heading", text, ln.number, 2))
            i += title_lines
            continue
        if _is_wrapped_title(ln, nxt, lines[i + 2] if i + 2 < len(lines) else None, opens=current is None):
            flush()
            blocks.append(Block("heading", _join(s, nxt.text, vocabulary), ln.number, 2))
            i += 2
            continue
        if _is_two_line_title(ln, nxt, lines[i + 2] if i + 2 < len(lines) else None):
            flush()
            blocks.append(Block("heading", _join(s, nxt.text, vocabulary), ln.number, 2))
            i += 2
            continue
        if (NUMBERED_HEADING_RE.match(s) and len(s) <= 80 and not s.endswith((".", ","))) or \
                _is_title_line(lines, i, prev_text):
            flush()
            blocks.append(Block("heading", s, ln.number, 1 if NUMBERED_HEADING_RE.match(s) else 2))
            i += 1
            continue
        bullet = BULLET_RE.match(s)
        # a number and a bracket that close the bracket the line above opened are no item's
        # marker: "… de toekomstige uitkomsten (uit Stap" / "5) handige informatie …"
        closes_bracket = bullet is not None and s[:bullet.end()].rstrip().endswith(")") and not ln.blank_before \
            and current is not None and current.text.count("(") > current.text.count(")")
        if bullet and len(s) > bullet.end() and not closes_bracket:
            flush()
            number = _ITEM_NUMBER_RE.match(s)
            current = Block("bullet", s[bullet.end():].strip(), ln.number,
                            marker=f"{number.group(1)}." if number else "•")
            if _is_titled_item(ln, nxt):
                flush()  # the sentence under it opens a paragraph of its own
            i += 1
            continue
        if current is not None and current.kind == "paragraph" and is_table_row(current.text) and is_table_row(s):
            # a table's row after a row ("2018 3" / "2019 4") is a row of its own: run together,
            # the numbers read as one and no longer say which goes with which
            flush()
            current = Block("paragraph", s, ln.number)
        elif current is not None and (
            (not ln.blank_before and not (ln.page_start and _closes_a_quote(current.text)))
            or (not current.text.endswith(TERMINAL) and _starts_like_continuation(s))
            # a bracket ends a line, not a sentence, when a small letter goes on after it
            # ("… Octrooicentrum Nederland (RVO)" / "" / "kan hen hierbij ondersteunen.")
            or (current.text.endswith(")") and not current.text[:-1].endswith(tuple(".!?")) and s[:1].islower())
            or current.text.endswith("-")
            # a full-width line without an end runs on, over a blank line, also into a name
            # ("… kan het Bureau ICT" / "" / "Toetsing (BIT) een toets uitvoeren."); a capital
            # function word ("Het", "Met") opens a sentence or a table row instead
            or (current.kind == "paragraph" and not current.text.endswith(TERMINAL + (",",))
                and len(lines[i - 1].text) >= FULL_WIDTH and s[:1].isupper()
                and s.split(" ", 1)[0].lower() not in stopwords()
                and not _NOTE_LIKE.search(s) and not _NOTE_LIKE.search(lines[i - 1].text))
            # a wrapped line (a list item too) that stops on "bij", "van", "de" stopped
            # mid-sentence, whatever follows ("… zie de uitleg hierover bij" / "" / "Stap 2.")
            or (_ends_mid_sentence(current.text) and _fills_its_column(lines, i - 1))
        ):
            current.text = _join(current.text, s, vocabulary, whole_end=lines[i - 1].noted_end)
        else:
            flush()
            current = Block("paragraph", s, ln.number)
        i += 1
    flush()
    return _place_footnotes(_lists_under_titles(blocks), footnotes, vocabulary)


#: A table's row as a line of text: a short label and a number that ends it ("2019 4", "Totaal
#: 12,5%"), no sentence in it
TABLE_ROW_RE = re.compile(r"^(?P<label>[^\s.!?:;](?:[^.!?:;]{0,40}[^\s.!?:;])?)\s+"
                          r"(?P<value>[€$]?\s?\d(?:[\d.,]*\d)?\s?%?)$")
#: ... of this many words at most, label and number together: a wrapped sentence's line that
#: happens to end on a number ("Het aantal trajecten nam toe in 2019") has more
TABLE_ROW_WORDS = 4


#: Words that open a line ending in a number without being a table's row: a reference to a step,
#: an article, a page, a chapter ("Stap 3", "zie artikel 2.115", "Aanbestedingswet 2012" is a name)
_NOT_A_ROW_LABEL = frozenset("stap step artikel article art lid zie see pagina page hoofdstuk chapter paragraaf "
                             "bijlage annex".split())


def is_table_row(line: str) -> bool:
    """A table's row printed on a line of its own: a short label and a number ("2019 4"); no
    caption ("Tabel 2.3", "Figuur 2.1") nor a reference ("Stap 3", "zie artikel 2.115")."""
    if len(line.split()) > TABLE_ROW_WORDS or TABLE_ROW_RE.match(line) is None or CAPTION_RE.match(line):
        return False
    first = line.split()[0].casefold().rstrip(".")
    return first not in _NOT_A_ROW_LABEL


#: A list printed one entry to a line (a name, a function, an organisation), set apart by gaps and
#: with no sentence in it, has at least this many entries ...
MIN_LIST_ENTRIES = 4
#: ... each at most this long (two lines of a table's row)
LIST_ENTRY_CHARS = 120
#: Where a sentence ends: a stop, perhaps inside quotes or brackets ("(PIO)" ends none)
_ENDS_SENTENCE_RE = re.compile(r"[.!?:;…][”’\"')]*$")


def _is_list_entry(block: Block) -> bool:
    return (block.kind == "paragraph" or (block.kind == "heading" and block.level == 2)) \
        and len(block.text) <= LIST_ENTRY_CHARS and not block.text.endswith(",") \
        and not _ENDS_SENTENCE_RE.search(block.text)


def _lists_under_titles(blocks: list[Block]) -> list[Block]:
    """`blocks` with a list printed right under a top title as that title's text: short lines
    without a sentence, one entry each (a working group's members: name, function and
    organisation to a row). Read one by one, an organisation wrapped onto a line of its own had
    become the title over the next member.
    (Under a figure's title, short lines may be its caption: they stay as they were.)"""
    out = list(blocks)
    for at, block in enumerate(blocks):
        if block.kind != "heading" or block.level != 1:
            continue
        end = at + 1
        while end < len(blocks) and _is_list_entry(blocks[end]) and not (
                # a title over sentences ends the list
                blocks[end].kind == "heading" and end + 1 < len(blocks)
                and bool(_ENDS_SENTENCE_RE.search(blocks[end + 1].text))):
            end += 1
        entries = range(at + 1, end)
        if len(entries) >= MIN_LIST_ENTRIES and any(blocks[n].kind == "heading" for n in entries):
            for n in entries:
                out[n] = replace(blocks[n], kind="paragraph", level=2)
    return out


#: How a footnote's text opens once it is moved to the end of its section ("Voetnoot 13: …").
FOOTNOTE_LABEL = "Voetnoot"


def _place_footnotes(blocks: list[Block], footnotes: list[tuple[int, list[_Line]]],
                     vocabulary: CorpusWords | None) -> list[Block]:
    """Put each footnote with content at the end of the section it was printed in."""
    for number, note_lines in footnotes:
        text = note_lines[0].text
        for ln in note_lines[1:]:
            text = _join(text, ln.text, vocabulary)
        text = URL_RE.sub("", FOOTNOTE_RE.sub("", text, count=1)).strip()
        text = TRAILING_REFERENCE_RE.sub("", text)
        if len(text.split()) < MIN_FOOTNOTE_WORDS or text.startswith(("Zie ", "Zie:")):
            continue
        where = note_lines[0].number
        index = next((i for i, b in enumerate(blocks) if b.line > where and b.kind == "heading"), len(blocks))
        blocks.insert(index, Block("paragraph", f"{FOOTNOTE_LABEL} {number}: {text}", where))
    return blocks


class CorpusWords(Counter):
    """How often the corpus writes each word and word pair (lower case), and, when a word list
    is given, which words are words of the language: together they tell a word broken at a line
    end without a hyphen from two words."""

    def __init__(self, counts: Iterable[str] = (), language_words: Callable[[str], bool] | None = None) -> None:
        super().__init__(counts)
        self.language_words = language_words

    def _known(self, word: str) -> bool:
        return self[word] >= 2 or bool(self.language_words and self.language_words(word))

    def broken_word(self, head: str, tail: str) -> bool:
        """Whether `head` and `tail`, whole words written nowhere else in the corpus, are the
        halves of one word of the language: "bestrij" + "den", or of a compound of known words
        broken elsewhere than between its parts: "duurzaamheidsstan" + "daarden"."""
        if self.language_words is None:
            return False
        strange = [not self._known(part) for part in (head, tail)]
        if not any(strange):
            return False
        whole = head + tail
        if self.language_words(whole):
            return True
        # a compound from a known word and a piece: only a word of its own, not "te", "en"
        # ("onderzoeksaanpak" / "te" is no "onderzoeksaanpakte")
        known = [part for part, odd in zip((head, tail), strange) if not odd]
        sure = all(len(part) > MIN_COMPOUND_PART and part not in stopwords() for part in known)
        return sure and any(
            self._known(whole[i:]) and (self._known(whole[:i]) or (whole[i - 1] == "s" and self._known(whole[:i - 1])))
            for i in range(MIN_COMPOUND_PART, len(whole) - MIN_COMPOUND_PART + 1))


def word_counts(texts: list[str], language_words: Callable[[str], bool] | None = None) -> CorpusWords:
    """Vocabulary of whole words and word pairs, used to repair hyphen-less line breaks;
    `language_words` says whether a word is Dutch or English."""
    counts = CorpusWords(language_words=language_words)
    for raw in texts:
        # a document searched once, its line ends among its words: what holds one is left out below
        tokens = _words_and_line_ends(normalise_characters(raw))
        counts.update(tokens)
        counts.update(map(" ".join, zip(tokens, tokens[1:])))
    for key in [key for key in counts if "\n" in key]:
        del counts[key]
    return counts


def _words_and_line_ends(text: str) -> list[str]:
    """The words of `text` (WORD_RE) in lower case and its line ends ("\n"), in order. Each
    letter WORD_RE matches lowers to one letter it matches (tested), so the whole text can be
    lowered first unless it holds a character that lowers into a word."""
    if any(ch in text for ch in _LOWERING_INTO_WORDS):
        return [token.lower() for token in _WORD_OR_LINE_END_RE.findall(text)]
    return _WORD_OR_LINE_END_RE.findall(text.lower())


#: The Dutch particles between the capitalised parts of a person's name ("Kees van der Klauw"), in
#: the order the name patterns try them (chunk, answer.extractive): an order change changes their matches.
DUTCH_NAME_PARTICLES = ("van", "de", "der", "den", "ten", "ter", "het")
#: Words between the capitalised parts of a Dutch (or other) person's name: "Kees van der Klauw".
NAME_PARTICLES = frozenset({*DUTCH_NAME_PARTICLES, "te", "von", "zu", "la", "le", "du",
                            "da", "di", "del", "'t", "’t", "en"})
_NAME_WORD_RE = re.compile(r"^[A-ZÀ-Ý][\wÀ-ÿ’'-]*$")
#: Where an interview opens: its quote, within the first characters of the text under the speaker.
QUOTE_OPENING_CHARS = 60
#: The longest affiliation line read as the speaker's organisation ("The Green Village").
AFFILIATION_MAX_CHARS = 60
#: The shortest word of a speaker's name looked for in a story's introduction.
MIN_NAME_WORD = 4


def _person_name(text: str) -> str | None:
    """The name if `text` is one or two persons' names ("Irene Duyn", "Kees van der Klauw",
    "Diederik van Leeuwen en Lex Leoné"), or a name and an affiliation ("Rutger van Zuidam,
    Odyssey"): the name, else None."""
    name = text.split(",", 1)[0].strip()
    words = name.split()
    if not 2 <= len(words) <= 8 or not (_NAME_WORD_RE.match(words[0]) and _NAME_WORD_RE.match(words[-1])):
        return None
    if not all(_NAME_WORD_RE.match(w) or w in NAME_PARTICLES for w in words):
        return None
    return name


#: The most words of a story's title printed as a line of its own between two interviews.
STORY_TITLE_MAX_WORDS = 10
#: A title run on after the closing quote of the paragraph before it: "… inzetten.” Canvas …".
_TITLE_AFTER_QUOTE_RE = re.compile(r"”\s+([A-Z][^.!?“”:;,]{3,80})$")


def _is_story_title(block: Block, nxt: Block | None) -> bool:
    """A line between interviews that is a story's title, not part of what was said: short,
    capitalised, no quote and no full stop ("Het blijft mensenwerk"); or a heading with no
    quote under it (an interview's own headings open what is said: "Governance" / "“De …")."""
    text = block.text
    if block.kind == "heading":
        return block.level == 2 and nxt is not None and nxt.kind == "paragraph" and not nxt.text.startswith("“")
    return block.kind == "paragraph" and len(text.split()) <= STORY_TITLE_MAX_WORDS and len(text) <= 80 \
        and text[:1].isupper() and "“" not in text and not text.endswith(TERMINAL + (",", ";", ":"))


def _speaker(blocks: list[Block], i: int, running: str) -> tuple[list[Block], int] | None:
    """If an interview opens at blocks[i]: the blocks that replace its opening (the speaker as a
    top heading, then what follows) and where to go on; else None."""
    block = blocks[i]
    name = _person_name(block.text) if block.kind == "heading" and block.level == 2 else None
    if name is None or name not in running:
        return None
    parts, j = [block.text], i + 1
    # the affiliation: headings stacked under the name, or a short line before the quote
    while j < len(blocks) and blocks[j].kind == "heading" and blocks[j].level == 2 and len(parts) < 3:
        parts.append(blocks[j].text)
        j += 1
    sub: Block | None = None
    if len(parts) == 3 and not _person_name(parts[2]) and not parts[1].endswith(("van", "voor", "bij")):
        sub = blocks[j - 1]  # "Irene Duyn" / "Cumulus Park" / "Onderwerpen van samenwerking"
        parts.pop()
    opening = blocks[j] if j < len(blocks) else None
    if opening is None or opening.kind != "paragraph":
        return None
    quote_at = opening.text.find("“")
    rest: Block | None = opening
    if len(parts) == 1 and 0 < quote_at <= AFFILIATION_MAX_CHARS:
        parts.append(opening.text[:quote_at].strip())  # "The Green Village “We kunnen …"
        rest = Block("paragraph", opening.text[quote_at:], opening.line)
    elif len(parts) == 1 and quote_at < 0 and len(opening.text) <= AFFILIATION_MAX_CHARS \
            and not opening.text.endswith(TERMINAL) and j + 1 < len(blocks):
        parts.append(opening.text)  # "New Trust Foundation / Ministerie van BZK UBR"
        rest = None
        quote_at = blocks[j + 1].text.find("“") if blocks[j + 1].kind == "paragraph" else -1
    if not 0 <= quote_at <= QUOTE_OPENING_CHARS:
        return None
    speaker = ", ".join(part.rstrip(",") for part in parts)
    speaker = re.sub(r"\s+van,\s+", " van ", speaker)  # "ministerie van" / "Binnenlandse Zaken …"
    replaced = [Block("heading", speaker, block.line, 1)]
    replaced += [b for b in (sub, rest) if b is not None]
    return replaced, j + 1


def _story_introduction(out: list[Block], speaker: str, moved: set[int]) -> Block | None:
    """The paragraph that ends `out` if it introduces the story of `speaker`, printed before the
    story's title ("… Saskia Noordewier, manager van het Innovation Team bij The Hague Security
    Delta, vertelt hoe ze dat klaarspelen." / "Alles begint bij energie" / "Saskia Noordewier"):
    not a quote, it names the speaker. One already `moved` stays where it was put."""
    last = out[-1] if out else None
    if last is None or last.kind != "paragraph" or last.text.startswith("“") or id(last) in moved:
        return None
    names = [w for w in WORD_RE.findall(speaker.split(",", 1)[0]) if len(w) >= MIN_NAME_WORD and w[0].isupper()]
    return last if any(re.search(rf"\b{re.escape(w)}\b", last.text) for w in names) else None


def mark_interviews(blocks: list[Block]) -> list[Block]:
    """An interview opens under its speaker: a name printed as a heading ("Saskia Noordewier"),
    perhaps an affiliation under it ("The Hague Security Delta"), then the quote ("“The Hague
    Security Delta is …"). That speaker becomes a top heading ("Saskia Noordewier, The Hague
    Security Delta"), so that the interview's own headings ("Governance") say whose they are.
    Only a name the document also writes in its running text counts ("…, zegt Kees van der
    Klauw"): a product or place printed the same way is not introduced like that. Between two
    interviews a story's title becomes a top heading too: the interview before it ends there,
    also when the next one's speaker is not printed as a heading."""
    running = " ".join(b.text for b in blocks if b.kind != "heading")
    out: list[Block] = []
    moved: set[int] = set()  # the stories' introductions put under their titles
    interviews = False  # from the first speaker to the next chapter
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if block.kind == "heading" and block.level == 1:
            interviews = False
        tail = _TITLE_AFTER_QUOTE_RE.search(block.text) if interviews and block.kind == "paragraph" else None
        if tail is not None and len(tail.group(1).split()) <= STORY_TITLE_MAX_WORDS:
            # a title printed at the top of the next page, read as the end of the quote before it
            # ("… gewoon op inzetten.” Canvas collaboratieve innovatie")
            out.append(replace(block, text=block.text[:tail.start(1)].rstrip()))
            out.append(Block("heading", tail.group(1), block.line, 1))
            i += 1
            continue
        opened = _speaker(blocks, i, running)
        if opened is not None:
            replaced, i = opened
            out.extend(replaced)
            interviews = True
            continue
        if interviews and _is_story_title(block, blocks[i + 1] if i + 1 < len(blocks) else None):
            # the next story's title ("Samenwerken op basis van vertrouwen" / "Sadik …")
            # and the story's introduction printed before its title goes under it
            speaker = next((b.text for n, b in enumerate(blocks[i + 1:i + 4], start=i + 1)
                            if b.kind == "heading" or _person_name(b.text)
                            or _is_story_title(b, blocks[n + 1] if n + 1 < len(blocks) else None)), None)
            intro = _story_introduction(out, speaker, moved) if speaker else None
            if intro is not None:
                out.pop()
                moved.add(id(intro))
            out.append(Block("heading", block.text, block.line, 1))
            if intro is not None:
                out.append(intro)
        else:
            out.append(block)
        i += 1
    return out


def sections_from_blocks(blocks: list[Block], *, is_step_plan: bool) -> list[Section]:
    sections: list[Section] = [Section("", None, [], 1)]
    top = ""
    step: int | None = None
    spilling = False  # the section's paragraphs so far are titles stacked beyond a title's length
    interrupted: str | None = None  # under a table's caption: the section its table stands in
    rows = False  # ... and the table's rows have begun
    for block in blocks:
        if interrupted is not None and block.kind == "paragraph" and sections[-1].heading != interrupted:
            if rows and _is_prose(block.text):
                # a caption names its table, not the text that goes on after it
                sections.append(Section(interrupted, step, [], block.line, resumed=True))
                interrupted = None
            rows = rows or not _is_prose(block.text)
        if block.kind == "heading":
            interrupted, rows = None, False
            if block.level == 2 and CAPTION_RE.match(block.text) and sections[-1].heading:
                interrupted = sections[-1].heading
            if block.level == 1:
                top = block.text
                if is_step_plan:
                    step = block.step
                name = top
            else:
                previous = sections[-1]
                if (spilling or not previous.paragraphs) and previous.heading and previous.heading != top:
                    # stacked titles ("Tabel 2.1" over "Interne en externe innovatie") name one
                    # section; beyond a title's length they are its text (a table's column
                    # heads, the cells of a figure, a list of names) and no longer its name
                    joint = " " if previous.heading.endswith(":") else ": "  # not "… van:: Het …"
                    stacked = f"{previous.heading}{joint}{block.text}"
                    if spilling or len(stacked.rsplit(SECTION_SEPARATOR, 1)[-1]) > STACKED_TITLE_CHARS:
                        previous.paragraphs.append(block.text)
                        spilling = True
                    else:
                        previous.heading = stacked
                    continue
                if _same_words(block.text, top):
                    name = top  # the story's title printed again over its opening
                else:
                    name = f"{top}{SECTION_SEPARATOR}{block.text}" if top else block.text
            sections.append(Section(name, step, [], block.line))
        else:
            text = f"{block.marker} {block.text}" if block.kind == "bullet" else block.text
            sections[-1].paragraphs.append(text)
        spilling = False
    return [s for s in sections if s.paragraphs]


#: A table's or figure's caption: "Tabel 2. Aantal …", "Figuur 2.1: …"
CAPTION_RE = re.compile(r"(?:tabel|table|figuur|figure)\s+\d{1,2}(?:\.\d{1,2})?\b", re.IGNORECASE)


def _is_prose(text: str) -> bool:
    """Whether a paragraph is running text rather than a table's row: longer, ending a sentence."""
    return len(text) > LIST_ENTRY_CHARS and bool(_ENDS_SENTENCE_RE.search(text))


#: The longest name stacked titles make together (the longest a heading of the guidance has
#: is 76 characters: "Stap 2: Maak een voorselectie van relevante technologieën voor de behoefte").
STACKED_TITLE_CHARS = 80


def _same_words(a: str, b: str) -> bool:
    return WORD_RE.findall(a.lower()) == WORD_RE.findall(b.lower())


def clean_document(doc: str, raw: str, *, title: str, source: str, vocabulary: CorpusWords | None = None,
                   debris: Debris = PDF_TEXT) -> CleanDocument:
    blocks = mark_interviews(blocks_from_text(raw, vocabulary, debris))
    is_step_plan = sum(1 for b in blocks if b.step is not None) >= 5
    return CleanDocument(doc, title, source, sections_from_blocks(blocks, is_step_plan=is_step_plan))
