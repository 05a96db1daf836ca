"""The LLM hangs: every request through every door still answers within the deadline + 0.5 s, degraded."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from advisor.api.app import create_app
from advisor.config import LLMSettings, Settings
from advisor.service import AdvisorService
from tests.live_server import threaded_server, uvicorn_workers
from tests.stub_openai import StubOpenAI

pytestmark = pytest.mark.slow

DEADLINE_S = 1.0
SLACK_S = 0.5
QUESTION = "A big vendor offered us an exclusive OEM deal. Should we sign?"


@pytest.fixture
def hanging_server(index_settings: Settings) -> Iterator[tuple[str, StubOpenAI]]:
    """A live advisor in this process whose LLM is a real OpenAI-compatible server that never answers."""
    with StubOpenAI(mode="ok") as stub:
        llm = LLMSettings(model="stub", base_url=stub.url, timeout_s=DEADLINE_S)
        settings = index_settings.model_copy(update={"llm": llm})
        service = AdvisorService(settings)
        # One answer first: opening the index and the LLM client is not what is timed here,
        # and its outcome does not count towards the breaker.
        service.ask(QUESTION)
        service.llm.breaker.record_success()
        stub.mode = "hang"
        stub.requests.clear()
        app = create_app(settings)
        app.state.service = service
        with threaded_server(app) as url:
            yield url, stub
        service.close()


def ask(http: httpx.Client) -> dict:
    return http.post("/v1/ask", json={"question": QUESTION}).raise_for_status().json()


def session_message(http: httpx.Client) -> dict:
    session = http.post("/v1/sessions").raise_for_status().json()["session_id"]
    return (
        http.post(f"/v1/sessions/{session}/messages", json={"question": QUESTION})
        .raise_for_status()
        .json()
    )


def session_stream(http: httpx.Client) -> dict:
    session = http.post("/v1/sessions").raise_for_status().json()["session_id"]
    response = http.post(
        f"/v1/sessions/{session}/messages:stream", json={"question": QUESTION}
    ).raise_for_status()
    done = response.text.split("event: done\ndata: ", 1)[1]
    return json.loads(done.split("\n", 1)[0])


def chat(http: httpx.Client) -> dict:
    body = {"model": "partnership-advisor", "messages": [{"role": "user", "content": QUESTION}]}
    return http.post("/v1/chat/completions", json=body).raise_for_status().json()["advisor"]


def chat_stream(http: httpx.Client) -> dict:
    body = {
        "model": "partnership-advisor",
        "messages": [{"role": "user", "content": QUESTION}],
        "stream": True,
    }
    lines = http.post("/v1/chat/completions", json=body).raise_for_status().text.splitlines()
    chunks = [json.loads(line[6:]) for line in lines if line.startswith("data: {")]
    return chunks[-1]["advisor"]


DOORS: list[Callable[[httpx.Client], dict]] = [
    ask,
    session_message,
    session_stream,
    chat,
    chat_stream,
]


def timed(url: str, door: Callable[[httpx.Client], dict]) -> tuple[float, dict]:
    with httpx.Client(base_url=url, timeout=30) as http:
        start = time.monotonic()
        answer = door(http)
        return time.monotonic() - start, answer


def test_concurrent_requests_meet_the_deadline_while_the_llm_hangs(
    index_settings: Settings,
) -> None:
    """One request per door at once, against the server in its own process; the breaker is kept shut,
    so every request waits on the hung LLM."""
    with StubOpenAI(mode="ok") as stub:
        env = {
            "ADVISOR_DATA_DIR": str(index_settings.data_dir),
            "ADVISOR_CORPUS_DIR": str(index_settings.corpus_dir),
            "ADVISOR_LLM__MODEL": "stub",
            "ADVISOR_LLM__BASE_URL": stub.url,
            "ADVISOR_LLM__TIMEOUT_S": str(DEADLINE_S),
            "ADVISOR_LLM__BREAKER_FAILURES": "1000",
        }
        with uvicorn_workers(env, workers=1) as (url, _):
            timed(url, ask)  # opening the index and the LLM client is not what is timed here
            stub.mode = "hang"
            stub.requests.clear()
            with ThreadPoolExecutor(max_workers=len(DOORS)) as pool:
                results = list(pool.map(lambda door: timed(url, door), DOORS))
        calls = len(stub.requests)
    slow = [
        (door.__name__, round(s, 2))
        for door, (s, _) in zip(DOORS, results, strict=True)
        if s > DEADLINE_S + SLACK_S
    ]
    assert not slow, f"over {DEADLINE_S + SLACK_S}s: {slow}"
    for _, answer in results:
        assert answer["degraded"] is True and answer["degraded_reason"].startswith("timeout")
        assert answer["verdicts"] and answer["citations"], (
            "the extractive fallback still answers with citations"
        )
    assert calls >= len(DOORS), "each request really reached the hung LLM"


def test_sequential_requests_meet_the_deadline_and_the_breaker_opens(
    hanging_server: tuple[str, StubOpenAI],
) -> None:
    url, stub = hanging_server
    results, calls = [], []
    for door in DOORS * 2:
        results.append(timed(url, door))
        calls.append(len(stub.requests))
    assert all(seconds <= DEADLINE_S + SLACK_S for seconds, _ in results), [
        round(s, 2) for s, _ in results
    ]
    assert all(answer["degraded"] and answer["citations"] for _, answer in results)
    reasons = [answer["degraded_reason"] for _, answer in results]
    first_open = next(i for i, r in enumerate(reasons) if r.startswith("circuit_open"))
    # Each hung answer is at least one failure, so the breaker opens within 5 answers and stays open.
    assert 1 <= first_open <= 5 and all(r.startswith("timeout") for r in reasons[:first_open]), (
        reasons
    )
    assert all(r.startswith("circuit_open") for r in reasons[first_open:]), reasons
    assert calls[first_open:] == [5] * (len(calls) - first_open), (
        "open after 5 failed calls; none after that"
    )
