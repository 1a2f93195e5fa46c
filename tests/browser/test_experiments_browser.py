"""Personal experiments and the weekly picture in real Chromium at 390x844: set one
up from a template, answer the daily question in one tap (online and offline),
read a result, and axe finds nothing in light or dark."""
from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from tests.browser.outbox_support import SAVED, outbox, user_id, wait_for_outbox
from tests.browser.test_accounts_browser import sign_up
from webapp import db
from webapp.auth.models import User
from webapp.diary import services as diary
from webapp.recovery import ledger
from webapp.recovery.experiments import Adherence

pytestmark = pytest.mark.browser


def local_today(live_server: Any, owner: int) -> date:
    with live_server.app.app_context():
        zone = db.session.get(User, owner).timezone
    return datetime.now(ZoneInfo(zone)).date()


def answers(live_server: Any, owner: int) -> list[tuple[date, str]]:
    with live_server.app.app_context():
        return [tuple(row) for row in db.session.execute(
            select(Adherence.day, Adherence.kept).where(Adherence.user_id == owner))]


def seed(live_server: Any, owner: int, days: int = 14) -> None:
    """Two weeks of diary and ledger: fewer twitches in the first week than the second."""
    today = local_today(live_server, owner)
    with live_server.app.app_context():
        user = db.session.get(User, owner)
        for offset in range(days, 0, -1):
            day = today - timedelta(days=offset)
            moment = datetime.combine(day, time(9, 0))
            for n in range(1 if offset > 7 else 3):
                diary.create_entry(db.session, user, uuid.uuid4(), {
                    "occurred_at": (moment + timedelta(minutes=n)).strftime("%Y-%m-%dT%H:%M"),
                    "areas": ["calf:left"], "intensity": str(3 + offset % 3)})
            diary.save_checkin(db.session, user, uuid.uuid4(), {
                "day": day.isoformat(), "anxiety": str(2 + offset % 4)})
            ledger.create_check(db.session, user, uuid.uuid4(), {
                "kind": "body" if offset % 2 else "searched", "urge": str(offset % 10),
                "outcome": "resisted" if offset % 3 else "acted",
                "occurred_at": (moment + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")})
        db.session.commit()


def test_set_up_from_a_template_tap_the_answer_and_see_the_result(page: Page, live_server,
                                                                  assert_accessible):
    sign_up(page)
    owner = user_id(page)
    page.goto("/recovery/experiments")
    page.get_by_role("link", name="Start an experiment").click()
    page.get_by_role("link", name="Use this: No caffeine after noon").click()
    expect(page.get_by_label("A short name")).to_have_value("No caffeine after noon")
    page.get_by_role("button", name="Start the experiment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("No caffeine after noon")
    expect(page.get_by_text("Day 1 of 14 · phase 1 of 2, with the change")).to_be_visible()
    question = page.get_by_role("group", name="Did you keep to today’s plan?")
    question.get_by_role("button", name="Yes").click()                    # one tap
    expect(page.get_by_text("Noted. Thank you.")).to_be_visible()
    expect(page.get_by_text("You answered “Yes” today.")).to_be_visible()
    assert answers(live_server, owner) == [(local_today(live_server, owner), "yes")]
    expect(page.get_by_text("Not enough days to say yet.").first).to_be_visible()
    expect(page.get_by_text("This does not prove that the change causes anything")).to_be_visible()
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_an_answer_given_offline_waits_and_then_arrives_once(page: Page, live_server):
    sign_up(page)
    owner = user_id(page)
    page.goto("/recovery/experiments/setup?template=searching")
    page.get_by_role("button", name="Start the experiment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("No symptom searching for a week")
    page.wait_for_load_state("networkidle")  # the outbox's modules are in before the network goes
    page.context.set_offline(True)
    page.get_by_role("group", name="Did you keep to today’s plan?").get_by_role(
        "button", name="Partly").click()
    expect(page.get_by_text(SAVED)).to_be_visible()
    assert [(i["kind"], i["data"]["kept"]) for i in outbox(page)] == [("adherence", "partly")]
    assert answers(live_server, owner) == []
    page.context.set_offline(False)
    wait_for_outbox(page, 0)
    assert answers(live_server, owner) == [(local_today(live_server, owner), "partly")]


def test_your_own_experiment_over_days_already_logged_shows_a_result(page: Page, live_server,
                                                                     assert_accessible):
    sign_up(page)
    owner = user_id(page)
    seed(live_server, owner)
    today = local_today(live_server, owner)
    page.goto("/recovery/experiments/new")
    page.get_by_role("link", name="Write your own").click()
    page.get_by_label("A short name").fill("Walk after lunch")
    page.get_by_label("What you will do differently").fill("A 20-minute walk after lunch")
    page.locator("label.chip", has_text="Twitches a day").click()
    page.locator("label.chip", has_text="Checks and reassurance a day").click()
    for name, day in (("phase_1_start", 14), ("phase_1_end", 8), ("phase_2_start", 7),
                      ("phase_2_end", 1)):
        page.locator(f'input[name="{name}"]').fill((today - timedelta(days=day)).isoformat())
    page.get_by_role("button", name="Start the experiment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Walk after lunch")
    expect(page.get_by_text("With the change: 1.0 over 7 days. As usual: 3.0 over 7 days."))\
        .to_be_visible()
    expect(page.get_by_text("That is 2.0 fewer a day with the change.")).to_be_visible()
    expect(page.get_by_text("a Welch t-interval")).to_be_visible()
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_experiment_and_weekly_pages_pass_axe_light_and_dark(page: Page, live_server,
                                                             assert_accessible):
    sign_up(page)
    seed(live_server, user_id(page), days=30)
    page.goto("/recovery/experiments/setup")
    page.get_by_label("A short name").fill("")
    page.get_by_role("button", name="Start the experiment").click()
    expect(page.get_by_text("Give the experiment a short name")).to_be_visible()
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        assert_accessible(page)  # the refused form, with its messages
        for url in ("/recovery/experiments", "/recovery/experiments/new",
                    "/recovery/experiments/setup?template=breathing", "/diary/summary"):
            page.goto(url)
            assert_accessible(page)
            assert page.evaluate("document.documentElement.scrollWidth") <= 390, url
        page.goto("/diary/insights")
        chart = page.get_by_role("img", name="Checks, twitches and anxiety, week by week")
        expect(chart).to_be_visible()
        weekly = page.get_by_role("region", name="The weekly picture")
        weekly.get_by_text("The numbers behind the chart").click()
        expect(page.get_by_role("table", name="Checks by kind")).to_be_visible()
        assert_accessible(page)
