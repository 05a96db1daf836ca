"""Hybrid retrieval: dense search in Chroma and BM25 over the same chunks, plus each chunk's
best-matching sentence by embedding and by BM25 (`advisor.sentences`), fused into one ranking.

Each retriever's candidate scores are min-max normalised (cosine and BM25 live on different
scales) and summed with the weights of `settings.retrieval`, together with the votes of the
corpus's question bank (`advisor.question_bank`, read by the search's embeddings and by e5,
`advisor.e5`) and a prior toward the documents defining the frameworks the question is routed to
(`advisor.prior`); near-duplicate passages are then dropped. The chunk catalog is the source of
truth: hits are built from its chunks, so offsets always index the document body. A snapshot of
the catalog (chunks, BM25 index, document frameworks) is rebuilt when its version changes, so a
re-ingest is picked up without a restart.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Literal, Protocol

import numpy as np

from advisor.errors import InvalidInput, NotFound, StoreUnavailable
from advisor.lexical import LexicalIndex, tokenize
from advisor.prior import FrameworkRouter, document_prior, prior_list
from advisor.question_bank import BankEntry, QuestionVotes, indexed_bank
from advisor.rerank import complete
from advisor.schemas import Chunk, Hit
from advisor.sentences import SentenceIndex, cache_file, sentence_vectors

if TYPE_CHECKING:
    from advisor.config import Settings
    from advisor.rerank import Reranker
    from advisor.store import ChunkCatalog, VectorStore

Mode = Literal["hybrid", "dense", "bm25"]
MODES: tuple[Mode, ...] = ("hybrid", "dense", "bm25")


class QueryEmbedder(Protocol):
    """What search needs of an embedding model: LangChain `Embeddings` and the bundled MiniLM both fit."""

    def embed_query(self, text: str) -> list[float]: ...

    def embed_documents(self, texts: list[str]) -> list[list[float]]: ...


@dataclass(frozen=True)
class _Snapshot:
    """Everything derived from one catalog version; immutable, so threads share it freely."""

    version: str
    chunks: dict[str, Chunk]
    lexical: LexicalIndex
    rows_by_doc: dict[str, np.ndarray]
    frameworks_by_doc: dict[str, frozenset[str]]
    sentences: SentenceIndex
    bank: QuestionVotes
    bank_e5: QuestionVotes

    def lexical_mask(self, doc_ids: set[str] | None) -> np.ndarray | None:
        """1 for the BM25 rows of `doc_ids`, 0 elsewhere; None when every document is allowed."""
        if doc_ids is None:
            return None
        mask = np.zeros(len(self.lexical), dtype=np.float32)
        for doc_id in doc_ids:
            mask[self.rows_by_doc.get(doc_id, [])] = 1.0
        return mask


class Retriever:
    """Dense + BM25 search over the indexed chunks; one instance serves concurrent requests."""

    def __init__(
        self,
        settings: Settings,
        embeddings: QueryEmbedder,
        store: VectorStore,
        catalog: ChunkCatalog,
        reranker: Reranker | None = None,
        router: FrameworkRouter | None = None,
        e5: QueryEmbedder | None = None,
    ) -> None:
        self.settings = settings
        self.reranker = reranker
        self.router = router
        self.embeddings = embeddings
        self.e5 = e5
        self.store = store
        self.catalog = catalog
        self._snapshot: _Snapshot | None = None
        self._lock = threading.Lock()
        # The answer service searches the same question twice (all documents, then its
        # frameworks' documents): the second search reuses the query vector.
        self._query_vector = lru_cache(maxsize=256)(
            lambda text: tuple(embeddings.embed_query(text))
        )
        self._e5_vector = lru_cache(maxsize=256)(
            lambda text: tuple(e5.embed_query(text)) if e5 is not None else ()
        )

    @classmethod
    def from_settings(
        cls, settings: Settings, embeddings: QueryEmbedder | None = None
    ) -> Retriever:
        """Open the configured store and catalog; embeddings default to the process's shared model."""
        from advisor.e5 import shared_e5
        from advisor.rerank import build_reranker
        from advisor.store import ChromaStore, ChunkCatalog

        store = ChromaStore(settings)

        reranker = build_reranker(settings)
        # e5 reads the bank in a space of its own, whatever the search's embeddings are.
        e5 = (
            shared_e5(settings.data_dir / "models")
            if settings.retrieval.question_bank_e5_weight > 0
            else None
        )

        # Plain chromadb rather than langchain_chroma: searching only needs ids and distances,
        # and not importing LangChain's vector store stack saves about half a second a start.
        if embeddings is None and settings.embeddings.provider == "onnx-minilm":
            from advisor.minilm import shared_minilm

            # The process's one copy of the bundled model (ingest shares it), queried directly:
            # a search needs no LangChain. It loads in a worker thread while chromadb imports and
            # opens the store; onnxruntime releases the GIL while it builds its session, so the
            # two overlap. advisor.minilm has imported onnxruntime and tokenizers by now, so the
            # worker imports nothing the main thread is importing.
            from advisor.prior import lazy_question_router

            with ThreadPoolExecutor(max_workers=1) as pool:
                model = pool.submit(shared_minilm, settings)
                _open_if_up(store)
                # The reader's labelled questions are embedded with this same model, so its
                # routing of a query vector means something only here.
                router = lazy_question_router(settings.data_dir / "question-routing")
                return cls(
                    settings, model.result(), store, ChunkCatalog(settings), reranker, router, e5
                )
        if embeddings is None:
            from advisor.embeddings import shared_embeddings

            embeddings = shared_embeddings(settings)
        return cls(settings, embeddings, store, ChunkCatalog(settings), reranker, e5=e5)

    def warm(self) -> None:
        """What a long-running process loads before its first question: the index snapshot, and
        e5's faster copy (a one-shot command starts sooner without it)."""
        speed_up = getattr(self.e5, "speed_up", None)  # any embedder may read the bank
        if speed_up is not None:
            speed_up()
        self.snapshot()

    def forget_queries(self) -> None:
        """Drop the remembered query vectors: the next search embeds its question afresh, as a
        bench timing a whole query needs."""
        self._query_vector.cache_clear()
        self._e5_vector.cache_clear()

    @property
    def degraded(self) -> str | None:
        """Why search runs on BM25 alone right now (the vector store is away), or None."""
        return self.store.outage

    # Snapshot ------------------------------------------------------------------------------
    def snapshot(self) -> _Snapshot:
        """The current catalog's chunks and BM25 index, rebuilt only when the catalog changed."""
        version = self.catalog.version()
        current = self._snapshot
        if current is not None and current.version == version:
            return current
        if current is not None and self.catalog.get_state("complete") != "1":
            # An ingest is under way and bumps the version per document: keep serving the last
            # complete index rather than rebuilding BM25 for every intermediate state.
            return current
        with self._lock:
            if self._snapshot is None or self._snapshot.version != version:
                self._snapshot = self._build(version)
            return self._snapshot

    def _build(self, version: str) -> _Snapshot:
        from advisor.chunking import index_text

        chunks = self.catalog.all_chunks()
        ids = [c.chunk_id for c in chunks]
        texts = lambda: [index_text(c) for c in chunks]
        lexical = LexicalIndex.cached(self.settings.data_dir / "lexical", version, ids, texts)
        if set(lexical.chunk_ids) != set(ids):
            # The catalog moved on between reading its version and its chunks: index what was read.
            lexical = LexicalIndex.build(ids, texts())
        position = {chunk_id: row for row, chunk_id in enumerate(lexical.chunk_ids)}
        rows: dict[str, list[int]] = {}
        for chunk in chunks:
            rows.setdefault(chunk.doc_id, []).append(position[chunk.chunk_id])
        by_id = {c.chunk_id: c for c in chunks}
        space = self.catalog.get_state("embedder") or "unknown"
        sentences = SentenceIndex.build(
            [by_id[chunk_id] for chunk_id in lexical.chunk_ids],
            self.embeddings,
            self.settings.data_dir,
            space,
            version,
        )
        records = [record for record in self.catalog.documents() if record.doc_id in rows]
        bank, bank_e5 = self._question_banks(
            {record.doc_id: record.sha256 for record in records},
            [by_id[chunk_id] for chunk_id in lexical.chunk_ids],
            space,
        )
        return _Snapshot(
            version=version,
            chunks={c.chunk_id: c for c in chunks},
            lexical=lexical,
            rows_by_doc={doc: np.array(r, dtype=np.int64) for doc, r in rows.items()},
            frameworks_by_doc={
                record.doc_id: frozenset(record.meta.get("frameworks") or ()) for record in records
            },
            sentences=sentences,
            bank=bank,
            bank_e5=bank_e5,
        )

    def _question_banks(
        self, indexed: dict[str, str], chunks: list[Chunk], space: str
    ) -> tuple[QuestionVotes, QuestionVotes]:
        """The corpus's bank questions voting for `chunks` (BM25 row order), read by the search's
        embeddings and by e5; either is empty when its weight is 0. Their vectors are cached by
        content like the sentences'."""
        config = self.settings.retrieval
        readers = [
            (self.embeddings, space, config.question_bank_weight),
            (self.e5, getattr(self.e5, "model_id", ""), config.question_bank_e5_weight),
        ]
        wanted = any(embedder is not None and weight > 0 for embedder, _, weight in readers)
        entries = indexed_bank(self.settings.corpus_dir, indexed) if wanted else []
        banks: list[QuestionVotes] = []
        built: QuestionVotes | None = None  # which chunks each question votes for, found once
        for embedder, embedder_space, weight in readers:
            if embedder is None or weight <= 0 or not entries:
                banks.append(QuestionVotes.empty())
                continue
            vectors, rows = sentence_vectors(
                [entry.question for entry in entries],
                embedder,
                cache_file(self.settings.data_dir, embedder_space, "bank-vectors"),
            )
            if built is None:
                built = QuestionVotes.build(entries, vectors[rows], chunks)
            else:
                built = built.with_vectors(vectors[rows])
            banks.append(built)
        return banks[0], banks[1]

    # Search --------------------------------------------------------------------------------
    def search(
        self,
        query: str,
        k: int | None = None,
        *,
        doc_ids: list[str] | None = None,
        frameworks: list[str] | None = None,
        mode: Mode = "hybrid",
    ) -> list[Hit]:
        """The `k` best distinct chunks for `query`, optionally only from some documents or frameworks."""
        if not query or not query.strip():
            raise InvalidInput("the search query is empty; pass a question", field="query")
        if mode not in MODES:
            raise InvalidInput(
                f"unknown retrieval mode {mode!r}; use one of {', '.join(MODES)}", field="mode"
            )
        config = self.settings.retrieval
        k = config.k if k is None else k
        if k < 1:
            raise InvalidInput(f"k must be at least 1, got {k}", field="k")
        snap = self.snapshot()
        allowed = self._allowed_docs(snap, doc_ids, frameworks)
        if allowed is not None and not allowed:
            return []
        # Extra candidates leave room for the near-duplicates dropped below.
        n = max(config.candidates, 2 * k)
        mask = snap.lexical_mask(allowed)
        ids = snap.lexical.chunk_ids
        lists: list[tuple[list[tuple[str, float]], float]] = []
        if mode != "bm25":
            try:
                lists.append((self._dense(query, n, allowed), config.dense_weight))
            except StoreUnavailable:
                if mode == "dense":
                    raise
                mode = "bm25"  # hybrid search carries on with BM25 alone; `degraded` says so
        if mode != "dense":
            lists.append((snap.lexical.search(query, n, mask), config.lexical_weight))
        if mode == "hybrid":
            vector = self._query_vector(query)
            lists += [
                (
                    [(ids[r], s) for r, s in snap.sentences.dense(vector, n, mask)],
                    config.sentence_dense_weight,
                ),
                (
                    [(ids[r], s) for r, s in snap.sentences.lexical_scores(query, n, mask)],
                    config.sentence_lexical_weight,
                ),
            ]
            banks = [(snap.bank, vector, config.question_bank_weight, config.question_bank_floor)]
            if len(snap.bank_e5):  # empty at weight 0 or without bank questions: nothing to embed
                banks.append(
                    (
                        snap.bank_e5,
                        self._e5_vector(query),
                        config.question_bank_e5_weight,
                        config.question_bank_e5_floor,
                    )
                )
            for bank, query_vector, weight, floor in banks:
                if weight > 0:
                    votes = bank.dense(query_vector, config.question_bank_neighbours, floor, mask)
                    lists.append((Calibrated((ids[r], s) for r, s in votes), weight))
            lists += self._framework_prior(snap, vector, lists)
            ranked = fuse(lists)
        else:
            ranked = lists[0][0]
        if self.reranker is None or mode != "hybrid":
            return self._distinct(snap, ranked, k)
        pool = self._distinct(snap, ranked, max(k, self.settings.rerank.candidates))
        order = self.reranker.order(query, [hit.text for hit in pool])
        return [pool[i] for i in complete(order, len(pool))][:k]

    def answer_spans(self, query: str) -> list[tuple[BankEntry, float]]:
        """Where the question bank's nearest questions say `query` is answered: their quotes'
        spans with their closeness (0..1); empty without a bank."""
        config = self.settings.retrieval
        bank = self.snapshot().bank  # empty when the bank's weight is 0 (`_question_banks`)
        if not bank.entries:
            return []  # and no query to embed
        return bank.answers(
            self._query_vector(query), config.question_bank_neighbours, config.question_bank_floor
        )

    def _framework_prior(
        self,
        snap: _Snapshot,
        vector: tuple[float, ...],
        lists: list[tuple[list[tuple[str, float]], float]],
    ) -> list[tuple[list[tuple[str, float]], float]]:
        """The candidates of `lists` whose document defines a framework the question is routed
        to, as one more list to fuse; none without a router or weight."""
        weight = self.settings.retrieval.framework_prior_weight
        if self.router is None or weight <= 0:
            return []
        prior = document_prior(
            self.router(vector),
            snap.frameworks_by_doc,
            self.settings.retrieval.framework_prior_min_share,
        )
        if not prior:
            return []
        candidates = (chunk_id for ranked, _ in lists for chunk_id, _ in ranked)
        return [(prior_list(candidates, snap.chunks, prior), weight)]

    def _allowed_docs(
        self, snap: _Snapshot, doc_ids: list[str] | None, frameworks: list[str] | None
    ) -> set[str] | None:
        """The documents a search may return, or None for all of them."""
        allowed: set[str] | None = None
        if doc_ids:
            unknown = sorted(set(doc_ids) - set(snap.rows_by_doc))
            if unknown:
                raise NotFound(
                    f"no indexed document has id {', '.join(map(repr, unknown))}; "
                    "`advisor corpus list` shows the ids",
                    field="doc_ids",
                )
            allowed = set(doc_ids)
        if frameworks:
            defined = (
                set().union(*snap.frameworks_by_doc.values()) if snap.frameworks_by_doc else set()
            )
            unknown = sorted(set(frameworks) - defined)
            if unknown:
                raise NotFound(
                    f"no indexed document defines framework {', '.join(map(repr, unknown))}; "
                    f"known: {', '.join(sorted(defined)) or 'none'}",
                    field="frameworks",
                )
            wanted = set(frameworks)
            by_framework = {d for d, fw in snap.frameworks_by_doc.items() if fw & wanted}
            allowed = by_framework if allowed is None else allowed & by_framework
        return allowed

    def _dense(self, query: str, n: int, allowed: set[str] | None) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity) of the `n` nearest chunks, filtered in Chroma by document."""
        return self.store.query(list(self._query_vector(query)), n, allowed)

    def _distinct(self, snap: _Snapshot, ranked: list[tuple[str, float]], k: int) -> list[Hit]:
        """Hits in rank order, skipping chunks that mostly repeat a better one."""
        threshold = self.settings.retrieval.dedupe_threshold
        hits: list[Hit] = []
        kept: list[set[str]] = []
        for chunk_id, score in ranked:
            chunk = snap.chunks.get(chunk_id)
            if chunk is None:  # the store is briefly ahead of the catalog during an ingest
                continue
            words = set(tokenize(chunk.text))
            if any(overlap(words, other) >= threshold for other in kept):
                continue
            kept.append(words)
            hits.append(Hit(**chunk.model_dump(), score=round(score, 6)))
            if len(hits) == k:
                break
        return hits


def _open_if_up(store: VectorStore) -> None:
    """Open the store now, overlapping the model load; a store that is away is opened later."""
    try:
        store.generation()
    except StoreUnavailable:
        pass


class Calibrated(list[tuple[str, float]]):
    """A ranked list whose scores mean the same for every query, fused as they are.

    Min-max normalisation gives a list's best candidate full weight however weak it is: right for
    cosines and BM25 scores, whose scale moves with the query, wrong for the question bank's votes,
    where no bank question near the query must mean no pull at all.
    """


def fuse(lists: list[tuple[list[tuple[str, float]], float]]) -> list[tuple[str, float]]:
    """Weighted sum of min-max normalised scores (`Calibrated` lists' as they are); ids missing
    from a list get 0 from it."""
    fused: dict[str, float] = {}
    for ranked, weight in lists:
        if not ranked or weight == 0:
            continue
        scores = np.array([s for _, s in ranked], dtype=np.float64)
        low, span = scores.min(), scores.max() - scores.min()
        if isinstance(ranked, Calibrated):
            normalised = scores
        elif span > 0:
            normalised = (scores - low) / span
        else:
            normalised = np.ones_like(scores)
        for (chunk_id, _), value in zip(ranked, normalised):
            fused[chunk_id] = fused.get(chunk_id, 0.0) + weight * float(value)
    return sorted(fused.items(), key=lambda item: -item[1])


def overlap(a: set[str], b: set[str]) -> float:
    """Share of the smaller word set found in the other: 1.0 when one passage repeats the other."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))
