"""With the database gone, every page answers a calm 503 that needs no database,
the API a JSON 503 with Retry-After, /healthz 503; one log line per failure, no
traceback; and the same app recovers once the database is back."""
from __future__ import annotations

import logging
import shutil
import socket
from pathlib import Path

import pytest
from flask import Flask

from tests.fixtures.accounts import PASSWORD, post_form
from tests.fixtures.app import make_app


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nothing listens once the socket is closed


def broken_urls(tmp_path: Path) -> dict[str, str]:
    return {
        "postgresql": f"postgresql+psycopg://postgres@127.0.0.1:{closed_port()}/steady"
                      "?connect_timeout=2",
        "sqlite": f"sqlite:///{tmp_path / 'gone' / 'steady.sqlite3'}",
    }


def sample_urls(app: Flask) -> list[str]:
    """One URL per GET route, its parameters filled with harmless values."""
    values = {"int": "1", "uuid": "00000000-0000-4000-8000-000000000001", "path": "x",
              "default": "x", "string": "x"}
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        url = rule.rule
        for arg in rule.arguments:
            converter = type(rule._converters[arg]).__name__.replace("Converter", "").lower()
            url = url.replace(f"<{arg}>", values.get(converter, "x"))
            for prefix in ("int:", "uuid:", "path:", "string:"):
                url = url.replace(f"<{prefix}{arg}>", values.get(prefix[:-1], "x"))
        urls.append(url)
    return sorted(set(urls))


@pytest.fixture
def signed_in_cookies(app, make_user, client, auth) -> dict[str, str]:
    user = make_user()
    auth.login(user.email, remember=True)
    return {c.key: c.value for c in client._cookies.values()}


@pytest.mark.parametrize("backend", ["postgresql", "sqlite"])
def test_every_page_is_calm_when_the_database_is_gone(tmp_path, backend, signed_in_cookies,
                                                      caplog):
    down = make_app(broken_urls(tmp_path)[backend])
    visitor, person = down.test_client(), down.test_client()
    for key, value in signed_in_cookies.items():
        person.set_cookie(key, value)
    caplog.set_level(logging.WARNING)
    answered = 0
    for client in (visitor, person):
        for url in sample_urls(down):
            response = client.get(url)
            answered += 1
            assert response.status_code != 500, url
            if response.status_code == 503:
                assert response.headers["Retry-After"].isdigit(), url
                if url.startswith("/api/") or url == "/healthz":
                    assert response.is_json, url
                else:
                    assert "taking a short break" in response.get_data(as_text=True), url
    health = visitor.get("/healthz")
    assert health.status_code == 503 and health.get_json()["database"] == "unavailable"
    sync = person.post("/api/sync", json={"format": 2, "items": []},
                       headers={"X-CSRFToken": "x"})
    assert sync.status_code in (400, 503)  # a stale token or no database: never a 500
    assert person.get("/diary/").status_code == 503
    assert person.get("/account").status_code == 503
    assert not any(r.exc_info for r in caplog.records), "a traceback was logged"
    assert len(caplog.records) <= answered + 5
    down.extensions["steady_engine"].dispose()


def test_the_api_keeps_the_phones_item_for_later(tmp_path, app, make_user):
    user = make_user()
    up = app.test_client()
    post_form(up, "/login", {"email": user.email, "password": PASSWORD})
    token = up.get("/api/csrf").get_json()["token"]
    down = make_app(broken_urls(tmp_path)["sqlite"])
    client = down.test_client()
    for cookie in up._cookies.values():
        client.set_cookie(cookie.key, cookie.value)
    item = {"kind": "entry", "uuid": "00000000-0000-4000-8000-00000000abcd",
            "occurred_at": "2026-11-30T09:00", "areas": ["calf:left"]}
    response = client.post("/api/sync", json={"format": 2, "items": [item]},
                           headers={"X-CSRFToken": token})
    assert response.status_code == 503
    assert response.is_json and int(response.headers["Retry-After"]) > 0
    down.extensions["steady_engine"].dispose()


def test_the_app_recovers_without_a_restart(tmp_path, sqlite_template, make_user):
    folder = tmp_path / "later"
    app = make_app(f"sqlite:///{folder / 'steady.sqlite3'}")
    client = app.test_client()
    assert client.get("/healthz").status_code == 503
    assert client.get("/login").status_code == 200  # public pages need no database
    folder.mkdir()
    shutil.copy(sqlite_template, folder / "steady.sqlite3")
    assert client.get("/healthz").status_code == 200
    assert client.get("/diary/").status_code == 302  # back to normal: asks to log in
    app.extensions["steady_engine"].dispose()
