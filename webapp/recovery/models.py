"""Recovery records: checks in the ledger, parked worries, and each person's
recovery settings (worry window, monitoring taper). Ledger items and worries
have a client-generated UUID, unique per owner, so a replayed create never
doubles; `version` guards offline edits; `deleted_at` keeps a delete undoable."""
from __future__ import annotations

import uuid as uuid_mod
from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    ColumnElement,
    Date,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    case,
    exists,
    func,
    select,
)
from sqlalchemy.orm import Mapped, column_property, mapped_column, synonym

from webapp.auth.models import User
from webapp.db import Base, TimestampMixin
from webapp.diary.models import Checkin, Entry
from webapp.ownership import Owned

DEFAULT_BASELINE = 14
MAX_BASELINE = 90  # the longest baseline a person may choose (a check constraint below)


class CheckItem(Owned, TimestampMixin, Base):
    """One check or reassurance urge. `kind` is a key of ledger.KINDS (`other_text`
    holds the person's own words for "other"); `outcome` says whether they did it
    ("acted") or let it pass ("resisted"); a postponed urge has `timer_minutes`
    and `postponed_until`, then `timer_result` once the person answers."""

    __tablename__ = "check_items"
    __table_args__ = (
        UniqueConstraint("user_id", "uuid"),
        Index("ix_check_items_user_day", "user_id", "local_day"),
        CheckConstraint("urge IS NULL OR urge BETWEEN 0 AND 10", name="urge"),
        CheckConstraint("timer_minutes IS NULL OR timer_minutes BETWEEN 1 AND 60",
                        name="timer_minutes"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[uuid_mod.UUID]
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    other_text: Mapped[str] = mapped_column(String(120), default="")
    urge: Mapped[int | None]
    outcome: Mapped[str | None] = mapped_column(String(10))
    timer_minutes: Mapped[int | None]
    postponed_until: Mapped[datetime | None]
    timer_result: Mapped[str | None] = mapped_column(String(10))
    occurred_at: Mapped[datetime]
    timezone: Mapped[str] = mapped_column(String(64))
    local_day: Mapped[date] = mapped_column(Date)
    version: Mapped[int] = mapped_column(default=1)
    deleted_at: Mapped[datetime | None]


class ParkedWorry(Owned, TimestampMixin, Base):
    """A one-line worry parked for the person's worry window. `status` is open
    until looked at in the window: answered (with `answer`), let_go or kept.
    Private: never part of anything a therapist sees."""

    __tablename__ = "parked_worries"
    __table_args__ = (UniqueConstraint("user_id", "uuid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[uuid_mod.UUID]
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(String(200))
    parked_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(10), default="open")
    answer: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(default=1)
    deleted_at: Mapped[datetime | None]


class RecoverySettings(Owned, TimestampMixin, Base):
    """One row per person, made on first change. The worry window starts
    `worry_start` minutes after local midnight in the person's own time zone
    (User.timezone) and lasts `worry_length` minutes; None: no window set.
    The taper is on from `taper_since`; a therapist's suggestion waits in
    `taper_suggested_at` until the person accepts or declines it."""

    __tablename__ = "recovery_settings"
    __table_args__ = (
        CheckConstraint("worry_start IS NULL OR worry_start BETWEEN 0 AND 1439",
                        name="worry_start"),
        CheckConstraint("worry_length BETWEEN 5 AND 120", name="worry_length"),
        CheckConstraint(f"baseline_days BETWEEN 1 AND {MAX_BASELINE}", name="baseline_days"),
    )

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    worry_start: Mapped[int | None]
    worry_length: Mapped[int] = mapped_column(default=15)
    taper_on: Mapped[bool] = mapped_column(default=False)
    taper_since: Mapped[datetime | None]
    taper_offer_hidden_at: Mapped[datetime | None]
    taper_suggested_at: Mapped[datetime | None]
    taper_suggested_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    baseline_days: Mapped[int] = mapped_column(default=DEFAULT_BASELINE)
    id = synonym("user_id")  # one row per person: its owner is its key (the export sorts by id)


def _taper_state() -> ColumnElement[str]:
    """"on", "suggested" (by a therapist, unanswered), "hidden" (the person said
    not now, or has chosen before), "offer" (the baseline of days with any diary
    logging is reached) or "". The settings row decides first; the days are
    counted only when it has not (COALESCE stops at the first answer), and never
    past the longest baseline: this runs on every request, so its cost must not
    grow with years of diary (each count reads at most MAX_BASELINE days)."""
    decided = select(case(
        (RecoverySettings.taper_on, "on"),
        (RecoverySettings.taper_suggested_at.isnot(None), "suggested"),
        (RecoverySettings.taper_offer_hidden_at.isnot(None), "hidden"),
        else_=None)).where(RecoverySettings.user_id == User.id) \
        .correlate_except(RecoverySettings).scalar_subquery()
    # Each count stops at MAX_BASELINE: the sum still reaches any baseline it would
    # have reached uncapped, since a capped side alone already does.
    entry_days = select(func.count()).select_from(
        select(Entry.local_day).where(Entry.user_id == User.id, Entry.deleted_at.is_(None))
        .correlate_except(Entry).distinct().limit(MAX_BASELINE).subquery()).scalar_subquery()
    checkin_days = select(func.count()).select_from(
        select(Checkin.day).where(
            Checkin.user_id == User.id,
            ~exists().where(Entry.user_id == Checkin.user_id, Entry.local_day == Checkin.day,
                            Entry.deleted_at.is_(None)))
        .correlate_except(Checkin).limit(MAX_BASELINE).subquery()).scalar_subquery()
    baseline = func.coalesce(select(RecoverySettings.baseline_days).where(
        RecoverySettings.user_id == User.id).correlate_except(RecoverySettings)
        .scalar_subquery(), DEFAULT_BASELINE)
    # Check-in days are counted only when entry days alone fall short (CASE stops at the
    # first true test). Then there are fewer entry days than the baseline, so the
    # search for check-ins without an entry steps over fewer than that many: the cost
    # is bounded whatever the years of diary. Counted first, it scanned every year
    # of check-ins of someone who logs twitches daily.
    offer = case((entry_days >= baseline, "offer"),
                 (entry_days + checkin_days >= baseline, "offer"), else_="")
    return func.coalesce(decided, offer)


# Loaded with the user on every request (like the screener's open offer), so the
# home page and the diary know the taper without a statement of their own.
User.recovery_taper = column_property(_taper_state())
