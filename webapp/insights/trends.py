"""The person's days, for the trend charts and the trigger effects: one SQL statement
gives, per local day, the twitches logged (count, intensity sum and count, the
triggers noted) and the check-in's answers. Grouping by the stored local day (never
by timestamps) keeps a clock-change day one day.

Also here: which period the page shows (7, 30, 90, 365 days or all time, and a
message for anything else), and the days put in buckets of a day, a week or four
weeks for the charts (the sums and counts from SQL keep weekly averages exact)."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import date, timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import Float, Integer, String, case, cast, func, literal, null, select, union_all
from sqlalchemy.orm import Session
from sqlalchemy.sql.functions import aggregate_strings

from webapp.auth.models import User
from webapp.diary.models import Checkin, Entry
from webapp.ownership import owned

ALL = "all"
PERIODS: tuple[int | str, ...] = (7, 30, 90, 365, ALL)
DEFAULT = 30
EARLIEST = date(2000, 1, 1)  # the diary takes no record before 2000
ANSWERS = ("anxiety", "mood", "sleep", "caffeine", "water", "alcohol", "movement", "stressful")
_CHECKIN_COLUMNS = {
    "anxiety": Checkin.anxiety, "mood": Checkin.mood, "sleep": Checkin.sleep_hours,
    "caffeine": Checkin.caffeine, "water": Checkin.water, "alcohol": Checkin.alcohol,
    "movement": Checkin.movement_minutes, "stressful": Checkin.stressful_events,
}


# Which period ----------------------------------------------------------------------

@dataclass(frozen=True)
class Choice:
    """The period asked for: a number of days or ALL, and a message when the address
    asked for something the page does not offer (it then shows the default)."""

    key: int | str
    message: str | None = None

    @property
    def all_time(self) -> bool:
        return self.key == ALL


def parse_period(raw: str | None, default: int = DEFAULT) -> Choice:
    """?days=7|30|90|365|all. Anything else (text, a negative number, 50 years) is
    answered with the default period and a message saying so."""
    if raw is None or raw == "":
        return Choice(default)
    text = raw.strip().lower()
    if text == ALL:
        return Choice(ALL)
    if text.isascii() and text.isdigit() and len(text) < 6 and int(text) in PERIODS:
        return Choice(int(text))
    return Choice(default, _("Steady shows the last 7, 30, 90 or 365 days, or all your "
                             "records; “%(asked)s” is not one of those, so this is the "
                             "last %(n)d days.", asked=raw[:20], n=default))


# One statement: the person's days --------------------------------------------------

@dataclass(frozen=True)
class Day:
    """One local day: twitches logged (0 if none) and the check-in's answers (None
    when there was no check-in or the question was skipped)."""

    day: date
    twitches: int = 0
    intensity_sum: float = 0.0
    intensity_n: int = 0
    triggers: frozenset[str] = frozenset()
    checked_in: bool = False
    anxiety: float | None = None
    mood: float | None = None
    sleep: float | None = None
    caffeine: float | None = None
    water: float | None = None
    alcohol: float | None = None
    movement: float | None = None
    stressful: float | None = None
    # Only when asked for (the doctor's summary counts areas and triggers per twitch):
    # each twitch's ",key:side," areas and ",key," triggers, one "|" between twitches.
    areas_text: str = ""
    triggers_text: str = ""

    @property
    def tracked(self) -> bool:
        """A day the person used the diary: a twitch or a check-in. Other days are
        unknown, not twitch-free."""
        return self.twitches > 0 or self.checked_in

    @property
    def intensity(self) -> float | None:
        return self.intensity_sum / self.intensity_n if self.intensity_n else None


def _row(day: Any, **given: Any) -> list[Any]:
    kinds = {"twitches": Integer, "intensity_sum": Float, "intensity_n": Integer,
             "triggers": String, "areas": String, "each_triggers": String,
             "checked_in": Integer, **{a: Float for a in ANSWERS}}
    return [day.label("day"), *((given[name] if name in given else cast(null(), kind))
                                .label(name) for name, kind in kinds.items())]


def daily_select(user: User, first: date | None, last: date, per_twitch: bool = False,
                 strings_from: date | None = None) -> Any:
    """One statement: the owner's twitches per local day (binned ones left out) and
    their check-ins, from ``first`` (None: the very first) to ``last``. With
    ``per_twitch``, also each twitch's areas and triggers, "|" between twitches, on
    the days from ``strings_from`` on (all days when None): joining strings is most
    of the statement's cost, and pages count them only over the period they show."""
    def joined(column: Any) -> Any:
        shown = column if strings_from is None else case(
            (Entry.local_day >= strings_from, column))
        return aggregate_strings(shown, "|")

    each = ({"areas": joined(Entry.areas), "each_triggers": joined(Entry.triggers)}
            if per_twitch else {})
    entries = owned(Entry, user).with_only_columns(*_row(
        Entry.local_day, twitches=func.count(),
        intensity_sum=cast(func.sum(Entry.intensity), Float),
        intensity_n=func.count(Entry.intensity),
        triggers=aggregate_strings(Entry.triggers, ""), **each,
    )).where(Entry.deleted_at.is_(None), Entry.local_day.between(first or EARLIEST, last)
             ).group_by(Entry.local_day)
    checkins = owned(Checkin, user).with_only_columns(*_row(
        Checkin.day, checked_in=literal(1, Integer),
        **{name: cast(column, Float) for name, column in _CHECKIN_COLUMNS.items()},
    )).where(Checkin.day.between(first or EARLIEST, last))
    both = union_all(entries, checkins).subquery()
    c = both.c
    return (select(c.day, func.coalesce(func.sum(c.twitches), 0),
                   func.coalesce(func.sum(c.intensity_sum), 0.0),
                   func.coalesce(func.sum(c.intensity_n), 0), func.max(c.triggers),
                   func.max(c.areas), func.max(c.each_triggers),
                   func.coalesce(func.max(c.checked_in), 0), *(func.max(c[a]) for a in ANSWERS))
            .group_by(c.day).order_by(c.day))


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def days(db: Session, user: User, first: date | None, last: date,
         per_twitch: bool = False, strings_from: date | None = None) -> dict[date, Day]:
    """The owner's days with any record, from ``first`` to ``last``, by date (each
    twitch's areas and triggers with ``per_twitch``, from ``strings_from`` on)."""
    return days_from(db.execute(daily_select(user, first, last, per_twitch, strings_from)))


