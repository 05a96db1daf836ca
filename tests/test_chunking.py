"""Chunks are exact slices of their document, sized in cl100k_base tokens, following the headings."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor.chunking import chunk_document, count_tokens, index_text
from advisor.config import ChunkingSettings
from advisor.corpus import Document, load_corpus
from tests.conftest import CORPUS

DEFAULT = ChunkingSettings()


def _doc(text: str, title: str = "Doc") -> Document:
    return Document(id="doc", title=title, text=text, path="/tmp/doc.md")


def _assert_well_formed(doc: Document, config: ChunkingSettings) -> None:
    chunks = chunk_document(doc, config)
    covered = [False] * len(doc.text)
    previous_end = 0
    for chunk in chunks:
        assert doc.text[chunk.start : chunk.end] == chunk.text
        assert chunk.text and chunk.text == chunk.text.strip()
        assert chunk.start >= previous_end, "chunks are in reading order and never overlap"
        assert count_tokens(chunk.text) <= config.max_tokens
        previous_end = chunk.end
        covered[chunk.start : chunk.end] = [True] * (chunk.end - chunk.start)
    lost = [c for c, seen in zip(doc.text, covered, strict=True) if not seen and not c.isspace()]
    assert not lost, f"text left out of every chunk: {''.join(lost)[:80]!r}"
    assert len({c.chunk_id for c in chunks}) == len(chunks)


@pytest.mark.parametrize("doc", load_corpus(CORPUS), ids=lambda d: d.id)
def test_corpus_chunks_are_exact_slices_within_the_token_budget(doc: Document) -> None:
    _assert_well_formed(doc, DEFAULT)
    chunks = chunk_document(doc, DEFAULT)
    assert chunks == chunk_document(doc, DEFAULT), "chunking is deterministic, ids included"
    # Small sections merge, so chunks are rarely tiny.
    assert sum(count_tokens(c.text) < DEFAULT.min_tokens for c in chunks) <= 2


def test_heading_paths_follow_the_outline_and_ignore_code_fences() -> None:
    text = (
        "# Guide\n\nIntro words here.\n\n## Pricing\n\n" + "Price talk. " * 60 + "\n\n"
        "```\n# not a heading\n```\n\n### Discounts\n\n"
        + "Discount talk. " * 60
        + "\n\n## Support\n\n"
        + "Help. " * 80
    )
    chunks = chunk_document(_doc(text), ChunkingSettings(max_tokens=100, min_tokens=10))
    paths = {tuple(c.heading_path) for c in chunks}
    assert ("Guide", "Pricing") in paths
    assert ("Guide", "Pricing", "Discounts") in paths
    assert ("Guide", "Support") in paths, "a new h2 pops the h3 off the path"
    assert not any("not a heading" in h for c in chunks for h in c.heading_path)
    discount = next(c for c in chunks if c.heading_path[-1:] == ["Discounts"])
    assert discount.text.startswith("### Discounts"), "a heading stays with the text under it"


def test_a_small_section_joins_its_neighbour_and_large_ones_split_at_headings() -> None:
    text = (
        "## A\n\nShort.\n\n## B\n\n"
        + "Bee words go here. " * 30
        + "\n\n## C\n\n"
        + "Sea words go here. " * 30
    )
    chunks = chunk_document(_doc(text), ChunkingSettings(max_tokens=200, min_tokens=20))
    assert chunks[0].text.startswith("## A") and "## B" in chunks[0].text
    assert any(c.text.startswith("## C") for c in chunks), (
        "a full section starts a new chunk at its heading"
    )


def test_a_paragraph_over_the_budget_is_cut_at_sentences_then_words() -> None:
    sentences = " ".join(f"Sentence number {i} talks about partners." for i in range(80))
    chunks = chunk_document(_doc(sentences), ChunkingSettings(max_tokens=40, min_tokens=5))
    assert len(chunks) > 5
    assert all(c.text.endswith(".") for c in chunks[:-1]), "cuts fall at sentence ends"
    one_word = "x" * 2000
    _assert_well_formed(_doc(one_word), ChunkingSettings(max_tokens=32, min_tokens=1))


def test_ids_change_with_content_and_place_only() -> None:
    doc = _doc("# T\n\nSame text.\n\n# U\n\nOther text.")
    first = chunk_document(doc, DEFAULT)
    edited = chunk_document(_doc(doc.text.replace("Other", "Changed")), DEFAULT)
    assert [c.chunk_id for c in first] != [c.chunk_id for c in edited]
    retitled = chunk_document(_doc(doc.text, title="Another title"), DEFAULT)
    assert {c.chunk_id for c in retitled}.isdisjoint(c.chunk_id for c in first), (
        "the title is embedded, so it's in the id"
    )


def test_index_text_puts_title_and_headings_before_the_exact_text() -> None:
    text = "# Guide\n\n## Marketplaces\n\n" + "List on the cloud marketplace. " * 5
    chunk = chunk_document(_doc(text, title="Pre-chasm"), DEFAULT)[0]
    indexed = index_text(chunk)
    assert indexed.startswith("Pre-chasm > Guide > Marketplaces\n\n")
    assert indexed.endswith(chunk.text)


_WORDS = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r"),
    min_size=1,
    max_size=12,
)
_LINES = st.one_of(
    st.builds(
        lambda n, w: "#" * n + " " + " ".join(w),
        st.integers(1, 6),
        st.lists(_WORDS, min_size=1, max_size=4),
    ),
    st.builds(" ".join, st.lists(_WORDS, min_size=0, max_size=60)),
    st.sampled_from(["", "", "```", "~~~", "   ", "- item", "> quote", "\t"]),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    lines=st.lists(_LINES, min_size=1, max_size=40),
    max_tokens=st.integers(32, 120),
    min_tokens=st.integers(1, 40),
)
def test_random_markdown_chunks_are_exact_and_complete(
    lines: list[str], max_tokens: int, min_tokens: int
) -> None:
    text = "\n".join(lines)
    if not text.strip():
        return
    _assert_well_formed(_doc(text), ChunkingSettings(max_tokens=max_tokens, min_tokens=min_tokens))


def test_headings_never_appear_inside_a_heading_path_entry_with_hashes() -> None:
    chunks = chunk_document(_doc("## Closing hashes ##\n\nBody text here."), DEFAULT)
    assert chunks[0].heading_path == ["Closing hashes"]
    assert not any(re.search(r"#", h) for h in chunks[0].heading_path)
