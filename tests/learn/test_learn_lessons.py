"""The lessons as data: complete in both languages, validated at load, every quote verbatim in the guidance."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.learn.citations import course_problems, guidance, normalise, quote_problem
from assistant.learn.example import example_lines
from assistant.learn.lessons import (
    LESSONS_DIR,
    MIN_QUESTIONS,
    LessonFileError,
    Quote,
    load_course,
    load_lesson_file,
    load_lessons_dir,
)
from assistant.learn.procedures import load_comparison
from assistant.learn.render import feedback_markdown, lesson_markdown, parse_choice, question_markdown
from assistant.plan.glossary import load_glossary
from assistant.plan.steps import load_plan


@pytest.fixture(params=["nl", "en"])
def course(request):
    return load_course(request.param)


def test_a_lesson_for_the_need_and_each_step_with_enough_questions(course):
    assert sorted(course.lessons) == list(range(11))
    for lesson in course:
        assert len(lesson.questions) >= MIN_QUESTIONS
        assert any(q.kind == "which_step" for q in lesson.questions), lesson.step
        for q in lesson.questions:
            assert sum(o.correct for o in q.options) == 1
            assert all(o.why.strip() for o in q.options)
        assert lesson.decisions and lesson.guidance and lesson.tips


def test_every_quote_is_verbatim_in_the_guidance_under_its_section(course):
    assert course_problems(course) == []
    # and the check reads the real text: each quote is found in its section of the cleaned corpus
    docs = guidance()
    quotes = [q for lesson in course for q in lesson.quotes()]
    assert len(quotes) > 100
    for quote in quotes:
        assert normalise(quote.text) in docs[quote.doc].sections[quote.section]


def test_a_quote_ends_where_its_passage_does_and_backs_the_reason_it_is_shown_with(course):
    # lesson 1's reason "ook bij andere overheden en kennisinstellingen" came with only the list item
    # “uitkomsten van een ‘hackathon’ of een SBIR,”, its comma left dangling
    dangling = [(lesson.step, quote.text[-40:]) for lesson in course for quote in lesson.quotes()
                if quote.text.rstrip()[-1] in ",;:"]
    assert dangling == []
    sources = course.lesson(1).question("sources")
    (others,) = [i for i, o in enumerate(sources.options) if re.search("andere overheden|other governments", o.why)]
    assert "andere overheden" in sources.quote_for(others).text


def test_the_quote_check_catches_a_changed_passage_and_a_wrong_section():
    good = load_course("nl").lesson(3).guidance[0]
    assert quote_problem(good) is None
    changed = Quote(doc=good.doc, section=good.section, text=good.text.replace("kritisch", "streng") + " extra")
    assert "niet letterlijk" in quote_problem(changed)
    moved = Quote(doc=good.doc, section="Stap 4: Bepaal criteria om de innovatie te beoordelen", text=good.text)
    assert "Stap 3" in quote_problem(moved)
    assert "no document" in quote_problem(Quote(doc="999", section="x", text=good.text))


def test_the_quote_check_catches_a_quote_that_starts_in_the_middle_of_a_sentence():
    # lesson 1 quoted “resultaten van proefprojecten bij andere overheden. Of vraag …”, the end of
    # a sentence that begins "Als startpunt …" and the start of the next; lesson 10 a clause after a dash
    step1 = "Stap 1: Verken nieuwe technologieën"
    for section, text in (
            (step1, "resultaten van proefprojecten bij andere overheden. Of vraag eens rond bij een aantal "
                    "overheidsorganisaties welke innovatieve ontwikkelingen zij zien langskomen."),
            (step1, "resultaten van onderzoek op technische universiteiten, hogescholen en kennisinstituten, "
                    "resultaten van proefprojecten bij andere overheden."),
            ("Stap 10: Voer het opschalingsplan uit",
             "desalniettemin is het verstandig om elke nieuwe belemmering serieus te nemen.")):
        assert "mid-sentence" in quote_problem(Quote(doc="000", section=section, text=text)), text
    # a sentence's start, and a whole item of a list, are where a quote may begin
    for text in ("Of vraag eens rond bij een aantal overheidsorganisaties welke innovatieve ontwikkelingen zij zien langskomen.",
                 "uitkomsten van een ‘hackathon’ of een SBIR",
                 "nationale sleuteltechnologieën, resultaten van onderzoek op technische universiteiten, hogescholen en kennisinstituten"):
        assert quote_problem(Quote(doc="000", section=step1, text=text)) is None, text


def test_a_tip_and_an_answers_reason_come_with_the_passage_that_says_them():
    # the NVWA's drones were cited with a sentence about being open to new ideas; the bias
    # question with "Iedereen moet in gelijke gevallen gelijk behandeld worden."
    for lang in ("nl", "en"):
        course = load_course(lang)
        drones = [t for t in course.lesson(1).tips if "NVWA" in t.text]
        assert drones and all("NVWA" in t.quote.text for t in drones)
        assert any("drones" in t.text and "drones" in t.quote.text for t in drones)
        assert any(re.search("Politie|Police", t.text) and "Politie" in t.quote.text for t in drones)
        bias = course.lesson(2).question("bias")
        assert "‘bias’" in bias.quote_for(bias.correct_index).text
        assert "onderliggende data of algoritme" in bias.quote_for(bias.correct_index).text


def test_dutch_and_english_lessons_ask_the_same_questions_with_the_same_answers():
    nl, en = load_course("nl"), load_course("en")
    for step in range(11):
        a, b = nl.lesson(step), en.lesson(step)
        assert [q.id for q in a.questions] == [q.id for q in b.questions]
        assert [q.correct_index for q in a.questions] == [q.correct_index for q in b.questions]
        assert a.example_fields == b.example_fields
        assert a.purpose != b.purpose  # translated, not copied


def test_the_right_answer_is_not_always_the_first_option_and_stays_where_it_was(course):
    # the files give the right option first; shown so, "a" passed every question
    places = [q.correct_index for lesson in course for q in lesson.questions]
    assert all(places.count(i) >= len(places) // 5 for i in range(3)), places
    # the same at every start: another process, with other string hashes
    code = ("from assistant.learn.lessons import load_course; "
            f"print([q.correct_index for l in load_course('{course.lang}') for q in l.questions])")
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": "12345"})
    assert other.stdout.strip() == str(places)


def test_a_right_options_reason_does_not_open_by_saying_it_is_right(course):
    # the screen says "Goed!" itself, and after a wrong answer the right option's reason follows
    # "Niet goed.": "Juist: …" there read as if the wrong answer was right
    openings = ("juist:", "juist;", "goed:", "right:", "right;", "correct:")
    said = [(lesson.step, q.id) for lesson in course for q in lesson.questions
            for o in q.options if o.correct and o.why.lower().startswith(openings)]
    assert said == []


def test_each_lesson_shows_the_example_project_for_its_step(course):
    for lesson in course:
        lines = example_lines(lesson, course.lang)
        assert len(lines) >= 2, lesson.step
        text = lesson_markdown(lesson, course.lang)
        assert all(value.splitlines()[0] in text for _label, value in lines)
    step7 = dict(example_lines(course.lesson(7), course.lang))
    assert any(v in ("innovatiepartnerschap", "innovation partnership") for v in step7.values())
    # a question cut at the colon before its choices is labelled as a question, as the others are
    # ("Welke vorm kiest u voor het ontwikkeltraject: innovatiepartnerschap" lacked the "?")
    form = {"nl": "**Welke vorm kiest u voor het ontwikkeltraject?**: innovatiepartnerschap",
            "en": "**Which form do you choose for the development trajectory?**: innovation partnership"}
    assert form[course.lang] in lesson_markdown(course.lesson(7), course.lang)
    # each right of step 2 by its name alone, as "Privacy" is ("Menselijke waardigheid?" asked it)
    rights = [label for label, _ in example_lines(course.lesson(2), course.lang)][1:-1]
    assert rights and all(label[-1].isalpha() for label in rights), rights


def _content_words(text: str) -> set[str]:
    """The words that carry a reason: longer than three letters, not the step's own name."""
    return {w for w in re.findall(r"\w+", text.lower()) if len(w) > 3} - {"stap", "step", "handreiking", "guidance"}


