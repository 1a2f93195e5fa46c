"""The diary's kinds for the offline sync API (webapp.api): entry and checkin."""
from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy.orm import Session

from webapp.auth.models import User
from webapp.diary import services
from webapp.diary.models import Checkin, Entry


class EntryHandler:
    kind = "entry"

    def create(self, db: Session, user: User, uuid: Any, data: dict) -> tuple[Entry, bool]:
        return services.create_entry(db, user, uuid, data)

    def update(self, db: Session, user: User, uuid: Any, base_version: int, data: dict) -> Entry:
        return services.update_entry(db, user, uuid, base_version, data)

    def to_json(self, entry: Entry) -> dict[str, Any]:
        return {
            "uuid": str(entry.uuid), "version": entry.version,
            "occurred_at": entry.occurred_at.isoformat(), "areas": [f"{a}:{s}" for a, s in entry.area_list],
            "triggers": entry.trigger_list, "intensity": entry.intensity, "duration": entry.duration,
            "feel": entry.feel, "situation": entry.situation, "anxiety": entry.anxiety,
            "note": entry.note,
        }


class CheckinHandler:
    kind = "checkin"

    def create(self, db: Session, user: User, uuid: Any, data: dict) -> tuple[Checkin, bool]:
        return services.save_checkin(db, user, uuid, data)

    def update(self, db: Session, user: User, uuid: Any, base_version: int, data: dict) -> Checkin:
        return services.save_checkin(db, user, uuid, data, base_version=base_version)[0]

    def to_json(self, checkin: Checkin) -> dict[str, Any]:
        fields = ("anxiety", "mood", "sleep_hours", "sleep_quality", "caffeine", "water",
                  "alcohol", "movement_minutes", "stressful_events", "twitchiness", "note")
        return {"uuid": str(checkin.uuid), "version": checkin.version,
                "day": checkin.day.isoformat(), **{f: getattr(checkin, f) for f in fields}}


def register(app: Flask) -> None:
    handlers = app.extensions.setdefault("steady_sync_handlers", {})
    handlers["entry"] = EntryHandler()
    handlers["checkin"] = CheckinHandler()
