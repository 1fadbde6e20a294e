"""Checks on the record: each fires and clears; empty and complete records have none; every quote
is verbatim in the guidance."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.plan import record as rec
from assistant.plan.checks import (
    CHECK_IDS,
    MAX_MINIMUM_REQUIREMENTS,
    REFS,
    checks_for_step,
    is_measurable,
    mentions_ai,
    money_amount,
    normalise_guidance_text,
    run_checks,
    strict_suitability_bars,
    verify_quotes,
    NO_MARKET_SOLUTION_REF,
    PRE_COMMERCIAL_DOC_ID,
    PRE_COMMERCIAL_WORDS,
    SBIR_NO_DIRECT_PURCHASE_REF,
)
from assistant.plan.example import example_record, half_filled_record
from assistant.plan.record import FinalVerdict, ProcurementStrategy, Procedure, ProjectRecord
from assistant.core.resources import DEFAULT_CORPUS_DIR


def ids(record):
    return [c.id for c in run_checks(record)]


def test_empty_record_has_no_checks():
    assert run_checks(ProjectRecord()) == []
    assert run_checks(rec.new_record("x")) == []


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_complete_example_has_no_checks(lang):
    assert run_checks(example_record(lang)) == []


def test_half_filled_record_only_flags_the_open_outcomes():
    r = half_filled_record("nl")
    checks = run_checks(r)
    assert [c.id for c in checks] == ["outcomes_incomplete"]
    c = checks[0]
    assert c.step == 5 and c.field == "step5.failure"
    assert "mislukt" in c.message("nl") and "onduidelijk" in c.message("nl")
    assert "failure" in c.message("en") and "unclear" in c.message("en")
    assert checks_for_step(r, 5) == checks and checks_for_step(r, 4) == []


def test_every_quote_is_verbatim_in_the_guidance():
    assert verify_quotes() == []
    corpus = normalise_guidance_text(
        (DEFAULT_CORPUS_DIR / "000_0a8fe956f5fc1910.txt").read_text(encoding="utf-8"))
    for cid, ref in REFS.items():
        assert ref.quote in corpus, cid
        assert ref.label().startswith("Handreiking · ")
        assert len(ref.quote) >= 40


def test_every_check_id_can_fire_and_names_a_real_field():
    seen: set[str] = set()
    for make in SCENARIOS.values():
        for c in run_checks(make()):
            seen.add(c.id)
            assert rec.is_valid_path(c.field), c.field
            assert c.message("nl") and c.message("en") and c.message("nl") != c.message("en")
            assert 0 <= c.step <= 10
    assert seen == set(CHECK_IDS)


# --- scenarios: each breaks a complete record in one way ----------------------------------------
def _criterion_without_target():
    r = example_record("nl")
    r.step4.criteria[0].target = ""
    r.step4.criteria[0].text = "Bewoners zijn tevreden"
    judgement = rec.find_judgement(r, r.step4.criteria[0].id)
    judgement.ref_text, judgement.ref_target = "Bewoners zijn tevreden", ""  # judged as it is now
    return r


def _requirement_changed_after_judging():
    r = example_record("nl")
    r.step3.requirements[0].text += " en de keur"
    return r


def _criterion_unknown_requirement():
    r = example_record("nl")
    r.step4.criteria[0].requirement = "Eis die niet bestaat"
    r.step4.criteria[0].requirement_id = None
    return r


def _sbir_with_direct_purchase():
    r = example_record("nl")
    r.step7.procedure = Procedure.SBIR
    return r


def _sbir_for_market_ready_candidates():
    # a real project: step 7 chose SBIR while every shortlisted candidate was at TRL 8 or 9
    r = example_record("nl")
    r.step6.procurement_strategy = ProcurementStrategy.OPEN_TENDER
    r.step7.procedure = Procedure.SBIR
    r.step2.assessments[1].trl = 9
    return r


def _sbir_then_a_contract_with_the_supplier():
    # after an SBIR (no purchase included), step 10 signs the supplier up without a tender
    r = example_record("nl")
    r.step6.procurement_strategy = ProcurementStrategy.OPEN_TENDER
    r.step7.procedure = Procedure.SBIR
    rec.apply_text(r, "step10.keeping_current", "Beheer- en doorontwikkelcontract voor vier jaar met de leverancier")
    return r


def _weights_not_100():
    # "(weging 40%)", "gewicht 15%", … that came to 85%: nothing was said
    r = example_record("nl")
    for criterion, weight in zip(r.step4.criteria, ("(weging 40%)", "gewicht: 15%", "(weging 30%)")):
        criterion.text += f" {weight}"
        rec.find_judgement(r, criterion.id).ref_text = criterion.text  # judged as it is now
    return r


def _partnership_with_open_tender():
    r = example_record("en")
    r.step6.procurement_strategy = ProcurementStrategy.OPEN_TENDER
    return r


def _procedure_without_strategy():
    r = example_record("nl")
    r.step6.procurement_strategy = ProcurementStrategy.UNDECIDED
    return r


def _outcome_missing():
    r = example_record("nl")
    r.step5.unclear = rec.OutcomePlan()
    return r


def _no_ip():
    r = example_record("nl")
    r.step6.ip.ownership = ""
    return r


def _no_lock_in():
    r = example_record("nl")
    r.step6.ip.vendor_lock_in = " "
    return r


def _unjudged():
    r = example_record("nl")
    r.step9.judgements = [j for j in r.step9.judgements if j.ref_id not in ("req00001", "crit0002")]
    return r


def _scale_up_after_stop():
    r = example_record("nl")
    r.step9.verdict = FinalVerdict.MORE_RESEARCH
    return r


def _too_many():
    r = example_record("nl")
    for i in range(MAX_MINIMUM_REQUIREMENTS + 1 - len(r.step3.requirements)):
        rec.add_entry(r, "step3.requirements", f"Extra eis {i} (technisch)")
    for ref_id, _kind, _text in rec.unjudged_items(r):
        rec.judge(r, ref_id, "voldaan", "ok")
    return r


def _aspect_missing():
    r = example_record("nl")
    legal = next(x for x in r.step3.requirements if x.aspect is rec.Aspect.LEGAL)
    legal.aspect = None
    return r


def _ai_without_rights():
    r = example_record("nl")
    r.step2.rights = rec.RightsCheck()
    return r


def _scale_up_despite_unmet_requirement():
    r = example_record("nl")
    rec.judge(r, "req00002", "niet voldaan", "koppeling werkt niet")
    return r


def _scale_up_despite_unmet_criterion():
    r = example_record("en")
    rec.judge(r, "crit0002", "not met", "61% within 48 hours")
    return r


def _mandate_below_budget():
    r = example_record("nl")
    rec.apply_text(r, "step0.preconditions.mandate", "ja, de directeur mag tot € 100.000 beslissen")
    return r


def _mandate_below_secured_budget():
    # the mandate below the budget of step 0, before step 3 names a ceiling
    r = example_record("nl")
    rec.apply_text(r, "step0.preconditions.budget", "ja, ongeveer 4 ton uit het mobiliteitsfonds")
    rec.apply_text(r, "step0.preconditions.mandate", "ja, de directeur tot € 250k")
    r.step3.budget_ceiling = ""
    return r


def _budget_below_ceiling():
    r = example_record("en")
    rec.apply_text(r, "step0.preconditions.budget", "yes, € 100,000 from the innovation fund")
    return r


def _example_with(path: str, answer: str):
    r = example_record("nl")
    rec.apply_text(r, path, answer)
    return r


def _pm_funding_no():
    r = example_record("nl")
    rec.apply_text(r, "step3.pm_funding", "Nee, daar is nog geen geld voor")
    return r


def _precondition_missing():
    r = example_record("nl")
    rec.apply_text(r, "step0.preconditions.support", "nee, de directie twijfelt nog")
    return r


def _turnover_threshold():
    r = example_record("nl")
    rec.apply_text(r, "step7.suitability", "Een jaaromzet van minimaal € 5 miljoen; ISO 27001")
    return r


def _need_is_a_solution():
    r = example_record("nl")
    r.step0.need = "We willen een chatbot die vragen van inwoners over vergunningen beantwoordt."
    return r


SCENARIOS = {
    "need_names_solution": _need_is_a_solution,
    "judged_before_change": _requirement_changed_after_judging,
    "scale_up_requirement_not_met": _scale_up_despite_unmet_requirement,
    "scale_up_criterion_not_met": _scale_up_despite_unmet_criterion,
    "mandate_below_budget": _mandate_below_budget,
    "budget_below_ceiling": _budget_below_ceiling,
    "mandate_below_secured_budget": _mandate_below_secured_budget,
    "pm_funding_missing": _pm_funding_no,
    "financial_cover_missing": lambda: _example_with("step6.financial_cover", "nee, nog geen dekking voor de opschaling"),
    "upkeep_not_arranged": lambda: _example_with("step10.keeping_current", "Not sure yet; probably the supplier"),
    "precondition_missing": _precondition_missing,
    # asked whether it lasts the whole trajectory, a yes for part of it passed without a word
    "mandate_not_lasting": lambda: _example_with("step0.preconditions.mandate",
                                                 "ja, maar alleen tot de marktconsultatie; daarna is een nieuw besluit nodig"),
    "strict_suitability": _turnover_threshold,
    "criterion_not_measurable": _criterion_without_target,
    "criterion_unknown_requirement": _criterion_unknown_requirement,
    "procedure_strategy_mismatch": _sbir_with_direct_purchase,
    "procedure_strategy_mismatch_open": _partnership_with_open_tender,
    "procedure_without_strategy": _procedure_without_strategy,
    "sbir_for_mature_technology": _sbir_for_market_ready_candidates,
    "criteria_weights_not_100": _weights_not_100,
    "purchase_without_tender": _sbir_then_a_contract_with_the_supplier,
    "outcomes_incomplete": _outcome_missing,
    "ip_missing": _no_ip,
    "vendor_lock_in_missing": _no_lock_in,
    "requirement_unjudged": _unjudged,
    "scale_up_without_positive_verdict": _scale_up_after_stop,
    # the council turned scaling up down, and the verdict was to scale up: nothing was said
    "scale_up_without_support": lambda: _example_with("step9.support", "Nee: de raad heeft opschaling afgewezen"),
    "too_many_requirements": _too_many,
    "aspects_missing": _aspect_missing,
    "ai_without_rights_check": _ai_without_rights,
    # the box was filled, so nothing was said of a large impact left without a measure
    "large_impact_without_measure": lambda: _example_with(
        "step2.rights.privacy", "Groot: de camera's leggen gezichten van voorbijgangers vast"),
}


@pytest.mark.parametrize(("note", "lasting"), [
    # a later phase that needs a new decision: step 0's own example said so, and passed
    ("tot en met de evaluatie; opschaling vraagt een nieuw besluit", False),
    ("up to the evaluation; scaling up needs a new decision", False),
    ("voor de opschaling is een nieuw besluit nodig", False),
    ("scaling up requires fresh approval", False),
    ("voor het hele traject, tot en met de opschaling; er is geen nieuw besluit nodig", True),
    ("the whole trajectory; scaling up doesn't need a new decision", True),
    ("het college heeft een nieuw besluit genomen dat tot en met de opschaling geldt", True),
])
def test_a_mandate_that_needs_a_new_decision_later_does_not_last(note, lasting):
    r = _example_with("step0.preconditions.mandate", f"ja, {note}")
    assert ("mandate_not_lasting" not in ids(r)) is lasting


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_questions_example_sets_off_no_check_of_its_own(lang):
    # step 0's example of the mandate ("… tot en met de evaluatie; opschaling vraagt een nieuw
    # besluit") was the very answer mandate_not_lasting warns about: an example models a good answer
    from assistant.plan.conversation.answers import choice_text, split_list_answer
    from assistant.plan.steps import load_plan

    fired = []
    for step in load_plan(lang):
        for q in step.questions:
            if not q.example:
                continue
            r = example_record(lang)  # complete, no check open: the example is the one answer changed
            if q.kind == "list":  # one more line of the list
                for entry in split_list_answer(q.example, q.field):
                    rec.apply_text(r, q.field, entry)
            else:
                rec.apply_text(r, q.field, choice_text(q, q.example) if q.kind == "choice" else q.example)
            fired += [(q.field, c.id) for c in run_checks(r)
                      if c.field == q.field or c.field.startswith(f"{q.field}.")]
    assert fired == []


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_check_fires_alone(name):
    found = ids(SCENARIOS[name]())
    expected = name.removesuffix("_open")
    if name == "requirement_unjudged":
        assert sorted(found) == ["criterion_unjudged", "requirement_unjudged"]
    else:
        assert found == [expected]


@pytest.mark.parametrize("lang, label", [("nl", "(Handreiking · Stap 4)"), ("en", "(Handreiking · Step 4)")])
def test_a_check_names_its_step_in_the_interfaces_language(lang, label):
    # in English the record's checks ended "(Handreiking · Stap 4)": the step is the interface's
    # word, as "step 4" in the message before it; the guidance's title stays its own
    from assistant.plan.conversation.text import check_text

    c = run_checks(_criterion_without_target())[0]
    assert check_text(c, lang).endswith(label)


def test_criterion_check_fires_and_clears():
    r = _criterion_without_target()
    c = run_checks(r)[0]
    assert c.step == 4 and c.field == "step4.criteria" and c.entry_id == r.step4.criteria[0].id
    assert c.ref.section == "Stap 4"
    rec.edit_entry(r, "step4.criteria", c.entry_id, {"target": "score 4 of hoger op een schaal van 5"})
    # measurable now, and its verdict was given before it had this target: to be given again
    assert ids(r) == ["judged_before_change"]
    rec.judge(r, c.entry_id, text="voldaan — score 4,2")
    assert run_checks(r) == []


def test_unknown_requirement_clears_when_the_requirement_is_added():
    r = _criterion_unknown_requirement()
    assert ids(r) == ["criterion_unknown_requirement"]
    rec.edit_entry(r, "step4.criteria", r.step4.criteria[0].id, {"requirement": "Alle wijken krijgen dezelfde servicegraad"})
    assert ids(r) == []


def test_procedure_checks_fire_and_clear():
    r = _sbir_with_direct_purchase()
    c = run_checks(r)[0]
    assert c.step == 7 and c.field == "step7.procedure"
    assert "reguliere aanbesteding" in c.message("nl") and "regular tender" in c.message("en")
    # the statement is "Innovatiepartnerschap in praktijk"'s, not the ten-step plan's, with its hedge
    assert "mag de oplossing in beginsel niet direct worden ingekocht" in c.message("nl")
    assert "may, as a rule, not be bought directly" in c.message("en")
    assert c.ref.doc_id == "001_612382e3c074afb7" and c.ref.label().startswith("Innovatiepartnerschap in praktijk · ")
    assert c.ref.label("en").endswith("(fewer wildfires through smart use of data)")
    source = normalise_guidance_text((DEFAULT_CORPUS_DIR / f"{c.ref.doc_id}.txt").read_text(encoding="utf-8"))
    assert c.ref.quote in source and "in beginsel" in c.ref.quote
    r.step7.procedure = Procedure.PRIJSVRAAG
    assert run_checks(r) == []
    r.step7.procedure = Procedure.PROEFTUIN
    assert ids(r) == ["procedure_strategy_mismatch"]
    r.step6.procurement_strategy = ProcurementStrategy.OPEN_TENDER
    assert ids(r) == []
    r.step6.procurement_strategy = None
    assert ids(r) == ["procedure_without_strategy"]
    r.step7.procedure = None
    assert "procedure_without_strategy" not in ids(r)


def test_sbir_for_market_ready_candidates_fires_and_clears_and_quotes_the_guidance():
    r = _sbir_for_market_ready_candidates()
    [c] = run_checks(r)
    assert (c.step, c.field, c.ref.section) == (7, "step7.procedure", "Stap 7")
    assert "Vulgraadsensoren (TRL 8)" in c.message("nl") and "Beeldherkenning (AI) voor bijplaatsingen (TRL 9)" in c.message("nl")
    # the wording it quotes is the guidance's own: what pre-commercial procurement buys
    report = normalise_guidance_text((DEFAULT_CORPUS_DIR / f"{PRE_COMMERCIAL_DOC_ID}.txt").read_text(encoding="utf-8"))
    assert PRE_COMMERCIAL_WORDS in report
    assert f"“{PRE_COMMERCIAL_WORDS}”" in c.message("nl") and f"“{PRE_COMMERCIAL_WORDS}”" in c.message("en")
    r.step2.assessments[1].trl = 7  # one candidate still to develop
    assert ids(r) == []
    r.step2.assessments[1].trl = None  # a TRL not known: no word
    assert ids(r) == []
    r.step2.shortlist[1].reason = "getest bij twee gemeenten (TRL 9)"  # named with the candidate
    assert ids(r) == ["sbir_for_mature_technology"]
    r.step7.procedure = Procedure.PROEFTUIN
    assert ids(r) == []


@pytest.mark.parametrize("weights, fires", [
    (("(weging 40%)", "(gewicht 15%)", "(weging: 30%)"), True),
    (("(weging 40%)", "(gewicht 30%)", "(weging: 30%)"), False),
    (("gewicht 50%", "weight 25%", "weging 25 %"), False),
    (("(40%)", "(15%)", "(30%)"), True),  # a percentage alone after the name, the target apart
    (("(33,3%)", "(33,3%)", "(33,3%)"), False),
    (("(weging 40%)", "(weging 15%)", ""), False),  # a criterion without a weight: nothing to add up
])
def test_criteria_weights_that_do_not_add_up_to_100(weights, fires):
    r = example_record("nl")
    for criterion, weight in zip(r.step4.criteria, weights):
        criterion.text = f"{criterion.text} {weight}".strip()
        rec.find_judgement(r, criterion.id).ref_text = criterion.text
    assert ids(r) == (["criteria_weights_not_100"] if fires else [])
    if fires:
        [c] = run_checks(r)
        assert c.message("nl").startswith("De wegingen van de criteria tellen samen op tot 85%, niet tot 100%: "
                                          "Aantal ritten voor restafval (weging 40%), ")
        assert "Aantal ritten voor restafval (weight 40%), " in c.message("en")
        assert "add up to 85%" in c.message("en")


def test_a_criterions_weight_is_no_measurable_target():
    # "Koppeling met LCMS (weging 15%)" without a target passed as measurable: the weight's "%"
    r = example_record("nl")
    rec.apply_text(r, "step4.criteria", "Koppeling met LCMS (weging 15%)")
    assert "criterion_not_measurable" in ids(r)


def test_outcomes_ip_and_lock_in_clear_when_filled():
    r = _outcome_missing()
    rec.apply_text(r, "step5.unclear", "Pilot verlengen; wie: projectleider")
    assert ids(r) == []
    r = _no_ip()
    rec.apply_text(r, "step6.ip.ownership", "IE bij de gemeente")
    assert ids(r) == []
    r = _no_lock_in()
    rec.apply_text(r, "step6.ip.vendor_lock_in", "Open API en exitregeling")
    assert ids(r) == []


def test_step6_started_without_ip_fires_both():
    r = half_filled_record("nl")
    rec.apply_text(r, "step6.policy_changes", "Beleid aanpassen")
    assert {"ip_missing", "vendor_lock_in_missing"} <= set(ids(r))


def test_unjudged_items_clear_when_judged():
    r = _unjudged()
    checks = run_checks(r)
    assert {c.entry_id for c in checks} == {"req00001", "crit0002"}
    assert all(c.step == 9 and c.field == "step9.judgements" for c in checks)
    rec.apply_text(r, "step9.judgements.req00001", "voldaan — DPIA goedgekeurd")
    rec.judge(r, "crit0002", "deels", "84%")
    assert ids(r) == []


def test_step9_not_started_means_no_unjudged_warning():
    r = half_filled_record("nl")
    assert not any(c.step == 9 for c in run_checks(r))
    rec.apply_text(r, "step9.external_vs_own", "storing door het netwerk")
    unjudged = [c for c in run_checks(r) if c.step == 9]
    assert len(unjudged) == len(rec.judgement_items(r))


def test_scale_up_check_fires_and_clears():
    r = _scale_up_after_stop()
    c = run_checks(r)[0]
    assert c.step == 10 and c.field == "step9.verdict"
    assert "meer onderzoek nodig" in c.message("nl")
    r.step9.verdict = None
    assert "geen eindoordeel" in run_checks(r)[0].message("nl")
    r.step9.verdict = FinalVerdict.SCALE_UP
    assert run_checks(r) == []
    r = example_record("nl")
    r.step10 = rec.Step10()
    r.step9.verdict = FinalVerdict.STOP
    assert run_checks(r) == []  # step 10 not started: no nagging


def test_too_many_requirements_threshold():
    r = example_record("nl")
    while len(r.step3.requirements) < MAX_MINIMUM_REQUIREMENTS:
        rec.add_entry(r, "step3.requirements", "Nog een eis (data)")
    assert "too_many_requirements" not in ids(r)
    rec.add_entry(r, "step3.requirements", "Eén te veel (data)")
    assert "too_many_requirements" in ids(r)
    c = next(c for c in run_checks(r) if c.id == "too_many_requirements")
    assert str(MAX_MINIMUM_REQUIREMENTS + 1) in c.message("en")
    rec.remove_entry(r, "step3.requirements", r.step3.requirements[-1].id)
    assert "too_many_requirements" not in ids(r)


def test_ai_rights_check_fires_lists_missing_and_clears():
    r = _ai_without_rights()
    c = run_checks(r)[0]
    assert c.step == 2 and c.field == "step2.rights.dignity" and "staat nog niets" in c.message("nl")
    rec.apply_text(r, "step2.rights.dignity", "klein; maatregel: KCC blijft")
    c = run_checks(r)[0]
    assert "privacy" in c.message("en") and "human dignity" not in c.message("en")
    for right in ("autonomy", "privacy", "non_discrimination", "expression", "fair_trial"):
        rec.apply_text(r, f"step2.rights.{right}", "geen effect; maatregel: n.v.t.")
    assert ids(r) == []
    r = _ai_without_rights()
    r.step2.shortlist = [rec.ShortlistItem(name="Vulgraadsensoren", reason="volwassen")]
    assert ids(r) == []  # no AI on the shortlist: no rights warning


@pytest.mark.parametrize(("lang", "impact", "large"), [
    ("nl", "Groot: de camera's leggen gezichten vast", True),
    ("nl", "hoog risico op bias in de meldingen", True),
    ("nl", "de impact op privacy is aanzienlijk", True),
    ("nl", "ernstig, beelden van kentekens worden bewaard", True),
    ("en", "High: faces of passers-by are recorded", True),
    ("en", "the risk of bias is severe", True),
    ("en", "significant impact on privacy", True),
    ("nl", "geen grote impact, er worden geen personen herkend", False),
    ("nl", "het risico is niet hoog", False),
    ("nl", "klein: contact met bewoners blijft", False),
    ("nl", "beperkt; hoge resolutie is niet nodig", False),
    ("en", "no significant impact", False),
    ("en", "the impact isn't high", False),
    ("en", "low", False),
])
def test_a_large_rights_impact_without_a_measure_fires_and_clears_with_one(lang, impact, large):
    r = example_record(lang)
    rec.apply_text(r, "step2.rights.privacy", impact)
    assert ("large_impact_without_measure" in ids(r)) is large
    if large:
        (c,) = [c for c in run_checks(r) if c.id == "large_impact_without_measure"]
        assert c.step == 2 and c.field == "step2.rights.privacy"
        assert "privacy" in c.message(lang) and impact.split(":")[0] in c.message(lang)
        # "maatregel: geen" is no measure either; a measure named clears it
        rec.apply_text(r, "step2.rights.privacy", f"{impact}; maatregel: geen")
        assert "large_impact_without_measure" in ids(r)
        rec.apply_text(r, "step2.rights.privacy", f"{impact}; maatregel: beelden op het apparaat verwerkt")
        assert ids(r) == []


def test_scale_up_despite_a_requirement_not_met_fires_and_clears():
    r = _scale_up_despite_unmet_requirement()
    c = run_checks(r)[0]
    assert (c.step, c.field, c.entry_id) == (9, "step9.verdict", "req00002")
    assert "opschalen" in c.message("nl") and "niet voldaan" in c.message("nl")
    assert c.ref.section == "Stap 9"
    r.step9.verdict = FinalVerdict.MORE_RESEARCH  # the verdict follows the judgement
    assert ids(r) == ["scale_up_without_positive_verdict"]  # step 10 was already under way
    r = _scale_up_despite_unmet_requirement()
    rec.apply_text(r, "step9.judgements.req00002", "voldaan — koppeling hersteld")
    assert ids(r) == []


def test_scale_up_despite_a_criterion_not_met_clears_when_judged_partly():
    r = _scale_up_despite_unmet_criterion()
    c = run_checks(r)[0]
    assert c.entry_id == "crit0002" and "not met" in c.message("en")
    rec.judge(r, "crit0002", "partly", "84% within 48 hours")
    assert ids(r) == []


def test_mandate_below_budget_fires_and_clears():
    r = _mandate_below_budget()
    c = run_checks(r)[0]
    assert (c.step, c.field) == (3, "step3.budget_ceiling")
    assert "€ 100.000" in c.message("nl") and "€ 250.000" in c.message("nl")
    # in English as English writes it (it said "€ 100.000" there too)
    assert "€100,000" in c.message("en") and "€250,000" in c.message("en")
    rec.apply_text(r, "step0.preconditions.mandate", "ja, het college mandateert tot € 250.000")
    assert ids(r) == []
    rec.apply_text(r, "step0.preconditions.mandate", "ja, collegebesluit")  # no amount: no check
    assert ids(r) == []


def test_a_mandate_below_the_budget_is_said_until_the_ceiling_is_known():
    r = _mandate_below_secured_budget()
    c = run_checks(r)[0]
    assert (c.step, c.field) == (0, "step0.preconditions.mandate")
    assert "€ 250.000" in c.message("nl") and "€ 400.000" in c.message("nl")
    rec.apply_text(r, "step3.budget_ceiling", "€ 250.000")  # the trajectory needs no more
    assert ids(r) == []
    rec.apply_text(r, "step3.budget_ceiling", "€ 300.000")
    assert ids(r) == ["mandate_below_budget"]


@pytest.mark.parametrize("text, amount", [
    ("€ 300.000 uit het innovatiebudget", 300_000), ("1,2 miljoen euro", 1_200_000),
    ("EUR 2,5 mln", 2_500_000), ("€250k", 250_000), ("twee jaar, 3 mensen", None), ("", None),
    ("tot € 2 ton", 200_000), ("1,5 ton euro", 150_000),
    # the fields it reads are about money (a budget, a mandate, a ceiling): an amount with a unit
    # of money or written as one is an amount there, without the € ("ongeveer 4 ton" was none)
    ("ja, ongeveer 4 ton uit het mobiliteitsfonds", 400_000), ("ja, 400k", 400_000),
    ("ca. 400.000,-", 400_000), ("1,2 miljoen", 1_200_000), ("2026: 300.000", 300_000),
    ("ja, voor 2 jaar", None), ("3 fte", None), ("ja, in 2024", None),
    # the amount marked as the limit, not the largest: a later scale-up was read as the ceiling
    ("Maximaal € 250.000, later eventueel 600k voor opschaling", 250_000),
    ("max. 250k (opschaling: 1 miljoen)", 250_000), ("up to €300,000; scaling later €1m", 300_000),
    ("€ 200k nu, later 600k", 600_000),
    # with its cents, as a spreadsheet writes it (it was no amount, and the budget check was silent)
    ("ja, € 250.000,00 uit het innovatiebudget", 250_000), ("EUR 2.500,50", 2500.5), ("250.000,00", 250_000),
    ("€250,000.00", 250_000),
])
def test_money_amount(text, amount):
    assert money_amount(text) == amount


def test_pm_funding_no_fires_and_clears():
    r = _pm_funding_no()
    c = run_checks(r)[0]
    assert (c.step, c.field) == (3, "step3.pm_funding")
    assert "projectmanagement" in c.message("nl") and "project management" in c.message("en")
    rec.apply_text(r, "step3.pm_funding", "Ja, € 60.000 voor projectleiding")
    assert ids(r) == []


def test_missing_precondition_fires_from_its_answer_and_clears():
    r = _precondition_missing()
    c = run_checks(r)[0]
    assert (c.step, c.field) == (0, "step0.preconditions.support")
    assert "draagvlak" in c.message("nl") and "support" in c.message("en")
    rec.apply_text(r, "step0.preconditions.time", "nee, niemand is vrijgemaakt")
    assert "draagvlak en tijd" in run_checks(r)[0].message("nl")
    only_step0 = rec.new_record("x")
    only_step0.step0 = r.step0.model_copy(deep=True)
    assert only_step0.status(0) == "done"
    # step 0 done: said in its summary, as the conversation moves on (it came an answer later)
    assert ids(only_step0) == ["precondition_missing"]
    # and true while step 0's last, optional question is still asked ("toch gaat het traject
    # verder" was not)
    said = run_checks(only_step0)[0].message("nl")
    assert "Regel het voordat het traject verdergaat" in said and "toch gaat" not in said
    only_step0.step0.who = ""
    assert only_step0.status(0) != "done"
    # and while step 0 is still being answered: from the answer on, as a budget below the mandate
    # is (it came only with the first answer in step 1)
    assert ids(only_step0) == ["precondition_missing"]
    rec.apply_text(r, "step0.preconditions.support", "ja, de directie steunt het nu")
    rec.apply_text(r, "step0.preconditions.time", "ja, 0,6 fte vrijgemaakt")
    assert ids(r) == []


def test_strict_suitability_fires_and_clears():
    r = _turnover_threshold()
    c = run_checks(r)[0]
    assert (c.step, c.field) == (7, "step7.suitability")
    assert "omzet" in c.message("nl") and "turnover" in c.message("en")
    rec.apply_text(r, "step7.suitability", "Ervaring met één vergelijkbaar project; geen omzeteis")
    assert ids(r) == []
    # "vragen een minimum aan aantal medewerkers" named one of the two demands
    rec.apply_text(r, "step7.suitability", "Het bedrijf bestaat minimaal vijf jaar en heeft ten minste "
                                           "20 medewerkers in dienst")
    [c] = run_checks(r)
    assert c.message("nl").startswith("De geschiktheidseisen vragen een minimum aan jaren bestaan en aantal "
                                      "medewerkers. ")
    assert c.message("en").startswith("The suitability requirements ask for a minimum years in business and headcount. ")


@pytest.mark.parametrize("text, bars", [
    ("Minimale jaaromzet € 2 miljoen", ["omzet"]),
    ("a turnover of at least two million euros", ["omzet"]),
    ("Ten minste 10 jaar actief op de markt", ["jaren bestaan"]),
    ("Minimaal 50 medewerkers in dienst", ["aantal medewerkers"]),
    # the years after the verb, and two demands in one clause: each is named
    ("Het bedrijf bestaat minimaal vijf jaar en heeft ten minste 20 medewerkers in dienst",
     ["jaren bestaan", "aantal medewerkers"]),
    ("Operating for at least 5 years", ["jaren bestaan"]),
    ("Actief in 3 projecten per jaar", []),
    ("Geen omzeteis, wel 1 referentieproject", []),
    ("Ervaring met 2 vergelijkbare IoT-projecten", []),
    ("Een gezonde omzet", []),
])
def test_strict_suitability_bars(text, bars):
    assert [nl for nl, _en in strict_suitability_bars(text)] == bars


@pytest.mark.parametrize("text, expected", [
    ("90% binnen 48 uur", True), ("binnen 30 minuten", True), ("3 dagen", True),
    ("'goed' of hoger", True), ("good or better", True), ("score op een schaal van 1-5", True),
    ("halvering van de klachten", True), ("twee besturingssystemen", True),
    ("bewoners zijn tevreden", False), ("beter dan nu", False), ("", False),
    # one of a unit of time is a number ("binnen een uur" was called not measurable); an article is none
    ("binnen een uur", True), ("binnen één werkdag", True), ("within one working day", True),
    ("within an hour", True), ("een goede oplossing", False), ("een weekend weg", False),
])
def test_is_measurable(text, expected):
    assert is_measurable(text) is expected


@pytest.mark.parametrize("text, expected", [
    ("Beeldherkenning op camera's", True), ("AI voor routeplanning", True), ("machine learning", True),
    ("Kunstmatige intelligentie", True), ("Vulgraadsensoren", False), ("Blockchain", False),
    ("Daily route planning", False),
])
def test_mentions_ai(text, expected):
    assert mentions_ai(text) is expected


def test_readme_lists_every_check_with_its_guidance():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Controles / checks", 1)[1].split("\n## ", 1)[0]
    rows = {line.split("|")[1].strip().strip("`"): line for line in section.splitlines()
            if line.startswith("| `")}
    assert set(rows) == set(CHECK_IDS)
    for cid, ref in REFS.items():
        assert ref.section.split(" · ")[0] in rows[cid], cid


def test_checks_module_reads_the_record_by_its_fields_and_probes_nothing():
    """No getattr/hasattr on the record, no import inside a function, no ImportError or
    TypeError fallback: the record's types say what is there."""
    import ast

    from assistant.plan import checks

    tree = ast.parse(Path(checks.__file__).read_text(encoding="utf-8"))
    probes = [f"line {node.lineno}: {ast.unparse(node)[:60]}" for node in ast.walk(tree)
              if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
              and node.func.id in ("getattr", "hasattr")]
    functions = [node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)]
    probes += [f"line {node.lineno}: import in {fn.name}" for fn in functions
               for node in ast.walk(fn) if isinstance(node, ast.Import | ast.ImportFrom)]
    probes += [f"line {node.lineno}: except {ast.unparse(node.type)}" for node in ast.walk(tree)
               if isinstance(node, ast.ExceptHandler) and node.type is not None
               and {"ImportError", "TypeError"} & set(ast.unparse(node.type).replace(",", " ")
                                                        .replace("(", " ").replace(")", " ").split())]
    assert probes == []


