"""The offline and install pages, the install card and the per-device offline setting."""
import re

import pytest

PAGES = ["/offline", "/install"]


@pytest.mark.parametrize("url", PAGES)
def test_shell_pages_open_for_anyone_within_the_query_budget(client, count_queries, url):
    with count_queries() as log:
        response = client.get(url)
    assert response.status_code == 200
    assert log.count <= 5, log


@pytest.mark.parametrize("url", PAGES)
def test_shell_pages_stay_within_budget_when_signed_in(client, person, count_queries, url):
    with count_queries() as log:
        response = client.get(url)
    assert response.status_code == 200
    assert log.count <= 5, log


def test_offline_page_says_what_still_works(client):
    html = client.get("/offline").get_data(as_text=True)
    assert "You are offline" in html
    assert 'href="/learn"' in html and "Read Learn" in html
    assert 'href="/exercises/breathe/calm"' in html
    assert 'href="/diary/new"' in html and "will sync later" in html
    assert "If you need help now" in html  # emergency advice needs no connection


def test_install_page_has_steps_for_android_iphone_and_desktop(client):
    html = client.get("/install").get_data(as_text=True)
    for heading in ("Android phone or tablet", "iPhone or iPad", "Computer"):
        assert heading in html
    assert "Add to Home Screen" in html
    assert re.search(r'<button type="button" class="button" data-install-button hidden>', html)


def test_home_page_has_the_install_card_with_the_button_hidden_until_offered(client):
    html = client.get("/").get_data(as_text=True)
    card = html.split('data-install-card>', 1)[1].split("</section>", 1)[0]
    assert "Install Steady" in html
    assert re.search(r"data-install-button hidden", card)
    assert re.search(r"data-install-ios hidden", card)
    assert 'href="/install"' in card


def test_account_page_offers_the_offline_setting_off_by_default(client, person):
    html = client.get("/account").get_data(as_text=True)
    assert "Keep my last 30 days readable offline on this phone" in html
    box = re.search(r"<input [^>]*data-keep-offline[^>]*>", html).group(0)
    assert "checked" not in box
    assert re.search(r"<section [^>]*data-offline-setting hidden>", html)


def test_offline_shell_markup_needs_no_inline_script_or_style(client):
    for url in ["/", "/offline", "/install"]:
        html = client.get(url).get_data(as_text=True)
        assert " style=" not in html, url
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), url
        assert '<template id="pwa-ui">' in html
