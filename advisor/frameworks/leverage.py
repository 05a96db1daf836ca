"""Leverage: how much to invest follows the strongest leverage we hold (Partnership Architecture §3)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from advisor.frameworks.base import INSUFFICIENT, Assessment, Framework, FrameworkInput, Rule, cite
from advisor.schemas import Verdict

DOC = "partnership-architecture"

LeverageType = Literal["requirement", "economic", "competitive", "customer", "co_marketing"]
WalkAwayAnswer = Literal["loses_certification", "loses_customers", "nothing_changes"]

# The corpus's hierarchy, strongest first, and the verdict each level earns.
STRENGTH: tuple[str, ...] = ("requirement", "economic", "competitive", "customer", "co_marketing")
_LEVEL = {
    "requirement": "high",
    "economic": "high",
    "competitive": "moderate",
    "customer": "moderate",
    "co_marketing": "low",
}
_VERDICT = {"high": "full_investment", "moderate": "light_test", "low": "walk_away"}
# The qualification question's answers, read as the leverage they reveal.
_ANSWER_LEVERAGE = {
    "loses_certification": "requirement",
    "loses_customers": "customer",
    "nothing_changes": None,
}


class LeverageInput(FrameworkInput):
    leverage_types: list[LeverageType] | None = Field(default=None, max_length=10)
    """Leverage we hold: requirement, economic, competitive, customer, co_marketing. An empty list means none."""
    if_we_walk_away: WalkAwayAnswer | None = None
    """The partner's answer to "If we don't do this partnership, what happens to you?"."""


RULES = (
    Rule(
        "high",
        cite(DOC, "High leverage (requirements, economics) → Full partnership investment", 6094),
    ),
    Rule(
        "moderate",
        cite(
            DOC, "Moderate leverage (competitive, customer) → Light partnership, test first", 6164
        ),
    ),
    Rule(
        "low", cite(DOC, "Low leverage (co-marketing only) → Don't do it, you'll waste time", 6238)
    ),
    Rule(
        "loses_certification",
        cite(DOC, '- "We lose cloud provider certification" → High leverage, pursue', 6388),
    ),
    Rule(
        "loses_customers",
        cite(DOC, '- "We might lose some customers" → Moderate, test carefully', 6453),
    ),
    Rule("nothing_changes", cite(DOC, '- "Nothing really changes" → No leverage, walk away', 6513)),
)

_ANSWERS = {
    "loses_certification": "The partner would lose its certification without us: requirement leverage.",
    "loses_customers": "The partner might lose some customers without us: customer leverage.",
    "nothing_changes": "Nothing changes for the partner without us: no leverage.",
}
_SUMMARIES = {
    "full_investment": "High leverage: invest in a full partnership.",
    "light_test": "Moderate leverage: run a light partnership and test first.",
    "walk_away": "Low or no leverage: walk away.",
}
_RECOMMENDATIONS = {
    "full_investment": "Invest fully and pitch the partnership around the partner's requirement or P&L, not our benefit.",
    "light_test": "Run a light partnership and test first (start with a Crawl pilot) before investing more.",
    "walk_away": "Don't do it: co-marketing alone rarely closes deals. Look for a requirement or economic angle first.",
}


def score(inputs: LeverageInput) -> Verdict:
    """Investment level from the strongest leverage held, or from the partner's walk-away answer."""
    a = Assessment(FRAMEWORK)
    if inputs.leverage_types is None and inputs.if_we_walk_away is None:
        a.need("leverage_types", "if_we_walk_away")
        return a.insufficient(
            "Need the leverage you hold, or the partner's answer to the qualification question."
        )
    present: set[str] = set(inputs.leverage_types or ())
    if inputs.if_we_walk_away is not None:
        a.fire(inputs.if_we_walk_away, _ANSWERS[inputs.if_we_walk_away])
        if revealed := _ANSWER_LEVERAGE[inputs.if_we_walk_away]:
            present.add(revealed)
    ranked = [kind for kind in STRENGTH if kind in present]
    strongest = ranked[0] if ranked else None
    a.details = {"strongest_leverage": strongest, "leverage_present": ranked}
    level = _LEVEL[strongest] if strongest else "low"
    value = _VERDICT[level]
    a.fire(level, f"Strongest leverage: {strongest.replace('_', '-') if strongest else 'none'}.")
    a.recommend(_RECOMMENDATIONS[value])
    if value != "full_investment":
        # The other way of asking could still reveal stronger leverage.
        a.need_unknown(inputs, "leverage_types", "if_we_walk_away")
    return a.verdict(value, _SUMMARIES[value])


FRAMEWORK = Framework(
    id="leverage",
    title="Partnership leverage",
    description="Sizes the investment by the strongest leverage held: requirement or economic, competitive or customer, or co-marketing only.",
    input_model=LeverageInput,
    verdicts=("full_investment", "light_test", "walk_away", INSUFFICIENT),
    rules=RULES,
    questions={
        "leverage_types": "What leverage do you hold: does the partner need you for certification or compliance, do you make or save it money, differentiate it, do its customers ask for you, or is it co-marketing only?",
        "if_we_walk_away": "If you don't do this partnership, what happens to the partner: does it lose a certification, lose some customers, or does nothing really change?",
    },
    score=score,
    keywords=(
        "leverage",
        "certification",
        "compliance",
        "requirement",
        "certified stack",
        "pitch",
        "what happens to you",
        "walk away",
        "worth pursuing",
        "worth it",
        "co-marketing",
        "webinar",
        "support tickets",
        "differentiation",
        "how much to invest",
        "qualification question",
        "how much should we invest",
        "pursue",
        "nothing really changes",
        "nothing would change",
        "invest in this partnership",
        # How much to put in, asked in founders' words.
        "go all in",
        "lean in",
        "lean into",
        "put behind",
        "how hard should we",
        "how hard do we",
        "how much should we put",
        "how much do we put",
        "how much of ourselves",
    ),
)
