"""Where the index lives: vectors in Chroma, documents, chunks and their vectors in a SQLite catalog.

The catalog is the source of truth. Chroma holds one vector per catalog chunk under the
chunk's id; `advisor.ingest` reconciles the two after a crash, from the vectors the catalog
keeps, so nothing is embedded twice. Ingest and search reach Chroma only through `VectorStore`,
whose `ChromaStore` reopens a collection another process recreated and turns an unreachable
server into `StoreUnavailable`.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
import uuid
from collections.abc import Collection as Some
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol, Self, TypeVar

import numpy as np
from pydantic import BaseModel, Field

from advisor.errors import StoreUnavailable
from advisor.schemas import Chunk
from advisor.untrusted import MOSTLY_INSTRUCTIONS

if TYPE_CHECKING:
    from collections.abc import Callable

    from chromadb.api import ClientAPI
    from chromadb.api.collection_configuration import CreateCollectionConfiguration
    from chromadb.api.models.Collection import Collection
    from chromadb.api.types import Where
    from langchain_chroma import Chroma
    from langchain_core.embeddings import Embeddings

    from advisor.config import Settings

_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY,
    path TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    title TEXT NOT NULL,
    meta TEXT NOT NULL,
    fingerprint TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS chunks (
    chunk_id TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(doc_id),
    ord INTEGER NOT NULL,
    title TEXT NOT NULL,
    heading_path TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    tokens INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS chunks_by_doc ON chunks(doc_id, ord);
CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS vectors (chunk_id TEXT PRIMARY KEY, vector BLOB NOT NULL);
"""
_CHUNK_COLUMNS = 'chunk_id, doc_id, title, heading_path, start, "end", text'


class DocumentRecord(BaseModel):
    """A catalogued document: where it came from, its content hash and its chunk count."""

    doc_id: str
    path: str
    sha256: str
    title: str
    meta: dict[str, Any] = Field(default_factory=dict)
    fingerprint: str = Field(
        description="Content hash + chunker + embedder: a change means re-chunk and re-embed."
    )
    chunks: int = 0
    tokens: int = 0

    @property
    def flagged(self) -> bool:
        """Whether the document is mostly instructions rather than information."""
        return self.meta.get("instruction_share", 0.0) >= MOSTLY_INSTRUCTIONS


def chroma_dir(settings: Settings) -> Path:
    """Where the local (embedded) Chroma index lives in the data directory."""
    return settings.data_dir / "chroma"


# Cosine space: retrieval reads similarity as 1 - distance.
_COLLECTION_CONFIGURATION: CreateCollectionConfiguration = {"hnsw": {"space": "cosine"}}


def open_client(settings: Settings) -> ClientAPI:
    """A Chroma client: a server when `chroma.host` is set, else the local index in `data_dir/chroma`."""
    import chromadb
    from chromadb.config import Settings as ChromaClientSettings

    client_settings = ChromaClientSettings(anonymized_telemetry=False)
    config = settings.chroma
    if config.host:
        return chromadb.HttpClient(
            host=config.host, port=config.port, ssl=config.ssl, settings=client_settings
        )
    chroma_dir(settings).mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(chroma_dir(settings)), settings=client_settings)


def open_vectorstore(settings: Settings, embeddings: Embeddings | None) -> Chroma:
    """The chunk collection as a LangChain vector store, for LangChain users of the index."""
    from langchain_chroma import Chroma

    # embedding_function=None on the Chroma side: vectors always come from `embeddings`, never
    # from Chroma's default model (which would download one).
    return Chroma(
        collection_name=settings.chroma.collection,
        embedding_function=embeddings,
        client=open_client(settings),
        collection_configuration=_COLLECTION_CONFIGURATION,
    )


