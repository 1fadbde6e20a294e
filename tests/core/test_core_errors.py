"""One bilingual error base (assistant.core.errors): every error a user reads derives from it,
so front ends show any of them with ``message(lang)``; str() stays what each said before."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.core.errors import BilingualError
from assistant.export import errors as export_errors
from assistant.export.errors import ExportError, RecordImportError
from assistant.knowledge.base import KnowledgeError
from assistant.knowledge.dense import DenseError
from assistant.knowledge.loaders import DocumentError, TooCostlyError
from assistant.knowledge.types import QuestionError
from assistant.learn.lessons import LessonFileError
from assistant.plan.datafile import DataFileError
from assistant.plan.glossary import GlossaryError
from assistant.plan.record import FieldPathError, ParseError, RecordError
from assistant.plan.steps import StepFileError
from assistant.store.errors import DatabaseTooNew, ProjectNotFound, StoreError, StoreUnavailable


@pytest.mark.parametrize("cls", [
    ExportError, RecordImportError, StoreError, DatabaseTooNew, ProjectNotFound, StoreUnavailable,
    RecordError, ParseError, FieldPathError, DataFileError, StepFileError, GlossaryError, LessonFileError,
    KnowledgeError, DenseError, DocumentError, TooCostlyError, QuestionError,
])
def test_every_error_a_user_reads_is_bilingual(cls):
    assert issubclass(cls, BilingualError)


def test_the_export_module_has_no_base_of_its_own():
    assert not hasattr(export_errors, "_BilingualError")


def test_two_languages_message_and_str():
    err = ExportError("Kan niet schrijven.", "Cannot write.", path="out/x.md")
    assert (err.message("nl"), err.message("en"), err.message(None)) == ("Kan niet schrijven.", "Cannot write.",
                                                                          "Kan niet schrijven.")
    assert str(err) == "Kan niet schrijven.\nCannot write." and err.path == Path("out/x.md")
    imported = RecordImportError("Leeg.", "Empty.", path=Path("a.json"), field="schema_version")
    assert (imported.field, imported.path, imported.message("en")) == ("schema_version", Path("a.json"), "Empty.")
    assert str(StoreError("Kapot.", "Broken.")) == "Kapot.\nBroken."


def test_one_text_for_both_languages():
    err = KnowledgeError("De index is nog niet geladen / the index is not loaded yet")
    assert err.message("en") == err.message("nl") == str(err)
    assert isinstance(QuestionError("Lege vraag / empty question"), ValueError)


def test_record_errors_keep_dutch_as_their_str():
    err = ParseError("TRL moet 1 tot en met 9 zijn.", "TRL must be 1 to 9.")
    assert str(err) == "TRL moet 1 tot en met 9 zijn." and err.message("en") == "TRL must be 1 to 9."
    assert RecordError("Alleen Nederlands.").message("en") == "Alleen Nederlands."
    missing = FieldPathError("Onbekend veld step3.x", "Unknown field step3.x")
    assert isinstance(missing, KeyError) and str(missing) == "Onbekend veld step3.x"


def test_data_file_errors_name_file_and_line():
    err = StepFileError(Path("steps/nl/03.toml"), 7, "ongeldige TOML / invalid TOML")
    assert str(err) == err.message("en") == "steps/nl/03.toml, regel/line 7: ongeldige TOML / invalid TOML"
    assert (err.path, err.line, err.detail) == (Path("steps/nl/03.toml"), 7, "ongeldige TOML / invalid TOML")
