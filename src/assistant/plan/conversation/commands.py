"""The conversation's commands (``/volgende``, ``/stap 3``, ``/dossier`` …) as a table from
their canonical name (:data:`assistant.plan.intent.COMMAND_ALIASES`) to their handler.

Every command that leaves the conversation where it was ends by asking the pending question
again, through the one re-ask :meth:`Conversation.reask`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from assistant.core.textsafe import escape_markdown, short
from assistant.knowledge.step_numbers import step_number
from assistant.plan.command_syntax import Command, command_like
from assistant.plan import record as rec
from assistant.plan.conversation.answers import is_judgement
from assistant.plan.conversation.guidance import error_text, glossary_overview
from assistant.plan.conversation.text import (changes_text, check_changes, on_whole_list, question_label,
                                              quoted_value, reads_as_prose, value_lines, warnings_text)
from assistant.plan.conversation.turns import Turn
from assistant.plan.glossary import suggest, term_card
from assistant.plan.messages import cannot_parse, entry_count, msg
from assistant.store import ProjectNotFound

if TYPE_CHECKING:
    from assistant.plan.conversation.engine import Conversation
    from assistant.plan.steps import Question

STEPS = rec.STEP_NUMBERS
#: "/wijzig 2 tekst", "/verwijder #3": the entry's number and, for an edit, the new text.
ENTRY_ARG = re.compile(r"#?(\d{1,4})(?:\s+(.+))?", re.S)
#: "/verwijder 3-5", "/verwijder alles": several entries at once.
ENTRIES_ARG = re.compile(r"#?(\d{1,4})\s*(?:-|–|t/m|tot en met|to)\s*#?(\d{1,4})|(alles|allemaal|all)", re.I)
EXPORT_FORMATS = {"md": "md", "markdown": "md", "docx": "docx", "word": "docx", "json": "json"}


class Commands:
    """Carries out a parsed command."""

    def __init__(self, conversation: Conversation) -> None:
        self.c = conversation
        self.table: dict[str, Callable[[str], list[Turn]]] = {
            "next": self.next, "back": self.back, "step": self.step, "record": self.record,
            "explain": self.explain, "term": self.term, "ask": self.ask, "export": self.export,
            "help": self.help, "edit": self.edit, "remove": self.remove, "draft": self.c.proposals.draft,
            "quit": self.quit,
        }

    @property
    def lang(self) -> str:
        return self.c.lang

    def run(self, command: Command) -> list[Turn]:
        handler = self.table.get(command.name)
        if handler is None:
            return self._said("error", unknown_command(command, self.lang))
        return handler(command.arg)

    def _said(self, kind: str, text: str) -> list[Turn]:
        """One turn, then the pending question again in short (Conversation.reply): in full, it
        filled 80×24 and pushed the message out of sight, and the input (given the command back to
        mend) looked as if Enter had done nothing."""
        return self.c.reply([self.c.render.say(kind, text)])

    def next(self, arg: str) -> list[Turn]:
        q = self.c.pending
        if q is None:
            nxt = rec.next_open_step(self.c.record, self.c.current_step)
            out = [self.c.render.all_done_turn()] if nxt is None \
                else self.c.answers.open_step(nxt)
            self.c.commit(out)
            return out
        value = rec.find_judgement(self.c.record, q.ref_id or "") if is_judgement(q.field) \
            else rec.get_field(self.c.record, q.field)
        filled = rec.is_filled(value) if value is not None else False
        # an answer kept is no skip: "Overgeslagen." after /terug and /volgende read as if it was thrown away
        key = "kept" if filled else "skipped_required" if q.required else "skipped"
        # a list left with its lines: "Antwoord behouden" read as if one answer was kept
        said = msg("list_kept", self.lang, entries=entry_count(len(value), self.lang)) \
            if filled and q.kind == "list" and isinstance(value, list) else msg(key, self.lang)
        filling = self.c.data.filling
        closing = filling is not None and filling.question == self.c.pending_key()
        if closing:
            # the list typed line by line is closed: the checks on it as a whole, held back
            # while it was typed (Answers._answer_locked), are said for the whole list now
            self.c.data.filling = None
            said += warnings_text([w for w in self.c.checks() if on_whole_list(w, q.field)], self.lang)
        out = [self.c.render.say("info", said, field=q.field)]
        if filled:  # an answer kept on purpose is one looked at again
            self.c.data.to_review.pop(q.field, None)
        self.c.answers.pass_over(q)
        # an answer kept walks on through the answers (reviewing them); an open question passed
        # goes to the next one still open, as "weet ik nog niet" does: after "Overgeslagen" on
        # an open one, step 9 showed the answered questions after it one by one. A list just
        # typed and closed was answered, not reviewed: on as after an answer (step 10's answered
        # question 4 was asked again after question 3's list)
        out += self.c.answers.advance(q, walk=filled and not closing)
        self.c.commit(out)
        return out

    def back_target(self) -> tuple[int, Question] | None:
        """The step and question `/terug` opens from where the conversation stands: the one
        before the pending question, else the previous step's last; None at the very start."""
        qs = self.c.questions()
        q = self.c.pending
        idx = next((i for i, x in enumerate(qs) if q is not None and x.id == q.id), len(qs))
        if idx > 0:
            return self.c.current_step, qs[idx - 1]
        if self.c.current_step > 0:
            return self.c.current_step - 1, self.c.questions(self.c.current_step - 1)[-1]
        return None

    def back(self, arg: str) -> list[Turn]:
        found = self.back_target()
        if found is None:
            return self._said("info", msg("at_start", self.lang))
        step, target = found
        left, left_step = self.c.pending, self.c.current_step
        out = self.c.answers.list_left(self.c.question_key(step, target.id))
        self.c.current_step = step
        self.c.answers.leave_open(left, left_step, for_step=step, for_question=target)
        self.c.answers.ask_again(step, [target])
        self.c.pending_id = target.id
        if step != left_step:
            out.append(self.c.render.step_turn(self.c.step_spec(), with_explanation=False))
        out.append(self.c.render.ask_turn(target))
        self.c.commit(out)
        return out

    def step(self, arg: str) -> list[Turn]:
        arg = arg.strip()
        # "/stap 6 11" or "/stap 6.11": question 11 of step 6 (a long step's last questions lay
        # ten /volgende away)
        at = re.fullmatch(r"(\d{1,2})(?:\.|\s+)(\d{1,3})", arg)
        question = int(at.group(2)) if at else None
        if at:
            arg = at.group(1)
        if (number := step_number(arg)) is not None:
            arg = str(number)  # "/stap drie", "/step third"
        if not arg or not re.fullmatch(r"[+-]?\d{1,6}", arg):
            return self._said("error", msg("step_usage", self.lang))
        if int(arg) not in STEPS:
            return self._said("error", msg("step_out_of_range", self.lang, value=escape_markdown(arg)))
        count = len(self.c.questions(int(arg)))
        if question is not None and not 1 <= question <= count:
            return self._said("error", msg("question_out_of_range", self.lang, step=int(arg), count=count))
        # the step as stored: a list another window added to since this one opened was shown
        # without its lines, and numbered so for /wijzig and /verwijder
        self.c.refresh_record()
        left, left_step = self.c.pending, self.c.current_step
        worked = self.c.data.worked_in == left_step
        if self.c.draft_left and left is not None:
            self.c.data.parked = self.c.question_key(left_step, left.id)
        to_work_in = question is None  # the step chosen, not one of its questions
        if question is None:
            # the step opens where text set aside by an earlier jump waits (it comes back into the
            # input there): it opened at its first open question, and the text never came back
            question = self.c.answers.parked_in(int(arg))
        out = self.c.answers.open_step(int(arg), question=question)
        self.c.answers.note_detour(left, left_step, worked=worked)
        if question is not None:
            self.c.data.worked_in = self.c.current_step  # a question gone to on purpose
        if to_work_in:
            # a step opened to work in (/stap N, a step clicked) is where the user goes on, also
            # where it opens at text set aside there: one answer there went back to a question
            # left in a later step ("Terug naar stap 3 …, waar u was"), the step's own unasked
            self.c.data.return_to = None
        else:
            self.c.answers.leave_open(left, left_step, for_step=self.c.current_step, for_question=self.c.pending,
                                      draft_left=self.c.draft_left)
        self.c.commit(out)
        return out

    def record(self, arg: str) -> list[Turn]:
        """The whole record, or with a step's number (`/dossier 7`) that step with its checks: the
        whole record of a full project was cut in the app after step 5."""
        arg = re.sub(r"(?i)^(?:stap|step)\s+", "", arg.strip())  # "/dossier stap 7"
        if arg:
            if (number := step_number(arg)) is not None:
                arg = str(number)  # "/dossier zeven"
            if not re.fullmatch(r"[+-]?\d{1,6}", arg):
                return self._said("error", msg("record_usage", self.lang))
            if int(arg) not in STEPS:
                return self._said("error", msg("step_out_of_range", self.lang, value=escape_markdown(arg)))
        self.c.refresh_record()  # as stored: another window, or an import, may have changed it
        return self._said("record", self.c.step_record_text(int(arg)) if arg else self.c.record_text())

    def explain(self, arg: str) -> list[Turn]:
        return self.c.explain_step()

    def term(self, arg: str) -> list[Turn]:
        term = arg.strip()
        if not term:
            return self._said("term", glossary_overview(self.lang))
        card = term_card(term, self.lang)
        if card is not None:
            return self._said("term", card)
        suggestions = suggest(term, self.lang)[:5]
        text = msg("term_unknown", self.lang, term=escape_markdown(short(term, 60)))
        if suggestions:
            text += " " + msg("term_suggest", self.lang, terms=", ".join(suggestions))
        out = [self.c.render.say("info", text)]
        if not self.c.guidance.available():
            return self.c.reply(out)
        self.c.commit(out)
        return out + self.c.guidance.ask(f"Wat is {term}?" if self.lang == "nl" else f"What is {term}?")

    def ask(self, arg: str) -> list[Turn]:
        if not arg.strip():
            out = [self.c.render.say("error", msg("ask_usage", self.lang))]
            self.c.commit(out)
            return out
        return self.c.guidance.ask(arg.strip())

    def export(self, arg: str) -> list[Turn]:
        fmt = EXPORT_FORMATS.get(arg.strip().lower().lstrip("."))
        if fmt is None:
            return self._said("error", msg("export_usage", self.lang))
        try:
            path = self.c.export(fmt)
        except Exception as exc:  # noqa: BLE001 - ExportError, OSError: a message
            self.c.mark_not_saved()
            # the app chooses a folder with ctrl+e; plain text has the command
            failed = "export_failed_app" if self.c.multiline_hint == "list_hint_app" else "export_failed"
            return self._said("error", msg(failed, self.lang, error=error_text(exc, self.lang),
                                           name=escape_markdown(self.c.project.name)))
        done = [self.c.export_turn(path)]
        try:
            return self.c.reply(done)
        except ProjectNotFound:
            # deleted in another window: the file holds this window's copy, and that is said
            return done + [self.c.render.say("error", msg("project_gone", self.lang,
                                                          name=escape_markdown(self.c.project.name)))]

    def quit(self, arg: str) -> list[Turn]:
        """The front ends leave on /stop before it gets here; one that cannot says how to."""
        return self._said("info", msg("quit_how", self.lang))

    def help(self, arg: str) -> list[Turn]:
        # how to type a list differs by front end: the app has ctrl+j, plain text a block
        lists = "help_lists_app" if self.c.multiline_hint == "list_hint_app" else "help_lists"
        return self._said("help", msg("help", self.lang) + "\n\n" + msg(lists, self.lang))

    # --- list entries ------------------------------------------------------------------------
    def _list_field(self) -> str | None:
        """The list that ``/wijzig`` and ``/verwijder`` work on: the pending question's list,
        none at a question that is no list (at the budget, "/verwijder alles" removed question
        1's requirements without asking); with no question open, the list answered last in this
        step, else its one list with entries. A list of another step is never one: after /terug
        or /stap, "/verwijder 1" removed an entry of a list the user was no longer looking at."""
        q = self.c.pending
        if q is not None:
            # the lines of another question's list are not this question's (_edit_or_remove refuses)
            return q.field if q.kind == "list" else None
        last = self.c.data.last_list
        here = f"step{self.c.current_step}."
        last = last if last is not None and rec.is_valid_path(last) and last.startswith(here) else None
        if last and rec.get_field(self.c.record, last):
            return last
        # no question open: the step's one list with entries
        filled = [x.field for _, x in self._filled_lists()]
        return filled[0] if len(filled) == 1 else last

    def _filled_lists(self) -> list[tuple[int, Question]]:
        """The step's list questions that hold lines, with their numbers (as `/stap N V` counts)."""
        return [(number, x) for number, x in enumerate(self.c.questions(), 1)
                if x.kind == "list" and rec.get_field(self.c.record, x.field)]

    def _ways_to_lists(self, *, remove: bool) -> str:
        """How to reach each list of the step that holds lines, and what to type there."""
        command = msg("remove_line_command" if remove else "edit_line_command", self.lang)
        return "".join(" " + msg("entries_way", self.lang, field=escape_markdown(self.c.render.field_label(x.field)),
                                 step=self.c.current_step, number=number, command=command)
                       for number, x in self._filled_lists())

    def edit(self, arg: str) -> list[Turn]:
        return self._edit_or_remove(arg, remove=False)

    def remove(self, arg: str) -> list[Turn]:
        return self._edit_or_remove(arg, remove=True)

    def _edit_or_remove(self, arg: str, *, remove: bool) -> list[Turn]:
        q = self.c.pending
        bare = remove and not arg.strip() and q is not None and q.kind != "list"
        if bare and q is not None and self.c.answers.holds_answer(q):
            # what it holds, answered or not: a yes/no question holding a note without its yes or
            # no was refused with "there is no list", advising the very /verwijder typed
            return self._clear_pending(q)
        if bare and q is not None:
            # nothing to clear here: the usage of /verwijder N for a list of the step (another
            # question's) read as if this one were that list, and offered "/verwijder alles" there
            text = msg("nothing_to_clear", self.lang, field=escape_markdown(question_label(q.prompt)))
            return self._said("error", text + self._ways_to_lists(remove=True))
        lines_here = q is not None and q.kind == "list" and bool(rec.get_field(self.c.record, q.field))
        if q is not None and not lines_here and self._filled_lists():
            # numbers count the lines of the open question's list only: at the budget question,
            # "/verwijder alles" removed all of question 1's requirements without a word of asking
            command = msg("remove_line_command" if remove else "edit_line_command", self.lang)
            key = "entries_not_here_empty" if q.kind == "list" else "entries_not_here"
            return self._said("error", msg(key, self.lang, command=command,
                                           field=escape_markdown(question_label(q.prompt)))
                              + self._ways_to_lists(remove=remove))
        path = self._list_field()
        if path is None:
            return self._said("error", msg("no_list", self.lang))
        label = escape_markdown(self.c.render.field_label(path))
        several = ENTRIES_ARG.fullmatch(arg.strip()) if remove else None
        if several is not None:
            return self._remove_several(path, label, several)
        m = ENTRY_ARG.fullmatch(arg.strip())
        if not m or (not remove and not (m.group(2) or "").strip()):
            return self._said("error", msg("remove_usage" if remove else "edit_usage", self.lang, field=label))
        n = int(m.group(1))
        with self.c.store.transaction():
            self.c.refresh_record()
            if path in self.c.lists_changed_elsewhere:
                return self._list_changed(path, label)
            items = rec.get_field(self.c.record, path)
            if not 1 <= n <= len(items):
                return self._said("error", msg("no_such_entry", self.lang, n=n, field=label,
                                                    entries=entry_count(len(items), self.lang)))
            if not remove and (elsewhere := self._meant_for(path, n, items[n - 1], m.group(2))) is not None:
                return self._said("error", elsewhere)
            return self._edit_locked(path, label, n, items[n - 1].id, m.group(2), remove=remove)

    def _meant_for(self, path: str, n: int, old: rec.Entry, change: str) -> str | None:
        """Why the new text of ``/wijzig N`` is evidently for another list of the step, and how to
        get there; None when it may be for this one. It works on the list asked (or answered
        last), and a check's "/wijzig 3 <criterion>" typed at the question after the criteria
        replaced the third deliverable. Evident: the line has parts of another list's entries
        ("doel: …; eis: …") that this list's have not, or it names an entry of another list, and
        its name shares no word with the entry it would replace (a correction of it does)."""
        name = re.split(r"\s*;\s*", change.strip(), maxsplit=1)[0]
        here = rec.get_field(self.c.record, path)
        if _words(name) & _words(f"{old.summary('nl')} {old.summary('en')}") \
                or rec.typed_parts(path, change) or _same_name(name, here):
            return None
        step = int(path.split(".")[0].removeprefix("step"))
        for number, q in enumerate(self.c.questions(step), 1):
            if q.kind != "list" or q.field == path:
                continue
            there = rec.get_field(self.c.record, q.field)
            # lists that hold the same names by design (step 2's shortlist, of the technologies
            # assessed) are not told apart by a name
            mirror = any(_same_name(rec.entry_name(entry), there) for entry in here)
            if parts := rec.typed_parts(q.field, change):
                why = {"parts": ", ".join(parts)}
            elif not mirror and _same_name(name, there):
                why = {"name": escape_markdown(short(name, 60))}
            else:
                continue
            return msg(f"edit_meant_for_{next(iter(why))}", self.lang, n=n, **why,
                       field=escape_markdown(self.c.render.field_label(path)),
                       old=escape_markdown(short(old.summary(self.lang), 60)),
                       typed=escape_markdown(short(change.strip(), 80)),
                       other=escape_markdown(self.c.render.field_label(q.field)), step=step, question=number)
        return None

    def _list_changed(self, path: str, label: str) -> list[Turn]:
        """The numbers typed count the list as this window last showed it; another window has
        added or removed lines since, and "2" is then another line (it removed that one): the
        list as it is now, and the number asked for again."""
        return self._said("error", msg("list_changed_elsewhere", self.lang, field=label)
                          + "\n" + self.c.render.entries_text(path))

    def _remove_several(self, path: str, label: str, m: re.Match[str]) -> list[Turn]:
        """``/verwijder 3-5`` or ``/verwijder alles``: the lines as this window showed them, in one
        change (all of them are not lines another window added unseen)."""
        with self.c.store.transaction():
            self.c.refresh_record()
            if path in self.c.lists_changed_elsewhere:
                return self._list_changed(path, label)
            items = rec.get_field(self.c.record, path)
            first, last = (1, len(items)) if m.group(3) else sorted((int(m.group(1)), int(m.group(2))))
            if not items or not 1 <= first <= last <= len(items):
                return self._said("error", msg("no_such_entry", self.lang, n=f"{first}-{last}", field=label,
                                                    entries=entry_count(len(items), self.lang)))
            new = self.c.record.model_copy(deep=True)
            gone = items[first - 1:last]
            for entry in gone:
                rec.remove_entry(new, path, entry.id)
            fresh, resolved, replaced = check_changes(self.c.record, new)
            verdicts = self._verdicts_removed(gone)
            self.c.record = new
            text = (_removed_head(first, last, len(items), label, self.lang) + "\n"
                    + self.c.render.entries_text(path) + _removed_lines(first, gone, self.lang) + verdicts
                    + changes_text(resolved, fresh, replaced, new, self.lang, self.c.render.list_asked()))
            out = [self.c.render.say("stored", text, field=path)]
            self._pending_after_removal()
            return self.c.reply(out, record_changed=True)

    def _clear_pending(self, q: Question) -> list[Turn]:
        """``/verwijder`` without a number on a question of one value that holds an answer: its
        answer goes (one stored by mistake could be replaced, never taken away)."""
        label = escape_markdown(question_label(q.prompt))  # a judgement's field is no label
        with self.c.store.transaction():
            self.c.refresh_record()
            # what it held, quoted so that it can be typed again (it went without a word)
            old = self.c.render.value_text(q)
            new = self.c.record.model_copy(deep=True)
            if is_judgement(q.field):  # a verdict is an entry of step 9's judgements, not a field
                new.step9.judgements = [j for j in new.step9.judgements if j.ref_id != q.ref_id]
                new.touch()
            else:
                rec.clear_field(new, q.field)
                if q.note_field is not None:  # the why of a choice goes with it
                    rec.clear_field(new, q.note_field)
            fresh, resolved, replaced = check_changes(self.c.record, new)
            self.c.record = new
            lines = value_lines(old) if old.strip() else []
            if len(lines) == 1:
                text = msg("answer_cleared_was", self.lang, field=label, old=lines[0])
            elif lines:
                text = (msg("answer_cleared_was_lines", self.lang, field=label) + "\n"
                        + quoted_value(old, prose=reads_as_prose(old)))
            else:
                text = msg("answer_cleared", self.lang, field=label)
            text += changes_text(resolved, fresh, replaced, new, self.lang, self.c.render.list_asked())
            return self.c.reply([self.c.render.say("stored", text, field=q.field)], record_changed=True)

    def _edit_locked(self, path: str, label: str, n: int, entry_id: str, change: str | None, *,
                     remove: bool) -> list[Turn]:
        new = self.c.record.model_copy(deep=True)
        old = next(entry for entry in rec.get_field(new, path) if entry.id == entry_id).model_copy()
        emptied = False
        try:
            if remove:
                rec.remove_entry(new, path, entry_id)
            else:
                edited = rec.edit_entry(new, path, entry_id, (change or "").strip())
                # a line typed again in part replaces all of it: parts not named again are gone
                emptied = any(rec.has_content(getattr(old, name)) and not rec.has_content(getattr(edited, name))
                              for name in type(old).model_fields if name != "id")
        except rec.RecordError as exc:
            return self._said("error", cannot_parse(exc.message(self.lang), self.lang))
        # what the change leaves wrong elsewhere, said now (a criterion whose requirement was
        # removed showed only in step 4's checks, later)
        fresh, resolved, replaced = check_changes(self.c.record, new)
        verdicts = self._verdicts_removed([old]) if remove else ""
        self.c.record = new
        key = "entry_removed" if remove else "entry_edited"
        text = msg(key, self.lang, n=n, field=label) + "\n" + self.c.render.entries_text(path)
        if emptied:
            text += "\n\n" + msg("entry_parts_emptied", self.lang, n=n,
                                   old=escape_markdown(old.summary(self.lang)))
        elif old.summary(self.lang).strip():
            # what it held, so a line changed by another window meanwhile is not overwritten unseen
            text += "\n\n" + msg("entry_was", self.lang, n=n, old=escape_markdown(old.summary(self.lang)))
        text += verdicts
        linked = [(i, c) for i, c in enumerate(new.step4.criteria, 1) if c.requirement_id == entry_id]
        if linked and not remove and path == "step3.requirements":
            # the criteria linked to it now name its new words: a requirement reworded into
            # another one moved them along without a word
            text += "\n\n" + msg("entry_linked_criteria", self.lang, criteria="; ".join(
                f"{i}. “{escape_markdown(short(c.text, 60))}”" for i, c in linked))
        text += changes_text(resolved, fresh, replaced, new, self.lang, self.c.render.list_asked())
        out = [self.c.render.say("stored", text, field=path)]
        self._pending_after_removal()
        return self.c.reply(out, record_changed=True)

    def _verdicts_removed(self, entries: list[rec.Entry]) -> str:
        """Step 9's verdicts on the requirements or criteria about to be removed, which go with
        them, quoted so that they can be typed again (they went without a word)."""
        text = ""
        for entry in entries:
            judgement = rec.find_judgement(self.c.record, entry.id)
            if judgement is not None and judgement.verdict is not None:
                text += "\n\n" + msg("judgement_removed", self.lang, entry=escape_markdown(rec.entry_name(entry)),
                                       verdict=escape_markdown(judgement.verdict_text(self.lang)))
        return text

    def _pending_after_removal(self) -> None:
        """The pending question was about an entry removed (a judgement of step 9): the step's
        first open question is asked instead."""
        if self.c.pending_id is not None and self.c.pending is None:
            first = next((x for x in self.c.questions() if not self.c.is_answered(x)), None)
            self.c.pending_id = first.id if first is not None else None


