"""The conversation engine: answers stored at once, commands, step 9 from the record, bad input."""

from __future__ import annotations

import json
import re

import pytest

from assistant.answer.extractive import ExtractiveAnswerer
from assistant.plan import record as rec
from assistant.plan.conversation import Conversation, Turn
from assistant.plan import intent as intents
from assistant.plan.messages import msg
from assistant.plan.conversation.text import question_label
from assistant.services.conversation import open_conversation
from assistant.services import Knowledge
from assistant.services.guidance import GuidanceService
from assistant.store import Store
from assistant.core.textsafe import MAX_TEXT_CHARS, escape_markdown


def make(store, settings, name="Slimme afvalinzameling", kb=None, lang=None, **kw) -> Conversation:
    guidance = None if kb is None else GuidanceService(lambda: Knowledge(kb, ExtractiveAnswerer(kb)))
    return open_conversation(settings, store, name, lang=lang, guidance=guidance, **kw)


def step_command(lang: str, where: str) -> str:
    """The command that opens step (and question) `where`, "4" or "4 1": /step in English."""
    return f"/step {where}" if lang == "en" else f"/stap {where}"


def opened_at(store, settings, lang: str, where: str) -> Conversation:
    """A new project's conversation in `lang`, started and moved to `where` by its step command."""
    c = make(store, settings, lang=lang)
    c.start()
    c.handle(step_command(lang, where))
    return c


def kinds(turns: list[Turn]) -> list[str]:
    return [t.kind for t in turns]


def reopen(settings, name="Slimme afvalinzameling") -> rec.ProjectRecord:
    """The record as another process would see it."""
    with Store(settings.database_path) as other:
        project = other.find_project(name)
        return other.load_record(project.id, rec.ProjectRecord)


def test_new_project_opens_step_0_with_its_first_question(store, settings):
    c = make(store, settings)
    turns = c.start()
    assert kinds(turns) == ["welcome", "step", "ask"]  # no answerer: no quote
    assert "Stap 0" in turns[1].text
    assert turns[-1].question_id == "need" and c.pending.field == "step0.need"
    assert c.current_step == 0


def test_answer_is_committed_the_moment_it_is_given(store, settings):
    c = make(store, settings)
    c.start()
    turns = c.handle("Containers raken onvoorspelbaar vol")
    assert kinds(turns) == ["stored", "ask"]
    assert c.pending.id == "who"
    assert reopen(settings).step0.need == "Containers raken onvoorspelbaar vol"
    with Store(settings.database_path) as other:
        state = other.get_state(other.find_project("slimme afvalinzameling").id)
        assert (state.current_step, state.pending) == (0, "who")


def test_lines_typed_as_one_answer_are_quoted_back_line_by_line(store, settings):
    # pasted or typed with ctrl+j, three names were quoted back run together as one line
    c = make(store, settings)
    c.start()
    c.handle("Containers raken onvoorspelbaar vol")
    turns = c.handle("Bewoners in de binnenstad\nDe chauffeurs\nAfdeling Stadsbeheer")
    assert turns[0].kind == "stored"
    assert turns[0].text.splitlines()[1:] == ["> - Bewoners in de binnenstad", "> - De chauffeurs",
                                              "> - Afdeling Stadsbeheer"]
    assert "Afdeling Stadsbeheer" in rec.format_value(reopen(settings).step0.who)
    asked_again = c.handle("/terug")[-1].text  # and shown so when the question comes round again
    assert "- Bewoners in de binnenstad\n- De chauffeurs\n- Afdeling Stadsbeheer" in asked_again
    assert "    - De chauffeurs\n    - Afdeling Stadsbeheer" in c.handle("/dossier")[0].text


def test_bool_choice_and_number_answers(store, settings):
    c = make(store, settings)
    c.start()
    for text in ("volle containers", "bewoners", "sensoren helpen"):
        c.handle(text)
    c.handle("ja, de wethouder steunt het")
    assert c.record.step0.preconditions.support.ok is True
    assert c.record.step0.preconditions.support.note == "de wethouder steunt het"
    c.handle("/stap 7")
    assert c.pending.id == "procedure"
    turns = c.handle("concurrentiegerichte dialoog")  # not one of the choices
    assert turns[0].text.startswith("Dat kan ik niet als antwoord gebruiken: kies een van: ")  # not "…: Kies"
    turns = c.handle("3")  # the third choice
    assert c.record.step7.procedure == rec.Procedure.INNOVATIEPARTNERSCHAP
    assert turns[0].kind == "stored"


def test_a_precondition_answered_without_yes_or_no_is_stored_as_open_and_says_so(store, settings):
    c = make(store, settings)
    c.start()
    for text in ("volle containers", "bewoners", "sensoren helpen"):
        c.handle(text)
    turns = c.handle("de afdeling Openbare Ruimte")  # asked "ja of nee, met toelichting"
    support = reopen(settings).step0.preconditions.support
    assert (support.ok, support.note) == (None, "de afdeling Openbare Ruimte")  # nothing typed is lost
    assert "staat nog open" in turns[0].text and "`/terug`" in turns[0].text
    # the step is not done while a yes/no is open (its list showed ✓ and /dossier "klaar")
    for text in ("ja", "ja", "ja, tot € 2 ton"):
        c.handle(text)
    record = reopen(settings)
    assert rec.missing_fields(record, 0) == ["step0.preconditions.support"]
    assert rec.step_status(record, 0) == "in_progress"
    # what was typed is shown where the record is (it was only in the export)
    assert "(nog geen ja of nee) de afdeling Openbare Ruimte" in c.record_text()
    assert "(nog geen ja of nee) de afdeling Openbare Ruimte" in c.render.summary_text(0)
    c.handle("/stap 0")
    assert c.pending.field == "step0.preconditions.support"  # where the step is still open
    turns = c.handle("ja, de afdeling Openbare Ruimte draagt het")
    assert reopen(settings).step0.preconditions.support.ok is True
    assert "staat nog open" not in turns[0].text
    assert rec.step_status(reopen(settings), 0) == "done"


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("detour", [False, True])
def test_the_way_back_a_note_advises_reaches_its_question(store, settings, lang, detour):
    # "Weet u het, typ dan /terug": said as the conversation went back to step 4, where the user
    # came from, and /terug there opened step 4's last question, not the Draagvlak of step 0
    c = make(store, settings, lang=lang)
    c.start()
    if detour:
        c.handle("/stap 4")
        c.handle("criterium een")
        c.handle("")  # the list closed: worked on in step 4
    c.handle("/stap 0 4")
    turns = c.handle("de afdeling wil het graag")
    stored = next(t for t in turns if t.kind == "stored")
    command = re.search(r"Weet u het, typ dan `([^`]+)`|If you know, type `([^`]+)`", stored.text)
    assert command is not None, stored.text
    typed = command.group(1) or command.group(2)
    assert (typed in ("/stap 0 4", "/step 0 4")) is detour  # /terug where it leads there
    c.handle(typed)
    assert (c.current_step, c.pending.field) == (0, "step0.preconditions.support")


def test_a_bare_yes_to_an_open_question_is_stored_and_said_to_say_little(store, settings):
    # step 0 asks yes/no questions after open ones: "ja" typed for "Waarom zou digitale
    # technologie … kunnen zijn?" was saved without a word
    c = make(store, settings)
    c.start()
    c.handle("volle containers")  # "behoefte" alone names a glossary term: asked about
    c.handle("bewoners")
    assert c.pending.field == "step0.why_digital"
    turns = c.handle("Ja.")
    assert reopen(settings).step0.why_digital == "Ja."  # nothing typed is lost
    assert "open vraag" in turns[0].text and "“Ja”" in turns[0].text and "`/terug`" in turns[0].text
    assert turns[-1].kind == "ask"  # the conversation moves on, as after every answer
    c.handle("/terug")
    turns = c.handle("Sensoren maken vulgraad meetbaar")
    assert "open vraag" not in turns[0].text


@pytest.mark.parametrize(("field", "reply", "said"), [
    ("step3.pm_funding", "ja", False),  # "Is er voldoende financiering …?": yes answers it
    ("step9.support", "nee", False),
    ("step3.use_case", "ja", True),  # "Is er een use case …? Beschrijf stap voor stap hoe …"
    ("step4.communication", "ok", True),  # "Met wie bespreekt u …"
    ("step3.expertise", "ja, intern", False),
    # the other words that only say yes or no: "jazeker" to the use case was stored without a word
    ("step3.use_case", "Jazeker.", True),
    ("step3.use_case", "yep", True),
    ("step3.pm_funding", "jazeker", False),
])
def test_only_an_open_question_answered_with_a_bare_yes_or_no_gets_the_note(store, settings, field, reply, said):
    c = make(store, settings)
    c.start()
    step = int(field.split(".")[0].removeprefix("step"))
    c.handle(f"/stap {step}")
    for _ in range(20):
        if c.pending.field == field:
            break
        c.handle("/volgende")
    assert c.pending.field == field
    turns = c.handle(reply)
    assert ("open vraag" in turns[0].text) is said


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_bare_yes_or_no_to_an_open_list_question_is_no_entry(store, settings, lang):
    # "ja" to step 1's "Welke nieuwe … technologieën …?" was stored as a technology, "ok" to step
    # 10's "Welke nieuwe belemmeringen …?" as a barrier: no word said, and both reached the exports
    from assistant.plan.conversation.text import asks_open
    from assistant.plan.messages import msg
    from assistant.plan.steps import load_plan

    c = make(store, settings, lang=lang)
    c.start()
    yes, ok = ("ja", "ok") if lang == "nl" else ("yes", "okay")
    c.handle("/stap 1 1")
    turns = c.handle(yes)
    assert turns[0].text == msg("list_bare_reply", lang, word=yes) and turns[-1].question_id == "technologies"
    assert c.pending.field == "step1.technologies" and reopen(settings).step1.technologies == []
    c.handle("/stap 10 3")
    c.handle(ok)
    assert c.pending.field == "step10.barriers" and c.record.step10.barriers == []
    c.handle("Geen dekking in kelders — LoRa-gateway")  # an entry is still an entry
    assert len(reopen(settings).step10.barriers) == 1
    # every list question asks an open one ("beschrijf kort de vier scenario's" has no question word)
    lists = [q for step in load_plan(lang) for q in step.questions if q.kind == "list"]
    assert [q.field for q in lists if not asks_open(q.prompt)] == []


def test_an_english_conversation_says_so_in_english(store, settings):
    c = make(store, settings, lang="en")
    c.start()
    c.handle("need")
    c.handle("residents")
    turns = c.handle("yes")
    assert "This is an open question: “yes” alone says little" in turns[0].text


def test_unparseable_answer_gets_a_message_and_the_question_again(store, settings):
    c = make(store, settings)
    c.start()
    c.handle("/stap 2")
    assert c.pending.id == "assessments"
    turns = c.handle("Vulgraadsensoren; TRL 12")
    assert kinds(turns) == ["error", "ask"]
    assert "TRL" in turns[0].text and turns[1].question_id == "assessments"
    assert c.record.step2.assessments == []
    c.handle("/stap 7")
    turns = c.handle("een tombola")
    assert kinds(turns) == ["error", "ask"] and c.record.step7.procedure is None
    turns = c.handle("9")  # out of the choice range: not a choice number
    assert kinds(turns) == ["error", "ask"]


@pytest.mark.parametrize(("hint", "separator"), [("list_hint", "blok"), ("list_hint_app", "ctrl+j")])
def test_the_hint_for_several_entries_offers_semicolons_only_where_they_separate_entries(store, settings, hint,
                                                                                        separator):
    # step 2's candidates take ";" between their parts: "Sensoren; TRL 6; Drones; TRL 4" is one entry
    c = make(store, settings, multiline_hint=hint)
    c.start()
    assessments = c.handle("/stap 2")[-1].text
    assert separator in assessments and "de `;` scheidt hier de onderdelen van één kandidaat" in assessments
    c.handle("Sensoren; TRL 6; Drones; TRL 4")
    assert len(c.record.step2.assessments) == 1  # as the hint says
    barriers = c.handle("/stap 1")[-1].text
    assert c.pending.kind == "list" and "scheidt hier de onderdelen" not in barriers
    assert "Meerdere regels?" in barriers
    # step 4's criteria take their target and requirement after a ";", as its example shows:
    # "and ; separates entries too" contradicted the question
    criteria = c.handle("/stap 4")[-1].text
    assert c.pending.id == "criteria" and separator in criteria
    assert "binnen een regel scheidt de `;` de onderdelen" in criteria and "scheidt regels" not in criteria
    c.handle("Uptime; doel: 99,5%; eis: AVG-conform")
    assert len(c.record.step4.criteria) == 1  # as the hint says


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_semicolon_separates_entries_on_every_list_whose_hint_says_so(store, settings, lang):
    # step 4's deliverables: "… en ook ; scheidt regels", yet "een rapport met de meetresultaten
    # van de pilot; advies van handhavers als eindgebruikers" was one entry, the ";" kept
    from assistant.plan.messages import msg
    from assistant.plan.conversation.answers import example_has_parts, split_list_answer
    from assistant.plan.conversation.text import parts_in_order
    from assistant.plan.steps import load_plan

    line = "een rapport met de meetresultaten van de pilot; advies van handhavers als eindgebruikers"
    offered = [q for step in load_plan(lang) for q in step.questions
               if q.kind == "list" and not parts_in_order(q.field) and not example_has_parts(q)]
    assert offered and "`;`" in msg("list_hint_app", lang) and "`;`" in msg("list_hint", lang)
    for q in offered:
        assert len(split_list_answer(line, q.field)) == 2, q.field
    c = make(store, settings, lang=lang, multiline_hint="list_hint_app")
    c.start()
    c.handle("/stap 4 2")
    assert c.pending.field == "step4.deliverables" and msg("list_hint_app", lang) in c.handle("/stap 4 2")[-1].text
    c.handle(line)
    assert [d.text for d in c.record.step4.deliverables] == [
        "een rapport met de meetresultaten van de pilot", "advies van handhavers als eindgebruikers"]


@pytest.mark.parametrize("field, line, note", [
    ("step1.contacts", "Veiligheidsregio Twente — ervaringen met eigen dronevloot sinds 2022; contactpersoon "
     "teamleider drones", "ervaringen met eigen dronevloot sinds 2022; contactpersoon teamleider drones"),
    ("step1.technologies", "Drones (pilots bij andere overheden) — Twente vliegt al; beelden zijn goed",
     "Twente vliegt al; beelden zijn goed"),
    ("step2.shortlist", "Warmtecamera-drone — volwassen; direct inzetbaar", "volwassen; direct inzetbaar"),
    ("step10.barriers", "Geen dekking in kelders — LoRa-gateway op het dak; tweede gateway als reserve",
     "LoRa-gateway op het dak; tweede gateway als reserve"),
])
def test_a_semicolon_in_the_note_of_a_name_and_note_entry_stays_in_that_note(store, settings, field, line, note):
    # "Veiligheidsregio Twente — ervaringen …; contactpersoon teamleider drones" was stored as two
    # contacts, the second "contactpersoon teamleider drones", and the list moved on at once
    from assistant.plan.conversation.answers import split_list_answer
    from assistant.plan.conversation.text import takes_name_and_note

    assert takes_name_and_note(field)
    assert split_list_answer(line, field) == [line]
    assert split_list_answer(f"{line}\nTweede — notitie", field) == [line, "Tweede — notitie"]
    entry = rec.field_spec(field).entry.from_text(line)
    assert entry.summary().endswith(f" — {note}") or entry.summary().endswith(f" → {note}")
    # entries with a name and note of their own, and names alone, are still apart
    assert split_list_answer("Gemeente A — drones; Gemeente B — sensoren", field) == \
        ["Gemeente A — drones", "Gemeente B — sensoren"]
    assert split_list_answer("Drones; Sensoren", field) == ["Drones", "Sensoren"]


def test_step_1_contact_with_a_semicolon_in_its_note_is_one_contact_and_the_list_waits(store, settings):
    c = make(store, settings)
    c.start()
    c.handle("/stap 1 2")
    turns = c.handle("Veiligheidsregio Twente — ervaringen met eigen dronevloot sinds 2022; "
                     "contactpersoon teamleider drones")
    assert [(x.name, x.note) for x in reopen(settings).step1.contacts] == [
        ("Veiligheidsregio Twente", "ervaringen met eigen dronevloot sinds 2022; contactpersoon teamleider drones")]
    assert c.pending.field == "step1.contacts" and "gesplitst" not in turns[0].text


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_one_typed_line_split_at_its_semicolons_says_so(store, settings, lang):
    # two entries from one line moved on at once, with nothing to show that the line was split
    c = make(store, settings, lang=lang)
    c.start()
    c.handle("/stap 1 2")
    c.handle("Gemeente Enschede — drones")
    turns = c.handle("Gemeente A — drones; Gemeente B — sensoren; Provincie C — subsidie")
    stored = next(t for t in turns if t.kind == "stored")
    assert len(c.record.step1.contacts) == 4
    split = {"nl": "Uw regel is gesplitst bij elke puntkomma (`;`): 3 regels. Hoorde het bij elkaar? `/wijzig 2 tekst` "
                   "zet het in één regel, `/verwijder 3-4` haalt de andere weg.",
             "en": "Your line was split at each semicolon (`;`): 3 entries. Did it belong together? `/edit 2 text` "
                   "puts it in one entry, `/remove 3-4` takes the others away."}[lang]
    assert split in stored.text
    c.handle("/verwijder alles")
    turns = c.handle("Gemeente A\nGemeente B")  # lines typed apart were not split at a ";"
    assert "`;`" not in next(t for t in turns if t.kind == "stored").text


def test_a_list_waits_for_its_next_line_and_an_empty_input_moves_on(store, settings):
    # typed one requirement per Enter, the second went to the budget question that followed
    c = make(store, settings)
    c.start()
    c.handle("/stap 3")
    turns = c.handle("Moet werken met bestaande lantaarnpalen")
    assert turns[0].kind == "stored" and c.pending.id == "requirements"
    assert "Enter op een lege regel of `/volgende`" in turns[1].text
    turns = c.handle("Verwerking is AVG-conform (data, randvoorwaarde)")
    assert len(c.record.step3.requirements) == 2 and c.pending.id == "requirements"
    turns = c.handle("   ")
    assert c.pending.id != "requirements" and turns[0].text.startswith("Lijst afgerond: 2 regels bewaard.")
    assert len(c.record.step3.requirements) == 2
    # a list given whole moves on at once; an empty input under a question that is no list says so
    c.handle("/stap 4")
    c.handle("Doorlooptijd; doel: 90% binnen 48 uur\nKosten; doel: 10% lager")
    assert len(c.record.step4.criteria) == 2 and c.pending.id != "criteria"
    assert not c.adding_lines and "Er kwam geen tekst door" in c.handle("")[0].text


def test_one_line_split_at_its_semicolons_waits_for_the_next_line_as_the_hint_says(store, settings):
    # "Na elke regel (Enter) wacht de vraag op de volgende": a first requirement split at its ";"
    # moved on at once, and the next four requirements typed were stored as the budget, the PM
    # funding, the timeline and the expertise
    c = make(store, settings)
    c.start()
    c.handle("/stap 3")
    turns = c.handle("Camerabeelden en meetdata zijn AVG-conform; geen herleidbare persoonsgegevens "
                     "(data, randvoorwaarde)")
    assert "gesplitst bij elke puntkomma" in turns[0].text and len(c.record.step3.requirements) == 2
    assert c.pending.id == "requirements" and c.adding_lines
    more = ["Strooiadvies per wegvak binnen 5 minuten (technisch)", "Werkt bij vorst tot -20 °C (technisch)",
            "Open standaarden voor de meetdata (juridisch)", "Chauffeurs houden de regie (ethisch)"]
    for line in more:
        c.handle(line)
        assert c.pending.id == "requirements", line
    disk = reopen(settings).step3
    assert len(disk.requirements) == 6 and [r.text for r in disk.requirements[2:]] == \
        [rec.field_spec("step3.requirements").entry.from_text(line).text for line in more]
    assert (disk.budget_ceiling, disk.timeline, disk.expertise) == ("", "", "")
    c.handle("")
    assert c.pending.id == "budget_ceiling"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_list_pasted_whole_closes_by_itself_and_says_so_before_the_next_question(store, settings, lang):
    # several lines at once into an empty list move on at once: said, or the next line typed
    # went to the next question unseen
    c = opened_at(store, settings, lang, "3")
    turns = c.handle("AVG-conform (data)\nWerkt offline (technisch)")
    assert len(c.record.step3.requirements) == 2 and c.pending.id == "budget_ceiling"
    stored = next(i for i, t in enumerate(turns) if t.kind == "stored")
    asked = next(i for i, t in enumerate(turns) if t.kind == "ask")
    closed = {"nl": "Lijst afgesloten: de 2 regels kwamen in één keer, dus de vraag wacht niet op een volgende "
                    "regel. Nog iets toevoegen? `/terug` gaat terug naar de lijst.",
              "en": "List closed: the 2 entries came at once, so the question does not wait for another line. "
                    "More to add? `/back` goes back to the list."}[lang]
    assert stored < asked and closed in turns[stored].text
    # a list that waits says nothing of the kind
    c.handle("/terug")
    turns = c.handle("Open standaarden (juridisch)")
    assert c.pending.id == "requirements" and not any(closed.split(":")[0] in t.text for t in turns)


WEIGHTS_SUM = "De wegingen van de criteria tellen samen op tot"


def test_checks_on_a_whole_list_wait_until_it_is_closed(store, settings):
    # after the first of three criteria "tellen samen op tot 40%" was said, and the 90% of the
    # finished list never: a list typed one line per Enter is checked once it is closed
    c = make(store, settings)
    c.start()
    c.handle("/stap 4")
    said = [c.handle(line)[0].text for line in (
        "Gemiddelde wachttijd aan de balie; doel: 50% korter binnen een jaar; weging: 40%",
        "Klanttevredenheid; doel: 8 of hoger; weging: 30%",
        "Kosten per zaak; doel: 20% lager; weging: 20%")]
    assert not any(WEIGHTS_SUM in text for text in said)
    closed = c.handle("")[0].text
    assert closed.startswith("Lijst afgerond: 3 regels bewaard.") and f"{WEIGHTS_SUM} 90%, niet tot 100%" in closed
    # step 3's aspects, the same: not after its first requirement, but when /volgende closes it
    c.handle("/stap 3")
    assert "Nog geen eis voor" not in c.handle("Moet werken met bestaande lantaarnpalen (technisch)")[0].text
    assert "Nog geen eis voor" in c.handle("/volgende")[0].text
    # a list given whole is checked at once
    c.handle("/stap 4 1")
    c.handle("/verwijder alles")
    whole = c.handle("Doorlooptijd; doel: 90% binnen 48 uur; weging: 50%\nKosten; doel: 10% lager; weging: 20%")
    assert f"{WEIGHTS_SUM} 70%" in whole[0].text


@pytest.mark.parametrize(("lang", "said"), [("nl", "✓ Opgelost: Nog geen eis voor: juridisch."),
                                          ("en", "✓ Resolved: No requirement yet for: legal.")])
def test_a_resolved_check_is_said_whole_past_its_colon(store, settings, lang, said):
    # the aspects' check, put right, read "✓ Opgelost: Nog geen eis voor.": cut at its colon
    c = make(store, settings, lang=lang)
    c.start()
    c.handle("/stap 3")
    c.handle("Werkt met bestaande palen (technisch); Open data (data); Gelijke behandeling wijken (publieke waarden)")
    c.handle("/stap 3 1")
    c.handle("Geen gezichtsherkenning (ethisch)")
    assert said in c.handle("Aanbestedingswet-conform (juridisch)")[0].text.split("\n")


def test_a_long_resolved_check_cut_short_ends_without_a_second_stop():
    # "✓ Opgelost: … maar die staat niet…." : the cut's "…" and then the line's own full stop
    from assistant.plan.checks import run_checks
    from assistant.plan.conversation.text import resolved_text

    r = rec.new_record("Wachttijden")
    rec.apply_text(r, "step4.criteria", "Wachttijd tot het keukentafelgesprek bij de Wmo-consulent; doel: binnen 2 weken; "
                                        "eis: Alle aanvragen worden binnen de wettelijke termijn afgehandeld")
    found = [c for c in run_checks(r) if c.id == "criterion_unknown_requirement"]
    for lang in ("nl", "en"):
        line = resolved_text(found, lang).strip()
        # its first sentence whole now, the requirement's name in it cut by the check itself
        assert "de…”," in line and line.endswith(("stap 3.", "requirements.")) and "…." not in line


@pytest.mark.parametrize(("lang", "resolved"), [("nl", "✓ Opgelost: "), ("en", "✓ Resolved: ")])
def test_a_changed_answer_that_resolves_a_check_says_so(store, settings, lang, resolved):
    # weights set right with /wijzig, a "nee" of step 0 made "ja": nothing said the check was
    # gone, and the user opened /dossier to find out
    c = make(store, settings, lang=lang)
    c.start()
    c.handle("/stap 4" if lang == "nl" else "/step 4")
    c.handle("Doorlooptijd; doel: 90% binnen 48 uur; weging: 50%\nKosten; doel: 10% lager; weging: 40%")
    assert any(c.id == "criteria_weights_not_100" for c in c.checks())
    c.handle("/stap 4 1" if lang == "nl" else "/step 4 1")  # the list given whole moved on: back to it
    edited = c.handle(("/wijzig" if lang == "nl" else "/edit") + " 2 Kosten; doel: 10% lager; weging: 50%")
    assert not any(c.id == "criteria_weights_not_100" for c in c.checks())
    line = next(line for line in edited[0].text.split("\n") if line.startswith(resolved))
    assert ("wegingen" if lang == "nl" else "weights") in line
    # an answer typed again that resolves one says it too, and one that resolves none does not
    c.handle("/stap 0" if lang == "nl" else "/step 0")
    open_before = {w.key for w in c.checks()}
    budget = next(q for q in c.questions(0) if q.field == "step0.preconditions.budget")
    c.handle(f"/stap 0 {c.questions(0).index(budget) + 1}")
    no = c.handle("nee" if lang == "nl" else "no")[0].text
    assert resolved not in no and {w.key for w in c.checks()} - open_before
    c.handle(f"/stap 0 {c.questions(0).index(budget) + 1}")
    assert resolved in c.handle("ja" if lang == "nl" else "yes")[0].text


