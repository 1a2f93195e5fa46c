"""The tappable body map: three pictures (a face close-up, the body, the hands),
each a list of tap targets. Data, not markup: templates/diary/_bodymap.html
draws them, and the checkbox list beside them is the accessible route.

Every picture is WIDTH units wide and drawn at most MAX_PX wide (static/css/app.css,
.bodymap svg), which is also the narrowest it gets on a 320 px phone. So a target
of MIN_UNITS or more is at least 44 x 44 CSS px wherever it is tapped: the
eyelid, where most twitches are, gets a close-up rather than a 15 px sliver.

Front views: the person's right side is on the viewer's left."""
from __future__ import annotations

from typing import NamedTuple

from flask_babel import lazy_gettext as _l

WIDTH = 200
MAX_PX = 288  # 18rem; a 320 px screen minus the page margins
TAP_PX = 44
MIN_UNITS = 32  # 32 * 288 / 200 = 46 px


class Shape(NamedTuple):
    value: str  # "area:side", the same value as the checkbox
    box: tuple[float, float, float, float]  # the tap target: x, y, width, height


class Word(NamedTuple):
    x: float
    y: float
    text: object
    anchor: str = "middle"


class Panel(NamedTuple):
    key: str  # "face", "body", "hands": the template draws its outline by key
    height: int
    shapes: tuple[Shape, ...]
    words: tuple[Word, ...]


def _pair(area: str, right: tuple, left: tuple) -> tuple[Shape, Shape]:
    return Shape(f"{area}:right", right), Shape(f"{area}:left", left)


FACE = Panel("face", 144, (
    *_pair("eyelid", (38, 28, 58, 34), (104, 28, 58, 34)),
    *_pair("face", (32, 66, 64, 34), (104, 66, 64, 34)),
    Shape("lip:middle", (68, 104, 64, 32)),
), (Word(4, 140, _l("Right"), "start"), Word(196, 140, _l("Left"), "end")))

BODY = Panel("body", 276, (
    *_pair("shoulder", (8, 34, 32, 32), (88, 34, 32, 32)),
    Shape("neck:middle", (48, 34, 32, 32)),
    *_pair("upper_arm", (8, 68, 32, 32), (88, 68, 32, 32)),
    Shape("chest:middle", (42, 68, 44, 32)),
    *_pair("forearm", (8, 102, 32, 32), (88, 102, 32, 32)),
    Shape("abdomen:middle", (42, 102, 44, 32)),
    *_pair("thigh", (30, 136, 32, 34), (66, 136, 32, 34)),
    *_pair("calf", (30, 172, 32, 34), (66, 172, 32, 34)),
    *_pair("foot", (26, 208, 36, 32), (66, 208, 36, 32)),
    *_pair("toes", (26, 242, 36, 32), (66, 242, 36, 32)),
    Shape("neck:middle", (150, 34, 32, 32)),
    Shape("back:middle", (136, 68, 60, 66)),
), (Word(24, 29, _l("Right")), Word(104, 29, _l("Left")), Word(166, 154, _l("Back"))))

HANDS = Panel("hands", 92, (
    *_pair("fingers", (10, 2, 52, 34), (138, 2, 52, 34)),
    *_pair("hand", (10, 38, 52, 36), (138, 38, 52, 36)),
    *_pair("thumb", (64, 40, 32, 32), (104, 40, 32, 32)),
), (Word(36, 88, _l("Right hand")), Word(164, 88, _l("Left hand"))))

PANELS: tuple[Panel, ...] = (FACE, BODY, HANDS)
