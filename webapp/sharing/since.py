"""The therapist's client page, "since the last session": which days it covers,
and what happened in them beyond the diary's trend: red-flag answers of "yes",
exercise practice and the checks ledger, each only if the client shares it.

One grouped statement (UNION ALL) for all three, so the page costs the design's
five plus the access-log write and this one (7; see tests/sharing)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import Float, Integer, String, case, cast, func, literal, null, union_all
from sqlalchemy.orm import Session

from webapp.auth.models import User
from webapp.diary.models import Screening
from webapp.exercises.models import ExerciseSession
from webapp.insights.queries import Period
from webapp.ownership import owned
from webapp.recovery.models import CheckItem
from webapp.recovery.parsing import KINDS
from webapp.sharing.models import Share
from webapp.validation import ValidationFailed

LONGEST = 366  # days a page can cover
DEFAULT_DAYS = 30


@dataclass
class Activity:
    flags: list[tuple[datetime, list[str]]] = field(default_factory=list)
    exercises: list[tuple[str, str | None, int, float | None]] = field(default_factory=list)
    checks: list[tuple[str, int, int]] = field(default_factory=list)


def period_for(share: Share, since_arg: str | None, today: date) -> tuple[Period, str]:
    """The days the page covers, and how they were chosen: "asked" (a date in the
    address), "session" (from the last session on) or "default" (the last 30 days).
    A bad or out-of-range date in the address falls back quietly."""
    if since_arg:
        try:
            start = date.fromisoformat(since_arg[:10])
        except ValueError:
            start = None
        if start is not None and today - timedelta(days=LONGEST) <= start <= today:
            return Period(start, today), "asked"
    if share.last_session_on is not None and share.last_session_on <= today:
        start = max(share.last_session_on, today - timedelta(days=LONGEST))
        return Period(start, today), "session"
    return Period.last(DEFAULT_DAYS, today), "default"


def session_date(raw: Any, today: date) -> date | None:
    """The one parser for the therapist's last-session date: a real date within
    the last year, not in the future; blank clears it."""
    text = str(raw or "").strip()
    if not text:
        return None
    try:
        day = date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        day = None
    if day is None:
        raise ValidationFailed({"last_session_on": _("Enter the date of the session, like "
                                                     "%(example)s.", example=today.isoformat())})
    if day > today:
        raise ValidationFailed({"last_session_on": _("That date is in the future. Enter the "
                                                     "date of the last session you had.")})
    if day < today - timedelta(days=LONGEST):
        raise ValidationFailed({"last_session_on": _("Choose a session within the last year.")})
    return day


def activity(db: Session, share: Share, person: User, period: Period) -> Activity:
    """Therapist, for an active share: red flags, practice and checks in ``period``,
    for the parts the client shares. Reads only, one statement (none if nothing
    of the three is shared)."""
    start = datetime.combine(period.start, time.min, tzinfo=UTC)
    parts: list[Any] = []
    if share.share_screenings:
        parts.append(owned(Screening, person).with_only_columns(
            literal("flag").label("kind"), Screening.yes_flags.label("key"),
            cast(null(), String).label("extra"), Screening.answered_at.label("at"),
            cast(literal(1), Integer).label("n"), cast(null(), Float).label("value"))
            .where(Screening.yes_flags != ",", Screening.answered_at >= start))
    if share.share_exercises:
        s = ExerciseSession
        parts.append(owned(s, person).with_only_columns(
            literal("exercise"), s.exercise, s.pattern, func.max(s.started_at),
            func.count(), cast(func.avg(s.anxiety_before - s.anxiety_after), Float))
            .where(s.started_at >= start).group_by(s.exercise, s.pattern))
    if share.share_recovery:
        c = CheckItem
        parts.append(owned(c, person).with_only_columns(
            literal("check"), c.kind, cast(null(), String), func.max(c.occurred_at),
            func.count(), cast(func.sum(case((c.outcome == "resisted", 1), else_=0)), Float))
            .where(c.deleted_at.is_(None), c.local_day >= period.start).group_by(c.kind))
    found = Activity()
    if not parts:
        return found
    rows: list[Any] = list(db.execute(union_all(*parts)))  # six columns of a UNION
    for kind, key, extra, at, n, value in rows:
        if kind == "flag":
            found.flags.append((at, [k for k in key.strip(",").split(",") if k]))
        elif kind == "exercise":
            found.exercises.append((key, extra, n, value))
        elif kind == "check":
            found.checks.append((key, n, int(value or 0)))
    found.flags.sort(key=lambda f: f[0], reverse=True)
    order = {k: i for i, k in enumerate(KINDS)}
    found.checks.sort(key=lambda c: order.get(c[0], len(order)))
    found.exercises.sort(key=lambda e: -e[2])
    return found
