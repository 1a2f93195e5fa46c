"""Scale-out shown, not claimed (issue 15, item 7): two gunicorn servers on different
ports, one PostgreSQL database and one Redis, the shape the README gives for going
past one machine. A session made on one works on the other; failed sign-ins count
across both; an entry synced through one shows on the other; concurrent writes
through both lose nothing and store nothing twice.

Runs only with TEST_DATABASE_URL (a PostgreSQL server: the test makes a database of
its own beside it and drops it after) and Redis at 127.0.0.1:6379 (its own db
number, flushed first)."""
from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from tests.auth.test_rate_limits import Browser, Server, redis_up, register
from tests.fixtures.accounts import PASSWORD
from tests.fixtures.diary import local_now_str

PG_URL = os.environ.get("TEST_DATABASE_URL", "")
REDIS_DB = 11  # this test's own Redis database, flushed before it starts
pytestmark = [
    pytest.mark.skipif(not PG_URL.startswith("postgresql"),
                       reason="needs TEST_DATABASE_URL naming a PostgreSQL server"),
    pytest.mark.skipif(not redis_up(), reason="needs Redis at 127.0.0.1:6379"),
]


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, Server, str]]:
    """Servers A and B: same SECRET_KEY (in Server), same database, same Redis."""
    import redis

    from tests.fixtures.scratch_postgres import scratch_postgres

    storage = f"redis://127.0.0.1:6379/{REDIS_DB}"
    redis.Redis.from_url(storage).flushdb()
    with scratch_postgres(PG_URL, "steady_scaleout") as url:
        env = {"DATABASE_URL": url, "RATELIMIT_STORAGE_URI": storage,
               "STEADY_RATELIMIT_SYNC": "2000 per minute"}
        servers = [Server(tmp_path_factory.mktemp(name), **env) for name in ("a", "b")]
        try:
            for server in servers:
                server.wait()
            yield servers[0], servers[1], url
        finally:
            for server in servers:
                server.stop()
    redis.Redis.from_url(storage).flushdb()


def on(browser: Browser, url: str) -> Browser:
    """The same cookies, talking to another server."""
    other = Browser(url)
    other.opener = browser.opener
    return other


def get(browser: Browser, path: str) -> tuple[int, str]:
    try:
        with browser.opener.open(browser.url + path) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""


def signed_in(url: str, email: str) -> Browser:
    register(url, email)
    browser = Browser(url)
    assert browser.post("/login", {"email": email, "password": PASSWORD}) == 302
    return browser


def entry(note: str, item_uuid: str | None = None) -> dict[str, Any]:
    occurred = local_now_str("UTC", minutes_ago=60)  # registered in UTC
    return {"uuid": item_uuid or str(uuid.uuid4()), "kind": "entry", "op": "create",
            "data": {"occurred_at": occurred, "areas": ["calf:left"], "note": note}}


def sync(browser: Browser, items: list[dict[str, Any]]) -> list[str]:
    status, body = get(browser, "/api/csrf")
    who = json.loads(body)
    payload = json.dumps({"format": 2, "items": [{**i, "owner": who["user"]} for i in items]})
    request = urllib.request.Request(
        browser.url + "/api/sync", data=payload.encode(), method="POST",
        headers={"Content-Type": "application/json", "X-CSRFToken": who["token"]})
    with browser.opener.open(request) as response:
        assert response.status == 200
        return [r["status"] for r in json.loads(response.read())["results"]]


def test_a_session_made_on_one_server_works_on_the_other(pair):
    a, b, _url = pair
    on_a = signed_in(a.url, "session@example.com")
    status, _page = get(on(on_a, b.url), "/diary/")
    assert status == 200  # signed out, B would answer with a redirect to /login


def test_failed_sign_ins_count_across_both_servers(pair):
    a, b, _url = pair
    register(a.url, "guessed@example.com")
    wrong = {"email": "guessed@example.com", "password": "not the password at all"}
    statuses = [Browser(server.url).post("/login", wrong) for server in (a, b, a, b, a, b, a)]
    assert statuses == [422] * 5 + [429] * 2


def test_an_entry_synced_through_one_shows_on_the_other(pair):
    a, b, _url = pair
    on_a = signed_in(a.url, "synced@example.com")
    on_b = on(on_a, b.url)
    for _ in range(2):  # B now keeps the page in its memory
        assert "left calf after the night shift" not in get(on_b, "/diary/")[1]
    assert sync(on_a, [entry("left calf after the night shift")]) == ["created"]
    status, page = get(on_b, "/diary/")
    assert status == 200 and "left calf after the night shift" in page


def test_concurrent_writes_through_both_lose_nothing_and_double_nothing(pair):
    a, b, url = pair
    on_a = signed_in(a.url, "busy@example.com")
    on_b = on(on_a, b.url)
    shared = [str(uuid.uuid4()) for _ in range(50)]  # each sent through both at once

    def send(browser: Browser, name: str) -> list[str]:
        found = []
        for n, item_uuid in enumerate(shared):
            found += sync(browser, [entry(f"shared {n}", item_uuid), entry(f"{name} {n}")])
        return found

    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(send, (on_a, on_b), ("through a", "through b")))
    everything = results[0] + results[1]
    assert set(everything) <= {"created", "exists"}
    assert everything.count("created") == 150 and everything.count("exists") == 50
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(text(
                "SELECT count(*), count(DISTINCT e.uuid) FROM entries e JOIN users u "
                "ON u.id = e.user_id WHERE u.email = 'busy@example.com'")).one()
    finally:
        engine.dispose()
    assert tuple(rows) == (150, 150)
