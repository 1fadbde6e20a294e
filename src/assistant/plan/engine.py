"""The guided conversation: step 0 and the ten steps, one question at a time.

No user interface in here: the TUI and the plain line mode both drive a :class:`Conversation`
by calling :meth:`Conversation.start` once and :meth:`Conversation.handle` for every line the
user enters; both return the assistant's :class:`Turn` objects to show.

Each user turn is one of
- an answer to the pending question: validated, parsed and stored at once (one transaction
  with the user's turn and the new state), then the next question follows;
- a question to the guidance: answered by the answerer with citations, then the pending
  question is asked again;
- a command (``/volgende``, ``/terug``, ``/stap N``, ``/dossier``, ``/uitleg``, ``/begrip``,
  ``/vraag``, ``/export``, ``/wijzig``, ``/verwijder``, ``/stelvoor``, ``/help``; English
  aliases too).

With a language model configured (``settings.llm``, or ``chat_model`` given), a free-text
answer may fill several fields of the step at once: the engine shows what it would store and
waits for "ja" / "nee" / numbers / ``/wijzig N tekst`` before anything is written; the pending
proposal lives in the conversation state, so it survives a restart. ``/stelvoor`` has the
model draft entries for a list field through the same confirmation.

Text typed by the user is stored literally; wherever an assistant turn quotes it, it is
escaped (:func:`assistant.core.textsafe.escape_markdown`) so nothing typed is interpreted.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as dc_field
from datetime import datetime
from pathlib import Path
from typing import Any

from assistant.answer import SearchIndex
from assistant.answer.extractive import ExtractiveAnswerer
from assistant.answer.messages import message as answer_message
from assistant.knowledge.definitions import definition_subject
from assistant.knowledge.step_numbers import step_number, with_current_step
from assistant.knowledge.types import Answer, Chunk, Citation, Passage, QuestionError
from assistant.plan import glossary
from assistant.plan import intent as intents
from assistant.plan import proposals as props
from assistant.plan import record as rec
from assistant.plan.messages import msg
from assistant.plan.steps import Plan, Question, StepSpec, load_plan
from assistant.store import ConversationState, ProjectInfo, Store, StoreError, StoredTurn, StoreReadOnly
from assistant.core.textsafe import MAX_TEXT_CHARS, clean_text, escape_markdown, safe_filename

log = logging.getLogger(__name__)

STEPS = rec.STEP_NUMBERS
QUOTE_MAX_CHARS = 320
#: What reopening a project says (start): its greeting, the question it asks again, a proposal or
#: choice still waiting, or the next step it opens.
GREETING_KINDS = frozenset({"welcome", "ask", "proposal", "disambiguate", "step", "quote", "info"})
#: A reopening says at most this many turns.
GREETING_TAIL = 8


def _nothing_found_texts() -> frozenset[str]:
    """The extraction's "nothing to fill in" warnings: no failure, so no notice."""
    from assistant.llm import extraction

    return frozenset(t["nothing"] for t in extraction._TEXT.values())


_NOTHING_FOUND = _nothing_found_texts()


# ---------------------------------------------------------------------------------------------
# turns
# ---------------------------------------------------------------------------------------------
@dataclass(slots=True)
class Turn:
    """One turn of the conversation as shown to the user.

    ``text`` is Markdown written by the assistant; any user text inside it is escaped.
    User turns (``role == "user"``) hold the text literally as typed (cleaned of escapes).

    Assistant kinds: ``welcome``, ``step`` (a step's explanation), ``quote`` (a cited passage
    opening a step), ``ask`` (a question), ``stored`` (what an answer stored), ``summary``
    (end of a step), ``guidance`` (an answer from the guidance; ``answer`` is set),
    ``disambiguate``, ``record``, ``help``, ``term``, ``export``, ``info``, ``error``.
    User kinds: ``answer``, ``question``, ``command``, ``choice``, ``input``.
    """

    role: str
    kind: str
    text: str
    step: int | None = None
    field: str | None = None
    question_id: str | None = None
    citations: list[Citation] = dc_field(default_factory=list)
    answer: Answer | None = None
    seq: int | None = None

    @property
    def sources(self) -> list[Citation]:
        return self.citations


def citation_to_dict(c: Citation) -> dict[str, Any]:
    ch = c.passage.chunk
    return {
        "number": c.number, "quote": c.quote, "doc": ch.doc, "title": ch.title,
        "section": ch.section, "text": ch.text, "step": ch.step, "chunk_id": ch.id,
        "source": ch.source, "position": ch.position, "rank": c.passage.rank,
        "score": c.passage.score,
    }


def citation_from_dict(d: dict[str, Any]) -> Citation:
    chunk = Chunk(
        id=str(d.get("chunk_id", "")), doc=str(d.get("doc", "")), title=str(d.get("title", "")),
        section=str(d.get("section", "")), text=str(d.get("text", "")), step=d.get("step"),
        source=str(d.get("source", "")), position=int(d.get("position") or 0),
    )
    passage = Passage(chunk, rank=int(d.get("rank") or 0), score=float(d.get("score") or 0.0))
    return Citation(int(d.get("number") or 0), passage, str(d.get("quote", "")))


def turn_from_stored(t: StoredTurn) -> Turn:
    return Turn(
        role=t.role, kind=t.kind, text=t.text, step=t.step, field=t.field,
        citations=[citation_from_dict(s) for s in t.sources if isinstance(s, dict)], seq=t.seq,
    )


# ---------------------------------------------------------------------------------------------
# small helpers
# ---------------------------------------------------------------------------------------------
_KEYED_SEGMENT = re.compile(r"^\s*[^:=;]{1,40}?\s*[:=]\s*\S")
#: The choice that means "not decided yet" (the procurement strategy of step 6).
UNDECIDED_CHOICE = rec.ProcurementStrategy.UNDECIDED.value
_CHOICE_NUMBER = re.compile(r"^\s*(\d{1,2})\s*(?:[.)\-—–:,]\s*|\s+|$)(.*)$", re.S)


def split_list_answer(text: str, field: str | None = None) -> list[str]:
    """Entries of an answer to a list question: one per line; on a single line, ``;``
    separates entries unless the later segments are ``key: value`` parts of one entry
    (``"Onderhoud daalt; doel: 20%; eis: 1"`` is one criterion)."""
    stripped = text.strip()
    if "\n" in stripped:
        return intents.split_entries(stripped)
    parts = [p.strip() for p in stripped.split(";") if p.strip()]
    if len(parts) > 1 and (_has_entry_keys(parts[1:], field) or _parts_in_order(field)):
        one = _strip_bullet(stripped)
        return [one] if one else []
    return [b for p in parts if (b := _strip_bullet(p))]


def _parts_in_order(field: str | None) -> bool:
    """True when the list's entries take ``;``-separated parts in a fixed order (step 2's
    assessment: name; potential; TRL; …), so that ``;`` on one line never starts a new entry."""
    if not field:
        return False
    try:
        entry = rec.field_spec(field).entry
    except rec.RecordError:
        return False
    return bool(getattr(entry, "_ORDER", ()))


def _entry_name(entry: rec.Entry) -> str:
    """What a list entry is called (its main field), shortened: “Robotic process automation”."""
    return _short(str(getattr(entry, type(entry)._main, "")), 60)


def _has_entry_keys(segments: list[str], field: str | None) -> bool:
    keys: dict[str, str] = {}
    if field:
        try:
            entry = rec.field_spec(field).entry
        except rec.RecordError:
            entry = None
        keys = dict(getattr(entry, "_KEYS", {}) or {})
        if not keys:
            return False
    for seg in segments:
        m = _KEYED_SEGMENT.match(seg)
        if m:
            key = rec._norm(seg.split(":", 1)[0].split("=", 1)[0])
            if not keys or key in keys:
                return True
    return False


def _strip_bullet(text: str) -> str:
    return re.sub(r"^\s*(?:[-*•·–]\s+|\d{1,2}[.)]\s+)", "", text).strip()


def _first_sentences(text: str, limit: int = QUOTE_MAX_CHARS) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    sentences = re.split(r"(?<=[.!?])\s+", text)
    out = ""
    for s in sentences:
        if out and len(out) + len(s) + 1 > limit:
            break
        out = f"{out} {s}".strip()
    if not out or len(out) > limit:
        out = text[:limit].rsplit(" ", 1)[0] + " …"
    return out


def question_label(prompt: str, limit: int = 60) -> str:
    """A short label for a question: its first sentence, shortened."""
    text = " ".join(prompt.split())
    m = re.match(r"^(.+?[?.!:])(?:\s|$)", text)
    first = m.group(1) if m else text
    first = first.rstrip(".:")
    return _short(first, limit)


