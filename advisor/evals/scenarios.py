"""The plain-English scenario suite: does the advisor's own facts → routing → scorers pipeline
reach the verdicts a partnerships lead would expect, and does it read the facts right?

Metrics: `accuracy` over every expected verdict (per framework in `per_group`); over the cases
that carry gold facts, `fact_precision` and `fact_recall` on the gold frameworks; and
`extra_verdicts_count`, the verdicts of frameworks a case doesn't expect (routing noise).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import Field, model_validator

from advisor.evals.datasets import EVALS_DIR, _Case, load_jsonl
from advisor.evals.schemas import CaseResult, SuiteResult, by_group, pass_rate
from advisor.facts import facts_to_inputs
from advisor.frameworks import REGISTRY
from advisor.reader import Reader, bundled_reader
from advisor.turn import assess_question

DEFAULT_PATH = EVALS_DIR / "scenarios.jsonl"


class ScenarioCase(_Case):
    question: str = Field(min_length=1, description="Asked the way a founder or BD lead would.")
    expected: dict[str, str] = Field(
        min_length=1, description="framework id -> the verdict it must give."
    )
    history: list[str] = Field(
        default_factory=list, description="Earlier turns of the conversation, oldest first."
    )
    facts: dict[str, dict[str, Any]] = Field(
        default_factory=dict,
        description="Gold framework inputs the conversation states: framework -> field -> value.",
    )

    @model_validator(mode="before")
    @classmethod
    def _unstated_facts_left_out(cls, data: Any) -> Any:
        # A gold fact given as null is one the conversation doesn't state: not a value to read.
        if isinstance(data, dict) and isinstance(data.get("facts"), dict):
            data = dict(data)
            data["facts"] = {
                framework: {k: v for k, v in fields.items() if v is not None}
                if isinstance(fields, dict)
                else fields
                for framework, fields in data["facts"].items()
            }
        return data

    @model_validator(mode="after")
    def _known_frameworks_and_verdicts(self) -> ScenarioCase:
        for framework, verdict in self.expected.items():
            if framework not in REGISTRY:
                raise ValueError(f"unknown framework {framework!r} in expected")
            if verdict not in REGISTRY[framework].verdicts:
                raise ValueError(f"{framework} has no verdict {verdict!r}")
        for framework in self.facts:
            if framework not in REGISTRY:
                raise ValueError(f"unknown framework {framework!r} in facts")
        return self


def load_cases(path: Path = DEFAULT_PATH) -> list[ScenarioCase]:
    """Parse the scenario dataset; a bad line raises InvalidInput naming the file, line and field."""
    return load_jsonl(path, ScenarioCase)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, list) and isinstance(b, list):
        return sorted(map(str, a)) == sorted(map(str, b))
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return abs(a - b) < 1e-9
    return bool(a == b)


def run(
    path: Path = DEFAULT_PATH, reader: Reader | None | bool = True, *, cues: bool = True
) -> SuiteResult:
    """Score every scenario with the advisor's pipeline, exactly as a question in a session would be.

    `reader` True reads with the shipped learned reader, None with the precise cues alone;
    `cues=False` with the learned reader alone."""
    reader = bundled_reader() if reader is True else reader or None
    cases = load_cases(path)
    results: list[CaseResult] = []
    true_pos = extracted = gold = extra = 0
    for case in cases:
        facts, verdicts = assess_question(case.question, tuple(case.history), reader, cues=cues)
        got = {v.framework: v.verdict for v in verdicts}
        extra += len(got.keys() - case.expected.keys())
        for framework, expected in case.expected.items():
            results.append(
                CaseResult(
                    case_id=f"{case.id}:{framework}",
                    passed=got.get(framework) == expected,
                    expected=expected,
                    actual=got.get(framework),
                    group=framework,
                    note=None if framework in got else "not routed",
                )
            )
        if case.facts:
            inputs = facts_to_inputs(facts)
            for framework, fields in case.facts.items():
                read = inputs.get(framework, {})
                gold += len(fields)
                extracted += len(read)
                true_pos += sum(
                    name in read and _same(read[name], value) for name, value in fields.items()
                )
    metrics = {
        "accuracy": pass_rate(results),
        "fact_precision": true_pos / extracted if extracted else 0.0,
        "fact_recall": true_pos / gold if gold else 0.0,
        "extra_verdicts_count": float(extra),
        "cases_count": float(len(cases)),
        "verdicts_count": float(len(results)),
    }
    per_group = {
        fw: {"accuracy": pass_rate(items), "verdicts_count": float(len(items))}
        for fw, items in sorted(by_group(results).items())
    }
    return SuiteResult(suite="scenarios", metrics=metrics, cases=results, per_group=per_group)
