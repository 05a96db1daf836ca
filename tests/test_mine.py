"""Mining labelled clauses from the development batches: each gold fact lands on the clause that
states it, under the reader's polarity and party rules, and no held-out case is ever read."""

from __future__ import annotations

import pytest

from advisor.evals.heldout import DEVELOPMENT_BATCHES, HELDOUT_DIR, five_word_runs, heldout_cases
from advisor.evals.scenarios import ScenarioCase, load_cases
from advisor.reader import bundled_reader
from advisor.reader.mine import MINED_BATCHES, Aligner, collect, development_cases
from advisor.reader.train import MINED, _jsonl, utterances


@pytest.fixture(scope="module")
def aligner() -> Aligner:
    reader = bundled_reader()
    assert reader is not None, "no reader artifact: run `advisor train`"
    return Aligner(reader)


def _case(question: str, **gold: object) -> ScenarioCase:
    return ScenarioCase(
        id="t",
        question=question,
        expected={"build_vs_partner": "partner"},
        facts={"build_vs_partner": gold},
    )


def test_each_gold_fact_lands_on_the_clause_that_states_it(aligner: Aligner) -> None:
    found = aligner.align(
        _case(
            "Our team is five people in Lisbon. Invoicing is honestly not what customers pick "
            "us for, and a big accounting suite keeps asking to plug into our product.",
            core_to_differentiation=False,
            credible_partner_needs_us=True,
            build_delays_roadmap_months=6,
        )
    )
    labels = {text: [f["field"] for f in facts] for text, facts in found.items()}
    assert labels.get("Invoicing is honestly not what customers pick us for") == [
        "core_to_differentiation"
    ]
    # Numbers are the precise cues' to read, and small talk states no fact.
    assert not any("build_delays_roadmap_months" in fields for fields in labels.values())
    assert "Our team is five people in Lisbon" not in labels


def test_a_clause_of_the_other_polarity_is_never_labelled_with_a_fact(aligner: Aligner) -> None:
    # The gold says it is core; the only clause about it says it isn't: nothing to learn.
    found = aligner.align(
        _case("Invoicing is honestly not what customers pick us for.", core_to_differentiation=True)
    )
    assert found == {}


def test_mining_reads_development_batches_only_and_keeps_clear_of_heldout_wording() -> None:
    assert set(MINED_BATCHES) <= set(DEVELOPMENT_BATCHES)
    development = {c.id for c in development_cases()}
    assert development.isdisjoint(c.id for c in heldout_cases())
    assert {
        c.id for c in load_cases(HELDOUT_DIR / f"scenarios-{DEVELOPMENT_BATCHES[0]}.jsonl")
    } & development
    unseen = five_word_runs(c.question for c in heldout_cases())
    mined = _jsonl(MINED)
    assert len(mined) > 500
    assert [row["text"] for row in mined if five_word_runs([row["text"]]) & unseen] == []
    # The reader learns from them: they follow the hand-written clauses in its bank.
    assert utterances()[-len(mined) :] == mined


def test_a_text_aligned_to_different_facts_in_two_messages_is_dropped() -> None:
    core = [{"framework": "build_vs_partner", "field": "core_to_differentiation", "value": False}]
    needs = [{"framework": "build_vs_partner", "field": "credible_partner_needs_us", "value": True}]
    lines = collect(
        [
            {"it is table stakes": core, "they keep asking for us": needs},
            {"It is table stakes": needs, "they keep asking for us": needs},
            {"it is table stakes": core, "we copied a held-out case word for word": core},
        ],
        unseen=five_word_runs(["we copied a held-out case word for word"]),
    )
    assert lines == [{"text": "they keep asking for us", "facts": needs}]
