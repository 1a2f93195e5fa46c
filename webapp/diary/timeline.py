"""Read-side queries for the timeline and calendar: few statements, aggregates in SQL."""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, func, select, union
from sqlalchemy.orm import Session

from webapp.auth.models import User
from webapp.diary import vocab
from webapp.diary.models import Checkin, Entry

DAYS_PER_PAGE = 7


@dataclass(frozen=True)
class Filters:
    area: str = ""
    trigger: str = ""
    q: str = ""
    day: date | None = None

    @classmethod
    def from_args(cls, args: dict[str, str]) -> Filters:
        area = args.get("area", "")
        trigger = args.get("trigger", "")
        try:
            day = date.fromisoformat(args.get("day", "")) if args.get("day") else None
        except ValueError:
            day = None
        return cls(
            area=area if area in vocab.AREAS_BY_KEY else "",
            trigger=trigger if trigger in vocab.TRIGGERS or trigger.startswith("tag:") else "",
            q=args.get("q", "").strip()[:100],
            day=day,
        )

    @property
    def only_entries(self) -> bool:
        return bool(self.area or self.trigger or self.q)

    @property
    def active(self) -> bool:
        return self.only_entries or self.day is not None


def _entries(user: User, f: Filters) -> Select:
    query = select(Entry).where(Entry.user_id == user.id, Entry.deleted_at.is_(None))
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
    """The days with something logged on this page, newest first, and whether more exist."""
    entry_days = _entries(user, f).with_only_columns(Entry.local_day.label("day"))
    if f.only_entries:
        days = entry_days.distinct().subquery()
    else:
        checkin_days = select(Checkin.day.label("day")).where(Checkin.user_id == user.id)
        if f.day:
            checkin_days = checkin_days.where(Checkin.day == f.day)
        days = union(entry_days, checkin_days).subquery()
    rows = db.scalars(select(days.c.day).order_by(days.c.day.desc())
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
    rows = db.scalars(select(Checkin).where(Checkin.user_id == user.id, Checkin.day.in_(days)))
    return {c.day: c for c in rows}


def month_load(db: Session, user: User, year: int, month: int) -> dict[date, tuple[int, int]]:
    """Per local day of the month: (number of twitches, summed intensity)."""
    first = date(year, month, 1)
    last = date(year, month, calendar.monthrange(year, month)[1])
    rows = db.execute(
        select(Entry.local_day, func.count(), func.coalesce(func.sum(Entry.intensity), 0))
        .where(Entry.user_id == user.id, Entry.deleted_at.is_(None),
               Entry.local_day.between(first, last))
        .group_by(Entry.local_day)
    ).all()
    return {day: (count, int(total)) for day, count, total in rows}


def load_level(count: int, total: int) -> int:
    """0-4 for the calendar colour: how heavy a day was."""
    if count == 0:
        return 0
    score = total or count * 3
    return 1 if score <= 5 else 2 if score <= 15 else 3 if score <= 30 else 4


def month_grid(year: int, month: int, load: dict[date, tuple[int, int]]) -> list[list[dict]]:
    """Weeks (Monday first) of cells: day, count, level; None pads the edges."""
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        row = []
        for day in week:
            if day.month != month:
                row.append(None)
                continue
            count, total = load.get(day, (0, 0))
            row.append({"day": day, "count": count, "level": load_level(count, total)})
        weeks.append(row)
    return weeks
