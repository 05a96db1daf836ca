"""Reader encoders side by side on development data only: the bundled MiniLM against tuned ones.

Development data is batch 1 (`evals/heldout/scenarios-1.jsonl`, tuned on) and the dev split of
`evals/scenarios.jsonl` (kept out of the reader's training); no other batch is read. Per
encoder, the reader's artifact is rebuilt with it from the same labelled data, and each reader
is scored combined with the lexicon (as shipped) and alone: routing (the learned routing's
first framework is an expected one, first-turn questions), the first answer, within two
follow-ups (`advisor.evals.dialogue`), fact precision / recall and verdicts of frameworks a
case doesn't expect. Run by hand from the `train` extra's environment:

    python bench/reader_dev.py /tmp/tuned-a /tmp/tuned-b   # directories holding encoder.onnx
"""

from __future__ import annotations

import argparse
import hashlib
import json
import tempfile
from pathlib import Path
from typing import Any

from advisor.evals import dialogue, scenarios
from advisor.minilm import MiniLM
from advisor.reader import Reader, load_reader
from advisor.reader.model import ENCODER
from advisor.reader.train import SCENARIOS, build, split_of

ROOT = Path(__file__).resolve().parent.parent
BATCH_1 = ROOT / "evals" / "heldout" / "scenarios-1.jsonl"


def dev_split(directory: Path) -> Path:
    """The dev split of scenarios.jsonl as a file of its own, for the scenario suite."""
    lines = [
        line
        for line in SCENARIOS.read_text(encoding="utf-8").splitlines()
        if line and split_of(json.loads(line)["id"]) == "dev"
    ]
    path = directory / "scenarios-dev.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def routing(path: Path, reader: Reader) -> tuple[int, int]:
    """First-turn questions whose best-routed framework is one the case expects."""
    cases = [c for c in scenarios.load_cases(path) if not c.history]
    right = 0
    for case in cases:
        shares = reader.route_text(case.question).frameworks
        right += bool(shares) and max(shares, key=lambda fw: shares[fw]) in case.expected
    return right, len(cases)


def quality(path: Path, reader: Reader, cues: bool) -> dict[str, Any]:
    cases = scenarios.load_cases(path)
    result = scenarios.run(path, reader, cues=cues)
    follow_ups = {c.id for c in cases if c.history}
    first = [c for c in result.cases if c.case_id.split(":")[0] not in follow_ups]
    stages = dialogue.score(cases, reader, cues=cues)
    return {
        "first": f"{sum(c.passed for c in first)}/{len(first)}",
        "two": f"{sum(c.passed for c in stages[2])}/{len(stages[2])}" if stages[2] else "-",
        "precision": round(result.metrics["fact_precision"], 3),
        "recall": round(result.metrics["fact_recall"], 3),
        "extra": int(result.metrics["extra_verdicts_count"]),
    }


def reader_for(
    model: tuple[Path, str] | None, directory: Path, floors: dict[str, float] | None = None
) -> Reader:
    """The reader rebuilt from the same labelled data with the bundled model or a tuned one."""
    bundled = MiniLM()
    if model is None:
        build(bundled, directory)
    else:
        build(bundled, directory, encoder=model[0], clauses=MiniLM(model=model), floors=floors)
    reader = load_reader(bundled, directory, tuned=lambda path, sha: MiniLM(model=(path, sha)))
    assert reader is not None
    return reader


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("encoders", nargs="*", type=Path, help="directories with encoder.onnx")
    parser.add_argument("--out", type=Path, default=Path("/tmp/reader-dev.md"))
    parser.add_argument(
        "--floors",
        help="fact,answer similarity floors to score the tuned encoders at too (e.g. 0.84,0.72)",
    )
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="reader-dev-"))
    sets = {"batch 1": BATCH_1, "dev split": dev_split(scratch)}
    Variant = tuple[tuple[Path, str] | None, dict[str, float] | None]
    variants: dict[str, Variant] = {"bundled MiniLM (frozen)": (None, None)}
    for directory in args.encoders:
        onnx = directory / ENCODER
        model = (onnx, hashlib.sha256(onnx.read_bytes()).hexdigest())
        variants[directory.name] = (model, None)
        if args.floors:
            fact, answer = (float(x) for x in args.floors.split(","))
            floors = {"min_fact_similarity": fact, "min_answer_similarity": answer}
            variants[f"{directory.name}, floors {args.floors}"] = (model, floors)
    lines = [
        (
            "| encoder | reading | set | routing first | first answer | within two | fact P / R "
            "| extra verdicts |"
        ),
        "|---|---|---|---|---|---|---|---|",
    ]
    for i, (name, (model, floors)) in enumerate(variants.items()):
        reader = reader_for(model, scratch / f"reader-{i}", floors)
        for label, path in sets.items():
            right, total = routing(path, reader)
            for cues in (True, False):
                q = quality(path, reader, cues)
                lines.append(
                    f"| {name} | {'combined' if cues else 'learned only'} | {label} "
                    f"| {right}/{total} | {q['first']} | {q['two']} "
                    f"| {q['precision']:.3f} / {q['recall']:.3f} | {q['extra']} |"
                )
                print(lines[-1], flush=True)
    table = "\n".join(lines) + "\n"
    args.out.write_text(table, encoding="utf-8")
    print(table)


if __name__ == "__main__":
    main()
