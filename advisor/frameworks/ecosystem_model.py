"""Ecosystem model: curated (gatekeeper) or open (discovery)? The §2 tree of Partnership Architecture."""

from __future__ import annotations

from advisor.frameworks.base import (
    INSUFFICIENT,
    Assessment,
    Count,
    Framework,
    FrameworkInput,
    Rule,
    Tri,
    cite,
    tri_any,
    tri_not,
)
from advisor.schemas import Verdict

DOC = "partnership-architecture"

# "At 100+, you become the bottleneck": the contract opens the ecosystem above this many partners.
MAX_CURATED_PARTNERS = 100


class EcosystemModelInput(FrameworkInput):
    brand_damage_risk_high: bool | None = None
    """Is brand-damage risk high if low-quality partners join (regulated or security-critical)?"""
    expected_partners: Count | None = None
    """How many partners do we expect in the ecosystem?"""
    can_scale_human_review: bool | None = None
    """Can we scale human review of every partner who applies?"""


RULES = (
    Rule(
        "brand_risk",
        cite(
            DOC,
            "Is brand damage risk high if low-quality partners join?\n├─ Yes (regulated, security-critical) → Curated",
            4067,
        ),
    ),
    Rule(
        "low_brand_risk",
        cite(
            DOC,
            "Is brand damage risk high if low-quality partners join?\n├─ Yes (regulated, security-critical) → Curated\n└─ No → Continue...",
            4067,
        ),
    ),
    Rule(
        "review_does_not_scale",
        cite(
            DOC, "Can you scale human review?\n├─ No (thousands of potential partners) → Open", 4193
        ),
    ),
    Rule(
        "too_many_partners",
        cite(
            DOC, "This works when you have 10 partners. At 100+, you become the bottleneck.", 4379
        ),
    ),
    Rule(
        "review_scales",
        cite(
            DOC,
            "Can you scale human review?\n├─ No (thousands of potential partners) → Open\n└─ Yes (dozens of partners) → Curated",
            4193,
        ),
    ),
)


def _opens(inputs: EcosystemModelInput) -> Tri:
    """True when review can't scale or the partner count is past the bottleneck; None when unknown."""
    expected = inputs.expected_partners
    too_many = None if expected is None else expected > MAX_CURATED_PARTNERS
    return tri_any(tri_not(inputs.can_scale_human_review), too_many)


def score(inputs: EcosystemModelInput) -> Verdict:
    """Curated when brand risk is high or human review scales to the partners expected; open otherwise."""
    a = Assessment(FRAMEWORK)
    brand, expected = inputs.brand_damage_risk_high, inputs.expected_partners
    if brand:
        a.fire("brand_risk", "Brand-damage risk is high: regulated or security-critical.")
        a.recommend(
            "Curate: review partners before they join, with clear quality and security requirements."
        )
        return a.verdict("curated", "High brand-damage risk: run a curated ecosystem.")
    opens = _opens(inputs)
    if opens is False:
        # Both branches of the first question end in curated here, so brand risk need not be known.
        if brand is False:
            a.fire("low_brand_risk", "Brand-damage risk is not high.")
        a.fire("review_scales", f"Human review scales to the {expected} partners expected.")
        a.recommend(
            f"Curate for now, and build discovery and trust systems before you pass {MAX_CURATED_PARTNERS} partners."
        )
        return a.verdict("curated", "Human review scales to the expected partner count: curated.")
    if brand is None:
        a.need("brand_damage_risk_high")
    if opens is None:
        a.need_unknown(inputs, "can_scale_human_review", "expected_partners")
    if a.missing:
        return a.insufficient(
            "Need the brand-damage risk, the expected partner count and whether human review scales."
        )
    a.fire("low_brand_risk", "Brand-damage risk is not high.")
    if inputs.can_scale_human_review is False:
        a.fire("review_does_not_scale", "Human review can't scale to the partners expected.")
    if expected is not None and expected > MAX_CURATED_PARTNERS:
        a.fire(
            "too_many_partners",
            f"{expected} partners expected: gatekeeping would make us the bottleneck.",
        )
    a.recommend(
        "Open the ecosystem and build discovery and trust layers: search, trust signals, community curation and moderation after publication."
    )
    return a.verdict(
        "open", "Low brand risk and more partners than human review can handle: open ecosystem."
    )


FRAMEWORK = Framework(
    id="ecosystem_model",
    title="Curated or open ecosystem?",
    description="Chooses a curated (gatekeeper) or open (discovery) ecosystem from brand-damage risk, partner count and review capacity.",
    input_model=EcosystemModelInput,
    verdicts=("curated", "open", INSUFFICIENT),
    rules=RULES,
    questions={
        "brand_damage_risk_high": "Would low-quality partners cause high brand damage, e.g. because you are regulated or security-critical?",
        "expected_partners": "How many partners do you expect in the ecosystem?",
        "can_scale_human_review": "Can you scale human review to every partner who wants to join?",
    },
    score=score,
    keywords=(
        "curated",
        "curate",
        "open ecosystem",
        "gatekeeping",
        "gatekeeper",
        "marketplace",
        "app store",
        "approval process",
        "review partners",
        "quality control",
        "open vs curated",
        "discovery",
        "trust signals",
        "moderation",
        "ecosystem model",
        "let anyone",
        "vetting",
        "open to anyone",
        "open or curated",
    ),
)
