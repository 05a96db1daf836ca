"""The optional language model: construction from settings, prompts, the LLM composer and its safety nets.

The model only writes claims; each claim must carry a quote that is verbatim in the passage
it cites, or it is dropped. Verdict lines always come from the scorers. The whole step runs
under a hard wall-clock deadline and a circuit breaker, and any failure raises `LLMFailure`,
which the service turns into a degraded extractive answer. When the model supports structured
output it also reads the question's facts, within the same deadline.
"""

from __future__ import annotations

import json
import queue
import re
import threading
import time
from collections.abc import Callable, Generator, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from pathlib import Path
from string import Template
from typing import TYPE_CHECKING, TypeVar

from pydantic import BaseModel, Field, SecretStr, ValidationError

from advisor.compose import Composition, CorpusView, is_guidance, render, verify_quote
from advisor.config import LLMSettings
from advisor.errors import Misconfigured
from advisor.facts import extract_facts_llm
from advisor.schemas import Citation, Fact, Hit, Verdict
from advisor.untrusted import asks_for_credentials, is_instruction, scrub
from advisor.verdict_text import contradicts, named_verdicts

if TYPE_CHECKING:
    # Loaded only when a model is configured: LangChain's model classes slow a cold extractive ask.
    from langchain_core.language_models import BaseChatModel
    from langchain_core.messages import BaseMessage

T = TypeVar("T")


def build_chat_model(llm: LLMSettings) -> BaseChatModel | None:
    """The configured chat model, or None for extractive mode; retries are off because the deadline rules."""
    if not llm.model:
        return None
    if llm.base_url:
        from langchain_openai import ChatOpenAI

        # OpenAI-compatible servers (vLLM, llama.cpp, LM Studio) often need no key, but the client insists on one.
        return ChatOpenAI(
            model=llm.model.removeprefix("openai:"),
            base_url=llm.base_url,
            api_key=SecretStr(llm.api_key or "not-needed"),
            max_retries=0,
            timeout=llm.timeout_s,
            temperature=llm.temperature,
        )
    from langchain.chat_models import init_chat_model

    try:
        return init_chat_model(
            llm.model, max_retries=0, timeout=llm.timeout_s, temperature=llm.temperature
        )
    except Exception as exc:  # a missing provider package, an unknown provider, a missing API key
        raise Misconfigured(
            f"llm.model {llm.model!r}: {exc} (the form is 'provider:model', e.g. 'openai:gpt-4o-mini')",
            field="llm.model",
        ) from exc


@dataclass(frozen=True)
class Prompts:
    """The versioned prompt templates, read from `prompts/<name>.v<N>.md` (highest N wins)."""

    system: str
    answer: Template
    repair: str
    version: str

    @classmethod
    def load(cls, prompts_dir: Path) -> Prompts:
        texts, versions = {}, []
        for name in ("system", "answer", "repair"):
            found = sorted(
                prompts_dir.glob(f"{name}.v*.md"), key=lambda p: int(p.stem.rsplit(".v", 1)[1])
            )
            if not found:
                raise Misconfigured(
                    f"no {name}.v<N>.md prompt in {prompts_dir}", field="prompts_dir"
                )
            texts[name] = found[-1].read_text(encoding="utf-8").strip()
            versions.append(found[-1].stem)
        return cls(texts["system"], Template(texts["answer"]), texts["repair"], "+".join(versions))


