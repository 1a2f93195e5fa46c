"""Turn submitted values (an HTML form or a synced JSON item) into clean column
values, or raise ValidationFailed with a message per field. One parser serves
the forms and the sync API, so both accept and refuse exactly the same things."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from webapp.diary import vocab
from webapp.validation import ValidationFailed

NOTE_MAX = 2000
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
CLOCK_SLACK = timedelta(minutes=10)
TAG_MAX, TAGS_MAX = 30, 5


def _one(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key)
    if isinstance(value, list):
        value = value[0] if value else ""
    return "" if value is None else str(value).strip()


def _many(data: Mapping[str, Any], key: str) -> list[str]:
    value = data.get(key)
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    return [str(v).strip() for v in value if str(v).strip()]


class Parser:
    """Collects every field's problem before failing, so a form shows them all."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = data
        self.errors: dict[str, str] = {}
        self.clean: dict[str, Any] = {}

    def fail(self, field: str, message: str) -> None:
        self.errors.setdefault(field, message)

    def _ranged(self, field: str, low: float, high: float, message: str,
                convert: Callable[[str], float]) -> None:
        raw = _one(self.data, field)
        if raw == "":
            self.clean[field] = None
            return
        try:
            value = convert(raw)
        except ValueError:
            self.fail(field, message)
            return
        if value != value or not low <= value <= high:  # NaN fails too
            self.fail(field, message)
        else:
            self.clean[field] = value

    def integer(self, field: str, low: int, high: int, message: str) -> None:
        self._ranged(field, low, high, message, int)

    def number(self, field: str, low: float, high: float, message: str) -> None:
        """A decimal (comma or point), kept to the nearest half."""
        self._ranged(field, low, high, message,
                     lambda raw: round(float(raw.replace(",", ".")) * 2) / 2)

    def choice(self, field: str, options: Mapping[str, Any], message: str) -> None:
        raw = _one(self.data, field)
        if raw == "":
            self.clean[field] = None
        elif raw in options:
            self.clean[field] = raw
        else:
            self.fail(field, message)

    def note(self) -> None:
        note = _one(self.data, "note").replace("\x00", "")
        if len(note) > NOTE_MAX:
            self.fail("note", f"Keep the note under {NOTE_MAX} characters "
                              f"(it has {len(note)}). Nothing was saved yet.")
        self.clean["note"] = note

    def done(self) -> dict[str, Any]:
        if self.errors:
            raise ValidationFailed(self.errors)
        return self.clean


def parse_local_datetime(raw: str, zone: str) -> datetime | None:
    """'2026-03-29T01:30' in the person's zone (or ISO with an offset) -> UTC."""
    try:
        value = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=ZoneInfo(zone))
    return value.astimezone(UTC)


def _areas(p: Parser) -> None:
    chosen: list[str] = []
    for raw in _many(p.data, "areas"):
        key, _, side = raw.partition(":")
        area = vocab.AREAS_BY_KEY.get(key)
        if area is None:
            p.fail("areas", "Choose body areas from the list.")
            return
        if not side:
            side = "both" if area.sided else "middle"
        valid = ("left", "right", "both") if area.sided else ("middle",)
        if side not in valid:
            p.fail("areas", "Choose body areas from the list.")
            return
        if f"{key}:{side}" not in chosen:
            chosen.append(f"{key}:{side}")
    if not chosen:
        p.fail("areas", "Choose at least one body area: tap the body map or the list.")
    elif len(chosen) > 20:
        p.fail("areas", "Choose at most 20 body areas.")
    p.clean["areas"] = "," + ",".join(chosen) + ","


