"""Checks for one exercise session's values, shared by the form, the JSON POST
and the sync API (through services.record_session). Each adds {field: message}."""
from __future__ import annotations

import json
import uuid as uuid_module
from datetime import UTC, datetime, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l

from webapp.diary.parsing import ranged_number
from webapp.exercises.patterns import PATTERNS, PHASE_KINDS, pattern_keys
from webapp.exercises.routines import ROUTINES
from webapp.validation import ValidationFailed

BREATHE = "breathe"
MAX_SECONDS = 4 * 60 * 60
MAX_PHASES = 8
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
CLOCK_SLACK = timedelta(minutes=5)
RATING_FIELDS = ("anxiety_before", "anxiety_after", "intensity_before", "intensity_after")
TRUE_WORDS = {"1", "true", "on", "yes", "y"}
FALSE_WORDS = {"", "0", "false", "off", "no", "n"}


def exercise_keys() -> tuple[str, ...]:
    """Every value a session's `exercise` may take."""
    return (BREATHE, *ROUTINES)


def _int_field(raw: Any, low: int, high: int) -> int | None:
    """The whole number in low..high, or None when it is not one (the diary's parser:
    Infinity, NaN, 1e999 and 5,000 digits are refused, not raised)."""
    value = ranged_number(raw, low, high, whole=True)
    return None if value is None else int(value)


def _blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and raw.strip() == "")


def ratings(data: dict[str, Any], errors: dict[str, str]) -> dict[str, int | None]:
    """The four optional 0-10 ratings; blank or null means not rated."""
    clean: dict[str, int | None] = {}
    for field in RATING_FIELDS:
        raw = data.get(field)
        if _blank(raw):
            clean[field] = None
            continue
        clean[field] = _int_field(raw, 0, 10)
        if clean[field] is None:
            errors[field] = str(_l("Rate from 0 (not at all) to 10 (the most), or leave it out."))
    return clean


def seconds(data: dict[str, Any], field: str, errors: dict[str, str]) -> int:
    """A duration in whole seconds, 0 up to 4 hours."""
    value = _int_field(data.get(field), 0, MAX_SECONDS)
    if value is None:
        errors[field] = str(_l("Give a whole number of seconds, from 0 up to 4 hours."))
        return 0
    return value


def started_at(raw: Any, errors: dict[str, str]) -> datetime | None:
    """An ISO 8601 moment from 2000 up to 5 minutes past the server's clock, in UTC
    (a time without a zone is taken as UTC)."""
    try:
        when = raw if isinstance(raw, datetime) else datetime.fromisoformat(str(raw).strip())
        when = when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)
    except (ValueError, OverflowError):
        errors["started_at"] = str(_l("Give the start as a date and time, like "
                                      "2026-11-22T08:30:00Z."))
        return None
    if when > datetime.now(UTC) + CLOCK_SLACK:
        errors["started_at"] = str(_l("This start time is in the future. Check the clock on "
                                      "your phone."))
    elif when < EARLIEST:
        errors["started_at"] = str(_l("This start time is too long ago."))
    return when


def phases(raw: Any, errors: dict[str, str]) -> list[dict[str, float]] | None:
    """[{"kind": "in"|"hold"|"out", "seconds": number}, ...] or None with an error."""
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except (ValueError, RecursionError):  # not JSON, or nested past any real pattern
            raw = None
    clean: list[dict[str, float]] = []
    if isinstance(raw, list) and 0 < len(raw) <= MAX_PHASES:
        for phase in raw:
            if not isinstance(phase, dict) or phase.get("kind") not in PHASE_KINDS:
                break
            length = phase.get("seconds")
            if isinstance(length, bool) or not isinstance(length, int | float):
                break
            if not 0 < length <= 30:
                break
            clean.append({"kind": phase["kind"], "seconds": float(length)})
        else:
            return clean
    errors["phases"] = str(_l("The breathing steps of this session are not in a form we can "
                              "save."))
    return None


def exercise(data: dict[str, Any], errors: dict[str, str]) -> tuple[str, str | None, str | None]:
    """(exercise, pattern, phases as JSON text) after checking they belong together."""
    name = str(data.get("exercise") or "").strip()
    pattern = str(data.get("pattern") or "").strip() or None
    if name not in exercise_keys():
        errors["exercise"] = str(_l("We do not know this exercise."))
        return name, pattern, None
    if name != BREATHE:
        if pattern is not None:
            errors["pattern"] = str(_l("Only breathing exercises have a pattern."))
        return name, None, None
    if pattern not in pattern_keys():
        errors["pattern"] = str(_l("We do not know this breathing pattern."))
        return name, pattern, None
    raw = data.get("phases")
    if _blank(raw) and pattern in PATTERNS:
        steps: list[dict[str, float]] | None = PATTERNS[pattern].phases_record()
    else:
        steps = phases(raw, errors)
    return name, pattern, json.dumps(steps, separators=(",", ":")) if steps else None


def completed(raw: Any, errors: dict[str, str]) -> bool:
    """True or false, as JSON or as a form's words; missing means stopped early."""
    if isinstance(raw, bool):
        return raw
    word = "" if raw is None else str(raw).strip().lower()
    if word in TRUE_WORDS | FALSE_WORDS:
        return word in TRUE_WORDS
    errors["completed"] = str(_l("Say whether the session was finished: true or false."))
    return False


def parse_uuid(raw: Any) -> uuid_module.UUID:
    """A session's client-made ID, or ValidationFailed."""
    try:
        return raw if isinstance(raw, uuid_module.UUID) else uuid_module.UUID(str(raw))
    except ValueError:
        raise ValidationFailed({"uuid": str(_l("This record has no valid ID, so it cannot be "
                                               "saved. Start the exercise again."))}) from None
