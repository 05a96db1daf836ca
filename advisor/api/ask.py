"""Routes for asking: one-shot questions, sessions, and a server-sent-event stream of each answer."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field

from advisor.api.deps import ArrivedDep, ServiceDep
from advisor.api.sse import event_stream, model_response, sse, stream_error
from advisor.question import QUESTION_FIELD
from advisor.schemas import Answer, SessionHistory, SessionInfo

router = APIRouter(prefix="/v1", tags=["advisor"])

# A turn of a full session is refused; the body is the error model every route shares.
SESSION_FULL: dict[int | str, dict] = {
    409: {
        "description": "The session holds its turn limit (`SessionFull`): start a new one.",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }
}
MAX_PAGE = 100  # turns a page holds at most: a whole session at the default turn limit
SessionId = Annotated[
    str, Path(min_length=1, max_length=64, description="Id returned by POST /v1/sessions.")
]


class AskRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question: str = QUESTION_FIELD
    session_id: str | None = Field(
        default=None,
        max_length=64,
        description="Continue this session: its earlier facts apply to the question.",
    )


class MessageRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question: str = QUESTION_FIELD


@router.post("/ask", response_model=Answer, responses=SESSION_FULL)
def ask(body: AskRequest, service: ServiceDep, arrived: ArrivedDep) -> Response:
    """Answer one question with cited guidance, framework verdicts and follow-up questions."""
    return model_response(service.ask(body.question, session_id=body.session_id, arrived=arrived))


@router.post("/sessions", response_model=SessionInfo, status_code=201)
def create_session(service: ServiceDep) -> SessionInfo:
    """Start a conversation: facts stated in one turn carry over to the next."""
    return service.create_session()


@router.get("/sessions/{session_id}", response_model=SessionHistory)
def get_session(
    session_id: SessionId,
    service: ServiceDep,
    offset: Annotated[int, Query(ge=0, le=1_000_000, description="First turn index.")] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE, description="Turns at most.")] = MAX_PAGE,
) -> SessionHistory:
    """A session's turns from `offset`, oldest first, each with its full answer.

    `turn_count` is the session's total; read further pages with a larger `offset`.
    """
    return service.get_session(session_id, offset=offset, limit=limit)


@router.post("/sessions/{session_id}/messages", response_model=Answer, responses=SESSION_FULL)
def add_message(
    session_id: SessionId, body: MessageRequest, service: ServiceDep, arrived: ArrivedDep
) -> Response:
    """Ask the next question of a session and store the turn."""
    return model_response(service.ask(body.question, session_id=session_id, arrived=arrived))


@router.post(
    "/sessions/{session_id}/messages:stream",
    response_class=StreamingResponse,
    responses={
        200: {"content": {"text/event-stream": {}}, "description": "Server-sent events."},
        **SESSION_FULL,
    },
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
    except Exception as exc:  # noqa: BLE001  (every failure must reach the reader, not cut the stream)
        # Headers are already sent, so the status can't change: the error travels as an event.
        error = stream_error(exc)
        yield sse(
            {"error": type(error).__name__, "detail": error.message, "field": error.field}, "error"
        )
