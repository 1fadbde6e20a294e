"""Records for the export tests: a full one (the shared example), our own full one, a
half-filled one, and one full of text that means something in Markdown."""

from __future__ import annotations

from assistant.plan.example import example_record
from assistant.plan.record import (
    Barrier,
    Contact,
    Criterion,
    ProjectRecord,
    Requirement,
    Technology,
    TextEntry,
    judge,
    new_record,
)


def full_record(lang: str = "nl") -> ProjectRecord:
    """The fully filled example record (assistant.plan.example)."""
    return example_record(lang)


def own_full_record(lang: str = "nl") -> ProjectRecord:
    r = new_record("Slimme afvalinzameling", "Gemeente Voorbeeldstad", "Fatima el Amrani", language=lang)
    s0 = r.step0
    s0.need = "Bewoners ergeren zich aan overvolle ondergrondse containers en zwerfafval."
    s0.who = "Team Afval en Grondstoffen, de inzamelaar en bewoners in drie wijken."
    s0.why_digital = "Sensoren en data kunnen voorspellen wanneer een container vol is."
    for name in ("support", "time", "budget", "mandate"):
        getattr(s0.preconditions, name).ok = True
        getattr(s0.preconditions, name).note = f"{name} geregeld"
    s0.duration = "Twee jaar"
    r.step1.technologies = [Technology(name="Vulgraadsensoren", source_kind="pilots", note="Pilot in Tilburg"),
                            Technology(name="Beeldherkenning", source_kind="research", note="TU Delft")]
    r.step1.contacts = [Contact(name="Gemeente Tilburg", note="sensorpilot 2023")]
    r.step1.ideas = "Routeplanning koppelen aan de vulgraad."
    from assistant.plan.record import Assessment, ShortlistItem
    r.step2.assessments = [Assessment(technology="Vulgraadsensoren", potential="hoog", trl=8, fit="goed",
                                      market_parties="vier leveranciers", risks="batterijduur")]
    r.step2.rights.privacy.impact = "Camera's kunnen personen vastleggen"
    r.step2.rights.privacy.mitigation = "Alleen sensoren zonder beeld"
    r.step2.public_values = "Schone straat, zuinig met belastinggeld."
    r.step2.shortlist = [ShortlistItem(name="Vulgraadsensoren", reason="rijp en betaalbaar")]
    r.step3.requirements = [
        Requirement(text="AVG-conform: geen persoonsgegevens", aspect="data", kind="boundary"),
        Requirement(text="Open koppelvlak naar het routesysteem", aspect="technical", kind="need"),
    ]
    r.step3.budget_ceiling = "€ 250.000"
    r.step3.pm_funding = "€ 40.000 uit het programmabudget"
    r.step3.timeline = "Q1 2026 tot Q4 2027"
    r.step3.expertise = "Data-analist van de gemeente, externe inkoopadviseur"
    r.step4.criteria = [Criterion(text="Minder ritten", target="20% minder ritten", requirement="2")]
    r.step4.criteria[0].link(r)
    r.step4.deliverables = [TextEntry(text="Rapport van een kennisinstelling")]
    r.step4.communication = "Criteria gaan mee in de uitvraag."
    for name in ("success", "failure", "unclear"):
        plan = getattr(r.step5, name)
        plan.description = f"Bij {name}: vervolg"
        plan.who = "Projectleider"
    r.step6.policy_changes = "Inzamelbeleid aanpassen."
    r.step6.training = "Chauffeurs trainen."
    for name in ("ownership", "licences", "source_code", "patents", "data", "confidentiality", "vendor_lock_in"):
        setattr(r.step6.ip, name, f"Afspraak over {name}")
    r.step6.financial_cover = "Begroting 2028"
    r.step6.procurement_strategy = "direct_purchase"
    r.step6.market_consultation = "Marktconsultatie in maart"
    r.step6.project_manager = "Fatima el Amrani"
    r.step7.procedure = "innovatiepartnerschap"
    for name in ("rationale", "finish_line", "duration", "people", "suitability", "tender_contents", "selection"):
        setattr(r.step7, name, f"Tekst voor {name}")
    r.step8.agreements = "Afspraken vastgelegd"
    r.step8.risk_allocation = "Gedeeld risico"
    r.step8.test_environment = "Drie wijken"
    r.step8.course_corrections = [TextEntry(text="Sensor verplaatst")]
    for req in r.step3.requirements:
        judge(r, req.id, "met", "Getoetst door de FG")
    judge(r, r.step4.criteria[0].id, "partly", "15% minder ritten")
    r.step9.external_vs_own = "Bouwwerkzaamheden verstoorden een wijk."
    r.step9.imperfections = "Twee sensoren vielen uit."
    r.step9.lessons = [TextEntry(text="Eerder met chauffeurs praten")]
    r.step9.bit_rules = "Alle tien doorlopen."
    r.step9.support = "Wethouder steunt opschaling."
    r.step9.verdict = "scale_up"
    r.step10.plan_changes = "Uitrol in fasen."
    r.step10.alignment = "Overleg met inzamelaar."
    r.step10.barriers = [Barrier(barrier="Oude containers", handling="Eerst vervangen")]
    r.step10.keeping_current = "Halfjaarlijkse herziening."
    return r


def half_record(lang: str = "nl") -> ProjectRecord:
    """Steps 0-3 partly filled, the rest empty (a record in the middle of the work)."""
    full = full_record(lang)
    r = ProjectRecord(project=full.project.model_copy())
    r.step0 = full.step0.model_copy(deep=True)
    r.step1 = full.step1.model_copy(deep=True)
    r.step3.requirements = [e.model_copy() for e in full.step3.requirements]
    r.step3.budget_ceiling = full.step3.budget_ceiling
    r.step0.who = ""  # a hole inside a started step
    # a criterion without a measurable target: an open check with a guidance reference
    r.step4.criteria = [Criterion(text="Gebruiksvriendelijk voor chauffeurs" if lang == "nl"
                                  else "Easy to use for drivers")]
    return r


NASTY = [
    "# geen kop",
    "| pijp | in | cel |",
    "[klik](http://example.org)",
    "*niet schuin* en _ook niet_",
    "<b>geen html</b>",
    "1. geen lijst",
    "- ook geen lijst",
    "`geen code`",
    "> geen citaat",
    "&amp; geen entiteit",
]


def nasty_record(lang: str = "nl") -> ProjectRecord:
    """Text that would change meaning if it were not escaped in Markdown."""
    r = new_record("# Project | met [tekens](x) *en* _meer_", "Org <b>", "Eigenaar `x`", language=lang)
    r.step0.need = "\n".join(NASTY)
    r.step3.requirements = [Requirement(text=t, aspect="legal", kind="need") for t in NASTY]
    r.step9.lessons = [TextEntry(text=t) for t in NASTY]
    return r