def test_a_right_left_empty_is_named_in_the_order_of_the_box():
    r = example_record("nl")
    r.step2.shortlist[0].reason = "AI-model voorspelt de vulgraad"
    r.step2.rights.fair_trial.impact = ""
    r.step2.rights.fair_trial.mitigation = ""
    r.step2.rights.autonomy.impact = ""
    r.step2.rights.autonomy.mitigation = ""
    c = next(c for c in run_checks(r) if c.id == "ai_without_rights_check")
    assert c.field == "step2.rights.autonomy"
    assert "persoonlijke autonomie en recht op een eerlijk proces" in c.message("nl")


@pytest.mark.parametrize(("need", "named"), [
    ("We willen slimme verkeerslichten die de doorstroming verbeteren", "slimme verkeerslichten"),
    ("We want an AI chatbot to answer citizen questions about permits.", "AI"),
    ("Een app waarmee bewoners volle containers melden", "app"),
    ("Ondergrondse containers raken onvoorspelbaar vol; volle containers worden te laat geleegd", None),
    ("Bewoners wachten weken op antwoord over hun vergunning", None),
])
def test_a_need_that_names_a_solution_is_said_to(need, named):
    # "Beschrijf het vraagstuk, niet de oplossing": a chatbot as the need passed without a word
    from assistant.plan.checks import named_solution

    assert named_solution(need) == named
    r = rec.new_record("x")
    r.step0.need = need
    assert ("need_names_solution" in ids(r)) is (named is not None)


