"""The OpenAPI spec tells clients (and fuzzers) every reply a route can give, errors included."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from advisor.schemas import ErrorBody

_ERROR_SCHEMA = ErrorBody.model_json_schema()
_ERROR = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
_RETRY_AFTER = {
    "Retry-After": {
        "required": True,
        "schema": {"type": "integer"},
        "description": "Seconds to wait.",
    }
}


def document_responses(app: FastAPI, *, auth: bool, prefix: str = "/v1") -> None:
    """Describe in the OpenAPI spec what the guard and the error handler answer on `prefix` routes.

    Error bodies are `Error`; 429 on every route, 400/413 where there is a body, 404/422 where
    there is input, and with `auth` a bearer security scheme and 401.
    """
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None and getattr(app.state, "openapi_documented", False):
            return app.openapi_schema
        schema = build()
        components = schema.setdefault("components", {})
        components.setdefault("schemas", {})["Error"] = _ERROR_SCHEMA
        if auth:
            components.setdefault("securitySchemes", {})["bearer"] = {
                "type": "http",
                "scheme": "bearer",
            }
        for path, operations in schema["paths"].items():
            if not path.startswith(prefix):
                continue
            for operation in operations.values():
                _document_operation(operation, auth)
        app.state.openapi_documented = True
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def _document_operation(operation: dict[str, Any], auth: bool) -> None:
    responses = operation["responses"]

    def add(status: int, description: str, **extra: Any) -> None:
        responses[str(status)] = {"description": description, "content": _ERROR, **extra}

    has_input = "requestBody" in operation or bool(operation.get("parameters"))
    if has_input:
        add(422, "Invalid input; `field` names what to fix.")
        add(404, "An id in the request (framework, session, model, document) is unknown.")
    if "requestBody" in operation:
        add(413, "Request body over the configured size cap.")
        add(400, "The body is not valid JSON (or UTF-8); `detail` says where it breaks.")
    add(429, "Rate limit exceeded; retry after `Retry-After` seconds.", headers=_RETRY_AFTER)
    add(500, "The server failed, or its own settings are wrong (`Misconfigured`).")
    add(
        503,
        "No index yet, or the vector store is unreachable; retry after `Retry-After` seconds.",
        headers=_RETRY_AFTER,
    )
    if auth:
        operation["security"] = [{"bearer": []}]
        add(401, "Missing or unknown API key.")
