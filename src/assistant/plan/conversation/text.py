"""Small text helpers of the conversation: shortening, question labels, quotes, checks as lines."""

from __future__ import annotations

import re
from functools import cache

from assistant.core.textsafe import escape_markdown, marks_left_open, short
from assistant.knowledge.text import QUESTION_WORDS, TOKEN_RE, fold, folded_words
from assistant.plan import record as rec
from assistant.plan.checks import Check, run_checks
from assistant.plan.messages import msg

QUOTE_MAX_CHARS = 320


def entry_type(field: str | None) -> type[rec.Entry] | None:
    """The entry type of a list field, or None (not a list field, or no field)."""
    if not field:
        return None
    try:
        return rec.field_spec(field).entry
    except rec.RecordError:
        return None


def parts_in_order(field: str | None) -> bool:
    """True when the list's entries take ``;``-separated parts in a fixed order (step 2's
    assessment: name; potential; TRL; …), so that ``;`` on one line never starts a new entry."""
    entry = entry_type(field)
    return entry is not None and bool(entry._ORDER)


def takes_name_and_note(field: str | None) -> bool:
    """True when the list's entries are typed as "name — note" (step 1's contacts, step 2's
    shortlist …): a ``;`` in the note goes on with the note."""
    entry = entry_type(field)
    return entry is not None and entry._NAME_AND_NOTE


#: At most this many lines of a saved value are quoted back; the record keeps them all.
QUOTED_LINES = 12


def value_lines(value: str, limit: int = 400, most: int | None = QUOTED_LINES) -> list[str]:
    """A saved value's lines (one, or several: a list typed or pasted line by line) as Markdown,
    each shortened to `limit`, at most `most` of them (None: all). Run together into one line, three
    names read as one and the user thinks the lines were lost."""
    lines = [escape_markdown(short(line, limit)) for line in value.split("\n") if line.strip()] or [""]
    if most is not None and len(lines) > most:
        lines = [*lines[:most], f"… (+{len(lines) - most})"]
    return lines


def _goes_on(line: str, after: str) -> bool:
    """Whether `line` is a sentence carried on to `after`: it ends in a comma, or ends without a
    stop, has a few words, and `after` opens in lower case ("… raken vaak vol" / "en dan …");
    not "bewoners" / "chauffeurs", a list typed in lower case."""
    return line.endswith(",") or (not line.endswith((".", "!", "?", ":", ";")) and len(line.split()) >= 3
                                  and after[:1].islower())


def reads_as_prose(value: str) -> bool:
    """Whether a text of several lines is paragraphs (an e-mail, a memo pasted: a blank line
    between them, or long lines) or a sentence carried on to a next line, rather than a list
    typed one per line ("Bewoners\nChauffeurs"): one sentence, ctrl+j and its continuation were
    shown as two bullets."""
    lines = [line for line in value.split("\n") if line.strip()]
    if len(lines) < 2:
        return False
    stripped = [line.strip() for line in lines]
    return bool(re.search(r"\n[ \t]*\n", value.strip())) or any(map(_goes_on, stripped, stripped[1:])) \
        or sum(map(len, lines)) / len(lines) > 80


def quoted_value(value: str, limit: int = 400, most: int | None = QUOTED_LINES, *, prose: bool = False) -> str:
    """A saved value quoted back as Markdown: its line, or its lines as items (value_lines); a
    text of several lines (`prose`: an e-mail, paragraphs pasted) in its paragraphs, line by line
    as typed, without a bullet before each (it read as if the text had been made a list)."""
    lines = value_lines(value, limit, most)
    if len(lines) == 1:
        return f"> {lines[0]}"
    if not prose:
        return "\n".join(f"> - {line}" for line in lines)
    # a paragraph's lines end in a hard break, and a blank line stays between paragraphs: each
    # line was a paragraph of its own, and the app shows a quote's paragraphs with no blank line
    # between them, so pasted paragraphs ran together
    after_blank: list[bool] = []  # per line that is not blank: whether a blank line came before it
    blank = False
    for line in value.split("\n"):
        if line.strip():
            after_blank.append(blank)
        blank = not line.strip()
    quoted = f"> {lines[0]}"
    for at, line in enumerate(lines[1:], 1):
        quoted += ("\n>\n> " if at >= len(after_blank) or after_blank[at] else "  \n> ") + line
    return quoted


