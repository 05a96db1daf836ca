"""A prior toward the documents that define the frameworks a question is about.

A founder's words often miss the corpus's ("partner levels" for "tiers"), but the learned
reader's labelled questions still place the question near a framework, and each document's
front matter names the frameworks it defines. Search adds, as one more fused list, the share
of the question's nearest labelled questions that name one of a candidate's document's
frameworks: a nudge among passages already found, never a source of new ones.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

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


def bundled_router() -> FrameworkRouter | None:
    """The shipped reader's question routing, or None when no reader artifact is built.

    Only meaningful for vectors of the bundled MiniLM: the reader's labelled questions are
    embedded with it.
    """
    import numpy as np

    from advisor.reader import bundled_reader

    reader = bundled_reader()
    if reader is None:
        return None
    return lambda vector: reader.route(np.asarray(vector, dtype=np.float32)).frameworks


def lazy_bundled_router() -> FrameworkRouter:
    """`bundled_router`, loaded at the first search that needs it rather than at start-up."""
    loaded: list[FrameworkRouter | None] = []

    def route(vector: Sequence[float]) -> Mapping[str, float]:
        if not loaded:
            loaded.append(bundled_router())  # two threads may both load: the reader is shared
        router = loaded[0]
        return router(vector) if router is not None else {}

    return route