#: A removed line is quoted back this long at most: whole as a rule, so that it can be typed again.
REMOVED_CHARS = 300


def _removed_head(first: int, last: int, count: int, label: str, lang: str) -> str:
    """What ``/verwijder N-M`` or ``/verwijder alles`` removed, said as one would: "Regels 8 en 9",
    "Alle 4 regels", "Regel 1" (a list of one read "Regels 1 tot en met 1")."""
    if first == last:
        return msg("entry_removed", lang, n=first, field=label)
    if first == 1 and last == count:
        return msg("entries_removed_all", lang, count=count, field=label)
    key = "entries_removed_two" if last == first + 1 else "entries_removed"
    return msg(key, lang, first=first, last=last, field=label)


def _removed_lines(first: int, gone: list[rec.Entry], lang: str) -> str:
    """The lines removed at once, numbered as they were: none was quoted, and a line another
    window had added went unseen."""
    lines = [f"{n}. {escape_markdown(short(entry.summary(lang), REMOVED_CHARS))}"
             for n, entry in enumerate(gone, first) if entry.summary(lang).strip()]
    # a blank line before the list: a Markdown list that does not start at 1 does not break a
    # paragraph, and "Verwijderd: 3. … 4. …" ran on as one line
    return "\n\n" + msg("entries_were", lang) + "\n\n" + "\n".join(lines) if lines else ""


def _words(text: str) -> set[str]:
    """The words of a line that say what it is about (of four letters or more)."""
    return {w.casefold() for w in re.findall(r"\w{4,}", text)}


def _same_name(name: str, entries: list[rec.Entry]) -> bool:
    """Whether `name` is the name of one of `entries`, as typed but for case and spacing."""
    key = " ".join(name.casefold().split()).rstrip(".")
    return any(" ".join(rec.entry_name(e).casefold().split()).rstrip(".") == key for e in entries)


def unknown_command(command: Command, lang: str) -> str:
    """An unknown command said as such, with the command it most looks like ("/trug": /terug?)."""
    typed = escape_markdown("/" + short(command.raw, 30))
    like = command_like(command.raw)
    return (msg("unknown_command_like", lang, command=typed, like=f"/{like}") if like
            else msg("unknown_command", lang, command=typed))
