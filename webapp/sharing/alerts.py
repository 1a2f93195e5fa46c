"""Alerts on the therapist's client list: what happened since they last pressed
"seen" for a client. Cleared by "seen" (``Share.alerts_seen_at``), never by time.

Alerts come from a list of sources (``SOURCES``). A source is a SELECT of
(share_id, source, at, detail) over the shares it is given, and a function that
turns one row's ``detail`` into a level and the words the therapist reads. All
sources run as ONE statement (UNION ALL), so the client list stays within its
statement budget however many sources and clients there are.

To add a source (the measures room: PHQ-9 item 9, a reliable worsening, two
missed questionnaires in a row): write ``rows(targets)`` and ``describe(detail)``
like ``red_flags`` below and append ``AlertSource(...)`` to ``SOURCES`` (or call
``register``) once at start-up. ``targets`` has the columns ``share_id``,
``whose`` (the person's id), ``since`` (the seen time, or the epoch) and each ``share_<scope>``
flag: filter on the scope the source needs, and read the person's rows through
``webapp.ownership.owned_by`` with ``select(targets.c.whose)``."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Select, Subquery, func, literal, select, union_all
from sqlalchemy.orm import Session

from webapp.diary.models import Screening
from webapp.diary.redflags import sign_text
from webapp.ownership import owned_by, owner_column
from webapp.safety import signs
from webapp.sharing.models import SCOPES, Share

EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
LEVELS = (signs.EMERGENCY, signs.THIS_WEEK, signs.APPOINTMENT, "info")  # most urgent first


@dataclass(frozen=True)
class Alert:
    share_id: int
    source: str  # the AlertSource's name
    at: datetime
    level: str  # one of LEVELS; "emergency" is shown in red
    text: str


@dataclass(frozen=True)
class AlertSource:
    name: str
    rows: Callable[[Subquery], Select]  # (share_id, source, at, detail)
    describe: Callable[[str], tuple[str, str]]  # detail -> (level, text)


def _red_flag_rows(targets: Subquery) -> Select:
    """Red-flag screener answers of "yes" since the therapist last looked, from
    clients who share their screener answers."""
    found = owned_by(Screening, select(targets.c.whose)).join(
        targets, targets.c.whose == owner_column(Screening))
    return found.with_only_columns(
        targets.c.share_id, literal("red_flag").label("source"),
        Screening.answered_at.label("at"), Screening.yes_flags.label("detail"),
    ).where(targets.c.share_screenings.is_(True), Screening.yes_flags != ",",
            Screening.answered_at > targets.c.since)


def _red_flag_text(detail: str) -> tuple[str, str]:
    keys = [k for k in detail.strip(",").split(",") if k]
    by_key = signs.current().by_key
    urgencies = [by_key[k].urgency for k in keys if k in by_key] or [signs.APPOINTMENT]
    level = min(urgencies, key=signs.URGENCY_ORDER.index)
    return level, "; ".join(sign_text(k) for k in keys)


SOURCES: list[AlertSource] = [AlertSource("red_flag", _red_flag_rows, _red_flag_text)]


def register(source: AlertSource) -> None:
    """Add a source of alerts (once, at start-up)."""
    if all(s.name != source.name for s in SOURCES):
        SOURCES.append(source)


def targets_for(share_ids: Select) -> Subquery:
    """The shares to look at (``share_ids``: a select of Share.id), with the time
    each was last seen and its scope flags."""
    return select(
        Share.id.label("share_id"), Share.person_id.label("whose"),
        func.coalesce(Share.alerts_seen_at, EPOCH).label("since"),
        *(getattr(Share, f"share_{s}").label(f"share_{s}") for s in SCOPES),
    ).where(Share.id.in_(share_ids)).subquery("targets")


def collect(db: Session, share_ids: Select) -> dict[int, list[Alert]]:
    """Therapist pages: the unseen alerts of each share in ``share_ids`` (already
    limited to the therapist's active shares by the caller), most urgent first,
    then newest. One statement for every source and share."""
    if not SOURCES:
        return {}
    targets = targets_for(share_ids)
    by_name = {s.name: s for s in SOURCES}
    query = union_all(*(s.rows(targets) for s in SOURCES))
    alerts: dict[int, list[Alert]] = {}
    found_rows: Sequence[Any] = db.execute(query).all()  # four columns of a UNION
    for share_id, source, at, detail in found_rows:
        level, text = by_name[source].describe(detail)
        alerts.setdefault(share_id, []).append(Alert(share_id, source, at, level, text))
    for found in alerts.values():
        found.sort(key=lambda a: (LEVELS.index(a.level) if a.level in LEVELS else len(LEVELS),
                                  -a.at.timestamp()))
    return alerts


def alerts_for(db: Session, share: Share) -> list[Alert]:
    """Therapist, one active client: their unseen alerts."""
    return collect(db, select(literal(share.id))).get(share.id, [])


def highest(found: Sequence[Alert]) -> str | None:
    return found[0].level if found else None
