"""Worry time (/recovery/worry): park a worry in one line outside the window;
during it, answer, let go or keep each one. The person's alone: no therapist
route reads these. Each view commits once."""
from __future__ import annotations

import uuid as uuid_mod
from typing import Any
from zoneinfo import ZoneInfo

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from webapp import db
from webapp.db import utcnow
from webapp.diary.forms import DiaryForm, submitted
from webapp.ownership import StaleEdit
from webapp.recovery import worry
from webapp.recovery.parsing import WORRY_STATUSES
from webapp.recovery.settings import settings_for
from webapp.recovery.views import bp, person_only
from webapp.validation import ValidationFailed


def _owner() -> Any:
    return current_user._get_current_object()


def _page(values: dict[str, Any], errors: dict[str, str],
          settle_errors: dict[str, Any] | None = None) -> tuple[str, int]:
    user = _owner()
    settings = settings_for(db.session, user)
    start = settings.worry_start if settings else None
    length = settings.worry_length if settings else 15
    state = worry.worry_time(start, length, user.timezone, utcnow())
    listed = worry.waiting_worries(db.session, user) if state and state.is_open else []
    waiting = len(listed) if listed else worry.waiting_count(db.session, user)
    status = 422 if errors or settle_errors else 200
    return render_template(
        "recovery/worry.html", values=values, errors=errors, state=state, length=length,
        worries=listed, waiting=waiting, settle_errors=settle_errors or {},
        today=utcnow().astimezone(ZoneInfo(user.timezone)).date(),
        statuses=WORRY_STATUSES, deleted=request.args.get("deleted", "")), status


@bp.route("/worry", methods=["GET", "POST"])
@person_only
def worry_page() -> Any:
    """Owner: park a worry for worry time (one line); during the window, the
    parked worries to answer, let go or keep."""
    form = DiaryForm()
    values: dict[str, Any] = {"uuid": str(uuid_mod.uuid4()), "text": ""}
    errors: dict[str, str] = {}
    if form.validate_on_submit():
        values = submitted()
        try:
            worry.park_worry(db.session, _owner(), values.get("uuid"), values)
        except ValidationFailed as err:
            errors = err.errors
            if "uuid" in errors:
                values["uuid"] = str(uuid_mod.uuid4())
        else:
            db.session.commit()
            flash(_("Parked. It will wait for worry time."), "success")
            return redirect(url_for("recovery.worry_page"))
    return _page(values, errors)


@bp.route("/worry/<worry_uuid>/settle", methods=["POST"])
@person_only
def settle_worry(worry_uuid: str) -> Any:
    """Owner: answer a parked worry, let it go, or keep it for next time."""
    parked = worry.worry_for(db.session, _owner(), worry_uuid) or abort(404)
    DiaryForm().validate_on_submit() or abort(400)
    data = submitted()
    try:
        worry.update_worry(db.session, _owner(), parked.uuid, None,
                           {"status": data.get("status", ""), "answer": data.get("answer", "")})
    except ValidationFailed as err:
        db.session.rollback()
        typed = {"uuid": str(parked.uuid), "answer_text": data.get("answer", "")}
        return _page({"uuid": str(uuid_mod.uuid4()), "text": ""}, {}, {**typed, **err.errors})
    db.session.commit()
    flash({"answered": _("Answered."), "let_go": _("Let go."),
           "kept": _("Kept for next worry time.")}.get(data.get("status", ""), _("Saved.")),
          "success")
    return redirect(url_for("recovery.worry_page"))


@bp.route("/worry/<worry_uuid>/edit", methods=["GET", "POST"])
@person_only
def edit_worry(worry_uuid: str) -> Any:
    """Owner: change a parked worry's words."""
    parked = worry.worry_for(db.session, _owner(), worry_uuid) or abort(404)
    form = DiaryForm()
    values: dict[str, Any] = {"text": parked.text, "version": parked.version}
    errors: dict[str, str] = {}
    conflict = None
    if form.validate_on_submit():
        values = submitted()
        try:
            worry.update_worry(db.session, _owner(), parked.uuid,
                               request.form.get("version", type=int), {"text": values.get("text")})
        except ValidationFailed as err:
            errors = err.errors
        except StaleEdit as stale:
            conflict = stale.record.text
            values["version"] = stale.record.version
        else:
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for("recovery.worry_page"))
    status = 409 if conflict else 422 if errors or form.errors else 200
    return render_template("recovery/worry_edit.html", worry=parked, values=values,
                           errors=errors, conflict=conflict), status


@bp.route("/worry/<worry_uuid>/delete", methods=["POST"])
@person_only
def delete_worry(worry_uuid: str) -> Response:
    """Owner: delete a parked worry; it can be undone for a few minutes."""
    parked = worry.worry_for(db.session, _owner(), worry_uuid) or abort(404)
    DiaryForm().validate_on_submit() or abort(400)
    worry.delete_worry(db.session, _owner(), parked)
    db.session.commit()
    return redirect(url_for("recovery.worry_page", deleted=parked.uuid))


@bp.route("/worry/<worry_uuid>/restore", methods=["POST"])
@person_only
def restore_worry(worry_uuid: str) -> Response:
    """Owner: undo a recent delete."""
    DiaryForm().validate_on_submit() or abort(400)
    worry.restore_worry(db.session, _owner(), worry_uuid) or abort(404)
    db.session.commit()
    flash(_("The worry is back."), "success")
    return redirect(url_for("recovery.worry_page"))
