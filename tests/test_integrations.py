"""The LangChain tool and retriever against a real advisor server, and a LangChain agent that calls the tool."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from langchain.agents import create_agent
from langchain_core.documents import Document
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, ToolMessage

from advisor.api.app import create_app
from advisor.client import AdvisorClient, AsyncAdvisorClient
from advisor.config import Settings
from advisor.corpus import corpus_texts
from advisor.integrations.langchain import AdvisorRetriever, advisor_tool
from advisor.schemas import Answer
from tests.live_server import threaded_server

pytestmark = pytest.mark.slow

QUESTION = (
    "We're a seed-stage startup and a large networking vendor offered an exclusive OEM deal where "
    "their sales force sells our product. Should we sign?"
)


@pytest.fixture(scope="module")
def url(index_settings: Settings) -> Iterator[str]:
    with threaded_server(create_app(index_settings)) as base:
        yield base


@pytest.fixture
def client(url: str) -> Iterator[AdvisorClient]:
    with AdvisorClient(url) as advisor:
        yield advisor


def assert_cited_passages(docs: list[Document], settings: Settings) -> None:
    texts = corpus_texts(settings.corpus_dir)
    assert docs, "the advisor cites at least one passage for this question"
    for n, doc in enumerate(docs, start=1):
        meta = doc.metadata
        assert meta["citation"] == n
        assert texts[meta["doc_id"]][meta["start"] : meta["end"]] == doc.page_content


def test_retriever_returns_the_cited_passages_verbatim(
    client: AdvisorClient, index_settings: Settings
) -> None:
    docs = AdvisorRetriever(client=client).invoke(QUESTION)
    assert_cited_passages(docs, index_settings)
    assert [d.page_content for d in docs] == [c.quote for c in client.ask(QUESTION).citations]


async def test_retriever_async_with_and_without_an_async_client(
    client: AdvisorClient, url: str, index_settings: Settings
) -> None:
    threaded = await AdvisorRetriever(client=client).ainvoke(QUESTION)
    async with AsyncAdvisorClient(url) as async_client:
        native = await AdvisorRetriever(client=client, async_client=async_client).ainvoke(QUESTION)
    assert_cited_passages(native, index_settings)
    assert native == threaded


def test_tool_content_is_the_cited_answer_and_its_artifact_the_full_answer(
    client: AdvisorClient,
) -> None:
    tool = advisor_tool(client)
    call = {"type": "tool_call", "id": "call-1", "name": tool.name, "args": {"question": QUESTION}}
    message = tool.invoke(call)
    assert isinstance(message, ToolMessage) and isinstance(message.artifact, Answer)
    answer = message.artifact
    assert message.content.startswith(answer.answer)
    for n, citation in enumerate(answer.citations, start=1):
        assert f'[{n}] {citation.title} ({citation.doc_id}): "{citation.quote}"' in message.content
    assert all(q in message.content for q in answer.follow_up_questions)
    assert tool.args["question"]["type"] == "string"


class ToolCallingFake(GenericFakeChatModel):
    """A scripted chat model that accepts tools, as an agent's model must."""

    def bind_tools(self, tools: Any, **kwargs: Any) -> ToolCallingFake:
        return self


def test_an_agent_calls_the_advisor_and_sees_its_verdicts(client: AdvisorClient) -> None:
    tool = advisor_tool(client)
    model = ToolCallingFake(
        messages=iter(
            [
                AIMessage(
                    "",
                    tool_calls=[
                        {"id": "call-1", "name": tool.name, "args": {"question": QUESTION}}
                    ],
                ),
                AIMessage("The advisor says not to sign yet."),
            ]
        )
    )
    agent = create_agent(model, tools=[tool])
    result = agent.invoke({"messages": [{"role": "user", "content": QUESTION}]})
    tool_messages = [m for m in result["messages"] if isinstance(m, ToolMessage)]
    assert len(tool_messages) == 1 and tool_messages[0].status == "success"
    verdicts = tool_messages[0].artifact.verdicts
    assert any(v.framework == "prechasm_risk" for v in verdicts)
    assert result["messages"][-1].content == "The advisor says not to sign yet."


async def test_tool_async_uses_the_async_client(client: AdvisorClient, url: str) -> None:
    async with AsyncAdvisorClient(url) as async_client:
        tool = advisor_tool(client, async_client=async_client)
        content = await tool.ainvoke({"question": QUESTION})
    assert content.startswith(client.ask(QUESTION).answer)
