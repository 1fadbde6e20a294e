"""The project record: enums, parsing typed answers, field paths, list editing, step status."""

from __future__ import annotations

import pytest

from assistant.core.i18n import catalog
from assistant.plan import record as rec
from assistant.plan.example import example_record, half_filled_record
from assistant.plan.glossary import load_glossary
from assistant.plan.record import (
    Aspect,
    FieldPathError,
    FinalVerdict,
    JudgementVerdict,
    ParseError,
    Procedure,
    ProcurementStrategy,
    ProjectRecord,
    RequirementKind,
    SourceKind,
    apply_text,
    get_field,
    new_record,
    parse_entry,
    parse_value,
    set_field,
    step_status,
)
from assistant.plan.steps import load_plan


# --- enums -------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, member", [
    ("ethisch", Aspect.ETHICAL), ("Ethical", Aspect.ETHICAL), ("technisch", Aspect.TECHNICAL),
    ("DATA", Aspect.DATA), ("juridisch", Aspect.LEGAL), ("legal", Aspect.LEGAL),
    ("publieke waarden", Aspect.PUBLIC_VALUES), ("public values", Aspect.PUBLIC_VALUES),
    ("public_values", Aspect.PUBLIC_VALUES), ("grondrechten", Aspect.PUBLIC_VALUES),
])
def test_aspect_accepts_dutch_and_english(text, member):
    assert Aspect.parse(text) is member
    assert Aspect(text) is member


@pytest.mark.parametrize("enum, text, member", [
    (RequirementKind, "randvoorwaarde", RequirementKind.BOUNDARY),
    (RequirementKind, "boundary condition", RequirementKind.BOUNDARY),
    (RequirementKind, "behoefte", RequirementKind.NEED),
    (ProcurementStrategy, "direct afnemen", ProcurementStrategy.DIRECT_PURCHASE),
    (ProcurementStrategy, "buy directly", ProcurementStrategy.DIRECT_PURCHASE),
    (ProcurementStrategy, "later openbaar aanbesteden", ProcurementStrategy.OPEN_TENDER),
    (ProcurementStrategy, "open_tender", ProcurementStrategy.OPEN_TENDER),
    (ProcurementStrategy, "nog niet besloten", ProcurementStrategy.UNDECIDED),
    (Procedure, "pilot", Procedure.PROEFTUIN), (Procedure, "Proeftuin", Procedure.PROEFTUIN),
    (Procedure, "SBIR", Procedure.SBIR), (Procedure, "pre-commercial procurement", Procedure.SBIR),
    (Procedure, "innovation partnership", Procedure.INNOVATIEPARTNERSCHAP),
    (Procedure, "prize contest", Procedure.PRIJSVRAAG), (Procedure, "prijsvraag", Procedure.PRIJSVRAAG),
    (JudgementVerdict, "voldaan", JudgementVerdict.MET), (JudgementVerdict, "deels", JudgementVerdict.PARTLY),
    (JudgementVerdict, "not", JudgementVerdict.NOT_MET), (JudgementVerdict, "niet voldaan", JudgementVerdict.NOT_MET),
    (FinalVerdict, "opschalen", FinalVerdict.SCALE_UP), (FinalVerdict, "scale up", FinalVerdict.SCALE_UP),
    (FinalVerdict, "meer onderzoek nodig", FinalVerdict.MORE_RESEARCH), (FinalVerdict, "stoppen", FinalVerdict.STOP),
    (SourceKind, "marktconsultatie", SourceKind.MARKET), (SourceKind, "octrooien", SourceKind.PATENTS),
])
def test_enums_accept_aliases(enum, text, member):
    assert enum.parse(text) is member


def test_enum_in_model_accepts_alias_and_stores_canonical_value():
    r = new_record()
    r.step7.procedure = "innovation partnership"
    assert r.step7.procedure is Procedure.INNOVATIEPARTNERSCHAP
    assert r.model_dump(mode="json")["step7"]["procedure"] == "innovatiepartnerschap"
    assert Procedure.SBIR.label("en") == "SBIR (pre-commercial procurement)"
    assert Aspect.LEGAL.label("nl") == "juridisch"


# --- parsing -----------------------------------------------------------------------------------
def test_parse_requirement_with_tags():
    req = parse_entry("step3.requirements", "AVG-conform (data, randvoorwaarde)")
    assert (req.text, req.aspect, req.kind) == ("AVG-conform", Aspect.DATA, RequirementKind.BOUNDARY)
    req = parse_entry("step3.requirements", "Works offline (technical, from the need)")
    assert (req.text, req.aspect, req.kind) == ("Works offline", Aspect.TECHNICAL, RequirementKind.NEED)


def test_parse_requirement_keeps_unknown_tags_and_prefix_form():
    req = parse_entry("step3.requirements", "Koppeling met systeem X (versie 2, technisch)")
    assert req.text == "Koppeling met systeem X (versie 2)"
    assert req.aspect is Aspect.TECHNICAL
    req = parse_entry("step3.requirements", "juridisch: voldoet aan de Aanbestedingswet")
    assert (req.text, req.aspect) == ("voldoet aan de Aanbestedingswet", Aspect.LEGAL)
    req = parse_entry("step3.requirements", "Geen tags hier")
    assert (req.text, req.aspect, req.kind) == ("Geen tags hier", None, None)


def test_parse_criterion_with_target_and_linked_requirement():
    r = new_record()
    apply_text(r, "step3.requirements", "AVG-conform (data, randvoorwaarde)")
    crit = parse_entry("step4.criteria",
                       "Doorlooptijd melding < 2 dagen; doel: 90% binnen 48 uur; eis: AVG-conform", r)
    assert crit.text == "Doorlooptijd melding < 2 dagen"
    assert crit.target == "90% binnen 48 uur"
    assert crit.requirement == "AVG-conform"
    assert crit.requirement_id == r.step3.requirements[0].id
    crit = parse_entry("step4.criteria", "Uptime; target: 99.5%; requirement: 1", r)
    assert crit.requirement_id == r.step3.requirements[0].id


@pytest.mark.parametrize(("typed", "name", "note", "kind"), [
    # a note's own brackets moved into the name, and the kind was lost
    ("Drones (hackathon) — zie rapport (PDF)", "Drones", "zie rapport (PDF)", "hackathon"),
    ("Camera's (onderzoek) — TU Delft (2023)", "Camera's", "TU Delft (2023)", "research"),
    ("Drones — zie rapport (hackathon)", "Drones", "zie rapport", "hackathon"),
    ("Sensoren (TRL 6) — test", "Sensoren (TRL 6)", "test", None),
])
def test_a_technologys_kind_of_source_is_read_beside_brackets_in_its_note(typed, name, note, kind):
    entry = rec.parse_entry("step1.technologies", typed)
    assert (entry.name, entry.note) == (name, note)
    assert (entry.source_kind.value if entry.source_kind else None) == kind


