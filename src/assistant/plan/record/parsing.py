"""Reading typed text: cleaning, alias normalisation, list lines, "key: value" segments,
"(tags)", "name — note", yes/no and numbers. Pure functions on text; no record types."""

from __future__ import annotations

import re
from functools import cache

from assistant.core.resources import PROMPTS_DIR
from assistant.core.textsafe import strip_escapes


#: Word's Symbol and Wingdings bullets, pasted as private-use characters (a box in most fonts)
_WORD_SYMBOLS = str.maketrans({"\uf0b7": "•", "\uf0a7": "▪", "\uf0d8": "➢", "\uf0fc": "✓", "\uf076": "❖"})


def clean_text(text: str) -> str:
    """Remove terminal escape sequences and control characters; keep newlines and tabs. Word's
    symbol-font bullets become the bullets they show in Word.

    Markup such as ``[bold]`` is *not* touched: the record stores it literally.
    """
    return strip_escapes(str(text)).translate(_WORD_SYMBOLS)


def _norm(text: str) -> str:
    """Lower-case, unify separators and whitespace: for alias matching."""
    text = text.strip().lower().replace("_", " ").replace("-", " ").replace("’", "'")
    text = re.sub(r"[.!:;,]+$", "", text)
    return re.sub(r"\s+", " ", text).strip()


#: A list's mark before a line: "- ", "* ", "1. ", "a) ", "•", "◦", and the private-use bullets
#: of Word's Symbol font, pasted as boxes
#: A list's mark before an entry: a bullet, a dash, "1.", "1.1.", "2)", "(3)", "a)", "(b)", "✓",
#: "→"; alone on its line it is an empty item ("-", "1."), dropped (it was stored as an entry).
_LIST_MARK_RE = re.compile(r"^\s*(?:[-*–](?:\s+|$)|[•·◦▪■●○➢➤►✓✔→\uf0b7\uf0a7]\s*|"
                           r"\(?\d{1,2}(?:\.\d{1,2})*[.)](?:\s+|$)|\(?[a-z][.)](?:\s+|$))")


def is_list_mark(cell: str) -> bool:
    """Whether `cell` is a list's mark and nothing more: a spreadsheet's or Word's first column
    before a tab ("•", "1.", "(a)", and "o", Word's mark of a second level)."""
    return cell == "o" or _LIST_MARK_RE.fullmatch(cell) is not None


def strip_list_mark(line: str) -> str:
    """`line` without the list's mark before it, stripped."""
    return _LIST_MARK_RE.sub("", line).strip()


def _lines(text: str) -> list[str]:
    """Non-empty lines of an answer, each without its list mark (strip_list_mark)."""
    return [line for line in map(strip_list_mark, clean_text(text).split("\n")) if line]


#: A column's name in a pasted table's first row: one or two words that open with a capital,
#: without a digit or a sentence's punctuation ("Organisatie", "Contact person")
_WORD = r"[^\W\d_]+(?:[-'’][^\W\d_]+)*"
_COLUMN_NAME_RE = re.compile(rf"{_WORD}(?:(?:\s*[/&]\s*|\s+){_WORD})?")


def _cells(row: str) -> list[str]:
    return [cell.strip() for cell in row.strip().split("\t")]


def _names_a_column(cell: str) -> bool:
    return cell[:1].isupper() and _COLUMN_NAME_RE.fullmatch(cell) is not None


