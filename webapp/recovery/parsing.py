"""Recovery parsers: a check in the ledger, a parked worry and its answer, the
worry window. Each turns submitted values (an HTML form, a synced JSON item or an
imported record) into clean column values, or raises ValidationFailed with a
message per field: one path, so all three accept and refuse the same things."""
from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from webapp.diary.parsing import parse_local_datetime
from webapp.validation import NOTE_MAX, Parser

EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
CLOCK_SLACK = timedelta(minutes=10)
OTHER_MAX, WORRY_MAX = 120, 200
TIMER_DEFAULT, TIMER_MIN, TIMER_MAX = 10, 1, 60
WINDOW_DEFAULT, WINDOW_MIN, WINDOW_MAX = 15, 5, 120

# The kinds of check or reassurance urge, in the order the ledger offers them.
KINDS = {
    "body": _l("Checked my body or a muscle"),
    "strength": _l("Tested my strength"),
    "searched": _l("Searched symptoms online"),
    "forums": _l("Read forums"),
    "asked": _l("Asked someone for reassurance"),
    "appointment": _l("Asked for a test or appointment"),
    "screener": _l("Retook the screener"),
    "other": _l("Something else"),
}
OUTCOMES = {"acted": _l("I did it"), "resisted": _l("I let it pass")}
TIMER_RESULTS = {"passed": _l("The urge passed"), "weaker": _l("It got weaker"),
                 "checked": _l("I checked anyway")}
# The answer after a wait says whether the person checked in the end.
OUTCOME_OF_RESULT = {"passed": "resisted", "weaker": "resisted", "checked": "acted"}
ACTIONS = ("save", "wait")
WORRY_STATUSES = {"open": _l("Waiting for worry time"), "answered": _l("Answered"),
                  "let_go": _l("Let go"), "kept": _l("Kept for later")}
SETTLED = ("answered", "let_go", "kept")


def _moment(p: Parser, zone: str, now: datetime) -> datetime | None:
    """When it happened: the typed local time (or an ISO moment), else now."""
    raw = p.text("occurred_at", _l("Enter when it happened, like 2026-05-01 14:30."))
    if raw is None:
        return None
    if raw == "":
        return now
    when = parse_local_datetime(raw, zone)
    if when is None:
        p.fail("occurred_at", _("Enter when it happened, like 2026-05-01 14:30."))
    elif when > now + CLOCK_SLACK:
        p.fail("occurred_at", _("That time is in the future. Enter when it happened."))
    elif when < EARLIEST:
        p.fail("occurred_at", _("That date is too long ago. Enter a date after 2000."))
    else:
        return when
    return None


def _kind(p: Parser) -> None:
    message = _("Choose what it was from the list.")
    p.choice("kind", KINDS, message)
    if "kind" in p.clean and p.clean["kind"] is None:
        p.fail("kind", message)
    words = p.text("other_text", _l("Write your own words as text."))
    if words is None:
        return
    words = " ".join(words.split())
    if len(words) > OTHER_MAX:
        p.fail("other_text", _("Keep this under %(max)d characters (it has %(n)d).",
                               max=OTHER_MAX, n=len(words)))
    elif p.clean.get("kind") == "other" and not words:
        p.fail("other_text", _("Say in a few words what it was."))
    p.clean["other_text"] = words if p.clean.get("kind") == "other" else ""


def _timer(p: Parser) -> bool:
    """Whether the urge was postponed, with its minutes in p.clean."""
    action = p.text("action", _l("Choose Save or Wait it out."))
    raw = p.text("timer_minutes", _l("Wait between 1 and 60 minutes."))
    if action not in ("", *ACTIONS, None):
        p.fail("action", _("Choose Save or Wait it out."))
    waiting = action == "wait" or (action == "" and bool(raw))
    p.clean["timer_minutes"] = None
    if not waiting:
        return False
    if raw == "":
        p.fail("timer_minutes", _("Choose how long to wait: 1 to 60 minutes."))
    elif raw is not None:
        p.integer("timer_minutes", TIMER_MIN, TIMER_MAX, _l("Wait between 1 and 60 minutes."))
    return True


