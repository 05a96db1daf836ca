"""FastAPI dependencies: the one Settings object and the services built from it."""

from __future__ import annotations

import threading
from typing import Annotated

import anyio.to_thread
from fastapi import Depends, FastAPI, Request

from advisor.api.outages import arrival
from advisor.config import Settings
from advisor.service import AdvisorService


def get_settings(request: Request) -> Settings:
    """The Settings the app was created with."""
    return request.app.state.settings


SettingsDep = Annotated[Settings, Depends(get_settings)]


_service_lock = threading.Lock()


def app_service(app: FastAPI) -> AdvisorService:
    """One AdvisorService per app, built on first use so the app starts without touching the index."""
    state = app.state
    if getattr(state, "service", None) is None:
        with _service_lock:
            if getattr(state, "service", None) is None:
                state.service = AdvisorService(state.settings)
    return state.service


async def _service(request: Request) -> AdvisorService:
    # Async, so a question spends no trip through the worker threads on it once the service exists.
    service: AdvisorService | None = getattr(request.app.state, "service", None)
    if service is None:
        return await anyio.to_thread.run_sync(app_service, request.app)
    return service


ServiceDep = Annotated[AdvisorService, Depends(_service)]

ArrivedDep = Annotated[float, Depends(arrival)]