#: An answer that is only one of these says yes or no, or that the question was read: the
#: words that only say yes or no of a yes-or-no answer too ("jazeker" to "Is er een use case …?
#: Beschrijf stap voor stap hoe …" was stored without a word)
BARE_REPLIES = frozenset({"ja", "nee", "yes", "no", "ok", "oke", "okay", "jawel", "jazeker", "jep", "neen",
                          "yep", "yeah", "yup", "sure", "nope", "nah"})


def bare_reply(text: str) -> str | None:
    """The word, when `text` is nothing but yes, no or ok ("Ja.", "yes!"), or that word with
    others that only stress it ("ja hoor!", "yes, of course")."""
    words = TOKEN_RE.findall(fold(text))
    if not words or words[0] not in BARE_REPLIES:
        return None
    rest = re.sub(r"^\W*\w+", "", text.strip())
    return text.strip().strip(".!?,;: ") if len(words) == 1 or rec.only_fillers(rest) else None


@cache
def _referring_phrases() -> frozenset[str]:
    # both languages' phrases at once: a Dutch user may type "idem" in the English interface
    return frozenset(folded_words(p) for lang in ("nl", "en")
                     for p in msg("refers_elsewhere_phrases", lang).split(";") if p.strip())


def refers_elsewhere(text: str) -> bool:
    """Whether `text` is nothing but a pointer to another answer ("zie boven", "idem", "same as
    above."): stored, the record read "Tijd: zelfde als hierboven", nonsense on its own."""
    return folded_words(text) in _referring_phrases()


#: Words that ask for a description as a question word does: "beschrijf kort de vier scenario's"
#: asked no question word, and "ja" was stored as a scenario
DESCRIBE_WORDS = frozenset({"beschrijf", "noem", "beoordeel", "describe", "assess"})


#: "waar" with a preposition asks a question ("waarom", "waarop", "waarvoor"); other words that
#: begin so do not ("Menselijke waardigheid:" was labelled as a question, "Menselijke waardigheid?")
_WAAR_WORD = re.compile(r"waar(?:aan|achter|bij|binnen|buiten|door|heen|in|langs|mee|na|naar|om|onder|op|over"
                        r"|tegen|toe|tussen|uit|van|voor|zonder)?")


def asks_open(prompt: str) -> bool:
    """Whether the question asks what, who, why or how ("Welke …", "Met wie …", "Is er een use
    case? Beschrijf hoe …"), or to describe something: a yes or no does not answer it, as it
    does "Is er financiering?"."""
    return any(word in QUESTION_WORDS or word in DESCRIBE_WORDS or _WAAR_WORD.fullmatch(word)
               for word in TOKEN_RE.findall(fold(prompt)))


#: A question's label where it heads its answer (a summary, a lesson's example): its whole first
#: sentence (the longest is 136 characters).
LABEL_CHARS = 160


def question_label(prompt: str, limit: int = 60) -> str:
    """A short label for a question: its first sentence, shortened; a question cut at the colon
    before its choices ends in "?". A colon before a quote does not end it: each of step 9's
    judgements was labelled "Minimale eis (stap 3)", the input's placeholder too, and none said
    which requirement it judged; nor does anything within brackets or a quote (a criterion's
    "(doel: 28% minder)" ended its label at "(doel")."""
    text = " ".join(prompt.split())
    first = _first_sentence(text)
    if first.endswith(":") and asks_open(first):
        # a question whose choices follow its colon ("Welke vorm kiest u: proeftuin, …?") is
        # labelled as the question it is: "Welke vorm kiest u: innovatiepartnerschap" read on
        # into its answer, where every other label ends in "?"
        first = first[:-1] + "?"
    return short(first.rstrip(".:"), limit)


