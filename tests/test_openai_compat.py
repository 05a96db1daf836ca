"""The official `openai` client (and LangChain's ChatOpenAI) against a real uvicorn server: cited answers, plain and streamed."""

from __future__ import annotations

import re
from collections.abc import Iterator

import openai
import pytest
from langchain_openai import ChatOpenAI

from advisor.api.app import create_app
from advisor.api.openai_compat import MODEL_ID
from advisor.config import Settings
from advisor.corpus import corpus_texts
from advisor.schemas import Answer
from tests.live_server import threaded_server

pytestmark = pytest.mark.slow

KEY = "sk-openai-compat-0b7d"
# No stage given: a verdict, citations and follow-up questions asking for the stage.
QUESTION = "A big vendor offered us an exclusive OEM deal. Should we sign?"


@pytest.fixture(scope="module")
def base_url(index_settings: Settings) -> Iterator[str]:
    settings = index_settings.model_copy(
        update={"server": index_settings.server.model_copy(update={"api_keys": [KEY]})}
    )
    with threaded_server(create_app(settings)) as url:
        yield f"{url}/v1"


@pytest.fixture
def client(base_url: str) -> Iterator[openai.OpenAI]:
    with openai.OpenAI(base_url=base_url, api_key=KEY, max_retries=0) as oai:
        yield oai


def assert_cited(content: str, answer: Answer, settings: Settings) -> None:
    """The content is the answer text; each [n] marker has a citation, and each citation is verbatim."""
    assert content == answer.answer
    assert answer.citations and answer.verdicts and answer.follow_up_questions
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", content)}
    assert markers == set(range(1, len(answer.citations) + 1))
    texts = corpus_texts(settings.corpus_dir)
    for c in answer.citations:
        assert texts[c.doc_id][c.start : c.end] == c.quote


def test_models_list_the_advisor(client: openai.OpenAI) -> None:
    assert [m.id for m in client.models.list()] == [MODEL_ID]
    assert client.models.retrieve(MODEL_ID).owned_by == "partnership-advisor"
    with pytest.raises(openai.NotFoundError):
        client.models.retrieve("gpt-4o")


def test_chat_completion_is_a_cited_answer(client: openai.OpenAI, index_settings: Settings) -> None:
    completion = client.chat.completions.create(
        model=MODEL_ID,
        messages=[
            {"role": "system", "content": "You are a helpful assistant."},
            {"role": "user", "content": QUESTION},
        ],
    )
    choice = completion.choices[0]
    assert completion.object == "chat.completion" and choice.finish_reason == "stop"
    assert choice.message.role == "assistant"
    answer = Answer.model_validate(completion.model_extra["advisor"])
    assert_cited(choice.message.content, answer, index_settings)
    assert any(v.framework == "prechasm_risk" for v in answer.verdicts)


def test_streamed_chat_completion_ends_with_the_full_answer(
    client: openai.OpenAI, index_settings: Settings
) -> None:
    chunks = list(
        client.chat.completions.create(
            model=MODEL_ID, messages=[{"role": "user", "content": QUESTION}], stream=True
        )
    )
    assert len(chunks) > 3 and all(c.object == "chat.completion.chunk" for c in chunks)
    assert len({c.id for c in chunks}) == 1
    assert chunks[0].choices[0].delta.role == "assistant"
    content = "".join(c.choices[0].delta.content or "" for c in chunks)
    final = chunks[-1]
    assert final.choices[0].finish_reason == "stop"
    assert all("advisor" not in (c.model_extra or {}) for c in chunks[:-1]), (
        "only the final chunk carries the answer"
    )
    answer = Answer.model_validate(final.model_extra["advisor"])
    assert_cited(content, answer, index_settings)
    plain = client.chat.completions.create(
        model=MODEL_ID, messages=[{"role": "user", "content": QUESTION}]
    )
    assert content == plain.choices[0].message.content


def test_the_last_user_message_is_the_question_and_sessions_carry_facts(
    client: openai.OpenAI, base_url: str
) -> None:
    import httpx

    session = httpx.post(f"{base_url}/sessions", headers={"Authorization": f"Bearer {KEY}"}).json()[
        "session_id"
    ]
    first = client.chat.completions.create(
        model=MODEL_ID,
        messages=[{"role": "user", "content": "We're a seed-stage startup."}],
        extra_body={"session_id": session},
    )
    second = client.chat.completions.create(
        model=MODEL_ID,
        messages=[
            {"role": "user", "content": "We're a seed-stage startup."},
            {"role": "assistant", "content": first.choices[0].message.content},
            {
                "role": "user",
                "content": [
                    {"type": "text", "text": "A big vendor offered an exclusive OEM deal. Sign?"}
                ],
            },
        ],
        extra_body={"session_id": session},
    )
    answer = Answer.model_validate(second.model_extra["advisor"])
    assert answer.question == "A big vendor offered an exclusive OEM deal. Sign?"
    assert answer.session_id == session
    assert any(f.field == "our_stage" and f.turn == 0 for f in answer.facts)


def test_errors_arrive_as_openai_exceptions(client: openai.OpenAI, base_url: str) -> None:
    with pytest.raises(openai.UnprocessableEntityError):
        client.chat.completions.create(
            model=MODEL_ID, messages=[{"role": "system", "content": "Only a system prompt."}]
        )
    with pytest.raises(openai.NotFoundError):
        client.chat.completions.create(
            model=MODEL_ID,
            messages=[{"role": "user", "content": QUESTION}],
            stream=True,
            extra_body={"session_id": "no-such-session"},
        )
    stranger = openai.OpenAI(base_url=base_url, api_key="sk-wrong", max_retries=0)
    with stranger, pytest.raises(openai.AuthenticationError):
        stranger.chat.completions.create(
            model=MODEL_ID, messages=[{"role": "user", "content": QUESTION}]
        )


def test_langchain_chat_openai_works_unchanged(base_url: str, client: openai.OpenAI) -> None:
    chat = ChatOpenAI(model=MODEL_ID, base_url=base_url, api_key=KEY, max_retries=0)
    expected = client.chat.completions.create(
        model=MODEL_ID, messages=[{"role": "user", "content": QUESTION}]
    )
    reply = chat.invoke(QUESTION)
    streamed = "".join(chunk.content for chunk in chat.stream(QUESTION))
    assert reply.content == expected.choices[0].message.content == streamed
