"""Questionnaires for the person (/measures): the list with scores, charts and
anything a therapist asked for; taking one; its result. Person accounts only;
each view commits once."""
from __future__ import annotations

import uuid as uuid_mod
from typing import Any

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from webapp import db
from webapp.diary.forms import DiaryForm, submitted
from webapp.measures import chart, instruments, schedules, services, words
from webapp.measures.scoring import change
from webapp.measures.templating import names
from webapp.safety.crisis import REGION_COOKIE, chosen_region, current_directory
from webapp.security import role_required
from webapp.validation import ValidationFailed

bp = Blueprint("measures", __name__)
person_only = role_required("person")


def _owner() -> Any:
    return current_user._get_current_object()


@bp.route("/measures/")
@person_only
def index() -> ResponseReturnValue:
    """Owner: each questionnaire with their latest score, its reliable-change label
    and a chart; what their therapist asked for, if anything. Reads only."""
    user = _owner()
    rows = services.responses(db.session, user)
    return render_template(
        "measures/index.html", instruments=instruments.all_instruments(),
        summaries=services.summarise(rows), charts=chart.charts(rows, names()),
        due=schedules.due_questionnaires(db.session, user, rows=rows), method=words.method)


@bp.route("/measures/<instrument>/take", methods=["GET", "POST"])
@person_only
def take(instrument: str) -> ResponseReturnValue:
    """Owner: answer a questionnaire. Every question needs an answer; a missing one
    shows the form again with the answers kept. A replayed UUID returns the stored
    response. Stores the response (and item-9 alerts for therapists it is shared with)."""
    found = instruments.instrument(instrument)
    if found is None:
        abort(404)
    values: dict[str, Any] = {"uuid": str(uuid_mod.uuid4())}
    errors: dict[str, str] = {}
    if DiaryForm().validate_on_submit():
        values = submitted()
        try:
            response, _created = services.take(db.session, _owner(), found.key, values,
                                               found.language)
        except ValidationFailed as err:
            errors = err.errors
            if "uuid" in errors:
                values["uuid"] = str(uuid_mod.uuid4())
        else:
            db.session.commit()
            return redirect(url_for("measures.result", response_uuid=str(response.uuid)))
    return render_template("measures/take.html", inst=found, values=values,
                           errors=errors), 422 if errors else 200


@bp.route("/measures/responses/<response_uuid>")
@person_only
def result(response_uuid: str) -> ResponseReturnValue:
    """Owner: one response's score, band and reliable change against the one
    before; after item 9 above 0, the crisis lines at once. Reads only."""
    user = _owner()
    response = services.response_for(db.session, user, response_uuid)
    if response is None:
        abort(404)
    before = services.previous(db.session, user, response)
    shared = bool(services.sharing_therapists(db.session, user))
    directory = current_directory()
    first, _chosen = chosen_region(request.cookies.get(REGION_COOKIE), request.accept_languages)
    return render_template(
        "measures/result.html", response=response,
        inst=instruments.instrument(response.instrument, response.language),
        before=before, shared=shared, method=words.method(response.instrument),
        change=change(response.instrument, before.total, response.total)
        if before else None,
        region=directory.regions.get(first), directory=directory)
