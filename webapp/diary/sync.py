"""The diary's kinds for the offline sync API (webapp.api): entry and checkin."""
from __future__ import annotations

from typing import Any

from flask import Flask
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from webapp.api.registry import register_sync_handler
from webapp.auth.models import User
from webapp.db import utcnow
from webapp.diary import services
from webapp.diary.models import Checkin, Entry
from webapp.diary.parsing import parse_entry
from webapp.ownership import Values
from webapp.validation import ValidationFailed


def _diary_owner(user: User) -> None:
    """Only a person keeps a diary; a therapist's phone never syncs entries."""
    if user.role != "person":
        raise ValidationFailed({"account": _("Only a personal account keeps a diary.")})


class EntryHandler:
    kind = "entry"

    def create(self, db: Session, user: User, uuid: Any, data: dict) -> tuple[Entry, bool]:
        _diary_owner(user)
        return services.create_entry(db, user, uuid, data)

    def parse(self, user: User, data: dict) -> dict[str, Any]:
        _diary_owner(user)
        return parse_entry(data, user.timezone, utcnow())

    def prepare_many(self, db: Session, user: User, items: list[tuple[Any, Values]]
                     ) -> services.EntryRun:
        _diary_owner(user)
        return services.prepare_entries(db, user, items)

    def create_many(self, db: Session, user: User, run: services.EntryRun
                    ) -> list[tuple[Entry, bool] | ValidationFailed]:
        _diary_owner(user)
        return services.create_entries(db, user, run)

    def update(self, db: Session, user: User, uuid: Any, base_version: int, data: dict) -> Entry:
        _diary_owner(user)
        return services.update_entry(db, user, uuid, base_version, data)

    def to_json(self, entry: Entry) -> dict[str, Any]:
        return {
            "uuid": str(entry.uuid), "version": entry.version,
            "occurred_at": entry.occurred_at.isoformat(),
            "areas": [f"{a}:{s}" for a, s in entry.area_list], "triggers": entry.trigger_list,
            "intensity": entry.intensity, "duration": entry.duration,
            "feel": entry.feel, "situation": entry.situation, "anxiety": entry.anxiety,
            "note": entry.note,
        }


class CheckinHandler:
    kind = "checkin"

    def create(self, db: Session, user: User, uuid: Any, data: dict) -> tuple[Checkin, bool]:
        _diary_owner(user)
        return services.save_checkin(db, user, uuid, data)

    def update(self, db: Session, user: User, uuid: Any, base_version: int, data: dict) -> Checkin:
        _diary_owner(user)
        return services.save_checkin(db, user, uuid, data, base_version=base_version)[0]

    def to_json(self, checkin: Checkin) -> dict[str, Any]:
        return {"uuid": str(checkin.uuid), "version": checkin.version,
                "day": checkin.day.isoformat(), **{f: getattr(checkin, f) for f in Checkin.ANSWERS}}


def register(app: Flask) -> None:
    register_sync_handler(app, "entry", EntryHandler())
    register_sync_handler(app, "checkin", CheckinHandler())
