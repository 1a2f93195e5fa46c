"""A chart of one questionnaire's scores over time: webapp.charts geometry (one
line, a slot per response, oldest first), with a line where each severity band
begins, drawn by templates/measures/_chart.html."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

from webapp.charts import Frame, Geometry, Scale, line_geometry
from webapp.measures.models import MeasureResponse
from webapp.measures.scoring import INSTRUMENTS
from webapp.measures.words import band_label

FRAME = Frame(width=320.0, height=170.0, left=26.0, right=8.0, top=10.0, bottom=24.0)


@dataclass(frozen=True)
class BandLine:
    y: float
    label: str


@dataclass(frozen=True)
class ScoreChart:
    key: str
    title: str
    summary: str
    geometry: Geometry
    bands: tuple[BandLine, ...]
    rows: tuple[MeasureResponse, ...]


def score_chart(key: str, name: str, rows: Sequence[MeasureResponse],
                prefix: str = "measure") -> ScoreChart | None:
    """The chart for ``rows`` (one questionnaire, oldest first); None without any."""
    if not rows:
        return None
    rules = INSTRUMENTS[key]
    geometry = line_geometry({"score": [float(r.total) for r in rows]}, 0, rules.max_total,
                             FRAME, tick_count=3)
    ticks = geometry.ticks
    scale = Scale(ticks[0].value, ticks[-1].value, FRAME.plot_bottom, FRAME.plot_top)
    bands = tuple(BandLine(round(scale(band.low), 1), band_label(band.key))
                  for band in rules.bands[1:])
    first, last = rows[0], rows[-1]
    summary = _("%(count)d scores from %(first)s to %(last)s; the latest is %(total)d "
                "(%(band)s).", count=len(rows), first=first.local_day.isoformat(),
                last=last.local_day.isoformat(), total=last.total, band=band_label(last.band))
    return ScoreChart(f"{prefix}-{key}", _("%(name)s scores over time", name=name), summary,
                      geometry, bands, tuple(rows))


def charts(rows: Sequence[MeasureResponse], names: dict[str, str],
           prefix: str = "measure") -> list[Any]:
    """One chart per questionnaire that has responses, in ``names``' order."""
    by_key: dict[str, list[MeasureResponse]] = {}
    for row in rows:
        by_key.setdefault(row.instrument, []).append(row)
    found = [score_chart(key, name, by_key.get(key, []), prefix) for key, name in names.items()]
    return [c for c in found if c is not None]
