"""Auth and limits for the HTTP API: bearer keys, a per-key rate limit, a body cap, CORS, redacted logs.

One pure-ASGI middleware guards every `/v1` route, in this order:

    401 no or wrong bearer key (only when keys are configured)
    429 over the per-key (or per-client-IP) rate limit, with Retry-After
    413 body over `max_body_bytes`, counted as it streams in, so chunked bodies are covered

Questions are checked where every door meets them, in the service (advisor/question.py).

`/`, `/healthz` and the API docs stay open. Limits are per worker process: with N workers
a client can reach N times the rate, so put the per-key limit at your proxy for exact numbers.
"""

from __future__ import annotations

import hmac
import json
import logging
import math
import re
import time
from collections.abc import Callable, Iterable

from fastapi import FastAPI
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from advisor.api.openapi import document_responses
from advisor.config import ServerSettings, Settings

PROTECTED_PREFIX = "/v1"
_BEARER = re.compile(r"(?i)(bearer\s+)[^\s'\",]+")


def load_api_keys(server: ServerSettings) -> frozenset[str]:
    """The configured keys: `api_keys` plus one key per non-blank, non-# line of `api_keys_file`."""
    keys = {k.strip() for k in server.api_keys if k.strip()}
    if server.api_keys_file is not None:
        lines = server.api_keys_file.read_text(encoding="utf-8").splitlines()
        keys |= {
            line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")
        }
    return frozenset(keys)


class RateLimiter:
    """A token bucket per identity: `per_minute` requests a minute, bursts up to `per_minute`."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.capacity = float(per_minute)
        self.refill_per_s = per_minute / 60.0
        self.clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}

    def hit(self, identity: str) -> float:
        """0 when the request may go ahead, else the seconds until it may."""
        now = self.clock()
        tokens, last = self._buckets.get(identity, (self.capacity, now))
        tokens = min(self.capacity, tokens + (now - last) * self.refill_per_s)
        if tokens < 1.0:
            self._buckets[identity] = (tokens, now)
            return (1.0 - tokens) / self.refill_per_s
        self._buckets[identity] = (tokens - 1.0, now)
        if len(self._buckets) > 10_000:
            self._forget_full(now)
        return 0.0

    def _forget_full(self, now: float) -> None:
        # A bucket that has refilled completely is the same as no bucket: drop it to bound memory.
        full_after = self.capacity / self.refill_per_s
        self._buckets = {k: v for k, v in self._buckets.items() if now - v[1] < full_after}


class _BodyTooLarge(Exception):
    pass


class SecurityMiddleware:
    """Auth, rate limit, body cap and question-token cap for `/v1`; see the module docstring."""

    def __init__(self, app: ASGIApp, *, keys: frozenset[str], server: ServerSettings) -> None:
        self.app = app
        self.keys = [k.encode() for k in keys]
        self.limiter = RateLimiter(server.rate_limit_per_minute)
        self.max_body = server.max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(PROTECTED_PREFIX):
            return await self.app(scope, receive, send)
        headers = dict(scope["headers"])
        token = _bearer_token(headers.get(b"authorization", b""))
        if self.keys and not any(hmac.compare_digest(token, key) for key in self.keys):
            detail = "missing or unknown API key: send `Authorization: Bearer <key>`"
            return await _reject(send, 401, detail, {"www-authenticate": "Bearer"})
        client = scope.get("client") or ("unknown", 0)
        identity = "key:" + token.decode() if self.keys else "ip:" + str(client[0])
        wait = self.limiter.hit(identity)
        if wait:
            seconds = max(1, math.ceil(wait))
            detail = f"rate limit exceeded; retry in {seconds}s"
            return await _reject(send, 429, detail, {"retry-after": str(seconds)})
        if scope["method"] not in ("POST", "PUT", "PATCH"):
            return await self.app(scope, receive, send)
        declared = headers.get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.max_body:
            return await _reject(send, 413, self._too_large())
        try:
            body = await self._read_body(receive)
        except _BodyTooLarge:
            return await _reject(send, 413, self._too_large())
        await self.app(scope, _replay(body, receive), send)

    def _too_large(self) -> str:
        return f"request body over {self.max_body} bytes (ADVISOR_SERVER__MAX_BODY_BYTES)"

    async def _read_body(self, receive: Receive) -> bytes:
        # Counted as chunks arrive: a chunked upload with no Content-Length is cut off just the same.
        parts, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body:
                raise _BodyTooLarge
            parts.append(chunk)
            if not message.get("more_body", False):
                break
        return b"".join(parts)


def _bearer_token(value: bytes) -> bytes:
    scheme, _, token = value.partition(b" ")
    return token.strip() if scheme.lower() == b"bearer" else b""


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return (
            await receive()
        )  # later calls wait for the client to disconnect, as streaming routes expect

    return replay


async def _reject(
    send: Send,
    status: int,
    detail: str,
    headers: dict[str, str] | None = None,
    *,
    field: str | None = None,
) -> None:
    error = {401: "Unauthorized", 413: "PayloadTooLarge", 422: "InvalidInput", 429: "RateLimited"}[
        status
    ]
    body = json.dumps({"error": error, "detail": detail, "field": field}).encode()
    raw = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    raw += [(k.encode(), v.encode()) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


class KeyRedactor:
    """Rewrites every log record so that API keys and bearer tokens never reach a log handler.

    It wraps the log-record factory instead of filtering handlers, so it also covers handlers
    added later (uvicorn's, pytest's) and records from any library.
    """

    def __init__(self) -> None:
        self.secrets: set[str] = set()
        self._base = logging.getLogRecordFactory()

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, "[REDACTED]")
        return _BEARER.sub(r"\1[REDACTED]", text)

    def __call__(self, *args: object, **kwargs: object) -> logging.LogRecord:
        record = self._base(*args, **kwargs)
        try:
            message = record.getMessage()
        except (
            TypeError,
            ValueError,
        ):  # a malformed format: the handler reports it, as logging always does
            return record
        clean = self.redact(message)
        if clean != message:
            record.msg, record.args = clean, ()
        return record


def redact_keys_in_logs(keys: Iterable[str]) -> KeyRedactor:
    """Install (once per process) the record factory that redacts `keys`, and add `keys` to it."""
    # The log-record factory is process-wide by nature, so the redactor is too.
    factory = logging.getLogRecordFactory()
    if not isinstance(factory, KeyRedactor):
        factory = KeyRedactor()
        logging.setLogRecordFactory(factory)
    factory.secrets |= set(keys)
    return factory


def install_security(app: FastAPI, settings: Settings) -> None:
    """Add the `/v1` guard, CORS (when origins are configured) and log redaction to `app`."""
    server = settings.server
    keys = load_api_keys(server)
    redact_keys_in_logs([*keys, *([settings.llm.api_key] if settings.llm.api_key else [])])
    app.add_middleware(SecurityMiddleware, keys=keys, server=server)
    document_responses(app, auth=bool(keys), prefix=PROTECTED_PREFIX)
    if server.cors_origins:
        # Added last, so it runs first: preflights and 401/429 replies carry the CORS headers too.
        app.add_middleware(
            CORSMiddleware,
            allow_origins=server.cors_origins,
            allow_methods=["GET", "POST", "OPTIONS"],
            allow_headers=["Authorization", "Content-Type"],
            expose_headers=["Retry-After"],
        )
