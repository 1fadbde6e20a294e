"""Dense vectors: passages longer than the model reads are stored as windows, and the store
heals itself from vectors an older version or an interrupted build left behind."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.knowledge.dense import DenseIndex, LazyEmbedder, embedding_text, make_client
from assistant.knowledge.types import Chunk

FILLER = ("The contracting authority describes the need, consults the market, writes the tender documents, "
          "assesses the offers against the award criteria and signs the contract with the winning supplier. ")
TAIL = "Penguins live on the ice of Antarctica and dive deep into the cold sea to catch fish."


def chunk(cid: str, text: str, section: str = "Procurement") -> Chunk:
    return Chunk(cid, "doc", "Title", section, text, None, "doc.txt", 0)


@pytest.fixture
def index(tmp_path):
    return DenseIndex(make_client(tmp_path / "chroma", None), LazyEmbedder())


def test_a_long_passage_is_embedded_in_windows_the_model_reads_whole(index):
    long = chunk("long", FILLER * 12 + TAIL)
    short = chunk("short", FILLER)
    budget = index.embedder.token_budget()
    assert index.embedder.count_tokens(long.text) > budget  # the model alone would cut the tail off

    windows = index.windows(long)
    assert len(windows) > 1
    assert all(index.embedder.count_tokens(w) <= budget for w in windows)
    assert all(w.startswith("Procurement. ") for w in windows)  # each window keeps its heading
    assert TAIL in windows[-1]

    assert index.sync([long, short]) == 2
    assert index.ids() == {"long", "short"}
    stored = index.collection.get(include=["metadatas"])
    assert len(stored["ids"]) == len(windows) + 1
    # the sentence at the end of the long passage is found: it was not truncated away
    question = "Where do penguins live and what do they eat?"
    similarity = index.similarities(question, ("long", "short"))
    query = np.asarray(index.embedder.embed_query(question))
    truncated = float(np.asarray(index.embedder.embed_documents([embedding_text(long)])[0]) @ query)
    assert similarity[0] > similarity[1] + 0.1
    assert similarity[0] > truncated + 0.1


def test_vectors_of_an_older_version_or_an_interrupted_build_are_replaced(index):
    a, b, c = chunk("a", FILLER), chunk("b", FILLER * 12 + TAIL), chunk("c", TAIL)
    vector = index.embedder.embed_query("anything")
    # one vector per passage without window metadata (older version), half the windows of b,
    # and a passage that no longer exists
    index.collection.upsert(ids=["a"], embeddings=[vector], metadatas=[{"doc": "doc"}])
    index.collection.upsert(ids=["b#0"], embeddings=[vector], metadatas=[{"chunk": "b", "windows": 3}])
    index.collection.upsert(ids=["gone#0"], embeddings=[vector], metadatas=[{"chunk": "gone", "windows": 1}])
    assert index.ids() == {"gone"}

    assert index.sync([a, b, c]) == 3
    stored = index.collection.get(include=["metadatas"])
    chunks = {m["chunk"] for m in stored["metadatas"]}
    assert chunks == {"a", "b", "c"} and "a" not in stored["ids"] and "gone#0" not in stored["ids"]
    assert sum(1 for m in stored["metadatas"] if m["chunk"] == "b") == len(index.windows(b))
    assert index.sync([a, b, c]) == 0  # complete now: nothing to do


def test_a_passage_without_vectors_is_reported_not_scored(index):
    from assistant.knowledge.dense import DenseError

    index.sync([chunk("a", FILLER)])
    with pytest.raises(DenseError):
        index.similarities("tender", ("a", "not-embedded"))
