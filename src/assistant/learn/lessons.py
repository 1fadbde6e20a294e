"""The lessons as data: `prompts/lessons/<lang>/lesson_NN.toml`, validated when loaded.

One lesson for the need (step 0) and one per step 1-10. A lesson says what the step is for and
where it sits in the whole, the decisions it asks, passages of the guidance (quoted verbatim,
with document and section), the pitfalls and tips the guidance gives, which fields of the
example project to show, and at least three check questions. Every option of a question says
why it is right or wrong; the question's quote (or the option's own) backs that up.

Any mistake in a file (bad TOML, a missing or unknown key, fewer than three questions, not
exactly one correct option, a duplicate id, a field that does not belong to the step) raises
`LessonFileError` naming the file and the line. Whether each quote really is in the guidance is
checked by `assistant.learn.citations`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from assistant.plan.datafile import DataFileError, load_validated
from assistant.plan.record import FieldPathError, field_spec
from assistant.core.resources import PROMPTS_DIR

LESSONS_DIR = PROMPTS_DIR / "lessons"
LESSON_NUMBERS = tuple(range(11))
MIN_QUESTIONS = 3


class LessonFileError(DataFileError):
    """A lesson file that cannot be used; names the file and (when known) the line."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Quote(_Strict):
    """A verbatim passage of the guidance: `doc` is the corpus file's number ("000")."""

    doc: str = Field(pattern=r"^\d{3}$")
    section: str = Field(min_length=1)
    text: str = Field(min_length=20)


class Tip(_Strict):
    """A pitfall or tip in our words, with the passage that gives it."""

    text: str = Field(min_length=1)
    quote: Quote


class Option(_Strict):
    text: str = Field(min_length=1)
    correct: bool = False
    why: str = Field(min_length=1)
    #: the passage that explains this option; the question's quote when absent
    quote: Quote | None = None


#: The most options a check question may have (the lesson screen answers a) to f) by key).
MAX_OPTIONS = 6


class CheckQuestion(_Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    kind: Literal["choice", "which_step"] = "choice"
    prompt: str = Field(min_length=1)
    quote: Quote
    options: tuple[Option, ...] = Field(min_length=2, max_length=MAX_OPTIONS)

    @model_validator(mode="after")
    def _one_correct(self) -> CheckQuestion:
        right = sum(1 for o in self.options if o.correct)
        if right != 1:
            raise ValueError(f"precies één juist antwoord nodig, nu {right} / "
                             f"exactly one correct option needed, found {right}")
        texts = [o.text.strip().lower() for o in self.options]
        if len(set(texts)) != len(texts):
            raise ValueError("twee gelijke antwoorden / two identical options")
        return self

    @property
    def correct_index(self) -> int:
        return next(i for i, o in enumerate(self.options) if o.correct)

    def quote_for(self, index: int) -> Quote:
        return self.options[index].quote or self.quote


class Lesson(_Strict):
    step: int = Field(ge=0, le=10)
    title: str = Field(min_length=1)
    purpose: str = Field(min_length=1)
    place: str = Field(min_length=1)
    decisions: tuple[str, ...] = Field(min_length=1)
    guidance: tuple[Quote, ...] = Field(min_length=1)
    tips: tuple[Tip, ...] = Field(min_length=1)
    #: record fields of the example project shown under "what a filled-in record looks like"
    example_fields: tuple[str, ...] = Field(min_length=1)
    questions: tuple[CheckQuestion, ...] = Field(min_length=MIN_QUESTIONS)

    @field_validator("title", "purpose", "place")
    @classmethod
    def _strip(cls, v: str) -> str:
        v = v.strip()
        if not v:
            raise ValueError("mag niet leeg zijn / must not be empty")
        return v

    def question(self, qid: str) -> CheckQuestion | None:
        return next((q for q in self.questions if q.id == qid), None)

    def quotes(self) -> list[Quote]:
        """Every passage the lesson cites: guidance, tips, questions and options."""
        out = [*self.guidance, *(t.quote for t in self.tips)]
        for q in self.questions:
            out.append(q.quote)
            out += [o.quote for o in q.options if o.quote is not None]
        return out


def load_lesson_file(path: Path, expected_step: int | None = None) -> Lesson:
    """Read and validate one lesson file; raises LessonFileError (file + line) on any problem."""
    path = Path(path)
    lesson, fail = load_validated(path, Lesson, LessonFileError)
    if expected_step is not None and lesson.step != expected_step:
        raise fail(("step",), f"les {lesson.step} in het bestand voor stap {expected_step} / "
                              f"lesson {lesson.step} in the file for step {expected_step}")
    seen: set[str] = set()
    for i, q in enumerate(lesson.questions):
        if q.id in seen:
            raise fail(("questions", i, "id"), f"dubbele vraag-id / duplicate question id '{q.id}'")
        seen.add(q.id)
    for i, path_ in enumerate(lesson.example_fields):
        try:
            field_spec(path_)
        except FieldPathError as exc:
            raise fail(("example_fields",), f"veld bestaat niet / field does not exist: '{path_}'") from exc
        if not path_.startswith(f"step{lesson.step}."):
            raise fail(("example_fields",), f"veld '{path_}' hoort niet bij stap {lesson.step} / "
                                            f"does not belong to step {lesson.step}")
    return lesson.model_copy(update={"questions": tuple(shown_order(q, lesson.step) for q in lesson.questions)})


def shown_order(question: CheckQuestion, step: int) -> CheckQuestion:
    """`question` with its options in the order the learner sees them. The files give the right
    option first (so a reviewer reads it first); shown so, a) was always right and a learner
    could pass without reading. The order is fixed per lesson and question, the same in both
    languages and at every start (a string seed is hashed the same way in every process)."""
    options = list(question.options)
    random.Random(f"lesson {step} question {question.id}").shuffle(options)
    return question.model_copy(update={"options": tuple(options)})


@dataclass(frozen=True)
class Course:
    """All lessons of one language, by step."""

    lang: str
    lessons: dict[int, Lesson]

    def lesson(self, step: int) -> Lesson:
        return self.lessons[step]

    def __iter__(self):
        return iter(self.lessons[n] for n in sorted(self.lessons))

    def __len__(self) -> int:
        return len(self.lessons)


def load_lessons_dir(directory: Path, lang: str = "nl") -> Course:
    """Load lesson_00.toml … lesson_10.toml from `directory` (all eleven must be there)."""
    lessons = {}
    for n in LESSON_NUMBERS:
        path = Path(directory) / f"lesson_{n:02d}.toml"
        if not path.exists():
            raise LessonFileError(path, None, "bestand ontbreekt / file is missing")
        lessons[n] = load_lesson_file(path, n)
    return Course(lang, lessons)


@lru_cache(maxsize=8)
def _cached(lang: str, directory: str) -> Course:
    return load_lessons_dir(Path(directory), lang)


def load_course(lang: str = "nl", directory: Path | None = None) -> Course:
    """The lessons in `lang` (Dutch when the language is unknown); cached."""
    lang = lang if lang in ("nl", "en") else "nl"
    return _cached(lang, str(directory or LESSONS_DIR / lang))


def translations(step: int, lang: str) -> list[Lesson]:
    """The lesson of `step` in the languages other than `lang`."""
    return [load_course(other).lesson(step) for other in ("nl", "en") if other != lang]
