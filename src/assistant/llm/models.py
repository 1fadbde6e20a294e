"""Chat models from the user's LLM settings, and one-line explanations of what went wrong.

`langchain_openai` and `langchain_ollama` are optional (`pip install '.[llm]'`) and imported
only here, only when a provider is configured. The API key travels from the settings straight
into the client as a secret: it is never logged, never put in a message, never stored.
"""

from __future__ import annotations

import json
import logging
import re
import socket
import threading
import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

from pydantic import ValidationError

from assistant.core.i18n import catalog
from assistant.core.settings import setting_origin
from assistant.core.settings_file import config_path
from assistant.core.textsafe import strip_escapes

if TYPE_CHECKING:  # pragma: no cover
    from langchain_core.language_models import BaseChatModel

    from assistant.core.settings import LLMSettings
    from assistant.plan.ports import CancelFlag

log = logging.getLogger(__name__)
T = TypeVar("T")

#: Retries on transient errors (connection reset, 5xx): one, so a dead server fails fast.
MAX_RETRIES = 1
#: Placeholder key for OpenAI-compatible servers without authentication (vLLM, llama.cpp,
#: LM Studio): the client insists on some key, and we never fall back to OPENAI_API_KEY,
#: which must not leak to a server the user did not mean it for.
NO_KEY = "no-key"


class LLMConfigError(Exception):
    """The LLM settings cannot produce a chat model (missing extra, model name, key)."""


class StreamStalled(TimeoutError):
    """No token arrived from a streaming model within `seconds`."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"no token for {seconds:g} s")
        self.seconds = seconds


class ModelTimeout(TimeoutError):
    """A call to the model did not return within `seconds` in all, retries included."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"no reply within {seconds:g} s")
        self.seconds = seconds


class ModelCancelled(Exception):
    """The user stopped the wait for the model (Escape)."""


#: How often a wait for the model looks whether the user stopped it.
CANCEL_CHECK_S = 0.1


def call_within(seconds: float, function: Callable[..., T], *args: Any, cancel: CancelFlag | None = None) -> T:
    """`function(*args)`, waited for at most `seconds` in all: the HTTP client's own timeout
    is per attempt and it retries after one (MAX_RETRIES), so it alone can take twice as long
    as the timeout the user set and our messages name. Raises ModelTimeout, or ModelCancelled
    once `cancel` is set (the call itself is left to end in its daemon thread)."""
    result: list[Any] = []
    failure: list[BaseException] = []

    def call() -> None:
        try:
            result.append(function(*args))
        except BaseException as exc:  # noqa: BLE001 - raised again on the calling thread
            failure.append(exc)

    worker = threading.Thread(target=call, name="llm-call", daemon=True)
    worker.start()
    deadline = time.monotonic() + seconds
    while worker.is_alive() and (left := deadline - time.monotonic()) > 0:
        if cancel is not None and cancel.is_set():
            raise ModelCancelled()
        worker.join(min(left, CANCEL_CHECK_S) if cancel is not None else left)
    if failure:
        raise failure[0]
    if not result:
        raise ModelTimeout(seconds)
    return result[0]


class StreamTruncated(ConnectionError):
    """The stream ended without the server's end marker (finish reason): the reply was cut off."""


_MESSAGES = catalog("llm.models")


def message(key: str, lang: str = "nl", **values: Any) -> str:
    return _MESSAGES.text(key, lang, **values)


def _import(module: str, package: str, lang: str) -> Any:
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise LLMConfigError(message("no_extra", lang, package=package)) from exc


def _import_httpx_whole() -> None:
    """Import httpx (not the openai client's own httpx2) before the client makes a request.
    On each request openai reads the attributes of an httpx it finds in sys.modules
    (openai._httpx2): while the thread that loads the vectors was still importing it (chromadb),
    the request found it half made and failed ("partially initialized module 'httpx'"), so the
    model was unusable. Imported here, this waits for that thread's import or does it whole."""
    try:
        import httpx  # noqa: F401
    except ImportError:  # not installed: nothing else imports it either
        pass


