"""The record types Steady has today, each validated on import by the parser its
own forms and the sync API use. Later features register theirs beside these."""
from __future__ import annotations

import json
from datetime import date, timedelta
from functools import cache
from typing import Any
from zoneinfo import available_timezones

from flask import Flask
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy.orm import Session

from webapp.auth.models import User
from webapp.db import utcnow
from webapp.diary import screening as screener
from webapp.diary import services as diary
from webapp.diary.models import Checkin, DoctorCheck, Entry, Screening
from webapp.diary.parsing import parse_checkin, parse_entry
from webapp.diary.sync import CheckinHandler, EntryHandler
from webapp.exercises import services as exercises
from webapp.exercises.models import RATINGS, CustomPattern, ExerciseSession
from webapp.exercises.patterns import CUSTOM_FIELDS
from webapp.ownership import owned_record
from webapp.portability.moments import EARLIEST, read_moment, stamp
from webapp.portability.registry import (
    ADDED,
    FLAG,
    KEPT,
    NUMBER,
    PRESENT,
    TEXT,
    WHOLE,
    RecordType,
    item_key,
    objects,
    optional,
    register_record_type,
    texts,
)
from webapp.safety import signs
from webapp.validation import ValidationFailed

# The latest calendar day anywhere on Earth (UTC+14): a check-in exported from an
# account east of this one may be dated "tomorrow" here, and is still no future day.
FURTHEST_EAST = timedelta(hours=14)
MAX_VERSION = 1_000_000
STAMPS = {"version": optional(WHOLE), "created_at": optional(TEXT),
          "updated_at": optional(TEXT)}


@cache
def _zones() -> frozenset[str]:
    return frozenset(available_timezones())


def _stamps(item: dict[str, Any], errors: dict[str, str], names: tuple[str, ...]
            ) -> dict[str, Any]:
    """The record's version and timestamps as exported, so a round trip is exact."""
    kept: dict[str, Any] = {}
    for name in names:
        if name == "version":
            version = item.get("version", 1)
            if version is None or not 1 <= version <= MAX_VERSION:
                errors["version"] = _("The version is a whole number from 1.")
            kept["version"] = version or 1
        else:
            kept[name] = read_moment(item, name, errors) or utcnow()
    return kept


def _checked(errors: dict[str, str], parse: Any, *args: Any) -> dict[str, Any]:
    """Run the feature's parser, adding its field messages to ``errors``."""
    try:
        return parse(*args)
    except ValidationFailed as err:
        errors.update({k: v for k, v in err.errors.items() if k not in errors})
        return {}


def _latest_today() -> date:
    return (utcnow() + FURTHEST_EAST).date()


# Twitches -----------------------------------------------------------------------

def entry_json(entry: Entry) -> dict[str, Any]:
    return {**EntryHandler().to_json(entry), "timezone": entry.timezone,
            "local_day": entry.local_day.isoformat(), "created_at": stamp(entry.created_at),
            "updated_at": stamp(entry.updated_at)}


def restore_entry(db: Session, user: User, item: dict[str, Any]) -> str:
    errors: dict[str, str] = {}
    zone = item.get("timezone") or user.timezone
    if zone not in _zones():
        errors["timezone"] = _("Give an IANA time zone such as Europe/London.")
        zone = "UTC"
    values = _checked(errors, parse_entry, item, zone, utcnow())
    kept = _stamps(item, errors, ("version", "created_at", "updated_at"))
    if errors:
        raise ValidationFailed(errors)
    db.add(owned_record(Entry, user, uuid=item_key(item), **values, **kept))
    return ADDED


# Check-ins ----------------------------------------------------------------------

def checkin_json(checkin: Checkin) -> dict[str, Any]:
    return {**CheckinHandler().to_json(checkin), "created_at": stamp(checkin.created_at),
            "updated_at": stamp(checkin.updated_at)}


def restore_checkin(db: Session, user: User, item: dict[str, Any]) -> str:
    errors: dict[str, str] = {}
    values = _checked(errors, parse_checkin, item, _latest_today())
    kept = _stamps(item, errors, ("version", "created_at", "updated_at"))
    if errors:
        raise ValidationFailed(errors)
    if diary.checkin_for_day(db, user, values["day"]) is not None:
        return KEPT  # one check-in a day: the one this account has stays as it is
    db.add(owned_record(Checkin, user, uuid=item_key(item), **values, **kept))
    return ADDED