def test_a_wrong_answers_reason_does_not_say_again_what_the_right_answers_reason_says(course):
    # a wrong answer's feedback shows its reason, then the right answer with the right reason: in
    # lesson 5 "You also work out ‘unclear: more research is needed’" was followed by "‘unclear,
    # more research needed’ deserves a plan too", the same said twice
    repeated = []
    for lesson in course:
        for q in lesson.questions:
            right = _content_words(q.options[q.correct_index].why)
            for o in q.options:
                if not o.correct and len(right & _content_words(o.why)) > len(right) / 2:
                    repeated.append((lesson.step, q.id, o.why))
    assert repeated == []


def test_the_blockchain_challenge_tip_says_what_the_guidance_says():
    # "bij de Blockchain challenge van IenW won een Japanse fabrikant": the guidance names no
    # winner, only who developed the digital system in the end
    section = guidance()["000"].sections[
        "Stap 7: Ontwerp het ontwikkeltraject en stel specificaties op › Voorbeeld: Een voorstel uit een onverwachte hoek"]
    assert "Uiteindelijk ontwikkelde een Japanse fabrikant van consumentenelektronica het digitale systeem." in section
    assert " won" not in section and "winn" not in section
    for lang, developed in (("nl", "ontwikkelde uiteindelijk een Japanse fabrikant"),
                            ("en", "was developed by a Japanese consumer-electronics maker")):
        (tip,) = [t.text for t in load_course(lang).lesson(7).tips if "Blockchain" in t.text]
        assert developed in tip and not re.search(r"\b(won|wint|winnaar|winner)\b", tip)