@cache
def _column_words() -> frozenset[str]:
    """The words that name a column (prompts/lexicon/column_names.txt)."""
    lines = (PROMPTS_DIR / "lexicon" / "column_names.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().casefold() for line in lines if line.strip() and not line.startswith("#"))


def _says_column(cell: str) -> bool:
    """Whether a first row's cell holds a word that names a column ("Contactpersoon", "Rol")."""
    return any(word.casefold() in _column_words() for word in re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)?", cell))


def header_row(text: str) -> list[str] | None:
    """The cells of the first row of a pasted table (rows of cells apart by tabs) where that row
    names its columns rather than being one of its entries, else None. A Word table's header
    ("Organisatie<tab>Onderwerp<tab>Contactpersoon") was stored as an entry. Such a row: two rows
    or more, none with more cells than it; each of its cells a column's name (_names_a_column),
    one at least holding a word that names a column (_says_column: "Rijkswaterstaat<tab>Digitale
    tweeling" is an entry);
    and every row below it holds a cell that is none (longer, with a digit or a full stop). A
    first row that shares a word with a cell below it in its column is one of them ("Gemeente
    Utrecht" above "Gemeente Zwolle"), as is a table of short words throughout."""
    rows = [row for row in clean_text(text).split("\n") if row.strip()]
    if len(rows) < 2 or not all("\t" in row for row in rows):
        return None
    table = [_cells(row) for row in rows]
    first, below = table[0], table[1:]
    # a row's empty cells at its end are lost in the paste (trailing tabs go with its whitespace)
    if any(len(cells) > len(first) for cells in below) or all(len(cells) < len(first) for cells in below) \
            or not all(map(_names_a_column, first)) or not any(map(_says_column, first)):
        return None  # short names alone are a table's first entry as often ("ProRail<tab>Spoor")
    if not all(any(cell and not _names_a_column(cell) for cell in cells) for cells in below):
        return None
    if any(_words(name) & _words(cell) for cells in below for name, cell in zip(first, cells)):
        return None
    return first


def _words(cell: str) -> set[str]:
    return {word.casefold() for word in re.findall(r"[^\W\d_]{3,}", cell)}


# ---------------------------------------------------------------------------------------------
# keyed-segment parsing: "tekst; doel: 90%; eis: AVG-conform"
# ---------------------------------------------------------------------------------------------
#: What a sentence ends with: after it, the next line is its text going on, not an item of its own
_SENTENCE_END = (".", "!", "?", ":", "…")


def _split_segments(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"\s*;\s*|\s+\|\s+", text) if s.strip()]


def _keyed(segment: str, keymap: dict[str, str]) -> tuple[str | None, str]:
    """('field', value) when the segment starts with a known key and ':' or '=', else (None, seg)."""
    m = re.match(r"^\s*([^:=]{1,40}?)\s*[:=]\s*(.*)$", segment, re.S)
    if m:
        key = keymap.get(_norm(m.group(1)))
        if key:
            return key, m.group(2).strip()
    return None, segment.strip()


def _split_at_keys(segment: str, keymap: dict[str, str]) -> list[str]:
    """A segment split where a known key follows a sentence's end, a comma, a dash or a line
    break: "groot, camera's zien gezichten. maatregel: edge-verwerking" holds a measure (the
    question asks for "maatregel:"; only after a ';' was it read so), and "Betrouwbaarheid –
    doel: 95% uptime – eis: Batterijduur" a target and a requirement."""
    names = "|".join(re.escape(name).replace(r"\ ", r"[\s_-]+") for name in sorted(keymap, key=len, reverse=True))
    pattern = re.compile(rf"(?:(?<=[.!?,])[ \t]+|[ \t]+[—–-]{{1,2}}[ \t]+|[ \t]*\n\s*)(?=(?:{names})\s*[:=])", re.I)
    return [part.strip().removesuffix(",").strip() for part in pattern.split(segment) if part.strip(" ,\n")]


def _parse_keyed(text: str, keymap: dict[str, str],
                 runs_on: frozenset[str] = frozenset()) -> tuple[dict[str, str], list[str]]:
    """Split a one-line answer on ';' into keyed values and the rest (in order). A value of a
    field in `runs_on` (free text: who does what, a measure) takes the unkeyed segments after
    it on its line: "Wie: Stadsbeheer; ROVA (uitvoering)" is two who's, where ROVA went to the
    description; elsewhere an unkeyed segment fills the next field in order."""
    values: dict[str, str] = {}
    rest: list[str] = []

    def add(key: str, value: str) -> None:
        values[key] = f"{values[key]}; {value}" if values.get(key) else value

    ended: str | None = None  # the field (or "" for the rest) of a line that ended a sentence
    for line in text.split("\n") if runs_on else [text]:
        current: str | None = None
        for at, seg in enumerate(part for segment in _split_segments(line) for part in _split_at_keys(segment, keymap)):
            key, value = _keyed(seg, keymap)
            if at == 0 and not key and ended is not None:
                # a line after one that ended a sentence goes on with its text: "Klein effect.\nHet
                # contact …" was stored "Klein effect.; Het contact …"
                if ended:
                    values[ended] = f"{values[ended]} {value}"
                    current = ended
                else:
                    rest[-1] = f"{rest[-1]} {value}"
            elif key:
                add(key, value)
                current = key if key in runs_on else None
            elif current is not None:
                add(current, value)
            else:
                rest.append(value)
            ended = (key or current or "") if value.endswith(_SENTENCE_END) else None
    return values, rest