def test_parse_technology_assessment_and_others():
    tech = parse_entry("step1.technologies", "Vulgraadsensoren (pilots bij andere overheden) — twee gemeenten")
    assert (tech.name, tech.source_kind, tech.note) == ("Vulgraadsensoren", SourceKind.PILOTS, "twee gemeenten")
    # a kind read from words that say more keeps those words, in the note: who did the research;
    # the brackets leave the name (exported beside the kind's column, they said it twice)
    tech = parse_entry("step1.technologies", "AI voorspelling fietsstromen (onderzoek TU Delft)")
    assert (tech.name, tech.source_kind, tech.note) == ("AI voorspelling fietsstromen", SourceKind.RESEARCH,
                                                         "onderzoek TU Delft")
    tech = parse_entry("step1.technologies", "Drones (SBIR RVO) — al getest")
    assert (tech.name, tech.source_kind, tech.note) == ("Drones", SourceKind.SBIR, "SBIR RVO; al getest")
    tech = parse_entry("step1.technologies", "Regensensor; bron: onderzoek TNO")
    assert (tech.name, tech.source_kind, tech.note) == ("Regensensor", SourceKind.RESEARCH, "onderzoek TNO")
    # the kinds as the question names them
    assert parse_entry("step1.technologies", "Regensensor (publicaties)").source_kind is SourceKind.PUBLICATIONS
    assert parse_entry("step1.technologies", "Regensensor (kennisinstituut)").source_kind is SourceKind.RESEARCH
    a = parse_entry("step2.assessments",
                    "Sensoren; potentie: 30% minder ritten; TRL 7; fit: goed; markt: vijf partijen; risico's: batterij")
    assert (a.technology, a.potential, a.trl, a.fit, a.market_parties, a.risks) == (
        "Sensoren", "30% minder ritten", 7, "goed", "vijf partijen", "batterij")
    with pytest.raises(ParseError) as exc:
        parse_entry("step2.assessments", "Sensoren; TRL 12")
    assert "1" in exc.value.message("en") and "9" in exc.value.message("en")
    item = parse_entry("step2.shortlist", "Beeldherkenning — grote winst")
    assert (item.name, item.reason) == ("Beeldherkenning", "grote winst")
    b = parse_entry("step10.barriers", "Geen dekking in kelders — LoRa-gateway op het dak")
    assert (b.barrier, b.handling) == ("Geen dekking in kelders", "LoRa-gateway op het dak")
    contact = parse_entry("step1.contacts", "Gemeente Y — sensorpilot")
    assert (contact.name, contact.note) == ("Gemeente Y", "sensorpilot")


def test_parse_sub_models_and_scalars():
    pre = parse_value("step0.preconditions.support", "ja, de wethouder steunt het")
    assert (pre.ok, pre.note) == (True, "de wethouder steunt het")
    pre = parse_value("step0.preconditions.budget", "no - not yet approved")
    assert (pre.ok, pre.note) == (False, "not yet approved")
    pre = parse_value("step0.preconditions.time", "twee mensen half vrijgemaakt")
    assert (pre.ok, pre.note) == (None, "twee mensen half vrijgemaakt")
    # the everyday ways of saying yes or no (they left the precondition open)
    for typed, ok in (("yep, the alderman backs it", True), ("sure", True), ("jawel, de wethouder", True),
                      ("nope, not yet", False), ("neen", False)):
        assert parse_value("step0.preconditions.support", typed).ok is ok, typed
    outcome = parse_value("step5.success", "We schalen op; wie: Stadsbeheer; verwachtingen: vervolgopdracht; bezwaren: werkdruk")
    assert (outcome.description, outcome.who, outcome.expectations, outcome.objections) == (
        "We schalen op", "Stadsbeheer", "vervolgopdracht", "werkdruk")
    right = parse_value("step2.rights.privacy", "Camera ziet personen; maatregel: blurren op het apparaat")
    assert (right.impact, right.mitigation) == ("Camera ziet personen", "blurren op het apparaat")
    # the measure after a full stop, a comma or a new line, as the question asks for it ("maatregel:")
    for typed in ("groot, camera's zien gezichten. maatregel: edge-verwerking, na 24 uur gewist",
                  "groot, camera's zien gezichten.\nMaatregel: edge-verwerking, na 24 uur gewist"):
        right = parse_value("step2.rights.privacy", typed)
        assert (right.impact, right.mitigation) == ("groot, camera's zien gezichten.", "edge-verwerking, na 24 uur gewist")
    right = parse_value("step2.rights.privacy", "beperkt, maatregel: pseudonimiseren")
    assert (right.impact, right.mitigation) == ("beperkt", "pseudonimiseren")
    # a key word inside a sentence is no key
    right = parse_value("step2.rights.privacy", "de genomen maatregel: geen, want niets nodig")
    assert (right.impact, right.mitigation) == ("de genomen maatregel: geen, want niets nodig", "")
    # a ';' inside a part of free text stays in that part (the rest of who does what, and half the
    # measure, went to the description and the effect)
    outcome = parse_value("step5.success", "We schalen op naar alle containers; daarna ook kleding.\n"
                          "Wie: Stadsbeheer (opdrachtgever); ROVA (uitvoering)\n"
                          "Bezwaren: chauffeurs vrezen werkdruk; OR wil meepraten")
    assert (outcome.description, outcome.who, outcome.objections) == (
        "We schalen op naar alle containers; daarna ook kleding.", "Stadsbeheer (opdrachtgever); ROVA (uitvoering)",
        "chauffeurs vrezen werkdruk; OR wil meepraten")
    right = parse_value("step2.rights.dignity", "Beperkt.\n\nMaatregel: geen automatische antwoorden; een medewerker beoordeelt")
    assert (right.impact, right.mitigation) == ("Beperkt.", "geen automatische antwoorden; een medewerker beoordeelt")
    # a criterion's parts after dashes, as pasted from a table of criteria (its target and
    # requirement were left empty)
    criterion = rec.Criterion.from_text("Betrouwbaarheid sensoren – doel: 95% uptime – eis: Batterijduur")
    assert (criterion.text, criterion.target, criterion.requirement) == ("Betrouwbaarheid sensoren", "95% uptime",
                                                                         "Batterijduur")
    # "requirement: none" links to none (it named a requirement "none", and a check fired)
    for typed in ("Cost per km; target: below EUR 150 per km; requirement: none", "Uptime; doel: 99%; eis: geen"):
        assert rec.Criterion.from_text(typed).requirement == ""
    # Word's bullets and sub-points ("a)", "◦", its Symbol font's private-use bullet) are no text
    from assistant.plan.record.parsing import _lines

    assert _lines("1.\tVulgraad\n\ta)\tzonder graafwerk\n\uf0b7\tIntern\n\t◦\tochtendploeg\n-5 graden") == [
        "Vulgraad", "zonder graafwerk", "Intern", "ochtendploeg", "-5 graden"]
    assert parse_value("step3.pm_funding", "\uf0b7\tInkoop: intern") == "•\tInkoop: intern"
    assert parse_value("step7.procedure", "innovatiepartnerschap, omdat we direct willen afnemen") is Procedure.INNOVATIEPARTNERSCHAP
    with pytest.raises(ParseError) as exc:
        parse_value("step7.procedure", "aanbesteding van de eeuw")
    assert "proeftuin" in exc.value.message("nl")
    assert parse_value("step2.assessments.trl", "TRL 6") == 6


