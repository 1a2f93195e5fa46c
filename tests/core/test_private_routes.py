"""Every route in the URL map, walked as the owner, another person, a therapist
with the owner's share, a therapist without it, and someone signed out, with two
people's recognisable data in the database. No answer carries someone else's
private words, and no write changes anyone else's records. Built from the URL
map, so a new route is walked automatically (and fails until it says what its
parameters should be)."""
from __future__ import annotations

import base64
import re
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.fixtures.accounts import post_form, sign_in_with_code
from tests.fixtures.diary import local_now_str
from tests.fixtures.people import add_private_data
from webapp import db
from webapp.db import Base
from webapp.exercises.routines import ROUTINES

MARKS = {"alice": "ALICE-PRIVATE", "bob": "BOB-PRIVATE"}
OWNER_COLUMNS = ("user_id", "owner_id", "person_id")
# Routes whose own effect on the actor is the point and is tested elsewhere.
NOT_WRITTEN = {"auth.logout": "ends the walker's own session; tests/auth/test_login.py"}
STATIC_VALUES = {
    ("learn.article", "slug"): "red-flags",
    ("exercises.relax", "slug"): next(iter(ROUTINES)),
    ("exercises.breathe", "key"): "calm",
    ("api.update_item", "kind"): "entry",
    ("measures.take", "instrument"): "phq9",
}


def sign_in(app: Flask, user: Any) -> FlaskClient:
    """A client signed in as ``user``, through the code step when the account has
    two-step sign-in (every therapist the fixtures make does)."""
    client = app.test_client()
    signed_in = sign_in_with_code(client, user.email)
    assert signed_in.status_code == 302, signed_in.get_data(as_text=True)[:300]
    return client


def sharing_code(client: FlaskClient) -> str:
    post_form(client, "/clients/code", {}, form_page="/clients")
    html = client.get("/clients").get_data(as_text=True)
    return re.search(r'class="share-code">([A-Z0-9]{4})-([A-Z0-9]{4})<', html).expand(r"\1\2")


def share_with(client: FlaskClient, code: str) -> None:
    response = post_form(client, "/share", {"code": code, "twitches": "y", "checkins": "y",
                                            "notes": "y", "screenings": "y", "exercises": "y",
                                            "recovery": "y", "measures": "y"})
    assert response.status_code == 302


def save_session(client: FlaskClient) -> str:
    key = str(uuid.uuid4())
    page = client.get("/exercises/breathe/calm").get_data(as_text=True)
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)
    response = client.post("/exercises/sessions", headers={"X-CSRFToken": token,
                                                            "Accept": "application/json"}, json={
        "uuid": key, "exercise": "breathe", "pattern": "calm", "planned_seconds": 60,
        "actual_seconds": 60, "anxiety_before": 6, "anxiety_after": 3, "completed": True,
        "phases": [{"kind": "in", "seconds": 4}, {"kind": "out", "seconds": 6}],
        "started_at": (datetime.now(UTC) - timedelta(minutes=3)).isoformat()})
    assert response.status_code in (200, 201), response.get_data(as_text=True)
    return key


def record_doctor_check(client: FlaskClient, mark: str) -> str:
    key = str(uuid.uuid4())
    response = post_form(client, "/diary/screener/doctor-checks", {
        "uuid": key, "checked_on": (datetime.now(UTC) - timedelta(days=20)).date().isoformat(),
        "clinician": "Dr Lee", "conclusion": f"{mark} visit note", "tests": ["exam"],
        "area": ""})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return key


def log_ledger_check(client: FlaskClient, mark: str) -> str:
    """A check in the ledger in the person's own words, waited out with a timer."""
    key = str(uuid.uuid4())
    response = post_form(client, "/recovery/", {"uuid": key, "kind": "other", "action": "wait",
                                                "other_text": f"{mark} check words",
                                                "timer_minutes": "10"})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return key


def park_worry(client: FlaskClient, mark: str) -> str:
    """A parked worry, with worry time open now, so the worry page lists it."""
    key = str(uuid.uuid4())
    start = (datetime.now(UTC) - timedelta(minutes=5)).strftime("%H:%M")
    response = post_form(client, "/recovery/settings/window", {"start": start, "length": "120"},
                         form_page="/recovery/settings")
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    response = post_form(client, "/recovery/worry", {"uuid": key, "text": f"{mark} worry"})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return key


