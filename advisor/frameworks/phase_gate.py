"""Phase gate: the Crawl-Walk-Run go/no-go criteria and the "Should We Continue This Partnership?" tree.

Each phase has its own criteria (Partnership Architecture §5). A phase is `go` only when
every criterion holds; one failed criterion is enough for `no_go`, which then carries the
tree's next step and still asks for the criteria nobody has answered yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from advisor.frameworks.base import (
    INSUFFICIENT,
    Assessment,
    Framework,
    FrameworkInput,
    Percent,
    Rule,
    cite,
)
from advisor.schemas import Verdict

DOC = "partnership-architecture"

CRAWL_NEXT_STEP = "end partnership, learn from failure"
WALK_NEXT_STEP = "end partnership or restart Crawl with changes"


class PhaseGateInput(FrameworkInput):
    phase: Literal["crawl", "walk", "run"] | None = None
    """The phase being judged: crawl (pilot), walk (formal integration) or run (full scale)."""
    pilot_improvement_pct: Percent | None = None
    """Crawl: improvement pilot customers saw on the stated metric, in percent."""
    would_recommend: bool | None = None
    """Crawl: would pilot customers recommend the joint solution to peers?"""
    can_scale_integration: bool | None = None
    """Crawl: can the integration scale beyond the pilot?"""
    adoption_pct: Percent | None = None
    """Walk: share of invited customers who adopted, in percent."""
    partner_actively_promoting: bool | None = None
    """Walk: is the partner actively promoting the joint solution?"""
    support_burden_manageable: bool | None = None
    """Walk: is the support burden manageable?"""
    crawl_passed: bool | None = None
    """Run: did the Crawl phase pass its criteria?"""
    walk_passed: bool | None = None
    """Run: did the Walk phase pass its criteria?"""
    both_committed: bool | None = None
    """Run: are both sides committed to the next phase?"""
    roi_validated: bool | None = None
    """Run: does the ROI model validate at scale?"""


@dataclass(frozen=True)
class Criterion:
    field: str
    rule: str
    holds: str
    fails: str
    at_least: float | None = None
    """Inclusive threshold for percentage criteria ("20%+"); None for yes/no criteria."""

    def passes(self, value: float | bool) -> bool:
        return bool(value) if self.at_least is None else value >= self.at_least


CRITERIA: dict[str, tuple[Criterion, ...]] = {
    "crawl": (
        Criterion(
            "pilot_improvement_pct",
            "crawl_improvement",
            "Pilot customers improved {value:g}%: meets the 20%+ bar.",
            "Pilot customers improved only {value:g}%: below the 20%+ bar.",
            at_least=20,
        ),
        Criterion(
            "would_recommend",
            "crawl_recommend",
            "Pilot customers would recommend it to peers.",
            "Pilot customers would not recommend it to peers.",
        ),
        Criterion(
            "can_scale_integration",
            "crawl_scale",
            "The integration can scale beyond the pilot.",
            "The integration cannot scale beyond the pilot.",
        ),
    ),
    "walk": (
        Criterion(
            "adoption_pct",
            "walk_adoption",
            "{value:g}% of invited customers adopted: meets the 70%+ bar.",
            "Only {value:g}% of invited customers adopted: below the 70%+ bar.",
            at_least=70,
        ),
        Criterion(
            "partner_actively_promoting",
            "walk_promoting",
            "The partner is actively promoting.",
            "The partner is not actively promoting.",
        ),
        Criterion(
            "support_burden_manageable",
            "walk_support",
            "The support burden is manageable.",
            "The support burden is not manageable.",
        ),
    ),
    "run": (
        Criterion(
            "crawl_passed",
            "run_crawl_passed",
            "Crawl passed its criteria.",
            "Crawl did not pass its criteria.",
        ),
        Criterion(
            "walk_passed",
            "run_walk_passed",
            "Walk passed its criteria.",
            "Walk did not pass its criteria.",
        ),
        Criterion(
            "both_committed",
            "run_committed",
            "Both sides are committed to the next phase.",
            "Not both sides are committed to the next phase.",
        ),
        Criterion(
            "roi_validated",
            "run_roi",
            "The ROI model validates at scale.",
            "The ROI model does not validate at scale.",
        ),
    ),
}

RULES = (
    Rule("crawl_improvement", cite(DOC, "Did pilot customers see 20%+ improvement?", 9157)),
    Rule("crawl_recommend", cite(DOC, "Would they recommend to peers?", 9201)),
    Rule("crawl_scale", cite(DOC, "Can we scale this integration?", 9234)),
    Rule("walk_adoption", cite(DOC, "Did 70%+ of invited customers adopt?", 9279)),
    Rule("walk_promoting", cite(DOC, "Is partner actively promoting?", 9318)),
    Rule("walk_support", cite(DOC, "Is support burden manageable?", 9351)),
    Rule("run_crawl_passed", cite(DOC, "Both Crawl and Walk passed criteria", 9402)),
    Rule("run_walk_passed", cite(DOC, "Both Crawl and Walk passed criteria", 9402)),
    Rule("run_committed", cite(DOC, "Both sides committed to next phase", 9440)),
    Rule("run_roi", cite(DOC, "ROI model validates at scale", 9477)),
    Rule("enter_run_only_if", cite(DOC, "Enter Run Only If:", 9381)),
    # The "Should We Continue This Partnership?" tree: each rule quotes the question with the answer it takes.
    Rule(
        "crawl_no_go",
        cite(
            DOC,
            "Did Crawl phase meet success criteria?\n├─ No → End partnership, learn from failure",
            11554,
        ),
    ),
    Rule(
        "crawl_go",
        cite(
            DOC,
            "Did Crawl phase meet success criteria?\n├─ No → End partnership, learn from failure\n└─ Yes → Continue...",
            11554,
        ),
    ),
    Rule(
        "walk_no_go",
        cite(
            DOC,
            "Did Walk phase meet success criteria?\n├─ No → End partnership or restart Crawl with changes",
            11660,
        ),
    ),
    Rule(
        "walk_go",
        cite(
            DOC,
            "Did Walk phase meet success criteria?\n├─ No → End partnership or restart Crawl with changes\n└─ Yes → Move to Run phase",
            11660,
        ),
    ),
)

GO_NEXT = {
    "crawl": (
        "crawl_go",
        "Crawl met its criteria: continue to Walk.",
        "Move to Walk: 5-10 more customers, a formal integration, co-marketing and sales enablement.",
    ),
    "walk": (
        "walk_go",
        "Walk met its criteria: move to Run.",
        "Move to Run: full-scale deployment, joint enterprise sales, QBRs and executive steering.",
    ),
    "run": (
        "enter_run_only_if",
        "Every condition for entering Run holds.",
        "Run at full scale, with quarterly business reviews and executive steering.",
    ),
}


def _no_go(a: Assessment, phase: str, failed: list[str]) -> Verdict:
    """Attach the tree's next step for the phase that failed."""
    if phase == "crawl" or "crawl_passed" in failed:
        a.fire("crawl_no_go", "Crawl did not meet its success criteria.")
        a.recommend("End the partnership and learn from the failure; don't carry it into Walk.")
        next_step = CRAWL_NEXT_STEP
    elif phase == "walk" or "walk_passed" in failed:
        a.fire("walk_no_go", "Walk did not meet its success criteria.")
        a.recommend("End the partnership, or restart Crawl with changes.")
        next_step = WALK_NEXT_STEP
    else:
        a.fire(
            "enter_run_only_if",
            "Run needs both sides committed and an ROI model that validates at scale.",
        )
        a.recommend(
            "Stay in Walk until both sides commit to Run and the ROI model validates at scale."
        )
        next_step = "stay in Walk until both sides commit and the ROI model validates at scale"
    a.details["next_step"] = next_step
    return a.verdict(
        "no_go", f"{phase.capitalize()} fails {', '.join(failed)}: no-go; next step: {next_step}."
    )


