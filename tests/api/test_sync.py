"""The sync API: what a phone replaying its outbox is told, item by item."""
from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.api import probe


@pytest.fixture
def probes(app: Flask) -> Flask:
    probe.install(app)
    return app


def token(client: FlaskClient) -> str:
    return client.get("/api/csrf").get_json()["token"]


def item(owner: Any, note: str = "left calf, after coffee", **extra: Any) -> dict[str, Any]:
    return {"uuid": str(uuid.uuid4()), "kind": "probe", "op": "create", "owner": owner,
            "data": {"note": note, "areas": ["calf:left"]}, **extra}


def sync(client: FlaskClient, items: list[Any], fmt: int = 2, *, csrf: bool = True,
         body: Any = None) -> TestResponse:
    headers = {"X-CSRFToken": token(client)} if csrf else {}
    payload = json.dumps({"format": fmt, "items": items}) if body is None else body
    return client.post("/api/sync", data=payload, headers=headers,
                       content_type="application/json")


def statuses(response: TestResponse) -> list[str]:
    assert response.status_code == 200, response.get_data(as_text=True)
    return [r["status"] for r in response.get_json()["results"]]


def test_csrf_token_says_whose_session_it_is_and_is_never_cached(client, person):
    response = client.get("/api/csrf")
    assert response.get_json()["user"] == person.id
    assert response.get_json()["token"]
    assert response.headers["Cache-Control"] == "no-store"


def test_csrf_token_for_a_signed_out_phone_names_no_one(client):
    response = client.get("/api/csrf")
    assert response.get_json()["user"] is None
    assert response.headers["Cache-Control"] == "no-store"


def test_a_replayed_create_answers_exists_and_stores_nothing_new(client, person, probes):
    first = item(person.id)
    assert statuses(sync(client, [first])) == ["created"]
    again = sync(client, [first])
    assert statuses(again) == ["exists"]
    result = again.get_json()["results"][0]
    assert result["uuid"] == first["uuid"]
    assert result["server"]["version"] == 1
    assert [r.note for r in probe.rows(probes)] == ["left calf, after coffee"]


def test_an_invalid_item_is_rejected_with_its_field_errors(client, person, probes):
    bad = item(person.id, note="")
    bad["data"]["areas"] = ["elbow:sideways"]
    result = sync(client, [bad]).get_json()["results"][0]
    assert result["status"] == "rejected"
    assert set(result["errors"]) == {"note", "areas"}
    assert probe.count(probes) == 0


@pytest.mark.parametrize("change, field", [
    ({"kind": "horoscope"}, "kind"),
    ({"uuid": "not-a-uuid"}, "uuid"),
    ({"op": "delete"}, "op"),
    ({"data": "note=hi"}, "data"),
    ({"owner": None}, "owner"),
])
def test_items_that_cannot_be_understood_are_rejected(client, person, probes, change, field):
    result = sync(client, [{**item(person.id), **change}]).get_json()["results"][0]
    assert result["status"] == "rejected"
    assert field in result["errors"]
    assert probe.count(probes) == 0


def test_an_item_queued_by_someone_else_is_never_stored(client, person, make_user, probes):
    other = make_user()
    mine, theirs = item(person.id), item(other.id)
    assert statuses(sync(client, [theirs, mine])) == ["wrong_owner", "created"]
    assert probe.rows(probes, other.id) == []
    assert [str(r.uuid) for r in probe.rows(probes)] == [mine["uuid"]]


def test_the_previous_release_format_is_still_accepted(client, person, probes):
    old = {"uuid": str(uuid.uuid4()), "kind": "probe", "user": person.id,
           "data": {"note": "queued before the update", "areas": "eyelid:left"}}
    assert statuses(sync(client, [old], fmt=1)) == ["created"]
    # a format-1 body may also leave "format" out; a format-2 replay is the same item
    bare = json.dumps({"items": [old]})
    assert statuses(sync(client, [], body=bare)) == ["exists"]
    as_v2 = {**old, "owner": person.id, "op": "create"}
    assert statuses(sync(client, [as_v2])) == ["exists"]
    assert probe.count(probes) == 1


