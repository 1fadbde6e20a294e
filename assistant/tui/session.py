"""The one place where the terminal app talks to the domain.

`Workspace` lists, creates, renames and deletes projects (the store) and opens a `Session`;
a `Session` passes typed text to the conversation engine, questions to the knowledge base, and
turns the results into view data (`assistant.tui.views`). No Textual here, and no decisions
of its own: what counts as an answer, a question or a command is the engine's business.

Everything here may block (SQLite, search, an LLM): the app calls it from thread workers.
Heavy modules (the knowledge base, torch, chromadb) are imported inside functions only.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from assistant.tui.i18n import t
from assistant.tui.views import (
    ProjectView,
    RecordItem,
    RecordView,
    Reply,
    SourceView,
    StepView,
    TurnView,
)

log = logging.getLogger("assistant.tui")

STEP_NUMBERS = tuple(range(11))

TokenCallback = Callable[[str], None]


# --------------------------------------------------------------------------------------------
# converting domain objects to view data
# --------------------------------------------------------------------------------------------
def sources_from_answer(answer: Any) -> tuple[SourceView, ...]:
    """Numbered sources of a knowledge-base `Answer` (citations: number, passage, quote)."""
    out = []
    for c in getattr(answer, "citations", None) or []:
        passage = c.passage
        out.append(SourceView(c.number, passage.title, passage.section, c.quote or passage.text))
    return tuple(out)


def sources_from_dicts(items: list[dict[str, Any]] | None) -> tuple[SourceView, ...]:
    """Sources as the store keeps them (a list of dicts)."""
    out = []
    for i, d in enumerate(items or [], start=1):
        if not isinstance(d, dict):
            continue
        out.append(SourceView(
            int(d.get("number") or i), str(d.get("title") or d.get("doc") or ""),
            str(d.get("section") or ""), str(d.get("quote") or d.get("text") or ""),
        ))
    return tuple(out)


def turn_from_answer(answer: Any, lang: str) -> TurnView:
    text = answer.text if getattr(answer, "found", True) else (answer.text or t("turn.not_found", lang))
    warnings = [w for w in getattr(answer, "warnings", None) or [] if w]
    if warnings:
        text += "\n\n" + "\n".join(f"> ⚠ {w}" for w in warnings)
    return TurnView("assistant", text, kind="guidance", sources=sources_from_answer(answer))


def step_title(n: int, lang: str) -> str:
    """Short title of step `n` from the step definitions (`prompts/steps`)."""
    try:
        from assistant.plan.steps import load_plan

        return load_plan(lang).step(n).short_title
    except Exception:  # a broken step file must not take the interface down
        log.exception("step titles unavailable")
        return t(f"step.{n}", lang)


# --------------------------------------------------------------------------------------------
# projects
# --------------------------------------------------------------------------------------------
class Workspace:
    """Projects in the store. Construct with an open store (tests) or settings (the app)."""

    def __init__(self, settings, store=None) -> None:
        self.settings = settings
        if store is None:
            from assistant.store import open_store

            store = open_store(settings)
        self.store = store

    @property
    def lang(self) -> str:
        return self.settings.language

    def _progress(self, project_id: int) -> int:
        record = self._record(project_id)
        if record is None:
            return 0
        return sum(1 for n in STEP_NUMBERS if record.status(n) == "done")

    def _record(self, project_id: int):
        from assistant.plan.record import ProjectRecord

        return self.store.load_record(project_id, ProjectRecord)

    def projects(self) -> list[ProjectView]:
        out = []
        for p in self.store.list_projects():
            try:
                done = self._progress(p.id)
            except Exception:
                log.exception("record of project %s unreadable", p.id)
                done = 0
            out.append(ProjectView(p.id, p.name, p.organisation, (p.updated or "")[:10], done, 11))
        return out

    def create(self, name: str, organisation: str = "") -> ProjectView:
        p = self.store.create_project(name, organisation=organisation, language=self.lang)
        return ProjectView(p.id, p.name, p.organisation, (p.updated or "")[:10])

    def rename(self, project_id: int, name: str) -> ProjectView:
        p = self.store.update_project(project_id, name=name)
        return ProjectView(p.id, p.name, p.organisation, (p.updated or "")[:10])

    def delete(self, project_id: int) -> None:
        self.store.delete_project(project_id)

    def find(self, name: str) -> ProjectView | None:
        p = self.store.find_project(name)
        return ProjectView(p.id, p.name, p.organisation, (p.updated or "")[:10]) if p else None

    def last_project(self) -> ProjectView | None:
        projects = self.store.list_projects()
        if not projects:
            return None
        p = projects[0]
        return ProjectView(p.id, p.name, p.organisation, (p.updated or "")[:10])

    def open(self, project_id: int, kb=None, answerer=None) -> Session:
        return Session(self, self.store.get_project(project_id), kb=kb, answerer=answerer)


# --------------------------------------------------------------------------------------------
# one open project
# --------------------------------------------------------------------------------------------
class Session:
    """An open project: its conversation, record and steps, as view data."""

    def __init__(self, workspace: Workspace, project, kb=None, answerer=None) -> None:
        self.workspace = workspace
        self.project = project
        self.kb = kb
        self.answerer = answerer
        self.engine = None
        self.current_step = 0

    # --- the domain objects ----------------------------------------------------------
    @property
    def lang(self) -> str:
        return self.workspace.lang

    @property
    def name(self) -> str:
        return self.project.name

    def set_knowledge(self, kb=None, answerer=None) -> None:
        if kb is not None:
            self.kb = kb
        if answerer is not None:
            self.answerer = answerer
        if self.engine is not None and hasattr(self.engine, "set_knowledge"):
            self.engine.set_knowledge(kb=self.kb, answerer=self.answerer)

    def record(self):
        from assistant.plan.record import ProjectRecord, new_record

        rec = self.workspace.store.load_record(self.project.id, ProjectRecord)
        return rec if rec is not None else new_record(
            title=self.project.name, organisation=self.project.organisation, language=self.lang)

    # --- views -----------------------------------------------------------------------
    def history(self) -> list[TurnView]:
        out = []
        for st in self.workspace.store.turns(self.project.id):
            role = "user" if st.role == "user" else "assistant"
            out.append(TurnView(role, st.text, kind=st.kind, step=st.step,
                                sources=sources_from_dicts(st.sources)))
        return out

    def steps(self) -> list[StepView]:
        record = self.record()
        warnings = self._warnings_by_step(record)
        return [
            StepView(n, step_title(n, self.lang), record.status(n), len(warnings.get(n, [])),
                     current=(n == self.current_step))
            for n in STEP_NUMBERS
        ]

    def record_view(self, step: int | None = None) -> RecordView:
        from assistant.plan.record import format_value, is_filled

        n = self.current_step if step is None else step
        record = self.record()
        model = record.step(n)
        items = []
        for name in type(model).model_fields:
            value = getattr(model, name)
            if not is_filled(value):
                continue
            items.append(RecordItem(self._field_label(f"step{n}.{name}", name), format_value(value, self.lang)))
        checks = tuple(self._warnings_by_step(record).get(n, []))
        return RecordView(n, step_title(n, self.lang), tuple(items), checks)

    def _field_label(self, path: str, fallback: str) -> str:
        try:
            from assistant.export.labels import field_label

            return field_label(path, self.lang)
        except Exception:
            return fallback.replace("_", " ")

    def _warnings_by_step(self, record) -> dict[int, list[str]]:
        """Open checks per step (the checks are the domain's; export knows how to read them)."""
        try:
            from assistant.export.build import open_checks

            out: dict[int, list[str]] = {}
            for check in open_checks(record, self.lang):
                step = check.step if isinstance(check.step, int) else self.current_step
                out.setdefault(step, []).append(check.message)
            return out
        except Exception:
            log.exception("checks failed")
            return {}

    # --- acting ----------------------------------------------------------------------
    def start(self) -> Reply:
        """Open the project: past turns, or the engine's opening words for a new one."""
        history = self.history()
        reply = Reply(turns=history)
        engine = self._engine()
        if engine is not None:
            try:
                opening = engine.start() if hasattr(engine, "start") else []
                reply.turns += [self._turn_view(x) for x in opening or []]
            except Exception:
                log.exception("engine start failed")
            self._sync_step()
        reply.steps = self.steps()
        reply.record = self.record_view()
        reply.current_step = self.current_step
        return reply

    def handle(self, text: str, on_token: TokenCallback | None = None) -> Reply:
        """One typed input. Returns the new turns (not the user's own; the app shows that)."""
        engine = self._engine()
        reply = Reply()
        if engine is not None:
            result = engine.handle(text)
            for item in self._turns_of(result):
                tv = self._turn_view(item)
                if tv.role == "user":
                    continue
                reply.turns.append(tv)
            self._sync_step()
        else:
            reply.turns.append(self.ask(text, on_token))
        reply.steps = self.steps()
        reply.record = self.record_view()
        reply.current_step = self.current_step
        return reply

    def jump(self, step: int) -> Reply:
        engine = self._engine()
        if engine is not None:
            result = engine.handle(f"/stap {step}" if self.lang == "nl" else f"/step {step}")
            reply = Reply(turns=[tv for tv in map(self._turn_view, self._turns_of(result)) if tv.role != "user"])
            self._sync_step()
        else:
            self.current_step = step
            reply = Reply()
        reply.steps = self.steps()
        reply.record = self.record_view()
        reply.current_step = self.current_step
        return reply

    def ask(self, question: str, on_token: TokenCallback | None = None) -> TurnView:
        return ask_guidance(self.kb, question, self.lang, answerer=self.answerer, on_token=on_token)

    def export(self, fmt: str, path) -> Any:
        from assistant.export import export_record

        return export_record(self.record(), fmt, path, lang=self.lang)

    # --- engine glue -----------------------------------------------------------------
    def _engine(self):
        if self.engine is not None:
            return self.engine
        try:
            from assistant.plan import engine as engine_mod
        except ImportError:
            return None
        try:
            self.engine = engine_mod.Conversation(
                self.workspace.store, self.project.id, kb=self.kb, answerer=self.answerer,
                lang=self.lang)
        except Exception:
            log.exception("conversation engine could not start")
            self.engine = None
        return self.engine

    def _sync_step(self) -> None:
        step = getattr(self.engine, "current_step", None)
        if isinstance(step, int):
            self.current_step = step

    @staticmethod
    def _turns_of(result) -> list:
        if result is None:
            return []
        if isinstance(result, (list, tuple)):
            return list(result)
        turns = getattr(result, "turns", None)
        return list(turns) if turns is not None else [result]

    def _turn_view(self, turn) -> TurnView:
        if isinstance(turn, TurnView):
            return turn
        role = "user" if getattr(turn, "role", "assistant") == "user" else "assistant"
        answer = getattr(turn, "answer", None)
        if answer is not None:
            sources = sources_from_answer(answer)
        else:
            raw = getattr(turn, "sources", None) or getattr(turn, "citations", None) or []
            sources = sources_from_dicts(raw) if raw and isinstance(raw[0], dict) else sources_from_answer(
                type("A", (), {"citations": raw})())
        return TurnView(role, getattr(turn, "text", str(turn)), kind=getattr(turn, "kind", "message"),
                        step=getattr(turn, "step", None), sources=sources)


def ask_guidance(kb, question: str, lang: str, answerer=None, on_token: TokenCallback | None = None) -> TurnView:
    """A question to the guidance: the answerer (an LLM, or the knowledge base itself)."""
    target = answerer if answerer is not None else kb
    if target is None:
        return TurnView("assistant", t("error.kb_not_ready", lang), kind="error")
    if on_token is not None:
        try:
            answer = target.ask(question, lang=lang, on_token=on_token)
        except TypeError:  # an answerer that does not stream
            answer = target.ask(question, lang=lang)
    else:
        answer = target.ask(question, lang=lang)
    return turn_from_answer(answer, lang)
