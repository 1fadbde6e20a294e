"""How typed answers are read: amounts in words, "only partly", a single character at an open
question, through the real engine and the real step data."""

from __future__ import annotations

import pytest

from assistant.core.numbers import with_digits
from assistant.core.textsafe import escape_markdown
from assistant.plan import record as rec
from assistant.plan.checks import money_amount, run_checks
from assistant.plan.conversation.text import question_label
from assistant.plan.messages import msg
from assistant.services.conversation import open_conversation
from assistant.store import Store


def opened_at(store, settings, lang: str, where: str):
    c = open_conversation(settings, store, "Slimme afvalinzameling", lang=lang, guidance=None)
    c.start()
    c.handle(f"/step {where}" if lang == "en" else f"/stap {where}")
    return c


def reopen(settings) -> rec.ProjectRecord:
    with Store(settings.database_path) as other:
        return other.load_record(other.find_project("Slimme afvalinzameling").id, rec.ProjectRecord)


@pytest.mark.parametrize(("budget", "mandate", "low"), [
    ("Yes, €600,000", "Yes, up to half a million euros", "€500,000"),
    ("Yes, €600,000", "Yes, up to two hundred thousand euros", "€200,000"),
    ("Yes, 1.2 million euros", "Yes, up to one million euros", "€1,000,000"),
    ("Yes, €600,000", "Yes, up to a hundred thousand euros", "€100,000"),
    ("Ja, € 2 miljoen", "Ja, tot anderhalf miljoen euro", "€1,500,000"),
    ("Ja, € 600.000", "Ja, tot een half miljoen euro", "€500,000"),
    ("Ja, € 600.000", "Ja, tot tweehonderdvijftigduizend euro", "€250,000"),
    ("Yes, €3,000,000", "Yes, up to two and a half million euros", "€2,500,000"),
])
def test_a_mandate_written_in_words_is_checked_against_the_budget(store, settings, budget, mandate, low):
    # "up to half a million euros" was no amount: the mandate below the budget went unsaid
    c = opened_at(store, settings, "en", "0 6")
    assert c.pending.field == "step0.preconditions.budget"
    c.handle(budget)
    turns = c.handle(mandate)
    said = "\n".join(t.text for t in turns)
    assert "The mandate (step 0) goes up to " + low in said


@pytest.mark.parametrize(("text", "amount"), [
    ("up to half a million euros", 500_000), ("two hundred and fifty thousand euros", 250_000),
    ("a million and a half euros", 1_500_000), ("one and a half million euros", 1_500_000),
    ("een half miljoen euro", 500_000), ("anderhalf miljoen", 1_500_000), ("twee ton", 200_000),
    ("anderhalve ton", 150_000), ("2,5 ton", 250_000), ("maximaal vijf ton, later een miljoen", 500_000),
    ("twenty-five thousand euros", 25_000), ("tweeënhalf miljoen euro", 2_500_000),
    # words that are numbers only within one stay words: "ten hoogste", an article
    ("ten hoogste drie ton", 300_000), ("one of the budgets, € 40.000", 40_000),
])
def test_amounts_in_words_are_read(text, amount):
    assert money_amount(text) == amount


def test_words_that_are_no_number_alone_stay_words():
    assert with_digits("een aanbesteding, one of the ten hoogste, half the team") == \
        "een aanbesteding, one of the ten hoogste, half the team"
    assert with_digits("Yes, 1.2 million euros") == "Yes, 1.2 million euros"  # the unit of the digits
    assert with_digits("twee en drie jaar, one two") == "twee en drie jaar, one two"  # no one number


def test_an_amount_with_a_currency_that_cannot_be_read_is_said(store, settings):
    c = opened_at(store, settings, "nl", "0 6")
    turns = c.handle("Ja, een paar ton euro")
    assert "geen bedrag dat ik kan lezen" in turns[0].text
    c = opened_at(store, settings, "en", "0 7")
    turns = c.handle("Yes, up to half a million euros")
    assert "no amount I can read" not in turns[0].text


@pytest.mark.parametrize("answer", [
    "Only partially: 100k euros a year is reserved from 2028, the rest is not arranged",
    "Not fully: 100k euros a year from 2028", "Slechts gedeeltelijk: 1 ton per jaar vanaf 2028",
    "Maar deels, de rest nog niet", "Niet helemaal: alleen 2028 is gedekt", "only partly, 2028 only",
])
def test_only_partly_is_read_as_partly(store, settings, answer):
    c = opened_at(store, settings, "en", "6 10")
    assert c.pending.field == "step6.financial_cover"
    c.handle(answer)
    check = next(x for x in run_checks(reopen(settings)) if x.id == "financial_cover_missing")
    assert "only partly arranged" in check.message("en") and "not arranged yet" not in check.message("en")
    assert rec.Precondition.from_text(answer).partly


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_single_character_at_an_open_question_is_not_stored_until_typed_again(store, settings, lang):
    c = opened_at(store, settings, lang, "6 1")
    assert c.pending.field == "step6.policy_changes"
    turns = c.handle("1")
    assert turns[0].text == msg("reply_too_short", lang, reply="1")
    assert c.pending.field == "step6.policy_changes" and reopen(settings).step6.policy_changes == ""
    c.handle("1")  # meant: stored
    assert reopen(settings).step6.policy_changes == "1"