def test_judgement_text():
    j = rec.Judgement.from_text("deels — 84% binnen 48 uur")
    assert (j.verdict, j.evidence) == (JudgementVerdict.PARTLY, "84% binnen 48 uur")
    j = rec.Judgement.from_text("niet voldaan: sensoren vielen uit")
    assert (j.verdict, j.evidence) == (JudgementVerdict.NOT_MET, "sensoren vielen uit")
    j = rec.Judgement.from_text("met, see report")
    assert (j.verdict, j.evidence) == (JudgementVerdict.MET, "see report")
    with pytest.raises(ParseError):
        rec.Judgement.from_text("we weten het niet goed")


def test_apply_text_list_one_entry_per_line_and_appends():
    r = new_record()
    added = apply_text(r, "step3.requirements", "- AVG-conform (data)\n\n* Open API (technisch)\n3. Binnen budget")
    assert [e.text for e in added] == ["AVG-conform", "Open API", "Binnen budget"]
    apply_text(r, "step3.requirements", "Nog een eis")
    assert len(r.step3.requirements) == 4
    assert len({e.id for e in r.step3.requirements}) == 4
    with pytest.raises(ParseError):
        apply_text(r, "step3.requirements", "   \n  ")


def test_markup_is_stored_literally_and_escapes_removed():
    r = new_record()
    apply_text(r, "step0.need", "[bold]echt[/bold] [@click=app.quit]x[/] \x1b[31mrood\x1b[0m *ster*")
    assert r.step0.need == "[bold]echt[/bold] [@click=app.quit]x[/] rood *ster*"
    entry = parse_entry("step3.requirements", "[red]eis[/red] (data)")
    assert entry.text == "[red]eis[/red]"


# --- field paths ---------------------------------------------------------------------------------
def test_get_and_set_field_by_dotted_path():
    r = new_record()
    set_field(r, "step3.budget_ceiling", "€ 250.000")
    assert get_field(r, "step3.budget_ceiling") == "€ 250.000"
    set_field(r, "step6.procurement_strategy", "direct afnemen")
    assert r.step6.procurement_strategy is ProcurementStrategy.DIRECT_PURCHASE
    set_field(r, "step0.preconditions.mandate", "ja, tot en met de evaluatie")
    assert r.step0.preconditions.mandate.ok is True
    set_field(r, "project.title", "Slimme afvalinzameling")
    assert get_field(r, "project.title") == "Slimme afvalinzameling"
    apply_text(r, "step3.requirements", "AVG-conform (data)")
    rid = r.step3.requirements[0].id
    assert get_field(r, f"step3.requirements.{rid}.text") == "AVG-conform"
    set_field(r, f"step3.requirements.{rid}.aspect", "juridisch")
    assert r.step3.requirements[0].aspect is Aspect.LEGAL
    assert get_field(r, "step3.requirements") is r.step3.requirements


@pytest.mark.parametrize("path", ["step3.nope", "step11.x", "", "stap3.requirements",
                                  "step3.requirements.deadbeef", "step0.need.extra"])
def test_unknown_paths_are_rejected(path):
    r = new_record()
    with pytest.raises(FieldPathError):
        get_field(r, path)


def test_field_spec_kinds():
    assert rec.field_spec("step3.requirements").kind == "list"
    assert rec.field_spec("step7.procedure").kind == "choice"
    assert rec.field_spec("step0.preconditions.budget").kind == "bool"
    assert rec.field_spec("step2.assessments.trl").kind == "number"
    assert rec.field_spec("step5.success").kind == "text"
    assert rec.field_spec("step0.need").kind == "text"
    with pytest.raises(FieldPathError):
        rec.field_spec("step3.requirements.text.more")
    assert "step9.judgements" in rec.list_fields()


def test_set_field_parses_or_rejects_values():
    r = new_record()
    with pytest.raises(ParseError):
        set_field(r, "step7.procedure", "iets heel anders")
    with pytest.raises(ParseError):
        set_field(r, "step9.verdict", 42)
    set_field(r, "step3.requirements", "Eis A (data)\nEis B (ethisch)")  # a whole list replaced
    assert [e.text for e in r.step3.requirements] == ["Eis A", "Eis B"]
    set_field(r, "step3.requirements", "Eis C")
    assert [e.text for e in r.step3.requirements] == ["Eis C"]


def test_trl_bounds_enforced_on_assignment():
    r = new_record()
    a = rec.add_entry(r, "step2.assessments", "Sensoren; TRL 5")
    with pytest.raises(ParseError):
        rec.edit_entry(r, "step2.assessments", a.id, {"trl": 10})


# --- list helpers --------------------------------------------------------------------------------
def test_add_edit_remove_keep_ids_stable():
    r = new_record()
    a = rec.add_entry(r, "step3.requirements", "AVG-conform (data)")
    b = rec.add_entry(r, "step3.requirements", {"text": "Open API", "aspect": "technisch"})
    assert b.aspect is Aspect.TECHNICAL
    edited = rec.edit_entry(r, "step3.requirements", a.id, "AVG- en Archiefwet-conform (juridisch)")
    assert edited.id == a.id and edited.aspect is Aspect.LEGAL
    rec.edit_entry(r, "step3.requirements", b.id, {"kind": "randvoorwaarde"})
    assert r.step3.requirements[1].kind is RequirementKind.BOUNDARY
    assert r.step3.requirements[1].text == "Open API"
    removed = rec.remove_entry(r, "step3.requirements", a.id)
    assert removed.id == a.id and [e.id for e in r.step3.requirements] == [b.id]
    with pytest.raises(FieldPathError):
        rec.remove_entry(r, "step3.requirements", a.id)
    with pytest.raises(FieldPathError):
        rec.add_entry(r, "step3.budget_ceiling", "x")
    assert rec.find_entry(r, b.id) == ("step3.requirements", r.step3.requirements[0])


def _linked_record():
    r = new_record()
    cameras = rec.add_entry(r, "step3.requirements", "Geen camerabeelden van personen")
    api = rec.add_entry(r, "step3.requirements", "Open API")
    by_words = rec.add_entry(r, "step4.criteria", "Privacy; doel: 0 klachten; eis: Geen camerabeelden van personen")
    by_number = rec.add_entry(r, "step4.criteria", "Koppeling; doel: binnen 2 dagen; eis: 2")
    assert (by_words.requirement_id, by_number.requirement_id) == (cameras.id, api.id)
    return r, cameras, api


