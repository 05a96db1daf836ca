"""The text a person reads: advice first, guidance that stands alone, the same text at every door."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from advisor.api.app import create_app
from advisor.api.openai_compat import MODEL_ID
from advisor.compose import verdict_lines
from advisor.config import Settings
from advisor.evals.answers import fragment, internal_names, text_quality
from advisor.frameworks import assess
from advisor.frameworks.base import INSUFFICIENT
from advisor.schemas import Answer, Citation, Verdict

# The README's example questions that ask for a decision.
README_QUESTIONS = [
    (
        "We're a seed-stage startup and Cisco offered an exclusive OEM deal where their sales"
        " force sells our product and we stop selling direct. Should we sign?"
    ),
    "Our pilot improved conversion 12% in the crawl phase. Go or no-go?",
    "A big vendor offered us an exclusive OEM deal. Should we sign?",
    "Should we build our own billing integration or partner?",
    "Should we build this connector or partner with Zapier?",
]


@pytest.fixture(scope="module")
def client(index_settings: Settings):
    with TestClient(create_app(index_settings)) as c:
        yield c


def sse_text(client: TestClient, question: str) -> tuple[str, dict]:
    sid = client.post("/v1/sessions").json()["session_id"]
    with client.stream(
        "POST", f"/v1/sessions/{sid}/messages:stream", json={"question": question}
    ) as response:
        blocks = response.read().decode().strip().split("\n\n")
    events = []
    for block in blocks:
        fields = dict(line.split(": ", 1) for line in block.splitlines())
        events.append((fields["event"], json.loads(fields["data"])))
    return "".join(d["text"] for kind, d in events if kind == "token"), events[-1][1]


@pytest.mark.parametrize("question", README_QUESTIONS)
def test_every_door_shows_the_same_text_leading_with_the_verdicts(
    client: TestClient, question: str
) -> None:
    answer = Answer.model_validate(client.post("/v1/ask", json={"question": question}).json())
    streamed, done = sse_text(client, question)
    completion = client.post(
        "/v1/chat/completions",
        json={"model": MODEL_ID, "messages": [{"role": "user", "content": question}]},
    ).json()
    assert streamed == done["answer"] == answer.answer
    assert completion["choices"][0]["message"]["content"] == answer.answer
    # The text opens with one line per verdict, decided ones first, each with its first advice.
    lines = answer.answer.splitlines()
    assert lines[: len(answer.verdicts)] == verdict_lines(answer.verdicts)
    assert answer.verdicts, "each README question is about a framework"
    decided = [v for v in answer.verdicts if v.verdict != INSUFFICIENT]
    for line, verdict in zip(lines, decided, strict=False):
        assert verdict.verdict.replace("_", " ") in line
        assert verdict.recommendations[0] in line
    assert not internal_names(answer)
    assert "the essay" not in answer.answer.lower()


@pytest.mark.parametrize(
    "question",
    [
        "Should we build our own billing integration or partner?",
        "Should we build this connector or partner with Zapier?",
    ],
)
def test_build_or_partner_questions_ask_what_decides_it(client: TestClient, question: str) -> None:
    """A company the corpus never names doesn't make the question unanswerable: build vs partner
    is in play, and the answer asks the question that decides it."""
    answer = client.post("/v1/ask", json={"question": question}).json()
    assert answer["abstained"] is None
    assert [v["framework"] for v in answer["verdicts"]] == ["build_vs_partner"]
    assert answer["follow_up_questions"] == [
        "Is this capability core to your product differentiation?"
    ]


def test_the_text_asks_the_follow_up_question_a_reply_binds_to(client: TestClient) -> None:
    answer = client.post("/v1/ask", json={"question": "How should we tier our partners?"}).json()
    text = answer["answer"]
    assert "To settle this, tell me:" in text
    asked = text.split("To settle this, tell me:\n", 1)[1].splitlines()
    assert asked == [f"- {answer['follow_up_questions'][0]}"]


def test_an_open_verdict_needs_the_question_to_be_about_its_framework(client: TestClient) -> None:
    # "marketplace" also belongs to the ecosystem model, but this is a pre-chasm question.
    answer = client.post("/v1/ask", json={"question": "Should we list on a cloud marketplace?"})
    assert [v["framework"] for v in answer.json()["verdicts"]] == ["prechasm_risk"]
    curated = client.post(
        "/v1/ask", json={"question": "Should our developer marketplace be curated or open?"}
    ).json()
    assert "ecosystem_model" in {v["framework"] for v in curated["verdicts"]}


@pytest.mark.parametrize(
    ("quote", "line", "reason"),
    [
        ("Does partner have engineering resources to self-serve?", "", "question"),
        ("Real Partnerships Require Skin in the Game", "### 1. Real Partnerships", "heading"),
        ("Margin$ / Person", "Margin$ / Person\tHeadcount Productivity\tX", "table row"),
        ("Before pursuing any partnership, answer:", "", "list intro"),
        ("Economic commitment (spend, revenue share)", "- Economic", "checklist"),
        ("A standard set of questions were used to illicit a response.", "", "methodology"),
        ("Should we list on a cloud marketplace.", "", "the user's own words"),
    ],
)
def test_fragments_are_recognised(quote: str, line: str, reason: str) -> None:
    found = fragment(quote, line or quote, "Should we list on a cloud marketplace?")
    assert found is not None and reason.split()[0] in found


def test_text_quality_counts_fragments_coverage_and_field_names() -> None:
    verdict = assess("phase_gate", {"phase": "crawl", "pilot_improvement_pct": 12})
    cite = Citation(chunk_id="c", doc_id="d", title="T", quote="Tier 2?", start=0, end=7)
    raw = verdict.model_copy(update={"summary": "Crawl fails pilot_improvement_pct."})
    answer = Answer(
        question="q",
        answer="no go [1]",
        citations=[cite],
        verdicts=[raw],
        provenance={"corpus_hash": "x", "scorer_version": "1"},
    )
    quality = text_quality([answer], {"d": "Tier 2?"})
    assert quality == {
        "fragment_rate": 1.0,
        "recommendation_coverage": 0.0,
        "internal_name_count": 1,
    }
    assert "pilot_improvement_pct" not in verdict.summary  # the scorer itself says it plainly


def test_verdict_lines_put_decided_verdicts_first() -> None:
    open_one = assess("partner_tier", {})
    decided: Verdict = assess("phase_gate", {"phase": "crawl", "pilot_improvement_pct": 12})
    lines = verdict_lines([open_one, decided])
    assert lines[0].startswith("Crawl-Walk-Run go/no-go → no go.")
    assert "not decided yet" in lines[1]


def test_a_falling_fragment_rate_is_an_improvement_not_a_regression() -> None:
    from advisor.evals.runner import baseline_checks, lower_is_better

    assert lower_is_better("fragment_rate")
    recorded = {"metrics": {"fragment_rate": {"value": 0.01, "tolerance": 0.0}}}
    assert all(c.passed for c in baseline_checks({"fragment_rate": 0.0}, recorded))
    assert not all(c.passed for c in baseline_checks({"fragment_rate": 0.02}, recorded))
