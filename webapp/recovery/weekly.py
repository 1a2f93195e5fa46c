"""The weekly picture: checks (by kind, let pass or acted on, urge strength) beside
twitches and check-in anxiety, week by week. Aggregated in SQL by local week
(Monday to Sunday, from each record's local day, so a clock change never moves a
record into another week): one statement for the whole picture."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Date, Float, Integer, String, case, cast, func, literal, null, union_all
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.functions import FunctionElement

from webapp.auth.models import User
from webapp.diary.models import Checkin, Entry
from webapp.ownership import owned
from webapp.recovery import experiments
from webapp.recovery.experiment_parsing import WORDS
from webapp.recovery.models import CheckItem
from webapp.recovery.parsing import KINDS

WEEKS = 12
COMPARE_WEEKS = 4  # the summary sentence: the last 4 full weeks against the 4 before


class week_start(FunctionElement[date]):
    """The Monday on or before a date column, as a date."""

    type = Date()
    inherit_cache = True


@compiles(week_start, "sqlite")
def _week_start_sqlite(element: week_start, compiler: Any, **kw: Any) -> str:
    day = compiler.process(element.clauses, **kw)
    return f"date({day}, 'weekday 0', '-6 days')"  # the next Sunday (or this one), less 6


@compiles(week_start)
def _week_start_default(element: week_start, compiler: Any, **kw: Any) -> str:
    day = compiler.process(element.clauses, **kw)
    return f"({day} - (CAST(EXTRACT(ISODOW FROM {day}) AS INTEGER) - 1))"


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


ROW = (("src", String), ("kind", String), ("n", Integer), ("resisted", Integer),
       ("acted", Integer), ("total", Float), ("rated", Integer))


def _row(week: Any, **given: Any) -> list[Any]:
    return [week.label("week"), *((given[name] if name in given else cast(null(), type_))
                                  .label(name) for name, type_ in ROW)]


def _count_if(condition: Any) -> Any:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def ledger_select(user: User, first: date, last: date) -> Any:
    """The owner's checks per local week and kind from ``first`` to ``last``."""
    week = week_start(CheckItem.local_day)
    return owned(CheckItem, user).with_only_columns(*_row(
        week, src=literal("checks", String), kind=CheckItem.kind, n=func.count(),
        resisted=_count_if(CheckItem.outcome == "resisted"),
        acted=_count_if(CheckItem.outcome == "acted"),
        total=cast(func.sum(CheckItem.urge), Float), rated=func.count(CheckItem.urge),
    )).where(CheckItem.deleted_at.is_(None), CheckItem.local_day.between(first, last)
             ).group_by(week, CheckItem.kind)


def weekly_select(user: User, first: date, last: date) -> Any:
    """One statement: twitches, check-in anxiety and checks (by kind) per week."""
    entry_week, checkin_week = week_start(Entry.local_day), week_start(Checkin.day)
    twitches = owned(Entry, user).with_only_columns(*_row(
        entry_week, src=literal("twitches", String), n=func.count())).where(
        Entry.deleted_at.is_(None), Entry.local_day.between(first, last)).group_by(entry_week)
    anxiety = owned(Checkin, user).with_only_columns(*_row(
        checkin_week, src=literal("anxiety", String), n=func.count(Checkin.anxiety),
        total=cast(func.sum(Checkin.anxiety), Float), rated=func.count(Checkin.anxiety))).where(
        Checkin.day.between(first, last)).group_by(checkin_week)
    return union_all(twitches, anxiety, ledger_select(user, first, last))


@dataclass
class Week:
    start: date
    partial: bool = False  # the current week, so far
    twitches: int = 0
    anxiety_total: float = 0.0
    anxiety_days: int = 0
    checks: int = 0
    resisted: int = 0
    acted: int = 0
    urge_total: float = 0.0
    urge_rated: int = 0
    kinds: dict[str, int] = field(default_factory=dict)

    @property
    def end(self) -> date:
        return self.start + timedelta(days=6)

    @property
    def anxiety(self) -> float | None:
        return self.anxiety_total / self.anxiety_days if self.anxiety_days else None

    @property
    def urge(self) -> float | None:
        return self.urge_total / self.urge_rated if self.urge_rated else None

    @property
    def unsaid(self) -> int:
        """Checks logged without saying whether they were acted on."""
        return self.checks - self.resisted - self.acted


