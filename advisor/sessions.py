"""Conversation sessions in SQLite: shared by every worker process and kept across restarts.

WAL mode lets several uvicorn workers read while one writes; each operation opens its
own short-lived connection, so the store is safe across threads and processes alike.
"""

from __future__ import annotations

import sqlite3
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from advisor.errors import NotFound
from advisor.schemas import Answer, SessionHistory, SessionInfo, Turn

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY,
    created_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS turns (
    session_id TEXT NOT NULL REFERENCES sessions(id),
    idx INTEGER NOT NULL,
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    created_at REAL NOT NULL,
    PRIMARY KEY (session_id, idx)
);
"""


class SessionStore:
    """Sessions and their turns in `path` (normally `data_dir/sessions.sqlite`)."""

    def __init__(self, path: Path, *, busy_timeout_s: float = 10.0) -> None:
        self.path = Path(path)
        self.busy_timeout_s = busy_timeout_s
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            # WAL is a property of the database file: set once, every later connection uses it.
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(_SCHEMA)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=self.busy_timeout_s, isolation_level=None)
        try:
            db.execute("PRAGMA synchronous=NORMAL")
            yield db
        finally:
            db.close()

    def create(self) -> SessionInfo:
        """Start an empty session with a random, unguessable id."""
        info = SessionInfo(session_id=uuid.uuid4().hex, created_at=time.time())
        with self._connect() as db:
            db.execute(
                "INSERT INTO sessions (id, created_at) VALUES (?, ?)",
                (info.session_id, info.created_at),
            )
        return info

    def _created_at(self, db: sqlite3.Connection, session_id: str) -> float:
        row = db.execute("SELECT created_at FROM sessions WHERE id = ?", (session_id,)).fetchone()
        if row is None:
            raise NotFound(
                f"unknown session {session_id!r}; create one with POST /v1/sessions",
                field="session_id",
            )
        return row[0]

    def get(self, session_id: str) -> SessionHistory:
        """The session with all its turns; NotFound when the id is unknown."""
        with self._connect() as db:
            created_at = self._created_at(db, session_id)
            rows = db.execute(
                "SELECT idx, question, answer, created_at FROM turns WHERE session_id = ? ORDER BY idx",
                (session_id,),
            ).fetchall()
        turns = [
            Turn(
                index=idx,
                question=question,
                answer=Answer.model_validate_json(answer),
                created_at=at,
            )
            for idx, question, answer, at in rows
        ]
        return SessionHistory(session_id=session_id, created_at=created_at, turns=turns)

    def questions(self, session_id: str) -> list[str]:
        """The earlier questions of a session, oldest first: the context facts accumulate from."""
        with self._connect() as db:
            self._created_at(db, session_id)
            rows = db.execute(
                "SELECT question FROM turns WHERE session_id = ? ORDER BY idx", (session_id,)
            )
            return [row[0] for row in rows]

    def append(self, session_id: str, question: str, answer: Answer) -> Turn:
        """Store a turn at the next index; concurrent writers serialize on SQLite's write lock."""
        now = time.time()
        with self._connect() as db:
            # BEGIN IMMEDIATE takes the write lock before reading the next index, so two
            # workers answering the same session can't both claim it.
            db.execute("BEGIN IMMEDIATE")
            try:
                self._created_at(db, session_id)
                (idx,) = db.execute(
                    "SELECT COALESCE(MAX(idx) + 1, 0) FROM turns WHERE session_id = ?",
                    (session_id,),
                ).fetchone()
                db.execute(
                    "INSERT INTO turns (session_id, idx, question, answer, created_at) VALUES (?, ?, ?, ?, ?)",
                    (session_id, idx, question, answer.model_dump_json(), now),
                )
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        return Turn(index=idx, question=question, answer=answer, created_at=now)
