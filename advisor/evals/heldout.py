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

import re
from collections.abc import Iterable
from pathlib import Path

from advisor.evals import dialogue, scenarios
from advisor.evals.datasets import EVALS_DIR
from advisor.evals.scenarios import ScenarioCase
from advisor.evals.schemas import SuiteResult, pass_rate
from advisor.reader import bundled_reader

HELDOUT_DIR = EVALS_DIR / "heldout"
DEVELOPMENT_BATCHES = (
    1,
    6,
    7,
    8,
    9,
    14,
    17,
    18,
    20,
    *range(22, 56),
    *range(60, 64),
    *range(68, 76),
)
"""`scenarios-N.jsonl` batches that changes were chosen on, after their first-sight figures were
recorded (`evals/README.md`). Every other batch is held out: never read to choose or train
anything, and no labelled text may share a five-word run with it."""


def heldout_cases() -> list[ScenarioCase]:
    """Every case of the held-out batches."""
    return [
        case
        for path in sorted(HELDOUT_DIR.glob("scenarios-*.jsonl"))
        if int(path.stem.removeprefix("scenarios-")) not in DEVELOPMENT_BATCHES
        for case in scenarios.load_cases(path)
    ]


def five_word_runs(texts: Iterable[str]) -> set[str]:
    """The five-word runs of `texts`: a labelled text sharing one with a held-out case has seen
    its wording."""
    runs: set[str] = set()
    for text in texts:
        words = re.sub(r"[^\w' ]", " ", text.lower()).split()
        runs |= {" ".join(words[i : i + 5]) for i in range(len(words) - 4)}
    return runs


def heldout_wording() -> set[str]:
    """The five-word runs of every held-out question: labelled data sharing one is left out."""
    return five_word_runs(case.question for case in heldout_cases())


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
