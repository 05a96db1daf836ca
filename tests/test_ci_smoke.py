"""CI's base-install check (.ci/smoke.py) passes on a working install and fails when a module is missing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from advisor.config import Settings

REPO = Path(__file__).resolve().parent.parent


def smoke(data_dir: Path, extra_path: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ADVISOR_DATA_DIR": str(data_dir)}
    if extra_path is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(extra_path), env.get("PYTHONPATH", "")])
    return subprocess.run(
        [sys.executable, str(REPO / ".ci" / "smoke.py")],
        check=False,
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.mark.slow
def test_smoke_check_passes_on_this_install(index_settings: Settings) -> None:
    result = smoke(index_settings.data_dir)
    assert result.returncode == 0, result.stderr
    assert "answered with verdicts and citations" in result.stdout, result.stderr


@pytest.mark.slow
def test_smoke_check_fails_when_a_module_the_base_install_needs_is_missing(
    index_settings: Settings, tmp_path: Path
) -> None:
    # A module earlier on the path that refuses to import stands in for a dependency pip never installed.
    hidden = tmp_path / "hidden"
    hidden.mkdir()
    (hidden / "Stemmer.py").write_text(
        "raise ModuleNotFoundError(\"No module named 'Stemmer'\", name='Stemmer')\n"
    )
    result = smoke(index_settings.data_dir, extra_path=hidden)
    assert result.returncode == 1
    assert "smoke check failed" in result.stderr
    assert "No module named 'Stemmer'" in result.stderr, "the server's traceback names the module"
