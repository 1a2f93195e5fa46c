"""The access log: every view or export of a person's shared diary by a therapist
leaves a row the person reads on /share. Rows are only ever added (``record``);
nothing edits or deletes one, and deleting the person's account removes them
(ON DELETE CASCADE, and the account deletion's sweep of person_id tables).

Every therapist page that reads a client's records calls ``record`` (or
``record_each`` for a page about several clients) before it renders:
tests/sharing/test_access_log.py walks every therapist route in the URL map and
fails for a read that leaves no row."""
from __future__ import annotations

from collections.abc import Sequence

from flask import Flask
from flask_babel import lazy_gettext as _l
from sqlalchemy import insert
from sqlalchemy.orm import Session

from webapp.auth.models import User
from webapp.db import utcnow
from webapp.ownership import owned
from webapp.portability.registry import register_read_only_section
from webapp.sharing.models import AccessLog, Share

# What a row says was read; the measures room adds "measures", an export "export".
PARTS = {
    "dashboard": _l("Client list: trends and alerts"),
    "summary": _l("Your diary since the last session"),
    "safety": _l("Red-flag answers and what helps"),
    "measures": _l("Questionnaires"),
    "practice": _l("Practice your therapist assigned"),
    "export": _l("A download of your shared diary"),
}
PAGE_SIZE = 20


def record(db: Session, share: Share, therapist: User, part: str) -> None:
    """A therapist's page, about to show ``share``'s records: log it. Flushes (one
    INSERT); the view commits."""
    record_each(db, [share], therapist, part)


def record_each(db: Session, shares: Sequence[Share], therapist: User, part: str) -> None:
    """Like ``record`` for a page about several clients: one INSERT for all."""
    if part not in PARTS:
        raise ValueError(f"unknown access-log part {part!r}")
    if not shares:
        return
    at = utcnow()
    db.execute(insert(AccessLog), [
        {"person_id": share.person_id, "share_id": share.id, "viewer_id": therapist.id,
         "viewer_name": therapist.display_name[:80], "part": part, "at": at}
        for share in shares])


def log_for(db: Session, person: User, page: int = 0) -> tuple[list[AccessLog], bool]:
    """The person only: their access-log rows, newest first, a page at a time, and
    whether an older page exists."""
    page = max(0, min(page, 10_000))
    rows = list(db.scalars(owned(AccessLog, person)
                           .order_by(AccessLog.at.desc(), AccessLog.id.desc())
                           .offset(page * PAGE_SIZE).limit(PAGE_SIZE + 1)))
    return rows[:PAGE_SIZE], len(rows) > PAGE_SIZE


def part_label(part: str) -> str:
    label = PARTS.get(part)
    return str(label) if label is not None else part


def export_rows(db: Session, person: User) -> list[dict[str, str | None]]:
    """The person's export: their access log, oldest first, read-only (the import
    never reads it back: a file must not be able to write who looked when)."""
    rows = db.scalars(owned(AccessLog, person).order_by(AccessLog.at, AccessLog.id))
    return [{"viewer": row.viewer_name, "part": row.part, "at": row.at.isoformat()}
            for row in rows]


def register_export(app: Flask) -> None:
    register_read_only_section(app, "access_log", export_rows)
