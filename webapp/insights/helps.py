"""What helps me: per exercise (and breathing pattern), how many sessions the person
did, and the median change in anxiety and in twitch intensity from before to after
among the sessions they rated. One SQL statement: window functions rank each rated
change within its exercise, so the median is found in the database (portable to
SQLite and PostgreSQL, which have no common MEDIAN)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from webapp.auth.models import User
from webapp.exercises.models import ExerciseSession
from webapp.ownership import owned

MIN_SESSIONS = 3  # fewer rated sessions than this: "too few sessions to say"


@dataclass(frozen=True)
class Helps:
    exercise: str
    pattern: str | None
    sessions: int  # every session of this exercise, rated or not
    anxiety_rated: int
    anxiety_change: float | None  # median of after minus before: negative is calmer
    intensity_rated: int
    intensity_change: float | None

    @property
    def rated(self) -> int:
        return max(self.anxiety_rated, self.intensity_rated)

    @property
    def enough(self) -> bool:
        return self.rated >= MIN_SESSIONS

    def shown(self, measure: str) -> float | None:
        """The median change for "anxiety" or "intensity", or None with too few."""
        rated = self.anxiety_rated if measure == "anxiety" else self.intensity_rated
        change = self.anxiety_change if measure == "anxiety" else self.intensity_change
        return change if rated >= MIN_SESSIONS else None


def _ranked(change: Any, group: tuple[Any, ...]) -> tuple[Any, Any]:
    """Each row's rank among its group's rated changes (unrated rows last), and how
    many in the group are rated."""
    unrated_last = case((change.is_(None), 1), else_=0)
    return (func.row_number().over(partition_by=group, order_by=(unrated_last, change)),
            func.count(change).over(partition_by=group))


def _median(change: Any, rank: Any, rated: Any) -> Any:
    """The mean of the one or two middle rated changes: ranks (n+1)//2 and (n+2)//2."""
    middle = and_(change.is_not(None), rank.in_([(rated + 1) // 2, (rated + 2) // 2]))
    return func.avg(case((middle, change)))


def what_helps(db: Session, user: User) -> list[Helps]:
    """The owner's sessions per exercise: counts and median changes, the ones with
    enough rated sessions first, then the biggest median drop in anxiety. Reads only."""
    s = ExerciseSession
    group = (s.exercise, s.pattern)
    anxiety, intensity = s.anxiety_after - s.anxiety_before, s.intensity_after - s.intensity_before
    a_rank, a_rated = _ranked(anxiety, group)
    i_rank, i_rated = _ranked(intensity, group)
    ranked = owned(s, user).with_only_columns(
        s.exercise, s.pattern, anxiety.label("anxiety"), intensity.label("intensity"),
        a_rank.label("a_rank"), a_rated.label("a_rated"),
        i_rank.label("i_rank"), i_rated.label("i_rated")).subquery()
    r = ranked.c
    query = select(r.exercise, r.pattern, func.count(), func.max(r.a_rated),
                   _median(r.anxiety, r.a_rank, r.a_rated), func.max(r.i_rated),
                   _median(r.intensity, r.i_rank, r.i_rated)
                   ).group_by(r.exercise, r.pattern)
    rows: Any = db.execute(query)  # untyped: a subquery's columns
    found = [Helps(exercise, pattern, int(n), int(a_n or 0), _number(a_mid), int(i_n or 0),
                   _number(i_mid))
             for exercise, pattern, n, a_n, a_mid, i_n, i_mid in rows]
    return sorted(found, key=lambda h: (not h.enough, _order(h.shown("anxiety")),
                                        _order(h.shown("intensity")), -h.sessions, h.exercise,
                                        h.pattern or ""))


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def _order(change: float | None) -> float:
    return change if change is not None else float("inf")
