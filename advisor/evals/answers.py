"""The answers suite: citation validity and ragas' non-LLM metrics over the advisor's answers,
and whether the text a person reads is advice.

The contexts an answer rests on are the sentences it quotes: its citations first, then the
corpus passages of the verdicts' rules. They are compared with the dataset's reference
quotes by ragas' Levenshtein-based context precision and recall; the answer text is
compared with the reference answer by ROUGE-L.

The text is judged over these answers and those to the single-turn questions of
`scenarios.jsonl` (which decide many verdicts): `fragment_rate` is the share of cited
sentences that are not guidance (see `fragment`), `recommendation_coverage` the share of
decided verdicts whose first recommendation the text states, and `internal_name_count` the
answers whose text, verdict summaries, rule explanations or recommendations show a field name.
"""

from __future__ import annotations

import json
import os
import re
import warnings
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from tqdm import tqdm

from advisor.evals.datasets import EVALS_DIR, AnswerCase, load_jsonl
from advisor.evals.schemas import CaseResult, SuiteResult
from advisor.frameworks.base import INSUFFICIENT
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


_SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
_METHODOLOGY = re.compile(
    r"\b(?:interview(?:ed|s)?|questions were used|this report|were measured)\b",
    re.IGNORECASE,
)
_WORDS = re.compile(r"[a-z0-9]+")


def fragment(quote: str, line: str, question: str) -> str | None:
    """Why a cited sentence is not guidance a person can act on, or None when it is.

    `line` is the whole document line the quote sits on, so headings, table rows and list
    items are recognised by their markup rather than by the quote alone."""
    bare = quote.rstrip("\"”’') ")
    if bare.endswith("?"):
        return "question"
    if line.lstrip().startswith("#"):
        return "heading"
    if "\t" in line or "|" in line:
        return "table row"
    if bare.endswith(":"):
        return "list intro"
    if not bare.endswith((".", "!")):
        return "heading, label or checklist item"
    if _METHODOLOGY.search(quote):
        return "methodology"
    words = _WORDS.findall(quote.lower())
    asked = set(_WORDS.findall(question.lower()))
    if words and sum(w in asked for w in words) >= 0.8 * len(words):
        return "the user's own words"
    return None


def _line(text: str, start: int) -> str:
    begin = text.rfind("\n", 0, start) + 1
    end = text.find("\n", start)
    return text[begin : end if end >= 0 else len(text)]


def internal_names(answer: Answer) -> list[str]:
    """Snake_case words, as every field name is, in what a person reads of the answer."""
    shown = [answer.answer] + [
        text
        for v in answer.verdicts
        for text in [v.summary, *v.recommendations, *(r.explanation for r in v.rationale)]
    ]
    return sorted({w for text in shown for w in _SNAKE.findall(text)})


def text_quality(answers: Iterable[Answer], texts: Mapping[str, str]) -> dict[str, float]:
    """fragment_rate, recommendation_coverage and internal_name_count over `answers`."""
    cited = fragments = decided = stated = named = 0
    for answer in answers:
        for c in answer.citations:
            cited += 1
            body = texts.get(c.doc_id, "")
            fragments += fragment(c.quote, _line(body, c.start), answer.question) is not None
        for v in answer.verdicts:
            if v.verdict != INSUFFICIENT and v.recommendations:
                decided += 1
                stated += v.recommendations[0] in answer.answer
        named += bool(internal_names(answer))
    return {
        "fragment_rate": round(fragments / cited, 4) if cited else 0.0,
        "recommendation_coverage": round(stated / decided, 4) if decided else 1.0,
        "internal_name_count": named,
    }


def scenario_questions(evals_dir: Path = EVALS_DIR) -> list[str]:
    """The single-turn questions of scenarios.jsonl: situations that decide verdicts."""
    rows = (json.loads(line) for line in (evals_dir / "scenarios.jsonl").open(encoding="utf-8"))
    return [row["question"] for row in rows if not row.get("history")]


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
    cases: list[AnswerCase],
    answers: list[Answer],
    texts: Mapping[str, str],
    more: Sequence[Answer] = (),
) -> SuiteResult:
    """Score answers already produced for `cases` (one per case, same order); the text of
    `more` answers counts towards the text-quality metrics too."""
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
    metrics.update(text_quality([*answers, *more], texts))
    return SuiteResult(suite="answers", metrics=metrics, cases=results)


def ask_all(service: Any, questions: list[str], desc: str) -> list[Answer]:
    """Ask every question in order, with a progress bar on stderr."""
    return [service.ask(q) for q in tqdm(questions, desc=desc, unit="q", leave=False)]


def run(service: Any, path: Path, texts: Mapping[str, str]) -> SuiteResult:
    """Ask every answers case through `service` (an AdvisorService) and score the answers."""
    cases = load_jsonl(path, AnswerCase)
    answers = ask_all(service, [c.question for c in cases], "answers")
    more = ask_all(service, scenario_questions(path.parent), "answer text")
    return evaluate(cases, answers, texts, more)