def score(inputs: PhaseGateInput) -> Verdict:
    """Go or no-go for the current phase against its Crawl, Walk or Run criteria."""
    a = Assessment(FRAMEWORK)
    if inputs.phase is None:
        a.need("phase")
        return a.insufficient("Tell me which phase (crawl, walk or run) you are judging.")
    a.details["phase"] = inputs.phase
    results: dict[str, bool | None] = {}
    for c in CRITERIA[inputs.phase]:
        value = getattr(inputs, c.field)
        if value is None:
            a.need(c.field)
            results[c.field] = None
            continue
        results[c.field] = c.passes(value)
        a.fire(c.rule, (c.holds if results[c.field] else c.fails).format(value=value))
    a.details["criteria"] = results
    failed = [name for name, ok in results.items() if ok is False]
    if failed:
        return _no_go(a, inputs.phase, failed)
    if a.missing:
        return a.insufficient(
            f"{inputs.phase.capitalize()} can't be judged until every criterion is known."
        )
    rule_id, explanation, recommendation = GO_NEXT[inputs.phase]
    a.fire(rule_id, explanation)
    a.recommend(recommendation)
    return a.verdict("go", f"Every {inputs.phase.capitalize()} criterion holds: go.")


FRAMEWORK = Framework(
    id="phase_gate",
    title="Crawl-Walk-Run go/no-go",
    description="Judges a partnership phase (crawl, walk, run) against its go/no-go criteria and gives the next step.",
    input_model=PhaseGateInput,
    verdicts=("go", "no_go", INSUFFICIENT),
    rules=RULES,
    questions={
        "phase": "Which phase are you judging: crawl (pilot), walk (formal integration) or run (full scale)?",
        "pilot_improvement_pct": "By how many percent did pilot customers improve on the metric you set up front?",
        "would_recommend": "Would the pilot customers recommend the joint solution to their peers?",
        "can_scale_integration": "Can the pilot integration scale to many more customers?",
        "adoption_pct": "What percentage of the customers you invited in Walk actually adopted the integration?",
        "partner_actively_promoting": "Is the partner actively promoting the joint solution?",
        "support_burden_manageable": "Is the support burden of the integration manageable for both sides?",
        "crawl_passed": "Did the Crawl phase pass its go/no-go criteria?",
        "walk_passed": "Did the Walk phase pass its go/no-go criteria?",
        "both_committed": "Are both sides committed to moving into Run?",
        "roi_validated": "Does your ROI model for the partnership validate at scale?",
    },
    score=score,
    keywords=(
        "crawl",
        "walk",
        "run phase",
        "crawl-walk-run",
        "go/no-go",
        "go no go",
        "pilot",
        "pilot customers",
        "adoption",
        "adopted",
        "continue the partnership",
        "kill the partnership",
        "end the partnership",
        "next phase",
        "phase gate",
        "improvement",
        "should we continue",
    ),
)
