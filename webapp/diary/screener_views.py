"""The red-flag questions: the first time a body area is logged, and weekly."""
from __future__ import annotations

import uuid as uuid_mod

from flask import render_template, request, url_for
from flask_login import current_user

from webapp import db
from webapp.auth.views import safe_next
from webapp.diary import bp, redflags, services, vocab
from webapp.diary.forms import DiaryForm, submitted
from webapp.security import role_required
from webapp.validation import ValidationFailed


def _areas_in(reason: str) -> list[object]:
    if not reason.startswith("first:"):
        return []
    return [vocab.AREAS_BY_KEY[k].label for k in reason[6:].split(",") if k in vocab.AREAS_BY_KEY]


@bp.route("/screener", methods=["GET", "POST"])
@role_required("person")
def screener():
    """Owner: answer the red-flag questions; any "yes" shows advice by urgency."""
    reason = request.values.get("reason", "manual")[:40]
    next_url = safe_next(request.values.get("next") or url_for("diary.timeline"))
    form = DiaryForm()
    error = ""
    if form.validate_on_submit():
        data = submitted()
        yes = [q.key for q in redflags.QUESTIONS if data.get(q.key) == "yes"]
        try:
            record, _created = services.record_screening(
                db.session, current_user._get_current_object(), data.get("uuid"), reason, yes)
        except ValidationFailed as err:
            error = next(iter(err.errors.values()))
        else:
            db.session.commit()
            groups = redflags.advice_for(record.flags)
            return render_template("diary/screener_result.html", groups=groups, next_url=next_url)
    return render_template("diary/screener.html", questions=redflags.QUESTIONS, reason=reason,
                           areas=_areas_in(reason), next_url=next_url, error=error,
                           uuid=str(uuid_mod.uuid4())), 422 if error else 200
