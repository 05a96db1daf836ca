"""Hybrid retrieval over a real Chroma index and BM25: offsets, filters, near-duplicates, threads, CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from typer.testing import CliRunner

from advisor.cli import app
from advisor.config import RetrievalSettings, Settings
from advisor.corpus import corpus_texts
from advisor.errors import InvalidInput, NotFound
from advisor.retrieval import Retriever, fuse, overlap

DONE_WHEN = "Should we list on a cloud marketplace?"
PRECHASM = "prechasm-tech-partnerships"


@pytest.fixture(scope="module")
def retriever(index_settings: Settings) -> Retriever:
    return Retriever.from_settings(index_settings)


def test_hits_carry_exact_offsets_into_the_document(
    retriever: Retriever, index_settings: Settings
) -> None:
    texts = corpus_texts(index_settings.corpus_dir)
    hits = retriever.search(DONE_WHEN, k=5)
    assert len(hits) == 5
    assert hits[0].doc_id == PRECHASM
    assert "marketplace" in hits[0].text.lower()
    for hit in hits:
        assert texts[hit.doc_id][hit.start : hit.end] == hit.text
        assert hit.chunk_id and hit.title
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


@pytest.mark.parametrize("mode", ["dense", "bm25", "hybrid"])
def test_every_mode_finds_the_marketplace_passage(retriever: Retriever, mode: str) -> None:
    hits = retriever.search(DONE_WHEN, k=5, mode=mode)
    assert any(h.doc_id == PRECHASM and "marketplace" in h.text.lower() for h in hits)


def test_document_filter_keeps_only_that_document(retriever: Retriever) -> None:
    hits = retriever.search(DONE_WHEN, k=4, doc_ids=["partnership-architecture"])
    assert len(hits) == 4
    assert {h.doc_id for h in hits} == {"partnership-architecture"}


def test_framework_filter_keeps_documents_defining_it(retriever: Retriever) -> None:
    hits = retriever.search("How should we tier our partners?", k=3, frameworks=["prechasm_risk"])
    assert hits and {h.doc_id for h in hits} == {PRECHASM}
    both = retriever.search("partner tiers", k=8, frameworks=["prechasm_risk", "upstream_fit"])
    assert {h.doc_id for h in both} <= {PRECHASM, "upstream-platform-marketing"}
    # A document filter and a framework filter that share no document leave nothing.
    assert retriever.search("tiers", doc_ids=[PRECHASM], frameworks=["upstream_fit"]) == []


def test_bad_queries_and_filters_name_what_to_fix(retriever: Retriever) -> None:
    with pytest.raises(InvalidInput, match="empty"):
        retriever.search("   ")
    with pytest.raises(InvalidInput, match="k must be"):
        retriever.search("marketplace", k=0)
    with pytest.raises(NotFound, match="no-such-doc"):
        retriever.search("marketplace", doc_ids=["no-such-doc"])
    with pytest.raises(NotFound, match="known: .*partner_tier"):
        retriever.search("marketplace", frameworks=["astrology"])


def test_concurrent_searches_match_sequential_ones(retriever: Retriever) -> None:
    questions = [
        DONE_WHEN,
        "OEM deals with larger vendors",
        "How many partner tiers?",
        "BizDevOps",
    ] * 4
    expected = [[h.chunk_id for h in retriever.search(q)] for q in questions]
    with ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(lambda q: [h.chunk_id for h in retriever.search(q)], questions))
    assert got == expected


def test_fusion_weights_and_normalises_each_list() -> None:
    dense = [("a", 0.9), ("b", 0.5), ("c", 0.1)]
    lexical = [("c", 30.0), ("b", 20.0)]
    assert [cid for cid, _ in fuse([(dense, 1.0), (lexical, 0.0)])] == ["a", "b", "c"]
    fused = dict(fuse([(dense, 0.5), (lexical, 0.5)]))
    assert fused["b"] == pytest.approx(0.5 * 0.5 + 0.5 * 0.0)
    assert fused["c"] == pytest.approx(0.5 * 0.0 + 0.5 * 1.0)
    assert fused["a"] == pytest.approx(0.5)
    assert fuse([([], 1.0), ([("x", 3.0)], 1.0)]) == [("x", 1.0)]


def test_overlap_is_the_share_of_the_smaller_passage() -> None:
    assert overlap({"a", "b"}, {"a", "b", "c", "d"}) == 1.0
    assert overlap({"a", "b", "c", "d"}, {"a", "x", "y", "z"}) == 0.25
    assert overlap(set(), {"a"}) == 0.0


PARAGRAPH = (
    "Listing a young product on a cloud vendor's marketplace rarely brings customers by itself; "
    "buyers still need a direct relationship, a champion inside the account and a reason to trust "
    "a small company with a critical workload, so treat the listing as paperwork that follows real "
    "demand rather than a channel that creates it."
)
OTHER = (
    "Quarterly business reviews with each managed partner should compare sourced pipeline, "
    "influenced revenue and certification counts against the goals both sides signed, and end "
    "with the one or two actions each side owns before the next review, written down and shared."
)


def _write_corpus(root: Path, *docs: tuple[str, str]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for doc_id, body in docs:
        (root / f"{doc_id}.md").write_text(
            f"---\nid: {doc_id}\ntitle: {doc_id}\n---\n{body}", encoding="utf-8"
        )
    return root


def test_near_duplicates_are_dropped_and_reingest_is_picked_up(
    settings: Settings, tmp_path: Path
) -> None:
    from advisor.embeddings import get_embeddings
    from advisor.ingest import ingest

    # The copy differs by one word: near-duplicate at 0.9, distinct at 1.0.
    copy = PARAGRAPH.replace("paperwork", "bookkeeping")
    body = f"## Marketplaces\n\n{PARAGRAPH}\n\n## Again\n\n{copy}\n\n## Reviews\n\n{OTHER}\n"
    corpus = _write_corpus(tmp_path / "corpus", ("notes", body))
    config = settings.model_copy(update={"corpus_dir": corpus})
    embeddings = get_embeddings(config)
    ingest(config, embeddings=embeddings)

    retriever = Retriever.from_settings(config, embeddings)
    hits = retriever.search("Should we list on a cloud marketplace?", k=3)
    assert [h.heading_path[-1] for h in hits] in (["Marketplaces", "Reviews"], ["Again", "Reviews"])
    keep_all = config.model_copy(update={"retrieval": RetrievalSettings(dedupe_threshold=1.0)})
    assert (
        len(Retriever.from_settings(keep_all, embeddings).search("cloud marketplace listing", k=3))
        == 3
    )

    # A document added by a later ingest is searchable by the same retriever.
    question = "How should quarterly reviews with a partner compare pipeline?"
    assert {h.doc_id for h in retriever.search(question, k=5)} == {"notes"}
    _write_corpus(corpus, ("reviews", f"## Partner reviews\n\n{OTHER} Pipeline reviews matter.\n"))
    ingest(config, embeddings=embeddings)
    assert "reviews" in {h.doc_id for h in retriever.search(question, k=5)}


def _env(settings: Settings) -> dict[str, str]:
    return {
        "ADVISOR_DATA_DIR": str(settings.data_dir),
        "ADVISOR_CORPUS_DIR": str(settings.corpus_dir),
    }


def test_cli_search_json_gives_exact_offsets(index_settings: Settings) -> None:
    result = CliRunner().invoke(app, ["search", DONE_WHEN, "--json"], env=_env(index_settings))
    assert result.exit_code == 0, result.output
    hits = json.loads(result.stdout)
    texts = corpus_texts(index_settings.corpus_dir)
    assert len(hits) == 5 and hits[0]["doc_id"] == PRECHASM
    for hit in hits:
        assert {"chunk_id", "doc_id", "text", "start", "end", "score"} <= set(hit)
        assert texts[hit["doc_id"]][hit["start"] : hit["end"]] == hit["text"]


def test_cli_search_human_view_and_filters(index_settings: Settings) -> None:
    env = _env(index_settings)
    result = CliRunner().invoke(
        app, ["search", "partner tiers", "--k", "2", "--framework", "partner_tier"], env=env
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("1. partnership-architecture [")
    assert "2. partnership-architecture [" in result.stdout and "3. " not in result.stdout
    assert "score" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["search", "tiers", "--k", "0"], "greater than or equal to 1"),
        (["search", "tiers", "--doc", "nope"], "no indexed document has id 'nope'"),
        (["search", "  "], "empty"),
    ],
)
def test_cli_search_bad_input_exits_2(
    index_settings: Settings, args: list[str], message: str
) -> None:
    result = CliRunner().invoke(app, args, env=_env(index_settings))
    assert result.exit_code == 2
    assert message in result.output


def test_a_search_process_loads_no_langchain_and_shares_the_model_with_ingest(
    index_settings: Settings,
) -> None:
    # The cold-start path of `advisor search`: LangChain's import alone is about 0.2 s of it.
    script = """
import sys
from advisor.config import Settings
from advisor.ingest import ensure_index
from advisor.retrieval import Retriever
settings = Settings()
ensure_index(settings)
retriever = Retriever.from_settings(settings)
hits = retriever.search("Should we list on a cloud marketplace?", 3)
print(hits[0].doc_id, sorted(m for m in ("langchain_core", "langchain_chroma") if m in sys.modules))
from advisor.embeddings import shared_embeddings
print(shared_embeddings(settings).inner.model is retriever.embeddings)
"""
    env = {
        **os.environ,
        "ADVISOR_DATA_DIR": str(index_settings.data_dir),
        "ADVISOR_CORPUS_DIR": str(index_settings.corpus_dir),
    }
    out = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    ).stdout
    assert out.split("\n")[:2] == ["prechasm-tech-partnerships []", "True"], out
