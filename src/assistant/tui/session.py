"""The one place where the terminal app talks to the domain.

`Workspace` lists, creates, renames and deletes projects (the store) and opens a `Session`;
a `Session` passes typed text to the conversation engine, and turns the results into view data
(`assistant.tui.views`); a question without an open project goes to the guidance the way every
front end asks it (`assistant.services.guidance.answer_question`). No Textual here, and no
decisions of its own: what counts as an answer, a question or a command is the engine's business.

Everything here may block (SQLite, search, an LLM): the app calls it from thread workers.
The knowledge base (bm25s, torch, chromadb) is built by the app and handed in.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, MutableSet, Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from assistant.answer import Answerer, SearchIndex
from assistant.answer.messages import question_problem
from assistant.core.errors import BilingualError
from assistant.core.settings import Settings
from assistant.core.textsafe import escape_markdown, strip_escapes
from assistant.export.labels import format_date, local_moment
from assistant.knowledge.text import NUMBERED_ITEM_RE
from assistant.knowledge.types import Answer, Citation, QuestionError
from assistant.plan import glossary
from assistant.plan.checks import COMMAND_CODE_RE
from assistant.core.prefs import remembered_project
from assistant.plan.conversation import Conversation, Turn, export_name
from assistant.plan.conversation.commands import unknown_command
from assistant.plan.conversation.text import question_label, reads_as_prose
from assistant.plan.intent import (as_command, asks_how_to_proceed, asks_to_explain, reads_as_question,
                                   starts_with_question_word)
from assistant.plan.messages import msg
from assistant.plan.ports import CancelFlag, TokenSink
from assistant.plan.record import Judgement, ProjectRecord, stored_form
from assistant.plan.steps import load_plan
from assistant.plan.titles import section_in, title_in
from assistant.services import Knowledge
from assistant.services.conversation import open_conversation, project_to_open
from assistant.services.guidance import GuidanceService, answer_question
from assistant.store import ProjectInfo, ProjectNotFound, Store, StoreError, StoreReadOnly, open_store
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


# --------------------------------------------------------------------------------------------
# converting domain objects to view data
# --------------------------------------------------------------------------------------------
def sources_from_citations(citations: list[Citation], lang: str = "nl") -> tuple[SourceView, ...]:
    """Numbered sources of an answer or turn (citations: number, passage, quote); in English the
    Dutch document and section titles with their glosses, the one English handle on a Dutch quote."""
    return tuple(SourceView(c.number, title_in(c.passage.title, lang), section_in(c.passage.section, lang),
                            c.quote or c.passage.text)
                 for c in citations)


def turn_from_answer(answer: Answer, lang: str) -> TurnView:
    text = answer.text if answer.found else (answer.text or t("turn.not_found", lang))
    return TurnView("assistant", with_remarks(text, answer), kind="guidance",
                    sources=sources_from_citations(answer.citations, lang))


# A numbered item the guidance's list gives ("2a. De begunstigde …", extractive answers keep the
# guidance's numbers): Markdown reads "2a." as no item and numbers the rest itself, so "3." of
# the state-aid test showed as "2." and 2a and 2b ran into item 1
def with_item_numbers(text: str) -> str:
    """An answer's numbered items as items of a bullet list that say their own number ("• 2a.
    De begunstigde …"), as the guidance and `ask` number them."""
    return NUMBERED_ITEM_RE.sub(lambda m: f"- {m.group(1)}\\.", text)


def with_remarks(text: str, answer: Answer) -> str:
    """An answer's text, its numbered items as the guidance numbers them (with_item_numbers), with
    its notes ("ℹ Gezocht op …") and warnings ("⚠ …") quoted under it, and its leading notes ("ℹ
    The guidance is written in Dutch …") quoted above it."""
    text = with_item_numbers(text)
    remarks = [f"> ℹ {n}" for n in answer.trailing_notes if n]
    remarks += [f"> ⚠ {w}" for w in answer.warnings if w]
    # a blank quoted line between them: lines of one quote run together into one paragraph
    # ("… noemt er geen. ℹ De handreiking is Nederlandstalig …")
    text = f"{text}\n\n" + "\n>\n".join(remarks) if remarks else text
    leading = [f"> ℹ {n}" for n in answer.leading_notes if n]
    return "\n>\n".join(leading) + f"\n\n{text}" if leading else text


