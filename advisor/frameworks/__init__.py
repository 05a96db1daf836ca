"""The framework registry: every scorer by id, plus input validation shared by the CLI and the API."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from advisor.errors import InvalidInput, NotFound
from advisor.frameworks import (
    build_vs_partner,
    charter,
    ecosystem_model,
    initiative_area,
    leverage,
    partner_tier,
    phase_gate,
    prechasm_risk,
    program_readiness,
    skin_in_the_game,
    three_sided_value,
    upstream_fit,
)
from advisor.frameworks.base import SCORER_VERSION, Framework
from advisor.schemas import Verdict

# Contract order (shared/design/frameworks.md). Modules are added here as they land.
_MODULES = (
    skin_in_the_game,
    three_sided_value,
    leverage,
    partner_tier,
    build_vs_partner,
    ecosystem_model,
    phase_gate,
    charter,
    prechasm_risk,
    upstream_fit,
    initiative_area,
    program_readiness,
)

REGISTRY: dict[str, Framework] = {m.FRAMEWORK.id: m.FRAMEWORK for m in _MODULES}

__all__ = ["REGISTRY", "SCORER_VERSION", "Framework", "assess", "get_framework", "validate_input"]


def get_framework(framework_id: str) -> Framework:
    """The registered framework with this id; NotFound (404, CLI exit 2) lists the valid ids."""
    try:
        return REGISTRY[framework_id]
    except KeyError:
        raise NotFound(
            f"unknown framework {framework_id!r}; choose one of: {', '.join(REGISTRY)}",
            field="framework",
        ) from None


def validate_input(framework: Framework, data: dict[str, Any]) -> Any:
    """Parse raw input into the framework's model; the error names the first bad field."""
    try:
        return framework.input_model.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        name = ".".join(str(p) for p in err["loc"]) or "input"
        raise InvalidInput(f"{framework.id}: field {name!r}: {err['msg']}", field=name) from exc


def assess(framework_id: str, data: dict[str, Any]) -> Verdict:
    """Validate raw input for one framework and score it."""
    framework = get_framework(framework_id)
    return framework.score(validate_input(framework, data))
