"""The guided conversation: step 0 and the ten steps, one question at a time.

No user interface in here: the TUI and the plain line mode both drive a :class:`Conversation`
by calling :meth:`Conversation.start` once and :meth:`Conversation.handle` for every line the
user enters; both return an :class:`Outcome`: the assistant's turns to show and what changed.

Each user turn is one of
- an answer to the pending question: validated, parsed and stored at once (one transaction
  with the user's turn and the new state), then the next question follows (answers.py; with a
  language model, a proposal to confirm first: llm_flow.py);
- a question to the guidance: answered with citations, then the pending question is asked
  again (guidance.py);
- a command (``/volgende``, ``/stap 3`` …; commands.py).

This module decides which, and keeps what the parts share: the record, where the
conversation stands (state.py) and writing both with the turns.

Text typed by the user is stored literally; wherever an assistant turn quotes it, it is
escaped (:func:`assistant.core.textsafe.escape_markdown`) so nothing typed is interpreted.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import overload

from assistant.core.errors import BilingualError, folder_problem
from assistant.core.private import private_folder
from assistant.core.textsafe import MAX_TEXT_CHARS, clean_text, escape_markdown, safe_filename, short
from assistant.plan.command_syntax import as_command
from assistant.plan import intent as intents
from assistant.plan import record as rec
from assistant.plan.checks import Check
from assistant.plan.conversation.answers import (Answers, is_judgement, judgement_of, judgement_questions,
                                                 says_too_little)
from assistant.plan.conversation.commands import Commands
from assistant.plan.conversation.guidance import GuidanceDesk, GuidanceSource
from assistant.plan.conversation.llm_flow import ProposalFlow
from assistant.plan.conversation.render import Renderer
from assistant.plan.conversation.state import ConversationData
from assistant.plan.conversation.text import checks
from assistant.plan.conversation.turns import Turn, answer_remarks, citation_to_dict, turn_from_stored
from assistant.plan.messages import msg
from assistant.plan.open_items import OpenItems, fields_open, open_items, still_to_review
from assistant.plan.ports import CancelFlag, ProposalMaker, RecordExporter, TokenSink
from assistant.plan.steps import Plan, Question, StepSpec, load_plan
from assistant.store import ConversationState, ProjectInfo, ProjectNotFound, RecordRepaired, Store, StoreError

log = logging.getLogger(__name__)

STEPS = rec.STEP_NUMBERS
#: What reopening a project says (start): its greeting, the question it asks again, a proposal or
#: choice still waiting, or the next step it opens.
GREETING_KINDS = frozenset({"welcome", "ask", "proposal", "disambiguate", "step", "quote", "info"})
#: A reopening says at most this many turns.
GREETING_TAIL = 8


def entry_ids(record: rec.ProjectRecord, path: str) -> list[str]:
    """A list's lines by their ids, in order: what its numbers count."""
    return [entry.id for entry in rec.get_field(record, path)]


@dataclass(frozen=True, slots=True)
class Outcome(Sequence[Turn]):
    """What one call did: the assistant's turns to show (the outcome reads as their sequence)
    and what changed, so that a front end rebuilds only that."""

    turns: list[Turn]
    record_changed: bool = False  # the record (the dossier, the steps' status, the checks)
    step_changed: bool = False  # the current step
    pending_changed: bool = False  # the question asked, or what is awaited (a choice, a proposal)
    #: what was given could not be written (the data folder read-only, the disk full, an export
    #: refused): a script feeding the plain mode is told by its exit status
    not_saved: bool = False
    #: what was given was too long and kept cut short (said in the turns): a script is told by
    #: its exit status too, in words of its own (it was kept, in part)
    cut: bool = False

    @overload
    def __getitem__(self, index: int) -> Turn: ...
    @overload
    def __getitem__(self, index: slice) -> list[Turn]: ...

    def __getitem__(self, index: int | slice) -> Turn | list[Turn]:
        return self.turns[index]

    def __len__(self) -> int:
        return len(self.turns)

    def __iter__(self) -> Iterator[Turn]:
        return iter(self.turns)

    def __add__(self, other: Outcome | list[Turn]) -> Outcome:
        """Two calls' outcomes as one: all their turns, and whatever either changed."""
        if isinstance(other, list):
            return Outcome(self.turns + other, self.record_changed, self.step_changed, self.pending_changed)
        return Outcome(self.turns + other.turns, self.record_changed or other.record_changed,
                       self.step_changed or other.step_changed, self.pending_changed or other.pending_changed)

    def __radd__(self, other: list[Turn]) -> list[Turn]:
        return other + self.turns


#: Commands after which the conversation is where it was: a part of the last answer asked for
#: (step 2's TRL) is asked for again after them.
_STAYING_COMMANDS = frozenset({"term", "help", "record", "ask"})


