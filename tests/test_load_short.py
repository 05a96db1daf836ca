"""A short run of bench/load.py in CI: concurrent users on a real server get answers, never errors.

Latency is measured by the full script (bench/results-load.md), not asserted here.
"""

from __future__ import annotations

import pytest

from advisor.api.app import create_app
from advisor.config import Settings
from bench.load import run_load
from tests.live_server import threaded_server


@pytest.mark.slow
async def test_ten_users_for_ten_seconds_get_answers_without_errors(
    index_settings: Settings,
) -> None:
    # Every user comes from 127.0.0.1: lift the per-IP limit, as the load script does.
    server = index_settings.server.model_copy(update={"rate_limit_per_minute": 1_000_000})
    with threaded_server(create_app(index_settings.model_copy(update={"server": server}))) as url:
        result = await run_load(url, users=10, duration_s=10)
    assert result.errors == {}
    assert len(result.latencies) >= 10, "every user finished at least one request"


async def test_load_counts_refused_requests_as_errors(index_settings: Settings) -> None:
    # A one-request-a-minute limit: all but the first request are 429s, which the load run must count.
    server = index_settings.server.model_copy(update={"rate_limit_per_minute": 1})
    with threaded_server(create_app(index_settings.model_copy(update={"server": server}))) as url:
        result = await run_load(url, users=2, duration_s=1)
    assert result.errors.get("http 429", 0) > 0
    assert result.error_count == sum(result.errors.values())
