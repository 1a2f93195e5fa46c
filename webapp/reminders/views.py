"""Reminder pages: the settings (/settings/reminders), the test push, the
calendar file, and the JSON endpoints a device's page keeps its push
subscription alive with. People only (404 for a therapist); each view commits
at most once."""
from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from webapp import db
from webapp.api.views import api_write
from webapp.diary.forms import DiaryForm
from webapp.reminders import ics, push, services
from webapp.reminders.parsing import (
    EXERCISE_MAX,
    WEEKDAYS,
    WORDING_LABELS,
    parse_settings,
    parse_subscription,
)
from webapp.security import role_required
from webapp.validation import ValidationFailed

bp = Blueprint("reminders", __name__)
person_only = role_required("person")


def _owner() -> Any:
    return current_user._get_current_object()


def _values(user: Any) -> dict[str, Any]:
    found = services.settings_for(db.session, user)
    if found is None:
        return {"timezone": user.timezone, "checkin_on": False, "checkin_at": "20:30",
                "exercise_times": [], "worry_on": False, "quiet_days": [], "wording": "generic"}
    return {"timezone": found.timezone, "checkin_on": found.checkin_on,
            "checkin_at": found.checkin_at, "exercise_times": found.exercise_list,
            "worry_on": found.worry_on, "quiet_days": list(found.quiet_days),
            "wording": found.wording}


def _page(values: dict[str, Any], errors: dict[str, str]) -> tuple[str, int]:
    user = _owner()
    problem = push.ready()
    times = list(values["exercise_times"]) + [""] * EXERCISE_MAX
    return render_template(
        "reminders/settings.html", values=values, errors=errors,
        exercise_slots=times[:EXERCISE_MAX], weekdays=list(WEEKDAYS.items()),
        wordings=list(WORDING_LABELS.items()), worry_start=services.worry_start(db.session, user),
        devices=services.devices(db.session, user),
        public_key=None if problem else push.keys().public,
        push_problem=problem), 422 if errors else 200


@bp.route("/settings/reminders", methods=["GET", "POST"])
@person_only
def settings_page() -> Any:
    """Owner: when to be reminded (check-in, exercises, worry time), quiet days
    and wording, in their own time zone; their devices, a test, the calendar
    file. A refused form shows what was typed with a message per field."""
    form = DiaryForm()
    if form.validate_on_submit():
        typed = {"timezone": request.form.get("timezone", ""),
                 "checkin_on": request.form.get("checkin_on"),
                 "checkin_at": request.form.get("checkin_at", ""),
                 "exercise_times": request.form.getlist("exercise_times"),
                 "worry_on": request.form.get("worry_on"),
                 "quiet_days": request.form.getlist("quiet_days"),
                 "wording": request.form.get("wording", "generic")}
        try:
            values = parse_settings(typed)
        except ValidationFailed as err:
            return _page({**typed, "checkin_on": bool(typed["checkin_on"]),
                          "worry_on": bool(typed["worry_on"])}, err.errors)
        services.save_settings(db.session, _owner(), values)
        db.session.commit()
        flash(_("Saved."), "success")
        return redirect(url_for("reminders.settings_page"))
    if form.errors:
        return _page(_values(_owner()), {"form": _("The form was too old. Please try again.")})
    return _page(_values(_owner()), {})


@bp.route("/settings/reminders/test", methods=["POST"])
@person_only
def send_test() -> Response:
    """Owner: push a test reminder to each of their devices and say whether the
    push service accepted it. Removes a device the push service says is gone."""
    if not DiaryForm().validate_on_submit():
        flash(_("The form was too old. Please try again."), "error")
        return redirect(url_for("reminders.settings_page"))
    if push.ready():
        flash(_("Reminders are not set up on this server yet."), "error")
        return redirect(url_for("reminders.settings_page"))
    outcome = services.send_test(db.session, _owner())
    db.session.commit()
    if outcome.accepted:
        flash(_("Sent. The push service accepted it; it should appear in a moment."), "success")
    elif outcome.failed:
        flash(_("The push service did not accept the test. Try again in a few minutes."),
              "error")
    elif outcome.gone:
        flash(_("This device's subscription had expired and was removed. Turn reminders "
                "on again on this device."), "error")
    else:
        flash(_("No device gets reminders yet. Turn them on first."), "error")
    return redirect(url_for("reminders.settings_page", _anchor="devices"))


@bp.route("/settings/reminders/calendar.ics")
@person_only
def calendar() -> Response:
    """Owner: their reminders as a calendar file (daily events with an alarm),
    for a phone that will not take notifications. Reads only."""
    found = services.settings_for(db.session, _owner())
    body = ics.calendar_for(found, services.worry_start(db.session, _owner())) if found else None
    if body is None:
        flash(_("Choose a reminder time and save it first."), "error")
        return redirect(url_for("reminders.settings_page"))
    response = current_app.response_class(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = 'attachment; filename="steady-reminders.ics"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _json_error(errors: dict[str, str]) -> tuple[Response, int]:
    return jsonify(error=_("That subscription cannot be used."), fields=errors, status=400), 400


@bp.post("/api/push/subscription")
@api_write
def subscribe() -> Any:
    """Signed-in person, from their device: store or refresh this device's push
    subscription (sent on every launch). 400 with field messages when it is
    malformed or not from a known push service."""
    if current_user.role != "person":
        return jsonify(error="not found", status=404), 404
    try:
        values = parse_subscription(
            request.get_json(silent=True), push.push_services(current_app),
            allow_http=bool(current_app.config["PUSH_ALLOW_HTTP_ENDPOINTS"]))
    except ValidationFailed as err:
        return _json_error(err.errors)
    _row, created = services.keep_subscription(db.session, _owner(), values,
                                               request.headers.get("User-Agent", ""))
    db.session.commit()
    return jsonify(status="created" if created else "updated"), 201 if created else 200


@bp.delete("/api/push/subscription")
@api_write
def unsubscribe() -> Any:
    """Signed-in person, from their device: forget this device's subscription
    (their own only; an unknown endpoint changes nothing)."""
    data = request.get_json(silent=True)
    endpoint = data.get("endpoint") if isinstance(data, dict) else None
    if not isinstance(endpoint, str) or not endpoint:
        return _json_error({"endpoint": _("Say which subscription to remove.")})
    removed = services.drop_subscription(db.session, _owner(), endpoint)
    db.session.commit()
    return jsonify(status="removed" if removed else "absent")