def start_experiment(client: FlaskClient, mark: str) -> str:
    """A running experiment in the person's words, with today's answer to it."""
    key, start = str(uuid.uuid4()), datetime.now(UTC).date() - timedelta(days=2)
    response = post_form(client, "/recovery/experiments/setup", {
        "uuid": key, "title": f"{mark} experiment", "change": f"{mark} change",
        "measures": ["twitches", "checks"], "first": "change", "design": "ab",
        "phase_1_start": start.isoformat(), "phase_1_end": (start + timedelta(days=6)).isoformat(),
        "phase_2_start": (start + timedelta(days=7)).isoformat(),
        "phase_2_end": (start + timedelta(days=13)).isoformat(), "action": "save"})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    response = post_form(client, f"/recovery/experiments/{key}/adherence", {
        "uuid": str(uuid.uuid4()), "day": datetime.now(UTC).date().isoformat(), "kept": "yes"},
        form_page=f"/recovery/experiments/{key}")
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return key


def ask_the_doctor(client: FlaskClient, mark: str) -> str:
    key = str(uuid.uuid4())
    response = post_form(client, "/diary/summary/questions",
                         {"uuid": key, "text": f"{mark} question for the doctor"},
                         form_page="/diary/summary")
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return key


def set_reminders(client: FlaskClient, mark: str) -> None:
    """Reminder settings, and a device subscribed at an endpoint carrying the mark
    (push is not configured here, so the walk's test sends reach no network)."""
    response = post_form(client, "/settings/reminders", {
        "timezone": "Europe/Madrid", "checkin_on": "y", "checkin_at": "20:30",
        "exercise_times": ["08:00"], "quiet_days": ["6"], "wording": "generic"})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    key = base64.urlsafe_b64encode(ec.generate_private_key(ec.SECP256R1()).public_key()
                                   .public_bytes(serialization.Encoding.X962,
                                                 serialization.PublicFormat.UncompressedPoint))
    response = client.post("/api/push/subscription", headers={"X-CSRFToken": token_for(client)},
                           json={"endpoint": f"https://fcm.googleapis.com/fcm/send/{mark}",
                                 "keys": {"p256dh": key.decode().rstrip("="),
                                          "auth": "MDEyMzQ1Njc4OWFiY2RlZg"}})
    assert response.status_code == 201, response.get_data(as_text=True)[:300]


def take_phq9(client: FlaskClient) -> str:
    """A PHQ-9 with question 9 above 0 (an alert for the therapist it is shared with)."""
    key = str(uuid.uuid4())
    answers = {f"item{n}": "1" for n in range(1, 10)}
    response = post_form(client, "/measures/phq9/take", {"uuid": key, **answers})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return key


def assign_practice(app: Flask, client: FlaskClient, share_id: str, person: Any) -> str:
    """A breathing exercise the therapist assigns to their client."""
    url = f"/clients/{share_id}/practice"
    response = post_form(client, url, {"kind": "exercise", "exercise": "breathe:calm",
                                       "per_week": "3", "weeks": "2"}, form_page=url)
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    with app.app_context():
        from webapp.practice.models import Assignment

        return str(db.session.scalar(select(Assignment.id).where(
            Assignment.user_id == person.id)))


def owned_rows(app: Flask, user_id: int) -> dict[str, list[tuple]]:
    """Every row anyone could own, for one person, table by table."""
    snapshot: dict[str, list[tuple]] = {}
    with app.app_context():
        for table in Base.metadata.sorted_tables:
            columns = [c for c in OWNER_COLUMNS if c in table.c]
            if table.name == "users":
                query = select(table).where(table.c.id == user_id)
            elif columns:
                query = select(table).where(table.c[columns[0]] == user_id)
            else:
                continue
            rows = db.session.execute(query)
            snapshot[table.name] = sorted(tuple(map(repr, row)) for row in rows)
    return snapshot


@pytest.fixture
def world(app: Flask, make_user):
    """Bob first (so an unscoped query meets his rows first), then Alice; each with
    a twitch, today's check-in and a breathing session; Alice shares everything
    with one therapist, Bob with another."""
    people: dict[str, Any] = {}
    for name in ("bob", "alice"):
        user = make_user(email=f"{name}@example.com", display_name=name.title())
        client = sign_in(app, user)
        records = add_private_data(client, MARKS[name])
        records["session"] = save_session(client)
        records["check"] = record_doctor_check(client, MARKS[name])
        records["question"] = ask_the_doctor(client, MARKS[name])
        records["ledger"] = log_ledger_check(client, MARKS[name])
        records["worry"] = park_worry(client, MARKS[name])
        records["experiment"] = start_experiment(client, MARKS[name])
        set_reminders(client, MARKS[name])
        people[name] = {"user": user, "client": client, "records": records}
    for therapist_name, person_name in (("therapist_b", "bob"), ("therapist_a", "alice")):
        therapist = make_user(email=f"{therapist_name}@example.com", role="therapist",
                              display_name=therapist_name)
        client = sign_in(app, therapist)
        share_with(people[person_name]["client"], sharing_code(client))
        people[person_name]["records"]["response"] = take_phq9(people[person_name]["client"])
        people[therapist_name] = {"user": therapist, "client": client}
    people["visitor"] = {"user": None, "client": app.test_client()}
    with app.app_context():
        from webapp.sharing.models import Share

        for name in ("alice", "bob"):
            share = db.session.scalar(select(Share).where(
                Share.person_id == people[name]["user"].id))
            people[name]["records"]["share"] = str(share.id)
    for therapist_name, person_name in (("therapist_b", "bob"), ("therapist_a", "alice")):
        records = people[person_name]["records"]
        records["assignment"] = assign_practice(app, people[therapist_name]["client"],
                                                records["share"], people[person_name]["user"])
    return people