@pytest.mark.parametrize(("field", "answer", "fires"), [
    ("ownership", "Nog niet besloten, eerst juridisch advies inwinnen", "ip_missing"),
    ("ownership", "n.t.b.", "ip_missing"),
    ("vendor_lock_in", "nog niet geregeld", "vendor_lock_in_missing"),
    ("vendor_lock_in", "Not decided yet", "vendor_lock_in_missing"),
    ("vendor_lock_in", "Not sure yet. Probably an open API.", "vendor_lock_in_missing"),  # it cleared it
    ("ownership", "Weet ik niet, de jurist kijkt ernaar", "ip_missing"),
    ("vendor_lock_in", "Open dataformaat en open API", None),
    ("ownership", "Bij de ondernemer; wij krijgen een gebruiksrecht", None),
    # undecided later in the answer, or only guessed at
    ("ownership", "Dat moeten we nog met juridische zaken afstemmen, waarschijnlijk bij de leverancier met een "
                  "licentie voor ons", "ip_missing"),
    ("ownership", "Probably with the supplier, we license it", "ip_missing"),
    # put off, not thought of, left to a negotiation, "open": they passed
    ("ownership", "Daar hebben we nog niet over nagedacht", "ip_missing"),
    ("ownership", "Onderwerp van onderhandeling met de leverancier", "ip_missing"),
    ("ownership", "open", "ip_missing"),
    # the lock-in said to be there is no arrangement against it
    ("vendor_lock_in", "We zitten vast aan de leverancier; overstappen kan niet", "vendor_lock_in_missing"),
    ("vendor_lock_in", "We are locked in to the supplier; switching is not possible", "vendor_lock_in_missing"),
    # the owner named, the licences still open: it said the owner was not recorded
    ("ownership", "IE ligt bij de ondernemer; over de licentievoorwaarden is nog niet besloten", None),
])
def test_an_ip_or_lock_in_answer_that_says_nothing_is_decided_keeps_its_warning(field, answer, fires):
    # "Nog niet besloten" cleared the warning, and the export said the arrangements were in order
    r = example_record("nl")
    setattr(r.step6.ip, field, answer)
    assert ids(r) == ([fires] if fires else [])


