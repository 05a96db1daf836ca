"""The advisor as LangChain building blocks: a tool an agent can call and a retriever of cited passages.

    from advisor.client import AdvisorClient
    from advisor.integrations.langchain import AdvisorRetriever, advisor_tool

    client = AdvisorClient("http://127.0.0.1:8000", api_key="...")
    agent = create_agent(model, tools=[advisor_tool(client)])
    docs = AdvisorRetriever(client=client).invoke("Should we sign an exclusive OEM deal?")

Both talk to a running advisor server through `AdvisorClient`, so the agent gets the same
verdicts and verbatim citations as every other door.
"""

from __future__ import annotations

from langchain_core.callbacks import (
    AsyncCallbackManagerForRetrieverRun,
    CallbackManagerForRetrieverRun,
)
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from langchain_core.tools import BaseTool, StructuredTool
from pydantic import BaseModel, ConfigDict, Field

from advisor.client import AdvisorClient, AsyncAdvisorClient
from advisor.schemas import Answer

TOOL_DESCRIPTION = (
    "Ask the partnership advisor about a technology partnership (OEM, reseller, integration, "
    "co-selling, partner programs, build vs partner). Returns cited guidance, framework verdicts "
    "and follow-up questions. Pass the user's situation in plain English, with the facts you know."
)


class AdvisorQuestion(BaseModel):
    question: str = Field(
        min_length=1, description="The partnership question, with the facts known so far."
    )


def answer_documents(answer: Answer) -> list[Document]:
    """One Document per citation: the verbatim quote, with its source and offsets in `metadata`."""
    return [
        Document(
            page_content=c.quote,
            metadata={
                "citation": i,
                "doc_id": c.doc_id,
                "title": c.title,
                "chunk_id": c.chunk_id,
                "start": c.start,
                "end": c.end,
            },
        )
        for i, c in enumerate(answer.citations, start=1)
    ]


def format_answer(answer: Answer) -> str:
    """The answer text with its `[n]` markers, then the numbered sources and follow-up questions."""
    parts = [answer.answer]
    if answer.citations:
        sources = [
            f'[{i}] {c.title} ({c.doc_id}): "{c.quote}"'
            for i, c in enumerate(answer.citations, start=1)
        ]
        parts.append("Sources:\n" + "\n".join(sources))
    if answer.follow_up_questions:
        parts.append(
            "To sharpen the verdict, find out:\n"
            + "\n".join(f"- {q}" for q in answer.follow_up_questions)
        )
    return "\n\n".join(parts)


class AdvisorRetriever(BaseRetriever):
    """Retrieves the passages the advisor cites for a question, as LangChain Documents."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    client: AdvisorClient
    async_client: AsyncAdvisorClient | None = Field(
        default=None,
        description="Used by `ainvoke`; without it the blocking client runs in a thread.",
    )

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        return answer_documents(self.client.ask(query))

    async def _aget_relevant_documents(
        self, query: str, *, run_manager: AsyncCallbackManagerForRetrieverRun
    ) -> list[Document]:
        if self.async_client is None:
            return await super()._aget_relevant_documents(query, run_manager=run_manager)
        return answer_documents(await self.async_client.ask(query))


def advisor_tool(
    client: AdvisorClient,
    *,
    async_client: AsyncAdvisorClient | None = None,
    name: str = "partnership_advisor",
) -> BaseTool:
    """A tool whose content is the cited answer (`format_answer`) and whose artifact is the full `Answer`."""

    def ask(question: str) -> tuple[str, Answer]:
        answer = client.ask(question)
        return format_answer(answer), answer

    async def aask(question: str) -> tuple[str, Answer]:
        answer = await async_client.ask(question)  # type: ignore[union-attr]
        return format_answer(answer), answer

    return StructuredTool.from_function(
        func=ask,
        coroutine=aask if async_client is not None else None,
        name=name,
        description=TOOL_DESCRIPTION,
        args_schema=AdvisorQuestion,
        response_format="content_and_artifact",
    )
