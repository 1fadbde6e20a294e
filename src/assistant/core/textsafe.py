"""Cleaning what users type, and making it safe to show or to use in a file name.

Text typed by a user is stored literally (after removing terminal escape sequences and
control characters, which can never be meant as content, and replacing lone surrogates: bytes
that were not text, which SQLite and the terminal refuse). Wherever the assistant quotes
user text inside Markdown or Rich markup, it goes through :func:`escape_markdown` /
:func:`escape_markup` so nothing typed is ever interpreted.
"""

from __future__ import annotations

import json
import re
import unicodedata

#: The most an answer (one user turn) may hold; longer input is cut with a clear message.
MAX_TEXT_CHARS = 20_000
#: The longest project name.
MAX_NAME_CHARS = 80
#: The most of a language model's reply that is read, shown and stored; a longer reply is cut
#: with a note (a 5 MB reply froze the screen for minutes).
MAX_MODEL_CHARS = 20_000

# CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST), other two-char escapes, and 8-bit CSI.
_ANSI_RE = re.compile(
    r"""
    \x1b\[[0-?]*[ -/]*[@-~]          # CSI sequences: colours, cursor moves
    | \x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?   # OSC sequences: titles, hyperlinks
    | \x1b[PX^_][^\x1b]*(?:\x1b\\)?  # DCS / SOS / PM / APC strings
    | \x1b[@-Z\\-_]                  # two-character escapes
    | \x9b[0-?]*[ -/]*[@-~]          # 8-bit CSI
    """,
    re.VERBOSE,
)
# The start of a CSI sequence whose final byte has not arrived yet.
_PARTIAL_CSI_RE = re.compile(r"(?:\x1b\[?|\x9b)[0-?]*[ -/]*")
# C0 controls except tab and newline, DEL, C1 controls; also zero-width spaces and bidi
# controls that can make stored text display differently from what it is. The zero-width
# (non-)joiners U+200C/U+200D stay: they join emoji (a family) and shape Persian or Hindi.
_CONTROL_RE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)


# A surrogate code point: alone it stands for no character (surrogateescape keeps undecodable
# bytes so), and UTF-8 cannot encode it: stored, it raised UnicodeEncodeError in the database.
_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def _without_surrogates(text: str) -> str:
    """`text` with each lone surrogate as U+FFFD (a pair written as two code points joined into
    its character)."""
    if not _SURROGATE_RE.search(text):
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def has_control_chars(text: str) -> bool:
    """Whether `text` holds a control character (also a tab or a newline) or a mark that makes
    it display otherwise than it is: never meant in a file's name, where the message showed
    the name cleaned and the file got the BEL or the newline."""
    return bool(_CONTROL_RE.search(text)) or any(char in text for char in "\t\n")


def strip_escapes(text: str) -> str:
    """Remove ANSI/terminal escape sequences and control characters (keeps \\n and \\t); a lone
    surrogate becomes U+FFFD (`_without_surrogates`). Every text that enters the domain (typed,
    imported) passes here, so none can hold what the database cannot store."""
    text = _without_surrogates(text).replace("\r\n", "\n").replace("\r", "\n")
    text = _ANSI_RE.sub("", text)
    return _CONTROL_RE.sub("", text)


class StreamCleaner:
    """:func:`strip_escapes` for text that arrives in pieces (a model's streamed reply).

    An escape sequence split over two pieces is held back until it is complete, so no piece
    of it reaches the screen; a lone carriage return waits for a possible newline.
    """

    #: An unfinished sequence longer than this is not a sequence: it is dropped.
    HOLD_MAX = 512

    def __init__(self) -> None:
        self._pending = ""

    def feed(self, piece: str) -> str:
        text = self._pending + piece
        cut = _unfinished_tail(text)
        if len(text) - cut > self.HOLD_MAX:
            cut = len(text)
        self._pending = text[cut:]
        return strip_escapes(text[:cut])

    def flush(self) -> str:
        text, self._pending = self._pending, ""
        return strip_escapes(text)


