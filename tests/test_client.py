"""AdvisorClient and AsyncAdvisorClient against a real uvicorn server: the same schemas and errors as the core."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from advisor.api.app import create_app
from advisor.client import AdvisorClient, APIError, AsyncAdvisorClient
from advisor.config import Settings
from advisor.errors import InvalidInput, NotFound
from advisor.frameworks import REGISTRY, assess
from advisor.schemas import Answer, FrameworkInfo, SessionHistory, SessionInfo, Verdict
from advisor.service import AdvisorService
from tests.live_server import threaded_server

pytestmark = pytest.mark.slow

KEY = "sk-client-test-5e6f"
QUESTION = (
    "We're a seed-stage startup and a large networking vendor offered an exclusive OEM deal where "
    "their sales force sells our product. Should we sign?"
)
TIER_FACTS = {"has_engineering_resources": False, "is_marquee_logo": True}


@contextmanager
def serve(settings: Settings, **server: object) -> Iterator[str]:
    merged = settings.server.model_copy(update=server)
    with threaded_server(create_app(settings.model_copy(update={"server": merged}))) as url:
        yield url


@pytest.fixture(scope="module")
def plain_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server with API keys and a tight rate limit; no index, so only the scorer routes answer."""
    from tests.conftest import CORPUS

    settings = Settings(data_dir=tmp_path_factory.mktemp("client"), corpus_dir=CORPUS)
    with serve(settings, api_keys=[KEY], rate_limit_per_minute=30) as url:
        yield url


@pytest.fixture(scope="module")
def indexed_url(index_settings: Settings) -> Iterator[str]:
    with serve(index_settings) as url:
        yield url


@pytest.fixture(scope="module")
def local(index_settings: Settings) -> AdvisorService:
    return AdvisorService(index_settings)


# Scorer routes -------------------------------------------------------------------------------


def test_frameworks_and_assess_return_the_core_schemas(plain_url: str) -> None:
    with AdvisorClient(plain_url, api_key=KEY) as client:
        frameworks = client.frameworks()
        tier = client.framework("partner_tier")
        verdict = client.assess("partner_tier", TIER_FACTS)
    assert all(isinstance(f, FrameworkInfo) for f in frameworks)
    assert [f.id for f in frameworks] == list(REGISTRY)
    assert tier == REGISTRY["partner_tier"].info()
    assert isinstance(verdict, Verdict) and verdict == assess("partner_tier", TIER_FACTS)


def test_server_errors_come_back_as_advisor_exceptions(plain_url: str) -> None:
    with AdvisorClient(plain_url, api_key=KEY) as client:
        with pytest.raises(NotFound, match="no_such_framework"):
            client.framework("no_such_framework")
        with pytest.raises(InvalidInput) as bad:
            client.assess("partner_tier", {"not_a_field": 1})
    assert bad.value.field == "not_a_field"
    with AdvisorClient(plain_url, api_key="sk-wrong") as client, pytest.raises(APIError) as denied:
        client.frameworks()
    assert denied.value.status_code == 401 and "Bearer" in denied.value.message


def test_rate_limit_error_carries_retry_after(tmp_path_factory: pytest.TempPathFactory) -> None:
    from tests.conftest import CORPUS

    settings = Settings(data_dir=tmp_path_factory.mktemp("limited"), corpus_dir=CORPUS)
    with serve(settings, rate_limit_per_minute=1) as url, AdvisorClient(url) as client:
        client.frameworks()
        with pytest.raises(APIError) as limited:
            client.frameworks()
    assert (
        limited.value.status_code == 429
        and limited.value.retry_after
        and limited.value.retry_after >= 1
    )


async def test_async_client_matches_the_sync_client(plain_url: str) -> None:
    async with AsyncAdvisorClient(plain_url, api_key=KEY) as client:
        frameworks = await client.frameworks()
        tier = await client.framework("partner_tier")
        verdict = await client.assess("partner_tier", TIER_FACTS)
        with pytest.raises(InvalidInput):
            await client.assess("partner_tier", {"has_engineering_resources": "sometimes"})
    assert [f.id for f in frameworks] == list(REGISTRY)
    assert tier == REGISTRY["partner_tier"].info()
    assert verdict == assess("partner_tier", TIER_FACTS)


# Answers and sessions ------------------------------------------------------------------------


def _same_answer(remote: Answer, local: Answer) -> None:
    assert isinstance(remote, Answer)
    assert remote.model_dump(exclude={"session_id"}) == local.model_dump(exclude={"session_id"})


def test_ask_returns_the_same_answer_as_the_service(
    indexed_url: str, local: AdvisorService
) -> None:
    with AdvisorClient(indexed_url) as client:
        remote = client.ask(QUESTION)
    _same_answer(remote, local.ask(QUESTION))
    assert remote.verdicts and remote.citations


def test_session_turns_and_stream(indexed_url: str) -> None:
    with AdvisorClient(indexed_url) as client:
        session = client.create_session()
        first = client.send(session.session_id, "We're a seed-stage startup.")
        events = list(
            client.stream(
                session.session_id, "A big vendor offered us an exclusive OEM deal. Should we sign?"
            )
        )
        history = client.get_session(session.session_id)
        with pytest.raises(NotFound):
            client.send("no-such-session", QUESTION)
        with pytest.raises(NotFound):
            list(client.stream("no-such-session", QUESTION))
    assert isinstance(session, SessionInfo) and first.session_id == session.session_id
    kinds = [kind for kind, _ in events]
    assert kinds[:3] == ["facts", "verdicts", "citations"] and kinds[-1] == "done"
    assert set(kinds[3:-1]) == {"token"}
    done: Answer = events[-1][1]
    assert "".join(text for kind, text in events if kind == "token") == done.answer
    assert events[1][1] == done.verdicts and events[2][1] == done.citations
    # The stage stated in the first turn carries over to the second.
    assert any(f.field == "our_stage" and f.turn == 0 for f in done.facts)
    assert isinstance(history, SessionHistory) and [t.answer for t in history.turns] == [
        first,
        done,
    ]


async def test_async_ask_sessions_and_stream(indexed_url: str, local: AdvisorService) -> None:
    async with AsyncAdvisorClient(indexed_url) as client:
        _same_answer(await client.ask(QUESTION), local.ask(QUESTION))
        session = await client.create_session()
        events = [event async for event in client.stream(session.session_id, QUESTION)]
        sent = await client.send(session.session_id, "What should we ask them next?")
        history = await client.get_session(session.session_id)
    done = events[-1][1]
    assert events[-1][0] == "done" and isinstance(done, Answer)
    _same_answer(done, local.ask(QUESTION))
    assert [t.answer for t in history.turns] == [done, sent]
