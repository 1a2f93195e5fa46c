"""Questionnaire records. A response is the person's own (client-made UUID, unique
per owner, so a replayed submission is stored once); its score and band are
computed on the server when it is stored. An alert and a schedule are also the
person's rows (their owner is the person), each naming the therapist they are
for: the therapist reaches them only through an active share."""
from __future__ import annotations

import uuid as uuid_mod
from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from webapp.db import Base, TimestampMixin
from webapp.ownership import Owned

CADENCES = ("once", "weekly", "fortnightly", "sessions")


class MeasureResponse(Owned, TimestampMixin, Base):
    """One completed questionnaire. `answers` holds the item answers as digits
    ("0123..."), `difficulty` the unscored "how difficult" answer (or None);
    `anxiety` and `depression` are the PHQ-4's subscales."""

    __tablename__ = "measure_responses"
    __table_args__ = (
        UniqueConstraint("user_id", "uuid"),
        Index("ix_measure_responses_user_instrument_taken", "user_id", "instrument", "taken_at"),
        CheckConstraint("total BETWEEN 0 AND 27", name="total"),
        CheckConstraint("difficulty IS NULL OR difficulty BETWEEN 0 AND 3", name="difficulty"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[uuid_mod.UUID]
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    instrument: Mapped[str] = mapped_column(String(8))
    language: Mapped[str] = mapped_column(String(8), default="en")
    answers: Mapped[str] = mapped_column(String(16))
    difficulty: Mapped[int | None]
    total: Mapped[int]
    band: Mapped[str] = mapped_column(String(24))
    anxiety: Mapped[int | None]
    depression: Mapped[int | None]
    item9: Mapped[int | None]
    taken_at: Mapped[datetime]
    timezone: Mapped[str] = mapped_column(String(64))
    local_day: Mapped[date] = mapped_column(Date)

    @property
    def answer_list(self) -> list[int]:
        return [int(ch) for ch in self.answers]


class MeasureAlert(Owned, Base):
    """PHQ-9 item 9 answered above 0 while the person shared questionnaires with
    `therapist_id`: shown to that therapist until they mark it followed up.
    Never cleared by time."""

    __tablename__ = "measure_alerts"
    __table_args__ = (UniqueConstraint("response_id", "therapist_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    therapist_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                              index=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("measure_responses.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16), default="item9")
    created_at: Mapped[datetime]
    followed_up_at: Mapped[datetime | None]
    followed_up_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))


class MeasureSchedule(Owned, TimestampMixin, Base):
    """A questionnaire a therapist asked the person to take: once (on
    `starts_on`), weekly or every two weeks (from `starts_on` to `ends_on`), or
    before each date in `session_dates` (ISO dates, comma-separated). Each due
    questionnaire stays open for `expiry_days`. Dates are the person's local dates."""

    __tablename__ = "measure_schedules"
    __table_args__ = (
        CheckConstraint("expiry_days BETWEEN 1 AND 7", name="expiry_days"),
        CheckConstraint("cadence IN ('once', 'weekly', 'fortnightly', 'sessions')",
                        name="cadence"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    therapist_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                              index=True)
    instrument: Mapped[str] = mapped_column(String(8))
    cadence: Mapped[str] = mapped_column(String(12))
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    session_dates: Mapped[str] = mapped_column(String(400), default="")
    expiry_days: Mapped[int] = mapped_column(default=4)
    stopped_at: Mapped[datetime | None]

    @property
    def sessions(self) -> list[date]:
        return [date.fromisoformat(d) for d in self.session_dates.split(",") if d]
