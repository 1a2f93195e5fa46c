"""The weekly picture drawn and said: geometry for an inline SVG chart (three
panels sharing the weeks: checks, twitches, anxiety), drawn by
templates/recovery/weekly_chart.html with the app's colours, and one kind sentence."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from flask_babel import ngettext

from webapp.charts import nice_top
from webapp.recovery.parsing import KINDS
from webapp.recovery.weekly import COMPARE_WEEKS, WEEKS, Picture

WIDTH, LEFT, RIGHT = 360, 30, 6
SLOT = (WIDTH - LEFT - RIGHT) / WEEKS
BAR = 15
PANELS = (("checks", 26, 84), ("twitches", 146, 64), ("anxiety", 246, 48))  # key, top, height
HEIGHT = 330


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    height: float
    part: str  # a CSS class: resisted, acted, unsaid, twitches
    partial: bool


def chart(pic: Picture) -> dict[str, Any]:
    """Bars, points and labels in SVG units for the three panels, sharing the weeks."""
    geometry: dict[str, Any] = {"width": WIDTH, "height": HEIGHT, "left": LEFT,
                                "right": WIDTH - RIGHT, "bars": [], "points": [], "labels": []}
    tops = {"checks": nice_top(max(w.checks for w in pic.weeks)),
            "twitches": nice_top(max(w.twitches for w in pic.weeks)), "anxiety": 10}
    panels = {}
    for key, top, panel_height in PANELS:
        panels[key] = {"top": top, "bottom": top + panel_height, "max": tops[key],
                       "middle": top + panel_height / 2, "half": tops[key] / 2}
    geometry["panels"] = panels
    geometry["lines"], last_point = [], -2
    for index, week in enumerate(pic.weeks):
        x = LEFT + index * SLOT + (SLOT - BAR) / 2
        panel, base = panels["checks"], panels["checks"]["bottom"]
        for part, n in (("resisted", week.resisted), ("acted", week.acted),
                        ("unsaid", week.unsaid)):
            if n:
                height = n / panel["max"] * (panel["bottom"] - panel["top"])
                base -= height
                geometry["bars"].append(Bar(x, base, height, part, week.partial))
        panel = panels["twitches"]
        if week.twitches:
            height = week.twitches / panel["max"] * (panel["bottom"] - panel["top"])
            geometry["bars"].append(Bar(x, panel["bottom"] - height, height, "twitches",
                                        week.partial))
        panel = panels["anxiety"]
        if week.anxiety is not None:
            y = panel["bottom"] - week.anxiety / 10 * (panel["bottom"] - panel["top"])
            point = (round(x + BAR / 2, 1), round(y, 1))
            geometry["points"].append(point)
            if index - 1 != last_point:  # a week without check-ins breaks the line
                geometry["lines"].append([])
            geometry["lines"][-1].append(point)
            last_point = index
        if index % 2 == (len(pic.weeks) - 1) % 2:  # every other week, ending with this one
            last = index == len(pic.weeks) - 1  # right-aligned, so it stays in the picture
            geometry["labels"].append((WIDTH - RIGHT if last else round(x + BAR / 2, 1),
                                       week.start, "end" if last else "middle"))
    return geometry


def sentence(pic: Picture) -> str:
    """The picture in one kind sentence: fewer checks is the goal; no streaks, no blame."""
    trend = pic.trend()
    if trend is not None:
        recent, before = trend
        values = {"recent": _number(recent), "before": _number(before), "n": COMPARE_WEEKS}
        if recent < before * 0.9:
            return _("In the last %(n)d weeks you logged about %(recent)s checks a week, "
                     "fewer than the %(before)s a week in the %(n)d weeks before: the "
                     "direction recovery goes.", **values)
        if recent <= before * 1.1:
            return _("In the last %(n)d weeks you logged about %(recent)s checks a week, "
                     "much like the %(before)s a week in the %(n)d weeks before; change "
                     "often comes in steps.", **values)
        return _("In the last %(n)d weeks you logged about %(recent)s checks a week, more "
                 "than the %(before)s a week in the %(n)d weeks before; harder weeks happen, "
                 "and noticing them is part of the work.", **values)
    if pic.has_checks:
        checks = sum(w.checks for w in pic.weeks)
        return ngettext("Over these weeks you logged %(num)d check or urge and let %(passed)d "
                        "pass; after 8 weeks the picture compares recent weeks with earlier "
                        "ones.",
                        "Over these weeks you logged %(num)d checks and urges and let "
                        "%(passed)d pass; after 8 weeks the picture compares recent weeks "
                        "with earlier ones.", checks, passed=sum(w.resisted for w in pic.weeks))
    return _("No checks logged in these weeks: the chart shows your twitches and anxiety.")


def _number(value: float) -> str:
    return f"{value:.0f}" if value >= 10 or value == int(value) else f"{value:.1f}"


def weekly_view(pic: Picture) -> dict[str, Any]:
    """What templates/recovery/weekly.html shows: the picture, its chart, its sentence."""
    return {"picture": pic, "chart": chart(pic) if pic.has_data else None,
            "sentence": sentence(pic), "kinds": KINDS}
