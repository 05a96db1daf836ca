"""The judged suite: ragas Faithfulness, ResponseRelevancy and FactualCorrectness with an LLM judge.

A judge's scores move between runs, so every metric is measured `repeats` times over the
whole answers dataset; the suite reports the mean of the runs and their spread (population
standard deviation), and the baseline compares the mean within a tolerance band.
"""

from __future__ import annotations

import math
import statistics
import warnings
from pathlib import Path
from typing import Any

from tqdm import tqdm

from advisor.config import Settings
from advisor.evals.answers import ask_all, contexts
from advisor.evals.datasets import AnswerCase, load_jsonl
from advisor.evals.runner import SkipSuite
from advisor.evals.schemas import CaseResult, SuiteResult
from advisor.schemas import Answer

METRICS = ("faithfulness", "response_relevancy", "factual_correctness")


def build_judge(settings: Settings) -> Any:
    """The chat model configured for the advisor, used as the judge; SkipSuite when there is none."""
    from advisor.llm import build_chat_model

    judge = build_chat_model(settings.llm)
    if judge is None:
        raise SkipSuite(
            "no judge model: set ADVISOR_LLM__MODEL (and ADVISOR_LLM__BASE_URL for a local server)"
        )
    return judge


def build_embeddings(settings: Settings) -> Any:
    """The advisor's own embeddings (offline ONNX by default), for ResponseRelevancy's question similarity."""
    from advisor.embeddings import get_embeddings

    return get_embeddings(settings)


def _metrics(judge: Any, embeddings: Any) -> dict[str, Any]:
    with warnings.catch_warnings():
        # ragas 0.4 marks its LangChain wrappers and single-turn metrics deprecated; they are its LangChain seam.
        warnings.simplefilter("ignore", DeprecationWarning)
        from ragas.embeddings import LangchainEmbeddingsWrapper
        from ragas.llms import LangchainLLMWrapper
        from ragas.metrics import FactualCorrectness, Faithfulness, ResponseRelevancy

        llm = LangchainLLMWrapper(judge)
        return {
            "faithfulness": Faithfulness(llm=llm),
            "response_relevancy": ResponseRelevancy(
                llm=llm, embeddings=LangchainEmbeddingsWrapper(embeddings)
            ),
            "factual_correctness": FactualCorrectness(llm=llm),
        }


def _score(metric: Any, sample: Any) -> float:
    """One score; a judge reply ragas can't parse counts as NaN, so one bad reply doesn't end the run."""
    try:
        return float(metric.single_turn_score(sample))
    except Exception:  # noqa: BLE001 - ragas raises parser and value errors of many kinds
        return math.nan


def _mean(values: list[float]) -> float:
    kept = [v for v in values if not math.isnan(v)]
    return statistics.fmean(kept) if kept else math.nan


def evaluate(
    cases: list[AnswerCase], answers: list[Answer], judge: Any, embeddings: Any, repeats: int
) -> SuiteResult:
    """Judge every answer `repeats` times; metrics are the mean over runs, `<metric>_spread` their spread."""
    from ragas import SingleTurnSample

    metrics = _metrics(judge, embeddings)
    samples = [
        SingleTurnSample(
            user_input=case.question,
            response=answer.answer,
            reference=case.reference,
            retrieved_contexts=contexts(answer) or [""],
        )
        for case, answer in zip(cases, answers, strict=True)
    ]
    # scores[metric][run][case]
    scores: dict[str, list[list[float]]] = {name: [] for name in metrics}
    for _ in tqdm(range(repeats), desc="judged", unit="run", leave=False):
        for name, metric in metrics.items():
            scores[name].append([_score(metric, s) for s in samples])
    result: dict[str, float] = {}
    for name in metrics:
        runs = [_mean(run) for run in scores[name]]
        kept = [r for r in runs if not math.isnan(r)]
        result[name] = round(statistics.fmean(kept), 4) if kept else math.nan
        result[f"{name}_spread"] = round(statistics.pstdev(kept), 4) if kept else math.nan
    cases_out = []
    for i, case in enumerate(cases):
        per_case = {name: _mean([run[i] for run in scores[name]]) for name in metrics}
        unscored = [name for name, value in per_case.items() if math.isnan(value)]
        cases_out.append(
            CaseResult(
                case_id=case.id,
                passed=not unscored,
                expected=case.reference,
                actual={
                    "answer": answers[i].answer,
                    **{k: round(v, 4) for k, v in per_case.items()},
                },
                note=f"the judge's replies could not be scored for {', '.join(unscored)}"
                if unscored
                else None,
            )
        )
    return SuiteResult(suite="judged", metrics=result, cases=cases_out)


def run(service: Any, path: Path, judge: Any, embeddings: Any, *, repeats: int = 3) -> SuiteResult:
    """Answer the answers dataset once with `service`, then judge the answers `repeats` times."""
    cases = load_jsonl(path, AnswerCase)
    answers = ask_all(service, [c.question for c in cases], "judged answers")
    return evaluate(cases, answers, judge, embeddings, repeats)
