"""`stappenplan learn --plain`: the lessons on standard input and output."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.cli.learn import PlainTutor, converse, plain_say
from assistant.learn.lessons import load_course
from assistant.learn.progress import Progress, default_learner

from assistant.store import Store

PROJECT_ROOT = Path(__file__).resolve().parents[2]  # the checkout: its .venv runs the CLI
PYTHON = str(PROJECT_ROOT / ".venv" / "bin" / "python")
if not Path(PYTHON).exists():
    PYTHON = sys.executable


def _letters(lesson, right: bool) -> list[str]:
    out = []
    for q in lesson.questions:
        index = q.correct_index if right else next(i for i, o in enumerate(q.options) if not o.correct)
        out.append("abcdef"[index])
    return out


def test_a_lesson_is_completed_in_a_subprocess_and_progress_resumes(tmp_path):
    env = dict(os.environ, PYTHONIOENCODING="utf-8", STAPPENPLAN_HOME=str(tmp_path / "home"))
    lesson = load_course("nl").lesson(6)
    answers = _letters(lesson, right=True)
    answers[1] = _letters(lesson, right=False)[1]
    script = "\n".join(["6", "z", *answers, "stop"]) + "\n"
    run = subprocess.run([PYTHON, "-m", "assistant", "learn", "--plain", "--learner", "anna"],
                         input=script, capture_output=True, text=True, env=env, timeout=120,
                         cwd=PROJECT_ROOT)
    assert run.returncode == 0, run.stderr
    out = run.stdout
    assert "Stap 6 · Maak een opschalingsplan" in out
    assert "Uit de handreiking" in out and "Stap 6: Maak een opschalingsplan › Inkoopstrategie" in out
    assert "voorbeeldproject “Slimme afvalinzameling”" in out and "Fatima de Vries" in out
    assert "“z” is geen antwoord. Kies een letter (a, b, c) of een cijfer (1, 2, 3)." in out
    assert out.count("Goed!") == len(answers) - 1 and out.count("Niet goed.") == 1
    assert f"Les 6 klaar: {len(answers) - 1} van {len(answers)} goed." in out
    assert f"   6  Stap 6 · Maak een opschalingsplan — gedaan, {len(answers) - 1} van {len(answers)} goed" in out
    assert "Tot ziens" in out
    # a second run resumes: the overview shows the lesson to revisit
    again = subprocess.run([PYTHON, "-m", "assistant", "learn", "--plain", "--learner", "anna", "--lang", "en"],
                           input="quit\n", capture_output=True, text=True, env=env, timeout=120, cwd=PROJECT_ROOT)
    assert again.returncode == 0, again.stderr
    assert f"done, {len(answers) - 1} of {len(answers)} right · 1 to look at again" in again.stdout
    assert "Worth another look: Lesson 6." in again.stdout
    # progress kept under another name than the login name says whose it is
    assert "Progress of anna: 1 of 11 lessons done" in again.stdout


def _tutor(tmp_path, lang="nl"):
    store = Store(tmp_path / "p.db")
    return PlainTutor(load_course(lang), Progress(store, "anna")), store


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_opening_puts_the_title_first_and_the_introduction_under_it(tmp_path, lang):
    # "Elke les legt één stap uit …" was printed above "Leren: het stappenplan in elf lessen"
    from assistant.cli.learn import plain_say

    tutor, store = _tutor(tmp_path, lang)
    with store:
        lines = tutor.opening().splitlines()
        assert lines[0] == plain_say("course_title", lang)
        assert lines.index(plain_say("course_intro", lang)) == 2 and lines.count(plain_say("course_intro", lang)) == 1


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_lesson_list_says_each_status_in_words_and_a_lesson_title_is_a_heading_read_once(tmp_path, lang):
    # "○  0  Stap 0" and "↻  2": the mark before each lesson was read out as noise (its words
    # are at the line's end); so were the lines of "=" above and under the lesson's title
    tutor, store = _tutor(tmp_path, lang)
    with store:
        rows = [line for line in tutor.overview().splitlines() if line[:4].strip().isdigit()]
        assert len(rows) == 11
        for step, row in enumerate(rows):
            assert row.startswith(f"  {step:>2}  {tutor.course.lesson(step).title} — ")
        for lesson in tutor.course:
            lines = tutor.handle(str(lesson.step)).splitlines()
            assert lines[:3] == ["", lesson.title, ""]
            tutor.handle("stop")


def test_bad_input_gets_a_clear_message_and_loses_nothing(tmp_path):
    tutor, store = _tutor(tmp_path)
    with store:
        assert "“12” is geen les" in tutor.handle("12")
        assert "“hallo” is geen les" in tutor.handle("hallo")
        started = tutor.handle("0")
        assert "Vraag 1 van 4" in started
        assert "geen antwoord" in tutor.handle("e")
        assert "Vraag 1 van 4" not in tutor.handle("a")  # answered; question 2 follows
        left = tutor.handle("stop")
        assert "afgebroken" in left and "begonnen, 1 van 4 vragen beantwoord" in left
        assert store.lesson_answers("anna")[0].question == "first"
        again = tutor.handle("volgende")  # lesson 0 is not done yet: it goes on where it was
        assert "Stap 0 · Vooraf" in again and "Vraag 2 van 4" in again and "Vraag 1 van 4" not in again
        tutor.handle("stop")
        assert tutor.handle("stop") == "Tot ziens. Uw voortgang is bewaard."
        assert tutor.finished


def test_help_and_slash_commands_are_understood_and_no_code_marks_are_printed(tmp_path):
    # "“/help” is geen les", and the menu printed `volgende` with its backticks
    tutor, store = _tutor(tmp_path)
    with store:
        menu = tutor.handle("/help")
        assert "geen les" not in menu and "Typ het nummer van een les (0-10) of volgende, begrip NAAM" in menu
        assert "`" not in menu
        tutor.handle("0")
        again = tutor.handle("/help")
        assert "geen antwoord" not in again and "Vraag 1 van 4" in again and "Antwoord met een letter" in again
        assert "afgebroken" in tutor.handle("/stop")


def test_a_lesson_can_be_opened_directly_and_input_may_just_end(tmp_path):
    tutor, store = _tutor(tmp_path, "en")
    with store:
        out = io.StringIO()
        right = "abc"[tutor.course.lesson(10).questions[0].correct_index]
        converse(tutor, iter([f"{right}\n"]), out, lesson=10)
        text = out.getvalue()
        assert "Step 10 · Carry out the scale-up plan" in text
        assert "Right!" in text and text.rstrip().endswith("Goodbye. Your progress is saved.")
        assert Progress(store, "anna").statuses(tutor.course)[10].answered == 1


@pytest.mark.parametrize("word", ["stop", "quit"])
def test_at_a_terminal_the_goodbye_after_stop_is_the_last_line_with_no_prompt_after_it(tmp_path, word):
    # "Tot ziens. Uw voortgang is bewaard." was followed by a bare "> ", as if it still waited
    tutor, store = _tutor(tmp_path)
    with store:
        out = io.StringIO()
        converse(tutor, iter([f"{word}\n"]), out, interactive=True)
        text = out.getvalue()
        # one prompt: the one "stop" was typed at (a terminal echoes it and the line's end)
        assert text.count("> ") == 1 and text.endswith("\n\n> Tot ziens. Uw voortgang is bewaard.\n\n")


def test_the_procedures_are_looked_up_amid_a_question_which_is_then_asked_again(tmp_path):
    # "“procedures” is geen antwoord", though the menu offers it
    tutor, store = _tutor(tmp_path)
    with store:
        tutor.handle("0")
        shown = tutor.handle("procedures")
        assert "geen antwoord" not in shown
        assert "Innovatiepartnerschap" in shown and shown.rstrip().endswith("breekt de les af.")
        assert "Vraag 1 van 4" in shown and store.lesson_answers("anna") == []


def test_the_plain_text_keeps_no_emphasis_stars_or_hard_break_spaces():
    from assistant.cli.common import markdown_to_plain

    plain = markdown_to_plain("SBIR: *De documenten zeggen hier niets over.*  \n* een punt\n2 * 3 = 6, **vet**")
    assert plain == "SBIR: De documenten zeggen hier niets over.\n* een punt\n2 * 3 = 6, vet"


def _finished_with_the_first_wrong(tutor, lesson) -> str:
    """`lesson` taken from the start, its first question answered wrong and the rest right: what
    the last answer said."""
    answers = _letters(lesson, right=True)
    answers[0] = _letters(lesson, right=False)[0]
    tutor.handle(str(lesson.step))
    return [tutor.handle(letter) for letter in answers][-1]


def test_a_lesson_taken_again_keeps_its_result_until_the_retake_is_finished(tmp_path):
    # answering question 1 of a retake and stopping made "3 of 4 right" "2 of 4 right", and the
    # lesson opened again at question 1 with nothing answered
    tutor, store = _tutor(tmp_path, "en")
    lesson = tutor.course.lesson(7)
    with store:
        assert "Lesson 7 finished: 3 of 4 right." in _finished_with_the_first_wrong(tutor, lesson)
        tutor.handle("7")  # the finished lesson's answers; "again" takes it again
        assert "Question 1 of 4" in tutor.handle("again")
        tutor.handle(_letters(lesson, right=True)[0])  # question 1 right this time
        left = tutor.handle("stop")
        assert "done, 3 of 4 right · 1 to look at again · retake begun, 1 of 4 answered" in left
        again = tutor.handle("7")
        assert "Question 2 of 4" in again and "Question 1 of 4" not in again
        retake = _letters(lesson, right=True)
        retake[1] = _letters(lesson, right=False)[1]  # question 2 wrong this time
        for letter in retake[1:]:
            done = tutor.handle(letter)
        assert "Lesson 7 finished: 3 of 4 right." in done
        assert "done, 3 of 4 right · 1 to look at again\n" in done and "retake" not in done
        assert [q.id for q in Progress(store, "anna").wrong_questions(lesson)] == [lesson.questions[1].id]


def test_a_finished_lesson_opened_again_shows_its_answers_and_again_takes_it_again(tmp_path):
    # "7" on a finished lesson began a retake at "Question 1 of 4", and its first answer went
    # into it; the answers given, and which went wrong, were shown nowhere
    tutor, store = _tutor(tmp_path, "en")
    lesson = tutor.course.lesson(7)
    with store:
        _finished_with_the_first_wrong(tutor, lesson)
        shown = tutor.handle("7")
        assert "Step 7 · Design the development trajectory" in shown  # the lesson, then its answers
        review = shown[shown.index("Your last answers in lesson 7:"):]
        for n in range(1, 5):
            assert f"Question {n} of 4" in review
        first = lesson.questions[0]
        right = "abc"[first.correct_index]
        wrong = _letters(lesson, right=False)[0]
        assert f"\n✗ {wrong}) {first.options['abc'.index(wrong)].text}" in review
        assert f"\n✓ {right}) {first.options[first.correct_index].text}" in review
        assert review.count("Not right.") == 1 and review.count("Right!") == 3
        assert "Lesson 7 finished: 3 of 4 right." in review and "Type again to answer" in review
        # until when the result stands ("until the last one" named nothing)
        assert "the result stands until you have answered the last question" in review
        assert "Answer with a letter" not in shown
        assert "is not a lesson" in tutor.handle(right)  # no answer: no retake begun
        assert "retake" not in tutor.overview()
        tutor.handle("7")
        retake = tutor.handle("again")
        assert "Question 1 of 4" in retake and "Answer with a letter" in retake
        tutor.handle(right)
        assert "done, 3 of 4 right · 1 to look at again · retake begun, 1 of 4 answered" in tutor.handle("stop")
        assert "is not a lesson" in tutor.handle("again")  # "again" only right after a lesson's answers



def test_the_prompt_names_the_numbers_it_takes_and_an_options_text_typed_out_answers(tmp_path):
    # the prompt said "Answer with a letter (a, b, c)" though "2" answered too; and the full text of
    # an option was "not an answer"
    tutor, store = _tutor(tmp_path, "en")
    with store:
        lesson = tutor.course.lesson(0)
        started = tutor.handle("0")
        assert "Answer with a letter (a, b, c) or a number (1, 2, 3); term NAME explains a term, quit leaves" in started
        first = lesson.questions[0]
        right = first.options[first.correct_index].text
        typed = tutor.handle(right.upper().rstrip(".") + "!")
        assert "Right!" in typed and "Question 2 of" in typed
        assert store.lesson_answers("anna")[0].choice == first.correct_index


@pytest.mark.parametrize(("lang", "chosen", "to_lesson"), [
    ("nl", "Uw antwoord: ", "Naar les 7? Typ eerst stop, dan 7."),
    ("en", "Your answer: ", "Go to lesson 7? Type quit first, then 7.")])
def test_a_number_at_a_check_question_is_said_back_with_its_option_or_refused_with_the_way_to_that_lesson(
        tmp_path, lang, chosen, to_lesson):
    # "2", perhaps meant as lesson 2, was taken as option b) at once, and only "Niet goed." showed
    tutor, store = _tutor(tmp_path, lang)
    with store:
        tutor.handle("1")
        first = tutor.course.lesson(1).questions[0]
        refused = tutor.handle("7")  # no option: asked again, with the options and the way to lesson 7
        assert f"(1, 2, 3). {to_lesson}" in refused and tutor.index == 0
        assert store.lesson_answers("anna") == []
        taken = tutor.handle("2")
        assert taken.startswith(f"{chosen}b) {first.options[1].text}\n\n")
        assert store.lesson_answers("anna")[0].choice == 1
        # a letter is said back as a number is: piped answers showed which option "2" took, not "B)"
        by_letter = tutor.handle("B)")
        assert by_letter.startswith(f"{chosen}b) {tutor.course.lesson(1).questions[1].options[1].text}\n\n")
        assert [answer.choice for answer in store.lesson_answers("anna")] == [1, 1]


@pytest.mark.parametrize(("lang", "word", "practice"), [
    ("en", "next", "You have done every lesson. Practise now with a project of your own: stappenplan --project NAME."),
    ("nl", "volgende", "U heeft alle lessen gedaan. Oefen nu met een eigen project: stappenplan --project NAAM.")])
def test_with_every_lesson_done_next_points_to_a_project_of_ones_own(tmp_path, lang, word, practice):
    # `next` reopened lesson 0 in review without a word, and the course's end said nothing of what next
    tutor, store = _tutor(tmp_path, lang)
    with store:
        course = tutor.course
        for lesson in course:
            if lesson.step != 10:
                for q in lesson.questions:
                    tutor.progress.answer(lesson, q, q.correct_index)
        tutor.handle("10")
        last = course.lesson(10)
        for q in last.questions:
            shown = tutor.handle("abcdef"[q.correct_index])
        assert practice in shown
        again = tutor.handle(word)
        assert again.startswith(practice) and tutor.lesson is None and tutor.shown is None


@pytest.mark.parametrize(("lang", "question", "card"), [
    ("en", "what does intellectual property mean here?", "intellectual property — NL: intellectueel eigendom"),
    ("nl", "wat betekent TRL hier?", "TRL (Technology Readiness Level)"),
    ("en", "why is this the right answer", None)])
def test_a_question_amid_a_check_question_is_told_how_to_ask_and_a_term_it_names_is_explained(
        tmp_path, lang, question, card):
    # "… is not an answer. Choose one of the letters a, b, c.", and `help` only asked the question again
    tutor, store = _tutor(tmp_path, lang)
    with store:
        tutor.handle("3")
        said = tutor.handle(question)
        assert "not an answer" not in said and "geen antwoord" not in said
        assert ("stappenplan ask" in said) and ("Question 1 of" in said or "Vraag 1 van" in said)
        assert (card is None) is ("From the glossary:" not in said and "Uit de woordenlijst:" not in said)
        if card:
            assert card in said
        assert store.lesson_answers("anna") == []  # nothing answered
        helped = tutor.handle("help")
        assert "procedures" in helped and ("quit leaves the lesson" in helped or "stop breekt de les af" in helped)
        assert "woordenlijst" in helped or "glossary" in helped


def test_a_read_only_data_folder_lets_the_lessons_go_on_and_says_once_that_answers_are_not_kept(tmp_path):
    # the first answer ended the lesson with a traceback ("StoreReadOnly: Niet opgeslagen"), exit 1
    home = tmp_path / "home"
    env = dict(os.environ, PYTHONIOENCODING="utf-8", STAPPENPLAN_HOME=str(home))
    course = load_course("nl")
    done, new = course.lesson(0), course.lesson(1)
    script = "\n".join(["0", *_letters(done, right=True), "stop"]) + "\n"
    first = subprocess.run([PYTHON, "-m", "assistant", "learn", "--plain"], input=script, capture_output=True,
                           text=True, env=env, timeout=120, cwd=PROJECT_ROOT)
    assert first.returncode == 0, first.stderr
    data = home / "data"
    # as root the permission bits count only without the capabilities that pass them by
    drop = ["setpriv", "--bounding-set", "-all", "--inh-caps", "-all"] if os.geteuid() == 0 else []
    # a new lesson, then the done one taken again, all wrong
    script = "\n".join([*_letters(new, right=True), "0", "opnieuw", *_letters(done, right=False), "stop"]) + "\n"
    data.chmod(0o555)
    try:
        run = subprocess.run([*drop, PYTHON, "-m", "assistant", "learn", "--plain", "--lesson", "1"], input=script,
                             capture_output=True, text=True, env=env, timeout=120, cwd=PROJECT_ROOT)
    finally:
        data.chmod(0o755)
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr
    assert "alleen-lezen" in run.stderr  # said at the start
    out = run.stdout
    assert out.count("De les gaat door; wat u nu beantwoordt, telt tot u stopt.") == 1
    lesson_1 = out[:out.index(f"Les 1 klaar: {len(new.questions)} van {len(new.questions)} goed.")]
    assert "Niet opgeslagen: de gegevensmap" in lesson_1 and lesson_1.count("Goed!") == len(new.questions)
    total = len(done.questions)
    assert f"Les 0 klaar: 0 van {total} goed." in out  # the retake's answers count, in this run
    assert f"   0  Stap 0 · Vooraf: de behoefte en de randvoorwaarden — gedaan, 0 van {total} goed" in out
    assert out.rstrip().endswith("Tot ziens. Uw antwoorden van deze keer zijn niet bewaard.")
    with Store(data / "stappenplan.sqlite3") as store:  # as the first run left it
        kept = store.lesson_answers(default_learner())
        assert {a.lesson for a in kept} == {0} and all(a.correct and a.retake is None for a in kept)


@pytest.mark.parametrize(("lang", "lookup", "card", "near"), [
    ("nl", "begrip SBIR", "SBIR — EN: SBIR", "“sbri” staat niet in de woordenlijst. Bedoelt u: SBIR?"),
    ("en", "/term sbir", "SBIR (Small Business Innovation Research)",
     "“sbri” is not in the glossary. Did you mean: SBIR (Small Business Innovation Research)?")])
def test_a_term_is_looked_up_in_the_glossary_in_the_menu_and_amid_a_question_which_is_then_asked_again(
        tmp_path, lang, lookup, card, near):
    # every lesson lists its terms, and "begrip SBIR", "/begrip SBIR" and "woordenlijst" were "geen les"
    tutor, store = _tutor(tmp_path, lang)
    with store:
        menu = tutor.handle(lookup)
        assert card in menu and "geen les" not in menu and "not a lesson" not in menu
        assert menu.rstrip().endswith(plain_say("plain_menu", lang))
        tutor.handle("2")
        lesson = tutor.course.lesson(2)
        asked = tutor.handle(lookup.upper())
        assert card in asked and ("Question 1 of" in asked or "Vraag 1 van" in asked)
        assert "geen antwoord" not in asked and "not an answer" not in asked and tutor.index == 0
        # a typo gets the near miss the app's glossary offers, and no card of another term
        missed = tutor.handle(lookup.split()[0] + " sbri")
        assert missed.startswith(f"{near}\n\n") and "Pre-commercial" not in missed and "Pre-commercieel" not in missed
        # alone: the lesson's own terms, as its "Begrippen in deze les" lists them
        listed = tutor.handle("woordenlijst" if lang == "nl" else "glossary")
        from assistant.learn.lessons import translations
        from assistant.learn.terms import lesson_terms
        from assistant.plan.glossary import load_glossary

        names = [t.name(lang) for t in lesson_terms(load_glossary(), lesson, *translations(2, lang))]
        assert (f"Begrippen in les 2: {', '.join(names)}." in listed
                or f"Terms in lesson 2: {', '.join(names)}." in listed)
        assert store.lesson_answers("anna") == []  # nothing was taken as an answer
        assert "begrip" in tutor.handle("help") or "term NAME" in tutor.handle("help")


def test_a_term_found_by_another_name_says_so_and_none_found_says_so(tmp_path):
    tutor, store = _tutor(tmp_path, "en")
    with store:
        assert tutor.handle("term zzzqqq").startswith("“zzzqqq” is not in the glossary.")
        found = tutor.handle("term DPIA")  # privacy's alias: the card does not show it
        assert found.startswith("No term “DPIA”; the nearest:")


@pytest.mark.parametrize(("lang", "typed", "said"), [
    ("nl", "weet ik niet", "U gaf aan het niet te weten; dat telt als fout."),
    ("nl", "Overslaan", "U gaf aan het niet te weten; dat telt als fout."),
    ("en", "I don’t know.", "You said you don't know; that counts as wrong."),
    ("en", "skip", "You said you don't know; that counts as wrong.")])
def test_not_knowing_an_answer_counts_as_wrong_and_shows_the_right_one_with_why(tmp_path, lang, typed, said):
    # "weet ik niet" was "… is geen antwoord", and the explanation stayed out of reach
    tutor, store = _tutor(tmp_path, lang)
    with store:
        tutor.handle("0")
        first = tutor.course.lesson(0).questions[0]
        shown = tutor.handle(typed)
        right = first.options[first.correct_index]
        assert shown.startswith(f"{plain_say('wrong', lang)} {said}")
        assert f"a) {right.text}" in shown or f"{'abc'[first.correct_index]}) {right.text}" in shown
        assert right.why in shown and tutor.index == 1
        (answer,) = store.lesson_answers("anna")
        assert not answer.correct and answer.choice is None


def test_an_options_text_with_one_typo_answers_and_an_empty_enter_asks_again(tmp_path):
    tutor, store = _tutor(tmp_path, "nl")
    with store:
        tutor.handle("2")
        lesson = tutor.course.lesson(2)
        assert tutor.handle("") == tutor._ask()  # it was "“” is geen antwoord."
        tutor.handle("a")
        tutor.handle("b")
        third = lesson.questions[2]  # De vrijheid van meningsuiting, Menselijke waardigheid, …
        typo = third.options[0].text.replace("meningsuiting", "meningsuting")
        taken = tutor.handle(typo)
        assert taken.startswith(f"Uw antwoord: a) {third.options[0].text}\n\n")
        assert store.lesson_answers("anna")[-1].choice == 0
        fourth = lesson.questions[3]  # Stap 3, minimale eisen; Stap 2, voorselectie; Stap 8, …
        assert "geen antwoord" in tutor.handle("stap 4 minimale eisen")  # another number is another step
        assert "geen antwoord" in tutor.handle("stap")
        taken = tutor.handle("stap 2 voorselctie")
        assert taken.startswith(f"Uw antwoord: b) {fourth.options[1].text}")


def test_a_typo_close_to_two_options_picks_neither():
    from assistant.learn.lessons import CheckQuestion
    from assistant.learn.render import parse_choice

    question = tutor_question = load_course("nl").lesson(5).questions[0]
    assert isinstance(tutor_question, CheckQuestion)
    # "Succes, gedeeltelijk succes en mislukt" and "Succes, mislukt en onduidelijk": "sucess" opens both
    assert parse_choice("sucess", question) is None
    assert parse_choice("optimistisch realistisch en pesimistisch", question) == 0
