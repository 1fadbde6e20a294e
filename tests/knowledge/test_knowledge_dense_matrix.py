"""The matrix of window vectors a dense search scores (issue 26): read from the store page by
page (the same matrix and passages as one read of everything), and for a local store kept as a
file beside it that is used only while it holds exactly the store's windows."""

import numpy as np
import pytest

from assistant.core.settings import DEFAULT_EMBEDDING_MODEL
from assistant.knowledge.dense import DenseIndex, LazyEmbedder, MatrixCache, VectorCache, make_client, read_vectors
from assistant.knowledge.text import meaning_text

QUESTION = "Wanneer doe je een marktconsultatie?"


def shipped_vectors(count: int) -> np.ndarray:
    cache = VectorCache.shipped(DEFAULT_EMBEDDING_MODEL)
    assert cache is not None
    return np.asarray(cache._vectors[:count], dtype=np.float32)


def windows(chunks: int, per_chunk: int = 3, first: int = 0) -> tuple[list[str], list[dict], list[str]]:
    """Window ids and metadatas as DenseIndex.sync writes them, and the passages' ids."""
    chunk_ids = [f"doc-{first + n:04d}" for n in range(chunks)]
    ids = [f"{c}:{w}" for c in chunk_ids for w in range(per_chunk)]
    metas = [{"chunk": c, "doc": "doc", "section": "", "step": -1} for c in chunk_ids for _ in range(per_chunk)]
    return ids, metas, chunk_ids


@pytest.fixture(scope="module")
def embedder():
    return LazyEmbedder(DEFAULT_EMBEDDING_MODEL)


def filled(folder, embedder, chunks=70, *, matrix_dir=None) -> tuple[DenseIndex, list[str]]:
    """A local store with real window vectors (the shipped ones) of `chunks` passages."""
    index = DenseIndex(make_client(folder, None), embedder, matrix_dir=matrix_dir)
    ids, metas, chunk_ids = windows(chunks)
    index.collection.add(ids=ids, embeddings=shipped_vectors(len(ids)), metadatas=metas)
    return index, chunk_ids


def one_read(index: DenseIndex, chunk_ids) -> tuple[np.ndarray, np.ndarray]:
    """The scores and owners as the old single read made them: every vector and metadata at once."""
    stored = index.collection.get(include=["embeddings", "metadatas"])
    position = {c: n for n, c in enumerate(chunk_ids)}
    owners = np.asarray([position[m["chunk"]] for m in stored["metadatas"]])
    matrix = np.asarray(stored["embeddings"], dtype=np.float32)
    return matrix @ np.asarray(index.embedder.embed_query(meaning_text(QUESTION)), dtype=np.float32), owners


@pytest.mark.parametrize("page", [1, 7, 42, 210, 5000])  # 210 windows: pages that divide it, and not
def test_reading_page_by_page_gives_the_matrix_of_one_read(tmp_path, embedder, page):
    index, _ = filled(tmp_path / "chroma", embedder)
    whole = index.collection.get(include=["embeddings"])
    ids, matrix = read_vectors(index.collection, page=page)
    assert ids == whole["ids"]
    assert matrix.dtype == np.float32 and matrix.shape == (210, 384)
    assert np.array_equal(matrix, np.asarray(whole["embeddings"], dtype=np.float32))


def test_an_empty_store_reads_as_no_windows(tmp_path, embedder):
    index = DenseIndex(make_client(tmp_path / "chroma", None), embedder)
    assert read_vectors(index.collection)[0] == []
    scores, owners = index.window_similarities(QUESTION, ("doc-0000",))
    assert len(scores) == 0 and len(owners) == 0


def test_scores_and_passages_are_those_of_one_read(tmp_path, embedder, monkeypatch):
    monkeypatch.setattr("assistant.knowledge.dense.READ_PAGE", 16)
    index, chunk_ids = filled(tmp_path / "chroma", embedder)
    ids = tuple(chunk_ids)
    scores, owners = index.window_similarities(QUESTION, ids)
    expected_scores, expected_owners = one_read(index, chunk_ids)
    assert np.array_equal(owners, expected_owners)
    assert np.allclose(scores, expected_scores, atol=1e-6)
    # each passage's windows, in window order
    assert index.passage_window_similarities(QUESTION, ids, 5) == pytest.approx(
        [float(s) for s in expected_scores[expected_owners == 5]], abs=1e-6)


def test_a_question_is_read_alike_with_or_without_its_question_mark(tmp_path, embedder):
    # the model read "…?" and "…" apart: an off-topic question was covered without its mark
    index, chunk_ids = filled(tmp_path / "chroma", embedder)
    ids = tuple(chunk_ids)
    with_mark = np.array(index.window_similarities(QUESTION, ids)[0])
    without = np.array(index.window_similarities(QUESTION.rstrip("?"), ids)[0])
    spaced = np.array(index.window_similarities(QUESTION.replace("?", " ?! "), ids)[0])
    assert np.allclose(with_mark, without, atol=1e-6) and np.allclose(with_mark, spaced, atol=1e-6)
    as_typed = matrix_scores(index, QUESTION)
    assert not np.allclose(with_mark, as_typed, atol=1e-4)  # the mark does move the model's vector


def matrix_scores(index: DenseIndex, question: str) -> np.ndarray:
    stored = index.collection.get(include=["embeddings"])
    matrix = np.asarray(stored["embeddings"], dtype=np.float32)
    return matrix @ np.asarray(index.embedder.embed_query(question), dtype=np.float32)


