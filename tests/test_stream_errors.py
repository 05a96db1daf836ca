"""A failure part-way through an answer reaches the reader as a message, on every door, never as a cut stream."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from advisor.api.app import create_app
from advisor.config import Settings
from advisor.service import AdvisorService
from tests.test_ask_api import DONE_WHEN, parse_sse


class BrokenRetriever:
    """Fails the way a missing dependency did: on the first search, after the status line went out."""

    def search(self, *args: object, **kwargs: object) -> list:
        raise ModuleNotFoundError("No module named 'Stemmer'", name="Stemmer")


@pytest.fixture
def client(settings: Settings):
    app = create_app(settings)
    app.state.service = AdvisorService(settings, retriever=BrokenRetriever())
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def test_the_event_stream_ends_with_an_error_event_saying_what_to_do(client: TestClient) -> None:
    sid = client.post("/v1/sessions").json()["session_id"]
    response = client.post(f"/v1/sessions/{sid}/messages:stream", json={"question": DONE_WHEN})
    assert response.status_code == 200
    events = parse_sse(response.text)
    assert [kind for kind, _ in events][-1:] == ["error"]
    assert "done" not in [kind for kind, _ in events]
    error = events[-1][1]
    assert error["error"] == "InternalError"
    assert "ModuleNotFoundError" in error["detail"] and "server log" in error["detail"]
    assert "Stemmer" not in error["detail"], "the internals stay in the server log"


def test_the_openai_stream_ends_with_an_error_chunk_and_done(client: TestClient) -> None:
    response = client.post(
        "/v1/chat/completions",
        json={"stream": True, "messages": [{"role": "user", "content": DONE_WHEN}]},
    )
    assert response.status_code == 200
    data = [line[6:] for line in response.text.splitlines() if line.startswith("data: ")]
    assert data[-1] == "[DONE]"
    error = json.loads(data[-2])["error"]
    assert error["type"] == "InternalError" and error["code"] == 500
    assert "server log" in error["message"]


def test_a_plain_request_gets_a_json_500_with_the_same_message(client: TestClient) -> None:
    response = client.post("/v1/ask", json={"question": DONE_WHEN})
    assert response.status_code == 500
    assert response.json()["error"] == "InternalError"
    assert "server log" in response.json()["detail"]
