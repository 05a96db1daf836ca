"""`advisor frameworks` and `advisor assess`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from advisor.cli.app import app, handle_errors, print_json
from advisor.errors import InvalidInput

if TYPE_CHECKING:
    # The scorer registry is imported by the commands that use it: every other command
    # (a cold `advisor search` above all) would otherwise pay for loading twelve scorers.
    from advisor.frameworks import Framework
    from advisor.schemas import Verdict


def _reject_constant(name: str) -> Any:
    # NaN and Infinity are not numbers a founder means; keep them as text so validation names the field.
    raise ValueError(name)


def parse_value(raw: str) -> Any:
    """Read a --set value: JSON (true, 12, [..], {..}), True/False, a comma list, else the text itself."""
    text = raw.strip()
    if text.lower() in ("true", "false"):
        return text.lower() == "true"
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except ValueError:
        pass
    if "," in text:
        return [parse_value(item) for item in text.split(",") if item.strip()]
    return text


def _list_fields(framework: Framework) -> set[str]:
    properties = framework.input_model.model_json_schema().get("properties", {})
    return {
        name
        for name, prop in properties.items()
        if prop.get("type") == "array"
        or any(s.get("type") == "array" for s in prop.get("anyOf", []))
    }


def parse_assignments(framework: Framework, assignments: list[str]) -> dict[str, Any]:
    """Turn `key=value` pairs into input data; a single value or an empty one fills a list field."""
    lists = _list_fields(framework)
    data: dict[str, Any] = {}
    for item in assignments:
        key, sep, raw = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise InvalidInput(
                f"--set {item!r}: expected key=value, e.g. --set is_marquee_logo=true",
                field=key or item,
            )
        value = parse_value(raw)
        if key in lists and not isinstance(value, list):
            value = [] if value == "" else [value]
        data[key] = value
    return data


def read_input(path: str) -> dict[str, Any]:
    """Load a JSON object of framework inputs from a file, or from stdin when the path is '-'."""
    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"--input {path}: cannot read the file ({exc})", field="input") from exc
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise InvalidInput(f"--input {path}: not valid JSON ({exc})", field="input") from exc
    if not isinstance(data, dict):
        raise InvalidInput(
            f"--input {path}: expected a JSON object of field: value pairs", field="input"
        )
    return data


def format_verdict(verdict: Verdict) -> str:
    """A verdict card for the terminal: verdict, why (with quotes and offsets), what's missing, what to do."""
    out = [f"{verdict.framework}: {verdict.verdict}", verdict.summary]
    if verdict.rationale:
        out.append("\nWhy:")
        for line in verdict.rationale:
            src = line.source
            out.append(f"  - {line.explanation}  [{line.rule}]")
            out.append(f"    {src.doc_id} {src.start}-{src.end}:")
            out.extend(f"      > {quoted}" for quoted in src.quote.splitlines())
    if verdict.missing:
        out.append("\nMissing facts:")
        out.extend(
            f"  - {name}: {question}"
            for name, question in zip(verdict.missing, verdict.follow_up_questions)
        )
    if verdict.recommendations:
        out.append("\nRecommendations:")
        out.extend(f"  - {text}" for text in verdict.recommendations)
    if verdict.details:
        out.append("\nDetails:")
        out.extend(
            f"  {key}: {json.dumps(value, ensure_ascii=False)}"
            for key, value in verdict.details.items()
        )
    out.append(f"\n(scorer {verdict.scorer_version})")
    return "\n".join(out)


@app.command("frameworks")
@handle_errors
def list_frameworks(
    json_output: Annotated[
        bool,
        typer.Option(
            "--json", help="Print every framework with its input JSON schema and cited rules."
        ),
    ] = False,
) -> None:
    """List the framework scorers with a one-line description each."""
    from advisor.frameworks import REGISTRY

    if json_output:
        print_json([framework.info().model_dump(mode="json") for framework in REGISTRY.values()])
        return
    width = max(len(framework_id) for framework_id in REGISTRY)
    for framework in REGISTRY.values():
        typer.echo(f"{framework.id:<{width}}  {framework.description}")


@app.command()
@handle_errors
def assess(
    framework: Annotated[str, typer.Argument(help="Framework id; see `advisor frameworks`.")],
    input_path: Annotated[
        str | None,
        typer.Option("--input", "-i", help="JSON file with the input object ('-' reads stdin)."),
    ] = None,
    assignments: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            "-s",
            help="key=value, repeatable: true/false, numbers, comma lists or JSON. Overrides --input.",
        ),
    ] = None,
    json_output: Annotated[
        bool, typer.Option("--json", help="Print the verdict object as JSON.")
    ] = False,
) -> None:
    """Score a framework on your facts and print its verdict, with the corpus passage behind each rule."""
    from advisor.frameworks import get_framework, validate_input

    chosen = get_framework(framework)
    data = read_input(input_path) if input_path else {}
    data.update(parse_assignments(chosen, assignments or []))
    verdict = chosen.score(validate_input(chosen, data))
    if json_output:
        print_json(verdict.model_dump(mode="json"))
    else:
        typer.echo(format_verdict(verdict))
