"""Writes an evaluation run as report.json, a report.md people can read, and one PNG chart per suite."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from advisor.evals.runner import EvalReport, SuiteOutcome, flat_metrics, lower_is_better
from advisor.evals.schemas import CaseResult

MAX_CASES = 40
"""Failing cases listed per suite in report.md; report.json has them all."""
_CELL = 160


def write_report(report: EvalReport, out_dir: Path) -> list[Path]:
    """Write the report files into `out_dir` (created if needed) and return their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    json_path = out_dir / "report.json"
    json_path.write_text(
        json.dumps(report.model_dump(mode="json"), indent=2) + "\n", encoding="utf-8"
    )
    charts = {o.name: chart(o, out_dir / "charts") for o in report.suites if o.result is not None}
    md_path = out_dir / "report.md"
    md_path.write_text(
        markdown(report, {k: v.relative_to(out_dir) for k, v in charts.items() if v}),
        encoding="utf-8",
    )
    return [json_path, md_path, *(p for p in charts.values() if p)]


def _fmt(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:g}" if float(value).is_integer() else f"{value:.4f}"


def _cell(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = text.replace("|", "\\|").replace("\n", " ")
    return text if len(text) <= _CELL else text[: _CELL - 1] + "…"


_INDEX = {"corpus": "the shipped corpus", "user": "the user's index"}


def _status(outcome: SuiteOutcome) -> str:
    return {"passed": "✅ passed", "failed": "❌ failed", "skipped": "⏭ skipped"}[outcome.status]


def markdown(report: EvalReport, charts: dict[str, Path]) -> str:
    """The human-readable report: summary first, then each suite's metrics, gates and failing cases."""
    verdict = "PASSED" if report.passed else "FAILED"
    lines = [
        f"# Evaluation report: {verdict}",
        "",
        (
            f"Run {report.created_at} · corpus {report.provenance.get('corpus_hash')} · "
            f"scorers {report.provenance.get('scorer_version')} · prompts {report.provenance.get('prompt_version')} · "
            f"baseline {report.baseline or 'none'} · "
            f"index: {_INDEX[report.index]} ({report.data_dir})"
            + (f" · index built in {report.index_seconds:g}s" if report.index_seconds else "")
        ),
        "",
        "| suite | status | seconds | failed checks | newly failing cases |",
        "|---|---|---|---|---|",
    ]
    for o in report.suites:
        failed = [c.metric for c in o.checks if not c.passed]
        lines.append(
            f"| {o.name} | {_status(o)} | {o.seconds:g} | {', '.join(failed) or '—'} | {len(o.new_failures) or '—'} |"
        )
    for o in report.suites:
        lines += ["", f"## {o.name}: {_status(o)}", ""]
        if o.result is None:
            lines.append(f"Did not run: {o.reason}.")
            continue
        if o.name in charts:
            lines += [f"![{o.name} metrics]({charts[o.name].as_posix()})", ""]
        lines += _metrics_table(o)
        gates = [c for c in o.checks if c.kind == "gate"]
        if gates:
            lines += [
                "",
                "Gates: "
                + ", ".join(f"{'✅' if c.passed else '❌'} {c.metric} {_bound(c)}" for c in gates),
            ]
        if not o.has_baseline:
            lines += [
                "",
                "No baseline recorded for this suite: run with `--update-baseline` to record one.",
            ]
        lines += _cases_table(o)
    return "\n".join(lines) + "\n"


def _bound(check: Any) -> str:
    op = "≤" if lower_is_better(check.metric) else "≥"
    return f"{op} {_fmt(check.target)} (is {_fmt(check.value)})"


def _metrics_table(o: SuiteOutcome) -> list[str]:
    assert o.result is not None
    baseline = {c.metric: c for c in o.checks if c.kind == "baseline"}
    rows = ["| metric | value | baseline | delta | tolerance | ok |", "|---|---|---|---|---|---|"]
    metrics = flat_metrics(o.result)
    for metric in [*metrics, *(m for m in baseline if m not in metrics)]:
        check = baseline.get(metric)
        if check is None:
            rows.append(f"| {metric} | {_fmt(metrics.get(metric))} | — | — | — | |")
            continue
        delta = check.delta
        sign = "" if delta is None else ("+" if delta > 0 else "")
        rows.append(
            f"| {metric} | {_fmt(check.value)} | {_fmt(check.target)} | {sign}{_fmt(delta)} | "
            f"{_fmt(check.tolerance)} | {'✅' if check.passed else '❌'} |"
        )
    return rows


def _cases_table(o: SuiteOutcome) -> list[str]:
    assert o.result is not None
    new = {c.case_id for c in o.new_failures}
    failing: list[CaseResult] = [
        *o.new_failures,
        *(c for c in o.result.failures if c.case_id not in new),
    ]
    if not failing:
        return []
    rows = [
        "",
        f"Failing cases ({len(failing)}; new since the baseline first):",
        "",
        "| case | new | expected | actual | note |",
        "|---|---|---|---|---|",
    ]
    for c in failing[:MAX_CASES]:
        rows.append(
            f"| {c.case_id} | {'🆕' if c.case_id in new else ''} | {_cell(c.expected)} | {_cell(c.actual)} | "
            f"{_cell(c.note or '')} |"
        )
    if len(failing) > MAX_CASES:
        rows.append(f"\n…and {len(failing) - MAX_CASES} more in report.json.")
    return rows


def chart(o: SuiteOutcome, charts_dir: Path) -> Path | None:
    """Horizontal bars of the suite's 0..1 metrics, baseline values as ticks, failing checks in red."""
    assert o.result is not None
    import matplotlib

    matplotlib.use("Agg")  # no display on CI machines
    import matplotlib.pyplot as plt

    metrics = {
        m: v for m, v in flat_metrics(o.result).items() if not lower_is_better(m) and 0 <= v <= 1
    }
    if not metrics:
        return None
    failing = {c.metric for c in o.checks if not c.passed}
    baseline = {c.metric: c.target for c in o.checks if c.kind == "baseline"}
    names = list(metrics)[::-1]
    fig, ax = plt.subplots(figsize=(7, 0.9 + 0.32 * len(names)))
    ax.barh(
        names,
        [metrics[n] for n in names],
        color=["#c0392b" if n in failing else "#2e86c1" for n in names],
    )
    marked = [(i, baseline[n]) for i, n in enumerate(names) if n in baseline]
    if marked:
        ax.scatter(
            [v for _, v in marked],
            [i for i, _ in marked],
            marker="|",
            s=250,
            color="black",
            label="baseline",
        )
        ax.legend(loc="lower right", fontsize=8)
    ax.set_xlim(0, 1.02)
    ax.set_title(f"{o.name}: {o.status}", fontsize=10)
    ax.tick_params(labelsize=8)
    fig.tight_layout()
    charts_dir.mkdir(parents=True, exist_ok=True)
    path = charts_dir / f"{o.name}.png"
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path
