"""One rule for what a question may be: the schemas, the service, the CLI and the page agree."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

import pytest
from fastapi.testclient import TestClient
from pydantic import Field, TypeAdapter, ValidationError
from typer.testing import CliRunner

from advisor.api.app import create_app
from advisor.cli import app
from advisor.config import Settings
from advisor.errors import InvalidInput
from advisor.question import MAX_QUESTION_CHARS, WHITESPACE, clean_question

REPO = Path(__file__).resolve().parent.parent
# Every Python whitespace character, the ones JavaScript's \s adds (U+FEFF), and real text.
CANDIDATES = [chr(c) for c in range(0x3001) if chr(c).isspace()] + ["\ufeff", "\x1c ok", "a"]


def _service_accepts(text: str) -> bool:
    try:
        clean_question(text)
    except InvalidInput:
        return False
    return True


def _pattern_accepts(pattern: str, text: str) -> bool:
    """How a non-Python JSON Schema validator reads the pattern: pydantic's Rust regex engine."""
    try:
        TypeAdapter(Annotated[str, Field(pattern=pattern)]).validate_python(text)
    except ValidationError:
        return False
    return True


def test_whitespace_is_exactly_what_str_strip_removes() -> None:
    listed = set(re.findall(f"[{WHITESPACE}]", "".join(map(chr, range(0x110000)))))
    assert listed == {chr(c) for c in range(0x110000) if chr(c).isspace()}


@pytest.fixture
def spec(settings: Settings) -> dict:
    with TestClient(create_app(settings)) as client:
        return client.get("/openapi.json").json()


def test_the_published_schema_and_the_service_agree_on_blank_questions(spec: dict) -> None:
    question = spec["components"]["schemas"]["MessageRequest"]["properties"]["question"]
    for text in CANDIDATES:
        service = _service_accepts(text)
        assert _pattern_accepts(question["pattern"], text) == service, repr(text)
        assert (re.search(question["pattern"], text) is not None) == service, repr(text)


def test_a_control_character_alone_is_blank_for_schema_and_route_alike(settings: Settings) -> None:
    # Found by the fuzzer: the schema's \S (ECMAScript, Rust) accepted "\x1c"; Python's strip() removed it.
    with TestClient(create_app(settings)) as client:
        sid = client.post("/v1/sessions").json()["session_id"]
        for path in (f"/v1/sessions/{sid}/messages", f"/v1/sessions/{sid}/messages:stream"):
            response = client.post(path, json={"question": "\u001c"})
            assert response.status_code == 422 and response.json()["field"] == "question", path
    with pytest.raises(ValidationError):
        from advisor.api.ask import MessageRequest

        MessageRequest(question="\u001c")


def test_one_length_limit_in_the_schema_the_service_and_the_page(spec: dict) -> None:
    for name in ("AskRequest", "MessageRequest"):
        assert spec["components"]["schemas"][name]["properties"]["question"]["maxLength"] == (
            MAX_QUESTION_CHARS
        )
    assert clean_question("x" * MAX_QUESTION_CHARS)
    with pytest.raises(InvalidInput, match=f"the limit is {MAX_QUESTION_CHARS}"):
        clean_question("x" * (MAX_QUESTION_CHARS + 1))
    page = (REPO / "advisor" / "web" / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'maxlength="(\d+)"', page) == [str(MAX_QUESTION_CHARS)]


def test_the_openai_door_names_the_message_over_the_limit(settings: Settings) -> None:
    long = "partner " * (MAX_QUESTION_CHARS // 8 + 1)
    with TestClient(create_app(settings)) as client:
        plain = client.post(
            "/v1/chat/completions", json={"messages": [{"role": "user", "content": long}]}
        )
        parts = client.post(
            "/v1/chat/completions",
            json={"messages": [{"role": "user", "content": [{"type": "text", "text": long}]}]},
        )
    for response in (plain, parts):
        assert response.status_code == 422 and response.json()["field"] == "messages.0.content"
        assert f"the limit is {MAX_QUESTION_CHARS}" in response.json()["detail"]


def test_the_cli_refuses_a_long_question_before_touching_the_index(tmp_path: Path) -> None:
    data = tmp_path / "data"
    result = CliRunner().invoke(
        app, ["ask", "x" * (MAX_QUESTION_CHARS + 1)], env={"ADVISOR_DATA_DIR": str(data)}
    )
    assert result.exit_code == 2
    assert f"the limit is {MAX_QUESTION_CHARS}" in result.output
    assert not data.exists(), "no index was built for a question that is refused"
