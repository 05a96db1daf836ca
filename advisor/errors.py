"""The advisor's exceptions, each mapped to one HTTP status and one body (`ErrorBody`) by the API.

AdvisorError                  500  base; never raised directly
├── Misconfigured             500  the server's own settings are wrong (model name, prompt files)
├── InvalidInput              422  bad input: names the field and what to fix
├── NotFound                  404  unknown framework, session or document
├── IndexLocked               409  another ingest holds the writer lock
├── SessionFull               409  the session holds its turn limit: start a new one
├── IndexNotReady             503  no index yet: run `advisor ingest`
├── SessionStoreUnavailable   503  the sessions database can't be reached
├── StoreUnavailable          503  the vector store can't be reached: retry after `retry_after_s`
├── MissingDependency         500  an optional extra is not installed: names the pip command
└── InternalError             500  anything else that went wrong, said without the internals
"""

from __future__ import annotations

from typing import Any


class AdvisorError(Exception):
    status_code = 500

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def body(self) -> dict[str, Any]:
        """The error as every door reports it (`advisor.schemas.ErrorBody`)."""
        return {"error": type(self).__name__, "detail": self.message, "field": self.field}


class Misconfigured(AdvisorError):
    """The operator's settings are wrong: the caller can't fix it, so it is never a 4xx."""


class InvalidInput(AdvisorError):
    status_code = 422


class NotFound(AdvisorError):
    status_code = 404


class IndexLocked(AdvisorError):
    status_code = 409


class SessionFull(AdvisorError):
    status_code = 409


class IndexNotReady(AdvisorError):
    status_code = 503


class SessionStoreUnavailable(AdvisorError):
    status_code = 503


class StoreUnavailable(AdvisorError):
    status_code = 503

    def __init__(self, message: str, *, retry_after_s: float = 2.0) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s


class MissingDependency(AdvisorError):
    status_code = 500

    def __init__(self, package: str, extra: str) -> None:
        super().__init__(
            f"{package} is missing: install the {extra} extra: pip install -e '.[{extra}]'"
        )


class InternalError(AdvisorError):
    status_code = 500

    @classmethod
    def from_exception(cls, exc: BaseException) -> AdvisorError:
        """`exc` itself if it is an advisor error, else an InternalError that names only its type."""
        if isinstance(exc, AdvisorError):
            return exc
        return cls(
            f"the server failed while answering ({type(exc).__name__}); try again, and if it keeps "
            "failing, the server log has the details"
        )