def build_chat_model(llm: LLMSettings, *, lang: str = "nl") -> BaseChatModel:
    """A langchain chat model for `llm` (provider ollama or openai).

    Raises LLMConfigError with a one-line, user-facing reason when that is not possible.
    Timeouts come from `llm.timeout_s`; retries are kept to MAX_RETRIES.
    """
    if llm.provider == "none":
        raise LLMConfigError("No LLM provider configured." if lang == "en" else "Geen taalmodel ingesteld.")
    if not llm.model:
        raise LLMConfigError(message("no_model", lang))
    if llm.base_url and not _valid_url(llm.base_url):
        shown = re.sub(r"//[^/@]*@", "//***@", llm.base_url)  # no user:password in a message
        raise LLMConfigError(redact(message("bad_url", lang, url=shown), llm, limit=None))
    if llm.provider == "openai":
        module = _import("langchain_openai", "langchain-openai", lang)
        _import_httpx_whole()
        key = llm.api_key.get_secret_value() if llm.api_key else ""
        if not key and not llm.base_url:
            raise LLMConfigError(message("no_key", lang))
        kwargs: dict[str, Any] = {}
        if llm.base_url:
            kwargs["base_url"] = llm.base_url
        return module.ChatOpenAI(
            model=llm.model,
            api_key=key or NO_KEY,
            temperature=llm.temperature,
            timeout=llm.timeout_s,
            max_retries=MAX_RETRIES,
            # Usage statistics in the stream (`stream_options`) are refused by some
            # OpenAI-compatible servers; we do not need them.
            stream_usage=False,
            **kwargs,
        )
    if llm.provider == "ollama":
        module = _import("langchain_ollama", "langchain-ollama", lang)
        # Ollama has no authentication; an API key, if set, is not sent anywhere.
        return module.ChatOllama(
            model=llm.model,
            base_url=llm.base_url or None,
            temperature=llm.temperature,
            client_kwargs={"timeout": llm.timeout_s},
        )
    raise LLMConfigError(f"Unknown LLM provider: {llm.provider!r}")  # pragma: no cover (settings validate)


def settings_for_model(chat_model: BaseChatModel) -> LLMSettings:
    """LLMSettings describing an already built chat model (for messages), key left out."""
    from assistant.core.settings import LLMSettings

    name = getattr(chat_model, "model_name", None) or getattr(chat_model, "model", None)
    provider = "ollama" if "ollama" in type(chat_model).__name__.lower() else "openai"
    base_url = getattr(chat_model, "openai_api_base", None) or getattr(chat_model, "base_url", None)
    timeout = getattr(chat_model, "request_timeout", None)
    return LLMSettings(
        provider=provider,
        model=str(name or type(chat_model).__name__),
        base_url=base_url if isinstance(base_url, str) else None,
        timeout_s=float(timeout) if isinstance(timeout, (int, float)) else 60.0,
    )


def _valid_url(url: str) -> bool:
    """An http(s) address with a host and, if any, a valid port. Without "http://" it is none:
    "foo", read as the host foo, was reported as a server that refused the connection."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return False
    # a host name or address: "not a url" passed as the host "not a url", and was reported as a
    # server that refused the connection
    return parts.scheme in ("http", "https") and bool(re.fullmatch(r"[A-Za-z0-9._:%-]+", parts.hostname or ""))


def _host(url: str) -> str:
    return urlsplit(url if "://" in url else f"http://{url}").hostname or "?"


def display_url(llm: LLMSettings) -> str:
    """The server's URL for messages, without any user:password part."""
    url = llm.base_url or ("https://api.openai.com/v1" if llm.provider == "openai" else "http://localhost:11434")
    if not _valid_url(url):
        return strip_escapes(url)
    parts = urlsplit(url)
    if parts.username or parts.password:
        host = parts.hostname or ""
        if parts.port:
            host = f"{host}:{parts.port}"
        parts = parts._replace(netloc=host)
    return urlunsplit(parts)


def redact(text: str, llm: LLMSettings | None, *, limit: int | None = 200) -> str:
    """`text` on one line, shortened to `limit` (None: not shortened, for our own messages, whose
    advice was cut off mid-word), with the API key (and Bearer tokens) blanked out, and without
    escape sequences (a server's error text goes to the terminal)."""
    text = strip_escapes(text)
    if llm is not None and llm.api_key:
        key = llm.api_key.get_secret_value()
        if key:
            text = text.replace(key, "***")
            if len(key) >= 8:  # servers echo keys partially, e.g. "sk-abc1…wxyz"
                text = text.replace(key[:8], "***")
    text = re.sub(r"(?i)(bearer\s+)\S+", r"\1***", text)
    text = re.sub(r"\bsk-[A-Za-z0-9_\-*]{4,}", "sk-***", text)
    text = " ".join(text.split())
    return text if limit is None or len(text) <= limit else text[: limit - 3] + "..."


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen and len(seen) < 10:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def _status(exc: BaseException) -> int | None:
    """The HTTP error status an exception carries (>= 400), if any."""
    status = getattr(exc, "status_code", None)
    if not isinstance(status, int):
        status = getattr(getattr(exc, "response", None), "status_code", None)
    return status if isinstance(status, int) and status >= 400 else None


