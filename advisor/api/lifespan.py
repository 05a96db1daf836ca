"""How a serving process starts: threads for every admitted question, a GIL the event loop gets
back quickly, and, for `advisor serve`, the index and reader loaded before the first request."""

from __future__ import annotations

import logging
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

import anyio.to_thread
from fastapi import FastAPI

from advisor.api.deps import app_service
from advisor.config import Settings
from advisor.errors import AdvisorError
from advisor.ingest import index_ready

logger = logging.getLogger("advisor.api")

OTHER_ROUTE_THREADS = 16
"""Worker threads beyond the questions': sessions, assess, readiness and the like."""
SWITCH_INTERVAL_S = 0.001
"""How long a thread holding the GIL keeps it from one that asks (Python's default is 5 ms)."""


def serving(
    settings: Settings, *, warm: bool
) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    """The app's lifespan. A question waiting on a model holds its worker thread, so a pool
    smaller than the admitted questions would queue them past their deadline. Every request
    step on the event loop needs the GIL, which CPU-bound answering threads hold in turns; a
    short switch interval keeps health checks and arrivals from waiting behind them."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        limiter = anyio.to_thread.current_default_thread_limiter()
        limiter.total_tokens = settings.server.max_concurrent_questions + OTHER_ROUTE_THREADS
        sys.setswitchinterval(SWITCH_INTERVAL_S)
        if warm and index_ready(settings):
            # Loading takes seconds of CPU; done before listening, no request waits for it. The
            # snapshot embeds what the index's cache lacks (sentences, bank questions) the same way,
            # and e5's onnxruntime copy, which a one-shot command skips, is loaded for every question.
            try:
                await anyio.to_thread.run_sync(app_service(app).retriever.warm)
            except AdvisorError as exc:  # a store that is away: questions load it when it's back
                logger.warning("not warmed at startup: %s: %s", type(exc).__name__, exc.message)
        yield

    return lifespan
