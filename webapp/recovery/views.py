"""Recovery pages (/recovery): the checking ledger and its urge timer. Signed-in
people only (the offline copy excepted); each view commits once."""
from __future__ import annotations

import uuid as uuid_mod
from datetime import timedelta
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from webapp import db
from webapp.diary.forms import DiaryForm, submitted
from webapp.diary.services import local_now
from webapp.ownership import StaleEdit
from webapp.recovery import ledger
from webapp.recovery.parsing import KINDS, OUTCOMES, TIMER_DEFAULT, TIMER_RESULTS
from webapp.security import role_required
from webapp.validation import ValidationFailed

bp = Blueprint("recovery", __name__, url_prefix="/recovery")
person_only = role_required("person")


@bp.context_processor
def ledger_words() -> dict[str, Any]:
    """The ledger's choices, as every recovery page shows them."""
    return {"check_kinds": list(KINDS.items()), "kind_labels": KINDS,
            "check_outcomes": list(OUTCOMES.items()), "outcome_labels": OUTCOMES,
            "timer_results": list(TIMER_RESULTS.items()), "result_labels": TIMER_RESULTS}


def _owner() -> Any:
    return current_user._get_current_object()


def new_check_values() -> dict[str, Any]:
    """A fresh log form: a new UUID, now in the person's zone, a 10-minute wait."""
    return {"uuid": str(uuid_mod.uuid4()), "kind": "", "other_text": "", "urge": "",
            "outcome": "", "timer_minutes": TIMER_DEFAULT,
            "occurred_at": local_now(_owner()).strftime("%Y-%m-%dT%H:%M")}


def _ledger_page(values: dict[str, Any], errors: dict[str, str],
                 timer_errors: dict[str, str] | None = None) -> tuple[str, int]:
    user = _owner()
    week_start = local_now(user).date() - timedelta(days=6)
    status = 422 if errors or timer_errors else 200
    return render_template(
        "recovery/ledger.html", values=values, errors=errors, timer_errors=timer_errors or {},
        timer=ledger.open_timer(db.session, user),
        checks=ledger.recent_checks(db.session, user, week_start),
        week=ledger.week_counts(db.session, user, week_start),
        deleted=request.args.get("deleted", "")), status


@bp.route("/", methods=["GET", "POST"])
@person_only
def ledger_page() -> Any:
    """Owner: log a check or urge (kind, then Save: the rest is optional), or
    wait it out with the timer; this week's checks below. A replayed UUID
    returns the check already stored."""
    form = DiaryForm()
    values, errors = new_check_values(), {}
    if form.validate_on_submit():
        values = submitted()
        try:
            check, _created = ledger.create_check(db.session, _owner(), values.get("uuid"),
                                                  values)
        except ValidationFailed as err:
            errors = err.errors
            if "uuid" in errors:
                values["uuid"] = str(uuid_mod.uuid4())
        else:
            db.session.commit()
            if check.timer_minutes and not check.timer_result:
                return redirect(url_for("recovery.ledger_page", _anchor="timer"))
            flash(_("Saved."), "success")
            return redirect(url_for("recovery.ledger_page"))
    return _ledger_page(values, errors)


@bp.route("/offline")
def offline_copy() -> Any:
    """Anyone: the log form with nothing personal in it, kept by the service
    worker for when /recovery/ cannot be reached (the script fills who and when)."""
    values = {"uuid": "", "kind": "", "other_text": "", "urge": "", "outcome": "",
              "timer_minutes": TIMER_DEFAULT, "occurred_at": ""}
    return render_template("recovery/ledger.html", values=values, errors={}, timer_errors={},
                           timer=None, checks=[], week=None, deleted="", offline_mode=True)


def offline_urls() -> list[str]:
    return ["/recovery/offline"]


def offline_assets() -> list[str]:
    """The ledger's module, which the offline copy of its page loads."""
    return ["js/recovery/ledger.js"]


@bp.route("/checks/<ledger_uuid>/answer", methods=["POST"])
@person_only
def answer_timer(ledger_uuid: str) -> Any:
    """Owner: after waiting an urge out, how it is now (passed, weaker, checked
    anyway), kept with the check."""
    check = ledger.check_for(db.session, _owner(), ledger_uuid) or abort(404)
    DiaryForm().validate_on_submit() or abort(400)
    result = request.form.get("timer_result", "")
    try:
        ledger.update_check(db.session, _owner(), check.uuid, None, {"timer_result": result})
    except ValidationFailed as err:
        db.session.rollback()
        return _ledger_page(new_check_values(), {}, err.errors)
    db.session.commit()
    said = {"passed": _("Saved. The urge passed while you waited."),
            "weaker": _("Saved. The urge got weaker while you waited."),
            "checked": _("Saved. Every wait is practice, however it ends.")}
    flash(said.get(result, _("Saved.")), "success")
    return redirect(url_for("recovery.ledger_page"))


@bp.route("/checks/<ledger_uuid>/edit", methods=["GET", "POST"])
@person_only
def edit_check(ledger_uuid: str) -> Any:
    """Owner: change a check. An edit from an older version shows both to choose."""
    check = ledger.check_for(db.session, _owner(), ledger_uuid) or abort(404)
    form = DiaryForm()
    values, errors, conflict = ledger.check_values(check), {}, None
    if form.validate_on_submit():
        values = {"action": "save", **submitted(), "uuid": str(check.uuid)}
        try:
            ledger.update_check(db.session, _owner(), check.uuid,
                                request.form.get("version", type=int), values)
        except ValidationFailed as err:
            errors = err.errors
        except StaleEdit as stale:
            conflict = ledger.check_values(stale.record)
            values["version"] = stale.record.version
        else:
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for("recovery.ledger_page"))
    status = 409 if conflict else 422 if errors or form.errors else 200
    return render_template("recovery/check_edit.html", check=check, values=values,
                           errors=errors, conflict=conflict), status


@bp.route("/checks/<ledger_uuid>/delete", methods=["GET", "POST"])
@person_only
def delete_check(ledger_uuid: str) -> Any:
    """Owner: asks first; the delete can be undone for a few minutes."""
    check = ledger.check_for(db.session, _owner(), ledger_uuid) or abort(404)
    if DiaryForm().validate_on_submit():
        ledger.delete_check(db.session, _owner(), check)
        db.session.commit()
        return redirect(url_for("recovery.ledger_page", deleted=check.uuid))
    return render_template("recovery/check_delete.html", check=check)


@bp.route("/checks/<ledger_uuid>/restore", methods=["POST"])
@person_only
def restore_check(ledger_uuid: str) -> Response:
    """Owner: undo a recent delete."""
    DiaryForm().validate_on_submit() or abort(400)
    restored = ledger.restore_check(db.session, _owner(), ledger_uuid) or abort(404)
    db.session.commit()
    flash(_("The check is back."), "success")
    return redirect(url_for("recovery.ledger_page", _anchor=f"check-{restored.uuid}"))