def _first_failure(exc: BaseException, *, broken_json: bool = False) -> json.JSONDecodeError | Mapping[str, Any] | None:
    """The first failing field (errors()[0]) of the first pydantic ValidationError in the
    exception's chain, or, with `broken_json`, a JSONDecodeError that comes before it; None when
    there is neither, or pydantic cannot list the fields."""
    for e in _chain(exc):
        if broken_json and isinstance(e, json.JSONDecodeError):
            return e
        if isinstance(e, ValidationError):
            try:
                return e.errors()[0]
            except Exception:  # noqa: BLE001
                return None
    return None


def short_error(exc: BaseException) -> str:
    """The first useful line of an error; for pydantic, the first failing field and why."""
    if (first := _first_failure(exc)) is not None:
        where = ".".join(str(p) for p in first.get("loc", ())).replace("__", ".")
        return f"{where}: {first.get('msg', '')}" if where else str(first.get("msg", ""))
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


#: pydantic's error types -> what was expected, as a key of this area's messages
_EXPECTED = {
    **dict.fromkeys(("list_type", "tuple_type", "set_type", "iterable_type"), "expected_list"),
    **dict.fromkeys(("dict_type", "model_type", "model_attributes_type", "dataclass_type"), "expected_object"),
    **dict.fromkeys(("string_type", "string_sub_type"), "expected_text"),
    **dict.fromkeys(("int_type", "int_parsing", "int_from_float"), "expected_whole_number"),
    **dict.fromkeys(("float_type", "float_parsing", "decimal_type", "decimal_parsing"), "expected_number"),
    **dict.fromkeys(("bool_type", "bool_parsing"), "expected_yes_no"),
    **dict.fromkeys(("enum", "literal_error"), "expected_one_of"),
    "less_than_equal": "expected_at_most",
    "greater_than_equal": "expected_at_least",
    "missing": "expected_present",
}
_LINE_COLUMN = re.compile(r"line (\d+) column (\d+)")


def _field_words(loc: tuple[Any, ...], lang: str, labels: dict[str, str]) -> str:
    """Where in the output a value failed, in words: a field's label where `labels` has one
    (keyed by the schema's field names), an entry's number counted from 1, else the name."""
    words = ""
    for part in loc:
        if isinstance(part, int):
            words = message("entry_number", lang, field=words or message("whole_answer", lang), number=part + 1)
        else:
            name = labels.get(str(part)) or str(part).replace("__", ".")
            words = f"{words}, {name}" if words else name
    return words or message("whole_answer", lang)


def readable_error(exc: BaseException, lang: str = "nl", labels: dict[str, str] | None = None) -> str:
    """What was wrong with a model's output, in `lang`: where JSON broke off, or which field
    held what kind of value it should not. Other errors: their first line, as short_error."""
    labels = {"items": message("drafted_items", lang), **(labels or {})}
    first = _first_failure(exc, broken_json=True)
    if isinstance(first, json.JSONDecodeError):
        return message("bad_json", lang, line=first.lineno, column=first.colno)
    if first is None:
        return short_error(exc)
    kind, ctx = first.get("type", ""), first.get("ctx") or {}
    if kind == "json_invalid":
        found = _LINE_COLUMN.search(str(ctx.get("error", first.get("msg", ""))))
        if found:
            return message("bad_json", lang, line=found.group(1), column=found.group(2))
        return message("not_json", lang)
    key = _EXPECTED.get(kind, "expected_other")
    options = re.sub(r" or (?=\S+$)", " of " if lang != "en" else " or ", str(ctx.get("expected", "")))
    limit = ctx.get("le", ctx.get("ge", ""))
    return message("bad_value", lang, field=_field_words(tuple(first.get("loc", ())), lang, labels),
                   expected=message(key, lang, options=options, limit=limit))


def _server_detail(exc: BaseException) -> str:
    body = getattr(exc, "body", None)
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict) and inner.get("message"):
            return str(inner["message"])
        if isinstance(inner, str):
            return inner
    error = getattr(exc, "error", None)  # ollama.ResponseError
    if isinstance(error, str) and error:
        return error
    return str(exc) or type(exc).__name__


#: Exception names (by their libraries) of a server that could not be reached or did not answer.
_TIMEOUT_NAMES = frozenset({"APITimeoutError"})
_CONNECT_NAMES = frozenset({"APIConnectionError", "ConnectError", "ConnectionRefusedError", "ConnectionError"})


