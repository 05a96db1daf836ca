"""The README's first command on the install it is given: `advisor serve` answers with verdicts and citations.

Run with the Python of the venv under test (`venv/bin/python .ci/smoke.py`): it starts that venv's
`advisor serve` on a free port, asks one question over HTTP and through the OpenAI-compatible
endpoint, checks each answer and stops the server; then the command line's doors (ask, chat,
search, assess, ingest, corpus) run on the index the server built. Exit 0 when every check holds;
otherwise exit 1 with what failed and the output (a missing module shows up as its traceback).
It needs only the standard library and httpx, a base dependency.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

QUESTION = (
    "We're a seed-stage startup and Cisco offered an exclusive OEM deal where their sales force "
    "sells our product and we stop selling direct. Should we sign?"
)
# The first run builds the index on two shared cores.
STARTUP_S = 600.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_ready(url: str, server: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + STARTUP_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"advisor serve exited with status {server.returncode}")
        try:
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"advisor serve did not answer /healthz within {STARTUP_S:.0f} s")


def check_answer(answer: dict, door: str) -> None:
    """An answer worth the name: at least one verdict and one citation quoting its document."""
    if not answer.get("verdicts"):
        raise RuntimeError(f"{door}: the answer has no verdicts")
    citations = answer.get("citations") or []
    if not citations or not all(c.get("quote") and c.get("doc_id") for c in citations):
        raise RuntimeError(f"{door}: the answer has no citations, or one without a quote")


def ask(url: str) -> None:
    reply = httpx.post(f"{url}/v1/ask", json={"question": QUESTION}, timeout=120)
    if reply.status_code != 200:
        raise RuntimeError(f"POST /v1/ask answered {reply.status_code}: {reply.text[:500]}")
    check_answer(reply.json(), "POST /v1/ask")
    chat = httpx.post(
        f"{url}/v1/chat/completions",
        json={"model": "partnership-advisor", "messages": [{"role": "user", "content": QUESTION}]},
        timeout=120,
    )
    if chat.status_code != 200:
        raise RuntimeError(
            f"POST /v1/chat/completions answered {chat.status_code}: {chat.text[:500]}"
        )
    check_answer(chat.json()["advisor"], "POST /v1/chat/completions")


def serve_and_ask(advisor: Path) -> None:
    """`advisor serve` on a free port answers over HTTP; its output is shown if it does not."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    # A file, not a pipe: the first index build's progress bar could fill a pipe and stall the server.
    with tempfile.TemporaryFile("w+") as log:
        server = subprocess.Popen(
            [str(advisor), "serve", "--port", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        failure: Exception | None = None
        try:
            wait_ready(url, server)
            ask(url)
        except (RuntimeError, httpx.HTTPError) as exc:
            failure = exc
        finally:
            if server.poll() is None:
                os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        if failure is not None:
            # Read once the server has exited: only then is all of its output in the file.
            log.seek(0)
            raise RuntimeError(f"{failure}\n--- advisor serve ---\n{log.read()}") from failure


def command_line(advisor: Path) -> None:
    """The other doors of the base install, on the index the server built."""

    def run(*args: str, stdin: str | None = None) -> str:
        done = subprocess.run(
            [str(advisor), *args],
            check=False,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if done.returncode != 0:
            raise RuntimeError(f"advisor {args[0]} exited {done.returncode}:\n{done.stderr}")
        return done.stdout

    check_answer(json.loads(run("ask", QUESTION, "--json")), "advisor ask")
    check_answer(json.loads(run("chat", "--json", stdin=f"{QUESTION}\n")), "advisor chat")
    if not json.loads(run("search", QUESTION, "--json")):
        raise RuntimeError("advisor search found no passage")
    tier = json.loads(run("assess", "partner_tier", "--set", "is_marquee_logo=true", "--json"))
    if tier.get("framework") != "partner_tier":
        raise RuntimeError(f"advisor assess gave {tier}")
    run("ingest", "--json")
    if not json.loads(run("corpus", "list", "--json")):
        raise RuntimeError("advisor corpus list shows no document")


def main() -> int:
    advisor = Path(sys.executable).parent / "advisor"
    try:
        serve_and_ask(advisor)
        command_line(advisor)
    except (RuntimeError, httpx.HTTPError, ValueError, subprocess.SubprocessError) as exc:
        print(f"smoke check failed: {exc}", file=sys.stderr)
        return 1
    print(
        f"smoke check passed: {advisor} serve and the command line answered with verdicts and citations"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