def test_feedback_explains_a_wrong_answer_and_quotes_the_guidance():
    lesson = load_course("nl").lesson(7)
    question = lesson.question("direct")
    sbir = next(i for i, o in enumerate(question.options)
                if o.text == "Een SBIR-traject in drie fasen, met meerdere ondernemers")
    text = feedback_markdown(question, sbir, "nl")  # SBIR: wrong
    assert text.startswith("**Niet goed.**")
    # the wrong option's own quote backs its reason, hedge and all ("niet direct afnemen zonder
    # aanbesteding" came with a sentence that only named SBIR as pre-commercial)
    assert "mag in beginsel niet direct na de SBIR ingekocht worden" in text
    assert "in beginsel" in question.options[sbir].why
    english = load_course("en").lesson(7).question("direct")
    assert "in principle" in english.options[sbir].why and english.quote_for(sbir) == question.quote_for(sbir)
    assert "innovatiepartnerschap of eventueel een prijsvraag" in text  # the quote behind the right one
    letter = "abc"[question.correct_index]
    assert f"Het goede antwoord: {letter}) " in text
    right = feedback_markdown(question, question.correct_index, "nl")
    assert right.startswith("**Goed!**") and "Het goede antwoord" not in right
    assert "Stap 7: Ontwerp het ontwikkeltraject" in right  # the section is cited


def test_question_text_and_answers_typed_in_several_ways():
    lesson = load_course("en").lesson(0)
    question = lesson.questions[-1]
    text = question_markdown(lesson, question, "en")
    # the prompt asks which step; the head said it again ("Question 4 of 4 · Which step does this belong to?")
    assert text.startswith("**Question 4 of 4**\n\nWhich step does this question belong to: “")
    assert text.lower().count("which step") == 1 and "b) Step 0, before you start" in text
    assert [parse_choice(s, question) for s in ("a", "B)", " c ", "2", "d", "0", "ja", "")] == \
        [0, 1, 2, 1, None, None, None, None]
    # an option's text, in other capitals and punctuation, or its opening words where they open no
    # other option ("Step 0" opens one, "Step" every one); typed out, it was "not an answer"
    texts = [o.text for o in question.options]
    assert [parse_choice(f"  {text.upper()}. ", question) for text in texts] == list(range(len(texts)))
    assert parse_choice("step 0", question) == next(i for i, text in enumerate(texts) if text.startswith("Step 0,"))
    assert parse_choice("Step", question) is None and parse_choice("what does step mean?", question) is None


# --- what a learner could pass without reading -------------------------------------------------
#: Words that make an option sound absolute. A wrong option with one, beside a right one without,
#: gives the hedged option away to anyone who has read nothing ("Alle risico's volledig mijden" and
#: "Nooit: de criteria zijn intern" against "Risico's durven nemen, of ze slechts gedeeltelijk
#: ondervangen" and "Al bij de start van het traject").
ABSOLUTES = {"en": r"always|never|only|at most|at least|as many as possible|all|every|nothing|none|completely|"
                   r"fully|entirely|immediately|straight away|right away|unchanged|not until",
             "nl": r"altijd|nooit|alleen|slechts|uitsluitend|hooguit|hoogstens|maximaal|minstens|"
                   r"zo ?veel mogelijk|alle|elke|iedere|niets|volledig|volledige|helemaal|meteen|pas|ongewijzigd"}