def _first_sentence(text: str, *, at_colon: bool = True) -> str:
    """`text` up to the end of its first sentence: a ".", "?" or "!", or (with `at_colon`) a colon
    not before a quote, followed by a space or the end, outside brackets and quotation marks."""
    depth, quoted = 0, False
    for at, ch in enumerate(text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch in "“”":
            quoted = ch == "“"
        elif depth == 0 and not quoted and text[at + 1:at + 2] in ("", " "):
            if ch in "?.!" or at_colon and ch == ":" and not text[at + 1:].lstrip().startswith(("“", '"')):
                return text[:at + 1]
    return text


def first_sentences(text: str, limit: int = QUOTE_MAX_CHARS) -> str:
    """The opening sentences of `text` that fit in `limit` characters (else its words, cut)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    sentences = re.split(r"(?<=[.!?])\s+", text)
    out = ""
    for s in sentences:
        if out and len(out) + len(s) + 1 > limit:
            break
        out = f"{out} {s}".strip()
    if not out or len(out) > limit:
        out = text[:limit].rsplit(" ", 1)[0] + " …"
    return out


#: A command in backticks, as escape_markdown leaves it: "\\`/stap 4\\`".
COMMAND_ESCAPED_RE = re.compile(r"\\`(/[^`\\]*)\\`")


def check_text(check: Check, lang: str, at: str | None = None) -> str:
    """One check as a Markdown line: its message (escaped: it may quote user text) and the
    guidance it rests on. `at`: the field of the list question asked (Renderer.list_asked),
    where a way to that list is not said (Check.message)."""
    text = escape_markdown(check.message(lang, at=at) or str(check))
    # a command the message names stays code (its backticks were shown, escaped, as typed)
    text = COMMAND_ESCAPED_RE.sub(r"`\1`", text)
    if label := check.ref.label(lang):
        text += f" ({escape_markdown(label)})"
    return text


def checks(record: rec.ProjectRecord, step: int | None = None) -> list[Check]:
    """The record's open checks, optionally only those of one step."""
    found = run_checks(record)
    return found if step is None else [c for c in found if c.step == step]


def said_anew(before: list[Check], after: list[Check]) -> list[Check]:
    """The checks of `after` to say after a change: those `before` lacked, and those it had that
    now read otherwise ("missing: budget; and only partly arranged: time", where it said "time"
    alone, was not said: the record's panel changed without a word)."""
    said = {w.key: (w.message_nl, w.message_en) for w in before}
    return [w for w in after if said.get(w.key) != (w.message_nl, w.message_en)]


def replacements(before: list[Check], after: list[Check]) -> dict[str, Check]:
    """{key of a check of `before` gone from `after`: the check of its rule (Check.family), about
    the same entry, that `after` raised in its place}. The mandate short of the budget, gone when
    step 3 named a ceiling the mandate is short of too, was said "✓ Opgelost" while it stood."""
    keys_before, keys_after = {w.key for w in before}, {w.key for w in after}
    raised = [w for w in after if w.key not in keys_before]
    out = {}
    for old in before:
        new = next((w for w in raised if w.family == old.family and w.entry_id == old.entry_id), None)
        if old.key not in keys_after and new is not None:
            out[old.key] = new
    return out


def check_changes(before: rec.ProjectRecord,
                  after: rec.ProjectRecord) -> tuple[list[Check], list[Check], dict[str, Check]]:
    """The checks a change raised or reworded (said_anew), those it put right or replaced
    (`before` had them, `after` not), and what replaced them; each record checked once."""
    old, now = checks(before), checks(after)
    now_keys = {w.key for w in now}
    return said_anew(old, now), [w for w in old if w.key not in now_keys], replacements(old, now)


def on_whole_list(check: Check, field: str) -> bool:
    """Whether `check` is about the list at `field` as a whole (the weights' sum, an aspect no
    requirement covers), not about one of its lines."""
    return check.field == field and check.entry_id is None


#: A resolved check is named by its first sentence, whole up to this long; a longer one by its
#: first clauses (cut at a word at 120, "✓ Opgelost: … maar een SBIR legt geen…" left out what
#: was put right).
RESOLVED_CHARS = 240


def _headline(check: Check, lang: str) -> str:
    """A check named by its first sentence, without its stop (a check's colon introduces what
    it is about: "✓ Opgelost: Nog geen eis voor." said nothing). One too long ends with a
    clause, not inside one, where a clause ends after its first third."""
    sentence = _first_sentence(" ".join(check.plain_message(lang).split()), at_colon=False).rstrip(".:")
    if len(sentence) <= RESOLVED_CHARS:
        return sentence
    ends = [m.start() for m in re.finditer(r", |; | [–—] ", sentence[:RESOLVED_CHARS])]
    for at in reversed(ends):
        if at >= RESOLVED_CHARS // 3 and not marks_left_open(sentence[:at]):  # no quotation cut open
            return sentence[:at] + "…"
    return short(sentence, RESOLVED_CHARS)


def resolved_text(found: list[Check], lang: str) -> str:
    """Checks a change resolved, each in a line of its own under the stored answer: without a
    word, the user had to open /dossier to see that a fix had worked."""
    lines = []
    for check in found:
        headline = _headline(check, lang)
        line = msg("check_resolved", lang, check=escape_markdown(headline))
        # a headline cut short ends in "…" (and the quotes and brackets the cut closed), or a
        # question ends in "?": the line's own stop after it read "niet…." and "oplossing?."
        lines.append(line.removesuffix(".") if headline.rstrip("”’»\")]}").endswith(("…", "?", "!")) else line)
    return "".join(f"\n\n{line}" for line in lines)


def lapsed_why(check: Check, after: rec.ProjectRecord) -> str | None:
    """Why `check`, gone in `after`, went with what it was about rather than being put right
    (a message key): its entry removed, or its field (a list, an answer) now empty; None when
    what it was about is still there."""
    if check.entry_id is not None and rec.find_entry(after, check.entry_id) is None:
        return "check_lapsed_entry"
    try:
        value = rec.get_field(after, check.field)
    except rec.RecordError:  # a path through an entry removed
        return "check_lapsed_entry"
    if rec.has_content(value):
        return None
    return "check_lapsed_list" if isinstance(value, list) else "check_lapsed_answer"


def changes_text(resolved: list[Check], fresh: list[Check], replaced: dict[str, Check],
                 after: rec.ProjectRecord, lang: str, at: str | None = None) -> str:
    """What a change did to the checks, under the stored answer: those it resolved, those that
    lapsed with what they were about (lapsed_why), those it replaced by another of their rule
    (said with the one now open, in full), and the new ones (warnings_text). One whose
    replacement is not said now (held back: asked later in the step) is not said at all: it was
    not resolved."""
    said = {w.key for w in fresh}
    pairs = [(old, replaced[old.key]) for old in resolved if old.key in replaced and replaced[old.key].key in said]
    now = {new.key for _, new in pairs}
    gone = [(w, lapsed_why(w, after)) for w in resolved if w.key not in replaced]
    text = resolved_text([w for w, why in gone if why is None], lang)
    text += "".join("\n\n" + msg("check_lapsed", lang, check=escape_markdown(_headline(w, lang)),
                                 why=msg(why, lang)) for w, why in gone if why is not None)
    text += "".join("\n\n" + msg("check_replaced", lang, check=escape_markdown(_headline(old, lang)),
                                 now=check_text(new, lang, at)) for old, new in pairs)
    return text + warnings_text([w for w in fresh if w.key not in now], lang, at)


#: Of the checks of one kind that one answer raises, this many are said; the rest are counted
#: (a requirement removed that 22 criteria named gave 22 warnings alike).
SAID_PER_KIND = 3


def warnings_text(found: list[Check], lang: str, at: str | None = None) -> str:
    """Checks said under a stored answer, each a paragraph of its own (`at`: as check_text)."""
    said: list[Check] = []
    per_kind: dict[str, int] = {}
    for check in found:
        per_kind[check.id] = per_kind.get(check.id, 0) + 1
        if per_kind[check.id] <= SAID_PER_KIND:
            said.append(check)
    text = "".join(f"\n\n⚠ {check_text(w, lang, at)}" for w in said)
    more = len(found) - len(said)
    return text + ("\n\n" + msg("warnings_more", lang, count=more) if more else "")
