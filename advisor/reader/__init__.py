"""The learned reader: which frameworks a question is about, and the facts its clauses state."""

from __future__ import annotations

import threading

from advisor.reader.model import Reader, load_reader

__all__ = ["Reader", "bundled_reader", "load_reader", "reader_loaded"]

_loaded: list[Reader | None] = []
_lock = threading.Lock()


def bundled_reader() -> Reader | None:
    """The shipped reader on the process's one loaded copy of the bundled model, or on its own tuned
    encoder when the artifact was built with one."""
    with _lock:
        if not _loaded:
            from advisor.config import Settings
            from advisor.minilm import MiniLM, shared_minilm

            settings = Settings()
            _loaded.append(
                load_reader(
                    shared_minilm(settings),
                    tuned=lambda path, sha: MiniLM(cache_dir=settings.data_dir, model=(path, sha)),
                )
            )
        return _loaded[0]


def reader_loaded() -> bool:
    """Whether `bundled_reader` has loaded (or found no artifact) in this process."""
    return bool(_loaded)
