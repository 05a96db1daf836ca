"""Holes a red-team pass found in the HTTP doors, each closed: every test here failed before its fix."""

from __future__ import annotations

import io
import logging
import time
from urllib.parse import quote

import httpx
import pytest
from fastapi.testclient import TestClient
from uvicorn.logging import AccessFormatter

from advisor.api.app import create_app
from advisor.api.security import proxy_options
from advisor.config import ServerSettings, SessionSettings, Settings
from advisor.service import AdvisorService
from tests.live_server import threaded_server

KEY = "sk-test-alpha-4f1c9a"
IN_SCOPE = "Should we sign an exclusive OEM deal with a much larger vendor as a seed-stage startup?"
OUT_OF_SCOPE = "What's a good recipe for banana bread?"


def make_client(settings: Settings, **server: object) -> TestClient:
    merged = settings.server.model_copy(update=server)
    return TestClient(create_app(settings.model_copy(update={"server": merged})))


# Unicode ---------------------------------------------------------------------------------------

LONE_SURROGATES = [
    (
        "/v1/chat/completions",
        b'{"messages": [{"role": "user", "content": "Sign the OEM \\ud800?"}]}',
    ),
    (
        "/v1/chat/completions",
        b'{"messages": [{"role": "user", "content": [{"type": "text", "text": "OEM \\udfff"}]}]}',
    ),
    (
        "/v1/chat/completions",
        b'{"stream": true, "messages": [{"role": "user", "content": "OEM deal \\ud83d"}]}',
    ),
    (
        "/v1/chat/completions",
        b'{"model": "\\udc00", "messages": [{"role": "user", "content": "x"}]}',
    ),
    ("/v1/ask", b'{"question": "Should we sign \\ud800 an OEM deal?"}'),
]


@pytest.mark.parametrize(("path", "body"), LONE_SURROGATES)
def test_a_lone_surrogate_is_a_422_not_a_500(settings: Settings, path: str, body: bytes) -> None:
    with make_client(settings) as client:
        response = client.post(path, content=body, headers={"content-type": "application/json"})
    assert response.status_code == 422, response.text[:300]
    assert response.json()["error"] == "InvalidInput" and response.json()["field"] == "body"
    assert "surrogate" in response.json()["detail"]


def test_a_surrogate_pair_is_ordinary_text(settings: Settings) -> None:
    body = b'{"messages": [{"role": "user", "content": "\\ud83d\\ude00 banana bread?"}]}'
    with make_client(settings) as client:
        response = client.post(
            "/v1/chat/completions", content=body, headers={"content-type": "application/json"}
        )
    assert response.status_code == 200
    assert response.json()["advisor"]["question"].startswith("\N{GRINNING FACE}")


# Any spelling of JSON -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content_type",
    ["Application/JSON", "application/json; charset=utf-8", "APPLICATION/JSON ;charset=UTF-8"],
)
def test_json_checks_hold_for_any_spelling_of_json(settings: Settings, content_type: str) -> None:
    """FastAPI reads each of these as JSON, so the guard must too (it once matched `json` only)."""
    body = b'{"question": "Should we sign \\ud800 an OEM deal?"}'
    with make_client(settings) as client:
        response = client.post("/v1/ask", content=body, headers={"content-type": content_type})
    assert response.status_code == 422 and response.json()["field"] == "body"
    assert "surrogate" in response.json()["detail"]


# Logs ------------------------------------------------------------------------------------------


def test_keys_in_access_log_urls_are_redacted_encoded_or_not(settings: Settings) -> None:
    """uvicorn's access formatter unpacks the record's five args: redaction must keep them."""
    create_app(settings.model_copy(update={"server": ServerSettings(api_keys=[KEY])}))
    out, failures = io.StringIO(), []
    handler = logging.StreamHandler(out)
    handler.setFormatter(AccessFormatter('%(client_addr)s - "%(request_line)s" %(status_code)s'))
    handler.handleError = failures.append  # type: ignore[method-assign]
    log = logging.getLogger("advisor.test.access")
    log.addHandler(handler)
    log.propagate = False
    log.setLevel(logging.INFO)
    every_char = "".join(f"%{b:02X}" for b in KEY.encode())
    try:
        for key_in_url in (KEY, quote(KEY, safe=""), every_char, quote(every_char, safe="")):
            path = f"/v1/frameworks?api_key={key_in_url}&x=1"
            log.info('%s - "%s %s HTTP/%s" %d', "127.0.0.1:51000", "GET", path, "1.1", 200)
    finally:
        log.removeHandler(handler)
    text = out.getvalue()
    assert failures == [], "the formatter crashed on a redacted record"
    assert text.count("[REDACTED]") == 4 and text.count('"GET /v1/frameworks?api_key=') == 4
    assert KEY not in text and "%2D" not in text.upper() and "%73" not in text


# Rate limits -----------------------------------------------------------------------------------


