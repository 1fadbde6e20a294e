"""Record extraction and "Stel voor" drafts through structured output.

Nothing here writes to the record on its own. `propose_values` and `draft_suggestions` return a
`Proposal`: each change validated against the record's pydantic models on a copy of the record,
with a display text for the user to confirm or edit. Only `apply_proposal` writes, and only the
changes the user accepted, all or nothing (the proposal types and `apply_proposal` are the
plan's, :mod:`assistant.plan.proposals`; they are re-exported here).

`ModelProposalMaker` is the plan's `ProposalMaker` port (assistant.plan.ports) for one chat
model, built from the settings on first use.

The model is asked for values through `with_structured_output` against a schema derived from
the record's own models (entry ids and resolved links left out); chat models without tool or
JSON-schema support get the same schema as a JSON instruction instead.
"""

from __future__ import annotations

import json
import logging
import re
import time
import types
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timedelta
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

from assistant.llm.models import (
    LLMConfigError,
    ModelCancelled,
    build_chat_model,
    call_within,
    describe_error,
    message,
    readable_error,
    redact,
    settings_for_model,
    short_error,
    unreachable,
)
from assistant.llm.prompts import PromptError, defang, load_template
from assistant.plan import record as rec
from assistant.plan.proposals import NOTHING_FOUND, Proposal, ProposedChange, apply_proposal, edit_change
from assistant.plan.steps import Question
from assistant.core.resources import PROMPTS_DIR
from assistant.core.settings import LLMSettings
from assistant.core.textsafe import MAX_MODEL_CHARS, strip_escapes

if TYPE_CHECKING:  # langchain is imported only when a model is built
    from langchain_core.language_models import BaseChatModel

    from assistant.plan.ports import CancelFlag

log = logging.getLogger(__name__)

#: Fields of record models the model never fills: ids, resolved links, timestamps.
_SKIP_FIELDS = re.compile(r"^(id|.*_id|created|updated|schema_version)$")
_MAX_ANSWER_CHARS = 6000

_TEXT = {
    "nl": {
        "unknown_field": "Voorstel voor onbekend veld '{path}' genegeerd.",
        "invalid": "Voorstel voor '{label}' genegeerd: {reason}",
        "not_list": "'{path}' is geen lijstveld: daar kan niets bij worden voorgesteld.",
        "no_structured": "het antwoord had niet de gevraagde vorm",
    },
    "en": {
        "unknown_field": "Proposal for unknown field '{path}' ignored.",
        "invalid": "Proposal for '{label}' ignored: {reason}",
        "not_list": "'{path}' is not a list field: nothing can be proposed for it.",
        "no_structured": "the reply did not have the requested shape",
    },
}


def _t(key: str, lang: str, **values: Any) -> str:
    return _TEXT.get(lang, _TEXT["nl"])[key].format(**values)


class ExtractionError(Exception):
    """The model's structured output could not be used (message is for the user)."""


# --- the schema the model fills ---------------------------------------------------------------
def _unwrap(annotation: Any) -> Any:
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return _unwrap(args[0])
    return annotation


def _llm_type(annotation: Any) -> Any:
    """The type the model sees for a record annotation: sub-models without ids and links."""
    ann = _unwrap(annotation)
    if get_origin(ann) is list:
        (item,) = get_args(ann)
        return list[_llm_type(item)]  # type: ignore[misc]
    if isinstance(ann, type) and issubclass(ann, BaseModel):
        return _llm_model(ann)
    return ann


@lru_cache(maxsize=None)
def _llm_model(model: type[BaseModel]) -> type[BaseModel]:
    fields: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if _SKIP_FIELDS.match(name) or _unwrap(info.annotation) is datetime:
            continue
        fields[name] = (_llm_type(info.annotation) | None, Field(default=None, description=info.description))
    return create_model(f"{model.__name__}Value", __config__=ConfigDict(extra="ignore"), **fields)


def _schema_key(path: str) -> str:
    return path.replace(".", "__")


