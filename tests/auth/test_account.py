from sqlalchemy import func, select

from tests.fixtures.accounts import PASSWORD, post_form
from webapp.auth.models import User

NEW_PASSWORD = "amber lantern drifting north 7"


def test_account_pages_need_login(client):
    for url in ("/account", "/account/password", "/account/delete"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.location


def test_update_profile(client, person, db_session):
    response = post_form(client, "/account", {"display_name": "Jo", "timezone": "Asia/Tokyo"})
    assert response.status_code == 302
    assert db_session.scalar(select(User.timezone)) == "Asia/Tokyo"


def test_change_password_keeps_this_session_and_ends_others(app, client, person, auth):
    other = app.test_client()
    post_form(other, "/login", {"email": person.email, "password": PASSWORD})
    response = post_form(client, "/account/password",
                         {"current_password": PASSWORD, "new_password": NEW_PASSWORD})
    assert response.status_code == 302
    assert client.get("/account").status_code == 200
    assert other.get("/account").status_code == 302
    auth.logout()
    assert auth.login(person.email, NEW_PASSWORD).status_code == 302


def test_change_password_with_wrong_current_password(client, person):
    response = post_form(client, "/account/password",
                         {"current_password": "wrong wrong wrong", "new_password": NEW_PASSWORD})
    assert response.status_code == 422
    assert "not your current password" in response.get_data(as_text=True)


def test_change_password_refuses_weak_new_password(client, person):
    response = post_form(client, "/account/password",
                         {"current_password": PASSWORD, "new_password": "1234567890"})
    assert response.status_code == 422
    assert "too easy to guess" in response.get_data(as_text=True)


def test_delete_account_needs_the_password(client, person, db_session):
    response = post_form(client, "/account/delete", {"password": "not my password"})
    assert response.status_code == 422
    assert db_session.scalar(select(func.count()).select_from(User)) == 1


def test_delete_account_removes_the_user_and_signs_out(client, person, make_user, db_session):
    keeper = make_user()
    response = post_form(client, "/account/delete", {"password": PASSWORD})
    assert response.status_code == 302
    assert db_session.scalars(select(User.email)).all() == [keeper.email]
    assert client.get("/account").status_code == 302


def test_account_pages_are_not_cached(client, person):
    assert client.get("/account").headers["Cache-Control"] == "no-store"