def keyed_labels(text: str, keymap: dict[str, str]) -> dict[str, str]:
    """{field: the key as typed} for each part of a one-line answer that `keymap` reads as
    keyed ("Operator acceptance; target: 70%" -> {"target": "target"})."""
    found: dict[str, str] = {}
    for seg in (part for segment in _split_segments(clean_text(text)) for part in _split_at_keys(segment, keymap)):
        key, value = _keyed(seg, keymap)
        if key and value and key not in found:
            found[key] = seg.split(":", 1)[0].split("=", 1)[0].strip()
    return found


def _keymap(**aliases: tuple[str, ...]) -> dict[str, str]:
    table = {}
    for field, names in aliases.items():
        table[_norm(field)] = field
        for name in names:
            table[_norm(name)] = field
    return table


_PAREN_TAIL = re.compile(r"^(.*?)\s*\(([^()]*)\)\s*$", re.S)


def _split_tags(text: str) -> tuple[str, list[str]]:
    """'AVG-conform (data, randvoorwaarde)' -> ('AVG-conform', ['data', 'randvoorwaarde'])."""
    m = _PAREN_TAIL.match(text)
    if not m or not m.group(1).strip():
        return text.strip(), []
    return m.group(1).strip(), [t.strip() for t in re.split(r"[,/;]", m.group(2)) if t.strip()]


_DASH_SPLIT = re.compile(r"\s+[—–-]{1,2}\s+|\s*:\s+")


def _name_and_note(text: str) -> tuple[str, str]:
    """'Name — note' / 'Name: note' -> ('Name', 'note')."""
    parts = _DASH_SPLIT.split(text, maxsplit=1)
    if len(parts) == 2 and parts[0].strip() and len(parts[0]) <= 120:
        return parts[0].strip(), parts[1].strip()
    return text.strip(), ""


# the everyday ways of saying it too ("yep", "sure", "jawel": they left a precondition open). Of
# the single letters only j, y and n: a lone "x" (a slip of the finger as often as a cross) was
# stored as "nee" and said the support was missing
_YES = {"ja", "yes", "j", "y", "true", "waar", "ok", "oké", "geregeld", "akkoord", "aanwezig",
        "voldoende", "✓", "check", "zeker", "present", "sufficient", "secured", "done",
        "jawel", "jazeker", "jep", "yep", "yeah", "yup", "sure", "okay"}
_NO = {"nee", "no", "n", "false", "onwaar", "niet", "geen", "onvoldoende", "ontbreekt", "✗",
       "missing", "insufficient", "not yet", "nog niet", "nu niet", "none", "neen", "nope", "nah",
       # not (fully) there: "not really", "Partly - a project lead two days a week" (left open)
       "not", "partly", "partially", "deels", "gedeeltelijk"}
_PARTLY_WORDS = {"partly", "partially", "deels", "gedeeltelijk"}
#: The ways an answer opens by saying only part is there: a partly word, with "only" before it
#: ("only partially", "slechts gedeeltelijk", "maar deels"), or a "not" that says not all
#: ("not fully", "niet helemaal"). "Only partially: …" was read as no answer, a no never typed.
ONLY_PART = (r"(?:(?:only|just|slechts|maar|alleen|nog\s+maar)\s+)?(?:deels|gedeeltelijk|ten\s+dele|voor\s+een\s+deel|"
             r"partly|partially|in\s+part)|not\s+(?:fully|entirely|completely|wholly)|niet\s+(?:helemaal|volledig|geheel)")
_OPENS_PARTLY_RE = re.compile(rf"^\W*(?:{ONLY_PART})\b", re.I)
#: "not sure", "not known": no answer yet, not a no
_NOT_KNOWN_RE = re.compile(r"^\W*not\s+(?:yet\s+)?(?:sure|certain|known|clear|decided)\b", re.I)


