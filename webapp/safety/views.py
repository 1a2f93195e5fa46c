"""Help now: emergency numbers and crisis lines, the person's region first.

Public and without SQL, so it opens for anyone, signed in or not, and the
service worker can keep a copy for offline use. The region lives in a cookie
(no account needed); the page always lists every other region too, because an
offline copy cannot know which one the person picked later."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms import SelectField
from wtforms.validators import InputRequired

from webapp.safety.crisis import REGION_COOKIE, chosen_region, current_directory

bp = Blueprint("safety", __name__)

COOKIE_MAX_AGE = 400 * 24 * 60 * 60  # the longest a browser keeps a cookie
# The check-in's scales: mood 1 (low) to 5 (good), anxiety 0 (calm) to 10 (the most).
# At either end a gentle way to help now follows the saved message.
LOWEST_MOOD = 1
HIGHEST_ANXIETY = 9


class RegionForm(FlaskForm):
    region = SelectField(_l("Where are you?"), validators=[InputRequired()])

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.region.choices = list(current_directory().choices())


@bp.route("/help")
def help_now() -> ResponseReturnValue:
    """Anyone: numbers for the chosen (or guessed) region first, every other region below."""
    directory = current_directory()
    first, chosen = chosen_region(request.cookies.get(REGION_COOKIE), request.accept_languages)
    form = RegionForm(region=first)
    region = directory.regions.get(first)
    others = [r for r in directory.regions.values() if r.key != first]
    response = current_app.make_response(render_template(
        "safety/help.html", directory=directory, region=region, others=others,
        chosen=chosen, form=form))
    response.vary.update(("Cookie", "Accept-Language"))
    return response


@bp.route("/help/region", methods=["POST"])
def choose_region() -> ResponseReturnValue:
    """Anyone: remember which region's numbers to show first, in a cookie on this device."""
    form = RegionForm()
    if not form.validate_on_submit():
        flash(_("Please choose where you are from the list."), "warning")
        return redirect(url_for("safety.help_now"))
    response = redirect(url_for("safety.help_now"))
    response.set_cookie(REGION_COOKIE, form.region.data, max_age=COOKIE_MAX_AGE, path="/",
                        samesite="Lax", httponly=True,
                        secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")))
    flash(_("Saved. This phone will show those numbers first."), "success")
    return response


def offer_help_after_checkin(checkin: Any) -> bool:
    """After a check-in is saved: at very low mood or very high anxiety, flash a gentle
    link to help now (no alarm, no question). Returns whether it did."""
    mood, anxiety = getattr(checkin, "mood", None), getattr(checkin, "anxiety", None)
    hard_day = (mood is not None and mood <= LOWEST_MOOD) or \
        (anxiety is not None and anxiety >= HIGHEST_ANXIETY)
    if hard_day:
        flash(Markup('{} <a href="{}">{}</a>').format(
            _("That sounds like a hard day. "
              "If it feels like too much, you can talk to someone now."),
            url_for("safety.help_now"), _("Help now")), "info")
    return hard_day
