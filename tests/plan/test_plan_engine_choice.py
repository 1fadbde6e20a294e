"""What typed at a question is an answer and what is not, through the real engine: the 1-or-2
question ("als antwoord of als vraag?") with its replies and its third choice, deferrals
("later"), requests for an example, a question inside a structured line, and "?" alone."""

from __future__ import annotations

import pytest

from assistant.core.textsafe import escape_markdown
from assistant.plan import record as rec
from assistant.plan.conversation import Conversation, Turn
from assistant.plan.messages import msg
from assistant.services.conversation import open_conversation
from assistant.store import Store

HELD = "We verlengen de pilot met camera's — werkt dat ook 's nachts?"


def make(store, settings, lang: str | None = None) -> Conversation:
    c = open_conversation(settings, store, "Slimme afvalinzameling", lang=lang, guidance=None)
    c.start()
    return c


def kinds(turns: list[Turn]) -> list[str]:
    return [t.kind for t in turns]


def stored(settings) -> rec.ProjectRecord:
    """The record as another process reads it."""
    with Store(settings.database_path) as other:
        return other.load_record(other.find_project("Slimme afvalinzameling").id, rec.ProjectRecord)


@pytest.mark.parametrize("reply", ["ja", "Ja.", "antwoord", "yes", "1"])
def test_yes_or_the_word_answer_at_the_1_or_2_question_stores_the_line_waiting(store, settings, reply):
    c = make(store, settings)
    assert kinds(c.handle(HELD)) == ["disambiguate"]
    c.handle(reply)
    assert stored(settings).step0.need == HELD and not c.awaiting_choice


@pytest.mark.parametrize("reply", ["vraag", "question", "2"])
def test_the_word_question_at_the_1_or_2_question_asks_it(store, settings, reply):
    c = make(store, settings)
    c.handle(HELD)
    turns = c.handle(reply)
    assert "stored" not in kinds(turns) and stored(settings).step0.need == "" and not c.awaiting_choice
    assert c.pending.id == "need"


@pytest.mark.parametrize("reply", ["nee", "ok", "Prima.", "?", "7", "3", "beide", "x", "²"])
def test_a_reply_that_is_no_choice_and_no_answer_is_refused_and_the_line_kept(store, settings, reply):
    # "3" too: this line is one question, with no answer before it (no third choice)
    c = make(store, settings)
    line = "hoe lang duurt zo'n traject meestal"
    c.handle(line)
    turns = c.handle(reply)
    assert kinds(turns) == ["info", "disambiguate"] and c.awaiting_choice
    assert turns[0].text == msg("disambiguation_not_a_choice", "nl", reply=reply)
    assert stored(settings).step0.need == "" and c.pending.id == "need"
    c.handle("1")  # still there to choose
    assert stored(settings).step0.need == line


@pytest.mark.parametrize("new", ["Containers raken te vol in de binnenstad", "AI"])
def test_a_new_answer_at_the_1_or_2_question_still_replaces_the_line(store, settings, new):
    c = make(store, settings)
    c.handle(HELD)
    turns = c.handle(new)
    assert turns[0].text == msg("disambiguation_dropped", "nl", text=escape_markdown(HELD))
    assert stored(settings).step0.need == new


@pytest.mark.parametrize(("lang", "where"), [("nl", "1 1"), ("nl", "0 7"), ("nl", "5 1"), ("en", "1 1"), ("en", "0 7")])
@pytest.mark.parametrize("reply", ["later", "Straks.", "kom ik op terug", "daar kom ik later op terug", "maybe later",
                                   "I'll come back to it"])
def test_putting_an_answer_off_stores_nothing(store, settings, lang, where, reply):
    # a list's line "later", a mandate "(nog geen ja of nee) later", an outcome "later"
    c = make(store, settings, lang=lang)
    c.handle(f"/{'stap' if lang == 'nl' else 'step'} {where}")
    before = stored(settings)
    asked = c.pending
    turns = c.handle(reply)
    assert "stored" not in kinds(turns)
    assert turns[0].text.startswith(msg("unsure_required", lang, step=c.current_step)[:20])
    assert stored(settings).model_dump(exclude={"project"}) == before.model_dump(exclude={"project"})
    assert c.pending is None or c.pending.id != asked.id  # on to what follows, as after "weet ik niet"


@pytest.mark.parametrize(("where", "asked_for"), [
    ("1 1", "geef een voorbeeld"), ("4 1", "geef een voorbeeld"), ("0 4", "geef een voorbeeld"),
    ("1 1", "voorbeeld?"), ("0 1", "give an example"), ("3 1", "leg uit"), ("0 4", "explain"),
    ("4 1", "heb je een voorbeeld?"),
])
def test_a_request_for_an_example_or_explanation_is_a_question_not_an_answer(store, settings, where, asked_for):
    c = make(store, settings)
    c.handle(f"/stap {where}")
    before = stored(settings)
    asked = c.pending
    turns = c.handle(asked_for)
    assert not {"stored", "disambiguate"} & set(kinds(turns))
    assert stored(settings).model_dump(exclude={"project"}) == before.model_dump(exclude={"project"})
    assert c.pending.id == asked.id and turns[-1].kind == "ask"
    assert [t.kind for t in c.history() if t.role == "user"][-1] == "question"