@pytest.mark.parametrize("question, read", [("Wat is SBIR?", "Wat is SBIR"), ("what is sbir", "what is sbir"),
                                            ("Wat is SBIR ?! ", "Wat is SBIR"), ("Hoe zit het met v1.0?", "Hoe zit het met v1.0"),
                                            ("Waarom…", "Waarom"), ("?", "?")])
def test_the_meaning_model_reads_a_question_without_its_closing_marks(question, read):
    assert meaning_text(question) == read


def test_windows_of_passages_not_searched_are_left_out(tmp_path, embedder):
    """On a shared server other libraries' windows sit beside ours: they are not scored."""
    index, chunk_ids = filled(tmp_path / "chroma", embedder)
    ours = tuple(chunk_ids[10:20])
    scores, owners = index.window_similarities(QUESTION, ours)
    assert len(scores) == 30 and sorted(set(owners.tolist())) == list(range(10))
    expected_scores, expected_owners = one_read(index, chunk_ids)
    assert np.allclose(scores, expected_scores[30:60], atol=1e-6)


def test_a_local_store_keeps_its_matrix_beside_it_and_reads_it_next_time(tmp_path, embedder):
    folder = tmp_path / "chroma"
    index, chunk_ids = filled(folder, embedder, matrix_dir=folder)
    first, _ = index.window_similarities(QUESTION, tuple(chunk_ids))
    cache = MatrixCache(folder, index.name)
    assert cache.path.is_file()
    # the next start takes the vectors from the file, not the store: a marked file shows it
    ids, matrix = cache.load(index.collection.get(include=[])["ids"])
    cache.save(ids, matrix * 2)
    again = DenseIndex(make_client(folder, None), embedder, matrix_dir=folder)
    scores, _ = again.window_similarities(QUESTION, tuple(chunk_ids))
    assert np.allclose(scores, first * 2, atol=1e-5)


@pytest.mark.parametrize("change", ["added", "removed"])
def test_a_matrix_file_that_no_longer_matches_the_store_is_not_used(tmp_path, embedder, change):
    folder = tmp_path / "chroma"
    index, chunk_ids = filled(folder, embedder, matrix_dir=folder)
    index.window_similarities(QUESTION, tuple(chunk_ids))
    cache = MatrixCache(folder, index.name)
    ids, matrix = cache.load(index.collection.get(include=[])["ids"])
    cache.save(ids, matrix * 2)  # marked: were it used, every score would double
    if change == "added":
        new_ids, metas, new_chunks = windows(1, first=500)
        index.collection.add(ids=new_ids, embeddings=shipped_vectors(400)[-3:], metadatas=metas)
        chunk_ids += new_chunks
    else:
        index.collection.delete(ids=["doc-0003:1"])
    again = DenseIndex(make_client(folder, None), embedder, matrix_dir=folder)
    scores, owners = again.window_similarities(QUESTION, tuple(chunk_ids))
    expected_scores, expected_owners = one_read(again, chunk_ids)
    assert np.allclose(np.sort(scores), np.sort(expected_scores), atol=1e-6)
    assert len(scores) == (213 if change == "added" else 209)
    # and the file is written anew, matching the store again
    assert sorted(cache.load(again.collection.get(include=[])["ids"])[0]) == sorted(
        again.collection.get(include=[])["ids"])


def test_an_unreadable_matrix_file_means_reading_the_store(tmp_path, embedder):
    folder = tmp_path / "chroma"
    index, chunk_ids = filled(folder, embedder, matrix_dir=folder)
    MatrixCache(folder, index.name).path.write_bytes(b"not a matrix")
    scores, _ = index.window_similarities(QUESTION, tuple(chunk_ids))
    assert np.allclose(scores, one_read(index, chunk_ids)[0], atol=1e-6)


def test_a_dropped_models_matrix_file_goes_with_its_collection(tmp_path, embedder):
    folder = tmp_path / "chroma"
    client = make_client(folder, None)
    client.create_collection("stappenplan-other-model-12345678")
    stale = MatrixCache(folder, "stappenplan-other-model-12345678")
    stale.save(["x:0"], np.zeros((1, 384), np.float32))
    index = DenseIndex(client, embedder, matrix_dir=folder)
    index.drop_other_collections()
    assert not stale.path.exists()


def test_a_library_of_more_windows_than_one_sqlite_query_takes_is_searched(tmp_path, embedder):
    """A local store answers one read of every window's metadata with one SQL variable per
    window: past 32,766 windows (18x the shipped library) that read failed ("too many SQL
    variables") and every question lost its dense half. Pages stay below."""
    index = DenseIndex(make_client(tmp_path / "chroma", None), embedder, matrix_dir=tmp_path / "chroma")
    ids, metas, chunk_ids = windows(11_000)  # 33,000 windows
    vectors = np.tile(shipped_vectors(1_000), (33, 1))
    for start in range(0, len(ids), 5_000):
        index.collection.add(ids=ids[start:start + 5_000], embeddings=vectors[start:start + 5_000],
                             metadatas=metas[start:start + 5_000])
    scores, owners = index.window_similarities(QUESTION, tuple(chunk_ids))
    assert len(scores) == 33_000 and owners.max() == 10_999
    query = np.asarray(embedder.embed_query(meaning_text(QUESTION)), dtype=np.float32)
    assert np.allclose(scores[:1_000], vectors[:1_000] @ query, atol=1e-6)
