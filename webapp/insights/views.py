"""Insights and the printable summary. The owner only; both only read."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from webapp import db
from webapp.diary import services as diary_services
from webapp.exercises.services import effect_by_exercise, exercise_name
from webapp.insights import queries
from webapp.recovery import weekly
from webapp.recovery.weekly_chart import weekly_view
from webapp.security import role_required

bp = Blueprint("insights", __name__, url_prefix="/diary")

MIN_DAYS = 3  # fewer days than this in a group is too few to compare


def _period(default: int = 30) -> tuple[int, queries.Period]:
    days = request.args.get("days", default, type=int)
    days = days if days in queries.PERIODS else default
    today = diary_services.local_now(current_user).date()
    return days, queries.Period.last(days, today)


def comparisons(p: dict[str, Any]) -> list[dict[str, Any]]:
    """Side-by-side averages, only where both sides have enough days."""
    rows = []
    for key, label_with, label_without, with_days in (
        ("low_sleep", _l("after under 6 hours of sleep"), _l("after 6 hours or more"), "low_sleep_days"),
        ("much_caffeine", _l("with 3 or more caffeine drinks"), _l("with fewer"), "much_caffeine_days"),
        ("high_anxiety", _l("with anxiety 6 or higher"), _l("with anxiety under 6"), "high_anxiety_days"),
    ):
        other = {"low_sleep": "ok_sleep", "much_caffeine": "less_caffeine",
                 "high_anxiety": "low_anxiety"}[key]
        days_with = p[with_days] or 0
        days_without = (p["checkins"] or 0) - days_with
        if days_with >= MIN_DAYS and days_without >= MIN_DAYS:
            rows.append({"key": key, "with": float(p[key] or 0), "without": float(p[other] or 0),
                         "label_with": label_with, "label_without": label_without,
                         "days_with": days_with, "days_without": days_without})
    return rows


@bp.route("/insights")
@role_required("person")
def insights() -> ResponseReturnValue:
    """Owner: patterns in their own records over 7-365 days. Not a diagnosis."""
    days, period = _period()
    overview = queries.entry_overview(db.session, current_user, period)
    patterns = queries.checkin_patterns(db.session, current_user, period)
    effects = effect_by_exercise(db.session, current_user)
    picture = weekly.picture(db.session, current_user, period.end)  # 12 weeks, whatever the period
    return render_template("insights/insights.html", days=days, period=period, overview=overview,
                           patterns=patterns, comparisons=comparisons(patterns),
                           effects=effects, exercise_name=exercise_name,
                           periods=queries.PERIODS, weekly=weekly_view(picture))


@bp.route("/summary")
@role_required("person")
def summary() -> ResponseReturnValue:
    """Owner: a one-page summary to print or show at a doctor's visit."""
    days, period = _period(default=90)
    overview = queries.entry_overview(db.session, current_user, period)
    patterns = queries.checkin_patterns(db.session, current_user, period)
    flagged = queries.flagged_screenings(db.session, current_user)
    recovery = weekly.doctor_summary(db.session, current_user, period.end, period.start)
    return render_template("insights/summary.html", days=days, period=period, overview=overview,
                           patterns=patterns, flagged=flagged, periods=queries.PERIODS,
                           recovery=recovery)
