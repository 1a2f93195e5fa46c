"""The diary's fixed vocabulary: body areas, triggers, feels, situations.

Keys are stored in the database and used in URLs (e.g. /diary/new?trigger=caffeine,
/learn/common-triggers#trigger-caffeine); labels are what people read."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Area:
    key: str
    label: object
    sided: bool  # True: has a left and a right


BODY_AREAS: tuple[Area, ...] = (
    Area("eyelid", _l("Eyelid"), True),
    Area("face", _l("Face or cheek"), True),
    Area("lip", _l("Lip"), False),
    Area("neck", _l("Neck"), False),
    Area("shoulder", _l("Shoulder"), True),
    Area("back", _l("Back"), False),
    Area("chest", _l("Chest"), False),
    Area("abdomen", _l("Abdomen"), False),
    Area("upper_arm", _l("Upper arm"), True),
    Area("forearm", _l("Forearm"), True),
    Area("hand", _l("Hand"), True),
    Area("thumb", _l("Thumb"), True),
    Area("fingers", _l("Fingers"), True),
    Area("thigh", _l("Thigh"), True),
    Area("calf", _l("Calf"), True),
    Area("foot", _l("Foot"), True),
    Area("toes", _l("Toes"), True),
)
AREAS_BY_KEY = {a.key: a for a in BODY_AREAS}
SIDES = ("left", "right", "both", "middle")

TRIGGERS: dict[str, object] = {
    "stress": _l("Stress spike"),
    "panic": _l("Panic"),
    "poor_sleep": _l("Poor sleep"),
    "caffeine": _l("Caffeine"),
    "dehydration": _l("Dehydration or a skipped meal"),
    "desk": _l("Long hours at a desk"),
    "body_checking": _l("Checking my body a lot"),
    "stimulant": _l("Stimulant medicine"),
    "alcohol": _l("Alcohol"),
    "nicotine": _l("Nicotine"),
    "hard_exercise": _l("Hard exercise"),
}

FEELS: dict[str, object] = {
    "flicker": _l("Flicker"),
    "jump": _l("Jump"),
    "buzzing": _l("Buzzing"),
    "cramp": _l("Cramp"),
    "spasm": _l("Spasm"),
}

SITUATIONS: dict[str, object] = {
    "rest": _l("At rest"),
    "bed": _l("In bed"),
    "after_exercise": _l("After exercise"),
    "active": _l("Active"),
}

TWITCHINESS: dict[str, object] = {  # the check-in's "Twitches today"
    "none": _l("None"),
    "few": _l("A few"),
    "many": _l("Many"),
}

DURATIONS: dict[str, object] = {
    "seconds": _l("Seconds"),
    "minutes": _l("Minutes"),
    "hours": _l("Hours"),
    "ongoing": _l("Still going"),
}


def trigger_article_url(key: str) -> str:
    """Where the Learn library explains this trigger."""
    return f"/learn/common-triggers#trigger-{key}"
