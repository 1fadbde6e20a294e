"""Everything the learning path says, in Dutch and English."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "course_title": {"nl": "Leren: het stappenplan in elf lessen",
                     "en": "Learn: the step plan in eleven lessons"},
    "course_intro": {
        "nl": "Elke les legt één stap uit met citaten uit de handreiking, laat het voorbeeldproject "
              "zien en eindigt met controlevragen. Uw voortgang wordt bewaard.",
        "en": "Each lesson explains one step with quotes from the guidance, shows the example project "
              "and ends with check questions. Your progress is kept.",
    },
    "lesson_label": {"nl": "Les {step}", "en": "Lesson {step}"},
    "status_new": {"nl": "nog niet gedaan", "en": "not done yet"},
    "status_started": {"nl": "begonnen, {answered} van {total} vragen", "en": "started, {answered} of {total} questions"},
    "status_done": {"nl": "gedaan, {score} van {total} goed", "en": "done, {score} of {total} right"},
    "status_revisit": {"nl": "herhalen: {score} van {total} goed", "en": "revisit: {score} of {total} right"},
    "summary": {"nl": "{done} van {total} lessen gedaan, {right} van {questions} vragen goed.",
                "en": "{done} of {total} lessons done, {right} of {questions} questions right."},
    "revisit_hint": {"nl": "Herhaal: {lessons}.", "en": "Revisit: {lessons}."},
    "next_hint": {"nl": "Volgende les: {lesson}.", "en": "Next lesson: {lesson}."},
    "all_done": {"nl": "U heeft alle lessen gedaan en alle vragen goed. Gefeliciteerd!",
                 "en": "You have done every lesson and answered every question right. Well done!"},
    "h_purpose": {"nl": "Waar de stap voor is", "en": "What the step is for"},
    "h_place": {"nl": "Waar de stap staat in het geheel", "en": "Where the step sits in the whole"},
    "h_decisions": {"nl": "Wat u beslist", "en": "What you decide"},
    "h_guidance": {"nl": "Uit de handreiking", "en": "From the guidance (in Dutch)"},
    "h_tips": {"nl": "Valkuilen en tips", "en": "Pitfalls and tips"},
    "h_example": {"nl": "Zo ziet het dossier eruit (voorbeeldproject “{project}”)",
                  "en": "What the record looks like (example project “{project}”)"},
    "h_terms": {"nl": "Begrippen in deze les", "en": "Terms in this lesson"},
    "h_questions": {"nl": "Controlevragen", "en": "Check questions"},
    "question_of": {"nl": "Vraag {n} van {total}", "en": "Question {n} of {total}"},
    "which_step": {"nl": "Bij welke stap hoort dit?", "en": "Which step does this belong to?"},
    "right": {"nl": "Goed!", "en": "Right!"},
    "wrong": {"nl": "Niet goed.", "en": "Not right."},
    "correct_was": {"nl": "Het goede antwoord: {answer}", "en": "The right answer: {answer}"},
    "lesson_score": {"nl": "Les {step} klaar: {score} van {total} goed.",
                     "en": "Lesson {step} finished: {score} of {total} right."},
    "lesson_revisit": {"nl": "Lees de citaten bij de vragen die fout gingen nog eens; u kunt de les later herhalen.",
                       "en": "Read the quotes of the questions you got wrong again; you can repeat the lesson later."},
    "field.step9.judgements": {"nl": "Oordeel per eis en criterium", "en": "Judgement per requirement and criterion"},
    "procedures_title": {"nl": "De procedures naast elkaar", "en": "The procedures side by side"},
    "procedures_silent": {"nl": "de handreiking zegt hier niets over", "en": "the guidance says nothing about this"},
    "procedures_choice": {"nl": "Uw keuze in stap 7", "en": "Your choice in step 7"},
    "example_project_name": {"nl": "Voorbeeld: {title}", "en": "Example: {title}"},
    # plain mode
    "plain_menu": {
        "nl": "Typ het nummer van een les (0-10) of `volgende`, `procedures` voor de procedures naast elkaar, "
              "`lijst` voor het overzicht of `stop` om te stoppen.",
        "en": "Type a lesson number (0-10) or `next`, `procedures` for the procedures side by side, `list` "
              "for the overview or `quit` to stop.",
    },
    "plain_answer": {"nl": "Antwoord met een letter ({letters}); `stop` breekt de les af.",
                     "en": "Answer with a letter ({letters}); `quit` leaves the lesson."},
    "plain_bad_choice": {"nl": "“{text}” is geen les. Kies een nummer van 0 tot en met 10.",
                         "en": "“{text}” is not a lesson. Choose a number from 0 to 10."},
    "plain_bad_answer": {"nl": "“{text}” is geen antwoord. Kies een van de letters {letters}.",
                         "en": "“{text}” is not an answer. Choose one of the letters {letters}."},
    "plain_left": {"nl": "Les afgebroken; uw antwoorden tot nu toe zijn bewaard.",
                   "en": "Lesson left; your answers so far are saved."},
    "plain_bye": {"nl": "Tot ziens. Uw voortgang is bewaard.", "en": "Goodbye. Your progress is saved."},
}

#: words that end the plain session or leave a lesson, in both languages
QUIT_WORDS = {"stop", "quit", "q", "exit", "/stop", "/quit"}
NEXT_WORDS = {"volgende", "next", "verder", "/volgende", "/next"}
PROCEDURE_WORDS = {"procedures", "procedure", "/procedures"}
LIST_WORDS = {"lijst", "list", "overzicht", "overview", "l", "/lijst", "/list"}


def say(key: str, lang: str = "nl", /, **values: object) -> str:
    """The message ``key`` in ``lang`` (Dutch when unknown), formatted with ``values``."""
    entry = MESSAGES[key]
    text = entry.get(lang) or entry["nl"]
    return text.format(**values) if values else text
