"""Hypothesis strategies for any framework's input, derived from the JSON schema of its input model.

Deriving from the schema (rather than listing fields) means a new framework or field is
covered the moment it is registered; a schema shape this module doesn't know fails loudly.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from advisor.frameworks.base import Framework


def _strategy(schema: dict[str, Any], defs: dict[str, Any]) -> st.SearchStrategy[Any]:
    if "$ref" in schema:
        return _strategy(defs[schema["$ref"].rsplit("/", 1)[-1]], defs)
    if "anyOf" in schema:
        return st.one_of([_strategy(s, defs) for s in schema["anyOf"]])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    if "const" in schema:
        return st.just(schema["const"])
    kind = schema.get("type")
    if kind == "null":
        return st.none()
    if kind == "boolean":
        return st.booleans()
    if kind == "integer":
        low = schema.get("minimum", schema.get("exclusiveMinimum", -(2**63)) + 1)
        high = schema.get("maximum", schema.get("exclusiveMaximum", 2**63) - 1)
        return st.integers(min_value=low, max_value=high)
    if kind == "number":
        return st.floats(
            min_value=schema.get("minimum", schema.get("exclusiveMinimum")),
            max_value=schema.get("maximum", schema.get("exclusiveMaximum")),
            exclude_min="exclusiveMinimum" in schema,
            exclude_max="exclusiveMaximum" in schema,
            allow_nan=False,
            allow_infinity=False,
        )
    if kind == "string":
        return st.text(min_size=schema.get("minLength", 0), max_size=schema.get("maxLength", 40))
    if kind == "array":
        return st.lists(
            _strategy(schema["items"], defs),
            min_size=schema.get("minItems", 0),
            max_size=min(schema.get("maxItems", 8), 8),
            unique=schema.get("uniqueItems", False),
        )
    raise NotImplementedError(
        f"no strategy for schema {schema!r}: extend tests/framework_inputs.py"
    )


def input_strategy(framework: Framework) -> st.SearchStrategy[dict[str, Any]]:
    """Valid JSON inputs for the framework: any subset of its fields, each with any allowed value."""
    schema = framework.input_model.model_json_schema()
    defs = schema.get("$defs", {})
    fields = {name: _strategy(prop, defs) for name, prop in schema["properties"].items()}
    return st.fixed_dictionaries({}, optional=fields)
