"""The words people read for what the diary stores, and the option lists the
diary's templates share. Stored values are keys ("few", "poor_sleep",
"calf:left"); `value_text` is the one place that turns them into words, for
pages (the `value_text` filter) and, through `vocabulary()`, for scripts."""
from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask import Flask, g
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from webapp.core.translations import once_per_catalogue
from webapp.diary import bodymap, vocab
from webapp.diary.models import Checkin
from webapp.diary.redflags import sign_text

FIELD_LABELS: dict[str, object] = {
    "occurred_at": _l("When"), "day": _l("Day"), "areas": _l("Where"),
    "intensity": _l("Intensity"), "duration": _l("Lasted"), "feel": _l("Felt like"),
    "situation": _l("Doing"), "triggers": _l("Triggers"),
    "custom_triggers": _l("Your own triggers"),
    "anxiety": _l("Anxiety"), "mood": _l("Mood"), "sleep_hours": _l("Sleep"),
    "sleep_quality": _l("Sleep quality"), "caffeine": _l("Caffeine drinks"),
    "water": _l("Glasses of water"), "alcohol": _l("Alcoholic drinks"),
    "movement_minutes": _l("Movement"), "stressful_events": _l("Stressful events"),
    "twitchiness": _l("Twitches"), "note": _l("Note"),
}
CHOICES: dict[str, dict[str, object]] = {
    "duration": vocab.DURATIONS, "feel": vocab.FEELS, "situation": vocab.SITUATIONS,
    "twitchiness": vocab.TWITCHINESS, "triggers": vocab.TRIGGERS,
}
# How a number reads; "%(n)s" is the number.
FORMATS: dict[str, object] = {
    "intensity": _l("%(n)s/10"), "anxiety": _l("%(n)s/10"), "mood": _l("%(n)s/5"),
    "sleep_quality": _l("%(n)s/5"), "sleep_hours": _l("%(n)s h"),
    "movement_minutes": _l("%(n)s min"),
}
LISTS = ("areas", "triggers")


def area_label(value: str) -> str:
    """"calf:left" -> "Left calf"; "neck:middle" -> "Neck"."""
    key, _sep, side = value.partition(":")
    area = vocab.AREAS_BY_KEY.get(key)
    name = str(area.label) if area else key
    if side == "left":
        return _("Left %(area)s", area=name.lower())
    if side == "right":
        return _("Right %(area)s", area=name.lower())
    if side == "both":
        return _("Both sides: %(area)s", area=name.lower())
    return name


def trigger_label(key: str) -> str:
    if key.startswith("tag:"):
        return key[4:]
    return str(vocab.TRIGGERS.get(key, key))


def field_label(field: str) -> str:
    """"sleep_hours" -> "Sleep": the name of a stored field as a person reads it."""
    label = FIELD_LABELS.get(field)
    return str(label) if label is not None else field.replace("_", " ").capitalize()


def _number(value: Any) -> str:
    try:
        number = float(str(value).replace(",", "."))
    except ValueError:
        return str(value)
    if not math.isfinite(number):
        return str(value)
    return format_decimal(round(number, 1))


def _items(value: Any) -> list[str]:
    """A stored list (",calf:left,neck:middle,") or a submitted one, as keys."""
    if isinstance(value, str):
        value = value.split(",")
    return [str(v).strip() for v in value if str(v).strip()] if isinstance(value, Iterable) else []


def value_text(field: str, value: Any) -> str:
    """The words for one stored value: ("twitchiness", "few") -> "A few",
    ("sleep_hours", 6.0) -> "6 h", ("areas", ["calf:left"]) -> "Left calf".
    A page shows the same few values hundreds of times (a day list of intensities
    and areas): within a request each is put into words once."""
    if not g or not isinstance(value, str | int | float):
        return _value_text(field, value)
    memo = g.setdefault("_steady_value_text", {})
    key = (field, type(value), value)
    found = memo.get(key)
    if found is None:
        found = memo[key] = _value_text(field, value)
    return found


def _value_text(field: str, value: Any) -> str:
    if value is None or value == "" or value == []:
        return ""
    if field == "areas":
        return ", ".join(area_label(v) for v in _items(value))
    if field == "triggers":
        return ", ".join(trigger_label(v) for v in _items(value))
    if field in CHOICES:
        label = CHOICES[field].get(str(value))
        return str(label) if label is not None else str(value)
    if field in FORMATS:
        return str(FORMATS[field]) % {"n": _number(value)}
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _number(value)
    return str(value)


def vocabulary() -> dict[str, Any]:
    """What value_text knows, as data for scripts (the outbox's conflict cards):
    made once per catalogue, then reused."""
    words: dict[str, Any] = once_per_catalogue("outbox_vocabulary", _vocabulary)
    return words


def _vocabulary() -> dict[str, Any]:
    sides = {True: ("left", "right", "both"), False: ("middle",)}
    return {
        "fields": {field: str(label) for field, label in FIELD_LABELS.items()},
        "values": {field: {k: str(v) for k, v in labels.items()}
                   for field, labels in CHOICES.items()},
        "areas": {f"{a.key}:{side}": area_label(f"{a.key}:{side}")
                  for a in vocab.BODY_AREAS for side in sides[a.sided]},
        "formats": {field: str(fmt) for field, fmt in FORMATS.items()},
    }


def localtime(value: datetime, zone: str) -> datetime:
    return value.astimezone(ZoneInfo(zone))


def option_context() -> dict[str, object]:
    return {
        "body_areas": vocab.BODY_AREAS,
        "bodymap_panels": bodymap.PANELS,
        "duration_options": list(vocab.DURATIONS.items()),
        "feel_options": list(vocab.FEELS.items()),
        "situation_options": list(vocab.SITUATIONS.items()),
        "trigger_options": list(vocab.TRIGGERS.items()),
        "twitchiness_options": list(vocab.TWITCHINESS.items()),
        "trigger_article_url": vocab.trigger_article_url,
        "checkin_answers": Checkin.ANSWERS,
        "outbox_vocabulary": vocabulary,
        "timedelta": timedelta,
    }


def redflag_text(key: str) -> str:
    """A stored red-flag key as the warning sign it stands for."""
    return sign_text(key)


def init_app(app: Flask) -> None:
    """The filters any page may use to show what the diary stores as words."""
    app.add_template_filter(area_label, "area_label")
    app.add_template_filter(trigger_label, "trigger_label")
    app.add_template_filter(lambda value, field: value_text(field, value), "value_text")
    app.add_template_filter(field_label, "field_label")
    app.add_template_filter(localtime, "localtime")
    app.add_template_filter(redflag_text, "redflag_text")
