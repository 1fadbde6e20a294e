"""The record's vocabulary: enums that accept Dutch and English input and give labels in
both languages (``Aspect("juridisch") is Aspect("legal") is Aspect.LEGAL``)."""

from __future__ import annotations

import re
from enum import Enum

from assistant.plan.record.parsing import _norm


#: A word that turns what an alias or phrase says round ("geen opschaling", "we schalen niet op").
_NEGATION = re.compile(r"\b(niet|geen|not|no|never|nooit|don't|dont)\b")
#: Words that only say which one of what follows ("pilot at another government"): beside a
#: label's or an alias's words they say nothing more
_ARTICLES = frozenset({"a", "an", "the", "another", "een", "de", "het"})


class LabeledEnum(str, Enum):
    """A str enum whose constructor also accepts Dutch/English aliases and labels."""

    # value -> {"nl": label, "en": label}; subclasses fill these
    @classmethod
    def _labels(cls) -> dict[str, dict[str, str]]:
        return {}

    @classmethod
    def _aliases(cls) -> dict[str, tuple[str, ...]]:
        return {}

    @classmethod
    def _phrases(cls) -> tuple[tuple[re.Pattern[str], str], ...]:
        """Patterns for what an alias cannot say: a Dutch verb split from its particle ("we
        schalen toch op"); each with its member's value. Read after the aliases as whole words."""
        return ()

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

        Falls back to the longest alias contained in the text as whole words ("later
        aanbesteden graag" -> open_tender), unless that is ambiguous or the rest of the text
        holds a negation ("geen opschaling" is not "opschaling").
        """
        if isinstance(text, cls):
            return text
        q = _norm(str(text))
        table = cls._lookup()
        if q in table:
            return table[q]
        found = cls._parse_contained(q, table)
        if found is None:
            phrased = {value for pattern, value in cls._phrases() if pattern.search(q)}
            if len(phrased) == 1 and not _NEGATION.search(q):
                return cls(phrased.pop())
        return found

    @classmethod
    def parse_exact(cls, text: str) -> LabeledEnum | None:
        """Like `parse`, without the contained-alias fallback."""
        return text if isinstance(text, cls) else cls._lookup().get(_norm(str(text)))

    @classmethod
    def named_only(cls, text: str) -> LabeledEnum | None:
        """The member `text` names and says nothing besides: each of its words is a word of that
        member's labels, or one of its aliases in lower case ("onderzoek bij een kennisinstituut");
        None where it says more ("onderzoek TU Delft", "onderzoek TNO": a name, in capitals, says
        which one) or names none."""
        exact = cls.parse_exact(text)
        found = exact if exact is not None else cls.parse(text)
        if found is None or exact is not None:
            return found
        labels = {word for label in cls._labels().get(found.value, {}).values() for word in _norm(label).split()}
        # an alias's words, in lower case (a name in capitals says which one: "TNO"), and either
        # word in the singular or the plural: "pilot at another government" said "pilots at other
        # governments", and was kept as a note beside it
        aliases = {word for alias in cls._aliases().get(found.value, ()) for word in _norm(alias).split()} | _ARTICLES

        def forms(word: str) -> set[str]:
            return {_norm(word), _norm(word) + "s", _norm(word).removesuffix("s")}

        return found if all(forms(word) & labels or word.islower() and forms(word) & aliases
                            for word in re.findall(r"[\w'-]+", str(text))) else None

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
        if _NEGATION.search(rest):
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
            # and the words a tag names the aspect by ("(uitlegbaarheid)" counted as no aspect)
            "ethical": ("ethiek", "ethics", "ethische eis", "ethisch verantwoord", "uitlegbaarheid",
                        "uitlegbaar", "explainability", "explainable", "transparantie", "transparency",
                        "menselijke maat", "human oversight"),
            "technical": ("techniek", "technisch", "technology", "tech", "techniek/ict", "ict",
                          "interoperabiliteit", "interoperability", "koppeling", "integratie",
                          "integration", "beschikbaarheid", "availability", "performance", "prestaties"),
            "data": ("gegevens", "databeveiliging", "data security", "dataveiligheid", "privacy",
                     "informatiebeveiliging", "beveiliging", "security", "gegevensbescherming",
                     "data protection"),
            "legal": ("juridisch", "wettelijk", "wet", "wet- en regelgeving", "regelgeving",
                      "law", "compliance", "juridische eis", "avg", "gdpr", "bio", "archiefwet",
                      "aanbestedingsrecht", "contract"),
            "public_values": ("publieke waarde", "publieke waarden en grondrechten", "grondrechten",
                              "mensenrechten", "public value", "fundamental rights",
                              "human rights", "waarden", "toegankelijkheid", "accessibility",
                              "inclusie", "inclusion", "duurzaamheid", "sustainability"),
        }


class RequirementKind(LabeledEnum):
    NEED = "need"
    BOUNDARY = "boundary"

    @classmethod
    def _labels(cls):
        return {
            "need": {"nl": "uit de behoefte", "en": "from the need"},
            "boundary": {"nl": "randvoorwaarde", "en": "boundary requirement"},
        }

    @classmethod
    def _aliases(cls):
        return {
            "need": ("behoefte", "eis uit de behoefte", "behoefte eis", "from need", "needs"),
            "boundary": ("randvoorwaardelijk", "randvoorwaardelijke eis", "randvoorwaarden",
                         "grens", "boundary condition", "constraint", "boundary conditions"),
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
            # no brackets of its own: after a name it read "(onderzoek (kennisinstelling))"
            # a university is a kennisinstelling in Dutch; "knowledge institute" read as excluding one
            "research": {"nl": "onderzoek bij een kennisinstelling", "en": "research at a university or institute"},
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
            "publications": ("publicatie", "publicaties", "nieuws", "news", "publication", "publications",
                             "nieuwsbericht", "nieuwsberichten", "artikel", "artikelen", "article", "articles",
                             "publicaties of nieuws", "publications or news",
                             "sleuteltechnologieën", "vakblad", "media"),
            "research": ("onderzoek", "onderzoek (kennisinstelling)", "research (knowledge institute)",
                         "universiteit", "hogeschool", "kennisinstelling", "kennisinstituut", "tu",
                         "university", "knowledge institute", "research at a knowledge institute", "studie", "study", "tno"),
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
            "open_tender": {"nl": "later aanbesteden (functioneel gespecificeerd)",
                            "en": "tender later (functionally specified)"},
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
                            "open tendering", "future tender",
                            # the labels before "openbaar" went (it names one procedure, the
                            # guidance says only "bij toekomstige aanbestedingen"): records,
                            # exports and imports written then still read as this choice
                            "later openbaar aanbesteden (functioneel gespecificeerd)",
                            "open future tenders (functional specifications)",
                            # … and their short forms, which chat read but an import refused
                            "later openbaar aanbesteden", "open future tenders"),
            "direct_purchase": ("direct", "direct afnemen", "direct inkopen", "directe afname",
                                "afnemen", "buy directly", "direct purchase", "purchase",
                                "rechtstreeks afnemen", "inkopen bij deelnemer"),
            "undecided": ("onbeslist", "weet nog niet", "nog niet", "onbekend", "open vraag",
                          "undecided", "unknown", "not yet", "tbd", "?"),
        }

    @classmethod
    def _phrases(cls):
        # "We want to be able to buy straight from the winning supplier afterwards" was refused
        return ((re.compile(r"\b(?:buy|purchase|procure)\b(?:\s+\S+){0,3}?\s+(?:straight|directly|direct)\b"
                            r"|\b(?:straight|directly)\s+(?:buy|purchase|procure)\b|\bdirect(?:ly)?\s+(?:from|bij)\b"
                            r"|\b(?:kopen|inkopen|afnemen)\b(?:\s+\S+){0,3}?\s+(?:direct|rechtstreeks)\b"
                            r"|\b(?:direct|rechtstreeks)\s+(?:kopen|inkopen|afnemen)\b"), "direct_purchase"),)


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

    @classmethod
    def _phrases(cls):
        # "we schalen toch op, het bestuur wil door" was refused; "we'll scale it up" too; and
        # "We need another pilot season before we decide"
        return ((re.compile(r"\bscha(?:al|alt|len)\b(?:\s+\S+){0,4}?\s+op\b"), "scale_up"),
                (re.compile(r"\bscale\b(?:\s+\S+){0,3}?\s+up\b"), "scale_up"),
                (re.compile(r"\b(?:another|a\s+second|one\s+more|an\s+extra|extra|more)\s+(?:pilot|test|trial|season|round|"
                            r"year|phase)\b|\bnog\s+een\s+(?:pilot|test|proef|seizoen|ronde|jaar|fase)\b|\bverleng\w*\b|"
                            r"\bextend\w*\s+(?:the\s+)?(?:pilot|trial|test)\b|\bbefore\s+(?:we\s+)?decid\w*|voordat\s+we\s+besluiten"),
                 "more_research"))


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
