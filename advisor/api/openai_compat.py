"""An OpenAI-compatible door: `POST /v1/chat/completions` (plain and streamed) and `GET /v1/models`.

The official `openai` client, LangChain's `ChatOpenAI` and chat front ends work unchanged. The
reply content is the answer text with its `[n]` citation markers; the full `Answer` (citations,
verdicts, follow-up questions, provenance) rides along in the extra field `advisor`, on the
response and on the final stream chunk.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from typing import Any, Literal

from fastapi import APIRouter, Path
from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import JsonDict

from advisor.api.ask import SESSION_FULL
from advisor.api.deps import ArrivedDep, ServiceDep
from advisor.api.sse import event_stream, model_response, sse, stream_error
from advisor.errors import InvalidInput, NotFound
from advisor.question import NOT_BLANK, clean_question
from advisor.schemas import Answer

router = APIRouter(prefix="/v1", tags=["openai-compatible"])

MODEL_ID = "partnership-advisor"
_CREATED = 1_735_689_600  # 2025-01-01: a fixed "created" for the one model


class ContentPart(BaseModel):
    model_config = ConfigDict(extra="allow")

    type: str = Field(description="Only `text` parts are read; others are ignored.")
    text: str | None = None


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="allow")

    role: Literal["system", "developer", "user", "assistant", "tool"]
    content: str | list[ContentPart] | None = None

    def text(self) -> str:
        if isinstance(self.content, list):
            return "".join(part.text or "" for part in self.content if part.type == "text")
        return self.content or ""


# "Some user message has text", said in JSON Schema so clients and fuzzers know what `question()` needs.
_HAS_TEXT: JsonDict = {"type": "string", "pattern": NOT_BLANK}
_HAS_USER_TEXT: JsonDict = {
    "type": "object",
    "required": ["role", "content"],
    "properties": {
        "role": {"const": "user"},
        "content": {
            "anyOf": [
                _HAS_TEXT,
                {
                    "type": "array",
                    "contains": {
                        "type": "object",
                        "required": ["type", "text"],
                        "properties": {"type": {"const": "text"}, "text": _HAS_TEXT},
                    },
                },
            ]
        },
    },
}


class ChatCompletionRequest(BaseModel):
    """The OpenAI request body; sampling options (temperature, max_tokens, ...) are accepted and ignored."""

    model_config = ConfigDict(extra="allow")

    model: str = Field(
        default=MODEL_ID,
        max_length=200,
        description=f"Any id is accepted; answers come from {MODEL_ID!r}.",
    )
    messages: list[ChatMessage] = Field(
        min_length=1,
        max_length=200,
        description="The last `user` message with text is the question.",
        json_schema_extra={"contains": _HAS_USER_TEXT},
    )
    stream: bool = Field(
        default=False,
        strict=True,
        description="Reply as server-sent `chat.completion.chunk` events.",
    )
    session_id: str | None = Field(
        default=None,
        max_length=64,
        description="Advisor extension: continue this session (POST /v1/sessions).",
    )

    def question(self) -> str:
        for index in reversed(range(len(self.messages))):
            message = self.messages[index]
            if message.role == "user" and message.text().strip():
                return clean_question(message.text(), field=f"messages.{index}.content")
        raise InvalidInput(
            "messages: no user message with text; the last user message is the question",
            field="messages",
        )


class AssistantMessage(BaseModel):
    role: Literal["assistant"] = "assistant"
    content: str


class Choice(BaseModel):
    index: int = 0
    message: AssistantMessage
    finish_reason: Literal["stop"] = "stop"


class ChatCompletion(BaseModel):
    """An OpenAI `chat.completion`, plus the advisor's full answer in `advisor`."""

    id: str
    object: Literal["chat.completion"] = "chat.completion"
    created: int
    model: str = MODEL_ID
    choices: list[Choice]
    advisor: Answer = Field(
        description="Extension: citations, verdicts, follow-up questions and provenance."
    )


class Model(BaseModel):
    id: str = MODEL_ID
    object: Literal["model"] = "model"
    created: int = _CREATED
    owned_by: str = "partnership-advisor"


class ModelList(BaseModel):
    object: Literal["list"] = "list"
    data: list[Model]


@router.get("/models", response_model=ModelList)
def list_models() -> ModelList:
    """The one model this server answers with."""
    return ModelList(data=[Model()])


@router.get("/models/{model_id}", response_model=Model)
def get_model(model_id: str = Path(max_length=200)) -> Model:
    """Describe a model by id."""
    if model_id != MODEL_ID:
        raise NotFound(f"unknown model {model_id!r}; the only model is {MODEL_ID!r}", field="model")
    return Model()


@router.post(
    "/chat/completions",
    response_model=ChatCompletion,
    responses={
        200: {
            "content": {"text/event-stream": {}},
            "description": "With `stream: true`: chunks as server-sent events.",
        },
        **SESSION_FULL,
    },
)
def chat_completions(body: ChatCompletionRequest, service: ServiceDep, arrived: ArrivedDep) -> Any:
    """Answer the last user message, OpenAI style, with the advisor's cited answer.

    With `stream: true` the reply arrives as `chat.completion.chunk` events ending in
    `data: [DONE]`; the last chunk before it carries the full answer in `advisor`.
    """
    question = body.question()
    completion_id = f"chatcmpl-{uuid.uuid4().hex}"
    created = int(time.time())
    if body.stream:
        return event_stream(
            _chunks(
                service.stream(question, session_id=body.session_id, arrived=arrived),
                completion_id,
                created,
            )
        )
    answer = service.ask(question, session_id=body.session_id, arrived=arrived)
    return model_response(
        ChatCompletion(
            id=completion_id,
            created=created,
            choices=[Choice(message=AssistantMessage(content=answer.answer))],
            advisor=answer,
        )
    )


def _chunk(
    completion_id: str, created: int, delta: dict[str, Any], finish: str | None = None, **extra: Any
) -> str:
    chunk = {
        "id": completion_id,
        "object": "chat.completion.chunk",
        "created": created,
        "model": MODEL_ID,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
        **extra,
    }
    return sse(chunk)


def _chunks(
    events: Iterator[tuple[str, dict[str, Any]]], completion_id: str, created: int
) -> Iterator[str]:
    yield _chunk(completion_id, created, {"role": "assistant", "content": ""})
    try:
        for kind, payload in events:
            if kind == "token":
                yield _chunk(completion_id, created, {"content": payload["text"]})
            elif kind == "done":
                yield _chunk(completion_id, created, {}, "stop", advisor=payload)
    except Exception as exc:  # noqa: BLE001  (every failure must reach the client, not cut the stream)
        # The status line is already sent: report the error the way OpenAI streams do.
        error = stream_error(exc)
        yield sse(
            {
                "error": {
                    "message": error.message,
                    "type": type(error).__name__,
                    "param": error.field,
                    "code": error.status_code,
                }
            }
        )
    yield "data: [DONE]\n\n"
