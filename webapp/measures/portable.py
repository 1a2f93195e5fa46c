"""Questionnaire responses in the JSON export and import. On import the answers
go through the same parser as the form, and the score and band are computed
again here, never taken from the file. Schedules and item-9 alerts belong to
the sharing between a person and a therapist, so they are not carried."""
from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import Flask
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy.orm import Session

from webapp.db import utcnow
from webapp.measures.models import MeasureResponse
from webapp.measures.parsing import item_field
from webapp.measures.scoring import INSTRUMENTS
from webapp.measures.services import response_values
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
from webapp.validation import ValidationFailed


def _answers(value: Any) -> bool:
    return isinstance(value, list) and all(
        isinstance(v, int) and not isinstance(v, bool) for v in value)


def export_response(response: MeasureResponse) -> dict[str, Any]:
    return {"uuid": str(response.uuid), "instrument": response.instrument,
            "language": response.language, "answers": response.answer_list,
            "difficulty": response.difficulty, "total": response.total, "band": response.band,
            "taken_at": stamp(response.taken_at),
            "timezone": response.timezone}


def restore_response(db: Session, user: Any, item: dict[str, Any]) -> str:
    errors: dict[str, str] = {}
    key = item.get("instrument")
    if key not in INSTRUMENTS:
        raise ValidationFailed({"instrument": _("There is no such questionnaire.")})
    zone = item.get("timezone") or user.timezone
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        errors["timezone"] = _("Give an IANA time zone such as Europe/London.")
        zone = "UTC"
    taken_at = read_moment(item, "taken_at", errors, required=True) or utcnow()
    answers = item["answers"] if _answers(item["answers"]) else []
    data: dict[str, Any] = {item_field(n): str(a) for n, a in enumerate(answers, 1)}
    if item.get("difficulty") is not None:
        data["difficulty"] = str(item["difficulty"])
    language = item.get("language") or "en"
    try:
        values = response_values(key, data, str(language)[:8], zone, taken_at)
    except ValidationFailed as err:
        errors.update(err.errors)
    if errors:
        raise ValidationFailed(errors)
    db.add(owned_record(MeasureResponse, user, uuid=item_key(item), **values))
    return ADDED


TYPES = (
    RecordType(
        key="measure_responses", model=MeasureResponse, to_json=export_response,
        restore=restore_response, order_by="taken_at",
        fields={"instrument": TEXT, "language": optional(TEXT), "answers": _answers,
                "difficulty": optional(WHOLE), "total": optional(WHOLE),
                "band": optional(TEXT), "taken_at": TEXT, "timezone": optional(TEXT)},
        noun=lambda n: ngettext("%(num)d questionnaire", "%(num)d questionnaires", n),
        label=lambda: _("Questionnaire")),
)


def register_records(app: Flask) -> None:
    for record_type in TYPES:
        register_record_type(app, record_type)
