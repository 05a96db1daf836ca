"""The web chat page, driven end to end in headless Chromium against a real uvicorn server."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Page, expect, sync_playwright

from advisor.api.app import create_app
from advisor.api.web import cut_passage
from advisor.config import Settings
from advisor.corpus import load_corpus
from advisor.service import AdvisorService
from tests.live_server import threaded_server
from tests.test_stream_errors import BrokenRetriever

CHROMIUM = "/usr/bin/chromium"
# Read on import: every test runs with the ADVISOR_* environment cleared (tests/conftest.py).
SCREENSHOT_DIR = os.environ.get("ADVISOR_SCREENSHOT_DIR")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
QUESTION = (
    "We're a seed-stage startup and a big vendor offered an exclusive OEM deal. Should we sign it?"
)
VAGUE = "A large vendor wants to partner with us. Is it a real partnership?"
FOLLOW_UP_ANSWER = "We commit dedicated engineering; the partner commits nothing."


# The text colour and the background that shows through behind an element, as CSS rgb() strings.
_COLOURS = """(node) => {
  let back = node;
  while (back && getComputedStyle(back).backgroundColor.endsWith(", 0)")) back = back.parentElement;
  return [getComputedStyle(node).color, back ? getComputedStyle(back).backgroundColor : "rgb(255, 255, 255)"];
}"""


def _luminance(css: str) -> float:
    def linear(channel: float) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (float(v) for v in re.findall(r"[\d.]+", css)[:3])
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)


def contrast(locator) -> float:
    """WCAG 2 contrast ratio of an element's text against what is behind it."""
    colour, background = locator.evaluate(_COLOURS)
    light, dark = sorted((_luminance(colour), _luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_is_computed_as_wcag_defines_it() -> None:
    class Fixed:
        def __init__(self, colours: list[str]) -> None:
            self.colours = colours

        def evaluate(self, script: str) -> list[str]:
            return self.colours

    assert contrast(Fixed(["rgb(0, 0, 0)", "rgb(255, 255, 255)"])) == pytest.approx(21.0)
    assert contrast(Fixed(["rgb(255, 255, 255)", "rgb(244, 246, 250)"])) < 1.2  # the old chips


# The passage route the citations open -------------------------------------------------------


def test_cut_passage_cuts_context_at_line_breaks_else_at_word_breaks() -> None:
    text = "first line\nsecond line has the quote inside\nthird line\nfourth"
    start = text.index("the quote")
    end = start + len("the quote")
    lines = cut_passage("doc", text, start, end, context=20)
    assert (lines.before, lines.quote, lines.after) == (
        "second line has ",
        "the quote",
        " inside\nthird line",
    )
    words = cut_passage("doc", text, start, end, context=14)
    assert (words.before, words.after) == ("line has ", " inside")
    assert cut_passage("doc", text, 0, 5, context=3).before == ""


def test_passage_route_returns_the_cited_text_and_rejects_bad_offsets(settings: Settings) -> None:
    doc = load_corpus(settings.corpus_dir)[0]
    start, end = 400, 430
    with TestClient(create_app(settings)) as client:
        ok = client.get(
            f"/v1/documents/{doc.id}/passage", params={"start": start, "end": end, "context": 80}
        )
        outside = client.get(
            f"/v1/documents/{doc.id}/passage", params={"start": 5, "end": len(doc.text) + 1}
        )
        unknown = client.get("/v1/documents/no-such-doc/passage", params={"start": 0, "end": 5})
    assert ok.status_code == 200
    assert ok.json()["quote"] == doc.text[start:end]
    assert doc.text[start - len(ok.json()["before"]) : start] == ok.json()["before"]
    assert outside.status_code == 422 and "outside document" in outside.json()["detail"]
    assert unknown.status_code == 404


def test_page_and_assets_are_served_with_a_strict_content_security_policy(
    settings: Settings,
) -> None:
    with TestClient(create_app(settings)) as client:
        responses = {
            path: client.get(path) for path in ("/", "/app.css", "/app.js", "/favicon.svg")
        }
    assert all(r.status_code == 200 for r in responses.values())
    assert responses["/"].headers["content-type"].startswith("text/html")
    assert '<script src="/app.js"' in responses["/"].text
    assert "default-src 'self'" in responses["/"].headers["content-security-policy"]


def test_api_docs_are_served_from_this_server_not_a_cdn(settings: Settings) -> None:
    with TestClient(create_app(settings)) as client:
        docs = client.get("/docs")
        script = client.get("/docs-assets/swagger-ui-bundle.js")
        style = client.get("/docs-assets/swagger-ui.css")
    assert docs.status_code == 200
    assert '"/docs-assets/swagger-ui-bundle.js"' in docs.text
    assert "cdn" not in docs.text and "https://" not in docs.text
    assert script.status_code == 200 and "SwaggerUIBundle" in script.text
    assert style.status_code == 200 and style.headers["content-type"].startswith("text/css")


# The page in a real browser -----------------------------------------------------------------


@pytest.fixture(scope="module")
def base_url(index_settings: Settings) -> str:
    with threaded_server(create_app(index_settings)) as url:
        yield url


@contextmanager
def browser_page(url: str) -> Iterator[Page]:
    """A fresh headless Chromium page on `url`, offline: requests to any other origin fail, and
    `page.problems` collects them with script errors and other failed loads."""
    if not Path(CHROMIUM).exists():
        pytest.skip(
            f"{CHROMIUM} is missing: install it with `apt-get install -y chromium` (CI does)"
        )
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1100, "height": 1400})
        page.problems = []  # type: ignore[attr-defined]
        page.on("pageerror", lambda exc: page.problems.append(str(exc)))
        page.on("console", lambda msg: msg.type == "error" and page.problems.append(msg.text))
        origin = "{0.scheme}://{0.netloc}/".format(urlsplit(url))
        page.route(
            "**/*",
            lambda route: (
                route.continue_()
                if route.request.url.startswith(origin)
                else route.abort("internetdisconnected")
            ),
        )
        page.goto(url)
        try:
            yield page
        finally:
            browser.close()


