"""What a filled-in record looks like for a lesson's step, from the example project."""

from __future__ import annotations

from pydantic import BaseModel

from assistant.learn.lessons import Lesson
from assistant.learn.messages import MESSAGES, say
from assistant.plan.conversation import question_label
from assistant.plan.example import example_record
from assistant.plan.record import OneLine, format_value, get_field, is_filled
from assistant.plan.steps import StepSpec, load_plan

LABEL_LENGTH = 160  # the whole first sentence of every question (the longest 136)


def example_title(lang: str) -> str:
    return example_record(lang).project.title


def example_lines(lesson: Lesson, lang: str) -> list[tuple[str, str]]:
    """(label, value) for each of the lesson's example fields that the example project fills;
    a group of fields (preconditions, rights, IP) gives a line per part."""
    record = example_record(lang)
    spec = load_plan(lang).step(lesson.step)
    out = []
    for path in lesson.example_fields:
        value = get_field(record, path)
        if not is_filled(value):
            continue
        if isinstance(value, BaseModel) and not isinstance(value, OneLine):
            out += [(_label(spec, f"{path}.{part}", lang), format_value(getattr(value, part), lang))
                    for part in type(value).model_fields if is_filled(getattr(value, part))]
        else:
            out.append((_label(spec, path, lang), format_value(value, lang)))
    return out


def _label(spec: StepSpec, path: str, lang: str) -> str:
    question = spec.question_for_field(path)
    if question is not None:
        return question_label(question.prompt, LABEL_LENGTH)
    if f"field.{path}" in MESSAGES:  # a field no question asks for (step 9's judgements)
        return say(f"field.{path}", lang)
    return path.rsplit(".", 1)[1].replace("_", " ")
