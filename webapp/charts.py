"""Chart geometry for server-drawn inline SVG: "nice" ticks, linear scales, and the
coordinates of bars, lines and labels in viewBox units. No database and no Flask:
numbers in, numbers out. templates/_charts.html draws the result with classes only
(the CSP forbids style attributes), coloured by app.css's custom properties, and a
viewBox with width 100% keeps it readable on a 320 px phone."""
from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

STEPS = (1.0, 2.0, 5.0, 10.0)
DOTS_UP_TO = 31  # more points than this: dots only where a point stands alone


@dataclass(frozen=True)
class Frame:
    """The drawing: the whole viewBox and the margins around the plot area (for the
    y tick labels on the left and the x labels below)."""

    width: float = 320.0
    height: float = 160.0
    left: float = 30.0
    right: float = 8.0
    top: float = 10.0
    bottom: float = 24.0

    @property
    def plot_left(self) -> float:
        return self.left

    @property
    def plot_right(self) -> float:
        return self.width - self.right

    @property
    def plot_top(self) -> float:
        return self.top

    @property
    def plot_bottom(self) -> float:
        return self.height - self.bottom

    @property
    def plot_width(self) -> float:
        return self.plot_right - self.plot_left

    @property
    def label_y(self) -> float:
        return self.height - 6.0


def nice_step(span: float, count: int = 4) -> float:
    """A step of 1, 2 or 5 times a power of ten that cuts ``span`` into about
    ``count`` parts (never fewer than ``count`` - 1)."""
    if span <= 0 or count < 1:
        return 1.0
    raw = span / count
    power = 10.0 ** math.floor(math.log10(raw))
    for step in STEPS:
        if step * power >= raw - 1e-12:
            return step * power
    return 10.0 * power  # unreachable: STEPS ends at 10


def nice_ticks(low: float, high: float, count: int = 4, *, whole: bool = False) -> list[float]:
    """Tick values from a multiple of the step at or below ``low`` to one at or above
    ``high``. ``whole``: steps of at least 1 (for counts)."""
    if high < low:
        low, high = high, low
    if high == low:
        high = low + 1.0
    step = nice_step(high - low, count)
    if whole:
        step = max(1.0, step)
    start = math.floor(low / step + 1e-9) * step
    ticks = []
    value = start
    while value < high - 1e-9:
        ticks.append(_clean(value))
        value = start + len(ticks) * step
    ticks.append(_clean(value))
    return ticks


def nice_top(value: float) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50... at or above ``value`` (at least 1)."""
    scale = 1
    while True:
        for step in (1, 2, 5):
            if step * scale >= value:
                return step * scale
        scale *= 10


def _clean(value: float) -> float:
    """Drop floating-point dust (0.30000000000000004 -> 0.3)."""
    return round(value, 10) + 0.0


def tick_label(value: float) -> str:
    """A tick's text: whole numbers without a point, others with one decimal."""
    return f"{value:.0f}" if value == int(value) else f"{value:.1f}"


@dataclass(frozen=True)
class Scale:
    """A linear map from data values (``low``..``high``) to SVG units
    (``start``..``end``; ``end`` is above ``start`` for a y scale, so smaller)."""

    low: float
    high: float
    start: float
    end: float

    def __call__(self, value: float) -> float:
        if self.high == self.low:
            return self.start
        return self.start + (value - self.low) / (self.high - self.low) * (self.end - self.start)


@dataclass(frozen=True)
class Tick:
    value: float
    y: float
    label: str


@dataclass(frozen=True)
class Label:
    """An x label: its position, its slot's index and where its text is anchored."""

    x: float
    index: int
    anchor: str


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    index: int


@dataclass(frozen=True)
class Line:
    """One unbroken run of points of one series (a gap in the data breaks a line)."""

    series: str
    points: tuple[tuple[float, float], ...]

    @property
    def svg_points(self) -> str:
        return " ".join(f"{x:g},{y:g}" for x, y in self.points)


@dataclass(frozen=True)
class Dot:
    series: str
    x: float
    y: float


@dataclass(frozen=True)
class Geometry:
    frame: Frame
    ticks: tuple[Tick, ...]
    labels: tuple[Label, ...]
    bars: tuple[Bar, ...] = ()
    lines: tuple[Line, ...] = ()
    dots: tuple[Dot, ...] = ()
    series: tuple[str, ...] = field(default=())

    @property
    def baseline(self) -> float:
        return self.frame.plot_bottom


