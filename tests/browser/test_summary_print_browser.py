"""The doctor summary printed by real Chromium ("Save as PDF"): with five years of
demo data, the five-year range fits one A4 page and one Letter page, and still does
with every list on it full (red flags, doctor's visits, questions)."""
from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser
from sqlalchemy import select

from tests.fixtures.app import make_app
from tests.fixtures.browser import LiveServer
from tests.fixtures.database import migrate
from webapp import db
from webapp.auth.models import User
from webapp.cli import DEMO_PASSWORD, DEMO_PERSON
from webapp.diary import screening as screener
from webapp.insights import summary_questions as questions
from webapp.insights.summary_models import MAX_QUESTIONS
from webapp.safety import signs

pytestmark = pytest.mark.browser

FIVE_YEARS = 1825


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A server of its own holding the demo person with five years of diary (~10 s)."""
    path: Path = tmp_path_factory.mktemp("summary") / "demo.sqlite3"
    migrate(f"sqlite:///{path}")
    server = LiveServer(make_app(f"sqlite:///{path}"))
    made = server.app.test_cli_runner().invoke(args=["demo", "--days", str(FIVE_YEARS)])
    assert made.exit_code == 0, made.output
    server.start()
    yield server
    server.stop()


def pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


@pytest.fixture
def signed_in(browser: Browser, demo_server: LiveServer) -> Iterator[Any]:
    context = browser.new_context(base_url=demo_server.url, viewport={"width": 390,
                                                                      "height": 844})
    page = context.new_page()
    page.goto("/login")
    page.fill("input[name=email]", DEMO_PERSON)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"^(?!.*/login)"))
    yield page
    context.close()


def test_five_years_print_on_one_a4_and_one_letter_page(signed_in: Any) -> None:
    page = signed_in
    end = date.today()
    start = end - timedelta(days=FIVE_YEARS - 1)
    page.goto(f"/diary/summary?start={start.isoformat()}&end={end.isoformat()}")
    assert page.locator(".form-errors").count() == 0
    assert page.locator("svg.chart").count() >= 1
    page.fill("#q-new", "Is five years of this usual with a normal examination?")
    page.click("text=Add the question")
    page.wait_for_url(re.compile(r"#questions$"))
    page.emulate_media(media="print")
    assert page.locator(".question-print").is_visible()
    assert not page.locator(".summary-range").is_visible()
    for paper in ("A4", "Letter"):
        pdf = page.pdf(format=paper, print_background=False)
        assert pages(pdf) == 1, f"{paper}: {pages(pdf)} pages"


def fill_the_page(server: LiveServer) -> None:
    """As much as the page lists: red flags (two long signs each), doctor's visits with
    long notes, and the most questions allowed, each near its 300 characters."""
    with server.app.app_context():
        user = db.session.scalar(select(User).where(User.email == DEMO_PERSON))
        catalogue = signs.for_language("en")
        answers = {sign.key: "no" for sign in catalogue.questions()}
        keys = list(answers)
        for i in range(10):
            screener.record_screening(db.session, user, uuid.uuid4(), "weekly", catalogue, {
                **answers, keys[i % len(keys)]: "yes", keys[(i + 3) % len(keys)]: "yes"}, None)
        for i in range(4):
            screener.record_check(db.session, user, uuid.uuid4(), {
                "checked_on": (date.today() - timedelta(days=100 * i + 5)).isoformat(),
                "area": "eyelid", "clinician": "Dr Example Longname",
                "conclusion": "No weakness on examination, reflexes normal. " * 6,
                "tests": ["exam", "blood", "emg"]})
        for i in range(MAX_QUESTIONS - len(questions.questions(db.session, user))):
            questions.add_question(db.session, user, uuid.uuid4(), {
                "text": f"Question {i}: " + "could this wrap onto a second printed line? " * 6})
        db.session.commit()


def test_a_full_page_still_prints_on_one_page(signed_in: Any, demo_server: LiveServer) -> None:
    fill_the_page(demo_server)
    page = signed_in
    end = date.today()
    page.goto(f"/diary/summary?start={(end - timedelta(days=FIVE_YEARS - 1)).isoformat()}"
              f"&end={end.isoformat()}")
    page.emulate_media(media="print")
    assert page.locator(".question-print li").count() == MAX_QUESTIONS
    assert page.get_by_text("and 7 earlier answers with a yes").is_visible()  # 10 + the demo's 2
    for paper in ("A4", "Letter"):
        pdf = page.pdf(format=paper)
        assert pages(pdf) == 1, f"{paper}: {pages(pdf)} pages"
