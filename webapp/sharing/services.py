"""Sharing operations. They flush; the view commits once. Every query names the
acting user, so a share that is not yours, or is revoked, is never found. A
therapist reads a client's records only through an active share, scoped (by
webapp.ownership) to the person the share names."""
from __future__ import annotations

import secrets
from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from webapp.auth.models import User
from webapp.db import utcnow
from webapp.diary.services import local_now
from webapp.ownership import owned, owned_record
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


MAX_END_DAYS = 2 * 366


def code_exists(db: Session, therapist: User) -> bool:
    return db.get(TherapistCode, therapist.id) is not None


def scopes_from(data: Mapping[str, Any]) -> dict[str, bool]:
    chosen = {f"share_{s}": data.get(s) in ("y", "on", "true", "1", True) for s in SCOPES}
    if not any(chosen.values()):
        raise ValidationFailed({"scopes": _("Choose at least one part of your diary to share.")})
    return chosen


def share_with_code(db: Session, person: User, code: str, data: Mapping[str, Any]) -> Share:
    """Person only: start sharing with the therapist who owns the code."""
    errors: dict[str, str] = {}
    scopes: dict[str, bool] = {}
    ends_on = None
    try:
        scopes = scopes_from(data)
    except ValidationFailed as err:
        errors.update(err.errors)
    try:
        ends_on = end_date(data.get("ends_on"), person_today(person))
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
        set_end_day(existing, person, ends_on)
        db.flush()
        return existing
    share = owned_record(Share, person, therapist_id=therapist.id, **scopes)
    set_end_day(share, person, ends_on)
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


def person_today(person: User) -> date:
    """The person's own today: the day a share's end date is chosen and read in."""
    return local_now(person).date()


def set_end_day(share: Share, person: User, day: date | None) -> None:
    """Set (or clear) the share's last day, and the moment it ends: the midnight after
    it where the person lives. In California in winter, UTC's midnight is 4 pm: a
    share ending "today" stopped then, and in the evening "today" was refused."""
    share.ends_on = day
    share.ends_at = None if day is None else datetime.combine(
        day + timedelta(days=1), time(0), ZoneInfo(person.timezone)).astimezone(UTC)


def shared_with(therapist: User, *, include_ended: bool = False) -> Select[Share]:
    """The active shares made with ``therapist``: not revoked and, unless
    ``include_ended``, not past the end of their last day."""
    query = select(Share).where(Share.therapist_id == therapist.id, Share.revoked_at.is_(None))
    if not include_ended:
        query = query.where(or_(Share.ends_at.is_(None), Share.ends_at > utcnow()))
    return query


def client_share(db: Session, therapist: User, share_id: int) -> tuple[Share, User] | None:
    """Therapist only: a share made with them that the person has not revoked, and
    its person, whose records the therapist's pages then read as that person's
    (``owned``). An ended share is found too, so its page can say when it ended:
    the caller shows no data when ``share.ended()``."""
    row = db.execute(shared_with(therapist, include_ended=True).add_columns(User)
                     .join(User, User.id == Share.person_id)
                     .where(Share.id == share_id)).first()
    return None if row is None else (row[0], row[1])


def end_date(raw: Any, today: date) -> date | None:
    """The one parser for a share's end date: blank is no end; otherwise a real date
    from ``today`` (the person's) to two years ahead. ValidationFailed ("ends_on")."""
    text = str(raw or "").strip()
    if not text:
        return None
    try:
        day = date.fromisoformat(text[:10]) if len(text) == 10 else None
    except ValueError:
        day = None
    if day is None:
        raise ValidationFailed({"ends_on": _("Enter the end date as a date, like %(example)s.",
                                             example=(today + timedelta(days=60)).isoformat())})
    if day < today:
        raise ValidationFailed({"ends_on": _("The end date has passed. Choose today or a later "
                                             "day, or leave it empty for no end.")})
    if day > today + timedelta(days=MAX_END_DAYS):
        raise ValidationFailed({"ends_on": _("Choose an end date within two years. You can "
                                             "always move it later.")})
    return day


def set_end(db: Session, share: Share, person: User, raw: Any) -> None:
    """Person only (the share's owner): set, move or clear the day sharing ends."""
    set_end_day(share, person, end_date(raw, person_today(person)))
    db.flush()
