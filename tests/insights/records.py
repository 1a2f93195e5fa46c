"""Hand-made diary days for the insights tests: twitches and check-ins written
through the diary's own services (so local days, tags and validation are real)."""
from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask import Flask

from webapp import db
from webapp.auth.models import User
from webapp.diary import services as diary


def today_for(user: Any) -> date:
    return datetime.now(ZoneInfo(user.timezone)).date()


def add_day(app: Flask, user_id: int, day: date, *, twitches: int = 0,
            intensity: int | list[int] | None = None, triggers: list[str] = (),
            tags: str = "", clock: time = time(9, 0), **checkin: Any) -> None:
    """On ``day``: ``twitches`` twitches (``intensity`` one for all or one each,
    ``triggers`` built-in keys, ``tags`` the person's own words) and, when answers
    are given, that day's check-in (sleep_hours=5, caffeine=2...)."""
    with app.app_context():
        user = db.session.get(User, user_id)
        moment = datetime.combine(day, clock)
        for n in range(twitches):
            rated = intensity[n] if isinstance(intensity, list) else intensity
            diary.create_entry(db.session, user, uuid.uuid4(), {
                "occurred_at": (moment + timedelta(minutes=n)).strftime("%Y-%m-%dT%H:%M"),
                "areas": ["calf:left"], "triggers": list(triggers), "custom_triggers": tags,
                "intensity": "" if rated is None else str(rated)})
        if checkin:
            diary.save_checkin(db.session, user, uuid.uuid4(), {
                "day": day.isoformat(), **{k: str(v) for k, v in checkin.items()}})
        db.session.commit()


def add_entry_at(app: Flask, user_id: int, local: str, **fields: Any) -> None:
    """One twitch at a local time "YYYY-MM-DDTHH:MM" in the person's zone."""
    with app.app_context():
        user = db.session.get(User, user_id)
        diary.create_entry(db.session, user, uuid.uuid4(),
                           {"occurred_at": local, "areas": ["calf:left"], **fields})
        db.session.commit()
