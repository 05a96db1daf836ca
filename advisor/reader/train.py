"""`advisor train`: rebuild the reader's shipped artifact from its labelled data.

Inputs, all kept as data: `data/questions.jsonl` (labelled questions, off-topic ones included),
the train split of `evals/scenarios.jsonl` and the development batches' first questions (the
router's, `routing_questions`), and `data/utterances.jsonl` with `data/mined.jsonl` (labelled
clauses).
The data version is the sha256 of those rows; the artifact is the float16 matrix of their
MiniLM vectors (`reader.npy`), the router's head fitted on the questions' vectors (`router.npy`)
and the labels (`reader.json`), whose own sha256 travels in every answer's provenance. On the
same CPU and onnxruntime a rebuild is byte-for-byte identical; elsewhere vectors may differ in
the last float16 bit (see `VECTOR_TOLERANCE`, `HEAD_TOLERANCE`).

Built with a tuned encoder (`advisor train --encoder`, `advisor.reader.finetune`), the artifact
also holds that encoder (`encoder.onnx`, its sha256 and similarity floors in the manifest), and
the utterances' vectors are its own; the questions' stay the bundled model's, so search's
framework prior reads them as before.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
from pathlib import Path
from typing import Any

import numpy as np

from advisor.evals.heldout import DEVELOPMENT_BATCHES, HELDOUT_DIR, five_word_runs, heldout_wording
from advisor.evals.scenarios import load_cases
from advisor.frameworks import REGISTRY, get_framework, validate_input
from advisor.reader.model import (
    ARTIFACT_DIR,
    ENCODER,
    MANIFEST,
    ROUTER,
    VECTORS,
    Embedder,
    negated,
    subject,
)

SCENARIOS = Path(__file__).resolve().parent.parent.parent / "evals" / "scenarios.jsonl"
QUESTIONS = ARTIFACT_DIR / "questions.jsonl"
UTTERANCES = ARTIFACT_DIR / "utterances.jsonl"
MINED = ARTIFACT_DIR / "mined.jsonl"
"""Clauses of the development batches labelled by their gold facts (`advisor.reader.mine`)."""
BATCH_SIZE = 8
"""Fixed, so a rebuild pads every text exactly as the shipped build did."""
VECTOR_TOLERANCE = 2e-3
"""Largest difference per vector component between builds on different CPUs that still counts as the same artifact."""
DEV_SHARE = 5
"""One labelled scenario in this many is kept out of training, for choosing thresholds."""


def split_of(case_id: str) -> str:
    """'dev' or 'train', fixed by the case id so adding cases never moves old ones."""
    return (
        "dev" if int(hashlib.sha1(case_id.encode()).hexdigest(), 16) % DEV_SHARE == 0 else "train"
    )


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def training_questions(scenarios: Path = SCENARIOS) -> list[dict[str, Any]]:
    """Labelled questions: the bank's own plus the train split of the scenarios (first turns only)."""
    rows = _jsonl(QUESTIONS)
    for case in _jsonl(scenarios) if scenarios.is_file() else []:
        if split_of(case["id"]) == "train" and not case.get("history"):
            rows.append(
                {"text": case["question"], "frameworks": sorted(case["expected"]), "in_scope": True}
            )
    return rows


def routing_questions() -> list[dict[str, Any]]:
    """What the router votes over: `training_questions()` and the first questions of the
    development batches, each labelled with the framework its writer asked about, less any that
    shares a five-word run with a held-out case (a new held-out batch can drop some: rebuild).

    The encoder is tuned on `training_questions()` alone. Questions are embedded with the bundled
    model, so the batches' questions teach the router and nothing else."""
    rows = training_questions()
    for n in DEVELOPMENT_BATCHES:
        rows += [
            {"text": case.question, "frameworks": sorted(case.expected), "in_scope": True}
            for case in load_cases(HELDOUT_DIR / f"scenarios-{n}.jsonl")
            if not case.history
        ]
    unseen = heldout_wording()
    return [row for row in rows if not five_word_runs([row["text"]]) & unseen]


def utterances() -> list[dict[str, Any]]:
    """The utterance bank, hand-written clauses first and then the mined ones, each label checked
    against its framework's input model."""
    rows = _jsonl(UTTERANCES) + (_jsonl(MINED) if MINED.is_file() else [])
    for row in rows:
        check_labels(row["facts"])
    return rows


def check_labels(facts: list[dict[str, Any]]) -> None:
    """Raise InvalidInput when a label names an unknown framework or field, or a bad value."""
    for f in facts:
        validate_input(get_framework(f["framework"]), {f["field"]: f["value"]})


FLOORS = {"min_fact_similarity": 0.84, "min_answer_similarity": 0.72}
"""The reader's similarity floors over the tuned space. Training packs same-label texts tighter,
so the bundled model's floors (0.66, 0.6) let in more wrong neighbours: at them, development
batch 1 read facts at precision 0.919 against 0.940. Chosen on development data only
(`bench/reader_dev.py --floors`)."""


HEAD_TEMPERATURE = 10.0
"""Scale of the head's logits over unit vectors (cosine-sized scores are too flat for softmax)."""
HEAD_L2 = 1e-3
HEAD_STEPS = 300
HEAD_RATE = 0.5
"""The head's fit: full-batch gradient descent from zeros, so a rebuild repeats every step. Chosen
on development batches left out of the labelled questions (grouped five-fold); the top-1 rate
moved by under a point across temperatures 10-30 and L2 1e-4 to 1e-2."""


