"""A prior toward the documents that define the frameworks a question is about.

A founder's words often miss the corpus's ("partner levels" for "tiers"), but the learned
reader's labelled questions still place the question near a framework, and each document's
front matter names the frameworks it defines. Search adds, as one more fused list, the share
of the question's nearest labelled questions that name one of a candidate's document's
frameworks: a nudge among passages already found, never a source of new ones.
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

import numpy as np

from advisor.schemas import Chunk

# (question vector) -> {framework: share of the nearest labelled questions naming it}
FrameworkRouter = Callable[[Sequence[float]], Mapping[str, float]]


def document_prior(
    shares: Mapping[str, float],
    frameworks_by_doc: Mapping[str, frozenset[str]],
    min_share: float,
) -> dict[str, float]:
    """Per document, the largest share among the frameworks it defines; frameworks named by
    fewer than `min_share` of the neighbours are ignored, so one stray neighbour moves nothing."""
    named = {fw: share for fw, share in shares.items() if share >= min_share}
    prior: dict[str, float] = {}
    for doc_id, frameworks in frameworks_by_doc.items():
        best = max((named[fw] for fw in frameworks if fw in named), default=0.0)
        if best > 0:
            prior[doc_id] = best
    return prior


def prior_list(
    candidates: Iterable[str], chunks: Mapping[str, Chunk], prior: Mapping[str, float]
) -> list[tuple[str, float]]:
    """(chunk id, its document's prior) for the candidates whose document has one, best first."""
    scored = []
    for chunk_id in dict.fromkeys(candidates):
        chunk = chunks.get(chunk_id)
        if chunk is not None and chunk.doc_id in prior:
            scored.append((chunk_id, prior[chunk.doc_id]))
    return sorted(scored, key=lambda item: -item[1])


# The reader's shipped artifact (advisor/reader/data): labelled questions first in both files.
ARTIFACT_DIR = Path(__file__).resolve().parent / "reader" / "data"
NEIGHBOURS = 10
"""Labelled questions that vote, as many as the reader's own routing uses."""


def neighbour_shares(
    sims: np.ndarray, labels: np.ndarray, frameworks: Sequence[str], k: int = NEIGHBOURS
) -> dict[str, float]:
    """Per framework, the share of the `k` nearest labelled questions' similarity that names it:
    the neighbours' vote of the reader's routing (`Reader.route`, without its head), from a label
    matrix rather than the whole reader. The prior was measured on that vote (evals/README.md),
    so the head's sharper routing is left to the reader's verdicts."""
    k = min(k, len(sims))
    if k <= 0:
        return {}
    part = np.argpartition(-sims, k - 1)[:k]
    top = part[np.lexsort((part, -sims[part]))]
    weights = np.clip(sims[top], 0.0, None)
    total = float(weights.sum()) or 1.0
    votes = weights @ labels[top] / total
    return {fw: float(v) for fw, v in zip(frameworks, votes, strict=True) if v > 0}


def question_router(cache_dir: Path, artifact_dir: Path = ARTIFACT_DIR) -> FrameworkRouter | None:
    """The reader's question routing, or None when no reader artifact is built.

    Only the labelled questions are needed, not the reader: their vectors and labels are kept in
    `cache_dir` per artifact, so a search process reads a small file instead of parsing the
    whole manifest and importing the reader (a quarter of a second on two cores). Meaningful for
    vectors of the bundled MiniLM only: the questions are embedded with it.
    """
    manifest, vectors = artifact_dir / "reader.json", artifact_dir / "reader.npy"
    if not manifest.is_file() or not vectors.is_file():
        return None
    raw = manifest.read_bytes()
    cached = cache_dir / f"{hashlib.sha1(raw).hexdigest()[:16]}.npz"
    try:
        with np.load(cached) as data:
            matrix, labels, names = data["vectors"], data["labels"], data["frameworks"].tolist()
    except (OSError, ValueError, KeyError):
        matrix, labels, names = _question_bank(json.loads(raw), vectors)
        _save(cached, vectors=matrix, labels=labels, frameworks=np.array(names))
    return lambda vector: neighbour_shares(
        matrix @ np.asarray(vector, dtype=np.float32), labels, names
    )


def _question_bank(manifest: dict, vectors: Path) -> tuple[np.ndarray, np.ndarray, list[str]]:
    questions = manifest["questions"]
    names = sorted({fw for q in questions for fw in q["frameworks"]})
    labels = np.array(
        [[fw in q["frameworks"] for fw in names] for q in questions], dtype=np.float32
    ).reshape(len(questions), len(names))
    matrix = np.load(vectors, mmap_mode="r")[: len(questions)].astype(np.float32)
    return matrix, labels, names


def _save(path: Path, **arrays: np.ndarray) -> None:
    """Write to a scratch file, then rename: a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    scratch = path.with_name(f".{path.stem}.{uuid.uuid4().hex}.npz")
    np.savez(scratch, **arrays)  # type: ignore[arg-type]
    os.replace(scratch, path)


def lazy_question_router(cache_dir: Path) -> FrameworkRouter:
    """`question_router`, loaded at the first search that needs it rather than at start-up."""
    loaded: list[FrameworkRouter | None] = []

    def route(vector: Sequence[float]) -> Mapping[str, float]:
        if not loaded:
            loaded.append(question_router(cache_dir))  # two threads may both load: same result
        router = loaded[0]
        return router(vector) if router is not None else {}

    return route
