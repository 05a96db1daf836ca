"""Auth and limits on /v1: bearer keys, 429 with Retry-After, 413 for big and chunked bodies, CORS, redacted logs."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from advisor.api.app import create_app
from advisor.api.security import RateLimiter, load_api_keys
from advisor.config import LLMSettings, ServerSettings, Settings
from advisor.errors import MissingDependency
from tests.live_server import threaded_server

KEY = "sk-test-alpha-4f1c9a"
OTHER_KEY = "sk-test-beta-77d2e0"


def make_client(settings: Settings, **server: object) -> TestClient:
    merged = settings.server.model_copy(update=server)
    return TestClient(create_app(settings.model_copy(update={"server": merged})))


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


# API keys ------------------------------------------------------------------------------------


def test_without_keys_v1_is_open(settings: Settings) -> None:
    with make_client(settings) as client:
        assert client.get("/v1/frameworks").status_code == 200


def test_with_keys_every_v1_route_needs_a_known_bearer_key(settings: Settings) -> None:
    with make_client(settings, api_keys=[KEY]) as client:
        missing = client.get("/v1/frameworks")
        wrong = client.get("/v1/frameworks", headers=bearer("sk-wrong"))
        basic = client.get("/v1/frameworks", headers={"Authorization": f"Basic {KEY}"})
        right = client.get("/v1/frameworks", headers=bearer(KEY))
        post = client.post("/v1/assess/partner_tier", json={})
        models = client.get("/v1/models")
    assert missing.status_code == wrong.status_code == basic.status_code == post.status_code == 401
    assert models.status_code == 401
    assert missing.headers["www-authenticate"] == "Bearer"
    assert (
        missing.json()["error"] == "Unauthorized"
        and "Authorization: Bearer" in missing.json()["detail"]
    )
    assert right.status_code == 200 and right.json()


def test_health_page_and_docs_stay_open_with_keys(settings: Settings) -> None:
    with make_client(settings, api_keys=[KEY]) as client:
        assert client.get("/healthz").status_code == 200
        assert client.get("/").status_code == 200
        assert client.get("/openapi.json").status_code == 200


def test_keys_file_adds_keys_and_skips_comments_and_blank_lines(
    settings: Settings, tmp_path: Path
) -> None:
    keys_file = tmp_path / "keys.txt"
    keys_file.write_text(f"# BD tooling\n{OTHER_KEY}\n\n  # retired: sk-old\n", encoding="utf-8")
    server = ServerSettings(api_keys=[KEY, " "], api_keys_file=keys_file)
    assert load_api_keys(server) == {KEY, OTHER_KEY}
    with make_client(settings, api_keys=[KEY], api_keys_file=keys_file) as client:
        assert client.get("/v1/frameworks", headers=bearer(OTHER_KEY)).status_code == 200
        assert client.get("/v1/frameworks", headers=bearer("sk-old")).status_code == 401


def test_openapi_declares_bearer_auth_only_when_keys_are_configured(settings: Settings) -> None:
    with make_client(settings, api_keys=[KEY]) as client:
        with_keys = client.get("/openapi.json").json()
    with make_client(settings) as client:
        without = client.get("/openapi.json").json()
    op = with_keys["paths"]["/v1/frameworks"]["get"]
    assert op["security"] == [{"bearer": []}] and "401" in op["responses"]
    assert with_keys["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    assert "security" not in without["paths"]["/v1/frameworks"]["get"]
    assert "securitySchemes" not in without["components"]
    assert "Retry-After" in without["paths"]["/v1/ask"]["post"]["responses"]["429"]["headers"]
    assert "security" not in with_keys["paths"]["/healthz"]["get"]


# Rate limit ----------------------------------------------------------------------------------


def test_rate_limit_answers_429_with_retry_after_per_key(settings: Settings) -> None:
    with make_client(settings, api_keys=[KEY, OTHER_KEY], rate_limit_per_minute=3) as client:
        statuses = [client.get("/v1/frameworks", headers=bearer(KEY)).status_code for _ in range(3)]
        limited = client.get("/v1/frameworks", headers=bearer(KEY))
        other = client.get("/v1/frameworks", headers=bearer(OTHER_KEY))
        health = client.get("/healthz")
    assert statuses == [200, 200, 200]
    assert limited.status_code == 429 and limited.json()["error"] == "RateLimited"
    # 3 a minute refills one request every 20 s.
    assert 1 <= int(limited.headers["retry-after"]) <= 20
    assert other.status_code == 200, "each key has its own budget"
    assert health.status_code == 200, "/healthz is never limited"


def test_rate_limit_without_keys_is_per_client_ip(settings: Settings) -> None:
    with make_client(settings, rate_limit_per_minute=2) as client:
        statuses = [client.get("/v1/frameworks").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_token_bucket_refills_with_time() -> None:
    now = [0.0]
    limiter = RateLimiter(per_minute=60, clock=lambda: now[0])
    assert all(limiter.hit("k") == 0 for _ in range(60))
    wait = limiter.hit("k")
    assert wait == pytest.approx(1.0)
    now[0] += 1.0
    assert limiter.hit("k") == 0
    assert limiter.hit("k") > 0
    assert limiter.hit("other") == 0


# Body and question caps ----------------------------------------------------------------------


def test_body_over_the_cap_is_413_when_declared(settings: Settings) -> None:
    with make_client(settings, max_body_bytes=2048) as client:
        big = client.post("/v1/assess/partner_tier", json={"padding": "x" * 5000})
        small = client.post("/v1/assess/partner_tier", json={})
    assert big.status_code == 413 and "ADVISOR_SERVER__MAX_BODY_BYTES" in big.json()["detail"]
    assert small.status_code == 200


@pytest.mark.slow
def test_chunked_body_without_content_length_is_counted_as_it_streams(settings: Settings) -> None:
    """A real server, a real chunked upload: no Content-Length to trust, the bytes themselves are counted."""
    merged = settings.server.model_copy(update={"max_body_bytes": 4096})
    app = create_app(settings.model_copy(update={"server": merged}))

    def chunks(total: int):
        yield b'{"padding": "'
        for _ in range(total // 1024):
            yield b"x" * 1024
        yield b'"}'

    with threaded_server(app) as url:
        request = httpx.Request(
            "POST",
            f"{url}/v1/assess/partner_tier",
            content=chunks(64 * 1024),
            headers={"Content-Type": "application/json"},
        )
        assert (
            "content-length" not in request.headers
            and request.headers["transfer-encoding"] == "chunked"
        )
        with httpx.Client(timeout=10) as http:
            too_big = http.send(request)
            small = http.post(
                f"{url}/v1/assess/partner_tier",
                content=chunks(1024),
                headers={"Content-Type": "application/json"},
            )
    assert too_big.status_code == 413
    # Under the cap the replayed body reaches the route, which rejects the unknown field by name.
    assert small.status_code == 422 and small.json()["field"] == "padding"


# CORS ----------------------------------------------------------------------------------------


def test_cors_allows_only_configured_origins(settings: Settings) -> None:
    allowed, other = "https://bd-tools.example.com", "https://evil.example.net"
    preflight = {
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization,content-type",
    }
    with make_client(settings, cors_origins=[allowed], api_keys=[KEY]) as client:
        ok = client.options("/v1/ask", headers={"Origin": allowed, **preflight})
        denied = client.options("/v1/ask", headers={"Origin": other, **preflight})
        unauthorized = client.get("/v1/frameworks", headers={"Origin": allowed})
    assert ok.status_code == 200 and ok.headers["access-control-allow-origin"] == allowed
    assert "authorization" in ok.headers["access-control-allow-headers"].lower()
    assert denied.status_code == 400 and "access-control-allow-origin" not in denied.headers
    # Errors from the guard still carry CORS headers, so a browser can read the 401.
    assert (
        unauthorized.status_code == 401
        and unauthorized.headers["access-control-allow-origin"] == allowed
    )


def test_no_cors_headers_without_configured_origins(settings: Settings) -> None:
    with make_client(settings) as client:
        response = client.get("/v1/frameworks", headers={"Origin": "https://bd-tools.example.com"})
    assert response.status_code == 200 and "access-control-allow-origin" not in response.headers


# Logs ----------------------------------------------------------------------------------------


def test_keys_never_reach_the_logs(settings: Settings, caplog: pytest.LogCaptureFixture) -> None:
    llm_key = "sk-llm-provider-secret-91ab"
    configured = settings.model_copy(
        update={"server": ServerSettings(api_keys=[KEY]), "llm": LLMSettings(api_key=llm_key)}
    )
    create_app(configured)
    log = logging.getLogger("advisor.test")
    with caplog.at_level(logging.INFO):
        log.info("request with key %s", KEY)
        log.warning("upstream said: %s", f"invalid key {llm_key}")
        log.info("header Authorization: Bearer sk-never-configured-123 was sent")
        log.info("plain message %d", 42)
    text = caplog.text
    assert KEY not in text and llm_key not in text and "sk-never-configured-123" not in text
    assert text.count("[REDACTED]") == 3
    assert "plain message 42" in text


def test_a_redis_url_without_the_driver_names_the_extra(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "redis.asyncio", None)  # as if not installed
    monkeypatch.delitem(sys.modules, "advisor.api.redis_limit", raising=False)
    with pytest.raises(MissingDependency) as caught:
        create_app(settings.model_copy(update={"redis_url": "redis://127.0.0.1:1/0"}))
    assert caught.value.message == (
        "redis is missing: install the redis extra: pip install -e '.[redis]'"
    )
