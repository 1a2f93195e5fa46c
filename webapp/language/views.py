"""POST /language: the switcher at the foot of every page. No script needed."""
from __future__ import annotations

from flask import Blueprint, redirect, render_template, request
from flask.typing import ResponseReturnValue
from flask_login import current_user

from webapp import db
from webapp.language import services
from webapp.language.choice import remember_on_device, supported
from webapp.language.forms import LanguageForm
from webapp.security import safe_next

bp = Blueprint("language", __name__)


@bp.route("/language", methods=["POST"])
def choose() -> ResponseReturnValue:
    """Anyone: speak the chosen language from now on, on this phone (a cookie for a
    year) and, when signed in, on their account too; then back to the page the form
    was on. Anything but a language Steady speaks answers 400 and changes nothing."""
    form = LanguageForm()
    language = supported(form.language.data) if form.validate_on_submit() else None
    if language is None:
        back = safe_next(request.form.get("next"))
        return render_template("language/refused.html", language_next=back), 400
    if current_user.is_authenticated:
        services.keep_on_account(db.session, current_user, language)
        db.session.commit()
    response = redirect(safe_next(form.next.data))
    remember_on_device(response, language)
    return response