def test_a_list_typed_line_by_line_says_how_to_go_on_and_its_question_once(store, settings):
    # each line was followed by "Nog een regel? …" and the whole question again: a piped list of
    # four lines printed its question five times
    c = make(store, settings)
    c.start()
    c.handle("/stap 4")
    replies = [c.handle(line) for line in ("A; doel: 10% minder", "B; doel: 20% minder", "C; doel: 30% minder")]
    assert kinds(replies[0]) == ["stored", "info", "ask"] and "Nog een regel?" in replies[0][1].text
    assert [kinds(reply) for reply in replies[1:]] == [["stored"], ["stored"]]
    assert c.pending.id == "criteria" and len(c.record.step4.criteria) == 3
    # the list left and taken up again: the hint once more, for that visit
    c.handle("/stap 4 1")
    assert kinds(c.handle("D; doel: 5 minuten")) == ["stored", "info", "ask"]


def test_list_answers_with_question_marks_are_stored_as_entries(store, settings):
    c = make(store, settings)
    c.start()
    c.handle("/stap 3")
    turns = c.handle("AVG-conform (data, randvoorwaarde)\nWerkt het ook offline?\nOpen standaarden (technisch)")
    assert turns[0].kind == "stored"
    reqs = c.record.step3.requirements
    assert [r.text for r in reqs] == ["AVG-conform", "Werkt het ook offline?", "Open standaarden"]
    assert reqs[0].aspect == rec.Aspect.DATA and reqs[0].kind == rec.RequirementKind.BOUNDARY
    c.handle("/terug")
    c.handle("Toegankelijk (juridisch); maximaal 3 leveranciers?")
    assert len(reopen(settings).step3.requirements) == 5


def test_going_back_shows_the_current_answer_apart_from_what_to_do_with_it(store, settings):
    c = make(store, settings)
    c.start()
    c.handle("Containers raken vol")
    turns = c.handle("/terug")
    # its own paragraph: on one line the answer ran on into "Typ een nieuw antwoord …"
    assert "Huidig antwoord: Containers raken vol\n\nTyp een nieuw antwoord" in turns[-1].text


def test_overslaan_typed_alone_skips_and_stores_nothing(store, settings):
    # "Elke vraag kunt u beantwoorden of overslaan": "overslaan" was stored as the answer
    c = make(store, settings)
    c.start()
    c.handle("Containers raken vol")
    turns = c.handle("overslaan")
    assert "Overgeslagen" in turns[0].text and c.pending.id != "who"
    turns = c.handle("terug")
    assert c.pending.id == "who" and "Huidig antwoord" not in turns[-1].text
    c.handle("ga naar stap 3")
    assert c.current_step == 3
    record = reopen(settings)
    assert (record.step0.need, record.step0.who) == ("Containers raken vol", "")
    assert record.step3.requirements == []


def test_an_answer_typed_over_another_says_what_it_replaced_in_full(store, settings):
    # at 80×24 the current answer sat below the fold, and typing replaced it without a word
    c = make(store, settings)
    c.start()
    before = "Containers raken onvoorspelbaar vol, " + "en de routes zijn vast " * 20 + "einde."
    c.handle(before)
    c.handle("/terug")
    turns = c.handle("Bewoners klagen")
    stored = next(t for t in turns if t.kind == "stored")
    assert "Dit vervangt het vorige antwoord:" in stored.text and "einde." in stored.text
    c.handle("/terug")
    turns = c.handle("Bewoners klagen")  # the same answer again replaces nothing
    assert "vervangt" not in next(t for t in turns if t.kind == "stored").text
    c.handle("Bewoners en chauffeurs")  # the next question, empty before: nothing replaced
    assert reopen(settings).step0.who == "Bewoners en chauffeurs"


def test_what_a_step_holds_is_labelled_by_the_whole_question(store, settings):
    # cut at 60 characters, "Waarom zou digitale technologie (een deel van) de oplossing…" lost its point
    c = make(store, settings)
    c.start()
    for answer in ("Containers raken vol", "Bewoners", "Sensoren meten de vulgraad"):
        c.handle(answer)
    lines = c.render.filled_lines(0)
    assert "- Waarom zou digitale technologie (een deel van) de oplossing kunnen zijn?: Sensoren meten de vulgraad" in lines


def test_an_export_that_fails_is_marked_not_saved_and_an_answer_that_is_saved_is_not(store, settings):
    c = make(store, settings)
    c.start()
    assert c.handle("Containers raken vol").not_saved is False
    settings.data_path.mkdir(parents=True, exist_ok=True)
    (settings.data_path / "exports").write_text("een bestand waar de map hoort")  # no folder can be made
    outcome = c.handle("/export md")
    assert outcome.not_saved is True and "Exporteren mislukt" in outcome.turns[0].text
    assert c.handle("Bewoners").not_saved is False


@pytest.mark.parametrize("lang, said", [("nl", "is een bestand, geen map; verplaats dat bestand"),
                                         ("en", "is a file, not a folder; move that file")])
def test_an_export_with_a_file_where_the_exports_folder_goes_says_so(store, settings, lang, said):
    # "Exporteren mislukt: File exists (…/data/exports)": the system's English, and no way forward
    c = make(store, settings, lang=lang)
    c.start()
    settings.data_path.mkdir(parents=True, exist_ok=True)
    in_the_way = settings.data_path / "exports"
    in_the_way.write_text("een bestand waar de map hoort")
    text = c.handle("/export md").turns[0].text
    assert f"{escape_markdown(str(in_the_way))} {said}" in text, text
    assert "File exists" not in text and in_the_way.is_file()


def test_a_candidate_whose_parts_stay_empty_says_which_and_how_to_fill_them(store, settings):
    c = make(store, settings)
    c.start()
    c.handle("/stap 2")
    turns = c.handle("iVRI: veel potentie, TRL 7 denk ik, past goed, markt: een paar grote partijen")
    stored = next(t for t in turns if t.kind == "stored")
    assert "Nog leeg bij “iVRI: veel potentie" in stored.text and ": potentie, fit, risico's." in stored.text
    assert "/wijzig 1" in stored.text
    assert reopen(settings).step2.assessments[0].trl == 7


def test_a_list_that_holds_lines_stays_while_lines_are_added_until_next(store, settings):
    # "Nieuwe regels worden toegevoegd; /volgende gaat door", yet it moved on after one line, and
    # the next criterion typed was split into the next question's deliverables
    c = make(store, settings)
    c.start()
    c.handle("/stap 4")
    turns = c.handle("Minder ritten; doel: 20% minder")  # one line into the empty list: it waits too
    assert c.pending.field == "step4.criteria" and "Nog een regel?" in turns[-2].text
    turns = c.handle("Uptime; doel: 99,5%")
    assert c.pending.field == "step4.criteria" and kinds(turns) == ["stored"]
    c.handle("Openbaarheid; doel: 100% van de meetdata binnen 1 dag online")
    assert [e.text for e in reopen(settings).step4.criteria] == ["Minder ritten", "Uptime", "Openbaarheid"]
    c.handle("/volgende")
    assert c.pending.field != "step4.criteria" and reopen(settings).step4.deliverables == []


def test_a_step_worked_on_opens_at_its_first_required_question_still_open(store, settings):
    # it opened at the first open one, an optional question skipped on purpose
    c = make(store, settings)
    c.start()
    c.handle("/stap 6")
    qs = c.questions(6)
    optional = next(i for i, q in enumerate(qs) if not q.required)
    assert any(q.required for q in qs[optional + 1:])
    while c.pending.id != qs[optional].id:  # answer up to the first optional one, skip it
        c.handle("/volgende" if not c.pending.required else "Iets")
    c.handle("/volgende")
    c.handle("/stap 0")
    c.handle("/stap 6")
    wanted = next(q for q in qs[optional + 1:] if q.required and not c.is_answered(q))
    assert c.pending.id == wanted.id
    for _ in range(len(qs)):
        if not c.pending.required:
            break
        c.handle("1" if c.pending.kind == "choice" else "Iets")
    # then, before the step is left, the optional ones it opened past that were never asked,
    # not the one skipped on purpose on the visit before
    assert (c.current_step, c.pending.id) == (6, qs[optional + 1].id)
    c.handle("/stap 7")  # a step not begun opens at its first question
    assert c.pending.id == c.questions(7)[0].id


@pytest.mark.parametrize("command", ["/stap 6 11", "/stap 6.11", "/step 6 11"])
def test_a_step_command_with_a_question_number_goes_to_that_question(store, settings, command):
    # question 11 of step 6 lay ten /volgende away
    c = make(store, settings)
    c.start()
    c.handle(command)
    assert c.current_step == 6 and c.pending.id == c.questions(6)[10].id
    turns = c.handle("/stap 6 99")
    assert "Stap 6 heeft" in turns[0].text and c.pending.id == c.questions(6)[10].id


def test_another_question_of_the_step_being_worked_on_is_asked_without_the_step_again(store, settings):
    # a click on an answer in the record (or /stap 0 1 typed in step 0) repeated the step's
    # explanation and quote, and the question, with what it holds, came a screen further down
    c = make(store, settings)
    c.start()
    c.handle("Containers lopen over")
    turns = c.handle("/stap 0 1")
    assert [t.kind for t in turns] == ["ask"] and "Containers lopen over" in turns[0].text
    assert c.pending.field == "step0.need"
    turns = c.handle("/stap 1 2")  # another step opens with its explanation, as before
    assert turns[0].kind != "ask" and turns[-1].kind == "ask" and c.pending.id == c.questions(1)[1].id


def test_a_step_worked_on_opens_again_with_its_title_not_its_explanation_and_quote(store, settings, kb):
    # every jump back repeated the step's explanation and quote: the question came 20 to 40
    # lines down at 80×24
    c = make(store, settings, kb=kb)
    c.start()
    c.handle("Bruggen slijten sneller dan verwacht")
    turns = c.handle("/stap 3")
    assert [t.kind for t in turns] == ["step", "quote", "ask"]  # first time: explained and quoted
    turns = c.handle("/stap 0")
    assert [t.kind for t in turns] == ["step", "ask"] and "`/uitleg` toont de uitleg" in turns[0].text
    assert c.plan.step(0).explanation.strip()[:40] not in turns[0].text
    turns = c.handle("/uitleg")
    assert "quote" in [t.kind for t in turns]  # there when asked for


def test_after_an_answer_the_next_question_still_open_is_asked_not_the_answered_ones(store, settings):
    # after the one open question of a step worked on, every answered one after it was asked
    # again, each to be kept with /volgende
    c = make(store, settings)
    c.start()
    for text in ("Bruggen slijten", "De afdeling Beheer", "Sensoren meten slijtage", "ja, de wethouder",
                 "ja, 0,4 fte", "ja, 200.000 euro", "ja, het MT"):
        c.handle(text)
    assert c.pending.field == "step0.duration"  # the last, optional one
    c.handle("/stap 0 2")
    c.handle("De afdeling Beheer en de inspecteurs")
    assert c.pending.field == "step0.duration"  # 3 to 7 hold their answers
    turns = c.handle("Twee jaar")
    assert c.current_step == 1 and any(t.kind == "summary" for t in turns)
    # /volgende itself goes through the answers one by one (it left the step at once)
    c.handle("/stap 0 4")
    c.handle("/volgende")
    assert (c.current_step, c.pending.field) == (0, "step0.preconditions.time")


@pytest.mark.parametrize("closing", ["", "/volgende"])
def test_a_list_closed_after_its_lines_goes_on_to_the_next_open_question_not_the_answered_ones(
        store, settings, closing):
    # step 10's question 4 answered first, then question 3's list typed line by line and closed
    # with an empty line: question 4 was asked again ("Huidig antwoord: … /volgende om het te
    # houden") instead of the step being done
    from assistant.plan.example import example_record

    record = example_record("nl")
    record.step10.barriers = []
    record.step10.keeping_current = ""
    c = _opened(store, settings, record)
    c.handle("/stap 10 4")
    c.handle("Beheer- en doorontwikkelcontract voor vier jaar")
    assert c.pending.field == "step10.barriers"
    c.handle("Geen netwerkdekking in kelders — aanpak: LoRa-gateway")
    c.handle("Weerstand bij beheerders — aanpak: training")
    turns = c.handle(closing)
    assert "summary" in kinds(turns) and c.pending is None
    # a list only looked at still walks on through the answers with /volgende
    c.handle("/stap 10 3")
    c.handle("/volgende")
    assert (c.current_step, c.pending.field) == (10, "step10.keeping_current")


def test_an_edit_that_names_fewer_parts_says_what_the_line_was(store, settings):
    # "/edit 3 InSAR satellite monitoring; TRL 6" left the potential, fit, market and risks
    # empty without a word
    c = make(store, settings, lang="en")
    c.start()
    c.handle("/step 2 1")
    c.handle("Drone inspection; fast detection of cracks; fits our bridges; two suppliers; privacy; TRL 7")
    turns = c.handle("/edit 1 InSAR satellite monitoring; TRL 6")
    assert "parts you did not name again are empty now" in turns[0].text
    assert "Entry 1 was: “Drone inspection; potential: fast detection of cracks" in turns[0].text
    turns = c.handle("/edit 1 InSAR satellite monitoring; quick; fits; many; weather; TRL 6")
    assert "empty now" not in turns[0].text  # every part named again: nothing to say


def test_edit_and_remove_entries_of_the_list(store, settings):
    c = make(store, settings)
    c.start()
    c.handle("/stap 3")
    c.handle("a (data)\nb (technisch)\nc (juridisch)")  # a list given whole
    assert c.pending.id == "budget_ceiling"  # moved on; the numbers count the open question's list only
    assert c.handle("/wijzig 2 bee (ethisch)")[0].kind == "error"
    c.handle("/terug")
    turns = c.handle("/wijzig 2 bee (ethisch)")
    assert turns[0].kind == "stored"
    assert [r.text for r in c.record.step3.requirements] == ["a", "bee", "c"]
    assert c.record.step3.requirements[1].aspect == rec.Aspect.ETHICAL
    c.handle("/verwijder 1")
    assert [r.text for r in reopen(settings).step3.requirements] == ["bee", "c"]
    for bad in ("/verwijder 9", "/verwijder", "/wijzig 1", "/remove x"):
        turns = c.handle(bad)
        assert turns[0].kind == "error", bad
    assert len(c.record.step3.requirements) == 2
    assert c.pending.id == "requirements"


def test_edit_and_remove_never_reach_a_list_of_another_step(store, settings):
    # a list answered in step 3, then /stap 2: "/verwijder 1" removed step 3's first requirement
    c = make(store, settings)
    c.start()
    c.handle("/stap 3")
    c.handle("a (data); b (technisch)")
    c.handle("/stap 0")
    assert c.pending.kind != "list"
    for command in ("/verwijder 1", "/wijzig 1 anders"):
        turns = c.handle(command)
        assert turns[0].kind == "error" and "geen lijst" in turns[0].text, command
    c.handle("/stap 1")  # an empty list pending: that one, not step 3's
    assert c.pending.kind == "list"
    assert c.handle("/verwijder 1")[0].kind == "error"
    assert [r.text for r in reopen(settings).step3.requirements] == ["a", "b"]
    c.handle("/stap 3 1")  # back where the list is: it works on it again
    c.handle("/verwijder 1")
    assert [r.text for r in reopen(settings).step3.requirements] == ["b"]


def test_edit_at_another_question_of_the_step_names_the_way_to_its_list(store, settings):
    # "/stap 3" opened at the funding question (the requirements answered), and "/wijzig 3 …"
    # said there was no list to change; it edits the open question's list only, and says the way
    c = make(store, settings)
    c.start()
    c.handle("/stap 3 1")
    c.handle("AVG-conform (juridisch)\nOpen API (technisch)\nVoldoet aan de BIO")
    c.handle("/stap 4 1")
    c.handle("Snelle afhandeling; doel: 90% binnen 48 uur")
    c.handle("/stap 3")
    assert c.pending is not None and c.pending.kind != "list"
    turns = c.handle("/wijzig 3 Voldoet aan de BIO en NEN 7510 (juridisch)")
    assert turns[0].kind == "error" and "`/stap 3 1`, dan `/wijzig N tekst`" in turns[0].text
    c.handle("/stap 3 1")
    turns = c.handle("/wijzig 3 Voldoet aan de BIO en NEN 7510 (juridisch)")
    assert turns[0].kind == "stored"
    assert [r.text for r in reopen(settings).step3.requirements][2] == "Voldoet aan de BIO en NEN 7510"


def test_after_a_jump_back_in_a_step_the_question_left_open_comes_next(store, settings):
    # a click on "Wie" while the budget was asked: /volgende walked the answered questions in
    # between, and an answer recalled there was stored as the support
    c = make(store, settings)
    c.start()
    for answer in ("Gladheid voorspellen", "Weggebruikers", "Sensoren en data", "ja, de gedeputeerde",
                   "ja, 0,4 fte projectleider"):
        c.handle(answer)
    assert c.pending.id == "budget"
    c.goto(0, 2)  # a click on the record's "Wie"
    assert c.pending.id == "who"
    c.handle("/volgende")
    assert c.pending.id == "budget"
    c.handle("/terug")  # and by /terug, then an answer: on to where it was
    c.handle("/terug")
    assert c.pending.id == "support"
    c.handle("ja, de gedeputeerde en de directie")
    assert c.pending.id == "budget"
    # a jump ahead to another step forgets it: /volgende there walks that step
    c.handle("/stap 0 2")
    c.handle("/stap 1 1")
    c.handle("/stap 0 3")
    c.handle("/volgende")
    assert c.pending.id == "support"


def test_a_question_only_looked_at_is_asked_before_the_one_left_open_after_it(store, settings):
    # "/stap 6 4", "/stap 6 5", "/stap 6 3", an answer: on to question 5, and the required
    # question 4, only looked at, stayed empty unasked
    c = make(store, settings)
    c.start()
    qs = c.questions(6)
    assert qs[3].required
    c.handle("/stap 6 4")
    c.handle("/stap 6 5")
    c.handle("/stap 6 3")
    c.handle("de gemeente")
    assert (c.current_step, c.pending.id) == (6, qs[3].id)
    c.handle("Open standaarden en een exitplan")
    assert c.pending.id == qs[4].id  # then the one left open
    # questions passed on purpose (/volgende, "weet ik nog niet") stay passed
    c.handle("/volgende")
    c.handle("overslaan")
    c.handle("weet ik nog niet")
    left = c.pending
    assert left.id == qs[7].id
    c.handle("/stap 6 3")
    c.handle("de leverancier")
    assert c.pending.id == left.id


@pytest.mark.parametrize(("lang", "answer"), [
    ("nl", "weet ik nog niet, hangt af van de marktconsultatie"),
    ("en", "not sure yet, depends on the pilot"),
])
def test_an_answer_not_known_yet_with_its_reason_keeps_the_reason_and_the_question_open(store, settings, lang, answer):
    # "weet ik nog niet, hangt af van …" was stored as the answer, as if decided: step 0 read as
    # if who has the need were known; "weet ik nog niet" alone leaves the question open
    c = make(store, settings, lang=lang)
    c.start()
    c.handle("Containers raken onvoorspelbaar vol")
    assert c.pending.id == "who"
    turns = c.handle(answer)
    stored = next(t for t in turns if t.kind == "stored")
    assert stored.text.endswith(msg("stored_not_known_yet", lang, step=0))
    assert c.pending.id == "why_digital"  # on, as after "weet ik nog niet"
    record = reopen(settings)
    assert record.step0.who == answer  # the reason kept, where the record shows it
    assert "step0.who" in rec.missing_fields(record, 0)
    assert not c.is_answered(c.questions(0)[1])
    # passed on purpose: once the step's other questions are answered, it is not asked again on
    # this visit; the step says it is left open
    asked = []
    for text in ("Sensoren meten het beter", "ja, de wethouder", "ja, 2 dagen per week", "ja, € 200.000",
                 "ja, tot en met de opschaling", "twee jaar"):
        turns = c.handle(text)
        asked.append(c.pending.id)
    assert asked == ["support", "time", "budget", "mandate", "duration", "technologies"]
    assert c.current_step == 1
    assert c.record.status(0) == "in_progress"
    # known later: typed over it, the question is answered
    c.handle("/stap 0 2")
    c.handle("Bewoners van de binnenstad")
    assert "step0.who" not in rec.missing_fields(reopen(settings), 0)


def answer_step_4_to_its_end(c: Conversation) -> list[Turn]:
    """Step 4 answered from its first question on, optional ones passed: the turns of the last
    answer, where the step ends."""
    c.handle("klanttevredenheid; doel: rapportcijfer 8")
    c.handle("")
    c.handle("rapport")
    c.handle("")
    return c.handle("met de afdeling")


def _opened(store, settings, record, name="Overgenomen"):
    """A conversation on a project whose record a colleague filled before (as an import)."""
    project = store.create_project(name)
    store.save_record(project.id, record)
    c = make(store, settings, name=name)
    c.start()
    return c


def test_an_open_question_before_the_last_one_is_asked_before_the_step_is_left(store, settings):
    # "/stap 8 3", questions 3 and 4 answered: "Stap 8 … is doorlopen" and on to step 9, while
    # questions 1 and 2, never asked nor passed, only showed under "Nog open"
    from assistant.plan.example import half_filled_record

    c = _opened(store, settings, half_filled_record("nl"))
    qs = c.questions(8)
    c.handle("/stap 8 3")
    c.handle("Een afgesloten terrein van de gemeente")
    assert c.pending.id == qs[3].id
    c.handle("Na de eerste sprint de planning aangepast")
    turns = c.handle("/volgende")  # the list closed, the last question of the step
    assert (c.current_step, c.pending.id) == (8, qs[0].id) and "summary" not in kinds(turns)
    c.handle("Succes is een werkend prototype op twee locaties")
    assert c.pending.id == qs[1].id
    turns = c.handle("De ondernemer draagt het ontwikkelrisico")
    assert c.current_step == 9 and "summary" in kinds(turns)


def test_a_step_left_with_stap_goes_at_once_and_its_open_questions_are_named_when_the_next_step_ends(
        store, settings):
    # two candidates in step 2, then "/stap 4": step 4 at once, step 2's shortlist (required)
    # never asked. A typed step is gone to at once (as a click on it); the questions left open
    # are asked only where the conversation moves on by itself, and named where a step ends
    c = make(store, settings)
    c.start()
    c.handle("/stap 2")
    shortlist = len(c.questions(2))
    assert c.questions(2)[-1].required
    c.handle("Leverancier A")
    c.handle("Leverancier B")
    turns = c.handle("/stap 4")
    assert kinds(turns) == ["step", "ask"] and c.current_step == 4
    turns = answer_step_4_to_its_end(c)
    assert c.current_step == 5
    said = next(t.text for t in turns if t.text.startswith(msg("next_open", "nl", step=5, title=c.plan.step(5).title)))
    step2 = re.search(r"stap 2 \(vraag ([\d, …]+)\)", said)
    assert step2 is not None and str(shortlist) in step2.group(1).split(", "), said


def test_questions_passed_on_purpose_are_not_asked_again_before_the_step_is_left(store, settings):
    from assistant.plan.example import half_filled_record

    c = _opened(store, settings, half_filled_record("nl"))
    qs = c.questions(8)
    c.handle("/stap 8")
    assert c.pending.id == qs[0].id
    c.handle("/volgende")
    c.handle("weet ik nog niet")
    c.handle("Een afgesloten terrein van de gemeente")
    c.handle("Na de eerste sprint de planning aangepast")
    turns = c.handle("/volgende")
    assert c.current_step == 9 and "summary" in kinds(turns)  # the visit's passes hold
    # the step opened afresh asks what was passed on the visit before, each in turn
    c.handle("/stap 8")
    assert (c.current_step, c.pending.id) == (8, qs[0].id)
    c.handle("Succes is een werkend prototype op twee locaties")
    assert c.pending.id == qs[1].id


@pytest.mark.parametrize("passing", ["/volgende", "weet ik nog niet"])
def test_an_open_question_passed_goes_on_to_the_next_one_open(store, settings, passing):
    # /volgende on step 9's open question 3: "Overgeslagen; deze vraag is verplicht en blijft
    # open", then question 4, answered ("Typ een nieuw antwoord om het te vervangen"), then 5;
    # "weet ik nog niet" went to the next open one (7)
    from assistant.plan.example import example_record

    record = example_record("nl")
    for j in (record.step9.judgements[2], record.step9.judgements[6]):
        j.verdict = None
    c = _opened(store, settings, record)
    qs = c.questions(9)
    # on an answer, /volgende keeps it and shows the next one, whatever it holds (reviewing)
    c.handle("/stap 9 4")
    turns = c.handle("/volgende")
    assert turns[0].text == "Antwoord behouden." and c.pending.id == qs[4].id
    c.handle("/stap 9 3")
    turns = c.handle(passing)
    assert c.pending.id == qs[6].id
    if passing == "/volgende":
        assert turns[0].text == "Overgeslagen; deze vraag is verplicht en blijft open."


def test_an_answer_corrected_in_an_earlier_step_goes_back_to_the_question_left_open(store, settings):
    # "/stap 0 5" from step 1's third question, answered: on to step 2, step 1's question never
    # asked again
    c = make(store, settings)
    c.start()
    c.handle("/stap 1 3")
    left = c.pending
    c.handle("/stap 0 5")
    turns = c.handle("nee, het team is onderbezet")
    assert (c.current_step, c.pending.id) == (1, left.id)
    assert turns[-1].kind == "ask" and left.prompt.strip() in turns[-1].text


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_step_done_after_a_correction_goes_back_to_the_step_it_was_made_from(store, settings, lang):
    # in step 7, "/stap 0" and the open support answered: step 0 summarised, then on to step 5,
    # the first open step, instead of back to step 7; a label clicked from an answered question
    # of step 7 went there too
    from assistant.plan.example import example_record

    record = example_record(lang)
    rec.clear_field(record, "step0.preconditions.support")
    rec.clear_field(record, "step5.unclear")
    rec.clear_field(record, "step7.people")
    project = store.create_project("Slimme dijkmonitoring")
    store.save_record(project.id, record)
    c = make(store, settings, name="Slimme dijkmonitoring", lang=lang)
    c.start()
    people = c.questions(7)[4]
    c.handle("/stap 7 5")
    c.handle("/stap 0")
    turns = c.handle("ja, de wethouder en het MT")
    assert "summary" in kinds(turns) and (c.current_step, c.pending.id) == (7, people.id)
    back = {"nl": "Terug naar stap 7 · ", "en": "Back to step 7 · "}[lang]
    said = next(t.text for t in turns if t.text.startswith(back))
    assert {"nl": "Stap 5 heeft nog open vragen", "en": "Step 5 still has open questions"}[lang] in said
    # from an answered question of step 7, a click on step 0's budget: back to step 7's open one
    c.handle("/stap 7 1")
    c.goto(0, 6)
    turns = c.handle({"nl": "ja, € 450.000", "en": "yes, € 450,000"}[lang])
    assert (c.current_step, c.pending.id) == (7, people.id) and turns[-1].kind == "ask"
    # back there, the detour is over: step 7 done, on to the first open step
    c.handle("De vakafdeling en twee inspecteurs, wekelijks")
    assert c.current_step == 5 and not c.data.came_from


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("open_checks", [0, 1, 2])
def test_all_steps_filled_in_says_how_many_checks_are_still_open(store, settings, lang, open_checks):
    # "Alle stappen zijn ingevuld" only offered /dossier and /export while five checks were open
    from assistant.plan.example import example_record

    record = example_record(lang)
    record.step10.keeping_current = ""
    for criterion in record.step4.criteria[:open_checks]:
        criterion.target = ""  # a criterion without a measurable target: one open check each
        rec.find_judgement(record, criterion.id).ref_target = ""  # judged as it reads now
    project = store.create_project("Slimme dijkmonitoring")
    store.save_record(project.id, record)
    c = make(store, settings, name="Slimme dijkmonitoring", lang=lang)
    c.start()
    assert len(c.checks()) == open_checks
    c.handle("/stap 10 4")
    said = c.handle({"nl": "Beheercontract voor vier jaar", "en": "Maintenance contract for four years"}[lang])[-1].text
    done = {"nl": "Alle stappen zijn ingevuld", "en": "All steps are filled in"}[lang]
    still_open = {("nl", 1): "nog wat te doen: 1 controle open. `/dossier` toont het",
                  ("nl", 2): "nog wat te doen: 2 controles open. `/dossier` toont het",
                  ("en", 1): "still work to do: 1 open check. `/record` shows it",
                  ("en", 2): "still work to do: 2 open checks. `/record` shows it"}
    assert said.startswith(done)
    if open_checks:
        assert still_open[lang, open_checks] in said
    else:
        assert not any(words in said for words in still_open.values())
    # /volgende with nothing left to ask says the same
    assert c.handle("/volgende")[-1].text == said