@pytest.mark.parametrize(("answer", "partly"), [
    # part arranged, or a no: the checks on money read these as not (fully) arranged, this one passed them
    ("deels: open API afgesproken, exitregeling nog niet geregeld", True),
    ("Gedeeltelijk: open dataformaat, over de broncode is nog niets afgesproken", True),
    ("Partly: an open API, the exit arrangement is not agreed yet", True),
    ("nee, exitregeling nog niet geregeld", False),
    ("No.", False),
    ("open API afgesproken, exitregeling nog niet geregeld", False),
    # measures, also where "geen"/"no" belongs to what follows
    ("open standaarden, exitregeling en escrow afgesproken", None),
    ("Geen lock-in door open standaarden en een exitregeling", None),
    ("No vendor lock-in: open standards and an exit clause with data handover", None),
    ("No-code platform with an open API; exit arrangement with data handover in three months", None),
])
def test_a_lock_in_answer_that_says_no_or_part_only_is_not_enough(answer, partly):
    r = example_record("nl")
    r.step6.ip.vendor_lock_in = answer
    checks = run_checks(r)
    assert [c.id for c in checks] == ([] if partly is None else ["vendor_lock_in_missing"])
    if partly is not None:
        # "deels: open API afgesproken" was not told that there are no arrangements yet
        assert ("maar deels geregeld" in checks[0].message("nl")) is partly
        assert ("only partly arranged" in checks[0].message("en")) is partly
        assert ("nog geen afspraken" in checks[0].message("nl")) is not partly