def _step_answer_model(specs: Sequence[tuple[str, str]]) -> type[BaseModel]:
    fields: dict[str, Any] = {}
    for path, label in specs:
        annotation = rec.field_spec(path).annotation
        fields[_schema_key(path)] = (
            _llm_type(annotation) | None,
            Field(default=None, description=f"{path}: {label}"[:300]),
        )
    return create_model("StepAnswer", __config__=ConfigDict(extra="ignore"), **fields)


def _draft_model(entry: type[BaseModel]) -> type[BaseModel]:
    return create_model(
        "DraftEntries",
        __config__=ConfigDict(extra="ignore"),
        items=(list[_llm_model(entry)], Field(default_factory=list, description="the drafted entries")),  # type: ignore[valid-type]
    )


def _plain(value: Any) -> Any:
    """A model-output value as plain data (dicts, lists, enum values), None fields dropped."""
    if isinstance(value, BaseModel):
        return {k: _plain(v) for k, v in value if v is not None}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, str):  # a model's text is cleaned as typed text is
        return strip_escapes(value)[:MAX_MODEL_CHARS]
    return value


# --- calling the model ------------------------------------------------------------------------
def _messages(system: str, user: str) -> list[Any]:
    from langchain_core.messages import HumanMessage, SystemMessage

    return [SystemMessage(content=system), HumanMessage(content=user)]


def _parse_json_reply(text: str, schema: type[BaseModel]) -> BaseModel:
    text = re.sub(r"<think>.*?</think>", "", text, flags=re.DOTALL | re.IGNORECASE).strip()
    fenced = re.search(r"```(?:json)?\s*(.*?)```", text, re.DOTALL)
    if fenced:
        text = fenced.group(1)
    start, end = text.find("{"), text.rfind("}")
    if start < 0 or end < start:  # no object: the JSON parser says where the reply stops being JSON
        return schema.model_validate(json.loads(text))
    return schema.model_validate(json.loads(text[start : end + 1]))


def structured_call(chat_model: Any, schema: type[BaseModel], messages: list[Any], llm: LLMSettings, lang: str,
                    cancel: CancelFlag | None = None, labels: dict[str, str] | None = None) -> BaseModel:
    """`schema` filled by the model; ExtractionError (one line for the user) when that fails,
    ModelCancelled once `cancel` is set. `labels`: the schema's fields in the user's words, for
    saying which one the model filled wrongly."""
    try:
        runnable = chat_model.with_structured_output(schema, include_raw=True)
    except NotImplementedError:
        runnable = None
    try:
        if runnable is not None:
            result = call_within(llm.timeout_s, runnable.invoke, messages, cancel=cancel)
            error = result.get("parsing_error")
            parsed = result.get("parsed")
            if error is not None or parsed is None:
                detail = _t("no_structured", lang) if error is None else redact(_error_text(error, lang, labels), llm)
                raise ExtractionError(message("malformed", lang, model=llm.model or "?", detail=detail))
            return parsed if isinstance(parsed, schema) else schema.model_validate(parsed)
        from langchain_core.messages import HumanMessage

        instruction = (
            "Answer with one JSON object only, matching this JSON schema:\n"
            + json.dumps(schema.model_json_schema(), ensure_ascii=False)
        )
        reply = call_within(llm.timeout_s, chat_model.invoke, [*messages, HumanMessage(content=instruction)],
                            cancel=cancel)
        try:
            return _parse_json_reply(reply.text, schema)
        except (ValueError, ValidationError) as exc:
            detail = redact(_error_text(exc, lang, labels), llm)
            raise ExtractionError(message("malformed", lang, model=llm.model or "?", detail=detail)) from exc
    except (ExtractionError, ModelCancelled):
        raise
    except LLMConfigError as exc:
        raise ExtractionError(str(exc)) from exc
    except Exception as exc:  # noqa: BLE001 - every model failure becomes one line
        raise ExtractionError(describe_error(exc, llm, lang)) from exc