@dataclass
class Picture:
    weeks: list[Week]

    @property
    def has_data(self) -> bool:
        return any(w.twitches or w.anxiety_days or w.checks for w in self.weeks)

    @property
    def has_checks(self) -> bool:
        return any(w.checks for w in self.weeks)

    def kinds(self, last: int | None = None) -> list[tuple[str, list[int]]]:
        """(kind, counts per week) for each kind logged, in the ledger's order."""
        weeks = self.weeks[-last:] if last else self.weeks
        return [(kind, [w.kinds.get(kind, 0) for w in weeks]) for kind in KINDS
                if any(w.kinds.get(kind) for w in weeks)]

    def trend(self) -> tuple[float, float] | None:
        """Checks a week: the last COMPARE_WEEKS full weeks, and the ones before."""
        full = [w for w in self.weeks if not w.partial]
        if len(full) < 2 * COMPARE_WEEKS:
            return None
        recent, before = full[-COMPARE_WEEKS:], full[-2 * COMPARE_WEEKS:-COMPARE_WEEKS]
        if not any(w.checks for w in before):  # the ledger was not in use yet
            return None
        return (sum(w.checks for w in recent) / COMPARE_WEEKS,
                sum(w.checks for w in before) / COMPARE_WEEKS)


def gather(rows: Any, first: date, count: int, today: date, week_key: str = "week") -> Picture:
    weeks = {first + timedelta(weeks=i): Week(first + timedelta(weeks=i)) for i in range(count)}
    for row in rows:
        values = row._mapping
        week = weeks.get(values[week_key])
        if week is None:
            continue
        if values["src"] == "twitches":
            week.twitches += values["n"]
        elif values["src"] == "anxiety":
            week.anxiety_total += values["total"] or 0.0
            week.anxiety_days += values["rated"]
        else:
            week.checks += values["n"]
            week.resisted += values["resisted"]
            week.acted += values["acted"]
            week.urge_total += values["total"] or 0.0
            week.urge_rated += values["rated"]
            week.kinds[values["kind"]] = week.kinds.get(values["kind"], 0) + values["n"]
    ordered = [weeks[start] for start in sorted(weeks)]
    ordered[-1].partial = ordered[-1].end > today
    return Picture(ordered)


def picture(db: Session, user: User, today: date, count: int = WEEKS) -> Picture:
    """Owner only: the last ``count`` weeks up to ``today`` (a local day), oldest
    first, the current week so far included. One SQL statement."""
    first = monday(today) - timedelta(weeks=count - 1)
    return gather(db.execute(weekly_select(user, first, today)), first, count, today)


# The doctor's summary: the ledger by kind per week, and experiments: one statement --

def _nulls(columns: Any) -> list[Any]:
    return [cast(null(), column.type).label(column.name) for column in columns]


def summary_select(user: User, first: date, last: date, *criteria: Any) -> Any:
    """The owner's experiments matching ``criteria`` with their days (see
    experiments.days_select), then the checks per week and kind, in one statement."""
    days = experiments.days_select(user, *criteria)
    ledger = ledger_select(user, first, last)
    day_columns = list(days.selected_columns)
    ledger_columns = list(ledger.selected_columns)  # week, then the ROW columns
    shared = [week_start(CheckItem.local_day).label("day") if c.name == "day" else
              cast(null(), c.type).label(c.name) for c in day_columns]
    return union_all(days.add_columns(*_nulls(ledger_columns[1:])),
                     ledger.with_only_columns(*shared, *ledger_columns[1:],
                                              maintain_column_froms=True))


@dataclass
class Summary:
    """What the doctor's summary adds: the checks per week and kind, and experiments."""

    ledger: Picture
    experiments: list[dict[str, Any]]  # as experiments.summarize gives them
    kinds: dict[str, Any] = field(default_factory=lambda: dict(KINDS))
    words: dict[str, Any] = field(default_factory=lambda: dict(WORDS))


def doctor_summary(db: Session, user: User, today: date, since: date,
                   count: int = 8) -> Summary:
    """Owner only: the last ``count`` weeks of checks by kind, and the experiments
    that overlap ``since``..``today``, newest first. One SQL statement."""
    first = monday(today) - timedelta(weeks=count - 1)
    rows = db.execute(summary_select(user, first, today, experiments.Experiment.ends_on >= since,
                                     experiments.Experiment.starts_on <= today)).all()
    ledger_rows = [r for r in rows if r._mapping["src"] is not None]
    found = experiments.gather(r for r in rows if r._mapping["src"] is None)
    found.sort(key=lambda pair: (pair[0].starts_on, pair[0].id), reverse=True)
    return Summary(gather(ledger_rows, first, count, today, week_key="day"),
                   [experiments.summarize(e, days, today) for e, days in found])
