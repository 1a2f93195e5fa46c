"""Read-side queries for the timeline and calendar: few statements, aggregates in SQL."""
from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, func, select, union
from sqlalchemy.orm import Session

from webapp.auth.models import User
from webapp.diary import vocab
from webapp.diary.models import Checkin, Entry
from webapp.ownership import owned
from webapp.validation import clean_text

DAYS_PER_PAGE = 7
WHOLE_NUMBER = re.compile(r"[0-9]{1,4}")
MAX_PAGE = 100_000  # 700,000 days back: far past any diary, well inside an SQL OFFSET
# Days and months a link may ask for: the calendar steps a month either side and
# pads whole weeks, so the ends of what a date can hold (years 1 and 9999) stay out.
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2999, 12, 31)


def date_arg(raw: str | None) -> date | None:
    """?day=2026-05-01 as a date inside FIRST_DAY..LAST_DAY, else None."""
    try:
        day = date.fromisoformat(raw) if raw else None
    except ValueError:
        return None
    return day if day is not None and FIRST_DAY <= day <= LAST_DAY else None


def month_arg(raw: str | None, fallback: date) -> date:
    """?month=2026-05 as its first day inside FIRST_DAY..LAST_DAY, else fallback's month."""
    year, sep, month = (raw or "").partition("-")
    if sep and WHOLE_NUMBER.fullmatch(year) and WHOLE_NUMBER.fullmatch(month):
        try:
            first = date(int(year), int(month), 1)
        except ValueError:
            first = None
        if first is not None and FIRST_DAY <= first <= LAST_DAY:
            return first
    return fallback.replace(day=1)


@dataclass(frozen=True)
class Filters:
    area: str = ""
    trigger: str = ""
    q: str = ""
    day: date | None = None

    @classmethod
    def from_args(cls, args: dict[str, str]) -> Filters:
        area = args.get("area", "")
        trigger = clean_text(args.get("trigger", ""))  # no NUL: PostgreSQL refuses it
        return cls(
            area=area if area in vocab.AREAS_BY_KEY else "",
            trigger=trigger if trigger in vocab.TRIGGERS or trigger.startswith("tag:") else "",
            q=clean_text(args.get("q", "")).strip()[:100],
            day=date_arg(args.get("day")),
        )

    @property
    def only_entries(self) -> bool:
        return bool(self.area or self.trigger or self.q)

    @property
    def active(self) -> bool:
        return self.only_entries or self.day is not None


def _entries(user: User, f: Filters) -> Select:
    query = owned(Entry, user).where(Entry.deleted_at.is_(None))
    if f.area:
        query = query.where(Entry.areas.like(f"%,{f.area}:%"))
    if f.trigger:
        query = query.where(Entry.triggers.contains(f",{f.trigger},", autoescape=True))
    if f.q:
        query = query.where(func.lower(Entry.note).contains(f.q.lower(), autoescape=True))
    if f.day:
        query = query.where(Entry.local_day == f.day)
    return query


def page_days(db: Session, user: User, f: Filters, page: int) -> tuple[list[date], bool]:
    """The days with something logged on this page, newest first, and whether more exist.

    Each source (twitches, check-ins) gives only its newest days up to the end of
    this page, read backwards along its (owner, day) index, so the work depends on
    the page asked for and never on how long the diary is."""
    wanted = (page + 1) * DAYS_PER_PAGE + 1
    parts = [_entries(user, f).with_only_columns(Entry.local_day.label("day")).distinct()
             .order_by(Entry.local_day.desc()).limit(wanted)]
    if not f.only_entries:
        checkin_days = owned(Checkin, user).with_only_columns(Checkin.day.label("day"))
        if f.day:
            checkin_days = checkin_days.where(Checkin.day == f.day)
        parts.append(checkin_days.order_by(Checkin.day.desc()).limit(wanted))
    newest = [select(part.subquery().c.day) for part in parts]
    days = (union(*newest) if len(newest) > 1 else newest[0]).subquery()
    rows: Sequence[date] = db.scalars(select(days.c.day).order_by(days.c.day.desc())
                      .limit(DAYS_PER_PAGE + 1).offset(page * DAYS_PER_PAGE)).all()
    return list(rows[:DAYS_PER_PAGE]), len(rows) > DAYS_PER_PAGE


def entries_on(db: Session, user: User, f: Filters, days: list[date]) -> list[Entry]:
    if not days:
        return []
    query = _entries(user, f).where(Entry.local_day.in_(days))
    return list(db.scalars(query.order_by(Entry.occurred_at.desc())))


def checkins_on(db: Session, user: User, days: list[date]) -> dict[date, Checkin]:
    if not days:
        return {}
    rows = db.scalars(owned(Checkin, user).where(Checkin.day.in_(days)))
    return {c.day: c for c in rows}


def month_load(db: Session, user: User, year: int, month: int) -> dict[date, tuple[int, int]]:
    """Per local day of the month: (number of twitches, summed intensity)."""
    first = date(year, month, 1)
    last = date(year, month, calendar.monthrange(year, month)[1])
    rows = db.execute(
        owned(Entry, user).with_only_columns(
            Entry.local_day, func.count(), func.coalesce(func.sum(Entry.intensity), 0))
        .where(Entry.deleted_at.is_(None), Entry.local_day.between(first, last))
        .group_by(Entry.local_day)
    ).all()
    return {day: (count, int(total or 0)) for day, count, total in rows}


def load_level(count: int, total: int) -> int:
    """0-4 for the calendar colour: how heavy a day was."""
    if count == 0:
        return 0
    score = total or count * 3
    return 1 if score <= 5 else 2 if score <= 15 else 3 if score <= 30 else 4


def month_grid(year: int, month: int,
               load: dict[date, tuple[int, int]]) -> list[list[dict[str, Any] | None]]:
    """Weeks (Monday first) of cells: day, count, level; None pads the edges."""
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        row: list[dict[str, Any] | None] = []
        for day in week:
            if day.month != month:
                row.append(None)
                continue
            count, total = load.get(day, (0, 0))
            row.append({"day": day, "count": count, "level": load_level(count, total)})
        weeks.append(row)
    return weeks
