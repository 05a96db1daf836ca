"""Every quote a scorer can emit appears verbatim in corpus/ at the offsets it claims.

Two halves make that airtight: each rule's citation is checked against the corpus, and
each rationale line any verdict emits is checked to be one of its framework's rules.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from advisor.corpus import corpus_texts
from advisor.errors import InvalidInput
from advisor.frameworks import REGISTRY, validate_input
from advisor.frameworks.base import Rule
from tests.framework_inputs import input_strategy

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
RULES = [(framework.id, rule) for framework in REGISTRY.values() for rule in framework.rules]


@pytest.mark.parametrize(("framework_id", "rule"), RULES, ids=[f"{f}.{r.id}" for f, r in RULES])
def test_rule_quote_is_verbatim_at_its_offsets(framework_id: str, rule: Rule) -> None:
    texts = corpus_texts(CORPUS)
    source = rule.source
    assert source.doc_id in texts, (
        f"{framework_id}.{rule.id} cites unknown document {source.doc_id!r}"
    )
    assert source.quote.strip(), f"{framework_id}.{rule.id} has an empty quote"
    assert texts[source.doc_id][source.start : source.end] == source.quote, (
        f"{framework_id}.{rule.id}: quote not at {source.start}:{source.end}; "
        f"it is at {texts[source.doc_id].find(source.quote)}"
    )


@pytest.mark.parametrize("framework_id", list(REGISTRY))
def test_rule_ids_are_unique(framework_id: str) -> None:
    ids = [rule.id for rule in REGISTRY[framework_id].rules]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("framework_id", list(REGISTRY))
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_rationale_line_is_a_checked_rule(framework_id: str, data: st.DataObject) -> None:
    framework = REGISTRY[framework_id]
    try:
        inputs = validate_input(framework, data.draw(input_strategy(framework), label="input"))
    except InvalidInput:
        assume(False)
    rules = {rule.id: rule.source for rule in framework.rules}
    for line in framework.score(inputs).rationale:
        assert line.rule in rules, (
            f"{framework_id} emitted rule {line.rule!r}, which is not in its rules"
        )
        assert line.source == rules[line.rule]
        assert line.explanation.strip()
