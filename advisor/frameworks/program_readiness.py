"""Program readiness: is an ecosystem program ready to launch? (8 Hottest Industry Trends report).

Seven items the report asks for before a program launches. Gaps are listed in the
report's order, which is the order their passages appear in the document.
"""

from __future__ import annotations

from advisor.frameworks.base import INSUFFICIENT, Assessment, Framework, FrameworkInput, Rule, cite
from advisor.schemas import Verdict

DOC = "ecosystem-program-trends"


class ProgramReadinessInput(FrameworkInput):
    partner_requirements_documented: bool | None = None
    """Is there a Partner Requirements Document (life cycle, competitive advantage, competitor relationships, mindshare)?"""
    investment_and_roi_documented: bool | None = None
    """Are the initial investment per partner, the time to recoup it and an ROI projection documented?"""
    organization_bought_in: bool | None = None
    """Has the entire organization bought into the ecosystem program?"""
    metrics_per_org_unit: bool | None = None
    """Does each organization unit have agreed metrics the program is measured against?"""
    beta_program: bool | None = None
    """Will the program run as a beta first?"""
    legal_ip_agreed: bool | None = None
    """Are IP protection and legal requirements agreed up front?"""
    partner_goals_aligned: bool | None = None
    """Have you asked partners for their goals and made sure you are aligned?"""


# One rule per item, named after its input field; (rule, what to do when the item is absent).
ITEMS = (
    (
        Rule(
            "investment_and_roi_documented",
            cite(
                DOC,
                "Over 50% of the respondents to our survey have not documented the initial investment made in a new Partner, the time to recoup the initial investment and an ROI projection over time.",
                1342,
            ),
        ),
        "Document the initial investment per partner, the time to recoup it and an ROI projection.",
    ),
    (
        Rule(
            "partner_requirements_documented",
            cite(DOC, "Create a Partner Requirements Document.", 1826),
        ),
        "Create a Partner Requirements Document: life cycle, competitive advantage, relationships with competitors, expected mindshare.",
    ),
    (
        Rule(
            "partner_goals_aligned",
            cite(
                DOC, "ask your potential partners for their goals and ensure you are aligned", 4134
            ),
        ),
        "Ask your potential partners for their goals and make sure you are aligned.",
    ),
    (
        Rule(
            "organization_bought_in",
            cite(DOC, "The entire organization must buy into the Ecosystem Program.", 5003),
        ),
        "Get the entire organization to buy into the program, from leadership down.",
    ),
    (
        Rule(
            "metrics_per_org_unit",
            cite(
                DOC,
                "provide your organization with agreed upon metrics that your Ecosystem Partner Program is measured against.",
                5642,
            ),
        ),
        "Agree the metrics each organization unit measures the program against (members, certified integrators, referral and influenced revenue).",
    ),
    (
        Rule(
            "legal_ip_agreed",
            cite(
                DOC,
                "Protect each other's' IP and agree up front on any requirements for legal Docs",
                9203,
            ),
        ),
        "Agree up front on IP protection and the legal documents both sides need.",
    ),
    (
        Rule("beta_program", cite(DOC, "When possible, Beta your program first", 9303)),
        "Run the program as a beta first.",
    ),
)

RULES = tuple(rule for rule, _ in ITEMS)


def score(inputs: ProgramReadinessInput) -> Verdict:
    """Ready when every readiness item holds; otherwise the gaps, in the report's order."""
    a = Assessment(FRAMEWORK)
    gaps = [rule.id for rule, _ in ITEMS if getattr(inputs, rule.id) is False]
    a.details["gaps"] = gaps
    for rule, action in ITEMS:
        value = getattr(inputs, rule.id)
        if value is None:
            a.need(rule.id)
        elif not value:
            a.fire(rule.id, f"Gap: {rule.id.replace('_', ' ')}.")
            a.recommend(action)
    if gaps:
        return a.verdict("gaps", f"{len(gaps)} gap(s) before launch: {', '.join(gaps)}.")
    if a.missing:
        return a.insufficient(
            "Tell me which readiness items of 8 Hottest Industry Trends for Building a Successful"
            " Ecosystem Program are in place."
        )
    for rule, _ in ITEMS:
        a.fire(rule.id, f"In place: {rule.id.replace('_', ' ')}.")
    a.recommend("Launch, and report the agreed metrics per organization unit from day one.")
    return a.verdict(
        "ready",
        "Every readiness item of 8 Hottest Industry Trends for Building a Successful Ecosystem Program is in place.",
    )


FRAMEWORK = Framework(
    id="program_readiness",
    title="Is our ecosystem program ready to launch?",
    description="Checks an ecosystem or partner program against the report's seven readiness items and lists the gaps in order.",
    input_model=ProgramReadinessInput,
    verdicts=("ready", "gaps", INSUFFICIENT),
    rules=RULES,
    questions={
        "investment_and_roi_documented": "Have you documented the initial investment per partner, the time to recoup it and an ROI projection?",
        "partner_requirements_documented": "Do you have a Partner Requirements Document covering life cycle, competitive advantage, competitor relationships and expected mindshare?",
        "partner_goals_aligned": "Have you asked your potential partners for their goals and checked that you are aligned?",
        "organization_bought_in": "Has your entire organization, leadership included, bought into the ecosystem program?",
        "metrics_per_org_unit": "Has each organization unit agreed the metrics the partner program is measured against?",
        "legal_ip_agreed": "Have you agreed up front on IP protection and the legal documents the partnership needs?",
        "beta_program": "Will you run the partner program as a beta first?",
    },
    score=score,
    keywords=(
        "partner program",
        "ecosystem program",
        "launch a program",
        "program launch",
        "ready to launch",
        "readiness",
        "alliance program",
        "roi projection",
        "partner requirements",
        "buy-in",
        "buy in",
        "program metrics",
        "legal",
        "ip protection",
        "intellectual property",
        "beta",
        "isv program",
    ),
)
