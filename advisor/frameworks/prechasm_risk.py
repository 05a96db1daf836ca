"""Pre-chasm risk: how dangerous a tech partnership is for the startup, after Casado's a16z essay.

The scheme is a set of *floors*. Each warning of the essay is a check with a condition on
the inputs and the risk level it guarantees when it holds; the verdict is the highest
floor that holds, and `low_risk` when none does. Mitigations (public interfaces, customer
pull, non-exclusive terms, ...) only ever appear negated inside a condition, so the scheme
is monotone: adding a mitigation never raises the risk, an early stage never scores below
a mature one, and a startup partner never scores below a large company.

    floor           holds when
    very_high_risk  early stage, OEM/bundle, unless non-exclusive *and* keeping direct sales
    high_risk       early stage with a startup partner ("risk, squared")
                    early stage, OEM/bundle (the most dangerous form even with the exception)
                    early stage, platform integration without public interfaces or customer pull
                    early stage, marketplace listing without buying behaviour or a platform requirement
                    early stage, joint GTM without a repeatable sale
    medium_risk     startup partner; platform integration unless mature and guarded;
                    OEM/bundle without the exception; joint GTM without a repeatable sale,
                    or without the partner's sales incentives or customer pull

Conditions are evaluated in three-valued logic, so unknown inputs are handled exactly:
a check that holds whatever the unknowns are fires; one that might hold makes its unknown
fields `missing`. When the known facts already guarantee medium risk or worse, that floor
is the verdict ("at least"), and the missing fields are the ones that could raise it;
otherwise the verdict is `insufficient_information`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from advisor.frameworks.base import (
    INSUFFICIENT,
    Assessment,
    Framework,
    FrameworkInput,
    Rule,
    Tri,
    cite,
    tri_all,
    tri_any,
    tri_not,
)
from advisor.schemas import Verdict

DOC = "prechasm-tech-partnerships"
LEVELS = ("low_risk", "medium_risk", "high_risk", "very_high_risk")
LOW, MEDIUM, HIGH, VERY_HIGH = range(4)
CORE = ("our_stage", "partner_kind", "form")


class PrechasmRiskInput(FrameworkInput):
    our_stage: Literal["early", "mature"] | None = None
    """Our market stage: early (pre-chasm, no repeatable sale yet) or mature."""
    partner_kind: Literal["startup", "large_company"] | None = None
    """Is the partner another startup or a large company?"""
    form: (
        Literal["platform_integration", "marketplace_listing", "oem_bundle", "joint_gtm"] | None
    ) = None
    """The form of the partnership."""
    customer_pull: bool | None = None
    """Are customers pulling for the partnership (asking both sides for it)?"""
    repeatable_sale_established: bool | None = None
    """Have we established a scalable, repeatable sale on our own?"""
    public_interfaces_only: bool | None = None
    """Does the integration use only public, industry-standard interfaces?"""
    required_to_operate: bool | None = None
    """Is the marketplace listing strictly required to operate on an important platform?"""
    existing_marketplace_buying_behavior: bool | None = None
    """Do our target customers already buy through this marketplace?"""
    non_exclusive: bool | None = None
    """Is the OEM or bundle deal non-exclusive?"""
    keeps_direct_sales: bool | None = None
    """Do we keep our own direct sales alongside the OEM or bundle?"""
    partner_sales_incentives: bool | None = None
    """Do the partner's reps get SPIFs or a product quota for selling us?"""


def _is(value: object, target: str) -> Tri:
    return None if value is None else value == target


@dataclass(frozen=True)
class Check:
    rule: Rule
    level: int
    """The risk this check guarantees when it holds; LOW marks a mitigation worth citing."""
    fields: tuple[str, ...]
    holds: Callable[[PrechasmRiskInput], Tri]
    explanation: str
    recommendation: str | None = None


def _early(i: PrechasmRiskInput) -> Tri:
    return _is(i.our_stage, "early")


def _form(name: str) -> Callable[[PrechasmRiskInput], Tri]:
    return lambda i: _is(i.form, name)


def _oem_exception(i: PrechasmRiskInput) -> Tri:
    return tri_all(i.non_exclusive, i.keeps_direct_sales)


def _platform_guarded(i: PrechasmRiskInput) -> Tri:
    return tri_any(i.public_interfaces_only, i.customer_pull)


def _gtm_pull(i: PrechasmRiskInput) -> Tri:
    return tri_any(i.partner_sales_incentives, i.customer_pull)


