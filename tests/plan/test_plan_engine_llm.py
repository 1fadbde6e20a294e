"""The conversation with a language model (issue 6): one answer filling several fields through a
proposal the user confirms, edits or declines, and "Stel voor" drafts; nothing is written before
confirmation, a pending proposal survives a restart, and a failing model never loses an answer."""

from __future__ import annotations

import time

import pytest
from fakes import StandInServer, closed_port, tool_model, tool_reply
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from assistant.plan import record as rec
from assistant.export import export_record
from assistant.llm.extraction import ModelProposalMaker
from assistant.plan.conversation import Conversation, Turn
from assistant.services.conversation import open_conversation
from assistant.plan.command_syntax import parse_command
from assistant.plan.intent import resolve_confirmation
from assistant.core.settings import LLMSettings
from assistant.store import Store

NAME = "Slimme afvalinzameling"
ANSWER = (
    "Het systeem moet AVG-conform zijn. We hebben maximaal 250.000 euro en willen binnen een "
    "jaar een werkend prototype."
)


def make(store, settings, model=None, **kw) -> Conversation:
    if model is None:  # the chat model is built from the settings, if they name one
        return open_conversation(settings, store, NAME, lang=kw.pop("lang", None), guidance=None, **kw)
    return Conversation(store, NAME, proposer=ModelProposalMaker(model), exporter=export_record,
                        exports_dir=settings.data_path / "exports", **kw)


def kinds(turns: list[Turn]) -> list[str]:
    return [t.kind for t in turns]


def on_disk(settings) -> rec.ProjectRecord:
    """The record as another process would see it."""
    with Store(settings.database_path) as other:
        project = other.find_project(NAME)
        return other.load_record(project.id, rec.ProjectRecord)


def state_on_disk(settings):
    with Store(settings.database_path) as other:
        return other.get_state(other.find_project(NAME).id)


def step3_reply(**overrides):
    fields = {
        "step3__requirements": [{"text": "AVG-conform", "aspect": "juridisch", "kind": "randvoorwaarde"}],
        "step3__budget_ceiling": "€ 250.000",
        "step3__timeline": "werkend prototype binnen een jaar",
    }
    fields.update(overrides)
    return tool_reply("StepAnswer", fields)


def at_step3(store, settings, model) -> Conversation:
    c = make(store, settings, model)
    c.start()
    c.handle("/stap 3")
    assert c.pending.field == "step3.requirements"
    return c


def proposed(store, settings, *replies) -> tuple[Conversation, list[Turn]]:
    model = tool_model(*(replies or (step3_reply(),)))
    c = at_step3(store, settings, model)
    turns = c.handle(ANSWER)
    return c, turns


# --- one answer, several fields -----------------------------------------------------------------
def test_a_multi_field_answer_is_proposed_and_nothing_written_until_yes(store, settings):
    c, turns = proposed(store, settings)
    assert kinds(turns) == ["proposal"]
    text = turns[0].text
    assert "nog niets opgeslagen" in text
    assert "1. **Waar moeten het traject" in text and "AVG-conform (juridisch, randvoorwaarde)" in text
    assert "2. " in text and "€ 250.000" in text and "3. " in text and "binnen een jaar" in text
    assert "`ja`" in text and "`nee`" in text and "`1,3`" in text and "/wijzig N tekst" in text
    # nothing written, the proposal waits in the stored state
    disk = on_disk(settings)
    assert disk.step3.requirements == [] and disk.step3.budget_ceiling == "" and disk.step3.timeline == ""
    assert "proposal" in state_on_disk(settings).data and c.awaiting_confirmation
    # the model saw the step's open questions, the answer fenced
    user = c.proposals.maker.chat_model.seen[0][1].content
    assert "step3__budget_ceiling" in user and "step3__expertise" in user and ANSWER in user

    turns = c.handle("ja")
    assert kinds(turns) == ["stored", "ask"]
    assert "Opgeslagen (3)" in turns[0].text
    disk = on_disk(settings)
    assert [r.text for r in disk.step3.requirements] == ["AVG-conform"]
    assert disk.step3.requirements[0].aspect is rec.Aspect.LEGAL
    assert disk.step3.budget_ceiling == "€ 250.000"
    assert disk.step3.timeline == "werkend prototype binnen een jaar"
    # on to the first question still open (the budget is already filled in)
    assert c.pending.id == "pm_funding" and not c.awaiting_confirmation
    assert "proposal" not in state_on_disk(settings).data
    # the user's answer and choice are in the conversation, in order
    tail = [(t.role, t.kind) for t in c.history()[-5:]]
    assert tail == [("user", "answer"), ("assistant", "proposal"), ("user", "choice"),
                    ("assistant", "stored"), ("assistant", "ask")]


