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
import types
import uuid
from datetime import UTC, datetime
from enum import Enum
from typing import Annotated, Any, ClassVar, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, field_validator

from assistant.core.errors import BilingualError
from assistant.core.textsafe import strip_escapes

SCHEMA_VERSION = 1

Lang = Literal["nl", "en"]
StepStatus = Literal["not_started", "in_progress", "done"]
STEP_NUMBERS: tuple[int, ...] = tuple(range(11))


# ---------------------------------------------------------------------------------------------
# errors and small helpers
# ---------------------------------------------------------------------------------------------
class RecordError(BilingualError, ValueError):
    """Base error of this module; carries a Dutch and an English message."""

    def __init__(self, nl: str, en: str | None = None) -> None:
        super().__init__(nl, en or None)

    def __str__(self) -> str:  # Dutch alone, as pydantic shows it inside its own messages
        return self.nl


class FieldPathError(RecordError, KeyError):
    """A dotted field path that does not exist in ProjectRecord (or an unknown entry id)."""

    def __str__(self) -> str:  # KeyError would quote the message
        return self.nl


class ParseError(RecordError):
    """Typed text that cannot become a value for the field (e.g. TRL 12, unknown procedure)."""


def new_id() -> str:
    """A short stable id for list entries."""
    return uuid.uuid4().hex[:8]


def utcnow() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def clean_text(text: str) -> str:
    """Remove terminal escape sequences and control characters; keep newlines and tabs.

    Markup such as ``[bold]`` is *not* touched: the record stores it literally.
    """
    return strip_escapes(str(text))


def _norm(text: str) -> str:
    """Lower-case, unify separators and whitespace: for alias matching."""
    text = text.strip().lower().replace("_", " ").replace("-", " ").replace("’", "'")
    text = re.sub(r"[.!:;,]+$", "", text)
    return re.sub(r"\s+", " ", text).strip()


def _lines(text: str) -> list[str]:
    """Non-empty lines of an answer, with list bullets ("- ", "* ", "1. ", "•") removed."""
    out = []
    for line in clean_text(text).split("\n"):
        line = re.sub(r"^\s*(?:[-*•·–]\s+|\d{1,2}[.)]\s+)", "", line).strip()
        if line:
            out.append(line)
    return out


# ---------------------------------------------------------------------------------------------
# enums with Dutch/English input and labels
# ---------------------------------------------------------------------------------------------
class LabeledEnum(str, Enum):
    """A str enum whose constructor also accepts Dutch/English aliases and labels."""

    # value -> {"nl": label, "en": label}; subclasses fill these
    @classmethod
    def _labels(cls) -> dict[str, dict[str, str]]:
        return {}

    @classmethod
    def _aliases(cls) -> dict[str, tuple[str, ...]]:
        return {}

    def label(self, lang: str = "nl") -> str:
        labels = self._labels().get(self.value, {})
        return labels.get(lang) or labels.get("nl") or self.value

    @classmethod
    def _lookup(cls) -> dict[str, LabeledEnum]:
        table: dict[str, LabeledEnum] = {}
        for member in cls:
            keys = [member.value, member.name, *cls._aliases().get(member.value, ())]
            keys += list(cls._labels().get(member.value, {}).values())
            for key in keys:
                table.setdefault(_norm(key), member)
        return table

    @classmethod
    def _missing_(cls, value: object) -> LabeledEnum | None:
        if isinstance(value, str):
            return cls._lookup().get(_norm(value))
        return None

    @classmethod
    def parse(cls, text: str) -> LabeledEnum | None:
        """The member for `text` (value, name, label or alias in either language), or None.

        Falls back to the longest alias contained in the text as whole words ("later openbaar
        aanbesteden graag" -> open_tender), unless that is ambiguous or the rest of the text
        holds a negation ("geen opschaling" is not "opschaling").
        """
        if isinstance(text, cls):
            return text
        q = _norm(str(text))
        table = cls._lookup()
        if q in table:
            return table[q]
        return cls._parse_contained(q, table)

    @classmethod
    def parse_exact(cls, text: str) -> LabeledEnum | None:
        """Like `parse`, without the contained-alias fallback."""
        return text if isinstance(text, cls) else cls._lookup().get(_norm(str(text)))

    @classmethod
    def _parse_contained(cls, q: str, table: dict[str, LabeledEnum]) -> LabeledEnum | None:
        hay = f" {q} "
        best: list[tuple[int, LabeledEnum, str]] = []
        for alias, member in table.items():
            if len(alias) >= 3 and f" {alias} " in hay:
                best.append((len(alias), member, alias))
        if not best:
            return None
        best.sort(key=lambda b: -b[0])
        top_len, top, alias = best[0]
        if any(m is not top and n == top_len for n, m, _ in best):
            return None
        rest = hay.replace(f" {alias} ", " ")
        if re.search(r"\b(niet|geen|not|no|never|nooit|don't|dont)\b", rest):
            return None
        return top

    @classmethod
    def choices(cls, lang: str = "nl") -> list[tuple[str, str]]:
        """(value, label) pairs in definition order."""
        return [(m.value, m.label(lang)) for m in cls]


class Aspect(LabeledEnum):
    ETHICAL = "ethical"
    TECHNICAL = "technical"
    DATA = "data"
    LEGAL = "legal"
    PUBLIC_VALUES = "public_values"

    @classmethod
    def _labels(cls):
        return {
            "ethical": {"nl": "ethisch", "en": "ethical"},
            "technical": {"nl": "technisch", "en": "technical"},
            "data": {"nl": "data", "en": "data"},
            "legal": {"nl": "juridisch", "en": "legal"},
            "public_values": {"nl": "publieke waarden", "en": "public values"},
        }

    @classmethod
    def _aliases(cls):
        return {
            "ethical": ("ethiek", "ethics", "ethische eis", "ethisch verantwoord"),
            "technical": ("techniek", "technisch", "technology", "tech", "techniek/ict"),
            "data": ("gegevens", "databeveiliging", "data security", "dataveiligheid"),
            "legal": ("juridisch", "wettelijk", "wet", "wet- en regelgeving", "regelgeving",
                      "law", "compliance", "juridische eis"),
            "public_values": ("publieke waarde", "publieke waarden en grondrechten", "grondrechten",
                              "mensenrechten", "public value", "fundamental rights",
                              "human rights", "waarden"),
        }


