"""Turn submitted values (an HTML form or a synced JSON item) into clean column
values, or raise ValidationFailed with a message per field. One parser serves
the forms and the sync API, so both accept and refuse exactly the same things.

Anything may arrive here from a synced item: numbers where text belongs, lists
of objects, Infinity, NaN, 1e999, lone surrogates. Every such value is refused
with the field's own message (or cleaned, for text), never raised as an error."""
from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from werkzeug.routing import IntegerConverter, Map

from webapp.diary import vocab
from webapp.validation import ValidationFailed

NOTE_MAX = 2000
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
CLOCK_SLACK = timedelta(minutes=10)
TAG_MAX, TAGS_MAX = 30, 5
NUMBER_MAX_CHARS = 32  # "12.5" fits many times over; 5,000 digits do not
SQL_INT_MAX = 2**31 - 1  # ids and versions: PostgreSQL's INTEGER
WHOLE = re.compile(r"[+-]?\d+")
SURROGATE = re.compile("[\ud800-\udfff]")
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
WRONG = object()  # an object, a nested list or a true/false where text or a number belongs


def clean_text(text: str) -> str:
    """Text a database stores as typed: NUL bytes dropped, a lone surrogate (half of
    an emoji a phone cut in two) shown as the replacement character."""
    return SURROGATE.sub("\ufffd", text.replace("\x00", ""))


def _scalar(value: Any) -> Any:
    """Text (cleaned, stripped), a JSON number as sent, "" for nothing, or WRONG."""
    if value is None:
        return ""
    if isinstance(value, str):
        return clean_text(value).strip()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return WRONG


def _value(data: Mapping[str, Any], key: str) -> Any:
    """The one value sent for ``key`` (the first, when a list came): see _scalar."""
    value = data.get(key)
    if isinstance(value, list):
        value = value[0] if value else None
    return _scalar(value)


def _one(data: Mapping[str, Any], key: str) -> str | None:
    """The value for ``key`` as text ("" when missing), or None when it cannot be text."""
    value = _value(data, key)
    return None if value is WRONG else str(value)


def _many(data: Mapping[str, Any], key: str) -> list[str] | None:
    """Every non-blank value for ``key`` as text, or None when one of them cannot be."""
    value = data.get(key)
    values = value if isinstance(value, list) else [value]
    texts = []
    for one in values:
        text = _scalar(one)
        if text is WRONG:
            return None
        if str(text):
            texts.append(str(text))
    return texts


def _decimal(raw: Any, whole: bool) -> Decimal | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, float):
        return Decimal(raw) if math.isfinite(raw) else None
    if not isinstance(raw, str):
        return None
    text = raw.strip()
    if not text or len(text) > NUMBER_MAX_CHARS:
        return None
    if whole and not WHOLE.fullmatch(text):
        return None
    try:
        value = Decimal(text if whole else text.replace(",", "."))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def ranged_number(raw: Any, low: float, high: float, *, whole: bool = False,
                  halves: bool = False) -> int | float | None:
    """The number in low..high that ``raw`` (typed text or a JSON number) says, or None.

    None for anything else: words, booleans, lists, Infinity, NaN, 1e999, more than
    32 characters, a fraction where a whole number belongs. Text may use a decimal
    comma ("6,5") unless a whole number is asked for, where "1,000" is refused rather
    than read as 1. ``halves`` rounds to the nearest half before the range check."""
    value = _decimal(raw, whole)
    if value is None or not low - 1 <= value <= high + 1:  # nothing huge is rounded
        return None
    if halves:
        value = (value * 2).to_integral_value() / 2
    if not low <= value <= high:
        return None
    if whole:
        return int(value) if value == value.to_integral_value() else None
    return float(value)


class DatabaseIdConverter(IntegerConverter):
    """``<int:share_id>`` in every URL: a number past what an SQL INTEGER column
    holds is no such page (404), instead of an overflow inside the database driver."""

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", SQL_INT_MAX)
        super().__init__(map, *args, **kwargs)


def query_int(raw: str | None, default: int, low: int, high: int) -> int:
    """A whole number from a query string (?page=), held inside low..high, so a page
    far past the end is an empty page, never a number the database cannot take.
    ``default`` when it is missing or not a whole number at all."""
    value = _decimal(raw, whole=True)
    if value is None:
        return default
    return int(min(max(value, Decimal(low)), Decimal(high)))


