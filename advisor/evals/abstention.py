"""The abstention suite: off-topic and uncovered questions are declined, in-scope controls are answered."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from advisor.evals.answers import ask_all, citation_validity
from advisor.evals.datasets import AbstentionCase, load_jsonl
from advisor.evals.schemas import CaseResult, SuiteResult, by_group, pass_rate
from advisor.schemas import Answer

ANSWERED = "answered"


def evaluate(
    cases: list[AbstentionCase], answers: list[Answer], texts: Mapping[str, str]
) -> SuiteResult:
    """Compare each answer's `abstained` with the case's expectation; accuracy overall and per kind."""
    results = [
        CaseResult(
            case_id=case.id,
            passed=answer.abstained == case.expected,
            expected=case.expected or ANSWERED,
            actual=answer.abstained or ANSWERED,
            group=case.expected or ANSWERED,
        )
        for case, answer in zip(cases, answers, strict=True)
    ]
    per_group = {
        group: {"accuracy": round(pass_rate(members), 4)}
        for group, members in sorted(by_group(results).items())
        if group
    }
    metrics = {
        "abstention_accuracy": round(pass_rate(results), 4),
        "citation_validity": citation_validity(
            answers, texts
        ),  # unrounded: the gate is exactly 1.0
    }
    return SuiteResult(suite="abstention", metrics=metrics, cases=results, per_group=per_group)


def run(service: Any, path: Path, texts: Mapping[str, str]) -> SuiteResult:
    """Ask every abstention case through `service` (an AdvisorService)."""
    cases = load_jsonl(path, AbstentionCase)
    return evaluate(cases, ask_all(service, [c.question for c in cases], "abstention"), texts)
