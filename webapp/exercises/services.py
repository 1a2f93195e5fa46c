"""Exercise operations. They flush; the calling view commits once."""
from __future__ import annotations

import uuid as uuid_module
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func
from sqlalchemy.orm import Session

from webapp.auth.models import User
from webapp.db import utcnow
from webapp.exercises.models import CustomPattern, ExerciseSession
from webapp.exercises.parsing import BREATHE, NO_ID, parse_custom_pattern, parse_session
from webapp.exercises.patterns import CUSTOM, CUSTOM_FIELDS, PATTERNS, Pattern, custom_pattern
from webapp.exercises.routines import ROUTINES
from webapp.ownership import create_once, owned, owned_one, owned_record
from webapp.validation import parse_uuid

__all__ = ["BREATHE", "Effect", "custom_pattern_for", "effect_by_exercise", "exercise_name",
           "pattern_from", "record_session", "save_custom_pattern", "session_for"]


def session_for(db: Session, user: User, uuid: uuid_module.UUID) -> ExerciseSession | None:
    """The user's own session with this ID; nothing for anyone else's."""
    return owned_one(db, ExerciseSession, user, uuid)


def record_session(db: Session, user: User, uuid: Any,
                   data: Mapping[str, Any]) -> tuple[ExerciseSession, bool]:
    """A signed-in person (or the sync API or the import on their behalf) saves one
    session; ``data`` as webapp.exercises.parsing.parse_session reads it.

    Idempotent by (user, uuid): a repeat returns the stored row and created=False,
    and changes nothing. A uuid another person already used is refused, so it
    neither leaks nor overwrites. Raises ValidationFailed({field: message}) and
    stores nothing when a value is wrong."""
    key = parse_uuid(uuid, NO_ID)
    return create_once(db, ExerciseSession, user, key, lambda: parse_session(data, utcnow()),
                       foreign=_l("This record cannot be saved."))


def custom_pattern_for(db: Session, user: User) -> CustomPattern | None:
    """The person's own breathing pattern, if they saved one. Reads only."""
    return db.scalar(owned(CustomPattern, user))


def save_custom_pattern(db: Session, user: User, data: Mapping[str, Any]) -> CustomPattern:
    """A signed-in person sets their own pattern (inhale, hold_in, exhale, hold_out,
    in seconds), replacing the one they had. ValidationFailed when out of bounds."""
    values = parse_custom_pattern(data)
    row = custom_pattern_for(db, user)
    if row is None:
        row = owned_record(CustomPattern, user, **values)
        db.add(row)
    else:
        for field in CUSTOM_FIELDS:
            setattr(row, field, values[field])
    db.flush()
    return row


def pattern_from(row: CustomPattern) -> Pattern:
    """The saved counts as a playable Pattern."""
    return custom_pattern(row.inhale, row.hold_in, row.exhale, row.hold_out)


@dataclass(frozen=True)
class Effect:
    exercise: str
    pattern: str | None
    sessions: int  # sessions rated both before and after (anxiety or twitch)
    anxiety_sessions: int
    anxiety_drop: float | None  # average of before minus after; positive is calmer
    intensity_sessions: int
    intensity_drop: float | None


def _avg(value: Any) -> float | None:
    return None if value is None else round(float(value), 1)


def effect_by_exercise(db: Session, user: User) -> list[Effect]:
    """The person's own sessions, per exercise (and breathing pattern): how many
    have ratings before and after, and the average drop in anxiety and in twitch
    intensity. One GROUP BY query; biggest anxiety drop first. Reads only."""
    s = ExerciseSession
    anxiety = s.anxiety_before - s.anxiety_after
    intensity = s.intensity_before - s.intensity_after
    rated = func.count(func.coalesce(anxiety, intensity))
    anxiety_avg = func.avg(anxiety)
    query = (
        owned(s, user)
        .with_only_columns(s.exercise, s.pattern, rated, func.count(anxiety), anxiety_avg,
                           func.count(intensity), func.avg(intensity))
        .group_by(s.exercise, s.pattern)
        .having(rated > 0)
        .order_by(anxiety_avg.desc().nulls_last(), rated.desc(), s.exercise, s.pattern)
    )
    rows: Iterable[Any] = db.execute(query)  # seven columns: past what the stubs can type
    return [Effect(ex, pat, n, n_anx, _avg(anx), n_int, _avg(inten))
            for ex, pat, n, n_anx, anx, n_int, inten in rows]


def exercise_name(exercise: str, pattern: str | None) -> str:
    """What a person calls this exercise, for lists and the insights page."""
    if exercise == BREATHE:
        if pattern == CUSTOM:
            return str(_l("Your own breathing pattern"))
        if pattern is not None and pattern in PATTERNS:
            return str(PATTERNS[pattern].name)
    if exercise in ROUTINES:
        return str(ROUTINES[exercise].name)
    return exercise