@pytest.mark.parametrize(("lang", "strategy", "counted"), [
    ("nl", "direct afnemen", "nog wat te doen: 1 controle open, 3 antwoorden na te gaan."),
    ("en", "direct purchase", "still work to do: 1 open check, 3 answers to review."),
])
def test_the_checks_and_the_answers_to_review_are_counted_apart(store, settings, lang, strategy, counted):
    # step 7 an SBIR, step 6's strategy then changed to buying directly: one check (SBIR fixes no
    # purchase after it) and three of step 7's answers to look at again. The conversation said
    # "3 controles open", the steps list ⚠4 beside step 7's one check, a document "6"
    from assistant.plan.example import example_record

    record = example_record(lang)
    record.step6.procurement_strategy = "open_tender"
    record.step7.procedure = "sbir"
    project = store.create_project("Slimme dijkmonitoring")
    store.save_record(project.id, record)
    c = make(store, settings, name="Slimme dijkmonitoring", lang=lang)
    c.start()
    number = next(i for i, q in enumerate(c.questions(6), 1) if q.id == "procurement_strategy")
    c.handle(f"{'/stap' if lang == 'nl' else '/step'} 6 {number}")
    said = c.handle(strategy)[-1].text
    assert counted in said
    reopened = make(store, settings, name="Slimme dijkmonitoring", lang=lang)
    assert any(counted in turn.text for turn in reopened.start())  # the same on coming back
    step7 = reopened.items_open().of_step(7)
    assert (len(step7.checks), len(step7.review), step7.count) == (1, 3, 1)
    # /dossier marks each as it is counted: a check ⚠, an answer to review ⟳ (not "⚠ ⟳")
    lines = reopened.step_record_text(7).splitlines()
    assert sum(line.startswith("- ⚠ ") for line in lines) == 1
    assert sum(line.startswith("- ⟳ ") for line in lines) == 3


def test_a_step_opened_to_work_in_goes_on_in_that_step(store, settings):
    # "/stap 3" from step 7: after the budget, on to step 7's question left open, and the next
    # answer typed for step 3 was stored there
    c = make(store, settings)
    c.start()
    c.handle("/stap 7 5")
    c.handle("/stap 3")
    c.handle("/volgende")
    assert c.pending.id == "budget_ceiling"
    c.handle("Maximaal € 250.000")
    assert (c.current_step, c.pending.id) == (3, "pm_funding")
    # … and so does a step chosen in the interface
    c.handle("/stap 7 5")
    c.goto(3, None)
    c.handle("Uit het programmabudget")
    assert c.current_step == 3
    # a question opened in an earlier step still goes back to the one left open
    c.handle("/stap 7 5")
    c.handle("/stap 3 3")
    c.handle("Uit het programmabudget van de afdeling")
    assert (c.current_step, c.pending.id) == (7, c.questions(7)[4].id)


def test_the_record_shows_its_checks_before_the_steps(store, settings):
    # last, the checks were what the app cut off of a full project's /dossier (shown up to a
    # length), though /help promises the record "met controles"
    c = make(store, settings)
    c.start()
    c.handle("/stap 4")
    c.handle("Bewoners zijn tevreden")
    text = c.record_text()
    assert "Controles:" in text and "geen meetbaar doel" in text
    assert text.index("geen meetbaar doel") < text.index("**Stap 0") < text.index("1. Bewoners zijn tevreden")


@pytest.mark.parametrize(("lang", "under_way", "not_started"), [("nl", "bezig", "niet begonnen"),
                                                                 ("en", "in progress", "not started")])
def test_the_record_says_the_step_being_answered_is_under_way(store, settings, lang, under_way, not_started):
    # "Stap 3 · Minimale eisen · niet begonnen" stood right under "U was bij stap 3"
    c = make(store, settings, lang=lang)
    c.start()
    c.handle("/stap 3")
    command = {"nl": "/dossier", "en": "/record"}[lang]
    step3, step5 = ("**Stap 3 ·", "**Stap 5 ·") if lang == "nl" else ("**Step 3 ·", "**Step 5 ·")
    for text in (c.handle(command)[0].text, c.handle(f"{command} 3")[0].text):
        heading = next(line for line in text.split("\n") if line.startswith(step3))
        assert heading.endswith(f"· {under_way}")
    heading = next(line for line in c.handle(command)[0].text.split("\n") if line.startswith(step5))
    assert heading.endswith(f"· {not_started}")  # a step not being answered is as stored


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_record_of_one_step_shows_that_step_whole_with_its_checks(store, settings, lang):
    # /dossier of a full project was cut in the app after step 5, and its record panel shows only
    # the step being answered: steps 6 to 10 could not be reviewed in the conversation
    c = make(store, settings, lang=lang)
    c.start()
    c.handle("/stap 4")
    c.handle("Bewoners zijn tevreden")
    c.handle("/stap 7")
    command = {"nl": "/dossier", "en": "/record"}[lang]
    text = c.handle(f"{command} 4")[0].text
    step4 = {"nl": "**Stap 4 · Criteria**", "en": "**Step 4 · Criteria**"}[lang]
    checks = {"nl": "Controles:", "en": "Checks:"}[lang]
    assert step4 in text and "1. Bewoners zijn tevreden" in text
    assert text.index(step4) < text.index("1. Bewoners zijn tevreden") < text.index(checks)
    assert text.split(checks)[1].strip().startswith("- ⚠") and "Stap 0" not in text and "Step 0" not in text
    assert c.handle(f"{command} 4")[0].text == c.handle(f"{command} vier" if lang == "nl" else f"{command} four")[0].text
    assert c.pending.field.startswith("step7.")  # it goes nowhere
    no_checks = {"nl": "Geen open controles bij deze stap.", "en": "No open checks for this step."}[lang]
    assert no_checks in c.handle(f"{command} 10")[0].text
    assert c.handle(f"{command} 12")[0].kind == "error" and c.handle(f"{command} alles")[0].kind == "error"
    assert "`/dossier N`" in c.handle("/help")[0].text or "`/record N`" in c.handle("/help")[0].text


def test_rows_pasted_from_a_spreadsheet_are_entries_with_their_parts_and_the_header_is_none(store, settings):
    # through the conversation the tabs were spaces before the list read them: each row was one
    # name with its columns glued in, and the header row was stored as an entry too
    c = make(store, settings)
    c.start()
    c.handle("/stap 4")
    c.handle("Criterium\tDoel\tEis\nZoekverkeer daalt\t30% minder\tgeen\nTevreden bewoners\tcijfer 8 of hoger\t")
    assert [(x.text, x.target) for x in reopen(settings).step4.criteria] == [
        ("Zoekverkeer daalt", "30% minder"), ("Tevreden bewoners", "cijfer 8 of hoger")]
    c.handle("/stap 1 1")
    c.handle("Technologie\tBron\tNotitie\n•\tDrones\tonderzoek\tTU Delft test\no\tSensoren\tpilots\t")
    assert [t.summary("nl") for t in reopen(settings).step1.technologies] == [
        "Drones (onderzoek bij een kennisinstelling) — TU Delft test", "Sensoren (pilots bij andere overheden)"]
    # a text answer keeps no tab; empty items of a pasted list are none
    c.handle("/stap 0 1")
    c.handle("Bruggen\tslijten sneller")
    assert reopen(settings).step0.need == "Bruggen slijten sneller"
    c.handle("/stap 3 1")
    c.handle("- Sensoren zijn draadloos (technisch)\n- \n1.\n*")
    assert [r.text for r in reopen(settings).step3.requirements] == ["Sensoren zijn draadloos"]


def test_remove_without_a_number_clears_the_answer_to_a_question_of_one_value(store, settings):
    # a question typed without its question mark, stored as the answer: it could be replaced only
    c = make(store, settings)
    c.start()
    c.handle("/stap 3")
    c.handle("a (data)\nb (technisch)")  # a list given whole: on to the budget
    c.handle("ca. 4 ton")
    c.handle("/vorige")
    assert c.pending.id == "budget_ceiling" and c.record.step3.budget_ceiling == "ca. 4 ton"
    turns = c.handle("/verwijder")
    assert turns[0].kind == "stored" and "gewist; het was: “ca. 4 ton”." in turns[0].text
    assert reopen(settings).step3.budget_ceiling == ""
    assert c.pending.id == "budget_ceiling" and turns[-1].question_id == "budget_ceiling"
    assert [r.text for r in reopen(settings).step3.requirements] == ["a", "b"]  # the list untouched
    # nothing left to clear: how to go on is said
    turns = c.handle("/verwijder")
    assert turns[0].kind == "error"


def test_remove_without_a_number_clears_a_yes_or_no_question_that_holds_a_note_only(store, settings):
    # "(nog geen ja of nee) …": refused with "there is no list; /verwijder without a number
    # clears it", the very command typed, and nothing was cleared
    c = make(store, settings)
    c.start()
    c.handle("/stap 0 4")
    c.handle("de afdeling wil het graag")
    c.handle("/stap 0 4")
    turns = c.handle("/verwijder")
    assert turns[0].kind == "stored" and "gewist" in turns[0].text
    support = reopen(settings).step0.preconditions.support
    assert (support.ok, support.note) == (None, "")
    assert c.pending.field == "step0.preconditions.support"
    # nothing left to clear, and no list in the step: said so, without advising /verwijder again
    turns = c.handle("/verwijder")
    assert turns[0].kind == "error" and "/verwijder" not in turns[0].text
    assert turns[0].text == msg("nothing_to_clear", "nl", field="Is er voldoende draagvlak in de organisatie?")


def test_remove_without_a_number_clears_a_verdict_of_step_9(store, settings):
    # a judgement is a question of one value too: its verdict was refused with "there is no list"
    c = make(store, settings)
    c.start()
    c.handle("/stap 3")
    c.handle("sensoren werken offline (technisch)")
    c.handle("")
    c.handle("/stap 9")
    c.handle("voldaan, getest")
    c.handle("/stap 9 1")
    turns = c.handle("/verwijder")
    assert turns[0].kind == "stored" and "“Minimale eis (stap 3): ‘sensoren werken offline’” gewist" in turns[0].text
    assert reopen(settings).step9.judgements == [] and not c.is_answered(c.pending)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_not_known_yet_at_a_yes_or_no_holding_a_note_says_the_note_is_kept(store, settings, lang):
    # "Geen probleem … Deze vraag is verplicht en blijft open", while the record kept
    # "Draagvlak: (nog geen ja of nee) inwoners en ondernemers"
    c = make(store, settings, lang=lang)
    c.start()
    c.handle("/stap 0 4")
    c.handle("inwoners en ondernemers")
    c.handle("/stap 0 4")
    said = c.handle("weet ik niet" if lang == "nl" else "I don't know")[0]
    assert reopen(settings).step0.preconditions.support.note == "inwoners en ondernemers"
    back = msg("back_command", lang)
    assert said.text == msg("unsure_kept_open", lang, back=back)
    assert msg("unsure_required", lang, step=0) not in said.text
    c.handle(back)  # the way back it names leads there, where /verwijder clears it
    assert c.pending.field == "step0.preconditions.support"
    c.handle("/verwijder" if lang == "nl" else "/remove")
    assert reopen(settings).step0.preconditions.support.note == ""


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_criterion_without_a_target_is_told_how_to_give_it_one(store, settings, lang):
    # the check said "Voeg toe: 'doel: …'"; the line "doel: rapportcijfer 8" typed then was
    # refused with "kon geen item maken van …", and nothing said how to add a target to a criterion
    c = make(store, settings, lang=lang)
    c.start()
    c.handle("/stap 4" if lang == "nl" else "/step 4")
    c.handle("klanttevredenheid; eis: geen" if lang == "nl" else "customer satisfaction; requirement: none")
    c.handle("wachttijd; doel: 2 dagen" if lang == "nl" else "waiting time; target: 2 days")
    target = "doel: rapportcijfer 8" if lang == "nl" else "target: grade 8"
    refused = c.handle(target)[0]
    assert refused.kind == "error" and "item" not in refused.text
    assert len(c.record.step4.criteria) == 2
    command = re.search(r"`(/(?:wijzig|edit) 1 [^`]+)`", refused.text)
    assert command is not None, refused.text
    c.handle(command.group(1))  # the command it names gives the first criterion its target
    assert c.record.step4.criteria[0].target == target.split(": ", 1)[1]
    assert c.record.step4.criteria[0].text in ("klanttevredenheid", "customer satisfaction")
    # and so does the command the check on a criterion without a target advises, "…" filled in
    c.handle("/wijzig 1 klanttevredenheid" if lang == "nl" else "/edit 1 customer satisfaction")
    check = next(w for w in c.checks(4) if w.id == "criterion_not_measurable")
    advised = re.search(r"`(/(?:wijzig|edit) 1 [^`]+)`", check.message(lang)).group(1)
    c.handle(advised.replace("…", "rapportcijfer 8"))
    assert c.record.step4.criteria[0].target == "rapportcijfer 8"
    assert not [w for w in c.checks(4) if w.id == "criterion_not_measurable"]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_end_of_a_step_and_a_reopening_name_earlier_steps_still_open(store, settings, lang):
    # finishing step 4 said "Volgende open stap: 5" and the restart "U was bij stap 4", with
    # required questions of steps 0 and 2 still open and no word of them
    c = make(store, settings, lang=lang)
    c.start()
    c.handle("/stap 0 4")
    for answer in ("ja", "ja", "ja", "ja") if lang == "nl" else ("yes", "yes", "yes", "yes"):
        c.handle(answer)
    c.handle("/stap 4")
    turns = answer_step_4_to_its_end(c)
    assert c.current_step == 5
    said = next(t.text for t in turns if t.text.startswith(msg("next_open", lang, step=5, title=c.plan.step(5).title)))
    steps = "; ".join(msg("open_before_step", lang, step=n, questions=questions)
                      for n, questions in ((0, "1, 2, 3"), (1, "1"), (2, "1, 9"), (3, "1, 2, 3, 4, …")))
    line = msg("open_before", lang, steps=steps)
    assert said.endswith("\n\n" + line)
    again = make(store, settings, lang=lang)
    welcome = again.start()[0]
    # reopened at step 5: the same steps, step 4 done
    assert welcome.kind == "welcome" and welcome.text.endswith("\n\n" + line)


def test_edit_without_any_list_gives_a_message(store, settings):
    c = make(store, settings)
    c.start()
    turns = c.handle("/wijzig 1 iets")
    assert turns[0].kind == "error" and "lijst" in turns[0].text


def test_navigation_commands(store, settings):
    c = make(store, settings)
    c.start()
    c.handle("/volgende")
    assert c.pending.id == "who"
    c.handle("/terug")
    assert c.pending.id == "need"
    turns = c.handle("/terug")
    assert turns[0].kind == "info" and c.pending.id == "need"
    for bad in ("/stap 11", "/stap -1", "/stap elf", "/stap", "/stap 99999999999"):
        turns = c.handle(bad)
        assert turns[0].kind == "error", bad
        assert c.current_step == 0 and c.pending.id == "need"
    turns = c.handle("/stap vijf")  # a step's number in words goes there too
    assert kinds(turns) == ["step", "ask"] and c.current_step == 5
    c.handle("/terug")
    c.handle("/terug")
    assert c.current_step == 4
    turns = c.handle("/bestaatniet")
    assert turns[0].kind == "error" and "/help" in turns[0].text
    assert kinds(c.handle("/help")) == ["help", "ask"]
    assert '"""' in c.handle("/help")[0].text  # plain text: a block; the app: ctrl+j
    app = make(store, settings, name="In de app", multiline_hint="list_hint_app")
    app.start()
    said = app.handle("/help")[0].text
    assert "ctrl+j" in said and '"""' not in said
    assert kinds(c.handle("/uitleg"))[0] == "step"
    record_turn = c.handle("/dossier")[0]
    assert record_turn.kind == "record" and "Stap 10" in record_turn.text


def test_required_skip_says_it_stays_open(store, settings):
    c = make(store, settings)
    c.start()
    turns = c.handle("/volgende")
    assert "verplicht" in turns[0].text


def test_step_summary_and_next_open_step(store, settings):
    c = make(store, settings)
    c.start()
    c.handle("/stap 8")
    for text in ("Afspraken vastgelegd", "Risico bij deelnemer", "150 containers", "Maand 4: antenne", ""):
        turns = c.handle(text)  # the last a list's line: an empty input after it goes on
    summary = next(t for t in turns if t.kind == "summary")
    assert "Stap 8" in summary.text and "150 containers" in summary.text
    assert c.record.status(8) == "done"
    assert c.current_step == 9 and c.pending is not None  # next open step after 8


def test_what_follows_a_choice_is_said_not_stored(store, settings):
    # "direct afnemen (bij leverancier B)" was stored as "direct afnemen" without a word on the
    # rest (step 9's final verdict keeps it: test_the_final_verdict_keeps_its_why)
    c = make(store, settings)
    c.start()
    for step, typed, rest in (("/stap 6 11", "direct afnemen (bij leverancier B)", "bij leverancier B"),
                              ("/stap 7 1", "3 — want we willen door", "want we willen door")):
        c.handle(step)
        stored = c.handle(typed)[0]
        assert stored.kind == "stored"
        assert f"Alleen de keuze is opgeslagen, niet “{rest}”" in stored.text
    record = reopen(settings)
    assert (record.step6.procurement_strategy, record.step7.procedure) == \
        (rec.ProcurementStrategy.DIRECT_PURCHASE, rec.Procedure.INNOVATIEPARTNERSCHAP)
    c.handle("/stap 6 11")
    assert "Alleen de keuze" not in c.handle("nog niet besloten")[0].text  # the choice alone: nothing to say


@pytest.mark.parametrize(("lang", "label"), [("nl", "Opgeslagen bij “Minimale eis (stap 3): ‘Opschalen binnen 2 jaar’”:"),
                                           ("en", "Saved for “Minimum requirement (step 3): ‘Opschalen binnen 2 jaar’”:")])
def test_a_quotation_inside_a_quoted_label_takes_the_other_pair(store, settings, lang, label):
    # "Opgeslagen bij “Minimale eis (stap 3): “Opschalen naar 100% binnen 2…”:" ran two quotations together
    c = make(store, settings, lang=lang)
    c.start()
    c.handle("/stap 3")
    c.handle("Opschalen binnen 2 jaar (technisch)")
    c.handle("/stap 9 1")
    assert c.handle("voldaan, bij alle palen")[0].text.split("\n")[0] == label


def test_a_dutch_yes_or_no_stays_as_typed_under_the_english_interface(store, settings):
    # "ja, de wethouder mobiliteit steunt het" was shown and stored as "yes, de wethouder …"
    c = make(store, settings, lang="en")
    c.start()
    for text in ("volle containers", "bewoners", "sensoren helpen"):
        c.handle(text)
    stored = c.handle("ja, de wethouder mobiliteit steunt het")[0]
    assert stored.text.split("\n")[1] == "> ja, de wethouder mobiliteit steunt het"
    c.handle("nee, het team is vol")
    preconditions = reopen(settings).step0.preconditions
    assert (preconditions.support.ok, preconditions.time.ok) == (True, False)  # the yes and no are read
    assert [p.summary("en") for p in (preconditions.support, preconditions.time)] == [
        "ja, de wethouder mobiliteit steunt het", "nee, het team is vol"]


def test_step_9_questions_come_from_the_record(store, settings):
    c = make(store, settings)
    c.start()
    c.handle("/stap 3")
    c.handle("AVG-conform (data); Werkt offline (technisch)")
    c.handle("/stap 4")
    c.handle("Doorlooptijd; doel: 90% binnen 48 uur; eis: 1")
    c.handle("/stap 9")
    questions = c.questions(9)
    judge = [q for q in questions if q.id.startswith("judge_")]
    assert [q.ref_kind for q in judge] == ["requirement", "requirement", "criterion"]
    assert "AVG-conform" in judge[0].prompt and "90% binnen 48 uur" in judge[2].prompt
    assert c.pending.id == judge[0].id
    c.handle("voldaan — DPIA akkoord")
    c.handle("2 — werkt offline behalve bij updates")  # choice number + evidence
    turns = c.handle("niet voldaan — 84% binnen 48 uur")
    assert c.pending.id == "external_vs_own"
    assert rec.unjudged_items(c.record) == []
    verdicts = [j.verdict for j in reopen(settings).step9.judgements]
    assert verdicts == [rec.JudgementVerdict.MET, rec.JudgementVerdict.PARTLY, rec.JudgementVerdict.NOT_MET]
    assert turns[0].kind == "stored"
    # a judgement that cannot be parsed is refused
    c.handle("/terug")
    turns = c.handle("het rapport komt in mei")
    assert kinds(turns) == ["error", "ask"]
    # one that says it is not known yet is kept, its verdict open: "not sure yet, …" was stored
    # as not met, with "sure yet, …" as its evidence
    for unsure in ("not sure yet, the DPIA is still running", "I don't know, the supplier has not reported"):
        turns = c.handle(unsure)
        assert "Het oordeel staat nog open" in turns[0].text
        judged = rec.find_judgement(reopen(settings), c.record.step4.criteria[0].id)
        assert (judged.verdict, judged.evidence) == (None, unsure) and rec.unjudged_items(c.record)
        c.handle("/terug")
    # a new requirement adds a judgement question
    c.handle("/stap 3")
    assert c.pending.id == "budget_ceiling"  # the first open question of the step
    c.handle("/terug")
    c.handle("Toegankelijk (juridisch)")
    c.handle("/stap 9")
    assert c.pending.ref_id == c.record.step3.requirements[-1].id


def test_a_judgement_names_what_it_judges_once(store, settings):
    # "Minimale eis (stap 3): “Live beeld …”: Live beeld …: voldaan — …" in the step's summary and
    # /dossier, and "▌ Koppeling met LCMS (weging 15%): niet voldaan — …" saved: the text twice
    c = make(store, settings)
    c.start()
    c.handle("/stap 3")
    c.handle("Live beeld van de brandhaard in de commandowagen (technisch)")
    c.handle("/stap 4")
    c.handle("Koppeling met LCMS (weging 100%); doel: binnen 3 maanden")  # the weight is its own part now
    c.handle("/stap 9")
    stored = c.handle("voldaan — bij 11 van 12 inzetten")[0]
    assert stored.text.splitlines()[1:] == ["> voldaan — bij 11 van 12 inzetten"]
    stored = c.handle("niet voldaan — de koppeling ontbreekt")[0]
    assert stored.text.splitlines()[1:] == ["> niet voldaan — de koppeling ontbreekt"]
    for text in (c.handle("/dossier 9")[0].text, c.handle("/dossier")[0].text.split("**Stap 9 ·")[1]):
        assert text.count("Live beeld van de brandhaard in de commandowagen") == 1
        assert "“Koppeling met LCMS” (doel: binnen 3 maanden): niet voldaan — de koppeling ontbreekt" in text
    asked = c.handle("/stap 9 1")[-1].text
    assert "Huidig antwoord: voldaan — bij 11 van 12 inzetten" in asked
    # where nothing else names it (the record panel's list, the exports), a judgement still does
    assert rec.find_judgement(c.record, c.record.step3.requirements[0].id).summary() == \
        "Live beeld van de brandhaard in de commandowagen: voldaan — bij 11 van 12 inzetten"


def test_a_verdict_on_a_changed_requirement_is_asked_again_first(store, settings):
    # the check said "Beoordeel het opnieuw", but /stap 9 went to other questions
    c = make(store, settings)
    c.start()
    c.handle("/stap 3 1")
    c.handle("Reageert binnen 2 seconden (technisch)\nAVG-conform (data)")
    c.handle("/stap 9")
    c.handle("niet voldaan — 2,8 seconden")
    c.handle("voldaan — DPIA akkoord")
    c.handle("/stap 3 1")
    c.handle("/wijzig 1 Reageert binnen 3 seconden (technisch)")
    c.handle("/stap 9")
    first = c.record.step3.requirements[0]
    assert c.pending.ref_id == first.id
    c.handle("voldaan — 2,8 seconden")
    from assistant.plan.checks import run_checks

    assert not [x for x in run_checks(c.record) if x.id == "judged_before_change"]
    assert c.pending.ref_id != first.id  # judged again: on to what is still open


def test_a_criterion_whose_target_changed_after_step_9_judged_it_is_said_to_be_judged_again(store, settings):
    # "voldaan — 28% minder ritten" was measured against 25%: with 30% as the target only
    # "Regel 1 was: …" was said, and /dossier 9 showed the new target beside the old verdict
    from assistant.plan.example import example_record

    c = _opened(store, settings, example_record("nl"))
    c.handle("/stap 4 1")
    said = c.handle("/wijzig 1 Aantal ritten voor restafval; doel: 30% minder ritten bij gelijke servicegraad; "
                    "eis: 4; weging: 40%")[0].text
    assert "⚠ Het criterium “Aantal ritten voor restafval” (stap 4) is gewijzigd nadat stap 9 het beoordeelde " \
           "(toen: “Aantal ritten voor restafval; doel: 25% minder ritten bij gelijke servicegraad”, voldaan)" in said
    # a weight alone changes nothing the verdict was measured against
    said = c.handle("/wijzig 2 Doorlooptijd melding bijplaatsing tot ophalen; doel: 90% binnen 48 uur; "
                    "eis: 5; weging: 30%")[0].text
    assert "⚠" not in said and [x.entry_id for x in c.checks() if x.id == "judged_before_change"] == \
        [c.record.step4.criteria[0].id]


