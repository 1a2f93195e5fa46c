"""Questionnaires in real Chromium on a 390x844 phone: a person who shares with a
therapist takes the PHQ-9 with question 9 above 0 and sees the crisis lines at
once; the therapist sees the alert and marks it followed up. axe clean, light
and dark."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_accounts_browser import log_out, sign_up
from tests.browser.two_factor_support import log_in_with_code, set_up_two_factor

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def answer(page: Page, item: int, value: int) -> None:
    page.locator(f'input[name="item{item}"][value="{value}"]').check()


def test_phq9_question_9_shows_help_at_once_and_alerts_the_therapist(page: Page, live_server,
                                                                     assert_accessible):
    page.set_viewport_size(PHONE)
    therapist_email = sign_up(page, "/therapist/register")
    page.goto("/clients")  # a therapist turns on two-step sign-in before any client data
    expect(page).to_have_url(re.compile(r"/account/two-factor"))
    secret = set_up_two_factor(page, live_server)
    page.goto("/clients")
    page.get_by_role("button", name="Make my sharing code").click()
    code = page.locator(".share-code").inner_text()
    log_out(page)
    sign_up(page)
    page.goto("/share")
    page.get_by_label("Your therapist's code").fill(code)
    expect(page.get_by_label("Your questionnaire scores", exact=False)).to_be_checked()
    page.get_by_role("button", name="Share", exact=True).click()
    page.goto("/measures/")
    page.get_by_role("link", name="Take the PHQ-9").click()
    for item in range(1, 9):
        answer(page, item, 1)
    page.get_by_role("button", name="Save my answers").click()
    expect(page.get_by_role("alert")).to_contain_text("1 question still needs an answer")
    expect(page.locator('input[name="item8"][value="1"]')).to_be_checked()  # kept
    assert_accessible(page)
    answer(page, 9, 1)
    page.get_by_role("button", name="Save my answers").click()
    crisis = page.get_by_role("region", name="You said you have had thoughts")
    expect(crisis).to_be_visible()
    expect(crisis).to_contain_text("No one is watching your answers")
    expect(crisis.get_by_role("link", name="Help now: numbers for every country")).to_be_visible()
    box = crisis.bounding_box()
    assert box and box["y"] < PHONE["height"]  # on screen at once, before the score
    assert_accessible(page)
    page.emulate_media(color_scheme="dark")
    assert_accessible(page)
    page.emulate_media(color_scheme="light")
    log_out(page)
    log_in_with_code(page, live_server, therapist_email, secret)
    page.goto("/clients")
    page.get_by_role("link", name="Kim").click()
    expect(page.get_by_text("Kim answered 1 on question 9")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Mark as followed up").click()
    expect(page.get_by_text("Marked as followed up.")).to_be_visible()
    expect(page.get_by_text("Kim answered 1 on question 9")).to_have_count(0)
    page.get_by_role("link", name="Schedule a questionnaire").click()
    assert_accessible(page)
