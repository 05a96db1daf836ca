"""The retrieval suite: does search put the passage that answers a founder's question near the top?

Each case names a document and a short verbatim gold quote. A retrieved passage is a hit when it
comes from that document and covers at least half of the quote's span, so a quote cut by a
chunk boundary still counts for the passage holding most of it, and chunkings of any size are
judged by one rule. Because a longer passage covers more, the characters returned in the top 5
are reported beside the ranks.

`evals/retrieval.jsonl` is split into `train` (fusion weights and other choices are fitted on
it) and `dev` (kept choices must hold there); `evals/heldout/` is never tuned on. Every run
scores the naive baseline of `advisor.evals.naive` on the same questions.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from advisor.corpus import corpus_texts, load_corpus
from advisor.errors import InvalidInput
from advisor.evals.datasets import _Case, load_jsonl
from advisor.evals.schemas import CaseResult, SuiteResult
from advisor.schemas import Chunk

if TYPE_CHECKING:
    from advisor.config import Settings
    from advisor.retrieval import Mode, Retriever

# Held-out batches 1-3 became development data when the question bank's settings were fitted on
# them (evals/README.md); only later batches measure questions no change has looked at.
DEVELOPMENT_BATCHES = frozenset({"retrieval-1.jsonl", "retrieval-2.jsonl", "retrieval-3.jsonl"})


def held_out_files(evals_dir: Path) -> list[Path]:
    """The retrieval batches never tuned on, in order."""
    files = sorted((evals_dir / "heldout").glob("retrieval-*.jsonl"))
    return [path for path in files if path.name not in DEVELOPMENT_BATCHES]


DEPTH = 10  # ranks looked at for MRR; hit@1 and hit@5 read the same list
MIN_COVER = 0.5


class RetrievalCase(_Case):
    question: str = Field(
        min_length=1, description="Asked the way a founder would, not copied from the text."
    )
    doc_id: str = Field(min_length=1)
    quote: str = Field(
        min_length=1, description="A short verbatim passage of the document that answers it."
    )
    split: Literal["train", "dev"] | None = Field(
        default=None, description="train: fitted on; dev: checked on. Held-out files have none."
    )


# A search under test: (question, k) -> passages, best first.
Search = Callable[[str, int], Sequence[Chunk]]


def load_cases(path: Path, corpus_dir: Path) -> list[tuple[RetrievalCase, tuple[int, int]]]:
    """The cases with their gold spans; a quote not found verbatim in its document stops the run."""
    texts = corpus_texts(corpus_dir)
    cases = []
    for case in load_jsonl(path, RetrievalCase):
        if case.doc_id not in texts:
            raise InvalidInput(
                f"{path}: case {case.id}: unknown document {case.doc_id!r}", field="doc_id"
            )
        start = texts[case.doc_id].find(case.quote)
        if start < 0:
            raise InvalidInput(
                f"{path}: case {case.id}: the quote is not verbatim in {case.doc_id}; copy it exactly",
                field="quote",
            )
        cases.append((case, (start, start + len(case.quote))))
    return cases


def covers(chunk: Chunk, doc_id: str, span: tuple[int, int]) -> bool:
    """True when the chunk is from `doc_id` and holds at least half of the gold span."""
    start, end = span
    shared = min(end, chunk.end) - max(start, chunk.start)
    return chunk.doc_id == doc_id and shared >= MIN_COVER * (end - start)


def run(
    settings: Settings,
    path: Path,
    mode: Mode = "hybrid",
    retriever: Retriever | None = None,
    *,
    split: str | None = None,
) -> SuiteResult:
    """hit@1, hit@5, MRR and characters returned of `mode` search, overall and per document,
    with the naive baseline's on the same cases; `split` keeps only the cases of one split."""
    if retriever is None:
        from advisor.retrieval import Retriever

        retriever = Retriever.from_settings(settings)
    cases = [c for c in load_cases(path, settings.corpus_dir) if split in (None, c[0].split)]
    result = score(cases, lambda q, k: retriever.search(q, k, mode=mode))
    naive = score(cases, naive_search(settings.corpus_dir))
    result.metrics.update({f"baseline_{name}": value for name, value in naive.metrics.items()})
    return result


def naive_search(corpus_dir: Path) -> Search:
    """The naive baseline's search over the corpus in `corpus_dir`."""
    from advisor.evals.naive import NaiveRetriever

    return NaiveRetriever(load_corpus(corpus_dir)).search


def score(cases: list[tuple[RetrievalCase, tuple[int, int]]], search: Search) -> SuiteResult:
    """Ask every case's question of `search` and rank its gold passage."""
    results: list[CaseResult] = []
    ranks: dict[str, list[int | None]] = {}
    chars: list[int] = []
    for case, span in cases:
        hits = search(case.question, DEPTH)
        rank = next((i for i, hit in enumerate(hits, 1) if covers(hit, case.doc_id, span)), None)
        ranks.setdefault(case.doc_id, []).append(rank)
        chars.append(sum(len(hit.text) for hit in hits[:5]))
        results.append(
            CaseResult(
                case_id=case.id,
                passed=rank is not None and rank <= 5,
                expected={"doc_id": case.doc_id, "quote": case.quote},
                actual={"rank": rank, "top": [f"{h.doc_id}[{h.start}:{h.end}]" for h in hits[:3]]},
                group=case.doc_id,
            )
        )
    every = [r for doc_ranks in ranks.values() for r in doc_ranks]
    metrics = _metrics(every)
    metrics["returned_chars"] = round(sum(chars) / (len(chars) or 1), 1)
    return SuiteResult(
        suite="retrieval",
        metrics=metrics,
        cases=results,
        per_group={doc_id: _metrics(doc_ranks) for doc_id, doc_ranks in sorted(ranks.items())},
    )


def _metrics(ranks: list[int | None]) -> dict[str, float]:
    n = len(ranks) or 1
    return {
        "hit@1": round(sum(r == 1 for r in ranks) / n, 4),
        "hit@5": round(sum(r is not None and r <= 5 for r in ranks) / n, 4),
        "mrr": round(sum(1 / r for r in ranks if r is not None) / n, 4),
    }
