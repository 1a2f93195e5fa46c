"""A finished (or stopped) exercise session, and a person's own breathing pattern."""
from __future__ import annotations

import uuid as uuid_module
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from webapp.db import Base, utcnow
from webapp.ownership import Owned

RATINGS = ("anxiety_before", "anxiety_after", "intensity_before", "intensity_after")


class ExerciseSession(Owned, Base):
    """One run of an exercise, with the optional 0-10 ratings before and after."""

    __tablename__ = "exercise_sessions"
    __table_args__ = (
        UniqueConstraint("user_id", "uuid"),
        *(CheckConstraint(f"{r} BETWEEN 0 AND 10", name=r) for r in RATINGS),
        CheckConstraint("planned_seconds >= 0", name="planned_seconds"),
        CheckConstraint("actual_seconds >= 0", name="actual_seconds"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[uuid_module.UUID]
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    exercise: Mapped[str] = mapped_column(String(32))
    pattern: Mapped[str | None] = mapped_column(String(32))
    # The phases used, as JSON [{"kind": "in", "seconds": 4}, ...]: a custom pattern
    # may change later, and the session should still say what was breathed.
    phases: Mapped[str | None] = mapped_column(Text)
    planned_seconds: Mapped[int]
    actual_seconds: Mapped[int]
    anxiety_before: Mapped[int | None]
    anxiety_after: Mapped[int | None]
    intensity_before: Mapped[int | None]
    intensity_after: Mapped[int | None]
    completed: Mapped[bool] = mapped_column(default=False)
    started_at: Mapped[datetime]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CustomPattern(Owned, Base):
    """The one breathing pattern a person defines for themselves, in seconds."""

    __tablename__ = "custom_patterns"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    inhale: Mapped[float]
    hold_in: Mapped[float]
    exhale: Mapped[float]
    hold_out: Mapped[float]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
