"""The 30-second daily check-in: one per local day; a second visit edits it."""
from __future__ import annotations

import uuid as uuid_mod
from datetime import date
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from webapp import db
from webapp.diary import screening, services
from webapp.diary.forms import DiaryForm, submitted
from webapp.diary.models import Checkin
from webapp.diary.views import bp
from webapp.safety.views import offer_help_after_checkin
from webapp.security import role_required
from webapp.validation import ValidationFailed

DEFAULTS = {"anxiety": 3, "mood": 3, "sleep_hours": 7, "sleep_quality": 3, "caffeine": 1,
            "water": 6, "alcohol": 0, "movement_minutes": 20, "stressful_events": 0,
            "twitchiness": "few", "note": ""}


def checkin_values(checkin: Any, day: date) -> dict[str, Any]:
    """Form values: the stored check-in for the day, or calm defaults."""
    if checkin is None:
        return {**DEFAULTS, "day": day.isoformat(), "uuid": str(uuid_mod.uuid4())}
    values = {name: getattr(checkin, name) for name in Checkin.ANSWERS}
    values = {k: ("" if v is None else v) for k, v in values.items()}
    if isinstance(values["sleep_hours"], float) and values["sleep_hours"].is_integer():
        values["sleep_hours"] = int(values["sleep_hours"])
    return {**values, "day": checkin.day.isoformat(), "uuid": str(checkin.uuid),
            "version": checkin.version}


@bp.route("/checkin", methods=["GET", "POST"])
@role_required("person")
def checkin() -> ResponseReturnValue:
    """Owner: today's check-in (or ?day=YYYY-MM-DD); saving again edits it."""
    user = current_user._get_current_object()
    today = services.local_now(user).date()
    try:
        day = date.fromisoformat(request.args.get("day", "")) if request.args.get("day") else today
    except ValueError:
        day = today
    day = min(day, today)
    existing = services.checkin_for_day(db.session, user, day)
    values, errors, conflict = checkin_values(existing, day), {}, None
    form = DiaryForm()
    if form.validate_on_submit():
        values = submitted()
        try:
            saved, _created = services.save_checkin(
                db.session, user, values.get("uuid"), values,
                base_version=request.form.get("version", type=int))
        except ValidationFailed as err:
            errors = err.errors
            if "uuid" in errors:
                values["uuid"] = str(uuid_mod.uuid4())
        except services.StaleEdit as stale:
            conflict = checkin_values(stale.record, stale.record.day)
            values["version"] = stale.record.version
        else:
            due = screening.screening_due(db.session, user)
            db.session.commit()
            flash(_("Check-in saved. Thank you for taking a moment."), "success")
            offer_help_after_checkin(saved)
            if due:
                return redirect(url_for("diary.screener", reason="weekly",
                                        next=url_for("diary.timeline")))
            return redirect(url_for("diary.timeline"))
    status = 409 if conflict else 422 if errors or form.errors else 200
    return render_template("diary/checkin.html", values=values, errors=errors, day=day,
                           today=today, existing=existing, conflict=conflict), status
