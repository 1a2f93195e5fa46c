"""The exercises' parsers: a finished session and a person's own breathing pattern.
Each turns submitted values (a form, a JSON POST, a synced item or an imported
one: they all go through here) into clean column values, or raises
ValidationFailed with a message per field."""
from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l

from webapp.exercises.patterns import (
    BREATH_RANGE,
    CUSTOM_FIELDS,
    HOLD_RANGE,
    MAX_CYCLE,
    PATTERNS,
    PHASE_KINDS,
    pattern_keys,
)
from webapp.exercises.routines import ROUTINES
from webapp.validation import Parser, ranged_number, read_decimal

BREATHE = "breathe"
MAX_SECONDS = 4 * 60 * 60
MAX_PHASES = 8
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
CLOCK_SLACK = timedelta(minutes=5)
RATING_FIELDS = ("anxiety_before", "anxiety_after", "intensity_before", "intensity_after")
TRUE_WORDS = {"1", "true", "on", "yes", "y"}
FALSE_WORDS = {"", "0", "false", "off", "no", "n"}
NO_ID = _l("This record has no valid ID, so it cannot be saved. Start the exercise again.")


def exercise_keys() -> tuple[str, ...]:
    """Every value a session's `exercise` may take."""
    return (BREATHE, *ROUTINES)


def _blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and raw.strip() == "")


def _whole(raw: Any, low: int, high: int) -> int | None:
    """The whole number in low..high, or None (Infinity, NaN, 1e999 and 5,000 digits
    included: they are refused, never raised)."""
    value = ranged_number(raw, low, high, whole=True)
    return None if value is None else int(value)


# A finished session ----------------------------------------------------------------

def parse_session(data: Mapping[str, Any], now: datetime) -> dict[str, Any]:
    """Clean values for an ExerciseSession. Keys of ``data`` (the form, the JSON POST,
    the outbox and the import send the same shape):

    - exercise: "breathe" or a routine slug ("pmr", "grounding", ...)
    - pattern: a breathing pattern key ("calm", "box", "478", "coherent", "sigh",
      "custom") for "breathe"; absent or null for routines
    - phases: for "breathe", [{"kind": "in"|"hold"|"out", "seconds": 4}, ...] or the
      same list as a JSON string; may be left out for a built-in pattern
    - planned_seconds, actual_seconds: whole seconds, 0 to 14400
    - anxiety_before, anxiety_after, intensity_before, intensity_after: 0-10 or
      null/"" when not rated
    - started_at: ISO 8601 with a time zone ("2026-11-22T08:30:00.000Z"), from 2000
      up to 5 minutes past ``now``
    - completed: true when the timer ran to the end, false when stopped early
    """
    p = Parser(data)
    _exercise(p)
    for field in RATING_FIELDS:
        _rating(p, field)
    for field in ("planned_seconds", "actual_seconds"):
        _seconds(p, field)
    _started_at(p, now)
    _completed(p)
    return p.done()


def _rating(p: Parser, field: str) -> None:
    """One optional 0-10 rating; blank or null means not rated."""
    raw = p.data.get(field)
    p.clean[field] = None if _blank(raw) else _whole(raw, 0, 10)
    if not _blank(raw) and p.clean[field] is None:
        p.fail(field, _l("Rate from 0 (not at all) to 10 (the most), or leave it out."))


def _seconds(p: Parser, field: str) -> None:
    """A duration in whole seconds, 0 up to 4 hours."""
    p.clean[field] = _whole(p.data.get(field), 0, MAX_SECONDS)
    if p.clean[field] is None:
        p.fail(field, _l("Give a whole number of seconds, from 0 up to 4 hours."))