def _short(text: str, limit: int = 80) -> str:
    """The text on one line, cut before `limit` at a word boundary (never inside a word)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if text[limit - 1] != " " and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip() + "…"


# ---------------------------------------------------------------------------------------------
# the conversation
# ---------------------------------------------------------------------------------------------
AnswererLike = Any  # an Answerer (assistant.answer) or KnowledgeBase, or a factory returning one


class Conversation:
    """The guided conversation for one project, persisted in a :class:`Store`.

    ``answerer`` may be an answerer object (``ask``; ``retrieve`` is used when present), a
    zero-argument callable returning one (called lazily, the first time the guidance is
    needed), or None (no guidance: questions to the guidance get a clear message and steps
    open without a quote).
    """

    def __init__(
        self,
        store: Store,
        project: ProjectInfo | str,
        *,
        answerer: AnswererLike | Callable[[], AnswererLike] | None = None,
        lang: str | None = None,
        settings: Any = None,
        organisation: str = "",
        chat_model: Any = None,
        multiline_hint: str = "list_hint",
    ) -> None:
        #: how the front end enters several lines: plain mode's `"""` blocks or the app's ctrl+j
        self.multiline_hint = multiline_hint
        self.store = store
        #: set while a command comes from the interface rather than from what the user typed
        self._interface_command = False
        self.settings = settings
        self._chat_model: Any = chat_model  # built lazily from settings.llm when None
        self._chat_model_injected = chat_model is not None
        self._llm_error: str | None = None
        self._llm_noted = False
        if isinstance(project, str):
            project, _created = store.open_project(
                project, organisation=organisation, language=lang or getattr(settings, "language", "nl")
            )
        self.project: ProjectInfo = project
        self.lang: str = lang if lang in ("nl", "en") else (project.language or "nl")
        self.plan: Plan = load_plan(self.lang)
        self._answerer_source = answerer
        self._answerer: AnswererLike | None = None
        self._answerer_error: str | None = None
        self._lock = threading.RLock()
        self._quotes: dict[int, Turn | None] = {}
        self._user_turn: tuple[str, str] | None = None

        loaded = store.load_record(project.id, rec.ProjectRecord)
        if loaded is None:
            loaded = rec.new_record(title=project.name, organisation=project.organisation,
                                    language=self.lang)  # type: ignore[arg-type]
            store.save_record(project.id, loaded)
        self.record: rec.ProjectRecord = loaded
        state = store.get_state(project.id)
        self.current_step: int = state.current_step if state.current_step in STEPS else 0
        self.pending_id: str | None = state.pending
        self.data: dict[str, Any] = dict(state.data)
        if self.pending_id is not None and self._find_question(self.current_step, self.pending_id) is None:
            self.pending_id = None  # e.g. a step-9 item that was removed since
        if "proposal" in self.data and not self._proposal_fits():
            self.data.pop("proposal", None)  # made for another question; nothing of it was stored

    # --- public properties -----------------------------------------------------------
    @property
    def pending(self) -> Question | None:
        """The question awaiting an answer, or None."""
        if self.pending_id is None:
            return None
        return self._find_question(self.current_step, self.pending_id)

    @property
    def awaiting_choice(self) -> bool:
        """True while the engine waits for "1 (answer) or 2 (question)"."""
        return "ambiguous" in self.data

    @property
    def awaiting_confirmation(self) -> bool:
        """True while a proposal of the language model waits for "ja" / "nee" / numbers."""
        return "proposal" in self.data

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
            qs = self._judgement_questions() + qs
        return qs

    def history(self, limit: int | None = None) -> list[Turn]:
        """The stored conversation (oldest first)."""
        return [turn_from_stored(t) for t in self.store.turns(self.project.id, limit=limit)]

    def checks(self, step: int | None = None) -> list[Any]:
        """Open checks (warnings) for the record, optionally only those of one step."""
        return _run_checks(self.record, self.lang, step)

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

    def start(self) -> list[Turn]:
        """Greet (new or returning) and ask the pending question. Call once per session."""
        with self._lock:
            self._drop_unanswered_greeting()
            return self._greet()

    def resume(self, *, save: bool = True) -> tuple[list[Turn], list[Turn]]:
        """`start`, with the conversation so far read in between: without the unanswered
        greeting that this opening replaces, before the new one. Without `save` (a read-only
        data folder) the greeting is only shown."""
        with self._lock:
            self._drop_unanswered_greeting()
            return self.history(), self._greet(save=save)

    def _greet(self, *, save: bool = True) -> list[Turn]:
        with self._lock:
            out: list[Turn] = []
            fresh = self.store.turn_count(self.project.id) == 0
            if fresh:
                out.append(self._say("welcome", msg("welcome_new", self.lang, project=escape_markdown(self.project.name))))
                out += self._open_step(0)
            else:
                spec = self.step_spec()
                out.append(self._say("welcome", msg(
                    "welcome_back", self.lang, project=escape_markdown(self.project.name),
                    step=spec.number, title=spec.title)))
                if self.awaiting_confirmation:
                    turn = self._pending_proposal_turn()
                    if turn is not None:
                        out.append(turn)
                    elif self.pending is not None:
                        out.append(self._ask_turn(self.pending))
                elif self.awaiting_choice:
                    out.append(self._disambiguation_turn(str(self.data["ambiguous"])))
                elif isinstance(self.data.get("refill"), dict) and self.pending is not None:
                    out.append(self._refill_turn(self.data["refill"]))
                elif self.pending is not None:
                    out.append(self._ask_turn(self.pending))
                else:
                    nxt = rec.next_open_step(self.record, self.current_step - 1)
                    if nxt is None:
                        out.append(self._say("info", msg("all_done", self.lang)))
                    else:
                        out += self._open_step(nxt)
            if save:
                self._commit(out)
            return out

    def handle(self, text: str) -> list[Turn]:
        """Process one user turn; returns the assistant's turns to show."""
        with self._lock:
            try:
                return self._handle(text)
            except StoreError as exc:
                self._reload()
                return [self._say("error", msg("store_failed", self.lang, error=exc.message(self.lang)))]

    def goto(self, step: int) -> list[Turn]:
        """Open a step chosen in the interface (a click, a key): like `/stap N`, but nothing
        the user typed is added to the conversation."""
        with self._lock:
            self._interface_command = True
            try:
                return self._handle(f"/stap {int(step)}")
            except StoreError as exc:
                self._reload()
                return [self._say("error", msg("store_failed", self.lang, error=exc.message(self.lang)))]
            finally:
                self._interface_command = False

    # --- dispatch ------------------------------------------------------------------------
    def _handle(self, raw: str) -> list[Turn]:
        text, truncated = clean_text(raw if isinstance(raw, str) else str(raw), max_chars=MAX_TEXT_CHARS)
        out: list[Turn] = []
        if not text.strip():
            out.append(self._say("info", msg("empty_input", self.lang)))
            if isinstance(self.data.get("refill"), dict) and self.pending is not None:
                out.append(self._refill_turn(self.data["refill"]))
            elif self.pending is not None and not self.awaiting_choice:
                out.append(self._ask_turn(self.pending, brief=True))
            return out
        if truncated:
            out.append(self._say("info", msg("truncated", self.lang, max=MAX_TEXT_CHARS)))

        if self.awaiting_confirmation:
            handled = self._proposal_reply(text, out)
            if handled is not None:
                return handled

        if self.awaiting_choice:
            held = str(self.data.pop("ambiguous"))
            choice = intents.resolve_choice(text)
            if choice == "answer":
                self._user_turn = (text, "choice")
                return out + self._answer(held)
            if choice == "question":
                self._user_turn = (text, "choice")
                return out + self._guidance(held)
            out.append(self._say("info", msg("disambiguation_dropped", self.lang, text=escape_markdown(_short(held)))))

        refill = self.data.pop("refill", None)
        if isinstance(refill, dict) and self.pending is not None:
            kind = intents.classify(text, pending=True)
            if kind in ("answer", "ambiguous"):
                self._user_turn = (text, "answer")
                return self._refill(refill, text, out)
            if kind == "unsure":  # the part stays empty; on with the step
                self._user_turn = (text, "input")
                out += self._advance(self.pending)
                self._commit(out)
                return out
        if intents.asks_how_to_proceed(text):  # "Waar begin ik?": the plan and this step, not a passage
            self._user_turn = (text, "question")
            return out + self._explain_step(lead=msg("how_to_proceed", self.lang, step=self.current_step,
                                                     title=self.step_spec().title))
        kind = intents.classify(text, pending=self.pending is not None)
        if kind == "command":
            command = intents.parse_command(text)
            assert command is not None
            self._user_turn = None if self._interface_command else (text, "command")
            return out + self._command(command)
        if kind == "question":
            self._user_turn = (text, "question")
            return out + self._guidance(text)
        if kind == "unsure":
            self._user_turn = (text, "input")
            return out + self._not_known_yet()
        if kind == "ambiguous":
            self._user_turn = (text, "input")
            self.data["ambiguous"] = text
            out.append(self._disambiguation_turn(text))
            self._commit(out)
            return out
        self._user_turn = (text, "answer")
        return out + self._answer(text)

    # --- answers -------------------------------------------------------------------------
    def _answer(self, text: str, prefix: list[Turn] | None = None) -> list[Turn]:
        q = self.pending
        if q is None:
            return list(prefix or []) + self._guidance(text)
        if self._wants_extraction(q, text):
            prefix = list(prefix or [])
            proposed = self._propose(q, text, prefix)
            if proposed is not None:
                return proposed
        # One write transaction from reading the record to storing it: another process (or
        # window) on the same project cannot slip a change in between and lose it.
        return self._answer_plain(q, text, list(prefix or []))

    def _not_known_yet(self) -> list[Turn]:
        """"Weet ik nog niet": nothing is stored, the question stays open (or keeps its answer)
        and the conversation moves on, saying how to come back. A choice that has "not decided
        yet" among its options gets that option."""
        q = self.pending
        assert q is not None
        undecided = next((c for c in q.choices if c.value == UNDECIDED_CHOICE), None)
        if undecided is not None:
            return self._answer(undecided.value)
        if self._is_answered(q):
            key = "unsure_kept"
        else:
            key = "unsure_required" if q.required else "unsure"
        out = [self._say("info", msg(key, self.lang, step=self.current_step), field=q.field)]
        out += self._advance(q)
        self._commit(out)
        return out

    def _refresh_record(self) -> None:
        """Take the record as stored (another process may have changed it)."""
        loaded = self.store.load_record(self.project.id, rec.ProjectRecord)
        if loaded is not None:
            self.record = loaded

    def _answer_locked(self, q: Question, text: str, out: list[Turn]) -> list[Turn]:
        new = self.record.model_copy(deep=True)
        try:
            stored = self._apply(new, q, text)
        except rec.RecordError as exc:
            out.append(self._say("error", msg("cannot_parse", self.lang, reason=exc.message(self.lang)),
                                 field=q.field))
            out.append(self._ask_turn(q, brief=True))
            self._commit(out)
            return out
        before = {_check_key(w) for w in _run_checks(self.record, self.lang, None)}
        self.record = new
        fresh = [w for w in _run_checks(new, self.lang, None)
                 if _check_key(w) not in before and not self._asked_later(q, w)]
        if fresh:
            stored.text += "".join(f"\n\n⚠ {_check_text(w, self.lang)}" for w in fresh)
        out.append(stored)
        if q.kind == "list":
            self.data["last_list"] = q.field
        refill = self.data.get("refill")
        out += [self._refill_turn(refill)] if isinstance(refill, dict) else self._advance(q)
        self._commit(out, record_changed=True)
        return out

    def _refill_turn(self, refill: dict[str, Any]) -> Turn:
        """Ask for the part of the last answer that could not be read (step 2's TRL)."""
        text = msg(f"refill_{refill['part']}", self.lang, entry=escape_markdown(str(refill["entry"])))
        q = self.pending
        return Turn("assistant", "ask", text, step=self.current_step,
                    field=q.field if q is not None else None, question_id=q.id if q is not None else None)

    def _refill(self, refill: dict[str, Any], text: str, out: list[Turn]) -> list[Turn]:
        """Store the answer to `_refill_turn`; a bad one gets the reason and the same question."""
        q = self.pending
        assert q is not None
        with self.store.transaction():
            self._refresh_record()
            new = self.record.model_copy(deep=True)
            try:
                rec.set_field(new, str(refill["field"]), text)
            except rec.FieldPathError:  # the entry was removed meanwhile: nothing to complete
                out += self._advance(q)
                self._commit(out)
                return out
            except rec.RecordError as exc:
                self.data["refill"] = refill
                out.append(self._say("error", msg("cannot_parse", self.lang, reason=exc.message(self.lang)), field=q.field))
                out.append(self._refill_turn(refill))
                self._commit(out)
                return out
            self.record = new
            value = rec.format_value(rec.get_field(new, str(refill["field"])), self.lang)
            part = msg(f"part_{refill['part']}", self.lang)
            out.append(self._say("stored", f"{msg('stored', self.lang, field=part)}\n> {escape_markdown(value)}",
                                 field=q.field, step=self.current_step))
            out += self._advance(q)
            self._commit(out, record_changed=True)
            return out

    def _apply(self, record: rec.ProjectRecord, q: Question, text: str) -> Turn:
        label = escape_markdown(question_label(q.prompt))
        if q.kind == "list":
            entries = split_list_answer(text, q.field)
            if not entries:
                raise rec.ParseError("Leeg antwoord.", "Empty answer.")
            added = []
            for entry in entries:
                added += rec.apply_text(record, q.field, entry)
            items = rec.get_field(record, q.field)
            total = len(items)
            numbers = {e.id: i for i, e in enumerate(items, 1)}
            lines = "\n".join(f"{numbers.get(e.id, '-')}. {escape_markdown(e.summary(self.lang))}" for e in added)
            body = msg("stored_entries", self.lang, count=len(added), field=label, total=total)
            # a blank line: a list that starts at 2. cannot interrupt a paragraph, it would be run into it
            text = f"{body}\n\n{lines}"
            unread = [(e, part, typed) for e in added for part, typed in e.unread().items()]
            for e, part, typed in unread:
                text += "\n\n" + msg("part_unread", self.lang, part=msg(f"part_{part}", self.lang),
                                     text=escape_markdown(_short(typed)), entry=escape_markdown(_entry_name(e)))
            if unread:
                e, part, _typed = unread[0]
                self.data["refill"] = {"field": f"{q.field}.{e.id}.{part}", "part": part, "entry": _entry_name(e)}
            return self._say("stored", text, field=q.field, step=self.current_step)
        value_text = self._choice_text(q, text) if q.kind == "choice" else text
        rec.apply_text(record, q.field, value_text)
        value = rec.get_field(record, q.field) if not q.field.startswith("step9.judgements.") else \
            rec.find_judgement(record, q.ref_id or q.field.split(".")[2])
        shown = rec.format_value(value, self.lang) if value is not None else value_text
        return self._say("stored", f"{msg('stored', self.lang, field=label)}\n> {escape_markdown(_short(shown, 400))}",
                         field=q.field, step=self.current_step)

    def _asked_later(self, q: Question, warning: Any) -> bool:
        """True when a later question of this step asks for what the check misses (so the
        warning would only be noise right now)."""
        path = getattr(warning, "field", None)
        if not isinstance(path, str) or not path:
            return False
        ids = [x.id for x in self.questions()]
        later = self.questions()[ids.index(q.id) + 1:] if q.id in ids else []
        return any(x.field == path or x.field.startswith(path + ".") or path.startswith(x.field + ".")
                   for x in later if not self._is_answered(x))

    def _choice_text(self, q: Question, text: str) -> str:
        """'2' or '2 — toelichting' picks the second choice; 'innovatiepartnerschap?' is
        taken as the choice it names."""
        text = text.strip()
        if "\n" not in text:
            text = text.rstrip("? ") or text
        m = _CHOICE_NUMBER.match(text)
        if m and q.choices:
            n = int(m.group(1))
            if 1 <= n <= len(q.choices):
                rest = m.group(2).strip()
                value = q.choices[n - 1].value
                return f"{value} — {rest}" if rest else value
        return text

    # --- guidance ------------------------------------------------------------------------
    def _guidance(self, question: str) -> list[Turn]:
        try:
            self._commit([])  # the question itself is saved before the (slow) search
            saving = True
        except StoreReadOnly:  # a read-only data folder (said when it opened): answered, not kept
            self._user_turn = None
            saving = False
        out: list[Turn] = []
        answerer = self._get_answerer()
        if answerer is None:
            out.append(self._say("error", msg("guidance_unavailable", self.lang,
                                              error=self._answerer_error or "—")))
        else:
            try:
                answer = answerer.ask(self._search_text(question), lang=self.lang)
            except QuestionError:  # "?" alone: nothing to search for
                out.append(self._say("info", answer_message("empty_question", self.lang)))
            except Exception as exc:  # noqa: BLE001 - any failure: a message, the conversation goes on
                log.warning("guidance failed: %s", exc)
                out.append(self._say("error", msg("guidance_unavailable", self.lang, error=_error_text(exc, self.lang))))
            else:
                text = answer.text.strip() if answer.text else ""
                if not answer.found and not text:
                    text = msg("not_in_guidance", self.lang)
                out.append(Turn("assistant", "guidance", text, step=self.current_step,
                                citations=list(answer.citations), answer=answer))
                note = None if answer.found else glossary_note(question, self.lang)
                if note:
                    out.append(self._say("term", note))
        q = self.pending
        if q is not None:
            out.append(self._ask_turn(q, brief=True, back=True))
        if saving:
            self._commit(out)
        return out

    def _search_text(self, question: str) -> str:
        """What to search the guidance for: "deze stap" / "the next step" named by number, and a
        short question about the question asked ("Wat moet ik hier invullen?") with its words."""
        # the guidance numbers steps 1 to 10: step 0 is found by what it is about
        unnumbered = {0: self.step_spec(0).guidance_query}
        text = with_current_step(question, self.current_step, unnumbered=unnumbered)
        q = self.pending
        if q is not None and intents.about_this_question(question):
            step = f" (stap {self.current_step})" if self.current_step in range(1, 11) else ""
            text = f"{text} {q.prompt}{step}"
        return text

    def _get_answerer(self) -> AnswererLike | None:
        if self._answerer is not None:
            return self._answerer
        source = self._answerer_source
        if source is None:
            self._answerer_error = self._answerer_error or ("no knowledge base" if self.lang == "en" else "geen kennisbank")
            return None
        if hasattr(source, "ask"):
            self._answerer = source
            return source
        if callable(source):
            try:
                self._answerer = source()
            except Exception as exc:  # noqa: BLE001
                log.warning("building the answerer failed: %s", exc)
                self._answerer_error = _error_text(exc, self.lang)
                self._answerer_source = None
                return None
            return self._answerer
        return None

    def _quote_turn(self, spec: StepSpec) -> Turn | None:
        if spec.number in self._quotes:
            cached = self._quotes[spec.number]
            return None if cached is None else Turn(
                cached.role, cached.kind, cached.text, step=cached.step, citations=list(cached.citations))
        answerer = self._get_answerer()
        if answerer is None:
            return None
        try:
            turn = self._find_quote(answerer, spec)
        except Exception as exc:  # noqa: BLE001 - e.g. the index is still loading: try again later
            log.warning("step quote failed: %s", exc)
            return None
        self._quotes[spec.number] = turn
        return Turn(turn.role, turn.kind, turn.text, step=turn.step, citations=list(turn.citations)) \
            if turn is not None else None

    def _find_quote(self, answerer: AnswererLike, spec: StepSpec) -> Turn | None:
        passage: Passage | None = None
        quote = ""
        kb = answerer if callable(getattr(answerer, "retrieve", None)) else getattr(answerer, "kb", None)
        retrieve = getattr(kb, "retrieve", None)  # a generative answerer wraps the knowledge base
        if callable(retrieve):
            result = retrieve(spec.guidance_query, k=20)
            passages = list(getattr(result, "passages", result) or [])
            same_step = [p for p in passages if p.step == spec.number]
            pick = same_step or passages
            if pick:
                passage = pick[0]
                choose = ExtractiveAnswerer(kb).quote if isinstance(kb, SearchIndex) else getattr(kb, "quote", None)
                # the sentences that say what the step is about, not the passage's opening words
                quote = (choose(spec.guidance_query, passage) if callable(choose) else "") \
                    or _first_sentences(passage.text)
        if passage is None:
            answer = answerer.ask(spec.guidance_query, lang=self.lang)
            if answer.citations:
                passage = answer.citations[0].passage
                quote = _first_sentences(answer.citations[0].quote or passage.text)
        if passage is None or not quote:
            return None
        citation = Citation(1, passage, quote)
        text = f"{msg('guidance_quote_intro', self.lang)}\n\n> “{escape_markdown(quote)}” [1]"
        return Turn("assistant", "quote", text, step=spec.number, citations=[citation])

    # --- commands ------------------------------------------------------------------------
    def _command(self, command: intents.Command) -> list[Turn]:
        handler = {
            "next": self._cmd_next, "back": self._cmd_back, "step": self._cmd_step,
            "record": self._cmd_record, "explain": self._cmd_explain, "term": self._cmd_term,
            "ask": self._cmd_ask, "export": self._cmd_export, "help": self._cmd_help,
            "edit": self._cmd_edit, "remove": self._cmd_remove, "draft": self._cmd_draft,
        }.get(command.name)
        if handler is None:
            out = [self._say("error", msg("unknown_command", self.lang, command=escape_markdown("/" + _short(command.raw, 30))))]
            if self.pending is not None:
                out.append(self._ask_turn(self.pending, brief=True))
            self._commit(out)
            return out
        return handler(command.arg)

    def _cmd_next(self, arg: str) -> list[Turn]:
        q = self.pending
        if q is None:
            nxt = rec.next_open_step(self.record, self.current_step)
            out = [self._say("info", msg("all_done", self.lang))] if nxt is None else self._open_step(nxt)
            self._commit(out)
            return out
        value = rec.get_field(self.record, q.field) if not q.field.startswith("step9.judgements.") else \
            rec.find_judgement(self.record, q.ref_id or "")
        filled = rec.is_filled(value) if value is not None else False
        key = "skipped_required" if q.required and not filled else "skipped"
        out = [self._say("info", msg(key, self.lang), field=q.field)]
        out += self._advance(q)
        self._commit(out)
        return out

    def _cmd_back(self, arg: str) -> list[Turn]:
        qs = self.questions()
        q = self.pending
        idx = next((i for i, x in enumerate(qs) if q is not None and x.id == q.id), len(qs))
        if idx > 0:
            target = qs[idx - 1]
            self.pending_id = target.id
            out = [self._ask_turn(target)]
        elif self.current_step > 0:
            self.current_step -= 1
            prev = self.questions()
            self.pending_id = prev[-1].id
            out = [self._step_turn(self.step_spec(), with_explanation=False), self._ask_turn(prev[-1])]
        else:
            out = [self._say("info", msg("at_start", self.lang))]
            if q is not None:
                out.append(self._ask_turn(q, brief=True))
        self._commit(out)
        return out

    def _cmd_step(self, arg: str) -> list[Turn]:
        arg = arg.strip()
        if (number := step_number(arg)) is not None:
            arg = str(number)  # "/stap drie", "/step third"
        if not arg:
            out = [self._say("error", msg("step_usage", self.lang))]
        elif not re.fullmatch(r"[+-]?\d{1,6}", arg):
            out = [self._say("error", msg("step_usage", self.lang))]
        elif int(arg) not in STEPS:
            out = [self._say("error", msg("step_out_of_range", self.lang, value=escape_markdown(arg)))]
        else:
            out = self._open_step(int(arg))
            self._commit(out)
            return out
        if self.pending is not None:
            out.append(self._ask_turn(self.pending, brief=True))
        self._commit(out)
        return out

    def _cmd_record(self, arg: str) -> list[Turn]:
        out = [self._say("record", self.record_text())]
        if self.pending is not None:
            out.append(self._ask_turn(self.pending, brief=True))
        self._commit(out)
        return out

    def _cmd_explain(self, arg: str) -> list[Turn]:
        return self._explain_step()

    def _explain_step(self, lead: str | None = None) -> list[Turn]:
        spec = self.step_spec()
        out = [self._say("info", lead)] if lead else []
        out.append(self._step_turn(spec))
        quote = self._quote_turn(spec)
        if quote is not None:
            out.append(quote)
        if self.pending is not None:
            out.append(self._ask_turn(self.pending))
        self._commit(out)
        return out

    def _cmd_term(self, arg: str) -> list[Turn]:
        term = arg.strip()
        out: list[Turn] = []
        if not term:
            out.append(self._say("term", _glossary_overview(self.lang)))
        else:
            found = _glossary_lookup(term, self.lang)
            if found is not None:
                out.append(self._say("term", found))
            else:
                suggestions = _glossary_suggest(term, self.lang)
                out.append(self._say("info", msg("term_unknown", self.lang, term=escape_markdown(_short(term, 60)))
                                     + (" " + msg("term_suggest", self.lang, terms=", ".join(suggestions)) if suggestions else "")))
                if self._get_answerer() is not None:
                    question = f"Wat is {term}?" if self.lang == "nl" else f"What is {term}?"
                    self._commit(out)
                    guidance = self._guidance(question)
                    return out + guidance
        if self.pending is not None:
            out.append(self._ask_turn(self.pending, brief=True))
        self._commit(out)
        return out

    def _cmd_ask(self, arg: str) -> list[Turn]:
        if not arg.strip():
            out = [self._say("error", msg("ask_usage", self.lang))]
            self._commit(out)
            return out
        return self._guidance(arg.strip())

    def _cmd_export(self, arg: str) -> list[Turn]:
        fmt = arg.strip().lower().lstrip(".")
        fmt = {"markdown": "md", "word": "docx"}.get(fmt, fmt)
        out: list[Turn] = []
        if fmt not in ("md", "docx", "json"):
            out.append(self._say("error", msg("export_usage", self.lang)))
        else:
            try:
                path = self.export(fmt)
            except Exception as exc:  # noqa: BLE001 - ExportError, OSError: a message
                out.append(self._say("error", msg("export_failed", self.lang, error=_error_text(exc, self.lang))))
            else:
                out.append(self._say("export", msg("export_done", self.lang, path=escape_markdown(str(path)))))
        if self.pending is not None:
            out.append(self._ask_turn(self.pending, brief=True))
        self._commit(out)
        return out

    def _cmd_help(self, arg: str) -> list[Turn]:
        out = [self._say("help", msg("help", self.lang))]
        if self.pending is not None:
            out.append(self._ask_turn(self.pending, brief=True))
        self._commit(out)
        return out

    def _list_field(self) -> str | None:
        """The list that ``/wijzig`` and ``/verwijder`` work on: the pending question's list
        when it has entries, else the list answered last (e.g. criteria just entered while
        the next list question is already pending)."""
        q = self.pending
        pending = q.field if q is not None and q.kind == "list" else None
        last = self.data.get("last_list")
        last = last if isinstance(last, str) and rec.is_valid_path(last) else None
        if pending and rec.get_field(self.record, pending):
            return pending
        if last and rec.get_field(self.record, last):
            return last
        return pending or last

    def _cmd_edit(self, arg: str) -> list[Turn]:
        return self._edit_or_remove(arg, remove=False)

    def _cmd_remove(self, arg: str) -> list[Turn]:
        return self._edit_or_remove(arg, remove=True)

    def _edit_or_remove(self, arg: str, *, remove: bool) -> list[Turn]:
        out: list[Turn] = []
        path = self._list_field()
        if path is None:
            out.append(self._say("error", msg("no_list", self.lang)))
        else:
            label = escape_markdown(self._field_label(path))
            m = re.fullmatch(r"#?(\d{1,4})(?:\s+(.+))?", arg.strip(), re.S)
            if not m or (not remove and not (m.group(2) or "").strip()):
                out.append(self._say("error", msg("remove_usage" if remove else "edit_usage", self.lang, field=label)))
            else:
                n = int(m.group(1))
                items = rec.get_field(self.record, path)
                if not 1 <= n <= len(items):
                    out.append(self._say("error", msg("no_such_entry", self.lang, n=n, field=label, count=len(items))))
                else:
                    with self.store.transaction():
                        self._refresh_record()
                        return self._edit_locked(path, label, n, m.group(2), remove=remove)
        if self.pending is not None:
            out.append(self._ask_turn(self.pending, brief=True))
        self._commit(out)
        return out

    def _edit_locked(self, path: str, label: str, n: int, change: str | None, *, remove: bool) -> list[Turn]:
        out: list[Turn] = []
        items = rec.get_field(self.record, path)
        if not 1 <= n <= len(items):  # the list changed in another window meanwhile
            out.append(self._say("error", msg("no_such_entry", self.lang, n=n, field=label, count=len(items))))
        else:
            new = self.record.model_copy(deep=True)
            entry_id = rec.get_field(new, path)[n - 1].id
            try:
                if remove:
                    rec.remove_entry(new, path, entry_id)
                else:
                    rec.edit_entry(new, path, entry_id, (change or "").strip())
            except rec.RecordError as exc:
                out.append(self._say("error", msg("cannot_parse", self.lang, reason=exc.message(self.lang))))
            else:
                self.record = new
                key = "entry_removed" if remove else "entry_edited"
                out.append(self._say("stored", msg(key, self.lang, n=n, field=label) + "\n"
                                     + self._entries_text(path), field=path))
                if self.pending_id is not None and self.pending is None:
                    # the pending question was about the removed entry (step 9)
                    qs = self.questions()
                    first = next((x for x in qs if not self._is_answered(x)), None)
                    self.pending_id = first.id if first is not None else None
                if self.pending is not None:
                    out.append(self._ask_turn(self.pending, brief=True))
                self._commit(out, record_changed=True)
                return out
        if self.pending is not None:
            out.append(self._ask_turn(self.pending, brief=True))
        self._commit(out)
        return out

    # --- the language model: proposals and drafts (issue 6) -----------------------------
    #: commands that leave a pending proposal waiting (shown again after them); every
    #: other command ("" is an unknown one, a typo) drops it, with nothing of it stored
    _KEEP_PROPOSAL = frozenset({"help", "record", "explain", "term", "ask", "export", ""})

    def _llm_configured(self) -> bool:
        if self._chat_model_injected:
            return True
        llm = getattr(self.settings, "llm", None)
        return llm is not None and getattr(llm, "provider", "none") != "none"

    def _llm_settings(self) -> Any:
        """The LLM settings for messages; None for an injected model (described from itself)."""
        return None if self._chat_model_injected else getattr(self.settings, "llm", None)

    def _get_chat_model(self) -> Any:
        """The chat model, built on first use from ``settings.llm``; None when there is none
        or it cannot be built (the reason is kept in ``_llm_error``)."""
        if self._chat_model is not None:
            return self._chat_model
        if not self._llm_configured() or self._llm_error is not None:
            return None
        from assistant.llm.models import LLMConfigError, build_chat_model

        try:
            self._chat_model = build_chat_model(self.settings.llm, lang=self.lang)
        except LLMConfigError as exc:
            self._llm_error = str(exc) or type(exc).__name__
        except Exception as exc:  # noqa: BLE001 - a broken client library: no model, a reason
            self._llm_error = f"{type(exc).__name__}: {exc}"
        if self._llm_error is not None:
            log.warning("language model not usable in the conversation: %s", self._llm_error)
        return self._chat_model

    def _extraction_questions(self, q: Question) -> list[Question]:
        """The pending question and the step's other open questions (step-9 judgements are
        judged one by one, never extracted)."""
        return [x for x in self.questions()
                if x.id == q.id or (not x.field.startswith("step9.judgements.") and not self._is_answered(x))]

    def _wants_extraction(self, q: Question, text: str) -> bool:
        if not self._llm_configured() or q.field.startswith("step9.judgements."):
            return False
        if len(text.split()) < 3:  # "ja", "3", "€ 250.000": one field, as typed
            return False
        return any(x.id != q.id for x in self._extraction_questions(q))

    def _llm_notice(self, error: str) -> Turn:
        return self._say("info", msg("llm_fallback", self.lang, error=escape_markdown(_short(error, 240))))

    def _propose(self, q: Question, text: str, out: list[Turn]) -> list[Turn] | None:
        """Ask the model which of the step's fields ``text`` fills. A proposal touching more
        than the pending question is shown and kept for confirmation (the turns are
        returned); otherwise None: the answer is stored as typed (a failure noted in ``out``)."""
        from assistant.llm.extraction import propose_values

        model = self._get_chat_model()
        if model is None:
            if self._llm_error is not None and not self._llm_noted:
                self._llm_noted = True
                out.append(self._llm_notice(self._llm_error))
            return None
        self._refresh_record()
        try:
            proposal = propose_values(self.record, self._extraction_questions(q), text, model, self.lang,
                                      llm=self._llm_settings())
        except Exception as exc:  # noqa: BLE001 - any failure: stored as typed, with a notice
            log.warning("record extraction failed: %s", exc)
            out.append(self._llm_notice(str(exc) or type(exc).__name__))
            return None
        if not proposal.changes:
            if proposal.warnings and proposal.warnings[0] not in _NOTHING_FOUND:
                out.append(self._llm_notice(proposal.warnings[0]))
            return None
        if all(c.path == q.field for c in proposal.changes):
            return None  # nothing beyond the pending question: the user's own words
        if not any(c.path == q.field for c in proposal.changes):
            proposal.changes[:0] = self._plain_changes(q, text)
        state = {"kind": props.EXTRACT, "step": self.current_step, "question_id": q.id, "field": q.field,
                 "answer": text, **props.dump_proposal(proposal)}
        self.data["proposal"] = state
        out.append(self._proposal_turn(state, proposal))
        self._commit(out)
        return out

    def _plain_changes(self, q: Question, text: str) -> list[Any]:
        """The typed answer to ``q`` as proposed changes (when the model left ``q`` out)."""
        from assistant.llm.extraction import ProposedChange, edit_change

        if q.kind == "list":
            mode, texts = "append", split_list_answer(text, q.field)
        else:
            mode, texts = "set", [self._choice_text(q, text) if q.kind == "choice" else text]
        changes = []
        for item in texts:
            change = ProposedChange(path=q.field, label=q.prompt, mode=mode, value=None, display="")
            try:
                edit_change(self.record, change, item, self.lang)
            except (rec.RecordError, ValueError, TypeError):
                continue
            changes.append(change)
        return changes

    def _proposal_fits(self) -> bool:
        """Whether the stored proposal belongs to where the conversation is now."""
        state = self.data.get("proposal")
        if not isinstance(state, dict) or state.get("step") != self.current_step:
            return False
        if state.get("kind") == props.EXTRACT:
            return self.pending_id is not None and state.get("question_id") == self.pending_id
        return state.get("kind") == props.DRAFT

    def _load_proposal(self, state: Any) -> Any:
        try:
            return props.load_proposal(state)
        except (ValueError, rec.RecordError) as exc:
            log.warning("pending proposal unreadable: %s", exc)
            return None

    def _pending_proposal_turn(self) -> Turn | None:
        state = self.data.get("proposal")
        proposal = self._load_proposal(state)
        if proposal is None:
            self.data.pop("proposal", None)
            return None
        return self._proposal_turn(state, proposal)

    def _proposal_turn(self, state: dict[str, Any], proposal: Any) -> Turn:
        draft = state.get("kind") == props.DRAFT
        field = str(state.get("field") or "")
        if draft:
            head = msg("draft_intro", self.lang, field=escape_markdown(self._field_label(field)))
        else:
            head = msg("proposal_intro", self.lang)
        parts = [head, "\n".join(props.render_lines(proposal, self.lang, label=question_label, show_label=not draft))]
        if proposal.warnings:
            parts.append("\n".join(f"⚠ {escape_markdown(_short(w, 300))}" for w in proposal.warnings))
        parts.append(msg("draft_confirm" if draft else "proposal_confirm", self.lang))
        return Turn("assistant", "proposal", "\n\n".join(parts), step=self.current_step, field=field or None,
                    question_id=state.get("question_id"))

    def _proposal_reply(self, text: str, out: list[Turn]) -> list[Turn] | None:
        """The user's reply while a proposal waits: the turns, or None when ``text`` is to be
        handled as usual (the proposal dropped, or unreadable)."""
        state = self.data["proposal"]
        proposal = self._load_proposal(state)
        if proposal is None:
            self.data.pop("proposal", None)
            out.append(self._say("info", msg("proposal_lost", self.lang)))
            return None
        command = intents.parse_command(text)
        if command is not None:
            if command.name in ("edit", "remove"):
                self._user_turn = (text, "command")
                return out + self._proposal_edit(state, proposal, command)
            if command.name in self._KEEP_PROPOSAL:
                self._user_turn = (text, "command")
                turns = self._command(command)
                again = [self._proposal_turn(state, proposal)]
                self._commit(again)
                return out + turns + again
            self.data.pop("proposal", None)
            out.append(self._say("info", msg("proposal_dropped", self.lang)))
            return None
        choice = intents.resolve_confirmation(text)
        if choice is None:
            if intents.classify(text, pending=True) == "question":
                self._user_turn = (text, "question")
                turns = self._guidance(text)
                again = [self._proposal_turn(state, proposal)]
                self._commit(again)
                return out + turns + again
            self._user_turn = (text, "input")
            out += [self._say("info", msg("proposal_unclear", self.lang)), self._proposal_turn(state, proposal)]
            self._commit(out)
            return out
        self._user_turn = (text, "choice")
        if choice == "none":
            self.data.pop("proposal", None)
            q = self.pending
            if state.get("kind") == props.EXTRACT and q is not None:
                return self._answer_plain(q, str(state.get("answer") or ""), out)
            out.append(self._say("info", msg("proposal_none_kept", self.lang)))
            if q is not None:
                out.append(self._ask_turn(q, brief=True))
            self._commit(out)
            return out
        ids: list[str] | None = None
        if choice != "all":
            count = len(proposal.changes)
            bad = [n for n in choice if not 1 <= n <= count]
            if bad:
                out += [self._say("error", msg("proposal_bad_number", self.lang, n=bad[0], count=count)),
                        self._proposal_turn(state, proposal)]
                self._commit(out)
                return out
            ids = [proposal.changes[n - 1].id for n in choice]
        self.data.pop("proposal", None)
        return self._accept_proposal(state, proposal, ids, out)

    def _proposal_edit(self, state: dict[str, Any], proposal: Any, command: intents.Command) -> list[Turn]:
        """``/wijzig N tekst`` or ``/verwijder N`` on proposed change N (nothing is stored)."""
        from assistant.llm.extraction import edit_change

        out: list[Turn] = []
        remove = command.name == "remove"
        m = re.fullmatch(r"#?(\d{1,4})(?:\s+(.+))?", command.arg.strip(), re.S)
        count = len(proposal.changes)
        if not m or (not remove and not (m.group(2) or "").strip()):
            out.append(self._say("error", msg("proposal_edit_usage", self.lang)))
        elif not 1 <= int(m.group(1)) <= count:
            out.append(self._say("error", msg("proposal_bad_number", self.lang, n=int(m.group(1)), count=count)))
        elif remove:
            n = int(m.group(1))
            del proposal.changes[n - 1]
            out.append(self._say("info", msg("proposal_removed", self.lang, n=n)))
            if not proposal.changes:
                self.data.pop("proposal", None)
                out.append(self._say("info", msg("proposal_dropped", self.lang)))
                if self.pending is not None:
                    out.append(self._ask_turn(self.pending, brief=True))
                self._commit(out)
                return out
            state = self.data["proposal"] = {**state, **props.dump_proposal(proposal)}
        else:
            n = int(m.group(1))
            try:
                edit_change(self.record, proposal.changes[n - 1], m.group(2).strip(), self.lang)
            except rec.RecordError as exc:
                out.append(self._say("error", msg("cannot_parse", self.lang, reason=exc.message(self.lang))))
            else:
                state = self.data["proposal"] = {**state, **props.dump_proposal(proposal)}
                out.append(self._say("info", msg("proposal_edited", self.lang, n=n)))
        out.append(self._proposal_turn(state, proposal))
        self._commit(out)
        return out

    def _accept_proposal(self, state: dict[str, Any], proposal: Any, ids: list[str] | None,
                         out: list[Turn]) -> list[Turn]:
        """Write the accepted changes (all or nothing, in one transaction with the turns)."""
        from assistant.llm.extraction import Proposal, apply_proposal

        draft = state.get("kind") == props.DRAFT
        with self.store.transaction():
            self._refresh_record()
            new = self.record.model_copy(deep=True)
            try:
                written = apply_proposal(new, proposal, ids, lang=self.lang)
            except rec.RecordError as exc:
                out.append(self._say("error", msg("proposal_failed", self.lang, reason=exc.message(self.lang))))
                if self.pending is not None:
                    out.append(self._ask_turn(self.pending, brief=True))
                self._commit(out)
                return out
            q = self.pending
            before = {_check_key(w) for w in _run_checks(self.record, self.lang, None)}
            self.record = new
            shown = Proposal(changes=[c.model_copy(update={"draft": False}) for c in written])
            lines = props.render_lines(shown, self.lang, label=question_label, show_label=not draft, numbered=False)
            stored = self._say("stored", msg("proposal_stored", self.lang, count=len(written)) + "\n" + "\n".join(lines),
                               field=state.get("field"))
            fresh = [w for w in _run_checks(new, self.lang, None)
                     if _check_key(w) not in before and (q is None or not self._asked_later(q, w))]
            if fresh:
                stored.text += "\n\n" + "\n".join(f"⚠ {_check_text(w, self.lang)}" for w in fresh)
            out.append(stored)
            lists = [c.path for c in written if c.mode == "append"]
            if lists:
                self.data["last_list"] = lists[-1]
            if not draft and q is not None and any(c.path == q.field for c in written):
                out += self._advance_open(q)
            elif q is not None:
                out.append(self._ask_turn(q, brief=not draft))
            self._commit(out, record_changed=True)
            return out

    def _answer_plain(self, q: Question, text: str, out: list[Turn]) -> list[Turn]:
        """Store ``text`` as the answer to ``q`` only, as typed (no language model)."""
        with self.store.transaction():
            self._refresh_record()
            return self._answer_locked(q, text, out)

    def _advance_open(self, answered: Question) -> list[Turn]:
        """After several fields were filled at once: the next question still open (after
        ``answered``, else earlier in the step), or the end of the step."""
        qs = self.questions()
        ids = [x.id for x in qs]
        after = qs[ids.index(answered.id) + 1:] if answered.id in ids else qs
        rest = [x for x in after if not self._is_answered(x)] or \
            [x for x in qs if x.id != answered.id and not self._is_answered(x)]
        if rest:
            self.pending_id = rest[0].id
            return [self._ask_turn(rest[0])]
        return self._finish_step()

    def _cmd_draft(self, arg: str) -> list[Turn]:
        """``/stelvoor [veld]``: the model drafts entries for a list field, shown as concept
        and kept for confirmation like an extraction proposal."""
        from assistant.llm.extraction import draft_suggestions

        out: list[Turn] = []
        model = self._get_chat_model() if self._llm_configured() else None
        if not self._llm_configured():
            out.append(self._say("error", msg("draft_needs_llm", self.lang)))
        elif model is None:
            out.append(self._say("error", msg("draft_llm_unusable", self.lang,
                                              error=escape_markdown(_short(self._llm_error or "—", 240)))))
        else:
            target = self._draft_target(arg)
            if isinstance(target, Turn):
                out.append(target)
            else:
                path, label = target
                self._commit([])  # the command is saved before the (slow) model call
                self._refresh_record()
                reason = ""
                try:
                    proposal = draft_suggestions(self.record, path, model, self.lang, label=label,
                                                 llm=self._llm_settings())
                except Exception as exc:  # noqa: BLE001 - any failure: a message, nothing stored
                    log.warning("drafting failed: %s", exc)
                    proposal, reason = None, str(exc) or type(exc).__name__
                if proposal is not None and proposal.changes:
                    state = {"kind": props.DRAFT, "step": self.current_step, "question_id": self.pending_id,
                             "field": path, "answer": "", **props.dump_proposal(proposal)}
                    self.data["proposal"] = state
                    out.append(self._proposal_turn(state, proposal))
                    self._commit(out)
                    return out
                if proposal is not None and proposal.warnings:
                    reason = proposal.warnings[0]
                reason = escape_markdown(_short(reason, 300)) if reason else msg("draft_empty", self.lang)
                out.append(self._say("error", msg("draft_failed", self.lang, reason=reason)))
        if self.pending is not None:
            out.append(self._ask_turn(self.pending, brief=True))
        self._commit(out)
        return out

    def _draft_target(self, arg: str) -> tuple[str, str] | Turn:
        """(list field, label) for ``/stelvoor [veld]``: the pending list question by default,
        else the step's first list; a field by path, name, question id or number."""
        qs = self.questions()
        lists = [x for x in qs if x.kind == "list" and not x.field.startswith("step9.judgements.")]
        wanted = " ".join(arg.split()).lower()
        if not wanted:
            q = self.pending
            pick = q if q is not None and q.kind == "list" else (lists[0] if lists else None)
            if pick is not None:
                return pick.field, question_label(pick.prompt)
            return self._say("error", msg("draft_no_list_in_step", self.lang))
        for x in lists:
            if wanted in (x.field.lower(), x.id.lower(), x.field.rsplit(".", 1)[-1].lower()):
                return x.field, question_label(x.prompt)
        if re.fullmatch(r"\d{1,2}", wanted) and 1 <= int(wanted) <= len(qs) and qs[int(wanted) - 1] in lists:
            x = qs[int(wanted) - 1]
            return x.field, question_label(x.prompt)
        if rec.is_valid_path(wanted) and rec.field_spec(wanted).kind == "list" and not wanted.startswith("step9.judgements"):
            return wanted, self._field_label(wanted)
        for x in lists:
            if wanted in question_label(x.prompt, 200).lower():
                return x.field, question_label(x.prompt)
        if not lists:
            return self._say("error", msg("draft_no_list_in_step", self.lang))
        names = ", ".join(f"`{x.field.rsplit('.', 1)[-1]}`" for x in lists)
        return self._say("error", msg("draft_no_list", self.lang, fields=names))

    # --- navigation ----------------------------------------------------------------------
    def _find_question(self, step: int, qid: str | None) -> Question | None:
        if qid is None:
            return None
        return next((q for q in self.questions(step) if q.id == qid), None)

    def _is_answered(self, q: Question) -> bool:
        if q.field.startswith("step9.judgements."):
            j = rec.find_judgement(self.record, q.ref_id or q.field.split(".")[2])
            return j is not None and j.verdict is not None
        try:
            return rec.is_filled(rec.get_field(self.record, q.field))
        except rec.RecordError:
            return False

    def _open_step(self, n: int) -> list[Turn]:
        """Explanation, quote and the first open question of step ``n``."""
        self.current_step = n
        spec = self.plan.step(n)
        out = [self._step_turn(spec)]
        quote = self._quote_turn(spec)
        if quote is not None:
            out.append(quote)
        qs = self.questions(n)
        first = next((q for q in qs if not self._is_answered(q)), qs[0])
        self.pending_id = first.id
        out.append(self._ask_turn(first))
        return out

    def _advance(self, answered: Question) -> list[Turn]:
        qs = self.questions()
        ids = [q.id for q in qs]
        if answered.id in ids:
            rest = qs[ids.index(answered.id) + 1:]
        else:
            rest = [q for q in qs if not self._is_answered(q)]
        if rest:
            self.pending_id = rest[0].id
            return [self._ask_turn(rest[0])]
        return self._finish_step()

    def _finish_step(self) -> list[Turn]:
        n = self.current_step
        out = [self._say("summary", self._summary_text(n), step=n)]
        nxt = rec.next_open_step(self.record, n)
        if nxt is None:
            self.pending_id = None
            out.append(self._say("info", msg("all_done", self.lang)))
            return out
        spec = self.plan.step(nxt)
        out.append(self._say("info", msg("next_open", self.lang, step=nxt, title=spec.title)))
        if nxt == n:
            qs = self.questions(n)
            first = next((q for q in qs if not self._is_answered(q)), qs[0])
            self.pending_id = first.id
            out.append(self._ask_turn(first))
            return out
        return out + self._open_step(nxt)

    # --- rendering -----------------------------------------------------------------------
    def _say(self, kind: str, text: str, *, field: str | None = None, step: int | None = None) -> Turn:
        return Turn("assistant", kind, text, step=self.current_step if step is None else step, field=field)

    def _step_turn(self, spec: StepSpec, *, with_explanation: bool = True) -> Turn:
        header = f"## {msg('step_header', self.lang, step=spec.number, title=spec.title)}"
        if not with_explanation:
            return self._say("step", header, step=spec.number)
        body = spec.explanation.strip()
        text = f"{header}\n\n{body}"
        if spec.sources:
            based = "Gebaseerd op" if self.lang == "nl" else "Based on"
            text += f"\n\n{based}: " + "; ".join(spec.sources)
        return self._say("step", text, step=spec.number)

    def _field_label(self, path: str) -> str:
        for n in STEPS:
            for q in self.plan.step(n).questions:
                if q.field == path:
                    return question_label(q.prompt)
        if path == "step9.judgements":  # asked per requirement and criterion, not as one question
            return msg("judgements_label", self.lang)
        return path

    def _value_text(self, q: Question) -> str:
        if q.field.startswith("step9.judgements."):
            j = rec.find_judgement(self.record, q.ref_id or "")
            return j.summary(self.lang) if j and j.verdict else ""
        try:
            value = rec.get_field(self.record, q.field)
        except rec.RecordError:
            return ""
        return rec.format_value(value, self.lang) if rec.is_filled(value) else ""

    def _entries_text(self, path: str) -> str:
        items = rec.get_field(self.record, path)
        if not items:
            return msg("nothing_stored", self.lang)
        return "\n".join(f"{i}. {escape_markdown(e.summary(self.lang))}" for i, e in enumerate(items, 1))

    def _ask_turn(self, q: Question, *, brief: bool = False, back: bool = False) -> Turn:
        qs = self.questions()
        ids = [x.id for x in qs]
        n = ids.index(q.id) + 1 if q.id in ids else 1
        head = f"**{msg('question_of', self.lang, n=n, total=len(qs))}** · " + \
            msg("required" if q.required else "optional", self.lang)
        parts = []
        if back:
            parts.append(msg("back_to_question", self.lang))
        parts += [head, q.prompt.strip()]
        # help and example also when the question is asked again (after a command, a question
        # to the guidance or an answer that could not be used): that is when they are needed
        if q.help:
            parts.append(q.help.strip())
        if q.example:
            parts.append(msg("example", self.lang, example=q.example.strip()))
        if q.choices:
            # one per line: run together, a label wrapped apart from its number ("… 3." / "nog niet …")
            choices = "\n".join(f"{i}. {escape_markdown(c.label)}" for i, c in enumerate(q.choices, 1))
            parts.append(msg("choices", self.lang, choices=choices))
        if not brief:
            if q.kind == "list":
                items = rec.get_field(self.record, q.field)
                if items:
                    parts.append(msg("current_entries", self.lang, count=len(items), entries=self._entries_text(q.field)))
                else:
                    parts.append(msg(self.multiline_hint, self.lang))
            else:
                current = self._value_text(q)
                if current:
                    parts.append(msg("current_value", self.lang, value=escape_markdown(_short(current, 300))))
        return Turn("assistant", "ask", "\n\n".join(parts), step=self.current_step, field=q.field, question_id=q.id)

    def _disambiguation_turn(self, text: str) -> Turn:
        return self._say("disambiguate", msg("which_did_you_mean", self.lang, text=escape_markdown(_short(text))))

    def _summary_text(self, n: int) -> str:
        """Markdown blocks separated by a blank line: a line after a list would run into its
        last item."""
        spec = self.plan.step(n)
        blocks = [msg("step_summary", self.lang, step=n, title=spec.title),
                  "\n".join(self._filled_lines(n)) or msg("nothing_stored", self.lang)]
        missing = rec.missing_fields(self.record, n)
        if missing:
            blocks.append(msg("open_required", self.lang, fields="; ".join(escape_markdown(self._field_label(p)) for p in missing)))
        warnings = self.checks(n)
        if warnings:
            blocks.append(msg("checks_header", self.lang))
            blocks.append("\n".join(f"- ⚠ {_check_text(w, self.lang)}" for w in warnings))
        return "\n\n".join(blocks)

    def _filled_lines(self, n: int, *, whole: bool = False) -> list[str]:
        """What step `n` holds, a Markdown list; `whole` keeps labels and answers uncut."""
        limit = 100_000 if whole else 200
        lines = []
        for q in self.questions(n):
            if not self._is_answered(q):
                continue
            label = escape_markdown(question_label(q.prompt, limit if whole else 60))
            if q.kind == "list":
                items = rec.get_field(self.record, q.field)
                lines.append(f"- {label} ({len(items)}):")
                lines += [f"    {i}. {escape_markdown(_short(e.summary(self.lang), limit))}" for i, e in enumerate(items, 1)]
            else:
                lines.append(f"- {label}: {escape_markdown(_short(self._value_text(q), limit))}")
        return lines

    def record_text(self) -> str:
        """The whole record as Markdown: per step its status and what is filled, then checks."""
        lines = [f"## {msg('record_header', self.lang, project=escape_markdown(self.project.name))}"]
        statuses = self.statuses()
        for n in STEPS:
            spec = self.plan.step(n)
            status = msg(f"status_{statuses[n]}", self.lang)
            lines.append(f"\n**{msg('step_header', self.lang, step=n, title=spec.short_title)}** · {status}")
            lines += self._filled_lines(n, whole=True)
        warnings = self.checks()
        if warnings:
            lines.append("\n" + msg("checks_header", self.lang))
            lines += [f"- ⚠ {_check_text(w, self.lang)}" for w in warnings]
        return "\n".join(lines)

    # --- export --------------------------------------------------------------------------
    def export(self, fmt: str, path: Path | str | None = None) -> Path:
        """Write the record as ``fmt`` (md, docx, json) into ``<data>/exports`` (or ``path``)."""
        if path is None:
            base = Path(self.settings.data_path) if self.settings is not None else self.store.path.parent
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            folder = base / "exports"
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"{safe_filename(self.project.name, default='project')}-{stamp}.{fmt}"
        path = Path(path)
        try:
            from assistant.export import export_record
        except ImportError:
            export_record = None
        if export_record is not None:
            return Path(export_record(self.record, fmt, path, lang=self.lang))
        if fmt != "json":
            raise ValueError(msg("export_format_unavailable", self.lang, format=fmt))
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(self.record.model_dump_json(indent=2), encoding="utf-8")
        tmp.replace(path)
        return path

    # --- persistence -----------------------------------------------------------------------
    def _commit(self, turns: list[Turn], *, record_changed: bool = False) -> None:
        """Write the user's turn (if not yet written), the record, the state and ``turns``
        in one transaction."""
        pid = self.project.id
        with self.store.transaction():
            if self._user_turn is not None:
                text, kind = self._user_turn
                self.store.add_turn(pid, "user", kind, text, step=self.current_step,
                                    field=self.pending.field if self.pending else None)
                self._user_turn = None
            if record_changed:
                self.store.save_record(pid, self.record)
            self.store.set_state(pid, ConversationState(self.current_step, self.pending_id, self.data))
            for turn in turns:
                if turn.seq is None:
                    turn.seq = self.store.add_turn(
                        pid, turn.role, turn.kind, turn.text, step=turn.step, field=turn.field,
                        sources=[citation_to_dict(c) for c in turn.citations] or None,
                    )

    def _reload(self) -> None:
        """After a failed write: back to what is on disk."""
        self._user_turn = None
        try:
            loaded = self.store.load_record(self.project.id, rec.ProjectRecord)
            if loaded is not None:
                self.record = loaded
            state = self.store.get_state(self.project.id)
            self.current_step = state.current_step if state.current_step in STEPS else 0
            self.pending_id = state.pending
            self.data = dict(state.data)
        except StoreError:
            pass

    # --- step 9 ----------------------------------------------------------------------------
    def _judgement_questions(self) -> list[Question]:
        """One judgement question per requirement and criterion (judged or not), so that
        navigation through step 9 is stable."""
        from assistant.plan.steps import Choice

        tpl = self.plan.step(9).judgement
        if tpl is None:
            return []
        criteria = {c.id: c for c in self.record.step4.criteria}
        choices = tuple(Choice(value=v, label=lbl) for v, lbl in rec.JudgementVerdict.choices(self.lang))
        out = []
        for ref_id, kind, text in rec.judgement_items(self.record):
            target = criteria[ref_id].target if kind == "criterion" else ""
            template = tpl.requirement_prompt if kind == "requirement" else tpl.criterion_prompt
            prompt = template.format(text=escape_markdown(text), target=escape_markdown(target) if target else "—")
            out.append(Question(id=f"judge_{ref_id}", field=f"step9.judgements.{ref_id}", kind="choice",
                                prompt=prompt, help=tpl.help, example=tpl.example, required=True,
                                choices=choices, ref_id=ref_id, ref_kind=kind))
        return out


# ---------------------------------------------------------------------------------------------
# checks and glossary (other modules; tolerated when absent)
# ---------------------------------------------------------------------------------------------
def _run_checks(record: rec.ProjectRecord, lang: str, step: int | None) -> list[Any]:
    try:
        from assistant.plan import checks as checks_module
    except ImportError:
        return []
    run = getattr(checks_module, "run_checks", None) or getattr(checks_module, "check_record", None)
    if run is None:
        return []
    try:
        warnings = list(run(record, lang=lang))
    except TypeError:
        warnings = list(run(record))
    if step is not None:
        warnings = [w for w in warnings if getattr(w, "step", None) == step]
    return warnings


def _check_key(warning: Any) -> str:
    return str(getattr(warning, "key", None) or getattr(warning, "id", None) or warning)


def _check_text(warning: Any, lang: str) -> str:
    """One check as a Markdown line: its message (escaped: it may quote user text) and the
    guidance it rests on."""
    text = ""
    message = getattr(warning, "message", None)
    if callable(message):
        try:
            text = str(message(lang))
        except TypeError:
            text = str(message())
    elif isinstance(message, str):
        text = message
    text = escape_markdown(text or str(warning))
    ref = getattr(warning, "ref", None)
    label = getattr(ref, "label", None)
    if isinstance(label, str) and label:
        text += f" ({escape_markdown(label)})"
    return text


def glossary_note(question: str, lang: str) -> str | None:
    """For a definition question the guidance does not cover, the assistant's own glossary entry
    for its subject, said to be that: "Wat is een grondrechtentoets?" is not the guidance's word,
    but the glossary has it (under "grondrechten")."""
    subject = definition_subject(question)
    entry = _glossary_lookup(subject, lang) if subject else None
    return msg("glossary_fallback", lang, entry=entry) if entry else None


def _glossary_lookup(term: str, lang: str) -> str | None:
    try:
        from assistant.plan import glossary
    except ImportError:
        return None
    lookup = getattr(glossary, "lookup", None) or getattr(glossary, "find_term", None)
    if lookup is None:
        return None
    try:
        entry = lookup(term, lang=lang)
    except TypeError:
        entry = lookup(term)
    if entry is None:
        return None
    render = getattr(entry, "render", None) or getattr(entry, "markdown", None)
    if callable(render):
        try:
            return str(render(lang))
        except TypeError:
            return str(render())
    return str(entry)


def _glossary_overview(lang: str) -> str:
    """Every term of the glossary, alphabetically, with how to read one."""
    names = sorted((term.name(lang) for term in glossary.load_glossary()), key=str.casefold)
    return msg("term_overview", lang, count=len(names)) + "\n\n" + "\n".join(
        f"- {escape_markdown(name)}" for name in names)


def _glossary_suggest(term: str, lang: str) -> list[str]:
    try:
        from assistant.plan import glossary
    except ImportError:
        return []
    suggest = getattr(glossary, "suggest", None)
    if suggest is None:
        return []
    try:
        return [str(s) for s in suggest(term, lang=lang)][:5]
    except Exception:  # noqa: BLE001
        return []


def _error_text(exc: BaseException, lang: str) -> str:
    message = getattr(exc, "message", None)
    if callable(message):
        try:
            return escape_markdown(str(message(lang)))
        except TypeError:
            pass
    for attr in ("en" if lang == "en" else "nl",):
        value = getattr(exc, attr, None)
        if isinstance(value, str):
            return escape_markdown(value)
    return escape_markdown(str(exc) or type(exc).__name__)


__all__ = ["Conversation", "Turn", "citation_from_dict", "citation_to_dict", "split_list_answer", "turn_from_stored"]
