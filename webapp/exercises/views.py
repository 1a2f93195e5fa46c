"""Exercise pages: the index, the breathing and step players, the custom pattern.
Each commits at most once."""
from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from webapp import db
from webapp.exercises import services
from webapp.exercises.forms import ExerciseForm, submitted
from webapp.exercises.patterns import (
    CUSTOM,
    CUSTOM_FIELDS,
    CUSTOM_NAME,
    CUSTOM_SUMMARY,
    DEFAULT_MINUTES,
    LEARN_BREATHING,
    MINUTES,
    PATTERNS,
    Pattern,
)
from webapp.exercises.routines import ROUTINES
from webapp.validation import ValidationFailed

bp = Blueprint("exercises", __name__, url_prefix="/exercises")

TOP_EFFECTS = 3


def player_messages() -> dict[str, str]:
    """Words the player script says or shows, translated here so it has none of its own."""
    return {
        "announce": _("%(label)s, %(seconds)s seconds"),
        "step": _("Step %(n)s of %(total)s"),
        "cycle": _("Breath %(n)s of %(total)s"),
        "left": _("%(time)s left"),
        "paused": _("Paused"),
        "resumed": _("Going on"),
        "finished": _("Finished. Well done."),
        "stopped": _("Stopped. That still counts."),
        "left_foot": _("Left"),
        "right_foot": _("Right"),
        "saving": _("Saving…"),
        "queued": _("Saved on this phone; it will sync when you are back online."),
        "failed": _("That did not save. Check the ratings and try again."),
    }


def _player_context(kind: str, exercise: str, pattern: Pattern | None = None) -> dict[str, Any]:
    """The session record the player fills in and posts (see session_views)."""
    values = {"exercise": exercise, "pattern": pattern.key if pattern else "",
              "phases": json.dumps(pattern.phases_record()) if pattern else ""}
    return {"kind": kind, "values": values, "errors": {}, "messages": player_messages()}


@bp.route("")
def index() -> ResponseReturnValue:
    """Anyone: every breathing pattern and routine, one tap from "Breathe now";
    a signed-in person also sees what has helped them most. Reads only."""
    effects: list[services.Effect] = []
    custom = None
    if current_user.is_authenticated:
        user = current_user._get_current_object()
        effects = [e for e in services.effect_by_exercise(db.session, user)
                   if e.anxiety_drop is not None][:TOP_EFFECTS]
        custom = services.custom_pattern_for(db.session, user)
    return render_template(
        "exercises/index.html", patterns=PATTERNS.values(), routines=ROUTINES.values(),
        effects=effects, name_of=services.exercise_name, custom=custom,
        custom_pattern=services.pattern_from(custom) if custom else None,
        custom_name=CUSTOM_NAME, custom_summary=CUSTOM_SUMMARY,
    )


@bp.route("/breathe/<key>")
def breathe(key: str) -> ResponseReturnValue:
    """Anyone: the breathing player for a built-in pattern. The custom pattern is a
    signed-in person's own: 404 when signed out, an invitation until it is set."""
    pattern: Pattern | None = PATTERNS.get(key)
    if key == CUSTOM:
        if not current_user.is_authenticated:
            abort(404)
        row = services.custom_pattern_for(db.session, current_user._get_current_object())
        if row is None:
            return render_template("exercises/custom_missing.html")
        pattern = services.pattern_from(row)
    if pattern is None:
        abort(404)
    return render_template(
        "exercises/breathe.html", pattern=pattern, minutes=MINUTES,
        default_minutes=DEFAULT_MINUTES, learn_url=LEARN_BREATHING,
        **_player_context("breathe", services.BREATHE, pattern),
    )


@bp.route("/relax/<slug>")
def relax(slug: str) -> ResponseReturnValue:
    """Anyone: a relaxation routine, guided step by step. Reads only."""
    routine = ROUTINES.get(slug)
    if routine is None:
        abort(404)
    return render_template("exercises/relax.html", routine=routine,
                           **_player_context("steps", slug))


@bp.route("/custom", methods=["GET", "POST"])
@login_required
def custom() -> ResponseReturnValue:
    """Signed-in person: set their own breathing counts; replaces any saved before."""
    user = current_user._get_current_object()
    row = services.custom_pattern_for(db.session, user)
    values = {f: "" if row is None else f"{getattr(row, f):g}" for f in CUSTOM_FIELDS}
    errors: dict[str, str] = {}
    form = ExerciseForm()
    if form.validate_on_submit():
        values = submitted()  # what was typed wins over what is saved, blanks included
        try:
            services.save_custom_pattern(db.session, user, values)
        except ValidationFailed as err:
            errors = err.errors
        else:
            db.session.commit()
            flash(_("Your breathing pattern is saved."), "success")
            return redirect(url_for("exercises.breathe", key=CUSTOM))
    failed = bool(errors or form.errors)
    return render_template("exercises/custom.html", values=values, errors=errors,
                           has_pattern=row is not None), 422 if failed else 200
