from sqlalchemy import select

from tests.fixtures.accounts import PASSWORD, post_form
from webapp.auth.models import User

GOOD = {"display_name": "Robin", "email": "Robin@Example.com", "password": PASSWORD,
        "timezone": "Europe/Berlin"}


def test_register_creates_person_signs_in_and_keeps_zone(client, db_session):
    response = post_form(client, "/register", GOOD)
    assert response.status_code == 302
    user = db_session.scalar(select(User))
    assert (user.email, user.role, user.timezone) == (
        "robin@example.com", "person", "Europe/Berlin")
    assert user.password_hash.startswith("$argon2id$")
    assert "Hello, Robin" in client.get("/").get_data(as_text=True)


def test_therapist_registration_gets_therapist_role(client, db_session):
    post_form(client, "/therapist/register", GOOD)
    assert db_session.scalar(select(User.role)) == "therapist"


def test_unknown_timezone_falls_back_to_default(client, db_session):
    post_form(client, "/register", {**GOOD, "timezone": "Mars/Olympus"})
    assert db_session.scalar(select(User.timezone)) == "UTC"


def test_duplicate_email_is_refused_and_form_kept(client, make_user):
    make_user(email="robin@example.com")
    response = post_form(client, "/register", GOOD)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "cannot be used to sign up" in html and "already exists" not in html
    assert 'value="Robin"' in html and 'value="Robin@Example.com"' in html


def test_short_password_is_refused_with_message(client, db_session):
    response = post_form(client, "/register", {**GOOD, "password": "short1!"})
    assert response.status_code == 422
    assert "at least 10 characters" in response.get_data(as_text=True)
    assert db_session.scalar(select(User)) is None


def test_common_password_is_refused_helpfully(client, db_session):
    response = post_form(client, "/register", {**GOOD, "password": "password123"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "too easy to guess" in html
    assert db_session.scalar(select(User)) is None


def test_long_passphrase_of_128_characters_is_allowed(client, db_session):
    long_password = ("quiet river under violet hills " * 5)[:128]
    response = post_form(client, "/register", {**GOOD, "password": long_password})
    assert response.status_code == 302


def test_bad_email_and_missing_name_get_messages_next_to_fields(client):
    response = post_form(client, "/register", {**GOOD, "email": "not-an-email", "display_name": ""})
    html = response.get_data(as_text=True)
    assert "Enter an email address like" in html
    assert "Enter a name" in html
    assert 'aria-invalid="true"' in html


def test_register_without_csrf_token_is_rejected(client, db_session):
    response = client.post("/register", data=GOOD)
    assert response.status_code == 400
    assert "form expired" in response.get_data(as_text=True)
    assert db_session.scalar(select(User)) is None


def test_registration_is_rate_limited(client):
    statuses = [post_form(client, "/register", {**GOOD, "email": f"r{i}@example.com",
                                                "password": "x"}).status_code for i in range(6)]
    assert statuses[:5] == [422] * 5
    assert statuses[5] == 429
