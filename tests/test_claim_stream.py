"""Claims stream as they are verified: one JSON object per line, each shown once its quote checks out."""

from __future__ import annotations

import json
import time
from typing import Any

import openai
import pytest

from advisor.api.app import create_app
from advisor.api.openai_compat import MODEL_ID
from advisor.config import LLMSettings, Settings
from advisor.facts import EXTRACTION_PROMPT
from advisor.frameworks import assess
from advisor.llm import ClaimLines, LLMComposer, LLMFailure, Prompts, build_chat_model
from advisor.retrieval import Retriever
from advisor.service import AdvisorService
from tests.conftest import REPO
from tests.fakes import FakeChatModel, grounded_quotes
from tests.live_server import threaded_server
from tests.stub_openai import StubOpenAI, facts_reply
from tests.test_compose import ESSAY, hit_around

QUESTION = "We're a seed-stage startup. Should we let a large vendor OEM our product?"
INVENTED = "This sentence appears in no passage of the corpus at all."


def claim_lines(messages: list[dict[str, Any]] | str) -> str:
    """Three claims, one per line, grounded in the prompt's passages; an invented one second.
    A request to read facts gets the stub's usual facts reply."""
    if not isinstance(messages, str) and str(messages[0]["content"]).startswith(EXTRACTION_PROMPT):
        return facts_reply(messages)
    prompt = (
        messages if isinstance(messages, str) else "\n".join(str(m["content"]) for m in messages)
    )
    quotes = grounded_quotes(prompt, limit=2)
    lines = [
        {"text": f"Point {i} from {source}, said plainly.", "chunk_id": cid, "quote": quote}
        for i, (cid, source, quote) in enumerate(quotes, 1)
    ]
    lines.insert(
        1, {"text": "A claim whose quote is made up.", "chunk_id": quotes[0][0], "quote": INVENTED}
    )
    return "\n".join(json.dumps(line, ensure_ascii=False) for line in lines)


def test_claim_lines_are_read_as_each_line_completes() -> None:
    lines = ClaimLines()
    first = '{"text": "One.", "chunk_id": "a", "quote": "q one"}'
    assert lines.feed(first[:20]) == []
    assert [c.text for c in lines.feed(first[20:] + '\n{"text": "Two.", ')] == ["One."]
    assert [c.text for c in lines.feed('"chunk_id": "b", "quote": "q two"}')] == []
    assert [c.text for c in lines.finish()] == ["Two."]


def test_the_single_object_format_still_reads() -> None:
    one_line = ClaimLines()
    body = json.dumps({"claims": [{"text": "One.", "chunk_id": "a", "quote": "q"}]})
    assert one_line.feed(body) == [] and [c.text for c in one_line.finish()] == ["One."]
    pretty = ClaimLines()
    spread = json.dumps({"claims": [{"text": "One.", "chunk_id": "a", "quote": "q"}]}, indent=2)
    found = pretty.feed(spread) + pretty.finish()
    assert [c.text for c in found] == ["One."]
    with pytest.raises(LLMFailure, match="invalid_output"):
        garbage = ClaimLines()
        garbage.feed("I would rather not.\n")
        garbage.finish()


def test_checked_claims_stream_one_by_one_and_a_failing_one_never_shows(view) -> None:
    hits = [hit_around(ESSAY, "risk, squared", lines=2), hit_around(ESSAY, "OEM", lines=4)]
    verdicts = [assess("phase_gate", {"phase": "crawl", "pilot_improvement_pct": 12})]
    prompts = Prompts.load(REPO / "prompts")
    model = FakeChatModel(replies=[claim_lines(_prompt_of(prompts, hits, verdicts, view))])
    llm = LLMComposer(model, prompts, view, LLMSettings(model="fake"))
    stream = llm.compose_stream(QUESTION, hits, verdicts)
    pieces = []
    while True:
        try:
            pieces.append(next(stream))
        except StopIteration as end:
            composition = end.value
            break
    assert "".join(pieces) == composition.text
    assert pieces[0].startswith("Crawl-Walk-Run go/no-go → no go.")  # before the model answered
    assert [p.count("[") for p in pieces[1:3]] == [1, 1]  # one claim per piece
    assert len(composition.citations) == 2 and INVENTED not in composition.text
    assert "made up" not in composition.text


