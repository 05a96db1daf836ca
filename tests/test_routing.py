"""Routing and scope: which frameworks a question calls for, and the shared facts → verdicts pipeline."""

from __future__ import annotations

import pytest

from advisor.evals.datasets import EVALS_DIR, AbstentionCase, load_jsonl
from advisor.routing import is_in_scope, route
from advisor.turn import assess_question

DONE_WHEN = (
    "We're a seed-stage startup and Cisco offered an exclusive OEM deal where their sales force sells "
    "our product and we stop selling direct. Should we sign?"
)


def verdicts(question: str, history: tuple[str, ...] = ()) -> dict[str, str]:
    return {v.framework: v.verdict for v in assess_question(question, history)[1]}


def test_done_when_question_is_very_high_risk() -> None:
    facts, found = assess_question(DONE_WHEN)
    assert found[0].framework == "prechasm_risk" and found[0].verdict == "very_high_risk"
    stage = next(f for f in facts if f.field == "our_stage")
    assert (
        stage.value == "early" and DONE_WHEN[stage.start : stage.end] == stage.text == "seed-stage"
    )


def test_facts_carry_over_from_earlier_turns() -> None:
    facts, _ = assess_question(
        "What about an OEM deal with Cisco?", ("We're a seed-stage startup.",)
    )
    stage = next(f for f in facts if f.field == "our_stage")
    assert stage.turn == 0 and stage.value == "early"
    assert verdicts("What about an OEM deal with Cisco?", ("We're a seed-stage startup.",))[
        "prechasm_risk"
    ] in {"high_risk", "very_high_risk"}
    alone = assess_question("What about an OEM deal with Cisco?")[0]
    assert not [f for f in alone if f.field == "our_stage"]


def test_a_later_turn_overrides_an_earlier_one() -> None:
    history = ("We're a seed-stage startup and Cisco offered an exclusive OEM deal.",)
    assert (
        verdicts("Actually it would be non-exclusive and we keep selling direct.", history)[
            "prechasm_risk"
        ]
        == "high_risk"
    )


@pytest.mark.parametrize(
    "case", load_jsonl(EVALS_DIR / "abstention.jsonl", AbstentionCase), ids=lambda c: c.id
)
def test_scope_matches_the_abstention_set(case: AbstentionCase) -> None:
    assert is_in_scope(case.question) is (case.expected != "out_of_scope")


@pytest.mark.parametrize(
    "question",
    [
        "What is BizDevOps?",
        "What is the difference between a real partnership and co-marketing theater?",
        "How can I tell if a proposed deal is a real partnership or just co-marketing fluff?",
    ],
)
def test_general_questions_route_to_no_framework(question: str) -> None:
    assert route(question, []) == []
    assert assess_question(question)[1] == []


def test_a_framework_question_without_facts_gets_an_open_verdict() -> None:
    found = assess_question("How should we tier our partners?")[1]
    assert [v.framework for v in found] == ["partner_tier"]
    assert found[0].verdict == "insufficient_information" and found[0].follow_up_questions


def test_a_stray_word_adds_an_open_verdict_only_when_nothing_else_is_left_to_ask() -> None:
    # "sign" is charter vocabulary. The pre-chasm verdict still asks about exclusivity here...
    assert list(
        verdicts("We're a seed-stage startup and Cisco offered an OEM deal. Should we sign?")
    ) == ["prechasm_risk"]
    # ...but once every fact is known, the charter's questions are what is left to sharpen the advice.
    found = assess_question(DONE_WHEN)[1]
    assert [v.framework for v in found] == ["prechasm_risk", "charter"]
    assert not found[0].follow_up_questions and found[1].follow_up_questions


def test_out_of_scope_question_has_no_frameworks() -> None:
    assert not is_in_scope("What's the weather in Paris tomorrow?")
    assert assess_question("What's the weather in Paris tomorrow?") == ([], [])


@pytest.mark.parametrize(
    ("answer", "verdict"), [("No.", "tier_3_strategic"), ("Yes, they do.", "tier_1_integration")]
)
def test_a_bare_yes_or_no_answers_the_first_follow_up_question(answer: str, verdict: str) -> None:
    history = ("The partner is a marquee logo. Which tier should they be?",)
    asked = assess_question(history[0])[1][0]
    assert asked.missing[0] == "has_engineering_resources"
    facts, found = assess_question(answer, history)
    fact = next(f for f in facts if f.turn == 1)
    assert (fact.field, fact.value, answer[fact.start : fact.end]) == (
        "has_engineering_resources",
        verdict == "tier_1_integration",
        fact.text,
    )
    assert [(v.framework, v.verdict) for v in found] == [("partner_tier", verdict)]


def test_yes_without_an_open_question_states_nothing() -> None:
    assert assess_question("Yes.", ("What is BizDevOps?",)) == ([], [])


