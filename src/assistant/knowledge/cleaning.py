"""Cleaning and chunking a library's documents: in worker processes when the library is large
enough to pay for starting them, in this process otherwise. Either way the passages come out
the same, in document order.

The workers are started with "spawn" (a fresh interpreter, never a fork: the app's process may
hold threads, torch's among them) and import only the cleaner and the chunker. Each gets the
corpus's word counts once, when it starts, and then one document per task; it hands back the
document's passages and how often they write each token (the analyser's vocabulary, added up
here, so the passages need not be tokenised for it again in this process). A spawned worker
imports the main script again, as multiprocessing does: a script that builds an index needs
`if __name__ == "__main__"` around what it runs (the `stappenplan` command has it).
"""

from __future__ import annotations

import multiprocessing
import os
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor

from assistant.knowledge.chunk import chunk_document
from assistant.knowledge.clean import CorpusWords, Debris, clean_document, word_counts
from assistant.knowledge.spelling import WORD_LIST
from assistant.knowledge.text import token_counts
from assistant.knowledge.types import Chunk

Progress = Callable[[str, int, int], None]
#: A library with less text than this is cleaned in this process: a worker takes about half a
#: second to start (an interpreter, the cleaner, the word lists), which the shipped guidance
#: (5 documents, 0.4 MB, cleaned in under a second) would not win back.
PARALLEL_MIN_CHARS = 2_000_000
#: More workers than this gain nothing on the machines this runs on, and each holds the
#: corpus's word counts.
MAX_WORKERS = 4

#: (doc, text, title, source, debris): what cleaning needs of a document, without its loader's type
DocumentText = tuple[str, str, str, str, Debris]
#: A document's passages and how often their texts write each token (text.token_counts)
CleanedDocument = tuple[list[Chunk], Counter[str]]


def cleaned_chunks(documents: list[DocumentText], notify: Progress, *,
                   workers: int | None = None) -> tuple[list[Chunk], Counter[str]]:
    """The passages of `documents`, cleaned and chunked, in document order, and how often
    their texts write each token. `workers`: how many processes (None: as many as pay, see
    worker_count; 1: this process alone)."""
    # the word lists tell a word broken at a line end ("duurzaamheidsstan" / "daarden") from two
    with_word_list = WORD_LIST.available()
    vocabulary = word_counts([text for _, text, *_ in documents], _language_words(with_word_list))
    if workers is None:
        workers = worker_count(documents)
    notify("opschonen", 0, len(documents))
    chunks: list[Chunk] = []
    tokens: Counter[str] = Counter()
    for n, (document_chunks, document_tokens) in enumerate(_cleaned(documents, vocabulary, with_word_list, workers),
                                                           start=1):
        chunks.extend(document_chunks)
        tokens.update(document_tokens)
        notify("opschonen", n, len(documents))
    return chunks, tokens


def worker_count(documents: list[DocumentText]) -> int:
    """How many processes clean `documents`: one for a small library or a single document,
    else one per available core (at most MAX_WORKERS, at most one per document)."""
    if len(documents) < 2 or sum(len(text) for _, text, *_ in documents) < PARALLEL_MIN_CHARS:
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(cores, MAX_WORKERS, len(documents)))


def _cleaned(documents: list[DocumentText], vocabulary: CorpusWords, with_word_list: bool,
             workers: int) -> Iterator[CleanedDocument]:
    """Each document's passages and their token counts, in document order."""
    if workers > 1:
        return _in_workers(documents, vocabulary, with_word_list, workers)
    return (_clean_and_chunk(document, vocabulary) for document in documents)


def _in_workers(documents: list[DocumentText], vocabulary: CorpusWords, with_word_list: bool,
                workers: int) -> Iterator[CleanedDocument]:
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_start_worker,
                             initargs=(dict(vocabulary), with_word_list)) as pool:
        # map keeps the documents' order; one document per task keeps the workers evenly busy
        yield from pool.map(_clean_in_worker, documents, chunksize=1)


def _language_words(with_word_list: bool) -> Callable[[str], bool] | None:
    return WORD_LIST.__contains__ if with_word_list else None


def _clean_and_chunk(document: DocumentText, vocabulary: CorpusWords) -> CleanedDocument:
    doc, text, title, source, debris = document
    chunks = chunk_document(clean_document(doc, text, title=title, source=source, vocabulary=vocabulary,
                                           debris=debris))
    return chunks, token_counts(c.text for c in chunks)


#: A worker's copy of the corpus's word counts, set when it starts.
_worker_vocabulary: CorpusWords | None = None


def _start_worker(counts: dict[str, int], with_word_list: bool) -> None:
    global _worker_vocabulary
    _worker_vocabulary = CorpusWords(language_words=_language_words(with_word_list))
    _worker_vocabulary.update(counts)


def _clean_in_worker(document: DocumentText) -> CleanedDocument:
    return _clean_and_chunk(document, _worker_vocabulary)
