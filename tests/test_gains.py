"""Gains laid out party by party: the label decides whose gain the words are."""

from __future__ import annotations

import pytest

from advisor.facts import facts_to_inputs, read_facts
from advisor.gains import labelled_gains, says_nothing
from advisor.reader import bundled_reader

BREAKDOWN = (
    "Draft for the Quarrel Tools call\n"
    "Us: a way into Quarrel Tools' 2,000 workshop accounts\n"
    "Quarrel Tools: fewer customers cancelling at renewal\n"
    "Workshops: nothing much, honestly\n"
    "Anyone short-changed here?"
)


def _parties(text: str) -> list[str]:
    return [g.party for g in labelled_gains(text)]


def test_each_label_names_its_party() -> None:
    assert _parties(BREAKDOWN) == ["us", "partner", "customers"]
    assert _parties("Upside for us: revenue. Upside for the clinics: one bill. Good?") == [
        "us",
        "customers",
    ]
    # Lower case, a company's name after "upside for" is still a company's.
    assert _parties("upside for us: leads. upside for brindlecast: margin. ok?") == [
        "us",
        "partner",
    ]


def test_a_word_the_message_also_writes_in_lower_case_is_no_company() -> None:
    text = "Us: reach via Halloway.\nHalloway: margin.\nPlumbers: one app instead of two, as plumbers asked."
    assert _parties(text) == ["us", "partner", "customers"]


def test_one_label_or_two_of_one_party_is_no_breakdown() -> None:
    assert labelled_gains("Plan: we embed our widget in their portal. Worth it?") == []
    assert labelled_gains("Us: two engineers.\nWe: a budget line. Fair?") == []
    assert labelled_gains("Pros: cheap.\nCons: slow. Thoughts?") == []


def test_a_label_may_deny_its_party_anything() -> None:
    gains = labelled_gains(BREAKDOWN)
    assert [says_nothing(BREAKDOWN, g) for g in gains] == [False, False, True]


@pytest.fixture(scope="module")
def reader():
    return bundled_reader()


def test_the_label_decides_whose_gain_it_is(reader) -> None:
    read = facts_to_inputs(read_facts(BREAKDOWN, reader=reader))["three_sided_value"]
    assert read["value_for_us"] == ["distribution"]
    assert read["value_for_partner"] == ["retention"]
    assert read["value_for_customers"] == []


def test_labels_that_say_no_gain_change_nothing(reader) -> None:
    # Commitments laid out party by party are no gains: the reader's facts stand as read.
    text = (
        "Us: two backend engineers on the connector until March.\n"
        "Ostrander: funds the hardware rollout for 900 sites.\nIs this a real partnership?"
    )
    assert "three_sided_value" not in facts_to_inputs(read_facts(text, reader=reader))
