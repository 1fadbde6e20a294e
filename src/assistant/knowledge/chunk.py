"""Split cleaned documents into passages on structure: section, paragraph, sentence."""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Iterable
from functools import lru_cache

from assistant.knowledge.clean import DUTCH_NAME_PARTICLES, CleanDocument
from assistant.knowledge.text import AFTER_NO_ITEM_NUMBER, ITEM_MARKER_RE
from assistant.knowledge.types import SECTION_SEPARATOR, Chunk

#: A passage aims at this many characters; paragraphs are never cut unless they exceed MAX.
TARGET_CHARS = 800
MAX_CHARS = 1300
MIN_CHARS = 120

#: A sentence's end: its stop, the closing marks after it (kept), the space before the next.
_SENTENCE_END = re.compile(rf"(?<=[.!?…]){AFTER_NO_ITEM_NUMBER}([”’\"')]*)\s+(?=[A-ZÀ-Ý0-9“‘\"'•(])",
                           re.MULTILINE)
#: Abbreviations a sentence does not end with, matched as the last word: matched as an ending,
#: "p." and "art." kept "… de eerste stap." and "… de start." from the sentence after them.
_ABBREVIATIONS = frozenset({"bijv.", "bv.", "o.a.", "d.w.z.", "m.b.t.", "t.b.v.", "e.d.", "etc.", "nl.", "zgn.", "i.e.",
                            "e.g.", "mr.", "dr.", "ir.", "drs.", "prof.", "plv.", "nr.", "art.", "p.", "incl.", "excl.",
                            "ca.", "dd.", "resp.", "jl."})
#: ... nor with small letters each followed by a stop: "i.o.v.", "t.a.v.", "c.q."
_DOTTED_ABBREVIATION = re.compile(r"(?:[a-z]\.){2,}")


def _is_abbreviation(word: str) -> bool:
    word = word.lower().lstrip("(“‘\"'")
    return word in _ABBREVIATIONS or bool(_DOTTED_ABBREVIATION.fullmatch(word))


def split_sentences(text: str, *, closing_marks: bool = True) -> list[str]:
    """Sentence split that survives Dutch abbreviations ("bijv.", "o.a.", "i.o.v.") and bullets.
    A sentence keeps the marks that close it ("… oplevert.”"): without them a quote cut from an
    interview closed where it never opened. Without `closing_marks`, those inside `text` are
    dropped, as the shipped index's passages were cut (keeping them changes the passages' ids
    and their shipped vectors)."""
    parts = _SENTENCE_END.split(text.strip())
    sentences: list[str] = []
    for n, piece in enumerate(parts[::2]):
        if n and _is_abbreviation((parts[2 * n - 2].split() or [""])[-1]):  # the word before the marks
            sentences[-1] = f"{sentences[-1]} {piece}"
        else:
            sentences.append(piece)
        if closing_marks and 2 * n + 1 < len(parts):
            sentences[-1] += parts[2 * n + 1]
    return [s.strip() for s in sentences if s.strip()]


#: A paragraph that opens by leaning on the one before it ("Dat wilden we juist niet.",
#: "Hiermee wordt …") stays in that passage while it fits: cut off, it answers nothing.
_CONTINUES_RE = re.compile(r"^[“‘\"']?(?i:dat|dit|hiermee|hierdoor|hierbij|hiervoor|daarom|daardoor|vandaar|"
                           r"bovendien|daarnaast|tevens|dus)\s+[a-zà-ÿ]")


def _introduces_list(text: str, unit: str) -> bool:
    return text.rstrip().endswith(":") and ITEM_MARKER_RE.match(unit) is not None


def _without_lead_in(text: str) -> tuple[str, str]:
    """`text` without the sentence that ends it ("Grofweg bestaat dit proces uit drie fases:"),
    and that sentence; ("", text) when nothing would be left."""
    head, _, last = text.rpartition("\n")
    sentences = split_sentences(last)
    if len(sentences) < 2 and not head:
        return "", text
    lead = sentences[-1]
    rest = last[:last.rindex(lead)].rstrip()
    return "\n".join(x for x in (head, rest) if x), lead


def _pack(units: list[str]) -> list[str]:
    """Greedy packing of paragraphs (or sentences) into passages near TARGET_CHARS. A list
    stays with the sentence that introduces it, and a paragraph that leans on the one before
    stays with it, up to MAX_CHARS."""
    out: list[str] = []
    current = ""
    for unit in units:
        if len(unit) > MAX_CHARS:
            if current:
                out.append(current)
                current = ""
            out.extend(_pack_sentences(unit))
            continue
        held = bool(current) and (_introduces_list(current, unit) or bool(_CONTINUES_RE.match(unit)))
        if current and len(current) + len(unit) + 1 > MAX_CHARS:
            lead = ""
            if _introduces_list(current, unit):
                # the list's lead-in goes with the list: a passage ending in "… drie fases:" says nothing
                current, lead = _without_lead_in(current)
            if current:
                out.append(current)
            current = f"{lead}\n{unit}" if lead else unit
        elif current and len(current) >= TARGET_CHARS and not held:
            out.append(current)
            current = unit
        else:
            current = f"{current}\n{unit}" if current else unit
    if current:
        if out and len(current) < MIN_CHARS and len(out[-1]) + len(current) <= MAX_CHARS + MIN_CHARS:
            out[-1] = f"{out[-1]}\n{current}"
        else:
            out.append(current)
    return out


