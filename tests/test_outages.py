"""Outages and misconfiguration get the one error body, never a traceback; health and readiness tell the truth;
the LLM deadline counts from a request's arrival and health never waits behind questions."""

from __future__ import annotations

import gc
import json
import logging
import shutil
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import anyio.to_thread
import httpx
import pytest
from fastapi.testclient import TestClient

from advisor import compose
from advisor import service as service_module
from advisor.api.app import create_app
from advisor.api.lifespan import OTHER_ROUTE_THREADS
from advisor.config import LLMSettings, Settings
from advisor.errors import StoreUnavailable
from advisor.ingest import ingest
from advisor.retrieval import Retriever
from advisor.service import AdvisorService
from advisor.store import ChunkCatalog
from tests.conftest import CORPUS
from tests.fake_embeddings import FakeEmbeddings
from tests.fakes import FakeChatModel, MemoryStore
from tests.live_server import threaded_server

QUESTION = "Should a seed-stage startup sign an exclusive OEM deal with a big vendor?"


@pytest.fixture
def memory_index(tmp_path: Path) -> tuple[Settings, MemoryStore, Retriever]:
    """An index whose vectors live in an in-memory store a test can take down."""
    shutil.copytree(CORPUS, tmp_path / "corpus")
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=tmp_path / "corpus")
    store, fake = MemoryStore(), FakeEmbeddings()
    ingest(settings, embeddings=fake, store=store)
    return settings, store, Retriever(settings, fake, store, ChunkCatalog(settings))


def test_an_index_without_the_document_defining_a_framework_still_answers(
    tmp_path: Path,
) -> None:
    """The index was built from other documents than the corpus the service reads (a user's own
    folder without the playbook): the framework's verdict still comes, with what the index has."""
    mine = tmp_path / "mine"
    shutil.copytree(CORPUS, mine, ignore=shutil.ignore_patterns("*partnership-architecture*"))
    built = Settings(data_dir=tmp_path / "data", corpus_dir=mine)
    store, fake = MemoryStore(), FakeEmbeddings()
    ingest(built, embeddings=fake, store=store)
    settings = built.model_copy(update={"corpus_dir": CORPUS})
    retriever = Retriever(settings, fake, store, ChunkCatalog(settings))
    answer = AdvisorService(settings, retriever=retriever).ask(
        "Is it a real partnership if neither side commits money or engineers?"
    )
    assert "skin_in_the_game" in {v.framework for v in answer.verdicts}
    assert answer.citations and all(
        c.doc_id != "partnership-architecture" for c in answer.citations
    )


def client_for(service: AdvisorService) -> TestClient:
    app = create_app(service.settings)
    app.state.service = service
    return TestClient(app, raise_server_exceptions=False)


def test_readyz_reports_the_index_and_the_store(
    memory_index: tuple[Settings, MemoryStore, Retriever], tmp_path: Path
) -> None:
    with TestClient(create_app(Settings(data_dir=tmp_path / "empty"))) as client:
        empty = client.get("/readyz")
        assert empty.status_code == 503 and empty.json()["status"] == "not_ready"
        assert client.get("/healthz").json()["status"] == "ok"
    settings, store, retriever = memory_index
    with client_for(AdvisorService(settings, retriever=retriever)) as client:
        ready = client.get("/readyz").json()
        assert ready["status"] == "ready" and ready["vectors"] == ready["chunks"] > 50
        store.down = True
        away = client.get("/readyz")
        assert away.status_code == 200 and away.json()["status"] == "degraded"
        assert away.json()["vector_store"] == "unavailable"
        answer = client.post("/v1/ask", json={"question": QUESTION}).json()
        assert (
            answer["degraded_reason"].startswith("vector_store_unavailable") and answer["citations"]
        )
        store.down = False
        store.delete(sorted(store.ids())[:3])  # vectors missing: what an interrupted ingest leaves
        assert client.get("/readyz").json()["status"] == "degraded"


class StoreAway:
    """A retriever whose store is unreachable and that cannot fall back (dense search only)."""

    def search(self, *args: Any, **kwargs: Any) -> list:
        raise StoreUnavailable("the vector store is unreachable (ConnectError)", retry_after_s=3)


