"""Failures reach callers as the one error body, never as a traceback, and load can't starve the server.

- A vector store or index that is away answers 503 with `Retry-After` and `ErrorBody`.
- Any other exception becomes a JSON 500 (or ends a stream that already started), logged in one line.
- Each request's arrival time is stamped before it waits for anything, so the LLM deadline
  counts from arrival; question routes hold at most `max_concurrent_questions` worker threads,
  and the rest wait on the event loop, where health checks never queue behind them.
"""

from __future__ import annotations

import logging
import math
import time

import anyio
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from advisor.errors import AdvisorError, IndexNotReady, InternalError, StoreUnavailable

logger = logging.getLogger("advisor.api")

_QUESTION_PATHS = ("/v1/ask", "/v1/chat/completions")
_INDEX_RETRY_S = 10


async def arrival(request: Request) -> float:
    """When the request arrived (monotonic seconds): the LLM deadline counts from here.
    (Async: a dependency this small shouldn't take a trip through the worker threads.)"""
    return request.scope.get("state", {}).get("arrived", time.monotonic())


def _is_question(scope: Scope) -> bool:
    path = scope["path"]
    return scope["method"] == "POST" and (
        path in _QUESTION_PATHS or (path.startswith("/v1/sessions/") and "/messages" in path)
    )


class OutageMiddleware:
    """Stamps arrival, bounds concurrent questions, and turns unexpected errors into one log line."""

    def __init__(self, app: ASGIApp, *, max_questions: int) -> None:
        self.app = app
        self.questions = anyio.Semaphore(max_questions)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        scope.setdefault("state", {})["arrived"] = time.monotonic()
        started = False

        async def watch(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            if _is_question(scope):
                async with self.questions:
                    await self.app(scope, receive, watch)
            else:
                await self.app(scope, receive, watch)
        except Exception as exc:  # noqa: BLE001 - every failure must reach the caller as the error body
            logger.error(
                "%s %s failed: %s: %s", scope["method"], scope["path"], type(exc).__name__, exc
            )
            if started:  # a stream was cut: its status is sent, so end the body cleanly
                await send({"type": "http.response.body", "body": b"", "more_body": False})
                return
            error = InternalError.from_exception(exc)
            await JSONResponse(error.body(), status_code=error.status_code)(scope, receive, send)


async def _unavailable(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, AdvisorError)
    logger.warning(
        "%s %s: %s: %s", request.method, request.url.path, type(exc).__name__, exc.message
    )
    retry = getattr(exc, "retry_after_s", _INDEX_RETRY_S)
    return JSONResponse(
        exc.body(), status_code=503, headers={"Retry-After": str(max(1, math.ceil(retry)))}
    )


def install_outage_handling(app: FastAPI, *, max_questions: int) -> None:
    """503 + Retry-After for a store or index that is away; the middleware above for the rest."""
    app.add_exception_handler(StoreUnavailable, _unavailable)
    app.add_exception_handler(IndexNotReady, _unavailable)
    app.add_middleware(OutageMiddleware, max_questions=max_questions)
