"""Reminder records: each person's reminder settings (one row, made on their first
save), their push subscriptions (one row per device), and the "sent" rows the
scheduler claims before it sends, so a reminder goes out once per local day and
slot however many schedulers run, and however often."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, synonym

from webapp.db import Base, TimestampMixin, utcnow
from webapp.ownership import Owned

KINDS = ("checkin", "exercise", "worry")
WORDINGS = ("generic", "plain")


class ReminderSettings(Owned, TimestampMixin, Base):
    """What to remind a person of, and when, in their own IANA zone `timezone`.
    Times are "HH:MM" on the local clock: `checkin_at` (the daily check-in, sent
    while `checkin_on`), `exercise_times` (comma separated, none to three);
    `worry_on` reminds at the worry time set in the recovery settings.
    `quiet_days` holds weekday digits (0 Monday .. 6 Sunday) with no reminder.
    `wording` is "generic" ("Time for your check-in") or "plain" ("Steady")."""

    __tablename__ = "reminder_settings"
    __table_args__ = (
        CheckConstraint("wording IN ('generic', 'plain')", name="wording"),
    )

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    checkin_on: Mapped[bool] = mapped_column(default=False)
    checkin_at: Mapped[str] = mapped_column(String(5), default="20:30")
    exercise_times: Mapped[str] = mapped_column(String(32), default="")
    worry_on: Mapped[bool] = mapped_column(default=False)
    quiet_days: Mapped[str] = mapped_column(String(7), default="")
    wording: Mapped[str] = mapped_column(String(8), default="generic")
    id = synonym("user_id")  # one row per person: its owner is its key (the export sorts by id)

    @property
    def exercise_list(self) -> list[str]:
        return [t for t in self.exercise_times.split(",") if t]

    @property
    def quiet_weekdays(self) -> set[int]:
        return {int(d) for d in self.quiet_days if d.isdigit()}


class PushSubscription(Owned, TimestampMixin, Base):
    """One browser on one device that accepts pushes for its person: the push
    service's `endpoint` and the browser's keys (`p256dh`, `auth`, base64url).
    Re-sent by the page on every launch (`seen_at`), removed when the push service
    answers 404 or 410. Device-specific, so never exported."""

    __tablename__ = "push_subscriptions"
    __table_args__ = (UniqueConstraint("user_id", "endpoint"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    endpoint: Mapped[str] = mapped_column(String(1024))
    p256dh: Mapped[str] = mapped_column(String(128))
    auth: Mapped[str] = mapped_column(String(64))
    device: Mapped[str] = mapped_column(String(80), default="")
    seen_at: Mapped[datetime] = mapped_column(default=utcnow)


class ReminderSent(Owned, Base):
    """A reminder claimed by a scheduler run: inserted before sending, unique per
    (person, kind, local day, slot), so a second or concurrent run finds it taken.
    `status`: "sending" while claimed, "sent" once a push service accepted it,
    "failed" when none did (a later run within the grace window may claim it
    again, `attempts` counts the tries)."""

    __tablename__ = "reminders_sent"
    __table_args__ = (UniqueConstraint("user_id", "kind", "local_day", "slot"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    local_day: Mapped[date] = mapped_column(Date)
    slot: Mapped[str] = mapped_column(String(5))
    status: Mapped[str] = mapped_column(String(10), default="sending")
    attempts: Mapped[int] = mapped_column(default=1)
    claimed_at: Mapped[datetime] = mapped_column(default=utcnow)
