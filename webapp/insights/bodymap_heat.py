"""The body map over time: how often each body area twitched in the period, and
for the five most frequent, their twitches per week over the last 12 weeks.

One SQL statement: the known area keys (webapp/diary/vocab.py) joined to the
owner's entries by LIKE on the comma-joined ``Entry.areas`` (",calf:left,"), grouped
by key, with the period's count and one count per week as conditional sums. The
shapes are the diary body map's own (webapp/diary/bodymap.py), drawn read-only."""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import String, case, func, literal, select, union_all
from sqlalchemy.orm import Session

from webapp.charts import Frame, Geometry, bar_geometry
from webapp.diary.bodymap import PANELS, Panel
from webapp.diary.models import Entry
from webapp.diary.vocab import BODY_AREAS
from webapp.ownership import Account, owned

WEEKS = 12
TOP = 5
LEVELS = 4  # heat-1..heat-4; heat-0 is an area with no twitch
SPARK = Frame(width=120.0, height=28.0, left=0.0, right=0.0, top=2.0, bottom=2.0)


def area_keys() -> tuple[str, ...]:
    """Every value an entry can store: sided areas left, right or both; others middle."""
    return tuple(f"{a.key}:{side}" for a in BODY_AREAS
                 for side in (("left", "right", "both") if a.sided else ("middle",)))


@dataclass(frozen=True)
class AreaCount:
    key: str  # "calf:left"
    count: int
    share: float  # of all area marks in the period, 0..1
    weeks: tuple[int, ...]  # WEEKS counts, oldest first
    spark: Geometry


@dataclass(frozen=True)
class Heat:
    areas: tuple[AreaCount, ...]  # most frequent first, only areas with twitches
    levels: dict[str, int]  # shape value -> 0..LEVELS
    total: int
    week_starts: tuple[date, ...]
    panels: tuple[Panel, ...] = PANELS

    @property
    def last_day(self) -> date:
        return self.week_starts[-1] + timedelta(days=6)

    @property
    def top(self) -> tuple[AreaCount, ...]:
        return self.areas[:TOP]


def week_starts(end: date) -> tuple[date, ...]:
    """The first days of the WEEKS seven-day stretches ending on ``end``, oldest first."""
    return tuple(end - timedelta(days=7 * (WEEKS - i) - 1) for i in range(WEEKS))


def counts_select(user: Account, start: date, end: date) -> Any:
    """One statement: per area key, its twitches from ``start`` to ``end`` and per
    week of the WEEKS ending on ``end`` (binned entries left out)."""
    keys = union_all(*(select(literal(k, String).label("key")) for k in area_keys())).subquery()
    starts = week_starts(end)
    weekly = [func.sum(case((Entry.local_day.between(s, s + timedelta(days=6)), 1), else_=0))
              .label(f"w{i}") for i, s in enumerate(starts)]
    in_period = func.sum(case((Entry.local_day.between(start, end), 1), else_=0))
    return (owned(Entry, user)
            .with_only_columns(keys.c.key, in_period.label("n"), *weekly)
            .join(keys, Entry.areas.like(literal("%,", String) + keys.c.key + literal(",%")))
            .where(Entry.deleted_at.is_(None), Entry.local_day.between(min(start, starts[0]), end))
            .group_by(keys.c.key))


def level(count: int, most: int) -> int:
    """0 for none, else 1..LEVELS by the share of the busiest area's count."""
    if count <= 0 or most <= 0:
        return 0
    return max(1, min(LEVELS, math.ceil(LEVELS * count / most)))


def heat(db: Session, user: Account, start: date, end: date) -> Heat:
    """The owner's body map heat for ``start``..``end``. One statement."""
    rows = db.execute(counts_select(user, start, end)).all()
    found = {row.key: (int(row.n or 0), tuple(int(getattr(row, f"w{i}") or 0)
                                              for i in range(WEEKS))) for row in rows}
    total = sum(n for n, _ in found.values())
    areas = sorted(((k, n, w) for k, (n, w) in found.items() if n), key=lambda t: (-t[1], t[0]))
    counted = tuple(AreaCount(k, n, n / total if total else 0.0, w,
                              bar_geometry([float(v) for v in w], SPARK, most_labels=2))
                    for k, n, w in areas)
    per_shape: dict[str, int] = {}
    for key, (n, _) in found.items():
        area, side = key.split(":", 1)
        sides = ("left", "right") if side == "both" else (side,)
        for one in sides:
            per_shape[f"{area}:{one}"] = per_shape.get(f"{area}:{one}", 0) + n
    most = max(per_shape.values(), default=0)
    levels = {shape.value: level(per_shape.get(shape.value, 0), most)
              for panel in PANELS for shape in panel.shapes}
    return Heat(counted, levels, total, week_starts(end))



