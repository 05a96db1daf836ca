"""Properties every registered scorer keeps for any valid input: a verdict from its set, deterministic, no exception."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from advisor.errors import InvalidInput
from advisor.frameworks import REGISTRY, validate_input
from advisor.frameworks.base import INSUFFICIENT
from tests.framework_inputs import input_strategy

PROPERTY_SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@pytest.mark.parametrize("framework_id", list(REGISTRY))
@PROPERTY_SETTINGS
@given(data=st.data())
def test_any_valid_input_gives_an_allowed_deterministic_verdict(
    framework_id: str, data: st.DataObject
) -> None:
    framework = REGISTRY[framework_id]
    inputs = data.draw(input_strategy(framework), label="input")
    # The input travels as JSON through the API and the CLI: score what survives a round trip.
    inputs = json.loads(json.dumps(inputs))

    try:
        model = validate_input(framework, inputs)
    except InvalidInput as exc:
        # Cross-field validators (e.g. 'none' beside a commitment) reject what the schema
        # alone allows; that is a 422 naming the field, not a scorer failure.
        assert exc.field and exc.field.split(".")[0] in framework.input_model.model_fields
        assume(False)

    first, second = framework.score(model), framework.score(model)

    assert first.verdict in framework.verdicts
    assert first == second
    assert first.framework == framework_id
    assert set(first.missing) <= set(framework.input_model.model_fields)
    assert first.follow_up_questions == [framework.questions[name] for name in first.missing]
    assert len(set(first.missing)) == len(first.missing)
    if first.verdict == INSUFFICIENT:
        assert first.missing, "an undecidable verdict must say which facts it needs"


@pytest.mark.parametrize("framework_id", list(REGISTRY))
def test_every_field_has_a_follow_up_question(framework_id: str) -> None:
    framework = REGISTRY[framework_id]
    assert set(framework.questions) == set(framework.input_model.model_fields)
    assert all(q.strip().endswith("?") for q in framework.questions.values())


@pytest.mark.parametrize("framework_id", list(REGISTRY))
def test_no_input_at_all_is_insufficient(framework_id: str) -> None:
    framework = REGISTRY[framework_id]
    verdict = framework.score(validate_input(framework, {}))
    assert verdict.verdict == INSUFFICIENT
    assert verdict.missing
