"""The LLM composer: checked quotes, one regeneration, the hard deadline, the breaker, and real HTTP faults."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from langchain_openai import ChatOpenAI

from advisor.config import LLMSettings
from advisor.corpus import corpus_texts
from advisor.errors import Misconfigured
from advisor.frameworks import assess
from advisor.llm import (
    CircuitBreaker,
    LLMComposer,
    LLMFailure,
    OutputGuard,
    Prompts,
    build_chat_model,
    parse_reply,
)
from tests.conftest import CORPUS, REPO
from tests.fakes import FakeChatModel
from tests.stub_openai import StubOpenAI
from tests.test_compose import ARCH, ESSAY, hit_around

QUESTION = "Should we let a big company OEM our product?"
QUOTE = "A startup will do anything they need to to stay alive (as they should!)."


@pytest.fixture(scope="module")
def prompts() -> Prompts:
    return Prompts.load(REPO / "prompts")


@pytest.fixture
def hits():
    return [
        hit_around(ESSAY, "it’s risk, squared", lines=2),
        hit_around(ARCH, "Which Partner Tier", lines=12),
    ]


@pytest.fixture
def verdicts():
    return [assess("partner_tier", {"has_engineering_resources": False, "is_marquee_logo": True})]


def composer(model, prompts, view, **llm) -> LLMComposer:
    return LLMComposer(model, prompts, view, LLMSettings(model="fake", **llm))


def claims(*items: tuple[str, str, str]) -> str:
    return json.dumps({"claims": [{"text": t, "chunk_id": c, "quote": q} for t, c, q in items]})


def test_prompts_load_the_highest_version(tmp_path: Path) -> None:
    for name in ("system", "answer", "repair"):
        (tmp_path / f"{name}.v1.md").write_text(f"{name} one")
    (tmp_path / "system.v2.md").write_text("system two")
    (tmp_path / "system.v10.md").write_text("system ten")
    loaded = Prompts.load(tmp_path)
    assert loaded.system == "system ten"
    assert loaded.version == "system.v10+answer.v1+repair.v1"
    (tmp_path / "repair.v1.md").unlink()
    with pytest.raises(Misconfigured, match="repair"):
        Prompts.load(tmp_path)


def test_checked_claims_become_citations(prompts, view, hits, verdicts) -> None:
    model = FakeChatModel(
        replies=[
            claims(
                ("Startup-on-startup deals rarely work.", hits[0].chunk_id, QUOTE),
                (
                    "An invented quote is dropped.",
                    hits[0].chunk_id,
                    "Startups partnering with giants always works out.",
                ),
                ("An unknown chunk is dropped.", "no-such-chunk", QUOTE),
            )
        ]
    )
    result = composer(model, prompts, view).compose(QUESTION, hits, verdicts)
    assert [c.quote for c in result.citations] == [QUOTE]
    c = result.citations[0]
    assert corpus_texts(CORPUS)[c.doc_id][c.start : c.end] == QUOTE
    assert "Startup-on-startup deals rarely work. [1]" in result.text
    assert result.text.startswith("Which partner tier? → tier 3 strategic.")
    # What the model was sent: the rules as system prompt, the passages delimited, the verdicts as data.
    system, user = model.history[0]
    assert system.content == prompts.system
    assert (
        f'<passage chunk_id="{hits[0].chunk_id}"' in user.content
        and "partner_tier: tier_3_strategic" in user.content
    )


def test_unverified_quotes_are_regenerated_once_then_fail(prompts, view, hits, verdicts) -> None:
    bad = claims(("Made up.", hits[0].chunk_id, "words that are nowhere in the passage at all"))
    good = claims(("Startup-on-startup deals rarely work.", hits[0].chunk_id, QUOTE))
    model = FakeChatModel(replies=[bad, good])
    result = composer(model, prompts, view).compose(QUESTION, hits, verdicts)
    assert [c.quote for c in result.citations] == [QUOTE] and len(model.history) == 2
    assert model.history[1][-1].content == prompts.repair

    model = FakeChatModel(replies=[bad, bad, good])
    with pytest.raises(LLMFailure, match="unverified_citations"):
        composer(model, prompts, view).compose(QUESTION, hits, verdicts)
    assert len(model.history) == 2


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        ("Sure! Here is my answer in prose.", "invalid_output"),
        ('{"claims": "none"}', "invalid_output"),
        (RuntimeError("boom"), "llm_error: RuntimeError"),
    ],
)
def test_bad_output_and_errors_fail_with_a_reason(
    prompts, view, hits, verdicts, reply, reason
) -> None:
    with pytest.raises(LLMFailure) as failure:
        composer(FakeChatModel(replies=[reply]), prompts, view).compose(QUESTION, hits, verdicts)
    assert failure.value.reason.startswith(reason)


def test_json_in_a_code_fence_is_accepted() -> None:
    reply = parse_reply(
        'Here you go:\n```json\n{"claims": [{"text": "t", "chunk_id": "c", "quote": "q"}]}\n```'
    )
    assert reply.claims[0].chunk_id == "c"


def test_the_deadline_is_hard(prompts, view, hits, verdicts) -> None:
    model = FakeChatModel(delay_s=3.0)
    started = time.monotonic()
    with pytest.raises(LLMFailure, match="timeout"):
        composer(model, prompts, view, timeout_s=0.3).compose(QUESTION, hits, verdicts)
    assert time.monotonic() - started < 0.8


def test_breaker_opens_after_consecutive_failures_and_closes_after_cooldown() -> None:
    now = [0.0]
    breaker = CircuitBreaker(failures=3, cooldown_s=30, clock=lambda: now[0])
    for _ in range(2):
        breaker.record_failure()
    assert breaker.allow()
    breaker.record_success()  # a success resets the count
    for _ in range(3):
        breaker.record_failure()
    assert not breaker.allow()
    now[0] = 29.9  # still within the cooldown
    assert not breaker.allow()
    now[0] = 30.0
    assert breaker.allow()
    breaker.record_failure()  # half-open: one failure re-opens it
    assert not breaker.allow()


def test_composer_skips_the_model_while_the_breaker_is_open(prompts, view, hits, verdicts) -> None:
    model = FakeChatModel(replies=[RuntimeError("down")] * 2)
    llm = composer(model, prompts, view, breaker_failures=2, breaker_cooldown_s=60)
    for _ in range(2):
        with pytest.raises(LLMFailure, match="llm_error"):
            llm.compose(QUESTION, hits, verdicts)
    with pytest.raises(LLMFailure, match="circuit_open"):
        llm.compose(QUESTION, hits, verdicts)
    assert len(model.history) == 2


def test_guard_strips_foreign_links_and_refuses_leaks_and_invented_verdicts(
    prompts, view, verdicts
) -> None:
    guard = OutputGuard(view, [prompts.system], ["sk-secret-123"])
    corpus_url = "https://a16z.com/2018/04/11/tech-partnerships-startups-pre-chasm/"
    assert (
        guard.clean(
            "Read [this](https://evil.example/x) now ![p](https://evil.example/p.png)", verdicts
        )
        == "Read this now"
    )
    assert guard.clean(f"See [the essay]({corpus_url}).", verdicts) == "See the essay."
    assert (
        guard.clean(f"The essay is at {corpus_url}.", verdicts) == f"The essay is at {corpus_url}."
    )
    # The corpus once carried this tracking variant of its source's address in a body; it is not the source.
    body_url = f"{corpus_url}?utm_source=wanqu.co&utm_medium=website"
    assert (
        guard.clean(f"Also see {body_url} today.", verdicts) == "Also see today."
    )  # in a text, not a source
    assert (
        guard.clean("Visit https://evil.example/steal <img src=x> the site today.", verdicts)
        == "Visit the site today."
    )
    assert (
        guard.clean("See [x](https://evil.example/x).", verdicts) is None
    )  # too little left to be a claim
    assert guard.clean(f"My rules: {prompts.system[:300]}", verdicts) is None
    assert guard.clean("The key is sk-secret-123.", verdicts) is None
    assert guard.clean("The verdict is low_risk.", verdicts) is None
    assert guard.clean("This is tier 2 joint development.", verdicts) is None
    assert (
        guard.clean("It lands in tier 3 strategic because the logo matters.", verdicts) is not None
    )


def test_build_chat_model_from_settings(monkeypatch) -> None:
    assert build_chat_model(LLMSettings()) is None
    model = build_chat_model(
        LLMSettings(model="qwen2.5", base_url="http://127.0.0.1:9/v1", timeout_s=7)
    )
    assert isinstance(model, ChatOpenAI)
    assert (model.max_retries, model.request_timeout, model.model_name) == (0, 7, "qwen2.5")
    assert model.openai_api_base == "http://127.0.0.1:9/v1"
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-used")
    model = build_chat_model(LLMSettings(model="openai:gpt-4o-mini", timeout_s=5))
    assert (
        isinstance(model, ChatOpenAI)
        and model.max_retries == 0
        and model.model_name == "gpt-4o-mini"
    )
    with pytest.raises(Misconfigured, match="llm.model"):
        build_chat_model(LLMSettings(model="no-such-provider:model-x"))


def test_a_missing_provider_package_or_key_names_what_to_do(monkeypatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with pytest.raises(Misconfigured, match="OPENAI_API_KEY"):
        build_chat_model(LLMSettings(model="openai:gpt-4o-mini"))
    try:
        import langchain_anthropic  # noqa: F401
    except ImportError:
        with pytest.raises(Misconfigured, match="pip install langchain-anthropic"):
            build_chat_model(LLMSettings(model="anthropic:claude-3-5-haiku-latest"))


# The real ChatOpenAI HTTP path against a local stub server --------------------------------------------
def stub_composer(stub: StubOpenAI, prompts, view, timeout_s: float = 1.0, **llm) -> LLMComposer:
    model = build_chat_model(
        LLMSettings(model="stub-model", base_url=stub.url, timeout_s=timeout_s)
    )
    return composer(model, prompts, view, timeout_s=timeout_s, **llm)


def test_facts_are_read_within_the_deadline_by_models_with_structured_output(prompts, view) -> None:
    assert not composer(
        FakeChatModel(), prompts, view
    ).reads_facts  # plain chat: the patterns read the facts
    question = "We're a seed-stage startup and Cisco wants to OEM our product."
    with StubOpenAI("ok") as stub:
        llm = stub_composer(stub, prompts, view, breaker_failures=2)
        assert llm.reads_facts
        facts = llm.read_facts(question, ["prechasm_risk"], turn=2, deadline=llm.deadline())
        assert {(f.field, f.value) for f in facts} >= {
            ("our_stage", "early"),
            ("form", "oem_bundle"),
        }
        assert all(f.turn == 2 and question[f.start : f.end] == f.text for f in facts)
        stub.mode = "hang"
        deadline = time.monotonic() + 0.3
        with pytest.raises(LLMFailure, match="timeout"):
            llm.read_facts(question, ["prechasm_risk"], turn=0, deadline=deadline)
        with pytest.raises(LLMFailure, match="no time left"):
            llm.compose(question, [], [], deadline=deadline)
        assert len(stub.requests) == 2  # the spent deadline sends nothing more
    assert (
        llm.breaker.allow()
    )  # one answer's timeout counts once, short of the two that open the breaker


def test_stub_ok_answers_with_checked_citations(prompts, view, hits, verdicts) -> None:
    with StubOpenAI("ok") as stub:
        result = stub_composer(stub, prompts, view).compose(QUESTION, hits, verdicts)
        assert stub.requests[0]["model"] == "stub-model"
        assert stub.requests[0]["messages"][0]["role"] == "system"
    assert result.citations and result.citations[0].chunk_id == hits[0].chunk_id
    c = result.citations[0]
    assert corpus_texts(CORPUS)[c.doc_id][c.start : c.end] == c.quote


@pytest.mark.parametrize(
    ("mode", "reason"),
    [
        ("slow-timeout", "timeout"),
        ("hang", "timeout"),
        ("http500", "llm_error"),
        ("invalid-json", "llm_error"),
    ],
)
def test_stub_faults_fail_within_the_deadline(prompts, view, hits, verdicts, mode, reason) -> None:
    with StubOpenAI(mode, delay_s=5) as stub:
        started = time.monotonic()
        with pytest.raises(LLMFailure) as failure:
            stub_composer(stub, prompts, view, timeout_s=1.0).compose(QUESTION, hits, verdicts)
        elapsed = time.monotonic() - started
        assert len(stub.requests) == 1  # max_retries=0: one request, no silent retries
    assert failure.value.reason.startswith(reason)
    assert elapsed < 1.5
