"""The framework prior: documents defining the frameworks a question is routed to move up, among
passages search already found."""

from __future__ import annotations

import copy

import numpy as np
import pytest

from advisor.config import Settings
from advisor.prior import document_prior, prior_list
from advisor.retrieval import Retriever
from advisor.schemas import Chunk

FRAMEWORKS = {
    "partnership-architecture": frozenset({"partner_tier", "charter"}),
    "prechasm-tech-partnerships": frozenset({"prechasm_risk"}),
    "upstream-platform-marketing": frozenset({"upstream_fit"}),
}
QUESTION = "How do we get more developers to build on our API?"


def test_each_document_takes_the_largest_share_of_its_frameworks() -> None:
    shares = {"partner_tier": 0.6, "charter": 0.35, "prechasm_risk": 0.4, "upstream_fit": 0.1}
    assert document_prior(shares, FRAMEWORKS, min_share=0.3) == {
        "partnership-architecture": 0.6,
        "prechasm-tech-partnerships": 0.4,
    }
    assert document_prior(shares, FRAMEWORKS, min_share=0.7) == {}
    assert document_prior({}, FRAMEWORKS, min_share=0.0) == {}


def _chunk(chunk_id: str, doc_id: str) -> Chunk:
    return Chunk(chunk_id=chunk_id, doc_id=doc_id, title=doc_id, start=0, end=1, text="x")


def test_the_prior_scores_only_candidates_whose_document_has_one() -> None:
    chunks = {
        "a": _chunk("a", "partnership-architecture"),
        "b": _chunk("b", "prechasm-tech-partnerships"),
        "c": _chunk("c", "upstream-platform-marketing"),
    }
    prior = {"partnership-architecture": 0.6, "prechasm-tech-partnerships": 0.4}
    assert prior_list(["c", "b", "a", "b", "gone"], chunks, prior) == [("a", 0.6), ("b", 0.4)]


@pytest.fixture(scope="module")
def plain(index_settings: Settings) -> Retriever:
    return Retriever.from_settings(index_settings)


def _with_router(plain: Retriever, router, weight: float = 0.1) -> Retriever:
    settings = plain.settings.model_copy(deep=True)
    settings.retrieval.framework_prior_weight = weight
    settings.retrieval.candidates = 60  # the same candidates for k up to 30
    return Retriever(settings, plain.embeddings, plain.store, plain.catalog, router=router)


def test_a_routed_framework_lifts_its_document_among_the_same_candidates(plain: Retriever) -> None:
    off = _with_router(plain, None)
    before = off.search(QUESTION, k=10)
    # The document ranked lowest among the first ten, and a framework only it defines.
    defines = plain.snapshot().frameworks_by_doc
    target = next(
        h.doc_id
        for h in reversed(before)
        if h.doc_id != before[0].doc_id
        and any(sum(fw in fws for fws in defines.values()) == 1 for fw in defines[h.doc_id])
    )
    framework = next(fw for fw in defines[target] if sum(fw in f for f in defines.values()) == 1)
    lifted = _with_router(plain, lambda vector: {framework: 1.0}, weight=1.0)
    after = lifted.search(QUESTION, k=10)
    rank = lambda hits: min(i for i, h in enumerate(hits) if h.doc_id == target)
    assert rank(after) < rank(before)
    # A nudge among candidates: the prior scores only chunks the other lists found.
    snap = plain.snapshot()
    found = [(h.chunk_id, h.score) for h in before[:3]]
    [(scored, weight)] = lifted._framework_prior(snap, (0.0,), [(found, 1.0)])
    assert weight == 1.0 and {cid for cid, _ in scored} <= {cid for cid, _ in found}
    assert {snap.chunks[cid].doc_id for cid, _ in scored} <= {target}


def test_no_router_no_weight_or_no_named_framework_leaves_search_alone(plain: Retriever) -> None:
    expected = [h.chunk_id for h in _with_router(plain, None).search(QUESTION, k=8)]
    routed = lambda vector: {"upstream_fit": 1.0}
    for retriever in (
        _with_router(plain, routed, weight=0.0),
        _with_router(plain, lambda vector: {"upstream_fit": 0.1}),  # below min_share
        _with_router(plain, lambda vector: {}),
    ):
        assert [h.chunk_id for h in retriever.search(QUESTION, k=8)] == expected


def test_the_shipped_search_routes_as_the_reader_does(plain: Retriever, tmp_path) -> None:
    from advisor.prior import question_router
    from advisor.reader import bundled_reader

    reader = copy.copy(bundled_reader())
    assert plain.router is not None and reader is not None
    reader.head = None  # search's prior is the neighbours' vote alone (`neighbour_shares`)
    router = question_router(tmp_path / "routing")
    assert router is not None and len(list((tmp_path / "routing").glob("*.npz"))) == 1
    again = question_router(tmp_path / "routing")  # read back from the cached file
    for question in (
        "Which tier should a new reseller start in?",
        "Should we sign an exclusive OEM deal with a big vendor?",
        "What's the capital of Australia?",
    ):
        vector = plain._query_vector(question)
        expected = reader.route(np.asarray(vector, dtype=np.float32)).frameworks
        for shares in (router(vector), again(vector), plain.router(vector)):
            assert shares.keys() == expected.keys()
            assert all(shares[fw] == pytest.approx(expected[fw], abs=1e-5) for fw in expected)


def test_no_reader_artifact_means_no_prior(tmp_path) -> None:
    from advisor.prior import question_router

    assert question_router(tmp_path / "cache", artifact_dir=tmp_path) is None