class RequirementKind(LabeledEnum):
    NEED = "need"
    BOUNDARY = "boundary"

    @classmethod
    def _labels(cls):
        return {
            "need": {"nl": "uit de behoefte", "en": "from the need"},
            "boundary": {"nl": "randvoorwaarde", "en": "boundary condition"},
        }

    @classmethod
    def _aliases(cls):
        return {
            "need": ("behoefte", "eis uit de behoefte", "behoefte eis", "from need", "needs"),
            "boundary": ("randvoorwaardelijk", "randvoorwaardelijke eis", "randvoorwaarden",
                         "grens", "boundary requirement", "constraint", "boundary conditions"),
        }


class SourceKind(LabeledEnum):
    PUBLICATIONS = "publications"
    RESEARCH = "research"
    PILOTS = "pilots"
    HACKATHON = "hackathon"
    SBIR = "sbir"
    MARKET = "market"
    PATENTS = "patents"
    INNOVATION_DESK = "innovation_desk"
    PARTNERSHIP = "partnership"
    OTHER = "other"

    @classmethod
    def _labels(cls):
        return {
            "publications": {"nl": "publicaties en nieuws", "en": "publications and news"},
            "research": {"nl": "onderzoek (kennisinstelling)", "en": "research (knowledge institute)"},
            "pilots": {"nl": "pilots bij andere overheden", "en": "pilots at other governments"},
            "hackathon": {"nl": "hackathon", "en": "hackathon"},
            "sbir": {"nl": "SBIR", "en": "SBIR"},
            "market": {"nl": "marktverkenning of marktconsultatie",
                       "en": "market exploration or consultation"},
            "patents": {"nl": "octrooien", "en": "patents"},
            "innovation_desk": {"nl": "innovatieloket", "en": "innovation desk"},
            "partnership": {"nl": "publiek-private samenwerking", "en": "public-private partnership"},
            "other": {"nl": "anders", "en": "other"},
        }

    @classmethod
    def _aliases(cls):
        return {
            "publications": ("publicatie", "nieuws", "news", "publication", "artikel", "article",
                             "sleuteltechnologieën", "vakblad", "media"),
            "research": ("onderzoek", "universiteit", "hogeschool", "kennisinstelling", "tu",
                         "university", "knowledge institute", "studie", "study", "tno"),
            "pilots": ("pilot", "andere overheid", "andere overheden", "gemeente", "gemeenten",
                       "other government", "other governments", "collega overheid"),
            "sbir": ("sbir traject", "pre commercieel", "pre commercial procurement"),
            "market": ("marktverkenning", "marktconsultatie", "market consultation",
                       "market exploration", "markt", "market", "leverancier", "supplier"),
            "patents": ("octrooi", "patent", "octrooien"),
            "innovation_desk": ("innovatieloket", "loket", "innovation desk"),
            "partnership": ("pps", "publiek private samenwerking", "ai coalitie",
                            "nederlandse ai coalitie", "dutch blockchain coalition", "coalitie",
                            "partnership"),
            "other": ("overig", "anders", "other"),
        }


class ProcurementStrategy(LabeledEnum):
    OPEN_TENDER = "open_tender"
    DIRECT_PURCHASE = "direct_purchase"
    UNDECIDED = "undecided"

    @classmethod
    def _labels(cls):
        return {
            "open_tender": {"nl": "later openbaar aanbesteden (functioneel gespecificeerd)",
                            "en": "open future tenders (functional specifications)"},
            "direct_purchase": {"nl": "direct afnemen bij een deelnemer",
                                "en": "buy directly from a participant"},
            "undecided": {"nl": "nog niet besloten", "en": "not decided yet"},
        }

    @classmethod
    def _aliases(cls):
        return {
            "open_tender": ("aanbesteden", "aanbesteding", "openbaar", "open", "tender",
                            "toekomstige aanbesteding", "toekomstige aanbestedingen",
                            "later aanbesteden", "nieuwe aanbesteding", "regular tender",
                            "reguliere aanbesteding", "functioneel specificeren",
                            "open tendering", "future tender"),
            "direct_purchase": ("direct", "direct afnemen", "direct inkopen", "directe afname",
                                "afnemen", "buy directly", "direct purchase", "purchase",
                                "rechtstreeks afnemen", "inkopen bij deelnemer"),
            "undecided": ("onbeslist", "weet nog niet", "nog niet", "onbekend", "open vraag",
                          "undecided", "unknown", "not yet", "tbd", "?"),
        }


class Procedure(LabeledEnum):
    PROEFTUIN = "proeftuin"
    SBIR = "sbir"
    INNOVATIEPARTNERSCHAP = "innovatiepartnerschap"
    PRIJSVRAAG = "prijsvraag"

    @classmethod
    def _labels(cls):
        return {
            "proeftuin": {"nl": "proeftuin of pilot", "en": "proeftuin (test bed / pilot)"},
            "sbir": {"nl": "SBIR (pre-commercieel inkopen)",
                     "en": "SBIR (pre-commercial procurement)"},
            "innovatiepartnerschap": {"nl": "innovatiepartnerschap", "en": "innovation partnership"},
            "prijsvraag": {"nl": "prijsvraag", "en": "prize contest (prijsvraag)"},
        }

    @classmethod
    def _aliases(cls):
        return {
            "proeftuin": ("pilot", "proeftuin/pilot", "testomgeving", "test bed", "testbed",
                          "living lab", "field lab", "pilot project"),
            "sbir": ("small business innovation research", "pre commercieel inkopen",
                     "precommercieel inkopen", "pre commercial procurement", "pcp",
                     "pre commercieel inkooptraject"),
            "innovatiepartnerschap": ("innovatie partnerschap", "innovation partnership",
                                      "partnerschap", "ip procedure"),
            "prijsvraag": ("prize", "prize contest", "challenge", "competition", "contest",
                           "ontwerpwedstrijd", "wedstrijd", "inducement prize"),
        }


