"""Which language a page speaks: a signed-in person's stored choice, else the
language cookie this phone keeps, else the browser's languages, else English."""
from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from tests.fixtures.accounts import PASSWORD
from tests.language.conftest import page_language
from webapp import db
from webapp.auth.models import User

COOKIE = "steady_lang"


def store_language(app: Flask, user: Any, language: str | None) -> None:
    assert "language" in User.__table__.c, "accounts keep a language"
    with app.app_context():
        db.session.get(User, user.id).language = language
        db.session.commit()


@pytest.mark.parametrize(("header", "expected"), [
    ("es-ES,es;q=0.9,en;q=0.8", "es"), ("es-MX", "es"), ("fr, es;q=0.5", "es"),
    ("en-GB,en;q=0.9", "en"), ("de", "en"), ("es;q=0, en;q=0.1", "en"), (None, "en"),
])
def test_the_browser_languages_choose_when_nothing_else_does(client, header, expected):
    headers = {"Accept-Language": header} if header else {}
    html = client.get("/", headers=headers).get_data(as_text=True)
    assert page_language(html) == expected


def test_the_catalogue_speaks_the_chosen_language(client):
    html = client.get("/", headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert "Saltar al contenido" in html and "Skip to content" not in html


def test_the_cookie_beats_the_browser(client):
    client.set_cookie(COOKIE, "es")
    html = client.get("/learn", headers={"Accept-Language": "en-GB"}).get_data(as_text=True)
    assert page_language(html) == "es"
    client.set_cookie(COOKIE, "en")
    html = client.get("/learn", headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert page_language(html) == "en"


@pytest.mark.parametrize("forged", ["fr", "<b>es</b>", "ES-es", "", "e" * 300])
def test_a_cookie_that_names_no_language_we_have_is_ignored(client, forged):
    client.set_cookie(COOKIE, forged)
    response = client.get("/", headers={"Accept-Language": "es"})
    assert response.status_code == 200
    assert page_language(response.get_data(as_text=True)) == "es"
    assert "<b>es" not in response.get_data(as_text=True)


def test_the_account_beats_the_cookie_and_the_browser(app, client, make_user, auth):
    user = make_user()
    store_language(app, user, "es")
    auth.login(user.email, PASSWORD)
    client.set_cookie(COOKIE, "en")
    for url in ("/", "/diary/", "/account", "/learn/red-flags"):
        html = client.get(url, headers={"Accept-Language": "en"}).get_data(as_text=True)
        assert page_language(html) == "es", url


def test_an_account_without_a_choice_follows_the_cookie(app, client, make_user, auth):
    user = make_user()
    auth.login(user.email, PASSWORD)
    client.set_cookie(COOKIE, "es")
    html = client.get("/diary/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert page_language(html) == "es"


def test_a_stored_language_we_no_longer_have_falls_back(app, client, make_user, auth):
    user = make_user()
    store_language(app, user, "xx")
    auth.login(user.email, PASSWORD)
    html = client.get("/", headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert page_language(html) == "es"


def test_choosing_costs_a_signed_in_page_no_extra_statement(app, client, make_user, auth,
                                                           count_queries):
    user = make_user()
    store_language(app, user, "es")
    auth.login(user.email, PASSWORD)
    client.get("/learn")  # warm: catalogues and articles loaded once per process
    with count_queries() as log:
        html = client.get("/learn").get_data(as_text=True)
    assert page_language(html) == "es"
    assert log.count <= 1, log  # the signed-in user, loaded once, language included


def test_an_expired_therapist_session_still_answers(app, make_user, client, auth):
    """The loader signs an idle therapist out with a translated message: choosing the
    language while the loader runs must not load the user a second time."""
    therapist = make_user(role="therapist")
    store_language(app, therapist, "es")
    auth.login(therapist.email)
    app.config["CLOCK"].advance(seconds=app.config["THERAPIST_IDLE_SECONDS"] + 60)
    response = client.get("/clients", follow_redirects=True)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert html.count("without activity") == 1