def _timed_out(chain: list[BaseException]) -> bool:
    return bool({type(e).__name__ for e in chain} & _TIMEOUT_NAMES) or any(
        isinstance(e, TimeoutError) or "Timeout" in type(e).__name__ for e in chain)


def _not_reached(chain: list[BaseException]) -> bool:
    return bool({type(e).__name__ for e in chain} & _CONNECT_NAMES) or any(
        isinstance(e, ConnectionError) for e in chain)


def unreachable(exc: BaseException) -> bool:
    """Whether `exc` (or what caused it) says the model's server could not be reached or did not
    answer in time, rather than that it answered wrongly."""
    chain = _chain(exc)
    if any(_status(e) is not None for e in chain):
        return False  # it answered: with an error status
    return _timed_out(chain) or _not_reached(chain)


def not_streamed(exc: BaseException) -> bool:
    """Whether a stream request got a reply without a single chunk: a server that does not
    stream, broken JSON, a proxy's HTML page. Asked again without streaming, it says which."""
    return any(isinstance(e, ValueError) and "No generation chunks" in str(e) for e in _chain(exc))


def _path_not_found(exc: BaseException, llm: LLMSettings) -> bool:
    """Whether a 404 is for the address rather than the model: an OpenAI-compatible server's
    address ends in /v1 (without it every request 404s), and a missing model is said in a JSON
    error, not in a bare page."""
    if llm.provider != "openai" or not llm.base_url:
        return False
    if not urlsplit(llm.base_url).path.rstrip("/").endswith("/v1"):
        return True
    return not isinstance(getattr(exc, "body", None), dict)


def _key_origin(lang: str) -> str:
    """Where the API key came from: its environment variable, else the settings file."""

    path = config_path()
    origin = setting_origin(("llm", "api_key"), path)
    return origin if origin != str(path) else message("key_in_file", lang, path=path)


def describe_error(exc: BaseException, llm: LLMSettings, lang: str = "nl") -> str:
    """One line for the user that says what failed talking to the model, without secrets."""
    values = {
        "model": llm.model or "?",
        "url": display_url(llm),
        "timeout": float(llm.timeout_s),
    }
    chain = _chain(exc)
    names = {type(e).__name__ for e in chain}
    modules = {type(e).__module__.split(".")[0] for e in chain}

    def say(key: str, **extra: Any) -> str:
        return redact(message(key, lang, **{**values, **extra}), llm, limit=None)  # details are cut already

    if isinstance(exc, LLMConfigError):
        return redact(str(exc), llm, limit=None)
    if isinstance(exc, ModelTimeout):
        return say("timeout", timeout=exc.seconds)
    if isinstance(exc, StreamStalled):
        return say("stalled", timeout=exc.seconds)
    if isinstance(exc, StreamTruncated):
        return say("broken")
    for e in chain:
        status = _status(e)
        if status is None:
            continue
        if status == 404:
            return say("not_found_path" if _path_not_found(e, llm) else "not_found")
        if status in (401, 403):
            if not llm.api_key:
                return say("auth_no_key", status=status, path=config_path())
            return say("auth", status=status, where=_key_origin(lang))
        if status == 429:
            return say("rate")
        return say("status", status=status, detail=redact(_server_detail(e), llm))
    if any(isinstance(e, ValueError) and "Unexpected response type" in str(e) for e in chain):
        return say("not_openai")  # the client's words for a reply that is no JSON object (an HTML page)
    if not_streamed(exc):
        return say("empty")  # the server answered a stream request with no stream at all
    if _timed_out(chain):
        return say("timeout")
    if names & {"RemoteProtocolError", "ReadError", "IncompleteRead", "ChunkedEncodingError"}:
        return say("broken")
    if any(isinstance(e, socket.gaierror) for e in chain):
        # a name no server answers to ("niet-een-url"): not "refused or server down"
        return say("unknown_host", host=_host(values["url"]))
    if _not_reached(chain):
        return say("connect")
    if any(isinstance(e, json.JSONDecodeError) for e in chain) or names & {
        "APIResponseValidationError",
        "OutputParserException",
        "ValidationError",
    }:
        log.info("unreadable model output: %s", short_error(exc))
        return say("malformed", detail=redact(readable_error(exc, lang), llm))
    if "httpx" in modules:
        return say("connect")
    log.debug("unclassified LLM error: %s", type(exc).__name__)
    return say("other", detail=redact(f"{type(exc).__name__}: {short_error(exc)}", llm))