def test_no_stores_only_the_typed_answer_to_the_pending_question(store, settings):
    c, _ = proposed(store, settings)
    turns = c.handle("nee")
    assert kinds(turns) == ["stored", "info", "ask"] and c.pending.id == "requirements"  # waits for more
    disk = on_disk(settings)
    assert [r.text for r in disk.step3.requirements] == [ANSWER]
    assert disk.step3.budget_ceiling == "" and disk.step3.timeline == ""
    c.handle("")
    assert c.pending.id == "budget_ceiling"  # the usual next question, after an empty input


def test_partial_acceptance_by_number(store, settings):
    c, _ = proposed(store, settings)
    turns = c.handle("1")
    assert kinds(turns) == ["stored", "ask"]
    disk = on_disk(settings)
    assert [r.text for r in disk.step3.requirements] == ["AVG-conform"]
    assert disk.step3.budget_ceiling == "" and disk.step3.timeline == ""
    assert c.pending.id == "budget_ceiling"


def test_accepting_only_other_fields_asks_the_pending_question_again(store, settings):
    c, _ = proposed(store, settings)
    turns = c.handle("2, 3")
    disk = on_disk(settings)
    assert disk.step3.requirements == [] and disk.step3.budget_ceiling == "€ 250.000"
    assert disk.step3.timeline == "werkend prototype binnen een jaar"
    assert kinds(turns) == ["stored", "ask"] and c.pending.id == "requirements"


def test_a_number_out_of_range_keeps_the_proposal(store, settings):
    c, _ = proposed(store, settings)
    turns = c.handle("1,7")
    assert kinds(turns) == ["error", "proposal"] and "Voorstel 7 bestaat niet" in turns[0].text
    assert c.awaiting_confirmation and on_disk(settings).step3.requirements == []


def test_edit_a_proposed_value_then_accept(store, settings):
    c, _ = proposed(store, settings)
    turns = c.handle("/wijzig 2 € 300.000")
    assert kinds(turns) == ["info", "proposal"] and "€ 300.000" in turns[1].text
    assert on_disk(settings).step3.budget_ceiling == ""  # still nothing written
    turns = c.handle("/wijzig 1 AVG-conform verwerken (data)")
    assert "AVG-conform verwerken (data" in turns[1].text
    turns = c.handle("/verwijder 3")
    assert "binnen een jaar" not in turns[-1].text
    c.handle("ja")
    disk = on_disk(settings)
    assert disk.step3.budget_ceiling == "€ 300.000" and disk.step3.timeline == ""
    assert [(r.text, r.aspect) for r in disk.step3.requirements] == [("AVG-conform verwerken", rec.Aspect.DATA)]


def test_the_proposal_survives_a_restart(store, settings):
    c, _ = proposed(store, settings)
    c.handle("/wijzig 2 € 300.000")
    del c
    with Store(settings.database_path) as other:
        again = open_conversation(settings, other, NAME, lang=None, guidance=None)  # no model needed to confirm
        turns = again.start()
        assert kinds(turns) == ["welcome", "proposal"] and "€ 300.000" in turns[1].text
        assert again.awaiting_confirmation and again.pending.id == "requirements"
        turns = again.handle("ja")
        assert kinds(turns) == ["stored", "ask"]
    disk = on_disk(settings)
    assert disk.step3.budget_ceiling == "€ 300.000" and [r.text for r in disk.step3.requirements] == ["AVG-conform"]


def test_unclear_reply_asks_again_and_help_keeps_the_proposal(store, settings):
    c, _ = proposed(store, settings)
    turns = c.handle("misschien later")
    assert kinds(turns) == ["info", "proposal"] and c.awaiting_confirmation
    turns = c.handle("/help")
    assert kinds(turns) == ["help", "ask", "proposal"] and c.awaiting_confirmation
    assert on_disk(settings).step3.requirements == []


def test_navigating_away_drops_the_proposal_without_writing(store, settings):
    c, _ = proposed(store, settings)
    turns = c.handle("/volgende")
    assert turns[0].kind == "info" and "vervallen" in turns[0].text
    assert not c.awaiting_confirmation and "proposal" not in state_on_disk(settings).data
    disk = on_disk(settings)
    assert disk.step3.requirements == [] and disk.step3.budget_ceiling == ""


