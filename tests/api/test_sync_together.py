"""A run of new entries in one sync is stored together (one lookup, one insert), and
every answer and every stored row is what sending the items one by one gives."""
from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import event, func, select
from sqlalchemy.exc import IntegrityError

from tests.fixtures.accounts import post_form
from tests.fixtures.diary import local_now_str
from tests.property.strategies import PROPERTY
from tests.recovery.test_sync import sync as post
from webapp import db
from webapp.diary import services
from webapp.diary import sync as diary_sync
from webapp.diary.models import Checkin, Entry, ScreenerState

AREAS = ["calf:left", "eyelid:right", "thumb:left", "thigh:both"]
WHEN = local_now_str(minutes_ago=120)  # one, for both


@pytest.fixture
def app_config() -> dict[str, Any]:
    return {"RATELIMIT_ENABLED": False}


def entry(owner: int, key: str, area: str = "calf:left", **data: Any) -> dict[str, Any]:
    return {"uuid": key, "kind": "entry", "op": "create", "owner": owner,
            "data": {"occurred_at": WHEN, "areas": [area], "intensity": 4, "note": key[:8],
                     **data}}


def new_keys(count: int) -> list[str]:
    return [str(uuid.uuid4()) for _ in range(count)]


@pytest.fixture
def stranger(app: Flask, make_user) -> tuple[Any, FlaskClient]:
    """A second person, signed in on their own phone, who sends the same items."""
    user = make_user(email="stranger@example.com")
    phone = app.test_client()
    post_form(phone, "/login", {"email": user.email, "password": user.plain_password})
    return user, phone


def test_ten_new_entries_cost_no_more_statements_than_two(app, person, client, stranger,
                                                          count_queries):
    them, phone = stranger
    post(phone, [entry(them.id, key) for key in new_keys(3)])  # their rows are in the table
    post(client, [entry(person.id, key) for key in new_keys(2)])
    counts = {}
    for size, area in ((2, "eyelid:right"), (10, "thumb:left")):  # each a first-time area
        with count_queries() as log:
            results = post(client, [entry(person.id, key, area) for key in new_keys(size)])
        assert [r["status"] for r in results] == ["created"] * size
        counts[size] = log.count
    assert counts[10] == counts[2], counts
    # the CSRF token's request; then the account, the lookup, the first-time areas,
    # the screener state, the insert, the screener offer, the data version
    assert counts[10] <= 8, counts
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Entry)
                                 .where(Entry.user_id == person.id)) == 14
        state = db.session.get(ScreenerState, person.id)
        assert state.pending_areas == ",calf,eyelid,thumb,"


def test_the_writing_part_only_writes(app, person, client, stranger, monkeypatch,
                                      count_queries):
    """The stored UUIDs, the first-time areas and the screener state are read before
    ``start_writing`` (on SQLite, before the write lock every other writer waits
    for), so the lock is held for the writes alone."""
    them, phone = stranger
    post(phone, [entry(them.id, key, "eyelid:right") for key in new_keys(2)])
    replayed = new_keys(1)
    post(client, [entry(person.id, key) for key in replayed])
    marks: list[int] = []
    real = db.start_writing
    items = [entry(person.id, key, area) for key, area in zip(new_keys(4), AREAS, strict=True)]
    with count_queries() as log:
        monkeypatch.setattr(db, "start_writing",
                            lambda: (marks.append(len(log.statements)), real())[1])
        results = post(client, [entry(person.id, replayed[0]), *items])
    assert [r["status"] for r in results] == ["exists"] + ["created"] * 4
    writing = [s.split()[0].upper() for s in log.statements[marks[0]:]]
    assert writing and "SELECT" not in writing, log.statements[marks[0]:]
    assert "INSERT" in writing
    with app.app_context():
        assert db.session.get(ScreenerState, person.id).pending_areas == \
            ",calf,eyelid,thumb,thigh,"


def test_a_run_after_a_write_in_the_same_batch_sees_that_write(app, person, client, stranger):
    """A run of creates is looked up before the write lock only when nothing before it
    in the batch writes: here an edit moves a stored twitch to the eyelid first, so
    the new eyelid twitches after it are not the eyelid's first (no screener offer)."""
    them, phone = stranger
    post(phone, [entry(them.id, key, "eyelid:right") for key in new_keys(2)])
    stored = new_keys(1)[0]
    post(client, [entry(person.id, stored, "thigh:both")])
    moved = {**entry(person.id, stored, "eyelid:right"), "op": "update", "base_version": 1}
    results = post(client, [moved, *(entry(person.id, key, "eyelid:right")
                                     for key in new_keys(2))])
    assert [r["status"] for r in results] == ["updated", "created", "created"]
    with app.app_context():
        assert db.session.get(ScreenerState, person.id).pending_areas == ",thigh,"


def test_a_run_that_fails_as_a_whole_keeps_nothing_and_goes_one_by_one(
        app, person, client, stranger, monkeypatch):
    """A UUID stored by a concurrent request between the lookup and the insert fails
    the run's insert: the run is undone and its items are stored one at a time."""
    real = services.create_entries
    tries = []

    def lost_a_race(db_session, user, items):
        tries.append(len(items.items))
        real(db_session, user, items)  # rows flushed, then the insert "fails"
        raise IntegrityError("INSERT", {}, Exception("UNIQUE constraint failed"))

    monkeypatch.setattr(services, "create_entries", lost_a_race)
    keys = new_keys(4)
    results = post(client, [entry(person.id, key) for key in keys])
    assert tries == [4]
    assert [r["status"] for r in results] == ["created"] * 4
    with app.app_context():
        stored = db.session.scalars(select(Entry.uuid).where(Entry.user_id == person.id)).all()
    assert sorted(str(key) for key in stored) == sorted(keys)  # each once


