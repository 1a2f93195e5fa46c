"""A therapist (two-step sign-in on) and a person sharing with them, set up
through the forms; small helpers to change a share or add a red-flag answer."""
from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from tests.fixtures.accounts import daytime_zone, post_form, sign_in_with_code
from webapp import db
from webapp.auth.models import User
from webapp.db import utcnow
from webapp.diary.models import Screening
from webapp.ownership import owned_record
from webapp.sharing.models import AccessLog, Share
from webapp.sharing.services import set_end_day

ALL_PARTS = {"code": "", "twitches": "y", "checkins": "y", "screenings": "y",
             "exercises": "y", "recovery": "y", "measures": "y"}


@dataclass
class Pair:
    therapist: Any
    person: Any
    therapist_client: FlaskClient
    person_client: FlaskClient
    share_id: int


def signed_in(app: Flask, user: Any) -> FlaskClient:
    client = app.test_client()
    assert sign_in_with_code(client, user.email).status_code == 302
    return client


def code_of(client: FlaskClient) -> str:
    post_form(client, "/clients/code", {}, form_page="/clients")
    html = client.get("/clients").get_data(as_text=True)
    return re.search(r'class="share-code">([A-Z0-9]{4})-([A-Z0-9]{4})<', html).expand(r"\1\2")


def share(app: Flask, make_user: Any, *, therapist: Any = None, name: str = "Robin",
          **parts: str) -> Pair:
    therapist = therapist or make_user(role="therapist", display_name="Dr Lee")
    person = make_user(display_name=name)
    t_client, p_client = signed_in(app, therapist), signed_in(app, person)
    shared = post_form(p_client, "/share", {**ALL_PARTS, **parts, "code": code_of(t_client)})
    assert shared.status_code == 302, shared.get_data(as_text=True)[:400]
    with app.app_context():
        share_id = db.session.scalar(select(Share.id).where(Share.person_id == person.id))
    return Pair(therapist, person, t_client, p_client, share_id)


def change_share(app: Flask, share_id: int, **values: Any) -> None:
    """Change a share's columns; an end day goes through the one rule that also sets
    the moment it ends (the person's midnight)."""
    with app.app_context():
        found = db.session.get(Share, share_id)
        if "ends_on" in values:
            set_end_day(found, db.session.get(User, found.person_id), values.pop("ends_on"))
        for name, value in values.items():
            setattr(found, name, value)
        db.session.commit()


def add_red_flag(app: Flask, person: Any, key: str, at: datetime | None = None) -> None:
    with app.app_context():
        owner = db.session.get(User, person.id)
        db.session.add(owned_record(Screening, owner, uuid=uuid.uuid4(), reason="manual",
                                    answered_at=at or utcnow(), yes_flags=f",{key},",
                                    no_flags=",", skipped_flags=","))
        db.session.commit()


def log_rows(app: Flask, person_id: int | None = None) -> list[tuple[str, int | None]]:
    with app.app_context():
        query = select(AccessLog.part, AccessLog.share_id).order_by(AccessLog.id)
        if person_id is not None:
            query = query.where(AccessLog.person_id == person_id)
        return [tuple(row) for row in db.session.execute(query)]


def log_count(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(AccessLog)) or 0


def today() -> date:
    """Today where test people live (their zone, not the server's)."""
    return utcnow().astimezone(ZoneInfo(daytime_zone())).date()
