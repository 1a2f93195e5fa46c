"""Real Chromium, phone sized: a push delivered to the real service worker
(DevTools protocol) always shows a notification with generic words and the
right actions, a tap opens the right page, the page re-sends its subscription
on launch, the iPhone note shows only where it applies, and axe is clean."""
from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from sqlalchemy import select

from tests.browser.test_accounts_browser import sign_up
from tests.fixtures.app import make_app
from tests.fixtures.browser import PHONE, LiveServer
from tests.fixtures.database import migrate
from tests.reminders.conftest import SERVER_KEY, SUBJECT, b64
from webapp import db
from webapp.reminders import services
from webapp.reminders.models import PushSubscription

pytestmark = pytest.mark.browser

GENEROUS = "10000 per minute"
IPHONE_SAFARI = ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
                 "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1")
NOTIFICATIONS = """() => navigator.serviceWorker.ready
  .then((r) => r.getNotifications())
  .then((all) => all.map((n) => ({title: n.title, body: n.body, tag: n.tag,
                                  actions: n.actions.map((a) => [a.action, a.title]),
                                  url: n.data && n.data.url})))"""


@pytest.fixture(scope="module")
def push_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A live app with push configured (the shared one has no VAPID subject)."""
    path: Path = tmp_path_factory.mktemp("push") / "live.sqlite3"
    migrate(f"sqlite:///{path}")
    server = LiveServer(make_app(
        f"sqlite:///{path}", VAPID_SUBJECT=SUBJECT, VAPID_PRIVATE_KEY=SERVER_KEY,
        PUSH_ALLOW_HTTP_ENDPOINTS=True, RATELIMIT_LOGIN=GENEROUS,
        RATELIMIT_LOGIN_ACCOUNT=GENEROUS, RATELIMIT_REGISTER=GENEROUS,
        RATELIMIT_PASSWORD_CHECK=GENEROUS, RATELIMIT_SYNC=GENEROUS))
    server.start()
    yield server
    server.stop()


def context_for(browser: Browser, server: LiveServer, **options: Any) -> BrowserContext:
    context = browser.new_context(base_url=server.url, viewport=PHONE, **options)
    context.grant_permissions(["notifications"], origin=server.url)
    return context


@pytest.fixture
def push_context(browser: Browser, push_server: LiveServer) -> Iterator[BrowserContext]:
    context = context_for(browser, push_server)
    yield context
    context.close()


def worker_ready(page: Page) -> None:
    assert page.evaluate("navigator.serviceWorker.ready.then((r) => Boolean(r.active))")


def eventually(page: Page, check: Any, timeout: float = 5.0) -> Any:
    """Poll ``check``; waiting through the page lets Playwright deliver CDP events."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result or time.monotonic() > deadline:
            return result
        page.wait_for_timeout(100)


def registration_id(context: BrowserContext, page: Page, origin: str) -> tuple[Any, str]:
    """The worker's registration id, from ServiceWorker.workerRegistrationUpdated."""
    cdp = context.new_cdp_session(page)
    found: list[str] = []

    def updated(event: dict[str, Any]) -> None:
        for registration in event.get("registrations", []):
            if registration["scopeURL"] == origin + "/" and not registration.get("isDeleted"):
                found.append(registration["registrationId"])

    cdp.on("ServiceWorker.workerRegistrationUpdated", updated)
    cdp.send("ServiceWorker.enable")
    assert eventually(page, lambda: found), "no service worker registration reported"
    return cdp, found[-1]


def deliver(cdp: Any, origin: str, registration: str, data: str) -> None:
    cdp.send("ServiceWorker.deliverPushMessage",
             {"origin": origin, "registrationId": registration, "data": data})


def deliver_until_shown(page: Page, cdp: Any, origin: str, registration: str,
                        data: str) -> Any:
    """The notifications shown after a push. DevTools drops a push that lands while
    the worker is still starting (a busy machine); a push service would retry, so
    this does too. Every push here carries one tag, so a second delivery replaces
    the first notification rather than adding one."""
    shown: Any = []
    for _attempt in range(3):
        deliver(cdp, origin, registration, data)
        shown = eventually(page, lambda: page.evaluate(NOTIFICATIONS), timeout=10.0)
        if shown:
            break
    return shown