def test_the_typed_answer_is_added_when_the_model_leaves_the_pending_question_out(store, settings):
    reply = tool_reply("StepAnswer", {"step3__budget_ceiling": "€ 250.000"})
    c, turns = proposed(store, settings, reply)
    assert kinds(turns) == ["proposal"]
    assert "1. **Waar moeten het traject" in turns[0].text and "2. **" in turns[0].text
    c.handle("ja")
    disk = on_disk(settings)
    assert [r.text for r in disk.step3.requirements] == [ANSWER] and disk.step3.budget_ceiling == "€ 250.000"


def test_a_proposal_for_the_pending_question_only_is_stored_as_typed(store, settings):
    reply = tool_reply("StepAnswer", {"step3__requirements": [{"text": "AVG"}]})
    c, turns = proposed(store, settings, reply)
    assert kinds(turns) == ["stored", "info", "ask"]
    assert [r.text for r in on_disk(settings).step3.requirements] == [ANSWER]


def test_short_answers_do_not_ask_the_model(store, settings):
    model = tool_model()
    c = at_step3(store, settings, model)
    c.handle("/volgende")
    turns = c.handle("€ 250.000")
    assert kinds(turns) == ["stored", "ask"] and model.seen == []


# --- failures: stored as typed, with a notice ------------------------------------------------------
@pytest.mark.parametrize("reply", [
    tool_reply("StepAnswer", {"step3__requirements": "geen lijst", "step3__budget_ceiling": {"bedrag": 1}}),
    tool_reply("SomethingElse", {"x": 1}),
])
def test_malformed_model_output_falls_back_to_storing_as_typed(store, settings, reply):
    c, turns = proposed(store, settings, reply)
    assert kinds(turns) == ["info", "stored", "info", "ask"]
    assert "taalmodel" in turns[0].text and "onleesbaar" in turns[0].text and "\n" not in turns[0].text
    disk = on_disk(settings)
    assert [r.text for r in disk.step3.requirements] == [ANSWER] and disk.step3.budget_ceiling == ""
    assert not c.awaiting_confirmation and c.pending.id == "requirements"  # the list waits for more


def test_a_model_that_raises_falls_back_to_storing_as_typed(store, settings):
    model = FakeListChatModel(responses=["x"])

    def boom(*args, **kwargs):
        raise ConnectionRefusedError(111, "Connection refused")

    object.__setattr__(model, "invoke", boom)
    c = at_step3(store, settings, model)
    turns = c.handle(ANSWER)
    assert kinds(turns) == ["info", "stored", "info", "ask"] and "niet bereiken" in turns[0].text
    assert [r.text for r in on_disk(settings).step3.requirements] == [ANSWER]


def test_configured_server_down_falls_back_and_drafting_says_why(store, settings):
    settings = settings.model_copy(update={"llm": LLMSettings(
        provider="openai", base_url=f"http://127.0.0.1:{closed_port()}/v1", model="stand-in", timeout_s=5)})
    c = open_conversation(settings, store, NAME, lang=None, guidance=None)  # the chat model is built from the settings
    c.start()
    c.handle("/stap 3")
    turns = c.handle(ANSWER)
    assert kinds(turns) == ["info", "stored", "info", "ask"] and "niet bereiken" in turns[0].text
    assert [r.text for r in on_disk(settings).step3.requirements] == [ANSWER]
    turns = c.handle("/stelvoor")
    assert turns[0].kind == "error" and "niet bereiken" in turns[0].text


def test_a_server_that_does_not_answer_is_left_alone_for_a_while(store, settings):
    # each answer waited a whole timeout (a minute) for a server that never replied
    def silent(handler, body):
        time.sleep(2.0)

    with StandInServer(silent) as server:
        settings = settings.model_copy(update={"llm": LLMSettings(
            provider="openai", base_url=server.base_url, model="stand-in", timeout_s=0.5)})
        c = open_conversation(settings, store, NAME, lang=None, guidance=None)
        c.start()
        c.handle("/stap 3")
        turns = c.handle(ANSWER)
        assert "time-out" in turns[0].text
        asked = len(server.requests)
        started = time.monotonic()
        turns = c.handle("Nog een eis die we stellen aan de oplossing")
        assert "tot " in turns[0].text and "niet opnieuw gevraagd" in turns[0].text
        turns = c.handle("En een derde eis voor de oplossing")
        assert not any("taalmodel" in t.text for t in turns)  # said once
        assert len(server.requests) == asked and time.monotonic() - started < 0.5
    assert [r.text for r in on_disk(settings).step3.requirements] == [
        ANSWER, "Nog een eis die we stellen aan de oplossing", "En een derde eis voor de oplossing"]