def _greedy(pieces: Iterable[str], limit: int) -> list[str]:
    """`pieces` joined by spaces into runs that stay within `limit` characters where they can."""
    out: list[str] = []
    current = ""
    for piece in pieces:
        if current and len(current) + len(piece) + 1 > limit:
            out.append(current)
            current = piece
        else:
            current = f"{current} {piece}" if current else piece
    if current:
        out.append(current)
    return out


def _pieces(sentence: str) -> list[str]:
    """A "sentence" longer than a passage may be, in pieces: at its line breaks, else between
    words. A document of one's own with lines that start in lower case (no sentence end found)
    became passages of 25,000 characters, each shown whole as an answer."""
    if len(sentence) <= MAX_CHARS:
        return [sentence]
    units = [line.strip() for line in sentence.split("\n") if line.strip()]
    if len(units) == 1:
        return _greedy(sentence.split(), TARGET_CHARS)
    return [piece for unit in units for piece in _pieces(unit)]


def _pack_sentences(paragraph: str) -> list[str]:
    sentences = split_sentences(paragraph, closing_marks=False)
    return _greedy((piece for whole in sentences for piece in _pieces(whole)), TARGET_CHARS + 150)


#: A line that names someone and their job or organisation, no sentence ("Patrick Hermans Adviseur
#: wetenschap, technologie en innovatie"): two capitalised words (a Dutch particle between them),
#: more words, and no sentence's end.
_NAME_LINE = re.compile(rf"^[A-Z][\w'’-]+(?: (?:{'|'.join(DUTCH_NAME_PARTICLES)}))* [A-Z][\w'’-]+ "
                        r"\S.*(?<![.!?:;”\"’)])$")
_LINE_END = re.compile(r"[.!?:;][\"”’)]*$")


#: More passages than an index holds: the index's load fills the cache that each question's answer reads.
NAME_LIST_CACHE = 1 << 14


# cached by the text, not the passage's id: a passage made by hand can reuse an id for another text
@lru_cache(maxsize=NAME_LIST_CACHE)
def is_name_list(text: str) -> bool:
    """Whether a passage's text (its heading first) is a list of names and job titles (a working
    group's members, a colophon): three or more of its lines, and half of them at least, name
    someone, and hardly any ends as a sentence does. It says who, not what."""
    lines = [line.strip() for line in text.split("\n")[1:] if line.strip()]
    named = sum(bool(_NAME_LINE.match(line)) for line in lines)
    ended = sum(bool(_LINE_END.search(line)) for line in lines)
    return named >= 3 and 2 * named >= len(lines) and 5 * ended <= len(lines)


def chunk_id(doc: str, section: str, text: str) -> str:
    """Stable id from content: unchanged text keeps its id across rebuilds."""
    digest = hashlib.sha1(f"{doc}\x1f{section}\x1f{text}".encode("utf-8")).hexdigest()
    return f"{doc[:24]}-{digest[:16]}"


def _normalised(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.lower()).split())


def chunk_document(document: CleanDocument) -> list[Chunk]:
    chunks: list[Chunk] = []
    seen: set[str] = set()
    for section in document.sections:
        last_heading = "" if section.resumed else section.heading.rsplit(SECTION_SEPARATOR, 1)[-1]
        for i, text in enumerate(_pack(section.paragraphs)):
            # the first passage of a section carries its heading: headings are part of what was written
            shown = f"{last_heading}\n{text}" if i == 0 and last_heading else text
            cid = chunk_id(document.doc, section.heading, shown)
            if cid in seen:
                continue
            seen.add(cid)
            chunks.append(Chunk(cid, document.doc, document.title, section.heading, shown, section.step,
                                document.source, len(chunks)))
    return _drop_contained_duplicates(chunks)


def _drop_contained_duplicates(chunks: list[Chunk]) -> list[Chunk]:
    """Pull quotes and summaries repeat body text: drop a short passage that a longer one contains."""
    norm = [_normalised(c.text) for c in chunks]
    # every passage's text, longest first, in one string: the ones longer than a passage are a
    # prefix of it, searched at once (passage against passage was quadratic in Python)
    longest_first = sorted(norm, key=len, reverse=True)
    joined = "\x00".join(longest_first)  # no normalised text holds \x00: no match runs across two
    ends, end = [], -1
    for text in longest_first:
        end += len(text) + 1
        ends.append(end)  # ends[k]: where the k+1 longest end in `joined`
    lengths = [-len(text) for text in longest_first]  # ascending, for bisect
    keep: list[Chunk] = []
    for i, chunk in enumerate(chunks):
        longer = bisect.bisect_left(lengths, -len(norm[i]))  # how many are strictly longer
        if len(norm[i]) < 400 and longer and joined.find(norm[i], 0, ends[longer - 1]) >= 0:
            continue
        keep.append(chunk)
    return [Chunk(c.id, c.doc, c.title, c.section, c.text, c.step, c.source, n) for n, c in enumerate(keep)]
