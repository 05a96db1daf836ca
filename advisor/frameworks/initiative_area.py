"""Initiative area: which of the four partner initiative areas a partner belongs to (Partner Strategy Framework).

The questions are asked in a fixed order, first match wins: a platform vendor we depend
on, then a partner whose switch to a competitor would hurt, then an influencer; anyone
else is served by breadth programs. An unanswered question blocks every answer after it.
"""

from __future__ import annotations

from advisor.frameworks.base import (
    INSUFFICIENT,
    Assessment,
    Count,
    Framework,
    FrameworkInput,
    Rule,
    cite,
)
from advisor.schemas import Verdict

DOC = "partner-strategy-framework"


class InitiativeAreaInput(FrameworkInput):
    would_hurt_if_switched_to_competitor: bool | None = None
    """Would it directly hurt our business if this partner switched its go-to-market to a competitor?"""
    is_platform_vendor_we_depend_on: bool | None = None
    """Is the partner a platform vendor (tools, database, OS, cloud) our product depends on?"""
    is_influencer_or_advocate: bool | None = None
    """Is the partner an individual influencer or advocate (e.g. developers, accountants)?"""
    partner_count_scale: Count | None = None
    """How many partners of this kind there are or will be."""


# (field, verdict and rule id, explanation, recommendation), in the order the tree asks.
TREE = (
    (
        "is_platform_vendor_we_depend_on",
        "vendor_leverage",
        "The partner is a platform vendor our product depends on.",
        "Align with the vendor's marketing priorities and rhythm to earn its marketing and go-to-market support.",
    ),
    (
        "would_hurt_if_switched_to_competitor",
        "partner_management",
        "The business would be hurt if this partner switched to a competitor: a closest, most valuable partner.",
        "Manage this partner directly with depth resources (technical and business development staff).",
    ),
    (
        "is_influencer_or_advocate",
        "ecosystem_activation",
        "The partner is an influencer or advocate, reached as an individual.",
        "Connect with influencers as individuals to grow advocates among the partners you recruit.",
    ),
)

RULES = (
    Rule(
        "vendor_leverage",
        cite(
            DOC,
            "Vendor leverage: most software companies have platform providers for development tools, databases, operating systems, and other dependencies for their products.",
            2140,
        ),
    ),
    Rule(
        "partner_management",
        cite(
            DOC,
            "These are the partners that would directly impact the business if they were to switch their go to market strategy away from your product to a direct competitor.",
            1342,
        ),
    ),
    Rule(
        "ecosystem_activation",
        cite(
            DOC,
            "Ecosystem Activation: connecting with your influencers as individuals helps grow advocates in the breadth and depth partners you’re looking to recruit.",
            1857,
        ),
    ),
    Rule(
        "breadth_enablement",
        cite(
            DOC,
            "Breadth Enablement: you can’t justify depth resources (technical and business development staff) for the breadth community so you need to devise an efficient, scalable set of programs that communicates and nurtures their usage of your product.",
            1607,
        ),
    ),
)


def score(inputs: InitiativeAreaInput) -> Verdict:
    """Place the partner in the first initiative area whose question it answers yes, else breadth."""
    a = Assessment(FRAMEWORK)
    if inputs.partner_count_scale is not None:
        a.details["partner_count_scale"] = inputs.partner_count_scale
    for field, verdict, explanation, recommendation in TREE:
        value = getattr(inputs, field)
        if value is None:
            a.need(field)
        elif value and not a.missing:
            a.fire(verdict, explanation)
            a.recommend(recommendation)
            return a.verdict(
                verdict,
                f"{verdict.replace('_', ' ').capitalize()}: {explanation[0].lower()}{explanation[1:]}",
            )
        elif value:
            break  # an earlier, unanswered question could still claim this partner
    if a.missing:
        return a.insufficient(
            "Tell me how the partner relates to our product before placing it in an initiative area."
        )
    a.fire(
        "breadth_enablement",
        "Not a platform vendor, not a partner whose switch would hurt, not an influencer: breadth.",
    )
    count = (
        f"these {inputs.partner_count_scale} partners"
        if inputs.partner_count_scale is not None
        else "these partners"
    )
    a.recommend(f"Serve {count} with efficient, scalable programs rather than dedicated staff.")
    return a.verdict(
        "breadth_enablement", "Breadth enablement: serve the partner through scalable programs."
    )


FRAMEWORK = Framework(
    id="initiative_area",
    title="Which partner initiative area?",
    description="Places a partner in one of four initiative areas: vendor leverage, partner management, ecosystem activation or breadth enablement.",
    input_model=InitiativeAreaInput,
    verdicts=(
        "vendor_leverage",
        "partner_management",
        "ecosystem_activation",
        "breadth_enablement",
        INSUFFICIENT,
    ),
    rules=RULES,
    questions={
        "would_hurt_if_switched_to_competitor": "Would it directly hurt your business if this partner switched its go-to-market to a competitor of yours?",
        "is_platform_vendor_we_depend_on": "Is this partner a platform vendor (tools, database, operating system, cloud) that your product depends on?",
        "is_influencer_or_advocate": "Is this partner an individual influencer or advocate, such as a developer or an accountant who recommends you?",
        "partner_count_scale": "Roughly how many partners of this kind do you have or expect?",
    },
    score=score,
    keywords=(
        "initiative",
        "partner strategy",
        "managed partner",
        "most valuable partner",
        "depth partner",
        "breadth partner",
        "long tail of partners",
        "program managed",
        "influencer",
        "advocate",
        "evangelist",
        "platform vendor",
        "vendor we depend on",
        "dependency",
        "switch to a competitor",
        "partner segments",
        "segment partners",
        "depend on",
        "depends on",
        "relies on",
        "runs on",
        "built on",
        "on top of",
    ),
)
