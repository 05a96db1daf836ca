"""Streaming benchmark: how soon the first checked claim reaches the client, against the model.

The test stub (tests/stub_openai.py) plays a model that streams its reply, one claim per line,
24 characters every `--delay` seconds. For each run it records when the model finished writing
the first claim's line and when that claim's first token left the advisor's stream, and the
whole reply's end: before claims streamed, the first claim waited for it. Run by hand:

    python bench/stream_bench.py [--runs 10] [--delay 0.03] [--out bench/results-stream.md]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from advisor.config import LLMSettings, Settings
from advisor.ingest import ingest
from advisor.service import AdvisorService
from tests.stub_openai import StubOpenAI
from tests.test_claim_stream import QUESTION, claim_lines


def first_line_done(log: list[tuple[float, str]]) -> float:
    """When the piece that completed the reply's first line was sent."""
    text = ""
    for sent, piece in log:
        text += piece
        if "\n" in text:
            return sent
    return log[-1][0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument(
        "--delay", type=float, default=0.03, help="seconds between 24-character chunks"
    )
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results-stream.md")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="advisor-stream-"))
    lags, waits = [], []
    try:
        settings = Settings(data_dir=work, corpus_dir=REPO / "corpus")
        ingest(settings)
        with StubOpenAI(
            "ok", replies=[claim_lines] * (8 * args.runs), chunk_delay_s=args.delay
        ) as stub:
            llm = LLMSettings(model="stub-model", base_url=stub.url, timeout_s=30)
            service = AdvisorService(settings.model_copy(update={"llm": llm}))
            service.retriever.search(QUESTION)  # the index's sentences are embedded once, untimed
            for _ in range(args.runs):
                first = None
                for kind, data in service.stream(QUESTION):
                    if kind == "token" and "[1]" in data["text"] and first is None:
                        first = time.monotonic()
                done = first_line_done(stub.stream_log)
                lags.append((first - done) * 1000)
                waits.append((stub.stream_finished - done) * 1000)
            service.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    rows = [
        (
            "first claim's token after the model finished writing it (ms), p50",
            f"{statistics.median(lags):.0f}",
            "≤ 100",
        ),
        ("the same, worst run (ms)", f"{max(lags):.0f}", ""),
        (
            "what the first claim waited when the whole reply was awaited (ms), p50",
            f"{statistics.median(waits):.0f}",
            "",
        ),
    ]
    table = "\n".join(
        [
            "# Streaming of checked claims",
            "",
            (
                f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC · {os.cpu_count()} cores · load average "
                f"{os.getloadavg()[1]:.1f} · {args.runs} runs · stub model streaming 24 characters"
                f" every {args.delay * 1000:.0f} ms"
            ),
            "",
            "| measure | value | target |",
            "| --- | ---: | --- |",
            *(f"| {' | '.join(row)} |" for row in rows),
        ]
    )
    print(table)
    args.out.write_text(table + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
