"""Incremental, crash-safe ingestion of documents into the catalog and the Chroma collection.

Per changed document: upsert its vectors into the vector store under deterministic chunk ids,
then commit the document, its chunks and their vectors to the catalog in one SQLite transaction,
then delete the document's stale vectors. A `kill -9` between any two steps leaves the store with
extra or missing vectors but a consistent catalog, marked incomplete; the next run reconciles the
store against the catalog first (a local Chroma is rebuilt) from the vectors the catalog keeps,
so finished work is never embedded again. After a complete run with nothing to change, the store
is not even opened. A server still holding the old collection reopens it (`ChromaStore`).

Removal: a catalogued document is removed when its source file is gone from a path being
ingested (no path means `corpus_dir`), or its source file no longer exists at all.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from advisor.chunking import CHUNKER_VERSION, chunk_document, count_tokens, index_text
from advisor.corpus import Document, discover, load_documents
from advisor.errors import IndexLocked, InvalidInput
from advisor.schemas import Chunk
from advisor.store import ChromaStore, ChunkCatalog, DocumentRecord, VectorStore
from advisor.untrusted import MOSTLY_INSTRUCTIONS

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings

    from advisor.config import Settings

_BATCH = 256  # ids per Chroma call: keeps server requests small


class IngestReport(BaseModel):
    """What one ingest run changed."""

    docs_added: int = 0
    docs_updated: int = 0
    docs_unchanged: int = 0
    docs_removed: int = 0
    chunks_embedded: int = 0
    chunks_deleted: int = 0
    chunks_total: int = 0
    seconds: float = 0.0
    flagged: list[str] = Field(
        default_factory=list,
        description="Ids of documents read in this run whose text is mostly instructions.",
    )

    def summary(self) -> str:
        line = (
            f"{self.docs_added} added, {self.docs_updated} updated, {self.docs_unchanged} unchanged, "
            f"{self.docs_removed} removed; {self.chunks_embedded} chunks embedded, "
            f"{self.chunks_deleted} deleted, {self.chunks_total} in the index ({self.seconds:.2f} s)"
        )
        if self.flagged:
            line += (
                f"\nflagged, mostly instructions (their instructions are not indexed): "
                f"{', '.join(self.flagged)}"
            )
        return line


@contextmanager
def ingest_lock(settings: Settings) -> Iterator[None]:
    """Hold `data_dir/ingest.lock` exclusively, or raise IndexLocked naming the holder's pid."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    path = settings.data_dir / "ingest.lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "unknown"
            raise IndexLocked(
                f"index is locked by another ingest (pid {holder}) on {settings.data_dir}; "
                "wait for it to finish and run again"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)  # closing releases the lock, also when the process is killed


def embedding_space(settings: Settings, embeddings: Embeddings | None) -> str:
    """Names the vector space the index is built in; a new space means every vector is redone."""
    # Imported here, like LangChain below it: `ensure_index` on a built index (every search,
    # ask and serve start) imports this module and needs neither.
    from advisor.embeddings import MemoEmbeddings, OnnxMiniLMEmbeddings, embedder_id

    if embeddings is None:
        return embedder_id(settings)
    if isinstance(embeddings, MemoEmbeddings):
        return embedding_space(settings, embeddings.inner)
    if isinstance(embeddings, OnnxMiniLMEmbeddings):
        return f"onnx-minilm:{embeddings.model_id}"
    # An explicit model_id names the space; otherwise the class and its model name do.
    if model_id := getattr(embeddings, "model_id", None):
        return str(model_id)
    return f"{type(embeddings).__name__}:{getattr(embeddings, 'model', None)}"


def _fingerprint(doc: Document, settings: Settings, space: str) -> str:
    meta = _meta(doc)
    key = json.dumps(
        [doc.sha256, doc.title, meta, CHUNKER_VERSION, settings.chunking.model_dump(), space]
    )
    return hashlib.sha256(key.encode()).hexdigest()


def _meta(doc: Document) -> dict:
    return {
        "author": doc.author,
        "date": doc.date,
        "url": doc.url,
        "frameworks": doc.frameworks,
        "instruction_share": doc.instruction_share,
    }


def _under(path: Path, roots: list[Path]) -> bool:
    return any(path == root or root in path.parents for root in roots)