def test_wrong_keys_are_rate_limited_too(settings: Settings) -> None:
    with make_client(settings, api_keys=[KEY], rate_limit_per_minute=3) as client:
        guesses = [
            client.get("/v1/frameworks", headers={"Authorization": f"Bearer sk-guess-{i}"})
            for i in range(5)
        ]
        right = client.get("/v1/frameworks", headers={"Authorization": f"Bearer {KEY}"})
    assert [r.status_code for r in guesses] == [401, 401, 401, 429, 429]
    assert guesses[-1].headers["retry-after"]
    assert right.status_code == 200, "a known key has its own budget"


def _statuses_with_forwarded_for(app: object, **options: object) -> list[int]:
    with threaded_server(app, **options) as url, httpx.Client(base_url=url) as http:
        return [
            http.get("/v1/frameworks", headers={"X-Forwarded-For": f"203.0.113.{i}"}).status_code
            for i in range(5)
        ]


@pytest.mark.slow
def test_a_direct_client_cant_pick_its_identity_with_x_forwarded_for(settings: Settings) -> None:
    direct = settings.server.model_copy(update={"rate_limit_per_minute": 3})
    app = create_app(settings.model_copy(update={"server": direct}))
    assert _statuses_with_forwarded_for(app, **proxy_options(direct)) == [200, 200, 200, 429, 429]
    proxied = direct.model_copy(update={"trusted_proxies": ["127.0.0.1"]})
    app = create_app(settings.model_copy(update={"server": proxied}))
    # Behind a trusted proxy each forwarded client has its own budget.
    assert _statuses_with_forwarded_for(app, **proxy_options(proxied)) == [200] * 5


# Sessions --------------------------------------------------------------------------------------


def test_sessions_have_a_turn_cap_and_pages(settings: Settings) -> None:
    capped = settings.model_copy(update={"sessions": SessionSettings(max_turns=3)})
    with TestClient(create_app(capped)) as client:
        sid = client.post("/v1/sessions").json()["session_id"]
        asked = [
            client.post(f"/v1/sessions/{sid}/messages", json={"question": f"{OUT_OF_SCOPE} {i}"})
            for i in range(4)
        ]
        page = client.get(f"/v1/sessions/{sid}", params={"offset": 1, "limit": 1}).json()
        everything = client.get(f"/v1/sessions/{sid}").json()
        too_far = client.get(f"/v1/sessions/{sid}", params={"limit": 10_000})
    assert [r.status_code for r in asked] == [200, 200, 200, 409]
    assert asked[-1].json()["error"] == "SessionFull" and "3 turns" in asked[-1].json()["detail"]
    assert page["turn_count"] == 3 and [t["index"] for t in page["turns"]] == [1]
    assert [t["index"] for t in everything["turns"]] == [0, 1, 2]
    assert too_far.status_code == 422 and too_far.json()["field"] == "query.limit"


def test_a_stream_dropped_after_its_verdicts_still_stores_the_turn(
    index_settings: Settings,
) -> None:
    service = AdvisorService(index_settings)
    sid = service.create_session().session_id
    events = service.stream(IN_SCOPE, session_id=sid)
    kinds = []
    for kind, _ in events:
        kinds.append(kind)
        if kind == "verdicts":
            break
    events.close()  # what the server does when the client goes away
    assert kinds == ["facts", "verdicts"]
    deadline = time.monotonic() + 60
    while service.get_session(sid).turn_count == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    turns = service.get_session(sid).turns
    assert [t.question for t in turns] == [IN_SCOPE]
    assert turns[0].answer.answer and turns[0].answer.verdicts
    assert turns[0].answer == service.ask(IN_SCOPE).model_copy(update={"session_id": sid})


# Passages --------------------------------------------------------------------------------------


def test_passage_start_after_end_says_so(settings: Settings) -> None:
    with make_client(settings) as client:
        doc_id = client.get("/v1/frameworks").json()[0]["rules"][0]["source"]["doc_id"]
        response = client.get(f"/v1/documents/{doc_id}/passage", params={"start": 30, "end": 10})
    assert response.status_code == 422 and response.json()["field"] == "start"
    assert "start 30 must be less than end 10" in response.json()["detail"]


@pytest.mark.slow
def test_a_client_leaving_a_real_stream_after_its_verdicts_still_gets_its_turn_stored(
    index_settings: Settings,
) -> None:
    with threaded_server(create_app(index_settings)) as url, httpx.Client(base_url=url) as http:
        sid = http.post("/v1/sessions").json()["session_id"]
        path = f"/v1/sessions/{sid}/messages:stream"
        with http.stream("POST", path, json={"question": IN_SCOPE}) as response:
            for line in response.iter_lines():
                if line == "event: verdicts":
                    break  # leaving the block closes the connection mid-stream
        deadline = time.monotonic() + 60
        while http.get(f"/v1/sessions/{sid}").json()["turn_count"] == 0:
            assert time.monotonic() < deadline, "the turn was never stored"
            time.sleep(0.1)
        turn = http.get(f"/v1/sessions/{sid}").json()["turns"][0]
    assert turn["question"] == IN_SCOPE and turn["answer"]["answer"] and turn["answer"]["verdicts"]
