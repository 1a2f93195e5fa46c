"""When twitches happen: night (00-06), morning (06-12), afternoon (12-18) and
evening (18-24) by the local clock of the entry's own time zone, and in which
situation (at rest, in bed, after exercise, active).

One grouped SQL statement on every backend: the owner's entries counted by time
zone, local day, UTC hour, UTC quarter hour and situation. SQLite has no time zone
database, so the local hour of each group is found here with zoneinfo; a group is
never split by a boundary, because every zone's offset is a whole number of
quarter hours. Groups are per day and quarter hour, not per entry."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask_babel import lazy_gettext as _l
from sqlalchemy import Integer, case, cast, extract, func, literal_column, select
from sqlalchemy.orm import Session

from webapp.charts import Frame, Geometry, bar_geometry
from webapp.diary.models import Entry
from webapp.diary.vocab import SITUATIONS
from webapp.ownership import Account, owned

PARTS: tuple[tuple[str, object], ...] = (
    ("night", _l("Night (0–6)")), ("morning", _l("Morning (6–12)")),
    ("afternoon", _l("Afternoon (12–18)")), ("evening", _l("Evening (18–24)")))
SHORT: dict[str, object] = {  # under the bars, where a 320 px screen has little room
    "night": _l("Night"), "morning": _l("Morning"), "afternoon": _l("Afternoon"),
    "evening": _l("Evening"), "after_exercise": _l("Exercise")}
NOT_SAID = "none"
FRAME = Frame(width=320.0, height=150.0, left=30.0, right=8.0, top=10.0, bottom=24.0)


def part_of_day(hour: int) -> str:
    return PARTS[hour // 6][0]


def local_hour(tz: str, day: date, hour: int, quarter: int) -> int:
    """The local hour of a moment known by its UTC hour and quarter; ``day`` is the
    entry's local day, so the UTC date is that day or a neighbour: the one whose
    local date is ``day``."""
    try:
        zone = ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    for shift in (0, -1, 1):
        moment = datetime.combine(day + timedelta(days=shift), datetime.min.time(), UTC)
        local = (moment + timedelta(hours=hour, minutes=15 * quarter)).astimezone(zone)
        if local.date() == day:
            return local.hour
    return hour  # unreachable for offsets within a day


@dataclass(frozen=True)
class BarChart:
    key: str
    kind: str
    rows: tuple[tuple[str, object, int], ...]  # key, label, count
    geometry: Geometry
    total: int

    @property
    def short_labels(self) -> list[object]:
        return [SHORT.get(key, label) for key, label, _n in self.rows]

    def share(self, count: int) -> int:
        return round(100 * count / self.total) if self.total else 0


def _chart(key: str, rows: list[tuple[str, object, int]]) -> BarChart:
    geometry = bar_geometry([float(n) for _, _, n in rows], FRAME, most_labels=len(rows))
    return BarChart(key, "bars", tuple(rows), geometry, sum(n for _, _, n in rows))


def grouped_select(user: Account, start: date, end: date, dialect: str = "sqlite") -> Any:
    """One statement: the owner's twitches grouped by zone, local day, UTC hour and
    quarter, and situation. PostgreSQL's timestamptz is read in UTC explicitly, so
    the session's TimeZone setting cannot move the hour. The hour and quarter are
    worked out in a subquery and grouped outside it, so no expression with bound
    parameters is repeated in GROUP BY (PostgreSQL would see two parameters)."""
    moment: Any = (func.timezone(literal_column("'UTC'"), Entry.occurred_at)
                   if dialect == "postgresql" else Entry.occurred_at)
    minute = cast(extract("minute", moment), Integer)
    each = (owned(Entry, user)
            .with_only_columns(Entry.timezone, Entry.local_day, Entry.situation,
                               cast(extract("hour", moment), Integer).label("hour"),
                               case((minute < 15, 0), (minute < 30, 1), (minute < 45, 2),
                                    else_=3).label("quarter"))
            .where(Entry.deleted_at.is_(None), Entry.local_day.between(start, end))
            .subquery())
    return (select(each.c.timezone, each.c.local_day, each.c.hour, each.c.quarter,
                   each.c.situation, func.count().label("n"))
            .group_by(each.c.timezone, each.c.local_day, each.c.hour, each.c.quarter,
                      each.c.situation))


def when(db: Session, user: Account, start: date, end: date) -> tuple[BarChart, BarChart]:
    """The owner's twitches from ``start`` to ``end`` by part of the day and by
    situation ("not said" last, shown only when some entries have none). One statement."""
    parts = dict.fromkeys((k for k, _ in PARTS), 0)
    situations = dict.fromkeys([*SITUATIONS, NOT_SAID], 0)
    for row in db.execute(grouped_select(user, start, end, db.get_bind().dialect.name)):
        hour = local_hour(row.timezone, row.local_day, int(row.hour), int(row.quarter or 0))
        parts[part_of_day(hour)] += row.n
        situations[row.situation if row.situation in SITUATIONS else NOT_SAID] += row.n
    labels = dict(PARTS)
    by_part = _chart("time-of-day", [(k, labels[k], n) for k, n in parts.items()])
    rows = [(k, SITUATIONS[k], situations[k]) for k in SITUATIONS]
    if situations[NOT_SAID]:
        rows.append((NOT_SAID, _l("Not said"), situations[NOT_SAID]))
    return by_part, _chart("situations", rows)
