"""The record as JSON: one canonical text, and a careful reader for files people send back.

``to_json`` is canonical: keys sorted at every level, two-space indent, UTF-8 text with
non-ASCII characters kept as they are, one trailing newline. Because the record model
round-trips its own JSON dump, export -> import -> export gives the same bytes.

``import_json`` never returns half a record: it either validates the whole file or raises a
:class:`RecordImportError` that names what is wrong (line, column and the likely cause for
broken JSON, the field path for a wrong value: ``step3.requirements[2nd].aspect`` in the
message, positions counted from 1 as the app counts entries; ``step3.requirements[1].aspect``
in its ``field``).
"""

from __future__ import annotations

import codecs
import difflib
import io
import json
import os
import re
import types
import typing
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from assistant.core.errors import BilingualError, error_message, os_reason
from assistant.export.errors import RecordImportError
from assistant.core.i18n import catalog
from assistant.plan.record import (MAX_LIST_ENTRIES, MAX_TOTAL_ENTRIES, SCHEMA_VERSION, STEP_NUMBERS, Entry,
                                   LabeledEnum, ProjectRecord, RelinkedCriterion, relink_criteria)
from assistant.core.textsafe import MAX_TEXT_CHARS, json_for_terminal, strip_escapes

#: Largest file import_json reads (a record is a few hundred kB at most).
MAX_IMPORT_BYTES = 20 * 1024 * 1024


def _schema_key() -> str:
    return "schema_version"


def current_schema_version() -> int:
    return int(SCHEMA_VERSION)


#: Where the step the project was at travels beside the record (optional: older files, and a
#: project never opened, have none). It is the conversation's, not the record's: the store keeps it apart.
CURRENT_STEP_KEY = "current_step"


