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
import threading
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from assistant.answer import SearchIndex
from assistant.answer.extractive import ExtractiveAnswerer
from assistant.answer.messages import message
from assistant.knowledge.types import QuestionError
from assistant.plan import glossary
from assistant.plan.engine import glossary_note
from assistant.plan.intent import asks_how_to_proceed, parse_command
from assistant.plan.messages import msg
from assistant.core.textsafe import escape_markdown, strip_escapes
from assistant.tui.i18n import t
from assistant.tui.views import (
    CheckGroup,
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
    return TurnView("assistant", with_remarks(text, answer), kind="guidance", sources=sources_from_answer(answer))


def with_remarks(text: str, answer: Any) -> str:
    """An answer's text with its notes ("ℹ Gezocht op …") and warnings ("⚠ …") quoted under it."""
    remarks = [f"> ℹ {n}" for n in getattr(answer, "notes", None) or [] if n]
    remarks += [f"> ⚠ {w}" for w in getattr(answer, "warnings", None) or [] if w]
    return f"{text}\n\n" + "\n".join(remarks) if remarks else text


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

    def rename(self, project_id: int, name: str, organisation: str | None = None) -> ProjectView:
        p = self.store.update_project(project_id, name=name, organisation=organisation)
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
    """An open project: its conversation (the engine), record and steps, as view data."""

    def __init__(self, workspace: Workspace, project, kb=None, answerer=None) -> None:
        self.workspace = workspace
        self.project = project
        self.kb = kb
        self.answerer = answerer
        self._guidance = _GuidanceRelay(self)
        self.engine = None

    # --- the domain objects ----------------------------------------------------------
    @property
    def lang(self) -> str:
        return self.workspace.lang

    @property
    def name(self) -> str:
        return self.project.name

    @property
    def current_step(self) -> int:
        return self._engine().current_step

    def set_knowledge(self, kb=None, answerer=None) -> None:
        """The knowledge base became ready (it is built after the app starts)."""
        if kb is not None:
            self.kb = kb
        if answerer is not None:
            self.answerer = answerer

    def language_changed(self) -> None:
        """Start a fresh engine in the new language on the next call (state is in the store)."""
        self.engine = None

    def _engine(self):
        if self.engine is None:
            from assistant.plan.engine import Conversation

            self.engine = Conversation(
                self.workspace.store, self.project, answerer=self._guidance, lang=self.lang,
                settings=self.workspace.settings, multiline_hint="list_hint_app")
        return self.engine

    def record(self):
        return self._engine().record

    # --- views -----------------------------------------------------------------------
    def steps(self) -> list[StepView]:
        engine = self._engine()
        record = engine.record
        warnings = self._warnings_by_step(record)
        return [
            StepView(n, step_title(n, self.lang), record.status(n), len(warnings.get(n, [])),
                     current=(n == engine.current_step))
            for n in STEP_NUMBERS
        ]

    def record_view(self, step: int | None = None) -> RecordView:
        from pydantic import BaseModel

        from assistant.plan.record import format_value, is_filled

        engine = self._engine()
        n = engine.current_step if step is None else step
        record = engine.record
        model = record.step(n)
        items = []
        for name in type(model).model_fields:
            value = getattr(model, name)
            if not is_filled(value):
                continue
            path = f"step{n}.{name}"
            if isinstance(value, BaseModel) and not hasattr(value, "summary"):
                # a group of fields (preconditions, rights, IP arrangements): each under its own
                # label, not its name in the record ("ownership: …")
                text = "\n".join(f"{self._field_label(f'{path}.{part}', part)}: {format_value(getattr(value, part), self.lang)}"
                                 for part in type(value).model_fields if is_filled(getattr(value, part)))
            else:
                text = format_value(value, self.lang)
            items.append(RecordItem(self._field_label(path, name), text))
        return RecordView(n, step_title(n, self.lang), tuple(items), self._check_groups(record))

    def _check_groups(self, record) -> tuple[CheckGroup, ...]:
        """The open checks of every step, grouped by step: a contradiction between two steps
        often shows in a step other than the one being answered."""
        groups = []
        for step, messages in sorted(self._warnings_by_step(record).items()):
            title = t("checks.step", self.lang, step=step, title=step_title(step, self.lang)) \
                if step in STEP_NUMBERS else t("checks.general", self.lang)
            groups.append(CheckGroup(step if step in STEP_NUMBERS else None, title, tuple(messages)))
        return tuple(groups)

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
                step = check.step if isinstance(check.step, int) else -1
                out.setdefault(step, []).append(check.message)
            return out
        except Exception:
            log.exception("checks failed")
            return {}

    def _reply(self, turns) -> Reply:
        return Reply(
            turns=[tv for tv in map(turn_view, turns or []) if tv.role != "user"],
            steps=self.steps(), record=self.record_view(), current_step=self.current_step,
        )

    # --- acting ----------------------------------------------------------------------
    def start(self) -> Reply:
        """Open the project: the conversation so far, then the engine's opening words. On a
        read-only data folder the greeting is shown unsaved, under it once why nothing is saved."""
        store = self.workspace.store
        history, turns = self._engine().resume(save=store.read_only is None)
        reply = self._reply(turns)
        reply.history = [turn_view(turn) for turn in history]
        if store.read_only is not None:
            reply.turns.append(TurnView("assistant", escape_markdown(store.notice.message(self.lang)), kind="error"))
        return reply

    def handle(self, text: str, on_token: TokenCallback | None = None,
               cancel: threading.Event | None = None) -> Reply:
        """One typed input (answer, question or command); the engine decides which.
        `cancel`, when set, stops a language model's answer that is being streamed."""
        with self._guidance.streaming(on_token, cancel):
            turns = self._engine().handle(text)
        reply = self._reply(turns)
        if self.workspace.store.read_only is not None and any(turn.kind == "error" for turn in turns):
            reply.unsaved_input = text  # the engine said why it was not saved
        return reply

    def jump(self, step: int) -> Reply:
        return self._reply(self._engine().goto(step))

    def export(self, fmt: str, path=None) -> Any:
        return self._engine().export(fmt, path)


class _GuidanceRelay:
    """What the engine sees as its answerer: the app's answerer once the index is ready.

    It also carries the token callback of the input being handled, so that an LLM's answer
    streams into the conversation while the engine waits for it.
    """

    def __init__(self, session: Session) -> None:
        self._session = session
        self._local = threading.local()

    def _target(self):
        kb = self._session.kb
        target = self._session.answerer if self._session.answerer is not None else \
            ExtractiveAnswerer(kb) if isinstance(kb, SearchIndex) else kb
        if target is None:
            raise KnowledgeNotReady(t("error.kb_not_ready", self._session.lang))
        return target

    @contextmanager
    def streaming(self, on_token: TokenCallback | None, cancel: threading.Event | None = None):
        self._local.on_token = on_token
        self._local.cancel = cancel
        try:
            yield
        finally:
            self._local.on_token = None
            self._local.cancel = None

    def ask(self, question: str, **kwargs):
        target = self._target()
        on_token = getattr(self._local, "on_token", None)
        cancel = getattr(self._local, "cancel", None)
        if on_token is not None and "on_token" not in kwargs:
            return _ask_streaming(target, question, on_token, cancel, **kwargs)
        return target.ask(question, **kwargs)

    @property
    def retrieve(self):
        """The search of the knowledge base (for step quotes), or None when there is none."""
        target = self._target()
        found = getattr(target, "retrieve", None) or getattr(getattr(target, "kb", None), "retrieve", None)
        return found if callable(found) else None

    @property
    def quote(self):
        """The knowledge base's choice of a passage's best sentences (for step quotes)."""
        target = self._target()
        kb = getattr(target, "kb", None)
        found = getattr(target, "quote", None) or (ExtractiveAnswerer(kb).quote if isinstance(kb, SearchIndex) else None)
        return found if callable(found) else None


class KnowledgeNotReady(RuntimeError):
    """The index is still being built."""


def turn_view(turn) -> TurnView:
    """A conversation-engine `Turn` as view data."""
    if isinstance(turn, TurnView):
        return turn
    role = "user" if getattr(turn, "role", "assistant") == "user" else "assistant"
    citations = getattr(turn, "citations", None) or []
    answer = getattr(turn, "answer", None)
    if not citations and answer is not None:
        citations = answer.citations
    sources = sources_from_answer(type("Cited", (), {"citations": citations})())
    # a turn stored before model output was cleaned must not reach the terminal either
    text = strip_escapes(getattr(turn, "text", ""))
    if answer is not None:
        text = with_remarks(text, answer)
    return TurnView(role, text, kind=getattr(turn, "kind", "message") or "message",
                    step=getattr(turn, "step", None), sources=sources)


def _ask_streaming(target, question: str, on_token: TokenCallback, cancel: threading.Event | None, **kwargs):
    """`target.ask` with the token callback and cancel event, or with what it accepts of them."""
    for extra in ({"on_token": on_token, "cancel": cancel}, {"on_token": on_token}):
        try:
            return target.ask(question, **extra, **kwargs)
        except TypeError:  # an answerer that cannot be cancelled, or does not stream
            pass
    return target.ask(question, **kwargs)


def ask_guidance(kb, question: str, lang: str, answerer=None, on_token: TokenCallback | None = None,
                 cancel: threading.Event | None = None) -> TurnView:
    """A question to the guidance: the answerer (an LLM, or the knowledge base itself). Without a
    project, "Waar begin ik?" is told how to begin one. `cancel` stops a streamed answer."""
    if asks_how_to_proceed(question):
        return TurnView("assistant", t("how_to_begin", lang), kind="info")
    target = answerer if answerer is not None else ExtractiveAnswerer(kb) if isinstance(kb, SearchIndex) else kb
    if target is None:
        return TurnView("assistant", t("error.kb_not_ready", lang), kind="error")
    try:
        if on_token is not None:
            answer = _ask_streaming(target, question, on_token, cancel, lang=lang)
        else:
            answer = target.ask(question, lang=lang)
    except QuestionError:  # "?" alone: nothing to search for
        return TurnView("assistant", message("empty_question", lang), kind="info")
    view = turn_from_answer(answer, lang)
    if not getattr(answer, "found", True) and (note := glossary_note(question, lang)):
        view = replace(view, text=f"{view.text}\n\n{note}")
    return view


# --------------------------------------------------------------------------------------------
# without a project: commands, and the glossary (which needs no project)
# --------------------------------------------------------------------------------------------
#: Commands that work on a project's conversation or record.
PROJECT_COMMANDS = frozenset({"next", "back", "step", "record", "explain", "export", "edit", "remove", "draft"})


def answer_without_project(kb, text: str, lang: str, answerer=None,
                           on_token: TokenCallback | None = None, *, cancel=None) -> TurnView:
    """Typed text while no project is open: a command is carried out or said to need a project
    (never searched for in the guidance as if it were a question); anything else is a question."""
    command = parse_command(text)
    if command is None:
        return ask_guidance(kb, text, lang, answerer, on_token, cancel=cancel)
    if command.name == "ask":
        if not command.arg:
            return TurnView("assistant", msg("ask_usage", lang), kind="info")
        return ask_guidance(kb, command.arg, lang, answerer, on_token, cancel=cancel)
    if command.name == "term":
        return glossary_card(command.arg, lang) if command.arg else glossary_overview(lang)
    if command.name == "help":
        return TurnView("assistant", t("no_project.help", lang), kind="help")
    if command.name in PROJECT_COMMANDS:
        return TurnView("assistant", t("no_project.command", lang, command=escape_markdown("/" + command.raw)),
                        kind="info")
    return TurnView("assistant", msg("unknown_command", lang, command=escape_markdown("/" + command.raw[:30])),
                    kind="error")


def glossary_names(lang: str) -> list[str]:
    """The names of all glossary terms in `lang`, alphabetically."""
    return sorted((term.name(lang) for term in glossary.load_glossary()), key=str.casefold)


def glossary_card(name: str, lang: str) -> TurnView:
    """The glossary's card for `name`, or that it is not there (with close names)."""
    term = glossary.lookup(name, lang)
    if term is not None:
        return TurnView("assistant", term.render(lang), kind="term")
    text = msg("term_unknown", lang, term=escape_markdown(name[:60]))
    if suggestions := glossary.suggest(name, lang):
        text += " " + msg("term_suggest", lang, terms=", ".join(suggestions))
    return TurnView("assistant", text, kind="info")


def glossary_overview(lang: str) -> TurnView:
    """Every term of the glossary, with how to read one."""
    names = glossary_names(lang)
    lines = [t("glossary.overview", lang, n=len(names)), ""]
    lines += [f"- {escape_markdown(name)}" for name in names]
    return TurnView("assistant", "\n".join(lines), kind="term")