# Red-flag screenings, and "a doctor checked this" --------------------------------

def _delimited(keys: list[str]) -> str:
    return "," + ",".join(keys) + "," if keys else ","


def screening_json(screening: Screening) -> dict[str, Any]:
    return {"uuid": str(screening.uuid), "answered_at": stamp(screening.answered_at),
            "reason": screening.reason, "yes": screening.flags, "no": screening.no,
            "skipped": screening.skipped,
            "since_visit": screening.since_visit.isoformat() if screening.since_visit else None}


def restore_screening(db: Session, user: User, item: dict[str, Any]) -> str:
    """Answers as they were given: a past screening may predate today's questions,
    so each key must be a known sign with one answer, not every sign answered."""
    errors: dict[str, str] = {}
    answered_at = read_moment(item, "answered_at", errors, required=True)
    known = set(signs.current().by_key)
    answered: set[str] = set()
    for name in ("yes", "no", "skipped"):
        keys = item.get(name) or []
        if any(k not in known for k in keys):
            errors[name] = _("Answer the questions from the list.")
        elif answered & set(keys) or len(set(keys)) != len(keys):
            errors[name] = _("A question has more than one answer.")
        answered |= set(keys)
    since_visit = _day(item, "since_visit", errors)
    reason = item.get("reason") or "manual"
    if len(reason) > 40:
        errors["reason"] = _("Keep this under 40 characters.")
    if errors:
        raise ValidationFailed(errors)
    db.add(owned_record(Screening, user, uuid=item_key(item), answered_at=answered_at,
                        reason=reason, yes_flags=_delimited(item.get("yes") or []),
                        no_flags=_delimited(item.get("no") or []),
                        skipped_flags=_delimited(item.get("skipped") or []),
                        since_visit=since_visit))
    return ADDED


def _day(item: dict[str, Any], name: str, errors: dict[str, str]) -> date | None:
    if item.get(name) is None:
        return None
    try:
        day = date.fromisoformat(item[name])
    except ValueError:
        day = None
    if day is None or not EARLIEST.date() <= day <= _latest_today():
        errors[name] = _("Enter the day like 2026-05-01, after 2000 and not in the future.")
    return day


def check_json(check: DoctorCheck) -> dict[str, Any]:
    return {"uuid": str(check.uuid), "checked_on": check.checked_on.isoformat(),
            "area": check.area, "clinician": check.clinician, "conclusion": check.conclusion,
            "tests": check.test_list, "tests_other": check.tests_other,
            "created_at": stamp(check.created_at), "updated_at": stamp(check.updated_at)}


def restore_check(db: Session, user: User, item: dict[str, Any]) -> str:
    errors: dict[str, str] = {}
    values = _checked(errors, screener.parse_check, item, _latest_today())
    kept = _stamps(item, errors, ("created_at", "updated_at"))
    if errors:
        raise ValidationFailed(errors)
    db.add(owned_record(DoctorCheck, user, uuid=item_key(item), **values, **kept))
    return ADDED


# Exercise sessions --------------------------------------------------------------

def session_json(session: ExerciseSession) -> dict[str, Any]:
    return {"uuid": str(session.uuid), "exercise": session.exercise, "pattern": session.pattern,
            "phases": json.loads(session.phases) if session.phases else None,
            "planned_seconds": session.planned_seconds, "actual_seconds": session.actual_seconds,
            **{r: getattr(session, r) for r in RATINGS}, "completed": session.completed,
            "started_at": stamp(session.started_at), "created_at": stamp(session.created_at)}


def restore_session(db: Session, user: User, item: dict[str, Any]) -> str:
    errors: dict[str, str] = {}
    kept = _stamps(item, errors, ("created_at",))
    if errors:
        raise ValidationFailed(errors)
    row, _created = exercises.record_session(db, user, item_key(item), item)
    row.created_at = kept["created_at"]
    return ADDED