def test_a_single_character_at_a_list_question_is_no_line_until_typed_again(store, settings):
    # "1" typed twice at a choice: the second became the list's line "2. 1", and the step was done
    c = opened_at(store, settings, "nl", "4 2")
    assert c.pending.kind == "list"
    c.handle("Maandelijks meetrapport")
    assert c.handle("1")[0].text == msg("reply_too_short", "nl", reply="1")
    assert [e.text for e in reopen(settings).step4.deliverables] == ["Maandelijks meetrapport"]
    c.handle("1")  # meant: a line
    assert [e.text for e in reopen(settings).step4.deliverables] == ["Maandelijks meetrapport", "1"]


def test_a_digit_at_a_question_that_asks_how_long_is_stored(store, settings):
    c = opened_at(store, settings, "en", "0 8")
    assert c.pending.field == "step0.duration"
    c.handle("2")
    assert reopen(settings).step0.duration == "2"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_reopening_with_many_earlier_steps_open_ends_in_one_full_stop(store, settings, lang):
    # "… step 3 (question 1, 2, 3, 4, …); …." ended the welcome back in two marks
    c = opened_at(store, settings, lang, "7")
    c.handle("/stap 7" if lang == "nl" else "/step 7")
    welcome = open_conversation(settings, store, "Slimme afvalinzameling", lang=lang, guidance=None).start()[0]
    line = welcome.text.split("\n\n")[1]
    assert "; " + msg("open_before_more", lang, count=3) + ". `/" in line
    assert "…." not in welcome.text


@pytest.mark.parametrize(("typed", "kind", "note"), [
    ("Chatbot (pilot at another government)", rec.SourceKind.PILOTS, ""),
    ("Chatbot (pilot bij een andere overheid)", rec.SourceKind.PILOTS, ""),
    ("Chatbot (pilot at another government, Utrecht)", rec.SourceKind.PILOTS, "Utrecht"),
    # a name says which one: kept
    ("Retrieval-augmented generation (research at TU Delft)", rec.SourceKind.RESEARCH, "research at TU Delft"),
    ("Chatbot (onderzoek TNO)", rec.SourceKind.RESEARCH, "onderzoek TNO"),
])
def test_brackets_that_only_say_the_kind_are_no_note(store, settings, typed, kind, note):
    # "(pilot at another government)" was kept as a note beside "pilots at other governments"
    c = opened_at(store, settings, "en", "1 1")
    assert c.pending.field == "step1.technologies"
    c.handle(typed)
    entry = reopen(settings).step1.technologies[-1]
    assert (entry.source_kind, entry.note) == (kind, note)


@pytest.mark.parametrize(("lang", "qualifier"), [("nl", "in beginsel"), ("en", "as a rule")])
def test_step_7_says_buying_after_an_sbir_is_excluded_as_a_rule_as_the_guidance_does(lang, qualifier):
    # the guidance: "mag in beginsel niet direct na de SBIR ingekocht worden"; the help said "cannot"
    from assistant.plan.steps import load_plan
    step = load_plan(lang).step(7)
    procedure = next(q for q in step.questions if q.field == "step7.procedure")
    assert "SBIR" in procedure.help and qualifier in procedure.help
    sbir_item = next(item for checklist in step.checklists for item in checklist.items if item.startswith("SBIR"))
    assert qualifier in sbir_item


def test_a_university_is_named_in_the_english_label_of_research_and_the_old_label_still_reads():
    # "TU Delft pilots" was shown as "Research at a knowledge institute": a university read as excluded
    assert "university" in rec.SourceKind.RESEARCH.label("en")
    assert rec.SourceKind.parse_exact("research at a knowledge institute") is rec.SourceKind.RESEARCH
    assert rec.SourceKind.parse_exact(rec.SourceKind.RESEARCH.label("en")) is rec.SourceKind.RESEARCH


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("amount", ["50k", "2 ton", "€ 80.000", "ongeveer 1,5 ton", "about 80,000 euros"])
def test_an_amount_alone_says_there_is_a_budget(store, settings, lang, amount):
    # "50k" at "Is er budget?" was stored as "(nog geen ja of nee) 50k", the question left open
    c = opened_at(store, settings, lang, "0 6")
    assert c.pending.field == "step0.preconditions.budget"
    turns = c.handle(amount)
    budget = reopen(settings).step0.preconditions.budget
    assert (budget.ok, budget.note) == (True, amount)
    assert budget.summary(lang) == f"{'yes' if lang == 'en' else 'ja'}, {amount}"
    back = "/back" if lang == "en" else "/terug"
    assert msg("stored_amount_as_yes", lang, back=back) in turns[0].text
    assert msg("stored_open_bool", lang, back=back) not in turns[0].text
    assert c.pending.field == "step0.preconditions.mandate"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_an_amount_is_no_yes_where_it_says_the_money_is_not_there_or_the_question_is_another(store, settings, lang):
    c = opened_at(store, settings, lang, "0 6")
    c.handle("nog geen 50k")
    assert reopen(settings).step0.preconditions.budget.ok is None
    turns = c.handle("€ 500.000")  # the mandate: an amount says how far it reaches, not that there is one
    assert reopen(settings).step0.preconditions.mandate.ok is None
    assert msg("stored_amount_as_yes", lang, back="/back" if lang == "en" else "/terug") not in turns[0].text