def test_format_1_names_the_owner_user_not_owner(client, person, probes):
    old = {"uuid": str(uuid.uuid4()), "kind": "probe", "owner": person.id,
           "data": {"note": "hi"}}
    assert statuses(sync(client, [old], fmt=1)) == ["rejected"]


def test_one_bad_item_never_loses_the_others(client, person, probes):
    good1, good2 = item(person.id, note="first"), item(person.id, note="second")
    invalid, broken = item(person.id, note=""), item(person.id, note=probe.BOOM)
    response = sync(client, [good1, invalid, broken, "junk", good2])
    assert statuses(response) == ["created", "rejected", "rejected", "rejected", "created"]
    assert [r["uuid"] for r in response.get_json()["results"]] == [
        good1["uuid"], invalid["uuid"], broken["uuid"], None, good2["uuid"]]
    assert sorted(r.note for r in probe.rows(probes)) == ["first", "second"]


def test_an_item_that_breaks_the_handler_is_rejected_not_resent_forever(client, person, probes):
    """A bug fails the same way on every resend: the phone must show it, not loop."""
    result = sync(client, [item(person.id, note=probe.BOOM)]).get_json()["results"][0]
    assert result["status"] == "rejected"
    assert result["errors"]["item"]
    assert probe.count(probes) == 0


def test_a_busy_database_answers_retry_and_the_rest_of_the_batch_waits(client, person, probes):
    first, busy = item(person.id, note="first"), item(person.id, note=probe.BUSY)
    later, junk = item(person.id, note="later"), item(person.id, kind="horoscope")
    response = sync(client, [first, busy, later, junk])
    assert statuses(response) == ["created", "retry", "retry", "retry"]
    assert [r["uuid"] for r in response.get_json()["results"]] == [
        first["uuid"], busy["uuid"], later["uuid"], junk["uuid"]]
    assert all(r["errors"] for r in response.get_json()["results"][1:])
    assert [r.note for r in probe.rows(probes)] == ["first"]


def test_a_busy_database_on_a_single_edit_answers_503_with_retry_after(client, person, probes):
    stored = item(person.id)
    sync(client, [stored])
    response = put(client, stored["uuid"], {"base_version": 1, "data": {"note": probe.BUSY}})
    assert response.status_code == 503
    assert response.get_json()["status"] == "retry"
    assert int(response.headers["Retry-After"]) > 0


def test_the_same_item_twice_in_one_batch_is_stored_once(client, person, probes):
    once = item(person.id)
    assert statuses(sync(client, [once, once])) == ["created", "exists"]
    assert probe.count(probes) == 1


@pytest.mark.parametrize("body, message", [
    ("{not json", "must be JSON"),
    ("[1, 2]", "JSON object"),
    ('{"format": 2, "items": {"a": 1}}', "must be a list"),
    ('{"format": 9, "items": []}', "formats 1 and 2"),
    ('{"format": true, "items": []}', "formats 1 and 2"),
])
def test_a_body_that_cannot_be_read_answers_400_json(client, person, probes, body, message):
    response = sync(client, [], body=body)
    assert response.status_code == 400
    assert message in response.get_json()["error"]


def test_more_than_100_items_is_refused_whole(client, person, probes):
    response = sync(client, [item(person.id) for _ in range(101)])
    assert response.status_code == 400
    assert "at most 100" in response.get_json()["error"]
    assert probe.count(probes) == 0


def test_a_body_over_256_kb_answers_413_json(client, person, probes):
    big = item(person.id, note="x" * (300 * 1024))
    response = sync(client, [big])
    assert response.status_code == 413
    assert response.is_json


def test_a_signed_out_phone_hears_401_json_not_a_redirect(client, probes):
    for csrf in (True, False):
        response = sync(client, [item(1)], csrf=csrf)
        assert response.status_code == 401
        assert response.get_json()["error"] == "login required"
    assert probe.count(probes) == 0