def to_json(record, current_step: int | None = None) -> str:
    """The whole record as canonical, pretty-printed JSON text (ends with a newline), with the
    step the project is at where it has one (a project at step 6 came back at step 5)."""
    data = record.model_dump(mode="json")
    if current_step in STEP_NUMBERS:
        data[CURRENT_STEP_KEY] = current_step
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def field_path(loc: tuple | list, lang: str | None = None) -> str:
    """('step3', 'requirements', 1, 'aspect') -> 'step3.requirements[1].aspect'; with a
    language, positions as people count them: 'step3.requirements[2nd].aspect' ('[2e]' in
    Dutch): "[1]" read as the first where the app and the document call it "Criterion 2"."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]" if lang is None else f"[{_nth(part + 1, lang)}]"
            continue
        part = str(part)
        # pydantic adds validator / union-member names to the location; they are not fields
        if "[" in part or "(" in part or part.startswith(("function-", "tagged-union")):
            continue
        out += f".{part}" if out else part
    return out or "(record)"


def _nth(n: int, lang: str) -> str:
    """n as an ordinal: "2e", "2nd", "11th", "21st"."""
    key = "nth" if n % 100 in (11, 12, 13) else {1: "nth_1", 2: "nth_2", 3: "nth_3"}.get(n % 10, "nth")
    return _PROBLEM_TEXT.text(key, lang, n=n)


_ERROR_TEXT = catalog("export.jsonio")
_PROBLEM_TEXT = catalog("export.file_problems")


def _short(value: Any) -> str:
    try:
        text = json_for_terminal(value)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _describe_error(err: dict, model: type[BaseModel] = ProjectRecord) -> tuple[str, str]:
    loc = err.get("loc", ())
    kind = err.get("type", "")
    said: dict[str, str] = {}
    for lang in ("nl", "en"):
        path = field_path(loc, lang)
        if kind in ("literal_error", "enum"):
            said[lang] = f"{path} {_one_of(err, _annotation_at(model, loc), lang)}"
        elif kind in ("value_error", "assertion_error"):
            # a validator's own reason, in the reader's language, without pydantic's "Value error, "
            reason = (err.get("ctx") or {}).get("error")
            if isinstance(reason, BilingualError):
                reason = reason.message(lang)
            if reason is None:
                reason = str(err.get("msg", kind)).removeprefix("Value error, ").removeprefix("Assertion failed, ")
            reason = str(reason).rstrip(".")
            said[lang] = f"{path} {'is ongeldig' if lang == 'nl' else 'is invalid'} ({reason})"
        elif _ERROR_TEXT.has(kind):
            said[lang] = f"{path} {_ERROR_TEXT.text(kind, lang)}"
            if kind == "extra_forbidden":
                said[lang] += _nearest_field(model, loc, lang)
        else:
            msg = err.get("msg", kind)
            said[lang] = f"{path} {'is ongeldig' if lang == 'nl' else 'is invalid'} ({msg})"
        if kind not in ("missing",) and "input" in err:
            said[lang] += f" ({'gevonden' if lang == 'nl' else 'found'}: {_short(err['input'])})"
    return said["nl"], said["en"]


def _annotation_at(model: type[BaseModel], loc: tuple | list) -> Any:
    """The type of the field at `loc` in `model` (a list's entry for a position), or None where
    the location is no field's."""
    kind: Any = model
    for part in loc:
        kind = _unwrapped(kind)
        if isinstance(part, int):
            if typing.get_origin(kind) is not list:
                return None
            kind = typing.get_args(kind)[0]
        elif isinstance(kind, type) and issubclass(kind, BaseModel) and part in kind.model_fields:
            kind = kind.model_fields[part].annotation
        else:
            return None
    return _unwrapped(kind)


def _unwrapped(kind: Any) -> Any:
    """`X | None` -> X; anything else as it is."""
    if typing.get_origin(kind) in (typing.Union, types.UnionType):
        rest = [arg for arg in typing.get_args(kind) if arg is not type(None)]
        if len(rest) == 1:
            return rest[0]
    return kind


def _one_of(err: dict, kind: Any, lang: str) -> str:
    """"must be one of: …": each code, with the name it has in `lang` where that is another
    word (the codes are Dutch: an English reader did not know "innovation partnership" is one)."""
    word = "of" if lang == "nl" else "or"
    if isinstance(kind, type) and issubclass(kind, LabeledEnum):
        said = []
        for code, label in kind.choices(lang):
            same = _spaced(label) == _spaced(code)  # "public values" says no more than 'public_values'
            said.append(f"'{code}'" if same else
                        _PROBLEM_TEXT.text("code_or_label", lang, code=f"'{code}'", label=label))
        expected = f" {word} ".join([", ".join(said[:-1]), said[-1]] if len(said) > 1 else said)
    else:
        expected = (err.get("ctx") or {}).get("expected", "").replace(" or ", f" {word} ")
    if lang == "nl":
        return f"moet een van deze waarden zijn: {expected}"
    return f"must be one of: {expected}"


def _spaced(text: str) -> str:
    """Lower case, with "_", "-" and runs of spaces as one space: to compare a code with its name."""
    return re.sub(r"[\s_-]+", " ", text.strip().lower())


def _nearest_field(model: type[BaseModel], loc: tuple | list, lang: str) -> str:
    """" (did you mean need?)" after a name that is no field, where one field is nearly it
    ("Need", "neeed"), as a misspelt setting gets; "" where none is."""
    parent = _annotation_at(model, loc[:-1])
    if not loc or not (isinstance(parent, type) and issubclass(parent, BaseModel)):
        return ""
    written = str(loc[-1])
    known = list(parent.model_fields)
    like = [name for name in known if name.lower() == written.lower()]
    like = like or difflib.get_close_matches(written.lower(), known, n=1, cutoff=0.7)
    return _PROBLEM_TEXT.text("did_you_mean", lang, name=like[0]) if like else ""


def _read_source(source) -> tuple[str, Path | None, str | None]:
    """(text, path or None, the legacy encoding it was read in or None) from a path, bytes or JSON text."""
    path: Path | None = None
    if isinstance(source, os.PathLike):
        path = Path(source)
    elif isinstance(source, str):
        stripped = source.lstrip()
        # a str is a file name when it is one line that does not start like JSON and names an
        # existing file or ends in .json; anything else is JSON text
        if (stripped and stripped[0] not in '{["' and "\n" not in source and len(source) < 4096
                and (source.strip().lower().endswith(".json") or Path(source).expanduser().is_file())):
            path = Path(source.strip()).expanduser()
    if path is None:
        if isinstance(source, bytes | bytearray):
            if len(source) > MAX_IMPORT_BYTES:
                raise RecordImportError(
                    f"De invoer is te groot voor een projectdossier (meer dan {MAX_IMPORT_BYTES // 1_048_576} MB).",
                    f"The input is too large for a project record (over {MAX_IMPORT_BYTES // 1_048_576} MB).")
            text, encoding = _decode(bytes(source), None)
            return text, None, encoding
        if isinstance(source, str):
            return source, None, None
        raise TypeError(f"import_json expects a path, bytes or str, not {type(source).__name__}")
    too_large = RecordImportError(
        f"{path} is te groot voor een projectdossier (meer dan {MAX_IMPORT_BYTES // 1_048_576} MB).",
        f"{path} is too large for a project record (over {MAX_IMPORT_BYTES // 1_048_576} MB).",
        path=path)
    try:
        if path.stat().st_size > MAX_IMPORT_BYTES:
            raise too_large
        # read up to the limit, not to the end: a device or pipe reports no size (/dev/zero filled
        # the memory and never ended)
        with path.open("rb") as handle:
            data = handle.read(MAX_IMPORT_BYTES + 1)
        if len(data) > MAX_IMPORT_BYTES:
            raise too_large
    except FileNotFoundError:
        raise RecordImportError(f"Het bestand {path} bestaat niet.", f"The file {path} does not exist.",
                                path=path) from None
    except IsADirectoryError:
        raise RecordImportError(f"{path} is een map, geen bestand.", f"{path} is a folder, not a file.",
                                path=path) from None
    except OSError as exc:
        nl, en = os_reason(exc)
        raise RecordImportError(f"{path} kan niet worden gelezen ({nl}).",
                                f"{path} cannot be read ({en}).", path=path) from exc
    text, encoding = _decode(data, path)
    return text, path, encoding


#: What an export edited in an older Windows editor is saved in: "é" as one byte.
LEGACY_ENCODING = "cp1252"


def _decode(data: bytes, path: Path | None) -> tuple[str, str | None]:
    """The text, and LEGACY_ENCODING where it is not UTF-8 but reads as that (an export edited
    and saved by an older Windows editor; chat reads such text the same way)."""
    where_nl = f"{path} " if path else "Het bestand "
    where_en = f"{path} " if path else "The file "
    document = _document_kind(data)
    if document is not None:
        # a Word or PDF export given to import was told to be saved as UTF-8
        raise RecordImportError(where_nl + _PROBLEM_TEXT.text(document, "nl"),
                                where_en + _PROBLEM_TEXT.text(document, "en"), path=path)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Notepad's "Unicode": every character in two bytes, said by the mark in front
        try:
            return data.decode("utf-16"), None
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        try:
            legacy = data.decode(LEGACY_ENCODING)
        except UnicodeDecodeError:
            legacy = ""
        if legacy.lstrip().startswith("{") and "\x00" not in legacy:  # a record, not a photo
            return legacy, LEGACY_ENCODING
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise RecordImportError(
            f"{where_nl}is geen UTF-8-tekst: regel {line}, kolom {column} houdt een teken dat geen "
            "tekst is. Sla het bestand op als UTF-8, of exporteer het opnieuw.",
            f"{where_en}is not UTF-8 text: line {line}, column {column} holds a byte that cannot be "
            "read as text. Save the file as UTF-8, or export it again.",
            path=path) from None


def _document_kind(data: bytes) -> str | None:
    """The message key of a document that is no JSON, recognised by its first bytes (a DOCX is
    a zip archive that holds word/), or None."""
    if data.startswith(b"%PDF-"):
        return "document.pdf"
    if not data.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            word = any(name.startswith("word/") for name in archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        word = False
    return "document.word" if word else "document.zip"


def _trailing_comma(text: str, pos: int) -> dict[str, int] | None:
    """The line and column (_line_column) of a comma right before a closing bracket where the
    parser stopped, or None."""
    after = text[pos:pos + 1]
    if after not in ("}", "]"):
        return None
    before = text[:pos].rstrip()
    if not before.endswith(","):
        return None
    return _line_column(text, len(before) - 1)


#: Quotes a word processor puts where JSON's straight ones were typed.
_TYPOGRAPHIC_QUOTES = "“”„‟‘’‚‛«»"
#: How a value that may follow a missing comma starts (a text, a group, a list, a number …).
_VALUE_STARTS = '"{[-0123456789tfn'


def _line_column(text: str, at: int) -> dict[str, int]:
    """Where `at` is in `text`, as an editor counts it (from 1), as a message's fields."""
    return {"line": text.count("\n", 0, at) + 1, "column": at - (text.rfind("\n", 0, at) + 1) + 1}


def _json_cause(text: str, exc: json.JSONDecodeError) -> tuple[str, dict] | None:
    """The usual cause of broken JSON in a sentence, from what the reader stopped at (its
    `msg`) and the character there: (message key, its fields), or None where it is none of them.
    A missing comma is said after the item before it: the reader names the next line."""
    found = text[exc.pos:exc.pos + 1]
    here = _line_column(text, exc.pos)
    before = len(text[:exc.pos].rstrip()) - 1  # the last character of the item before
    if exc.msg == "Expecting ',' delimiter" and before >= 0:
        # on the same line, a letter after a closed text: a quote inside the text closed it
        if "\n" not in text[before:exc.pos] and text[before] == '"' and found not in _VALUE_STARTS:
            return "json.quote_in_text", _line_column(text, before)
        return "json.missing_comma", _line_column(text, before)
    if exc.msg == "Expecting ':' delimiter" and before >= 0:
        return "json.missing_colon", _line_column(text, before)
    if exc.msg in ("Expecting value", "Expecting property name enclosed in double quotes"):
        if found and found in _TYPOGRAPHIC_QUOTES:
            return "json.typographic_quote", {**here, "quote": found}
        if found == "'":
            return "json.single_quote", here
        return ("json.missing_value" if exc.msg == "Expecting value" else "json.missing_name"), here
    if exc.msg.startswith(("Invalid \\escape", "Invalid \\u")):
        # "\\u" is named at its "u" ("C:\\users"), the other escapes at the backslash
        at = exc.pos - 1 if found != "\\" and text[exc.pos - 1:exc.pos] == "\\" else exc.pos
        return "json.backslash", _line_column(text, at)
    if exc.msg.startswith("Invalid control character"):
        # a text closed by a typographic quote runs on to the line's end
        line_start = text.rfind("\n", 0, exc.pos) + 1
        curly = max(text.rfind(quote, line_start, exc.pos) for quote in _TYPOGRAPHIC_QUOTES)
        if curly >= 0:
            return "json.typographic_quote", {**_line_column(text, curly), "quote": text[curly]}
        return ("json.line_break" if found in "\r\n" else "json.control_character"), here
    if exc.msg.startswith("Unterminated string"):
        return "json.unclosed_text", here
    if exc.msg == "Extra data":
        return "json.extra_data", here
    return None


#: How a Markdown document opens: a heading, as the Markdown export's title ("# Slimme afvalinzameling")
_MARKDOWN_HEADING_RE = re.compile(r"#{1,6} \S")


def parse_record_data(text: str, path: Path | None = None) -> dict:
    """JSON text -> the record's dict, after the JSON and schema-version checks."""
    name_nl = f"{path}" if path else "Het bestand"
    name_en = f"{path}" if path else "The file"
    if not text.strip():
        raise RecordImportError(f"{name_nl} is leeg.", f"{name_en} is empty.", path=path)
    try:
        data = json.loads(text, object_pairs_hook=_Group.of)
    except json.JSONDecodeError as exc:
        # a Markdown or Word export given to import was called cut off: it is no JSON at all
        json_like = text.lstrip().startswith(("{", "["))
        if not json_like and _MARKDOWN_HEADING_RE.match(text.lstrip()):
            # the Markdown export, as the Word one is named ("error at line 1, column 1" said nothing)
            raise RecordImportError(f"{name_nl} {_PROBLEM_TEXT.text('document.markdown', 'nl')}",
                                    f"{name_en} {_PROBLEM_TEXT.text('document.markdown', 'en')}",
                                    path=path) from None
        truncated = json_like and not text.rstrip().endswith(("}", "]"))
        extra_nl = (" Het bestand lijkt afgebroken (onvolledig)." if truncated else "" if json_like else
                    " Het is geen JSON-dossier (dat begint met “{”); maak er een met "
                    "`stappenplan export --format json`.")
        extra_en = (" The file seems to be cut off (incomplete)." if truncated else "" if json_like else
                    " It is not a JSON record (one starts with “{”); make one with "
                    "`stappenplan export --format json`.")
        comma = _trailing_comma(text, exc.pos)
        if comma is not None:
            # the parser names the line of the bracket after it, and says it wants a name
            line, column = comma["line"], comma["column"]
            raise RecordImportError(
                f"{name_nl} is geen geldige JSON: een komma te veel op regel {line}, kolom {column} "
                "(na het laatste onderdeel van een lijst of groep hoort geen komma).",
                f"{name_en} is not valid JSON: one comma too many at line {line}, column {column} "
                "(no comma goes after the last item of a list or group).",
                path=path) from None
        cause = _json_cause(text, exc) if json_like and not truncated else None
        if cause is not None:
            key, fields = cause
            raise RecordImportError(
                f"{name_nl} is geen geldige JSON: {_PROBLEM_TEXT.text(key, 'nl', **fields)}.",
                f"{name_en} is not valid JSON: {_PROBLEM_TEXT.text(key, 'en', **fields)}.",
                path=path) from None
        # not the parser's own words: English in a Dutch sentence, and cut short ("Unterminated
        # string starting at")
        raise RecordImportError(
            f"{name_nl} is geen geldige JSON: fout op regel {exc.lineno}, kolom {exc.colno}.{extra_nl}",
            f"{name_en} is not valid JSON: error at line {exc.lineno}, column {exc.colno}.{extra_en}",
            path=path) from None
    except ValueError:  # Python refuses to convert an integer of thousands of digits
        raise RecordImportError(f"{name_nl} bevat een getal met te veel cijfers voor een projectdossier.",
                                f"{name_en} holds a number with too many digits for a project record.",
                                path=path) from None
    except RecursionError:
        raise RecordImportError(f"{name_nl} is te diep genest om een projectdossier te zijn.",
                                f"{name_en} is nested too deeply to be a project record.", path=path) from None
    key = _schema_key()
    _refuse_records_in_list(data, name_nl, name_en, path)
    if isinstance(data, dict) and key not in data and _looks_like_record(data):
        # the version line alone taken out: a record still, not "no record of stappenplan"
        line = f'"{key}": {current_schema_version()}'
        raise RecordImportError(f"{name_nl} {_PROBLEM_TEXT.text('version_missing', 'nl', line=line)}",
                                f"{name_en} {_PROBLEM_TEXT.text('version_missing', 'en', line=line)}",
                                path=path, field=key)
    if not isinstance(data, dict) or key not in data:
        raise RecordImportError(
            f"{name_nl} is geen projectdossier van stappenplan (het veld '{key}' ontbreekt).",
            f"{name_en} is not a stappenplan project record (the field '{key}' is missing).",
            path=path, field=key)
    version = data[key]
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise RecordImportError(
            f"{name_nl}: {key} moet een positief geheel getal zijn (gevonden: {_short(version)}).",
            f"{name_en}: {key} must be a positive whole number (found: {_short(version)}).",
            path=path, field=key)
    _check_sizes(data, path)
    supported = current_schema_version()
    if version > supported:
        raise RecordImportError(
            f"{name_nl} is gemaakt met een nieuwere versie van stappenplan (schemaversie {version}; "
            f"deze versie leest t/m {supported}). Werk stappenplan bij om het te importeren.",
            f"{name_en} was made by a newer version of stappenplan (schema version {version}; "
            f"this version reads up to {supported}). Upgrade stappenplan to import it.",
            path=path, field=key)
    _refuse_repeated_names(data, path)
    return data


def _looks_like_record(value: Any) -> bool:
    """Whether `value` holds what every record holds beside its version: its project and steps."""
    return isinstance(value, dict) and "project" in value and any(str(name).startswith("step") for name in value)


def _refuse_records_in_list(data: Any, name_nl: str, name_en: str, path: Path | None) -> None:
    """Refuse a list of records (several exports put together) as that: one file is one project."""
    if not isinstance(data, list) or not any(_looks_like_record(item) or isinstance(item, dict)
                                             and _schema_key() in item for item in data):
        return
    key = "records_in_list" if len(data) > 1 else "record_in_list"
    raise RecordImportError(f"{name_nl} {_PROBLEM_TEXT.text(key, 'nl', count=len(data))}",
                            f"{name_en} {_PROBLEM_TEXT.text(key, 'en', count=len(data))}", path=path)


class _Group(dict):
    """A JSON object read, with the names it holds more than once (JSON keeps the last value
    of a name written twice without a word: a hand edit's first value was lost)."""

    repeated: tuple[str, ...] = ()

    @classmethod
    def of(cls, pairs: list[tuple[str, Any]]) -> dict:
        group = cls(pairs)
        if len(group) < len(pairs):
            seen: set[str] = set()
            repeated = []
            for key, _ in pairs:
                if key in seen:
                    repeated.append(key)
                seen.add(key)
            group.repeated = tuple(repeated)
        return group


def _refuse_repeated_names(data: Any, path: Path | None) -> None:
    """Refuse a file that writes a name twice in one object, naming the first (in the file's
    order): which of the two values was meant only its writer knows."""
    stack: list[tuple[tuple, Any]] = [((), data)]
    while stack:
        loc, value = stack.pop()
        if isinstance(value, _Group) and value.repeated:
            where = f"{path}: " if path else ""
            loc = (*loc, value.repeated[0])
            raise RecordImportError(
                f"{where}{_PROBLEM_TEXT.text('repeated_key', 'nl', field=field_path(loc, 'nl'))}. "
                "Er is niets veranderd.",
                f"{where}{_PROBLEM_TEXT.text('repeated_key', 'en', field=field_path(loc, 'en'))}. "
                "Nothing was changed.", path=path, field=field_path(loc))
        if isinstance(value, dict):
            stack.extend(reversed([((*loc, key), item) for key, item in value.items()]))
        elif isinstance(value, list):
            stack.extend(reversed([((*loc, i), item) for i, item in enumerate(value)]))


def _check_sizes(data: dict, path: Path | None) -> None:
    """Refuse lists longer than a record can sensibly hold, and texts longer than can be typed
    (MAX_TEXT_CHARS: a text of millions of characters froze the app that opened it), naming the
    first one."""
    where_nl = f"{path}: " if path else ""
    where_en = f"{path}: " if path else ""
    total = 0
    stack: list[tuple[tuple, Any]] = [((), data)]
    while stack:
        loc, value = stack.pop()
        if isinstance(value, dict):
            stack.extend(((*loc, key), item) for key, item in value.items())
        elif isinstance(value, str) and len(value) > MAX_TEXT_CHARS:
            name = field_path(loc)
            # Dutch groups thousands with a point; the field's name keeps its "_" (market_parties)
            count_nl, max_nl = (f"{n:_}".replace("_", ".") for n in (len(value), MAX_TEXT_CHARS))
            raise RecordImportError(
                f"{where_nl}{field_path(loc, 'nl')} heeft {count_nl} tekens; een antwoord mag er hoogstens "
                f"{max_nl} hebben. Er is niets veranderd.",
                f"{where_en}{field_path(loc, 'en')} has {len(value):,} characters; an answer may have at most "
                f"{MAX_TEXT_CHARS:,}. Nothing was changed.", path=path, field=name)
        elif isinstance(value, list):
            if len(value) > MAX_LIST_ENTRIES:
                name = field_path(loc)
                raise RecordImportError(
                    f"{where_nl}{field_path(loc, 'nl')} heeft {len(value)} regels; een projectdossier mag er per lijst "
                    f"hoogstens {MAX_LIST_ENTRIES} hebben. Er is niets veranderd.",
                    f"{where_en}{field_path(loc, 'en')} has {len(value)} entries; a project record may have at most "
                    f"{MAX_LIST_ENTRIES} per list. Nothing was changed.", path=path, field=name)
            total += len(value)
            stack.extend(((*loc, i), item) for i, item in enumerate(value))
    if total > MAX_TOTAL_ENTRIES:
        raise RecordImportError(
            f"{where_nl}de lijsten hebben samen {total} regels; een projectdossier mag er hoogstens "
            f"{MAX_TOTAL_ENTRIES} hebben. Er is niets veranderd.",
            f"{where_en}the lists hold {total} entries together; a project record may have at most "
            f"{MAX_TOTAL_ENTRIES}. Nothing was changed.", path=path)


def clean_strings(value: Any) -> Any:
    """Every text in imported data cleaned as typed text is: escape sequences and control
    characters (ESC, NUL, bidi overrides) go, newlines and tabs stay."""
    if isinstance(value, str):
        return strip_escapes(value)
    if isinstance(value, list):
        return [clean_strings(item) for item in value]
    if isinstance(value, dict):
        return {key: clean_strings(item) for key, item in value.items()}
    return value


@dataclass(frozen=True)
class ImportNotes:
    """What an import mended or filled in, to say beside "imported": criteria whose link
    disagreed with the requirement they name, and the fields the file did not hold (an export
    holds every one: these were taken out by hand and are now empty), and the legacy encoding
    the file was read in, where it was no UTF-8."""

    relinked: tuple[RelinkedCriterion, ...] = ()
    absent: tuple[str, ...] = ()
    read_as: str | None = None
    current_step: int | None = None  # the step the project was at where it was exported


#: An entry's fields that are made or found again when left out, not left empty: a new id, and
#: a criterion's link found from the requirement its words name
_ENTRY_FIELDS_DERIVED = {"id", "requirement_id"}

#: Fields the record came to keep after files were exported without them (an optional field with
#: a default, so the schema version stays): their absence says the file is older, not that they
#: were taken out by hand. An entry's field is named for every entry ("[]" for its place): a file
#: from before judgements kept their target was said to have had each "ref_target" taken out.
_FIELDS_ADDED_LATER = {"step9.verdict_note", "step9.judgements[].ref_target", "step4.criteria[].weight"}
_ENTRY_PLACE = re.compile(r"\[\d+\]")


def absent_fields(data: dict, model: type[BaseModel] = ProjectRecord, path: str = "") -> list[str]:
    """The step fields (and the project's title) a record's dict leaves out, outermost first,
    those of list entries too ('step3.requirements[0].aspect'): a step left out whole is named
    once, not by each of its fields."""
    out: list[str] = []
    for name, info in model.model_fields.items():
        where = f"{path}.{name}" if path else name
        if not path and not (name.startswith("step") or name == "project"):
            continue
        if path == "project" and name != "title":
            continue
        if issubclass(model, Entry) and name in _ENTRY_FIELDS_DERIVED:
            continue
        if name not in data:
            if _ENTRY_PLACE.sub("[]", where) not in _FIELDS_ADDED_LATER:
                out.append(where)
            continue
        kind = _unwrapped(info.annotation)
        if isinstance(kind, type) and issubclass(kind, BaseModel) and isinstance(data[name], dict):
            out.extend(absent_fields(data[name], kind, where))
        elif typing.get_origin(kind) is list and isinstance(data[name], list):
            # an entry's field taken out came back empty unsaid ("step3.requirements[0].aspect")
            item = typing.get_args(kind)[0]
            if isinstance(item, type) and issubclass(item, BaseModel):
                for i, entry in enumerate(data[name]):
                    if isinstance(entry, dict):
                        out.extend(absent_fields(entry, item, f"{where}[{i}]"))
    return out


def read_export(source) -> tuple[ProjectRecord, ImportNotes]:
    """`import_json`, with what it mended and what the file left out (see ImportNotes)."""
    record, data, encoding = _import(source, None)
    relinked = relink_criteria(record)
    return record, ImportNotes(tuple(relinked), tuple(absent_fields(data)), encoding,
                               data.get(CURRENT_STEP_KEY))


def import_json(source, *, model=None):
    """Read a record from a path, bytes or JSON text. Raises :class:`RecordImportError`."""
    return _import(source, model)[0]


def _import(source, model) -> tuple[Any, dict, str | None]:
    text, path, encoding = _read_source(source)
    data = parse_record_data(text, path)
    try:
        data = clean_strings(data)
    except RecursionError:
        raise RecordImportError("Het bestand is te diep genest om een projectdossier te zijn.",
                                "The file is nested too deeply to be a project record.", path=path) from None
    record_cls = model or ProjectRecord
    _check_current_step(data, path)
    try:
        record = record_cls.model_validate({key: value for key, value in data.items() if key != CURRENT_STEP_KEY})
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        parts = [_describe_error(err, record_cls) for err in errors[:5]]
        more = len(errors) - len(parts)
        nl = "; ".join(p[0] for p in parts)
        en = "; ".join(p[1] for p in parts)
        if more > 0:
            nl += f"; en nog {more} andere fout(en)"
            en += f"; and {more} more error(s)"
        if all(err.get("type") == "extra_forbidden" for err in errors):
            # a note added by hand is all that stands in the way
            key = "extra_only" if len(errors) == 1 else "extra_only_several"
            nl += f". {_PROBLEM_TEXT.text(key, 'nl')}"
            en += f". {_PROBLEM_TEXT.text(key, 'en')}"
        where_nl = f"{path}: dit" if path else "Dit"
        where_en = f"{path}: this" if path else "This"
        first = field_path(errors[0].get("loc", ())) if errors else None
        raise RecordImportError(
            f"{where_nl} projectdossier klopt niet: {nl}. Er is niets veranderd.",
            f"{where_en} project record is not valid: {en}. Nothing was changed.",
            path=path, field=first) from None
    except (ValueError, TypeError) as exc:  # a validator raising outside pydantic's wrapping
        raise RecordImportError(f"Dit projectdossier klopt niet: {error_message(exc, 'nl')}. Er is niets veranderd.",
                                f"This project record is not valid: {error_message(exc, 'en')}. Nothing was changed.",
                                path=path) from None
    twice = _repeated_ids(record)
    if twice is not None:
        # "/wijzig 2" changed line 1 (entries are found by id), and step 9 judged the wrong one
        field, entry_id = twice
        where = f"{path}: in" if path else "In"  # the same word in both languages
        raise RecordImportError(
            f"{where} {field} staan twee regels met dezelfde id ({_short(entry_id)}). Er is niets veranderd.",
            f"{where} {field} two entries have the same id ({_short(entry_id)}). Nothing was changed.",
            path=path, field=field)
    return record, data, encoding


def _check_current_step(data: dict, path: Path | None) -> None:
    """Refuse a current step that is no step of the plan (a hand edit: 11, "6")."""
    step = data.get(CURRENT_STEP_KEY)
    if step is None or (isinstance(step, int) and not isinstance(step, bool) and step in STEP_NUMBERS):
        return
    where = f"{path}: " if path else ""
    raise RecordImportError(
        f"{where}{CURRENT_STEP_KEY} moet een stapnummer van 0 tot en met 10 zijn (gevonden: {_short(step)}). "
        "Er is niets veranderd.",
        f"{where}{CURRENT_STEP_KEY} must be a step number from 0 to 10 (found: {_short(step)}). Nothing was changed.",
        path=path, field=CURRENT_STEP_KEY)


def _repeated_ids(model: BaseModel, path: str = "") -> tuple[str, str] | None:
    """The first list of entries (its path) that holds an id twice, with that id; or None."""
    for name in type(model).model_fields:
        value = getattr(model, name)
        where = f"{path}.{name}" if path else name
        if isinstance(value, BaseModel):
            found = _repeated_ids(value, where)
            if found is not None:
                return found
        elif isinstance(value, list):
            seen: set[str] = set()
            for item in value:
                if isinstance(item, Entry):
                    if item.id in seen:
                        return where, item.id
                    seen.add(item.id)
    return None
