"""The vector-store seam: Chroma and the in-memory fake keep one contract; ingest and search share it;
a recreated collection is reopened; an unreachable store degrades search to BM25 instead of failing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from advisor.config import Settings
from advisor.errors import StoreUnavailable
from advisor.ingest import ingest
from advisor.retrieval import Retriever
from advisor.service import AdvisorService
from advisor.store import ChromaStore, ChunkCatalog, VectorStore
from tests.conftest import CORPUS
from tests.fake_embeddings import FakeEmbeddings
from tests.fakes import MemoryStore

QUESTION = "Should a seed-stage startup sign an exclusive OEM deal with a big vendor?"


@pytest.fixture
def corpus_settings(tmp_path: Path) -> Settings:
    shutil.copytree(CORPUS, tmp_path / "corpus")
    return Settings(data_dir=tmp_path / "data", corpus_dir=tmp_path / "corpus")


@pytest.fixture(params=["memory", "chroma"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> VectorStore:
    if request.param == "memory":
        return MemoryStore()
    return ChromaStore(Settings(data_dir=tmp_path / "data"))


def test_both_stores_keep_the_contract(store: VectorStore) -> None:
    meta = [{"doc_id": d} for d in ("a", "a", "b")]
    store.upsert(["x", "y", "z"], [[1, 0], [0.8, 0.6], [0, 1]], ["tx", "ty", "tz"], meta)
    assert store.ids() == {"x", "y", "z"} and store.count() == 3
    top = store.query([1, 0], 2)
    assert [i for i, _ in top] == ["x", "y"] and top[0][1] == pytest.approx(1.0, abs=1e-6)
    assert [i for i, _ in store.query([1, 0], 3, {"b"})] == ["z"]
    store.delete(["y"])
    assert store.ids() == {"x", "z"}
    before = store.generation()
    store.reset()
    assert store.count() == 0 and store.generation() != before and store.outage is None


def test_a_collection_recreated_by_another_process_is_reopened(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    reader, writer = ChromaStore(settings), ChromaStore(settings)
    reader.upsert(["old"], [[1, 0]], ["t"], [{"doc_id": "a"}])
    assert [i for i, _ in reader.query([1, 0], 1)] == ["old"]
    writer.reset()  # what an ingest after an interruption does
    writer.upsert(["new"], [[1, 0]], ["t"], [{"doc_id": "a"}])
    assert [i for i, _ in reader.query([1, 0], 1)] == ["new"]
    assert reader.generation() == writer.generation()


def test_ingest_and_search_share_the_seam(corpus_settings: Settings) -> None:
    store, fake = MemoryStore(), FakeEmbeddings()
    report = ingest(corpus_settings, embeddings=fake, store=store)
    assert store.count() == report.chunks_total == fake.texts_embedded > 50
    with ChunkCatalog(corpus_settings) as catalog:
        assert store.ids() == catalog.chunk_ids()
        assert catalog.get_state("generation") == store.generation()
    retriever = Retriever(corpus_settings, fake, store, ChunkCatalog(corpus_settings))
    assert retriever.search(QUESTION, k=3, mode="dense")


def test_a_rebuild_after_an_interruption_embeds_nothing_twice(corpus_settings: Settings) -> None:
    store = MemoryStore()
    ingest(corpus_settings, embeddings=FakeEmbeddings(), store=store)
    with ChunkCatalog(corpus_settings) as catalog:
        catalog.set_state("complete", "0")  # as a killed run leaves it
    fake = FakeEmbeddings()
    report = ingest(corpus_settings, embeddings=fake, store=store)
    assert store.generation() == "2", "a local index is rebuilt after an interruption"
    assert fake.texts_embedded == report.chunks_embedded == 0
    assert store.count() == report.chunks_total


def test_search_falls_back_to_bm25_while_the_store_is_away(corpus_settings: Settings) -> None:
    store, fake = MemoryStore(), FakeEmbeddings()
    ingest(corpus_settings, embeddings=fake, store=store)
    retriever = Retriever(corpus_settings, fake, store, ChunkCatalog(corpus_settings))
    store.down = True
    hits = retriever.search(QUESTION, k=3)
    assert [h.chunk_id for h in hits] == [
        h.chunk_id for h in retriever.search(QUESTION, k=3, mode="bm25")
    ]
    assert retriever.degraded and "down" in retriever.degraded
    with pytest.raises(StoreUnavailable):
        retriever.search(QUESTION, k=3, mode="dense")
    answer = AdvisorService(corpus_settings, retriever=retriever).ask(QUESTION)
    assert answer.degraded and answer.degraded_reason.startswith("vector_store_unavailable")
    assert answer.citations and answer.verdicts
    store.down = False
    assert retriever.search(QUESTION, k=3) and retriever.degraded is None
    assert not AdvisorService(corpus_settings, retriever=retriever).ask(QUESTION).degraded


def test_an_unreachable_server_is_store_unavailable_and_fails_fast(tmp_path: Path) -> None:
    from tests.live_server import free_port

    settings = Settings(
        data_dir=tmp_path / "data", chroma={"host": "127.0.0.1", "port": free_port()}
    )
    store = ChromaStore(settings, retry_after_s=60)
    with pytest.raises(StoreUnavailable) as first:
        store.query([1.0, 0.0], 1)
    assert first.value.status_code == 503 and store.outage
    with pytest.raises(StoreUnavailable):
        store.count()  # within retry_after_s: refused without another connection attempt


def test_a_store_that_never_answers_is_unavailable_after_the_query_timeout(tmp_path: Path) -> None:
    import socket
    import time

    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(16)  # accepts connections (the kernel does) and never answers them
        chroma = {"host": "127.0.0.1", "port": server.getsockname()[1], "query_timeout_s": 0.5}
        store = ChromaStore(Settings(data_dir=tmp_path / "data", chroma=chroma))
        began = time.monotonic()
        with pytest.raises(StoreUnavailable, match="TimeoutError"):
            store.query([1.0, 0.0], 1)
        assert time.monotonic() - began < 2.0
