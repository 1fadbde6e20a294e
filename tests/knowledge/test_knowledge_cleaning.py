"""A library cleaned in worker processes is indexed exactly as one cleaned in this process."""

import json
import os
import shutil
import unicodedata
from collections import Counter
from dataclasses import asdict, replace
from pathlib import Path

from assistant.core.resources import DEFAULT_CORPUS_DIR
from assistant.knowledge import cleaning
from assistant.knowledge.clean import FOOTNOTE_LABEL
from assistant.knowledge.index import analysed_terms, build_lexical, search_text, section_texts
from assistant.knowledge.lexical import LexicalIndex
from assistant.knowledge.loaders import load_documents
from assistant.knowledge.text import Analyzer, corpus_vocabulary
from assistant.knowledge.types import Chunk

def library(tmp_path: Path) -> list:
    """The shipped guidance twice: as shipped (hand-checked PDF text) and as a user's plain
    .txt copy, so both kinds of cleaning run: ten documents."""
    copy = tmp_path / "kopie"
    shutil.copytree(DEFAULT_CORPUS_DIR, copy)
    documents, _ = load_documents([DEFAULT_CORPUS_DIR, copy])
    assert len(documents) == 10 and len({d.debris for d in documents}) == 2
    return documents


def bm25_terms(index: LexicalIndex) -> dict[str, list[tuple[int, float]]]:
    """Every index term with the passages it scores and how much (bm25s numbers its terms in
    an order of its own, so the terms are compared, not the files)."""
    terms = {}
    for term, tid in index.retriever.vocab_dict.items():
        if tid + 1 >= len(index._indptr):  # bm25s's own empty term, in no passage
            terms[term] = []
            continue
        start, end = index._indptr[tid], index._indptr[tid + 1]
        terms[term] = sorted(zip(index._indices[start:end].tolist(), index._data[start:end].tolist()))
    return terms


def test_a_library_cleaned_in_worker_processes_is_indexed_as_one_cleaned_here(tmp_path, monkeypatch):
    documents = library(tmp_path)
    monkeypatch.setattr(cleaning, "worker_count", lambda documents: 1)
    serial = build_lexical(tmp_path / "serieel", documents, lambda *a: None)

    pools = []
    in_workers = cleaning._in_workers

    def counted(documents, vocabulary, with_word_list, workers):
        pools.append(workers)
        yield from in_workers(documents, vocabulary, with_word_list, workers)

    monkeypatch.setattr(cleaning, "worker_count", lambda documents: 2)
    monkeypatch.setattr(cleaning, "_in_workers", counted)
    stages = []
    parallel = build_lexical(tmp_path / "parallel", documents, lambda stage, done, total: stages.append((done, total)))

    assert pools == [2]
    assert [done for done, total in stages[:11]] == list(range(11))  # every document, in order
    assert len(serial.chunks) > 1000
    assert parallel.chunks == serial.chunks
    assert bm25_terms(parallel.lexical) == bm25_terms(serial.lexical)
    assert bm25_terms(parallel.sections) == bm25_terms(serial.sections)
    assert (tmp_path / "parallel" / "chunks.jsonl").read_bytes() == (tmp_path / "serieel" / "chunks.jsonl").read_bytes()


def test_only_a_large_library_of_several_documents_is_cleaned_in_worker_processes():
    shipped = [(d.doc, d.text, d.title, d.source, d.debris) for d in load_documents([DEFAULT_CORPUS_DIR])[0]]
    assert cleaning.worker_count(shipped) == 1  # the app's first index: no processes to start
    large = [(f"{doc}_{n}", text, title, source, debris) for n in range(10) for doc, text, title, source, debris
             in shipped]
    assert sum(len(text) for _, text, *_ in large) >= cleaning.PARALLEL_MIN_CHARS
    big = [(f"groot_{n}", "woord " * cleaning.PARALLEL_MIN_CHARS, *large[0][2:]) for n in range(2)]
    assert cleaning.worker_count(big[:1]) == 1  # one document: one process, however large
    cores = len(os.sched_getaffinity(0))
    assert cleaning.worker_count(big) == min(cores, 2)
    assert cleaning.worker_count(large) == min(cores, cleaning.MAX_WORKERS)