class CircuitBreaker:
    """After `failures` consecutive failures, skip the LLM for `cooldown_s`; then try again, and one more failure re-opens it."""

    def __init__(
        self, failures: int, cooldown_s: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.failures = failures
        self.cooldown_s = cooldown_s
        self.clock = clock
        self._consecutive = 0
        self._open_until = 0.0
        self._lock = threading.Lock()

    def allow(self) -> bool:
        """Whether a call may go to the model now: false while the breaker is open."""
        with self._lock:
            return self.clock() >= self._open_until

    def record_success(self) -> None:
        """A call succeeded: the count of consecutive failures starts again."""
        with self._lock:
            self._consecutive = 0

    def record_failure(self) -> None:
        """A call failed: open the breaker once `failures` have come in a row."""
        with self._lock:
            self._consecutive += 1
            if self._consecutive >= self.failures:
                # Half-open after the cooldown: one more failure re-opens it straight away.
                self._open_until = self.clock() + self.cooldown_s
                self._consecutive = self.failures - 1


class LLMFailure(Exception):
    """The LLM step failed; `reason` goes into `Answer.degraded_reason`."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Claim(BaseModel):
    text: str = Field(description="One sentence of advice.")
    chunk_id: str
    quote: str = Field(description="Verbatim words from the cited passage.")


class ClaimsReply(BaseModel):
    claims: list[Claim]


_FENCE = re.compile(r"```(?:json)?\s*(.*?)```", re.DOTALL)
_MIN_QUOTE_WORDS = 5
_LEAK_SHINGLE = 8


def parse_reply(content: str) -> ClaimsReply:
    """The model's JSON, tolerating a code fence or prose around it; LLMFailure when it isn't there."""
    match = _FENCE.search(content)
    body = match.group(1) if match else content
    start, end = body.find("{"), body.rfind("}")
    try:
        return ClaimsReply.model_validate(json.loads(body[start : end + 1]))
    except (ValueError, ValidationError) as exc:
        raise LLMFailure("invalid_output: the model's reply is not the claims JSON") from exc


class ClaimLines:
    """Claims read from a reply as it arrives: one JSON object per line, each complete line parsed
    at once. A whole `{"claims": [...]}` object, on one line or spread over several, is read
    too, so replies in the single-object format still work."""

    def __init__(self) -> None:
        self.text = ""
        self._pending = ""
        self._parsed = False

    def feed(self, piece: str) -> list[Claim]:
        """The claims completed by `piece`."""
        self.text += piece
        self._pending += piece
        *done, self._pending = self._pending.split("\n")
        return [claim for line in done for claim in self._line(line)]

    def finish(self) -> list[Claim]:
        """The claims of the last line; LLMFailure when the reply held no claims JSON at all."""
        claims = self._line(self._pending)
        self._pending = ""
        if not self._parsed:
            claims = list(parse_reply(self.text).claims)  # LLMFailure when there is no JSON
        return claims

    def _line(self, line: str) -> list[Claim]:
        body = line.strip().rstrip(",")
        if not body.startswith("{"):
            return []
        try:
            data = json.loads(body)
            if isinstance(data, dict) and "claims" in data:
                claims = ClaimsReply.model_validate(data).claims
            else:
                claims = [Claim.model_validate(data)]
        except (ValueError, ValidationError):
            return []
        self._parsed = True
        return claims


@dataclass
class _Reply:
    content: str = ""


_END = object()


def _failure(exc: Exception) -> LLMFailure:
    """A provider error as the LLMFailure the answer reports; only its type is shown."""
    name = type(exc).__name__
    # The client's own timeout (set to the same budget) may fire a moment before ours.
    kind = "timeout" if isinstance(exc, TimeoutError) or "Timeout" in name else "llm_error"
    return LLMFailure(f"{kind}: {name}")


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i : i + _LEAK_SHINGLE]) for i in range(len(words) - _LEAK_SHINGLE + 1)}


class OutputGuard:
    """Cleans what the model wrote: markup and foreign links out; instructions, credential requests,
    prompt echoes and any verdict the scorers didn't give refused (the model read untrusted text)."""

    def __init__(
        self, view: CorpusView, secret_texts: Sequence[str], secrets: Sequence[str] = ()
    ) -> None:
        # Only the sources' own addresses (front matter `url`): a URL inside a document's text could
        # come from a poisoned document, so it proves nothing.
        self.source_urls = view.source_urls
        self.secret_shingles = (
            set().union(*(_shingles(t) for t in secret_texts)) if secret_texts else set()
        )
        self.secrets = [s for s in secrets if s]

    def clean(self, text: str, verdicts: Sequence[Verdict]) -> str | None:
        """The claim text made safe to show, or None when it must not be shown at all."""
        text = scrub(text, self.source_urls)
        if (
            len(text.split()) < 3
            or any(s in text for s in self.secrets)
            or _shingles(text) & self.secret_shingles
            or is_instruction(text)
            or asks_for_credentials(text)
        ):
            return None
        # Verdicts come from the scorers: a claim may state only the verdicts they gave.
        given = [v.verdict for v in verdicts]
        if contradicts(text, given) or ("verdict" in text.lower() and not named_verdicts(text)):
            return None
        return text


class LLMComposer:
    """Composes an answer with a chat model, under one hard deadline and a circuit breaker."""

    def __init__(
        self,
        chat_model: BaseChatModel,
        prompts: Prompts,
        view: CorpusView,
        llm: LLMSettings,
        *,
        breaker: CircuitBreaker | None = None,
    ) -> None:
        self.chat_model = chat_model
        self.prompts = prompts
        self.view = view
        self.timeout_s = llm.timeout_s
        self.breaker = breaker or CircuitBreaker(llm.breaker_failures, llm.breaker_cooldown_s)
        self.guard = OutputGuard(
            view,
            [prompts.system, prompts.answer.template, prompts.repair],
            [llm.api_key] if llm.api_key else [],
        )
        self.reads_facts = _has_structured_output(chat_model)
        # Worker threads make the deadline hard: a hung call is abandoned, not awaited.
        self._pool = ThreadPoolExecutor(max_workers=16, thread_name_prefix="advisor-llm")

    def _time_left(self, deadline: float) -> float:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise LLMFailure(f"timeout: no time left of the {self.timeout_s:g}s deadline")
        return remaining

    def _within(self, deadline: float, fn: Callable[[], T]) -> T:
        remaining = self._time_left(deadline)
        future = self._pool.submit(fn)
        try:
            return future.result(timeout=remaining)
        except FutureTimeout:
            future.cancel()
            raise LLMFailure(
                f"timeout: the model did not answer within {self.timeout_s:g}s"
            ) from None
        except LLMFailure:
            raise
        except Exception as exc:  # any provider error degrades; only its type is shown
            raise _failure(exc) from exc

    def _messages(
        self, question: str, hits: Sequence[Hit], verdicts: Sequence[Verdict]
    ) -> list[BaseMessage]:
        verdict_text = (
            "\n".join(f"- {v.framework}: {v.verdict}. {v.summary}" for v in verdicts)
            or "(none: no framework applies to this question)"
        )
        passages = "\n\n".join(
            f'<passage chunk_id="{h.chunk_id}" source="{h.title}">\n{_defuse(h.text)}\n</passage>'
            for h in hits
        )
        user = self.prompts.answer.safe_substitute(
            question=_defuse(question), verdicts=verdict_text, passages=passages
        )
        from langchain_core.messages import HumanMessage, SystemMessage

        return [SystemMessage(self.prompts.system), HumanMessage(user)]

    def _check(
        self, claim: Claim, by_id: Mapping[str, Hit], verdicts: Sequence[Verdict], question: str
    ) -> tuple[str, Citation] | None:
        """The claim's shown text and citation when its quote is a statement of guidance, verbatim in
        the passage it cites, and its text is safe to show; else None."""
        hit = by_id.get(claim.chunk_id)
        if hit is None or len(claim.quote.split()) < _MIN_QUOTE_WORDS:
            return None
        if not is_guidance(claim.quote, question):
            return None  # a question, heading, table cell or list item is no evidence to show
        citation = verify_quote(hit, claim.quote, self.view.texts)
        text = self.guard.clean(claim.text, verdicts)
        return (text, citation) if citation and text else None

    def deadline(self, start: float | None = None) -> float:
        """The monotonic time by which the whole LLM step of one answer must be done, counted from
        `start` (the request's arrival) or from now."""
        return (time.monotonic() if start is None else start) + self.timeout_s

    def _allow(self) -> None:
        """Refuse at once while the breaker is open."""
        if not self.breaker.allow():
            raise LLMFailure(
                "circuit_open: the model failed repeatedly; retrying after the cooldown"
            )

    def read_facts(
        self, text: str, frameworks: Sequence[str], *, turn: int, deadline: float
    ) -> list[Fact]:
        """The frameworks' inputs read by the model's structured output; LLMFailure as for `compose`.

        Not counted by the breaker on its own: the answer it belongs to is, in `compose`.
        """
        self._allow()
        return self._within(
            deadline, lambda: extract_facts_llm(text, self.chat_model, frameworks, turn=turn)
        )

    def compose(
        self,
        question: str,
        hits: Sequence[Hit],
        verdicts: Sequence[Verdict],
        *,
        deadline: float | None = None,
    ) -> Composition:
        """Checked claims under the verdict lines; LLMFailure on timeout, error, bad output or an open breaker.

        The breaker counts answers: each composed answer is one success, and each failed one (no
        time left, an error, garbage or unverifiable output) one failure.
        """
        pieces = self.compose_stream(question, hits, verdicts, deadline=deadline)
        while True:
            try:
                next(pieces)
            except StopIteration as end:
                return end.value

    def compose_stream(
        self,
        question: str,
        hits: Sequence[Hit],
        verdicts: Sequence[Verdict],
        *,
        deadline: float | None = None,
    ) -> Generator[str, None, Composition]:
        """The answer text piece by piece: the verdict lines at once, then each claim as soon as the
        model has finished writing it and its quote passed the check, then the follow-up questions.

        The text sent is always a prefix of the final text, and of the extractive answer's too,
        so a failure before the first claim (LLMFailure) can still fall back to it. A failure
        after a claim was shown ends the answer with the claims shown so far."""
        deadline = self.deadline() if deadline is None else deadline
        self._allow()
        shown: list[tuple[str, Citation]] = []
        sent = ""

        def more(final: bool = False) -> str:
            nonlocal sent
            text = render(verdicts, [t for t, _ in shown], ask=final)
            piece, sent = text[len(sent) :], text
            return piece

        yield more()
        by_id = {h.chunk_id: h for h in hits}
        quotes: set[str] = set()
        messages = self._messages(question, hits, verdicts)
        try:
            self._time_left(deadline)
            for attempt in range(2):
                reply = _Reply()
                for claim in self._claims(messages, deadline, reply):
                    checked = self._check(claim, by_id, verdicts, question)
                    if checked and checked[1].quote not in quotes:
                        quotes.add(checked[1].quote)
                        shown.append(checked)
                        yield more()
                if shown or attempt:
                    break
                # One regeneration, told what was wrong; its quotes face the same check.
                from langchain_core.messages import AIMessage, HumanMessage

                messages = [
                    *messages,
                    AIMessage(reply.content),
                    HumanMessage(self.prompts.repair),
                ]
            if not shown:
                raise LLMFailure("unverified_citations: no claim quoted its passage verbatim")
        except LLMFailure:
            if not shown:
                self.breaker.record_failure()
                raise
        self.breaker.record_success()
        yield more(final=True)
        return Composition(text=sent, citations=[citation for _, citation in shown])

    def _claims(
        self, messages: list[BaseMessage], deadline: float, reply: _Reply
    ) -> Iterator[Claim]:
        """The model's claims as each one is complete, read from its streamed reply under the
        deadline; the whole reply is left in `reply`. LLMFailure on an error, a timeout or a
        reply with no claims JSON in it."""
        chunks: queue.Queue[object] = queue.Queue()
        stop = threading.Event()

        def produce() -> None:
            try:
                for chunk in self.chat_model.stream(messages):
                    if stop.is_set():
                        return
                    chunks.put(_text(chunk))
                chunks.put(_END)
            except Exception as exc:  # noqa: BLE001  (handed to the reading side)
                chunks.put(exc)

        self._pool.submit(produce)
        lines = ClaimLines()
        try:
            while True:
                try:
                    item = chunks.get(timeout=self._time_left(deadline))
                except queue.Empty:
                    raise LLMFailure(
                        f"timeout: the model did not answer within {self.timeout_s:g}s"
                    ) from None
                if item is _END:
                    break
                if isinstance(item, Exception):
                    raise _failure(item) from item
                yield from lines.feed(str(item))
            yield from lines.finish()
        finally:
            stop.set()  # a model still streaming after a timeout is abandoned
            reply.content = lines.text

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


def _has_structured_output(chat_model: BaseChatModel) -> bool:
    """Whether the model can fill a pydantic model (tool calling or JSON schema); plain chat models can't."""
    try:
        chat_model.with_structured_output(ClaimsReply)
    except NotImplementedError:
        return False
    return True


def _defuse(text: str) -> str:
    """Passages and questions can't close or forge the delimiters around them."""
    return re.sub(
        r"</?\s*(passage|question)\b",
        lambda m: m.group(0).replace("<", "‹"),
        text,
        flags=re.IGNORECASE,
    )


def _text(message: BaseMessage) -> str:
    content = message.content
    if isinstance(content, list):
        return "".join(
            part if isinstance(part, str) else str(part.get("text", "")) for part in content
        )
    return str(content)
