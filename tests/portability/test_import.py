"""Importing an export: all or nothing, idempotent by UUID, an exact round trip,
and another person's records are never shown, moved or touched."""
from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from tests.fixtures.accounts import PASSWORD, csrf_from, post_form
from tests.fixtures.app import make_app
from tests.fixtures.database import migrate
from tests.portability.support import as_bytes, counts, export, fill, records, upload
from webapp import db
from webapp.auth.models import User
from webapp.diary.models import Checkin, Entry
from webapp.exercises.models import CustomPattern

FLASH = "toast-success"


def test_round_trip_is_exact_and_leaves_the_other_person_alone(app, client, make_user, auth):
    other = make_user(display_name="Other")
    theirs = fill(app, other.id, "THEIRS")
    me = make_user(timezone="Europe/London")
    fill(app, me.id, "MINE")
    auth.login(other.email)
    before_theirs = records(export(client))
    auth.logout()

    auth.login(me.email)
    original = export(client)
    # Leave, then come back as a new account (here on the same server, the old one deleted).
    post_form(client, "/account/delete", {"password": PASSWORD})
    newcomer = make_user(timezone="America/New_York")
    auth.login(newcomer.email)
    assert all(not records(export(client))[k] for k in records(original)
               if k not in {"format", "version"})
    response = upload(client, as_bytes(original), follow_redirects=True)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and FLASH in html
    assert "2 twitches, 1 check-in, 1 red-flag check, 1 doctor&#39;s visit, 1 exercise session, " \
           "1 breathing pattern added" in html
    assert records(export(client)) == records(original)

    auth.logout()
    auth.login(other.email)
    assert records(export(client)) == before_theirs
    assert theirs["entry"] in json.dumps(before_theirs)


def test_importing_twice_creates_nothing_new(app, client, make_user, auth):
    source = make_user()
    fill(app, source.id, "MINE")
    auth.login(source.email)
    document = export(client)
    # The owner imports their own export: every record is already here.
    before = counts(app)
    html = upload(client, as_bytes(document), follow_redirects=True).get_data(as_text=True)
    assert "Nothing new was added; 7 already here." in html
    assert counts(app) == before
    assert records(export(client)) == records(document)


def test_second_import_into_a_new_account_adds_nothing(tmp_path, make_user, app, client, auth):
    source = make_user()
    fill(app, source.id, "MINE")
    auth.login(source.email)
    document = export(client)
    other_url = f"sqlite:///{tmp_path / 'other-server.sqlite3'}"
    migrate(other_url)
    elsewhere = make_app(other_url)
    try:
        with elsewhere.app_context():
            from webapp.auth import services as accounts
            accounts.register(db.session, email="new@example.com", password=PASSWORD,
                              display_name="New", timezone="UTC")
            db.session.commit()
        visitor = elsewhere.test_client()
        post_form(visitor, "/login", {"email": "new@example.com", "password": PASSWORD})
        first = upload(visitor, as_bytes(document), follow_redirects=True)
        assert "7 already here" not in first.get_data(as_text=True)
        after_first = counts(elsewhere)
        second = upload(visitor, as_bytes(document), follow_redirects=True)
        assert "Nothing new was added; 7 already here." in second.get_data(as_text=True)
        assert counts(elsewhere) == after_first
        assert {key: n for key, n in after_first.items() if n} == {
            "entries": 2, "checkins": 1, "screenings": 1, "doctor_checks": 1,
            "exercise_sessions": 1, "custom_patterns": 1}
        assert records(export(visitor)) == records(document)
    finally:
        elsewhere.extensions["steady_engine"].dispose()


def test_a_colliding_uuid_of_another_person_refuses_the_file(app, client, make_user, auth):
    other = make_user()
    theirs = fill(app, other.id, "THEIRS")
    me = make_user()
    auth.login(me.email)
    before = counts(app)
    for kind, key in (("entries", "entry"), ("checkins", "checkin"), ("screenings", "screening"),
                      ("exercise_sessions", "session")):
        document = _valid_document(app, client)
        document[kind][0]["uuid"] = theirs[key]
        response = upload(client, as_bytes(document))
        html = response.get_data(as_text=True)
        assert response.status_code == 422, kind
        assert "belongs to another account" in html and "nothing was imported" in html, kind
        assert "THEIRS" not in html
        assert counts(app) == before, kind
    with app.app_context():
        entry = db.session.scalar(select(Entry).where(Entry.uuid == uuid.UUID(theirs["entry"])))
        assert entry.user_id == other.id and entry.note == "THEIRS twitch note"


