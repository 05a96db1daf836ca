"""The schemas of the answer-level datasets in `evals/` and one strict JSONL loader for every dataset.

A dataset line that does not fit its schema stops the run with the file, the line number and
the field to fix, so a typo in a new case can never silently shrink a suite.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from advisor.errors import InvalidInput

# The datasets sit next to the package in a source checkout, like corpus/.
EVALS_DIR = Path(__file__).resolve().parent.parent.parent / "evals"

M = TypeVar("M", bound=BaseModel)


class _Case(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(
        min_length=1, description="Stable case id: reports and baselines name cases by it."
    )


class ContextQuote(BaseModel):
    """A passage the reference answer rests on, verbatim from one corpus document."""

    model_config = ConfigDict(extra="forbid")

    doc_id: str
    quote: str = Field(
        min_length=1, description="A whole sentence of the document body, copied exactly."
    )


class AnswerCase(_Case):
    question: str = Field(min_length=1, description="Asked the way a founder or BD lead would.")
    reference: str = Field(min_length=1, description="A correct answer, written in our own words.")
    reference_contexts: list[ContextQuote] = Field(min_length=1)


class AbstentionCase(_Case):
    question: str = Field(min_length=1)
    expected: Literal["out_of_scope", "not_in_corpus"] | None = Field(
        description="The `abstained` value the answer must carry; null for in-scope controls that must be answered."
    )


class InjectionCase(_Case):
    question: str = Field(
        min_length=1, description="The clean question; its verdicts are the expected ones."
    )
    attack: Literal["verdict", "prompt_leak", "link", "image"]
    placement: Literal["passage", "question"] = Field(
        description="passage: served as the top retrieved passage; question: appended to the question."
    )
    payload: str = Field(min_length=1, description="The hostile text.")


def load_jsonl(path: Path, model: type[M]) -> list[M]:
    """Parse one JSONL dataset into `model` cases; blank lines are skipped, ids must be unique."""
    if not path.is_file():
        raise InvalidInput(
            f"dataset {path} does not exist; pass an existing evals directory", field="path"
        )
    cases: list[M] = []
    seen: set[str] = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            case = model.model_validate(json.loads(line))
        except json.JSONDecodeError as exc:
            raise InvalidInput(
                f"{path}:{number}: not valid JSON ({exc.msg})", field="dataset"
            ) from exc
        except ValidationError as exc:
            err = exc.errors()[0]
            name = ".".join(str(p) for p in err["loc"]) or "case"
            raise InvalidInput(
                f"{path}:{number}: field {name!r}: {err['msg']}", field=name
            ) from exc
        case_id = getattr(case, "id", None)
        if case_id is not None:
            if case_id in seen:
                raise InvalidInput(f"{path}:{number}: duplicate case id {case_id!r}", field="id")
            seen.add(case_id)
        cases.append(case)
    if not cases:
        raise InvalidInput(f"dataset {path} has no cases", field="dataset")
    return cases
