"""The one parser for an experiment and for a day's adherence answer, shared by the
form, the sync API and the import, and the templates a person starts from. Each
parser returns clean column values or raises ValidationFailed with a message per
field, so a refused form shows every problem next to its field."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from webapp.language.dates import show_date
from webapp.recovery.experiment_stats import (
    CHANGE,
    MEASURES,
    MIN_DAYS,
    USUAL,
    Phase,
    phases_text,
    plan,
)
from webapp.validation import Parser, many_texts

MAX_PHASE_DAYS = 90
PAST_START_DAYS = 28  # a start this far back may use days already in the diary
FUTURE_START_DAYS = 60
EARLIEST = date(2000, 1, 1)
DESIGNS = {"ab": 2, "abab": 4}
KEPT = {"yes": _l("Yes"), "partly": _l("Partly"), "no": _l("No")}
MEASURE_NAMES = {"twitches": _l("Twitches a day"), "intensity": _l("Twitch intensity (1-10)"),
                 "anxiety": _l("Anxiety at the check-in (0-10)"),
                 "checks": _l("Checks and reassurance a day")}
MEASURE_SHORT = {"twitches": _l("twitches"), "intensity": _l("twitch intensity"),
                 "anxiety": _l("anxiety"), "checks": _l("checks")}
# What the experiment templates say, for any page that shows an experiment's result.
WORDS = {"measure_names": MEASURE_NAMES, "measure_short": MEASURE_SHORT,
         "kept_answers": list(KEPT.items()), "min_days": MIN_DAYS}


@dataclass(frozen=True)
class Template:
    key: str
    title: Any
    change: Any
    first: str
    lengths: tuple[int, ...]
    measures: tuple[str, ...]


TEMPLATES = {t.key: t for t in (
    Template("caffeine", _l("No caffeine after noon"),
             _l("No coffee, tea, cola or energy drinks after 12:00."), CHANGE, (7, 7),
             ("twitches", "anxiety")),
    Template("breathing", _l("4-7-8 breathing twice a day"),
             _l("Four rounds of 4-7-8 breathing in the morning and in the evening."), USUAL,
             (7, 14), ("anxiety", "twitches")),
    Template("searching", _l("No symptom searching for a week"),
             _l("No searching symptoms online and no reading forums about them."), USUAL,
             (7, 7), ("checks", "anxiety")),
)}


# The one parser --------------------------------------------------------------------

def form_phases(template: Template | None, design: str, start: date) -> dict[str, str]:
    """Form values for the phases of ``template`` (or 7 + 7 days) laid back to back."""
    lengths = template.lengths if template else (7, 7)
    lengths = (lengths * 2)[:DESIGNS[design]]
    phases = plan(template.first if template else CHANGE, start, lengths)
    values = {"first": phases[0].kind}
    for number, phase in enumerate(phases, 1):
        values[f"phase_{number}_start"] = phase.start.isoformat()
        values[f"phase_{number}_end"] = phase.end.isoformat()
    return values


def _day(p: Parser, field: str) -> date | None:
    raw = p.text(field, _l("Enter the day like 2026-05-01."))
    if raw is None:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        p.fail(field, _("Enter the day like 2026-05-01.") if raw else _("Choose a day."))
        return None


def _phases(p: Parser, today: date, history: bool) -> list[Phase]:
    design = p.text("design", "") or "ab"
    if design not in DESIGNS:
        p.fail("design", _("Choose two phases (A/B) or four (A/B/A/B)."))
        return []
    first = p.text("first", "") or CHANGE
    if first not in (CHANGE, USUAL):
        p.fail("first", _("Choose what the first phase is: the change, or as usual."))
        return []
    other = USUAL if first == CHANGE else CHANGE
    phases: list[Phase] = []
    for number in range(1, DESIGNS[design] + 1):
        start, end = (_day(p, f"phase_{number}_{edge}") for edge in ("start", "end"))
        if start is None or end is None:
            continue
        field = f"phase_{number}_end"
        if end < start:
            p.fail(field, _("This phase ends before it starts. Choose an end on or after "
                            "%(day)s.", day=show_date(start)))
            continue
        days = (end - start).days + 1
        if days < MIN_DAYS or days > MAX_PHASE_DAYS:
            p.fail(field, _("A phase lasts %(low)d to %(high)d days (this one: %(n)d). Fewer "
                            "than %(low)d days cannot show anything.",
                            low=MIN_DAYS, high=MAX_PHASE_DAYS, n=days))
            continue
        if phases and start <= phases[-1].end:
            p.fail(f"phase_{number}_start", _(
                "This phase overlaps the one before, which ends on %(day)s. Start it on "
                "%(next)s or later.", day=show_date(phases[-1].end),
                next=show_date(phases[-1].end + timedelta(days=1))))
            continue
        phases.append(Phase(first if number % 2 else other, start, end))
    if phases and not p.errors and not history:
        start = phases[0].start
        if start < today - timedelta(days=PAST_START_DAYS):
            p.fail("phase_1_start", _("Start no more than %(n)d days ago: the diary only "
                                      "helps with days close to now.", n=PAST_START_DAYS))
        elif start > today + timedelta(days=FUTURE_START_DAYS):
            p.fail("phase_1_start", _("Start within the next %(n)d days.", n=FUTURE_START_DAYS))
    elif phases and history and phases[0].start < EARLIEST:
        p.fail("phase_1_start", _("Enter a date after 2000."))
    return phases


def parse_experiment(data: Mapping[str, Any], today: date, history: bool = False
                     ) -> dict[str, Any]:
    """Clean values for an Experiment, or ValidationFailed with every field's problem.
    ``history`` (the import) accepts a start long ago."""
    p = Parser(data)
    title = p.text("title", _l("Write the name as text.")) or ""
    if not title:
        p.fail("title", _("Give the experiment a short name, like “No coffee after noon”."))
    elif len(title) > 120:
        p.fail("title", _("Keep the name under 120 characters."))
    change = p.text("change", _l("Write what you will do as text.")) or ""
    if len(change) > 500:
        p.fail("change", _("Keep this under 500 characters."))
    template = p.text("template", "") or ""
    measures = many_texts(data, "measures")
    if not measures or any(m not in MEASURES for m in measures):
        p.fail("measures", _("Choose at least one thing to measure from the list."))
    phases = _phases(p, today, history)
    values = p.done()
    chosen = [m for m in MEASURES if m in (measures or [])]
    return {**values, "title": title, "change": change,
            "template": template if template in TEMPLATES else "",
            "measures": "," + ",".join(chosen) + ",", "phases": phases_text(phases),
            "starts_on": phases[0].start, "ends_on": phases[-1].end}


def parse_adherence(data: Mapping[str, Any], first: date, last: date, today: date
                    ) -> dict[str, Any]:
    """Clean values for an Adherence: a day from ``first`` to ``last`` (the
    experiment's days so far), not after ``today``, and an answer."""
    p = Parser(data)
    day = _day(p, "day")
    if day is not None:
        if day > today:
            p.fail("day", _("That day has not happened yet."))
        elif not first <= day <= last:
            p.fail("day", _("That day is not part of this experiment."))
        else:
            p.clean["day"] = day
    kept = p.text("kept", _l("Answer yes, partly or no."))
    if kept not in KEPT and kept is not None:
        p.fail("kept", _("Answer yes, partly or no."))
    p.clean["kept"] = kept
    return p.done()


