"""A body that can't be read gets 400 saying what is wrong and where: bad JSON, bad UTF-8, deep nesting."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from advisor.api.app import create_app
from advisor.config import Settings

JSON = {"Content-Type": "application/json"}


@pytest.fixture
def client(settings: Settings):
    with TestClient(create_app(settings)) as client:
        yield client


def test_malformed_json_names_the_problem_with_its_line_and_column(client: TestClient) -> None:
    body = '{\n  "question": "Should we partner?",\n  "session_id": \n}'
    response = client.post("/v1/ask", content=body, headers=JSON)
    assert response.status_code == 400
    assert response.json() == {
        "error": "InvalidJSON",
        "detail": "the body is not valid JSON: Expecting value at line 4, column 1",
        "field": "body",
    }


def test_invalid_utf8_is_named_with_the_offending_byte(client: TestClient) -> None:
    response = client.post("/v1/ask", content=b'{"question": "caf\xe9?"}', headers=JSON)
    assert response.status_code == 400
    assert response.json()["detail"] == (
        "the body is not valid UTF-8: byte 0xe9 at byte 17; send JSON encoded as UTF-8"
    )


def test_deeply_nested_json_gets_a_clear_message(client: TestClient) -> None:
    depth = 20_000
    response = client.post("/v1/ask", content="[" * depth + "]" * depth, headers=JSON)
    assert response.status_code == 400
    assert "nests JSON arrays or objects too deeply" in response.json()["detail"]


def test_other_http_errors_keep_their_own_reply(client: TestClient) -> None:
    response = client.get("/no-such-page")
    assert response.status_code == 404 and response.json() == {"detail": "Not Found"}
