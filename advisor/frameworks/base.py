"""The building blocks every framework scorer shares.

A scorer is a pure function from its input model to a `Verdict`. Each `Rule` carries
the verbatim corpus passage it encodes (document id, quote, offsets) as data, so the
rationale of every verdict can be traced to its source and checked by a test.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from advisor.schemas import FrameworkInfo, FrameworkRule, RationaleLine, SourceSpan, Verdict

# Bump when any rule, threshold or verdict wording changes: it travels in every
# answer's provenance so an eval regression can be traced to a scorer change.
SCORER_VERSION = "1.2.0"

# Field names a scorer's wording may mention, as a person would say them; any other
# snake_case word loses its underscores. Verdict texts are read by people, not programs.
_PLAIN = {
    "pilot_improvement_pct": "the pilot's improvement",
    "adoption_pct": "the adoption rate",
    "roi_validated": "an ROI model that validates at scale",
    "investment_and_roi_documented": "a documented investment and ROI",
    "legal_ip_agreed": "IP and legal terms agreed up front",
    "organization_bought_in": "the whole organization's buy-in",
    "partner_requirements_documented": "a partner requirements document",
    "metrics_per_org_unit": "agreed metrics per organization unit",
    "beta_program": "a beta program",
    "partner_goals_aligned": "partner goals aligned with yours",
    "sales_channel": "an established sales channel",
    "developer_ecosystem": "a developer ecosystem",
    "installed_base": "an installed base of customers",
}
_SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")


def plain(text: str) -> str:
    """`text` with every snake_case field or value name said in plain words."""
    return _SNAKE.sub(lambda m: _PLAIN.get(m.group(0), m.group(0).replace("_", " ")), text)


INSUFFICIENT = "insufficient_information"

# Numbers are strict: JSON `true` or "12" is a wrong type (a 422 naming the field), never 1 or 12.
Percent = Annotated[
    float, Field(strict=True, ge=0, le=100, description="A percentage between 0 and 100.")
]


def _number(value: object) -> object:
    if isinstance(value, (bool, str)):
        raise ValueError("Input should be a number")  # noqa: TRY004 - pydantic turns it into a 422
    return value


# JSON Schema's integer includes 12.0, so a whole float is a count too; 12.5, true and "12" are not.
Count = Annotated[
    int,
    Field(strict=False, ge=0, le=1_000_000_000, description="A whole number, 0 or more."),
    BeforeValidator(_number),
]

Tri = bool | None
"""Kleene three-valued truth over optional inputs: None means "depends on facts we don't have"."""


def tri_not(x: Tri) -> Tri:
    """Negation that keeps an unknown unknown."""
    return None if x is None else not x


def tri_all(*xs: Tri) -> Tri:
    """False as soon as one is known False; None while any is unknown; else True."""
    return False if False in xs else (None if None in xs else True)


def tri_any(*xs: Tri) -> Tri:
    """True as soon as one is known True; None while any is unknown; else False."""
    return True if True in xs else (None if None in xs else False)


class FrameworkInput(BaseModel):
    """Base of every scorer input: all fields optional, unknown fields rejected."""

    model_config = ConfigDict(extra="forbid", strict=True, use_attribute_docstrings=True)


def cite(doc_id: str, quote: str, start: int) -> SourceSpan:
    """A verbatim corpus span; `start` is the quote's offset in the document body."""
    return SourceSpan(doc_id=doc_id, quote=quote, start=start, end=start + len(quote))


@dataclass(frozen=True)
class Rule:
    id: str
    source: SourceSpan


@dataclass(frozen=True)
class Framework:
    id: str
    title: str
    description: str
    input_model: type[FrameworkInput]
    verdicts: tuple[str, ...]
    rules: tuple[Rule, ...]
    questions: dict[str, str]
    """A plain-English follow-up question for every input field."""
    score: Callable[[Any], Verdict]
    keywords: tuple[str, ...] = ()
    """Vocabulary that routes a plain-English question to this framework."""

    def rule(self, rule_id: str) -> Rule:
        """The rule with this id; a typo in a scorer fails on its first use."""
        return next(r for r in self.rules if r.id == rule_id)

    def info(self) -> FrameworkInfo:
        """The framework's public description: the one schema listed by the CLI and the API."""
        return FrameworkInfo(
            id=self.id,
            title=self.title,
            description=self.description,
            verdicts=list(self.verdicts),
            keywords=list(self.keywords),
            input_schema=self.input_model.model_json_schema(),
            rules=[FrameworkRule(id=r.id, source=r.source) for r in self.rules],
        )


@dataclass
class Assessment:
    """Collects what a scorer found, then renders it as a `Verdict`."""

    framework: Framework
    rationale: list[RationaleLine] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    recommendations: list[str] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)

    def fire(self, rule_id: str, explanation: str) -> None:
        """Add a rationale line for a rule that decided something, citing its passage."""
        rule = self.framework.rule(rule_id)
        self.rationale.append(
            RationaleLine(rule=rule.id, explanation=plain(explanation), source=rule.source)
        )

    def need(self, *fields: str) -> None:
        """Ask for these fields (once each, in the order first asked)."""
        for name in fields:
            if name not in self.missing:
                self.missing.append(name)

    def need_unknown(self, inputs: BaseModel, *fields: str) -> None:
        """Ask for each of `fields` that the input leaves unset."""
        self.need(*(name for name in fields if getattr(inputs, name) is None))

    def recommend(self, text: str) -> None:
        """Add a recommendation unless it is already there."""
        text = plain(text)
        if text not in self.recommendations:
            self.recommendations.append(text)

    def verdict(self, value: str, summary: str) -> Verdict:
        """Render what was found as a Verdict; the value must be one the framework declares."""
        if value not in self.framework.verdicts:
            raise ValueError(
                f"{self.framework.id}: {value!r} is not one of {self.framework.verdicts}"
            )
        return Verdict(
            framework=self.framework.id,
            verdict=value,
            summary=plain(summary),
            rationale=self.rationale,
            missing=self.missing,
            follow_up_questions=[self.framework.questions[f] for f in self.missing],
            recommendations=self.recommendations,
            details=self.details,
            scorer_version=SCORER_VERSION,
        )

    def insufficient(self, summary: str = "Not enough facts to decide yet.") -> Verdict:
        """The undecidable verdict; `missing` says which facts would decide it."""
        return self.verdict(INSUFFICIENT, summary)
