"""Practice a therapist assigns to a client between sessions. An assignment is the
person's row (their owner is the person), naming the therapist it came from: the
therapist reaches it only through an active share. A questionnaire assignment is
not stored here: it is a measures schedule (webapp.measures.schedules)."""
from __future__ import annotations

import uuid as uuid_mod
from datetime import date, datetime, timedelta

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from webapp.db import Base, TimestampMixin
from webapp.ownership import Owned

KINDS = ("exercise", "checks", "experiment")


class Assignment(Owned, TimestampMixin, Base):
    """One piece of assigned practice for ``weeks`` weeks from ``starts_on`` (the
    person's local date; ``opens_at``/``closes_at`` are that window in UTC, worked
    out with the person's time zone when it was made).

    - exercise: ``exercise`` (a routine slug, or "breathe" with ``pattern``),
      ``per_week`` times a week;
    - checks: at most ``per_week`` ledger items of ``check_kind`` a week;
    - experiment: start a personal experiment (``experiment``: a template key,
      or "" for any)."""

    __tablename__ = "practice_assignments"
    __table_args__ = (
        UniqueConstraint("user_id", "uuid"),
        CheckConstraint("kind IN ('exercise', 'checks', 'experiment')", name="kind"),
        CheckConstraint("weeks BETWEEN 1 AND 12", name="weeks"),
        CheckConstraint("per_week BETWEEN 0 AND 21", name="per_week"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[uuid_mod.UUID]
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    therapist_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True)
    kind: Mapped[str] = mapped_column(String(12))
    exercise: Mapped[str | None] = mapped_column(String(32))
    pattern: Mapped[str | None] = mapped_column(String(32))
    check_kind: Mapped[str | None] = mapped_column(String(16))
    experiment: Mapped[str | None] = mapped_column(String(24))
    per_week: Mapped[int] = mapped_column(default=0)
    weeks: Mapped[int]
    starts_on: Mapped[date] = mapped_column(Date)
    opens_at: Mapped[datetime]
    closes_at: Mapped[datetime]
    declined_at: Mapped[datetime | None]
    decline_note: Mapped[str] = mapped_column(String(300), default="")
    stopped_at: Mapped[datetime | None]

    @property
    def ends_on(self) -> date:
        return self.starts_on + timedelta(days=7 * self.weeks - 1)