class VectorStore(Protocol):
    """What ingest and search need of a vector index: one vector per chunk id, cosine queries."""

    outage: str | None
    """Why the store could not be reached on its last call, or None while it answers."""

    def upsert(
        self,
        ids: Sequence[str],
        vectors: Sequence[Sequence[float]],
        documents: Sequence[str],
        metadatas: Sequence[Mapping[str, Any]],
    ) -> None: ...

    def delete(self, ids: Sequence[str]) -> None: ...

    def ids(self) -> set[str]: ...

    def count(self) -> int: ...

    def query(
        self, vector: Sequence[float], n: int, doc_ids: Some[str] | None = None
    ) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity) of the `n` nearest vectors, optionally only these documents'."""
        ...

    def reset(self) -> None:
        """Drop every vector and start a new generation."""
        ...

    def generation(self) -> str:
        """Changes whenever the store is reset: a reader holding an older one must reopen."""
        ...


T = TypeVar("T")


class ChromaStore:
    """The chunk collection in Chroma, local or a server, behind `VectorStore`."""

    def __init__(self, settings: Settings, *, retry_after_s: float = 2.0) -> None:
        self.settings = settings
        self.retry_after_s = retry_after_s
        self.outage: str | None = None
        self._failed_at = 0.0
        self._collection: Collection | None = None
        # Threads start only when used; a hung one is abandoned, so there are a few to spare.
        self._pool = ThreadPoolExecutor(max_workers=8, thread_name_prefix="advisor-store")
        self._lock = threading.Lock()

    def _open(self) -> Collection:
        with self._lock:
            if self._collection is None:
                # embedding_function=None: vectors always come from our embeddings; Chroma's
                # default model would download one.
                self._collection = open_client(self.settings).get_or_create_collection(
                    name=self.settings.chroma.collection,
                    configuration=_COLLECTION_CONFIGURATION,
                    embedding_function=None,
                )
            return self._collection

    def _reopening(self, op: Callable[[Collection], T]) -> T:
        from chromadb.errors import NotFoundError

        try:
            return op(self._open())
        except NotFoundError:
            # A rebuild (`ingest` after an interruption, new embeddings) recreated the collection.
            self._collection = None
            return op(self._open())

    def _within(self, op: Callable[[Collection], T]) -> T:
        """`op` under `chroma.query_timeout_s`: chromadb's HTTP client waits forever on a server
        that accepted a request and never answers, so a worker waits instead and is abandoned."""
        future = self._pool.submit(self._reopening, op)
        try:
            return future.result(timeout=self.settings.chroma.query_timeout_s)
        except FutureTimeout:
            future.cancel()
            raise TimeoutError(
                f"no answer within {self.settings.chroma.query_timeout_s:g}s"
            ) from None

    def _call(self, op: Callable[[Collection], T], *, timed: bool = False) -> T:
        """Run `op` on the collection (`timed`: under the query timeout), reopening it once if another
        process recreated it; an unreachable store raises StoreUnavailable, at once for
        `retry_after_s` after a failure."""
        if self.outage and time.monotonic() - self._failed_at < self.retry_after_s:
            raise StoreUnavailable(self.outage, retry_after_s=self.retry_after_s)
        try:
            result = self._within(op) if timed else self._reopening(op)
        except Exception as exc:
            if not _unreachable(exc):
                raise
            self.outage = f"the vector store is unreachable ({type(exc).__name__})"
            self._failed_at = time.monotonic()
            self._collection = None
            if not self.settings.chroma.host:
                # A local index another process rebuilt: this process's cached view of it can't
                # read the new files, so the next call opens the directory afresh, as a restart would.
                from chromadb.api.client import SharedSystemClient

                SharedSystemClient.clear_system_cache()
            raise StoreUnavailable(self.outage, retry_after_s=self.retry_after_s) from exc
        self.outage = None
        return result

    def upsert(
        self,
        ids: Sequence[str],
        vectors: Sequence[Sequence[float]],
        documents: Sequence[str],
        metadatas: Sequence[Mapping[str, Any]],
    ) -> None:
        self._call(
            lambda c: c.upsert(
                ids=list(ids),
                embeddings=np.array(vectors, dtype=np.float32),
                documents=list(documents),
                metadatas=[dict(m) for m in metadatas],
            )
        )

    def delete(self, ids: Sequence[str]) -> None:
        self._call(lambda c: c.delete(ids=list(ids)))

    def ids(self) -> set[str]:
        return set(self._call(lambda c: c.get(include=[]))["ids"])

    def count(self) -> int:
        return self._call(lambda c: c.count(), timed=True)

    def query(
        self, vector: Sequence[float], n: int, doc_ids: Some[str] | None = None
    ) -> list[tuple[str, float]]:
        where: Where | None = None
        if doc_ids is not None:
            # Spelled out: mypy can't infer chromadb's recursive Where type from a dict literal.
            in_docs: dict[Literal["$in", "$nin"], list[str | int | float | bool]] = {
                "$in": [*sorted(doc_ids)]
            }
            where = {"doc_id": in_docs}
        # Ids and distances only: texts and offsets come from the catalog, and asking Chroma
        # for documents and metadatas as well costs several milliseconds a query.
        result = self._call(
            lambda c: c.query(
                query_embeddings=np.array([vector], dtype=np.float32),
                n_results=n,
                where=where,
                include=["distances"],
            ),
            timed=True,
        )
        distances = result["distances"]
        assert distances is not None, "included above"
        # The collection uses cosine space, where distance = 1 - cosine similarity.
        return [(i, 1.0 - d) for i, d in zip(result["ids"][0], distances[0])]

    def reset(self) -> None:
        from chromadb.errors import NotFoundError

        def drop(_: Collection) -> None:
            try:
                open_client(self.settings).delete_collection(self.settings.chroma.collection)
            except NotFoundError:
                pass

        self._call(drop)
        self._collection = None

    def generation(self) -> str:
        return str(self._call(lambda c: c.id))


