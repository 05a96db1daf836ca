"""`advisor frameworks` and `advisor assess` through the real Typer app."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from advisor.cli import app
from advisor.corpus import corpus_texts
from advisor.frameworks import REGISTRY

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def _json(runner: CliRunner, *args: str, stdin: str | None = None) -> dict:
    result = runner.invoke(app, [*args, "--json"], input=stdin)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_marquee_without_engineering_is_tier_3_quoting_the_tree(runner: CliRunner) -> None:
    verdict = _json(
        runner,
        "assess",
        "partner_tier",
        "--set",
        "has_engineering_resources=false",
        "--set",
        "is_marquee_logo=true",
    )
    assert verdict["verdict"] == "tier_3_strategic"
    body = corpus_texts(CORPUS)["partnership-architecture"]
    quotes = [line["source"]["quote"] for line in verdict["rationale"]]
    assert (
        "Is this a marquee logo that shifts our positioning?\n├─ Yes → Tier 3 (Strategic)" in quotes
    )
    for line in verdict["rationale"]:
        source = line["source"]
        assert body[source["start"] : source["end"]] == source["quote"]


def test_frameworks_lists_one_line_each(runner: CliRunner) -> None:
    result = runner.invoke(app, ["frameworks"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines] == list(REGISTRY)
    assert all(framework.description in line for framework, line in zip(REGISTRY.values(), lines))


def test_frameworks_json_adds_input_schemas(runner: CliRunner) -> None:
    listing = _json(runner, "frameworks")
    assert [item["id"] for item in listing] == list(REGISTRY)
    phase_gate = next(item for item in listing if item["id"] == "phase_gate")
    assert "pilot_improvement_pct" in phase_gate["input_schema"]["properties"]
    assert "no_go" in phase_gate["verdicts"]
    assert all(rule["source"]["quote"] for item in listing for rule in item["rules"])


def test_verdict_card_shows_quotes_offsets_missing_and_recommendations(runner: CliRunner) -> None:
    result = runner.invoke(
        app, ["assess", "phase_gate", "--set", "phase=crawl", "--set", "pilot_improvement_pct=12"]
    )
    assert result.exit_code == 0, result.output
    card = result.stdout
    assert card.startswith("phase_gate: no_go")
    assert "partnership-architecture 9157-9198:" in card
    assert "> Did pilot customers see 20%+ improvement?" in card
    assert "> ├─ No → End partnership, learn from failure" in card
    assert "would_recommend: Would the pilot customers recommend" in card
    assert "Recommendations:" in card and "learn from the failure" in card


def test_input_file_and_set_override(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "crawl.json"
    path.write_text(
        json.dumps(
            {
                "phase": "crawl",
                "pilot_improvement_pct": 20,
                "would_recommend": True,
                "can_scale_integration": False,
            }
        )
    )
    assert _json(runner, "assess", "phase_gate", "--input", str(path))["verdict"] == "no_go"
    overridden = _json(
        runner, "assess", "phase_gate", "-i", str(path), "--set", "can_scale_integration=true"
    )
    assert overridden["verdict"] == "go"


def test_input_from_stdin(runner: CliRunner) -> None:
    verdict = _json(
        runner,
        "assess",
        "upstream_fit",
        "--input",
        "-",
        stdin='{"partner_has_sales_channel": false}',
    )
    assert verdict["verdict"] == "long_tail"


@pytest.mark.parametrize(
    ("framework", "assignments", "expected"),
    [
        (
            "skin_in_the_game",
            [
                "our_commitment=engineering,spend",
                "partner_commitment=revenue_share",
                "we_lose_if_fails=true",
                "partner_loses_if_fails=True",
            ],
            "real_partnership",
        ),
        (
            "leverage",
            ["leverage_types=requirement"],
            "full_investment",
        ),  # a single value fills a list field
        ("leverage", ["leverage_types="], "walk_away"),  # an empty value is an empty list
        ("leverage", ['leverage_types=["co_marketing", "competitive"]'], "light_test"),  # JSON
        (
            "build_vs_partner",
            [
                "core_to_differentiation=false",
                "build_delays_roadmap_months=6",
                "credible_partner_needs_us=false",
            ],
            "build",
        ),
        (
            "build_vs_partner",
            ["core_to_differentiation=false", "build_delays_roadmap_months=6.5"],
            "partner",
        ),
        (
            "ecosystem_model",
            [
                "brand_damage_risk_high=false",
                "expected_partners=101",
                "can_scale_human_review=true",
            ],
            "open",
        ),
    ],
)
def test_set_values_are_parsed(
    runner: CliRunner, framework: str, assignments: list[str], expected: str
) -> None:
    args = [arg for item in assignments for arg in ("--set", item)]
    assert _json(runner, "assess", framework, *args)["verdict"] == expected


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["assess", "no_such_framework"], "no_such_framework"),
        (["assess", "partner_tier", "--set", "tier=1"], "'tier'"),
        (
            ["assess", "partner_tier", "--set", "has_engineering_resources=maybe"],
            "'has_engineering_resources'",
        ),
        (["assess", "phase_gate", "--set", "pilot_improvement_pct=120"], "'pilot_improvement_pct'"),
        (["assess", "phase_gate", "--set", "adoption_pct=-0.5"], "'adoption_pct'"),
        (["assess", "phase_gate", "--set", "pilot_improvement_pct=NaN"], "'pilot_improvement_pct'"),
        (
            ["assess", "leverage", "--set", "leverage_types=requirement,friendship"],
            "'leverage_types.1'",
        ),
        (["assess", "partner_tier", "--set", "is_marquee_logo"], "key=value"),
        (["assess", "partner_tier", "--set", "=true"], "key=value"),
        (["assess", "partner_tier", "--input", "/nonexistent/facts.json"], "--input"),
    ],
)
def test_bad_input_exits_2_naming_the_problem(
    runner: CliRunner, args: list[str], named: str
) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert named in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("content", [b"{not json", b"[1, 2]", b"\xff\xfe not utf-8"])
def test_unusable_input_file_exits_2(runner: CliRunner, tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "facts.json"
    path.write_bytes(content)
    result = runner.invoke(app, ["assess", "partner_tier", "--input", str(path)])
    assert result.exit_code == 2
    assert "--input" in result.stderr
