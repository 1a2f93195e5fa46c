"""Personal experiments: the records, the one parser the form, the sync API and the
import share, and the services (flush, never commit). Ownership lives in every
query (webapp.ownership): another person's experiment is never found.

An experiment fixes in advance what it measures and its phases, each a stretch of
local days under one of two conditions ("with the change", "as usual"). The
diary fills it by itself; the person answers "did you keep to it today?" once a
day (an Adherence, idempotent by UUID, syncable offline)."""
from __future__ import annotations

import uuid as uuid_mod
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    and_,
    cast,
    func,
    literal,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import Mapped, Session, column_property, mapped_column

from webapp.auth.models import User
from webapp.db import Base, TimestampMixin
from webapp.diary.models import Checkin, Entry
from webapp.diary.services import local_now
from webapp.language.dates import show_date
from webapp.ownership import (
    Owned,
    create_once,
    insert_once,
    owned,
    owned_delete,
    owned_one,
)
from webapp.recovery.experiment_parsing import parse_adherence, parse_experiment
from webapp.recovery.experiment_stats import Day, Phase, adherence, compare_all, phases_from_text
from webapp.recovery.models import CheckItem
from webapp.validation import ValidationFailed, parse_uuid

NO_ID = _l("This experiment has no valid id. Reload the page.")