class IndexStatus(BaseModel):
    """The index and its vector store as they are now: what `/readyz` reports."""

    status: Literal["ready", "degraded", "not_ready"]
    detail: str = Field(description="What the status means for answers, and what to do.")
    chunks: int = Field(description="Chunks in the catalog.")
    complete: bool = Field(description="False while an ingest runs, or after one was interrupted.")
    generation: str | None = Field(description="The vector collection the catalog was built into.")
    vector_store: Literal["ok", "unavailable", "unchecked"]
    vectors: int | None = Field(description="Vectors the store holds, when it answered.")


def index_status(settings: Settings, store: Callable[[], VectorStore]) -> IndexStatus:
    """Check the catalog, then (when there is an index) the store the answers use."""
    chunks, complete, generation = 0, False, None
    if (settings.data_dir / "catalog.sqlite").exists():
        with ChunkCatalog(settings) as catalog:
            chunks, complete = catalog.count(), catalog.get_state("complete") == "1"
            generation = catalog.get_state("generation")
    vectors: int | None = None
    reach: Literal["ok", "unavailable", "unchecked"] = "unchecked"
    status: Literal["ready", "degraded", "not_ready"]
    if not chunks:
        status, detail = "not_ready", f"no index in {settings.data_dir}: run `advisor ingest`"
    else:
        try:
            vectors, reach = store().count(), "ok"
        except StoreUnavailable as exc:
            reach, detail = (
                "unavailable",
                f"{exc.message}: search runs on BM25 alone until it is back",
            )
        if reach == "unavailable":
            status = "degraded"
        elif not complete or vectors != chunks:
            status = "degraded"
            detail = (
                f"an ingest is under way or was interrupted: {vectors} vectors for {chunks} chunks"
            )
        else:
            status, detail = "ready", "every chunk has its vector"
    return IndexStatus(
        status=status,
        detail=detail,
        chunks=chunks,
        complete=complete,
        generation=generation,
        vector_store=reach,
        vectors=vectors,
    )