# The person's own breathing pattern (one at most, no UUID) ----------------------

def pattern_json(pattern: CustomPattern) -> dict[str, Any]:
    return {**{f: getattr(pattern, f) for f in CUSTOM_FIELDS},
            "updated_at": stamp(pattern.updated_at)}


def restore_pattern(db: Session, user: User, item: dict[str, Any]) -> str:
    errors: dict[str, str] = {}
    kept = _stamps(item, errors, ("updated_at",))
    if errors:
        raise ValidationFailed(errors)
    mine = exercises.custom_pattern_for(db, user)
    if mine is not None:
        same = all(float(item.get(f) or 0) == getattr(mine, f) for f in CUSTOM_FIELDS)
        return PRESENT if same else KEPT
    row = exercises.save_custom_pattern(db, user, item)
    row.updated_at = kept["updated_at"]
    return ADDED


BUILTIN = (
    RecordType(
        key="entries", model=Entry, to_json=entry_json, restore=restore_entry,
        order_by="occurred_at", visible=lambda query: query.where(Entry.deleted_at.is_(None)),
        fields={"occurred_at": TEXT, "timezone": optional(TEXT), "areas": texts,
                "triggers": optional(texts), "intensity": optional(WHOLE),
                "duration": optional(TEXT), "feel": optional(TEXT),
                "situation": optional(TEXT), "anxiety": optional(WHOLE),
                "note": optional(TEXT), **STAMPS},
        noun=lambda n: ngettext("%(num)d twitch", "%(num)d twitches", n),
        label=lambda: _("Twitch")),
    RecordType(
        key="checkins", model=Checkin, to_json=checkin_json, restore=restore_checkin,
        order_by="day",
        fields={"day": TEXT, **{a: optional(WHOLE) for a in Checkin.ANSWERS},
                "sleep_hours": optional(NUMBER), "twitchiness": optional(TEXT),
                "note": optional(TEXT), **STAMPS},
        noun=lambda n: ngettext("%(num)d check-in", "%(num)d check-ins", n),
        label=lambda: _("Check-in")),
    RecordType(
        key="screenings", model=Screening, to_json=screening_json, restore=restore_screening,
        order_by="answered_at",
        fields={"answered_at": TEXT, "reason": optional(TEXT), "yes": optional(texts),
                "no": optional(texts), "skipped": optional(texts),
                "since_visit": optional(TEXT)},
        noun=lambda n: ngettext("%(num)d red-flag check", "%(num)d red-flag checks", n),
        label=lambda: _("Red-flag check")),
    RecordType(
        key="doctor_checks", model=DoctorCheck, to_json=check_json, restore=restore_check,
        order_by="checked_on",
        fields={"checked_on": TEXT, "area": optional(TEXT), "clinician": optional(TEXT),
                "conclusion": optional(TEXT), "tests": optional(texts),
                "tests_other": optional(TEXT), **STAMPS},
        noun=lambda n: ngettext("%(num)d doctor's visit", "%(num)d doctor's visits", n),
        label=lambda: _("Doctor's visit")),
    RecordType(
        key="exercise_sessions", model=ExerciseSession, to_json=session_json,
        restore=restore_session, order_by="started_at",
        fields={"exercise": TEXT, "pattern": optional(TEXT), "phases": optional(objects),
                "planned_seconds": WHOLE, "actual_seconds": WHOLE,
                **{r: optional(WHOLE) for r in RATINGS}, "completed": FLAG,
                "started_at": TEXT, "created_at": optional(TEXT)},
        noun=lambda n: ngettext("%(num)d exercise session", "%(num)d exercise sessions", n),
        label=lambda: _("Exercise session")),
    RecordType(
        key="custom_patterns", model=CustomPattern, to_json=pattern_json,
        restore=restore_pattern, by_uuid=False,
        fields={**{f: NUMBER for f in CUSTOM_FIELDS}, "updated_at": optional(TEXT)},
        noun=lambda n: ngettext("%(num)d breathing pattern", "%(num)d breathing patterns", n),
        label=lambda: _("Breathing pattern")),
)


def register(app: Flask) -> None:
    for record_type in BUILTIN:
        register_record_type(app, record_type)
