"""A local OpenAI-compatible chat server for tests: the real `ChatOpenAI` HTTP path, with faults on demand.

    with StubOpenAI(mode="hang") as stub:
        settings.llm = LLMSettings(model="stub", base_url=stub.url, timeout_s=1)

Modes: `ok` (scripted replies, else a reply grounded in the prompt's first passages, or to a
facts request the framework's input as the pattern extractor reads it),
`slow-timeout` (answers after `delay_s`, longer than the client's deadline), `http500`,
`hang` (never answers until the stub closes) and `invalid-json` (a 200 whose body is not JSON).
Every request body is recorded in `requests`. Change `mode` between requests as needed.
A request with `"stream": true` gets its reply as `chat.completion.chunk` events of a few
characters each, `chunk_delay_s` apart; `stream_log` holds when each was sent and
`stream_finished` when the last one was.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self

from advisor.facts import EXTRACTION_PROMPT, extract_facts, facts_to_inputs
from advisor.frameworks import REGISTRY
from tests.fakes import grounded_reply

MODES = ("ok", "slow-timeout", "http500", "hang", "invalid-json")
_PIECE = 24  # characters per streamed chunk: about what a model sends at a time
Reply = str | Callable[[list[dict[str, Any]]], str]


class StubOpenAI:
    """Serves `/v1/chat/completions` and `/v1/models` on 127.0.0.1 at a free port."""

    def __init__(
        self,
        mode: str = "ok",
        *,
        replies: list[Reply] | None = None,
        delay_s: float = 30.0,
        chunk_delay_s: float = 0.0,
    ) -> None:
        self.mode = mode
        self.replies: list[Reply] = list(replies or [])
        self.delay_s = delay_s
        self.chunk_delay_s = chunk_delay_s
        self.stream_finished: float | None = None
        self.stream_log: list[
            tuple[float, str]
        ] = []  # (monotonic time sent, piece) of the last stream
        self.requests: list[dict[str, Any]] = []
        self._release = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        """The base URL to give an OpenAI client (`.../v1`)."""
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "mode" and value not in MODES:
            raise ValueError(f"unknown stub mode {value!r}; use one of {MODES}")
        super().__setattr__(name, value)

    def start(self) -> Self:
        self._thread.start()
        return self

    def close(self) -> None:
        self._release.set()  # frees hanging and slow handlers
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    def next_content(self, messages: list[dict[str, Any]]) -> str:
        reply = self.replies.pop(0) if self.replies else default_reply
        return reply(messages) if callable(reply) else reply

    def wait(self, seconds: float) -> None:
        self._release.wait(seconds)


def default_reply(messages: list[dict[str, Any]]) -> str:
    if str(messages[0].get("content", "")).startswith(EXTRACTION_PROMPT):
        return facts_reply(messages)
    return grounded_reply("\n".join(str(m.get("content", "")) for m in messages))


def facts_reply(messages: list[dict[str, Any]]) -> str:
    """A structured-output reply to a facts request: what the pattern extractor reads, as the framework's input."""
    title = re.search(r"^Framework: (.+?)\. ", str(messages[0]["content"]), re.MULTILINE)
    framework = next((fw for fw in REGISTRY.values() if title and fw.title == title.group(1)), None)
    inputs = facts_to_inputs(extract_facts(str(messages[-1]["content"])))
    return json.dumps(inputs.get(framework.id, {}) if framework else {})


def _completion(model: str, content: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-stub",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


def _handler(stub: StubOpenAI) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:  # keep test output clean
            pass

        def _send(self, status: int, body: bytes, content_type: str = "application/json") -> None:
            try:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up first: exactly what the timeout modes provoke

        def do_GET(self) -> None:
            if self.path.rstrip("/").endswith("/models"):
                body = {
                    "object": "list",
                    "data": [{"id": "stub", "object": "model", "owned_by": "tests"}],
                }
                self._send(200, json.dumps(body).encode())
            else:
                self._send(404, b'{"error": {"message": "not found"}}')

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            request = json.loads(self.rfile.read(length) or b"{}")
            stub.requests.append(request)
            mode = stub.mode
            if mode == "hang":
                stub.wait(3600)
                return
            if mode == "slow-timeout":
                stub.wait(stub.delay_s)
            if mode == "http500":
                self._send(500, b'{"error": {"message": "stub failure", "type": "server_error"}}')
                return
            if mode == "invalid-json":
                self._send(200, b'{"id": "chatcmpl-stub", "choices": [{"message": ')
                return
            content = stub.next_content(request.get("messages", []))
            if request.get("stream"):
                self._stream(request.get("model", "stub"), content)
                return
            self._send(200, json.dumps(_completion(request.get("model", "stub"), content)).encode())

        def _stream(self, model: str, content: str) -> None:
            pieces = [content[i : i + _PIECE] for i in range(0, len(content), _PIECE)]
            deltas = [{"role": "assistant", "content": ""}] + [{"content": p} for p in pieces]
            stub.stream_log = []
            try:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                for i, delta in enumerate([*deltas, {}]):
                    chunk = {
                        "id": "chatcmpl-stub",
                        "object": "chat.completion.chunk",
                        "created": int(time.time()),
                        "model": model,
                        "choices": [
                            {"index": 0, "delta": delta, "finish_reason": None if delta else "stop"}
                        ],
                    }
                    self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                    self.wfile.flush()
                    stub.stream_log.append((time.monotonic(), delta.get("content", "")))
                    if i and delta:
                        stub.wait(stub.chunk_delay_s)
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()
                stub.stream_finished = time.monotonic()
            except (BrokenPipeError, ConnectionResetError):
                pass

    return Handler
