"""Lessons, questions and feedback as Markdown (the app) or plain text (`learn --plain`)."""

from __future__ import annotations

import re
import string

from assistant.answer import quoted
from assistant.core.textsafe import escape_markdown, short
from assistant.learn.citations import citation, normalise
from assistant.learn.example import example_lines, example_title
from assistant.learn.lessons import CheckQuestion, Lesson, Quote, translations
from assistant.learn.messages import say
from assistant.learn.terms import lesson_terms, search_terms, sorted_terms
from assistant.plan.glossary import found_under_other_name, load_glossary

LETTERS = string.ascii_lowercase


def quote_lines(quote: Quote, lang: str = "nl") -> list[str]:
    """A quote with its source, the titles glossed in English. That the quotes are the guidance's,
    in Dutch, the lesson's heading says once ("From the guidance (in Dutch)"): said before every
    quote of the lesson and its feedback, it stood there up to eight times."""
    return [f"> {quoted(normalise(quote.text))}", ">", f"> — {citation(quote, lang)}"]


def lesson_markdown(lesson: Lesson, lang: str) -> str:
    """The lesson's reading part: purpose, place, decisions, guidance, tips and the example."""
    lines = [f"## {lesson.title}", "", f"### {say('h_purpose', lang)}", "", lesson.purpose, "",
             f"### {say('h_place', lang)}", "", lesson.place, "", f"### {say('h_decisions', lang)}", ""]
    lines += [f"- {d}" for d in lesson.decisions]
    lines += ["", f"### {say('h_guidance', lang)}"]
    for quote in lesson.guidance:
        lines += ["", *quote_lines(quote, lang)]
    lines += ["", f"### {say('h_tips', lang)}"]
    for tip in lesson.tips:
        lines += ["", f"- **{tip.text}**", "", *quote_lines(tip.quote, lang)]
    lines += ["", f"### {say('h_example', lang, project=example_title(lang))}", ""]
    for label, value in example_lines(lesson, lang):
        values = value.splitlines()
        if len(values) > 1:
            lines += [f"- **{label}**", *(f"    - {v}" for v in values)]
        else:
            lines.append(f"- **{label}**: {value}")
    terms = lesson_terms(load_glossary(), lesson, *translations(lesson.step, lang))
    if terms:
        lines += ["", f"### {say('h_terms', lang)}", "", ", ".join(term.name(lang) for term in terms)]
    return "\n".join(lines).strip()


def question_markdown(lesson: Lesson, question: CheckQuestion, lang: str, *, options: bool = True) -> str:
    """The question, numbered; with its lettered options unless the caller lists them itself."""
    number = lesson.questions.index(question) + 1
    # a which-step question's prompt asks it ("Bij welke stap hoort: …"): the head says it no twice
    head = say("question_of", lang, n=number, total=len(lesson.questions))
    lines = [f"**{head}**", "", question.prompt, ""]
    if options:
        lines += [f"{LETTERS[i]}) {o.text}" for i, o in enumerate(question.options)]
    return "\n".join(lines).strip()


def option_mark(index: int, choice: int | None, correct: bool) -> str:
    """The sign before an answered question's option: right, chosen and wrong, or neither
    (`choice` None: a wrong answer whose option was not kept)."""
    return "✓" if correct else "✗" if index == choice else " "


def feedback_markdown(question: CheckQuestion, choice: int | None, lang: str, *, not_known: bool = False) -> str:
    """Right or wrong, why, the right answer when it was wrong, and the quote that settles it.
    `choice` None: a wrong answer whose option was not kept (shown again in a finished lesson),
    or with `not_known` one the learner said not to know ("weet ik niet")."""
    if choice is None:
        lines = [f"**{say('wrong', lang)}** {say('not_known' if not_known else 'choice_not_kept', lang)}"]
    else:
        option = question.options[choice]
        lines = [f"**{say('right' if option.correct else 'wrong', lang)}** {option.why}", ""]
        lines += quote_lines(question.quote_for(choice), lang)
    if choice is None or not question.options[choice].correct:
        right = question.options[question.correct_index]
        lines += ["", say("correct_was", lang, answer=f"{LETTERS[question.correct_index]}) {right.text}"),
                  "", right.why]
        backing = question.quote_for(question.correct_index)
        if choice is None or backing != question.quote_for(choice):
            lines += ["", *quote_lines(backing, lang)]
    return "\n".join(lines)


