"""Help now: one tap from every page, the person's region first, every number tap-to-call."""
from __future__ import annotations

import re
import uuid
from http.cookies import SimpleCookie

import pytest

from tests.fixtures.accounts import post_form
from tests.learn.pagehtml import read
from tests.pwa.test_worker import worker_settings

HELP_LINK = '<a class="helpnow-link" href="/help"'
TEL_RE = re.compile(r'href="(tel:[^"]*)"')
SMS_RE = re.compile(r'href="(sms:[^"]*)"')


def first_region(html: str) -> str | None:
    """The region shown before every other one, or None for "somewhere else"."""
    match = re.search(r'<h2 id="crisis-region-title">Numbers for ([^<]+)</h2>', html)
    return match.group(1) if match else None


def help_page(client, **headers) -> str:
    response = client.get("/help", headers=headers)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_every_number_is_a_well_formed_tap_to_call_or_text_link(app, client):
    html = help_page(client, **{"Accept-Language": "en-US"})
    tels, smses = TEL_RE.findall(html), SMS_RE.findall(html)
    assert tels and smses
    for href in tels + smses:
        assert re.fullmatch(r"(tel|sms):\*?[0-9]{3,15}", href), href  # *4141: a short code
    directory = app.extensions["steady_crisis"]
    for region in directory.regions.values():
        for line in region.lines:
            if line.can_call:
                assert f'href="tel:{line.digits}"' in html, (region.key, line.name)
            if line.can_text:
                assert f'href="sms:{line.digits}"' in html, (region.key, line.name)
            assert f'href="{line.source}"' in html
    assert 'href="tel:988">Call 988</a>' in html and 'href="sms:988">Text 988</a>' in html
    assert "Text SHOUT to 85258" in html
    assert 'href="https://findahelpline.com/"' in html


def test_the_offline_copy_still_holds_every_region(app, client):
    """The precached copy cannot know the cookie: the others wait in <details>."""
    html = help_page(client, **{"Accept-Language": "en-NZ"})
    assert first_region(html) == "New Zealand"
    others = html.split('id="crisis-others-title"', 1)[1]
    for region in app.extensions["steady_crisis"].regions.values():
        if region.key != "NZ":
            assert f"<summary>{region.name}</summary>" in others
    assert "<summary>New Zealand</summary>" not in others


@pytest.mark.parametrize(("header", "region"), [
    ("en-US,en;q=0.9", "United States"),
    ("en-GB", "United Kingdom"),
    ("en-IE", "Ireland"),
    ("fr-CA,fr;q=0.8", "Canada"),
    ("en-CA", "Canada"),
    ("en-AU", "Australia"),
    ("en-NZ", "New Zealand"),
    ("de-DE,de;q=0.9,en;q=0.5", "European Union"),
    ("fr-FR", "European Union"),
    ("nl-BE", "European Union"),
    ("pt-PT", "European Union"),
    ("fr;q=0.5,en-AU;q=0.9", "Australia"),  # the browser's favourite comes first
    ("zh-Hant-TW,en-GB;q=0.8", "United Kingdom"),  # a script subtag is skipped
    ("es-ES", "Spain (España)"),
    ("es-MX,es;q=0.9", "Mexico (México)"),
    ("es-CL", "Chile"),
])
def test_the_region_is_guessed_from_the_browser_language(client, header, region):
    client.set_cookie("steady_lang", "en")  # the words in English; the region from the header
    html = help_page(client, **{"Accept-Language": header})
    assert first_region(html) == region
    assert "Guessed from your browser" in html


@pytest.mark.parametrize("header", ["en", "de", "ja-JP", "es-PE", None])
def test_an_unknown_place_gets_findahelpline_and_every_region(client, header):
    client.set_cookie("steady_lang", "en")  # the words in English; the region from the header
    html = help_page(client, **({"Accept-Language": header} if header else {}))
    assert first_region(html) is None
    assert html.index('id="crisis-elsewhere-title"') < html.index('id="crisis-others-title"')
    assert "call your local emergency number" in html
    assert "<summary>United States</summary>" in html
    assert "<summary>European Union</summary>" in html


def test_a_chosen_region_is_kept_in_a_long_lived_lax_cookie(client):
    response = post_form(client, "/help/region", {"region": "NZ"}, form_page="/help")
    assert response.status_code == 302 and response.location.endswith("/help")
    cookie_header = next(h for h in response.headers.getlist("Set-Cookie")
                         if h.startswith("region="))
    cookie = SimpleCookie(cookie_header)["region"]
    assert cookie.value == "NZ"
    assert int(cookie["max-age"]) >= 365 * 24 * 60 * 60
    assert cookie["samesite"] == "Lax" and cookie["httponly"] and cookie["path"] == "/"
    html = help_page(client, **{"Accept-Language": "en-US"})
    assert first_region(html) == "New Zealand"
    assert "Guessed from your browser" not in html
    assert '<option selected value="NZ">New Zealand</option>' in html


