"""Skin in the game: does each side commit and risk something real? (Partnership Architecture §1)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from pydantic import Field, JsonValue, field_validator

from advisor.frameworks.base import (
    INSUFFICIENT,
    Assessment,
    Framework,
    FrameworkInput,
    Rule,
    Tri,
    cite,
    tri_all,
    tri_not,
)
from advisor.schemas import Verdict

DOC = "partnership-architecture"

Commitment = Literal["engineering", "spend", "revenue_share", "co_investment", "none"]
# The spec says what `_none_stands_alone` checks: a list holding "none" holds nothing else.
_NONE_STANDS_ALONE: dict[str, JsonValue] = {
    "allOf": [{"anyOf": [{"not": {"contains": {"const": "none"}}}, {"items": {"const": "none"}}]}]
}


class SkinInTheGameInput(FrameworkInput):
    our_commitment: list[Commitment] | None = Field(
        default=None, max_length=10, json_schema_extra=_NONE_STANDS_ALONE
    )
    """What we commit: engineering, spend, revenue_share, co_investment, or none."""
    partner_commitment: list[Commitment] | None = Field(
        default=None, max_length=10, json_schema_extra=_NONE_STANDS_ALONE
    )
    """What the partner commits: engineering, spend, revenue_share, co_investment, or none."""
    we_lose_if_fails: bool | None = None
    """Do we lose something real if the partnership fails?"""
    partner_loses_if_fails: bool | None = None
    """Does the partner lose something real if the partnership fails?"""
    roadmap_alignment: bool | None = None
    """Are features being built for the partnership (product roadmap alignment)?"""
    executive_sponsorship: bool | None = None
    """Is leadership engaged at least quarterly on both sides?"""

    @field_validator("our_commitment", "partner_commitment")
    @classmethod
    def _none_stands_alone(cls, value: list[str] | None) -> list[str] | None:
        if value and "none" in value and len(set(value)) > 1:
            raise ValueError("'none' cannot be combined with other commitments")
        return value


RULES = (
    Rule(
        "nothing_lost",
        cite(DOC, "If the answer is \"nothing\" — it's not a partnership. It's a handshake.", 1328),
    ),
    Rule(
        "zero_cost",
        cite(
            DOC,
            "If both sides can walk away with zero cost, it's not a partnership — it's a handshake.",
            2460,
        ),
    ),
    Rule(
        "economic_commitment",
        cite(DOC, "- Economic commitment (spend, revenue share, co-investment)", 1005),
    ),
    Rule("mutual_risk", cite(DOC, "- Mutual risk (both sides can fail if it doesn't work)", 1185)),
    Rule(
        "lopsided_commitment",
        cite(DOC, "- What is partner's economic commitment? (Are they investing too?)", 2329),
    ),
    Rule(
        "lopsided_risk",
        cite(DOC, "- What happens if this fails? (Do we both lose something real?)", 2396),
    ),
    Rule(
        "roadmap_alignment",
        cite(DOC, "- Product roadmap alignment (features built for the partnership)", 1065),
    ),
    Rule(
        "executive_sponsorship",
        cite(DOC, "- Executive sponsorship (leadership engaged quarterly)", 1130),
    ),
)

_DECIDING = ("our_commitment", "partner_commitment", "we_lose_if_fails", "partner_loses_if_fails")


def _commits(items: Sequence[str] | None) -> Tri:
    return None if items is None else any(item != "none" for item in items)


def _neither(x: Tri, y: Tri) -> Tri:
    return tri_all(tri_not(x), tri_not(y))


def _differ(x: Tri, y: Tri) -> bool:
    return x is not None and y is not None and x != y


def score(inputs: SkinInTheGameInput) -> Verdict:
    """Real partnership when both sides commit and both stand to lose; the markers add confidence."""
    a = Assessment(FRAMEWORK)
    we_commit, they_commit = _commits(inputs.our_commitment), _commits(inputs.partner_commitment)
    we_lose, they_lose = inputs.we_lose_if_fails, inputs.partner_loses_if_fails
    markers = {
        "economic_commitment": tri_all(we_commit, they_commit),
        "roadmap_alignment": inputs.roadmap_alignment,
        "executive_sponsorship": inputs.executive_sponsorship,
        "mutual_risk": tri_all(we_lose, they_lose),
    }
    a.details = {"markers": markers, "marker_count": sum(v is True for v in markers.values())}

    nothing_lost, zero_cost = _neither(we_lose, they_lose), _neither(we_commit, they_commit)
    if nothing_lost or zero_cost:
        if nothing_lost:
            a.fire("nothing_lost", "Neither side loses anything if the partnership fails.")
        if zero_cost:
            a.fire(
                "zero_cost",
                "Neither side commits engineering, spend, revenue share or co-investment.",
            )
        a.recommend(
            "Ask both sides for an uncomfortable commitment (dedicated engineering, spend or revenue guarantees) before calling it a partnership."
        )
        return _with_markers(a, inputs).verdict(
            "handshake", "Both sides can walk away at zero cost: a handshake, not a partnership."
        )
    if nothing_lost is False and zero_cost is False:
        # Someone commits and someone risks: real only when both sides do both.
        if we_commit and they_commit and we_lose and they_lose:
            a.fire("economic_commitment", "Both sides make an economic commitment.")
            a.fire("mutual_risk", "Both sides lose something real if it fails.")
            a.recommend("Write the partnership charter and have both sides sign it.")
            return _with_markers(a, inputs).verdict(
                "real_partnership",
                "Both sides commit and both lose if it fails: a real partnership.",
            )
        if _differ(we_commit, they_commit) or _differ(we_lose, they_lose):
            return _with_markers(
                _one_sided(a, we_commit, we_lose, they_commit, they_lose), inputs
            ).verdict("one_sided", "Only one side commits or risks something: a one-sided deal.")
    a.need_unknown(inputs, *_DECIDING)
    return a.insufficient("Need what each side commits and what each side loses if it fails.")


def _one_sided(
    a: Assessment, we_commit: Tri, we_lose: Tri, they_commit: Tri, they_lose: Tri
) -> Assessment:
    if _differ(we_commit, they_commit):
        a.fire(
            "lopsided_commitment",
            f"{'The partner commits' if we_commit else 'We commit'} nothing while the other side does.",
        )
        a.recommend(
            f"Ask {'the partner' if we_commit else 'your own side'} for an economic commitment: engineering, spend, revenue share or co-investment."
        )
    if _differ(we_lose, they_lose):
        a.fire(
            "lopsided_risk",
            f"{'The partner loses' if we_lose else 'We lose'} nothing if it fails while the other side does.",
        )
        a.recommend(
            "Restructure the deal so both sides carry real risk, e.g. revenue guarantees or co-investment."
        )
    return a


def _with_markers(a: Assessment, inputs: SkinInTheGameInput) -> Assessment:
    """Cite the two markers that no verdict rule covers, and ask for them when unknown."""
    if inputs.roadmap_alignment:
        a.fire("roadmap_alignment", "Features are being built for the partnership.")
    elif inputs.roadmap_alignment is False:
        a.recommend("Tie the partnership to the product roadmap: name the features built for it.")
    if inputs.executive_sponsorship:
        a.fire("executive_sponsorship", "Leadership is engaged at least quarterly.")
    elif inputs.executive_sponsorship is False:
        a.recommend(
            "Secure an executive sponsor on each side who reviews the partnership quarterly."
        )
    a.need_unknown(inputs, "roadmap_alignment", "executive_sponsorship")
    return a


FRAMEWORK = Framework(
    id="skin_in_the_game",
    title="Skin in the game",
    description="Tells a real partnership from a handshake: does each side commit something and lose something if it fails?",
    input_model=SkinInTheGameInput,
    verdicts=("real_partnership", "one_sided", "handshake", INSUFFICIENT),
    rules=RULES,
    questions={
        "our_commitment": "What are you committing: dedicated engineering, spend, a revenue share, co-investment, or nothing?",
        "partner_commitment": "What is the partner committing: dedicated engineering, spend, a revenue share, co-investment, or nothing?",
        "we_lose_if_fails": "If this partnership fails, do you lose something real?",
        "partner_loses_if_fails": "If this partnership fails, does the partner lose something real?",
        "roadmap_alignment": "Are features being built specifically for this partnership?",
        "executive_sponsorship": "Is leadership on both sides engaged with the partnership at least quarterly?",
    },
    score=score,
    keywords=(
        "skin in the game",
        "commitment",
        "commit",
        "handshake",
        "co-marketing theater",
        "theater",
        "real partnership",
        "mutual risk",
        "what does each side lose",
        "walk away",
        "revenue share",
        "co-investment",
        "executive sponsor",
        "one-sided",
        "logo swap",
        "is this a real partnership",
    ),
)
