"""Every rule of the Partnership Architecture scorers, §1-§4 and the build/partner and ecosystem trees.

Each case names the input, the verdict the contract (shared/design/frameworks.md) demands,
the rules that must fire, in order, and the facts the scorer must ask for.
"""

from __future__ import annotations

from typing import Any

import pytest

from advisor.errors import InvalidInput
from advisor.frameworks import assess

INSUFFICIENT = "insufficient_information"
BOTH_COMMIT = {"our_commitment": ["engineering"], "partner_commitment": ["spend", "revenue_share"]}
BOTH_LOSE = {"we_lose_if_fails": True, "partner_loses_if_fails": True}
MARKERS = {"roadmap_alignment": True, "executive_sponsorship": True}

# (framework, input, verdict, rules fired in order, missing fields in order)
CASES = {
    # skin_in_the_game
    "skin/real_all_markers": (
        "skin_in_the_game",
        {**BOTH_COMMIT, **BOTH_LOSE, **MARKERS},
        "real_partnership",
        ["economic_commitment", "mutual_risk", "roadmap_alignment", "executive_sponsorship"],
        [],
    ),
    "skin/real_asks_markers": (
        "skin_in_the_game",
        {**BOTH_COMMIT, **BOTH_LOSE},
        "real_partnership",
        ["economic_commitment", "mutual_risk"],
        ["roadmap_alignment", "executive_sponsorship"],
    ),
    "skin/only_we_commit_and_risk": (
        "skin_in_the_game",
        {
            "our_commitment": ["engineering"],
            "partner_commitment": ["none"],
            "we_lose_if_fails": True,
            "partner_loses_if_fails": False,
            **MARKERS,
        },
        "one_sided",
        ["lopsided_commitment", "lopsided_risk", "roadmap_alignment", "executive_sponsorship"],
        [],
    ),
    "skin/only_we_risk": (
        "skin_in_the_game",
        {**BOTH_COMMIT, "we_lose_if_fails": True, "partner_loses_if_fails": False},
        "one_sided",
        ["lopsided_risk"],
        ["roadmap_alignment", "executive_sponsorship"],
    ),
    "skin/only_partner_commits": (
        "skin_in_the_game",
        {"our_commitment": [], "partner_commitment": ["co_investment"], **BOTH_LOSE, **MARKERS},
        "one_sided",
        ["lopsided_commitment", "roadmap_alignment", "executive_sponsorship"],
        [],
    ),
    "skin/nobody_loses": (
        "skin_in_the_game",
        {"we_lose_if_fails": False, "partner_loses_if_fails": False, **MARKERS},
        "handshake",
        ["nothing_lost", "roadmap_alignment", "executive_sponsorship"],
        [],
    ),
    "skin/nobody_commits": (
        "skin_in_the_game",
        {"our_commitment": ["none"], "partner_commitment": []},
        "handshake",
        ["zero_cost"],
        ["roadmap_alignment", "executive_sponsorship"],
    ),
    "skin/nothing_at_all": (
        "skin_in_the_game",
        {
            "our_commitment": ["none"],
            "partner_commitment": ["none"],
            "we_lose_if_fails": False,
            "partner_loses_if_fails": False,
            "roadmap_alignment": False,
            "executive_sponsorship": False,
        },
        "handshake",
        ["nothing_lost", "zero_cost"],
        [],
    ),
    "skin/partner_risk_unknown": (
        "skin_in_the_game",
        {**BOTH_COMMIT, "we_lose_if_fails": True},
        INSUFFICIENT,
        [],
        ["partner_loses_if_fails"],
    ),
    "skin/partner_commitment_unknown": (
        "skin_in_the_game",
        {"our_commitment": ["spend"], **BOTH_LOSE},
        INSUFFICIENT,
        [],
        ["partner_commitment"],
    ),
    "skin/empty": (
        "skin_in_the_game",
        {},
        INSUFFICIENT,
        [],
        ["our_commitment", "partner_commitment", "we_lose_if_fails", "partner_loses_if_fails"],
    ),
    # three_sided_value
    "value/balanced": (
        "three_sided_value",
        {
            "value_for_us": ["distribution"],
            "value_for_partner": ["retention"],
            "value_for_customers": ["single_vendor", "cost_efficiency"],
        },
        "balanced",
        ["three_parties"],
        [],
    ),
    "value/customers_gain_nothing": (
        "three_sided_value",
        {
            "value_for_us": ["revenue"],
            "value_for_partner": ["differentiation"],
            "value_for_customers": [],
        },
        "unbalanced",
        ["unarticulated_value", "customers"],
        [],
    ),
    "value/two_parties_say_none": (
        "three_sided_value",
        {
            "value_for_us": ["credibility"],
            "value_for_partner": ["NONE"],
            "value_for_customers": ["nothing"],
        },
        "unbalanced",
        ["unarticulated_value", "partner", "customers"],
        [],
    ),
    "value/unbalanced_asks_rest": (
        "three_sided_value",
        {"value_for_us": []},
        "unbalanced",
        ["unarticulated_value", "us"],
        ["value_for_partner", "value_for_customers"],
    ),
    "value/only_ours_known": (
        "three_sided_value",
        {"value_for_us": ["distribution"]},
        INSUFFICIENT,
        [],
        ["value_for_partner", "value_for_customers"],
    ),
    # leverage
    "leverage/requirement": (
        "leverage",
        {"leverage_types": ["requirement"]},
        "full_investment",
        ["high"],
        [],
    ),
    "leverage/economic_beats_co_marketing": (
        "leverage",
        {"leverage_types": ["co_marketing", "economic"]},
        "full_investment",
        ["high"],
        [],
    ),
    "leverage/competitive": (
        "leverage",
        {"leverage_types": ["competitive"]},
        "light_test",
        ["moderate"],
        ["if_we_walk_away"],
    ),
    "leverage/customer": (
        "leverage",
        {"leverage_types": ["customer", "co_marketing"]},
        "light_test",
        ["moderate"],
        ["if_we_walk_away"],
    ),
    "leverage/co_marketing_only": (
        "leverage",
        {"leverage_types": ["co_marketing"]},
        "walk_away",
        ["low"],
        ["if_we_walk_away"],
    ),
    "leverage/none": (
        "leverage",
        {"leverage_types": []},
        "walk_away",
        ["low"],
        ["if_we_walk_away"],
    ),
    "leverage/loses_certification": (
        "leverage",
        {"if_we_walk_away": "loses_certification"},
        "full_investment",
        ["loses_certification", "high"],
        [],
    ),
    "leverage/loses_customers": (
        "leverage",
        {"if_we_walk_away": "loses_customers"},
        "light_test",
        ["loses_customers", "moderate"],
        ["leverage_types"],
    ),
    "leverage/nothing_changes": (
        "leverage",
        {"if_we_walk_away": "nothing_changes"},
        "walk_away",
        ["nothing_changes", "low"],
        ["leverage_types"],
    ),
    "leverage/answer_and_types": (
        "leverage",
        {"if_we_walk_away": "loses_customers", "leverage_types": ["economic"]},
        "full_investment",
        ["loses_customers", "high"],
        [],
    ),
    "leverage/empty": ("leverage", {}, INSUFFICIENT, [], ["leverage_types", "if_we_walk_away"]),
    # partner_tier
    "tier/self_serve": (
        "partner_tier",
        {"has_engineering_resources": True},
        "tier_1_integration",
        ["self_serve"],
        [],
    ),
    "tier/self_serve_marquee": (
        "partner_tier",
        {"has_engineering_resources": True, "is_marquee_logo": True},
        "tier_1_integration",
        ["self_serve"],
        [],
    ),
    "tier/marquee": (
        "partner_tier",
        {"has_engineering_resources": False, "is_marquee_logo": True},
        "tier_3_strategic",
        ["no_self_serve", "marquee"],
        [],
    ),
    "tier/joint_development": (
        "partner_tier",
        {"has_engineering_resources": False, "is_marquee_logo": False},
        "tier_2_joint_development",
        ["no_self_serve", "joint_development"],
        [],
    ),
    "tier/engineering_unknown": (
        "partner_tier",
        {"is_marquee_logo": True},
        INSUFFICIENT,
        [],
        ["has_engineering_resources"],
    ),
    "tier/logo_unknown": (
        "partner_tier",
        {"has_engineering_resources": False},
        INSUFFICIENT,
        [],
        ["is_marquee_logo"],
    ),
    "tier/empty": (
        "partner_tier",
        {},
        INSUFFICIENT,
        [],
        ["has_engineering_resources", "is_marquee_logo"],
    ),
    # build_vs_partner
    "build/core": ("build_vs_partner", {"core_to_differentiation": True}, "build", ["core"], []),
    "build/core_despite_delay": (
        "build_vs_partner",
        {"core_to_differentiation": True, "build_delays_roadmap_months": 18},
        "build",
        ["core"],
        [],
    ),
    "build/long_delay": (
        "build_vs_partner",
        {"core_to_differentiation": False, "build_delays_roadmap_months": 7},
        "partner",
        ["not_core", "long_delay"],
        [],
    ),
    "build/just_over_6": (
        "build_vs_partner",
        {"core_to_differentiation": False, "build_delays_roadmap_months": 6.5},
        "partner",
        ["not_core", "long_delay"],
        [],
    ),
    "build/exactly_6_credible": (
        "build_vs_partner",
        {
            "core_to_differentiation": False,
            "build_delays_roadmap_months": 6,
            "credible_partner_needs_us": True,
        },
        "partner",
        ["not_core", "short_delay", "credible_partner"],
        [],
    ),
    "build/exactly_6_no_partner": (
        "build_vs_partner",
        {
            "core_to_differentiation": False,
            "build_delays_roadmap_months": 6,
            "credible_partner_needs_us": False,
        },
        "build",
        ["not_core", "short_delay", "no_credible_partner"],
        [],
    ),
    "build/delay_unknown_credible": (
        "build_vs_partner",
        {"core_to_differentiation": False, "credible_partner_needs_us": True},
        "partner",
        ["not_core", "credible_partner"],
        [],
    ),
    "build/delay_unknown_no_partner": (
        "build_vs_partner",
        {"core_to_differentiation": False, "credible_partner_needs_us": False},
        INSUFFICIENT,
        [],
        ["build_delays_roadmap_months"],
    ),
    "build/exactly_6_partner_unknown": (
        "build_vs_partner",
        {"core_to_differentiation": False, "build_delays_roadmap_months": 6},
        INSUFFICIENT,
        [],
        ["credible_partner_needs_us"],
    ),
    "build/core_unknown": (
        "build_vs_partner",
        {"build_delays_roadmap_months": 12},
        INSUFFICIENT,
        [],
        ["core_to_differentiation"],
    ),
    "build/empty": (
        "build_vs_partner",
        {},
        INSUFFICIENT,
        [],
        ["core_to_differentiation", "build_delays_roadmap_months", "credible_partner_needs_us"],
    ),
    # ecosystem_model
    "eco/brand_risk": (
        "ecosystem_model",
        {"brand_damage_risk_high": True, "expected_partners": 5000},
        "curated",
        ["brand_risk"],
        [],
    ),
    "eco/review_cannot_scale": (
        "ecosystem_model",
        {"brand_damage_risk_high": False, "can_scale_human_review": False},
        "open",
        ["low_brand_risk", "review_does_not_scale"],
        [],
    ),
    "eco/101_partners": (
        "ecosystem_model",
        {"brand_damage_risk_high": False, "can_scale_human_review": True, "expected_partners": 101},
        "open",
        ["low_brand_risk", "too_many_partners"],
        [],
    ),
    "eco/100_partners_is_not_more_than_100": (
        "ecosystem_model",
        {"brand_damage_risk_high": False, "can_scale_human_review": True, "expected_partners": 100},
        "curated",
        ["low_brand_risk", "review_scales"],
        [],
    ),
    "eco/many_partners_review_unknown": (
        "ecosystem_model",
        {"brand_damage_risk_high": False, "expected_partners": 500},
        "open",
        ["low_brand_risk", "too_many_partners"],
        [],
    ),
    "eco/curated_either_way": (
        "ecosystem_model",
        {"can_scale_human_review": True, "expected_partners": 12},
        "curated",
        ["review_scales"],
        [],
    ),
    "eco/brand_unknown_would_open": (
        "ecosystem_model",
        {"can_scale_human_review": False},
        INSUFFICIENT,
        [],
        ["brand_damage_risk_high"],
    ),
    "eco/count_unknown": (
        "ecosystem_model",
        {"brand_damage_risk_high": False, "can_scale_human_review": True},
        INSUFFICIENT,
        [],
        ["expected_partners"],
    ),
    "eco/empty": (
        "ecosystem_model",
        {},
        INSUFFICIENT,
        [],
        ["brand_damage_risk_high", "can_scale_human_review", "expected_partners"],
    ),
}


