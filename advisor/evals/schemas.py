"""The result shape every evaluation suite returns, so the runner can gate, compare and report uniformly."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from pydantic import BaseModel, Field


class CaseResult(BaseModel):
    """One dataset case: what was expected, what came out."""

    case_id: str
    passed: bool
    expected: Any = None
    actual: Any = None
    group: str | None = Field(
        default=None, description="E.g. the framework id, for per-group accuracy."
    )
    note: str | None = None


class SuiteResult(BaseModel):
    """One suite's run: headline metrics, every case, and metrics per group."""

    suite: str
    metrics: dict[str, float] = Field(
        description="Higher is better unless the name ends in '_count'."
    )
    cases: list[CaseResult] = Field(default_factory=list)
    per_group: dict[str, dict[str, float]] = Field(
        default_factory=dict, description="group -> metric -> value"
    )

    @property
    def failures(self) -> list[CaseResult]:
        """The cases that did not pass, in dataset order."""
        return [c for c in self.cases if not c.passed]


def pass_rate(cases: Sequence[CaseResult]) -> float:
    """The share of `cases` that passed."""
    return sum(c.passed for c in cases) / len(cases)


def by_group(cases: Iterable[CaseResult]) -> dict[str, list[CaseResult]]:
    """Cases keyed by their group, groups in first-seen order; ungrouped cases under ''."""
    groups: dict[str, list[CaseResult]] = defaultdict(list)
    for case in cases:
        groups[case.group or ""].append(case)
    return dict(groups)
