"""What an audit's fuzzer found, one row each: deeply nested JSON, Infinity, 1e999 and
NaN in number fields, a 20-digit ?page=, a comma inside a person's own trigger. None
is a 500; a sync item that can never succeed is rejected with its field, never
"retry" (the outbox would resend it forever); nothing is half-stored."""
from __future__ import annotations

import collections
import json
import math
import uuid
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from tests.api import hostile
from tests.api.hostile import INF_LITERAL
from tests.fixtures.accounts import post_form, sign_in_with_code
from tests.fixtures.diary import local_now_str
from webapp import db
from webapp.db import Base
from webapp.diary import vocab
from webapp.diary.models import Entry

DONE = {"created", "exists", "updated"}


@pytest.fixture
def app_config() -> dict[str, Any]:
    return {"RATELIMIT_ENABLED": False}


def rows(app: Flask) -> dict[str, int]:
    with app.app_context():
        return {t.name: db.session.scalar(select(func.count()).select_from(t)) or 0
                for t in Base.metadata.sorted_tables}


def sync(client: FlaskClient, items: list[Any] | None = None, body: str | None = None) -> Any:
    token = client.get("/api/csrf").get_json()["token"]
    payload = hostile.dumps({"format": 2, "items": items}) if body is None else body
    return client.post("/api/sync", data=payload, headers={"X-CSRFToken": token},
                       content_type="application/json")


def only_result(response: Any) -> dict[str, Any]:
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    (result,) = response.get_json()["results"]
    return result


@pytest.fixture
def stranger_entry(make_user, app) -> str:
    """A second person's recognisable entry, which no answer here may touch."""
    other = make_user(email="stranger@example.com")
    client = app.test_client()
    sign_in_with_code(client, other.email, other.plain_password)
    entry = hostile.item(other.id, "entry", {**hostile.valid_data("entry"),
                                             "note": "STRANGER-SECRET"})
    assert only_result(sync(client, [entry]))["status"] == "created"
    return entry["uuid"]


# --- deeply nested JSON -------------------------------------------------------------

@pytest.mark.parametrize("depth", [2_000, 100_000])
def test_a_body_nested_past_what_json_can_decode_is_a_400_with_a_reason(
        app, client, person, depth):
    before = rows(app)
    body = '{"format": 2, "items": [' + "[" * depth + "]" * depth + "]}"
    assert len(body) < 256 * 1024
    response = sync(client, body=body)
    assert response.status_code == 400
    assert "deeply" in response.get_json()["error"]
    assert rows(app) == before


def test_a_deeply_nested_item_is_rejected_and_the_rest_of_the_batch_is_stored(
        app, client, person, stranger_entry):
    good = hostile.item(person.id, "entry")
    deep = hostile.item(person.id, "entry", {**hostile.valid_data("entry"),
                                             "note": hostile.nested(500)})
    response = sync(client, [deep, good])
    assert response.status_code == 200
    rejected, created = response.get_json()["results"]
    assert rejected["status"] == "rejected" and "deeply" in rejected["errors"]["item"]
    assert created["status"] == "created"
    with app.app_context():
        notes = db.session.scalars(select(Entry.note).where(Entry.user_id == person.id)).all()
    assert notes == ["after coffee"]


# --- Infinity, 1e999 and NaN in number fields ---------------------------------------

NON_FINITE = [float("inf"), float("-inf"), float("nan"), INF_LITERAL, "inf", "Infinity",
              "1e999", "-1e999", "NaN", 1e308, "9" * 20, "1" * 5000, "²"]
NUMBER_FIELDS = [("checkin", "sleep_hours"), ("checkin", "caffeine"), ("entry", "intensity"),
                 ("entry", "anxiety"), ("exercise_session", "planned_seconds"),
                 ("exercise_session", "anxiety_before")]


@pytest.mark.parametrize("kind, field", NUMBER_FIELDS)
def test_a_non_finite_or_overflowing_number_is_rejected_with_its_field(
        app, client, person, kind, field):
    before = rows(app)
    items = [hostile.item(person.id, kind, {**hostile.valid_data(kind), field: value})
             for value in NON_FINITE]
    response = sync(client, items)
    assert response.status_code == 200
    for value, result in zip(NON_FINITE, response.get_json()["results"], strict=True):
        assert result["status"] == "rejected", (value, result)
        assert set(result["errors"]) == {field}, (value, result)
    assert rows(app) == before