@pytest.mark.parametrize(
    ("framework", "inputs", "verdict", "rules", "missing"), CASES.values(), ids=CASES.keys()
)
def test_rule_table(
    framework: str, inputs: dict[str, Any], verdict: str, rules: list[str], missing: list[str]
) -> None:
    result = assess(framework, inputs)
    assert (result.verdict, [line.rule for line in result.rationale], result.missing) == (
        verdict,
        rules,
        missing,
    )


def test_marker_count_reports_the_four_markers() -> None:
    full = assess("skin_in_the_game", {**BOTH_COMMIT, **BOTH_LOSE, **MARKERS})
    partial = assess(
        "skin_in_the_game",
        {
            **BOTH_COMMIT,
            "we_lose_if_fails": True,
            "partner_loses_if_fails": False,
            "roadmap_alignment": True,
        },
    )
    assert full.details["marker_count"] == 4
    assert partial.details["marker_count"] == 2  # economic commitment and roadmap alignment
    assert partial.details["markers"] == {
        "economic_commitment": True,
        "roadmap_alignment": True,
        "executive_sponsorship": None,
        "mutual_risk": False,
    }


def test_handshake_quotes_the_walk_away_sentence() -> None:
    result = assess(
        "skin_in_the_game", {"our_commitment": ["none"], "partner_commitment": ["none"]}
    )
    assert result.rationale[0].source.quote == (
        "If both sides can walk away with zero cost, it's not a partnership — it's a handshake."
    )


