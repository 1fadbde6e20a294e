"""Step files: loading and validating both languages, clear errors for broken files, step 9's
generated questions, and the glossary."""

from __future__ import annotations

import re
import shutil

import pytest

from assistant.plan import record as rec
from assistant.plan.example import example_record, half_filled_record
from assistant.plan.glossary import (
    GlossaryError,
    english_terms_note,
    expand_query,
    load_glossary,
    load_glossary_file,
    lookup,
    suggest,
)
from assistant.plan.steps import (
    STEPS_DIR,
    StepFileError,
    load_plan,
    load_step_file,
    load_steps_dir,
    step9_judgement_questions,
)


#: Words that point at a place on the screen. A question's text and help are read out in a line
#: (plain mode, a screen reader) as well as shown in the app, where the earlier questions are not
#: "above" it: step 2's shortlist asked to fill in "de grondrechtentoets hierboven".
SCREEN_PLACES = re.compile(r"\b(hierboven|hieronder|above|below)\b", re.I)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_no_question_points_at_a_place_on_the_screen(lang):
    for step in load_plan(lang):
        for q in step.questions:
            assert not SCREEN_PLACES.search(f"{q.prompt} {q.help}"), (step.number, q.id)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_all_steps_load(lang):
    plan = load_plan(lang)
    assert sorted(plan.steps) == list(range(11))
    for step in plan:
        assert step.title and step.short_title and len(step.explanation) > 200
        assert step.guidance_query and step.sources
        assert any(s.startswith("Handreiking") for s in step.sources)
        for q in step.questions:
            assert rec.is_valid_path(q.field)
            assert q.field.startswith(f"step{step.number}.")
            assert q.prompt and q.help and q.example
            if q.kind == "choice":
                assert q.choices
        required = {q.field for q in step.questions if q.required}
        expected = set(rec.REQUIRED_FIELDS[step.number]) - {"step9.judgements"}
        assert required == expected


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_questions_of_a_step_have_labels_apart(lang):
    # step 5's trends and scenarios were both labelled "Scenarioplanning (optioneel)" in its summary
    from assistant.plan.conversation.text import question_label

    for step in load_plan(lang):
        labels = [question_label(q.prompt, 160) for q in step.questions]
        assert len(set(labels)) == len(labels), (step.number, labels)


def test_languages_have_the_same_questions():
    nl, en = load_plan("nl"), load_plan("en")
    for n in range(11):
        a, b = nl.step(n), en.step(n)
        assert [(q.id, q.field, q.kind, q.required, q.amount_means_yes) for q in a.questions] == \
               [(q.id, q.field, q.kind, q.required, q.amount_means_yes) for q in b.questions]
        assert [(c.id, len(c.items)) for c in a.checklists] == [(c.id, len(c.items)) for c in b.checklists]
        assert a.terms == b.terms
        assert a.title != b.title or n == 4  # translated (criteria is 'Criteria' in both)


def test_checklists_hold_the_guidance_lists():
    plan = load_plan("nl")
    assert len(plan.step(0).checklist("preconditions").items) == 7
    assert len(plan.step(1).checklist("where_to_look").items) == 8
    rights = plan.step(2).checklist("fundamental_rights").items
    assert len(rights) == 6 and rights[0].startswith("Menselijke waardigheid")
    assert len(plan.step(3).checklist("aspects").items) == 5
    assert len(plan.step(5).checklist("outcomes").items) == 3
    assert len(plan.step(6).checklist("intellectual_property").items) == 7
    assert len(plan.step(7).checklist("procedures").items) == 4
    assert len(plan.step(9).checklist("bit_rules").items) == 10


def test_step_terms_exist_in_glossary():
    g = load_glossary()
    for lang in ("nl", "en"):
        for step in load_plan(lang):
            for key in step.terms:
                assert key in g.terms, (lang, step.number, key)


def test_plan_is_cached_per_language():
    assert load_plan("nl") is load_plan("nl")
    assert load_plan("en") is not load_plan("nl")
    with pytest.raises(ValueError):
        load_plan("de")


