"""The HTTP API: thin FastAPI routers over the advisor's services."""

from advisor.api.app import create_app

__all__ = ["create_app"]
