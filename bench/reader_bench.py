"""Reader benchmark: keyword/regex only, learned only and combined, side by side on held-out cases.

For each reader: right verdict on the first answer, after the batch's written follow-up turns,
with a simulated founder answering the advisor's follow-up questions in plain words (after one,
within two: `advisor.evals.dialogue`), fact precision and recall, and the extractive `advisor ask` latency (p50, p90) over the same questions, all in one run
on one machine, so the ratios hold even where the absolute times don't. Also the scope of the
held-out scope cases. Run by hand; prints a markdown table and writes it to bench/reader-results.md:

    python bench/reader_bench.py [--batch evals/heldout/scenarios-2.jsonl] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from advisor.config import Settings
from advisor.evals import dialogue, scenarios
from advisor.ingest import ensure_index
from advisor.minilm import shared_minilm
from advisor.reader import bundled_reader
from advisor.routing import is_in_scope
from advisor.service import AdvisorService

ROOT = Path(__file__).resolve().parent.parent
READERS = {
    # name: (learned reader, precise cues)
    "keyword/regex only": (False, True),
    "learned only": (True, False),
    "combined": (True, True),
}


class _Service(AdvisorService):
    """The advisor with a chosen reader: the same pipeline, only the reading differs."""

    learned = True

    @property
    def reader(self):  # type: ignore[override]
        return bundled_reader() if self.learned else None


def quality(batch: Path, learned: bool, cues: bool) -> dict[str, float]:
    reader = bundled_reader() if learned else None
    result = scenarios.run(batch, reader, cues=cues)
    follow_ups = {c.id for c in scenarios.load_cases(batch) if c.history}
    first = [c for c in result.cases if c.case_id.split(":")[0] not in follow_ups]
    later = [c for c in result.cases if c.case_id.split(":")[0] in follow_ups]
    stages = dialogue.score(scenarios.load_cases(batch), reader, cues=cues)
    return {
        "one": sum(c.passed for c in stages[1]) / len(stages[1]),
        "two": sum(c.passed for c in stages[2]) / len(stages[2]),
        "dialogue_n": len(stages[0]),
        "first": sum(c.passed for c in first) / len(first),
        "first_n": len(first),
        "later": sum(c.passed for c in later) / max(1, len(later)),
        "later_n": len(later),
        "precision": result.metrics["fact_precision"],
        "recall": result.metrics["fact_recall"],
    }


def latency(service: AdvisorService, questions: list[str], rounds: int) -> tuple[float, float]:
    times = []
    for _ in range(rounds):
        for q in questions:
            # Measure the full question every time: query and clause embeddings included.
            service.retriever.forget_queries()
            shared_minilm(service.settings).forget()
            if service.reader is not None:  # a tuned encoder keeps recent clause vectors too
                getattr(service.reader.clause_embedder, "forget", lambda: None)()
            start = time.perf_counter()
            service.ask(q)
            times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.9 * (len(times) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=Path, default=ROOT / "evals/heldout/scenarios-2.jsonl")
    parser.add_argument("--scope", type=Path, default=ROOT / "evals/heldout/scope-1.jsonl")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "bench/reader-results.md")
    args = parser.parse_args()

    data_dir = Path(tempfile.mkdtemp(prefix="reader-bench-"))
    settings = Settings(data_dir=data_dir)
    ensure_index(settings)
    questions = [c.question for c in scenarios.load_cases(args.batch)]
    scope = [json.loads(line) for line in args.scope.read_text().splitlines() if line]
    reader = bundled_reader()
    service = _Service(settings)
    service.retriever.warm()  # as a server does before its first question
    service.ask(questions[0])  # load the model, the index and the reader once, outside the timing

    rows = []
    for name, (learned, cues) in READERS.items():
        q = quality(args.batch, learned, cues)
        service.learned = learned
        p50, p90 = latency(service, questions, args.rounds) if cues else (float("nan"),) * 2
        in_scope = sum(
            is_in_scope(s["question"], reader if learned else None) is s["in_scope"] for s in scope
        )
        rows.append((name, q, p50, p90, in_scope))
    base_p50 = rows[0][2]
    title = (
        f"# Reader benchmark ({datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {platform.machine()}, "
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}, "
        f"{args.batch.relative_to(ROOT)}, reader {reader.version if reader else 'none'})"
    )
    header = (
        "| reader | first answer right | written follow-ups | after one follow-up "
        "| within two follow-ups | fact precision | fact recall "
        "| scope | `ask` p50 ms | p90 ms | p50 vs keyword |"
    )
    lines = [title, "", header, "|---|---|---|---|---|---|---|---|---|---|---|"]
    for name, q, p50, p90, in_scope in rows:
        timed = not math.isnan(p50)
        ratio = f"{p50 / base_p50:.2f}x" if timed else "-"
        timing = f"{p50:.0f} | {p90:.0f}" if timed else "- | -"
        lines.append(
            f"| {name} | {q['first']:.0%} ({round(q['first'] * q['first_n'])}/{q['first_n']}) "
            f"| {q['later']:.0%} ({round(q['later'] * q['later_n'])}/{q['later_n']}) "
            f"| {q['one']:.0%} ({round(q['one'] * q['dialogue_n'])}/{q['dialogue_n']}) "
            f"| {q['two']:.0%} ({round(q['two'] * q['dialogue_n'])}/{q['dialogue_n']}) "
            f"| {q['precision']:.3f} | {q['recall']:.3f} | {in_scope}/{len(scope)} "
            f"| {timing} | {ratio} |"
        )
    note = (
        "Learned only is the same pipeline without the lexicon and keywords; its `ask` latency is"
        " not measured apart, since `advisor ask` always reads with the combined reader."
    )
    simulated = (
        "The follow-up columns count the expected verdicts of the cases with gold facts: a"
        " simulated founder answers each follow-up question with the gold value in plain words"
        " (one template per field type), or says they're not sure."
    )
    lines += ["", note, "", simulated]
    table = "\n".join(lines) + "\n"
    print(table)
    args.out.write_text(table, encoding="utf-8")
    service.close()


if __name__ == "__main__":
    main()