def test_the_check_in_form_refuses_a_non_finite_number_and_keeps_what_was_typed(
        app, client, person):
    before = rows(app)
    for value in ("1e999", "inf", "NaN", "-Infinity", "9" * 20):
        response = post_form(client, "/diary/checkin", {
            "uuid": str(uuid.uuid4()), "sleep_hours": value, "note": "typed"})
        assert response.status_code == 422
        page = response.get_data(as_text=True)
        assert "Sleep is between 0 and 24 hours" in page
        assert f'value="{value}"' in page and "typed" in page
    assert rows(app) == before


def test_a_moment_utc_cannot_hold_is_a_field_error_not_a_crash(app, client, person):
    for when in ("9999-12-31T23:59-14:00", "0001-01-01T00:00+14:00"):
        result = only_result(sync(client, [hostile.item(person.id, "entry", {
            **hostile.valid_data("entry"), "occurred_at": when})]))
        assert result["status"] == "rejected"
        assert set(result["errors"]) == {"occurred_at"}


def test_a_lone_surrogate_in_a_note_is_kept_as_a_replacement_character(app, client, person):
    item = hostile.item(person.id, "entry", {**hostile.valid_data("entry"),
                                             "note": "half an emoji \ud83d"})
    result = only_result(sync(client, [item]))
    assert result["status"] == "created"
    assert result["server"]["note"] == "half an emoji \ufffd"


WRONG_TYPES = [
    ("areas", 5), ("areas", True), ("areas", [{"key": "calf"}]), ("triggers", 1e308),
    ("triggers", False), ("note", {"text": "hi"}), ("note", True), ("occurred_at", [[1]]),
    ("duration", {"minutes": 3}),
]


def test_a_value_of_the_wrong_json_type_is_rejected_with_its_field(app, client, person):
    items = [hostile.item(person.id, "entry", {**hostile.valid_data("entry"), field: value})
             for field, value in WRONG_TYPES]
    response = sync(client, items)
    for (field, value), result in zip(WRONG_TYPES, response.get_json()["results"], strict=True):
        assert result["status"] == "rejected", (field, value, result)
        assert set(result["errors"]) == {field}, (field, value, result)


def test_an_owner_that_is_not_an_account_id_is_rejected(app, client, person):
    owners = [1.0, [1], {"id": 1}, True]
    response = sync(client, [hostile.item(owner, "entry") for owner in owners])
    for result in response.get_json()["results"]:
        assert result["status"] == "rejected"
        assert "owner" in result["errors"]


# --- integer query parameters and ids in URLs ---------------------------------------

TIMELINE_QUERIES = [
    "page=" + "9" * 20, "page=-" + "9" * 20, "page=" + "9" * 5000, "page=1e999",
    "month=0001-01", "month=9999-12", "month=99999-01", "month=2026-13", "month=--",
    "day=0001-01-01", "day=9999-12-31", "day=0001-01-01&month=0001-01", "q=%00&trigger=tag:%00",
]


def test_timeline_query_parameters_never_overflow(app, client, person):
    for query in TIMELINE_QUERIES:
        assert client.get(f"/diary/?{query}").status_code == 200, query


def test_a_far_page_is_simply_empty(app, client, person, stranger_entry):
    page = client.get("/diary/?page=" + "9" * 20).get_data(as_text=True)
    assert "STRANGER-SECRET" not in page


def test_an_id_past_what_the_database_holds_is_404(app, client, make_user, auth):
    therapist = make_user(role="therapist")
    auth.login(therapist.email)
    for number in ("9" * 20, str(2**31), "9" * 5000):
        for path in ("/clients/{n}", "/clients/{n}/safety", "/clients/{n}?days=7"):
            assert client.get(path.format(n=number)).status_code == 404, (path, number[:5])


def test_a_share_id_past_what_the_database_holds_is_404(app, client, person):
    for path in ("/share/{n}", "/share/{n}/revoke"):
        response = post_form(client, path.format(n="9" * 20), {}, form_page="/share")
        assert response.status_code == 404


