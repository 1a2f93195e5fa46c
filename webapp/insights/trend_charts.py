"""The trend charts on the insights page, sharing one time axis: twitches logged,
intensity beside check-in anxiety, mood, and sleep. Each has a title, the numbers
for its table, and a summary that compares the recent stretch with the one before
it honestly: per day of the diary's life (days before the first record are not
counted as calm ones), "about the same" within a small margin, and no comparison
at all when the earlier stretch is too short or too thin."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import gettext as _
from flask_babel import ngettext

from webapp.charts import Frame, Geometry, bar_geometry, line_geometry
from webapp.insights.trends import Bucket, Day, bucket_width, buckets

RELATIVE_MARGIN = 0.10  # within 10% of the larger value: "about the same"
MARGINS = {"twitches": 0.2, "intensity": 0.3, "anxiety": 0.3, "mood": 0.15, "sleep": 0.25}
MIN_VALUES = 3  # fewer rated twitches or answers than this in a stretch: no average
MIN_SLOTS = 7  # a chart keeps at least this many buckets
BARS, LINES = Frame(height=150.0), Frame(height=140.0)


@dataclass(frozen=True)
class Stretch:
    first: date
    last: date

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def clipped(self, start: date) -> Stretch | None:
        first = max(self.first, start)
        return Stretch(first, self.last) if first <= self.last else None


@dataclass(frozen=True)
class TrendChart:
    key: str  # the HTML id and the CSS hook
    title: str
    summary: str
    kind: str  # "bars" or "lines"
    geometry: Geometry
    legend: tuple[tuple[str, str], ...]  # (series, what it is)
    columns: tuple[str, ...]  # the table's value columns
    rows: tuple[tuple[Bucket, tuple[float | None, ...]], ...]


@dataclass(frozen=True)
class Trends:
    days: int  # the period's length
    width: int  # days per bucket
    buckets: tuple[Bucket, ...]
    charts: tuple[TrendChart, ...]
    twitches: int  # in the period
    checkins: int  # in the period
    sleep: float | None  # the period's average
    needs_checkins: bool  # no check-in in the period: their charts are left out
    known_days: int  # the period's days since the first record


def stretches(start: date, end: date, all_time: bool) -> tuple[int, Stretch, Stretch | None]:
    """The recent stretch and the one before it, of equal length: the period and the
    one before it, or for all time, the later and the earlier half."""
    if all_time:
        n = ((end - start).days + 1) // 2
        if n < 7:
            return n, Stretch(start, end), None
        recent = Stretch(end - timedelta(days=n - 1), end)
        return n, recent, Stretch(end - timedelta(days=2 * n - 1), end - timedelta(days=n))
    n = (end - start).days + 1
    return n, Stretch(start, end), Stretch(start - timedelta(days=n), start - timedelta(days=1))


def rate(found: Mapping[date, Day], stretch: Stretch | None) -> float | None:
    """Twitches logged per day over the stretch, or None when there is none."""
    if stretch is None:
        return None
    total = sum(d.twitches for day, d in found.items() if stretch.first <= day <= stretch.last)
    return total / stretch.days


def average(found: Mapping[date, Day], stretch: Stretch | None, metric: str) -> float | None:
    """The metric's average over the stretch (intensity over every rated twitch), or
    None with fewer than MIN_VALUES values."""
    if stretch is None:
        return None
    inside = [d for day, d in found.items() if stretch.first <= day <= stretch.last]
    if metric == "intensity":
        rated = sum(d.intensity_n for d in inside)
        return sum(d.intensity_sum for d in inside) / rated if rated >= MIN_VALUES else None
    values = [v for d in inside if (v := getattr(d, metric)) is not None]
    return sum(values) / len(values) if len(values) >= MIN_VALUES else None


def direction(recent: float, before: float, metric: str) -> str:
    """"lower", "higher" or "same" (within 10% of the larger, or the metric's margin)."""
    margin = max(RELATIVE_MARGIN * max(abs(recent), abs(before)), MARGINS[metric])
    if abs(recent - before) <= margin:
        return "same"
    return "lower" if recent < before else "higher"


def _sentences(metric: str) -> dict[str, str]:
    """Whole sentences per outcome, so each language can order them its own way."""
    return {
        "twitches": {
            "lower": _("Fewer twitches in the last %(n)d days than in the %(n)d before: "
                       "%(recent)s a day against %(before)s."),
            "higher": _("More twitches in the last %(n)d days than in the %(n)d before: "
                        "%(recent)s a day against %(before)s."),
            "same": _("About the same number of twitches in the last %(n)d days as in the "
                      "%(n)d before: %(recent)s a day against %(before)s."),
        },
        "intensity": {
            "lower": _("Twitches were milder in the last %(n)d days than in the %(n)d before: "
                       "%(recent)s out of 10 on average against %(before)s."),
            "higher": _("Twitches were stronger in the last %(n)d days than in the %(n)d "
                        "before: %(recent)s out of 10 on average against %(before)s."),
            "same": _("Twitches were about as strong in the last %(n)d days as in the %(n)d "
                      "before: %(recent)s out of 10 on average against %(before)s."),
            "none": _("Rate a few twitches' intensity and their average will show here."),
        },
        "anxiety": {
            "lower": _("Check-in anxiety was lower in the last %(n)d days than in the %(n)d "
                       "before: %(recent)s out of 10 against %(before)s."),
            "higher": _("Check-in anxiety was higher in the last %(n)d days than in the %(n)d "
                        "before: %(recent)s out of 10 against %(before)s."),
            "same": _("Check-in anxiety was about the same in the last %(n)d days as in the "
                      "%(n)d before: %(recent)s out of 10 against %(before)s."),
            "none": _("Answer the anxiety question at a few check-ins and it will show here."),
        },
        "mood": {
            "lower": _("Mood was lower in the last %(n)d days than in the %(n)d before: "
                       "%(recent)s out of 5 against %(before)s."),
            "higher": _("Mood was better in the last %(n)d days than in the %(n)d before: "
                        "%(recent)s out of 5 against %(before)s."),
            "same": _("Mood was about the same in the last %(n)d days as in the %(n)d "
                      "before: %(recent)s out of 5 against %(before)s."),
            "none": _("Answer the mood question at a few check-ins and it will show here."),
        },
        "sleep": {
            "lower": _("You slept less in the last %(n)d days than in the %(n)d before: "
                       "%(recent)s hours a night against %(before)s."),
            "higher": _("You slept more in the last %(n)d days than in the %(n)d before: "
                        "%(recent)s hours a night against %(before)s."),
            "same": _("You slept about the same in the last %(n)d days as in the %(n)d "
                      "before: %(recent)s hours a night against %(before)s."),
            "none": _("Answer the sleep question at a few check-ins and it will show here."),
        },
    }[metric]


def _alone(metric: str, n: int, recent: str) -> str:
    """The average of the recent ``n`` days, with nothing earlier to compare with."""
    if metric == "twitches":
        return ngettext("%(recent)s twitches a day in the last day; there are not enough "
                        "earlier days to compare with yet.",
                        "%(recent)s twitches a day in the last %(num)d days; there are not "
                        "enough earlier days to compare with yet.", n, recent=recent)
    if metric == "intensity":
        return ngettext("Twitches averaged %(recent)s out of 10 in the last day; there are not "
                        "enough earlier ones to compare with yet.",
                        "Twitches averaged %(recent)s out of 10 in the last %(num)d days; there "
                        "are not enough earlier ones to compare with yet.", n, recent=recent)
    if metric == "anxiety":
        return ngettext("Check-in anxiety averaged %(recent)s out of 10 in the last day; there "
                        "are not enough earlier check-ins to compare with yet.",
                        "Check-in anxiety averaged %(recent)s out of 10 in the last %(num)d days; "
                        "there are not enough earlier check-ins to compare with yet.", n,
                        recent=recent)
    if metric == "mood":
        return ngettext("Mood averaged %(recent)s out of 5 in the last day; there are not "
                        "enough earlier check-ins to compare with yet.",
                        "Mood averaged %(recent)s out of 5 in the last %(num)d days; there are "
                        "not enough earlier check-ins to compare with yet.", n, recent=recent)
    return ngettext("You slept %(recent)s hours a night on average in the last day; there are "
                    "not enough earlier check-ins to compare with yet.",
                    "You slept %(recent)s hours a night on average in the last %(num)d days; "
                    "there are not enough earlier check-ins to compare with yet.", n,
                    recent=recent)


def summary(metric: str, n: int, recent: float | None, before: float | None) -> str:
    """One sentence comparing the recent stretch of ``n`` days with the one before."""
    said = _sentences(metric)
    if recent is None:
        return said.get("none", "")
    if before is None:
        return _alone(metric, n, f"{recent:.1f}")
    values = {"n": n, "recent": f"{recent:.1f}", "before": f"{before:.1f}"}
    return said[direction(recent, before, metric)] % values


def compare(found: Mapping[date, Day], start: date, end: date, all_time: bool,
            metric: str) -> str:
    """The metric's summary sentence: only days since the first record count, and an
    earlier stretch with less than half its days in the diary's life is too short."""
    first = min((day for day, d in found.items() if d.tracked), default=None)
    n, recent, before = stretches(start, end, all_time)
    if first is None or first > end:
        return _("Nothing logged in these days yet.") if metric == "twitches" else summary(
            metric, n, None, None)
    recent_kept = recent.clipped(first)
    before_kept = before.clipped(first) if before else None
    if before_kept is not None and before_kept.days * 2 < n:
        before_kept = None
    if before_kept is None and recent_kept is not None:
        n = recent_kept.days  # alone: "in the last 45 days", not 365 the diary did not see
    if metric == "twitches":
        return summary(metric, n, rate(found, recent_kept), rate(found, before_kept))
    return summary(metric, n, average(found, recent_kept, metric),
                   average(found, before_kept, metric))


def _title(width: int) -> str:
    if width == 1:
        return _("Twitches logged each day")
    if width == 7:
        return _("Twitches logged each week")
    return ngettext("Twitches logged every %(num)d days", "Twitches logged every %(num)d days",
                    width)


def trend_charts(found: Mapping[date, Day], start: date, end: date,
                 all_time: bool = False) -> Trends:
    """The charts for the period from ``start`` to ``end`` (``found`` may reach back
    further, for the comparison with the stretch before)."""
    span = (end - start).days + 1
    width = bucket_width(span)
    first = min((day for day, d in found.items() if d.tracked), default=end + timedelta(days=1))
    made = buckets(found, start, end)
    # A diary younger than the period: drop the buckets before it began (keeping a week's
    # worth of slots, so one day is not one bar as wide as the chart).
    begins = next((i for i, b in enumerate(made) if b.last >= first), len(made))
    shown = tuple(made[min(begins, max(0, len(made) - MIN_SLOTS)):])
    period = [d for day, d in found.items() if start <= day <= end]
    checkins = sum(1 for d in period if d.checked_in)
    sleep = average(found, Stretch(start, end), "sleep") if checkins else None

    def said(metric: str) -> str:
        return compare(found, start, end, all_time, metric)

    counts = [None if b.last < first else float(b.twitches) for b in shown]  # before the diary
    charts = [TrendChart(
        "trend-twitches", _title(width), said("twitches"), "bars", bar_geometry(counts, BARS),
        (), (_("Twitches"),), tuple((b, (n,)) for b, n in zip(shown, counts, strict=True)))]
    if any(b.intensity is not None or b.anxiety is not None for b in shown):
        charts.append(TrendChart(
            "trend-intensity", _("Twitch intensity and check-in anxiety, out of 10"),
            f"{said('intensity')} {said('anxiety')}" if checkins else said("intensity"), "lines",
            line_geometry({"intensity": [b.intensity for b in shown],
                           "anxiety": [b.anxiety for b in shown]}, 0.0, 10.0, LINES),
            (("intensity", _("average intensity of twitches")),
             ("anxiety", _("anxiety at the check-in"))),
            (_("Intensity"), _("Anxiety")),
            tuple((b, (b.intensity, b.anxiety)) for b in shown)))
    if any(b.mood is not None for b in shown):
        charts.append(TrendChart(
            "trend-mood", _("Mood at the check-in, out of 5"), said("mood"), "lines",
            line_geometry({"mood": [b.mood for b in shown]}, 1.0, 5.0, LINES), (),
            (_("Mood"),), tuple((b, (b.mood,)) for b in shown)))
    if any(b.sleep is not None for b in shown):
        charts.append(TrendChart(
            "trend-sleep", _("Sleep, hours a night"), said("sleep"), "lines",
            line_geometry({"sleep": [b.sleep for b in shown]}, 0.0, 8.0, LINES), (),
            (_("Hours"),), tuple((b, (b.sleep,)) for b in shown)))
    known = min(span, (end - first).days + 1) if first <= end else 0
    return Trends(span, width, shown, tuple(charts), sum(d.twitches for d in period), checkins,
                  sleep, checkins == 0, known)