def test_a_reworded_requirement_is_named_in_its_new_words_by_the_criteria_linked_to_it():
    # the exported file said the old words beside the id, and a reviewer who edited them changed nothing
    r, cameras, api = _linked_record()
    rec.edit_entry(r, "step3.requirements", cameras.id, "Geen herleidbare camerabeelden")
    rec.edit_entry(r, "step3.requirements", api.id, "Open API met documentatie")
    assert [c.requirement for c in r.step4.criteria] == ["Geen herleidbare camerabeelden", "2"]
    assert [c.requirement_id for c in r.step4.criteria] == [cameras.id, api.id]


def test_relinking_lets_the_words_win_and_drops_a_link_to_nothing():
    r, cameras, api = _linked_record()
    assert rec.relink_criteria(r) == []  # as the app left it: nothing to mend
    words, number = r.step4.criteria
    words.requirement = "Open API"  # edited in the file: the words now name requirement 2
    number.requirement_id = "deadbeef"  # an id that points nowhere, its words ("2") name one
    mended = rec.relink_criteria(r)
    assert mended == [rec.RelinkedCriterion(1, "Open API", 2), rec.RelinkedCriterion(2, "2", 2)]
    assert (words.requirement_id, number.requirement_id) == (api.id, api.id)
    words.requirement = "Werkt bij -20 graden"  # names no requirement: the id's link stays, and is said
    number.requirement, number.requirement_id = "Iets anders", "deadbeef"
    assert rec.relink_criteria(r) == [rec.RelinkedCriterion(1, "Werkt bij -20 graden", 2, kept_id=True),
                                      rec.RelinkedCriterion(2, "Iets anders", None)]
    assert (words.requirement_id, number.requirement_id) == (api.id, None)
    # an empty id in the file is no link to another requirement (it was said to point elsewhere)
    words.requirement, words.requirement_id = "Open API", ""
    assert rec.relink_criteria(r) == []
    assert words.requirement_id == api.id
    # an unknown id without words becomes the words, so the check names it (it went unsaid)
    number.requirement, number.requirement_id = "", "deadbeef"
    assert rec.relink_criteria(r) == [rec.RelinkedCriterion(2, "", None, unknown_id="deadbeef")]
    assert (number.requirement, number.requirement_id) == ("deadbeef", None)


def test_removing_a_requirement_drops_its_judgement_and_link():
    r = example_record("nl")
    req = r.step3.requirements[-1]
    assert any(c.requirement_id == req.id for c in r.step4.criteria)
    rec.remove_entry(r, "step3.requirements", req.id)
    assert rec.find_judgement(r, req.id) is None
    assert all(c.requirement_id != req.id for c in r.step4.criteria)


def test_a_link_typed_as_a_number_follows_its_requirement_and_a_removed_one_is_flagged():
    # "requirement: 2" silently moved to the requirement that became number 2 after /remove 2
    from assistant.plan.checks import run_checks

    r = rec.new_record()
    for line in ("AVG-conform (data)", "Open standaarden (technisch)", "Hosting in de EU (juridisch)"):
        apply_text(r, "step3.requirements", line)
    apply_text(r, "step4.criteria", "Koppelbaar; doel: 3 systemen gekoppeld; eis: 2")
    apply_text(r, "step4.criteria", "Snel; doel: 90% binnen 2 s; eis: 3")
    linked, later = r.step4.criteria
    assert rec.find_requirement(r, linked.requirement).text == "Open standaarden"
    rec.remove_entry(r, "step3.requirements", r.step3.requirements[1].id)
    assert (linked.requirement_id, linked.requirement) == (None, "Open standaarden")
    assert [c.key for c in run_checks(r) if c.key.startswith("criterion_unknown_requirement")] == [
        f"criterion_unknown_requirement:{linked.id}"]
    assert later.requirement == "2" and rec.find_requirement(r, later.requirement).text == "Hosting in de EU"


# --- step 9 judgements ---------------------------------------------------------------------------
def test_judge_by_path_and_helper():
    r = half_filled_record("nl")
    items = rec.judgement_items(r)
    assert len(items) == len(r.step3.requirements) + len(r.step4.criteria)
    ref = items[0][0]
    apply_text(r, f"step9.judgements.{ref}", "deels — bijna")
    j = rec.find_judgement(r, ref)
    assert j.verdict is JudgementVerdict.PARTLY and j.ref_text == items[0][2]
    rec.judge(r, ref, "voldaan", "alsnog gehaald")
    assert len(r.step9.judgements) == 1 and rec.find_judgement(r, ref).verdict is JudgementVerdict.MET
    assert len(rec.unjudged_items(r)) == len(items) - 1
    with pytest.raises(FieldPathError):
        rec.judge(r, "nothere0", "voldaan")


# --- status --------------------------------------------------------------------------------------
def test_status_empty_record():
    r = ProjectRecord()
    assert set(r.statuses().values()) == {"not_started"}
    assert rec.next_open_step(r) == 0


def test_status_in_progress_and_done():
    r = new_record()
    apply_text(r, "step0.need", "Containers lopen over")
    assert step_status(r, 0) == "in_progress"
    assert "step0.who" in rec.missing_fields(r, 0)
    for path, text in [("step0.who", "bewoners"), ("step0.why_digital", "sensoren"),
                       ("step0.preconditions.support", "ja"), ("step0.preconditions.time", "ja"),
                       ("step0.preconditions.budget", "nee, nog niet"),
                       ("step0.preconditions.mandate", "ja")]:
        apply_text(r, path, text)
    assert step_status(r, 0) == "done"  # 'nee' is an answer too: the precondition is filled
    assert rec.next_open_step(r) == 1


def test_step9_done_needs_every_item_judged():
    r = example_record("en")
    assert step_status(r, 9) == "done"
    r.step9.judgements.pop()
    assert step_status(r, 9) == "in_progress"
    assert rec.missing_fields(r, 9) == ["step9.judgements"]


def test_step9_is_done_without_the_ten_bit_rules():
    # the guidance calls the BIT's rules only "ook goed bruikbaar" before step 10: optional
    r = example_record("nl")
    r.step9.bit_rules = ""
    assert rec.missing_fields(r, 9) == []
    assert step_status(r, 9) == "done"
    question = next(q for q in load_plan("nl").step(9).questions if q.field == "step9.bit_rules")
    assert not question.required


def test_half_filled_statuses():
    r = half_filled_record("nl")
    s = r.statuses()
    assert [s[n] for n in range(5)] == ["done"] * 5
    assert s[5] == "in_progress"
    assert {s[n] for n in range(6, 11)} == {"not_started"}
    assert rec.next_open_step(r) == 5


# --- example and round trip ----------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_example_is_complete_and_round_trips(lang):
    r = example_record(lang)
    assert r.schema_version == rec.SCHEMA_VERSION == 1
    assert set(r.statuses().values()) == {"done"}
    again = ProjectRecord.model_validate_json(r.model_dump_json())
    assert again == r
    assert again.model_dump_json() == r.model_dump_json()
    assert example_record(lang) == r  # deterministic


