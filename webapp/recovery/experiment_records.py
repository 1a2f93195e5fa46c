"""Experiments and their daily answers as records that travel: the "adherence" kind
of the offline sync API, and both kinds in the JSON export and import, checked on
import by the same parsers the forms use (webapp.recovery.experiment_parsing)."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from flask import Flask
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy.orm import Session

from webapp.db import utcnow
from webapp.ownership import owned, owned_record
from webapp.portability.registry import (
    ADDED,
    KEPT,
    TEXT,
    WHOLE,
    RecordType,
    item_key,
    objects,
    optional,
    register_record_type,
    texts,
)
from webapp.recovery import experiments as service
from webapp.recovery.experiment_parsing import parse_adherence, parse_experiment
from webapp.recovery.experiments import Adherence, Experiment
from webapp.validation import ValidationFailed

MAX_VERSION = 1_000_000
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
# The latest calendar day anywhere on Earth (UTC+14), as the diary's import allows.
FURTHEST_EAST = timedelta(hours=14)
STAMPS = {"version": optional(WHOLE), "created_at": optional(TEXT),
          "updated_at": optional(TEXT)}


def _person(user: Any) -> None:
    """Only a person runs experiments; a therapist's phone never syncs an answer."""
    if user.role != "person":
        raise ValidationFailed({"account": _("Only a personal account runs experiments.")})


def _latest_today() -> date:
    return (utcnow() + FURTHEST_EAST).date()


def adherence_json(answer: Adherence) -> dict[str, Any]:
    return {"uuid": str(answer.uuid), "version": answer.version,
            "experiment": str(answer.experiment_uuid), "day": answer.day.isoformat(),
            "kept": answer.kept}


class AdherenceHandler:
    """The sync API's "adherence" kind: one tap, idempotent by UUID."""

    kind = "adherence"

    def create(self, db: Session, user: Any, uuid: Any, data: dict) -> tuple[Adherence, bool]:
        _person(user)
        today = service.local_today(user)
        return service.record_adherence(db, user, uuid, data, today)

    def to_json(self, answer: Adherence) -> dict[str, Any]:
        return adherence_json(answer)


# Export and import -------------------------------------------------------------------

def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def _kept(item: dict[str, Any], errors: dict[str, str]) -> dict[str, Any]:
    """Version and timestamps as exported, so a round trip gives the same record."""
    kept: dict[str, Any] = {}
    version = item.get("version") or 1
    if not 1 <= version <= MAX_VERSION:
        errors["version"] = _("The version is a whole number from 1.")
    kept["version"] = version
    for name in ("created_at", "updated_at"):
        kept[name] = utcnow()
        if item.get(name) is None:
            continue
        try:
            moment = datetime.fromisoformat(item[name])
        except ValueError:
            moment = None
        if moment is None or moment.tzinfo is None or not EARLIEST <= moment <= utcnow():
            errors[name] = _("Give a past date and time with its zone, like "
                             "2026-05-01T14:30:00+00:00.")
        else:
            kept[name] = moment.astimezone(UTC)
    return kept


def experiment_json(experiment: Experiment) -> dict[str, Any]:
    return {"uuid": str(experiment.uuid), "version": experiment.version,
            "template": experiment.template, "title": experiment.title,
            "change": experiment.change, "measures": experiment.measure_list,
            "phases": [{"kind": p.kind, "start": p.start.isoformat(), "end": p.end.isoformat()}
                       for p in experiment.phase_list],
            "stopped_on": experiment.stopped_on.isoformat() if experiment.stopped_on else None,
            "created_at": _stamp(experiment.created_at),
            "updated_at": _stamp(experiment.updated_at)}