def test_step_9_being_answered_leaves_out_only_the_checks_about_judgements_still_to_come(store, settings):
    # at step 9 the steps list said "⚠1" beside six checks in the record: while any item was not
    # judged, every check about step 9's judgements was taken as still to come, a criterion
    # changed after its verdict too, and so were the judgements passed over with /volgende
    from assistant.plan.example import example_record
    from assistant.plan.open_items import open_items

    record = example_record("nl")
    record.step4.criteria[0].target = "30% minder ritten bij gelijke servicegraad"  # changed after its verdict
    rec.find_judgement(record, record.step4.criteria[1].id).verdict = rec.JudgementVerdict.NOT_MET
    rec.apply_text(record, "step3.requirements", "Toegankelijk voor bewoners (juridisch)")  # not judged yet
    c = _opened(store, settings, record)
    c.handle("/stap 9")
    assert c.pending.ref_id == c.record.step3.requirements[-1].id

    def counted() -> list[str]:
        return [check.id for check in open_items(c.record, answering=9, to_come=c.fields_to_come()).of_step(9).checks]

    # the judgement asked now is still to come; the changed criterion and the verdict are not
    assert counted() == ["judged_before_change", "scale_up_criterion_not_met"]
    assert [x.id for x in open_items(c.record, answering=9).of_step(9).checks] == counted()  # the record alone
    c.handle("/volgende")  # passed over: left open, not to come
    assert counted() == ["requirement_unjudged", "judged_before_change", "scale_up_criterion_not_met"]


@pytest.mark.parametrize("removal", ["/verwijder 4", "/verwijder 4-5", "/verwijder alles"])
def test_removing_a_judged_requirement_says_the_verdict_that_went_with_it(store, settings, removal):
    # "/verwijder 4" said only "Regel 4 was: …": the verdict and its evidence were gone unseen
    from assistant.plan.example import example_record

    c = _opened(store, settings, example_record("nl"))
    c.handle("/stap 3 1")
    said = c.handle(removal)[0].text
    assert "Het oordeel van stap 9 over “Camerabeelden worden niet gebruikt om personen te identificeren” is mee " \
           "verwijderd: “voldaan — audit: beelden op het apparaat gewist”." in said
    assert said.count("Het oordeel van stap 9 over") == {"/verwijder 4": 1, "/verwijder 4-5": 2,
                                                         "/verwijder alles": 5}[removal]


def test_removing_a_judged_criterion_says_its_verdict_in_english(store, settings):
    from assistant.plan.example import example_record

    project = store.create_project("Taken over")
    store.save_record(project.id, example_record("en"))
    c = make(store, settings, name="Taken over", lang="en")
    c.start()
    c.handle("/step 4 1")
    said = c.handle("/remove 2")[0].text
    assert "Step 9's verdict on “Time from report of dumped rubbish to collection” was removed with it: " \
           "“partly met — 84% within 48 hours (target 90%)”." in said
    # an entry step 9 has not judged goes without a word about verdicts
    c.handle("Resident satisfaction; target: 8 or higher")
    assert "Step 9's verdict" not in c.handle("/remove 3")[0].text


def test_a_verdict_given_again_says_the_checks_on_that_judgement_are_resolved(store, settings):
    # judged again after its requirement changed, or met where the verdict is to scale up: the
    # check cleared from the panel without a word (only the judgement's "no verdict yet" is not
    # said: the question names the requirement already)
    from assistant.plan.example import example_record

    record = example_record("nl")
    first = record.step3.requirements[0]
    rec.judge(record, first.id, "niet voldaan", "de koppeling ontbreekt")
    first.text += " (herzien)"
    c = _opened(store, settings, record)
    c.handle("/stap 9 1")
    turns = c.handle("voldaan — bij 11 van 12 inzetten")
    stored = next(t for t in turns if t.kind == "stored")
    said = [line for line in stored.text.split("\n\n") if line.startswith("✓ Opgelost")]
    name = f"“{first.text}” (stap 3)"
    assert [line.split(name)[0] for line in said] == ["✓ Opgelost: De minimale eis ",
                                                      "✓ Opgelost: Het eindoordeel is opschalen, maar minimale eis "]
    assert said[0].split(name)[1].startswith(" is gewijzigd nadat stap 9")


def test_ambiguous_line_asks_which_was_meant(store, settings):
    c = make(store, settings)
    c.start()
    turns = c.handle("Sensoren?")
    assert kinds(turns) == ["disambiguate"] and c.awaiting_choice
    assert c.record.step0.need == ""
    turns = c.handle("1")
    assert turns[0].kind == "stored" and c.record.step0.need == "Sensoren?"
    c.handle("Bijplaatsingen?")
    turns = c.handle("Bewoners")  # neither 1 nor 2: set aside, the new line is handled
    assert turns[0].kind == "info" and "Bijplaatsingen" in turns[0].text
    assert c.record.step0.who == "Bewoners" and not c.awaiting_choice


def test_a_step_chosen_on_screen_while_1_or_2_is_asked_says_the_line_was_left_not_what_was_typed(store, settings):
    # a click on step 3 said "ga verder met wat u nu typte": nothing had been typed
    c = make(store, settings)
    c.start()
    c.handle("wat betekent TRL precies")
    assert c.awaiting_choice
    turns = c.goto(3).turns
    said = [turn.text for turn in turns if turn.kind == "info"]
    assert len(said) == 1 and "wat betekent TRL precies" in said[0] and "U koos een stap" in said[0]
    assert "wat u nu typte" not in said[0]
    assert c.current_step == 3 and not c.awaiting_choice

def test_a_question_typed_without_its_question_mark_is_not_stored_as_an_answer(store, settings):
    c = make(store, settings)
    c.start()
    turns = c.handle("hoe lang duurt zo'n traject meestal")
    assert kinds(turns) == ["disambiguate"] and c.record.step0.need == ""
    turns = c.handle("2")  # a question: asked of the guidance (none here), the record untouched
    assert "stored" not in kinds(turns) and c.record.step0.need == "" and c.pending.id == "need"


def test_disambiguation_survives_a_restart(store, settings):
    c = make(store, settings)
    c.start()
    c.handle("Sensoren?")
    again = make(store, settings)
    turns = again.start()
    assert kinds(turns) == ["welcome", "disambiguate"]
    again.handle("antwoord")
    assert reopen(settings).step0.need == "Sensoren?"


def test_reopening_without_a_word_typed_replaces_the_last_reopenings_words(store, settings):
    c = make(store, settings)
    c.start()
    c.handle("Containers raken vol")
    typed = [(t.role, t.kind, t.text) for t in c.history()]
    for _ in range(3):  # opened and closed again, three times
        make(store, settings).start()
    history = make(store, settings).history()
    assert [(t.role, t.kind, t.text) for t in history[:len(typed)]] == typed  # all of it kept
    assert [t.kind for t in history[len(typed):]] == ["welcome", "ask"]  # one greeting, not three
    # once something is typed after a greeting, that greeting stays with it
    again = make(store, settings)
    again.start()
    again.handle("Bewoners")
    make(store, settings).start()
    kinds_now = [t.kind for t in make(store, settings).history()]
    assert kinds_now.count("welcome") == 3  # the new project's, the answered greeting, the last
    # a new project nobody answered keeps its first words and step
    fresh = make(store, settings, name="Nog leeg")
    first = [t.kind for t in (fresh.start() and fresh.history())]
    make(store, settings, name="Nog leeg").start()
    assert [t.kind for t in make(store, settings, name="Nog leeg").history()][:len(first)] == first


def test_a_reopened_project_asks_the_question_shown_just_above_briefly(store, settings):
    # the question was shown in full twice, its help and example twice: the screen at 80×24
    c = make(store, settings)
    c.start()
    c.handle("Containers raken vol")
    asked = c.history()[-1]
    assert asked.kind == "ask" and "Voorbeeld:" in asked.text
    _history, greeting = make(store, settings).resume()
    again = greeting[-1]
    assert again.kind == "ask" and again.field == asked.field
    assert "Wie ervaart deze behoefte?" in again.text and "Voorbeeld:" not in again.text
    # a reopening after a question to the guidance, or on another question, asks it in full
    other = make(store, settings)
    other.start()
    other.handle("/stap 3")
    other.handle("/stap 0 2")
    other.store.add_turn(other.project.id, "assistant", "answer", "Een antwoord uit de handreiking.", step=0)
    _history, greeting = make(store, settings).resume()
    assert "Voorbeeld:" in greeting[-1].text


def test_a_greeting_that_cannot_be_removed_stays_and_the_project_opens(store, settings, monkeypatch):
    from assistant.store import StoreError

    c = make(store, settings)
    c.start()
    c.handle("Containers raken vol")
    make(store, settings).start()

    def refuse(*_args):
        raise StoreError("schijf vol", "disk full")

    monkeypatch.setattr(store, "remove_turns_from", refuse)
    turns = make(store, settings).start()
    assert [t.kind for t in turns] == ["welcome", "ask"]


def test_guidance_question_without_knowledge_base_is_a_clear_message(store, settings):
    c = make(store, settings)
    c.start()
    turns = c.handle("wat is een SBIR?")
    assert kinds(turns) == ["error", "ask"]
    assert c.pending.id == "need" and c.record.step0.need == ""


def test_the_question_asked_again_after_a_question_says_what_it_holds(store, settings):
    # "Terug naar de vraag" without its answer read as an empty question: what was typed next
    # replaced the answer, or was added to the list
    c = make(store, settings)
    c.start()
    c.handle("Containers raken onvoorspelbaar vol")
    c.handle("/terug")
    turns = c.handle("wat is een SBIR?")
    assert turns[-1].kind == "ask" and "Huidig antwoord: Containers raken onvoorspelbaar vol" in turns[-1].text
    c.handle("/stap 3 1")
    c.handle("Sensorfeed elke minuut (data)\nWerkt offline (technisch)")
    c.handle("/stap 3 1")
    turns = c.handle("wat is een SBIR?")
    assert "Al ingevuld: 2 regels (`/dossier` toont ze)" in turns[-1].text
    assert "Sensorfeed" not in turns[-1].text  # counted, not listed again after every question


@pytest.mark.parametrize("question", [
    "Binnen hoeveel dagen moet een bezwaar tegen een gunningsbeslissing bij de rechter liggen?",
    "In which step do we consult the market?",
])
def test_a_question_that_opens_with_a_preposition_is_answered_from_the_guidance(store, settings, kb, question):
    # "Binnen hoeveel dagen …?" got "Typ 1 (antwoord) of 2 (vraag)": only its first word was read
    c = make(store, settings, kb=kb)
    c.start()
    turns = c.handle(question)
    assert kinds(turns) == ["guidance", "ask"] and not c.awaiting_choice
    assert turns[0].answer is not None and turns[0].answer.question == question
    assert c.record.step0.need == "" and c.pending.id == "need"


def test_interleaved_guidance_questions_with_the_real_knowledge_base(store, settings, kb):
    c = make(store, settings, kb=kb)
    turns = c.start()
    assert kinds(turns) == ["welcome", "step", "quote", "ask"]
    quote = turns[2]
    assert quote.citations and quote.citations[0].passage.step == 0 or quote.citations[0].passage.text
    c.handle("Containers raken onvoorspelbaar vol")
    turns = c.handle("Mag ik na een SBIR direct inkopen?")
    assert kinds(turns) == ["guidance", "ask"]
    guidance = turns[0]
    assert guidance.answer is not None and guidance.answer.found
    assert guidance.citations and "[1]" in guidance.text
    assert turns[1].question_id == "who" and c.pending.id == "who"
    turns = c.handle("/vraag wat is een innovatiepartnerschap")
    assert kinds(turns) == ["guidance", "ask"] and turns[0].citations
    c.handle("Bewoners en chauffeurs")
    assert c.record.step0.who == "Bewoners en chauffeurs"
    # disambiguation resolved as a question
    c.handle("Innovatiepartnerschap?")
    turns = c.handle("2")
    assert kinds(turns) == ["guidance", "ask"]
    assert c.record.step0.why_digital == ""
    # sources are stored with the turn and come back from history
    history = [t for t in c.history() if t.kind == "guidance"]
    assert history and history[0].citations[0].passage.title
    assert history[0].citations[0].quote == guidance.citations[0].quote
    # unknown glossary term falls back to the guidance
    turns = c.handle("/begrip proeftuin")
    assert "guidance" in kinds(turns) or "term" in kinds(turns)


def test_a_term_of_the_glossary_the_guidance_does_not_use_is_answered_from_the_glossary(store, settings, kb):
    from assistant.tui.session import ask_guidance

    c = make(store, settings, kb=kb)
    c.start()
    turns = c.handle("/vraag Wat is een grondrechtentoets?")
    assert kinds(turns) == ["guidance", "term", "ask"]
    assert not turns[0].answer.found and "begrippenlijst" in turns[1].text and "**grondrechten**" in turns[1].text
    # a term the glossary does not have either, or one the guidance covers: no glossary note
    assert kinds(c.handle("/vraag Wat is een appeltaart?")) == ["guidance", "ask"]
    assert kinds(c.handle("/vraag Wat is SBIR?")) == ["guidance", "ask"]
    # the same without a project
    view = ask_guidance(ExtractiveAnswerer(kb), "What is a FRIA?", "en")
    assert "does not cover" in view.text and "**fundamental rights**" in view.text


def test_a_question_that_only_refers_back_asks_what_it_refers_to_in_the_users_language(kb):
    # outside a project "wat betekent dat?" got quotes saying "betekent" ("Innoveren betekent …")
    from assistant.tui.session import ask_guidance

    view = ask_guidance(ExtractiveAnswerer(kb), "wat betekent dat?", "nl")
    assert view.kind == "info" and view.text.startswith("Waar verwijst ‘dat’ naar?") and "[1]" not in view.text
    view = ask_guidance(ExtractiveAnswerer(kb), "What does that mean?", "en")
    assert view.kind == "info" and view.text.startswith("What does ‘that’ refer to?")


def test_a_question_about_this_step_is_answered_from_the_step_the_user_is_at(store, settings, kb):
    c = make(store, settings, kb=kb)
    c.start()
    turns = c.handle("/vraag Wat houdt deze stap in?")  # step 0: the guidance's introduction
    assert any("behoefteanalyse" in citation.quote for citation in turns[0].citations)
    c.handle("/stap 4")
    turns = c.handle("/vraag Wat houdt deze stap in?")
    # led by the plan's own words for the step, said to be this assistant's
    assert kinds(turns)[:2] == ["term", "guidance"]
    assert turns[0].text.startswith("Zo vat deze assistent de stap samen:")
    assert "**Stap 4 · Bepaal criteria om de innovatie te beoordelen**" in turns[0].text
    assert turns[1].citations[0].passage.step == 4
    turns = c.handle("/vraag What comes in the next step?")
    assert [t for t in turns if t.kind == "guidance"][0].citations[0].passage.step == 5
    assert c.current_step == 4  # asking about a step does not move the conversation


def test_a_short_question_about_the_question_asked_is_searched_with_its_words(store, settings, kb):
    c = make(store, settings, kb=kb)
    c.start()
    c.handle("/stap 6")
    while c.pending.field != "step6.ip.ownership":
        c.handle("/volgende")
    turns = c.handle("/vraag Wat moet ik hier invullen?")
    assert "intellectue" in turns[0].citations[0].passage.text.lower()
    # searched with its step's number, but not asked about the step: no summary of it before
    assert kinds(turns)[0] == "guidance"
    assert turns[0].citations[0].passage.step == 6
    assert c.pending.field == "step6.ip.ownership"  # the question still waits for its answer


@pytest.mark.parametrize("question", ["Mag ik hier een innovatiepartnerschap voor gebruiken?",
                                      "Can I use an innovation partnership here?"])
def test_a_short_question_naming_a_term_of_its_own_is_searched_as_asked(store, settings, kb, question):
    # "hier … voor" is "for this project": searched with the need's question, it was answered
    # from a survey's list of questions
    c = make(store, settings, kb=kb)
    c.start()
    turns = c.handle(f"/vraag {question}")
    assert "innovatiepartnerschap" in turns[0].citations[0].passage.text.lower()
    assert c.pending.id == "need"


def test_a_question_mark_alone_asks_for_a_question_and_the_conversation_goes_on(store, settings, kb):
    c = make(store, settings, kb=kb)
    c.start()
    turns = c.handle("/vraag ?")
    assert turns[0].kind == "info" and "Stel een vraag" in turns[0].text
    assert c.pending.id == "need"
    # typed at the question, "?" asks about it: the question again with its help and example,
    # at once (no "answer or question?" first)
    turns = c.handle("?")
    assert kinds(turns) == ["ask"] and "Stel een vraag" not in turns[0].text
    assert c.pending.id == "need" and not rec.get_field(c.record, c.pending.field)


@pytest.mark.parametrize("text", ["Waar begin ik?", "Ik ben nieuw, hoe werkt dit?", "wat moet ik nu doen", "help"])
def test_asking_where_to_begin_explains_the_plan_and_this_step_and_stores_nothing(store, settings, kb, text):
    c = make(store, settings, kb=kb)
    c.start()
    c.handle("/stap 2")
    turns = c.handle(text)
    assert kinds(turns) == ["info", "step", "quote", "ask"]
    assert turns[0].text.startswith("U bent bij stap 2 · ") and "`/help`" in turns[0].text
    assert turns[1].step == 2 and turns[3].field == c.pending.field
    assert not rec.get_field(c.record, c.pending.field)  # not taken for an answer
    # about the guidance, the same words are a question to it
    turns = c.handle("Waar begin ik met een marktconsultatie?")
    assert turns[0].kind == "guidance" and turns[0].citations


@pytest.mark.parametrize(("lang", "text"), [("nl", "ik ben de weg kwijt, wat nu"), ("nl", "ik snap het niet"),
                                           ("en", "I'm lost"), ("en", "I don't get it")])
def test_saying_you_are_lost_at_a_list_question_explains_and_stores_no_line(store, settings, lang, text):
    # at step 4's first question (a list) "ik ben de weg kwijt, wat nu" became criterion 1, and a
    # check said it had no measurable target
    c = make(store, settings, lang=lang)
    c.start()
    c.handle("/stap 4 1")
    field = c.pending.field
    turns = c.handle(text)
    assert turns[0].kind == "info" and "`/help`" in turns[0].text and turns[-1].kind == "ask"
    assert not rec.get_field(c.record, field) and c.pending.field == field
    # with a line typed already, it is not added as the next one either
    c.handle({"nl": "Storingen binnen 4 uur verholpen", "en": "Faults fixed within 4 hours"}[lang])
    c.handle(text)
    assert len(rec.get_field(c.record, field)) == 1


@pytest.mark.parametrize(("lang", "answer"), [("nl", "dat moet ik aan mijn manager vragen"),
                                             ("en", "I need to check with my manager")])
def test_an_answer_still_to_be_asked_of_someone_keeps_the_question_open(store, settings, lang, answer):
    # "dat moet ik aan mijn manager vragen" to step 3's project-management funding was stored as
    # its answer: the required question counted as answered
    c = make(store, settings, lang=lang)
    c.start()
    c.handle("/stap 3 3")
    q = c.pending
    turns = c.handle(answer)
    stored = next(t for t in turns if t.kind == "stored")
    assert stored.text.endswith(msg("stored_not_known_yet", lang, step=3))
    assert rec.get_field(c.record, q.field) == answer and not c.is_answered(q)
    assert q.field in rec.missing_fields(c.record, 3)
    c.handle("/stap 3 3")
    c.handle({"nl": "ja, mijn manager heeft 20.000 euro toegezegd", "en": "yes, my manager committed € 20,000"}[lang])
    assert c.is_answered(q)


@pytest.mark.parametrize(("lang", "answer", "why"), [
    ("en", "not sure yet, maybe half a day a week for me", "still_open_unsure"),
    ("nl", "weet ik nog niet, misschien een halve dag per week", "still_open_unsure"),
    ("en", "half a day a week for me", "still_open_no_yes_no"),
    ("nl", "een halve dag per week", "still_open_no_yes_no"),
])
def test_a_question_left_open_asked_again_before_the_step_is_left_says_why(store, settings, lang, answer, why):
    # "not sure yet, …" to step 0's question 5 (a yes or no): after question 8 the conversation
    # went back to "Question 5 of 8 … Current answer: open, not sure yet…" without a word, and
    # read as if the step had restarted
    c = make(store, settings, lang=lang)
    c.start()
    for text in ("need", "residents", "sensors help", "yes, the alderman"):
        c.handle(text)
    time = c.pending
    assert time.field == "step0.preconditions.time"
    c.handle(answer)
    for text in ("yes, € 200,000", "yes, to the end"):
        c.handle(text)
    assert c.pending.id == "duration"
    turns = c.handle("two years")
    assert kinds(turns) == ["stored", "info", "ask"] and c.pending.id == time.id
    assert turns[1].text == msg(why, lang, n=5)
    assert turns[2].text.startswith("**" + msg("question_of", lang, n=5, total=8))
    # the sentence says how to leave it open, and that does
    turns = c.handle("/volgende" if lang == "nl" else "/next")
    assert "summary" in kinds(turns) and c.current_step == 1
    assert "step0.preconditions.time" in rec.missing_fields(c.record, 0)


@pytest.mark.parametrize(("lang", "answer", "shown"), [
    ("en", "not sure yet, maybe half a day a week for me",
     "(no yes or no yet) not sure yet, maybe half a day a week for me"),
    ("nl", "weet ik nog niet, misschien een halve dag per week",
     "(nog geen ja of nee) weet ik nog niet, misschien een halve dag per week"),
])
def test_a_yes_or_no_answered_without_one_is_shown_apart_from_the_users_words(store, settings, lang, answer, shown):
    # shown as "open, not sure yet, …": the word "open" before her text read as if she typed it
    c = make(store, settings, lang=lang)
    c.start()
    c.handle("/stap 0 5" if lang == "nl" else "/step 0 5")
    stored = c.handle(answer)[0]
    assert stored.kind == "stored" and stored.text.splitlines()[1] == "> " + escape_markdown(shown)
    assert rec.format_value(reopen(settings).step0.preconditions.time, lang) == shown
    assert escape_markdown(shown) in c.record_text() and "open, " not in c.record_text()


def test_a_question_never_answered_asked_before_the_step_is_left_says_it_is_open(store, settings):
    c = make(store, settings)
    c.start()
    c.handle("/stap 0 7")
    c.handle("ja, het bestuur")
    turns = c.handle("twee jaar")  # the step's last question: its first, never asked, comes back
    assert c.pending.id == "need"
    assert kinds(turns) == ["stored", "info", "ask"] and turns[1].text == msg("still_open", "nl", n=1)


@pytest.mark.parametrize(("lang", "answer", "ok"), [
    ("nl", "denk het wel, mijn manager wil het graag", True), ("nl", "volgens mij niet, er is geen tijd", False),
    ("en", "I think so, my manager is keen", True), ("en", "probably not, nobody has time", False),
])
def test_a_hedged_yes_or_no_is_a_yes_or_no_in_the_users_words(store, settings, lang, answer, ok):
    # "denk het wel, mijn manager wil het graag" to "draagvlak" showed as "open, denk het wel…",
    # /volgende said the required question stayed open, and the checks named it as open
    c = make(store, settings, lang=lang)
    c.start()
    c.handle("/stap 0 4")
    q = c.pending
    assert q.field == "step0.preconditions.support"
    stored = c.handle(answer)[0]
    assert stored.kind == "stored" and msg("stored_open_bool", lang, back=msg("back_command", lang)) not in stored.text
    support = c.record.step0.preconditions.support
    assert support.ok is ok and c.is_answered(q)
    assert rec.format_value(support, lang) == answer  # her words, no "open" or "ja" put before them
    c.handle("/stap 0 4")
    assert c.handle("/volgende")[0].text == msg("kept", lang)
    assert q.field not in rec.missing_fields(c.record, 0)


@pytest.mark.parametrize("answer", ["x", "v", "q"])
def test_a_lone_letter_other_than_j_n_or_y_is_no_yes_or_no(store, settings, answer):
    # "x" to "Is er voldoende draagvlak?" was stored as "nee" and warned "ontbreekt: draagvlak";
    # like "q" it is left open, said so, and asked again before the step is left
    c = make(store, settings)
    c.start()
    c.handle("/stap 0 4")
    stored = c.handle(answer)[0]
    assert c.record.step0.preconditions.support.ok is None and "ontbreekt" not in stored.text
    assert msg("stored_open_bool", "nl", back="/terug") in stored.text
    assert "step0.preconditions.support" in rec.missing_fields(c.record, 0)
    for letter, ok in (("j", True), ("n", False), ("y", True)):
        c.handle("/stap 0 4")
        c.handle(letter)
        assert c.record.step0.preconditions.support.ok is ok


def test_export_writes_json_into_the_data_dir(store, settings):
    c = make(store, settings, name="../../etc/passwd")
    c.start()
    c.handle("Containers vol")
    turns = c.handle("/export json")
    assert turns[0].kind == "export", turns[0].text
    files = list((settings.data_path / "exports").iterdir())
    assert len(files) == 1 and files[0].parent == settings.data_path / "exports"
    assert ".." not in files[0].name and "/" not in files[0].name
    data = json.loads(files[0].read_text(encoding="utf-8"))
    assert data["step0"]["need"] == "Containers vol"
    assert c.handle("/export pdf")[0].kind == "error"
    assert c.handle("/export")[0].kind == "error"


def test_bad_input_empty_huge_controls_and_markup(store, settings):
    c = make(store, settings)
    c.start()
    for empty in ("", "   ", "\n\n", "\x1b[2J\x07"):
        turns = c.handle(empty)
        assert turns[0].kind == "info" and c.pending.id == "need"
    assert c.record.step0.need == ""
    huge = "x" * (1024 * 1024)
    turns = c.handle(huge)
    assert turns[0].kind == "info" and str(MAX_TEXT_CHARS) in turns[0].text
    assert len(reopen(settings).step0.need) == MAX_TEXT_CHARS
    c.handle("\x1b[31mrood\x1b[0m en \x1b]0;titel\x07bel\x00 klaar")
    assert c.record.step0.who == "rood en bel klaar"
    markup = "[bold]vet[/bold] en [@click=app.quit]stop[/] *ster* `code` <b>"
    turns = c.handle(markup)
    assert c.record.step0.why_digital == markup  # stored literally
    shown = turns[0].text
    assert "[bold]" not in shown and "\\[bold\\]" in shown and "\\[@click=app.quit\\]" in shown
    assert "\\*ster\\*" in shown
    history = [t.text for t in c.history() if t.role == "user"]
    assert markup in history