CHECKS = (
    Check(
        Rule(
            "risk_squared",
            cite(
                DOC,
                "all of the things that make startups hard are amplified too — it’s risk, squared.",
                2546,
            ),
        ),
        HIGH,
        ("our_stage", "partner_kind"),
        lambda i: tri_all(_early(i), _is(i.partner_kind, "startup")),
        "Two early startups multiply each other's risk instead of their markets.",
        "Sell to customers directly before partnering with another early startup.",
    ),
    Check(
        Rule(
            "startup_volatility",
            cite(
                DOC,
                "A high likelihood of these kinds of changes are often the only thing you can rely on from a startup.",
                2887,
            ),
        ),
        MEDIUM,
        ("partner_kind",),
        lambda i: _is(i.partner_kind, "startup"),
        "A startup partner may pivot, kill the product or change its go-to-market at any time.",
    ),
    Check(
        Rule(
            "large_company_self_interest",
            cite(
                DOC,
                "Any knowledge shared, access given, or dependency created can now be used against you… and will be.",
                4958,
            ),
        ),
        LOW,
        ("partner_kind",),
        lambda i: _is(i.partner_kind, "large_company"),
        "A large partner pursues its own goals: limit what you share and what you depend on.",
        "Watch your back: share only what the partnership needs and avoid one-sided dependencies.",
    ),
    Check(
        Rule(
            "platform_risk",
            cite(
                DOC,
                "But platform risk is actually one of the single greatest risks a startup can take on.",
                8112,
            ),
        ),
        HIGH,
        ("our_stage", "form", "public_interfaces_only", "customer_pull"),
        lambda i: tri_all(
            _early(i), _form("platform_integration")(i), tri_not(_platform_guarded(i))
        ),
        "An early startup integrating on private interfaces without customer pull carries full platform risk.",
        "Stick to public, industry-standard interfaces and line up customers who demand the integration.",
    ),
    Check(
        Rule(
            "platform_revocable",
            cite(DOC, "Any “special” access you’re given can be revoked at any time.", 8306),
        ),
        MEDIUM,
        ("our_stage", "form", "public_interfaces_only", "customer_pull"),
        lambda i: tri_all(
            _form("platform_integration")(i), tri_any(_early(i), tri_not(_platform_guarded(i)))
        ),
        "Platform access can be revoked, and the platform owner may compete once the market proves attractive.",
    ),
    Check(
        Rule(
            "public_interfaces",
            cite(
                DOC,
                "stick to industry-standard interfaces, and always prefer public interfaces over private or restricted interfaces.",
                9195,
            ),
        ),
        LOW,
        ("form", "public_interfaces_only"),
        lambda i: tri_all(_form("platform_integration")(i), i.public_interfaces_only),
        "The integration sticks to public interfaces, which are much harder to revoke.",
    ),
    Check(
        Rule(
            "customer_pull",
            cite(
                DOC,
                "the most powerful force to guide a partnership with a large company is customer pull.",
                9513,
            ),
        ),
        LOW,
        ("form", "customer_pull"),
        lambda i: tri_all(
            tri_any(_form("platform_integration")(i), _form("joint_gtm")(i)), i.customer_pull
        ),
        "Customers are pulling for the partnership: the strongest guard against being jerked around.",
    ),
    Check(
        Rule(
            "marketplace_direct_relationship",
            cite(
                DOC,
                "On the contrary, you may lose the enormously valuable opportunity to establish a direct relationship with the buyer.",
                10660,
            ),
        ),
        HIGH,
        ("our_stage", "form", "existing_marketplace_buying_behavior", "required_to_operate"),
        lambda i: tri_all(
            _early(i),
            _form("marketplace_listing")(i),
            tri_not(tri_any(i.existing_marketplace_buying_behavior, i.required_to_operate)),
        ),
        "In an early market a listing can cost the direct buyer relationship and won't educate customers.",
        "Sell direct until your customers already buy through the marketplace or the platform requires it.",
    ),
    Check(
        Rule(
            "marketplace_exception",
            cite(
                DOC,
                "you should avoid participating in an online marketplace unless there is (a) an existing buying behavior in your target customer base that will buy through such a marketplace, or (b) marketplace participation is strictly required in order to operate on an important platform.",
                11404,
            ),
        ),
        LOW,
        ("form", "existing_marketplace_buying_behavior", "required_to_operate"),
        lambda i: tri_all(
            _form("marketplace_listing")(i),
            tri_any(i.existing_marketplace_buying_behavior, i.required_to_operate),
        ),
        "Customers already buy through the marketplace, or the platform requires the listing.",
    ),
    Check(
        Rule(
            "oem_account_control",
            cite(
                DOC,
                "In early markets, particularly in deep tech, if you lose account control, you’ve lost your company.",
                12479,
            ),
        ),
        VERY_HIGH,
        ("our_stage", "form", "non_exclusive", "keeps_direct_sales"),
        lambda i: tri_all(_early(i), _form("oem_bundle")(i), tri_not(_oem_exception(i))),
        "An early OEM or bundle deal hands account control to the partner's sales force.",
        "Don't OEM or bundle unless the deal is non-exclusive and you keep your own direct sales.",
    ),
    Check(
        Rule(
            "oem_most_dangerous",
            cite(
                DOC,
                "Of all the potential partnerships with other product companies, this one is the most dangerous.",
                12579,
            ),
        ),
        HIGH,
        ("our_stage", "form"),
        lambda i: tri_all(_early(i), _form("oem_bundle")(i)),
        "OEM and bundling is the most dangerous form for an early company, even on favourable terms.",
    ),
    Check(
        Rule(
            "oem_irrelevance",
            cite(
                DOC,
                "Unfortunately, it’s also a tremendously effective way to make your company irrelevant.",
                12189,
            ),
        ),
        MEDIUM,
        ("form", "non_exclusive", "keeps_direct_sales"),
        lambda i: tri_all(_form("oem_bundle")(i), tri_not(_oem_exception(i))),
        "An exclusive OEM, or one without direct sales, makes the product a component of someone else's.",
    ),
    Check(
        Rule(
            "oem_exception",
            cite(
                DOC,
                "But you should only do this if you’re able to negotiate an exceptionally favorable deal that doesn’t lock you into one partner, and allows you to maintain direct sales.",
                12846,
            ),
        ),
        LOW,
        ("form", "non_exclusive", "keeps_direct_sales"),
        lambda i: tri_all(_form("oem_bundle")(i), _oem_exception(i)),
        "The deal is non-exclusive and keeps direct sales: the VMware exception, which few pull off.",
    ),
    Check(
        Rule(
            "gtm_mature_markets",
            cite(
                DOC,
                "But this model tends to be best suited for more mature market situations, and they certainly only work with real commitment from both sides.",
                13980,
            ),
        ),
        HIGH,
        ("our_stage", "form", "repeatable_sale_established"),
        lambda i: tri_all(_early(i), _form("joint_gtm")(i), tri_not(i.repeatable_sale_established)),
        "A joint GTM in an early market, before a repeatable sale, tries to create synergy out of whole cloth.",
    ),
    Check(
        Rule(
            "gtm_repeatable_sale",
            cite(
                DOC,
                "So you should only engage in a joint direct sales effort with a larger company if you believe that you’ve established a scalable, repeatable sale independently",
                14580,
            ),
        ),
        MEDIUM,
        ("form", "repeatable_sale_established"),
        lambda i: tri_all(_form("joint_gtm")(i), tri_not(i.repeatable_sale_established)),
        "There is no scalable, repeatable sale of our own for the partner to accelerate.",
        "Establish a repeatable sale on your own before a joint go-to-market.",
    ),
    Check(
        Rule(
            "gtm_incentives",
            cite(
                DOC,
                "Generally this means that there is some incentive for their team to bring you into a deal and get the deal closed.",
                15013,
            ),
        ),
        MEDIUM,
        ("form", "partner_sales_incentives", "customer_pull"),
        lambda i: tri_all(_form("joint_gtm")(i), tri_not(_gtm_pull(i))),
        "Neither partner sales incentives nor customer pull will bring the partner's reps into our deals.",
        "Get SPIFs or a product-specific quota for the partner's sales team.",
    ),
    Check(
        Rule(
            "gtm_spifs",
            cite(
                DOC,
                "The most common is giving SPIFs (sales performance incentive funds, a financial incentive) to your partner’s sales team for bringing you into a deal, or helping sell your product.",
                15170,
            ),
        ),
        LOW,
        ("form", "partner_sales_incentives"),
        lambda i: tri_all(_form("joint_gtm")(i), i.partner_sales_incentives),
        "The partner's reps are paid (SPIFs or a quota) to bring us into deals.",
    ),
    Check(
        Rule(
            "gtm_accelerant",
            cite(
                DOC,
                "A go-to-market partnership should be seen as a coordinated accelerant of an already existing synergy in the market, rather than an attempt to create one out of whole cloth.",
                14407,
            ),
        ),
        LOW,
        ("form", "repeatable_sale_established"),
        lambda i: tri_all(_form("joint_gtm")(i), i.repeatable_sale_established),
        "A repeatable sale exists: the joint GTM accelerates synergy that is already there.",
    ),
)

