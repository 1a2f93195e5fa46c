"""Trigger effects: for every trigger the person noted (built-in or their own tag)
and every check-in factor, twitches a day and mean intensity on days with it
against days without, the same day and the next day (last night's short sleep,
today's twitches). Each difference has a Welch 95% interval on the daily numbers;
the Benjamini-Hochberg rule marks which hold up when this many comparisons are made
at once. Associations in one person's records, never causes.

The days come from trends.days (one SQL statement, grouped by local day), so this
module adds no statement of its own. Which days count:
- a check-in factor is known on a day with a check-in that answered its question;
- a trigger is known on a day with at least one twitch logged (triggers are noted
  with twitches), so same-day trigger rows compare days that all had twitches;
- the outcome day must be tracked (a twitch or a check-in: an empty day is unknown,
  not calm) and over (today is left out until it ends)."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l

from webapp.diary import vocab
from webapp.insights.trends import Day
from webapp.stats import Welch, benjamini_hochberg, welch

MIN_DAYS = 7  # fewer days than this on either side: nothing is shown
LAGS = (0, 1)  # the same day, the next day
CHECKIN, TRIGGER = "checkin", "trigger"


@dataclass(frozen=True)
class Factor:
    """Something a day has or not. ``test`` answers True, False or None (unknown)."""

    key: str
    label: object
    source: str
    test: Callable[[Day], bool | None]


def _answer(name: str, holds: Callable[[float], bool]) -> Callable[[Day], bool | None]:
    def test(day: Day) -> bool | None:
        value = getattr(day, name)
        return None if value is None else holds(value)
    return test


CHECKIN_FACTORS = (
    Factor("caffeine", _l("Caffeine drinks"), CHECKIN, _answer("caffeine", lambda v: v > 0)),
    Factor("short_sleep", _l("Sleep under 6 hours"), CHECKIN, _answer("sleep", lambda v: v < 6)),
    Factor("alcohol", _l("Alcohol"), CHECKIN, _answer("alcohol", lambda v: v > 0)),
    Factor("water", _l("6 or more glasses of water"), CHECKIN, _answer("water", lambda v: v >= 6)),
    Factor("movement", _l("30 minutes or more of movement"), CHECKIN,
           _answer("movement", lambda v: v >= 30)),
    Factor("stressful", _l("A stressful event"), CHECKIN, _answer("stressful", lambda v: v > 0)),
    Factor("anxiety", _l("Check-in anxiety 6 or more"), CHECKIN,
           _answer("anxiety", lambda v: v >= 6)),
)


def trigger_label(key: str) -> object:
    """What the person reads for a stored trigger key: the built-in label, or the
    words of their own tag ("tag:long meeting" -> "long meeting")."""
    if key.startswith("tag:"):
        return key[4:]
    return vocab.TRIGGERS.get(key, key)


def trigger_factor(key: str) -> Factor:
    def test(day: Day) -> bool | None:
        return None if day.twitches == 0 else key in day.triggers
    return Factor(f"trigger:{key}", trigger_label(key), TRIGGER, test)


@dataclass(frozen=True)
class Measure:
    """One outcome (twitches a day, or intensity) on days with and without."""

    with_days: int
    without_days: int
    with_mean: float | None = None
    without_mean: float | None = None
    result: Welch | None = None  # None: fewer than MIN_DAYS days on a side
    survives: bool = False  # still a finding after Benjamini-Hochberg

    @property
    def enough(self) -> bool:
        return self.result is not None

    @property
    def verdict(self) -> str:
        """thin (too few days), clear (survives the correction), hint (the interval
        leaves out zero, but with this many comparisons that can be chance), or
        unclear (the interval includes no difference)."""
        if self.result is None:
            return "thin"
        if self.survives and self.result.difference != 0:
            return "clear"
        if not self.result.includes_zero:
            return "hint"
        return "unclear"


def measure(with_values: list[float], without_values: list[float]) -> Measure:
    base = Measure(len(with_values), len(without_values),
                   sum(with_values) / len(with_values) if with_values else None,
                   sum(without_values) / len(without_values) if without_values else None)
    if len(with_values) < MIN_DAYS or len(without_values) < MIN_DAYS:
        return base
    return replace(base, result=welch(with_values, without_values))


@dataclass(frozen=True)
class Row:
    lag: int
    count: Measure
    intensity: Measure


@dataclass(frozen=True)
class FactorEffects:
    factor: Factor
    rows: tuple[Row, ...]  # one per lag

    @property
    def enough(self) -> bool:
        return any(row.count.enough for row in self.rows)

    @property
    def clear(self) -> bool:
        return any(m.verdict == "clear" for row in self.rows for m in (row.count, row.intensity))

    @property
    def headline(self) -> str:
        """The factor in a few words: its most telling difference (smallest p)."""
        tested = [(m.result.p, row.lag, kind, m) for row in self.rows
                  for kind, m in (("count", row.count), ("intensity", row.intensity))
                  if m.result is not None]
        if not tested:
            return str(_l("Not enough days yet"))
        _p, lag, kind, best = min(tested, key=lambda t: t[0])
        if best.verdict == "hint":
            return str(_l("A hint only"))
        if best.verdict != "clear" or best.result is None:
            return str(_l("No clear difference"))
        up = best.result.difference > 0
        return str(HEADLINES[(kind, lag, up)])

    @property
    def smallest_p(self) -> float:
        return min((m.result.p for row in self.rows for m in (row.count, row.intensity)
                    if m.result is not None), default=1.0)


HEADLINES = {
    ("count", 0, True): _l("Clear: more twitches the same day"),
    ("count", 0, False): _l("Clear: fewer twitches the same day"),
    ("count", 1, True): _l("Clear: more twitches the next day"),
    ("count", 1, False): _l("Clear: fewer twitches the next day"),
    ("intensity", 0, True): _l("Clear: stronger twitches the same day"),
    ("intensity", 0, False): _l("Clear: milder twitches the same day"),
    ("intensity", 1, True): _l("Clear: stronger twitches the next day"),
    ("intensity", 1, False): _l("Clear: milder twitches the next day"),
}


@dataclass(frozen=True)
class Effects:
    shown: tuple[FactorEffects, ...]  # at least MIN_DAYS on each side in some row
    thin: tuple[FactorEffects, ...]  # seen, but not yet enough days
    comparisons: int  # how many differences were tested (the correction's m)
    clear: int  # how many held up


def pairs(found: Mapping[date, Day], lag: int, start: date, last: date) -> list[tuple[Day, Day]]:
    """(a day from ``start`` on, the day ``lag`` days after it) for every outcome day
    that is tracked and not after ``last``."""
    step = timedelta(days=lag)
    return [(record, outcome) for day, record in found.items()
            if day >= start and day + step <= last
            and (outcome := found.get(day + step)) is not None and outcome.tracked]


def compare(paired: list[tuple[Day, Day]], factor: Factor, lag: int) -> Row:
    """The outcomes split by whether the factor held on the day before them (``lag``
    1) or the same day (``lag`` 0); days where it is unknown are left out."""
    counts: dict[bool, list[float]] = {True: [], False: []}
    intensities: dict[bool, list[float]] = {True: [], False: []}
    for record, outcome in paired:
        exposed = factor.test(record)
        if exposed is None:
            continue
        counts[exposed].append(float(outcome.twitches))
        if outcome.intensity_n:
            intensities[exposed].append(outcome.intensity_sum / outcome.intensity_n)
    return Row(lag, measure(counts[True], counts[False]),
               measure(intensities[True], intensities[False]))


def factors_seen(found: Mapping[date, Day], start: date) -> list[Factor]:
    """The check-in factors, then every trigger noted from ``start`` on, built-in
    ones in the vocabulary's order and the person's own tags alphabetically."""
    noted = {key for day, record in found.items() if day >= start for key in record.triggers}
    builtin = [k for k in vocab.TRIGGERS if k in noted]
    own = sorted(noted - set(builtin))
    return [*CHECKIN_FACTORS, *(trigger_factor(k) for k in builtin + own)]


def effects(found: Mapping[date, Day], start: date, today: date) -> Effects:
    """Every factor's rows over the days from ``start`` to yesterday, corrected for
    the number of comparisons; factors never known in the period are left out."""
    last = today - timedelta(days=1)
    paired = {lag: pairs(found, lag, start, last) for lag in LAGS}
    results = []
    for factor in factors_seen(found, start):
        rows = tuple(compare(paired[lag], factor, lag) for lag in LAGS)
        if rows[0].count.with_days + rows[0].count.without_days or \
                rows[1].count.with_days + rows[1].count.without_days:
            results.append(FactorEffects(factor, rows))
    tested = [m.result.p for f in results for row in f.rows for m in (row.count, row.intensity)
              if m.result is not None]
    survives = iter(benjamini_hochberg(tested))
    corrected = []
    for f in results:
        rows = tuple(Row(row.lag, *(replace(m, survives=next(survives)) if m.enough else m
                                    for m in (row.count, row.intensity))) for row in f.rows)
        corrected.append(FactorEffects(f.factor, rows))
    shown = sorted((f for f in corrected if f.enough), key=lambda f: (not f.clear, f.smallest_p))
    return Effects(tuple(shown), tuple(f for f in corrected if not f.enough), len(tested),
                   sum(1 for f in corrected for row in f.rows
                       for m in (row.count, row.intensity) if m.verdict == "clear"))
