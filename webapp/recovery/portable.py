"""The recovery records in the JSON export and import: checks, parked worries and
the person's recovery settings, each checked on import by the parser its own
forms and the sync API use (webapp.recovery.parsing)."""
from __future__ import annotations

from functools import cache
from typing import Any
from zoneinfo import available_timezones

from flask import Flask
from flask_babel import gettext as _
from flask_babel import ngettext

from webapp.db import utcnow
from webapp.ownership import Account, owned_record
from webapp.portability.moments import read_moment, stamp
from webapp.portability.registry import (
    ADDED,
    FLAG,
    KEPT,
    PRESENT,
    TEXT,
    WHOLE,
    RecordType,
    item_key,
    optional,
    register_record_type,
)
from webapp.recovery.models import CheckItem, ParkedWorry, RecoverySettings
from webapp.recovery.parsing import parse_check, parse_settle, parse_window, parse_worry
from webapp.recovery.settings import settings_for
from webapp.recovery.sync import check_json, worry_json
from webapp.validation import ValidationFailed

MAX_VERSION = 1_000_000
STAMPS = {"version": optional(WHOLE), "created_at": optional(TEXT), "updated_at": optional(TEXT)}


@cache
def _zones() -> frozenset[str]:
    return frozenset(available_timezones())


def _kept(item: dict[str, Any], errors: dict[str, str]) -> dict[str, Any]:
    """Version and timestamps as exported, so a round trip gives the same record."""
    version = item.get("version") or 1
    if not 1 <= version <= MAX_VERSION:
        errors["version"] = _("The version is a whole number from 1.")
    return {"version": version, "created_at": read_moment(item, "created_at", errors) or utcnow(),
            "updated_at": read_moment(item, "updated_at", errors) or utcnow()}


def _parsed(errors: dict[str, str], parse: Any, *args: Any) -> dict[str, Any]:
    try:
        return parse(*args)
    except ValidationFailed as err:
        errors.update({k: v for k, v in err.errors.items() if k not in errors})
        return {}


# Checks ------------------------------------------------------------------------------

def export_check(check: CheckItem) -> dict[str, Any]:
    return {**check_json(check), "timezone": check.timezone,
            "local_day": check.local_day.isoformat(),
            "created_at": stamp(check.created_at), "updated_at": stamp(check.updated_at)}


def restore_check(db: Any, user: Any, item: dict[str, Any]) -> str:
    errors: dict[str, str] = {}
    zone = item.get("timezone") or user.timezone
    if zone not in _zones():
        errors["timezone"] = _("Give an IANA time zone such as Europe/London.")
        zone = "UTC"
    data = {k: v for k, v in item.items() if k not in ("action", "local_day")}
    values = _parsed(errors, parse_check, data, zone, utcnow())
    kept = _kept(item, errors)
    if errors:
        raise ValidationFailed(errors)
    db.add(owned_record(CheckItem, user, uuid=item_key(item), **values, **kept))
    return ADDED


# Parked worries ------------------------------------------------------------------------

def export_worry(parked: ParkedWorry) -> dict[str, Any]:
    return {**worry_json(parked), "created_at": stamp(parked.created_at),
            "updated_at": stamp(parked.updated_at)}


def restore_worry(db: Any, user: Any, item: dict[str, Any]) -> str:
    errors: dict[str, str] = {}
    values = {**_parsed(errors, parse_worry, item),
              **_parsed(errors, parse_settle, {"status": "open", **item})}
    parked_at = read_moment(item, "parked_at", errors)
    if parked_at is None and "parked_at" not in errors:
        errors["parked_at"] = _("Give a date and time with its zone, like "
                                "2026-05-01T14:30:00+00:00.")
    kept = _kept(item, errors)
    if errors:
        raise ValidationFailed(errors)
    db.add(owned_record(ParkedWorry, user, uuid=item_key(item), parked_at=parked_at,
                        **values, **kept))
    return ADDED


# Settings (one per person, no UUID) ----------------------------------------------------

def _clock(minutes: int | None) -> str | None:
    return None if minutes is None else f"{minutes // 60:02d}:{minutes % 60:02d}"


def export_settings(settings: RecoverySettings) -> dict[str, Any]:
    """The person's own choices; a therapist's open suggestion is not theirs to carry."""
    return {"worry_start": _clock(settings.worry_start), "worry_length": settings.worry_length,
            "taper_on": settings.taper_on, "taper_since": stamp(settings.taper_since),
            "baseline_days": settings.baseline_days, "updated_at": stamp(settings.updated_at)}


def _settings_values(item: dict[str, Any], errors: dict[str, str]) -> dict[str, Any]:
    window = _parsed(errors, parse_window, {"start": item.get("worry_start") or "",
                                            "length": item.get("worry_length", 15)})
    baseline = item.get("baseline_days", 14)
    if not 1 <= baseline <= 90:
        errors["baseline_days"] = _("The baseline is from 1 to 90 days.")
    taper_on = bool(item.get("taper_on"))
    since = (read_moment(item, "taper_since", errors) or utcnow()) if taper_on else None
    return {**window, "taper_on": taper_on, "taper_since": since, "baseline_days": baseline}


def restore_settings(db: Any, user: Account, item: dict[str, Any]) -> str:
    errors: dict[str, str] = {}
    values = _settings_values(item, errors)
    if errors:
        raise ValidationFailed(errors)
    mine = settings_for(db, user)
    if mine is not None:
        same = all(getattr(mine, k) == v for k, v in values.items() if k != "taper_since")
        return PRESENT if same else KEPT
    updated = read_moment(item, "updated_at", errors)
    if errors:
        raise ValidationFailed(errors)
    db.add(owned_record(RecoverySettings, user, **values, updated_at=updated or utcnow(),
                        taper_offer_hidden_at=utcnow() if values["taper_on"] else None))
    return ADDED


TYPES = (
    RecordType(
        key="checks", model=CheckItem, to_json=export_check, restore=restore_check,
        order_by="occurred_at", visible=lambda query: query.where(CheckItem.deleted_at.is_(None)),
        fields={"kind": TEXT, "other_text": optional(TEXT), "urge": optional(WHOLE),
                "outcome": optional(TEXT), "occurred_at": TEXT, "timezone": optional(TEXT),
                "local_day": optional(TEXT), "timer_minutes": optional(WHOLE),
                "timer_result": optional(TEXT), **STAMPS},
        noun=lambda n: ngettext("%(num)d check or urge", "%(num)d checks or urges", n),
        label=lambda: _("Check or urge")),
    RecordType(
        key="parked_worries", model=ParkedWorry, to_json=export_worry, restore=restore_worry,
        order_by="parked_at",
        visible=lambda query: query.where(ParkedWorry.deleted_at.is_(None)),
        fields={"text": TEXT, "status": optional(TEXT), "answer": optional(TEXT),
                "parked_at": TEXT, **STAMPS},
        noun=lambda n: ngettext("%(num)d parked worry", "%(num)d parked worries", n),
        label=lambda: _("Parked worry")),
    RecordType(
        key="recovery_settings", model=RecoverySettings, to_json=export_settings,
        restore=restore_settings, by_uuid=False, order_by="user_id",
        fields={"worry_start": optional(TEXT), "worry_length": WHOLE, "taper_on": FLAG,
                "taper_since": optional(TEXT), "baseline_days": WHOLE,
                "updated_at": optional(TEXT)},
        noun=lambda n: ngettext("%(num)d set of recovery settings",
                                "%(num)d sets of recovery settings", n),
        label=lambda: _("Recovery settings")),
)


def register(app: Flask) -> None:
    for record_type in TYPES:
        register_record_type(app, record_type)
