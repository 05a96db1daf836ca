"""Charter: the Partnership Charter sections and the Signature Test (Partnership Architecture §6).

The Signature Test comes first: if a side won't sign, the sections don't matter. Otherwise
any absent section makes the charter incomplete, listed in the charter's own order.
"""

from __future__ import annotations

from advisor.frameworks.base import INSUFFICIENT, Assessment, Framework, FrameworkInput, Rule, cite
from advisor.schemas import Verdict

DOC = "partnership-architecture"


class CharterInput(FrameworkInput):
    mutual_goals: bool | None = None
    """Does the charter say what success looks like for us, the partner and customers?"""
    value_exchange: bool | None = None
    """Does it say what each side gives, and is the exchange balanced?"""
    timeline: bool | None = None
    """Does it set dates, deliverables and metrics for Crawl, Walk and Run?"""
    measurement: bool | None = None
    """Does it name success metrics, how they're tracked and the review cadence?"""
    governance: bool | None = None
    """Does it name decision owners on each side and an escalation path?"""
    exit_criteria: bool | None = None
    """Does it say what triggers ending the partnership?"""
    both_sides_signed: bool | None = None
    """Have both sides signed (or will both sign) the charter?"""


# Charter sections in the order the charter lists them, each with its rule id and what it asks for.
SECTIONS = (
    ("mutual_goals", "what success looks like for us, the partner and customers"),
    ("value_exchange", "what each side gives, and whether the exchange is balanced"),
    ("timeline", "dates, deliverables and metrics for Crawl, Walk and Run"),
    ("measurement", "success metrics, how they're tracked and the review cadence"),
    ("governance", "decision owners on each side and an escalation path"),
    ("exit_criteria", "what triggers ending the partnership"),
)

RULES = (
    Rule("mutual_goals", cite(DOC, "What does success look like for partner?", 9721)),
    Rule(
        "value_exchange",
        cite(DOC, "Is this balanced? (Would both sides still do this if other walked?)", 9952),
    ),
    Rule("timeline", cite(DOC, "Crawl phase (dates, deliverables, metrics)", 10032)),
    Rule(
        "measurement",
        cite(DOC, "Specific metrics for success (revenue, customers, retention)", 10170),
    ),
    Rule("governance", cite(DOC, "Who owns decisions on each side?", 10332)),
    Rule("exit_criteria", cite(DOC, "Exit criteria (what triggers ending partnership?)", 10398)),
    Rule(
        "signature_test",
        cite(
            DOC,
            "Both sides should sign the charter. If either side won't commit to paper, there's no real partnership.",
            10468,
        ),
    ),
    Rule(
        "required_before_launch", cite(DOC, "Partnership Charter (Required Before Launch):", 9621)
    ),
)


def score(inputs: CharterInput) -> Verdict:
    """Ready when all six sections are written and both sides sign; a side that won't sign means no partnership."""
    a = Assessment(FRAMEWORK)
    absent = [name for name, _ in SECTIONS if getattr(inputs, name) is False]
    a.details["absent_sections"] = absent
    if inputs.both_sides_signed is False:
        a.fire(
            "signature_test", "A side won't commit the charter to paper: the Signature Test fails."
        )
        a.recommend("Don't launch: without both signatures there is no partnership to charter.")
        return a.verdict(
            "not_a_partnership", "A side won't sign the charter: there's no real partnership."
        )
    for name, asks in SECTIONS:
        value = getattr(inputs, name)
        if value is None:
            a.need(name)
        elif not value:
            a.fire(name, f"The charter has no {name.replace('_', ' ')} section ({asks}).")
            a.recommend(f"Write the {name.replace('_', ' ')} section: {asks}.")
    if inputs.both_sides_signed is None:
        a.need("both_sides_signed")
    if absent:
        return a.verdict("incomplete", f"The charter is missing: {', '.join(absent)}.")
    if a.missing:
        return a.insufficient(
            "Tell me which charter sections exist and whether both sides will sign."
        )
    a.fire("required_before_launch", "Every charter section is written.")
    a.fire("signature_test", "Both sides signed the charter.")
    a.recommend("Launch, and review the charter's metrics at the agreed cadence.")
    return a.verdict(
        "ready", "Every charter section is written and both sides signed: ready to launch."
    )


FRAMEWORK = Framework(
    id="charter",
    title="Is the partnership charter ready?",
    description="Checks the partnership charter's six sections and the Signature Test before launch.",
    input_model=CharterInput,
    verdicts=("ready", "incomplete", "not_a_partnership", INSUFFICIENT),
    rules=RULES,
    questions={
        "mutual_goals": "Does your charter say what success looks like for you, for the partner and for customers?",
        "value_exchange": "Does your charter spell out what each side gives, and would both sides still do it if the other walked?",
        "timeline": "Does your charter set dates, deliverables and metrics for the Crawl, Walk and Run phases?",
        "measurement": "Does your charter name the success metrics, how you'll track them and how often you'll review them?",
        "governance": "Does your charter name who owns decisions on each side and the escalation path for disputes?",
        "exit_criteria": "Does your charter say what would trigger ending the partnership?",
        "both_sides_signed": "Will both sides sign the charter?",
    },
    score=score,
    keywords=(
        "charter",
        "partnership agreement",
        "sign",
        "signed",
        "signature",
        "written agreement",
        "verbal agreement",
        "mutual goals",
        "value exchange",
        "governance",
        "exit criteria",
        "escalation",
        "before launch",
        "document the partnership",
        "on paper",
        "in writing",
    ),
)
