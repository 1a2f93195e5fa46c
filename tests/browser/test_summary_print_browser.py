"""The doctor summary printed by real Chromium ("Save as PDF"): with five years of
demo data, the five-year range fits one A4 page and one Letter page."""
from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser

from tests.fixtures.app import make_app
from tests.fixtures.browser import LiveServer
from tests.fixtures.database import migrate
from webapp.cli import DEMO_PASSWORD, DEMO_PERSON

pytestmark = pytest.mark.browser

FIVE_YEARS = 1825


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A server of its own holding the demo person with five years of diary (~10 s)."""
    path: Path = tmp_path_factory.mktemp("summary") / "demo.sqlite3"
    migrate(f"sqlite:///{path}")
    server = LiveServer(make_app(f"sqlite:///{path}"))
    made = server.app.test_cli_runner().invoke(args=["demo", "--days", str(FIVE_YEARS)])
    assert made.exit_code == 0, made.output
    server.start()
    yield server
    server.stop()


def pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


@pytest.fixture
def signed_in(browser: Browser, demo_server: LiveServer) -> Iterator[Any]:
    context = browser.new_context(base_url=demo_server.url, viewport={"width": 390,
                                                                      "height": 844})
    page = context.new_page()
    page.goto("/login")
    page.fill("input[name=email]", DEMO_PERSON)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"^(?!.*/login)"))
    yield page
    context.close()


def test_five_years_print_on_one_a4_and_one_letter_page(signed_in: Any) -> None:
    page = signed_in
    end = date.today()
    start = end - timedelta(days=FIVE_YEARS - 1)
    page.goto(f"/diary/summary?start={start.isoformat()}&end={end.isoformat()}")
    assert page.locator(".form-errors").count() == 0
    assert page.locator("svg.chart").count() >= 1
    page.fill("#q-new", "Is five years of this usual with a normal examination?")
    page.click("text=Add the question")
    page.wait_for_url(re.compile(r"#questions$"))
    page.emulate_media(media="print")
    assert page.locator(".question-print").is_visible()
    assert not page.locator(".summary-range").is_visible()
    for paper in ("A4", "Letter"):
        pdf = page.pdf(format=paper, print_background=False)
        assert pages(pdf) == 1, f"{paper}: {pages(pdf)} pages"
