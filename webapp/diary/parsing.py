"""The diary's parsers: a twitch entry and a daily check-in. Each turns submitted
values (an HTML form or a synced JSON item) into clean column values, or raises
ValidationFailed with a message per field. One parser serves the forms, the sync
API and the import, so all three accept and refuse exactly the same things."""
from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from webapp.diary import vocab
from webapp.validation import Parser, clean_text, many_texts

EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
CLOCK_SLACK = timedelta(minutes=10)
TAG_MAX, TAGS_MAX = 30, 5
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def parse_local_datetime(raw: str, zone: str) -> datetime | None:
    """'2026-03-29T01:30' in the person's zone (or ISO with an offset) -> UTC.
    None when it is not a moment UTC can hold (year 1 or 9999 with an offset)."""
    try:
        value = datetime.fromisoformat(raw)  # "Z" included
        if value.tzinfo is None:
            value = value.replace(tzinfo=ZoneInfo(zone))
        return value.astimezone(UTC)
    except (ValueError, OverflowError):
        return None


def _areas(p: Parser) -> None:
    chosen: list[str] = []
    picked = many_texts(p.data, "areas")
    if picked is None:
        p.fail("areas", _("Choose body areas from the list."))
        return
    for raw in picked:
        key, _colon, side = raw.partition(":")
        area = vocab.AREAS_BY_KEY.get(key)
        if area is None:
            p.fail("areas", _("Choose body areas from the list."))
            return
        if not side:
            side = "both" if area.sided else "middle"
        valid = ("left", "right", "both") if area.sided else ("middle",)
        if side not in valid:
            p.fail("areas", _("Choose body areas from the list."))
            return
        if f"{key}:{side}" not in chosen:
            chosen.append(f"{key}:{side}")
    if not chosen:
        p.fail("areas", _("Choose at least one body area: tap the body map or the list."))
    elif len(chosen) > 20:
        p.fail("areas", _("Choose at most 20 body areas."))
    p.clean["areas"] = "," + ",".join(chosen) + ","


def tag_key(text: str) -> str:
    """A person's own trigger as stored: "tag:" and the words, lower case, spaces
    for control characters, at most TAG_MAX characters; "" when nothing is left.
    The stored list is comma-separated, so a tag never holds a comma."""
    words = " ".join(CONTROL.sub(" ", clean_text(text)).split()).lower()[:TAG_MAX].strip()
    return f"tag:{words}" if words else ""


def _triggers(p: Parser) -> None:
    keys = []
    listed = many_texts(p.data, "triggers")
    if listed is None:
        p.fail("triggers", _("Choose triggers from the list, or type your own below."))
    for key in listed or []:
        if key.startswith("tag:"):  # a person's own tag, as the API sends it back
            if "," in key:
                p.fail("triggers", _("One of your own triggers has a comma in it. Give each "
                                     "its own place: type them below, separated by commas."))
            elif tag_key(key[4:]):
                keys.append(tag_key(key[4:]))
        elif key in vocab.TRIGGERS:
            keys.append(key)
        else:
            p.fail("triggers", _("Choose triggers from the list, or type your own below."))
    typed = p.text("custom_triggers", _l("Type your own triggers as words, separated by commas."))
    tags = [t for t in (tag_key(part) for part in (typed or "").split(",")) if t]
    if len(tags) > TAGS_MAX:
        p.fail("custom_triggers", _("Add at most %(max)d of your own triggers at once.",
                                    max=TAGS_MAX))
    keys += tags
    unique = list(dict.fromkeys(keys))
    p.clean["triggers"] = "," + ",".join(unique) + ("," if unique else "")
    if len(p.clean["triggers"]) > 600:
        p.fail("custom_triggers", _("That is too many triggers for one entry."))


def parse_entry(data: Mapping[str, Any], zone: str, now: datetime) -> dict[str, Any]:
    """Clean values for an Entry. Only the time and one body area are required."""
    p = Parser(data)
    raw_when = p.text("occurred_at", _l("Enter when it happened, like 2026-05-01 14:30."))
    when = parse_local_datetime(raw_when, zone) if raw_when else None
    if when is None:
        p.fail("occurred_at", _("Enter when it happened, like 2026-05-01 14:30."))
    elif when > now + CLOCK_SLACK:
        p.fail("occurred_at", _("That time is in the future. Enter when the twitch happened."))
    elif when < EARLIEST:
        p.fail("occurred_at", _("That date is too long ago. Enter a date after 2000."))
    else:
        p.clean["occurred_at"] = when
        p.clean["timezone"] = zone
        p.clean["local_day"] = when.astimezone(ZoneInfo(zone)).date()
    _areas(p)
    p.integer("intensity", 1, 10, _l("Intensity is a number from 1 (barely) to 10 (strongest)."))
    p.choice("duration", vocab.DURATIONS, _l("Choose how long it lasted from the list."))
    p.choice("feel", vocab.FEELS, _l("Choose how it felt from the list."))
    p.choice("situation", vocab.SITUATIONS, _l("Choose what you were doing from the list."))
    _triggers(p)
    p.integer("anxiety", 0, 10, _l("Anxiety is a number from 0 (calm) to 10 (the most)."))
    p.note()
    return p.done()


TWITCHINESS = {"none": _l("None"), "few": _l("A few"), "many": _l("Many")}


def parse_checkin(data: Mapping[str, Any], today: date) -> dict[str, Any]:
    """Clean values for a Checkin. Every answer is optional except the day."""
    p = Parser(data)
    raw_day = p.text("day", _l("Enter the day like 2026-05-01."))
    try:
        day = date.fromisoformat(raw_day) if raw_day else today
    except ValueError:
        day = None
        p.fail("day", _("Enter the day like 2026-05-01."))
    if day is not None and raw_day is not None:
        if day > today:
            p.fail("day", _("That day has not happened yet."))
        elif day < EARLIEST.date():
            p.fail("day", _("That date is too long ago. Enter a date after 2000."))
        else:
            p.clean["day"] = day
    p.integer("anxiety", 0, 10, _l("Anxiety is a number from 0 (calm) to 10 (the most)."))
    p.integer("mood", 1, 5, _l("Mood is a number from 1 (low) to 5 (good)."))
    p.number("sleep_hours", 0, 24, _l("Sleep is between 0 and 24 hours, like 7 or 6.5."))
    p.integer("sleep_quality", 1, 5, _l("Sleep quality is a number from 1 (poor) to 5 (great)."))
    p.integer("caffeine", 0, 30, _l("Caffeine drinks: a whole number from 0 to 30."))
    p.integer("water", 0, 40, _l("Glasses of water: a whole number from 0 to 40."))
    p.integer("alcohol", 0, 40, _l("Alcoholic drinks: a whole number from 0 to 40."))
    p.integer("movement_minutes", 0, 1440, _l("Minutes of movement: from 0 to 1440."))
    p.integer("stressful_events", 0, 20, _l("Stressful events: a whole number from 0 to 20."))
    p.choice("twitchiness", TWITCHINESS, _l("Choose none, a few or many."))
    p.note()
    return p.done()
