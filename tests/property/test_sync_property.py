"""Random and hostile items thrown at /api/sync: never a 500, never a "retry" (the
database is fine here, so nothing is transient), every refusal with a reason, and
nothing stored or changed except what the answers say was."""
from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from tests.api import hostile
from tests.fixtures.accounts import post_form
from tests.property.strategies import JSON_NUMBERS, JSON_VALUE, NUMBERS_AS_TEXT, PROPERTY
from webapp import db
from webapp.api import protocol
from webapp.db import Base

# A failing example can hold 20,000-character strings; say what failed, not that.
pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")
FINAL = {"created", "exists", "updated", "rejected", "conflict", "wrong_owner"}
CURRENT = "current version"
# Numbers as text and as JSON are where the bugs were: weigh them as much as the rest.
# (A "version" field is replaced by the stored record's version when sent.)
FIELD_VALUE = st.one_of(JSON_NUMBERS, NUMBERS_AS_TEXT, JSON_VALUE)


@pytest.fixture
def app_config() -> dict[str, Any]:
    return {"RATELIMIT_ENABLED": False}


def snapshot(app: Flask) -> dict[tuple[str, str], Any]:
    """(table, uuid) -> version for every record with a uuid, everyone's."""
    rows: dict[tuple[str, str], Any] = {}
    with app.app_context():
        for table in Base.metadata.sorted_tables:
            if "uuid" not in table.c:
                continue
            version = table.c.version if "version" in table.c else None
            for key, ver in db.session.execute(select(table.c.uuid, version)):
                rows[(table.name, str(key))] = ver
    return rows


def sync_raw(client: FlaskClient, body: str) -> Any:
    token = client.get("/api/csrf").get_json()["token"]
    return client.post("/api/sync", data=body, headers={"X-CSRFToken": token},
                       content_type="application/json")


@pytest.fixture
def world(app: Flask, client: FlaskClient, make_user, auth) -> dict[str, Any]:
    """A signed-in person with one stored record of each kind, and a second person
    whose recognisable records must never be touched or shown."""
    stranger = make_user(email="stranger@example.com", display_name="Stranger")
    other = app.test_client()  # the stranger's own phone stores through the API too
    post_form(other, "/login", {"email": stranger.email, "password": stranger.plain_password})
    for kind in hostile.FIELDS:
        data = {**hostile.valid_data(kind), "note": "STRANGER-SECRET"} if kind != (
            "exercise_session") else hostile.valid_data(kind)
        answer = sync_raw(other, hostile.dumps({"format": 2, "items": [
            hostile.item(stranger.id, kind, data)]})).get_json()
        assert answer["results"][0]["status"] == "created", answer
    person = make_user()
    auth.login(person.email)
    stored = {}
    for kind in hostile.FIELDS:
        answer = sync_raw(client, hostile.dumps({"format": 2, "items": [
            hostile.item(person.id, kind)]})).get_json()["results"][0]
        assert answer["status"] == "created", answer
        stored[kind] = answer["server"]["uuid"]
    theirs = {key for (_table, key) in snapshot(app)} - set(stored.values())
    return {"person": person, "stored": stored, "theirs": theirs}


@st.composite
def hostile_items(draw: st.DrawFn, owner: int, stored: dict[str, str]) -> dict[str, Any]:
    """A real kind's item with some fields hostile or missing, and sometimes a broken
    envelope (a hostile or missing uuid, kind, op, owner, base_version or data)."""
    kind = draw(st.sampled_from(sorted(hostile.FIELDS)))
    data = hostile.valid_data(kind)
    fields = hostile.FIELDS[kind]
    for field in draw(st.sets(st.sampled_from(fields), min_size=1, max_size=len(fields))):
        data[field] = draw(FIELD_VALUE)
    if draw(st.integers(0, 3)) == 0:
        for field in draw(st.sets(st.sampled_from(sorted(data)), max_size=2)):
            del data[field]
    item: dict[str, Any] = {"uuid": str(draw(st.uuids(version=4))), "kind": kind,
                            "op": "create", "owner": owner, "data": data}
    if draw(st.booleans()):
        item.update(op="update", uuid=stored[kind],
                    base_version=draw(st.one_of(st.just(CURRENT), JSON_VALUE)))
    if draw(st.integers(0, 3)) == 0:
        for key in draw(st.sets(st.sampled_from(hostile.ENVELOPE), min_size=1, max_size=2)):
            if draw(st.booleans()):
                item.pop(key, None)
            else:
                item[key] = draw(JSON_VALUE)
    return item


def batches(world: dict[str, Any]) -> st.SearchStrategy[list[Any]]:
    """Up to five items, and now and then something that is not an item at all."""
    items = st.lists(hostile_items(world["person"].id, world["stored"]), min_size=1,
                     max_size=5)
    junk = st.lists(JSON_VALUE, max_size=1)
    return st.tuples(items, junk).map(lambda parts: parts[0] + parts[1])


def test_hostile_sync_items_are_answered_never_500_never_retry(app, client, world):
    @PROPERTY
    @given(batch=batches(world))
    def check(batch: list[Any]) -> None:
        before = snapshot(app)
        versions = {key: ver for (_table, key), ver in before.items()}
        for one in batch:
            if isinstance(one, dict) and one.get("base_version") == CURRENT:
                one["base_version"] = versions.get(one.get("uuid"), 1)
        body = hostile.dumps({"format": 2, "items": batch})
        response = sync_raw(client, body)
        if len(body.encode()) > protocol.MAX_BODY_BYTES:  # the outbox never sends one
            assert response.status_code == 413
            assert snapshot(app) == before
            return
        assert response.status_code == 200, response.get_data(as_text=True)[:500]
        results = response.get_json()["results"]
        assert len(results) == len(batch)
        for result in results:
            assert result["status"] in FINAL, result
            if result["status"] == "rejected":
                errors = result["errors"]
                assert isinstance(errors, dict) and errors, result
                assert all(isinstance(m, str) and m.strip() for m in errors.values()), result
            assert result.get("server", {}).get("uuid") not in world["theirs"]

        after = snapshot(app)
        new = {key for (_table, key) in set(after) - set(before)}
        assert new == {r["server"]["uuid"] for r in results if r["status"] == "created"}
        changed = {key for (table, key), ver in before.items() if after.get((table, key)) != ver}
        assert changed <= {r["server"]["uuid"] for r in results
                           if r["status"] in ("updated", "exists")}
        assert not changed & world["theirs"]

    check()


@PROPERTY
@given(depth=st.integers(min_value=17, max_value=120_000), where=st.sampled_from(
    ["items", "item", "data", "note"]))
def test_nesting_of_any_depth_is_a_400_or_a_rejected_item(app, client, world, depth, where):
    before = snapshot(app)
    deep = "[" * depth + "]" * depth
    item = hostile.dumps(hostile.item(world["person"].id, "entry"))
    body = {
        "items": '{"format": 2, "items": ' + deep + "}",
        "item": '{"format": 2, "items": [' + deep + "]}",
        "data": '{"format": 2, "items": [' + item.replace('"data": {', '"data": {"x": ' + deep
                                                          + ", ", 1) + "]}",
        "note": '{"format": 2, "items": [' + item.replace('"note": ', '"note": ' + deep
                                                          + ', "was": ', 1) + "]}",
    }[where]
    response = sync_raw(client, body)
    assert response.status_code in (200, 400), response.get_data(as_text=True)[:300]
    answer = response.get_json()
    if response.status_code == 400:
        assert "deeply" in answer["error"]
    else:
        assert all(r["status"] == "rejected" and r["errors"] for r in answer["results"])
    assert snapshot(app) == before
