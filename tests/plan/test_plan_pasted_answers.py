"""Answers drafted in Word and pasted: a table's header row, lines of one text, a yes or no with
its sentence after it; through the real engine, the real step data and the store."""

from __future__ import annotations

import pytest

from assistant.plan import record as rec
from assistant.plan.messages import msg
from assistant.services.conversation import open_conversation
from assistant.store import Store

STEP = {"nl": "/stap", "en": "/step"}


def opened_at(store, settings, lang: str, where: str):
    c = open_conversation(settings, store, "Slimme afvalinzameling", lang=lang, guidance=None)
    c.start()
    c.handle(f"{STEP[lang]} {where}")
    return c


def reopen(settings) -> rec.ProjectRecord:
    with Store(settings.database_path) as other:
        return other.load_record(other.find_project("Slimme afvalinzameling").id, rec.ProjectRecord)


@pytest.mark.parametrize(("lang", "table", "header", "stored"), [
    ("nl", "Organisatie\tOnderwerp\tContactpersoon\n"
           "Gemeente Utrecht\tSlimme verkeerslichten\tJan de Vries, projectleider\n"
           "Provincie Gelderland\tSensoren op dijken\tmevr. A. Bakker",
     "Organisatie — Onderwerp — Contactpersoon",
     ["Gemeente Utrecht — Slimme verkeerslichten — Jan de Vries, projectleider",
      "Provincie Gelderland — Sensoren op dijken — mevr. A. Bakker"]),
    ("en", "Organisation\tTopic\tContact person\n"
           "City of Amersfoort\tSensors in 120 waste containers\tP. de Boer\n"
           "Rijkswaterstaat\tDrone inspection of bridges\tK. Jansen, innovation advisor",
     "Organisation — Topic — Contact person",
     ["City of Amersfoort — Sensors in 120 waste containers — P. de Boer",
      "Rijkswaterstaat — Drone inspection of bridges — K. Jansen, innovation advisor"]),
])
def test_a_pasted_tables_header_row_is_no_entry_and_is_said(store, settings, lang, table, header, stored):
    # Word's header row "Organisatie<tab>Onderwerp<tab>Contactpersoon" was stored as the first
    # contact, and exported as an organisation
    c = opened_at(store, settings, lang, "1 2")
    assert c.pending.field == "step1.contacts"
    turns = c.handle(table)
    assert [e.summary(lang) for e in reopen(settings).step1.contacts] == stored
    said = msg("header_row_skipped", lang, row=header)
    assert [t.kind for t in turns if t.text == said] == ["info"]
    assert turns.index(next(t for t in turns if t.text == said)) < turns.index(next(t for t in turns if t.kind == "stored"))


@pytest.mark.parametrize(("lang", "table", "first"), [
    # a table of short words throughout: its first row is as much an entry as the others
    ("nl", "Drones\tinspectie\nSensoren\tvulgraad", "Drones — inspectie"),
    # a first row of names above names that share its words: a column of municipalities
    ("nl", "Gemeente Utrecht\tVerkeerslichten\nGemeente Zwolle\tSensoren in 12 containers", "Gemeente Utrecht — Verkeerslichten"),
    # a first row that reads as a sentence, in lower case: data
    ("en", "City of Delft\ttraffic lights\tJ. Smit\nRijkswaterstaat\tbridges, 2023 pilot\tK. Jansen", "City of Delft — traffic lights — J. Smit"),
    # short capitalised names above longer rows: entries, named by nothing that names a column
    ("nl", "Rijkswaterstaat\tDigitale tweeling\nProRail\tSensoren op het spoor, pilot 2024", "Rijkswaterstaat — Digitale tweeling"),
    ("nl", "TNO\tOnderzoek\nTU Delft\tPrototype met 3 sensoren.", "TNO — Onderzoek"),
])
def test_a_pasted_table_without_a_header_keeps_its_first_row(store, settings, lang, table, first):
    c = opened_at(store, settings, lang, "1 2")
    turns = c.handle(table)
    assert [e.summary(lang) for e in reopen(settings).step1.contacts][0] == first
    assert not [t for t in turns if t.text.startswith(msg("header_row_skipped", lang, row="").split("“")[0])]


def test_a_header_that_names_the_entrys_parts_still_keys_its_columns(store, settings):
    # "Criterium<tab>Doel<tab>Eis" names a criterion's parts: its columns are read by them, and
    # the row is not said to be skipped as an unknown header
    c = opened_at(store, settings, "nl", "4")
    turns = c.handle("Criterium\tDoel\tEis\nZoekverkeer daalt\t30% minder\tgeen\nTevreden bewoners\tcijfer 8 of hoger")
    assert [(x.text, x.target) for x in reopen(settings).step4.criteria] == [
        ("Zoekverkeer daalt", "30% minder"), ("Tevreden bewoners", "cijfer 8 of hoger")]
    assert not [t for t in turns if "Criterium — Doel — Eis" in t.text]