def _unfinished_tail(text: str) -> int:
    """Where an escape sequence or a "\\r\\n" that may still continue starts (else len(text))."""
    start = unfinished_escape(text)
    if start == len(text) and text.endswith("\r"):
        return start - 1
    return start


def unfinished_escape(text: str) -> int:
    """Where an escape sequence that may still continue starts at the end of `text` (else its
    length): text read in pieces holds that part back until the next piece."""
    start = max(text.rfind("\x1b"), text.rfind("\x9b"))
    if start >= 0:
        match = _ANSI_RE.match(text, start)
        if (match.end() == len(text)) if match else _PARTIAL_CSI_RE.fullmatch(text, start):
            return start
    return len(text)


def strip_escape_sequences(text: str) -> str:
    """Remove terminal escape sequences (and a lone ESC) but no other character."""
    return _ANSI_RE.sub("", text).replace("\x1b", "")


def json_for_terminal(value: object) -> str:
    """`value` as one line of JSON that is safe to print: json.dumps escapes C0 controls only,
    so DEL, C1 controls (8-bit CSI) and bidi controls are written as \\u escapes too. The
    data is unchanged for whoever parses the line."""
    text = json.dumps(value, ensure_ascii=False)
    return _CONTROL_RE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def clean_text(text: str, *, max_chars: int = MAX_TEXT_CHARS, keep_tabs: bool = False) -> tuple[str, bool]:
    """Clean user text for storage. Returns (text, truncated).

    Escape sequences and control characters go; tabs become a space, one for a run of them with
    the spaces beside it ("Bruggen<tab>slijten" was stored with four) (with `keep_tabs`, they stay:
    a spreadsheet's cells, which a list answer reads as an entry's parts); trailing whitespace on
    each line and blank lines at the start and end go. Everything else (including ``[bold]``,
    ``*``, ``<``) is kept literally.
    """
    text = strip_escapes(text)
    if not keep_tabs:
        text = re.sub(r" *\t[\t ]*", " ", text)
    text = unicodedata.normalize("NFC", text)
    lines = [line.rstrip() for line in text.split("\n")]
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    text = "\n".join(lines)
    if len(text) > max_chars:
        return text[:max_chars].rstrip(), True
    return text, False


