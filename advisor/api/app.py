"""The app factory: one Settings in, a FastAPI app out; routers hold no logic of their own."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from advisor import __version__
from advisor.api import ask, frameworks, health, openai_compat, web
from advisor.api.docs import install_docs
from advisor.api.lifespan import serving
from advisor.api.outages import install_outage_handling
from advisor.api.security import install_security
from advisor.config import Settings
from advisor.errors import AdvisorError


def create_app(settings: Settings | None = None, *, warm: bool = False) -> FastAPI:
    """The API app with every router and the advisor's error handling; settings default to the
    environment. `warm` loads the index and the reader at startup, before the first request."""
    settings = settings or Settings()
    app = FastAPI(
        title="Partnership Advisor",
        version=__version__,
        description="Cited guidance and deterministic framework verdicts for technology partnerships.",
        # FastAPI's own pages load their scripts from a CDN; /docs is served locally instead.
        docs_url=None,
        redoc_url=None,
        lifespan=serving(settings, warm=warm),
    )
    app.state.settings = settings

    @app.exception_handler(AdvisorError)
    async def _advisor_error(_: Request, exc: AdvisorError) -> JSONResponse:
        return JSONResponse(status_code=exc.status_code, content=exc.body())

    @app.exception_handler(HTTPException)
    async def _http_error(request: Request, exc: HTTPException) -> Response:
        # FastAPI says only "There was an error parsing the body"; the cause says what to fix.
        problem = _unreadable_body(exc.__cause__)
        if exc.status_code == 400 and problem:
            return _bad_body(problem)
        return await http_exception_handler(request, exc)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        if errors and errors[0]["type"] == "json_invalid":
            return _bad_body(_json_problem(str(exc.body), errors[0]))
        first = errors[0] if errors else {"loc": ("body",), "msg": "invalid request"}
        name = ".".join(str(p) for p in first["loc"] if p != "body") or "body"
        return JSONResponse(
            status_code=422,
            content={
                "error": "InvalidInput",
                "detail": f"field {name!r}: {first['msg']}",
                "field": name,
                "errors": [{"loc": list(map(str, e["loc"])), "msg": e["msg"]} for e in errors],
            },
        )

    app.include_router(health.router)
    app.include_router(frameworks.router)
    app.include_router(ask.router)
    app.include_router(openai_compat.router)
    app.include_router(web.router)
    install_docs(app)
    install_security(app, settings)
    install_outage_handling(app, max_questions=settings.server.max_concurrent_questions)
    return app


def create_served_app() -> FastAPI:
    """The app `advisor serve` runs in each worker process: warmed before it listens."""
    return create_app(warm=True)


def _bad_body(detail: str) -> JSONResponse:
    return JSONResponse(
        status_code=400, content={"error": "InvalidJSON", "detail": detail, "field": "body"}
    )


def _json_problem(doc: str, error: dict[str, Any]) -> str:
    """Where the JSON broke, as line and column (FastAPI gives a character offset)."""
    position = error["loc"][-1]
    line = doc.count("\n", 0, position) + 1
    column = position - doc.rfind("\n", 0, position)
    return f"the body is not valid JSON: {error['ctx']['error']} at line {line}, column {column}"


def _unreadable_body(cause: BaseException | None) -> str | None:
    if isinstance(cause, UnicodeDecodeError):
        return (
            f"the body is not valid UTF-8: byte 0x{cause.object[cause.start]:02x} at byte "
            f"{cause.start}; send JSON encoded as UTF-8"
        )
    if isinstance(cause, RecursionError):
        return "the body nests JSON arrays or objects too deeply to read; flatten it"
    return None
