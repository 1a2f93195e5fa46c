"""Shapes of the tappable body map (front and back). Data, not markup: the
template draws them, and the checkbox list beside it is the accessible route.
Front view: the person's right side is on the viewer's left."""
from __future__ import annotations

from typing import NamedTuple


class Shape(NamedTuple):
    value: str  # "area:side", the same value as the checkbox
    kind: str  # "rect" or "ellipse"
    box: tuple[float, float, float, float]  # rect: x, y, w, h; ellipse: cx, cy, rx, ry


def _pair(area: str, kind: str, right: tuple, left: tuple) -> list[Shape]:
    return [Shape(f"{area}:right", kind, right), Shape(f"{area}:left", kind, left)]


FRONT: list[Shape] = [
    *_pair("face", "ellipse", (42, 26, 4.5, 4), (58, 26, 4.5, 4)),
    *_pair("eyelid", "ellipse", (44, 18.5, 4, 2.5), (56, 18.5, 4, 2.5)),
    Shape("lip:middle", "ellipse", (50, 31.5, 5, 2.2)),
    Shape("neck:middle", "rect", (45, 37, 10, 6)),
    Shape("chest:middle", "rect", (38, 45, 24, 21)),
    Shape("abdomen:middle", "rect", (38, 67, 24, 23)),
    *_pair("shoulder", "ellipse", (33, 47, 6.5, 5.5), (67, 47, 6.5, 5.5)),
    *_pair("upper_arm", "rect", (25, 53, 9, 23), (66, 53, 9, 23)),
    *_pair("forearm", "rect", (22, 77, 9, 24), (69, 77, 9, 24)),
    *_pair("hand", "ellipse", (25, 108, 5, 6), (75, 108, 5, 6)),
    *_pair("thumb", "ellipse", (31.5, 105, 2.5, 4), (68.5, 105, 2.5, 4)),
    *_pair("fingers", "rect", (21, 114.5, 8, 7), (71, 114.5, 8, 7)),
    *_pair("thigh", "rect", (38, 92, 11, 34), (51, 92, 11, 34)),
    *_pair("calf", "rect", (39, 128, 9, 31), (52, 128, 9, 31)),
    *_pair("foot", "ellipse", (43, 164, 6, 4), (57, 164, 6, 4)),
    *_pair("toes", "ellipse", (38, 170, 4, 2.5), (62, 170, 4, 2.5)),
]

BACK: list[Shape] = [
    Shape("neck:middle", "rect", (145, 37, 10, 6)),
    Shape("back:middle", "rect", (138, 45, 24, 45)),
    *_pair("shoulder", "ellipse", (167, 47, 6.5, 5.5), (133, 47, 6.5, 5.5)),
    *_pair("upper_arm", "rect", (166, 53, 9, 23), (125, 53, 9, 23)),
    *_pair("forearm", "rect", (169, 77, 9, 24), (122, 77, 9, 24)),
    *_pair("hand", "ellipse", (175, 108, 5, 6), (125, 108, 5, 6)),
    *_pair("thigh", "rect", (151, 92, 11, 34), (138, 92, 11, 34)),
    *_pair("calf", "rect", (152, 128, 9, 31), (139, 128, 9, 31)),
    *_pair("foot", "ellipse", (157, 164, 6, 4), (143, 164, 6, 4)),
]
