"""The reader's tuned encoder: an artifact built with one reads with it, keeps the bundled model's
question vectors for search, drops a stale one when rebuilt without it; training sees the train
split only; int8 weights stay within their rounding error."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pytest

from advisor.reader.model import (
    ENCODER,
    MANIFEST,
    MIN_ANSWER_SIMILARITY,
    MIN_FACT_SIMILARITY,
    VECTORS,
    load_reader,
)
from advisor.reader.quantize import _int8
from advisor.reader.train import PRIOR, SCENARIOS, build, split_of


class _Fake:
    """Unit vectors from a text's hash, tagged by model so two models never agree."""

    def __init__(self, tag: str) -> None:
        self.tag, self.calls = tag, 0

    def embed_documents(self, texts: list[str], batch_size: int = 2) -> list[list[float]]:
        self.calls += 1
        out = []
        for text in texts:
            seed = int(hashlib.sha256((self.tag + text).encode()).hexdigest()[:8], 16)
            v = np.random.default_rng(seed).normal(size=8)
            out.append((v / np.linalg.norm(v)).tolist())
        return out


def test_an_artifact_built_with_a_tuned_encoder_reads_with_it(tmp_path: Path) -> None:
    encoder = tmp_path / "tuned.onnx"
    encoder.write_bytes(b"not really a model")
    tuned, bundled = _Fake("tuned"), _Fake("bundled")
    out = tmp_path / "artifact"
    floors = {"min_fact_similarity": 0.9, "min_answer_similarity": 0.8}
    manifest = build(tuned, out, encoder=encoder, search=bundled, floors=floors)
    sha = hashlib.sha256(encoder.read_bytes()).hexdigest()
    assert manifest["encoder_sha256"] == sha
    assert (out / ENCODER).read_bytes() == encoder.read_bytes()
    # Search's prior compares bundled-model query vectors: its question vectors are the bundled's.
    questions = len(manifest["questions"])
    prior = np.load(out / PRIOR).astype(np.float32)
    reader_vectors = np.load(out / VECTORS).astype(np.float32)[:questions]
    assert prior.shape == reader_vectors.shape
    assert not np.allclose(prior, reader_vectors, atol=1e-2)

    opened: list[tuple[Path, str]] = []

    def open_tuned(path: Path, digest: str) -> _Fake:
        opened.append((path, digest))
        return tuned

    reader = load_reader(bundled, out, tuned=open_tuned)
    assert reader is not None and reader.embedder is tuned
    assert (reader.min_fact_similarity, reader.min_answer_similarity) == (0.9, 0.8)
    assert reader.scope_embedder is bundled  # scope stays in the bundled model's space
    assert opened == [(out / ENCODER, sha)]
    with pytest.raises(ValueError, match="tuned encoder"):
        load_reader(bundled, out)

    # Rebuilt with the bundled model, nothing of the tuned encoder is left to ship.
    frozen = build(bundled, out)
    assert "encoder_sha256" not in frozen
    assert not (out / ENCODER).exists() and not (out / PRIOR).exists()
    plain = load_reader(bundled, out)
    assert plain is not None and (plain.min_fact_similarity, plain.min_answer_similarity) == (
        MIN_FACT_SIMILARITY,
        MIN_ANSWER_SIMILARITY,
    )
    assert frozen["artifact_sha256"] != manifest["artifact_sha256"]
    assert json.loads((out / MANIFEST).read_text())["data_version"] == manifest["data_version"]


def test_a_tuned_encoder_needs_the_bundled_model_beside_it(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="bundled model"):
        build(_Fake("tuned"), tmp_path, encoder=tmp_path / "tuned.onnx")


def test_search_prior_reads_the_bundled_question_vectors(tmp_path: Path) -> None:
    from advisor.prior import question_router

    encoder = tmp_path / "tuned.onnx"
    encoder.write_bytes(b"x")
    bundled = _Fake("bundled")
    manifest = build(_Fake("tuned"), tmp_path, encoder=encoder, search=bundled)
    router = question_router(tmp_path / "cache", artifact_dir=tmp_path)
    assert router is not None
    # Search routes a bundled-model query vector among the bundled vectors of the questions.
    from advisor.prior import neighbour_shares

    questions = manifest["questions"]
    names = sorted({fw for q in questions for fw in q["frameworks"]})
    labels = np.array([[fw in q["frameworks"] for fw in names] for q in questions], np.float32)
    query = np.asarray(bundled.embed_documents(["a founder's question"])[0], dtype=np.float32)
    for vectors, same in ((PRIOR, True), (VECTORS, False)):
        matrix = np.load(tmp_path / vectors).astype(np.float32)[: len(questions)]
        assert (router(query) == neighbour_shares(matrix @ query, labels, names)) is same


def test_int8_weights_stay_within_half_a_step() -> None:
    weights = np.random.default_rng(0).normal(size=(64, 32)).astype(np.float32)
    weights[:, 3] = 0.0  # an all-zero column keeps a usable scale
    q, scale = _int8(weights, axis=0)
    assert q.dtype == np.int8 and scale.shape == (1, 32)
    assert np.all(np.abs(q.astype(np.float32) * scale - weights) <= scale / 2 + 1e-7)
    assert np.all(q[:, 3] == 0) and np.isfinite(scale).all()


def test_the_encoder_learns_from_the_train_split_only() -> None:
    from advisor.reader.finetune import labelled_texts

    dev = {
        json.loads(line)["question"]
        for line in SCENARIOS.read_text(encoding="utf-8").splitlines()
        if line and split_of(json.loads(line)["id"]) == "dev"
    }
    texts = {t for rows in labelled_texts().values() for t, _ in rows}
    assert dev and not dev & texts


def test_training_batches_hold_several_texts_per_label() -> None:
    import random

    from advisor.reader.finetune import LABELS_PER_BATCH, TEXTS_PER_LABEL, batches

    rows = [(f"text {i}", f"label {i % 40}") for i in range(400)]
    plan = batches(rows, random.Random(0))
    assert len(plan) == 400 // (LABELS_PER_BATCH * TEXTS_PER_LABEL)
    for batch in plan:
        labels = [label for _, label in batch]
        assert len(set(labels)) == LABELS_PER_BATCH
        assert all(labels.count(label) == TEXTS_PER_LABEL for label in labels)
    assert batches(rows, random.Random(0)) == plan  # same seed, same epoch


def test_the_contrastive_losses_prefer_same_label_neighbours() -> None:
    torch = pytest.importorskip("torch")
    from advisor.reader.finetune import _loss

    labels = ["a", "a", "b", "b"]
    apart = torch.nn.functional.normalize(
        torch.tensor([[1.0, 0.0], [1.0, 0.1], [0.0, 1.0], [0.1, 1.0]]), dim=1
    )
    mixed = apart[[0, 2, 1, 3]]
    for kind in ("supcon", "cosine"):
        assert _loss(apart, labels, kind) < _loss(mixed, labels, kind)
