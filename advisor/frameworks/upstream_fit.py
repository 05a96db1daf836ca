"""Upstream fit: is this partner an alpha partner worth a BizDevOps motion? (Upstream 2.0 Platform Marketing).

A partner is a "small set of known developers" (SSKD) only with all three assets: an
installed base, a developer ecosystem and a sales channel. Lacking any one, it belongs to
the long tail. An SSKD partner then needs a partner viable product (PVP), not just an MVP.
"""

from __future__ import annotations

from advisor.frameworks.base import INSUFFICIENT, Assessment, Framework, FrameworkInput, Rule, cite
from advisor.schemas import Verdict

DOC = "upstream-platform-marketing"

ASSETS = (
    "partner_has_installed_base",
    "partner_has_developer_ecosystem",
    "partner_has_sales_channel",
)


class UpstreamFitInput(FrameworkInput):
    partner_has_installed_base: bool | None = None
    """Does the partner have an existing installed base of customers?"""
    partner_has_developer_ecosystem: bool | None = None
    """Does the partner have an in-place developer ecosystem?"""
    partner_has_sales_channel: bool | None = None
    """Does the partner have an established sales channel, direct or indirect?"""
    product_is_partner_viable: bool | None = None
    """Is our product a partner viable product (PVP) that passes an alpha partner's adoption test, not just an MVP?"""
    monetization_incentives_designed: bool | None = None
    """Have we designed partner monetization and incentives (the "platformula")?"""


RULES = (
    Rule(
        "sskd",
        cite(
            DOC,
            "those “small sets of known developers” (SSKD) that have an existing installed base of customers, an in-place developer ecosystem, and an established sales channel (direct or indirect or both).",
            9087,
        ),
    ),
    Rule(
        "long_tail",
        cite(
            DOC,
            "They typically leverage the power of developer self-service and DevOps—focusing on developer convenience and developer communities to drive adoption by ‘large sets of unknown developers’ (LSUD).",
            8178,
        ),
    ),
    Rule(
        "pvp",
        cite(
            DOC,
            "What you need to win is a partner viable product (PVP) that can pass the more rigorous upstream partner adoption test demanded by alpha players.",
            11675,
        ),
    ),
    Rule(
        "mvp_not_enough",
        cite(
            DOC,
            "Minimum viable products consistently don’t cut it with upstream alpha partners who serve large installed customer bases and established ecosystems.",
            11383,
        ),
    ),
    Rule(
        "platformula",
        cite(
            DOC,
            "A platformula is about designing in the right partner monetization and partner incentives that will make distribution relationships as sticky as possible and preempt your competitors.",
            12362,
        ),
    ),
)


def score(inputs: UpstreamFitInput) -> Verdict:
    """Alpha partner when it has installed base, developer ecosystem and sales channel; ready when our product is partner viable."""
    a = Assessment(FRAMEWORK)
    lacking = [name for name in ASSETS if getattr(inputs, name) is False]
    if lacking:
        a.details["segment"] = "LSUD"
        a.fire(
            "long_tail",
            f"The partner lacks {', '.join(n.removeprefix('partner_has_') for n in lacking)}: "
            "a long-tail developer, not an alpha partner.",
        )
        a.recommend(
            "Reach this partner with self-service developer marketing (docs, community, hackathons), not outbound BizDevOps."
        )
        return a.verdict(
            "long_tail", "Not a small set of known developers: long-tail developer marketing."
        )
    a.need_unknown(inputs, *ASSETS)
    if a.missing:
        return a.insufficient(
            "Tell me whether the partner has an installed base, a developer ecosystem and a sales channel."
        )
    a.details["segment"] = "SSKD"
    a.fire(
        "sskd",
        "The partner has an installed base, a developer ecosystem and a sales channel: an alpha partner.",
    )
    if inputs.product_is_partner_viable is None:
        a.need("product_is_partner_viable")
        outcome = None
    elif inputs.product_is_partner_viable:
        a.details["product"] = "PVP"
        a.fire("pvp", "The product is partner viable (PVP).")
        a.recommend(
            "Pursue the partner with a BizDevOps team: outbound partner sales backed by developer evangelists."
        )
        outcome = (
            "alpha_partner_ready",
            "Alpha partner and a partner viable product: pursue it upstream.",
        )
    else:
        a.details["product"] = "MVP"
        a.fire("mvp_not_enough", "The product is an MVP; alpha partners demand more.")
        a.recommend(
            "Harden the MVP into a partner viable product before pitching the alpha partner."
        )
        outcome = (
            "alpha_partner_not_ready",
            "Alpha partner, but an MVP won't pass its adoption test.",
        )
    if inputs.monetization_incentives_designed is False:
        a.fire("platformula", "Partner monetization and incentives are not designed yet.")
        a.recommend(
            "Design the platformula: partner monetization and incentives that make the relationship sticky."
        )
    elif inputs.monetization_incentives_designed is None:
        a.need("monetization_incentives_designed")
    if outcome is None:
        return a.insufficient(
            "An alpha partner: tell me whether the product is partner viable (PVP) or only an MVP."
        )
    return a.verdict(*outcome)


FRAMEWORK = Framework(
    id="upstream_fit",
    title="Is this an upstream alpha partner, and are we ready for it?",
    description="Separates alpha partners (small sets of known developers) from the long tail, and checks the product is partner viable.",
    input_model=UpstreamFitInput,
    verdicts=("alpha_partner_ready", "alpha_partner_not_ready", "long_tail", INSUFFICIENT),
    rules=RULES,
    questions={
        "partner_has_installed_base": "Does the partner have an existing installed base of customers?",
        "partner_has_developer_ecosystem": "Does the partner have an established developer ecosystem of its own?",
        "partner_has_sales_channel": "Does the partner have an established sales channel, direct or indirect?",
        "product_is_partner_viable": "Is your product a partner viable product (PVP) that would pass a large partner's adoption test, or still an MVP?",
        "monetization_incentives_designed": "Have you designed the partner monetization and incentives (the platformula) that make the relationship sticky?",
    },
    score=score,
    keywords=(
        "upstream",
        "alpha partner",
        "alpha vendor",
        "installed base",
        "developer ecosystem",
        "sales channel",
        "bizdevops",
        "developer marketing",
        "developer evangelism",
        "long tail",
        "mvp",
        "pvp",
        "partner viable",
        "platformula",
        "powered by",
        "ingredient",
        "xaas",
        "api as a product",
    ),
)
