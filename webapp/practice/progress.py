"""Done against planned for assigned practice, counted in SQL from the rows the
person makes anyway: exercise sessions (completed ones, by week of the
assignment's window), ledger items (checks actually done, by local week) and
experiments started after the assignment. One statement for any number of
assignments (a UNION ALL); Python only caps each week at the plan and takes
the median of the before/after anxiety changes.

Weeks of an exercise assignment are counted in 7 x 24 hours from the local
midnight it opened (``opens_at``), so across a clock change a session in the
first hour of a new local week can count for the week before; ledger items use
their local day."""
from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    Float,
    Integer,
    and_,
    case,
    cast,
    func,
    literal,
    literal_column,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from webapp.db import UTCDateTime
from webapp.exercises.models import ExerciseSession
from webapp.ownership import owned_by, owner_column
from webapp.practice.models import Assignment
from webapp.recovery.experiments import Experiment
from webapp.recovery.models import CheckItem
from webapp.sqldays import days_between, week_index


@dataclass
class Progress:
    assignment: Assignment
    weeks: list[tuple[int, int]] = field(default_factory=list)  # (done, planned) per week so far
    deltas: list[int] = field(default_factory=list)  # anxiety after minus before

    @property
    def done(self) -> int:
        return sum(d for d, _p in self.weeks)

    @property
    def planned(self) -> int:
        return sum(p for _d, p in self.weeks)

    @property
    def percent(self) -> int | None:
        return round(100 * self.done / self.planned) if self.planned else None

    @property
    def median_change(self) -> float | None:
        return statistics.median(self.deltas) if self.deltas else None


