"""Copies of the twitch and check-in forms with nothing personal in them, so the
service worker can keep them for everyone and show them when /diary/new or
/diary/checkin cannot be reached. The outbox sends what is saved from them."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue

from webapp.diary.checkin_views import DEFAULTS
from webapp.diary.templating import option_context

offline_bp = Blueprint("diary_offline", __name__)
offline_bp.context_processor(option_context)
OFFLINE_FORMS = {"/diary/new": "/log-offline", "/diary/checkin": "/checkin-offline"}


@offline_bp.route("/log-offline")
def log_offline() -> ResponseReturnValue:
    """Anyone: the twitch form for offline use (the script fills who and when)."""
    values = {"uuid": "", "occurred_at": "", "areas": [], "triggers": []}
    return render_template("diary/entry_form.html", values=values, errors={}, mode="new",
                           offline_mode=True)


@offline_bp.route("/checkin-offline")
def checkin_offline() -> ResponseReturnValue:
    """Anyone: the daily check-in for offline use (the script fills who and which day)."""
    today = date.today()
    return render_template("diary/checkin.html", values={**DEFAULTS, "uuid": "", "day": ""},
                           errors={}, day=today, today=today, existing=None, conflict=None,
                           offline_mode=True)


def offline_urls() -> list[str]:
    return list(OFFLINE_FORMS.values())
