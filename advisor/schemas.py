"""The pydantic models shared by the scorers, retrieval, the answer composer, the API, the CLI and the evals.

One model per concept. Offsets (`start`, `end`) always index the *body* of a corpus
document (the text after its front matter), so `document.text[start:end] == quote`.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class SourceSpan(BaseModel):
    """A verbatim passage of a corpus document: where a rule or a claim comes from."""

    model_config = ConfigDict(frozen=True)

    doc_id: str = Field(description="Corpus document id (front-matter `id`).")
    quote: str = Field(description="Verbatim text of the document.")
    start: int = Field(ge=0, description="Character offset of the quote in the document body.")
    end: int = Field(ge=0, description="End offset (exclusive): body[start:end] == quote.")


class RationaleLine(BaseModel):
    """One rule that fired, with the passage it encodes."""

    rule: str = Field(description="Stable rule id inside its framework.")
    explanation: str = Field(description="What the rule concluded for these inputs.")
    source: SourceSpan


class Verdict(BaseModel):
    """The structured output of a framework scorer."""

    framework: str
    verdict: str
    summary: str
    rationale: list[RationaleLine] = Field(default_factory=list)
    missing: list[str] = Field(
        default_factory=list, description="Input fields that would sharpen the verdict."
    )
    follow_up_questions: list[str] = Field(
        default_factory=list, description="One question per missing field."
    )
    recommendations: list[str] = Field(default_factory=list)
    details: dict[str, Any] = Field(
        default_factory=dict,
        description="Framework-specific extras, e.g. marker counts, strongest leverage, gaps.",
    )
    scorer_version: str


class FrameworkRule(BaseModel):
    """One rule of a framework scorer and the corpus passage it encodes."""

    id: str = Field(description="Stable rule id, as it appears in a verdict's rationale.")
    source: SourceSpan


class FrameworkInfo(BaseModel):
    """What a framework scorer decides, what it needs and where its rules come from."""

    id: str = Field(
        description="Framework id used by `advisor assess` and `POST /v1/assess/{framework}`."
    )
    title: str
    description: str
    verdicts: list[str] = Field(description="Every verdict value the scorer can return.")
    keywords: list[str] = Field(
        default_factory=list, description="Words that route a question to this framework."
    )
    input_schema: dict[str, Any] = Field(
        description="JSON Schema of the input object; every field is optional."
    )
    rules: list[FrameworkRule]


class Chunk(BaseModel):
    """A structure-aware slice of one document; `text == document.text[start:end]`."""

    chunk_id: str
    doc_id: str
    title: str
    heading_path: list[str] = Field(default_factory=list)
    start: int
    end: int
    text: str


class Hit(Chunk):
    """A retrieved chunk with its fused relevance score."""

    score: float


class Citation(BaseModel):
    """A verbatim quote that backs a claim in an answer."""

    chunk_id: str
    doc_id: str
    title: str
    quote: str
    start: int
    end: int


class Fact(BaseModel):
    """A framework input understood from the user's words, with the span it came from."""

    framework: str
    field: str
    value: Any
    text: str = Field(description="The words the fact was read from ('you said: ...').")
    start: int = Field(description="Offset of `text` in the message it came from.")
    end: int
    turn: int = Field(default=0, description="Index of the session turn the fact came from.")
    confidence: float = Field(
        default=1.0, ge=0, le=1, description="How sure the reader is: 1.0 for a precise cue."
    )

    @classmethod
    def spanning(cls, text: str, start: int, end: int, **fields: Any) -> Fact:
        """The fact read from `text[start:end]`, keeping those words and their offsets."""
        return cls(text=text[start:end], start=start, end=end, **fields)


class Provenance(BaseModel):
    """What produced an answer, so an eval regression can be traced to its cause."""

    corpus_hash: str
    scorer_version: str
    prompt_version: str | None = None
    model: str | None = None
    reader_version: str | None = Field(
        default=None, description="Data version and artifact hash of the learned reader."
    )


class Answer(BaseModel):
    """The advisor's answer, identical across every door (CLI, HTTP, OpenAI-compatible, client, web)."""

    question: str
    answer: str
    citations: list[Citation] = Field(default_factory=list)
    verdicts: list[Verdict] = Field(default_factory=list)
    follow_up_questions: list[str] = Field(default_factory=list)
    facts: list[Fact] = Field(default_factory=list)
    mode: Literal["extractive", "llm"] = "extractive"
    degraded: bool = False
    degraded_reason: str | None = None
    abstained: Literal["out_of_scope", "not_in_corpus"] | None = None
    session_id: str | None = None
    provenance: Provenance


class SessionInfo(BaseModel):
    """A conversation whose turns share facts ("we're seed-stage", then "what about an OEM deal?")."""

    session_id: str
    created_at: float = Field(description="Unix time the session was created.")


class Turn(BaseModel):
    """One question of a session and the answer it got."""

    index: int = Field(ge=0, description="Position of the turn in its session, from 0.")
    question: str
    answer: Answer
    created_at: float


class SessionHistory(SessionInfo):
    """A session with its turns, oldest first: all of them, or the page asked for."""

    turn_count: int = Field(default=0, ge=0, description="Turns in the session, on every page.")
    turns: list[Turn] = Field(default_factory=list)


class ErrorBody(BaseModel):
    """Every error reply, on every door: HTTP bodies, stream `error` events and the OpenAPI spec."""

    model_config = ConfigDict(title="Error")

    error: str = Field(description="Error class, e.g. InvalidInput, NotFound, StoreUnavailable.")
    detail: str = Field(description="What went wrong and what to fix.")
    field: str | None = Field(default=None, description="The offending field, if any.")
    errors: list[dict[str, Any]] | None = Field(
        default=None, description="Every validation error (422)."
    )
