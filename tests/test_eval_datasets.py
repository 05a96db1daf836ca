"""Every dataset in evals/ validates against its schema, and its corpus quotes are verbatim."""

from __future__ import annotations

import json
from importlib import import_module
from pathlib import Path

import pytest

from advisor.corpus import corpus_texts
from advisor.errors import InvalidInput
from advisor.evals.datasets import EVALS_DIR, AbstentionCase, AnswerCase, InjectionCase, load_jsonl
from tests.conftest import CORPUS

# Dataset file -> (module, loader taking the module and the path): the schema each suite reads its dataset with.
LOADERS = {
    "answers.jsonl": ("advisor.evals.datasets", lambda m, path: m.load_jsonl(path, AnswerCase)),
    "abstention.jsonl": (
        "advisor.evals.datasets",
        lambda m, path: m.load_jsonl(path, AbstentionCase),
    ),
    "injection.jsonl": (
        "advisor.evals.datasets",
        lambda m, path: m.load_jsonl(path, InjectionCase),
    ),
    "verdicts.jsonl": ("advisor.evals.verdicts", lambda m, path: m.load_cases(path)),
    "scenarios.jsonl": ("advisor.evals.scenarios", lambda m, path: m.load_cases(path)),
    # Retrieval cases also resolve their gold quote's offsets in the corpus.
    "retrieval.jsonl": ("advisor.evals.retrieval", lambda m, path: m.load_cases(path, CORPUS)),
}


def _load(name: str, path: Path) -> list:
    module, loader = LOADERS[name]
    try:
        return loader(import_module(module), path)
    except ModuleNotFoundError as exc:
        if exc.name != module:
            raise
        pytest.skip(f"{module} is not in this checkout yet")


def test_every_dataset_has_a_schema() -> None:
    datasets = {p.name for p in EVALS_DIR.glob("*.jsonl")}
    assert {"answers.jsonl", "abstention.jsonl", "injection.jsonl"} <= datasets
    assert datasets <= set(LOADERS), (
        f"add a schema for {sorted(datasets - set(LOADERS))} to LOADERS"
    )


@pytest.mark.parametrize("name", sorted(LOADERS))
def test_dataset_validates(name: str) -> None:
    path = EVALS_DIR / name
    if not path.exists():
        pytest.skip(f"{name} is not in this checkout yet")
    cases = _load(name, path)
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(cases) == len(lines) > 0


def test_reference_contexts_are_verbatim_in_the_corpus() -> None:
    texts = corpus_texts(CORPUS)
    for case in load_jsonl(EVALS_DIR / "answers.jsonl", AnswerCase):
        for ref in case.reference_contexts:
            assert ref.doc_id in texts, f"{case.id}: unknown document {ref.doc_id}"
            assert ref.quote in texts[ref.doc_id], (
                f"{case.id}: not verbatim in {ref.doc_id}: {ref.quote!r}"
            )


def test_abstention_covers_both_kinds_and_controls() -> None:
    kinds = {c.expected for c in load_jsonl(EVALS_DIR / "abstention.jsonl", AbstentionCase)}
    assert kinds == {"out_of_scope", "not_in_corpus", None}


def test_injection_covers_every_attack_in_both_placements() -> None:
    cases = load_jsonl(EVALS_DIR / "injection.jsonl", InjectionCase)
    assert {c.attack for c in cases} == {"verdict", "prompt_leak", "link", "image"}
    assert {c.placement for c in cases} == {"passage", "question"}


def test_a_bad_line_names_file_line_and_field(tmp_path: Path) -> None:
    good = {"id": "a", "question": "q?", "expected": "out_of_scope"}
    bad = {"id": "b", "question": "q?", "expected": "maybe"}
    path = tmp_path / "abstention.jsonl"
    path.write_text(json.dumps(good) + "\n\n" + json.dumps(bad) + "\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as err:
        load_jsonl(path, AbstentionCase)
    assert f"{path}:3" in err.value.message and "'expected'" in err.value.message


def test_duplicate_ids_are_refused(tmp_path: Path) -> None:
    line = json.dumps({"id": "same", "question": "q?", "expected": None})
    path = tmp_path / "abstention.jsonl"
    path.write_text(f"{line}\n{line}\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="duplicate case id 'same'"):
        load_jsonl(path, AbstentionCase)