def slot_centres(count: int, frame: Frame) -> list[float]:
    """The centre of each of ``count`` equal slots across the plot area."""
    if count <= 0:
        return []
    width = frame.plot_width / count
    return [round(frame.plot_left + width * (i + 0.5), 1) for i in range(count)]


def label_indexes(count: int, most: int = 5) -> list[int]:
    """At most ``most`` slot indexes to label, evenly spaced, always the last one
    (the most recent) and the first."""
    if count <= 0:
        return []
    if count <= most:
        return list(range(count))
    step = math.ceil((count - 1) / (most - 1))
    chosen = list(range(count - 1, -1, -step))
    if chosen[-1] != 0:
        if len(chosen) < most and chosen[-1] >= step * 0.8:
            chosen.append(0)
        else:  # no room for both, or too close to the first to fit both
            chosen[-1] = 0
    return sorted(chosen)


def _labels(count: int, frame: Frame, most: int) -> tuple[Label, ...]:
    centres = slot_centres(count, frame)
    labels = []
    for index in label_indexes(count, most):
        if count > 1 and index == 0:
            labels.append(Label(frame.plot_left, index, "start"))
        elif count > 1 and index == count - 1:
            labels.append(Label(frame.plot_right, index, "end"))
        else:
            labels.append(Label(centres[index], index, "middle"))
    return tuple(labels)


def _ticks(values: Sequence[float], scale: Scale) -> tuple[Tick, ...]:
    return tuple(Tick(v, round(scale(v), 1), tick_label(v)) for v in values)


def bar_geometry(values: Sequence[float | None], frame: Frame = Frame(), *,
                 most_labels: int = 5) -> Geometry:
    """Bars from a zero baseline, one per slot; a slot with None or 0 has no bar."""
    present = [v for v in values if v is not None]
    ticks = nice_ticks(0.0, max([*present, 1.0]), 4, whole=True)
    scale = Scale(0.0, ticks[-1], frame.plot_bottom, frame.plot_top)
    count = len(values)
    slot = frame.plot_width / count if count else 0.0
    width = round(max(0.6, slot * 0.7), 1)
    bars = []
    for index, (centre, value) in enumerate(zip(slot_centres(count, frame), values, strict=True)):
        if value:
            top = round(scale(value), 1)
            bars.append(Bar(round(centre - width / 2, 1), top, width,
                            round(frame.plot_bottom - top, 1), index))
    return Geometry(frame, _ticks(ticks, scale), _labels(count, frame, most_labels),
                    bars=tuple(bars))


def line_geometry(series: Mapping[str, Sequence[float | None]], low: float, high: float,
                  frame: Frame = Frame(), *, tick_count: int = 4,
                  most_labels: int = 5) -> Geometry:
    """One line per series over shared slots, on a scale from ``low`` to ``high``
    (widened to nice ticks, and to any value outside it). None breaks a line; a
    point with no neighbour gets a dot so it is not lost."""
    present = [v for values in series.values() for v in values if v is not None]
    ticks = nice_ticks(min([*present, low]), max([*present, high]), tick_count)
    scale = Scale(ticks[0], ticks[-1], frame.plot_bottom, frame.plot_top)
    count = max((len(values) for values in series.values()), default=0)
    centres = slot_centres(count, frame)
    lines, dots = [], []
    for key, values in series.items():
        run: list[tuple[float, float]] = []
        runs = []
        for centre, value in zip(centres, values, strict=False):  # a short series ends early
            if value is None:
                if run:
                    runs.append(run)
                run = []
                continue
            run.append((centre, round(scale(value), 1)))
        if run:
            runs.append(run)
        for points in runs:
            if len(points) > 1:
                lines.append(Line(key, tuple(points)))
            if len(points) == 1 or count <= DOTS_UP_TO:
                dots += [Dot(key, x, y) for x, y in points]
    return Geometry(frame, _ticks(ticks, scale), _labels(count, frame, most_labels),
                    lines=tuple(lines), dots=tuple(dots), series=tuple(series))


def sparkline(values: Sequence[float | None], high: float, *, width: float = 120,
              height: float = 28) -> str:
    """A small line's SVG points for ``values`` (one per day, None for a day with
    nothing) on a 0..``high`` scale (widened to the largest value); days with
    nothing are left out, so the line joins the days that have data."""
    top = max([high, *(v for v in values if v is not None)]) or 1.0
    scale = Scale(0.0, top, height - 1, 1)
    step = width / max(len(values) - 1, 1)
    return " ".join(f"{round(i * step, 1):g},{round(scale(v), 1):g}"
                    for i, v in enumerate(values) if v is not None)
