"""The conversation's rooms (issue 24): what `handle` says changed, the typed state as the
store keeps it, the one command table, the ports it gets its guidance and language model
through, and that the plan imports nothing above it."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import threading

import pytest
from fakes import tool_model, tool_reply

from assistant.core.settings import LLMSettings
from assistant.export import export_record
from assistant.knowledge.types import Answer, Chunk, Citation, Passage
from assistant.llm.extraction import ModelProposalMaker
from assistant.plan import proposals as props
from assistant.plan.conversation import Conversation, Outcome
from assistant.plan.conversation.commands import Commands
from assistant.plan.conversation.state import ConversationData
from assistant.plan.command_syntax import COMMAND_ALIASES
from assistant.plan.ports import GuidanceReply
from assistant.services.conversation import open_conversation
from assistant.store import Store

NAME = "Slimme afvalinzameling"


def stored_state(settings) -> dict:
    with Store(settings.database_path) as other:
        return other.get_state(other.find_project(NAME).id).data


# --- what changed ---------------------------------------------------------------------------------
def test_handle_says_what_changed(store, settings):
    c = open_conversation(settings, store, NAME, lang=None, guidance=None)
    c.start()
    answered = c.handle("Containers raken onvoorspelbaar vol")
    assert isinstance(answered, Outcome)
    assert answered.record_changed and answered.pending_changed and not answered.step_changed
    helped = c.handle("/help")
    assert not (helped.record_changed or helped.pending_changed or helped.step_changed)
    assert [t.kind for t in helped.turns] == ["help", "ask"]
    moved = c.handle("/stap 3")
    assert moved.step_changed and moved.pending_changed and not moved.record_changed
    jumped = c.goto(5)
    assert jumped.step_changed and c.current_step == 5


def test_a_choice_awaited_is_a_change_of_what_is_pending(store, settings):
    c = open_conversation(settings, store, NAME, lang=None, guidance=None)
    c.start()
    asked = c.handle("Hoe kunnen we fietsers sneller laten doorrijden?")
    assert [t.kind for t in asked] == ["disambiguate"]
    assert asked.pending_changed and not asked.record_changed and c.awaiting_choice


# --- the state as stored --------------------------------------------------------------------------
STORED_SHAPES = [
    {},
    {"last_list": "step1.technologies"},
    {"ambiguous": "Hoe kunnen we fietsers sneller laten doorrijden?"},
    {"refill": {"field": "step2.assessments.a1b2c3d4.trl", "part": "trl", "entry": "RPA"}, "last_list": "step2.assessments"},
    {"proposal": {"kind": "extract", "step": 3, "question_id": "requirements", "field": "step3.requirements",
                  "answer": "Het systeem moet AVG-conform zijn.", "changes": [], "warnings": ["x"], "draft": False},
     "future_key": [1, 2]},
    {"last_list": 3, "refill": {"part": "trl"}},  # shapes this version cannot use: kept as they were
]


@pytest.mark.parametrize("data", STORED_SHAPES)
def test_the_state_reads_and_writes_the_stored_json_unchanged(data):
    assert ConversationData.from_json(json.loads(json.dumps(data))).to_json() == data


def test_a_pending_proposal_is_stored_as_before(store, settings):
    model = tool_model(tool_reply("StepAnswer", {
        "step3__requirements": [{"text": "AVG-conform", "aspect": "juridisch", "kind": "randvoorwaarde"}],
        "step3__budget_ceiling": "€ 250.000"}))
    c = Conversation(store, NAME, proposer=ModelProposalMaker(model), exporter=export_record,
                     exports_dir=settings.data_path / "exports")
    c.start()
    c.handle("/stap 3")
    c.handle("Het systeem moet AVG-conform zijn en we hebben maximaal 250.000 euro.")
    stored = stored_state(settings)["proposal"]
    assert list(stored) == ["kind", "step", "question_id", "field", "answer", "changes", "warnings", "draft"]
    assert stored["kind"] == props.EXTRACT and stored["step"] == 3 and stored["question_id"] == "requirements"
    assert [ch["path"] for ch in stored["changes"]] == ["step3.requirements", "step3.budget_ceiling"]
    # read back by another conversation, it is the same proposal
    again = Conversation(store, NAME)
    assert again.data.proposal is not None and again.data.proposal.to_json() == stored


# --- commands ---------------------------------------------------------------------------------------
def test_every_command_word_has_a_handler_in_the_table(store, settings):
    c = open_conversation(settings, store, NAME, lang=None, guidance=None)
    assert set(COMMAND_ALIASES.values()) == set(Commands(c).table)


@pytest.mark.parametrize("command", ["/dossier", "/help", "/stap 42", "/wijzig", "/begrip", "/onbekend", "/export pdf"])
def test_commands_that_stay_put_ask_the_pending_question_again_the_same_way(store, settings, command):
    # in short, errors or not: in full it filled 80×24 and hid the message
    c = open_conversation(settings, store, NAME, lang=None, guidance=None)
    c.start()
    turns = c.handle(command)
    assert turns[-1].kind == "ask" and turns[-1].question_id == "need"
    error = turns[0].kind == "error"
    assert error == (command not in ("/dossier", "/help", "/begrip"))
    assert turns[-1].text == c.render.reminder_turn(c.pending, back=True).text


# --- the ports --------------------------------------------------------------------------------------
class _RecordingGuidance:
    """A Guidance that answers from one passage and remembers how it was asked."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, object, object]] = []

    def answer(self, question, *, lang, on_token=None, cancel=None):
        self.calls.append((question, on_token, cancel))
        if on_token is not None:
            on_token("Een ")
            on_token("behoefte.")
        chunk = Chunk(id="c1", doc="000", title="Handreiking", section="Stap 0", text="Een behoefte.", step=0)
        citation = Citation(1, Passage(chunk, rank=1, score=1.0), "Een behoefte.")
        return GuidanceReply(Answer(question=question, text="Een behoefte. [1]", citations=[citation], found=True))

    def step_quote(self, query, step):
        return None


