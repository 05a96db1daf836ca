"""The eval runner: suite selection, skipping, baseline comparison, baseline updates and the report files."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from advisor.cli import app
from advisor.config import Settings
from advisor.errors import InvalidInput
from advisor.evals import runner
from advisor.evals.report import write_report
from advisor.evals.runner import (
    EvalContext,
    parse_suites,
    run_eval,
    updated_baseline,
    write_baseline,
)
from advisor.evals.schemas import CaseResult, SuiteResult
from tests.conftest import REPO


def _scripted(metrics: dict[str, float], failing: tuple[str, ...] = ()):
    """A suite runner returning fixed metrics; `failing` case ids fail, one more case passes."""

    def run(ctx: EvalContext, path: Path) -> SuiteResult:
        cases = [
            CaseResult(case_id=c, passed=False, expected="go", actual="no_go") for c in failing
        ]
        cases.append(CaseResult(case_id="ok", passed=True, expected="go", actual="go"))
        return SuiteResult(
            suite="verdicts",
            metrics=dict(metrics),
            cases=cases,
            per_group={"phase_gate": {"accuracy": 1.0}},
        )

    return run


@pytest.fixture
def ctx(settings: Settings, tmp_path: Path) -> EvalContext:
    evals = tmp_path / "evals"
    evals.mkdir()
    (evals / "verdicts.jsonl").write_text("{}\n", encoding="utf-8")
    return EvalContext(settings, evals_dir=evals, build_index=False)


def _use(monkeypatch: pytest.MonkeyPatch, fn) -> None:
    monkeypatch.setitem(runner.SUITES, "verdicts", ("verdicts.jsonl", fn))


def _baseline(tmp_path: Path, metrics: dict, failing: list[str] | None = None) -> Path:
    path = tmp_path / "baseline.json"
    entry = {
        "metrics": {k: {"value": v, "tolerance": t} for k, (v, t) in metrics.items()},
        "failing_cases": failing or [],
    }
    path.write_text(json.dumps({"suites": {"verdicts": entry}}), encoding="utf-8")
    return path


def test_parse_suites_defaults_to_offline_and_keeps_run_order() -> None:
    assert parse_suites(None) == list(runner.OFFLINE_SUITES)
    assert "judged" not in parse_suites("")
    assert parse_suites("answers, verdicts") == ["verdicts", "answers"]
    with pytest.raises(InvalidInput, match="unknown suite bogus"):
        parse_suites("verdicts,bogus")


def test_missing_module_and_dataset_skip_with_a_reason(
    ctx: EvalContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    def needs_missing_module(ctx: EvalContext, path: Path) -> SuiteResult:
        import advisor.evals.not_written_yet  # noqa: F401

        raise AssertionError("unreachable")

    _use(monkeypatch, needs_missing_module)
    report = run_eval(ctx, ["verdicts", "answers"])
    verdicts, answers = report.suites
    assert verdicts.status == "skipped" and "advisor.evals.not_written_yet" in verdicts.reason
    assert answers.status == "skipped" and "answers.jsonl does not exist" in answers.reason
    assert report.passed


def test_third_party_import_errors_are_not_hidden(
    ctx: EvalContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(ctx: EvalContext, path: Path) -> SuiteResult:
        import not_a_real_package_xyz  # noqa: F401

        raise AssertionError("unreachable")

    _use(monkeypatch, broken)
    with pytest.raises(ModuleNotFoundError):
        run_eval(ctx, ["verdicts"])


@pytest.mark.parametrize(
    ("value", "tolerance", "passed"),
    [
        (0.9, 0.0, True),
        (0.95, 0.0, True),
        (0.89, 0.0, False),
        (0.85, 0.05, True),
        (0.84, 0.05, False),
    ],
)
def test_a_metric_may_not_drop_below_baseline_minus_tolerance(
    ctx: EvalContext,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    value: float,
    tolerance: float,
    passed: bool,
) -> None:
    _use(monkeypatch, _scripted({"accuracy": value}))
    report = run_eval(ctx, ["verdicts"], _baseline(tmp_path, {"accuracy": (0.9, tolerance)}))
    check = next(c for c in report.suites[0].checks if c.metric == "accuracy")
    assert (check.passed, report.passed) == (passed, passed)
    assert check.delta == pytest.approx(value - 0.9)


def test_counts_must_not_rise_and_sizes_must_match(
    ctx: EvalContext, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _use(monkeypatch, _scripted({"leak_count": 1, "case_count": 40, "fact_recall": 1.0}))
    baseline = _baseline(tmp_path, {"leak_count": (0, 0), "case_count": (41, 0), "gone": (0.5, 0)})
    checks = {c.metric: c for c in run_eval(ctx, ["verdicts"], baseline).suites[0].checks}
    assert not checks["leak_count"].passed
    assert not checks["case_count"].passed  # a dropped case is a deliberate baseline change
    assert not checks["gone"].passed and checks["gone"].value is None


def test_a_case_that_passed_in_the_baseline_and_fails_now_is_named(
    ctx: EvalContext, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _use(monkeypatch, _scripted({"accuracy": 0.5}, failing=("known", "crawl-20")))
    report = run_eval(
        ctx, ["verdicts"], _baseline(tmp_path, {"accuracy": (0.5, 0)}, failing=["known"])
    )
    suite = report.suites[0]
    assert [c.case_id for c in suite.new_failures] == ["crawl-20"]
    assert suite.status == "failed" and not report.passed


def test_update_keeps_hand_set_tolerances_and_other_suites(
    ctx: EvalContext, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _use(monkeypatch, _scripted({"accuracy": 0.75}, failing=("x",)))
    path = _baseline(tmp_path, {"accuracy": (0.9, 0.2)})
    data = json.loads(path.read_text())
    data["suites"]["answers"] = {
        "metrics": {"rouge_l": {"value": 0.2, "tolerance": 0}},
        "failing_cases": [],
    }
    path.write_text(json.dumps(data))
    write_baseline(run_eval(ctx, ["verdicts"]), path)
    written = json.loads(path.read_text())
    assert written["suites"]["verdicts"]["metrics"]["accuracy"] == {"value": 0.75, "tolerance": 0.2}
    assert written["suites"]["verdicts"]["metrics"]["phase_gate/accuracy"] == {
        "value": 1.0,
        "tolerance": 0.0,
    }
    assert written["suites"]["verdicts"]["failing_cases"] == ["x"]
    assert written["suites"]["answers"] == data["suites"]["answers"]
    # The run it was written from passes against it.
    assert run_eval(ctx, ["verdicts"], path).passed


def test_judged_metrics_get_a_tolerance_band_by_default(
    ctx: EvalContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(
        runner.SUITES, "judged", ("verdicts.jsonl", _scripted({"faithfulness": 0.8}))
    )
    data = updated_baseline(run_eval(ctx, ["judged"]), None)
    assert (
        data["suites"]["judged"]["metrics"]["faithfulness"]["tolerance"] == runner.JUDGED_TOLERANCE
    )


def test_report_files_name_failing_cases_with_expected_and_actual(
    ctx: EvalContext, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _use(monkeypatch, _scripted({"accuracy": 0.5}, failing=("crawl-20",)))
    report = run_eval(ctx, ["verdicts", "answers"], _baseline(tmp_path, {"accuracy": (1.0, 0)}))
    paths = write_report(report, tmp_path / "out")
    names = {p.name for p in paths}
    assert {"report.json", "report.md", "verdicts.png"} <= names
    assert (tmp_path / "out" / "charts" / "verdicts.png").read_bytes()[:4] == b"\x89PNG"
    md = (tmp_path / "out" / "report.md").read_text()
    assert "# Evaluation report: FAILED" in md
    assert "| crawl-20 | 🆕 | go | no_go |" in md
    assert "| accuracy | 0.5000 | 1 | -0.5000 | 0 | ❌ |" in md
    assert "Did not run: dataset" in md
    data = json.loads((tmp_path / "out" / "report.json").read_text())
    assert data["passed"] is False and data["suites"][0]["new_failures"][0]["case_id"] == "crawl-20"


def test_cli_records_a_baseline_then_gates_against_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("ADVISOR_DATA_DIR", str(tmp_path / "data"))
    baseline, out = tmp_path / "b.json", tmp_path / "report"
    cli = CliRunner()

    _use(monkeypatch, _scripted({"accuracy": 1.0}))
    args = ["eval", "--suite", "verdicts", "--baseline", str(baseline), "--out", str(out)]
    recorded = cli.invoke(app, [*args, "--update-baseline"])
    assert recorded.exit_code == 0, recorded.output
    assert (
        json.loads(baseline.read_text())["suites"]["verdicts"]["metrics"]["accuracy"]["value"]
        == 1.0
    )

    assert cli.invoke(app, args).exit_code == 0
    _use(monkeypatch, _scripted({"accuracy": 0.5}, failing=("crawl-20",)))
    failed = cli.invoke(app, args)
    assert failed.exit_code == 1
    assert "newly failing: crawl-20" in failed.output
    assert (out / "report.md").exists()

    assert cli.invoke(app, ["eval", "--suite", "nope"]).exit_code == 2
    missing = cli.invoke(
        app, ["eval", "--suite", "verdicts", "--baseline", str(tmp_path / "typo.json")]
    )
    assert missing.exit_code == 2 and "--update-baseline" in missing.output


# Gates fail closed --------------------------------------------------------------------------


def test_a_suite_in_the_baseline_that_did_not_run_fails_the_eval(
    ctx: EvalContext, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def needs_missing_module(ctx: EvalContext, path: Path) -> SuiteResult:
        import advisor.evals.not_written_yet  # noqa: F401

        raise AssertionError("unreachable")

    _use(monkeypatch, needs_missing_module)
    baseline = _baseline(tmp_path, {"accuracy": (1.0, 0)})
    data = json.loads(baseline.read_text())
    data["suites"]["answers"] = {"metrics": {"rouge_l": {"value": 0.2, "tolerance": 0}}}
    baseline.write_text(json.dumps(data))
    report = run_eval(ctx, ["verdicts", "answers"], baseline)
    verdicts, answers = report.suites
    assert verdicts.status == "failed" and "advisor.evals.not_written_yet" in verdicts.reason
    assert answers.status == "failed" and "answers.jsonl does not exist" in answers.reason
    assert "the baseline has this suite" in answers.reason
    assert not report.passed


def test_a_suite_that_cannot_run_for_want_of_a_judge_fails_when_the_baseline_has_it(
    ctx: EvalContext, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def no_judge(ctx: EvalContext, path: Path) -> SuiteResult:
        raise runner.SkipSuite("no judge model: set ADVISOR_LLM__MODEL")

    _use(monkeypatch, no_judge)
    assert run_eval(ctx, ["verdicts"]).passed, "without a baseline entry it is only skipped"
    report = run_eval(ctx, ["verdicts"], _baseline(tmp_path, {"accuracy": (1.0, 0)}))
    assert report.suites[0].status == "failed" and not report.passed


# The eval extra and the index evaluated -----------------------------------------------------


def test_eval_without_the_eval_extra_names_it_in_one_line_and_exits_2(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "ragas", None)  # as if pip never installed it
    result = CliRunner().invoke(
        app, ["eval", "--out", str(tmp_path / "r")], env={"ADVISOR_DATA_DIR": str(tmp_path / "d")}
    )
    assert result.exit_code == 2
    assert result.output == (
        "error: ragas is missing: install the eval extra: pip install -e '.[eval]'\n"
    )
    assert not (tmp_path / "d").exists() and not (tmp_path / "r").exists()


def test_the_shipped_corpus_is_evaluated_in_a_data_directory_of_its_own(tmp_path: Path) -> None:
    user = Settings(
        data_dir=tmp_path / "data",
        corpus_dir=tmp_path / "my-notes",
        chroma={"host": "chroma.internal", "collection": "mine"},
    )
    shipped = runner.eval_settings(user)
    assert shipped.data_dir == tmp_path / "data" / "eval"
    assert shipped.corpus_dir == REPO / "corpus"
    assert shipped.chroma.collection == "mine_eval", "a shared Chroma server keeps them apart"
    assert runner.eval_settings(user, "user") == user
    local = runner.eval_settings(Settings(data_dir=tmp_path / "data"))
    assert local.chroma.collection == "advisor_chunks", "a local index lives in its data directory"


def test_the_evals_own_index_follows_the_shipped_corpus_when_it_changes(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from advisor.store import ChunkCatalog

    shipped = tmp_path / "shipped"
    shipped.mkdir()
    doc = shipped / "001-partner-strategy-framework.md"
    doc.write_text((REPO / "corpus" / doc.name).read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(runner, "SHIPPED_CORPUS", shipped)

    def indexed_sha() -> str:
        ctx = EvalContext(runner.eval_settings(settings))
        ctx.index()
        with ChunkCatalog(ctx.settings) as catalog:
            return catalog.documents()[0].sha256

    before = indexed_sha()
    doc.write_text(doc.read_text(encoding="utf-8") + "\nA closing note.\n", encoding="utf-8")
    assert indexed_sha() != before, "an edited corpus document is indexed again"
