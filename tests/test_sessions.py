"""The SQLite session store: ordered turns, restarts, unknown ids, and writers in several processes."""

from __future__ import annotations

import multiprocessing
import sqlite3
from pathlib import Path

import pytest

from advisor.errors import NotFound
from advisor.schemas import Answer, Citation, Provenance
from advisor.sessions import SessionStore


def _answer(text: str) -> Answer:
    return Answer(
        question=f"q: {text}",
        answer=text,
        citations=[Citation(chunk_id="c1", doc_id="d", title="T", quote="q", start=3, end=4)],
        provenance=Provenance(corpus_hash="abc", scorer_version="1"),
    )


def test_turns_come_back_in_order_with_their_answers(tmp_path: Path) -> None:
    store = SessionStore(tmp_path / "sessions.sqlite")
    info = store.create()
    assert store.get(info.session_id).turns == []
    store.append(info.session_id, "first", _answer("one"))
    store.append(info.session_id, "second", _answer("two"))
    history = store.get(info.session_id)
    assert [t.index for t in history.turns] == [0, 1]
    assert [t.question for t in history.turns] == ["first", "second"]
    assert history.turns[1].answer == _answer("two")
    assert store.questions(info.session_id) == ["first", "second"]


def test_sessions_are_separate_and_ids_unguessable(tmp_path: Path) -> None:
    store = SessionStore(tmp_path / "s.sqlite")
    a, b = store.create(), store.create()
    assert a.session_id != b.session_id and len(a.session_id) == 32
    store.append(a.session_id, "only in a", _answer("x"))
    assert store.questions(b.session_id) == []


def test_unknown_session_is_not_found(tmp_path: Path) -> None:
    store = SessionStore(tmp_path / "s.sqlite")
    with pytest.raises(NotFound, match="unknown session"):
        store.get("nope")
    with pytest.raises(NotFound):
        store.append("nope", "q", _answer("x"))
    with pytest.raises(NotFound):
        store.questions("nope")


def test_sessions_survive_a_restart_and_use_wal(tmp_path: Path) -> None:
    path = tmp_path / "data" / "sessions.sqlite"
    info = SessionStore(path).create()
    SessionStore(path).append(info.session_id, "kept", _answer("kept"))
    assert SessionStore(path).get(info.session_id).turns[0].answer.answer == "kept"
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def _append_many(path: str, session_id: str, worker: int, count: int) -> None:
    store = SessionStore(Path(path))
    for i in range(count):
        store.append(session_id, f"w{worker}-{i}", _answer(f"w{worker}-{i}"))


def test_writers_in_several_processes_never_collide(tmp_path: Path) -> None:
    path = tmp_path / "sessions.sqlite"
    info = SessionStore(path).create()
    ctx = multiprocessing.get_context("spawn")
    procs = [
        ctx.Process(target=_append_many, args=(str(path), info.session_id, w, 15)) for w in range(4)
    ]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert [p.exitcode for p in procs] == [0, 0, 0, 0]
    turns = SessionStore(path).get(info.session_id).turns
    assert [t.index for t in turns] == list(range(60))
    assert sorted(t.question for t in turns) == sorted(
        f"w{w}-{i}" for w in range(4) for i in range(15)
    )
