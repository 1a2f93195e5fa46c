"""Moments in export files, for every record type: written as UTC ISO 8601, and
read back only with a zone, from 2000 up to a few minutes from now (a phone's
clock may run a little ahead). Import helpers: they name a bad field in
``errors`` and never raise."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from flask_babel import gettext as _

from webapp.db import utcnow

EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
CLOCK_SLACK = timedelta(minutes=10)


def stamp(moment: datetime | None) -> str | None:
    """A stored moment as the export writes it (None stays None)."""
    return moment.astimezone(UTC).isoformat() if moment else None


def read_moment(item: dict[str, Any], name: str, errors: dict[str, str],
                required: bool = False) -> datetime | None:
    """``item[name]`` as a UTC moment; None when it is missing (and not required)
    or wrong, with the reason in ``errors[name]``."""
    raw = item.get(name)
    if raw is None and not required:
        return None
    try:
        value = datetime.fromisoformat(str(raw))
    except ValueError:
        value = None
    if value is None or value.tzinfo is None:
        errors[name] = _("Give a date and time with its zone, like 2026-05-01T14:30:00+00:00.")
    elif not EARLIEST <= value <= utcnow() + CLOCK_SLACK:  # compared before any conversion
        errors[name] = _("This date is in the future or before 2000.")
    else:
        return value.astimezone(UTC)
    return None