def _prompt_of(prompts, hits, verdicts, view) -> str:
    llm = LLMComposer(FakeChatModel(), prompts, view, LLMSettings(model="fake"))
    return "\n".join(str(m.content) for m in llm._messages(QUESTION, hits, verdicts))


@pytest.fixture(scope="module", autouse=True)
def sentence_vectors_cached(index_settings: Settings) -> None:
    """The first search of a new index embeds its sentences (seconds): not part of what's timed."""
    Retriever.from_settings(index_settings).search(QUESTION)


def llm_settings(settings: Settings, stub: StubOpenAI, timeout_s: float = 20.0) -> Settings:
    llm = LLMSettings(model="stub-model", base_url=stub.url, timeout_s=timeout_s)
    return settings.model_copy(update={"llm": llm})


def test_the_first_claim_reaches_the_client_before_the_model_finishes(
    index_settings: Settings,
) -> None:
    with StubOpenAI("ok", replies=[claim_lines] * 8, chunk_delay_s=0.04) as stub:
        service = AdvisorService(llm_settings(index_settings, stub))
        began = time.monotonic()
        first_claim = None
        for kind, data in service.stream(QUESTION):
            if kind == "token" and "[1]" in data["text"] and first_claim is None:
                first_claim = time.monotonic()
            if kind == "done":
                answer = data
        service.close()
    assert answer["mode"] == "llm" and not answer["degraded"], answer["degraded_reason"]
    assert len(answer["citations"]) == 2 and INVENTED not in answer["answer"]
    assert first_claim is not None and stub.stream_finished is not None
    # The stub sends 24 characters every 40 ms: the last two claims take well over half a second.
    assert first_claim < stub.stream_finished - 0.3, (
        first_claim - began,
        stub.stream_finished - began,
    )


def test_openai_stream_chunks_carry_each_claim_before_the_model_finishes(
    index_settings: Settings,
) -> None:
    with StubOpenAI("ok", replies=[claim_lines] * 8, chunk_delay_s=0.04) as stub:
        app = create_app(llm_settings(index_settings, stub))
        with (
            threaded_server(app) as url,
            openai.OpenAI(base_url=f"{url}/v1", api_key="x") as client,
        ):
            first_claim = None
            content = ""
            for chunk in client.chat.completions.create(
                model=MODEL_ID, messages=[{"role": "user", "content": QUESTION}], stream=True
            ):
                piece = chunk.choices[0].delta.content or ""
                content += piece
                if "[1]" in piece and first_claim is None:
                    first_claim = time.monotonic()
            final = chunk.model_extra["advisor"]
    assert content == final["answer"] and final["mode"] == "llm"
    assert first_claim is not None and first_claim < stub.stream_finished - 0.3


@pytest.mark.parametrize("mode", ["invalid-json", "http500"])
def test_a_broken_model_still_falls_back_to_the_extractive_answer(
    index_settings: Settings, mode: str
) -> None:
    extractive = AdvisorService(index_settings).ask(QUESTION)
    with StubOpenAI(mode) as stub:
        service = AdvisorService(llm_settings(index_settings, stub, timeout_s=2.0))
        events = list(service.stream(QUESTION))
        service.close()
    answer = events[-1][1]
    assert answer["degraded"] and answer["mode"] == "extractive"
    assert answer["answer"] == extractive.answer
    assert "".join(d["text"] for k, d in events if k == "token") == answer["answer"]


def test_a_timeout_before_any_claim_degrades(index_settings: Settings) -> None:
    with StubOpenAI("hang") as stub:
        service = AdvisorService(llm_settings(index_settings, stub, timeout_s=0.5))
        answer = service.ask(QUESTION)
        service.close()
    assert answer.degraded and answer.degraded_reason.startswith("timeout")


def test_build_chat_model_streams_from_the_stub(index_settings: Settings) -> None:
    with StubOpenAI("ok", replies=["hello there, streaming"], chunk_delay_s=0.0) as stub:
        model = build_chat_model(LLMSettings(model="stub-model", base_url=stub.url))
        assert "".join(str(c.content) for c in model.stream("hi")) == "hello there, streaming"
