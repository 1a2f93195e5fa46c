"""Steady in Spanish, in real Chromium at 390x844: a phone set to Spanish gets
Spanish from the first page; the main flows (sign up, log a twitch and answer the
safety questions, the daily check-in, a breathing exercise, help now) work in
Spanish and pass axe; the switcher changes the language without JavaScript and
the choice stays with the account."""
from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.fixtures.accounts import PASSWORD
from tests.fixtures.browser import PHONE, LiveServer

pytestmark = pytest.mark.browser

CATALOGUE = (Path(__file__).resolve().parents[2] / "webapp" / "translations" / "es"
             / "LC_MESSAGES" / "messages.po")
_n = itertools.count()


@cache
def _spanish() -> dict[str, str]:
    with CATALOGUE.open("rb") as po:
        return {m.id: m.string for m in read_po(po) if isinstance(m.id, str) and m.id}


def es(english: str) -> str:
    """What the Spanish page says for ``english`` (the catalogue's own translation)."""
    return _spanish()[english]


@pytest.fixture
def spanish_phone(browser: Browser, live_server: LiveServer) -> Iterator[BrowserContext]:
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, locale="es-ES")
    yield context
    context.close()


def sign_up_in_spanish(page: Page) -> str:
    email = f"espanol{next(_n)}@example.com"
    page.goto("/register")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    page.get_by_label(es("What should we call you?")).fill("Lucía")
    page.get_by_label(es("Email")).fill(email)
    page.get_by_label(es("Password"), exact=True).fill(PASSWORD)
    page.get_by_role("button", name=es("Create account")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Lucía")
    return email


def test_the_main_flows_in_spanish(spanish_phone: BrowserContext, assert_accessible):
    page = spanish_phone.new_page()
    sign_up_in_spanish(page)
    assert_accessible(page)
    # Log a twitch with the body map, then the safety questions, all "No".
    page.get_by_role("link", name=es("Log a twitch")).first.click()
    page.locator('.bm-area[data-value="calf:left"]').first.click()
    page.locator(".sticky-save").get_by_role("button", name=es("Save")).click()
    expect(page).to_have_url(re.compile(r"/diary/screener"))
    assert_accessible(page)
    for group in page.locator("form.screener fieldset").all():
        group.get_by_role("radio", name="No", exact=True).check()
    page.locator("form.screener").get_by_role("button").last.click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    # The daily check-in.
    page.goto("/diary/checkin")
    page.get_by_role("group", name=es("Anxiety today: 0 is calm, 10 is the most")).get_by_role(
        "radio", name="4", exact=True).check()
    page.get_by_role("button", name=es("Save check-in")).click()
    expect(page.get_by_text(es("Check-in saved. Thank you for taking a moment."))).to_be_visible()
    assert_accessible(page)
    # The diary, insights and a breathing exercise read in Spanish.
    for url in ("/diary/", "/diary/insights", "/exercises/breathe/calm", "/help"):
        page.goto(url)
        expect(page.locator("html")).to_have_attribute("lang", "es")
        assert_accessible(page)


def test_the_switcher_changes_the_language_and_the_account_keeps_it(
        spanish_phone: BrowserContext, browser: Browser, live_server: LiveServer):
    page = spanish_phone.new_page()
    page.route("**/*.js*", lambda route: route.abort())  # no JavaScript needed
    email = sign_up_in_spanish(page)
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("link", name="Log a twitch").first).to_be_visible()
    page.get_by_role("button", name="Español").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    page.get_by_role("button", name="English").click()
    # Another phone, set to Spanish: once signed in, the account's English wins.
    other = browser.new_context(base_url=live_server.url, viewport=PHONE, locale="es-ES")
    second = other.new_page()
    second.goto("/login")
    expect(second.locator("html")).to_have_attribute("lang", "es")
    second.get_by_label(es("Email")).fill(email)
    second.get_by_label(es("Password"), exact=True).fill(PASSWORD)
    second.locator("main").get_by_role("button", name=es("Log in")).click()
    expect(second.locator("html")).to_have_attribute("lang", "en")
    other.close()


VOICES = """(langs) => {
  speechSynthesis.getVoices = () => langs.map((lang) => ({ lang, name: lang, default: false }));
}"""


@pytest.mark.parametrize("voices, note_shown", [([], True), (["en-US"], True),
                                                (["en-US", "es-MX"], False)])
def test_spoken_steps_say_when_the_phone_has_no_spanish_voice(spanish_phone: BrowserContext,
                                                              voices, note_shown):
    page = spanish_phone.new_page()
    page.add_init_script(f"({VOICES})({voices!r})")
    page.goto("/exercises/breathe/calm")
    page.get_by_role("switch", name=es("Spoken steps")).check()
    note = page.get_by_text(es("This phone has no voice for this language, so the steps may be "
                               "read with the wrong accent. Tones and vibration work the same."))
    if note_shown:
        expect(note).to_be_visible()
    else:
        page.wait_for_timeout(1200)  # past the player's own one-second wait for voices
        expect(note).to_be_hidden()
