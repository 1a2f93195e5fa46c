"""The exercise players in real Chromium, with Playwright's fake clock for timing."""
import re
from datetime import datetime, timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from tests.browser.test_accounts_browser import log_out, sign_up
from tests.fixtures.accounts import PASSWORD
from webapp import db
from webapp.auth.models import User
from webapp.exercises.models import ExerciseSession
from webapp.exercises.offline import offline_urls

pytestmark = pytest.mark.browser


def open_with_fake_clock(page: Page, url: str) -> None:
    """Time stands still after loading; the test moves it with run_for."""
    page.clock.install(time=datetime.now() - timedelta(seconds=30))
    page.goto(url)
    page.clock.pause_at(datetime.now())


def phase(page: Page):
    return page.locator("[data-phase-name]")


def countdown(page: Page):
    return page.locator("[data-countdown]")


def announced(page: Page):
    return page.locator("[data-announce]")


def rate(page: Page, question: str, value: str) -> None:
    group = page.get_by_role("group", name=question)
    group.get_by_role("radio", name=value, exact=True).check()


def test_calm_breath_runs_4_2_6_by_the_clock(page: Page):
    open_with_fake_clock(page, "/exercises/breathe/calm")
    page.get_by_role("radio", name="1 min").check()
    page.get_by_role("button", name="Start").click()
    expect(phase(page)).to_have_text("Breathe in")
    expect(countdown(page)).to_have_text("4")
    expect(announced(page)).to_have_text("Breathe in, 4 seconds")
    expect(countdown(page)).to_have_attribute("aria-hidden", "true")

    page.clock.run_for(3900)
    expect(phase(page)).to_have_text("Breathe in")
    expect(countdown(page)).to_have_text("1")
    page.clock.run_for(200)
    expect(phase(page)).to_have_text("Hold")
    expect(countdown(page)).to_have_text("2")
    expect(announced(page)).to_have_text("Hold, 2 seconds")

    page.clock.run_for(2000)
    expect(phase(page)).to_have_text("Breathe out")
    expect(countdown(page)).to_have_text("6")
    expect(announced(page)).to_have_text("Breathe out, 6 seconds")
    # Frames come every 16 ms, so each check stands clear of a phase's edge:
    # 11.9 s is still the out-breath, 12.2 s the next in-breath.
    page.clock.run_for(5800)
    expect(phase(page)).to_have_text("Breathe out")
    page.clock.run_for(300)
    expect(phase(page)).to_have_text("Breathe in")
    expect(page.locator("[data-progress]")).to_contain_text("Breath 2 of 5")


def test_pause_holds_the_phase_and_resume_goes_on(page: Page):
    open_with_fake_clock(page, "/exercises/breathe/calm")
    page.get_by_role("button", name="Start").click()
    page.clock.run_for(1000)
    page.get_by_role("button", name="Pause").click()
    expect(announced(page)).to_have_text("Paused")
    page.clock.run_for(20_000)
    expect(phase(page)).to_have_text("Breathe in")
    expect(countdown(page)).to_have_text("3")
    page.get_by_role("button", name="Resume").click()
    expect(page.get_by_role("button", name="Pause")).to_be_focused()
    page.clock.run_for(2900)
    expect(phase(page)).to_have_text("Breathe in")
    page.clock.run_for(200)
    expect(phase(page)).to_have_text("Hold")


def circle_transform(page: Page) -> str:
    return page.locator("[data-circle]").evaluate("el => getComputedStyle(el).transform")


def test_circle_grows_on_the_in_breath(page: Page):
    open_with_fake_clock(page, "/exercises/breathe/calm")
    page.get_by_role("button", name="Start").click()
    page.clock.run_for(100)
    small = circle_transform(page)
    page.clock.run_for(3800)
    large = circle_transform(page)
    assert small.startswith("matrix(") and large.startswith("matrix(")
    assert float(small[7:].split(",")[0]) < float(large[7:].split(",")[0]) <= 1


def test_reduced_motion_keeps_the_circle_still(page: Page):
    page.emulate_media(reduced_motion="reduce")
    open_with_fake_clock(page, "/exercises/breathe/calm")
    page.get_by_role("button", name="Start").click()
    page.clock.run_for(2500)
    expect(page.locator("[data-circle]")).to_have_class("breath-circle is-still")
    assert circle_transform(page) == "none"
    expect(countdown(page)).to_have_text("2")


def test_routine_steps_follow_the_clock_and_say_each_step(page: Page):
    open_with_fake_clock(page, "/exercises/relax/side-to-side")
    page.get_by_role("button", name="Start").click()
    expect(phase(page)).to_have_text("Get ready")
    expect(page.locator("[data-step-count]")).to_have_text("Step 1 of 5")
    page.clock.run_for(10_100)
    expect(phase(page)).to_have_text("March on the spot")
    expect(announced(page)).to_contain_text("March on the spot, 60 seconds. Lift one knee")
    expect(page.locator("[data-beat]")).to_be_visible()
    page.get_by_role("button", name="Stop").click()
    expect(page.get_by_role("heading", name="Stopped. That still counts.")).to_be_focused()


