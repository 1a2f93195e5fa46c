"""Breathing patterns: the one place their timings live.

The player reads a pattern from the `data-pattern` JSON the server renders from
here, and the session service checks saved sessions against it."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from flask_babel import lazy_gettext as _l

MINUTES = (1, 2, 3, 5, 10)
DEFAULT_MINUTES = 3
PHASE_KINDS = ("in", "hold", "out")
CUSTOM = "custom"
LEARN_BREATHING = "/learn/calm-a-twitch-now#breathing"

# Custom pattern bounds, in seconds.
BREATH_RANGE = (2, 12)
HOLD_RANGE = (0, 12)
MAX_CYCLE = 30
CUSTOM_FIELDS = ("inhale", "hold_in", "exhale", "hold_out")

_LABELS = {
    "in": _l("Breathe in"),
    "hold": _l("Hold"),
    "out": _l("Breathe out"),
    "top-up": _l("Sip in a little more"),
    "rest": _l("Rest"),
}


@dataclass(frozen=True)
class Phase:
    kind: str  # "in", "hold" or "out": what the circle and the cues do
    seconds: float
    label_key: str = ""  # which words to show; defaults to the kind

    @property
    def label(self) -> str:
        return str(_LABELS[self.label_key or self.kind])


@dataclass(frozen=True)
class Pattern:
    key: str
    name: object
    rhythm: str  # the counts at a glance, e.g. "4 · 2 · 6"
    summary: object
    how: object
    phases: tuple[Phase, ...]

    @property
    def cycle_seconds(self) -> float:
        return sum(p.seconds for p in self.phases)

    def to_json(self) -> dict[str, Any]:
        """What the browser's player needs, with every word already translated."""
        return {
            "key": self.key,
            "name": str(self.name),
            "phases": [{"kind": p.kind, "seconds": p.seconds, "label": p.label}
                       for p in self.phases],
            "cycleSeconds": self.cycle_seconds,
        }

    def phases_record(self) -> list[dict[str, Any]]:
        """The phases as a session stores them."""
        return [{"kind": p.kind, "seconds": p.seconds} for p in self.phases]


def _counts(*seconds: float) -> str:
    return " · ".join(f"{s:g}" for s in seconds)


PATTERNS: dict[str, Pattern] = {p.key: p for p in (
    Pattern(
        "calm", _l("4-2-6 calming breath"), _counts(4, 2, 6),
        _l("A longer out-breath helps your body settle."),
        _l("Breathe in gently through your nose for 4, hold for 2, then breathe out "
           "slowly through pursed lips for 6, as if blowing on hot soup. Sit or lie "
           "down comfortably; two to five minutes is plenty."),
        (Phase("in", 4), Phase("hold", 2), Phase("out", 6)),
    ),
    Pattern(
        "box", _l("Box breathing"), _counts(4, 4, 4, 4),
        _l("Four equal counts, like the sides of a box."),
        _l("Breathe in for 4, hold for 4, breathe out for 4 and rest for 4. The "
           "steady count gives a busy mind something simple to follow."),
        (Phase("in", 4), Phase("hold", 4), Phase("out", 4), Phase("hold", 4, "rest")),
    ),
    Pattern(
        "478", _l("4-7-8 breathing"), _counts(4, 7, 8),
        _l("A long hold and an even longer out-breath."),
        _l("Breathe in through your nose for 4, hold for 7, then breathe out through "
           "your mouth for 8. If the hold feels too long, the 4-2-6 breath is gentler."),
        (Phase("in", 4), Phase("hold", 7), Phase("out", 8)),
    ),
    Pattern(
        "coherent", _l("Coherent breathing"), _counts(5.5, 5.5),
        _l("Smooth and even, about five and a half breaths a minute."),
        _l("Breathe in for 5.5 seconds and out for 5.5 seconds, with no holds. Let "
           "each breath flow into the next, low into your belly."),
        (Phase("in", 5.5), Phase("out", 5.5)),
    ),
    Pattern(
        "sigh", _l("Physiological sigh"), _counts(2, 1, 6),
        _l("Two breaths in, one long breath out. Quick to do anywhere."),
        _l("Take a full breath in through your nose, then a small extra sip of air "
           "on top. Then let it all out slowly through your mouth."),
        (Phase("in", 2), Phase("in", 1, "top-up"), Phase("out", 6)),
    ),
)}

CUSTOM_NAME = _l("Your own pattern")
CUSTOM_SUMMARY = _l("Your own counts for breathing in, holding, breathing out and resting.")


def custom_pattern(inhale: float, hold_in: float, exhale: float, hold_out: float) -> Pattern:
    """A person's saved counts as a Pattern; holds of 0 seconds are left out."""
    phases = [Phase("in", inhale), Phase("hold", hold_in), Phase("out", exhale),
              Phase("hold", hold_out, "rest")]
    return Pattern(
        CUSTOM, CUSTOM_NAME, _counts(*(p.seconds for p in phases if p.seconds)),
        CUSTOM_SUMMARY,
        _l("Breathe along with the counts you chose. You can change them at any time."),
        tuple(p for p in phases if p.seconds > 0),
    )


def pattern_keys() -> tuple[str, ...]:
    """Every key a session may name, the custom pattern included."""
    return (*PATTERNS, CUSTOM)


def _seconds(raw: object) -> Decimal | None:
    if raw is None or isinstance(raw, bool):
        return None
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def custom_problems(data: dict[str, Any]) -> tuple[dict[str, float], dict[str, str]]:
    """Check a custom pattern's counts: (clean values, field -> message).

    Breathing in and out take 2 to 12 seconds, holds 0 to 12 (blank means 0),
    steps of half a second, and one whole cycle at most 30 seconds."""
    values: dict[str, float] = {}
    errors: dict[str, str] = {}
    for field in CUSTOM_FIELDS:
        raw = data.get(field)
        is_hold = field.startswith("hold")
        if is_hold and (raw is None or str(raw).strip() == ""):
            values[field] = 0.0
            continue
        low, high = HOLD_RANGE if is_hold else BREATH_RANGE
        value = _seconds(raw)
        if value is None:
            errors[field] = str(_l("Enter a number of seconds, like 4 or 5.5."))
        elif not low <= value <= high:
            errors[field] = str(_l("Choose from %(low)s to %(high)s seconds.", low=low, high=high))
        elif value * 2 != int(value * 2):
            errors[field] = str(_l("Use whole or half seconds, like 4 or 4.5."))
        else:
            values[field] = float(value)
    if not errors and sum(values.values()) > MAX_CYCLE:
        errors["total"] = str(_l("One whole breath can take at most %(max)s seconds; yours "
                                 "adds up to %(total)s. Shorten a step or two.",
                                 max=MAX_CYCLE, total=f"{sum(values.values()):g}"))
    return values, errors

