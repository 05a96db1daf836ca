"""The HTTP doors of the advisor: /v1/ask, sessions, SSE, abstention, and the LLM mode with its fallbacks."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time

import httpx
import pytest
from fastapi.testclient import TestClient

from advisor.api.app import create_app
from advisor.config import LLMSettings, Settings
from advisor.corpus import corpus_texts
from advisor.frameworks import assess, get_framework
from advisor.question import MAX_QUESTION_CHARS
from advisor.service import AdvisorService
from tests.fakes import FakeChatModel
from tests.live_server import free_port, process
from tests.stub_openai import StubOpenAI, default_reply

DONE_WHEN = (
    "We're a seed-stage startup and Cisco offered an exclusive OEM deal where their sales force sells our "
    "product and we stop selling direct. Should we sign?"
)
ESSAY = "prechasm-tech-partnerships"


def parse_sse(text: str) -> list[tuple[str, dict]]:
    events = []
    for block in text.strip().split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.splitlines())
        events.append((fields["event"], json.loads(fields["data"])))
    return events


def verdict_of(answer: dict, framework: str) -> str | None:
    return next((v["verdict"] for v in answer["verdicts"] if v["framework"] == framework), None)


def assert_verbatim(answer: dict, settings: Settings) -> None:
    texts = corpus_texts(settings.corpus_dir)
    for c in answer["citations"]:
        assert texts[c["doc_id"]][c["start"] : c["end"]] == c["quote"]


@pytest.fixture(scope="module")
def client(index_settings: Settings):
    with TestClient(create_app(index_settings)) as c:
        yield c


@pytest.fixture(scope="module")
def baseline(client: TestClient) -> dict:
    """The extractive answer to the done-when question: what every LLM-mode answer's verdicts must equal."""
    return client.post("/v1/ask", json={"question": DONE_WHEN}).json()


def llm_client(settings: Settings, chat_model=None, **llm) -> TestClient:
    settings = settings.model_copy(
        update={"llm": LLMSettings(model=llm.pop("model", "fake"), **llm)}
    )
    app = create_app(settings)
    app.state.service = AdvisorService(settings, chat_model=chat_model)
    return TestClient(app)


def test_ask_done_when_question(baseline: dict, index_settings: Settings) -> None:
    assert verdict_of(baseline, "prechasm_risk") == "very_high_risk"
    assert (
        baseline["mode"] == "extractive"
        and not baseline["degraded"]
        and baseline["abstained"] is None
    )
    assert any(c["doc_id"] == ESSAY for c in baseline["citations"])
    assert_verbatim(baseline, index_settings)
    assert baseline["follow_up_questions"]
    assert any(
        f["framework"] == "prechasm_risk" and f["field"] == "our_stage" for f in baseline["facts"]
    )
    prov = baseline["provenance"]
    assert prov["scorer_version"] and len(prov["corpus_hash"]) == 16 and prov["model"] is None
    # Every [n] marker points at a citation.
    for i in range(1, len(baseline["citations"]) + 1):
        assert f"[{i}]" in baseline["answer"]


def test_out_of_scope_is_refused_politely(client: TestClient) -> None:
    answer = client.post(
        "/v1/ask", json={"question": "What's the weather in Paris tomorrow?"}
    ).json()
    assert answer["abstained"] == "out_of_scope"
    assert answer["citations"] == [] and answer["verdicts"] == [] and answer["facts"] == []
    assert "partnership" in answer["answer"]


def test_questions_the_sources_do_not_cover_abstain(client: TestClient) -> None:
    question = (
        "Which payroll provider handles partner employees' pension contributions in Portugal?"
    )
    answer = client.post("/v1/ask", json={"question": question}).json()
    assert answer["abstained"] == "not_in_corpus"
    assert answer["citations"] == [] and "don't cover" in answer["answer"]


def test_general_question_gets_cited_guidance(client: TestClient, index_settings: Settings) -> None:
    answer = client.post(
        "/v1/ask",
        json={
            "question": "What is the difference between a real partnership and co-marketing theater?"
        },
    ).json()
    assert answer["abstained"] is None and answer["citations"]
    assert_verbatim(answer, index_settings)


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"question": ""},
        {"question": "x" * (MAX_QUESTION_CHARS + 1)},
        {"question": "ok?", "extra": 1},
        {"question": "   "},
    ],
)
def test_bad_requests_get_422_naming_the_field(client: TestClient, body: dict) -> None:
    response = client.post("/v1/ask", json=body)
    assert response.status_code == 422
    assert response.json()["field"] in {"question", "extra"}