class JudgementVerdict(LabeledEnum):
    MET = "met"
    PARTLY = "partly"
    NOT_MET = "not_met"

    @classmethod
    def _labels(cls):
        return {
            "met": {"nl": "voldaan", "en": "met"},
            "partly": {"nl": "deels voldaan", "en": "partly met"},
            "not_met": {"nl": "niet voldaan", "en": "not met"},
        }

    @classmethod
    def _aliases(cls):
        return {
            "met": ("ja", "yes", "voldoet", "gehaald", "behaald", "ok", "achieved", "passed",
                    "geslaagd", "volledig", "fully met", "y", "j", "✓"),
            "partly": ("deels", "gedeeltelijk", "half", "partially", "partial", "partly",
                       "deels gehaald", "grotendeels", "mostly", "±", "~"),
            "not_met": ("nee", "no", "niet", "not", "voldoet niet", "niet gehaald", "failed",
                        "not achieved", "n", "✗"),
        }


class FinalVerdict(LabeledEnum):
    SCALE_UP = "scale_up"
    STOP = "stop"
    MORE_RESEARCH = "more_research"

    @classmethod
    def _labels(cls):
        return {
            "scale_up": {"nl": "opschalen", "en": "scale up"},
            "stop": {"nl": "stoppen", "en": "stop"},
            "more_research": {"nl": "meer onderzoek nodig", "en": "more research needed"},
        }

    @classmethod
    def _aliases(cls):
        return {
            "scale_up": ("go", "ja", "yes", "doorgaan", "implementeren", "opschaling",
                         "scale", "scaleup", "implement", "go voor opschaling", "succes",
                         "success"),
            "stop": ("no go", "nogo", "nee", "no", "stoppen", "beëindigen", "afbreken",
                     "mislukt", "failure", "niet opschalen"),
            "more_research": ("meer onderzoek", "onduidelijk", "verder onderzoek", "unclear",
                              "more research", "further research", "nader onderzoek",
                              "twijfel"),
        }


class Outcome(LabeledEnum):
    """The three possible outcomes of step 5 (used as keys, not as a field type)."""

    SUCCESS = "success"
    FAILURE = "failure"
    UNCLEAR = "unclear"

    @classmethod
    def _labels(cls):
        return {
            "success": {"nl": "succes: de technologie is waardevol",
                        "en": "success: the technology is valuable"},
            "failure": {"nl": "mislukking: geen meerwaarde", "en": "failure: no added value"},
            "unclear": {"nl": "onduidelijk: meer onderzoek nodig",
                        "en": "unclear: more research needed"},
        }


class FundamentalRight(LabeledEnum):
    """The six rights of the step-2 box (keys of `RightsCheck`)."""

    DIGNITY = "dignity"
    AUTONOMY = "autonomy"
    PRIVACY = "privacy"
    NON_DISCRIMINATION = "non_discrimination"
    EXPRESSION = "expression"
    FAIR_TRIAL = "fair_trial"

    @classmethod
    def _labels(cls):
        return {
            "dignity": {"nl": "menselijke waardigheid", "en": "human dignity"},
            "autonomy": {"nl": "persoonlijke autonomie", "en": "personal autonomy"},
            "privacy": {"nl": "privacy", "en": "privacy"},
            "non_discrimination": {"nl": "verbod van discriminatie", "en": "non-discrimination"},
            "expression": {"nl": "vrijheid van meningsuiting", "en": "freedom of expression"},
            "fair_trial": {"nl": "recht op een eerlijk proces", "en": "right to a fair trial"},
        }


# ---------------------------------------------------------------------------------------------
# keyed-segment parsing: "tekst; doel: 90%; eis: AVG-conform"
# ---------------------------------------------------------------------------------------------
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


