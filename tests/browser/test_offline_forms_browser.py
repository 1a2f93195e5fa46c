"""Opening the app with no network and logging: the twitch and check-in forms
come from the worker's public copies and what is saved syncs exactly once."""
import pytest
from playwright.sync_api import Page, expect

from tests.browser.outbox_support import (
    SAVED,
    log_offline,
    module,
    stored,
    user_id,
    wait_for_outbox,
)
from tests.browser.test_accounts_browser import sign_up

pytestmark = pytest.mark.browser


def controlled(page: Page) -> None:
    page.evaluate("navigator.serviceWorker.ready")
    page.reload()
    assert page.evaluate("Boolean(navigator.serviceWorker.controller)")


def test_log_a_twitch_after_opening_the_form_offline(page: Page, live_server):
    sign_up(page)
    owner = user_id(page)
    controlled(page)
    page.context.set_offline(True)
    response = page.goto("/diary/new")
    assert response.from_service_worker
    expect(page.get_by_text("You are offline. What you save here waits")).to_be_visible()
    form = page.locator("form[data-outbox-kind=entry]")
    assert form.locator('input[name="owner"]').input_value() == str(owner)
    uuid = form.locator('input[name="uuid"]').input_value()
    form.locator('.bm-area[data-value="eyelid:left"]').first.click()
    form.locator(".sticky-save").get_by_role("button", name="Save").click()
    expect(page.get_by_text(SAVED)).to_be_visible()
    assert stored(live_server, owner) == []
    page.context.set_offline(False)
    page.goto("/diary/")
    wait_for_outbox(page, 0)
    assert stored(live_server, owner) == [uuid]


NOTICES_ABOVE_HEADING = """() => {
  const heading = document.querySelector("main h1").getBoundingClientRect().top;
  return [...document.querySelectorAll(".toast, .notice, .pwa-bar, [role=alert]")]
    .filter((el) => el.getClientRects().length && el.getBoundingClientRect().bottom <= heading)
    .map((el) => ({ text: el.textContent.trim(),
                    warning: el.matches(".toast-warning, .conflict") }));
}"""


def settled(page: Page) -> None:
    """The page's first outbox flush and the worker's answer have both arrived."""
    page.evaluate(module("js/outbox/sync.js") + ".then((s) => s.started)")
    page.evaluate("navigator.serviceWorker.ready")
    page.wait_for_timeout(500)


def test_the_offline_forms_are_calm_for_the_person_this_phone_knows(page: Page, live_server):
    sign_up(page)
    controlled(page)
    page.context.set_offline(True)
    page.goto("/diary/new")
    log_offline(page)  # one twitch waits on the phone
    for url in ("/diary/new", "/diary/checkin"):
        assert page.goto(url).from_service_worker
        expect(page.get_by_text("You are offline. What you save here waits")).to_be_visible()
        settled(page)
        text = page.locator("body").inner_text()
        assert "Offline copy from ." not in text and "Log in to sync" not in text, url
        assert page.get_by_role("link", name="Log in", exact=True).count() == 0, url
        notices = page.evaluate(NOTICES_ABOVE_HEADING)
        assert len(notices) <= 1 and not any(n["warning"] for n in notices), (url, notices)
    page.context.set_offline(False)


def test_checkin_form_offline_and_nobody_remembered_after_logout(page: Page, live_server):
    sign_up(page)
    controlled(page)
    page.context.set_offline(True)
    assert page.goto("/diary/checkin").from_service_worker
    expect(page.get_by_role("button", name="Save check-in")).to_be_enabled()
    page.context.set_offline(False)
    page.goto("/")
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_text("You are logged out.")).to_be_visible()
    page.context.set_offline(True)
    page.goto("/diary/new")
    expect(page.get_by_text("Log in once while online")).to_be_visible()
    expect(page.get_by_role("link", name="Log in", exact=True).first).to_be_visible()
    expect(page.locator(".sticky-save").get_by_role("button", name="Save")).to_be_disabled()
    page.context.set_offline(False)


def test_offline_forms_pass_axe(page: Page, assert_accessible):
    for url in ("/log-offline", "/checkin-offline"):
        page.goto(url)
        assert_accessible(page)
