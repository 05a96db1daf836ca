"""The plain-English scenario suite: its shape, its runner, and the ≥85% verdict accuracy gate."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from advisor.errors import InvalidInput
from advisor.evals.dialogue import simulate
from advisor.evals.scenarios import ScenarioCase, load_cases, run
from advisor.frameworks import REGISTRY, assess


def test_the_set_covers_every_framework() -> None:
    cases = load_cases()
    per_framework = Counter(fw for case in cases for fw in case.expected)
    assert len(cases) >= 60
    assert set(per_framework) == set(REGISTRY)
    assert min(per_framework.values()) >= 5
    assert any(len(case.expected) > 1 for case in cases), (
        "some scenarios must need several frameworks"
    )
    assert any(case.history for case in cases), (
        "some scenarios must carry facts over from earlier turns"
    )


def test_gold_facts_are_valid_inputs_that_agree_with_the_expected_verdict() -> None:
    for case in load_cases():
        for framework, fields in case.facts.items():
            verdict = assess(
                framework, fields
            ).verdict  # raises on a field or value the scorer doesn't know
            if framework in case.expected and verdict != "insufficient_information":
                assert verdict == case.expected[framework], case.id


def test_pipeline_reaches_the_expected_verdicts() -> None:
    result = run()
    print(
        f"\nscenarios: accuracy {result.metrics['accuracy']:.3f} over {result.metrics['verdicts_count']:.0f} verdicts; "
        f"facts precision {result.metrics['fact_precision']:.3f}, recall {result.metrics['fact_recall']:.3f}"
    )
    for framework, metrics in result.per_group.items():
        print(f"  {framework:<20} {metrics['accuracy']:.2f} ({metrics['verdicts_count']:.0f})")
    for failure in result.failures:
        print(f"  MISS {failure.case_id}: expected {failure.expected}, got {failure.actual}")
    assert result.suite == "scenarios"
    assert result.metrics["accuracy"] >= 0.85
    assert result.metrics["fact_precision"] >= 0.85 and result.metrics["fact_recall"] >= 0.85
    assert set(result.per_group) == set(REGISTRY)


def test_runner_counts_a_wrong_expectation_as_a_miss(tmp_path: Path) -> None:
    case = {
        "id": "oem",
        "question": "We're a seed-stage startup and Cisco offered an exclusive OEM deal.",
        "expected": {"prechasm_risk": "low_risk"},
        "facts": {"prechasm_risk": {"our_stage": "mature"}},
    }
    path = tmp_path / "s.jsonl"
    path.write_text(json.dumps(case) + "\n")
    result = run(path)
    assert result.metrics["accuracy"] == 0.0
    assert result.cases[0].actual == "very_high_risk"
    assert result.metrics["fact_precision"] < 1.0 and result.metrics["fact_recall"] == 0.0


@pytest.mark.parametrize(
    ("expected", "message"),
    [
        ({"no_such_framework": "go"}, "unknown framework"),
        ({"phase_gate": "maybe"}, "has no verdict"),
    ],
)
def test_a_bad_case_names_the_line_and_the_problem(
    tmp_path: Path, expected: dict, message: str
) -> None:
    path = tmp_path / "s.jsonl"
    path.write_text(json.dumps({"id": "x", "question": "q?", "expected": expected}) + "\n")
    with pytest.raises(InvalidInput, match=rf"s\.jsonl:1: .*{message}"):
        load_cases(path)


def test_a_null_gold_fact_is_one_the_conversation_does_not_state() -> None:
    case = ScenarioCase(
        id="t",
        question="Our pilot cut ticket time by a third. Go?",
        expected={"phase_gate": "insufficient_information"},
        facts={"phase_gate": {"phase": "crawl", "would_recommend": None}},
    )
    assert case.facts == {"phase_gate": {"phase": "crawl"}}
    # The simulated conversation runs through without a value to word for it.
    simulate(case.question, case.history, case.expected, case.facts, None)