def test_two_turn_session_carries_facts(client: TestClient) -> None:
    created = client.post("/v1/sessions")
    assert created.status_code == 201
    sid = created.json()["session_id"]
    first = client.post(
        f"/v1/sessions/{sid}/messages", json={"question": "We're a seed-stage startup."}
    ).json()
    assert first["session_id"] == sid
    second = client.post(
        f"/v1/sessions/{sid}/messages", json={"question": "What about an OEM deal with Cisco?"}
    ).json()
    stage = [f for f in second["facts"] if f["field"] == "our_stage"]
    assert stage and stage[0]["value"] == "early" and stage[0]["turn"] == 0
    assert verdict_of(second, "prechasm_risk") in {"high_risk", "very_high_risk"}
    # Without the first turn, the same question can't know the stage.
    alone = client.post("/v1/ask", json={"question": "What about an OEM deal with Cisco?"}).json()
    assert not [f for f in alone["facts"] if f["field"] == "our_stage"]
    history = client.get(f"/v1/sessions/{sid}").json()
    assert [t["question"] for t in history["turns"]] == [
        "We're a seed-stage startup.",
        "What about an OEM deal with Cisco?",
    ]
    assert history["turns"][1]["answer"] == second


def test_a_follow_up_reply_is_bound_to_the_one_question_asked(client: TestClient) -> None:
    sid = client.post("/v1/sessions").json()["session_id"]
    first = client.post(
        f"/v1/sessions/{sid}/messages",
        json={"question": "Should we build our own billing integration or partner? It isn't core."},
    ).json()
    assert first["follow_up_questions"] == [
        "By how many months would building it yourselves delay your roadmap?"
    ]
    assert first["provenance"]["reader_version"].startswith("data:")
    second = client.post(
        f"/v1/sessions/{sid}/messages", json={"question": "about nine months"}
    ).json()
    delay = [f for f in second["facts"] if f["field"] == "build_delays_roadmap_months"]
    assert delay and delay[0]["value"] == 9 and delay[0]["turn"] == 1
    assert verdict_of(second, "build_vs_partner") == "partner"


def test_ask_accepts_a_session_id(client: TestClient) -> None:
    sid = client.post("/v1/sessions").json()["session_id"]
    client.post("/v1/ask", json={"question": "We are a seed stage startup.", "session_id": sid})
    assert len(client.get(f"/v1/sessions/{sid}").json()["turns"]) == 1


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/v1/sessions/nope"),
        ("POST", "/v1/sessions/nope/messages"),
        ("POST", "/v1/sessions/nope/messages:stream"),
    ],
)
def test_unknown_session_is_404(client: TestClient, method: str, path: str) -> None:
    response = client.request(method, path, json={"question": "Should we partner?"})
    assert response.status_code == 404 and "unknown session" in response.json()["detail"]
    response = client.post("/v1/ask", json={"question": "Should we partner?", "session_id": "nope"})
    assert response.status_code == 404


def test_sse_events_arrive_in_order_and_end_with_the_answer(client: TestClient) -> None:
    sid = client.post("/v1/sessions").json()["session_id"]
    with client.stream(
        "POST", f"/v1/sessions/{sid}/messages:stream", json={"question": DONE_WHEN}
    ) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        events = parse_sse(response.read().decode())
    kinds = [kind for kind, _ in events]
    assert kinds[:3] == ["facts", "verdicts", "citations"] and kinds[-1] == "done"
    assert set(kinds[3:-1]) == {"token"} and len(kinds) > 5
    done = events[-1][1]
    assert "".join(data["text"] for kind, data in events if kind == "token") == done["answer"]
    assert (
        events[1][1]["verdicts"] == done["verdicts"]
        and events[2][1]["citations"] == done["citations"]
    )
    assert verdict_of(done, "prechasm_risk") == "very_high_risk"
    assert client.get(f"/v1/sessions/{sid}").json()["turns"][0]["answer"] == done


# LLM mode --------------------------------------------------------------------------------------------
def test_llm_mode_answers_with_checked_citations(index_settings: Settings, baseline: dict) -> None:
    model = FakeChatModel()
    with llm_client(index_settings, model) as c:
        answer = c.post("/v1/ask", json={"question": DONE_WHEN}).json()
    assert answer["mode"] == "llm" and not answer["degraded"]
    assert answer["provenance"]["prompt_version"] == "system.v1+answer.v1+repair.v1"
    assert answer["provenance"]["model"] == "fake"
    assert answer["citations"] and answer["verdicts"] == baseline["verdicts"]
    assert_verbatim(answer, index_settings)
    assert any(DONE_WHEN in p for p in model.prompts)


