"""The questionnaires' alerts on the therapist's client list (webapp.sharing.alerts):
PHQ-9 question 9 answered above 0 (open until followed up, or seen), a reliable
worsening between a client's last two scores of one questionnaire, and two
scheduled questionnaires missed in a row. Each is a SELECT over the shares the
client list looks at, so all of them join the list's one UNION ALL of alerts.
Cleared by "seen" (and item 9 also by "followed up"), never by time.

Missed questionnaires are worked out in SQL for weekly and two-weekly schedules
(the ones that can be missed twice in a row): the last two occurrences that have
closed by today (UTC), each missed when no response to that questionnaire has a
local day inside its window. Before-each-session schedules show their misses on
the client's page (``schedules.missed_in_a_row``), not on the list."""
from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import Date, String, and_, case, cast, exists, func, literal, literal_column, select

from webapp.db import utcnow
from webapp.measures.models import MeasureAlert, MeasureResponse, MeasureSchedule
from webapp.measures.scoring import INSTRUMENTS
from webapp.measures.templating import instrument_name
from webapp.ownership import owned_by, owner_column
from webapp.safety import signs
from webapp.sharing import alerts
from webapp.sharing.models import Share
from webapp.sqldays import days_between, plus_days


def _item9_rows(targets: Any) -> Any:
    """Open item-9 alerts for the share's therapist, raised since they last looked."""
    found = (owned_by(MeasureAlert, select(targets.c.whose))
             .join(targets, targets.c.whose == owner_column(MeasureAlert))
             .join(Share, Share.id == targets.c.share_id)
             .join(MeasureResponse, MeasureResponse.id == MeasureAlert.response_id))
    return found.with_only_columns(
        targets.c.share_id, literal("item9").label("source"), MeasureAlert.created_at.label("at"),
        cast(MeasureResponse.item9, String).label("detail"),
    ).where(targets.c.share_measures.is_(True), MeasureAlert.therapist_id == Share.therapist_id,
            MeasureAlert.followed_up_at.is_(None), MeasureAlert.created_at > targets.c.since)


def _item9_text(detail: str) -> tuple[str, str]:
    return signs.THIS_WEEK, _(
        "PHQ-9 question 9 (thoughts of being better off dead or of self-harm) answered "
        "%(answer)s of 3. Mark it followed up on their questionnaires once you have.",
        answer=detail)


def _threshold(instrument: Any) -> Any:
    return case(*((instrument == key, i.reliable.points) for key, i in INSTRUMENTS.items()),
                else_=100)


def _worsening_rows(targets: Any) -> Any:
    """A reliable worsening between the last two scores of a questionnaire, taken
    since the therapist last looked."""
    rank = func.row_number().over(
        partition_by=(MeasureResponse.user_id, MeasureResponse.instrument),
        order_by=(MeasureResponse.taken_at.desc(), MeasureResponse.id.desc())).label("rank")
    ranked = (owned_by(MeasureResponse, select(targets.c.whose))
              .with_only_columns(MeasureResponse.user_id.label("uid"),
                                 MeasureResponse.instrument.label("instrument"),
                                 MeasureResponse.total.label("total"),
                                 MeasureResponse.taken_at.label("taken_at"), rank).subquery())
    last, before = ranked.alias("last"), ranked.alias("before")
    return (select(targets.c.share_id, literal("worsening").label("source"),
                   last.c.taken_at.label("at"),
                   (last.c.instrument + literal(":") + cast(before.c.total, String)
                    + literal(":") + cast(last.c.total, String)).label("detail"))
            .select_from(targets)
            .join(last, and_(last.c.uid == targets.c.whose, last.c.rank == 1))
            .join(before, and_(before.c.uid == last.c.uid,
                               before.c.instrument == last.c.instrument, before.c.rank == 2))
            .where(targets.c.share_measures.is_(True), last.c.taken_at > targets.c.since,
                   last.c.total - before.c.total >= _threshold(last.c.instrument)))


def _worsening_text(detail: str) -> tuple[str, str]:
    key, before, after = (detail.split(":") + ["", "", ""])[:3]
    return "info", _("%(name)s went from %(before)s to %(after)s: a reliable worsening.",
                     name=instrument_name(key), before=before, after=after)


def _missed_rows(targets: Any) -> Any:
    """Weekly or two-weekly schedules whose last two closed occurrences were missed."""
    s = MeasureSchedule
    step = case((s.cadence == "weekly", 7), else_=14)
    # UTC's day, one for every client in one statement: an occurrence closes only
    # after its expiry (days), so the hours between it and the person's day do not matter.
    today = literal(utcnow().date(), Date)
    elapsed = days_between(today, s.starts_on)
    span = days_between(s.ends_on, s.starts_on)
    closed = (elapsed - s.expiry_days) // step  # whole occurrences, from 0 up
    last_closed = case((closed > span // step, span // step), else_=closed)
    response = MeasureResponse

    def missed(index: Any) -> Any:
        day = days_between(response.local_day, s.starts_on)
        return ~exists(owned_by(response, select(targets.c.whose)).where(
            owner_column(response) == owner_column(s), response.instrument == s.instrument,
            day >= index * step, day < index * step + s.expiry_days).with_only_columns(
            literal_column("1")))

    found = (owned_by(s, select(targets.c.whose))
             .join(targets, targets.c.whose == owner_column(s))
             .join(Share, Share.id == targets.c.share_id))
    at = plus_days(s.starts_on, last_closed * step + s.expiry_days)
    return found.with_only_columns(
        targets.c.share_id, literal("missed").label("source"), at.label("at"),
        s.instrument.label("detail"),
    ).where(targets.c.share_measures.is_(True), s.therapist_id == Share.therapist_id,
            s.stopped_at.is_(None), s.cadence.in_(("weekly", "fortnightly")),
            s.starts_on.is_not(None), s.ends_on.is_not(None), elapsed >= s.expiry_days,
            last_closed >= 1, missed(last_closed), missed(last_closed - 1),
            at > targets.c.since)


def _missed_text(detail: str) -> tuple[str, str]:
    return "info", _("The last two %(name)s questionnaires you scheduled were missed.",
                     name=instrument_name(detail))


SOURCES = (
    alerts.AlertSource("item9", _item9_rows, _item9_text),
    alerts.AlertSource("worsening", _worsening_rows, _worsening_text),
    alerts.AlertSource("missed", _missed_rows, _missed_text),
)


def register() -> None:
    """At start (create_app): add the questionnaires' alerts to the client list."""
    for source in SOURCES:
        alerts.register(source)
