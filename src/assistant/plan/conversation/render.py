"""What the conversation says, as Markdown: questions, steps, summaries, the whole record.

Every value typed by the user or written by a model is escaped where it is quoted
(:func:`assistant.core.textsafe.escape_markdown`), so nothing typed is interpreted.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from assistant.core.textsafe import escape_markdown, short
from assistant.plan import intent as intents
from assistant.plan import record as rec
from assistant.plan.conversation.answers import example_has_parts, is_judgement
from assistant.plan.conversation.text import (LABEL_CHARS, QUOTED_LINES, check_text, checks, parts_in_order, question_label,
                                               reads_as_prose, value_lines)
from assistant.plan.conversation.turns import Turn
from assistant.plan.messages import entry_count, msg, open_counts_text
from assistant.plan.open_items import StepOpenItems, open_required
from assistant.plan.steps import Question, StepSpec
from assistant.plan.titles import guidance_source

if TYPE_CHECKING:
    from assistant.plan.conversation.engine import Conversation

STEPS = rec.STEP_NUMBERS
#: What a question holds, where it is asked again in short, is cut to this many characters.
HELD_CHARS = 160
#: The line on earlier steps still open names at most this many steps, and questions of each:
#: it stays one line.
OPEN_STEPS, OPEN_NUMBERS = 4, 4


class Renderer:
    """The conversation's words: reads the conversation, changes nothing but which lists it has
    numbered in full (what ``/wijzig N`` and ``/verwijder N`` count by)."""

    def __init__(self, conversation: Conversation) -> None:
        self.c = conversation

    @property
    def lang(self) -> str:
        return self.c.lang

    def list_asked(self) -> str | None:
        """The field of the list question asked now, or None: a check said there names what to
        type there only, not the way to it ("`/stap 4 1`, dan"; Check.message)."""
        q = self.c.pending
        return q.field if q is not None and q.kind == "list" else None

    def say(self, kind: str, text: str, *, field: str | None = None, step: int | None = None) -> Turn:
        return Turn("assistant", kind, text, step=self.c.current_step if step is None else step, field=field)

    def all_done_turn(self) -> Turn:
        """Every step filled in, with what is still open counted and how to see it: it only
        offered /dossier and /export while five checks were open."""
        found = self.c.items_open()
        counts = open_counts_text(found.checks + found.required, found.review, self.lang)
        if not counts:
            return self.say("info", msg("all_done", self.lang))
        return self.say("info", msg("all_done_open", self.lang, open=counts))

    def open_before_text(self, before: int, *, besides: int | None = None) -> str:
        """One line naming the steps before step `before` (not `besides`, summed up just above)
        with required questions still open, by their numbers ("stap 0 (vraag 4, 6)"), or "":
        finishing step 4 said "Volgende open stap: 5", and a reopening "U was bij stap 4", with
        steps 0, 2 and 3 still open unsaid."""
        steps = []
        for n in STEPS:
            if n >= before or n == besides or self.c.record.status(n) == "done":
                continue
            numbers = [str(i) for i, q in enumerate(self.c.questions(n), 1) if q.required and not self.c.is_answered(q)]
            if numbers:
                shown = ", ".join(numbers[:OPEN_NUMBERS]) + (", …" if len(numbers) > OPEN_NUMBERS else "")
                steps.append(msg("open_before_step", self.lang, step=n, questions=shown))
        if not steps:
            return ""
        # the steps beyond those named counted, not "; …": the line's full stop made it "; …."
        more = len(steps) - OPEN_STEPS
        if more > 0:
            steps[OPEN_STEPS:] = [msg("open_before_more_one" if more == 1 else "open_before_more", self.lang, count=more)]
        shown = "; ".join(steps)
        return msg("open_before", self.lang, steps=shown)

    def step_turn(self, spec: StepSpec, *, with_explanation: bool = True) -> Turn:
        header = f"## {msg('step_header', self.lang, step=spec.number, title=spec.title)}"
        if not with_explanation:
            return self.say("step", header, step=spec.number)
        text = f"{header}\n\n{spec.explanation.strip()}"
        if spec.sources:
            based = "Gebaseerd op" if self.lang == "nl" else "Based on"
            text += f"\n\n{based}: " + "; ".join(guidance_source(source, self.lang) for source in spec.sources)
        return self.say("step", text, step=spec.number)

    def field_label(self, path: str, *, whole: bool = False) -> str:
        """The question that asks for `path`, by its first sentence (`whole`: uncut)."""
        for n in STEPS:
            for q in self.c.plan.step(n).questions:
                if q.field == path:
                    return question_label(q.prompt, 100_000) if whole else question_label(q.prompt)
        if path == "step9.judgements":  # asked per requirement and criterion, not as one question
            return msg("judgements_label", self.lang)
        return path

    def value_text(self, q: Question, record: rec.ProjectRecord | None = None) -> str:
        """The answer to `q` in the record (default: the one held now), "" when none."""
        record = self.c.record if record is None else record
        if is_judgement(q.field):
            j = rec.find_judgement(record, q.ref_id or "")
            # the question names what is judged: "“Live beeld …”: Live beeld …: voldaan" said it twice
            return j.verdict_text(self.lang) if j and j.verdict else ""
        try:
            value = rec.get_field(record, q.field)
        except rec.RecordError:
            return ""
        text = rec.format_value(value, self.lang) if rec.has_content(value) else ""
        note = rec.get_field(record, q.note_field).strip() if q.note_field is not None else ""
        return f"{text} — {note}" if text and note else text

    def entries_text(self, path: str) -> str:
        items = rec.get_field(self.c.record, path)
        self.c.list_shown(path)
        if not items:
            return msg("nothing_stored", self.lang)
        return "\n".join(f"{i}. {escape_markdown(e.summary(self.lang))}" for i, e in enumerate(items, 1))

    def _question_head(self, q: Question) -> str:
        qs = self.c.questions()
        ids = [x.id for x in qs]
        n = ids.index(q.id) + 1 if q.id in ids else 1
        return f"**{msg('question_of', self.lang, n=n, total=len(qs))}** · " + \
            msg("required" if q.required else "optional", self.lang)

    def reminder_turn(self, q: Question, *, back: bool = False, with_held: bool = True) -> Turn:
        """The question again in short, where it was asked in full before on this visit (after a
        command, a line added to a list, an answer from the guidance; a project reopened just
        after it): its number and text on one line (`back`: after "Terug naar de vraag:"), and
        what it holds (`with_held`); its help and example only where asked for (ask_again_turn). In
        full after every `/help` or list line, the question filled 80×24: a screen reader read
        12 to 15 lines each time, and the file an export had just written scrolled out of sight."""
        line = f"{self._question_head(q)} · {' '.join(q.prompt.split())}"
        if self._answered_elsewhere(q):
            line = f"{msg('answered_elsewhere', self.lang)} {line}"
        elif back:
            line = f"{msg('back_to_question', self.lang)} {line}"
        parts = [line]
        held = self._held(q, brief=True, one_line=True) if with_held else ""
        if held:
            parts.append(held)
        return Turn("assistant", "ask", "\n\n".join(parts), step=self.c.current_step,
                    field=q.field, question_id=q.id)

    def _answered_elsewhere(self, q: Question) -> bool:
        """Answered in another window since this one asked it: said so, with the answer it holds
        now, not asked again as if it were open."""
        return self.c.question_key(self.c.current_step, q.id) in self.c.answers_changed_elsewhere \
            and bool(self.value_text(q))

    def ask_turn(self, q: Question, *, brief: bool = False, back: bool = False) -> Turn:
        head = self._question_head(q)
        parts = []
        if self._answered_elsewhere(q):
            parts.append(msg("answered_elsewhere", self.lang))
        elif back:
            parts.append(msg("back_to_question", self.lang))
        parts += [head, q.prompt.strip()]
        # asked again after a question to the guidance, too: "Terug naar de vraag" without it
        # read as an empty question, and what was typed then replaced the answer
        held = self._held(q, brief=brief)
        if held:
            # what the question holds comes first: after the help and the example it sat below the
            # fold at 80×24, and an answer typed over it replaced it unseen
            parts.append(held)
        # help and example also when the question is asked in full again (an empty input, a
        # question about the question, an answer that could not be used): then they are needed
        if q.help:
            parts.append(q.help.strip())
        if q.example:
            parts.append(msg("example", self.lang, example=q.example.strip()))
        if q.choices:
            # one per line: run together, a label wrapped apart from its number ("… 3." / "nog niet …")
            choices = "\n".join(f"{i}. {escape_markdown(c.label)}" for i, c in enumerate(q.choices, 1))
            parts.append(msg("choices", self.lang, choices=choices))
        if not brief and not held and q.kind == "list":  # how to give several lines, in an empty list
            parts.append(self._list_hint(q))
        return Turn("assistant", "ask", "\n\n".join(parts), step=self.c.current_step,
                    field=q.field, question_id=q.id, options=len(q.choices))

    def ask_again_turn(self, q: Question, *, full: bool = False, back: bool = False) -> Turn:
        """The pending question asked again: in short (reminder_turn), or with its help and
        example where the user asked for them (`full`: an empty input, a question about the
        question, an answer that could not be used); while a part of the last answer is asked for
        (step 2's TRL), that part."""
        if self.c.data.refill is not None:
            return self.refill_turn()
        return self.ask_turn(q, brief=True, back=back) if full else self.reminder_turn(q, back=back)

    def _held(self, q: Question, *, brief: bool = False, one_line: bool = False) -> str:
        """What the question holds now, said so ("" when nothing); `brief`: a list counted;
        `one_line`: an answer on one line, shortened (`/dossier` shows it whole)."""
        if q.kind == "list":
            items = rec.get_field(self.c.record, q.field)
            if items and brief:
                return msg("current_entries_count", self.lang, entries=entry_count(len(items), self.lang))
            return msg("current_entries", self.lang, count=len(items), entries=self.entries_text(q.field)) \
                if items else ""
        current = self.value_text(q)
        if not current:
            return ""
        if one_line:
            return msg("current_value", self.lang, value=escape_markdown(short(" ".join(current.split()), HELD_CHARS)))
        lines = value_lines(current, 300)
        if len(lines) == 1:
            value = lines[0]
        elif reads_as_prose(current):  # paragraphs as paragraphs: as bullets they read as more answers
            value = "\n" + "\n\n".join(lines)
        else:
            value = "\n" + "\n".join(f"- {line}" for line in lines)
        return msg("current_value", self.lang, value=value)

    def _list_hint(self, q: Question) -> str:
        """How to enter several lines into an empty list: where ";" separates an entry's parts,
        the hint must not offer it between entries."""
        hint = (f"{self.c.multiline_hint}_parts" if parts_in_order(q.field)
                else f"{self.c.multiline_hint}_keyed" if example_has_parts(q) else self.c.multiline_hint)
        return msg(hint, self.lang)

    def changed_elsewhere_turn(self, step: int, q: Question) -> Turn:
        """An answer this window stored, changed in another window since: said once, with what it
        holds now and how to get there."""
        now = self.value_text(q)
        where = f"{step} {[x.id for x in self.c.questions(step)].index(q.id) + 1}"
        label = escape_markdown(question_label(q.prompt))
        text = msg("answer_changed_elsewhere", self.lang, field=label, value=escape_markdown(short(now)), at=where) \
            if now else msg("answer_cleared_elsewhere", self.lang, field=label, at=where)
        return self.say("info", text, field=q.field, step=step)

    def disambiguation_turn(self, text: str) -> Turn:
        """"An answer (1) or a question (2)?", and where the text is an answer followed by a
        question, the third choice (3: store the one, ask the other; `options` 3 for its link)."""
        split = intents.answer_and_question(text)
        if split is None:
            return self.say("disambiguate", msg("which_did_you_mean", self.lang, text=escape_markdown(short(text))))
        turn = self.say("disambiguate", msg("which_did_you_mean_split", self.lang, text=escape_markdown(short(text)),
                                            answer=escape_markdown(short(split[0])),
                                            question=escape_markdown(short(split[1]))))
        turn.options = 3
        return turn

    def refill_turn(self) -> Turn:
        """Ask for the part of the last answer that could not be read (step 2's TRL)."""
        refill = self.c.data.refill
        assert refill is not None
        text = msg(f"refill_{refill.part}", self.lang, entry=escape_markdown(refill.entry))
        q = self.c.pending
        return Turn("assistant", "ask", text, step=self.c.current_step,
                    field=q.field if q is not None else None, question_id=q.id if q is not None else None)

    def summary_text(self, n: int, *, brief: bool = False) -> str:
        """Markdown blocks separated by a blank line: a line after a list would run into its
        last item. `brief`: without what the step holds (/dossier N shows it), what is still
        open and its checks only."""
        spec = self.c.plan.step(n)
        blocks = [msg("step_summary_brief", self.lang, step=n, title=spec.title)] if brief else \
            [msg("step_summary", self.lang, step=n, title=spec.title),
             "\n".join(self.filled_lines(n)) or msg("nothing_stored", self.lang)]
        missing = rec.missing_fields(self.c.record, n)
        if missing:
            blocks.append(msg("open_required", self.lang,
                              fields="; ".join(escape_markdown(self.field_label(p)) for p in missing)))
        warnings = checks(self.c.record, n)
        if warnings:
            blocks.append(msg("checks_header", self.lang))
            blocks.append("\n".join(f"- ⚠ {check_text(w, self.lang, self.list_asked())}" for w in warnings))
        return "\n\n".join(blocks)

    def filled_lines(self, n: int, *, whole: bool = False) -> list[str]:
        """What step `n` holds, a Markdown list; `whole` keeps labels and answers uncut."""
        limit = 100_000 if whole else 200
        lines = []
        to_review = self.c.to_review()
        for q in self.c.questions(n):
            current = self.value_text(q)
            if not self.c.is_answered(q) and not current:  # an open yes/no with its note
                continue
            # the whole first sentence: cut at 60 characters, half the labels lost what they ask
            label = escape_markdown(question_label(q.prompt, limit if whole else LABEL_CHARS))
            if q.field in to_review:  # given with an answer replaced since: not settled
                label += f" ({msg('to_review', self.lang, step=to_review[q.field])})"
            if q.kind == "list":
                items = rec.get_field(self.c.record, q.field)
                self.c.list_shown(q.field)
                lines.append(f"- {label} ({len(items)}):")
                lines += [f"    {i}. {escape_markdown(short(e.summary(self.lang), limit))}"
                          for i, e in enumerate(items, 1)]
            elif len(values := value_lines(current, limit, None if whole else QUOTED_LINES)) > 1:
                lines.append(f"- {label}:")
                if reads_as_prose(current):
                    # paragraphs of one answer, in its item: as bullets they read as several answers
                    lines += [f"\n    {value}" for value in values]
                else:
                    lines += [f"    - {value}" for value in values]
            else:
                lines.append(f"- {label}: {values[0]}")
        return lines

    def record_text(self) -> str:
        """The whole record as Markdown: what is open first, by step, as the app's Controles
        list it (plan.open_items: the required questions still open, then the checks), then per
        step its status and what is filled. (Last, the checks were what the app cut off of a
        full project's record, shown up to a length; and a reviewer reads them first.)"""
        lines = [f"## {msg('record_header', self.lang, project=escape_markdown(self.c.project.name))}"]
        # the Controles as the app lists them: the step being answered names its questions still
        # to come under its own status below, not as a warning ("⚠ Nog open" listed all six of
        # step 0's after its first answer)
        found = self.c.items_open()
        if found.steps:
            lines.append("\n" + msg("checks_header", self.lang))
            for items in found.steps:
                # a blank line first: Markdown ran the step's name into the line above it
                lines.append(f"\n**{msg('step_header', self.lang, step=items.step, title=self.c.plan.step(items.step).short_title)}**")
                lines += self._open_item_lines(items)
        statuses = self.c.statuses()
        for n in STEPS:
            lines += self._step_lines(n, statuses[n])
        return "\n".join(lines)

    def _step_lines(self, n: int, status: str) -> list[str]:
        """Step `n` in the record: its title and status, what is filled, and for the step being
        answered the required questions still to come."""
        lines = [f"\n**{msg('step_header', self.lang, step=n, title=self.c.plan.step(n).short_title)}** · "
                 f"{self._status_text(n, status)}"]
        lines += self.filled_lines(n, whole=True)
        still_to_come = open_required(self.c.record, n) if n == self.c.current_step else ()
        if still_to_come:
            # read out to a screen reader, "bezig" alone did not say what was open
            lines.append(f"- {self._open_required_text(still_to_come)}")
        return lines

    def _open_item_lines(self, items: StepOpenItems) -> list[str]:
        """A step's open items as the Controles list them: one line for its open questions (each
        a sentence, read out in a row), then a line per check."""
        lines = [f"- ⚠ {self._open_required_text(items.required)}"] if items.required else []
        lines += [f"- ⚠ {check_text(w, self.lang, self.list_asked())}" for w in items.checks]
        # marked as the record panel marks it (⟳, not ⚠): counted apart from the checks
        return lines + ["- " + msg("to_review_item", self.lang, step=step,
                                      question=escape_markdown(self.field_label(path, whole=True)))
                        for path, step in items.review]

    def _status_text(self, n: int, status: str) -> str:
        """Step `n`'s status in words. The step being answered is under way, nothing stored
        yet: "Stap 3 · niet begonnen" stood beside "U was bij stap 3"."""
        if status == "not_started" and n == self.c.current_step and self.c.pending is not None:
            status = "in_progress"
        return msg(f"status_{status}", self.lang)

    def step_record_text(self, n: int) -> str:
        """Step `n` of the record as Markdown, whole: its status, what it holds, then its open
        checks (`/dossier N`). The whole record of a full project is cut in the app after a
        few steps, and its record panel shows the step being answered only."""
        lines = [f"## {msg('record_header', self.lang, project=escape_markdown(self.c.project.name))}",
                 *self._step_lines(n, self.c.statuses()[n])]
        found = next((items for items in self.c.items_open().steps
                      if items.step == n), None)
        lines.append("\n" + msg("checks_header", self.lang))
        lines += self._open_item_lines(found) if found is not None else [msg("step_no_checks", self.lang)]
        return "\n".join(lines)

    def _open_required_text(self, paths: Sequence[str]) -> str:
        """"Nog open (verplicht): …" with the questions at `paths`, whole."""
        return msg("open_required", self.lang, fields="; ".join(
            escape_markdown(self.field_label(p, whole=True)) for p in paths))
