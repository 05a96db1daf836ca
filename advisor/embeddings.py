"""Embeddings behind LangChain's `Embeddings` seam; the default is the bundled MiniLM.

Other providers are optional extras, imported only when chosen. No provider downloads a model.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from langchain_core.embeddings import Embeddings

from advisor.errors import MissingDependency
from advisor.minilm import BATCH_SIZE, MODEL_ID, MiniLM, shared_minilm

if TYPE_CHECKING:
    from advisor.config import Settings


class OnnxMiniLMEmbeddings(Embeddings):
    """The bundled all-MiniLM-L6-v2 (int8 ONNX) as LangChain embeddings."""

    model_id = MODEL_ID

    def __init__(
        self,
        *,
        batch_size: int = BATCH_SIZE,
        threads: int | None = None,
        cache_dir: Path | None = None,
        model: MiniLM | None = None,
    ) -> None:
        self.batch_size = batch_size
        self.model = model or MiniLM(threads=threads, cache_dir=cache_dir)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.model.embed_documents(texts, self.batch_size)

    def embed_query(self, text: str) -> list[float]:
        return self.model.embed_query(text)


_DEFAULT_MODELS = {
    "openai": "text-embedding-3-small",
    "huggingface": "sentence-transformers/all-MiniLM-L6-v2",
}


def _model_name(settings: Settings) -> str:
    config = settings.embeddings
    return config.model or _DEFAULT_MODELS[config.provider]


def embedder_id(settings: Settings) -> str:
    """Names the vector space of the configured provider; vectors from different ids never mix."""
    provider = settings.embeddings.provider
    if provider == "onnx-minilm":
        return f"onnx-minilm:{MODEL_ID}"
    return f"{provider}:{_model_name(settings)}"


def get_embeddings(settings: Settings) -> Embeddings:
    """Build the embeddings chosen by `settings.embeddings.provider`; none of them downloads a model."""
    config = settings.embeddings
    if config.provider == "onnx-minilm":
        # The process's one loaded model, which a search may already have loaded.
        return OnnxMiniLMEmbeddings(
            batch_size=config.batch_size or BATCH_SIZE, model=shared_minilm(settings)
        )
    model = _model_name(settings)
    if config.provider == "openai":
        from langchain_openai import OpenAIEmbeddings  # a base dependency

        return OpenAIEmbeddings(model=model, chunk_size=config.batch_size or 1000)
    try:
        from langchain_huggingface import HuggingFaceEmbeddings
    except ImportError as exc:
        raise MissingDependency("langchain-huggingface sentence-transformers", "bench") from exc
    # local_files_only: a model missing from the local cache is an error, never a download.
    return HuggingFaceEmbeddings(
        model_name=model,
        model_kwargs={"local_files_only": True},
        encode_kwargs={"normalize_embeddings": True, "batch_size": config.batch_size or 32},
    )


class MemoEmbeddings(Embeddings):
    """Wraps embeddings and remembers document vectors by text, so a process that indexes the
    same texts again (into another data dir, or after a rebuild) embeds nothing twice."""

    def __init__(self, inner: Embeddings, limit: int = 50_000) -> None:
        self.inner = inner
        self.limit = limit
        self.vectors: dict[str, list[float]] = {}

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        todo = list(dict.fromkeys(t for t in texts if t not in self.vectors))
        if todo:
            if len(self.vectors) + len(todo) > self.limit:
                self.vectors.clear()
            self.vectors.update(zip(todo, self.inner.embed_documents(todo), strict=True))
        return [self.vectors[t] for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_query(text)


_shared: dict[str, MemoEmbeddings] = {}


def shared_embeddings(settings: Settings) -> MemoEmbeddings:
    """One loaded model per vector space for the whole process, remembering document vectors."""
    key = embedder_id(settings)
    if key not in _shared:
        _shared[key] = MemoEmbeddings(get_embeddings(settings))
    return _shared[key]
