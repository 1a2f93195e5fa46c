"""Sharing in real Chromium: a person shares by code, the therapist reads it; axe clean."""
import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_accounts_browser import log_out, sign_up
from tests.browser.two_factor_support import log_in_with_code, set_up_two_factor

pytestmark = pytest.mark.browser


def test_share_then_stop_sharing(page: Page, assert_accessible, live_server):
    sign_up(page, "/therapist/register")
    page.goto("/clients")
    set_up_two_factor(page, live_server)
    page.goto("/clients")
    page.get_by_role("button", name="Make my sharing code").click()
    code = page.locator(".share-code").inner_text()
    assert_accessible(page)
    log_out(page)
    sign_up(page)
    page.get_by_role("link", name="Share").click()
    page.get_by_label("Your therapist's code").fill(code)
    page.get_by_role("button", name="Share", exact=True).click()
    expect(page.get_by_text("Your diary is now shared")).to_be_visible()
    assert_accessible(page)
    page.emulate_media(color_scheme="dark")
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("Stop sharing with")).click()
    expect(page.get_by_text("Sharing stopped")).to_be_visible()


def test_therapist_reads_a_client(page: Page, assert_accessible, live_server):
    therapist_email = sign_up(page, "/therapist/register")
    page.goto("/clients")
    secret = set_up_two_factor(page, live_server)
    page.goto("/clients")
    page.get_by_role("button", name="Make my sharing code").click()
    code = page.locator(".share-code").inner_text()
    log_out(page)
    sign_up(page)
    page.goto("/diary/new")
    page.locator('.bm-area[data-value="calf:left"]').first.click()
    page.locator(".sticky-save").get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("safety questions")
    page.goto("/share")
    page.get_by_label("Your therapist's code").fill(code)
    page.get_by_role("button", name="Share", exact=True).click()
    log_out(page)
    log_in_with_code(page, live_server, therapist_email, secret)
    page.get_by_role("link", name="Clients", exact=True).click()
    page.get_by_role("link", name="Kim").click()
    expect(page.get_by_text("Left calf")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Red-flag answers and what helps").click()
    assert_accessible(page)