def _settings_for(chat_model: Any, llm: LLMSettings | None) -> LLMSettings:
    return llm if llm is not None else settings_for_model(chat_model)


# --- validation on a copy -----------------------------------------------------------------------
def _error_text(exc: BaseException, lang: str, labels: dict[str, str] | None = None) -> str:
    """The first, most useful line of an error in `lang` (pydantic: first failing field and what
    it should hold); the parser's own words, English, go to the log."""
    if isinstance(exc, rec.RecordError):
        return exc.message(lang)
    log.info("model output refused: %s", short_error(exc))
    return readable_error(exc, lang, labels)


def _validated_changes(
    record: rec.ProjectRecord,
    candidates: Iterable[tuple[str, str, Any]],
    lang: str,
    *,
    draft: bool,
) -> tuple[list[ProposedChange], list[str]]:
    """(path, label, plain value) -> validated changes, tried out on a copy of the record."""
    trial = record.model_copy(deep=True)
    changes: list[ProposedChange] = []
    warnings: list[str] = []
    for path, label, value in candidates:
        try:
            spec = rec.field_spec(path)
        except rec.FieldPathError:
            warnings.append(_t("unknown_field", lang, path=path))
            continue
        try:
            if spec.kind == "list":
                items = value if isinstance(value, list) else [value]
                for item in items:
                    entry = rec.parse_entry(path, item, trial) if isinstance(item, str) else spec.entry.model_validate(item)
                    if hasattr(entry, "link"):
                        entry.link(trial)
                    if not entry.is_filled():
                        continue
                    rec.add_entry(trial, path, entry.model_copy())
                    changes.append(ProposedChange(
                        path=path, label=label, mode="append", value=entry,
                        display=rec.format_value(entry, lang), draft=draft,
                    ))
                continue
            current = rec.get_field(trial, path)
            if isinstance(value, dict) and isinstance(current, BaseModel):
                value = type(current).model_validate({**current.model_dump(), **value})
            before = rec.format_value(current, lang)
            rec.set_field(trial, path, value)
            new = rec.get_field(trial, path)
            if new == current or not rec.is_filled(new):
                continue
            changes.append(ProposedChange(
                path=path, label=label, mode="set", value=new,
                display=rec.format_value(new, lang), previous=before, draft=draft,
            ))
        except (rec.RecordError, ValidationError, ValueError, TypeError) as exc:
            warnings.append(_t("invalid", lang, label=label, reason=_error_text(exc, lang)))
    return changes, warnings


# --- public API ---------------------------------------------------------------------------------
def _question_specs(questions: Iterable[Question | dict[str, str] | tuple[str, ...] | str]) -> list[tuple[str, str, str]]:
    """(path, prompt, example) from step Questions, dicts, (path, prompt) pairs or bare paths."""
    specs = []
    for q in questions:
        if isinstance(q, str):
            path, prompt, example = q, q, ""
        elif isinstance(q, tuple):
            path, prompt, example = q[0], q[1] if len(q) > 1 else q[0], ""
        elif isinstance(q, dict):
            path, prompt, example = q["field"], q.get("prompt", q["field"]), q.get("example", "")
        else:
            path, prompt, example = q.field, q.prompt or q.field, q.example
        specs.append((path, prompt, example or ""))
    return specs


