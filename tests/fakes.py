"""The stand-ins the tests share, for what cannot run here or would be slow: fake chat models
that record what they were sent, a local stand-in for an OpenAI-compatible server (real HTTP on
127.0.0.1, SSE streaming), a knowledge base over one small document (lexical only, built in about
a second), and a stand-in knowledge base with one fixed, cited answer for the app's tests."""

from __future__ import annotations

import json
import socket
import sys
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from langchain_core.language_models.fake_chat_models import FakeListChatModel, GenericFakeChatModel

from assistant.core.settings import Settings
from assistant.knowledge.base import KnowledgeBase
from assistant.knowledge.types import Answer, Chunk, Citation, Passage, Retrieval


class RecordingFakeChatModel(GenericFakeChatModel):
    """GenericFakeChatModel (streams word by word) that remembers the messages it was sent."""

    seen: list[list[Any]] = []

    def _generate(self, messages, stop=None, run_manager=None, **kwargs):  # type: ignore[override]
        self.seen.append(list(messages))
        return super()._generate(messages, stop=stop, run_manager=run_manager, **kwargs)


def recording_model(*replies: str) -> RecordingFakeChatModel:
    return RecordingFakeChatModel(messages=iter(replies), seen=[])


def slow_model(reply: str, sleep: float, error_on_chunk: int | None = None) -> FakeListChatModel:
    """Streams `reply` one character at a time, `sleep` seconds apart."""
    return FakeListChatModel(responses=[reply], sleep=sleep, error_on_chunk_number=error_on_chunk)


# --- stand-in OpenAI-compatible server -----------------------------------------------------------

Behaviour = Callable[["StandInHandler", dict], None]


class StandInHandler(BaseHTTPRequestHandler):
    server: "StandInServer"
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - keep test output quiet
        pass

    # helpers used by behaviours
    def send_json(self, status: int, payload: dict) -> None:
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def start_sse(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True

    def send_event(self, data: dict | str) -> None:
        text = data if isinstance(data, str) else json.dumps(data)
        self.wfile.write(f"data: {text}\n\n".encode())
        self.wfile.flush()

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        try:
            body = json.loads(raw or b"{}")
        except json.JSONDecodeError:
            body = {"_raw": raw.decode(errors="replace")}
        headers = {k.lower(): v for k, v in self.headers.items()}
        self.server.requests.append({"path": self.path, "headers": headers, "body": body})
        if not self.path.endswith(("/chat/completions", "/api/chat")):
            self.send_json(404, {"error": {"message": f"no route {self.path}", "type": "invalid_request_error"}})
            return
        self.server.behaviour(self, body)


def chunk(content: str | None = None, *, model: str = "stand-in", finish: str | None = None) -> dict:
    delta: dict[str, Any] = {}
    if content is not None:
        delta = {"role": "assistant", "content": content}
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }


def completion(message: dict, *, model: str = "stand-in") -> dict:
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "message": {"role": "assistant", **message}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


def stream_reply(tokens: list[str], *, stop_after: int | None = None, delay: float = 0.0) -> Behaviour:
    """A behaviour that streams `tokens` as SSE chunks (or plain JSON when stream is false).

    `stop_after`: drop the connection after that many tokens, without [DONE].
    """

    def behave(handler: StandInHandler, body: dict) -> None:
        model = body.get("model", "stand-in")
        if not body.get("stream"):
            handler.send_json(200, completion({"content": "".join(tokens)}, model=model))
            return
        handler.start_sse()
        for i, token in enumerate(tokens):
            if stop_after is not None and i >= stop_after:
                handler.wfile.flush()
                handler.connection.shutdown(socket.SHUT_RDWR)
                return
            handler.send_event(chunk(token, model=model))
            if delay:
                time.sleep(delay)
        handler.send_event(chunk(None, model=model, finish="stop"))
        handler.send_event("[DONE]")

    return behave


def ollama_reply(tokens: list[str], *, model: str = "stand-in", stop_after: int | None = None) -> Behaviour:
    """Ollama's /api/chat: newline-delimited JSON, the last line `done: true`.

    `stop_after`: close the connection after that many tokens, without the final line.
    """

    def behave(handler: StandInHandler, body: dict) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/x-ndjson")
        handler.send_header("Connection", "close")
        handler.end_headers()
        handler.close_connection = True
        stamp = "2026-01-01T00:00:00Z"
        for i, token in enumerate(tokens):
            if stop_after is not None and i >= stop_after:
                return
            line = {"model": model, "created_at": stamp, "message": {"role": "assistant", "content": token}, "done": False}
            handler.wfile.write((json.dumps(line) + "\n").encode())
            handler.wfile.flush()
        last = {"model": model, "created_at": stamp, "message": {"role": "assistant", "content": ""},
                "done": True, "done_reason": "stop"}
        handler.wfile.write((json.dumps(last) + "\n").encode())

    return behave


class StandInServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, behaviour: Behaviour) -> None:
        super().__init__(("127.0.0.1", 0), StandInHandler)
        self.behaviour = behaviour
        self.requests: list[dict] = []
        self._thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def root_url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def base_url(self) -> str:
        """The OpenAI-style base URL (…/v1)."""
        return f"{self.root_url}/v1"

    def handle_error(self, request: Any, client_address: Any) -> None:
        # a client that hangs up before the reply is written (the app gives up on a 404) is no
        # fault of the stand-in, and its traceback on stderr failed tests that read stderr
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)

    def __enter__(self) -> "StandInServer":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()
        self.server_close()


class SilentServer:
    """A loopback server that accepts every connection and never replies: a service that hangs."""

    def __init__(self) -> None:
        self._socket = socket.create_server(("127.0.0.1", 0))
        self._socket.settimeout(0.05)
        host, port = self._socket.getsockname()[:2]
        self.root_url = f"http://{host}:{port}"
        self._held: list[socket.socket] = []
        self.connected = threading.Event()  # set once a client has connected
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)

    @property
    def base_url(self) -> str:
        """The OpenAI-style base URL (…/v1)."""
        return f"{self.root_url}/v1"

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self._socket.accept()
            except TimeoutError:
                continue
            self._held.append(connection)
            self.connected.set()

    def __enter__(self) -> "SilentServer":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        for connection in self._held:
            connection.close()
        self._socket.close()


def closed_port() -> int:
    """A loopback port with nothing listening on it."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ToolCallingFakeChatModel(RecordingFakeChatModel):
    """A fake that supports `with_structured_output` (tool calling): give it AIMessages whose
    `tool_calls` carry the structured reply."""

    def bind_tools(self, tools, **kwargs):  # type: ignore[override]
        self.bound_tools = tools
        return self

    bound_tools: list = []


def tool_reply(name: str, args: dict) -> Any:
    from langchain_core.messages import AIMessage

    return AIMessage(content="", tool_calls=[{"name": name, "args": args, "id": "call_1"}])


def tool_model(*replies: Any) -> ToolCallingFakeChatModel:
    return ToolCallingFakeChatModel(messages=iter(replies), seen=[])


# --- a small knowledge base ---------------------------------------------------------------------

QUESTION = "Wat zijn minimale eisen aan de oplossing?"
EISEN = (
    "Minimale eisen aan de oplossing\n\n"
    "Beperk de eisen aan de oplossing tot wat echt nodig is. Eisen die na het ontwikkeltraject niet "
    "meer te wijzigen zijn, horen in het programma van eisen. Orden de eisen naar behoefte en "
    "randvoorwaarden. Meer informatie staat op https://www.pianoo.nl/eisen.\n"
)


def build_small_kb(root: Path) -> KnowledgeBase:
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "eisen.txt").write_text(EISEN, encoding="utf-8")
    base = KnowledgeBase(Settings(data_dir=root / "data", use_default_corpus=False), folders=[Path(corpus)])
    base.ensure_index(dense=False)
    assert base.retrieve(QUESTION, k=3).found
    return base


# --- a stand-in knowledge base for the app ---------------------------------------------------------
class FakeKB:
    """A tiny stand-in for the knowledge base: one fixed, cited answer; no index, no model."""

    dense_ready = True
    dense_error = None
    read_only = False  # the index folder can be written

    def __init__(self) -> None:
        self.questions: list[str] = []

    def writable_again(self) -> bool:
        return not self.read_only

    def dense_error_in(self, lang: str) -> str | None:
        return self.dense_error

    @property
    def meaning_works(self) -> bool:
        return self.dense_ready

    #: what the extractive answerer reads to choose a step's quote: no word weights
    lexical = None

    def ask(self, question: str, *, k: int = 5, lang: str = "nl", on_token=None, cancel=None) -> Answer:
        self.questions.append(question)
        passage = self._passage()
        return Answer(question, True, "Beperk de eisen tot wat echt nodig is [1].",
                      [Citation(1, passage, "Beperk uzelf enkel tot díe eisen die echt nodig zijn.")],
                      [passage])

    @staticmethod
    def _passage() -> Passage:
        chunk = Chunk("c1", "000_test", "Handreiking [b]digitale[/b] innovaties",
                      "Stap 3: Beschrijf de minimale eisen",
                      "Beperk uzelf enkel tot díe eisen die echt nodig zijn.", step=3)
        return Passage(chunk, 1, 0.9)

    def retrieve(self, question: str, k: int = 10) -> Retrieval:
        """Its one passage, for every search (a step's quote)."""
        return Retrieval(question, [self._passage()], True)

    def concepts(self, text: str) -> list:
        return []

    def following(self, chunk: Chunk) -> Chunk | None:
        return None

    def preceding(self, chunk: Chunk) -> Chunk | None:
        return None

    def window_closeness(self, text: str, chunk: Chunk) -> list[float]:
        return []

    def step_openings(self) -> list[Chunk]:
        return []

    def load_dense(self, progress=None, report=None, notice=None) -> int:
        return 0

    def prepare_spelling(self) -> None:
        pass