def weeks_open(assignment: Assignment, now: datetime) -> int:
    """How many of the assignment's weeks have begun by ``now`` (0 before it opens)."""
    if now < assignment.opens_at:
        return 0
    return min(assignment.weeks, (now - assignment.opens_at) // timedelta(days=7) + 1)


def _session_join(owners: Any) -> Any:
    s = ExerciseSession
    return owned_by(s, owners).join(Assignment, and_(
        owner_column(Assignment) == owner_column(s), Assignment.kind == "exercise",
        s.exercise == Assignment.exercise,
        or_(Assignment.pattern.is_(None), s.pattern == Assignment.pattern),
        s.started_at >= Assignment.opens_at, s.started_at < Assignment.closes_at,
        s.completed.is_(True)))


def _done_check() -> Any:
    return or_(CheckItem.outcome == "acted", CheckItem.timer_result == "checked")


def _check_join(owners: Any) -> Any:
    day = days_between(CheckItem.local_day, Assignment.starts_on)
    return owned_by(CheckItem, owners).join(Assignment, and_(
        owner_column(Assignment) == owner_column(CheckItem), Assignment.kind == "checks",
        CheckItem.kind == Assignment.check_kind, CheckItem.deleted_at.is_(None), _done_check(),
        day >= 0, day < 7 * Assignment.weeks)), day


def _experiment_join(owners: Any) -> Any:
    return owned_by(Experiment, owners).join(Assignment, and_(
        owner_column(Assignment) == owner_column(Experiment), Assignment.kind == "experiment",
        Experiment.created_at >= Assignment.created_at,
        Experiment.created_at < Assignment.closes_at,
        or_(Assignment.experiment == "", Assignment.experiment.is_(None),
            Experiment.template == Assignment.experiment)))


def counts_select(owners: Any, ids: Sequence[int]) -> Any:
    """(assignment_id, part, week, value): exercise sessions per week ("ex"), each
    rated session's anxiety change ("delta"), checks per week ("ck") and
    experiments started ("xp"), for the assignments ``ids`` of ``owners``."""
    s = ExerciseSession
    week = week_index(s.started_at, Assignment.opens_at)
    sessions = _session_join(owners).with_only_columns(
        Assignment.id, literal("ex"), week, func.count()).where(
        Assignment.id.in_(ids)).group_by(Assignment.id, week)
    deltas = _session_join(owners).with_only_columns(
        Assignment.id, literal("delta"), literal(0, Integer),
        s.anxiety_after - s.anxiety_before).where(
        Assignment.id.in_(ids), s.anxiety_before.is_not(None), s.anxiety_after.is_not(None))
    joined, day = _check_join(owners)
    check_week = day // literal_column("7")
    checks = joined.with_only_columns(
        Assignment.id, literal("ck"), check_week, func.count()).where(
        Assignment.id.in_(ids)).group_by(Assignment.id, check_week)
    experiments = _experiment_join(owners).with_only_columns(
        Assignment.id, literal("xp"), literal(0, Integer), func.count()).where(
        Assignment.id.in_(ids)).group_by(Assignment.id)
    return union_all(sessions, deltas, checks, experiments)


def progress(db: Session, owners: Any, assignments: Sequence[Assignment],
             now: datetime) -> dict[int, Progress]:
    """Person or therapist (through an active share): each assignment's weeks so
    far as (done, planned), and its sessions' anxiety changes. One statement
    (none when there are no assignments)."""
    if not assignments:
        return {}
    found: dict[tuple[int, str], dict[int, int]] = {}
    rows: Sequence[Any] = db.execute(counts_select(owners, [a.id for a in assignments])).all()
    for assignment_id, part, week, value in rows:  # a UNION's four columns
        found.setdefault((assignment_id, part), {})
        bucket = found[(assignment_id, part)]
        if part == "delta":
            bucket[len(bucket)] = int(value)
        else:
            bucket[int(week)] = int(value)
    result = {}
    for a in assignments:
        opened = weeks_open(a, now)
        one = Progress(a)
        if a.kind == "exercise":
            counts = found.get((a.id, "ex"), {})
            one.weeks = [(min(counts.get(w, 0), a.per_week), a.per_week) for w in range(opened)]
            one.deltas = list(found.get((a.id, "delta"), {}).values())
        elif a.kind == "checks":
            counts = found.get((a.id, "ck"), {})
            one.weeks = [(1 if counts.get(w, 0) <= a.per_week else 0, 1) for w in range(opened)]
        else:
            started = found.get((a.id, "xp"), {}).get(0, 0)
            one.weeks = [(min(started, 1), 1)] if opened else []
        result[a.id] = one
    return result


def _row(uid: Any, kind: str, value: Any) -> list[Any]:
    return [uid, literal(kind), cast(null(), Assignment.starts_on.type), cast(value, Float)]


def client_totals(owners: Any, therapist_id: int, now: datetime,
                  exercises: Any, recovery: Any) -> list[Any]:
    """For the clients dashboard: selects of (person_id, "practice_done" or
    "practice_planned", NULL date, value) over the therapist's open assignments,
    exercises counted only for ``exercises`` (a select of person ids sharing
    them), checks and experiments only for ``recovery``. Per-week caps in SQL;
    the caller sums the rows per person (they join its UNION ALL)."""
    a = Assignment
    moment = literal(now, UTCDateTime())
    begun = week_index(moment, a.opens_at) + 1
    opened = case((moment < a.opens_at, 0), (begun > a.weeks, a.weeks), else_=begun)
    mine = and_(a.therapist_id == therapist_id, a.stopped_at.is_(None),
                a.declined_at.is_(None))
    owner = owner_column(a)
    week = week_index(ExerciseSession.started_at, a.opens_at)
    per_week = (_session_join(owners).with_only_columns(
        owner.label("uid"), a.per_week.label("cap"), func.count().label("n"))
        .where(mine, owner.in_(exercises), week < opened)
        .group_by(owner, a.id, a.per_week, week).subquery())
    joined, day = _check_join(owners)
    check_week = day // literal_column("7")
    over = (joined.with_only_columns(owner.label("uid"))
            .where(mine, owner.in_(recovery), check_week < opened)
            .group_by(owner, a.id, a.per_week, check_week)
            .having(func.count() > a.per_week).subquery())
    started = (_experiment_join(owners).with_only_columns(owner.label("uid"))
               .where(mine, owner.in_(recovery), moment >= a.opens_at)
               .group_by(owner, a.id).subquery())
    planned = case((a.kind == "exercise", a.per_week * opened), (a.kind == "checks", opened),
                   (opened > 0, 1), else_=0)
    scoped = or_(and_(a.kind == "exercise", owner.in_(exercises)),
                 and_(a.kind != "exercise", owner.in_(recovery)))
    return [
        owned_by(a, owners).with_only_columns(*_row(owner, "practice_planned", planned))
        .where(mine, scoped),
        owned_by(a, owners).with_only_columns(*_row(owner, "practice_done", opened))
        .where(mine, a.kind == "checks", owner.in_(recovery)),
        select(*_row(over.c.uid, "practice_done", literal(-1))),
        select(*_row(per_week.c.uid, "practice_done",
                     case((per_week.c.n > per_week.c.cap, per_week.c.cap), else_=per_week.c.n))),
        select(*_row(started.c.uid, "practice_done", literal(1))),
    ]
