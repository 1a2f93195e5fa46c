"""Saving a finished exercise, and the page that shows what changed. Each commits
at most once."""
from __future__ import annotations

import uuid as uuid_module
from typing import Any

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from webapp import db
from webapp.errors import wants_json
from webapp.exercises import services
from webapp.exercises.forms import submitted
from webapp.exercises.views import bp, player_messages
from webapp.validation import ValidationFailed


def _login_to_save() -> ResponseReturnValue:
    message = _("Log in to save your sessions. Every exercise works without an account.")
    if wants_json():
        return jsonify(error=message, login=url_for("auth.login")), 401
    flash(message, "info")
    back = request.form.get("back", "")
    return redirect(url_for("auth.login", next=back if back.startswith("/exercises") else None))


def _payload() -> dict[str, Any]:
    """The session as posted: a JSON object, or the player's form."""
    if not request.is_json:
        return submitted()
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ValidationFailed({"body": _("Send the session as a JSON object.")})
    return body


@bp.route("/sessions", methods=["POST"])
def save_session() -> ResponseReturnValue:
    """Signed-in person: save a finished or stopped session (form or JSON, CSRF
    token in the form or the X-CSRFToken header). Idempotent by uuid: a repeat
    saves nothing and says so. Anyone else is invited to log in."""
    if not current_user.is_authenticated:
        return _login_to_save()
    # CSRFProtect has checked the token (form field or header) before this view ran.
    data: dict[str, Any] = {}
    try:
        data = _payload()
        row, created = services.record_session(db.session, current_user._get_current_object(),
                                               data.get("uuid"), data)
    except ValidationFailed as err:
        db.session.rollback()
        if wants_json():
            return jsonify(error=_("Nothing was saved."), errors=err.errors), 422
        return render_template("exercises/record.html", values=data, errors=err.errors,
                               messages=player_messages()), 422
    db.session.commit()
    url = url_for("exercises.session_result", key=row.uuid)
    if wants_json():
        status = "created" if created else "exists"
        return jsonify(status=status, uuid=str(row.uuid), url=url), 201 if created else 200
    if not created:
        flash(_("This session was already saved."), "info")
    return redirect(url)


@bp.route("/sessions/<uuid:key>")
@login_required
def session_result(key: uuid_module.UUID) -> ResponseReturnValue:
    """Signed-in person: what changed in one of their own sessions; 404 for
    anyone else's. Reads only."""
    row = services.session_for(db.session, current_user._get_current_object(), key)
    if row is None:
        abort(404)
    again = (url_for("exercises.breathe", key=row.pattern) if row.exercise == services.BREATHE
             else url_for("exercises.relax", slug=row.exercise))
    return render_template("exercises/result.html", session=row, again=again,
                           name=services.exercise_name(row.exercise, row.pattern))
