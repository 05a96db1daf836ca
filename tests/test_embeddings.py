"""The bundled ONNX MiniLM embeddings: verified files, unit vectors, meaning-aware similarity, no downloads."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import numpy as np
import pytest

from advisor.config import EmbeddingSettings, Settings
from advisor.embeddings import OnnxMiniLMEmbeddings, get_embeddings
from advisor.errors import MissingDependency
from advisor.minilm import MAX_SEQ_TOKENS, MODEL_SHA256, model_files, verify_sha256


@pytest.fixture(scope="module")
def embedder(tmp_path_factory: pytest.TempPathFactory) -> OnnxMiniLMEmbeddings:
    return OnnxMiniLMEmbeddings(cache_dir=tmp_path_factory.mktemp("model-checks"))


PARAPHRASES = [
    (
        "Should we list our product on a cloud marketplace?",
        "Is selling through the AWS marketplace a good idea for us?",
    ),
    (
        "How do we pick a reseller partner?",
        "What makes a good channel partner to resell our software?",
    ),
    (
        "Our startup wants to partner with a big company.",
        "We are a young company hoping to team up with a large enterprise.",
    ),
]
UNRELATED = [
    "The recipe needs two cups of flour and an egg.",
    "The football match ended in a draw after extra time.",
]


def _cos(a: list[float], b: list[float]) -> float:
    return float(np.dot(a, b))


def test_vectors_are_384_d_unit_length_and_the_same_alone_or_batched(
    embedder: OnnxMiniLMEmbeddings,
) -> None:
    texts = [p for pair in PARAPHRASES for p in pair] + UNRELATED
    batch = np.array(embedder.embed_documents(texts))
    assert batch.shape == (len(texts), 384)
    assert np.allclose(np.linalg.norm(batch, axis=1), 1.0, atol=1e-5)
    embedder.model.forget()  # embedded afresh, not looked up
    alone = np.array([embedder.embed_query(t) for t in texts])
    # Dynamic padding plus the attention mask: padding never changes a vector.
    assert np.allclose(batch, alone, atol=1e-4)


def test_a_text_is_embedded_once_whoever_asks(
    embedder: OnnxMiniLMEmbeddings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reader embeds a question with its clauses, then search embeds the same question."""
    model = embedder.model
    model.forget()
    batches: list[list[str]] = []
    embed_batch = model._embed_batch
    monkeypatch.setattr(
        model, "_embed_batch", lambda texts: batches.append(texts) or embed_batch(texts)
    )
    question = "Should we co-sell with a hyperscaler, since we have no sales team yet?"
    clauses = embedder.embed_documents([question, "we have no sales team yet"])
    assert embedder.embed_query(question) == clauses[0]
    assert sum(question in batch for batch in batches) == 1, batches
    model.forget()
    embedder.embed_query(question)
    assert sum(question in batch for batch in batches) == 2, "forgotten means embedded again"


@pytest.mark.parametrize(("question", "paraphrase"), PARAPHRASES)
def test_a_paraphrase_is_closer_than_any_unrelated_text(
    embedder: OnnxMiniLMEmbeddings, question: str, paraphrase: str
) -> None:
    q = embedder.embed_query(question)
    near = _cos(q, embedder.embed_query(paraphrase))
    others = [
        _cos(q, v)
        for v in embedder.embed_documents(
            UNRELATED + [p for pair in PARAPHRASES for p in pair if question not in pair]
        )
    ]
    assert near > max(others), (near, max(others))


def test_texts_are_cut_at_256_tokens_not_128(embedder: OnnxMiniLMEmbeddings) -> None:
    words = [f"partner{i}" if i % 2 else "alliance" for i in range(400)]
    # Tokens 129..256 count; anything past 256 does not.
    base = " ".join(words[:100])
    assert 140 < len(embedder.model.tokenizer.encode(base).ids) < 230
    assert embedder.embed_query(base + " channel" * 100) != pytest.approx(
        embedder.embed_query(base + " reseller" * 100)
    )
    long_text = " ".join(words)
    assert len(embedder.model.tokenizer.encode(long_text).ids) == MAX_SEQ_TOKENS
    assert np.allclose(
        embedder.embed_query(long_text),
        embedder.embed_query(long_text + " completely different tail"),
        atol=1e-6,
    )


def test_a_file_with_the_wrong_hash_is_refused_and_good_files_are_remembered(
    tmp_path: Path,
) -> None:
    model, _ = model_files()
    copy = tmp_path / "model.onnx"
    shutil.copy(model, copy)
    verify_sha256(copy, MODEL_SHA256, cache_dir=tmp_path)
    assert str(copy) in (tmp_path / "model-checks.json").read_text()
    tampered = tmp_path / "tampered.onnx"
    tampered.write_bytes(copy.read_bytes()[:-1] + b"\0")
    with pytest.raises(ValueError, match="expected " + MODEL_SHA256):
        verify_sha256(tampered, MODEL_SHA256, cache_dir=tmp_path)


def test_optional_providers_name_the_install_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "langchain_huggingface", None)
    settings = Settings(data_dir=tmp_path, embeddings=EmbeddingSettings(provider="huggingface"))
    with pytest.raises(MissingDependency, match="pip install"):
        get_embeddings(settings)


def test_the_default_provider_is_the_bundled_model(tmp_path: Path) -> None:
    assert isinstance(get_embeddings(Settings(data_dir=tmp_path)), OnnxMiniLMEmbeddings)


def test_shared_embeddings_load_once_and_remember_document_vectors(tmp_path: Path) -> None:
    from advisor.embeddings import shared_embeddings

    settings = Settings(data_dir=tmp_path)
    shared = shared_embeddings(settings)
    assert shared_embeddings(Settings(data_dir=tmp_path / "other")) is shared
    texts = ["Partner with a platform.", "Resell through a channel."]
    first = shared.embed_documents(texts)
    assert shared.embed_documents(texts[::-1]) == first[::-1]
    assert np.allclose(first, shared.inner.embed_documents(texts), atol=1e-5)
