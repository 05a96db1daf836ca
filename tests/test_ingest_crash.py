"""`kill -9` of `advisor ingest` at any moment: the index still opens, and a re-run equals a clean run."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from advisor.config import Settings
from advisor.store import ChromaStore, ChunkCatalog
from tests.conftest import CORPUS, REPO
from tests.test_ingest import CLI, assert_same_index, snapshot

# Small chunks make many Chroma writes and catalog commits, so a kill lands between them.
CHUNKING = {"ADVISOR_CHUNKING__MAX_TOKENS": "64", "ADVISOR_CHUNKING__MIN_TOKENS": "8"}


def _corpus(root: Path) -> Path:
    corpus = root / "corpus"
    corpus.mkdir()
    for name in (
        "001-partner-strategy-framework.md",
        "002-partnership-architecture.md",
        "004-prechasm-tech-partnerships.md",
    ):
        shutil.copy(CORPUS / name, corpus / name)
    return corpus


def _settings(data_dir: Path, corpus: Path) -> Settings:
    return Settings(
        data_dir=data_dir, corpus_dir=corpus, chunking={"max_tokens": 64, "min_tokens": 8}
    )


def _start(data_dir: Path, corpus: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        **CHUNKING,
        "ADVISOR_DATA_DIR": str(data_dir),
        "ADVISOR_CORPUS_DIR": str(corpus),
    }
    return subprocess.Popen(
        [sys.executable, "-c", CLI, "ingest"],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _run(data_dir: Path, corpus: Path) -> float:
    began = time.monotonic()
    proc = _start(data_dir, corpus)
    _out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err
    return time.monotonic() - began


@pytest.mark.slow
def test_kill_9_during_ingest_then_rerun_equals_a_clean_run(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    clean_dir = tmp_path / "clean"
    duration = _run(clean_dir, corpus)
    clean = snapshot(_settings(clean_dir, corpus))

    killed_mid_run = 0
    for n, fraction in enumerate((0.5, 0.7, 0.9)):
        data_dir = tmp_path / f"killed-{n}"
        proc = _start(data_dir, corpus)
        time.sleep(duration * fraction)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            killed_mid_run += 1
        proc.wait(timeout=60)
        settings = _settings(data_dir, corpus)

        # The index opens: the catalog reads, and Chroma answers a vector query.
        if (data_dir / "catalog.sqlite").exists():
            with ChunkCatalog(settings) as catalog:
                catalog.all_chunks()
        if (data_dir / "chroma").exists():
            store = ChromaStore(settings)
            if store.count():
                store.query([1.0] + [0.0] * 383, 1)

        _run(data_dir, corpus)
        assert_same_index(snapshot(settings), clean)
    assert killed_mid_run >= 2, "most kills must land while the ingest is still running"