def propose_values(
    record: rec.ProjectRecord,
    questions: Iterable[Any],
    answer: str,
    chat_model: Any,
    lang: str = "nl",
    *,
    prompts_dir: Path = PROMPTS_DIR,
    llm: LLMSettings | None = None,
    on_unreachable: Callable[[str], None] | None = None,
    cancel: CancelFlag | None = None,
) -> Proposal:
    """Values for several of the step's fields from one free-text answer, validated, unwritten.

    `questions`: the step's questions (objects with `.field` and `.prompt`, dicts, or paths).
    Failures (server, timeout, malformed output) give an empty Proposal with one warning; one of
    a server that could not be reached or did not answer is also told to `on_unreachable`.
    `cancel` set (Escape) stops the wait: ModelCancelled.
    """
    llm = _settings_for(chat_model, llm)
    # step-9 judgements refer to requirement ids: they are judged one by one, not extracted
    specs = [
        s for s in _question_specs(questions)
        if rec.is_valid_path(s[0]) and not s[0].startswith("step9.judgements")
    ]
    if not specs:
        return Proposal()
    kind_word = {"list": "lijst", "text": "tekst", "choice": "keuze", "number": "getal", "bool": "ja/nee"} if lang != "en" else {}
    lines = []
    for path, prompt, example in specs:
        kind = rec.field_spec(path).kind
        current = rec.format_value(rec.get_field(record, path), lang).replace("\n", "; ")
        line = f"- {_schema_key(path)} ({kind_word.get(kind, kind)}): {defang(' '.join(prompt.split()))}"
        if example:
            line += f" | {'voorbeeld' if lang != 'en' else 'example'}: {defang(' '.join(example.split()))}"
        if current:
            line += f" | {'nu' if lang != 'en' else 'now'}: {defang(current)[:300]}"
        lines.append(line)
    try:
        template = load_template("extract", lang, prompts_dir)
        system, user = template.render(fields="\n".join(lines), answer=defang(answer.strip())[:_MAX_ANSWER_CHARS])
        schema = _step_answer_model([(p, pr) for p, pr, _ in specs])
        labels = {_schema_key(p): f"'{' '.join(pr.split())}'" for p, pr, _ in specs}
        filled = structured_call(chat_model, schema, _messages(system, user), llm, lang, cancel, labels)
    except (ExtractionError, PromptError) as exc:
        log.warning("record extraction failed: %s", exc)
        if on_unreachable is not None and unreachable(exc):
            on_unreachable(str(exc))
        return Proposal(warnings=[str(exc)])
    candidates = []
    for path, prompt, _example in specs:
        value = getattr(filled, _schema_key(path), None)
        if value is None or value == "" or value == []:
            continue
        candidates.append((path, prompt, _plain(value)))
    changes, warnings = _validated_changes(record, candidates, lang, draft=False)
    if not changes and not warnings:
        warnings.append(NOTHING_FOUND.get(lang, NOTHING_FOUND["nl"]))
    return Proposal(changes=changes, warnings=warnings)


def _record_context(record: rec.ProjectRecord, lang: str, upto_step: int) -> str:
    lines = []
    for name in ("project", *(f"step{n}" for n in range(upto_step + 1))):
        part = getattr(record, name)
        for field in type(part).model_fields:
            value = getattr(part, field)
            if _SKIP_FIELDS.match(field) or isinstance(value, datetime) or not rec.is_filled(value):
                continue
            shown = rec.format_value(value, lang)
            if isinstance(value, list):
                shown = "".join(f"\n  {i}. {line}" for i, line in enumerate(shown.splitlines(), start=1))
            lines.append(f"{name}.{field}: {shown}")
    return defang("\n".join(lines)) or "(leeg)"


def draft_suggestions(
    record: rec.ProjectRecord,
    target_field: str,
    chat_model: Any,
    lang: str = "nl",
    *,
    label: str | None = None,
    count: int = 5,
    prompts_dir: Path = PROMPTS_DIR,
    llm: LLMSettings | None = None,
    cancel: CancelFlag | None = None,
) -> Proposal:
    """"Stel voor": the model drafts new entries for a list field (e.g. step4.criteria from the
    step-3 requirements). Every change is marked draft; nothing is written until accepted."""
    llm = _settings_for(chat_model, llm)
    try:
        spec = rec.field_spec(target_field)
    except rec.FieldPathError as exc:
        return Proposal(draft=True, warnings=[exc.message(lang)])
    if spec.kind != "list" or spec.entry is None:
        return Proposal(draft=True, warnings=[_t("not_list", lang, path=target_field)])
    step = int(target_field.split(".")[0].removeprefix("step")) if target_field.startswith("step") else 10
    existing = rec.format_value(rec.get_field(record, target_field), lang)
    label = label or target_field
    try:
        template = load_template("draft", lang, prompts_dir)
        system, user = template.render(
            field=target_field,
            label=defang(label),
            context=_record_context(record, lang, step),
            existing=defang(existing) or "-",
            count=count,
        )
        filled = structured_call(chat_model, _draft_model(spec.entry), _messages(system, user), llm, lang, cancel,
                                 {"items": f"'{label}'"})
    except (ExtractionError, PromptError) as exc:
        log.warning("drafting failed: %s", exc)
        return Proposal(draft=True, warnings=[str(exc)])
    items = [_plain(item) for item in filled.items[: max(count, 0)]]
    changes, warnings = _validated_changes(record, [(target_field, label, items)], lang, draft=True)
    return Proposal(changes=changes, warnings=warnings, draft=True)