#: Words that only say yes or no. The others ("niet", "geen", "voldoende", "geregeld") also
#: belong to the words that follow them: "niet echt, iedereen zit vol" was kept as "✗ echt, …".
_ONLY_YES_NO = {"ja", "yes", "j", "y", "true", "waar", "ok", "oké", "okay", "✓", "jawel", "jazeker",
                "jep", "yep", "yeah", "yup", "sure", "nee", "no", "n", "false", "onwaar", "✗", "neen",
                "nope", "nah"}


#: Words after a yes or no that only stress it ("ja hoor", "ja, natuurlijk!", "yes of course"): no
#: explanation. Stored as one, "ja, hoor" stood in the record as if it said why.
_FILLER_WORDS = (r"hoor|zeker|natuurlijk|uiteraard|absoluut|inderdaad|tuurlijk|sure|certainly|definitely"
                 r"|absolutely|indeed|of\s+course")
_FILLERS = rf"(?:[\W_]*\b(?:{_FILLER_WORDS}|zeker\s+weten)\b)+[\W_]*"
_FILLERS_RE = re.compile(rf"^{_FILLERS}$", re.I)
_FILLERS_AFTER_RE = re.compile(rf"(?<=\w){_FILLERS}$", re.I)


#: The same before what does say why, set off by a comma or a stop ("ja hoor, de servers staan
#: in Frankfurt": stored as "hoor, de servers …"); not "zeker weten", "natuurlijk licht".
_LEADING_FILLERS_RE = re.compile(rf"^(?:(?:{_FILLER_WORDS})\s*[,;:.!–—-]+\s*)+(?=\S)", re.I)


def without_leading_fillers(text: str) -> str:
    """`text`, what follows a yes or a verdict, without the words before it that only stress it
    ("hoor, de servers staan in Frankfurt" -> "de servers staan in Frankfurt")."""
    return _LEADING_FILLERS_RE.sub("", text)


def only_fillers(text: str) -> bool:
    """Whether `text`, what follows a yes or no, only stresses it ("hoor!", "of course")."""
    return bool(_FILLERS_RE.match(text.strip()))


def without_fillers(said: str) -> str:
    """A yes or no as typed, without the words after it that only stress it: "ja hoor!" -> "ja"."""
    return _FILLERS_AFTER_RE.sub("", said.strip())


#: An answer to a yes-or-no question that says it does not apply, or is not needed: no "nee".
_NOT_APPLICABLE_RE = re.compile(
    r"^\W*(?:n\.?\s?v\.?\s?t\b|n/a\b|niet\s+van\s+toepassing|not\s+applicable|niet\s+nodig|not\s+(?:needed|necessary)"
    r"|hoeft\s+niet|no\s+need)", re.I)
#: "No problem" says yes where its first word would say no.
_NO_PROBLEM_RE = re.compile(r"^\W*(?:geen\s+(?:probleem|punt|zorgen)|no\s+(?:problem|worries|issue))\b", re.I)


#: A yes or no said with a hedge ("denk het wel, mijn manager wil het graag", "volgens mij niet",
#: "I think so"): a yes or a no, the hedge kept as the words it was said in (Precondition.said).
#: Read as neither, "denk het wel" was shown as "open, denk het wel…" and left a required question open.
_HEDGE = (r"(?:ik\s+)?(?:denk|geloof|verwacht)\s+(?:het\s+|van\s+|ik\s+)?|(?:volgens\s+mij|waarschijnlijk|vermoedelijk"
          r"|naar\s+(?:ik\s+)?verwacht(?:ing)?|ik\s+neem\s+aan)\s+(?:van\s+)?")
_HEDGED_RE = re.compile(
    rf"^\W*(?P<head>(?:{_HEDGE})(?P<word>wel|niet)"
    r"|i\s+(?:think|believe|guess|expect|suppose)\s+(?P<en>so|not)|i\s+(?:don'?t|do\s+not)\s+(?:think|believe)\s+so"
    r"|probably(?P<pn>\s+not)?(?=\s*(?:[,;:.!—–-]|$))|(?:probably|most\s+likely)\s+(?P<py>yes|so|not)"
    r")\s*(?:[,;:.!—–-]+\s*|\s+|$)(?P<rest>.*)$", re.I | re.S)


