"""Every rule of phase_gate, charter, prechasm_risk, upstream_fit, initiative_area and program_readiness.

Each case names the input, the verdict the contract (shared/design/frameworks.md) demands,
the rules that must fire, in order, and the facts the scorer must ask for. The pre-chasm
cases the contract lists are checked exhaustively over every yes/no combination.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from advisor.errors import InvalidInput
from advisor.frameworks import assess
from advisor.frameworks.prechasm_risk import LEVELS

INSUFFICIENT = "insufficient_information"
CRAWL_PASS = {
    "phase": "crawl",
    "pilot_improvement_pct": 20,
    "would_recommend": True,
    "can_scale_integration": True,
}
WALK_PASS = {
    "phase": "walk",
    "adoption_pct": 70,
    "partner_actively_promoting": True,
    "support_burden_manageable": True,
}
RUN_PASS = {
    "phase": "run",
    "crawl_passed": True,
    "walk_passed": True,
    "both_committed": True,
    "roi_validated": True,
}
SECTIONS = (
    "mutual_goals",
    "value_exchange",
    "timeline",
    "measurement",
    "governance",
    "exit_criteria",
)
CHARTER = {**dict.fromkeys(SECTIONS, True), "both_sides_signed": True}
SSKD = {
    "partner_has_installed_base": True,
    "partner_has_developer_ecosystem": True,
    "partner_has_sales_channel": True,
}
# The report's order, which gaps must keep.
READINESS = (
    "investment_and_roi_documented",
    "partner_requirements_documented",
    "partner_goals_aligned",
    "organization_bought_in",
    "metrics_per_org_unit",
    "legal_ip_agreed",
    "beta_program",
)
EARLY_LARGE = {"our_stage": "early", "partner_kind": "large_company"}
MATURE_LARGE = {"our_stage": "mature", "partner_kind": "large_company"}

# (framework, input, verdict, rules fired in order, missing fields in order)
CASES = {
    # phase_gate
    "phase/crawl_20_is_go": (
        "phase_gate",
        CRAWL_PASS,
        "go",
        ["crawl_improvement", "crawl_recommend", "crawl_scale", "crawl_go"],
        [],
    ),
    "phase/crawl_19.9_is_no_go": (
        "phase_gate",
        {**CRAWL_PASS, "pilot_improvement_pct": 19.9},
        "no_go",
        ["crawl_improvement", "crawl_recommend", "crawl_scale", "crawl_no_go"],
        [],
    ),
    "phase/crawl_12_asks_the_rest": (
        "phase_gate",
        {"phase": "crawl", "pilot_improvement_pct": 12},
        "no_go",
        ["crawl_improvement", "crawl_no_go"],
        ["would_recommend", "can_scale_integration"],
    ),
    "phase/crawl_not_recommended": (
        "phase_gate",
        {**CRAWL_PASS, "pilot_improvement_pct": 45, "would_recommend": False},
        "no_go",
        ["crawl_improvement", "crawl_recommend", "crawl_scale", "crawl_no_go"],
        [],
    ),
    "phase/crawl_scale_unknown": (
        "phase_gate",
        {"phase": "crawl", "pilot_improvement_pct": 30, "would_recommend": True},
        INSUFFICIENT,
        ["crawl_improvement", "crawl_recommend"],
        ["can_scale_integration"],
    ),
    "phase/crawl_ignores_walk_fields": (
        "phase_gate",
        {**CRAWL_PASS, "adoption_pct": 5},
        "go",
        ["crawl_improvement", "crawl_recommend", "crawl_scale", "crawl_go"],
        [],
    ),
    "phase/walk_70_is_go": (
        "phase_gate",
        WALK_PASS,
        "go",
        ["walk_adoption", "walk_promoting", "walk_support", "walk_go"],
        [],
    ),
    "phase/walk_69.9_is_no_go": (
        "phase_gate",
        {**WALK_PASS, "adoption_pct": 69.9},
        "no_go",
        ["walk_adoption", "walk_promoting", "walk_support", "walk_no_go"],
        [],
    ),
    "phase/walk_not_promoting": (
        "phase_gate",
        {"phase": "walk", "partner_actively_promoting": False},
        "no_go",
        ["walk_promoting", "walk_no_go"],
        ["adoption_pct", "support_burden_manageable"],
    ),
    "phase/run_all_hold": (
        "phase_gate",
        RUN_PASS,
        "go",
        ["run_crawl_passed", "run_walk_passed", "run_committed", "run_roi", "enter_run_only_if"],
        [],
    ),
    "phase/run_crawl_failed": (
        "phase_gate",
        {**RUN_PASS, "crawl_passed": False},
        "no_go",
        ["run_crawl_passed", "run_walk_passed", "run_committed", "run_roi", "crawl_no_go"],
        [],
    ),
    "phase/run_walk_failed": (
        "phase_gate",
        {**RUN_PASS, "walk_passed": False},
        "no_go",
        ["run_crawl_passed", "run_walk_passed", "run_committed", "run_roi", "walk_no_go"],
        [],
    ),
    "phase/run_roi_not_validated": (
        "phase_gate",
        {**RUN_PASS, "roi_validated": False},
        "no_go",
        ["run_crawl_passed", "run_walk_passed", "run_committed", "run_roi", "enter_run_only_if"],
        [],
    ),
    "phase/no_phase": ("phase_gate", {"pilot_improvement_pct": 50}, INSUFFICIENT, [], ["phase"]),
    # charter
    "charter/ready": (
        "charter",
        CHARTER,
        "ready",
        ["required_before_launch", "signature_test"],
        [],
    ),
    "charter/refuses_to_sign": (
        "charter",
        {**CHARTER, "both_sides_signed": False},
        "not_a_partnership",
        ["signature_test"],
        [],
    ),
    "charter/signature_before_sections": (
        "charter",
        {"governance": False, "both_sides_signed": False},
        "not_a_partnership",
        ["signature_test"],
        [],
    ),
    "charter/two_sections_absent": (
        "charter",
        {**CHARTER, "governance": False, "exit_criteria": False},
        "incomplete",
        ["governance", "exit_criteria"],
        [],
    ),
    "charter/absent_and_unknown": (
        "charter",
        {"timeline": False},
        "incomplete",
        ["timeline"],
        [
            "mutual_goals",
            "value_exchange",
            "measurement",
            "governance",
            "exit_criteria",
            "both_sides_signed",
        ],
    ),
    "charter/signature_unknown": (
        "charter",
        dict.fromkeys(SECTIONS, True),
        INSUFFICIENT,
        [],
        ["both_sides_signed"],
    ),
    # prechasm_risk
    "prechasm/risk_squared": (
        "prechasm_risk",
        {
            "our_stage": "early",
            "partner_kind": "startup",
            "form": "platform_integration",
            "public_interfaces_only": True,
            "customer_pull": True,
        },
        "high_risk",
        [
            "risk_squared",
            "startup_volatility",
            "platform_revocable",
            "public_interfaces",
            "customer_pull",
        ],
        [],
    ),
    "prechasm/risk_squared_form_unknown": (
        "prechasm_risk",
        {"our_stage": "early", "partner_kind": "startup"},
        "high_risk",
        ["risk_squared", "startup_volatility"],
        ["form"],
    ),
    "prechasm/early_exclusive_oem": (
        "prechasm_risk",
        {**EARLY_LARGE, "form": "oem_bundle", "non_exclusive": False, "keeps_direct_sales": True},
        "very_high_risk",
        [
            "large_company_self_interest",
            "oem_account_control",
            "oem_most_dangerous",
            "oem_irrelevance",
        ],
        [],
    ),
    "prechasm/early_oem_exception": (
        "prechasm_risk",
        {**EARLY_LARGE, "form": "oem_bundle", "non_exclusive": True, "keeps_direct_sales": True},
        "high_risk",
        ["large_company_self_interest", "oem_most_dangerous", "oem_exception"],
        [],
    ),
    "prechasm/early_oem_terms_unknown": (
        "prechasm_risk",
        {**EARLY_LARGE, "form": "oem_bundle"},
        "high_risk",
        ["large_company_self_interest", "oem_most_dangerous"],
        ["non_exclusive", "keeps_direct_sales"],
    ),
    "prechasm/mature_exclusive_oem": (
        "prechasm_risk",
        {**MATURE_LARGE, "form": "oem_bundle", "non_exclusive": False},
        "medium_risk",
        ["large_company_self_interest", "oem_irrelevance"],
        [],
    ),
    "prechasm/early_marketplace": (
        "prechasm_risk",
        {
            **EARLY_LARGE,
            "form": "marketplace_listing",
            "existing_marketplace_buying_behavior": False,
            "required_to_operate": False,
        },
        "high_risk",
        ["large_company_self_interest", "marketplace_direct_relationship"],
        [],
    ),
    "prechasm/marketplace_buying_behavior": (
        "prechasm_risk",
        {
            **EARLY_LARGE,
            "form": "marketplace_listing",
            "existing_marketplace_buying_behavior": True,
        },
        "low_risk",
        ["large_company_self_interest", "marketplace_exception", "market_pull"],
        [],
    ),
    "prechasm/marketplace_required": (
        "prechasm_risk",
        {
            **EARLY_LARGE,
            "form": "marketplace_listing",
            "existing_marketplace_buying_behavior": False,
            "required_to_operate": True,
        },
        "low_risk",
        ["large_company_self_interest", "marketplace_exception", "market_pull"],
        [],
    ),
    "prechasm/gtm_repeatable_with_spifs": (
        "prechasm_risk",
        {
            **MATURE_LARGE,
            "form": "joint_gtm",
            "repeatable_sale_established": True,
            "partner_sales_incentives": True,
        },
        "low_risk",
        ["large_company_self_interest", "gtm_spifs", "gtm_accelerant", "market_pull"],
        [],
    ),
    "prechasm/gtm_repeatable_with_pull": (
        "prechasm_risk",
        {
            **MATURE_LARGE,
            "form": "joint_gtm",
            "repeatable_sale_established": True,
            "partner_sales_incentives": False,
            "customer_pull": True,
        },
        "low_risk",
        ["large_company_self_interest", "customer_pull", "gtm_accelerant", "market_pull"],
        [],
    ),
    "prechasm/gtm_no_incentive_no_pull": (
        "prechasm_risk",
        {
            **MATURE_LARGE,
            "form": "joint_gtm",
            "repeatable_sale_established": True,
            "partner_sales_incentives": False,
            "customer_pull": False,
        },
        "medium_risk",
        ["large_company_self_interest", "gtm_incentives", "gtm_accelerant"],
        [],
    ),
    "prechasm/gtm_no_repeatable_sale": (
        "prechasm_risk",
        {
            **MATURE_LARGE,
            "form": "joint_gtm",
            "repeatable_sale_established": False,
            "partner_sales_incentives": True,
        },
        "medium_risk",
        ["large_company_self_interest", "gtm_repeatable_sale", "gtm_spifs"],
        [],
    ),
    "prechasm/early_gtm_no_repeatable_sale": (
        "prechasm_risk",
        {
            **EARLY_LARGE,
            "form": "joint_gtm",
            "repeatable_sale_established": False,
            "partner_sales_incentives": True,
        },
        "high_risk",
        ["large_company_self_interest", "gtm_mature_markets", "gtm_repeatable_sale", "gtm_spifs"],
        [],
    ),
    "prechasm/mature_public_platform": (
        "prechasm_risk",
        {**MATURE_LARGE, "form": "platform_integration", "public_interfaces_only": True},
        "low_risk",
        ["large_company_self_interest", "public_interfaces", "market_pull"],
        [],
    ),
    "prechasm/mature_private_platform": (
        "prechasm_risk",
        {
            **MATURE_LARGE,
            "form": "platform_integration",
            "public_interfaces_only": False,
            "customer_pull": False,
        },
        "medium_risk",
        ["large_company_self_interest", "platform_revocable"],
        [],
    ),
    "prechasm/early_private_platform": (
        "prechasm_risk",
        {
            **EARLY_LARGE,
            "form": "platform_integration",
            "public_interfaces_only": False,
            "customer_pull": False,
        },
        "high_risk",
        ["large_company_self_interest", "platform_risk", "platform_revocable"],
        [],
    ),
    "prechasm/mature_startup_partner": (
        "prechasm_risk",
        {
            "our_stage": "mature",
            "partner_kind": "startup",
            "form": "platform_integration",
            "public_interfaces_only": True,
        },
        "medium_risk",
        ["startup_volatility", "public_interfaces"],
        [],
    ),
    "prechasm/empty": (
        "prechasm_risk",
        {},
        INSUFFICIENT,
        [],
        ["our_stage", "partner_kind", "form"],
    ),
    # upstream_fit
    "upstream/ready": (
        "upstream_fit",
        {**SSKD, "product_is_partner_viable": True, "monetization_incentives_designed": True},
        "alpha_partner_ready",
        ["sskd", "pvp"],
        [],
    ),
    "upstream/ready_without_platformula": (
        "upstream_fit",
        {**SSKD, "product_is_partner_viable": True, "monetization_incentives_designed": False},
        "alpha_partner_ready",
        ["sskd", "pvp", "platformula"],
        [],
    ),
    "upstream/mvp_only": (
        "upstream_fit",
        {**SSKD, "product_is_partner_viable": False},
        "alpha_partner_not_ready",
        ["sskd", "mvp_not_enough"],
        ["monetization_incentives_designed"],
    ),
    "upstream/no_installed_base": (
        "upstream_fit",
        {**SSKD, "partner_has_installed_base": False, "product_is_partner_viable": True},
        "long_tail",
        ["long_tail"],
        [],
    ),
    "upstream/one_asset_lacking_decides": (
        "upstream_fit",
        {"partner_has_sales_channel": False},
        "long_tail",
        ["long_tail"],
        [],
    ),
    "upstream/asset_unknown": (
        "upstream_fit",
        {"partner_has_installed_base": True, "partner_has_developer_ecosystem": True},
        INSUFFICIENT,
        [],
        ["partner_has_sales_channel"],
    ),
    "upstream/product_unknown": (
        "upstream_fit",
        SSKD,
        INSUFFICIENT,
        ["sskd"],
        ["product_is_partner_viable", "monetization_incentives_designed"],
    ),
    # initiative_area
    "initiative/vendor": (
        "initiative_area",
        {"is_platform_vendor_we_depend_on": True},
        "vendor_leverage",
        ["vendor_leverage"],
        [],
    ),
    "initiative/vendor_first": (
        "initiative_area",
        {"is_platform_vendor_we_depend_on": True, "would_hurt_if_switched_to_competitor": True},
        "vendor_leverage",
        ["vendor_leverage"],
        [],
    ),
    "initiative/managed": (
        "initiative_area",
        {"is_platform_vendor_we_depend_on": False, "would_hurt_if_switched_to_competitor": True},
        "partner_management",
        ["partner_management"],
        [],
    ),
    "initiative/influencer": (
        "initiative_area",
        {
            "is_platform_vendor_we_depend_on": False,
            "would_hurt_if_switched_to_competitor": False,
            "is_influencer_or_advocate": True,
        },
        "ecosystem_activation",
        ["ecosystem_activation"],
        [],
    ),
    "initiative/breadth": (
        "initiative_area",
        {
            "is_platform_vendor_we_depend_on": False,
            "would_hurt_if_switched_to_competitor": False,
            "is_influencer_or_advocate": False,
            "partner_count_scale": 5000,
        },
        "breadth_enablement",
        ["breadth_enablement"],
        [],
    ),
    "initiative/vendor_unknown": (
        "initiative_area",
        {"would_hurt_if_switched_to_competitor": True},
        INSUFFICIENT,
        [],
        ["is_platform_vendor_we_depend_on"],
    ),
    "initiative/hurt_unknown": (
        "initiative_area",
        {"is_platform_vendor_we_depend_on": False, "is_influencer_or_advocate": True},
        INSUFFICIENT,
        [],
        ["would_hurt_if_switched_to_competitor"],
    ),
    "initiative/empty": (
        "initiative_area",
        {},
        INSUFFICIENT,
        [],
        [
            "is_platform_vendor_we_depend_on",
            "would_hurt_if_switched_to_competitor",
            "is_influencer_or_advocate",
        ],
    ),
    # program_readiness
    "program/ready": (
        "program_readiness",
        dict.fromkeys(READINESS, True),
        "ready",
        list(READINESS),
        [],
    ),
    "program/no_beta": (
        "program_readiness",
        {**dict.fromkeys(READINESS, True), "beta_program": False},
        "gaps",
        ["beta_program"],
        [],
    ),
    "program/gaps_in_report_order": (
        "program_readiness",
        {
            **dict.fromkeys(READINESS, True),
            "legal_ip_agreed": False,
            "partner_requirements_documented": False,
            "investment_and_roi_documented": False,
        },
        "gaps",
        ["investment_and_roi_documented", "partner_requirements_documented", "legal_ip_agreed"],
        [],
    ),
    "program/gap_and_unknowns": (
        "program_readiness",
        {"organization_bought_in": False},
        "gaps",
        ["organization_bought_in"],
        [f for f in READINESS if f != "organization_bought_in"],
    ),
    "program/one_unknown": (
        "program_readiness",
        {**dict.fromkeys(READINESS, True), "metrics_per_org_unit": None},
        INSUFFICIENT,
        [],
        ["metrics_per_org_unit"],
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


def test_crawl_no_go_carries_the_trees_next_step() -> None:
    result = assess("phase_gate", {"phase": "crawl", "pilot_improvement_pct": 12})
    assert result.details["next_step"] == "end partnership, learn from failure"
    assert any("learn from the failure" in text for text in result.recommendations)
    assert result.rationale[-1].source.quote == (
        "Did Crawl phase meet success criteria?\n├─ No → End partnership, learn from failure"
    )
    assert len(result.follow_up_questions) == 2


def test_walk_no_go_carries_the_trees_next_step() -> None:
    result = assess("phase_gate", {**WALK_PASS, "support_burden_manageable": False})
    assert result.details["next_step"] == "end partnership or restart Crawl with changes"
    assert result.rationale[-1].source.quote.endswith(
        "├─ No → End partnership or restart Crawl with changes"
    )


def test_incomplete_charter_lists_absent_sections_in_charter_order() -> None:
    result = assess("charter", {**CHARTER, "exit_criteria": False, "mutual_goals": False})
    assert result.details["absent_sections"] == ["mutual_goals", "exit_criteria"]


def test_program_gaps_are_listed_in_report_order() -> None:
    result = assess("program_readiness", {name: False for name in reversed(READINESS)})
    assert result.details["gaps"] == list(READINESS)


def test_breadth_recommendation_uses_the_partner_count() -> None:
    result = assess("initiative_area", CASES["initiative/breadth"][1])
    assert any("5000 partners" in text for text in result.recommendations)


# -- pre-chasm risk: the contract's four cases, over every yes/no combination of the flags --

# Every flag is a mitigation: it can only lower the risk, never raise it.
FLAGS = (
    "customer_pull",
    "repeatable_sale_established",
    "public_interfaces_only",
    "required_to_operate",
    "existing_marketplace_buying_behavior",
    "non_exclusive",
    "keeps_direct_sales",
    "partner_sales_incentives",
)


def _every(**core: str) -> list[dict[str, Any]]:
    return [
        {**core, **dict(zip(FLAGS, values))}
        for values in itertools.product((False, True), repeat=len(FLAGS))
    ]


def _level(inputs: dict[str, Any]) -> int:
    return LEVELS.index(assess("prechasm_risk", inputs).verdict)


@pytest.mark.parametrize(
    "form", ["platform_integration", "marketplace_listing", "oem_bundle", "joint_gtm"]
)
def test_early_startup_with_startup_is_at_least_high(form: str) -> None:
    assert all(
        _level(i) >= LEVELS.index("high_risk")
        for i in _every(our_stage="early", partner_kind="startup", form=form)
    )


@pytest.mark.parametrize("kind", ["startup", "large_company"])
def test_early_oem_is_very_high_unless_non_exclusive_and_direct(kind: str) -> None:
    for inputs in _every(our_stage="early", partner_kind=kind, form="oem_bundle"):
        exception = inputs["non_exclusive"] and inputs["keeps_direct_sales"]
        assert (_level(inputs) == LEVELS.index("very_high_risk")) is not exception, inputs


def test_early_marketplace_is_high_unless_buying_behavior_or_required() -> None:
    for kind in ("startup", "large_company"):
        for inputs in _every(our_stage="early", partner_kind=kind, form="marketplace_listing"):
            exception = (
                inputs["existing_marketplace_buying_behavior"] or inputs["required_to_operate"]
            )
            if not exception:
                assert _level(inputs) == LEVELS.index("high_risk"), inputs
            elif kind == "large_company":
                assert _level(inputs) < LEVELS.index("high_risk"), inputs


def test_joint_gtm_is_low_only_with_repeatable_sale_and_incentives_or_pull() -> None:
    for stage, kind in itertools.product(("early", "mature"), ("startup", "large_company")):
        for inputs in _every(our_stage=stage, partner_kind=kind, form="joint_gtm"):
            earned = inputs["repeatable_sale_established"] and (
                inputs["partner_sales_incentives"] or inputs["customer_pull"]
            )
            low = _level(inputs) == 0
            assert not low or earned, inputs
            if stage == "mature" and kind == "large_company":
                assert low == earned, inputs


@pytest.mark.parametrize(
    "form", ["platform_integration", "marketplace_listing", "oem_bundle", "joint_gtm"]
)
def test_prechasm_scheme_is_monotone(form: str) -> None:
    """A mitigation never raises the risk; an early stage or a startup partner never lowers it."""
    for inputs in _every(our_stage="early", partner_kind="startup", form=form):
        level = _level(inputs)
        assert _level({**inputs, "our_stage": "mature"}) <= level
        assert _level({**inputs, "partner_kind": "large_company"}) <= level
        for flag in FLAGS:
            if not inputs[flag]:
                assert _level({**inputs, flag: True}) <= level, (inputs, flag)


@pytest.mark.parametrize(
    ("framework", "inputs", "field"),
    [
        ("phase_gate", {"phase": "crawl", "pilot_improvement_pct": 100.5}, "pilot_improvement_pct"),
        ("phase_gate", {"phase": "walk", "adoption_pct": -1}, "adoption_pct"),
        ("phase_gate", {"phase": "sprint"}, "phase"),
        ("charter", {"signed": True}, "signed"),
        ("prechasm_risk", {"form": "reseller"}, "form"),
        ("initiative_area", {"partner_count_scale": -3}, "partner_count_scale"),
        ("program_readiness", {"beta_program": [True]}, "beta_program"),
    ],
)
def test_invalid_input_names_the_field(framework: str, inputs: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidInput) as exc:
        assess(framework, inputs)
    assert exc.value.field == field


def test_percent_boundaries_are_valid_input() -> None:
    assert assess("phase_gate", {**CRAWL_PASS, "pilot_improvement_pct": 100}).verdict == "go"
    assert assess("phase_gate", {**WALK_PASS, "adoption_pct": 0}).verdict == "no_go"
