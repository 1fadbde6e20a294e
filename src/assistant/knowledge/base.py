"""The knowledge base: build or reuse the index, and search it.

A thin facade over its parts: index.py builds, loads and guards the index on disk; query.py
reads the question (cleaning, spelling, what it names, which passages address its words);
ranking.py scores, as pure functions over arrays; params.py holds the ranking's constants.
Answers are composed above it, in the answer layer (answer.extractive.ExtractiveAnswerer).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from assistant.core.errors import BilingualError
from assistant.core.settings import DEFAULT_EMBEDDING_MODEL, Settings
from assistant.knowledge import query, ranking
from assistant.knowledge.coverage import asked_fact, covers, fact_of_others, fact_passages, lacks_fact, unknown_names
from assistant.knowledge.coverage import signals as coverage_signals
from assistant.knowledge.definitions import unwrapped_question
from assistant.knowledge.index import (ADDED_FOLDERS_FILE, BM25_DIR, CHROMA_DIR, CHUNKS_FILE, INDEX_FORMAT,
                                       MANIFEST_FILE, SECTION_BM25_DIR, IndexReport, KnowledgeError, LexicalParts,
                                       Notice, PassageTable, building_notice, Progress, Repair, added_folders, analysis_fingerprint,
                                       build_lexical, build_lock, cannot_rebuild, collection_gone, disk_full, index_lock, index_read_only,
                                       keep_damaged_added_folders, load_lexical, open_dense, read_manifest,
                                       reading_lock, rebuilding_failure, remove_damaged_store, reusable,
                                       save_added_folders,
                                       server_failure, single_threaded_queries, store_failure, vectors_lock,
                                       write_manifest, writing)
from assistant.knowledge.lexical import LexicalIndex
from assistant.knowledge.loaders import kept_failure, load_documents
from assistant.knowledge.params import DEFAULT_PARAMS, RankingParams
from assistant.knowledge.ranking import Mask
from assistant.knowledge.spelling import WORD_LIST, Speller
from assistant.knowledge.step_numbers import step_itself_asked_about, with_step_numbers
from assistant.knowledge.text import Concept, looks_english, with_contractions
from assistant.knowledge.types import Chunk, Passage, QuestionError, Retrieval

if TYPE_CHECKING:  # dense.py imports langchain: only once the vectors load (load_dense)
    from assistant.knowledge.dense import DenseIndex

log = logging.getLogger(__name__)

# what the command line and the app use of the index, from the knowledge base they open
__all__ = ["ADDED_FOLDERS_FILE", "INDEX_FORMAT", "IndexReport", "KnowledgeBase", "KnowledgeError", "QuestionError",
           "added_folders", "index_lock", "keep_damaged_added_folders", "save_added_folders"]


#: How long after building the vectors again a failing question may start it once more
REBUILD_RETRY_S = 60.0

class KnowledgeBase:
    """Hybrid (BM25 + dense) search over the guidance."""

    def __init__(self, settings: Settings, *, folders: list[Path] | None = None,
                 params: RankingParams = DEFAULT_PARAMS) -> None:
        self.settings = settings
        self.params = params
        self.index_dir = Path(settings.index_path)
        if folders is None:
            folders = [*settings.all_corpus_dirs, *added_folders(self.index_dir)]
        self.folders = list(dict.fromkeys(Path(f) for f in folders))
        self.model_name = settings.embedding_model
        self.chunks: list[Chunk] = []
        self.table: PassageTable | None = None
        self.lexical: LexicalIndex | None = None
        self.section_lexical: LexicalIndex | None = None
        self.dense: DenseIndex | None = None  # once the model has loaded
        self.dense_error: str | None = None
        self.dense_problem: BilingualError | None = None  # why, in both languages, where it says so
        #: why search by meaning failed for the last question, though its vectors had loaded (a
        #: Chroma server gone since): the answer stood on the words; None while it works
        self.dense_failing: BilingualError | None = None
        self.last_report: IndexReport | None = None
        self._speller: Speller | None = None  # built on the first question that needs it
        self._lock = threading.RLock()
        #: a collection gone from the store (collection_gone) being built again in the background
        self._rebuilding: threading.Thread | None = None
        self._rebuilding_lock = threading.Lock()
        self._rebuilt_at: float | None = None  # when the vectors were last built again (monotonic)
        self.read_only = False  # the index folder cannot be written: read what is there, never rebuild

    # ------------------------------------------------------------------ state
    @property
    def lexical_ready(self) -> bool:
        return self.lexical is not None

    @property
    def dense_ready(self) -> bool:
        return self.dense is not None

    @property
    def meaning_works(self) -> bool:
        """Whether questions are searched by meaning now: the vectors loaded, and the last
        question's search by meaning did not fail."""
        return self.dense is not None and self.dense_failing is None

    def writable_again(self) -> bool:
        """Whether the index can be written: opened read-only, its folder may have been made
        writable since; then it no longer is read-only, and `load_dense` opens (and completes)
        its vectors as at a writable start."""
        with self._lock:
            if self.read_only and not index_read_only(self.index_dir):
                self.read_only = False
            return not self.read_only

    @property
    def missing_folders(self) -> list[Path]:
        """The folders it reads (the settings' corpus_dirs, folders added with `index`) that are
        not there: a typo in corpus_dirs was searched without a word."""
        return [folder for folder in self.folders if not folder.exists()]

    @property
    def documents(self) -> dict[str, str]:
        """doc id -> title, in index order."""
        return {c.doc: c.title for c in self.chunks}

    # ------------------------------------------------------------------ paths
    @property
    def manifest_path(self) -> Path:
        return self.index_dir / MANIFEST_FILE

    @property
    def chunks_path(self) -> Path:
        return self.index_dir / CHUNKS_FILE

    @property
    def bm25_dir(self) -> Path:
        return self.index_dir / BM25_DIR

    @property
    def section_bm25_dir(self) -> Path:
        return self.index_dir / SECTION_BM25_DIR

    @property
    def chroma_dir(self) -> Path:
        return self.index_dir / CHROMA_DIR

    # ------------------------------------------------------------------ build
    def ensure_index(self, progress: Progress | None = None, *, dense: bool = True,
                     wait_for_vectors: bool = True, notice: Callable[[Notice], None] | None = None) -> IndexReport:
        """Build the index, or reuse it when nothing changed; then (optionally) the vectors.
        `wait_for_vectors=False`: while another process embeds, search by words (see load_dense).
        `notice`: told before a long build of the vectors starts (load_dense)."""
        started = time.perf_counter()
        report = IndexReport()
        notify = progress or (lambda stage, done, total: None)
        self.read_only = index_read_only(self.index_dir)
        with self._lock, build_lock(self.index_dir, self.read_only), writing(self.index_dir):
            if not self.read_only and (damaged := keep_damaged_added_folders(self.index_dir)):
                report.repaired.append(damaged)
            notify("lezen", 0, 1)
            manifest, problem = read_manifest(self.index_dir)
            documents, skipped = load_documents(self.folders, known_failures=(manifest or {}).get("failed"))
            failed = {s.fingerprint: kept_failure(s) for s in skipped if s.fingerprint}
            report.skipped = skipped
            report.documents = len(documents)
            if not documents:
                folders = ", ".join(str(f) for f in self.folders)
                raise KnowledgeError(f"Geen leesbare documenten gevonden in: {folders}",
                                     f"No readable documents in: {folders}")
            notify("lezen", 1, 1)
            fingerprints = {d.source: d.fingerprint for d in documents}
            if problem:
                report.repaired.append(problem)
            reused = False
            analysis = analysis_fingerprint()
            if reusable(manifest, fingerprints, analysis):
                try:
                    self._install(load_lexical(self.index_dir, manifest))
                    reused = True
                except Exception as exc:  # noqa: BLE001 - any damage means: rebuild
                    log.warning("lexical index damaged, rebuilding: %s", exc)
                    problem = Repair("zoekindex op woorden beschadigd", "word search index damaged")
                    report.repaired.append(problem)
            if not reused and self.read_only:
                raise KnowledgeError(*cannot_rebuild(self.index_dir, problem))
            if not reused:
                self._install(build_lexical(self.index_dir, documents, notify))
                notify("lexicale index", 1, 1)
                report.rebuilt_lexical = True
                manifest = {"format": INDEX_FORMAT, "analysis": analysis, "documents": fingerprints,
                            "chunks": len(self.chunks), "dense_model": None, "failed": failed}
                write_manifest(self.index_dir, manifest)
            elif manifest.get("failed") != failed and not self.read_only:
                # a file too costly to read is remembered, not read again at every start
                write_manifest(self.index_dir, {**manifest, "failed": failed})
            report.chunks = len(self.chunks)
        if dense:
            report.embedded = self.load_dense(progress, report=report, wait=wait_for_vectors, notice=notice)
            report.dense = self.dense_ready
        report.seconds = time.perf_counter() - started
        self.last_report = report
        return report

    def _note_dense_model(self) -> None:
        """The manifest names the model whose vectors the store holds (read and written under
        the index's own lock: a lexical build may be writing it)."""
        with index_lock(self.index_dir):
            manifest, _ = read_manifest(self.index_dir)
            if manifest is not None and manifest.get("dense_model") != self.model_name:
                manifest["dense_model"] = self.model_name
                write_manifest(self.index_dir, manifest)

    def _install(self, parts: LexicalParts) -> None:
        self.table = PassageTable.of(parts.chunks)
        self.chunks = parts.chunks
        self._speller = None
        self.section_lexical = parts.sections
        self.lexical = parts.lexical

    def load_dense(self, progress: Progress | None = None, *, report: IndexReport | None = None,
                   wait: bool = True, notice: Callable[[Notice], None] | None = None) -> int:
        """Open the vector store and embed what is missing. Slow the first time (torch).

        Returns how many passages were embedded. Failure leaves lexical search working and
        records the reason in `dense_error`; so does another process embedding this index
        when `wait` is False (a one-shot question does not wait hours for a library's vectors).
        `notice` is told, once, before a new index of many windows is embedded (building_notice).
        """
        from assistant.knowledge.dense import DenseError, LazyEmbedder

        notify = progress or (lambda stage, done, total: None)
        if self.lexical is None:
            raise KnowledgeError("build the lexical index first (ensure_index)")
        embedder = LazyEmbedder(self.model_name, on_load=lambda: notify("model laden", 0, 1),
                                device=self.settings.embedding_device)
        try:
            # the model first: one that cannot load made its collection on a team's server all the
            # same, empty (queries need it anyway: it loaded after the store before)
            notify("model laden", 0, 1)
            embedder.load()
            notify("model laden", 1, 1)
            lock = reading_lock(self.index_dir) if self.read_only else vectors_lock(self.index_dir, wait=wait)
            with lock:
                try:
                    dense, embedded = self._open_and_sync(embedder, report, notify, notice)
                except (DenseError, KnowledgeError):
                    raise
                except Exception as exc:  # noqa: BLE001 - chroma raises many kinds on a damaged store
                    # it opened, but its vectors do not read (a damaged segment file): it stayed
                    # words-only, "cannot be written", and `stappenplan index` repaired nothing
                    if self.read_only or self.settings.chroma_url or disk_full(self.index_dir, exc):
                        raise
                    remove_damaged_store(self.index_dir, exc, report)
                    dense, embedded = self._open_and_sync(embedder, report, notify, notice)
                dense.drop_other_collections()
                if not self.read_only:
                    self._note_dense_model()
            single_threaded_queries()
        except (DenseError, KnowledgeError) as exc:
            self.dense_error = str(exc)
            self.dense_problem = exc
            log.warning("dense search unavailable: %s", exc)
            return 0
        except Exception as exc:  # noqa: BLE001 - the vector store failed (a full disk): lexical search stands
            self.dense_problem = DenseError(*store_failure(self.index_dir, exc))
            self.dense_error = str(self.dense_problem)
            log.warning("vector store failed", exc_info=True)
            return 0
        self.dense = dense
        self.dense_error = None
        self.dense_problem = None
        self.dense_failing = None  # what failed was the store these vectors replace
        return embedded

    def remove_vectors(self, chunks: list[Chunk]) -> int | None:
        """Remove the stored windows of `chunks` (passages of documents dropped from the library,
        which a server's collection keeps: sync removes only a local store's); how many were
        there, or None where the vectors are not loaded."""
        return self.dense.remove(chunks) if self.dense is not None else None

    def dense_error_in(self, lang: str) -> str | None:
        """Why search by meaning is unavailable, in `lang` where the reason has both languages
        (the notice showed it twice, Dutch then English, in either interface)."""
        if self.dense_problem is not None:
            return self.dense_problem.message(lang)
        if self.dense_error is None and self.dense_failing is not None:
            return self.dense_failing.message(lang)
        return self.dense_error

    def _open_and_sync(self, embedder: Any, report: IndexReport | None, notify: Progress,
                       notice: Callable[[Notice], None] | None) -> tuple[Any, int]:
        """The vector store opened, and what it lacks embedded: (the store, how many were)."""
        url = self.settings.chroma_url
        dense = open_dense(self.index_dir, url, embedder, self.model_name, read_only=self.read_only, report=report)
        announce = None if notice is None else (lambda windows: notice(building_notice(self.model_name, url, windows)))
        return dense, dense.sync(self.chunks, progress=lambda d, t: notify("embedden", d, t), announce=announce)

    # ------------------------------------------------------------------ search
    def retrieve(self, question: str, k: int = 10) -> Retrieval:
        """Passages for a question, best first, and whether the guidance covers it.

        The lexical score (BM25 with section context, a named step's boost and synonyms, scaled
        to the best passage) and the dense model's closeness (_with_meaning) are added; the
        guidance covers the question when the params' coverage model says so of its signals
        (coverage.signals).
        """
        scored = self.ranking_state(question)
        text, candidates, shares, masks, similarities = (scored.text, scored.candidates, scored.shares, scored.masks,
                                                          scored.similarities)
        params = self.params
        # what a definition or comparison asks for is judged on words and meaning together
        final = ranking.with_definitions(text, scored.pool, scored.final, self.table.folded, params)
        pool, final = ranking.with_compared_sides(text, scored.pool, final, self.table.folded, params)
        ranked = sorted(set(pool), key=lambda i: -final[i])[:max(k, 1)]
        best = float(final[ranked[0]]) if ranked else 1.0
        passages = [Passage(self.chunks[i], rank=n + 1, score=round(max(0.0, float(final[i])) / best, 4) if best > 0 else 0.0)
                    for n, i in enumerate(ranked)]
        # the words' share is judged on the BM25 ranking, not on a reordering that favours
        # passages covering the question; the meaning through the raw similarities
        focus = float(shares[candidates].max()) if candidates else 0.0
        # a candidate that addresses more by itself than the best five together sets the coverage
        coverage = max(ranking.covered_share(masks, candidates[:params.coverage_passages]), focus)
        # a question what a step of the plan is that its step's passages answer is covered: every
        # step is in the guidance, however the question is phrased ("Wat houdt stap 4 in?"); one
        # about something within a step is judged as any other ("Welke rol heeft … in stap 1?")
        step = step_itself_asked_about(question)
        about_step = step is not None and bool(passages) and passages[0].chunk.step == step
        lacks, others = self._lacks_fact(text, candidates, similarities)
        # the coverage model with meaning was fitted on the default model's similarities: with
        # another model named in the settings (the English MiniLM's run higher and flatter over
        # Dutch text) it judged almost every question not covered; there the words judge
        calibrated = similarities if self.model_name == DEFAULT_EMBEDDING_MODEL else None
        unknown = bool(unknown_names(text, self.table.words(), WORD_LIST))
        signals = coverage_signals(masks, focus, coverage, candidates, calibrated, english=looks_english(text),
                                   about_step=about_step, lacks=lacks, unknown_name=unknown, fact_of_others=others)
        found = bool(passages) and covers(params, signals)
        return Retrieval(text, passages, found=found, relevance=round(coverage, 4), focus=round(focus, 4),
                         corrections=scored.corrections, signals=signals)

    def _lacks_fact(self, text: str, candidates: list[int], similarities: np.ndarray | None) -> tuple[float, bool]:
        """coverage.lacks_fact and coverage.fact_of_others on the best passages; an English
        question's words through the lexicon (only for a question that asks for a fact: the rest
        need none)."""
        if asked_fact(text) is None:
            return 0.0, False
        translated = ([known for _, known, _ in query.weighted_concepts(text, self.lexical, self.params)]
                      if looks_english(text) else None)
        best = [self.chunks[i] for i in fact_passages(candidates, similarities)]
        texts = [c.text for c in best]
        return (lacks_fact(text, texts, translated),
                fact_of_others(text, texts, [c.section for c in best], translated, _english_only))

    def ranking_state(self, question: str, *, features: bool = False) -> Scored:
        """The question read (cleaned, step numbers, spelling) and its passages scored on words and
        meaning: what retrieve() ranks, before definitions and compared sides; with `features` (or
        a learned ranking) also the features of its candidates (bench/fit_ranking.py fits on them)."""
        text, _ = query.clean_question(question)
        text = query.without_markup(text)
        if not any(c.isalnum() for c in text):  # "", "?", "…": nothing to search for
            raise QuestionError("Lege vraag", "Empty question")
        if (word := query.refers_back_only(text)) is not None:  # "wat betekent dat?" with nothing before it
            raise QuestionError(f"Waarnaar verwijst ‘{word}’?", f"What does ‘{word}’ refer to?", refers_to=word)
        text = with_contractions(text)  # "What's SBIR?" asks what SBIR is
        # "I don't understand what TRL means" asks what TRL is; its "understand" and "means" found
        # "kunt u toetsen of iedereen begrijpt wat u ermee bedoelt"
        text = unwrapped_question(text)
        text = with_step_numbers(text)  # "de derde stap" is "stap 3" to the index
        lexical = self.lexical
        if lexical is None:
            raise KnowledgeError("De index is nog niet geladen", "The index is not loaded yet")
        params = self.params
        text, corrections = query.with_spelling(text, lexical, self._get_speller)
        boost = self._named_boost(text)
        candidates, lexical_scores = self._lexical_scores(text, boost)
        # the ranking also counts a verb in another person ("stelt" for "Hoe stel ik …?"); whether
        # the guidance covers the question does not: verbs say little about the subject, and
        # "Hoe vraag ik een paspoort aan?" found "vraagt" everywhere
        masks, inflected = query.question_masks(text, lexical, params)
        shares = ranking.addressed_shares(inflected, len(self.chunks))
        words = ranking.scaled(lexical_scores, candidates)
        final = ranking.scaled(ranking.with_coordination(shares, candidates, lexical_scores, params), candidates)
        scored = Scored(text, corrections, candidates, shares, masks, pool=list(candidates), final=final)
        if self.dense is not None:
            self._with_meaning(scored, words, boost, features=features or bool(params.learned_weights))
        return scored

    def _with_meaning(self, scored: Scored, words: np.ndarray, boost: np.ndarray, *, features: bool) -> None:
        """`scored.final` fused with the dense model's closeness (ranking.fused; or the learned
        ranking, params.learned_weights, over the candidates' features), the closest passages
        added to its pool, and each passage's similarity (its best window's: what the coverage
        model was fitted on). On failure, `scored` as it was (the words still stand)."""
        english = looks_english(scored.text)
        params = self.params
        try:
            window_scores, owners = self.dense.window_similarities(scored.text, self.table.ids)
        except Exception as exc:  # noqa: BLE001 - lexical results still stand
            log.warning("dense search failed: %s", exc)
            self._meaning_failed(exc)
            return
        self.dense_failing = None
        similarities = ranking.passage_similarities(window_scores, owners, len(self.chunks), params)
        fused, closest = ranking.fused(scored.final, similarities, boost, params, english=english)
        scored.similarities = ranking.best_windows(window_scores, owners, len(self.chunks))
        if features:
            wide = [int(i) for i in np.argsort(-similarities)[:params.learned_pool]]
            scored.wide_pool = list(dict.fromkeys([*scored.candidates, *wide]))
            scored.features = ranking.candidate_features(
                scored.wide_pool, scored.candidates, words, scored.final, scored.shares, similarities,
                scored.similarities, boost, fused, english=english)
            scored.others = np.where(scored.final > 0, ranking.OUTSIDE * scored.final, 0.0)
        if params.learned_weights:
            scored.pool = scored.wide_pool
            scored.final = ranking.learned_scores(scored.pool, scored.features, np.asarray(params.learned_weights),
                                                  scored.others)
        else:
            scored.pool = [*scored.candidates, *closest]  # passages the words missed but the meaning found
            scored.final = fused

    def _meaning_failed(self, exc: BaseException) -> None:
        """Note why search by meaning failed (said where the interface shows how it searches: it
        said "semantic search active"). A collection gone from the store (a server restarted
        with an empty one) is built again in the background, as a start would: the app searched
        by words, and said Chroma's English, until it was restarted."""
        from assistant.knowledge.dense import DenseError  # loaded with the vectors

        url = self.settings.chroma_url
        if collection_gone(exc) and not self.read_only:  # a read-only index cannot be built again
            self.dense_failing = rebuilding_failure(bool(url))
            self._rebuild_vectors()
            return
        self.dense_failing = server_failure(url, exc) if url else DenseError(f"{type(exc).__name__}: {exc}")

    def _rebuild_vectors(self) -> None:
        """load_dense in a thread of its own, unless one runs: the vectors looked up again (a
        colleague may have built them on the server since) and what is missing embedded."""
        with self._rebuilding_lock:
            if self._rebuilding is not None and self._rebuilding.is_alive():
                return
            # a rebuild that failed (the server still away, a full disk) is not tried at every
            # question: each embeds the corpus beside the query on two cores
            now = time.monotonic()
            if self._rebuilt_at is not None and now - self._rebuilt_at < REBUILD_RETRY_S:
                return
            self._rebuilt_at = now

            def rebuild() -> None:
                try:
                    self.load_dense(wait=False)
                except Exception:  # noqa: BLE001 - a thread of its own: a later failing question tries again
                    log.warning("vectors not built again", exc_info=True)
                if not self.dense_ready and self.dense_problem is not None:
                    self.dense_failing = self.dense_problem  # "being rebuilt" is no longer true: why it failed

            self._rebuilding = threading.Thread(target=rebuild, name="stappenplan-vectors", daemon=True)
            self._rebuilding.start()

    def prepare_spelling(self) -> None:
        """Build what correcting a typing slip and looking up a name need (~0.4 s), so the first
        question does not wait."""
        if self.lexical is not None:
            self._get_speller()
        if self.table is not None:
            self.table.words()
        WORD_LIST.available()

    def _get_speller(self) -> Speller:
        if self._speller is None:
            self._speller = query.build_speller(self.lexical, self.chunks)
        return self._speller

    def _lexical_scores(self, text: str, boost: np.ndarray) -> tuple[list[int], np.ndarray]:
        """BM25 of each passage, plus a share of its section's BM25, times the named `boost`
        (_named_boost: a named step, figure or story), and synonyms added to the best of them;
        and the best candidates in the order of the scores before synonyms (whether the guidance
        covers the question is judged on the words typed)."""
        lexical, params, nothing = self.lexical, self.params, np.zeros(len(self.chunks))
        terms = lexical.analyzer.query_terms(text)
        scores = lexical.scores(terms)
        if _top(scores) <= 0:
            # none of its words occur: perhaps synonyms of them do ("Wat is de AGVV?"). Only
            # then: as expansion in general they pulled in as many wrong passages as right ones
            terms = lexical.analyzer.query_terms(text, unseen_synonyms=True)
            scores = lexical.scores(terms)
        if _top(scores) <= 0:
            return [], nothing
        if params.prf_terms:
            terms = ranking.feedback_terms(terms, scores, lexical, [c.text for c in self.chunks], params)
            scores = lexical.scores(terms)
        step = query.mentioned_step(text)
        if step is not None and f"stap{step}" in terms:
            # the named step counts in that step's own passages only
            mention = lexical.scores({f"stap{step}": terms[f"stap{step}"]})
            scores = ranking.without_step_mentions(scores, mention, self.table.step, step)
            if _top(scores) <= 0:
                return [], nothing
        sections = self.section_lexical.scores(terms) if self.section_lexical is not None else None
        combined = ranking.with_section_context(scores, sections, self.table.section, boost, params)
        candidates = ranking.candidates(combined, params)
        return candidates, self._with_synonyms(text, terms, candidates, combined, boost / _top(scores))

    def _named_boost(self, text: str) -> np.ndarray:
        """Per passage, how much more it weighs because the question names its step, its table
        or figure, or its story's speaker or organisation (1 for the rest)."""
        table = self.table
        figure = query.mentioned_figure(text)
        return ranking.named_boost(
            len(self.chunks), self.params, step=query.mentioned_step(text), chunk_step=table.step,
            chunk_opens=table.opens, figure=None if figure is None else query.figure_mask(figure, self.chunks),
            subject=query.subject_mask(text, table.subject_names, table.top))

    def _with_synonyms(self, text: str, terms: dict[str, float], candidates: list[int], combined: np.ndarray,
                       scale: np.ndarray) -> np.ndarray:
        """The best candidates also score for synonyms of the question's words
        (prompts/lexicon/synonyms_nl.tsv: the question's "geld" is the guidance's "budget").
        A word's synonyms share its weight, as an English word's translations do
        (Analyzer.synonym_terms), so a large group does not outweigh the words typed. `scale`
        turns their BM25 into the scale of `combined`, with the same boosts (a named step)."""
        if not self.params.synonym_weight or not candidates[:self.params.synonym_pool]:
            return combined
        synonyms = self.lexical.analyzer.synonym_terms(text, terms)
        if not synonyms:
            return combined
        return ranking.with_synonyms(combined, candidates, self.lexical.scores(synonyms), scale, self.params)

    def concepts(self, text: str) -> list[Concept]:
        if self.lexical is None:
            return []
        return self.lexical.analyzer.concepts(text)

    def question_masks(self, text: str) -> list[Mask]:
        """Per content word of the question, which passages address it, with its weight
        (query.question_masks)."""
        return query.question_masks(text, self.lexical, self.params)[0]

    def coverage(self, text: str, chunks: list[Chunk]) -> float:
        """IDF-weighted share of the question's content words that these passages address."""
        if self.lexical is None or not chunks:
            return 0.0
        positions = [self.table.position[c.id] for c in chunks if c.id in self.table.position]
        return ranking.covered_share(self.question_masks(text), positions)

    def window_closeness(self, text: str, chunk: Chunk) -> list[float]:
        """The dense model's similarity of `text` (a question as retrieve searched it) to each of
        the chunk's windows (dense.passage_windows), reusing what that search scored; [] without
        the model or when it fails (the words still choose)."""
        position = self.table.position.get(chunk.id) if self.table is not None else None
        if self.dense is None or position is None:
            return []
        try:
            return self.dense.passage_window_similarities(text, self.table.ids, position)
        except Exception as exc:  # noqa: BLE001 - an answer stands on the words alone
            log.warning("dense window similarity failed: %s", exc)
            return []

    def step_openings(self) -> list[Chunk]:
        """Each step's opening passage, in step order: the first passage under the step's own
        heading ("Stap 4: Bepaal criteria om de innovatie te beoordelen")."""
        first: dict[int, Chunk] = {}
        for chunk, opens in zip(self.chunks, self.table.opens if self.table is not None else ()):
            if chunk.step is not None and opens:
                first.setdefault(chunk.step, chunk)
        return [first[step] for step in sorted(first)]

    def following(self, chunk: Chunk) -> Chunk | None:
        """The passage after `chunk` in the same section, if there is one."""
        position = self.table.position.get(chunk.id) if self.table is not None else None
        if position is None or position + 1 >= len(self.chunks):
            return None
        after = self.chunks[position + 1]
        return after if (after.doc, after.section) == (chunk.doc, chunk.section) else None

    def preceding(self, chunk: Chunk) -> Chunk | None:
        """The passage before `chunk` in the same section, if there is one."""
        position = self.table.position.get(chunk.id) if self.table is not None else None
        if not position:
            return None
        before = self.chunks[position - 1]
        return before if (before.doc, before.section) == (chunk.doc, chunk.section) else None


@dataclass
class Scored:
    """A question's passages scored (KnowledgeBase.ranking_state): the question as read, the
    lexical candidates, each passage's share of the question (ranking.addressed_shares), the
    question's word masks, the pool to rank and its scores; with the meaning model, each passage's
    best window's similarity, and the features of the wide pool (ranking.candidate_features)."""

    text: str
    corrections: list
    candidates: list[int]
    shares: np.ndarray
    masks: list[Mask]
    pool: list[int]
    final: np.ndarray
    similarities: np.ndarray | None = None
    wide_pool: list[int] = field(default_factory=list)
    features: np.ndarray | None = None
    others: np.ndarray | None = None


def _top(scores: np.ndarray) -> float:
    """The best score, or 0 for no passages."""
    return float(scores.max()) if scores.size else 0.0


def _english_only(word: str) -> bool:
    """An English word and no Dutch one: a name in it may be one the Dutch guidance writes
    otherwise (coverage.question_names)."""
    return WORD_LIST.in_language(word, "en") and not WORD_LIST.in_language(word, "nl")