def test_a_finished_session_with_ratings_is_saved(page: Page, live_server):
    email = sign_up(page)
    open_with_fake_clock(page, "/exercises/breathe/calm")
    page.get_by_role("radio", name="1 min").check()
    page.get_by_text("Rate how you feel first (optional)").click()
    rate(page, "How anxious do you feel?", "7")
    rate(page, "How strong is the twitching?", "6")
    page.get_by_role("button", name="Start").click()
    page.clock.run_for(60_100)
    expect(page.get_by_role("heading", name="Finished. Well done.")).to_be_visible()
    rate(page, "How anxious do you feel now?", "3")
    rate(page, "How strong is the twitching now?", "2")
    page.get_by_role("button", name="Save this session").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Saved")
    expect(page.get_by_text("7 before, 3 after")).to_be_visible()

    with live_server.app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        row = db.session.scalar(select(ExerciseSession).where(ExerciseSession.user_id == user.id))
        assert (row.exercise, row.pattern, row.planned_seconds, row.actual_seconds) == (
            "breathe", "calm", 60, 60)
        assert (row.anxiety_before, row.intensity_before, row.anxiety_after,
                row.intensity_after) == (7, 6, 3, 2)
        assert row.completed is True


def test_offline_session_waits_in_the_outbox_and_syncs_once(page: Page, live_server):
    email = sign_up(page)
    page.goto("/exercises/relax/ease-hand")
    page.get_by_role("button", name="Start").click()
    page.get_by_role("button", name="Stop").click()
    page.context.set_offline(True)
    page.get_by_role("button", name="Save this session").click()
    expect(page.get_by_text("Saved on this phone; it will sync")).to_be_visible()
    waiting = page.evaluate("""() => new Promise((resolve, reject) => {
        const open = indexedDB.open("steady-outbox");
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const all = open.result.transaction("items").objectStore("items").getAll();
          all.onsuccess = () => resolve(all.result);
        };
    })""")
    user = page.evaluate("document.body.dataset.user")
    assert [(w["kind"], w["owner"], w["data"]["exercise"]) for w in waiting] == [
        ("exercise_session", user, "ease-hand")]

    def stored() -> list:
        with live_server.app.app_context():
            person = db.session.scalar(select(User).where(User.email == email))
            return db.session.scalars(select(ExerciseSession)
                                      .where(ExerciseSession.user_id == person.id)).all()

    assert stored() == []
    page.context.set_offline(False)
    page.goto("/exercises")  # the outbox also flushes on every page load
    for _ in range(50):
        if stored():
            break
        page.wait_for_timeout(100)
    rows = stored()
    assert len(rows) == 1 and rows[0].completed is False
    assert str(rows[0].uuid) == waiting[0]["uuid"]


def test_signed_out_finish_invites_to_log_in(page: Page):
    page.goto("/exercises/breathe/box")
    page.get_by_role("button", name="Start").click()
    page.get_by_role("button", name="Stop").click()
    page.get_by_role("button", name="Log in to save").click()
    expect(page).to_have_url(re.compile(r"/login\?next=(/|%2F)exercises(/|%2F)breathe(/|%2F)box$"))
    expect(page.get_by_text("Log in to save your sessions.")).to_be_visible()


def test_cue_switches_are_remembered(page: Page):
    page.goto("/exercises/breathe/calm")
    page.get_by_role("switch", name="Soft tones").check()
    page.reload()
    expect(page.get_by_role("switch", name="Soft tones")).to_be_checked()
    expect(page.get_by_role("switch", name="Spoken steps")).not_to_be_checked()


def test_exercise_pages_pass_axe(page: Page, assert_accessible):
    for url in offline_urls():
        page.goto(url)
        assert_accessible(page)


def test_exercise_pages_pass_axe_in_dark_mode(page: Page, assert_accessible):
    page.emulate_media(color_scheme="dark")
    for url in offline_urls():
        page.goto(url)
        assert_accessible(page)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_running_and_finish_screens_pass_axe(page: Page, assert_accessible, scheme):
    page.emulate_media(color_scheme=scheme)
    sign_up(page)
    for url in ("/exercises/breathe/sigh", "/exercises/relax/pmr"):
        page.goto(url)
        page.get_by_role("button", name="Start").click()
        assert_accessible(page)
        page.get_by_role("button", name="Stop").click()
        assert_accessible(page)
    page.goto("/exercises/custom")
    assert_accessible(page)
    page.get_by_label("Breathe in").fill("abc")
    page.get_by_role("button", name="Save my pattern").click()
    expect(page.get_by_text("Enter a number of seconds")).to_be_visible()
    expect(page.get_by_label("Breathe in")).to_have_value("abc")
    assert_accessible(page)


def test_exercise_pages_fit_320px_with_big_controls(page: Page):
    page.set_viewport_size({"width": 320, "height": 640})
    for url in ("/exercises", "/exercises/breathe/calm", "/exercises/relax/pmr"):
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, url
    page.goto("/exercises/breathe/calm")
    small = page.evaluate("""() => [...document.querySelectorAll('main a, main button, main input')]
        .filter(el => el.offsetParent !== null && !el.closest('p:not(.breathe-now):not(.actions)'))
        .map(el => [el.outerHTML.slice(0, 80), el.getBoundingClientRect().height])
        .filter(([, h]) => h < 44)""")
    assert small == []
    assert page.get_by_role("button", name="Start").bounding_box()["height"] >= 56


def test_a_session_finished_signed_out_is_saved_after_logging_in(page: Page, live_server):
    email = sign_up(page)
    log_out(page)
    page.goto("/exercises/breathe/box")
    page.get_by_role("button", name="Start").click()
    page.get_by_role("button", name="Stop").click()
    page.get_by_role("button", name="Log in to save").click()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("Your session from before you logged in is saved.")).to_be_visible()
    for _ in range(50):
        with live_server.app.app_context():
            user = db.session.scalar(select(User).where(User.email == email))
            rows = db.session.scalars(select(ExerciseSession)
                                      .where(ExerciseSession.user_id == user.id)).all()
        if rows:
            break
        page.wait_for_timeout(100)
    assert [(r.exercise, r.pattern, r.completed) for r in rows] == [("breathe", "box", False)]
