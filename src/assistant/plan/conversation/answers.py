"""Storing answers: parsing a typed answer into the record, list answers, choices, step 9's
judgement questions, and moving on to the next open question or step."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from assistant.core.textsafe import escape_markdown, short
from assistant.plan import intent as intents
from assistant.plan import record as rec
from assistant.plan.checks import UNJUDGED, Check, money_amount, says_not_arranged
from assistant.plan.conversation.state import ListFilling, Refill
from assistant.plan.conversation.text import (LABEL_CHARS, asks_open, bare_reply, changes_text, checks, entry_type,
                                               on_whole_list, parts_in_order, question_label, quoted_value,
                                               reads_as_prose, refers_elsewhere, replacements, said_anew,
                                               takes_name_and_note, warnings_text)
from assistant.plan.messages import cannot_parse, entry_count, msg
from assistant.plan.steps import Choice, Plan, Question

if TYPE_CHECKING:
    from assistant.plan.conversation.engine import Conversation
    from assistant.plan.conversation.turns import Turn

#: The fields of step 9's judgements: one per requirement and criterion, asked one by one.
JUDGEMENT_PREFIX = "step9.judgements."
_KEYED_SEGMENT = re.compile(r"^\s*[^:=;]{1,40}?\s*[:=]\s*\S")
#: The choice that means "not decided yet" (the procurement strategy of step 6).
UNDECIDED_CHOICE = rec.ProcurementStrategy.UNDECIDED.value
_CHOICE_NUMBER = re.compile(r"^\s*(\d{1,2})\s*(?:[.)\-—–:,]\s*|\s+|$)(.*)$", re.S)


def is_judgement(field: str) -> bool:
    """Whether `field` is one of step 9's judgements (of one requirement or criterion)."""
    return field.startswith(JUDGEMENT_PREFIX)


def split_list_answer(text: str, field: str | None = None) -> list[str]:
    """Entries of an answer to a list question: one per line; within a line, ``;``
    separates entries unless the later segments are ``key: value`` parts of one entry
    (``"Onderhoud daalt; doel: 20%; eis: 1"`` is one criterion), as the hint says: on the
    last of three lines, "Semantisch zoeken (hackathon); Kennisgrafen (onderzoek)" was one entry."""
    stripped = text.strip()
    if "\t" in stripped:
        stripped = _cells_as_parts(stripped, field)
    if "\n" in stripped:
        return [entry for line in intents.split_entries(stripped)
                for entry in split_list_answer(_sentence_semicolons_kept(line, field), field)]
    parts = [p.strip() for p in stripped.split(";") if p.strip()]
    if len(parts) > 1 and parts_in_order(field):
        one = rec.strip_list_mark(stripped)
        return [one] if one else []
    if len(parts) > 1 and _has_entry_keys(parts[1:], field):
        return [b for group in _keyed_entries(parts, field) if (b := rec.strip_list_mark("; ".join(group)))]
    if len(parts) > 1 and takes_name_and_note(field):
        parts = _notes_joined(parts, field)
    # one typed line: each ";" separates entries, as the question's hint says ("en ook ; scheidt
    # regels"); a ";" between two longer clauses was kept, and "een rapport met de meetresultaten
    # van de pilot; advies van handhavers" was one deliverable. Only a clause that opens with a
    # word that goes on with the sentence before it ("; maar …", "; they …") stays with it.
    return [b.replace(_KEPT_SEMICOLON, ";") for p in _clauses_joined(parts) if (b := rec.strip_list_mark(p))]


#: The dash between an entry's name and its note ("Gemeente Y — ervaringen met …").
_NOTE_DASH = re.compile(r"\s[—–-]{1,2}\s")


def _notes_joined(parts: list[str], field: str | None) -> list[str]:
    """``;``-separated segments of a "name — note" list, with a segment after a note kept in that
    note: "Veiligheidsregio Twente — ervaringen met eigen dronevloot; contactpersoon teamleider
    drones" was two contacts, the second "contactpersoon teamleider drones". A segment with a
    name and note of its own ("A — drones; B — sensoren"), or that chooses in brackets a label
    the entry before has chosen already (opens_entry), is the next entry."""
    out: list[str] = []
    for part in parts:
        if out and _NOTE_DASH.search(out[-1]) and not _NOTE_DASH.search(part) \
                and not opens_entry(out[-1], part, field):
            out[-1] = f"{out[-1]}; {part}"
        else:
            out.append(part)
    return out


def kept_in_note(entry: str, field: str | None) -> list[str]:
    """The segments after a ``;`` that `entry`, a line of a "name — note" list, keeps in its note
    and that open with a capital, as an entry's name does: said where they stay, not lost unseen in
    a note where the user may have meant a line of their own."""
    dash = _NOTE_DASH.search(entry) if takes_name_and_note(field) else None
    if dash is None:
        return []
    return [seg.strip() for seg in entry[dash.end():].split(";")[1:] if seg.strip()[:1].isupper()]


def _labels_chosen(text: str, field: str | None) -> set[str]:
    """The parts of an entry of the list at `field` that words in brackets of `text` choose a
    label for (its kind of source, its aspect): {"source_kind"} for "5G (marktverkenning)"."""
    entry = entry_type(field)
    if entry is None or "(" not in text:
        return set()
    words = [w.strip() for group in re.findall(r"\(([^()]*)\)", text) for w in group.split(",") if w.strip()]
    parsed = entry.from_text(text)
    return {name for name in type(parsed).model_fields if isinstance(value := getattr(parsed, name), rec.LabeledEnum)
            and any(type(value).parse(w) is value for w in words)}


def opens_entry(before: str, segment: str, field: str | None) -> bool:
    """Whether `segment`, after a ``;``, opens an entry of its own: it chooses in brackets a label
    that `before` chose already, and an entry has one of each ("AI-beeldherkenning (onderzoek) —
    TU Delft; 5G-verbinding voor live beelden (marktverkenning)" was one technology, the second
    and its kind of source kept in the first one's note)."""
    return bool(_labels_chosen(segment, field) & _labels_chosen(before, field))


#: A segment after a ";" that opens with one of these, in lower case, goes on with the sentence
#: before it ("Involve inspectors from day one; they know where the weak spots are" was two
#: lessons, the second "they know …"). Not the words an entry may open with ("het systeem
#: werkt offline", "this sensor …").
_GOES_ON = frozenset({
    "they", "we", "he", "she", "which", "so", "but", "because", "then", "otherwise",
    "ze", "zij", "wij", "hij", "maar", "dus", "want", "omdat", "daarom", "daardoor", "anders", "dan",
})


def _cells_as_parts(text: str, field: str | None) -> str:
    """Rows copied from a spreadsheet (cells apart by tabs) as the question takes an entry's
    parts: with ";" where it takes them in order (step 2's assessment: name; potential; TRL; …),
    else as a name and its note (" — "). The columns were glued into the name with spaces, and
    each note was empty. A tab before a row's first cell (a pasted bullet) is left alone."""
    joint = "; " if parts_in_order(field) else " — "
    lines = text.split("\n")
    # a first row that names the columns (their parts' words: "Criterium<tab>Doel<tab>Eis") is
    # no entry: it was stored as one, and set off its checks; where it names each column's part
    # once, the cells below it are those parts ("…; doel: 30%; eis: AVG-conform")
    header = _column_keys(lines[0], field) if len(lines) > 1 else None
    if header is not None:
        lines = lines[1:]
    rows = []
    for row in lines:
        lead = row[: len(row) - len(row.lstrip())]
        cells = [cell.strip() for cell in row.strip().split("\t")]
        if len(cells) > 1 and rec.is_list_mark(cells[0]):  # "•<tab>text", "o<tab>text": a list's mark
            cells = cells[1:]
        if header and any(header[1:]) and not parts_in_order(field) and len(cells) <= len(header):
            keyed = [f"{name}: {cell}" if name else cell for name, cell in zip(header[1:], cells[1:]) if cell]
            rows.append(lead + "; ".join([cells[0], *keyed]))
            continue
        if parts_in_order(field) and "" in cells[1:]:
            # an empty cell keeps the cells after it in their column: each part named by its key
            # (a TRL after an empty "potentie" was read as the potential)
            rows.append(lead + "; ".join([cells[0], *(f"{key}: {cell}" for key, cell
                                                        in zip(_part_keys(field)[1:], cells[1:]) if cell)]))
            continue
        rows.append(lead + joint.join(cell for cell in cells if cell))
    return "\n".join(rows)


