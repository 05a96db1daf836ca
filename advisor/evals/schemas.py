"""The result shape every evaluation suite returns, so the runner can gate, compare and report uniformly."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class CaseResult(BaseModel):
    """One dataset case: what was expected, what came out."""

    case_id: str
    passed: bool
    expected: Any = None
    actual: Any = None
    group: str | None = Field(default=None, description="E.g. the framework id, for per-group accuracy.")
    note: str | None = None


class SuiteResult(BaseModel):
    suite: str
    metrics: dict[str, float] = Field(description="Higher is better unless the name ends in '_count'.")
    cases: list[CaseResult] = Field(default_factory=list)
    per_group: dict[str, dict[str, float]] = Field(default_factory=dict, description="group -> metric -> value")

    @property
    def failures(self) -> list[CaseResult]:
        return [c for c in self.cases if not c.passed]
