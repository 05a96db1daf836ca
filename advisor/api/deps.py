"""FastAPI dependencies: the one Settings object and the services built from it."""

from __future__ import annotations

import threading
from typing import Annotated

from fastapi import Depends, Request

from advisor.api.outages import arrival
from advisor.config import Settings
from advisor.service import AdvisorService


def get_settings(request: Request) -> Settings:
    """The Settings the app was created with."""
    return request.app.state.settings


SettingsDep = Annotated[Settings, Depends(get_settings)]


_service_lock = threading.Lock()


def get_service(request: Request) -> AdvisorService:
    """One AdvisorService per app, built on first use so the app starts without touching the index."""
    state = request.app.state
    if getattr(state, "service", None) is None:
        with _service_lock:
            if getattr(state, "service", None) is None:
                state.service = AdvisorService(state.settings)
    return state.service


ServiceDep = Annotated[AdvisorService, Depends(get_service)]

ArrivedDep = Annotated[float, Depends(arrival)]
