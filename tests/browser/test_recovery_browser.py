"""The checking ledger and the urge timer in real Chromium at 390x844: a check in
three taps, and an urge waited out with Playwright's fake clock across a reload
and with the network gone. axe clean, light and dark."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from tests.browser.outbox_support import module, user_id, wait_for_outbox
from tests.browser.test_accounts_browser import sign_up
from webapp import db
from webapp.recovery.models import CheckItem

pytestmark = pytest.mark.browser


def checks(live_server: Any, owner: int) -> list[CheckItem]:
    with live_server.app.app_context():
        rows = db.session.scalars(select(CheckItem).where(CheckItem.user_id == owner)
                                  .order_by(CheckItem.id)).all()
        db.session.expunge_all()
        return list(rows)


def with_fake_clock(page: Page) -> None:
    """Time stands still from here; the test moves it with run_for."""
    page.clock.install(time=datetime.now() - timedelta(seconds=5))
    page.clock.pause_at(datetime.now())


def clock(page: Page):
    return page.locator("[data-timer-clock]")


def controlled(page: Page) -> None:
    page.evaluate("navigator.serviceWorker.ready")
    page.reload()
    assert page.evaluate("Boolean(navigator.serviceWorker.controller)")


def test_a_check_is_logged_in_three_taps(page: Page, live_server):
    sign_up(page)
    owner = user_id(page)
    page.get_by_role("link", name="Log a check or urge").click()  # 1
    page.get_by_role("radio", name="Searched symptoms online").click()  # 2
    save = page.locator(".sticky-save").get_by_role("button", name="Save")
    expect(save).to_be_in_viewport()
    save.click()  # 3
    expect(page.get_by_text("Saved.", exact=True)).to_be_visible()
    [check] = checks(live_server, owner)
    assert (check.kind, check.outcome, check.timer_minutes) == ("searched", None, None)
    expect(page.locator(".entries")).to_contain_text("Searched symptoms online")


def test_own_words_appear_for_something_else(page: Page):
    sign_up(page)
    page.goto("/recovery/")
    words = page.get_by_label("In your own words")
    expect(words).to_be_hidden()
    page.get_by_role("radio", name="Something else").click()
    expect(words).to_be_visible()


def test_an_urge_is_waited_out_across_a_reload_and_offline(page: Page, live_server):
    sign_up(page)
    owner = user_id(page)
    with_fake_clock(page)
    page.goto("/recovery/")
    page.get_by_role("radio", name="Tested my strength").click()
    page.get_by_role("button", name="Wait it out").click()
    expect(page.get_by_role("heading", name="Waiting it out")).to_be_visible()
    expect(clock(page)).to_have_text("10:00")
    expect(page.locator("[data-timer-kind]")).to_have_text("Tested my strength")
    expect(page.get_by_role("link", name="Breathe along for a minute")).to_have_attribute(
        "href", "/exercises/breathe/calm")
    page.clock.run_for(3 * 60_000)
    expect(clock(page)).to_have_text("7:00")
    page.reload()  # the end time comes back, not a fresh ten minutes
    expect(clock(page)).to_have_text("7:00")
    page.clock.run_for(2 * 60_000 + 500)
    expect(page.locator("[data-timer-announce]")).to_have_text("5 minutes left.")
    page.context.set_offline(True)
    page.clock.run_for(5 * 60_000)
    expect(clock(page)).to_have_text("0:00")
    expect(page.locator("[data-timer-announce]")).to_have_text("Time is up. How is the urge now?")
    page.get_by_role("button", name="The urge passed").click()
    expect(page.get_by_text("Saved on this phone — waiting to sync")).to_be_visible()
    assert checks(live_server, owner)[0].timer_result is None
    page.context.set_offline(False)
    wait_for_outbox(page, 0)
    [check] = checks(live_server, owner)
    assert (check.kind, check.timer_minutes, check.timer_result, check.outcome) == (
        "strength", 10, "passed", "resisted")


def test_a_wait_started_offline_survives_a_reload_and_syncs_with_its_answer(page: Page,
                                                                            live_server):
    sign_up(page)
    owner = user_id(page)
    page.goto("/recovery/")
    controlled(page)
    with_fake_clock(page)
    page.reload()
    page.context.set_offline(True)
    page.get_by_role("radio", name="Read forums").click()
    page.get_by_label("Minutes to wait (1 to 60)").fill("5")
    page.get_by_role("button", name="Wait it out").click()
    timer = page.locator("[data-urge-timer]")
    expect(timer).to_be_visible()
    expect(clock(page)).to_have_text("5:00")
    expect(page.locator("[data-timer-announce]")).to_have_text("Timer started: 5 minutes.")
    page.clock.run_for(60_000)
    assert page.reload().from_service_worker  # the offline copy, and this phone's record
    expect(clock(page)).to_have_text("4:00")
    expect(page.locator("[data-timer-kind]")).to_have_text("Read forums")
    page.clock.run_for(4 * 60_000)
    expect(timer).to_have_class("urge-timer card is-done")
    page.get_by_role("button", name="It got weaker").click()
    expect(page.locator("[data-timer-status]")).to_have_text(
        "Saved on this phone. It will sync when you are back online.")
    assert checks(live_server, owner) == []
    page.context.set_offline(False)
    page.goto("/recovery/")
    wait_for_outbox(page, 0)
    [check] = checks(live_server, owner)
    assert (check.kind, check.timer_minutes, check.timer_result) == ("forums", 5, "weaker")
    expect(page.locator("[data-urge-timer]")).to_be_hidden()


def test_an_impossible_wait_offline_is_named_and_nothing_is_kept(page: Page, live_server):
    sign_up(page)
    page.goto("/recovery/")
    page.context.set_offline(True)
    page.get_by_role("radio", name="Read forums").click()
    minutes = page.get_by_label("Minutes to wait (1 to 60)")
    minutes.fill("90")
    page.get_by_role("button", name="Wait it out").click()
    expect(page.get_by_text("Wait between 1 and 60 minutes.")).to_be_visible()
    expect(minutes).to_have_value("90")
    expect(page.locator("[data-urge-timer]")).to_be_hidden()
    assert page.evaluate("async () => (await " + module("js/outbox/store.js") + ").all()") == []
    page.context.set_offline(False)


def test_recovery_pages_pass_axe_light_and_dark(page: Page, assert_accessible):
    sign_up(page)
    page.goto("/recovery/")
    page.get_by_role("radio", name="Asked someone for reassurance").click()
    page.get_by_role("button", name="Wait it out").click()
    expect(page.get_by_role("heading", name="Waiting it out")).to_be_visible()
    page.goto("/recovery/settings")
    page.get_by_label("Starts at").fill("00:00")
    page.get_by_label("Minutes", exact=True).fill("120")
    with page.expect_navigation():  # the post must land before the next page is asked for
        page.get_by_role("button", name="Save worry time").click()
    page.goto("/recovery/worry")
    page.get_by_label("The worry, in one line").fill("What if it spreads?")
    with page.expect_navigation():
        page.get_by_role("button", name="Park it").click()
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        for url in ("/recovery/", "/recovery/worry", "/recovery/settings", "/"):
            page.goto(url)
            assert_accessible(page)
        page.goto("/recovery/")
        page.get_by_role("button", name="Save").first.click()  # no kind chosen: the errors
        expect(page.locator(".form-errors")).to_be_visible()
        assert_accessible(page)


def test_the_timer_stays_still_with_reduced_motion(page: Page):
    page.emulate_media(reduced_motion="reduce")
    sign_up(page)
    page.goto("/recovery/")
    page.get_by_role("radio", name="Checked my body or a muscle").click()
    page.get_by_role("button", name="Wait it out").click()
    expect(clock(page)).to_be_visible()
    assert clock(page).evaluate("el => getComputedStyle(el).animationName") == "none"


def test_every_target_is_at_least_44px(page: Page):
    sign_up(page)
    page.goto("/recovery/")
    small = page.evaluate("""() => [...document.querySelectorAll(
        'main button, main .chip span, main a.button, main input[type=text]')]
      .filter((el) => el.getClientRects().length)
      .map((el) => [el.textContent.trim() || el.name, el.getBoundingClientRect().height])
      .filter(([, h]) => h < 44)""")
    assert small == []