def first_twitch(user: User) -> Any:
    """The local day of the owner's first twitch still in the diary, as a column."""
    return (owned(Entry, user).with_only_columns(func.min(Entry.local_day))
            .where(Entry.deleted_at.is_(None)).scalar_subquery())


def as_day(value: Any) -> date | None:
    return None if value is None else _as_date(value)


def days_from(rows: Iterable[Any]) -> dict[date, Day]:
    """``daily_select``'s rows (any columns after its own are left out) by date."""
    found = {}
    for row in rows:
        day, twitches, total, rated, triggers, areas, each, checked_in, *answers = row[:_COLUMNS]
        keys = _NO_KEYS if not triggers else frozenset(k for k in triggers.split(",") if k)
        when = _as_date(day)
        # Positional, in the field order (ANSWERS is that order): years of days are
        # read on every summary, and keyword dicts per day cost more than the query.
        fields_in_order: list[Any] = [
            when, int(twitches), float(total), int(rated), keys, bool(checked_in),
            *[None if a is None else float(a) for a in answers], areas or "", each or ""]
        found[when] = Day(*fields_in_order)
    return found


_NO_KEYS: frozenset[str] = frozenset()
_COLUMNS = 8 + len(ANSWERS)
if [f.name for f in fields(Day)][6:] != [*ANSWERS, "areas_text", "triggers_text"]:
    raise TypeError("days() builds Day positionally: keep ANSWERS in Day's field order")


# Buckets for the charts -----------------------------------------------------------

@dataclass(frozen=True)
class Bucket:
    """A run of days (one, seven or 28) and what they hold: twitches logged and the
    averages (intensity over every rated twitch, answers over every check-in)."""

    first: date
    last: date
    twitches: int
    intensity: float | None
    anxiety: float | None
    mood: float | None
    sleep: float | None


def bucket_width(span: int) -> int:
    """Days per bucket: days up to a month, weeks up to a year, then four weeks."""
    if span <= 31:
        return 1
    if span <= 371:
        return 7
    return 28


def _average(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def bucket(found: Mapping[date, Day], first: date, last: date) -> Bucket:
    inside = [d for day, d in found.items() if first <= day <= last]
    rated = sum(d.intensity_n for d in inside)
    return Bucket(
        first, last, sum(d.twitches for d in inside),
        sum(d.intensity_sum for d in inside) / rated if rated else None,
        *(_average([v for d in inside if (v := getattr(d, name)) is not None])
          for name in ("anxiety", "mood", "sleep")))


def buckets(found: Mapping[date, Day], start: date, end: date) -> list[Bucket]:
    """Buckets ending on ``end`` and reaching back to cover ``start`` (the oldest one
    may begin a few days before it), oldest first."""
    span = (end - start).days + 1
    width = bucket_width(span)
    count = -(-span // width)
    return [bucket(found, end - timedelta(days=(count - i) * width - 1),
                   end - timedelta(days=(count - i - 1) * width)) for i in range(count)]