RULES = tuple(c.rule for c in CHECKS) + (
    Rule(
        "market_pull",
        cite(
            DOC,
            "use the natural pull of the market to guide your partnership strategy, watch your back, and ensure you have practical expectations as to the actual benefits.",
            16513,
        ),
    ),
)


def score(inputs: PrechasmRiskInput) -> Verdict:
    """The highest risk floor the known facts guarantee; insufficient information while it could still be low."""
    a = Assessment(FRAMEWORK)
    held = [c for c in CHECKS if c.holds(inputs) is True]
    open_ = [c for c in CHECKS if c.holds(inputs) is None]
    floor = max((c.level for c in held), default=LOW)
    ceiling = max([floor] + [c.level for c in open_])
    for c in held:
        a.fire(c.rule.id, c.explanation)
        if c.recommendation:
            a.recommend(c.recommendation)
    # Ask only for the facts that could raise the risk; the form comes before its details.
    wanted = [f for c in open_ if c.level > floor for f in c.fields if getattr(inputs, f) is None]
    if "form" in wanted:
        wanted = [f for f in wanted if f in CORE]
    a.need(*wanted)
    a.details.update(at_least=LEVELS[floor], at_most=LEVELS[ceiling])
    lo, hi = (LEVELS[n].replace("_", " ") for n in (floor, ceiling))
    if floor == ceiling == LOW:
        a.fire(
            "market_pull",
            "No warning of Tech Partnerships for Pre-Chasm Startups applies to these facts.",
        )
        a.recommend("Let market pull guide the partnership and keep practical expectations.")
        return a.verdict(
            "low_risk", "Low risk: no warning of Tech Partnerships for Pre-Chasm Startups applies."
        )
    if floor == LOW:
        return a.insufficient(f"Anywhere from {lo} to {hi}: the missing facts decide.")
    worst = max(held, key=lambda c: c.level)
    if floor == ceiling:
        return a.verdict(LEVELS[floor], f"{lo.capitalize()}: {worst.explanation}")
    return a.verdict(
        LEVELS[floor], f"At least {lo}, up to {hi} on the missing facts: {worst.explanation}"
    )


