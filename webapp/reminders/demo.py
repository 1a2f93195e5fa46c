"""Demo reminders: the demo person is reminded to check in at 20:30, so the
reminders page shows settings from the first visit."""
from __future__ import annotations

from sqlalchemy.orm import Session

from webapp.auth.models import User
from webapp.reminders import services


def fill(db: Session, person: User, days: int) -> None:
    """Give the demo person reminder settings (once; a second demo run keeps them)."""
    if services.settings_for(db, person) is None:
        services.save_settings(db, person, {
            "timezone": person.timezone, "checkin_on": True, "checkin_at": "20:30",
            "exercise_times": "", "worry_on": True, "quiet_days": "", "wording": "generic"})
