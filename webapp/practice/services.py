"""Assigned practice: a therapist assigns, stops; the person declines with a
note. They flush; the view commits once. Every query for a person's
assignments goes through webapp.ownership; a therapist reaches them only
through an active share (the view checks it) and only their own assignments."""
from __future__ import annotations

import uuid as uuid_mod
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from webapp.auth.models import User
from webapp.db import utcnow
from webapp.ownership import Account, owned, owned_record
from webapp.practice.models import Assignment
from webapp.validation import ValidationFailed

DECLINE_MAX = 300


def window(starts_on: Any, weeks: int, zone: str) -> tuple[datetime, datetime]:
    """The assignment's weeks in UTC: from local midnight of the first day to
    local midnight after the last."""
    tz = ZoneInfo(zone)
    opens = datetime.combine(starts_on, time(0), tzinfo=tz).astimezone(UTC)
    closes = datetime.combine(starts_on + timedelta(days=7 * weeks), time(0),
                              tzinfo=tz).astimezone(UTC)
    return opens, closes


def assign(db: Session, therapist: User, person: Any, values: dict[str, Any],
           key: uuid_mod.UUID | None = None) -> Assignment:
    """Therapist, through an active share with the scope the kind needs (the view
    checks it): assign practice to the client. ``values`` from parse_assignment."""
    opens, closes = window(values["starts_on"], values["weeks"], person.timezone)
    assignment = owned_record(Assignment, person, uuid=key or uuid_mod.uuid4(),
                              therapist_id=therapist.id, opens_at=opens, closes_at=closes,
                              **values)
    db.add(assignment)
    db.flush()
    return assignment


def for_person(db: Session, person: Account, now: datetime | None = None,
               therapist: User | None = None) -> list[Assignment]:
    """Person, or a therapist through an active share (``therapist`` narrows to
    theirs): assignments not stopped and not over more than two weeks ago,
    newest first. One query."""
    query = owned(Assignment, person).where(
        Assignment.stopped_at.is_(None),
        Assignment.closes_at > (now or utcnow()) - timedelta(days=14))
    if therapist is not None:
        query = query.where(Assignment.therapist_id == therapist.id)
    return list(db.scalars(query.order_by(Assignment.created_at.desc(), Assignment.id.desc())))


def decline(db: Session, person: Account, assignment_id: int, note: Any) -> Assignment | None:
    """Person only: decline one of their assignments, with a note their therapist
    reads. None when there is no such open assignment of theirs;
    ValidationFailed (nothing stored) for a note that is too long."""
    text = " ".join(str(note or "").split())
    if len(text) > DECLINE_MAX:
        raise ValidationFailed({"note": _("Keep the note under %(max)d characters (it has "
                                          "%(n)d). Nothing was saved yet.",
                                          max=DECLINE_MAX, n=len(text))})
    found = db.scalar(owned(Assignment, person).where(
        Assignment.id == assignment_id, Assignment.declined_at.is_(None),
        Assignment.stopped_at.is_(None)))
    if found is None:
        return None
    found.declined_at, found.decline_note = utcnow(), text
    db.flush()
    return found


def stop(db: Session, therapist: User, person: Account, assignment_id: int) -> bool:
    """Therapist, through an active share: stop one of their assignments for this
    client (kept as a record). False when there is no such open one of theirs."""
    found = db.scalar(owned(Assignment, person).where(
        Assignment.id == assignment_id, Assignment.therapist_id == therapist.id,
        Assignment.stopped_at.is_(None)))
    if found is None:
        return False
    found.stopped_at = utcnow()
    db.flush()
    return True


def therapist_names(db: Session, assignments: list[Assignment]) -> dict[int, str]:
    """The names of the therapists who assigned these (for the person's page)."""
    ids = {a.therapist_id for a in assignments if a.therapist_id is not None}
    if not ids:
        return {}
    return dict(db.execute(select(User.id, User.display_name).where(User.id.in_(ids))).all())