def test_escape_while_the_model_fills_the_fields_stops_it_and_stores_the_answer_as_typed(store, settings):
    # Escape did nothing while the model was asked which fields an answer fills: the app said
    # "antwoord afbreken…" until the timeout, a minute later
    import threading

    def hanging(handler, body):
        time.sleep(20.0)

    cancel = threading.Event()
    with StandInServer(hanging) as server:
        settings = settings.model_copy(update={"llm": LLMSettings(
            provider="openai", base_url=server.base_url, model="stand-in", timeout_s=30)})
        c = open_conversation(settings, store, NAME, lang=None, guidance=None)
        c.start()
        c.handle("/stap 3")
        threading.Timer(0.5, cancel.set).start()
        started = time.monotonic()
        turns = c.handle(ANSWER, cancel=cancel)
        assert time.monotonic() - started < 10  # building the model takes a few seconds on a busy machine
    assert "Afgebroken" in turns[0].text and "zoals getypt" in turns[0].text
    assert [r.text for r in on_disk(settings).step3.requirements] == [ANSWER]


def test_a_configured_but_unusable_model_is_noted_once(store, settings):
    settings = settings.model_copy(update={"llm": LLMSettings(provider="openai", base_url="http://127.0.0.1:9/v1")})
    c = open_conversation(settings, store, NAME, lang=None, guidance=None)
    c.start()
    c.handle("/stap 3")
    turns = c.handle(ANSWER)
    assert kinds(turns) == ["info", "stored", "info", "ask"] and "modelnaam" in turns[0].text.lower()
    turns = c.handle("Nog een eis die we stellen aan de oplossing")
    assert kinds(turns) == ["stored"]  # the list's later lines: no note, no hint and question again


# --- Stel voor ------------------------------------------------------------------------------------
def test_suggest_without_a_language_model_says_how_to_configure_one(store, settings):
    c = make(store, settings)
    c.start()
    for command in ("/stelvoor", "/suggest criteria"):
        turns = c.handle(command)
        assert kinds(turns) == ["error", "ask"]
        assert "taalmodel" in turns[0].text
        assert "--llm openai --llm-base-url URL --llm-model" in turns[0].text
        assert "STAPPENPLAN_LLM_PROVIDER" in turns[0].text


def test_suggest_drafts_criteria_from_the_requirements_and_stores_the_accepted(store, settings):
    drafts = tool_reply("DraftEntries", {"items": [
        {"text": "Minder ritten", "target": "25% minder ritten binnen 6 maanden", "requirement": "1"},
        {"text": "Privacy geborgd", "target": "0 datalekken in de pilot"},
        {"text": "Tevreden bewoners", "target": "8 of hoger"},
    ]})
    model = tool_model(drafts)
    c = make(store, settings, model)
    c.start()
    c.handle("/stap 3")
    c.handle("Minder rijbewegingen")  # two words: stored as typed, the model is not asked
    c.handle("/stap 4")
    assert c.pending.field == "step4.criteria"
    turns = c.handle("/stel voor")
    assert kinds(turns) == ["proposal"]
    text = turns[0].text
    assert "concept" in text and text.count("_(concept)_") == 3
    assert "1. Minder ritten" in text and "3. Tevreden bewoners" in text
    assert on_disk(settings).step4.criteria == []
    assert "Minder rijbewegingen" in model.seen[-1][1].content  # drafted from the step-3 requirements

    turns = c.handle("1,3")
    assert kinds(turns) == ["stored", "ask"]
    criteria = on_disk(settings).step4.criteria
    assert [x.text for x in criteria] == ["Minder ritten", "Tevreden bewoners"]
    assert criteria[0].requirement_id == on_disk(settings).step3.requirements[0].id
    assert "concept" not in turns[0].text
    assert c.pending.field == "step4.criteria"  # the list question again, with its entries
    assert "Al ingevuld (2)" in turns[1].text