def test_no_wrong_option_sounds_absolute_where_the_right_one_does_not(course):
    absolute = re.compile(rf"\b(?:{ABSOLUTES[course.lang]})\b", re.IGNORECASE)
    samples = {"nl": ("Nooit: de criteria zijn intern", "Pas bij de evaluatie", "Het ongewijzigd uitvoeren"),
               "en": ("Never: criteria are internal", "A scale-up contract straight away", "Carry it out unchanged")}
    assert all(absolute.search(sample) for sample in samples[course.lang])
    tells = [(lesson.step, q.id, o.text) for lesson in course for q in lesson.questions
             if not absolute.search(q.options[q.correct_index].text)
             for o in q.options if not o.correct and absolute.search(o.text)]
    assert tells == []


def test_a_which_step_question_seldom_has_its_own_lessons_step_as_the_answer(course):
    # lesson 7 asked which step the tender belongs to, answered "step 7": passed without reading.
    # Step 0's need can only be step 0, so a few may, but most point to another step
    def step_of(text: str) -> int | None:
        number = re.search(r"\d+", text)
        return int(number.group()) if number else None

    own = [lesson.step for lesson in course for q in lesson.questions if q.kind == "which_step"
           and step_of(q.options[q.correct_index].text) == lesson.step]
    assert 0 in own  # the check reads the answers: step 0's question is about step 0
    assert len(own) <= len(course) // 5, own


def test_no_quote_points_to_a_page_or_box_elsewhere(course):
    # lesson 3's answer on intellectual property quoted "Het intellectuele eigendom (zie het oranje
    # kader op de volgende pagina)": a bullet pointing at a box the learner cannot see explains nothing
    elsewhere = re.compile(r"\b(?:volgende|vorige) pagina|\bzie (?:pagina|bijlage|hoofdstuk)\b|\b\w+ kader op\b"
                           r"|\bzie het \w+ kader\b", re.IGNORECASE)
    assert elsewhere.search("Het intellectuele eigendom (zie het oranje kader op de volgende pagina)")
    pointing = [(lesson.step, quote.text) for lesson in course for quote in lesson.quotes()
                if elsewhere.search(quote.text)]
    assert pointing == []


def test_the_feedback_before_a_which_step_question_does_not_name_its_answer(course):
    # lesson 5's second question said "… cover them in the contract documents in step 7", and the
    # third then asked in which step the outcomes serve as a checklist for the contract documents
    word = {"nl": "stap", "en": "step"}[course.lang]
    told = []
    for lesson in course:
        for i, q in enumerate(lesson.questions):
            if q.kind != "which_step":
                continue
            answer = re.search(r"\d+", q.options[q.correct_index].text).group()
            told += [(lesson.step, q.id, earlier.id) for earlier in lesson.questions[:i] for o in earlier.options
                     if re.search(rf"\b{word}\s+{answer}\b", o.why, re.IGNORECASE)]
    assert told == []


def _taught(lesson, leaving_out) -> str:
    """What a lesson teaches in its own words and quotes, but for the question `leaving_out`."""
    texts = [lesson.purpose, lesson.place, *lesson.decisions, *(q.text for q in lesson.guidance),
             *(tip.text for tip in lesson.tips), *(tip.quote.text for tip in lesson.tips)]
    for q in lesson.questions:
        if q is not leaving_out:
            texts += [q.prompt, q.quote.text, *(o.text for o in q.options), *(o.why for o in q.options),
                      *(o.quote.text for o in q.options if o.quote)]
    return normalise(" ".join(texts))


def test_a_which_step_question_asks_about_what_its_lesson_or_an_earlier_one_teaches(course):
    # lesson 3 asked where "Het onderhoud vermindert met 20% en de kwaliteit blijft minimaal gelijk"
    # belongs: an example only lesson 4 teaches
    later = []
    for lesson in course:
        for q in (q for q in lesson.questions if q.kind == "which_step" and "“" in q.prompt):
            statement = normalise(re.search(r"“(.*)”", q.prompt).group(1).rstrip("."))
            taught_in = [other.step for other in course if statement in _taught(other, q)]
            if taught_in and min(taught_in) > lesson.step:
                later.append((lesson.step, statement, taught_in))
    assert later == []


# --- English text in English terms ------------------------------------------------------------
#: a span in quotation marks (one level of inner single marks: ‘… ‘goed’ …’)
QUOTED = re.compile(r"“[^”]*”|‘(?:[^‘’]|‘[^‘’]*’)*’")


def _without_dutch_quotes_and_asides(text: str) -> str:
    """`text` without what it quotes verbatim from the guidance and without its brackets: there a
    Dutch word is the guidance's own or given beside the English ("boundary requirements
    (randvoorwaardelijke eisen)")."""
    sections = [s for document in guidance().values() for s in document.sections.values()]

    def drop_if_quoted(match: re.Match) -> str:
        inner = normalise(match.group()[1:-1])
        return " " if any(inner in section for section in sections) else match.group()
    return re.sub(r"\([^()]*\)", " ", QUOTED.sub(drop_if_quoted, text))


