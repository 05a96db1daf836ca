"""The Typer app shared by every command module, and the helpers they all use."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from functools import wraps
from typing import Any

import typer

from advisor.config import Settings
from advisor.errors import AdvisorError, InvalidInput, NotFound

app = typer.Typer(
    name="advisor",
    help="Partnership advisor: cited guidance and deterministic verdicts for tech partnerships.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def settings() -> Settings:
    """Settings from the `ADVISOR_*` environment variables."""
    return Settings()


def print_json(data: Any) -> None:
    """Write `data` to stdout as indented JSON, non-ASCII kept as is."""
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def handle_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn advisor errors into a one-line message and an exit code: 2 for bad input, 1 otherwise."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (InvalidInput, NotFound) as exc:
            typer.echo(f"error: {exc.message}", err=True)
            raise typer.Exit(2) from exc
        except AdvisorError as exc:
            typer.echo(f"error: {exc.message}", err=True)
            raise typer.Exit(1) from exc

    return wrapper