@pytest.mark.parametrize(("lang", "typed"), [("nl", "2 ton aangevraagd"), ("nl", "50k, nog niet toegekend"),
                                          ("en", "50k requested"), ("en", "applied for 50k"),
                                          # needed, short, on a condition, hoped for, or nothing at all
                                          ("nl", "we hebben 50k nodig"), ("nl", "50k tekort"), ("en", "we need 50k"),
                                          ("nl", "50k mits de raad instemt"), ("nl", "hopelijk 50k"), ("nl", "€ 0"),
                                          ("nl", "€ 50.000 (nog niet vastgesteld)")])
def test_an_amount_asked_for_and_not_granted_is_no_yes(store, settings, lang, typed):
    c = opened_at(store, settings, lang, "0 6")
    c.handle(typed)
    assert reopen(settings).step0.preconditions.budget.ok is None


@pytest.mark.parametrize(("lang", "typed"), [
    ("nl", "ja hoor"), ("nl", "ja zeker"), ("nl", "ja hoor!"), ("nl", "ja natuurlijk"), ("nl", "Ja, natuurlijk."),
    ("nl", "nee hoor"), ("en", "yes sure"), ("en", "yes of course"), ("en", "Yes, of course!"),
])
def test_words_that_only_stress_a_yes_or_no_are_no_explanation(store, settings, lang, typed):
    # "ja hoor" was stored as "ja, hoor", as if "hoor" said why
    c = opened_at(store, settings, lang, "0 4")
    bare = typed.split()[0].strip(",")  # as typed, as a bare "Ja" is shown
    turns = c.handle(typed)
    support = reopen(settings).step0.preconditions.support
    assert (support.ok, support.note) == (bare.lower() in ("ja", "yes"), "")
    assert support.summary(lang) == bare
    assert turns[0].text.splitlines()[1] == f"> {bare}"


@pytest.mark.parametrize(("lang", "typed"), [("nl", "ja hoor"), ("nl", "Ja, natuurlijk!"), ("en", "yes of course")])
def test_a_yes_with_words_that_only_stress_it_says_little_at_an_open_question(store, settings, lang, typed):
    c = opened_at(store, settings, lang, "0 2")
    assert c.pending.field == "step0.who"
    turns = c.handle(typed)
    word = escape_markdown(typed.strip(".!?,;: "))
    back = "/back" if lang == "en" else "/terug"
    assert msg("stored_bare_reply", lang, word=word, back=back) in turns[0].text


@pytest.mark.parametrize(("lang", "typed"), [
    ("nl", "zelfde als hierboven"), ("nl", "Zie boven!"), ("nl", "idem"), ("nl", "zie vorige antwoord"),
    ("en", "same as above"), ("en", "See above."), ("en", "idem"),
])
def test_an_answer_that_only_points_to_another_is_not_stored(store, settings, lang, typed):
    # "Tijd: zelfde als hierboven" stood in the exported record, nonsense on its own
    c = opened_at(store, settings, lang, "0 5")
    time = "ja, een projectleider voor 0,6 fte" if lang == "nl" else "yes, a project lead for 0.6 FTE"
    c.handle(time)
    assert c.pending.field == "step0.preconditions.budget"
    turns = c.handle(typed)
    budget = reopen(settings).step0.preconditions.budget
    assert (budget.ok, budget.note) == (None, "") and c.pending.field == "step0.preconditions.budget"
    said = turns[0].text
    assert said.startswith(msg("refers_elsewhere", lang, typed=escape_markdown(typed)))
    # the answer it points to, to copy: the one before it
    before = escape_markdown(question_label(c.questions()[4].prompt))
    assert said.endswith(msg("refers_elsewhere_previous", lang, question=before) + f"\n> {time}")
    assert turns[-1].kind == "ask"


def test_an_answer_that_only_points_to_another_adds_no_line_to_a_list(store, settings):
    c = opened_at(store, settings, "nl", "1 1")
    assert c.pending.kind == "list"
    turns = c.handle("zie boven")
    assert turns[0].text == msg("refers_elsewhere", "nl", typed="zie boven")  # no question before it
    assert reopen(settings).step1.technologies == []


@pytest.mark.parametrize("typed", ["€ 80.000 als reservering", "50k, niet meer", "€ 200.000, geen probleem",
                                   "€ 100.000 voor de pilot, niet voor opschaling"])
def test_an_amount_with_ordinary_words_beside_it_is_a_yes(store, settings, typed):
    c = opened_at(store, settings, "nl", "0 6")
    c.handle(typed)
    assert reopen(settings).step0.preconditions.budget.ok is True
