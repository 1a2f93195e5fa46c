"""Demo questionnaires for the demo person: twelve weeks of weekly PHQ-4 and
two-weekly GAD-7 and PHQ-9 scores that improve, with exactly one reliable
improvement (PHQ-9, four weeks ago) and one PHQ-9 six weeks ago with item 9
answered 1. For each therapist they share questionnaires with: an open item-9
alert for that response and a weekly PHQ-4 schedule, due now. Registered with
`flask demo` (webapp.cli.add_demo_filler), which makes the share first."""
from __future__ import annotations

import uuid
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from webapp.auth.models import User
from webapp.db import utcnow
from webapp.measures.models import MeasureAlert, MeasureResponse, MeasureSchedule
from webapp.measures.scoring import INSTRUMENTS, score
from webapp.measures.services import sharing_therapists
from webapp.ownership import owned_delete, owned_record

# weeks ago -> total, oldest first
PHQ4 = dict(zip(range(12, 0, -1), (9, 9, 8, 8, 7, 7, 6, 6, 6, 5, 5, 4), strict=True))
GAD7 = dict(zip(range(12, 0, -2), (14, 13, 12, 11, 10, 9), strict=True))
# The last two PHQ-9 scores (12, then 6) are the one reliable change, so the client
# list shows it beside the latest score; item 9 is on that latest one.
PHQ9 = dict(zip(range(12, 0, -2), (16, 15, 14, 13, 12, 6), strict=True))
ITEM9_WEEKS_AGO = 2


def spread(key: str, total: int, item9: int = 0) -> list[int]:
    """Answers adding up to ``total``, filled item by item (PHQ-9's item 9 fixed)."""
    rules = INSTRUMENTS[key]
    answers = [0] * rules.items
    fixed = {rules.item9: item9} if rules.item9 is not None else {}
    for index, value in fixed.items():
        answers[index] = value
    left = total - sum(fixed.values())
    while left > 0:
        for index in range(rules.items):
            if left and index not in fixed and answers[index] < 3:
                answers[index] += 1
                left -= 1
    return answers


def _response(user: User, key: str, weeks_ago: int, total: int, zone: ZoneInfo,
              today: datetime) -> MeasureResponse:
    answers = spread(key, total, 1 if key == "phq9" and weeks_ago == ITEM9_WEEKS_AGO else 0)
    result = score(key, answers)
    day = today.date() - timedelta(weeks=weeks_ago)
    minute = 30 + 5 * ("phq4", "gad7", "phq9").index(key)  # one after another, in order
    taken = datetime.combine(day, time(19, minute), tzinfo=zone).astimezone(UTC)
    return owned_record(
        MeasureResponse, user, uuid=uuid.uuid4(), instrument=key, language="en",
        answers="".join(map(str, answers)),
        difficulty=1 if INSTRUMENTS[key].difficulty else None, total=result.total,
        band=result.band, anxiety=result.subscales.get("anxiety"),
        depression=result.subscales.get("depression"), item9=result.item9, taken_at=taken,
        timezone=zone.key, local_day=day, created_at=taken, updated_at=taken)


def fill(db: Session, user: User, days: int) -> None:
    """Replace the person's questionnaires (and their therapists' alerts and
    schedules for them) with demo data; ``days`` is the diary's length, unused."""
    for model in (MeasureAlert, MeasureSchedule, MeasureResponse):
        db.execute(owned_delete(model, user))
    zone = ZoneInfo(user.timezone)
    today = utcnow().astimezone(zone)
    rows = [_response(user, key, weeks, total, zone, today)
            for key, series in (("phq4", PHQ4), ("gad7", GAD7), ("phq9", PHQ9))
            for weeks, total in series.items()]
    db.add_all(rows)
    db.flush()
    flagged = next(r for r in rows if r.instrument == "phq9" and (r.item9 or 0) > 0)
    for therapist_id in sharing_therapists(db, user):
        db.add(MeasureAlert(user_id=user.id, therapist_id=therapist_id,
                            response_id=flagged.id, kind="item9",
                            created_at=flagged.taken_at))
        db.add(owned_record(MeasureSchedule, user, therapist_id=therapist_id,
                            instrument="phq4", cadence="weekly", starts_on=today.date(),
                            ends_on=today.date() + timedelta(weeks=12), session_dates="",
                            expiry_days=4))
    db.flush()
