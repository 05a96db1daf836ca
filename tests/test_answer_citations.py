"""Every citation in every answer to the evaluation questions is verbatim in the corpus at its offsets.

Runs the scenario and retrieval datasets through the extractive advisor, and through the LLM
composer with a model that quotes almost verbatim, the way real models slip.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult

from advisor.config import LLMSettings, Settings
from advisor.corpus import corpus_texts
from advisor.schemas import Answer
from advisor.service import AdvisorService
from tests.conftest import REPO
from tests.fakes import FakeChatModel, grounded_reply

DATASETS = ("scenarios.jsonl", "retrieval.jsonl")


def questions(dataset: str) -> list[tuple[str, list[str], str]]:
    """(case id, earlier turns, question) of every line of an evals/ dataset."""
    path = REPO / "evals" / dataset
    cases = [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    return [
        (str(case.get("id", n)), case.get("history", []), case["question"])
        for n, case in enumerate(cases)
    ]


def session_after(service: AdvisorService, history: list[str]) -> str | None:
    """A session holding the case's earlier turns, asked as a user would have; None when there are none."""
    if not history:
        return None
    session_id = service.create_session().session_id
    for turn in history:
        service.ask(turn, session_id=session_id)
    return session_id


def near_misses(quote: str) -> list[str]:
    """What models do to quotes: straighten apostrophes, re-space, trim with an ellipsis, add a word."""
    swapped = quote.translate(str.maketrans({"’": "'", "'": "’", "“": '"', "”": '"'}))
    misses = [
        swapped,
        quote.replace(" ", "  ", 1),
        quote.rsplit(" ", 1)[0] + "…",
        quote + " indeed",
    ]
    return [miss for miss in misses if miss != quote]


class SloppyChatModel(FakeChatModel):
    """Answers with one exact quote per passage plus several near-verbatim copies of it."""

    def _generate(
        self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None, **kw: Any
    ) -> ChatResult:
        self.history.append(list(messages))
        claims = json.loads(grounded_reply(self.prompts[-1]))["claims"]
        sloppy = [{**c, "quote": miss} for c in claims for miss in near_misses(c["quote"])]
        content = json.dumps({"claims": sloppy + claims}, ensure_ascii=False)
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=content))])


@pytest.fixture(scope="module")
def texts(index_settings: Settings) -> dict[str, str]:
    return corpus_texts(index_settings.corpus_dir)


@pytest.fixture(scope="module")
def extractive_service(index_settings: Settings) -> AdvisorService:
    return AdvisorService(index_settings)


@pytest.fixture(scope="module")
def sloppy_service(index_settings: Settings) -> AdvisorService:
    settings = index_settings.model_copy(update={"llm": LLMSettings(model="sloppy", timeout_s=30)})
    return AdvisorService(settings, chat_model=SloppyChatModel())


def assert_cited_verbatim(case_id: str, answer: Answer, texts: dict[str, str]) -> None:
    for c in answer.citations:
        assert texts[c.doc_id][c.start : c.end] == c.quote, (
            f"{case_id}: citation {c.chunk_id} is not verbatim"
        )
    markers = sorted({int(n) for n in re.findall(r"\[(\d+)\]", answer.answer)})
    assert markers == list(range(1, len(answer.citations) + 1)), (
        f"{case_id}: [n] markers don't match the citations"
    )


@pytest.mark.parametrize("dataset", DATASETS)
def test_extractive_answers_cite_verbatim(
    dataset: str, extractive_service: AdvisorService, texts
) -> None:
    cases = questions(dataset)
    assert cases, f"evals/{dataset} is empty"
    answered = 0
    for case_id, history, question in cases:
        answer = extractive_service.ask(
            question, session_id=session_after(extractive_service, history)
        )
        assert_cited_verbatim(case_id, answer, texts)
        answered += bool(answer.citations)
    # The datasets ask what the corpus covers: nearly all of them must be answered with quotes.
    assert answered >= 0.9 * len(cases), (
        f"only {answered}/{len(cases)} answers in {dataset} carry citations"
    )


@pytest.mark.parametrize("dataset", DATASETS)
def test_llm_answers_show_only_checked_quotes(
    dataset: str, sloppy_service: AdvisorService, texts
) -> None:
    model = sloppy_service.llm.chat_model
    exact = 0
    for case_id, history, question in questions(dataset):
        session_id = session_after(sloppy_service, history)
        calls = len(model.history)
        answer = sloppy_service.ask(question, session_id=session_id)
        assert_cited_verbatim(case_id, answer, texts)
        if len(model.history) == calls:
            continue  # abstained before the model was asked
        assert answer.mode == "llm" and not answer.degraded, f"{case_id}: {answer.degraded_reason}"
        sent = {
            q
            for c in json.loads(grounded_reply(model.prompts[calls]))["claims"]
            for q in near_misses(c["quote"])
        }
        assert not sent & {c.quote for c in answer.citations}, (
            f"{case_id}: a near-miss quote was shown"
        )
        exact += len(answer.citations)
    assert exact, f"no exact quote survived in any answer to {dataset}"
