"""The checking ledger: checks and reassurance urges, and the urge timer's answer.
Services for the signed-in owner; they flush, the view commits once. Every query
goes through webapp.ownership, so another person's check is never found."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, cast
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from sqlalchemy import case, func
from sqlalchemy.orm import Session

from webapp.db import utcnow
from webapp.diary.models import Screening
from webapp.ownership import (
    Account,
    create_once,
    edit_versioned,
    owned,
    owned_one,
    put_in_bin,
    take_from_bin,
)
from webapp.recovery.models import CheckItem
from webapp.recovery.parsing import KINDS, parse_check
from webapp.validation import parse_uuid

UNDO_WINDOW = timedelta(minutes=10)
# A wait whose answer never came is offered again for this long after it ended.
OPEN_TIMER_FOR = timedelta(hours=12)


def no_id() -> str:
    return _("This check has no valid id. Reload the page.")


def check_for(db: Session, user: Account, key: Any, include_deleted: bool = False
              ) -> CheckItem | None:
    """The owner's check, or None (someone else's is simply not found)."""
    live = () if include_deleted else (CheckItem.deleted_at.is_(None),)
    return owned_one(db, CheckItem, user, key, *live)


def create_check(db: Session, user: Any, key: Any, data: Mapping[str, Any]
                 ) -> tuple[CheckItem, bool]:
    """Owner only: log a check or urge. The same UUID again returns the stored one."""
    found = parse_uuid(key, no_id())
    return create_once(db, CheckItem, user, found,
                       lambda: parse_check(data, user.timezone, utcnow()))


def check_values(check: CheckItem) -> dict[str, Any]:
    """A stored check as form values, its time in its own zone."""
    local = check.occurred_at.astimezone(ZoneInfo(check.timezone))
    return {
        "uuid": str(check.uuid), "version": check.version, "kind": check.kind,
        "other_text": check.other_text, "urge": "" if check.urge is None else check.urge,
        "outcome": check.outcome or "", "occurred_at": local.strftime("%Y-%m-%dT%H:%M"),
        "action": "wait" if check.timer_minutes else "save",
        "timer_minutes": check.timer_minutes or "", "timer_result": check.timer_result or "",
    }


def _stored_values(check: CheckItem) -> dict[str, Any]:
    """What an edit that leaves a field out keeps: the stored value, to the second."""
    return {**check_values(check), "occurred_at": check.occurred_at.isoformat()}


def update_check(db: Session, user: Account, key: Any, base_version: int | None,
                 data: Mapping[str, Any]) -> CheckItem:
    """Owner only: change a check. Fields left out keep their stored values (the
    timer's answer alone is an edit too). An older base_version raises StaleEdit
    and changes nothing; LookupError when there is no such check."""
    check = check_for(db, user, key)
    if check is None:
        raise LookupError("no such check")
    sent = {k: v for k, v in data.items() if k not in ("uuid", "version", "owner")}
    if "kind" in sent and sent.get("kind") != "other" and "other_text" not in sent:
        sent["other_text"] = ""
    if sent.get("action") == "save" and "timer_minutes" not in sent:
        sent["timer_result"] = ""  # no wait any more, so no answer to one
    return edit_versioned(db, check, base_version, lambda: parse_check(
        {**_stored_values(check), **sent}, check.timezone, utcnow()))


def delete_check(db: Session, user: Account, check: CheckItem) -> None:
    """Owner only: hide the check; it can be restored for UNDO_WINDOW."""
    put_in_bin(db, CheckItem, user, check, UNDO_WINDOW)


def restore_check(db: Session, user: Account, key: Any) -> CheckItem | None:
    """Owner only: undo a recent delete. None when too late or not theirs."""
    return take_from_bin(db, check_for(db, user, key, include_deleted=True), UNDO_WINDOW)


def open_timer(db: Session, user: Account) -> CheckItem | None:
    """The owner's latest wait that has no answer yet, while it is still worth asking."""
    return db.scalar(owned(CheckItem, user).where(
        CheckItem.deleted_at.is_(None), CheckItem.timer_minutes.isnot(None),
        CheckItem.timer_result.is_(None),
        CheckItem.postponed_until > utcnow() - OPEN_TIMER_FOR,
    ).order_by(CheckItem.occurred_at.desc()).limit(1))


def recent_checks(db: Session, user: Account, since: date, limit: int = 50) -> list[CheckItem]:
    """The owner's checks from local day ``since`` on, newest first."""
    return list(db.scalars(owned(CheckItem, user).where(
        CheckItem.deleted_at.is_(None), CheckItem.local_day >= since,
    ).order_by(CheckItem.occurred_at.desc()).limit(limit)))


@dataclass(frozen=True)
class WeekCounts:
    logged: int
    resisted: int
    waited: int


def week_counts(db: Session, user: Account, since: date) -> WeekCounts:
    """How many checks and urges since ``since``, how many were let pass, and how
    many were waited out: one aggregate query."""
    row = db.execute(owned(CheckItem, user).with_only_columns(
        func.count(),
        func.coalesce(func.sum(case((CheckItem.outcome == "resisted", 1), else_=0)), 0),
        func.coalesce(func.sum(case((CheckItem.timer_minutes.isnot(None), 1), else_=0)), 0),
    ).where(CheckItem.deleted_at.is_(None), CheckItem.local_day >= since)).one()
    return WeekCounts(int(row[0]), int(row[1]), int(row[2]))


def counts_by_kind(db: Session, user: Account, since: date) -> list[tuple[str, int, int]]:
    """(kind, logged, let pass) since ``since``, in the ledger's order of kinds."""
    rows = db.execute(owned(CheckItem, user).with_only_columns(
        CheckItem.kind, func.count(),
        func.coalesce(func.sum(case((CheckItem.outcome == "resisted", 1), else_=0)), 0),
    ).where(CheckItem.deleted_at.is_(None), CheckItem.local_day >= since)
        .group_by(CheckItem.kind))
    found = {kind: (cast(int, n), cast(int, resisted)) for kind, n, resisted in rows}
    return [(kind, *found[kind]) for kind in KINDS if kind in found]


def note_screening(db: Session, user: Any, screening: Screening, created: bool
                   ) -> CheckItem | None:
    """Owner only: a screener retaken by choice (not the first time, nor a prompt
    Steady made) counts as a check in the ledger, once: its UUID is the screening's."""
    if not created or screening.reason != "manual":
        return None
    earlier = db.scalar(owned(Screening, user).with_only_columns(func.count())
                        .where(Screening.id != screening.id))
    if not earlier:
        return None
    values = {"kind": "screener", "outcome": "acted",
              "occurred_at": screening.answered_at.isoformat()}
    check, _created = create_once(db, CheckItem, user, screening.uuid,
                                  lambda: parse_check(values, user.timezone, utcnow()))
    return check
