"""The simulated founder of the held-out suite: plain-word replies and the conversation it scores."""

from __future__ import annotations

import pytest

from advisor.evals import dialogue


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "zero"),
        (9, "nine"),
        (12, "twelve"),
        (45, "forty-five"),
        (100, "one hundred"),
        (2000, "two thousand"),
        (1250, "one thousand two hundred fifty"),
    ],
)
def test_numbers_are_said_in_words(n: int, words: str) -> None:
    assert dialogue.in_words(n) == words


@pytest.mark.parametrize(
    ("framework", "field", "value", "said"),
    [
        ("partner_tier", "has_engineering_resources", True, "Yes, that's right."),
        ("partner_tier", "is_marquee_logo", False, "No, that's not the case."),
        ("build_vs_partner", "build_delays_roadmap_months", 9, "About nine months."),
        ("build_vs_partner", "build_delays_roadmap_months", 1.5, "About 1.5 months."),
        ("phase_gate", "adoption_pct", 30, "About thirty percent."),
        ("ecosystem_model", "expected_partners", 2000, "About two thousand."),
        ("prechasm_risk", "partner_kind", "large_company", "Large company, I'd say."),
        ("skin_in_the_game", "our_commitment", ["engineering", "spend"], "Engineering and spend."),
        ("skin_in_the_game", "partner_commitment", ["none"], "Nothing."),
        ("three_sided_value", "value_for_partner", [], "Nothing."),
    ],
)
def test_one_template_per_field_type(framework: str, field: str, value: object, said: str) -> None:
    assert dialogue.reply(framework, field, value) == said


def test_a_follow_up_answered_in_plain_words_reaches_the_verdict() -> None:
    stages = dialogue.simulate(
        "How should we tier this new integration partner?",
        (),
        {"partner_tier": "tier_1_integration"},
        {"partner_tier": {"has_engineering_resources": True}},
        None,
    )
    assert stages[0]["partner_tier"] == "insufficient_information"
    assert stages[-1]["partner_tier"] == "tier_1_integration"
    assert len(stages) == dialogue.MAX_FOLLOW_UPS + 1


def test_a_founder_without_the_answer_does_not_rescue_the_verdict() -> None:
    stages = dialogue.simulate(
        "How should we tier this new integration partner?",
        (),
        {"partner_tier": "tier_1_integration"},
        {"partner_tier": {}},
        None,
    )
    assert all(s["partner_tier"] != "tier_1_integration" for s in stages)
