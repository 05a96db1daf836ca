"""The learned reader: which frameworks a question is about, and the facts its clauses state."""

from __future__ import annotations

import threading

from advisor.reader.model import Reader, load_reader

__all__ = ["Reader", "bundled_reader", "load_reader", "reader_loaded"]

_loaded: list[Reader | None] = []
_lock = threading.Lock()


def bundled_reader() -> Reader | None:
    """The shipped reader on the process's one loaded copy of the bundled model."""
    with _lock:
        if not _loaded:
            from advisor.config import Settings
            from advisor.minilm import shared_minilm

            _loaded.append(load_reader(shared_minilm(Settings())))
        return _loaded[0]


def reader_loaded() -> bool:
    """Whether `bundled_reader` has loaded (or found no artifact) in this process."""
    return bool(_loaded)