def test_a_store_outage_is_a_503_with_retry_after_on_every_door(
    index_settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    service = AdvisorService(index_settings, retriever=StoreAway())
    with client_for(service) as client, caplog.at_level(logging.WARNING, "advisor.api"):
        reply = client.post("/v1/ask", json={"question": QUESTION})
        assert reply.status_code == 503 and reply.headers["retry-after"] == "3"
        assert reply.json() == {
            "error": "StoreUnavailable",
            "detail": "the vector store is unreachable (ConnectError)",
            "field": None,
        }
        session = client.post("/v1/sessions").json()["session_id"]
        stream = client.post(f"/v1/sessions/{session}/messages:stream", json={"question": QUESTION})
        assert stream.text.rstrip().split("\n\n")[-1].startswith("event: error")
        body = {"messages": [{"role": "user", "content": QUESTION}], "stream": True}
        chat = client.post("/v1/chat/completions", json=body).text.rstrip().split("\n\n")
        assert chat[-1] == "data: [DONE]" and '"StoreUnavailable"' in chat[-2]
    assert len([r for r in caplog.records if r.name == "advisor.api"]) == 1, "one line per failure"


class Broken:
    def search(self, *args: Any, **kwargs: Any) -> list:
        raise RuntimeError("disk on fire")


def test_an_unexpected_failure_is_a_json_500_in_one_log_line(
    index_settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    service = AdvisorService(index_settings, retriever=Broken())
    with client_for(service) as client, caplog.at_level(logging.DEBUG):
        reply = client.post("/v1/ask", json={"question": QUESTION})
    assert reply.status_code == 500 and reply.json()["error"] == "InternalError"
    logged = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(logged) == 1 and "RuntimeError: disk on fire" in logged[0].getMessage()
    assert logged[0].exc_info is None, "no traceback"


@pytest.mark.parametrize(
    "llm",
    [
        {"llm": LLMSettings(model="no-such-provider:model-x")},
        {"llm": LLMSettings(model="fake"), "prompts_dir": Path("/nonexistent/prompts")},
    ],
    ids=["unknown-model", "missing-prompts"],
)
def test_a_server_misconfiguration_is_a_500_not_the_callers_fault(
    index_settings: Settings, llm: dict
) -> None:
    with TestClient(create_app(index_settings.model_copy(update=llm))) as client:
        reply = client.post("/v1/ask", json={"question": QUESTION})
    assert reply.status_code == 500 and reply.json()["error"] == "Misconfigured"


def test_the_error_body_in_the_openapi_spec_is_the_one_the_handlers_send(
    index_settings: Settings,
) -> None:
    from advisor.schemas import ErrorBody

    with TestClient(create_app(index_settings)) as client:
        spec = client.get("/openapi.json").json()
    assert spec["components"]["schemas"]["Error"] == ErrorBody.model_json_schema()
    ask = spec["paths"]["/v1/ask"]["post"]["responses"]
    assert {"500", "503"} <= ask.keys() and "Retry-After" in ask["503"]["headers"]


def test_the_deadline_counts_from_arrival(index_settings: Settings) -> None:
    model = FakeChatModel()
    service = AdvisorService(
        index_settings.model_copy(update={"llm": LLMSettings(model="fake", timeout_s=1)}),
        chat_model=model,
    )
    answer = service.ask(QUESTION, arrived=time.monotonic() - 2)
    assert answer.degraded_reason.startswith("timeout") and not model.history
    assert service.ask(QUESTION).mode == "llm"
    service.close()


def test_the_extractive_answer_is_ready_before_the_model_is_asked(
    index_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A model that misses its deadline then costs no work: at the moment dozens of waiting
    questions fall back at once, each one's answer already exists."""
    model = FakeChatModel()
    asked_before: list[int] = []

    def extractive(*args: Any, **kwargs: Any) -> Any:
        asked_before.append(len(model.history))
        return compose.extractive(*args, **kwargs)

    monkeypatch.setattr(service_module, "extractive", extractive)
    settings = index_settings.model_copy(update={"llm": LLMSettings(model="fake", timeout_s=5)})
    service = AdvisorService(settings, chat_model=model)
    service.retriever  # noqa: B018  (loaded before the deadline starts counting)
    answer = service.ask(QUESTION)
    service.close()
    assert answer.mode == "llm" and model.history, answer.degraded_reason
    assert asked_before[:1] == [0], asked_before


def test_a_served_app_is_warm_and_has_a_thread_for_every_admitted_question(
    index_settings: Settings,
) -> None:
    cold = create_app(index_settings)
    with TestClient(cold):
        assert getattr(cold.state, "service", None) is None, "tests and embedders start cold"
    app = create_app(index_settings, warm=True)
    with TestClient(app) as client:
        assert app.state.service._retriever is not None, "loaded before the first request"
        threads = client.portal.call(
            lambda: anyio.to_thread.current_default_thread_limiter().total_tokens
        )
    assert threads == index_settings.server.max_concurrent_questions + OTHER_ROUTE_THREADS
    # What loading built is left out of the collector's full passes.
    assert gc.get_freeze_count() > 10_000


@pytest.fixture
def slow_server(index_settings: Settings) -> Iterator[str]:
    """A live server answering one question at a time with a model that takes 2 s of a 3 s deadline."""
    settings = index_settings.model_copy(
        update={
            "llm": LLMSettings(model="fake", timeout_s=3, breaker_failures=1000),
            "server": index_settings.server.model_copy(update={"max_concurrent_questions": 1}),
        }
    )
    service = AdvisorService(settings, chat_model=FakeChatModel(delay_s=2.0))
    service.ask(QUESTION)  # the index and model are open before anything is timed
    app = create_app(settings)
    app.state.service = service
    with threaded_server(app) as url:
        yield url
    service.close()


@pytest.mark.slow
def test_waiting_for_a_slot_spends_the_deadline_and_health_never_waits(slow_server: str) -> None:
    def timed(path: str) -> float:
        began = time.monotonic()
        with httpx.Client(base_url=slow_server, timeout=30) as http:
            if path == "/healthz":
                http.get(path).raise_for_status()
            else:
                http.post(path, json={"question": QUESTION}).raise_for_status()
        return time.monotonic() - began

    with ThreadPoolExecutor(max_workers=8) as pool:
        questions = [pool.submit(timed, "/v1/ask") for _ in range(3)]
        time.sleep(0.3)
        health = [timed("/healthz") for _ in range(10)]
        seconds = [q.result() for q in questions]
    # Queued behind one another, the later questions answer extractively once their 3 s are spent
    # (counted from the wait's start they would take 4 s and 6 s).
    assert max(seconds) < 3 + 1.5, seconds
    assert max(health) < 1.0, health


def test_streams_report_the_stores_outage_as_degraded_not_as_a_failure(
    memory_index: tuple[Settings, MemoryStore, Retriever],
) -> None:
    settings, store, retriever = memory_index
    store.down = True
    with client_for(AdvisorService(settings, retriever=retriever)) as client:
        body = {"messages": [{"role": "user", "content": QUESTION}], "stream": True}
        chunks = client.post("/v1/chat/completions", json=body).text.rstrip().split("\n\n")
    assert chunks[-1] == "data: [DONE]"
    final = json.loads(chunks[-2][6:])["advisor"]
    assert final["degraded"] and final["citations"]


@pytest.mark.slow
def test_health_and_other_routes_answer_while_45_questions_hang(index_settings: Settings) -> None:
    """More hung questions than Starlette's default pool has threads (40): the pool holds every
    admitted question (64 by default) and 16 more for other routes."""
    settings = index_settings.model_copy(
        update={"llm": LLMSettings(model="fake", timeout_s=4, breaker_failures=1000)}
    )
    service = AdvisorService(settings, chat_model=FakeChatModel(delay_s=4))
    app = create_app(settings)
    app.state.service = service
    with threaded_server(app) as url, ThreadPoolExecutor(max_workers=45) as pool:
        service.retriever.search(QUESTION)  # opened before anything is timed

        def ask() -> int:
            with httpx.Client(base_url=url, timeout=30) as http:
                return http.post("/v1/ask", json={"question": QUESTION}).status_code

        def timed(path: str) -> float:
            began = time.monotonic()
            httpx.get(url + path, timeout=30).raise_for_status()
            return time.monotonic() - began

        asked = [pool.submit(ask) for _ in range(45)]
        time.sleep(1.0)
        health = [timed("/healthz") for _ in range(10)]
        other = [timed("/v1/frameworks") for _ in range(3)]
        assert [a.result() for a in asked] == [200] * 45
    service.close()
    # Waiting behind the hung questions they would take the 4 s deadline.
    assert max(health) < 1.0 and max(other) < 2.0, (health, other)