def _parse_keyed(text: str, keymap: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """Split a one-line answer on ';' into keyed values and the rest (in order)."""
    values: dict[str, str] = {}
    rest: list[str] = []
    for seg in _split_segments(text):
        key, value = _keyed(seg, keymap)
        if key:
            values[key] = f"{values[key]}; {value}" if values.get(key) else value
        else:
            rest.append(value)
    return values, rest


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


_YES = {"ja", "yes", "j", "y", "true", "waar", "ok", "oké", "geregeld", "akkoord", "aanwezig",
        "voldoende", "✓", "v", "check", "zeker", "present", "sufficient", "secured", "done"}
_NO = {"nee", "no", "n", "false", "onwaar", "niet", "geen", "onvoldoende", "ontbreekt", "✗", "x",
       "missing", "insufficient", "not yet", "nog niet", "none"}


def parse_bool(text: str) -> tuple[bool | None, str]:
    """'ja, wethouder steunt het' -> (True, 'wethouder steunt het'); no yes/no -> (None, text)."""
    text = clean_text(text).strip()
    m = re.match(r"^\s*([^\s,;:.—–-]+(?:\s+(?:yet|niet))?)\s*(?:[,;:.—–-]+\s*|\s+|$)(.*)$", text, re.S)
    if m:
        head = _norm(m.group(1))
        if head in _YES:
            return True, m.group(2).strip()
        if head in _NO:
            return False, m.group(2).strip()
    return None, text


def parse_number(text: str) -> float | None:
    """First number in the text ('€ 250.000' -> 250000, 'TRL 7' -> 7, '3,5' -> 3.5)."""
    m = re.search(r"-?\d[\d.,]*", text)
    if not m:
        return None
    raw = m.group(0).rstrip(".,")
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+", raw):  # Dutch thousands: 250.000
        raw = raw.replace(".", "")
    elif re.fullmatch(r"-?\d{1,3}(,\d{3})+", raw):  # English thousands: 250,000
        raw = raw.replace(",", "")
    else:
        raw = raw.replace(",", ".")
    try:
        return float(raw)
    except ValueError:
        return None


# ---------------------------------------------------------------------------------------------
# base classes
# ---------------------------------------------------------------------------------------------
class _Model(BaseModel):
    model_config = ConfigDict(validate_assignment=True, extra="forbid", use_enum_values=False)

    def is_filled(self) -> bool:
        return any(is_filled(getattr(self, name)) for name in type(self).model_fields
                   if name != "id")


class Entry(_Model):
    """A list entry with a stable id. Subclasses implement `from_text` and `summary`."""

    id: str = Field(default_factory=new_id)
    #: the field that must be non-empty for the entry to count
    _main: ClassVar[str] = "text"

    @classmethod
    def from_text(cls, text: str, record: ProjectRecord | None = None) -> Entry:
        raise NotImplementedError

    def summary(self, lang: str = "nl") -> str:
        return str(getattr(self, self._main, ""))

    def is_filled(self) -> bool:
        return is_filled(getattr(self, self._main, None))

    def unread(self) -> dict[str, str]:
        """{field: text} for parts of the typed line that could not be read (not stored)."""
        return {}


class TextEntry(Entry):
    """A plain line of text (deliverables, lessons, course corrections, scenarios…)."""

    text: str = ""

    @classmethod
    def from_text(cls, text: str, record: ProjectRecord | None = None) -> TextEntry:
        return cls(text=clean_text(text).strip())


class Precondition(_Model):
    """A precondition of step 0: secured yes/no (or unknown) plus a note."""

    ok: bool | None = None
    note: str = ""

    @classmethod
    def from_text(cls, text: str, record: ProjectRecord | None = None) -> Precondition:
        ok, note = parse_bool(text)
        return cls(ok=ok, note=note)

    def summary(self, lang: str = "nl") -> str:
        mark = {True: "✓", False: "✗", None: "?"}[self.ok]
        return f"{mark} {self.note}".strip()


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
class Technology(Entry):
    name: str = ""
    source_kind: SourceKind | None = None
    note: str = ""
    _main: ClassVar[str] = "name"

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
        if values.get("source_kind") and source is None:
            notes.append(values["source_kind"])
        name = values.get("name", "")
        for seg in rest:
            if not name:
                body, tags = _split_tags(seg)
                if tags:
                    name, note = _name_and_note(body)
                else:
                    name, note = _name_and_note(seg)
                    name, tags = _split_tags(name)
                kept = []
                for tag in tags:
                    kind = SourceKind.parse(tag) if source is None else None
                    if kind is not None:
                        source = kind
                    else:
                        kept.append(tag)
                if kept:
                    name = f"{name} ({', '.join(kept)})"
                if note:
                    notes.insert(0, note)
            else:
                notes.append(seg)
        if values.get("note"):
            notes.append(values["note"])
        return cls(name=name, source_kind=source, note="; ".join(n for n in notes if n))

    def summary(self, lang: str = "nl") -> str:
        out = self.name
        if self.source_kind:
            out += f" ({self.source_kind.label(lang)})"
        if self.note:
            out += f" — {self.note}"
        return out


class Contact(Entry):
    name: str = ""
    note: str = ""
    _main: ClassVar[str] = "name"

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


def _trl(value: str) -> int:
    n = parse_number(value)
    if n is None or n != int(n) or not 1 <= n <= 9:
        raise ParseError(f"TRL moet een geheel getal van 1 tot en met 9 zijn, niet '{value}'.",
                         f"TRL must be a whole number from 1 to 9, not '{value}'.")
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
    #: parts typed in a field's place that could not be read as that field (not stored)
    _unread: dict[str, str] = PrivateAttr(default_factory=dict)

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
        data: dict[str, Any] = {k: v for k, v in values.items() if k != "trl"}
        if values.get("trl"):
            data["trl"] = _trl(values["trl"])
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
        slots = [f for f in cls._ORDER if f != "technology" and not data.get(f)]
        if "trl" in slots and len(plain) < len(slots):
            at = slots.index("trl")
            if at < len(plain) and not re.search(r"\d", plain[at]):
                slots.remove("trl")  # a part short, and no number where the TRL goes: left out
        unread: dict[str, str] = {}
        for field, seg in zip(slots, plain):
            if field == "trl":
                try:
                    data["trl"] = _trl(seg)
                except ParseError:
                    unread["trl"] = seg
            else:
                data[field] = seg
        extra = plain[len(slots):]
        if extra:  # more parts than fields: the last field takes them
            last = slots[-1] if slots else "risks"
            data[last] = "; ".join([data[last], *extra] if data.get(last) else extra)
        entry = cls(**data)
        entry._unread = unread
        return entry

    def unread(self) -> dict[str, str]:
        """{field: text} for the parts typed in a field's place that could not be read as it
        (only just after `from_text`; they are not stored)."""
        return dict(self._unread)

    def summary(self, lang: str = "nl") -> str:
        """Every part with its label, in the order the question asks for them."""
        parts = [self.technology]
        labels = {"potential": ("potentie", "potential"), "fit": ("fit", "fit"),
                  "market_parties": ("markt", "market"), "risks": ("risico's", "risks")}
        for name in self._ORDER[1:]:
            if name == "trl":
                if self.trl:
                    parts.append(f"TRL {self.trl}")
            elif getattr(self, name):
                nl, en = labels[name]
                parts.append(f"{en if lang == 'en' else nl}: {getattr(self, name)}")
        return "; ".join(parts)


_MITIGATION_KEYS = _keymap(
    impact=("effect", "risico", "risk", "gevolg", "impact"),
    mitigation=("maatregel", "maatregelen", "mitigatie", "mitigation", "beheersing",
                "measure", "measures", "oplossing", "aanpak"),
)


class RightImpact(_Model):
    """Impact of the technology on one fundamental right, and how it is mitigated."""

    impact: str = ""
    mitigation: str = ""

    @classmethod
    def from_text(cls, text: str, record: ProjectRecord | None = None) -> RightImpact:
        values, rest = _parse_keyed(clean_text(text), _MITIGATION_KEYS)
        impact = "; ".join([values["impact"], *rest] if values.get("impact") else rest)
        return cls(impact=impact, mitigation=values.get("mitigation", ""))

    def summary(self, lang: str = "nl") -> str:
        if self.mitigation:
            return f"{self.impact} → {self.mitigation}" if self.impact else f"→ {self.mitigation}"
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

    @classmethod
    def from_text(cls, text: str, record: ProjectRecord | None = None) -> ShortlistItem:
        text = clean_text(text).strip()
        body, tags = _split_tags(text)
        name, reason = _name_and_note(body)
        if tags and not reason:
            reason = ", ".join(tags)
        elif tags:
            name = f"{name} ({', '.join(tags)})"
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


class Criterion(Entry):
    text: str = ""
    target: str = ""
    requirement: str = ""  # the linked requirement as typed (text or number)
    requirement_id: str | None = None  # resolved id of a step-3 requirement, when found

    _KEYS: ClassVar[dict[str, str]] = _keymap(
        text=("criterium", "criterion", "omschrijving"),
        target=("doel", "doelwaarde", "norm", "target", "meetbaar doel", "streefwaarde",
                "measurable target", "maat", "meetlat", "succes als", "success if", "goal"),
        requirement=("eis", "minimale eis", "requirement", "gekoppelde eis", "koppeling",
                     "linked requirement", "req", "hoort bij", "links to"),
    )

    @classmethod
    def from_text(cls, text: str, record: ProjectRecord | None = None) -> Criterion:
        values, rest = _parse_keyed(clean_text(text), cls._KEYS)
        body = values.get("text") or "; ".join(rest)
        if values.get("text") and rest:
            body = "; ".join([body, *rest])
        crit = cls(text=body.strip(), target=values.get("target", ""),
                   requirement=values.get("requirement", ""))
        crit.link(record)
        return crit

    def link(self, record: ProjectRecord | None) -> None:
        """Resolve `requirement` to a step-3 requirement id (kept when already set)."""
        if self.requirement and record is not None:
            req = find_requirement(record, self.requirement)
            if req is not None:
                self.requirement_id = req.id

    def summary(self, lang: str = "nl") -> str:
        out = self.text
        if self.target:
            out += f"; {'target' if lang == 'en' else 'doel'}: {self.target}"
        if self.requirement:
            out += f"; {'requirement' if lang == 'en' else 'eis'}: {self.requirement}"
        return out


class Step4(_Model):
    criteria: list[Criterion] = Field(default_factory=list)
    deliverables: list[TextEntry] = Field(default_factory=list)
    communication: str = ""


# ---------------------------------------------------------------------------------------------
# step 5: outcomes
# ---------------------------------------------------------------------------------------------
class OutcomePlan(_Model):
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
        values, rest = _parse_keyed(clean_text(text), cls._KEYS)
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
        return "; ".join(parts)


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
class Judgement(Entry):
    """The verdict on one step-3 requirement or step-4 criterion."""

    ref_id: str = ""
    ref_kind: Literal["requirement", "criterion"] = "requirement"
    ref_text: str = ""  # the requirement/criterion text at the time of judging
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
        if verdict is None and rest:
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
        evidence_parts += [r for r in rest if r]
        if verdict is None:
            raise ParseError(
                "Geef een oordeel: voldaan, deels of niet voldaan (met onderbouwing), "
                "bijvoorbeeld 'deels — 80% binnen 48 uur'.",
                "Give a verdict: met, partly or not met (with evidence), "
                "for example 'partly — 80% within 48 hours'.")
        return cls(verdict=verdict, evidence="; ".join(evidence_parts))

    def summary(self, lang: str = "nl") -> str:
        v = self.verdict.label(lang) if self.verdict else "?"
        out = f"{self.ref_text}: {v}" if self.ref_text else v
        return f"{out} — {self.evidence}" if self.evidence else out


class Step9(_Model):
    judgements: list[Judgement] = Field(default_factory=list)
    external_vs_own: str = ""
    imperfections: str = ""
    lessons: list[TextEntry] = Field(default_factory=list)
    bit_rules: str = ""
    support: str = ""
    verdict: FinalVerdict | None = None


# ---------------------------------------------------------------------------------------------
# step 10: scale up
# ---------------------------------------------------------------------------------------------
class Barrier(Entry):
    barrier: str = ""
    handling: str = ""
    _main: ClassVar[str] = "barrier"

    _KEYS: ClassVar[dict[str, str]] = _keymap(
        barrier=("drempel", "knelpunt", "barrier", "probleem", "obstakel", "issue"),
        handling=("aanpak", "oplossing", "handling", "maatregel", "approach", "actie", "action",
                  "hoe", "how"),
    )

    @classmethod
    def from_text(cls, text: str, record: ProjectRecord | None = None) -> Barrier:
        values, rest = _parse_keyed(clean_text(text), cls._KEYS)
        barrier = values.get("barrier", "")
        handling = values.get("handling", "")
        if rest and not barrier:
            name, note = _name_and_note(rest[0]) if len(rest) == 1 and not handling else (rest[0], "")
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


def new_record(title: str = "", organisation: str = "", owner: str = "",
               language: Lang = "nl") -> ProjectRecord:
    return ProjectRecord(project=ProjectMeta(title=title, organisation=organisation, owner=owner,
                                             language=language))


# ---------------------------------------------------------------------------------------------
# filled / status
# ---------------------------------------------------------------------------------------------
def is_filled(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, bool):
        return True
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, (int, float)):
        return True
    if isinstance(value, list):
        return any(is_filled(v) for v in value)
    if isinstance(value, BaseModel):
        if hasattr(value, "is_filled"):
            return value.is_filled()
    return bool(value)


