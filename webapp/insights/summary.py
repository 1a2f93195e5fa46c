"""The doctor summary: which dates it covers (a typed range, checked, with a message
for an impossible one) and what the one printed page says, gathered from the
insights package's own series, effects and counts (no second copy of any sum)."""
from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from flask import render_template
from flask_babel import gettext as _
from sqlalchemy import literal, select, true
from sqlalchemy.orm import Session

from webapp.auth.models import User
from webapp.diary import screening
from webapp.diary.models import DoctorCheck, Screening
from webapp.exercises.services import exercise_name
from webapp.insights import queries, trends
from webapp.insights.effects import FactorEffects, Measure
from webapp.insights.effects import effects as factor_effects
from webapp.insights.helps import MIN_SESSIONS, what_helps
from webapp.insights.summary_models import MAX_QUESTION, MAX_QUESTIONS, DoctorQuestion
from webapp.insights.trend_charts import trend_charts
from webapp.insights.trends import Day
from webapp.owned_lists import Wanted, read_lists
from webapp.page_cache import new_uuid
from webapp.recovery import weekly

DEFAULT_DAYS = 90
MAX_DAYS = 3653  # ten years
EFFECTS_SHOWN = 3
FLAGS_SHOWN = 5  # newest red-flag answers on the page; the rest are counted


@dataclass(frozen=True)
class Range:
    """The dates shown and what was typed (kept in the form, right or wrong)."""

    period: queries.Period
    typed_start: str = ""
    typed_end: str = ""
    message: str | None = None


def _date(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw)
    except ValueError:
        return None


def parse_range(raw_start: str | None, raw_end: str | None, today: date) -> Range:
    """?start=YYYY-MM-DD&end=YYYY-MM-DD. Nothing typed: the last 90 days. One side
    only: the other is 90 days away (the end never after today). Anything impossible
    (not a date, the end before the start, before 2000, after today, more than ten
    years) is answered with the last 90 days and a message saying why."""
    typed_start, typed_end = (raw_start or "").strip()[:20], (raw_end or "").strip()[:20]
    default = queries.Period.last(DEFAULT_DAYS, today)
    if not typed_start and not typed_end:
        return Range(default)
    start = _date(typed_start) if typed_start else None
    end = _date(typed_end) if typed_end else today
    if typed_start and start is None or end is None:
        problem = _("Type dates as year-month-day, like %(example)s.",
                    example=today.isoformat())
    else:
        start = start or max(end - timedelta(days=DEFAULT_DAYS - 1), trends.EARLIEST)
        if start < trends.EARLIEST:
            problem = _("The diary holds nothing before 2000.")
        elif end > today or start > today:
            problem = _("The dates cannot be after today (%(today)s).", today=today.isoformat())
        elif end < start:
            problem = _("The end date is before the start date.")
        elif (end - start).days + 1 > MAX_DAYS:
            problem = _("Choose at most ten years.")
        else:
            return Range(queries.Period(start, end), typed_start, typed_end)
    return Range(default, typed_start, typed_end,
                 _("%(problem)s This shows the last %(n)d days instead.", problem=problem,
                   n=DEFAULT_DAYS))


@dataclass(frozen=True)
class Effect:
    """One factor's most telling difference, for one line on the page."""

    label: object
    headline: str
    lag: int
    kind: str  # "count" or "intensity"
    measure: Measure


def top_effects(shown: tuple[FactorEffects, ...], most: int = EFFECTS_SHOWN) -> list[Effect]:
    """The factors with enough days on each side (already sorted: clear ones first,
    then the smallest p), at most ``most``, each by its difference with the smallest p."""
    picked = []
    for found in shown[:most]:
        tested = [(m.result.p, row.lag, kind, m) for row in found.rows
                  for kind, m in (("count", row.count), ("intensity", row.intensity))
                  if m.result is not None]
        _p, lag, kind, best = min(tested, key=lambda t: t[0])
        picked.append(Effect(found.factor.label, found.headline, lag, kind, best))
    return picked


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def averages(found: Mapping[date, Day], period: queries.Period) -> dict[str, Any]:
    """Sleep, caffeine and anxiety averages over the period's check-ins."""
    inside = [d for day, d in found.items() if period.start <= day <= period.end]
    checked = [d for d in inside if d.checked_in]
    return {"checkins": len(checked),
            **{name: _mean([v for d in checked if (v := getattr(d, name)) is not None])
               for name in ("sleep", "caffeine", "anxiety")}}