def _valid_document(app, client) -> dict[str, Any]:
    """An export of three fresh records of a throwaway account, as bytes go."""
    now = datetime.now(UTC)
    entry = {"occurred_at": (now - timedelta(hours=1)).isoformat(), "areas": ["eyelid:left"],
             "triggers": [], "intensity": 3, "duration": None, "feel": None, "situation": None,
             "anxiety": None, "note": "fine", "timezone": "UTC", "version": 1}
    return {
        "format": "steady-export", "version": 2, "exported_at": now.isoformat(),
        "account": {"email": "x@example.com", "display_name": "X", "timezone": "UTC"},
        "entries": [{**entry, "uuid": str(uuid.uuid4())} for _ in range(3)],
        "checkins": [{"uuid": str(uuid.uuid4()), "day": now.date().isoformat(), "anxiety": 3,
                      "version": 1}],
        "screenings": [{"uuid": str(uuid.uuid4()), "answered_at": now.isoformat(),
                        "reason": "weekly", "yes": []}],
        "exercise_sessions": [{"uuid": str(uuid.uuid4()), "exercise": "pmr", "pattern": None,
                               "phases": None, "planned_seconds": 600, "actual_seconds": 600,
                               "anxiety_before": None, "anxiety_after": None,
                               "intensity_before": None, "intensity_after": None,
                               "completed": True,
                               "started_at": (now - timedelta(hours=2)).isoformat()}],
        "custom_patterns": [],
    }


def _with(change) -> Any:
    def build(document: dict[str, Any]) -> bytes:
        change(document)
        return as_bytes(document)
    return build


def _set(kind: str, field: str, value: Any, index: int = -1):
    return _with(lambda d: d[kind][index].__setitem__(field, value))


