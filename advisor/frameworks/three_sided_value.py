"""Three-sided value: does the partnership create value for us, the partner and shared customers? (Partnership Architecture §1)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints

from advisor.frameworks.base import INSUFFICIENT, Assessment, Framework, FrameworkInput, Rule, cite
from advisor.schemas import Verdict

DOC = "partnership-architecture"

Benefit = Annotated[
    str, StringConstraints(strip_whitespace=True, to_lower=True, min_length=1, max_length=100)
]
Benefits = Annotated[list[Benefit], Field(max_length=30)]

# Words that mean "this party gains nothing" when given as the only item.
_NOTHING = {"none", "nothing"}


class ThreeSidedValueInput(FrameworkInput):
    value_for_us: Benefits | None = None
    """What we gain, e.g. distribution, credibility, revenue, product_leverage. An empty list means nothing."""
    value_for_partner: Benefits | None = None
    """What the partner gains, e.g. revenue, margin_improvement, retention, differentiation, reduced_support."""
    value_for_customers: Benefits | None = None
    """What shared customers gain, e.g. workflow_improvement, reduced_integration_pain, single_vendor, cost_efficiency."""


# Party -> (input field, what to ask for); each party's rule quotes the corpus's list for it.
PARTIES = {
    "us": (
        "value_for_us",
        "Name what you gain: distribution, credibility, revenue or product leverage.",
    ),
    "partner": (
        "value_for_partner",
        "Name what the partner gains: revenue or margin, retention, differentiation or a reduced support burden.",
    ),
    "customers": (
        "value_for_customers",
        "Name what shared customers gain: a better workflow, less integration pain, a single vendor or lower cost.",
    ),
}

RULES = (
    Rule(
        "three_parties",
        cite(DOC, "Every successful partnership creates clear value for three parties:", 1693),
    ),
    Rule(
        "unarticulated_value",
        cite(DOC, "If you can't articulate what each party gets, the partnership will fail.", 9548),
    ),
    Rule(
        "us",
        cite(
            DOC,
            "Your Company:\n- Distribution (access to partner's customers)\n- Credibility (association with known brand)\n- Revenue (direct or influenced)\n- Product leverage (capability you don't build)",
            1761,
        ),
    ),
    Rule(
        "partner",
        cite(
            DOC,
            "The Partner:\n- Revenue or margin improvement\n- Customer retention/stickiness\n- Competitive differentiation\n- Reduced support burden",
            1948,
        ),
    ),
    Rule(
        "customers",
        cite(
            DOC,
            "Shared Customers:\n- Workflow improvement\n- Reduced integration pain\n- Single vendor relationship\n- Cost efficiency",
            2080,
        ),
    ),
)


def _gains(items: list[str] | None) -> list[str] | None:
    return None if items is None else [item for item in items if item not in _NOTHING]


def score(inputs: ThreeSidedValueInput) -> Verdict:
    """Value for us, the partner and shared customers: all three, or what is missing."""
    a = Assessment(FRAMEWORK)
    gains = {party: _gains(getattr(inputs, field)) for party, (field, _) in PARTIES.items()}
    empty = [party for party, items in gains.items() if items == []]
    unknown = [PARTIES[party][0] for party, items in gains.items() if items is None]
    a.details = {
        "parties_without_value": empty,
        "parties_with_value": [p for p, items in gains.items() if items],
    }
    if empty:
        a.fire("unarticulated_value", f"Nothing is articulated for: {', '.join(empty)}.")
        for party in empty:
            a.fire(party, f"No benefit is given for {party}.")
            a.recommend(PARTIES[party][1])
        a.need(*unknown)
        return a.verdict(
            "unbalanced", f"Value is missing for {', '.join(empty)}: an unbalanced partnership."
        )
    if unknown:
        a.need(*unknown)
        return a.insufficient("Need what each of the three parties gains.")
    a.fire("three_parties", "Us, the partner and shared customers each gain something.")
    a.recommend(
        "Write the value exchange into the partnership charter so each side can hold the other to it."
    )
    return a.verdict("balanced", "All three parties gain something: balanced value.")


FRAMEWORK = Framework(
    id="three_sided_value",
    title="Three-sided value proposition",
    description="Checks that a partnership creates value for all three parties: us, the partner and shared customers.",
    input_model=ThreeSidedValueInput,
    verdicts=("balanced", "unbalanced", INSUFFICIENT),
    rules=RULES,
    questions={
        "value_for_us": "What do you gain: distribution, credibility, revenue, or a capability you don't have to build?",
        "value_for_partner": "What does the partner gain: revenue or margin, customer retention, differentiation, or a reduced support burden?",
        "value_for_customers": "What do shared customers gain: a better workflow, less integration pain, a single vendor, or lower cost?",
    },
    score=score,
    keywords=(
        "value proposition",
        "three-sided",
        "three sided",
        "what's in it for",
        "who benefits",
        "benefit",
        "value for customers",
        "value for the partner",
        "win-win",
        "balanced",
        "value exchange",
        "what does each party get",
        "customers gain",
        "partner gain",
        # Whether every party gains, asked without naming the parties.
        "everyone involved",
        "everybody involved",
        "all sides",
        "all round",
        "come out ahead",
        "comes out ahead",
        "short end",
        "forgetting someone",
        "forgetting somebody",
        "missing someone",
        "stack up",
        "stacks up",
    ),
)
