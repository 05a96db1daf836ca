"""Partner tier: the "Which Partner Tier?" decision tree (Partnership Architecture §4)."""

from __future__ import annotations

from advisor.frameworks.base import INSUFFICIENT, Assessment, Framework, FrameworkInput, Rule, cite
from advisor.schemas import Verdict

DOC = "partnership-architecture"


class PartnerTierInput(FrameworkInput):
    has_engineering_resources: bool | None = None
    """Does the partner have engineering resources to build with our public API on its own?"""
    is_marquee_logo: bool | None = None
    """Is the partner a marquee logo that shifts our positioning?"""


RULES = (
    Rule("self_serve", cite(DOC, "├─ Yes → Start at Tier 1, evaluate for Tier 2 after 6 months", 11315)),
    Rule("marquee", cite(DOC, "├─ Yes → Tier 3 (Strategic)", 11450)),
    Rule("joint_development", cite(DOC, "└─ No → Tier 2 (Joint Development)", 11478)),
)


def score(inputs: PartnerTierInput) -> Verdict:
    a = Assessment(FRAMEWORK)
    if inputs.has_engineering_resources is None:
        a.need("has_engineering_resources")
    elif inputs.has_engineering_resources:
        a.fire("self_serve", "The partner can self-serve with its own engineers: start at Tier 1.")
        a.recommend("Start at Tier 1 (self-serve integration) and evaluate for Tier 2 after 6 months.")
        return a.verdict("tier_1_integration", "Partner has engineering resources: Tier 1 integration partner.")
    if inputs.is_marquee_logo is None:
        a.need("is_marquee_logo")
        return a.insufficient()
    if inputs.has_engineering_resources is None:
        # The tree asks about engineering first; without it the tier can't be placed.
        return a.insufficient()
    if inputs.is_marquee_logo:
        a.fire("marquee", "No self-serve engineering, but a marquee logo that shifts positioning: Tier 3.")
        a.recommend("Assign a dedicated partner manager and an executive relationship.")
        return a.verdict("tier_3_strategic", "Marquee logo without self-serve engineering: strategic tier.")
    a.fire("joint_development", "No self-serve engineering and not a marquee logo: Tier 2.")
    a.recommend("Co-develop the integration with a dedicated channel and regular syncs.")
    return a.verdict("tier_2_joint_development", "Partner needs help building and is not marquee: joint development tier.")


FRAMEWORK = Framework(
    id="partner_tier",
    title="Which partner tier?",
    description="Places a partner in the three-tier model from its engineering capacity and logo value.",
    input_model=PartnerTierInput,
    verdicts=("tier_1_integration", "tier_2_joint_development", "tier_3_strategic", INSUFFICIENT),
    rules=RULES,
    questions={
        "has_engineering_resources": "Does the partner have engineering resources to build the integration themselves with your public API and docs?",
        "is_marquee_logo": "Is this partner a marquee logo that would shift your market positioning?",
    },
    score=score,
    keywords=("tier", "tiering", "marquee", "self-serve", "self serve", "logo", "engineering resources"),
)
