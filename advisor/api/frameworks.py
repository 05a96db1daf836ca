"""Routes for the framework scorers: list, describe, assess."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Path

from advisor.frameworks import REGISTRY, Framework, get_framework
from advisor.frameworks.base import FrameworkInput
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


_ASSESS_DOC = """Score the facts with {title} and return its deterministic verdict.

The same facts always give the same verdict. Each rationale line quotes the corpus
passage its rule encodes, with offsets into the document body. When the facts can't
decide, the verdict is `insufficient_information` and `follow_up_questions` says what
to ask. Unknown fields, wrong types and out-of-range numbers are a 422 naming the field.
"""


def _assess_route(framework: Framework) -> None:
    """`POST /v1/assess/<id>` with the framework's own input model as its body schema.

    One route per framework, so the spec promises exactly the fields each one accepts.
    """
    model = framework.input_model

    def assess_one(facts: FrameworkInput | None = None) -> Verdict:
        return framework.score(facts or model())

    # Set as objects, not the module's string annotations: the model is local to this function.
    body = Body(
        description="Every field is optional; omitted facts come back as `missing` "
        "with follow-up questions."
    )
    assess_one.__annotations__ = {"facts": Annotated[model | None, body], "return": Verdict}

    router.add_api_route(
        f"/assess/{framework.id}",
        assess_one,
        methods=["POST"],
        response_model=Verdict,
        responses=_INVALID,
        summary=f"Assess {framework.id}",
        description=_ASSESS_DOC.format(title=framework.title),
        operation_id=f"assess_{framework.id}",
    )


for _framework_entry in REGISTRY.values():
    _assess_route(_framework_entry)


@router.post("/assess/{framework}", include_in_schema=False)
def assess_unknown(framework: FrameworkDep) -> Verdict:
    """Every known framework has its own route above, so an id that gets here is a 404."""
    raise AssertionError(f"{framework.id} is routed before this catch-all")
