"""The reranker seam and the sentence-vector cache under search."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest
from pydantic import ValidationError

from advisor.config import RerankSettings, Settings
from advisor.rerank import LLMReranker, build_reranker, complete
from advisor.retrieval import Retriever
from advisor.sentences import sentence_vectors
from tests.fake_embeddings import FakeEmbeddings
from tests.fakes import FakeChatModel

QUESTION = "Should we list on a cloud marketplace?"


class Reverse:
    """Puts the first stage's last candidate first."""

    def __init__(self) -> None:
        self.seen: list[Sequence[str]] = []

    def order(self, question: str, passages: Sequence[str]) -> list[int]:
        self.seen.append(passages)
        return list(reversed(range(len(passages))))


def test_a_reranker_reorders_the_first_stage_candidates(index_settings: Settings) -> None:
    plain = Retriever.from_settings(index_settings)
    settings = index_settings.model_copy(update={"rerank": RerankSettings(candidates=8)})
    reverse = Reverse()
    reranked = Retriever(
        settings, plain.embeddings, plain.store, plain.catalog, reverse, e5=plain.e5
    )
    pool = plain.search(QUESTION, k=8)
    hits = reranked.search(QUESTION, k=3)
    assert len(reverse.seen[0]) == 8
    assert [h.chunk_id for h in hits] == [h.chunk_id for h in reversed(pool)][:3]
    # Only hybrid search is reranked; the single-retriever modes stay diagnostic.
    assert reranked.search(QUESTION, k=3, mode="bm25") == plain.search(QUESTION, k=3, mode="bm25")


def test_the_llm_reranker_reads_passage_numbers() -> None:
    model = FakeChatModel(replies=["3, 1", "I cannot rank these.", RuntimeError("down")])
    reranker = LLMReranker(model)
    passages = ["alpha", "beta", "gamma"]
    assert reranker.order(QUESTION, passages) == [2, 0, 1]
    assert "[2] beta" in model.prompts[0] and QUESTION in model.prompts[0]
    # Nonsense and failures keep the first-stage order.
    assert reranker.order(QUESTION, passages) == [0, 1, 2]
    assert reranker.order(QUESTION, passages) == [0, 1, 2]


def test_complete_drops_repeats_and_out_of_range_numbers() -> None:
    assert complete([5, 1, 1, -1, 0], 3) == [1, 0, 2]


def test_reranking_is_off_by_default_and_configured_from_the_environment(monkeypatch) -> None:
    assert build_reranker(Settings()) is None
    monkeypatch.setenv("ADVISOR_RERANK__PROVIDER", "cross-encoder")
    with pytest.raises(ValidationError, match="model_path"):
        Settings()
    monkeypatch.setenv("ADVISOR_RERANK__PROVIDER", "llm")
    from advisor.errors import InvalidInput

    with pytest.raises(InvalidInput, match="llm.model"):
        build_reranker(Settings())


def test_sentence_vectors_are_embedded_once_per_distinct_text(tmp_path) -> None:
    embeddings = FakeEmbeddings()
    cache = tmp_path / "vectors.npz"
    matrix, rows = sentence_vectors(["one text", "two text", "one text"], embeddings, cache)
    assert embeddings.texts_embedded == 2 and matrix.shape[0] == 2
    assert rows.tolist() == [0, 1, 0]
    again, _ = sentence_vectors(["two text", "three"], embeddings, cache)
    assert embeddings.texts_embedded == 3  # only "three" was new
    assert np.allclose(again[0], matrix[1], atol=1e-3)


def test_a_search_does_not_embed_more_new_sentences_than_its_limit(tmp_path, monkeypatch) -> None:
    import advisor.sentences

    monkeypatch.setattr(advisor.sentences, "EMBED_AT_SEARCH", 1)
    embeddings = FakeEmbeddings()
    matrix, rows = sentence_vectors(["one text", "two text"], embeddings, tmp_path / "v.npz")
    assert embeddings.texts_embedded == 0 and not matrix.any()
    index = advisor.sentences.SentenceIndex(np.array([0]), matrix, rows, None)  # type: ignore[arg-type]
    assert index.dense([1.0] * 64, 5) == []
