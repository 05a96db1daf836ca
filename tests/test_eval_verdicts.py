"""The verdict dataset is valid, covers every verdict of every framework, and the scorers get all of it right."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from advisor.errors import InvalidInput
from advisor.evals.verdicts import DATASET, load_cases, run
from advisor.frameworks import REGISTRY


def test_dataset_has_at_least_5_cases_per_framework() -> None:
    counts = Counter(case.framework for case in load_cases())
    assert set(counts) == set(REGISTRY)
    assert min(counts.values()) >= 5, counts


def test_dataset_covers_every_verdict_value() -> None:
    covered = {(case.framework, case.expected_verdict) for case in load_cases()}
    expected = {
        (framework.id, verdict) for framework in REGISTRY.values() for verdict in framework.verdicts
    }
    assert expected - covered == set()


def test_every_case_scores_right() -> None:
    result = run()
    for framework, metrics in result.per_group.items():
        print(
            f"{framework:<20} accuracy {metrics['accuracy']:.0%} ({metrics['case_count']:.0f} cases)"
        )
    assert result.suite == "verdicts"
    assert [(c.case_id, c.expected, c.actual) for c in result.failures] == []
    assert result.metrics["accuracy"] == 1.0
    assert set(result.per_group) == set(REGISTRY)
    assert result.metrics["case_count"] == len(DATASET.read_text(encoding="utf-8").splitlines())


def _write(path: Path, *cases: dict) -> Path:
    path.write_text("".join(json.dumps(case) + "\n" for case in cases), encoding="utf-8")
    return path


GOOD = {
    "id": "t/1",
    "framework": "partner_tier",
    "input": {"has_engineering_resources": True},
    "expected_verdict": "tier_1_integration",
    "note": "engineering first",
}


def test_a_wrong_expectation_is_a_failed_case(tmp_path: Path) -> None:
    wrong = {**GOOD, "id": "t/2", "expected_verdict": "tier_3_strategic"}
    result = run(_write(tmp_path / "v.jsonl", GOOD, wrong))
    assert result.metrics["accuracy"] == 0.5
    assert [(c.case_id, c.expected, c.actual, c.group) for c in result.failures] == [
        ("t/2", "tier_3_strategic", "tier_1_integration", "partner_tier")
    ]


@pytest.mark.parametrize(
    ("case", "field", "named"),
    [
        ({**GOOD, "framework": "tiering"}, "framework", "tiering"),
        ({**GOOD, "expected_verdict": "tier_4"}, "expected_verdict", "tier_4"),
        ({**GOOD, "input": {"has_engineering": True}}, "input", "has_engineering"),
        ({**GOOD, "input": {"is_marquee_logo": "perhaps"}}, "input", "is_marquee_logo"),
        ({**GOOD, "extra": 1}, "extra", "extra"),
        ({k: v for k, v in GOOD.items() if k != "note"}, "note", "note"),
    ],
)
def test_a_bad_line_names_the_file_line_and_field(
    tmp_path: Path, case: dict, field: str, named: str
) -> None:
    path = _write(tmp_path / "v.jsonl", {**GOOD, "id": "t/0"}, case)
    with pytest.raises(InvalidInput) as exc:
        load_cases(path)
    assert exc.value.field == field
    assert f"{path}:2" in exc.value.message
    assert named in exc.value.message


def test_duplicate_ids_are_rejected(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="duplicate case id"):
        load_cases(_write(tmp_path / "v.jsonl", GOOD, GOOD))
