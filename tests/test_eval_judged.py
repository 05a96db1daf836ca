"""The judged suite runs ragas' LLM metrics with a scripted judge at the BaseChatModel seam and reports mean and spread."""

from __future__ import annotations

import json
import re
from itertools import count
from pathlib import Path
from typing import Any

import pytest
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import Field, PrivateAttr

from advisor.config import Settings
from advisor.evals import judged
from advisor.evals.datasets import EVALS_DIR, AnswerCase, load_jsonl
from advisor.evals.runner import EvalContext, run_eval
from advisor.schemas import Answer, Citation, Provenance

# The first words of each ragas 0.4.3 prompt this judge answers, and the output it owes.
STATEMENTS = "Given a question and an answer"
NLI = "Your task is to judge the faithfulness"
QUESTION = "Generate a question for the given answer"
CLAIMS = "Decompose and break down"


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", text) if len(s.split()) >= 3]


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text.lower()))


class ScriptedJudge(BaseChatModel):
    """Answers ragas' prompts with valid JSON by rule; with `noisy`, every other NLI call drops its last verdict."""

    noisy: bool = False
    prompts: list[str] = Field(default_factory=list)
    _nli_calls: Any = PrivateAttr(default_factory=count)

    @property
    def _llm_type(self) -> str:
        return "scripted-judge"

    def _reply(self, prompt: str) -> dict[str, Any]:
        data = json.loads(prompt.rsplit("\ninput: ", 1)[1].rsplit("\nOutput:", 1)[0])
        if prompt.startswith(STATEMENTS):
            return {"statements": _sentences(data["answer"])}
        if prompt.lstrip().startswith(CLAIMS):
            return {"claims": _sentences(data["response"])}
        if prompt.startswith(QUESTION):
            return {"question": _sentences(data["response"] + ".")[0], "noncommittal": 0}
        if prompt.startswith(NLI):
            # A statement is supported when nearly all its words are in the context.
            context = _words(data["context"])
            verdicts = [
                int(len(_words(s) - context) <= len(_words(s)) // 10) for s in data["statements"]
            ]
            if self.noisy and verdicts and next(self._nli_calls) % 2:
                verdicts[-1] = 1 - verdicts[-1]
            return {
                "statements": [
                    {"statement": s, "reason": "scripted", "verdict": v}
                    for s, v in zip(data["statements"], verdicts)
                ]
            }
        raise AssertionError(f"unexpected prompt: {prompt[:80]!r}")

    def _generate(
        self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None, **kw: Any
    ) -> ChatResult:
        prompt = str(messages[-1].content)
        self.prompts.append(prompt)
        reply = AIMessage(content=json.dumps(self._reply(prompt)))
        return ChatResult(generations=[ChatGeneration(message=reply)])


class WordEmbeddings:
    """Deterministic bag-of-words vectors: similar questions get similar vectors."""

    DIM = 64

    def _vector(self, text: str) -> list[float]:
        vec = [0.0] * self.DIM
        for word in _words(text):
            vec[sum(map(ord, word)) % self.DIM] += 1.0
        return vec

    def embed_query(self, text: str) -> list[float]:
        return self._vector(text)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self._vector(t) for t in texts]

    async def aembed_query(self, text: str) -> list[float]:
        return self._vector(text)

    async def aembed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embed_documents(texts)


def _answer(question: str, text: str, quotes: list[str]) -> Answer:
    citations = [
        Citation(chunk_id=f"c{i}", doc_id="d", title="t", quote=q, start=0, end=len(q))
        for i, q in enumerate(quotes)
    ]
    return Answer(
        question=question,
        answer=text,
        citations=citations,
        provenance=Provenance(corpus_hash="x", scorer_version="1"),
    )


CASE = AnswerCase(
    id="handshake",
    question="When is a deal only a handshake?",
    reference="A deal is a handshake when both sides can walk away with zero cost.",
    reference_contexts=[
        {"doc_id": "d", "quote": "If both sides can walk away with zero cost, it's a handshake."}
    ],
)
SUPPORTED = "Both sides can walk away with zero cost in a handshake deal."
UNSUPPORTED = "Quarterly revenue targets must be set by the board of directors."


def test_faithfulness_is_the_share_of_supported_statements() -> None:
    answer = _answer(CASE.question, f"{SUPPORTED} {UNSUPPORTED}", [SUPPORTED])
    result = judged.evaluate([CASE], [answer], ScriptedJudge(), WordEmbeddings(), repeats=2)
    assert result.metrics["faithfulness"] == pytest.approx(0.5)
    assert (
        result.metrics["faithfulness_spread"] == 0.0
    )  # a consistent judge gives the same score every run
    assert (
        0 < result.metrics["factual_correctness"] < 1
    )  # one claim matches the reference, one doesn't
    assert 0 < result.metrics["response_relevancy"] <= 1
    assert result.cases[0].passed and result.cases[0].actual["faithfulness"] == pytest.approx(0.5)


def test_a_noisy_judge_shows_up_as_spread_around_the_mean() -> None:
    answer = _answer(CASE.question, f"{SUPPORTED} {UNSUPPORTED}", [SUPPORTED])
    judge = ScriptedJudge(noisy=True)
    result = judged.evaluate([CASE], [answer], judge, WordEmbeddings(), repeats=4)
    # Runs alternate between 0.5 and 0.5 ± 0.5 as the judge flips its last verdict.
    assert result.metrics["faithfulness_spread"] > 0
    assert 0 <= result.metrics["faithfulness"] <= 1
    assert sum(p.startswith(NLI) for p in judge.prompts) >= 4


def test_unparseable_judge_replies_count_as_unscored_not_as_a_crash() -> None:
    class Mumbling(ScriptedJudge):
        def _reply(self, prompt: str) -> dict[str, Any]:
            return {"nonsense": True}

    answer = _answer(CASE.question, SUPPORTED, [SUPPORTED])
    result = judged.evaluate([CASE], [answer], Mumbling(), WordEmbeddings(), repeats=1)
    assert not result.cases[0].passed and "could not be scored" in result.cases[0].note


def test_judged_suite_through_the_runner(index_settings: Settings, tmp_path: Path) -> None:
    evals = tmp_path / "evals"
    evals.mkdir()
    cases = load_jsonl(EVALS_DIR / "answers.jsonl", AnswerCase)[:3]
    (evals / "answers.jsonl").write_text(
        "".join(c.model_dump_json() + "\n" for c in cases), encoding="utf-8"
    )
    judge = ScriptedJudge()
    ctx = EvalContext(
        index_settings, evals_dir=evals, repeats=2, judge=judge, judge_embeddings=WordEmbeddings()
    )
    suite = run_eval(ctx, ["judged"]).suites[0]
    assert suite.status == "passed", suite
    metrics = suite.result.metrics
    for name in judged.METRICS:
        assert 0 <= metrics[name] <= 1 and metrics[f"{name}_spread"] == 0.0
    assert [c.case_id for c in suite.result.cases] == [c.id for c in cases]
    assert {p.split("\n")[0][:30] for p in judge.prompts} >= {
        STATEMENTS[:30],
        NLI[:30],
        QUESTION[:30],
    }


def test_without_a_judge_the_suite_is_skipped_with_how_to_enable_it(settings: Settings) -> None:
    suite = run_eval(EvalContext(settings, build_index=False), ["judged"]).suites[0]
    assert suite.status == "skipped" and "ADVISOR_LLM__MODEL" in suite.reason
