"""A bank of the questions each corpus passage answers, matched against the question asked.

A founder's words often share nothing with the passage that answers them ("go all in" for
"full partnership investment", "partner badges" for "tier benefits"): BM25 finds nothing, and the
small MiniLM matches a question to a passage poorly. Matched to another question, the same model
does far better. So the corpus ships, per document, questions written by hand in founders' words
(`corpus/questions/<document id>.jsonl`, and further sets written independently in
`<document id>-<n>.jsonl`), each with a verbatim quote of the passage answering it: doc2query kept
as curated data instead of generated.

At search time the question's nearest bank questions vote for the chunks holding their quotes, as
one more list to fuse (`advisor.retrieval`). A quote maps to every chunk holding at least half of
its span, the evals' rule, by text offsets rather than chunk ids, so re-chunking keeps the bank
valid. A document whose indexed text is not the corpus file's (edited since, or a user's own
document) has no bank questions: its chunks get no votes and everything else is unchanged.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
from pydantic import BaseModel, Field, ValidationError, field_validator

from advisor.errors import InvalidInput
from advisor.schemas import Chunk

BANK_FOLDER = "questions"
"""The bank's folder inside the corpus folder: it travels with the documents it describes."""
MIN_QUOTE_WORDS = 8
Combine = Literal["max", "sum"]
MIN_COVER = 0.5
"""Share of a quote's span a chunk must hold to get its question's votes (the evals' hit rule)."""
_SET_SUFFIX = re.compile(r"-\d+$")
"""A further set of one document's questions: `<document id>-2.jsonl`."""


class BankQuestion(BaseModel):
    """One line of a bank file: a question a founder might ask, and the passage that answers it."""

    question: str = Field(min_length=1, description="In a founder's own words, not the text's.")
    quote: str = Field(
        description=f"At least {MIN_QUOTE_WORDS} words copied character for character from the "
        "document's body."
    )

    @field_validator("quote")
    @classmethod
    def _long_enough(cls, quote: str) -> str:
        # A few words could sit in several passages; a sentence's worth places the answer.
        if len(quote.split()) < MIN_QUOTE_WORDS:
            raise ValueError(f"a quote needs at least {MIN_QUOTE_WORDS} words to place its passage")
        return quote


@dataclass(frozen=True)
class BankEntry:
    """A bank question with its quote's span in its document's body."""

    doc_id: str
    question: str
    start: int
    end: int

    def overlaps(self, doc_id: str, start: int, end: int) -> bool:
        """Whether the quote shares any text with the span [start, end) of document `doc_id`."""
        return doc_id == self.doc_id and min(self.end, end) > max(self.start, start)


def bank_dir(corpus_dir: Path) -> Path:
    return corpus_dir / BANK_FOLDER


def bank_files(corpus_dir: Path) -> list[Path]:
    folder = bank_dir(corpus_dir)
    return sorted(folder.glob("*.jsonl")) if folder.is_dir() else []


def read_bank_file(path: Path) -> list[BankQuestion]:
    """The lines of one bank file; a line that doesn't fit stops with the file, line and reason."""
    lines = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            lines.append(BankQuestion.model_validate(json.loads(line)))
        except (json.JSONDecodeError, ValidationError) as exc:
            raise InvalidInput(f"{path}:{number}: not a bank question: {exc}") from exc
    return lines


def document_for(path: Path, doc_ids: Sequence[str], stems: Mapping[str, str]) -> str | None:
    """The document a bank file describes: named by the document's id, or by its file's name,
    optionally followed by `-<n>` so one document can have several sets (`<id>-2.jsonl`)."""
    for name in (path.stem, _SET_SUFFIX.sub("", path.stem)):
        if name in doc_ids:
            return name
        if name in stems:
            return stems[name]
    return None


def load_bank(
    corpus_dir: Path, texts: Mapping[str, str], stems: Mapping[str, str] | None = None
) -> tuple[list[BankEntry], list[tuple[Path, BankQuestion]]]:
    """(the bank questions whose quote is verbatim in `texts`, the lines whose quote is not).

    `texts` maps document ids to bodies, `stems` file names (without suffix) to document ids.
    A line whose quote is missing is left out rather than failing search: its document changed
    since the bank was written. Tests keep the shipped bank free of them.
    """
    entries: list[BankEntry] = []
    stale: list[tuple[Path, BankQuestion]] = []
    for path in bank_files(corpus_dir):
        doc_id = document_for(path, list(texts), stems or {})
        for line in read_bank_file(path):
            start = -1 if doc_id is None else texts[doc_id].find(line.quote)
            if doc_id is None or start < 0:
                stale.append((path, line))
                continue
            entries.append(BankEntry(doc_id, line.question, start, start + len(line.quote)))
    return entries, stale


def _holding(quotes: np.ndarray, chunks: np.ndarray) -> np.ndarray:
    """quotes × chunks: whether each chunk (start, end) holds at least half of each quote span."""
    shared = np.minimum(quotes[:, 1:], chunks[:, 1]) - np.maximum(quotes[:, :1], chunks[:, 0])
    return shared >= MIN_COVER * (quotes[:, 1:] - quotes[:, :1])


