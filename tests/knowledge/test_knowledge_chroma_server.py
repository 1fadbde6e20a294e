"""The Chroma server path: `chroma_url` set -> HttpClient against a real local Chroma server."""

import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from fakes import SilentServer

from assistant.answer.extractive import ExtractiveAnswerer
from assistant.knowledge import dense
from assistant.knowledge.base import KnowledgeBase
from assistant.knowledge.dense import passage_windows
from assistant.core.resources import DEFAULT_CORPUS_DIR
from assistant.core.settings import Settings

CHROMA = Path(sys.executable).with_name("chroma")



def municipalities_corpus(tmp_path: Path, lines: int | None = None) -> Path:
    """A corpus folder of one document, "Digitale innovatie binnen gemeenten" (its first `lines`
    lines: fewer windows to embed)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = (DEFAULT_CORPUS_DIR / "004_989769d4bda357ff.txt").read_text(encoding="utf-8")
    if lines is not None:
        text = "\n".join(text.splitlines()[:lines])
    (corpus / "gemeenten.txt").write_text(text, encoding="utf-8")
    return corpus

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]



def meaning_back(kb: KnowledgeBase, seconds: float) -> None:
    """Ask until an answer is found by meaning again, or `seconds` have passed."""
    deadline = time.monotonic() + seconds
    while not kb.retrieve("Hoe werken gemeenten samen?").signals.meaning and time.monotonic() < deadline:
        time.sleep(0.5)


def chroma_on(path: Path, port: str) -> subprocess.Popen:
    """A Chroma server on `path` at a port given (one stopped there before: started again)."""
    return subprocess.Popen([str(CHROMA), "run", "--path", str(path), "--host", "127.0.0.1", "--port", port],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

def start_chroma(path: Path) -> tuple[str, subprocess.Popen]:
    """A real Chroma server on a free local port, once it accepts connections: (its URL, it)."""
    if not CHROMA.exists():
        pytest.skip("the chroma command is not installed")
    port = free_port()
    process = chroma_on(path, str(port))
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return f"http://127.0.0.1:{port}", process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    pytest.fail("the Chroma server did not start")


@pytest.fixture
def chroma_server(tmp_path):
    url, process = start_chroma(tmp_path / "server")
    try:
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_vectors_go_to_the_configured_chroma_server(tmp_path, chroma_server):
    corpus = municipalities_corpus(tmp_path, lines=200)
    settings = Settings(data_dir=tmp_path / "data", use_default_corpus=False, corpus_dirs=[corpus],
                        chroma_url=chroma_server)
    kb = KnowledgeBase(settings)
    report = kb.ensure_index(dense=True)
    assert kb.dense_ready, kb.dense_error
    assert report.embedded == sum(len(passage_windows(c)) for c in kb.chunks)
    assert not (tmp_path / "data" / "index" / "chroma").exists()  # nothing stored locally
    assert (tmp_path / "server").exists()
    # a second start finds the vectors on the server
    again = KnowledgeBase(settings)
    assert again.ensure_index(dense=True).embedded == 0
    assert again.retrieve("Wat is een smart society?").passages


def test_an_unreachable_chroma_server_leaves_lexical_search_working(tmp_path):
    corpus = municipalities_corpus(tmp_path)
    settings = Settings(data_dir=tmp_path / "data", use_default_corpus=False, corpus_dirs=[corpus],
                        chroma_url=f"http://127.0.0.1:{free_port()}")
    kb = KnowledgeBase(settings)
    kb.ensure_index(dense=True)
    assert not kb.dense_ready
    assert "niet bereikbaar" in kb.dense_error
    # said in the interface's language only (it came Dutch, then English, in either)
    assert "Chroma server" in kb.dense_error_in("en") and "niet bereikbaar" not in kb.dense_error_in("en")
    assert "Chroma-server" in kb.dense_error_in("nl") and "not reachable" not in kb.dense_error_in("nl")
    # what to do, and not Chroma's own English sentence inside the Dutch one
    assert "start de server" in kb.dense_error_in("nl") and "Are you sure" not in kb.dense_error
    assert ExtractiveAnswerer(kb).ask("Wat is een smart society?").found


def test_a_chroma_server_that_never_replies_is_said_unreachable_and_the_words_answer(tmp_path, monkeypatch):
    # it accepted the connection and never replied: `ask` and `index` printed nothing for more
    # than 300 s, and the app said "zoekmodel laden" for ever; a closed port was said in 3 s
    monkeypatch.setattr(dense, "CHROMA_FIRST_REPLY_S", 0.5)
    corpus = municipalities_corpus(tmp_path)
    with SilentServer() as server:
        kb = KnowledgeBase(Settings(data_dir=tmp_path / "data", use_default_corpus=False, corpus_dirs=[corpus],
                                    chroma_url=server.root_url))
        # in a thread, so that a hang fails the test instead of holding the suite
        indexing = threading.Thread(target=kb.ensure_index, kwargs={"dense": True}, daemon=True)
        started = time.monotonic()
        indexing.start()
        indexing.join(timeout=20)
        assert not indexing.is_alive(), "the index waited on a server that never replies"
    assert time.monotonic() - started < 20
    assert not kb.dense_ready
    assert kb.dense_error_in("nl") == (f"Chroma-server {server.root_url} niet bereikbaar: start de server, of "
                                       "controleer chroma_url in de instellingen")
    assert "not reachable" in kb.dense_error_in("en")
    assert ExtractiveAnswerer(kb).ask("Wat is een smart society?").found


def test_a_web_server_that_is_no_chroma_server_is_said_as_that_without_its_page(tmp_path):
    # a local stand-in for a wrong chroma_url: a web server that answers every request with 404
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class NotFound(SimpleHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the http.server API
            self.send_error(404)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), NotFound)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        corpus = municipalities_corpus(tmp_path)
        url = f"http://127.0.0.1:{server.server_address[1]}"
        kb = KnowledgeBase(Settings(data_dir=tmp_path / "data", use_default_corpus=False, corpus_dirs=[corpus],
                                    chroma_url=url))
        kb.ensure_index(dense=True)
    finally:
        server.shutdown()
    assert not kb.dense_ready
    # the page's HTML, twenty lines, covered the conversation, after "not reachable"
    assert "<" not in kb.dense_error and "bereikbaar" not in kb.dense_error
    assert kb.dense_error_in("nl") == (f"{url} antwoordt, maar is geen Chroma-server (HTTP 404): controleer "
                                       "chroma_url in de instellingen")
    assert kb.dense_error_in("en").startswith(f"{url} answers, but is not a Chroma server (HTTP 404)")
    assert ExtractiveAnswerer(kb).ask("Wat is een smart society?").found


def test_two_clients_of_one_server_keep_each_others_vectors(tmp_path, chroma_server):
    """A team's shared index: each client adds its library's windows and never removes what it
    lacks itself, so the next index of one client costs the other nothing."""
    source = (DEFAULT_CORPUS_DIR / "004_989769d4bda357ff.txt").read_text(encoding="utf-8").splitlines()
    clients = []
    for name, lines in (("a", source[:120]), ("b", source[120:240])):
        corpus = tmp_path / f"corpus-{name}"
        corpus.mkdir()
        (corpus / f"{name}.txt").write_text("\n".join(lines), encoding="utf-8")
        clients.append(Settings(data_dir=tmp_path / f"data-{name}", use_default_corpus=False,
                                corpus_dirs=[corpus], chroma_url=chroma_server))
    first_a = KnowledgeBase(clients[0]).ensure_index(dense=True).embedded
    first_b = KnowledgeBase(clients[1]).ensure_index(dense=True).embedded
    assert first_a > 0 and first_b > 0
    # each opens again after the other indexed: nothing of its own was removed
    assert KnowledgeBase(clients[0]).ensure_index(dense=True).embedded == 0
    assert KnowledgeBase(clients[1]).ensure_index(dense=True).embedded == 0


def test_a_chroma_server_gone_after_the_vectors_loaded_is_said_and_its_return_noticed(tmp_path):
    # the server stopped after the app had loaded: answers went by words while the app said
    # "semantic search active" and the settings "working"; only the log knew
    corpus = municipalities_corpus(tmp_path)
    url, server = start_chroma(tmp_path / "server")
    try:
        kb = KnowledgeBase(Settings(data_dir=tmp_path / "data", use_default_corpus=False, corpus_dirs=[corpus],
                                    chroma_url=url))
        kb.ensure_index(dense=True)
        assert kb.meaning_works
    finally:
        # before the first question: the vectors are read from the server for it, then kept
        server.terminate()
        server.wait(timeout=10)
    gone = kb.retrieve("Welke keuzes maken gemeenten?")
    assert gone.passages and not gone.signals.meaning  # the words still answer
    assert kb.dense_ready and not kb.meaning_works
    assert "not reachable" in kb.dense_error_in("en") and "niet bereikbaar" in kb.dense_error_in("nl")
    server = chroma_on(tmp_path / "server", url.rsplit(":", 1)[1])
    try:
        meaning_back(kb, seconds=30)
        assert kb.meaning_works and kb.dense_error_in("en") is None
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_a_collection_gone_from_the_server_is_said_and_built_again_in_the_background(tmp_path):
    # the server restarted with an empty store: the app searched by words until it was restarted,
    # "Collection [2640…] does not exist." at every question, and said so in English only
    corpus = municipalities_corpus(tmp_path, lines=120)
    url, server = start_chroma(tmp_path / "server")
    port = url.rsplit(":", 1)[1]
    kb = KnowledgeBase(Settings(data_dir=tmp_path / "data", use_default_corpus=False, corpus_dirs=[corpus],
                                chroma_url=url))
    kb.ensure_index(dense=True)
    assert kb.meaning_works
    server.terminate()
    server.wait(timeout=10)
    server = chroma_on(tmp_path / "empty", port)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", int(port)), timeout=0.5).close()
                break
            except OSError:
                time.sleep(0.2)
        gone = kb.retrieve("Welke keuzes maken gemeenten?")
        assert gone.passages and not gone.signals.meaning  # the words answer meanwhile
        assert kb.dense_error_in("nl") == ("de index op de Chroma-server is weg; hij wordt opnieuw opgebouwd "
                                           "(zoeken gaat intussen op woorden)")
        assert "is gone" in kb.dense_error_in("en")
        meaning_back(kb, seconds=60)
        assert kb.meaning_works and kb.dense_error_in("nl") is None
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_a_local_collection_removed_underneath_is_built_again(tmp_path):
    corpus = municipalities_corpus(tmp_path, lines=120)
    kb = KnowledgeBase(Settings(data_dir=tmp_path / "data", use_default_corpus=False, corpus_dirs=[corpus]))
    kb.ensure_index(dense=True)
    assert kb.meaning_works
    kb.dense.client.delete_collection(kb.dense.name)
    assert not kb.retrieve("Welke keuzes maken gemeenten?").signals.meaning
    assert "opnieuw opgebouwd" in kb.dense_error_in("nl")
    meaning_back(kb, seconds=60)
    assert kb.meaning_works


def test_an_https_url_of_a_plain_http_server_asks_whether_http_was_meant(tmp_path, chroma_server):
    # it was said "not reachable", though the server answered, on http
    corpus = municipalities_corpus(tmp_path)
    https = chroma_server.replace("http://", "https://")
    kb = KnowledgeBase(Settings(data_dir=tmp_path / "data", use_default_corpus=False, corpus_dirs=[corpus],
                                chroma_url=https))
    kb.ensure_index(dense=True)
    assert not kb.dense_ready
    assert kb.dense_error_in("nl") == (f"Chroma-server {https} antwoordt niet op https; bedoelt u {chroma_server}? "
                                       "Controleer chroma_url in de instellingen")
    assert f"does not answer on https; did you mean {chroma_server}?" in kb.dense_error_in("en")


def test_own_documents_on_a_server_are_said_kept_without_their_headings_and_forgotten_there_too(
        tmp_path, chroma_server, isolated_home, capsys):
    # their file name, headings and vectors went to the team server without a word, and
    # `index --forget` left them there
    import chromadb

    from assistant.cli.main import main

    corpus = municipalities_corpus(tmp_path, lines=80)
    (isolated_home / "config.toml").write_text(
        f"use_default_corpus = false\ncorpus_dirs = [{str(corpus)!r}]\nchroma_url = {chroma_server!r}\n",
        encoding="utf-8")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "provincie-beleid.md").write_text(
        "# Drempel voor innovatiebudget\n\nDe provincie reserveert een innovatiebudget voor proeftuinen met "
        "nieuwe technologie. Een project boven de drempel vraagt eerst om een marktconsultatie.\n\n"
        "# Dronepilots\n\nDronepilots inspecteren de dijken twee keer per jaar. Zij leveren hun beelden aan "
        "bij het waterschap.\n", encoding="utf-8")

    def server_ids() -> dict[str, object]:
        client = chromadb.HttpClient(host="127.0.0.1", port=int(chroma_server.rsplit(":", 1)[1]))
        stored = {}
        for collection in client.list_collections():
            got = client.get_collection(collection.name).get(include=["metadatas"])
            stored.update(zip(got["ids"], got["metadatas"]))
        return stored

    assert main(["index", str(docs)]) == 0
    out = capsys.readouterr().out
    assert f"naar de Chroma-server {chroma_server}" in out
    stored = server_ids()
    own = [window for window in stored if window.startswith("provincie-beleid")]
    assert own and len(own) < len(stored)
    assert not any("Drempel" in str(meta) or "Drone" in str(meta) for meta in stored.values())
    assert main(["index", "--forget", str(docs)]) == 0
    out = capsys.readouterr().out
    assert f"van de Chroma-server {chroma_server} verwijderd" in out
    left = server_ids()
    assert not any(window.startswith("provincie-beleid") for window in left)
    assert set(left) == set(stored) - set(own)  # the rest of the library stays


def test_a_model_that_cannot_load_leaves_no_empty_collection_on_the_server(tmp_path, chroma_server, monkeypatch):
    # offline, a model named in the settings failed to load after its collection was made: the
    # team's server listed an empty "stappenplan-multilingual-e5-base-…"
    import chromadb

    monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{free_port()}")  # the hub: not reachable
    corpus = municipalities_corpus(tmp_path, lines=80)
    kb = KnowledgeBase(Settings(data_dir=tmp_path / "data", use_default_corpus=False, corpus_dirs=[corpus],
                                chroma_url=chroma_server, embedding_model="example-org/no-such-e5-model"))
    kb.ensure_index(dense=True)
    assert not kb.dense_ready and "no-such-e5-model" in kb.dense_error
    client = chromadb.HttpClient(host="127.0.0.1", port=int(chroma_server.rsplit(":", 1)[1]))
    assert client.list_collections() == []


def test_a_new_index_to_embed_is_said_once_with_its_model_and_windows(tmp_path, chroma_server, monkeypatch):
    # with another model, a single `ask` ran minutes showing only "embedden […]" or "model laden"
    monkeypatch.setattr(dense, "ANNOUNCE_WINDOWS", 5)
    # as for another model: no vectors shipped for it, every window is embedded
    monkeypatch.setattr(dense.VectorCache, "shipped", classmethod(lambda cls, model: None))
    corpus = municipalities_corpus(tmp_path, lines=80)
    settings = Settings(data_dir=tmp_path / "data", use_default_corpus=False, corpus_dirs=[corpus],
                        chroma_url=chroma_server)
    notices = []
    report = KnowledgeBase(settings).ensure_index(dense=True, notice=notices.append)
    windows = report.embedded
    assert windows > 5 and len(notices) == 1
    assert notices[0].message("nl") == (
        f"{windows} passagevensters inbedden met model {settings.embedding_model}, voor de index op de "
        f"Chroma-server {chroma_server}; dat kan enkele minuten duren")
    assert f"with model {settings.embedding_model}, for the index on the Chroma server" in notices[0].message("en")
    notices.clear()
    KnowledgeBase(settings).ensure_index(dense=True, notice=notices.append)
    assert notices == []  # built: nothing to say


def test_building_the_vectors_again_is_tried_once_a_minute_not_at_every_question(tmp_path, monkeypatch):
    # a rebuild that failed (the server still away) was started again by every question, each
    # embedding the corpus beside the query
    import assistant.knowledge.base as base_module

    kb = KnowledgeBase(Settings(data_dir=tmp_path / "data"))
    started: list[bool] = []
    monkeypatch.setattr(kb, "load_dense", lambda **_: started.append(True))
    for _ in range(3):
        kb._rebuild_vectors()
        kb._rebuilding.join(timeout=10)
    assert started == [True]
    monkeypatch.setattr(base_module, "REBUILD_RETRY_S", 0.0)
    kb._rebuild_vectors()
    kb._rebuilding.join(timeout=10)
    assert started == [True, True]


def test_removing_a_documents_windows_takes_those_stored_under_an_older_split_too(tmp_path):
    # the windows to delete were named by today's split: one stored under an older split stayed
    corpus = municipalities_corpus(tmp_path, lines=120)
    kb = KnowledgeBase(Settings(data_dir=tmp_path / "data", use_default_corpus=False, corpus_dirs=[corpus]))
    kb.ensure_index(dense=True)
    chunk = kb.chunks[0]
    stored = kb.dense.collection.get(ids=[f"{chunk.id}:0"], include=["embeddings"])
    kb.dense.collection.add(ids=[f"{chunk.id}:99"], embeddings=[list(stored["embeddings"][0])])
    kb.dense.remove([chunk])
    left = kb.dense.ids()
    assert not any(window_id.rpartition(":")[0] == chunk.id for window_id in left)
    assert any(window_id.rpartition(":")[0] == kb.chunks[1].id for window_id in left)