def test_suggest_declined_stores_nothing(store, settings):
    model = tool_model(tool_reply("DraftEntries", {"items": [{"text": "Minder ritten", "target": "25%"}]}))
    c = make(store, settings, model, lang="en")
    c.start()
    c.handle("/step 4")
    turns = c.handle("/draft criteria")
    assert kinds(turns) == ["proposal"] and "_(draft)_" in turns[0].text
    turns = c.handle("no")
    assert kinds(turns) == ["info", "ask"] and "nothing was stored" in turns[0].text
    assert on_disk(settings).step4.criteria == []


def test_suggest_for_a_field_that_is_not_a_list(store, settings):
    c = make(store, settings, tool_model())
    c.start()
    c.handle("/stap 3")
    turns = c.handle("/stelvoor budget")
    # it listed `requirements`, an internal name; now the question's number and label
    assert turns[0].kind == "error" and "stap: vraag 1 (Waar moeten het traject" in turns[0].text
    assert "requirements" not in turns[0].text and "`/stelvoor 1`" in turns[0].text
    # the number it names is taken, and so is the internal name still: both go to the model
    # (this one has no reply, so drafting fails), not back to the list of lists
    for command in ("/stelvoor 1", "/stelvoor requirements"):
        said = c.handle(command)[0].text
        assert "Lijsten in deze stap" not in said and "faalde" in said


def test_suggest_for_a_field_that_is_not_a_list_in_english(store, settings):
    c = make(store, settings, tool_model(), lang="en")
    c.start()
    c.handle("/step 3")
    turns = c.handle("/suggest budget")
    assert turns[0].kind == "error" and "step: question 1 (" in turns[0].text
    assert "requirements" not in turns[0].text and "`/suggest 1`" in turns[0].text


@pytest.mark.parametrize(("lang", "command", "step", "named", "said"), [
    ("nl", "/stelvoor", 0, 1, "Stap 1 (Verken nieuwe technologieën) heeft er een: ga erheen met `/stap 1` en typ daar `/stelvoor`."),
    ("en", "/suggest", 0, 1, "Step 1 (Explore new technologies) has one: go there with `/step 1` and type `/suggest` there."),
    ("en", "/suggest", 7, 8, "Step 8 (Run the development trajectory) has one: go there with `/step 8`"),
])
def test_suggest_in_a_step_without_a_list_names_a_step_with_one(store, settings, lang, command, step, named, said):
    # it said "for example /stelvoor step4.criteria", a field name the user never sees
    model = tool_model(tool_reply("DraftEntries", {"items": [{"name": "Vulgraadsensoren"}, {"text": "Sensoren"}]}))
    c = make(store, settings, model, lang=lang)
    c.start()
    c.handle(f"/stap {step}")
    turns = c.handle(command)
    assert turns[0].kind == "error" and said in turns[0].text and "step4.criteria" not in turns[0].text
    c.handle(f"/stap {named}")
    c.handle(command)
    assert c.awaiting_confirmation  # what it said to do drafts there


def test_suggest_with_malformed_output_says_so(store, settings):
    model = tool_model(tool_reply("DraftEntries", {"items": "geen lijst"}))
    c = make(store, settings, model)
    c.start()
    c.handle("/stap 4")
    turns = c.handle("/stelvoor")
    assert kinds(turns) == ["error", "ask"] and "onleesbaar" in turns[0].text
    assert not c.awaiting_confirmation


# --- parsing --------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, expected", [
    ("ja", "all"), ("Yes!", "all"), ("nee", "none"), ("no", "none"), ("1", [1]), ("1,3", [1, 3]),
    ("1, 3", [1, 3]), ("1 en 3", [1, 3]), ("2-4", [2, 3, 4]), ("3 1 3", [3, 1]),
    ("misschien", None), ("12 stuks", None), ("", None),
])
def test_confirmation_replies(text, expected):
    assert resolve_confirmation(text) == expected


@pytest.mark.parametrize("text, arg", [
    ("/stelvoor", ""), ("/stel-voor criteria", "criteria"), ("/stel voor criteria", "criteria"),
    ("/suggest step4.criteria", "step4.criteria"), ("/draft", ""),
])
def test_suggest_command_aliases(text, arg):
    command = parse_command(text)
    assert command is not None and (command.name, command.arg) == ("draft", arg)


def test_help_lists_suggest(store, settings):
    c = make(store, settings)
    c.start()
    assert "/stelvoor" in c.handle("/help")[0].text
    en = open_conversation(settings, store, "Other", lang="en", guidance=None)
    en.start()
    assert "/suggest" in en.handle("/help")[0].text