def overview(found: Mapping[date, Day], period: queries.Period) -> dict[str, Any]:
    """Twitches in the period: how many, on how many days, their average intensity,
    and how many named each body area (any side) and each trigger or own tag, most
    first. Counted from the days' per-twitch lists (``trends.days(per_twitch=True)``)."""
    inside = [d for day, d in found.items() if period.start <= day <= period.end and d.twitches]
    areas: Counter[str] = Counter()
    triggers: Counter[str] = Counter()
    for d in inside:
        for each in d.areas_text.split("|"):
            areas.update({part.partition(":")[0] for part in each.split(",") if part})
        for each in d.triggers_text.split("|"):
            triggers.update({key for key in each.split(",") if key})
    rated = sum(d.intensity_n for d in inside)

    def most_first(counts: Counter[str]) -> list[tuple[str, int]]:
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))

    return {"total": sum(d.twitches for d in inside), "days": len(inside),
            "avg_intensity": sum(d.intensity_sum for d in inside) / rated if rated else None,
            "areas": most_first(areas), "triggers": most_first(triggers)}


def doctor_lists(db: Session, user: User) -> tuple[list[Any], list[Any], list[Any]]:
    """Red-flag answers with a yes (newest first), doctor's checks (newest visit
    first) and the person's questions (in their order): one statement."""
    flagged, checks, asked = read_lists(
        db, user,
        Wanted(Screening, (Screening.yes_flags != ",",),
               lambda s: (s.answered_at, s.id), newest_first=True),
        Wanted(DoctorCheck, (), lambda c: (c.checked_on, c.id), newest_first=True),
        Wanted(DoctorQuestion, (), lambda q: (q.position, q.id)))
    return flagged, checks, asked


def gather(db: Session, user: User, period: queries.Period, today: date) -> dict[str, Any]:
    """Everything the page shows for ``period``, in four statements: the days (with
    each twitch's areas and triggers), the short lists (red flags, doctor's checks,
    questions), what helps, and the ledger weeks with experiments. Only the period
    and as long before it are read (the charts compare the two), so a long diary
    costs no more than a short one."""
    span = (period.end - period.start).days + 1
    window = trends.daily_select(  # each twitch's areas: the period's only
        user, period.start - timedelta(days=span), period.end, per_twitch=True,
        strings_from=period.start).subquery()
    # When the diary began rides along on every row, and on the one empty row an
    # empty stretch still gives (the outer join to a single row).
    anchor = select(literal(1).label("anchor")).subquery()
    rows = db.execute(select(*window.c, trends.first_twitch(user))
                      .select_from(anchor.outerjoin(window, true()))
                      .order_by(window.c.day)).all()
    found = trends.days_from(row for row in rows if row[0] is not None)
    started = trends.as_day(rows[0][-1])
    charts = trend_charts(found, period.start, period.end)
    effects = factor_effects(found, period.start, min(period.end + timedelta(days=1), today))
    flagged, checks, asked = doctor_lists(db, user)
    return {
        "started": started, "charts": charts.charts[:2], "averages": averages(found, period),
        "overview": overview(found, period),
        "effects": top_effects(effects.shown), "comparisons": effects.comparisons,
        "flagged": flagged[:FLAGS_SHOWN], "flagged_more": len(flagged) - FLAGS_SHOWN,
        "checks": checks, "helps": what_helps(db, user)[:4],
        "recovery": weekly.doctor_summary(db, user, period.end, period.start),
        "questions": asked,
    }


def render_summary(db: Session, user: User, today: date, args: Mapping[str, str], *,
                   question_errors: Mapping[str, str] | None = None,
                   typed: Mapping[str, str] | None = None, status: int = 200) -> Any:
    """The page for ``args`` (start, end). A rejected question comes back with what
    was typed (``typed``: question key or "new" -> text) and its message."""
    chosen = parse_range(args.get("start"), args.get("end"), today)
    return render_template(
        "insights/summary.html", range=chosen, period=chosen.period,
        days=(chosen.period.end - chosen.period.start).days + 1,
        question_errors=question_errors or {}, typed=typed or {},
        max_question=MAX_QUESTION, max_questions=MAX_QUESTIONS,
        exercise_name=exercise_name, min_sessions=MIN_SESSIONS, new_uuid=new_uuid(),
        test_names=screening.TESTS,
        **gather(db, user, chosen.period, today)), status