#: Fields that must be filled for a step to be "done" (dotted paths).
REQUIRED_FIELDS: dict[int, tuple[str, ...]] = {
    0: ("step0.need", "step0.who", "step0.why_digital", "step0.preconditions.support",
        "step0.preconditions.time", "step0.preconditions.budget", "step0.preconditions.mandate"),
    1: ("step1.technologies",),
    2: ("step2.assessments", "step2.shortlist"),
    3: ("step3.requirements", "step3.budget_ceiling", "step3.pm_funding", "step3.timeline",
        "step3.expertise"),
    4: ("step4.criteria", "step4.deliverables"),
    5: ("step5.success", "step5.failure", "step5.unclear"),
    6: ("step6.policy_changes", "step6.training", "step6.ip.ownership", "step6.ip.vendor_lock_in",
        "step6.financial_cover", "step6.procurement_strategy", "step6.market_consultation",
        "step6.project_manager"),
    7: ("step7.procedure", "step7.rationale", "step7.finish_line", "step7.people",
        "step7.suitability", "step7.tender_contents"),
    8: ("step8.agreements", "step8.risk_allocation", "step8.test_environment"),
    9: ("step9.judgements", "step9.external_vs_own", "step9.lessons", "step9.bit_rules",
        "step9.verdict"),
    10: ("step10.plan_changes", "step10.barriers", "step10.keeping_current"),
}


def missing_fields(record: ProjectRecord, n: int) -> list[str]:
    """Required fields of step `n` that are still empty (step 9: also unjudged items)."""
    missing = [p for p in REQUIRED_FIELDS[n] if not is_filled(get_field(record, p))]
    if n == 9 and "step9.judgements" not in missing and unjudged_items(record):
        missing.insert(0, "step9.judgements")
    return missing


