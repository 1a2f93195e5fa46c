"""Assigned practice in the JSON export and import. On import each assignment
goes through the form's parser (webapp.practice.parsing); the therapist it came
from is not carried (an account on another server is not theirs to name), so an
imported assignment is the person's own record of what was asked."""
from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from flask import Flask
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy.orm import Session

from webapp.db import utcnow
from webapp.ownership import owned_record
from webapp.portability.moments import read_moment, stamp
from webapp.portability.registry import (
    ADDED,
    TEXT,
    WHOLE,
    RecordType,
    item_key,
    optional,
    register_record_type,
)
from webapp.practice.models import Assignment
from webapp.practice.parsing import parse_assignment
from webapp.practice.services import DECLINE_MAX, window
from webapp.validation import ValidationFailed

EARLIEST = date(2000, 1, 1)


def export_assignment(a: Assignment) -> dict[str, Any]:
    exercise = f"breathe:{a.pattern}" if a.exercise == "breathe" else a.exercise
    return {"uuid": str(a.uuid), "kind": a.kind, "exercise": exercise,
            "check_kind": a.check_kind, "experiment": a.experiment, "per_week": a.per_week,
            "weeks": a.weeks, "starts_on": a.starts_on.isoformat(),
            "declined_at": stamp(a.declined_at), "decline_note": a.decline_note,
            "stopped_at": stamp(a.stopped_at), "created_at": stamp(a.created_at)}



def restore_assignment(db: Session, user: Any, item: dict[str, Any]) -> str:
    errors: dict[str, str] = {}
    try:
        starts = date.fromisoformat(item["starts_on"])
    except ValueError:
        raise ValidationFailed({"starts_on": _("Write the first day as YYYY-MM-DD.")}) from None
    if not EARLIEST <= starts <= utcnow().date() + timedelta(days=366):
        raise ValidationFailed({"starts_on": _("This date is out of range.")})
    data = {"kind": item["kind"], "exercise": item.get("exercise") or "",
            "check_kind": item.get("check_kind") or "", "experiment": item.get("experiment") or "",
            "per_week": str(item.get("per_week", "")), "weeks": str(item["weeks"]),
            "starts_on": starts.isoformat()}
    try:
        values = parse_assignment(data, starts)
    except ValidationFailed as err:
        errors.update(err.errors)
        values = {}
    note = " ".join(str(item.get("decline_note") or "").split())
    if len(note) > DECLINE_MAX:
        errors["decline_note"] = _("Keep the note under %(max)d characters.", max=DECLINE_MAX)
    moments = {name: read_moment(item, name, errors)
               for name in ("declined_at", "stopped_at", "created_at")}
    if errors:
        raise ValidationFailed(errors)
    opens, closes = window(starts, values["weeks"], user.timezone)
    db.add(owned_record(Assignment, user, uuid=item_key(item), therapist_id=None,
                        opens_at=opens, closes_at=closes, decline_note=note,
                        declined_at=moments["declined_at"], stopped_at=moments["stopped_at"],
                        created_at=moments["created_at"] or utcnow(), **values))
    return ADDED


TYPES = (
    RecordType(
        key="practice_assignments", model=Assignment, to_json=export_assignment,
        restore=restore_assignment, order_by="created_at",
        fields={"kind": TEXT, "exercise": optional(TEXT), "check_kind": optional(TEXT),
                "experiment": optional(TEXT), "per_week": WHOLE, "weeks": WHOLE,
                "starts_on": TEXT, "declined_at": optional(TEXT),
                "decline_note": optional(TEXT), "stopped_at": optional(TEXT),
                "created_at": optional(TEXT)},
        noun=lambda n: ngettext("%(num)d assigned practice", "%(num)d assigned practices", n),
        label=lambda: _("Assigned practice")),
)


def register_records(app: Flask) -> None:
    for record_type in TYPES:
        register_record_type(app, record_type)