def test_the_token_sink_and_cancel_flag_reach_the_guidance(store, settings):
    guidance = _RecordingGuidance()
    c = open_conversation(settings, store, NAME, lang=None, guidance=guidance)
    c.start()
    words: list[str] = []
    cancel = threading.Event()
    turns = c.handle("Wat is een behoefteanalyse?", on_token=words.append, cancel=cancel)
    assert [t.kind for t in turns] == ["guidance", "ask"] and turns[0].citations
    assert guidance.calls == [("Wat is een behoefteanalyse?", words.append, cancel)]
    assert words == ["Een ", "behoefte."]


def test_a_guidance_factory_is_built_once_on_first_use(store, settings):
    built: list[_RecordingGuidance] = []

    def factory():
        built.append(_RecordingGuidance())
        return built[-1]

    c = open_conversation(settings, store, NAME, lang=None, guidance=factory)
    c.start()
    assert len(built) == 1  # the first step's quote
    c.handle("Wat is een behoefteanalyse?")
    c.handle("Wat is een marktconsultatie?")
    assert len(built) == 1 and len(built[0].calls) == 2


def test_an_unbuildable_model_is_said_by_the_proposal_maker():
    maker = ModelProposalMaker(llm=LLMSettings(provider="openai", base_url="http://127.0.0.1:9/v1"))
    reason = maker.unusable()
    assert reason and "model" in reason.lower()
    assert maker.unusable() == reason  # built once: the reason is kept


def test_nothing_found_is_plan_data_that_the_model_layer_uses():
    assert props.nothing_found(props.Proposal(warnings=[props.NOTHING_FOUND["en"]]))
    assert not props.nothing_found(props.Proposal(warnings=["Het taalmodel is niet bereikbaar."]))


def test_the_plan_imports_nothing_above_it():
    code = ("import sys, assistant.plan.conversation, assistant.plan.proposals, assistant.plan.ports; "
            "print(sorted(m for m in sys.modules if m.startswith(('assistant.llm', 'assistant.export', "
            "'assistant.services', 'assistant.tui', 'assistant.cli', 'langchain'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize("module", [
    "plan/conversation/engine.py", "plan/conversation/answers.py", "plan/conversation/guidance.py",
    "plan/conversation/commands.py", "plan/conversation/llm_flow.py", "plan/conversation/render.py",
    "export/build.py", "export/jsonio.py", "services/conversation.py",
])
def test_no_fallbacks_for_our_own_modules(module):
    """Imported at the top, typed: no import inside a function guarded by ImportError, no
    TypeError retries on our own signatures."""
    from pathlib import Path

    import assistant

    tree = ast.parse((Path(assistant.__file__).parent / module).read_text(encoding="utf-8"))
    caught = {ast.unparse(h.type) for h in ast.walk(tree) if isinstance(h, ast.ExceptHandler) and h.type is not None}
    assert not caught & {"ImportError", "TypeError", "AttributeError"}
    inner = [n for f in ast.walk(tree) if isinstance(f, ast.FunctionDef)
             for n in ast.walk(f) if isinstance(n, ast.ImportFrom) and (n.module or "").startswith("assistant.")]
    assert inner == []
