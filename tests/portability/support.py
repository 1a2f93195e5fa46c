"""Helpers for the export/import tests: a person with one of every record type,
the upload like a browser, and an export without its per-download fields."""
from __future__ import annotations

import io
import json
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from werkzeug.test import TestResponse

from tests.fixtures.accounts import csrf_from
from webapp import db
from webapp.auth.models import User
from webapp.diary import screening as screener
from webapp.diary import services as diary
from webapp.exercises import services as exercises
from webapp.portability.registry import record_types
from webapp.safety import signs


def fill(app: Flask, user_id: int, mark: str) -> dict[str, str]:
    """One record of every type for this person, recognisable by `mark`; their UUIDs."""
    keys = {kind: str(uuid.uuid4()) for kind in ("entry", "old_entry", "checkin", "screening",
                                                 "check", "session")}
    now = datetime.now(UTC)
    with app.app_context():
        user = db.session.get(User, user_id)
        diary.create_entry(db.session, user, keys["entry"], {
            "occurred_at": (now - timedelta(hours=2)).isoformat(), "areas": ["eyelid:left"],
            "triggers": ["caffeine", "tag:long meetings"], "intensity": "6",
            "duration": "minutes", "feel": "flicker", "situation": "rest", "anxiety": "4",
            "note": f"{mark} twitch note"})
        old = diary.create_entry(db.session, user, keys["old_entry"], {
            "occurred_at": (now - timedelta(days=40)).isoformat(), "areas": ["calf:right"],
            "note": f"{mark} older note"})[0]
        diary.update_entry(db.session, user, old.uuid, 1, {
            "occurred_at": (now - timedelta(days=40)).isoformat(), "areas": ["calf:both"],
            "note": f"{mark} older note, edited"})
        diary.save_checkin(db.session, user, keys["checkin"], {
            "day": (now - timedelta(days=1)).date().isoformat(), "anxiety": "5", "mood": "3",
            "sleep_hours": "6.5", "caffeine": "2", "twitchiness": "few",
            "note": f"{mark} check-in note"})
        catalogue = signs.for_language("en")
        answers = {sign.key: "no" for sign in catalogue.questions()}
        screener.record_screening(db.session, user, keys["screening"], "weekly", catalogue,
                                  {**answers, "weeks": "yes", "numbness": "skip"}, None)
        screener.record_check(db.session, user, keys["check"], {
            "checked_on": (now - timedelta(days=20)).date().isoformat(), "area": "eyelid",
            "clinician": "Dr Example", "conclusion": f"{mark} doctor conclusion",
            "tests": ["exam", "blood"]})
        exercises.record_session(db.session, user, keys["session"], {
            "exercise": "breathe", "pattern": "custom",
            "phases": [{"kind": "in", "seconds": 4.5}, {"kind": "out", "seconds": 7}],
            "planned_seconds": 120, "actual_seconds": 95, "anxiety_before": 6,
            "anxiety_after": 3, "completed": False,
            "started_at": (now - timedelta(hours=3)).isoformat()})
        exercises.save_custom_pattern(db.session, user, {"inhale": "4.5", "hold_in": "0",
                                                         "exhale": "7", "hold_out": "1"})
        db.session.commit()
    return keys


def counts(app: Flask) -> dict[str, int]:
    """Rows of every exportable type, everyone's: an import that is refused changes none."""
    with app.app_context():
        return {t.key: db.session.scalar(select(func.count()).select_from(t.model))
                for t in record_types(app)}


def export(client: FlaskClient, url: str = "/account/export.json") -> dict[str, Any]:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    assert response.headers["Content-Disposition"].startswith("attachment")
    return json.loads(response.get_data(as_text=True))


def records(document: dict[str, Any]) -> dict[str, Any]:
    """The export less what belongs to the download rather than to the records, and
    less the access log: exported for the person to keep, never imported (an
    import must not write who looked at a diary), so it never round-trips."""
    return {k: v for k, v in document.items()
            if k not in {"exported_at", "account", "access_log"}}


def upload(client: FlaskClient, body: bytes, filename: str = "steady-export.json",
           **kwargs: Any) -> TestResponse:
    token = csrf_from(client.get("/account/import").get_data(as_text=True))
    return client.post("/account/import", data={"csrf_token": token,
                                                "file": (io.BytesIO(body), filename)},
                       content_type="multipart/form-data", **kwargs)


def as_bytes(document: dict[str, Any]) -> bytes:
    return json.dumps(document).encode()
