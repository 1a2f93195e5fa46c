"""The time the sign-in rules read: two-factor codes and session lifetimes.

``CLOCK`` in the config may name a callable returning an aware UTC datetime, so
tests run these rules on a fixed clock they move themselves (never the wall
clock); unset, it is the real time."""
from __future__ import annotations

from datetime import datetime

from flask import current_app

from webapp.db import utcnow


def now() -> datetime:
    clock = current_app.config.get("CLOCK")
    return clock() if clock is not None else utcnow()