@pytest.fixture
def page(base_url: str) -> Iterator[Page]:
    with browser_page(base_url) as page:
        yield page


@pytest.mark.slow
def test_asking_shows_verdict_cards_and_a_citation_opens_its_highlighted_source(
    page, tmp_path: Path
) -> None:
    page.fill("#question", QUESTION)
    page.click("#send")
    page.wait_for_selector(".turn-a[aria-busy='false']", timeout=30_000)

    card = page.locator(".verdict-card").first
    assert card.locator("h3").inner_text().strip()
    assert card.locator(".verdict-label").inner_text().strip()
    assert page.locator(".verdict-card .rule-quote").count() > 0, (
        "verdict cards list their rules with quotes"
    )
    assert page.locator(".answer-text .cite-ref").count() > 0, (
        "the answer carries numbered citation markers"
    )

    shot = tmp_path / "web-chat.png"
    page.screenshot(path=str(shot), full_page=True)
    page.locator(".answer-text .cite-ref").first.click()
    page.wait_for_selector("#source[open] #source-text[aria-busy='false'] mark")
    quote = page.locator("#source-text mark").inner_text()
    meta = page.locator("#source-meta").inner_text()
    doc_id = meta.split(",")[0]
    start, end = (int(n) for n in meta.split("characters ")[1].split("–"))
    texts = {d.id: d.text for d in load_corpus(Settings().corpus_dir)}
    assert texts[doc_id][start:end] == quote, (
        "the highlighted text is the verbatim quote at its offsets"
    )
    assert "unavailable" not in meta
    assert len(page.locator("#source-text").inner_text()) > len(quote), (
        "the passage shows the quote in context"
    )
    assert (
        page.evaluate(
            "getComputedStyle(document.querySelector('#source-text mark')).backgroundColor"
        )
        != "rgba(0, 0, 0, 0)"
    ), "the quote is visibly highlighted"

    page.screenshot(path=str(tmp_path / "web-source.png"))
    for name in ("web-chat.png", "web-source.png"):
        assert (tmp_path / name).stat().st_size > 10_000
        if SCREENSHOT_DIR:
            shutil.copy(tmp_path / name, Path(SCREENSHOT_DIR) / name)
    assert page.problems == []  # type: ignore[attr-defined]


