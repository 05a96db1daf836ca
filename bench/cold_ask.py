"""Cold start of `advisor ask`: a fresh process answering one question against a warm index,
this tree beside an earlier commit (by default the last one before the learned reader), in
alternating rounds so both see the same background load.

    python bench/cold_ask.py                      # --baseline 9e3e0fc --rounds 7
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUESTION = "Should we build our own billing integration or partner?"
OUT = ROOT / "bench" / "results-cold-ask.md"


def _advisor(tree: Path, *args: str) -> list[str]:
    # The tree's own package first on the path: the same interpreter and dependencies for both.
    code = f"import sys; sys.path.insert(0, {str(tree)!r}); from advisor.cli import app; app()"
    return [sys.executable, "-c", code, *args]


def _env(data: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ADVISOR_")}
    return {**env, "ADVISOR_DATA_DIR": str(data), "ADVISOR_CORPUS_DIR": str(ROOT / "corpus")}


def _timed(tree: Path, data: Path) -> float:
    began = time.perf_counter()
    subprocess.run(
        _advisor(tree, "ask", QUESTION, "--json"),
        env=_env(data),
        check=True,
        capture_output=True,
        cwd=tree,
    )
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default="9e3e0fc", help="commit to compare against")
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "baseline"
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(base), args.baseline],
            check=True,
            capture_output=True,
        )
        try:
            trees = {"this tree": ROOT, f"baseline {args.baseline}": base}
            data = {name: Path(tmp) / f"data-{i}" for i, name in enumerate(trees)}
            for name, tree in trees.items():  # index built and caches warmed, untimed
                _timed(tree, data[name])
            times: dict[str, list[float]] = {name: [] for name in trees}
            for _ in range(args.rounds):
                for name, tree in trees.items():
                    times[name].append(_timed(tree, data[name]))
        finally:
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(base)], check=False
            )
    medians = {name: statistics.median(t) for name, t in times.items()}
    here, baseline = medians["this tree"], medians[f"baseline {args.baseline}"]
    lines = [
        (
            f"`python bench/cold_ask.py --baseline {args.baseline} --rounds {args.rounds}`, "
            f'{datetime.now(UTC):%Y-%m-%d}: `advisor ask "{QUESTION}" --json` in a fresh '
            "process, warm index, median of alternating rounds; load average "
            f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores at the end."
        ),
        "",
        "| tree | median | min | max |",
        "|---|---:|---:|---:|",
        *(
            f"| {name} | {medians[name]:.2f} s | {min(t):.2f} s | {max(t):.2f} s |"
            for name, t in times.items()
        ),
        "",
        f"This tree minus the baseline: {here - baseline:+.2f} s ({here / baseline:.2f}×).",
    ]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