def _batches(items: list, size: int = _BATCH) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _delete(store: VectorStore, ids: list[str]) -> int:
    for batch in _batches(ids):
        store.delete(batch)
    return len(ids)


def _reconcile(store: VectorStore, catalog: ChunkCatalog) -> tuple[set[str], int]:
    """Delete vectors the catalog doesn't know; return catalog chunk ids that lack a vector."""
    in_store = store.ids()
    known = catalog.chunk_ids()
    return known - in_store, _delete(store, sorted(in_store - known))


def _embed(embeddings: Embeddings | None, chunks: list[Chunk]) -> list[list[float]]:
    # The index text (with its headings) is embedded; the store keeps the plain text.
    if not chunks:
        return []
    # ingest loads a model whenever it has chunks to embed: None comes only with no chunks.
    assert embeddings is not None
    return [
        vector
        for batch in _batches(chunks, 64)
        for vector in embeddings.embed_documents([index_text(c) for c in batch])
    ]


def _upsert(
    store: VectorStore, chunks: list[Chunk], vectors: list[list[float]], frameworks: list[str]
) -> None:
    for start in range(0, len(chunks), 64):
        batch = chunks[start : start + 64]
        store.upsert(
            [c.chunk_id for c in batch],
            vectors[start : start + 64],
            [c.text for c in batch],
            [
                {
                    "doc_id": c.doc_id,
                    "title": c.title,
                    "heading_path": " > ".join(c.heading_path),
                    "start": c.start,
                    "end": c.end,
                    "frameworks": ",".join(frameworks),
                }
                for c in batch
            ],
        )


def _prepare(
    catalog: ChunkCatalog, settings: Settings, space: str, store: VectorStore
) -> VectorStore:
    """Ready the store, starting over when the vector space changed or a writer was killed."""
    interrupted = catalog.get_state("complete") == "0"
    catalog.set_state("complete", "0")
    if catalog.get_state("embedder") != space:
        # Another vector space (or a fresh index): start over so dimensions never mix.
        store.reset()
        catalog.clear()
        catalog.set_state("embedder", space)
    elif interrupted and not settings.chroma.host:
        # A killed writer can leave local Chroma's HNSW files out of step with its log, and
        # later writes then go missing: rebuild the vectors, from the catalog's copies.
        store.reset()
    # Readers holding an older collection reopen it; /readyz reports it.
    catalog.set_state("generation", store.generation())
    return store


_Work = tuple[DocumentRecord, list[Chunk]]


def _plan(
    docs: list[Document],
    known: dict[str, DocumentRecord],
    roots: list[Path],
    settings: Settings,
    space: str,
    report: IngestReport,
) -> tuple[list[_Work], list[DocumentRecord], list[tuple[str, str]]]:
    """Split the run into (documents to re-chunk and embed, documents to remove, moved files)."""
    seen = {doc.id for doc in docs}
    removed = [
        r
        for r in known.values()
        if r.doc_id not in seen and (_under(Path(r.path), roots) or not Path(r.path).exists())
    ]
    work: list[_Work] = []
    moved: list[tuple[str, str]] = []
    for doc in docs:
        old = known.get(doc.id)
        if (
            old
            and old.path != doc.path
            and Path(old.path).exists()
            and not _under(Path(old.path), roots)
        ):
            raise InvalidInput(
                f"document id {doc.id!r} of {doc.path} is already used by {old.path}"
            )
        fingerprint = _fingerprint(doc, settings, space)
        if old and old.fingerprint == fingerprint:
            report.docs_unchanged += 1
            if old.path != doc.path:
                moved.append((doc.id, doc.path))
            continue
        record = DocumentRecord(
            doc_id=doc.id,
            path=doc.path,
            sha256=doc.sha256,
            title=doc.title,
            meta=_meta(doc),
            fingerprint=fingerprint,
        )
        work.append((record, chunk_document(doc, settings.chunking)))
        if old:
            report.docs_updated += 1
        else:
            report.docs_added += 1
    return work, removed, moved


