"""Incremental ingestion: unchanged costs nothing, changes replace, removals delete, never duplicates."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from advisor.config import Settings
from advisor.corpus import corpus_hash, load_corpus
from advisor.errors import IndexLocked, InvalidInput
from advisor.ingest import ensure_index, index_ready, ingest, ingest_lock
from advisor.store import ChromaStore, ChunkCatalog, open_vectorstore
from tests.conftest import CORPUS, REPO
from tests.fake_embeddings import FakeEmbeddings

PRECHASM = "004-prechasm-tech-partnerships.md"
CLI = "from advisor.cli import app; app()"


@pytest.fixture
def corpus_settings(tmp_path: Path) -> Settings:
    """Settings over a private copy of the corpus, so tests may edit and delete documents."""
    shutil.copytree(CORPUS, tmp_path / "corpus")
    return Settings(data_dir=tmp_path / "data", corpus_dir=tmp_path / "corpus")


def snapshot(settings: Settings) -> dict[str, Any]:
    """Everything the index holds: catalog documents and chunks, and Chroma ids, texts, metadata, vectors."""
    with ChunkCatalog(settings) as catalog:
        docs = [(r.doc_id, r.sha256, r.fingerprint, r.chunks) for r in catalog.documents()]
        chunks = [c.model_dump() for c in catalog.all_chunks()]
    got = open_vectorstore(settings, None).get(include=["documents", "metadatas", "embeddings"])
    rows = sorted(zip(got["ids"], got["documents"], got["metadatas"], strict=True))
    vectors = {i: np.asarray(v) for i, v in zip(got["ids"], got["embeddings"], strict=True)}
    return {"documents": docs, "chunks": chunks, "chroma": rows, "vectors": vectors}


def assert_same_index(got: dict[str, Any], want: dict[str, Any]) -> None:
    """Equal catalogs and Chroma rows; vectors equal up to float noise (batching may differ between runs)."""
    assert {k: v for k, v in got.items() if k != "vectors"} == {
        k: v for k, v in want.items() if k != "vectors"
    }
    assert got["vectors"].keys() == want["vectors"].keys()
    for chunk_id, vector in want["vectors"].items():
        assert np.allclose(got["vectors"][chunk_id], vector, atol=1e-4), chunk_id


def test_first_ingest_indexes_every_chunk_once(corpus_settings: Settings) -> None:
    fake = FakeEmbeddings()
    report = ingest(corpus_settings, embeddings=fake)
    assert (report.docs_added, report.docs_updated, report.docs_removed) == (5, 0, 0)
    state = snapshot(corpus_settings)
    catalog_ids = [c["chunk_id"] for c in state["chunks"]]
    chroma_ids = [row[0] for row in state["chroma"]]
    assert (
        len(catalog_ids)
        == len(set(catalog_ids))
        == report.chunks_total
        == report.chunks_embedded
        > 50
    )
    assert sorted(catalog_ids) == chroma_ids
    assert fake.texts_embedded == report.chunks_embedded
    assert {row[2]["doc_id"] for row in state["chroma"]} == {d[0] for d in state["documents"]}
    assert index_ready(corpus_settings)


def test_unchanged_corpus_costs_zero_embeddings(corpus_settings: Settings) -> None:
    fake = FakeEmbeddings()
    ingest(corpus_settings, embeddings=fake)
    before, calls = snapshot(corpus_settings), fake.texts_embedded
    report = ingest(corpus_settings, embeddings=fake)
    assert fake.texts_embedded == calls and report.chunks_embedded == 0
    assert report.docs_unchanged == 5 and report.chunks_deleted == 0
    assert_same_index(snapshot(corpus_settings), before)


def test_a_changed_document_replaces_only_its_chunks(corpus_settings: Settings) -> None:
    fake = FakeEmbeddings()
    ingest(corpus_settings, embeddings=fake)
    with ChunkCatalog(corpus_settings) as catalog:
        old_ids = {c.chunk_id for c in catalog.chunks_for("prechasm-tech-partnerships")}
        others = {c.chunk_id for c in catalog.all_chunks()} - old_ids
        version = catalog.version()
    path = corpus_settings.corpus_dir / PRECHASM
    path.write_text(
        path.read_text().replace("Nearly every early tech startup", "Almost every young startup")
    )
    calls = fake.texts_embedded

    report = ingest(corpus_settings, embeddings=fake)

    with ChunkCatalog(corpus_settings) as catalog:
        new_ids = {c.chunk_id for c in catalog.chunks_for("prechasm-tech-partnerships")}
        assert catalog.version() != version
    assert (report.docs_updated, report.docs_unchanged) == (1, 4)
    assert fake.texts_embedded - calls == report.chunks_embedded == len(new_ids)
    assert old_ids - new_ids and report.chunks_deleted == len(old_ids - new_ids)
    state = snapshot(corpus_settings)
    assert [row[0] for row in state["chroma"]] == sorted(new_ids | others), (
        "old ids gone, others untouched"
    )


def test_a_deleted_document_loses_its_chunks(corpus_settings: Settings) -> None:
    ingest(corpus_settings, embeddings=FakeEmbeddings())
    (corpus_settings.corpus_dir / PRECHASM).unlink()
    report = ingest(corpus_settings, embeddings=FakeEmbeddings())
    assert report.docs_removed == 1 and report.chunks_deleted > 0
    state = snapshot(corpus_settings)
    assert "prechasm-tech-partnerships" not in {d[0] for d in state["documents"]}
    assert all(row[2]["doc_id"] != "prechasm-tech-partnerships" for row in state["chroma"])
    assert len(state["chroma"]) == len(state["chunks"])


def test_user_documents_add_to_the_corpus_and_leave_when_their_file_goes(
    corpus_settings: Settings, tmp_path: Path
) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("Our reseller notes.\n\nThe channel program pays 20% margin.\n")
    (mine / "page.html").write_text(
        "<html><title>Alliance page</title><body><h1>Alliances</h1><p>Co-sell.</p></body></html>"
    )
    fake = FakeEmbeddings()
    ingest(corpus_settings, embeddings=fake)
    report = ingest(corpus_settings, [mine], embeddings=fake)
    assert report.docs_added == 2 and report.docs_removed == 0, (
        "adding paths never removes the corpus"
    )
    assert ingest(corpus_settings, embeddings=fake).docs_removed == 0, (
        "the corpus run keeps user documents"
    )

    (mine / "notes.txt").unlink()
    report = ingest(corpus_settings, [mine], embeddings=fake)
    assert report.docs_removed == 1 and report.docs_unchanged == 1
    with ChunkCatalog(corpus_settings) as catalog:
        ids = {r.doc_id for r in catalog.documents()}
    assert "notes" not in ids and "page" in ids


def test_a_document_id_used_by_another_file_is_refused(
    corpus_settings: Settings, tmp_path: Path
) -> None:
    ingest(corpus_settings, embeddings=FakeEmbeddings())
    other = tmp_path / "other.md"
    other.write_text("---\nid: prechasm-tech-partnerships\ntitle: Clash\n---\nDifferent text.\n")
    with pytest.raises(InvalidInput, match="already used by"):
        ingest(corpus_settings, [other], embeddings=FakeEmbeddings())


def test_new_embeddings_rebuild_every_vector(corpus_settings: Settings) -> None:
    ingest(corpus_settings, embeddings=FakeEmbeddings(dim=64))
    smaller = FakeEmbeddings(dim=32)
    report = ingest(corpus_settings, embeddings=smaller)
    assert report.docs_added == 5 and smaller.texts_embedded == report.chunks_total
    state = snapshot(corpus_settings)
    assert {len(v) for v in state["vectors"].values()} == {32}


class _FailingEmbeddings(FakeEmbeddings):
    def __init__(self, fail_on_call: int) -> None:
        super().__init__()
        self.fail_on_call = fail_on_call

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if self.calls + 1 == self.fail_on_call:
            raise RuntimeError("power cut")
        return super().embed_documents(texts)


@pytest.mark.parametrize("phase", ["embedding", "catalog commit", "stale delete"])
def test_an_interrupted_run_is_finished_by_the_next_one(
    phase: str, corpus_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clean = Settings(data_dir=tmp_path / "clean", corpus_dir=corpus_settings.corpus_dir)
    ingest(corpus_settings, embeddings=FakeEmbeddings())
    path = corpus_settings.corpus_dir / PRECHASM
    path.write_text(
        path.read_text().replace("Nearly every early tech startup", "Almost every young startup")
    )
    (corpus_settings.corpus_dir / "001-partner-strategy-framework.md").unlink()
    (corpus_settings.corpus_dir / "905-new.md").write_text(
        "# New\n\nA reseller note.\n\n## More\n\nCo-selling.\n"
    )
    ingest(clean, embeddings=FakeEmbeddings())

    if phase == "embedding":
        # The changed document is stored, the new one fails.
        embeddings: FakeEmbeddings = _FailingEmbeddings(fail_on_call=2)
    else:
        embeddings = FakeEmbeddings()
        target = "replace_document" if phase == "catalog commit" else "delete"
        cls = ChunkCatalog if phase == "catalog commit" else ChromaStore
        monkeypatch.setattr(
            cls, target, lambda *a, **k: (_ for _ in ()).throw(RuntimeError("power cut"))
        )
    with pytest.raises(RuntimeError, match="power cut"):
        ingest(corpus_settings, embeddings=embeddings)
    monkeypatch.undo()
    assert not index_ready(corpus_settings), "an interrupted run leaves the index marked incomplete"

    ingest(corpus_settings, embeddings=FakeEmbeddings())
    assert_same_index(snapshot(corpus_settings), snapshot(clean))


def test_after_an_interrupted_run_documents_outside_the_run_get_their_vectors_back(
    corpus_settings: Settings, tmp_path: Path
) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.md").write_text("# Notes\n\nOur reseller pays 20% margin.\n")
    ingest(corpus_settings, embeddings=FakeEmbeddings())
    ingest(corpus_settings, [mine], embeddings=FakeEmbeddings())
    before = snapshot(corpus_settings)
    path = corpus_settings.corpus_dir / PRECHASM
    text = path.read_text()
    path.write_text(text.replace("Nearly every early tech startup", "Almost every young startup"))
    with pytest.raises(RuntimeError, match="power cut"):
        ingest(corpus_settings, embeddings=_FailingEmbeddings(fail_on_call=1))
    path.write_text(text)

    report = ingest(corpus_settings, embeddings=FakeEmbeddings())
    # The local store is rebuilt from the vectors the catalog keeps: nothing is embedded again.
    assert report.docs_unchanged == 5 and report.chunks_embedded == 0
    assert_same_index(snapshot(corpus_settings), before)


def test_ensure_index_ingests_only_when_there_is_no_complete_index(
    corpus_settings: Settings,
) -> None:
    assert not index_ready(corpus_settings)
    # The default embeddings here: this is what `advisor serve` and `advisor ask` run.
    first = ensure_index(corpus_settings)
    assert first is not None and first.docs_added == 5
    assert ensure_index(corpus_settings) is None


def test_a_second_ingest_while_one_runs_is_refused(corpus_settings: Settings) -> None:
    started, release = threading.Event(), threading.Event()

    class SlowEmbeddings(FakeEmbeddings):
        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            started.set()
            release.wait(60)
            return super().embed_documents(texts)

    runner = threading.Thread(
        target=ingest, args=(corpus_settings,), kwargs={"embeddings": SlowEmbeddings()}
    )
    runner.start()
    try:
        assert started.wait(60)
        with pytest.raises(
            IndexLocked, match=f"index is locked by another ingest \\(pid {os.getpid()}\\)"
        ):
            ingest(corpus_settings, embeddings=FakeEmbeddings())
        env = {
            **os.environ,
            "ADVISOR_DATA_DIR": str(corpus_settings.data_dir),
            "ADVISOR_CORPUS_DIR": str(corpus_settings.corpus_dir),
        }
        began = time.monotonic()
        cli = subprocess.run(
            [sys.executable, "-c", CLI, "ingest"],
            check=False,
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert cli.returncode == 1, cli.stderr
        assert "index is locked" in cli.stderr and time.monotonic() - began < 60, (
            "refused at once, not after waiting"
        )
    finally:
        release.set()
        runner.join(60)
    assert ingest(corpus_settings, embeddings=FakeEmbeddings()).docs_unchanged == 5, (
        "the lock is released after a run"
    )


def test_the_lock_holder_pid_is_named(corpus_settings: Settings) -> None:
    with ingest_lock(corpus_settings):
        assert (corpus_settings.data_dir / "ingest.lock").read_text() == str(os.getpid())


def test_cli_ingest_then_corpus_list_and_stats(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    from typer.testing import CliRunner

    from advisor.cli import app

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "guide.md").write_text(
        "---\nid: guide\ntitle: Reseller guide\n---\n# Resellers\n\nPay a 20% margin.\n"
    )
    monkeypatch.setenv("ADVISOR_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ADVISOR_CORPUS_DIR", str(corpus))
    runner = CliRunner()

    missing = runner.invoke(app, ["corpus", "list"])
    assert missing.exit_code == 1 and "run `advisor ingest`" in missing.output

    first = runner.invoke(app, ["ingest"])
    assert first.exit_code == 0 and "1 added" in first.output
    again = json.loads(runner.invoke(app, ["ingest", "--json"]).stdout)
    assert again["docs_unchanged"] == 1 and again["chunks_embedded"] == 0

    listed = json.loads(runner.invoke(app, ["corpus", "list", "--json"]).stdout)
    assert [(d["doc_id"], d["title"], d["chunks"]) for d in listed] == [
        ("guide", "Reseller guide", 1)
    ]
    assert "guide" in runner.invoke(app, ["corpus", "list"]).stdout
    stats = json.loads(runner.invoke(app, ["corpus", "stats", "--json"]).stdout)
    assert (stats["documents"], stats["chunks"], stats["complete"]) == (1, 1, True)
    assert stats["corpus_hash"] == corpus_hash(load_corpus(corpus)) and stats["tokens"] > 5

    bad = runner.invoke(app, ["ingest", str(tmp_path / "nowhere")])
    assert bad.exit_code == 2 and "no such file or directory" in bad.output