def test_none_cannot_be_combined_with_a_commitment() -> None:
    with pytest.raises(InvalidInput) as exc:
        assess("skin_in_the_game", {"our_commitment": ["none", "spend"]})
    assert exc.value.field == "our_commitment"


def test_unbalanced_names_the_parties_that_gain_nothing() -> None:
    result = assess(
        "three_sided_value",
        {"value_for_us": ["Revenue "], "value_for_partner": [], "value_for_customers": ["none"]},
    )
    assert result.details["parties_without_value"] == ["partner", "customers"]
    assert result.details["parties_with_value"] == ["us"]
    assert "partner, customers" in result.summary


@pytest.mark.parametrize(
    ("inputs", "strongest"),
    [
        ({"leverage_types": ["co_marketing", "customer", "competitive"]}, "competitive"),
        ({"leverage_types": ["economic", "requirement"]}, "requirement"),
        ({"leverage_types": ["co_marketing"]}, "co_marketing"),
        ({"if_we_walk_away": "loses_customers"}, "customer"),
        ({"if_we_walk_away": "nothing_changes"}, None),
    ],
)
def test_leverage_reports_the_strongest_type(inputs: dict[str, Any], strongest: str | None) -> None:
    assert assess("leverage", inputs).details["strongest_leverage"] == strongest


