"""Recovery settings (/recovery/settings): the worry window and logging less,
which the person switches on or off at any time. Each view commits once."""
from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from webapp import db
from webapp.diary.forms import DiaryForm, submitted
from webapp.recovery import taper, worry
from webapp.recovery.settings import settings_for
from webapp.recovery.views import bp, person_only
from webapp.security import safe_next
from webapp.validation import ValidationFailed


def _owner() -> Any:
    return current_user._get_current_object()


def _clock(minutes: int | None) -> str:
    return "" if minutes is None else f"{minutes // 60:02d}:{minutes % 60:02d}"


def _page(window: dict[str, Any] | None = None, errors: dict[str, str] | None = None
          ) -> tuple[str, int]:
    user = _owner()
    state = taper.taper_state(db.session, user)
    if window is None:
        settings = settings_for(db.session, user)
        window = {"start": _clock(settings.worry_start if settings else None),
                  "length": settings.worry_length if settings else 15}
    return render_template("recovery/settings.html", taper=state, window=window,
                           errors=errors or {}), 422 if errors else 200


@bp.route("/settings")
@person_only
def settings_page() -> Any:
    """Owner: the worry window and logging less."""
    return _page()


@bp.route("/settings/window", methods=["POST"])
@person_only
def set_window() -> Any:
    """Owner: set the daily worry window (a blank start turns it off)."""
    DiaryForm().validate_on_submit() or abort(400)
    data = submitted()
    try:
        worry.set_window(db.session, _owner(), data)
    except ValidationFailed as err:
        db.session.rollback()
        return _page({"start": data.get("start", ""), "length": data.get("length", "")},
                     err.errors)
    db.session.commit()
    flash(_("Saved: your worry time is set.") if data.get("start") else
          _("Saved: no worry time for now."), "success")
    return redirect(safe_next(data.get("next"), url_for("recovery.settings_page")))


@bp.route("/settings/log-less", methods=["POST"])
@person_only
def set_log_less() -> Response:
    """Owner: switch logging less on or off (also answers a therapist's suggestion)."""
    DiaryForm().validate_on_submit() or abort(400)
    on = request.form.get("log_less") == "on"
    taper.set_taper(db.session, _owner(), on)
    db.session.commit()
    flash(_("Logging less is on. Your home screen now leads with exercises and the ledger; "
            "you can still log a twitch whenever you like.") if on else
          _("Logging less is off. Twitch logging is back on your home screen."), "success")
    return redirect(safe_next(request.form.get("next"), url_for("recovery.settings_page")))


@bp.route("/settings/log-less/not-now", methods=["POST"])
@person_only
def log_less_not_now() -> Response:
    """Owner: "not now" to the offer or a therapist's suggestion; the switch stays
    in settings."""
    DiaryForm().validate_on_submit() or abort(400)
    taper.hide_offer(db.session, _owner())
    db.session.commit()
    flash(_("Fine. You can switch logging less on any time in Recovery settings."), "info")
    return redirect(safe_next(request.form.get("next"), url_for("core.home")))
