"""The questions for the doctor, edited on the summary page with plain forms (no
script needed). Each answers with a redirect back to the same dates, or the page
again with what was typed and why it was refused. The owner only."""
from __future__ import annotations

import uuid as uuid_mod
from typing import Any

from flask import abort, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from webapp import db
from webapp.diary import services as diary_services
from webapp.insights import summary_questions as service
from webapp.insights.summary import render_summary
from webapp.insights.views import bp
from webapp.security import role_required
from webapp.validation import ValidationFailed, uuid_or_none


def _back() -> ResponseReturnValue:
    dates: dict[str, Any] = {k: v for k in ("start", "end")
                             if (v := request.form.get(k, "").strip()[:20])}
    return redirect(url_for("insights.summary", _anchor="questions", **dates))


def _again(key: str, err: ValidationFailed) -> ResponseReturnValue:
    today = diary_services.local_now(current_user).date()
    return render_summary(db.session, current_user, today, request.form,
                          question_errors={key: err.errors.get("text", "")},
                          typed={key: request.form.get("text", "")[:1000]}, status=400)


@bp.post("/summary/questions")
@role_required("person")
def add_question() -> ResponseReturnValue:
    """Owner: a new question for the doctor at the end of the list; a resent form
    (the same UUID) adds nothing."""
    key = uuid_or_none(request.form.get("uuid")) or uuid_mod.uuid4()
    try:
        service.add_question(db.session, current_user, key, request.form)
    except ValidationFailed as err:
        db.session.rollback()
        return _again("new", err)
    db.session.commit()
    return _back()


@bp.post("/summary/questions/<key>")
@role_required("person")
def edit_question(key: str) -> ResponseReturnValue:
    """Owner: new words for one of their questions; someone else's is a 404."""
    question = service.question_for(db.session, current_user, key)
    if question is None:
        abort(404)
    try:
        service.edit_question(db.session, question, request.form)
    except ValidationFailed as err:
        db.session.rollback()
        return _again(key, err)
    db.session.commit()
    return _back()


@bp.post("/summary/questions/<key>/delete")
@role_required("person")
def remove_question(key: str) -> ResponseReturnValue:
    """Owner: remove one of their questions; someone else's is a 404."""
    question = service.question_for(db.session, current_user, key)
    if question is None:
        abort(404)
    service.remove_question(db.session, current_user, question)
    db.session.commit()
    return _back()
