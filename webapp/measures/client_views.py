"""The therapist's side of questionnaires, for one client who shares them:
their scores and charts, scheduling a questionnaire, stopping a schedule, and
marking an item-9 alert as followed up. Every route needs a therapist who has
completed two-step sign-in. A share that is not theirs, revoked, ended or
without questionnaires is a 404 (the page itself says when a share ended);
nothing is stored for it. Showing the page writes the person's access log."""
from __future__ import annotations

from datetime import date
from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from webapp import db
from webapp.auth.models import User
from webapp.diary.forms import DiaryForm, submitted
from webapp.diary.services import local_now
from webapp.measures import instruments, schedules, services
from webapp.measures.parsing import DEFAULT_EXPIRY, EXPIRY_MAX, parse_schedule
from webapp.measures.views import bp
from webapp.security import therapist_with_two_factor
from webapp.sharing import services as sharing
from webapp.sharing.client_page import open_client
from webapp.sharing.models import Share
from webapp.validation import ValidationFailed, query_int


def _client_or_404(share_id: int) -> tuple[Share, User]:
    found = sharing.client_share(db.session, current_user, share_id)
    if found is None or not found[0].share_measures or found[0].ended():
        abort(404)
    return found


def _therapist() -> Any:
    return current_user._get_current_object()


def _page(share: Share, person: User, values: dict[str, Any],
          errors: dict[str, str]) -> ResponseReturnValue:
    today = local_now(person).date()
    return render_template("measures/client.html", share=share, person=person,
                           values=values, errors=errors, today=today,
                           instruments=instruments.all_instruments(),
                           expiry_max=EXPIRY_MAX), 422 if errors else 200


def _fresh(today: date) -> dict[str, Any]:
    return {"instrument": "phq4", "cadence": "weekly", "starts_on": today.isoformat(),
            "ends_on": "", "session_dates": "", "expiry_days": str(DEFAULT_EXPIRY)}


@bp.route("/clients/<int:share_id>/measures")
@therapist_with_two_factor
def client(share_id: int) -> ResponseReturnValue:
    """Therapist, with an active share that includes questionnaires: the client's
    scores, charts, schedules and alerts, and the form to schedule one. Reads only."""
    found = sharing.client_share(db.session, current_user, share_id)
    if found is None or not found[0].share_measures:
        abort(404)
    share, person = found
    ended = open_client(share, person, _therapist(), "measures")
    if ended is not None:
        return ended
    page = _page(share, person, _fresh(local_now(person).date()), {})
    db.session.commit()
    return page


@bp.route("/clients/<int:share_id>/measures/schedule", methods=["POST"])
@therapist_with_two_factor
def schedule(share_id: int) -> ResponseReturnValue:
    """Therapist, with an active share that includes questionnaires: schedule one
    for the client (once, weekly, every 2 weeks or before session dates). A
    refused schedule shows the form again with what was typed; nothing is stored."""
    share, person = _client_or_404(share_id)
    DiaryForm().validate_on_submit() or abort(400)
    values = submitted()
    try:
        parsed = parse_schedule(values, local_now(person).date())
    except ValidationFailed as err:
        return _page(share, person, values, err.errors)
    schedules.create_schedule(db.session, _therapist(), person, parsed)
    db.session.commit()
    flash(_("Scheduled. %(name)s will see it on their home screen when it is due.",
            name=person.display_name), "success")
    return redirect(url_for("measures.client", share_id=share.id))


@bp.route("/clients/<int:share_id>/measures/schedule/stop", methods=["POST"])
@therapist_with_two_factor
def stop(share_id: int) -> ResponseReturnValue:
    """Therapist, with an active share that includes questionnaires: stop one of
    their schedules for this client (it stays on record as stopped)."""
    share, person = _client_or_404(share_id)
    form = DiaryForm()
    form.validate_on_submit() or abort(400)
    schedule_id = query_int(submitted().get("schedule"), 0, 0, 2**31 - 1)
    if schedules.stop_schedule(db.session, _therapist(), person, schedule_id):
        db.session.commit()
        flash(_("Stopped. Nothing more is due from this schedule."), "success")
    else:
        flash(_("That schedule was already stopped."), "info")
    return redirect(url_for("measures.client", share_id=share.id))


@bp.route("/clients/<int:share_id>/measures/alerts", methods=["POST"])
@therapist_with_two_factor
def follow_up(share_id: int) -> ResponseReturnValue:
    """Therapist, with an active share that includes questionnaires: mark one
    item-9 alert for this client as followed up (by them, now)."""
    share, person = _client_or_404(share_id)
    DiaryForm().validate_on_submit() or abort(400)
    alert_id = query_int(submitted().get("alert"), 0, 0, 2**31 - 1)
    if services.follow_up(db.session, _therapist(), person, alert_id):
        db.session.commit()
        flash(_("Marked as followed up."), "success")
    else:
        flash(_("That alert was already marked as followed up."), "info")
    return redirect(url_for("sharing.client", share_id=share.id, _anchor="measures"))