def _triggers(p: Parser) -> None:
    keys = []
    for key in _many(p.data, "triggers"):
        if key.startswith("tag:"):
            keys.append(key)  # a person's own tag, sent back by the edit form
        elif key in vocab.TRIGGERS:
            keys.append(key)
        else:
            p.fail("triggers", "Choose triggers from the list, or type your own below.")
    tags = [t.strip().replace(",", " ")[:TAG_MAX] for t in _one(p.data, "custom_triggers").split(",")]
    tags = [t for t in tags if t]
    if len(tags) > TAGS_MAX:
        p.fail("custom_triggers", f"Add at most {TAGS_MAX} of your own triggers at once.")
    keys += [f"tag:{t.lower()}" for t in tags]
    unique = list(dict.fromkeys(keys))
    p.clean["triggers"] = "," + ",".join(unique) + ("," if unique else "")
    if len(p.clean["triggers"]) > 600:
        p.fail("custom_triggers", "That is too many triggers for one entry.")


def parse_entry(data: Mapping[str, Any], zone: str, now: datetime) -> dict[str, Any]:
    """Clean values for an Entry. Only the time and one body area are required."""
    p = Parser(data)
    raw_when = _one(data, "occurred_at")
    when = parse_local_datetime(raw_when, zone) if raw_when else None
    if when is None:
        p.fail("occurred_at", "Enter when it happened, like 2026-05-01 14:30.")
    elif when > now + CLOCK_SLACK:
        p.fail("occurred_at", "That time is in the future. Enter when the twitch happened.")
    elif when < EARLIEST:
        p.fail("occurred_at", "That date is too long ago. Enter a date after 2000.")
    else:
        p.clean["occurred_at"] = when
        p.clean["timezone"] = zone
        p.clean["local_day"] = when.astimezone(ZoneInfo(zone)).date()
    _areas(p)
    p.integer("intensity", 1, 10, "Intensity is a number from 1 (barely) to 10 (strongest).")
    p.choice("duration", vocab.DURATIONS, "Choose how long it lasted from the list.")
    p.choice("feel", vocab.FEELS, "Choose how it felt from the list.")
    p.choice("situation", vocab.SITUATIONS, "Choose what you were doing from the list.")
    _triggers(p)
    p.integer("anxiety", 0, 10, "Anxiety is a number from 0 (calm) to 10 (the most).")
    p.note()
    return p.done()


TWITCHINESS = {"none": "None", "few": "A few", "many": "Many"}


def parse_checkin(data: Mapping[str, Any], today: date) -> dict[str, Any]:
    """Clean values for a Checkin. Every answer is optional except the day."""
    p = Parser(data)
    raw_day = _one(data, "day")
    try:
        day = date.fromisoformat(raw_day) if raw_day else today
    except ValueError:
        day = None
        p.fail("day", "Enter the day like 2026-05-01.")
    if day is not None:
        if day > today:
            p.fail("day", "That day has not happened yet.")
        elif day < EARLIEST.date():
            p.fail("day", "That date is too long ago. Enter a date after 2000.")
        else:
            p.clean["day"] = day
    p.integer("anxiety", 0, 10, "Anxiety is a number from 0 (calm) to 10 (the most).")
    p.integer("mood", 1, 5, "Mood is a number from 1 (low) to 5 (good).")
    p.number("sleep_hours", 0, 24, "Sleep is between 0 and 24 hours, like 7 or 6.5.")
    p.integer("sleep_quality", 1, 5, "Sleep quality is a number from 1 (poor) to 5 (great).")
    p.integer("caffeine", 0, 30, "Caffeine drinks: a whole number from 0 to 30.")
    p.integer("water", 0, 40, "Glasses of water: a whole number from 0 to 40.")
    p.integer("alcohol", 0, 40, "Alcoholic drinks: a whole number from 0 to 40.")
    p.integer("movement_minutes", 0, 1440, "Minutes of movement: from 0 to 1440.")
    p.integer("stressful_events", 0, 20, "Stressful events: a whole number from 0 to 20.")
    p.choice("twitchiness", TWITCHINESS, "Choose none, a few or many.")
    p.note()
    return p.done()
