"""A live server keeps answering while an ingest is killed and re-run under it, and the re-run resumes
from the catalog instead of embedding everything again."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import httpx
import pytest

from advisor.api.app import create_app
from advisor.config import Settings
from advisor.ingest import ingest
from advisor.service import AdvisorService
from advisor.store import ChunkCatalog
from tests.conftest import CORPUS, REPO
from tests.live_server import threaded_server

pytestmark = pytest.mark.slow

QUESTIONS = [
    "Should a seed-stage startup sign an exclusive OEM deal with a big vendor?",
    "How should we structure a crawl-walk-run pilot with a partner?",
    "What makes a partner program ready to launch?",
]
CLI = "from advisor.cli import app; app()"
CLIENTS = 4


def _ingest_process(settings: Settings) -> subprocess.Popen:
    env = {
        **os.environ,
        "ADVISOR_DATA_DIR": str(settings.data_dir),
        "ADVISOR_CORPUS_DIR": str(settings.corpus_dir),
    }
    return subprocess.Popen(
        [sys.executable, "-c", CLI, "ingest", "--json"],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


class Asker(threading.Thread):
    """Asks questions in a loop until stopped, counting replies by status and answers without citations."""

    def __init__(self, url: str) -> None:
        super().__init__(daemon=True)
        self.url = url
        self.stop = threading.Event()
        self.statuses: Counter[int | str] = Counter()
        self.uncited = 0
        self.degraded = 0

    def run(self) -> None:
        with httpx.Client(base_url=self.url, timeout=60) as http:
            n = 0
            while not self.stop.is_set():
                try:
                    reply = http.post("/v1/ask", json={"question": QUESTIONS[n % len(QUESTIONS)]})
                except httpx.TransportError as exc:
                    self.statuses[type(exc).__name__] += 1
                    continue
                self.statuses[reply.status_code] += 1
                if reply.status_code == 200:
                    self.uncited += not reply.json()["citations"]
                    self.degraded += reply.json()["degraded"]
                n += 1


def test_questions_keep_working_while_an_ingest_is_killed_and_rerun(tmp_path: Path) -> None:
    shutil.copytree(CORPUS, tmp_path / "corpus")
    settings = Settings(
        data_dir=tmp_path / "data",
        corpus_dir=tmp_path / "corpus",
        server={"rate_limit_per_minute": 1_000_000},
    )
    ingest(settings)
    service = AdvisorService(settings)
    app = create_app(settings)
    app.state.service = service
    with threaded_server(app) as url:
        service.ask(QUESTIONS[0])  # open the index before the load starts
        askers = [Asker(url) for _ in range(CLIENTS)]
        for asker in askers:
            asker.start()
        # Every document changes, so the run re-embeds them one after another.
        for path in sorted(settings.corpus_dir.glob("*.md")):
            path.write_text(path.read_text() + "\nA closing note on partnering.\n")
        with ChunkCatalog(settings) as catalog:
            before = catalog.version()
            killed = _ingest_process(settings)
            # Kill it once its first document is committed and it is still working.
            deadline = time.monotonic() + 300
            while catalog.version() == before and killed.poll() is None:
                assert time.monotonic() < deadline
                time.sleep(0.02)
            os.kill(killed.pid, signal.SIGKILL)
            killed.wait()
            assert catalog.get_state("complete") == "0", "the kill landed mid-run"
            committed = {r.doc_id for r in catalog.documents() if r.meta}
        time.sleep(1.0)
        rerun = _ingest_process(settings)
        out, err = rerun.communicate(timeout=600)
        assert rerun.returncode == 0, err
        report = json.loads(out)
        time.sleep(1.0)
        for asker in askers:
            asker.stop.set()
        for asker in askers:
            asker.join(timeout=60)
        time.sleep(
            service.retriever.store.retry_after_s
        )  # a store that failed is retried after this
        after = service.ask(QUESTIONS[0])
    service.close()
    statuses = sum((a.statuses for a in askers), Counter())
    degraded = sum(a.degraded for a in askers)
    print(f"{CLIENTS} clients: {dict(statuses)}, {degraded} degraded to BM25 alone; {report}")
    assert set(statuses) == {200} and statuses[200] >= 10, statuses
    assert not any(a.uncited for a in askers)
    # The documents committed before the kill come back from the catalog's vectors.
    assert committed and report["chunks_embedded"] < report["chunks_total"], report
    assert after.citations and not after.degraded
