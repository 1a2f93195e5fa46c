"""Diary records. Each has a client-generated UUID, unique per owner, so a
retried or replayed create never doubles; `version` guards offline edits."""
from __future__ import annotations

import uuid as uuid_mod
from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    select,
)
from sqlalchemy.orm import Mapped, column_property, mapped_column

from webapp.auth.models import User
from webapp.db import Base, TimestampMixin
from webapp.ownership import Owned


class Entry(Owned, TimestampMixin, Base):
    """One twitch. `areas` and `triggers` are comma-delimited keys with a leading
    and trailing comma (",calf:left,eyelid:right,") so SQL can filter and count
    them with LIKE without a join per page."""

    __tablename__ = "entries"
    __table_args__ = (
        UniqueConstraint("user_id", "uuid"),
        Index("ix_entries_user_day", "user_id", "local_day"),
        CheckConstraint("intensity IS NULL OR intensity BETWEEN 1 AND 10", name="intensity"),
        CheckConstraint("anxiety IS NULL OR anxiety BETWEEN 0 AND 10", name="anxiety"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[uuid_mod.UUID] = mapped_column(insert_sentinel=True)  # see create_many_once
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    occurred_at: Mapped[datetime]
    timezone: Mapped[str] = mapped_column(String(64))
    local_day: Mapped[date] = mapped_column(Date)
    areas: Mapped[str] = mapped_column(String(600))
    triggers: Mapped[str] = mapped_column(String(600), default=",")
    intensity: Mapped[int | None]
    duration: Mapped[str | None] = mapped_column(String(16))
    feel: Mapped[str | None] = mapped_column(String(16))
    situation: Mapped[str | None] = mapped_column(String(16))
    anxiety: Mapped[int | None]
    note: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(default=1)
    deleted_at: Mapped[datetime | None]

    @property
    def area_list(self) -> list[tuple[str, str]]:
        return split_areas(self.areas)

    @property
    def trigger_list(self) -> list[str]:
        return [t for t in self.triggers.strip(",").split(",") if t]


class Checkin(Owned, TimestampMixin, Base):
    """The daily check-in: one per person per local day."""

    ANSWERS = ("anxiety", "mood", "sleep_hours", "sleep_quality", "caffeine", "water", "alcohol",
               "movement_minutes", "stressful_events", "twitchiness", "note")

    __tablename__ = "checkins"
    __table_args__ = (
        UniqueConstraint("user_id", "uuid"),
        UniqueConstraint("user_id", "day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[uuid_mod.UUID]
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    day: Mapped[date] = mapped_column(Date)
    anxiety: Mapped[int | None]
    mood: Mapped[int | None]
    sleep_hours: Mapped[float | None]
    sleep_quality: Mapped[int | None]
    caffeine: Mapped[int | None]
    water: Mapped[int | None]
    alcohol: Mapped[int | None]
    movement_minutes: Mapped[int | None]
    stressful_events: Mapped[int | None]
    twitchiness: Mapped[str | None] = mapped_column(String(8))
    note: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(default=1)


def _keys(delimited: str) -> list[str]:
    return [k for k in delimited.strip(",").split(",") if k]


class Screening(Owned, Base):
    """Answers to the red-flag questions, kept with their date for the doctor.
    Every question asked is in exactly one of yes/no/skipped ("not sure");
    `since_visit` is the date of the doctor's check the questions were about
    (asked as "new or different since then"), or None."""

    __tablename__ = "screenings"
    __table_args__ = (UniqueConstraint("user_id", "uuid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[uuid_mod.UUID]
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    answered_at: Mapped[datetime]
    reason: Mapped[str] = mapped_column(String(40))
    yes_flags: Mapped[str] = mapped_column(String(300), default=",")
    no_flags: Mapped[str] = mapped_column(String(300), default=",")
    skipped_flags: Mapped[str] = mapped_column(String(300), default=",")
    since_visit: Mapped[date | None] = mapped_column(Date)

    @property
    def flags(self) -> list[str]:
        return _keys(self.yes_flags)

    @property
    def no(self) -> list[str]:
        return _keys(self.no_flags)

    @property
    def skipped(self) -> list[str]:
        return _keys(self.skipped_flags)


class DoctorCheck(Owned, TimestampMixin, Base):
    """"A doctor checked this": a visit the person records, for one body area
    (`area`, a vocab key) or in general (None). `tests` are keys of
    screening.TESTS, comma-delimited like Entry.areas."""

    __tablename__ = "doctor_checks"
    __table_args__ = (UniqueConstraint("user_id", "uuid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[uuid_mod.UUID]
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    checked_on: Mapped[date] = mapped_column(Date)
    area: Mapped[str | None] = mapped_column(String(40))
    clinician: Mapped[str] = mapped_column(String(120), default="")
    conclusion: Mapped[str] = mapped_column(Text, default="")
    tests: Mapped[str] = mapped_column(String(300), default=",")
    tests_other: Mapped[str] = mapped_column(String(200), default="")

    @property
    def test_list(self) -> list[str]:
        return _keys(self.tests)


class ScreenerState(Owned, Base):
    """One row per person: body areas logged for the first time whose screener
    offer is still open (set by the entry service, whichever way the entry
    came: form or offline sync), and the weekly re-ask choice (None: the
    default, on until a doctor's check is recorded, then off)."""

    __tablename__ = "screener_states"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    pending_areas: Mapped[str] = mapped_column(String(600), default=",")
    weekly: Mapped[bool | None]


# Loaded with the user on every request (one statement already spent), so the
# open first-time offer costs no statement of its own within the page budget.
User.screener_pending_areas = column_property(
    select(ScreenerState.pending_areas).where(ScreenerState.user_id == User.id)
    .correlate_except(ScreenerState).scalar_subquery())


def split_areas(areas: str) -> list[tuple[str, str]]:
    """An entry's stored areas (",calf:left,eyelid:right,") as (area, side) pairs."""
    return [tuple(a.split(":", 1)) for a in _keys(areas)]  # type: ignore[misc]