class Parser:
    """Collects every field's problem before failing, so a form shows them all."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = data
        self.errors: dict[str, str] = {}
        self.clean: dict[str, Any] = {}

    def fail(self, field: str, message: str) -> None:
        self.errors.setdefault(field, message)

    def text(self, field: str, message: str) -> str | None:
        """The field as text ("" when left out), or None after failing with ``message``."""
        value = _one(self.data, field)
        if value is None:
            self.fail(field, message)
        return value

    def _ranged(self, field: str, low: float, high: float, message: str, **kind: bool) -> None:
        raw = _value(self.data, field)
        if raw == "":
            self.clean[field] = None
            return
        value = ranged_number(raw, low, high, **kind)
        if value is None:
            self.fail(field, message)
        else:
            self.clean[field] = value

    def integer(self, field: str, low: int, high: int, message: str) -> None:
        self._ranged(field, low, high, message, whole=True)

    def number(self, field: str, low: float, high: float, message: str) -> None:
        """A decimal (comma or point), kept to the nearest half."""
        self._ranged(field, low, high, message, halves=True)

    def choice(self, field: str, options: Mapping[str, Any], message: str) -> None:
        raw = self.text(field, message)
        if raw == "":
            self.clean[field] = None
        elif raw in options:
            self.clean[field] = raw
        elif raw is not None:
            self.fail(field, message)

    def note(self) -> None:
        note = self.text("note", "Write the note as text.")
        if note is None:
            return
        if len(note) > NOTE_MAX:
            self.fail("note", f"Keep the note under {NOTE_MAX} characters "
                              f"(it has {len(note)}). Nothing was saved yet.")
        self.clean["note"] = note

    def done(self) -> dict[str, Any]:
        if self.errors:
            raise ValidationFailed(self.errors)
        return self.clean


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
    picked = _many(p.data, "areas")
    if picked is None:
        p.fail("areas", "Choose body areas from the list.")
        return
    for raw in picked:
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


def tag_key(text: str) -> str:
    """A person's own trigger as stored: "tag:" and the words, lower case, spaces
    for control characters, at most TAG_MAX characters; "" when nothing is left.
    The stored list is comma-separated, so a tag never holds a comma."""
    words = " ".join(CONTROL.sub(" ", clean_text(text)).split()).lower()[:TAG_MAX].strip()
    return f"tag:{words}" if words else ""


def _triggers(p: Parser) -> None:
    keys = []
    listed = _many(p.data, "triggers")
    if listed is None:
        p.fail("triggers", "Choose triggers from the list, or type your own below.")
    for key in listed or []:
        if key.startswith("tag:"):  # a person's own tag, as the API sends it back
            if "," in key:
                p.fail("triggers", "One of your own triggers has a comma in it. Give each "
                                   "its own place: type them below, separated by commas.")
            elif tag_key(key[4:]):
                keys.append(tag_key(key[4:]))
        elif key in vocab.TRIGGERS:
            keys.append(key)
        else:
            p.fail("triggers", "Choose triggers from the list, or type your own below.")
    typed = p.text("custom_triggers", "Type your own triggers as words, separated by commas.")
    tags = [t for t in (tag_key(part) for part in (typed or "").split(",")) if t]
    if len(tags) > TAGS_MAX:
        p.fail("custom_triggers", f"Add at most {TAGS_MAX} of your own triggers at once.")
    keys += tags
    unique = list(dict.fromkeys(keys))
    p.clean["triggers"] = "," + ",".join(unique) + ("," if unique else "")
    if len(p.clean["triggers"]) > 600:
        p.fail("custom_triggers", "That is too many triggers for one entry.")


def parse_entry(data: Mapping[str, Any], zone: str, now: datetime) -> dict[str, Any]:
    """Clean values for an Entry. Only the time and one body area are required."""
    p = Parser(data)
    raw_when = p.text("occurred_at", "Enter when it happened, like 2026-05-01 14:30.")
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
    raw_day = p.text("day", "Enter the day like 2026-05-01.")
    try:
        day = date.fromisoformat(raw_day) if raw_day else today
    except ValueError:
        day = None
        p.fail("day", "Enter the day like 2026-05-01.")
    if day is not None and raw_day is not None:
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
