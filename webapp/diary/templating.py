"""Labels and option lists the diary's templates share."""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from flask_babel import gettext as _

from webapp.diary import bodymap, vocab
from webapp.diary.parsing import TWITCHINESS


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


def localtime(value: datetime, zone: str) -> datetime:
    return value.astimezone(ZoneInfo(zone))


def option_context() -> dict[str, object]:
    return {
        "body_areas": vocab.BODY_AREAS,
        "bodymap_shapes": bodymap.FRONT + bodymap.BACK,
        "duration_options": list(vocab.DURATIONS.items()),
        "feel_options": list(vocab.FEELS.items()),
        "situation_options": list(vocab.SITUATIONS.items()),
        "trigger_options": list(vocab.TRIGGERS.items()),
        "twitchiness_options": [(k, _(v)) for k, v in TWITCHINESS.items()],
        "trigger_article_url": vocab.trigger_article_url,
        "timedelta": timedelta,
    }


def init_blueprint(bp) -> None:
    bp.context_processor(option_context)
    bp.add_app_template_filter(area_label, "area_label")
    bp.add_app_template_filter(trigger_label, "trigger_label")
    bp.add_app_template_filter(localtime, "localtime")