def answered_markdown(lesson: Lesson, question: CheckQuestion, choice: int | None, lang: str) -> str:
    """A question answered before, shown again: its options with their marks (✓ right, ✗ the
    wrong one chosen), then the feedback on the answer."""
    lines = [question_markdown(lesson, question, lang, options=False), ""]
    lines += [f"{option_mark(i, choice, o.correct)} {LETTERS[i]}) {o.text}" for i, o in enumerate(question.options)]
    return "\n".join([*lines, "", feedback_markdown(question, choice, lang)])


#: The most other terms a glossary lookup names under the card of the first it found.
MAX_ALSO_FOUND = 5


def term_markdown(query: str, lang: str, lesson: Lesson | None = None) -> str:
    """A glossary lookup typed in plain mode (`begrip SBIR`), as the app's glossary searches:
    the card of the first term found (under a line saying so where it is found by another
    name), then the others found; none found, the names it is nearly. Without a name: the
    terms of `lesson`, where it names any, else every term, and how to look one up."""
    glossary = load_glossary()
    if not query:
        terms = [] if lesson is None else lesson_terms(glossary, lesson, *translations(lesson.step, lang))
        names = ", ".join(escape_markdown(term.name(lang)) for term in terms or sorted_terms(glossary, lang))
        listed = (say("plain_terms_lesson", lang, step=lesson.step, terms=names) if terms
                  else say("plain_terms_all", lang, count=len(glossary), terms=names))
        return f"{listed}\n\n{say('plain_term_how', lang)}"
    asked = escape_markdown(short(query, 60))
    found = search_terms(glossary, query, lang)
    if not found:
        like = glossary.suggest(query, lang, n=3)
        return (say("plain_term_like", lang, query=asked, like=", ".join(map(escape_markdown, like))) if like
                else say("plain_term_none", lang, query=asked))
    first, others = found[0], found[1:MAX_ALSO_FOUND + 1]
    lines = [say("plain_term_nearest", lang, query=asked)] if found_under_other_name(first, query, lang) else []
    lines.append(first.render(lang, glossary))
    if others:
        lines.append(say("plain_term_more", lang, terms=", ".join(escape_markdown(t.name(lang)) for t in others)))
    return "\n\n".join(lines)


def letters(question: CheckQuestion) -> str:
    return ", ".join(LETTERS[: len(question.options)])


def numbers(question: CheckQuestion) -> str:
    return ", ".join(str(n) for n in range(1, len(question.options) + 1))


#: The fewest characters of an option's opening words that pick it (shorter ones are read as
#: a letter, a number or a word that is no answer).
MIN_OPENING = 4


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def parse_choice(text: str, question: CheckQuestion) -> int | None:
    """The option a typed answer picks ("b", "B)", "2", the option's text, or its opening words
    where they open no other option's, also with one typo where no other option is as close), or
    None. The option's text typed out was refused."""
    answer = text.strip().lower().rstrip(").:")
    if len(answer) == 1 and answer in LETTERS[: len(question.options)]:
        return LETTERS.index(answer)
    if answer.isdigit() and 1 <= int(answer) <= len(question.options):
        return int(answer) - 1
    typed = _words(text)
    if len(typed) < MIN_OPENING:
        return None
    options = [_words(o.text) for o in question.options]
    if typed in options:
        return options.index(typed)
    opened = [i for i, option in enumerate(options) if option.startswith(typed + " ")]
    if opened or len(typed) < MIN_TYPO:
        return opened[0] if len(opened) == 1 else None
    # one typo in an option's text (or its opening words) takes it, where no other option is as close
    close = [i for i, option in enumerate(options) if any(_one_typo(typed, candidate) for candidate in
                                                           (option, " ".join(option.split()[:len(typed.split())])))]
    return close[0] if len(close) == 1 else None


#: The fewest characters of a typed answer read with a typo: in shorter words a letter more or
#: less is as likely another word.
MIN_TYPO = 6


def _one_typo(typed: str, text: str) -> bool:
    """Whether `typed` is `text` but for one letter left out, added, changed or two swapped, in
    its letters (not its numbers: "stap 3" for "stap 8" is another step)."""
    if typed == text or re.findall(r"\d+", typed) != re.findall(r"\d+", text):
        return False
    if len(typed) == len(text):
        differ = [i for i, (a, b) in enumerate(zip(typed, text)) if a != b]
        return len(differ) == 1 or (len(differ) == 2 and differ[1] == differ[0] + 1
                                    and typed[differ[0]] == text[differ[1]] and typed[differ[1]] == text[differ[0]])
    shorter, longer = sorted((typed, text), key=len)
    if len(longer) - len(shorter) != 1:
        return False
    at = next((i for i, (a, b) in enumerate(zip(shorter, longer)) if a != b), len(shorter))
    return shorter[at:] == longer[at + 1:]
