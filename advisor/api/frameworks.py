"""Routes for the framework scorers: list, describe, assess."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Path

from advisor.frameworks import REGISTRY, Framework, get_framework, validate_input
from advisor.schemas import FrameworkInfo, Verdict

router = APIRouter(prefix="/v1", tags=["frameworks"])

_NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"description": "Unknown framework id; the error lists the valid ones."}
}
_INVALID: dict[int | str, dict[str, Any]] = {
    422: {"description": "Invalid input; `field` names the offending input field."}
}


def _framework(
    framework: Annotated[str, Path(description="Framework id, e.g. `partner_tier`.")],
) -> Framework:
    # Resolved as a dependency so an unknown framework is a 404 before the body's shape is checked
    # (FastAPI still parses the JSON first: malformed JSON is a 422 whatever the framework).
    return get_framework(framework)


FrameworkDep = Annotated[Framework, Depends(_framework)]


@router.get("/frameworks", response_model=list[FrameworkInfo])
def list_frameworks() -> list[FrameworkInfo]:
    """List every framework scorer: id, description, verdict values, input JSON schema and cited rules."""
    return [framework.info() for framework in REGISTRY.values()]


@router.get("/frameworks/{framework}", response_model=FrameworkInfo, responses=_NOT_FOUND)
def describe_framework(framework: FrameworkDep) -> FrameworkInfo:
    """Describe one framework: what it decides, the input object it takes and the corpus passage behind each rule."""
    return framework.info()


@router.post("/assess/{framework}", response_model=Verdict, responses={**_NOT_FOUND, **_INVALID})
def assess_framework(
    framework: FrameworkDep,
    facts: Annotated[
        dict[str, Any] | None,
        Body(
            description="The framework's input object (see `GET /v1/frameworks/{framework}` for its schema). "
            "Every field is optional; omitted facts come back as `missing` with follow-up questions.",
            examples=[{"has_engineering_resources": False, "is_marquee_logo": True}],
        ),
    ] = None,
) -> Verdict:
    """Score the facts with one framework and return its deterministic verdict.

    The same facts always give the same verdict. Each rationale line quotes the corpus
    passage its rule encodes, with offsets into the document body. When the facts can't
    decide, the verdict is `insufficient_information` and `follow_up_questions` says what
    to ask. Unknown fields, wrong types and out-of-range numbers are a 422 naming the field.
    """
    return framework.score(validate_input(framework, facts or {}))
