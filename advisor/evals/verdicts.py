"""The "verdicts" suite: structured inputs scored by the framework scorers, against the expected verdicts.

Each line of `evals/verdicts.jsonl` is one `VerdictCase`. A case is checked when it loads
(known framework, valid input, an expected verdict the framework can return), so a typo
fails the run at its line instead of counting as a wrong verdict.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import Field, ValidationInfo, field_validator

from advisor.errors import AdvisorError
from advisor.evals.datasets import EVALS_DIR, _Case, load_jsonl
from advisor.evals.schemas import CaseResult, SuiteResult, by_group, pass_rate
from advisor.frameworks import Framework, assess, get_framework, validate_input

SUITE = "verdicts"
DATASET = EVALS_DIR / "verdicts.jsonl"


class VerdictCase(_Case):
    """One structured case: a framework, its input object and the verdict the contract demands."""

    framework: str = Field(description="Framework id, e.g. `phase_gate`.")
    input: dict[str, Any] = Field(
        description="The framework's input object, as `POST /v1/assess/{framework}` takes it."
    )
    expected_verdict: str
    note: str = Field(min_length=1, description="Which rule or boundary the case exercises.")

    # Checked field by field (in declaration order) so a bad line's error names the field to fix.
    @field_validator("framework")
    @classmethod
    def _known_framework(cls, value: str) -> str:
        return _framework(value).id

    @field_validator("input")
    @classmethod
    def _valid_input(cls, value: dict[str, Any], info: ValidationInfo) -> dict[str, Any]:
        if "framework" in info.data:
            try:
                validate_input(_framework(info.data["framework"]), value)
            except AdvisorError as exc:
                raise ValueError(exc.message) from exc
        return value

    @field_validator("expected_verdict")
    @classmethod
    def _possible_verdict(cls, value: str, info: ValidationInfo) -> str:
        if "framework" in info.data and value not in (
            verdicts := _framework(info.data["framework"]).verdicts
        ):
            raise ValueError(
                f"{info.data['framework']} never returns {value!r}; it returns {', '.join(verdicts)}"
            )
        return value


def _framework(framework_id: str) -> Framework:
    try:
        return get_framework(framework_id)
    except AdvisorError as exc:
        raise ValueError(exc.message) from exc


def load_cases(path: Path = DATASET) -> list[VerdictCase]:
    """Parse the verdict dataset; a bad line raises InvalidInput naming the file, line and field."""
    return load_jsonl(path, VerdictCase)


def _accuracy(results: list[CaseResult]) -> dict[str, float]:
    return {"accuracy": pass_rate(results), "case_count": float(len(results))}


def run(path: Path = DATASET) -> SuiteResult:
    """Score every case and report accuracy overall and per framework."""
    results = []
    for case in load_cases(path):
        actual = assess(case.framework, case.input).verdict
        results.append(
            CaseResult(
                case_id=case.id,
                passed=actual == case.expected_verdict,
                expected=case.expected_verdict,
                actual=actual,
                group=case.framework,
                note=case.note,
            )
        )
    return SuiteResult(
        suite=SUITE,
        metrics=_accuracy(results),
        cases=results,
        per_group={group: _accuracy(items) for group, items in by_group(results).items()},
    )
