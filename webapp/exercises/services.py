"""Exercise operations. They flush; the calling view commits once."""
from __future__ import annotations

import uuid as uuid_module
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from webapp.auth.models import User
from webapp.exercises import checks
from webapp.exercises.checks import BREATHE, parse_uuid
from webapp.exercises.models import CustomPattern, ExerciseSession
from webapp.exercises.patterns import (
    CUSTOM, CUSTOM_FIELDS, PATTERNS, Pattern, custom_pattern, custom_problems,
)
from webapp.exercises.routines import ROUTINES
from webapp.validation import ValidationFailed

__all__ = ["BREATHE", "Effect", "custom_pattern_for", "effect_by_exercise", "exercise_name",
           "parse_uuid", "pattern_from", "record_session", "save_custom_pattern", "session_for"]


def session_for(db: Session, user: User, uuid: uuid_module.UUID) -> ExerciseSession | None:
    """The user's own session with this ID; nothing for anyone else's."""
    return db.scalar(select(ExerciseSession).where(ExerciseSession.user_id == user.id,
                                                   ExerciseSession.uuid == uuid))


def record_session(db: Session, user: User, uuid: Any,
                   data: dict[str, Any]) -> tuple[ExerciseSession, bool]:
    """A signed-in person (or the sync API on their behalf) saves one session.

    Idempotent by (user, uuid): a repeat returns the stored row and created=False,
    and changes nothing. A uuid another person already used is refused with the same
    message as an invalid one, so it neither leaks nor overwrites. Keys of `data`
    (the JSON POST and the offline outbox send the same shape):

    - exercise: "breathe" or a routine slug ("pmr", "grounding", ...)
    - pattern: a breathing pattern key ("calm", "box", "478", "coherent", "sigh",
      "custom") for "breathe"; absent or null for routines
    - phases: for "breathe", [{"kind": "in"|"hold"|"out", "seconds": 4}, ...] or the
      same list as a JSON string; may be left out for a built-in pattern
    - planned_seconds, actual_seconds: whole seconds, 0 to 14400
    - anxiety_before, anxiety_after, intensity_before, intensity_after: 0-10 or
      null/"" when not rated
    - started_at: ISO 8601 with a time zone ("2026-11-22T08:30:00.000Z"), from 2000
      up to 5 minutes past the server's clock
    - completed: true when the timer ran to the end, false when stopped early

    Raises ValidationFailed({field: message}) and stores nothing when a value is wrong.
    """
    key = parse_uuid(uuid)
    existing = db.scalars(select(ExerciseSession).where(ExerciseSession.uuid == key)).all()
    for row in existing:
        if row.user_id == user.id:
            return row, False
    if existing:
        raise ValidationFailed({"uuid": str(_l("This record cannot be saved."))})

    errors: dict[str, str] = {}
    exercise, pattern, phases = checks.exercise(data, errors)
    ratings = checks.ratings(data, errors)
    planned = checks.seconds(data, "planned_seconds", errors)
    actual = checks.seconds(data, "actual_seconds", errors)
    started_at = checks.started_at(data.get("started_at"), errors)
    completed = checks.completed(data.get("completed"), errors)
    if errors or started_at is None:
        raise ValidationFailed(errors)

    row = ExerciseSession(uuid=key, user_id=user.id, exercise=exercise, pattern=pattern,
                          phases=phases, planned_seconds=planned, actual_seconds=actual,
                          completed=completed, started_at=started_at, **ratings)
    try:
        with db.begin_nested():
            db.add(row)
            db.flush()
    except IntegrityError:
        # The same submission arrived twice at once; the other one won.
        stored = session_for(db, user, key)
        if stored is None:
            raise
        return stored, False
    return row, True


def custom_pattern_for(db: Session, user: User) -> CustomPattern | None:
    """The person's own breathing pattern, if they saved one. Reads only."""
    return db.scalar(select(CustomPattern).where(CustomPattern.user_id == user.id))


def save_custom_pattern(db: Session, user: User, data: dict[str, Any]) -> CustomPattern:
    """A signed-in person sets their own pattern (inhale, hold_in, exhale, hold_out,
    in seconds), replacing the one they had. ValidationFailed when out of bounds."""
    values, errors = custom_problems(data)
    if errors:
        raise ValidationFailed(errors)
    row = custom_pattern_for(db, user)
    if row is None:
        row = CustomPattern(user_id=user.id, **values)
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
        select(s.exercise, s.pattern, rated, func.count(anxiety), anxiety_avg,
               func.count(intensity), func.avg(intensity))
        .where(s.user_id == user.id)
        .group_by(s.exercise, s.pattern)
        .having(rated > 0)
        .order_by(anxiety_avg.desc().nulls_last(), rated.desc(), s.exercise, s.pattern)
    )
    return [Effect(ex, pat, n, n_anx, _avg(anx), n_int, _avg(inten))
            for ex, pat, n, n_anx, anx, n_int, inten in db.execute(query)]


def exercise_name(exercise: str, pattern: str | None) -> str:
    """What a person calls this exercise, for lists and the insights page."""
    if exercise == BREATHE:
        if pattern == CUSTOM:
            return str(_l("Your own breathing pattern"))
        if pattern in PATTERNS:
            return str(PATTERNS[pattern].name)
    if exercise in ROUTINES:
        return str(ROUTINES[exercise].name)
    return exercise
