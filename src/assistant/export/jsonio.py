"""The record as JSON: one canonical text, and a careful reader for files people send back.

``to_json`` is canonical: keys sorted at every level, two-space indent, UTF-8 text with
non-ASCII characters kept as they are, one trailing newline. Because the record model
round-trips its own JSON dump, export -> import -> export gives the same bytes.

``import_json`` never returns half a record: it either validates the whole file or raises a
:class:`RecordImportError` that names what is wrong (line and column for broken JSON, the
field path such as ``step3.requirements[1].aspect`` for a wrong value).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from assistant.export.errors import RecordImportError
from assistant.core.i18n import catalog
from assistant.plan.record import (MAX_LIST_ENTRIES, MAX_TOTAL_ENTRIES, SCHEMA_VERSION, Entry, ProjectRecord,
                                   RelinkedCriterion, relink_criteria)
from assistant.core.textsafe import MAX_TEXT_CHARS, json_for_terminal, strip_escapes

#: Largest file import_json reads (a record is a few hundred kB at most).
MAX_IMPORT_BYTES = 20 * 1024 * 1024


def _schema_key() -> str:
    return "schema_version"


def current_schema_version() -> int:
    return int(SCHEMA_VERSION)


def to_json(record) -> str:
    """The whole record as canonical, pretty-printed JSON text (ends with a newline)."""
    data = record.model_dump(mode="json")
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def field_path(loc: tuple | list) -> str:
    """('step3', 'requirements', 1, 'aspect') -> 'step3.requirements[1].aspect'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
            continue
        part = str(part)
        # pydantic adds validator / union-member names to the location; they are not fields
        if "[" in part or "(" in part or part.startswith(("function-", "tagged-union")):
            continue
        out += f".{part}" if out else part
    return out or "(record)"


_ERROR_TEXT = catalog("export.jsonio")


def _short(value: Any) -> str:
    try:
        text = json_for_terminal(value)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _describe_error(err: dict) -> tuple[str, str]:
    path = field_path(err.get("loc", ()))
    kind = err.get("type", "")
    if kind in ("literal_error", "enum"):
        expected = (err.get("ctx") or {}).get("expected", "")
        nl = f"moet een van deze waarden zijn: {expected.replace(' or ', ' of ')}"
        en = f"must be one of: {expected}"
    elif _ERROR_TEXT.has(kind):
        nl, en = _ERROR_TEXT.text(kind, "nl"), _ERROR_TEXT.text(kind, "en")
    else:
        msg = err.get("msg", kind)
        nl, en = f"is ongeldig ({msg})", f"is invalid ({msg})"
    if kind not in ("missing",) and "input" in err:
        nl += f" (gevonden: {_short(err['input'])})"
        en += f" (found: {_short(err['input'])})"
    return f"{path} {nl}", f"{path} {en}"


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
        raise RecordImportError(f"{path} kan niet worden gelezen ({exc.strerror}).",
                                f"{path} cannot be read ({exc.strerror}).", path=path) from exc
    text, encoding = _decode(data, path)
    return text, path, encoding


#: What an export edited in an older Windows editor is saved in: "é" as one byte.
LEGACY_ENCODING = "cp1252"


def _decode(data: bytes, path: Path | None) -> tuple[str, str | None]:
    """The text, and LEGACY_ENCODING where it is not UTF-8 but reads as that (an export edited
    and saved by an older Windows editor; chat reads such text the same way)."""
    where_nl = f"{path} " if path else "Het bestand "
    where_en = f"{path} " if path else "The file "
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
            f"{where_en}is not UTF-8 text: line {line}, column {column} holds a character that is "
            "no text. Save the file as UTF-8, or export it again.",
            path=path) from None


def _trailing_comma(text: str, pos: int) -> tuple[int, int] | None:
    """(line, column) of a comma right before a closing bracket where the parser stopped, or None."""
    after = text[pos:pos + 1]
    if after not in ("}", "]"):
        return None
    before = text[:pos].rstrip()
    if not before.endswith(","):
        return None
    at = len(before) - 1
    return text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1


