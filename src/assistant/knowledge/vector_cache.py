"""Write the default model's vectors of the shipped corpus's windows into the package
(`python -m assistant.knowledge.vector_cache`, or `make vectors`), so a first start does not
spend minutes embedding them. Run it after a change to cleaning, chunking or the windows: the
cache is looked up by each window's text, so until then the changed windows are embedded at
index time, and nothing is ever wrong, only slower."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import numpy as np

from assistant.knowledge.base import KnowledgeBase
from assistant.knowledge.dense import E5Embedder, VectorCache, model_tail, passage_windows
from assistant.core.resources import VECTORS_DIR
from assistant.core.settings import DEFAULT_EMBEDDING_MODEL, Settings

TARGET = VECTORS_DIR / f"{model_tail(DEFAULT_EMBEDDING_MODEL)}.npz"


def main() -> int:
    with tempfile.TemporaryDirectory() as home:
        kb = KnowledgeBase(Settings(data_dir=Path(home)))
        kb.ensure_index(dense=False)
        texts = sorted({text for chunk in kb.chunks for text in passage_windows(chunk)})
    # windows the cache already has keep their vectors: only changed ones are embedded
    shipped = VectorCache.shipped(DEFAULT_EMBEDDING_MODEL)
    known = shipped.lookup(texts) if shipped is not None else [None] * len(texts)
    todo = [i for i, vector in enumerate(known) if vector is None]
    print(f"{len(texts)} windows of {len(kb.chunks)} passages: embedding {len(todo)}…", file=sys.stderr)
    # the engine's own vectors, as queries are embedded: the torch bulk path is 0.9998 close, not equal
    for i, vector in zip(todo, E5Embedder().embed_documents([texts[i] for i in todo], engine_only=True)):
        known[i] = vector
    vectors = np.asarray(known, dtype=np.float16)
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(TARGET, digests=np.asarray([VectorCache.digest(t) for t in texts]), vectors=vectors)
    print(f"written {TARGET} ({TARGET.stat().st_size // 1024} KiB)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
