"""BM25 index over the passages (bm25s), with weighted query terms."""

from __future__ import annotations

import json
import math
from functools import cached_property
from pathlib import Path

import bm25s
import numpy as np

from assistant.knowledge.text import Analyzer


K1 = 1.2
B = 0.75


class LexicalIndex:
    def __init__(self, retriever: bm25s.BM25, analyzer: Analyzer, num_docs: int) -> None:
        self.retriever = retriever
        self.analyzer = analyzer
        self.num_docs = num_docs
        scores = retriever.scores
        self._data = scores["data"]
        self._indices = scores["indices"]
        self._indptr = scores["indptr"]
        self._vocab: dict[str, int] = retriever.vocab_dict
        analyzer.known_term = self._vocab.__contains__

    # ------------------------------------------------------------------ build / persist
    @classmethod
    def build(cls, texts: list[str], analyzer: Analyzer) -> LexicalIndex:
        return cls.from_terms([analyzer.document_terms(t) or [""] for t in texts], analyzer)

    @classmethod
    def from_terms(cls, terms: list[list[str]], analyzer: Analyzer) -> LexicalIndex:
        """The index of documents already analysed into their `terms` (none empty)."""
        retriever = bm25s.BM25(k1=K1, b=B)
        retriever.index(terms, show_progress=False)
        return cls(retriever, analyzer, len(terms))

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.retriever.save(str(directory), show_progress=False)
        (directory / "vocabulary.json").write_text(
            json.dumps(sorted(self.analyzer.vocabulary), ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path, num_docs: int, analyzer: Analyzer | None = None) -> LexicalIndex:
        if analyzer is None:
            vocabulary = json.loads((directory / "vocabulary.json").read_text(encoding="utf-8"))
            analyzer = Analyzer(vocabulary)
        retriever = bm25s.BM25.load(str(directory), show_progress=False)
        index = cls(retriever, analyzer, num_docs)
        if int(retriever.scores["num_docs"]) != num_docs:
            raise ValueError("lexical index does not match the passages")
        return index

    # ------------------------------------------------------------------ query
    @cached_property
    def _sorted_terms(self) -> list[str]:
        # sorted on first use: only unknown question words need it, and never the section index
        return sorted(term for term in self._vocab if term)

    def terms_with_prefix(self, prefix: str) -> list[str]:
        """Index terms that start with `prefix`, in alphabetical order."""
        import bisect

        terms = self._sorted_terms
        start = bisect.bisect_left(terms, prefix)
        end = start
        while end < len(terms) and terms[end].startswith(prefix):
            end += 1
        return terms[start:end]

    def document_frequency(self, term: str) -> int:
        tid = self._vocab.get(term)
        if tid is None:
            return 0
        return int(self._indptr[tid + 1] - self._indptr[tid])

    def idf(self, term: str) -> float:
        df = self.document_frequency(term)
        return math.log(1 + (self.num_docs - df + 0.5) / (df + 0.5))

    def max_idf(self) -> float:
        return math.log(1 + (self.num_docs + 0.5) / 0.5)

    def scores(self, terms: dict[str, float]) -> np.ndarray:
        total = np.zeros(self.num_docs, dtype=np.float32)
        for term, weight in terms.items():
            tid = self._vocab.get(term)
            if tid is None or not term:
                continue
            start, end = self._indptr[tid], self._indptr[tid + 1]
            np.add.at(total, self._indices[start:end], weight * self._data[start:end])
        return total

    def mask(self, term: str) -> np.ndarray:
        """Which passages contain the term, as a boolean vector."""
        found = np.zeros(self.num_docs, dtype=bool)
        tid = self._vocab.get(term)
        if tid is not None:
            found[self._indices[self._indptr[tid]:self._indptr[tid + 1]]] = True
        return found