def updated_label(stamp: str, lang: str) -> str:
    """When a project's record last changed, for the projects screen: today's and yesterday's
    with their time of day ("vandaag 16:15"), as `stappenplan projects` gives it: the list is
    ordered by it, and two projects worked on the same day read alike by their day alone. The
    rest by their day, as the exports date them (a full date and time did not fit the row)."""
    moment = local_moment(stamp)
    if moment is None:
        return stamp
    days = (datetime.now().astimezone().date() - moment.date()).days
    if days in (0, 1):
        return t("projects.updated_today" if days == 0 else "projects.updated_yesterday", lang, time=f"{moment:%H:%M}")
    return format_date(moment, lang)


def step_title(n: int, lang: str) -> str:
    """Short title of step `n` from the step files (`prompts/steps`), the one place it is kept."""
    return load_plan(lang).step(n).short_title


# --------------------------------------------------------------------------------------------
# projects
# --------------------------------------------------------------------------------------------
class Workspace:
    """Projects in the store. Construct with an open store (tests) or settings (the app)."""

    def __init__(self, settings: Settings, store: Store | None = None) -> None:
        self.settings = settings
        self.store = store if store is not None else open_store(settings)
        #: text typed for a project deleted while open and not sent, with its question's key: the
        #: store drops a deleted project's drafts, and a restore brought the project back without it
        self._binned_drafts: dict[int, tuple[str, str | None]] = {}

    @property
    def lang(self) -> str:
        return self.settings.language

    def _progress(self, project_id: int) -> tuple[int, int]:
        """Its steps done and its steps begun (answers given, not done)."""
        record = self._record(project_id)
        if record is None:
            return 0, 0
        statuses = [record.status(n) for n in STEP_NUMBERS]
        return statuses.count("done"), statuses.count("in_progress")

    def _view(self, p: ProjectInfo, done: int = 0, started: int = 0) -> ProjectView:
        # "last updated" as `stappenplan projects` and the exports say it: when the record last
        # changed in this store, in the user's own time ("2026-12-06" was the UTC day, and the
        # last question asked or step opened)
        return ProjectView(p.id, p.name, p.organisation, updated_label(p.record_updated, self.lang), done, 11,
                           started, updated_label(p.deleted, self.lang) if p.deleted else "")

    def _record(self, project_id: int) -> ProjectRecord | None:
        return self.store.load_record(project_id, ProjectRecord)

    def projects(self, *, deleted: bool = False) -> list[ProjectView]:
        """The projects, or with `deleted` those in the bin (the one deleted last first)."""
        out = []
        for p in self.store.deleted_projects() if deleted else self.store.list_projects():
            try:
                done, started = self._progress(p.id)
            except Exception:
                log.exception("record of project %s unreadable", p.id)
                done, started = 0, 0
            out.append(self._view(p, done, started))
        return out

    def create(self, name: str, organisation: str = "") -> ProjectView:
        p = self.store.create_project(name, organisation=organisation, language=self.lang)
        return self._view(p)

    def name_problem(self, name: str, project_id: int | None = None) -> str | None:
        """What is wrong with `name` for a new project (or for `project_id`, renamed), said in
        the interface's language; None when it will do."""
        problem = self.store.name_problem(name, project_id)
        return problem.message(self.lang) if problem is not None else None

    def similar(self, name: str) -> ProjectView | None:
        """The project `name` means: the one of that name (in other capitals too), else the one
        it most likely meant ("Fietspadd" beside "Fietspad", a former name), as `--project`
        refuses it; None where there is none."""
        p = self.store.find_project(name) or self.store.similar_project(name)
        return self._view(p) if p else None

    def rename(self, project_id: int, name: str, organisation: str | None = None) -> ProjectView:
        p = self.store.update_project(project_id, name=name, organisation=organisation)
        return self._view(p)

    def delete(self, project_id: int) -> None:
        """Into the bin, kept BIN_DAYS days (restore brings it back)."""
        self.store.delete_project(project_id)

    def restore(self, project_id: int) -> ProjectView:
        """Back from the bin, under its name or, where that is taken meanwhile, "NAME (2)", with
        the text typed for it when it was deleted (keep_binned_draft) as its draft."""
        back = self.store.restore_project(project_id)
        draft = self._binned_drafts.pop(project_id, None)
        if draft is not None:
            try:
                self.store.save_draft(project_id, *draft, left=True)
            except StoreError as exc:  # the project is back all the same
                log.info("draft of a restored project not kept: %s", exc)
        return self._view(back)

    def keep_binned_draft(self, project_id: int, text: str, question: str | None) -> None:
        """`text`, typed for `question` of a project deleted while open and not sent: its draft
        again once the project is restored (in this run)."""
        if text.strip():
            self._binned_drafts[project_id] = (text, question)
        else:  # nothing typed this time: an older text of it does not come back
            self._binned_drafts.pop(project_id, None)

    def in_bin(self, name: str) -> ProjectView | None:
        """The deleted project with this name, where one is in the bin; else None."""
        p = self.store.deleted_project(name)
        return self._view(p) if p else None

    def find(self, name: str) -> ProjectView | None:
        p = self.store.find_project(name)
        return self._view(p) if p else None

    def last_project(self) -> ProjectView | None:
        """The project opened last, where it is still there; else the one changed last. (The
        one changed last alone reopened a copy just imported, not the project worked on.)"""
        p = project_to_open(self.store, remembered_project(self.settings))
        return None if p is None else self._view(p)

    def open(self, project_id: int, kb: SearchIndex | None = None, answerer: Answerer | None = None) -> Session:
        return Session(self, self.store.get_project(project_id), kb=kb, answerer=answerer)


