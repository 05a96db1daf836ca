"""The shared fixtures keep a maintainer's own environment out of every test."""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import REPO


def test_advisor_settings_in_the_environment_never_reach_a_test(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    (pytester.path / "tests").mkdir()
    shutil.copy(REPO / "tests" / "conftest.py", pytester.path / "tests" / "conftest.py")
    (pytester.path / "tests" / "__init__.py").write_text("")
    (pytester.path / "tests" / "test_inner.py").write_text(
        "import os\n"
        "from advisor.config import Settings\n\n"
        "def test_defaults():\n"
        "    assert [n for n in os.environ if n.startswith('ADVISOR_')] == []\n"
        "    assert Settings().llm.model is None\n"
    )
    # As a maintainer's shell might have them set while running the suite.
    monkeypatch.setenv("ADVISOR_LLM__MODEL", "openai:gpt-4o-mini")
    monkeypatch.setenv("ADVISOR_DATA_DIR", "/srv/advisor/data")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "tests/test_inner.py")
    result.assert_outcomes(passed=1)
