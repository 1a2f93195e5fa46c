"""Demo recovery data for the demo person: eight weeks of checks and urges that
become fewer, with more of them let pass, a daily worry window and two parked
worries. Registered with `flask demo` (webapp.cli.add_demo_filler)."""
from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import insert
from sqlalchemy.orm import Session

from webapp.auth.models import User
from webapp.ownership import owned_delete
from webapp.recovery.models import CheckItem, ParkedWorry
from webapp.recovery.parsing import OUTCOME_OF_RESULT
from webapp.recovery.settings import ensure_settings

WEEKS = 8
KIND_WEIGHTS = {"body": 30, "searched": 20, "strength": 14, "asked": 14, "forums": 10,
                "appointment": 3, "screener": 2, "other": 7}
OTHER_WORDS = ["Checked my pulse", "Filmed my calf to watch it", "Compared my hands"]
WORRIES = ["What if the twitch in my calf means something is wrong?",
           "I have not heard back about the blood test yet."]


def _check_rows(user: User, rng: random.Random, zone: ZoneInfo, now: datetime) -> list[dict]:
    rows = []
    today = now.date()
    for offset in range(WEEKS * 7, 0, -1):
        day = today - timedelta(days=offset - 1)
        progress = 1 - offset / (WEEKS * 7)  # 0 eight weeks ago, 1 today
        per_day = max(0, round(rng.gauss(4.5 - 3.2 * progress, 1.0)))
        for _ in range(per_day):
            local = datetime.combine(day, time(rng.randint(7, 22), rng.randint(0, 59)),
                                     tzinfo=zone)
            if local > now:
                continue
            kind = rng.choices(list(KIND_WEIGHTS), weights=list(KIND_WEIGHTS.values()))[0]
            waited = rng.random() < 0.15 + 0.35 * progress
            result = (rng.choices(["passed", "weaker", "checked"],
                                  weights=[1 + 4 * progress, 3, 4 - 3 * progress])[0]
                      if waited else None)
            resisted = rng.random() < 0.2 + 0.55 * progress
            outcome = OUTCOME_OF_RESULT[result] if result else (
                "resisted" if resisted else rng.choice(["acted", "acted", None]))
            minutes = rng.choice([5, 10, 10, 15, 20]) if waited else None
            at = local.astimezone(UTC)
            rows.append({
                "uuid": uuid.uuid4(), "user_id": user.id, "kind": kind,
                "other_text": rng.choice(OTHER_WORDS) if kind == "other" else "",
                "urge": max(0, min(10, round(rng.gauss(7.5 - 3 * progress, 1.5))))
                if rng.random() < 0.8 else None,
                "outcome": outcome, "timer_minutes": minutes,
                "postponed_until": at + timedelta(minutes=minutes) if minutes else None,
                "timer_result": result, "occurred_at": at, "timezone": zone.key,
                "local_day": day, "version": 1, "created_at": at, "updated_at": at,
            })
    return rows


def fill(db: Session, user: User, days: int) -> None:
    """Replace the person's ledger and parked worries with demo data (``days`` is
    the diary's length; the ledger always covers eight weeks)."""
    rng = random.Random(user.id * 7 + 1)
    zone = ZoneInfo(user.timezone)
    db.execute(owned_delete(CheckItem, user))
    db.execute(owned_delete(ParkedWorry, user))
    now = datetime.now(zone) - timedelta(minutes=1)
    rows = _check_rows(user, rng, zone, now)
    for start in range(0, len(rows), 2000):
        db.execute(insert(CheckItem), rows[start:start + 2000])
    settings = ensure_settings(db, user)
    settings.worry_start, settings.worry_length = 18 * 60 + 30, 15
    for hours, text in zip((5, 2), WORRIES, strict=True):
        parked = (now - timedelta(hours=hours)).astimezone(UTC)
        db.execute(insert(ParkedWorry), [{
            "uuid": uuid.uuid4(), "user_id": user.id, "text": text, "parked_at": parked,
            "status": "open", "answer": "", "version": 1, "created_at": parked,
            "updated_at": parked}])
