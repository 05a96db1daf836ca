"""Conversation sessions: one store protocol, kept in SQLite (default) or PostgreSQL.

SQLite in `data_dir/sessions.sqlite` is shared by every worker process of one host and kept
across restarts. With `ADVISOR_DATABASE_URL` set, sessions live in PostgreSQL instead, so
several hosts behind a balancer share them. Either way a session holds at most
`sessions.max_turns` turns, and its history is read a page at a time.
"""

from __future__ import annotations

import re
import sqlite3
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol

from advisor.config import Settings
from advisor.errors import NotFound, SessionFull
from advisor.schemas import Answer, SessionHistory, SessionInfo, Turn

DEFAULT_MAX_TURNS = 100
ID = re.compile(r"[0-9a-f]{32}")  # what `create` hands out; anything else is unknown


class SessionStore(Protocol):
    """What the advisor needs of a session store; every backend passes the same tests."""

    max_turns: int

    def create(self) -> SessionInfo:
        """Start an empty session with a random, unguessable id."""
        ...

    def get(self, session_id: str, *, offset: int = 0, limit: int | None = None) -> SessionHistory:
        """The session with its turns [offset, offset + limit), oldest first; NotFound if unknown."""
        ...

    def questions(self, session_id: str) -> list[str]:
        """The earlier questions of a session, oldest first: the context of its next turn.

        NotFound when the id is unknown; SessionFull when the session has no room for a turn.
        """
        ...

    def append(self, session_id: str, question: str, answer: Answer) -> Turn:
        """Store a turn at the next index, atomically across processes and hosts."""
        ...

    def close(self) -> None:
        """Release connections."""
        ...


def open_session_store(settings: Settings) -> SessionStore:
    """PostgreSQL when `database_url` is set, else SQLite in `data_dir`."""
    max_turns = settings.sessions.max_turns
    if settings.database_url:
        from advisor.postgres_sessions import PostgresSessionStore  # MissingDependency without it

        return PostgresSessionStore(settings.database_url, max_turns=max_turns)
    return SQLiteSessionStore(settings.data_dir / "sessions.sqlite", max_turns=max_turns)


def unknown(session_id: str) -> NotFound:
    return NotFound(
        f"unknown session {session_id!r}; create one with POST /v1/sessions", field="session_id"
    )


def full(session_id: str, max_turns: int) -> SessionFull:
    return SessionFull(
        f"session {session_id!r} holds its limit of {max_turns} turns "
        "(ADVISOR_SESSIONS__MAX_TURNS): start a new one with POST /v1/sessions",
        field="session_id",
    )


def history(
    session_id: str, created_at: float, count: int, rows: list[tuple[int, str, str, float]]
) -> SessionHistory:
    """A SessionHistory from (index, question, answer JSON, created_at) rows."""
    turns = [
        Turn(index=idx, question=question, answer=Answer.model_validate_json(answer), created_at=at)
        for idx, question, answer, at in rows
    ]
    return SessionHistory(
        session_id=session_id, created_at=created_at, turn_count=count, turns=turns
    )


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


class SQLiteSessionStore:
    """Sessions and their turns in `path` (normally `data_dir/sessions.sqlite`).

    WAL mode lets several uvicorn workers read while one writes; each operation opens its own
    short-lived connection, so the store is safe across threads and processes alike.
    """

    def __init__(
        self, path: Path, *, max_turns: int = DEFAULT_MAX_TURNS, busy_timeout_s: float = 10.0
    ) -> None:
        self.path = Path(path)
        self.max_turns = max_turns
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
        info = SessionInfo(session_id=uuid.uuid4().hex, created_at=time.time())
        with self._connect() as db:
            db.execute(
                "INSERT INTO sessions (id, created_at) VALUES (?, ?)",
                (info.session_id, info.created_at),
            )
        return info

    def _created_at(self, db: sqlite3.Connection, session_id: str) -> float:
        if not ID.fullmatch(session_id):
            raise unknown(session_id)
        row = db.execute("SELECT created_at FROM sessions WHERE id = ?", (session_id,)).fetchone()
        if row is None:
            raise unknown(session_id)
        return row[0]

    def get(self, session_id: str, *, offset: int = 0, limit: int | None = None) -> SessionHistory:
        with self._connect() as db:
            db.execute("BEGIN")  # one snapshot: the count and the page agree
            created_at = self._created_at(db, session_id)
            (count,) = db.execute(
                "SELECT COUNT(*) FROM turns WHERE session_id = ?", (session_id,)
            ).fetchone()
            rows = db.execute(
                "SELECT idx, question, answer, created_at FROM turns WHERE session_id = ? "
                "ORDER BY idx LIMIT ? OFFSET ?",
                (session_id, -1 if limit is None else limit, offset),
            ).fetchall()
            db.execute("COMMIT")
        return history(session_id, created_at, count, rows)

    def questions(self, session_id: str) -> list[str]:
        with self._connect() as db:
            self._created_at(db, session_id)
            rows = db.execute(
                "SELECT question FROM turns WHERE session_id = ? ORDER BY idx", (session_id,)
            )
            found = [row[0] for row in rows]
        if len(found) >= self.max_turns:
            raise full(session_id, self.max_turns)
        return found

    def append(self, session_id: str, question: str, answer: Answer) -> Turn:
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
                if idx >= self.max_turns:
                    raise full(session_id, self.max_turns)
                db.execute(
                    "INSERT INTO turns (session_id, idx, question, answer, created_at) VALUES (?, ?, ?, ?, ?)",
                    (session_id, idx, question, answer.model_dump_json(), now),
                )
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        return Turn(index=idx, question=question, answer=answer, created_at=now)

    def close(self) -> None:
        """Nothing to release: every operation closes its own connection."""