def test_format_value_summaries():
    r = example_record("nl")
    assert "(data, randvoorwaarde)" in rec.format_value(r.step3.requirements, "nl")
    # the glossary's English term, as lesson 3 and the step's help say it ("boundary condition" beside
    # "boundary requirements")
    boundary = load_glossary().terms["randvoorwaardelijke_eisen"].en.removesuffix("s")
    assert f"(data, {boundary})" in rec.format_value(example_record("en").step3.requirements, "en")
    assert rec.format_value(r.step7.procedure, "en") == "innovation partnership"


# --- every example answer in the step files parses ---------------------------------------------
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_step_file_example_answer_fills_its_field(lang):
    plan = load_plan(lang)
    r = new_record(language=lang)
    for step in plan:
        for q in step.questions:
            assert q.example, f"{lang} step {step.number} {q.id} has no example"
            apply_text(r, q.field, q.example)
            assert rec.is_filled(get_field(r, q.field)), (lang, q.field)
    # the criterion example names the requirement example: it links
    assert r.step4.criteria[0].requirement_id == r.step3.requirements[0].id
    # every required field is then filled; step 9 needs the generated judgements too
    for n in range(11):
        if n != 9:
            assert step_status(r, n) == "done", (lang, n, rec.missing_fields(r, n))


def test_lines_typed_as_a_list_are_shown_without_their_bullets():
    r = rec.new_record("x")
    rec.apply_text(r, "step0.who", "- medewerkers van Stadsbeheer\n- bewoners\n* chauffeurs")
    assert rec.format_value(r.step0.who) == "medewerkers van Stadsbeheer\nbewoners\nchauffeurs"
    assert r.step0.who.startswith("- medewerkers")  # stored as typed
    assert rec.format_value("1. eerst\n2. dan") == "1. eerst\n2. dan"  # numbers carry the order


@pytest.mark.parametrize("text, expected", [
    ("Robotic process automation; middel; 9; matig; veel partijen; schijnoplossing",
     ("middel", 9, "matig", "veel partijen", "schijnoplossing", {})),
    # the TRL left out (one part short, no number in its place): the rest keeps its meaning
    ("RPA; middel; matig; veel partijen; schijnoplossing",
     ("middel", None, "matig", "veel partijen", "schijnoplossing", {})),
    # all parts there but the TRL unreadable: said, not stored, not shifted
    ("RPA; middel; hoog; matig; veel partijen; schijnoplossing",
     ("middel", None, "matig", "veel partijen", "schijnoplossing", {"trl": "hoog"})),
    ("RPA; middel; matig; TRL 9; veel partijen", ("middel", 9, "matig", "veel partijen", "", {})),
    ("RPA; fit: goed; hoog; 7", ("hoog", 7, "goed", "", "", {})),
    ("RPA; a; 3; b; c; d; e", ("a", 3, "b", "c", "d; e", {})),
    # a range is no one level: said and asked again (its first number was stored, "TRL 4-5" as 4)
    ("RPA; middel; TRL 4-5; matig", ("middel", None, "matig", "", "", {"trl": "TRL 4-5"})),
    ("RPA; middel; 4 tot 5; matig", ("middel", None, "matig", "", "", {"trl": "4 tot 5"})),
    ("RPA; trl: 6/7; fit: matig", ("", None, "matig", "", "", {"trl": "6/7"})),
])
def test_assessment_parts_in_the_order_of_the_question(text, expected):
    a = rec.Assessment.from_text(text)
    assert (a.potential, a.trl, a.fit, a.market_parties, a.risks, a.unread()) == expected


# --- the package's rooms -----------------------------------------------------------------------
#: The public names `assistant.plan.record` had as one module (its own definitions, not what it
#: imported), taken from that module before it became a package: none may go missing.
PUBLIC_NAMES_BEFORE_THE_SPLIT = {
    "Aspect", "Assessment", "Barrier", "Contact", "Criterion", "Entry", "FieldKind",
    "FieldPathError", "FieldSpec", "FinalVerdict", "FundamentalRight", "IPArrangements",
    "Judgement", "JudgementVerdict", "LabeledEnum", "Lang", "Outcome", "OutcomePlan", "ParseError",
    "Precondition", "Preconditions", "Procedure", "ProcurementStrategy", "ProjectMeta",
    "ProjectRecord", "REQUIRED_FIELDS", "RecordError", "Requirement", "RequirementKind",
    "RightImpact", "RightsCheck", "SCHEMA_VERSION", "STEP_NUMBERS", "ShortlistItem", "SourceKind",
    "Step0", "Step1", "Step10", "Step2", "Step3", "Step4", "Step5", "Step6", "Step7", "Step8",
    "Step9", "StepStatus", "Technology", "TextEntry", "add_entry", "apply_text", "clean_text",
    "edit_entry", "field_spec", "find_entry", "find_judgement", "find_requirement", "format_value",
    "get_field", "is_filled", "is_valid_path", "judge", "judgement_items", "list_fields",
    "missing_fields", "new_id", "new_record", "next_open_step", "parse_bool", "parse_entry",
    "parse_number", "parse_value", "remove_entry", "set_field", "step_status", "unjudged_items",
    "utcnow",
}
#: Lowest first: a room may import only rooms before it.
ROOMS = ("errors", "parsing", "enums", "status", "model", "paths")


def test_every_public_name_of_the_old_module_is_still_there():
    import types

    public = {n for n in dir(rec) if not n.startswith("_")
              and not isinstance(getattr(rec, n), types.ModuleType)}
    # added since: the base of the models typed and shown as one line; a record under its
    # project's current name (a renamed project exported under its first name); whether a value
    # holds anything to show (a precondition's note without yes or no); emptying a field of one
    # value (/verwijder on an answer stored by mistake); whether an answer opens by saying it is
    # not known yet (a verdict, the checks); mending criteria's links on import; a pasted cell
    # that is a list's mark and nothing more; what an answer says after its choice
    assert public == PUBLIC_NAMES_BEFORE_THE_SPLIT | {"OneLine", "named_as", "has_content", "clear_field",
                                                      "opens_undecided", "says_not_applicable", "strip_list_mark",
                                                      "is_list_mark", "MAX_LIST_ENTRIES", "MAX_TOTAL_ENTRIES",
                                                      "check_room", "reads_as_judged",
                                                      "RelinkedCriterion", "relink_criteria", "choice_rest",
                                                      # one reading of a weight typed in a criterion's name
                                                      "WEIGHT_NAMED_RE", "BRACKETED_PERCENT_RE", "weight_in_words",
                                                      # an answer "weet ik nog niet, …": kept, its question open
                                                      "says_not_known_yet", "counts_as_answered",
                                                      # the parts a line names of a list's entries, and an
                                                      # entry's own words: which list a line is for (/wijzig)
                                                      "typed_parts", "entry_name",
                                                      # a precondition's note without its answer word
                                                      # ("Deels | partly, …" in the exports)
                                                      "without_answer_word",
                                                      # words after a yes or no that only stress it
                                                      # ("ja hoor"): no explanation
                                                      "only_fillers",
                                                      # a record as the store keeps it: one window's own
                                                      # write read back is no change from elsewhere
                                                      "stored_form",
                                                      # a pasted table's first row that names its columns
                                                      "pasted_header"}
    assert set(rec.__all__) <= public