class QuestionVotes:
    """Bank questions' votes for chunk rows: the nearest questions to a query vote for theirs."""

    def __init__(
        self,
        vectors: np.ndarray,
        question_rows: np.ndarray,
        chunk_rows: np.ndarray,
        entries: Sequence[BankEntry] = (),
    ):
        # One (question, chunk row) pair per chunk holding a question's quote; a quote across a
        # chunk boundary may vote for both sides.
        self.vectors = vectors
        self.question_rows = question_rows
        self.chunk_rows = chunk_rows
        self.entries = list(entries)

    @classmethod
    def build(
        cls, entries: Sequence[BankEntry], vectors: np.ndarray, chunks: Sequence[Chunk]
    ) -> QuestionVotes:
        """Votes over `chunks` (rows in this order) from `entries` with their `vectors`."""
        by_doc: dict[str, list[int]] = {}
        for row, chunk in enumerate(chunks):
            by_doc.setdefault(chunk.doc_id, []).append(row)
        asked: dict[str, list[int]] = {}
        for i, entry in enumerate(entries):
            asked.setdefault(entry.doc_id, []).append(i)
        # One document at a time, all its questions against all its chunks: thousands of
        # questions paired one by one cost a cold `advisor ask` about 0.1 s.
        pairs = [np.zeros((0, 2), np.int64)]
        for doc_id, questions in asked.items():
            rows = np.array(by_doc.get(doc_id, []), np.int64)
            quotes = np.array([[entries[i].start, entries[i].end] for i in questions], np.int64)
            spans = np.array([[chunks[r].start, chunks[r].end] for r in rows], np.int64)
            q, r = np.nonzero(_holding(quotes, spans.reshape(-1, 2)))
            pairs.append(np.column_stack([np.array(questions, np.int64)[q], rows[r]]))
        found = np.concatenate(pairs)
        found = found[np.lexsort((found[:, 1], found[:, 0]))]  # question by question, as read
        return cls(vectors, found[:, 0], found[:, 1], entries)

    def with_vectors(self, vectors: np.ndarray) -> QuestionVotes:
        """The same votes, cast by the questions as another model embeds them (same row order)."""
        return QuestionVotes(vectors, self.question_rows, self.chunk_rows, self.entries)

    @classmethod
    def empty(cls) -> QuestionVotes:
        return cls(np.zeros((0, 1), np.float32), np.zeros(0, np.int64), np.zeros(0, np.int64))

    def __len__(self) -> int:
        return len(self.question_rows)

    def dense(
        self,
        query_vector: Sequence[float],
        neighbours: int,
        floor: float,
        mask: np.ndarray | None = None,
    ) -> list[tuple[int, float]]:
        """Votes of the `neighbours` bank questions nearest the query vector, each worth its cosine
        above `floor` rescaled to 0..1, summed per chunk: a calibrated score, fused as it is."""
        vector = np.asarray(query_vector, dtype=np.float32)
        if not len(self) or self.vectors.shape[1] != len(vector):
            return []
        return self.votes(self._closeness(vector, floor), neighbours, mask, "sum")

    def answers(
        self, query_vector: Sequence[float], neighbours: int, floor: float
    ) -> list[tuple[BankEntry, float]]:
        """The quotes of the `neighbours` bank questions nearest the query, with their closeness
        (cosine above `floor`, rescaled to 0..1): where the bank says the answer is."""
        vector = np.asarray(query_vector, dtype=np.float32)
        if not self.entries or self.vectors.shape[1] != len(vector):
            return []
        closeness = self._closeness(vector, floor)
        nearest = np.argsort(-closeness, kind="stable")[:neighbours]
        return [(self.entries[i], float(closeness[i])) for i in nearest if closeness[i] > 0]

    def _closeness(self, vector: np.ndarray, floor: float) -> np.ndarray:
        return np.clip((self.vectors @ vector - floor) / (1.0 - floor), 0.0, None)

    def votes(
        self,
        scores: np.ndarray,
        neighbours: int,
        mask: np.ndarray | None = None,
        combine: Combine = "max",
    ) -> list[tuple[int, float]]:
        """(chunk row, score) for the chunks the `neighbours` best-scoring bank questions vote for,
        best first: the best voter's score (`max`) or the voters' total (`sum`). `mask` leaves out
        chunk rows of other documents, and questions with no chunk left do not vote."""
        if not len(self):
            return []
        allowed = np.ones(len(self), bool) if mask is None else mask[self.chunk_rows] > 0
        eligible = np.full(len(scores), -np.inf)
        eligible[self.question_rows[allowed]] = scores[self.question_rows[allowed]]
        n = min(neighbours, int(np.isfinite(eligible).sum()))
        if n <= 0:
            return []
        chosen = np.zeros(len(scores), bool)
        chosen[np.argpartition(-eligible, n - 1)[:n]] = True
        voting = allowed & chosen[self.question_rows] & (scores[self.question_rows] > 0)
        rows, pair_scores = self.chunk_rows[voting], scores[self.question_rows[voting]]
        totals = np.zeros(int(self.chunk_rows.max()) + 1)
        if combine == "sum":
            np.add.at(totals, rows, pair_scores)
        else:
            np.maximum.at(totals, rows, pair_scores)
        voted = np.flatnonzero(totals)
        voted = voted[np.argsort(-totals[voted], kind="stable")]
        return [(int(row), float(totals[row])) for row in voted]


def indexed_bank(corpus_dir: Path, indexed: Mapping[str, str]) -> list[BankEntry]:
    """The bank questions of the documents indexed with their corpus text, as `indexed` (document
    id -> SHA-256 of the indexed text) says: an edited or foreign document gets none."""
    if not bank_files(corpus_dir):
        return []  # no bank: the corpus is not even read
    from advisor.corpus import load_corpus

    docs = [doc for doc in load_corpus(corpus_dir) if indexed.get(doc.id) == doc.sha256]
    texts = {doc.id: doc.text for doc in docs}
    entries, _ = load_bank(corpus_dir, texts, {Path(doc.path).stem: doc.id for doc in docs})
    return entries
