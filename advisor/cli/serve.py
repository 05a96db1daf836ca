"""`advisor serve`: index the corpus if needed, then serve the HTTP API with uvicorn."""

from __future__ import annotations

import typer

from advisor.cli.app import app, handle_errors, prepare_index, settings


@app.command()
@handle_errors
def serve(
    host: str | None = typer.Option(
        None, help="Interface to bind; default from ADVISOR_SERVER__HOST (127.0.0.1)."
    ),
    port: int | None = typer.Option(
        None, min=1, max=65535, help="Port (1-65535); default from ADVISOR_SERVER__PORT (8000)."
    ),
    workers: int = typer.Option(
        1, min=1, help="Worker processes; sessions are shared through SQLite."
    ),
) -> None:
    """Serve the advisor over HTTP (API docs at /docs)."""
    import uvicorn

    from advisor.api.app import create_app
    from advisor.api.security import proxy_options
    from advisor.sessions import open_session_store

    config = settings()
    prepare_index(config)
    # A missing driver or an unreachable database fails here, in one line, not in every worker.
    open_session_store(config).close()
    app = create_app(config, warm=True)
    host = host or config.server.host
    port = port or config.server.port
    if workers > 1:
        # Each worker process builds its own app, and Settings, from the same ADVISOR_* environment.
        uvicorn.run(
            "advisor.api.app:create_served_app",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            **proxy_options(config.server),
        )
    else:
        uvicorn.run(app, host=host, port=port, **proxy_options(config.server))
