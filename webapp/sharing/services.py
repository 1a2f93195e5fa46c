"""Sharing operations. They flush; the view commits once. Every query names the
acting user, so a share that is not yours, or is revoked, is never found. A
therapist reads a client's records only through an active share, scoped (by
webapp.ownership) to the person the share names."""
from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import Session

from webapp.auth.models import User
from webapp.db import utcnow
from webapp.diary.models import Checkin, Entry
from webapp.ownership import owned, owned_by, owned_record, owner_column
from webapp.sharing.models import SCOPES, Share, TherapistCode
from webapp.validation import ValidationFailed

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread


def normalise_code(raw: str) -> str:
    return "".join(ch for ch in (raw or "").upper() if ch.isalnum())[:16]


def code_for(db: Session, therapist: User, rotate: bool = False) -> TherapistCode:
    """Therapist only: their current code, made on first use or when rotated."""
    record = db.get(TherapistCode, therapist.id)
    if record is None or rotate:
        code = "".join(secrets.choice(ALPHABET) for _ in range(8))
        if record is None:
            record = TherapistCode(therapist_id=therapist.id, code=code)
            db.add(record)
        else:
            record.code, record.created_at = code, utcnow()
        db.flush()
    return record


def scopes_from(data: Mapping[str, Any]) -> dict[str, bool]:
    chosen = {f"share_{s}": data.get(s) in ("y", "on", "true", "1", True) for s in SCOPES}
    if not any(chosen.values()):
        raise ValidationFailed({"scopes": _("Choose at least one part of your diary to share.")})
    return chosen


def share_with_code(db: Session, person: User, code: str, data: Mapping[str, Any]) -> Share:
    """Person only: start sharing with the therapist who owns the code."""
    errors: dict[str, str] = {}
    scopes: dict[str, bool] = {}
    try:
        scopes = scopes_from(data)
    except ValidationFailed as err:
        errors.update(err.errors)
    row = db.execute(select(TherapistCode, User).join(User, User.id == TherapistCode.therapist_id)
                     .where(TherapistCode.code == normalise_code(code),
                            User.role == "therapist")).first()
    if row is None:
        errors["code"] = _("No therapist has this code. Check it with your therapist; "
                           "it has 8 letters and numbers.")
    if errors or row is None:
        raise ValidationFailed(errors)
    therapist = row[1]
    existing = active_share(db, person, therapist.id)
    if existing is not None:
        for name, value in scopes.items():
            setattr(existing, name, value)
        db.flush()
        return existing
    share = owned_record(Share, person, therapist_id=therapist.id, **scopes)
    db.add(share)
    db.flush()
    return share


def active_share(db: Session, person: User, therapist_id: int) -> Share | None:
    return db.scalar(owned(Share, person).where(Share.therapist_id == therapist_id,
                                                Share.revoked_at.is_(None)))


def my_shares(db: Session, person: User) -> list[tuple[Share, User]]:
    """Person only: their active shares with each therapist."""
    rows = db.execute(owned(Share, person).with_only_columns(Share, User)
                      .join(User, User.id == Share.therapist_id)
                      .where(Share.revoked_at.is_(None)).order_by(Share.created_at))
    return [(share, therapist) for share, therapist in rows]


def owned_share(db: Session, person: User, share_id: int) -> Share | None:
    return db.scalar(owned(Share, person).where(Share.id == share_id,
                                                Share.revoked_at.is_(None)))


def update_scopes(db: Session, share: Share, data: Mapping[str, Any]) -> None:
    """Person only (the share's owner): change what the therapist sees, at once."""
    for name, value in scopes_from(data).items():
        setattr(share, name, value)
    db.flush()


def revoke(db: Session, share: Share) -> None:
    """Person only (the share's owner): the therapist loses access immediately."""
    share.revoked_at = utcnow()
    db.flush()


def _shared_with(therapist: User) -> Select[Share]:
    """The active shares made with ``therapist``."""
    return select(Share).where(Share.therapist_id == therapist.id, Share.revoked_at.is_(None))


def client_share(db: Session, therapist: User, share_id: int) -> tuple[Share, User] | None:
    """Therapist only: an active share made with them, and its person, whose
    records the therapist's pages then read as that person's (``owned``)."""
    row = db.execute(_shared_with(therapist).add_columns(User)
                     .join(User, User.id == Share.person_id)
                     .where(Share.id == share_id)).first()
    return None if row is None else (row[0], row[1])


def client_trends(db: Session, therapist: User) -> list[dict[str, Any]]:
    """Therapist only: per active client, twitches in the last 30 days against
    the 30 before, average intensity, check-in anxiety and the last log. Two
    grouped queries over the records of the people sharing with them; parts the
    client did not share come back as None."""
    now = utcnow()
    recent, previous = now - timedelta(days=30), now - timedelta(days=60)
    sharing = _shared_with(therapist).with_only_columns(Share.person_id)
    entry_owner = owner_column(Entry)
    entries = (owned_by(Entry, sharing.where(Share.share_twitches.is_(True)))
               .with_only_columns(
                   entry_owner.label("uid"),
                   func.sum(case((Entry.occurred_at >= recent, 1), else_=0)).label("recent"),
                   func.sum(case((Entry.occurred_at < recent, 1), else_=0)).label("previous"),
                   func.avg(Entry.intensity).label("intensity"),
                   func.max(Entry.occurred_at).label("last"))
               .where(Entry.deleted_at.is_(None), Entry.occurred_at >= previous)
               .group_by(entry_owner).subquery())
    rows: Sequence[Any] = db.execute(  # six columns: past what the stubs can type
        _shared_with(therapist)
        .add_columns(User, entries.c.recent, entries.c.previous, entries.c.intensity,
                     entries.c.last)
        .join(User, User.id == Share.person_id)
        .outerjoin(entries, entries.c.uid == Share.person_id)
        .order_by(User.display_name)).all()
    checkin_owner = owner_column(Checkin)
    anxiety: dict[int, Any] = dict(db.execute(
        owned_by(Checkin, sharing.where(Share.share_checkins.is_(True)))
        .with_only_columns(checkin_owner, func.avg(Checkin.anxiety))
        .where(Checkin.day >= recent.date())
        .group_by(checkin_owner)).all())
    clients = []
    for share, person, recent_n, previous_n, intensity, last in rows:
        twitches = share.share_twitches
        clients.append({
            "share": share, "person": person,
            "recent": (recent_n or 0) if twitches else None,
            "previous": (previous_n or 0) if twitches else None,
            "intensity": intensity if twitches else None,
            "last": last if twitches else None,
            "anxiety": anxiety.get(person.id) if share.share_checkins else None,
        })
    return clients