def test_a_follow_up_stays_on_the_topic_the_previous_question_named() -> None:
    history = (
        "Our pilot showed a 30% improvement and the customers would recommend it. Go to walk?",
    )
    follow_up = "Also, the integration can scale to many more customers."
    assert "phase_gate" not in verdicts(follow_up)
    assert verdicts(follow_up, history)["phase_gate"] == "go"


def test_one_phrase_alone_does_not_decide_a_framework_nobody_asked_about() -> None:
    # "increased 20%" reads as an improvement, but one phrase is not a phase-gate question.
    facts, found = assess_question(
        "Our revenue increased 20% this quarter thanks to one of our partners."
    )
    assert any(f.field == "pilot_improvement_pct" for f in facts) and found == []


def test_relying_on_a_practice_is_not_depending_on_a_platform_vendor() -> None:
    assert "initiative_area" not in verdicts(
        "Can we just rely on developer evangelism and hackathons to win partners?"
    )
    assert (
        verdicts(
            "We rely entirely on Microsoft's Azure platform. Which initiative area is Microsoft?"
        )["initiative_area"]
        == "vendor_leverage"
    )


@pytest.mark.parametrize(
    ("question", "framework"),
    [
        (
            (
                "A payments giant wants us to write and maintain their plugin ourselves. They will "
                "not put in any money or engineers, and if the plugin flops they lose nothing. "
                "Should we go for it?"
            ),
            "skin_in_the_game",
        ),
        (
            (
                "A famous retailer wants our integration but has zero developers to spare; landing "
                "them would make every prospect take us seriously. What now?"
            ),
            "partner_tier",
        ),
    ],
)
def test_a_situation_two_phrases_describe_is_asked_about(question: str, framework: str) -> None:
    from advisor.reader import bundled_reader

    for reader in (None, bundled_reader()):
        found = assess_question(question, (), reader)[1]
        # Its verdict leads the answer: decided, or asking for the next fact it needs.
        assert found[0].framework == framework


def test_saying_what_two_parties_get_asks_the_three_sided_question() -> None:
    from advisor.routing import keyword_scores

    question = (
        "Their help desk gets way quieter, we get paid per resolved ticket, and devs who use both of "
        "us get answers in seconds. Anyone see a hole?"
    )
    assert keyword_scores(question).get("three_sided_value", 0) >= 2
    assert "three_sided_value" not in keyword_scores("We get paid per resolved ticket. Good idea?")


@pytest.mark.parametrize(
    ("question", "framework"),
    [
        (
            "Before I push for a term sheet: does everybody in this actually come out ahead?",
            "three_sided_value",
        ),
        (
            "Is the value spread across everyone involved, or are we carrying someone?",
            "three_sided_value",
        ),
        ("Their churn drops and we get distribution. Does it stack up?", "three_sided_value"),
        (
            "They'd lose their gold status without us. How hard should we lean into this?",
            "leverage",
        ),
        (
            "Their CFO called the savings material. How much should we put behind the relationship?",
            "leverage",
        ),
    ],
)
def test_founders_words_for_a_framework_question_ask_it(question: str, framework: str) -> None:
    from advisor.routing import MIN_KEYWORD_SCORE, keyword_scores

    # Strong enough on the words alone to show the framework's open verdict and ask its next question.
    assert keyword_scores(question).get(framework, 0) >= MIN_KEYWORD_SCORE


def test_a_verdict_one_phrase_decides_is_shown_when_the_learned_routing_backs_it() -> None:
    from advisor.frameworks import assess
    from advisor.routing import select
    from advisor.schemas import Fact

    question = (
        "Their biggest accounts keep asking for us, and walking away costs them nothing. Pilot?"
    )
    phrase = {"text": question[:40], "start": 0, "end": 40, "framework": "leverage"}
    facts = [
        Fact(**phrase, field="leverage_types", value=["customer"]),
        Fact(**phrase, field="if_we_walk_away", value="nothing_changes"),
    ]
    decided = assess("leverage", {f.field: f.value for f in facts})
    both = [assess("phase_gate", {}), decided]
    assert decided.verdict != "insufficient_information"
    # One phrase and no learned backing: a stray phrase, so only the framework the question names.
    assert [v.framework for v in select(question, both, {"phase_gate": 1}, facts)] == ["phase_gate"]
    backed = select(question, both, {"phase_gate": 1}, facts, {"leverage": 0.2})
    assert [v.framework for v in backed] == ["leverage"]


def test_a_likely_framework_the_message_states_a_fact_of_is_asked_about() -> None:
    from advisor.routing import MIN_KEYWORD_SCORE, learned_names

    shares = {"three_sided_value": 0.4, "leverage": 0.35, "charter": 0.6, "phase_gate": 0.2}
    names = learned_names(shares, stated={"three_sided_value", "phase_gate"})
    # Likely and stated, or most likely: shown even while open. Likely alone: a fact may decide
    # it. Unlikely: a stated fact alone does not make it the question.
    assert names == {
        "three_sided_value": MIN_KEYWORD_SCORE,
        "leverage": 1,
        "charter": MIN_KEYWORD_SCORE,
    }
