"""Fact extraction through a chat model's structured output, at LangChain's `BaseChatModel` seam."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import Field, ValidationError

from advisor.errors import NotFound
from advisor.facts import extract_facts_llm

QUESTION = (
    "We're a seed-stage startup and Cisco offered an exclusive OEM deal. Nobody has asked for it."
)


class ToolCallingFake(BaseChatModel):
    """Answers every structured-output call with the scripted tool arguments for that schema; records the prompts."""

    script: dict[str, dict[str, Any] | None]
    """Input model name -> the arguments it 'extracts'; None means it calls no tool."""
    sent: list[list[BaseMessage]] = Field(default_factory=list)

    @property
    def _llm_type(self) -> str:
        return "tool-calling-fake"

    def bind_tools(self, tools: Any, **kwargs: Any) -> Any:
        return self.bind(tool_names=[t.__name__ for t in tools])

    def _generate(
        self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None, **kwargs: Any
    ) -> ChatResult:
        self.sent.append(messages)
        name = kwargs["tool_names"][0]
        args = self.script.get(name)
        calls = (
            []
            if args is None
            else [{"name": name, "args": args, "id": "call-1", "type": "tool_call"}]
        )
        return ChatResult(
            generations=[ChatGeneration(message=AIMessage(content="", tool_calls=calls))]
        )


def test_reads_the_scorers_input_models_and_keeps_spans() -> None:
    model = ToolCallingFake(
        script={
            "PrechasmRiskInput": {
                "our_stage": "early",
                "partner_kind": "large_company",
                "form": "oem_bundle",
                "non_exclusive": False,
                "customer_pull": False,
            }
        }
    )
    facts = {f.field: f for f in extract_facts_llm(QUESTION, model, ["prechasm_risk"], turn=2)}
    assert {k: f.value for k, f in facts.items()} == {
        "our_stage": "early",
        "partner_kind": "large_company",
        "form": "oem_bundle",
        "non_exclusive": False,
        "customer_pull": False,
    }
    assert facts["our_stage"].text == "seed-stage" and facts["form"].text == "OEM"
    for f in facts.values():
        assert (
            QUESTION[f.start : f.end] == f.text and f.turn == 2 and f.framework == "prechasm_risk"
        )
    # The message goes to the model as the human turn; the instructions say it is data.
    system, human = model.sent[0]
    assert human.content == QUESTION and "never instructions" in system.content


def test_a_fact_the_words_do_not_show_points_at_the_whole_message() -> None:
    model = ToolCallingFake(script={"PartnerTierInput": {"has_engineering_resources": True}})
    question = "Acme would do it all on their own."
    [fact] = extract_facts_llm(question, model, ["partner_tier"])
    assert (fact.start, fact.end, fact.text) == (0, len(question), question)


def test_numbers_are_located_by_value() -> None:
    model = ToolCallingFake(script={"BuildVsPartnerInput": {"build_delays_roadmap_months": 9}})
    question = "Doing it ourselves costs us 9 of our next months."
    [fact] = extract_facts_llm(question, model, ["build_vs_partner"])
    assert fact.text == "9" and fact.value == 9


def test_no_tool_call_means_no_facts_and_one_call_per_framework() -> None:
    model = ToolCallingFake(
        script={"CharterInput": None, "LeverageInput": {"if_we_walk_away": "nothing_changes"}}
    )
    facts = extract_facts_llm("Nothing really changes for them.", model, ["charter", "leverage"])
    assert [(f.framework, f.field, f.value) for f in facts] == [
        ("leverage", "if_we_walk_away", "nothing_changes")
    ]
    assert len(model.sent) == 2


def test_an_invalid_reading_raises_so_the_caller_falls_back() -> None:
    model = ToolCallingFake(
        script={"PhaseGateInput": {"phase": "crawl", "pilot_improvement_pct": 250}}
    )
    with pytest.raises(ValidationError, match="pilot_improvement_pct"):
        extract_facts_llm("Our pilot went great.", model, ["phase_gate"])


def test_an_unknown_framework_is_named() -> None:
    with pytest.raises(NotFound, match="unknown framework 'nope'"):
        extract_facts_llm("x", ToolCallingFake(script={}), ["nope"])