HEAD_TOLERANCE = 0.15
"""Largest difference per head weight between builds on different CPUs: every question vector
moved by up to `VECTOR_TOLERANCE` moved weights (up to about 6) by at most 0.12."""


def fit_router(
    vectors: np.ndarray, questions: list[dict[str, Any]]
) -> tuple[list[str], np.ndarray]:
    """A softmax head over the questions' vectors: (its frameworks, its weights with the bias as
    the last row, the temperature folded in). Only in-scope questions train it; a question
    about several frameworks splits its target among them."""
    frameworks = list(REGISTRY)
    rows = [i for i, q in enumerate(questions) if q["frameworks"]]
    x = vectors[rows].astype(np.float64)
    y = np.zeros((len(rows), len(frameworks)))
    for r, i in enumerate(rows):
        for fw in questions[i]["frameworks"]:
            y[r, frameworks.index(fw)] = 1 / len(questions[i]["frameworks"])
    w, b = np.zeros((x.shape[1], len(frameworks))), np.zeros(len(frameworks))
    for _ in range(HEAD_STEPS):
        logits = HEAD_TEMPERATURE * (x @ w) + b
        p = np.exp(logits - logits.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        grad = (p - y) / len(rows)
        w -= HEAD_RATE * (HEAD_TEMPERATURE * x.T @ grad + HEAD_L2 * w)
        b -= HEAD_RATE * grad.sum(axis=0)
    return frameworks, np.vstack([HEAD_TEMPERATURE * w, b]).astype(np.float32)


def _npy(vectors: Any, dtype: type = np.float16) -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, np.asarray(vectors, dtype=dtype), allow_pickle=False)
    return buffer.getvalue()


def build(
    embedder: Embedder,
    out: Path = ARTIFACT_DIR,
    *,
    encoder: Path | None = None,
    clauses: Embedder | None = None,
    floors: dict[str, float] | None = None,
) -> dict[str, Any]:
    """Embed every labelled text and write the artifact; returns the manifest.

    `embedder` is the bundled model. With a tuned `encoder` file, `clauses` (that encoder, run)
    embeds the utterance bank instead and `floors` (`min_fact_similarity`,
    `min_answer_similarity`) replace the reader's defaults; questions stay with the bundled
    model."""
    if (encoder is None) != (clauses is None):
        raise ValueError("a tuned encoder file and its embedder go together")
    questions, bank = routing_questions(), utterances()
    data = json.dumps([questions, bank], sort_keys=True, ensure_ascii=False).encode()
    asked, said = [q["text"] for q in questions], [u["text"] for u in bank]
    if clauses is None:
        vectors = embedder.embed_documents(asked + said, batch_size=BATCH_SIZE)
    else:
        vectors = embedder.embed_documents(asked, batch_size=BATCH_SIZE)
        vectors += clauses.embed_documents(said, batch_size=BATCH_SIZE)
    blob = _npy(vectors)
    # The head learns from the vectors as shipped (float16), the ones the reader routes over.
    asked_vectors = np.asarray(vectors[: len(questions)], dtype=np.float16)
    frameworks, head = fit_router(asked_vectors, questions)
    router = _npy(head, np.float32)
    tuned: dict[str, Any] = {}
    if encoder is not None:
        tuned = {
            "encoder_sha256": hashlib.sha256(encoder.read_bytes()).hexdigest(),
            **(floors or {}),
        }
    labels = {
        "questions": [
            {"frameworks": q["frameworks"], "in_scope": q["in_scope"]} for q in questions
        ],
        "utterances": [
            {"facts": u["facts"], "negated": negated(u["text"]), "subject": subject(u["text"])}
            for u in bank
        ],
    }
    manifest: dict[str, Any] = {
        "data_version": hashlib.sha256(data).hexdigest(),
        "artifact_sha256": artifact_sha256(blob + router, labels, tuned),
        "router": frameworks,
        **labels,
        **tuned,
    }
    out.mkdir(parents=True, exist_ok=True)
    if encoder is not None:
        if encoder.resolve() != (out / ENCODER).resolve():
            shutil.copyfile(encoder, out / ENCODER)
    else:
        # A stale encoder must not ship beside vectors of the bundled model.
        (out / ENCODER).unlink(missing_ok=True)
    (out / VECTORS).write_bytes(blob)
    (out / ROUTER).write_bytes(router)
    (out / MANIFEST).write_text(json.dumps(manifest, sort_keys=True) + "\n", encoding="utf-8")
    return manifest


def artifact_sha256(
    vectors: bytes, labels: dict[str, Any], tuned: dict[str, Any] | None = None
) -> str:
    """The hash of what the reader runs on: the vectors (and the router's head after them), the
    labels read with them and, with a tuned encoder, its sha256 and the similarity floors read
    with it."""
    blob = vectors + json.dumps(labels, sort_keys=True).encode()
    if tuned:
        blob += json.dumps(tuned, sort_keys=True).encode()
    return hashlib.sha256(blob).hexdigest()


TUNED_KEYS = ("encoder_sha256", "min_fact_similarity", "min_answer_similarity")


def tuned_part(manifest: dict[str, Any]) -> dict[str, Any]:
    """What a manifest says of its tuned encoder: {} for the bundled model."""
    return {k: manifest[k] for k in TUNED_KEYS if k in manifest}


def shipped_manifest(directory: Path = ARTIFACT_DIR) -> dict[str, Any]:
    """The manifest of the artifact in `directory`, {} when none was built."""
    path = directory / MANIFEST
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def data_version() -> str:
    """The version the current data would get: a shipped artifact must carry the same."""
    data = json.dumps([routing_questions(), utterances()], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(data.encode()).hexdigest()
