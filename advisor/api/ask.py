"""Routes for asking: one-shot questions, sessions, and a server-sent-event stream of each answer."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import APIRouter, Path
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, ConfigDict, Field

from advisor.api.deps import ArrivedDep, ServiceDep
from advisor.api.sse import event_stream, sse
from advisor.errors import AdvisorError
from advisor.schemas import Answer, SessionHistory, SessionInfo

router = APIRouter(prefix="/v1", tags=["advisor"])

QUESTION = Field(
    min_length=1,
    max_length=4000,
    # Not blank: a blank question is refused, so the schema says so (\x1c-\x1f are blank to Python).
    pattern=r"[^\s\x1c-\x1f]",
    description="A plain-English question about a technology partnership.",
    examples=[
        "We're a seed-stage startup and Cisco offered an exclusive OEM deal. Should we sign?"
    ],
)
SessionId = Annotated[
    str, Path(min_length=1, max_length=64, description="Id returned by POST /v1/sessions.")
]


class AskRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question: str = QUESTION
    session_id: str | None = Field(
        default=None,
        max_length=64,
        description="Continue this session: its earlier facts apply to the question.",
    )


class MessageRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question: str = QUESTION


@router.post("/ask", response_model=Answer)
def ask(body: AskRequest, service: ServiceDep, arrived: ArrivedDep) -> Answer:
    """Answer one question with cited guidance, framework verdicts and follow-up questions."""
    return service.ask(body.question, session_id=body.session_id, arrived=arrived)


@router.post("/sessions", response_model=SessionInfo, status_code=201)
def create_session(service: ServiceDep) -> SessionInfo:
    """Start a conversation: facts stated in one turn carry over to the next."""
    return service.create_session()


@router.get("/sessions/{session_id}", response_model=SessionHistory)
def get_session(session_id: SessionId, service: ServiceDep) -> SessionHistory:
    """Every turn of a session, oldest first, each with its full answer."""
    return service.get_session(session_id)


@router.post("/sessions/{session_id}/messages", response_model=Answer)
def add_message(
    session_id: SessionId, body: MessageRequest, service: ServiceDep, arrived: ArrivedDep
) -> Answer:
    """Ask the next question of a session and store the turn."""
    return service.ask(body.question, session_id=session_id, arrived=arrived)


@router.post(
    "/sessions/{session_id}/messages:stream",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}, "description": "Server-sent events."}},
)
def stream_message(
    session_id: SessionId, body: MessageRequest, service: ServiceDep, arrived: ArrivedDep
) -> StreamingResponse:
    """Ask the next question of a session as server-sent events.

    Events arrive in this order: `facts`, `verdicts`, `citations`, then one `token` per
    piece of answer text, then `done` with the full answer object (as `POST .../messages`
    returns it). A failure after the stream started arrives as an `error` event.
    """
    return event_stream(
        _events(service.stream(body.question, session_id=session_id, arrived=arrived))
    )


def _events(events: Iterator[tuple[str, dict]]) -> Iterator[str]:
    try:
        for kind, payload in events:
            yield sse(payload, kind)
    except AdvisorError as exc:
        # Headers are already sent, so the status can't change: the error travels as an event.
        yield sse({"error": type(exc).__name__, "detail": exc.message, "field": exc.field}, "error")
