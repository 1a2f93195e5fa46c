"""Reminder settings in the JSON export and import, checked on import by the
same parser as the settings form. Push subscriptions stay out: they belong to
one browser on one device (and hold its keys), so on another device or another
copy of Steady they could never work; the page makes a new one on a tap. Sent
reminders are the scheduler's bookkeeping, not the person's records. Both are
deleted with the account (they have a user_id)."""
from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import Flask
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy.orm import Session

from webapp.db import utcnow
from webapp.ownership import Account, owned_record
from webapp.portability.registry import (
    ADDED,
    FLAG,
    KEPT,
    PRESENT,
    TEXT,
    RecordType,
    optional,
    register_record_type,
    texts,
)
from webapp.reminders.models import ReminderSettings
from webapp.reminders.parsing import parse_settings
from webapp.reminders.services import settings_for


def export_settings(found: ReminderSettings) -> dict[str, Any]:
    return {"timezone": found.timezone, "checkin_on": found.checkin_on,
            "checkin_at": found.checkin_at, "exercise_times": found.exercise_list,
            "worry_on": found.worry_on, "quiet_days": list(found.quiet_days),
            "wording": found.wording,
            "updated_at": found.updated_at.astimezone(UTC).isoformat()
            if found.updated_at else None}


def restore_settings(db: Session, user: Account, item: dict[str, Any]) -> str:
    """Settings from an export (ValidationFailed as the form would say it). The
    person's own settings, when they have some, are kept."""
    values = parse_settings({**item, "checkin_on": bool(item.get("checkin_on")),
                             "worry_on": bool(item.get("worry_on"))})
    mine = settings_for(db, user)
    if mine is not None:
        same = all(getattr(mine, k) == v for k, v in values.items())
        return PRESENT if same else KEPT
    db.add(owned_record(ReminderSettings, user, **values, updated_at=_stamp(item)))
    return ADDED


def _stamp(item: dict[str, Any]) -> datetime:
    """The exported updated_at, so a round trip gives the same record; now when
    it is missing, unreadable, without a zone or in the future."""
    try:
        moment = datetime.fromisoformat(str(item.get("updated_at") or ""))
    except ValueError:
        return utcnow()
    if moment.tzinfo is None or moment > utcnow():
        return utcnow()
    return moment.astimezone(UTC)


TYPE = RecordType(
    key="reminder_settings", model=ReminderSettings, to_json=export_settings,
    restore=restore_settings, by_uuid=False, order_by="user_id",
    fields={"timezone": TEXT, "checkin_on": FLAG, "checkin_at": TEXT,
            "exercise_times": texts, "worry_on": FLAG, "quiet_days": texts,
            "wording": TEXT, "updated_at": optional(TEXT)},
    noun=lambda n: ngettext("%(num)d set of reminder settings",
                            "%(num)d sets of reminder settings", n),
    label=lambda: _("Reminder settings"))


def register(app: Flask) -> None:
    register_record_type(app, TYPE)
