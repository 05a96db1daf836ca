"""The retrieval eval set: hit@1, hit@5 and MRR of dense-only, BM25-only and hybrid search."""

from __future__ import annotations

import pytest

from advisor.config import Settings
from advisor.corpus import load_corpus
from advisor.errors import InvalidInput
from advisor.evals.datasets import EVALS_DIR
from advisor.evals.retrieval import held_out_files, load_cases, naive_search, run, score
from advisor.evals.schemas import SuiteResult
from advisor.retrieval import MODES, Retriever

DATASET = EVALS_DIR / "retrieval.jsonl"
HELD_OUT_FILES = held_out_files(EVALS_DIR)


@pytest.fixture(scope="module")
def results(index_settings: Settings) -> dict[str, SuiteResult]:
    retriever = Retriever.from_settings(index_settings)
    out = {mode: run(index_settings, DATASET, mode, retriever) for mode in MODES}
    print("\nretrieval eval:", len(out["hybrid"].cases), "questions")
    print(f"{'mode':<8}{'hit@1':>8}{'hit@5':>8}{'MRR':>8}")
    for mode, result in out.items():
        m = result.metrics
        print(f"{mode:<8}{m['hit@1']:>8.3f}{m['hit@5']:>8.3f}{m['mrr']:>8.3f}")
    return out


def test_dataset_covers_every_document_with_verbatim_quotes(index_settings: Settings) -> None:
    cases = load_cases(DATASET, index_settings.corpus_dir)
    assert len(cases) >= 40
    assert {case.doc_id for case, _ in cases} == {
        d.id for d in load_corpus(index_settings.corpus_dir)
    }


def test_a_quote_that_is_not_verbatim_is_rejected(index_settings: Settings, tmp_path) -> None:
    bad = tmp_path / "retrieval.jsonl"
    bad.write_text(
        '{"id": "x", "question": "q?", "doc_id": "prechasm-tech-partnerships", "quote": "a paraphrase, not the text"}\n'
    )
    with pytest.raises(InvalidInput, match="not verbatim"):
        load_cases(bad, index_settings.corpus_dir)


def test_hybrid_beats_dense_and_bm25_alone(results: dict[str, SuiteResult]) -> None:
    hybrid = results["hybrid"].metrics
    assert hybrid["mrr"] > results["dense"].metrics["mrr"]
    assert hybrid["mrr"] > results["bm25"].metrics["mrr"]
    assert hybrid["hit@5"] >= max(
        results["dense"].metrics["hit@5"], results["bm25"].metrics["hit@5"]
    )


def test_every_case_is_scored_with_its_rank(results: dict[str, SuiteResult]) -> None:
    hybrid = results["hybrid"]
    assert set(hybrid.per_group) == {c.group for c in hybrid.cases}
    for case in hybrid.cases:
        rank = case.actual["rank"]
        assert case.passed == (rank is not None and rank <= 5)


def test_hybrid_meets_the_quality_targets_on_held_out_questions(index_settings: Settings) -> None:
    cases = [c for path in HELD_OUT_FILES for c in load_cases(path, index_settings.corpus_dir)]
    retriever = Retriever.from_settings(index_settings)
    metrics = score(cases, lambda q, k: retriever.search(q, k)).metrics
    baseline = score(cases, naive_search(index_settings.corpus_dir)).metrics
    assert metrics["hit@5"] >= 0.95
    assert metrics["mrr"] >= 0.80
    assert metrics["mrr"] >= baseline["mrr"] + 0.10


def test_every_run_scores_the_naive_baseline_on_the_same_questions(
    results: dict[str, SuiteResult],
) -> None:
    metrics = results["hybrid"].metrics
    assert {"baseline_hit@5", "baseline_mrr", "baseline_returned_chars"} <= metrics.keys()
    assert 0 < metrics["baseline_mrr"] < metrics["mrr"]


def test_the_splits_are_disjoint_and_cover_the_dataset(index_settings: Settings) -> None:
    cases = load_cases(DATASET, index_settings.corpus_dir)
    assert {case.split for case, _ in cases} == {"train", "dev"}
    held_out = {
        case.question
        for path in HELD_OUT_FILES
        for case, _ in load_cases(path, index_settings.corpus_dir)
    }
    assert len(held_out) >= 40 and not held_out & {case.question for case, _ in cases}
