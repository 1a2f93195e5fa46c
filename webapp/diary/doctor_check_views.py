""""A doctor checked this": the visits a person records, so the screener asks
about what is new since then instead of the same questions every week.
Signed-in people only, their own records only; each view commits once."""
from __future__ import annotations

import uuid as uuid_mod
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from webapp import db
from webapp.auth.views import safe_next
from webapp.diary import screening, services, vocab
from webapp.diary.forms import DiaryForm, submitted
from webapp.diary.views import bp
from webapp.security import role_required
from webapp.validation import ValidationFailed

person_only = role_required("person")


def _owner() -> Any:
    return current_user._get_current_object()


def _fresh_values() -> dict[str, Any]:
    return {"uuid": str(uuid_mod.uuid4()), "area": request.args.get("area", ""),
            "checked_on": services.local_now(_owner()).date().isoformat(), "tests": []}


@bp.route("/screener/doctor-checks", methods=["GET", "POST"])
@person_only
def doctor_checks() -> ResponseReturnValue:
    """Owner: the visits they recorded, and a form to record one."""
    user = _owner()
    next_url = safe_next(request.values.get("next") or url_for("diary.screener"))
    form = DiaryForm()
    values, errors = _fresh_values(), {}
    if form.validate_on_submit():
        values = submitted()
        tests = request.form.getlist("tests")
        values["tests"] = tests
        try:
            screening.record_check(db.session, user, values.get("uuid"), {**values, "tests": tests})
        except ValidationFailed as err:
            errors = err.errors
            if "uuid" in errors:
                values["uuid"] = str(uuid_mod.uuid4())
        else:
            db.session.commit()
            flash(_("Saved. The questions will now ask what is new since this visit."), "success")
            return redirect(url_for("diary.doctor_checks", next=next_url))
    status = 422 if errors or form.errors else 200
    return render_template("diary/screener_doctor_checks.html",
                           checks=screening.checks(db.session, user), values=values,
                           errors=errors, tests=screening.TESTS, body_areas=vocab.BODY_AREAS,
                           next_url=next_url,
                           today=services.local_now(user).date().isoformat()), status


@bp.route("/screener/doctor-checks/<check_uuid>/delete", methods=["POST"])
@person_only
def doctor_check_delete(check_uuid: str) -> ResponseReturnValue:
    """Owner: remove a visit they recorded; someone else's is 404."""
    check = screening.check_for(db.session, _owner(), check_uuid) or abort(404)
    form = DiaryForm()
    if form.validate_on_submit():
        screening.delete_check(db.session, _owner(), check)
        db.session.commit()
        flash(_("Visit removed."), "success")
    return redirect(url_for("diary.doctor_checks"))