def test_somewhere_else_can_be_chosen_too(client):
    post_form(client, "/help/region", {"region": "other"}, form_page="/help")
    assert first_region(help_page(client, **{"Accept-Language": "en-GB"})) is None


@pytest.mark.parametrize("value", ["ZZ", "<script>", "", "us"])
def test_a_region_that_is_not_on_the_list_is_refused(client, value):
    response = post_form(client, "/help/region", {"region": value}, form_page="/help")
    assert response.status_code == 302
    assert not any(h.startswith("region=") for h in response.headers.getlist("Set-Cookie"))
    assert "Please choose where you are" in client.get("/help").get_data(as_text=True)


def test_a_forged_cookie_falls_back_to_the_browser_language(client):
    client.set_cookie("region", "<b>XX</b>")
    html = help_page(client, **{"Accept-Language": "en-AU"})
    assert first_region(html) == "Australia" and "<b>XX" not in html


def test_choosing_a_region_needs_the_form_token(client):
    response = client.post("/help/region", data={"region": "GB"})
    assert response.status_code == 400
    assert HELP_LINK in response.get_data(as_text=True)  # the error page still offers help


def test_the_page_says_it_depends_on_cookie_and_language(client):
    vary = client.get("/help").headers["Vary"]
    assert "Cookie" in vary and "Accept-Language" in vary


def test_help_now_needs_no_database(client, count_queries):
    with count_queries() as log:
        assert client.get("/help").status_code == 200
    assert log.count == 0, log


def test_help_now_is_precached_with_the_shell(client):
    assert "/help" in worker_settings(client)["shell"]


def test_help_page_has_one_h1_and_labelled_sections(client):
    page = read(help_page(client, **{"Accept-Language": "en-GB"}))
    assert [h for h in page.headings if h[0] == 1] == [(1, "Help now")]
    assert page.headings[1] == (2, "Numbers for United Kingdom")


# One tap from every page: walk every GET route, signed out and signed in.

SAMPLE_VALUES = {"slug": {"learn.article": "red-flags", "exercises.relax": "pmr"},
                 "key": {"exercises.breathe": "calm"}}


def _sample(endpoint: str, name: str) -> object:
    if name in SAMPLE_VALUES:
        return SAMPLE_VALUES[name].get(endpoint, "x")
    if "uuid" in name or name == "key":
        return str(uuid.uuid4())
    return 1


def _html_pages(app):
    adapter = app.url_map.bind("localhost")
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        values = {name: _sample(rule.endpoint, name) for name in rule.arguments}
        yield adapter.build(rule.endpoint, values)


def _assert_help_everywhere(app, client) -> int:
    checked = 0
    for url in _html_pages(app):
        response = client.get(url, follow_redirects=True)
        if response.mimetype != "text/html":
            continue
        html = response.get_data(as_text=True)
        assert HELP_LINK in html, f"{url} ({response.status_code}) has no help-now link"
        checked += 1
    return checked


def test_help_now_is_one_tap_from_every_page_signed_out(app, client):
    assert _assert_help_everywhere(app, client) >= 15
    for url in ("/login", "/offline", "/no-such-page", "/learn/no-such-article"):
        assert HELP_LINK in client.get(url).get_data(as_text=True), url


def test_help_now_is_one_tap_from_every_page_signed_in(app, client, person):
    assert _assert_help_everywhere(app, client) >= 15
    html = client.get("/help").get_data(as_text=True)
    assert 'class="helpnow-link" href="/help" aria-current="page"' in html


def test_help_now_is_one_tap_for_a_therapist(app, client, make_user, auth):
    therapist = make_user(role="therapist")
    auth.login(therapist.email)
    assert _assert_help_everywhere(app, client) >= 10


def test_the_red_flags_article_sends_thoughts_of_self_harm_straight_to_help(client):
    html = client.get("/learn/red-flags").get_data(as_text=True)
    body = html.split('class="article-body"', 1)[1]
    paragraph = re.search(r"<p>(?:(?!</p>).)*thoughts of harming yourself(?:(?!</p>).)*</p>",
                          body, re.DOTALL)
    assert paragraph and 'href="/help"' in paragraph.group(0)
    assert "do not wait for an appointment" in paragraph.group(0)
