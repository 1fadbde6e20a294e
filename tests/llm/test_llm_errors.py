"""What went wrong with a model's output, read from the exception's chain: which error there
comes first decides what the user reads."""

import json

import pytest
from pydantic import BaseModel, ValidationError

from assistant.llm.models import readable_error, short_error


class _Budget(BaseModel):
    ceiling: int


def _validation_error() -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        _Budget(ceiling="veel")
    return caught.value


def _raised_while_handling(outer: BaseException, inner: BaseException) -> BaseException:
    try:
        try:
            raise inner
        except type(inner):
            raise outer  # noqa: B904 - the chain through __context__ is what is read
    except type(outer) as exc:
        return exc


def test_a_field_that_failed_after_broken_json_is_read_as_the_field():
    exc = _raised_while_handling(_validation_error(), json.JSONDecodeError("Expecting value", "{x", 1))
    assert readable_error(exc, "en") == "ceiling: expected a whole number"
    assert short_error(exc).startswith("ceiling: ")


def test_json_that_broke_after_a_failed_field_is_read_as_broken_json_only_by_readable_error():
    exc = _raised_while_handling(json.JSONDecodeError("Expecting value", "{\n x", 3), _validation_error())
    assert readable_error(exc, "en") == "the answer was not valid JSON (line 2, column 2)"
    assert short_error(exc).startswith("ceiling: ")  # the short form names the field, where one failed


def test_an_error_without_either_is_its_first_line():
    exc = RuntimeError("server weg\nmeer tekst")
    assert readable_error(exc, "nl") == short_error(exc) == "server weg"
