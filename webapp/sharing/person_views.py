"""The person's side: share with a therapist by code, choose what, stop at once."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from webapp import db
from webapp.diary.forms import DiaryForm, submitted
from webapp.extensions import configured, limiter, signed_in_user
from webapp.language.dates import show_date
from webapp.security import role_required
from webapp.sharing import access_log, services
from webapp.sharing.blueprint import bp
from webapp.sharing.models import SCOPES
from webapp.validation import ValidationFailed

DEFAULT_SCOPES = {"twitches": True, "checkins": True, "notes": False, "screenings": True,
                  "exercises": True, "recovery": False,
                  "measures": True}  # issue 13: questionnaires are made for therapists


@bp.route("/share", methods=["GET", "POST"])
@role_required("person")
@limiter.limit(configured("RATELIMIT_PASSWORD_CHECK"), methods=["POST"], key_func=signed_in_user)
@limiter.limit(configured("RATELIMIT_PASSWORD_CHECK"), methods=["POST"])
def index() -> ResponseReturnValue:
    """Person: their shares, and a form to share with a therapist's code.
    Code checks are rate-limited per person and per address."""
    form = DiaryForm()
    values, errors = {"code": "", "ends_on": "", **DEFAULT_SCOPES}, {}
    if form.validate_on_submit():
        data = submitted()
        values = {"code": data.get("code", ""), "ends_on": data.get("ends_on", ""),
                  **{s: bool(data.get(s)) for s in SCOPES}}
        try:
            share = services.share_with_code(db.session, current_user, data.get("code", ""), data)
        except ValidationFailed as err:
            errors = err.errors
        else:
            db.session.commit()
            flash(_("Your diary is now shared. You can change or stop this at any time."),
                  "success")
            return redirect(url_for("sharing.index", _anchor=f"share-{share.id}"))
    shares = services.my_shares(db.session, current_user)
    page = max(0, request.args.get("log", 0, type=int))
    log, older = access_log.log_for(db.session, current_user, page)
    return render_template("sharing/index.html", shares=shares, values=values, errors=errors,
                           scopes=SCOPES, today=services.person_today(current_user), log=log,
                           log_page=page, older=older, part_label=access_log.part_label), \
        422 if errors else 200


@bp.route("/share/<int:share_id>", methods=["POST"])
@role_required("person")
def update(share_id: int) -> ResponseReturnValue:
    """Person: change what one therapist can see."""
    share = services.owned_share(db.session, current_user, share_id) or abort(404)
    DiaryForm().validate_on_submit() or abort(400)
    try:
        services.update_scopes(db.session, share, submitted())
    except ValidationFailed as err:
        flash(next(iter(err.errors.values())), "warning")
        return redirect(url_for("sharing.index", _anchor=f"share-{share.id}"))
    db.session.commit()
    flash(_("Saved. Your therapist sees only what you chose."), "success")
    return redirect(url_for("sharing.index"))


@bp.route("/share/<int:share_id>/end", methods=["POST"])
@role_required("person")
def set_end(share_id: int) -> ResponseReturnValue:
    """Person: set, move or clear the day sharing with this therapist ends."""
    share = services.owned_share(db.session, current_user, share_id) or abort(404)
    DiaryForm().validate_on_submit() or abort(400)
    try:
        services.set_end(db.session, share, current_user, submitted().get("ends_on"))
    except ValidationFailed as err:
        flash(next(iter(err.errors.values())), "warning")
        return redirect(url_for("sharing.index", _anchor=f"share-{share.id}"))
    db.session.commit()
    if share.ends_on:
        flash(_("Saved. Sharing ends on %(d)s.", d=show_date(share.ends_on)), "success")
    else:
        flash(_("Saved. Sharing has no end date."), "success")
    return redirect(url_for("sharing.index", _anchor=f"share-{share.id}"))


@bp.route("/share/<int:share_id>/revoke", methods=["POST"])
@role_required("person")
def revoke(share_id: int) -> ResponseReturnValue:
    """Person: stop sharing with this therapist, effective immediately."""
    share = services.owned_share(db.session, current_user, share_id) or abort(404)
    DiaryForm().validate_on_submit() or abort(400)
    services.revoke(db.session, share)
    db.session.commit()
    flash(_("Sharing stopped. Your therapist can no longer see your diary."), "success")
    return redirect(url_for("sharing.index"))