@pytest.mark.parametrize("answer", [
    "Deels: € 40.000 voor projectleiding in 2025, voor 2026-2027 nog niet",
    # a yes limited at once, or with what comes after unknown, passed without a word
    "ja, maar alleen voor het eerste jaar; daarna onbekend", "Yes, but only for 2025",
    "Ja, € 50.000 voor 2025; 2026 is nog onduidelijk",
])
def test_project_funding_in_part_only_is_no_funding_up_to_step_10(answer):
    r = example_record("nl")
    r.step3.pm_funding = answer
    assert ids(r) == ["pm_funding_missing"]


@pytest.mark.parametrize("answer", ["Ja, € 60.000 voor projectleiding", "ja, maar via het programmabudget",
                                    "Yes, fully covered until 2027"])
def test_project_funding_said_arranged_passes(answer):
    r = example_record("nl")
    r.step3.pm_funding = answer
    assert ids(r) == []


def test_scaling_up_with_a_minimum_requirement_met_in_part_is_said():
    r = example_record("nl")
    requirement = r.step3.requirements[0]
    rec.find_judgement(r, requirement.id).verdict = rec.JudgementVerdict.PARTLY
    checks = run_checks(r)
    assert [c.id for c in checks] == ["scale_up_requirement_not_met"] and "is deels voldaan" in checks[0].message("nl")
    criterion = r.step4.criteria[0]
    rec.find_judgement(r, requirement.id).verdict = rec.JudgementVerdict.MET
    rec.find_judgement(r, criterion.id).verdict = rec.JudgementVerdict.PARTLY
    assert ids(r) == []  # a criterion met in part is weighed, not a hard limit


def test_a_requirement_changed_after_it_was_judged_asks_to_judge_it_again_and_clears():
    r = _requirement_changed_after_judging()
    checks = run_checks(r)
    assert [c.id for c in checks] == ["judged_before_change"]
    assert "De minimale eis “" in checks[0].message("nl")
    assert "is gewijzigd nadat stap 9 het beoordeelde" in checks[0].message("nl")
    rec.find_judgement(r, r.step3.requirements[0].id).ref_text = r.step3.requirements[0].text
    assert ids(r) == []


def test_a_criterion_whose_target_changed_after_it_was_judged_asks_to_judge_it_again():
    # "voldaan — 28% minder ritten" was measured against 25%; with 30% as the target it stood
    # beside the new target without a word
    r = example_record("nl")
    criterion = r.step4.criteria[0]
    rec.edit_entry(r, "step4.criteria", criterion.id, {"target": "30% minder ritten bij gelijke servicegraad"})
    [check] = run_checks(r)
    assert (check.id, check.entry_id) == ("judged_before_change", criterion.id)
    assert "(toen: “Aantal ritten voor restafval; doel: 25% minder ritten bij gelijke servicegraad”, voldaan)" \
        in check.message("nl")
    assert "target: 25% fewer trips" not in check.message("en") and "target: 25% minder ritten" in check.message("en")
    rec.judge(r, criterion.id, text="deels — 28% minder ritten")
    assert ids(r) == []


def test_a_criterion_judged_again_only_after_a_change_its_verdict_was_measured_against():
    r = example_record("nl")
    criterion = r.step4.criteria[0]
    # spaces and case, a weight, a link: the verdict stands
    rec.edit_entry(r, "step4.criteria", criterion.id, {"target": "  25% MINDER ritten bij gelijke servicegraad",
                                                       "weight": "40%", "requirement": "4"})
    assert ids(r) == []
    # a record exported before judgements kept a target: nothing to compare with, no false alarm
    rec.find_judgement(r, criterion.id).ref_target = None
    rec.edit_entry(r, "step4.criteria", criterion.id, {"target": "30% minder ritten"})
    assert ids(r) == []


def test_a_check_names_a_requirement_whole_and_never_cuts_a_word():
    r = example_record("nl")
    long = "Installatie voldoet aan de Waterwet, de keur van het waterschap en de Omgevingswet (juridisch)"
    r.step3.requirements[0].text = long
    judgement = rec.find_judgement(r, r.step3.requirements[0].id)
    judgement.ref_text, judgement.verdict = long, rec.JudgementVerdict.NOT_MET
    assert f"“{long}”" in run_checks(r)[0].message("nl")


@pytest.mark.parametrize(("path", "answer", "fires"), [
    ("step6.financial_cover", "nee, nog geen dekking voor de opschaling", "financial_cover_missing"),
    ("step6.financial_cover", "no, not arranged yet", "financial_cover_missing"),
    ("step6.financial_cover", "Deels: 2027 in de begroting, beheer nog niet", "financial_cover_missing"),
    ("step6.financial_cover", "Opgenomen in de meerjarenbegroting 2027", None),
    # said in other words: a reply that says what is missing, and a "no" that reassures
    ("step6.financial_cover", "There is no budget for it yet", "financial_cover_missing"),
    ("step6.financial_cover", "We have not arranged it", "financial_cover_missing"),
    ("step6.financial_cover", "pending council decision in March", "financial_cover_missing"),
    ("step6.financial_cover", "No problem, fully covered by the 2027 multi-year budget", None),
    ("step10.keeping_current", "Nothing arranged yet", "upkeep_not_arranged"),
    ("step10.keeping_current", "No worries, a four-year maintenance contract is signed and budgeted", None),
    ("step10.keeping_current", "nee, niet geregeld", "upkeep_not_arranged"),
    ("step10.keeping_current", "Beheercontract voor vier jaar; budget in de begroting", None),
    # still to be done, said later in the answer, passed without a word
    ("step6.financial_cover", "Moet nog in de begroting 2027 komen, het AB beslist in november",
     "financial_cover_missing"),
    ("step10.keeping_current", "Beheercontract met de leverancier voor 4 jaar, maar het budget daarvoor is er nog niet",
     "upkeep_not_arranged"),
    ("step6.financial_cover", "The council still has to approve it in March", "financial_cover_missing"),
])
def test_a_scale_up_without_money_to_pay_or_keep_it_is_said(path, answer, fires):
    # "nee, nog niet geregeld" for the scale-up's cover and for keeping the technology up to
    # date left steps 6 and 10 done, with no check
    r = example_record("nl")
    rec.apply_text(r, path, answer)
    assert ids(r) == ([fires] if fires else [])


@pytest.mark.parametrize(("path", "answer", "fires"), [
    ("step6.financial_cover", "deels, de eerste tranche zit in de begroting 2027, de rest nog niet",
     "financial_cover_missing"),
    ("step10.keeping_current", "gedeeltelijk: beheercontract voor twee jaar, daarna nog open", "upkeep_not_arranged"),
    ("step3.pm_funding", "gedeeltelijk, alleen het eerste jaar", "pm_funding_missing"),
    ("step3.pm_funding", "Ja, maar alleen voor 2025", "pm_funding_missing"),
    ("step6.financial_cover", "Partly: the first tranche is in the 2027 budget", "financial_cover_missing"),
])
def test_money_said_partly_arranged_is_said_to_be_partly_arranged(path, answer, fires):
    # "deels, de eerste tranche zit in de begroting" was told the cover "is nog niet geregeld",
    # and "gedeeltelijk, alleen het eerste jaar" that there is no funding
    r = example_record("nl")
    rec.set_field(r, path, answer)
    checks = run_checks(r)
    assert [c.id for c in checks] == [fires]
    assert "maar deels geregeld" in checks[0].message("nl") and "only partly arranged" in checks[0].message("en")
    for said in ("nog niet geregeld", "Er is geen", "not arranged yet", "There is no"):
        assert said not in checks[0].message("nl") + checks[0].message("en")


@pytest.mark.parametrize(("path", "answer"), [
    ("step6.financial_cover", "nee, nog geen dekking"), ("step10.keeping_current", "nog niet geregeld"),
    ("step3.pm_funding", "nee"),
])
def test_money_not_arranged_at_all_is_not_said_to_be_partly_arranged(path, answer):
    r = example_record("nl")
    rec.set_field(r, path, answer)
    checks = run_checks(r)
    assert len(checks) == 1 and "deels" not in checks[0].message("nl") and "partly" not in checks[0].message("en")


def test_requirements_without_an_aspect_are_said_to_have_none_not_the_aspects_to_be_missing():
    # "Nog geen eis voor: … juridisch …" beside "Voldoet aan de AVG" read as a false statement;
    # a tag in the requirement's own words ("(uitlegbaarheid)") counted as no aspect
    r = example_record("nl")
    r.step3.requirements = []
    for line in ("Voldoet aan de AVG", "Monteurs kunnen de voorspelling uitleggen (uitlegbaarheid)",
                 "Koppeling met SCADA via open standaard (interoperabiliteit)"):
        rec.add_entry(r, "step3.requirements", line)
    assert [x.aspect for x in r.step3.requirements] == [None, rec.Aspect.ETHICAL, rec.Aspect.TECHNICAL]
    check = next(c for c in run_checks(r) if c.id == "aspects_missing")
    assert check.message("nl").startswith("1 van de 3 eisen heeft nog geen aspect")
    assert "nog geen eis aangeduid als: data, juridisch en publieke waarden" in check.message("nl")
    assert check.message("en").startswith("1 of the 3 requirements has no aspect yet")
    # in words that read well: "…, dus niet te zien is welke …" was awkward Dutch
    assert "nog geen aspect, zodat niet te zien is welke aspecten de eisen dekken" in check.message("nl")
    assert "no aspect yet, so it cannot be seen which aspects the requirements cover" in check.message("en")
    rec.edit_entry(r, "step3.requirements", r.step3.requirements[0].id, "Voldoet aan de AVG (juridisch)")
    check = next(c for c in run_checks(r) if c.id == "aspects_missing")
    assert check.message("nl").startswith("Nog geen eis voor: data en publieke waarden")



