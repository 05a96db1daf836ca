"""The advisor's core: a question (and its session) in, an `Answer` out. Every door calls this.

    question ─▶ scope check ─▶ facts (+ the model's reading) + verdicts (scorers) ─▶ retrieval ─▶ coverage check
             ─▶ composer (LLM when configured and healthy, else extractive) ─▶ Answer

`stream` yields the same pipeline's stages as server-sent events, ending with the full Answer;
with an LLM, its checked claims stream as tokens while it writes the rest.
"""

from __future__ import annotations

import gc
import re
import threading
from collections.abc import Generator, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from advisor.compose import (
    NOT_IN_CORPUS,
    OUT_OF_SCOPE,
    Composition,
    CorpusView,
    Evidence,
    extractive,
    focus,
    follow_ups,
)
from advisor.config import Settings
from advisor.corpus import corpus_hash, load_corpus
from advisor.errors import NotFound
from advisor.facts import facts_to_inputs
from advisor.frameworks import SCORER_VERSION, assess
from advisor.frameworks.base import INSUFFICIENT
from advisor.lexicon import BIG_VENDORS
from advisor.llm import LLMComposer, LLMFailure, Prompts, build_chat_model
from advisor.question import clean_question
from advisor.reader import Reader, bundled_reader, reader_loaded
from advisor.schemas import Answer, Fact, Hit, Provenance, SessionHistory, SessionInfo, Verdict
from advisor.sessions import open_session_store
from advisor.turn import Conversation, assess_turn, in_play

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

MAX_FOLLOW_UPS = 1
"""One decisive question at a time: the next unanswered node of the first open framework's tree."""
# Below this share of the question's corpus-known word weight found in the passages, and with
# no verdict to give, the corpus is taken not to cover the question.
MIN_COVERAGE = 0.34
# A bank question this close (0..1 above the bank's cosine floor) with its answer among the
# passages also makes them cover the question. On the abstention suite, questions the corpus
# doesn't cover come no closer than 0.24; covered ones in other words reach 0.45 and more.
MIN_BANK_CLOSENESS = 0.4

_VENDOR = re.compile(BIG_VENDORS, re.IGNORECASE)
# Business shorthand that names no topic of its own ("We're a B2B startup").
_GENERIC = re.compile(
    r"b2b|b2c|b2b2c|saas|smb|sme|crm|erp|isv|api|sdk|vp|ceo|cto|cro", re.IGNORECASE
)
_PARTNERING = (
    r"(?:partner|partnering|integrate|integrating|team up|teaming up|work|working|co-?sell|"
    r"build|list|join forces|collaborate|go) (?:\w+ ){0,2}(?:with|on|into|alongside)"
)


def _counterparty(question: str, name: str) -> bool:
    """Whether the name is the company the question partners with ("... partner with Zapier?")."""
    named = re.escape(name)
    return bool(
        re.search(rf"\b{_PARTNERING} (?:the )?{named}\b", question, re.IGNORECASE)
        or re.search(
            rf"\b{named}(?:'s)? (?:\w+ ){{0,2}}(?:wants|offered|approached|proposed|asked|pinged)\b",
            question,
            re.IGNORECASE,
        )
    )


Event = tuple[str, dict[str, Any]]


@dataclass(frozen=True)
class _Ready:
    """What answering needs besides a model: the verdicts in focus, their passages, and the
    extractive composition (None when the corpus doesn't cover the question)."""

    verdicts: list[Verdict]
    hits: list[Hit]
    fallback: Composition | None


