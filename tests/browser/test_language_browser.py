"""Real Chromium: the language switcher works without a script, and the service
worker never shows one language's saved pages to someone who switched to the other
(the shell pages, the offline page, a kept diary page)."""
from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.test_accounts_browser import sign_up
from tests.browser.test_pwa_browser import (
    KEEP_OFFLINE,
    caches_now,
    eventually,
    offline_urls,
    worker_ready,
)
from tests.fixtures.browser import PHONE, LiveServer

pytestmark = pytest.mark.browser

SHELL_PAGES = {"/", "/offline", "/install", "/help"}


@pytest.fixture
def english_phone(browser: Browser, base_url: str) -> Iterator[BrowserContext]:
    """A phone whose browser asks for English (Accept-Language), with no cookie yet."""
    context = browser.new_context(base_url=base_url, viewport=PHONE, locale="en-GB")
    yield context
    context.close()


def switch_to(page: Page, name: str, lang: str) -> None:
    footer = page.locator("footer")
    with page.expect_navigation():
        footer.get_by_role("button", name=name).click()
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(footer.get_by_role("button", name=name)).to_have_attribute("aria-current", "true")


def kept_pages(page: Page, lang: str) -> set[str]:
    return {url for name, urls in caches_now(page).items()
            if name.startswith(f"steady-pages-{lang}-") for url in urls}


def open_offline(page: Page, url: str, lang: str) -> None:
    response = page.goto(url)
    assert response and response.from_service_worker, url
    expect(page.locator("html")).to_have_attribute("lang", lang)


def test_the_switcher_needs_no_script(browser: Browser, base_url: str):
    context = browser.new_context(base_url=base_url, viewport={"width": 320, "height": 640},
                                  locale="en-GB", java_script_enabled=False)
    page = context.new_page()
    page.goto("/learn")
    switch_to(page, "Español", "es")
    assert page.url.endswith("/learn")
    switch_to(page, "English", "en")
    context.close()


def test_offline_pages_follow_a_switch_and_a_switch_back(english_phone: BrowserContext,
                                                         live_server: LiveServer):
    page = english_phone.new_page()
    page.goto("/")
    worker_ready(page)
    page.reload()  # controlled by the worker from here on
    assert eventually(lambda: kept_pages(page, "en") >= SHELL_PAGES)
    article = next(u for u in offline_urls(live_server.app) if u.startswith("/learn/"))

    switch_to(page, "Español", "es")
    assert eventually(lambda: kept_pages(page, "es") >= SHELL_PAGES, timeout=15)
    page.goto(article)  # read online in Spanish: its Spanish copy is kept
    assert eventually(lambda: article in kept_pages(page, "es"))

    english_phone.set_offline(True)
    for url in ("/", "/?source=pwa", "/install", article, "/learn/search?q=eyelid"):
        open_offline(page, url, "es")
    expect(page.locator("[data-pwa-retry]")).to_be_visible()  # the offline page, in Spanish
    english_phone.set_offline(False)

    page.goto("/")
    switch_to(page, "English", "en")
    english_phone.set_offline(True)
    for url in ("/", "/install", article, "/learn/search?q=eyelid"):
        open_offline(page, url, "en")
    expect(page.locator("[data-pwa-retry]")).to_be_visible()
    english_phone.set_offline(False)


def test_a_kept_diary_page_in_the_old_language_is_not_shown(english_phone: BrowserContext):
    page = english_phone.new_page()
    sign_up(page)
    user = page.evaluate("document.body.dataset.user")
    page.goto("/account")
    worker_ready(page)
    page.get_by_label(KEEP_OFFLINE).check()
    expect(page.get_by_text("Saved on this phone.")).to_be_visible()
    page.goto("/diary/")
    assert eventually(lambda: "/diary/" in caches_now(page).get(f"steady-private-{user}", []))

    page.goto("/account")
    switch_to(page, "Español", "es")  # from the account page: the diary copy stays English
    assert eventually(lambda: "/offline" in kept_pages(page, "es"), timeout=15)
    english_phone.set_offline(True)
    open_offline(page, "/diary/", "es")
    expect(page.locator("[data-pwa-retry]")).to_be_visible()  # not the English copy

    english_phone.set_offline(False)
    page.goto("/diary/")  # online in Spanish: the kept copy is now the Spanish one
    assert eventually(lambda: page.evaluate(
        f"caches.open('steady-private-{user}').then((c) => c.match('/diary/', "
        "{ ignoreVary: true })).then((r) => r && r.headers.get('Content-Language'))") == "es")
    english_phone.set_offline(True)
    open_offline(page, "/diary/", "es")
    expect(page.locator("[data-pwa-retry]")).to_have_count(0)
    expect(page.get_by_text("Copia guardada")).to_be_visible()  # the Spanish banner
    english_phone.set_offline(False)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_switcher_passes_axe_at_320_pixels(browser: Browser, base_url: str,
                                               assert_accessible, scheme: str):
    context = browser.new_context(base_url=base_url, viewport={"width": 320, "height": 640},
                                  locale="es-ES")
    page = context.new_page()
    page.emulate_media(color_scheme=scheme)
    for url in ("/", "/learn"):
        page.goto(url)
        buttons = page.locator("footer .language-choice")
        expect(buttons).to_have_count(2)
        for i in range(2):
            box = buttons.nth(i).bounding_box()
            assert box and box["height"] >= 44 and box["width"] >= 44
            assert box["x"] >= 0 and box["x"] + box["width"] <= 320
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        assert_accessible(page)
    context.close()
