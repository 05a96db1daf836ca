"""Shared fixtures. Tests never reach a network LLM or download a model."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from advisor.compose import CorpusView
from advisor.config import Settings
from advisor.corpus import load_corpus

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"
# Runs a pytest of its own in tests that check this file's fixtures.
pytest_plugins = ["pytester"]


@pytest.fixture(autouse=True)
def _no_advisor_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """A maintainer's own ADVISOR_* settings (a model, keys, a data dir) never reach a test."""
    for name in [n for n in os.environ if n.startswith("ADVISOR_")]:
        monkeypatch.delenv(name)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Fresh settings with an empty data directory and the repository corpus."""
    return Settings(data_dir=tmp_path / "data", corpus_dir=CORPUS)


@pytest.fixture(scope="session")
def index_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings whose data directory holds an index of corpus/, built once per test session."""
    from advisor.ingest import ingest

    settings = Settings(data_dir=tmp_path_factory.mktemp("index"), corpus_dir=CORPUS)
    ingest(settings)
    return settings


@pytest.fixture(scope="session")
def view() -> CorpusView:
    """The repository corpus as the composers see it, loaded once per test session."""
    return CorpusView.from_documents(load_corpus(CORPUS))
