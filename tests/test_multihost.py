"""Two `advisor serve` hosts with separate data directories share one conversation (PostgreSQL) and one rate limit (Redis)."""

from __future__ import annotations

import json
import shutil
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack

import httpx
import pytest

from advisor.config import Settings
from tests.backing_servers import RedisServer, Unavailable, postgres_server, redis_server
from tests.live_server import free_port, process

pytestmark = pytest.mark.slow

SESSION_KEY, LIMIT_KEY = "sk-hosts-sessions-1a2b", "sk-hosts-limit-3c4d"
PER_MINUTE = 12
SEED = "We're a seed-stage startup with two engineers."
OEM = (
    "Cisco offered an exclusive OEM deal where their sales force sells our product. Should we sign?"
)


@pytest.fixture(scope="module")
def backing() -> Iterator[tuple[str, RedisServer]]:
    try:
        with postgres_server() as postgres, redis_server() as redis:
            yield postgres.url, redis
    except Unavailable as exc:
        pytest.skip(str(exc))


@pytest.fixture(scope="module")
def hosts(
    backing: tuple[str, RedisServer],
    index_settings: Settings,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[list[str]]:
    """Two servers, each on its own copy of the index and nothing else in common but the URLs."""
    database_url, redis = backing
    urls = []
    with ExitStack() as stack:
        for name in ("host-a", "host-b"):
            data_dir = tmp_path_factory.mktemp(name) / "data"
            shutil.copytree(
                index_settings.data_dir, data_dir, ignore=shutil.ignore_patterns("sessions.sqlite*")
            )
            port = free_port()
            env = {
                "ADVISOR_DATA_DIR": str(data_dir),
                "ADVISOR_CORPUS_DIR": str(index_settings.corpus_dir),
                "ADVISOR_DATABASE_URL": database_url,
                "ADVISOR_REDIS_URL": redis.url,
                "ADVISOR_SERVER__API_KEYS": json.dumps([SESSION_KEY, LIMIT_KEY]),
                "ADVISOR_SERVER__RATE_LIMIT_PER_MINUTE": str(PER_MINUTE),
            }
            args = [sys.executable, "-c", "from advisor.cli import app; app()", "serve"]
            base = f"http://127.0.0.1:{port}"
            stack.enter_context(process([*args, "--port", str(port)], f"{base}/healthz", env))
            urls.append(base)
        yield urls


def _as(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def test_two_hosts_share_one_conversation(hosts: list[str]) -> None:
    a, b = hosts
    with httpx.Client(headers=_as(SESSION_KEY), timeout=60) as http:
        sid = http.post(f"{a}/v1/sessions").json()["session_id"]
        first = http.post(f"{a}/v1/sessions/{sid}/messages", json={"question": SEED})
        # Host B answers the next turn with host A's facts: it reads the turn A stored.
        second = http.post(f"{b}/v1/sessions/{sid}/messages", json={"question": OEM})
        seen_by_a = http.get(f"{a}/v1/sessions/{sid}").json()
        seen_by_b = http.get(f"{b}/v1/sessions/{sid}").json()
    assert first.status_code == second.status_code == 200, (first.text[:300], second.text[:300])
    assert seen_by_a == seen_by_b
    assert [t["question"] for t in seen_by_a["turns"]] == [SEED, OEM]
    assert seen_by_a["turns"][1]["answer"] == second.json()
    facts = {(f["framework"], f["field"]): f["value"] for f in second.json()["facts"]}
    assert any("stage" in field and value for (_, field), value in facts.items()), facts


def test_two_hosts_share_one_rate_limit_exactly(hosts: list[str]) -> None:
    a, b = hosts
    urls = [f"{(a, b)[i % 2]}/v1/frameworks" for i in range(PER_MINUTE + 8)]
    # Concurrent, alternating hosts: the Lua script makes each take atomic all the same.
    with httpx.Client(headers=_as(LIMIT_KEY), timeout=30) as http, ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(lambda url: http.get(url).status_code, urls))
    assert statuses.count(200) == PER_MINUTE and statuses.count(429) == 8, statuses


def test_without_redis_each_host_still_limits(
    hosts: list[str], backing: tuple[str, RedisServer]
) -> None:
    """A Redis outage falls back to per-process limits: no 500s, and still no unlimited client."""
    a, _ = hosts
    _, redis = backing
    redis.stop()
    try:
        with httpx.Client(headers=_as(SESSION_KEY), timeout=30) as http:
            statuses = [http.get(f"{a}/v1/frameworks").status_code for _ in range(PER_MINUTE + 3)]
    finally:
        redis.start()
    assert set(statuses) <= {200, 429} and statuses.count(200) <= PER_MINUTE, statuses
    assert statuses[-1] == 429
    # Once the pause after the failure is over, the shared budget (not yet spent) counts again,
    # while this host's own fallback budget is spent.
    time.sleep(5.5)
    assert httpx.get(f"{a}/v1/frameworks", headers=_as(SESSION_KEY)).status_code == 200