# What a batch is made of: item templates, the same for both people.
TEMPLATES = st.one_of(
    st.tuples(st.just("new"), st.sampled_from(AREAS), st.booleans()),
    st.tuples(st.just("again"), st.integers(0, 9), st.booleans()),
    st.tuples(st.just("stored"), st.just(0)),
    st.tuples(st.just("update"), st.just(0)),
    st.tuples(st.just("checkin"), st.integers(1, 3)),
)


def build(templates: list[tuple[Any, ...]], owner: int, stored: str,
          keys: list[str]) -> list[dict[str, Any]]:
    """The batch for one person; ``keys`` are the new items' UUIDs, the same for both."""
    items: list[dict[str, Any]] = []
    for template, key in zip(templates, keys, strict=True):
        if template[0] == "new":
            _, area, valid = template
            items.append(entry(owner, key, area, **({} if valid else {"intensity": 99})))
        elif template[0] == "again" and items:  # an earlier item's UUID, valid or not
            earlier = items[template[1] % len(items)]
            intensity = {"intensity": 4 if template[2] else 99}
            items.append({**earlier, "data": {**earlier["data"], **intensity}})
        elif template[0] == "stored":
            items.append(entry(owner, stored, "thigh:both"))
        elif template[0] == "update":
            one = entry(owner, stored, "calf:left", note="changed")
            items.append({**one, "op": "update", "base_version": 1})
        elif template[0] == "checkin":
            day = (datetime.now(UTC) - timedelta(days=template[1])).date().isoformat()
            items.append({"uuid": key, "kind": "checkin", "op": "create", "owner": owner,
                          "data": {"day": day, "anxiety": 3}})
    return items


def stored_state(app: Flask, owner: int) -> tuple[dict[str, Any], dict[str, Any], str]:
    with app.app_context():
        entries = {str(e.uuid): (e.version, e.areas, e.intensity, e.note, e.deleted_at is None)
                   for e in db.session.scalars(select(Entry).where(Entry.user_id == owner))}
        checkins = {str(c.uuid): (c.day, c.anxiety)
                    for c in db.session.scalars(select(Checkin).where(Checkin.user_id == owner))}
        state = db.session.get(ScreenerState, owner)
        return entries, checkins, state.pending_areas if state else ","


def test_a_batch_answers_and_stores_what_one_by_one_would(app, person, client, stranger):
    them, phone = stranger
    stored = str(uuid.uuid4())  # an entry both already have, under the same UUID
    assert post(client, [entry(person.id, stored, "thigh:both")])[0]["status"] == "created"
    assert post(phone, [entry(them.id, stored, "thigh:both")])[0]["status"] == "created"

    @PROPERTY
    @given(templates=st.lists(TEMPLATES, min_size=2, max_size=10))
    def check(templates: list[tuple[Any, ...]]) -> None:
        keys = new_keys(len(templates))
        together = post(client, build(templates, person.id, stored, keys))
        one_by_one = [post(phone, [item])[0]
                      for item in build(templates, them.id, stored, keys)]
        assert together == one_by_one
        assert stored_state(app, person.id) == stored_state(app, them.id)

    check()


def test_sqlite_write_lock_is_taken_after_signing_in_and_parsing(
        app, person, client, database_url, monkeypatch):
    """Every other writer waits while one holds SQLite's write lock: a sync takes it
    only once the account is loaded and every item parsed, for the writing part."""
    if not database_url.startswith("sqlite"):
        pytest.skip("SQLite only: PostgreSQL locks rows")
    said: list[str] = []
    engine = app.extensions["steady_engine"]
    real_parse = diary_sync.parse_entry

    def parse(*args: Any) -> Any:
        said.append("parse")
        return real_parse(*args)

    monkeypatch.setattr(diary_sync, "parse_entry", parse)

    def note(dbapi_conn: Any, *_args: Any) -> None:  # every statement SQLite itself runs
        dbapi_conn.set_trace_callback(lambda sql: said.append(" ".join(sql.split()[:3])))

    token = client.get("/api/csrf").get_json()["token"]
    event.listen(engine, "checkout", note)
    try:
        response = client.post("/api/sync", data=json.dumps({"format": 2, "items": [
            entry(person.id, key) for key in new_keys(3)]}), headers={"X-CSRFToken": token},
            content_type="application/json")
    finally:
        event.remove(engine, "checkout", note)
    assert [r["status"] for r in response.get_json()["results"]] == ["created"] * 3
    locked = said.index("BEGIN IMMEDIATE")
    assert said[0] == "BEGIN" and said[1].startswith("SELECT users."), said
    assert not any(s.startswith("SELECT users.") for s in said[locked:]), said
    assert any(s.startswith("INSERT INTO entries") for s in said[locked:]), said
    assert said.count("parse") == 3 and "parse" not in said[locked:], said