#: How long a model whose server did not answer is left alone before it is asked again.
MODEL_REST_S = 300.0


class ModelProposalMaker:
    """Proposals and drafts from one chat model (the plan's `ProposalMaker`).

    Give the model (tests: a langchain fake chat model), or the LLM settings to build it from
    on first use: building imports the client library, which is slow, and when it fails the
    reason is kept and said by :meth:`unusable` instead of raised.
    """

    def __init__(self, chat_model: BaseChatModel | None = None, *, llm: LLMSettings | None = None,
                 lang: str = "nl") -> None:
        self._chat_model = chat_model
        #: None for a model given as it is: its settings are read from the model itself
        self._llm = None if chat_model is not None else llm
        self._lang = lang
        self._error: str | None = None
        #: until when (monotonic) the model is not asked, and why: its server did not answer
        self._resting: tuple[float, str] | None = None

    @property
    def chat_model(self) -> BaseChatModel | None:
        """The chat model, once given or built."""
        return self._chat_model

    def _model(self) -> BaseChatModel | None:
        if self._chat_model is None and self._error is None and self._llm is not None:
            try:
                self._chat_model = build_chat_model(self._llm, lang=self._lang)
            except LLMConfigError as exc:
                self._error = str(exc) or type(exc).__name__
            except Exception as exc:  # noqa: BLE001 - a broken client library: no model, a reason
                self._error = f"{type(exc).__name__}: {exc}"
            if self._error is not None:
                log.warning("language model not usable in the conversation: %s", self._error)
        return self._chat_model

    def unusable(self) -> str | None:
        if self._model() is None:
            return self._error
        if self._resting is not None:
            until, reason = self._resting
            if (left := until - time.monotonic()) > 0:
                at = (datetime.now() + timedelta(seconds=left)).strftime("%H:%M")
                return f"{reason.rstrip('.')}; {message('resting', self._lang, time=at)}"
            self._resting = None
        return None

    def propose(self, record: rec.ProjectRecord, questions: Sequence[Question], answer: str, *,
                lang: str, cancel: CancelFlag | None = None) -> Proposal:
        return propose_values(record, questions, answer, self._require(), lang, llm=self._llm,
                              on_unreachable=self._rest, cancel=cancel)

    def _rest(self, reason: str) -> None:
        """Leave the model alone for MODEL_REST_S: a server that is down or does not answer was
        asked for every answer, each waiting a whole timeout (a minute) before it was stored as typed."""
        self._resting = (time.monotonic() + MODEL_REST_S, reason)

    def draft(self, record: rec.ProjectRecord, field: str, *, label: str, lang: str,
              cancel: CancelFlag | None = None) -> Proposal:
        return draft_suggestions(record, field, self._require(), lang, label=label, llm=self._llm, cancel=cancel)

    def _require(self) -> BaseChatModel:
        model = self._model()
        if model is None:
            raise LLMConfigError(self._error or "no language model")
        return model


__all__ = [
    "ExtractionError",
    "ModelProposalMaker",
    "Proposal",
    "ProposedChange",
    "apply_proposal",
    "draft_suggestions",
    "edit_change",
    "propose_values",
    "structured_call",
]