@pytest.mark.parametrize("answer, fires", [
    # "Niet nodig: …" read as "nee" (the English "Not needed: …" did not)
    ("Niet nodig: de leverancier financiert de opschaling, wij betalen per vak per maand", False),
    ("Not needed: the supplier funds the scale-up", False),
    ("Dat regelen we later wel", True), ("We will sort that out later", True),
])
def test_financial_cover_not_needed_is_no_missing_cover_and_put_off_is(answer, fires):
    r = example_record("nl")
    r.step6.financial_cover = answer
    assert ("financial_cover_missing" in ids(r)) is fires


@pytest.mark.parametrize("typed, value", [
    # "n.v.t." became "nee, v.t., …": the text changed, and a missing precondition was warned of
    ("n.v.t., de provincie betaalt alles", None), ("niet nodig, de provincie betaalt", None),
    ("geen probleem, € 400.000 is gereserveerd", True), ("no problem, it is reserved", True),
    ("nee, niemand", False), ("geen budget", False),
])
def test_a_precondition_not_applicable_or_no_problem_is_no_nee(typed, value):
    from assistant.plan.record import parse_bool

    read, text = parse_bool(typed)
    assert read is value
    if value is None:
        assert text == typed  # kept as typed


@pytest.mark.parametrize("ceiling", ["1,2M", "€1.2M", "1.2M EUR", "€ 1,2 mln"])
def test_a_ceiling_written_with_a_capital_m_is_an_amount(ceiling):
    # "1,2M" was no amount: the mandate below it passed without a word
    r = example_record("nl")
    rec.apply_text(r, "step0.preconditions.mandate", "ja, mandaat tot € 450.000")
    rec.apply_text(r, "step3.budget_ceiling", ceiling)
    assert "mandate_below_budget" in ids(r)


@pytest.mark.parametrize("need, fires", [
    ("Bezoekers zoeken lang naar een plek. We hebben bewust nog geen oplossing gekozen: geen sensoren, geen app.", False),
    ("Het kost tijd en geeft fijnstof. Een dashboard is niet het doel.", False),
    ("We deliberately have not chosen a solution: no sensors, no app.", False),
    ("Bewoners klagen via de Fixi-app over zwerfafval naast de containers", False),
    ("Via een app willen we bewoners informeren over volle containers", True),
    ("We willen sensoren in de containers", True),
])
def test_a_need_that_rules_a_technology_out_names_no_solution(need, fires):
    r = example_record("nl")
    r.step0.need = need
    assert ("need_names_solution" in ids(r)) is fires


@pytest.mark.parametrize("candidate", ["Kentekenherkenning (ANPR) op scanauto's", "Slimme camera's bij de kruispunten"])
def test_number_plate_recognition_and_smart_cameras_are_ai(candidate):
    from assistant.plan.checks import _AI_RE

    assert _AI_RE.search(candidate)



def test_placeholders_do_not_work_an_outcome_out():
    # "nog niet uitgewerkt" or "n.v.t." as an outcome passed as worked out
    for placeholder in ("nog niet uitgewerkt", "n.v.t.", "not applicable"):
        r = example_record("nl")
        rec.apply_text(r, "step5.unclear", placeholder)
        assert "outcomes_incomplete" in ids(r), placeholder


@pytest.mark.parametrize(("field", "answer", "put_off"), [
    # the outcome's own name as the answer's label, as the step data names it: no vagueness
    ("step5.unclear", "Onduidelijk: extra testperiode van 3 maanden op twee routes", False),
    ("step5.unclear", "Uitkomst 3, onduidelijk: extra testperiode van 3 maanden op twee routes", False),
    ("step5.unclear", "Unclear: a further test period of 3 months on two routes", False),
    ("step5.success", "Succes: opschalen naar alle wijken", False),
    ("step5.failure", "Mislukt: we stoppen en schrijven de lessen op", False),
    # after the label, a placeholder is still a placeholder; another outcome's name is no label
    ("step5.unclear", "Onduidelijk: nog niet uitgewerkt", True),
    ("step5.unclear", "Onduidelijk:", True),
    ("step5.success", "Onduidelijk: dat zien we dan wel", True),
])
def test_an_outcome_labelled_with_its_own_name_is_judged_on_what_follows(field, answer, put_off):
    # "Onduidelijk: extra testperiode …" at "Uitkomst 3, onduidelijk" was said to only say that it
    # still had to be worked out: its label read as "onduidelijk" (not known yet)
    r = example_record("nl")
    rec.apply_text(r, field, answer)
    assert ("outcomes_incomplete" in ids(r)) is put_off


@pytest.mark.parametrize("target, measurable", [
    ("duidelijk beter dan in fase 1", False), ("beter dan in stap 2", False), ("95% uptime", True),
    ("in fase 2 binnen 48 uur", True)])
def test_a_number_that_names_a_phase_is_no_target(target, measurable):
    from assistant.plan.checks import is_measurable

    assert is_measurable(target) is measurable


def test_a_year_a_supplier_must_exist_since_shuts_out_start_ups():
    r = example_record("nl")
    rec.apply_text(r, "step7.suitability", "Het bedrijf moet sinds 2015 bestaan")
    assert "strict_suitability" in ids(r)


def test_a_check_names_what_to_fix_and_where():
    # "verwijst naar eis …, maar die staat niet in stap 3" said neither which line nor how; "Uw
    # shortlist bevat AI" not which candidate
    r = _criterion_unknown_requirement()
    (found,) = [c for c in run_checks(r) if c.id == "criterion_unknown_requirement"]
    line = next(i for i, c in enumerate(r.step4.criteria, 1) if c.id == found.entry_id)
    assert f"`/wijzig {line} … eis: N`" in found.message("nl") and f"`/edit {line} … requirement: N`" in found.message("en")
    r = _ai_without_rights()
    (found,) = [c for c in run_checks(r) if c.id == "ai_without_rights_check"]
    assert "(“Beeldherkenning (AI) voor bijplaatsingen”)" in found.message("nl")


@pytest.mark.parametrize("typed, value", [
    # "Partly - …" and "not really" were stored as open: step 0 never completed, and no check fired
    ("Partly - a project lead two days a week until Q3 2027", False), ("not really", False),
    ("deels, alleen voor 2025", False), ("not sure yet, the alderman decides", None)])
def test_a_precondition_partly_there_or_not_really_is_missing(typed, value):
    from assistant.plan.record import parse_bool

    read, note = parse_bool(typed)
    assert read is value
    if value is False and typed.lower().startswith(("partly", "deels")):
        assert note == typed  # the "partly" stays in what is shown


def test_a_precondition_there_in_part_is_shown_as_typed_and_said_to_be_partly_arranged():
    # "Deels: een projectleider …" was shown as "nee, Deels: …", a no never typed, and the check
    # said the time was missing
    r = example_record("nl")
    typed = "Deels: een projectleider voor 0,5 fte tot Q2 2027, maar de data-analist is nog niet vrijgemaakt."
    rec.apply_text(r, "step0.preconditions.time", typed)
    assert rec.format_value(r.step0.preconditions.time, "nl") == typed
    (found,) = [c for c in run_checks(r) if c.id == "precondition_missing"]
    assert "Volgens stap 0 is tijd nog maar deels geregeld." in found.message("nl")
    assert "Step 0 says time is only partly arranged." in found.message("en")
    rec.apply_text(r, "step0.preconditions.budget", "nee, er is nog niets gereserveerd")
    assert rec.format_value(r.step0.preconditions.budget, "nl") == "nee, er is nog niets gereserveerd"
    (found,) = [c for c in run_checks(r) if c.id == "precondition_missing"]
    assert "Volgens stap 0 ontbreekt nog budget, en is tijd nog maar deels geregeld." in found.message("nl")
    assert "budget is missing, and time is only partly arranged." in found.message("en")
    rec.apply_text(r, "step0.preconditions.support", "Partly - the director, not yet the council")
    assert rec.format_value(r.step0.preconditions.support, "en") == "Partly - the director, not yet the council"


@pytest.mark.parametrize("answer", ["We'll sort that out with the supplier later.", "we'll decide later", "later",
                                    "n/a", "we'll see"])
def test_the_ip_owner_put_off_in_english_keeps_its_warning(answer):
    # they passed as if the owner were recorded
    r = example_record("en")
    rec.apply_text(r, "step6.ip.ownership", answer)
    assert "ip_missing" in ids(r)


@pytest.mark.parametrize("answer", ["n/a", "TBD", "not worked out yet", "we'll see"])
def test_an_outcome_put_off_in_english_is_not_worked_out(answer):
    r = example_record("en")
    rec.apply_text(r, "step5.unclear", answer)
    assert "outcomes_incomplete" in ids(r)


def test_a_right_whose_impact_is_put_off_is_still_to_map():
    r = _ai_without_rights()
    filled = example_record("nl").step2.rights
    r.step2.rights = filled.model_copy(deep=True)
    assert "ai_without_rights_check" not in ids(r)
    rec.apply_text(r, "step2.rights.fair_trial", "we will sort it out later")
    assert "ai_without_rights_check" in ids(r)


