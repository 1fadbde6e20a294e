"""Checks on the project record: warnings within and across steps, never blocks.

Each `Check` names the step and the field it is about (and the list entry, when it is about one),
carries a message in Dutch and English, and cites the guidance: document, section and a short
quote that occurs verbatim in the ten-step guidance (corpus file 000, after joining its line
breaks; `verify_quotes` checks that), or for what only another document says, in that one
(SBIR_NO_DIRECT_PURCHASE_REF, NO_MARKET_SOLUTION_REF; verified by the tests).

Checks only fire for steps that have been started, so an empty record has none and a complete
record (see `assistant.plan.example`) has none either.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from assistant.core.numbers import NUMBER_WORDS, with_digits
from assistant.core.resources import DEFAULT_CORPUS_DIR
from assistant.knowledge.text import stopwords
from assistant.plan.steps import load_plan
from assistant.plan.record import (
    BRACKETED_PERCENT_RE,
    WEIGHT_NAMED_RE,
    Aspect,
    Criterion,
    FinalVerdict,
    FundamentalRight,
    JudgementVerdict,
    Procedure,
    ProcurementStrategy,
    ProjectRecord,
    RightImpact,
    RightsCheck,
    find_judgement,
    reads_as_judged,
    find_requirement,
    is_filled,
    judgement_items,
    opens_undecided,
    says_not_applicable,
    weight_in_words,
    parse_bool,
    parse_number,
    step_status,
    unjudged_items,
)
from assistant.plan.record.parsing import ONLY_PART
from assistant.plan.titles import guidance_source, title_in

#: The document the quotes come from (corpus file 000).
GUIDANCE_DOC_ID = "000_0a8fe956f5fc1910"
GUIDANCE_TITLE = "Handreiking"

#: More minimum requirements than this gives a warning. The guidance asks for a short list
#: ("every extra requirement hampers the creative process") but gives no number. Seven leaves room
#: for about one requirement per aspect (ethical, technical, data, legal, public values) plus a
#: couple from the need; beyond that, wishes tend to creep into what should be hard limits, and
#: every one of them must also be judged in step 9.
MAX_MINIMUM_REQUIREMENTS = 7


@dataclass(frozen=True, slots=True)
class GuidanceRef:
    """Where a check comes from in the guidance."""

    section: str  # e.g. "Stap 3"
    quote: str  # verbatim from the guidance (line breaks joined)
    document: str = GUIDANCE_TITLE
    doc_id: str = GUIDANCE_DOC_ID

    def label(self, lang: str = "nl") -> str:
        """'Handreiking · Stap 3' ('Handreiking · Step 3' in English: the document's and the
        section's titles are the guidance's own, the step is the interface's word; a section's
        title has its English gloss after it there, and so has a document's: "Innovatiepartnerschap
        in praktijk" stood bare beside its case's glossed title, as no source under an answer does)."""
        return f"{title_in(self.document, lang)} · {guidance_source(self.section, lang)}"


#: A command the message names, marked as code: "`/stap 4`".
COMMAND_CODE_RE = re.compile(r"`(/[^`]*)`")


@dataclass(frozen=True, slots=True)
class Check:
    """One open warning."""

    id: str
    step: int
    field: str  # dotted path in ProjectRecord
    message_nl: str
    message_en: str
    ref: GuidanceRef
    entry_id: str | None = None  # the list entry it is about, if any
    #: the message for a document (the exports), where the app's names a command or what to
    #: type ("`/stap 4 1`, dan `/wijzig 1 … eis: N`", "'doel: …'"): what to fix, said in words
    document_nl: str = ""
    document_en: str = ""
    #: checks that test one thing against different measures share a rule (the mandate against
    #: the budget secured, and once step 3 names it against the ceiling): one that gives way to
    #: another of its rule in one change is replaced, not resolved; "" is the check's own id
    rule: str = ""
    #: the message as said at the list question of `field` itself, where its way there
    #: (way_to_list: "`/stap 4 1`, dan") is left out: what to type there only; "" where it names none
    here_nl: str = ""
    here_en: str = ""

    def message(self, lang: str = "nl", *, at: str | None = None) -> str:
        """The message as Markdown: a command it names is code (`/stap 4`). `at`: the field of
        the list question asked where it is said; at its own list, without the way there."""
        if at is not None and at == self.field:
            here = self.here_en if lang == "en" else self.here_nl
            if here:
                return here
        return self.message_en if lang == "en" else self.message_nl

    def plain_message(self, lang: str = "nl") -> str:
        """The message as plain text, for the Controles panel: a command without its code marks
        (they were shown as typed, "(`/stap 4`, dan …)")."""
        return COMMAND_CODE_RE.sub(r"\1", self.message(lang))

    def document_message(self, lang: str = "nl") -> str:
        """The message for a document handed to a manager or steering group: what to fix in
        words, without the app's commands or what to type there."""
        return (self.document_en if lang == "en" else self.document_nl) or self.plain_message(lang)

    @property
    def family(self) -> str:
        """The rule the check tests: its `rule`, else its id."""
        return self.rule or self.id

    @property
    def key(self) -> str:
        """Stable identity (for showing which checks appeared or cleared)."""
        return f"{self.id}:{self.entry_id}" if self.entry_id else self.id


# ---------------------------------------------------------------------------------------------
# guidance references (quotes verified against corpus file 000 by tests)
# ---------------------------------------------------------------------------------------------
REFS: dict[str, GuidanceRef] = {
    "criterion_not_measurable": GuidanceRef(
        "Stap 4", "De criteria moeten dus helder en concreet worden geformuleerd."),
    "criterion_unknown_requirement": GuidanceRef(
        "Stap 4", "Veelal liggen de criteria in het verlengde van de minimale eisen uit Stap 3, "
                  "maar zijn ze specifieker en verder uitgewerkt."),
    "procedure_strategy_mismatch": GuidanceRef(
        "Stap 7", "Wilt u de ontwikkelde technologie meteen inkopen bij een van de deelnemers "
                  "na afloop van het ontwikkeltraject? Dat kan door middel van een "
                  "innovatiepartnerschap of eventueel een prijsvraag."),
    "sbir_for_mature_technology": GuidanceRef(
        "Stap 7", "Anderzijds kunt u ook een ‘pre-commercieel inkooptraject’ overwegen, zoals Small "
                  "Business Innovation Research (SBIR)."),
    "criteria_weights_not_100": GuidanceRef(
        "Stap 4", "Het is belangrijk dat de criteria voor iedereen duidelijk zijn, zodat helder is "
                  "waar de ontwikkelpunten en sterke aspecten van de te ontwikkelen technologie zitten."),
    "procedure_without_strategy": GuidanceRef(
        "Stap 7", "Hoe het ontwikkeltraject eruit gaat zien hangt af van de inkoopstrategie in "
                  "uw opschalingsplan (Stap 6)."),
    "outcomes_incomplete": GuidanceRef(
        "Stap 5", "De uitwerking maakt u voor de volgende drie mogelijke uitkomsten"),
    "ip_missing": GuidanceRef(
        "Stap 6 · Aspecten van het intellectuele eigendom",
        "Het is van groot belang om hierover van te voren duidelijke afspraken vast te leggen"),
    "vendor_lock_in_missing": GuidanceRef(
        "Stap 6 · Leveranciersafhankelijkheid",
        "Regel daarom dat u in een later stadium, indien nodig, kunt overstappen naar een "
        "andere ondernemer/oplossing."),
    "requirement_unjudged": GuidanceRef(
        "Stap 9", "U moet nauwkeurig bekijken of de oplossing aan alle minimale vereisten "
                  "voldoet, zoals beschreven in Stap 3."),
    "criterion_unjudged": GuidanceRef(
        "Stap 9", "Op basis van de criteria uit Stap 4 kunt u vaststellen of de oplossing de "
                  "gewenste meerwaarde oplevert."),
    "scale_up_without_positive_verdict": GuidanceRef(
        "Het stappenplan", "Wanneer bij stap 9 blijkt dat de innovatie succesvol ontwikkeld is, "
                           "kunt u het opschalingsplan (uit stap 6) gaan uitvoeren bij stap 10."),
    "scale_up_without_support": GuidanceRef(
        "Stap 9 · Eindoordeel",
        "Uiteindelijk gaat het erom dat de innovatie in de praktijk ook daadwerkelijk wordt toegepast "
        "en een breed draagvlak heeft."),
    "too_many_requirements": GuidanceRef(
        "Stap 3", "Hoe meer eisen en restricties, hoe meer het creatieve proces belemmerd wordt."),
    "aspects_missing": GuidanceRef(
        "Stap 3 · Vastomlijnde voorwaarden",
        "Alle door u gestelde minimale eisen zijn van even groot belang en u doet er verstandig "
        "aan om op een gelijkwaardige manier naar verschillende aspecten te kijken."),
    "ai_without_rights_check": GuidanceRef(
        "Stap 2 · Publieke waarden en mensenrechten",
        "Breng daarom in beeld hoe de technologie grondrechten beïnvloedt en ga na waar mogelijk "
        "knelpunten kunnen opspelen."),
    "large_impact_without_measure": GuidanceRef(
        "Stap 2", "Bij Stap 3 kunt u vervolgens samen met experts de minimale randvoorwaarden nader "
                  "uitdiepen."),
    "scale_up_requirement_not_met": GuidanceRef(
        "Stap 9", "U moet nauwkeurig bekijken of de oplossing aan alle minimale vereisten "
                  "voldoet, zoals beschreven in Stap 3."),
    "scale_up_criterion_not_met": GuidanceRef(
        "Stap 9", "Op basis van de criteria uit Stap 4 kunt u vaststellen of de oplossing de "
                  "gewenste meerwaarde oplevert."),
    "mandate_below_budget": GuidanceRef(
        "Het stappenplan · Vooraf enkele tips en randvoorwaarden",
        "Houd bij voorkeur tijdens het hele innovatietraject het mandaat om door te kunnen "
        "ontwikkelen."),
    "budget_below_ceiling": GuidanceRef(
        "Het stappenplan · Vooraf enkele tips en randvoorwaarden",
        "Zorg voor voldoende draagvlak, tijd, budget en bevoegdheid om beslissingen te maken."),
    "mandate_below_secured_budget": GuidanceRef(
        "Het stappenplan · Vooraf enkele tips en randvoorwaarden",
        "Houd bij voorkeur tijdens het hele innovatietraject het mandaat om door te kunnen "
        "ontwikkelen."),
    "pm_funding_missing": GuidanceRef(
        "Stap 3", "Is er voldoende financiering voor het projectmanagement (van A tot Z)?"),
    "precondition_missing": GuidanceRef(
        "Het stappenplan · Vooraf enkele tips en randvoorwaarden",
        "Zorg voor voldoende draagvlak, tijd, budget en bevoegdheid om beslissingen te maken."),
    "mandate_not_lasting": GuidanceRef(
        "Het stappenplan · Vooraf enkele tips en randvoorwaarden",
        "Houd bij voorkeur tijdens het hele innovatietraject het mandaat om door te kunnen ontwikkelen."),
    "judged_before_change": GuidanceRef(
        "Stap 9", "U moet nauwkeurig bekijken of de oplossing aan alle minimale vereisten "
                  "voldoet, zoals beschreven in Stap 3."),
    "need_names_solution": GuidanceRef(
        "Stap 2", "Pas wanneer u de behoefte in kaart heeft, bekijkt u of de verschillende "
                  "technologieën (uit Stap 1) relevant zijn voor de behoefte."),
    "financial_cover_missing": GuidanceRef(
        "Stap 6 · Maak een opschalingsplan",
        "In het opschalingsplan werkt u nader uit wat uw organisatie gaat doen na een succesvol "
        "ontwikkeltraject."),
    "upkeep_not_arranged": GuidanceRef(
        "Stap 10 · Up-to-date houden van de technologie",
        "Houd er rekening mee dat u en uw partners moeten doorgaan met ontwikkelen om de "
        "technologieën up-to-date te houden."),
    "purchase_without_tender": GuidanceRef(
        "Stap 7", "Waarna u in staat bent weloverwogen te bepalen wat het beste werkt in uw situatie en de "
                  "inzichten mee te nemen in toekomstige aanbestedingen."),
    "strict_suitability": GuidanceRef(
        "Stap 7", "Denk ook na over geschiktheidseisen en wees hier niet te streng in. Op die "
                  "manier krijgt u misschien uit brede en ook onverwachtse hoek voorstellen, "
                  "bijvoorbeeld vanuit (buitenlandse) startups."),
}

CHECK_IDS: tuple[str, ...] = tuple(REFS)

#: Where the guidance says that what an SBIR developed is, as a rule, not bought directly after it
#: (corpus file 001, a case in "Innovatiepartnerschap in praktijk"; the ten-step plan does not
#: say it). The procedure check cites it for SBIR; `verify_quotes` holds REFS to file 000 only.
SBIR_NO_DIRECT_PURCHASE_REF = GuidanceRef(
    "Minder natuurbranden door slim datagebruik",
    "De ontwikkelde oplossing mag in beginsel niet direct na de SBIR ingekocht worden.",
    document="Innovatiepartnerschap in praktijk", doc_id="001_612382e3c074afb7")

#: The checks that say one of step 9's judgement questions has no answer yet.
UNJUDGED = frozenset({"requirement_unjudged", "criterion_unjudged"})


# ---------------------------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------------------------
#: Numbers as words (core.numbers), and the words of a change by a measure: a quarter, doubling, halving.
_NUMBER_WORDS = rf"{NUMBER_WORDS}|kwart|verdubbel\w*|halver\w*|quarter|double\w*|halve\w*"
_SCALE = (
    r"schaal|scale|score|cijfer|rating|likert|sterren|stars|"
    r"(?:goed|good|voldoende|sufficient|uitstekend|excellent)\W+(?:of|or)\s+(?:hoger|beter|higher|better)"
)
#: One of a unit of time is a number too ("binnen een uur", "within one working day"); "een" alone
#: is an article, so it counts only before such a unit.
_ONE_UNIT = (r"(?:een|één|eén|one|an?)\s+(?:(?:hele|volle|full|single|working|business)\s+)?"
             r"(?:uur|kwartier|minuut|seconde|dag|werkdag|week|werkweek|maand|kwartaal|jaar|"
             r"hour|minute|second|day|working\s+day|business\s+day|week|month|quarter|year)\b")
_MEASURABLE_RE = re.compile(rf"\d|%|‰|\b(?:{_NUMBER_WORDS})\b|\b(?:{_SCALE})|\b{_ONE_UNIT}", re.I)


#: A number that names a step, phase or version, not a size: "beter dan in fase 1" measures nothing
_NAMING_NUMBER_RE = re.compile(r"\b(?:fase|stap|step|phase|versie|version|v|tranche|ronde|round)\s*\d+(?:\.\d+)?\b", re.I)


def is_measurable(text: str) -> bool:
    """True when `text` states a measurable target: a number, percentage, time or scale (a
    number that only names a step or phase is none)."""
    return bool(text and _MEASURABLE_RE.search(_NAMING_NUMBER_RE.sub(" ", text)))


_AI_RE = re.compile(
    r"\b(?:AI|A\.I\.|KI|ML|NLP|LLM|LLMs|GPT)\b|kunstmatige intelligentie|artificial intelligence|"
    r"machine[- ]?learning|deep[- ]?learning|neura\w* net\w*|beeldherkenning|image recognition|"
    r"computer ?vision|spraakherkenning|speech recognition|taalmodel\w*|language model\w*|"
    r"natural language processing|zelflerend\w*|self[- ]learning|algoritm\w*|algorithm\w*|"
    r"voorspellend\w* model\w*|predictive model\w*|chatbot\w*|gezichtsherkenning|face recognition|"
    r"facial recognition|kentekenherkenning|ANPR|number plate recognition|objectherkenning|object detection|"
    r"slimme camera\w*|smart camera\w*",
    re.I,
)


def mentions_ai(text: str) -> bool:
    """True when the text names AI or a family member (machine learning, image recognition…)."""
    return bool(text and _AI_RE.search(text))


def shortlist_has_ai(record: ProjectRecord) -> bool:
    return any(mentions_ai(f"{s.name} {s.reason}") for s in record.step2.shortlist)


def _started(record: ProjectRecord, n: int) -> bool:
    return step_status(record, n) != "not_started"


def _join(items: Iterable[str], lang: str) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    word = " and " if lang == "en" else " en "
    return ", ".join(items[:-1]) + word + items[-1]


def _short(text: str, n: int = 160) -> str:
    """A requirement or criterion named in a check: whole as a rule (at 60 characters, "… de keur
    en de Omgeving…" hid which hard requirement failed), and never cut inside a word."""
    text = " ".join(text.split())
    if len(text) <= n:
        return text
    cut = text[: n - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(" ,;:") + "…"


def way_to_list(record: ProjectRecord, field: str) -> dict[str, str]:
    """How to reach the list at `field` from anywhere, said before a `/wijzig N` or `/verwijder N`
    of a check's advice, per language: "`/stap 4 1`, dan". Those commands work on the list of the
    question asked (or the one answered last), so "/wijzig 3 …" typed at the question after the
    criteria replaced the third deliverable with the criterion the check meant."""
    out = {}
    for lang, (command, then) in (("nl", ("/stap", "dan")), ("en", ("/step", "then"))):
        step, number = load_plan(lang).question_number(field, record)
        out[lang] = f"`{command} {step} {number}`, {then}"
    return out


# ---------------------------------------------------------------------------------------------
# the checks, one function each
# ---------------------------------------------------------------------------------------------
def _criteria(record: ProjectRecord) -> list[Check]:
    if not _started(record, 4):
        return []
    out = []
    way = way_to_list(record, "step4.criteria")
    for line, c in enumerate(record.step4.criteria, 1):
        if not c.text.strip():
            continue
        if not is_measurable(measured_target(c)):
            lacks_nl = (f"Criterium “{_short(c.text)}” heeft geen meetbaar doel (geen getal, percentage, "
                        "tijd of schaal).")
            lacks_en = (f"Criterion “{_short(c.text)}” has no measurable target (no number, percentage, "
                        "time or scale).")
            # the whole line as /wijzig reads it, with the target in it: "Voeg toe: 'doel: …'" led
            # to typing that line alone, which made no criterion, and the entry stayed as it was
            edit_nl = c.model_copy(update={"target": "…"}).summary("nl").replace("`", "'")
            edit_en = c.model_copy(update={"target": "…"}).summary("en").replace("`", "'")
            fix_nl = f"`/wijzig {line} {edit_nl}`, het doel in plaats van “…”, bijvoorbeeld '90% binnen 48 uur'."
            fix_en = f"`/edit {line} {edit_en}`, the target in place of “…”, for example '90% within 48 hours'."
            out.append(Check(
                "criterion_not_measurable", 4, "step4.criteria",
                f"{lacks_nl} Geef het een doel met {way['nl']} {fix_nl}",
                f"{lacks_en} Give it a target with {way['en']} {fix_en}",
                REFS["criterion_not_measurable"], c.id,
                f"{lacks_nl} Geef het een doel dat te meten is, bijvoorbeeld '90% binnen 48 uur'.",
                f"{lacks_en} Give it a target that can be measured, for example '90% within 48 hours'.",
                here_nl=f"{lacks_nl} Geef het een doel met {fix_nl}",
                here_en=f"{lacks_en} Give it a target with {fix_en}"))
        if c.requirement.strip() and find_requirement(record, c.requirement) is None and not (
                c.requirement_id and any(r.id == c.requirement_id
                                         for r in record.step3.requirements)):
            unknown_nl = (f"Criterium “{_short(c.text)}” verwijst naar eis “{_short(c.requirement, 40)}”, "
                          "maar die staat niet (eenduidig) in de minimale eisen van stap 3.")
            unknown_en = (f"Criterion “{_short(c.text)}” refers to requirement “{_short(c.requirement, 40)}”, "
                          "which is not (unambiguously) among the step-3 minimum requirements.")
            link_nl = f"`/wijzig {line} … eis: N`, N het nummer van de eis), of zet de eis terug in stap 3."
            link_en = (f"`/edit {line} … requirement: N`, N the requirement's number), or put the requirement "
                       "back in step 3.")
            out.append(Check(
                "criterion_unknown_requirement", 4, "step4.criteria",
                f"{unknown_nl} Koppel het in stap 4 aan een eis die er staat ({way['nl']} {link_nl}",
                f"{unknown_en} Link it in step 4 to one that is there ({way['en']} {link_en}",
                REFS["criterion_unknown_requirement"], c.id,
                f"{unknown_nl} Koppel het criterium aan een eis die er staat, of zet de eis terug in stap 3.",
                f"{unknown_en} Link the criterion to a requirement that is there, or put the requirement "
                "back in step 3.",
                here_nl=f"{unknown_nl} Koppel het in stap 4 aan een eis die er staat ({link_nl}",
                here_en=f"{unknown_en} Link it in step 4 to one that is there ({link_en}"))
    return out


#: A criterion's weight, read as a typed criterion stores it (the record's one reading): named
#: ("(weging 40%)"), or a percentage alone in brackets after its name where its target is apart
_WEIGHT_RE = WEIGHT_NAMED_RE
_BRACKETED_PERCENT_RE = BRACKETED_PERCENT_RE


#: A weight given as the criterion's own part: "40%" or "40" (a percentage either way)
_WEIGHT_PART_RE = re.compile(r"^\s*(\d{1,3}(?:[.,]\d+)?)\s*%?\s*$")


def criterion_weight(text: str, target: str = "", weight: str = "") -> float | None:
    """The weight a criterion gives itself as a percentage, or None: its weight part, else named
    as a weight in its text or target, else a percentage alone in brackets in its text when its
    target is apart."""
    if weight.strip():
        part = _WEIGHT_PART_RE.match(weight) or _WEIGHT_RE.search(f"weight {weight}")
        return float(part.group(1).replace(",", ".")) if part else None
    found = weight_in_words(text, target)  # as a typed criterion's weight part is taken from them
    return float(found[2].rstrip("%").replace(",", ".")) if found else None


def measured_target(criterion: Criterion) -> str:
    """What the measurability check reads as a criterion's target: its target part, else its
    text without its weight ("daalt met 20%" is a target, "(weging 15%)" is none)."""
    return criterion.target.strip() or _without_weight(criterion.text)


def _without_weight(text: str) -> str:
    """A criterion's text without its weight: "(weging 15%)" is no measurable target."""
    text = re.sub(rf"\(\s*(?:{_WEIGHT_RE.pattern})\s*\)", " ", text, flags=re.I)
    return " ".join(_WEIGHT_RE.sub(" ", text).split()).strip(" ,;:—–-")


def _percent(value: float, lang: str) -> str:
    text = f"{value:g}"
    return (text if lang == "en" else text.replace(".", ",")) + "%"


def _criteria_weights(record: ProjectRecord) -> list[Check]:
    """Weights that do not add up to 100%, where every criterion gives one."""
    if not _started(record, 4):
        return []
    criteria = [c for c in record.step4.criteria if c.text.strip()]
    weights = [criterion_weight(c.text, c.target, c.weight) for c in criteria]
    if not criteria or any(w is None for w in weights):
        return []
    total = sum(w for w in weights if w is not None)
    if abs(total - 100) < 0.5:  # 33,3% three times is 100%
        return []
    names = [_short(_BRACKETED_PERCENT_RE.sub(" ", _without_weight(c.text)), 60).strip() for c in criteria]
    # the weight named as such: "daalt met 20% 50%" read as two numbers of the criterion
    word = {"nl": "weging", "en": "weight"}
    listed = {lang: _join((f"{name} ({word[lang]} {_percent(w, lang)})" for name, w in zip(names, weights)
                           if w is not None), lang)
              for lang in ("nl", "en")}
    return [Check(
        "criteria_weights_not_100", 4, "step4.criteria",
        f"De wegingen van de criteria tellen samen op tot {_percent(total, 'nl')}, niet tot 100%: "
        f"{listed['nl']}. Zo is niet duidelijk hoe zwaar elk criterium telt bij de beoordeling in stap 9; "
        "pas de wegingen aan zodat ze samen 100% zijn.",
        f"The weights of the criteria add up to {_percent(total, 'en')}, not to 100%: {listed['en']}. "
        "So it is not clear how much each criterion counts in the evaluation in step 9; adjust the "
        "weights so that together they make 100%.",
        REFS["criteria_weights_not_100"])]


#: The TRL from which a technology counts as (nearly) market-ready: 8, the system complete and
#: qualified; 9, proven in practice.
MARKET_READY_TRL = 8
#: The TRL from which a solution exists on the market: 9, proven in practice. An innovation
#: partnership develops up to the purchase itself, so a candidate still to be proven (TRL 8) is
#: within its reach; one already proven is the existing market solution it is not meant for.
MARKET_AVAILABLE_TRL = 9
_TRL_RE = re.compile(r"\bTRL\s*[:=-]?\s*(\d)\b", re.I)
#: The words of the guidance that say what pre-commercial procurement buys: research and
#: development (corpus file 002, the report of the Werkgroep Innovatiegericht Inkopen; the
#: ten-step plan itself names SBIR without saying it)
PRE_COMMERCIAL_WORDS = ("het inkopen van het innovatieproces (Onderzoek en Ontwikkeling, kortweg O&O), "
                        "waarmee eerste testproductiefases kunnen worden doorlopen of prototypes kunnen "
                        "worden ontwikkeld")
PRE_COMMERCIAL_DOC_ID = "002_e82ae1860d97a4e4"
#: Where the guidance says what an innovation partnership is for: a need no existing market solution
#: meets (the same report, corpus file 002; the ten-step plan does not say it)
NO_MARKET_SOLUTION_REF = GuidanceRef(
    "Juridisch: Rechtmatigheidsdiscussies · Wanneer is er sprake van innovatie?",
    "kan een overheidsorganisatie overgaan tot een innovatiepartnerschap wanneer ze een behoefte heeft "
    "waarvoor op de markt nog geen bestaande oplossing beschikbaar is.",
    document="Rapport Werkgroep Innovatiegericht Inkopen", doc_id=PRE_COMMERCIAL_DOC_ID)


def _first_word(text: str) -> str:
    words = re.findall(r"\w{4,}", text.casefold())
    return words[0] if words else ""


def shortlist_trl(record: ProjectRecord, name: str, reason: str = "") -> int | None:
    """The TRL of a shortlisted candidate: named with it ("volwassen (TRL 8)"), else that of the
    one assessed technology of step 2 it names (or that names it, or shares its first word)."""
    if m := _TRL_RE.search(f"{name} {reason}"):
        return int(m.group(1))
    key = " ".join(name.casefold().split())
    assessed = [a for a in record.step2.assessments if a.technology.strip()]
    for same in (lambda t: t == key, lambda t: t in key or key in t, lambda t: _first_word(t) == _first_word(key)):
        found = [a for a in assessed if same(" ".join(a.technology.casefold().split()))]
        if found:
            return found[0].trl if len(found) == 1 else None
    return None


def _sbir_for_mature_technology(record: ProjectRecord) -> list[Check]:
    """A form that buys development, while every shortlisted candidate is market-ready: SBIR buys
    research and development (TRL 8 is past it); an innovation partnership is for a need no market
    solution meets yet (TRL 9 is one), in its own wording and source: switched from SBIR to it,
    the check said "✓ Opgelost"."""
    procedure = record.step7.procedure
    if not _started(record, 7) or procedure not in (Procedure.SBIR, Procedure.INNOVATIEPARTNERSCHAP) \
            or not record.step2.shortlist:
        return []
    levels = [(s.name, shortlist_trl(record, s.name, s.reason)) for s in record.step2.shortlist]
    ready = MARKET_AVAILABLE_TRL if procedure == Procedure.INNOVATIEPARTNERSCHAP else MARKET_READY_TRL
    if any(trl is None or trl < ready for _, trl in levels):
        return []
    named = _join((f"{_short(name, 60)} (TRL {trl})" for name, trl in levels), "nl")
    named_en = _join((f"{_short(name, 60)} (TRL {trl})" for name, trl in levels), "en")
    if procedure == Procedure.INNOVATIEPARTNERSCHAP:
        quote = NO_MARKET_SOLUTION_REF.quote
        return [Check(
            "sbir_for_mature_technology", 7, "step7.procedure",
            f"U koos een innovatiepartnerschap in stap 7, maar elke kandidaat op de shortlist van stap 2 "
            f"is al in de praktijk bewezen: {named}. Volgens het rapport van de Werkgroep Innovatiegericht Inkopen "
            f"“{quote}” Is er voor uw behoefte echt nog geen oplossing op de markt? Is die er wel, dan past "
            "een reguliere aanbesteding beter; of kijk de TRL's in stap 2 na.",
            f"You chose an innovation partnership in step 7, but every candidate on the step-2 shortlist "
            f"is already proven in practice: {named_en}. An innovation partnership is for a need for "
            "which no solution exists on the market yet (in the report of the Werkgroep Innovatiegericht "
            f"Inkopen, in Dutch: “{quote}”). Is there really no solution on the market for your need yet? If "
            "there is one, a regular tender fits better; or check the TRLs in step 2.",
            NO_MARKET_SOLUTION_REF)]
    return [Check(
        "sbir_for_mature_technology", 7, "step7.procedure",
        f"U koos SBIR (pre-commercieel inkopen) in stap 7, maar elke kandidaat op de shortlist van stap 2 "
        f"is al (bijna) marktrijp: {named}. Pre-commercieel inkopen is “{PRE_COMMERCIAL_WORDS}” (rapport "
        "van de Werkgroep Innovatiegericht Inkopen). Valt er nog iets te ontwikkelen? Zo niet, dan passen "
        "een proeftuin of pilot, of een reguliere aanbesteding, beter; of kijk de TRL's in stap 2 na.",
        f"You chose SBIR (pre-commercial procurement) in step 7, but every candidate on the step-2 "
        f"shortlist is already (nearly) market-ready: {named_en}. Pre-commercial procurement buys research "
        "and development, to go through first test production or build prototypes (in the report of the "
        f"Werkgroep Innovatiegericht Inkopen, in Dutch: “{PRE_COMMERCIAL_WORDS}”). Is there still something "
        "to develop? If not, a pilot (proeftuin) or a regular tender fits better; or check the TRLs in step 2.",
        REFS["sbir_for_mature_technology"])]


def _procedure(record: ProjectRecord) -> list[Check]:
    if not _started(record, 7):
        return []
    proc = record.step7.procedure
    strat = record.step6.procurement_strategy
    if proc is None:
        return []
    if strat is None or strat == ProcurementStrategy.UNDECIDED:
        return [Check(
            "procedure_without_strategy", 7, "step6.procurement_strategy",
            f"U koos {proc.label('nl')} in stap 7, maar de inkoopstrategie in stap 6 is nog niet "
            "bepaald. De vorm van het traject hangt af van die keuze: wilt u na afloop direct "
            "afnemen of later aanbesteden?",
            f"You chose {proc.label('en')} in step 7, but the procurement strategy in step 6 is "
            "not decided yet. The form of the trajectory depends on it: do you want to buy "
            "directly afterwards, or tender later?",
            REFS["procedure_without_strategy"])]
    if strat == ProcurementStrategy.DIRECT_PURCHASE and proc in (Procedure.PROEFTUIN,
                                                                 Procedure.SBIR):
        # the guidance's hedge kept: "in beginsel" (as a rule), not never
        extra_nl = (" Na een SBIR mag de oplossing in beginsel niet direct worden ingekocht; daarvoor "
                    "is dan een reguliere aanbesteding nodig.") if proc == Procedure.SBIR else ""
        extra_en = (" After an SBIR the solution may, as a rule, not be bought directly; a regular "
                    "tender is then needed.") if proc == Procedure.SBIR else ""
        return [Check(
            "procedure_strategy_mismatch", 7, "step7.procedure",
            f"De inkoopstrategie (stap 6) is direct afnemen bij een deelnemer, maar "
            f"{proc.label('nl')} legt geen vervolgafname vast.{extra_nl} Direct afnemen bij een deelnemer "
            "kan volgens de handreiking met een innovatiepartnerschap of eventueel een prijsvraag; of kies "
            "in stap 6 voor later aanbesteden.",
            f"The procurement strategy (step 6) is to buy directly from a participant, but "
            f"{proc.label('en')} fixes no follow-up purchase.{extra_en} Buying directly from a participant "
            "can, the guidance says, be done with an innovation partnership or possibly a prize contest; or "
            "choose tendering later in step 6.",
            SBIR_NO_DIRECT_PURCHASE_REF if proc == Procedure.SBIR else REFS["procedure_strategy_mismatch"])]
    # an innovation partnership is the guidance's way to buy directly after development: planned
    # with a later open tender, the record contradicts itself. A prize contest is not: the
    # guidance names it only as a possible ("eventueel") way to buy directly, and it may well end
    # with the prizes (it was told a pilot or SBIR fitted better)
    if strat == ProcurementStrategy.OPEN_TENDER and proc == Procedure.INNOVATIEPARTNERSCHAP:
        return [Check(
            "procedure_strategy_mismatch", 7, "step7.procedure",
            "U koos een innovatiepartnerschap in stap 7, maar de inkoopstrategie (stap 6) is later "
            "aanbesteden. De handreiking noemt het innovatiepartnerschap als manier om de "
            "ontwikkelde technologie na afloop direct bij een deelnemer in te kopen. Kies in stap 6 voor "
            "direct afnemen, of in stap 7 een vorm die geen vervolgafname vastlegt (proeftuin/pilot of SBIR).",
            "You chose an innovation partnership in step 7, but the procurement strategy (step 6) is to "
            "tender later. The guidance names the innovation partnership as a way to buy the developed "
            "technology directly from a participant afterwards. Choose buying directly in step 6, or in "
            "step 7 a form that fixes no follow-up purchase (proeftuin/pilot or SBIR).",
            REFS["procedure_strategy_mismatch"])]
    return []


_OUTCOME_LABELS = {"success": ("succes", "success"), "failure": ("mislukt", "failure"),
                   "unclear": ("onduidelijk", "unclear")}


def _outcomes(record: ProjectRecord) -> list[Check]:
    if not _started(record, 5):
        return []
    step5 = record.step5
    plans = {"success": step5.success, "failure": step5.failure, "unclear": step5.unclear}
    missing = [k for k, plan in plans.items() if not plan.is_filled()]
    # "nog niet uitgewerkt", "n.v.t." with no one named: to be worked out too, but answered (the
    # step is done): called "still open", the check contradicted the record beside it
    put_off = [k for k, plan in plans.items() if plan.is_filled() and not plan.who.strip()
               and only_put_off(without_own_label(plan.description, f"step5.{k}"))]
    if not missing and not put_off:
        return []
    nl = [f"{lead}{_join((_OUTCOME_LABELS[k][0] for k in keys), 'nl')}" for lead, keys in
          (("nog open: ", missing), ("het antwoord zegt alleen dat het nog uitgezocht moet worden: ", put_off)) if keys]
    en = [f"{lead}{_join((_OUTCOME_LABELS[k][1] for k in keys), 'en')}" for lead, keys in
          (("still open: ", missing), ("the answer only says it is still to be worked out: ", put_off)) if keys]
    first = next(k for k in plans if k in missing or k in put_off)
    return [Check(
        "outcomes_incomplete", 5, f"step5.{first}",
        f"Werk alle drie de uitkomsten uit; {'; '.join(nl)}.",
        f"Work out all three outcomes; {'; '.join(en)}.",
        REFS["outcomes_incomplete"])]


#: The words an answer opens with to say only part is there ("deels", "only partly", "niet helemaal").
_ONLY_PART = ONLY_PART
#: An answer that says only part is there, or not enough ("onvoldoende").
_PARTLY_RE = re.compile(rf"^\W*(?:{_ONLY_PART}|onvoldoende|insufficient)\b", re.I)
#: An answer that says part is arranged: "deels, de eerste tranche …", a yes limited at once
#: ("ja, maar alleen het eerste jaar"). Said to be not arranged, it read as a no never typed.
_PARTLY_ARRANGED_RE = re.compile(
    rf"^\W*(?:{_ONLY_PART})\b|^\W*(?:ja|yes)\W+(?:maar|but)\s+(?:alleen|slechts|enkel|only|just)\b", re.I)
#: An answer that opens with a word that only says no ("nee, …", "no."); not "geen lock-in
#: door …" or "no vendor lock-in: …", where the word belongs to what follows.
_OPENS_WITH_NO_RE = re.compile(r"^\W*(?:nee|neen|nope|no)(?:\s*[,;:.!—–]|\s+-|\s*$)", re.I)  # not "no-code"


def says_partly_arranged(text: str) -> bool:
    """Whether an answer says only part of what it answers is arranged (see _PARTLY_ARRANGED_RE)."""
    return bool(_PARTLY_ARRANGED_RE.match(text))


#: Other arrangements of the intellectual property than who owns it
_OTHER_IP_TOPIC_RE = re.compile(r"licenti|licen[cs]e|broncode|source\s*code|octrooi|patent|data|geheimhouding|"
                                r"confidential|lock-?in|exit", re.I)


#: Who the answer on the intellectual property gives it to, or how it is shared or licensed: the
#: entrepreneur or supplier ("de ondernemer(s)", "the vendor"), the participants, the public body
#: ("wij", "de gemeente", "the water board"), both ("gedeeld", "gezamenlijk", "jointly"), where it
#: stays or goes ("blijft bij", "gaat over naar", "remains with"), or a licence. An answer without
#: any of them ("Beheerkosten € 60.000 per jaar …", typed at the wrong question) names no owner.
_IP_OWNER_RE = re.compile(
    r"\b(?:ondernemer|leverancier|opdrachtnemer|deelnemer|marktpartij|partner|ontwikkelaar|maker|bedrijf|"
    r"consortium|start-?up|opdrachtgever|gemeente|waterschap|provincie|organisatie|overheid|dienst|rijk|"
    r"ministerie|de\s+staat|eigenaar|eigendom\s+van|wij|we|ons|onze|mij|ik|u|uw|beide|allebei|partijen|"
    r"gedeeld|verdeeld|gezamenlijk|samen|blijft\s+bij|komt\s+bij|ligt\s+bij|gaat\s+(?:\w+\s+)?naar|"
    r"overgedragen|overdracht|gebruiksrecht|open\s*source|publiek\s+domein|arbit|"
    r"entrepreneur|supplier|vendor|contractor|participant|market\s+part(?:y|ies)|company|developer|"
    r"municipality|city|council|water\s*board|province|organi[sz]ation|government|authority|agency|"
    r"public\s+body|client|buyer|state|owner|owned|owns|us|our|ours|me|you|your|both|parties|shared|"
    r"split|joint|jointly|together|stays\s+with|remains\s+with|lies\s+with|rests\s+with|goes\s+to|"
    r"belongs?\s+to|transferred|assigned|public\s+domain)(?:s|en|n|e)?\b|licenti|licen[cs]|usage\s+rights?|"
    r"right\s+to\s+use", re.I)


def names_ip_owner(text: str) -> bool:
    """Whether the answer on the intellectual property names who gets it, or a licence (see
    _IP_OWNER_RE)."""
    return bool(_IP_OWNER_RE.search(text))


#: An answer on vendor lock-in that says the lock-in is there ("We zitten vast aan de leverancier;
#: overstappen kan niet"): no arrangement against it
_LOCKED_IN_RE = re.compile(
    r"\b(?:zitten|zit|blijven)\s+(?:\w+\s+){0,2}vast\s+aan\b|\b(?:are|is|were|stay)\s+(?:\w+\s+)?locked\s+in\b"
    r"|\boverstappen\s+(?:\w+\s+){0,2}(?:kan|is)\s+niet\b|\b(?:kunnen|kan)\s+(?:\w+\s+){0,2}niet\s+overstappen\b"
    r"|\bswitching\s+(?:\w+\s+){0,2}(?:is\s+)?(?:not\s+possible|impossible)\b|\b(?:can(?:no|')t|cannot|can\s+not)\s+switch\b",
    re.I)


@cache
def _question_names(field: str) -> frozenset[str]:
    """The names the step data gives the question that fills `field`, in both languages: its
    label (its prompt up to the first colon) and the label's parts: "Uitkomst 3, onduidelijk: er
    is meer onderzoek nodig …" names "uitkomst 3, onduidelijk", "uitkomst 3" and "onduidelijk"."""
    names: set[str] = set()
    for lang in ("nl", "en"):
        for step in load_plan(lang):
            for question in step.questions:
                label, colon, _ = question.prompt.partition(":")
                if question.field == field and colon:
                    names.update(" ".join(part.split()).casefold() for part in (label, *label.split(",")))
    return frozenset(name for name in names if name)


def without_own_label(text: str, field: str) -> str:
    """`text` without a leading label that only repeats the name of the question it answers
    (field `field`): "Onduidelijk: extra testperiode …" at "Uitkomst 3, onduidelijk" says no more
    than "extra testperiode …", and its "onduidelijk" read as an answer that is not known yet."""
    label, colon, rest = text.partition(":")
    if colon and rest.strip() and " ".join(label.split()).casefold() in _question_names(field):
        return rest.strip()
    return text


def only_put_off(text: str) -> bool:
    """Whether an answer holds nothing but that it is not done, not known or does not apply
    ("nog niet uitgewerkt", "n/a", "TBD", "we'll see", "we will sort it out later"): a
    placeholder, not an answer."""
    return bool(text.strip()) and (opens_undecided(text) or says_not_applicable(text) or (
        len(text.split()) <= 8 and still_to_decide(text)))


def _owner_undecided(ownership: str) -> bool:
    """Whether the answer on who owns the IP leaves it open: at its start, or in a part about the
    owner. "IE ligt bij de ondernemer; over de licentievoorwaarden is nog niet besloten" names
    the owner: what is open there is the licences."""
    if opens_undecided(ownership) or says_not_applicable(ownership):  # "n/a" for what is built for you
        return True
    parts = [part for part in re.split(r"[;.\n]", ownership) if part.strip()]
    undecided = [part for part in parts if still_to_decide(part)]
    settled = [part for part in parts if not still_to_decide(part)]
    # open only on another arrangement, with the owner said in a part of its own
    return bool(undecided) and not (settled and all(_OTHER_IP_TOPIC_RE.search(part) for part in undecided))


def _ip(record: ProjectRecord) -> list[Check]:
    if not _started(record, 6):
        return []
    out = []
    ip = record.step6.ip
    # "Nog niet besloten, eerst juridisch advies" cleared the warning, and the export said the
    # arrangements were in order
    if not ip.ownership.strip() or _owner_undecided(ip.ownership):
        out.append(Check(
            "ip_missing", 6, "step6.ip.ownership",
            "Het opschalingsplan legt nog niet vast bij wie het intellectueel eigendom komt te "
            "liggen (bij de ondernemer, bij u, of verdeeld).",
            "The scale-up plan does not yet record who will own the intellectual property "
            "(the entrepreneur, you, or shared).",
            REFS["ip_missing"]))
    elif not names_ip_owner(ip.ownership):
        # an answer typed at the wrong question ("Beheerkosten € 60.000 per jaar …") was said to
        # resolve this, and the record read "Eigendom: Beheerkosten …"
        answer = _short(ip.ownership, 80)
        out.append(Check(
            "ip_missing", 6, "step6.ip.ownership",
            f"Het antwoord op de vraag bij wie het intellectueel eigendom komt te liggen noemt geen "
            f"eigenaar: “{answer}”. Vul aan bij wie het komt te liggen (bij de ondernemer, bij u, of "
            "verdeeld) of welke licentie u krijgt.",
            f"The answer on who will own the intellectual property names no owner: “{answer}”. Add who "
            "will own it (the entrepreneur, you, or shared) or what licence you get.",
            REFS["ip_missing"]))
    if _lock_in_not_prevented(ip.vendor_lock_in):
        partly = says_partly_arranged(ip.vendor_lock_in)
        out.append(Check(
            "vendor_lock_in_missing", 6, "step6.ip.vendor_lock_in",
            ("Het voorkomen van een vendor lock-in is maar deels geregeld: regel ook de rest, "
             "zodat u later kunt overstappen naar een andere leverancier of oplossing." if partly else
             "Er zijn nog geen afspraken om een vendor lock-in te voorkomen: hoe kunt u later "
             "overstappen naar een andere leverancier of oplossing?"),
            ("Preventing vendor lock-in is only partly arranged: arrange the rest too, "
             "so that you can switch to another supplier or solution later." if partly else
             "There are no arrangements yet to prevent vendor lock-in: how can you switch to "
             "another supplier or solution later?"),
            REFS["vendor_lock_in_missing"]))
    return out


def _lock_in_not_prevented(answer: str) -> bool:
    """Whether the answer on vendor lock-in leaves it open: empty, not decided, the lock-in said
    to be there, or (as the checks on money read it) a no, part only, or a part "nog niet
    geregeld": "deels: open API afgesproken, exitregeling nog niet geregeld" passed."""
    if not answer.strip() or still_to_decide(answer) or _LOCKED_IN_RE.search(answer):
        return True
    if _REASSURES_RE.match(answer):  # "geen probleem: open standaarden"
        return bool(_NOT_THERE_RE.search(answer))
    return bool(_OPENS_WITH_NO_RE.match(answer) or _PARTLY_RE.match(answer) or _PARTLY_ARRANGED_RE.match(answer)
                or _NOT_THERE_RE.search(answer))


def _judgements(record: ProjectRecord) -> list[Check]:
    if not _started(record, 9):
        return []
    out = []
    for ref_id, kind, text in unjudged_items(record):
        if kind == "requirement":
            out.append(Check(
                "requirement_unjudged", 9, "step9.judgements",
                f"Minimale eis “{_short(text)}” (stap 3) heeft nog geen oordeel in de evaluatie.",
                f"Minimum requirement “{_short(text)}” (step 3) has no verdict in the evaluation "
                "yet.",
                REFS["requirement_unjudged"], ref_id))
        else:
            out.append(Check(
                "criterion_unjudged", 9, "step9.judgements",
                f"Criterium “{_short(text)}” (stap 4) heeft nog geen oordeel in de evaluatie.",
                f"Criterion “{_short(text)}” (step 4) has no verdict in the evaluation yet.",
                REFS["criterion_unjudged"], ref_id))
    return out


def _scale_up(record: ProjectRecord) -> list[Check]:
    if not _started(record, 10):
        return []
    verdict = record.step9.verdict
    if verdict == FinalVerdict.SCALE_UP:
        return []
    if verdict is None:
        nl = "U bent met opschalen (stap 10) begonnen, maar stap 9 heeft nog geen eindoordeel."
        en = "You started scaling up (step 10), but step 9 has no final verdict yet."
    else:
        nl = (f"U bent met opschalen (stap 10) begonnen, maar het eindoordeel van stap 9 is "
              f"“{verdict.label('nl')}”.")
        en = (f"You started scaling up (step 10), but the final verdict of step 9 is "
              f"“{verdict.label('en')}”.")
    return [Check("scale_up_without_positive_verdict", 10, "step9.verdict",
                  nl + " Opschalen volgt op een positieve evaluatie.",
                  en + " Scaling up follows a positive evaluation.",
                  REFS["scale_up_without_positive_verdict"])]


def _requirements(record: ProjectRecord) -> list[Check]:
    if not _started(record, 3):
        return []
    reqs = [r for r in record.step3.requirements if r.text.strip()]
    out = []
    if len(reqs) > MAX_MINIMUM_REQUIREMENTS:
        out.append(Check(
            "too_many_requirements", 3, "step3.requirements",
            f"U heeft {len(reqs)} minimale eisen. Elke extra eis beperkt de ruimte voor "
            "oplossingen; houd alleen eisen die na het traject echt niet kunnen veranderen "
            f"(richtlijn van deze assistent: hooguit {MAX_MINIMUM_REQUIREMENTS}).",
            f"You have {len(reqs)} minimum requirements. Every extra requirement narrows the room "
            "for solutions; keep only those that truly cannot change after the trajectory "
            f"(this assistant's rule of thumb: at most {MAX_MINIMUM_REQUIREMENTS}).",
            REFS["too_many_requirements"]))
    if reqs:
        covered = {r.aspect for r in reqs if r.aspect is not None}
        missing = [a for a in Aspect if a not in covered]
        untagged = sum(r.aspect is None for r in reqs)
        if missing and untagged:
            # the aspect is read from the brackets: "no requirement for juridisch" beside "Voldoet
            # aan de AVG" read as false; what is unknown is which aspect those requirements have
            unknown_nl = (f"{untagged} van de {len(reqs)} eisen {'heeft' if untagged == 1 else 'hebben'} nog "
                          "geen aspect, zodat niet te zien is welke aspecten de eisen dekken; nog geen eis "
                          "aangeduid als: " + _join((a.label("nl") for a in missing), "nl") + ".")
            unknown_en = (f"{untagged} of the {len(reqs)} requirements {'has' if untagged == 1 else 'have'} no "
                          "aspect yet, so it cannot be seen which aspects the requirements cover; none marked "
                          "yet as: " + _join((a.label("en") for a in missing), "en") + ".")
            out.append(Check(
                "aspects_missing", 3, "step3.requirements",
                f"{unknown_nl} Zet het aspect tussen haakjes achter de eis, bijvoorbeeld “(juridisch)”, en "
                "kijk op gelijkwaardige wijze naar alle aspecten.",
                f"{unknown_en} Put the aspect in brackets after the requirement, for example “(legal)”, and "
                "look evenly at every aspect.",
                REFS["aspects_missing"], None,
                f"{unknown_nl} Geef elke eis zijn aspect, bijvoorbeeld juridisch, en kijk op gelijkwaardige "
                "wijze naar alle aspecten.",
                f"{unknown_en} Give each requirement its aspect, for example legal, and look evenly at every "
                "aspect."))
        elif missing:
            none_nl = "Nog geen eis voor: " + _join((a.label("nl") for a in missing), "nl") + \
                ". Kijk op gelijkwaardige wijze naar alle aspecten"
            none_en = "No requirement yet for: " + _join((a.label("en") for a in missing), "en") + \
                ". Look evenly at every aspect"
            out.append(Check(
                "aspects_missing", 3, "step3.requirements",
                f"{none_nl} (zet het aspect tussen haakjes achter de eis).",
                f"{none_en} (put the aspect in brackets after the requirement).",
                REFS["aspects_missing"], None, f"{none_nl}.", f"{none_en}."))
    return out


def _impacts(rights: RightsCheck) -> dict[FundamentalRight, RightImpact]:
    """Each right's impact and measure, in the order of the step-2 box."""
    return {FundamentalRight.DIGNITY: rights.dignity, FundamentalRight.AUTONOMY: rights.autonomy,
            FundamentalRight.PRIVACY: rights.privacy,
            FundamentalRight.NON_DISCRIMINATION: rights.non_discrimination,
            FundamentalRight.EXPRESSION: rights.expression,
            FundamentalRight.FAIR_TRIAL: rights.fair_trial}


def _still_to_map(impact: RightImpact) -> bool:
    """Whether a right's impact is not mapped yet: nothing typed, or only that it is still to be
    worked out ("we will sort it out later", "weet ik niet"). "n.v.t." or "not applicable" is a
    judgement that the right is not touched, as the question's own example says ("Geen effect:
    …; maatregel: niet van toepassing"): counted missing, the check said "n.v.t." was no answer."""
    if is_filled(impact.mitigation):
        return False
    text = impact.impact
    if not is_filled(text):
        return True
    return only_put_off(text) and (not says_not_applicable(text) or still_to_decide(text))


def _rights(record: ProjectRecord) -> list[Check]:
    if not _started(record, 2) or not shortlist_has_ai(record):
        return []
    missing = [r for r, impact in _impacts(record.step2.rights).items() if _still_to_map(impact)]
    if not missing:
        return []
    # the candidate named (the check said "AI", and the user looked for which)
    named = next(s.name for s in record.step2.shortlist if mentions_ai(f"{s.name} {s.reason}"))
    if len(missing) == len(FundamentalRight):
        nl = (f"Uw shortlist bevat AI (“{_short(named, 60)}”), maar bij ‘Grondrechten in beeld’ staat nog niets. Breng "
              "per grondrecht het effect en de maatregel in beeld.")
        en = (f"Your shortlist contains AI (“{_short(named, 60)}”), but ‘Fundamental rights mapped’ is "
              "empty. Map the impact and the measure for each right.")
    else:
        nl = (f"Uw shortlist bevat AI (“{_short(named, 60)}”); bij ‘Grondrechten in beeld’ ontbreekt nog: "
              + _join((r.label("nl") for r in missing), "nl") + ".")
        en = (f"Your shortlist contains AI (“{_short(named, 60)}”); ‘Fundamental rights mapped’ still "
              "lacks: " + _join((r.label("en") for r in missing), "en") + ".")
    return [Check("ai_without_rights_check", 2, f"step2.rights.{missing[0].value}", nl, en,
                  REFS["ai_without_rights_check"])]


#: A word that says an impact is large ("groot", "hoog risico", "severe")
_LARGE = (r"(?:gro(?:ot|te)|hoog|hoge|ernstig\w*|aanzienlijk\w*|zwaar|zware|fors\w*|substanti[eë]\w*|"
          r"large|big|high|severe|significant|major|serious|substantial|considerable)")
_IMPACT_NOUN = (r"(?:impact|effect\w*|risico\W?s?|risks?|gevolg\w*|consequences?|inbreuk\w*|aantasting|"
                r"gevaar|danger|kans|chance|likelihood)")
#: Where it says so of the impact: as the answer's first word ("Groot: camera's zien gezichten"),
#: beside a word for the impact ("grote impact op", "the risk is high"); a "hoge resolutie"
#: further on says nothing of the impact.
_LARGE_IMPACT_RE = re.compile(
    rf"^\W*(?:(?:zeer|heel|erg|vrij|very|quite|rather)\s+)?{_LARGE}\b|\b{_LARGE}\s+(?:\w+\s+)?{_IMPACT_NOUN}\b|"
    rf"\b{_IMPACT_NOUN}\s+(?:[\w']+\s+){{0,3}}?{_LARGE}\b", re.I)
#: Said of it as not so: "geen grote impact", "het risico is niet hoog", "no significant impact"
_NOT_LARGE_RE = re.compile(r"\b(?:geen|niet|nauwelijks|weinig|zonder|no|not|hardly|little|without)\b|n't\b", re.I)
#: A measure that says there is none ("maatregel: geen", "none"): no measure
_NO_MEASURE_RE = re.compile(r"^\W*(?:geen|nee|niets|none|no|nothing|nope)\W*$", re.I)


def says_large_impact(impact: str) -> bool:
    """Whether an impact on a right is said to be large, and not in a negation ("geen grote
    impact", "not very high")."""
    for m in _LARGE_IMPACT_RE.finditer(impact or ""):
        before = " ".join(impact[:m.start()].split()[-3:])
        if not _NOT_LARGE_RE.search(f"{before} {m.group(0)}"):
            return True
    return False


def _large_impact_without_measure(record: ProjectRecord) -> list[Check]:
    """A right whose impact is said to be large, with no measure beside it: the box was filled,
    so `_rights` saw nothing open."""
    if not _started(record, 2):
        return []
    large = [(right, impact.impact) for right, impact in _impacts(record.step2.rights).items()
             if says_large_impact(impact.impact) and (
                 not is_filled(impact.mitigation) or only_put_off(impact.mitigation)
                 or _NO_MEASURE_RE.match(impact.mitigation))]
    if not large:
        return []
    said = {lang: _join((f"{right.label(lang)} (“{_short(text, 60)}”)" for right, text in large), lang)
            for lang in ("nl", "en")}
    lacks_nl = f"‘Grondrechten in beeld’ noemt een groot effect zonder maatregel: {said['nl']}."
    lacks_en = f"‘Fundamental rights mapped’ names a large impact without a measure: {said['en']}."
    return [Check(
        "large_impact_without_measure", 2, f"step2.rights.{large[0][0].value}",
        f"{lacks_nl} Leg vast hoe u dat effect beperkt ('maatregel: …'), en werk het met experts uit "
        "in de minimale eisen van stap 3.",
        f"{lacks_en} Record how you limit that impact ('mitigation: …'), and work it out with experts "
        "in the minimum requirements of step 3.",
        REFS["large_impact_without_measure"], None,
        f"{lacks_nl} Leg vast hoe u dat effect beperkt, en werk het met experts uit in de minimale "
        "eisen van stap 3.",
        f"{lacks_en} Record how you limit that impact, and work it out with experts in the minimum "
        "requirements of step 3.")]


def _changed_after_judging(record: ProjectRecord) -> list[Check]:
    """A requirement whose text, or a criterion whose text or target, changed after step 9 judged
    it: the verdict was kept without a word, beside the old text on screen and the new one in the
    export (a criterion's verdict is measured against its target)."""
    out = []
    for ref_id, kind, text in judgement_items(record):
        judgement = find_judgement(record, ref_id)
        if judgement is None or judgement.verdict is None or reads_as_judged(record, judgement):
            continue
        what = ("De minimale eis", "minimum requirement", 3) if kind == "requirement" else ("Het criterium", "criterion", 4)
        out.append(Check(
            "judged_before_change", 9, "step9.judgements",
            f"{what[0]} “{_short(text)}” (stap {what[2]}) is gewijzigd nadat stap 9 het beoordeelde "
            f"(toen: “{_short(judgement.judged_on('nl'))}”, {judgement.verdict.label('nl')}). Beoordeel het opnieuw.",
            f"The {what[1]} “{_short(text)}” (step {what[2]}) changed after step 9 judged it "
            f"(then: “{_short(judgement.judged_on('en'))}”, {judgement.verdict.label('en')}). Judge it again.",
            REFS["judged_before_change"], ref_id))
    return out


def _scale_up_without_support(record: ProjectRecord) -> list[Check]:
    """The verdict "scale up" while step 9 says there is no commitment or support for it (the
    council turned scaling up down: nothing was said)."""
    support = record.step9.support
    if record.step9.verdict != FinalVerdict.SCALE_UP or not support.strip() or not says_not_arranged(support):
        return []
    return [Check(
        "scale_up_without_support", 9, "step9.support",
        f"Het eindoordeel is opschalen, maar over het draagvlak staat er: “{_short(support)}”. Zorg eerst "
        "voor commitment en breed draagvlak, of leg vast waarom u toch opschaalt.",
        f"The final verdict is to scale up, but on support it says: “{_short(support)}”. First secure "
        "commitment and broad support, or record why you scale up all the same.",
        REFS["scale_up_without_support"])]


#: Words of a criterion that name it in a note: long enough not to be a function word.
_NAMING_WORD_RE = re.compile(r"[^\W\d_]{5,}")


#: A criterion's word this long names it alone in a note.
NAMING_WORD_LONG = 11


def _note_names(note: str, criterion: str) -> bool:
    """Whether `note` names the criterion `criterion`: at least half of its longer words, none a
    function word ("de gebruiksvriendelijkheid scoort lager, maar …" names
    "Gebruiksvriendelijkheid ≥ 8"; "het aantal klachten daalde" does not name "Aantal ritten voor
    restafval", nor "binnen de wijk" "Storingen binnen 24 uur verholpen")."""
    common = stopwords()
    words = {w.casefold() for w in _NAMING_WORD_RE.findall(criterion)} - common
    said = {w.casefold() for w in _NAMING_WORD_RE.findall(note)}
    shared = words & said
    # half its words, or one long enough to be its own ("reactietijd", "tevredenheid")
    return bool(shared) and (2 * len(shared) >= len(words) or any(len(w) >= NAMING_WORD_LONG for w in shared))


def _unmet_before_scale_up(record: ProjectRecord) -> list[Check]:
    """Final verdict 'scale up' while a requirement or criterion is judged 'not met'."""
    if record.step9.verdict != FinalVerdict.SCALE_UP:
        return []
    out = []
    for ref_id, kind, text in judgement_items(record):
        judgement = find_judgement(record, ref_id)
        # a minimum requirement met in part is not met: it is a hard limit (scaling up with a
        # permit "aangevraagd, nog niet verleend" was said nothing about)
        unmet = (JudgementVerdict.NOT_MET, JudgementVerdict.PARTLY) if kind == "requirement" else (JudgementVerdict.NOT_MET,)
        if judgement is None or judgement.verdict not in unmet:
            continue
        if kind == "criterion" and _note_names(record.step9.verdict_note, text):
            continue  # the verdict says why it scales up despite this criterion, as advised
        if kind == "requirement":
            how = judgement.verdict.label("nl"), judgement.verdict.label("en")
            out.append(Check(
                "scale_up_requirement_not_met", 9, "step9.verdict",
                f"Het eindoordeel is opschalen, maar minimale eis “{_short(text)}” (stap 3) is "
                f"{how[0]}. Een minimale eis is een harde grens, gesteld vóór de evaluatie: pas het "
                "eindoordeel in stap 9 aan. Herschrijf de eis niet achteraf, na de resultaten.",
                f"The final verdict is scale up, but minimum requirement “{_short(text)}” "
                f"(step 3) is {how[1]}. A minimum requirement is a hard limit, set before the "
                "evaluation: change the final verdict in step 9. Do not rewrite the requirement "
                "afterwards, after the results.",
                REFS["scale_up_requirement_not_met"], ref_id))
        else:
            out.append(Check(
                "scale_up_criterion_not_met", 9, "step9.verdict",
                f"Het eindoordeel is opschalen, maar criterium “{_short(text)}” (stap 4) is niet "
                "voldaan. Pas het eindoordeel in stap 9 aan, of leg bij het eindoordeel vast waarom "
                "opschalen toch gerechtvaardigd is: welke meerwaarde de oplossing ondanks dit criterium "
                "oplevert (noem het criterium in die toelichting). Pas het criterium of zijn oordeel niet achteraf aan, na de resultaten.",
                f"The final verdict is scale up, but criterion “{_short(text)}” (step 4) is not "
                "met. Change the final verdict in step 9, or record with the final verdict why scaling "
                "up is still justified: what added value the solution delivers despite this criterion (name the "
                "criterion in that explanation). "
                "Do not change the criterion or its verdict afterwards, after the results.",
                REFS["scale_up_criterion_not_met"], ref_id))
    return out


_MONEY_RE = re.compile(
    r"(?:€|\beur(?:o|os)?\b)\s*(\d[\d.,]*)\s*(miljoen|mln|million|m\b|k\b|ton\b|duizend|thousand)?|"
    r"(\d[\d.,]*)\s*(miljoen|mln|million|(?-i:M)\b|k\b|ton\b|duizend|thousand)?\s*(?:€|\beur(?:o|os)?\b)|"
    # without a currency, in a field about money: a unit of money ("4 ton", "400k", "1,2 miljoen",
    # "1,2M": a capital M, as "2 m" may be metres), Dutch thousands ("400.000") or the Dutch ",-"
    # ("400.000,-"); "2 jaar" or "3 fte" are none
    r"(?<![\d.,])(\d[\d.,]*?)\s*(miljoen|mln|million|(?-i:M)|k|ton|duizend|thousand)\b|"
    r"(?<![\d.,])(\d{1,3}(?:\.\d{3})+|\d+)(?:,-|,--)|(?<![\d.,])(\d{1,3}(?:\.\d{3})+(?:,\d{2})?)(?![\d,])",
    re.I)
#: "ton" is Dutch for a hundred thousand euros ("€ 2 ton")
_MULTIPLIERS = {"miljoen": 1e6, "mln": 1e6, "million": 1e6, "m": 1e6, "k": 1e3, "ton": 1e5,
                "duizend": 1e3, "thousand": 1e3}


#: Words that mark the amount after them as the limit ("maximaal € 250.000, later eventueel 600k
#: voor opschaling": the ceiling is 250k), a few words before it at most.
_LIMIT_BEFORE_RE = re.compile(
    r"\b(?:maximaal|maximum|max|hoogstens|hooguit|ten\s+hoogste|plafond|tot\s+(?:een\s+)?(?:maximum\s+van|"
    r"ten\s+hoogste)|at\s+most|up\s+to|no\s+more\s+than|capped\s+at|ceiling(?:\s+of)?)\W*(?:[^\W\d]+\W+){0,2}$",
    re.I)


#: Thousands set apart by spaces, as Word and Excel write them ("€ 1 250 000", "250 000 euro",
#: also with a no-break space): beside a currency only, as "fase 1 250 000" is no amount.
_SPACED_AFTER_CURRENCY_RE = re.compile(r"((?:€|\beur(?:o|os)?\b)[\s\u00a0\u202f]*)(\d{1,3}(?:[ \u00a0\u202f]\d{3})+)(?!\d|\.\d)", re.I)
_SPACED_BEFORE_CURRENCY_RE = re.compile(r"(?<![\d.,])(\d{1,3}(?:[ \u00a0\u202f]\d{3})+)(?=[\s\u00a0\u202f]*(?:€|\beur(?:o|os)?\b))", re.I)


#: A word a number after it counts ("fase 2 150 000 euro" is phase 2's € 150.000, not € 2.150.000).
_COUNTED_BEFORE_RE = re.compile(r"(?<!per )(?<!elke )(?<!each )(?<!every )\b(?:fase|stap|ronde|versie|phase|step|round|version)\s*$", re.I)


def _joined_thousands(text: str) -> str:
    """`text` with a spaced amount of money written with Dutch thousands points ("€ 1 250 000" ->
    "€ 1.250.000"), which the money's own pattern reads whatever stands before it."""
    def joined(digits: str, before: str) -> str:
        groups = re.split(r"[ \u00a0\u202f]", digits)
        if len(groups) > 2 and len(groups[0]) <= 2 and _COUNTED_BEFORE_RE.search(before):
            return groups[0] + " " + ".".join(groups[1:])  # the first group counts the word before it
        return ".".join(groups)

    text = _SPACED_AFTER_CURRENCY_RE.sub(lambda m: m.group(1) + joined(m.group(2), ""), text)
    return _SPACED_BEFORE_CURRENCY_RE.sub(lambda m: joined(m.group(1), m.string[:m.start()]), text)


def money_amount(text: str) -> float | None:
    """The amount of money the text of a field about money (a budget, a mandate) names: the
    one marked as a limit ("maximaal € 250.000"), else the largest ('€ 250.000', '1,2 miljoen
    euro', '4 ton', '400k', '400.000,-', "half a million euros"); None without one."""
    amounts, limits = [], []
    text = _joined_thousands(with_digits(text or ""))  # "up to half a million euros", "twee ton"
    for m in _MONEY_RE.finditer(text):
        number = parse_number(m.group(1) or m.group(3) or m.group(5) or m.group(7) or m.group(8))
        unit = (m.group(2) or m.group(4) or m.group(6) or "").lower()
        if number is not None:
            amounts.append(number * _MULTIPLIERS.get(unit, 1))
            if _LIMIT_BEFORE_RE.search(text[max(0, m.start() - 40):m.start()]):
                limits.append(amounts[-1])
    return max(limits or amounts) if amounts else None


def _euros(amount: float, lang: str) -> str:
    """An amount as each language writes it: "€ 450.000", "€450,000"."""
    return f"€{amount:,.0f}" if lang == "en" else "€ " + f"{amount:,.0f}".replace(",", ".")


#: What the checks on an amount of step 0 below step 3's budget ceiling say (nl, en), with
#: {amount} and {ceiling}.
_BELOW_CEILING = {
    "mandate_below_budget": (
        "Het mandaat (stap 0) reikt tot {amount}, maar het maximale budget (stap 3) is {ceiling}. Vraag "
        "een ruimer mandaat, of verlaag het budget, zodat u het hele traject kunt doorontwikkelen.",
        "The mandate (step 0) goes up to {amount}, but the budget ceiling (step 3) is {ceiling}. Ask for "
        "a wider mandate, or lower the budget, so that you can keep developing throughout the trajectory."),
    "mandate_below_secured_budget": (
        "Het mandaat (stap 0) reikt tot {amount}, maar het budget (stap 0) is {ceiling}. Vraag een "
        "mandaat voor het hele budget, zodat u kunt doorontwikkelen zonder opnieuw toestemming te vragen.",
        "The mandate (step 0) goes up to {amount}, but the budget (step 0) is {ceiling}. Ask for a "
        "mandate for the whole budget, so that you can keep developing without asking permission again."),
    "budget_below_ceiling": (
        "Het budget (stap 0) is {amount}, maar het maximale budget (stap 3) is {ceiling}. Regel meer "
        "budget, of verlaag het maximum, zodat het traject betaald kan worden.",
        "The budget (step 0) is {amount}, but the budget ceiling (step 3) is {ceiling}. Secure more "
        "budget, or lower the ceiling, so that the trajectory can be paid for."),
}


def _below_ceiling(record: ProjectRecord) -> list[Check]:
    """A mandate or a budget (step 0) for less money than the budget ceiling (step 3); before
    there is a ceiling, a mandate for less than the budget secured (step 0)."""
    preconditions = record.step0.preconditions
    ceiling = money_amount(record.step3.budget_ceiling)
    budget, mandate = money_amount(preconditions.budget.note), money_amount(preconditions.mandate.note)
    out = []
    if ceiling is not None:
        for key, amount in (("mandate_below_budget", mandate), ("budget_below_ceiling", budget)):
            if amount is not None and amount < ceiling:
                out.append(_below(key, 3, "step3.budget_ceiling", amount, ceiling))
    elif mandate is not None and budget is not None and mandate < budget:
        # the trajectory's ceiling is what the mandate must cover; until step 3 names it, the budget
        out.append(_below("mandate_below_secured_budget", 0, "step0.preconditions.mandate", mandate, budget))
    return out


#: The rule of the checks on a mandate too small for the trajectory: measured against the
#: budget secured until step 3 names a ceiling, then against the ceiling (the mandate still short
#: of the budget then is no resolved problem: the same one, measured by what the trajectory may cost)
_MANDATE_COVERS = {"mandate_below_secured_budget": "mandate_covers_trajectory",
                   "mandate_below_budget": "mandate_covers_trajectory"}


def _below(key: str, step: int, field: str, amount: float, ceiling: float) -> Check:
    nl, en = _BELOW_CEILING[key]
    return Check(key, step, field, nl.format(amount=_euros(amount, "nl"), ceiling=_euros(ceiling, "nl")),
                 en.format(amount=_euros(amount, "en"), ceiling=_euros(ceiling, "en")), REFS[key],
                 rule=_MANDATE_COVERS.get(key, ""))


#: "No problem, …", "Geen zorgen, …": a "no" that reassures.
_REASSURES_RE = re.compile(r"^\W*(?:no|geen|nee)\W+(?:problem|problems|worries|worry|issue|issues|concern|"
                           r"probleem|problemen|zorgen|punt)\b", re.I)
#: Said anywhere in the answer: something is missing or waits ("There is no budget for it yet",
#: "We have not arranged it", "pending council decision", "Er is nog geen dekking").
_NOT_THERE_RE = re.compile(
    r"\b(?:no|geen)\s+(?:budget|money|funding|funds|cover|financing|geld|dekking|financiering|middelen|"
    r"contract|capacity|capaciteit)\b(?!\s+(?:issues?|problems?|concerns?|zorgen|problemen))"
    r"|\bnot\s+(?:yet\s+)?(?:been\s+)?(?:arranged|covered|funded|secured|budgeted|decided|agreed)\b"
    r"|\b(?:have|has|is|are)\s+not\s+(?:yet\s+)?(?:arranged|covered|funded|secured|budgeted)\b"
    r"|\bnothing\s+(?:is\s+)?(?:yet\s+)?(?:arranged|covered|secured|budgeted|agreed)\b"
    r"|\b(?:nog\s+)?niet\s+(?:geregeld|gedekt|begroot|gefinancierd|toegezegd|toegekend|verleend|rond)\b"
    r"|\bnot\s+(?:yet\s+)?granted\b"
    r"|\bpending\b|\bin\s+afwachting\b|\bstill\s+open\b|\bnog\s+open\b"
    # what comes after is not known ("ja, maar alleen voor het eerste jaar; daarna onbekend")
    r"|\b(?:nog\s+)?(?:onbekend|onduidelijk)\b|\b(?:unknown|unclear|not\s+known)\b"
    # a yes that is limited at once: "ja, maar alleen …", "yes, but only …"
    r"|^\W*(?:ja|yes)\W+(?:maar|but)\s+(?:alleen|slechts|enkel|only|just)\b", re.I)


#: Said anywhere in an answer: it is still to be done or decided, or only guessed at ("Moet nog in
#: de begroting 2027 komen", "Dat moeten we nog met juridische zaken afstemmen, waarschijnlijk bij
#: de leverancier", "het budget daarvoor is er nog niet", "still has to be agreed").
_STILL_TO_DO_RE = re.compile(
    r"\bmoet(?:en)?\s+(?:\w+\s+){0,2}nog\b"
    r"|\bnog\s+(?:\w+\s+){0,4}(?:afstemmen|afgestemd|regelen|besluiten|beslissen|bepalen|uitzoeken|"
    r"aanvragen|vastleggen|afspreken|toezeggen|goedkeuren|uitwerken)\b"
    r"|\b(?:is|zijn)\s+(?:er\s+)?(?:\w+\s+)?nog\s+niet\b"
    r"|\b(?:waarschijnlijk|vermoedelijk|wellicht|misschien)\b"
    r"|\b(?:still|yet)\s+(?:has|have|needs?)\s+to\b|\b(?:has|have)\s+yet\s+to\b|\bstill\s+to\s+be\b"
    r"|\b(?:isn'?t|aren'?t|is\s+not|are\s+not)\s+(?:there|in\s+place)(?:\s+yet)?\b|\bnot\s+(?:there|in\s+place)\s+yet\b"
    r"|\b(?:probably|maybe|possibly|presumably)\b"
    # put off, not thought of, left to a negotiation, or one word: "open"
    r"|\b(?:regelen|bekijken|zien|doen|uitzoeken)\s+we\s+(?:\w+\s+)?later\b|\blater\s+(?:wel\s+)?(?:regelen|bekijken|uitzoeken)\b"
    r"|\b(?:sort|figure|work)\s+(?:that|it|this)\s+out\s+later\b|\b(?:deal|cope)\s+with\s+(?:that|it|this)\s+later\b"
    r"|\bnog\s+niet\s+(?:over\s+)?(?:na)?gedacht\b|\bnot\s+(?:yet\s+)?(?:thought|considered)\b"
    r"|\bonderwerp\s+van\s+(?:de\s+)?onderhandeling|\bte\s+onderhandelen\b|\bto\s+be\s+negotiated\b"
    r"|^\W*open\W*$"
    # left for later, whatever the words between ("We'll sort that out with the supplier later")
    r"|\b(?:decide|sort|figure|work|arrange|settle|regelen|beslissen|besluiten|bepalen|bekijken|uitzoeken|afspreken)\b"
    r"[^.;]{0,40}\blater\b|^\W*later\W*$|\bwe(?:'?ll|\s+will)\s+see\b|\b(?:zien|kijken)\s+we\s+(?:dan\s+|later\s+)?wel\b"
    r"|\bwe\s+zien\s+(?:het\s+)?(?:dan\s+)?wel\b|\bnot\s+(?:yet\s+)?(?:worked\s+out|written|described|thought\s+through)\b", re.I)


def still_to_decide(text: str) -> bool:
    """Whether an answer says what it answers is not decided or done yet: at its start ("nog
    niet besloten, …") or anywhere ("… moeten we nog afstemmen, waarschijnlijk …")."""
    return bool(text.strip()) and (opens_undecided(text) or bool(_STILL_TO_DO_RE.search(text)))


#: Money asked for ("2 ton aangevraagd", "50k requested", "applied for 50k"), not said to be granted
#: anywhere in the answer ("aangevraagd en goedgekeurd", "requested and approved"); not "zoals
#: aangevraagd" / "as requested", which says what was granted.
_ASKED_FOR_RE = re.compile(r"(?<!zoals )(?<!as )\b(?:aangevraagd|aanvraag\s+loopt|requested|applied\s+for)\b", re.I)
_GRANTED_RE = re.compile(r"(?<!niet )(?<!geen )(?<!not )(?<!yet )(?<!never )\b(?:toegekend|verleend|goedgekeurd|granted|approved|awarded)\b", re.I)


def says_not_arranged(text: str) -> bool:
    """Whether an answer about money or capacity says it is not (fully) there: "nee, …",
    "deels: …", "nog niet geregeld", "not sure yet", "there is no budget for it yet", "pending
    …". "Deels: € 40.000 voor 2025, voor 2026-2027 nog niet" is not arranged up to step 10
    either; "No problem, fully covered …" is."""
    if not text.strip():
        return False
    if _REASSURES_RE.match(text):
        return bool(_NOT_THERE_RE.search(text))
    return parse_bool(text)[0] is False or bool(_PARTLY_RE.match(text)) or still_to_decide(text) \
        or bool(_NOT_THERE_RE.search(text)) or (bool(_ASKED_FOR_RE.search(text)) and not _GRANTED_RE.search(text))


def _pm_funding(record: ProjectRecord) -> list[Check]:
    """Project management funding answered with 'no'."""
    if not says_not_arranged(record.step3.pm_funding):
        return []
    # "gedeeltelijk, alleen het eerste jaar" was told there was no funding
    partly = says_partly_arranged(record.step3.pm_funding)
    return [Check(
        "pm_funding_missing", 3, "step3.pm_funding",
        ("De financiering voor het projectmanagement is maar deels geregeld. Het projectmanagement "
         "loopt door tot en met stap 10: regel de financiering voor het hele traject voordat het begint."
         if partly else
         "Er is geen of onvoldoende financiering voor het projectmanagement. Het projectmanagement "
         "loopt door tot en met stap 10: regel die financiering voordat het traject begint."),
        ("Project management funding is only partly arranged. Project management runs up to and "
         "including step 10: arrange the funding for the whole trajectory before it starts."
         if partly else
         "There is no or not enough funding for project management. Project management runs up "
         "to and including step 10: arrange that funding before the trajectory starts."),
        REFS["pm_funding_missing"])]


def _financial_cover(record: ProjectRecord) -> list[Check]:
    """The scale-up's financial cover (step 6) or the means to keep the technology up to date
    (step 10) answered as not arranged: each step was shown as done without a word."""
    out = []
    # an answer that says part is arranged ("deels, de eerste tranche …") is said to be so: "is
    # nog niet geregeld" contradicted it
    cover = record.step6.financial_cover
    if says_not_arranged(cover):
        out.append(Check(
            "financial_cover_missing", 6, "step6.financial_cover",
            *(("De financiële dekking voor de opschaling is maar deels geregeld. Regel de rest, of leg "
               "vast wie dat doet en wanneer: zonder volledige dekking kan de organisatie na een "
               "geslaagd traject niet opschalen.",
               "The financial cover for the scale-up is only partly arranged. Arrange the rest, or "
               "record who will and when: without full cover the organisation cannot scale up after "
               "a successful trajectory.") if says_partly_arranged(cover) else
              ("De financiële dekking voor de opschaling is nog niet geregeld. Regel die, of leg vast "
               "wie dat doet en wanneer: zonder dekking kan de organisatie na een geslaagd traject "
               "niet opschalen.",
               "The financial cover for the scale-up is not arranged yet. Arrange it, or record who "
               "will and when: without it the organisation cannot scale up after a successful "
               "trajectory.")),
            REFS["financial_cover_missing"]))
    upkeep = record.step10.keeping_current
    if says_not_arranged(upkeep):
        out.append(Check(
            "upkeep_not_arranged", 10, "step10.keeping_current",
            *(("Het up-to-date houden van de technologie is maar deels geregeld. Na het traject is de "
               "oplossing nog een 'v1.0-product': regel ook de rest, budget en capaciteit om door te "
               "blijven ontwikkelen.",
               "Keeping the technology up to date is only partly arranged. After the trajectory the "
               "solution is still a 'v1.0 product': arrange the rest too, the budget and the people "
               "to keep developing it.") if says_partly_arranged(upkeep) else
              ("Het up-to-date houden van de technologie is nog niet geregeld. Na het traject is de "
               "oplossing nog een 'v1.0-product': regel budget en capaciteit om door te ontwikkelen.",
               "Keeping the technology up to date is not arranged yet. After the trajectory the "
               "solution is still a 'v1.0 product': arrange the budget and the people to keep "
               "developing it.")),
            REFS["upkeep_not_arranged"]))
    return out


_PRECONDITION_LABELS = {"support": ("draagvlak", "support"), "time": ("tijd", "time"),
                        "budget": ("budget", "budget"), "mandate": ("mandaat", "mandate")}


def _preconditions(record: ProjectRecord) -> list[Check]:
    """A precondition (step 0) marked missing, from the answer that says so: held back until a
    later step was under way, "no, 4 hours a week" for the time was said only after the first
    answer in step 1, while a budget below the mandate was said at once."""
    pre = record.step0.preconditions
    states = {"support": pre.support, "time": pre.time, "budget": pre.budget,
              "mandate": pre.mandate}
    not_met = [k for k in _PRECONDITION_LABELS if states[k].ok is False]
    if not not_met:
        return []
    # "Deels: …" is not enough either, but said as missing it read as a no the user never gave
    partly = [k for k in not_met if states[k].partly]
    missing = [k for k in not_met if k not in partly]
    def named(keys: list[str], lang: int) -> str:
        return _join((_PRECONDITION_LABELS[k][lang] for k in keys), "en" if lang else "nl")

    # "Step 0 says this is missing: time; and this is only partly arranged: support" read as a form
    nl = [*([f"{'ontbreken' if len(missing) > 1 else 'ontbreekt'} nog {named(missing, 0)}"] if missing else []),
          *([f"{'zijn' if len(partly) > 1 else 'is'} {named(partly, 0)} nog maar deels geregeld"] if partly else [])]
    en = [*([f"{named(missing, 1)} {'are' if len(missing) > 1 else 'is'} missing"] if missing else []),
          *([f"{named(partly, 1)} {'are' if len(partly) > 1 else 'is'} only partly arranged"] if partly else [])]
    return [Check(
        "precondition_missing", 0, f"step0.preconditions.{not_met[0]}",
        # said as step 0 is done too, while its last question is still asked: "toch gaat het
        # traject verder" read as untrue there
        f"Volgens stap 0 {', en '.join(nl)}. Regel het voordat het "
        "traject verdergaat, of werk het antwoord in stap 0 bij als het inmiddels geregeld is.",
        f"Step 0 says {', and '.join(en)}. Arrange it before the "
        "trajectory goes on, or update the answer in step 0 once it is arranged.",
        REFS["precondition_missing"])]


#: A new decision, mandate or approval ("een nieuw besluit", "fresh approval").
_NEW_DECISION = r"\b(?:nieuw\w*|opnieuw|new|another|fresh)\s+(?:besluit|mandaat|toestemming|decision|mandate|approval)"
#: A yes limited to part of the trajectory: "ja, maar alleen tot de marktconsultatie", "yes, but only
#: for 2027", "daarna is een nieuw besluit nodig", a phase that needs a new decision ("opschaling
#: vraagt een nieuw besluit", "scaling up needs a new decision": step 0's own example said so
#: unseen); not where none is needed ("er is geen nieuw besluit nodig", "doesn't need a new one").
_ONLY_PART_RE = re.compile(
    r"\b(?:maar|but)\b.{0,25}\b(?:alleen|slechts|enkel|only|just)\b|\b(?:alleen|slechts|only)\s+(?:tot|voor|tijdens|"
    rf"until|for|during)\b|\b(?:daarna|daarop|vervolgens|after\s+that|afterwards|then)\b.{{0,30}}{_NEW_DECISION}"
    r"|(?<!n't\s)(?<!not\s)(?<!niet\s)\b(?:vraagt|vragen|vereist|vereisen|needs?|requires?|calls\s+for)\s+(?:om\s+)?"
    rf"(?:een\s+|an?\s+)?{_NEW_DECISION}|(?<!geen\s)(?<!\bno\s){_NEW_DECISION}\s+(?:is\s+)?(?:nodig|needed|required)\b",
    re.I)


def _mandate_not_lasting(record: ProjectRecord) -> list[Check]:
    """The mandate (step 0) answered yes for part of the trajectory only: the question asks
    whether it lasts the whole trajectory, and "ja, maar alleen tot de marktconsultatie" was
    stored as yes without a word."""
    mandate = record.step0.preconditions.mandate
    if mandate.ok is not True or not _ONLY_PART_RE.search(mandate.note):
        return []
    return [Check(
        "mandate_not_lasting", 0, "step0.preconditions.mandate",
        f"Het mandaat geldt niet het hele traject (“{_short(mandate.note, 80)}”). Regel een mandaat dat "
        "blijft tot en met de opschaling, of leg vast wie wanneer opnieuw besluit.",
        f"The mandate does not last the whole trajectory (“{_short(mandate.note, 80)}”). Arrange one that "
        "lasts until scaling up, or record who decides again, and when.",
        REFS["mandate_not_lasting"])]


#: Words that name a technology or a product, not a problem ("we want a chatbot", "slimme
#: verkeerslichten"): step 0 asks for the need, and the technologies come in steps 1 and 2.
_SOLUTION_RE = re.compile(
    r"\b(?:apps?|applicatie\w*|platform\w*|portaal|dashboard\w*|sensor\w*|camera\w*|drones?|"
    r"blockchain|IoT|internet of things|robot\w*|RPA|digital twin|digitale tweeling|software|"
    r"(?:slimme|smart) \w+)\b", re.I)


#: "klagen via de Fixi-app": a way things reach the organisation now, not a solution chosen
#: (after a verb: "Via een app willen we …" opens with the means it wants)
_CHANNEL_BEFORE_RE = re.compile(r"\w\W+via\s+(?:de|het|een|onze|hun|the|an?|our)?\s*(?:\w+[\s-]+)?$", re.I)


def named_solution(text: str) -> str | None:
    """The first word of `text` that names a technology or product (AI included), or None. A
    clause that rules it out ("geen sensoren, geen app", "Een dashboard is niet het doel") or
    names the channel used now ("via de Fixi-app") names no solution."""
    for clause in re.finditer(r"[^.;:,!?\n]+", text or ""):
        part = clause.group(0)
        if _NEGATION_RE.search(part):
            continue
        found = [m for m in (*_AI_RE.finditer(part), *_SOLUTION_RE.finditer(part))
                 if not _CHANNEL_BEFORE_RE.search(part[:m.start()])]
        if found:
            return min(found, key=lambda m: m.start()).group(0)
    return None


def _need_names_solution(record: ProjectRecord) -> list[Check]:
    """Step 0's need names a solution: the guidance first maps the need, then the technologies."""
    word = named_solution(record.step0.need)
    if word is None:
        return []
    return [Check(
        "need_names_solution", 0, "step0.need",
        f"De behoefte noemt al een oplossing (‘{word}’). Beschrijf eerst wat er misgaat en voor wie; "
        "welke technologie past, bekijkt u in stap 1 en 2.",
        f"The need already names a solution (‘{word}’). First describe what goes wrong and for whom; "
        "which technology fits comes in steps 1 and 2.",
        REFS["need_names_solution"])]


#: A clause that sets a bar start-ups rarely clear: a turnover, years in business, a headcount.
_STRICT_SUITABILITY = (
    ("omzet", "turnover", re.compile(r"omzet|turnover|revenue", re.I)),
    ("jaren bestaan", "years in business",
     re.compile(r"\b(?:jaar|jaren|years?)\b.{0,30}\b(?:bestaan|actief|op de markt|ingeschreven|"
                r"in business|trading|operating|established)|"
                # a year founded ("moet sinds 2015 bestaan", "operating since 2015")
                r"\b(?:sinds|since|vóór|voor|before)\s+(?:19|20)\d\d\b.{0,30}\b(?:bestaan|actief|op de markt|"
                r"ingeschreven|in business|trading|operating|established|opgericht|founded)|"
                r"\b(?:bestaan|actief|opgericht|ingeschreven|established|founded|operating|trading)\b.{0,20}"
                r"\b(?:sinds|since|vóór|voor|before)\s+(?:19|20)\d\d\b|"
                # the years after the verb ("bestaat minimaal vijf jaar", "operating for at least 5 years")
                r"\b(?:bestaa?t|bestaan|actief|ingeschreven|in business|trading|operating|established)\b.{0,30}"
                r"(?<!\bper )\b(?:jaar|jaren|years?)\b", re.I)),
    ("aantal medewerkers", "headcount",
     re.compile(r"\b(?:medewerkers|werknemers|fte|employees|staff)\b", re.I)),
)
_AMOUNT_RE = re.compile(rf"\d|\b(?:{_NUMBER_WORDS})\b", re.I)
_NEGATION_RE = re.compile(r"\b(?:geen|niet|zonder|no|not|without|none)\b", re.I)


def strict_suitability_bars(text: str) -> list[tuple[str, str]]:
    """(nl, en) names of the bars in the suitability requirements that shut out start-ups: a
    clause with a number and a turnover, years in business or headcount, not negated
    ('geen omzeteis' is fine)."""
    found = []
    for clause in re.split(r"[;.\n]|,\s+(?=\D)", text or ""):
        if not _AMOUNT_RE.search(clause) or _NEGATION_RE.search(clause):
            continue
        for nl, en, pattern in _STRICT_SUITABILITY:
            if pattern.search(clause) and (nl, en) not in found:
                found.append((nl, en))
    return found


def _suitability(record: ProjectRecord) -> list[Check]:
    bars = strict_suitability_bars(record.step7.suitability)
    if not bars:
        return []
    return [Check(
        "strict_suitability", 7, "step7.suitability",
        "De geschiktheidseisen vragen een minimum aan "
        f"{_join((nl for nl, _ in bars), 'nl')}. Zo'n drempel sluit start-ups en partijen uit "
        "onverwachte hoek uit; vraag liever aantoonbare ervaring of een plan.",
        "The suitability requirements ask for a minimum "
        f"{_join((en for _, en in bars), 'en')}. Such a bar shuts out start-ups and parties "
        "from unexpected corners; ask for proven experience or a plan instead.",
        REFS["strict_suitability"])]


#: Buying, a contract or an award ("contract met de leverancier", "we kopen de sensoren in bij de
#: deelnemer", "award the roll-out to the supplier")
_PURCHASE_RE = re.compile(
    # not "overeenkomstig" (in accordance with), nor "kochten in op het idee" (bought into it)
    r"\b\w*(?:contract(?!or)\w*|overeenkomst(?:en)?\b)|\b(?:gun(?:t|nen|ning\w*)|gegund|award\w*)\b|"
    r"\b(?:in)?ko(?:op|pen|opt|cht)\w*\b(?!\s+in\s+op\b)|"
    r"\bingekocht\b|\b(?:aan(?:ge)?schaf\w*|afnem\w*|afname\w*|afgenomen|bestel\w*|besteld|licentie\w*)\b|"
    r"\b(?:purchas\w*|buy\w*|bought|licen[cs]e\w*|order(?:s|ed)?\s+(?:from|with))\b", re.I)
#: The party it is with: the participant of the trajectory, however named
_PARTY_RE = re.compile(
    r"\b(?:leverancier|deelnemer|ondernemer|marktpartij|partij|partner|winnaar|consortium|bedrijf|"
    r"start-?up|ontwikkelaar|opdrachtnemer|supplier|vendor|participant|contractor|entrepreneur|company|"
    r"winner|developer|firm)(?:s|en|n|e)?\b", re.I)
#: A (new) tender or procurement procedure ("via een reguliere aanbesteding", "open tender")
_TENDER_RE = re.compile(r"\b\w*aanbested\w*|\binkoopprocedure\w*|\btender\w*|\bprocurement\s+procedure", re.I)


def _step10_clauses(record: ProjectRecord) -> list[tuple[str, str | None, str]]:
    """(field, entry id, clause) of each of step 10's answers, cut at its sentences and
    semicolons; a barrier and its handling apart (a barrier says what is not there: "Geen
    netwerkdekking" read as a negation of the purchase in its handling)."""
    step10 = record.step10
    answers = [("step10.plan_changes", None, step10.plan_changes), ("step10.alignment", None, step10.alignment),
               *(("step10.barriers", b.id, part) for b in step10.barriers for part in (b.barrier, b.handling)),
               ("step10.keeping_current", None, step10.keeping_current)]
    return [(field, entry, clause.strip()) for field, entry, text in answers
            for clause in re.split(r"[.;\n]", text or "") if clause.strip()]


def _purchase_without_tender(record: ProjectRecord) -> list[Check]:
    """Step 10 names buying from, or a contract with, the participant after a form that fixes no
    follow-up purchase (SBIR, proeftuin/pilot), and names no tender for it: the scale-up went
    ahead as if the trajectory had included the purchase."""
    procedure = record.step7.procedure
    if procedure not in (Procedure.SBIR, Procedure.PROEFTUIN) or not _started(record, 10):
        return []
    clauses = [found for found in _step10_clauses(record) if not _NEGATION_RE.search(found[2])]
    if any(_TENDER_RE.search(clause) for _, _, clause in clauses):
        return []
    found = next((found for found in clauses if _PURCHASE_RE.search(found[2]) and _PARTY_RE.search(found[2])), None)
    if found is None:
        return []
    field, entry_id, clause = found
    said = _short(clause, 80)
    if procedure == Procedure.SBIR:
        # the guidance's hedge kept: "in beginsel" (as a rule)
        why_nl = ("U koos in stap 7 een SBIR, en die legt geen vervolgafname vast: de ontwikkelde oplossing mag "
                  "in beginsel niet direct na de SBIR worden ingekocht; daarvoor is dan een reguliere "
                  "aanbesteding nodig.")
        why_en = ("You chose an SBIR in step 7, which fixes no follow-up purchase: the solution developed may, "
                  "as a rule, not be bought directly after the SBIR; a regular tender is then needed.")
    else:
        why_nl = ("U koos in stap 7 een proeftuin of pilot, en die legt geen vervolgafname vast: de handreiking "
                  "neemt de inzichten mee in toekomstige aanbestedingen.")
        why_en = ("You chose a proeftuin (pilot) in step 7, which fixes no follow-up purchase: the guidance "
                  "takes what it taught into future tenders.")
    return [Check(
        "purchase_without_tender", 10, field,
        f"Stap 10 noemt een afname of contract (“{said}”), maar geen aanbesteding. {why_nl} Leg in stap 10 "
        "vast via welke aanbesteding u de oplossing inkoopt.",
        f"Step 10 names a purchase or contract (“{said}”), but no tender. {why_en} Record in step 10 "
        "through which tender you buy the solution.",
        SBIR_NO_DIRECT_PURCHASE_REF if procedure == Procedure.SBIR else REFS["purchase_without_tender"], entry_id)]


CHECKERS: tuple[Callable[[ProjectRecord], list[Check]], ...] = (
    _need_names_solution, _preconditions, _mandate_not_lasting, _rights, _large_impact_without_measure,
    _requirements, _below_ceiling, _pm_funding, _criteria, _outcomes, _ip,
    _criteria_weights, _financial_cover,
    _procedure, _sbir_for_mature_technology, _suitability, _judgements, _changed_after_judging, _unmet_before_scale_up, _scale_up_without_support,
    _scale_up, _purchase_without_tender,
)


def run_checks(record: ProjectRecord, lang: str | None = None) -> list[Check]:
    """All open checks, ordered by step. (`lang` is accepted for callers that pass it; every
    check carries both languages, see `Check.message(lang)`.)"""
    out: list[Check] = []
    for checker in CHECKERS:
        out.extend(checker(record))
    return sorted(out, key=lambda c: c.step)


def checks_for_step(record: ProjectRecord, n: int) -> list[Check]:
    """Open checks shown with step `n`."""
    return [c for c in run_checks(record) if c.step == n]


# ---------------------------------------------------------------------------------------------
# quote verification
# ---------------------------------------------------------------------------------------------
def normalise_guidance_text(text: str) -> str:
    """Join line breaks and collapse whitespace, as the quotes are written."""
    return re.sub(r"\s+", " ", text).strip()


def verify_quotes(corpus_file: Path | None = None) -> list[str]:
    """Ids of checks whose quote does not occur verbatim in the guidance (should be empty)."""
    if corpus_file is None:
        corpus_file = DEFAULT_CORPUS_DIR / f"{GUIDANCE_DOC_ID}.txt"
    text = normalise_guidance_text(Path(corpus_file).read_text(encoding="utf-8"))
    return [cid for cid, ref in REFS.items() if normalise_guidance_text(ref.quote) not in text]


__all__ = [
    "Check", "GuidanceRef", "REFS", "SBIR_NO_DIRECT_PURCHASE_REF", "CHECK_IDS", "UNJUDGED", "MAX_MINIMUM_REQUIREMENTS", "run_checks",
    "checks_for_step", "is_measurable", "measured_target", "mentions_ai", "shortlist_has_ai", "verify_quotes",
    "normalise_guidance_text", "GUIDANCE_DOC_ID", "money_amount", "strict_suitability_bars",
    "criterion_weight", "shortlist_trl", "says_large_impact", "PRE_COMMERCIAL_WORDS", "PRE_COMMERCIAL_DOC_ID",
    "NO_MARKET_SOLUTION_REF",
]