def step_status(record: ProjectRecord, n: int) -> StepStatus:
    step = record.step(n)
    if n == 9:
        started = step.is_filled() and (
            any(j.verdict is not None for j in record.step9.judgements)
            or any(is_filled(getattr(step, f)) for f in type(step).model_fields if f != "judgements"))
    else:
        started = step.is_filled()
    if not started:
        return "not_started"
    return "done" if not missing_fields(record, n) else "in_progress"


def next_open_step(record: ProjectRecord, after: int = -1) -> int | None:
    """The first step after `after` that is not done (wrapping around), or None when all are."""
    order = [n for n in STEP_NUMBERS if n > after] + [n for n in STEP_NUMBERS if n <= after]
    for n in order:
        if step_status(record, n) != "done":
            return n
    return None


# ---------------------------------------------------------------------------------------------
# step 9 helpers
# ---------------------------------------------------------------------------------------------
def judgement_items(record: ProjectRecord) -> list[tuple[str, Literal["requirement", "criterion"], str]]:
    """(ref_id, kind, text) for every step-3 requirement and step-4 criterion, in order."""
    items: list[tuple[str, Literal["requirement", "criterion"], str]] = []
    items += [(r.id, "requirement", r.text) for r in record.step3.requirements if r.text.strip()]
    items += [(c.id, "criterion", c.text) for c in record.step4.criteria if c.text.strip()]
    return items


def find_judgement(record: ProjectRecord, ref_id: str) -> Judgement | None:
    for j in record.step9.judgements:
        if j.ref_id == ref_id:
            return j
    return None


def unjudged_items(record: ProjectRecord) -> list[tuple[str, Literal["requirement", "criterion"], str]]:
    """Requirements and criteria without a verdict in step 9."""
    out = []
    for ref_id, kind, text in judgement_items(record):
        j = find_judgement(record, ref_id)
        if j is None or j.verdict is None:
            out.append((ref_id, kind, text))
    return out


def judge(record: ProjectRecord, ref_id: str, verdict: JudgementVerdict | str | None = None,
          evidence: str = "", *, text: str | None = None) -> Judgement:
    """Record (or replace) the judgement of a requirement/criterion; returns it.

    Either `verdict` (+ `evidence`) or a typed `text` like "deels — 80% gehaald".
    """
    items = {i[0]: i for i in judgement_items(record)}
    if ref_id not in items:
        raise FieldPathError(f"Geen eis of criterium met id '{ref_id}'.",
                             f"No requirement or criterion with id '{ref_id}'.")
    _, kind, ref_text = items[ref_id]
    if text is not None:
        parsed = Judgement.from_text(text, record)
        verdict, evidence = parsed.verdict, parsed.evidence
    elif isinstance(verdict, str):
        v = JudgementVerdict.parse(verdict)
        if v is None:
            raise ParseError(f"Onbekend oordeel '{verdict}': kies voldaan, deels of niet voldaan.",
                             f"Unknown verdict '{verdict}': choose met, partly or not met.")
        verdict = v
    existing = find_judgement(record, ref_id)
    if existing is not None:
        existing.verdict = verdict
        existing.evidence = evidence
        existing.ref_text = ref_text
        existing.ref_kind = kind
        return existing
    j = Judgement(ref_id=ref_id, ref_kind=kind, ref_text=ref_text, verdict=verdict,
                  evidence=evidence)
    record.step9.judgements.append(j)
    return j


# ---------------------------------------------------------------------------------------------
# field paths: introspection, get/set
# ---------------------------------------------------------------------------------------------
FieldKind = Literal["text", "list", "choice", "number", "bool"]


class FieldSpec:
    """What lives at a dotted path: its kind, and the enum/entry/sub-model type when relevant."""

    __slots__ = ("path", "kind", "annotation", "enum", "entry", "model")

    def __init__(self, path: str, kind: FieldKind, annotation: Any, enum: type[LabeledEnum] | None = None,
                 entry: type[Entry] | None = None, model: type[BaseModel] | None = None) -> None:
        self.path = path
        self.kind = kind
        self.annotation = annotation
        self.enum = enum
        self.entry = entry
        self.model = model

    def __repr__(self) -> str:
        return f"FieldSpec({self.path!r}, kind={self.kind!r})"


