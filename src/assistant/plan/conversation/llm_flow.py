"""The language model in the conversation (issue 6): proposals and drafts the user confirms.

A free-text answer may fill several fields of the step at once: the conversation shows what it
would store and waits for "ja" / "nee" / numbers / ``/wijzig N tekst`` before anything is
written. ``/stelvoor`` has the model draft entries for a list field through the same
confirmation. The pending proposal lives in the conversation state, so it survives a restart.
The model comes in through the `ProposalMaker` port (:mod:`assistant.plan.ports`).
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

from assistant.core.textsafe import escape_markdown, short
from assistant.plan.command_syntax import Command, parse_command
from assistant.plan import intent as intents
from assistant.plan import proposals as props
from assistant.plan import record as rec
from assistant.plan.conversation.answers import choice_text, is_judgement, split_list_answer
from assistant.plan.conversation.commands import ENTRY_ARG
from assistant.plan.conversation.state import PendingProposal
from assistant.plan.conversation.text import check_text, checks, question_label
from assistant.plan.conversation.turns import Turn
from assistant.plan.messages import cannot_parse, msg
from assistant.plan.ports import ProposalMaker
from assistant.plan.steps import Question

if TYPE_CHECKING:
    from assistant.plan.conversation.engine import Conversation

log = logging.getLogger(__name__)

#: commands that leave a pending proposal waiting (shown again after them); every other
#: command ("" is an unknown one, a typo) drops it, with nothing of it stored
KEEP_PROPOSAL = frozenset({"help", "record", "explain", "term", "ask", "export", ""})


class ProposalFlow:
    """Proposals of the language model, from making them to storing what the user accepts."""

    def __init__(self, conversation: Conversation, maker: ProposalMaker | None) -> None:
        self.c = conversation
        self.maker = maker
        self._noted = False  # the model's being unusable is said once

    @property
    def lang(self) -> str:
        return self.c.lang

    # --- making a proposal --------------------------------------------------------------------
    def _extraction_questions(self, q: Question) -> list[Question]:
        """The pending question and the step's other open questions (step-9 judgements are
        judged one by one, never extracted)."""
        return [x for x in self.c.questions()
                if x.id == q.id or (not is_judgement(x.field) and not self.c.is_answered(x))]

    def wants(self, q: Question, text: str) -> bool:
        """Whether the answer `text` to `q` goes to the model first."""
        if self.maker is None or is_judgement(q.field):
            return False
        if len(text.split()) < 3:  # "ja", "3", "€ 250.000": one field, as typed
            return False
        return any(x.id != q.id for x in self._extraction_questions(q))

    def _notice(self, error: str) -> Turn:
        # the reason ends its own sentence: "… or server down).); your answer …"
        reason = short(error, 240).rstrip(".")
        return self.c.render.say("info", msg("llm_fallback", self.lang, error=escape_markdown(reason)))

    def propose(self, q: Question, text: str, out: list[Turn]) -> list[Turn] | None:
        """Ask the model which of the step's fields ``text`` fills. A proposal touching more
        than the pending question is shown and kept for confirmation (the turns are
        returned); otherwise None: the answer is stored as typed (a failure noted in ``out``)."""
        assert self.maker is not None
        unusable = self.maker.unusable()
        if unusable is not None:
            if not self._noted:
                self._noted = True
                out.append(self._notice(unusable))
            return None
        self.c.refresh_record()
        cancel = self.c.stream[1]
        try:
            proposal = self.maker.propose(self.c.record, self._extraction_questions(q), text, lang=self.lang,
                                          cancel=cancel)
        except Exception as exc:  # noqa: BLE001 - any failure: stored as typed, with a notice
            if cancel is not None and cancel.is_set():  # Escape: the wait ended, as the user asked
                out.append(self.c.render.say("info", msg("llm_cancelled", self.lang)))
                return None
            log.warning("record extraction failed: %s", exc)
            out.append(self._notice(str(exc) or type(exc).__name__))
            return None
        if not proposal.changes:
            if proposal.warnings and not props.nothing_found(proposal):
                out.append(self._notice(proposal.warnings[0]))
            return None
        if all(c.path == q.field for c in proposal.changes):
            return None  # nothing beyond the pending question: the user's own words
        if not any(c.path == q.field for c in proposal.changes):
            proposal.changes[:0] = self._plain_changes(q, text)
        pending = PendingProposal.made(props.EXTRACT, self.c.current_step, q.id, q.field, text, proposal)
        self.c.data.proposal = pending
        out.append(self.turn(pending, proposal))
        self.c.commit(out)
        return out

    def _plain_changes(self, q: Question, text: str) -> list[props.ProposedChange]:
        """The typed answer to ``q`` as proposed changes (when the model left ``q`` out)."""
        if q.kind == "list":
            mode, texts = "append", split_list_answer(text, q.field)
        else:
            mode, texts = "set", [choice_text(q, text) if q.kind == "choice" else text]
        changes = []
        for item in texts:
            change = props.ProposedChange(path=q.field, label=q.prompt, mode=mode, value=None, display="")
            try:
                props.edit_change(self.c.record, change, item, self.lang)
            except (rec.RecordError, ValueError, TypeError):
                continue
            changes.append(change)
        return changes

    # --- the pending proposal -----------------------------------------------------------------
    def fits(self) -> bool:
        """Whether the stored proposal belongs to where the conversation is now."""
        pending = self.c.data.proposal
        if pending is None or pending.step != self.c.current_step:
            return False
        if pending.kind == props.EXTRACT:
            return self.c.pending_id is not None and pending.question_id == self.c.pending_id
        return pending.kind == props.DRAFT

    @staticmethod
    def _load(pending: PendingProposal) -> props.Proposal | None:
        try:
            return pending.proposal()
        except (ValueError, rec.RecordError) as exc:
            log.warning("pending proposal unreadable: %s", exc)
            return None

    def pending_turn(self) -> Turn | None:
        """The waiting proposal shown again (on reopening); None, and dropped, when unreadable."""
        pending = self.c.data.proposal
        proposal = self._load(pending) if pending is not None else None
        if pending is None or proposal is None:
            self.c.data.proposal = None
            return None
        return self.turn(pending, proposal)

    def turn(self, pending: PendingProposal, proposal: props.Proposal) -> Turn:
        draft = pending.is_draft
        if draft:
            head = msg("draft_intro", self.lang, field=escape_markdown(self.c.render.field_label(pending.field)))
        else:
            head = msg("proposal_intro", self.lang)
        parts = [head, "\n".join(props.render_lines(proposal, self.lang, label=question_label, show_label=not draft))]
        if proposal.warnings:
            parts.append("\n".join(f"⚠ {escape_markdown(short(w, 300))}" for w in proposal.warnings))
        parts.append(msg("draft_confirm" if draft else "proposal_confirm", self.lang))
        return Turn("assistant", "proposal", "\n\n".join(parts), step=self.c.current_step,
                    field=pending.field or None, question_id=pending.question_id)

    def reply(self, text: str, out: list[Turn]) -> list[Turn] | None:
        """The user's reply while a proposal waits: the turns, or None when ``text`` is to be
        handled as usual (the proposal dropped, or unreadable)."""
        pending = self.c.data.proposal
        assert pending is not None
        proposal = self._load(pending)
        if proposal is None:
            self.c.data.proposal = None
            out.append(self.c.render.say("info", msg("proposal_lost", self.lang)))
            return None
        command = parse_command(text)
        if command is not None:
            return self._command(text, command, pending, proposal, out)
        choice = intents.resolve_confirmation(text)
        if choice is None:
            if intents.classify(text, pending=True) == "question":
                self.c.user_said(text, "question")
                return out + self._and_again(self.c.guidance.ask(text), pending, proposal)
            self.c.user_said(text, "input")
            out += [self.c.render.say("info", msg("proposal_unclear", self.lang)), self.turn(pending, proposal)]
            self.c.commit(out)
            return out
        self.c.user_said(text, "choice")
        if choice == "none":
            return self._declined(pending, out)
        ids: list[str] | None = None
        if choice != "all":
            count = len(proposal.changes)
            bad = [n for n in choice if not 1 <= n <= count]
            if bad:
                out += [self.c.render.say("error", msg("proposal_bad_number", self.lang, n=bad[0], count=count)),
                        self.turn(pending, proposal)]
                self.c.commit(out)
                return out
            ids = [proposal.changes[n - 1].id for n in choice]
        self.c.data.proposal = None
        return self._accept(pending, proposal, ids, out)

    def _and_again(self, turns: list[Turn], pending: PendingProposal, proposal: props.Proposal) -> list[Turn]:
        """`turns`, then the waiting proposal shown again."""
        again = [self.turn(pending, proposal)]
        self.c.commit(again)
        return turns + again

    def _command(self, text: str, command: Command, pending: PendingProposal,
                 proposal: props.Proposal, out: list[Turn]) -> list[Turn] | None:
        if command.name in ("edit", "remove"):
            self.c.user_said(text, "command")
            return out + self._edit(pending, proposal, command)
        if command.name in KEEP_PROPOSAL:
            self.c.user_said(text, "command")
            return out + self._and_again(self.c.commands.run(command), pending, proposal)
        self.c.data.proposal = None
        out.append(self.c.render.say("info", msg("proposal_dropped", self.lang)))
        return None

    def _declined(self, pending: PendingProposal, out: list[Turn]) -> list[Turn]:
        """"nee": an extraction's answer is stored as typed; a draft leaves nothing."""
        self.c.data.proposal = None
        q = self.c.pending
        if pending.kind == props.EXTRACT and q is not None:
            return self.c.answers.answer_plain(q, pending.answer, out)
        out.append(self.c.render.say("info", msg("proposal_none_kept", self.lang)))
        return self.c.reply(out)

    def _edit(self, pending: PendingProposal, proposal: props.Proposal, command: Command) -> list[Turn]:
        """``/wijzig N tekst`` or ``/verwijder N`` on proposed change N (nothing is stored)."""
        out: list[Turn] = []
        remove = command.name == "remove"
        m = ENTRY_ARG.fullmatch(command.arg.strip())
        count = len(proposal.changes)
        if not m or (not remove and not (m.group(2) or "").strip()):
            out.append(self.c.render.say("error", msg("proposal_edit_usage", self.lang)))
        elif not 1 <= int(m.group(1)) <= count:
            out.append(self.c.render.say("error", msg("proposal_bad_number", self.lang, n=int(m.group(1)), count=count)))
        elif remove:
            n = int(m.group(1))
            del proposal.changes[n - 1]
            out.append(self.c.render.say("info", msg("proposal_removed", self.lang, n=n)))
            if not proposal.changes:
                self.c.data.proposal = None
                out.append(self.c.render.say("info", msg("proposal_dropped", self.lang)))
                return self.c.reply(out)
            pending.keep(proposal)
        else:
            n = int(m.group(1))
            try:
                props.edit_change(self.c.record, proposal.changes[n - 1], m.group(2).strip(), self.lang)
            except rec.RecordError as exc:
                out.append(self.c.render.say("error", cannot_parse(exc.message(self.lang), self.lang)))
            else:
                pending.keep(proposal)
                out.append(self.c.render.say("info", msg("proposal_edited", self.lang, n=n)))
        out.append(self.turn(pending, proposal))
        self.c.commit(out)
        return out

    def _accept(self, pending: PendingProposal, proposal: props.Proposal, ids: list[str] | None,
                out: list[Turn]) -> list[Turn]:
        """Write the accepted changes (all or nothing, in one transaction with the turns)."""
        draft = pending.is_draft
        with self.c.store.transaction():
            self.c.refresh_record()
            new = self.c.record.model_copy(deep=True)
            try:
                written = props.apply_proposal(new, proposal, ids, lang=self.lang)
            except rec.RecordError as exc:
                out.append(self.c.render.say("error", msg("proposal_failed", self.lang, reason=exc.message(self.lang))))
                return self.c.reply(out)
            q = self.c.pending
            before = {w.key for w in checks(self.c.record)}
            self.c.record = new
            shown = props.Proposal(changes=[c.model_copy(update={"draft": False}) for c in written])
            lines = props.render_lines(shown, self.lang, label=question_label, show_label=not draft, numbered=False)
            stored = self.c.render.say("stored", msg("proposal_stored", self.lang, count=len(written)) + "\n"
                                       + "\n".join(lines), field=pending.field)
            fresh = [w for w in checks(new)
                     if w.key not in before and (q is None or not self.c.answers.asked_later(q, w))]
            out.append(stored)
            lists = [c.path for c in written if c.mode == "append"]
            if lists:
                self.c.data.last_list = lists[-1]
            if not draft and q is not None and any(c.path == q.field for c in written):
                out += self.c.answers.advance_open(q)
            elif q is not None:
                out.append(self.c.render.ask_turn(q, brief=not draft))
            if fresh:  # said where the conversation went: at the list they name, without the way there
                at = self.c.render.list_asked()
                stored.text += "\n\n" + "\n".join(f"⚠ {check_text(w, self.lang, at)}" for w in fresh)
            self.c.commit(out, record_changed=True)
            return out

    # --- "Stel voor" ----------------------------------------------------------------------------
    def draft(self, arg: str) -> list[Turn]:
        """``/stelvoor [veld]``: the model drafts entries for a list field, shown as concept
        and kept for confirmation like an extraction proposal."""
        if self.maker is None:
            return self.c.reply([self.c.render.say("error", msg("draft_needs_llm", self.lang))])
        unusable = self.maker.unusable()
        if unusable is not None:
            return self.c.reply([self.c.render.say("error", msg(
                "draft_llm_unusable", self.lang, error=escape_markdown(short(unusable or "—", 240))))])
        target = self._draft_target(arg)
        if isinstance(target, Turn):
            return self.c.reply([target])
        path, label = target
        self.c.commit([])  # the command is saved before the (slow) model call
        self.c.refresh_record()
        reason = ""
        cancel = self.c.stream[1]
        try:
            proposal: props.Proposal | None = self.maker.draft(self.c.record, path, label=label, lang=self.lang,
                                                               cancel=cancel)
        except Exception as exc:  # noqa: BLE001 - any failure: a message, nothing stored
            if cancel is not None and cancel.is_set():
                return self.c.reply([self.c.render.say("info", msg("draft_cancelled", self.lang))])
            log.warning("drafting failed: %s", exc)
            proposal, reason = None, str(exc) or type(exc).__name__
        if proposal is not None and proposal.changes:
            pending = PendingProposal.made(props.DRAFT, self.c.current_step, self.c.pending_id, path, "", proposal)
            self.c.data.proposal = pending
            out = [self.turn(pending, proposal)]
            self.c.commit(out)
            return out
        if proposal is not None and proposal.warnings:
            reason = proposal.warnings[0]
        reason = escape_markdown(short(reason, 300)) if reason else msg("draft_empty", self.lang)
        return self.c.reply([self.c.render.say("error", msg("draft_failed", self.lang, reason=reason))])

    def _draft_target(self, arg: str) -> tuple[str, str] | Turn:
        """(list field, label) for ``/stelvoor [veld]``: the pending list question by default,
        else the step's first list; a field by path, name, question id or number."""
        qs = self.c.questions()
        lists = [x for x in qs if x.kind == "list" and not is_judgement(x.field)]
        wanted = " ".join(arg.split()).lower()
        say = self.c.render.say
        if not wanted:
            q = self.c.pending
            pick = q if q is not None and q.kind == "list" else (lists[0] if lists else None)
            if pick is not None:
                return pick.field, question_label(pick.prompt)
            return self._no_list_here()
        for x in lists:
            if wanted in (x.field.lower(), x.id.lower(), x.field.rsplit(".", 1)[-1].lower()):
                return x.field, question_label(x.prompt)
        if re.fullmatch(r"\d{1,2}", wanted) and 1 <= int(wanted) <= len(qs) and qs[int(wanted) - 1] in lists:
            x = qs[int(wanted) - 1]
            return x.field, question_label(x.prompt)
        if rec.is_valid_path(wanted) and rec.field_spec(wanted).kind == "list" and not wanted.startswith("step9.judgements"):
            return wanted, self.c.render.field_label(wanted)
        for x in lists:
            if wanted in question_label(x.prompt, 200).lower():
                return x.field, question_label(x.prompt)
        if not lists:
            return self._no_list_here()
        # named as the user sees them (it listed internal names such as `requirements`); the
        # number is what `/stelvoor N` takes, the field names stay accepted above
        names = ", ".join(msg("draft_list_name", self.lang, n=qs.index(x) + 1,
                              label=escape_markdown(question_label(x.prompt))) for x in lists)
        return say("error", msg("draft_no_list", self.lang, fields=names, n=qs.index(lists[0]) + 1))

    def _no_list_here(self) -> Turn:
        """A step without a list names the nearest step with one, to go to and draft there: it
        suggested `/stelvoor step4.criteria`, a field name the user never sees."""
        here = self.c.current_step
        step = min((n for n in range(11) if n != here and any(
            x.kind == "list" and not is_judgement(x.field) for x in self.c.questions(n))),
            key=lambda n: (abs(n - here), n))
        return self.c.render.say("error", msg("draft_no_list_in_step", self.lang, step=step,
                                              title=self.c.step_spec(step).title))