def _insert_vectors(
    db: sqlite3.Connection, chunks: list[Chunk], vectors: Sequence[Sequence[float]]
) -> None:
    # float32, as Chroma keeps them: a rebuild re-inserts them instead of re-embedding.
    db.executemany(
        "INSERT OR REPLACE INTO vectors VALUES (?, ?)",
        [
            (c.chunk_id, np.asarray(v, dtype=np.float32).tobytes())
            for c, v in zip(chunks, vectors, strict=True)
        ],
    )


def _unreachable(exc: Exception) -> bool:
    """Whether `exc` means the store can't serve now (down, or mid-rebuild), not a bad request."""
    import httpx
    from chromadb.errors import InternalError

    # A local collection another process just recreated has no index files until that process
    # writes them: Chroma reports it as an internal error, which passes once they are written.
    return isinstance(
        exc, httpx.TransportError | ConnectionError | TimeoutError | InternalError
    ) or (isinstance(exc, ValueError) and "Could not connect" in str(exc))


def _chunk(row: sqlite3.Row) -> Chunk:
    return Chunk(
        chunk_id=row[0],
        doc_id=row[1],
        title=row[2],
        heading_path=json.loads(row[3]),
        start=row[4],
        end=row[5],
        text=row[6],
    )


class ChunkCatalog:
    """The SQLite catalog of documents and chunks (`data_dir/catalog.sqlite`, WAL mode)."""

    def __init__(self, settings: Settings) -> None:
        self.path = settings.data_dir / "catalog.sqlite"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # check_same_thread=False: API threads share one read-mostly catalog; sqlite serialises access.
        self.db = sqlite3.connect(
            self.path, timeout=30, check_same_thread=False, isolation_level=None
        )
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(_SCHEMA)

    def close(self) -> None:
        """Close the SQLite connection."""
        self.db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading -------------------------------------------------------------------------

    def documents(self) -> list[DocumentRecord]:
        """Every catalogued document with its chunk and token counts, ordered by id."""
        rows = self.db.execute(
            "SELECT d.doc_id, d.path, d.sha256, d.title, d.meta, d.fingerprint,"
            " COUNT(c.chunk_id), COALESCE(SUM(c.tokens), 0)"
            " FROM documents d LEFT JOIN chunks c ON c.doc_id = d.doc_id GROUP BY d.doc_id ORDER BY d.doc_id"
        ).fetchall()
        return [
            DocumentRecord(
                doc_id=r[0],
                path=r[1],
                sha256=r[2],
                title=r[3],
                meta=json.loads(r[4]),
                fingerprint=r[5],
                chunks=r[6],
                tokens=r[7],
            )
            for r in rows
        ]

    def all_chunks(self) -> list[Chunk]:
        """Every chunk, in document then reading order."""
        rows = self.db.execute(
            f"SELECT {_CHUNK_COLUMNS} FROM chunks ORDER BY doc_id, ord"
        ).fetchall()
        return [_chunk(r) for r in rows]

    def chunks_for(self, doc_id: str) -> list[Chunk]:
        """A document's chunks in reading order."""
        rows = self.db.execute(
            f"SELECT {_CHUNK_COLUMNS} FROM chunks WHERE doc_id = ? ORDER BY ord", (doc_id,)
        )
        return [_chunk(r) for r in rows.fetchall()]

    def get_chunk(self, chunk_id: str) -> Chunk | None:
        """One chunk by id, or None when the catalog has no such chunk."""
        row = self.db.execute(
            f"SELECT {_CHUNK_COLUMNS} FROM chunks WHERE chunk_id = ?", (chunk_id,)
        ).fetchone()
        return _chunk(row) if row else None

    def chunk_ids(self) -> set[str]:
        """The id of every catalogued chunk."""
        return {r[0] for r in self.db.execute("SELECT chunk_id FROM chunks")}

    def vectors(self, chunk_ids: Some[str]) -> dict[str, list[float]]:
        """The stored vector of each of `chunk_ids` that has one."""
        found: dict[str, list[float]] = {}
        ids = list(chunk_ids)
        for i in range(0, len(ids), 500):  # SQLite caps the parameters of one statement
            batch = ids[i : i + 500]
            rows = self.db.execute(
                f"SELECT chunk_id, vector FROM vectors WHERE chunk_id IN ({','.join('?' * len(batch))})",
                batch,
            )
            found.update((r[0], np.frombuffer(r[1], dtype=np.float32).tolist()) for r in rows)
        return found

    def count(self) -> int:
        """How many chunks the catalog holds."""
        return self.db.execute("SELECT COUNT(*) FROM chunks").fetchone()[0]

    def version(self) -> str:
        """Changes whenever any chunk does: caches derived from the chunks key on it."""
        return self.get_state("version") or "empty"

    def get_state(self, key: str) -> str | None:
        """A value of the index's state table (embedder, complete, version), or None."""
        row = self.db.execute("SELECT value FROM state WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    # -- writing (only `advisor.ingest`, under the ingest lock) ---------------------------

    @contextmanager
    def transaction(self, *, bump: bool = True) -> Iterator[sqlite3.Connection]:
        """One atomic write; `bump` moves the version on because chunks changed."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
            if bump:
                self._set_state("version", uuid.uuid4().hex)
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    def _set_state(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO state(key, value) VALUES (?, ?)", (key, value))

    def set_state(self, key: str, value: str) -> None:
        """Set one state value without counting as a chunk change."""
        with self.transaction(bump=False):
            self._set_state(key, value)

    def replace_document(
        self,
        record: DocumentRecord,
        chunks: list[Chunk],
        tokens: list[int],
        vectors: Sequence[Sequence[float]] = (),
    ) -> None:
        """Store a document, exactly these chunks and their vectors, in one transaction."""
        with self.transaction() as db:
            db.execute(
                "DELETE FROM vectors WHERE chunk_id IN (SELECT chunk_id FROM chunks WHERE doc_id = ?)",
                (record.doc_id,),
            )
            db.execute("DELETE FROM chunks WHERE doc_id = ?", (record.doc_id,))
            db.execute(
                "INSERT OR REPLACE INTO documents VALUES (?, ?, ?, ?, ?, ?)",
                (
                    record.doc_id,
                    record.path,
                    record.sha256,
                    record.title,
                    json.dumps(record.meta),
                    record.fingerprint,
                ),
            )
            db.executemany(
                "INSERT INTO chunks VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        c.chunk_id,
                        c.doc_id,
                        i,
                        c.title,
                        json.dumps(c.heading_path),
                        c.start,
                        c.end,
                        c.text,
                        n,
                    )
                    for i, (c, n) in enumerate(zip(chunks, tokens, strict=True))
                ],
            )
            if vectors:
                _insert_vectors(db, chunks, vectors)

    def save_vectors(self, chunks: list[Chunk], vectors: Sequence[Sequence[float]]) -> None:
        """Keep the vectors of chunks the catalog holds without one (an index from an older release)."""
        with self.transaction(bump=False) as db:
            _insert_vectors(db, chunks, vectors)

    def move_document(self, doc_id: str, path: str) -> None:
        """Record a document's new path; its chunks are unchanged."""
        with self.transaction(bump=False) as db:
            db.execute("UPDATE documents SET path = ? WHERE doc_id = ?", (path, doc_id))

    def remove_document(self, doc_id: str) -> None:
        """Forget a document and its chunks in one transaction."""
        with self.transaction() as db:
            db.execute(
                "DELETE FROM vectors WHERE chunk_id IN (SELECT chunk_id FROM chunks WHERE doc_id = ?)",
                (doc_id,),
            )
            db.execute("DELETE FROM chunks WHERE doc_id = ?", (doc_id,))
            db.execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,))

    def clear(self) -> None:
        """Forget every document, e.g. when the embeddings change and all vectors must be redone."""
        with self.transaction() as db:
            db.execute("DELETE FROM vectors")
            db.execute("DELETE FROM chunks")
            db.execute("DELETE FROM documents")
