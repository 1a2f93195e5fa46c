"""A cookie names a person only through a random token that is never reused:
a deleted account's session or remember-me cookie signs nobody in, even when
the next account to register is stored in the same place."""
from __future__ import annotations

import uuid

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.fixtures.accounts import PASSWORD, post_form
from tests.fixtures.diary import local_now_str

B_NOTE = "BRAVO-PRIVATE note about the left calf"


def register(client: FlaskClient, email: str, name: str) -> None:
    response = post_form(client, "/register", {
        "email": email, "password": PASSWORD, "confirm": PASSWORD, "display_name": name,
        "timezone": "UTC"})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]


def cookies_of(client: FlaskClient) -> dict[str, str]:
    return {c.key: c.value for c in client._cookies.values()}


def replay(app: Flask, cookies: dict[str, str], only: str) -> FlaskClient:
    thief = app.test_client()
    thief.set_cookie(only, cookies[only])
    return thief


@pytest.mark.parametrize("cookie", ["session", "remember_token"])
def test_a_deleted_accounts_cookie_never_opens_the_next_account(app, client, auth, cookie):
    register(client, "alpha@example.com", "Alpha")
    auth.logout()
    auth.login("alpha@example.com", remember=True)
    stolen = cookies_of(client)
    assert cookie in stolen
    deleted = post_form(client, "/account/delete", {"password": PASSWORD})
    assert deleted.status_code == 302

    bravo = app.test_client()
    register(bravo, "bravo@example.com", "Bravo")
    saved = post_form(bravo, "/diary/new", {"uuid": str(uuid.uuid4()), "areas": ["calf:left"],
                                            "occurred_at": local_now_str("UTC"), "note": B_NOTE})
    assert saved.status_code == 302
    assert B_NOTE in bravo.get("/diary/").get_data(as_text=True)

    thief = replay(app, stolen, cookie)
    page = thief.get("/diary/")
    assert page.status_code == 302 and "/login" in page.location
    account = thief.get("/account")
    assert account.status_code == 302
    assert "Bravo" not in thief.get("/").get_data(as_text=True)


def test_ids_of_deleted_accounts_are_not_handed_out_again(app, make_user, client, auth, db_session):
    from webapp.auth.models import User

    first = make_user()
    auth.login(first.email)
    post_form(client, "/account/delete", {"password": PASSWORD})
    second = make_user()
    assert second.id > first.id
    assert db_session.get(User, first.id) is None


def test_the_cookie_carries_no_guessable_identity(app, make_user, db_session):
    from webapp.auth.models import User

    one, two = make_user(), make_user()
    tokens = [db_session.get(User, u.id).get_id() for u in (one, two)]
    assert tokens[0] != tokens[1]
    for token, user in zip(tokens, (one, two), strict=True):
        assert len(token) >= 40 and str(user.id) not in token.split("-")[:1]


def test_logout_and_password_change_rotate_the_token(app, make_user, auth, client, db_session):
    from webapp.auth.models import User

    user = make_user()
    before = db_session.get(User, user.id).get_id()
    auth.login(user.email)
    auth.logout()
    db_session.expire_all()
    after_logout = db_session.get(User, user.id).get_id()
    assert after_logout != before
    auth.login(user.email)
    new = "an entirely new passphrase for steady 77"
    post_form(client, "/account/password", {"current_password": PASSWORD, "new_password": new,
                                            "confirm": new})
    db_session.expire_all()
    assert db_session.get(User, user.id).get_id() != after_logout
    assert client.get("/account").status_code == 200  # this device stays signed in