# --------------------------------------------------------------------------------------------
# one open project
# --------------------------------------------------------------------------------------------
#: The pending question in the input's placeholder, at most this long (the input is about 58
#: columns wide at 80).
PLACEHOLDER_QUESTION_CHARS = 40


class Session:
    """An open project: its conversation (the engine), record and steps, as view data."""

    def __init__(self, workspace: Workspace, project: ProjectInfo, kb: SearchIndex | None = None,
                 answerer: Answerer | None = None) -> None:
        self.workspace = workspace
        self.project = project
        self.kb = kb
        self.answerer = answerer
        #: why the index could not be built (set by the app), said instead of "not ready yet"
        self.index_error: BaseException | None = None
        self.engine: Conversation | None = None
        #: the file the last input's export wrote (handle)
        self.exported: Path | None = None
        #: a change made outside this window said in the conversation, and nothing done here since:
        #: the changes after it (another window answering on) are not said again, one by one
        self._change_said = False

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

    def set_knowledge(self, kb: SearchIndex | None = None, answerer: Answerer | None = None) -> None:
        """The knowledge base became ready (it is built after the app starts)."""
        if kb is not None:
            self.kb = kb
        if answerer is not None:
            self.answerer = answerer

    def language_changed(self) -> None:
        """Start a fresh engine in the new language on the next call (state is in the store)."""
        self.engine = None

    def question_again(self) -> TurnView | None:
        """The question asked now, briefly, in the interface's language (after a switch it
        stood in the other one until answered); None when none is asked. Shown, not stored."""
        engine = self._engine()
        if engine.pending is None or engine.awaiting_choice:
            return None
        return turn_view(engine.render.reminder_turn(engine.pending), self.lang)

    def _knowledge(self) -> Knowledge:
        """The knowledge base and answerer, once the app has built them."""
        if self.kb is None or self.answerer is None:
            raise KnowledgeNotReady(knowledge_missing(self.index_error, self.lang))
        return Knowledge(self.kb, self.answerer)

    def _engine(self) -> Conversation:
        if self.engine is None:
            self.engine = open_conversation(
                self.workspace.settings, self.workspace.store, self.project, lang=self.lang,
                guidance=GuidanceService(self._knowledge), multiline_hint="list_hint_app")
            if self.engine.exporter is not None:
                self.engine.exporter = self._noting_written(self.engine.exporter)
        return self.engine

    def _noting_written(self, exporter: Callable[..., Path]) -> Callable[..., Path]:
        """`exporter`, keeping the file it wrote in `exported` (the reply names it: /export docx
        left the toast of an earlier export to Markdown naming the .md file)."""
        def exporting(*args: Any, **kwargs: Any) -> Path:
            self.exported = Path(exporter(*args, **kwargs))
            return self.exported

        return exporting

    def record(self) -> ProjectRecord:
        return self._engine().record

    # --- views -----------------------------------------------------------------------
    def steps(self, groups: tuple[CheckGroup, ...] | None = None) -> list[StepView]:
        """The steps with their state; `groups`: the Controles already read for this reply."""
        engine = self._engine()
        record = engine.record
        # the ⚠ count is what the Controles list under the step with ⚠: its required questions
        # still open and its checks, a line each ("⚠1" stood beside two lines); its answers to
        # review, listed with ⟳, are counted apart (⚠4 stood beside one check and three of them)
        groups = self._check_groups() if groups is None else groups
        by_step = {group.step: group for group in groups}
        return [
            StepView(n, step_title(n, self.lang), record.status(n),
                     len(by_step[n].messages) - by_step[n].to_review if n in by_step else 0,
                     current=(n == engine.current_step), to_review=by_step[n].to_review if n in by_step else 0)
            for n in STEP_NUMBERS
        ]

    def record_view(self, step: int | None = None, groups: tuple[CheckGroup, ...] | None = None) -> RecordView:
        from assistant.plan.record import format_value, has_content

        engine = self._engine()
        n = engine.current_step if step is None else step
        record = engine.record
        model = record.step(n)
        questions = engine.questions(n)
        fields = [q.field for q in questions]
        # a choice's note (the why of step 9's verdict) is reached by the choice's question
        asked_with = {q.note_field: q.field for q in questions if q.note_field is not None}
        to_review = engine.to_review()
        items = []
        for name in type(model).model_fields:
            value = getattr(model, name)
            if not has_content(value):  # a precondition's note without yes or no is shown too
                continue
            path = f"step{n}.{name}"
            lines: tuple[int | None, ...] = ()
            continued: list[int] = []
            if isinstance(value, BaseModel) and not hasattr(value, "summary"):
                # a group of fields (preconditions, rights, IP arrangements): each under its own
                # label, not its name in the record ("ownership: …"), each line opening its own
                # question (only the group's first could be reached with the mouse)
                parts = [part for part in type(value).model_fields if has_content(getattr(value, part))]
                rows: list[str] = []
                asked: list[int | None] = []
                for part in parts:
                    # a part's answer of several lines: its lines after the first go on under it
                    first, *more = format_value(getattr(value, part), self.lang).splitlines() or [""]
                    continued += range(len(rows) + 1, len(rows) + 1 + len(more))
                    rows += [f"{self._field_label(f'{path}.{part}', part)}: {first}", *more]
                    question = fields.index(f"{path}.{part}") + 1 if f"{path}.{part}" in fields else None
                    asked += [question] * (1 + len(more))
                text, lines = "\n".join(rows), tuple(asked)
            else:
                text = format_value(value, self.lang)
                if isinstance(value, list) and value and all(isinstance(entry, Judgement) for entry in value) \
                        and len(text.splitlines()) == len(value):
                    # a line per judgement of step 9 opens its own question (only the label
                    # reacted, and it opened the first judgement, not the one pointed at)
                    lines = tuple(fields.index(f"{path}.{entry.ref_id}") + 1 if f"{path}.{entry.ref_id}" in fields
                                  else None for entry in value)
            asked_by = question_number(fields, asked_with.get(path, path))
            # the answer itself marked, or one of its group's
            review = next((step for field, step in to_review.items() if field == path or field.startswith(path + ".")),
                          None)
            items.append(RecordItem(self._field_label(path, name), text, asked_by, lines, tuple(continued),
                                    prose=isinstance(value, str) and reads_as_prose(value),
                                    review="" if review is None else msg("to_review", self.lang, step=review)))
        return RecordView(n, step_title(n, self.lang), tuple(items),
                          self._check_groups() if groups is None else groups)

    def _check_groups(self) -> tuple[CheckGroup, ...]:
        """What is open in every step, grouped by step, as every view counts it
        (`plan.open_items`): each required question still open, then the step's checks. Every
        step, not only the one answered: a contradiction between two steps often shows in
        another step, and a step left with a question open ("deels …" stored as "?") said so
        only in its summary, gone by then."""
        try:
            found = self._engine().items_open()
        except Exception:
            log.exception("checks failed")
            return ()
        asked: dict[int, list[str]] = {}  # each step's questions' fields, read once per reply
        groups = []
        for items in found.steps:
            lines = [(msg("open_required", self.lang, fields=self._field_label(path, path.rsplit(".", 1)[-1])),
                      self._opens(path, None, asked)) for path in items.required]
            lines += [(check.plain_message(self.lang), self._opens(check.field, check.entry_id, asked))
                      for check in items.checks]
            lines += [(COMMAND_CODE_RE.sub(r"\1", msg("to_review_item", self.lang, step=step,
                                                      question=self._field_label(path, path.rsplit(".", 1)[-1]))),
                       self._opens(path, None, asked)) for path, step in items.review]
            title = t("checks.step", self.lang, step=items.step, title=step_title(items.step, self.lang))
            groups.append(CheckGroup(items.step, title, tuple(text for text, _ in lines),
                                     tuple(opens for _, opens in lines), len(items.review)))
        return tuple(groups)

    def _opens(self, field: str | None, entry_id: str | None, asked: dict[int, list[str]]) -> tuple[int, int] | None:
        """The (step, question) that fills `field` ("step6.ip.ownership"), for a check about it
        (question_number); None where no question does (a check read from the Controles had to be
        found by `/stap N` and counting). `asked`: the questions' fields by step, filled here."""
        head, _, _ = (field or "").partition(".")
        if not head.startswith("step") or not head[4:].isdigit() or int(head[4:]) not in STEP_NUMBERS:
            return None
        step = int(head[4:])
        if step not in asked:
            asked[step] = [question.field for question in self._engine().questions(step)]
        number = question_number(asked[step], field, entry_id)
        return None if number is None else (step, number)

    def _field_label(self, path: str, fallback: str) -> str:
        try:
            from assistant.export.labels import field_label

            return field_label(path, self.lang)
        except Exception:
            return fallback.replace("_", " ")

    def _reply(self, turns: list[Turn]) -> Reply:
        groups = self._check_groups()  # the checks run once per reply
        return Reply(
            turns=[tv for tv in (turn_view(turn, self.lang) for turn in turns) if tv.role != "user"],
            steps=self.steps(groups), record=self.record_view(groups=groups), current_step=self.current_step,
            question=self.question_label(), question_key=self._question_key(), choosing=self.choosing(),
            adding=self.adding_lines(),
        )

    def renamed_elsewhere(self) -> bool:
        """Whether another window renamed the project (its name and organisation are then taken
        as stored): this window's title kept the old name."""
        try:
            stored = self.workspace.store.get_project(self.project.id)
        except ProjectNotFound:
            return False  # deleted: said at the next input (project_gone)
        if (stored.name, stored.organisation) == (self.project.name, self.project.organisation):
            return False
        self.project = stored
        return True

    def changed_elsewhere(self, *, record_shown: bool) -> Reply | None:
        """The steps and record anew where another window, or an import, changed the stored
        record since this one last read or wrote it; None where nothing changed. The record
        panel showed "Nog niets ingevuld" beside a step filled in another window until the next
        input here. `record_shown`: whether the record panel is on screen (what is said points
        to it, else to f3)."""
        engine = self._engine()
        before = engine.record
        engine.refresh_record()  # the record as stored: this window's own write read back is none
        if engine.record is before:
            return None
        said = [] if self._change_said else [self._changed_outside(before, engine.record, record_shown)]
        self._change_said = True
        return self._reply(said)

    def _changed_outside(self, before: ProjectRecord, now: ProjectRecord, record_shown: bool) -> TurnView:
        """What changed outside this window, said once: the record panel changed beside a
        conversation that still read the old answers, without a word. A record with another
        creation date, or an earlier last change, is another record stored in its place (an
        import: a change made in a window is on this record, and later)."""
        seen = "" if record_shown else "_hidden"  # at 80×24 "het dossier rechts", with none there
        if now.project.created != before.project.created or now.project.updated < before.project.updated:
            shown = t(f"changed.replaced_shown{seen}", self.lang)
            return TurnView("assistant", t("changed.replaced", self.lang, shown=shown), kind="info")
        steps = [str(n) for n in STEP_NUMBERS if stored_form(now.step(n)) != stored_form(before.step(n))]
        where = t("changed.step" if len(steps) == 1 else "changed.steps", self.lang, steps=", ".join(steps)) if steps else ""
        shown = t(f"changed.shown{seen}", self.lang)
        return TurnView("assistant", t("changed.outside", self.lang, where=where, shown=shown), kind="info")

    def question_label(self) -> str | None:
        """The question the next answer goes to, shortened for the input's placeholder: a new
        step's explanation and quote fill the screen, and its question is below them. While a
        part of the last answer is asked for again (step 2's TRL), that question."""
        engine = self._engine()
        asked = engine.refill_question() or (engine.pending.prompt if engine.pending is not None else None)
        return question_label(asked, PLACEHOLDER_QUESTION_CHARS) if asked else None

    def adding_lines(self) -> bool:
        """Whether the next input is another line of the list asked (an empty one moves on)."""
        return self._engine().adding_lines

    def choosing(self) -> bool:
        """Whether the next input says whether the last one was an answer (1) or a question (2)."""
        return self._engine().awaiting_choice

    # --- acting ----------------------------------------------------------------------
    def start(self) -> Reply:
        """Open the project: the conversation so far, then the engine's opening words. On a
        read-only data folder the greeting is shown unsaved, under it once why nothing is saved."""
        store = self.workspace.store
        failed: StoreError | None = None
        try:
            history, opening = self._engine().resume(save=store.read_only is None)
        except StoreError as exc:
            # the greeting could not be written (a full disk): shown unsaved, with why, instead of
            # a project opened on an empty conversation and a notice gone in seconds
            failed = exc
            history, opening = self._engine().resume(save=False)
        reply = self._reply(opening.turns)
        reply.history = [turn_view(turn, self.lang) for turn in history]
        reply.unanswered = self._take_unanswered(reply.history)
        text, typed_for = self.take_draft_and_question()
        reply.draft_question = typed_for
        if text and typed_for is not None and typed_for != self._question_key():
            # typed for a question another window has since answered or moved past: into the
            # input it was stored under the question now asked, with Enter
            reply.draft_elsewhere = text
            reply.draft_for = self.question_named(typed_for)
        else:
            reply.draft = text or None
        if store.read_only is not None:
            # read-only since a write found it so (a disk filled since the start): no notice says it
            why = store.notice if isinstance(store.notice, StoreReadOnly) else store.read_only
            reply.turns.append(TurnView("assistant", escape_markdown(why.message(self.lang)), kind="error"))
        elif failed is not None:
            reply.turns.append(TurnView("assistant", escape_markdown(msg("open_not_saved", self.lang,
                                                                        error=failed.message(self.lang))), kind="error"))
        return reply

    def _question_key(self) -> str | None:
        """The question asked now, as a draft keeps it (Conversation.question_key); None: none
        asked, or no conversation open yet."""
        return None if self.engine is None else self.engine.pending_key()

    def question_named(self, key: str) -> str:
        """The question a draft's key names, shortened; the key itself where no question has it."""
        found = self._engine().question_at(key)
        return key if found is None else question_label(found[1].prompt, PLACEHOLDER_QUESTION_CHARS)

    def keep_draft(self, text: str, question: str | None = None, *, left: bool = False) -> StoreError | None:
        """Keep what is typed and not sent for the next time the project opens (blank: forget
        it), with the question it was typed for (`question`, else the one asked now); `left`: as
        this window leaves the project (another window opening it may take it then, not while
        this one may still be typing). Where nothing can be written (a read-only folder, a lock)
        it is not kept, and why is returned, never raised (the app says it as it closes); None
        when it was kept."""
        try:
            self.workspace.store.save_draft(self.project.id, text, question or self._question_key(), left=left)
        except StoreError as exc:
            log.info("draft not kept: %s", exc)
            return exc
        return None

    def keep_in_bin(self, text: str, question: str | None = None) -> None:
        """`keep_draft` for this project as it goes to the bin, where the store keeps no draft:
        it comes back as the draft once the project is restored (Workspace.restore)."""
        self.workspace.keep_binned_draft(self.project.id, text, question or self._question_key())

    def keep_sent(self, text: str, turn: int) -> None:
        """Keep an input as it is sent (its `turn`), until `sent_handled`: a kill before its
        answer leaves it for the next start (`start` puts it back in the input)."""
        try:
            self.workspace.store.keep_sent(self.project.id, text, turn)
        except StoreError as exc:  # not kept: said when it is handled, where it fails too
            log.info("input sent not kept: %s", exc)

    def sent_handled(self, turn: int) -> None:
        try:
            self.workspace.store.forget_sent(self.project.id, turn)
        except StoreError as exc:
            log.info("input sent not forgotten: %s", exc)

    def _take_unanswered(self, history: list[TurnView]) -> list[str]:
        """The inputs the last windows on this project sent and were killed before they were
        handled, in order; without those whose answer is in `history` after all (killed between
        storing the answer and forgetting the input)."""
        try:
            texts = self.workspace.store.take_unanswered(self.project.id)
        except StoreError as exc:
            log.info("unanswered input not read: %s", exc)
            return []
        answered = {turn.text for i, turn in enumerate(history)
                    if turn.role == "user" and any(later.role == "assistant" for later in history[i + 1:])}
        return [text for text in texts if text not in answered]

    def take_draft_and_question(self) -> tuple[str, str | None]:
        """What was typed and not sent when the project was last closed ("" when nothing was),
        and the question it was typed for (None: not known)."""
        try:
            return self.workspace.store.take_draft_and_question(self.project.id)
        except StoreError as exc:
            log.info("draft not read: %s", exc)
            return "", None

    def handle(self, text: str, on_token: TokenSink | None = None, cancel: CancelFlag | None = None) -> Reply:
        """One typed input (answer, question or command); the engine decides which.
        `cancel`, when set, stops a language model's answer that is being streamed."""
        self.exported = None
        self._change_said = False  # a change outside this window after this one is said again
        store = self.workspace.store
        could_save = store.read_only is None
        outcome = self._engine().handle(text, on_token=on_token, cancel=cancel)
        if outcome.not_saved and could_save and store.read_only is not None:
            # the disk filled (or the folder turned read-only) at this input, and nothing of it
            # was kept: handled again as the store that cannot save handles it, so a question is
            # answered and a failed export says why, not "your last answer is not in the record"
            outcome = self._engine().handle(text, on_token=on_token, cancel=cancel)
        reply = self._reply(outcome.turns)
        reply.exported = self.exported
        refused = any(turn.kind == "error" for turn in outcome.turns)
        if outcome.not_saved or outcome.cut or (refused and (self.workspace.store.read_only is not None
                                               or not outcome.record_changed)):
            # the engine said why it was not saved (a full disk, a read-only folder) or why it
            # could not be used (an answer it cannot read, a mistyped command), and nothing of it
            # was kept: the text goes back into the input to be mended or sent again (a refused
            # answer of three lines was only under ↑)
            reply.unsaved_input = text
        return reply

    def jump(self, step: int, question: int | None = None, *, draft_left: bool = False) -> Reply:
        """Go to `step` (and its `question`); `draft_left`: text typed for the question asked
        was set aside to wait for it (see Conversation.goto)."""
        self._change_said = False
        return self._reply(self._engine().goto(step, question, draft_left=draft_left).turns)

    def export(self, fmt: str, path: Path | str | None = None, *, replace: bool = True) -> Path:
        return self._engine().export(fmt, path, replace=replace)

    def say_exported(self, path: Path) -> TurnView:
        """The conversation's turn that names the file an export wrote (the export dialog), kept
        with the conversation as `/export`'s is. Not kept (the project deleted meanwhile, a full
        disk), it is still shown: the file was written."""
        engine = self._engine()
        try:
            turn = engine.say_exported(path)
        except StoreError as exc:
            log.warning("the export's turn was not kept: %s", exc)
            turn = engine.export_turn(path)
        return turn_view(turn, self.lang)

    def export_name(self, fmt: str) -> str:
        """The name `/export` gives a file now: the project's name, the moment and the language."""
        return export_name(self.name, fmt, self.lang)