def test_the_fast_counts_of_the_cleaner_and_analyser_say_what_counting_one_by_one_says(tmp_path):
    """The cleaner's and analyser's shortcuts (str.translate, a digit check, one stem per distinct
    token, one search for contained passages) against the plain definitions, on the guidance."""
    from assistant.knowledge.chunk import _drop_contained_duplicates, _normalised, chunk_document
    from assistant.knowledge.clean import (_LOWERING_INTO_WORDS, WORD_RE, _caps_ratio, _footnoted_lines, _normal_char,
                                           _relocate_chapter_titles, _separate_footnotes, _significant_lines, clean_document, normalise_characters,
                                           strip_footnote_markers, word_counts)
    from assistant.knowledge.text import Analyzer, corpus_vocabulary

    def caps_ratio(line):
        letters = [c for c in line if c.isalpha()]
        return 0.0 if len(letters) < 4 else sum(1 for c in letters if c.isupper()) / len(letters)

    lines = [line for path in sorted(DEFAULT_CORPUS_DIR.glob("*.txt")) for line in path.read_text().split("\n")]
    lines += ["ÉÉN TWEE drie", "STAP 3: ÜBER ÇA", "ǅemal ǈ ß ﬁ", "Ⅻ ²³ ١٢٣ abc", "ΣΊΣΥΦΟΣ ok", "ab"]
    assert [_caps_ratio(line) for line in lines] == [caps_ratio(line) for line in lines]
    assert sum(1 for line in lines if _caps_ratio(line) >= 0.9) > 50  # the headings

    for notes in (None, frozenset(), frozenset({1, 2, 12, 17, 36})):
        marked = [line for line in lines if strip_footnote_markers(line, notes) != line]
        assert bool(marked) == (notes != frozenset())
        for line in lines:  # a line without a digit, or no notes to strip: as it was
            if not any(c.isdecimal() for c in line) or notes == frozenset():
                assert strip_footnote_markers(line, notes) == line

    documents = [(d.doc, d.text, d.title, d.source, d.debris) for d in load_documents([DEFAULT_CORPUS_DIR])[0]]
    plain_copies = library(tmp_path)[5:]
    read = 0
    for _, text, _, _, debris in documents + [(d.doc, d.text, d.title, d.source, d.debris) for d in plain_copies]:
        raw = normalise_characters(text)  # a document without footnotes is read once, not twice
        once = _relocate_chapter_titles(_significant_lines(raw, debris, frozenset()))
        notes = frozenset(n for n, _ in _separate_footnotes(once)[1]) if not debris.unproven_markers else None
        read += notes == frozenset() and debris.footnotes
        assert _footnoted_lines(raw, debris) == (_separate_footnotes(_relocate_chapter_titles(
            _significant_lines(raw, debris, notes))) if debris.footnotes else (lines, []))
    assert read >= 2
    for doc, text, title, source, debris in documents[:2]:
        chunks = chunk_document(clean_document(doc, text, title=title, source=source, debris=debris))
        chunks += chunks[:5]  # contained in themselves: equal length, so kept
        chunks += [replace(c, text=c.text[:150]) for c in chunks[5:10]]  # contained in a longer one: dropped
        norm = [_normalised(c.text) for c in chunks]
        kept = [c for i, c in enumerate(chunks) if not (len(norm[i]) < 400 and any(
            len(norm[j]) > len(norm[i]) and norm[i] in norm[j] for j in range(len(chunks))))]
        short = [c.text for c in chunks if len(_normalised(c.text)) < 400]
        assert [c.text for c in _drop_contained_duplicates(chunks)] == [c.text for c in kept] and short
        assert len(chunks) - len(kept) >= 5

    texts = [text for _, text, *_ in documents]
    # word_counts lowers a document before it searches its words, unless it holds one of these
    assert all(len(c.lower()) == 1 and WORD_RE.fullmatch(c.lower()) for c in map(chr, range(0x110000))
               if WORD_RE.fullmatch(c))
    assert set(_LOWERING_INTO_WORDS) == {c for c in map(chr, range(0x110000))
                                         if not WORD_RE.fullmatch(c) and WORD_RE.search(c.lower())}
    counted = texts + ["\n".join(lines), "", "123", "\n\nKELVIN \u212aelvin İstanbul ẞTRASSE\n\u212a",
                       "a\u00a0b\u00adc\r\nd\u200be\ufffdf\x07g\ue000h\u202fi\te\u0301\ufeff"]
    for text in counted:  # characters replaced one by one: what translating them all at once gives
        nfc = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
        assert normalise_characters(text) == nfc.translate({ord(c): _normal_char(c) for c in set(nfc)})
    one_by_one = Counter()
    for line in (line for text in counted for line in normalise_characters(text).split("\n")):
        words = [w.lower() for w in WORD_RE.findall(line)]
        one_by_one.update(words + [f"{a} {b}" for a, b in zip(words, words[1:])])
    assert word_counts(counted) == one_by_one and one_by_one["de aanbesteding"] > 10

    analyzer, fresh = Analyzer(corpus_vocabulary(texts)), Analyzer(corpus_vocabulary(texts))
    for text in texts + texts[:1]:  # the second time from the cache
        words = fresh.words(text)
        expected = fresh.step_terms(words) + [term for word in words if word not in fresh._stops and len(word) >= 2
                                              for term in fresh._word_terms(word)]
        assert analyzer.document_terms(text) == expected