def test_a_choice_not_among_the_options_is_refused_in_the_catalogs_words_in_both_languages():
    """The message is content (resources/messages/plan.record.paths.toml), shown as written there,
    with the options' labels in each language."""
    with pytest.raises(ParseError) as refused:
        parse_value("step7.procedure", "zomaar iets")
    say = catalog("plan.record.paths").text
    for lang in ("nl", "en"):
        options = ", ".join(label for _, label in Procedure.choices(lang))
        assert refused.value.message(lang) == say("choose_one_of", lang, options=options)
    assert refused.value.message("en").startswith("Choose one of: ") and "SBIR" in refused.value.message("en")


@pytest.mark.parametrize("name, room", [
    ("ParseError", "errors"), ("parse_number", "parsing"), ("Aspect", "enums"),
    ("step_status", "status"), ("ProjectRecord", "model"), ("get_field", "paths"),
])
def test_names_live_in_their_room_and_are_the_same_object_here(name, room):
    import importlib

    module = importlib.import_module(f"assistant.plan.record.{room}")
    assert getattr(rec, name) is getattr(module, name)


def test_rooms_import_only_the_rooms_below_them_and_nothing_above_plan():
    import ast
    from pathlib import Path

    folder = Path(rec.__file__).parent
    for i, room in enumerate(ROOMS):
        tree = ast.parse((folder / f"{room}.py").read_text(encoding="utf-8"))
        for node in ast.walk(tree):  # imports for type annotations only do not run
            if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
                node.body = []
        imported = {node.module for node in ast.walk(tree)
                    if isinstance(node, ast.ImportFrom) and node.module}
        imported |= {a.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                     for a in node.names}
        ours = {m for m in imported if m.startswith("assistant.")}
        # and the text catalog, for the messages of its errors (core.errors reads it too), and where
        # the package's data lies (the words that name a table's columns)
        allowed = {f"assistant.plan.record.{r}" for r in ROOMS[:i]} | {"assistant.core.textsafe", "assistant.core.errors",
                                                                        "assistant.core.i18n", "assistant.core.resources"}
        assert ours <= allowed, (room, ours - allowed)


def test_the_record_asks_its_types_not_its_objects():
    """No hasattr, no getattr with a fallback or a literal name in the record's rooms or the
    example readers: what a value can do follows from its type (OneLine, _Model, Entry)."""
    import ast
    from pathlib import Path

    import assistant.learn.example
    import assistant.plan.example

    folder = Path(rec.__file__).parent
    files = [*sorted(folder.glob("*.py")), Path(assistant.learn.example.__file__),
             Path(assistant.plan.example.__file__)]
    probes = []
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            literal = len(node.args) > 1 and isinstance(node.args[1], ast.Constant)
            if node.func.id == "hasattr" or (node.func.id == "getattr"
                                             and (len(node.args) > 2 or literal)):
                probes.append(f"{path.name}:{node.lineno}: {ast.unparse(node)}")
    assert probes == []


def test_a_one_line_part_is_parsed_and_shown_as_one_line_and_a_group_is_not():
    impact = parse_value("step2.rights.privacy", "camerabeelden; maatregel: wissen op het apparaat")
    assert isinstance(impact, rec.OneLine)
    # the measure by its label, not an arrow never typed; it reads back as it was typed
    assert rec.format_value(impact) == "camerabeelden; maatregel: wissen op het apparaat"
    english = parse_value("step2.rights.dignity", "Small: cameras only count cars; mitigation: images are processed on the device")
    assert rec.format_value(english, "en") == "Small: cameras only count cars; mitigation: images are processed on the device"
    assert parse_value("step2.rights.dignity", rec.format_value(english, "en")) == english
    with pytest.raises(FieldPathError, match="groep velden"):
        parse_value("step6.ip", "alles open source")
    ip = rec.IPArrangements(ownership="gemeente", data="open")
    assert rec.format_value(ip) == "ownership: gemeente; data: open"


@pytest.mark.parametrize(("text", "value", "note"), [
    ("niet echt, iedereen zit vol", False, "niet echt, iedereen zit vol"),  # was "✗ echt, iedereen zit vol"
    ("geen tijd want iedereen zit vol", False, "geen tijd want iedereen zit vol"),
    ("onvoldoende budget", False, "onvoldoende budget"),
    ("geregeld via de begroting", True, "geregeld via de begroting"),
    ("nee, eigenlijk niet", False, "eigenlijk niet"),
    ("ja de wethouder steunt het", True, "de wethouder steunt het"),
    ("nog niet, volgend jaar", False, "volgend jaar"),
    ("voldoende", True, ""),
    # a hedged yes or no: "denk het wel" was read as neither, the question left open
    ("denk het wel, mijn manager wil het graag", True, "mijn manager wil het graag"),
    ("ik denk van niet", False, ""), ("I think so, the board agreed", True, "the board agreed"),
    ("ik denk dat het lukt", None, "ik denk dat het lukt"),
])
def test_a_yes_or_no_word_that_belongs_to_the_phrase_stays_in_the_note(text, value, note):
    from assistant.plan.record.parsing import parse_bool

    assert parse_bool(text) == (value, note)


def test_a_trl_written_in_prose_is_the_entrys_trl_and_what_stays_empty_is_named():
    from assistant.plan.record.model import Assessment

    prose = Assessment.from_text("iVRI: veel potentie, TRL 7 denk ik, past goed, markt: een paar grote partijen")
    assert prose.trl == 7  # it stood inside the name, and the export's TRL column was empty
    assert prose.empty_parts("nl") == ["potentie", "fit", "risico's"]
    assert prose.empty_parts("en") == ["potential", "fit", "risks"]
    assert Assessment.from_text("RPA; middel; TRL 4-5; goed").trl is None  # a range stays unread
    assert Assessment.from_text("Camera; hoog; TRL 8; past; vijf; privacy").empty_parts() == []
    # and it leaves the words it stood in: "Drones TRL 7" read back as "Drones TRL 7; TRL 7"
    assert Assessment.from_text("Drones TRL 7").summary("nl") == "Drones; TRL 7"
    named = Assessment.from_text("Voorspellend onderhoud met AI, TRL 6, risico dat monteurs het model niet vertrouwen")
    assert (named.technology, named.trl) == ("Voorspellend onderhoud met AI, risico dat monteurs het model niet vertrouwen", 6)
    # nor a dash or a bracket that led to it: "beeldherkenning - , privacy …", "iVRI , past goed"
    dashed = Assessment.from_text("camera's met beeldherkenning - trl 6, privacy is een groot risico")
    assert (dashed.technology, dashed.trl) == ("camera's met beeldherkenning, privacy is een groot risico", 6)
    assert Assessment.from_text("iVRI (TRL 7), past goed").technology == "iVRI, past goed"