FUTURE = (datetime.now(UTC) + timedelta(days=2)).isoformat()
BAD_FILES = [
    ("not JSON", lambda d: b"date,note\n2026-01-01,hello\n", "it is not JSON"),
    ("not text", lambda d: b"\xff\xfe\x00\x81binary", "it is not text"),
    ("empty", lambda d: b"", "This file is empty"),
    ("JSON but no export", lambda d: b"[1, 2, 3]", "not a Steady export"),
    ("someone else's format", _with(lambda d: d.update(format="other-app")),
     "not a Steady export"),
    ("wrong version", _with(lambda d: d.update(version=99)), "format version 99"),
    ("version as text", _with(lambda d: d.update(version="2")), "format version \"2\""),
    ("old format", _with(lambda d: d.update(format="steady-export-1")), "older Steady"),
    ("truncated in a string", lambda d: as_bytes(d)[: len(as_bytes(d)) // 2], "ends too early"),
    ("truncated at the end", lambda d: as_bytes(d)[:-3], "ends too early"),
    ("truncated in a word", lambda d: as_bytes(d).split(b"true")[0] + b"tr", "ends too early"),
    ("nested too deeply", lambda d: b"[" * 200_000 + b"]" * 200_000, "nested too deeply"),
    ("records not a list", _with(lambda d: d.update(entries={"a": 1})), "must be a list"),
    ("a record not an object", _with(lambda d: d["entries"].append("twitch")),
     "not a JSON object"),
    ("number as text", _set("entries", "intensity", "7"), "intensity: has the wrong type"),
    ("boolean for a number", _set("checkins", "anxiety", True, 0),
     "anxiety: has the wrong type"),
    ("areas not a list", _set("entries", "areas", "eyelid:left"), "areas: has the wrong type"),
    ("missing uuid", _with(lambda d: d["entries"][-1].pop("uuid")), "missing or not a UUID"),
    ("bad uuid", _set("entries", "uuid", "not-a-uuid"), "missing or not a UUID"),
    ("duplicate uuid", _with(lambda d: d["entries"][2].update(uuid=d["entries"][0]["uuid"])),
     "appears twice"),
    ("a NUL character", _set("screenings", "reason", "weekly\x00", 0), "holds a NUL character"),
    ("out of range", _set("entries", "intensity", 11), "Intensity is a number from 1"),
    ("in the future", _set("entries", "occurred_at", FUTURE), "in the future"),
    ("unknown body area", _set("entries", "areas", ["tail:left"]), "Choose body areas"),
    ("unknown time zone", _set("entries", "timezone", "Mars/Olympus"), "IANA time zone"),
    ("bad session", _set("exercise_sessions", "exercise", "juggling", 0),
     "do not know this exercise"),
    ("bad screening answer", _set("screenings", "yes", ["is_it_bad"], 0),
     "Answer the questions from the list"),
    ("two breathing patterns", _with(lambda d: d.update(custom_patterns=[
        {"inhale": 4, "hold_in": 0, "exhale": 6, "hold_out": 0}] * 2)), "at most one"),
    ("pattern out of bounds", _with(lambda d: d.update(custom_patterns=[
        {"inhale": 40, "hold_in": 0, "exhale": 6, "hold_out": 0}])), "Choose from 2 to 12"),
    ("a kind this Steady lacks", _with(lambda d: d.update(time_capsules=[])),
     "kinds of record this Steady does not know (time_capsules)"),
]


@pytest.mark.parametrize("name,build,message", BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_files_say_why_and_import_nothing(app, client, person, name, build, message):
    before = counts(app)
    response = upload(client, build(_valid_document(app, client)))
    html = response.get_data(as_text=True)
    assert response.status_code == 422, name
    assert message in html.replace("&#34;", '"').replace("&#39;", "'"), name
    assert 'role="alert"' in html
    assert counts(app) == before, name


@pytest.fixture
def app_config() -> dict[str, Any]:
    return {"IMPORT_MAX_BYTES": 2 * 1024 * 1024}


@pytest.mark.parametrize("padding", [3_000_000, 2 * 1024 * 1024 + 10],
                         ids=["far over", "just over"])
def test_too_large_a_file_is_refused_unread(app, client, person, padding):
    before = counts(app)
    token = csrf_from(client.get("/account/import").get_data(as_text=True))
    big = b'{"format": "steady-export", "version": 2, "entries": [' + b" " * padding + b"]}"
    # Encoded by hand: the test client would spool a body this large to a temporary file.
    body = (b"--b\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n"
            + token.encode() + b"\r\n--b\r\nContent-Disposition: form-data; name=\"file\"; "
            b"filename=\"big.json\"\r\nContent-Type: application/json\r\n\r\n"
            + big + b"\r\n--b--\r\n")
    response = client.post("/account/import", data=body,
                           content_type="multipart/form-data; boundary=b")
    assert response.status_code == 413
    assert "larger than 2 MB" in response.get_data(as_text=True)
    assert counts(app) == before
    just_under = upload(client, as_bytes(_valid_document(app, client)), follow_redirects=True)
    assert FLASH in just_under.get_data(as_text=True)


def test_import_needs_a_csrf_token_and_a_file(app, client, person):
    import io
    before = counts(app)
    response = client.post("/account/import", data={
        "file": (io.BytesIO(as_bytes(_valid_document(app, client))), "x.json")},
        content_type="multipart/form-data")
    assert response.status_code == 400
    assert counts(app) == before
    missing = post_form(client, "/account/import", {})
    assert missing.status_code == 422
    assert "Choose the export file" in missing.get_data(as_text=True)


def test_a_check_in_for_a_day_already_logged_keeps_the_accounts_own(app, client, person):
    document = _valid_document(app, client)
    first = upload(client, as_bytes(document), follow_redirects=True).get_data(as_text=True)
    assert "3 twitches, 1 check-in, 1 red-flag check, 1 exercise session added" in first
    other_day_same = _valid_document(app, client)
    other_day_same["checkins"][0]["anxiety"] = 9
    html = upload(client, as_bytes(other_day_same), follow_redirects=True).get_data(as_text=True)
    assert "3 twitches, 1 red-flag check, 1 exercise session added; 1 already here." in html
    assert "that one was kept" in html
    with app.app_context():
        assert [c.anxiety for c in db.session.scalars(select(Checkin))] == [3]


def test_entries_keep_their_own_time_zone_and_day(app, client, make_user, auth):
    me = make_user(timezone="Pacific/Auckland")
    auth.login(me.email)
    document = _valid_document(app, client)
    document["entries"] = [{**document["entries"][0], "timezone": "Pacific/Auckland",
                            "occurred_at": "2026-01-01T11:30:00+00:00"}]
    upload(client, as_bytes(document))
    with app.app_context():
        entry = db.session.scalar(select(Entry))
        assert entry.timezone == "Pacific/Auckland" and entry.local_day.isoformat() == "2026-01-02"


def test_demo_data_exports_and_imports_into_an_empty_account(app, client, runner, tmp_path):
    assert runner.invoke(args=["demo", "--days", "120"]).exit_code == 0
    post_form(client, "/login", {"email": "demo@steady.example", "password": "steady-demo-pass"})
    document = export(client)
    assert len(document["entries"]) > 50 and len(document["checkins"]) > 50
    now = datetime.now(UTC)
    assert all(datetime.fromisoformat(e["occurred_at"]) <= now for e in document["entries"])
    assert all(datetime.fromisoformat(c["created_at"]) <= now for c in document["checkins"])

    empty_url = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    migrate(empty_url)
    elsewhere = make_app(empty_url)
    try:
        with elsewhere.app_context():
            from webapp.auth import services as accounts
            accounts.register(db.session, email="sam@example.com", password=PASSWORD,
                              display_name="Sam", timezone="Pacific/Honolulu")
            db.session.commit()
        visitor = elsewhere.test_client()
        post_form(visitor, "/login", {"email": "sam@example.com", "password": PASSWORD})
        response = upload(visitor, as_bytes(document), follow_redirects=True)
        assert FLASH in response.get_data(as_text=True), response.get_data(as_text=True)
        assert records(export(visitor)) == records(document)
        with elsewhere.app_context():
            assert db.session.scalar(select(User).where(User.email == "sam@example.com"))
            assert not db.session.scalars(select(CustomPattern)).all()
    finally:
        elsewhere.extensions["steady_engine"].dispose()
