"""The answers suite: citation validity and ragas' non-LLM metrics over the advisor's answers.

The contexts an answer rests on are the sentences it quotes: its citations first, then the
corpus passages of the verdicts' rules. They are compared with the dataset's reference
quotes by ragas' Levenshtein-based context precision and recall; the answer text is
compared with the reference answer by ROUGE-L.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from tqdm import tqdm

from advisor.evals.datasets import AnswerCase, load_jsonl
from advisor.evals.schemas import CaseResult, SuiteResult
from advisor.schemas import Answer, Citation, SourceSpan

# ragas posts usage statistics unless told not to; evals run offline.
os.environ.setdefault("RAGAS_DO_NOT_TRACK", "true")


def spans(answer: Answer) -> list[Citation | SourceSpan]:
    """Every corpus quote the answer shows: its citations, then its verdicts' rule passages."""
    return [*answer.citations, *(line.source for v in answer.verdicts for line in v.rationale)]


def span_problems(answer: Answer, texts: Mapping[str, str]) -> list[str]:
    """Every quote of `answer` that is not verbatim at its offsets in its corpus document, described."""
    problems = []
    for span in spans(answer):
        body = texts.get(span.doc_id)
        if body is None:
            problems.append(f"{span.doc_id}: not a corpus document")
        elif body[span.start : span.end] != span.quote:
            problems.append(
                f"{span.doc_id} {span.start}-{span.end}: {span.quote[:60]!r} is not at these offsets"
            )
    return problems


def citation_validity(answers: Iterable[Answer], texts: Mapping[str, str]) -> float:
    """Share of all quotes in `answers` that are verbatim at their offsets (1.0 when there are none)."""
    total = bad = 0
    for answer in answers:
        total += len(spans(answer))
        bad += len(span_problems(answer, texts))
    return 1.0 if total == 0 else (total - bad) / total


def contexts(answer: Answer) -> list[str]:
    """The passages the answer rests on, in the order it shows them."""
    return list(dict.fromkeys(span.quote for span in spans(answer)))


class RagasScorer:
    """ragas' non-LLM metrics, built once: context precision/recall against references and ROUGE-L."""

    def __init__(self) -> None:
        with warnings.catch_warnings():
            # The legacy single-turn API is the one that has the non-LLM context metrics in ragas 0.4.
            warnings.simplefilter("ignore", DeprecationWarning)
            from ragas import SingleTurnSample
            from ragas.metrics import (
                NonLLMContextPrecisionWithReference,
                NonLLMContextRecall,
                RougeScore,
            )

        self._sample = SingleTurnSample
        self.metrics = {
            "context_precision": NonLLMContextPrecisionWithReference(),
            "context_recall": NonLLMContextRecall(),
            "rouge_l": RougeScore(rouge_type="rougeL", mode="fmeasure"),
        }

    def score(self, case: AnswerCase, answer: Answer) -> dict[str, float]:
        retrieved = contexts(answer)
        sample = self._sample(
            user_input=case.question,
            response=answer.answer,
            reference=case.reference,
            retrieved_contexts=retrieved,
            reference_contexts=[c.quote for c in case.reference_contexts],
        )
        scores = {}
        for name, metric in self.metrics.items():
            if name.startswith("context") and not retrieved:
                scores[name] = (
                    0.0  # ragas asserts on an empty context list; nothing retrieved scores nothing
                )
                continue
            scores[name] = float(metric.single_turn_score(sample))
        return scores


def evaluate(
    cases: list[AnswerCase], answers: list[Answer], texts: Mapping[str, str]
) -> SuiteResult:
    """Score answers already produced for `cases` (one per case, same order)."""
    scorer = RagasScorer()
    results: list[CaseResult] = []
    totals: dict[str, float] = {name: 0.0 for name in scorer.metrics}
    for case, answer in zip(cases, answers, strict=True):
        scores = scorer.score(case, answer)
        for name, value in scores.items():
            totals[name] += value
        notes = span_problems(answer, texts)
        if answer.abstained:
            notes.append(f"abstained: {answer.abstained}")
        if scores["context_recall"] == 0:
            notes.append("no reference context was quoted")
        results.append(
            CaseResult(
                case_id=case.id,
                passed=not notes,
                expected=[c.quote for c in case.reference_contexts],
                actual=contexts(answer),
                note="; ".join(notes) or None,
            )
        )
    n = len(cases)
    metrics = {name: round(total / n, 4) for name, total in totals.items()}
    metrics["citation_validity"] = citation_validity(
        answers, texts
    )  # unrounded: the gate is exactly 1.0
    metrics["answered_rate"] = round(sum(a.abstained is None for a in answers) / n, 4)
    return SuiteResult(suite="answers", metrics=metrics, cases=results)


def ask_all(service: Any, questions: list[str], desc: str) -> list[Answer]:
    """Ask every question in order, with a progress bar on stderr."""
    return [service.ask(q) for q in tqdm(questions, desc=desc, unit="q", leave=False)]


def run(service: Any, path: Path, texts: Mapping[str, str]) -> SuiteResult:
    """Ask every answers case through `service` (an AdvisorService) and score the answers."""
    cases = load_jsonl(path, AnswerCase)
    return evaluate(cases, ask_all(service, [c.question for c in cases], "answers"), texts)
