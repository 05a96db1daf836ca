"""Python clients for the advisor's HTTP API, sync and async, returning the same pydantic schemas as the core.

    with AdvisorClient("http://127.0.0.1:8000", api_key="...") as advisor:
        answer = advisor.ask("Should a seed-stage startup sign an exclusive OEM deal?")
        print(answer.answer, answer.verdicts[0].verdict)

Server errors come back as the advisor's own exceptions (`InvalidInput`, `NotFound`, ...),
so code behaves the same against a local `AdvisorService` and a remote server.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, Self, TypeVar
from urllib.parse import quote

import httpx
from pydantic import TypeAdapter

from advisor.errors import (
    AdvisorError,
    IndexLocked,
    IndexNotReady,
    InvalidInput,
    Misconfigured,
    NotFound,
)
from advisor.schemas import (
    Answer,
    Citation,
    Fact,
    FrameworkInfo,
    SessionHistory,
    SessionInfo,
    Verdict,
)

T = TypeVar("T")
DEFAULT_URL = "http://127.0.0.1:8000"
_ERRORS: dict[str, type[AdvisorError]] = {
    cls.__name__: cls for cls in (InvalidInput, NotFound, IndexLocked, IndexNotReady, Misconfigured)
}
_FACTS, _VERDICTS, _CITATIONS = (
    TypeAdapter(list[Fact]),
    TypeAdapter(list[Verdict]),
    TypeAdapter(list[Citation]),
)
_FRAMEWORKS = TypeAdapter(list[FrameworkInfo])
# Each stream event's payload, parsed into the schema it carries.
_EVENT_PARSERS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "facts": lambda d: _FACTS.validate_python(d["facts"]),
    "verdicts": lambda d: _VERDICTS.validate_python(d["verdicts"]),
    "citations": lambda d: _CITATIONS.validate_python(d["citations"]),
    "token": lambda d: d["text"],
    "done": Answer.model_validate,
}
StreamEvent = tuple[str, Any]


class APIError(AdvisorError):
    """An HTTP error the advisor has no exception class for (401, 413, 429, 5xx); `status_code` is the HTTP status."""

    def __init__(self, status_code: int, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.retry_after = retry_after


@dataclass(frozen=True)
class _Call(Generic[T]):
    method: str
    path: str
    parse: Callable[[Any], T]
    body: dict[str, Any] | None = None


def _raise_for_status(response: httpx.Response) -> None:
    if response.is_success:
        return
    try:
        body = response.json()
    except ValueError:
        body = {"detail": response.text}
    detail = (
        str(body.get("detail") or response.reason_phrase)
        if isinstance(body, dict)
        else response.text
    )
    name = body.get("error") if isinstance(body, dict) else None
    if name in _ERRORS:
        raise _ERRORS[name](detail, field=body.get("field"))
    retry_after = response.headers.get("retry-after")
    raise APIError(
        response.status_code, detail, retry_after=float(retry_after) if retry_after else None
    )


def _sse_events(lines: Iterable[str]) -> Iterator[StreamEvent]:
    """Parse server-sent events into (kind, schema) pairs; an `error` event raises."""
    kind, data = "message", []
    for line in lines:
        if line.startswith("event:"):
            kind = line[6:].strip()
        elif line.startswith("data:"):
            data.append(line[5:].strip())
        elif not line and data:
            payload = json.loads("\n".join(data))
            if kind == "error":
                cls = _ERRORS.get(payload.get("error"), AdvisorError)
                raise cls(payload.get("detail", "the stream failed"), field=payload.get("field"))
            yield kind, _EVENT_PARSERS.get(kind, lambda d: d)(payload)
            kind, data = "message", []


class _Calls:
    """What each API operation sends and how its reply is parsed, shared by both clients."""

    @staticmethod
    def ask(question: str, session_id: str | None) -> _Call[Answer]:
        return _Call(
            "POST",
            "/v1/ask",
            Answer.model_validate,
            {"question": question, "session_id": session_id},
        )

    @staticmethod
    def create_session() -> _Call[SessionInfo]:
        return _Call("POST", "/v1/sessions", SessionInfo.model_validate)

    @staticmethod
    def get_session(session_id: str) -> _Call[SessionHistory]:
        return _Call(
            "GET", f"/v1/sessions/{quote(session_id, safe='')}", SessionHistory.model_validate
        )

    @staticmethod
    def send(session_id: str, question: str) -> _Call[Answer]:
        path = f"/v1/sessions/{quote(session_id, safe='')}/messages"
        return _Call("POST", path, Answer.model_validate, {"question": question})

    @staticmethod
    def stream_path(session_id: str) -> str:
        return f"/v1/sessions/{quote(session_id, safe='')}/messages:stream"

    @staticmethod
    def assess(framework: str, inputs: dict[str, Any]) -> _Call[Verdict]:
        return _Call(
            "POST", f"/v1/assess/{quote(framework, safe='')}", Verdict.model_validate, inputs
        )

    @staticmethod
    def frameworks() -> _Call[list[FrameworkInfo]]:
        return _Call("GET", "/v1/frameworks", _FRAMEWORKS.validate_python)

    @staticmethod
    def framework(framework: str) -> _Call[FrameworkInfo]:
        return _Call(
            "GET", f"/v1/frameworks/{quote(framework, safe='')}", FrameworkInfo.model_validate
        )


def _headers(api_key: str | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {api_key}"} if api_key else {}


class AdvisorClient:
    """A blocking client; pass `http_client` to reuse your own `httpx.Client` (transport, proxies, retries)."""

    def __init__(
        self,
        base_url: str = DEFAULT_URL,
        *,
        api_key: str | None = None,
        timeout: float = 60.0,
        http_client: httpx.Client | None = None,
    ) -> None:
        self._http = http_client or httpx.Client(base_url=base_url, timeout=timeout)
        self._http.headers.update(_headers(api_key))

    def _run(self, call: _Call[T]) -> T:
        response = self._http.request(call.method, call.path, json=call.body)
        _raise_for_status(response)
        return call.parse(response.json())

    def ask(self, question: str, *, session_id: str | None = None) -> Answer:
        """One question; with `session_id`, the session's earlier facts apply and the turn is stored."""
        return self._run(_Calls.ask(question, session_id))

    def create_session(self) -> SessionInfo:
        """A new conversation whose turns share facts."""
        return self._run(_Calls.create_session())

    def get_session(self, session_id: str) -> SessionHistory:
        """Every turn of a session so far, oldest first."""
        return self._run(_Calls.get_session(session_id))

    def send(self, session_id: str, question: str) -> Answer:
        """The next question of a session."""
        return self._run(_Calls.send(session_id, question))

    def stream(self, session_id: str, question: str) -> Iterator[StreamEvent]:
        """The next question of a session as events: facts, verdicts, citations, token (str)..., done (Answer)."""
        path = _Calls.stream_path(session_id)
        with self._http.stream("POST", path, json={"question": question}) as response:
            if not response.is_success:
                response.read()
                _raise_for_status(response)
            yield from _sse_events(response.iter_lines())

    def assess(self, framework: str, inputs: dict[str, Any]) -> Verdict:
        """A framework's verdict for explicit inputs (see GET /v1/frameworks/{id} for the fields)."""
        return self._run(_Calls.assess(framework, inputs))

    def frameworks(self) -> list[FrameworkInfo]:
        """Every framework scorer the server knows."""
        return self._run(_Calls.frameworks())

    def framework(self, framework: str) -> FrameworkInfo:
        """A scorer's verdicts, input schema and cited rules."""
        return self._run(_Calls.framework(framework))

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class AsyncAdvisorClient:
    """The same operations as `AdvisorClient`, awaitable, on `httpx.AsyncClient`."""

    def __init__(
        self,
        base_url: str = DEFAULT_URL,
        *,
        api_key: str | None = None,
        timeout: float = 60.0,
        http_client: httpx.AsyncClient | None = None,
    ) -> None:
        self._http = http_client or httpx.AsyncClient(base_url=base_url, timeout=timeout)
        self._http.headers.update(_headers(api_key))

    async def _run(self, call: _Call[T]) -> T:
        response = await self._http.request(call.method, call.path, json=call.body)
        _raise_for_status(response)
        return call.parse(response.json())

    async def ask(self, question: str, *, session_id: str | None = None) -> Answer:
        return await self._run(_Calls.ask(question, session_id))

    async def create_session(self) -> SessionInfo:
        return await self._run(_Calls.create_session())

    async def get_session(self, session_id: str) -> SessionHistory:
        return await self._run(_Calls.get_session(session_id))

    async def send(self, session_id: str, question: str) -> Answer:
        return await self._run(_Calls.send(session_id, question))

    async def stream(self, session_id: str, question: str) -> AsyncIterator[StreamEvent]:
        path = _Calls.stream_path(session_id)
        async with self._http.stream("POST", path, json={"question": question}) as response:
            if not response.is_success:
                await response.aread()
                _raise_for_status(response)
            pending: list[str] = []  # one event's lines; parsed when its blank line arrives
            async for line in response.aiter_lines():
                pending.append(line)
                if not line:
                    for event in _sse_events(pending):
                        yield event
                    pending = []

    async def assess(self, framework: str, inputs: dict[str, Any]) -> Verdict:
        return await self._run(_Calls.assess(framework, inputs))

    async def frameworks(self) -> list[FrameworkInfo]:
        return await self._run(_Calls.frameworks())

    async def framework(self, framework: str) -> FrameworkInfo:
        return await self._run(_Calls.framework(framework))

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()
