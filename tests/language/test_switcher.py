"""The language switcher: a small form at the foot of every page (no JavaScript),
POST /language, a cookie for a year, the account's choice, and back to the page."""
from __future__ import annotations

from html.parser import HTMLParser
from http.cookies import SimpleCookie
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from tests.core.test_database_outage import sample_urls
from tests.fixtures.accounts import PASSWORD, post_form
from tests.language.conftest import page_language
from tests.property.strategies import FORM_VALUE, PROPERTY
from webapp import db
from webapp.auth.models import User

COOKIE = "steady_lang"
YEAR = 365 * 24 * 60 * 60


class Switcher(HTMLParser):
    """The switcher forms on a page: their fields and buttons, as a browser sees them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, Any]] = []
        self._open = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("action") == "/language":
            self._open = True
            self.forms.append({"method": a.get("method", ""), "fields": {}, "buttons": []})
        elif self._open and tag == "input":
            self.forms[-1]["fields"][a.get("name")] = a.get("value")
        elif self._open and tag == "button":
            self.forms[-1]["buttons"].append({**a, "text": ""})

    def handle_data(self, data: str) -> None:
        if self._open and self.forms[-1]["buttons"]:
            self.forms[-1]["buttons"][-1]["text"] += data.strip()

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._open = False


def switchers(html: str) -> list[dict[str, Any]]:
    parser = Switcher()
    parser.feed(html)
    return parser.forms


def check_switcher(html: str, where: str, *, current: str = "en", next_url: str | None = None,
                   ) -> None:
    forms = switchers(html)
    assert forms, f"{where}: no language switcher"
    form = forms[0]
    assert form["method"] == "post", where
    assert form["fields"].get("csrf_token"), f"{where}: no form token"
    if next_url is not None:
        assert form["fields"].get("next") == next_url, where
    buttons = {b["value"]: b for b in form["buttons"]}
    assert set(buttons) == {"en", "es"}, where
    assert buttons["en"]["text"] == "English" and buttons["es"]["text"] == "Español", where
    for value, button in buttons.items():
        assert button.get("name") == "language" and button.get("lang") == value, where
        assert button.get("type", "submit") == "submit", where
        marked = button.get("aria-current") == "true"
        assert marked == (value == current), f"{where}: {value} marked {marked}"


def test_every_page_carries_the_switcher(app, client, make_user):
    """Every HTML page a GET answers (error pages too), signed out and signed in."""
    person = make_user()
    signed_in = app.test_client()
    post_form(signed_in, "/login", {"email": person.email, "password": PASSWORD})
    checked = 0
    for who, visitor in (("visitor", client), ("person", signed_in)):
        for url in sample_urls(app):
            response = visitor.get(url)
            if response.mimetype != "text/html" or 300 <= response.status_code < 400:
                continue
            check_switcher(response.get_data(as_text=True), f"{who} {url}")
            checked += 1
    assert checked > 60


def test_the_switcher_returns_to_the_same_page_and_marks_the_language(client):
    html = client.get("/learn/search?q=eyelid", headers={"Accept-Language": "es"}).get_data(
        as_text=True)
    check_switcher(html, "search", current="es", next_url="/learn/search?q=eyelid")


def choose(client: FlaskClient, language: Any, next_url: Any = "/learn", **kwargs: Any) -> Any:
    data = {"language": language, "next": next_url}
    return post_form(client, "/language", {k: v for k, v in data.items() if v is not None},
                     form_page="/learn", **kwargs)


def language_cookie(response: Any) -> SimpleCookie | None:
    for header in response.headers.getlist("Set-Cookie"):
        if header.startswith(f"{COOKIE}="):
            return SimpleCookie(header)
    return None


def test_choosing_sets_a_year_long_lax_cookie_and_goes_back(client):
    response = choose(client, "es", "/learn/red-flags")
    assert response.status_code == 302
    assert response.location == "/learn/red-flags"
    cookie = language_cookie(response)[COOKIE]
    assert cookie.value == "es"
    assert YEAR <= int(cookie["max-age"]) <= YEAR + 24 * 60 * 60
    assert cookie["samesite"] == "Lax" and cookie["httponly"] and cookie["path"] == "/"
    assert not cookie["secure"]
    html = client.get("/learn/red-flags", headers={"Accept-Language": "en"}).get_data(
        as_text=True)
    assert page_language(html) == "es"
    assert choose(client, "en").status_code == 302
    assert page_language(client.get("/learn").get_data(as_text=True)) == "en"


# Over the test client's plain http a secure session cookie never comes back, so the
# form token could not match: this one test posts without it.
@pytest.mark.parametrize("app_config", [{"SESSION_COOKIE_SECURE": True,
                                         "WTF_CSRF_ENABLED": False}])
def test_the_cookie_is_secure_when_the_session_cookie_is(client):
    response = client.post("/language", data={"language": "es", "next": "/"})
    assert response.status_code == 302
    assert language_cookie(response)[COOKIE]["secure"]


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/", "/\\evil",
                                    "javascript:alert(1)", "", None, "x" * 3000])
def test_a_return_address_off_the_site_goes_home(client, target):
    response = choose(client, "es", target)
    assert response.status_code == 302
    assert response.location == "/"
    assert language_cookie(response)[COOKIE].value == "es"


@pytest.mark.parametrize("language", ["fr", "", "ES", "es-ES", "<script>", ["en", "es"], None])
def test_a_language_we_do_not_have_is_refused_with_a_message(client, language):
    response = choose(client, language)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "English" in html and "Español" in html
    assert "is not one Steady speaks" in html
    assert language_cookie(response) is None
    assert "<script>" not in html


def test_the_form_needs_its_token(client):
    response = client.post("/language", data={"language": "es", "next": "/"})
    assert response.status_code == 400
    assert language_cookie(response) is None


def languages(app: Flask) -> dict[str, str | None]:
    with app.app_context():
        return dict(db.session.execute(select(User.email, User.language)).all())


def test_a_signed_in_choice_is_kept_on_the_account_only(app, client, make_user, auth):
    person, other = make_user(), make_user()
    auth.login(person.email)
    response = choose(client, "es", "/account")
    assert response.status_code == 302 and response.location == "/account"
    assert languages(app) == {person.email: "es", other.email: None}
    # Another phone, no cookie: the account says Spanish.
    elsewhere = app.test_client()
    post_form(elsewhere, "/login", {"email": person.email, "password": PASSWORD})
    assert page_language(elsewhere.get("/", headers={"Accept-Language": "en"}).get_data(
        as_text=True)) == "es"
    assert choose(client, "en").status_code == 302
    assert languages(app) == {person.email: "en", other.email: None}


def test_the_account_page_shows_the_choice(app, client, make_user, auth):
    person = make_user()
    auth.login(person.email)
    choose(client, "es")
    html = client.get("/account").get_data(as_text=True)
    forms = switchers(html)
    assert len(forms) == 2, "the account page has its own, beside the one at the foot"
    check_switcher(html, "account", current="es", next_url="/account")
    assert 'id="language-title"' in html


@PROPERTY
@given(language=st.one_of(FORM_VALUE, st.sampled_from(["en", "es", ["es"], "e\x00s"])),
       next_url=FORM_VALUE)
def test_hostile_values_never_break_the_switcher(app, client, language, next_url):
    token = client.get("/api/csrf").get_json()["token"]
    response = client.post("/language", data={"csrf_token": token, "language": language,
                                               "next": next_url})
    sent = [v.replace("\x00", "") for v in (language if isinstance(language, list) else [language])]
    chosen = sent[0] if len(sent) == 1 else None  # NUL is dropped on arrival (security.py)
    if chosen in ("en", "es"):
        assert response.status_code == 302
        assert response.location.startswith("/") and not response.location.startswith("//")
        assert language_cookie(response)[COOKIE].value == chosen
    else:
        assert response.status_code == 400
        assert "is not one Steady speaks" in response.get_data(as_text=True)
        assert language_cookie(response) is None
