"""The arithmetic of a personal experiment, with no database: its phases, each
measure's value on each day, and the comparison of the two conditions ("with the
change" and "as usual").

The interval is a Welch t-interval (95%) for the difference of the daily means;
the overlap is the share of pairs of days, one from each condition, in which the
day with the change was lower (ties count half). Both are plain arithmetic so the
page can say exactly what it computed."""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from webapp.stats import mean, welch

CHANGE, USUAL = "change", "usual"
CONDITIONS = (CHANGE, USUAL)
MEASURES = ("twitches", "intensity", "anxiety", "checks")
MIN_DAYS = 5  # fewer days with data than this in any phase: "not enough days to say"
CONFIDENCE = 0.95
# |share of pairs - 0.5| below these: the phases overlap "a lot", then "somewhat",
# else "barely" (0.15 is about half a standard deviation apart, 0.4 about two).
OVERLAP_A_LOT, OVERLAP_SOMEWHAT = 0.15, 0.4


@dataclass(frozen=True)
class Phase:
    """One stretch of days, both ends included, under one condition."""

    kind: str
    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def cut(self, last: date) -> Phase | None:
        """This phase up to ``last`` (today, or the day it was stopped); None if it
        has not started by then."""
        if self.start > last:
            return None
        return Phase(self.kind, self.start, min(self.end, last))


def plan(first_kind: str, start: date, lengths: Sequence[int]) -> list[Phase]:
    """Back-to-back phases from ``start``, alternating conditions from ``first_kind``."""
    phases, day = [], start
    kinds = (first_kind, USUAL if first_kind == CHANGE else CHANGE)
    for index, days in enumerate(lengths):
        phases.append(Phase(kinds[index % 2], day, day + timedelta(days=days - 1)))
        day += timedelta(days=days)
    return phases


def phases_text(phases: list[Phase]) -> str:
    return ";".join(f"{p.kind}:{p.start.isoformat()}:{p.end.isoformat()}" for p in phases)


def phases_from_text(text: str) -> list[Phase]:
    found = []
    for part in filter(None, text.split(";")):
        kind, start, end = part.split(":")
        found.append(Phase(kind, date.fromisoformat(start), date.fromisoformat(end)))
    return found


@dataclass(frozen=True)
class Day:
    """What one local day holds, as the database summed it up."""

    twitches: int = 0
    intensity: float | None = None  # the day's mean twitch intensity
    anxiety: float | None = None  # the check-in's anxiety
    checks: int = 0
    diary: bool = False  # a twitch or a check-in was logged that day
    ledger: bool = False  # a check or urge was logged that day
    kept: str | None = None  # the adherence answer for that day


def value(measure: str, day: Day) -> float | None:
    """The measure on that day, or None when the day says nothing about it. A day
    with a check-in and no twitches is 0 twitches; a day with nothing logged is
    unknown, not 0. Checks count on any day the person answered Steady something."""
    if measure == "twitches":
        return float(day.twitches) if day.diary else None
    if measure == "checks":
        return float(day.checks) if (day.ledger or day.diary or day.kept) else None
    if measure == "intensity":
        return day.intensity
    if measure == "anxiety":
        return day.anxiety
    raise ValueError(f"unknown measure {measure!r}")


# One phase, one measure ------------------------------------------------------------

@dataclass(frozen=True)
class PhaseResult:
    phase: Phase
    values: tuple[float, ...]

    @property
    def n(self) -> int:
        return len(self.values)

    @property
    def mean(self) -> float | None:
        return mean(self.values)


@dataclass(frozen=True)
class Comparison:
    """The change against as usual, for one measure. ``enough`` is False when any
    phase that should have data has fewer than MIN_DAYS days with it."""

    measure: str
    phases: tuple[PhaseResult, ...]
    n: dict[str, int] = field(default_factory=dict)
    means: dict[str, float | None] = field(default_factory=dict)
    enough: bool = False
    short_phases: tuple[int, ...] = ()  # 1-based numbers of phases with too few days
    not_started: tuple[int, ...] = ()  # 1-based numbers of phases still to come
    difference: float | None = None  # mean with the change - mean as usual
    low: float | None = None  # the 95% interval of the difference
    high: float | None = None
    lower_share: float | None = None  # pairs in which the day with the change was lower
    overlap: str | None = None  # "a lot", "somewhat" or "barely"
    all_equal: bool = False  # every day in both conditions had the same value

    @property
    def includes_zero(self) -> bool:
        return self.low is not None and self.high is not None and self.low <= 0 <= self.high


def _lower_share(change: Sequence[float], usual: Sequence[float]) -> float:
    """Of all pairs (a day with the change, a day as usual), the share in which the
    change day was lower; a tie counts half."""
    lower = sum(1.0 if a < b else 0.5 if a == b else 0.0 for a in change for b in usual)
    return lower / (len(change) * len(usual))


def overlap_words(share: float) -> str:
    distance = abs(share - 0.5)
    if distance < OVERLAP_A_LOT:
        return "a lot"
    if distance < OVERLAP_SOMEWHAT:
        return "somewhat"
    return "barely"


def welch_interval(change: Sequence[float], usual: Sequence[float],
                   confidence: float = CONFIDENCE) -> tuple[float, float]:
    """The t-interval for mean(change) - mean(usual), variances not assumed equal."""
    result = welch(change, usual, confidence)
    return result.low, result.high


def compare(measure: str, phases: Sequence[Phase], days: Mapping[date, Day],
            last: date) -> Comparison:
    """The measure in each phase up to ``last``, and the change against as usual."""
    results = []
    for phase in phases:
        shown = phase.cut(last)
        found = () if shown is None else tuple(
            v for d, day in sorted(days.items()) if shown.contains(d)
            and (v := value(measure, day)) is not None)
        results.append(PhaseResult(phase, found))
    pooled = {kind: [v for r in results if r.phase.kind == kind for v in r.values]
              for kind in CONDITIONS}
    short = tuple(i + 1 for i, r in enumerate(results) if r.n < MIN_DAYS)
    waiting = tuple(i + 1 for i, phase in enumerate(phases) if phase.start > last)
    base = Comparison(measure, tuple(results), n={k: len(v) for k, v in pooled.items()},
                      means={k: mean(v) for k, v in pooled.items()}, short_phases=short,
                      not_started=waiting)
    if short:
        return base
    change, usual = pooled[CHANGE], pooled[USUAL]
    low, high = welch_interval(change, usual)
    share = _lower_share(change, usual)
    return Comparison(
        measure, base.phases, n=base.n, means=base.means, enough=True, not_started=waiting,
        difference=sum(change) / len(change) - sum(usual) / len(usual), low=low, high=high,
        lower_share=share, overlap=overlap_words(share),
        all_equal=len(set(change) | set(usual)) == 1)


def compare_all(measures: Iterable[str], phases: Sequence[Phase], days: Mapping[date, Day],
                last: date) -> list[Comparison]:
    return [compare(m, phases, days, last) for m in measures]


def adherence(phases: Sequence[Phase], days: Mapping[date, Day], last: date
              ) -> dict[str, int]:
    """How the daily "did you keep to it?" was answered, over the days so far."""
    counts = {"yes": 0, "partly": 0, "no": 0, "asked": 0}
    for phase in phases:
        shown = phase.cut(last)
        if shown is None:
            continue
        counts["asked"] += shown.days
        for d, day in days.items():
            if shown.contains(d) and day.kept in counts:
                counts[day.kept] += 1
    return counts
