"""Auth and limits for the HTTP API: bearer keys, a per-key rate limit, a body cap, CORS, redacted logs.

One pure-ASGI middleware guards every `/v1` route, in this order:

    429 over the rate limit, with Retry-After: per key, or per client IP for requests without
        a known key (so guessing keys is limited too)
    401 no or wrong bearer key (only when keys are configured)
    413 body over `max_body_bytes`, counted as it streams in, so chunked bodies are covered
    422 a JSON body that isn't valid Unicode (a lone surrogate escape)

Questions are checked where every door meets them, in the service (advisor/question.py).

`/`, `/healthz` and the API docs stay open. Limits are per worker process unless
`ADVISOR_REDIS_URL` is set, when every process and host sharing that Redis shares one limit.
The client IP is the connection's peer: `X-Forwarded-For` counts only from the proxies listed
in `ADVISOR_SERVER__TRUSTED_PROXIES` (none by default), so a client can't choose its identity.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import math
import re
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Protocol
from urllib.parse import unquote

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
    """A token bucket per identity, in this process: `per_minute` requests a minute, bursts up to `per_minute`."""

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

    async def wait(self, identity: str) -> float:
        return self.hit(identity)

    def _forget_full(self, now: float) -> None:
        # A bucket that has refilled completely is the same as no bucket: drop it to bound memory.
        full_after = self.capacity / self.refill_per_s
        self._buckets = {k: v for k, v in self._buckets.items() if now - v[1] < full_after}


class Limiter(Protocol):
    async def wait(self, identity: str) -> float:
        """Take one request from `identity`'s budget: 0 when it may go ahead, else seconds to wait."""
        ...


def build_limiter(settings: Settings) -> Limiter:
    """Redis-shared when `ADVISOR_REDIS_URL` is set, else per process."""
    per_minute = settings.server.rate_limit_per_minute
    if settings.redis_url:
        from advisor.api.redis_limit import RedisRateLimiter

        return RedisRateLimiter(settings.redis_url, per_minute, fallback=RateLimiter(per_minute))
    return RateLimiter(per_minute)


class _BodyTooLarge(Exception):
    pass


