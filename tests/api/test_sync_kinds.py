"""The real kinds through the sync API: diary entries, check-ins, exercise sessions.

Each test skips cleanly while its feature's services are not in the build yet."""
from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import Flask

from tests.api.test_sync import put, statuses, sync
from tests.fixtures.diary import local_now_str
from webapp.api.registry import handlers


def needs_kind(app: Flask, kind: str, module: str, function: str) -> None:
    services = pytest.importorskip(module)
    if not hasattr(services, function):
        pytest.skip(f"{module}.{function} is not written yet")
    if kind not in handlers(app):
        pytest.skip(f"the {kind!r} kind is not registered with the sync API yet")


def an_hour_ago() -> str:
    return local_now_str(minutes_ago=60)


def queued(owner: int, kind: str, data: dict[str, Any]) -> dict[str, Any]:
    return {"uuid": str(uuid.uuid4()), "kind": kind, "op": "create", "owner": owner, "data": data}


def test_a_queued_diary_entry_is_stored_once(app, client, person):
    needs_kind(app, "entry", "webapp.diary.services", "create_entry")
    entry = queued(person.id, "entry", {"occurred_at": an_hour_ago(), "areas": ["calf:left"],
                                        "note": "after two coffees"})
    first = sync(client, [entry])
    assert statuses(first) == ["created"]
    assert first.get_json()["results"][0]["server"]["areas"] == ["calf:left"]
    assert statuses(sync(client, [entry])) == ["exists"]
    assert statuses(sync(client, [{**entry, "user": person.id}], fmt=1)) == ["exists"]


def test_a_diary_entry_without_a_body_area_is_rejected_with_the_field(app, client, person):
    needs_kind(app, "entry", "webapp.diary.services", "create_entry")
    result = sync(client, [queued(person.id, "entry", {"occurred_at": an_hour_ago()})])
    assert statuses(result) == ["rejected"]
    assert "areas" in result.get_json()["results"][0]["errors"]


def test_a_stale_diary_edit_answers_409_with_the_stored_entry(app, client, person):
    needs_kind(app, "entry", "webapp.diary.services", "update_entry")
    entry = queued(person.id, "entry", {"occurred_at": an_hour_ago(), "areas": ["calf:left"]})
    sync(client, [entry])
    laptop = {"base_version": 1, "data": {**entry["data"], "note": "from the laptop"}}
    assert put(client, entry["uuid"], laptop, kind="entry").status_code == 200
    phone = {"base_version": 1, "data": {**entry["data"], "note": "from the phone"}}
    response = put(client, entry["uuid"], phone, kind="entry")
    assert response.status_code == 409
    assert response.get_json()["server"]["note"] == "from the laptop"
    assert response.get_json()["server"]["version"] == 2
    assert response.get_json()["mine"]["data"]["note"] == "from the phone"


def test_a_queued_check_in_is_stored_once(app, client, person):
    needs_kind(app, "checkin", "webapp.diary.services", "save_checkin")
    today = local_now_str(minutes_ago=0)[:10]  # the person's date
    checkin = queued(person.id, "checkin", {"day": today, "anxiety": "3"})
    assert statuses(sync(client, [checkin])) == ["created"]
    assert statuses(sync(client, [checkin])) == ["exists"]


def test_a_queued_exercise_session_is_stored_once(app, client, person):
    needs_kind(app, "exercise_session", "webapp.exercises.services", "record_session")
    started = (datetime.now(UTC) - timedelta(minutes=5)).isoformat()
    session = queued(person.id, "exercise_session", {
        "exercise": "breathe", "pattern": "calm", "planned_seconds": 60,
        "actual_seconds": 60, "started_at": started, "completed": True})
    assert statuses(sync(client, [session])) == ["created"]
    assert statuses(sync(client, [session])) == ["exists"]
