"""The app factory: one Settings in, a FastAPI app out; routers hold no logic of their own."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from advisor import __version__
from advisor.api import ask, frameworks, health, openai_compat, web
from advisor.api.outages import install_outage_handling
from advisor.api.security import install_security
from advisor.config import Settings
from advisor.errors import AdvisorError


def create_app(settings: Settings | None = None) -> FastAPI:
    """The API app with every router and the advisor's error handling; settings default to the environment."""
    settings = settings or Settings()
    app = FastAPI(
        title="Partnership Advisor",
        version=__version__,
        description="Cited guidance and deterministic framework verdicts for technology partnerships.",
    )
    app.state.settings = settings

    @app.exception_handler(AdvisorError)
    async def _advisor_error(_: Request, exc: AdvisorError) -> JSONResponse:
        return JSONResponse(
            status_code=exc.status_code,
            content={"error": type(exc).__name__, "detail": exc.message, "field": exc.field},
        )

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
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
    install_security(app, settings)
    install_outage_handling(app, max_questions=settings.server.max_concurrent_questions)
    return app