def test_a_question_in_a_field_of_a_structured_line_is_asked_about(store, settings):
    c = make(store, settings)
    c.handle("/stap 2 1")
    line = "Camera's met beeldherkenning; TRL 9; fit: wat bedoelen ze met fit?"
    turns = c.handle(line)
    assert kinds(turns) == ["disambiguate"] and stored(settings).step2.assessments == []
    assert "`3`" in turns[0].text and turns[0].options == 3
    turns = c.handle("3")  # the candidate stored without the question, the question asked
    [assessment] = stored(settings).step2.assessments
    assert "wat bedoelen" not in assessment.model_dump_json()
    assert assessment.technology == "Camera's met beeldherkenning" and assessment.trl == 9
    assert msg("guidance_unavailable", "nl", error="geen kennisbank") in [t.text for t in turns]  # asked


def test_the_third_choice_stores_the_answer_without_its_question_so_its_labels_are_read(store, settings):
    c = make(store, settings)
    c.handle("/stap 3 1")
    line = "Sensoren gaan minimaal 5 jaar mee op één batterij (technisch, behoefte) — is dat realistisch?"
    assert kinds(c.handle(line)) == ["disambiguate"]
    turns = c.handle("3")
    [requirement] = stored(settings).step3.requirements
    assert requirement.text == "Sensoren gaan minimaal 5 jaar mee op één batterij"
    assert requirement.aspect is not None and requirement.kind is rec.RequirementKind.NEED
    said = [t.text for t in turns]
    assert msg("guidance_unavailable", "nl", error="geen kennisbank") in said  # the question asked
    assert not c.awaiting_choice


def test_a_line_that_is_only_a_question_gets_no_third_choice(store, settings):
    c = make(store, settings)
    turns = c.handle("hoe lang duurt zo'n traject meestal")
    assert turns[0].options == 0 and "`3`" not in turns[0].text


def test_a_question_mark_alone_at_a_question_shows_it_again_with_its_help(store, settings):
    c = make(store, settings)
    c.handle("/stap 3 1")
    turns = c.handle("?")
    assert kinds(turns) == ["ask"] and turns[0].question_id == "requirements"
    assert turns[0].text == c.render.ask_again_turn(c.pending, full=True).text
    assert "geen woord" not in turns[0].text


@pytest.mark.parametrize(("lang", "where", "line", "answer", "field"), [
    ("nl", "0 1", "De waterkeringen worden nu handmatig geïnspecteerd; we willen continu weten hoe vochtig en "
                  "stabiel de dijk is — is dat realistisch?",
     "De waterkeringen worden nu handmatig geïnspecteerd; we willen continu weten hoe vochtig en stabiel de dijk is",
     "need"),
    ("nl", "0 2", "De dijkinspecteurs; de omwonenden — is dat genoeg?", "De dijkinspecteurs; de omwonenden", "who"),
    ("en", "0 1", "Sensors measure moisture; deformation — is that realistic?", "Sensors measure moisture; deformation",
     "need"),
])
def test_a_question_after_a_semicolon_line_gets_the_third_choice(store, settings, lang, where, line, answer, field):
    # the ";" made the line read as a list, whose parts are answers: it was stored whole, question
    # and all, with no choice (without the ";" the 1/2/3 choice was asked)
    c = make(store, settings, lang=lang)
    c.handle(f"/{'stap' if lang == 'nl' else 'step'} {where}")
    turns = c.handle(line)
    assert kinds(turns) == ["disambiguate"] and turns[0].options == 3
    assert stored(settings).step0.model_dump()[field] == ""
    turns = c.handle("3")  # the answer stored without its question, the question asked
    assert stored(settings).step0.model_dump()[field] == answer
    error = "geen kennisbank" if lang == "nl" else "no knowledge base"
    assert msg("guidance_unavailable", lang, error=error) in [t.text for t in turns]


@pytest.mark.parametrize("line", ["AVG-conform; werkt het offline?; open standaarden",
                                  "AVG-conform; open standaarden; werkt het offline?"])
def test_a_requirement_put_as_a_yes_or_no_in_a_semicolon_line_stays_an_answer(store, settings, line):
    c = make(store, settings)
    c.handle("/stap 3 1")
    turns = c.handle(line)
    assert "disambiguate" not in kinds(turns) and "stored" in kinds(turns)
    texts = [r.text for r in stored(settings).step3.requirements]
    assert any("offline?" in text for text in texts) and len(texts) == 3


@pytest.mark.parametrize(("lang", "reply"), [("nl", "niet nu"), ("nl", "Niet nu."), ("nl", "nu niet"), ("en", "not now"),
                                             ("en", "Not right now")])
