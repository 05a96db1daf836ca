"""Starting out on the command line: a bad port is refused, and the first index build says what it does."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from advisor.cli import app
from tests.conftest import CORPUS


@pytest.mark.parametrize("port", ["99999", "0", "-1"])
def test_serve_refuses_a_port_outside_1_to_65535(port: str, tmp_path: Path) -> None:
    data = tmp_path / "data"
    result = CliRunner().invoke(app, ["serve", "--port", port], env={"ADVISOR_DATA_DIR": str(data)})
    assert result.exit_code == 2
    assert "Invalid value for '--port'" in result.output
    assert not data.exists(), "nothing was started or indexed"


def test_serve_refuses_a_bad_port_in_the_environment(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        ["serve"],
        env={"ADVISOR_DATA_DIR": str(tmp_path / "data"), "ADVISOR_SERVER__PORT": "99999"},
    )
    assert result.exit_code == 2
    assert "ADVISOR_SERVER__PORT" in result.output and "65535" in result.output


def test_the_first_search_says_it_is_indexing_and_shows_progress(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(CORPUS / "001-partner-strategy-framework.md", corpus)
    env = {"ADVISOR_DATA_DIR": str(tmp_path / "data"), "ADVISOR_CORPUS_DIR": str(corpus)}
    first = CliRunner().invoke(app, ["search", "partner tiers", "--json"], env=env)
    assert first.exit_code == 0, first.output
    assert "No index yet: indexing" in first.stderr and str(corpus) in first.stderr
    assert "embedding" in first.stderr and "chunk" in first.stderr, "a progress bar"
    assert "Index ready:" in first.stderr
    assert first.stdout.lstrip().startswith("["), "stdout keeps the JSON alone"
    again = CliRunner().invoke(app, ["search", "partner tiers", "--json"], env=env)
    assert again.exit_code == 0 and "indexing" not in again.stderr