@pytest.mark.parametrize(("text", "expected", "empty"), [
    # "TRL weet ik niet" in the TRL's place was stored as the fit, and the TRL asked for
    ("Camera's met beeldherkenning; minder sensoren nodig per straat; TRL weet ik niet",
     ("minder sensoren nodig per straat", None, "", "", ""), ["TRL", "fit", "markt", "risico's"]),
    ("Camera; hoog; TRL: ?; past; vijf; privacy", ("hoog", None, "past", "vijf", "privacy"), ["TRL"]),
    ("Camera; hoog; onbekend; past; vijf; privacy", ("hoog", None, "past", "vijf", "privacy"), ["TRL"]),
    ("Camera; hoog; ?; past", ("hoog", None, "past", "", ""), ["TRL", "markt", "risico's"]),
    # the other labelled parts the same, in either language
    ("Camera; markt weet ik niet; hoog", ("hoog", None, "", "", ""), ["TRL", "fit", "markt", "risico's"]),
    ("Camera; goed; risico op privacyklachten", ("goed", None, "", "", "risico op privacyklachten"),
     ["TRL", "fit", "markt"]),
    ("Camera; market: unknown; high; TRL unknown", ("high", None, "", "", ""), ["TRL", "fit", "markt", "risico's"]),
    ("Camera; fit ?; hoog; 7", ("hoog", 7, "", "", ""), ["fit", "markt", "risico's"]),
])
def test_a_part_that_opens_with_its_label_is_that_part_and_unknown_leaves_it_open(text, expected, empty):
    a = rec.Assessment.from_text(text)
    assert (a.potential, a.trl, a.fit, a.market_parties, a.risks) == expected
    assert a.empty_parts("nl") == empty
    assert a.unread() == {}


def test_a_label_without_its_colon_is_not_doubled_into_the_value():
    # "potentie hoog" was stored and shown as "potentie: potentie hoog"
    a = rec.Assessment.from_text("AI-voorspelling; potentie hoog; TRL 5; fit goed; markt weinig; risico's privacy")
    assert (a.potential, a.trl, a.fit, a.market_parties, a.risks) == ("hoog", 5, "goed", "weinig", "privacy")
    assert a.summary("nl") == "AI-voorspelling; potentie: hoog; TRL 5; fit: goed; markt: weinig; risico's: privacy"
    # a label that is a word of the phrase stays in it
    assert rec.Assessment.from_text("Camera; goed; risico op privacyklachten").risks == "risico op privacyklachten"


def test_a_part_typed_as_unknown_is_named_as_typed():
    # "potential: unknown" vanished, and the reply said "Still empty: potential"
    a = rec.Assessment.from_text("Drone surveillance of parking; potential: unknown; TRL 5; fit: poor; "
                                 "market: few; risks: privacy")
    assert a.potential == "" and a.unknown_parts("en") == {"potential": "unknown"}
    assert rec.Assessment.from_text("Camera; hoog; ?; past").unknown_parts("nl") == {"TRL": "?"}
    assert rec.Assessment.from_text("Camera; potentie; TRL 5").unknown_parts("nl") == {}


@pytest.mark.parametrize(("typed", "evidence"), [
    # "met" or "yes" first was stored as met, and the scale-up check on a requirement met in
    # part stayed silent; "not fully" as not met, with "fully met" as its evidence
    ("met partly: 88% within 24 hours", "88% within 24 hours"),
    ("yes, partly — 88%", "88%"),
    ("met only partly — 88%", "88%"),
    ("met in part, 88%", "88%"),
    ("not fully met — 6.8 out of 10 in the survey", "6.8 out of 10 in the survey"),
    ("not entirely met, 88%", "88%"),
    ("not quite — 88% within 24 hours", "88% within 24 hours"),
    ("mostly met — 88% in time", "88% in time"),
    ("partially met — 88%", "88%"),
    ("niet helemaal voldaan, 80%", "80%"),
    ("deels — 80% binnen 48 uur", "80% binnen 48 uur"),
    # a verb before it: "voldoet niet helemaal" was not met (with "helemaal: …" as evidence),
    # "voldoet grotendeels" and "voldoet deels" met
    ("voldoet niet helemaal: monteurs snappen het dashboard", "monteurs snappen het dashboard"),
    ("voldoet grotendeels, 80%", "80%"), ("voldoet deels — 80%", "80%"),
    ("wordt niet helemaal gehaald: 70%", "70%"), ("meets it partly — 70%", "70%"),
])
def test_a_verdict_met_in_part_is_partly_met_however_it_is_worded(typed, evidence):
    judged = rec.Judgement.from_text(typed)
    assert (judged.verdict, judged.evidence) == (rec.JudgementVerdict.PARTLY, evidence)


@pytest.mark.parametrize(("typed", "verdict"), [
    ("voldaan — DPIA akkoord", "met"), ("met — all good", "met"), ("niet voldaan — 84%", "not_met"),
    ("not met — 61%", "not_met"),
])
def test_a_plain_verdict_stays_as_it_was(typed, verdict):
    assert rec.Judgement.from_text(typed).verdict.value == verdict


def test_an_entrys_parts_read_back_without_a_full_stop_before_each_semicolon():
    # "Opschalen. Wie: provincie. Verwachtingen: minder ongelukken" was read back as
    # "Opschalen.; wie: provincie.; verwachtingen: minder ongelukken"
    outcome = parse_value("step5.success", "Opschalen. Wie: provincie. Verwachtingen: minder ongelukken.")
    assert outcome.summary("nl") == "Opschalen; wie: provincie; verwachtingen: minder ongelukken."
    criterion = parse_entry("step4.criteria", "Snelle afhandeling.; doel: 90% binnen 48 uur")
    assert criterion.summary("en") == "Snelle afhandeling; target: 90% binnen 48 uur"


@pytest.mark.parametrize(("typed", "verdict"), [
    # a Dutch verb split from its particle was refused: only the bare word "opschalen" worked
    ("we schalen toch op, het bestuur wil door", FinalVerdict.SCALE_UP),
    ("schaal maar op", FinalVerdict.SCALE_UP), ("we will scale it up", FinalVerdict.SCALE_UP),
    ("opschalen, want het werkt", FinalVerdict.SCALE_UP), ("we stoppen ermee", FinalVerdict.STOP),
])
def test_a_final_verdict_is_read_from_how_people_say_it(typed, verdict):
    assert parse_value("step9.verdict", typed) is verdict


def test_a_final_verdict_said_with_a_negation_is_not_read_as_its_opposite():
    with pytest.raises(ParseError):
        parse_value("step9.verdict", "we schalen het niet op")


