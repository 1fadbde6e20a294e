"""The command language typed in the conversation: ``/commands`` with their Dutch and English
names, the words that mean one without the slash ("overslaan", "ga naar stap 3"), and leaving.

Apart from `intent` (which reads free text) so that the interface can tell a command or a quit
before its first frame without compiling the phrase patterns that reading a sentence needs.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

_COMMAND_RE = re.compile(r"^/([A-Za-zÀ-ÿ][\w-]*)(?:\s+(.*))?$", re.DOTALL)


@dataclass(frozen=True, slots=True)
class Command:
    name: str  # canonical name, e.g. "next"
    arg: str  # everything after the command word, stripped
    raw: str  # the command word as typed, e.g. "volgende"


#: typed command word (lower case) -> canonical name
COMMAND_ALIASES: dict[str, str] = {
    "volgende": "next", "next": "next", "skip": "next", "overslaan": "next",
    "terug": "back", "back": "back", "vorige": "back", "previous": "back",
    "stap": "step", "step": "step",
    "dossier": "record", "record": "record",
    "uitleg": "explain", "explain": "explain",
    "begrip": "term", "term": "term", "begrippen": "term", "glossary": "term",
    "vraag": "ask", "ask": "ask",
    "export": "export", "exporteer": "export", "exporteren": "export",
    "help": "help", "hulp": "help", "?": "help",
    "wijzig": "edit", "edit": "edit", "bewerk": "edit",
    "verwijder": "remove", "remove": "remove", "delete": "remove", "wis": "remove",
    "stelvoor": "draft", "stel-voor": "draft", "suggest": "draft", "draft": "draft",
    "voorstel": "draft",
    "stop": "quit", "stoppen": "quit", "quit": "quit", "exit": "quit", "afsluiten": "quit",
}
#: Typed alone, these leave the conversation as /stop does ("quit" was stored as an answer);
#: not "stop" or "stoppen" alone, which answer "Wat doet u als het mislukt?" as well.
_QUIT_WORDS = frozenset({"quit", "exit", ":q", ":wq", "/q"})


def is_quit(text: str) -> bool:
    """Whether the text asks to leave: /stop (/quit, /exit, /afsluiten) or "quit"/"exit" alone."""
    stripped = text.strip().lower().rstrip(".!")
    command = parse_command(stripped)
    return stripped in _QUIT_WORDS or (command is not None and command.name == "quit")


#: Typed alone, without the slash, these do what their command does: the welcome says a question
#: can be answered or skipped ("overslaan"), and "overslaan", "volgende" or "terug" were stored
#: as answers that closed the question. Not "stop": it answers "what if it fails?".
_BARE_COMMANDS = {
    "volgende": "next", "volgende vraag": "next", "overslaan": "next", "sla over": "next",
    "deze overslaan": "next", "next": "next", "next question": "next", "skip": "next", "skip this": "next",
    "terug": "back", "ga terug": "back", "vorige": "back", "vorige vraag": "back",
    "back": "back", "go back": "back", "previous": "back", "previous question": "back",
}
#: "ga naar stap 3", "naar stap drie", "go to step 4": the step command in words.
_GO_TO_STEP_RE = re.compile(r"^(?:(?:ga\s+)?(?:door\s+)?naar\s+stap|go\s+(?:on\s+)?to\s+step)\s+(\S.*)$", re.IGNORECASE)


def bare_command(text: str) -> Command | None:
    """The command a line means without its slash ("overslaan" is /volgende, "ga naar stap 3"
    is /stap 3), or None. `raw` is the text as typed."""
    low = " ".join(text.strip().lower().rstrip(".!").split())
    if low in _BARE_COMMANDS:
        return Command(_BARE_COMMANDS[low], "", text.strip())
    match = _GO_TO_STEP_RE.match(low)
    if match:
        return Command("step", match.group(1), text.strip())
    return None


def as_command(text: str) -> Command | None:
    """The command `text` is: a /command, or one of the words that mean one without the slash."""
    return parse_command(text) or bare_command(text)


def command_like(word: str) -> str | None:
    """The command word closest to a mistyped one ("trug" -> "terug"), or None. Two letters
    typed the wrong way round come first: difflib scores "stpe" nearer "stop" than "step"."""
    word = word.lower()
    known = [w for w in COMMAND_ALIASES if len(w) > 2]
    swapped = (word[:i] + word[i + 1] + word[i] + word[i + 2:] for i in range(len(word) - 1))
    turned = next((w for w in swapped if w in known), None)
    if turned is not None:
        return turned
    close = difflib.get_close_matches(word, known, n=1, cutoff=0.75)
    return close[0] if close else None


def parse_command(text: str) -> Command | None:
    """A command if ``text`` is one (``/word …``), else None. Unknown words give name ''."""
    stripped = text.strip()
    if stripped in ("/?",):
        return Command("help", "", "?")
    if re.fullmatch(r"/+", stripped):  # "/" or "//" alone: no answer, said as an unknown command
        return Command("", "", stripped[1:])
    # "/ volgende", "//volgende", "\volgende": a known command with a slip before it ("/ 2
    # weken" and "\\server\map" stay answers)
    slip = re.fullmatch(r"(?:/+\s+|/{2,}|\\)([A-Za-zÀ-ÿ][\w-]*)(\s+.*)?", stripped, re.DOTALL)
    if slip and slip.group(1).lower() in COMMAND_ALIASES:
        stripped = "/" + slip.group(1) + (slip.group(2) or "")
    match = _COMMAND_RE.match(stripped)
    if not match:
        return None
    word = match.group(1)
    arg = (match.group(2) or "").strip()
    if word.lower() == "stel" and re.match(r"voor\b", arg, re.IGNORECASE):  # "/stel voor [veld]"
        return Command("draft", arg[4:].strip(), "stel voor")
    return Command(COMMAND_ALIASES.get(word.lower(), ""), arg, word)
