"""Routes for the framework scorers: list, describe, assess."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/v1", tags=["frameworks"])