@pytest.mark.parametrize(("typed", "impact", "mitigation"), [
    # a sentence's end, then its next sentence on a line of its own: one text
    ("Klein effect.\nHet contact met fietsers verandert niet.",
     "Klein effect. Het contact met fietsers verandert niet.", ""),
    ("Groot: camera's zien gezichten!\nOok van voorbijgangers.",
     "Groot: camera's zien gezichten! Ook van voorbijgangers.", ""),
    # a measure's sentence goes on with the measure, not the impact
    ("Klein.\nmaatregel: beelden worden op de camera geanonimiseerd.\nEr wordt niets opgeslagen.",
     "Klein.", "beelden worden op de camera geanonimiseerd. Er wordt niets opgeslagen."),
    # short lines without an end are items, as they were
    ("Klein effect\nalleen kentekens", "Klein effect; alleen kentekens", ""),
])
def test_lines_of_a_one_field_answer_that_end_a_sentence_are_joined_as_sentences(store, settings, typed, impact,
                                                                                  mitigation):
    # "Klein effect.; Het contact met fietsers verandert niet." was stored and exported
    c = opened_at(store, settings, "nl", "2 3")
    assert c.pending.field.startswith("step2.rights.")
    part = c.pending.field.rsplit(".", 1)[1]
    c.handle(typed)
    stored = getattr(reopen(settings).step2.rights, part)
    assert (stored.impact, stored.mitigation) == (impact, mitigation)


def test_a_tab_in_a_one_field_answer_is_one_space(store, settings):
    c = opened_at(store, settings, "nl", "0 1")
    c.handle("Bruggen\tslijten sneller \t\tdan gepland")
    assert reopen(settings).step0.need == "Bruggen slijten sneller dan gepland"


@pytest.mark.parametrize(("lang", "typed", "shown"), [
    ("nl", "Ja. Het budget is € 300.000.", "Ja. Het budget is € 300.000."),
    ("nl", "ja. Het budget is € 300.000.", "Ja. Het budget is € 300.000."),
    ("en", "Yes. The budget is €300,000.", "Yes. The budget is €300,000."),
    ("nl", "ja, de wethouder steunt het", "ja, de wethouder steunt het"),
])
def test_a_yes_or_no_before_a_sentence_is_shown_as_a_sentence_everywhere(store, settings, lang, typed, shown):
    # "Ja. Het budget …" was shown "Ja, Het budget …" in the confirmation, /dossier and "Huidig antwoord"
    c = opened_at(store, settings, lang, "0 6")
    assert c.pending.field == "step0.preconditions.budget"
    confirmed = next(t for t in c.handle(typed) if t.kind == "stored")
    assert shown in confirmed.text
    assert shown in c.handle(f"{'/record' if lang == 'en' else '/dossier'} 0")[0].text
    asked = c.handle(f"{STEP[lang]} 0 6")
    assert any(shown in t.text for t in asked if t.kind == "ask")
    assert reopen(settings).step0.preconditions.budget.summary(lang) == shown


@pytest.mark.parametrize(("typed", "shown"), [("ja, Gemeente Utrecht betaalt", "ja, Gemeente Utrecht betaalt"),
                                              ("nee, WOZ", "nee, WOZ"), ("yes, EU funding", "yes, EU funding"),
                                              ("Ja. Het budget is € 300.000.", "Ja. Het budget is € 300.000.")])
def test_a_name_after_a_yes_or_no_keeps_its_comma(typed, shown):
    # "ja, Gemeente Utrecht betaalt" was shown "Ja. Gemeente Utrecht betaalt": a name opens no sentence
    assert rec.format_value(rec.Precondition.from_text(typed)) == shown


@pytest.mark.parametrize(("typed", "verdict", "evidence"), [
    ("ja hoor, servers staan in Frankfurt", rec.JudgementVerdict.MET, "servers staan in Frankfurt"),
    ("Verschil tussen droge en natte plekken is goed zichtbaar: voldaan", rec.JudgementVerdict.MET,
     "Verschil tussen droge en natte plekken is goed zichtbaar"),
    ("81% binnen 48 uur, dus deels", rec.JudgementVerdict.PARTLY, "81% binnen 48 uur"),
    ("the data stays in the EU, so met", rec.JudgementVerdict.MET, "the data stays in the EU"),
])
def test_a_verdict_said_last_or_after_a_filler_is_read(typed, verdict, evidence):
    # "…: voldaan" was refused ("Geef een oordeel"), and "ja hoor, …" kept "hoor, …" as its evidence
    judged = rec.Judgement.from_text(typed)
    assert (judged.verdict, judged.evidence) == (verdict, evidence)


@pytest.mark.parametrize(("typed", "note"), [("ja hoor, servers staan in Frankfurt", "servers staan in Frankfurt"),
                                             ("ja zeker, de wethouder steunt het", "de wethouder steunt het"),
                                             ("yes, of course: the board agreed", "the board agreed")])
def test_a_filler_after_yes_is_no_part_of_the_explanation_after_it(typed, note):
    assert rec.parse_bool(typed) == (True, note)


@pytest.mark.parametrize("table", ["Stakeholder\tBelang\tInvloed\nGemeente Zwolle\tVeel, want 40% van de kosten\tGroot",
                                   "Risico\tKans\tGevolg\nUitval van sensoren\t10%\tGeen meting"])
def test_a_header_with_one_word_that_names_a_column_is_a_header(table):
    assert rec.pasted_header("step1.contacts", table) == table.split("\n")[0].split("\t")
