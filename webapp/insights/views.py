"""Insights and the printable summary. The owner only; both only read."""
from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue
from flask_login import current_user

from webapp import db
from webapp.diary import services as diary_services
from webapp.exercises.services import exercise_name
from webapp.insights import queries, trends
from webapp.insights.bodymap_heat import heat as bodymap_heat
from webapp.insights.effects import effects as factor_effects
from webapp.insights.helps import MIN_SESSIONS, what_helps
from webapp.insights.summary import overview as summary_overview
from webapp.insights.summary import render_summary
from webapp.insights.time_of_day import when
from webapp.insights.trend_charts import trend_charts
from webapp.page_cache import remembered
from webapp.recovery import weekly
from webapp.recovery.weekly_chart import weekly_view
from webapp.security import role_required

bp = Blueprint("insights", __name__, url_prefix="/diary")


@bp.route("/insights")
@role_required("person")
@remembered
def insights() -> ResponseReturnValue:
    """Owner: patterns in their own records over 7-365 days or all time: trend
    charts, factor effects with honest uncertainty, what helps. Not a diagnosis.
    Six statements: the user, the days (each twitch's areas and triggers with them, so
    the totals are counted in Python, not by 40 CASE columns), the exercises, the
    weeks, the body areas, the times of day."""
    choice = trends.parse_period(request.args.get("days"))
    today = diary_services.local_now(current_user).date()
    if choice.all_time:
        found = trends.days(db.session, current_user, None, today, per_twitch=True)
        period = queries.Period(min(found, default=today), today)
    else:
        period = queries.Period.last(int(choice.key), today)
        earlier = period.start - timedelta(days=int(choice.key))  # for "than the N before"
        found = trends.days(db.session, current_user, earlier, today, per_twitch=True,
                            strings_from=period.start)
    overview = summary_overview(found, period)
    chart_view = trend_charts(found, period.start, today, choice.all_time)
    when_parts, when_situations = when(db.session, current_user, period.start, today)
    picture = weekly.picture(db.session, current_user, period.end)  # 12 weeks, whatever the period
    return render_template("insights/insights.html", days=chart_view.days, choice=choice,
                           period=period, overview=overview, trends=chart_view,
                           effects=factor_effects(found, period.start, today),
                           helps=what_helps(db.session, current_user), min_sessions=MIN_SESSIONS,
                           exercise_name=exercise_name, periods=trends.PERIODS,
                           weekly=weekly_view(picture), when_parts=when_parts,
                           when_situations=when_situations,
                           heat=bodymap_heat(db.session, current_user, period.start, today))


@bp.route("/summary")
@role_required("person")
@remembered
def summary() -> ResponseReturnValue:
    """Owner: a one-page summary to print or show at a doctor's visit, for the dates
    chosen (?start=&end=, the last 90 days by default; an impossible range is a
    message). The page's logic is webapp.insights.summary."""
    today = diary_services.local_now(current_user).date()
    return render_summary(db.session, current_user, today, request.args)
