"""Learner progress: kept in the store (a new migration that keeps existing data), and resumed."""

from __future__ import annotations

import sqlite3

import pytest

from assistant.learn.lessons import load_course
from assistant.learn.progress import Progress
from assistant.store import DatabaseUpgraded, Store
from assistant.store.db import MIGRATIONS


def test_an_existing_database_is_migrated_and_keeps_its_projects(tmp_path):
    path = tmp_path / "projects.db"
    conn = sqlite3.connect(path)
    conn.executescript(MIGRATIONS[0])
    conn.execute("INSERT INTO projects (name, name_key, created, updated) VALUES ('Oud', 'oud', 'x', 'x')")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    with Store(path) as store:
        assert store.schema_version == len(MIGRATIONS) >= 2
        # nothing wrong is said: only that it was upgraded, and where its copy from before went
        assert isinstance(store.notice, DatabaseUpgraded) and store.notice.kept.exists()
        assert [p.name for p in store.list_projects()] == ["Oud"]
        store.save_lesson_answer("anna", 3, "boundary", True)
        assert [(a.lesson, a.question, a.correct) for a in store.lesson_answers("anna")] == [(3, "boundary", True)]


def test_the_latest_answer_counts_and_tries_are_counted(tmp_path):
    with Store(tmp_path / "p.db") as store:
        store.save_lesson_answer("anna", 2, "trl", False)
        store.save_lesson_answer("anna", 2, "trl", True)
        store.save_lesson_answer("bob", 2, "trl", False)
        (answer,) = store.lesson_answers("anna")
        assert answer.correct and answer.attempts == 2
        assert [a.correct for a in store.lesson_answers("bob")] == [False]
        assert store.lesson_answers("nobody") == []


def test_progress_resumes_with_scores_and_lessons_to_revisit(tmp_path):
    course = load_course("nl")
    lesson = course.lesson(4)
    with Store(tmp_path / "p.db") as store:
        progress = Progress(store, "anna")
        assert progress.next_lesson(course) == 0
        first = lesson.questions[0]
        assert progress.answer(lesson, first, first.correct_index) is True
        assert progress.statuses(course)[4].text("nl") == "begonnen, 1 van 3 vragen beantwoord"
        for q in lesson.questions[1:]:
            wrong = next(i for i, o in enumerate(q.options) if not o.correct)
            assert progress.answer(lesson, q, wrong) is False
    # a new process, the same learner: everything is still there
    with Store(tmp_path / "p.db") as store:
        progress = Progress(store, "anna")
        status = progress.statuses(course)[4]
        assert (status.done, status.right, status.total, status.revisit) == (True, 1, 3, True)
        assert progress.to_revisit(course) == [4]
        assert [q.id for q in progress.wrong_questions(lesson)] == [q.id for q in lesson.questions[1:]]
        summary = progress.summary(course)
        assert "1 van 11 lessen gedaan, 1 van" in summary and "Nog eens bekijken: Les 4" in summary
        assert "Volgende les: Stap 0 · Vooraf" in summary
        # another learner starts from nothing
        assert Progress(store, "bob").statuses(course)[4].answered == 0


def test_every_lesson_right_is_congratulated(tmp_path):
    course = load_course("en")
    with Store(tmp_path / "p.db") as store:
        progress = Progress(store, "anna")
        for lesson in course:
            for q in lesson.questions:
                progress.answer(lesson, q, q.correct_index)
        assert progress.next_lesson(course) is None and progress.to_revisit(course) == []
        assert "Well done" in progress.summary(course)


def test_a_lesson_begun_is_one_to_continue_not_the_next(tmp_path):
    # quit halfway and started again, the summary said "Next lesson: Step 1 · …" of a lesson begun
    course = load_course("en")
    with Store(tmp_path / "p.db") as store:
        progress = Progress(store, "anna")
        assert "Next lesson: Step 0 · Map the need" in progress.summary(course)
        zero = course.lesson(0)
        progress.answer(zero, zero.questions[0], zero.questions[0].correct_index)
        summary = progress.summary(course)
        assert "Continue: Step 0 · Map the need" in summary and "Next lesson" not in summary


