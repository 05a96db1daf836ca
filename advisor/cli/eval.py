"""`advisor eval`: run the evaluation suites, write the report, fail on a gate or a regression."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from advisor.cli.app import app, handle_errors, settings
from advisor.errors import InvalidInput
from advisor.evals.datasets import EVALS_DIR

if TYPE_CHECKING:
    from advisor.evals.runner import IndexChoice

DEFAULT_BASELINE = EVALS_DIR / "baseline.json"


class Index(str, Enum):
    corpus = "corpus"
    user = "user"


@app.command("eval")
@handle_errors
def eval_command(
    suite: Annotated[
        str | None,
        typer.Option(
            "--suite",
            help="Comma-separated: retrieval,verdicts,scenarios,answers,abstention,injection,judged. "
            "Default: every offline suite (all but judged).",
        ),
    ] = None,
    baseline: Annotated[
        Path, typer.Option("--baseline", help="Baseline to compare against.")
    ] = DEFAULT_BASELINE,
    update_baseline: Annotated[
        bool,
        typer.Option(
            "--update-baseline", help="Record this run as the baseline (refused when a gate fails)."
        ),
    ] = False,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Report directory. Default: reports/eval-<UTC time>."),
    ] = None,
    repeats: Annotated[
        int,
        typer.Option("--repeats", min=1, help="Runs of each judged metric, for mean and spread."),
    ] = 3,
    index: Annotated[
        Index,
        typer.Option(
            "--index",
            help="corpus: the shipped corpus, indexed in DATA_DIR/eval (what the baseline measures); "
            "user: your index in DATA_DIR, with whatever you ingested.",
        ),
    ] = Index.corpus,
) -> None:
    """Run the evaluation suites and write report.json, report.md and charts; exit 1 on a failed gate or regression."""
    from advisor.evals.report import write_report
    from advisor.evals.runner import (
        EvalContext,
        eval_settings,
        parse_suites,
        require_eval_extra,
        run_eval,
        write_baseline,
    )

    require_eval_extra()
    names = parse_suites(suite)
    if update_baseline and index is Index.user:
        raise InvalidInput(
            "--update-baseline records the shipped corpus; drop --index user", field="index"
        )
    choice: IndexChoice = "user" if index is Index.user else "corpus"
    out = out or Path("reports") / f"eval-{datetime.now(UTC):%Y%m%dT%H%M%SZ}"
    # When recording a new baseline only the absolute gates decide; the old baseline is being replaced.
    context = EvalContext(eval_settings(settings(), choice), index_choice=choice, repeats=repeats)
    report = run_eval(context, names, None if update_baseline else baseline)
    paths = write_report(report, out)
    for o in report.suites:
        failed = [
            f"{c.metric}={'missing' if c.value is None else f'{c.value:g}'}"
            for c in o.checks
            if not c.passed
        ]
        more = f" and {len(failed) - 4} more" if len(failed) > 4 else ""
        detail = o.reason or ", ".join(failed[:4]) + more
        typer.echo(f"{o.name:<11} {o.status:<8} {o.seconds:>6.1f}s  {detail}".rstrip())
        for case in o.new_failures[:10]:
            typer.echo(
                f"    newly failing: {case.case_id} (expected {case.expected!r}, got {case.actual!r})"
            )
    typer.echo(f"report: {paths[1]} (index: {report.index}, {report.data_dir})")
    if update_baseline:
        if not report.passed:
            typer.echo(
                "error: a gate failed, so the baseline was not updated; fix the failures first",
                err=True,
            )
            raise typer.Exit(1)
        write_baseline(report, baseline)
        typer.echo(f"baseline updated: {baseline}")
    if not report.passed:
        typer.echo(
            "FAILED: a gate failed or a metric fell below the baseline (see the report)", err=True
        )
        raise typer.Exit(1)
