"""SQLite writers take turns (webapp/sqlite_writers.py): a turn is always given back,
and a writer that cannot get one in time hears "database is locked", which the sync
API answers as retry and keeps nothing of."""
from __future__ import annotations

import json
import sqlite3
import uuid
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select, text

from tests.fixtures.diary import local_now_str
from webapp import db, sqlite_writers
from webapp.diary.models import Entry


@pytest.fixture
def app_config(database_url: str) -> dict[str, Any]:
    if not database_url.startswith("sqlite"):
        pytest.skip("SQLite only: PostgreSQL locks rows, not the database")
    return {"SQLITE_BUSY_TIMEOUT_MS": 300, "RATELIMIT_ENABLED": False}


def turn_of(app: Flask) -> Any:
    raw = app.extensions["steady_engine"].raw_connection()
    try:
        return raw.dbapi_connection.turn
    finally:
        raw.close()


@pytest.mark.parametrize("end", ["commit", "rollback", "close"])
def test_a_write_transaction_gives_its_turn_back_however_it_ends(app, end):
    engine = app.extensions["steady_engine"]
    raw = engine.raw_connection()
    turn = raw.dbapi_connection.turn
    raw.dbapi_connection.begin_writing()
    assert turn.locked()
    getattr(raw.dbapi_connection, end)()
    assert not turn.locked()
    if end != "close":
        raw.close()
    with engine.begin() as conn:  # the next writer is not kept waiting
        conn.execute(text("CREATE TABLE IF NOT EXISTS t (n INTEGER)"))


def test_a_writer_that_waits_too_long_is_told_retry_and_nothing_is_kept(
        app, person, client, make_user, monkeypatch):
    other = make_user(email="bystander@example.com")
    waits = []
    real_begin = sqlite_writers.Connection.begin_writing

    def begin_writing(self: Any) -> None:
        waits.append(1)
        real_begin(self)

    monkeypatch.setattr(sqlite_writers.Connection, "begin_writing", begin_writing)
    with app.app_context():
        before = db.session.scalar(select(func.count()).select_from(Entry))
    token = client.get("/api/csrf").get_json()["token"]
    # Another process (the CLI, another worker) holds SQLite's write lock meanwhile.
    blocker = sqlite3.connect(app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///"),
                              isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    when = local_now_str(minutes_ago=60)
    items = [{"uuid": str(uuid.uuid4()), "kind": "entry", "op": "create", "owner": person.id,
              "data": {"occurred_at": when, "areas": ["calf:left"]}} for _ in range(3)]
    waits.clear()  # counted from here: the sync request's own
    try:
        response = client.post("/api/sync", data=json.dumps({"format": 2, "items": items}),
                               headers={"X-CSRFToken": token}, content_type="application/json")
    finally:
        blocker.rollback()
        blocker.close()
    assert response.status_code == 200
    assert [r["status"] for r in response.get_json()["results"]] == ["retry"] * 3
    assert len(waits) == 1  # the run waited once, not once more per item
    assert not turn_of(app).locked()
    again = client.post("/api/sync", data=json.dumps({"format": 2, "items": items}),
                        headers={"X-CSRFToken": token}, content_type="application/json")
    assert [r["status"] for r in again.get_json()["results"]] == ["created"] * 3
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Entry)) == before + 3
        assert db.session.scalar(select(func.count()).select_from(Entry)
                                 .where(Entry.user_id == other.id)) == 0