def test_a_push_shows_a_generic_notification_and_its_actions_open_pages(
        push_context: BrowserContext, push_server: LiveServer):
    page = push_context.new_page()
    sign_up(page)
    page.goto("/settings/reminders")
    worker_ready(page)
    cdp, registration = registration_id(push_context, page, push_server.url)
    with push_server.app.app_context():
        message = services.payload("checkin", "generic")
    shown = deliver_until_shown(page, cdp, push_server.url, registration, json.dumps(message))
    assert shown == [{"title": "Steady", "body": "Time for your check-in",
                      "tag": "steady-checkin", "actions": [["checkin", "Check in"],
                                                           ["breathe", "Breathe"]],
                      "url": "/diary/checkin"}]
    # A tap: the worker's click handler picks the page for each action.
    [worker] = push_context.service_workers
    chosen = worker.evaluate("""() => [
        self.reminderUrl("checkin", {url: "/"}), self.reminderUrl("breathe", {url: "/"}),
        self.reminderUrl("", {url: "/diary/checkin"}),
        self.reminderUrl("", {url: "https://elsewhere.example/"}), self.reminderUrl("", null)]""")
    assert chosen == ["/diary/checkin", "/exercises/breathe/calm", "/diary/checkin", "/", "/"]
    for path in chosen[:2]:
        response = page.goto(path)
        assert response and response.status == 200, path
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_an_unreadable_or_empty_push_still_shows_steady(push_context: BrowserContext,
                                                         push_server: LiveServer):
    page = push_context.new_page()
    page.goto("/")
    worker_ready(page)
    cdp, registration = registration_id(push_context, page, push_server.url)
    shown = deliver_until_shown(page, cdp, push_server.url, registration, "\u00ff not json")
    assert [n["title"] for n in shown] == ["Steady"]
    assert shown[0]["body"] == "" and shown[0]["actions"] == []


KEEPALIVE = """(subscription) => {
  PushManager.prototype.getSubscription = async () => ({
    endpoint: subscription.endpoint, toJSON: () => subscription });
}"""


def test_each_launch_sends_the_current_subscription_again(push_context: BrowserContext,
                                                          push_server: LiveServer):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.generate_private_key(ec.SECP256R1()).public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    subscription = {"endpoint": "http://127.0.0.1:9/push/launch", "expirationTime": None,
                    "keys": {"p256dh": b64(key), "auth": b64(b"0123456789abcdef")}}
    page = push_context.new_page()
    email = sign_up(page)
    worker_ready(page)
    page.add_init_script(f"({KEEPALIVE})({json.dumps(subscription)})")
    page.evaluate("sessionStorage.clear()")
    page.goto("/diary/")

    def stored() -> list[str]:
        with push_server.app.app_context():
            from webapp.auth.models import User

            user = db.session.scalar(select(User).where(User.email == email))
            return list(db.session.scalars(select(PushSubscription.endpoint).where(
                PushSubscription.user_id == user.id)))

    assert eventually(page, stored, timeout=15) == ["http://127.0.0.1:9/push/launch"]


def test_iphone_note_only_on_ios_safari_outside_the_home_screen(browser: Browser,
                                                                 push_server: LiveServer):
    chromium = context_for(browser, push_server)
    page = chromium.new_page()
    sign_up(page)
    page.goto("/settings/reminders")
    expect(page.get_by_role("button", name="Turn on reminders on this device")).to_be_visible()
    expect(page.get_by_text("only work when Steady is on your Home Screen")).to_be_hidden()
    chromium.close()
    iphone = browser.new_context(base_url=push_server.url, viewport=PHONE,
                                 user_agent=IPHONE_SAFARI, is_mobile=True, has_touch=True)
    page = iphone.new_page()
    sign_up(page)
    page.goto("/settings/reminders")
    expect(page.get_by_text("only work when Steady is on your Home Screen")).to_be_visible()
    iphone.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_settings_page_passes_axe(push_context: BrowserContext, assert_accessible, scheme: str):
    page = push_context.new_page()
    page.emulate_media(color_scheme=scheme)
    sign_up(page)
    page.goto("/settings/reminders")
    expect(page.get_by_role("button", name="Turn on reminders on this device")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Your time zone").fill("Nowhere/Special")
    page.get_by_label("At", exact=True).fill("20:30")
    page.get_by_role("button", name="Save reminders").click()
    expect(page.get_by_text("is not a time zone Steady knows")).to_be_visible()
    assert_accessible(page)
