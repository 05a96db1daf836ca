"""Response shapes: server-sent events, one framing for every streamed route, and whole models as JSON."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any

from fastapi.responses import Response, StreamingResponse
from pydantic import BaseModel

from advisor.errors import AdvisorError, InternalError

logger = logging.getLogger(__name__)

# "X-Accel-Buffering: no" stops nginx-style proxies from holding the stream back until it ends.
_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}


def sse(data: Any, event: str | None = None) -> str:
    """One event: an optional `event:` line, then `data` as JSON."""
    return (
        f"event: {event}\n" if event else ""
    ) + f"data: {json.dumps(data, ensure_ascii=False)}\n\n"


def model_response(model: BaseModel) -> Response:
    """The model as JSON, serialized once on the worker thread that built it. Returned as a model,
    FastAPI would validate it again and serialize it on the event loop every request shares;
    the route's `response_model` still documents it."""
    return Response(model.model_dump_json(), media_type="application/json")


def event_stream(events: Iterator[str]) -> StreamingResponse:
    """A `text/event-stream` response that caches and proxies pass through unbuffered."""
    return StreamingResponse(events, media_type="text/event-stream", headers=_HEADERS)


def stream_error(exc: Exception) -> AdvisorError:
    """The error a stream reports after its status line went out; unexpected ones are logged in one line."""
    if not isinstance(exc, AdvisorError):
        logger.error("an answer stream failed: %s: %s", type(exc).__name__, exc)
    return InternalError.from_exception(exc)
