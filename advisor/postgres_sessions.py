"""Sessions in PostgreSQL (`ADVISOR_DATABASE_URL`), so several hosts share every conversation.

Needs the `postgres` extra (psycopg 3 and its connection pool). Tables are created on first
use, under an advisory lock so hosts starting together don't race.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, LiteralString

from advisor.errors import MissingDependency, SessionStoreUnavailable

try:
    from psycopg import Connection, OperationalError
    from psycopg_pool import ConnectionPool, PoolTimeout
except ImportError as exc:  # the URL is set but the extra is not installed
    raise MissingDependency("psycopg", "postgres") from exc
from advisor.schemas import Answer, SessionHistory, SessionInfo, Turn
from advisor.sessions import DEFAULT_MAX_TURNS, ID, full, history, unknown

# Any constant shared by every host: it names the lock that serializes schema creation.
_SCHEMA_LOCK = 7_310_013

_SCHEMA = """
CREATE TABLE IF NOT EXISTS advisor_sessions (
    id TEXT PRIMARY KEY,
    created_at DOUBLE PRECISION NOT NULL
);
CREATE TABLE IF NOT EXISTS advisor_turns (
    session_id TEXT NOT NULL REFERENCES advisor_sessions(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    question TEXT NOT NULL, -- a JSON string: PostgreSQL text can't hold NUL, which a question may
    answer TEXT NOT NULL,
    created_at DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (session_id, idx)
);
"""


def _value(db: Connection, sql: LiteralString, params: tuple[object, ...]) -> Any:
    """The one value an aggregate query returns."""
    row = db.execute(sql, params).fetchone()
    assert row is not None, "an aggregate always returns a row"
    return row[0]


class PostgresSessionStore:
    """The session store on a PostgreSQL database, through a small connection pool."""

    def __init__(
        self,
        url: str,
        *,
        max_turns: int = DEFAULT_MAX_TURNS,
        pool_size: int = 4,
        timeout_s: float = 10.0,
    ) -> None:
        self.max_turns = max_turns
        # `check` tests a connection as it leaves the pool, so one broken by a database restart
        # is replaced instead of failing the request that drew it.
        self._pool = ConnectionPool(
            url,
            min_size=1,
            max_size=pool_size,
            timeout=timeout_s,
            check=ConnectionPool.check_connection,
            open=False,
        )
        try:
            self._pool.open(wait=True, timeout=timeout_s)
        except PoolTimeout as exc:
            self._pool.close()
            raise SessionStoreUnavailable(
                f"cannot reach the sessions database (ADVISOR_DATABASE_URL) within {timeout_s:g} s"
            ) from exc
        with self._connection() as db, db.transaction():
            db.execute("SELECT pg_advisory_xact_lock(%s)", (_SCHEMA_LOCK,))
            db.execute(_SCHEMA)

    @contextmanager
    def _connection(self) -> Iterator[Connection]:
        """A pooled connection, committed on success; an unreachable database is a 503."""
        try:
            with self._pool.connection() as db:
                yield db
        except (OperationalError, PoolTimeout) as exc:
            raise SessionStoreUnavailable(f"the sessions database is unavailable: {exc}") from exc

    def _created_at(self, db: Connection, session_id: str, *, lock: bool = False) -> float:
        if not ID.fullmatch(session_id):  # never sent to the server: text there can't hold NUL
            raise unknown(session_id)
        # FOR UPDATE serializes writers of one session, on every host, until the transaction ends.
        sql = "SELECT created_at FROM advisor_sessions WHERE id = %s" + (
            " FOR UPDATE" if lock else ""
        )
        row = db.execute(sql, (session_id,)).fetchone()
        if row is None:
            raise unknown(session_id)
        return row[0]

    def create(self) -> SessionInfo:
        info = SessionInfo(session_id=uuid.uuid4().hex, created_at=time.time())
        with self._connection() as db:
            db.execute(
                "INSERT INTO advisor_sessions (id, created_at) VALUES (%s, %s)",
                (info.session_id, info.created_at),
            )
        return info

    def get(self, session_id: str, *, offset: int = 0, limit: int | None = None) -> SessionHistory:
        with self._connection() as db, db.transaction():
            db.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")  # count and page agree
            created_at = self._created_at(db, session_id)
            count = _value(
                db, "SELECT COUNT(*) FROM advisor_turns WHERE session_id = %s", (session_id,)
            )
            rows = db.execute(
                "SELECT idx, question, answer, created_at FROM advisor_turns "
                "WHERE session_id = %s ORDER BY idx LIMIT %s OFFSET %s",
                (session_id, limit, offset),
            ).fetchall()
        return history(
            session_id, created_at, count, [(i, json.loads(q), a, t) for i, q, a, t in rows]
        )

    def questions(self, session_id: str) -> list[str]:
        with self._connection() as db:
            self._created_at(db, session_id)
            rows = db.execute(
                "SELECT question FROM advisor_turns WHERE session_id = %s ORDER BY idx",
                (session_id,),
            ).fetchall()
        if len(rows) >= self.max_turns:
            raise full(session_id, self.max_turns)
        return [json.loads(row[0]) for row in rows]

    def append(self, session_id: str, question: str, answer: Answer) -> Turn:
        now = time.time()
        with self._connection() as db, db.transaction():
            self._created_at(db, session_id, lock=True)
            idx = _value(
                db,
                "SELECT COALESCE(MAX(idx) + 1, 0) FROM advisor_turns WHERE session_id = %s",
                (session_id,),
            )
            if idx >= self.max_turns:
                raise full(session_id, self.max_turns)
            db.execute(
                "INSERT INTO advisor_turns (session_id, idx, question, answer, created_at) "
                "VALUES (%s, %s, %s, %s, %s)",
                (session_id, idx, json.dumps(question), answer.model_dump_json(), now),
            )
        return Turn(index=idx, question=question, answer=answer, created_at=now)

    def close(self) -> None:
        self._pool.close()
