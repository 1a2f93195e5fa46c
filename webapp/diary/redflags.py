"""What the red-flag answers add up to. The signs themselves (questions,
urgency, advice) are data: webapp.safety.signs.

Rules, from the calibration in issue 10:
- each "yes" counts at its sign's own urgency; the most urgent one leads;
- two or more "this week" / "appointment" signs together make it one level
  more urgent than the most urgent of them, and the result says why;
- "not sure" (skip) is never counted as a "no": the result names those
  questions, and "none of the warning signs" is said only when every
  question asked was answered "no".
The wording never says a symptom is "just anxiety" and never gives odds."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from webapp.safety import signs
from webapp.safety.signs import (
    APPOINTMENT,
    EMERGENCY,
    THIS_WEEK,
    URGENCY_ORDER,
    Catalogue,
    Level,
    Sign,
)

YES, NO, SKIP = "yes", "no", "skip"
ANSWERS = (YES, NO, SKIP)
COMBINING = (THIS_WEEK, APPOINTMENT)  # the levels whose signs add up

__all__ = [
    "ANSWERS",
    "APPOINTMENT",
    "EMERGENCY",
    "NO",
    "SKIP",
    "THIS_WEEK",
    "YES",
    "Assessment",
    "assess",
    "overall_urgency",
    "sign_text",
]


@dataclass(frozen=True)
class Group:
    level: Level
    signs: tuple[Sign, ...]


@dataclass(frozen=True)
class Assessment:
    level: Level | None  # what to do overall; None when nothing was answered "yes"
    escalated: bool
    reason: str  # why it was escalated, in plain words; "" when not
    groups: tuple[Group, ...]  # the "yes" signs at their own urgency, most urgent first
    skipped: tuple[Sign, ...]
    all_no: bool  # every question asked was answered "no"


def overall_urgency(urgencies: Iterable[str]) -> tuple[str | None, bool]:
    """The urgency for a set of "yes" signs, and whether they escalated it."""
    present = [u for u in urgencies if u in URGENCY_ORDER]
    if not present:
        return None, False
    highest = min(URGENCY_ORDER.index(u) for u in present)
    combining = sum(1 for u in present if u in COMBINING)
    if combining >= 2 and highest > 0:
        return URGENCY_ORDER[highest - 1], True
    return URGENCY_ORDER[highest], False


def assess(catalogue: Catalogue, answers: Mapping[str, str]) -> Assessment:
    """The result for `answers` (sign key -> yes/no/skip) in the catalogue's language.
    Keys the catalogue does not know are ignored."""
    known = [s for s in catalogue.signs if s.key in answers]
    yes = [s for s in known if answers[s.key] == YES]
    urgency, escalated = overall_urgency(s.urgency for s in yes)
    reason = ""
    if escalated:
        reason = (catalogue.escalation.to_emergency if urgency == EMERGENCY
                  else catalogue.escalation.to_this_week)
    groups = tuple(Group(catalogue.levels[u], tuple(s for s in yes if s.urgency == u))
                   for u in URGENCY_ORDER if any(s.urgency == u for s in yes))
    return Assessment(
        level=catalogue.levels[urgency] if urgency else None, escalated=escalated, reason=reason,
        groups=groups, skipped=tuple(s for s in known if answers[s.key] == SKIP),
        all_no=bool(known) and all(answers[s.key] == NO for s in known),
    )


def answers_of(yes: Iterable[str], no: Iterable[str], skipped: Iterable[str]) -> dict[str, str]:
    """Stored key lists back to one answer per key."""
    answers = {k: NO for k in no}
    answers.update({k: SKIP for k in skipped})
    answers.update({k: YES for k in yes})
    return answers


def sign_text(key: str) -> str:
    """A stored sign key as the line a person reads, in the request's language."""
    sign = signs.current().by_key.get(key)
    return sign.article if sign else key