def parse_check(data: Mapping[str, Any], zone: str, now: datetime) -> dict[str, Any]:
    """Clean values for a CheckItem. Only the kind is required (and words for
    "other"); the time defaults to now. A wait (action "wait", or minutes sent
    without an action) needs 1 to 60 minutes and ends that long after the check."""
    p = Parser(data)
    _kind(p)
    p.integer("urge", 0, 10, _l("The urge is a number from 0 (none) to 10 (the strongest)."))
    p.choice("outcome", OUTCOMES, _l("Choose whether you did it or let it pass."))
    when = _moment(p, zone, now)
    waiting = _timer(p)
    p.choice("timer_result", TIMER_RESULTS, _l("Choose how the urge is now from the list."))
    result = p.clean.get("timer_result")
    if result and not waiting:
        p.fail("timer_result", _("This answer belongs to a wait-it-out timer."))
    if result:
        p.clean["outcome"] = OUTCOME_OF_RESULT[result]
    if when is not None:
        p.clean["occurred_at"] = when
        p.clean["timezone"] = zone
        p.clean["local_day"] = when.astimezone(ZoneInfo(zone)).date()
        minutes = p.clean.get("timer_minutes")
        p.clean["postponed_until"] = when + timedelta(minutes=minutes) if minutes else None
    return p.done()


def _one_line(p: Parser, field: str, message: str, limit: int) -> str | None:
    text = p.text(field, _l("Write this as text."))
    if text is None:
        return None
    text = " ".join(text.split())  # one line: a pasted paragraph becomes one
    if not text:
        p.fail(field, message)
    elif len(text) > limit:
        p.fail(field, _("Keep this under %(max)d characters (it has %(n)d).", max=limit,
                        n=len(text)))
    return text


def parse_worry(data: Mapping[str, Any]) -> dict[str, Any]:
    """Clean values for a new or edited ParkedWorry: one line of text."""
    p = Parser(data)
    text = _one_line(p, "text", _("Write the worry in a few words."), WORRY_MAX)
    if text is not None:
        p.clean["text"] = text
    return p.done()


def parse_settle(data: Mapping[str, Any]) -> dict[str, Any]:
    """What the person decided in worry time: answered (with an answer), let go,
    kept for later, or back to open. An answer is kept whatever the choice."""
    p = Parser(data)
    p.choice("status", WORRY_STATUSES, _l("Choose answer, let go or keep."))
    if p.clean.get("status") is None and "status" not in p.errors:
        p.fail("status", _("Choose answer, let go or keep."))
    answer = p.text("answer", _l("Write the answer as text."))
    if answer is not None:
        if len(answer) > NOTE_MAX:
            p.fail("answer", _("Keep the answer under %(max)d characters (it has %(n)d).",
                               max=NOTE_MAX, n=len(answer)))
        elif p.clean.get("status") == "answered" and not answer.strip():
            p.fail("answer", _("Write your answer, or choose let go or keep."))
        p.clean["answer"] = answer.strip()
    return p.done()


def parse_window(data: Mapping[str, Any]) -> dict[str, Any]:
    """The daily worry window: a start like 18:30 (blank: no window) and 5 to 120
    minutes."""
    p = Parser(data)
    raw = p.text("start", _l("Enter the start like 18:30."))
    if raw:
        hours, colon, minutes = raw.partition(":")
        if not (colon and hours.isdigit() and minutes.isdigit() and len(minutes) == 2
                and len(hours) <= 2 and int(hours) < 24 and int(minutes) < 60):
            p.fail("start", _("Enter the start like 18:30."))
        else:
            p.clean["worry_start"] = int(hours) * 60 + int(minutes)
    elif raw == "":
        p.clean["worry_start"] = None
    p.integer("length", WINDOW_MIN, WINDOW_MAX,
              _("Worry time lasts from 5 to 120 minutes."))
    length = p.clean.pop("length", None)
    if length is None and "length" not in p.errors:
        p.fail("length", _("Choose how long worry time lasts: 5 to 120 minutes."))
    p.clean["worry_length"] = length
    return p.done()
