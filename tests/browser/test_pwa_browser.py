"""Real Chromium, phone sized: the worker installs, the app opens offline, private
pages stay out of every cache unless asked, logout wipes them, updates wait."""
from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterator
from typing import Any

import pytest
from flask import render_template_string
from playwright.sync_api import Browser, Page, expect

from tests.browser.outbox_support import module
from tests.browser.test_accounts_browser import log_out, sign_up
from tests.fixtures.app import make_app
from tests.fixtures.browser import PHONE, LiveServer
from tests.fixtures.database import migrate
from webapp.pwa import precache

pytestmark = pytest.mark.browser

KEEP_OFFLINE = "Keep my last 30 days readable offline on this phone"
CACHE_LISTING = """async () => {
  const listing = {};
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    listing[name] = (await cache.keys()).map((r) => {
      const u = new URL(r.url);
      return u.pathname + u.search;
    });
  }
  return listing;
}"""


def worker_ready(page: Page) -> None:
    """Wait until the worker is active, which means the shell is precached."""
    assert page.evaluate("navigator.serviceWorker.ready.then((r) => Boolean(r.active))")


def caches_now(page: Page) -> dict[str, list[str]]:
    return page.evaluate(CACHE_LISTING)


def eventually(check: Any, timeout: float = 5.0) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(0.1)


def offline_urls(app: Any) -> list[str]:
    with app.test_request_context():
        return precache.current(app).extra


def test_worker_registers_and_controls_the_page(page: Page):
    page.goto("/")
    worker_ready(page)
    page.reload()
    assert page.evaluate("navigator.serviceWorker.controller !== null")
    assert page.evaluate("navigator.serviceWorker.controller.scriptURL").endswith("/sw.js")


def test_the_app_opens_offline_from_the_worker(page: Page, live_server: LiveServer):
    page.goto("/")
    worker_ready(page)
    extra = offline_urls(live_server.app)
    article = next(u for u in extra if u.startswith("/learn/"))
    exercise = next(u for u in extra if u.startswith("/exercises/breathe/"))
    page.context.set_offline(True)
    response = page.reload()
    assert response and response.from_service_worker and response.status == 200
    expect(page.get_by_role("heading", level=1)).to_contain_text("You are not alone")
    expect(page.get_by_text("You are offline. This is a saved copy of this page.")).to_be_visible()
    for url in ("/?source=pwa", "/install", article, exercise):
        response = page.goto(url)
        assert response and response.from_service_worker and response.status == 200, url
        expect(page.get_by_role("heading", level=1)).not_to_contain_text("You are offline")
        # The page is styled: the stylesheet came from the cache too.
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert background != "rgba(0, 0, 0, 0)", url


def test_an_unsaved_page_offline_shows_the_offline_page(page: Page):
    page.goto("/")
    worker_ready(page)
    page.goto("/learn/search?q=eyelid")  # seen online, but searches are never kept
    page.context.set_offline(True)
    response = page.goto("/learn/search?q=eyelid")
    assert response and response.from_service_worker
    expect(page.get_by_role("heading", level=1)).to_have_text("You are offline")
    expect(page.get_by_role("link", name="Read Learn")).to_be_visible()
    expect(page.get_by_role("link", name="Try again")).to_have_attribute(
        "href", page.url)


def test_private_pages_are_not_kept_unless_asked(page: Page):
    sign_up(page)
    worker_ready(page)
    for url in ("/diary/", "/account", "/"):
        page.goto(url)
    listing = caches_now(page)
    kept = [u for urls in listing.values() for u in urls]
    assert not [n for n in listing if n.startswith("steady-private-")]
    assert not [u for u in kept if u.startswith(("/diary", "/account"))], kept
    page.context.set_offline(True)
    page.goto("/diary/")
    expect(page.get_by_role("heading", level=1)).to_have_text("You are offline")


def test_kept_diary_reads_offline_with_a_banner_and_logout_wipes_it(page: Page):
    sign_up(page)
    user = page.evaluate("document.body.dataset.user")
    page.goto("/account")
    worker_ready(page)
    page.get_by_label(KEEP_OFFLINE).check()
    expect(page.get_by_text("Saved on this phone.")).to_be_visible()
    page.goto("/diary/")
    heading = page.get_by_role("heading", level=1).inner_text()
    private = f"steady-private-{user}"
    assert eventually(lambda: "/diary/" in caches_now(page).get(private, []))
    assert not [u for n, urls in caches_now(page).items() if n.startswith("steady-shell-")
                for u in urls if u.startswith("/diary")]

    page.context.set_offline(True)
    response = page.reload()
    assert response and response.from_service_worker
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.get_by_text("Offline copy from")).to_be_visible()
    page.reload()  # still on after a second offline load
    expect(page.get_by_label(KEEP_OFFLINE)).to_have_count(0)

    page.context.set_offline(False)
    page.goto("/account")
    expect(page.get_by_label(KEEP_OFFLINE)).to_be_checked()
    log_out(page)
    listing = caches_now(page)
    assert not [n for n in listing if n.startswith("steady-private-")], listing
    assert [n for n in listing if n.startswith("steady-shell-")], "the public shell stays"

    page.context.set_offline(True)
    response = page.goto("/")
    assert response and response.from_service_worker
    expect(page.get_by_role("heading", level=1)).to_contain_text("You are not alone")
    page.goto("/diary/")
    expect(page.get_by_role("heading", level=1)).to_have_text("You are offline")