def test_project_names_with_slashes_are_values(store, settings):
    c = make(store, settings, name="  ../afval/../x \x1b[1m")
    c.start()
    assert c.project.name == "../afval/../x"
    assert store.find_project("../AFVAL/../X").id == c.project.id


def test_resume_at_the_pending_question(store, settings):
    c = make(store, settings)
    c.start()
    c.handle("Containers vol")
    c.handle("Bewoners")
    again = make(store, settings)
    turns = again.start()
    assert kinds(turns) == ["welcome", "ask"]
    assert turns[1].question_id == "why_digital"
    assert again.record.step0.who == "Bewoners"


def test_english(store, settings):
    c = make(store, settings, name="Smart waste", lang="en")
    turns = c.start()
    assert "Welcome" in turns[0].text and "Step 0" in turns[1].text
    turns = c.handle("/step 42")
    assert "does not exist" in turns[0].text
    turns = c.handle("Sensors?")
    assert "answer" in turns[0].text and "question" in turns[0].text


def test_step_quote_appears_once_the_knowledge_base_is_ready(store, settings, kb):
    ready: list[bool] = []

    def knowledge() -> Knowledge:  # like the app while its index is still loading
        if not ready:
            raise RuntimeError("index not ready")
        return Knowledge(kb, ExtractiveAnswerer(kb))

    c = open_conversation(settings, store, "Slimme afvalinzameling", lang=None, guidance=GuidanceService(knowledge))
    assert kinds(c.start()) == ["welcome", "step", "ask"]
    turns = c.handle("wat is een behoefteanalyse?")
    assert turns[0].kind == "error" and c.pending.id == "need"
    ready.append(True)
    turns = c.handle("/uitleg")
    assert kinds(turns) == ["step", "quote", "ask"]
    again = c.handle("/uitleg")
    assert kinds(again) == ["step", "quote", "ask"]
    assert again[1].text == turns[1].text and again[1].seq != turns[1].seq
    stored_quotes = [t for t in c.history() if t.kind == "quote"]
    assert len(stored_quotes) == 2 and stored_quotes[0].citations


def test_english_walk_with_the_step_examples_completes_the_record(store, settings):
    from assistant.plan.checks import run_checks
    from assistant.plan.steps import load_plan

    c = make(store, settings, name="Smart waste", lang="en")
    c.start()
    for spec in load_plan("en"):
        if spec.number == 9:
            for q in [q for q in c.questions(9) if q.id.startswith("judge_")]:
                assert c.pending.id == q.id
                c.handle("met — measured in month 6")
        for q in spec.questions:
            assert c.pending.id == q.id, (spec.number, q.id)
            answer = q.example
            if q.field == "step3.requirements":
                answer += ("; Works offline (technical); Complies with procurement law (legal); "
                           "No identification of people (ethical); Processing of personal data complies with the GDPR (data)")
            turns = c.handle(answer)
            assert not {"error", "disambiguate"} & set(kinds(turns)), (q.id, turns[0].text)
            if c.adding_lines:  # a list of one line waits for another: an empty input goes on
                assert q.kind == "list" and c.pending.id == q.id
                c.handle("")
    assert set(c.statuses().values()) == {"done"}
    assert run_checks(c.record) == []
    assert c.pending is None


def test_two_windows_on_the_same_project_lose_no_answers(store, settings):
    a = make(store, settings)
    a.start()
    other_store = Store(settings.database_path)  # another process: its own connection
    try:
        b = make(other_store, settings)
        b.start()
        a.handle("Containers vol")  # need, in window A
        b.handle("/stap 3")
        b.handle("AVG-conform (data)")  # requirements, in window B
        a.handle("Bewoners")  # who, in window A: must not drop B's requirement
        b.handle("/wijzig 1 AVG-conform en Woo (juridisch)")
    finally:
        other_store.close()
    record = reopen(settings)
    assert record.step0.need == "Containers vol" and record.step0.who == "Bewoners"
    assert [r.text for r in record.step3.requirements] == ["AVG-conform en Woo"]


def test_each_judgement_is_labelled_with_what_it_judges():
    # all of step 9's judgements were "Minimale eis (stap 3)": the input's placeholder, the
    # record's labels and "Opgeslagen bij" said nothing of which requirement
    from assistant.plan.conversation.text import question_label

    assert question_label("Minimale eis (stap 3): “AVG-conform”. Voldoet de oplossing? Antwoord met …") == \
        "Minimale eis (stap 3): “AVG-conform”"
    # a question cut at the colon before its choices is still a question ("Welke vorm kiest u:
    # innovatiepartnerschap" read on into its answer in a lesson's example record); a topic is not
    assert question_label("Welke vorm kiest u: innovatiepartnerschap of prijsvraag?") == "Welke vorm kiest u?"
    assert question_label("Who will own the intellectual property: the entrepreneur, or shared?") == \
        "Who will own the intellectual property?"
    assert question_label("Privacy: welk effect, en welke maatregel?") == "Privacy"
    # "waardigheid" begins as "waarom" does, and is no question word ("Menselijke waardigheid?")
    assert question_label("Menselijke waardigheid: welk effect, en welke maatregel?") == "Menselijke waardigheid"
    assert question_label("Waarop baseert u dit: ervaring of metingen?") == "Waarop baseert u dit?"
    # a colon within its target's brackets does not end it ("… (doel" was the label)
    assert question_label("Criterium (stap 4): “Aantal ritten” (doel: 28% minder). Is het gehaald? …", 160) == \
        "Criterium (stap 4): “Aantal ritten” (doel: 28% minder)"
    assert question_label("Minimale eis (stap 3): “Wat kost het? Minder dan nu”. Voldoet de oplossing?", 160) == \
        "Minimale eis (stap 3): “Wat kost het? Minder dan nu”"


def test_entries_each_closed_by_their_aspect_are_entries_apart_on_one_line(store, settings):
    # "data van de gemeente (data); werkt ook bij regen (technisch)" was one requirement (a ";"
    # inside a sentence is kept), and the check then said no data requirement was given
    c = make(store, settings)
    c.start()
    c.handle("/stap 3")
    c.handle("AVG-proof (juridisch); data van de gemeente (data); werkt ook bij regen (technisch)")
    assert [r.text for r in c.record.step3.requirements] == ["AVG-proof", "data van de gemeente", "werkt ook bij regen"]
    c.handle("/verwijder alles")
    c.handle("/stap 3 1")
    c.handle("A human inspector always decides on repairs, the AI only flags (ethics, boundary)")
    assert len(c.record.step3.requirements) == 1  # a sentence's two clauses stay one
    assert c.record.step3.requirements[0].aspect is not None


def test_a_pasted_shortlist_keeps_each_reason_whole_and_in_the_order_typed(store, settings):
    # two lines pasted were three candidates, the second "direct inzetbaar op twee dijkvakken" (the
    # reason's ";" went on after its "(TRL 8)"), and the "(TRL 8)" was moved before the dash
    c = make(store, settings)
    c.start()
    c.handle("/stap 2 9")
    lines = ["Waterspanningsmeters met LoRa — volwassen (TRL 8); direct inzetbaar op twee dijkvakken",
             "AI-model voor stabiliteitsvoorspelling — combineert meetdata met de rekenmodellen van Deltares"]
    said = c.handle("\n".join(lines))[0].text
    assert [(s.name, s.reason) for s in c.record.step2.shortlist] == [
        ("Waterspanningsmeters met LoRa", "volwassen (TRL 8); direct inzetbaar op twee dijkvakken"),
        ("AI-model voor stabiliteitsvoorspelling", "combineert meetdata met de rekenmodellen van Deltares")]
    assert "2 regels toegevoegd" in said and f"1. {lines[0]}" in said
    # brackets after the name stay there, and alone they are the reason, as before
    assert rec.parse_entry("step2.shortlist", "Drones (TRL 6) — goedkoop").summary() == "Drones (TRL 6) — goedkoop"
    assert (rec.parse_entry("step2.shortlist", "Drones (goedkoop, TRL 6)").reason) == "goedkoop, TRL 6"


def test_a_budget_without_an_amount_asks_whether_it_was_meant_elsewhere(store, settings):
    # a requirement typed after the list had moved on was stored as the budget, without a word
    c = make(store, settings)
    c.start()
    c.handle("/stap 3")
    c.handle("AVG-conform (juridisch)\nWerkt offline (technisch)")  # given whole: on to the budget
    stored = c.handle("geen camerabeelden van personen opslaan (ethisch)")[0].text
    assert "Hier staat geen bedrag in. Was dit voor een andere vraag bedoeld?" in stored
    for amount in ("Maximaal € 250.000 uit het innovatiebudget", "4 ton"):
        c.handle("/stap 3 2")
        assert "geen bedrag" not in c.handle(amount)[0].text and c.record.step3.budget_ceiling == amount


def test_the_usage_of_edit_quotes_the_list_it_is_for(store, settings):
    # "… voor regel N van Waar moeten het traject en de technologie minimaal aan…." (an ellipsis and a full stop)
    c = make(store, settings)
    c.start()
    c.handle("/stap 3")
    said = c.handle("/wijzig 1")[0].text
    assert said.startswith("Gebruik: `/wijzig N nieuwe tekst` voor regel N van “") and said.endswith("”.")


def test_an_answer_of_paragraphs_is_shown_as_paragraphs_not_as_several_answers(store, settings):
    # a verdict's second paragraph showed as a bullet of its own, read as another verdict
    c = make(store, settings)
    c.start()
    c.handle("/stap 3")
    c.handle("Veilig (juridisch)\nWerkt offline (technisch)")
    c.handle("/stap 9")
    stored = c.handle("voldaan — bijlage E0.\n\nDe onafhankelijke toets door TNO bevestigt dit.")[0].text
    assert "> voldaan — bijlage E0.\n>\n> De onafhankelijke toets" in stored and "> - " not in stored  # “Veilig” named once, above
    c.handle("/stap 0")
    c.handle("Eerste alinea over de behoefte.\n\nTweede alinea met meer uitleg.")
    dossier = c.handle("/dossier")[0].text
    assert "- Welke behoefte heeft uw organisatie precies?:\n\n    Eerste alinea over de behoefte.\n\n" \
           "    Tweede alinea met meer uitleg." in dossier
    again = c.handle("/stap 0 1")[-1].text
    assert "Eerste alinea over de behoefte.\n\nTweede alinea" in again and "- Tweede alinea" not in again
    # a list typed one per line into a text question stays a list
    c.handle("/stap 0 2")
    c.handle("Fietsers\nBewoners\nDe afdeling Verkeer")
    assert "    - Bewoners" in c.handle("/dossier")[0].text


def test_many_warnings_of_one_kind_are_counted_and_a_fix_names_its_step(store, settings):
    # a requirement that 22 criteria named, removed in step 3: 22 warnings alike, each saying
    # "/wijzig 1 … eis: N", which in step 3 replaced requirement 1 with the criterion
    c = make(store, settings)
    c.start()
    c.handle("/stap 3")
    c.handle("Veilig (juridisch)\nWerkt offline (technisch)")
    c.handle("/stap 4")
    c.handle("\n".join(f"Criterium {n}; doel: {n}0% minder; eis: 1" for n in range(1, 6)))
    c.handle("/stap 3 1")
    removed = c.handle("/verwijder 1")[0].text
    assert removed.count("⚠ Criterium") == 3
    assert "⚠ En nog 2 meldingen van dezelfde soort" in removed
    # said in plain mode too, where there is no record panel to find them in
    assert "paneel" not in removed and "`/dossier` toont ze alle" in removed
    assert "Koppel het in stap 4 aan een eis die er staat (`/stap 4 1`, dan `/wijzig 1 … eis: N`" in removed


def test_the_record_shown_is_the_one_stored_after_another_window_changed_it(store, settings):
    # /dossier showed entries another process had replaced, until the next answer
    a = make(store, settings)
    a.start()
    a.handle("/stap 1")
    a.handle("Drones met lidar\nGlasvezelsensoren")
    other_store = Store(settings.database_path)
    try:
        b = make(other_store, settings)
        b.start()
        b.handle("/stap 1 1")
        b.handle("/verwijder 1")
    finally:
        other_store.close()
    shown = a.handle("/dossier")[0].text
    assert "Glasvezelsensoren" in shown and "Drones met lidar" not in shown


def test_an_answer_sent_again_after_a_failed_write_goes_to_the_question_on_screen(store, settings):
    # B's write failed (the database locked); the answer sent again was stored for the question
    # window A had moved the shared state to, and B's conversation skipped ahead
    from assistant.store import StoreError

    a = make(store, settings)
    a.start()
    other_store = Store(settings.database_path)
    try:
        b = make(other_store, settings)
        b.start()
        b.handle("/stap 1 3")
        asked = b.pending.id
        a.handle("/stap 0 7")  # window A moves on elsewhere
        run = other_store._run

        def locked(op, *, write=False):
            if write:
                raise StoreError("de database is bezet", "the database is locked")
            return run(op)

        other_store._run = locked
        turns = b.handle("Drones voor dijkinspectie")
        assert turns[0].kind == "error" and b.pending.id == asked and b.current_step == 1
        other_store._run = run
        b.handle("Drones voor dijkinspectie")
    finally:
        other_store.close()
    record = reopen(settings)
    assert record.step1.ideas == "Drones voor dijkinspectie" and record.step0.preconditions.mandate.note == ""


def test_an_edit_says_what_the_entry_held_so_a_change_from_another_window_is_not_overwritten_unseen(
        store, settings):
    a = make(store, settings)
    a.start()
    a.handle("/stap 3")
    a.handle("AVG-conform (data)\nOpen API (technisch)")
    a.handle("/terug")  # the list given whole moved on: back to it
    other_store = Store(settings.database_path)
    try:
        b = make(other_store, settings)
        b.start()
        b.handle("/stap 3 1")
        b.handle("/wijzig 2 Koppeling met GMS via open API (technisch)")  # a reviewer, in window B
    finally:
        other_store.close()
    turns = a.handle("/wijzig 2 Open API met documentatie (technisch)")
    assert "Regel 2 was: “Koppeling met GMS via open API" in turns[0].text
    turns = a.handle("/verwijder 1")
    assert "Regel 1 was: “AVG-conform" in turns[0].text


def test_a_requirement_changed_names_the_criteria_linked_to_it(store, settings):
    # reworded into another requirement, it moved criterion 1 along without a word
    c = make(store, settings)
    c.start()
    c.handle("/stap 3 1")
    c.handle("Sensoren werken 5 jaar op een batterij (technisch)\nAVG-conform (juridisch)")
    c.handle("/stap 4 1")
    c.handle("Minder ritten; doel: 20% minder kilometers; eis: 1")
    c.handle("/stap 3 1")
    turns = c.handle("/wijzig 1 Vulgraadmeting nauwkeurig binnen 10% (technisch)")
    assert "Aan deze eis zijn criteria uit stap 4 gekoppeld: 1. “Minder ritten”." in turns[0].text
    turns = c.handle("/wijzig 2 AVG- en Woo-conform (juridisch)")
    assert "gekoppeld" not in turns[0].text


def test_a_check_fires_on_the_answer_and_clears_after_an_edit(store, settings):
    c = make(store, settings)
    c.start()
    c.handle("/stap 4")
    turns = c.handle("Snellere afhandeling van meldingen")
    assert "⚠" in turns[0].text and "meetbaar" in turns[0].text
    assert any(ch.field.startswith("step4.criteria") for ch in c.checks(4))
    assert "meetbaar" in c.handle("/dossier")[0].text
    turns = c.handle("/wijzig 1 Snellere afhandeling; doel: 90% binnen 48 uur")
    assert turns[0].kind == "stored"
    assert not [ch for ch in c.checks(4) if "meetbaar" in ch.message("nl")]
    assert "meetbaar" not in c.handle("/dossier")[0].text


def test_glossary_terms(store, settings):
    c = make(store, settings)
    c.start()
    turns = c.handle("/begrip SBIR")
    assert turns[0].kind == "term" and "SBIR" in turns[0].text
    assert turns[1].kind == "ask" and c.pending.id == "need"
    turns = c.handle("/term vendor lock-in")
    assert turns[0].kind == "term"
    turns = c.handle("/begrip xyzzy-onbekend")
    assert turns[0].kind == "info" and "xyzzy" in turns[0].text
    turns = c.handle("/begrip")  # alone: every term of the glossary (it was the usage only)
    from assistant.plan.glossary import load_glossary
    names = [term.name("nl") for term in load_glossary()]
    assert turns[0].kind == "term" and len(names) > 20
    assert all(f"- {name}" in turns[0].text or name in turns[0].text for name in names)
    assert "SBIR" in turns[0].text and turns[1].kind == "ask"


def test_a_card_found_for_a_longer_name_it_does_not_show_says_it_is_only_the_nearest(store, settings):
    # "/begrip Europese aanbesteding" quietly showed the card of "aanbesteding", read as the card
    # of the phrase asked for
    c = make(store, settings)
    c.start()
    turns = c.handle("/begrip Europese aanbesteding")
    said, _, card = turns[0].text.partition("\n\n")
    assert turns[0].kind == "term"
    assert said == "“Europese aanbesteding” staat in de begrippenlijst onder “aanbesteding”:"
    assert card.startswith("**aanbesteding** — EN: tender")
    # a name the card shows, in either language, a plural's "s" or a hyphen aside: the card alone
    for typed in ("aanbesteding", "tender", "tenders", "SBIR", "pre commercial procurement", "PCP"):
        assert c.handle(f"/begrip {typed}")[0].text.startswith("**"), typed


def test_goto_from_the_interface_opens_the_step_without_a_typed_turn(store, settings):
    c = make(store, settings)
    c.start()
    turns = c.goto(4)
    assert c.current_step == 4 and "Stap 4" in turns[0].text
    history = c.history()
    assert not any(t.role == "user" for t in history)
    # typing the command is the user's turn and stays in the history
    c.handle("/stap 2")
    assert [t.text for t in c.history() if t.role == "user"] == ["/stap 2"]
    out_of_range = c.goto(99)
    assert out_of_range[0].kind == "error" and c.current_step == 2



def glued_to_a_list(text: str) -> list[str]:
    """Lines that Markdown takes as more of the list item above them, though they are not
    indented as its continuation ("- `/help` · deze hulp" / "Lijsten: …"): text after a list
    needs a blank line before it."""
    from markdown_it import MarkdownIt

    lines, glued, depth = text.split("\n"), [], 0
    for token in MarkdownIt().parse(text):
        depth += {"list_item_open": 1, "list_item_close": -1}.get(token.type, 0)
        if depth and token.type == "inline" and token.map:
            glued += [line for line in lines[token.map[0] + 1:token.map[1]] if not line[:1].isspace()]
    return glued


