"""The held-out suite: plain-English cases the reader was never tuned on (`evals/heldout/`).

Scored exactly like `scenarios`, with the first answer and the follow-up turns reported apart:
`accuracy` is the right verdict on the first answer, `followup_accuracy` the right verdict after
the founder answered the follow-up questions the batch writes out in `history`.

The conversation measures come from a simulated founder (`advisor.evals.dialogue`) who answers
each follow-up truthfully in plain words, over the cases with gold facts:
`dialogue_first_accuracy` (no reply yet), `dialogue_one_followup_accuracy` and
`dialogue_two_followups_accuracy` (right within two follow-ups). Each case's verdict within two
follow-ups is also a case of its own (`<id>:<framework>:within-two`), so a conversation that
reached its verdict in the baseline and no longer does fails the run.
"""

from __future__ import annotations

from pathlib import Path

from advisor.evals import dialogue, scenarios
from advisor.evals.schemas import SuiteResult, pass_rate
from advisor.reader import bundled_reader


def run(path: Path) -> SuiteResult:
    """Score a held-out batch with the shipped reader."""
    result = scenarios.run(path)
    cases = scenarios.load_cases(path)
    follow_ups = {case.id for case in cases if case.history}
    first = [c for c in result.cases if c.case_id.split(":")[0] not in follow_ups]
    later = [c for c in result.cases if c.case_id.split(":")[0] in follow_ups]
    stages = dialogue.score(cases, bundled_reader())
    within_two = [c.model_copy(update={"case_id": f"{c.case_id}:within-two"}) for c in stages[-1]]
    metrics = {
        **result.metrics,
        "accuracy": pass_rate(first),
        "followup_accuracy": pass_rate(later),
        "followup_cases_count": float(len(follow_ups)),
        "dialogue_first_accuracy": pass_rate(stages[0]),
        "dialogue_one_followup_accuracy": pass_rate(stages[1]),
        "dialogue_two_followups_accuracy": pass_rate(stages[2]),
        "dialogue_verdicts_count": float(len(stages[0])),
    }
    return result.model_copy(
        update={"suite": "heldout", "metrics": metrics, "cases": result.cases + within_two}
    )