def _english_texts():
    for lesson in load_course("en"):
        where = f"lesson {lesson.step}"
        yield from ((where, t) for t in (lesson.title, lesson.purpose, lesson.place, *lesson.decisions,
                                         *(tip.text for tip in lesson.tips)))
        for q in lesson.questions:
            yield from ((f"{where} {q.id}", t) for t in (q.prompt, *(o.text for o in q.options),
                                                         *(o.why for o in q.options)))
    comparison = load_comparison()
    yield from (("procedures", t) for t in (comparison.intro_en, comparison.choice_en,
                                            *(n.name_en for n in (*comparison.procedures, *comparison.aspects)),
                                            *(c.text_en for c in comparison.cells)))
    yield from ((f"glossary {term.key}", term.definition_en) for term in load_glossary())


def test_english_text_uses_the_glossarys_english_term_where_it_has_one():
    # "What is a proeftuin (or pilot)?" where the glossary's card says "test bed"
    glossary = load_glossary()
    english = {n.casefold() for term in glossary for n in term.english_names}

    def own_english(term) -> bool:
        return re.sub(r"\s*\(.*?\)", "", term.en).casefold() != re.sub(r"\s*\(.*?\)", "", term.nl).casefold()

    dutch = [(where, name) for where, text in _english_texts()
             for name, term in glossary.named_terms(_without_dutch_quotes_and_asides(text))
             if own_english(term) and name in term.dutch_names and name.casefold() not in english]
    assert dutch == []
    # and it would see one: outside a quote and brackets, inside them not
    assert glossary.named_terms(_without_dutch_quotes_and_asides("A proeftuin fits"))[0][0] == "proeftuin"
    quoted = "‘Waar moet het innovatietraject en de digitale technologie minimaal aan voldoen?’"
    assert glossary.named_terms(_without_dutch_quotes_and_asides(f"the main question, {quoted}")) == []
    assert glossary.named_terms(_without_dutch_quotes_and_asides("a test bed (proeftuin)"))[0][1].key == "proeftuin"


# --- validation -------------------------------------------------------------------------------
def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "nl"
    shutil.copytree(LESSONS_DIR / "nl", target)
    return target


def _edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def test_two_correct_options_are_refused_with_the_line(tmp_path):
    folder = _copy(tmp_path)
    path = folder / "lesson_04.toml"
    _edit(path, 'why = "Niet meetbaar', 'correct = true\nwhy = "Niet meetbaar')
    with pytest.raises(LessonFileError) as err:
        load_lesson_file(path, 4)
    assert "exactly one correct option" in str(err.value)
    assert err.value.path == path and err.value.line is not None


def test_fewer_than_three_questions_are_refused(tmp_path):
    folder = _copy(tmp_path)
    path = folder / "lesson_05.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index('[[questions]]\nid = "which_step"')], encoding="utf-8")
    with pytest.raises(LessonFileError, match="questions"):
        load_lessons_dir(folder)


def test_an_example_field_of_another_step_or_unknown_is_refused(tmp_path):
    folder = _copy(tmp_path)
    path = folder / "lesson_01.toml"
    _edit(path, '"step1.ideas"', '"step2.shortlist"')
    with pytest.raises(LessonFileError, match="hoort niet bij stap 1"):
        load_lesson_file(path, 1)
    _edit(path, '"step2.shortlist"', '"step1.nonsense"')
    with pytest.raises(LessonFileError, match="bestaat niet"):
        load_lesson_file(path, 1)


def test_a_missing_lesson_file_and_a_wrong_number_are_named(tmp_path):
    folder = _copy(tmp_path)
    (folder / "lesson_10.toml").unlink()
    with pytest.raises(LessonFileError, match="ontbreekt"):
        load_lessons_dir(folder)
    with pytest.raises(LessonFileError, match="les 3 in het bestand voor stap 2"):
        load_lesson_file(folder / "lesson_03.toml", 2)


def test_every_english_lesson_is_named_by_its_steps_english_title():
    # a learner needs one name per step: lesson 0 was "Before you start: the need and the
    # preconditions" where the app says "Map the need and the preconditions"
    plan = load_plan("en")
    assert {lesson.step: lesson.title for lesson in load_course("en")} == \
        {n: f"Step {n} · {spec.title}" for n, spec in plan.steps.items()}
