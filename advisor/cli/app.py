"""The Typer app shared by every command module, and the helpers they all use."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from functools import wraps
from typing import Any

import typer
from pydantic import ValidationError

from advisor.config import Settings
from advisor.errors import AdvisorError, InvalidInput, MissingDependency, NotFound

app = typer.Typer(
    name="advisor",
    help="Partnership advisor: cited guidance and deterministic verdicts for tech partnerships.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def settings() -> Settings:
    """Settings from the `ADVISOR_*` environment variables; a bad value is bad input, named."""
    try:
        return Settings()
    except ValidationError as exc:
        first = exc.errors()[0]
        name = "ADVISOR_" + "__".join(str(part) for part in first["loc"]).upper()
        raise InvalidInput(f"{name}: {first['msg']}", field=name) from exc


def prepare_index(config: Settings) -> None:
    """Build the index when there is none, saying so with a progress bar on stderr: it takes a while."""
    from advisor.ingest import ensure_index, index_ready

    if index_ready(config):
        return
    typer.echo(
        f"No index yet: indexing {config.corpus_dir} into {config.data_dir} (first run only)",
        err=True,
    )
    report = ensure_index(config, progress=True)
    if report is not None:
        typer.echo(f"Index ready: {report.summary()}", err=True)
    warm_search(config)


def warm_search(config: Settings) -> None:
    """Embed the new index's sentences and the question bank now, so the first question does not
    wait for them.

    Search scores each chunk by its best sentence too, and the bank's questions vote as MiniLM and
    e5 read them; those vectors are cached on disk by content, so this costs seconds once per
    changed index (about half a minute on two cores the first time) and nothing after.
    """
    from advisor.retrieval import Retriever

    typer.echo(
        "Preparing search: embedding sentences and bank questions (once per changed index)",
        err=True,
    )
    Retriever.from_settings(config).snapshot()


def print_json(data: Any) -> None:
    """Write `data` to stdout as indented JSON, non-ASCII kept as is."""
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def handle_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn advisor errors into a one-line message and an exit code: 2 for bad input or a missing
    extra (both fixed by the person running the command), 1 otherwise."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (InvalidInput, NotFound, MissingDependency) as exc:
            typer.echo(f"error: {exc.message}", err=True)
            raise typer.Exit(2) from exc
        except AdvisorError as exc:
            typer.echo(f"error: {exc.message}", err=True)
            raise typer.Exit(1) from exc

    return wrapper
