"""The held-out suite: plain-English cases the reader was never tuned on (`evals/heldout/`).

Scored exactly like `scenarios`, with the first answer and the follow-up turns reported apart:
`accuracy` is the right verdict on the first answer, `followup_accuracy` the right verdict after
the founder answered the follow-up questions in plain words.
"""

from __future__ import annotations

from pathlib import Path

from advisor.evals import scenarios
from advisor.evals.schemas import SuiteResult, pass_rate


def run(path: Path) -> SuiteResult:
    """Score a held-out batch with the shipped reader."""
    result = scenarios.run(path)
    follow_ups = {case.id for case in scenarios.load_cases(path) if case.history}
    first = [c for c in result.cases if c.case_id.split(":")[0] not in follow_ups]
    later = [c for c in result.cases if c.case_id.split(":")[0] in follow_ups]
    metrics = {
        **result.metrics,
        "accuracy": pass_rate(first),
        "followup_accuracy": pass_rate(later),
        "followup_cases_count": float(len(follow_ups)),
    }
    return result.model_copy(update={"suite": "heldout", "metrics": metrics})
