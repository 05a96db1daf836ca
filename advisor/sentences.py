"""Small-to-big search: a question is matched against single sentences, and the chunk holding
the best-matching sentence is what search returns.

A chunk of a few hundred tokens covers several points; its one vector and its BM25 length
normalisation blur the sentence that answers. Scoring each chunk by its best sentence, both
by embedding and by BM25 over the sentence with its section heading, keeps the answer's
context while ranking on the answer itself.

Sentence vectors are cached by content (sha1 of the text) per embedding space, in
`data_dir/sentence-vectors/`. The first search after an ingest embeds the sentences it has not
seen (the corpus's 800 take about ten seconds on two cores, once); later ones, and later
processes, read them back, and repeated sentences share one vector. More than EMBED_AT_SEARCH
new sentences are not embedded at search time at all (see `sentence_vectors`).
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from advisor.chunking import sentence_spans
from advisor.lexical import LexicalIndex, tokenize
from advisor.schemas import Chunk

_CACHE_LOCK = threading.Lock()
# A search embeds at most this many new sentences (about a minute on two cores); beyond it the
# others score 0 on the sentence vector signal rather than stall the search for hours.
EMBED_AT_SEARCH = 5000


class DocumentEmbedder(Protocol):
    def embed_documents(self, texts: list[str]) -> list[list[float]]: ...


def sentences(chunk: Chunk) -> list[str]:
    """The chunk's sentences; a chunk without any counts as one."""
    found = [chunk.text[s:e] for s, e in sentence_spans(chunk.text)]
    return found or [chunk.text]


def _key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def sentence_vectors(
    texts: Sequence[str], embedder: DocumentEmbedder, cache_file: Path
) -> tuple[np.ndarray, np.ndarray]:
    """(one vector per distinct text, row of each text in it), embedding only uncached texts, and
    none when more than EMBED_AT_SEARCH are new: those get a zero vector."""
    keys = [_key(t) for t in texts]
    with _CACHE_LOCK:
        cached: dict[str, np.ndarray] = {}
        if cache_file.is_file():
            try:
                with np.load(cache_file) as data:
                    cached = dict(zip(data["keys"].tolist(), data["vectors"], strict=True))
            except (OSError, ValueError, KeyError):
                cached = {}  # a damaged cache is rebuilt
        missing = {k: t for k, t in zip(keys, texts, strict=True) if k not in cached}
        if missing and len(missing) <= EMBED_AT_SEARCH:
            vectors = embedder.embed_documents(list(missing.values()))
            cached.update(
                zip(missing, np.asarray(vectors, dtype=np.float16), strict=True)  # half the disk
            )
            cache_file.parent.mkdir(parents=True, exist_ok=True)
            scratch = cache_file.with_name(f".{cache_file.stem}.{uuid.uuid4().hex}.npz")
            np.savez(scratch, keys=np.array(list(cached)), vectors=np.stack(list(cached.values())))
            os.replace(scratch, cache_file)
    distinct = list(dict.fromkeys(keys))
    row = {k: i for i, k in enumerate(distinct)}
    width = len(next(iter(cached.values()))) if cached else 1
    zero = np.zeros(width, dtype=np.float16)
    matrix = np.stack([cached.get(k, zero) for k in distinct]).astype(np.float32)
    return matrix, np.array([row[k] for k in keys], dtype=np.int64)


def cache_file(data_dir: Path, space: str, folder: str = "sentence-vectors") -> Path:
    """Where the vectors of embedding space `space` are kept: the sentences' by default."""
    return data_dir / folder / (re.sub(r"[^A-Za-z0-9_.-]", "_", space)[:80] + ".npz")


class SentenceIndex:
    """Per-chunk best-sentence scores, dense and lexical, over chunks in a fixed row order."""

    def __init__(
        self,
        starts: np.ndarray,
        vectors: np.ndarray,
        vector_rows: np.ndarray,
        lexical: LexicalIndex,
    ) -> None:
        self.starts = starts  # first sentence of each chunk row; a chunk's sentences are contiguous
        self.vectors = vectors
        self.vector_rows = vector_rows
        self.lexical = lexical

    @classmethod
    def build(
        cls,
        chunks: Sequence[Chunk],
        embedder: DocumentEmbedder,
        data_dir: Path,
        space: str,
        version: str,
    ) -> SentenceIndex:
        """The index of `chunks` (in the chunk BM25 index's row order) at catalog `version`."""
        texts: list[str] = []
        lexical_texts: list[str] = []
        starts = []
        for chunk in chunks:
            starts.append(len(texts))
            heading = chunk.heading_path[-1] if chunk.heading_path else ""
            for sentence in sentences(chunk):
                texts.append(sentence)
                lexical_texts.append(f"{heading}\n{sentence}")
        vectors, rows = (
            sentence_vectors(texts, embedder, cache_file(data_dir, space))
            if texts
            else (np.zeros((0, 1), np.float32), np.zeros(0, np.int64))
        )
        lexical = LexicalIndex.cached(
            data_dir / "lexical-sentences",
            version,
            [str(i) for i in range(len(texts))],
            lambda: lexical_texts,
        )
        return cls(np.array(starts, dtype=np.int64), vectors, rows, lexical)

    def dense(
        self, query_vector: Sequence[float], n: int, mask: np.ndarray | None = None
    ) -> list[tuple[int, float]]:
        """(chunk row, cosine of its closest sentence) for the `n` best chunks."""
        vector = np.asarray(query_vector, dtype=np.float32)
        if not len(self.vector_rows) or self.vectors.shape[1] != len(vector):
            return []  # no sentence has a vector yet
        per_vector = self.vectors @ vector
        scores = per_vector[self.vector_rows]
        best = np.maximum.reduceat(scores, self.starts)
        return self._top(best, n, mask)

    def lexical_scores(
        self, query: str, n: int, mask: np.ndarray | None = None
    ) -> list[tuple[int, float]]:
        """(chunk row, BM25 of its best sentence) for the `n` best chunks with a positive score."""
        bm25 = self.lexical.bm25
        token_ids = bm25.get_tokens_ids(tokenize(query))
        if not token_ids or not len(self.vector_rows):
            return []
        best = np.maximum.reduceat(bm25.get_scores_from_ids(token_ids), self.starts)
        return [(row, score) for row, score in self._top(best, n, mask) if score > 0]

    @staticmethod
    def _top(best: np.ndarray, n: int, mask: np.ndarray | None) -> list[tuple[int, float]]:
        if mask is not None:
            best = np.where(mask > 0, best, -np.inf)
        n = min(n, len(best))
        if n <= 0:
            return []
        top = np.argpartition(-best, n - 1)[:n]
        top = top[np.argsort(-best[top], kind="stable")]
        return [(int(i), float(best[i])) for i in top if np.isfinite(best[i])]