# Whose words each actor may see: their own, and a therapist their client's.
ALLOWED = {"alice": {"alice"}, "bob": {"bob"}, "therapist_a": {"alice"},
           "therapist_b": {"bob"}, "visitor": set()}
# Whose records each actor's requests point at: always someone else's.
TARGET = {"alice": "bob", "bob": "alice", "therapist_a": "bob", "therapist_b": "alice",
          "visitor": "alice"}


def fill(rule: Any, records: dict[str, str]) -> str:
    by_name = {"entry_uuid": records["entry"], "item_uuid": records["entry"],
               "share_id": records["share"], "check_uuid": records["check"],
               "ledger_uuid": records["ledger"], "worry_uuid": records["worry"],
               "experiment_uuid": records["experiment"],
               "response_uuid": records["response"],
               "assignment_id": records["assignment"]}
    url = rule.rule
    for arg in rule.arguments:
        value = STATIC_VALUES.get((rule.endpoint, arg))
        if value is None and rule.endpoint == "exercises.session_result":
            value = records["session"]
        if value is None and rule.endpoint.startswith("insights.") and arg == "key":
            value = records["question"]
        value = value or by_name.get(arg)
        if value is None:
            pytest.fail(f"{rule.endpoint}: say what <{arg}> should be in STATIC_VALUES or fill()")
        url = re.sub(rf"<(?:[a-z]+:)?{arg}>", value, url)
    return url


def private_rules(app: Flask) -> list[Any]:
    return [r for r in app.url_map.iter_rules() if r.endpoint != "static"]


def token_for(client: FlaskClient) -> str:
    return client.get("/api/csrf").get_json()["token"]


def assert_no_foreign_words(actor: str, url: str, body: str) -> None:
    for owner, mark in MARKS.items():
        if owner not in ALLOWED[actor]:
            assert mark not in body, f"{actor} saw {owner}'s private words at {url}"


def test_no_route_shows_anyone_elses_private_data(app, world):
    walked = 0
    for actor, who in world.items():
        records = world[TARGET[actor]]["records"]
        for rule in private_rules(app):
            if "GET" not in rule.methods:
                continue
            url = fill(rule, records)
            for target in (url, url + "?page=0&day=" + datetime.now(UTC).date().isoformat()):
                response = who["client"].get(target)
                walked += 1
                assert response.status_code < 500, (actor, target)
                assert_no_foreign_words(actor, target, response.get_data(as_text=True))
    assert walked > 100


def test_no_route_changes_anyone_elses_records(app, world):
    for actor, who in world.items():
        others = [name for name in ("alice", "bob") if name != actor]
        before = {name: owned_rows(app, world[name]["user"].id) for name in others}
        records = world[TARGET[actor]]["records"]
        for rule in private_rules(app):
            writes = rule.methods & {"POST", "PUT", "PATCH", "DELETE"}
            if not writes or rule.endpoint in NOT_WRITTEN:
                continue
            url = fill(rule, records)
            note = f"WRITTEN-BY-{actor}"
            fields = {"uuid": records["entry"], "note": note, "areas": "calf:left",
                      "occurred_at": local_now_str(), "anxiety": "9", "version": "1",
                      "twitches": "y", "notes": "y", "code": ""}
            for method in sorted(writes):
                token = token_for(who["client"])
                if rule.rule.startswith("/api/"):
                    item = {"kind": "entry", **fields, "areas": ["calf:left"]}
                    body = {"format": 2, "items": [item]} if rule.endpoint == "api.sync" else item
                    response = who["client"].open(url, method=method, json=body,
                                                  headers={"X-CSRFToken": token})
                else:
                    response = who["client"].open(url, method=method,
                                                  data={**fields, "csrf_token": token})
                assert response.status_code < 500, (actor, method, url)
                assert_no_foreign_words(actor, url, response.get_data(as_text=True))
        for name in others:
            assert owned_rows(app, world[name]["user"].id) == before[name], (
                f"a write by {actor} changed {name}'s records")