@pytest.mark.parametrize(("answer", "mapped"), [
    # "n.v.t." was counted missing ("de grondrechtentoets mist nog: … recht op een eerlijk proces"),
    # though the question's own example reads "Geen effect: …; maatregel: niet van toepassing"
    ("n.v.t.", True), ("niet van toepassing", True), ("geen effect", True), ("not applicable", True),
    ("n/a", True), ("none", True),
    ("later", False), ("weet ik niet", False), ("n.v.t., zien we later wel", False)])
def test_a_right_said_not_to_apply_is_mapped_and_one_put_off_is_not(answer, mapped):
    r = _ai_without_rights()
    r.step2.rights = example_record("nl").step2.rights.model_copy(deep=True)
    rec.apply_text(r, "step2.rights.fair_trial", answer)
    assert ("ai_without_rights_check" not in ids(r)) is mapped


def test_what_is_open_counts_a_steps_required_questions_apart_from_its_checks():
    # the steps list counted the required questions left open beside the checks, the export only
    # the checks: "0 Need ⚠1, 3 Minimum re… ⚠2, 4 Criteria ⚠1" beside "Open checks: 2"
    from assistant.plan.open_items import open_items

    r = rec.new_record("x")
    rec.apply_text(r, "step0.need", "Wachtrijen bij kruispunten")
    rec.apply_text(r, "step0.who", "Automobilisten")
    rec.apply_text(r, "step3.requirements", "AVG-conform (juridisch)\nOpen API (technisch)\nUitlegbaar (ethisch)")
    rec.apply_text(r, "step4.criteria", "Bewoners zijn tevreden")
    found = open_items(r)
    assert [(items.step, items.required, [c.id for c in items.checks]) for items in found.steps] == [
        (0, ("step0.why_digital", "step0.preconditions.support", "step0.preconditions.time",
             "step0.preconditions.budget", "step0.preconditions.mandate"), []),
        (3, ("step3.budget_ceiling", "step3.pm_funding", "step3.timeline", "step3.expertise"), ["aspects_missing"]),
        (4, ("step4.deliverables",), ["criterion_not_measurable"])]
    assert (found.required, found.checks) == (10, 2) and found.of_step(4).count == 2 and found.of_step(1).count == 0
    # a required question a check of the step is about is counted once, as the check
    r = example_record("nl")
    r.step6.ip.ownership = ""
    assert [(items.step, items.required, [c.id for c in items.checks]) for items in open_items(r).steps] == [
        (6, (), ["ip_missing"])]


def test_an_outcome_answered_as_a_placeholder_is_not_called_open_and_one_not_reached_waits():
    # "no idea yet, need to discuss with legal" was stored and the step done, while the check
    # said "still open: failure"; and it stood in the Controles after step 5's first answer
    from assistant.plan.open_items import open_items

    r = example_record("en")
    rec.apply_text(r, "step5.failure", "no idea yet, need to discuss with legal")
    assert r.status(5) == "done"
    said = next(c for c in run_checks(r) if c.id == "outcomes_incomplete").message("en")
    assert "still open" not in said and "the answer only says it is still to be worked out: failure" in said
    fresh = rec.new_record("x")
    rec.apply_text(fresh, "step5.success", "We scale up; who: the project lead")
    assert ids(fresh) == ["outcomes_incomplete"]  # the record as it stands (/dossier, the exports)
    assert open_items(fresh, answering=5).of_step(5).checks == ()  # failure and unclear still to come
    assert [c.id for c in open_items(fresh, answering=6).of_step(5).checks] == ["outcomes_incomplete"]


#: What only the app understands: a command ("/stap 4", "/edit 1"), code marks, a keyed part to
#: type ("'doel: …'", "requirement: N") or where to type the aspect ("tussen haakjes achter de eis")
APP_SYNTAX = re.compile(r"(?<![\w/])/[a-z]+\b|`|\b\w+: (?:…|N\b)|haakjes achter|brackets after", re.I)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_checks_message_for_a_document_says_what_to_fix_in_words(lang):
    # the export said "Add 'target: …'" and "/step 4, then /edit 1 … requirement: N" to a
    # steering group; the app's Controles keep the commands
    def aspects_none():
        r = example_record("nl")
        r.step3.requirements = [x for x in r.step3.requirements if x.aspect is not rec.Aspect.LEGAL]
        return r

    found = [check for make in (*SCENARIOS.values(), aspects_none) for check in run_checks(make())]
    in_app = [c for c in found if APP_SYNTAX.search(c.plain_message(lang))]
    # what to type stays in the app
    assert {c.id for c in in_app} == {"criterion_not_measurable", "criterion_unknown_requirement", "aspects_missing",
                                      "large_impact_without_measure"}
    for check in found:
        assert not APP_SYNTAX.search(check.document_message(lang)), check.document_message(lang)
        # and it still says what is wrong, as the app does
        assert check.document_message(lang).split(".")[0] == check.plain_message(lang).split(".")[0]


def test_judgements_not_given_yet_wait_while_step_9_is_asked_and_count_once_it_is_left():
    # "… heeft nog geen oordeel" counted ⚠ down while step 9 was being judged: it is about
    # step9.judgements, which is missing while any judgement is (no filter of its own needed)
    from assistant.plan.checks import UNJUDGED
    from assistant.plan.open_items import open_items

    r = example_record("nl")
    for j in r.step9.judgements[1:3]:
        j.verdict = None
    unjudged = [c for c in run_checks(r) if c.id in UNJUDGED]
    assert len(unjudged) == 2 and {c.field for c in unjudged} <= set(rec.missing_fields(r, 9))
    assert not [c for c in open_items(r, answering=9).of_step(9).checks if c.id in UNJUDGED]
    assert [c.id for c in open_items(r, answering=10).of_step(9).checks if c.id in UNJUDGED] == \
        [c.id for c in unjudged]
    assert open_items(r, answering=10).of_step(9).required == ()  # said by the checks, not twice


@pytest.mark.parametrize("answer", [
    "Bij de ondernemer; wij krijgen een eeuwigdurende gebruikslicentie",
    "Het IE blijft bij de deelnemers, het waterschap krijgt een niet-exclusieve licentie",
    "Bij ons",
    "Verdeeld: software bij de leverancier, data en rapporten bij het waterschap",
    "Gezamenlijk eigendom van opdrachtgever en opdrachtnemer",
    "De gemeente wordt eigenaar van alle resultaten",
    "Conform ARBIT: de rechten komen toe aan de opdrachtgever",
    "Open source onder EUPL",
    "De ondernemers houden het IE",
    "IE gaat over naar de deelnemers",
    "With the supplier; we get a perpetual non-exclusive licence",
    "The water board owns everything that is developed",
    "Shared between us and the participants",
    "It stays with the entrepreneur",
    "Ours",
    "Jointly owned",
    "The municipality, with a usage right for the vendor",
    "Remains with the developers, the city gets a license",
    "Transferred to the contracting authority on delivery",
    "We keep the IP; the participants may reuse it",
])
def test_an_ip_answer_that_names_an_owner_or_licence_passes(answer):
    r = example_record("nl")
    r.step6.ip.ownership = answer
    assert ids(r) == []


@pytest.mark.parametrize("answer", ["Beheerkosten € 60.000 per jaar uit de exploitatiebegroting vanaf 2027",
                                    "Management costs of €60,000 a year from 2027"])
def test_an_ip_answer_that_names_no_owner_keeps_its_warning_and_says_so(answer):
    # typed at the wrong question: "✓ Opgelost: … bij wie het intellectueel eigendom komt te liggen",
    # and the record read "Eigendom: Beheerkosten € 60.000 …"
    r = example_record("nl")
    r.step6.ip.ownership = answer
    check = next(c for c in run_checks(r) if c.id == "ip_missing")
    assert "noemt geen eigenaar" in check.message("nl") and answer[:20] in check.message("nl")
    assert "names no owner" in check.message("en") and answer[:20] in check.message("en")


def test_a_checks_source_document_has_its_english_gloss_as_under_an_answer():
    # "(Innovatiepartnerschap in praktijk · Minder natuurbranden … (fewer wildfires …))": the
    # case's title glossed, its document's not, where a source under an answer glosses both
    [c] = run_checks(_sbir_with_direct_purchase())
    assert c.ref.label("en") == (
        "Innovatiepartnerschap in praktijk (innovation partnership in practice) · "
        "Minder natuurbranden door slim datagebruik (fewer wildfires through smart use of data)")
    assert c.ref.label("nl") == "Innovatiepartnerschap in praktijk · Minder natuurbranden door slim datagebruik"


def _in_document(ref) -> bool:
    text = normalise_guidance_text((DEFAULT_CORPUS_DIR / f"{ref.doc_id}.txt").read_text(encoding="utf-8"))
    return normalise_guidance_text(ref.quote) in text


def test_the_quotes_cited_from_other_documents_than_the_plan_are_verbatim_there():
    # verify_quotes holds REFS to the ten-step plan; these cite the case (001) and the report (002)
    assert _in_document(SBIR_NO_DIRECT_PURCHASE_REF) and _in_document(NO_MARKET_SOLUTION_REF)
    assert NO_MARKET_SOLUTION_REF.doc_id == PRE_COMMERCIAL_DOC_ID


