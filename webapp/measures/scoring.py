"""Scores, severity bands and reliable change for PHQ-4, GAD-7 and PHQ-9.

No database: answers in, numbers and keys out. The words a person
reads for each instrument are content (content/measures/<language>/<key>.toml);
the rules here are the instrument's own and the same in every language.

Reliable change: one method for every instrument, Jacobson & Truax (1991):
RCI = (x2 - x1) / S_diff with S_diff = sqrt(2) * SD * sqrt(1 - r), reliable when
|RCI| >= 1.96. Scores are whole numbers, so that is applied as a whole-number
threshold in points (the smallest change whose |RCI| reaches 1.96):

- PHQ-9: 6 points and GAD-7: 4 points, the thresholds the NHS Talking Therapies
  (formerly IAPT) manual publishes for these two scales, derived the same way.
- PHQ-4: SD 2.1 and reliability (Cronbach's alpha) 0.84 from the general-population
  norms of Kocalevent et al. 2014 (BMC Psychiatry 14:205): S_diff = 1.19, and
  1.96 x 1.19 = 2.33, so 3 points.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l

CRITICAL = 1.96  # two-tailed 95%: Jacobson & Truax's cut-off for |RCI|
ANSWER_MAX = 3


@dataclass(frozen=True)
class Band:
    key: str  # minimal, mild, moderate, moderately_severe, severe, normal
    low: int
    high: int


@dataclass(frozen=True)
class Reliable:
    """How much change counts as reliable, and where the numbers come from."""

    points: int
    source: Any  # a lazy translatable string
    sd: float | None = None
    reliability: float | None = None


@dataclass(frozen=True)
class Rules:
    key: str
    items: int
    bands: tuple[Band, ...]
    reliable: Reliable
    subscales: tuple[tuple[str, tuple[int, ...]], ...] = ()  # name, 0-based item indexes
    subscale_flag: int = 3  # a subscale at or above this is flagged (PHQ-4)
    item9: int | None = None  # the 0-based index of the self-harm item (PHQ-9)
    difficulty: bool = False  # the unscored "how difficult" question follows

    @property
    def max_total(self) -> int:
        return self.items * ANSWER_MAX


# Citations a person reads on the result page: through the catalogue, so a translated
# page can say "manual" in its own language (the titles stay as published).
NHS_MANUAL = _l("NHS Talking Therapies for anxiety and depression manual (NHS England)")
INSTRUMENTS: dict[str, Rules] = {
    "phq4": Rules(
        key="phq4", items=4,
        bands=(Band("normal", 0, 2), Band("mild", 3, 5), Band("moderate", 6, 8),
               Band("severe", 9, 12)),
        reliable=Reliable(points=3, sd=2.1, reliability=0.84,
                          source=_l("Kocalevent et al., BMC Psychiatry 2014;14:205 "
                                    "(general-population norms of the PHQ-4)")),
        subscales=(("anxiety", (0, 1)), ("depression", (2, 3)))),
    "gad7": Rules(
        key="gad7", items=7,
        bands=(Band("minimal", 0, 4), Band("mild", 5, 9), Band("moderate", 10, 14),
               Band("severe", 15, 21)),
        reliable=Reliable(points=4, source=NHS_MANUAL), difficulty=True),
    "phq9": Rules(
        key="phq9", items=9,
        bands=(Band("minimal", 0, 4), Band("mild", 5, 9), Band("moderate", 10, 14),
               Band("moderately_severe", 15, 19), Band("severe", 20, 27)),
        reliable=Reliable(points=6, source=NHS_MANUAL), item9=8, difficulty=True),
}
ORDER = ("phq4", "gad7", "phq9")


@dataclass(frozen=True)
class Score:
    total: int
    band: str
    subscales: dict[str, int]
    flagged: tuple[str, ...]  # subscales at or above the flag (PHQ-4)
    item9: int | None  # PHQ-9's answer to item 9; None for other instruments


@dataclass(frozen=True)
class Change:
    label: str  # "improvement", "worsening" or "none": lower scores are better
    points: int  # after - before
    threshold: int


def band_for(key: str, total: int) -> Band:
    for band in INSTRUMENTS[key].bands:
        if band.low <= total <= band.high:
            return band
    raise ValueError(f"{total} is outside {key}'s range")


def score(key: str, answers: Sequence[int]) -> Score:
    """The total, band and subscales of one completed questionnaire. ValueError
    for the wrong number of answers or an answer outside 0-3 (the parser stops
    those before they get here)."""
    rules = INSTRUMENTS[key]
    if len(answers) != rules.items or any(
            isinstance(a, bool) or not isinstance(a, int) or not 0 <= a <= ANSWER_MAX
            for a in answers):
        raise ValueError(f"{key} needs {rules.items} answers from 0 to {ANSWER_MAX}")
    total = sum(answers)
    subscales = {name: sum(answers[i] for i in items) for name, items in rules.subscales}
    flagged = tuple(name for name, value in subscales.items() if value >= rules.subscale_flag)
    item9 = answers[rules.item9] if rules.item9 is not None else None
    return Score(total, band_for(key, total).key, subscales, flagged, item9)


def s_diff(sd: float, reliability: float) -> float:
    """The standard error of the difference between two scores."""
    return math.sqrt(2) * sd * math.sqrt(1 - reliability)


def rci(before: float, after: float, sd: float, reliability: float) -> float:
    """Jacobson & Truax's reliable change index for a change from ``before`` to ``after``."""
    return (after - before) / s_diff(sd, reliability)


def change(key: str, before: int, after: int) -> Change:
    """Reliable improvement, reliable worsening or no reliable change, by the
    instrument's threshold (see the module's docstring for where each comes from)."""
    threshold = INSTRUMENTS[key].reliable.points
    points = after - before
    if points <= -threshold:
        label = "improvement"
    elif points >= threshold:
        label = "worsening"
    else:
        label = "none"
    return Change(label, points, threshold)