def short(text: str, limit: int = 80) -> str:
    """The text on one line, cut before `limit` at a word boundary; inside a word only where the
    boundary would leave less than half (20,000 characters without a space after "open," were
    quoted back as "open,…", as if that was what was saved)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if text[limit - 1] != " " and " " in cut:
        at_word = cut.rsplit(" ", 1)[0]
        if len(at_word) >= limit // 2:
            cut = at_word
    # a quotation or bracket the cut opened and left without its end is closed after the "…": a
    # question label read "Minimale eis (stap 3): ‘Sturingsadviezen zijn uitlegbaar…" with no ’,
    # a resolved check "privacy (“Groot: de camera's … kunnen…”" with no )
    cut = cut.rstrip()
    return cut + "…" + "".join(reversed(marks_left_open(cut)))


#: Quotation marks and brackets that open, with the mark that closes each (Dutch opens „ and
#: closes ”).
_OPEN_CLOSE = {"“": "”", "‘": "’", "„": "”", "«": "»", "(": ")", "[": "]", "{": "}"}


def marks_left_open(text: str) -> list[str]:
    """The closing marks of the quotations and brackets `text` opens and does not close,
    innermost last. A ’ between letters is an apostrophe ("foto’s"), not a quote's end; a
    straight " opens and closes in turn; a closing mark with nothing open for it ("1) eerst")
    closes nothing, and one that closes an outer mark closes what was opened inside it too."""
    open_: list[str] = []
    for at, ch in enumerate(text):
        if ch in _OPEN_CLOSE:
            open_.append(_OPEN_CLOSE[ch])
        elif ch == '"':
            if open_ and open_[-1] == '"':
                open_.pop()
            else:
                open_.append('"')
        elif ch in open_:
            if ch == "’" and text[at - 1:at].isalpha() and text[at + 1:at + 2].isalpha():
                continue
            del open_[len(open_) - 1 - open_[::-1].index(ch):]
    return open_


def clean_line(text: str, *, max_chars: int = MAX_TEXT_CHARS) -> str:
    """One line: cleaned, whitespace collapsed, cut to ``max_chars``."""
    text, _ = clean_text(text, max_chars=max_chars * 2)
    return " ".join(text.split())[:max_chars].strip()


def clean_project_name(name: str) -> str:
    """A project name as stored: trimmed, control characters removed, at most 80 chars.

    Slashes, dots and anything else printable are kept: a name is a database value and is
    never used as a path without :func:`safe_filename`. Raises ValueError when nothing is left.
    """
    cleaned = clean_line(name or "", max_chars=MAX_NAME_CHARS)
    if not cleaned:
        raise ValueError("empty project name")
    return cleaned


def name_key(name: str) -> str:
    """The key that makes project names unique regardless of case."""
    return unicodedata.normalize("NFKC", clean_project_name(name)).casefold()


def learner_key(name: str) -> str:
    """The key a learner's name is known by: case, accents and spacing aside ("ingrid" is
    " Íngrid "; progress typed under one was "0 van 11 lessen gedaan" under the other)."""
    text = unicodedata.normalize("NFKD", name).casefold()
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).split())


_UNSAFE_FILE_CHARS = re.compile(r"[^\w.\- ]+", re.UNICODE)
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
                     *(f"lpt{i}" for i in range(1, 10))}


def safe_filename(name: str, *, default: str = "project", max_chars: int = 60) -> str:
    """A file-name stem from any text: no separators, no ``..``, no leading dot, no control
    characters, not a reserved device name. Never empty."""
    text = unicodedata.normalize("NFKD", strip_escapes(name or ""))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = _UNSAFE_FILE_CHARS.sub("-", text)
    text = re.sub(r"\.{2,}", ".", text)
    text = re.sub(r"[\s\-]+", "-", text).strip(".-_ ")
    if len(text) > max_chars:
        # cut between words where one ends late enough ("…-provincie-en-wa" was a word cut in two)
        head = text[:max_chars]
        at_word = head.rsplit("-", 1)[0] if text[max_chars] not in "-_. " else head
        text = at_word if len(at_word) >= max_chars // 2 else head
    text = text.strip(".-_ ")
    if not text or text.lower() in _WINDOWS_RESERVED:
        text = default
    return text


_MD_INLINE = re.compile(r"([\\`*_\[\]<>#|~!])")
_MD_LINE_START = re.compile(r"^(\s*|\s*\d+)([-+>=]|(?<=\d)[.)])", re.MULTILINE)
_MD_UNESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


#: A web address as Markdown's autolinks (GFM, and the app's parser) take it: shown literally there,
#: so a backslash put in to escape "[" or ">" would show ("…?y=\\[2\\]")
#: ("<https://…>" whole: an autolink, shown without its brackets)
_WEB_ADDRESS = re.compile(r"<(?:https?://|www\.)[^\s<>]+>|\b(?:https?://|www\.)[^\s<>]*[^\s<>.,;:!?)'\"”’]")


def escape_markdown(text: str) -> str:
    """Escape Markdown so that user text shows literally inside a Markdown-rendered turn; a web
    address is left as it is, as Markdown shows it literally."""
    pieces = []
    at = 0
    for m in _WEB_ADDRESS.finditer(text):
        pieces.append(_MD_INLINE.sub(r"\\\1", text[at:m.start()]))
        pieces.append(m.group(0))
        at = m.end()
    pieces.append(_MD_INLINE.sub(r"\\\1", text[at:]))
    return _MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), "".join(pieces))


def unescape_markdown(text: str) -> str:
    """Undo backslash escapes (for plain-text output of a Markdown turn)."""
    return _MD_UNESCAPE.sub(r"\1", text)


def escape_markup(text: str) -> str:
    """Escape Rich/Textual console markup (``[bold]``, ``[@click=...]``)."""
    return text.replace("\\", "\\\\").replace("[", "\\[")