FRAMEWORK = Framework(
    id="prechasm_risk",
    title="How risky is this tech partnership for an early startup?",
    description="Rates the risk of a tech partnership (platform, marketplace, OEM, joint GTM) for a pre-chasm startup.",
    input_model=PrechasmRiskInput,
    verdicts=(*LEVELS, INSUFFICIENT),
    rules=RULES,
    questions={
        "our_stage": "Are you still in an early, pre-chasm market (no repeatable sale yet), or a mature one?",
        "partner_kind": "Is the partner another startup or a large company?",
        "form": "What form would the partnership take: platform integration, marketplace listing, OEM/bundle, or joint go-to-market?",
        "customer_pull": "Are customers actively asking for this partnership or integration?",
        "repeatable_sale_established": "Have you already established a scalable, repeatable sale on your own?",
        "public_interfaces_only": "Does the integration rely only on public, industry-standard interfaces (no private or restricted APIs)?",
        "required_to_operate": "Is the marketplace listing strictly required to operate on that platform?",
        "existing_marketplace_buying_behavior": "Do your target customers already buy products like yours through that marketplace?",
        "non_exclusive": "Would the OEM or bundle deal be non-exclusive?",
        "keeps_direct_sales": "Would you keep selling directly to customers alongside the OEM or bundle?",
        "partner_sales_incentives": "Will the partner's sales reps get SPIFs or a quota for selling your product?",
    },
    score=score,
    keywords=(
        "startup",
        "early stage",
        "early-stage",
        "pre-chasm",
        "seed",
        "series a",
        "oem",
        "bundle",
        "white label",
        "marketplace",
        "aws marketplace",
        "listing",
        "platform integration",
        "joint gtm",
        "go-to-market",
        "co-sell",
        "resell",
        "their sales team",
        "sales reps",
        "large company",
        "big company",
        "incumbent",
        "account control",
        "spif",
        "quota",
        "exclusive",
        "risk",
        "risky",
    ),
)
