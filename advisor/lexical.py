"""BM25 over the chunks' index text with bm25s, whose scipy-sparse score matrix stays fast at 100k chunks.

The index is a derived cache: built from the chunk catalog, saved under
`data_dir/lexical/<catalog version>/` and reloaded while that version holds.
"""

from __future__ import annotations

import json
import re
import shutil
import uuid
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path

import bm25s
import numpy as np
import Stemmer

_WORD = re.compile(r"\b\w\w+\b")
_IDS_FILE = "chunk_ids.json"

# English function words (NLTK's list, plus question fillers a founder types: "we", "should").
# bm25s ships only 33 stopwords, which leaves "should we" and "how do I" scoring as content.
STOPWORDS = frozenset(
    """
    a about above after again against all am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further
    had has have having he her here hers herself him himself his how if in into is it its itself
    just me more most my myself no nor not now of off on once only or other our ours ourselves out
    over own same she should so some such than that the their theirs them themselves then there
    these they this those through to too under until up very was we were what when where which
    while who whom why will with would you your yours yourself yourselves i ll ve re don doesn
    isn aren wasn weren won didn get got us let lets may might must shall also really actually
    """.split()  # noqa: SIM905  (a readable block of words)
)


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


def tokenize(text: str) -> list[str]:
    """Lower-cased, stopword-free, Snowball-stemmed words: the same for chunks and queries."""
    words = _WORD.findall(text.lower().replace("’", "'"))
    return _stemmer().stemWords([w for w in words if w not in STOPWORDS])


class LexicalIndex:
    """A BM25 index over chunk ids; read-only after construction, so threads may share it."""

    def __init__(self, bm25: bm25s.BM25, chunk_ids: list[str]) -> None:
        self.bm25 = bm25
        self.chunk_ids = chunk_ids

    @classmethod
    def build(cls, chunk_ids: Sequence[str], texts: Sequence[str]) -> LexicalIndex:
        bm25 = bm25s.BM25(k1=1.2, b=0.75)
        # An empty corpus still needs one token so that queries score to zero instead of failing.
        bm25.index([tokenize(t) or [""] for t in texts] or [[""]], show_progress=False)
        return cls(bm25, list(chunk_ids))

    def save(self, directory: Path) -> None:
        """Write to a scratch folder, then rename: readers never see half an index."""
        directory.parent.mkdir(parents=True, exist_ok=True)
        scratch = directory.parent / f".{directory.name}.{uuid.uuid4().hex}"
        self.bm25.save(str(scratch), show_progress=False)
        (scratch / _IDS_FILE).write_text(json.dumps(self.chunk_ids))
        try:
            scratch.rename(directory)
        except OSError:  # another process saved the same version first
            shutil.rmtree(scratch, ignore_errors=True)

    @classmethod
    def load(cls, directory: Path) -> LexicalIndex:
        bm25 = bm25s.BM25.load(str(directory), show_progress=False, verbosity=0)
        return cls(bm25, json.loads((directory / _IDS_FILE).read_text()))

    @classmethod
    def cached(
        cls,
        cache_dir: Path,
        version: str,
        chunk_ids: Sequence[str],
        texts: Callable[[], Sequence[str]],
    ) -> LexicalIndex:
        """Load the index saved for `version`, or build it from `texts()`, save it and drop older versions."""
        directory = cache_dir / _safe(version)
        if (directory / _IDS_FILE).is_file():
            try:
                index = cls.load(directory)
                if len(index.chunk_ids) == len(chunk_ids):
                    return index
            except (OSError, ValueError, KeyError):
                pass  # a damaged cache is rebuilt below
            shutil.rmtree(directory, ignore_errors=True)
        index = cls.build(chunk_ids, texts())
        index.save(directory)
        for old in cache_dir.iterdir():
            if old.name != directory.name and not old.name.startswith("."):
                shutil.rmtree(old, ignore_errors=True)
        return index

    def __len__(self) -> int:
        return len(self.chunk_ids)

    def search(self, query: str, n: int, mask: np.ndarray | None = None) -> list[tuple[str, float]]:
        """The `n` best (chunk id, BM25 score) pairs with a positive score; `mask` zeroes excluded chunks."""
        token_ids = self.bm25.get_tokens_ids(tokenize(query))
        if not token_ids or not self.chunk_ids:
            return []
        scores = self.bm25.get_scores_from_ids(token_ids)
        if mask is not None:
            scores = scores * mask
        n = min(n, len(scores))
        top = np.argpartition(-scores, n - 1)[:n]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(self.chunk_ids[i], float(scores[i])) for i in top if scores[i] > 0]


def _safe(version: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "_", version)[:80] or "empty"
