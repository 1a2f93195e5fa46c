"""The therapist's side: clients who share with them, read-only. Every route here
needs a therapist whose session passed two-step sign-in
(``therapist_with_two_factor``), and every page that shows a client's records
writes an access-log row first (``access_log.record``)."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from webapp import db
from webapp.auth.models import User
from webapp.db import utcnow
from webapp.diary.forms import DiaryForm, submitted
from webapp.diary.models import Entry
from webapp.diary.services import local_now
from webapp.exercises.services import effect_by_exercise, exercise_name
from webapp.insights import queries
from webapp.ownership import owned
from webapp.recovery import taper
from webapp.recovery.parsing import KINDS
from webapp.security import therapist_with_two_factor
from webapp.sharing import access_log, dashboard, services, since
from webapp.sharing.blueprint import bp
from webapp.sharing.client_page import ended_page, open_client
from webapp.sharing.models import Share
from webapp.validation import ValidationFailed


@bp.route("/clients")
@therapist_with_two_factor
def clients() -> ResponseReturnValue:
    """Therapist: their code (if made yet) and every active client: trends, a
    30-day sparkline, last activity and unseen alerts. Logs a view per client."""
    today = local_now(current_user).date()
    code, rows = dashboard.client_list(db.session, current_user, today)
    access_log.record_each(db.session, [row.share for row in rows], current_user, "dashboard")
    db.session.commit()
    return render_template("sharing/clients.html", code=code, clients=rows)


@bp.route("/clients/code", methods=["POST"])
@therapist_with_two_factor
def rotate_code() -> ResponseReturnValue:
    """Therapist: make their code, or a new one (the old one stops working;
    existing shares stay)."""
    DiaryForm().validate_on_submit() or abort(400)
    had_code = services.code_exists(db.session, current_user)
    services.code_for(db.session, current_user, rotate=True)
    db.session.commit()
    if had_code:
        flash(_("You have a new code. The old one no longer works."), "success")
    return redirect(url_for("sharing.clients"))


def _share_or_404(share_id: int) -> tuple[Share, User]:
    found = services.client_share(db.session, current_user, share_id)
    if found is None:
        abort(404)
    return found


@bp.route("/clients/<int:share_id>")
@therapist_with_two_factor
def client(share_id: int) -> ResponseReturnValue:
    """Therapist: one client's shared diary, read-only, in the parts they chose,
    from the last session on (or the days asked for). Logs the view."""
    share, person = _share_or_404(share_id)
    ended = open_client(share, person, current_user, "summary")
    if ended is not None:
        return ended
    today = local_now(person).date()
    days = request.args.get("days", 0, type=int)
    if days in queries.PERIODS and not request.args.get("since"):
        period, chosen = queries.Period.last(days, today), "days"
    else:
        period, chosen = since.period_for(share, request.args.get("since"), today)
    overview = (queries.entry_overview(db.session, person, period)
                if share.share_twitches else None)
    patterns = (queries.checkin_patterns(db.session, person, period)
                if share.share_checkins else None)
    recent = []
    if share.share_twitches:
        recent = list(db.session.scalars(
            owned(Entry, person).where(Entry.deleted_at.is_(None),
                                       Entry.local_day.between(period.start, period.end))
            .order_by(Entry.occurred_at.desc()).limit(60)))
    found = since.activity(db.session, share, person, period)
    db.session.commit()
    return render_template("sharing/client.html", share=share, person=person, period=period,
                           chosen=chosen, days=(period.end - period.start).days + 1,
                           overview=overview, patterns=patterns, recent=recent,
                           periods=queries.PERIODS, checks=found.checks, activity=found,
                           kind_labels=KINDS, exercise_name=exercise_name, errors={},
                           session_value=share.last_session_on.isoformat()
                           if share.last_session_on else "")


@bp.route("/clients/<int:share_id>/last-session", methods=["POST"])
@therapist_with_two_factor
def set_last_session(share_id: int) -> ResponseReturnValue:
    """Therapist with an active share: the date of their last session with this
    client (blank clears it); the client page then opens on the days since."""
    share, person = _share_or_404(share_id)
    DiaryForm().validate_on_submit() or abort(400)
    ended = ended_page(share, person)
    if ended is not None:
        return ended
    try:
        share.last_session_on = since.session_date(submitted().get("last_session_on"),
                                                   local_now(current_user).date())
    except ValidationFailed as err:
        flash(next(iter(err.errors.values())), "warning")
        return redirect(url_for("sharing.client", share_id=share.id))
    db.session.commit()
    flash(_("Saved. The page now opens on the days since that session."), "success")
    return redirect(url_for("sharing.client", share_id=share.id))


@bp.route("/clients/<int:share_id>/alerts/seen", methods=["POST"])
@therapist_with_two_factor
def alerts_seen(share_id: int) -> ResponseReturnValue:
    """Therapist with an active share: mark this client's alerts as seen (they are
    never cleared by time, only by this)."""
    share, person = _share_or_404(share_id)
    DiaryForm().validate_on_submit() or abort(400)
    ended = ended_page(share, person)
    if ended is not None:
        return ended
    share.alerts_seen_at = utcnow()
    db.session.commit()
    flash(_("Marked as seen. New alerts for %(name)s will show here.", name=person.display_name),
          "success")
    return redirect(url_for("sharing.clients"))


@bp.route("/clients/<int:share_id>/suggest-log-less", methods=["POST"])
@therapist_with_two_factor
def suggest_log_less(share_id: int) -> ResponseReturnValue:
    """Therapist, when the client shares their ledger: suggest logging less. The
    client sees the suggestion and decides; nothing changes until they do."""
    share, person = _share_or_404(share_id)
    DiaryForm().validate_on_submit() or abort(400)
    if not share.share_recovery or share.ended():
        abort(404)
    if taper.suggest_taper(db.session, current_user, person):
        flash(_("Suggested. %(name)s will see it and decide.", name=person.display_name),
              "success")
    else:
        flash(_("%(name)s already logs less.", name=person.display_name), "info")
    db.session.commit()
    return redirect(url_for("sharing.client", share_id=share.id))


@bp.route("/clients/<int:share_id>/safety")
@therapist_with_two_factor
def client_safety(share_id: int) -> ResponseReturnValue:
    """Therapist: the client's red-flag answers and what helps them, if shared.
    Logs the view."""
    share, person = _share_or_404(share_id)
    ended = open_client(share, person, current_user, "safety")
    if ended is not None:
        return ended
    flagged = queries.flagged_screenings(db.session, person) if share.share_screenings else None
    effects = effect_by_exercise(db.session, person) if share.share_exercises else None
    db.session.commit()
    return render_template("sharing/client_safety.html", share=share, person=person,
                           flagged=flagged, effects=effects, exercise_name=exercise_name)
