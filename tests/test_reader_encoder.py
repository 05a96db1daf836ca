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
from advisor.reader.train import SCENARIOS, build, routing_questions, split_of, utterances


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


def test_an_artifact_built_with_a_tuned_encoder_reads_clauses_with_it(tmp_path: Path) -> None:
    encoder = tmp_path / "tuned.onnx"
    encoder.write_bytes(b"not really a model")
    tuned, bundled = _Fake("tuned"), _Fake("bundled")
    out = tmp_path / "artifact"
    floors = {"min_fact_similarity": 0.9, "min_answer_similarity": 0.8}
    manifest = build(bundled, out, encoder=encoder, clauses=tuned, floors=floors)
    sha = hashlib.sha256(encoder.read_bytes()).hexdigest()
    assert manifest["encoder_sha256"] == sha
    assert (out / ENCODER).read_bytes() == encoder.read_bytes()
    # Questions in the bundled space (search's prior reads them), utterances in the tuned one.
    questions = len(manifest["questions"])
    vectors = np.load(out / VECTORS).astype(np.float32)
    texts = [q["text"] for q in routing_questions()], [u["text"] for u in utterances()]
    assert np.allclose(vectors[:questions], bundled.embed_documents(texts[0]), atol=1e-3)
    assert np.allclose(vectors[questions:], tuned.embed_documents(texts[1]), atol=1e-3)

    opened: list[tuple[Path, str]] = []

    def open_tuned(path: Path, digest: str) -> _Fake:
        opened.append((path, digest))
        return tuned

    reader = load_reader(bundled, out, tuned=open_tuned)
    assert reader is not None and opened == [(out / ENCODER, sha)]
    assert reader.embedder is bundled and reader.clause_embedder is tuned
    assert (reader.min_fact_similarity, reader.min_answer_similarity) == (0.9, 0.8)
    with pytest.raises(ValueError, match="tuned encoder"):
        load_reader(bundled, out)

    # Rebuilt with the bundled model alone, nothing of the tuned encoder is left to ship.
    frozen = build(bundled, out)
    assert "encoder_sha256" not in frozen and not (out / ENCODER).exists()
    plain = load_reader(bundled, out)
    assert plain is not None and plain.clause_embedder is bundled
    assert (plain.min_fact_similarity, plain.min_answer_similarity) == (
        MIN_FACT_SIMILARITY,
        MIN_ANSWER_SIMILARITY,
    )
    assert frozen["artifact_sha256"] != manifest["artifact_sha256"]
    assert json.loads((out / MANIFEST).read_text())["data_version"] == manifest["data_version"]


def test_a_tuned_reader_embeds_questions_and_clauses_each_in_its_own_space(tmp_path: Path) -> None:
    encoder = tmp_path / "tuned.onnx"
    encoder.write_bytes(b"x")
    tuned, bundled = _Fake("tuned"), _Fake("bundled")
    build(bundled, tmp_path, encoder=encoder, clauses=tuned)
    reader = load_reader(bundled, tmp_path, tuned=lambda path, sha: tuned)
    assert reader is not None
    seen: dict[str, list[str]] = {"bundled": [], "tuned": []}
    for fake in (tuned, bundled):
        embed = fake.embed_documents

        def spy(texts: list[str], batch_size: int = 2, embed=embed, tag=fake.tag) -> list:
            seen[tag] += texts
            return embed(texts, batch_size)

        fake.embed_documents = spy  # type: ignore[method-assign]
    text = "We dedicate two engineers to it, and they fund the launch."
    reader.read(text, [(0, len(text))], turn=0)
    reader.route_text(text)
    assert seen["bundled"] == [text]  # the question once, as search embeds it
    assert seen["tuned"][0] == text and len(seen["tuned"]) > 1  # the clause and its parts


def test_a_tuned_encoder_file_needs_its_embedder(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="go together"):
        build(_Fake("bundled"), tmp_path, encoder=tmp_path / "tuned.onnx")


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