def _hedged(text: str) -> tuple[bool, str] | None:
    """A hedged yes or no ("denk het wel, …", "probably not"): the value and what follows it."""
    m = _HEDGED_RE.match(text)
    if m is None:
        return None
    head = m.group("head").lower()
    no = (m.group("word") or "").lower() == "niet" or (m.group("en") or "").lower() == "not" \
        or bool(m.group("pn")) or (m.group("py") or "").lower() == "not" or re.search(r"n'?t\s|\bnot\b", head)
    return not no, m.group("rest").strip()


def parse_bool(text: str) -> tuple[bool | None, str]:
    """'ja, wethouder steunt het' -> (True, 'wethouder steunt het'); 'niet echt, …' -> (False,
    'niet echt, …'): a word that is part of the phrase stays; no yes/no -> (None, text)."""
    text = clean_text(text).strip()
    if _NOT_APPLICABLE_RE.match(text):  # "n.v.t., de provincie betaalt": neither (it read "nee, v.t., …")
        return None, text
    if _NO_PROBLEM_RE.match(text):  # "geen probleem, € 400.000 is gereserveerd" says yes
        return True, text
    if _NOT_KNOWN_RE.match(text):
        return None, text
    if (hedged := _hedged(text)) is not None:
        return hedged
    if _OPENS_PARTLY_RE.match(text):  # "only partly, …": a no in its own words, kept whole
        return False, text
    m = re.match(r"^\s*([^\s,;:.—–-]+(?:\s+(?:yet|niet))?)\s*([,;:.—–-]+\s*|\s+|$)(.*)$", text, re.S)
    if m:
        head = _norm(m.group(1))
        value = True if head in _YES else False if head in _NO else None
        if value is not None:
            in_phrase = head not in _ONLY_YES_NO and m.group(3).strip() and not m.group(2).strip()
            if in_phrase or head in _PARTLY_WORDS:  # "deels, alleen 2025" keeps its "deels"
                return value, text
            rest = m.group(3).strip()
            return value, "" if only_fillers(rest) else without_leading_fillers(rest)
    return None, text


def says_partly(text: str) -> bool:
    """Whether a yes-or-no answer opens by saying only part is there ("Deels: …", "partly, …"):
    parse_bool reads it as no and keeps that word in its note."""
    return bool(_OPENS_PARTLY_RE.match(clean_text(text)))


def without_answer_word(note: str, ok: bool | None) -> str:
    """`note` without a yes, no or partly word that opens it and says the answer `ok` already,
    in either language ("partly, the team is busy" -> "the team is busy"); a word that is part
    of the phrase ("niet echt, …") stays, as parse_bool keeps it."""
    text = clean_text(note).strip()
    m = re.match(r"^\W*([^\s,;:.—–-]+)\s*([,;:.—–-]+\s*|$)(.*)$", text, re.S)
    if ok is None or not m:
        return text
    head = _norm(m.group(1))
    says = _PARTLY_WORDS | (_ONLY_YES_NO & _NO) if ok is False else _ONLY_YES_NO & _YES
    return m.group(3).strip() if head in says else text


def parse_number(text: str) -> float | None:
    """First number in the text ('€ 250.000' -> 250000, 'TRL 7' -> 7, '3,5' -> 3.5)."""
    m = re.search(r"-?\d[\d.,]*", text)
    if not m:
        return None
    raw = m.group(0).rstrip(".,")
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d{1,2})?", raw):  # Dutch thousands: 250.000, 250.000,00
        raw = raw.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d{1,2})?", raw):  # English thousands: 250,000, 250,000.00
        raw = raw.replace(",", "")
    else:
        raw = raw.replace(",", ".")
    try:
        return float(raw)
    except ValueError:
        return None


#: An answer that opens by saying nothing is decided or known yet ("nog niet besloten",
#: "n.t.b.", "not arranged yet", "not sure yet, …", "weet ik niet, …").
_UNDECIDED_RE = re.compile(
    r"^\W*(?:nog\s+(?:niet|geen|open)\b|niet\s+(?:besloten|bepaald|geregeld|bekend|duidelijk|afgesproken|zeker)\b|"
    r"onbekend|onduidelijk|onzeker|n\.?\s?t\.?\s?b\b|nader\s+te\s+bepalen|(?:dat\s+|ik\s+)?weet\s+ik\s+(?:het\s+)?(?:nog\s+)?niet|"
    r"(?:ik\s+)?weet\s+(?:het\s+)?(?:nog\s+)?niet|geen\s+idee|volgt\s+(?:nog|later)|"
    r"not\s+(?:yet\s+)?(?:decided|arranged|agreed|known|clear|sure|certain)|undecided|unknown|unsure|uncertain|"
    r"tbd\b|to\s+be\s+(?:decided|determined|agreed|confirmed)|(?:i\s+)?(?:don'?t|do\s+not)\s+know|"
    r"(?:i'?m\s+|i\s+am\s+)?not\s+sure|no\s+idea|still\s+open)", re.I)