def lists_of(text: str) -> list[str]:
    """The items of the lists Markdown finds in `text`."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt().parse(text)
    return [tokens[i + 2].content for i, t in enumerate(tokens) if t.type == "list_item_open"]


def test_no_message_glues_a_paragraph_onto_the_last_item_of_its_list():
    from assistant.plan.messages import MESSAGES

    assert "\n- " in MESSAGES["help"]["nl"]  # there are lists to look at
    assert [(key, lang) for key, texts in MESSAGES.items() for lang, text in texts.items()
            if glued_to_a_list(text)] == []


def test_no_turn_glues_a_paragraph_onto_the_entries_it_lists(store, settings):
    c = make(store, settings)
    turns = c.start()
    turns += c.handle("/stap 3")
    turns += c.handle("AVG-conform (juridisch)\nwerkt offline (technisch)")  # given whole: it moves on
    for line in ("/terug", "/dossier", "/help", "/uitleg", "/stap 4",
                 "Doorlooptijd; doel: 90% binnen 48 uur; eis: AVG-conform",  # the list waits for more
                 "Draagvlak bij de wethouder"):
        turns += c.handle(line)
    assert any("Al ingevuld (2)" in t.text for t in turns)
    assert [t.text for t in turns if glued_to_a_list(t.text)] == []
    # entries added to a list show as a list, also when they are numbered from 2 on
    added = [t.text for t in turns if t.kind == "stored" and "toegevoegd" in t.text]
    assert len(added) == 3 and "\n2. Draagvlak bij de wethouder" in added[-1]
    assert all(lists_of(text) for text in added)


def test_a_choice_question_lists_its_choices_one_per_line(store, settings):
    c = make(store, settings)
    c.start()
    asked = 0
    for n in range(11):
        for q in c.questions(n):
            if q.choices:
                text = c.render.ask_turn(q).text
                assert lists_of(text) == [choice.label for choice in q.choices], (n, q.id)
                asked += 1
    assert asked >= 3


def test_not_knowing_yet_stores_nothing_and_moves_on(store, settings):
    c = make(store, settings)
    c.start()
    turns = c.handle("Weet ik nog niet")
    assert kinds(turns) == ["info", "ask"]
    assert "verplicht" in turns[0].text and "/stap 0" in turns[0].text
    assert c.pending.id == "who"
    assert reopen(settings).step0.need == ""
    assert "step0.need" in rec.missing_fields(c.record, 0)


def test_not_knowing_yet_keeps_an_earlier_answer(store, settings):
    c = make(store, settings)
    c.start()
    c.handle("Containers raken onvoorspelbaar vol")
    c.handle("/terug")
    assert c.pending.id == "need"
    turns = c.handle("geen idee")
    assert "blijft staan" in turns[0].text
    assert reopen(settings).step0.need == "Containers raken onvoorspelbaar vol"


def test_not_knowing_the_procurement_strategy_yet_picks_not_decided(store, settings):
    c = make(store, settings)
    c.start()
    c.handle("/stap 6")
    while c.pending.id != "procurement_strategy":
        c.handle("/volgende")
    turns = c.handle("weet ik nog niet")
    assert turns[0].kind == "stored"
    assert reopen(settings).step6.procurement_strategy == rec.ProcurementStrategy.UNDECIDED


# --- issue 22: step 2's assessment in the order the question announces --------------------------
ISSUE_ASSESSMENT = "Robotic process automation; middel; 9; matig; veel partijen; schijnoplossing"


def test_assessment_parts_follow_the_order_of_the_question(store, settings):
    c = make(store, settings)
    c.start()
    c.handle("/stap 2")
    turns = c.handle(ISSUE_ASSESSMENT)
    [a] = c.record.step2.assessments
    assert (a.technology, a.potential, a.trl, a.fit, a.market_parties, a.risks) == (
        "Robotic process automation", "middel", 9, "matig", "veel partijen", "schijnoplossing")
    # what went where is shown, with labels
    assert "potentie: middel; TRL 9; fit: matig; markt: veel partijen; risico's: schijnoplossing" \
        in turns[0].text
    assert c.pending.id == "assessments"  # one candidate: the list waits for another
    c.handle("")
    assert c.pending.id == "public_values"


def test_an_unreadable_trl_is_said_and_asked_again(store, settings):
    c = make(store, settings)
    c.start()
    c.handle("/stap 2")
    turns = c.handle("Robotic process automation; middel; hoog; matig; veel partijen; schijnoplossing")
    [a] = c.record.step2.assessments
    assert a.trl is None and (a.potential, a.fit, a.risks) == ("middel", "matig", "schijnoplossing")
    assert kinds(turns) == ["stored", "ask"]
    assert "TRL" in turns[0].text and "“hoog”" in turns[0].text
    assert "TRL" in turns[1].text and "Robotic process automation" in turns[1].text
    turns = c.handle("twaalf")
    assert kinds(turns) == ["error", "ask"] and "Robotic process automation" in turns[1].text
    turns = c.handle("   ")  # nothing typed: the same follow-up again, not the list question
    assert turns[-1].kind == "ask" and "Robotic process automation" in turns[-1].text
    turns = c.handle("7")
    assert reopen(settings).step2.assessments[0].trl == 7
    # the list of one candidate then waits for another, as it does without a follow-up
    assert turns[0].kind == "stored" and c.pending.id == "assessments" and "Nog een regel?" in turns[1].text
    c.handle("")
    assert c.pending.id == "public_values"


def test_a_list_given_whole_says_it_closed_after_its_unreadable_trl_is_given(store, settings):
    # the follow-up answered, the list given whole moved on to the next question without a word
    c = make(store, settings)
    c.start()
    c.handle("/stap 2")
    c.handle("Robotic process automation; middel; hoog; matig; veel partijen; schijnoplossing\n"
             "Drones; hoog; 7; goed; enkele partijen; privacy")
    assert len(c.record.step2.assessments) == 2 and c.pending.id == "assessments"
    turns = c.handle("7")
    assert c.pending.id == "public_values" and kinds(turns)[0] == "stored"
    assert "Lijst afgesloten: de 2 regels kwamen in één keer" in turns[0].text


def test_a_trl_range_is_said_to_be_one_as_the_follow_up_says(store, settings):
    # "TRL 7-8" got "could not read", its follow-up "7 à 8" "is a range": one reason for both
    c = make(store, settings)
    c.start()
    c.handle("/stap 2")
    first = c.handle("Drones; snellere inspectie; TRL 7-8; goed")[0].text
    again = c.handle("7 à 8")[0].text
    assert "“TRL 7-8” is een bereik" in first and "“7 à 8” is een bereik" in again
    assert c.record.step2.assessments[0].trl is None


def test_the_trl_asked_for_is_asked_again_after_a_term_or_a_question(store, settings):
    # /begrip TRL dropped the follow-up: the next "5" became a new technology named "5"
    c = make(store, settings)
    c.start()
    c.handle("/stap 2")
    c.handle("Generatieve AI chatbot; middel; hoog; matig; veel partijen; schijnoplossing")
    for aside in ("/begrip TRL", "/dossier"):
        turns = c.handle(aside)
        assert turns[-1].kind == "ask" and "Welke TRL heeft “Generatieve AI chatbot”" in turns[-1].text
    c.handle("5")
    [entry] = reopen(settings).step2.assessments
    assert (entry.technology, entry.trl) == ("Generatieve AI chatbot", 5)
    c.handle("/stap 2 1")
    c.handle("Drones; snel; hoog; goed; weinig partijen; privacy")
    assert c.data.refill is not None
    c.handle("/stap 3")  # a command that moves on leaves the part open
    assert c.data.refill is None and c.current_step == 3


def test_an_unreadable_trl_can_be_left_open(store, settings):
    c = make(store, settings)
    c.start()
    c.handle("/stap 2")
    c.handle("RPA; middel; onbekend; matig; veel partijen; schijnoplossing")
    c.handle("weet ik niet")
    assert c.record.step2.assessments[0].trl is None and c.pending.id == "public_values"


# --- issue 22: rough edges ----------------------------------------------------------------------
def test_step_summary_uses_labels_and_separates_its_blocks(store, settings):
    c = make(store, settings)
    c.start()
    c.handle("/stap 3")
    c.handle("AVG-conform (data)")
    c.handle("/stap 9")
    assert c.pending.id.startswith("judge_")
    c.handle("/volgende")  # the judgement stays open
    for text in ("Storing door het netwerk", "Ontkalibreren bij vorst", "Chauffeurs eerder betrekken",
                 "Geen BIT-toets nodig", "Bestuur steunt het", "opschalen"):
        turns = c.handle(text)
        if c.adding_lines:  # a list of one line waits for more: an empty input goes on
            turns = c.handle("")
    summary = next(t for t in turns if t.kind == "summary")
    assert "step9.judgements" not in summary.text
    assert "\n\nNog open (verplicht): Oordelen over de minimale eisen en criteria" in summary.text
    assert "\n\nControles:\n\n- ⚠ Minimale eis “AVG-conform”" in summary.text


def test_two_fresh_warnings_are_two_paragraphs(store, settings):
    c = make(store, settings)
    c.start()
    c.handle("/stap 4")
    turns = c.handle("Bewoners zijn tevreden; eis: een eis die niet bestaat")
    stored = turns[0]
    assert stored.kind == "stored" and stored.text.count("\n\n⚠ ") == 2


@pytest.mark.parametrize("typed", ["/help", "/dossier", "/begrip TRL", "/stap 12", "/export pdf", "/export md",
                                   "Wat is een SBIR?", "hoi"])
def test_after_anything_else_the_question_comes_back_in_one_line_without_help_and_example(store, settings, typed):
    # the whole question (its help, example, what it held: 12 to 15 lines) came again after every
    # command and question: a screen reader read it all each time, and at 80×24 the export's
    # file name scrolled out of sight
    c = make(store, settings)
    c.start()
    q = c.pending
    again = c.handle(typed)[-1]
    assert again.kind == "ask" and again.question_id == q.id
    assert q.help.strip() not in again.text and q.example.strip() not in again.text
    assert again.text.endswith("**Vraag 1 van 8** · verplicht · Welke behoefte heeft uw organisatie precies? "
                               "Beschrijf het vraagstuk, niet de oplossing.")
    assert "\n" not in again.text
    assert again.text.startswith("Terug naar de vraag: ") is (typed != "hoi")  # a greeting left nothing


@pytest.mark.parametrize("typed", ["", "Wat moet ik hier invullen?", "/uitleg"])
def test_the_question_comes_in_full_where_the_user_asks_for_it(store, settings, typed):
    c = make(store, settings)
    c.start()
    q = c.pending
    again = c.handle(typed)[-1]
    assert again.kind == "ask" and again.question_id == q.id
    assert q.help.strip() in again.text and q.example.strip() in again.text


@pytest.mark.parametrize(("lang", "typed"), [("en", "What do you mean?"), ("en", "What should I fill in?"),
                                             ("nl", "Wat bedoelt u?"), ("en", "What is meant here?")])
def test_a_question_about_the_question_in_other_words_gets_it_in_full(store, settings, lang, typed):
    # "What should I fill in here?" was asked again in short after a search of its own words,
    # where "Wat moet ik hier invullen?" came in full
    c = make(store, settings, lang=lang)
    c.start()
    c.handle("/stap 1")
    q = c.pending
    again = c.handle(typed)[-1]
    assert again.kind == "ask" and again.question_id == q.id
    assert q.help.strip() in again.text and q.example.strip() in again.text
    assert c.pending.id == q.id


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("front_end", ["list_hint", "list_hint_app"])
def test_help_on_lists_does_not_contradict_a_list_whose_semicolon_separates_parts(store, settings, lang, front_end):
    # /help said "Lijsten: scheid regels met ;" under step 2's assessment, whose own hint says the
    # ";" separates the parts of one candidate
    from assistant.plan.conversation.text import parts_in_order

    c = make(store, settings, lang=lang, multiline_hint=front_end)
    c.start()
    c.handle("/stap 2")
    assert parts_in_order(c.pending.field)
    lists = next(block for block in c.handle("/help")[0].text.split("\n\n") if "`;`" in block)
    assert ("onderdelen van één regel" if lang == "nl" else "parts of one entry") in lists


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_help_says_where_a_json_record_is_read_in(store, settings, lang):
    # "/import" was an unknown command, and nothing in the app named `stappenplan import`
    c = make(store, settings, lang=lang)
    c.start()
    assert "`stappenplan import " in c.handle("/help")[0].text


def test_an_answer_that_cannot_be_used_gets_the_question_in_full(store, settings):
    # its help, example and choices show how to mend the answer
    c = make(store, settings)
    c.start()
    c.handle("/stap 7")
    q = c.pending
    turns = c.handle("kwantumcomputer")
    assert kinds(turns) == ["error", "ask"] and c.pending.id == q.id
    assert q.example.strip() in turns[-1].text and "1. proeftuin of pilot" in turns[-1].text


def test_a_line_added_to_a_list_is_followed_by_the_question_in_one_line(store, settings):
    c = make(store, settings)
    c.start()
    c.handle("/stap 1")
    q = c.pending
    turns = c.handle("Vulgraadsensoren (pilots bij andere overheden)")
    assert kinds(turns) == ["stored", "info", "ask"] and c.pending.id == q.id
    # the count is in the stored turn: not said again
    assert turns[-1].text == f"**Vraag 1 van 3** · verplicht · {' '.join(q.prompt.split())}"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_after_a_list_line_the_next_one_is_asked_for_without_a_place_on_the_screen(store, settings, lang):
    # "Nog een regel? Typ hem hieronder": read out in a line, what came below was the question
    c = make(store, settings, lang=lang)
    c.start()
    c.handle("/stap 1")
    turns = c.handle("Vulgraadsensoren (pilots)")
    said = next(t for t in turns if t.kind == "info").text
    assert said.startswith("Nog een regel?" if lang == "nl" else "Another line?")
    assert not any(word in said for word in ("hieronder", "hierboven", "below", "above"))


def test_a_question_asked_again_in_short_says_what_it_holds_on_one_line(store, settings):
    c = make(store, settings)
    c.start()
    c.handle("\n\n".join(["Containers raken onvoorspelbaar vol, en bewoners klagen over afval ernaast."] * 4))
    c.handle("/terug")
    again = c.handle("/help")[-1].text
    head, held, keep = again.split("\n\n")
    assert head.startswith("Terug naar de vraag: **Vraag 1 van 8**")
    assert held.startswith("Huidig antwoord: Containers raken onvoorspelbaar vol, en bewoners") and held.endswith("…")
    assert keep.startswith("Typ een nieuw antwoord")


def test_dossier_keeps_long_answers_and_labels_whole(store, settings):
    c = make(store, settings)
    c.start()
    long_answer = " ".join(["Ondergrondse containers in de binnenstad raken onvoorspelbaar vol."] * 5)
    c.handle(long_answer)
    c.handle("Bewoners")
    c.handle("Sensoren helpen")
    text = c.handle("/dossier")[0].text
    assert long_answer in text
    assert "Waarom zou digitale technologie (een deel van) de oplossing kunnen zijn?" in text
    assert "…" not in text


def test_dossier_names_what_a_step_under_way_still_needs(store, settings):
    # /dossier said only "bezig": read out to a screen reader, not what was still open
    c = make(store, settings)
    c.start()
    c.handle("Containers raken vol")
    text = c.handle("/dossier")[0].text
    # under the step's own status: the questions still to come in the step being answered are no
    # warning, and the Controles list what the app's list does
    assert "**Stap 0 · Behoefte** · bezig\n- Welke behoefte heeft uw organisatie precies?: Containers raken vol\n" \
        "- Nog open (verplicht): Wie ervaart deze behoefte?; Waarom zou digitale technologie" in text
    assert text.count("Nog open (verplicht)") == 1 and "⚠" not in text  # steps not begun say nothing more
    c.handle("/stap 1")  # step 0 left with its questions open: now they are a warning
    text = c.handle("/dossier")[0].text
    assert "**Stap 0 · Behoefte**\n- ⚠ Nog open (verplicht): Wie ervaart deze behoefte?" in text


def test_a_shortened_text_is_cut_between_words():
    from assistant.core.textsafe import short as _short

    assert _short("Ondergrondse containers raken vol", 20) == "Ondergrondse…"


def test_an_export_after_a_rename_carries_the_new_name(store, settings, tmp_path):
    # renamed on the projects screen while open: the export kept the first name, title and file
    c = make(store, settings)
    c.start()
    store.update_project(c.project.id, name="Afval Noord", organisation="Gemeente N")
    path = c.export("md")
    assert path.name.startswith("Afval-Noord-") and path.read_text(encoding="utf-8").startswith("# Afval Noord\n")
    path = c.export("json", tmp_path / "d.json")
    assert json.loads(path.read_text(encoding="utf-8"))["project"]["organisation"] == "Gemeente N"


def test_next_on_an_answered_question_says_the_answer_is_kept_not_skipped(store, settings):
    c = make(store, settings)
    c.start()
    c.handle("Containers lopen over")
    c.handle("/terug")  # "Typ een nieuw antwoord om het te vervangen, of /volgende om het te houden"
    turns = c.handle("/volgende")
    assert turns[0].text == "Antwoord behouden." and reopen(settings).step0.need == "Containers lopen over"
    assert c.handle("/volgende")[0].text == "Overgeslagen; deze vraag is verplicht en blijft open."


def test_a_greeting_is_answered_and_the_question_asked_again_storing_nothing(store, settings):
    c = make(store, settings)
    c.start()
    turns = c.handle("hallo")
    assert turns[0].text.startswith("Hallo! Typ hieronder uw antwoord") and turns[-1].kind == "ask"
    assert c.pending.field == "step0.need" and reopen(settings).step0.need == ""


def test_a_mistyped_command_is_told_the_command_it_looks_like(store, settings):
    c = make(store, settings)
    c.start()
    assert "Bedoelt u `/terug`?" in c.handle("/trug")[0].text
    assert "Bedoelt u `/volgende`?" in c.handle("/volgnde")[0].text
    # two letters the wrong way round: "/stpe 7" was told /stop
    assert "Bedoelt u `/step`?" in c.handle("/stpe 7")[0].text
    assert "Bedoelt u `/stap`?" in c.handle("/satp 7")[0].text
    said = c.handle("/xyzzy")[0].text
    assert said.startswith("Onbekende opdracht") and "Bedoelt u" not in said


def test_counts_of_entries_are_said_in_the_singular_and_the_plural(store, settings):
    c = make(store, settings)
    c.start()
    c.handle("/stap 3")
    assert c.handle("AVG-conform (data)")[0].text.startswith("1 regel toegevoegd bij “")
    assert c.handle("Open standaarden (technisch)\nEU-hosting (juridisch)")[0].text.startswith("2 regels toegevoegd")
    said = c.handle("/verwijder 7")[0].text
    assert said.startswith("Regel 7 bestaat niet: bij “") and said.endswith("” staan 3 regels.")


def test_a_list_typed_again_in_full_adds_only_its_new_lines(store, settings):
    # "Nog een regel?": a user who types the whole list again got every line twice
    c = make(store, settings)
    c.start()
    c.handle("/stap 3")
    c.handle("AVG-conform (data)")
    turns = c.handle("AVG-conform (data)\nOpen standaarden (technisch)")
    assert turns[0].text.startswith("1 regel toegevoegd")
    assert "Stond er al, dus niet nog eens toegevoegd: “AVG-conform”." in turns[0].text
    assert [r.text for r in reopen(settings).step3.requirements] == ["AVG-conform", "Open standaarden"]


def test_a_record_filled_before_any_conversation_goes_on_where_it_is_open(store, settings):
    # an imported record was greeted as a new project and began at step 0, already done
    project = store.create_project("Geïmporteerd")
    record = rec.new_record("Geïmporteerd")
    for path, text in (("step0.need", "Wachttijden zijn te lang"), ("step0.who", "fietsers"),
                       ("step0.why_digital", "sensoren meten het verkeer")):
        rec.apply_text(record, path, text)
    for part in ("support", "time", "budget", "mandate"):
        rec.apply_text(record, f"step0.preconditions.{part}", "ja")
    rec.apply_text(record, "step1.technologies", "Slimme camera's")
    store.save_record(project.id, record)
    c = make(store, settings, name="Geïmporteerd")
    turns = c.start().turns
    assert turns[0].text.startswith("Welkom bij project **Geïmporteerd**. Het dossier is al deels ingevuld "
                                    "(2 van de 11 stappen klaar)")
    assert c.current_step == 2 and turns[1].step == 2
    # a new, empty project is greeted as before, at step 0
    fresh = make(store, settings, name="Nieuw")
    assert fresh.start().turns[0].text.startswith("Welkom bij project **Nieuw**. We lopen samen") and fresh.current_step == 0
    # the example project, complete: said so, not "partly"
    from assistant.learn.example_project import copy_example

    example = copy_example(store, "nl")
    turns = make(store, settings, name=example.name).start().turns
    assert "Het dossier is al helemaal ingevuld: alle 11 stappen zijn klaar." in turns[0].text


def test_a_record_with_answers_and_no_step_done_is_not_called_partly_filled(store, settings):
    # an import with only a few answers opened with "al deels ingevuld (0 van de 11 stappen klaar)"
    project = store.create_project("Verlichting fietspad")
    record = rec.new_record("Verlichting fietspad")
    rec.apply_text(record, "step0.need", "Fietsers zien 's avonds weinig")
    store.save_record(project.id, record)
    turns = make(store, settings, name="Verlichting fietspad").start().turns
    assert turns[0].text.startswith("Welkom bij project **Verlichting fietspad**. Er staan al antwoorden in het "
                                    "dossier, maar nog geen stap is klaar")
    assert "0 van de 11" not in turns[0].text


def test_removing_a_requirement_a_criterion_rests_on_says_so_at_once(store, settings):
    # the criterion's broken link showed only later, among step 4's checks
    c = make(store, settings)
    c.start()
    record = c.record.model_copy(deep=True)
    rec.apply_text(record, "step3.requirements", "AVG-conform\nOpen standaarden")
    rec.apply_text(record, "step4.criteria", "Beschikbaarheid; doel: 99,5% uptime; eis: 2")
    assert record.step4.criteria[0].requirement_id == record.step3.requirements[1].id
    rec.remove_entry(record, "step3.requirements", record.step3.requirements[1].id)
    store.save_record(c.project.id, record)
    c.handle("/stap 3 1")  # (/stap 3 opens at its first required question still open: the budget)
    assert c.pending.field == "step3.requirements"
    c.handle("Open standaarden")  # the second requirement, typed in the conversation
    c.record.step4.criteria[0].requirement_id = c.record.step3.requirements[1].id  # as typed: "eis: 2"
    store.save_record(c.project.id, c.record)
    turns = c.handle("/verwijder 2")
    stored = next(t for t in turns if t.kind == "stored")
    assert "⚠" in stored.text and "Beschikbaarheid" in stored.text.split("⚠", 1)[1]
    turns = c.handle("/wijzig 1 AVG-conform en open data")  # a change that breaks nothing says nothing
    assert "⚠" not in next(t for t in turns if t.kind == "stored").text


def two_windows(store, settings, at: str | None = None) -> tuple[Conversation, Conversation]:
    """Two windows (conversations) on one project, both started and, with `at` ("3 1"), both
    moved there by "/stap": what each has shown is its own, the store they share."""
    first, second = make(store, settings), make(store, settings)
    first.start()
    second.start()
    if at is not None:
        first.handle(f"/stap {at}")
        second.handle(f"/stap {at}")
    return first, second


def test_an_answer_another_window_stored_meanwhile_is_said_to_be_replaced(store, settings):
    # two windows on one project: the later answer replaced the earlier one without a word
    first, second = two_windows(store, settings)
    first.handle("Containers lopen over")
    turns = second.handle("Bewoners klagen over zwerfafval")
    stored = next(t for t in turns if t.kind == "stored")
    assert "in een ander venster was hier intussen “Containers lopen over” opgeslagen" in stored.text
    assert reopen(settings).step0.need == "Bewoners klagen over zwerfafval"
    # the window's own earlier answer changed by itself: nothing to say
    turns = second.handle("/terug")
    turns = second.handle("Bewoners en ondernemers klagen")
    assert "ander venster" not in next(t for t in turns if t.kind == "stored").text


def test_a_line_numbered_in_one_window_is_the_line_it_showed_though_another_removed_one(store, settings):
    # the app showed 1. A 2. B 3. C; `chat --plain` removed line 1 meanwhile; "/verwijder 2" (B)
    # then removed C, and "/wijzig 2 …" overwrote C with B's new text
    first, second = make(store, settings), make(store, settings)  # both open before any line
    first.start()
    first.handle("/stap 3 1")
    first.handle("A eis (technisch)\nB eis (data)\nC eis (juridisch)\nD eis (ethisch)")
    first.handle("/stap 3 1")  # the list given whole moved on: back to it
    second.start()
    second.handle("/stap 3 1")
    second.handle("/verwijder 1")
    turns = first.handle("/wijzig 2 B eis, scherper (data)")  # B as shown, C as stored: neither touched
    assert [r.text for r in reopen(settings).step3.requirements] == ["B eis", "C eis", "D eis"]
    assert "in een ander venster veranderd; er is niets veranderd" in turns[0].text
    assert "1. B eis (data)\n2. C eis (juridisch)\n3. D eis" in turns[0].text  # the list now, numbered anew
    first.handle("/wijzig 1 B eis, scherper (data)")  # as the list just shown numbers it
    first.handle("/verwijder 2")
    assert [r.text for r in reopen(settings).step3.requirements] == ["B eis, scherper", "D eis"]
    assert "veranderd; er is niets veranderd" in second.handle("/verwijder 1")[0].text  # changed in the first
    second.handle("/verwijder 1")  # B, as the second window has just been shown
    turns = first.handle("/wijzig 1 B eis (data)")
    assert "in een ander venster veranderd; er is niets veranderd" in turns[0].text
    assert "1. D eis" in turns[0].text
    assert [r.text for r in reopen(settings).step3.requirements] == ["D eis"]

@pytest.mark.parametrize("taken_in", ["the app looking for changes", "an answer"])
def test_a_number_in_a_list_changed_in_another_window_since_it_was_shown_is_asked_again(store, settings, taken_in):
    # window A showed "2. TU Eindhoven"; window B added a line and removed line 1; the new list
    # reached A unseen, and A's "/verwijder 2" (meant for TU Eindhoven) removed B's line
    first, second = two_windows(store, settings, at="1 2")
    first.handle("Gemeente Eindhoven — slimme lantaarnpalen")
    assert "2. TU Eindhoven — lichtonderzoek" in first.handle("TU Eindhoven — lichtonderzoek")[0].text
    second.handle("Netbeheerder Enexis — aansluitingen")
    second.handle("/verwijder 1")
    if taken_in == "an answer":  # its own line is shown with its number, the others are not
        first.handle("Provincie Noord-Brabant — subsidie")
    else:
        first.refresh_record()  # what the app does every few seconds

    def refused(command):
        listed = [c.summary() for c in reopen(settings).step1.contacts]
        said = first.handle(command)[0]
        assert said.kind == "error" and "intussen in een ander venster veranderd; er is niets veranderd" in said.text
        assert "\n".join(f"{n}. {line}" for n, line in enumerate(listed, 1)) in said.text  # the list now
        assert [c.summary() for c in reopen(settings).step1.contacts] == listed, command

    refused("/verwijder 2")
    second.handle("Gemeente Tilburg — afval")  # and /wijzig alike
    first.refresh_record()
    refused("/wijzig 2 TU/e — lichtonderzoek")
    listed = [c.summary() for c in reopen(settings).step1.contacts]
    # the list as just shown is the one its numbers count
    first.handle("/verwijder 1")
    assert [c.summary() for c in reopen(settings).step1.contacts] == listed[1:]


@pytest.mark.parametrize("taken_in", ["the app looking for changes", "the command"])
def test_all_of_a_list_shown_empty_is_not_a_line_another_window_added_meanwhile(store, settings, taken_in):
    # window A showed step 3's requirements empty; window B added one; A's "/verwijder alles"
    # removed B's line, never shown in A
    first, second = two_windows(store, settings, at="3 1")
    second.handle("Sensoren melden de vulgraad (technisch)")
    if taken_in == "the app looking for changes":
        first.refresh_record()
    said = first.handle("/verwijder alles")[0]
    assert said.kind == "error" and "intussen in een ander venster veranderd; er is niets veranderd" in said.text
    assert "1. Sensoren melden de vulgraad" in said.text  # the list now
    assert [r.text for r in reopen(settings).step3.requirements] == ["Sensoren melden de vulgraad"]
    first.handle("/verwijder alles")  # the list as just shown
    assert reopen(settings).step3.requirements == []


def test_a_side_question_in_one_window_leaves_the_stored_place_where_the_other_window_moved(store, settings):
    # window A answered question 7 and went on to 8; window B, still at 7, asked a question of its
    # own: the project reopened at question 7, and B asked 7 again as if it were open
    first, second = two_windows(store, settings, at="0 7")
    first.handle("ja, het college heeft het mandaat gegeven")
    assert first.pending.id == "duration"
    turns = second.handle("Wat houdt een mandaat in?")
    again = turns[-1]
    assert again.kind == "ask" and again.question_id == "mandate"
    assert "Deze vraag is intussen in een ander venster beantwoord" in again.text
    assert "Huidig antwoord: ja, het college heeft het mandaat gegeven" in again.text
    with Store(settings.database_path) as other:
        state = other.get_state(other.find_project("Slimme afvalinzameling").id)
    assert (state.current_step, state.pending) == (0, "duration")
    # a move in B is where the project is, as A's was
    second.handle("/stap 1")
    assert make(store, settings).current_step == 1


def test_an_answer_changed_in_another_window_is_said_once_at_the_next_input(store, settings):
    # window B's conversation said "Opgeslagen bij “Is er budget?”: nee" while its record panel
    # quietly showed window A's "ja, 150.000"
    first, second = two_windows(store, settings)
    second.handle("/stap 0 6")
    second.handle("nee, nog niet geregeld")
    first.handle("/stap 0 6")
    first.handle("ja, 150.000 euro uit het innovatiebudget")
    second.refresh_record()  # what the app does every few seconds: the panel changes, the conversation not
    turns = second.handle("ja, de wethouder")
    assert turns[0].kind == "info"
    assert "“Is er budget?” is intussen in een ander venster gewijzigd" in turns[0].text
    assert "“ja, 150.000 euro uit het innovatiebudget”" in turns[0].text and "`/stap 0 6`" in turns[0].text
    assert reopen(settings).step0.preconditions.mandate.note == "de wethouder"  # the input itself as ever
    assert "ander venster" not in " ".join(t.text for t in second.handle("/dossier"))  # said once
    # an answer another window only gave, never one of this window's, is not announced
    first.handle("/stap 1 3")
    first.handle("Slimme lantaarnpalen die afval signaleren")
    assert "ander venster" not in " ".join(t.text for t in second.handle("/help"))


def test_a_project_deleted_in_another_window_is_said_by_name_and_takes_nothing(store, settings):
    # it said "Project '2' bestaat niet" to every answer, /dossier and /volgende; and, before
    # numbers were kept, the next new project received the answers
    c = make(store, settings, name="Gamma")
    c.start()
    c.handle("Containers raken vol")
    with Store(settings.database_path) as other:
        other.delete_project(other.find_project("Gamma").id)
        other.create_project("Epsilon")
    for typed in ("GAMMA-ANTWOORD", "/volgende"):
        turns = c.handle(typed)
        assert turns[0].kind == "error" and "“Gamma” bestaat niet meer" in turns[0].text, typed
        assert c.pending.id == "who"  # the question on screen: the input named the next ones
    # what this window holds is the last copy: it can be exported (it said "Project '2' does not exist")
    turns = c.handle("/export json")
    assert turns[0].kind == "export", turns[0].text
    exported = json.loads(next((settings.data_path / "exports").glob("Gamma-*.json")).read_text(encoding="utf-8"))
    assert "Containers raken vol" in json.dumps(exported)
    with Store(settings.database_path) as other:
        epsilon = other.find_project("Epsilon")
        assert "GAMMA" not in json.dumps([t.text for t in other.turns(epsilon.id)])
        assert other.load_record(epsilon.id, rec.ProjectRecord) is None or \
            "GAMMA" not in other.load_record(epsilon.id, rec.ProjectRecord).model_dump_json()


@pytest.mark.parametrize(("damage", "kept"), [
    (lambda d: d["step0"].update(preconditions=["een lijst"]) or d, "de behoefte"),
    (lambda d: d.update(step3="x") or d, "de behoefte"),
    (lambda d: "{kapot", None),
])
def test_a_damaged_record_is_read_back_in_part_said_and_kept_aside(store, settings, damage, kept):
    # a record that did not validate made the project unusable, with pydantic's text
    c = make(store, settings, name="Alpha")
    c.start()
    c.handle("Containers raken vol: de behoefte")
    project = store.find_project("Alpha")
    text = damage(json.loads(store.load_record_json(project.id)))
    damaged = text if isinstance(text, str) else json.dumps(text)
    store.save_record(project.id, damaged)
    with Store(settings.database_path) as other:
        again = make(other, settings, name="Alpha")
        greeting = again.start().turns[0]
        assert greeting.kind == "error" and "“Alpha” was beschadigd" in greeting.text
        copies = list(settings.database_path.parent.glob("*.record-*.json"))
        assert [p.read_text(encoding="utf-8") for p in copies] == [damaged]
        assert escape_markdown(str(copies[0])) in greeting.text
        if kept:
            assert kept in again.record.step0.need
        assert again.handle("Iets anders")[0].kind == "stored"  # usable again
        assert other.load_record(project.id, rec.ProjectRecord) is not None


def test_a_steps_quote_that_introduces_a_list_shows_its_items_and_never_ends_on_a_comma(store, settings, kb):
    # step 1's quote ended "… nieuwsberichten over: nationale sleuteltechnologieën,"
    c = make(store, settings, kb=kb)
    c.start()
    quote = next(t for t in c.handle("/stap 1") if t.kind == "quote").text
    assert "nieuwsberichten over:" in quote and "resultaten van onderzoek op technische universiteiten" in quote
    body = quote.split("\n")[0] if "\n" in quote else quote
    assert not body.rstrip("”\"").rstrip().endswith(",")


def test_an_email_pasted_as_an_answer_is_quoted_back_as_paragraphs(store, settings):
    # each line of a pasted e-mail came back as a bullet ("- Met vriendelijke groet,", "- Pieter"),
    # as if the text had been made a list
    c = make(store, settings)
    c.start()
    turns = c.handle("Containers raken vol.\n\nMet vriendelijke groet,\nPieter Jansen")
    # its paragraphs apart, the lines of one with a hard break (each line was a paragraph: in the
    # app, the blank line between paragraphs was lost)
    assert turns[0].text.splitlines()[1:] == ["> Containers raken vol.", ">", "> Met vriendelijke groet,  ",
                                              "> Pieter Jansen"]


def test_several_lines_are_removed_at_once(store, settings):
    # a pasted list gone wrong took ten "/verwijder 1"
    c = make(store, settings)
    c.start()
    c.handle("/stap 3 1")
    c.handle("Eis een\nEis twee\nEis drie\nEis vier\nEis vijf")
    c.handle("/stap 3 1")
    turns = c.handle("/verwijder 2-4")
    assert "Regels 2 tot en met 4" in turns[0].text
    assert "Verwijderd:\n\n2. Eis twee\n3. Eis drie\n4. Eis vier" in turns[0].text
    assert [r.text for r in reopen(settings).step3.requirements] == ["Eis een", "Eis vijf"]
    c.handle("/verwijder alles")
    assert reopen(settings).step3.requirements == []
    c.handle("Eis zes")
    c.handle("/stap 3 1")
    said = c.handle("/verwijder 2-4")[0].text  # past the end: nothing removed, and said
    assert said.startswith("Regel 2-4 bestaat niet: ")
    assert [r.text for r in reopen(settings).step3.requirements] == ["Eis zes"]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_check_gone_with_its_list_is_said_to_lapse_not_resolved(store, settings, lang):
    # "/verwijder alles" on requirements without an aspect said "✓ Opgelost: 3 van de 3 eisen
    # hebben nog geen aspect": nothing was put right, the list was gone
    c = opened_at(store, settings, lang, "3 1")
    said = c.handle("Eis een\nEis twee\nEis drie")[0].text
    assert "geen aspect" in said or "no aspect" in said
    c.handle(step_command(lang, "3 1"))  # the list given whole moved on: back to it
    said = c.handle("/verwijder alles")[0].text
    assert "✓" not in said
    assert {"nl": "Vervalt: 3 van de 3 eisen hebben nog geen aspect",
            "en": "No longer applies: 3 of the 3 requirements have no aspect"}[lang] in said
    assert {"nl": "(de lijst is leeg).", "en": "(the list is empty)."}[lang] in said


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_lines_removed_at_once_are_each_quoted(store, settings, lang):
    # "Regels 1 tot en met 4 … verwijderd. Nu: (nog niets ingevuld)": none of the lines was
    # quoted (one added in another window, never shown here, went too); "/verwijder 1" quotes its one
    c = opened_at(store, settings, lang, "3 1")
    c.handle("Eis een\nEis twee\nEis drie\nEis vier\nEis vijf\nEis zes")
    c.handle("/stap 3 1")
    said = c.handle("/verwijder 2-3")[0].text
    head, removed = {"nl": ("Regels 2 en 3 bij ", "Verwijderd:"), "en": ("Entries 2 and 3 for ", "Removed:")}[lang]
    assert said.startswith(head)
    # a list numbered from 2 breaks no paragraph in Markdown: a blank line before it
    assert f"\n\n{removed}\n\n2. Eis twee\n3. Eis drie" in said
    said = c.handle("/remove 2-3")[0].text
    assert f"{removed}\n\n2. Eis vier\n3. Eis vijf" in said
    said = c.handle("/verwijder alles")[0].text
    assert said.startswith({"nl": "Alle 2 regels bij ", "en": "All 2 entries for "}[lang])
    assert f"{removed}\n\n1. Eis een\n2. Eis zes" in said
    assert reopen(settings).step3.requirements == []
    c.handle("Eis zeven")
    c.handle("/stap 3 1")
    # one line, by "alles": not "Regels 1 tot en met 1"
    assert c.handle("/verwijder alles")[0].text.startswith({"nl": "Regel 1 bij ", "en": "Entry 1 for "}[lang])


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_bare_remove_quotes_the_answer_it_erased_and_the_checks_it_raised(store, settings, lang):
    # "Antwoord bij “…” gewist." alone: the answer went unseen, and the check its absence opens too
    from assistant.plan.example import example_record

    store.save_record(store.create_project("Overgenomen").id, example_record(lang))
    c = make(store, settings, name="Overgenomen", lang=lang)
    c.start()
    number = next(i for i, q in enumerate(c.questions(6), 1) if q.field == "step6.ip.ownership")
    c.handle(f"/stap 6 {number}")
    owner = c.record.step6.ip.ownership
    said = c.handle("/verwijder")[0].text
    assert said.split("\n")[0] == msg("answer_cleared_was", lang, field=escape_markdown(
        question_label(c.pending.prompt)), old=escape_markdown(owner))
    assert "\n\n⚠ " in said and c.record.step6.ip.ownership == ""
    assert [w.id for w in c.checks() if w.id == "ip_missing"] == ["ip_missing"]


def test_a_bare_remove_at_an_empty_question_says_there_is_nothing_to_clear(store, settings):
    # at an optional question left open after the step's requirements: "Gebruik: /verwijder N voor
    # regel N van “Waar moeten …”, …, /verwijder alles voor alle regels", of another question's list
    c = make(store, settings)
    c.start()
    c.handle("/stap 3 1")
    c.handle("Eis een\nEis twee")
    c.handle("")
    q = c.pending
    assert q is not None and q.kind != "list" and not c.answers.holds_answer(q)
    turns = c.handle("/verwijder")
    assert turns[0].kind == "error" and "/verwijder alles" not in turns[0].text
    assert turns[0].text.startswith(msg("nothing_to_clear", "nl", field=escape_markdown(question_label(q.prompt))))
    assert [r.text for r in reopen(settings).step3.requirements] == ["Eis een", "Eis twee"]


def test_a_pasted_mail_that_ends_in_a_question_asks_answer_or_question(store, settings):
    # a pasted e-mail ending in "Kunnen we de leverancier vooraf spreken?" was stored as the
    # answer without a word, where one line with "?" was asked about
    mail = "Hoi Marieke,\n\nDe leverancier wil graag langskomen.\nKunnen we de leverancier vooraf spreken?"
    from fakes import FakeKB

    kb = FakeKB()
    searched: list[str] = []
    retrieve = kb.retrieve
    kb.retrieve = lambda question, k=10: searched.append(question) or retrieve(question, k)
    c = make(store, settings, kb=kb)
    c.start()
    asked = c.pending.id
    c.handle(mail)
    assert c.awaiting_choice and reopen(settings).step0.need == ""
    searched.clear()
    c.handle("2")  # a question: the one the mail ends in is searched for
    assert searched and searched[0] == "Kunnen we de leverancier vooraf spreken?" and c.pending.id == asked
    assert c.handle(mail) and c.handle("1")  # an answer after all: the whole mail is stored
    assert reopen(settings).step0.need.startswith("Hoi Marieke,")


def test_a_candidates_part_typed_as_unknown_is_said_kept_open_not_still_empty(store, settings):
    # "potential: unknown" vanished from the echo, and the reply said "Still empty …: potential."
    c = make(store, settings, name="Smart parking", lang="en")
    c.start()
    c.handle("/stap 2")
    stored = c.handle("Drone surveillance of parking; potential: unknown; TRL 5; fit: poor; market: few; "
                      "risks: privacy")[0].text
    assert "Kept as not yet known for “Drone surveillance of parking” (left empty): potential: “unknown”" in stored
    assert "Still empty" not in stored


def test_a_missing_precondition_is_said_under_the_answer_that_says_so(store, settings):
    # "no, 4 hours a week" for the time: no word in step 0, and "⚠ Step 0 says time is missing:
    # time" only under the first answer in step 1
    c = make(store, settings, name="Smart parking", lang="en")
    c.start()
    for answer in ("Residents cannot find a parking space", "Residents and visitors", "Data could help",
                   "yes, the alderman supports it"):
        c.handle(answer)
    stored = c.handle("no, the project lead only has 4 hours a week")[0].text
    assert "⚠ Step 0 says time is missing" in stored
    assert c.current_step == 0 and [w.id for w in c.checks(0)] == ["precondition_missing"]


def test_not_knowing_what_a_term_is_leaves_the_question_open_and_says_where_to_learn_it(store, settings):
    # "ik weet niet wat een behoefteanalyse is" was stored as who experiences the need, no word
    c = make(store, settings)
    c.start()
    c.handle("Containers raken onvoorspelbaar vol")
    said = c.handle("ik weet niet wat een behoefteanalyse is")[0].text
    assert reopen(settings).step0.who == "" and c.pending.field == "step0.why_digital"
    assert "Deze vraag is verplicht en blijft open" in said
    assert "“Wat betekent behoefteanalyse?”" in said and "`/begrip behoefteanalyse`" in said
    # a plural term: "Wat is publieke waarden?" was no Dutch
    c.handle("/stap 0 2")
    said = c.handle("ik weet niet wat publieke waarden zijn")[0].text
    assert "Wilt u weten wat “publieke waarden” betekent?" in said and "“Wat betekent publieke waarden?”" in said


def test_a_sentence_carried_on_to_a_next_line_stays_prose_not_bullets(store, settings):
    # one sentence, ctrl+j and its continuation: quoted back as "- …" / "- …", in /dossier as bullets
    c = make(store, settings)
    c.start()
    stored = c.handle("Ondergrondse containers in de binnenstad raken vaak vol\nen dan staat er afval naast")[0].text
    # (its lines as lines: a hard break, as a pasted paragraph's lines are echoed)
    assert "> Ondergrondse containers in de binnenstad raken vaak vol  \n> en dan staat er afval naast" in stored
    assert "> - " not in stored
    dossier = c.handle("/dossier")[0].text
    assert "    en dan staat er afval naast" in dossier and "    - en dan" not in dossier
    # names typed one per line stay a list, in lower case too
    c.handle("bewoners\nchauffeurs")
    assert "    - chauffeurs" in c.handle("/dossier")[0].text


def test_a_check_opened_at_one_of_its_questions_walks_on_to_the_next_before_going_back(store, settings):
    # the rights' check opened at "Human dignity": one answer went "Back to step 5", and the check
    # quietly said five rights still lacked
    c = make(store, settings, name="Smart parking", lang="en")
    c.start()
    c.handle("/stap 2 9")
    c.handle("AI image recognition of parked cars")
    c.handle("/stap 5")
    assert "ai_without_rights_check" in [w.id for w in c.checks(2)]
    c.handle("/stap 2 3")
    turns = c.handle("Small: cameras only count cars; mitigation: images are processed on the device")
    said = "\n".join(t.text for t in turns)
    assert "This check is not done yet: Your shortlist contains AI" in said and "Back to step 5" not in said
    assert (c.current_step, c.pending.field) == (2, "step2.rights.autonomy")
    for answer in ("None: nobody is steered", "Small: number plates; mitigation: not stored",
                   "None", "None", "None"):
        turns = c.handle(answer)
    assert "Back to step 5" in "\n".join(t.text for t in turns)
    assert c.current_step == 5 and "ai_without_rights_check" not in [w.id for w in c.checks(2)]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_step_left_with_only_passed_questions_says_they_are_open_not_that_it_is_done(store, settings, lang):
    # step 9's question 5 passed, then question 3 judged via "/stap 9 3": "Stap 9 · … is
    # doorlopen", then "Volgende open stap: 9 · …", then question 5 asked
    from assistant.plan.example import example_record

    record = example_record(lang)
    for j in (record.step9.judgements[2], record.step9.judgements[4]):
        j.verdict = None
    project = store.create_project("Slimme dijkmonitoring")
    store.save_record(project.id, record)
    c = make(store, settings, name="Slimme dijkmonitoring", lang=lang)
    c.start()
    qs = c.questions(9)
    c.handle(("/stap" if lang == "nl" else "/step") + " 9 5")
    c.handle("/volgende" if lang == "nl" else "/next")
    c.handle(("/stap" if lang == "nl" else "/step") + " 9 3")
    turns = c.handle({"nl": "voldoet", "en": "met"}[lang])
    said = "\n".join(t.text for t in turns)
    assert (c.current_step, c.pending.id) == (9, qs[4].id) and turns[-1].kind == "ask"
    assert "summary" not in kinds(turns)
    assert {"nl": "doorlopen", "en": "Leaving step"}[lang] not in said
    assert {"nl": "Volgende open stap", "en": "Next open step"}[lang] not in said
    assert {"nl": "Stap 9 · Evalueer de resultaten heeft nog open vragen die u oversloeg: 5 · ",
            "en": "Step 9 · Evaluate the results still has open questions you passed: 5 · "}[lang] in said


@pytest.mark.parametrize(("lang", "resolved"), [("nl", "✓ Opgelost: "), ("en", "✓ Resolved: ")])
@pytest.mark.parametrize(("field", "answer", "check_id"), [
    ("step6.ip.ownership", "Bij de gemeente", "ip_missing"),
    ("step2.rights.expression", "Geen; maatregel: geen", "ai_without_rights_check")])
def test_a_check_cleared_by_a_first_answer_is_said_resolved(store, settings, lang, resolved, field, answer, check_id):
    # the IP question and "vrijheid van meningsuiting" answered: both checks gone from the panel,
    # and no "✓ Opgelost" under the answer (a first answer's checks on its own field were dropped)
    from assistant.plan.example import example_record

    record = example_record(lang)
    rec.clear_field(record, field)
    project = store.create_project("Slimme dijkmonitoring")
    store.save_record(project.id, record)
    c = make(store, settings, name="Slimme dijkmonitoring", lang=lang)
    c.start()
    assert any(w.id == check_id for w in c.checks())
    step = int(field[4])
    number = next(i for i, q in enumerate(c.questions(step), 1) if q.field == field)
    c.handle(("/stap" if lang == "nl" else "/step") + f" {step} {number}")
    stored = c.handle(answer)[0]
    assert stored.kind == "stored" and not any(w.id == check_id for w in c.checks())
    assert resolved in stored.text


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_step_only_looked_at_is_not_where_the_user_was(store, settings, lang):
    # at step 0's second question, step 2 clicked by accident and step 0 clicked back 2 s later:
    # step 0's end said "Terug naar stap 2 …, waar u was" and step 1 was never seen
    c = make(store, settings, lang=lang)
    c.start()
    c.handle({"nl": "Containers raken onvoorspelbaar vol", "en": "Containers fill up unpredictably"}[lang])
    c.goto(2)
    c.goto(0)
    answers = iter({"nl": ["bewoners", "sensoren melden de vulgraad", "ja, de wethouder", "ja", "ja",
                           "ja, € 100.000", "ja", "ja", "ja", "ja"],
                    "en": ["residents", "sensors report how full they are", "yes, the alderman", "yes", "yes",
                           "yes, € 100,000", "yes", "yes", "yes", "yes"]}[lang])
    turns: list[Turn] = []
    while c.current_step == 0:
        turns = c.handle(next(answers))
    said = "\n".join(t.text for t in turns)
    assert c.current_step == 1 and {"nl": "Terug naar stap", "en": "Back to step"}[lang] not in said
    # a step worked in (an answer given there) is where the user was: back there after step 0
    c.goto(2)
    c.handle({"nl": "Slimme containers van twee leveranciers", "en": "Smart bins from two suppliers"}[lang])
    c.goto(0)
    c.handle("/stap 0 6")
    turns = c.handle({"nl": "ja, € 200.000", "en": "yes, € 200,000"}[lang])
    said = "\n".join(t.text for t in turns)
    assert c.current_step == 2 and {"nl": "Terug naar stap 2", "en": "Back to step 2"}[lang] in said


@pytest.mark.parametrize(("lang", "time", "budget", "said"), [
    ("en", "partly, I can spend two days a week on it", "no, there is no budget yet",
     "budget is missing, and time is only partly arranged"),
    ("nl", "deels, ik kan er twee dagen per week aan besteden", "nee, er is nog geen budget",
     "ontbreekt nog budget, en is tijd nog maar deels geregeld"),
])
def test_an_open_check_an_answer_rewords_is_said_as_it_now_reads(store, settings, lang, time, budget, said):
    # "no budget yet" after "partly" for the time: only "Saved for 'Is there a budget?'", while the
    # record's check grew to "missing: budget; and … only partly arranged: time"
    c = make(store, settings, lang=lang)
    c.start()
    qs = c.questions(0)
    at = next(i for i, q in enumerate(qs) if q.field == "step0.preconditions.time") + 1
    c.handle(f"/stap 0 {at}")
    assert "⚠" in c.handle(time)[0].text
    stored = c.handle(budget)[0]
    assert stored.kind == "stored" and any(said in line for line in stored.text.split("\n") if line.startswith("⚠"))
    # the same answer again rewords nothing: nothing said again
    c.handle(f"/stap 0 {at + 1}")
    assert "⚠" not in c.handle(budget)[0].text


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_judgement_label_cut_short_closes_the_quote_it_opened(store, settings, lang):
    # "Opgeslagen bij “Minimale eis (stap 3): ‘Sturingsadviezen zijn uitlegbaar…”:": the ‘ never closed
    c = make(store, settings, lang=lang)
    c.start()
    c.handle("/stap 3")
    c.handle("Sturingsadviezen zijn uitlegbaar voor de beheerder van het rioolstelsel (ethisch)")
    c.handle("/stap 9")
    first = c.handle("voldaan" if lang == "nl" else "met")[0].text.split("\n")[0]
    assert "…’”:" in first and first.count("‘") == first.count("’") and first.count("“") == first.count("”")


@pytest.mark.parametrize(("lang", "said"), [("nl", "noemt geen eigenaar"), ("en", "names no owner")])
def test_an_ip_answer_that_names_no_owner_is_stored_and_not_said_to_resolve_the_check(store, settings, lang, said):
    # "Beheerkosten € 60.000 …" typed at the IP question: "✓ Opgelost: Het opschalingsplan legt
    # nog niet vast bij wie het intellectueel eigendom komt te liggen"
    from assistant.plan.example import example_record

    record = example_record(lang)
    rec.clear_field(record, "step6.ip.ownership")
    project = store.create_project("Digitale tweeling van het rioolstelsel")
    store.save_record(project.id, record)
    c = make(store, settings, name="Digitale tweeling van het rioolstelsel", lang=lang)
    c.start()
    number = next(i for i, q in enumerate(c.questions(6), 1) if q.field == "step6.ip.ownership")
    c.handle(f"/stap 6 {number}")
    answer = "Beheerkosten € 60.000 per jaar uit de exploitatiebegroting vanaf 2027"
    stored = c.handle(answer)[0]
    assert stored.kind == "stored" and said in stored.text
    assert not any(line.startswith(("✓ Opgelost", "✓ Resolved")) for line in stored.text.split("\n"))
    assert reopen(settings, "Digitale tweeling van het rioolstelsel").step6.ip.ownership == answer


@pytest.mark.parametrize(("lang", "reasons", "note"), [
    ("nl", "We willen bij succes direct afnemen; een innovatiepartnerschap combineert ontwikkeling en afname",
     "Let op: “Waarom past deze vorm bij uw inkoopstrategie en uw situatie?” beantwoordde u met het vorige "
     "antwoord in gedachten."),
    ("en", "We want to buy directly on success; an innovation partnership combines development and purchase",
     "Note: you answered “Why does this form fit your procurement strategy and your situation?” with the "
     "previous answer in view."),
])
def test_a_choice_replaced_names_the_answers_given_with_the_old_one(store, settings, lang, reasons, note):
    # innovatiepartnerschap and its reasons, then /stap 7 1 and SBIR: "Procedure: SBIR" beside
    # "Waarom deze procedure: … een innovatiepartnerschap …", and nothing said
    c = make(store, settings, lang=lang)
    c.start()
    step = "/stap 7" if lang == "nl" else "/step 7"
    c.handle(step)
    assert note not in c.handle("innovatiepartnerschap")[0].text  # nothing was given with it yet
    c.handle(reasons)
    c.handle(f"{step} 1")
    stored = c.handle("SBIR")[0]
    assert stored.kind == "stored" and note in stored.text and f"`{step} 2`" in stored.text
    assert c.record.step7.rationale == reasons  # kept, for the user to look at
    c.handle(f"{step} 1")
    assert note not in c.handle("SBIR")[0].text  # the same choice again replaces nothing


@pytest.mark.parametrize(("held", "asks_it"), [("n.v.t.", False), ("we will sort it out later", True)])
def test_a_right_answered_from_the_check_goes_on_to_the_right_the_check_still_lacks(store, settings, held, asks_it):
    # "Vrijheid van meningsuiting" answered from the Controles: "Terug naar stap 3 … waar u was",
    # the check still naming the fair trial, which held "n.v.t." (counted missing, and its
    # question skipped as answered)
    c = make(store, settings)
    c.start()
    c.handle("/stap 2 9")
    c.handle("AI beeldherkenning van bijplaatsingen")
    c.handle("/stap 2 3")
    for answer in ("Geen", "Geen", "Klein: kentekens; maatregel: niet bewaard", "Geen"):
        c.handle(answer)
    c.handle("/stap 2 8")
    c.handle(held)
    c.handle("/stap 3")
    assert c.checks(2)[0].field == "step2.rights.expression"
    c.handle("/stap 2 7")
    said = "\n".join(t.text for t in c.handle("Geen: er wordt niets gefilterd"))
    lacks = "ai_without_rights_check" in [w.id for w in c.checks(2)]
    if asks_it:
        assert lacks and (c.current_step, c.pending.field) == (2, "step2.rights.fair_trial")
        assert "Deze controle is nog niet af" in said and "Terug naar stap 3" not in said
    else:
        assert not lacks and c.current_step == 3 and "✓ Opgelost" in said and "Terug naar stap 3" in said


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_check_on_a_criterion_says_how_to_reach_the_criteria_and_edit_refuses_another_list(store, settings, lang):
    # the check said "/edit 3 Operator acceptance; target: …" (in step 4); typed at question 3, with
    # the deliverables answered last, it replaced deliverable 3 and left the criterion as it was
    c = opened_at(store, settings, lang, "4")
    en = lang == "en"
    c.handle("Waiting time; target: 2 days; weight: 40%\nCosts; target: 10% lower; weight: 20%\n"
             "Operator acceptance; target: operators are positive; requirement: none; weight: 20%\n"
             "Uptime; target: 99%; weight: 20%")
    c.handle("Measurement report by a knowledge institute\nBusiness plan\n"
             "Penetration test report by an independent security firm")
    assert c.pending.id == "communication"
    check = next(w for w in c.checks(4) if w.id == "criterion_not_measurable")
    way, edit = ("`/step 4 1`, then `/edit 3 ", "/edit 3 ") if en else ("`/stap 4 1`, dan `/wijzig 3 ", "/wijzig 3 ")
    assert way in check.message(lang)
    advised = re.search(r"`(/(?:wijzig|edit) 3 [^`]+)`", check.message(lang)).group(1).replace("…", "at least 70%")
    deliverables = [d.text for d in c.record.step4.deliverables]
    refused = c.handle(advised)[0]
    # nothing changed, and it says which list it seems meant for and how to get there
    assert refused.kind == "error" and [d.text for d in c.record.step4.deliverables] == deliverables
    assert ("`/step 4 1`" if en else "`/stap 4 1`") in refused.text
    assert question_label_of(c, "step4.criteria") in refused.text
    # a line that names a criterion, without its parts, is refused alike
    assert c.handle(edit + "Operator acceptance")[0].kind == "error"
    assert [d.text for d in c.record.step4.deliverables] == deliverables
    # a correction of the deliverable itself is stored, at the deliverables
    c.handle(step_command(lang, "4 2"))
    turns = c.handle(edit + "Penetration test report by an accredited security firm")
    assert turns[0].kind == "stored" and c.record.step4.deliverables[2].text.endswith("accredited security firm")
    # and the way the check names edits the criterion
    c.handle(step_command(lang, "4 1"))
    c.handle(advised)
    assert c.record.step4.criteria[2].target == "at least 70%"
    assert not [w for w in c.checks(4) if w.id == "criterion_not_measurable"]


def question_label_of(c: Conversation, field: str) -> str:
    return escape_markdown(c.render.field_label(field))


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_check_replaced_by_one_of_its_rule_is_said_replaced_not_resolved(store, settings, lang):
    # the mandate short of the budget (step 0), then a ceiling in step 3 above both: "✓ Resolved:
    # the mandate … but the budget …" while the mandate was still short of it
    c = opened_at(store, settings, lang, "0 6")
    en = lang == "en"
    c.handle("Yes, EUR 250k from the innovation fund" if en else "Ja, € 250.000 uit het innovatiefonds")
    c.handle("Yes, up to 200,000 euros, but only until 2026" if en else "Ja, tot 200.000 euro, maar alleen tot 2026")
    assert any(w.id == "mandate_below_secured_budget" for w in c.checks())
    c.handle(step_command(lang, "3 2"))
    stored = c.handle("At most 300,000 euros excl. VAT" if en else "Maximaal 300.000 euro excl. btw")[0].text
    lines = stored.split("\n\n")
    assert not any(line.startswith(("✓ Resolved", "✓ Opgelost")) for line in lines), stored
    replaced = [line for line in lines if line.startswith("⚠ Replaced: " if en else "⚠ Vervangen: ")]
    assert len(replaced) == 1, stored
    old, now = replaced[0].split(" → now: " if en else " → nu: ")
    assert ("budget (step 0)" if en else "budget (stap 0)") in old
    assert ("budget ceiling (step 3)" if en else "maximale budget (stap 3)") in now
    # the one now open is said once, in the replaced line; the budget's own check as before
    assert stored.count("€200,000, but the budget ceiling" if en else "€ 200.000, maar het maximale budget") == 1
    assert any(line.startswith("⚠ " + ("The budget (step 0)" if en else "Het budget (stap 0)")) for line in lines)
    # a ceiling the mandate covers resolves it: said so
    c.handle(step_command(lang, "3 2"))
    stored = c.handle("At most 150,000 euros excl. VAT" if en else "Maximaal 150.000 euro excl. btw")[0].text
    assert any(line.startswith("✓ Resolved" if en else "✓ Opgelost") for line in stored.split("\n\n")), stored


def test_the_way_a_check_names_to_a_list_is_the_question_stap_opens(store, settings):
    # the question's number in "`/stap 4 1`, dan `/wijzig 3 …`" comes from the step files; in step
    # 9 the judgements, one per requirement and criterion, come before the step's own questions
    from assistant.plan.checks import way_to_list

    c = make(store, settings)
    c.start()
    c.handle("/stap 3 1")
    c.handle("AVG-conform (juridisch)\nWerkt offline (technisch)")
    c.handle("/stap 4 1")
    c.handle("Wachttijd; doel: 2 dagen; eis: 1")
    lists = [(spec.number, q.field) for spec in c.plan for q in spec.questions if q.kind == "list"]
    assert ("step9.lessons" in dict(lists).values()) and len(lists) > 5
    for step, field in lists:
        way = way_to_list(c.record, field)["nl"]
        number = int(re.fullmatch(r"`/stap \d+ (\d+)`, dan", way).group(1))
        assert c.questions(step)[number - 1].field == field, (field, way)


@pytest.mark.parametrize(("lang", "strategy", "other"), [
    ("nl", "direct afnemen", "later openbaar aanbesteden"),
    ("en", "direct purchase", "open tender later"),
])
def test_a_strategy_replaced_names_the_answers_of_step_7_given_with_the_old_one(store, settings, lang, strategy, other):
    # "later aanbesteden" in step 6, while step 7's procedure, its reasons and the call's
    # intention to buy were given with "direct afnemen" in view: nothing was said
    c = make(store, settings, lang=lang)
    c.start()
    step = "/stap" if lang == "nl" else "/step"
    number = next(i for i, q in enumerate(c.questions(6), 1) if q.id == "procurement_strategy")
    c.handle(f"{step} 6 {number}")
    c.handle(strategy)
    c.handle(f"{step} 7 1")
    c.handle("innovatiepartnerschap" if lang == "nl" else "innovation partnership")
    c.handle(f"{step} 6 {number}")
    one = c.handle(other)[0].text

    assert msg("given_with_old_step", lang, step=7, number=1, question="@").split("@")[1] in one
    assert f"`{step} 7 1`" in one and msg("given_with_old_many", lang) not in one
    c.handle(f"{step} 7 2")
    c.handle("Past bij afnemen" if lang == "nl" else "Fits buying")
    c.handle(f"{step} 7 7")
    c.handle("Intentie tot afname" if lang == "nl" else "Intention to buy")
    c.handle(f"{step} 6 {number}")
    several = c.handle(strategy)[0].text
    assert msg("given_with_old_many", lang) in several
    lines = [line for line in several.splitlines() if line.startswith("- “")]
    assert [line.rsplit("`", 2)[1] for line in lines] == [f"{step} 7 1", f"{step} 7 2", f"{step} 7 7"]
    assert c.record.step7.tender_contents  # kept, for the user to look at
    c.handle(f"{step} 6 {number}")
    assert msg("given_with_old_many", lang) not in c.handle(strategy)[0].text  # the same again


@pytest.mark.parametrize(("lang", "strategy", "other", "again"), [
    ("nl", "direct afnemen", "later openbaar aanbesteden", "innovatiepartnerschap"),
    ("en", "direct purchase", "open tender later", "innovation partnership"),
])
def test_an_answer_given_with_a_replaced_one_stays_marked_to_review_until_answered_again(
        store, settings, lang, strategy, other, again):
    # step 6's strategy changed to "later aanbesteden": step 7's procedure, given with "direct
    # afnemen" in view, was named once in the conversation, then read as settled everywhere
    c = make(store, settings, lang=lang)
    c.start()
    step = "/stap" if lang == "nl" else "/step"
    number = next(i for i, q in enumerate(c.questions(6), 1) if q.id == "procurement_strategy")
    c.handle(f"{step} 6 {number}")
    c.handle(strategy)
    c.handle(f"{step} 7 1")
    c.handle(again)
    c.handle(f"{step} 6 {number}")
    c.handle(strategy)  # the same answer again: nothing replaced, nothing to look at
    assert c.to_review() == {}
    c.handle(f"{step} 6 {number}")
    c.handle(other)

    mark, item = msg("to_review", lang, step=6), msg("to_review_item", lang, step=6, question="@").split("@")[1]
    reopened = make(store, settings, lang=lang)  # kept with the project, not only in this window
    assert reopened.to_review() == {"step7.procedure": 6}
    assert reopened.items_open().of_step(7).review == (("step7.procedure", 6),)
    dossier = reopened.record_text()
    assert mark in dossier and item in dossier  # beside the answer, and among the open items
    assert mark in reopened.step_record_text(7)
    reopened.handle(f"{step} 7 1")
    reopened.handle(again)  # answered again, with the very same text: looked at
    assert reopened.to_review() == {} and mark not in reopened.record_text()
    assert make(store, settings, lang=lang).to_review() == {}


def test_an_answer_marked_to_review_kept_with_next_is_no_longer_marked(store, settings):
    c = make(store, settings)
    c.start()
    number = next(i for i, q in enumerate(c.questions(6), 1) if q.id == "procurement_strategy")
    c.handle(f"/stap 6 {number}")
    c.handle("direct afnemen")
    c.handle("/stap 7 1")
    c.handle("innovatiepartnerschap")
    c.handle("We willen bij succes direct afnemen")
    c.handle(f"/stap 6 {number}")
    c.handle("later openbaar aanbesteden")
    assert c.to_review() == {"step7.procedure": 6, "step7.rationale": 6}
    c.handle("/stap 7 1")
    assert "Antwoord behouden" in c.handle("/volgende")[0].text
    assert c.to_review() == {"step7.rationale": 6}  # the next one waits for its own look
    c.handle("/stap 7 2")
    c.handle("/volgende")
    assert c.to_review() == {}


@pytest.mark.parametrize(("lang", "answer", "choice", "note"), [
    ("nl", "meer onderzoek nodig: camerabeelden opnieuw auditen en de API sneller maken", "more_research",
     "camerabeelden opnieuw auditen en de API sneller maken"),
    ("en", "3 — the supplier failed the privacy audit", "more_research", "the supplier failed the privacy audit"),
])
def test_the_final_verdict_keeps_its_why(store, settings, lang, answer, choice, note):
    # "meer onderzoek nodig: …" kept the choice only ("het dossier bewaart bij deze vraag geen
    # toelichting"): the why of the verdict, the line a steering group reads first, was lost
    c = make(store, settings, lang=lang)
    c.start()
    step = "/stap" if lang == "nl" else "/step"
    number = next(i for i, q in enumerate(c.questions(9), 1) if q.id == "verdict")
    c.handle(f"{step} 9 {number}")
    stored = c.handle(answer)[0]
    assert stored.kind == "stored" and note in stored.text
    assert msg("stored_choice_rest", lang, rest=note) not in stored.text
    kept = reopen(settings).step9
    assert (kept.verdict.value, kept.verdict_note) == (choice, note)
    assert note in "\n".join(t.text for t in c.handle("/dossier 9" if lang == "nl" else "/record 9"))
    c.handle(f"{step} 9 {number}")
    replaced = c.handle("opschalen" if lang == "nl" else "scale up")[0]
    assert note in replaced.text  # the answer replaced, said in full: the why with its choice
    kept = reopen(settings).step9
    assert (kept.verdict.value, kept.verdict_note) == ("scale_up", "")  # no why of another verdict
    c.handle(f"{step} 9 {number}")
    c.handle(answer)
    c.handle(f"{step} 9 {number}")
    c.handle("/verwijder" if lang == "nl" else "/remove")
    kept = reopen(settings).step9
    assert (kept.verdict, kept.verdict_note) == (None, "")


@pytest.mark.parametrize("command", ["/verwijder alles", "/verwijder 1", "/verwijder 1-2", "/wijzig 1 anders (data)"])
def test_numbered_edit_or_removal_at_a_question_that_is_no_list_changes_nothing(store, settings, command):
    # "/verwijder alles" at the budget question removed all four requirements of question 1 without
    # asking: the user at the budget read "alles" as "clear this answer"
    c = make(store, settings)
    c.start()
    c.handle("/stap 3 1")
    c.handle("a (data)\nb (technisch)\nc (juridisch)")
    c.handle("/stap 3 2")
    assert c.pending.id == "budget_ceiling"
    turns = c.handle(command)
    assert turns[0].kind == "error"
    assert [r.text for r in reopen(settings).step3.requirements] == ["a", "b", "c"]
    # the way to the list that holds the lines is named, and what to type there
    assert f"typ eerst `/stap 3 1`, dan `{command.split()[0]} N" in turns[0].text
    assert c.pending.id == "budget_ceiling"


def test_numbered_removal_at_an_empty_list_leaves_the_list_answered_before(store, settings):
    # criteria typed, the deliverables asked: "/verwijder alles" there reached the criteria
    c = opened_at(store, settings, "nl", "4 1")
    c.handle("Wachttijd; doel: 2 dagen; weging: 50%\nKosten; doel: 10% lager; weging: 50%")
    c.handle("/stap 4 2")
    assert c.pending.id == "deliverables"
    turns = c.handle("/verwijder alles")
    assert turns[0].kind == "error" and "`/stap 4 1`, dan `/verwijder N`" in turns[0].text
    assert len(reopen(settings).step4.criteria) == 2


@pytest.mark.parametrize("leave", ["/stap 3 6", "/terug", "/stap 5", "weet ik nog niet"])
def test_a_check_on_a_whole_list_held_while_it_is_typed_is_said_when_the_list_is_left(store, settings, leave):
    # one criterion with "weging: 60%", then another question: the weights' sum was said only in
    # /dossier 4 and the export (held back while the list was typed, and the list never closed);
    # "weet ik nog niet" at the list moved on, and the list was dropped from being typed unsaid
    c = opened_at(store, settings, "nl", "4 1")
    said = c.handle("Wachttijd fietsers; doel: 20% korter; weging: 60%")[0].text
    assert "niet tot 100%" not in said  # the list is still being typed: its sum is not final
    said = "\n".join(t.text for t in c.handle(leave))
    assert "De wegingen van de criteria tellen samen op tot 60%, niet tot 100%" in said
    assert c.handle("/dossier 4")  # said once: not again on the next move
    assert "niet tot 100%" not in "\n".join(t.text for t in c.handle("/stap 4 1"))


def test_a_check_at_the_question_it_names_says_only_what_to_type_there(store, settings):
    # "Geef het een doel met `/stap 4 1`, dan `/wijzig 1 …`" said at step 4 question 1 itself
    c = opened_at(store, settings, "nl", "4 1")
    said = c.handle("Wachttijd fietsers; doel: korter")[0].text
    assert "Geef het een doel met `/wijzig 1 Wachttijd fietsers; doel: …`" in said
    assert "`/stap 4 1`" not in said
    c.handle("/stap 4 3")  # elsewhere, the way there is named
    assert "`/stap 4 1`, dan `/wijzig 1" in c.step_record_text(4)


def test_a_check_at_the_question_it_names_says_only_what_to_type_there_in_a_read_only_folder(settings, tmp_path):
    # the way was taken out of the turns as they were written, and a read-only folder writes none:
    # there the check at step 4 question 1 still said "`/stap 4 1`, dan"
    from fs_support import made_read_only

    folder = tmp_path / "alleen-lezen"

    def fill() -> None:
        with Store(folder / "stappenplan.db") as writable:
            c = opened_at(writable, settings, "nl", "4 1")
            c.handle("Wachttijd fietsers; doel: korter")

    with made_read_only(folder, "4m", fill=fill), Store(folder / "stappenplan.db") as read_only:
        assert read_only.read_only is not None
        c = make(read_only, settings)
        c.start()
        c.handle("/stap 4 3")  # elsewhere, the way there is named
        assert "`/stap 4 1`, dan `/wijzig 1" in "\n".join(t.text for t in c.handle("/dossier 4"))
        c.handle("/stap 4 1")
        said = "\n".join(t.text for t in c.handle("/dossier 4"))
        assert "Geef het een doel met `/wijzig 1 Wachttijd fietsers; doel: …`" in said
        assert "`/stap 4 1`" not in said


def test_back_from_a_detour_is_at_the_list_that_was_being_typed(store, settings):
    # a criterion typed, then /stap 3 6 and its answer: "Terug naar stap 4 …, waar u was" opened
    # question 2, not the criteria the user was adding to
    c = opened_at(store, settings, "nl", "3 1")
    c.handle("Minder wachttijd (technisch)")
    c.handle("/stap 4 1")
    c.handle("Wachttijd fietsers; doel: 20% korter; eis: 1")
    c.handle("/stap 3 6")
    turns = c.handle("de wensen van de fietsersbond")
    assert (c.current_step, c.pending.id) == (4, "criteria"), [t.text[:80] for t in turns]


def test_a_step_explained_in_this_session_is_not_explained_again_after_a_detour(store, settings):
    # step 1 opened with its explanation; /stap 0 8 and an answer: "Terug naar stap 1 …" and
    # the whole explanation again, and /stap 1 printed it a third time
    c = make(store, settings)
    c.start()
    for text in ("Fietsen staan verkeerd geparkeerd", "Reizigers en NS", "Sensoren tellen vrije plekken",
                 "ja, de wethouder", "ja, 0,4 fte", "nee, nog geen budget", "ja, de afdeling ICT"):
        c.handle(text)
    turns = c.handle("weet ik nog niet")
    explanation = c.step_spec(1).explanation.strip()[:60]
    assert c.current_step == 1 and explanation in "\n".join(t.text for t in turns)  # a first entry, in full
    c.handle("/stap 0 8")
    turns = c.handle("Twee jaar")
    said = "\n".join(t.text for t in turns)
    assert c.current_step == 1 and explanation not in said
    assert "Terug naar stap 1 · " in said and ", vraag 1, waar u was." in said and "`/uitleg`" in said
    assert kinds(turns)[-1] == "ask"
    turns = c.handle("/stap 1")
    assert explanation not in "\n".join(t.text for t in turns) and kinds(turns) == ["step", "ask"]
    assert explanation in "\n".join(t.text for t in c.handle("/uitleg"))  # the way to it


def test_a_step_done_by_a_correction_from_a_later_step_is_not_read_back_whole(store, settings):
    # every return read the whole "Opgeslagen:" summary of the step again, after one answer
    c = make(store, settings)
    c.start()
    for text in ("Fietsen staan verkeerd geparkeerd", "Reizigers en NS", "Sensoren tellen vrije plekken",
                 "ja, de wethouder", "ja, 0,4 fte", "ja, 2 ton"):
        c.handle(text)
    c.handle("/stap 4 1")
    c.handle("Wachttijd; doel: 2 minuten korter")
    c.handle("/stap 0")  # to work in: the mandate, still open
    assert c.pending.id == "mandate"
    c.handle("ja, de directie")
    turns = c.handle("twee jaar")
    said = "\n".join(t.text for t in turns)
    assert "Stap 0 · Breng de behoefte en de randvoorwaarden in kaart is doorlopen; `/dossier 0` toont wat er staat." \
        in said
    assert "Fietsen staan verkeerd geparkeerd" not in said
    assert c.current_step == 4 and c.pending.id == "criteria"


@pytest.mark.parametrize(("line", "said", "shown"), [
    ("Camera-telling (marktverkenning)", "‘marktverkenning’ gelezen als ‘marktverkenning of marktconsultatie’.",
     "Camera-telling (marktverkenning of marktconsultatie)"),
    # a word that only chose the kind is not repeated in the note in other words
    ("Thermal mapping van wegvakken (onderzoek bij een kennisinstituut) — KNMI en TU Delft",
     "‘onderzoek bij een kennisinstituut’ gelezen als ‘onderzoek bij een kennisinstelling’.",
     "Thermal mapping van wegvakken (onderzoek bij een kennisinstelling) — KNMI en TU Delft"),
])
def test_a_word_stored_as_the_label_it_chose_is_said_once(store, settings, line, said, shown):
    # "(marktverkenning)" came back "(marktverkenning of marktconsultatie)" without a word
    c = opened_at(store, settings, "nl", "1 1")
    text = c.handle(line)[0].text
    assert f"1. {shown}" in text and text.count(said) == 1
    assert reopen(settings).step1.technologies[0].summary("nl") == shown


def test_a_label_typed_as_the_question_names_it_is_not_said_read_as_another(store, settings):
    # "weging: 60%" was stored and shown as "gewicht: 60%", though the question says "weging"
    c = opened_at(store, settings, "nl", "4 1")
    text = c.handle("Wachttijd fietsers; doel: 20% korter; weging: 60%")[0].text
    assert "1. Wachttijd fietsers; doel: 20% korter; weging: 60%" in text and "gelezen als" not in text


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_semicolon_before_an_entry_with_its_own_kind_splits_there_also_inside_a_note(store, settings, lang):
    # "AI-beeldherkenning (onderzoek) — TU Delft; 5G-verbinding voor live beelden (marktverkenning)"
    # was one technology, the second and its kind kept in the first one's note, without a word
    from assistant.plan.conversation.answers import split_list_answer

    line = "AI-beeldherkenning van rookpluimen (onderzoek) — TU Delft; 5G-verbinding voor live beelden (marktverkenning)"
    first, second = line.split("; ")
    assert split_list_answer(line, "step1.technologies") == [first, second]
    assert split_list_answer(f"Drones (pilots)\n{line}", "step1.technologies") == ["Drones (pilots)", first, second]
    c = opened_at(store, settings, lang, "1 1")
    c.handle("Drones (pilots) — Twente")
    turns = c.handle(line)
    assert [t.name for t in reopen(settings).step1.technologies] == [
        "Drones", "AI-beeldherkenning van rookpluimen", "5G-verbinding voor live beelden"]
    assert "`;`" in next(t for t in turns if t.kind == "stored").text  # said split, as every split line


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_semicolon_kept_in_a_note_before_what_reads_as_a_name_says_so(store, settings, lang):
    c = opened_at(store, settings, lang, "1 1")
    stored = next(t for t in c.handle("Drones (pilots) — Twente vliegt al; Sensoren in de dijk") if t.kind == "stored")
    assert len(c.record.step1.technologies) == 1
    assert msg("semicolon_kept", lang, number=1, rest="Sensoren in de dijk", name="Drones") in stored.text
    # a note going on in lower case is a note: nothing said
    stored = next(t for t in c.handle("Radar (pilots) — Twente vliegt al; beelden zijn goed") if t.kind == "stored")
    assert "`;`" not in stored.text and len(c.record.step1.technologies) == 2


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_word_read_as_a_label_is_said_once_per_list(store, settings, lang):
    c = opened_at(store, settings, lang, "1 1")
    said = msg("word_read_as", lang, typed="onderzoek", label=rec.SourceKind.parse("onderzoek").label(lang))
    assert said in next(t for t in c.handle("Drones (onderzoek)") if t.kind == "stored").text
    for line in ("Sensoren (onderzoek)", "Radar (onderzoek) — TU Delft"):
        assert said not in next(t for t in c.handle(line) if t.kind == "stored").text
    assert len(c.record.step1.technologies) == 3


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_an_answer_that_leaves_a_check_open_as_it_was_says_it(store, settings, lang):
    # step 6 under way, the IP owner left "nog niet besloten": only "Opgeslagen bij …", while
    # the step got its ⚠ and the export its warning
    c = opened_at(store, settings, lang, "6 1")
    c.handle("Beleid aanpassen")
    c.handle("Training")
    assert c.pending.field == "step6.ip.ownership"
    check = next(w for w in c.checks(6) if w.id == "ip_missing")
    turns = c.handle("nog niet besloten, dat bespreken we in de marktconsultatie")
    stored = next(t for t in turns if t.kind == "stored")
    assert check.message(lang) in stored.text
    assert any(w.id == "ip_missing" for w in c.checks(6))


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_an_empty_enter_at_an_optional_question_says_how_to_pass_it(store, settings, lang):
    c = opened_at(store, settings, lang, "4 3")
    assert not c.pending.required and c.pending.kind != "list"
    turns = c.handle("")
    assert turns[0].text == msg("empty_input_optional", lang) and "/" in turns[0].text
    assert c.pending.id == turns[-1].question_id and turns[-1].kind == "ask"
    c.handle("/stap 4 1" if lang == "nl" else "/step 4 1")  # a required question: as before
    assert c.handle("")[0].text == msg("empty_input", lang)


def guided_at(store, settings, kb, where: str) -> Conversation:
    """A new project's Dutch conversation over the real guidance, moved to `where` ("2 1")."""
    c = make(store, settings, kb=kb)
    c.start()
    c.handle(f"/stap {where}")
    return c


