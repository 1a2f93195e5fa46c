"""The diary in real Chromium at 390x844: three taps to log, a check-in, axe clean."""
import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from tests.browser.test_accounts_browser import sign_up
from webapp import db
from webapp.auth.models import User
from webapp.diary.models import Checkin, Entry

pytestmark = pytest.mark.browser


def entries_of(live_server, email):
    with live_server.app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        return db.session.scalars(select(Entry).where(Entry.user_id == user.id)).all()


def test_log_a_twitch_in_three_taps_with_the_body_map(page: Page, live_server):
    email = sign_up(page)
    page.get_by_role("link", name="Log a twitch").first.click()            # tap 1
    page.locator('.bm-area[data-value="calf:left"]').first.click()          # tap 2
    expect(page.locator("[data-bodymap-summary]")).to_contain_text("Left calf")
    page.locator(".sticky-save").get_by_role("button", name="Save").click()  # tap 3
    expect(page.get_by_role("heading", level=1)).to_contain_text("safety questions")
    [entry] = entries_of(live_server, email)
    assert entry.areas == ",calf:left,"


def test_screener_yes_shows_emergency_advice(page: Page):
    sign_up(page)
    page.goto("/diary/new")
    page.locator('.bm-area[data-value="eyelid:right"]').first.click()
    page.locator(".sticky-save").get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("safety questions")
    for group in page.locator("form.screener fieldset").all():
        group.get_by_role("radio", name="No", exact=True).check()
    page.get_by_role("group", name="Do you have new or sudden trouble breathing, speaking or "
                                   "swallowing?").get_by_role("radio", name="Yes").check()
    page.get_by_role("button", name="Done").click()
    expect(page.get_by_role("heading", name="Get emergency help now")).to_be_visible()


def test_daily_checkin_with_defaults_and_steppers(page: Page, live_server):
    email = sign_up(page)
    page.goto("/diary/checkin")
    anxiety = page.get_by_role("group", name="Anxiety today")
    anxiety.get_by_role("radio", name="7", exact=True).check()
    page.locator("#f-caffeine").fill("2")
    page.locator("#f-caffeine").locator("xpath=..").get_by_role("button", name="More").click()
    page.get_by_role("button", name="Save check-in").click()
    expect(page.get_by_text("Check-in saved")).to_be_visible()
    with live_server.app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        checkin = db.session.scalar(select(Checkin).where(Checkin.user_id == user.id))
        assert (checkin.anxiety, checkin.caffeine, checkin.sleep_hours) == (7, 3, 7.0)


def test_diary_pages_pass_axe_light_and_dark(page: Page, assert_accessible):
    sign_up(page)
    page.goto("/diary/new")
    page.locator('.bm-area[data-value="thumb:right"]').first.click()
    page.locator(".sticky-save").get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("safety questions")
    urls = ["/diary/", "/diary/new", "/diary/checkin", "/diary/screener?reason=weekly"]
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        for url in urls:
            page.goto(url)
            assert_accessible(page)
        page.goto("/diary/")
        page.locator(".entry-card").first.click()
        assert_accessible(page)
    page.goto("/diary/new")
    page.locator(".sticky-save").get_by_role("button", name="Save").click()
    expect(page.get_by_text("Choose at least one body area")).to_be_visible()
    assert_accessible(page)


def test_diary_reads_at_320px(page: Page):
    sign_up(page)
    page.set_viewport_size({"width": 320, "height": 640})
    for url in ["/diary/", "/diary/new", "/diary/checkin"]:
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, url


TARGET_BOXES = """() => [...document.querySelectorAll('[data-bodymap] .bm-area')].map((el) => {
  const box = el.getBoundingClientRect();
  return { value: el.dataset.value, width: box.width, height: box.height };
})"""


@pytest.mark.parametrize("size", [{"width": 390, "height": 844}, {"width": 320, "height": 700}])
def test_every_body_map_target_is_44px_and_the_list_is_one_tap_away(page: Page, size):
    sign_up(page)
    page.set_viewport_size(size)
    page.goto("/diary/new")
    expect(page.locator("[data-bodymap]")).to_be_visible()
    boxes = page.evaluate(TARGET_BOXES)
    small = [b for b in boxes if b["width"] < 44 or b["height"] < 44]
    assert boxes and small == [], small
    listed = set(page.locator('input[name="areas"]')
                 .evaluate_all("(els) => els.map((e) => e.value)"))
    assert listed <= {b["value"] for b in boxes}, "an area in the list cannot be tapped"
    assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
    # The list: labelled plainly and on the first screen, above the sticky Save.
    toggle = page.get_by_text("Choose from a list instead")
    expect(toggle).to_be_in_viewport()
    save = page.locator(".sticky-save").bounding_box()
    assert toggle.bounding_box()["y"] + toggle.bounding_box()["height"] <= save["y"]
    toggle.click()
    left_eyelid = page.get_by_role("checkbox", name="Left").first
    expect(left_eyelid).to_be_visible()
    left_eyelid.check()
    expect(page.locator('.bm-area[data-value="eyelid:left"]')).to_have_class(re.compile("is-on"))