@pytest.mark.parametrize("mode", ["slow-timeout", "http500", "hang", "invalid-json"])
def test_llm_faults_degrade_to_the_extractive_answer(
    index_settings: Settings, baseline: dict, mode: str
) -> None:
    with (
        StubOpenAI(mode, delay_s=5) as stub,
        llm_client(index_settings, model="stub", base_url=stub.url, timeout_s=1) as c,
    ):
        c.app.state.service.retriever.search(
            DONE_WHEN
        )  # open the index first: only the LLM step is timed
        started = time.monotonic()
        response = c.post("/v1/ask", json={"question": DONE_WHEN})
        elapsed = time.monotonic() - started
        assert stub.requests, "the request must have reached the stub"
    answer = response.json()
    assert response.status_code == 200 and elapsed < 1.5
    assert answer["degraded"] and answer["degraded_reason"] and answer["mode"] == "extractive"
    assert (
        answer["verdicts"] == baseline["verdicts"] and answer["citations"] == baseline["citations"]
    )


def test_llm_mode_through_the_stub_server(index_settings: Settings, baseline: dict) -> None:
    with (
        StubOpenAI("ok") as stub,
        llm_client(index_settings, model="stub", base_url=stub.url, timeout_s=5) as c,
    ):
        answer = c.post("/v1/ask", json={"question": DONE_WHEN}).json()
    assert (
        answer["mode"] == "llm"
        and answer["citations"]
        and answer["verdicts"] == baseline["verdicts"]
    )
    assert_verbatim(answer, index_settings)


def test_llm_mode_reads_what_the_patterns_missed_and_the_scorers_decide(
    index_settings: Settings,
) -> None:
    """The model's structured reading fills the facts the patterns left unknown, never overrides them."""
    prechasm = get_framework("prechasm_risk")
    question = "We're a seed-stage startup and Cisco wants to OEM our product."

    def reply(messages: list[dict]) -> str:
        if f"Framework: {prechasm.title}." in messages[0]["content"]:
            return json.dumps({"non_exclusive": False, "our_stage": "mature"})
        return default_reply(messages)

    with TestClient(create_app(index_settings)) as c:
        extractive = c.post("/v1/ask", json={"question": question}).json()
    with (
        StubOpenAI("ok", replies=[reply] * 20) as stub,
        llm_client(index_settings, model="stub", base_url=stub.url, timeout_s=5) as c,
    ):
        answer = c.post("/v1/ask", json={"question": question}).json()
        assert any("response_format" in r for r in stub.requests)
    read = {f["field"]: f["value"] for f in answer["facts"] if f["framework"] == "prechasm_risk"}
    assert read["non_exclusive"] is False  # the gap the model filled
    assert read["our_stage"] == "early"  # the patterns' reading stands against the model's
    assert verdict_of(answer, "prechasm_risk") == assess("prechasm_risk", read).verdict
    assert verdict_of(answer, "prechasm_risk") != verdict_of(extractive, "prechasm_risk")
    assert answer["mode"] == "llm" and not answer["degraded"]


# A real server, read with curl -N ----------------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_sse_with_curl_against_advisor_serve(index_settings: Settings) -> None:
    port = free_port()
    env = {
        "ADVISOR_DATA_DIR": str(index_settings.data_dir),
        "ADVISOR_CORPUS_DIR": str(index_settings.corpus_dir),
    }
    base = f"http://127.0.0.1:{port}"
    args = [
        sys.executable,
        "-c",
        "from advisor.cli import app; app()",
        "serve",
        "--port",
        str(port),
    ]
    with process(args, f"{base}/healthz", env):
        sid = httpx.post(f"{base}/v1/sessions").json()["session_id"]
        out = subprocess.run(
            [
                "curl",
                "-sN",
                "-X",
                "POST",
                f"{base}/v1/sessions/{sid}/messages:stream",
                "-H",
                "Content-Type: application/json",
                "-d",
                json.dumps({"question": DONE_WHEN}),
            ],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        ).stdout
    events = parse_sse(out)
    assert [k for k, _ in events][:3] == ["facts", "verdicts", "citations"] and events[-1][
        0
    ] == "done"
    assert verdict_of(events[-1][1], "prechasm_risk") == "very_high_risk"
