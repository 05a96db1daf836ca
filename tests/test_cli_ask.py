"""`advisor ask` and `advisor chat` on the command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from advisor.cli import app
from advisor.config import Settings
from advisor.corpus import corpus_texts
from tests.test_ask_api import DONE_WHEN, ESSAY, verdict_of


@pytest.fixture(scope="module")
def env(index_settings: Settings) -> dict[str, str]:
    return {
        "ADVISOR_DATA_DIR": str(index_settings.data_dir),
        "ADVISOR_CORPUS_DIR": str(index_settings.corpus_dir),
    }


def test_done_when_command_prints_the_answer_object(
    env: dict[str, str], index_settings: Settings
) -> None:
    """The documented command, as a user runs it: a real process through the console entry point."""
    out = subprocess.run(
        [sys.executable, "-c", "from advisor.cli import app; app()", "ask", DONE_WHEN, "--json"],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    answer = json.loads(out)
    assert verdict_of(answer, "prechasm_risk") == "very_high_risk"
    assert answer["answer"].startswith("How risky is this tech partnership")
    essay = [c for c in answer["citations"] if c["doc_id"] == ESSAY]
    assert essay
    texts = corpus_texts(index_settings.corpus_dir)
    assert all(texts[c["doc_id"]][c["start"] : c["end"]] == c["quote"] for c in answer["citations"])


def test_ask_prints_verdict_cards_and_numbered_sources(env: dict[str, str]) -> None:
    result = CliRunner().invoke(app, ["ask", DONE_WHEN], env=env)
    assert result.exit_code == 0, result.output
    assert "[prechasm_risk] very_high_risk" in result.output
    assert "Sources:\n  [1] " in result.output
    result = CliRunner().invoke(app, ["ask", "How should we tier our partners?", "--json"], env=env)
    (follow_up,) = json.loads(result.output)["follow_up_questions"]
    result = CliRunner().invoke(app, ["ask", "How should we tier our partners?"], env=env)
    assert result.output.count(follow_up) == 1, "the follow-up question is printed once"


def test_empty_question_exits_2(env: dict[str, str]) -> None:
    result = CliRunner().invoke(app, ["ask", "   "], env=env)
    assert result.exit_code == 2 and "question is empty" in result.output


def test_chat_keeps_facts_across_turns(env: dict[str, str]) -> None:
    lines = (
        "We're a seed-stage startup.\n\nWhat about an OEM deal with Cisco?\n/quit\nnever asked\n"
    )
    result = CliRunner().invoke(app, ["chat", "--json"], input=lines, env=env)
    assert result.exit_code == 0, result.output
    answers = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert [a["question"] for a in answers] == [
        "We're a seed-stage startup.",
        "What about an OEM deal with Cisco?",
    ]
    assert answers[0]["session_id"] == answers[1]["session_id"]
    assert any(f["field"] == "our_stage" and f["turn"] == 0 for f in answers[1]["facts"])
    assert verdict_of(answers[1], "prechasm_risk") in {"high_risk", "very_high_risk"}


def test_chat_resumes_a_session_and_rejects_an_unknown_one(env: dict[str, str]) -> None:
    first = CliRunner().invoke(
        app, ["chat", "--json"], input="We're a seed-stage startup.\n", env=env
    )
    sid = json.loads(first.stdout.splitlines()[-1])["session_id"]
    resumed = CliRunner().invoke(
        app,
        ["chat", "--json", "--session", sid],
        input="What about an OEM deal with Cisco?\n",
        env=env,
    )
    answer = json.loads(resumed.stdout.splitlines()[-1])
    assert answer["session_id"] == sid and any(f["turn"] == 0 for f in answer["facts"])
    unknown = CliRunner().invoke(app, ["chat", "--session", "nope"], input="", env=env)
    assert unknown.exit_code == 2 and "unknown session" in unknown.output
