"""The question bank: its data is verbatim and unseen by the evals, and its votes move search."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import numpy as np
import pytest
from pydantic import ValidationError

from advisor.chunking import chunk_document
from advisor.config import ChunkingSettings, Settings
from advisor.corpus import load_corpus
from advisor.errors import InvalidInput
from advisor.evals.datasets import EVALS_DIR
from advisor.evals.retrieval import covers
from advisor.question_bank import (
    BankEntry,
    BankQuestion,
    QuestionVotes,
    bank_files,
    document_for,
    indexed_bank,
    load_bank,
    read_bank_file,
)
from advisor.retrieval import Calibrated, Retriever, fuse
from advisor.schemas import Chunk, Hit
from tests.conftest import CORPUS


def _runs(text: str, n: int = 5) -> set[tuple[str, ...]]:
    words = re.sub(r"[^\w\s]", " ", text.lower()).split()
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def _eval_questions(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line).get("question") or "" for line in lines if line.strip()]


@pytest.fixture(scope="module")
def bank() -> list[tuple[Path, BankQuestion]]:
    return [(path, line) for path in bank_files(CORPUS) for line in read_bank_file(path)]


def test_a_bank_line_needs_a_question_and_a_quote_of_at_least_eight_words() -> None:
    BankQuestion(question="Do we need it?", quote="one two three four five six seven eight")
    with pytest.raises(ValidationError, match="at least 8 words"):
        BankQuestion(question="Do we need it?", quote="too short to place a passage")
    with pytest.raises(ValidationError):
        BankQuestion(question="", quote="one two three four five six seven eight")


def test_a_malformed_line_names_its_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "doc.jsonl"
    path.write_text('{"question": "q?", "quote": "one two three four five six seven eight"}\n{}\n')
    with pytest.raises(InvalidInput, match=r"doc\.jsonl:2"):
        read_bank_file(path)


def test_the_corpus_loader_does_not_take_bank_files_for_documents() -> None:
    assert bank_files(CORPUS), "the corpus ships a question bank"
    assert all("questions" not in Path(doc.path).parts for doc in load_corpus(CORPUS))


def test_every_document_has_a_bank_and_every_bank_file_names_a_document(bank) -> None:
    docs = load_corpus(CORPUS)
    ids = [doc.id for doc in docs]
    named = {path: document_for(path, ids, {}) for path in bank_files(CORPUS)}
    assert None not in named.values(), [path.name for path, doc_id in named.items() if not doc_id]
    assert set(named.values()) == set(ids)
    per_doc = {doc_id: sum(named[path] == doc_id for path, _ in bank) for doc_id in ids}
    assert min(per_doc.values()) >= 50, per_doc


def test_a_document_can_have_several_bank_files(tmp_path: Path) -> None:
    folder = tmp_path / "questions"
    folder.mkdir()
    quote = "one two three four five six seven eight"
    for name, question in [
        ("notes.jsonl", "first set?"),
        ("notes-2.jsonl", "second set?"),
        ("000-notes-3.jsonl", "by file name?"),
        ("other-2.jsonl", "whose?"),
        ("notes-v2.jsonl", "not a set number?"),
    ]:
        (folder / name).write_text(json.dumps({"question": question, "quote": quote}) + "\n")
    entries, stale = load_bank(tmp_path, {"notes": quote + " nine"}, {"000-notes": "notes"})
    assert sorted(e.question for e in entries) == ["by file name?", "first set?", "second set?"]
    assert {e.doc_id for e in entries} == {"notes"}
    assert sorted(line.question for _, line in stale) == ["not a set number?", "whose?"]
    # A document whose own id ends in a number keeps its file: the exact name wins.
    ids = ["notes", "notes-2"]
    assert document_for(Path("notes-2.jsonl"), ids, {}) == "notes-2"
    assert document_for(Path("notes-2-2.jsonl"), ids, {}) == "notes-2"


def test_every_bank_quote_is_verbatim_and_maps_to_a_chunk() -> None:
    docs = load_corpus(CORPUS)
    entries, stale = load_bank(CORPUS, {doc.id: doc.text for doc in docs})
    assert not stale, [f"{path.name}: {line.question}" for path, line in stale]
    chunks = [c for doc in docs for c in chunk_document(doc, ChunkingSettings())]
    # The pairing search votes with: each question for the chunks holding half its quote or more.
    votes = QuestionVotes.build(entries, np.zeros((len(entries), 1), np.float32), chunks)
    placed = set(votes.question_rows.tolist())
    unplaced = [e.question for i, e in enumerate(entries) if i not in placed]
    assert not unplaced, unplaced


def test_no_bank_question_shares_five_words_with_an_eval_or_held_out_question(bank) -> None:
    # Only the bank's questions are printed: held-out text must stay unseen.
    files = [EVALS_DIR / "retrieval.jsonl", *sorted((EVALS_DIR / "heldout").glob("*.jsonl"))]
    taken = set().union(*(_runs(q) for path in files for q in _eval_questions(path)))
    shared = [line.question for _, line in bank if _runs(line.question) & taken]
    assert not shared, f"reword these bank questions: {shared}"


def test_bank_questions_are_distinct(bank) -> None:
    questions = [line.question.lower() for _, line in bank]
    assert len(questions) == len(set(questions))


def test_a_changed_or_foreign_document_gets_no_bank_questions(tmp_path: Path) -> None:
    docs = {doc.id: doc for doc in load_corpus(CORPUS)}
    indexed = {doc_id: doc.sha256 for doc_id, doc in docs.items()}
    everything = indexed_bank(CORPUS, indexed)
    edited = dict(indexed, **{"partnership-architecture": "another text"})
    assert {e.doc_id for e in indexed_bank(CORPUS, edited)} == set(docs) - {
        "partnership-architecture"
    }
    assert indexed_bank(CORPUS, {"someone-elses-notes": "0" * 64}) == []
    # The bank travels with the corpus folder, wherever the settings point it.
    moved = tmp_path / "corpus"
    shutil.copytree(CORPUS, moved)
    assert indexed_bank(moved, indexed) == everything


def _chunk(doc_id: str, start: int, end: int) -> Chunk:
    return Chunk(
        chunk_id=f"{doc_id}:{start}", doc_id=doc_id, title="", start=start, end=end, text=""
    )


def test_votes_go_to_the_chunks_holding_the_nearest_questions_quotes() -> None:
    entries = [
        BankEntry("a", "q0", 0, 100),
        BankEntry("a", "q1", 180, 220),
        BankEntry("b", "q2", 0, 50),
    ]
    chunks = [_chunk("a", 0, 150), _chunk("a", 150, 400), _chunk("user-doc", 0, 400)]
    vectors = np.eye(3, dtype=np.float32)
    votes = QuestionVotes.build(entries, vectors, chunks)
    # q2's document is not indexed and the user's document has no questions: neither gets a pair.
    assert sorted(zip(votes.question_rows.tolist(), votes.chunk_rows.tolist())) == [(0, 0), (1, 1)]
    assert votes.dense([0.0, 1.0, 0.0], neighbours=3, floor=0.5) == [(1, 1.0)]
    # A question no closer than the floor casts no vote at all.
    assert votes.dense([0.6, 0.8, 0.0], neighbours=3, floor=0.7) == [(1, pytest.approx(1 / 3))]
    assert votes.dense([0.0, 0.0, 1.0], neighbours=3, floor=0.5) == []
    # Documents outside the search's filter lose their votes.
    assert votes.dense([0.0, 1.0, 0.0], 3, 0.5, mask=np.array([1.0, 0.0, 1.0])) == []


def test_the_nearest_questions_say_where_the_answer_is() -> None:
    entries = [BankEntry("a", "q0", 0, 100), BankEntry("a", "q1", 180, 220)]
    votes = QuestionVotes.build(entries, np.eye(2, dtype=np.float32), [_chunk("a", 0, 400)])
    assert votes.answers([0.6, 0.8], neighbours=2, floor=0.5) == [
        (entries[1], pytest.approx(0.6)),
        (entries[0], pytest.approx(0.2)),
    ]
    assert votes.answers([0.6, 0.8], neighbours=1, floor=0.7) == [
        (entries[1], pytest.approx(1 / 3))
    ]
    assert QuestionVotes.empty().answers([1.0], neighbours=3, floor=0.5) == []


def test_calibrated_scores_are_fused_as_they_are() -> None:
    weak = Calibrated([("x", 0.1)])
    assert fuse([([("y", 3.0), ("x", 1.0)], 1.0), (weak, 1.0)]) == [("y", 1.0), ("x", 0.1)]
    assert fuse([([("x", 0.1)], 1.0)]) == [("x", 1.0)]  # a plain list is min-max normalised


def _rank(retriever: Retriever, question: str, doc_id: str, quote: str) -> int:
    text = {doc.id: doc.text for doc in load_corpus(CORPUS)}[doc_id]
    start = text.index(quote)
    hits = retriever.search(question, 10)
    return next(
        (i for i, hit in enumerate(hits, 1) if covers(hit, doc_id, (start, start + len(quote)))),
        99,
    )


def test_a_question_in_a_founders_words_ranks_its_passage_higher_with_the_bank(
    index_settings: Settings,
) -> None:
    # Paraphrases of bank questions that share almost no content word with their passage.
    cases = [
        (
            "will a huge vendor take our rough early version seriously",
            "upstream-platform-marketing",
            "Minimum viable products consistently don’t cut it with upstream alpha partners",
        ),
        (
            "our trial with a partner flopped, was that a waste",
            "partnership-architecture",
            "Most partnerships fail in Crawl phase.",
        ),
        (
            "how can users tell which partner apps in our directory are any good",
            "partnership-architecture",
            "Trust signals - Verified badges",
        ),
    ]
    retrieval = index_settings.retrieval.model_copy(
        update={"question_bank_weight": 0.0, "question_bank_e5_weight": 0.0}
    )
    plain = Retriever.from_settings(index_settings.model_copy(update={"retrieval": retrieval}))
    banked = Retriever.from_settings(index_settings)
    for question, doc_id, quote in cases:
        before = _rank(plain, question, doc_id, quote)
        after = _rank(banked, question, doc_id, quote)
        assert after < before, (question, before, after)


def test_a_close_bank_question_answered_among_the_hits_makes_them_cover_the_question() -> None:
    from advisor.service import MIN_BANK_CLOSENESS, _bank_answer_among

    entry = BankEntry("a", "q", 100, 160)
    hits = [Hit(**_chunk("a", 0, 150).model_dump(), score=1.0)]
    assert _bank_answer_among(hits, [(entry, MIN_BANK_CLOSENESS)])
    assert not _bank_answer_among(hits, [(entry, MIN_BANK_CLOSENESS - 0.01)])  # too far
    assert not _bank_answer_among(hits, [(BankEntry("a", "q", 200, 260), 1.0)])  # not in a hit
    assert not _bank_answer_among(hits, [(BankEntry("b", "q", 100, 160), 1.0)])  # other document