def test_pages_still_redirect_to_the_login_form(client):
    response = client.get("/account")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


def test_a_missing_csrf_header_answers_400_json(client, person, probes):
    response = sync(client, [item(person.id)], csrf=False)
    assert response.status_code == 400
    assert response.is_json
    assert probe.count(probes) == 0


@pytest.fixture
def stored(client, person, probes) -> dict[str, Any]:
    first = item(person.id, note="first words")
    sync(client, [first])
    return first


def put(client: FlaskClient, uuid_: str, body: dict[str, Any], kind: str = "probe") -> TestResponse:
    return client.put(f"/api/items/{kind}/{uuid_}", json=body,
                      headers={"X-CSRFToken": token(client)})


def test_an_edit_from_the_current_version_is_saved(client, stored, probes):
    response = put(client, stored["uuid"], {"base_version": 1, "data": {"note": "second words"}})
    assert response.status_code == 200
    assert response.get_json()["server"]["version"] == 2
    assert [r.note for r in probe.rows(probes)] == ["second words"]


def test_a_stale_edit_answers_409_with_both_versions(client, stored, probes):
    put(client, stored["uuid"], {"base_version": 1, "data": {"note": "from the laptop"}})
    response = put(client, stored["uuid"], {"base_version": 1, "data": {"note": "from the phone"}})
    assert response.status_code == 409
    body = response.get_json()
    assert body["status"] == "conflict"
    assert body["server"]["note"] == "from the laptop"
    assert body["server"]["version"] == 2
    assert body["mine"] == {"base_version": 1, "data": {"note": "from the phone"}}
    assert [r.note for r in probe.rows(probes)] == ["from the laptop"]


def test_a_stale_edit_in_a_batch_is_a_conflict_and_the_batch_stays_200(client, person, stored):
    put(client, stored["uuid"], {"base_version": 1, "data": {"note": "from the laptop"}})
    edit = {**stored, "op": "update", "base_version": 1, "data": {"note": "from the phone"}}
    fresh = item(person.id)
    response = sync(client, [edit, fresh])
    assert statuses(response) == ["conflict", "created"]
    assert response.get_json()["results"][0]["server"]["note"] == "from the laptop"


def test_edit_answers_for_missing_foreign_and_invalid(client, stored, make_user, probes):
    missing = put(client, str(uuid.uuid4()), {"base_version": 1, "data": {"note": "x"}})
    assert missing.status_code == 404
    assert put(client, stored["uuid"], {"base_version": 1, "data": {"note": "x"}},
               kind="horoscope").status_code == 404
    other = make_user()
    assert put(client, stored["uuid"], {"owner": other.id, "base_version": 1,
                                        "data": {"note": "x"}}).status_code == 403
    invalid = put(client, stored["uuid"], {"base_version": 1, "data": {"note": ""}})
    assert invalid.status_code == 422
    assert "note" in invalid.get_json()["errors"]
    assert put(client, stored["uuid"], {"data": {"note": "x"}}).status_code == 400
    assert [r.note for r in probe.rows(probes)] == ["first words"]


def test_edits_need_a_signed_in_person(client, probes):
    response = client.put(f"/api/items/probe/{uuid.uuid4()}", json={"base_version": 1, "data": {}})
    assert response.status_code == 401
    assert response.get_json()["error"] == "login required"


class TestRateLimit:
    @pytest.fixture
    def app_config(self) -> dict[str, Any]:
        return {"RATELIMIT_SYNC": "2 per minute"}

    def test_sync_is_rate_limited_per_person_with_retry_after(self, client, person, probes):
        assert sync(client, []).status_code == 200
        assert sync(client, []).status_code == 200
        limited = sync(client, [])
        assert limited.status_code == 429
        assert limited.is_json
        assert int(limited.headers["Retry-After"]) > 0