def test_clear_private_data_is_there_for_the_outbox_logout_handler(page: Page):
    """The outbox's unsynced-items logout flow imports this function and awaits it."""
    sign_up(page)
    page.goto("/account")
    worker_ready(page)
    page.get_by_label(KEEP_OFFLINE).check()
    expect(page.get_by_text("Saved on this phone.")).to_be_visible()
    assert eventually(lambda: [n for n in caches_now(page) if n.startswith("steady-private-")])
    page.evaluate(module("js/pwa.js") + ".then((pwa) => pwa.clearPrivateData())")
    left = caches_now(page)
    assert not [n for n in left if n.startswith("steady-private-") or n == "steady-settings"], left
    assert [n for n in left if n.startswith("steady-shell-")]


def test_a_signed_out_page_load_drops_leftover_private_caches(page: Page):
    page.goto("/")
    worker_ready(page)
    page.evaluate("caches.open('steady-private-999')"
                  ".then((c) => c.put('/diary/', new Response('x')))")
    page.reload()
    assert eventually(lambda: not [n for n in caches_now(page) if n.startswith("steady-private-")])


def test_turning_the_setting_off_removes_the_copies(page: Page):
    sign_up(page)
    page.goto("/account")
    worker_ready(page)
    box = page.get_by_label(KEEP_OFFLINE)
    box.check()
    expect(page.get_by_text("Saved on this phone.")).to_be_visible()
    assert eventually(lambda: [n for n in caches_now(page) if n.startswith("steady-private-")])
    box.uncheck()
    expect(page.get_by_text("Offline copies were removed")).to_be_visible()
    assert not [n for n in caches_now(page) if n.startswith("steady-private-")]


def test_install_button_only_when_the_browser_offers_it(page: Page):
    page.goto("/")
    button = page.locator("[data-install-button]")
    expect(button).to_be_hidden()
    expect(page.get_by_text("Tap the Share button")).to_be_hidden()
    page.evaluate("""() => {
      const offer = new Event("beforeinstallprompt", { cancelable: true });
      offer.prompt = () => { window.promptShown = true; };
      offer.userChoice = Promise.resolve({ outcome: "accepted" });
      window.dispatchEvent(offer);
    }""")
    expect(button).to_be_visible()
    button.click()
    assert page.evaluate("window.promptShown === true")
    expect(button).to_be_hidden()


IPHONE_SAFARI = ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 "
                 "(KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1")


def test_iphone_safari_sees_add_to_home_screen_steps(browser: Browser, base_url: str):
    context = browser.new_context(base_url=base_url, viewport=PHONE, user_agent=IPHONE_SAFARI)
    page = context.new_page()
    page.goto("/")
    expect(page.get_by_text("Tap the Share button")).to_be_visible()
    context.close()


@pytest.fixture(scope="module")
def own_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """An app of this module's own, so its cache version can change mid-test."""
    path = tmp_path_factory.mktemp("pwa") / "pwa.sqlite3"
    migrate(f"sqlite:///{path}")
    app = make_app(f"sqlite:///{path}", RATELIMIT_ENABLED=False)

    @app.route("/pwa-test/draft")
    def draft_page() -> str:
        return render_template_string(
            '{% extends "base.html" %}{% block content %}<h1>Draft</h1>'
            '<form method="post" data-keep-draft><label for="note">Note</label>'
            '<textarea id="note" name="note"></textarea>'
            '<label><input type="checkbox" name="calm" value="yes"> Calm</label></form>'
            '{% endblock %}')

    server = LiveServer(app)
    server.start()
    yield server
    server.stop()
    app.extensions["steady_engine"].dispose()


def test_update_waits_for_reload_and_keeps_a_half_filled_form(browser: Browser,
                                                              own_server: LiveServer):
    context = browser.new_context(base_url=own_server.url, viewport=PHONE)
    page = context.new_page()
    page.goto("/pwa-test/draft")
    worker_ready(page)
    page.reload()
    assert page.evaluate("navigator.serviceWorker.controller !== null")
    page.get_by_label("Note").fill("Left eyelid, after the third coffee")
    page.get_by_label("Calm").check()

    app = own_server.app
    old = precache.current(app)
    app.extensions[precache.PRECACHE_KEY] = dataclasses.replace(old, version=f"{old.version}-next")
    try:
        page.evaluate("navigator.serviceWorker.getRegistration().then((r) => r.update())")
        expect(page.get_by_text("A new version is ready.")).to_be_visible(timeout=15000)
        # Waiting, not forced: the typed text is untouched until the person chooses.
        expect(page.get_by_label("Note")).to_have_value("Left eyelid, after the third coffee")
        with page.expect_navigation():
            page.get_by_role("button", name="Reload").click()
        expect(page.get_by_label("Note")).to_have_value("Left eyelid, after the third coffee")
        expect(page.get_by_label("Calm")).to_be_checked()
        shells = [n for n in caches_now(page) if n.startswith("steady-shell-")]
        assert shells == [f"steady-shell-{old.version}-next"]
    finally:
        app.extensions[precache.PRECACHE_KEY] = old
        context.close()


SHELL_PAGES = ["/offline", "/install", "/"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_shell_pages_pass_axe(page: Page, assert_accessible, scheme: str):
    page.emulate_media(color_scheme=scheme)
    for url in SHELL_PAGES:
        page.goto(url)
        if url == "/":
            expect(page.get_by_role("heading", name="Install Steady")).to_be_visible()
        assert_accessible(page)
