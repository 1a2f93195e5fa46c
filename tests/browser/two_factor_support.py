"""Two-step sign-in in the browser: set it up from the page, and sign in with the
code, computed with pyotp on the live server's fixed clock (never the wall clock)."""
from __future__ import annotations

from typing import Any

import pyotp
from playwright.sync_api import Page, expect

from tests.fixtures.accounts import PASSWORD


def next_code(live_server: Any, secret: str) -> str:
    """The code half a minute on from the server's clock, which moves there: each
    code is from a step not used before."""
    return pyotp.TOTP(secret).at(live_server.app.config["CLOCK"].advance(seconds=30))


def set_up_two_factor(page: Page, live_server: Any) -> str:
    """On the setup page: read the key, confirm a code; returns the key."""
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-step sign-in")
    secret = page.locator("#totp-secret").inner_text().strip()
    page.get_by_label("Code").fill(next_code(live_server, secret))
    page.get_by_role("button", name="Turn on two-step sign-in").click()
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    return secret


def log_in_with_code(page: Page, live_server: Any, email: str, secret: str) -> None:
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
    page.get_by_label("Code").fill(next_code(live_server, secret))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Enter your code")).to_have_count(0)
