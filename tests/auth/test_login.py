from sqlalchemy import select

from tests.fixtures.accounts import PASSWORD, post_form
from webapp.auth.models import User
from webapp.auth.views import LOGIN_FAILED


def test_login_and_logout(client, auth, make_user):
    user = make_user()
    response = auth.login(user.email)
    assert response.status_code == 302
    assert "Log out" in client.get("/").get_data(as_text=True)
    auth.logout()
    assert "Log out" not in client.get("/").get_data(as_text=True)


def test_wrong_password_and_unknown_email_get_the_same_message(client, auth, make_user):
    user = make_user()
    wrong_password = auth.login(user.email, "not the password at all")
    unknown = auth.login("nobody@example.com", PASSWORD)
    for response in (wrong_password, unknown):
        assert response.status_code == 422
        assert LOGIN_FAILED.split(".")[0] in response.get_data(as_text=True)
    assert 'value="nobody@example.com"' in unknown.get_data(as_text=True)


def test_login_redirects_only_to_local_next(client, auth, make_user):
    user = make_user()
    response = post_form(client, "/login", {"email": user.email, "password": PASSWORD,
                                            "next": "/account"}, form_page="/login?next=/account")
    assert response.location == "/account"
    auth.logout()
    response = post_form(client, "/login", {"email": user.email, "password": PASSWORD,
                                            "next": "//evil.example/x"})
    assert response.location == "/"


def test_logout_requires_post(client, person):
    assert client.get("/logout").status_code == 405


def test_old_cookie_after_logout_is_logged_out(app, client, auth, make_user):
    user = make_user()
    auth.login(user.email, remember=True)
    stolen = {c.key: c.value for c in client._cookies.values()}
    auth.logout()
    replay = app.test_client()
    for key, value in stolen.items():
        replay.set_cookie(key, value)
    assert replay.get("/account").status_code == 302


def test_logout_ends_sessions_on_other_devices(app, auth, make_user):
    user = make_user()
    other_device = app.test_client()
    post_form(other_device, "/login", {"email": user.email, "password": PASSWORD})
    assert other_device.get("/account").status_code == 200
    auth.login(user.email)
    auth.logout()
    assert other_device.get("/account").status_code == 302


def test_logout_asks_the_browser_to_drop_cached_pages(auth, person):
    assert auth.logout().headers["Clear-Site-Data"] == '"cache"'


def test_login_is_rate_limited_per_account_before_hashing(client, auth, make_user, monkeypatch):
    user = make_user()
    calls = []
    import webapp.auth.services as services

    real = services.verify_password
    monkeypatch.setattr(services, "verify_password", lambda *a: calls.append(1) or real(*a))
    statuses = [auth.login(user.email, "wrong password here").status_code for _ in range(6)]
    assert statuses == [422] * 5 + [429]
    assert len(calls) == 5
    assert "Too many attempts" in auth.login(user.email).get_data(as_text=True)


def test_login_is_rate_limited_per_ip(app, client):
    app.config["RATELIMIT_LOGIN_ACCOUNT"] = "1000 per minute"
    app.config["RATELIMIT_LOGIN"] = "10 per minute"
    statuses = [post_form(client, "/login",
                          {"email": f"a{i}@example.com", "password": "x"}).status_code
                for i in range(11)]
    assert statuses[-1] == 429 and statuses[:10] == [422] * 10


def test_rate_limit_key_follows_proxy_when_configured(database_url):
    from tests.fixtures.app import make_app

    app = make_app(database_url, PROXY_FIX_X_FOR=1)
    seen = []
    app.add_url_rule("/ip", "ip",
                     lambda: seen.append(__import__("flask").request.remote_addr) or "ok")
    app.test_client().get("/ip", headers={"X-Forwarded-For": "203.0.113.9"})
    assert seen == ["203.0.113.9"]
    app.extensions["steady_engine"].dispose()


def test_login_rehashes_when_parameters_change(app, auth, make_user, db_session):
    user = make_user()
    old_hash = db_session.scalar(select(User.password_hash))
    app.config["ARGON2_MEMORY_KIB"] = 2048
    auth.login(user.email)
    db_session.expire_all()
    new_hash = db_session.scalar(select(User.password_hash))
    assert new_hash != old_hash and "m=2048" in new_hash


def test_default_hashing_parameters_are_owasp_argon2id():
    from webapp.config import Defaults

    assert (Defaults.ARGON2_MEMORY_KIB, Defaults.ARGON2_TIME_COST, Defaults.ARGON2_PARALLELISM) == (
        19 * 1024, 2, 1)


def test_demo_accounts_never_sign_in_on_a_production_server(app, make_user, client):
    demo = make_user(email="demo@steady.example")
    app.config["ENV_NAME"] = "production"
    refused = post_form(client, "/login", {"email": demo.email, "password": PASSWORD})
    assert refused.status_code == 422
    assert "only work on a copy of Steady" in refused.get_data(as_text=True)
    assert client.get("/account").status_code == 302
    app.config["ENV_NAME"] = "development"
    signed_in = post_form(client, "/login", {"email": demo.email, "password": PASSWORD})
    assert signed_in.status_code == 302