def ingest(
    settings: Settings,
    paths: list[Path] | None = None,
    *,
    progress: bool = False,
    embeddings: Embeddings | None = None,
    store: VectorStore | None = None,
) -> IngestReport:
    """Bring the index in line with the documents under `paths` (default `corpus_dir`); see the module doc."""
    from tqdm import tqdm

    began = time.perf_counter()
    roots = [p.resolve() for p in (paths or [settings.corpus_dir])]
    docs = load_documents(file.resolve() for file in discover(roots))
    report = IngestReport(
        flagged=[doc.id for doc in docs if doc.instruction_share >= MOSTLY_INSTRUCTIONS]
    )
    space = embedding_space(settings, embeddings)
    vectors_store = store or ChromaStore(settings)
    with ingest_lock(settings), ChunkCatalog(settings) as catalog:
        prepared: VectorStore | None = None
        missing: set[str] = set()
        # After a complete run the store matches the catalog; otherwise reconcile the two first.
        if catalog.get_state("complete") != "1" or catalog.get_state("embedder") != space:
            prepared = _prepare(catalog, settings, space, vectors_store)
            missing, report.chunks_deleted = _reconcile(prepared, catalog)
        known = {record.doc_id: record for record in catalog.documents()}
        work, removed, moved = _plan(docs, known, roots, settings, space, report)
        for doc_id, path in moved:
            catalog.move_document(doc_id, path)
        if prepared is None and not work and not removed:
            # Nothing changed: the store is never opened, which keeps a no-op run fast.
            report.chunks_total = catalog.count()
            report.seconds = round(time.perf_counter() - began, 3)
            return report
        store = prepared or _prepare(catalog, settings, space, vectors_store)
        # Catalog chunks without a vector, in documents this run doesn't rewrite or remove.
        rewritten = {record.doc_id for record, _ in work} | {record.doc_id for record in removed}
        repairs: dict[str, list[Chunk]] = {}
        if missing:
            for chunk in catalog.all_chunks():
                if chunk.chunk_id in missing and chunk.doc_id not in rewritten:
                    repairs.setdefault(chunk.doc_id, []).append(chunk)
        saved = catalog.vectors({c.chunk_id for chunks in repairs.values() for c in chunks})

        report.chunks_embedded = sum(len(c) for _, c in work) + sum(
            1 for chunks in repairs.values() for c in chunks if c.chunk_id not in saved
        )
        if report.chunks_embedded and embeddings is None:
            from advisor.embeddings import shared_embeddings

            embeddings = shared_embeddings(settings)
        with tqdm(
            total=report.chunks_embedded,
            unit="chunk",
            desc="embedding",
            disable=not progress or not report.chunks_embedded,
        ) as bar:
            for doc_id, chunks in repairs.items():
                unsaved = [c for c in chunks if c.chunk_id not in saved]
                fresh = dict(zip([c.chunk_id for c in unsaved], _embed(embeddings, unsaved)))
                vectors = [saved.get(c.chunk_id) or fresh[c.chunk_id] for c in chunks]
                _upsert(store, chunks, vectors, known[doc_id].meta.get("frameworks") or [])
                if unsaved:
                    catalog.save_vectors(unsaved, [fresh[c.chunk_id] for c in unsaved])
                bar.update(len(unsaved))
            for record, chunks in work:
                vectors = _embed(embeddings, chunks)
                _upsert(store, chunks, vectors, record.meta["frameworks"])
                old_ids = [c.chunk_id for c in catalog.chunks_for(record.doc_id)]
                catalog.replace_document(
                    record, chunks, [count_tokens(c.text) for c in chunks], vectors
                )
                new_ids = {c.chunk_id for c in chunks}
                report.chunks_deleted += _delete(store, [i for i in old_ids if i not in new_ids])
                bar.update(len(chunks))
        for record in removed:
            old_ids = [c.chunk_id for c in catalog.chunks_for(record.doc_id)]
            catalog.remove_document(record.doc_id)
            report.chunks_deleted += _delete(store, old_ids)
            report.docs_removed += 1
        report.chunks_total = catalog.count()
        catalog.set_state("complete", "1")
    report.seconds = round(time.perf_counter() - began, 3)
    return report


def index_ready(settings: Settings) -> bool:
    """True when a complete ingest has finished on `settings.data_dir`."""
    if not (settings.data_dir / "catalog.sqlite").exists():
        return False
    with ChunkCatalog(settings) as catalog:
        return catalog.get_state("complete") == "1" and catalog.count() > 0


def ensure_index(settings: Settings, *, progress: bool = False) -> IngestReport | None:
    """Ingest `corpus_dir` when there is no complete index yet; otherwise do nothing and return None."""
    if index_ready(settings):
        return None
    return ingest(settings, progress=progress)
