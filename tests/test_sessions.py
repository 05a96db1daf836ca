"""The session stores, SQLite and PostgreSQL: ordered turns, pages, the turn cap, unknown ids, restarts, writers in several processes."""

from __future__ import annotations

import multiprocessing
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from advisor.config import Settings
from advisor.errors import MissingDependency, NotFound, SessionFull, SessionStoreUnavailable
from advisor.schemas import Answer, Citation, Provenance
from advisor.sessions import SessionStore, SQLiteSessionStore, open_session_store
from tests.backing_servers import PostgresServer, Unavailable, postgres_server
from tests.live_server import free_port


def _answer(text: str) -> Answer:
    return Answer(
        question=f"q: {text}",
        answer=text,
        citations=[Citation(chunk_id="c1", doc_id="d", title="T", quote="q", start=3, end=4)],
        provenance=Provenance(corpus_hash="abc", scorer_version="1"),
    )


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    try:
        with postgres_server() as server:
            yield server.url
    except Unavailable as exc:
        pytest.skip(str(exc))


Location = tuple[
    str, str
]  # (backend, SQLite path or PostgreSQL URL): picklable for child processes


def _open(location: Location, **options: int) -> SessionStore:
    backend, where = location
    settings = Settings(
        data_dir=Path(where).parent if backend == "sqlite" else Path("."),
        database_url=where if backend == "postgres" else None,
        sessions=options,
    )
    return open_session_store(settings)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.slow)])
def location(request: pytest.FixtureRequest, tmp_path: Path) -> Location:
    if request.param == "postgres":
        return ("postgres", request.getfixturevalue("postgres_url"))
    return ("sqlite", str(tmp_path / "data" / "sessions.sqlite"))


@pytest.fixture
def store(location: Location) -> Iterator[SessionStore]:
    opened = _open(location)
    yield opened
    opened.close()


def test_turns_come_back_in_order_with_their_answers(store: SessionStore) -> None:
    info = store.create()
    assert store.get(info.session_id).turns == []
    store.append(info.session_id, "first", _answer("one"))
    store.append(info.session_id, "second", _answer("two"))
    history = store.get(info.session_id)
    assert [t.index for t in history.turns] == [0, 1]
    assert [t.question for t in history.turns] == ["first", "second"]
    assert history.turns[1].answer == _answer("two")
    assert store.questions(info.session_id) == ["first", "second"]


def test_sessions_are_separate_and_ids_unguessable(store: SessionStore) -> None:
    a, b = store.create(), store.create()
    assert a.session_id != b.session_id and len(a.session_id) == 32
    store.append(a.session_id, "only in a", _answer("x"))
    assert store.questions(b.session_id) == []


def test_unknown_session_is_not_found(store: SessionStore) -> None:
    with pytest.raises(NotFound, match="unknown session"):
        store.get("nope")
    with pytest.raises(NotFound):
        store.append("nope", "q", _answer("x"))
    with pytest.raises(NotFound):
        store.questions("nope")


def test_any_text_round_trips_and_any_id_is_just_unknown(store: SessionStore) -> None:
    info = store.create()
    hostile = "NUL \x00, quote ', backslash \\, emoji \N{GRINNING FACE}, RTL \u202e"
    store.append(info.session_id, hostile, _answer(hostile))
    assert store.questions(info.session_id) == [hostile]
    assert store.get(info.session_id).turns[0].answer.answer == hostile
    for session_id in ("\x00", "' OR 1=1 --", info.session_id.upper(), "x" * 64):
        with pytest.raises(NotFound):
            store.get(session_id)


def test_history_reads_a_page_at_a_time(store: SessionStore) -> None:
    info = store.create()
    for i in range(5):
        store.append(info.session_id, f"q{i}", _answer(str(i)))
    page = store.get(info.session_id, offset=1, limit=2)
    assert [t.index for t in page.turns] == [1, 2] and page.turn_count == 5
    assert [t.question for t in store.get(info.session_id, offset=4).turns] == ["q4"]
    assert store.get(info.session_id, offset=9).turns == []


def test_a_session_holds_at_most_max_turns(location: Location) -> None:
    store = _open(location, max_turns=2)
    info = store.create()
    store.append(info.session_id, "one", _answer("1"))
    assert store.questions(info.session_id) == ["one"]
    store.append(info.session_id, "two", _answer("2"))
    with pytest.raises(SessionFull, match="limit of 2 turns"):
        store.questions(info.session_id)
    with pytest.raises(SessionFull):
        store.append(info.session_id, "three", _answer("3"))
    assert store.get(info.session_id).turn_count == 2
    store.close()


def test_sessions_survive_a_restart(location: Location) -> None:
    info = _open(location).create()
    _open(location).append(info.session_id, "kept", _answer("kept"))
    assert _open(location).get(info.session_id).turns[0].answer.answer == "kept"


def test_sqlite_uses_wal(tmp_path: Path) -> None:
    path = tmp_path / "sessions.sqlite"
    SQLiteSessionStore(path)
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_database_url_without_the_driver_names_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(__import__("sys").modules, "psycopg", None)  # as if not installed
    monkeypatch.delitem(__import__("sys").modules, "advisor.postgres_sessions", raising=False)
    settings = Settings(data_dir=tmp_path, database_url="postgresql://nobody@127.0.0.1:1/x")
    with pytest.raises(MissingDependency) as caught:
        open_session_store(settings)
    assert caught.value.message == (
        "psycopg is missing: install the postgres extra: pip install -e '.[postgres]'"
    )


def _append_many(location: Location, session_id: str, worker: int, count: int) -> None:
    store = _open(location)
    for i in range(count):
        store.append(session_id, f"w{worker}-{i}", _answer(f"w{worker}-{i}"))


def test_writers_in_several_processes_never_collide(location: Location) -> None:
    info = _open(location).create()
    ctx = multiprocessing.get_context("spawn")
    procs = [
        ctx.Process(target=_append_many, args=(location, info.session_id, w, 15)) for w in range(4)
    ]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert [p.exitcode for p in procs] == [0, 0, 0, 0]
    turns = _open(location).get(info.session_id).turns
    assert [t.index for t in turns] == list(range(60))
    assert sorted(t.question for t in turns) == sorted(
        f"w{w}-{i}" for w in range(4) for i in range(15)
    )


@pytest.mark.slow
def test_a_postgres_outage_is_unavailable_then_heals_without_a_restart() -> None:
    from advisor.postgres_sessions import PostgresSessionStore

    with pytest.raises(SessionStoreUnavailable, match="cannot reach"):
        PostgresSessionStore(f"postgresql://advisor@127.0.0.1:{free_port()}/x", timeout_s=1)
    try:
        server = PostgresServer()
    except Unavailable as exc:
        pytest.skip(str(exc))
    try:
        server.start()
        store = PostgresSessionStore(server.url, timeout_s=2)
        info = store.create()
        server.stop()
        with pytest.raises(SessionStoreUnavailable):
            store.append(info.session_id, "lost", _answer("lost"))
        server.start()
        store.append(info.session_id, "kept", _answer("kept"))
        assert store.questions(info.session_id) == ["kept"]
        store.close()
    finally:
        server.stop()
        server.remove()
