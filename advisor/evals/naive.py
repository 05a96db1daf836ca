"""The naive baseline retrieval is measured against: what a first RAG tutorial builds.

LangChain's `RecursiveCharacterTextSplitter` (650 characters, 130 overlap) over each document
body, and bm25s with its own English stopwords and a Snowball stemmer. No headings, no dense
vectors, no fusion. Its chunks carry body offsets, so they are scored by the same rule as the
advisor's.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import bm25s
import numpy as np
import Stemmer
from langchain_text_splitters import RecursiveCharacterTextSplitter

from advisor.corpus import Document
from advisor.schemas import Chunk

CHUNK_CHARS = 650
OVERLAP_CHARS = 130


class NaiveRetriever:
    """Fixed-size character chunks ranked by plain BM25."""

    def __init__(self, docs: Sequence[Document]) -> None:
        splitter = RecursiveCharacterTextSplitter(
            chunk_size=CHUNK_CHARS, chunk_overlap=OVERLAP_CHARS, add_start_index=True
        )
        self.chunks: list[Chunk] = []
        for doc in docs:
            for piece in splitter.create_documents([doc.text]):
                start = piece.metadata["start_index"]
                text = piece.page_content
                self.chunks.append(
                    Chunk(
                        chunk_id=hashlib.sha256(f"{doc.id}:{start}".encode()).hexdigest()[:32],
                        doc_id=doc.id,
                        title=doc.title,
                        start=start,
                        end=start + len(text),
                        text=text,
                    )
                )
        self.stemmer = Stemmer.Stemmer("english")
        self.bm25 = bm25s.BM25()
        self.bm25.index(
            bm25s.tokenize(
                [c.text for c in self.chunks],
                stopwords="en",
                stemmer=self.stemmer,
                show_progress=False,
            ),
            show_progress=False,
        )

    def search(self, query: str, k: int = 5) -> list[Chunk]:
        """The `k` best chunks by BM25 score (fewer when fewer share a word with the query)."""
        (tokens,) = bm25s.tokenize(
            [query], stopwords="en", stemmer=self.stemmer, return_ids=False, show_progress=False
        )
        known = [t for t in tokens if t in self.bm25.vocab_dict]
        if not known:
            return []
        scores = self.bm25.get_scores(known)
        top = np.argsort(-scores, kind="stable")[:k]
        return [self.chunks[i] for i in top if scores[i] > 0]
