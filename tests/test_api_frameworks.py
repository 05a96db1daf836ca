"""The framework routes through the real ASGI app: list, describe, assess, 404, 422 naming the field, never a 500."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pytest
from fastapi.testclient import TestClient

from advisor.api.app import create_app
from advisor.config import ServerSettings, Settings
from advisor.corpus import corpus_texts
from advisor.frameworks import REGISTRY

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
JSON = {"content-type": "application/json"}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    # Garbage-body tests send hundreds of requests: lift the per-client rate limit out of the way.
    settings = Settings(
        data_dir=tmp_path_factory.mktemp("data"),
        corpus_dir=CORPUS,
        server=ServerSettings(rate_limit_per_minute=100_000),
    )
    with TestClient(create_app(settings), raise_server_exceptions=False) as test_client:
        yield test_client


def test_list_frameworks(client: TestClient) -> None:
    response = client.get("/v1/frameworks")
    assert response.status_code == 200
    listing = response.json()
    assert [item["id"] for item in listing] == list(REGISTRY)
    assert all(item["input_schema"]["properties"] and item["verdicts"] for item in listing)


def test_describe_framework_cites_every_rule_verbatim(client: TestClient) -> None:
    info = client.get("/v1/frameworks/phase_gate").json()
    assert info["id"] == "phase_gate"
    assert info["description"] == REGISTRY["phase_gate"].description
    assert set(info["input_schema"]["properties"]) == set(
        REGISTRY["phase_gate"].input_model.model_fields
    )
    texts = corpus_texts(CORPUS)
    assert len(info["rules"]) == len(REGISTRY["phase_gate"].rules)
    for rule in info["rules"]:
        source = rule["source"]
        assert texts[source["doc_id"]][source["start"] : source["end"]] == source["quote"]


@pytest.mark.parametrize(
    ("method", "path"), [("GET", "/v1/frameworks/nope"), ("POST", "/v1/assess/nope")]
)
def test_unknown_framework_is_404_listing_valid_ids(
    client: TestClient, method: str, path: str
) -> None:
    response = client.request(method, path, json={"phase": "crawl"})
    assert response.status_code == 404
    body = response.json()
    assert body["field"] == "framework"
    assert "partner_tier" in body["detail"]


def test_unknown_framework_is_404_before_the_body_shape_is_checked(client: TestClient) -> None:
    assert client.post("/v1/assess/nope", content=b"[1, 2]", headers=JSON).status_code == 404


def test_crawl_at_12_percent_is_no_go_with_the_next_step_and_follow_ups(client: TestClient) -> None:
    response = client.post(
        "/v1/assess/phase_gate", json={"phase": "crawl", "pilot_improvement_pct": 12}
    )
    assert response.status_code == 200
    verdict = response.json()
    assert verdict["verdict"] == "no_go"
    assert verdict["details"]["next_step"] == "end partnership, learn from failure"
    assert any(
        "End partnership, learn from failure" in line["source"]["quote"]
        for line in verdict["rationale"]
    )
    assert verdict["missing"] == ["would_recommend", "can_scale_integration"]
    assert len(verdict["follow_up_questions"]) == 2
    assert verdict["recommendations"]


@pytest.mark.parametrize("framework_id", list(REGISTRY))
def test_no_facts_asks_for_them(client: TestClient, framework_id: str) -> None:
    for request in ({"json": {}}, {"content": b""}, {"content": b"null", "headers": JSON}):
        verdict = client.post(f"/v1/assess/{framework_id}", **request).json()
        assert verdict["verdict"] == "insufficient_information"
        assert len(verdict["follow_up_questions"]) == len(verdict["missing"]) > 0


@pytest.mark.parametrize(
    ("framework", "body", "field"),
    [
        ("partner_tier", {"tier": 3}, "tier"),
        ("partner_tier", {"is_marquee_logo": "perhaps"}, "is_marquee_logo"),
        ("phase_gate", {"phase": "crawl", "pilot_improvement_pct": 101}, "pilot_improvement_pct"),
        ("phase_gate", {"adoption_pct": -5}, "adoption_pct"),
        ("phase_gate", {"phase": "sprint"}, "phase"),
        ("ecosystem_model", {"expected_partners": 10**30}, "expected_partners"),
        ("ecosystem_model", {"expected_partners": True}, "expected_partners"),
        ("ecosystem_model", {"expected_partners": 12.5}, "expected_partners"),
        ("ecosystem_model", {"expected_partners": "12"}, "expected_partners"),
        ("skin_in_the_game", {"executive_sponsorship": 0}, "executive_sponsorship"),
        ("leverage", {"leverage_types": ["requirement", 7]}, "leverage_types.1"),
        ("skin_in_the_game", {"our_commitment": ["none", "spend"]}, "our_commitment"),
        ("three_sided_value", {"value_for_us": ["x" * 5000]}, "value_for_us.0"),
        ("prechasm_risk", {"form": {"kind": "oem"}}, "form"),
    ],
)
def test_invalid_input_is_422_naming_the_field(
    client: TestClient, framework: str, body: dict, field: str
) -> None:
    response = client.post(f"/v1/assess/{framework}", json=body)
    assert response.status_code == 422
    assert response.json()["field"] == field
    assert repr(field) in response.json()["detail"]


GARBAGE = [
    b"[1, 2]",
    b'"text"',
    b"42",
    b"true",
    b"{",
    b"}{",
    b"\xff\xfe\x00",
    b"\x00",
    b"{'single': 'quotes'}",
    b'{"a": NaN}',
    b'{"pilot_improvement_pct": NaN}',
    b'{"pilot_improvement_pct": Infinity}',
    b'{"build_delays_roadmap_months": -Infinity}',
    b'{"expected_partners": 1e400}',
    b'{"expected_partners": ' + b"9" * 5000 + b"}",
    b'{"build_delays_roadmap_months": ' + b"9" * 400 + b"}",
    b'{"phase": null, "phase": ["crawl"]}',
    b'{"__proto__": {}}',
    b'{"": 1}',
    b'{"\\ud800": true}',
    b'{"our_commitment": "engineering"}',
    b'{"value_for_us": [[["deep"]]]}',
    b"[" * 50 + b"]" * 50,
]


@pytest.mark.parametrize("framework_id", list(REGISTRY))
def test_garbage_bodies_never_cause_a_500(client: TestClient, framework_id: str) -> None:
    for body in GARBAGE:
        response = client.post(f"/v1/assess/{framework_id}", content=body, headers=JSON)
        assert response.status_code in (200, 400, 422), (
            body[:60],
            response.status_code,
            response.text[:200],
        )
        if response.status_code == 422:
            assert response.json()["field"], body[:60]


def test_deeply_nested_body_is_not_a_500(client: TestClient) -> None:
    response = client.post("/v1/assess/partner_tier", content=b"[" * 20_000, headers=JSON)
    assert response.status_code < 500


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", None])
def test_non_json_bodies_are_422(client: TestClient, content_type: str | None) -> None:
    headers = {"content-type": content_type} if content_type else {}
    response = client.post(
        "/v1/assess/partner_tier", content=b"is_marquee_logo=true", headers=headers
    )
    assert response.status_code == 422
    assert response.json()["field"] == "body"


def test_openapi_documents_the_routes(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for framework_id in REGISTRY:
        assess = paths[f"/v1/assess/{framework_id}"]["post"]
        assert {"200", "404", "422"} <= set(assess["responses"])
        assert "deterministic verdict" in assess["description"]
    assert "/v1/frameworks/{framework}" in paths


def _body_schema(spec: dict, framework_id: str) -> dict:
    content = spec["paths"][f"/v1/assess/{framework_id}"]["post"]["requestBody"]["content"]
    return {**content["application/json"]["schema"], "components": spec["components"]}


@pytest.mark.parametrize("framework_id", list(REGISTRY))
def test_assess_accepts_exactly_the_fields_its_schema_allows(
    client: TestClient, framework_id: str
) -> None:
    """The spec once allowed any object while the route refused unknown fields: they now agree."""
    spec = client.get("/openapi.json").json()
    validator = jsonschema.Draft202012Validator(_body_schema(spec, framework_id))
    described = client.get(f"/v1/frameworks/{framework_id}").json()["input_schema"]
    every_field_null = dict.fromkeys(described["properties"])
    for body in ({}, every_field_null, {"padding": 1}, {**every_field_null, "extra": True}):
        allowed = validator.is_valid(body)
        status = client.post(f"/v1/assess/{framework_id}", json=body).status_code
        assert status == (200 if allowed else 422), (body, status)
    assert validator.is_valid(every_field_null) and not validator.is_valid({"padding": 1})


def test_a_whole_float_is_a_count_as_json_schema_says(client: TestClient) -> None:
    response = client.post("/v1/assess/ecosystem_model", json={"expected_partners": 60.0})
    assert response.status_code == 200
