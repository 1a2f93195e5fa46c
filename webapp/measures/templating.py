"""What templates can use from the questionnaires room: the words for bands and
change, a person's due questionnaires (the home screen) and a client's
questionnaires for their therapist (templates/sharing/client.html includes
templates/measures/_client_measures.html, which calls ``client_measures``)."""
from __future__ import annotations

from typing import Any

from flask import Flask
from flask_login import current_user

from webapp import db
from webapp.db import utcnow
from webapp.measures import chart, instruments, schedules, services, words
from webapp.measures.schedules import Occurrence
from webapp.sharing.client_lists import client_lists


def instrument_name(key: str) -> str:
    found = instruments.instrument(key)
    return found.name if found else key


def names() -> dict[str, str]:
    return {i.key: i.name for i in instruments.all_instruments()}


def due_for_me() -> list[Occurrence]:
    """The signed-in person's questionnaires due now (two queries; none for others)."""
    if not current_user.is_authenticated or current_user.role != "person":
        return []
    return schedules.due_questionnaires(db.session, current_user)


def client_measures(share: Any, person: Any) -> dict[str, Any] | None:
    """Therapist, on a client's page: the client's questionnaires if the share
    includes them (None otherwise). No query of its own: responses, schedules
    and alerts come from the page's one read of its lists (client_lists)."""
    if not getattr(share, "share_measures", False) or not current_user.is_authenticated:
        return None
    therapist = current_user._get_current_object()
    lists = client_lists(db.session, share, person, therapist)
    rows = lists.responses
    states = schedules.schedule_states(db.session, person, utcnow(), therapist, rows=rows,
                                       found=lists.schedules)
    by_id = {r.id: r for r in rows}
    return {
        "summaries": services.summarise(rows),
        "charts": chart.charts(rows, names(), prefix=f"client-{share.id}"),
        "schedules": states,
        "missed": max((schedules.trailing_misses(o) for _s, o in states), default=0),
        "alerts": [services.AlertRow(a, by_id[a.response_id], person, share.id)
                   for a in lists.alerts if a.response_id in by_id],
        "share": share, "person": person,
    }


def init_app(app: Flask) -> None:
    app.add_template_global(due_for_me, "measures_due")
    app.add_template_global(client_measures, "client_measures")
    app.add_template_global(words.band_label, "measure_band")
    app.add_template_global(words.change_label, "measure_change")
    app.jinja_env.globals["measure_cadences"] = words.CADENCE_WORDS
    app.add_template_global(instrument_name, "measure_name")
