"""schemathesis fuzzes every operation of the OpenAPI spec with all its checks, with auth off and on: 0 failures."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from advisor.api.app import create_app
from advisor.config import Settings

KEY = "sk-fuzz-3c0ffee"
EXAMPLES = 100
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
    print_blob=True,
)


def fuzz_app(base: Settings, **server: object):
    # The rate limit would turn fuzzing into a 429 test; it is tested in test_security.
    merged = base.server.model_copy(update={"rate_limit_per_minute": 1_000_000, **server})
    return create_app(base.model_copy(update={"server": merged}))


@pytest.fixture(scope="module")
def open_api(index_settings: Settings):
    return schemathesis.openapi.from_asgi("/openapi.json", fuzz_app(index_settings))


@pytest.fixture(scope="module")
def keyed_api(index_settings: Settings):
    return schemathesis.openapi.from_asgi("/openapi.json", fuzz_app(index_settings, api_keys=[KEY]))


open_schema = schemathesis.pytest.from_fixture("open_api")
keyed_schema = schemathesis.pytest.from_fixture("keyed_api")


@pytest.mark.slow
@open_schema.parametrize()
@FUZZ
def test_api_conforms_to_its_spec(case) -> None:
    case.call_and_validate()


@pytest.mark.slow
@keyed_schema.parametrize()
@FUZZ
def test_api_conforms_to_its_spec_with_auth_on(case) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {KEY}"})
