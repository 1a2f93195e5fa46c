"""Demo records for the doctor's summary: a red-flag check six weeks ago with one
"yes" (new weakness, to be seen this week), the doctor's visit that followed it,
a calm weekly re-check since, and two questions for the next appointment.
Registered with `flask demo` (webapp.cli.add_demo_filler)."""
from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import insert
from sqlalchemy.orm import Session

from webapp.auth.models import User
from webapp.diary.models import DoctorCheck, Screening
from webapp.insights.summary_models import DoctorQuestion
from webapp.ownership import owned_delete
from webapp.safety import signs

YES_THEN = "weakness"  # a "see a doctor this week" sign, answered yes six weeks ago
QUESTIONS = ("Do I need any more tests, or is the examination enough?",
             "What should make me come back sooner?")


def _delimited(keys: list[str]) -> str:
    return "," + ",".join(keys) + "," if keys else ","


def _screening(user: User, day: date, zone: ZoneInfo, yes: list[str], keys: list[str],
               reason: str, since_visit: date | None = None) -> dict:
    return {"uuid": uuid.uuid4(), "user_id": user.id, "reason": reason,
            "answered_at": datetime.combine(day, time(19, 30), tzinfo=zone).astimezone(UTC),
            "yes_flags": _delimited(yes), "skipped_flags": ",",
            "no_flags": _delimited([k for k in keys if k not in yes]),
            "since_visit": since_visit}


def fill(db: Session, user: User, days: int) -> None:
    """Replace the person's screenings, doctor's checks and questions with the story
    above (only the parts that fall inside ``days`` days of history)."""
    for model in (Screening, DoctorCheck, DoctorQuestion):
        db.execute(owned_delete(model, user))
    zone = ZoneInfo(user.timezone)
    today = datetime.now(zone).date()
    keys = [s.key for s in signs.current().signs]
    if days >= 42:
        visit = today - timedelta(days=38)
        db.execute(insert(Screening), [
            _screening(user, today - timedelta(days=42), zone, [YES_THEN], keys, "first:calf"),
            _screening(user, today - timedelta(days=7), zone, [], keys, "weekly", visit)])
        db.execute(insert(DoctorCheck), [{
            "uuid": uuid.uuid4(), "user_id": user.id, "checked_on": visit, "area": "calf",
            "clinician": "Dr Okafor (GP)", "tests": ",exam,blood,",
            "conclusion": "Strength, reflexes and feeling normal in both legs. Blood tests "
                          "normal."}])
    db.execute(insert(DoctorQuestion), [
        {"uuid": uuid.uuid4(), "user_id": user.id, "text": text, "position": n}
        for n, text in enumerate(QUESTIONS, start=1)])
    db.flush()
