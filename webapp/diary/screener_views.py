"""The red-flag screener: offered the first time a body area is logged (from
the form or the offline outbox), weekly if the person wants it, and any time
from the diary. Signed-in people only; each view commits at most once."""
from __future__ import annotations

import uuid as uuid_mod
from typing import Any

from flask import flash, has_request_context, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from webapp import db
from webapp.auth.views import safe_next
from webapp.diary import redflags, screening, vocab
from webapp.diary.forms import DiaryForm, submitted
from webapp.diary.views import bp
from webapp.recovery import ledger
from webapp.safety import signs
from webapp.security import role_required
from webapp.validation import ValidationFailed

person_only = role_required("person")
# Pages that never show the first-time offer: the screener's own pages, help now,
# and the pages the service worker keeps as offline copies (no stale offer in a cache).
NO_OFFER_PREFIXES = ("diary.screener", "diary.doctor_check", "safety.", "diary_offline.", "pwa.")


def _owner() -> Any:
    return current_user._get_current_object()


def _first_areas(reason: str) -> list[str]:
    if not reason.startswith("first:"):
        return []
    return [k for k in reason[6:].split(",") if k in vocab.AREAS_BY_KEY]


def area_labels(keys: list[str]) -> list[str]:
    return [str(vocab.AREAS_BY_KEY[k].label) for k in keys if k in vocab.AREAS_BY_KEY]


@bp.route("/screener", methods=["GET", "POST"])
@person_only
def screener() -> ResponseReturnValue:
    """Owner: answer the red-flag questions (yes, no or not sure for each); the
    result gives advice by urgency. After a doctor's check the questions ask
    what is new since that visit; a retake within a week shows the last
    answers and the visit note first, unless `answer=1` asks for the questions."""
    user = _owner()
    reason = request.values.get("reason", "manual")[:40]
    next_url = safe_next(request.values.get("next") or url_for("diary.timeline"))
    areas = _first_areas(reason)
    catalogue = signs.current()
    visit = screening.latest_check(db.session, user, areas)
    since_visit = visit.checked_on if visit else None
    form = DiaryForm()
    answers: dict[str, str] = {}
    missing: list[str] = []
    if form.validate_on_submit():
        data = submitted()
        answers = {s.key: data[s.key] for s in catalogue.signs
                   if data.get(s.key) in redflags.ANSWERS}
        try:
            stored, created = screening.record_screening(
                db.session, user, data.get("uuid"), reason, catalogue, answers, since_visit)
        except ValidationFailed as err:
            missing = [k for k in err.errors if k in catalogue.by_key]
        else:
            ledger.note_screening(db.session, user, stored, created)  # a retake is a check
            db.session.commit()
            return render_template("diary/screener_result.html", next_url=next_url, visit=visit,
                                   result=redflags.assess(catalogue, answers))
    elif request.method == "GET" and not areas and request.args.get("answer") != "1":
        last = screening.last_screening(db.session, user)
        if screening.is_recent(last):
            return render_template(
                "diary/screener_recent.html", last=last, visit=visit, next_url=next_url,
                reason=reason, result=redflags.assess(catalogue, screening.answers_of(last)),
                answers=screening.answers_of(last), catalogue=catalogue,
                weekly=screening.weekly_on(db.session, user))
    status = 422 if missing or form.errors else 200
    return render_template(
        "diary/screener.html", questions=catalogue.questions(after_visit=visit is not None),
        after_visit=visit is not None, visit=visit, reason=reason, areas=area_labels(areas),
        next_url=next_url, answers=answers, missing=missing,
        weekly=screening.weekly_on(db.session, user),
        uuid=request.form.get("uuid") if missing else str(uuid_mod.uuid4())), status


@bp.route("/screener/weekly", methods=["POST"])
@person_only
def screener_weekly() -> ResponseReturnValue:
    """Owner: turn the weekly re-ask of the questions on or off."""
    form = DiaryForm()
    if form.validate_on_submit():
        on = request.form.get("weekly") == "on"
        screening.set_weekly(db.session, _owner(), on)
        db.session.commit()
        flash(_("Saved: the questions will come once a week after a check-in.") if on else
              _("Saved: no weekly questions. You can answer them from your diary at any time."),
              "success")
    return redirect(safe_next(request.form.get("next") or url_for("diary.screener")))


@bp.route("/screener/not-now", methods=["POST"])
@person_only
def screener_not_now() -> ResponseReturnValue:
    """Owner: decline the first-time offer for now; it does not come back for
    these areas. The questions stay one tap away in the diary."""
    form = DiaryForm()
    if form.validate_on_submit():
        screening.take_offer(db.session, _owner())
        db.session.commit()
    return redirect(safe_next(request.form.get("next")))


def screener_context() -> dict[str, object]:
    """For every page (an app-wide context processor): the first-time offer and the tests."""
    return {"screener_offer": screener_offer, "doctor_check_tests": screening.TESTS}


def screener_offer() -> dict[str, object] | None:
    """The open first-time offer for the page being shown, or None. Costs no
    statement: the open areas are loaded with the user."""
    if not has_request_context():
        return None
    endpoint = request.endpoint or ""
    if endpoint.startswith(NO_OFFER_PREFIXES) or not current_user.is_authenticated \
            or current_user.role != "person":
        return None
    keys = screening.pending_areas(current_user)
    if not keys:
        return None
    return {"areas": area_labels(keys), "reason": "first:" + ",".join(keys),
            "next": request.full_path.rstrip("?")}
