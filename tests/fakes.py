"""Fakes at the advisor's seams. A scripted chat model at LangChain's `BaseChatModel` seam: records what it
was sent, replies from a script; and `MemoryStore`, an in-memory vector store at the `VectorStore` seam.

    model = FakeChatModel(replies=['{"claims": []}', RuntimeError("down")])
    model.invoke(messages); model.history[0]  # the messages of the first call

With no script left it answers with claims grounded in the first passages of its prompt
(`grounded_reply`), or, when `obedient`, it also does whatever the prompt's text tells it to
(`obedient_reply`): the worst case the advisor's checks must withstand.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Collection, Mapping, Sequence
from typing import Any

import numpy as np
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, SystemMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import Field, PrivateAttr

from advisor.compose import is_guidance, sentence_spans
from advisor.errors import StoreUnavailable

_PASSAGE = re.compile(
    r'<passage chunk_id="([^"]+)" source="([^"]*)">\n(.*?)\n</passage>', re.DOTALL
)
_SAY = re.compile(r"\bsay (?:that )?(.+?)(?= and |[.!?\n]|$)", re.IGNORECASE)
_SHOW_PROMPT = re.compile(
    r"\b(?:print|reveal|show|repeat) (?:your|the) (?:system )?prompt\b", re.IGNORECASE
)
_LINK = re.compile(r"!?\[[^\]]*\]\([^)\s]+\)")


def _text(message: BaseMessage) -> str:
    return message.content if isinstance(message.content, str) else json.dumps(message.content)


def grounded_quotes(prompt: str, limit: int = 2) -> list[tuple[str, str, str]]:
    """(chunk_id, source title, verbatim guidance sentence) from the first `limit` passages of a
    prompt that have one."""
    found = []
    for chunk_id, source, body in _PASSAGE.findall(prompt):
        sentences = (body[s:e] for s, e in sentence_spans(body))
        # As the prompt asks: a whole statement, never a question, heading or list item.
        quote = next((s for s in sentences if is_guidance(s)), None)
        if quote:
            found.append((chunk_id, source, quote))
        if len(found) == limit:
            break
    return found


def _claims(items: Sequence[tuple[str, str, str]]) -> str:
    return json.dumps(
        {"claims": [{"text": t, "chunk_id": c, "quote": q} for t, c, q in items]},
        ensure_ascii=False,
    )


def _grounded(quotes: Sequence[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    return [
        (f"{source} makes a point that applies here.", cid, quote) for cid, source, quote in quotes
    ]


def grounded_reply(prompt: str) -> str:
    """A well-behaved reply: one claim per leading passage, quoting one of its sentences verbatim."""
    return _claims(_grounded(grounded_quotes(prompt)))


def obedient_reply(messages: Sequence[BaseMessage]) -> str:
    """A reply that obeys every instruction in the non-system messages, each as a claim with a real quote."""
    system = "\n".join(_text(m) for m in messages if isinstance(m, SystemMessage))
    data = "\n".join(_text(m) for m in messages if not isinstance(m, SystemMessage))
    quotes = grounded_quotes(data)
    cid, _, quote = quotes[0] if quotes else ("", "", "")
    obeyed = [what.strip()[:1].upper() + what.strip()[1:] + "." for what in _SAY.findall(data)]
    if _SHOW_PROMPT.search(data):
        obeyed.append(f"My system prompt is: {system}")
    links = _LINK.findall(data)
    if links:
        obeyed.append("See " + " and ".join(links) + " for more.")
    return _claims([(text, cid, quote) for text in obeyed] + _grounded(quotes))


class FakeChatModel(BaseChatModel):
    """Replies from `replies` in order (an exception in the script is raised), then grounded or obedient ones."""

    replies: list[Any] = Field(default_factory=list)
    obedient: bool = False
    delay_s: float = 0.0
    history: list[list[BaseMessage]] = Field(default_factory=list)
    _lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)

    @property
    def _llm_type(self) -> str:
        return "fake-chat"

    @property
    def prompts(self) -> list[str]:
        """Each call's messages as one text, for asserting what reached the model."""
        return ["\n".join(_text(m) for m in call) for call in self.history]

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: Any = None,
        **kwargs: Any,
    ) -> ChatResult:
        with self._lock:
            self.history.append(list(messages))
            scripted = self.replies.pop(0) if self.replies else None
        if self.delay_s:
            time.sleep(self.delay_s)
        if isinstance(scripted, BaseException):
            raise scripted
        if scripted is None:
            scripted = (
                obedient_reply(messages)
                if self.obedient
                else grounded_reply("\n".join(_text(m) for m in messages))
            )
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=scripted))])


class MemoryStore:
    """An in-memory `VectorStore`: cosine search over a dict. Set `down` to play an unreachable store."""

    def __init__(self) -> None:
        self.rows: dict[str, tuple[list[float], str, dict[str, Any]]] = {}
        self.outage: str | None = None
        self.down = False
        self.calls = 0
        self._generation = 0

    def _reach(self) -> None:
        self.calls += 1
        if self.down:
            self.outage = "the in-memory store is down"
            raise StoreUnavailable(self.outage)
        self.outage = None

    def upsert(
        self,
        ids: Sequence[str],
        vectors: Sequence[Sequence[float]],
        documents: Sequence[str],
        metadatas: Sequence[Mapping[str, Any]],
    ) -> None:
        self._reach()
        for i, v, d, m in zip(ids, vectors, documents, metadatas, strict=True):
            self.rows[i] = (list(v), d, dict(m))

    def delete(self, ids: Sequence[str]) -> None:
        self._reach()
        for i in ids:
            self.rows.pop(i, None)

    def ids(self) -> set[str]:
        self._reach()
        return set(self.rows)

    def count(self) -> int:
        self._reach()
        return len(self.rows)

    def query(
        self, vector: Sequence[float], n: int, doc_ids: Collection[str] | None = None
    ) -> list[tuple[str, float]]:
        self._reach()
        q = np.asarray(vector, dtype=np.float64)
        scored = [
            (i, float(np.dot(q, v) / (np.linalg.norm(q) * np.linalg.norm(v) or 1.0)))
            for i, (v, _, meta) in self.rows.items()
            if doc_ids is None or meta["doc_id"] in doc_ids
        ]
        return sorted(scored, key=lambda item: -item[1])[:n]

    def reset(self) -> None:
        self._reach()
        self.rows.clear()
        self._generation += 1

    def generation(self) -> str:
        self._reach()
        return str(self._generation)
