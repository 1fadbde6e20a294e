"""The project record: everything a trajectory decides in step 0 and the ten steps.

One `ProjectRecord` per project. It is plain data (pydantic v2), serialisable to JSON and back
exactly (`record.model_dump_json()` / `ProjectRecord.model_validate_json(...)`), with a
`schema_version` so the store and the JSON import can migrate older files.

Conventions
- Field paths are dotted attribute names: ``"step3.requirements"``, ``"step0.preconditions.budget"``,
  ``"project.title"``. A list entry can be addressed by its id: ``"step3.requirements.1a2b3c4d.text"``.
- List entries carry a stable short id (8 hex chars) so they can be edited and removed later.
- Enums store a canonical value and accept Dutch and English spellings on input
  (``Aspect("juridisch") is Aspect("legal") is Aspect.LEGAL``); ``.label(lang)`` gives display text.
- Text is stored literally: never interpreted as markup. Parsing from typed text only removes
  terminal escape sequences and control characters (newlines and tabs are kept).
- Every field can be filled from one typed answer: `parse_value(path, text)` gives the value,
  `apply_text(record, path, text)` stores it (lists: one entry per line, appended).
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, Field, PrivateAttr, field_validator

from assistant.plan.record.enums import (
    Aspect,
    FinalVerdict,
    JudgementVerdict,
    LabeledEnum,
    ProcurementStrategy,
    Procedure,
    RequirementKind,
    SourceKind,
)
from assistant.plan.record.errors import FieldPathError, ParseError
from assistant.plan.record.parsing import (
    _keymap,
    _name_and_note,
    _norm,
    _parse_keyed,
    _split_tags,
    clean_text,
    opens_undecided,
    parse_bool,
    parse_number,
    says_partly,
    says_unknown,
    without_fillers,
    without_leading_fillers,
)
from assistant.plan.record.status import (
    STEP_NUMBERS,
    StepStatus,
    _Model,
    is_filled,
    step_status,
)

SCHEMA_VERSION = 1

Lang = Literal["nl", "en"]


def new_id() -> str:
    """A short stable id for list entries."""
    return uuid.uuid4().hex[:8]


def utcnow() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


# ---------------------------------------------------------------------------------------------
# base classes
# ---------------------------------------------------------------------------------------------

def joined_parts(parts: list[str]) -> str:
    """An entry's parts on one line, "; " between them, without a sentence's full stop before
    it: "Opschalen. Wie: provincie." read back as "Opschalen.; wie: provincie."."""
    parts = [p for p in parts if p]
    return "; ".join(p.rstrip().removesuffix(".") if n < len(parts) - 1 else p for n, p in enumerate(parts))

class OneLine(_Model):
    """A part of the record that is typed as one line and shown as one: list entries, a
    precondition, a right's impact, an outcome's plan (groups of fields are not)."""

    @classmethod
    def from_text(cls, text: str, record: ProjectRecord | None = None) -> OneLine:
        raise NotImplementedError

    def summary(self, lang: str = "nl") -> str:
        raise NotImplementedError


class Entry(OneLine):
    """A list entry with a stable id. Subclasses implement `from_text` and `summary`."""

    id: str = Field(default_factory=new_id)
    #: the field that must be non-empty for the entry to count
    _main: ClassVar[str] = "text"
    #: the fields a ';'-separated answer fills in this order (none: ';' separates entries)
    _ORDER: ClassVar[tuple[str, ...]] = ()
    #: 'key: value' words the entry's text may use, and the field each fills (none: no keys)
    _KEYS: ClassVar[dict[str, str]] = {}
    #: whether the entry is typed as "name — note": a ';' in its note belongs to the note
    _NAME_AND_NOTE: ClassVar[bool] = False

    @classmethod
    def from_text(cls, text: str, record: ProjectRecord | None = None) -> Entry:
        raise NotImplementedError

    def empty_parts(self, lang: str = "nl") -> list[str]:
        """The names of the parts an entry of several parts left empty (none for most entries)."""
        return []

    def summary(self, lang: str = "nl") -> str:
        return str(getattr(self, self._main))

    def is_filled(self) -> bool:
        return is_filled(getattr(self, self._main))

    def has_content(self) -> bool:
        return self.is_filled()  # an entry without its main field is not shown either

    def unread(self) -> dict[str, str]:
        """{field: text} for parts of the typed line that could not be read (not stored)."""
        return {}

    def unread_reasons(self) -> dict[str, ParseError]:
        """{field: why} for the same parts: what the user is told."""
        return {}

    def unknown_parts(self, lang: str = "nl") -> dict[str, str]:
        """{part's label: as typed} for parts typed as not known yet, left open."""
        return {}


class TextEntry(Entry):
    """A plain line of text (deliverables, lessons, course corrections, scenarios…)."""

    text: str = ""

    @classmethod
    def from_text(cls, text: str, record: ProjectRecord | None = None) -> TextEntry:
        return cls(text=clean_text(text).strip())


class Precondition(OneLine):
    """A precondition of step 0: secured yes/no (or unknown) plus a note."""

    # the descriptions go into the schema a language model fills: without them it put the note in `said`
    ok: bool | None = Field(default=None, description="true if this precondition is met, false if not, null if not said")
    note: str = Field(default="", description="what the user said about it, without the yes or no")
    #: the yes or no as typed ("ja"), shown as typed: under English "ja, de wethouder …" read "yes, …"
    said: str = Field(default="", description='only the yes or no word as the user typed it, e.g. "ja" or "nee"; '
                                             'empty if the user typed none')

    @classmethod
    def from_text(cls, text: str, record: ProjectRecord | None = None) -> Precondition:
        ok, note = parse_bool(text)
        typed = clean_text(text).strip()
        said = typed[:len(typed) - len(note)].strip(" ,;:.—–-") if ok is not None and typed.endswith(note) else ""
        if ok is not None and not note:  # "ja hoor!" is a bare yes, shown as "ja"
            said = without_fillers(said)
        return cls(ok=ok, note=note, said=said if note != typed else "")

    def is_filled(self) -> bool:
        # asked "ja of nee, met toelichting": a note without the yes or no leaves it open, as the
        # conversation says ("staat nog open"); counted as filled, step 0 showed as done
        return self.ok is not None

    def has_content(self) -> bool:
        return self.ok is not None or bool(self.note.strip())

    @property
    def partly(self) -> bool:
        """Said to be there in part ("Deels: …"): not enough, so a no, in the note's own words."""
        return self.ok is False and says_partly(self.note)

    def summary(self, lang: str = "nl") -> str:
        if self.partly:  # "nee, Deels: …" said a no the user never typed
            return self.note
        # words, not ✓ and ✗: a screen reader said "ballot x", or nothing, and the "nee" was gone
        en = lang == "en"
        if self.ok is None:
            if not self.note.strip():
                return "open"  # nothing answered yet
            # said apart from her words, in brackets: "open, not sure yet, …" read as if she typed "open"
            return f"{'(no yes or no yet)' if en else '(nog geen ja of nee)'} {self.note}"
        word = ("yes" if en else "ja") if self.ok else ("no" if en else "nee")
        if self._said_yes_or_no():
            word = self.said
        if not self.note.strip():
            return word
        # a note that opens as a sentence follows a yes or no that is one: "Ja, Het budget …" read
        # as a slip, the capital typed after "Ja." kept with the comma put in its full stop's place;
        # a name opens none ("ja, Gemeente Utrecht betaalt", "nee, WOZ")
        first = re.match(r"[^\W\d_]+", self.note)
        if first and self.note[:1].isupper() and first.group(0).casefold() in self._SENTENCE_OPENERS:
            return f"{word[:1].upper()}{word[1:]}. {self.note}"
        return f"{word}, {self.note}"

    #: Words a sentence opens with and a name does not: articles, pronouns, "er", "dit".
    _SENTENCE_OPENERS: ClassVar[frozenset[str]] = frozenset((
        "de het een er dit dat die deze we wij ik je u zij ze hij men ons onze hun alles alle "
        "daar hier dan nu ook maar want "
        "the a an there this that these those we i you it they he she our their all everything then now "
        "but also").split())

    def _said_yes_or_no(self) -> bool:
        """Whether `said` is this yes or no in the user's words: a model put the note there too,
        and "steun van de gedeputeerde, steun van de gedeputeerde" showed without a yes."""
        said = self.said.strip()
        return bool(said) and said.casefold() != self.note.strip().casefold() and parse_bool(said)[0] is self.ok


# ---------------------------------------------------------------------------------------------
# project meta
# ---------------------------------------------------------------------------------------------
class ProjectMeta(_Model):
    title: str = ""
    organisation: str = ""
    owner: str = ""
    created: datetime = Field(default_factory=utcnow)
    updated: datetime = Field(default_factory=utcnow)
    language: Lang = "nl"

    @field_validator("language", mode="before")
    @classmethod
    def _lang(cls, v: Any) -> Any:
        if isinstance(v, str):
            v = _norm(v)
            return {"nederlands": "nl", "dutch": "nl", "engels": "en", "english": "en"}.get(v, v)
        return v


# ---------------------------------------------------------------------------------------------
# step 0: need and preconditions
# ---------------------------------------------------------------------------------------------
class Preconditions(_Model):
    support: Precondition = Field(default_factory=Precondition)
    time: Precondition = Field(default_factory=Precondition)
    budget: Precondition = Field(default_factory=Precondition)
    mandate: Precondition = Field(default_factory=Precondition)


class Step0(_Model):
    need: str = ""
    who: str = ""
    why_digital: str = ""
    preconditions: Preconditions = Field(default_factory=Preconditions)
    duration: str = ""


# ---------------------------------------------------------------------------------------------
# step 1: explore
# ---------------------------------------------------------------------------------------------
def _source_in_brackets(text: str) -> tuple[SourceKind | None, str, str]:
    """The kind of source the brackets that close `text` name, `text` before them, and what those
    brackets say besides a word for the kind ("(onderzoek TU Delft)": "onderzoek TU Delft"; "" for
    "(onderzoek, kennisinstituut)"). The brackets leave the name: "Amberlicht (onderzoek,
    kennisinstituut)" was exported beside its kind's column, while a label's words were taken out."""
    body, tags = _split_tags(text)
    kind = next((found for found in map(SourceKind.parse, tags) if found is not None), None)
    if kind is None:
        return None, text.strip(), ""
    # a tag that only chose the kind ("onderzoek bij een kennisinstituut") is not repeated in the
    # note beside the kind's label, the same thing twice in other words
    return kind, body, ", ".join(tag for tag in tags if SourceKind.named_only(tag) is not kind)


class Technology(Entry):
    name: str = ""
    source_kind: SourceKind | None = None
    note: str = ""
    _main: ClassVar[str] = "name"
    _NAME_AND_NOTE: ClassVar[bool] = True

    _KEYS: ClassVar[dict[str, str]] = _keymap(
        name=("naam", "technologie", "technology"),
        source_kind=("bron", "source", "soort bron", "bronsoort", "source kind"),
        note=("notitie", "opmerking", "toelichting"),
    )

    @classmethod
    def from_text(cls, text: str, record: ProjectRecord | None = None) -> Technology:
        values, rest = _parse_keyed(clean_text(text), cls._KEYS)
        source = SourceKind.parse(values["source_kind"]) if values.get("source_kind") else None
        notes = []
        if values.get("source_kind") and (source is None or SourceKind.named_only(values["source_kind"]) is None):
            # the kind read from words that say more ("onderzoek TU Delft"): those words stay
            notes.append(values["source_kind"])
        name = values.get("name", "")
        for seg in rest:
            if name:
                notes.append(seg)
                continue
            # "naam (soort bron) — notitie": the kind after the name. A note's own brackets stay in
            # the note ("— zie rapport (PDF)" moved "(PDF)" into the name, and the kind was lost);
            # the kind at the end of the line is read too ("naam — notitie (hackathon)")
            name, note = _name_and_note(seg)
            said = ""  # what the kind's brackets say besides the kind: kept in the note
            if source is None:
                source, body, said = _source_in_brackets(name)
                name = body if source is not None else name
            if source is None:
                source, body, said = _source_in_brackets(seg)
                if source is not None:
                    name, note = _name_and_note(body)
            notes[:0] = [n for n in (said, note) if n]
        if values.get("note"):
            notes.append(values["note"])
        return cls(name=name, source_kind=source, note="; ".join(n for n in notes if n))

    def _kind_typed(self) -> bool:
        """Whether the name or the note closes with the kind in the user's words ("(onderzoek)")."""
        return any(_source_in_brackets(text)[0] is self.source_kind for text in (self.name, self.note))

    def summary(self, lang: str = "nl") -> str:
        out = self.name
        if self.source_kind and not self._kind_typed():
            out += f" ({self.source_kind.label(lang)})"
        if self.note:
            out += f" — {self.note}"
        return out


class Contact(Entry):
    name: str = ""
    note: str = ""
    _main: ClassVar[str] = "name"
    _NAME_AND_NOTE: ClassVar[bool] = True

    @classmethod
    def from_text(cls, text: str, record: ProjectRecord | None = None) -> Contact:
        name, note = _name_and_note(clean_text(text))
        return cls(name=name, note=note)

    def summary(self, lang: str = "nl") -> str:
        return f"{self.name} — {self.note}" if self.note else self.name


class Step1(_Model):
    technologies: list[Technology] = Field(default_factory=list)
    contacts: list[Contact] = Field(default_factory=list)
    ideas: str = ""


# ---------------------------------------------------------------------------------------------
# step 2: pre-selection
# ---------------------------------------------------------------------------------------------
_TRL_RE = re.compile(r"^\s*TRL\s*[:=]?\s*(\d{1,2})\s*$", re.I)
#: "TRL 7" inside a part written as prose ("veel potentie, TRL 7 denk ik, past goed")
_TRL_IN_TEXT_RE = re.compile(r"\bTRL\s*[:=-]?\s*(\d)\b(?!\s*(?:[-–/]|tot|of|to|or)\s*\d)", re.I)


#: "4-5", "4 tot 5", "4 of 5", "4/5": a range, where the record holds one level
_TRL_RANGE_RE = re.compile(r"\d\s*(?:[-–/]|\b(?:tot|of|à|a|to|or)\b)\s*\d", re.I)


def _trl(value: str) -> int:
    if _TRL_RANGE_RE.search(value):  # its first number was stored without a word: "TRL 4-5" became 4
        raise ParseError(f"“{value}” is een bereik: geef één TRL van 1 tot en met 9.",
                         f"“{value}” is a range: give one TRL from 1 to 9.")
    n = parse_number(value)
    if n is None or n != int(n) or not 1 <= n <= 9:
        raise ParseError(f"de TRL is een geheel getal van 1 tot en met 9, niet “{value}”.",
                         f"the TRL is a whole number from 1 to 9, not “{value}”.")
    return int(n)


class Assessment(Entry):
    technology: str = ""
    potential: str = ""
    trl: int | None = Field(default=None, ge=1, le=9)
    fit: str = ""
    market_parties: str = ""
    risks: str = ""
    _main: ClassVar[str] = "technology"
    #: the order in which step 2's question asks for the parts
    _ORDER: ClassVar[tuple[str, ...]] = ("technology", "potential", "trl", "fit",
                                         "market_parties", "risks")
    #: a part that opens with its label without a colon: "TRL weet ik niet", "markt onbekend"
    _LABEL_RE: ClassVar[re.Pattern[str]] = re.compile(
        r"^\s*(trl|potentie|potential|fit|markt|market|marktpartijen|market parties|"
        r"risico's|risicos|risico|risks|risk)(?:\s+|$)(.*)$", re.I | re.S)
    #: a word after a part's label that joins the label to a phrase ("risico op privacyklachten",
    #: "market is small"): the label is part of the words then, not a label
    _JOINS_LABEL_RE: ClassVar[re.Pattern[str]] = re.compile(
        r"^(?:op|van|voor|bij|met|in|is|zijn|dat|of|on|for|with|are|that)\b", re.I)
    #: parts typed in a field's place that could not be read as that field (not stored), and why
    _unread: dict[str, tuple[str, ParseError]] = PrivateAttr(default_factory=dict)
    #: parts typed as not known yet ("potential: unknown"), left open: {field: as typed}
    _unknown: dict[str, str] = PrivateAttr(default_factory=dict)

    _KEYS: ClassVar[dict[str, str]] = _keymap(
        technology=("technologie", "kandidaat", "candidate", "naam", "name"),
        potential=("potentie", "potentieel", "bijdrage", "meerwaarde", "kans op succes",
                   "contribution"),
        trl=("trl", "volwassenheid", "maturity", "rijpheid", "technology readiness level"),
        fit=("organisatorische fit", "passend", "past", "organisatie", "opnamevermogen",
             "organisational fit", "organizational fit", "absorptie", "srl",
             "stakeholder readiness", "stakeholder readiness level", "landing"),
        market_parties=("markt", "marktpartijen", "market", "market parties", "partijen",
                        "ondernemers", "kennisinstellingen", "parties"),
        risks=("risico", "risico's", "risicos", "risk", "risks"),
    )

    @field_validator("trl", mode="before")
    @classmethod
    def _coerce_trl(cls, v: Any) -> Any:
        if isinstance(v, str):
            return _trl(v) if v.strip() else None
        return v

    @classmethod
    def from_text(cls, text: str, record: ProjectRecord | None = None) -> Assessment:
        """'Naam; potentie; TRL; fit; markt; risico's': unkeyed parts fill the fields in the
        order the question announces them (`_ORDER`), after the keyed ones ('fit: …') and any
        'TRL 7'. A part in the TRL's place that is no TRL is kept in `unread`, not stored."""
        values, rest = _parse_keyed(clean_text(text), cls._KEYS)
        # a part after the name that opens with a part's label ("TRL weet ik niet", "markt
        # onbekend") is that part's: "TRL weet ik niet", in the TRL's place without a number,
        # was stored as the fit
        for seg in list(rest[1:] if not values.get("technology") else rest):
            labelled = cls._LABEL_RE.match(seg)
            field = labelled and cls._KEYS.get(_norm(labelled.group(1)))
            if field == "trl" and re.search(r"\d", seg):
                continue  # "TRL 7", "TRL 4-5": read below, as before
            if field and field not in values:
                rest.remove(seg)
                # the label, without its colon, went into the value: "potentie: potentie hoog"
                after = labelled.group(2).strip()
                values[field] = seg if field != "trl" and cls._JOINS_LABEL_RE.match(after) else after
        # "weet ik niet", "onbekend", "?": the part is still open, left empty and asked
        open_fields = {k for k, v in values.items() if says_unknown(v)}
        unknown = {k: values[k].strip() for k in open_fields if values[k].strip()}
        data: dict[str, Any] = {k: v for k, v in values.items() if k != "trl" and k not in open_fields}
        unread: dict[str, tuple[str, ParseError]] = {}
        if values.get("trl") and "trl" not in open_fields:
            try:
                data["trl"] = _trl(values["trl"])
            except ParseError as exc:
                unread["trl"] = (values["trl"], exc)
        plain = []
        for seg in rest:
            m = _TRL_RE.match(seg)
            if m:
                data["trl"] = _trl(m.group(1))
            else:
                plain.append(seg)
        if plain and not data.get("technology"):
            body, tags = _split_tags(plain.pop(0))
            for tag in list(tags):
                tm = _TRL_RE.match(tag)
                if tm:
                    data["trl"] = _trl(tm.group(1))
                    tags.remove(tag)
            data["technology"] = body if not tags else f"{body} ({', '.join(tags)})"
        slots = [f for f in cls._ORDER if f != "technology" and not data.get(f) and f not in open_fields]
        if "trl" in slots and len(plain) < len(slots):
            at = slots.index("trl")
            if at < len(plain) and not re.search(r"\d", plain[at]) and not says_unknown(plain[at]):
                slots.remove("trl")  # a part short, and no number where the TRL goes: left out
        for field, seg in zip(slots, plain):
            if says_unknown(seg):
                unknown[field] = seg.strip()
                continue  # a "?" in a part's place: that part is open
            if field == "trl":
                try:
                    data["trl"] = _trl(seg)
                except ParseError as exc:
                    unread["trl"] = (seg, exc)
            else:
                data[field] = seg
        extra = plain[len(slots):]
        if extra:  # more parts than fields: the last field takes them
            last = slots[-1] if slots else "risks"
            data[last] = "; ".join([data[last], *extra] if data.get(last) else extra)
        if not data.get("trl") and "trl" not in unread:
            # written as prose, "TRL 7" stood inside the name and the TRL stayed empty
            found = _TRL_IN_TEXT_RE.search(" ".join(str(v) for v in data.values()))
            if found:
                data["trl"] = int(found.group(1)) or None
                # and taken out of the words it stood in: "Drones TRL 7" read back "Drones TRL 7; TRL 7"
                for key, value in data.items():
                    if key != "trl" and isinstance(value, str) and _TRL_IN_TEXT_RE.search(value):
                        left = re.sub(r"\(\s*\)", "", _TRL_IN_TEXT_RE.sub("", value, count=1))
                        # a dash or colon that led to it goes too: "beeldherkenning - trl 6, privacy …"
                        # read back "beeldherkenning - , privacy …"
                        left = re.sub(r"\s*[-–—:]\s*(?=[,;]|$)", "", left)
                        left = re.sub(r"\s*[,;]\s*(?=[,;]|$)|^\s*[,;]\s*", "", left)
                        left = re.sub(r"\s+([,;])", r"\1", left)  # "iVRI (TRL 7), …": "iVRI , …"
                        data[key] = " ".join(left.split()) or value
                        break
        entry = cls(**data)
        entry._unread = unread
        entry._unknown = {k: v for k, v in unknown.items() if not data.get(k)}
        return entry

    def empty_parts(self, lang: str = "nl") -> list[str]:
        """The names of the parts left empty, in the question's order."""
        return [("TRL" if name == "trl" else self._LABELS[name][lang == "en"])
                for name in self._ORDER[1:] if not getattr(self, name)]

    def unknown_parts(self, lang: str = "nl") -> dict[str, str]:
        """{label: as typed} for the parts typed as not known yet ("potential: unknown"), left
        empty (only just after `from_text`): said so, or the typed word vanished unsaid."""
        return {("TRL" if name == "trl" else self._LABELS[name][lang == "en"]): typed
                for name in self._ORDER[1:] if (typed := self._unknown.get(name)) is not None}

    def unread(self) -> dict[str, str]:
        """{field: text} for the parts typed in a field's place that could not be read as it
        (only just after `from_text`; they are not stored)."""
        return {field: typed for field, (typed, _why) in self._unread.items()}

    def unread_reasons(self) -> dict[str, ParseError]:
        """{field: why} for those parts ("“TRL 7-8” is a range: …")."""
        return {field: why for field, (_typed, why) in self._unread.items()}

    #: each part's label (nl, en), as the question names it
    _LABELS: ClassVar[dict[str, tuple[str, str]]] = {
        "potential": ("potentie", "potential"), "fit": ("fit", "fit"),
        "market_parties": ("markt", "market"), "risks": ("risico's", "risks")}

    def summary(self, lang: str = "nl") -> str:
        """Every part with its label, in the order the question asks for them."""
        parts = [self.technology]
        for name in self._ORDER[1:]:
            if name == "trl":
                if self.trl:
                    parts.append(f"TRL {self.trl}")
            elif getattr(self, name):
                nl, en = self._LABELS[name]
                parts.append(f"{en if lang == 'en' else nl}: {getattr(self, name)}")
        return joined_parts(parts)


_MITIGATION_KEYS = _keymap(
    impact=("effect", "risico", "risk", "gevolg", "impact"),
    mitigation=("maatregel", "maatregelen", "mitigatie", "mitigation", "beheersing",
                "measure", "measures", "oplossing", "aanpak"),
)


class RightImpact(OneLine):
    """Impact of the technology on one fundamental right, and how it is mitigated."""

    impact: str = ""
    mitigation: str = ""

    @classmethod
    def from_text(cls, text: str, record: ProjectRecord | None = None) -> RightImpact:
        values, rest = _parse_keyed(clean_text(text), _MITIGATION_KEYS, runs_on=frozenset({"impact", "mitigation"}))
        impact = "; ".join([values["impact"], *rest] if values.get("impact") else rest)
        return cls(impact=impact, mitigation=values.get("mitigation", ""))

    def summary(self, lang: str = "nl") -> str:
        # the measure by its label, as the question asks for it: an arrow the user never typed
        # stood for "maatregel:", and the line did not read back as typed
        if self.mitigation:
            said = f"{'mitigation' if lang == 'en' else 'maatregel'}: {self.mitigation}"
            return f"{self.impact}; {said}" if self.impact else said
        return self.impact


class RightsCheck(_Model):
    dignity: RightImpact = Field(default_factory=RightImpact)
    autonomy: RightImpact = Field(default_factory=RightImpact)
    privacy: RightImpact = Field(default_factory=RightImpact)
    non_discrimination: RightImpact = Field(default_factory=RightImpact)
    expression: RightImpact = Field(default_factory=RightImpact)
    fair_trial: RightImpact = Field(default_factory=RightImpact)


class ShortlistItem(Entry):
    name: str = ""
    reason: str = ""
    _main: ClassVar[str] = "name"
    _NAME_AND_NOTE: ClassVar[bool] = True

    @classmethod
    def from_text(cls, text: str, record: ProjectRecord | None = None) -> ShortlistItem:
        text = clean_text(text).strip()
        body, tags = _split_tags(text)
        name, reason = _name_and_note(body)
        if tags and not reason:
            reason = ", ".join(tags)  # "Sensoren (volwassen)": the brackets give the reason
        elif tags:
            # brackets that close the reason stay where they were typed: "… — volwassen (TRL 8)"
            # was stored as "… (TRL 8) — volwassen"
            name, reason = _name_and_note(text)
        return cls(name=name, reason=reason)

    def summary(self, lang: str = "nl") -> str:
        return f"{self.name} — {self.reason}" if self.reason else self.name


class Step2(_Model):
    assessments: list[Assessment] = Field(default_factory=list)
    rights: RightsCheck = Field(default_factory=RightsCheck)
    public_values: str = ""
    shortlist: list[ShortlistItem] = Field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# step 3: minimum requirements
# ---------------------------------------------------------------------------------------------
class Requirement(Entry):
    text: str = ""
    aspect: Aspect | None = None
    kind: RequirementKind | None = None

    _KEYS: ClassVar[dict[str, str]] = _keymap(
        aspect=("aspect", "soort", "categorie", "category"),
        kind=("type", "herkomst", "kind", "aard"),
    )

    @classmethod
    def from_text(cls, text: str, record: ProjectRecord | None = None) -> Requirement:
        text = clean_text(text).strip()
        aspect: Aspect | None = None
        kind: RequirementKind | None = None
        values, rest = _parse_keyed(text, cls._KEYS)
        if values:
            aspect = Aspect.parse(values.get("aspect", "")) if values.get("aspect") else None
            kind = RequirementKind.parse(values["kind"]) if values.get("kind") else None
            text = "; ".join(rest)
        body, tags = _split_tags(text)
        kept = []
        for tag in tags:
            a = Aspect.parse(tag)
            k = RequirementKind.parse(tag)
            if a is not None and aspect is None:
                aspect = a
            elif k is not None and kind is None:
                kind = k
            else:
                kept.append(tag)
        if tags and len(kept) < len(tags):
            text = body if not kept else f"{body} ({', '.join(kept)})"
        # "data: AVG-conform" style prefix
        if aspect is None:
            m = re.match(r"^\s*([^:]{1,25}):\s+(.+)$", text, re.S)
            if m and Aspect.parse(m.group(1)) is not None:
                aspect, text = Aspect.parse(m.group(1)), m.group(2).strip()
        return cls(text=text, aspect=aspect, kind=kind)

    def summary(self, lang: str = "nl") -> str:
        tags = [x.label(lang) for x in (self.aspect, self.kind) if x is not None]
        return f"{self.text} ({', '.join(tags)})" if tags else self.text


class Step3(_Model):
    requirements: list[Requirement] = Field(default_factory=list)
    budget_ceiling: str = ""
    pm_funding: str = ""
    timeline: str = ""
    expertise: str = ""
    basis: str = ""
    use_case: str = ""


# ---------------------------------------------------------------------------------------------
# step 4: criteria
# ---------------------------------------------------------------------------------------------
def find_requirement(record: ProjectRecord | None, ref: str) -> Requirement | None:
    """The step-3 requirement named by id, by number (1-based) or by (partial) text."""
    if record is None or not ref.strip():
        return None
    reqs = record.step3.requirements
    ref_n = _norm(ref)
    for req in reqs:
        if req.id == ref.strip():
            return req
    if re.fullmatch(r"#?\d{1,3}", ref.strip()):
        i = int(ref.strip().lstrip("#")) - 1
        if 0 <= i < len(reqs):
            return reqs[i]
    for req in reqs:
        if _norm(req.text) == ref_n:
            return req
    candidates = [r for r in reqs if ref_n and (ref_n in _norm(r.text) or _norm(r.text) in ref_n)]
    return candidates[0] if len(candidates) == 1 else None


#: A criterion's weight named in its words: "(weging 40%)", "gewicht: 15%", "weight 20%"
WEIGHT_NAMED_RE = re.compile(r"\b(?:weging|wegingsfactor|gewicht|weight(?:ing)?)\s*[:=]?\s*(\d{1,3}(?:[.,]\d+)?)\s*%",
                             re.I)
#: … or a percentage alone in brackets after its name ("Beeldkwaliteit (40%)"), where its target is given apart
BRACKETED_PERCENT_RE = re.compile(r"\(\s*(\d{1,3}(?:[.,]\d+)?)\s*%\s*\)")


def weight_in_words(text: str, target: str = "") -> tuple[str, str, str] | None:
    """(text, target, weight) with the one weight a criterion's words give (as the weight check
    reads them) taken out of them, e.g. ("Wachttijd", "", "40%") from "Wachttijd (weging 40%)";
    None where they give none, or more than one."""
    named = [(m, field) for field, words in (("text", text), ("target", target))
             for m in WEIGHT_NAMED_RE.finditer(words)]
    bracketed = list(BRACKETED_PERCENT_RE.finditer(text)) if target.strip() and not named else []
    if len(named) + len(bracketed) != 1:
        return None
    match, field = named[0] if named else (bracketed[0], "text")
    words = text if field == "text" else target
    start, end = match.span()
    # the brackets around "(weging 40%)" go with it
    before, after = words[:start].rstrip(), words[end:].lstrip()
    if before.endswith("(") and after.startswith(")"):
        before, after = before[:-1], after[1:]
    left = " ".join(f"{before} {after}".split()).strip(" ,;:—–-")
    weight = match.group(1) + "%"
    return (left, target, weight) if field == "text" else (text, left, weight)


class Criterion(Entry):
    text: str = ""
    target: str = ""
    requirement: str = ""  # the linked requirement as typed (text or number)
    requirement_id: str | None = None  # resolved id of a step-3 requirement, when found
    #: how much it counts in step 9, as typed ("40%"): "gewicht: 40%" stayed in the name
    weight: str = ""

    _KEYS: ClassVar[dict[str, str]] = _keymap(
        text=("criterium", "criterion", "omschrijving"),
        target=("doel", "doelwaarde", "norm", "target", "meetbaar doel", "streefwaarde",
                "measurable target", "maat", "meetlat", "succes als", "success if", "goal"),
        requirement=("eis", "minimale eis", "requirement", "gekoppelde eis", "koppeling",
                     "linked requirement", "req", "hoort bij", "links to"),
        weight=("gewicht", "weging", "wegingsfactor", "weighting"),
    )

    @classmethod
    def from_text(cls, text: str, record: ProjectRecord | None = None) -> Criterion:
        values, rest = _parse_keyed(clean_text(text), cls._KEYS)
        body = values.get("text") or "; ".join(rest)
        if values.get("text") and rest:
            body = "; ".join([body, *rest])
        requirement = values.get("requirement", "")
        if _NO_LINK_RE.fullmatch(requirement.strip()):
            # "eis: geen", "requirement: none": linked to none (it named a requirement "none" that
            # step 3 lacks, and the check said so)
            requirement = ""
        body, target, weight = body.strip(), values.get("target", ""), values.get("weight", "")
        if not weight.strip():
            # "Wachttijd (weging 40%); doel: …": the check read it as the weight while the
            # exports' weight column said "—"; it is the weight part now
            body, target, weight = weight_in_words(body, target) or (body, target, weight)
        crit = cls(text=body, target=target, requirement=requirement, weight=weight)
        crit.link(record)
        return crit

    def link(self, record: ProjectRecord | None) -> None:
        """Resolve `requirement` to a step-3 requirement id (kept when already set)."""
        if self.requirement and record is not None:
            req = find_requirement(record, self.requirement)
            if req is not None:
                self.requirement_id = req.id

    def summary(self, lang: str = "nl") -> str:
        parts = [self.text]
        if self.target:
            parts.append(f"{'target' if lang == 'en' else 'doel'}: {self.target}")
        if self.requirement:
            parts.append(f"{'requirement' if lang == 'en' else 'eis'}: {self.requirement}")
        if self.weight:
            parts.append(f"{'weight' if lang == 'en' else 'weging'}: {self.weight}")  # as the question names it
        return joined_parts(parts)


#: A criterion's "eis:" that links it to no requirement
_NO_LINK_RE = re.compile(r"(?:geen|geen\s+eis|none|no\s+requirement|n\.?\s?v\.?\s?t\.?|n/a|-|—|–|nvt)", re.I)


class Step4(_Model):
    criteria: list[Criterion] = Field(default_factory=list)
    deliverables: list[TextEntry] = Field(default_factory=list)
    communication: str = ""


# ---------------------------------------------------------------------------------------------
# step 5: outcomes
# ---------------------------------------------------------------------------------------------
class OutcomePlan(OneLine):
    """What happens after one outcome, who does what, expectations and objections."""

    description: str = ""
    who: str = ""
    expectations: str = ""
    objections: str = ""

    _KEYS: ClassVar[dict[str, str]] = _keymap(
        description=("wat", "what", "vervolg", "next", "dan", "then", "beschrijving"),
        who=("wie", "who", "rollen", "roles", "verantwoordelijk", "responsible", "eigenaar"),
        expectations=("verwachting", "verwachtingen", "expectation", "expectations", "wensen",
                      "wishes"),
        objections=("bezwaar", "bezwaren", "objection", "objections", "zorgen", "concerns"),
    )

    @classmethod
    def from_text(cls, text: str, record: ProjectRecord | None = None) -> OutcomePlan:
        values, rest = _parse_keyed(clean_text(text), cls._KEYS, runs_on=frozenset(cls.model_fields))
        desc = "; ".join([values["description"], *rest] if values.get("description") else rest)
        return cls(description=desc, who=values.get("who", ""),
                   expectations=values.get("expectations", ""),
                   objections=values.get("objections", ""))

    def is_filled(self) -> bool:
        return bool(self.description.strip() or self.who.strip())

    def summary(self, lang: str = "nl") -> str:
        names = {"who": ("wie", "who"), "expectations": ("verwachtingen", "expectations"),
                 "objections": ("bezwaren", "objections")}
        parts = [self.description] if self.description else []
        for name, (nl, en) in names.items():
            if getattr(self, name):
                parts.append(f"{en if lang == 'en' else nl}: {getattr(self, name)}")
        return joined_parts(parts)


class Step5(_Model):
    success: OutcomePlan = Field(default_factory=OutcomePlan)
    failure: OutcomePlan = Field(default_factory=OutcomePlan)
    unclear: OutcomePlan = Field(default_factory=OutcomePlan)
    trends: list[TextEntry] = Field(default_factory=list)
    scenarios: list[TextEntry] = Field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# step 6: scale-up plan
# ---------------------------------------------------------------------------------------------
class IPArrangements(_Model):
    ownership: str = ""
    licences: str = ""
    source_code: str = ""
    patents: str = ""
    data: str = ""
    confidentiality: str = ""
    vendor_lock_in: str = ""


class Step6(_Model):
    policy_changes: str = ""
    training: str = ""
    ip: IPArrangements = Field(default_factory=IPArrangements)
    financial_cover: str = ""
    procurement_strategy: ProcurementStrategy | None = None
    market_consultation: str = ""
    project_manager: str = ""


# ---------------------------------------------------------------------------------------------
# step 7: design the trajectory
# ---------------------------------------------------------------------------------------------
class Step7(_Model):
    procedure: Procedure | None = None
    rationale: str = ""
    finish_line: str = ""
    duration: str = ""
    people: str = ""
    suitability: str = ""
    tender_contents: str = ""
    selection: str = ""


# ---------------------------------------------------------------------------------------------
# step 8: run the trajectory
# ---------------------------------------------------------------------------------------------
class Step8(_Model):
    agreements: str = ""
    risk_allocation: str = ""
    test_environment: str = ""
    course_corrections: list[TextEntry] = Field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# step 9: evaluate
# ---------------------------------------------------------------------------------------------
#: A verdict met in part, however it is worded: "met partly: 88%", "yes, partly — …", "not
#: fully met — …", "mostly met", "niet helemaal voldaan". Read before the verdict words one by
#: one: "met" and "not" alone were taken for met and not met, and the rest for the evidence.
_PARTLY_VERDICT_RE = re.compile(
    # "voldoet grotendeels", "wordt niet helemaal gehaald", "meets it partly": a verb before it
    # read the verb as the verdict ("voldoet niet helemaal" was not met, with "helemaal:" left over)
    r"^\W*(?:(?:yes|ja|met|voldaan|voldoet|voldoen|gehaald|behaald|haalt|halen|meets?|achieves?|is|are|"
    r"wordt|worden|werd|was|it|het|dit|dat|die|this|that)\W+){0,3}(?:(?:only|maar|slechts|just)\s+)?"
    r"(?:partly|partially|in\s+part|half|mostly|largely|deels|gedeeltelijk|grotendeels|ten\s+dele|"
    r"not\s+(?:fully|entirely|completely|wholly|quite|all\s+the\s+way)|"
    r"niet\s+(?:helemaal|volledig|geheel|compleet|overal))\b"
    r"(?:\s+(?:met|voldaan|gehaald|behaald|achieved))?",
    re.I)


#: Verdicts said in a phrase, before the words for part: "mostly not met" is not met (it was
#: "partly met" with "not met" as its evidence), "It did not meet it" not met, "exceeded
#: expectations" met (both were refused).
_VERDICT_PHRASES = (
    (re.compile(r"^\W*(?:(?:voldoet|voldoen|wordt|worden|is|are|was|it|het)\s+)?(?:mostly|largely|grotendeels|overwegend|"
                r"meestal)\s+(?:not|niet)\b(?:\s+(?:met|voldaan|gehaald|behaald))?",
                re.I), "not_met"),
    (re.compile(r"^\W*(?:(?:it|we|they|the\s+\w+|het|de\s+\w+)\s+)?(?:did|does|do|has|have)\s*(?:not|n't)\s+"
                r"(?:meet|achieve|pass|reach|been\s+met)\b(?:\s+(?:it|them|this|that|the\s+\w+))?", re.I), "not_met"),
    (re.compile(r"^\W*(?:(?:it|we|they|the\s+\w+)\s+)?(?:exceeded|surpassed|overtroffen|ruimschoots\s+(?:voldaan|gehaald)|"
                r"ruim\s+(?:voldaan|gehaald)|more\s+than\s+met)\b(?:\s+(?:expectations|the\s+target|it|verwachtingen))?",
                re.I), "met"),
)


#: A verdict said at the end of a line, after a mark or "dus"/"so": "…: voldaan", "…, dus deels".
_VERDICT_LAST_RE = re.compile(
    r"(?:[,:;—–-]|\b(?:dus|daarom|so|therefore)\b)\s*(?P<verdict>niet\s+voldaan|deels\s+voldaan|deels|voldaan"
    r"|not\s+met|partly\s+met|partly|met)\W*$", re.I)


class Judgement(Entry):
    """The verdict on one step-3 requirement or step-4 criterion."""

    ref_id: str = ""
    ref_kind: Literal["requirement", "criterion"] = "requirement"
    ref_text: str = ""  # the requirement/criterion text at the time of judging
    #: a criterion's target at the time of judging: the verdict was measured against it (None for
    #: a requirement, and in records exported before targets were kept)
    ref_target: str | None = None
    verdict: JudgementVerdict | None = None
    evidence: str = ""
    _main: ClassVar[str] = "verdict"

    _KEYS: ClassVar[dict[str, str]] = _keymap(
        verdict=("oordeel", "verdict", "uitslag", "resultaat", "result"),
        evidence=("bewijs", "onderbouwing", "evidence", "toelichting", "waarom", "why"),
    )

    @classmethod
    def from_text(cls, text: str, record: ProjectRecord | None = None) -> Judgement:
        """'deels — 80% binnen 48 uur gehaald' -> verdict partly, evidence '80% …'."""
        text = clean_text(text).strip()
        values, rest = _parse_keyed(text, cls._KEYS)
        verdict = JudgementVerdict.parse(values["verdict"]) if values.get("verdict") else None
        evidence_parts = [values["evidence"]] if values.get("evidence") else []
        if verdict is None and opens_undecided(text):
            # "not sure yet, the DPIA is still running": no verdict yet, what was said kept
            # ("not" was read as not met, and the rest as its evidence: "sure yet, …")
            return cls(verdict=None, evidence=text)
        if verdict is None and rest:
            for pattern, member in _VERDICT_PHRASES:
                if said := pattern.match(rest[0]):
                    verdict = JudgementVerdict(member)
                    rest = [re.sub(r"^\s*[,:.;—–-]*\s*", "", rest[0][said.end():]), *rest[1:]]
                    break
        if verdict is None and rest and (partly := _PARTLY_VERDICT_RE.match(rest[0])):
            verdict = JudgementVerdict.PARTLY
            rest = [re.sub(r"^\s*[,:.;—–-]*\s*", "", rest[0][partly.end():]), *rest[1:]]
        said_last = _VERDICT_LAST_RE.search(rest[-1]) if verdict is None and rest else None
        # "Niet elke week gevlogen, dus deels": the verdict said last, not "niet" first
        if verdict is None and rest and not (said_last and re.match(r"\s*(?:niet|nee|not|no)\b", rest[0], re.I)):
            first = rest[0]
            # the longest prefix of up to 3 words that is a verdict ("niet voldaan — …")
            words = first.split()
            for n in (3, 2, 1):
                if len(words) >= n:
                    head = " ".join(words[:n]).rstrip(",:.;—–-")
                    v = JudgementVerdict.parse_exact(head)
                    if v is not None:
                        verdict = v
                        tail = first[len(" ".join(words[:n])):]
                        rest = [re.sub(r"^\s*[,:.;—–-]*\s*", "", tail), *rest[1:]]
                        break
        if verdict is None and said_last:
            # the verdict said last: "… is goed zichtbaar: voldaan", "elke week gevlogen, dus voldaan"
            verdict = JudgementVerdict.parse_exact(said_last.group("verdict"))
            if verdict is not None:
                rest = [*rest[:-1], rest[-1][:said_last.start()].strip(" ,:;—–-")]
        evidence_parts += [without_leading_fillers(r) for r in rest if r]
        if verdict is None:
            raise ParseError(
                "Geef een oordeel: voldaan, deels of niet voldaan (met onderbouwing), "
                "bijvoorbeeld 'deels — 80% binnen 48 uur'.",
                "Give a verdict: met, partly or not met (with evidence), "
                "for example 'partly — 80% within 48 hours'.")
        return cls(verdict=verdict, evidence="; ".join(evidence_parts))

    def verdict_text(self, lang: str = "nl") -> str:
        """The verdict and its evidence, without what was judged: for where that is named already
        (step 9's question names its requirement or criterion)."""
        v = self.verdict.label(lang) if self.verdict else "?"
        return f"{v} — {self.evidence}" if self.evidence else v

    def judged_on(self, lang: str = "nl") -> str:
        """What the verdict was given on: the text, and a criterion's target where it was kept."""
        if not (self.ref_target or "").strip():
            return self.ref_text
        return joined_parts([self.ref_text, f"{'target' if lang == 'en' else 'doel'}: {self.ref_target}"])

    def summary(self, lang: str = "nl") -> str:
        return f"{self.ref_text}: {self.verdict_text(lang)}" if self.ref_text else self.verdict_text(lang)


class Step9(_Model):
    judgements: list[Judgement] = Field(default_factory=list)
    external_vs_own: str = ""
    imperfections: str = ""
    lessons: list[TextEntry] = Field(default_factory=list)
    bit_rules: str = ""
    support: str = ""
    verdict: FinalVerdict | None = None
    #: why this verdict (what more research, why not scale up): said after the choice, kept with
    #: it; a record without it (written before it was kept) reads as empty
    verdict_note: str = ""


# ---------------------------------------------------------------------------------------------
# step 10: scale up
# ---------------------------------------------------------------------------------------------
class Barrier(Entry):
    barrier: str = ""
    handling: str = ""
    _main: ClassVar[str] = "barrier"
    _NAME_AND_NOTE: ClassVar[bool] = True

    _KEYS: ClassVar[dict[str, str]] = _keymap(
        barrier=("drempel", "knelpunt", "barrier", "probleem", "obstakel", "issue"),
        handling=("aanpak", "oplossing", "handling", "maatregel", "approach", "actie", "action",
                  "hoe", "how"),
    )

    @classmethod
    def from_text(cls, text: str, record: ProjectRecord | None = None) -> Barrier:
        values, rest = _parse_keyed(clean_text(text), cls._KEYS, runs_on=frozenset({"handling"}))
        barrier = values.get("barrier", "")
        handling = values.get("handling", "")
        if rest and not barrier:
            # "belemmering — aanpak; meer aanpak": the ';' goes on with the approach
            name, note = _name_and_note(rest[0]) if not handling else (rest[0], "")
            barrier, rest = name, ([note] if note else []) + rest[1:]
        if rest:
            handling = "; ".join([handling, *rest] if handling else rest)
        return cls(barrier=barrier, handling=handling)

    def summary(self, lang: str = "nl") -> str:
        return f"{self.barrier} → {self.handling}" if self.handling else self.barrier


class Step10(_Model):
    plan_changes: str = ""
    alignment: str = ""
    barriers: list[Barrier] = Field(default_factory=list)
    keeping_current: str = ""


# ---------------------------------------------------------------------------------------------
# the record
# ---------------------------------------------------------------------------------------------
class ProjectRecord(_Model):
    schema_version: int = SCHEMA_VERSION
    project: ProjectMeta = Field(default_factory=ProjectMeta)
    step0: Step0 = Field(default_factory=Step0)
    step1: Step1 = Field(default_factory=Step1)
    step2: Step2 = Field(default_factory=Step2)
    step3: Step3 = Field(default_factory=Step3)
    step4: Step4 = Field(default_factory=Step4)
    step5: Step5 = Field(default_factory=Step5)
    step6: Step6 = Field(default_factory=Step6)
    step7: Step7 = Field(default_factory=Step7)
    step8: Step8 = Field(default_factory=Step8)
    step9: Step9 = Field(default_factory=Step9)
    step10: Step10 = Field(default_factory=Step10)

    def step(self, n: int) -> _Model:
        if n not in STEP_NUMBERS:
            raise FieldPathError(f"Stap {n} bestaat niet (0 tot en met 10).",
                                 f"Step {n} does not exist (0 to 10).")
        return getattr(self, f"step{n}")

    def touch(self) -> None:
        self.project.updated = utcnow()

    def status(self, n: int) -> StepStatus:
        return step_status(self, n)

    def statuses(self) -> dict[int, StepStatus]:
        return {n: step_status(self, n) for n in STEP_NUMBERS}


def stored_form(part: BaseModel) -> str:
    """A record, or a part of one, as the store keeps it: two are the same record when these are
    equal. Model equality also compares what a part holds beside its stored fields (the piece of
    a line not read, kept to ask for next), which the store never sees: a window took its own
    write, read back, for another window's change."""
    return part.model_dump_json()


def new_record(title: str = "", organisation: str = "", owner: str = "",
               language: Lang = "nl") -> ProjectRecord:
    return ProjectRecord(project=ProjectMeta(title=title, organisation=organisation, owner=owner,
                                             language=language))


def named_as(record: ProjectRecord, title: str, organisation: str, updated: str = "") -> ProjectRecord:
    """A copy of `record` under the project's name and organisation as they are now: a project
    renamed (or imported as "… (2)") kept its first name in the record, and exported under it.
    `updated`: when the store last wrote the record (ISO time), its "last updated" everywhere
    else; the record's own date was the exported file's, for a project imported or copied."""
    change: dict[str, Any] = {"title": title, "organisation": organisation}
    try:
        change["updated"] = datetime.fromisoformat(updated)
    except ValueError:  # none, or not a time the store wrote: the record's own date stands
        pass
    if all(getattr(record.project, name) == value for name, value in change.items()):
        return record
    return record.model_copy(update={"project": record.project.model_copy(update=change)})


def format_value(value: Any, lang: str = "nl") -> str:
    """A short display text for any field value (entries and sub-models via `summary`)."""
    if value is None:
        return ""
    if isinstance(value, LabeledEnum):
        return value.label(lang)
    if isinstance(value, bool):
        return ("yes" if value else "no") if lang == "en" else ("ja" if value else "nee")
    if isinstance(value, list):
        return "\n".join(format_value(v, lang) for v in value)
    if isinstance(value, OneLine):
        return value.summary(lang)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, BaseModel):
        return "; ".join(f"{k}: {format_value(getattr(value, k), lang)}"
                         for k in type(value).model_fields if is_filled(getattr(value, k)))
    if isinstance(value, str) and "\n" in value.strip():
        # lines typed as a list ("- medewerkers…"): shown as lines, each without its typed bullet
        return "\n".join(re.sub(r"^\s*[-*•·–]\s+", "", line) for line in value.strip().split("\n"))
    return str(value)
