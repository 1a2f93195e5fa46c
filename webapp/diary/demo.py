"""Realistic demo data: N days of twitches and check-ins for the demo person.
Bulk inserts, so five years take a few seconds."""
from __future__ import annotations

import random
import uuid
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import insert
from sqlalchemy.orm import Session

from webapp.auth.models import User
from webapp.diary.models import Checkin, Entry
from webapp.ownership import owned_delete

COMMON_AREAS = ["eyelid:left", "eyelid:right", "calf:left", "calf:right", "thumb:right",
                "face:left", "thigh:right", "foot:left", "fingers:left", "neck:middle",
                "shoulder:right", "abdomen:middle"]
NOTES = ["", "", "", "After a long meeting.", "Lying in bed, could not settle.",
         "Second coffee before lunch.", "Stopped when I went for a walk.",
         "Noticed it while reading about symptoms.", "Eased after breathing practice."]


def _entry_rows(user: User, day: date, stress: float, rng: random.Random, zone: ZoneInfo,
                now: datetime) -> list[dict]:
    rows = []
    for _ in range(rng.choices([0, 1, 2, 3, 4], weights=[3, 4, 3, 2, 1 + 3 * stress])[0]):
        local = datetime.combine(day, time(rng.randint(7, 23), rng.randint(0, 59)), tzinfo=zone)
        if local > now:
            continue  # today's later hours have not happened yet
        triggers = [t for t, p in (("stress", stress), ("poor_sleep", 0.3), ("caffeine", 0.35),
                                   ("desk", 0.25), ("body_checking", 0.2), ("dehydration", 0.1))
                    if rng.random() < p]
        rows.append({
            "uuid": uuid.uuid4(), "user_id": user.id, "occurred_at": local.astimezone(UTC),
            "timezone": zone.key, "local_day": day,
            "areas": "," + ",".join(rng.sample(COMMON_AREAS, rng.choice([1, 1, 1, 2]))) + ",",
            "triggers": "," + ",".join(triggers) + ("," if triggers else ""),
            "intensity": max(1, min(10, round(rng.gauss(3 + 4 * stress, 1.5)))),
            "duration": rng.choice(["seconds", "seconds", "minutes", "minutes", "hours"]),
            "feel": rng.choice(["flicker", "flicker", "jump", "buzzing", "cramp"]),
            "situation": rng.choice(["rest", "rest", "bed", "active", "after_exercise"]),
            "anxiety": max(0, min(10, round(rng.gauss(2 + 6 * stress, 1.5)))),
            "note": rng.choice(NOTES), "version": 1,
            "created_at": local.astimezone(UTC), "updated_at": local.astimezone(UTC),
        })
    return rows


def fill(db: Session, user: User, days: int) -> None:
    """Replace the person's diary with `days` days of plausible history up to today."""
    rng = random.Random(user.id)
    zone = ZoneInfo(user.timezone)
    db.execute(owned_delete(Entry, user))
    db.execute(owned_delete(Checkin, user))
    now = datetime.now(zone) - timedelta(minutes=1)  # nothing timed later than now
    today = now.date()
    entries, checkins = [], []
    stress = 0.4
    for offset in range(days, 0, -1):
        day = today - timedelta(days=offset - 1)
        stress = min(1.0, max(0.0, stress + rng.gauss(0, 0.12)))  # stressful stretches come and go
        entries += _entry_rows(user, day, stress, rng, zone, now)
        if rng.random() < 0.85:
            stamp = min(datetime.combine(day, time(21, 0), tzinfo=zone), now).astimezone(UTC)
            checkins.append({
                "uuid": uuid.uuid4(), "user_id": user.id, "day": day,
                "anxiety": max(0, min(10, round(1 + 8 * stress + rng.gauss(0, 1)))),
                "mood": max(1, min(5, round(4 - 2 * stress + rng.gauss(0, .7)))),
                "sleep_hours": max(3.0, min(10.0,
                                            round((8 - 2.5 * stress + rng.gauss(0, 1)) * 2) / 2)),
                "sleep_quality": max(1, min(5, round(4 - 2 * stress + rng.gauss(0, .8)))),
                "caffeine": rng.choice([0, 1, 1, 2, 2, 3, 4]), "water": rng.randint(3, 9),
                "alcohol": rng.choice([0, 0, 0, 1, 2]),
                "movement_minutes": rng.choice([0, 10, 20, 30, 45, 60]),
                "stressful_events": max(0, round(3 * stress + rng.gauss(0, .8))),
                "twitchiness": "many" if stress > .7 else "few" if stress > .3 else "none",
                "note": "", "version": 1, "created_at": stamp, "updated_at": stamp,
            })
    for start in range(0, len(entries), 2000):
        db.execute(insert(Entry), entries[start:start + 2000])
    for start in range(0, len(checkins), 2000):
        db.execute(insert(Checkin), checkins[start:start + 2000])
    db.flush()
