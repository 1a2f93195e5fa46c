"""Authenticator secrets are sealed at rest (webapp/auth/sealed.py): the database
holds no secret anyone could make codes from; the app still signs people in; a
secret sealed under another SECRET_KEY refuses every code (a recovery code still
works); secrets stored before sealing are sealed by `flask db upgrade`."""
from __future__ import annotations

from datetime import timedelta

import pyotp
from alembic import command
from sqlalchemy import text

from tests.fixtures.accounts import PASSWORD, post_form
from tests.fixtures.app import make_app
from webapp import db
from webapp.auth.sealed import PREFIX


def stored(app, user_id: int) -> str:
    with app.app_context():
        return db.session.execute(text("SELECT secret FROM two_factor WHERE user_id = :u"),
                                  {"u": user_id}).scalar_one()


def code(app, secret: str) -> str:
    return pyotp.TOTP(secret).at(app.config["CLOCK"].advance(seconds=30))


def test_the_database_holds_no_secret_and_codes_still_sign_in(app, client, make_user):
    first, second = make_user(two_factor=True), make_user(two_factor=True)
    for user in (first, second):
        raw = stored(app, user.id)
        assert raw.startswith(PREFIX) and user.totp_secret not in raw
    assert stored(app, first.id) != stored(app, second.id)
    post_form(client, "/login", {"email": first.email, "password": PASSWORD})
    assert post_form(client, "/login/code",
                     {"code": code(app, first.totp_secret)}).status_code == 302
    assert client.get("/account").status_code == 200


def test_under_another_secret_key_every_code_is_refused_and_a_recovery_code_works(
        app, database_url, make_user):
    user = make_user(two_factor=True)
    other = make_app(database_url, SECRET_KEY="another-secret-key-that-is-long-enough-0123456")
    try:
        phone = other.test_client()
        post_form(phone, "/login", {"email": user.email, "password": PASSWORD})
        for _ in range(3):  # the code the authenticator shows is refused, calmly
            refused = post_form(phone, "/login/code", {"code": code(other, user.totp_secret)})
            assert refused.status_code == 422
            assert "That code is not right" in refused.get_data(as_text=True)
        fresh = other.test_client()
        post_form(fresh, "/login", {"email": user.email, "password": PASSWORD})
        assert post_form(fresh, "/login/code",
                         {"code": user.recovery_codes[0]}).status_code == 302
    finally:
        other.extensions["steady_engine"].dispose()


def test_db_upgrade_seals_a_secret_stored_before_sealing(app, client, make_user, database_url):
    user = make_user(two_factor=True)
    plain = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    with app.app_context():
        cfg = db.alembic_config(database_url)
        with db.get_engine().begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "dv01")
            conn.execute(text("UPDATE two_factor SET secret = :s WHERE user_id = :u"),
                         {"s": plain, "u": user.id})
    post_form(client, "/login", {"email": user.email, "password": PASSWORD})
    assert post_form(client, "/login/code", {"code": code(app, plain)}).status_code == 302
    with app.app_context(), db.get_engine().begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    raw = stored(app, user.id)
    assert raw.startswith(PREFIX) and plain not in raw
    client.application.config["CLOCK"].advance(seconds=timedelta(minutes=1).total_seconds())
    assert post_form(client, "/logout", {}, form_page="/").status_code == 302
    post_form(client, "/login", {"email": user.email, "password": PASSWORD})
    assert post_form(client, "/login/code", {"code": code(app, plain)}).status_code == 302