def test_choices_are_filled_from_the_enum_when_left_out(tmp_path):
    d = _copy(tmp_path)
    path = d / "step_07.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index("choices = [")
    end = text.index("]\n", start) + 2
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    step = load_step_file(path, 7)
    assert [c.value for c in step.question("procedure").choices] == [
        "proeftuin", "sbir", "innovatiepartnerschap", "prijsvraag"]


# --- broken files ---------------------------------------------------------------------------------
def _copy(tmp_path, lang="nl"):
    d = tmp_path / "steps"
    shutil.copytree(STEPS_DIR / lang, d)
    return d


def _line_of(path, needle):
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return i
    raise AssertionError(needle)


def _break(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_unknown_field_path_names_file_and_line(tmp_path):
    d = _copy(tmp_path)
    path = d / "step_03.toml"
    _break(path, 'field = "step3.budget_ceiling"', 'field = "step3.budget_cieling"')
    with pytest.raises(StepFileError) as exc:
        load_steps_dir(d)
    assert exc.value.path == path
    assert exc.value.line == _line_of(path, "budget_cieling")
    assert "step_03.toml" in str(exc.value) and f"line {exc.value.line}" in str(exc.value)
    assert "step3.budget_cieling" in str(exc.value)


def test_field_of_another_step_is_rejected(tmp_path):
    d = _copy(tmp_path)
    path = d / "step_04.toml"
    _break(path, 'field = "step4.deliverables"', 'field = "step3.timeline"')
    with pytest.raises(StepFileError) as exc:
        load_step_file(path, 4)
    assert exc.value.line == _line_of(path, 'field = "step3.timeline"')


def test_toml_syntax_error_names_line(tmp_path):
    d = _copy(tmp_path)
    path = d / "step_05.toml"
    _break(path, 'id = "failure"', 'id = "failure')
    with pytest.raises(StepFileError) as exc:
        load_steps_dir(d)
    assert exc.value.path == path
    assert exc.value.line == _line_of(path, 'id = "failure')


def test_missing_and_unknown_keys_name_the_table(tmp_path):
    d = _copy(tmp_path)
    path = d / "step_01.toml"
    _break(path, 'prompt = "Met welke organisaties', 'promt = "Met welke organisaties')
    with pytest.raises(StepFileError) as exc:
        load_step_file(path, 1)
    # the second [[questions]] table: either its header (missing 'prompt') or the 'promt' line
    assert exc.value.line in (_line_of(path, "promt ="), _line_of(path, 'id = "contacts"') - 1)
    assert "questions[1]" in str(exc.value)


def test_kind_must_fit_the_field(tmp_path):
    d = _copy(tmp_path)
    path = d / "step_02.toml"
    text = path.read_text(encoding="utf-8")
    i = text.index('field = "step2.shortlist"')
    j = text.index('kind = "list"', i)
    path.write_text(text[:j] + 'kind = "text"' + text[j + len('kind = "list"'):], encoding="utf-8")
    with pytest.raises(StepFileError) as exc:
        load_step_file(path, 2)
    assert "kind" in str(exc.value)
    assert exc.value.line == text[: j].count("\n") + 1


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_only_the_question_whether_there_is_budget_takes_an_amount_as_yes(lang):
    assert [q.field for step in load_plan(lang) for q in step.questions if q.amount_means_yes] == \
        ["step0.preconditions.budget"]


def test_an_amount_as_yes_only_at_a_yes_or_no_question(tmp_path):
    d = _copy(tmp_path)
    path = d / "step_00.toml"
    _break(path, 'field = "step0.duration"\nkind = "text"\n',
           'field = "step0.duration"\nkind = "text"\namount_means_yes = true\n')
    with pytest.raises(StepFileError) as exc:
        load_step_file(path, 0)
    assert "amount_means_yes" in str(exc.value) and "bool" in str(exc.value)
    assert exc.value.line == _line_of(path, 'field = "step0.duration"') + 2  # the flag's own line


def test_bad_choice_duplicate_id_and_required_mismatch(tmp_path):
    d = _copy(tmp_path)
    path = d / "step_07.toml"
    _break(path, '{ value = "sbir"', '{ value = "tender"')
    with pytest.raises(StepFileError) as exc:
        load_step_file(path, 7)
    assert "tender" in str(exc.value) and exc.value.line == _line_of(path, "choices = [")

    d2 = _copy(tmp_path / "b")
    path = d2 / "step_08.toml"
    _break(path, 'id = "risk_allocation"', 'id = "agreements"')
    with pytest.raises(StepFileError) as exc:
        load_step_file(path, 8)
    assert "agreements" in str(exc.value)

    d3 = _copy(tmp_path / "c")
    path = d3 / "step_10.toml"
    text = path.read_text(encoding="utf-8")
    i = text.index('field = "step10.keeping_current"')
    j = text.index("required = true", i)
    path.write_text(text[:j] + "required = false" + text[j + len("required = true"):], encoding="utf-8")
    with pytest.raises(StepFileError) as exc:
        load_step_file(path, 10)
    assert "step10.keeping_current" in str(exc.value)


def test_wrong_number_and_missing_file(tmp_path):
    d = _copy(tmp_path)
    _break(d / "step_06.toml", "number = 6", "number = 5")
    with pytest.raises(StepFileError) as exc:
        load_steps_dir(d)
    assert exc.value.line == _line_of(d / "step_06.toml", "number = 5")
    (d / "step_06.toml").unlink()
    with pytest.raises(StepFileError) as exc:
        load_steps_dir(d)
    assert "step_06.toml" in str(exc.value)


def test_empty_explanation_is_an_error(tmp_path):
    d = _copy(tmp_path)
    path = d / "step_00.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index('explanation = """')
    end = text.index('"""', start + 17) + 3
    path.write_text(text[:start] + 'explanation = "  "' + text[end:], encoding="utf-8")
    with pytest.raises(StepFileError) as exc:
        load_step_file(path, 0)
    assert exc.value.line == _line_of(path, 'explanation = "  "')


# --- step 9 -------------------------------------------------------------------------------------
def test_step9_questions_come_from_the_record():
    r = half_filled_record("nl")
    qs = step9_judgement_questions(r, "nl")
    items = rec.judgement_items(r)
    assert [q.ref_id for q in qs] == [i[0] for i in items]
    assert all(q.kind == "choice" and q.required for q in qs)
    assert r.step3.requirements[0].text in qs[0].prompt
    crit = r.step4.criteria[0]
    crit_q = next(q for q in qs if q.ref_id == crit.id)
    assert crit.text in crit_q.prompt and crit.target in crit_q.prompt and crit_q.ref_kind == "criterion"
    assert {c.value for c in qs[0].choices} == {"met", "partly", "not_met"}

    rec.apply_text(r, qs[0].field, "voldaan — DPIA goedgekeurd")
    left = step9_judgement_questions(r, "en")
    assert len(left) == len(qs) - 1 and qs[0].ref_id not in {q.ref_id for q in left}
    assert left[0].prompt.startswith("Minimum requirement")

    plan = load_plan("nl")
    combined = plan.questions(9, r)
    assert [q.ref_id for q in combined[: len(left)]] == [q.ref_id for q in left]
    assert [q.id for q in combined[len(left):]] == [q.id for q in plan.step(9).questions]
    assert step9_judgement_questions(example_record("nl"), "nl") == []


def test_a_criterion_without_a_target_of_its_own_is_not_said_to_have_none():
    # "(doel: —)" beside "Storingen worden 24 uur van tevoren voorspeld bij 80% van de gevallen",
    # which step 4 had taken as measurable
    r = half_filled_record("nl")
    crit = r.step4.criteria[0]
    crit.text, crit.target = "Storingen worden 24 uur van tevoren voorspeld bij 80% van de gevallen", ""
    prompt = next(q.prompt for q in step9_judgement_questions(r, "nl") if q.ref_id == crit.id)
    assert prompt.startswith(f"Criterium (stap 4): “{crit.text}”. Is het gehaald?") and "—" not in prompt


# --- glossary -----------------------------------------------------------------------------------
@pytest.mark.parametrize("name, key", [
    ("behoefteanalyse", "behoefteanalyse"), ("needs analysis", "behoefteanalyse"),
    ("marktverkenning", "marktverkenning"), ("market consultation", "marktconsultatie"),
    ("SBIR", "sbir"), ("Small Business Innovation Research", "sbir"),
    ("pre-commercial procurement", "pre_commercieel_inkopen"),
    ("innovation partnership", "innovatiepartnerschap"), ("Innovatiepartnerschap", "innovatiepartnerschap"),
    ("proeftuin", "proeftuin"), ("living lab", "proeftuin"), ("pilot", "pilot"),
    ("prijsvraag", "prijsvraag"), ("prize contest", "prijsvraag"), ("TRL", "trl"),
    ("technology readiness level", "trl"), ("Stakeholder Readiness Level", "stakeholder_readiness_level"),
    ("randvoorwaardelijke eisen", "randvoorwaardelijke_eisen"), ("minimum requirements", "minimale_eisen"),
    ("use case", "use_case"), ("interoperabiliteit", "interoperabiliteit"),
    ("vendor lock-in", "vendor_lock_in"), ("leveranciersafhankelijkheid", "vendor_lock_in"),
    ("intellectual property", "intellectueel_eigendom"), ("scale-up plan", "opschalingsplan"),
    ("opschalingsplan", "opschalingsplan"), ("scenario planning", "scenarioplanning"),
    ("BIT", "bit"), ("Bureau ICT Toetsing", "bit"), ("functionele specificaties", "functioneel_specificeren"),
    ("functional specifications", "functioneel_specificeren"), ("fundamental rights", "grondrechten"),
    ("human rights", "grondrechten"), ("mensenrechten", "grondrechten"),
    # an English name in the other number: the app's step 3 said "boundary condition", the
    # glossary listed only "boundary conditions"
    ("boundary condition", "randvoorwaardelijke_eisen"), ("living labs", "proeftuin"),
    ("prize contests", "prijsvraag"),
])
def test_glossary_lookup_in_both_languages(name, key):
    term = lookup(name, "en")
    assert term is not None and term.key == key
    assert term.definition("nl") and term.definition("en")
    assert term.name("en") and term.name("nl")


def test_glossary_render_suggest_and_expand():
    card = lookup("sbir").render("nl")
    assert card.startswith("**SBIR**") and "Zie ook" in card
    # each part a paragraph of its own: single line breaks run together in Markdown
    assert "\n\nBron: " in card and "\n\nZie ook: " in card
    assert lookup("does not exist at all") is None
    assert "vendor lock-in" in suggest("vendor lockin", "en")
    assert [term.key for _, term in load_glossary().named_terms("what is a boundary condition?")] == \
        ["randvoorwaardelijke_eisen"]
    q = expand_query("Can I buy directly after a pre-commercial procurement?")
    assert "pre-commercieel inkopen" in q and "SBIR" in q
    assert "minimale eisen" in expand_query("How many minimum requirements may I set?")
    assert "opschalingsplan" in expand_query("What goes into a scale-up plan?")
    assert "grondrechten" in expand_query("Which human rights does AI touch?")
    assert expand_query("hello there") == "hello there"


@pytest.mark.parametrize("question", ["Is there a subsidy for hospitals?", "How is the funding arranged?",
                                      "Who reviews the bids?", "What are the risks of innovation?"])
def test_the_english_terms_note_gives_no_wider_word_as_the_guidances_name(question):
    # a one-word synonym the search finds a term by is no translation: the note said
    # "subsidy → staatssteun", "funding → raming", "bids → aanbesteding", "innovation → digitale innovatie"
    assert load_glossary().named_terms(question)  # the glossary finds a term by it
    assert english_terms_note(question, "en") is None


def test_the_english_terms_note_names_the_term_the_question_names_not_one_it_is_a_synonym_of():
    """SBIR lists "pre-commercial procurement" among its synonyms: the note said
    "SBIR (Small Business Innovation Research) → SBIR" to a question that never named SBIR; and
    it showed a term's English name ("test bed (proeftuin)"), not the words the question used."""
    note = english_terms_note("Who owns the IP after a pre-commercial procurement?", "en")
    assert note == ("Terms of your question as the guidance names them: pre-commercial procurement → "
                    "pre-commercieel inkopen; IP → intellectueel eigendom.")
    assert english_terms_note("what is a living lab?", "en") == (
        "Terms of your question as the guidance names them: living lab → proeftuin.")
    # a synonym that is no translation of the term's name names nothing (SBIR is one kind of
    # innovation competition)
    assert english_terms_note("How does an innovation competition work?", "en") is None
    # the guidance's own word, with or without what it stands for
    assert english_terms_note("How does SBIR work?", "en") is english_terms_note("What is a TRL?", "en") is None
    assert [t.key for t in load_glossary().dutch_terms_for("pre-commercial procurement")] == [
        "sbir", "pre_commercieel_inkopen"]  # elsewhere (query expansion) both still count
    # a synonym of both names one: "PCP → SBIR; PCP → pre-commercieel inkopen" equated them
    assert english_terms_note("What is PCP?", "en") == (
        "Terms of your question as the guidance names them: PCP → pre-commercieel inkopen.")
    # procurement is inkoop, of which a tender (aanbesteding) is one form: "procurement →
    # aanbesteding" told a newcomer the two were the same
    assert english_terms_note("How does procurement work here?", "en") is None
    assert lookup("procurement", "en") is None and lookup("tender", "en").key == "aanbesteding"


@pytest.mark.parametrize(("question", "answer", "pair"), [
    # a glossary synonym is no translation: the note said "end users → stakeholder" beside
    # quotes that say "eindgebruikers", "buy directly → inkoopstrategie" and "start ups → ondernemer"
    ("Do end users have to be involved?", "Betrek de eindgebruikers al in de ontwerpfase.", "end users → eindgebruikers"),
    ("Can we buy directly after the pilot?", "", "buy directly → direct afnemen"),
    # the English name without its hyphen, or in one word, is still that term's, not SBIR's
    ("Who owns the IP after pre commercial procurement?", "", "pre-commercial procurement → pre-commercieel inkopen"),
    ("What is precommercial procurement?", "", "precommercial procurement → pre-commercieel inkopen"),
    ("What are the rules for pre commercial procurements?", "", "pre commercial procurements → pre-commercieel inkopen"),
    # the Dutch word the quoted answer uses, of those the term and the lexicon agree on
    ("Who owns the intellectual property?", "Bij wie ligt de intellectuele eigendom?",
     "intellectual property → intellectuele eigendom"),
    ("Can an SME take part?", "", "SME → mkb"),
])
def test_the_english_terms_note_gives_the_guidances_word_for_the_words_the_question_used(question, answer, pair):
    note = english_terms_note(question, "en", answer)
    assert note is not None and pair in note
    for loose in ("→ stakeholder", "→ inkoopstrategie", "→ ondernemer", "→ SBIR"):
        assert loose not in note


@pytest.mark.parametrize("question", ["Can start ups take part?", "Can we buy from a start up?",
                                      "Is a proof of concept needed?", "Does machine learning count?"])
def test_the_english_terms_note_names_no_word_the_guidance_only_associates_with_the_term(question):
    # the guidance says "start-up" and "proof of concept" itself: "start ups → ondernemer",
    # "proof of concept → pilot", "machine learning → kunstmatige intelligentie (AI)" named a wider word
    assert load_glossary().named_terms(question)
    assert english_terms_note(question, "en") is None


def test_a_cards_heading_nests_no_brackets_in_brackets():
    # "MEAT (most economically advantageous tender) (NL: EMVI (economisch meest voordelige inschrijving))"
    g = load_glossary()
    for lang in ("nl", "en"):
        for term in g:
            head = term.render(lang, g).split("\n")[0]
            assert not re.search(r"\([^()]*\(", head), head
    assert lookup("EMVI").render("en", g).startswith(
        "**MEAT (most economically advantageous tender)** — NL: EMVI (economisch meest voordelige inschrijving)\n")
    assert lookup("SBIR").render("en", g).startswith("**SBIR (Small Business Innovation Research)** — NL: SBIR\n")


def test_the_glossary_says_what_the_guidance_says_of_gvb():
    # EMVI's card said that in an innovation partnership the award goes to the MEAT, "in het
    # voorbeeld van GVB" on price and quality: GVB chose the competitive procedure with negotiation
    # instead, and its award was only expected
    from assistant.core.resources import DEFAULT_CORPUS_DIR

    corpus = " ".join((DEFAULT_CORPUS_DIR / "001_612382e3c074afb7.txt").read_text(encoding="utf-8").split())
    assert "koos het vervoersbedrijf uiteindelijk voor de mededingingsprocedure met onderhandeling" in corpus
    assert "Naar verwachting wordt in oktober 2018 de opdracht aan een van deze partijen gegund op basis van de " \
           "combinatie van prijs/kwaliteit" in corpus
    # GVB's choice is told on the card of the procedure it chose; EMVI's card defines EMVI
    emvi = lookup("EMVI")
    assert "GVB" not in emvi.definition("nl") and "GVB" not in emvi.definition("en")
    negotiation = lookup("mededingingsprocedure met onderhandeling")
    nl, en = negotiation.definition("nl"), negotiation.definition("en")
    assert "GVB koos ervoor in plaats van een innovatiepartnerschap" in nl and "voorbeeld van GVB" not in nl
    assert "GVB chose it instead of an innovation partnership" in en and "GVB case" not in en


def test_glossary_every_term_is_complete():
    g = load_glossary()
    assert len(g) >= 40
    for term in g:
        assert term.nl and term.en and term.definition_nl and term.definition_en
        assert term.synonyms_en, term.key
        assert "\n" not in term.definition_nl and "\n" not in term.definition_en


def test_broken_glossary_names_file_and_line(tmp_path):
    from assistant.plan.glossary import GLOSSARY_PATH

    path = tmp_path / "glossary.toml"
    text = GLOSSARY_PATH.read_text(encoding="utf-8")
    path.write_text(text.replace('definition_en = "An investigation', 'definitin_en = "An investigation', 1),
                    encoding="utf-8")
    with pytest.raises(GlossaryError) as exc:
        load_glossary_file(path)
    assert exc.value.line is not None and str(path) in str(exc.value)
    path.write_text(text.replace('see_also = ["marktverkenning", "minimale_eisen"]',
                                 'see_also = ["nope"]', 1), encoding="utf-8")
    with pytest.raises(GlossaryError) as exc:
        load_glossary_file(path)
    assert "nope" in str(exc.value) and exc.value.line is not None


def test_an_abbreviation_two_terms_list_is_the_term_whose_name_it_abbreviates():
    # SBIR lists "PCP" among its synonyms (for the search): "what does PCP stand for?" got SBIR
    glossary = load_glossary()
    assert glossary.lookup("PCP", "en").key == "pre_commercieel_inkopen"
    assert glossary.lookup("SBIR", "en").key == "sbir"
    assert {t.key for t in glossary.dutch_terms_for("What does PCP stand for?")} >= {"pre_commercieel_inkopen"}


def test_a_question_given_with_another_names_one_of_its_step(tmp_path):
    # step 7's reasons are given with its procedure in view (the conversation names them when the
    # procedure changes); a relation to a question the step lacks is refused, with its line
    for lang in ("nl", "en"):
        assert load_plan(lang).question(7, "rationale").given_with == ("procedure", "step6.procurement_strategy")
    d = _copy(tmp_path)
    path = d / "step_07.toml"
    _break(path, 'given_with = ["procedure", ', 'given_with = ["procedur", ')
    with pytest.raises(StepFileError) as exc:
        load_step_file(path, 7)
    assert "procedur" in str(exc.value) and exc.value.line == _line_of(path, 'given_with = ["procedur", ')


def test_a_question_given_with_one_of_an_earlier_step_names_one_that_step_has(tmp_path):
    # step 7's procedure, its reasons and the call's intention to buy follow from step 6's
    # strategy; a question step 6 lacks, or one of a later step, is refused with its line
    for lang in ("nl", "en"):
        plan = load_plan(lang)
        assert {q.id for q in plan.step(7).questions if "step6.procurement_strategy" in q.given_with} == \
            {"procedure", "rationale", "tender_contents"}
    for wrong in ("step6.procurement_strateg", "step8.agreements", "step7.procedure"):
        d = _copy(tmp_path / wrong)
        path = d / "step_07.toml"
        _break(path, '"step6.procurement_strategy"]\nprompt = "Wat komt', f'"{wrong}"]\nprompt = "Wat komt')
        with pytest.raises(StepFileError) as exc:
            load_steps_dir(d, "nl")
        assert wrong in str(exc.value) and exc.value.line == _line_of(path, f'given_with = ["{wrong}"]')


def test_a_choice_keeps_its_why_in_a_text_field_of_its_step_without_a_question(tmp_path):
    # step 9's final verdict keeps what is said after it ("meer onderzoek nodig: …") beside it
    for lang in ("nl", "en"):
        assert load_plan(lang).question(9, "verdict").note_field == "step9.verdict_note"
    for wrong in ("step9.verdict_not", "step9.support", "step9.lessons", "step8.agreements"):
        d = _copy(tmp_path / wrong)
        path = d / "step_09.toml"
        _break(path, 'note_field = "step9.verdict_note"', f'note_field = "{wrong}"')
        with pytest.raises(StepFileError) as exc:
            load_step_file(path, 9)
        assert wrong in str(exc.value) and exc.value.line == _line_of(path, f'note_field = "{wrong}"')
