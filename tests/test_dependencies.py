"""Every module the package imports comes with `pip install -e .`, or is an optional feature's, guarded.

The scan reads the import statements of advisor/ and the base dependencies of pyproject.toml, and
follows each dependency's own requirements through the installed metadata: a module whose
distribution is outside that closure would be missing on a fresh base install. Imports inside a
`try` that catches ImportError belong to optional features (they raise MissingDependency),
advisor/evals/ is the `eval` extra's, and the encoder's fine-tuning modules are the `train` extra's.
"""

from __future__ import annotations

import ast
import sys
import tomllib
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement

REPO = Path(__file__).resolve().parent.parent
OPTIONAL_PACKAGES = {
    REPO / "advisor" / "evals": "eval",
    # Fine-tuning the reader's encoder (`advisor train --encoder`) needs torch: the train extra's.
    REPO / "advisor" / "reader" / "finetune.py": "train",
    REPO / "advisor" / "reader" / "quantize.py": "train",
}


def _name(requirement: str) -> str:
    return Requirement(requirement).name.lower().replace("_", "-")


def dependency_closure(requirements: Iterable[str]) -> set[str]:
    """The distributions a base install brings in: `requirements` and theirs, without extras."""
    closure: set[str] = set()
    todo = [_name(r) for r in requirements]
    while todo:
        name = todo.pop()
        if name in closure:
            continue
        closure.add(name)
        for raw in metadata.requires(name) or []:
            req = Requirement(raw)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                todo.append(_name(raw))
    return closure


def _guarded(tree: ast.Module) -> set[int]:
    """Line numbers of imports inside a `try` whose handler catches ImportError."""
    lines = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Try) and any(
            isinstance(h.type, ast.Name) and h.type.id in ("ImportError", "ModuleNotFoundError")
            for h in node.handlers
        ):
            lines |= {
                n.lineno
                for stmt in node.body
                for n in ast.walk(stmt)
                if isinstance(n, ast.Import | ast.ImportFrom)
            }
    return lines


def base_imports(root: Path) -> dict[str, Path]:
    """Top-level third-party modules imported outside optional code, with a file importing each."""
    found: dict[str, Path] = {}
    for path in sorted(root.rglob("*.py")):
        if any(path.is_relative_to(optional) for optional in OPTIONAL_PACKAGES):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        guarded = _guarded(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
            else:
                continue
            for module in modules:
                top = module.split(".")[0]
                if node.lineno not in guarded and top not in sys.stdlib_module_names:
                    found.setdefault(top, path)
    found.pop("advisor", None)
    return found


def undeclared(requirements: list[str]) -> dict[str, str]:
    """Module -> message for each base import that no distribution in the closure provides."""
    closure = dependency_closure(requirements)
    owners = metadata.packages_distributions()
    problems = {}
    for module, path in base_imports(REPO / "advisor").items():
        dists = {d.lower().replace("_", "-") for d in owners.get(module, [])}
        if not dists & closure:
            problems[module] = f"{path.relative_to(REPO)} imports {module} ({', '.join(dists)})"
    return problems


def base_requirements() -> list[str]:
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    return pyproject["project"]["dependencies"]


def test_every_base_import_comes_with_the_base_install() -> None:
    assert undeclared(base_requirements()) == {}


def test_a_dependency_missing_from_pyproject_is_caught() -> None:
    # PyStemmer once came only through bm25s's optional extras: without it, BM25 failed on import.
    without = [r for r in base_requirements() if _name(r) != "pystemmer"]
    assert "Stemmer" in undeclared(without)


def test_optional_features_are_declared_as_extras() -> None:
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    extras = pyproject["project"]["optional-dependencies"]
    assert set(OPTIONAL_PACKAGES.values()) <= set(extras)