# --- a comma inside a person's own trigger ------------------------------------------

def stored_triggers(app: Flask, person: Any) -> list[list[str]]:
    with app.app_context():
        return [e.trigger_list for e in db.session.scalars(
            select(Entry).where(Entry.user_id == person.id))]


def test_a_synced_trigger_with_a_comma_is_refused_not_split(app, client, person):
    result = only_result(sync(client, [hostile.item(person.id, "entry", {
        **hostile.valid_data("entry"), "triggers": ["caffeine", "tag:exam, long drive"]})]))
    assert result["status"] == "rejected"
    assert "comma" in result["errors"]["triggers"]
    assert stored_triggers(app, person) == []


def test_the_form_refuses_a_trigger_with_a_comma_and_keeps_the_note(app, client, person):
    response = post_form(client, "/diary/new", {
        "uuid": str(uuid.uuid4()), "occurred_at": local_now_str(), "areas": ["calf:left"],
        "triggers": ["tag:exam,drive"], "note": "kept words"})
    assert response.status_code == 422
    assert "comma" in response.get_data(as_text=True)
    assert "kept words" in response.get_data(as_text=True)
    assert stored_triggers(app, person) == []


def test_typed_triggers_split_at_commas_and_the_stored_list_stays_clean(app, client, person):
    response = post_form(client, "/diary/new", {
        "uuid": str(uuid.uuid4()), "occurred_at": local_now_str(), "areas": ["calf:left"],
        "triggers": ["caffeine"],
        "custom_triggers": " Exam ,, long\tdrive,\x07bell , "})
    assert response.status_code == 302
    (triggers,) = stored_triggers(app, person)
    assert triggers == ["caffeine", "tag:exam", "tag:long drive", "tag:bell"]
    assert all(t in vocab.TRIGGERS or t.startswith("tag:") and "," not in t for t in triggers)


def test_a_synced_own_trigger_is_stored_as_one_clean_tag(app, client, person):
    result = only_result(sync(client, [hostile.item(person.id, "entry", {
        **hostile.valid_data("entry"), "triggers": ["tag:  Long   Drive "]})]))
    assert result["status"] == "created"
    assert result["server"]["triggers"] == ["tag:long drive"]


# --- the whole corpus: how many answers would make a phone resend forever ------------

def test_no_hostile_item_is_answered_retry(app, client, person, stranger_entry):
    """Every field of every kind, and every part of the envelope, replaced in turn
    by each hostile value: as creates, then as edits of a stored record."""
    answers: collections.Counter[str] = collections.Counter()
    creates = hostile.corpus(person.id)
    for start in range(0, len(creates), 100):
        batch = creates[start:start + 100]
        response = sync(client, batch)
        assert response.status_code == 200
        for item, result in zip(batch, response.get_json()["results"], strict=True):
            answers[result["status"]] += 1
            assert result["status"] != "retry", item
            if result["status"] == "rejected":
                assert all(isinstance(m, str) and m for m in result["errors"].values())
    stored = {}
    for kind in hostile.FIELDS:
        result = only_result(sync(client, [hostile.item(person.id, kind)]))
        stored[kind] = [result["server"]["uuid"], result["server"]["version"]]
    for item in hostile.corpus(person.id, {k: v[0] for k, v in stored.items()}):
        if item["op"] != "update":
            continue
        item["base_version"] = stored[item["kind"]][1]
        result = only_result(sync(client, [item]))
        answers[result["status"]] += 1
        assert result["status"] != "retry", item
        if result["status"] == "updated":
            stored[item["kind"]][1] += 1
    assert answers["retry"] == 0
    assert answers["rejected"] > 0 and sum(answers[s] for s in DONE) > 0
    with app.app_context():
        secret = db.session.scalar(select(Entry).where(Entry.uuid == uuid.UUID(stranger_entry)))
        assert secret.note == "STRANGER-SECRET" and secret.version == 1


def test_the_corpus_really_sends_non_finite_numbers():
    body = hostile.dumps({"v": [float("inf"), float("nan"), INF_LITERAL]})
    assert body == '{"v": [Infinity, NaN, 1e999]}'
    assert math.isinf(json.loads(body)["v"][2])