def _started_at(p: Parser, now: datetime) -> None:
    """An ISO 8601 moment from 2000 up to 5 minutes past ``now``, in UTC (a time
    without a zone is taken as UTC)."""
    raw = p.data.get("started_at")
    try:
        when = raw if isinstance(raw, datetime) else datetime.fromisoformat(str(raw).strip())
        when = when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)
    except (ValueError, OverflowError):
        p.fail("started_at", _l("Give the start as a date and time, like 2026-11-22T08:30:00Z."))
        return
    if when > now + CLOCK_SLACK:
        p.fail("started_at", _l("This start time is in the future. Check the clock on your "
                                "phone."))
    elif when < EARLIEST:
        p.fail("started_at", _l("This start time is too long ago."))
    p.clean["started_at"] = when


def _phases(p: Parser, raw: Any) -> list[dict[str, float]] | None:
    """[{"kind": "in"|"hold"|"out", "seconds": number}, ...] or None after failing."""
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
    p.fail("phases", _l("The breathing steps of this session are not in a form we can save."))
    return None


def _exercise(p: Parser) -> None:
    """exercise, pattern and phases (as JSON text), after checking they belong together."""
    name = str(p.data.get("exercise") or "").strip()
    pattern = str(p.data.get("pattern") or "").strip() or None
    p.clean.update(exercise=name, pattern=None, phases=None)
    if name not in exercise_keys():
        p.fail("exercise", _l("We do not know this exercise."))
    elif name != BREATHE:
        if pattern is not None:
            p.fail("pattern", _l("Only breathing exercises have a pattern."))
    elif pattern not in pattern_keys():
        p.fail("pattern", _l("We do not know this breathing pattern."))
    else:
        raw = p.data.get("phases")
        steps = (PATTERNS[pattern].phases_record() if _blank(raw) and pattern in PATTERNS
                 else _phases(p, raw))
        p.clean.update(pattern=pattern,
                       phases=json.dumps(steps, separators=(",", ":")) if steps else None)


def _completed(p: Parser) -> None:
    """True or false, as JSON or as a form's words; missing means stopped early."""
    raw = p.data.get("completed")
    word = "" if raw is None or isinstance(raw, bool) else str(raw).strip().lower()
    if isinstance(raw, bool) or word in TRUE_WORDS | FALSE_WORDS:
        p.clean["completed"] = raw if isinstance(raw, bool) else word in TRUE_WORDS
    else:
        p.fail("completed", _l("Say whether the session was finished: true or false."))


# A person's own breathing pattern -----------------------------------------------------

def parse_custom_pattern(data: Mapping[str, Any]) -> dict[str, float]:
    """Clean counts for a CustomPattern (inhale, hold_in, exhale, hold_out), from the
    form or the import. Breathing in and out take 2 to 12 seconds, holds 0 to 12
    (blank means none), in steps of half a second ("5.5" or "5,5"), and one whole
    breath at most 30 seconds."""
    p = Parser(data)
    for field in CUSTOM_FIELDS:
        _count(p, field)
    total = sum(p.clean.values())
    if not p.errors and total > MAX_CYCLE:
        p.fail("total", _l("One whole breath can take at most %(max)s seconds; yours adds up "
                           "to %(total)s. Shorten a step or two.",
                           max=MAX_CYCLE, total=format(total, "g")))
    return p.done()


MISSING = {"inhale": _l("Enter how many seconds to breathe in, from 2 to 12."),
           "exhale": _l("Enter how many seconds to breathe out, from 2 to 12.")}


def _count(p: Parser, field: str) -> None:
    """One step of the pattern, in seconds."""
    raw = p.data.get(field)
    if _blank(raw):
        if field in MISSING:
            p.fail(field, MISSING[field])
        else:
            p.clean[field] = 0.0  # no hold
        return
    low, high = BREATH_RANGE if field in MISSING else HOLD_RANGE
    value = read_decimal(raw)
    if value is None:
        p.fail(field, _l("Enter a number of seconds, like 4 or 5.5."))
    elif not low <= value <= high:
        p.fail(field, _l("Choose from %(low)s to %(high)s seconds.", low=low, high=high))
    elif value * 2 != int(value * 2):
        p.fail(field, _l("Use whole or half seconds, like 4 or 4.5."))
    else:
        p.clean[field] = float(value)
