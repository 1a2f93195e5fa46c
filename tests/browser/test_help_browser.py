"""Real Chromium, phone sized: help now opens offline after one online visit, in the
region the person chose, signed in or not; the page passes axe in light and dark."""
from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_accounts_browser import sign_up
from tests.browser.test_pwa_browser import worker_ready

pytestmark = pytest.mark.browser


def tap_help_now(page: Page) -> None:
    nav = page.get_by_role("navigation", name="Account and safety")
    nav.get_by_role("link", name="Help now").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Help now")


def go_offline_and_open_help(page: Page, start: str = "/learn") -> None:
    page.context.set_offline(True)
    response = page.goto(start)
    assert response and response.from_service_worker, start
    tap_help_now(page)
    assert page.evaluate("navigator.onLine") is False


def test_help_now_opens_offline_after_one_online_visit(page: Page):
    page.goto("/learn")
    worker_ready(page)
    go_offline_and_open_help(page)
    call = page.get_by_role("link", name="Call 911").first
    expect(call).to_have_attribute("href", "tel:911")
    # Every region is on the saved copy, folded away until needed.
    page.locator("summary", has_text="United Kingdom").click()
    expect(page.get_by_role("link", name="Call 116 123").first).to_be_visible()
    expect(page.get_by_role("link", name="findahelpline.com")).to_be_visible()


def test_help_now_is_one_tap_from_the_offline_page(page: Page):
    page.goto("/")
    worker_ready(page)
    page.context.set_offline(True)
    page.goto("/learn/search?q=never-cached")  # a page with a query is never kept
    expect(page.get_by_role("heading", level=1)).to_have_text("You are offline")
    tap_help_now(page)


def test_the_chosen_region_comes_first_offline(page: Page):
    page.goto("/help")
    worker_ready(page)
    page.get_by_label("Where are you?").select_option("NZ")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Numbers for New Zealand")).to_be_visible()
    page.goto("/help")  # the worker keeps this visit's copy
    go_offline_and_open_help(page)
    expect(page.get_by_role("heading", name="Numbers for New Zealand")).to_be_visible()
    expect(page.get_by_role("link", name="Call 1737")).to_have_attribute("href", "tel:1737")


def test_help_now_opens_offline_when_signed_in(page: Page):
    sign_up(page)
    worker_ready(page)
    page.goto("/help")  # signed in: never stored, the anonymous precached copy answers
    go_offline_and_open_help(page, start="/")
    expect(page.get_by_role("link", name="Call 911").first).to_be_visible()


def test_call_buttons_are_big_enough_to_tap(page: Page):
    page.goto("/help")
    for link in page.locator("a[href^='tel:'], a[href^='sms:'], a.crisis-source").all():
        if link.is_visible():
            box = link.bounding_box()
            assert box and box["height"] >= 44 and box["width"] >= 44, link.inner_text()
    box = page.locator(".helpnow-link").bounding_box()
    assert box and box["height"] >= 44


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_help_page_passes_axe(page: Page, assert_accessible, scheme):
    page.emulate_media(color_scheme=scheme)
    page.set_extra_http_headers({"Accept-Language": "en-GB,en;q=0.8"})
    page.goto("/help")
    assert_accessible(page)
    for summary in page.locator("details.crisis-place > summary").all():
        summary.click()
    assert_accessible(page)
