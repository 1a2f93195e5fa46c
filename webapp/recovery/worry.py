"""Worry time: a daily window in the person's own time zone; outside it a worry is
parked in one line, inside it the parked worries are answered, let go or kept.
Parked worries are private: nothing here is ever part of what a therapist sees.
Services flush; the view commits once."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from sqlalchemy import func
from sqlalchemy.orm import Session

from webapp.db import utcnow
from webapp.ownership import (
    Account,
    create_once,
    edit_versioned,
    owned,
    owned_one,
    put_in_bin,
    take_from_bin,
)
from webapp.recovery.models import ParkedWorry
from webapp.recovery.parsing import parse_settle, parse_window, parse_worry
from webapp.recovery.settings import ensure_settings
from webapp.validation import parse_uuid

UNDO_WINDOW = timedelta(minutes=10)
WAITING = ("open", "kept")  # what worry time lists: new worries and those kept for it


def no_id() -> str:
    return _("This worry has no valid id. Reload the page.")


@dataclass(frozen=True)
class Window:
    """One day's worry time, as two moments in UTC."""

    start: datetime
    end: datetime

    def local(self, zone: str) -> tuple[datetime, datetime]:
        return self.start.astimezone(ZoneInfo(zone)), self.end.astimezone(ZoneInfo(zone))


def window_on(day: date, start_minutes: int, length: int, zone: str) -> Window:
    """The window that starts at ``start_minutes`` past midnight on local ``day``.

    Computed from the wall clock of that very day, so it opens at 18:30 local on
    both sides of a daylight-saving change, and lasts ``length`` real minutes. A
    start the clocks skip (01:30 when they jump from 01:00 to 02:00) uses the
    offset from before the jump: it opens when the clock shows 02:30."""
    local = datetime.combine(day, time(start_minutes // 60, start_minutes % 60),
                             tzinfo=ZoneInfo(zone))
    start = local.astimezone(UTC)
    return Window(start, start + timedelta(minutes=length))


@dataclass(frozen=True)
class WorryTime:
    current: Window | None  # the window open at this moment
    upcoming: Window  # the next one to open

    @property
    def is_open(self) -> bool:
        return self.current is not None


def worry_time(start_minutes: int | None, length: int, zone: str, now: datetime
               ) -> WorryTime | None:
    """Whether worry time is open at ``now``, and when it next opens; None when the
    person has set no window. Yesterday's window is looked at too, for a window
    that runs past midnight."""
    if start_minutes is None:
        return None
    today = now.astimezone(ZoneInfo(zone)).date()
    windows = [window_on(today + timedelta(days=d), start_minutes, length, zone)
               for d in (-1, 0, 1, 2)]
    current = next((w for w in windows if w.start <= now < w.end), None)
    upcoming = next(w for w in windows if w.start > now)
    return WorryTime(current, upcoming)


def set_window(db: Session, user: Account, data: Mapping[str, Any]) -> None:
    """Owner only: set (or clear, with a blank start) the daily worry window."""
    values = parse_window(data)
    settings = ensure_settings(db, user)
    settings.worry_start = values["worry_start"]
    settings.worry_length = values["worry_length"]
    db.flush()


# Parked worries -------------------------------------------------------------------

def worry_for(db: Session, user: Account, key: Any, include_deleted: bool = False
              ) -> ParkedWorry | None:
    """The owner's parked worry, or None (someone else's is simply not found)."""
    live = () if include_deleted else (ParkedWorry.deleted_at.is_(None),)
    return owned_one(db, ParkedWorry, user, key, *live)


def park_worry(db: Session, user: Account, key: Any, data: Mapping[str, Any]
               ) -> tuple[ParkedWorry, bool]:
    """Owner only: park a one-line worry for worry time. The same UUID again
    returns the stored one."""
    found = parse_uuid(key, no_id())
    return create_once(db, ParkedWorry, user, found,
                       lambda: {**parse_worry(data), "parked_at": utcnow(), "status": "open"})


def update_worry(db: Session, user: Account, key: Any, base_version: int | None,
                 data: Mapping[str, Any]) -> ParkedWorry:
    """Owner only: change the worry's words, or settle it (answered with an
    answer, let go, kept). Fields left out keep their stored values. An older
    base_version raises StaleEdit; LookupError when there is no such worry."""
    worry = worry_for(db, user, key)
    if worry is None:
        raise LookupError("no such worry")
    merged = {"text": worry.text, "status": worry.status, "answer": worry.answer, **data}
    return edit_versioned(db, worry, base_version,
                          lambda: {**parse_worry(merged), **parse_settle(merged)})


def delete_worry(db: Session, user: Account, worry: ParkedWorry) -> None:
    """Owner only: hide the worry; it can be restored for UNDO_WINDOW."""
    put_in_bin(db, ParkedWorry, user, worry, UNDO_WINDOW)


def restore_worry(db: Session, user: Account, key: Any) -> ParkedWorry | None:
    """Owner only: undo a recent delete. None when too late or not theirs."""
    return take_from_bin(db, worry_for(db, user, key, include_deleted=True), UNDO_WINDOW)


def waiting_worries(db: Session, user: Account) -> list[ParkedWorry]:
    """The owner's worries waiting for worry time, oldest first."""
    return list(db.scalars(owned(ParkedWorry, user).where(
        ParkedWorry.deleted_at.is_(None), ParkedWorry.status.in_(WAITING),
    ).order_by(ParkedWorry.parked_at, ParkedWorry.id).limit(100)))


def waiting_count(db: Session, user: Account) -> int:
    """How many worries wait for worry time (their words stay out of sight)."""
    return int(db.scalar(owned(ParkedWorry, user).with_only_columns(func.count()).where(
        ParkedWorry.deleted_at.is_(None), ParkedWorry.status.in_(WAITING))) or 0)
