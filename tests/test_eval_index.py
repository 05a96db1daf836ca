"""`advisor eval` measures the shipped corpus whatever the user ingested; `--index user` measures theirs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from advisor.cli import app
from advisor.config import Settings
from advisor.ingest import ingest
from tests.conftest import CORPUS

NOTE = """# Our deal with Cisco

Cisco offered us an exclusive OEM deal: their sales force sells our product and we stop selling
direct. Our pilot improved conversion 12% in the crawl phase. We are a seed-stage startup deciding
whether to build or partner, which partner tier fits, and whether the partnership is real.
"""


@pytest.mark.slow
def test_eval_measures_the_shipped_corpus_whatever_the_user_ingested(
    index_settings: Settings, tmp_path: Path
) -> None:
    # The user's index: the corpus without one document they had no use for, and a note of
    # their own (`advisor ingest` of their folder).
    data, mine = tmp_path / "data", tmp_path / "mine"
    shutil.copytree(CORPUS, mine, ignore=shutil.ignore_patterns("*partnership-architecture*"))
    (mine / "our-deal.md").write_text(NOTE, encoding="utf-8")
    ingest(Settings(data_dir=data, corpus_dir=mine))
    # The eval's own index of the shipped corpus: the one this test session built already.
    (data / "eval").symlink_to(index_settings.data_dir)
    env = {"ADVISOR_DATA_DIR": str(data)}

    def run(out: str, *flags: str) -> tuple[int, dict, str]:
        args = ["eval", "--suite", "answers", "--out", str(tmp_path / out), *flags]
        result = CliRunner().invoke(app, args, env=env)
        report = json.loads((tmp_path / out / "report.json").read_text())
        return result.exit_code, report, (tmp_path / out / "report.md").read_text()

    code, report, md = run("shipped")
    assert code == 0, md
    assert report["index"] == "corpus" and report["data_dir"] == str((data / "eval").resolve())
    assert "index: the shipped corpus" in md

    code, report, md = run("user", "--index", "user")
    # The answers the baseline recorded quote that document, which the user's index lacks.
    assert code == 1, "the user's index is not what the baseline measured"
    assert report["index"] == "user" and report["data_dir"] == str(data.resolve())
    assert "index: the user's index" in md
