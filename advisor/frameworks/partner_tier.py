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


# Each rule quotes the tree's question together with the answer line it takes.
RULES = (
    Rule(
        "self_serve",
        cite(
            DOC,
            "Does partner have engineering resources to self-serve?\n├─ Yes → Start at Tier 1, evaluate for Tier 2 after 6 months",
            11260,
        ),
    ),
    Rule(
        "no_self_serve",
        cite(
            DOC,
            "Does partner have engineering resources to self-serve?\n├─ Yes → Start at Tier 1, evaluate for Tier 2 after 6 months\n└─ No → Continue...",
            11260,
        ),
    ),
    Rule(
        "marquee",
        cite(
            DOC,
            "Is this a marquee logo that shifts our positioning?\n├─ Yes → Tier 3 (Strategic)",
            11398,
        ),
    ),
    Rule(
        "joint_development",
        cite(
            DOC,
            "Is this a marquee logo that shifts our positioning?\n├─ Yes → Tier 3 (Strategic)\n└─ No → Tier 2 (Joint Development)",
            11398,
        ),
    ),
)


def score(inputs: PartnerTierInput) -> Verdict:
    """Walk the partner-tier tree: engineering resources to self-serve, then marquee logo."""
    a = Assessment(FRAMEWORK)
    if inputs.has_engineering_resources:
        a.fire("self_serve", "The partner can self-serve with its own engineers: start at Tier 1.")
        a.recommend(
            "Start at Tier 1 (self-serve integration) and evaluate for Tier 2 after 6 months."
        )
        return a.verdict(
            "tier_1_integration", "Partner has engineering resources: Tier 1 integration partner."
        )
    # The tree asks about engineering first; ask for both answers at once when they're unknown.
    a.need_unknown(inputs, "has_engineering_resources", "is_marquee_logo")
    if a.missing:
        return a.insufficient(
            "Need to know whether the partner can self-serve and whether it is a marquee logo."
        )
    a.fire("no_self_serve", "The partner lacks engineering resources to self-serve.")
    if inputs.is_marquee_logo:
        a.fire("marquee", "A marquee logo that shifts our positioning: Tier 3.")
        a.recommend("Assign a dedicated partner manager and an executive relationship.")
        return a.verdict(
            "tier_3_strategic", "Marquee logo without self-serve engineering: strategic tier."
        )
    a.fire("joint_development", "Not a marquee logo: Tier 2.")
    a.recommend("Co-develop the integration with a dedicated channel and regular syncs.")
    return a.verdict(
        "tier_2_joint_development",
        "Partner needs help building and is not marquee: joint development tier.",
    )


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
    keywords=(
        "tier",
        "tiering",
        "partner tier",
        "which tier",
        "marquee",
        "self-serve",
        "self serve",
        "logo",
        "engineering resources",
        "strategic partner",
        "integration partner",
        "joint development",
        "white-glove",
        "partner program levels",
        "co-development",
    ),
)
