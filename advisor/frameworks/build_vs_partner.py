"""Build vs partner: the "Should We Build or Partner?" decision tree (Partnership Architecture)."""

from __future__ import annotations

from pydantic import Field

from advisor.frameworks.base import INSUFFICIENT, Assessment, Framework, FrameworkInput, Rule, cite
from advisor.schemas import Verdict

DOC = "partnership-architecture"

# The tree says ">6 months": a delay of exactly 6 months is not long enough to partner.
MAX_DELAY_MONTHS = 6


class BuildVsPartnerInput(FrameworkInput):
    core_to_differentiation: bool | None = None
    """Is this capability core to our product differentiation?"""
    build_delays_roadmap_months: float | None = Field(
        default=None, strict=True, ge=0, le=1200, allow_inf_nan=False
    )
    """By how many months would building it ourselves delay the roadmap?"""
    credible_partner_needs_us: bool | None = None
    """Is there a credible partner who needs us too?"""


RULES = (
    Rule(
        "core",
        cite(
            DOC,
            "Is this capability core to our product differentiation?\n├─ Yes → Build it yourself",
            10963,
        ),
    ),
    Rule(
        "not_core",
        cite(
            DOC,
            "Is this capability core to our product differentiation?\n├─ Yes → Build it yourself\n└─ No → Continue...",
            10963,
        ),
    ),
    Rule(
        "long_delay",
        cite(DOC, "Would building this delay our roadmap by >6 months?\n├─ Yes → Partner", 11068),
    ),
    Rule(
        "short_delay",
        cite(
            DOC,
            "Would building this delay our roadmap by >6 months?\n├─ Yes → Partner\n└─ No → Continue...",
            11068,
        ),
    ),
    Rule(
        "credible_partner",
        cite(DOC, "Is there a credible partner who needs us too?\n├─ Yes → Partner", 11159),
    ),
    Rule(
        "no_credible_partner",
        cite(
            DOC,
            "Is there a credible partner who needs us too?\n├─ Yes → Partner\n└─ No → Build",
            11159,
        ),
    ),
)


def score(inputs: BuildVsPartnerInput) -> Verdict:
    """Walk the build-or-partner tree: differentiation, roadmap delay, then whether a credible partner needs us."""
    a = Assessment(FRAMEWORK)
    core, months, credible = (
        inputs.core_to_differentiation,
        inputs.build_delays_roadmap_months,
        inputs.credible_partner_needs_us,
    )
    if core:
        a.fire("core", "The capability is core to our differentiation.")
        a.recommend("Build it yourself: differentiation is not something to hand to a partner.")
        return a.verdict("build", "Core to differentiation: build it.")
    long_delay = None if months is None else months > MAX_DELAY_MONTHS
    # Walk the rest of the tree even when the first answer is unknown, to ask for everything at once.
    if core is None:
        a.need("core_to_differentiation")
    if long_delay is None and credible is not True:
        a.need("build_delays_roadmap_months")
    if long_delay is not True and credible is None:
        a.need("credible_partner_needs_us")
    if a.missing:
        return a.insufficient(
            "Need to know whether the capability is core, how long building delays the roadmap, and whether a credible partner needs us."
        )

    a.fire("not_core", "The capability is not core to our differentiation.")
    if long_delay:
        a.fire(
            "long_delay",
            f"Building would delay the roadmap by {months:g} months, more than {MAX_DELAY_MONTHS}.",
        )
        a.recommend(
            "Partner for it rather than stall the roadmap; check the partner has skin in the game."
        )
        return a.verdict(
            "partner",
            f"Not core and building delays the roadmap by more than {MAX_DELAY_MONTHS} months: partner.",
        )
    if long_delay is False:
        a.fire(
            "short_delay",
            f"Building would delay the roadmap by {months:g} months, not more than {MAX_DELAY_MONTHS}.",
        )
    if credible:
        a.fire("credible_partner", "A credible partner needs us too.")
        a.recommend(
            "Partner with the credible partner who needs you, and size the investment by your leverage."
        )
        return a.verdict("partner", "Not core and a credible partner needs us too: partner.")
    a.fire("no_credible_partner", "No credible partner needs us.")
    a.recommend("Build it: the delay is tolerable and no credible partner needs you.")
    return a.verdict(
        "build",
        f"Not core, but no delay beyond {MAX_DELAY_MONTHS} months and no credible partner: build.",
    )


FRAMEWORK = Framework(
    id="build_vs_partner",
    title="Should we build or partner?",
    description="Decides build or partner from differentiation, the roadmap delay of building, and whether a credible partner needs us.",
    input_model=BuildVsPartnerInput,
    verdicts=("build", "partner", INSUFFICIENT),
    rules=RULES,
    questions={
        "core_to_differentiation": "Is this capability core to your product differentiation?",
        "build_delays_roadmap_months": "By how many months would building it yourselves delay your roadmap?",
        "credible_partner_needs_us": "Is there a credible partner who needs you too?",
    },
    score=score,
    keywords=(
        "build or partner",
        # "Should we build this connector or partner with Zapier?"
        "or partner with",
        "build vs partner",
        "build versus partner",
        "make or buy",
        "build it ourselves",
        "build vs buy",
        "build or buy",
        "build versus buy",
        "partner or build",
        "build in-house",
        "in-house",
        "outsource",
        "delay our roadmap",
        "roadmap delay",
        "differentiation",
        "core capability",
        "partner for it",
        "buy or build",
    ),
)