def _unwrap(annotation: Any) -> Any:
    """Strip Optional[...] / X | None and Annotated[...]."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _unwrap(get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return _unwrap(args[0])
    return annotation


def _spec_for(path: str, annotation: Any) -> FieldSpec:
    ann = _unwrap(annotation)
    origin = get_origin(ann)
    if origin is list:
        (item,) = get_args(ann)
        return FieldSpec(path, "list", ann, entry=item)
    if isinstance(ann, type):
        if issubclass(ann, LabeledEnum):
            return FieldSpec(path, "choice", ann, enum=ann)
        if issubclass(ann, bool):
            return FieldSpec(path, "bool", ann)
        if issubclass(ann, (int, float)):
            return FieldSpec(path, "number", ann)
        if issubclass(ann, Precondition):
            return FieldSpec(path, "bool", ann, model=ann)
        if issubclass(ann, str):
            return FieldSpec(path, "text", ann)
        if issubclass(ann, datetime):
            return FieldSpec(path, "text", ann)
        if issubclass(ann, BaseModel):
            # a sub-model that parses from one line of text (RightImpact, OutcomePlan) is "text";
            # a plain group (Step3, IPArrangements) has no kind of its own but is addressable
            return FieldSpec(path, "text", ann, model=ann)
    if origin is Literal:
        return FieldSpec(path, "choice", ann)
    return FieldSpec(path, "text", ann)


def field_spec(path: str) -> FieldSpec:
    """The spec of a dotted path in ProjectRecord; raises FieldPathError when it doesn't exist.

    Entry ids inside a path are not allowed here (the spec is per model, not per record);
    use ``"step3.requirements"`` or ``"step3.requirements.text"`` (a field of the entry model).
    """
    if not isinstance(path, str) or not path.strip():
        raise FieldPathError("Leeg veldpad.", "Empty field path.")
    model: Any = ProjectRecord
    spec: FieldSpec | None = None
    parts = path.strip().split(".")
    for i, part in enumerate(parts):
        if spec is not None and spec.kind == "list":
            model = spec.entry
        elif spec is not None:
            model = spec.model
        fields = getattr(model, "model_fields", None) if isinstance(model, type) else None
        if not fields or part not in fields or part.startswith("_"):
            raise FieldPathError(f"Onbekend veld '{path}' (bij '{part}').",
                                 f"Unknown field '{path}' (at '{part}').")
        spec = _spec_for(".".join(parts[: i + 1]), fields[part].annotation)
    assert spec is not None
    return spec


def is_valid_path(path: str) -> bool:
    try:
        field_spec(path)
        return True
    except FieldPathError:
        return False


def _resolve(record: ProjectRecord, path: str) -> tuple[Any, str | None, Any]:
    """(parent object, attribute name or None, value) for a dotted path with entry ids."""
    if not isinstance(path, str) or not path.strip():
        raise FieldPathError("Leeg veldpad.", "Empty field path.")
    obj: Any = record
    parent: Any = None
    name: str | None = None
    for part in path.strip().split("."):
        if isinstance(obj, list):
            match = next((e for e in obj if getattr(e, "id", None) == part), None)
            if match is None:
                raise FieldPathError(f"Geen item met id '{part}' in '{path}'.",
                                     f"No entry with id '{part}' in '{path}'.")
            parent, name, obj = obj, part, match
        elif isinstance(obj, BaseModel) and part in type(obj).model_fields:
            parent, name, obj = obj, part, getattr(obj, part)
        else:
            raise FieldPathError(f"Onbekend veld '{path}' (bij '{part}').",
                                 f"Unknown field '{path}' (at '{part}').")
    return parent, name, obj


def get_field(record: ProjectRecord, path: str) -> Any:
    """The value at a dotted path (entry ids allowed: 'step3.requirements.<id>.text')."""
    return _resolve(record, path)[2]


def set_field(record: ProjectRecord, path: str, value: Any) -> None:
    """Set the value at a dotted path (validated). A str for a non-text field is parsed.

    ``set_field(record, "step9.judgements.<ref_id>", "deels — …")`` records a judgement.
    """
    parts = path.strip().split(".")
    if len(parts) == 3 and parts[:2] == ["step9", "judgements"] and not any(
            j.id == parts[2] for j in record.step9.judgements):
        if isinstance(value, Judgement):
            judge(record, parts[2], value.verdict, value.evidence)
        else:
            judge(record, parts[2], text=str(value))
        record.touch()
        return
    parent, name, _old = _resolve(record, path)
    if parent is None or name is None:
        raise FieldPathError("Het hele dossier kan niet als één veld worden gezet.",
                             "The whole record cannot be set as one field.")
    if isinstance(parent, list):
        # replacing a whole entry
        idx = next(i for i, e in enumerate(parent) if e.id == name)
        entry_type = type(parent[idx])
        if isinstance(value, str):
            value = entry_type.from_text(value, record)
        elif isinstance(value, dict):
            value = entry_type.model_validate(value)
        value.id = name
        parent[idx] = value
        record.touch()
        return
    spec = _spec_for(path, type(parent).model_fields[name].annotation)
    if isinstance(value, str) and spec.kind != "text":
        value = parse_value(spec.path if "." not in path else _generic_path(path), value, record)
    elif isinstance(value, str) and spec.model is not None:
        value = parse_value(_generic_path(path), value, record)
    elif isinstance(value, str):
        value = clean_text(value).strip()
    try:
        setattr(parent, name, value)
    except ValidationError as exc:
        raise ParseError(f"Ongeldige waarde voor '{path}': {exc.errors()[0]['msg']}",
                         f"Invalid value for '{path}': {exc.errors()[0]['msg']}") from exc
    record.touch()


def _generic_path(path: str) -> str:
    """Drop entry ids from a path so it can be used with `field_spec`."""
    parts = path.split(".")
    out: list[str] = []
    for part in parts:
        trial = ".".join([*out, part])
        if is_valid_path(trial):
            out.append(part)
    return ".".join(out)


# ---------------------------------------------------------------------------------------------
# parsing typed answers
# ---------------------------------------------------------------------------------------------
def parse_entry(field_path: str, text: str, record: ProjectRecord | None = None) -> Entry:
    """One line of text -> one entry of the list field at `field_path`.

    >>> parse_entry("step3.requirements", "AVG-conform (data, randvoorwaarde)").aspect
    <Aspect.DATA: 'data'>
    """
    spec = field_spec(field_path)
    if spec.kind != "list" or spec.entry is None:
        raise FieldPathError(f"'{field_path}' is geen lijstveld.", f"'{field_path}' is not a list field.")
    text = clean_text(text).strip()
    if not text:
        raise ParseError("Leeg antwoord.", "Empty answer.")
    entry = spec.entry.from_text(text, record)
    if not entry.is_filled():
        raise ParseError(f"Kon geen item maken van '{text}'.", f"Could not make an entry of '{text}'.")
    return entry


def parse_value(field_path: str, text: str, record: ProjectRecord | None = None) -> Any:
    """Typed text -> a value for the field at `field_path` (a list of entries for list fields)."""
    spec = field_spec(field_path)
    text = clean_text(text)
    if spec.kind == "list":
        return [parse_entry(field_path, line, record) for line in _lines(text)]
    text = text.strip()
    if spec.kind == "choice":
        if spec.enum is None:
            return text
        member = spec.enum.parse(text)
        if member is None:
            # allow "innovatiepartnerschap, omdat …": first segment
            head = re.split(r"[,;:(—–]|\s-\s", text, maxsplit=1)[0]
            member = spec.enum.parse(head)
        if member is None:
            opts_nl = ", ".join(lbl for _, lbl in spec.enum.choices("nl"))
            opts_en = ", ".join(lbl for _, lbl in spec.enum.choices("en"))
            raise ParseError(f"Kies een van: {opts_nl}.", f"Choose one of: {opts_en}.")
        return member
    if spec.kind == "number":
        if field_path.endswith("trl"):
            return _trl(text)
        n = parse_number(text)
        if n is None:
            raise ParseError(f"Geef een getal, niet '{text}'.", f"Give a number, not '{text}'.")
        return int(n) if spec.annotation is int or n == int(n) else n
    if spec.kind == "bool":
        if spec.model is not None:
            return spec.model.from_text(text, record)
        ok, _note = parse_bool(text)
        if ok is None:
            raise ParseError("Antwoord met ja of nee.", "Answer yes or no.")
        return ok
    if spec.model is not None:
        from_text = getattr(spec.model, "from_text", None)
        if from_text is None:
            raise FieldPathError(f"'{field_path}' is een groep velden, geen enkel veld.",
                                 f"'{field_path}' is a group of fields, not a single field.")
        return from_text(text, record)
    return text


def apply_text(record: ProjectRecord, field_path: str, text: str) -> list[Entry] | Any:
    """Store a typed answer: list fields get one new entry per line (appended, returned);
    other fields are set (the new value is returned)."""
    generic = _generic_path(field_path) if not is_valid_path(field_path) else field_path
    spec = field_spec(generic)
    if spec.kind == "list" and generic == field_path:
        entries = parse_value(field_path, text, record)
        if not entries:
            raise ParseError("Leeg antwoord.", "Empty answer.")
        target = get_field(record, field_path)
        target.extend(entries)
        record.touch()
        return entries
    set_field(record, field_path, text)
    return get_field(record, field_path) if not field_path.startswith("step9.judgements.") else \
        find_judgement(record, field_path.split(".")[2]) or get_field(record, field_path)


# ---------------------------------------------------------------------------------------------
# list helpers
# ---------------------------------------------------------------------------------------------
def _list_at(record: ProjectRecord, path: str) -> list:
    spec = field_spec(_generic_path(path) or path)
    value = get_field(record, path)
    if spec.kind != "list" or not isinstance(value, list):
        raise FieldPathError(f"'{path}' is geen lijstveld.", f"'{path}' is not a list field.")
    return value


def add_entry(record: ProjectRecord, path: str, entry: Entry | str | dict) -> Entry:
    """Append an entry (an Entry, a dict of its fields, or one line of text); returns it."""
    items = _list_at(record, path)
    spec = field_spec(path)
    if isinstance(entry, str):
        entry = parse_entry(path, entry, record)
    elif isinstance(entry, dict):
        entry = spec.entry.model_validate(entry)
    elif not isinstance(entry, spec.entry):
        raise ParseError(f"Verkeerd soort item voor '{path}'.", f"Wrong kind of entry for '{path}'.")
    if any(e.id == entry.id for e in items):
        entry.id = new_id()
    items.append(entry)
    record.touch()
    return entry


def edit_entry(record: ProjectRecord, path: str, entry_id: str, change: str | dict | Entry) -> Entry:
    """Change an entry in place, keeping its id: a line of text (re-parsed), or a dict of fields."""
    items = _list_at(record, path)
    idx = next((i for i, e in enumerate(items) if e.id == entry_id), None)
    if idx is None:
        raise FieldPathError(f"Geen item met id '{entry_id}' in '{path}'.",
                             f"No entry with id '{entry_id}' in '{path}'.")
    old = items[idx]
    if isinstance(change, str):
        new = parse_entry(path, change, record)
    elif isinstance(change, Entry):
        new = change.model_copy()
    else:
        try:
            new = type(old).model_validate({**old.model_dump(), **change})
        except ValidationError as exc:
            raise ParseError(f"Ongeldige wijziging: {exc.errors()[0]['msg']}",
                             f"Invalid change: {exc.errors()[0]['msg']}") from exc
    new.id = old.id
    if isinstance(new, Criterion) and isinstance(change, dict) and "requirement" in change:
        new.requirement_id = None
        new.link(record)
    items[idx] = new
    record.touch()
    return new


def remove_entry(record: ProjectRecord, path: str, entry_id: str) -> Entry:
    """Remove an entry by id; returns it. Removing a requirement/criterion also drops its
    step-9 judgement, so step 9 never judges something that no longer exists."""
    items = _list_at(record, path)
    idx = next((i for i, e in enumerate(items) if e.id == entry_id), None)
    if idx is None:
        raise FieldPathError(f"Geen item met id '{entry_id}' in '{path}'.",
                             f"No entry with id '{entry_id}' in '{path}'.")
    removed = items.pop(idx)
    if isinstance(removed, (Requirement, Criterion)):
        record.step9.judgements = [j for j in record.step9.judgements if j.ref_id != removed.id]
    if isinstance(removed, Requirement):
        for c in record.step4.criteria:
            if c.requirement_id == removed.id:
                c.requirement_id = None
    record.touch()
    return removed


def find_entry(record: ProjectRecord, entry_id: str) -> tuple[str, Entry] | None:
    """(list path, entry) for an entry id anywhere in the record."""
    for n in STEP_NUMBERS:
        step = record.step(n)
        for name in type(step).model_fields:
            value = getattr(step, name)
            if isinstance(value, list):
                for e in value:
                    if getattr(e, "id", None) == entry_id:
                        return f"step{n}.{name}", e
    return None


def list_fields() -> list[str]:
    """Every list field path in the record."""
    out = []
    for n in STEP_NUMBERS:
        model = ProjectRecord.model_fields[f"step{n}"].annotation
        for name, info in model.model_fields.items():
            if _spec_for(name, info.annotation).kind == "list":
                out.append(f"step{n}.{name}")
    return out


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
    if hasattr(value, "summary"):
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


__all__ = [
    "SCHEMA_VERSION", "STEP_NUMBERS", "REQUIRED_FIELDS", "ProjectRecord", "ProjectMeta",
    "Step0", "Step1", "Step2", "Step3", "Step4", "Step5", "Step6", "Step7", "Step8", "Step9",
    "Step10", "Preconditions", "Precondition", "Entry", "TextEntry", "Technology", "Contact",
    "Assessment", "RightImpact", "RightsCheck", "ShortlistItem", "Requirement", "Criterion",
    "OutcomePlan", "IPArrangements", "Judgement", "Barrier", "LabeledEnum", "Aspect",
    "RequirementKind", "SourceKind", "ProcurementStrategy", "Procedure", "JudgementVerdict",
    "FinalVerdict", "Outcome", "FundamentalRight", "RecordError", "FieldPathError", "ParseError",
    "FieldSpec", "field_spec", "is_valid_path", "get_field", "set_field", "parse_entry",
    "parse_value", "apply_text", "add_entry", "edit_entry", "remove_entry", "find_entry",
    "list_fields", "is_filled", "step_status", "missing_fields", "next_open_step",
    "judgement_items", "unjudged_items", "find_judgement", "judge", "find_requirement",
    "new_record", "new_id", "clean_text", "parse_bool", "parse_number", "format_value",
]
