"""Every page at 320 px wide, with the demo's data in it, scrolls only down: as the
person and as their therapist, each GET page in the URL map (a wide table sits in
its own scrolling box, never pushing the page sideways), in English and in Spanish
(whose words run longer)."""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser

from tests.fixtures.app import make_app
from tests.fixtures.browser import LiveServer
from tests.fixtures.database import migrate
from webapp.cli import DEMO_PASSWORD, DEMO_PERSON, DEMO_THERAPIST

pytestmark = pytest.mark.browser

NARROW = {"width": 320, "height": 700}
NOT_PAGES = ("/api/", "/static/", "/sw.js", "/manifest", "/healthz", "/logout", "/export",
             ".csv", ".json", ".ics", ".svg", "/login/code", "/__")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    path: Path = tmp_path_factory.mktemp("narrow") / "demo.sqlite3"
    migrate(f"sqlite:///{path}")
    server = LiveServer(make_app(f"sqlite:///{path}"))
    made = server.app.test_cli_runner().invoke(args=["demo", "--days", "90"])
    assert made.exit_code == 0, made.output
    server.start()
    yield server
    server.stop()


def pages(server: LiveServer, share_id: str) -> list[str]:
    found = []
    for rule in server.app.url_map.iter_rules():
        if "GET" not in rule.methods or any(part in rule.rule for part in NOT_PAGES):
            continue
        url = rule.rule.replace("<int:share_id>", share_id)
        if "<" not in url:
            found.append(url)
    return sorted(set(found))


def sign_in(page: Any, email: str) -> None:
    page.goto("/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    hint = page.locator("#demo-code")
    if hint.count():  # the therapist's second step: a demo account shows its code locally
        page.fill("input[name=code]", re.search(r"\b(\d{6})\b", hint.inner_text()).group(1))
        page.click("main button[type=submit]")
        page.wait_for_load_state()
    assert "/login" not in page.url, page.url


@pytest.mark.parametrize("language", ["en-GB", "es-ES"])
@pytest.mark.parametrize("who", [DEMO_PERSON, DEMO_THERAPIST])
def test_no_page_scrolls_sideways_at_320_px(browser: Browser, demo: LiveServer, who: str,
                                            language: str) -> None:
    context = browser.new_context(viewport=NARROW, base_url=demo.url, locale=language)
    page = context.new_page()
    demo.app.config["CLOCK"].advance(seconds=30)  # a fresh two-step code: each works once
    sign_in(page, who)
    listing = page.goto("/clients") if who == DEMO_THERAPIST else None
    share_id = "0"
    if listing is not None:
        share_id = re.search(r'href="/clients/(\d+)"', page.content()).group(1)
    wide = {}
    for url in pages(demo, share_id):
        response = page.goto(url)
        if response is None or response.status != 200 or "text/html" not in (
                response.headers.get("content-type", "")):
            continue
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > NARROW["width"]:
            wide[url] = width
        assert page.locator("html").get_attribute("lang") == language[:2], url
    assert wide == {}, f"pages wider than 320 px for {who}: {wide}"
    context.close()