class AdvisorService:
    """Answers questions; one instance per process, safe to share between threads."""

    def __init__(
        self, settings: Settings, *, retriever: Any = None, chat_model: BaseChatModel | None = None
    ) -> None:
        self.settings = settings
        docs = load_corpus(settings.corpus_dir)
        self.view = CorpusView.from_documents(docs)
        self.corpus_hash = corpus_hash(docs)
        self.sessions = open_session_store(settings)
        self._retriever = retriever
        self._retriever_lock = threading.Lock()
        # Answering takes turns on the CPU, one question at a time: its Python work holds the
        # GIL anyway and the model's own threads use every core. Dozens of questions at once
        # would otherwise all contend for the GIL with the server's event loop, and health
        # checks would wait behind them (p99 50-60 ms with one turn, up to 130 ms with one per
        # core, over 200 ms unbounded, 60 questions at once). Waiting on a model holds no turn.
        self._cpu = threading.Lock()
        chat_model = chat_model if chat_model is not None else build_chat_model(settings.llm)
        self.llm: LLMComposer | None = None
        if chat_model is not None:
            self.llm = LLMComposer(
                chat_model, Prompts.load(settings.prompts_dir), self.view, settings.llm
            )
        self.model_name = settings.llm.model or (type(chat_model).__name__ if chat_model else None)

    @property
    def retriever(self) -> Any:
        """Opened on first use, so building the service never needs the index. The learned
        reader loads alongside: a question needs both, and neither should eat a question's time."""
        if self._retriever is None:
            with self._retriever_lock:
                if self._retriever is None:
                    from advisor.retrieval import Retriever

                    with ThreadPoolExecutor(1) as pool:
                        reader = pool.submit(bundled_reader)
                        self._retriever = Retriever.from_settings(self.settings)
                        reader.result()
                    # What loading built lives as long as the process. Frozen, it is left out
                    # of the collector's full passes, each of which would otherwise hold the
                    # GIL for ~0.1 s under load, stalling every request of a server.
                    gc.freeze()
        return self._retriever

    # Sessions --------------------------------------------------------------------------------
    def create_session(self) -> SessionInfo:
        """Start a conversation whose turns share facts."""
        return self.sessions.create()

    def get_session(
        self, session_id: str, *, offset: int = 0, limit: int | None = None
    ) -> SessionHistory:
        """A session's turns [offset, offset + limit), oldest first."""
        return self.sessions.get(session_id, offset=offset, limit=limit)

    # Answers ---------------------------------------------------------------------------------
    def ask(
        self, question: str, *, session_id: str | None = None, arrived: float | None = None
    ) -> Answer:
        """Answer one question, in the context of the session's earlier turns when given.

        `arrived` (monotonic seconds) is when the request came in: the LLM deadline counts from it.
        """
        for kind, payload in self.stream(question, session_id=session_id, arrived=arrived):
            if kind == "done":
                return Answer.model_validate(payload)
        raise AssertionError("the answer stream ended without a 'done' event")

    def stream(
        self, question: str, *, session_id: str | None = None, arrived: float | None = None
    ) -> Iterator[Event]:
        """Events `facts`, `verdicts`, `citations`, then `token`s, then `done` carrying the full Answer;
        with an LLM the `token`s come as its claims are checked, before `citations`."""
        question = clean_question(question)
        # Checked now, not on first iteration, so a bad session fails before a response starts streaming.
        held = _held(self.sessions.get(session_id)) if session_id else Conversation()
        # The LLM deadline is fixed now, counting from arrival: time spent queueing is spent.
        deadline = self.llm.deadline(arrived) if self.llm else None
        return self._events(question, held, session_id, deadline)

    @property
    def reader(self) -> Reader | None:
        """The learned reader, on the process's one loaded copy of the model."""
        if not reader_loaded():
            self.retriever  # noqa: B018  (opening the index loads the reader alongside)
        return bundled_reader()

    def _events(
        self, question: str, held: Conversation, session_id: str | None, deadline: float | None
    ) -> Iterator[Event]:
        pipeline = self._pipeline(question, held, deadline)
        streamed = ""  # what the composer already sent as tokens (a prefix of the answer)
        try:
            # Stepped by hand, not `yield from`: a client that leaves closes this generator, and
            # the pipeline must survive that to finish the turn it started.
            while True:
                kind, data = next(pipeline)
                if kind == "token":
                    streamed += data["text"]
                yield kind, data
        except StopIteration as finished:
            answer = finished.value
        except GeneratorExit:
            if session_id:
                threading.Thread(
                    target=self._finish_turn, args=(pipeline, question, session_id), daemon=True
                ).start()
            raise
        answer.session_id = session_id
        if session_id:  # stored before the tokens go out, so a client leaving now loses nothing
            self.sessions.append(session_id, question, answer)
        # The rest of the text is already whole: it goes a line at a time, since every event
        # is a trip through the server's worker threads and word-sized ones crowd them under load.
        for token in re.findall(r"[^\n]*\n+|[^\n]+", answer.answer[len(streamed) :]):
            yield "token", {"text": token}
        yield "done", answer.model_dump(mode="json")

    def _finish_turn(
        self, pipeline: Generator[Event, None, Answer], question: str, session_id: str
    ) -> None:
        """Run the rest of a stream its client left and store the turn, as if the client had stayed.

        A failure here has no client to tell: it ends the thread and is logged as such.
        """
        try:
            while True:
                next(pipeline)
        except StopIteration as finished:
            answer = finished.value
        answer.session_id = session_id
        self.sessions.append(session_id, question, answer)

    def _pipeline(
        self, question: str, held: Conversation, deadline: float | None
    ) -> Generator[Event, None, Answer]:
        reader = self.reader
        # One turn of the CPU for all of it: each turn taken is another wait in line under load.
        with self._cpu:
            if in_scope := in_play(question, held, reader):
                facts, candidates = assess_turn(question, held, reader)
                ready = self._prepare(question, facts, candidates)
        if not in_scope:
            for stage in ("facts", "verdicts", "citations"):
                yield stage, {stage: []}
            return self._answer(
                question, Composition(OUT_OF_SCOPE, []), [], [], abstained="out_of_scope"
            )
        # Everything an answer without the model needs is ready before the model is asked, so a
        # model that misses its deadline costs no more work at the moment every waiting question
        # falls back at once. Facts the model adds are the rare case that prepares again.
        if read := self._model_reading(question, facts, candidates, held, deadline):
            facts, candidates = read
            with self._cpu:
                ready = self._prepare(question, facts, candidates)
        verdicts = ready.verdicts
        yield "facts", {"facts": [f.model_dump(mode="json") for f in facts]}
        yield "verdicts", {"verdicts": [v.model_dump(mode="json") for v in verdicts]}
        # A retriever over a vector store says when the store is away and BM25 searched alone.
        if outage := getattr(self.retriever, "degraded", None):
            outage = f"vector_store_unavailable: searched with BM25 alone ({outage})"
        if ready.fallback is None:
            yield "citations", {"citations": []}
            return self._answer(
                question,
                Composition(NOT_IN_CORPUS, []),
                facts,
                verdicts,
                abstained="not_in_corpus",
                search_outage=outage,
            )
        composition, degraded_reason = yield from self._compose(question, ready, deadline)
        yield "citations", {"citations": [c.model_dump(mode="json") for c in composition.citations]}
        return self._answer(
            question,
            composition,
            facts,
            verdicts,
            degraded_reason=degraded_reason,
            search_outage=outage,
        )

    def _prepare(self, question: str, facts: list[Fact], candidates: list[Verdict]) -> _Ready:
        """The verdicts the question is about, its passages, and the extractive answer (None when
        nothing is decided and the passages don't cover the question)."""
        verdicts = focus(question, facts, candidates)
        hits = self._search(question, verdicts)
        evidence = self.retriever.answer_spans(question)
        covered = any(v.verdict != INSUFFICIENT for v in verdicts) or self._covered(
            question, hits, routed=bool(verdicts), evidence=evidence
        )
        fallback = extractive(question, hits, verdicts, self.view, evidence) if covered else None
        return _Ready(verdicts, hits, fallback)

    def _model_reading(
        self,
        question: str,
        facts: list[Fact],
        candidates: list[Verdict],
        held: Conversation,
        deadline: float | None,
    ) -> tuple[list[Fact], list[Verdict]] | None:
        """Facts and verdicts with what a capable model read beyond the patterns, under the LLM
        deadline; None when there is no such model, it fails, or it adds nothing."""
        if self.llm is None or deadline is None or not self.llm.reads_facts or not candidates:
            return None
        try:
            read = self.llm.read_facts(
                question, [v.framework for v in candidates], turn=held.turns, deadline=deadline
            )
        except LLMFailure:
            return None  # the deterministic reading stands
        # The model only fills what the patterns left unknown: where both read a field the patterns win,
        # so instructions hidden in a question can't talk the model into different facts for them.
        known = {(f.framework, f.field) for f in facts}
        added = [f for f in read if (f.framework, f.field) not in known]
        if not added:
            return None
        facts = facts + added
        inputs = facts_to_inputs(facts)
        return facts, [assess(v.framework, inputs.get(v.framework, {})) for v in candidates]

    def _search(self, question: str, verdicts: Sequence[Verdict]) -> list[Hit]:
        hits: list[Hit] = self.retriever.search(question, k=self.settings.retrieval.k)
        # Only frameworks some document declares can filter a search (others would be "not found").
        frameworks = sorted({v.framework for v in verdicts} & self.view.defined_frameworks)
        if frameworks and not any(
            set(self.view.frameworks_by_doc.get(h.doc_id, ())) & set(frameworks) for h in hits
        ):
            # The documents that define the scored frameworks should be heard even when the wording misses them.
            seen = {h.chunk_id for h in hits}
            try:
                defining = self.retriever.search(question, k=2, frameworks=frameworks)
            except NotFound:  # an index built from other documents than the corpus has none
                defining = []
            hits += [h for h in defining if h.chunk_id not in seen]
        return hits

    def _covered(
        self, question: str, hits: list[Hit], *, routed: bool, evidence: Sequence[Evidence] = ()
    ) -> bool:
        """Whether the passages can answer: enough of the question's words, or a close bank
        question whose answer is among them (the words may differ), and no name the corpus never
        mentions, unless a framework applies ("... or partner with Zapier?")."""
        # Big vendors are the corpus's subject in general even where it never names them, and so
        # is the company a partnership question is about, whatever its name.
        foreign = [
            name
            for name in self.view.unknown_names(question)
            if not _VENDOR.fullmatch(name)
            and not _GENERIC.fullmatch(name)
            and not (routed and _counterparty(question, name))
        ]
        return not foreign and (
            self.view.coverage(question, hits) >= MIN_COVERAGE or _bank_answer_among(hits, evidence)
        )

    def _compose(
        self, question: str, ready: _Ready, deadline: float | None
    ) -> Generator[Event, None, tuple[Composition, str | None]]:
        """The composition and why it is degraded, if it is; the LLM's text streams as tokens."""
        assert ready.fallback is not None
        if self.llm is None:
            return ready.fallback, None
        pieces = self.llm.compose_stream(question, ready.hits, ready.verdicts, deadline=deadline)
        try:
            while True:
                try:
                    piece = next(pieces)
                except StopIteration as end:
                    return end.value, None
                if piece:
                    yield "token", {"text": piece}
        except LLMFailure as failure:
            # Only the verdict lines were sent, and the extractive text starts with them too.
            return ready.fallback, failure.reason

    def _answer(
        self,
        question: str,
        composition: Composition,
        facts: list[Fact],
        verdicts: list[Verdict],
        *,
        abstained: Literal["out_of_scope", "not_in_corpus"] | None = None,
        degraded_reason: str | None = None,
        search_outage: str | None = None,
    ) -> Answer:
        llm = self.llm if abstained is None and degraded_reason is None else None
        degraded_reason = degraded_reason or search_outage
        return Answer(
            question=question,
            answer=composition.text,
            citations=composition.citations,
            verdicts=verdicts,
            follow_up_questions=follow_ups(verdicts)[:MAX_FOLLOW_UPS],
            facts=facts,
            mode="llm" if llm else "extractive",
            degraded=degraded_reason is not None,
            degraded_reason=degraded_reason,
            abstained=abstained,
            provenance=Provenance(
                corpus_hash=self.corpus_hash,
                scorer_version=SCORER_VERSION,
                prompt_version=llm.prompts.version if llm else None,
                model=self.model_name if llm else None,
                reader_version=self.reader.version if self.reader else None,
            ),
        )

    def close(self) -> None:
        """Stop the LLM composer's worker threads, if any."""
        if self.llm is not None:
            self.llm.close()


def _held(history: SessionHistory) -> Conversation:
    """What a session holds: the facts of its last answer that had any, the last answer's verdicts."""
    facts = next((t.answer.facts for t in reversed(history.turns) if t.answer.facts), [])
    verdicts = history.turns[-1].answer.verdicts if history.turns else []
    return Conversation(tuple(facts), tuple(verdicts), len(history.turns))


def _bank_answer_among(hits: Sequence[Hit], evidence: Sequence[Evidence]) -> bool:
    """Whether a bank question close to the question asked has its answer in one of the hits."""
    return any(
        closeness >= MIN_BANK_CLOSENESS and entry.overlaps(hit.doc_id, hit.start, hit.end)
        for entry, closeness in evidence
        for hit in hits
    )