class Experiment(Owned, TimestampMixin, Base):
    """One experiment. `phases` is "kind:start:end" per phase, ";"-separated, kinds
    alternating; `starts_on`/`ends_on` bound them for queries by local day;
    `measures` is comma-delimited like Entry.areas (",twitches,anxiety,")."""

    __tablename__ = "experiments"
    __table_args__ = (
        UniqueConstraint("user_id", "uuid"),
        Index("ix_experiments_user_ends", "user_id", "ends_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[uuid_mod.UUID]
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    template: Mapped[str] = mapped_column(String(24), default="")
    title: Mapped[str] = mapped_column(String(120))
    change: Mapped[str] = mapped_column(Text, default="")
    measures: Mapped[str] = mapped_column(String(80))
    phases: Mapped[str] = mapped_column(String(300))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    stopped_on: Mapped[date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(default=1)

    @property
    def phase_list(self) -> list[Phase]:
        return phases_from_text(self.phases)

    @property
    def measure_list(self) -> list[str]:
        return [m for m in self.measures.strip(",").split(",") if m]

    def last_day(self, today: date) -> date:
        """The last day that counts so far: today, the day it stopped, or its end."""
        return min(today, self.ends_on, *(d for d in (self.stopped_on,) if d is not None))

    def status(self, today: date) -> str:
        if self.stopped_on is not None:
            return "stopped"
        if today < self.starts_on:
            return "planned"
        return "running" if today <= self.ends_on else "finished"

    def phase_on(self, day: date) -> Phase | None:
        return next((p for p in self.phase_list if p.contains(day)), None)


class Adherence(Owned, TimestampMixin, Base):
    """The answer to "did you keep to it today?" for one day of one experiment."""

    __tablename__ = "experiment_adherence"
    __table_args__ = (
        UniqueConstraint("user_id", "uuid"),
        UniqueConstraint("experiment_id", "day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[uuid_mod.UUID]
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    experiment_id: Mapped[int] = mapped_column(
        ForeignKey("experiments.id", ondelete="CASCADE"), index=True)
    day: Mapped[date] = mapped_column(Date)
    kept: Mapped[str] = mapped_column(String(8))
    version: Mapped[int] = mapped_column(default=1)

    # Which experiment, by its UUID, as the sync API and the export name it: read in
    # the same statement as the answers (a correlated subquery), never one per row.
    experiment_uuid: Mapped[uuid_mod.UUID] = column_property(
        select(Experiment.uuid).where(Experiment.id == experiment_id).scalar_subquery())


# Services -------------------------------------------------------------------------

def local_today(user: User) -> date:
    """Today in the person's own time zone: the day experiments count in."""
    return local_now(user).date()


def experiment_for(db: Session, user: User, key: Any) -> Experiment | None:
    """The owner's experiment with this UUID, or None (someone else's is not found)."""
    return owned_one(db, Experiment, user, key)


def active_experiment(db: Session, user: User, today: date) -> Experiment | None:
    """The owner's one experiment that is running or planned (not stopped, not over)."""
    return db.scalar(owned(Experiment, user).where(
        Experiment.stopped_on.is_(None), Experiment.ends_on >= today)
        .order_by(Experiment.starts_on).limit(1))


def experiments_of(db: Session, user: User) -> list[Experiment]:
    """The owner's experiments, newest start first."""
    return list(db.scalars(owned(Experiment, user)
                           .order_by(Experiment.starts_on.desc(), Experiment.id.desc())))


def one_at_a_time(db: Session, user: User, today: date) -> None:
    running = active_experiment(db, user, today)
    if running is not None:
        raise ValidationFailed({"running": _(
            "“%(title)s” is still on until %(day)s. Only one experiment runs at a time, so "
            "each result is about one change: stop that one first, or wait until it ends.",
            title=running.title, day=show_date(running.ends_on))})


def create_experiment(db: Session, user: User, key: Any, data: Mapping[str, Any],
                      today: date) -> tuple[Experiment, bool]:
    """Owner only: store a new experiment. The same UUID again returns the stored
    one; a second running (or planned) experiment is refused under "running"."""
    found = parse_uuid(key, NO_ID)

    def values() -> dict[str, Any]:
        clean = parse_experiment(data, today)
        one_at_a_time(db, user, today)
        return clean

    return create_once(db, Experiment, user, found, values)


def stop_experiment(db: Session, user: User, experiment: Experiment, today: date) -> None:
    """Owner only: end a running or planned experiment today; its days so far stay."""
    if experiment.stopped_on is None and experiment.ends_on >= today:
        experiment.stopped_on = max(today, experiment.starts_on - timedelta(days=1))
        experiment.version += 1
        db.flush()


def delete_experiment(db: Session, user: User, experiment: Experiment) -> None:
    """Owner only: remove the experiment and its adherence answers for good (the
    diary records it read stay where they are)."""
    db.execute(owned_delete(Adherence, user).where(Adherence.experiment_id == experiment.id))
    db.delete(experiment)
    db.flush()


def record_adherence(db: Session, user: User, key: Any, data: Mapping[str, Any],
                     today: date) -> tuple[Adherence, bool]:
    """Owner only: the day's answer. The same UUID again returns the stored answer;
    another answer for the same day replaces it (the later tap counts)."""
    found = parse_uuid(key, _("This answer has no valid id. Reload the page."))
    stored = owned_one(db, Adherence, user, found)
    if stored is not None:
        return stored, False
    experiment = experiment_for(db, user, data.get("experiment"))
    if experiment is None:
        raise ValidationFailed({"experiment": _(
            "This experiment is not in your account any more.")})
    values = parse_adherence(data, experiment.starts_on, experiment.last_day(today), today)
    same_day = db.scalar(owned(Adherence, user).where(
        Adherence.experiment_id == experiment.id, Adherence.day == values["day"]))
    if same_day is not None:
        same_day.kept = values["kept"]
        same_day.version += 1
        db.flush()
        return same_day, False
    return insert_once(db, Adherence, user, found,
                       {"experiment_id": experiment.id, **values})


# The days behind each experiment: one statement ------------------------------------

def _typed(value: Any, type_: Any) -> Any:
    return cast(literal(value) if value is not None else null(), type_)


def _daily(user: User, low: Any, high: Any) -> Any:
    """Per source and local day from ``low`` to ``high``: twitches (count, mean
    intensity), the check-in's anxiety, checks, and adherence answers."""
    def shape(day: Any, **given: Any) -> list[Any]:
        return [day.label("day"), *(
            (given[name] if name in given else _typed(None, type_)).label(name)
            for name, type_ in DAY_COLUMNS)]

    entries = owned(Entry, user).with_only_columns(*shape(
        Entry.local_day, twitches=func.count(), intensity=cast(func.avg(Entry.intensity), Float),
        diary=_typed(1, Integer))).where(
        Entry.deleted_at.is_(None), Entry.local_day.between(low, high)).group_by(Entry.local_day)
    checkins = owned(Checkin, user).with_only_columns(*shape(
        Checkin.day, anxiety=cast(Checkin.anxiety, Float), diary=_typed(1, Integer))).where(
        Checkin.day.between(low, high))
    checks = owned(CheckItem, user).with_only_columns(*shape(
        CheckItem.local_day, checks=func.count(), ledger=_typed(1, Integer))).where(
        CheckItem.deleted_at.is_(None), CheckItem.local_day.between(low, high)
    ).group_by(CheckItem.local_day)
    answers = owned(Adherence, user).with_only_columns(*shape(
        Adherence.day, kept=Adherence.kept, experiment_id=Adherence.experiment_id)).where(
        Adherence.day.between(low, high))
    return union_all(entries, checkins, checks, answers).subquery("daily")


DAY_COLUMNS = (("twitches", Integer), ("intensity", Float), ("anxiety", Float),
               ("checks", Integer), ("diary", Integer), ("ledger", Integer),
               ("kept", String), ("experiment_id", Integer))
EXPERIMENT_COLUMNS = ("id", "uuid", "template", "title", "change", "measures", "phases",
                      "starts_on", "ends_on", "stopped_on", "version", "created_at")


def days_select(user: User, *criteria: Any) -> Any:
    """One statement: the owner's experiments matching ``criteria``, each row with
    one source's values for one of its days (or none). See ``gather``."""
    bounds = owned(Experiment, user).with_only_columns(func.min(Experiment.starts_on),
                   func.max(Experiment.ends_on)).where(*criteria)
    # The bounds are the owner's experiments' own, never correlated with the outer rows.
    low = bounds.with_only_columns(func.min(Experiment.starts_on)).correlate(None)
    high = bounds.with_only_columns(func.max(Experiment.ends_on)).correlate(None)
    daily = _daily(user, low.scalar_subquery(), high.scalar_subquery())
    mine = or_(daily.c.experiment_id.is_(None), daily.c.experiment_id == Experiment.id)
    columns = [getattr(Experiment, name).label(f"x_{name}") for name in EXPERIMENT_COLUMNS]
    return (owned(Experiment, user).with_only_columns(*columns, *daily.c).where(*criteria)
            .outerjoin(daily, and_(daily.c.day.between(Experiment.starts_on, Experiment.ends_on),
                                   mine)))


def gather(rows: Any) -> list[tuple[Experiment, dict[date, Day]]]:
    """Rows of ``days_select`` as (experiment, its days), in the order first met.
    The experiments are read-only copies, never added to the session."""
    found: dict[int, tuple[Experiment, dict[date, dict[str, Any]]]] = {}
    for row in rows:
        values = row._mapping
        key = values["x_id"]
        if key not in found:
            found[key] = (Experiment(**{n: values[f"x_{n}"] for n in EXPERIMENT_COLUMNS}), {})
        if values["day"] is None:
            continue
        day = found[key][1].setdefault(values["day"], {})
        for name, _type in DAY_COLUMNS:
            if values[name] is not None:
                day[name] = day.get(name, 0) + values[name] if name in ("twitches", "checks") \
                    else values[name]
    return [(experiment, {d: Day(twitches=v.get("twitches", 0), intensity=v.get("intensity"),
                                 anxiety=v.get("anxiety"), checks=v.get("checks", 0),
                                 diary=bool(v.get("diary")), ledger=bool(v.get("ledger")),
                                 kept=v.get("kept")) for d, v in days.items()})
            for experiment, days in found.values()]


def with_days(db: Session, user: User, *criteria: Any
              ) -> list[tuple[Experiment, dict[date, Day]]]:
    """The owner's experiments matching ``criteria`` with their days, newest first."""
    return gather(db.execute(days_select(user, *criteria)
                             .order_by(Experiment.starts_on.desc(), Experiment.id.desc())))


def summarize(experiment: Experiment, days: dict[date, Day], today: date) -> dict[str, Any]:
    """Everything a page shows about one experiment, from its days (see with_days)."""
    last = experiment.last_day(today)
    phases = experiment.phase_list
    status = experiment.status(today)
    return {"experiment": experiment, "status": status, "last": last,
            "today_phase": experiment.phase_on(today) if status == "running" else None,
            "today_answer": days[today].kept if today in days else None,
            "comparisons": compare_all(experiment.measure_list, phases, days, last),
            "adherence": adherence(phases, days, last)}