class SecurityMiddleware:
    """Rate limit, auth, body cap and JSON/question checks for `/v1`; see the module docstring."""

    def __init__(
        self, app: ASGIApp, *, keys: frozenset[str], server: ServerSettings, limiter: Limiter
    ) -> None:
        self.app = app
        self.keys = [k.encode() for k in keys]
        self.limiter = limiter
        self.max_body = server.max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(PROTECTED_PREFIX):
            return await self.app(scope, receive, send)
        headers = dict(scope["headers"])
        token = _bearer_token(headers.get(b"authorization", b""))
        known = bool(self.keys) and any(hmac.compare_digest(token, key) for key in self.keys)
        # Counted before the key is checked, so wrong keys spend the client's budget: guessing is
        # limited. Keys are hashed so neither memory nor Redis ever holds one.
        client = scope.get("client") or ("unknown", 0)
        identity = "key:" + hashlib.sha256(token).hexdigest() if known else "ip:" + str(client[0])
        wait = await self.limiter.wait(identity)
        if wait:
            seconds = max(1, math.ceil(wait))
            detail = f"rate limit exceeded; retry in {seconds}s"
            return await _reject(send, 429, detail, {"retry-after": str(seconds)})
        if self.keys and not known:
            detail = "missing or unknown API key: send `Authorization: Bearer <key>`"
            return await _reject(send, 401, detail, {"www-authenticate": "Bearer"})
        if scope["method"] not in ("POST", "PUT", "PATCH"):
            return await self.app(scope, receive, send)
        declared = headers.get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.max_body:
            return await _reject(send, 413, self._too_large())
        try:
            body = await self._read_body(receive)
        except _BodyTooLarge:
            return await _reject(send, 413, self._too_large())
        if body and _is_json(headers.get(b"content-type")):
            problem = self._json_problem(body)
            if problem:
                return await _reject(send, 422, problem, field="body")
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

    def _json_problem(self, body: bytes) -> str | None:
        """What makes a JSON body unusable though it parses, else None."""
        try:
            data = json.loads(body)
        except (ValueError, RecursionError):  # deeply nested JSON exhausts the parser's stack
            return None  # the route's own validation reports malformed JSON
        try:
            # JSON may escape half a surrogate pair ("\ud800"): no Unicode text holds one, and
            # nothing downstream (tokenizer, database, UTF-8 response) can encode it.
            json.dumps(data, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            return "the JSON body holds an unpaired surrogate escape (\\ud800-\\udfff): send valid Unicode text"
        return None


def _is_json(content_type: bytes | None) -> bool:
    """Whether FastAPI reads this body as JSON: no content type, `*/json` or `*/*+json`, any case."""
    if not content_type:
        return True
    media = content_type.split(b";", 1)[0].strip().lower()
    return media.endswith((b"/json", b"+json"))


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
        """`text` with every secret and bearer token replaced, percent-encoded ones too."""
        clean = self._replace(text)
        decoded = clean
        # A key in a URL may have any of its characters percent-encoded, even twice: look at the
        # decoded text too, and log that (redacted) form when it held a secret.
        for _ in range(3):
            if "%" not in decoded:
                break
            decoded = unquote(decoded)
            redacted = self._replace(decoded)
            if redacted != decoded:
                return redacted
        return clean

    def _replace(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, "[REDACTED]")
        return _BEARER.sub(r"\1[REDACTED]", text)

    def __call__(self, *args: object, **kwargs: object) -> logging.LogRecord:
        record = self._base(*args, **kwargs)
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # a malformed format: the handler reports it, as always
            return record
        if self.redact(message) == message:
            return record
        # Redacted in place, format and arguments apart, so a formatter that reads `args` (uvicorn's
        # access log unpacks five of them) still finds them.
        if isinstance(record.msg, str):
            record.msg = self.redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(self._redact_arg(arg) for arg in record.args)
        elif isinstance(record.args, Mapping):
            record.args = {name: self._redact_arg(arg) for name, arg in record.args.items()}
        try:
            rebuilt: str | None = record.getMessage()
        except (TypeError, ValueError):
            rebuilt = None
        if rebuilt is None or self.redact(rebuilt) != rebuilt:
            # A secret split between the format and an argument: only the flat text is safe.
            record.msg, record.args = self.redact(message), ()
        return record

    def _redact_arg(self, arg: object) -> object:
        if arg is None or isinstance(arg, (int, float)):
            return arg
        text = arg if isinstance(arg, str) else str(arg)
        clean = self.redact(text)
        return arg if clean == text else clean


def redact_keys_in_logs(keys: Iterable[str]) -> KeyRedactor:
    """Install (once per process) the record factory that redacts `keys`, and add `keys` to it."""
    # The log-record factory is process-wide by nature, so the redactor is too.
    factory = logging.getLogRecordFactory()
    if not isinstance(factory, KeyRedactor):
        factory = KeyRedactor()
        logging.setLogRecordFactory(factory)
    factory.secrets |= set(keys)
    return factory


def proxy_options(server: ServerSettings) -> dict[str, Any]:
    """uvicorn options that read X-Forwarded-For only from `trusted_proxies`.

    uvicorn on its own trusts it from 127.0.0.1, so any local client could pick its address.
    """
    if not server.trusted_proxies:
        return {"proxy_headers": False}
    return {"proxy_headers": True, "forwarded_allow_ips": list(server.trusted_proxies)}


def install_security(app: FastAPI, settings: Settings) -> None:
    """Add the `/v1` guard, CORS (when origins are configured) and log redaction to `app`."""
    server = settings.server
    keys = load_api_keys(server)
    redact_keys_in_logs([*keys, *([settings.llm.api_key] if settings.llm.api_key else [])])
    app.add_middleware(
        SecurityMiddleware, keys=keys, server=server, limiter=build_limiter(settings)
    )
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
