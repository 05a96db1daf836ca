"""Liveness and readiness probes: both answer on the event loop, never behind questions."""

from __future__ import annotations

import anyio
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from advisor import __version__
from advisor.api.deps import app_service
from advisor.store import IndexStatus, index_status

router = APIRouter(tags=["ops"])


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    """Liveness probe: the process answers. Cheap, never needs auth, never touches the index."""
    return {"status": "ok", "version": __version__}


@router.get(
    "/readyz",
    response_model=IndexStatus,
    responses={503: {"model": IndexStatus, "description": "No index to answer from yet."}},
)
async def readyz(request: Request) -> JSONResponse:
    """Readiness probe: the index and the vector store as they are now.

    `ready`: a complete index and every vector in reach. `degraded` (still 200): answers come,
    but an ingest is under way or the vector store is away and search runs on BM25 alone.
    `not_ready` (503): there is no index to answer from.
    """
    settings = request.app.state.settings
    # The store the answers use, opened only once there is an index (building it loads the model).
    status = await anyio.to_thread.run_sync(
        lambda: index_status(settings, lambda: app_service(request.app).retriever.store)
    )
    return JSONResponse(
        status.model_dump(), status_code=503 if status.status == "not_ready" else 200
    )
