"""Demo practice (`flask --app wsgi demo`): each therapist the demo person shares
with has assigned "4-7-8 breathing, 5 times a week for 4 weeks" (opened 17 days
ago, about 60% done so far, with before/after ratings) and "no strength testing"
for 4 weeks. Replaced, never doubled, on every run."""
from __future__ import annotations

import json
import uuid
from datetime import timedelta

from sqlalchemy.orm import Session

from webapp.auth.models import User
from webapp.db import utcnow
from webapp.diary.services import local_now
from webapp.exercises.models import ExerciseSession
from webapp.exercises.patterns import PATTERNS
from webapp.ownership import owned, owned_delete, owned_record
from webapp.practice.models import Assignment
from webapp.practice.services import window
from webapp.sharing.models import Share

OPENED_DAYS_AGO = 17
# Sessions per assignment week so far (5 planned each): 9 of 15, 60%.
DONE = {0: 3, 1: 3, 2: 3}
RATINGS = ((6, 3), (7, 4), (5, 3))


def _key(*parts: object) -> uuid.UUID:
    return uuid.uuid5(uuid.NAMESPACE_URL, "steady.example/demo/practice/" + "/".join(
        map(str, parts)))


def fill(db: Session, person: User, days: int) -> None:
    """Replace the demo person's assigned practice and its breathing sessions."""
    keys = [_key("session", week, n) for week, count in DONE.items() for n in range(count)]
    db.execute(owned_delete(ExerciseSession, person).where(ExerciseSession.uuid.in_(keys)))
    db.execute(owned_delete(Assignment, person))
    therapists = list(db.scalars(owned(Share, person).with_only_columns(Share.therapist_id)
                                 .where(Share.revoked_at.is_(None))))
    if not therapists:
        return
    starts = local_now(person).date() - timedelta(days=OPENED_DAYS_AGO)
    opens, closes = window(starts, 4, person.timezone)
    for therapist_id in therapists:
        common = {"therapist_id": therapist_id, "weeks": 4, "starts_on": starts,
                  "opens_at": opens, "closes_at": closes,
                  "created_at": opens - timedelta(hours=2)}
        db.add(owned_record(Assignment, person, uuid=_key("breathe", therapist_id),
                            kind="exercise", exercise="breathe", pattern="478", per_week=5,
                            **common))
        db.add(owned_record(Assignment, person, uuid=_key("strength", therapist_id),
                            kind="checks", check_kind="strength", per_week=0, **common))
    phases = PATTERNS["478"].phases_record() if "478" in PATTERNS else None
    now = utcnow()
    for week, count in DONE.items():
        for n in range(count):
            started = opens + timedelta(days=7 * week + n, hours=8)
            if started >= now:
                continue
            before, after = RATINGS[n % len(RATINGS)]
            db.add(owned_record(
                ExerciseSession, person, uuid=_key("session", week, n), exercise="breathe",
                pattern="478", phases=None if phases is None else json.dumps(phases),
                planned_seconds=240, actual_seconds=240, anxiety_before=before,
                anxiety_after=after, completed=True, started_at=started, created_at=started))
    db.flush()
