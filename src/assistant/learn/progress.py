"""A learner's progress through the lessons, kept in the store so that it resumes.

Per check question the latest answer counts (right or wrong) and the number of tries is kept.
A lesson is done when every one of its questions has been answered; a done lesson with a wrong
latest answer is one to revisit. A done lesson opened again shows its answers that count (the
option chosen is kept); taken again, it is a retake: its answers are kept apart, and it resumes
where it was left, until its last answer makes them the ones that count (the result stands
meanwhile).
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass, replace
from datetime import datetime, timezone

from assistant.core.textsafe import learner_key
from assistant.learn.lessons import CheckQuestion, Course, Lesson
from assistant.learn.messages import say
from assistant.store import StoreError, StoreUnavailable
from assistant.store.db import LessonAnswer

DEFAULT_LEARNER = "leerling"


def default_learner() -> str:
    """The name progress is kept under when none is given: the user's login name."""
    try:
        return getpass.getuser() or DEFAULT_LEARNER
    except Exception:  # no login name in this environment (getpass raises several kinds)
        return DEFAULT_LEARNER


@dataclass(frozen=True)
class LessonStatus:
    step: int
    total: int
    answered: int
    right: int
    #: questions answered in a retake of the done lesson that is not finished yet
    retaken: int = 0

    @property
    def done(self) -> bool:
        return self.answered >= self.total

    @property
    def revisit(self) -> bool:
        return self.done and self.right < self.total

    @property
    def started(self) -> bool:
        return self.answered > 0

    def text(self, lang: str) -> str:
        retake = say("status_retake", lang, answered=self.retaken, total=self.total) if self.retaken else ""
        if self.revisit:
            return say("status_revisit", lang, score=self.right, total=self.total, wrong=self.total - self.right) + retake
        if self.done:
            return say("status_done", lang, score=self.right, total=self.total) + retake
        if self.started:
            return say("status_started", lang, answered=self.answered, total=self.total)
        return say("status_new", lang)

    @property
    def mark(self) -> str:
        return "↻" if self.revisit else "✓" if self.done else "◐" if self.started else "○"