def _part_keys(field: str | None) -> list[str]:
    """The key of each part of an entry taken in order, in that order: its own name, which
    every entry's keys hold ("technology", "potential", "trl", "market parties", …)."""
    entry = entry_type(field)
    return [rec._norm(name) for name in entry._ORDER] if entry is not None else []


def _column_keys(row: str, field: str | None) -> list[str | None] | None:
    """The words a spreadsheet's first row names its columns with, where it is such a row: two
    cells or more, most of them words the entry's parts are typed with ("Doel", "Eis", "TRL").
    Each cell's word is given where it names a part no other cell names, else None for every
    cell (the row is a header, its columns not told apart); None where the row is no header."""
    keys = _entry_keys(field)
    cells = [cell.strip() for cell in row.strip().split("\t")]
    named = [keys.get(rec._norm(cell)) for cell in cells]
    if len(cells) < 2 or sum(name is not None for name in named) < max(2, (len(cells) + 1) // 2):
        return None
    parts = [name for name in named[1:] if name is not None]
    if len(parts) != len(set(parts)) or any(name is None for name in named[1:]):
        return [None] * len(cells)  # a header all the same: its columns stay a name and its note
    return cells


#: Entries typed with ";" between them are this short ("sensoren; drones"): a longer piece on
#: either side of a ";" before a word in lower case is one sentence going on.
SHORT_ENTRY_WORDS = 3
#: Stands for a ";" that goes on with its sentence, while the line is split (put back after).
_KEPT_SEMICOLON = "\uf8ff"


def _sentence_semicolons_kept(line: str, field: str | None) -> str:
    """A line of an answer of several lines (pasted, one entry per line), with the ";" that go on
    with their sentence kept from splitting it: before a segment that does not open with a capital,
    where either side is longer than a few words ("… meten al; resultaten positief", "… is AVG-conform; een DPIA is uitgevoerd", "… bruikbaar;
    5+ leveranciers" each became two entries, the second a technology called "resultaten positief").
    A line of entries typed with ";" ("Drones; Sensoren") still splits; and so do parts with keys."""
    parts = line.split(";")
    if len(parts) < 2 or parts_in_order(field) or _has_entry_keys([p.strip() for p in parts[1:] if p.strip()], field):
        return line
    kept = parts[0]
    for before, part in zip(parts, parts[1:]):
        first = part.lstrip()[:1]
        long_sides = [len(before.split()) > SHORT_ENTRY_WORDS, len(part.split()) > SHORT_ENTRY_WORDS]
        sentence = any(long_sides)
        # parts each closed by their own "(aspect)" are entries: "data van de gemeente (data); werkt
        # ook bij regen (technisch)" was one requirement, and a check missed the data requirement.
        # Only the part before closed so is no sign: "… — volwassen (TRL 8); direct inzetbaar op
        # twee dijkvakken" made a candidate of the reason's second half
        annotated = before.rstrip().endswith(")") and part.rstrip().endswith(")") or opens_entry(before, part, field)
        kept += (_KEPT_SEMICOLON if first and not first.isupper() and sentence and not annotated else ";") + part
    return kept


def _clauses_joined(parts: list[str]) -> list[str]:
    out: list[str] = []
    for part in parts:
        first = part.split(maxsplit=1)[0] if part else ""
        if out and first.islower() and first.strip(",.") in _GOES_ON:
            out[-1] = f"{out[-1]}; {part}"
        else:
            out.append(part)
    return out


#: Questions that ask for an amount of money, in words a user types (no number type of its own).
AMOUNT_FIELDS = frozenset({"step3.budget_ceiling"})
#: The answers the checks on amounts read an amount from (plan.checks._below_ceiling)
MONEY_FIELDS = AMOUNT_FIELDS | {"step0.preconditions.budget", "step0.preconditions.mandate"}
#: A currency said: the answer means to name an amount
_CURRENCY_RE = re.compile(r"€|\beur(?:o|os)?\b", re.I)
#: A question that asks for a quantity, which a digit alone may answer ("Hoe lang …?", "How many …?")
_ASKS_QUANTITY_RE = re.compile(r"\b(?:hoeveel|hoelang|hoe\s+lang|how\s+(?:many|much|long))\b", re.I)


def says_too_little(q: Question, text: str) -> bool:
    """Whether `text`, typed at the text or list question `q`, is a single character ("1", "x"):
    a slip of the finger, or a choice's number at a question without choices, as often as an
    answer; stored, it closed a required question, or became a list's line ("2. 1", typed twice
    at a choice). A digit answers a question that asks how much."""
    return q.kind in ("text", "list") and len(text.strip()) == 1 and q.field not in AMOUNT_FIELDS \
        and not (text.strip().isdigit() and _ASKS_QUANTITY_RE.search(q.prompt))


def amount_says_yes(value: rec.Precondition) -> bool:
    """Whether `value`, an answer without a yes or no to a question whether money is there
    (Question.amount_means_yes), names an amount ("50k", "2 ton", "€ 80.000") and says nothing
    that makes it less than there ("nog geen 50k", "maybe 50k", "n.v.t.")."""
    note = value.note
    amount = money_amount(note)
    return value.ok is None and bool(amount) and not _MONEY_NOT_THERE_RE.search(note) \
        and not says_not_arranged(note) and not rec.says_not_applicable(note) and not rec.says_not_known_yet(note)


#: Words beside an amount that say the money is needed, short, asked for, hoped for or on a
#: condition, not there: "we hebben 50k nodig", "50k tekort", "50k mits de raad instemt".
_MONEY_NOT_THERE_RE = re.compile(
    r"\b(?:nodig|tekort\w*|mis(?:t|sen)|ontbre(?:ekt|ken)|need(?:s|ed)?|short(?:fall)?|lack\w*|missing"
    r"|mits|indien|tenzij|unless|provided\s+that|onder\s+voorbehoud|subject\s+to|hopelijk|hopen|hope\w*"
    r"|gevraagd|aangevraagd|requested|asked\s+for|voorlopig|provisional\w*|nog\s+(?:geen|niet)|not\s+yet"
    # "als" or "if" opening a condition ("als de raad instemt"), not "als reservering"
    r"|(?:als|if)\s+(?:de|het|er|we|wij|ze|zij|u|die|dat|the|we|they|it|there)\b)",
    re.I)


def list_stays(held: int, total: int, text: str) -> bool:
    """Whether a list question waits for another line after the answer `text` took it from
    `held` entries to `total`: after one typed line, however many entries its ";" made, as after
    a line added to entries it held (who types one entry per Enter gave the next question their
    second: "AVG" stored as step 3's budget; a first line split at its ";" moved on, and four
    requirements were stored as the budget, the timeline, …); a list given whole, several lines
    at once into an empty list, moves on (said: "list_closed")."""
    return held > 0 or total == 1 or "\n" not in text.strip()


def example_has_parts(q: Question) -> bool:
    """Whether the list question's example gives its entry parts after a ``;`` ("Doorlooptijd
    …; doel: 90% binnen 48 uur; eis: …"): there a ``;`` does not separate entries."""
    parts = [p.strip() for p in (q.example or "").split(";") if p.strip()]
    return q.kind == "list" and len(parts) > 1 and _has_entry_keys(parts[1:], q.field)


def _segment_field(segment: str, keys: dict[str, str]) -> str | None:
    """The field a ``key: value`` segment fills (any key where the entry names none)."""
    if not _KEYED_SEGMENT.match(segment):
        return None
    key = rec._norm(segment.split(":", 1)[0].split("=", 1)[0])
    return keys.get(key, key) if not keys or key in keys else None


def _keyed_entries(parts: list[str], field: str | None) -> list[list[str]]:
    """``;``-separated segments grouped into entries: a key that comes again opens the next
    entry, with the plain segments just before it ("Ongevallen; doel: 20% minder; Uptime;
    doel: 99,5%" is two criteria; it was one, its targets run together)."""
    keys = _entry_keys(field)
    groups: list[list[str]] = [[]]
    seen: set[str] = set()
    for part in parts:
        name = _segment_field(part, keys)
        current = groups[-1]
        plain = 0  # the plain segments that end the current entry: the next one's head
        while plain < len(current) - 1 and _segment_field(current[-1 - plain], keys) is None:
            plain += 1
        if name is not None and name in seen and plain:  # no head: the key's second value
            groups[-1], head = current[:len(current) - plain], current[len(current) - plain:]
            groups.append(head)
            seen = set()
        groups[-1].append(part)
        if name is not None:
            seen.add(name)
    return [group for group in groups if group]


def _has_entry_keys(segments: list[str], field: str | None) -> bool:
    keys = _entry_keys(field)
    if field and not keys:
        return False
    return any(_segment_field(seg, keys) is not None for seg in segments)


def _entry_keys(field: str | None) -> dict[str, str]:
    """The ``key: value`` words the entries of the list at `field` take (none: any)."""
    entry = entry_type(field) if field else None
    return dict(entry._KEYS) if entry is not None else {}


def short_entry_name(entry: rec.Entry) -> str:
    """What a list entry is called (its main field), shortened: “Robotic process automation”."""
    return short(rec.entry_name(entry), 60)


def choice_text(q: Question, text: str) -> str:
    """'2' or '2 — toelichting' picks the second choice; 'innovatiepartnerschap?' is
    taken as the choice it names."""
    text = text.strip()
    if "\n" not in text:
        text = text.rstrip("? ") or text
    m = _CHOICE_NUMBER.match(text)
    if m and q.choices:
        n = int(m.group(1))
        if 1 <= n <= len(q.choices):
            rest = m.group(2).strip()
            value = q.choices[n - 1].value
            return f"{value} — {rest}" if rest else value
    return text


def judgement_questions(plan: Plan, record: rec.ProjectRecord, lang: str) -> list[Question]:
    """One judgement question per requirement and criterion (judged or not), so that
    navigation through step 9 is stable."""
    tpl = plan.step(9).judgement
    if tpl is None:
        return []
    criteria = {c.id: c for c in record.step4.criteria}
    choices = tuple(Choice(value=v, label=lbl) for v, lbl in rec.JudgementVerdict.choices(lang))
    out = []
    for ref_id, kind, text in rec.judgement_items(record):
        target = criteria[ref_id].target if kind == "criterion" else ""
        prompt = tpl.prompt(kind, escape_markdown(text), escape_markdown(target))
        out.append(Question(id=f"judge_{ref_id}", field=f"{JUDGEMENT_PREFIX}{ref_id}", kind="choice",
                            prompt=prompt, help=tpl.help, example=tpl.example, required=True,
                            choices=choices, ref_id=ref_id, ref_kind=kind))
    return out


def judgement_of(record: rec.ProjectRecord, q: Question) -> rec.Judgement | None:
    """The stored judgement a step-9 question asks for (None while not judged)."""
    return rec.find_judgement(record, q.ref_id or q.field.split(".")[2])


def value_of(record: rec.ProjectRecord, q: Question) -> object:
    """What `q`, a question of one value, holds in `record`: a step-9 question's judgement, else
    its field's value (None while nothing is held)."""
    return judgement_of(record, q) if is_judgement(q.field) else rec.get_field(record, q.field)


def words_read_as(entry: rec.Entry, typed: str, lang: str) -> list[tuple[str, str]]:
    """The words in brackets of `typed` that chose a label of `entry` (a kind of source, an
    aspect) and read otherwise than that label: ("onderzoek", "onderzoek bij een kennisinstelling")."""
    words = [w.strip() for group in re.findall(r"\(([^()]*)\)", typed) for w in group.split(",") if w.strip()]
    out = []
    for name in type(entry).model_fields:
        value = getattr(entry, name)
        if not isinstance(value, rec.LabeledEnum):
            continue
        label = value.label(lang)
        said = next((w for w in words if type(value).parse(w) is value), None)
        if said is not None and " ".join(said.casefold().split()) != label.casefold():
            out.append((said, label))
    return out


def _about(check: Check, field: str) -> bool:
    """Whether `check` is about `field`, a part of it, or the whole it is a part of."""
    return check.field == field or check.field.startswith(field + ".") or field.startswith(check.field + ".")


class Answers:
    """Stores the answer to the pending question and moves the conversation on."""

    def __init__(self, conversation: Conversation) -> None:
        self.c = conversation
        #: (field, reply) of the last reply refused as saying too little: typed again, it is stored
        self._too_little: tuple[str, str] | None = None

    @property
    def lang(self) -> str:
        return self.c.lang

    def answer(self, text: str, prefix: list[Turn] | None = None) -> list[Turn]:
        q = self.c.pending
        if q is None:
            return list(prefix or []) + self.c.guidance.ask(text)
        if self.c.proposals.wants(q, text):
            prefix = list(prefix or [])
            proposed = self.c.proposals.propose(q, text, prefix)
            if proposed is not None:
                return proposed
        return self.answer_plain(q, text, list(prefix or []))

    def answer_plain(self, q: Question, text: str, out: list[Turn]) -> list[Turn]:
        """Store ``text`` as the answer to ``q`` only, as typed (no language model)."""
        if q.kind == "list" and (word := bare_reply(text)) and asks_open(q.prompt):
            # a yes or no is no entry of an open list: "ja" was stored as a technology, and
            # reached the record and the exports; a text question keeps it, with a note
            out.append(self.c.render.say("info", msg("list_bare_reply", self.lang, word=escape_markdown(word)),
                                         field=q.field))
            return self.c.reply(out)
        if refers_elsewhere(text):
            return self._refers_elsewhere(q, text, out)
        refused, self._too_little = self._too_little, None
        if says_too_little(q, text) and refused != (q.field, text.strip()):
            # "1" at "Which changes to policy …?" was stored and closed the question
            self._too_little = (q.field, text.strip())
            out.append(self.c.render.say("info", msg("reply_too_short", self.lang,
                                                     reply=escape_markdown(text.strip())), field=q.field))
            return self.c.reply(out)
        # One write transaction from reading the record to storing it: another process (or
        # window) on the same project cannot slip a change in between and lose it.
        step = self.c.current_step  # q's: the answer may move the conversation to another step
        with self.c.store.transaction():
            # what this window's conversation last showed here (the app takes the stored record
            # in between inputs, for its record panel, without a word in the conversation)
            seen = self.c.render.value_text(q, self.c.shown)
            self.c.refresh_record()
            other = self.c.render.value_text(q)
            turns = self._answer_locked(q, text, out)
        stored = next((t for t in turns if t.kind == "stored" and t.field == q.field), None)
        if q.kind == "list" or stored is None:  # lists take both windows' lines; nothing stored
            return turns
        if other and other != seen:
            # another window stored an answer here since this one last looked: replaced, and said
            stored.text += "\n\n" + msg("replaced_other_window", self.lang, other=escape_markdown(short(other)))
        elif seen and self.c.render.value_text(q) != seen:
            # the answer there before, in full: with the question's current answer out of sight
            # (below the fold at 80×24), typing replaced it without a word
            stored.text += "\n\n" + msg("replaced", self.lang) + "\n" + quoted_value(seen, limit=4000, most=None)
        if other and self.c.render.value_text(q) != other:
            stored.text += self._given_with_old(q, step)
        return turns

    def _refers_elsewhere(self, q: Question, text: str, out: list[Turn]) -> list[Turn]:
        """`text` only points to another answer ("zie boven"): nothing is stored, and the answer to
        the question before `q`, where it holds one, is shown to copy."""
        said = msg("refers_elsewhere", self.lang, typed=escape_markdown(short(text.strip(), 60)))
        qs = self.c.questions()
        ids = [x.id for x in qs]
        before = qs[ids.index(q.id) - 1] if q.id in ids and ids.index(q.id) > 0 else None
        previous = self.c.render.value_text(before) if before is not None else ""
        if before is not None and previous:
            label = escape_markdown(question_label(before.prompt))
            said += "\n\n" + msg("refers_elsewhere_previous", self.lang, question=label) + "\n" \
                + quoted_value(previous, prose=reads_as_prose(previous))
        out.append(self.c.render.say("info", said, field=q.field))
        return self.c.reply(out)

    def _given_with_old(self, q: Question, step: int) -> str:
        """The answered questions of this step and later ones given with `q`'s answer, now
        replaced, in view (Question.given_with): "Procedure: SBIR" stood beside reasons that named
        the innovation partnership chosen before, unflagged; and step 7's procedure beside step 6's
        strategy "later aanbesteden" that no longer fits it. `step` is `q`'s: the answer may have
        moved the conversation on (back to step 7, from where /stap 6 11 was typed)."""
        given = [(n, number, escape_markdown(question_label(x.prompt, LABEL_CHARS)))
                 for n, number, x in self.given_with(q, step)]
        if len(given) == 1:
            n, number, label = given[0]
            key = "given_with_old" if n == step else "given_with_old_step"
            return "\n\n" + msg(key, self.lang, step=n, number=number, question=label)
        # several (a strategy changed in step 6, three of step 7's answers): one note, a line each
        return "".join(["\n\n" + msg("given_with_old_many", self.lang) if given else ""]
                       + ["\n" + msg("given_with_old_line", self.lang, step=n, number=number, question=label)
                          for n, number, label in given])

    def given_with(self, q: Question, step: int) -> list[tuple[int, int, Question]]:
        """(step, number, question) of each answered question of step `step` (`q`'s) and later
        ones that is given with `q`'s answer in view (Question.given_with)."""
        return [(n, number, x) for n in rec.STEP_NUMBERS if n >= step
                for number, x in enumerate(self.c.questions(n), 1)
                if (q.id if n == step else f"step{step}.{q.id}") in x.given_with and self.c.is_answered(x)]

    def _mark_to_review(self, q: Question, step: int, before: str) -> None:
        """`q` just answered in step `step`, its answer `before` that: answered again (the same
        text too), its own mark goes; its answer replaced, the answers given with it in view are
        marked to look at again (the note said once in the conversation was all there was)."""
        marks = self.c.data.to_review
        marks.pop(q.field, None)
        if before and self.c.render.value_text(q) != before:
            marks.update((x.field, step) for _, _, x in self.given_with(q, step))

    def not_known_yet(self, text: str = "") -> list[Turn]:
        """"Weet ik nog niet": nothing is stored, the question stays open (or keeps its answer)
        and the conversation moves on, saying how to come back. A choice that has "not decided
        yet" among its options gets that option. Where `text` names a term not known ("ik weet
        niet wat een behoefteanalyse is"), how to learn it is said too."""
        q = self.c.pending
        assert q is not None
        undecided = next((c for c in q.choices if c.value == UNDECIDED_CHOICE), None)
        if undecided is not None:
            return self.answer(undecided.value)
        step = self.c.current_step
        # an answer without its yes or no is kept, the question open: "Deze vraag blijft open"
        # alone read as if it were empty, while the record showed the earlier answer
        kept_open = not self.c.is_answered(q) and self.holds_answer(q)
        if self.c.is_answered(q):
            key = "unsure_kept"
        else:
            key = "unsure_required" if q.required else "unsure"
        said = "" if kept_open else msg(key, self.lang, step=step)
        if (term := intents.term_not_known(text)) is not None:
            said += "\n\n" + msg("unsure_term", self.lang, term=escape_markdown(term))
        turn = self.c.render.say("info", said, field=q.field)
        out = [turn]
        self.pass_over(q)
        out += self.advance(q)
        if kept_open:  # the way back to it, from where the conversation moved on to
            turn.text = msg("unsure_kept_open", self.lang, back=self._way_back(step, q)) + turn.text
        self.c.commit(out)
        return out

    def holds_answer(self, q: Question) -> bool:
        """Whether `q`, a question of one value, holds anything, answered or not."""
        value = value_of(self.c.record, q)
        return value is not None and rec.has_content(value)

    def _answer_locked(self, q: Question, text: str, out: list[Turn]) -> list[Turn]:
        held = len(rec.get_field(self.c.record, q.field)) if q.kind == "list" else 0
        answered_before = self.c.render.value_text(q) if q.kind != "list" else ""
        new = self.c.record.model_copy(deep=True)
        try:
            stored, back_note = self._apply(new, q, text)
        except rec.RecordError as exc:
            out.append(self.c.render.say("error", cannot_parse(exc.message(self.lang), self.lang),
                                         field=q.field))
            return self.c.reply(out, full=True)  # q, pending: with its example, to mend the answer by
        before, after = checks(self.c.record), checks(new)
        open_before, open_after = {w.key for w in before}, {w.key for w in after}
        fresh = [w for w in said_anew(before, after) if not self.asked_later(q, w)]
        # a check on this very answer that stands after it as it stood before: said all the same.
        # The IP owner left "nog niet besloten" read as the empty question had, and only the ⚠ of
        # the step said the answer settled nothing (a list's lines are checked as they come)
        fresh += [w for w in after if q.kind != "list" and w.key in open_before and _about(w, q.field)
                  and w not in fresh and not (is_judgement(q.field) and w.id in UNJUDGED)
                  and not self.asked_later(q, w)]
        # a first answer's too (the IP question, a right: cleared from the panel without a word),
        # but for a judgement's own "no verdict yet": it named the requirement a second time (its
        # other checks, "changed after step 9 judged it", "scale up while not met", are said)
        resolved = [w for w in before if w.key not in open_after
                    and not (is_judgement(q.field) and w.entry_id == q.ref_id and w.id in UNJUDGED)]
        self.c.record = new
        if q.kind != "list":
            self._mark_to_review(q, self.c.current_step, answered_before)
        adding = False
        if q.kind == "list":
            self.c.data.last_list = q.field
            adding = list_stays(held, len(rec.get_field(new, q.field)), text)
        prior, filling = self.c.data.filling, self._filling(open_before) if adding else None
        self.c.data.filling = filling
        if filling is not None:
            # a list typed line by line is checked as a whole once it is closed (Commands.next):
            # after its first line, "the weights add up to 40%" was said, and never the final 90%;
            # only what was said before its first line is said resolved meanwhile
            fresh = [w for w in fresh if not on_whole_list(w, q.field)]
            resolved = [w for w in resolved if not on_whole_list(w, q.field) or w.key in filling.before]
        step = self.c.current_step
        out.append(stored)
        if self.c.data.refill is not None:
            out.append(self.c.render.refill_turn())
        elif adding:
            if filling is not prior:
                # after the list's first line, how to go on and the question in short, without what
                # the list holds (the line's turn just counted it); once: said after every line, a
                # piped list of four lines printed its question five times
                out += [self.c.render.say("info", msg("list_stays", self.lang), field=q.field),
                        self.c.render.reminder_turn(q, with_held=False)]
        else:
            if q.kind == "list":  # closed by itself: said, or the next line typed went to the next question unseen
                back_note = self._list_closed(q)
            if not is_judgement(q.field) and isinstance(rec.get_field(new, q.field), str) \
                    and not self.c.is_answered(q):
                self.pass_over(q)  # not known yet: not asked again on this visit, as "weet ik niet"
            was_about = {w.key for w in before if _about(w, q.field)}
            goes_on = next((w for w in after if w.key in was_about and not _about(w, q.field)), None)
            out += self.advance(q, goes_on=goes_on)
        # said where the conversation stands now: at the list it names, without the way there
        said_after = changes_text(resolved, fresh, replacements(before, after), new, self.lang,
                                  self.c.render.list_asked())
        stored.text += self._back_note_text(back_note, step, q) + said_after
        self.c.commit(out, record_changed=True)
        return out

    def _filling(self, open_before: set[str]) -> ListFilling:
        """The pending list, being typed line by line: as it was since its first line, or from
        now on (the checks open before this line already said)."""
        key = self.c.pending_key()
        assert key is not None
        filling = self.c.data.filling
        if filling is not None and filling.question == key:
            return filling
        return ListFilling(key, sorted(open_before))

    def refill(self, text: str, out: list[Turn]) -> list[Turn]:
        """Store the answer to `Renderer.refill_turn`; a bad one gets the reason and the same
        question. The refill has been taken from the state: it is put back only to ask again."""
        refill = self.c.data.refill
        assert refill is not None
        self.c.data.refill = None
        q = self.c.pending
        assert q is not None
        with self.c.store.transaction():
            self.c.refresh_record()
            new = self.c.record.model_copy(deep=True)
            try:
                rec.set_field(new, refill.field, text)
            except rec.FieldPathError:  # the entry was removed meanwhile: nothing to complete
                out += self.advance(q)
                self.c.commit(out)
                return out
            except rec.RecordError as exc:
                self.c.data.refill = refill
                out.append(self.c.render.say("error", cannot_parse(exc.message(self.lang), self.lang),
                                             field=q.field))
                out.append(self.c.render.refill_turn())
                self.c.commit(out)
                return out
            self.c.record = new
            value = rec.format_value(rec.get_field(new, refill.field), self.lang)
            part = msg(f"part_{refill.part}", self.lang)
            stored = self.c.render.say("stored", f"{msg('stored', self.lang, field=part)}\n{quoted_value(value)}",
                                       field=q.field, step=self.c.current_step)
            out.append(stored)
            if refill.stays:  # the entry's part given, the list takes its next line
                out.append(self.c.render.say("info", msg("list_stays", self.lang), field=q.field))
                self.c.reask(out)
            else:
                step = self.c.current_step
                out += self.advance(q)
                stored.text += self._back_note_text(self._list_closed(q), step, q)
            self.c.commit(out, record_changed=True)
            return out

    def _list_closed(self, q: Question) -> tuple[str, dict[str, str]]:
        """The note that the list `q`, given whole, is closed without waiting for another line."""
        return "list_closed", {"entries": entry_count(len(rec.get_field(self.c.record, q.field)), self.lang)}

    def _apply(self, record: rec.ProjectRecord, q: Question,
               text: str) -> tuple[Turn, tuple[str, dict[str, str]] | None]:
        """The answer stored in `record`, said, and a note that advises going back to it (said
        once the conversation has moved on: which command reaches it depends on where to)."""
        label = escape_markdown(question_label(q.prompt))
        if q.kind == "list":
            return self._apply_list(record, q, text, label), None
        value_text = choice_text(q, text) if q.kind == "choice" else text
        rec.apply_text(record, q.field, value_text)
        value = value_of(record, q)
        read_as_yes = q.amount_means_yes and isinstance(value, rec.Precondition) and amount_says_yes(value)
        if read_as_yes:
            value.ok = True  # "50k" at "Is er budget?" says there is: left open, it asked for a "ja"
        if q.note_field is not None:
            # the why after the choice is kept beside it, and replaced with it: a verdict changed
            # without a why no longer stands beside the reasons for the one before
            rec.set_field(record, q.note_field, rec.choice_rest(q.field, value_text))
        if isinstance(value, rec.Judgement):  # the question names what is judged: not again before the verdict
            shown = value.verdict_text(self.lang)
        elif q.note_field is not None:
            shown = self.c.render.value_text(q, record)
        else:
            shown = rec.format_value(value, self.lang) if value is not None else value_text
        text = f"{msg('stored', self.lang, field=label)}\n{quoted_value(shown, prose=reads_as_prose(shown))}"
        back_note: tuple[str, dict[str, str]] | None = None
        if read_as_yes:
            back_note = "stored_amount_as_yes", {}
        elif isinstance(value, rec.Precondition) and value.ok is None:
            # asked "ja of nee, met toelichting", a note alone is stored as open: say so, or "? …" puzzles
            back_note = "stored_open_bool", {}
        elif isinstance(value, rec.Judgement) and value.verdict is None:
            back_note = "stored_open_verdict", {}
        elif q.field in MONEY_FIELDS and _CURRENCY_RE.search(value_text) and money_amount(value_text) is None:
            # "een paar ton euro": no amount, and the checks on amounts were silent without a word
            back_note = "stored_amount_unread", {}
        elif q.kind == "choice" and not is_judgement(q.field) and q.note_field is None \
                and (rest := rec.choice_rest(q.field, value_text)):
            # the record keeps the choice alone: "opschalen, met leverancier A" lost the rest unsaid
            text += "\n\n" + msg("stored_choice_rest", self.lang, rest=escape_markdown(short(rest)))
        elif isinstance(value, str) and rec.says_not_known_yet(value):
            # "weet ik nog niet, hangt af van de marktconsultatie" was stored as if decided: kept
            # with its reason, the question open, as "weet ik nog niet" alone leaves it
            text += "\n\n" + msg("stored_not_known_yet", self.lang, step=self.c.current_step)
        elif q.kind == "text" and (word := bare_reply(value_text)) and asks_open(q.prompt):
            # step 0 mixes yes/no questions with open ones: a "ja" meant for the next one, or
            # read as a yes/no question, is stored as the answer; say that it says little
            back_note = "stored_bare_reply", {"word": escape_markdown(word)}
        elif q.field in AMOUNT_FIELDS and money_amount(value_text) is None and not re.search(r"\d", value_text):
            # a requirement meant for the list before was stored as the budget, without a word
            back_note = "stored_no_amount", {}
        return self.c.render.say("stored", text, field=q.field, step=self.c.current_step), back_note

    def _back_note_text(self, note: tuple[str, dict[str, str]] | None, step: int, q: Question) -> str:
        """A note that advises going back to `q` of `step`, with the command that reaches it from
        where the conversation moved on to: `/terug` led from a step it went back to ("Terug naar
        stap 4") to that step's last question, not to the one the note was about."""
        if note is None:
            return ""
        key, values = note
        return "\n\n" + msg(key, self.lang, back=self._way_back(step, q), **values)

    def _way_back(self, step: int, q: Question) -> str:
        """The command that reaches `q` of `step` from where the conversation stands."""
        target = self.c.commands.back_target()
        if target is not None and (target[0], target[1].id) == (step, q.id):
            return msg("back_command", self.lang)
        number = [x.id for x in self.c.questions(step)].index(q.id) + 1
        return msg("question_command", self.lang, step=step, number=number)

    def _apply_list(self, record: rec.ProjectRecord, q: Question, text: str, label: str) -> Turn:
        typed = text  # `text` becomes what is said back; whether the list waits reads what was typed
        entries = split_list_answer(text, q.field)
        split_line = "\n" not in text.strip() and ";" in text and len(entries) > 1  # one line, split at ";"
        if not entries:
            raise rec.ParseError("Leeg antwoord.", "Empty answer.")
        for entry in entries:
            self._refuse_parts_only(record, q, entry)
        rec.check_room(record, q.field, len(entries))  # the whole answer, before a line of it
        held = len(rec.get_field(record, q.field))
        # a list typed again in full after /terug (as the hint for more lines invites) would
        # hold every earlier line twice: a line already there is said, not added again
        def said(e: rec.Entry) -> str:
            return " ".join(e.summary(self.lang).casefold().split())

        seen = {said(e) for e in rec.get_field(record, q.field)}
        added, repeated = [], []
        read: list[tuple[str, str]] = []  # (a word typed, the label it was stored as), each once
        single_line = "\n" not in text.strip()
        kept: list[tuple[rec.Entry, str]] = []  # (an entry, a segment after a ";" its note kept)
        for entry in entries:
            for new in rec.apply_text(record, q.field, entry):
                if said(new) in seen:
                    rec.remove_entry(record, q.field, new.id)
                    repeated.append(new)
                else:
                    seen.add(said(new))
                    added.append(new)
                    if single_line:
                        kept += [(new, seg) for seg in kept_in_note(entry, q.field)]
                    read += [pair for pair in words_read_as(new, entry, self.lang) if pair not in read
                             and (q.field, pair[0].casefold(), pair[1]) not in self.c.read_as_said]
        items = rec.get_field(record, q.field)
        numbers = {e.id: i for i, e in enumerate(items, 1)}
        lines = "\n".join(f"{numbers.get(e.id, '-')}. {escape_markdown(e.summary(self.lang))}" for e in added)
        body = msg("stored_entries", self.lang, entries=entry_count(len(added), self.lang), field=label,
                   total=len(items))
        # a blank line: a list that starts at 2. cannot interrupt a paragraph, it would be run into it
        text = f"{body}\n\n{lines}"
        if split_line and len(added) > 1:
            # one line made several entries: said, or a ";" inside a note made an entry unseen
            first, last = numbers[added[0].id], numbers[added[-1].id]
            text += "\n\n" + msg("entries_split", self.lang, count=len(added), first=first,
                                   rest=f"{first + 1}-{last}" if last > first + 1 else last)
        self.c.read_as_said |= {(q.field, typed.casefold(), label) for typed, label in read}
        for e, seg in kept:
            text += "\n\n" + msg("semicolon_kept", self.lang, rest=escape_markdown(short(seg, 60)),
                                  number=numbers.get(e.id, len(items)), name=escape_markdown(short_entry_name(e)))
        if read:
            # a typed word stored under the label it chose: said once, or "(onderzoek)" came back
            # "(onderzoek bij een kennisinstelling)" without a word
            text += "\n\n" + "; ".join(msg("word_read_as", self.lang, typed=escape_markdown(typed),
                                             label=escape_markdown(label)) for typed, label in read) + "."
        if repeated:
            text += "\n\n" + msg("entries_repeated", self.lang,
                                  entries=", ".join(f"“{escape_markdown(short_entry_name(e))}”" for e in repeated))
        unread = [(e, part, why) for e in added for part, why in e.unread_reasons().items()]
        for e, _part, why in unread:  # the reason, as a refill gives it ("“TRL 7-8” is a range: …")
            text += "\n\n" + msg("part_unread_why", self.lang, entry=escape_markdown(short_entry_name(e)),
                                 reason=escape_markdown(why.message(self.lang)))
        for e in added if not unread else []:
            # a part typed as not known yet ("potential: unknown") is kept open: said as typed,
            # not as "still empty", as if it had vanished
            said_unknown = e.unknown_parts(self.lang)
            if said_unknown:
                text += "\n\n" + msg("parts_unknown", self.lang, entry=escape_markdown(short_entry_name(e)),
                                      parts=", ".join(f"{label}: “{escape_markdown(typed)}”"
                                                      for label, typed in said_unknown.items()),
                                      number=numbers.get(e.id, len(items)))
            # parts written as prose went into the name: what stayed empty is said, with how to
            # fill it ("TRL 7" typed and the TRL column of the export empty, without a word)
            empty = [part for part in e.empty_parts(self.lang) if part not in said_unknown]
            if empty:
                text += "\n\n" + msg("parts_empty", self.lang, entry=escape_markdown(short_entry_name(e)),
                                      parts=", ".join(empty), number=numbers.get(e.id, len(items)))
        if unread:
            e, part, _why = unread[0]
            self.c.data.refill = Refill(f"{q.field}.{e.id}.{part}", part, short_entry_name(e),
                                        list_stays(held, len(items), typed))
        return self.c.render.say("stored", text, field=q.field, step=self.c.current_step)

    def _refuse_parts_only(self, record: rec.ProjectRecord, q: Question, line: str) -> None:
        """A line that gives only parts of an entry ("doel: rapportcijfer 8", as a check advised),
        refused with the entry it could belong to and the `/wijzig` that adds them there: it was
        "kon geen item maken", no word of how to give an entry its target."""
        kind = entry_type(q.field)
        if kind is None:
            return
        parsed = kind.from_text(line, record)
        if parsed.is_filled():
            return
        given = {name: getattr(parsed, name) for name in kind.model_fields
                 if name not in ("id", kind._main) and rec.has_content(getattr(parsed, name))}
        if not given:
            return
        typed = escape_markdown(short(" ".join(line.split()), 80))
        items = rec.get_field(record, q.field)
        if not items:
            raise rec.ParseError(*(msg("entry_parts_only_first", lang, typed=typed) for lang in ("nl", "en")))
        # the last entry without what is given: most likely the one it was typed for
        lacking = [n for n, e in enumerate(items, 1) if not any(rec.has_content(getattr(e, name)) for name in given)]
        n = lacking[-1] if lacking else len(items)
        merged = items[n - 1].model_copy(update=given)
        name = escape_markdown(short_entry_name(items[n - 1]))
        raise rec.ParseError(*(msg("entry_parts_only", lang, typed=typed, n=n, name=name,
                                   line=merged.summary(lang).replace("`", "'")) for lang in ("nl", "en")))

    def asked_later(self, q: Question, check: Check) -> bool:
        """True when a later question of this step asks for what the check misses (so the
        warning would only be noise right now)."""
        path = check.field
        if not path:
            return False
        qs = self.c.questions()
        ids = [x.id for x in qs]
        later = qs[ids.index(q.id) + 1:] if q.id in ids else []
        return any(x.field == path or x.field.startswith(path + ".") or path.startswith(x.field + ".")
                   for x in later if not self.c.is_answered(x))

    # --- moving on -------------------------------------------------------------------------
    def seen_before(self, n: int) -> bool:
        """Whether step `n` was worked on before, or explained in this session: it opens with its
        title only (/uitleg shows the rest)."""
        return self.c.record.status(n) != "not_started" or n in self.c.introduced

    def open_step(self, n: int, *, question: int | None = None, header: bool = True) -> list[Turn]:
        """Explanation, quote and the first open question of step ``n`` (or its question number
        `question`, counted from 1). Another question of the step being worked on is only asked:
        the step's explanation again would push it, and what it holds, below the fold. Without
        `header`, a step seen before opens at its question (what leads to it said where it is)."""
        within = question is not None and n == self.c.current_step
        target = self.c.question_key(n, self.c.questions(n)[question - 1].id) if question is not None else None
        left = self.list_left(target)
        origin = self.c.question_at(self.c.data.came_from)
        if origin is None or n >= origin[0]:
            self.c.data.came_from = None  # back at the step a correction was made from, or past it
        if n != self.c.current_step:
            self.c.data.worked_in = None  # another step: a new visit, nothing worked on yet
        # a step worked on before, or explained in this session, opens with its title only: its
        # explanation and quote again put the question 20 to 40 lines down at 80×24, on every jump
        # back (/uitleg shows them); a step opened after a detour printed its 40 lines three times
        again = not within and self.seen_before(n)
        worked = self.c.record.status(n) != "not_started"
        if not within and not again:
            self.c.introduced.add(n)
        self.c.current_step = n
        spec = self.c.plan.step(n)
        out = list(left)
        if not within and (header or not again):
            out.append(self.c.render.step_turn(spec, with_explanation=not again))
            if again:
                out[-1].text += "\n\n" + msg("step_again" if worked else "step_explained", self.lang)
        quote = None if within or again else self.c.guidance.quote_turn(spec)
        if quote is not None:
            out.append(quote)
        qs = self.c.questions(n)
        if question is not None:
            first = qs[question - 1]
            self.ask_again(n, [first])  # gone to on purpose: no longer passed
        else:
            open_ = [q for q in qs if not self.c.is_answered(q)]
            # a step worked on before opens at its first required question still open: at its
            # first open one, an optional question skipped on purpose, five /volgende lay before
            # the required ones the step's summary named
            worked_on = len(open_) < len(qs)
            first = (next((q for q in open_ if q.required), None) if worked_on else None) \
                or (open_[0] if open_ else qs[0])
            # opened afresh, a new visit: what was passed before is asked again, but for the
            # questions it opens past (they would all come back before the step is left)
            self.ask_again(n, qs[qs.index(first):])
        self.c.pending_id = first.id
        out.append(self.c.render.ask_turn(first))
        return out

    def parked_in(self, n: int) -> int | None:
        """The number of the question of step `n` that text set aside by a jump waits for
        (ConversationData.parked), taken: None where none of its questions has text waiting."""
        found = self.c.question_at(self.c.data.parked)
        if found is None or found[0] != n:
            return None
        self.c.data.parked = None
        return [q.id for q in self.c.questions(n)].index(found[1].id) + 1

    def list_left(self, target: str | None = None) -> list[Turn]:
        """The list being typed line by line, left for another question than `target` ("N:id"):
        the checks on it as a whole, held back while it was typed (_answer_locked), said now. A
        list left by /stap or /terug was never closed, and the weights' sum was said only in
        /dossier and the export."""
        filling = self.c.data.filling
        self.c.data.filling = None  # left, or taken up afresh
        found = self.c.question_at(filling.question) if filling is not None else None
        if found is None or filling is None or filling.question == target:
            return []
        step, q = found
        held = [w for w in self.c.checks(step) if on_whole_list(w, q.field)]
        if not held:
            return []
        label = escape_markdown(question_label(q.prompt))
        return [self.c.render.say("info", msg("list_left", self.lang, field=label) + warnings_text(held, self.lang),
                                  field=q.field)]

    def advance(self, answered: Question, *, walk: bool = False, goes_on: Check | None = None) -> list[Turn]:
        """On from `answered`: to the next question still open and not passed on purpose (in a
        step worked on before, the answered ones after it were asked one by one, each to be kept
        with /volgende); with `walk` (/volgende on an answer, to review them), to the next
        question whatever it holds: going through a step's answers one by one went to the end of
        the step. After the step's last question, an open one before it that the user never
        passed on purpose comes before the step is left: '/stap 8 3' and two answers left
        questions 1 and 2, never asked, for step 9. `goes_on`: the check the answer was about,
        still open and now about another question (the rights' check after one right), walked on
        to before going back."""
        back = self._back_to_where_left(answered, walk=walk, goes_on=goes_on)
        # back to the open question left for this one: /volgende walked the answered ones in
        # between (an answer recalled there went to one of them), and an answer corrected in
        # an earlier step moved on to the step after that one
        return self._list_left_for(back if back is not None else self._ask_next(answered, walk=walk))

    def _list_left_for(self, turns: list[Turn]) -> list[Turn]:
        """`turns`, which moved the conversation on, after what leaving the list being typed
        line by line says (list_left), where they moved on from it: "weet ik nog niet" at the
        list went on, and the weights' sum held back while it was typed was never said."""
        filling = self.c.data.filling
        if filling is None or filling.question == self.c.pending_key():
            return turns
        return self.list_left(self.c.pending_key()) + turns

    def _ask_next(self, answered: Question, *, walk: bool = False) -> list[Turn]:
        """The question after `answered` still to be asked (any after it, with `walk`), else one
        before it still to be asked, else the end of the step."""
        qs = self.c.questions()
        ids = [q.id for q in qs]
        after = qs[ids.index(answered.id) + 1:] if answered.id in ids else qs
        rest = [q for q in after if walk or self._to_ask(q)]
        if rest:
            self.c.pending_id = rest[0].id
            return [self.c.render.ask_turn(rest[0])]
        earlier = next((q for q in qs if q.id != answered.id and self._to_ask(q)), None)
        if earlier is not None:
            # back to a question before the step is left, said why: asked again after the step's
            # last question, with its answer "open, not sure yet…", it read as the step restarting
            self.c.pending_id = earlier.id
            return [self.c.render.say("info", self._still_open_text(earlier, qs.index(earlier) + 1)),
                    self.c.render.ask_turn(earlier)]
        return self.finish_step()

    def _still_open_text(self, q: Question, number: int) -> str:
        """Why question `number`, `q`, is asked again: not sure yet, no yes or no, or no answer."""
        try:
            value = None if is_judgement(q.field) else rec.get_field(self.c.record, q.field)
        except rec.RecordError:
            value = None
        typed = value.note if isinstance(value, rec.Precondition) else value if isinstance(value, str) else ""
        if typed and (rec.says_not_known_yet(typed) or rec.opens_undecided(typed)):
            key = "still_open_unsure"
        elif typed and isinstance(value, rec.Precondition):
            key = "still_open_no_yes_no"
        else:
            key = "still_open"
        return msg(key, self.lang, n=number)

    def _to_ask(self, q: Question) -> bool:
        """Whether `q`, of the current step, is still to be asked: open, and not passed on purpose
        on this visit (see pass_over and ask_again)."""
        return not self.c.is_answered(q) and self.c.question_key(self.c.current_step, q.id) not in self.c.data.skipped

    def leave_open(self, left: Question | None, left_step: int, *, for_step: int,
                   for_question: Question | None, draft_left: bool = False) -> None:
        """`left` (of `left_step`), the question asked, is left for `for_question` of `for_step`:
        where that one comes before it and `left` is still open, or text typed for it waits for
        it (`draft_left`), the conversation goes back to `left` next (see advance); a jump ahead
        forgets where it was."""
        if left is None or for_question is None or (left_step, left.id) == (for_step, for_question.id):
            return
        if for_step > left_step:
            self.c.data.return_to = None
            return
        # a line half typed under a list that holds lines, set aside by a click on an earlier
        # question: the conversation went on past the list, and the line never came back
        # a list that holds lines is where the user was all the same: it takes more (it was being
        # added to, and "waar u was" went on to the question after it)
        if self.c.is_answered(left) and not draft_left and left.kind != "list":
            return
        if for_step == left_step:
            ids = [q.id for q in self.c.questions(left_step)]
            if left.id not in ids or for_question.id not in ids or ids.index(for_question.id) > ids.index(left.id):
                self.c.data.return_to = None
                return
        self.c.data.return_to = self.c.data.return_to or self.c.question_key(left_step, left.id)
        if draft_left:
            self.c.data.draft_at = self.c.question_key(left_step, left.id)

    def _back_to_where_left(self, answered: Question, *, walk: bool, goes_on: Check | None) -> list[Turn] | None:
        """The question left open for an earlier one (leave_open), asked again, where there is
        one: after an answer, or /volgende in the same step (/volgende in an earlier step goes
        on through that step's answers, the question left still waiting)."""
        found = self.c.question_at(self.c.data.return_to)
        if found is None:
            self.c.data.return_to = None
            return None
        n, left = found
        if walk and n != self.c.current_step:
            return None
        for_draft = self.c.data.draft_at == self.c.data.return_to
        self.c.data.return_to = self.c.data.draft_at = None
        if (n == self.c.current_step and left.id == answered.id) \
                or (self.c.is_answered(left) and not for_draft and left.kind != "list"):
            return None
        if n != self.c.current_step:
            return self._on_with_check(n, left, goes_on) or self._back_to_step(n, left)
        # a question open between the two that the user never passed on purpose (only looked
        # at, or jumped over) comes first: a required one was left empty unasked
        unpassed = self._open_unpassed_between(answered, left)
        if unpassed is not None:
            self.c.data.return_to = self.c.question_key(n, left.id)
            if for_draft:
                self.c.data.draft_at = self.c.data.return_to
            left = unpassed
        elif for_draft and self.c.is_answered(left):
            # going back to a question that holds an answer is said: the conversation would have
            # gone on to the next open one
            number = [q.id for q in self.c.questions()].index(left.id) + 1
            self.c.pending_id = left.id
            said = msg("back_to_draft", self.lang, number=number,
                       question=escape_markdown(question_label(left.prompt)))
            return [self.c.render.say("info", said), self.c.render.ask_turn(left)]
        self.c.pending_id = left.id
        return [self.c.render.ask_turn(left)]

    def _on_with_check(self, n: int, left: Question, check: Check | None) -> list[Turn] | None:
        """The next question of `check`, the check the answer was about, where it is still open
        (the rights' check opened at one right): asked, said so, before going back to `left` of
        step `n`. One answer went back to step 5 and the check said five rights still lacked, unsaid."""
        # asked even where it was passed before (the rights left open with "weet ik nog niet",
        # which is why the check is open), or holds an answer the check does not count ("we
        # will sort it out later"; going back left the check naming it): the check, chosen now,
        # asks it. Never the question just answered: `check` is no longer about its field.
        nxt = next((x for x in self.c.questions() if x.field == check.field), None) \
            if check is not None and check.step == self.c.current_step else None
        if nxt is None:
            return None
        self.c.data.return_to = self.c.question_key(n, left.id)
        self.c.pending_id = nxt.id
        said = msg("check_goes_on", self.lang, check=escape_markdown(check.plain_message(self.lang)), step=n)
        return [self.c.render.say("info", said), self.c.render.ask_turn(nxt)]

    def note_detour(self, left: Question | None, left_step: int, *, worked: bool) -> None:
        """`left`, asked in `left_step`, was left for an earlier step (a correction): where the
        conversation goes back once that step is done (finish_step). The first such step is kept
        through further detours. Only a step `worked` in on that visit (ConversationData.worked_in):
        a step clicked by accident and left at once sent step 0's end to step 2, step 1 unseen."""
        if left is not None and worked and self.c.current_step < left_step and self.c.data.came_from is None:
            self.c.data.came_from = self.c.question_key(left_step, left.id)

    def _back_from_detour(self) -> list[Turn] | None:
        """The step a correction in the step just done was made from, at the question left there
        (at its first open one where that was answered), or None: none, or nothing open there."""
        found = self.c.question_at(self.c.data.came_from)
        self.c.data.came_from = None
        if found is None or found[0] <= self.c.current_step:
            return None
        n, left = found
        if self.c.is_answered(left) and left.kind != "list":  # a list takes more lines: still there
            left = next((q for q in self.c.questions(n) if not self.c.is_answered(q)), None)
            if left is None:
                return None
        return self._back_to_step(n, left)

    def _back_to_step(self, n: int, left: Question) -> list[Turn]:
        """Back to `left`, of step `n`, from an earlier step, said so, with the first step still
        open before it: after a correction in step 0 from step 7, the conversation went to step 5."""
        number = [q.id for q in self.c.questions(n)].index(left.id) + 1
        again = self.seen_before(n)
        # a step seen before: one line and its question (its title again, and "this step has
        # answers already", came after "Terug naar stap 1 · …")
        text = msg("back_to_step_at" if again else "back_to_step", self.lang, step=n,
                   title=self.c.plan.step(n).title, number=number)
        first_open = rec.next_open_step(self.c.record)
        if first_open is not None and first_open < n:
            text += " " + msg("open_step_before", self.lang, step=first_open)
        if again:
            text += " " + msg("explain_again", self.lang)
        out = [self.c.render.say("info", text)]
        return out + self.open_step(n, question=number, header=not again)

    def _open_unpassed_between(self, answered: Question, left: Question) -> Question | None:
        """The first question of the current step after `answered` and before `left` still to be
        asked (_to_ask), or None."""
        qs = self.c.questions()
        ids = [q.id for q in qs]
        if answered.id not in ids or left.id not in ids:
            return None
        return next((q for q in qs[ids.index(answered.id) + 1:ids.index(left.id)] if self._to_ask(q)), None)

    def pass_over(self, q: Question) -> None:
        """`q`, of the current step, passed on purpose while open (/volgende, "weet ik nog
        niet"): going back to a question left after it need not ask it again."""
        if self.c.is_answered(q):
            return
        key = self.c.question_key(self.c.current_step, q.id)
        # the questions since answered are no longer skipped: the list stays as short as the plan
        kept = [k for k in self.c.data.skipped if k != key and not self._answered_at(k)]
        self.c.data.skipped = kept + [key]

    def ask_again(self, step: int, questions: list[Question]) -> None:
        """`questions` of `step` no longer passed on purpose: a pass holds for the visit, until
        the user goes to the question itself (/stap N V, /terug) or the step is opened afresh
        (/stap N, the conversation moving on to it)."""
        keys = {self.c.question_key(step, q.id) for q in questions}
        self.c.data.skipped = [k for k in self.c.data.skipped if k not in keys]

    def _answered_at(self, key: str) -> bool:
        found = self.c.question_at(key)
        return found is None or self.c.is_answered(found[1])

    def advance_open(self, answered: Question) -> list[Turn]:
        """After several fields were filled at once: the next question still open (after
        ``answered``, else earlier in the step), or the end of the step."""
        return self._list_left_for(self._ask_next(answered))

    def finish_step(self) -> list[Turn]:
        n = self.c.current_step
        back = self._back_from_detour()
        if back is not None:
            # a correction made from a later step: what changed was just said, and the whole
            # step read back again before every return ("Opgeslagen:" and all its answers)
            return [self.c.render.say("summary", self.c.render.summary_text(n, brief=True), step=n)] + back
        summary = self.c.render.say("summary", self.c.render.summary_text(n), step=n)
        nxt = rec.next_open_step(self.c.record, n)
        qs = self.c.questions(n)
        passed = [(i, q) for i, q in enumerate(qs, 1) if not self.c.is_answered(q)]
        if nxt == n and passed:
            # only questions passed on purpose left, and no other step open: "Stap 9 … is
            # doorlopen", then "Volgende open stap: 9", then its question 5 said three things
            named = "; ".join(f"{i} · {escape_markdown(question_label(q.prompt))}" for i, q in passed)
            self.c.pending_id = passed[0][1].id
            return [self.c.render.say("info", msg("step_passed_open", self.lang, step=n,
                                                  title=self.c.plan.step(n).title, questions=named)),
                    self.c.render.ask_turn(passed[0][1])]
        out = [summary]
        if nxt is None:
            self.c.pending_id = None
            out.append(self.c.render.all_done_turn())
            return out
        spec = self.c.plan.step(nxt)
        said = msg("next_open", self.lang, step=nxt, title=spec.title)
        if earlier := self.c.render.open_before_text(nxt, besides=n):
            said += "\n\n" + earlier
        out.append(self.c.render.say("info", said))
        if nxt == n:
            self.c.pending_id = qs[0].id
            out.append(self.c.render.ask_turn(qs[0]))
            return out
        return out + self.open_step(nxt)
