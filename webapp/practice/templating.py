"""What templates can use from assigned practice: the person's open assignments
(the home screen, one query), one line describing an assignment, and a client's
practice for their therapist (templates/sharing/client.html includes
templates/practice/_client_practice.html, which calls ``client_practice``)."""
from __future__ import annotations

from flask import Flask
from flask_login import current_user

from webapp import db
from webapp.db import utcnow
from webapp.practice import client_views, words
from webapp.practice.models import Assignment
from webapp.practice.services import for_person


def open_for_me() -> list[Assignment]:
    """The signed-in person's assignments open now and not declined (none for others)."""
    if not current_user.is_authenticated or current_user.role != "person":
        return []
    now = utcnow()
    return [a for a in for_person(db.session, current_user, now)
            if a.declined_at is None and a.opens_at <= now < a.closes_at]


def init_app(app: Flask) -> None:
    app.add_template_global(open_for_me, "practice_for_me")
    app.add_template_global(words.describe, "practice_describe")
    app.add_template_global(client_views.client_practice, "client_practice")