def parse_record_data(text: str, path: Path | None = None) -> dict:
    """JSON text -> the record's dict, after the JSON and schema-version checks."""
    name_nl = f"{path}" if path else "Het bestand"
    name_en = f"{path}" if path else "The file"
    if not text.strip():
        raise RecordImportError(f"{name_nl} is leeg.", f"{name_en} is empty.", path=path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        # a Markdown or Word export given to import was called cut off: it is no JSON at all
        json_like = text.lstrip().startswith(("{", "["))
        truncated = json_like and not text.rstrip().endswith(("}", "]"))
        extra_nl = (" Het bestand lijkt afgebroken (onvolledig)." if truncated else "" if json_like else
                    " Het is geen JSON-dossier (dat begint met “{”); maak er een met "
                    "`stappenplan export --format json`.")
        extra_en = (" The file seems to be cut off (incomplete)." if truncated else "" if json_like else
                    " It is no JSON record (one starts with “{”); make one with "
                    "`stappenplan export --format json`.")
        comma = _trailing_comma(text, exc.pos)
        if comma is not None:
            # the parser names the line of the bracket after it, and says it wants a name
            line, column = comma
            raise RecordImportError(
                f"{name_nl} is geen geldige JSON: een komma te veel op regel {line}, kolom {column} "
                "(na het laatste onderdeel van een lijst of groep hoort geen komma).",
                f"{name_en} is not valid JSON: one comma too many at line {line}, column {column} "
                "(no comma goes after the last item of a list or group).",
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
    return data


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
            raise RecordImportError(
                f"{where_nl}{name} heeft {len(value):_} tekens; een antwoord mag er hoogstens "
                f"{MAX_TEXT_CHARS:_} hebben. Er is niets veranderd.".replace("_", "."),
                f"{where_en}{name} has {len(value):,} characters; an answer may have at most "
                f"{MAX_TEXT_CHARS:,}. Nothing was changed.", path=path, field=name)
        elif isinstance(value, list):
            if len(value) > MAX_LIST_ENTRIES:
                name = field_path(loc)
                raise RecordImportError(
                    f"{where_nl}{name} heeft {len(value)} regels; een projectdossier mag er per lijst "
                    f"hoogstens {MAX_LIST_ENTRIES} hebben. Er is niets veranderd.",
                    f"{where_en}{name} has {len(value)} entries; a project record may have at most "
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


def absent_fields(data: dict, model: type[BaseModel] = ProjectRecord, path: str = "") -> list[str]:
    """The step fields (and the project's title) a record's dict leaves out, outermost first:
    a step left out whole is named once, not by each of its fields."""
    out: list[str] = []
    for name, info in model.model_fields.items():
        where = f"{path}.{name}" if path else name
        if not path and not (name.startswith("step") or name == "project"):
            continue
        if path == "project" and name != "title":
            continue
        if name not in data:
            out.append(where)
            continue
        kind = info.annotation
        if isinstance(kind, type) and issubclass(kind, BaseModel) and isinstance(data[name], dict):
            out.extend(absent_fields(data[name], kind, where))
    return out


def read_export(source) -> tuple[ProjectRecord, ImportNotes]:
    """`import_json`, with what it mended and what the file left out (see ImportNotes)."""
    record, data, encoding = _import(source, None)
    relinked = relink_criteria(record)
    return record, ImportNotes(tuple(relinked), tuple(absent_fields(data)), encoding)


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
    try:
        record = record_cls.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        parts = [_describe_error(err) for err in errors[:5]]
        more = len(errors) - len(parts)
        nl = "; ".join(p[0] for p in parts)
        en = "; ".join(p[1] for p in parts)
        if more > 0:
            nl += f"; en nog {more} andere fout(en)"
            en += f"; and {more} more error(s)"
        where_nl = f"{path}: dit" if path else "Dit"
        where_en = f"{path}: this" if path else "This"
        first = field_path(errors[0].get("loc", ())) if errors else None
        raise RecordImportError(
            f"{where_nl} projectdossier klopt niet: {nl}. Er is niets veranderd.",
            f"{where_en} project record is not valid: {en}. Nothing was changed.",
            path=path, field=first) from None
    except (ValueError, TypeError) as exc:  # a validator raising outside pydantic's wrapping
        raise RecordImportError(f"Dit projectdossier klopt niet: {exc}. Er is niets veranderd.",
                                f"This project record is not valid: {exc}. Nothing was changed.",
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
