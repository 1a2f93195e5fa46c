"""The therapist's whole security flow on a phone-sized screen (390x844): set up
two-step sign-in from the page, sign out, sign in with password and code, see a
client's alert on the client list and mark it seen; the person reads who looked
on /share. axe clean on each new page."""
import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_accounts_browser import log_out, sign_up
from tests.browser.test_screener_browser import answer
from tests.browser.two_factor_support import log_in_with_code, set_up_two_factor
from tests.fixtures.accounts import PASSWORD

pytestmark = pytest.mark.browser


def answer_yes_to_a_week_sign(page: Page) -> None:
    """Through the screener: 'yes' to one this-week sign, 'no' to the rest."""
    page.goto("/diary/screener?answer=1")
    answer(page, {"weakness": "Yes"})
    page.get_by_role("button", name="Done").click()
    expect(page.get_by_role("heading", level=1)).not_to_have_text("")


def test_therapist_two_factor_alerts_and_the_persons_access_log(page: Page, live_server,
                                                                 assert_accessible):
    therapist_email = sign_up(page, "/therapist/register")
    page.goto("/clients")
    expect(page).to_have_url(re.compile(r"/account/two-factor"))
    assert_accessible(page)
    secret = set_up_two_factor(page, live_server)
    assert_accessible(page)
    page.get_by_role("link", name="I have kept them: continue").click()
    page.goto("/clients")
    page.get_by_role("button", name="Make my sharing code").click()
    code = page.locator(".share-code").inner_text()
    log_out(page)

    person_email = sign_up(page)
    page.goto("/share")
    page.get_by_label("Your therapist's code").fill(code)
    page.get_by_role("button", name="Share", exact=True).click()
    expect(page.get_by_text("Your diary is now shared")).to_be_visible()
    answer_yes_to_a_week_sign(page)
    log_out(page)

    page.goto("/login")
    page.get_by_label("Email").fill(therapist_email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
    assert_accessible(page)
    page.goto("/clients")  # not signed in until the code is given
    expect(page).to_have_url(re.compile(r"/login"))
    log_in_with_code(page, live_server, therapist_email, secret)
    page.goto("/clients")
    expect(page.get_by_text("1 new alert")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("Mark .* alerts seen")).click()
    expect(page.get_by_text("Marked as seen")).to_be_visible()
    expect(page.get_by_text("1 new alert")).to_have_count(0)
    page.get_by_role("link", name="Kim").click()
    expect(page.get_by_role("heading", name="Kim")).to_be_visible()
    assert_accessible(page)
    log_out(page)

    page.goto("/login")
    page.get_by_label("Email").fill(person_email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto("/share")
    log = page.locator("#access-log")
    expect(log.get_by_text("Client list: trends and alerts").first).to_be_visible()
    expect(log.get_by_text("Your diary since the last session")).to_be_visible()
    assert_accessible(page)