@pytest.mark.slow
def test_follow_up_chips_prompt_for_an_answer_and_the_session_survives_a_reload(page) -> None:
    def ask(question: str, turns: int) -> None:
        page.fill("#question", question)
        page.keyboard.press("Enter")
        expect(page.locator(".turn-a[aria-busy='false']")).to_have_count(turns, timeout=30_000)

    ask(VAGUE, 1)
    for chip in page.locator(".chip").all():
        assert contrast(chip) >= 4.5, "follow-up chips meet WCAG AA for text"
    chip = page.locator(".chip").first
    asked = chip.inner_text()
    chip.click()
    assert page.locator("#question").get_attribute("placeholder") == f"Your answer: {asked}"
    assert page.locator("#question").input_value() == "", (
        "a follow-up is answered, not sent back as a question"
    )

    ask(FOLLOW_UP_ANSWER, 2)
    later = page.locator(".turn-a").nth(1).locator(".chip").all_inner_texts()
    assert asked not in later, "the answer's facts carried over in the session"

    session_id = page.evaluate("localStorage.getItem('advisor.session')")
    page.reload()
    page.wait_for_selector(".turn-q")
    assert page.locator(".turn-q").all_inner_texts() == [VAGUE, FOLLOW_UP_ANSWER]
    assert page.locator(".verdict-card").count() == 2
    assert page.evaluate("localStorage.getItem('advisor.session')") == session_id

    page.click("#new-session")
    assert page.locator(".turn-q").count() == 0
    assert page.evaluate("localStorage.getItem('advisor.session')") is None
    assert page.problems == []  # type: ignore[attr-defined]


@pytest.mark.slow
def test_with_api_keys_the_page_asks_for_the_key_and_then_answers(index_settings: Settings) -> None:
    server = index_settings.server.model_copy(update={"api_keys": ["page-key-123"]})
    with (
        threaded_server(create_app(index_settings.model_copy(update={"server": server}))) as url,
        browser_page(url) as page,
    ):
        page.fill("#question", QUESTION)
        page.click("#send")
        expect(page.locator("#status")).to_contain_text(
            "This server needs an API key: enter it in the “API key” box above"
        )
        assert page.locator("details.key").get_attribute("open") is not None, (
            "the key box opens by itself"
        )
        assert (
            page.locator(".turn-q").count() == 0
            and page.locator("#question").input_value() == QUESTION
        )

        page.fill("#api-key", "page-key-123")
        page.locator("#api-key").dispatch_event("change")
        page.click("#send")
        expect(page.locator(".turn-a[aria-busy='false'] .verdict-card").first).to_be_visible(
            timeout=30_000
        )
        assert page.evaluate("localStorage.getItem('advisor.apiKey')") == "page-key-123"
        # The refused requests were logged by the browser as failed loads; nothing else went wrong.
        assert all("401" in problem for problem in page.problems), page.problems  # type: ignore[attr-defined]


@pytest.mark.slow
def test_api_docs_render_every_operation_offline(base_url: str) -> None:
    with browser_page(f"{base_url}/docs") as page:
        page.wait_for_selector(".opblock", timeout=30_000)
        paths = page.locator(".opblock-summary-path").all_inner_texts()
        assert "/v1/ask" in [p.replace("\u200b", "") for p in paths]
        assert len(paths) >= 10, paths
        assert page.problems == []  # type: ignore[attr-defined]


@pytest.mark.slow
def test_the_empty_page_offers_example_questions_that_a_click_asks(page) -> None:
    examples = page.locator("#empty .example")
    assert 3 <= examples.count() <= 4
    for example in examples.all():
        assert contrast(example) >= 4.5
    asked = examples.first.inner_text()
    examples.first.click()
    expect(page.locator(".turn-a[aria-busy='false'] .verdict-card").first).to_be_visible(
        timeout=30_000
    )
    assert page.locator(".turn-q").all_inner_texts() == [asked]

    page.click("#new-session")
    expect(page.locator("#empty .example")).to_have_count(examples.count())
    assert page.problems == []  # type: ignore[attr-defined]


@pytest.mark.slow
def test_an_answer_that_fails_part_way_shows_the_servers_message(index_settings: Settings) -> None:
    app = create_app(index_settings)
    app.state.service = AdvisorService(index_settings, retriever=BrokenRetriever())
    with threaded_server(app) as url, browser_page(url) as page:
        page.fill("#question", QUESTION)
        page.click("#send")
        expect(page.locator("#status")).to_contain_text(
            "Could not answer: the server failed while answering (ModuleNotFoundError)"
        )
        assert "network error" not in page.locator("#status").inner_text()