class KnowledgeNotReady(RuntimeError):
    """The index is still being built."""


def turn_view(turn: Turn | TurnView, lang: str = "nl") -> TurnView:
    """A conversation-engine `Turn` as view data, its sources named in `lang`."""
    if isinstance(turn, TurnView):
        return turn
    role = "user" if turn.role == "user" else "assistant"
    answer = turn.answer
    citations = turn.citations or (answer.citations if answer is not None else [])
    # a turn stored before model output was cleaned must not reach the terminal either
    text = strip_escapes(turn.text)
    if answer is not None:
        text = with_remarks(text, answer)
    return TurnView(role, text, kind=turn.kind or "message", step=turn.step,
                    sources=sources_from_citations(citations, lang), options=turn.options)


def knowledge_missing(index_error: BaseException | None, lang: str) -> str:
    """Why a question cannot be answered yet: the index is being built, or it could not be
    (then "try again in a moment" would never come true)."""
    if index_error is None:
        return t("error.kb_not_ready", lang)
    reason = index_error.message(lang) if isinstance(index_error, BilingualError) else str(index_error)
    # a folder that cannot be made is not mended by `stappenplan index`: it was advised, and failed the same way
    folder = isinstance(index_error, BilingualError) and index_error.path is not None
    return t("error.kb_failed_folder" if folder else "error.kb_failed", lang, error=reason.rstrip().removesuffix("."))