def test_a_question_pointing_at_the_open_question_is_answered_from_the_step_data(store, settings, kb):
    # "Is dit verplicht?" quoted a start-up programme's "verplicht traject"; "Waarom is dit
    # belangrijk?" quoted another step's criteria: the plan itself knows both
    c = guided_at(store, settings, kb, "1 2")
    turns = c.handle("/vraag Is dat verplicht?")
    assert turns[0].text.startswith("Deze vraag is niet verplicht") and "`/volgende`" in turns[0].text
    assert "guidance" not in kinds(turns)
    c.handle("/stap 1 1")
    assert c.handle("/vraag Is dit verplicht?")[0].text.startswith("Deze vraag is verplicht")
    turns = c.handle("/vraag Kun je een voorbeeld geven van wat ik hier kan noemen?")
    assert c.pending.example in turns[0].text
    turns = c.handle("/vraag Waarom is dit belangrijk?")
    assert "Verken nieuwe technologieën" in turns[0].text
    assert all(citation.passage.step == 1 for t in turns for citation in t.citations)
    assert c.pending.id == "technologies"


@pytest.mark.parametrize("where", ["2 1", "5 2", "3 1"])
def test_an_off_topic_question_during_a_step_stays_not_covered(store, settings, kb, where):
    c = guided_at(store, settings, kb, where)
    turns = c.handle("/vraag Wat kost een parkeervergunning in Amsterdam?")
    assert turns[0].kind == "guidance" and not turns[0].answer.found


