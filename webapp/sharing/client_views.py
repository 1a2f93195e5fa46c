"""The therapist's side: clients who share with them, their trends, read-only."""
from __future__ import annotations

from datetime import timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from webapp import db
from webapp.auth.models import User
from webapp.diary.forms import DiaryForm
from webapp.diary.models import Entry
from webapp.diary.services import local_now
from webapp.exercises.services import effect_by_exercise, exercise_name
from webapp.insights import queries
from webapp.ownership import owned
from webapp.recovery import ledger, taper
from webapp.recovery.parsing import KINDS
from webapp.security import role_required
from webapp.sharing import services
from webapp.sharing.blueprint import bp
from webapp.sharing.models import Share, TherapistCode

therapist_only = role_required("therapist")


@bp.route("/clients")
@therapist_only
def clients() -> ResponseReturnValue:
    """Therapist: their code (if made yet) and every client sharing with them."""
    code = db.session.get(TherapistCode, current_user.id)
    return render_template("sharing/clients.html", code=code.code if code else None,
                           clients=services.client_trends(db.session, current_user))


@bp.route("/clients/code", methods=["POST"])
@therapist_only
def rotate_code() -> ResponseReturnValue:
    """Therapist: make their code, or a new one (the old one stops working;
    existing shares stay)."""
    DiaryForm().validate_on_submit() or abort(400)
    had_code = db.session.get(TherapistCode, current_user.id) is not None
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
@therapist_only
def client(share_id: int) -> ResponseReturnValue:
    """Therapist: one client's shared diary, read-only, in the parts they chose."""
    share, person = _share_or_404(share_id)
    days = request.args.get("days", 30, type=int)
    days = days if days in queries.PERIODS else 30
    period = queries.Period.last(days, local_now(person).date())
    overview = (queries.entry_overview(db.session, person, period)
                if share.share_twitches else None)
    patterns = (queries.checkin_patterns(db.session, person, period)
                if share.share_checkins else None)
    recent = []
    if share.share_twitches:
        recent = list(db.session.scalars(
            owned(Entry, person).where(Entry.deleted_at.is_(None),
                                       Entry.local_day >= period.end - timedelta(days=13))
            .order_by(Entry.occurred_at.desc()).limit(60)))
    checks = ledger.counts_by_kind(db.session, person, period.start) \
        if share.share_recovery else None
    return render_template("sharing/client.html", share=share, person=person, days=days,
                           period=period, overview=overview, patterns=patterns, recent=recent,
                           periods=queries.PERIODS, checks=checks,
                           kind_labels=KINDS)


@bp.route("/clients/<int:share_id>/suggest-log-less", methods=["POST"])
@therapist_only
def suggest_log_less(share_id: int) -> ResponseReturnValue:
    """Therapist, when the client shares their ledger: suggest logging less. The
    client sees the suggestion and decides; nothing changes until they do."""
    share, person = _share_or_404(share_id)
    DiaryForm().validate_on_submit() or abort(400)
    if not share.share_recovery:
        abort(404)
    if taper.suggest_taper(db.session, current_user, person):
        flash(_("Suggested. %(name)s will see it and decide.", name=person.display_name),
              "success")
    else:
        flash(_("%(name)s already logs less.", name=person.display_name), "info")
    db.session.commit()
    return redirect(url_for("sharing.client", share_id=share.id))


@bp.route("/clients/<int:share_id>/safety")
@therapist_only
def client_safety(share_id: int) -> ResponseReturnValue:
    """Therapist: the client's red-flag answers and what helps them, if shared."""
    share, person = _share_or_404(share_id)
    flagged = queries.flagged_screenings(db.session, person) if share.share_screenings else None
    effects = effect_by_exercise(db.session, person) if share.share_exercises else None
    return render_template("sharing/client_safety.html", share=share, person=person,
                           flagged=flagged, effects=effects, exercise_name=exercise_name)
