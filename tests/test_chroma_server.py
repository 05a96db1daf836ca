"""Ingest and vector search against a real `chroma run` server (ADVISOR_CHROMA__HOST)."""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor.config import ChromaSettings, Settings
from advisor.embeddings import get_embeddings
from advisor.ingest import ingest
from advisor.store import ChromaStore, ChunkCatalog, open_vectorstore
from tests.conftest import CORPUS
from tests.live_server import chroma_server


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