def question_number(fields: Sequence[str], path: str, entry_id: str | None = None) -> int | None:
    """The number (1-based) of the question among `fields` (a step's, in order) that fills
    `path`: the entry's own question where `entry_id` names one (a judgement of step 9), else the
    field's, else the first question of the group `path` heads or belongs to."""
    for exact in ((f"{path}.{entry_id}",) if entry_id else ()) + (path,):
        if exact in fields:
            return fields.index(exact) + 1
    return next((i for i, asked in enumerate(fields, 1)
                 if asked.startswith(f"{path}.") or path.startswith(f"{asked}.")), None)


def ask_guidance(answerer: Answerer | None, question: str, lang: str, *, kb: SearchIndex | None = None,
                 on_token: TokenSink | None = None,
                 cancel: CancelFlag | None = None, said: MutableSet[str] | None = None,
                 index_error: BaseException | None = None) -> TurnView:
    """A question to the guidance, without a project: "Waar begin ik?" is told how to begin one.
    `answerer` is None while the knowledge base is being built, or after `index_error`; `cancel`
    stops a streamed answer; `said` holds the standing notes shown so far (answer_question)."""
    if asks_how_to_proceed(question):
        return TurnView("assistant", t("how_to_begin", lang), kind="info")
    if answerer is None:
        return TurnView("assistant", knowledge_missing(index_error, lang), kind="error")
    try:
        reply = answer_question(answerer, question, lang=lang, on_token=on_token, cancel=cancel, said=said, kb=kb)
    except QuestionError as exc:  # "?" alone, "wat betekent dat?": nothing to search for
        return TurnView("assistant", question_problem(exc.refers_to, lang), kind="info")
    view = turn_from_answer(reply.answer, lang)
    if reply.leading_notes:
        view = replace(view, text="\n\n".join([*reply.leading_notes, view.text]))
    if reply.glossary_note:
        view = replace(view, text=f"{view.text}\n\n{reply.glossary_note}")
    return view


