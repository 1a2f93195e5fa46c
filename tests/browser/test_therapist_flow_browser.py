"""The whole therapist flow on a 390x844 phone: the therapist sets up two-step
sign-in (the key read from the page, the code from pyotp), the client shares,
the therapist assigns a PHQ-9 through the practice page's questionnaire form,
the client answers it with question 9 above 0 and sees the crisis lines at once,
and the therapist sees the score and the item-9 alert on the client list. axe
clean on the new pages, light and dark."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_accounts_browser import log_out, sign_up
from tests.browser.two_factor_support import log_in_with_code, set_up_two_factor
from tests.fixtures.accounts import PASSWORD

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def test_assign_a_questionnaire_answer_it_and_see_the_alert(page: Page, live_server,
                                                            assert_accessible):
    page.set_viewport_size(PHONE)
    therapist_email = sign_up(page, "/therapist/register")
    page.goto("/clients")
    expect(page).to_have_url(re.compile(r"/account/two-factor"))
    secret = set_up_two_factor(page, live_server)
    page.get_by_role("link", name="I have kept them: continue").click()
    page.goto("/clients")
    page.get_by_role("button", name="Make my sharing code").click()
    code = page.locator(".share-code").inner_text()
    log_out(page)

    person_email = sign_up(page)
    page.goto("/share")
    page.get_by_label("Your therapist's code").fill(code)
    page.get_by_role("button", name="Share", exact=True).click()
    log_out(page)

    log_in_with_code(page, live_server, therapist_email, secret)
    page.goto("/clients")
    page.get_by_role("link", name="Kim").click()
    page.get_by_role("link", name="Assign practice").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Practice for Kim")
    assert_accessible(page)
    form = page.locator("form", has=page.locator('input[name="kind"][value="questionnaire"]'))
    form.get_by_label("Questionnaire").select_option("phq9")
    form.get_by_label("How often").select_option("once")
    form.get_by_role("button", name="Assign the questionnaire").click()
    expect(page.get_by_text("Assigned. Kim sees it")).to_be_visible()
    log_out(page)

    page.goto("/login")
    page.get_by_label("Email").fill(person_email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    due = page.get_by_role("region", name="From your therapist")
    due.get_by_role("link", name=re.compile("PHQ-9 due by")).click()
    for item in range(1, 10):
        page.locator(f'input[name="item{item}"][value="1"]').check()
    page.get_by_role("button", name="Save my answers").click()
    crisis = page.get_by_role("region", name="You said you have had thoughts")
    expect(crisis).to_be_visible()
    box = crisis.bounding_box()
    assert box and box["y"] < PHONE["height"]
    page.goto("/practice")
    assert_accessible(page)
    log_out(page)

    log_in_with_code(page, live_server, therapist_email, secret)
    page.goto("/clients")
    card = page.locator(".client-card", has_text="Kim")
    expect(card).to_contain_text("PHQ-9 9")
    expect(card).to_contain_text("Questionnaire: question 9")
    assert_accessible(page)
    page.emulate_media(color_scheme="dark")
    assert_accessible(page)
