"""Aggregates over one person's diary, computed in SQL: one statement each."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Integer, Select, case, cast, func, literal
from sqlalchemy.orm import Session

from webapp.auth.models import User
from webapp.diary import vocab
from webapp.diary.models import Checkin, Entry, Screening
from webapp.ownership import owned

PERIODS = (7, 30, 90, 365)


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @classmethod
    def last(cls, days: int, today: date) -> Period:
        return cls(today - timedelta(days=days - 1), today)


def _live(user: User, period: Period) -> Select[Entry]:
    """The person's twitches in the period (the bin left out)."""
    return owned(Entry, user).where(
        Entry.deleted_at.is_(None), Entry.local_day.between(period.start, period.end))


def _count_like(column: Any, pattern: str) -> Any:
    return func.coalesce(func.sum(case((column.like(pattern), 1), else_=0)), 0)


def entry_overview(db: Session, user: User, period: Period) -> dict[str, Any]:
    """Totals, first and last twitch, and counts per trigger and per body area."""
    columns = [
        func.count().label("total"),
        func.count(func.distinct(Entry.local_day)).label("days"),
        func.avg(Entry.intensity).label("avg_intensity"),
        func.avg(Entry.anxiety).label("avg_anxiety"),
        func.min(Entry.occurred_at).label("first"),
        func.max(Entry.occurred_at).label("last"),
    ]
    columns += [_count_like(Entry.triggers, f"%,{k},%").label(f"t_{k}") for k in vocab.TRIGGERS]
    columns += [_count_like(Entry.areas, f"%,{a.key}:%").label(f"a_{a.key}")
                for a in vocab.BODY_AREAS]
    row = db.execute(_live(user, period).with_only_columns(*columns)).one()._mapping
    triggers = sorted(((k, row[f"t_{k}"]) for k in vocab.TRIGGERS if row[f"t_{k}"]),
                      key=lambda kv: -kv[1])
    areas = sorted(((a.key, row[f"a_{a.key}"]) for a in vocab.BODY_AREAS if row[f"a_{a.key}"]),
                   key=lambda kv: -kv[1])
    return {"total": row["total"], "days": row["days"], "avg_intensity": row["avg_intensity"],
            "avg_anxiety": row["avg_anxiety"], "first": row["first"], "last": row["last"],
            "triggers": triggers, "areas": areas}


def checkin_patterns(db: Session, user: User, period: Period) -> dict[str, Any]:
    """Average twitches per checked-in day, split by sleep, caffeine and anxiety,
    plus the period's check-in averages."""
    per_day = (_live(user, period)
               .with_only_columns(Entry.local_day.label("day"), func.count().label("n"))
               .group_by(Entry.local_day).subquery())
    n = func.coalesce(per_day.c.n, 0)

    def avg_when(condition: Any) -> Any:
        return func.avg(case((condition, n)))

    def days_when(condition: Any) -> Any:
        return func.coalesce(func.sum(cast(case((condition, 1), else_=0), Integer)), literal(0))

    low_sleep, much_caffeine = Checkin.sleep_hours < 6, Checkin.caffeine >= 3
    high_anxiety = Checkin.anxiety >= 6
    row = db.execute(
        owned(Checkin, user).with_only_columns(
            func.count().label("checkins"),
            func.avg(Checkin.anxiety).label("anxiety"),
            func.avg(Checkin.sleep_hours).label("sleep"),
            func.avg(Checkin.caffeine).label("caffeine"), func.avg(Checkin.water).label("water"),
            func.avg(Checkin.movement_minutes).label("movement"),
            avg_when(low_sleep).label("low_sleep"), avg_when(~low_sleep).label("ok_sleep"),
            days_when(low_sleep).label("low_sleep_days"),
            avg_when(much_caffeine).label("much_caffeine"),
            avg_when(~much_caffeine).label("less_caffeine"),
            days_when(much_caffeine).label("much_caffeine_days"),
            avg_when(high_anxiety).label("high_anxiety"),
            avg_when(~high_anxiety).label("low_anxiety"),
            days_when(high_anxiety).label("high_anxiety_days"),
        ).select_from(Checkin).outerjoin(per_day, per_day.c.day == Checkin.day)
        .where(Checkin.day.between(period.start, period.end))
    ).one()._mapping
    return dict(row)


def flagged_screenings(db: Session, user: User) -> list[Screening]:
    """Every red-flag answer that was "yes", newest first, for the doctor."""
    return list(db.scalars(owned(Screening, user).where(Screening.yes_flags != ",")
                           .order_by(Screening.answered_at.desc()).limit(50)))
