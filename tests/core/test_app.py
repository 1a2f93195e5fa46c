import threading

import pytest
from sqlalchemy import text

from tests.fixtures.app import make_app
from webapp import db
from webapp.config import ConfigError


def test_home_invites_a_new_person_to_sign_up(client):
    html = client.get("/").get_data(as_text=True)
    assert 'href="/register"' in html
    assert "does not diagnose" in html
    assert "If you need help now" in html


def test_healthz_reports_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_security_headers_on_pages_and_error_pages(client):
    for response in (client.get("/"), client.get("/no-such-page")):
        csp = response.headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "unsafe-inline" not in csp
        for directive in ("object-src 'none'", "base-uri 'none'", "form-action 'self'",
                          "frame-ancestors 'none'", "script-src 'self'", "style-src 'self'"):
            assert directive in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"]
        assert response.headers["Permissions-Policy"]
        assert "Strict-Transport-Security" not in response.headers


def test_hsts_and_secure_cookies_over_https(database_url):
    app = make_app(database_url, ENV_NAME="production", PROXY_FIX_X_PROTO=1)
    response = app.test_client().get("/login", headers={"X-Forwarded-Proto": "https"})
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    assert "Secure" in response.headers["Set-Cookie"]
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    app.extensions["steady_engine"].dispose()


def test_friendly_404_page_and_json_for_api(client):
    page = client.get("/nowhere")
    assert page.status_code == 404 and "could not find that page" in page.get_data(as_text=True)
    api = client.get("/api/nowhere")
    assert api.status_code == 404 and api.get_json()["error"]


def test_friendly_500_page(app, client):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.route("/boom")
    def boom():
        raise RuntimeError("kaboom")

    response = client.get("/boom")
    assert response.status_code == 500
    assert "Your saved entries are safe" in response.get_data(as_text=True)
    assert "Content-Security-Policy" in response.headers


@pytest.mark.parametrize("secret", ["", "dev", "short"])
def test_production_refuses_weak_secret_key(database_url, secret):
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        make_app(database_url, ENV_NAME="production", SECRET_KEY=secret)


def test_local_start_generates_a_secret_once(tmp_path, monkeypatch):
    from webapp.config import _local_secret

    first = _local_secret(tmp_path)
    assert len(first) >= 32 and _local_secret(tmp_path) == first


def test_static_assets_are_versioned_and_cached_long(client):
    html = client.get("/").get_data(as_text=True)
    import re

    href = re.search(r'href="(/static/css/app\.css\?v=[0-9a-f]{10})"', html).group(1)
    with client.get(href) as response:
        assert "immutable" in response.headers["Cache-Control"]


def test_home_page_query_budget(client, person, count_queries):
    with count_queries() as log:
        client.get("/")
    assert log.count <= 5, log


def test_sqlite_pragmas(app):
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        pytest.skip("SQLite only")
    with app.extensions["steady_engine"].connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000


def test_concurrent_sqlite_writers_wait_instead_of_failing(app):
    """Deferred BEGIN would raise 'database is locked' here; BEGIN IMMEDIATE waits."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        pytest.skip("SQLite only")
    engine = app.extensions["steady_engine"]
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE counter (n INTEGER)"))
        conn.execute(text("INSERT INTO counter VALUES (0)"))
    errors = []

    def bump() -> None:
        try:
            for _ in range(20):
                with engine.begin() as conn:
                    n = conn.execute(text("SELECT n FROM counter")).scalar()
                    conn.execute(text("UPDATE counter SET n = :n"), {"n": n + 1})
        except Exception as exc:  # pragma: no cover - the failure being tested for
            errors.append(exc)

    threads = [threading.Thread(target=bump) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with engine.connect() as conn:
        assert conn.execute(text("SELECT n FROM counter")).scalar() == 80


def test_access_log_never_records_query_strings_or_bodies():
    """Query strings can carry diary search words; the log keeps the path only."""
    import runpy

    settings = runpy.run_path("gunicorn.conf.py")
    fmt = settings["access_log_format"]
    assert "%(U)s" in fmt
    for leaky in ("%(r)s", "%(q)s", "%({", "%(f)s"):
        assert leaky not in fmt


def test_failed_login_logs_no_password(client, make_user, auth, caplog):
    user = make_user()
    with caplog.at_level("DEBUG"):
        auth.login(user.email, "my secret attempt 123")
    assert "my secret attempt 123" not in caplog.text


def test_the_demo_leaves_postgresql_with_statistics(app, runner):
    """A bulk load leaves PostgreSQL planning without statistics until autovacuum
    gets there; the demo (like a restore) gathers them at once."""
    if app.extensions["steady_engine"].dialect.name != "postgresql":
        pytest.skip("PostgreSQL only: SQLite plans without statistics")
    assert runner.invoke(args=["demo", "--days", "30"]).exit_code == 0
    with app.app_context():
        analysed = db.session.execute(text(
            "SELECT last_analyze IS NOT NULL FROM pg_stat_user_tables "
            "WHERE relname = 'entries'")).scalar_one()
    assert analysed
