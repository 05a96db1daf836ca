"""Scale-out: two uvicorn workers answer from one `chroma run` server that a single ingest wrote."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from advisor.config import ChromaSettings, Settings
from tests.conftest import CORPUS
from tests.live_server import children, chroma_server, socket_owner, uvicorn_workers

QUESTION = "We're a seed-stage startup. Should we list on a cloud marketplace?"


def _connections_on_each_worker(
    url: str, workers: list[int], wanted: int, patience: float = 120.0
) -> dict[int, httpx.Client]:
    """One keep-alive client per worker process, found by which process holds each connection's socket.

    /healthz answers as soon as the first worker is up, while the others may still be loading
    their models and not yet accepting; so this keeps connecting until `wanted` workers have
    answered or `patience` seconds have passed.
    """
    server_port = int(url.rsplit(":", 1)[1])
    found: dict[int, httpx.Client] = {}
    spare: list[httpx.Client] = []

    def connect(_: int) -> tuple[httpx.Client, int]:
        client = httpx.Client(base_url=url, timeout=60)
        response = client.get("/healthz")
        return client, response.extensions["network_stream"].get_extra_info("client_addr")[1]

    deadline = time.monotonic() + patience
    # Connecting in parallel lets the kernel hand connections to whichever worker is free.
    with ThreadPoolExecutor(8) as pool:
        while len(found) < wanted and time.monotonic() < deadline:
            for client, client_port in pool.map(connect, range(16)):
                owner = socket_owner(server_port, client_port, workers)
                if owner is not None and owner not in found:
                    found[owner] = client
                else:
                    spare.append(client)
            if len(found) < wanted:
                time.sleep(0.5)
    for client in spare:
        client.close()
    return found


@pytest.mark.slow
def test_two_workers_share_the_chroma_server_index_and_the_sessions(tmp_path: Path) -> None:
    from advisor.ingest import ingest
    from advisor.retrieval import Retriever
    from advisor.store import chroma_dir

    with chroma_server(tmp_path / "chroma") as chroma_port:
        settings = Settings(
            data_dir=tmp_path / "data",
            corpus_dir=CORPUS,
            chroma=ChromaSettings(host="127.0.0.1", port=chroma_port),
        )
        ingest(settings)  # the single writer; the workers only read
        # ... and warms the index, as `advisor ingest` does
        Retriever.from_settings(settings).snapshot()
        assert not chroma_dir(settings).exists(), "vectors go to the server, not a local directory"
        env = {
            "ADVISOR_DATA_DIR": str(settings.data_dir),
            "ADVISOR_CORPUS_DIR": str(CORPUS),
            "ADVISOR_CHROMA__HOST": "127.0.0.1",
            "ADVISOR_CHROMA__PORT": str(chroma_port),
            "ADVISOR_LLM__MODEL": "",
        }
        with uvicorn_workers(env, workers=2) as (url, master):
            workers = children(master.pid)
            clients = _connections_on_each_worker(url, workers, wanted=2)
            try:
                assert len(clients) == 2, (
                    f"connections reached workers {sorted(clients)} of {workers}"
                )
                first, second = clients.values()

                answers = [c.post("/v1/ask", json={"question": QUESTION}) for c in (first, second)]
                assert [a.status_code for a in answers] == [200, 200]
                one, two = (a.json() for a in answers)
                assert one["citations"], "the workers answer from the index in the Chroma server"
                assert one["citations"] == two["citations"] and one["verdicts"] == two["verdicts"]

                # A session started on one worker continues on the other and reads back on the first.
                session_id = first.post("/v1/sessions").json()["session_id"]
                turn = second.post(
                    f"/v1/sessions/{session_id}/messages", json={"question": QUESTION}
                )
                assert turn.status_code == 200 and turn.json()["session_id"] == session_id
                history = first.get(f"/v1/sessions/{session_id}").json()
                assert [t["question"] for t in history["turns"]] == [QUESTION]
            finally:
                for client in clients.values():
                    client.close()