class Progress:
    """The progress of one learner, read from and written to the store."""

    def __init__(self, store, learner: str | None = None) -> None:
        self.store = store
        given = (learner or "").strip() or default_learner()
        try:
            known = store.known_learner(given)
            similar = None if known is not None else store.similar_learner(given)
        except StoreError:  # locked or damaged: the lessons open under the name given, as in a new store
            known = similar = None
        #: the name progress is kept under: a known learner's, as most of its progress is written
        #: ("ingrid" typed again as "Ingrid" found no progress)
        self.learner = known or given
        #: a new name one letter off another learner's ("Ingird" beside "Ingrid"): the summary
        #: names that learner until this one has answered (it may be another person: not merged)
        self.similar = similar
        #: another's name than the login name (`--learner`): the summary says whose progress it is
        self.named = learner_key(self.learner) != learner_key(default_learner())
        #: answers the store refused (a read-only data folder, a full disk), by (lesson, question):
        #: they count, over the stored ones, until the learner stops (the lesson stopped with a traceback)
        self._unsaved: dict[tuple[int, str], LessonAnswer] = {}
        self._unsaved_retake_choices: dict[tuple[int, str], int | None] = {}
        #: why the first refused answer was not kept, until `refusal()` hands it over
        self._refusal: StoreUnavailable | None = None
        self._refused = False

    def answer(self, lesson: Lesson, question: CheckQuestion, choice: int | None) -> bool:
        """Record the learner's choice (0-based option; None: "weet ik niet", a wrong answer with
        no option) and say whether it was right. In a done lesson it is a retake's answer: it
        counts once the retake's last question is answered. An answer the store refuses counts
        all the same, in memory (`refusal` says why, once)."""
        if choice is not None and not 0 <= choice < len(question.options):
            raise IndexError(choice)
        right = choice is not None and question.options[choice].correct
        stored = self._stored(lesson)
        retake = _finished(lesson, stored)
        retaken = {qid for qid, a in stored.items() if a.retake is not None} | {question.id}
        finish = all(q.id in retaken for q in lesson.questions)
        try:
            if retake:
                self.store.save_retake_answer(self.learner, lesson.step, question.id, right,
                                              finish=finish, choice=choice)
            else:
                self.store.save_lesson_answer(self.learner, lesson.step, question.id, right, choice)
        except StoreUnavailable as exc:
            self._keep_unsaved(lesson, question, right, choice, stored, retake=retake, finish=finish)
            if not self._refused:
                self._refused, self._refusal = True, exc
        else:
            self._unsaved.pop((lesson.step, question.id), None)
        return right

    def refusal(self) -> StoreUnavailable | None:
        """Why the answer just given was not kept, the first time one was not; None after that
        (the start said nothing is saved: once more where progress would have been kept will do)."""
        refusal, self._refusal = self._refusal, None
        return refusal

    @property
    def all_kept(self) -> bool:
        """Whether every answer given was kept in the store."""
        return not self._unsaved

    def _keep_unsaved(self, lesson: Lesson, question: CheckQuestion, right: bool, choice: int | None,
                      stored: dict[str, LessonAnswer], *, retake: bool, finish: bool) -> None:
        """An answer the store refused, kept in memory as the store would have kept it."""
        key = (lesson.step, question.id)
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        before = stored.get(question.id)
        if not retake:
            self._unsaved[key] = LessonAnswer(lesson.step, question.id, right, (before.attempts if before else 0) + 1,
                                              now, None, choice)
            return
        stored = {**stored, question.id: replace(before, retake=right, updated=now)}
        self._unsaved[key] = stored[question.id]
        self._unsaved_retake_choices[key] = choice
        if finish:  # the retake's answers become the ones that count, each a try more
            for qid, answer in stored.items():
                if answer.retake is not None:
                    self._unsaved[(lesson.step, qid)] = replace(
                        answer, correct=answer.retake, retake=None, attempts=answer.attempts + 1, updated=now,
                        choice=self._unsaved_retake_choices.pop((lesson.step, qid), None))

    def _answers(self) -> list[LessonAnswer]:
        """The learner's stored answers, with those the store refused over them."""
        answers = {(a.lesson, a.question): a for a in self.store.lesson_answers(self.learner)}
        answers.update(self._unsaved)
        return [answers[key] for key in sorted(answers)]

    def last_choices(self, lesson: Lesson) -> dict[str, int | None] | None:
        """A finished lesson's answers that count, to show again: question id -> the option
        chosen, None for a wrong answer whose option was not kept (given before options were,
        or the question's options changed since). None when the lesson is not finished, or a
        retake of it is under way (it goes on where it was instead)."""
        stored = self._stored(lesson)
        if not _finished(lesson, stored) or any(stored[q.id].retake is not None for q in lesson.questions):
            return None
        out: dict[str, int | None] = {}
        for q in lesson.questions:
            answer = stored[q.id]
            choice = answer.choice
            if choice is None or not 0 <= choice < len(q.options) or q.options[choice].correct != answer.correct:
                # a right answer chose the one right option; a wrong one's option is not known
                choice = q.correct_index if answer.correct else None
            out[q.id] = choice
        return out

    def _stored(self, lesson: Lesson) -> dict[str, LessonAnswer]:
        """Question id -> its stored answer, for the lesson's answered questions."""
        return {a.question: a for a in self._answers() if a.lesson == lesson.step}

    def latest_answers(self, lesson: Lesson) -> dict[str, bool]:
        """Question id -> whether its answer that counts was right, for the lesson's answered questions."""
        return {qid: a.correct for qid, a in self._stored(lesson).items()}

    def resume_at(self, lesson: Lesson) -> tuple[int, int]:
        """Where the lesson goes on: the index of its first question not answered yet in this
        round (a lesson or a retake left halfway goes on where it was; a done lesson without a
        retake starts one at question 1), and how many of the questions before it were answered
        right in this round."""
        stored = self._stored(lesson)
        if _finished(lesson, stored):  # done: the round is its retake
            answered = {qid: a.retake for qid, a in stored.items() if a.retake is not None}
        else:
            answered = {qid: a.correct for qid, a in stored.items()}
        open_ = [i for i, q in enumerate(lesson.questions) if q.id not in answered]
        index = open_[0] if open_ else 0
        return index, sum(answered[q.id] for q in lesson.questions[:index])

    def statuses(self, course: Course) -> dict[int, LessonStatus]:
        stored = {(a.lesson, a.question): a for a in self._answers()}
        out = {}
        for lesson in course:
            answers = [stored[(lesson.step, q.id)] for q in lesson.questions if (lesson.step, q.id) in stored]
            out[lesson.step] = LessonStatus(lesson.step, len(lesson.questions), len(answers),
                                            sum(a.correct for a in answers),
                                            sum(a.retake is not None for a in answers))
        return out

    def wrong_questions(self, lesson: Lesson) -> list[CheckQuestion]:
        """The lesson's questions whose latest answer was wrong."""
        answered = self.latest_answers(lesson)
        return [q for q in lesson.questions if answered.get(q.id) is False]

    def next_lesson(self, course: Course) -> int | None:
        """The lesson to go on with: the first one begun and not done (the overview offered a
        new lesson before the one left halfway), else the first not done; None when all are done."""
        statuses = self.statuses(course)
        undone = [n for n in sorted(statuses) if not statuses[n].done]
        return next((n for n in undone if statuses[n].started), undone[0] if undone else None)

    def to_revisit(self, course: Course) -> list[int]:
        statuses = self.statuses(course)
        return [n for n in sorted(statuses) if statuses[n].revisit]

    def summary(self, course: Course) -> str:
        """One line (or a few) on where the learner stands, in the course's language."""
        lang = course.lang
        statuses = self.statuses(course).values()
        lines = [say("progress_of", lang, learner=self.learner)] if self.named else []
        if self.similar is not None and not self._answers():
            lines.insert(0, say("learner_similar", lang, learner=self.learner, existing=self.similar))
        lines.append(say("summary", lang, done=sum(s.done for s in statuses), total=len(course),
                         right=sum(s.right for s in statuses), questions=sum(s.total for s in statuses)))
        revisit = self.to_revisit(course)
        if revisit:
            lines.append(say("revisit_hint", lang, lessons=", ".join(
                say("lesson_label", lang, step=n) for n in revisit)))
        upcoming = self.next_lesson(course)
        if upcoming is not None:
            begun = self.statuses(course)[upcoming].started
            lines.append(say("continue_hint" if begun else "next_hint", lang, lesson=course.lesson(upcoming).title))
        elif not revisit:
            lines.append(say("all_done", lang))
        return " ".join(lines)


def _finished(lesson: Lesson, stored: dict[str, LessonAnswer]) -> bool:
    """Whether every question of `lesson` has a stored answer (Progress._stored): the lesson is
    done, and an answer now is a retake's."""
    return all(q.id in stored for q in lesson.questions)
