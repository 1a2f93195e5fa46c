"""The calendar fallback: a person's reminders as an iCalendar file, one daily
repeating event per reminder with an alarm at its time, in their own zone (a
VTIMEZONE is included), skipping quiet days. Titles are as plain as the
person's wording: never a symptom word on a lock screen."""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from icalendar import Alarm, Calendar, Event

from webapp.db import utcnow
from webapp.reminders.models import ReminderSettings

BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://steady.invalid/reminders")


def slots(found: ReminderSettings, worry_at: str | None) -> list[tuple[str, str]]:
    """(kind, "HH:MM") for each reminder the person has switched on."""
    chosen = [("checkin", found.checkin_at)] if found.checkin_on else []
    chosen += [("exercise", at) for at in found.exercise_list]
    if found.worry_on and worry_at:
        chosen.append(("worry", worry_at))
    return chosen


def _title(kind: str, wording: str) -> str:
    if wording == "plain":
        return _("Steady")
    return {"checkin": _("Steady: check-in"), "exercise": _("Steady: a few calm minutes"),
            "worry": _("Steady: worry time")}.get(kind, _("Steady"))


def calendar_for(found: ReminderSettings, worry_at: str | None) -> bytes | None:
    """The .ics bytes, or None when no reminder is switched on (or every day is quiet)."""
    days = [code for n, code in enumerate(BYDAY) if n not in found.quiet_weekdays]
    chosen = slots(found, worry_at)
    if not chosen or not days:
        return None
    zone = ZoneInfo(found.timezone)
    today = utcnow().astimezone(zone).date()
    cal = Calendar()
    cal.add("prodid", "-//Steady//Reminders//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", _("Steady reminders"))
    for kind, at in chosen:
        hour, minute = (int(n) for n in at.split(":"))
        title = _title(kind, found.wording)
        event = Event()
        event.add("uid", f"{uuid.uuid5(NAMESPACE, f'{found.user_id}:{kind}:{at}')}@steady")
        event.add("dtstamp", utcnow())
        event.add("summary", title)
        event.add("dtstart", datetime(today.year, today.month, today.day, hour, minute,
                                      tzinfo=zone))
        event.add("duration", timedelta(minutes=5))
        rule: dict[str, object] = {"freq": "daily"}
        if len(days) < len(BYDAY):
            rule["byday"] = days
        event.add("rrule", rule)
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", title)
        alarm.add("trigger", timedelta(0))
        event.add_component(alarm)
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()