#: A line of at most this many words is a term looked up ("SBIR", "market consultation"): a
#: newcomer without a project types one to learn it, not to answer.
TERM_WORDS = 3


def reads_as_answer(text: str) -> bool:
    """Whether a line typed without a project reads as an answer (no command, nothing asked, not
    how to go on, more than a term): it has no question to answer yet, and waits for the project
    made next."""
    return (len(text.split()) > TERM_WORDS and as_command(text) is None and not looks_asked(text)
            and not asks_how_to_proceed(text))


def looks_asked(text: str) -> bool:
    """Whether the text is put as a question (a question mark, a question word, or the shape) or
    asks to have something explained ("I don't understand what a scale-up plan is": it was asked
    whether it was meant as an answer)."""
    stripped = text.strip()
    return stripped.endswith("?") or starts_with_question_word(stripped) or reads_as_question(stripped) \
        or asks_to_explain(stripped)


# --------------------------------------------------------------------------------------------
# without a project: commands, and the glossary (which needs no project)
# --------------------------------------------------------------------------------------------
#: Commands that work on a project's conversation or record.
PROJECT_COMMANDS = frozenset({"next", "back", "step", "record", "explain", "export", "edit", "remove", "draft"})


def answer_without_project(answerer: Answerer | None, text: str, lang: str, *, kb: SearchIndex | None = None,
                           on_token: TokenSink | None = None, cancel: CancelFlag | None = None,
                           said: MutableSet[str] | None = None, index_error: BaseException | None = None) -> TurnView:
    """Typed text while no project is open: a command is carried out or said to need a project
    (never searched for in the guidance as if it were a question); anything else is a question.
    `said` holds the standing notes shown so far without a project (answer_question)."""
    command = as_command(text)
    if reads_as_answer(text):
        # "Fietsers wachten te lang", typed as the answer to a question there is none of yet: not
        # searched for ("De handreikingen gaan hier niet over" for a plain statement, or quotes
        # on removing a building for "Test antwoord na verwijderen"); it waits for a project
        return TurnView("assistant", t("no_project.answer_hint", lang), kind="info")
    if command is None:
        return ask_guidance(answerer, text, lang, kb=kb, on_token=on_token, cancel=cancel, said=said,
                            index_error=index_error)
    if command.name == "ask":
        if not command.arg:
            return TurnView("assistant", msg("ask_usage", lang), kind="info")
        return ask_guidance(answerer, command.arg, lang, kb=kb, on_token=on_token, cancel=cancel, said=said,
                            index_error=index_error)
    if command.name == "term":
        return glossary_card(command.arg, lang) if command.arg else glossary_overview(lang)
    if command.name == "help":
        return TurnView("assistant", t("no_project.help", lang), kind="help")
    if command.name in PROJECT_COMMANDS:
        return TurnView("assistant", t("no_project.command", lang, command=escape_markdown("/" + command.raw)),
                        kind="info")
    return TurnView("assistant", unknown_command(command, lang), kind="error")


def glossary_names(lang: str) -> list[str]:
    """The names of all glossary terms in `lang`, alphabetically."""
    return sorted((term.name(lang) for term in glossary.load_glossary()), key=str.casefold)


def glossary_titles(lang: str) -> list[tuple[str, str]]:
    """Each glossary term as the palette lists it, with its name in `lang`: in English with its
    Dutch name beside it, so that the Dutch words of the quotes find it too ("eigendom" found
    nothing)."""
    out = []
    for term in glossary.load_glossary():
        name = term.name(lang)
        title = name if lang != "en" or term.nl.casefold() in name.casefold() else f"{name} ({term.nl})"
        out.append((title, name))
    return sorted(out, key=lambda pair: pair[0].casefold())


def glossary_card(name: str, lang: str) -> TurnView:
    """The glossary's card for `name`, or that it is not there (with close names)."""
    card = glossary.term_card(name, lang)
    if card is not None:
        return TurnView("assistant", card, kind="term")
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
