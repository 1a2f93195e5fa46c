"""The insights page in real Chromium: the trend charts are drawn and visible at
390x844 and at 320 px wide, in light and dark (coloured by the theme's custom
properties), their tables open, the factor effects open, and axe finds nothing."""
from __future__ import annotations

import uuid
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from tests.browser.outbox_support import user_id
from tests.browser.test_accounts_browser import sign_up
from webapp import db
from webapp.auth.models import User
from webapp.diary import services as diary
from webapp.exercises import services as exercises

pytestmark = pytest.mark.browser

CHARTS = ("Twitches logged each day", "Twitch intensity and check-in anxiety, out of 10",
          "Mood at the check-in, out of 5", "Sleep, hours a night")
ACCENT = {"light": "rgb(47, 111, 106)", "dark": "rgb(124, 196, 187)"}  # --accent in app.css


def seed(live_server: Any, owner: int, days: int = 45) -> None:
    """Six weeks of twitches (with an own tag after short nights), check-ins and a few
    rated breathing sessions."""
    with live_server.app.app_context():
        user = db.session.get(User, owner)
        today = datetime.now(ZoneInfo(user.timezone)).date()
        for offset in range(days, 0, -1):
            day = today - timedelta(days=offset)
            short = offset % 3 == 0
            moment = datetime.combine(day, time(8, 0))
            for n in range(1 + offset % 2 + (2 if short else 0)):
                diary.create_entry(db.session, user, uuid.uuid4(), {
                    "occurred_at": (moment + timedelta(hours=n)).strftime("%Y-%m-%dT%H:%M"),
                    "areas": ["eyelid:left"], "intensity": str(3 + offset % 4),
                    "triggers": ["caffeine"] if offset % 2 else [],
                    "custom_triggers": "late screen" if short else ""})
            diary.save_checkin(db.session, user, uuid.uuid4(), {
                "day": day.isoformat(), "sleep_hours": "5" if short else "7.5",
                "anxiety": str(2 + offset % 5), "mood": str(2 + offset % 3),
                "caffeine": str(offset % 3)})
        for before, after in ((7, 4), (6, 5), (8, 5)):
            exercises.record_session(db.session, user, uuid.uuid4(), {
                "exercise": "breathe", "pattern": "calm", "planned_seconds": 120,
                "actual_seconds": 120, "completed": True, "anxiety_before": before,
                "anxiety_after": after,
                "started_at": (datetime.now(UTC) - timedelta(days=1))
                .strftime("%Y-%m-%dT%H:%M:%SZ")})
        db.session.commit()


def charts_are_visible(page: Page, width: int) -> None:
    for title in CHARTS:
        chart = page.get_by_role("img", name=title)
        expect(chart).to_be_visible()
        box = chart.bounding_box()
        assert box and box["width"] > 0.8 * (width - 40) and box["height"] > 100, (title, box)
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, (title, box)
    bars = page.locator(".trends svg.chart rect.trend-bar")
    assert bars.count() == 29  # a bar for each day before today in the last 30 (today: none yet)
    assert page.locator("svg.chart polyline.trend-line").count() >= 4
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_the_charts_at_390_and_320_light_and_dark(page: Page, live_server, assert_accessible):
    sign_up(page)
    seed(live_server, user_id(page))
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto("/diary/insights")
        charts_are_visible(page, 390)
        fill = page.locator("svg.chart rect.trend-bar").first.evaluate(
            "el => getComputedStyle(el).fill")
        assert fill == ACCENT[scheme]
        twitches = page.get_by_role("region", name="Twitches logged each day")
        twitches.get_by_text("The numbers behind the chart").click()
        table = page.get_by_role("table", name="Twitches logged each day")
        expect(table).to_be_visible()
        assert table.locator("tbody tr").count() == 30
        factor = page.locator("details.factor").first  # clear ones start open
        same_day = factor.locator("dt").first
        if factor.get_attribute("open") is None:
            factor.locator("summary").click()
        expect(same_day).to_have_text("Same day")
        expect(same_day).to_be_visible()
        factor.locator("summary").click()
        expect(same_day).to_be_hidden()
        expect(page.get_by_text("Anxiety: down 3.0 (median of 3)")).to_be_visible()
        assert_accessible(page)
        page.set_viewport_size({"width": 320, "height": 700})
        page.goto("/diary/insights?days=90")
        expect(page.get_by_role("img", name="Twitches logged each week")).to_be_visible()
        page.goto("/diary/insights")
        charts_are_visible(page, 320)
        assert_accessible(page)


def test_the_body_map_heat_and_times_of_day_at_390_light_and_dark(page: Page, live_server,
                                                                  assert_accessible):
    sign_up(page)
    seed(live_server, user_id(page))  # every twitch on the left eyelid, 08:00-11:00
    page.set_viewport_size({"width": 390, "height": 844})
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        page.goto("/diary/insights")
        section = page.get_by_role("region", name="Where it twitched")
        section.scroll_into_view_if_needed()
        expect(section).to_be_visible()
        eyelid = section.locator('rect.heat-area[data-value="eyelid:left"]')
        expect(eyelid).to_be_visible()
        assert "heat-4" in (eyelid.get_attribute("class") or "")
        assert eyelid.evaluate("el => getComputedStyle(el).fill") == ACCENT[scheme]
        calm = section.locator('rect.heat-area[data-value="calf:left"]')
        assert calm.evaluate("el => getComputedStyle(el).fill") != ACCENT[scheme]
        expect(section.get_by_role("table", name="Body areas, most often first")
               .get_by_role("rowheader", name="Left eyelid")).to_be_visible()
        box = section.locator("svg.heat-panel.bm-body").bounding_box()
        assert box and box["width"] > 200 and box["x"] + box["width"] <= 390, box
        expect(section.locator("svg.spark rect.trend-bar").first).to_be_visible()
        when = page.get_by_role("img", name="By time of day")
        when.scroll_into_view_if_needed()
        expect(when).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert_accessible(page)


def test_an_impossible_period_is_a_message(page: Page, live_server, assert_accessible):
    sign_up(page)
    page.goto("/diary/insights?days=18250")
    expect(page.get_by_role("status").filter(has_text="is not one of those")).to_be_visible()
    expect(page.get_by_text("Nothing logged in this period yet")).to_be_visible()
    assert_accessible(page)