def test_an_innovation_partnership_for_market_ready_candidates_is_said_in_its_own_words():
    # switched from SBIR to an innovation partnership with a TRL 9 shortlist, the check said
    # "✓ Opgelost": the guidance's report says a partnership is for a need no market solution meets
    from assistant.plan.conversation.text import check_changes

    before = _sbir_for_market_ready_candidates()
    before.step2.assessments[0].trl = 9  # both candidates proven in practice
    after = before.model_copy(deep=True)
    after.step6.procurement_strategy = ProcurementStrategy.DIRECT_PURCHASE
    after.step7.procedure = Procedure.INNOVATIEPARTNERSCHAP
    [c] = run_checks(after)
    assert (c.id, c.step, c.field) == ("sbir_for_mature_technology", 7, "step7.procedure")
    assert c.ref is NO_MARKET_SOLUTION_REF
    assert f"“{NO_MARKET_SOLUTION_REF.quote}”" in c.message("nl") and f"“{NO_MARKET_SOLUTION_REF.quote}”" in c.message("en")
    assert "innovatiepartnerschap" in c.message("nl") and "SBIR" not in c.message("nl")
    assert "innovation partnership" in c.message("en") and "SBIR" not in c.message("en")
    assert "Vulgraadsensoren (TRL 9)" in c.message("nl")
    assert c.ref.label("en").endswith("Wanneer is er sprake van innovatie? (when is it innovation?)")
    fresh, resolved, _ = check_changes(before, after)
    assert resolved == [] and [w.id for w in fresh] == ["sbir_for_mature_technology"]
    # a candidate still to be proven in practice (TRL 8) is within a partnership's reach, not an SBIR's
    after.step2.assessments[1].trl = 8
    assert ids(after) == []
    after.step7.procedure = Procedure.SBIR
    assert "sbir_for_mature_technology" in ids(after)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_scaling_up_despite_a_result_not_met_never_advises_rewriting_the_measure(lang):
    # "… of de eis in stap 3 als die echt is vervallen", "geef het criterium opnieuw een oordeel":
    # a minimum requirement is a hard limit set before the evaluation; the verdict is what changes
    [req] = run_checks(_scale_up_despite_unmet_requirement())
    [crit] = run_checks(_scale_up_despite_unmet_criterion())
    if lang == "nl":
        assert "vóór de evaluatie" in req.message("nl") and "Herschrijf de eis niet achteraf" in req.message("nl")
        assert "vervallen" not in req.message("nl") and "de eis in stap 3" not in req.message("nl")
        assert "opnieuw een oordeel" not in crit.message("nl")
        assert "waarom opschalen toch gerechtvaardigd is" in crit.message("nl") and "meerwaarde" in crit.message("nl")
    else:
        assert "set before the evaluation" in req.message("en") and "Do not rewrite the requirement" in req.message("en")
        assert "no longer applies" not in req.message("en") and "requirement in step 3" not in req.message("en")
        assert "judge the criterion again" not in crit.message("en")
        assert "why scaling up is still justified" in crit.message("en") and "added value" in crit.message("en")


def test_a_prize_contest_with_a_later_open_tender_is_no_contradiction():
    # the guidance: buying directly "kan door middel van een innovatiepartnerschap of eventueel een
    # prijsvraag"; a prize contest followed by an open tender was told a pilot or SBIR fitted better
    r = _partnership_with_open_tender()
    [c] = run_checks(r)
    assert c.id == "procedure_strategy_mismatch" and "innovation partnership" in c.message("en")
    assert "innovatiepartnerschap" in c.message("nl") and "fits better" not in c.message("en")
    r.step7.procedure = Procedure.PRIJSVRAAG
    assert ids(r) == []
    r.step6.procurement_strategy = ProcurementStrategy.DIRECT_PURCHASE
    r.step7.procedure = Procedure.PROEFTUIN
    [c] = run_checks(r)
    assert "innovatiepartnerschap of eventueel een prijsvraag" in c.message("nl")
    assert "innovation partnership or possibly a prize contest" in c.message("en")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_purchase_after_sbir_or_a_pilot_without_a_tender_is_said_once_and_clears_with_one(lang):
    r = _sbir_then_a_contract_with_the_supplier()
    [c] = run_checks(r)
    assert (c.id, c.step, c.field) == ("purchase_without_tender", 10, "step10.keeping_current")
    assert c.ref is SBIR_NO_DIRECT_PURCHASE_REF
    said = c.message(lang)
    assert "Beheer- en doorontwikkelcontract voor vier jaar met de leverancier" in said
    assert ("mag in beginsel niet direct na de SBIR worden ingekocht" in said if lang == "nl"
            else "may, as a rule, not be bought directly after the SBIR" in said)
    # a pilot: the ten-step plan's own words, the insights taken into future tenders
    r.step7.procedure = Procedure.PROEFTUIN
    [c] = run_checks(r)
    assert c.id == "purchase_without_tender" and c.ref is REFS["purchase_without_tender"]
    assert ("toekomstige aanbestedingen" if lang == "nl" else "future tenders") in c.message(lang)
    # several answers naming it: said once
    rec.apply_text(r, "step10.plan_changes", "We kopen de sensoren in bij de deelnemer")
    assert ids(r) == ["purchase_without_tender"]
    # a tender named for it clears it; one ruled out does not
    rec.apply_text(r, "step10.plan_changes", "Sensoren inkopen bij de deelnemer, zonder aanbesteding")
    assert ids(r) == ["purchase_without_tender"]
    rec.apply_text(r, "step10.plan_changes", "Uitrol via een reguliere aanbesteding")
    assert ids(r) == []
    # an innovation partnership includes the purchase
    r = _sbir_then_a_contract_with_the_supplier()
    r.step6.procurement_strategy = ProcurementStrategy.DIRECT_PURCHASE
    r.step7.procedure = Procedure.INNOVATIEPARTNERSCHAP
    assert ids(r) == []


def test_a_purchase_in_a_barriers_handling_is_read_and_step_10s_own_example_is_not_one():
    r = example_record("nl")
    r.step6.procurement_strategy = ProcurementStrategy.OPEN_TENDER
    r.step7.procedure = Procedure.SBIR
    assert ids(r) == []  # "Beheer- en doorontwikkelcontract …" names no party to buy from
    rec.apply_text(r, "step10.barriers", "Geen dekking in kelders — aanpak: extra gateways bestellen bij de leverancier")
    [c] = run_checks(r)
    assert (c.id, c.field) == ("purchase_without_tender", "step10.barriers")
    assert c.entry_id == r.step10.barriers[-1].id


def test_a_criterion_not_met_clears_once_the_verdict_says_why_it_scales_up_despite_it():
    # the check advises recording why scaling up is justified despite the criterion: doing so
    # left the warning standing
    r = _scale_up_despite_unmet_criterion()
    assert "scale_up_criterion_not_met" in {c.id for c in run_checks(r)}
    r.step9.verdict_note = ("Scaling up although the time from a report of dumped rubbish to its collection is "
                            "longer: the cost saving outweighs it.")
    assert "scale_up_criterion_not_met" not in {c.id for c in run_checks(r)}
    r.step9.verdict_note = "Everyone is enthusiastic."  # says nothing of that criterion
    assert "scale_up_criterion_not_met" in {c.id for c in run_checks(r)}
    r.step9.verdict_note = "Scale up: the trucks to the dump are cheaper."  # one short word shared: no naming
    assert "scale_up_criterion_not_met" in {c.id for c in run_checks(r)}


@pytest.mark.parametrize(("text", "amount"), [
    ("€ 250 000", 250_000), ("Ja, tot € 250\u00a0000", 250_000), ("Ja, € 1 250 000", 1_250_000),
    ("1 250 000 euro", 1_250_000), ("€\u00a01\u202f250\u202f000", 1_250_000), ("€ 250 000,-", 250_000),
    ("EUR 250 000", 250_000), ("€ 0,50", 0.5),
    # a number a word counts is no part of the amount after it; a year before the currency neither
    ("fase 2 150 000 euro", 150_000), ("fase 1 50 000 euro, fase 2 150 000 euro", 150_000),
    ("budget 2024 € 250 000", 250_000),
    # a year or a share before the amount counts nothing
    ("per jaar 1 200 000 euro", 1_200_000), ("eerste jaar 250 000 euro, tweede jaar 300 000 euro", 300_000),
    ("voor het grootste deel 300 000 euro", 300_000),
])
def test_thousands_set_apart_by_spaces_are_one_amount(text, amount):
    # pasted from Word: "tot € 250 000" was read as € 250, "€ 1 250 000" as € 1
    assert money_amount(text) == amount


def test_spaced_numbers_without_a_currency_are_no_amount():
    assert money_amount("fase 1 250 000") is None


@pytest.mark.parametrize(("text", "not_arranged"), [
    ("2 ton aangevraagd", True), ("50k requested", True), ("applied for 50k", True),
    ("Ja, 2 ton aangevraagd en goedgekeurd door de directie", False),
    ("Ja, € 80.000, zoals aangevraagd bij de directie", False),
    ("Yes, requested and approved by the board", False),
    # a grant word said not to have come yet is none
    ("aangevraagd, nog niet goedgekeurd", True), ("Requested, not yet approved", True),
])
def test_money_asked_for_is_arranged_once_the_answer_says_it_was_granted(text, not_arranged):
    # "aangevraagd en goedgekeurd" raised "Er is geen of onvoldoende financiering …"
    from assistant.plan.checks import says_not_arranged

    assert says_not_arranged(text) is not_arranged


@pytest.mark.parametrize("text", ["Afstemming met alle partijen overeenkomstig het plan van aanpak.",
                                  "Alle partners kochten in op het idee; de wethouder steunt het."])
def test_words_that_only_look_like_a_purchase_are_none(text):
    # "overeenkomstig" (in accordance with) and "kochten in op" (bought into) read as a contract
    r = example_record("nl")
    r.step6.procurement_strategy = ProcurementStrategy.OPEN_TENDER
    r.step7.procedure = Procedure.SBIR
    rec.apply_text(r, "step10.plan_changes", text)
    assert "purchase_without_tender" not in ids(r)