def test_tier_1_recommends_evaluating_for_tier_2_after_6_months() -> None:
    result = assess("partner_tier", {"has_engineering_resources": True})
    assert any("evaluate for Tier 2 after 6 months" in text for text in result.recommendations)
    assert result.rationale[0].source.quote.endswith(
        "├─ Yes → Start at Tier 1, evaluate for Tier 2 after 6 months"
    )


def test_tier_3_quotes_the_tree_question_and_answer() -> None:
    result = assess("partner_tier", {"has_engineering_resources": False, "is_marquee_logo": True})
    assert result.rationale[-1].source.quote == (
        "Is this a marquee logo that shifts our positioning?\n├─ Yes → Tier 3 (Strategic)"
    )


def test_follow_up_questions_match_missing_fields() -> None:
    result = assess(
        "build_vs_partner", {"core_to_differentiation": False, "build_delays_roadmap_months": 6}
    )
    assert result.follow_up_questions == ["Is there a credible partner who needs you too?"]


@pytest.mark.parametrize(
    ("framework", "inputs", "field"),
    [
        ("build_vs_partner", {"build_delays_roadmap_months": -1}, "build_delays_roadmap_months"),
        ("build_vs_partner", {"core_to_differentiation": "perhaps"}, "core_to_differentiation"),
        ("ecosystem_model", {"expected_partners": 2.5}, "expected_partners"),
        ("leverage", {"leverage_types": ["friendship"]}, "leverage_types.0"),
        ("leverage", {"if_we_walk_away": "cries"}, "if_we_walk_away"),
        ("partner_tier", {"tier": 1}, "tier"),
    ],
)
def test_invalid_input_names_the_field(framework: str, inputs: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidInput) as exc:
        assess(framework, inputs)
    assert exc.value.field == field


@pytest.mark.parametrize(
    ("framework", "inputs", "field"),
    [
        ("ecosystem_model", {"expected_partners": True}, "expected_partners"),
        ("build_vs_partner", {"build_delays_roadmap_months": "7"}, "build_delays_roadmap_months"),
        ("phase_gate", {"pilot_improvement_pct": False}, "pilot_improvement_pct"),
    ],
)
def test_numbers_are_never_read_from_booleans_or_text(
    framework: str, inputs: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidInput) as exc:
        assess(framework, inputs)
    assert exc.value.field == field