def test_a_question_pointing_at_the_open_question_that_the_guidance_lacks_gets_the_question_in_full(store, settings, kb):
    # "Wat moet ik hier invullen?" at a question whose help quotes the guidance: "De handreikingen
    # gaan hier niet over"; the question's own help and example answer it
    c = guided_at(store, settings, kb, "2 3")
    turns = c.handle("/vraag wat moet ik hier invullen?")
    assert turns[0].text == msg("pointing_not_in_guidance", "nl") and "guidance" not in kinds(turns)
    assert turns[-1].kind == "ask" and c.pending.help in turns[-1].text and c.pending.id == "rights_dignity"


@pytest.mark.parametrize("text", ["geef een voorbeeld van een goed criterium", "Geef me een paar voorbeelden van bronnen",
                                  "kun je een voorbeeld geven van een criterium", "give me an example of a criterion"])
def test_a_request_for_an_example_of_something_is_not_stored_as_an_answer(text):
    # at a list question it was stored as a criterion, with a check that it had no measurable target
    assert intents.classify(text, pending=True) == "ambiguous"


@pytest.mark.parametrize("text", ["Voorbeeldproject van de gemeente Utrecht", "Voorbeelden van anderen volgen we",
                                  "Geef de burger inzicht in zijn data"])
def test_answers_that_name_examples_stay_answers(text):
    assert intents.classify(text, pending=True) == "answer"


def test_an_exports_file_name_is_cut_between_words_and_names_its_language():
    # "…met-provincie-en-wa-20261207-….docx": a word cut in two, and a Dutch and an English
    # export of a project were told apart by their moment only
    from datetime import datetime

    from assistant.plan.conversation import export_name

    when = datetime(2026, 12, 7, 20, 58, 14)
    name = "Zoutstrooien op provinciale wegen samen met provincie en waterschap Hollandse Delta"
    assert export_name(name, "docx", "nl", when) == \
        "Zoutstrooien-op-provinciale-wegen-samen-met-provincie-en-20261207-205814-nl.docx"
    assert export_name(name, "md", "en", when) == \
        "Zoutstrooien-op-provinciale-wegen-samen-met-provincie-en-20261207-205814-en.md"


@pytest.mark.parametrize(("lang", "end"), [("nl", "legt geen vervolgafname vast."),
                                           ("en", "fixes no follow-up purchase.")])
def test_a_resolved_check_is_named_by_its_first_sentence_whole(lang, end):
    # cut at 120 characters between two words: "✓ Opgelost: De inkoopstrategie (stap 6) is direct
    # afnemen bij een deelnemer, maar een SBIR … legt geen…", what was put right left out
    from assistant.plan.checks import run_checks
    from assistant.plan.conversation.text import resolved_text
    from assistant.plan.record.model import Procedure, ProcurementStrategy

    r = rec.new_record("Vervolgafname")
    r.step6.procurement_strategy = ProcurementStrategy.DIRECT_PURCHASE
    r.step7.procedure = Procedure.SBIR
    found = [c for c in run_checks(r) if c.id == "procedure_strategy_mismatch"]
    assert found
    assert resolved_text(found, lang).strip().endswith(end)


@pytest.mark.parametrize(("where", "question"), [("7 1", "Is een SBIR verplicht?"),
                                                 ("6 12", "Is een marktconsultatie verplicht?"),
                                                 ("7 1", "Is een prijsvraag optioneel?")])
def test_a_procurement_question_with_words_of_the_prompt_is_searched_not_answered_from_the_step_data(
        store, settings, kb, where, question):
    # "Is een SBIR verplicht?" at step 7's procedure question (whose prompt lists SBIR) was told
    # only "Deze vraag is verplicht": a statement about the form field for a procurement question
    c = guided_at(store, settings, kb, where)
    turns = c.handle(f"/vraag {question}")
    assert "guidance" in kinds(turns)
    said = " ".join(t.text for t in turns)
    assert "Deze vraag is verplicht" not in said and "Deze vraag is niet verplicht" not in said


def test_a_question_typed_behind_an_answer_is_searched_with_the_answer_it_points_at(store, settings, kb):
    # "3": the answer stored, then "is dat realistisch?" was searched alone (taken to point at the
    # open question) and found scenario planning's "niet realistisch"
    c = guided_at(store, settings, kb, "3 1")
    line = "Sensoren gaan minimaal 5 jaar mee op één batterij (technisch, behoefte) — is dat realistisch?"
    assert kinds(c.handle(line)) == ["disambiguate"]
    turns = c.handle("3")
    [answered] = [t for t in turns if t.kind == "guidance"]
    # answered under the line that asked it, before the answer is stored and the conversation
    # moves on (after, it stood under the next step's opening)
    assert turns.index(answered) < kinds(turns).index("stored")
    assert answered.answer.question.startswith("Sensoren gaan minimaal 5 jaar mee op één batterij")
    assert answered.answer.question.endswith("is dat realistisch?")
    assert msg("pointing_not_in_guidance", "nl") not in [t.text for t in turns]


def test_a_resolved_check_that_asks_ends_with_its_question_mark_alone():
    # "✓ Opgelost: … naar een andere leverancier of oplossing?."
    from assistant.plan.checks import run_checks
    from assistant.plan.conversation.text import resolved_text

    r = rec.new_record("Afvalcontainers")
    rec.apply_text(r, "step6.ip.ownership", "Bij de ondernemer")
    found = [c for c in run_checks(r) if c.id == "vendor_lock_in_missing"]
    assert found
    for lang in ("nl", "en"):
        line = resolved_text(found, lang).strip()
        assert not line.endswith("?.") and "?." not in line
