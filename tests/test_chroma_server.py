"""Ingest, vector search and an outage against a real `chroma run` server (ADVISOR_CHROMA__HOST)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from advisor.api.app import create_app
from advisor.config import ChromaSettings, Settings
from advisor.embeddings import get_embeddings
from advisor.ingest import ingest
from advisor.service import AdvisorService
from advisor.store import ChromaStore, ChunkCatalog, open_vectorstore
from tests.conftest import CORPUS
from tests.live_server import chroma_server, free_port, process, threaded_server


@pytest.mark.slow
def test_ingest_and_search_through_a_chroma_server(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with chroma_server(tmp_path / "server") as port:
        monkeypatch.setenv("ADVISOR_CHROMA__HOST", "127.0.0.1")
        monkeypatch.setenv("ADVISOR_CHROMA__PORT", str(port))
        settings = Settings(data_dir=tmp_path / "data", corpus_dir=CORPUS)
        assert settings.chroma == ChromaSettings(host="127.0.0.1", port=port)

        report = ingest(settings)
        assert report.docs_added == 5 and report.chunks_total > 50
        assert not (settings.data_dir / "chroma").exists(), (
            "vectors live in the server, not in data_dir"
        )
        assert (tmp_path / "server" / "chroma.sqlite3").exists()

        store = open_vectorstore(settings, get_embeddings(settings))
        assert ChromaStore(settings).count() == report.chunks_total
        hits = store.similarity_search("Should we list on a cloud marketplace?", k=3)
        assert hits[0].metadata["doc_id"] == "prechasm-tech-partnerships"
        with ChunkCatalog(settings) as catalog:
            chunk = catalog.get_chunk(store.get(include=[], limit=1)["ids"][0])
        assert chunk is not None, "the server's ids are the catalog's chunk ids"

        again = ingest(settings)
        assert again.chunks_embedded == 0 and again.docs_unchanged == 5


@contextmanager
def _chroma_at(path: Path, port: int) -> Iterator[None]:
    args = ["chroma", "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)]
    with process(args, f"http://127.0.0.1:{port}/api/v2/heartbeat"):
        yield


def _stream_ends(text: str) -> str:
    return text.rstrip().split("\n\n")[-1]


@pytest.mark.slow
def test_a_chroma_outage_degrades_answers_to_bm25_and_recovery_is_automatic(
    tmp_path: Path,
) -> None:
    port = free_port()
    settings = Settings(
        data_dir=tmp_path / "data",
        corpus_dir=CORPUS,
        chroma={"host": "127.0.0.1", "port": port},
        server={"rate_limit_per_minute": 1_000_000},
    )
    service = AdvisorService(settings)
    app = create_app(settings)
    app.state.service = service
    question = {
        "question": "Should a seed-stage startup sign an exclusive OEM deal with a big vendor?"
    }
    chat = {"messages": [{"role": "user", "content": question["question"]}], "stream": True}
    with _chroma_at(tmp_path / "server", port):
        ingest(settings)
        # As `advisor ingest` and `advisor serve` do: the bank's vectors are embedded before the
        # first question (half a minute on two cores), which would otherwise wait for them.
        service.retriever.warm()
        with threaded_server(app) as url, httpx.Client(base_url=url, timeout=60) as http:
            assert not http.post("/v1/ask", json=question).json()["degraded"]
            assert http.get("/readyz").json()["status"] == "ready"
    # The server is gone: every door still answers, from BM25, and says so.
    with threaded_server(app) as url, httpx.Client(base_url=url, timeout=60) as http:
        replies = [http.post("/v1/ask", json=question) for _ in range(5)]
        assert [r.status_code for r in replies] == [200] * 5
        assert all(
            r.json()["degraded_reason"].startswith("vector_store_unavailable")
            and r.json()["citations"]
            for r in replies
        )
        session = http.post("/v1/sessions").json()["session_id"]
        stream = http.post(f"/v1/sessions/{session}/messages:stream", json=question)
        assert _stream_ends(stream.text).startswith("event: done")
        assert _stream_ends(http.post("/v1/chat/completions", json=chat).text) == "data: [DONE]"
        ready = http.get("/readyz").json()
        assert ready["status"] == "degraded" and ready["vector_store"] == "unavailable"
        with _chroma_at(tmp_path / "server", port):
            time.sleep(service.retriever.store.retry_after_s)
            back = http.post("/v1/ask", json=question).json()
            assert not back["degraded"] and back["citations"]
            assert http.get("/readyz").json()["status"] == "ready"
    service.close()
