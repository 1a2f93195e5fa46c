"""Real Chromium at phone size: sign up, log out, log in; axe on every page."""
import itertools

import pytest
from playwright.sync_api import Page, expect

from tests.fixtures.accounts import PASSWORD

pytestmark = pytest.mark.browser
_n = itertools.count(1)


def sign_up(page: Page, role_path: str = "/register") -> str:
    email = f"browser{next(_n)}@example.com"
    page.goto(role_path)
    page.get_by_label("What should we call you?").fill("Kim")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello, Kim")
    return email


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_text("You are logged out.")).to_be_visible()


def test_sign_up_fills_time_zone_from_the_browser(page: Page):
    page.goto("/register")
    expect(page.get_by_label("Time zone")).not_to_have_value("")


def test_sign_up_log_out_and_log_in_again(page: Page):
    email = sign_up(page)
    log_out(page)
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill("a wrong password here")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("do not match an account")).to_be_visible()
    expect(page.get_by_label("Email")).to_have_value(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello, Kim")


PUBLIC_PAGES = ["/", "/login", "/register", "/therapist/register", "/no-such-page"]
PRIVATE_PAGES = ["/", "/account", "/account/password", "/account/delete"]


def test_public_pages_pass_axe(page: Page, assert_accessible):
    for url in PUBLIC_PAGES:
        page.goto(url)
        assert_accessible(page)


def test_public_pages_pass_axe_in_dark_mode(page: Page, assert_accessible):
    page.emulate_media(color_scheme="dark")
    for url in PUBLIC_PAGES:
        page.goto(url)
        assert_accessible(page)


def test_signed_in_pages_pass_axe(page: Page, assert_accessible):
    sign_up(page)
    for url in PRIVATE_PAGES:
        page.goto(url)
        assert_accessible(page)


def test_form_errors_pass_axe_and_keep_input(page: Page, assert_accessible):
    page.goto("/register")
    page.get_by_label("What should we call you?").fill("Kim")
    page.get_by_label("Email").fill("not an email")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_text("Enter an email address like")).to_be_visible()
    expect(page.get_by_label("What should we call you?")).to_have_value("Kim")
    assert_accessible(page)


def test_no_horizontal_scroll_at_320px(page: Page):
    page.set_viewport_size({"width": 320, "height": 640})
    for url in ["/", "/register"]:
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_tap_targets_are_at_least_44px(page: Page):
    sign_up(page)
    page.goto("/account")
    small = page.evaluate("""() => [
        ...document.querySelectorAll('a, button, input, select, textarea')]
        .filter(el => el.offsetParent !== null && !el.closest('p, li.inline, .disclaimer'))
        .map(el => [el.outerHTML.slice(0, 80), el.getBoundingClientRect().height])
        .filter(([, h]) => h < 44)""")
    assert small == []
