"""The one parser for an assignment, shared by the therapist's form and the
import: clean column values, or ValidationFailed with a message per field."""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from flask_babel import gettext as _

from webapp.exercises.patterns import PATTERNS
from webapp.exercises.routines import ROUTINES
from webapp.recovery.experiment_parsing import TEMPLATES
from webapp.recovery.parsing import KINDS as CHECK_KINDS
from webapp.validation import Parser, ValidationFailed, one_text, ranged_number

TIMES_A_WEEK = (1, 14)  # an exercise: once a week to twice a day
WEEKS = (1, 12)
CHECKS_MAX = (0, 21)  # a ledger target: "at most N a week", 0 meaning none
PAST_START_DAYS = 7
FUTURE_START_DAYS = 60
BREATHE = "breathe"


def exercise_choices() -> dict[str, str]:
    """"breathe:<pattern>" for each breathing pattern, and each routine's slug."""
    found = {f"{BREATHE}:{key}": str(p.name) for key, p in PATTERNS.items()}
    found.update({slug: str(r.name) for slug, r in ROUTINES.items()})
    return found


def _whole(p: Parser, field: str, bounds: tuple[int, int], message: str) -> int | None:
    value = ranged_number(one_text(p.data, field) or "", *bounds, whole=True)
    if value is None:
        p.fail(field, message)
        return None
    return int(value)


def _start(p: Parser, today: date) -> date | None:
    raw = (one_text(p.data, "starts_on") or "").strip()
    if not raw:
        return today
    try:
        day = date.fromisoformat(raw) if len(raw) == 10 else None
    except ValueError:
        day = None
    if day is None:
        p.fail("starts_on", _("Write the first day as YYYY-MM-DD, like %(example)s.",
                              example=today.isoformat()))
    elif not today - timedelta(days=PAST_START_DAYS) <= day <= today + timedelta(
            days=FUTURE_START_DAYS):
        p.fail("starts_on", _("Choose a first day from a week ago to two months ahead."))
    else:
        return day
    return None


def parse_assignment(data: Mapping[str, Any], today: date) -> dict[str, Any]:
    """An exercise, a checks target or an experiment for ``weeks`` weeks from
    ``starts_on`` (the client's local ``today`` when left blank)."""
    p = Parser(data)
    kind = (one_text(data, "kind") or "").strip()
    values: dict[str, Any] = {"kind": kind, "exercise": None, "pattern": None,
                              "check_kind": None, "experiment": None, "per_week": 0}
    if kind not in ("exercise", "checks", "experiment"):
        p.fail("kind", _("Choose what to assign."))
    weeks = _whole(p, "weeks", WEEKS, _("Choose from %(low)d to %(high)d weeks.",
                                        low=WEEKS[0], high=WEEKS[1]))
    starts = _start(p, today)
    if kind == "exercise":
        choice = (one_text(data, "exercise") or "").strip()
        if choice not in exercise_choices():
            p.fail("exercise", _("Choose a breathing pattern or a relaxation routine from "
                                 "the list."))
        elif choice.startswith(f"{BREATHE}:"):
            values.update(exercise=BREATHE, pattern=choice.split(":", 1)[1])
        else:
            values["exercise"] = choice
        values["per_week"] = _whole(p, "per_week", TIMES_A_WEEK, _(
            "Choose from %(low)d to %(high)d times a week.", low=TIMES_A_WEEK[0],
            high=TIMES_A_WEEK[1]))
    elif kind == "checks":
        check = (one_text(data, "check_kind") or "").strip()
        if check not in CHECK_KINDS or check == "other":
            p.fail("check_kind", _("Choose a kind of check from the ledger."))
        values["check_kind"] = check
        values["per_week"] = _whole(p, "per_week", CHECKS_MAX, _(
            "Choose a weekly limit from %(low)d to %(high)d.", low=CHECKS_MAX[0],
            high=CHECKS_MAX[1]))
    elif kind == "experiment":
        template = (one_text(data, "experiment") or "").strip()
        if template and template not in TEMPLATES:
            p.fail("experiment", _("Choose an experiment from the list, or any."))
        values["experiment"] = template
    if p.errors:
        raise ValidationFailed(p.errors)
    return {**values, "weeks": weeks, "starts_on": starts}