def test_not_now_at_a_yes_or_no_question_is_a_no(store, settings, lang, reply):
    # "niet nu" to a yes or no ("Moet de oplossing nu al …?") is an answer: read as a deferral,
    # nothing was stored and the question stayed open
    c = make(store, settings, lang=lang)
    c.handle(f"/{'stap' if lang == 'nl' else 'step'} 0 7")
    assert c.pending.kind == "bool"
    turns = c.handle(reply)
    assert "stored" in kinds(turns)
    assert stored(settings).step0.preconditions.mandate.ok is False


@pytest.mark.parametrize(("where", "reply"), [("1 1", "niet nu"), ("5 1", "not now"), ("1 1", "Not right now")])
def test_not_now_at_a_question_that_is_no_yes_or_no_puts_it_off(store, settings, where, reply):
    c = make(store, settings)
    c.handle(f"/stap {where}")
    before = stored(settings)
    turns = c.handle(reply)
    assert "stored" not in kinds(turns)
    assert stored(settings).model_dump(exclude={"project"}) == before.model_dump(exclude={"project"})


@pytest.mark.parametrize("reply", ["later", "kom ik op terug", "I'll come back to it", "weet ik niet"])
def test_a_deferral_that_is_no_yes_or_no_stays_one_at_a_yes_or_no_question(store, settings, reply):
    c = make(store, settings)
    c.handle("/stap 0 7")
    assert "stored" not in kinds(c.handle(reply))
    assert stored(settings).step0.preconditions.mandate.ok is None


@pytest.mark.parametrize("word", ["Voorbeelden", "Uitleg", "Toelichting", "Example"])
def test_a_lone_request_word_at_a_list_question_asks_which_was_meant(store, settings, word):
    # at a list question a single word is as often a line as a request: the 1/2 choice decides
    c = make(store, settings)
    c.handle("/stap 1 1")
    assert c.pending.kind == "list"
    turns = c.handle(word)
    assert kinds(turns) == ["disambiguate"]
    c.handle("1")
    assert stored(settings).step1.technologies[-1].name == word


@pytest.mark.parametrize("word", ["Voorbeelden", "Uitleg"])
def test_a_lone_request_word_at_a_text_question_stays_a_request(store, settings, word):
    c = make(store, settings)
    c.handle("/stap 0 1")
    assert c.pending.kind == "text"
    turns = c.handle(word)
    assert not {"stored", "disambiguate"} & set(kinds(turns)) and stored(settings).step0.need == ""


def test_a_digit_the_open_question_takes_at_the_1_or_2_question_is_a_new_answer(store, settings):
    # step 7's form has four choices: "4" at the 1/2 question was refused as "not a choice"
    c = make(store, settings)
    c.handle("/stap 7 1")
    assert kinds(c.handle("een SBIR misschien?")) == ["disambiguate"]
    turns = c.handle("4")
    assert "stored" in kinds(turns) and stored(settings).step7.procedure == "prijsvraag"


@pytest.mark.parametrize("where", ["1 1", "5 1", "8 2"])
@pytest.mark.parametrize("reply", ["nu niet", "Nu niet.", "niet nu"])
def test_not_now_in_either_order_puts_off_a_question_that_is_no_yes_or_no(store, settings, where, reply):
    # "nu niet" at step 8's risks was stored as the answer and closed the required question,
    # where "niet nu" put it off
    c = make(store, settings)
    c.handle(f"/stap {where}")
    assert c.pending.kind != "bool"
    before = stored(settings)
    assert "stored" not in kinds(c.handle(reply))
    assert stored(settings).model_dump(exclude={"project"}) == before.model_dump(exclude={"project"})


@pytest.mark.parametrize(("lang", "line"), [
    ("nl", "trl"), ("nl", "innovatiepartnerschap wat is dat"), ("nl", "verschil sbir en innovatiepartnerschap"),
    ("nl", "op welk platform zet ik de aankondiging, tenderned of negometrix"),
    ("en", "the pilot, how long does that take"),
])
def test_a_question_typed_fast_at_a_required_text_question_is_asked_about_not_stored(store, settings, lang, line):
    # typed at "Wie ervaart deze behoefte?", "trl" stood in the exported record as who experiences it
    c = make(store, settings, lang=lang)
    c.handle("Containers raken onvoorspelbaar vol")
    assert c.pending.id == "who" and c.pending.required and c.pending.kind == "text"
    turns = c.handle(line)
    assert kinds(turns) == ["disambiguate"] and c.awaiting_choice
    assert turns[0].text == msg("which_did_you_mean", lang, text=escape_markdown(line))
    assert stored(settings).step0.who == ""
    c.handle("1")  # an answer after all: stored as typed
    assert stored(settings).step0.who == line


def test_not_knowing_typed_with_a_slip_stores_nothing(store, settings):
    # "weet nie" was stored as who experiences the need, "weet niet" was not
    c = make(store, settings)
    c.handle("Containers raken onvoorspelbaar vol")
    turns = c.handle("weet nie")
    assert not {"stored", "disambiguate"} & set(kinds(turns))
    assert stored(settings).step0.who == "" and c.pending.id != "who"