def test_a_precondition_reads_back_in_words_not_marks():
    # "✗ het budget …": a screen reader said "ballot x", or nothing, and the "nee" was gone
    assert parse_value("step0.preconditions.budget", "nee, het budget voor 2026 ontbreekt").summary("nl") == \
        "nee, het budget voor 2026 ontbreekt"
    assert parse_value("step0.preconditions.support", "yes, the director supports it").summary("en") == \
        "yes, the director supports it"
    assert parse_value("step0.preconditions.time", "ja").summary("nl") == "ja"



@pytest.mark.parametrize("typed, verdict, evidence", [
    # refused, or "partly met" with "not met" as its evidence
    ("It did not meet it: only 70% of the dike inspected", "not_met", "only 70% of the dike inspected"),
    ("exceeded expectations, 99.9% uptime", "met", "99.9% uptime"),
    ("mostly not met - 2 of 5 sections", "not_met", "2 of 5 sections"),
    ("voldoet grotendeels niet", "not_met", ""),
    ("Mostly met", "partly", ""),
])
def test_verdicts_said_in_a_phrase(typed, verdict, evidence):
    judged = rec.Judgement.from_text(typed)
    assert (judged.verdict.value, judged.evidence) == (verdict, evidence)


def test_a_final_verdict_and_a_strategy_said_in_a_phrase():
    # both were refused
    from assistant.plan.record import FinalVerdict, ProcurementStrategy

    assert FinalVerdict.parse("We need another pilot season before we decide") is FinalVerdict.MORE_RESEARCH
    assert FinalVerdict.parse("nog een pilot nodig") is FinalVerdict.MORE_RESEARCH
    assert ProcurementStrategy.parse("We want to be able to buy straight from the winning supplier afterwards") \
        is ProcurementStrategy.DIRECT_PURCHASE


def test_a_technologys_source_reads_without_nested_brackets():
    # "Camera-analyse met AI (onderzoek (kennisinstelling))", and "(leverancier)" became the
    # market kind with the word gone
    from assistant.plan.record.model import Technology

    assert Technology(name="Drones", source_kind=SourceKind.RESEARCH).summary("nl") == \
        "Drones (onderzoek bij een kennisinstelling)"
    assert Technology.from_text("Magneetveldsensoren (leverancier)").source_kind is SourceKind.MARKET
    # the kind typed as the help lists it: one note of it, not two ("— publicaties of nieuws" was the note)
    assert Technology.from_text("Slimme peilbuizen (publicaties of nieuws)").summary("nl") == \
        "Slimme peilbuizen (publicaties en nieuws)"


@pytest.mark.parametrize(("typed", "kind", "name", "note"), [
    # "Vleermuisvriendelijk amberlicht (onderzoek, kennisinstituut)" was exported so in the name
    # column, beside "Onderzoek bij een kennisinstelling" in the kind's, while a label's words
    # ("(pilots bij andere overheden)") left the name: brackets read as the kind leave it
    ("Camera-telling bij ingangen (marktverkenning)", "market", "Camera-telling bij ingangen", ""),
    ("Drones (onderzoek)", "research", "Drones", ""),
    ("Drones (research)", "research", "Drones", ""),
    ("Smart gauges (publications or news)", "publications", "Smart gauges", ""),
    ("Vleermuisvriendelijk amberlicht (onderzoek, kennisinstituut) - Wageningen UR", "research",
     "Vleermuisvriendelijk amberlicht", "Wageningen UR"),
    ("Drones — zie rapport (onderzoek)", "research", "Drones", "zie rapport"),  # at the line's end, after the note
])
def test_a_technologys_kind_of_source_is_read_and_leaves_the_name(typed, kind, name, note):
    from assistant.plan.record.model import Technology

    entry = Technology.from_text(typed)
    assert (entry.source_kind.value, entry.name, entry.note) == (kind, name, note)
    assert entry.summary("nl").startswith(f"{name} ({entry.source_kind.label('nl')})")
    again = Technology.from_text(entry.summary("nl"))  # edited as shown (/wijzig): the same entry
    assert (again.name, again.source_kind, again.note) == (entry.name, entry.source_kind, entry.note)
    # the kind's own label typed is the label, in either language, as before
    assert Technology.from_text("Drones (hackathon) — zie rapport").summary("en") == "Drones (hackathon) — zie rapport"
    assert Technology.from_text("Vulgraadsensoren (pilots bij andere overheden)").summary("en") == \
        "Vulgraadsensoren (pilots at other governments)"


def test_a_criterion_naming_a_requirement_before_step_3_has_it_links_once_it_is_there():
    # "eis: 2" typed in step 4 before step 3: it stayed a bare number, meant whichever
    # requirement was second, and after requirement 1 was removed named another without a word
    from assistant.plan.record import find_requirement, remove_entry

    r = new_record()
    [criterion] = apply_text(r, "step4.criteria", "Gebruiksgemak voor dijkwachters; eis: 2")
    assert criterion.requirement_id is None
    apply_text(r, "step3.requirements", "Open API")
    assert criterion.requirement_id is None  # no second requirement yet
    apply_text(r, "step3.requirements", "Data blijft eigendom van het waterschap\nVoldoet aan de Waterwet")
    data = r.step3.requirements[1]
    assert criterion.requirement_id == data.id
    remove_entry(r, "step3.requirements", r.step3.requirements[0].id)
    assert criterion.requirement_id == data.id and criterion.requirement == "1"  # the number moves with it
    assert find_requirement(r, criterion.requirement) is data


@pytest.mark.parametrize(("answer", "answered"), [
    ("weet ik nog niet, hangt af van de marktconsultatie", False),
    ("Ik weet het nog niet: de directie beslist in maart", False),
    ("not sure yet, depends on the pilot", False),
    ("I don't know yet; the supplier will tell us", False),
    # still to be asked of someone: "dat moet ik aan mijn manager vragen" closed a required question
    ("dat moet ik aan mijn manager vragen", False), ("moet ik nog navragen bij de controller", False),
    ("ik vraag het na bij financiën", False), ("I need to check with my manager", False),
    ("will ask my manager", False), ("I'll check with the controller next week", False),
    ("ja, mijn manager heeft 20.000 euro toegezegd", True), ("we moeten de leverancier vragen om een demo", True),
    ("the supplier will check with the municipality", True),
    # how things stand, not what the user does not know: an answer
    ("nog niet besloten, de raad beslist in mei", True),
    ("nog geen dekking voor de opschaling", True),
    ("Bewoners van de binnenstad", True),
])
def test_a_text_that_says_it_is_not_known_yet_is_kept_and_leaves_the_question_open(answer, answered):
    r = rec.new_record("x")
    rec.apply_text(r, "step0.who", answer)
    assert r.step0.who == answer  # kept as typed, the reason with it
    assert rec.counts_as_answered(r.step0.who) is answered
    assert ("step0.who" in rec.missing_fields(r, 0)) is not answered