def test_a_retake_is_kept_apart_and_resumed_until_its_last_answer_counts(tmp_path):
    # "Lesson again", one answer, ctrl+q: "3 of 4 right" had become "2 of 4 right", and the
    # lesson reopened at question 1 with nothing answered
    course = load_course("en")
    lesson = course.lesson(7)
    first, *rest = lesson.questions
    wrong = next(i for i, o in enumerate(first.options) if not o.correct)
    with Store(tmp_path / "p.db") as store:
        progress = Progress(store, "anna")
        progress.answer(lesson, first, wrong)
        for q in rest:
            progress.answer(lesson, q, q.correct_index)
        assert progress.statuses(course)[7].text("en") == "done, 3 of 4 right · 1 to look at again"
        assert progress.resume_at(lesson) == (0, 0)  # done: a retake starts at question 1
        progress.answer(lesson, first, first.correct_index)  # the retake's first answer
    with Store(tmp_path / "p.db") as store:  # quit and come back
        progress = Progress(store, "anna")
        status = progress.statuses(course)[7]
        assert (status.done, status.right, status.revisit) == (True, 3, True)  # the result stands
        assert status.text("en") == "done, 3 of 4 right · 1 to look at again · retake begun, 1 of 4 answered"
        assert progress.latest_answers(lesson)[first.id] is False
        assert progress.resume_at(lesson) == (1, 1)  # the retake goes on at question 2
        assert progress.to_revisit(course) == [7] and progress.next_lesson(course) == 0
        for q in rest[:-1]:
            progress.answer(lesson, q, q.correct_index)
        assert progress.statuses(course)[7].right == 3
        progress.answer(lesson, rest[-1], rest[-1].correct_index)  # the last: the retake counts
        status = progress.statuses(course)[7]
        assert (status.right, status.retaken, status.revisit) == (4, 0, False)
        assert status.text("en") == "done, 4 of 4 right"
        assert {a.question: a.attempts for a in store.lesson_answers("anna")} == {q.id: 2 for q in lesson.questions}
        assert progress.resume_at(lesson) == (0, 0)  # and the next one starts afresh


def test_a_finished_lesson_gives_its_answers_that_count_with_the_options_chosen(tmp_path):
    # a finished lesson opened again could show no answers: only right or wrong was kept
    course = load_course("nl")
    lesson = course.lesson(2)
    first, second, *rest = lesson.questions
    wrong = next(i for i, o in enumerate(first.options) if not o.correct)
    with Store(tmp_path / "p.db") as store:
        progress = Progress(store, "anna")
        progress.answer(lesson, first, wrong)
        assert progress.last_choices(lesson) is None  # not finished: it goes on instead
        # answers kept before the options chosen were: right is the right option, wrong unknown
        store.save_lesson_answer("anna", 2, second.id, False)
        for q in rest:
            store.save_lesson_answer("anna", 2, q.id, True)
        assert progress.last_choices(lesson) == {first.id: wrong, second.id: None,
                                                 **{q.id: q.correct_index for q in rest}}
        progress.answer(lesson, first, first.correct_index)  # a retake under way: no review
        assert progress.last_choices(lesson) is None
        wrong_second = next(i for i, o in enumerate(second.options) if not o.correct)
        for q in (second, *rest):
            progress.answer(lesson, q, wrong_second if q is second else q.correct_index)
        # the retake finished: its options are the ones that count
        assert progress.last_choices(lesson) == {first.id: first.correct_index, second.id: wrong_second,
                                                 **{q.id: q.correct_index for q in rest}}



def test_a_learners_name_matches_whatever_its_case_accents_and_spaces_and_keeps_its_first_spelling(tmp_path):
    # "--learner ingrid", then "--learner Ingrid": "0 van 11 lessen gedaan"
    course = load_course("nl")
    lesson = course.lesson(0)
    with Store(tmp_path / "p.db") as store:
        Progress(store, "ingrid").answer(lesson, lesson.questions[0], lesson.questions[0].correct_index)
        for typed in ("Ingrid", " INGRID ", "Íngrid"):
            again = Progress(store, typed)
            assert again.learner == "ingrid" and again.similar is None
            assert again.latest_answers(lesson) == {lesson.questions[0].id: True}
            assert again.summary(course).startswith("Voortgang van ingrid: 0 van 11 lessen gedaan, 1 van")
        assert store.learners() == ["ingrid"]


def test_a_new_name_one_letter_off_another_learners_names_that_learner_and_is_not_merged(tmp_path):
    course = load_course("en")
    lesson = course.lesson(0)
    with Store(tmp_path / "p.db") as store:
        Progress(store, "Ingrid").answer(lesson, lesson.questions[0], 0)
        typo = Progress(store, "Ingird")
        assert typo.learner == "Ingird" and typo.similar == "Ingrid"
        assert typo.summary(course).startswith(
            '“Ingird” is a new name; there is progress under “Ingrid”. If that is you, start with --learner "Ingrid".')
        assert typo.latest_answers(lesson) == {}  # another person's progress is not taken over
        typo.answer(lesson, lesson.questions[0], 0)
        assert "new name" not in typo.summary(course)  # said until the new learner has answers
        assert store.learners() == ["Ingrid", "Ingird"]
        assert Progress(store, "Bob").similar is None and Progress(store, "Ingrid 2").similar is None


def test_a_store_that_cannot_be_read_opens_the_lessons_under_the_name_given(tmp_path):
    # the name is looked up in the store as the lessons open (known_learner, similar_learner):
    # a store that refused to be read (locked, damaged) ended the app in a traceback
    from assistant.store import StoreError

    store = Store(tmp_path / "p.db")
    Progress(store, "Ingrid").answer(load_course("nl").lesson(0), load_course("nl").lesson(0).questions[0], 0)
    store.close()  # every read now refused with a StoreError, as a locked store's is
    with pytest.raises(StoreError):
        store.known_learner("Ingird")
    progress = Progress(store, "Ingird")
    assert progress.learner == "Ingird" and progress.similar is None
