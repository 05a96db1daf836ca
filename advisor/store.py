"""Where the index lives: vectors in Chroma, documents and chunks in a SQLite catalog.

The catalog is the source of truth. Chroma holds one vector per catalog chunk under the
chunk's id; `advisor.ingest` reconciles the two after a crash.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from pydantic import BaseModel, Field

from advisor.schemas import Chunk
from advisor.untrusted import MOSTLY_INSTRUCTIONS

if TYPE_CHECKING:
    from chromadb.api import ClientAPI
    from chromadb.api.models.Collection import Collection
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
_COLLECTION_CONFIGURATION = {"hnsw": {"space": "cosine"}}


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
    """The chunk collection as a LangChain vector store; ingestion writes through it."""
    from langchain_chroma import Chroma

    # embedding_function=None on the Chroma side: vectors always come from `embeddings`, never
    # from Chroma's default model (which would download one).
    return Chroma(
        collection_name=settings.chroma.collection,
        embedding_function=embeddings,
        client=open_client(settings),
        collection_configuration=_COLLECTION_CONFIGURATION,
    )


def open_collection(settings: Settings) -> Collection:
    """The same chunk collection as plain chromadb, for queries by vector: skips importing LangChain."""
    # embedding_function=None: queries pass vectors; Chroma's default model would download one.
    return open_client(settings).get_or_create_collection(
        name=settings.chroma.collection,
        configuration=_COLLECTION_CONFIGURATION,
        embedding_function=None,
    )


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
        self, record: DocumentRecord, chunks: list[Chunk], tokens: list[int]
    ) -> None:
        """Store a document and exactly these chunks in one transaction."""
        with self.transaction() as db:
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

    def move_document(self, doc_id: str, path: str) -> None:
        """Record a document's new path; its chunks are unchanged."""
        with self.transaction(bump=False) as db:
            db.execute("UPDATE documents SET path = ? WHERE doc_id = ?", (path, doc_id))

    def remove_document(self, doc_id: str) -> None:
        """Forget a document and its chunks in one transaction."""
        with self.transaction() as db:
            db.execute("DELETE FROM chunks WHERE doc_id = ?", (doc_id,))
            db.execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,))

    def clear(self) -> None:
        """Forget every document, e.g. when the embeddings change and all vectors must be redone."""
        with self.transaction() as db:
            db.execute("DELETE FROM chunks")
            db.execute("DELETE FROM documents")
