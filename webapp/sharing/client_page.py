"""The first step of every therapist page that shows a client's data: an ended
share answers its own page (410, no data); otherwise the read is written to the
person's access log. Used by every therapist page of a client (the diary,
safety, questionnaire and practice pages); their forms answer an ended share
with the same page (``ended_page``)."""
from __future__ import annotations

from typing import Any

from flask import render_template
from flask.typing import ResponseReturnValue

from webapp import db
from webapp.sharing import access_log
from webapp.sharing.models import Share


def ended_page(share: Share, person: Any) -> ResponseReturnValue | None:
    """Therapist, with ``share`` found: an ended share's own page (410: when it
    ended, and none of the diary), or None while the share runs."""
    if not share.ended():
        return None
    return render_template("sharing/ended.html", share=share, person=person), 410


def open_client(share: Share, person: Any, therapist: Any, part: str
                ) -> ResponseReturnValue | None:
    """Therapist, with ``share`` found: the ended page, or None after logging the read
    of ``part`` (flushed; the view commits)."""
    ended = ended_page(share, person)
    if ended is None:
        access_log.record(db.session, share, therapist, part)
    return ended