def export_name(project_name: str, fmt: str, lang: str, when: datetime | None = None) -> str:
    """The file name an export of `project_name` in `lang` gets: the name made safe, the moment
    (`when`, now by default) to the second, so that each export is a file of its own, and the
    language, so that a Dutch and an English one are told apart."""
    stamp = (when or datetime.now()).strftime("%Y%m%d-%H%M%S")
    return f"{safe_filename(project_name, default='project')}-{stamp}-{lang}.{fmt}"


class Conversation:
    """The guided conversation for one project, persisted in a :class:`Store`.

    ``guidance``: the guidance (questions, step quotes), a factory called the first time it is
    needed, or None (questions to the guidance get a clear message, steps open without a
    quote). ``proposer``: the language model that proposes values, or None. ``exporter`` and
    ``exports_dir``: how and where ``/export`` writes (default: ``exports`` beside the database).
    """

    def __init__(
        self,
        store: Store,
        project: ProjectInfo | str,
        *,
        guidance: GuidanceSource = None,
        proposer: ProposalMaker | None = None,
        exporter: RecordExporter | None = None,
        exports_dir: Path | None = None,
        lang: str | None = None,
        organisation: str = "",
        multiline_hint: str = "list_hint",
        asks_which_meant: bool = True,
    ) -> None:
        #: how the front end enters several lines: plain mode's `"""` blocks or the app's ctrl+j
        self.multiline_hint = multiline_hint
        #: whether a line that may be an answer or a question gets "1 (answer) or 2 (question)?";
        #: not where input is piped in, one answer a line: the next line was taken as the choice,
        #: the line itself dropped, and every answer after it stored one question early
        self.asks_which_meant = asks_which_meant
        self.store = store
        self.exporter = exporter
        self.exports_dir = exports_dir if exports_dir is not None else store.path.parent / "exports"
        #: set while a command comes from the interface rather than from what the user typed
        self._interface_command = False
        #: during goto: text typed for the question asked waits for it (see goto)
        self.draft_left = False
        self._not_saved = False
        self._cut = False
        if isinstance(project, str):
            project, _created = store.open_project(project, organisation=organisation, language=lang or "nl")
        self.project: ProjectInfo = project
        self.lang: str = lang if lang in ("nl", "en") else (project.language or "nl")
        self.plan: Plan = load_plan(self.lang)
        self._lock = threading.RLock()
        self._user_turn: tuple[str, str] | None = None
        #: where the words of a streamed answer go, and the flag that cancels it (during handle)
        self.stream: tuple[TokenSink | None, CancelFlag | None] = (None, None)
        self.render = Renderer(self)
        self.answers = Answers(self)
        self.guidance = GuidanceDesk(self, guidance)
        self.proposals = ProposalFlow(self, proposer)
        self.commands = Commands(self)

        loaded = store.load_record(project.id, rec.ProjectRecord)
        #: a stored record that did not validate, read back in part (said when greeting)
        self.repair: RecordRepaired | None = store.record_repair(project.id)
        if loaded is None:
            loaded = rec.new_record(title=project.name, organisation=project.organisation,
                                    language=self.lang)  # type: ignore[arg-type]
            try:
                store.save_record(project.id, loaded)
            except StoreError:
                # a full disk: the empty record is written with the first answer that can be, and
                # made anew meanwhile; the greeting says why nothing is saved (Session.start)
                pass
        elif self.repair is not None and store.read_only is None:
            store.save_record(project.id, loaded)  # its text is kept aside (Store.load_record)
        self.record: rec.ProjectRecord = loaded
        #: the lists another window (or an import) changed since this window last numbered them
        #: in full: their numbers in this window's conversation count other lines now
        self.lists_changed_elsewhere: set[str] = set()
        #: the record as this window's conversation stood after its last input: what it has said
        self.shown: rec.ProjectRecord = loaded
        #: the questions ("N:id") whose answers another window changed since this window's last
        #: input (read as an input begins)
        self.answers_changed_elsewhere: set[str] = set()
        #: the record as this window last read or wrote it in the store
        self._stored: rec.ProjectRecord = loaded
        #: the questions ("N:id") this window stored an answer to: one changed elsewhere is said
        self.answered_here: set[str] = set()
        #: the steps whose explanation this session has shown: opened again, their title only
        self.introduced: set[int] = set()
        #: (list field, word typed, label) of each word in brackets said read as a label this
        #: session: said on the list's first line that gave it, not again on every later one
        self.read_as_said: set[tuple[str, str, str]] = set()
        state = store.get_state(project.id)
        self.current_step: int = state.current_step if state.current_step in STEPS else 0
        #: the step stored before any turn: an import's, where its file said where it was exported
        self._imported_step: int | None = state.current_step if state.current_step in STEPS else None
        self.pending_id: str | None = state.pending
        self.data = ConversationData.from_json(dict(state.data))
        #: where this window last read or wrote the conversation's state: unchanged, it is not
        #: written again (another window's move stands)
        self._state_kept: tuple[int, str | None, dict] | None = (state.current_step, state.pending, dict(state.data))
        if self.pending_id is not None and self.find_question(self.current_step, self.pending_id) is None:
            self.pending_id = None  # e.g. a step-9 item that was removed since
        if self.data.proposal is not None and not self.proposals.fits():
            self.data.proposal = None  # made for another question; nothing of it was stored

    # --- public properties -----------------------------------------------------------
    @property
    def pending(self) -> Question | None:
        """The question awaiting an answer, or None."""
        return self.find_question(self.current_step, self.pending_id)

    @property
    def awaiting_choice(self) -> bool:
        """True while the engine waits for "1 (answer) or 2 (question)"."""
        return self.data.ambiguous is not None

    def refill_question(self) -> str | None:
        """The question for the part of the last answer that could not be read, as plain text
        (step 2's TRL), or None."""
        refill = self.data.refill
        return None if refill is None else msg(f"refill_{refill.part}", self.lang, entry=refill.entry)

    @property
    def adding_lines(self) -> bool:
        """True while the pending question is a list that has lines and waits for another (an
        empty input moves on)."""
        q = self.pending
        return (q is not None and q.kind == "list" and self.data.refill is None and not self.awaiting_choice
                and not self.awaiting_confirmation and bool(rec.get_field(self.record, q.field)))

    @property
    def awaiting_confirmation(self) -> bool:
        """True while a proposal of the language model waits for "ja" / "nee" / numbers."""
        return self.data.proposal is not None

    def step_spec(self, n: int | None = None) -> StepSpec:
        return self.plan.step(self.current_step if n is None else n)

    def statuses(self) -> dict[int, str]:
        return self.record.statuses()

    def questions(self, n: int | None = None) -> list[Question]:
        """The questions of step ``n`` (default: the current step) in order; step 9 starts
        with one judgement per step-3 requirement and step-4 criterion (judged or not)."""
        n = self.current_step if n is None else n
        qs = list(self.plan.step(n).questions)
        if n == 9:
            qs = judgement_questions(self.plan, self.record, self.lang) + qs
        return qs

    def find_question(self, step: int, qid: str | None) -> Question | None:
        if qid is None:
            return None
        return next((q for q in self.questions(step) if q.id == qid), None)

    @staticmethod
    def question_key(step: int, qid: str) -> str:
        """One question of the plan as kept between turns and sessions ("3:budget_ceiling"):
        where the conversation goes back to (return_to), and what a draft was typed for."""
        return f"{step}:{qid}"

    def pending_key(self) -> str | None:
        """The question asked now as `question_key` gives it; None while none is asked."""
        return None if self.pending_id is None else self.question_key(self.current_step, self.pending_id)

    def question_at(self, key: str | None) -> tuple[int, Question] | None:
        """The step and question a `question_key` names; None where none does (any more)."""
        step, _, qid = (key or "").partition(":")
        if not step.isdigit() or int(step) not in STEPS:
            return None
        found = self.find_question(int(step), qid)
        return None if found is None else (int(step), found)

    def fields_to_come(self) -> frozenset[str]:
        """The fields of the current step's questions still to be asked that hold nothing yet: not
        passed on purpose on this visit (/volgende), which are left open (plan.open_items leaves
        out the checks about the questions to come, and counts those about the ones left open)."""
        holding_nothing = fields_open(self.record, self.current_step)
        return frozenset(q.field for q in self.questions() if q.field in holding_nothing and not self.is_answered(q)
                         and self.question_key(self.current_step, q.id) not in self.data.skipped)

    def items_open(self) -> OpenItems:
        """What is open in the record as the app counts and lists it while the current step is
        answered: the checks about its questions still to come left out (fields_to_come)."""
        return open_items(self.record, answering=self.current_step, to_come=self.fields_to_come(),
                          to_review=self.data.to_review)

    def to_review(self) -> dict[str, int]:
        """The answers to look at again, field -> the step whose replaced answer they were given
        with (ConversationData.to_review), those that still hold an answer."""
        return still_to_review(self.record, self.data.to_review)

    def is_answered(self, q: Question) -> bool:
        if is_judgement(q.field):
            j = judgement_of(self.record, q)
            if j is None or j.verdict is None:
                return False
            # a verdict on a requirement or criterion changed since is to be given again:
            # /stap 9 opens at it (it went past it to other questions)
            return rec.reads_as_judged(self.record, j)
        try:
            return rec.counts_as_answered(rec.get_field(self.record, q.field))
        except rec.RecordError:
            return False

    def history(self, limit: int | None = None) -> list[Turn]:
        """The stored conversation (oldest first)."""
        return [turn_from_stored(t) for t in self.store.turns(self.project.id, limit=limit)]

    def checks(self, step: int | None = None) -> list[Check]:
        """Open checks (warnings) for the record, optionally only those of one step."""
        return checks(self.record, step)

    def record_text(self) -> str:
        """The whole record as Markdown: per step its status and what is filled, then checks."""
        return self.render.record_text()

    def step_record_text(self, n: int) -> str:
        """Step `n` of the record as Markdown: its status, what it holds and its open checks."""
        return self.render.step_record_text(n)

    # --- entry points ------------------------------------------------------------------
    def _drop_unanswered_greeting(self) -> None:
        """Remove the last reopening's words if nothing followed them: a project opened and closed
        again without a word typed. Each reopening would otherwise stack its greeting and the
        question it asks again on the last one's, and a reopened conversation showed little else.
        Only what a reopening says goes (GREETING_KINDS): the user's turns, and replies to them,
        stay."""
        with self._lock:
            pid = self.project.id
            tail = self.store.turns(pid, limit=GREETING_TAIL)
            starts = [i for i, turn in enumerate(tail) if turn.kind == "welcome"]
            if not starts:
                return
            first = starts[-1]
            if first == 0 and len(tail) == self.store.turn_count(pid):
                return  # the project's first words, with its first step: not a reopening
            if all(turn.role == "assistant" and turn.kind in GREETING_KINDS for turn in tail[first:]):
                try:
                    self.store.remove_turns_from(pid, tail[first].seq)
                except StoreError as exc:  # tidying only: the greetings stay, nothing is lost
                    log.warning("could not remove an unanswered greeting: %s", exc)

    def start(self) -> Outcome:
        """Greet (new or returning) and ask the pending question. Call once per session."""
        with self._lock:
            self._drop_unanswered_greeting()
            return self._outcome(self._greet, catch=False)

    def resume(self, *, save: bool = True) -> tuple[list[Turn], Outcome]:
        """`start`, with the conversation so far read in between: without the unanswered
        greeting that this opening replaces, before the new one. Without `save` (a read-only
        data folder) the greeting is only shown."""
        with self._lock:
            self._drop_unanswered_greeting()
            return self.history(), self._outcome(lambda: self._greet(save=save), catch=False)

    def _greet(self, *, save: bool = True) -> list[Turn]:
        out: list[Turn] = [self._repair_turn()] if self.repair is not None else []
        first_time = self.store.turn_count(self.project.id) == 0
        statuses = self.statuses()
        if first_time and any(status != "not_started" for status in statuses.values()):
            # an imported record (or one filled elsewhere): greeted as new, it began at step 0
            # as if nothing was there; on where it is open instead
            first_open = rec.next_open_step(self.record)
            done = sum(status == "done" for status in statuses.values())
            welcome = "welcome_complete" if first_open is None else "welcome_filled" if done else "welcome_started"
            out.append(self.render.say("welcome", msg(welcome, self.lang, project=escape_markdown(self.project.name),
                                                      done=done, total=len(statuses))))
            # at the step it was exported at, at its first open question, as the original opens
            # (at the first step not done, a copy of a project at step 1 opened at step 2)
            opening = self._imported_step if self._imported_step is not None else first_open
            out += self.answers.open_step(opening if opening is not None else 0)
        elif first_time:
            out.append(self.render.say("welcome", msg("welcome_new", self.lang,
                                                      project=escape_markdown(self.project.name))))
            out += self.answers.open_step(0)
        else:
            spec = self.step_spec()
            said = msg("welcome_back", self.lang, project=escape_markdown(self.project.name),
                       step=spec.number, title=spec.title)
            if earlier := self.render.open_before_text(spec.number):
                said += "\n\n" + earlier
            out.append(self.render.say("welcome", said))
            out += self._where_we_were()
        if save:
            self.commit(out)
        return out

    def _repair_turn(self) -> Turn:
        """What was left out of a record that did not validate, and where its text is kept."""
        repair = self.repair
        assert repair is not None
        fields = list(dict.fromkeys(label for path in repair.dropped for label in self._labels_at(path)))
        text = msg("record_unreadable" if repair.nothing_read else "record_repaired", self.lang,
                   project=escape_markdown(self.project.name),
                   fields="; ".join(f"“{escape_markdown(label)}”" for label in fields))
        if repair.kept_at is not None:
            text += " " + msg("record_kept_at", self.lang, path=escape_markdown(str(repair.kept_at)))
        return self.render.say("error", text)

    def _labels_at(self, path: str) -> list[str]:
        """The questions a dotted path of the record holds or is part of ("step3": all of step 3's;
        "step1.technologies.0.name": the technologies'), by their labels."""
        fields = [q.field for n in STEPS for q in self.plan.step(n).questions
                  if q.field == path or q.field.startswith(f"{path}.") or path.startswith(f"{q.field}.")]
        return [self.render.field_label(field) for field in dict.fromkeys(fields)] or [path]

    def _where_we_were(self) -> list[Turn]:
        """On reopening: what waits (a proposal, a choice, a part asked again, the question), or
        the next open step."""
        if self.awaiting_confirmation:
            turn = self.proposals.pending_turn()
            if turn is not None:
                return [turn]
            return [self.render.ask_turn(self.pending)] if self.pending is not None else []
        if self.data.ambiguous is not None:
            return [self.render.disambiguation_turn(self.data.ambiguous)]
        if self.data.refill is not None and self.pending is not None:
            return [self.render.refill_turn()]
        if self.pending is not None:
            last = self.history(limit=1)
            if last and last[0].kind == "ask" and last[0].field == self.pending.field \
                    and self.pending.prompt.strip() in last[0].text:
                return [self.render.reminder_turn(self.pending)]  # asked in full just above
            return [self.render.ask_turn(self.pending)]
        nxt = rec.next_open_step(self.record, self.current_step - 1)
        if nxt is None:
            return [self.render.all_done_turn()]
        return self.answers.open_step(nxt)

    def handle(self, text: str, *, on_token: TokenSink | None = None,
               cancel: CancelFlag | None = None) -> Outcome:
        """Process one user turn; returns the assistant's turns to show and what changed.
        `on_token` receives the words of an answer from the guidance as they are written;
        `cancel`, when set, stops that answer."""
        with self._lock:
            self.stream = (on_token, cancel)
            try:
                return self._outcome(lambda: self._handle(text))
            finally:
                self.stream = (None, None)

    def goto(self, step: int, question: int | None = None, *, draft_left: bool = False) -> Outcome:
        """Open a step (at its `question`, 1-based) chosen in the interface (a click, a key):
        like `/stap N V`, but nothing the user typed is added to the conversation. `draft_left`:
        text typed for the question asked was set aside to wait for it (the app brings it back
        when it is asked again): the conversation goes back to it even where it holds an answer."""
        at = f"/stap {int(step)}" + (f" {int(question)}" if question is not None else "")
        with self._lock:
            self._interface_command = True
            self.draft_left = draft_left
            try:
                return self._outcome(lambda: self._handle(at))
            finally:
                self._interface_command = self.draft_left = False

    def _outcome(self, act: Callable[[], list[Turn]], *, catch: bool = True) -> Outcome:
        """Run `act` and say what it changed. With `catch`, a failed write is said, and the
        conversation goes back to where the input found it, with the record as stored (opening a
        project lets it through: the front end says why it cannot open)."""
        before = (self.record, self.current_step, self.pending_id, self.data.to_json())
        self._not_saved = self._cut = False
        try:
            turns = act()
            self.shown = self.record
        except ProjectNotFound:
            if not catch:
                raise
            # deleted in another window: said by its name, not "Project '2' does not exist"; the
            # conversation stays at the question on screen (the input named the next ones, as if
            # the answers were kept)
            self._back_to(before)
            turns = [self.render.say("error", msg("project_gone", self.lang, name=escape_markdown(self.project.name)))]
        except StoreError as exc:
            if not catch:
                raise
            # nothing of this input was written: back to where it found the conversation, the
            # question on screen (the state on disk is where another window on the project, or
            # the read-only session's start, left it: an answer sent again after a lock went to
            # the other window's question), with the record as stored
            self._back_to(before)
            if self.store.read_only is None:
                try:
                    self.refresh_record()
                except StoreError:  # not readable either: the record as this window had it
                    pass
            turns = [self.render.say("error", msg("store_failed", self.lang, error=exc.message(self.lang)))]
            self._not_saved = True
        return Outcome(turns, record_changed=self.record is not before[0],
                       step_changed=self.current_step != before[1],
                       pending_changed=(self.pending_id, self.data.to_json()) != before[2:],
                       not_saved=self._not_saved, cut=self._cut)

    def mark_not_saved(self) -> None:
        """What this input asked to write was not written (an export refused)."""
        self._not_saved = True

    # --- dispatch ------------------------------------------------------------------------
    def _handle(self, raw: str) -> list[Turn]:
        return self._take_in_changes_elsewhere() + self._handle_input(raw)

    def _take_in_changes_elsewhere(self) -> list[Turn]:
        """The record as stored now, and the answers this window stored that another window has
        changed since, said once: its conversation said "Opgeslagen: nee" while the record
        panel had quietly taken the other window's "ja". The question asked now is left to what
        this input does with it: an answer says it replaced the other's, asked again it says it
        was answered there."""
        self.refresh_record()
        keys = self.answered_here | ({self.pending_key()} - {None})
        self.answers_changed_elsewhere = set()
        for key in keys:
            found = self.question_at(key)
            if found is not None and self.render.value_text(found[1], self.shown) != self.render.value_text(found[1]):
                self.answers_changed_elsewhere.add(key)
        said = self.answers_changed_elsewhere & self.answered_here - {self.pending_key()}
        return [self.render.changed_elsewhere_turn(n, q) for n in STEPS for q in self.questions(n)
                if self.question_key(n, q.id) in said]

    def _handle_input(self, raw: str) -> list[Turn]:
        # tabs stay until a list answer has read them as its cells' borders (each field's own
        # cleaning makes them spaces): Excel's columns were glued into one name
        text, truncated = clean_text(raw if isinstance(raw, str) else str(raw), max_chars=MAX_TEXT_CHARS,
                                     keep_tabs=self.pending is not None and self.pending.kind == "list")
        out: list[Turn] = []
        if not text.strip():
            return self._empty()
        if truncated:  # kept in part: said, and a script feeding the plain mode is told by its status
            out.append(self.render.say("info", msg("truncated", self.lang, max=MAX_TEXT_CHARS)))
            self._cut = True
        if self.awaiting_confirmation:
            handled = self.proposals.reply(text, out)
            if handled is not None:
                return handled
        if self.data.ambiguous is not None:
            held = self.data.ambiguous
            self.data.ambiguous = None
            choice = intents.resolve_choice(text)
            split = intents.answer_and_question(held)
            if choice == "answer":
                self.user_said(text, "choice")
                return out + self.answers.answer(held)
            if choice == "question":
                self.user_said(text, "choice")
                # of a pasted e-mail, the question it ends in (the whole mail searched for less)
                return out + self.guidance.ask(intents.question_part(held) or held)
            if choice == "both" and split is not None:
                # the answer without its question: "(technisch, behoefte)" before "— is dat
                # realistisch?" was no longer read as the labels it is, and a check misfired
                self.user_said(text, "choice")
                # the question answered right under the line that asked it, then the answer stored
                # and the conversation on: answered after, it stood under the next step's opening
                out += self.guidance.ask(split[1], after=split[0], again=False)
                return out + self.answers.answer(split[0])
            if not self._interface_command and not self._takes_digit(text) and (
                    choice == "both" or as_command(text) is None and intents.is_no_new_input(text)):
                # "nee", "ok", "7" or "?" is no new answer: taken as one, it replaced the line
                # waiting here and was stored (a mistyped "3" as the use case, the step done)
                self.user_said(text, "input")
                self.data.ambiguous = held
                turns = [self.render.say("info", msg("disambiguation_not_a_choice", self.lang,
                                                     reply=escape_markdown(short(text.strip())))),
                         self.render.disambiguation_turn(held)]
                self.commit(out + turns)
                return out + turns
            # a step clicked is no text typed: "ga verder met wat u nu typte" said otherwise
            dropped = "disambiguation_left_for_step" if self._interface_command else "disambiguation_dropped"
            out.append(self.render.say("info", msg(dropped, self.lang, text=escape_markdown(short(held)))))
        if self.data.refill is not None and self.pending is not None:
            kind = intents.classify(text, pending=True)
            if kind in ("answer", "ambiguous"):
                self.user_said(text, "answer")
                return self.answers.refill(text, out)
            if kind == "unsure":  # the part stays empty; on with the step
                self.data.refill = None
                self.user_said(text, "input")
                out += self.answers.advance(self.pending)
                self.commit(out)
                return out
            # a question, or a command that stays where it is (/begrip TRL), asks for the part
            # again after it: the next number typed became a new technology
            command = as_command(text) if kind == "command" else None
            if kind != "question" and (command is None or command.name not in _STAYING_COMMANDS):
                self.data.refill = None
        else:
            self.data.refill = None
        return out + self._dispatch(text, out)

    def _takes_digit(self, text: str) -> bool:
        """Whether `text` is a lone digit that answers what waits: a part asked again (a TRL), a
        choice's number, a number or an amount asked for. At the 1/2 question "4" was refused as
        no choice where the form it was typed at has a fourth."""
        digit = text.strip().rstrip(".")
        q = self.pending
        if not (digit.isascii() and digit.isdigit()) or q is None:  # "²" is a digit int() refuses
            return False
        if self.data.refill is not None or q.kind == "number":
            return True
        if q.kind == "choice":
            return 1 <= int(digit) <= len(q.choices)
        return q.kind == "text" and not says_too_little(q, digit)

    def _empty(self) -> list[Turn]:
        """Nothing typed: say so and ask again what waits. Under a list that has lines, Enter on
        an empty input moves on, as `/volgende` does (the list waits for a next line, see
        answers.list_stays, and says so)."""
        if self.adding_lines:
            return self.commands.next("")
        q = self.pending
        # at an optional question an empty Enter reads as a way to pass it: "Er kwam geen tekst
        # door" sounded like a fault, and did not say how to pass it
        optional = q is not None and not q.required and q.kind != "list" and self.data.refill is None \
            and not self.awaiting_choice
        out = [self.render.say("info", msg("empty_input_optional" if optional else "empty_input", self.lang))]
        if self.data.refill is not None or not self.awaiting_choice:
            self.reask(out, full=True)  # Enter alone: what the question asks, with its help and example
        return out

    def _dispatch(self, text: str, out: list[Turn]) -> list[Turn]:
        """An answer, a question or a command (what came before is in `out`, not yet returned)."""
        if intents.asks_how_to_proceed(text):  # "Waar begin ik?": the plan and this step, not a passage
            self.user_said(text, "question")
            return self.explain_step(lead=msg("how_to_proceed", self.lang, step=self.current_step,
                                              title=self.step_spec().title))
        kind = intents.classify(text, pending=self.pending is not None,
                                question_kind=self.pending.kind if self.pending is not None else None)
        if kind == "command":
            command = as_command(text)
            assert command is not None
            self._user_turn = None if self._interface_command else (text, "command")
            return self.commands.run(command)
        if kind == "question" and self.pending is not None and not intents.has_words(text):
            # "?" alone at a question: what it asks again, with its help and example ("Stel een
            # vraag: er stond geen woord in" left the user where the "?" found them)
            self.user_said(text, "question")
            turns = self.reask([], full=True)
            self.commit(turns)
            return turns
        if kind == "question":
            self.user_said(text, "question")
            return self.guidance.ask(text)
        if kind == "unsure":
            self.user_said(text, "input")
            return self.answers.not_known_yet(text)
        if kind == "greeting":  # nothing to store: say how this works, and ask again
            self.user_said(text, "input")
            assert self.pending is not None
            turns = self.reask([self.render.say("info", msg("greeting", self.lang))])
            self.commit(out + turns)
            return turns
        if kind == "ambiguous" and not self.asks_which_meant and self.pending is not None:
            self.user_said(text, "answer")
            taken = self.render.say("info", msg("taken_as_answer", self.lang, text=escape_markdown(short(text))))
            text, skipped = self._header_skipped(text)
            return self.answers.answer(text, [taken, *skipped])
        if kind == "ambiguous":
            self.user_said(text, "input")
            self.data.ambiguous = text
            turns = [self.render.disambiguation_turn(text)]
            self.commit(out + turns)
            return turns
        self.user_said(text, "answer")
        text, skipped = self._header_skipped(text)
        return self.answers.answer(text, skipped)

    def _header_skipped(self, text: str) -> tuple[str, list[Turn]]:
        """A list's answer without the first row of a pasted table where that row names the
        columns (rec.pasted_header), and the turn that says so: it was stored as an entry."""
        q = self.pending
        header = rec.pasted_header(q.field, text) if q is not None and q.kind == "list" else None
        if header is None:
            return text, []
        said = msg("header_row_skipped", self.lang, row=escape_markdown(" — ".join(header)))
        return text.strip().split("\n", 1)[1], [self.render.say("info", said, field=q.field)]

    def explain_step(self, lead: str | None = None) -> list[Turn]:
        """The current step explained again, with its quote, then the pending question in full."""
        spec = self.step_spec()
        out = [self.render.say("info", lead)] if lead else []
        out.append(self.render.step_turn(spec))
        self.introduced.add(spec.number)
        quote = self.guidance.quote_turn(spec)
        if quote is not None:
            out.append(quote)
        if self.pending is not None:
            out.append(self.render.ask_turn(self.pending))
        self.commit(out)
        return out

    # --- what the parts share ------------------------------------------------------------
    def user_said(self, text: str, kind: str) -> None:
        """The user's turn, written with the next commit."""
        self._user_turn = (text, kind)

    def forget_user_turn(self) -> None:
        """The user's turn is not to be written (a read-only data folder)."""
        self._user_turn = None

    def reask(self, out: list[Turn], *, full: bool = False, back: bool = False) -> list[Turn]:
        """The one re-ask: after a turn that leaves the conversation where it was, the pending
        question again, or the part of the last answer still asked for. In short (it was asked in
        full on this visit), `full` with its help and example where the user asks for them
        (Renderer.ask_again_turn); `back` after something else was said ("Terug naar de vraag:")."""
        if self.pending is not None:
            out.append(self.render.ask_again_turn(self.pending, full=full, back=back))
        return out

    def reply(self, out: list[Turn], *, record_changed: bool = False, full: bool = False) -> list[Turn]:
        """`out` (a command's reply, an answer that could not be used) and the pending question
        again, written."""
        self.reask(out, full=full, back=not full)
        self.commit(out, record_changed=record_changed)
        return out

    def refresh_record(self) -> None:
        """Take the record as stored (another process may have changed it)."""
        loaded = self.store.load_record(self.project.id, rec.ProjectRecord)
        if loaded is None:
            return
        self._stored = loaded
        if rec.stored_form(loaded) != rec.stored_form(self.record):  # the same: no change to show
            self.lists_changed_elsewhere |= {path for path in self._list_fields()
                                             if entry_ids(self.record, path) != entry_ids(loaded, path)}
            self.record = loaded

    def _list_fields(self) -> list[str]:
        return [q.field for n in STEPS for q in self.plan.step(n).questions if q.kind == "list"]

    def list_shown(self, path: str) -> None:
        """The list at `path` has just been numbered in full: its numbers are the ones the user saw."""
        self.lists_changed_elsewhere.discard(path)

    def _note_answered_here(self) -> None:
        """The questions whose answers the record about to be written changes, against the
        record as stored (each change is made on it, read in the same transaction)."""
        for n in STEPS:
            if rec.stored_form(self._stored.step(n)) == rec.stored_form(self.record.step(n)):
                continue
            for q in self.questions(n):
                if q.kind != "list" and self.render.value_text(q, self._stored) != self.render.value_text(q):
                    self.answered_here.add(self.question_key(n, q.id))

    # --- export --------------------------------------------------------------------------
    def export(self, fmt: str, path: Path | str | None = None, *, replace: bool = True) -> Path:
        """Write the record as ``fmt`` (md, docx, json) into the exports folder (or ``path``;
        not ``replace``: an existing file there raises FileExistsError and is left as it was)."""
        if self.exporter is None:
            raise ValueError(msg("export_format_unavailable", self.lang, format=fmt))
        # the project as it is named now (renamed on the projects screen since it was opened);
        # deleted in another window, what this window holds is the last copy: it is written
        try:
            project = self.store.get_project(self.project.id)
        except ProjectNotFound:
            project = self.project
        path = self.exports_dir / export_name(project.name, fmt, self.lang) if path is None else Path(path).expanduser()
        if path.parent == self.exports_dir:  # ours to make (a folder chosen elsewhere is the user's)
            try:
                private_folder(self.exports_dir)
            except OSError as exc:  # "File exists (…/exports)" said nothing of a file in the way
                nl, en = folder_problem(exc, self.exports_dir)
                raise BilingualError(f"{nl}.", f"{en}.", path=self.exports_dir) from exc
        # a document's "last updated" is when this store last wrote the record, as the projects
        # list says; JSON gives the record back as it is (it imports again exactly)
        record = rec.named_as(self.record, project.name, project.organisation,
                              "" if fmt == "json" else project.record_updated)
        # the step on screen: in a read-only folder the store never learnt of a step moved to
        return Path(self.exporter(record, fmt, path, lang=self.lang, replace=replace, current_step=self.current_step,
                                  to_review=self.to_review()))

    def export_turn(self, path: Path) -> Turn:
        """What the conversation says of an export written to `path` (`/export`, the app's
        export dialog): the file and its folder."""
        return self.render.say("export", msg("export_done", self.lang, name=escape_markdown(path.name),
                                             folder=escape_markdown(str(path.parent))))

    def say_exported(self, path: Path) -> Turn:
        """`export_turn`, kept in the conversation (an export made outside it, by the app's
        dialog): said only in a toast and a turn that was never stored, a reopened project no
        longer showed which file had been written where, as it shows what `/export` wrote."""
        with self._lock:
            turn = self.export_turn(path)
            self.commit([turn])
            return turn

    # --- persistence -----------------------------------------------------------------------
    def commit(self, turns: list[Turn], *, record_changed: bool = False) -> None:
        """Write the user's turn (if not yet written), the record, the state and ``turns``
        in one transaction. In a read-only data folder only a changed record is refused (the
        answer is said not to be saved); a question, a step or the record looked at go on
        unwritten, as the notice at the start promised."""
        pid = self.project.id
        if self.store.read_only is not None and not record_changed:
            self._user_turn = None
            return
        if self.data.filling is not None and self.data.filling.question != self.pending_key():
            self.data.filling = None  # the list left for another question: no longer being typed
        if self.data.parked is not None and self.data.parked == self.pending_key():
            self.data.parked = None  # asked: the text set aside there is back in the input
        if record_changed and self._stored.step(self.current_step) != self.record.step(self.current_step):
            self.data.worked_in = self.current_step  # where the user was, should they leave it
        state = (self.current_step, self.pending_id, self.data.to_json())
        with self.store.transaction():
            if self._user_turn is not None:
                text, kind = self._user_turn
                self.store.add_turn(pid, "user", kind, text, step=self.current_step,
                                    field=self.pending.field if self.pending else None)
                self._user_turn = None
            if record_changed:
                self._note_answered_here()
                self.store.save_record(pid, self.record)
                self._stored = self.record
            # where the user is follows the last move made in any window: a window that only
            # asks its question again (after a question to the guidance) left the project there,
            # and it reopened at the question the other window had moved past
            if state != self._state_kept:
                self.store.set_state(pid, ConversationState(*state))
            for turn in turns:
                if turn.seq is None:
                    turn.seq = self.store.add_turn(
                        pid, turn.role, turn.kind, turn.text, step=turn.step, field=turn.field,
                        sources=[citation_to_dict(c) for c in turn.citations] or None,
                        remarks=answer_remarks(turn.answer),
                    )
        self._state_kept = state

    def _back_to(self, before: tuple[rec.ProjectRecord, int, str | None, dict]) -> None:
        """The conversation as an input found it (`_outcome`'s `before`): nothing of it was kept."""
        self._user_turn = None
        self.record, self.current_step, self.pending_id = before[:3]
        self.data = ConversationData.from_json(before[3])
        self._state_kept = None  # what is stored is not known: written with the next input
