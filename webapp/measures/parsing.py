"""The one way to read a questionnaire's answers and a therapist's schedule,
shared by the forms and the import. Anything may arrive (a missing answer, a 7,
text, a list, a session in 2099): each is refused with a message naming what to
fix, never raised as an error."""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from webapp.measures.models import CADENCES
from webapp.measures.scoring import ANSWER_MAX, INSTRUMENTS
from webapp.validation import Parser, ValidationFailed, one_text, ranged_number

DEFAULT_EXPIRY = 4
EXPIRY_MAX = 7  # a weekly questionnaire closes before the next one opens
HORIZON = timedelta(days=366)  # a schedule or session date at most a year ahead
SESSIONS_MAX = 20


def item_field(number: int) -> str:
    return f"item{number}"


def parse_answers(key: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """``{"answers": [0-3, ...], "difficulty": 0-3 or None}`` for instrument ``key``.
    Every item is required; the unscored difficulty question is optional."""
    rules = INSTRUMENTS[key]
    parser = Parser(data)
    answers = []
    for number in range(1, rules.items + 1):
        field = item_field(number)
        value = ranged_number(one_text(data, field) or "", 0, ANSWER_MAX, whole=True)
        if value is None:
            parser.fail(field, _("Choose an answer for question %(n)d.", n=number))
        answers.append(value)
    difficulty = None
    if rules.difficulty and (one_text(data, "difficulty") or "") != "":
        difficulty = ranged_number(one_text(data, "difficulty") or "", 0, ANSWER_MAX,
                                   whole=True)
        if difficulty is None:
            parser.fail("difficulty", _("Choose one of the answers, or leave this one out."))
    if parser.errors:
        raise ValidationFailed(parser.errors)
    return {"answers": [int(a) for a in answers if a is not None], "difficulty": difficulty}


def _date(parser: Parser, field: str, message: str) -> date | None:
    raw = one_text(parser.data, field)
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        parser.fail(field, message)
        return None


def _ahead(parser: Parser, field: str, day: date | None, today: date) -> None:
    if day is not None and not today <= day <= today + HORIZON:
        parser.fail(field, _("Choose a date from today to a year from now."))


def _sessions(parser: Parser, today: date) -> list[date]:
    raw = (one_text(parser.data, "session_dates") or "").replace(",", " ").split()
    days: list[date] = []
    for word in raw[:SESSIONS_MAX + 1]:
        try:
            days.append(date.fromisoformat(word))
        except ValueError:
            parser.fail("session_dates", _("Write each session date as YYYY-MM-DD, like "
                                           "%(example)s.", example=today.isoformat()))
            return []
    if not days:
        parser.fail("session_dates", _("Enter at least one session date."))
    elif len(days) > SESSIONS_MAX:
        parser.fail("session_dates", _("Enter at most %(n)d session dates.", n=SESSIONS_MAX))
    elif any(not today <= d <= today + HORIZON for d in days):
        parser.fail("session_dates", _("Each session date must be from today to a year "
                                       "from now. Nothing was scheduled."))
    return sorted(set(days))


def parse_schedule(data: Mapping[str, Any], today: date) -> dict[str, Any]:
    """A therapist's schedule for one client, checked against ``today`` (the
    client's local date). Weekly and two-weekly schedules need an end."""
    parser = Parser(data)
    parser.choice("instrument", INSTRUMENTS, _l("Choose a questionnaire."))
    parser.choice("cadence", dict.fromkeys(CADENCES), _("Choose how often."))
    instrument, cadence = parser.clean.get("instrument"), parser.clean.get("cadence")
    if instrument is None and "instrument" not in parser.errors:
        parser.fail("instrument", _("Choose a questionnaire."))
    if cadence is None and "cadence" not in parser.errors:
        parser.fail("cadence", _("Choose how often."))
    expiry = ranged_number(one_text(data, "expiry_days") or str(DEFAULT_EXPIRY), 1,
                           EXPIRY_MAX, whole=True)
    if expiry is None:
        parser.fail("expiry_days", _("Keep it open for 1 to %(n)d days.", n=EXPIRY_MAX))
    bad_date = _("Write the date as YYYY-MM-DD.")
    starts = _date(parser, "starts_on", bad_date)
    ends = _date(parser, "ends_on", bad_date)
    sessions: list[date] = []
    if cadence == "sessions":
        sessions = _sessions(parser, today)
        starts, ends = None, None
    elif cadence in ("once", "weekly", "fortnightly"):
        if starts is None and "starts_on" not in parser.errors:
            parser.fail("starts_on", _("Choose the first day it is due."))
        _ahead(parser, "starts_on", starts, today)
        if cadence == "once":
            ends = None
        elif ends is None and "ends_on" not in parser.errors:
            parser.fail("ends_on", _("A repeating questionnaire needs an end date. "
                                     "Nothing was scheduled."))
        elif ends is not None and starts is not None and not starts <= ends <= starts + HORIZON:
            parser.fail("ends_on", _("Choose an end from the first day to a year after it."))
    if parser.errors:
        raise ValidationFailed(parser.errors)
    return {"instrument": instrument, "cadence": cadence, "starts_on": starts, "ends_on": ends,
            "session_dates": ",".join(d.isoformat() for d in sessions),
            "expiry_days": int(expiry or DEFAULT_EXPIRY)}