def says_unknown(text: str) -> bool:
    """Whether `text` says only that it is not known yet: "weet ik niet", "onbekend", "?",
    "nog niet bekend", "unknown" (and no more: "onbekend, hangt af van de pilot" says more)."""
    text = text.replace("’", "'").strip()
    m = _UNDECIDED_RE.match(text)
    rest = text[m.end():] if m else text
    return not re.sub(r"(?i)\b(?:nog|yet|precies|exactly|bekend|duidelijk|known|clear)\b|[\W_]", "", rest)


#: An answer that opens by saying the one who answers does not know yet ("weet ik nog niet, hangt
#: af van de marktconsultatie", "not sure yet, depends on the pilot"), or has yet to ask ("dat moet
#: ik aan mijn manager vragen", "I need to check with finance"): not "nog niet besloten" or "nog
#: geen dekking", which say how things stand.
_NOT_KNOWN_YET_RE = re.compile(
    r"^\W*(?:(?:dat\s+|ik\s+)?weet\s+ik\s+(?:het\s+|dat\s+)?(?:(?:nu|nog|eigenlijk|echt)\s+)*niet"
    r"|(?:ik\s+)?weet\s+(?:het\s+|dat\s+)?(?:nog\s+)?niet|geen\s+idee|"
    r"(?:i'?m\s+|i\s+am\s+)?not\s+(?:yet\s+)?sure|unsure|(?:i\s+)?(?:don'?t|do\s+not)\s+know|no\s+idea|dunno"
    # still to be asked: the answer is someone else's, the question stays open with who it is
    r"|(?:(?:dat|dit|het)\s+)?(?:moet|ga|zal)\s+ik\s+(?:(?:nog|even|eerst|dan)\s+)*"
    r"(?:(?:aan|bij|met|na\s+bij)\s+(?:[^\s,.;:]+\s+){1,4}?)?(?:na)?(?:vragen|checken|nagaan|navragen|overleggen|afstemmen)"
    r"|ik\s+(?:moet|ga|zal)\s+(?:(?:dat|dit|het)\s+)?(?:(?:nog|even|eerst|dan)\s+)*"
    r"(?:(?:aan|bij|met)\s+(?:[^\s,.;:]+\s+){1,4}?)?(?:na)?(?:vragen|checken|nagaan|navragen|overleggen|afstemmen)"
    r"|(?:ik\s+vraag\s+(?:(?:dat|dit|het)\s+)?|(?:dat|dit|het)\s+vraag\s+ik\s+)(?:(?:nog|even|eerst)\s+)*na"
    r"|(?:(?:nog|even|eerst)\s+)*navragen"
    r"|(?:i'll|i\s+(?:will|(?:still\s+)?(?:need|have)\s+to|must|should))\s+(?:ask|check|confirm|find\s+out|verify)"
    r"|(?:(?:still\s+)?(?:need|have)\s+to|will|must|should)\s+(?:ask|check\s+with|confirm\s+with)\s+(?:my|our)"
    r"|let\s+me\s+(?:ask|check))\b",
    re.I)


def says_not_known_yet(text: str) -> bool:
    """Whether an answer opens by saying it is not known yet: stored with what follows (the
    reason), the question stays open (see status.counts_as_answered)."""
    return bool(text and _NOT_KNOWN_YET_RE.match(text.replace("’", "'")))


def says_not_applicable(text: str) -> bool:
    """Whether an answer opens by saying it does not apply or is not needed ("n.v.t.", "n/a")."""
    return bool(text and _NOT_APPLICABLE_RE.match(text))


def opens_undecided(text: str) -> bool:
    """Whether an answer opens by saying it is not decided, arranged or known yet."""
    return bool(text and _UNDECIDED_RE.match(text.replace("’", "'")))