def test_the_passages_and_sections_are_indexed_as_their_texts_analysed_one_by_one(tmp_path, monkeypatch):
    """build_lexical tokenises each passage once (the vocabulary counted where it is cleaned, a
    section's terms made of its heading's and its passages'): the same terms as analysing each
    passage's search text and each section's whole text afresh, in a worker process or here."""
    documents = library(tmp_path)
    for workers in (1, 2):
        monkeypatch.setattr(cleaning, "worker_count", lambda documents, n=workers: n)
        built = build_lexical(tmp_path / f"index-{workers}", documents, lambda *a: None)
        analyzer = Analyzer(corpus_vocabulary(c.text for c in built.chunks))
        assert analyzer.vocabulary == built.lexical.analyzer.vocabulary
        assert bm25_terms(built.lexical) == bm25_terms(
            LexicalIndex.build([search_text(c) for c in built.chunks], analyzer))
        assert bm25_terms(built.sections) == bm25_terms(LexicalIndex.build(section_texts(built.chunks), analyzer))
        assert len(built.sections.retriever.vocab_dict) > 1000
        written = (tmp_path / f"index-{workers}" / "chunks.jsonl").read_text(encoding="utf-8").splitlines()
        assert written == [json.dumps(asdict(c), ensure_ascii=False) for c in built.chunks]


def test_a_step_named_across_a_heading_and_its_passage_or_two_passages_is_indexed():
    """A step's term pairs "stap" and a number, which a section heading and its passage, or two
    passages of a section, can split between them (the cleaner itself seldom does)."""
    analyzer = Analyzer(corpus_vocabulary(["innovatie partnerschap innovatie partnerschap"]))
    texts = [("Wat u doet in stap", "7 weken: de marktconsultatie in stap"),
             ("Wat u doet in stap", "4 de innovatiepartnerschap"),
             ("Wat u doet in stap", f"{FOOTNOTE_LABEL} 3: zie stap"), ("", "10 ook in stap"),
             ("", ""), ("", "9 en stap"), ("Stap 2 en stap", "5"), ("Stap", "")]
    chunks = [Chunk(f"c{n}", "doc", "Doc", section, text, position=n) for n, (section, text) in enumerate(texts)]
    passages, sections = analysed_terms(chunks, analyzer)
    # (in an order of their own: bm25s numbers the terms in the order of a set)
    assert [sorted(terms) for terms in passages] == [sorted(analyzer.document_terms(search_text(c)) or [""])
                                                     for c in chunks]
    assert [sorted(terms) for terms in sections] == [sorted(analyzer.document_terms(text) or [""])
                                                     for text in section_texts(chunks)]
    assert crossing(analyzer, [chunks[0].section, chunks[0].text]) == ["stap7"]
    assert crossing(analyzer, section_texts(chunks)[0].split("\n")) == ["stap7", "stap4"]
    assert crossing(analyzer, section_texts(chunks)[1].split("\n")) == ["stap9"]
    assert crossing(analyzer, ["Stap 2 en stap", "5"]) == ["stap5"] and passages[-1] == ["stap"]
    assert {"innover", "partnerschap"} <= set(passages[1])


def test_a_numbered_items_number_is_no_term_of_the_passage():
    """A list's numbers ("1.", "10.") are its layout, as its bullets are: no term, and no step
    ("De volgende stappen:" over "1. Zorg …" is no "stap 1"); a number in the text stays one."""
    analyzer = Analyzer()
    chunk = Chunk("c0", "doc", "Doc", "Regels",
                  "De volgende stappen:\n1. Zorg voor budget.\n10. Maak een plan in 12 weken.\n2a. Kies een partij.")
    passages, _sections = analysed_terms([chunk], analyzer)
    assert sorted(passages[0]) == sorted(analyzer.document_terms(search_text(chunk)))
    assert "stap1" not in passages[0] and "10" not in passages[0] and "2a" not in passages[0]
    assert {"12", "budget", "plan"} <= set(passages[0])


def crossing(analyzer: Analyzer, parts: list[str]) -> list[str]:
    """The step terms that `parts` make only together, one line after the other."""
    alone = [term for part in parts for term in analyzer.step_terms(analyzer.words(part))]
    together = analyzer.step_terms(analyzer.words("\n".join(parts)))
    return [term for term in together if term not in alone]
