"""Assigned practice for the person (/practice): what their therapist asked for,
how much is done, and declining one with a note. Person accounts only; each
view commits once."""
from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import literal, select

from webapp import db
from webapp.db import utcnow
from webapp.diary.forms import DiaryForm, submitted
from webapp.practice import progress, services, words
from webapp.practice.blueprint import bp
from webapp.security import role_required
from webapp.validation import ValidationFailed

person_only = role_required("person")


def _owner() -> Any:
    return current_user._get_current_object()


def _page(errors: dict[str, str], values: dict[str, Any], status: int = 200) -> Any:
    person, now = _owner(), utcnow()
    assignments = services.for_person(db.session, person, now)
    found = progress.progress(db.session, select(literal(person.id)), assignments, now)
    return render_template("practice/index.html", assignments=assignments, progress=found,
                           therapists=services.therapist_names(db.session, assignments),
                           describe=words.describe, errors=errors, values=values), status


@bp.route("/practice")
@person_only
def index() -> ResponseReturnValue:
    """Owner: practice their therapists assigned, done against planned, with the
    median change in anxiety from the sessions that count. Reads only."""
    return _page({}, {})


@bp.route("/practice/<int:assignment_id>/decline", methods=["POST"])
@person_only
def decline(assignment_id: int) -> ResponseReturnValue:
    """Owner: decline one assignment with a note their therapist reads. Someone
    else's assignment is a 404; a note that is too long is refused, kept in the
    form, and nothing is stored."""
    DiaryForm().validate_on_submit() or abort(400)
    values = submitted()
    try:
        found = services.decline(db.session, _owner(), assignment_id, values.get("note"))
    except ValidationFailed as err:
        return _page(err.errors, {**values, "assignment": assignment_id}, 422)
    if found is None:
        abort(404)
    db.session.commit()
    flash(_("Declined. Your therapist will see your note."), "success")
    return redirect(url_for("practice.index"))
