"""Breathing patterns: their counting lives here, their words and counts in
content/exercises/<language>/patterns.toml (checked at start, see content.py).

The player reads a pattern from the `data-pattern` JSON the server renders from
here, and the session service checks saved sessions against it."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import Flask
from flask_babel import LazyString

from webapp.exercises.content import ContentError, Current, DataFile, Table

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
# A built-in pattern's phase, in seconds (half seconds allowed, like the custom ones).
PHASE_SECONDS = (0.5, 30)
# Cues every language names: the custom pattern uses all four ("rest" is its last hold).
REQUIRED_CUES = ("in", "hold", "out", "rest")
WORDS = {"name", "summary", "how"}


@dataclass(frozen=True)
class Phase:
    kind: str  # "in", "hold" or "out": what the circle and the cues do
    seconds: float
    label: str  # the cue a person reads and hears ("Breathe in", "Rest")


@dataclass(frozen=True)
class Pattern:
    key: str
    name: str
    summary: str
    how: str
    phases: tuple[Phase, ...]

    @property
    def rhythm(self) -> str:
        """The counts at a glance, e.g. "4 · 2 · 6"."""
        return " · ".join(f"{p.seconds:g}" for p in self.phases)

    @property
    def cycle_seconds(self) -> float:
        return sum(p.seconds for p in self.phases)

    def to_json(self) -> dict[str, Any]:
        """What the browser's player needs, with every word in the person's language."""
        return {
            "key": self.key,
            "name": self.name,
            "phases": [{"kind": p.kind, "seconds": p.seconds, "label": p.label}
                       for p in self.phases],
            "cycleSeconds": self.cycle_seconds,
        }

    def phases_record(self) -> list[dict[str, Any]]:
        """The phases as a session stores them."""
        return [{"kind": p.kind, "seconds": p.seconds} for p in self.phases]


@dataclass(frozen=True)
class CustomWords:
    name: str
    summary: str
    how: str


@dataclass(frozen=True)
class PatternFile:
    """One language's patterns.toml."""

    patterns: Mapping[str, Pattern]
    cues: Mapping[str, str]
    custom: CustomWords


def _phase(table: Table, cues: Mapping[str, str]) -> Phase:
    kind = table.choice("kind", PHASE_KINDS)
    cue = table.choice("cue", tuple(cues), default=kind)
    return Phase(kind, table.number("seconds", *PHASE_SECONDS, step=0.5), cues[cue])


def _pattern(table: Table, cues: Mapping[str, str]) -> Pattern:
    key = table.key("key")
    if key == CUSTOM:
        raise ContentError(f"{table.where}: '{CUSTOM}' is the person's own pattern, not a key")
    phases = table.tables("phases", {"kind", "seconds", "cue"}, lambda i, _raw: f"phase {i + 1}")
    return Pattern(key, table.text("name"), table.text("summary"), table.text("how"),
                   tuple(_phase(p, cues) for p in phases))


def parse_file(data: dict[str, Any], where: str) -> PatternFile:
    """Check one patterns.toml and build it; raise ContentError naming the field."""
    top = Table(data, where, {"cues", "custom", "patterns"})
    raw_cues = data.get("cues")
    named = set(raw_cues) if isinstance(raw_cues, dict) else set()
    cue_table = Table(raw_cues, f"{where}, [cues]", named | set(REQUIRED_CUES))
    cues = {cue: cue_table.text(cue) for cue in dict.fromkeys((*REQUIRED_CUES, *named))}
    custom = Table(data.get("custom"), f"{where}, [custom]", WORDS)
    patterns: dict[str, Pattern] = {}
    for table in top.tables("patterns", WORDS | {"key", "phases"}, _pattern_name):
        pattern = _pattern(table, cues)
        if pattern.key in patterns:
            raise ContentError(f"{table.where}: a second pattern called '{pattern.key}'")
        patterns[pattern.key] = pattern
    return PatternFile(patterns, cues,
                       CustomWords(custom.text("name"), custom.text("summary"), custom.text("how")))


def _pattern_name(i: int, raw: Any) -> str:
    key = raw.get("key") if isinstance(raw, dict) else None
    return f"pattern '{key}'" if isinstance(key, str) else f"pattern {i + 1}"


def _shape(found: PatternFile) -> object:
    """What a translation keeps: the patterns, in order, with their kinds and counts."""
    return [(p.key, p.phases_record()) for p in found.patterns.values()]


PATTERN_FILE: DataFile[PatternFile] = DataFile("patterns.toml", parse_file, _shape)
# The built-in patterns, in the request's language (English outside a request).
PATTERNS: Mapping[str, Pattern] = Current(PATTERN_FILE, lambda found: found.patterns)
CUSTOM_NAME = LazyString(lambda: PATTERN_FILE.current().custom.name)
CUSTOM_SUMMARY = LazyString(lambda: PATTERN_FILE.current().custom.summary)


def init_app(app: Flask) -> None:
    """At start: read and check every language's patterns.toml."""
    PATTERN_FILE.init_app(app)


def custom_pattern(inhale: float, hold_in: float, exhale: float, hold_out: float) -> Pattern:
    """A person's saved counts as a Pattern; holds of 0 seconds are left out."""
    words = PATTERN_FILE.current()
    phases = [Phase("in", inhale, words.cues["in"]), Phase("hold", hold_in, words.cues["hold"]),
              Phase("out", exhale, words.cues["out"]), Phase("hold", hold_out, words.cues["rest"])]
    return Pattern(CUSTOM, words.custom.name, words.custom.summary, words.custom.how,
                   tuple(p for p in phases if p.seconds > 0))


def pattern_keys() -> tuple[str, ...]:
    """Every key a session may name, the custom pattern included."""
    return (*PATTERNS, CUSTOM)