def _as_form(item: dict[str, Any], errors: dict[str, str]) -> dict[str, Any]:
    """An exported experiment as the setup form would send it."""
    phases = item.get("phases") or []
    design = {2: "ab", 4: "abab"}.get(len(phases))
    if design is None:
        errors["phases"] = _("An experiment has two or four phases.")
        return {}
    form: dict[str, Any] = {**item, "design": design, "first": phases[0].get("kind")}
    for number, phase in enumerate(phases, 1):
        expected = form["first"] if number % 2 else ("usual" if form["first"] == "change"
                                                     else "change")
        if phase.get("kind") != expected:
            errors["phases"] = _("The phases take turns: the change, then as usual.")
        form[f"phase_{number}_start"] = phase.get("start")
        form[f"phase_{number}_end"] = phase.get("end")
    return form


def _stopped_on(item: dict[str, Any], values: dict[str, Any], errors: dict[str, str]
                ) -> date | None:
    raw = item.get("stopped_on")
    if raw is None or "starts_on" not in values:
        return None
    try:
        day = date.fromisoformat(raw)
    except (TypeError, ValueError):
        day = None
    if day is None or not values["starts_on"] - timedelta(days=1) <= day <= values["ends_on"]:
        errors["stopped_on"] = _("The day it stopped is within its phases, like 2026-05-01.")
    return day


def restore_experiment(db: Session, user: Any, item: dict[str, Any]) -> str:
    errors: dict[str, str] = {}
    form = _as_form(item, errors)
    values: dict[str, Any] = {}
    if form:
        try:
            values = parse_experiment(form, _latest_today(), history=True)
        except ValidationFailed as err:
            errors.update({k: v for k, v in err.errors.items() if k not in errors})
    stopped_on = _stopped_on(item, values, errors)
    kept = _kept(item, errors)
    if errors:
        raise ValidationFailed(errors)
    if stopped_on is None and values["ends_on"] >= service.local_today(user):
        service.one_at_a_time(db, user, service.local_today(user))
    db.add(owned_record(Experiment, user, uuid=item_key(item), stopped_on=stopped_on,
                        **values, **kept))
    db.flush()  # the answers that follow find it by its UUID
    return ADDED


def restore_adherence(db: Session, user: Any, item: dict[str, Any]) -> str:
    experiment = service.experiment_for(db, user, item.get("experiment"))
    if experiment is None:
        raise ValidationFailed({"experiment": _("This answer belongs to an experiment that is "
                                                "not in the file or this account.")})
    errors: dict[str, str] = {}
    today = _latest_today()
    values: dict[str, Any] = {}
    try:
        values = parse_adherence(item, experiment.starts_on, experiment.last_day(today), today)
    except ValidationFailed as err:
        errors.update(err.errors)
    kept = _kept(item, errors)
    if errors:
        raise ValidationFailed(errors)
    same_day = db.scalar(owned(Adherence, user).where(
        Adherence.experiment_id == experiment.id, Adherence.day == values["day"]))
    if same_day is not None:
        return KEPT  # this account already answered for that day
    db.add(owned_record(Adherence, user, uuid=item_key(item), experiment_id=experiment.id,
                        **values, **kept))
    db.flush()
    return ADDED


TYPES = (
    RecordType(
        key="experiments", model=Experiment, to_json=experiment_json,
        restore=restore_experiment, order_by="starts_on",
        fields={"template": optional(TEXT), "title": TEXT, "change": optional(TEXT),
                "measures": texts, "phases": objects, "stopped_on": optional(TEXT), **STAMPS},
        noun=lambda n: ngettext("%(num)d experiment", "%(num)d experiments", n),
        label=lambda: _("Experiment")),
    RecordType(
        key="experiment_answers", model=Adherence, to_json=adherence_json,
        restore=restore_adherence, order_by="day",
        fields={"experiment": TEXT, "day": TEXT, "kept": TEXT, **STAMPS},
        noun=lambda n: ngettext("%(num)d daily experiment answer",
                                "%(num)d daily experiment answers", n),
        label=lambda: _("Daily experiment answer")),
)


def register_records(app: Flask) -> None:
    """Experiments and their daily answers join every export and import."""
    for record_type in TYPES:
        register_record_type(app, record_type)
