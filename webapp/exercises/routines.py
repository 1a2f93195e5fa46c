"""Relaxation routines, step by step: their timing rules live here, their words
and steps in content/exercises/<language>/routines.toml (checked at start, see
content.py).

Each routine renders as the same `data-pattern` JSON as a breathing pattern (its
steps are the phases, run once), so one engine and one player time them both."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from flask import Flask

from webapp.exercises.content import ContentError, Current, DataFile, Table

KINDS = ("tense", "release", "do", "move")
LEARN_PREFIX = "/learn/"
STEP_SECONDS = (5, 600)
TENSE_SECONDS = (10, 20)  # the article's 10 to 20 seconds: longer tires and cramps
BEATS_A_MINUTE = (40, 120)  # a soft marching beat, from slow walking to brisk
ROUTINE_FIELDS = {"slug", "name", "summary", "learn", "steps"}
STEP_FIELDS = {"kind", "title", "text", "seconds", "beat"}


@dataclass(frozen=True)
class Step:
    kind: str  # "tense", "release", "do" or "move"
    title: str
    text: str
    seconds: int
    beat: int = 0  # beats a minute for a soft marching beat; 0 is none


@dataclass(frozen=True)
class Routine:
    slug: str
    name: str
    summary: str
    learn_url: str
    steps: tuple[Step, ...]

    @property
    def total_seconds(self) -> int:
        return sum(s.seconds for s in self.steps)

    def to_json(self) -> dict[str, Any]:
        """What the browser's step player needs, with every word in the person's language."""
        return {
            "key": self.slug,
            "name": self.name,
            "phases": [{"kind": s.kind, "seconds": s.seconds, "label": s.title,
                        "text": s.text, "beat": s.beat} for s in self.steps],
            "cycleSeconds": self.total_seconds,
            "cycles": 1,
        }


def _step(table: Table) -> Step:
    kind = table.choice("kind", KINDS)
    low, high = TENSE_SECONDS if kind == "tense" else STEP_SECONDS
    beat = table.number("beat", *BEATS_A_MINUTE) if "beat" in table.data else 0
    return Step(kind, table.text("title"), table.text("text"), table.number("seconds", low, high),
                beat)


def _routine(table: Table) -> Routine:
    learn = table.text("learn")
    if not learn.startswith(LEARN_PREFIX):
        raise ContentError(f"{table.where}: 'learn' must be a Learn page such as "
                           f"{LEARN_PREFIX}calm-a-twitch-now#pmr")
    steps = table.tables("steps", STEP_FIELDS, lambda i, _raw: f"step {i + 1}")
    return Routine(table.key("slug"), table.text("name"), table.text("summary"), learn,
                   tuple(_step(s) for s in steps))


def _routine_name(i: int, raw: Any) -> str:
    slug = raw.get("slug") if isinstance(raw, dict) else None
    return f"routine '{slug}'" if isinstance(slug, str) else f"routine {i + 1}"


def parse_file(data: dict[str, Any], where: str) -> Mapping[str, Routine]:
    """Check one routines.toml and build its routines; raise ContentError naming the field."""
    routines: dict[str, Routine] = {}
    for table in Table(data, where, {"routines"}).tables("routines", ROUTINE_FIELDS, _routine_name):
        routine = _routine(table)
        if routine.slug in routines:
            raise ContentError(f"{table.where}: a second routine called '{routine.slug}'")
        routines[routine.slug] = routine
    return MappingProxyType(routines)


def _shape(routines: Mapping[str, Routine]) -> object:
    """What a translation keeps: the routines, their Learn links, each step's kind and timing."""
    return [(r.slug, r.learn_url, [(s.kind, s.seconds, s.beat) for s in r.steps])
            for r in routines.values()]


ROUTINE_FILE: DataFile[Mapping[str, Routine]] = DataFile("routines.toml", parse_file, _shape)
# The routines, in the request's language (English outside a request).
ROUTINES: Mapping[str, Routine] = Current(ROUTINE_FILE, lambda routines: routines)


def init_app(app: Flask) -> None:
    """At start: read and check every language's routines.toml."""
    ROUTINE_FILE.init_app(app)
